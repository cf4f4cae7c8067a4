use anyhow::Result;
use godwit::diagnostics::SourceFiles;
use std::path::PathBuf;
use std::process::ExitCode;

/// Check schema files for errors without planning anything.
///
/// All files given (and all `.gw` files below given directories) are read as
/// ONE schema: names resolve across files in any order.
///
/// Example: godwit check schemas/shop/v2
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Schema files or directories of `.gw` files
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: CheckArgs, color: bool) -> Result<ExitCode> {
    let mut files = SourceFiles::new();
    for path in &args.paths {
        godwit::source::load(path, &mut files)?;
    }
    let lowered = godwit::lower::compile(&files);
    if super::report(&lowered.diagnostics, &files, color) {
        return Ok(ExitCode::from(1));
    }
    let catalog = &lowered.catalog;
    let n_tables = catalog.tables.len();
    eprintln!(
        "ok: {} file{}, {n_tables} table{}, {} view{}, {} function{}, {} type{}",
        files.len(),
        super::plural(files.len()),
        super::plural(n_tables),
        catalog.views.len(),
        super::plural(catalog.views.len()),
        catalog.functions.len(),
        super::plural(catalog.functions.len()),
        catalog.enums.len() + catalog.domains.len(),
        super::plural(catalog.enums.len() + catalog.domains.len()),
    );
    Ok(ExitCode::SUCCESS)
}
