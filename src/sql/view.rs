//! The SQL of changes of views and materialized views.

use super::*;

pub(super) fn statements(change: &ViewChange) -> Vec<String> {
    match change {
        ViewChange::CreateView(view) => {
            vec![format!("CREATE {}{} AS\n{}", view_keyword(view.materialized), qualified(&view.name), view.body)]
        }
        ViewChange::DropView(view) => {
            vec![format!("DROP {}{}", view_keyword(view.materialized), qualified(&view.name))]
        }
        ViewChange::RenameView { from, to, materialized } => rename(view_keyword(*materialized).trim_end(), from, to),
    }
}
