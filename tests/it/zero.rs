//! Zero-downtime recipes against live PostgreSQL, with the application's
//! view of the table checked between the phases: what old code (the old
//! shape) and new code (the new shape) can do while both run.

use crate::pg::populated;
use godwit::diagnostics::SourceFiles;
use godwit::introspect::{IntrospectOptions, introspect};
use godwit::ir::{QualName, TableStats};
use godwit::plan::{Mode, Plan, PlanOptions};

fn lowered(text: &str) -> godwit::lower::Lowered {
    let mut files = SourceFiles::new();
    files.add("schema.gw", text);
    let lowered = godwit::lower::compile(&files);
    assert!(!lowered.has_errors(), "{}", godwit::diagnostics::render(&lowered.diagnostics, &files, false));
    lowered
}

/// The zero-downtime plan from the live database to `to`, as if its tables
/// were populated (so that the recipes, not the plain path, are used).
fn plan_to(client: &mut postgres::Client, to: &str) -> Plan {
    let shadow = godwit::shadow::Shadow::external(&crate::pg::cluster().url("postgres")).unwrap();
    let current = introspect(client, &IntrospectOptions::default()).unwrap();
    let mut facts = current.facts();
    for table in current.catalog.tables.keys() {
        facts.table_stats.insert(table.clone(), TableStats { reltuples: 50_000.0, relpages: 500 });
    }
    let to = lowered(to);
    let desired = shadow.normalize(&to.catalog, &to.meta).unwrap().catalog;
    let options = PlanOptions { mode: Mode::ZeroDowntime };
    let plan = godwit::plan::plan_with_facts(&current.catalog, &facts, &desired, &to.meta, &options);
    shadow.prove_phases(&current.catalog, &plan, &desired).unwrap();
    plan
}

fn run_phase(client: &mut postgres::Client, plan: &Plan, name: &str) {
    let phase = plan.phases.iter().find(|phase| phase.name == name).unwrap();
    let one = Plan { mode: plan.mode, phases: vec![phase.clone()], hazards: Vec::new() };
    godwit::apply::apply(client, &one, |_, _| {}).unwrap_or_else(|err| panic!("{name}: {err}"));
}

fn texts(client: &mut postgres::Client, sql: &str) -> Vec<String> {
    client.query(sql, &[]).unwrap().iter().map(|row| row.get::<_, String>(0)).collect()
}

#[test]
fn a_renamed_column_answers_to_both_names_until_contract() {
    let Some((_, mut client)) = populated(
        "zero_rename_column",
        "CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL);
             CREATE INDEX people_name_idx ON people (name);
             CREATE INDEX people_lower_idx ON people (id) INCLUDE (name);
             INSERT INTO people SELECT g, 'person ' || g FROM generate_series(1, 100) g;",
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        "table people {\n  id bigint primary key\n  @renamed_from(name)\n  full_name text not null\n  index people_name_idx (full_name)\n  index people_lower_idx (id) include (full_name)\n}\n",
    );
    let summaries: Vec<&str> = plan.steps().map(|step| step.summary.as_str()).collect();
    assert!(summaries.iter().any(|summary| summary.contains("kept equal to name")), "{summaries:?}");

    run_phase(&mut client, &plan, "expand");
    run_phase(&mut client, &plan, "backfill");
    // Old code writes the old name, new code the new one; each sees the other's writes.
    client.batch_execute("INSERT INTO people (id, name) VALUES (101, 'old code')").unwrap();
    client.batch_execute("INSERT INTO people (id, full_name) VALUES (102, 'new code')").unwrap();
    client.batch_execute("UPDATE people SET name = 'renamed by old code' WHERE id = 1").unwrap();
    client.batch_execute("UPDATE people SET full_name = 'renamed by new code' WHERE id = 2").unwrap();
    let by_old = texts(&mut client, "SELECT name FROM people WHERE id IN (1, 2, 3, 101, 102) ORDER BY id");
    let by_new = texts(&mut client, "SELECT full_name FROM people WHERE id IN (1, 2, 3, 101, 102) ORDER BY id");
    let expected = ["renamed by old code", "renamed by new code", "person 3", "old code", "new code"];
    assert_eq!(by_old, expected);
    assert_eq!(by_new, expected);
    // New code still cannot leave the column empty.
    assert!(client.batch_execute("INSERT INTO people (id) VALUES (103)").is_err());

    run_phase(&mut client, &plan, "contract");
    let after = texts(&mut client, "SELECT full_name FROM people WHERE id IN (1, 2, 3, 101, 102) ORDER BY id");
    assert_eq!(after, expected);
    assert!(client.batch_execute("SELECT name FROM people").is_err());
    let catalog = introspect(&mut client, &IntrospectOptions::default()).unwrap().catalog;
    let table = &catalog.tables[&QualName::new("public", "people")];
    assert_eq!(table.columns.keys().collect::<Vec<_>>(), ["id", "full_name"]);
    assert!(table.columns["full_name"].not_null);
    let count: i64 = client.query_one("SELECT count(*) FROM people", &[]).unwrap().get(0);
    assert_eq!(count, 102);
}

