-- Normal and automatic dependencies between user objects (both oids >=
-- FirstNormalObjectId): view rules on relations, columns and functions;
-- defaults on sequences and functions; columns on types; triggers on
-- functions; foreign keys on referenced keys; … The caller keeps the edges
-- whose both ends are objects the other queries read.
SELECT d.classid::regclass::text AS catalog,
       d.objid AS oid,
       d.objsubid AS subid,
       d.refclassid::regclass::text AS ref_catalog,
       d.refobjid AS ref_oid,
       d.refobjsubid AS ref_subid
FROM pg_depend d
WHERE d.deptype IN ('n', 'a')
  AND d.objid >= 16384
  AND d.refobjid >= 16384
  AND d.classid NOT IN ('pg_depend'::regclass, 'pg_description'::regclass)
ORDER BY 1, 2, 3, 4, 5, 6
