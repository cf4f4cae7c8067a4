-- What the managed schemas (and the database) hold that the catalog does not
-- model and no other query reads: one row per object or property, with what
-- it is and why it is left out. Objects that belong to an extension are the
-- extension's and never listed. $1: the managed schemas.
WITH managed AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY ($1)
),
ext AS (
    SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
),
rel AS (
    SELECT c.oid, c.relkind, c.relname, m.nspname,
           quote_ident(m.nspname) || '.' || quote_ident(c.relname) AS qualified
    FROM pg_class c JOIN managed m ON m.oid = c.relnamespace
    WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
),
fn AS (
    SELECT p.oid, p.*, quote_ident(m.nspname) || '.' || quote_ident(p.proname)
               || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS identity
    FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
    WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
),
rows AS (
    SELECT 'window function' AS kind, identity AS name, 'window functions are not modelled' AS why
    FROM fn WHERE prokind = 'w'
    UNION ALL
    SELECT 'function option', identity || ' SUPPORT ' || prosupport::regproc::text,
           'support functions are not modelled'
    FROM fn WHERE prokind IN ('f', 'p') AND prosupport <> 0
    UNION ALL
    SELECT CASE t.typtype WHEN 'c' THEN 'composite type' WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type'
                          ELSE 'type' END,
           quote_ident(m.nspname) || '.' || quote_ident(t.typname),
           'this kind of type is not modelled'
    FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
    WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
      AND t.typtype IN ('r', 'b', 'p') AND t.typcategory <> 'A'
    UNION ALL
    SELECT 'storage parameters', rel.qualified, 'WITH (' || array_to_string(c.reloptions, ', ') || ') is not modelled'
    FROM rel JOIN pg_class c ON c.oid = rel.oid WHERE c.reloptions IS NOT NULL AND rel.relkind NOT IN ('v', 'm')
    UNION ALL
    SELECT 'tablespace', rel.qualified, 'tablespace ' || (SELECT spcname FROM pg_tablespace WHERE oid = c.reltablespace)
           || ' is not modelled'
    FROM rel JOIN pg_class c ON c.oid = rel.oid WHERE c.reltablespace <> 0
    UNION ALL
    SELECT 'column option', rel.qualified || '.' || quote_ident(a.attname), o.what || ' is not modelled'
    FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid,
    LATERAL (
        SELECT 'SET STATISTICS ' || a.attstattarget AS what WHERE a.attstattarget >= 0
        UNION ALL SELECT 'SET STORAGE ' || a.attstorage::text WHERE a.attstorage <> t.typstorage
        UNION ALL SELECT 'SET COMPRESSION ' || a.attcompression::text WHERE a.attcompression <> ''
        UNION ALL SELECT 'SET (' || array_to_string(a.attoptions, ', ') || ')' WHERE a.attoptions IS NOT NULL
    ) o
    WHERE rel.relkind IN ('r', 'p', 'm', 'f')
    UNION ALL
    SELECT 'security label', s.provider || ' on ' || s.classoid::regclass::text || ' ' || s.objoid,
           'security labels are not modelled'
    FROM pg_seclabel s WHERE s.objoid >= 16384
)
SELECT kind, name, why FROM rows ORDER BY kind, name, why
