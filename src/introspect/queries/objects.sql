-- godwit: every aggregate, cast, rule, server, foreign table, publication, operator, event trigger,
-- extended statistics, collation, text search configuration/dictionary, foreign data wrapper,
-- user mapping, conversion, operator class/family and procedural language, with a definition that
-- recreates it.  $1 text[] = the managed schema names.  Run under SET LOCAL search_path = public
-- (and the other godwit session settings); names outside public then print schema-qualified.
-- Objects this query creates are always written schema-qualified; functions, types and operators
-- they reference print as regproc/regtype/regoperator/format_type print them.
WITH
ext AS (      -- members of extensions, never listed
  SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
),
agg AS (
  SELECT p.oid, n.nspname, p.proname, p.pronargs, p.proargtypes, p.provariadic, p.proparallel, a.*,
         pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) AS qname
  FROM pg_catalog.pg_aggregate a
  JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ext.objid = p.oid)
),
agg_rows AS (
  SELECT 'aggregate'::text AS kind, a.nspname::text AS schema,
         a.qname || '(' ||
         CASE WHEN a.pronargs = 0 THEN '*' ELSE
           (SELECT pg_catalog.string_agg(
                     CASE WHEN a.aggkind <> 'n' AND i = a.aggnumdirectargs
                          THEN CASE WHEN i > 0 THEN ' ORDER BY ' ELSE 'ORDER BY ' END
                          WHEN i > 0 THEN ', ' ELSE '' END
                     || CASE WHEN a.provariadic <> 0 AND i = a.pronargs - 1 THEN 'VARIADIC ' ELSE '' END
                     || pg_catalog.format_type(a.proargtypes[i], NULL), '' ORDER BY i)
              FROM pg_catalog.generate_series(0, a.pronargs - 1) AS i)
           -- a variadic ordered-set aggregate whose direct and aggregated args are the same list
           || CASE WHEN a.aggkind <> 'n' AND a.aggnumdirectargs = a.pronargs
                   THEN ' ORDER BY ' || CASE WHEN a.provariadic <> 0 THEN 'VARIADIC ' ELSE '' END
                        || pg_catalog.format_type(a.proargtypes[a.pronargs - 1], NULL)
                   ELSE '' END
         END || ')' AS name,
         a.oid, 'pg_proc'::text AS catalog,
         'CREATE AGGREGATE ' || a.qname || '('
         || CASE WHEN a.pronargs = 0 THEN '*' ELSE pg_catalog.pg_get_function_arguments(a.oid) END || E') (\n'
         || '    SFUNC = ' || a.aggtransfn::pg_catalog.text
         || E',\n    STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL)
         || CASE WHEN a.aggtransspace <> 0 THEN E',\n    SSPACE = ' || a.aggtransspace ELSE '' END
         || CASE WHEN a.agginitval IS NOT NULL THEN E',\n    INITCOND = ' || pg_catalog.quote_literal(a.agginitval) ELSE '' END
         || CASE WHEN a.aggfinalfn <> 0 THEN
              E',\n    FINALFUNC = ' || a.aggfinalfn::pg_catalog.text
              || CASE WHEN a.aggfinalextra THEN E',\n    FINALFUNC_EXTRA' ELSE '' END
              || CASE WHEN a.aggfinalmodify <> CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END
                      THEN E',\n    FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END
                      ELSE '' END
            ELSE '' END
         || CASE WHEN a.aggcombinefn <> 0 THEN E',\n    COMBINEFUNC = ' || a.aggcombinefn::pg_catalog.text ELSE '' END
         || CASE WHEN a.aggserialfn <> 0 THEN E',\n    SERIALFUNC = ' || a.aggserialfn::pg_catalog.text ELSE '' END
         || CASE WHEN a.aggdeserialfn <> 0 THEN E',\n    DESERIALFUNC = ' || a.aggdeserialfn::pg_catalog.text ELSE '' END
         || CASE WHEN a.aggmtransfn <> 0 THEN
              E',\n    MSFUNC = ' || a.aggmtransfn::pg_catalog.text
              || E',\n    MINVFUNC = ' || a.aggminvtransfn::pg_catalog.text
              || E',\n    MSTYPE = ' || pg_catalog.format_type(a.aggmtranstype, NULL)
            ELSE '' END
         || CASE WHEN a.aggmtransspace <> 0 THEN E',\n    MSSPACE = ' || a.aggmtransspace ELSE '' END
         || CASE WHEN a.aggminitval IS NOT NULL THEN E',\n    MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval) ELSE '' END
         || CASE WHEN a.aggmfinalfn <> 0 THEN
              E',\n    MFINALFUNC = ' || a.aggmfinalfn::pg_catalog.text
              || CASE WHEN a.aggmfinalextra THEN E',\n    MFINALFUNC_EXTRA' ELSE '' END
              || CASE WHEN a.aggmfinalmodify <> CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END
                      THEN E',\n    MFINALFUNC_MODIFY = ' || CASE a.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END
                      ELSE '' END
            ELSE '' END
         || COALESCE((SELECT E',\n    SORTOP = OPERATOR(' || pg_catalog.quote_ident(son.nspname) || '.' || so.oprname || ')'
                        FROM pg_catalog.pg_operator so JOIN pg_catalog.pg_namespace son ON son.oid = so.oprnamespace
                       WHERE so.oid = a.aggsortop), '')
         || CASE WHEN a.aggkind = 'h' THEN E',\n    HYPOTHETICAL' ELSE '' END
         || CASE a.proparallel WHEN 's' THEN E',\n    PARALLEL = safe' WHEN 'r' THEN E',\n    PARALLEL = restricted' ELSE '' END
         || E'\n)' AS definition
  FROM agg a
),
cast_rows AS (
  SELECT 'cast'::text, NULL::text,
         '(' || pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL) || ')',
         c.oid, 'pg_cast'::text,
         'CREATE CAST (' || pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL) || ') '
         || CASE c.castmethod WHEN 'b' THEN 'WITHOUT FUNCTION' WHEN 'i' THEN 'WITH INOUT'
                 ELSE 'WITH FUNCTION ' || c.castfunc::pg_catalog.regprocedure::pg_catalog.text END
         || CASE c.castcontext WHEN 'a' THEN ' AS ASSIGNMENT' WHEN 'i' THEN ' AS IMPLICIT' ELSE '' END
  FROM pg_catalog.pg_cast c
  JOIN pg_catalog.pg_type st ON st.oid = c.castsource
  JOIN pg_catalog.pg_type tt ON tt.oid = c.casttarget
  LEFT JOIN pg_catalog.pg_proc cf ON cf.oid = c.castfunc
  WHERE c.oid >= 16384
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND ext.objid = c.oid)
    -- the range -> multirange casts CREATE TYPE ... AS RANGE makes by itself (pg_dump skips them too)
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_range r WHERE r.rngtypid = c.castsource AND r.rngmultitypid = c.casttarget)
    -- a cast is kept when its source type, target type or function lies in a managed schema,
    -- or when everything it names is built in (pg_catalog)
    AND (   (SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = st.typnamespace) = ANY ($1)
         OR (SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = tt.typnamespace) = ANY ($1)
         OR (SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = cf.pronamespace) = ANY ($1)
         OR (st.typnamespace = 'pg_catalog'::pg_catalog.regnamespace AND tt.typnamespace = 'pg_catalog'::pg_catalog.regnamespace
             AND COALESCE(cf.pronamespace = 'pg_catalog'::pg_catalog.regnamespace, true)))
),
rule_rows AS (
  SELECT 'rule'::text, n.nspname::text,
         pg_catalog.quote_ident(r.rulename) || ' ON ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
         r.oid, 'pg_rewrite'::text,
         pg_catalog.regexp_replace(pg_catalog.pg_get_ruledef(r.oid), ';\s*$', '')
         || CASE r.ev_enabled WHEN 'O' THEN '' ELSE
              E';\nALTER TABLE ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
              || CASE r.ev_enabled WHEN 'D' THEN ' DISABLE RULE ' WHEN 'A' THEN ' ENABLE ALWAYS RULE ' ELSE ' ENABLE REPLICA RULE ' END
              || pg_catalog.quote_ident(r.rulename) END
  FROM pg_catalog.pg_rewrite r
  JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1)
    AND r.oid >= 16384
    AND NOT (r.rulename = '_RETURN' AND c.relkind IN ('v', 'm'))   -- a view's own query
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND ext.objid = r.oid)
    -- nor rules of an extension's table or view (pg_dump does not dump those)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ext.objid = c.oid)
),
fdw_rows AS (
  SELECT 'foreign data wrapper'::text, NULL::text, pg_catalog.quote_ident(w.fdwname), w.oid, 'pg_foreign_data_wrapper'::text,
         'CREATE FOREIGN DATA WRAPPER ' || pg_catalog.quote_ident(w.fdwname)
         || CASE WHEN w.fdwhandler <> 0 THEN ' HANDLER ' || w.fdwhandler::pg_catalog.regproc::pg_catalog.text ELSE '' END
         || CASE WHEN w.fdwvalidator <> 0 THEN ' VALIDATOR ' || w.fdwvalidator::pg_catalog.regproc::pg_catalog.text ELSE '' END
         || COALESCE(E' OPTIONS (\n    ' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || ' ' || pg_catalog.quote_literal(o.option_value), E',\n    ' ORDER BY o.ord)
                                            FROM pg_catalog.pg_options_to_table(w.fdwoptions) WITH ORDINALITY AS o(option_name, option_value, ord)) || E'\n)', '')
  FROM pg_catalog.pg_foreign_data_wrapper w
  WHERE w.oid >= 16384
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass AND ext.objid = w.oid)
),
server_rows AS (
  SELECT 'server'::text, NULL::text, pg_catalog.quote_ident(s.srvname), s.oid, 'pg_foreign_server'::text,
         'CREATE SERVER ' || pg_catalog.quote_ident(s.srvname)
         || CASE WHEN s.srvtype IS NOT NULL THEN ' TYPE ' || pg_catalog.quote_literal(s.srvtype) ELSE '' END
         || CASE WHEN s.srvversion IS NOT NULL THEN ' VERSION ' || pg_catalog.quote_literal(s.srvversion) ELSE '' END
         || ' FOREIGN DATA WRAPPER ' || pg_catalog.quote_ident(w.fdwname)
         || COALESCE(E' OPTIONS (\n    ' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || ' ' || pg_catalog.quote_literal(o.option_value), E',\n    ' ORDER BY o.ord)
                                            FROM pg_catalog.pg_options_to_table(s.srvoptions) WITH ORDINALITY AS o(option_name, option_value, ord)) || E'\n)', '')
  FROM pg_catalog.pg_foreign_server s
  JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
  WHERE s.oid >= 16384
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass AND ext.objid = s.oid)
),
usermap_rows AS (   -- pg_user_mappings (the view) shows umoptions only to those allowed to see them
  SELECT 'user mapping'::text, NULL::text,
         CASE WHEN um.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(um.usename) END || ' SERVER ' || pg_catalog.quote_ident(um.srvname),
         um.umid, 'pg_user_mapping'::text,
         'CREATE USER MAPPING FOR ' || CASE WHEN um.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(um.usename) END
         || ' SERVER ' || pg_catalog.quote_ident(um.srvname)
         || COALESCE(E' OPTIONS (\n    ' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || ' ' || pg_catalog.quote_literal(o.option_value), E',\n    ' ORDER BY o.ord)
                                            FROM pg_catalog.pg_options_to_table(um.umoptions) WITH ORDINALITY AS o(option_name, option_value, ord)) || E'\n)', '')
  FROM pg_catalog.pg_user_mappings um
  WHERE um.umid >= 16384
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_user_mapping'::pg_catalog.regclass AND ext.objid = um.umid)
),
ftab AS (
  SELECT c.oid, n.nspname, c.relname, c.relispartition, c.relpartbound, s.srvname, f.ftoptions,
         pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS qname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_foreign_table f ON f.ftrelid = c.oid
  JOIN pg_catalog.pg_foreign_server s ON s.oid = f.ftserver
  WHERE c.relkind = 'f' AND n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ext.objid = c.oid)
),
fcol AS (   -- the columns of those foreign tables, with what they would inherit from their parents
  SELECT t.oid AS relid, a.attnum, a.attname, a.attnotnull, a.atthasdef, a.attgenerated, a.attstattarget, a.attstorage,
         a.attoptions, a.attfdwoptions, a.attinhcount,
         pg_catalog.quote_ident(a.attname) AS qcol,
         -- printed in the column list of CREATE FOREIGN TABLE (else it comes from INHERITS / PARTITION OF)
         (a.attislocal AND NOT t.relispartition) AS printed,
         pg_catalog.format_type(a.atttypid, a.atttypmod) AS typ,
         CASE WHEN a.attcollation <> ty.typcollation THEN
           (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
              FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
             WHERE co.oid = a.attcollation) END AS coll,
         pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS defexpr,
         ty.typstorage,
         (SELECT pg_catalog.pg_get_expr(pd.adbin, pd.adrelid)
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
            JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
           WHERE i.inhrelid = t.oid ORDER BY i.inhseqno LIMIT 1) AS parentdef,
         EXISTS (SELECT FROM pg_catalog.pg_inherits i
                 JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
                 WHERE i.inhrelid = t.oid AND pa.attnotnull) AS parentnotnull,
         (SELECT pa.attstorage FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
           WHERE i.inhrelid = t.oid ORDER BY i.inhseqno LIMIT 1) AS parentstorage
  FROM ftab t
  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
),
ftab_rows AS (
  SELECT 'foreign table'::text, t.nspname::text, t.qname, t.oid, 'pg_class'::text,
         'CREATE FOREIGN TABLE ' || t.qname
         || CASE WHEN t.relispartition THEN
              ' PARTITION OF ' || (SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname)
                                     FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                                     JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                                    WHERE i.inhrelid = t.oid)
            ELSE '' END
         || CASE WHEN t.relispartition AND els.items IS NULL THEN '' ELSE E' (\n' || COALESCE(els.items || E'\n', '') || ')' END
         || CASE WHEN t.relispartition THEN E'\n' || pg_catalog.pg_get_expr(t.relpartbound, t.oid)
            ELSE COALESCE(E'\nINHERITS (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname), ', ' ORDER BY i.inhseqno)
                                               FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                                               JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                                              WHERE i.inhrelid = t.oid) || ')', '') END
         || E'\nSERVER ' || pg_catalog.quote_ident(t.srvname)
         || COALESCE(E'\nOPTIONS (\n    ' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || ' ' || pg_catalog.quote_literal(o.option_value), E',\n    ' ORDER BY o.ord)
                                             FROM pg_catalog.pg_options_to_table(t.ftoptions) WITH ORDINALITY AS o(option_name, option_value, ord)) || E'\n)', '')
         || COALESCE(post.stmts, '')
  FROM ftab t
  CROSS JOIN LATERAL (
    SELECT pg_catalog.string_agg(item, E',\n' ORDER BY grp, ordn, ords) AS items FROM (
      SELECT 1 AS grp, c.attnum::int AS ordn, ''::text AS ords,
             '    ' || c.qcol || ' ' || c.typ
             || COALESCE(' OPTIONS (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || ' ' || pg_catalog.quote_literal(o.option_value), ', ' ORDER BY o.ord)
                                           FROM pg_catalog.pg_options_to_table(c.attfdwoptions) WITH ORDINALITY AS o(option_name, option_value, ord)) || ')', '')
             || COALESCE(' COLLATE ' || c.coll, '')
             || CASE WHEN c.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || c.defexpr || ') STORED'
                     WHEN c.defexpr IS NOT NULL THEN ' DEFAULT ' || c.defexpr ELSE '' END
             || CASE WHEN c.attnotnull THEN ' NOT NULL' ELSE '' END AS item
        FROM fcol c WHERE c.relid = t.oid AND c.printed
      UNION ALL
      SELECT 2, 0, k.conname::text, '    CONSTRAINT ' || pg_catalog.quote_ident(k.conname) || ' ' || pg_catalog.pg_get_constraintdef(k.oid)
        FROM pg_catalog.pg_constraint k
       WHERE k.conrelid = t.oid AND k.contype = 'c' AND k.conislocal AND k.convalidated
    ) x
  ) els
  CROSS JOIN LATERAL (
    SELECT pg_catalog.string_agg(stmt, '' ORDER BY grp, ordn, ords) AS stmts FROM (
      -- columns that come from a parent: what differs from what they inherit
      SELECT 1 AS grp, c.attnum::int AS ordn, 1::text AS ords,
             E';\nALTER FOREIGN TABLE ONLY ' || t.qname || ' ALTER COLUMN ' || c.qcol
             || CASE WHEN c.defexpr IS NOT NULL THEN ' SET DEFAULT ' || c.defexpr ELSE ' DROP DEFAULT' END AS stmt
        FROM fcol c
       WHERE c.relid = t.oid AND NOT c.printed AND c.attgenerated = ''
         AND c.defexpr IS DISTINCT FROM c.parentdef
      UNION ALL
      SELECT 1, c.attnum, '2', E';\nALTER FOREIGN TABLE ONLY ' || t.qname || ' ALTER COLUMN ' || c.qcol || ' SET NOT NULL'
        FROM fcol c WHERE c.relid = t.oid AND NOT c.printed AND c.attnotnull AND NOT c.parentnotnull
      UNION ALL
      SELECT 1, c.attnum, '3', E';\nALTER FOREIGN TABLE ONLY ' || t.qname || ' ALTER COLUMN ' || c.qcol || E' OPTIONS (\n    '
             || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || ' ' || pg_catalog.quote_literal(o.option_value), E',\n    ' ORDER BY o.ord)
                   FROM pg_catalog.pg_options_to_table(c.attfdwoptions) WITH ORDINALITY AS o(option_name, option_value, ord)) || E'\n)'
        FROM fcol c WHERE c.relid = t.oid AND NOT c.printed AND c.attfdwoptions IS NOT NULL
      UNION ALL
      -- every column
      SELECT 1, c.attnum, '4', E';\nALTER FOREIGN TABLE ONLY ' || t.qname || ' ALTER COLUMN ' || c.qcol || ' SET STATISTICS ' || c.attstattarget
        FROM fcol c WHERE c.relid = t.oid AND c.attstattarget >= 0
      UNION ALL
      SELECT 1, c.attnum, '5', E';\nALTER FOREIGN TABLE ONLY ' || t.qname || ' ALTER COLUMN ' || c.qcol || ' SET STORAGE '
             || CASE c.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END
        FROM fcol c
       WHERE c.relid = t.oid
         AND (c.attstorage <> c.typstorage OR (c.attinhcount > 0 AND c.attstorage IS DISTINCT FROM c.parentstorage))
      UNION ALL
      SELECT 1, c.attnum, '6', E';\nALTER FOREIGN TABLE ONLY ' || t.qname || ' ALTER COLUMN ' || c.qcol || ' SET ('
             || pg_catalog.array_to_string(c.attoptions, ', ') || ')'
        FROM fcol c WHERE c.relid = t.oid AND c.attoptions IS NOT NULL
      UNION ALL
      -- CHECK constraints added NOT VALID
      SELECT 2, 0, k.conname::text,
             E';\nALTER FOREIGN TABLE ' || t.qname || ' ADD CONSTRAINT ' || pg_catalog.quote_ident(k.conname) || ' ' || pg_catalog.pg_get_constraintdef(k.oid)
        FROM pg_catalog.pg_constraint k
       WHERE k.conrelid = t.oid AND k.contype = 'c' AND k.conislocal AND NOT k.convalidated
    ) x
  ) post
),
pub_rows AS (
  SELECT 'publication'::text, NULL::text, pg_catalog.quote_ident(p.pubname), p.oid, 'pg_publication'::text,
         'CREATE PUBLICATION ' || pg_catalog.quote_ident(p.pubname)
         || CASE WHEN p.puballtables THEN ' FOR ALL TABLES' ELSE '' END
         || ' WITH (publish = '''
         || pg_catalog.concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                       CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END)
         || '''' || CASE WHEN p.pubviaroot THEN ', publish_via_partition_root = true' ELSE '' END || ')'
         || COALESCE((SELECT pg_catalog.string_agg(
                        E';\nALTER PUBLICATION ' || pg_catalog.quote_ident(p.pubname) || ' ADD TABLE ONLY '
                        || pg_catalog.quote_ident(rn.nspname) || '.' || pg_catalog.quote_ident(rc.relname)
                        || COALESCE(' (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(ra.attname), ', ' ORDER BY ra.attnum)
                                               FROM pg_catalog.pg_attribute ra
                                              WHERE ra.attrelid = pr.prrelid AND ra.attnum = ANY (pr.prattrs)) || ')', '')
                        || COALESCE(' WHERE (' || pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) || ')', ''),
                        '' ORDER BY rn.nspname, rc.relname)
                        FROM pg_catalog.pg_publication_rel pr
                        JOIN pg_catalog.pg_class rc ON rc.oid = pr.prrelid
                        JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
                       WHERE pr.prpubid = p.oid), '')
         || COALESCE((SELECT pg_catalog.string_agg(
                        E';\nALTER PUBLICATION ' || pg_catalog.quote_ident(p.pubname) || ' ADD TABLES IN SCHEMA ' || pg_catalog.quote_ident(sn.nspname),
                        '' ORDER BY sn.nspname)
                        FROM pg_catalog.pg_publication_namespace pn
                        JOIN pg_catalog.pg_namespace sn ON sn.oid = pn.pnnspid
                       WHERE pn.pnpubid = p.oid), '')
  FROM pg_catalog.pg_publication p
  WHERE p.oid >= 16384
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_publication'::pg_catalog.regclass AND ext.objid = p.oid)
),
opr_rows AS (
  SELECT 'operator'::text, n.nspname::text,
         pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || '('
         || CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprleft, NULL) END || ', '
         || CASE WHEN o.oprright = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprright, NULL) END || ')',
         o.oid, 'pg_operator'::text,
         'CREATE OPERATOR ' || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || E' (\n'
         || '    FUNCTION = ' || o.oprcode::pg_catalog.text
         || CASE WHEN o.oprleft <> 0 THEN E',\n    LEFTARG = ' || pg_catalog.format_type(o.oprleft, NULL) ELSE '' END
         || CASE WHEN o.oprright <> 0 THEN E',\n    RIGHTARG = ' || pg_catalog.format_type(o.oprright, NULL) ELSE '' END
         || COALESCE((SELECT E',\n    COMMUTATOR = OPERATOR(' || pg_catalog.quote_ident(xn.nspname) || '.' || x.oprname || ')'
                        FROM pg_catalog.pg_operator x JOIN pg_catalog.pg_namespace xn ON xn.oid = x.oprnamespace WHERE x.oid = o.oprcom), '')
         || COALESCE((SELECT E',\n    NEGATOR = OPERATOR(' || pg_catalog.quote_ident(xn.nspname) || '.' || x.oprname || ')'
                        FROM pg_catalog.pg_operator x JOIN pg_catalog.pg_namespace xn ON xn.oid = x.oprnamespace WHERE x.oid = o.oprnegate), '')
         || CASE WHEN o.oprcanmerge THEN E',\n    MERGES' ELSE '' END
         || CASE WHEN o.oprcanhash THEN E',\n    HASHES' ELSE '' END
         || CASE WHEN o.oprrest <> 0 THEN E',\n    RESTRICT = ' || o.oprrest::pg_catalog.text ELSE '' END
         || CASE WHEN o.oprjoin <> 0 THEN E',\n    JOIN = ' || o.oprjoin::pg_catalog.text ELSE '' END
         || E'\n)'
  FROM pg_catalog.pg_operator o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
  WHERE n.nspname = ANY ($1)
    AND o.oprcode <> 0   -- shell operators (a commutator or negator never defined) are not objects of their own
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND ext.objid = o.oid)
),
evt_rows AS (
  SELECT 'event trigger'::text, NULL::text, pg_catalog.quote_ident(e.evtname), e.oid, 'pg_event_trigger'::text,
         'CREATE EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname) || ' ON ' || pg_catalog.quote_ident(e.evtevent)
         || COALESCE(E'\n         WHEN TAG IN (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(tg), ', ' ORDER BY ord)
                                                      FROM pg_catalog.unnest(e.evttags) WITH ORDINALITY AS u(tg, ord)) || ')', '')
         || E'\n   EXECUTE FUNCTION ' || e.evtfoid::pg_catalog.regproc::pg_catalog.text || '()'
         || CASE e.evtenabled WHEN 'O' THEN '' ELSE
              E';\nALTER EVENT TRIGGER ' || pg_catalog.quote_ident(e.evtname)
              || CASE e.evtenabled WHEN 'D' THEN ' DISABLE' WHEN 'A' THEN ' ENABLE ALWAYS' ELSE ' ENABLE REPLICA' END END
  FROM pg_catalog.pg_event_trigger e
  WHERE e.oid >= 16384
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass AND ext.objid = e.oid)
),
stx_rows AS (
  SELECT 'statistics'::text, n.nspname::text, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(s.stxname),
         s.oid, 'pg_statistic_ext'::text,
         pg_catalog.pg_get_statisticsobjdef(s.oid)
         || CASE WHEN s.stxstattarget >= 0 THEN
              E';\nALTER STATISTICS ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(s.stxname) || ' SET STATISTICS ' || s.stxstattarget
            ELSE '' END
  FROM pg_catalog.pg_statistic_ext s
  JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass AND ext.objid = s.oid)
),
coll_rows AS (
  SELECT 'collation'::text, n.nspname::text, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.collname),
         c.oid, 'pg_collation'::text,
         'CREATE COLLATION ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.collname)
         || ' (provider = ' || CASE c.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' ELSE 'default' END
         || CASE WHEN NOT c.collisdeterministic THEN ', deterministic = false' ELSE '' END
         || CASE WHEN c.colliculocale IS NOT NULL THEN ', locale = ' || pg_catalog.quote_literal(c.colliculocale)
                 WHEN c.collcollate = c.collctype THEN ', locale = ' || pg_catalog.quote_literal(c.collcollate)
                 ELSE ', lc_collate = ' || pg_catalog.quote_literal(c.collcollate) || ', lc_ctype = ' || pg_catalog.quote_literal(c.collctype) END
         || ')'
  FROM pg_catalog.pg_collation c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass AND ext.objid = c.oid)
),
tscfg_rows AS (
  SELECT 'text search configuration'::text, n.nspname::text, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.cfgname),
         c.oid, 'pg_ts_config'::text,
         'CREATE TEXT SEARCH CONFIGURATION ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.cfgname)
         || E' (\n    PARSER = ' || pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(p.prsname) || ' )'
         || COALESCE((SELECT pg_catalog.string_agg(
                        E';\nALTER TEXT SEARCH CONFIGURATION ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.cfgname)
                        || E'\n    ADD MAPPING FOR ' || pg_catalog.quote_ident(tt.alias) || ' WITH ' || mm.dicts, '' ORDER BY mm.maptokentype)
                        FROM (SELECT m.maptokentype, pg_catalog.string_agg(m.mapdict::pg_catalog.regdictionary::pg_catalog.text, ', ' ORDER BY m.mapseqno) AS dicts
                                FROM pg_catalog.pg_ts_config_map m WHERE m.mapcfg = c.oid GROUP BY m.maptokentype) mm
                        JOIN pg_catalog.ts_token_type(c.cfgparser) tt ON tt.tokid = mm.maptokentype), '')
  FROM pg_catalog.pg_ts_config c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
  JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_ts_config'::pg_catalog.regclass AND ext.objid = c.oid)
),
tsdict_rows AS (
  SELECT 'text search dictionary'::text, n.nspname::text, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(d.dictname),
         d.oid, 'pg_ts_dict'::text,
         'CREATE TEXT SEARCH DICTIONARY ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(d.dictname)
         || E' (\n    TEMPLATE = ' || pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.tmplname)
         || COALESCE(E',\n    ' || d.dictinitoption, '') || ' )'
  FROM pg_catalog.pg_ts_dict d
  JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
  JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate
  JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_ts_dict'::pg_catalog.regclass AND ext.objid = d.oid)
),
conv_rows AS (
  SELECT 'conversion'::text, n.nspname::text, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.conname),
         c.oid, 'pg_conversion'::text,
         'CREATE ' || CASE WHEN c.condefault THEN 'DEFAULT ' ELSE '' END || 'CONVERSION '
         || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.conname)
         || ' FOR ' || pg_catalog.quote_literal(pg_catalog.pg_encoding_to_char(c.conforencoding))
         || ' TO ' || pg_catalog.quote_literal(pg_catalog.pg_encoding_to_char(c.contoencoding))
         || ' FROM ' || c.conproc::pg_catalog.text
  FROM pg_catalog.pg_conversion c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_conversion'::pg_catalog.regclass AND ext.objid = c.oid)
),
-- members of operator classes/families: pg_amop / pg_amproc rows, owned (pg_depend) by the class or the family
opmember AS (
  SELECT d.refclassid, d.refobjid, 1 AS grp, ao.amopstrategy::int AS num,
         'OPERATOR ' || ao.amopstrategy || ' ' || ao.amopopr::pg_catalog.regoperator::pg_catalog.text
         || COALESCE((SELECT ' FOR ORDER BY ' || pg_catalog.quote_ident(sfn.nspname) || '.' || pg_catalog.quote_ident(sf.opfname)
                        FROM pg_catalog.pg_opfamily sf JOIN pg_catalog.pg_namespace sfn ON sfn.oid = sf.opfnamespace
                       WHERE sf.oid = ao.amopsortfamily), '') AS item,
         ao.amopfamily AS family
  FROM pg_catalog.pg_amop ao
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND d.objid = ao.oid
  WHERE d.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass, 'pg_catalog.pg_opfamily'::pg_catalog.regclass)
  UNION ALL
  SELECT d.refclassid, d.refobjid, 2, ap.amprocnum::int,
         'FUNCTION ' || ap.amprocnum || ' (' || pg_catalog.format_type(ap.amproclefttype, NULL) || ', '
         || pg_catalog.format_type(ap.amprocrighttype, NULL) || ') ' || ap.amproc::pg_catalog.regprocedure::pg_catalog.text,
         ap.amprocfamily
  FROM pg_catalog.pg_amproc ap
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND d.objid = ap.oid
  WHERE d.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass, 'pg_catalog.pg_opfamily'::pg_catalog.regclass)
),
opc_rows AS (
  SELECT 'operator class'::text, n.nspname::text,
         pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.opcname) || ' USING ' || pg_catalog.quote_ident(am.amname),
         c.oid, 'pg_opclass'::text,
         'CREATE OPERATOR CLASS ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.opcname)
         || E'\n    ' || CASE WHEN c.opcdefault THEN 'DEFAULT ' ELSE '' END
         || 'FOR TYPE ' || pg_catalog.format_type(c.opcintype, NULL) || ' USING ' || pg_catalog.quote_ident(am.amname)
         || ' FAMILY ' || pg_catalog.quote_ident(fn.nspname) || '.' || pg_catalog.quote_ident(f.opfname) || E' AS\n    '
         || COALESCE(pg_catalog.concat_ws(E',\n    ',
                       CASE WHEN c.opckeytype <> 0 THEN 'STORAGE ' || pg_catalog.format_type(c.opckeytype, NULL) END,
                       (SELECT pg_catalog.string_agg(m.item, E',\n    ' ORDER BY m.grp, m.num)
                          FROM opmember m
                         WHERE m.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND m.refobjid = c.oid AND m.family = c.opcfamily)),
                     '')
         || CASE WHEN c.opckeytype = 0 AND NOT EXISTS (SELECT FROM opmember m WHERE m.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass
                                                        AND m.refobjid = c.oid AND m.family = c.opcfamily)
                 THEN 'STORAGE ' || pg_catalog.format_type(c.opcintype, NULL) ELSE '' END
  FROM pg_catalog.pg_opclass c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace
  JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
  JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily
  JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND ext.objid = c.oid)
),
opf_rows AS (
  SELECT 'operator family'::text, n.nspname::text,
         pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(f.opfname) || ' USING ' || pg_catalog.quote_ident(am.amname),
         f.oid, 'pg_opfamily'::text,
         'CREATE OPERATOR FAMILY ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(f.opfname) || ' USING ' || pg_catalog.quote_ident(am.amname)
         || COALESCE(E';\nALTER OPERATOR FAMILY ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(f.opfname)
                     || ' USING ' || pg_catalog.quote_ident(am.amname) || E' ADD\n    '
                     || (SELECT pg_catalog.string_agg(m.item, E',\n    ' ORDER BY m.grp, m.num)
                           FROM opmember m
                          WHERE m.refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass AND m.refobjid = f.oid AND m.family = f.oid), '')
  FROM pg_catalog.pg_opfamily f
  JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace
  JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
  WHERE n.nspname = ANY ($1)
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass AND ext.objid = f.oid)
),
lang_rows AS (
  SELECT 'language'::text, NULL::text, pg_catalog.quote_ident(l.lanname), l.oid, 'pg_language'::text,
         'CREATE ' || CASE WHEN l.lanpltrusted THEN 'TRUSTED ' ELSE '' END || 'LANGUAGE ' || pg_catalog.quote_ident(l.lanname)
         || ' HANDLER ' || l.lanplcallfoid::pg_catalog.regproc::pg_catalog.text
         || CASE WHEN l.laninline <> 0 THEN ' INLINE ' || l.laninline::pg_catalog.regproc::pg_catalog.text ELSE '' END
         || CASE WHEN l.lanvalidator <> 0 THEN ' VALIDATOR ' || l.lanvalidator::pg_catalog.regproc::pg_catalog.text ELSE '' END
  FROM pg_catalog.pg_language l
  WHERE l.oid >= 16384 AND l.lanispl
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_language'::pg_catalog.regclass AND ext.objid = l.oid)
)
SELECT kind, schema, name, oid, catalog, definition FROM (
            SELECT * FROM agg_rows
  UNION ALL SELECT * FROM cast_rows
  UNION ALL SELECT * FROM rule_rows
  UNION ALL SELECT * FROM fdw_rows
  UNION ALL SELECT * FROM server_rows
  UNION ALL SELECT * FROM usermap_rows
  UNION ALL SELECT * FROM ftab_rows
  UNION ALL SELECT * FROM pub_rows
  UNION ALL SELECT * FROM opr_rows
  UNION ALL SELECT * FROM evt_rows
  UNION ALL SELECT * FROM stx_rows
  UNION ALL SELECT * FROM coll_rows
  UNION ALL SELECT * FROM tscfg_rows
  UNION ALL SELECT * FROM tsdict_rows
  UNION ALL SELECT * FROM conv_rows
  UNION ALL SELECT * FROM opc_rows
  UNION ALL SELECT * FROM opf_rows
  UNION ALL SELECT * FROM lang_rows
) AS o(kind, schema, name, oid, catalog, definition)
ORDER BY kind, schema NULLS FIRST, name
