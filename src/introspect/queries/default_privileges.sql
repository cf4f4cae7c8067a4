-- ALTER DEFAULT PRIVILEGES entries (pg_default_acl) as differences (PostgreSQL 15+), verified against pg_dump.
-- $1 text[] = managed schema names; global entries (defaclnamespace = 0) always included.
-- Baseline:
--   global entry      -> acldefault(objtype, role)  (the entry REPLACES the built-in default,
--                        so it can both grant and revoke: rows 'granted' and 'revoked')
--   per-schema entry  -> empty (the entry is ADDED to the global-or-built-in default when an
--                        object is created; ALTER DEFAULT PRIVILEGES IN SCHEMA ... REVOKE can only
--                        take back what IN SCHEMA granted) -> every row is 'granted'.
-- This is exactly what pg_dump compares against.  position: as in privileges.sql
-- (rank among the items of defaclacl not identical to a baseline item).
WITH e AS (
    SELECT d.oid, d.defaclrole, d.defaclnamespace, d.defaclobjtype, n.nspname, d.defaclacl AS acl,
           CASE WHEN d.defaclnamespace = 0
                THEN acldefault(CASE WHEN d.defaclobjtype = 'S' THEN 's'::"char" ELSE d.defaclobjtype END,
                                d.defaclrole)
                END AS base            -- NULL = no item (aclexplode('{}') would fail: 0-dim)
    FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
    WHERE d.defaclnamespace = 0 OR n.nspname = ANY ($1)
)
SELECT * FROM (
    SELECT pg_get_userbyid(e.defaclrole)::text AS role,
           e.nspname::text AS schema,
           CASE e.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END AS object_type,
           CASE WHEN diff.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(diff.grantee)::text END AS grantee,
           diff.privilege_type AS privilege,
           diff.is_grantable AS grantable,
           diff.state,
           pg_get_userbyid(diff.grantor)::text AS grantor,
           diff.pos AS position
    FROM e
    CROSS JOIN LATERAL (   -- same comparison as privileges.sql
        SELECT * FROM (
            SELECT COALESCE(c.grantee, d.grantee) AS grantee, COALESCE(c.grantor, d.grantor) AS grantor,
                   COALESCE(c.privilege_type, d.privilege_type) AS privilege_type,
                   COALESCE(c.is_grantable, d.is_grantable) AS is_grantable,
                   CASE WHEN c.grantee IS NULL THEN 'revoked' ELSE 'granted' END AS state,
                   max(c.pos) OVER (PARTITION BY COALESCE(c.grantee, d.grantee),
                                                 COALESCE(c.grantor, d.grantor)) AS pos,
                   (c.grantee IS NULL OR d.grantee IS NULL OR (c.is_grantable AND NOT d.is_grantable)) AS differs
            FROM (SELECT x.grantor, x.grantee, x.privilege_type, x.is_grantable, it.pos
                  FROM (SELECT i.item,
                               (count(*) FILTER (WHERE NOT COALESCE(i.item = ANY (e.base), false))
                                  OVER (ORDER BY i.ord))::int AS pos
                        FROM unnest(e.acl) WITH ORDINALITY AS i(item, ord)) AS it,
                       aclexplode(ARRAY[it.item]) AS x) AS c
            FULL JOIN aclexplode(e.base) AS d
                   ON c.grantee = d.grantee AND c.grantor = d.grantor AND c.privilege_type = d.privilege_type
        ) AS j
        WHERE differs
    ) AS diff
) AS r
ORDER BY role COLLATE "C", schema COLLATE "C" NULLS FIRST, object_type, position NULLS FIRST,
         grantee COLLATE "C", privilege
