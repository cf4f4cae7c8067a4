//! Views and materialized views: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct ViewRow {
    pub(super) oid: u32,
    pub(super) rule_oid: Option<u32>,
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) materialized: bool,
    pub(super) type_oid: u32,
    pub(super) array_oid: Option<u32>,
    pub(super) body: Option<String>,
    pub(super) options: Vec<String>,
    pub(super) default_columns: Vec<String>,
    pub(super) default_exprs: Vec<Option<String>>,
    pub(super) column_names: Vec<String>,
    pub(super) column_types: Vec<u32>,
    pub(super) column_typmods: Vec<i32>,
    pub(super) column_collations: Vec<Option<String>>,
}

impl ViewRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ViewRow {
            oid: get(kind, row, "oid")?,
            rule_oid: get(kind, row, "rule_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            materialized: get(kind, row, "materialized")?,
            type_oid: get(kind, row, "type_oid")?,
            array_oid: get(kind, row, "array_oid")?,
            body: get(kind, row, "body")?,
            options: get(kind, row, "options")?,
            default_columns: get(kind, row, "default_columns")?,
            default_exprs: get(kind, row, "default_exprs")?,
            column_names: get(kind, row, "column_names")?,
            column_types: get(kind, row, "column_types")?,
            column_typmods: get(kind, row, "column_typmods")?,
            column_collations: get(kind, row, "column_collations")?,
        })
    }
}

impl Builder<'_> {
    /// Registers the row type of every view, before any type is spelled:
    /// functions may take or return one.
    pub(super) fn register_view_types(&mut self, rows: &[ViewRow]) {
        for row in rows {
            let name = QualName::new(row.schema.clone(), row.name.clone());
            self.oids.row_types.insert(row.type_oid, name.clone());
            self.oids.type_aliases.insert(row.type_oid, ObjectKey::View(name.clone()));
            if let Some(array_oid) = row.array_oid {
                self.oids.type_aliases.insert(array_oid, ObjectKey::View(name));
            }
        }
    }

    pub(super) fn views(&mut self, rows: Vec<ViewRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            self.oids.relations.insert(row.oid, ObjectKey::View(name.clone()));
            if let Some(rule_oid) = row.rule_oid {
                self.oids.rules.insert(rule_oid, ObjectKey::View(name.clone()));
            }
            let body = text::view_body(&row.body.unwrap_or_default());
            let mut view = View::new(name.clone(), row.materialized, body);
            view.options = row.options;
            for (column, expr) in row.default_columns.into_iter().zip(row.default_exprs) {
                view.defaults.insert(column, text::expr(&expr.unwrap_or_default()));
            }
            for (idx, column) in row.column_names.into_iter().enumerate() {
                let type_oid = row.column_types.get(idx).copied().unwrap_or(0);
                let typmod = row.column_typmods.get(idx).copied().unwrap_or(-1);
                let ty = self.data_type((type_oid, Some(typmod)))?;
                let collation = row.column_collations.get(idx).cloned().flatten();
                view.columns.push(CompositeAttribute { name: column, ty, collation });
            }
            self.catalog.views.insert(name, view);
        }
        Ok(())
    }
}
