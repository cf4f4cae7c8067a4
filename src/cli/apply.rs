use super::plan::ModeArg;
use super::sources::{self, CoverageArgs, SchemaFilter, ShadowArgs, Source};
use anyhow::{Context, Result, bail};
use godwit::apply::{ApplyOptions, Event};
use godwit::pg::connect::{self, ConnectOptions};
use godwit::plan::PlanOptions;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

/// Plan against a live database and run the plan.
///
/// The plan is shown first and proven on a shadow database; on a terminal you
/// are asked to confirm (--yes skips that). A plan with a `data-loss` hazard
/// is refused unless --allow-hazard data-loss is given.
///
/// How the steps run, whatever the --mode: consecutive steps that allow it run
/// in one transaction (never across a phase boundary); the others (CREATE
/// INDEX CONCURRENTLY, a validation, a batched backfill, ALTER TYPE … ADD
/// VALUE) run alone, outside any transaction. Every step runs under a
/// lock_timeout (--lock-timeout, 2s by default), so that a statement waiting
/// for a busy table gives up instead of blocking the queries queued behind it;
/// its transaction (or the step alone) is rolled back and tried again after a
/// growing pause, up to --max-attempts times in all. Index builds, validation
/// and backfills run without a statement_timeout. An invalid index left by an
/// earlier failed CREATE INDEX CONCURRENTLY is dropped before it is built
/// again, and a build that fails drops its own. Only one apply runs at a time
/// on a database (a session advisory lock).
///
/// --phase runs only the named phases of the plan (repeatable, in plan order),
/// e.g. the expand phase now and the contract phase after the application is
/// deployed; step numbers stay those of the whole plan. A plan of several
/// phases is recorded in the database before it runs (schema _godwit, which
/// godwit never plans for), with the phases and steps done after each
/// committed step; a later apply toward the same schema resumes it, after the
/// phases done or after the last step done when an apply stopped part way,
/// instead of planning again from the in-between schema. Only the hazards of
/// the phases that run must be allowed.
///
/// An error names the step and its SQL; the open transaction is rolled back.
///
/// The database is --db, else DATABASE_URL, else the libpq PG* variables.
///
/// Examples:
///   godwit apply --db postgres://app@localhost/app --to schemas/shop/v2
///   DATABASE_URL=postgres://app@localhost/app godwit apply --to schemas/shop/v3 --yes --allow-hazard data-loss
///   godwit apply --to schemas/shop/v3 --lock-timeout 500ms --max-attempts 20
///   godwit apply --to schemas/shop/v3 --phase expand     (deploy, then:)
///   godwit apply --to schemas/shop/v3 --allow-hazard data-loss
///   godwit apply --undo     (the rollback of the last phase that ran)
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ApplyArgs {
    /// The database to change
    #[arg(long, value_name = "URL")]
    db: Option<String>,

    /// The schema you want (schema files or a .sql file)
    #[arg(long, value_name = "SOURCE", required_unless_present = "undo")]
    to: Option<String>,

    /// Undo the last phase that ran of the migration in progress (one whose
    /// phases run apart, recorded by an earlier `apply --phase`): run that
    /// phase's rollback, proven on the shadow database when the plan was made
    #[arg(long, conflicts_with_all = ["to", "phases"])]
    undo: bool,

    /// How to change the schema: `zero-downtime` (expand, backfill and contract
    /// phases of safe recipes) or `direct` (the plain DDL of each change)
    #[arg(long, value_enum, default_value_t = ModeArg::ZeroDowntime)]
    mode: ModeArg,

    /// Run without asking for confirmation
    #[arg(long)]
    yes: bool,

    /// Run the plan even though it has this hazard (repeatable), e.g. data-loss
    #[arg(long = "allow-hazard", value_name = "CODE")]
    allow_hazards: Vec<String>,

    /// Run only this phase of the plan (repeatable), e.g. expand
    #[arg(long = "phase", value_name = "NAME")]
    phases: Vec<String>,

    /// How long a statement may wait for a lock before its step is retried,
    /// e.g. 2s, 500ms, 1m
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = parse_lock_timeout)]
    lock_timeout: Duration,

    /// How many times a step that times out waiting for a lock is tried in all
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    max_attempts: u32,

    #[command(flatten)]
    shadow: ShadowArgs,

    #[command(flatten)]
    filter: SchemaFilter,

    #[command(flatten)]
    coverage: CoverageArgs,
}

