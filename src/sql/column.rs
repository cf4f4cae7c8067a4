//! The SQL of changes of columns.

use super::*;

pub(super) fn statements(change: &ColumnChange) -> Vec<String> {
    match change {
        ColumnChange::AddColumn { table, column, backfill: None, .. } => {
            vec![format!("ALTER TABLE {} ADD COLUMN {}", qualified(table), column_definition(column))]
        }
        ColumnChange::AddColumn { table, column, backfill: Some(expr), .. } => {
            // Add it nullable, fill the existing rows, then require values.
            let nullable = Column { not_null: false, ..column.clone() };
            let table = qualified(table);
            let col = ident(&column.name);
            vec![
                format!("ALTER TABLE {table} ADD COLUMN {}", column_definition(&nullable)),
                format!("UPDATE {table} SET {col} = ({expr})"),
                format!("ALTER TABLE {table} ALTER COLUMN {col} SET NOT NULL"),
            ]
        }
        ColumnChange::DropColumn { table, column } => {
            vec![format!("ALTER TABLE {} DROP COLUMN {}", qualified(table), ident(&column.name))]
        }
        ColumnChange::RenameColumn { table, from, to } => {
            vec![format!("ALTER TABLE {} RENAME COLUMN {} TO {}", qualified(table), ident(from), ident(to))]
        }
        ColumnChange::AlterColumnType {
            table, column, from, to, collation, using, previous_default, default, ..
        } => {
            let table = qualified(table);
            let col = ident(column);
            let mut res = Vec::new();
            if previous_default.is_some() {
                res.push(format!("ALTER TABLE {table} ALTER COLUMN {col} DROP DEFAULT"));
            }
            let mut alter = format!("ALTER TABLE {table} ALTER COLUMN {col} TYPE {}", data_type(to));
            if let Some(collation) = collation {
                alter.push_str(&format!(" COLLATE {}", ident(collation)));
            }
            match using {
                Some(using) => alter.push_str(&format!(" USING {using}")),
                // A widening change has an assignment cast: no USING needed.
                None if is_widening(from, to) => {}
                // Enums have no casts between each other: go through text.
                None if from.array_dims == to.array_dims
                    && (matches!(from.base, BaseType::Named(_)) || matches!(to.base, BaseType::Named(_))) =>
                {
                    let dims = "[]".repeat(usize::from(to.array_dims));
                    alter.push_str(&format!(" USING {col}::text{dims}::{}", data_type(to)));
                }
                None => alter.push_str(&format!(" USING {col}::{}", data_type(to))),
            }
            res.push(alter);
            if let Some(default) = default {
                res.push(format!("ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT {default}"));
            }
            res
        }
        ColumnChange::SetNotNull { table, column } => alter_column(table, column, "SET NOT NULL"),
        ColumnChange::DropNotNull { table, column } => alter_column(table, column, "DROP NOT NULL"),
        ColumnChange::SetDefault { table, column, default, .. } => {
            alter_column(table, column, &format!("SET DEFAULT {default}"))
        }
        ColumnChange::DropDefault { table, column, .. } => alter_column(table, column, "DROP DEFAULT"),
        ColumnChange::DropGenerated { table, column } => alter_column(table, column, "DROP EXPRESSION"),
        ColumnChange::AddIdentity { table, column, identity } => {
            alter_column(table, column, &format!("ADD {}", identity_clause(identity)))
        }
        ColumnChange::DropIdentity { table, column } => alter_column(table, column, "DROP IDENTITY"),
        ColumnChange::AlterIdentity { table, column, from, to } => {
            let mut parts = Vec::new();
            if from.always != to.always {
                parts.push(format!("SET GENERATED {}", if to.always { "ALWAYS" } else { "BY DEFAULT" }));
            }
            for option in sequence_option_changes(&from.options, &to.options, false) {
                parts.push(format!("SET {option}"));
            }
            if parts.is_empty() {
                return Vec::new();
            }
            alter_column(table, column, &parts.join(" "))
        }
    }
}

pub(crate) fn identity_clause(identity: &Identity) -> String {
    let mut res = format!("GENERATED {} AS IDENTITY", if identity.always { "ALWAYS" } else { "BY DEFAULT" });
    let options = &identity.options;
    let defaults = creation_defaults(options);
    let changes = sequence_option_changes(&defaults, options, false);
    if !changes.is_empty() {
        res.push_str(&format!(" ({})", changes.join(" ")));
    }
    res
}

/// `name type [COLLATE c] [GENERATED …] [DEFAULT …] [NOT NULL]`.
pub(crate) fn column_definition(column: &Column) -> String {
    let mut res = format!("{} {}", ident(&column.name), data_type(&column.ty));
    if let Some(collation) = &column.collation {
        res.push_str(&format!(" COLLATE {}", ident(collation)));
    }
    if let Some(generated) = &column.generated {
        res.push_str(&format!(" GENERATED ALWAYS AS ({generated}) STORED"));
    }
    if let Some(identity) = &column.identity {
        res.push(' ');
        res.push_str(&identity_clause(identity));
    }
    if let Some(default) = &column.default {
        res.push_str(&format!(" DEFAULT {default}"));
    }
    if column.not_null {
        res.push_str(" NOT NULL");
    }
    res
}
