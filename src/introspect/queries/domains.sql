-- Domains of the managed schemas with their check constraints (by name).
SELECT t.oid,
       t.typarray AS array_oid,
       n.nspname::text AS schema,
       t.typname::text AS name,
       t.typbasetype AS base_oid,
       t.typtypmod AS base_typmod,
       t.typnotnull AS not_null,
       pg_get_expr(t.typdefaultbin, 0) AS "default",
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN
         (SELECT CASE WHEN pg_collation_is_visible(co.oid) THEN co.collname::text
                      ELSE cn.nspname || '.' || co.collname END
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE co.oid = t.typcollation)
       END AS collation,
       ARRAY(SELECT c.oid FROM pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_oids,
       ARRAY(SELECT c.conname::text FROM pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_names,
       ARRAY(SELECT pg_get_expr(c.conbin, 0) FROM pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS check_exprs
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type b ON b.oid = t.typbasetype
WHERE t.typtype = 'd'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY n.nspname, t.typname
