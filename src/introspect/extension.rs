//! Extensions: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct ExtensionRow {
    pub(super) oid: u32,
    pub(super) name: String,
    pub(super) schema: String,
    pub(super) default_comment: Option<String>,
}

impl ExtensionRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ExtensionRow {
            oid: get(kind, row, "oid")?,
            name: get(kind, row, "name")?,
            schema: get(kind, row, "schema")?,
            default_comment: get(kind, row, "default_comment")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn extensions(&mut self, rows: Vec<ExtensionRow>) {
        for row in rows {
            self.oids.extensions.insert(row.oid, (row.name.clone(), row.default_comment));
            let schema = (row.schema != "public").then_some(row.schema);
            self.catalog.extensions.insert(row.name.clone(), Extension { name: row.name, schema, comment: None });
        }
    }
}
