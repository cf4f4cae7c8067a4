-- Columns of the tables of the managed schemas, in attnum order. Defaults of
-- identity and generated columns are not defaults; the identity sequence's
-- options come from pg_sequence. Rows of tables the tables query left out
-- (extension tables) are ignored by the caller.
SELECT a.attrelid AS table_oid,
       a.attnum::int4 AS attnum,
       a.attname::text AS name,
       a.atttypid AS type_oid,
       a.atttypmod AS typmod,
       a.attnotnull AS not_null,
       ad.oid AS default_oid,
       CASE WHEN a.attgenerated = '' AND a.attidentity = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS "default",
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
       a.attgenerated::text AS generated_kind,
       a.attidentity::text AS identity,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
         (SELECT CASE WHEN pg_collation_is_visible(co.oid) THEN co.collname::text
                      ELSE cn.nspname || '.' || co.collname END
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE co.oid = a.attcollation)
       END AS collation,
       format_type(s.seqtypid, NULL) AS seq_type,
       s.seqstart AS seq_start,
       s.seqincrement AS seq_increment,
       s.seqmin AS seq_min,
       s.seqmax AS seq_max,
       s.seqcache AS seq_cache,
       s.seqcycle AS seq_cycle
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN LATERAL (
  SELECT seq.*
  FROM pg_depend d
  JOIN pg_sequence seq ON seq.seqrelid = d.objid
  WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
    AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i'
  ORDER BY d.objid
  LIMIT 1
) s ON a.attidentity <> ''
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname, a.attnum
