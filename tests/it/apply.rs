//! The executor (`godwit::apply`) against live PostgreSQL (the shared cluster
//! of `pg.rs`): lock timeouts retried and given up on, invalid indexes left
//! by failed concurrent builds, phases, statements that commit, timeouts and
//! the advisory lock. Plans are built by hand.

use crate::pg::{cluster, cluster_or_skip, database_name, fresh_database};
use godwit::apply::{ADVISORY_LOCK_KEY, ApplyError, ApplyOptions, Event, apply_with};
use godwit::diff::Sign;
use godwit::ir::QualName;
use godwit::plan::{Mode, Phase, Plan, Step};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

fn step(summary: &str, sql: &[&str]) -> Step {
    Step {
        summary: summary.to_string(),
        sql: sql.iter().map(|statement| statement.to_string()).collect(),
        transactional: true,
        tables: Vec::new(),
        hazards: Vec::new(),
        object: None,
        span: None,
        sign: Sign::Change,
        lock: None,
        rewrites: false,
        scans: false,
        rollback: None,
        estimate_ms: None,
        long_running: false,
        builds_index: None,
        violations_sql: None,
    }
}

/// A step that must run alone, outside a transaction.
fn alone(summary: &str, sql: &[&str]) -> Step {
    Step { transactional: false, ..step(summary, sql) }
}

/// A `CREATE INDEX CONCURRENTLY` step building `public.<index>`.
fn build(index: &str, sql: &str) -> Step {
    Step {
        long_running: true,
        builds_index: Some(QualName::new("public", index)),
        ..alone(&format!("create index {index}"), &[sql])
    }
}

fn plan(phases: Vec<(&str, Vec<Step>)>) -> Plan {
    Plan {
        mode: Mode::Direct,
        phases: phases.into_iter().map(|(name, steps)| Phase { name: name.to_string(), steps }).collect(),
        hazards: Vec::new(),
    }
}

/// Fast retries, for tests.
fn quick() -> ApplyOptions {
    ApplyOptions {
        lock_timeout: Duration::from_millis(100),
        backoff_base: Duration::from_millis(20),
        ..Default::default()
    }
}

/// What the events said, as owned values.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    Step(usize, usize, String),
    Retry(usize, u32, String),
    Cleaned(usize, QualName),
    Done(usize),
}

/// Runs `plan` and returns the events, without the `Done` ones.
fn run(client: &mut postgres::Client, plan: &Plan, options: &ApplyOptions) -> (Result<(), ApplyError>, Vec<Seen>) {
    let (res, mut seen) = run_all(client, plan, options);
    seen.retain(|event| !matches!(event, Seen::Done(_)));
    (res, seen)
}

fn run_all(client: &mut postgres::Client, plan: &Plan, options: &ApplyOptions) -> (Result<(), ApplyError>, Vec<Seen>) {
    let mut seen = Vec::new();
    let res = apply_with(client, plan, options, |event| {
        seen.push(match event {
            Event::Step { number, total, step } => Seen::Step(number, total, step.summary.clone()),
            Event::Retry { number, attempt, message, .. } => Seen::Retry(number, attempt, message),
            Event::CleanedInvalidIndex { number, index } => Seen::Cleaned(number, index),
            Event::Done { through } => Seen::Done(through),
        })
    });
    (res, seen)
}

fn retries(seen: &[Seen]) -> usize {
    seen.iter().filter(|event| matches!(event, Seen::Retry(..))).count()
}

/// A second connection to the database of `test`.
fn other_connection(test: &str) -> postgres::Client {
    cluster().connect(&database_name(test)).unwrap()
}

fn exists(client: &mut postgres::Client, relation: &str) -> bool {
    client.query_one("SELECT to_regclass($1) IS NOT NULL", &[&relation]).unwrap().get(0)
}

/// `Some(indisvalid)` of index `public.<name>`, `None` when there is none.
fn index_valid(client: &mut postgres::Client, name: &str) -> Option<bool> {
    client
        .query_opt(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1",
            &[&name],
        )
        .unwrap()
        .map(|row| row.get(0))
}

fn setting(client: &mut postgres::Client, name: &str) -> String {
    client.query_one("SELECT current_setting($1)", &[&name]).unwrap().get(0)
}

fn assert_one_line(message: &str) {
    assert!(!message.contains('\n'), "not one line: {message}");
}

