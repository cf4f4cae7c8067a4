-- Managed schemas: every schema except the system ones (`pg_*`,
-- `information_schema`), godwit's own (`_godwit`: the phases of a migration
-- in progress) and those created by an extension; only those of $1 when it is
-- not empty; never those of $2.
SELECT n.oid,
       n.nspname::text AS name,
       -- the comment of public (its oid is below those of user objects)
       CASE WHEN n.nspname = 'public' THEN obj_description(n.oid, 'pg_namespace') END AS public_comment
FROM pg_namespace n
WHERE n.nspname <> 'information_schema'
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> '_godwit'
  AND (cardinality($1::text[]) = 0 OR n.nspname = ANY ($1::text[]))
  AND NOT n.nspname = ANY ($2::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname
