-- Views and materialized views of the managed schemas; the body as
-- pg_get_viewdef prints it (not pretty: fully parenthesized, as pg_dump uses),
-- their options and the defaults of their columns. A view that reads itself
-- (its rule depends on it) also gets its columns, to be created as pg_dump
-- does: first with a body of NULLs of those types, then replaced.
SELECT c.oid,
       (SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN') AS rule_oid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind = 'm' AS materialized,
       c.reltype AS type_oid,
       (SELECT t.typarray FROM pg_type t WHERE t.oid = c.reltype) AS array_oid,
       pg_get_viewdef(c.oid, false) AS body,
       coalesce(c.reloptions, '{}') AS options,
       ARRAY(SELECT a.attname::text FROM pg_attrdef ad
             JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
             WHERE ad.adrelid = c.oid ORDER BY ad.adnum) AS default_columns,
       ARRAY(SELECT pg_get_expr(ad.adbin, ad.adrelid) FROM pg_attrdef ad
             WHERE ad.adrelid = c.oid ORDER BY ad.adnum) AS default_exprs,
       ARRAY(SELECT a.attname::text FROM pg_attribute a
             WHERE selfref.reads_itself AND a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS column_names,
       ARRAY(SELECT a.atttypid FROM pg_attribute a
             WHERE selfref.reads_itself AND a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS column_types,
       ARRAY(SELECT a.atttypmod FROM pg_attribute a
             WHERE selfref.reads_itself AND a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS column_typmods,
       ARRAY(SELECT CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN
                      (SELECT CASE WHEN pg_collation_is_visible(co.oid) THEN co.collname::text
                                   ELSE cn.nspname || '.' || co.collname END
                       FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                       WHERE co.oid = a.attcollation)
                    END
             FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
             WHERE selfref.reads_itself AND a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS column_collations
FROM pg_class c
LEFT JOIN LATERAL (
  SELECT true AS reads_itself FROM pg_rewrite r
  JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
  WHERE c.relkind = 'v' AND r.ev_class = c.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid
    AND d.deptype = 'n' AND d.refobjsubid > 0
  LIMIT 1) selfref ON true
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