// ---------------------------------------------------------------- lock timeouts

#[test]
fn a_lock_timeout_is_retried_until_the_lock_is_released() {
    const TEST: &str = "apply_lock_timeout_retried";
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database(TEST);
    client.batch_execute("CREATE TABLE t (id integer)").unwrap();
    let mut holder = other_connection(TEST);
    holder.batch_execute("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE").unwrap();
    let released = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1000));
        holder.batch_execute("COMMIT").unwrap();
    });

    // Two steps in one transaction: the retry runs the whole group again,
    // so the first step must have been rolled back.
    let plan = plan(vec![(
        "direct",
        vec![
            step("create table u", &["CREATE TABLE u (id integer)"]),
            step("add column t.x", &["ALTER TABLE t ADD COLUMN x integer"]),
        ],
    )]);
    let options = ApplyOptions { max_attempts: 50, ..quick() };
    let started = Instant::now();
    let (res, seen) = run(&mut client, &plan, &options);
    released.join().unwrap();
    res.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());
    assert!(retries(&seen) >= 1, "{seen:?}");
    for event in &seen {
        if let Seen::Retry(number, _, message) = event {
            assert_eq!(*number, 2, "{seen:?}");
            assert!(message.contains("lock timeout") && message.contains("55P03"), "{message}");
            assert_one_line(message);
        }
    }
    // The steps were announced again with each retry, and last ran once more.
    assert_eq!(seen.last(), Some(&Seen::Step(2, 2, "add column t.x".to_string())));
    assert!(exists(&mut client, "u"));
    let column: i64 = client
        .query_one("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'x'", &[])
        .unwrap()
        .get(0);
    assert_eq!(column, 1);
    // The session is as it was.
    assert_eq!(setting(&mut client, "lock_timeout"), "0");
    assert_eq!(setting(&mut client, "statement_timeout"), "0");
}

#[test]
fn a_lock_never_released_gives_up_after_max_attempts() {
    const TEST: &str = "apply_lock_timeout_gives_up";
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database(TEST);
    client.batch_execute("CREATE TABLE t (id integer)").unwrap();
    let mut holder = other_connection(TEST);
    holder.batch_execute("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE").unwrap();

    let plan = plan(vec![(
        "expand",
        vec![step("create table u", &["CREATE TABLE u (id integer)"]), step("drop table t", &["DROP TABLE t"])],
    )]);
    let options = ApplyOptions { lock_timeout: Duration::from_millis(50), max_attempts: 3, ..quick() };
    let (res, seen) = run(&mut client, &plan, &options);
    let err = res.unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, ApplyError::Step { number: 2, .. }), "{err:?}");
    assert_one_line(&message);
    assert!(message.starts_with("step 2 (drop table t) failed: gave up after 3 attempts"), "{message}");
    assert!(message.contains("lock timeout"), "{message}");
    assert!(message.contains("--lock-timeout"), "{message}");
    assert!(message.ends_with("SQL: DROP TABLE t"), "{message}");
    assert_eq!(retries(&seen), 2, "{seen:?}");
    assert_eq!(
        seen.iter()
            .filter_map(|event| if let Seen::Retry(_, attempt, _) = event { Some(*attempt) } else { None })
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    // Rolled back, the session set back and the advisory lock released.
    assert!(!exists(&mut client, "u"));
    assert_eq!(setting(&mut client, "lock_timeout"), "0");
    holder.batch_execute("ROLLBACK").unwrap();
    let free: bool = holder.query_one("SELECT pg_try_advisory_lock($1)", &[&ADVISORY_LOCK_KEY]).unwrap().get(0);
    assert!(free);
}

#[test]
fn other_errors_fail_at_once() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_other_errors_fail_at_once");
    let plan = plan(vec![(
        "direct",
        vec![step("create table a", &["CREATE TABLE a (id integer)"]), step("drop table nope", &["DROP TABLE nope"])],
    )]);
    let (res, seen) = run(&mut client, &plan, &quick());
    let message = res.unwrap_err().to_string();
    assert_eq!(
        message,
        "step 2 (drop table nope) failed: table \"nope\" does not exist (SQLSTATE 42P01); SQL: DROP TABLE nope"
    );
    assert_eq!(retries(&seen), 0);
    assert!(!exists(&mut client, "a"), "the transaction was not rolled back");
}

// ---------------------------------------------------------------- invalid indexes

