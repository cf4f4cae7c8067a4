//! A migration in progress, recorded in the database it changes.
//!
//! The phases of a zero-downtime plan run apart (expand, deploy, backfill,
//! contract), often from different `godwit apply` runs. Between them the
//! schema holds godwit's helper objects (a copy column, its sync trigger), and
//! planning again from that state would undo them. So `apply` records the plan
//! it started, the phases done and the fingerprint of the schema after them in
//! `_godwit.migrations` (a schema introspection leaves out), and a later run
//! toward the same target resumes the recorded plan instead of planning anew.

use crate::ir::QualName;
use crate::plan::{Mode, Phase, Plan, Step};
use postgres::Client;
use serde::{Deserialize, Serialize};

/// The schema godwit keeps its own tables in.
pub const SCHEMA: &str = "_godwit";

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("reading or writing the migration record in {SCHEMA}.migrations: {0}")]
    Database(String),
    #[error("the migration record #{0} in {SCHEMA}.migrations cannot be read: {1}")]
    Corrupt(i64, String),
}

/// A recorded migration that has phases left.
#[derive(Clone, Debug)]
pub struct Pending {
    pub id: i64,
    /// The fingerprint of the target schema.
    pub target: String,
    /// The `--to` it was started with (for messages).
    pub source: String,
    pub plan: Plan,
    pub phases_done: Vec<String>,
    /// The fingerprint of the schema after the phases done.
    pub state: String,
    pub started_at: String,
    /// How many steps of the plan (numbered across its phases) are done:
    /// more than the steps of the phases done when an apply stopped part way
    /// through a phase.
    pub steps_done: usize,
}

impl Pending {
    /// Whether an apply stopped part way through a phase (a step failed, or
    /// the process died): the schema is then between two steps, and the
    /// recorded progress says which.
    pub fn interrupted(&self) -> bool {
        let through_phases: usize = self
            .plan
            .phases
            .iter()
            .filter(|phase| self.phases_done.contains(&phase.name))
            .map(|phase| phase.steps.len())
            .sum();
        self.steps_done > through_phases
    }

    /// The phases with steps that are not done yet, in order.
    pub fn phases_left(&self) -> Vec<String> {
        self.plan
            .phases
            .iter()
            .filter(|phase| !phase.steps.is_empty() && !self.phases_done.contains(&phase.name))
            .map(|phase| phase.name.clone())
            .collect()
    }
}

#[derive(Serialize, Deserialize)]
struct StoredPlan {
    mode: String,
    phases: Vec<StoredPhase>,
}

#[derive(Serialize, Deserialize)]
struct StoredPhase {
    name: String,
    steps: Vec<StoredStep>,
}

/// What running a step needs; hazards and estimates were shown when the
/// migration started.
#[derive(Serialize, Deserialize)]
struct StoredStep {
    summary: String,
    sql: Vec<String>,
    transactional: bool,
    long_running: bool,
    builds_index: Option<QualName>,
    rollback: Option<Vec<String>>,
    /// (code, severity, message): what `apply` refuses must stay known.
    hazards: Vec<(String, String, String)>,
}

