-- Tables (plain, partitioned and foreign: the caller reports the last as not
-- modelled) of the managed schemas, with planner statistics.
SELECT c.oid,
       c.reltype AS type_oid,
       (SELECT t.typarray FROM pg_type t WHERE t.oid = c.reltype) AS array_oid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind::text AS kind,
       c.relispartition AS partition,
       EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid) AND NOT c.relispartition AS inherits,
       c.relpersistence = 'u' AS unlogged,
       c.reltuples::float8 AS reltuples,
       c.relpages::int8 AS relpages
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
