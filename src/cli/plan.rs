use super::sources::{self, CoverageArgs, SchemaFilter, ShadowArgs, Source};
use anyhow::{Context, Result};
use godwit::ir::{Catalog, Facts};
use godwit::plan::{Mode, Plan, PlanOptions};
use std::process::ExitCode;

/// Plan the SQL that turns one schema into another.
///
/// A SOURCE is a `.gw` file or a directory of them (read as one schema), a
/// `.sql` file (loaded into the shadow database), or a `postgres://` URL (the
/// live schema; `sslmode=require|verify-full` and libpq `PG*` variables work).
/// Without --from, the plan starts from an empty database.
///
/// Unless --offline, the desired schema is created in a shadow database so that
/// it compares exactly as PostgreSQL prints it, and the plan is proven there
/// before it is shown: in zero-downtime mode phase by phase, each phase's
/// rollback giving back the schema from before it; in direct mode the plan and
/// the plan back.
///
/// Exit codes: 0 no changes, 2 changes planned, 1 error.
///
/// Examples:
///   godwit plan --from schemas/shop/v1 --to schemas/shop/v2
///   godwit plan --from postgres://app@localhost/app --to schemas/shop/v2 --format sql > migrate.sql
///   godwit plan --from before.sql --to after.sql --format json
///   godwit plan --from postgres://app@localhost/app --to schemas/shop/v3 --rollback-out rollback.sql
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct PlanArgs {
    /// The schema the database has now (default: an empty database)
    #[arg(long, value_name = "SOURCE")]
    from: Option<String>,

    /// The schema you want
    #[arg(long, value_name = "SOURCE")]
    to: String,

    /// Output: a readable plan, a SQL script, or JSON for tools
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// How to change the schema: `zero-downtime` (expand, backfill and contract
    /// phases of safe recipes, for databases in use) or `direct` (the plain DDL
    /// of each change in one transaction, for development databases)
    #[arg(long, value_enum, default_value_t = ModeArg::ZeroDowntime)]
    mode: ModeArg,

    /// Also write the rollback script to FILE: in zero-downtime mode, for each
    /// phase (latest first) the statements that undo it, or why it cannot be
    /// undone; in direct mode, the plan from --to back to --from
    #[arg(long, value_name = "FILE")]
    rollback_out: Option<std::path::PathBuf>,

    #[command(flatten)]
    shadow: ShadowArgs,

    #[command(flatten)]
    filter: SchemaFilter,

    #[command(flatten)]
    coverage: CoverageArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Sql,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ModeArg {
    ZeroDowntime,
    Direct,
}

impl ModeArg {
    pub fn mode(self) -> Mode {
        match self {
            ModeArg::ZeroDowntime => Mode::ZeroDowntime,
            ModeArg::Direct => Mode::Direct,
        }
    }
}

/// How long counting the rows that fail a may-fail step may take.
pub const VIOLATION_QUERY_TIMEOUT_MS: u64 = 30_000;

pub fn run(args: PlanArgs, color: bool) -> Result<ExitCode> {
    args.filter.validate()?;
    let from_source = args.from.as_deref().map(Source::parse);
    let to_source = Source::parse(&args.to);
    let mut all: Vec<&Source> = vec![&to_source];
    all.extend(from_source.iter());
    let shadow = sources::shadow(&args.shadow, &all)?;

    let from = match &from_source {
        Some(source) => match sources::load(source, shadow.as_ref(), &args.filter, color)
            .with_context(|| format!("reading --from {}", redact(args.from.as_deref().unwrap_or(""))))?
        {
            Some(loaded) => Some(loaded),
            None => return Ok(ExitCode::from(1)),
        },
        None => None,
    };
    let Some(to) = sources::load(&to_source, shadow.as_ref(), &args.filter, color)
        .with_context(|| format!("reading --to {}", redact(&args.to)))?
    else {
        return Ok(ExitCode::from(1));
    };

    let mut unmodelled: Vec<(&str, godwit::ir::Unmodelled)> = Vec::new();
    if let (Some(loaded), Some(arg)) = (&from, &args.from) {
        args.coverage.report(&format!("--from {}", redact(arg)), &loaded.unmodelled)?;
        unmodelled.extend(loaded.unmodelled.iter().map(|item| ("from", item.clone())));
    }
    args.coverage.report(&format!("--to {}", redact(&args.to)), &to.unmodelled)?;
    unmodelled.extend(to.unmodelled.iter().map(|item| ("to", item.clone())));
    let not_modelled: Vec<&godwit::ir::Unmodelled> = unmodelled.iter().map(|(_, item)| item).collect();

    // A live source says which of the roles the desired schema names it lacks
    // (before the shadow database, which creates the roles it needs, runs).
    if let Some(Source::Database(url)) = &from_source {
        let connect = godwit::pg::connect::ConnectOptions::from_url(url)?;
        let mut client = godwit::pg::connect::connect(&connect)?;
        let missing = godwit::apply::missing_roles(&mut client, &to.catalog.roles())?;
        if !missing.is_empty() {
            eprintln!(
                "warning: {} has no role{} {}, which the desired schema names; apply will refuse until they \
                 exist (godwit never creates roles: CREATE ROLE … NOLOGIN, or remove their grants)",
                connect.redacted(),
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            );
        }
    }

    // Compare as PostgreSQL prints things.
    let (from_catalog, from_facts) = match &from {
        Some(loaded) => loaded.normalized(shadow.as_ref())?,
        None => (Catalog::default(), Facts::default()),
    };
    let (mut to_catalog, to_facts) =
        to.normalized(shadow.as_ref()).map_err(|err| sources::explain_shadow_error(err, &not_modelled))?;
    args.filter.leave_alone(&from_catalog, &mut to_catalog, &to.meta);

    let options = PlanOptions { mode: args.mode.mode() };
    let mut plan = godwit::plan::plan_with_facts(&from_catalog, &from_facts, &to_catalog, &to.meta, &options);
    // A live source says how many rows each may-fail step meets now.
    if let Some(Source::Database(url)) = &from_source {
        let connect = godwit::pg::connect::ConnectOptions::from_url(url)?;
        let mut client = godwit::pg::connect::connect(&connect)?;
        godwit::introspect::count_violations(&mut client, &mut plan, VIOLATION_QUERY_TIMEOUT_MS);
    }
    let target = Target { catalog: &to_catalog, facts: &to_facts, meta: &to.meta };
    let rollback = rollback_and_proof(shadow.as_ref(), &from_catalog, &plan, &target, &options)
        .map_err(|err| sources::explain_shadow_error(err, &not_modelled))?;

    let output = match args.format {
        Format::Human => godwit::render::human(&plan, Some(&to.files)),
        Format::Sql => godwit::render::sql_script(&plan),
        Format::Json => {
            let fingerprints = (godwit::render::fingerprint(&from_catalog), godwit::render::fingerprint(&to_catalog));
            let value = godwit::render::json(&plan, Some(&to.files), fingerprints, &unmodelled);
            let mut text = serde_json::to_string_pretty(&value)?;
            text.push('\n');
            text
        }
    };
    print!("{output}");
    if let Some(path) = &args.rollback_out {
        let script = match &rollback {
            None => godwit::render::rollback_script(&plan),
            Some(rollback) => godwit::render::sql_script(rollback),
        };
        std::fs::write(path, script).with_context(|| format!("writing {}", path.display()))?;
    }
    if matches!(args.format, Format::Human) {
        if shadow.is_some() {
            let what = match options.mode {
                Mode::ZeroDowntime => "each phase and its rollback",
                Mode::Direct => "the plan and its rollback",
            };
            eprintln!("note: {what} were proven on a shadow database");
        } else {
            eprintln!(
                "note: planned offline: SQL expressions (defaults, checks, view and function bodies) are compared \
                 as written, not as PostgreSQL would normalize them"
            );
        }
    }
    Ok(if plan.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// The desired schema of a plan.
pub struct Target<'a> {
    pub catalog: &'a Catalog,
    pub facts: &'a Facts,
    pub meta: &'a godwit::ir::Meta,
}

/// The rollback of `plan` and, with a shadow database, the proof of both.
/// Zero-downtime plans roll back phase by phase (`None`: the rollbacks are
/// in the plan's steps); direct plans by the plan from the target back to
/// `current` (`Some`).
pub fn rollback_and_proof(
    shadow: Option<&godwit::shadow::Shadow>,
    current: &Catalog,
    plan: &Plan,
    target: &Target,
    options: &PlanOptions,
) -> Result<Option<Plan>> {
    match options.mode {
        Mode::ZeroDowntime => {
            if let Some(shadow) = shadow {
                shadow.prove_phases(current, plan, target.catalog)?;
            }
            Ok(None)
        }
        Mode::Direct => {
            let rollback =
                godwit::plan::rollback_plan_with_facts(current, target.catalog, target.facts, target.meta, options);
            if let Some(shadow) = shadow {
                shadow.prove(current, plan, target.catalog, "plan")?;
                shadow.prove(target.catalog, &rollback, current, "rollback")?;
            }
            Ok(Some(rollback))
        }
    }
}

/// A SOURCE for messages: URLs without their password.
fn redact(source: &str) -> String {
    match godwit::pg::connect::ConnectOptions::from_url(source) {
        Ok(options) if source.contains("://") => options.redacted(),
        _ => source.to_string(),
    }
}
