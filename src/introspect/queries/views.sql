-- Views and materialized views of the managed schemas; the body as
-- pg_get_viewdef prints it (not pretty: fully parenthesized, as pg_dump uses),
-- their options and the defaults of their columns.
SELECT c.oid,
       (SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN') AS rule_oid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind = 'm' AS materialized,
       pg_get_viewdef(c.oid, false) AS body,
       coalesce(c.reloptions, '{}') AS options,
       ARRAY(SELECT a.attname::text FROM pg_attrdef ad
             JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
             WHERE ad.adrelid = c.oid ORDER BY ad.adnum) AS default_columns,
       ARRAY(SELECT pg_get_expr(ad.adbin, ad.adrelid) FROM pg_attrdef ad
             WHERE ad.adrelid = c.oid ORDER BY ad.adnum) AS default_exprs
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
