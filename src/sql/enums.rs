//! The SQL of changes of enums.

use super::*;

pub(super) fn statements(change: &EnumChange) -> Vec<String> {
    match change {
        EnumChange::CreateEnum(it) => vec![create_enum(&it.name, &it.labels)],
        EnumChange::DropEnum(it) => vec![format!("DROP TYPE {}", qualified(&it.name))],
        EnumChange::RenameEnum { from, to } => rename("TYPE", from, to),
        EnumChange::AddEnumValue { name, value, position } => {
            // IF NOT EXISTS: a phase run again (after its rollback, which
            // cannot remove the label, or after a stop) finds it there.
            let mut res = format!("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}", qualified(name), literal(value));
            match position {
                Some(EnumPosition::Before(label)) => res.push_str(&format!(" BEFORE {}", literal(label))),
                Some(EnumPosition::After(label)) => res.push_str(&format!(" AFTER {}", literal(label))),
                None => {}
            }
            vec![res]
        }
        EnumChange::RecreateEnum { name, labels, columns, .. } => {
            let temp = QualName::new(name.schema.clone(), format!("{}__godwit_new", name.name));
            let mut res = vec![create_enum(&temp, labels)];
            for column in columns {
                let table = qualified(&column.table);
                let col = ident(&column.column);
                if column.previous_default.is_some() {
                    res.push(format!("ALTER TABLE {table} ALTER COLUMN {col} DROP DEFAULT"));
                }
                let dims = "[]".repeat(usize::from(column.array_dims));
                let new_type = format!("{}{dims}", qualified(&temp));
                res.push(format!(
                    "ALTER TABLE {table} ALTER COLUMN {col} TYPE {new_type} USING {col}::text{dims}::{new_type}"
                ));
            }
            res.push(format!("DROP TYPE {}", qualified(name)));
            res.push(format!("ALTER TYPE {} RENAME TO {}", qualified(&temp), ident(&name.name)));
            for column in columns {
                if let Some(default) = &column.default {
                    res.push(format!(
                        "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
                        qualified(&column.table),
                        ident(&column.column)
                    ));
                }
            }
            res
        }
    }
}

pub(crate) fn create_enum(name: &QualName, labels: &[String]) -> String {
    let labels: Vec<String> = labels.iter().map(|label| literal(label)).collect();
    format!("CREATE TYPE {} AS ENUM ({})", qualified(name), labels.join(", "))
}
