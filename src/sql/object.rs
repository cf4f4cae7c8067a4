//! The SQL of changes of objects carried whole: their definition as
//! introspection printed it, and `DROP <kind> <identity>`.

use super::*;

pub(super) fn statements(change: &ObjectChange) -> Vec<String> {
    match change {
        ObjectChange::CreateObject(it) => vec![it.definition.clone()],
        ObjectChange::DropObject(it) => {
            let words = it.id.kind.words().to_ascii_uppercase();
            match it.id.kind {
                WholeKind::UserMapping => vec![format!("DROP {words} FOR {}", it.id.name)],
                _ => vec![format!("DROP {words} {}", it.id.name)],
            }
        }
    }
}
