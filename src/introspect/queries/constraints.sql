-- Primary key, unique, check, foreign key and exclusion constraints of the
-- tables of the managed schemas (NOT NULL is not a constraint in PostgreSQL 15;
-- exclusion constraints are read only to be reported as not modelled).
-- Columns in key order; `nulls_not_distinct` from the index behind a key.
SELECT co.oid,
       co.conrelid AS table_oid,
       co.conname::text AS name,
       co.contype::text AS kind,
       co.conindid AS index_oid,
       ARRAY(SELECT a.attname::text
             FROM unnest(co.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS columns,
       rn.nspname::text AS ref_schema,
       rc.relname::text AS ref_table,
       ARRAY(SELECT a.attname::text
             FROM unnest(co.confkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS ref_columns,
       co.confmatchtype::text AS match_type,
       co.confupdtype::text AS on_update,
       co.confdeltype::text AS on_delete,
       co.condeferrable AS deferrable,
       co.condeferred AS deferred,
       co.convalidated AS validated,
       pg_get_expr(co.conbin, co.conrelid) AS expr,
       coalesce(i.indnullsnotdistinct, false) AS nulls_not_distinct
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = co.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = co.conindid AND co.contype IN ('p', 'u')
WHERE co.contype IN ('p', 'u', 'c', 'f', 'x')
  AND c.relkind IN ('r', 'p')
  -- Not the clones a partitioned table's keys and foreign keys have on its
  -- partitions, nor the checks a partition gets from its parent.
  AND co.conparentid = 0
  AND (co.conislocal OR NOT c.relispartition)
  AND n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname,
         CASE co.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'c' THEN 2 WHEN 'f' THEN 3 ELSE 4 END,
         co.conname
