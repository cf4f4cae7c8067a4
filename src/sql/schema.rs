//! The SQL of changes of schemas.

use super::*;

pub(super) fn statements(change: &SchemaChange) -> Vec<String> {
    match change {
        SchemaChange::CreateSchema(namespace) => {
            vec![format!("CREATE SCHEMA {}", ident(&namespace.name))]
        }
        SchemaChange::DropSchema(namespace) => vec![format!("DROP SCHEMA {}", ident(&namespace.name))],
    }
}
