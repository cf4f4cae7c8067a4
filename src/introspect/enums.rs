//! Enums: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct EnumRow {
    pub(super) oid: u32,
    pub(super) array_oid: u32,
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) labels: Vec<String>,
}

impl EnumRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(EnumRow {
            oid: get(kind, row, "oid")?,
            array_oid: get(kind, row, "array_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            labels: get(kind, row, "labels")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn enums(&mut self, rows: Vec<EnumRow>) {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            self.oids.types.insert(row.oid, ObjectKey::Enum(name.clone()));
            self.oids.type_aliases.insert(row.array_oid, ObjectKey::Enum(name.clone()));
            self.catalog.enums.insert(name.clone(), Enum { name, labels: row.labels, comment: None });
        }
    }
}
