use anyhow::{Result, bail};
use godwit::diagnostics::{Diagnostic, SourceFiles};
use std::path::PathBuf;
use std::process::ExitCode;

/// Format schema files in the one canonical layout.
///
/// Comments are kept. Files with syntax errors are reported and left untouched.
///
/// Examples:
///   godwit fmt schemas/
///   godwit fmt --check schemas/     (CI: exit 1 if a file is not formatted)
#[derive(clap::Args)]
pub struct FmtArgs {
    /// Do not write; list the files that are not formatted and exit 1 if any
    #[arg(long)]
    check: bool,

    /// Schema files or directories of `.gw` files
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: FmtArgs, color: bool) -> Result<ExitCode> {
    let mut paths = Vec::new();
    for path in &args.paths {
        paths.extend(godwit::source::schema_files(path)?);
    }
    let mut files = SourceFiles::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut n_changed = 0;
    for path in &paths {
        let text = godwit::source::read_text(path)?;
        let file_id = files.add(path.display().to_string(), text.clone());
        let (ast, errors) = godwit::syntax::parse(&text);
        if !errors.is_empty() {
            diagnostics.extend(errors.into_iter().map(|error| godwit::lower::syntax_diagnostic(file_id, error)));
            continue;
        }
        let formatted = godwit::print::format_file(&ast, &text);
        check_stable(&formatted, path)?;
        if formatted == text {
            continue;
        }
        n_changed += 1;
        if args.check {
            println!("would reformat {}", path.display());
        } else {
            std::fs::write(path, &formatted)?;
            println!("formatted {}", path.display());
        }
    }
    let had_errors = super::report(&diagnostics, &files, color);
    if had_errors {
        return Ok(ExitCode::from(1));
    }
    if args.check && n_changed > 0 {
        eprintln!("{n_changed} file{} would be reformatted; run `godwit fmt` on them", super::plural(n_changed));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Formatting must be a fixed point and keep every comment; otherwise it is a
/// bug in godwit, and the file is not touched.
fn check_stable(formatted: &str, path: &std::path::Path) -> Result<()> {
    let (again, errors) = godwit::syntax::parse(formatted);
    if !errors.is_empty() || godwit::print::format_file(&again, formatted) != formatted {
        bail!(
            "internal error: formatting {} is not stable; the file was left unchanged (please report this)",
            path.display()
        );
    }
    Ok(())
}
