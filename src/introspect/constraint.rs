//! Table constraints: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct ConstraintRow {
    pub(super) oid: u32,
    pub(super) table_oid: u32,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) index_oid: u32,
    pub(super) columns: Vec<String>,
    pub(super) ref_schema: Option<String>,
    pub(super) ref_table: Option<String>,
    pub(super) ref_columns: Vec<String>,
    pub(super) match_type: String,
    pub(super) on_update: String,
    pub(super) on_delete: String,
    pub(super) deferrable: bool,
    pub(super) deferred: bool,
    pub(super) validated: bool,
    pub(super) expr: Option<String>,
    pub(super) nulls_not_distinct: bool,
}

impl ConstraintRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ConstraintRow {
            oid: get(kind, row, "oid")?,
            table_oid: get(kind, row, "table_oid")?,
            name: get(kind, row, "name")?,
            kind: get(kind, row, "kind")?,
            index_oid: get(kind, row, "index_oid")?,
            columns: get(kind, row, "columns")?,
            ref_schema: get(kind, row, "ref_schema")?,
            ref_table: get(kind, row, "ref_table")?,
            ref_columns: get(kind, row, "ref_columns")?,
            match_type: get(kind, row, "match_type")?,
            on_update: get(kind, row, "on_update")?,
            on_delete: get(kind, row, "on_delete")?,
            deferrable: get(kind, row, "deferrable")?,
            deferred: get(kind, row, "deferred")?,
            validated: get(kind, row, "validated")?,
            expr: get(kind, row, "expr")?,
            nulls_not_distinct: get(kind, row, "nulls_not_distinct")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn constraints(&mut self, rows: Vec<ConstraintRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let Some(table_name) = self.table_name(row.table_oid) else { continue };
            let kind = match row.kind.as_str() {
                "p" => ConstraintKind::PrimaryKey { columns: row.columns },
                "u" => ConstraintKind::Unique { columns: row.columns, nulls_not_distinct: row.nulls_not_distinct },
                "c" => ConstraintKind::Check { expr: text::expr(&row.expr.unwrap_or_default()) },
                "f" => {
                    let (Some(ref_schema), Some(ref_table)) = (row.ref_schema, row.ref_table) else {
                        return Err(IntrospectError::Inconsistent(format!(
                            "foreign key {} of {table_name} references no table",
                            row.name
                        )));
                    };
                    ConstraintKind::ForeignKey(ForeignKey {
                        columns: row.columns,
                        ref_table: QualName::new(ref_schema, ref_table),
                        ref_columns: row.ref_columns,
                        match_full: row.match_type == "f",
                        on_delete: fk_action(&row.on_delete, &table_name, &row.name)?,
                        on_update: fk_action(&row.on_update, &table_name, &row.name)?,
                    })
                }
                _ => {
                    self.unmodelled.push(Unmodelled::new(
                        "exclusion constraint",
                        format!("{table_name}.{}", row.name),
                        "exclusion constraints are not modelled",
                    ));
                    continue;
                }
            };
            if !row.validated {
                self.unmodelled.push(Unmodelled::new(
                    "NOT VALID constraint",
                    format!("{table_name}.{}", row.name),
                    "NOT VALID is not modelled: read as valid",
                ));
            }
            let key = ObjectKey::Constraint(table_name.clone(), row.name.clone());
            self.oids.constraints.insert(row.oid, key.clone());
            if row.index_oid != 0 && matches!(kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) {
                self.oids.key_indexes.insert(row.index_oid, key);
            }
            let deferrable = match (row.deferrable, row.deferred) {
                (false, _) => Deferrable::NotDeferrable,
                (true, false) => Deferrable::Deferrable,
                (true, true) => Deferrable::InitiallyDeferred,
            };
            let constraint = Constraint { name: row.name.clone(), kind, deferrable, comment: None };
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.constraints.insert(row.name, constraint);
            }
        }
        Ok(())
    }
}

fn fk_action(code: &str, table: &QualName, name: &str) -> Result<FkAction, IntrospectError> {
    Ok(match code {
        "a" => FkAction::NoAction,
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        other => {
            return Err(IntrospectError::Inconsistent(format!(
                "foreign key {name} of {table} has an unknown action '{other}'"
            )));
        }
    })
}
