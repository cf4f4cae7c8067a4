-- Functions and procedures of the managed schemas (not aggregates or window
-- functions). Arguments in order, all modes; a NULL mode array means all IN.
-- Overloads are ordered by their identity arguments.
SELECT p.oid,
       n.nspname::text AS schema,
       p.proname::text AS name,
       p.prokind::text AS kind,
       l.lanname::text AS language,
       p.provolatile::text AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       p.proparallel::text AS parallel,
       p.procost::text AS cost,
       p.prorows::text AS rows,
       coalesce(p.proconfig, '{}') AS config,
       p.proretset AS returns_set,
       p.prorettype AS return_oid,
       coalesce(p.proallargtypes, p.proargtypes::oid[]) AS arg_types,
       p.proargmodes::text[] AS arg_modes,
       p.proargnames::text[] AS arg_names,
       ARRAY(SELECT pg_get_function_arg_default(p.oid, g.n)
             FROM generate_series(1, cardinality(coalesce(p.proallargtypes, p.proargtypes::oid[]))) AS g(n)
             ORDER BY g.n) AS arg_defaults,
       p.prosrc AS body,
       p.prosqlbody IS NOT NULL AS standard_body
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT FROM pg_depend d
    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) COLLATE "C"
