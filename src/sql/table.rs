//! The SQL of changes of tables.

use super::*;

pub(super) fn statements(change: &TableChange) -> Vec<String> {
    match change {
        TableChange::CreateTable(table) => vec![create_table(table)],
        TableChange::DropTable(table) => vec![format!("DROP TABLE {}", qualified(&table.name))],
        TableChange::RenameTable { from, to } => rename("TABLE", from, to),
        TableChange::SetTableLogged { table, unlogged } => {
            let what = if *unlogged { "UNLOGGED" } else { "LOGGED" };
            vec![format!("ALTER TABLE {} SET {what}", qualified(table))]
        }
        TableChange::SetRowSecurity { table, enabled, forced, previous } => {
            let table = qualified(table);
            let mut res = Vec::new();
            if *enabled != previous.0 {
                let verb = if *enabled { "ENABLE" } else { "DISABLE" };
                res.push(format!("ALTER TABLE {table} {verb} ROW LEVEL SECURITY"));
            }
            if *forced != previous.1 {
                let verb = if *forced { "FORCE" } else { "NO FORCE" };
                res.push(format!("ALTER TABLE {table} {verb} ROW LEVEL SECURITY"));
            }
            res
        }
        TableChange::SetReplicaIdentity { table, identity, .. } => {
            vec![format!("ALTER TABLE {} REPLICA IDENTITY {}", qualified(table), replica_identity_words(identity))]
        }
    }
}

pub(super) fn create_table(table: &Table) -> String {
    let mut lines: Vec<String> = table.columns.values().map(column_definition).collect();
    for constraint in table.constraints.values() {
        if !matches!(constraint.kind, ConstraintKind::ForeignKey(_)) {
            lines.push(constraint_definition(constraint));
        }
    }
    let unlogged = if table.unlogged { "UNLOGGED " } else { "" };
    let mut sql = format!("CREATE {unlogged}TABLE {}", qualified(&table.name));
    match &table.partition_of {
        Some(of) => {
            sql.push_str(&format!(" PARTITION OF {}", qualified(&of.parent)));
            if !lines.is_empty() {
                sql.push_str(&format!(" (\n    {}\n)", lines.join(",\n    ")));
            }
            sql.push_str(&format!(" {}", of.bound));
        }
        None if lines.is_empty() => sql.push_str(" ()"),
        None => sql.push_str(&format!(" (\n    {}\n)", lines.join(",\n    "))),
    }
    if let Some(key) = &table.partition_by {
        sql.push_str(&format!(" PARTITION BY {key}"));
    }
    sql
}

pub(super) fn column_list(columns: &[String]) -> String {
    let columns: Vec<String> = columns.iter().map(|column| ident(column)).collect();
    columns.join(", ")
}
