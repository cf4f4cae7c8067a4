//! The SQL of changes of extensions.

use super::*;

pub(super) fn statements(change: &ExtensionChange) -> Vec<String> {
    match change {
        ExtensionChange::CreateExtension(extension) => {
            let mut res = format!("CREATE EXTENSION {}", ident(&extension.name));
            if let Some(schema) = &extension.schema {
                res.push_str(&format!(" WITH SCHEMA {}", ident(schema)));
            }
            vec![res]
        }
        ExtensionChange::DropExtension(extension) => {
            vec![format!("DROP EXTENSION {}", ident(&extension.name))]
        }
        ExtensionChange::SetExtensionSchema { name, schema, .. } => {
            vec![format!("ALTER EXTENSION {} SET SCHEMA {}", ident(name), ident(schema))]
        }
    }
}
