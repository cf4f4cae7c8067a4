-- Comments on user objects (oid >= FirstNormalObjectId); the caller keeps
-- those of objects the other queries read, and reports the others.
SELECT d.classoid::regclass::text AS catalog,
       d.objoid AS oid,
       d.objsubid AS subid,
       d.description,
       CASE WHEN d.classoid = 'pg_class'::regclass AND d.objsubid > 0 THEN
         (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = d.objoid AND a.attnum = d.objsubid)
       END AS column_name
FROM pg_description d
WHERE d.objoid >= 16384
ORDER BY 1, 2, 3