/// A `--lock-timeout` value: a whole number with the unit `ms`, `s` or `m`.
fn parse_lock_timeout(text: &str) -> Result<Duration, String> {
    const EXPECTED: &str = "expected a whole number and a unit, e.g. 2s, 500ms or 1m";
    let text = text.trim();
    let digits = text.find(|ch: char| !ch.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    if number.is_empty() {
        return Err(EXPECTED.to_string());
    }
    let Ok(number) = number.parse::<u64>() else { return Err("the number is too large".to_string()) };
    let scale = match unit.trim() {
        "ms" => 1,
        "s" => 1000,
        "m" | "min" => 60_000,
        "" => return Err(format!("the unit is missing: {EXPECTED}")),
        other => return Err(format!("unknown unit `{other}`: {EXPECTED}")),
    };
    let millis = number.saturating_mul(scale);
    if millis == 0 {
        return Err("it must be more than 0: without a lock timeout, a statement that waits for a lock \
                    blocks every query queued behind it"
            .to_string());
    }
    if millis > i32::MAX as u64 {
        return Err("it must be at most 2147483647ms (about 24 days)".to_string());
    }
    Ok(Duration::from_millis(millis))
}

/// Hazards `apply` refuses unless they are allowed.
const REFUSED_HAZARDS: &[&str] = &["data-loss"];

/// The database from --db, DATABASE_URL or the PG* variables.
pub fn database(db: Option<&str>) -> Result<ConnectOptions> {
    match db {
        Some(url) => Ok(ConnectOptions::from_url(url)?),
        None => match ConnectOptions::from_env() {
            Some(options) => Ok(options?),
            None => bail!("no database given: pass --db postgres://… or set DATABASE_URL"),
        },
    }
}

pub fn run(args: ApplyArgs, color: bool) -> Result<ExitCode> {
    args.filter.validate()?;
    if args.shadow.offline {
        bail!("apply always proves its plan on a shadow database: drop --offline");
    }
    let options = database(args.db.as_deref())?;
    if args.undo {
        return undo(&args, &options);
    }
    let to_arg = args.to.clone().unwrap_or_default();
    let to_source = Source::parse(&to_arg);
    if let Source::Database(_) = to_source {
        bail!("--to must be schema files or a .sql file, not a database");
    }
    let shadow =
        sources::shadow(&args.shadow, &[&Source::Database(String::new())])?.context("apply needs a shadow database")?;
    let mut client = connect::connect(&options)?;
    let introspected = godwit::introspect::introspect(&mut client, &args.filter.options())
        .with_context(|| format!("reading {}", options.redacted()))?;
    args.coverage.report(&options.redacted(), &introspected.unmodelled)?;
    let current_facts = introspected.facts();
    let current = introspected.catalog;
    let Some(to) = sources::load(&to_source, Some(&shadow), &args.filter, color)? else {
        return Ok(ExitCode::from(1));
    };
    args.coverage.report(&format!("--to {to_arg}"), &to.unmodelled)?;
    let missing = godwit::apply::missing_roles(&mut client, &to.catalog.roles())?;
    if !missing.is_empty() {
        bail!(
            "{} has no role{} {}, which the desired schema names; godwit never creates roles: create them \
             (CREATE ROLE … NOLOGIN) or remove their grants",
            options.redacted(),
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        );
    }
    let not_modelled: Vec<&godwit::ir::Unmodelled> =
        introspected.unmodelled.iter().chain(to.unmodelled.iter()).collect();
    let (mut desired, desired_facts) =
        to.normalized(Some(&shadow)).map_err(|err| sources::explain_shadow_error(err, &not_modelled))?;
    args.filter.leave_alone(&current, &mut desired, &to.meta);
    let current_print = godwit::render::fingerprint(&current);
    let target_print = godwit::render::fingerprint(&desired);

    // A migration whose phases run apart, or that stopped part way, resumes
    // where it stopped.
    let resumed = match godwit::state::pending(&mut client)? {
        Some(pending)
            if pending.target == target_print && (pending.state == current_print || pending.interrupted()) =>
        {
            Some(pending)
        }
        // One that stopped before its first step changed anything.
        Some(pending) if pending.state == current_print && pending.steps_done == 0 => {
            godwit::state::abandon(&mut client, &pending, "replaced by a plan toward another schema")?;
            None
        }
        Some(pending) if pending.state == current_print || pending.interrupted() => bail!(
            "{} is in the middle of migration #{} (started {} toward {}; phases done: {}; steps done: {}): \
             finish it first with `godwit apply --to {}`",
            options.redacted(),
            pending.id,
            pending.started_at,
            pending.source,
            none_if_empty(&pending.phases_done),
            pending.steps_done,
            pending.source
        ),
        Some(pending) => {
            eprintln!(
                "warning: migration #{} recorded in {}.migrations (phases done: {}) no longer matches the schema, \
                 which changed since; it is closed and the plan is made afresh",
                pending.id,
                godwit::state::SCHEMA,
                none_if_empty(&pending.phases_done)
            );
            godwit::state::abandon(&mut client, &pending, "the schema changed between its phases")?;
            None
        }
        None => None,
    };
    let plan_options = PlanOptions { mode: args.mode.mode() };
    let skip_through = resumed.as_ref().map_or(0, |pending| pending.steps_done);
    let plan = match &resumed {
        Some(pending) => {
            if pending.interrupted() {
                println!(
                    "Resuming migration #{} (started {}), which stopped after step {}: the steps before are done.\n",
                    pending.id, pending.started_at, pending.steps_done
                );
            } else {
                println!(
                    "Resuming migration #{} (started {}; phases done: {}; left: {}).\n",
                    pending.id,
                    pending.started_at,
                    none_if_empty(&pending.phases_done),
                    pending.phases_left().join(", ")
                );
            }
            print!("{}", godwit::render::human(&steps_after(&pending.plan, skip_through), None));
            pending.plan.clone()
        }
        None => {
            let mut plan = godwit::plan::plan_with_facts(&current, &current_facts, &desired, &to.meta, &plan_options);
            godwit::introspect::count_violations(&mut client, &mut plan, super::plan::VIOLATION_QUERY_TIMEOUT_MS);
            if plan.is_empty() {
                println!("No changes. The schema of {} is up to date.", options.redacted());
                return Ok(ExitCode::SUCCESS);
            }
            // Fail fast on a bad --phase, before the proof.
            godwit::apply::check_phases(&plan, &args.phases)?;
            let target = super::plan::Target { catalog: &desired, facts: &desired_facts, meta: &to.meta };
            super::plan::rollback_and_proof(Some(&shadow), &current, &plan, &target, &plan_options)
                .map_err(|err| sources::explain_shadow_error(err, &not_modelled))?;
            print!("{}", godwit::render::human(&plan, Some(&to.files)));
            plan
        }
    };
    godwit::apply::check_phases(&plan, &args.phases)?;
    // Phases run in order: those asked for must be the next ones left.
    let left_plan = steps_after(&plan, skip_through);
    let left: Vec<String> =
        left_plan.phases.iter().filter(|phase| !phase.steps.is_empty()).map(|phase| phase.name.clone()).collect();
    let asked: Vec<String> = left.iter().filter(|name| args.phases.contains(name)).cloned().collect();
    if !args.phases.is_empty() && left.iter().take(asked.len()).ne(asked.iter()) {
        bail!(
            "phases run in order: the next phase to run is `{}` (left: {})",
            left.first().map_or("none", String::as_str),
            left.join(", ")
        );
    }
    let apply_options = ApplyOptions {
        lock_timeout: args.lock_timeout,
        max_attempts: args.max_attempts,
        phases: (!args.phases.is_empty()).then(|| args.phases.clone()),
        skip_through,
        ..ApplyOptions::default()
    };
    // Only the phases that run now must be allowed.
    let mut running = left_plan.clone();
    for phase in &mut running.phases {
        if !args.phases.is_empty() && !args.phases.contains(&phase.name) {
            phase.steps.clear();
        }
    }
    godwit::apply::check_allowed(&running, REFUSED_HAZARDS, &args.allow_hazards)?;

    let selected = godwit::apply::selected_steps(&plan, &apply_options);
    if !args.phases.is_empty() {
        println!(
            "Only the phase{} {}: {} of the {} steps.",
            if args.phases.len() == 1 { "" } else { "s" },
            args.phases.join(", "),
            selected.len(),
            plan.steps().count()
        );
    }
    if selected.is_empty() {
        println!("Nothing to apply.");
        return Ok(ExitCode::SUCCESS);
    }

    if !args.yes && !confirm(&format!("Apply {} steps to {}?", selected.len(), options.redacted()), "apply")? {
        eprintln!("not applied");
        return Ok(ExitCode::from(1));
    }

    // A plan of several phases is recorded before it runs, with its progress
    // after each committed step, so that a later apply can go on from where
    // this one stops (a failed step, a lost connection, a killed process).
    let record = match resumed {
        Some(pending) => Some(pending),
        None if left.len() > 1 => {
            match godwit::state::record(&mut client, &plan, &target_print, &to_arg, &current_print) {
                Ok(record) => Some(record),
                // Running some phases now and the rest later needs the record.
                Err(err) if !args.phases.is_empty() => {
                    bail!("{err}; --phase needs it to resume later (grant CREATE on the database, or run all phases)")
                }
                Err(err) => {
                    eprintln!("warning: {err}; the plan runs, but cannot be resumed if it stops part way");
                    None
                }
            }
        }
        None => None,
    };
    let mut progress = match &record {
        Some(_) => Some(connect::connect(&options)?),
        None => None,
    };
    let max_attempts = apply_options.max_attempts;
    let result = godwit::apply::apply_with(&mut client, &plan, &apply_options, |event| match event {
        Event::Step { number, total, step } => eprintln!("[{number}/{total}] {}", step.summary),
        Event::Retry { number, attempt, wait, message } => eprintln!(
            "note: step {number} could not get its locks (attempt {attempt} of {max_attempts}: {message}); \
             retrying in {} ms",
            wait.as_millis()
        ),
        Event::CleanedInvalidIndex { number, index } => {
            eprintln!(
                "note: step {number}: dropped the invalid index {index} left by a failed CREATE INDEX CONCURRENTLY"
            )
        }
        Event::Done { through } => {
            if let (Some(client), Some(record)) = (progress.as_mut(), record.as_ref())
                && let Err(err) = godwit::state::set_steps_done(client, record.id, through)
            {
                eprintln!("warning: {err}");
            }
        }
    });
    if let Err(err) = result {
        if let Some(record) = &record {
            eprintln!(
                "note: the steps done are recorded in migration #{}: run the same `godwit apply` again to go on \
                 from the step that failed",
                record.id
            );
        }
        return Err(err.into());
    }
    eprintln!("applied {} steps to {}", selected.len(), options.redacted());

    // Note the phases done, and what is left for a later run.
    if let Some(record) = &record {
        let done: Vec<String> = if args.phases.is_empty() { left.clone() } else { asked.clone() };
        let after = godwit::introspect::introspect(&mut client, &args.filter.options())
            .with_context(|| format!("reading {} after the phases", options.redacted()))?;
        godwit::state::advance(&mut client, record, &done, &godwit::render::fingerprint(&after.catalog))?;
        let remaining: Vec<&String> = left.iter().filter(|name| !done.contains(name)).collect();
        if let Some(next) = remaining.first() {
            println!(
                "Recorded as migration #{} in {}.migrations: run `godwit apply --to {} --phase {next}` next \
                 (or `godwit apply --undo` to undo what ran).",
                record.id,
                godwit::state::SCHEMA,
                record.source
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `plan` without its steps numbered up to `through` (done already).
fn steps_after(plan: &godwit::plan::Plan, through: usize) -> godwit::plan::Plan {
    let mut res = plan.clone();
    let mut number = 0;
    for phase in &mut res.phases {
        phase.steps.retain(|_| {
            number += 1;
            number > through
        });
    }
    res
}

fn none_if_empty(names: &[String]) -> String {
    if names.is_empty() { "none".to_string() } else { names.join(", ") }
}

/// `apply --undo`: the rollback of the last phase done of the migration in
/// progress.
fn undo(args: &ApplyArgs, options: &ConnectOptions) -> Result<ExitCode> {
    let mut client = connect::connect(options)?;
    let Some(pending) = godwit::state::pending(&mut client)? else {
        bail!("no migration is in progress on {}: nothing to undo", options.redacted());
    };
    if pending.interrupted() {
        bail!(
            "migration #{} stopped part way through a phase (after step {}): finish that phase first with \
             `godwit apply --to {}`, then undo it",
            pending.id,
            pending.steps_done,
            pending.source
        );
    }
    let current = godwit::introspect::introspect(&mut client, &args.filter.options())
        .with_context(|| format!("reading {}", options.redacted()))?;
    if godwit::render::fingerprint(&current.catalog) != pending.state {
        bail!(
            "the schema of {} changed since migration #{} ran its phases ({}): its rollback no longer applies",
            options.redacted(),
            pending.id,
            pending.phases_done.join(", ")
        );
    }
    let Some(last) = pending.phases_done.last() else {
        bail!("migration #{} has no phase done: nothing to undo", pending.id);
    };
    let index = pending
        .plan
        .phases
        .iter()
        .position(|phase| &phase.name == last)
        .with_context(|| format!("migration #{} has no phase `{last}`", pending.id))?;
    let rollback = match pending.plan.phase_rollback(index) {
        Ok(rollback) => rollback,
        Err(reasons) => bail!("the {last} phase of migration #{} cannot be undone: {}", pending.id, reasons.join("; ")),
    };
    println!(
        "Undoing the {last} phase of migration #{} (started {} toward {}).\n",
        pending.id, pending.started_at, pending.source
    );
    print!("{}", godwit::render::human(&rollback, None));
    let steps = rollback.steps().count();
    if !args.yes && !confirm(&format!("Undo the {last} phase ({steps} steps) on {}?", options.redacted()), "undo")? {
        eprintln!("not undone");
        return Ok(ExitCode::from(1));
    }
    let apply_options =
        ApplyOptions { lock_timeout: args.lock_timeout, max_attempts: args.max_attempts, ..ApplyOptions::default() };
    godwit::apply::apply_with(&mut client, &rollback, &apply_options, |event| {
        if let Event::Step { number, total, step } = event {
            eprintln!("[{number}/{total}] {}", step.summary);
        }
    })?;
    let after = godwit::introspect::introspect(&mut client, &args.filter.options())
        .with_context(|| format!("reading {} after the rollback", options.redacted()))?;
    godwit::state::retreat(&mut client, &pending, &godwit::render::fingerprint(&after.catalog))?;
    eprintln!("undid the {last} phase of migration #{} on {}", pending.id, options.redacted());
    Ok(ExitCode::SUCCESS)
}

/// Asks `question` on the terminal; without one, the error says that
/// `--yes` does `what` ("apply", "undo") without asking.
fn confirm(question: &str, what: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!("not going to {what} without confirmation: pass --yes to {what} non-interactively");
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