/// When the plan also drops an index on the renamed column (its derived name
/// changes with the column's), the rename is done in place, says why, and
/// every phase still rolls back: the dropped index comes back on the
/// column's new name.
#[test]
fn a_rename_that_cannot_keep_both_names_is_done_in_place_and_rolls_back() {
    let Some((_, mut client)) = populated(
        "zero_rename_in_place",
        "CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL);
             CREATE INDEX people_name_idx ON people (name);
             INSERT INTO people SELECT g, 'person ' || g FROM generate_series(1, 10) g;",
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        "table people {\n  id bigint primary key\n  @renamed_from(name)\n  full_name text not null\n  index (full_name)\n}\n",
    );
    let reason = plan
        .all_hazards()
        .find(|hazard| hazard.code == "breaks-clients" && hazard.message.contains("renamed in place"))
        .map(|hazard| hazard.message.clone());
    assert!(reason.is_some_and(|reason| reason.contains("drop index public.people_name_idx")), "{plan:#?}");
    crate::pg::apply_phases_with_rollbacks(&mut client, &plan).unwrap();
    let names = texts(&mut client, "SELECT full_name FROM people ORDER BY id LIMIT 2");
    assert_eq!(names, ["person 1", "person 2"]);
}

/// Removing and reordering enum labels goes through a new type: each column
/// is copied to it while the old one serves, and the types swap at contract.
#[test]
fn an_enum_loses_and_reorders_labels_through_a_new_type() {
    let Some((_, mut client)) = populated(
        "zero_enum_recreate",
        "CREATE TYPE tier AS ENUM ('free', 'legacy', 'pro');
             CREATE TABLE subscriptions (id bigint PRIMARY KEY, tier tier NOT NULL DEFAULT 'free');
             CREATE INDEX subscriptions_tier_idx ON subscriptions (tier);
             INSERT INTO subscriptions SELECT g, CASE WHEN g % 2 = 0 THEN 'free'::tier ELSE 'pro'::tier END
               FROM generate_series(1, 100) g;",
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        "enum tier { 'pro', 'free' }\n\ntable subscriptions {\n  id bigint primary key\n  tier tier not null default 'free'\n  index subscriptions_tier_idx (tier)\n}\n",
    );
    assert!(plan.steps().all(|step| !step.rewrites), "{}", godwit::render::sql_script(&plan));

    run_phase(&mut client, &plan, "expand");
    run_phase(&mut client, &plan, "backfill");
    client.batch_execute("INSERT INTO subscriptions (id) VALUES (101)").unwrap();
    client.batch_execute("INSERT INTO subscriptions (id, tier) VALUES (102, 'pro')").unwrap();
    assert!(client.batch_execute("INSERT INTO subscriptions (id, tier) VALUES (103, 'legacy')").is_err());

    run_phase(&mut client, &plan, "contract");
    let labels = texts(&mut client, "SELECT unnest(enum_range(NULL::tier))::text");
    assert_eq!(labels, ["pro", "free"]);
    let tiers = texts(&mut client, "SELECT tier::text FROM subscriptions WHERE id IN (1, 2, 101, 102) ORDER BY id");
    assert_eq!(tiers, ["pro", "free", "free", "pro"]);
    // Sorted by the new label order.
    let first = texts(&mut client, "SELECT tier::text FROM subscriptions ORDER BY subscriptions.tier LIMIT 1");
    assert_eq!(first, ["pro"]);
    client.batch_execute("INSERT INTO subscriptions (id) VALUES (104)").unwrap();
    let count: i64 = client.query_one("SELECT count(*) FROM subscriptions", &[]).unwrap().get(0);
    assert_eq!(count, 103);
    let catalog = introspect(&mut client, &IntrospectOptions::default()).unwrap().catalog;
    let table = &catalog.tables[&QualName::new("public", "subscriptions")];
    assert!(table.indexes.contains_key("subscriptions_tier_idx"));
}

