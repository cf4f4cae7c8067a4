//! Row-level security policies: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct PolicyRow {
    pub(super) oid: u32,
    pub(super) table_oid: u32,
    pub(super) name: String,
    pub(super) permissive: bool,
    pub(super) command: String,
    pub(super) roles: Vec<String>,
    pub(super) using: Option<String>,
    pub(super) check: Option<String>,
}

impl PolicyRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(PolicyRow {
            oid: get(kind, row, "oid")?,
            table_oid: get(kind, row, "table_oid")?,
            name: get(kind, row, "name")?,
            permissive: get(kind, row, "permissive")?,
            command: get(kind, row, "command")?,
            roles: get(kind, row, "roles")?,
            using: get(kind, row, "using")?,
            check: get(kind, row, "check")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn policies(&mut self, rows: Vec<PolicyRow>) {
        for row in rows {
            let Some(table_name) = self.table_name(row.table_oid) else { continue };
            let command = match row.command.as_str() {
                "r" => PolicyCommand::Select,
                "a" => PolicyCommand::Insert,
                "w" => PolicyCommand::Update,
                "d" => PolicyCommand::Delete,
                _ => PolicyCommand::All,
            };
            let policy = Policy {
                name: row.name.clone(),
                permissive: row.permissive,
                command,
                roles: row.roles,
                using: row.using.as_deref().map(text::expr),
                check: row.check.as_deref().map(text::expr),
                comment: None,
            };
            self.oids
                .objects
                .insert(("pg_policy".to_string(), row.oid), ObjectKey::Policy(table_name.clone(), row.name.clone()));
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.policies.insert(row.name, policy);
            }
        }
    }
}
