//! Running a plan against a database: the executor behind `godwit apply`,
//! the shadow database and the tests.
//!
//! Steps that allow it run together in one transaction (never across a phase
//! boundary); a step that cannot run in a transaction block (`CREATE INDEX
//! CONCURRENTLY`, a validation in its own transaction, a batched backfill that
//! commits, `ALTER TYPE … ADD VALUE` before the label is used) runs on its
//! own in autocommit, each statement in a query message of its own.
//!
//! A database in use needs more than that, and [`apply_with`] gives it:
//!
//! - **Lock timeouts.** Every transaction group and every step runs under a
//!   session `lock_timeout` (2 s by default), so a statement that waits for a
//!   lock gives up instead of blocking every query queued behind it. A group
//!   that fails with `lock_not_available` (or a deadlock) is rolled back and
//!   retried after an exponential backoff with jitter, up to `max_attempts`.
//! - **Statement timeouts.** Ordinary steps run under `statement_timeout`
//!   (the server's by default); long-running steps (index builds, validation,
//!   backfills) under `long_statement_timeout` (unlimited by default).
//! - **Invalid indexes.** A failed `CREATE INDEX CONCURRENTLY` leaves an
//!   invalid index behind. Before a step that builds an index, an invalid
//!   leftover of that name is dropped (`DROP INDEX CONCURRENTLY`); after such
//!   a step fails, its own leftover is dropped before retrying or returning.
//! - **One apply at a time.** A session advisory lock ([`ADVISORY_LOCK_KEY`])
//!   refuses a second concurrent apply on the same database.
//!
//! An error names the step and the statement that failed, and rolls back the
//! open transaction. The session's `lock_timeout` and `statement_timeout` are
//! set back to what they were when the apply began.

use crate::ir::QualName;
use crate::plan::{Plan, Step};
use postgres::error::SqlState;
use std::time::Duration;

/// A failed step, with the statement PostgreSQL rejected.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("step {number} ({summary}) failed: {message}; SQL: {}", one_line(sql))]
    Step { number: usize, summary: String, sql: String, message: String },
    #[error(
        "plan refused: step {number} ({summary}) has the hazard `{code}`: {message}; pass --allow-hazard {code} to run it anyway"
    )]
    Refused { number: usize, summary: String, code: String, message: String },
    #[error("{0}")]
    Database(String),
}

/// The roles of `roles` the server of `client` does not have (roles are
/// cluster objects: godwit never creates them in a target).
pub fn missing_roles(
    client: &mut postgres::Client,
    roles: &indexmap::IndexSet<crate::ir::Ident>,
) -> Result<Vec<crate::ir::Ident>, ApplyError> {
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<&str> = roles.iter().map(String::as_str).collect();
    let rows = client
        .query("SELECT rolname::text FROM pg_roles WHERE rolname = ANY ($1::text[])", &[&wanted])
        .map_err(|err| ApplyError::Database(db_message(&err)))?;
    let present: indexmap::IndexSet<String> = rows.iter().map(|row| row.get(0)).collect();
    Ok(roles.iter().filter(|role| !present.contains(*role)).cloned().collect())
}

/// The key of the session advisory lock (`pg_try_advisory_lock`) an apply
/// holds on its database while it runs: the 64-bit FNV-1a hash of
/// `"godwit apply"`.
pub const ADVISORY_LOCK_KEY: i64 = fnv1a_64(b"godwit apply") as i64;

const fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut idx = 0;
    while idx < bytes.len() {
        hash ^= bytes[idx] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        idx += 1;
    }
    hash
}