/// integer → bigint on a primary key, a unique key, a check and a foreign
/// key column: each column is copied, its constraints rebuilt online on the
/// copy (a unique index built concurrently, a foreign key or check validated
/// apart) and attached at the swap; nothing rewrites the table.
#[test]
fn keys_follow_their_columns_through_a_type_change() {
    let Some((_, mut client)) = populated(
        "zero_keys_widen",
        "CREATE TABLE accounts (id bigint PRIMARY KEY);
             INSERT INTO accounts SELECT generate_series(1, 10);
             CREATE TABLE readings (
                 id integer PRIMARY KEY,
                 account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                 serial integer UNIQUE CHECK (serial > 0)
             );
             INSERT INTO readings SELECT g, 1 + g % 10, g * 7 FROM generate_series(1, 100) g;",
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        "table accounts {\n  id bigint primary key\n}\n\ntable readings {\n  id bigint primary key\n  account_id bigint not null references accounts (id) on delete cascade\n  serial bigint unique check (serial > 0)\n}\n",
    );
    let script = godwit::render::sql_script(&plan);
    assert!(plan.steps().all(|step| !step.rewrites), "{script}");
    assert!(!script.contains("TYPE bigint"), "{script}");

    run_phase(&mut client, &plan, "expand");
    run_phase(&mut client, &plan, "backfill");
    client.batch_execute("INSERT INTO readings VALUES (101, 3, 1000)").unwrap();
    assert!(client.batch_execute("INSERT INTO readings VALUES (102, 3, 1000)").is_err(), "duplicate serial");
    assert!(client.batch_execute("INSERT INTO readings VALUES (103, 99, 2000)").is_err(), "no account 99");

    run_phase(&mut client, &plan, "contract");
    let catalog = introspect(&mut client, &IntrospectOptions::default()).unwrap().catalog;
    let table = &catalog.tables[&QualName::new("public", "readings")];
    for column in ["id", "account_id", "serial"] {
        assert_eq!(godwit::ir::data_type_sql_unquoted(&table.columns[column].ty), "bigint", "{column}");
    }
    let mut names: Vec<&str> = table.constraints.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["readings_account_id_fkey", "readings_pkey", "readings_serial_check", "readings_serial_key"]);
    assert!(client.batch_execute("INSERT INTO readings (id, account_id, serial) VALUES (7, 1, -1)").is_err());
    // (The copies come last: the columns' order changes, as with any copy and swap.)
    let insert = "INSERT INTO readings (id, account_id, serial) VALUES";
    client.batch_execute(&format!("{insert} (5000000000, 3, 5000000000)")).unwrap();
    assert!(client.batch_execute(&format!("{insert} (5000000000, 3, 1)")).is_err(), "duplicate id");
    client.batch_execute("DELETE FROM accounts WHERE id = 3").unwrap();
    let left: i64 = client.query_one("SELECT count(*) FROM readings WHERE account_id = 3", &[]).unwrap().get(0);
    assert_eq!(left, 0, "the foreign key still cascades");
    let count: i64 = client.query_one("SELECT count(*) FROM readings", &[]).unwrap().get(0);
    assert!(count > 80);
}

