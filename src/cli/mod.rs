//! Command-line interface: the only module that prints or exits.
//!
//! Exit codes: 0 success (and, for `plan`, no changes), 2 `plan` found changes,
//! 1 error (bad input, diagnostics, I/O).

mod apply;
mod check;
mod fmt;
mod inspect;
mod plan;
mod sources;

use clap::{Parser, Subcommand};
use godwit::diagnostics::{self, Diagnostic, SourceFiles};
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "godwit",
    version,
    about = "A compiler for PostgreSQL schemas: declare the schema you want, get an ordered migration plan",
    long_about = "godwit reads schemas written in the godwit language (.gw files), checks them, \
formats them and plans the SQL that turns one schema into another.\n\n\
Quick start:\n  godwit check schemas/shop/v2\n  godwit plan --from schemas/shop/v1 --to schemas/shop/v2\n  \
godwit apply --db postgres://app@localhost/app --to schemas/shop/v2\n\n\
Exit codes: 0 success (for plan: no changes), 2 plan has changes, 1 error."
)]
struct Cli {
    /// When to color diagnostics and plans
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    Plan(plan::PlanArgs),
    Apply(apply::ApplyArgs),
    Inspect(inspect::InspectArgs),
    Check(check::CheckArgs),
    Fmt(fmt::FmtArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let res = match cli.command {
        Command::Plan(args) => plan::run(args, color),
        Command::Apply(args) => apply::run(args, color),
        Command::Inspect(args) => inspect::run(args),
        Command::Check(args) => check::run(args, color),
        Command::Fmt(args) => fmt::run(args, color),
    };
    match res {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Prints diagnostics to stderr; returns whether any is an error.
fn report(diagnostics: &[Diagnostic], files: &SourceFiles, color: bool) -> bool {
    if !diagnostics.is_empty() {
        eprint!("{}", diagnostics::render(diagnostics, files, color));
        let n_errors = diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count();
        let n_warnings = diagnostics.len() - n_errors;
        if n_errors > 0 {
            eprintln!(
                "error: {n_errors} error{} and {n_warnings} warning{} found",
                plural(n_errors),
                plural(n_warnings)
            );
        }
    }
    diagnostics.iter().any(Diagnostic::is_error)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
