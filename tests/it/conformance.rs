//! The shared conformance cases (`tests/conformance/`, a copy of
//! `shared/conformance/`), run against real PostgreSQL in both modes: for
//! every case, load `from.sql` and `seed.sql` into a fresh database, plan to
//! the schema of `to.sql` (loaded through the shadow database), apply, and
//! check that the result is exactly `to.sql`'s schema, that no seeded row was
//! lost, that planning again is empty, and that the rollback restores
//! `from.sql`'s schema where the case says it is exact.
//!
//! In zero-downtime mode every key of `expect.toml` is checked against the
//! plan too: `require_sql` / `forbid_sql` (case-insensitive regexes, matched
//! against each statement), `phases`, `hazards` and `no_hazards`.

use godwit::apply;
use godwit::diff::diff;
use godwit::introspect::{IntrospectOptions, introspect};
use godwit::ir::{Catalog, Meta, QualName};
use godwit::plan::{Mode, PlanOptions, plan_with_facts, rollback_plan_with_facts};
use godwit::shadow::Shadow;
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// `expect.toml`: the few TOML forms the cases use (strings, booleans, arrays of strings).
#[derive(Debug, Default)]
struct Expect {
    empty_plan: bool,
    refuse_without_allow: Option<String>,
    rollback: Option<String>,
    strings: IndexMap<String, Vec<String>>,
}

fn parse_expect(text: &str) -> Expect {
    let mut expect = Expect::default();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let (key, value) = line.split_once('=').unwrap_or_else(|| panic!("bad expect.toml line: {line}"));
        let (key, value) = (key.trim(), value.trim());
        match key {
            "empty_plan" => expect.empty_plan = value == "true",
            "refuse_without_allow" => expect.refuse_without_allow = Some(toml_string(value)),
            "rollback" => expect.rollback = Some(toml_string(value)),
            "description" => {}
            _ => {
                let inner = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or_else(|| {
                    panic!("{key}: expected an array, got {value}");
                });
                expect.strings.insert(key.to_string(), split_strings(inner));
            }
        }
    }
    expect
}

fn toml_string(value: &str) -> String {
    let quote = value.chars().next().unwrap_or('"');
    let inner = &value[1..value.len() - 1];
    if quote == '\'' { inner.to_string() } else { inner.replace("\\\\", "\\").replace("\\\"", "\"") }
}

fn split_strings(inner: &str) -> Vec<String> {
    let mut res = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\'' || ch == '"' {
            let mut raw = String::from(ch);
            while let Some(next) = chars.next() {
                raw.push(next);
                if next == '\\' && ch == '"' {
                    if let Some(escaped) = chars.next() {
                        raw.push(escaped);
                    }
                    continue;
                }
                if next == ch {
                    break;
                }
            }
            res.push(toml_string(&raw));
        }
    }
    res
}

fn cases() -> Vec<PathBuf> {
    let mut res: Vec<PathBuf> = std::fs::read_dir("tests/conformance")
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("expect.toml").exists())
        .collect();
    res.sort();
    res
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn catalog_of(client: &mut postgres::Client) -> Catalog {
    introspect(client, &IntrospectOptions::default()).unwrap().catalog
}

fn row_counts(client: &mut postgres::Client, catalog: &Catalog) -> IndexMap<QualName, i64> {
    let mut res = IndexMap::new();
    for name in catalog.tables.keys() {
        let sql = format!("SELECT count(*) FROM {}", godwit::sql::quote::qualified(name));
        let count: i64 = client.query_one(&sql, &[]).unwrap().get(0);
        res.insert(name.clone(), count);
    }
    res
}

fn differences(actual: &Catalog, expected: &Catalog) -> Vec<String> {
    diff(actual, expected, &Meta::default()).changes.iter().map(|change| change.summary()).collect()
}

