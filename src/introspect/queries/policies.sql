-- Row-level security policies on the tables of the managed schemas; roles
-- as pg_policies lists them (`public` for everyone), expressions as
-- pg_get_expr prints them.
SELECT p.oid,
       p.polrelid AS table_oid,
       p.polname::text AS name,
       p.polpermissive AS permissive,
       p.polcmd::text AS command,
       ARRAY(SELECT CASE WHEN r.role = 0 THEN 'public' ELSE pg_get_userbyid(r.role)::text END
             FROM unnest(p.polroles) WITH ORDINALITY AS r(role, ord) ORDER BY r.ord) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using,
       pg_get_expr(p.polwithcheck, p.polrelid) AS check
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname, p.polname