/// A new `not null` column filled by `@backfill`: old rows in batches, rows
/// the running application inserts meanwhile by a trigger, until contract.
#[test]
fn a_backfilled_column_is_filled_for_rows_inserted_during_the_backfill() {
    let Some((_, mut client)) = populated(
        "zero_backfill_trigger",
        "CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL);
             INSERT INTO people SELECT g, 'Person ' || g FROM generate_series(1, 100) g;",
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        "table people {\n  id bigint primary key\n  name text not null\n  @backfill(lower(name))\n  handle text not null\n}\n",
    );
    run_phase(&mut client, &plan, "expand");
    // Old code, between expand and the backfill.
    client.batch_execute("INSERT INTO people (id, name) VALUES (101, 'Early Bird')").unwrap();
    run_phase(&mut client, &plan, "backfill");
    client.batch_execute("INSERT INTO people (id, name) VALUES (102, 'Late Comer')").unwrap();
    let handles = texts(&mut client, "SELECT handle FROM people WHERE id IN (1, 101, 102) ORDER BY id");
    assert_eq!(handles, ["person 1", "early bird", "late comer"]);
    run_phase(&mut client, &plan, "contract");
    assert!(client.batch_execute("INSERT INTO people (id, name) VALUES (103, 'Too Late')").is_err());
    client.batch_execute("INSERT INTO people (id, name, handle) VALUES (103, 'New Code', 'new')").unwrap();
}

/// An identity column added to a populated table: numbered without a
/// rewrite (a temporary sequence, a batched backfill), then made the
/// identity, whose sequence goes on where the numbering stopped.
#[test]
fn an_identity_column_joins_a_populated_table_without_a_rewrite() {
    let Some((_, mut client)) = populated(
        "zero_identity",
        "CREATE TABLE events (name text NOT NULL);
             INSERT INTO events SELECT 'event ' || g FROM generate_series(1, 100) g;",
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        "table events {\n  name text not null\n  id bigint generated always as identity primary key\n}\n",
    );
    let script = godwit::render::sql_script(&plan);
    assert!(plan.steps().all(|step| !step.rewrites), "{script}");
    run_phase(&mut client, &plan, "expand");
    client.batch_execute("INSERT INTO events (name) VALUES ('during')").unwrap();
    run_phase(&mut client, &plan, "backfill");
    assert!(plan.phases.iter().all(|phase| phase.name != "contract" || phase.steps.is_empty()), "{script}");
    client.batch_execute("INSERT INTO events (name) VALUES ('after')").unwrap();
    let row = client.query_one("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM events", &[]).unwrap();
    let (count, distinct, min, max): (i64, i64, i64, i64) = (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!((count, distinct, min, max), (102, 102, 1, 102), "{script}");
    let after: i64 = client.query_one("SELECT id FROM events WHERE name = 'after'", &[]).unwrap().get(0);
    assert_eq!(after, 102);
    assert!(client.batch_execute("INSERT INTO events (id, name) VALUES (7, 'explicit')").is_err(), "always");
    let sequences: i64 = client
        .query_one("SELECT count(*) FROM pg_class WHERE relkind = 'S' AND relname LIKE '%godwit%'", &[])
        .unwrap()
        .get(0);
    assert_eq!(sequences, 0);
}

/// The roles the application runs as keep their privileges through a
/// table rename (the view under the old name has them) and a type change by
/// a column copy (the copy gets the column's privileges after the swap).
#[test]
fn the_application_role_keeps_its_privileges_through_renames_and_copies() {
    let role = format!("zero_app_{}", std::process::id());
    let Some((_, mut client)) = populated(
        "zero_privileges",
        &format!(
            "DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
             CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL, n integer);
             INSERT INTO people SELECT g, 'person ' || g, g FROM generate_series(1, 100) g;
             GRANT SELECT (id, name) ON people TO {role};
             GRANT SELECT (n), UPDATE (n) ON people TO {role};"
        ),
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        &format!(
            "@renamed_from(people)\ntable persons {{\n  id   bigint primary key\n  name text not null\n  n    bigint\n}}\n\
             grant select (id, name, n), update (n) on table persons to {role}\n"
        ),
    );
    let as_app = |client: &mut postgres::Client, sql: &str| {
        client.batch_execute(&format!("SET ROLE {role}; {sql}; RESET ROLE")).map_err(|err| err.to_string())
    };
    run_phase(&mut client, &plan, "expand");
    run_phase(&mut client, &plan, "backfill");
    // Old code reads the old name, new code the new one.
    as_app(&mut client, "SELECT id, name, n FROM people").unwrap();
    as_app(&mut client, "SELECT id, name, n FROM persons").unwrap();
    as_app(&mut client, "UPDATE persons SET n = 7 WHERE id = 1").unwrap();
    run_phase(&mut client, &plan, "contract");
    as_app(&mut client, "SELECT id, name, n FROM persons").unwrap();
    as_app(&mut client, "UPDATE persons SET n = 8 WHERE id = 1").unwrap();
    assert!(as_app(&mut client, "UPDATE persons SET name = 'x' WHERE id = 1").is_err());
    let n: i64 = client.query_one("SELECT n FROM persons WHERE id = 1", &[]).unwrap().get(0);
    assert_eq!(n, 8);
}

