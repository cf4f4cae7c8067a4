use super::*;
use crate::diff::Change;
use crate::ir::{Column, DataType, Table};

#[test]
fn a_cycle_is_broken_with_a_hazard() {
    // Swapping two names cannot be done by two renames alone.
    let changes = vec![
        Change::RenameTable { from: QualName::new("public", "a"), to: QualName::new("public", "b") },
        Change::RenameTable { from: QualName::new("public", "b"), to: QualName::new("public", "a") },
    ];
    let mut catalog = Catalog::default();
    for name in ["a", "b"] {
        let mut table = Table::new(QualName::new("public", name));
        table.columns.insert("id".to_string(), Column::new("id", DataType::builtin("integer")));
        catalog.tables.insert(table.name.clone(), table);
    }
    let dependencies = graph::dependency_graph(&catalog, &catalog, &changes);
    assert_eq!(dependencies.edge_count(), 2);
    let (order, hazards) = graph::order(&changes, &dependencies);
    // The smallest change (by object name) goes first.
    assert_eq!(order, vec![1, 0]);
    assert_eq!(hazards.len(), 1);
    assert_eq!(hazards[0].code, "dependency-cycle");
    assert_eq!(hazards[0].severity, HazardSeverity::Error);
}