/// How [`apply_with`] runs a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyOptions {
    /// The session `lock_timeout` of every step: how long a statement waits
    /// for a lock before it fails (and its group is retried). `ZERO` turns
    /// the timeout off (waits forever: not for a database in use).
    pub lock_timeout: Duration,
    /// The `statement_timeout` of ordinary steps; `None` keeps the session's
    /// (the server's default).
    pub statement_timeout: Option<Duration>,
    /// The `statement_timeout` of long-running steps (index builds,
    /// validation, backfills); `None` means unlimited (`0`).
    pub long_statement_timeout: Option<Duration>,
    /// How many times a group that fails on a lock timeout or a deadlock is
    /// tried in all before the apply gives up (at least once).
    pub max_attempts: u32,
    /// The first wait before a retry; each further retry waits twice as long
    /// (at most about 5 s, or this when it is longer), with jitter.
    pub backoff_base: Duration,
    /// Run only the phases of these names, in plan order; `None` runs all.
    pub phases: Option<Vec<String>>,
    /// Skip the steps numbered up to this one (done by an earlier apply that
    /// stopped); 0 runs from the start.
    pub skip_through: usize,
}

impl Default for ApplyOptions {
    fn default() -> ApplyOptions {
        ApplyOptions {
            lock_timeout: Duration::from_millis(2000),
            statement_timeout: None,
            long_statement_timeout: None,
            max_attempts: 8,
            backoff_base: Duration::from_millis(200),
            phases: None,
            skip_through: 0,
        }
    }
}

/// What [`apply_with`] tells its caller as it runs. Step numbers count every
/// step of the plan from 1, those of phases that are not run too.
#[derive(Clone, Debug)]
pub enum Event<'p> {
    /// `step` is about to run (again after a retry).
    Step { number: usize, total: usize, step: &'p Step },
    /// Step `number` failed on a lock timeout or a deadlock in attempt
    /// `attempt` (from 1); its transaction was rolled back and its group runs
    /// again after `wait`. `message` is PostgreSQL's, on one line.
    Retry { number: usize, attempt: u32, wait: Duration, message: String },
    /// The invalid index `index`, left by a failed `CREATE INDEX
    /// CONCURRENTLY` of step `number` (or of an earlier apply), was dropped.
    CleanedInvalidIndex { number: usize, index: QualName },
    /// Every step up to `through` is done and committed (a transaction
    /// group, or a step that runs alone, finished): an apply that stops after
    /// this may resume after step `through`.
    Done { through: usize },
}

