//! Running a plan against a database: the executor behind `godwit apply`,
//! the shadow database and the tests.
//!
//! Steps that allow it run together in one transaction; a step that cannot
//! run in a transaction block (e.g. `ALTER TYPE … ADD VALUE` before the label
//! is used) commits what came before and runs on its own. An error names the
//! step and the statement that failed, and rolls back the open transaction.

use crate::plan::{Plan, Step};

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

/// Runs every step of `plan` in order. `on_step` is told before each step runs
/// (for progress output).
pub fn apply(
    client: &mut postgres::Client,
    plan: &Plan,
    mut on_step: impl FnMut(usize, &Step),
) -> Result<(), ApplyError> {
    let steps: Vec<&Step> = plan.steps().collect();
    let mut idx = 0;
    while idx < steps.len() {
        if !steps[idx].transactional {
            on_step(idx + 1, steps[idx]);
            run_step(client, idx + 1, steps[idx])?;
            idx += 1;
            continue;
        }
        // A run of transactional steps: one transaction.
        let end = (idx..steps.len()).find(|&end| !steps[end].transactional).unwrap_or(steps.len());
        client.batch_execute("BEGIN").map_err(|err| ApplyError::Database(db_message(&err)))?;
        for (number, step) in steps.iter().enumerate().take(end).skip(idx) {
            on_step(number + 1, step);
            if let Err(err) = run_step(client, number + 1, step) {
                let _ = client.batch_execute("ROLLBACK");
                return Err(err);
            }
        }
        client.batch_execute("COMMIT").map_err(|err| ApplyError::Database(db_message(&err)))?;
        idx = end;
    }
    Ok(())
}

fn run_step(client: &mut postgres::Client, number: usize, step: &Step) -> Result<(), ApplyError> {
    for statement in &step.sql {
        client.batch_execute(statement).map_err(|err| ApplyError::Step {
            number,
            summary: step.summary.clone(),
            sql: statement.clone(),
            message: db_message(&err),
        })?;
    }
    Ok(())
}

/// A statement on one line (for messages), shortened when long.
fn one_line(sql: &str) -> String {
    let res = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if res.chars().count() > 200 { format!("{}…", res.chars().take(200).collect::<String>()) } else { res }
}

/// PostgreSQL's message (with its detail and hint) or the client error, on one line.
pub fn db_message(err: &postgres::Error) -> String {
    match err.as_db_error() {
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
    }
}
