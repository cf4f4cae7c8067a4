-- Sequences of the managed schemas, except identity sequences (deptype 'i')
-- and those of extensions; `OWNED BY` from the automatic dependency on a column.
SELECT c.oid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start,
       s.seqincrement AS increment,
       s.seqmin AS min_value,
       s.seqmax AS max_value,
       s.seqcache AS cache,
       s.seqcycle AS cycle,
       owner.schema AS owner_schema,
       owner.table AS owner_table,
       owner.column AS owner_column
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN LATERAL (
  SELECT tn.nspname::text AS schema, tc.relname::text AS table, a.attname::text AS column
  FROM pg_depend d
  JOIN pg_class tc ON tc.oid = d.refobjid
  JOIN pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
  ORDER BY d.refobjid, d.refobjsubid
  LIMIT 1
) owner ON true
WHERE c.relkind = 'S'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i'))
ORDER BY n.nspname, c.relname
