//! The `godwit` binary end to end: exit codes, output, help.

use std::path::Path;
use std::process::{Command, Output};

pub fn godwit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_godwit")).args(args).env("NO_COLOR", "1").output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn check_accepts_a_valid_directory() {
    let output = godwit(&["check", "tests/data/parse/ok"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("ok: "));
}

#[test]
fn check_reports_every_error_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.gw", "table t {\n  id integr primary key\n  x text references nope\n}\n");
    let output = godwit(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error[unknown-type]"), "{err}");
    assert!(err.contains("error[unknown-table]"), "{err}");
    assert!(err.contains("a.gw:2:6"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn missing_path_is_a_one_line_error() {
    let output = godwit(&["check", "no/such/dir"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "error: no/such/dir: no such file or directory\n");
}

#[test]
fn fmt_check_then_fmt_then_check_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.gw");
    std::fs::write(&path, "TABLE t {\n    ID int -- the id\n}\n").unwrap();
    let path = path.to_str().unwrap();

    let output = godwit(&["fmt", "--check", path]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("would reformat"));
    assert_eq!(std::fs::read_to_string(path).unwrap(), "TABLE t {\n    ID int -- the id\n}\n");

    let output = godwit(&["fmt", path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(path).unwrap(), "table t {\n  id int -- the id\n}\n");

    let output = godwit(&["fmt", "--check", path]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn fmt_leaves_files_with_syntax_errors_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.gw");
    std::fs::write(&path, "table t {\n  id\n}\n").unwrap();
    let output = godwit(&["fmt", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[syntax-error]"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "table t {\n  id\n}\n");
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["plan", "check", "fmt"] {
        let output = godwit(&[command, "--help"]);
        assert_eq!(output.status.code(), Some(0));
        let help = stdout(&output);
        assert!(help.contains("Example"), "{command} --help has no example:\n{help}");
    }
}

#[test]
fn plan_exit_codes_say_whether_there_are_changes() {
    let same = godwit(&["plan", "--from", "schemas/shop/v1", "--to", "schemas/shop/v1"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(stdout(&same).contains("No changes"), "{}", stdout(&same));

    let changed = godwit(&["plan", "--from", "schemas/shop/v1", "--to", "schemas/shop/v2", "--format", "sql"]);
    assert_eq!(changed.status.code(), Some(2), "{}", stderr(&changed));
    assert!(stdout(&changed).contains("ALTER TABLE shop.addresses RENAME TO customer_addresses;"));

    let broken = tempfile::tempdir().unwrap();
    write(broken.path(), "a.gw", "table t {\n  id nosuchtype\n}\n");
    let error = godwit(&["plan", "--to", broken.path().to_str().unwrap()]);
    assert_eq!(error.status.code(), Some(1));
    assert!(stderr(&error).contains("error[unknown-type]"));
}

#[test]
fn plan_json_follows_the_contract() {
    let output = godwit(&["plan", "--from", "schemas/saas/v1", "--to", "schemas/saas/v2", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(plan["format_version"], 1);
    for side in ["from", "to"] {
        assert!(plan["fingerprints"][side].as_str().unwrap().starts_with("sha256:"));
    }
    assert_ne!(plan["fingerprints"]["from"], plan["fingerprints"]["to"]);
    let steps = plan["phases"][0]["steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    for step in steps {
        for key in ["summary", "sql", "transactional", "lock", "tables", "rewrites", "scans", "hazards", "rollback"] {
            assert!(step.get(key).is_some(), "step without {key}: {step}");
        }
    }
    // A hazard caused by a schema line points at it.
    let spans: Vec<&serde_json::Value> = steps
        .iter()
        .flat_map(|step| step["hazards"].as_array().unwrap())
        .filter_map(|hazard| hazard.get("span"))
        .collect();
    assert!(spans.iter().any(|span| span["file"].as_str().unwrap().starts_with("schemas/saas/v2")), "{spans:?}");
}

#[test]
fn plan_output_is_deterministic() {
    let args = ["plan", "--from", "schemas/shop/v2", "--to", "schemas/shop/v3", "--format", "json"];
    assert_eq!(stdout(&godwit(&args)), stdout(&godwit(&args)));
}

#[test]
fn apply_rejects_bad_lock_timeouts_and_attempts() {
    for (value, expected) in [
        ("5", "the unit is missing"),
        ("2h", "unknown unit `h`"),
        ("fast", "expected a whole number and a unit, e.g. 2s, 500ms or 1m"),
        ("0s", "it must be more than 0"),
        ("99999999999999999999s", "the number is too large"),
        ("30d", "unknown unit `d`"),
        ("3000000m", "at most 2147483647ms"),
    ] {
        let output = godwit(&["apply", "--to", "schemas/shop/v1", "--lock-timeout", value]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{value}: {err}");
        assert!(err.contains(&format!("invalid value '{value}' for '--lock-timeout <DURATION>'")), "{value}: {err}");
        assert!(err.contains(expected), "{value}: {err}");
    }
    let output = godwit(&["apply", "--to", "schemas/shop/v1", "--max-attempts", "0"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--max-attempts"), "{}", stderr(&output));
    let help = stdout(&godwit(&["apply", "--help"]));
    for flag in ["--phase <NAME>", "--lock-timeout <DURATION>", "--max-attempts <N>", "lock_timeout"] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
}

#[test]
fn plan_writes_a_rollback_script_per_phase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rollback.sql");
    let args = ["plan", "--offline", "--from", "schemas/shop/v1", "--to", "schemas/shop/v2", "--rollback-out"];
    let output = godwit(&[&args[..], &[path.to_str().unwrap()]].concat());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // The added enum label stays after a rollback; the phase can still be undone.
    assert!(stdout(&output).contains("Rollback: expand, backfill, contract cannot be undone ("), "{}", stdout(&output));
    let script = std::fs::read_to_string(&path).unwrap();
    // Latest phase first; what cannot be undone says why.
    let contract = script.find("-- Phase: undo contract").expect("a contract section");
    let backfill = script.find("-- Phase: undo backfill").expect("a backfill section");
    assert!(contract < backfill, "{script}");
    assert!(script.contains("column shop.customers.fax is dropped with its values"), "{script}");
    assert!(script.contains("DROP INDEX CONCURRENTLY IF EXISTS shop.products_slug_key;"), "{script}");

    // Direct mode: the plan back.
    let output = godwit(&[&args[..], &[path.to_str().unwrap(), "--mode", "direct"]].concat());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let script = std::fs::read_to_string(&path).unwrap();
    assert!(script.starts_with("-- Migration plan generated by godwit (mode: direct)."), "{script}");
    assert!(script.contains("ALTER TABLE shop.customer_addresses RENAME TO addresses;"), "{script}");
}
