-- Comments on user objects (oid >= FirstNormalObjectId); the caller keeps
-- those of objects the other queries read, and reports the others.
SELECT d.classoid::regclass::text AS catalog,
       d.objoid AS oid,
       d.objsubid AS subid,
       d.description
FROM pg_description d
WHERE d.objoid >= 16384
ORDER BY 1, 2, 3