#[test]
fn a_partitioned_table_gets_its_index_partition_by_partition_and_loses_a_partition_without_locking() {
    let Some((_, mut client)) = populated(
        "zero_partitions",
        "CREATE TABLE readings (id bigint NOT NULL, at date NOT NULL, region text NOT NULL, value int,
                 PRIMARY KEY (id, at, region)) PARTITION BY RANGE (at);
             CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
             CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
                 PARTITION BY LIST (region);
             CREATE TABLE readings_2025_eu PARTITION OF readings_2025 FOR VALUES IN ('eu');
             CREATE TABLE readings_2025_us PARTITION OF readings_2025 FOR VALUES IN ('us');
             INSERT INTO readings SELECT g, DATE '2024-03-01' + (g % 600), CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g
                 FROM generate_series(1, 1000) g;",
    ) else {
        return;
    };
    let plan = plan_to(
        &mut client,
        "table readings partition by range (at) {
  id bigint
  at date
  region text
  value integer
  primary key (id, at, region)
  index readings_value (value)
}
table readings_2025 partition of readings for values from ('2025-01-01') to ('2026-01-01') partition by list (region)
table readings_2025_eu partition of readings_2025 for values in ('eu')
table readings_2025_us partition of readings_2025 for values in ('us')
table readings_2026 partition of readings for values from ('2026-01-01') to ('2027-01-01')
",
    );
    let sql: Vec<&str> = plan.steps().flat_map(|step| step.sql.iter().map(String::as_str)).collect();
    assert!(sql.contains(&"CREATE INDEX readings_value ON ONLY public.readings (value)"), "{sql:#?}");
    assert!(
        sql.iter().any(|statement| statement.starts_with("CREATE INDEX CONCURRENTLY")
            && statement.contains("public.readings_2025_eu")),
        "{sql:#?}"
    );
    assert!(
        sql.contains(&"ALTER TABLE public.readings DETACH PARTITION public.readings_2024 CONCURRENTLY"),
        "{sql:#?}"
    );

    run_phase(&mut client, &plan, "expand");
    // Every partition has the index, so the parent's is valid.
    let invalid = texts(&mut client, "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid");
    assert!(invalid.is_empty(), "{invalid:?}");
    client.batch_execute("INSERT INTO readings VALUES (5000, '2026-02-01', 'eu', 1)").unwrap();
    run_phase(&mut client, &plan, "contract");
    let count = texts(&mut client, "SELECT count(*)::text FROM readings");
    // The 2024 rows went with their partition: 306 days of 2024 from March on.
    let kept: i64 = (1..=1000).filter(|g| g % 600 >= 306).count() as i64 + 1;
    assert_eq!(count, vec![kept.to_string()]);
    let tables = texts(&mut client, "SELECT relname::text FROM pg_class WHERE relname LIKE 'readings_2024%'");
    assert!(tables.is_empty(), "{tables:?}");
}