/// The first step carrying a hazard of severity warning or error whose code
/// is not in `allowed`, for hazards that must be allowed explicitly.
pub fn check_allowed(plan: &Plan, refused_codes: &[&str], allowed: &[String]) -> Result<(), ApplyError> {
    for (idx, step) in plan.steps().enumerate() {
        for hazard in &step.hazards {
            if refused_codes.contains(&hazard.code) && !allowed.iter().any(|code| code == hazard.code) {
                return Err(ApplyError::Refused {
                    number: idx + 1,
                    summary: step.summary.clone(),
                    code: hazard.code.to_string(),
                    message: hazard.message.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Checks that every name in `names` is a phase of `plan`; the error lists
/// the plan's phases.
pub fn check_phases(plan: &Plan, names: &[String]) -> Result<(), ApplyError> {
    for name in names {
        if !plan.phases.iter().any(|phase| &phase.name == name) {
            let known: Vec<&str> = plan.phases.iter().map(|phase| phase.name.as_str()).collect();
            return Err(ApplyError::Database(format!(
                "the plan has no phase `{name}`; its phases are: {}",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            )));
        }
    }
    Ok(())
}

/// The steps that `options.phases` selects, with their numbers in the plan.
pub fn selected_steps<'p>(plan: &'p Plan, options: &ApplyOptions) -> Vec<(usize, &'p Step)> {
    let mut res = Vec::new();
    let mut number = 0;
    for phase in &plan.phases {
        let selected = is_selected(options, &phase.name);
        for step in &phase.steps {
            number += 1;
            if selected && number > options.skip_through {
                res.push((number, step));
            }
        }
    }
    res
}

fn is_selected(options: &ApplyOptions, phase: &str) -> bool {
    options.phases.as_ref().is_none_or(|names| names.iter().any(|name| name == phase))
}

/// Runs every step of `plan` in order with the default [`ApplyOptions`].
/// `on_step` is told before each step runs (for progress output). Nothing
/// waits unless a lock timeout is retried.
pub fn apply(
    client: &mut postgres::Client,
    plan: &Plan,
    mut on_step: impl FnMut(usize, &Step),
) -> Result<(), ApplyError> {
    apply_with(client, plan, &ApplyOptions::default(), |event| {
        if let Event::Step { number, step, .. } = event {
            on_step(number, step);
        }
    })
}

/// Runs the steps of `plan` (of the phases `options` selects) in order, as
/// the module documentation describes; `on_event` is told of each step before
/// it runs, of retries and of invalid indexes dropped.
pub fn apply_with<'p>(
    client: &mut postgres::Client,
    plan: &'p Plan,
    options: &ApplyOptions,
    on_event: impl FnMut(Event<'p>),
) -> Result<(), ApplyError> {
    if let Some(names) = &options.phases {
        check_phases(plan, names)?;
    }
    let units = units(plan, options);

    let row = client
        .query_one(
            "SELECT pg_try_advisory_lock($1), \
             (SELECT setting::bigint FROM pg_settings WHERE name = 'lock_timeout'), \
             (SELECT setting::bigint FROM pg_settings WHERE name = 'statement_timeout'), \
             current_setting('check_function_bodies')::bool",
            &[&ADVISORY_LOCK_KEY],
        )
        .map_err(|err| ApplyError::Database(db_message(&err)))?;
    let (locked, session_lock_ms, session_statement_ms, check_bodies): (bool, i64, i64, bool) = (
        row.try_get(0).map_err(decode)?,
        row.try_get(1).map_err(decode)?,
        row.try_get(2).map_err(decode)?,
        row.try_get(3).map_err(decode)?,
    );
    if !locked {
        return Err(ApplyError::Database(
            "another godwit apply is running on this database; wait for it to finish".to_string(),
        ));
    }
    // As pg_restore does: a function body names objects as the session that
    // created it saw them (its search_path), and may name objects created
    // after it; PostgreSQL checks it when it runs.
    client.batch_execute("SET check_function_bodies = off").map_err(|err| ApplyError::Database(db_message(&err)))?;

    let mut runner = Runner {
        client,
        options,
        on_event,
        rng: XorShift::seeded(),
        total: plan.steps().count(),
        lock_ms: millis(options.lock_timeout),
        ordinary_ms: options.statement_timeout.map_or(session_statement_ms.max(0) as u64, millis),
        long_ms: options.long_statement_timeout.map_or(0, millis),
    };
    let mut res = Ok(());
    for unit in &units {
        res = runner.run_unit(unit);
        if res.is_err() {
            break;
        }
        if let Some((through, _)) = unit.steps.last() {
            (runner.on_event)(Event::Done { through: *through });
        }
    }

    // Set the session back and release the lock, also after an error (the
    // open transaction, if any, was rolled back).
    let restore = runner.client.batch_execute(&format!(
        "SET lock_timeout = '{}ms'; SET statement_timeout = '{}ms'; SET check_function_bodies = {}; \
         SELECT pg_advisory_unlock({ADVISORY_LOCK_KEY})",
        session_lock_ms.max(0),
        session_statement_ms.max(0),
        if check_bodies { "on" } else { "off" },
    ));
    res?;
    restore.map_err(|err| ApplyError::Database(format!("the plan was applied, but {}", db_message(&err))))
}

fn decode(err: postgres::Error) -> ApplyError {
    ApplyError::Database(format!("reading the session settings: {err}"))
}

/// Steps that run together: one transaction of transactional steps, or one
/// non-transactional step.
struct Unit<'p> {
    transactional: bool,
    steps: Vec<(usize, &'p Step)>,
}

fn units<'p>(plan: &'p Plan, options: &ApplyOptions) -> Vec<Unit<'p>> {
    let mut units = Vec::new();
    let mut number = 0;
    for phase in &plan.phases {
        let selected = is_selected(options, &phase.name);
        let mut group = Vec::new();
        for step in &phase.steps {
            number += 1;
            if !selected || number <= options.skip_through {
                continue;
            }
            if step.transactional {
                group.push((number, step));
            } else {
                if !group.is_empty() {
                    units.push(Unit { transactional: true, steps: std::mem::take(&mut group) });
                }
                units.push(Unit { transactional: false, steps: vec![(number, step)] });
            }
        }
        if !group.is_empty() {
            units.push(Unit { transactional: true, steps: group });
        }
    }
    units
}

/// Why a try of a unit failed.
enum Failure {
    /// A statement of step `number` (or the `COMMIT` after it) failed.
    Statement { number: usize, summary: String, sql: String, code: Option<SqlState>, message: String },
    /// The session commands around the steps failed.
    Session(String),
}

impl Failure {
    fn statement(number: usize, step: &Step, sql: &str, err: &postgres::Error) -> Failure {
        Failure::Statement {
            number,
            summary: step.summary.clone(),
            sql: sql.to_string(),
            code: err.code().cloned(),
            message: db_message(err),
        }
    }

    fn is_lock_failure(&self) -> bool {
        matches!(self, Failure::Statement { code: Some(code), .. } if is_lock_failure(code))
    }

    fn into_error(self) -> ApplyError {
        match self {
            Failure::Statement { number, summary, sql, message, .. } => {
                ApplyError::Step { number, summary, sql, message }
            }
            Failure::Session(message) => ApplyError::Database(message),
        }
    }
}

/// A statement that could not get its lock in time, or was chosen to break a
/// deadlock: running it again later may succeed.
fn is_lock_failure(code: &SqlState) -> bool {
    *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::T_R_DEADLOCK_DETECTED
}

struct Runner<'c, 'o, F> {
    client: &'c mut postgres::Client,
    options: &'o ApplyOptions,
    on_event: F,
    rng: XorShift,
    total: usize,
    lock_ms: u64,
    ordinary_ms: u64,
    long_ms: u64,
}

impl<'p, F: FnMut(Event<'p>)> Runner<'_, '_, F> {
    /// Runs a unit, retrying it after lock timeouts.
    fn run_unit(&mut self, unit: &Unit<'p>) -> Result<(), ApplyError> {
        let max_attempts = self.options.max_attempts.max(1);
        let mut attempt = 1;
        // The statement a non-transactional step goes on from: those before
        // it were committed.
        let mut resume = 0;
        loop {
            let failure = match self.try_unit(unit, &mut resume) {
                Ok(()) => return Ok(()),
                Err(failure) => failure,
            };
            if unit.transactional {
                // After a broken connection this fails too; the error is the
                // original one.
                let _ = self.client.batch_execute("ROLLBACK");
            }
            let retry = failure.is_lock_failure() && attempt < max_attempts;
            let left_behind = self.drop_leftovers(unit, !retry);
            let (number, message) = match failure {
                Failure::Statement { number, ref message, .. } if retry => (number, message.clone()),
                Failure::Statement { number, summary, sql, message, code } => {
                    let message = match code {
                        Some(code) if is_lock_failure(&code) => format!(
                            "gave up after {attempt} attempt{} because of lock timeouts: each time it could not \
                             take its locks within the lock timeout ({} ms) while other sessions held them \
                             (last error: {message}); try again at a quieter moment or with a longer --lock-timeout",
                            if attempt == 1 { "" } else { "s" },
                            self.lock_ms,
                        ),
                        _ => message,
                    };
                    return Err(ApplyError::Step { number, summary, sql, message: message + &left_behind });
                }
                Failure::Session(message) => return Err(ApplyError::Database(message + &left_behind)),
            };
            let wait = self.backoff(attempt);
            (self.on_event)(Event::Retry { number, attempt, wait, message });
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// One try of a unit; a transaction it opened is still open after a
    /// failure.
    fn try_unit(&mut self, unit: &Unit<'p>, resume: &mut usize) -> Result<(), Failure> {
        let Some(&(_, first)) = unit.steps.first() else { return Ok(()) };
        let mut statement_ms = self.statement_ms(first);
        self.session(&format!("SET lock_timeout = '{}ms'; SET statement_timeout = '{statement_ms}ms'", self.lock_ms))?;
        // Leftovers of an earlier failed build, before the transaction:
        // `DROP INDEX CONCURRENTLY` cannot run in one.
        for &(number, step) in &unit.steps {
            if let Some(index) = &step.builds_index {
                self.drop_invalid_index(number, step, index)?;
            }
        }
        if unit.transactional {
            self.session("BEGIN")?;
        }
        for &(number, step) in &unit.steps {
            let needed = self.statement_ms(step);
            if needed != statement_ms {
                self.session(&format!("SET statement_timeout = '{needed}ms'"))?;
                statement_ms = needed;
            }
            (self.on_event)(Event::Step { number, total: self.total, step });
            let skip = if unit.transactional { 0 } else { *resume };
            for (idx, statement) in step.sql.iter().enumerate().skip(skip) {
                if let Err(err) = self.client.batch_execute(statement) {
                    if !unit.transactional {
                        *resume = idx;
                    }
                    return Err(Failure::statement(number, step, statement, &err));
                }
            }
        }
        if unit.transactional {
            if let Err(err) = self.client.batch_execute("COMMIT") {
                let &(number, step) = unit.steps.last().unwrap_or_else(|| panic!("invariant: a unit has a step"));
                return Err(Failure::statement(number, step, "COMMIT", &err));
            }
        }
        if statement_ms != self.ordinary_ms {
            self.session(&format!("SET statement_timeout = '{}ms'", self.ordinary_ms))?;
        }
        Ok(())
    }

    fn session(&mut self, sql: &str) -> Result<(), Failure> {
        self.client.batch_execute(sql).map_err(|err| Failure::Session(format!("{sql}: {}", db_message(&err))))
    }

    fn statement_ms(&self, step: &Step) -> u64 {
        if step.long_running { self.long_ms } else { self.ordinary_ms }
    }

    /// Drops `index` when it exists and is invalid (the leftover of a failed
    /// `CREATE INDEX CONCURRENTLY`); a valid index is left alone.
    fn drop_invalid_index(&mut self, number: usize, step: &Step, index: &QualName) -> Result<(), Failure> {
        const QUERY: &str = "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2";
        let row = self
            .client
            .query_opt(QUERY, &[&index.schema.as_str(), &index.name.as_str()])
            .map_err(|err| Failure::statement(number, step, QUERY, &err))?;
        let valid: Option<bool> = match row {
            None => return Ok(()),
            Some(row) => row.try_get(0).map_err(|err| Failure::statement(number, step, QUERY, &err))?,
        };
        if valid == Some(true) {
            return Ok(());
        }
        let sql = format!("DROP INDEX CONCURRENTLY IF EXISTS {}", crate::sql::quote::qualified(index));
        self.client.batch_execute(&sql).map_err(|err| Failure::statement(number, step, &sql, &err))?;
        (self.on_event)(Event::CleanedInvalidIndex { number, index: index.clone() });
        Ok(())
    }

    /// After a failed try of `unit`, drops the invalid indexes its builds
    /// left. Before a retry one try is enough (the retry tries again); before
    /// giving up (`last`), a lock timeout is retried too, and what cannot be
    /// dropped is returned as a note for the error message.
    fn drop_leftovers(&mut self, unit: &Unit<'p>, last: bool) -> String {
        let mut note = String::new();
        for &(number, step) in &unit.steps {
            let Some(index) = &step.builds_index else { continue };
            let mut attempt = 1;
            loop {
                match self.drop_invalid_index(number, step, index) {
                    Ok(()) => break,
                    Err(failure) if last && failure.is_lock_failure() && attempt < self.options.max_attempts => {
                        let wait = self.backoff(attempt);
                        std::thread::sleep(wait);
                        attempt += 1;
                    }
                    Err(failure) => {
                        if last {
                            let quoted = crate::sql::quote::qualified(index);
                            note.push_str(&format!(
                                "; the invalid index {index} it left could not be dropped ({}): \
                                 run DROP INDEX CONCURRENTLY {quoted}",
                                failure.into_error()
                            ));
                        }
                        break;
                    }
                }
            }
        }
        note
    }

    fn backoff(&mut self, attempt: u32) -> Duration {
        backoff(self.options.backoff_base, attempt, &mut self.rng)
    }
}

/// The wait before retry number `attempt` (from 1): exponential from `base`,
/// capped at 5 s (or at `base` when longer), the second half of it random.
fn backoff(base: Duration, attempt: u32, rng: &mut XorShift) -> Duration {
    let cap = base.max(Duration::from_secs(5));
    let full = base.saturating_mul(1 << attempt.saturating_sub(1).min(20)).min(cap);
    let half = full / 2;
    let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
    let jitter = if spread == 0 { 0 } else { rng.next() % spread.saturating_add(1) };
    half + Duration::from_nanos(jitter)
}

/// A duration in whole milliseconds for `SET …_timeout`: not zero unless it
/// is zero, at most PostgreSQL's maximum.
fn millis(duration: Duration) -> u64 {
    if duration.is_zero() { 0 } else { duration.as_millis().clamp(1, i32::MAX as u128) as u64 }
}

/// xorshift64*: jitter for the backoff, seeded from the process id and the
/// clock (no cryptographic use).
struct XorShift(u64);

impl XorShift {
    fn seeded() -> XorShift {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64);
        // splitmix64 of the seed, so that close seeds give different streams.
        let mut seed = nanos ^ (u64::from(std::process::id()) << 32);
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        seed = (seed ^ (seed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        seed = (seed ^ (seed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seed ^= seed >> 31;
        XorShift(if seed == 0 { 0x2545_f491_4f6c_dd1d } else { seed })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// A statement on one line (for messages), shortened when long.
fn one_line(sql: &str) -> String {
    let res = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if res.chars().count() > 200 { format!("{}…", res.chars().take(200).collect::<String>()) } else { res }
}

/// PostgreSQL's message (with its detail and hint) or the client error, on one line.
pub fn db_message(err: &postgres::Error) -> String {
    let res = match err.as_db_error() {
        Some(db) => {
            let mut res = format!("{} (SQLSTATE {})", db.message().trim_end_matches('.'), db.code().code());
            if let Some(detail) = db.detail() {
                res.push_str(&format!("; {detail}"));
            }
            if let Some(hint) = db.hint() {
                res.push_str(&format!("; hint: {hint}"));
            }
            res
        }
        None => err.to_string(),
    };
    if res.contains('\n') { res.split_whitespace().collect::<Vec<_>>().join(" ") } else { res }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_key_is_the_hash_of_godwit_apply() {
        assert_eq!(ADVISORY_LOCK_KEY, fnv1a_64(b"godwit apply") as i64);
        assert_ne!(ADVISORY_LOCK_KEY, 0);
    }

    #[test]
    fn timeouts_are_whole_milliseconds() {
        assert_eq!(millis(Duration::ZERO), 0);
        assert_eq!(millis(Duration::from_micros(10)), 1);
        assert_eq!(millis(Duration::from_millis(2000)), 2000);
        assert_eq!(millis(Duration::from_secs(u64::MAX)), i32::MAX as u64);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let base = Duration::from_millis(200);
        let mut rng = XorShift::seeded();
        for attempt in 1..=40 {
            let full = base.saturating_mul(1 << (attempt - 1).min(20)).min(Duration::from_secs(5));
            let wait = backoff(base, attempt, &mut rng);
            assert!(wait >= full / 2 && wait <= full, "attempt {attempt}: {wait:?}");
        }
        let waits: Vec<Duration> = (0..20).map(|_| backoff(base, 3, &mut rng)).collect();
        assert!(waits.iter().any(|wait| *wait != waits[0]), "no jitter: {waits:?}");
        assert_eq!(backoff(Duration::ZERO, 5, &mut rng), Duration::ZERO);
        let long = Duration::from_secs(10);
        assert!(backoff(long, 9, &mut rng) <= long);
    }
}
