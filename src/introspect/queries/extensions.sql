-- Extensions installed in a managed schema, with the comment of their control
-- file (a comment equal to it is not the user's).
SELECT e.oid,
       e.extname::text AS name,
       n.nspname::text AS schema,
       a.comment AS default_comment
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_available_extensions a ON a.name = e.extname
WHERE n.nspname = ANY ($1::text[])
ORDER BY e.extname
