-- Views and materialized views of the managed schemas; the body as
-- pg_get_viewdef prints it (not pretty: fully parenthesized, as pg_dump uses).
SELECT c.oid,
       (SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN') AS rule_oid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind = 'm' AS materialized,
       pg_get_viewdef(c.oid, false) AS body
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
