//! Schema files that must compile and files that must fail, with snapshots of
//! the diagnostics a user sees.

use godwit::diagnostics::{self, SourceFiles};
use std::path::Path;

/// Compiles one file; returns the rendered diagnostics (no color) and whether any is an error.
pub fn check_file(path: &Path) -> (String, bool) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut files = SourceFiles::new();
    let name = format!("{}", path.file_name().unwrap().to_string_lossy());
    files.add(name, text);
    let lowered = godwit::lower::compile(&files);
    (diagnostics::render(&lowered.diagnostics, &files, false), lowered.has_errors())
}

#[test]
fn ok_files_compile_without_diagnostics() {
    insta::glob!("../data/parse/ok", "*.gw", |path| {
        let (rendered, _) = check_file(path);
        assert_eq!(rendered, "", "{} should compile cleanly", path.display());
    });
}

#[test]
fn err_files_report_errors() {
    insta::glob!("../data/parse/err", "*.gw", |path| {
        let (rendered, has_errors) = check_file(path);
        assert!(has_errors, "{} should fail", path.display());
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn a_directory_is_one_schema_in_any_order() {
    // The foreign key names a table defined later, in another file.
    let mut files = SourceFiles::new();
    files.add("b.gw", "table orders {\n  id bigint primary key\n  customer_id bigint references shop.customers\n}\n");
    files.add("a.gw", "schema shop\ntable shop.customers {\n  id bigint primary key\n}\n");
    let lowered = godwit::lower::compile(&files);
    assert_eq!(diagnostics::render(&lowered.diagnostics, &files, false), "");
    let orders = &lowered.catalog.tables[&godwit::ir::QualName::new("public", "orders")];
    assert!(orders.constraints.contains_key("orders_customer_id_fkey"));
}

#[test]
fn duplicates_across_files_point_at_both() {
    let mut files = SourceFiles::new();
    files.add("one.gw", "table t {\n  id bigint\n}\n");
    files.add("two.gw", "\ntable t {\n  id bigint\n}\n");
    let lowered = godwit::lower::compile(&files);
    let rendered = diagnostics::render(&lowered.diagnostics, &files, false);
    insta::assert_snapshot!(rendered);
}
