//! Scale benchmark: compile, diff and plan schemas of thousands of tables.
//!
//! Run with `cargo bench --bench scale` (optionally `-- 10000` for the table
//! count). It generates a schema of N tables (each with columns, a primary key,
//! a foreign key to an earlier table, a check and two indexes) in 20 files,
//! and a second version in which every tenth table changes, then reports the
//! best of several runs of each stage.

use godwit::diagnostics::SourceFiles;
use godwit::plan::{Mode, PlanOptions};
use std::time::{Duration, Instant};

fn schema_files(n_tables: usize, version: usize) -> SourceFiles {
    let mut files = SourceFiles::new();
    let n_files = 20;
    let mut texts = vec![String::new(); n_files];
    texts[0].push_str("schema app\nenum app.status { 'new', 'active', 'closed' }\n\n");
    for idx in 0..n_tables {
        let text = &mut texts[idx % n_files];
        text.push_str(&format!("table app.t{idx} {{\n  id bigint generated always as identity primary key\n"));
        text.push_str("  name text not null\n  status app.status not null default 'new'\n");
        text.push_str("  amount numeric(12, 2) not null default 0 check (amount >= 0)\n");
        text.push_str("  created_at timestamptz not null default now()\n");
        if idx > 0 {
            text.push_str(&format!("  parent_id bigint references app.t{} on delete cascade\n", idx / 2));
        }
        if version > 0 && idx % 10 == 0 {
            text.push_str("  note varchar(200)\n");
        }
        text.push_str("\n  index (name)\n  index (created_at desc) where (status <> 'closed')\n}\n\n");
    }
    for (idx, text) in texts.into_iter().enumerate() {
        files.add(format!("bench/v{version}/{idx:02}.gw"), text);
    }
    files
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut res = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        res = Some(value);
    }
    (best, res.unwrap_or_else(|| panic!("at least one run")))
}

fn main() {
    let n_tables: usize = std::env::args().skip(1).find_map(|arg| arg.parse().ok()).unwrap_or(2_000);
    let runs = 3;
    let v0 = schema_files(n_tables, 0);
    let v1 = schema_files(n_tables, 1);
    let bytes: usize = v0.iter().map(|(_, _, text)| text.len()).sum();

    let (parse_time, _) =
        best_of(runs, || v0.iter().map(|(_, _, text)| godwit::syntax::parse(text).0.definitions.len()).sum::<usize>());
    let (compile_time, lowered0) = best_of(runs, || godwit::lower::compile(&v0));
    assert!(!lowered0.has_errors());
    let lowered1 = godwit::lower::compile(&v1);
    assert!(!lowered1.has_errors());
    let (diff_time, changes) =
        best_of(runs, || godwit::diff::diff(&lowered0.catalog, &lowered1.catalog, &lowered1.meta));
    let options = PlanOptions { mode: Mode::Direct };
    let (plan_time, plan) =
        best_of(runs, || godwit::plan::plan(&lowered0.catalog, &lowered1.catalog, &lowered1.meta, &options));
    let zero = PlanOptions { mode: Mode::ZeroDowntime };
    let (zero_time, zero_plan) =
        best_of(runs, || godwit::plan::plan(&lowered0.catalog, &lowered1.catalog, &lowered1.meta, &zero));
    let (rollback_time, rollback) = best_of(runs, || godwit::render::rollback_script(&zero_plan));
    let (create_time, create) = best_of(runs, || {
        godwit::plan::plan(&godwit::ir::Catalog::default(), &lowered0.catalog, &lowered0.meta, &options)
    });
    let (render_time, script) = best_of(runs, || godwit::render::sql_script(&create));
    let (print_time, printed) = best_of(runs, || godwit::print::print_catalog(&lowered0.catalog, &lowered0.meta));

    println!("godwit scale benchmark: {n_tables} tables, {} KiB of schema text, best of {runs}", bytes / 1024);
    println!("  parse (20 files)               {:>10.1} ms", ms(parse_time));
    println!("  parse + lower                  {:>10.1} ms", ms(compile_time));
    println!("  diff (every 10th table changes) {:>9.1} ms  ({} changes)", ms(diff_time), changes.changes.len());
    println!("  plan v0 -> v1                  {:>10.1} ms  ({} steps)", ms(plan_time), plan.steps().count());
    println!("  plan v0 -> v1, zero-downtime   {:>10.1} ms  ({} steps)", ms(zero_time), zero_plan.steps().count());
    println!("  its per-phase rollback script  {:>10.1} ms  ({} KiB)", ms(rollback_time), rollback.len() / 1024);
    println!("  plan empty -> v0               {:>10.1} ms  ({} steps)", ms(create_time), create.steps().count());
    println!("  render SQL of that plan        {:>10.1} ms  ({} KiB)", ms(render_time), script.len() / 1024);
    println!("  print catalog as schema text   {:>10.1} ms  ({} KiB)", ms(print_time), printed.len() / 1024);
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
