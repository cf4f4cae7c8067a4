//! The `godwit` binary against real PostgreSQL: SQL and database sources,
//! inspect, apply, and one-line errors for bad input.

use crate::cli::{godwit, stderr, stdout};

/// A fresh database on the shared test cluster, by URL; `None` to skip.
fn database(test: &str) -> Option<String> {
    crate::pg::cluster_or_skip()?;
    Some(crate::pg::fresh_database(test).0)
}

/// How recorded migration `id` ended (`None` while it is in progress).
fn outcome(client: &mut postgres::Client, id: i64) -> Option<String> {
    client.query_one("SELECT outcome FROM _godwit.migrations WHERE id = $1", &[&id]).unwrap().get(0)
}

/// A directory `root/name` holding `schema.gw` with `text`, by path.
fn schema_dir(root: &std::path::Path, name: &str, text: &str) -> String {
    let path = root.join(name);
    std::fs::create_dir_all(&path).unwrap();
    std::fs::write(path.join("schema.gw"), text).unwrap();
    path.to_str().unwrap().to_string()
}

/// `--dev-url` for the shared test cluster, so that the binary does not start its own.
fn dev_url() -> String {
    crate::pg::cluster().url("postgres")
}

#[test]
fn plan_between_sql_files() {
    if crate::pg::cluster_or_skip().is_none() {
        return;
    }
    let case = "tests/conformance/12-enum-add-value";
    let output = godwit(&[
        "plan",
        "--from",
        &format!("{case}/from.sql"),
        "--to",
        &format!("{case}/to.sql"),
        "--format",
        "sql",
        "--dev-url",
        &dev_url(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stdout(&output).contains("ADD VALUE IF NOT EXISTS 'refunded'"), "{}", stdout(&output));
}

#[test]
fn every_example_applies_inspects_and_plans_empty_against_its_inspection() {
    if crate::pg::cluster_or_skip().is_none() {
        return;
    }
    let dev = dev_url();
    for (idx, example) in
        ["schemas/shop/v1", "schemas/shop/v2", "schemas/shop/v3", "schemas/saas/v1", "schemas/saas/v2"]
            .iter()
            .enumerate()
    {
        let url = crate::pg::fresh_database(&format!("cli_round_trip_{idx}")).0;
        let apply = godwit(&["apply", "--db", &url, "--to", example, "--yes", "--dev-url", &dev]);
        assert_eq!(apply.status.code(), Some(0), "{example}: {}", stderr(&apply));

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("inspected");
        let split = if idx % 2 == 0 { "table" } else { "schema" };
        let inspect = godwit(&["inspect", "--db", &url, "-o", out.to_str().unwrap(), "--split", split]);
        assert_eq!(inspect.status.code(), Some(0), "{example}: {}", stderr(&inspect));
        let fmt = godwit(&["fmt", "--check", out.to_str().unwrap()]);
        assert_eq!(fmt.status.code(), Some(0), "{example}: {}{}", stdout(&fmt), stderr(&fmt));

        let again = godwit(&["plan", "--from", &url, "--to", out.to_str().unwrap(), "--dev-url", &dev]);
        assert_eq!(again.status.code(), Some(0), "{example}: {}{}", stdout(&again), stderr(&again));
        let against_source = godwit(&["plan", "--from", &url, "--to", example, "--dev-url", &dev]);
        assert_eq!(
            against_source.status.code(),
            Some(0),
            "{example}: {}{}",
            stdout(&against_source),
            stderr(&against_source)
        );
    }
}

#[test]
fn failing_runs_leave_no_embedded_cluster_behind() {
    if crate::pg::cluster_or_skip().is_none() {
        return;
    }
    // The binary starts its own cluster (no --dev-url) under a private TMPDIR.
    let tmp = tempfile::tempdir().unwrap();
    let broken_sql = tmp.path().join("broken.sql");
    std::fs::write(&broken_sql, "create tabel t (id int);\n").unwrap();
    let cluster_dir = tmp.path().join("clusters");
    std::fs::create_dir(&cluster_dir).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_godwit"))
        .args(["plan", "--to", broken_sql.to_str().unwrap()])
        .env("TMPDIR", &cluster_dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("syntax error"), "{}", stderr(&output));
    let left: Vec<_> = std::fs::read_dir(&cluster_dir).unwrap().flatten().map(|entry| entry.path()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn apply_refuses_data_loss_unless_allowed() {
    let Some(url) = database("cli_apply_refuses") else { return };
    let dev = dev_url();
    let first = godwit(&["apply", "--db", &url, "--to", "schemas/shop/v1", "--yes", "--dev-url", &dev]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    // v2 drops the column customers.fax.
    let refused = godwit(&["apply", "--db", &url, "--to", "schemas/shop/v2", "--yes", "--dev-url", &dev]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--allow-hazard data-loss"), "{}", stderr(&refused));
    let allowed = godwit(&[
        "apply",
        "--db",
        &url,
        "--to",
        "schemas/shop/v2",
        "--yes",
        "--allow-hazard",
        "data-loss",
        "--dev-url",
        &dev,
    ]);
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
}

#[test]
fn apply_without_a_terminal_needs_yes() {
    let Some(url) = database("cli_apply_needs_yes") else { return };
    let output = godwit(&["apply", "--db", &url, "--to", "schemas/shop/v1", "--dev-url", &dev_url()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--yes"), "{}", stderr(&output));
}

#[test]
fn bad_input_is_a_one_line_error() {
    if crate::pg::cluster_or_skip().is_none() {
        return;
    }
    let dev = dev_url();
    let dir = tempfile::tempdir().unwrap();
    let broken_sql = dir.path().join("broken.sql");
    std::fs::write(&broken_sql, "create tabel t (id int);\n").unwrap();
    let missing_extension = dir.path().join("ext.gw");
    std::fs::write(&missing_extension, "extension no_such_extension\n").unwrap();

    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "plan".into(),
                "--from".into(),
                "postgres://app:secret@127.0.0.1:1/app".into(),
                "--to".into(),
                "schemas/shop/v1".into(),
                "--dev-url".into(),
                dev.clone(),
            ],
            "127.0.0.1:1",
        ),
        (
            vec!["plan".into(), "--to".into(), broken_sql.to_str().unwrap().into(), "--dev-url".into(), dev.clone()],
            "syntax error",
        ),
        (
            vec![
                "plan".into(),
                "--to".into(),
                missing_extension.to_str().unwrap().into(),
                "--dev-url".into(),
                dev.clone(),
            ],
            "no_such_extension",
        ),
        (
            vec![
                "plan".into(),
                "--to".into(),
                "schemas/shop/v1".into(),
                "--dev-url".into(),
                "postgres://u:secret@127.0.0.1:1/x".into(),
            ],
            "127.0.0.1:1",
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = godwit(&args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("secret"), "{args:?} shows the password: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: not one line: {err}");
    }
}

#[test]
fn apply_recreates_a_view_that_only_the_database_ties_to_a_recreated_enum() {
    let Some(url) = database("cli_apply_recorded_dependency") else { return };
    let dev = dev_url();
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.gw");
    let v2 = dir.path().join("v2.gw");
    // The view's body names no column or function of the enum: only pg_depend
    // knows the view must go before the enum is recreated without 'c'.
    std::fs::write(&v1, "enum mood { 'a', 'b', 'c' }\nview first_mood as $$ select 'a'::mood as m $$\n").unwrap();
    std::fs::write(&v2, "enum mood { 'a', 'b' }\nview first_mood as $$ select 'a'::mood as m $$\n").unwrap();
    for target in [&v1, &v2] {
        let target = target.to_str().unwrap();
        let output = godwit(&["apply", "--db", &url, "--to", target, "--yes", "--dev-url", &dev]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let again = godwit(&["plan", "--from", &url, "--to", v2.to_str().unwrap(), "--dev-url", &dev]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn apply_checks_phase_names_and_runs_the_chosen_phase() {
    let Some(url) = database("cli_apply_phases") else { return };
    let dev = dev_url();
    let bogus =
        godwit(&["apply", "--db", &url, "--to", "schemas/shop/v1", "--yes", "--dev-url", &dev, "--phase", "bogus"]);
    let err = stderr(&bogus);
    assert_eq!(bogus.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: the plan has no phase `bogus`; its phases are: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");

    let output = godwit(&[
        "apply",
        "--db",
        &url,
        "--to",
        "schemas/shop/v1",
        "--yes",
        "--dev-url",
        &dev,
        "--mode",
        "direct",
        "--phase",
        "direct",
        "--lock-timeout",
        "500ms",
        "--max-attempts",
        "3",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("Only the phase direct: "), "{}", stdout(&output));
    assert!(stderr(&output).contains("[1/"), "{}", stderr(&output));
}

#[test]
fn apply_notes_lock_timeouts_and_gives_up() {
    const TEST: &str = "cli_apply_lock_timeouts";
    let Some(url) = database(TEST) else { return };
    let dev = dev_url();
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.gw");
    let v2 = dir.path().join("v2.gw");
    std::fs::write(&v1, "table t {\n  id integer\n}\n").unwrap();
    std::fs::write(&v2, "table t {\n  id integer\n  note text\n}\n").unwrap();
    let first = godwit(&["apply", "--db", &url, "--to", v1.to_str().unwrap(), "--yes", "--dev-url", &dev]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));

    // SHARE lets introspection read t but not the ALTER TABLE go on.
    let mut holder = crate::pg::cluster().connect(&crate::pg::database_name(TEST)).unwrap();
    holder.batch_execute("BEGIN; LOCK TABLE t IN SHARE MODE").unwrap();
    let args = [
        "apply",
        "--db",
        &url,
        "--to",
        v2.to_str().unwrap(),
        "--yes",
        "--dev-url",
        &dev,
        "--lock-timeout",
        "100ms",
        "--max-attempts",
        "2",
    ];
    let output = godwit(&args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let notes: Vec<&str> = err.lines().filter(|line| line.starts_with("note: ")).collect();
    assert_eq!(notes.len(), 1, "{err}");
    assert!(
        notes[0].contains("could not get its locks (attempt 1 of 2: canceling statement due to lock timeout"),
        "{err}"
    );
    let last = err.trim_end().lines().last().unwrap();
    assert!(last.starts_with("error: step 1 (") && last.contains("gave up after 2 attempts"), "{err}");
    assert!(last.contains("--lock-timeout"), "{err}");

    holder.batch_execute("COMMIT").unwrap();
    let output = godwit(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn plan_from_a_database_counts_the_rows_that_fail_a_step() {
    let Some(url) = database("cli_plan_counts_violations") else { return };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, age integer);
             INSERT INTO accounts SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'a' || g END, g % 50 FROM generate_series(1, 100) g;
             ANALYZE accounts;",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("to.gw");
    std::fs::write(
        &target,
        "table accounts {\n  id bigint primary key\n  email text not null\n  age integer check (age >= 18)\n}\n",
    )
    .unwrap();
    let output = godwit(&["plan", "--from", &url, "--to", target.to_str().unwrap(), "--dev-url", &dev_url()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    // 10 null emails; ages 0..17 occur twice each in 1..=100 → 36 rows.
    assert!(text.contains("10 existing rows fail it now"), "{text}");
    assert!(text.contains("36 existing rows fail it now"), "{text}");
    // Sizes come from pg_class: a small table, estimates in place.
    assert!(text.contains("est. < 1 s"), "{text}");
}

/// The phases of a zero-downtime migration run from separate `apply` runs
/// (expand, then the deploy, then backfill and contract): the plan started
/// is recorded in the database and resumed, in order, instead of planned
/// again from the in-between schema (which holds godwit's copy columns and
/// triggers).
#[test]
fn apply_runs_the_phases_of_a_migration_from_separate_runs() {
    let Some((url, mut client)) = crate::pg::populated(
        "cli_apply_separate_phases",
        "CREATE TABLE readings (id bigint PRIMARY KEY, sensor_id integer NOT NULL, label text, legacy text);
             CREATE INDEX readings_sensor_id_idx ON readings (sensor_id);
             INSERT INTO readings SELECT g, g % 7, 'r' || g FROM generate_series(1, 2000) g;
             ANALYZE readings;",
    ) else {
        return;
    };
    let dev = dev_url();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| schema_dir(dir.path(), name, text);
    let target = write(
        "target",
        "table readings {\n  id bigint primary key\n  sensor_id bigint not null\n  @renamed_from(label)\n  title text\n  index (sensor_id)\n}\n",
    );
    let other = write("other", "table readings {\n  id bigint primary key\n  sensor_id integer not null\n}\n");
    let apply = |to: &str, extra: &[&str]| {
        let mut args = vec!["apply", "--db", &url, "--to", to, "--yes", "--dev-url", &dev];
        args.extend_from_slice(extra);
        godwit(&args)
    };

    // The drop of `legacy` (contract) needs allowing only when contract runs.
    let expand = apply(&target, &["--phase", "expand"]);
    assert_eq!(expand.status.code(), Some(0), "{}", stderr(&expand));
    assert!(stdout(&expand).contains("Recorded as migration #1"), "{}", stdout(&expand));
    assert!(stdout(&expand).contains("--phase backfill` next"), "{}", stdout(&expand));

    // Out of order, or toward another schema: refused, one line each.
    let contract = apply(&target, &["--phase", "contract"]);
    assert_eq!(contract.status.code(), Some(1));
    assert!(
        stderr(&contract).contains("phases run in order: the next phase to run is `backfill`"),
        "{}",
        stderr(&contract)
    );
    let elsewhere = apply(&other, &["--allow-hazard", "data-loss"]);
    assert_eq!(elsewhere.status.code(), Some(1));
    assert!(stderr(&elsewhere).contains("is in the middle of migration #1"), "{}", stderr(&elsewhere));

    // Old code keeps writing between the runs.
    client.batch_execute("INSERT INTO readings (id, sensor_id, label) VALUES (5001, 3, 'between')").unwrap();
    let backfill = apply(&target, &["--phase", "backfill"]);
    assert_eq!(backfill.status.code(), Some(0), "{}", stderr(&backfill));
    assert!(stdout(&backfill).contains("Resuming migration #1"), "{}", stdout(&backfill));
    let refused = apply(&target, &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("data-loss"), "{}", stderr(&refused));
    let rest = apply(&target, &["--allow-hazard", "data-loss"]);
    assert_eq!(rest.status.code(), Some(0), "{}", stderr(&rest));
    assert!(stdout(&rest).contains("phases done: expand, backfill"), "{}", stdout(&rest));

    let row = client.query_one("SELECT sensor_id, title FROM readings WHERE id = 5001", &[]).unwrap();
    assert_eq!((row.get::<_, i64>(0), row.get::<_, String>(1)), (3, "between".to_string()));
    let again = apply(&target, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).contains("No changes"), "{}", stdout(&again));
    assert_eq!(outcome(&mut client, 1).as_deref(), Some("done"));
}

/// `apply --undo` runs the rollback of the last phase done, phase after
/// phase, back to the schema the migration started from.
#[test]
fn apply_undo_rolls_back_the_phases_done() {
    let Some((url, mut client)) = crate::pg::populated(
        "cli_apply_undo",
        "CREATE TABLE readings (id bigint PRIMARY KEY, sensor_id integer NOT NULL);
             INSERT INTO readings SELECT g, g % 7 FROM generate_series(1, 2000) g;
             ANALYZE readings;",
    ) else {
        return;
    };
    let dev = dev_url();
    let columns = |client: &mut postgres::Client| -> Vec<String> {
        client
            .query(
                "SELECT attname::text FROM pg_attribute WHERE attrelid = 'readings'::regclass AND attnum > 0
                 AND NOT attisdropped ORDER BY attnum",
                &[],
            )
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let target = &schema_dir(
        dir.path(),
        "target",
        "table readings {\n  id bigint primary key\n  sensor_id bigint not null\n  index (sensor_id)\n}\n",
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["apply", "--db", &url, "--yes", "--dev-url", &dev];
        args.extend_from_slice(extra);
        godwit(&args)
    };

    let nothing = run(&["--undo"]);
    assert_eq!(nothing.status.code(), Some(1));
    assert!(stderr(&nothing).contains("no migration is in progress"), "{}", stderr(&nothing));

    for phase in ["expand", "backfill"] {
        let output = run(&["--to", target, "--phase", phase]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    assert!(columns(&mut client).contains(&"sensor_id__godwit_new".to_string()));

    let undo_backfill = run(&["--undo"]);
    assert_eq!(undo_backfill.status.code(), Some(0), "{}", stderr(&undo_backfill));
    assert!(
        stdout(&undo_backfill).contains("Undoing the backfill phase of migration #1"),
        "{}",
        stdout(&undo_backfill)
    );
    let undo_expand = run(&["--undo"]);
    assert_eq!(undo_expand.status.code(), Some(0), "{}", stderr(&undo_expand));
    assert_eq!(columns(&mut client), ["id", "sensor_id"]);
    assert_eq!(outcome(&mut client, 1).as_deref(), Some("rolled back"));

    // Planned afresh from the original schema, and run to the end.
    let again = run(&["--to", target]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(!stdout(&again).contains("Resuming"), "{}", stdout(&again));
    assert_eq!(columns(&mut client), ["id", "sensor_id"]);
    let ty: String = client
        .query_one("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'readings'::regclass AND attname = 'sensor_id'", &[])
        .unwrap()
        .get(0);
    assert_eq!(ty, "bigint");
}

/// An apply that stops part way (here a backfill that fails on a row) has
/// its progress recorded after every committed step; once the row is fixed,
/// the same command goes on from the failed step instead of planning again
/// from the half-changed schema.
#[test]
fn apply_resumes_after_the_last_committed_step() {
    let Some((url, mut client)) = crate::pg::populated(
        "cli_apply_resume_step",
        "CREATE TABLE t (id bigint PRIMARY KEY, n integer NOT NULL);
             INSERT INTO t SELECT g, g % 5 FROM generate_series(1, 2000) g;
             ANALYZE t;",
    ) else {
        return;
    };
    let dev = dev_url();
    let dir = tempfile::tempdir().unwrap();
    let target = &schema_dir(
        dir.path(),
        "target",
        "table t {\n  id bigint primary key\n  n integer not null\n  @backfill(100 / n)\n  q integer not null\n}\n",
    );
    let apply = || godwit(&["apply", "--db", &url, "--to", target, "--yes", "--dev-url", &dev]);

    let failed = apply();
    assert_eq!(failed.status.code(), Some(1), "{}", stdout(&failed));
    let err = stderr(&failed);
    assert!(err.contains("division by zero"), "{err}");
    assert!(err.contains("run the same `godwit apply` again"), "{err}");
    let steps_done: i32 = client.query_one("SELECT steps_done FROM _godwit.migrations", &[]).unwrap().get(0);
    assert!(steps_done >= 1, "the expand step is recorded as done");

    let undo = godwit(&["apply", "--db", &url, "--undo", "--yes"]);
    assert_eq!(undo.status.code(), Some(1));
    assert!(stderr(&undo).contains("stopped part way through a phase"), "{}", stderr(&undo));

    client.batch_execute("UPDATE t SET n = 1 WHERE n = 0").unwrap();
    let resumed = apply();
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert!(stdout(&resumed).contains(&format!("which stopped after step {steps_done}")), "{}", stdout(&resumed));
    let wrong: i64 = client.query_one("SELECT count(*) FROM t WHERE q IS DISTINCT FROM 100 / n", &[]).unwrap().get(0);
    assert_eq!(wrong, 0);
    let again = apply();
    assert!(stdout(&again).contains("No changes"), "{}", stdout(&again));
}

/// A recorded migration that stopped before its first step changed anything
/// does not hold the database: an apply toward another schema replaces it.
#[test]
fn a_migration_that_changed_nothing_gives_way_to_another_target() {
    let Some((url, mut client)) = crate::pg::populated(
        "cli_apply_nothing_done",
        "CREATE TABLE t (id bigint PRIMARY KEY, n integer NOT NULL);
             INSERT INTO t SELECT g, g FROM generate_series(1, 2000) g;
             ANALYZE t;",
    ) else {
        return;
    };
    let dev = dev_url();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| schema_dir(dir.path(), name, text);
    let first = write("first", "table t {\n  id bigint primary key\n  n bigint not null\n}\n");
    let second = write("second", "table t {\n  id bigint primary key\n  n integer not null\n  index (n)\n}\n");

    // The first step cannot get its lock: the apply gives up at once.
    let mut holder = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    holder.batch_execute("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE").unwrap();
    let blocked = godwit(&[
        "apply",
        "--db",
        &url,
        "--to",
        &first,
        "--yes",
        "--dev-url",
        &dev,
        "--lock-timeout",
        "100ms",
        "--max-attempts",
        "1",
    ]);
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(blocked.status.code(), Some(1), "{}", stdout(&blocked));
    let steps_done: i32 = client.query_one("SELECT steps_done FROM _godwit.migrations", &[]).unwrap().get(0);
    assert_eq!(steps_done, 0);

    let other = godwit(&["apply", "--db", &url, "--to", &second, "--yes", "--dev-url", &dev]);
    assert_eq!(other.status.code(), Some(0), "{}", stderr(&other));
    assert_eq!(outcome(&mut client, 1).as_deref(), Some("replaced by a plan toward another schema"));
}

/// A role that may change its tables but not create a schema: the plan
/// still runs whole (with a warning that it cannot be resumed), but running
/// only some phases, which needs the record, is refused up front.
#[test]
fn apply_without_the_right_to_record_runs_whole_plans_only() {
    let Some((url, mut client)) = crate::pg::populated(
        "cli_apply_no_record",
        "CREATE ROLE godwit_limited LOGIN;
         CREATE TABLE t (id bigint PRIMARY KEY, n integer NOT NULL);
         INSERT INTO t SELECT g, g FROM generate_series(1, 2000) g;
         ANALYZE t;
         ALTER TABLE t OWNER TO godwit_limited;
         GRANT CREATE ON SCHEMA public TO godwit_limited;",
    ) else {
        return;
    };
    let dev = dev_url();
    let limited = url.replacen("postgres@", "godwit_limited@", 1);
    assert_ne!(limited, url);
    let dir = tempfile::tempdir().unwrap();
    let target = &schema_dir(dir.path(), "target", "table t {\n  id bigint primary key\n  n bigint not null\n}\n");

    let some = godwit(&["apply", "--db", &limited, "--to", target, "--yes", "--dev-url", &dev, "--phase", "expand"]);
    assert_eq!(some.status.code(), Some(1));
    assert!(stderr(&some).contains("--phase needs it to resume later"), "{}", stderr(&some));
    let whole = godwit(&["apply", "--db", &limited, "--to", target, "--yes", "--dev-url", &dev]);
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    assert!(stderr(&whole).contains("cannot be resumed if it stops part way"), "{}", stderr(&whole));
    let ty: String = client
        .query_one("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'n'", &[])
        .unwrap()
        .get(0);
    assert_eq!(ty, "bigint");
    client.batch_execute("DROP OWNED BY godwit_limited CASCADE; DROP ROLE godwit_limited").unwrap();
}

#[test]
fn what_godwit_does_not_model_is_reported_and_strict_refuses_it() {
    let Some((url, _client)) = crate::pg::populated(
        "cli_unmodelled",
        "CREATE TABLE t (a integer);
         ALTER TABLE t ALTER COLUMN a SET STATISTICS 500;
         CREATE TABLE u (a integer);
         ALTER TABLE u ALTER COLUMN a SET STATISTICS 50;
         CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70);",
    ) else {
        return;
    };
    let inspect = godwit(&["inspect", "--db", &url]);
    assert_eq!(inspect.status.code(), Some(0), "{}", stderr(&inspect));
    let warning = stderr(&inspect);
    assert!(warning.contains("warning[unmodelled]:") && warning.contains("3 objects or properties"), "{warning}");
    assert!(warning.contains("  column option: 2\n") && warning.contains("  storage parameters: 1\n"), "{warning}");
    assert!(!warning.contains("public.t_a_idx"), "names only with --verbose: {warning}");

    let verbose = godwit(&["inspect", "--db", &url, "--verbose"]);
    let named = stderr(&verbose);
    assert!(named.contains("  storage parameters public.t_a_idx: WITH (fillfactor=70) is not modelled\n"), "{named}");
    assert!(named.contains("  column option public.u.a: SET STATISTICS 50 is not modelled\n"), "{named}");

    let strict = godwit(&["inspect", "--db", &url, "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("error[unmodelled]:") && stdout(&strict).is_empty(), "{}", stderr(&strict));

    let dir = tempfile::tempdir().unwrap();
    let target =
        schema_dir(dir.path(), "same", "table t {\n  a integer\n  index t_a_idx (a)\n}\ntable u {\n  a integer\n}\n");
    let plan = godwit(&["plan", "--from", &url, "--to", &target, "--format", "json", "--dev-url", &dev_url()]);
    assert_eq!(plan.status.code(), Some(0), "{}", stderr(&plan));
    let json: serde_json::Value = serde_json::from_str(&stdout(&plan)).unwrap();
    assert_eq!(json["unmodelled"].as_array().map(Vec::len), Some(3), "{json}");
    assert_eq!(
        json["unmodelled"][2],
        serde_json::json!({
            "source": "from", "kind": "storage parameters", "name": "public.t_a_idx",
            "why": "WITH (fillfactor=70) is not modelled"
        })
    );
    let strict_plan = godwit(&["plan", "--from", &url, "--to", &target, "--strict", "--dev-url", &dev_url()]);
    assert_eq!(strict_plan.status.code(), Some(1), "{}", stderr(&strict_plan));
}

#[test]
fn apply_grants_to_roles_that_exist_and_refuses_roles_that_do_not() {
    let Some(url) = database("cli_privileges") else { return };
    let dev = dev_url();
    // Roles are cluster-wide and the cluster is shared: names of this run's own.
    let run = std::process::id();
    let (reader, owner, missing) =
        (format!("cli_reader_{run}"), format!("cli_owner_{run}"), format!("cli_missing_{run}"));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&format!("CREATE ROLE {reader} NOLOGIN; CREATE ROLE {owner} NOLOGIN")).unwrap();
    let schema = format!(
        "schema app\ngrant usage on schema app to {reader}\n\n\
         table app.items {{\n  id    integer primary key\n  title text\n}}\n\n\
         owner of table app.items is {owner}\n\
         grant select, update (title) on table app.items to {reader}\n\n\
         function app.hello(name text) returns text language sql as $$ select 'hi ' || name $$\n\n\
         revoke execute on function app.hello(text) from public\n\
         grant execute on function app.hello(text) to {reader}\n\
         default privileges for role {owner} in schema app grant select on tables to {reader}\n"
    );
    let root = tempfile::tempdir().unwrap();

    // A role the database does not have: refused before anything runs, in one line.
    let with_missing =
        schema_dir(root.path(), "missing", &format!("{schema}grant select on table app.items to {missing}\n"));
    let refused = godwit(&["apply", "--db", &url, "--to", &with_missing, "--yes", "--dev-url", &dev]);
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    let message = stderr(&refused);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains(&format!("has no role {missing}")), "{message}");
    assert!(message.contains("godwit never creates roles"), "{message}");
    let schemas: i64 = client.query_one("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'", &[]).unwrap().get(0);
    assert_eq!(schemas, 0, "nothing may run before the roles are checked");
    // `plan` from the database warns about it.
    let planned = godwit(&["plan", "--from", &url, "--to", &with_missing, "--dev-url", &dev]);
    assert_eq!(planned.status.code(), Some(2), "{}", stderr(&planned));
    assert!(stderr(&planned).contains(&format!("has no role {missing}")), "{}", stderr(&planned));

    let dir = schema_dir(root.path(), "schema", &schema);
    let apply = godwit(&["apply", "--db", &url, "--to", &dir, "--yes", "--dev-url", &dev]);
    assert_eq!(apply.status.code(), Some(0), "{}{}", stdout(&apply), stderr(&apply));
    let acl: String =
        client.query_one("SELECT relacl::text FROM pg_class WHERE oid = 'app.items'::regclass", &[]).unwrap().get(0);
    assert_eq!(acl, format!("{{{owner}=arwdDxt/{owner},{reader}=r/{owner}}}"));
    let owner_now: String = client
        .query_one("SELECT pg_get_userbyid(relowner)::text FROM pg_class WHERE oid = 'app.items'::regclass", &[])
        .unwrap()
        .get(0);
    assert_eq!(owner_now, owner);

    // Inspected, the privileges come back as written; planning is empty both ways.
    let out = root.path().join("inspected");
    let inspect = godwit(&["inspect", "--db", &url, "-o", out.to_str().unwrap()]);
    assert_eq!(inspect.status.code(), Some(0), "{}", stderr(&inspect));
    let printed = std::fs::read_to_string(out.join("app.gw")).unwrap();
    for line in [
        format!("owner of table app.items is {owner}"),
        format!("grant select, update (title) on table app.items to {reader}"),
        "revoke execute on function app.hello(text) from public".to_string(),
        format!("default privileges for role {owner} in schema app grant select on tables to {reader}"),
    ] {
        assert!(printed.contains(&line), "{line} missing in:\n{printed}");
    }
    let fmt = godwit(&["fmt", "--check", out.to_str().unwrap()]);
    assert_eq!(fmt.status.code(), Some(0), "{}{}", stdout(&fmt), stderr(&fmt));
    for target in [out.to_str().unwrap(), dir.as_str()] {
        let again = godwit(&["plan", "--from", &url, "--to", target, "--dev-url", &dev]);
        assert_eq!(again.status.code(), Some(0), "{target}: {}{}", stdout(&again), stderr(&again));
    }
}

#[test]
fn a_pg_dump_script_loads_as_a_sql_source() {
    if crate::pg::cluster_or_skip().is_none() {
        return;
    }
    // Written by pg_dump 15.18: `\restrict KEY` first, `\unrestrict KEY` last,
    // dollar quotes, quotes with semicolons, COPY … FROM stdin with its data.
    // (Without the BEGIN ATOMIC function it also had: godwit does not model
    // SQL-standard bodies; the splitter's unit tests cover them.)
    let dump = "tests/data/sql/pg_dump_15_18.sql";
    assert!(std::fs::read_to_string(dump).unwrap().contains("\n\\restrict "));
    let dev = dev_url();
    let plan = godwit(&["plan", "--to", dump, "--format", "sql", "--mode", "direct", "--dev-url", &dev]);
    assert_eq!(plan.status.code(), Some(2), "{}", stderr(&plan));
    for expected in ["CREATE TABLE app.t", "CREATE FUNCTION app.g", "semi; colon"] {
        assert!(stdout(&plan).contains(expected), "no {expected}: {}", stdout(&plan));
    }
    let same = godwit(&["plan", "--from", dump, "--to", dump, "--dev-url", &dev]);
    assert_eq!(same.status.code(), Some(0), "{}{}", stdout(&same), stderr(&same));
}

#[test]
fn a_failing_statement_of_a_sql_source_names_its_file_and_line() {
    if crate::pg::cluster_or_skip().is_none() {
        return;
    }
    let dev = dev_url();
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "bad.sql",
            "\\restrict k\n-- a comment; with a semicolon\ncreate table a (id int);\n\ncreate function f() returns int\n  \
             language sql as $$ select 1; $$;\n\n  create tabel b (id int);\ncreate table c (id int);\n\\unrestrict k\n",
            "bad.sql:8: syntax error at or near \"tabel\"",
        ),
        (
            "missing.sql",
            "create table a (id int);\ncreate index on nope (id);\n",
            "missing.sql:2: relation \"nope\" does not exist",
        ),
        (
            "include.sql",
            "create table a (id int);\n\n\\i other.sql\n",
            "include.sql:3: `\\i other.sql` includes another file",
        ),
        (
            "copy.sql",
            "\\copy a from 'a.csv'\n",
            "copy.sql:1: `\\copy a from 'a.csv'` reads or writes a client-side file",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = godwit(&["plan", "--to", path.to_str().unwrap(), "--dev-url", &dev]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!err.contains("internal error"), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: not one line: {err}");
    }
}

#[test]
fn the_schema_filter_narrows_schema_files_and_sql_sources_too() {
    let Some(url) = database("cli_schema_filter_both_sides") else { return };
    let dev = dev_url();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext;
             CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY, name text NOT NULL);",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The files hold more than the database: other schemas, whose objects
    // and extensions are not planned when those schemas are not managed.
    let files = schema_dir(
        dir.path(),
        "files",
        "schema ext\nextension citext with schema ext\nextension hstore\n\nschema app\n\n\
         table app.t {\n  id integer primary key\n  name text not null\n}\n\n\
         schema other\n\ntable other.x {\n  id integer primary key\n}\n\ntable public.p {\n  id integer\n}\n",
    );
    let sql = dir.path().join("schema.sql");
    std::fs::write(
        &sql,
        "CREATE SCHEMA ext; CREATE EXTENSION citext WITH SCHEMA ext; CREATE EXTENSION hstore;\n\
         CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY, name text NOT NULL);\n\
         CREATE SCHEMA other; CREATE TABLE other.x (id integer PRIMARY KEY); CREATE TABLE public.p (id integer);\n",
    )
    .unwrap();
    let sql = sql.to_str().unwrap();

    // Unfiltered, the plan creates what the database lacks.
    let all = godwit(&["plan", "--from", &url, "--to", &files, "--dev-url", &dev]);
    assert_eq!(all.status.code(), Some(2), "{}", stderr(&all));
    assert!(stdout(&all).contains("other.x"), "{}", stdout(&all));

    let filters: &[&[&str]] = &[
        &["--schema", "app"],
        &["--exclude-schema", "other", "--exclude-schema", "public"],
        &["--schema", "app", "--schema", "nothing_here"],
    ];
    for filter in filters {
        for to in [files.as_str(), sql] {
            for mode in ["zero-downtime", "direct"] {
                let mut args = vec!["plan", "--from", &url, "--to", to, "--mode", mode, "--dev-url", &dev];
                args.extend_from_slice(filter);
                let output = godwit(&args);
                assert_eq!(output.status.code(), Some(0), "{args:?}: {}{}", stdout(&output), stderr(&output));
            }
            // Both sides from files.
            let mut args = vec!["plan", "--from", to, "--to", &files, "--dev-url", &dev];
            args.extend_from_slice(filter);
            let output = godwit(&args);
            assert_eq!(output.status.code(), Some(0), "{args:?}: {}{}", stdout(&output), stderr(&output));
        }
        let mut args = vec!["apply", "--db", &url, "--to", &files, "--yes", "--dev-url", &dev];
        args.extend_from_slice(filter);
        let output = godwit(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}{}", stdout(&output), stderr(&output));
    }
    let untouched: i64 =
        client.query_one("SELECT count(*) FROM pg_namespace WHERE nspname = 'other'", &[]).unwrap().get(0);
    assert_eq!(untouched, 0, "apply created a schema it does not manage");

    // A managed schema's change is still planned, the others' not.
    let schema_gw = std::path::Path::new(&files).join("schema.gw");
    let text = std::fs::read_to_string(&schema_gw).unwrap();
    std::fs::write(&schema_gw, text.replace("name text not null\n", "name text not null\n  note text\n")).unwrap();
    let output =
        godwit(&["plan", "--from", &url, "--to", &files, "--schema", "app", "--format", "sql", "--dev-url", &dev]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let plan = stdout(&output);
    assert!(plan.contains("ADD COLUMN note"), "{plan}");
    for unmanaged in ["SCHEMA ext", "EXTENSION", "other", "public.p"] {
        assert!(!plan.contains(unmanaged), "plans {unmanaged}: {plan}");
    }
}

#[test]
fn contradictory_schema_filters_are_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let files = schema_dir(dir.path(), "files", "table t {\n  id integer\n}\n");
    let cases: &[(&[&str], &str)] = &[
        (
            &["plan", "--to", &files, "--offline", "--schema", "app", "--exclude-schema", "app"],
            "`app` is given to both",
        ),
        (
            &["plan", "--to", &files, "--offline", "--schema", "a", "--schema", "b", "--exclude-schema", "b"],
            "`b` is given to both --schema and --exclude-schema: name",
        ),
        (
            &["apply", "--db", "postgres://u@127.0.0.1:1/x", "--to", &files, "--schema", "a", "--exclude-schema", "a"],
            "which leaves no schema to manage",
        ),
        (&["inspect", "--db", "postgres://u@127.0.0.1:1/x", "--schema", "a", "--exclude-schema", "a"], "`a` is given"),
    ];
    for (args, expected) in cases {
        let output = godwit(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: not one line: {err}");
    }
}

#[test]
fn inspect_prints_serial_columns_as_serial_types() {
    let Some(url) = database("cli_inspect_serials") else { return };
    let dev = dev_url();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    // A Rails-like schema, and sequences that must stay explicit.
    client
        .batch_execute(
            "CREATE TABLE users (id bigserial PRIMARY KEY, email character varying NOT NULL,
                                 created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
             CREATE SCHEMA app;
             CREATE TABLE app.posts (id serial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users,
                                     position smallserial);
             CREATE SEQUENCE invoice_numbers START WITH 1000;
             CREATE TABLE invoices (id bigserial PRIMARY KEY, number integer NOT NULL DEFAULT nextval('invoice_numbers'));
             ALTER SEQUENCE invoice_numbers OWNED BY invoices.number;
             CREATE TABLE tickets (id serial PRIMARY KEY, code serial);
             ALTER SEQUENCE tickets_id_seq INCREMENT BY 10;
             ALTER TABLE tickets ALTER COLUMN code DROP NOT NULL;
             CREATE TABLE counters (n bigint NOT NULL);
             CREATE SEQUENCE counters_n_seq AS integer OWNED BY counters.n;
             ALTER TABLE counters ALTER COLUMN n SET DEFAULT nextval('counters_n_seq');",
        )
        .unwrap();
    let inspect = godwit(&["inspect", "--db", &url]);
    assert_eq!(inspect.status.code(), Some(0), "{}", stderr(&inspect));
    insta::assert_snapshot!(stdout(&inspect), @r#"
    schema app

    sequence counters_n_seq as integer owned by counters.n

    sequence invoice_numbers start with 1000 owned by invoices.number

    sequence tickets_code_seq as integer owned by tickets.code

    sequence tickets_id_seq as integer increment by 10 owned by tickets.id

    table app.posts {
      id         serial primary key
      user_id    bigint not null
      "position" smallserial

      foreign key posts_user_id_fkey (user_id) references users (id)
    }

    table counters {
      n bigint not null default nextval('counters_n_seq'::regclass)
    }

    table invoices {
      id     bigserial primary key
      number integer not null default nextval('invoice_numbers'::regclass)
    }

    table tickets {
      id   integer default nextval('tickets_id_seq'::regclass) primary key
      code integer default nextval('tickets_code_seq'::regclass)
    }

    table users {
      id         bigserial primary key
      email      character varying not null
      created_at timestamp(6) without time zone not null
      updated_at timestamp(6) without time zone not null
    }
    "#);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.gw"), stdout(&inspect)).unwrap();
    let files = dir.path().to_str().unwrap();
    for mode in ["zero-downtime", "direct"] {
        let plan = godwit(&["plan", "--from", &url, "--to", files, "--mode", mode, "--dev-url", &dev]);
        assert_eq!(plan.status.code(), Some(0), "{mode}: {}{}", stdout(&plan), stderr(&plan));
    }
    let fmt = godwit(&["fmt", "--check", files]);
    assert_eq!(fmt.status.code(), Some(0), "{}{}", stdout(&fmt), stderr(&fmt));
}

/// Partitions that pg_partman or the application creates: left alone through
/// `@external_partitions` on their parent or `--exclude-table`, never planned
/// dropped, while an index on the parent is still built on every partition.
#[test]
fn partitions_created_by_others_are_left_alone() {
    let Some((url, mut client)) = crate::pg::populated(
        "cli_external_partitions",
        "create table events (id bigint not null, at date not null, payload text, primary key (id, at)) \
           partition by range (at);
         create table events_p2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
         create table events_p2025 partition of events for values from ('2025-01-01') to ('2026-01-01');",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let parent = "table events partition by range (at) {\n  id      bigint\n  at      date\n  payload text\n\n  \
                  primary key (id, at)\n";
    let marked = schema_dir(dir.path(), "marked", &format!("@external_partitions\n{parent}}}\n"));
    let plain = schema_dir(dir.path(), "plain", &format!("{parent}}}\n"));
    let indexed = schema_dir(dir.path(), "indexed", &format!("@external_partitions\n{parent}  index (payload)\n}}\n"));
    let dev = dev_url();

    let plan = |to: &str, extra: &[&str]| {
        let mut args = vec!["plan", "--from", &url, "--to", to, "--format", "sql", "--dev-url", &dev];
        args.extend_from_slice(extra);
        godwit(&args)
    };
    // Without a word, the partitions the files do not declare are dropped.
    let dropped = plan(&plain, &[]);
    assert_eq!(dropped.status.code(), Some(2), "{}", stderr(&dropped));
    assert!(stdout(&dropped).contains("DROP TABLE public.events_p2024"), "{}", stdout(&dropped));
    // Marked on the parent, or matched by --exclude-table, they are left alone.
    for (to, extra) in [(&marked, &[][..]), (&plain, &["--exclude-table", "events_p*"][..])] {
        let output = plan(to, extra);
        assert_eq!(output.status.code(), Some(0), "{extra:?}: {}{}", stdout(&output), stderr(&output));
    }
    // A new index on the parent is built on each partition and attached.
    let output = godwit(&["apply", "--db", &url, "--to", &indexed, "--yes", "--dev-url", &dev]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let valid: Vec<(String, bool)> = client
        .query(
            "SELECT c.relname::text, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname LIKE '%payload%' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(valid.len(), 3, "{valid:?}");
    assert!(valid.iter().all(|(_, valid)| *valid), "{valid:?}");
    let tables: i64 = client
        .query_one("SELECT count(*) FROM pg_class WHERE relname LIKE 'events_p%' AND relkind = 'r'", &[])
        .unwrap()
        .get(0);
    assert_eq!(tables, 2);

    // inspect leaves excluded partitions out and marks their parent.
    let inspect = godwit(&["inspect", "--db", &url, "--exclude-table", "events_p*"]);
    assert_eq!(inspect.status.code(), Some(0), "{}", stderr(&inspect));
    assert!(stdout(&inspect).starts_with("@external_partitions\ntable events"), "{}", stdout(&inspect));
    assert!(!stdout(&inspect).contains("events_p2024"), "{}", stdout(&inspect));
}
