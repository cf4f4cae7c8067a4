-- The spelling of every type the other queries referred to, as (oid, typmod)
-- pairs ($1, $2; a NULL typmod for function arguments and results, which have
-- none). An array type is split into its element type and one dimension; the
-- element is spelled by format_type with the typmod.
SELECT r.oid AS type_oid,
       r.typmod,
       e.oid AS element_oid,
       e.oid <> t.oid AS is_array,
       format_type(e.oid, r.typmod) AS formatted
FROM unnest($1::oid[], $2::int4[]) AS r(oid, typmod)
JOIN pg_type t ON t.oid = r.oid
LEFT JOIN pg_type el ON el.oid = t.typelem AND el.typarray = t.oid AND t.typlen = -1
JOIN pg_type e ON e.oid = coalesce(el.oid, t.oid)
ORDER BY r.oid, r.typmod
