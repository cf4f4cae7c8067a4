//! Schemas: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct SchemaRow {
    pub(super) oid: u32,
    pub(super) name: String,
    pub(super) public_comment: Option<String>,
}

impl SchemaRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(SchemaRow {
            oid: get(kind, row, "oid")?,
            name: get(kind, row, "name")?,
            public_comment: get(kind, row, "public_comment")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn schemas(&mut self, rows: &[SchemaRow]) {
        for row in rows {
            self.oids.schemas.insert(row.oid, row.name.clone());
            // `public` always exists: it is managed, but never created or dropped.
            if row.name == "public" {
                self.catalog.public_comment = public_comment_from(row.public_comment.as_deref());
            } else {
                self.catalog.schemas.insert(row.name.clone(), Namespace { name: row.name.clone(), comment: None });
            }
        }
    }
}
