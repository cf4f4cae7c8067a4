//! The SQL of changes of composite types.

use super::*;

pub(super) fn statements(change: &CompositeChange) -> Vec<String> {
    match change {
        CompositeChange::CreateComposite(it) => {
            let attributes: Vec<String> = it.attributes.values().map(attribute_definition).collect();
            vec![format!("CREATE TYPE {} AS ({})", qualified(&it.name), attributes.join(", "))]
        }
        CompositeChange::DropComposite(it) => vec![format!("DROP TYPE {}", qualified(&it.name))],
        CompositeChange::AddAttribute { name, attribute } => {
            vec![format!("ALTER TYPE {} ADD ATTRIBUTE {}", qualified(name), attribute_definition(attribute))]
        }
        CompositeChange::DropAttribute { name, attribute } => {
            vec![format!("ALTER TYPE {} DROP ATTRIBUTE {}", qualified(name), ident(&attribute.name))]
        }
        CompositeChange::AlterAttribute { name, attribute, .. } => {
            let mut res = format!(
                "ALTER TYPE {} ALTER ATTRIBUTE {} SET DATA TYPE {}",
                qualified(name),
                ident(&attribute.name),
                data_type(&attribute.ty)
            );
            if let Some(collation) = &attribute.collation {
                res.push_str(&format!(" COLLATE {}", ident(collation)));
            }
            vec![res]
        }
    }
}

fn attribute_definition(attribute: &CompositeAttribute) -> String {
    let mut res = format!("{} {}", ident(&attribute.name), data_type(&attribute.ty));
    if let Some(collation) = &attribute.collation {
        res.push_str(&format!(" COLLATE {}", ident(collation)));
    }
    res
}