/// Table `d` with a duplicate `v`, and the invalid index `index` a failed
/// `CREATE UNIQUE INDEX CONCURRENTLY` leaves on it.
fn invalid_unique_index(client: &mut postgres::Client, index: &str) {
    client.batch_execute("CREATE TABLE d (v integer); INSERT INTO d VALUES (1), (1), (2)").unwrap();
    let quoted = godwit::sql::quote::ident(index);
    let err = client.batch_execute(&format!("CREATE UNIQUE INDEX CONCURRENTLY {quoted} ON d (v)")).unwrap_err();
    assert!(err.to_string().contains("could not create unique index") || format!("{err:?}").contains("23505"));
    assert_eq!(index_valid(client, index), Some(false));
}

#[test]
fn an_invalid_leftover_index_is_dropped_and_built_again() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_invalid_leftover_index");
    invalid_unique_index(&mut client, "d_v_key");
    client.batch_execute("DELETE FROM d WHERE ctid NOT IN (SELECT min(ctid) FROM d GROUP BY v)").unwrap();

    let plan = plan(vec![(
        "expand",
        vec![
            step("create table other", &["CREATE TABLE other (id integer)"]),
            build("d_v_key", "CREATE UNIQUE INDEX CONCURRENTLY d_v_key ON public.d (v)"),
        ],
    )]);
    let (res, seen) = run(&mut client, &plan, &quick());
    res.unwrap();
    assert_eq!(
        seen,
        vec![
            Seen::Step(1, 2, "create table other".to_string()),
            Seen::Cleaned(2, QualName::new("public", "d_v_key")),
            Seen::Step(2, 2, "create index d_v_key".to_string()),
        ]
    );
    assert_eq!(index_valid(&mut client, "d_v_key"), Some(true));

    // A valid index of that name is left alone: building it again fails.
    let build_only = self::plan(vec![("expand", vec![plan.phases[0].steps[1].clone()])]);
    let (res, seen) = run(&mut client, &build_only, &quick());
    let message = res.unwrap_err().to_string();
    assert!(message.contains("already exists"), "{message}");
    assert!(!seen.iter().any(|event| matches!(event, Seen::Cleaned(..))), "{seen:?}");
    assert_eq!(index_valid(&mut client, "d_v_key"), Some(true));
}

#[test]
fn a_failed_concurrent_build_leaves_no_invalid_index() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_failed_concurrent_build");
    // A name that needs quoting, to show that the drop quotes it.
    client.batch_execute("CREATE TABLE d (v integer); INSERT INTO d VALUES (1), (1)").unwrap();
    let plan = plan(vec![("expand", vec![build("D v", "CREATE UNIQUE INDEX CONCURRENTLY \"D v\" ON public.d (v)")])]);
    let (res, seen) = run(&mut client, &plan, &quick());
    let err = res.unwrap_err();
    let message = err.to_string();
    assert_one_line(&message);
    assert!(message.starts_with("step 1 (create index D v) failed: could not create unique index"), "{message}");
    assert!(message.contains("SQLSTATE 23505"), "{message}");
    assert!(message.ends_with("SQL: CREATE UNIQUE INDEX CONCURRENTLY \"D v\" ON public.d (v)"), "{message}");
    assert_eq!(index_valid(&mut client, "D v"), None, "an invalid index is left behind");
    assert_eq!(
        seen,
        vec![Seen::Step(1, 1, "create index D v".to_string()), Seen::Cleaned(1, QualName::new("public", "D v"))]
    );
}

#[test]
fn a_concurrent_build_that_times_out_on_a_lock_is_cleaned_and_retried() {
    const TEST: &str = "apply_concurrent_build_lock_timeout";
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database(TEST);
    client.batch_execute("CREATE TABLE d (v integer); INSERT INTO d VALUES (1), (2)").unwrap();
    // An open transaction that wrote to d: the build waits for it (after
    // creating its invalid index) and times out.
    let mut holder = other_connection(TEST);
    holder.batch_execute("BEGIN; INSERT INTO d VALUES (3)").unwrap();
    let released = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(800));
        holder.batch_execute("COMMIT").unwrap();
    });
    let plan = plan(vec![("expand", vec![build("d_v_idx", "CREATE INDEX CONCURRENTLY d_v_idx ON public.d (v)")])]);
    let (res, seen) = run(&mut client, &plan, &ApplyOptions { max_attempts: 50, ..quick() });
    released.join().unwrap();
    res.unwrap();
    assert!(retries(&seen) >= 1, "{seen:?}");
    assert!(seen.contains(&Seen::Cleaned(1, QualName::new("public", "d_v_idx"))), "{seen:?}");
    assert_eq!(index_valid(&mut client, "d_v_idx"), Some(true));
}

