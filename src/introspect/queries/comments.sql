-- Comments on user objects (oid >= FirstNormalObjectId) of the catalogs
-- godwit models; the caller keeps those of objects the other queries read.
SELECT d.classoid::regclass::text AS catalog,
       d.objoid AS oid,
       d.objsubid AS subid,
       d.description
FROM pg_description d
WHERE d.objoid >= 16384
  AND d.classoid IN ('pg_namespace'::regclass, 'pg_extension'::regclass, 'pg_type'::regclass,
                     'pg_class'::regclass, 'pg_constraint'::regclass, 'pg_trigger'::regclass,
                     'pg_proc'::regclass)
ORDER BY 1, 2, 3
