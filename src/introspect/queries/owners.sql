-- Owners of the objects of the managed schemas (PostgreSQL 15+) that are not the
-- role godwit connects as; for the schema public, not pg_database_owner (who owns
-- it in a new database). Identity sequences and sequences owned by a column go with
-- their table (PostgreSQL keeps their owners the same).
-- $1 text[] = managed schema names.  Run with SET LOCAL search_path = public.
-- Schema-less objects (foreign data wrappers, servers, publications, event triggers,
-- languages) are listed when they are user objects (oid >= 16384, FirstNormalObjectId).
-- Extension members are excluded everywhere.
-- relkind / prokind / typtype tell the sub-kind; signature: functions = input argument types,
-- operators = 'left, right' (NONE for a prefix operator), opclass/opfamily = index method.
WITH obj AS (
    SELECT 'schema'::text AS object_kind, NULL::"char" AS relkind, NULL::"char" AS prokind,
           NULL::"char" AS typtype, n.nspname::text AS schema, n.nspname::text AS name,
           NULL::text AS signature, n.oid, n.nspowner AS owner, 'pg_namespace'::regclass AS classid
    FROM pg_namespace n WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, c.relkind, NULL, NULL,
           n.nspname, c.relname, NULL, c.oid, c.relowner, 'pg_class'::regclass
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p', 'S') AND n.nspname = ANY ($1)
  UNION ALL
    SELECT 'function', NULL, p.prokind, NULL, n.nspname, p.proname,
           (SELECT COALESCE(string_agg(format_type(t.typ, NULL), ', ' ORDER BY t.ord), '')
              FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS t(typ, ord)),
           p.oid, p.proowner, 'pg_proc'::regclass
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'type', NULL, NULL, t.typtype, n.nspname, t.typname, NULL, t.oid, t.typowner, 'pg_type'::regclass
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = ANY ($1)
      AND t.typtype IN ('b', 'c', 'd', 'e', 'r')      -- no multirange (follows its range), no pseudo/shell
      AND (t.typrelid = 0 OR (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c')
      AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)
  UNION ALL
    SELECT 'collation', NULL, NULL, NULL, n.nspname, co.collname, NULL, co.oid, co.collowner,
           'pg_collation'::regclass
    FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'conversion', NULL, NULL, NULL, n.nspname, cv.conname, NULL, cv.oid, cv.conowner,
           'pg_conversion'::regclass
    FROM pg_conversion cv JOIN pg_namespace n ON n.oid = cv.connamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'operator', NULL, NULL, NULL, n.nspname, op.oprname,
           CASE WHEN op.oprleft = 0 THEN 'NONE' ELSE format_type(op.oprleft, NULL) END || ', ' ||
           format_type(op.oprright, NULL),
           op.oid, op.oprowner, 'pg_operator'::regclass
    FROM pg_operator op JOIN pg_namespace n ON n.oid = op.oprnamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'operator class', NULL, NULL, NULL, n.nspname, oc.opcname, am.amname::text, oc.oid, oc.opcowner,
           'pg_opclass'::regclass
    FROM pg_opclass oc JOIN pg_namespace n ON n.oid = oc.opcnamespace JOIN pg_am am ON am.oid = oc.opcmethod
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'operator family', NULL, NULL, NULL, n.nspname, of.opfname, am.amname::text, of.oid, of.opfowner,
           'pg_opfamily'::regclass
    FROM pg_opfamily of JOIN pg_namespace n ON n.oid = of.opfnamespace JOIN pg_am am ON am.oid = of.opfmethod
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'text search configuration', NULL, NULL, NULL, n.nspname, cf.cfgname, NULL, cf.oid, cf.cfgowner,
           'pg_ts_config'::regclass
    FROM pg_ts_config cf JOIN pg_namespace n ON n.oid = cf.cfgnamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'text search dictionary', NULL, NULL, NULL, n.nspname, di.dictname, NULL, di.oid, di.dictowner,
           'pg_ts_dict'::regclass
    FROM pg_ts_dict di JOIN pg_namespace n ON n.oid = di.dictnamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'statistics', NULL, NULL, NULL, n.nspname, st.stxname, NULL, st.oid, st.stxowner,
           'pg_statistic_ext'::regclass
    FROM pg_statistic_ext st JOIN pg_namespace n ON n.oid = st.stxnamespace
    WHERE n.nspname = ANY ($1)
  UNION ALL
    SELECT 'foreign data wrapper', NULL, NULL, NULL, NULL, w.fdwname, NULL, w.oid, w.fdwowner,
           'pg_foreign_data_wrapper'::regclass
    FROM pg_foreign_data_wrapper w WHERE w.oid >= 16384
  UNION ALL
    SELECT 'foreign server', NULL, NULL, NULL, NULL, s.srvname, NULL, s.oid, s.srvowner,
           'pg_foreign_server'::regclass
    FROM pg_foreign_server s WHERE s.oid >= 16384
  UNION ALL
    SELECT 'publication', NULL, NULL, NULL, NULL, pb.pubname, NULL, pb.oid, pb.pubowner,
           'pg_publication'::regclass
    FROM pg_publication pb WHERE pb.oid >= 16384
  UNION ALL
    SELECT 'event trigger', NULL, NULL, NULL, NULL, et.evtname, NULL, et.oid, et.evtowner,
           'pg_event_trigger'::regclass
    FROM pg_event_trigger et WHERE et.oid >= 16384
  UNION ALL
    SELECT 'language', NULL, NULL, NULL, NULL, l.lanname, NULL, l.oid, l.lanowner, 'pg_language'::regclass
    FROM pg_language l WHERE l.oid >= 16384
)
SELECT * FROM (
    SELECT classid::text AS catalog, object_kind, relkind::text AS relkind, prokind::text AS prokind,
           typtype::text AS typtype, schema, name, signature, oid, pg_get_userbyid(owner)::text AS owner
    FROM obj
    WHERE NOT EXISTS (SELECT FROM pg_depend d
                      WHERE d.classid = obj.classid AND d.objid = obj.oid
                        AND (d.deptype IN ('e', 'i')
                             OR (object_kind = 'sequence' AND d.deptype = 'a'
                                 AND d.refclassid = 'pg_class'::regclass)))
      AND CASE WHEN object_kind = 'schema' AND name = 'public' THEN owner <> 'pg_database_owner'::regrole
               ELSE owner <> (SELECT oid FROM pg_roles WHERE rolname = current_user) END
) AS r
ORDER BY object_kind, schema COLLATE "C" NULLS FIRST, name COLLATE "C", signature COLLATE "C" NULLS FIRST
