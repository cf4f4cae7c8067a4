//! The SQL of changes of indexes.

use super::*;

pub(super) fn statements(change: &IndexChange) -> Vec<String> {
    match change {
        IndexChange::CreateIndex { table, index } => vec![create_index(table, index)],
        IndexChange::DropIndex { table, index } => {
            vec![format!("DROP INDEX {}", qualified(&QualName::new(table.schema.clone(), index.name.clone())))]
        }
        IndexChange::RenameIndex { table, from, to } => {
            let from = QualName::new(table.schema.clone(), from.clone());
            vec![format!("ALTER INDEX {} RENAME TO {}", qualified(&from), ident(to))]
        }
    }
}

pub(crate) fn create_index(table: &QualName, index: &Index) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    let mut res = format!("CREATE {unique}INDEX {} ON {}", ident(&index.name), qualified(table));
    if index.method != "btree" {
        res.push_str(&format!(" USING {}", ident(&index.method)));
    }
    let elements: Vec<String> = index
        .elements
        .iter()
        .map(|element| {
            let mut res = match &element.key {
                IndexKey::Column(column) => ident(column),
                IndexKey::Expr(expr) => format!("({expr})"),
            };
            if let Some(collation) = &element.collation {
                res.push_str(&format!(" COLLATE {}", ident(collation)));
            }
            if let Some(opclass) = &element.opclass {
                res.push_str(&format!(" {}", ident(opclass)));
            }
            if element.descending {
                res.push_str(" DESC");
            }
            // The default is NULLS FIRST for descending, NULLS LAST for ascending.
            if element.nulls_first != element.descending {
                res.push_str(if element.nulls_first { " NULLS FIRST" } else { " NULLS LAST" });
            }
            res
        })
        .collect();
    res.push_str(&format!(" ({})", elements.join(", ")));
    if !index.include.is_empty() {
        res.push_str(&format!(" INCLUDE ({})", column_list(&index.include)));
    }
    if index.nulls_not_distinct {
        res.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &index.predicate {
        res.push_str(&format!(" WHERE ({predicate})"));
    }
    res
}
