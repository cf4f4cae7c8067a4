//! Live-traffic benchmark: how long clients stall while a schema change runs
//! on a big table, as plain DDL and as godwit's zero-downtime plan.
//!
//! Run with `cargo bench --bench live_traffic` (optionally `-- 100000` for the
//! row count; 1,000,000 by default). It starts an embedded cluster, fills a
//! template database (`parent` with 100 rows, `items` with ROWS rows, both
//! vacuumed and analyzed), and for each scenario and method copies it into a
//! fresh database, starts 4 clients that each run one operation every 5 ms
//! (a point SELECT, an UPDATE and an INSERT in turn), makes the change after
//! 1 s of load and keeps the load 1 s after it. It prints a Markdown table of
//! the change time, the client latencies during the change and the longest
//! stall any client saw (the longest gap between two finished operations of
//! one client, minus the 5 ms pacing).

use godwit::apply::{ApplyOptions, Event};
use godwit::introspect::IntrospectOptions;
use godwit::ir::{
    Catalog, Constraint, ConstraintKind, DataType, Deferrable, FkAction, ForeignKey, Index, IndexElement, IndexKey,
    Meta, QualName,
};
use godwit::pg::cluster::Cluster;
use godwit::plan::{Mode, PlanOptions};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const CLIENTS: usize = 4;
const PACE: Duration = Duration::from_millis(5);
const PARENTS: i32 = 100;
const LOCK_TIMEOUT: Duration = Duration::from_millis(100);
const TEMPLATE: &str = "live_template";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scenario {
    AddIndex,
    SetNotNull,
    AddForeignKey,
    IntToBigint,
}

impl Scenario {
    const ALL: [Scenario; 4] =
        [Scenario::AddIndex, Scenario::SetNotNull, Scenario::AddForeignKey, Scenario::IntToBigint];

    fn label(self) -> &'static str {
        match self {
            Scenario::AddIndex => "add index (parent_id)",
            Scenario::SetNotNull => "set qty NOT NULL",
            Scenario::AddForeignKey => "add FK parent_id → parent",
            Scenario::IntToBigint => "qty integer → bigint",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Scenario::AddIndex => "index",
            Scenario::SetNotNull => "notnull",
            Scenario::AddForeignKey => "fk",
            Scenario::IntToBigint => "bigint",
        }
    }

    fn plain_sql(self) -> &'static str {
        match self {
            Scenario::AddIndex => "CREATE INDEX items_parent_id_idx ON items (parent_id)",
            Scenario::SetNotNull => "ALTER TABLE items ALTER COLUMN qty SET NOT NULL",
            Scenario::AddForeignKey => "ALTER TABLE items ADD FOREIGN KEY (parent_id) REFERENCES parent (id)",
            Scenario::IntToBigint => "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
        }
    }

    /// The introspected catalog with this scenario's change, as PostgreSQL
    /// prints it.
    fn desired(self, current: &Catalog) -> Catalog {
        let mut desired = current.clone();
        let items = desired.tables.get_mut(&QualName::new("public", "items")).expect("table public.items");
        match self {
            Scenario::AddIndex => {
                items.indexes.insert(
                    "items_parent_id_idx".to_string(),
                    Index {
                        name: "items_parent_id_idx".to_string(),
                        unique: false,
                        method: "btree".to_string(),
                        elements: vec![IndexElement {
                            key: IndexKey::Column("parent_id".to_string()),
                            collation: None,
                            opclass: None,
                            descending: false,
                            nulls_first: false,
                        }],
                        include: Vec::new(),
                        nulls_not_distinct: false,
                        predicate: None,
                        comment: None,
                    },
                );
            }
            Scenario::SetNotNull => {
                items.columns.get_mut("qty").expect("column qty").not_null = true;
            }
            Scenario::AddForeignKey => {
                items.constraints.insert(
                    "items_parent_id_fkey".to_string(),
                    Constraint {
                        name: "items_parent_id_fkey".to_string(),
                        kind: ConstraintKind::ForeignKey(ForeignKey {
                            columns: vec!["parent_id".to_string()],
                            ref_table: QualName::new("public", "parent"),
                            ref_columns: vec!["id".to_string()],
                            match_full: false,
                            on_delete: FkAction::NoAction,
                            on_update: FkAction::NoAction,
                        }),
                        deferrable: Deferrable::NotDeferrable,
                        comment: None,
                    },
                );
            }
            Scenario::IntToBigint => {
                items.columns.get_mut("qty").expect("column qty").ty = DataType::builtin("bigint");
            }
        }
        desired
    }

    /// Whether the change is in place, as PostgreSQL reports it.
    fn check_done(self, client: &mut postgres::Client) -> bool {
        let sql = match self {
            Scenario::AddIndex => {
                "SELECT coalesce((SELECT indisvalid AND indisready FROM pg_index \
                 WHERE indexrelid = to_regclass('public.items_parent_id_idx')), false)"
            }
            Scenario::SetNotNull => {
                "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.items'::regclass AND attname = 'qty'"
            }
            Scenario::AddForeignKey => {
                "SELECT coalesce((SELECT convalidated FROM pg_constraint WHERE conrelid = 'public.items'::regclass \
                 AND contype = 'f' AND conname = 'items_parent_id_fkey'), false)"
            }
            Scenario::IntToBigint => {
                "SELECT format_type(atttypid, atttypmod) = 'bigint' FROM pg_attribute \
                 WHERE attrelid = 'public.items'::regclass AND attname = 'qty'"
            }
        };
        client.query_one(sql, &[]).map(|row| row.get::<_, bool>(0)).unwrap_or(false)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Plain,
    Godwit,
}