// ---------------------------------------------------------------- phases, batches, timeouts

fn three_phases() -> Plan {
    plan(vec![
        ("expand", vec![step("create table a", &["CREATE TABLE a (id integer)"])]),
        ("backfill", vec![step("create table b", &["CREATE TABLE b (id integer)"])]),
        (
            "contract",
            vec![
                step("create table c", &["CREATE TABLE c (id integer)"]),
                step("create table c2", &["CREATE TABLE c2 ()"]),
            ],
        ),
    ])
}

#[test]
fn only_the_chosen_phases_run_with_the_plan_numbers() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_chosen_phases");
    let plan = three_phases();
    // Given out of order: they run in plan order.
    let options = ApplyOptions { phases: Some(vec!["contract".to_string(), "expand".to_string()]), ..quick() };
    let (res, seen) = run(&mut client, &plan, &options);
    res.unwrap();
    assert_eq!(
        seen,
        vec![
            Seen::Step(1, 4, "create table a".to_string()),
            Seen::Step(3, 4, "create table c".to_string()),
            Seen::Step(4, 4, "create table c2".to_string()),
        ]
    );
    assert!(exists(&mut client, "a") && exists(&mut client, "c") && exists(&mut client, "c2"));
    assert!(!exists(&mut client, "b"));
    assert_eq!(
        godwit::apply::selected_steps(&plan, &options).iter().map(|(number, _)| *number).collect::<Vec<_>>(),
        [1, 3, 4]
    );

    // An unknown phase is refused before anything runs.
    let options = ApplyOptions { phases: Some(vec!["backfill".to_string(), "bogus".to_string()]), ..quick() };
    let (res, seen) = run(&mut client, &plan, &options);
    assert_eq!(
        res.unwrap_err().to_string(),
        "the plan has no phase `bogus`; its phases are: expand, backfill, contract"
    );
    assert!(seen.is_empty());
    assert!(!exists(&mut client, "b"));
}

#[test]
fn a_transaction_never_spans_two_phases() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_transaction_per_phase");
    let plan = plan(vec![
        ("expand", vec![step("create table a", &["CREATE TABLE a (id integer)"])]),
        ("contract", vec![step("drop table nope", &["DROP TABLE nope"])]),
    ]);
    let (res, _) = run(&mut client, &plan, &quick());
    assert!(res.unwrap_err().to_string().starts_with("step 2 (drop table nope) failed"));
    assert!(exists(&mut client, "a"), "the expand phase was rolled back with the contract phase");
}

#[test]
fn a_do_block_that_commits_runs_alone() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_do_block_commits");
    let plan = plan(vec![
        ("expand", vec![step("create table t", &["CREATE TABLE t (i integer)"])]),
        (
            "backfill",
            vec![
                Step {
                    long_running: true,
                    ..alone(
                        "fill t",
                        &[
                            "DO $$ BEGIN FOR i IN 1..3 LOOP INSERT INTO t VALUES (i); COMMIT; END LOOP; END $$",
                            "INSERT INTO t VALUES (4)",
                        ],
                    )
                },
                step("add t.j", &["ALTER TABLE t ADD COLUMN j integer"]),
                step("fill t.j", &["UPDATE t SET j = i"]),
            ],
        ),
    ]);
    let (res, seen) = run_all(&mut client, &plan, &quick());
    res.unwrap();
    // Done after each commit: the first group, the DO block, the last group.
    let done: Vec<&Seen> = seen.iter().filter(|event| matches!(event, Seen::Done(_))).collect();
    assert_eq!(done, [&Seen::Done(1), &Seen::Done(2), &Seen::Done(4)]);
    assert_eq!(seen.len(), 7);
    let sum: i64 = client.query_one("SELECT sum(i) + sum(j) FROM t", &[]).unwrap().get(0);
    assert_eq!(sum, 20);
}

