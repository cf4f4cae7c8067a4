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
    pub(super) body: Option<String>,
    pub(super) options: Vec<String>,
    pub(super) default_columns: Vec<String>,
    pub(super) default_exprs: Vec<Option<String>>,
}

impl ViewRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ViewRow {
            oid: get(kind, row, "oid")?,
            rule_oid: get(kind, row, "rule_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            materialized: get(kind, row, "materialized")?,
            body: get(kind, row, "body")?,
            options: get(kind, row, "options")?,
            default_columns: get(kind, row, "default_columns")?,
            default_exprs: get(kind, row, "default_exprs")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn views(&mut self, rows: Vec<ViewRow>) {
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
            self.catalog.views.insert(name, view);
        }
    }
}