impl Method {
    fn label(self) -> &'static str {
        match self {
            Method::Plain => "plain DDL",
            Method::Godwit => "godwit zero-downtime",
        }
    }
}

/// One finished client operation.
#[derive(Clone, Copy)]
struct Sample {
    start: Instant,
    end: Instant,
}

#[derive(Default)]
struct ClientLog {
    samples: Vec<Sample>,
    error_count: usize,
    errors: Vec<String>,
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One client: an operation every `PACE` until `stop`.
fn run_client(cluster: &Cluster, db: &str, idx: usize, rows: u64, start: &Barrier, stop: &AtomicBool) -> ClientLog {
    let mut client = cluster.connect(db).expect("client connection");
    client.batch_execute("SET statement_timeout = '60s'").expect("set statement_timeout");
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ ((idx as u64 + 1) * 0x1000_0000_0001));
    let mut log = ClientLog::default();
    start.wait();
    let mut next = Instant::now();
    let mut op = idx; // clients start on different operations
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        if next > now {
            std::thread::sleep(next - now);
        }
        let begin = Instant::now();
        let id = 1 + rng.below(rows) as i64;
        let res = match op % 3 {
            0 => client.query("SELECT id, parent_id, qty, note FROM items WHERE id = $1", &[&id]).map(drop),
            1 => client
                .execute("UPDATE items SET note = $2 WHERE id = $1", &[&id, &format!("u{}", rng.next())])
                .map(drop),
            _ => {
                let parent = 1 + rng.below(PARENTS as u64) as i32;
                let qty = rng.below(1000) as i32;
                client
                    .execute(
                        "INSERT INTO items (parent_id, qty, note) VALUES ($1::integer, $2::integer, 'new')",
                        &[&parent, &qty],
                    )
                    .map(drop)
            }
        };
        let end = Instant::now();
        if let Err(err) = res {
            log.error_count += 1;
            if log.errors.len() < 3 {
                log.errors.push(message(&err));
            }
        }
        log.samples.push(Sample { start: begin, end });
        op += 1;
        // Fixed rate without catching up in a burst after a stall.
        next = (next + PACE).max(end);
    }
    log
}

struct Outcome {
    scenario: Scenario,
    method: Method,
    change: Duration,
    ops: usize,
    p50: Option<Duration>,
    p99: Option<Duration>,
    max: Option<Duration>,
    stall: Duration,
    retries: Option<usize>,
    errors: usize,
    error_examples: Vec<String>,
    steps: Option<usize>,
    ok: bool,
}

fn admin(cluster: &Cluster, sql: &str) {
    let mut client = cluster.connect("postgres").expect("admin connection");
    client.batch_execute(sql).unwrap_or_else(|err| panic!("{sql}: {}", message(&err)));
}

fn message(err: &postgres::Error) -> String {
    err.as_db_error().map_or_else(|| err.to_string(), |db| db.message().to_string())
}

fn count_rows(client: &mut postgres::Client) -> i64 {
    client.query_one("SELECT count(*) FROM items", &[]).expect("count rows").get(0)
}

