use anyhow::{Context, Result};
use godwit::diagnostics::SourceFiles;
use godwit::lower::Lowered;
use godwit::plan::{Mode, PlanOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Plan the SQL that turns one schema into another.
///
/// A SOURCE is a `.gw` file or a directory of them (read as one schema).
/// Without --from, the plan starts from an empty database.
///
/// Exit codes: 0 no changes, 2 changes planned, 1 error.
///
/// Examples:
///   godwit plan --from schemas/shop/v1 --to schemas/shop/v2
///   godwit plan --from schemas/shop/v1 --to schemas/shop/v2 --format sql > migrate.sql
///   godwit plan --to schemas/saas/v1 --format json
#[derive(clap::Args)]
pub struct PlanArgs {
    /// The schema the database has now (default: an empty database)
    #[arg(long, value_name = "SOURCE")]
    from: Option<PathBuf>,

    /// The schema you want
    #[arg(long, value_name = "SOURCE")]
    to: PathBuf,

    /// Output: a readable plan, a SQL script, or JSON for tools
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// How to change the schema: `direct` emits the plain DDL of each change
    /// in one transaction (for development databases)
    #[arg(long, value_enum, default_value_t = ModeArg::Direct)]
    mode: ModeArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Sql,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    Direct,
}

/// A compiled source, or the diagnostics that stopped it.
fn compile(path: &Path, color: bool) -> Result<Option<(SourceFiles, Lowered)>> {
    let mut files = SourceFiles::new();
    godwit::source::load(path, &mut files)?;
    let lowered = godwit::lower::compile(&files);
    if super::report(&lowered.diagnostics, &files, color) {
        return Ok(None);
    }
    Ok(Some((files, lowered)))
}

pub fn run(args: PlanArgs, color: bool) -> Result<ExitCode> {
    let from = match &args.from {
        Some(path) => match compile(path, color).with_context(|| format!("reading --from {}", path.display()))? {
            Some((_, lowered)) => lowered.catalog,
            None => return Ok(ExitCode::from(1)),
        },
        None => godwit::ir::Catalog::default(),
    };
    let Some((files, to)) = compile(&args.to, color).with_context(|| format!("reading --to {}", args.to.display()))?
    else {
        return Ok(ExitCode::from(1));
    };
    let options = PlanOptions {
        mode: match args.mode {
            ModeArg::Direct => Mode::Direct,
        },
    };
    let plan = godwit::plan::plan(&from, &to.catalog, &to.meta, &options);
    let output = match args.format {
        Format::Human => godwit::render::human(&plan, Some(&files)),
        Format::Sql => godwit::render::sql_script(&plan),
        Format::Json => {
            let fingerprints = (godwit::render::fingerprint(&from), godwit::render::fingerprint(&to.catalog));
            let value = godwit::render::json(&plan, Some(&files), fingerprints);
            let mut text = serde_json::to_string_pretty(&value)?;
            text.push('\n');
            text
        }
    };
    print!("{output}");
    if matches!(args.format, Format::Human) {
        eprintln!(
            "note: planned offline: SQL expressions (defaults, checks, view and function bodies) are compared \
             as written, not as PostgreSQL would normalize them"
        );
    }
    let has_steps = plan.phases.iter().any(|phase| !phase.steps.is_empty());
    Ok(if has_steps { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
