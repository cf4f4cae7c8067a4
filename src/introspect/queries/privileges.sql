-- Object privileges as differences from PostgreSQL's defaults (PostgreSQL 15+),
-- verified against pg_dump on the real corpus. $1 text[] = managed schema names.
-- Run with SET LOCAL search_path = public. The caller maps (catalog, oid, attnum)
-- to the objects it reads, and reports the rows of the others.
-- One row per (object, grantee, grantor, privilege) that differs from the baseline:
--   baseline = acldefault(kind, owner), except the schema named public, whose
--   baseline is {owner=UC/owner,=U/owner} (what CREATE DATABASE gives it and what
--   pg_dump compares against).  A NULL ACL is read as acldefault(kind, owner).
-- position = 1-based rank of the row's (grantee, grantor) aclitem among the items of the
--   stored ACL that are not identical to a baseline item, i.e. the items pg_dump prints a
--   GRANT for, in array order (NULL for a revoked row whose item is gone altogether).
--   Replaying the items in position order reproduces pg_dump's text; unchanged baseline
--   items do not count, so the value survives a dump/replay round trip.
WITH obj AS (
    -- schemas
    SELECT 'schema'::text AS object_kind, NULL::"char" AS relkind, NULL::"char" AS prokind,
           NULL::"char" AS typtype, n.nspname::text AS schema, n.nspname::text AS name,
           NULL::text AS signature, NULL::text AS column_name, 0::int4 AS attnum, NULL::oid AS identity_table,
           n.oid, n.nspowner AS owner,
           COALESCE(n.nspacl, acldefault('n', n.nspowner)) AS acl,
           CASE WHEN n.nspname = 'public'
                THEN acldefault('n', n.nspowner) || makeaclitem(0, n.nspowner, 'USAGE', false)
                ELSE acldefault('n', n.nspowner) END AS base,
           'pg_namespace'::regclass AS classid
    FROM pg_namespace n
    WHERE n.nspname = ANY ($1)
  UNION ALL
    -- relations: tables, views, materialized views, foreign and partitioned tables, sequences
    SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, c.relkind, NULL, NULL,
           n.nspname, c.relname, NULL, NULL, 0,
           (SELECT d.refobjid FROM pg_depend d
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i'
               AND d.refclassid = 'pg_class'::regclass AND c.relkind = 'S' LIMIT 1),
           c.oid, c.relowner,
           COALESCE(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's'::"char" ELSE 'r'::"char" END, c.relowner)),
           acldefault(CASE WHEN c.relkind = 'S' THEN 's'::"char" ELSE 'r'::"char" END, c.relowner),
           'pg_class'::regclass
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p', 'S') AND n.nspname = ANY ($1)
  UNION ALL
    -- column privileges (the default is no privilege at all)
    SELECT 'column', c.relkind, NULL, NULL, n.nspname, c.relname, NULL, a.attname::text, a.attnum::int4, NULL,
           c.oid, c.relowner,
           COALESCE(a.attacl, acldefault('c', c.relowner)), acldefault('c', c.relowner), 'pg_class'::regclass
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND n.nspname = ANY ($1) AND a.attacl IS NOT NULL
  UNION ALL
    -- functions, procedures, aggregates, window functions
    SELECT 'function', NULL, p.prokind, NULL, n.nspname, p.proname,
           (SELECT COALESCE(string_agg(format_type(t.typ, NULL), ', ' ORDER BY t.ord), '')
              FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS t(typ, ord)),
           NULL, 0, NULL, p.oid, p.proowner,
           COALESCE(p.proacl, acldefault('f', p.proowner)), acldefault('f', p.proowner), 'pg_proc'::regclass
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    -- types and domains: not table row types, not arrays, not multiranges (pg_dump
    -- never dumps a multirange's own ACL), not shell/pseudo types
    SELECT 'type', NULL, NULL, t.typtype, n.nspname, t.typname, NULL, NULL, 0, NULL, t.oid, t.typowner,
           COALESCE(t.typacl, acldefault('T', t.typowner)), acldefault('T', t.typowner), 'pg_type'::regclass
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = ANY ($1)
      AND t.typtype IN ('b', 'c', 'd', 'e', 'r')
      AND (t.typrelid = 0 OR (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c')
      AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)
  UNION ALL
    SELECT 'foreign data wrapper', NULL, NULL, NULL, NULL, w.fdwname, NULL, NULL, 0, NULL, w.oid, w.fdwowner,
           COALESCE(w.fdwacl, acldefault('F', w.fdwowner)), acldefault('F', w.fdwowner),
           'pg_foreign_data_wrapper'::regclass
    FROM pg_foreign_data_wrapper w
    WHERE w.oid >= 16384
  UNION ALL
    SELECT 'foreign server', NULL, NULL, NULL, NULL, s.srvname, NULL, NULL, 0, NULL, s.oid, s.srvowner,
           COALESCE(s.srvacl, acldefault('S', s.srvowner)), acldefault('S', s.srvowner),
           'pg_foreign_server'::regclass
    FROM pg_foreign_server s
    WHERE s.oid >= 16384
  UNION ALL
    SELECT 'language', NULL, NULL, NULL, NULL, l.lanname, NULL, NULL, 0, NULL, l.oid, l.lanowner,
           COALESCE(l.lanacl, acldefault('l', l.lanowner)), acldefault('l', l.lanowner),
           'pg_language'::regclass
    FROM pg_language l
    WHERE l.oid >= 16384
),
o AS (   -- drop extension members (a column goes with its relation)
    SELECT obj.* FROM obj
    WHERE NOT EXISTS (SELECT FROM pg_depend d
                      WHERE d.classid = obj.classid AND d.objid = obj.oid AND d.deptype = 'e')
      AND acl IS DISTINCT FROM base
)
SELECT * FROM (
    SELECT o.classid::text AS catalog, o.object_kind, o.relkind::text AS relkind, o.prokind::text AS prokind,
           o.typtype::text AS typtype, o.schema, o.name, o.signature, o.column_name, o.attnum, o.identity_table,
           o.oid,
           pg_get_userbyid(o.owner)::text AS owner,
           CASE WHEN diff.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(diff.grantee)::text END AS grantee,
           diff.privilege_type AS privilege,
           diff.is_grantable AS grantable,
           diff.state,
           pg_get_userbyid(diff.grantor)::text AS grantor,
           diff.pos AS position
    FROM o
    CROSS JOIN LATERAL (   -- per ACL: stored privileges (c) full-joined with the baseline (d)
        SELECT * FROM (
            SELECT COALESCE(c.grantee, d.grantee) AS grantee, COALESCE(c.grantor, d.grantor) AS grantor,
                   COALESCE(c.privilege_type, d.privilege_type) AS privilege_type,
                   COALESCE(c.is_grantable, d.is_grantable) AS is_grantable,
                   CASE WHEN c.grantee IS NULL THEN 'revoked' ELSE 'granted' END AS state,
                   -- the item's position; for a revoked privilege the surviving item's, if any
                   max(c.pos) OVER (PARTITION BY COALESCE(c.grantee, d.grantee),
                                                 COALESCE(c.grantor, d.grantor)) AS pos,
                   (c.grantee IS NULL OR d.grantee IS NULL OR (c.is_grantable AND NOT d.is_grantable)) AS differs
            FROM (SELECT x.grantor, x.grantee, x.privilege_type, x.is_grantable, it.pos
                  FROM (SELECT i.item,
                               -- rank among the items not identical to a baseline item
                               (count(*) FILTER (WHERE NOT COALESCE(i.item = ANY (o.base), false))
                                  OVER (ORDER BY i.ord))::int AS pos
                        FROM unnest(o.acl) WITH ORDINALITY AS i(item, ord)) AS it,
                       aclexplode(ARRAY[it.item]) AS x) AS c
            FULL JOIN aclexplode(o.base) AS d
                   ON c.grantee = d.grantee AND c.grantor = d.grantor AND c.privilege_type = d.privilege_type
        ) AS j
        WHERE differs
    ) AS diff
) AS r
ORDER BY object_kind, schema COLLATE "C" NULLS FIRST, name COLLATE "C", signature COLLATE "C" NULLS FIRST,
         column_name COLLATE "C" NULLS FIRST, position NULLS FIRST, grantee COLLATE "C", grantor COLLATE "C",
         privilege