fn run(cluster: &Cluster, rows: u64, scenario: Scenario, method: Method) -> Outcome {
    let db = format!("live_{}_{}", scenario.key(), if method == Method::Plain { "plain" } else { "godwit" });
    admin(cluster, &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
    admin(cluster, &format!("CREATE DATABASE {db} TEMPLATE {TEMPLATE}"));
    let mut ddl = cluster.connect(&db).expect("connection");
    let before = count_rows(&mut ddl);

    let stop = AtomicBool::new(false);
    let start = Barrier::new(CLIENTS + 1);
    let retries = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let (logs, change_start, change_end, steps) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|idx| {
                let (db, start, stop) = (&db, &start, &stop);
                scope.spawn(move || run_client(cluster, db, idx, rows, start, stop))
            })
            .collect();
        start.wait();
        std::thread::sleep(Duration::from_secs(1));

        let change_start = Instant::now();
        let steps = match method {
            Method::Plain => {
                ddl.batch_execute(scenario.plain_sql())
                    .unwrap_or_else(|err| panic!("{}: {}", scenario.plain_sql(), message(&err)));
                None
            }
            Method::Godwit => {
                let current =
                    godwit::introspect::introspect(&mut ddl, &IntrospectOptions::default()).expect("introspect");
                let facts = current.facts();
                let desired = scenario.desired(&current.catalog);
                let plan = godwit::plan::plan_with_facts(
                    &current.catalog,
                    &facts,
                    &desired,
                    &Meta::default(),
                    &PlanOptions { mode: Mode::ZeroDowntime },
                );
                let options = ApplyOptions { lock_timeout: LOCK_TIMEOUT, ..Default::default() };
                let retries = Arc::clone(&retries);
                godwit::apply::apply_with(&mut ddl, &plan, &options, |event| {
                    if let Event::Step { number, total, step } = &event {
                        let at = ms(change_start.elapsed());
                        eprintln!("  +{at}: step {number}/{total}: {}", step.summary);
                    }
                    if let Event::Retry { number, attempt, wait, message } = event {
                        retries
                            .lock()
                            .expect("retries")
                            .push(format!("step {number} attempt {attempt} (wait {} ms): {message}", wait.as_millis()));
                    }
                })
                .unwrap_or_else(|err| panic!("godwit apply ({}): {err}", scenario.label()));
                Some((plan.steps().count(), desired))
            }
        };
        let change_end = Instant::now();

        std::thread::sleep(Duration::from_secs(1));
        stop.store(true, Ordering::Relaxed);
        let logs: Vec<ClientLog> = handles.into_iter().map(|handle| handle.join().expect("client thread")).collect();
        (logs, change_start, change_end, steps)
    });

    // Sanity: the change is there, no rows were lost, and godwit reached
    // exactly the desired catalog.
    let mut ok = scenario.check_done(&mut ddl);
    let after = count_rows(&mut ddl);
    if after < before {
        eprintln!("  !! row count dropped: {before} -> {after}");
        ok = false;
    }
    let n_steps = if let Some((n_steps, desired)) = steps {
        let reached = godwit::introspect::introspect(&mut ddl, &IntrospectOptions::default()).expect("introspect");
        if reached.catalog != desired {
            ok = false;
            let key = QualName::new("public", "items");
            eprintln!(
                "  !! introspected catalog differs from the desired one\n  desired items: {:?}\n  reached items: {:?}",
                desired.tables.get(&key),
                reached.catalog.tables.get(&key)
            );
        }
        Some(n_steps)
    } else {
        None
    };
    drop(ddl);

    let mut in_window: Vec<Duration> = Vec::new();
    let mut stall = Duration::ZERO;
    let mut stall_at = (change_start, change_start);
    let mut errors = 0;
    let mut error_examples = Vec::new();
    let mut ops = 0;
    for log in &logs {
        errors += log.error_count;
        error_examples.extend(log.errors.iter().cloned());
        ops += log.samples.len();
        for sample in &log.samples {
            if sample.start <= change_end && sample.end >= change_start {
                in_window.push(sample.end - sample.start);
            }
        }
        for pair in log.samples.windows(2) {
            let gap = (pair[1].end - pair[0].end).saturating_sub(PACE);
            if gap > stall {
                stall = gap;
                stall_at = (pair[0].end, pair[1].end);
            }
        }
    }
    in_window.sort();
    // `None` when no operation overlapped the change.
    let pct = |p: f64| -> Option<Duration> {
        let idx = ((in_window.len() as f64 - 1.0) * p).round() as usize;
        in_window.get(idx.min(in_window.len().saturating_sub(1))).copied()
    };
    // Where the longest stall lies, relative to the start of the change.
    let offset = |at: Instant| -> String {
        if at >= change_start { format!("+{}", ms(at - change_start)) } else { format!("-{}", ms(change_start - at)) }
    };
    eprintln!(
        "  longest stall from {} to {} (change ends at +{})",
        offset(stall_at.0),
        offset(stall_at.1),
        ms(change_end - change_start)
    );
    let retries = retries.lock().expect("retries").clone();
    for retry in &retries {
        eprintln!("  retry: {retry}");
    }
    admin(cluster, &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
    Outcome {
        scenario,
        method,
        change: change_end - change_start,
        ops,
        p50: pct(0.50),
        p99: pct(0.99),
        max: in_window.last().copied(),
        stall,
        retries: (method == Method::Godwit).then_some(retries.len()),
        errors,
        error_examples,
        steps: n_steps,
        ok,
    }
}

