-- Enum types of the managed schemas, labels in sort order.
SELECT t.oid,
       t.typarray AS array_oid,
       n.nspname::text AS schema,
       t.typname::text AS name,
       ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY n.nspname, t.typname