/// `skip_through` resumes a plan after the steps an earlier apply did; the
/// `Done` events say how far a failed apply got.
#[test]
fn a_stopped_apply_goes_on_after_its_last_committed_step() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_skip_through");
    let plan = plan(vec![
        ("expand", vec![step("create table t", &["CREATE TABLE t (i integer)"])]),
        (
            "backfill",
            vec![
                alone("fill t", &["INSERT INTO t VALUES (1)"]),
                step("fail", &["INSERT INTO t VALUES (1 / (SELECT count(*) - 1 FROM t))"]),
                step("more", &["INSERT INTO t VALUES (2)"]),
            ],
        ),
    ]);
    let (res, seen) = run_all(&mut client, &plan, &quick());
    assert!(res.is_err());
    let last_done = seen.iter().rev().find_map(|event| match event {
        Seen::Done(through) => Some(*through),
        _ => None,
    });
    assert_eq!(last_done, Some(2));
    // The row that made step 3 fail goes; the rest runs once.
    client.batch_execute("INSERT INTO t VALUES (0)").unwrap();
    let (res, seen) = run_all(&mut client, &plan, &ApplyOptions { skip_through: 2, ..quick() });
    res.unwrap();
    let steps: Vec<usize> = seen
        .iter()
        .filter_map(|event| match event {
            Seen::Step(number, ..) => Some(*number),
            _ => None,
        })
        .collect();
    assert_eq!(steps, [3, 4]);
    let rows: i64 = client.query_one("SELECT count(*) FROM t", &[]).unwrap().get(0);
    assert_eq!(rows, 4);
}

#[test]
fn long_running_steps_have_no_statement_timeout() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("apply_statement_timeouts");
    client.batch_execute("SET statement_timeout = '7s'").unwrap();
    let sleep = |summary: &str| step(summary, &["SELECT pg_sleep(0.3)"]);
    let options = ApplyOptions { statement_timeout: Some(Duration::from_millis(100)), ..quick() };
    let long =
        plan(vec![("backfill", vec![Step { long_running: true, ..sleep("long") }, alone("check", &["SELECT 1"])])]);
    let (res, _) = run(&mut client, &long, &options);
    res.unwrap();
    assert_eq!(setting(&mut client, "statement_timeout"), "7s");

    let ordinary = plan(vec![("expand", vec![sleep("ordinary")])]);
    let (res, seen) = run(&mut client, &ordinary, &options);
    let message = res.unwrap_err().to_string();
    assert!(message.contains("statement timeout") && message.contains("57014"), "{message}");
    assert_eq!(retries(&seen), 0, "a statement timeout is not retried");
    assert_eq!(setting(&mut client, "statement_timeout"), "7s");

    // Without a statement_timeout option, ordinary steps keep the session's.
    client.batch_execute("SET statement_timeout = '150ms'").unwrap();
    let (res, _) = run(&mut client, &ordinary, &quick());
    assert!(res.unwrap_err().to_string().contains("57014"));
    client.batch_execute("RESET statement_timeout").unwrap();
    let (res, _) = run(&mut client, &ordinary, &quick());
    res.unwrap();
}

// ---------------------------------------------------------------- one apply at a time

#[test]
fn a_concurrent_apply_is_refused() {
    const TEST: &str = "apply_concurrent_refused";
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database(TEST);
    let mut other = other_connection(TEST);
    other.execute("SELECT pg_advisory_lock($1)", &[&ADVISORY_LOCK_KEY]).unwrap();
    let plan = three_phases();
    let (res, seen) = run(&mut client, &plan, &quick());
    let err = res.unwrap_err();
    assert!(matches!(err, ApplyError::Database(_)), "{err:?}");
    assert_eq!(err.to_string(), "another godwit apply is running on this database; wait for it to finish");
    assert!(seen.is_empty());
    assert!(!exists(&mut client, "a"));

    // The default wrapper takes the same lock.
    let err = godwit::apply::apply(&mut client, &plan, |_, _| {}).unwrap_err();
    assert!(err.to_string().starts_with("another godwit apply"), "{err}");

    other.execute("SELECT pg_advisory_unlock($1)", &[&ADVISORY_LOCK_KEY]).unwrap();
    let (res, _) = run(&mut client, &plan, &quick());
    res.unwrap();
    assert!(exists(&mut client, "c2"));
    // Released afterwards.
    let free: bool = other.query_one("SELECT pg_try_advisory_lock($1)", &[&ADVISORY_LOCK_KEY]).unwrap().get(0);
    assert!(free);
}