fn store(plan: &Plan) -> StoredPlan {
    StoredPlan {
        mode: plan.mode.as_str().to_string(),
        phases: plan
            .phases
            .iter()
            .map(|phase| StoredPhase {
                name: phase.name.clone(),
                steps: phase
                    .steps
                    .iter()
                    .map(|step| StoredStep {
                        summary: step.summary.clone(),
                        sql: step.sql.clone(),
                        transactional: step.transactional,
                        long_running: step.long_running,
                        builds_index: step.builds_index.clone(),
                        rollback: step.rollback.clone(),
                        hazards: step
                            .hazards
                            .iter()
                            .map(|hazard| {
                                (hazard.code.to_string(), hazard.severity.as_str().to_string(), hazard.message.clone())
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn load(stored: StoredPlan) -> Plan {
    let mode = if stored.mode == Mode::Direct.as_str() { Mode::Direct } else { Mode::ZeroDowntime };
    let phases = stored
        .phases
        .into_iter()
        .map(|phase| Phase {
            name: phase.name,
            steps: phase
                .steps
                .into_iter()
                .map(|step| Step {
                    summary: step.summary,
                    sql: step.sql,
                    transactional: step.transactional,
                    tables: Vec::new(),
                    hazards: step
                        .hazards
                        .into_iter()
                        .filter_map(|(code, severity, message)| {
                            Some(crate::plan::Hazard {
                                code: crate::plan::HAZARD_CODES.iter().find(|known| **known == code)?,
                                severity: crate::plan::HazardSeverity::parse(&severity)?,
                                message,
                                object: None,
                                span: None,
                            })
                        })
                        .collect(),
                    object: None,
                    span: None,
                    sign: crate::diff::Sign::Change,
                    lock: None,
                    rewrites: false,
                    scans: false,
                    rollback: step.rollback,
                    estimate_ms: None,
                    long_running: step.long_running,
                    builds_index: step.builds_index,
                    violations_sql: None,
                })
                .collect(),
        })
        .collect();
    Plan { mode, phases, hazards: Vec::new() }
}

fn db(err: postgres::Error) -> StateError {
    StateError::Database(crate::apply::db_message(&err))
}

/// The latest migration with phases left, if any (none when godwit never
/// recorded one here).
pub fn pending(client: &mut Client) -> Result<Option<Pending>, StateError> {
    let exists: bool =
        client.query_one("SELECT to_regclass('_godwit.migrations') IS NOT NULL", &[]).map_err(db)?.get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_opt(
            "SELECT id, target, source, plan::text, phases_done, state, started_at::text, steps_done
             FROM _godwit.migrations WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1",
            &[],
        )
        .map_err(db)?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.get(0);
    let text: String = row.get(3);
    let stored: StoredPlan = serde_json::from_str(&text).map_err(|err| StateError::Corrupt(id, err.to_string()))?;
    Ok(Some(Pending {
        id,
        target: row.get(1),
        source: row.get(2),
        plan: load(stored),
        phases_done: row.get(4),
        state: row.get(5),
        started_at: row.get(6),
        steps_done: usize::try_from(row.get::<_, i32>(7)).unwrap_or(0),
    }))
}

/// Records a migration about to start: `state` is the fingerprint of the
/// schema before it.
pub fn record(
    client: &mut Client,
    plan: &Plan,
    target: &str,
    source: &str,
    state: &str,
) -> Result<Pending, StateError> {
    client
        .batch_execute(
            "CREATE SCHEMA IF NOT EXISTS _godwit;
             CREATE TABLE IF NOT EXISTS _godwit.migrations (
                 id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                 started_at timestamptz NOT NULL DEFAULT now(),
                 target text NOT NULL,
                 source text NOT NULL,
                 plan jsonb NOT NULL,
                 phases_done text[] NOT NULL,
                 state text NOT NULL,
                 steps_done integer NOT NULL DEFAULT 0,
                 finished_at timestamptz,
                 outcome text
             );
             COMMENT ON SCHEMA _godwit IS 'godwit: migrations whose phases run apart (godwit apply --phase)';",
        )
        .map_err(db)?;
    let plan_text = serde_json::to_string(&store(plan)).map_err(|err| StateError::Database(err.to_string()))?;
    let none: Vec<String> = Vec::new();
    let row = client
        .query_one(
            "INSERT INTO _godwit.migrations (target, source, plan, phases_done, state)
             VALUES ($1, $2, $3::text::jsonb, $4, $5) RETURNING id, started_at::text",
            &[&target, &source, &plan_text, &none, &state],
        )
        .map_err(db)?;
    Ok(Pending {
        id: row.get(0),
        target: target.to_string(),
        source: source.to_string(),
        plan: plan.clone(),
        phases_done: Vec::new(),
        state: state.to_string(),
        started_at: row.get(1),
        steps_done: 0,
    })
}

/// Notes that the steps up to `through` are done (committed).
pub fn set_steps_done(client: &mut Client, id: i64, through: usize) -> Result<(), StateError> {
    let through = i32::try_from(through).unwrap_or(i32::MAX);
    client.execute("UPDATE _godwit.migrations SET steps_done = $2 WHERE id = $1", &[&id, &through]).map_err(db)?;
    Ok(())
}

/// Notes more phases done on a recorded migration, and finishes it when
/// none is left.
pub fn advance(client: &mut Client, pending: &Pending, done: &[String], state: &str) -> Result<(), StateError> {
    let mut phases_done = pending.phases_done.clone();
    phases_done.extend(done.iter().filter(|name| !pending.phases_done.contains(name)).cloned());
    let finished = pending.phases_left().iter().all(|name| phases_done.contains(name));
    set_progress(client, pending.id, &phases_done, state, finished.then_some("done"))
}

/// Notes that the last phase done was undone; a migration with no phase
/// done any more is closed as rolled back.
pub fn retreat(client: &mut Client, pending: &Pending, state: &str) -> Result<(), StateError> {
    let mut phases_done = pending.phases_done.clone();
    phases_done.pop();
    let finished = phases_done.is_empty();
    set_progress(client, pending.id, &phases_done, state, finished.then_some("rolled back"))?;
    let steps: usize = pending
        .plan
        .phases
        .iter()
        .filter(|phase| phases_done.contains(&phase.name))
        .map(|phase| phase.steps.len())
        .sum();
    set_steps_done(client, pending.id, steps)
}

/// Writes the phases done and the schema's fingerprint after them; with an
/// outcome, the migration is closed.
fn set_progress(
    client: &mut Client,
    id: i64,
    phases_done: &[String],
    state: &str,
    outcome: Option<&str>,
) -> Result<(), StateError> {
    client
        .execute(
            "UPDATE _godwit.migrations
             SET phases_done = $2, state = $3, outcome = $4,
                 finished_at = CASE WHEN $4::text IS NOT NULL THEN now() END
             WHERE id = $1",
            &[&id, &phases_done, &state, &outcome],
        )
        .map_err(db)?;
    Ok(())
}

/// Closes a recorded migration that will not be resumed (the schema changed
/// under it), with the reason.
pub fn abandon(client: &mut Client, pending: &Pending, reason: &str) -> Result<(), StateError> {
    client
        .execute(
            "UPDATE _godwit.migrations SET finished_at = now(), outcome = $2 WHERE id = $1",
            &[&pending.id, &reason],
        )
        .map_err(db)?;
    Ok(())
}
