//! Objects carried whole (`queries/objects.sql`): aggregates, casts, rules,
//! foreign tables, servers, publications, operators, … with the statements
//! that create them.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct ObjectRow {
    pub(super) kind: String,
    pub(super) schema: Option<String>,
    pub(super) name: String,
    pub(super) oid: u32,
    pub(super) catalog: String,
    pub(super) definition: String,
}

impl ObjectRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ObjectRow {
            kind: get(kind, row, "kind")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            oid: get(kind, row, "oid")?,
            catalog: get(kind, row, "catalog")?,
            definition: get(kind, row, "definition")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn objects(&mut self, rows: Vec<ObjectRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let Some(kind) = WholeKind::from_words(&row.kind) else {
                return Err(IntrospectError::Inconsistent(format!(
                    "the objects query returned the kind `{}`",
                    row.kind
                )));
            };
            let id = ObjectId { kind, name: row.name };
            self.oids.objects.insert((row.catalog, row.oid), ObjectKey::Object(id.clone()));
            let object = WholeObject { id: id.clone(), schema: row.schema, definition: row.definition, comment: None };
            self.catalog.objects.insert(id, object);
        }
        Ok(())
    }
}
