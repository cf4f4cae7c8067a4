use super::*;
use crate::diff::Change;
use crate::diff::{EnumChange, TableChange, ViewChange};
use crate::ir::{Column, DataType, Table};

#[test]
fn a_cycle_is_broken_with_a_hazard() {
    // Swapping two names cannot be done by two renames alone.
    let changes = vec![
        Change::Table(TableChange::RenameTable {
            from: QualName::new("public", "a"),
            to: QualName::new("public", "b"),
        }),
        Change::Table(TableChange::RenameTable {
            from: QualName::new("public", "b"),
            to: QualName::new("public", "a"),
        }),
    ];
    let mut catalog = Catalog::default();
    for name in ["a", "b"] {
        let mut table = Table::new(QualName::new("public", name));
        table.columns.insert("id".to_string(), Column::new("id", DataType::builtin("integer")));
        catalog.tables.insert(table.name.clone(), table);
    }
    let dependencies = graph::dependency_graph(&catalog, &crate::ir::Facts::default(), &catalog, &changes);
    assert_eq!(dependencies.edge_count(), 2);
    let (order, hazards) = graph::order(&changes, &dependencies);
    // The smallest change (by object name) goes first.
    assert_eq!(order, vec![1, 0]);
    assert_eq!(hazards.len(), 1);
    assert_eq!(hazards[0].code, "dependency-cycle");
    assert_eq!(hazards[0].severity, HazardSeverity::Error);
}

#[test]
fn recorded_dependencies_order_a_dropped_view_before_what_it_uses() {
    // The body names no type: only the recorded dependency ties the view to
    // the enum that is recreated.
    let mood = QualName::new("public", "mood");
    let view = crate::ir::View::new(QualName::new("public", "v"), false, "SELECT 1 AS one");
    let mut from = Catalog::default();
    from.views.insert(view.name.clone(), view.clone());
    let changes = vec![
        Change::Enum(EnumChange::RecreateEnum {
            name: mood.clone(),
            labels: vec!["a".into()],
            removed: vec!["b".into()],
            columns: vec![],
            previous: vec!["a".into(), "b".into()],
            previous_comment: None,
        }),
        Change::View(ViewChange::DropView(view.clone())),
    ];
    let facts = crate::ir::Facts {
        dependencies: vec![(ObjectKey::View(view.name.clone()), ObjectKey::Enum(mood))],
        ..Default::default()
    };
    let without = graph::dependency_graph(&from, &crate::ir::Facts::default(), &Catalog::default(), &changes);
    assert_eq!(without.edge_count(), 0);
    let with = graph::dependency_graph(&from, &facts, &Catalog::default(), &changes);
    let edges: Vec<(usize, usize)> =
        with.raw_edges().iter().map(|edge| (with[edge.source()], with[edge.target()])).collect();
    assert_eq!(edges, vec![(1, 0)]);
}