#[test]
fn every_expect_file_parses() {
    let all = cases();
    assert_eq!(all.len(), 20);
    for case in all {
        let expect = parse_expect(&read(&case.join("expect.toml")));
        for key in expect.strings.keys() {
            assert!(
                ["hazards", "no_hazards", "require_sql", "forbid_sql", "phases"].contains(&key.as_str()),
                "{}: unknown key {key}",
                case.display()
            );
        }
    }
    let case = parse_expect(r#"require_sql = ['a\s+b', "c \"d\""]"#);
    assert_eq!(case.strings["require_sql"], vec![r"a\s+b".to_string(), r#"c "d""#.to_string()]);
}

#[test]
fn conformance_cases_in_direct_mode() {
    run_cases(Mode::Direct);
}

#[test]
fn conformance_cases_in_zero_downtime_mode() {
    run_cases(Mode::ZeroDowntime);
}

/// What the plan itself must show, per `expect.toml` (zero-downtime mode).
fn check_plan_keys(name: &str, expect: &Expect, plan: &godwit::plan::Plan, failures: &mut Vec<String>) {
    let script = godwit::render::sql_script(plan);
    let statements: Vec<&String> = plan.steps().flat_map(|step| step.sql.iter()).collect();
    let hazards: Vec<&str> = plan.all_hazards().map(|hazard| hazard.code).collect();
    let regex = |pattern: &str| {
        fancy_regex::Regex::new(&format!("(?i){pattern}"))
            .unwrap_or_else(|err| panic!("{name}: bad regex {pattern}: {err}"))
    };
    let matches = |pattern: &str| {
        let regex = regex(pattern);
        statements.iter().any(|statement| regex.is_match(statement).unwrap_or(false))
    };
    for (key, values) in &expect.strings {
        for value in values {
            let problem = match key.as_str() {
                "require_sql" if !matches(value) => Some(format!("no statement matches /{value}/")),
                "forbid_sql" if matches(value) => Some(format!("a statement matches the forbidden /{value}/")),
                "phases" if !plan.phases.iter().any(|phase| phase.name == *value && !phase.steps.is_empty()) => {
                    Some(format!("phase {value} has no step"))
                }
                "hazards" if !hazards.contains(&value.as_str()) => Some(format!("no `{value}` hazard")),
                "no_hazards" if hazards.contains(&value.as_str()) => Some(format!("a `{value}` hazard")),
                _ => None,
            };
            if let Some(problem) = problem {
                failures.push(format!("{name}: {problem} (hazards: {hazards:?})\n{script}"));
            }
        }
    }
}

fn run_cases(mode: Mode) {
    let Some(cluster) = crate::pg::cluster_or_skip() else { return };
    let shadow = Shadow::external(&cluster.url("postgres")).unwrap();
    let direct = PlanOptions { mode };
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect = parse_expect(&read(&case.join("expect.toml")));
        let (_, mut client) = crate::pg::fresh_database(&format!("conformance_{}_{name}", mode.as_str()));
        client.batch_execute(&read(&case.join("from.sql"))).unwrap();
        client.batch_execute(&read(&case.join("seed.sql"))).unwrap();
        let introspected = introspect(&mut client, &IntrospectOptions::default()).unwrap();
        let current_facts = introspected.facts();
        let current = introspected.catalog;
        let rows_before = row_counts(&mut client, &current);
        let loaded = shadow.load_sql(&read(&case.join("to.sql")), "to.sql", &IntrospectOptions::default()).unwrap();
        let desired_facts = loaded.facts();
        let desired = loaded.catalog;

        let forward = plan_with_facts(&current, &current_facts, &desired, &Meta::default(), &direct);
        let script = godwit::render::sql_script(&forward);
        if mode == Mode::ZeroDowntime {
            check_plan_keys(&name, &expect, &forward, &mut failures);
        }
        if expect.empty_plan && !forward.is_empty() {
            failures.push(format!("{name}: the plan is not empty:\n{script}"));
            continue;
        }
        if let Some(code) = &expect.refuse_without_allow {
            if apply::check_allowed(&forward, &[code.as_str()], &[]).is_ok() {
                failures.push(format!("{name}: apply would not refuse a plan without --allow-hazard {code}"));
            }
        }
        // Each phase is undone once on the seeded rows and run again.
        if let Err(err) = crate::pg::apply_phases_with_rollbacks(&mut client, &forward) {
            failures.push(format!("{name}: {err:?}"));
            continue;
        }
        let introspected = introspect(&mut client, &IntrospectOptions::default()).unwrap();
        let after_facts = introspected.facts();
        let after = introspected.catalog;
        let remaining = differences(&after, &desired);
        if !remaining.is_empty() {
            failures.push(format!("{name}: the result differs from to.sql: {remaining:?}\n{script}"));
            continue;
        }
        for (table, before) in &rows_before {
            if after.tables.contains_key(table) {
                let count: i64 = client
                    .query_one(&format!("SELECT count(*) FROM {}", godwit::sql::quote::qualified(table)), &[])
                    .unwrap()
                    .get(0);
                if count < *before {
                    failures.push(format!("{name}: {table} lost rows: {before} before, {count} after"));
                }
            }
        }
        let again = plan_with_facts(&after, &after_facts, &desired, &Meta::default(), &direct);
        if !again.is_empty() {
            failures.push(format!("{name}: planning again is not empty:\n{}", godwit::render::sql_script(&again)));
        }
        if expect.rollback.as_deref() == Some("exact") {
            let rollback = rollback_plan_with_facts(&current, &desired, &desired_facts, &Meta::default(), &direct);
            if let Err(err) = apply::apply(&mut client, &rollback, |_, _| {}) {
                failures.push(format!("{name}: the rollback failed: {err}"));
                continue;
            }
            let restored = catalog_of(&mut client);
            let remaining = differences(&restored, &current);
            if !remaining.is_empty() {
                failures.push(format!("{name}: the rollback does not restore from.sql: {remaining:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} mode: {} problem(s):\n\n{}", mode.as_str(), failures.len(), failures.join("\n\n"));
}