fn setup_template(cluster: &Cluster, rows: u64) {
    // Reloadable settings only (the cluster's shared_buffers stays as it is);
    // ALTER SYSTEM cannot run in the implicit transaction of a batch.
    for setting in ["maintenance_work_mem = '256MB'", "max_wal_size = '4GB'", "checkpoint_timeout = '30min'"] {
        admin(cluster, &format!("ALTER SYSTEM SET {setting}"));
    }
    admin(cluster, "SELECT pg_reload_conf()");
    admin(cluster, &format!("DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"));
    admin(cluster, &format!("CREATE DATABASE {TEMPLATE} TEMPLATE template0"));
    let mut client = cluster.connect(TEMPLATE).expect("template connection");
    client
        .batch_execute(&format!(
            "CREATE TABLE parent (id integer PRIMARY KEY);
             INSERT INTO parent SELECT generate_series(1, {PARENTS});
             CREATE TABLE items (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, parent_id integer, \
             qty integer, note text);
             INSERT INTO items (id, parent_id, qty, note) \
               SELECT g, 1 + g % {PARENTS}, g % 1000, 'note ' || g FROM generate_series(1, {rows}) AS g;
             SELECT setval(pg_get_serial_sequence('items', 'id'), {rows});"
        ))
        .unwrap_or_else(|err| panic!("filling the template database: {}", message(&err)));
    for sql in ["VACUUM ANALYZE parent", "VACUUM ANALYZE items", "CHECKPOINT"] {
        client.batch_execute(sql).unwrap_or_else(|err| panic!("{sql}: {}", message(&err)));
    }
}

fn opt_ms(duration: Option<Duration>) -> String {
    duration.map_or_else(|| "–".to_string(), ms)
}

fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms >= 1000.0 { format!("{:.2} s", ms / 1000.0) } else { format!("{ms:.1} ms") }
}

fn main() {
    let rows: u64 = std::env::args().skip(1).find_map(|arg| arg.replace('_', "").parse().ok()).unwrap_or(1_000_000);
    let only: Vec<String> =
        std::env::args().skip(1).filter(|arg| Scenario::ALL.iter().any(|s| s.key() == arg)).collect();
    let cluster = match Cluster::start() {
        Ok(cluster) => cluster,
        Err(err) => {
            eprintln!("live_traffic: cannot start an embedded PostgreSQL cluster: {err}");
            std::process::exit(1);
        }
    };
    eprintln!("PostgreSQL {}; filling {rows} rows …", cluster.server_version());
    let fill = Instant::now();
    setup_template(&cluster, rows);
    eprintln!("template ready in {}", ms(fill.elapsed()));

    let mut outcomes = Vec::new();
    for scenario in Scenario::ALL {
        if !only.is_empty() && !only.iter().any(|key| key == scenario.key()) {
            continue;
        }
        for method in [Method::Plain, Method::Godwit] {
            eprintln!("{} / {} …", scenario.label(), method.label());
            let outcome = run(&cluster, rows, scenario, method);
            eprintln!(
                "  change {}, {} ops, p99 {}, stall {}, errors {}{}",
                ms(outcome.change),
                outcome.ops,
                opt_ms(outcome.p99),
                ms(outcome.stall),
                outcome.errors,
                if outcome.ok { "" } else { " — SANITY CHECK FAILED" }
            );
            for example in &outcome.error_examples {
                eprintln!("  client error: {example}");
            }
            outcomes.push(outcome);
        }
    }

    println!(
        "\nlive_traffic: {rows} rows, {CLIENTS} clients × 1 op / {} ms, lock_timeout {} ms, PostgreSQL {}\n",
        PACE.as_millis(),
        LOCK_TIMEOUT.as_millis(),
        cluster.server_version()
    );
    println!(
        "| scenario | method | change time | p50 latency | p99 latency | max latency | longest stall | lock-timeout retries | client errors | check |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for o in &outcomes {
        println!(
            "| {} | {}{} | {} | {} | {} | {} | {} | {} | {} | {} |",
            o.scenario.label(),
            o.method.label(),
            o.steps.map_or(String::new(), |n| format!(" ({n} step{})", if n == 1 { "" } else { "s" })),
            ms(o.change),
            opt_ms(o.p50),
            opt_ms(o.p99),
            opt_ms(o.max),
            ms(o.stall),
            o.retries.map_or("–".to_string(), |n| n.to_string()),
            o.errors,
            if o.ok { "ok" } else { "FAILED" },
        );
    }
    if outcomes.iter().any(|o| !o.ok) {
        std::process::exit(1);
    }
}
