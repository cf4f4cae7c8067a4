-- User triggers (not internal ones, such as those of foreign keys, nor the
-- clones a partitioned table's trigger has on its partitions) on the
-- relations of the managed schemas. `tgtype` bits: 1 row, 2 before, 4 insert,
-- 8 delete, 16 update, 32 truncate, 64 instead of. `WHEN` is read from the
-- definition (not pretty).
SELECT tg.oid,
       tg.tgrelid AS table_oid,
       tg.tgname::text AS name,
       tg.tgtype::int4 AS type,
       tg.tgconstraint <> 0 AS constraint_trigger,
       tg.tgdeferrable AS deferrable,
       tg.tginitdeferred AS initially_deferred,
       (SELECT rn.nspname::text FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE rc.oid = tg.tgconstrrelid) AS from_schema,
       (SELECT rc.relname::text FROM pg_class rc WHERE rc.oid = tg.tgconstrrelid) AS from_table,
       tg.tgoldtable::text AS old_table,
       tg.tgnewtable::text AS new_table,
       tg.tgenabled::text AS enabled,
       fn.nspname::text AS function_schema,
       f.proname::text AS function_name,
       tg.tgnargs::int4 AS nargs,
       tg.tgargs AS args,
       ARRAY(SELECT a.attname::text
             FROM unnest(tg.tgattr::int2[]) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = tg.tgrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS columns,
       pg_get_triggerdef(tg.oid, false) AS definition
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc f ON f.oid = tg.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
WHERE NOT tg.tgisinternal
  AND tg.tgparentid = 0
  AND n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname, tg.tgname
