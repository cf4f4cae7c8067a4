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
            self.catalog.views.insert(name.clone(), View { name, materialized: row.materialized, body, comment: None });
        }
    }
}
