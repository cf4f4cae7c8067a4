-- Indexes of the tables of the managed schemas that back no constraint.
-- Per key column (arrays in key order): the column name, or the expression
-- (pg_get_indexdef, not pretty); indoption (1 = DESC, 2 = NULLS FIRST); for a
-- column, the collation when it is not the column's; the operator class when
-- it is not the default one. The collation of an expression key is read from
-- the definition, where PostgreSQL prints it when it is not the expression's.
SELECT i.indexrelid AS oid,
       i.indrelid AS table_oid,
       ic.relname::text AS name,
       i.indisunique AS "unique",
       am.amname::text AS method,
       i.indnullsnotdistinct AS nulls_not_distinct,
       i.indisvalid AS valid,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_get_indexdef(i.indexrelid, 0, false) AS definition,
       keys.columns AS key_columns,
       keys.exprs AS key_exprs,
       keys.options AS key_options,
       keys.collations AS key_collations,
       keys.opclasses AS key_opclasses,
       ARRAY(SELECT a.attname::text
             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE k.ord > i.indnkeyatts
             ORDER BY k.ord) AS include
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
  SELECT array_agg(ta.attname::text ORDER BY k.ord) AS columns,
         array_agg(CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int4, false) END
                   ORDER BY k.ord) AS exprs,
         array_agg(coalesce(o.option, 0)::int4 ORDER BY k.ord) AS options,
         array_agg(
           CASE WHEN k.attnum <> 0 AND cl.coll IS NOT NULL AND cl.coll <> 0 AND cl.coll <> ta.attcollation
           THEN (SELECT CASE WHEN pg_collation_is_visible(co.oid) THEN co.collname::text
                             ELSE cn.nspname || '.' || co.collname END
                 FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                 WHERE co.oid = cl.coll)
           END ORDER BY k.ord) AS collations,
         array_agg(
           CASE WHEN opc.opcdefault THEN NULL
                WHEN pg_opclass_is_visible(opc.oid) THEN opc.opcname::text
                ELSE opcn.nspname || '.' || opc.opcname
           END ORDER BY k.ord) AS opclasses
  FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
  LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = k.attnum AND k.attnum > 0
  LEFT JOIN unnest(i.indoption::int2[]) WITH ORDINALITY AS o(option, ord) ON o.ord = k.ord
  LEFT JOIN unnest(i.indcollation::oid[]) WITH ORDINALITY AS cl(coll, ord) ON cl.ord = k.ord
  LEFT JOIN unnest(i.indclass::oid[]) WITH ORDINALITY AS oc(opclass, ord) ON oc.ord = k.ord
  LEFT JOIN pg_opclass opc ON opc.oid = oc.opclass
  LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
  WHERE k.ord <= i.indnkeyatts
) keys
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname = ANY ($1::text[])
  -- Not the indexes of partitions that a partitioned table's index has.
  AND NOT EXISTS (SELECT FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid)
  AND NOT EXISTS (
    SELECT FROM pg_constraint co
    WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x'))
ORDER BY n.nspname, c.relname, ic.relname
