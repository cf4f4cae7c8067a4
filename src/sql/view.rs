//! The SQL of changes of views and materialized views.

use super::*;

pub(super) fn statements(change: &ViewChange) -> Vec<String> {
    match change {
        ViewChange::CreateView(view) => create_view(view),
        ViewChange::DropView(view) => {
            vec![format!("DROP {}{}", view_keyword(view.materialized), qualified(&view.name))]
        }
        ViewChange::RenameView { from, to, materialized } => rename(view_keyword(*materialized).trim_end(), from, to),
        ViewChange::SetViewDefault { view, column, default, .. } => {
            let action = match default {
                Some(default) => format!("SET DEFAULT {default}"),
                None => "DROP DEFAULT".to_string(),
            };
            vec![format!("ALTER VIEW {} ALTER COLUMN {} {action}", qualified(view), ident(column))]
        }
    }
}

/// `CREATE [MATERIALIZED] VIEW … [WITH (…)] AS …`, then the view's column
/// defaults, indexes and triggers: a view created again gets back all of them.
pub(crate) fn create_view(view: &View) -> Vec<String> {
    let name = qualified(&view.name);
    let with = if view.options.is_empty() { String::new() } else { format!(" WITH ({})", view.options.join(", ")) };
    let mut res = Vec::new();
    if !view.columns.is_empty() {
        // A view that reads itself: first a body of NULLs of its column
        // types (which cannot read anything), then the real one, as pg_dump does.
        let nulls: Vec<String> = view
            .columns
            .iter()
            .map(|column| {
                let collate = column.collation.as_ref().map(|c| format!(" COLLATE {}", ident(c))).unwrap_or_default();
                format!("NULL::{}{collate} AS {}", data_type(&column.ty), ident(&column.name))
            })
            .collect();
        res.push(format!("CREATE {}{name} AS\nSELECT {}", view_keyword(false), nulls.join(",\n    ")));
        res.push(format!("CREATE OR REPLACE VIEW {name}{with} AS\n{}", view.body));
    } else {
        res.push(format!("CREATE {}{name}{with} AS\n{}", view_keyword(view.materialized), view.body));
    }
    for (column, default) in &view.defaults {
        res.push(format!("ALTER VIEW {name} ALTER COLUMN {} SET DEFAULT {default}", ident(column)));
    }
    for index in view.indexes.values() {
        res.push(create_index(&view.name, index));
    }
    for trigger in view.triggers.values() {
        res.extend(create_trigger(&view.name, trigger));
    }
    res
}
