use super::sources::{self, SchemaFilter, ShadowArgs, Source};
use anyhow::{Context, Result, bail};
use godwit::pg::connect::{self, ConnectOptions};
use godwit::plan::{Mode, PlanOptions};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// Plan against a live database and run the plan.
///
/// The plan is shown first and proven on a shadow database; on a terminal you
/// are asked to confirm (--yes skips that). In direct mode the steps run in one
/// transaction wherever PostgreSQL allows it. A plan with a `data-loss` hazard
/// is refused unless --allow-hazard data-loss is given. An error names the step
/// and its SQL; the open transaction is rolled back.
///
/// The database is --db, else DATABASE_URL, else the libpq PG* variables.
///
/// Examples:
///   godwit apply --db postgres://app@localhost/app --to schemas/shop/v2
///   DATABASE_URL=postgres://app@localhost/app godwit apply --to schemas/shop/v3 --yes --allow-hazard data-loss
#[derive(clap::Args)]
pub struct ApplyArgs {
    /// The database to change
    #[arg(long, value_name = "URL")]
    db: Option<String>,

    /// The schema you want (schema files or a .sql file)
    #[arg(long, value_name = "SOURCE")]
    to: String,

    /// How to change the schema: `direct` runs the plain DDL of each change
    #[arg(long, value_enum, default_value_t = ModeArg::Direct)]
    mode: ModeArg,

    /// Run without asking for confirmation
    #[arg(long)]
    yes: bool,

    /// Run the plan even though it has this hazard (repeatable), e.g. data-loss
    #[arg(long = "allow-hazard", value_name = "CODE")]
    allow_hazards: Vec<String>,

    #[command(flatten)]
    shadow: ShadowArgs,

    #[command(flatten)]
    filter: SchemaFilter,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    Direct,
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
    if args.shadow.offline {
        bail!("apply always proves its plan on a shadow database: drop --offline");
    }
    let options = database(args.db.as_deref())?;
    let to_source = Source::parse(&args.to);
    if let Source::Database(_) = to_source {
        bail!("--to must be schema files or a .sql file, not a database");
    }
    let shadow =
        sources::shadow(&args.shadow, &[&Source::Database(String::new())])?.context("apply needs a shadow database")?;
    let mut client = connect::connect(&options)?;
    let introspected = godwit::introspect::introspect(&mut client, &args.filter.options())
        .with_context(|| format!("reading {}", options.redacted()))?;
    let current_facts = introspected.facts();
    let current = introspected.catalog;
    let Some(to) = sources::load(&to_source, Some(&shadow), &args.filter, color)? else {
        return Ok(ExitCode::from(1));
    };
    let (desired, desired_facts) = to.normalized(Some(&shadow))?;
    let plan_options = PlanOptions {
        mode: match args.mode {
            ModeArg::Direct => Mode::Direct,
        },
    };
    let plan = godwit::plan::plan_with_facts(&current, &current_facts, &desired, &to.meta, &plan_options);
    if plan.is_empty() {
        println!("No changes. The schema of {} is up to date.", options.redacted());
        return Ok(ExitCode::SUCCESS);
    }
    shadow.prove(&current, &plan, &desired, "plan")?;
    let rollback = godwit::plan::rollback_plan_with_facts(&current, &desired, &desired_facts, &to.meta, &plan_options);
    shadow.prove(&desired, &rollback, &current, "rollback")?;
    print!("{}", godwit::render::human(&plan, Some(&to.files)));
    godwit::apply::check_allowed(&plan, REFUSED_HAZARDS, &args.allow_hazards)?;

    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!("not applying without confirmation: pass --yes to apply non-interactively");
        }
        print!("Apply {} steps to {}? [y/N] ", plan.steps().count(), options.redacted());
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("not applied");
            return Ok(ExitCode::from(1));
        }
    }
    let n_steps = plan.steps().count();
    godwit::apply::apply(&mut client, &plan, |number, step| {
        eprintln!("[{number}/{n_steps}] {}", step.summary);
    })?;
    eprintln!("applied {n_steps} steps to {}", options.redacted());
    Ok(ExitCode::SUCCESS)
}
