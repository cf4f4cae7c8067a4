//! Composite types: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct CompositeRow {
    pub(super) oid: u32,
    pub(super) array_oid: u32,
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) attribute_names: Vec<String>,
    pub(super) attribute_types: Vec<u32>,
    pub(super) attribute_typmods: Vec<i32>,
    pub(super) attribute_collations: Vec<Option<String>>,
}

impl CompositeRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(CompositeRow {
            oid: get(kind, row, "oid")?,
            array_oid: get(kind, row, "array_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            attribute_names: get(kind, row, "attribute_names")?,
            attribute_types: get(kind, row, "attribute_types")?,
            attribute_typmods: get(kind, row, "attribute_typmods")?,
            attribute_collations: get(kind, row, "attribute_collations")?,
        })
    }
}

impl Builder<'_> {
    /// Registers every composite type, before any type is spelled: domains
    /// and columns may be of one.
    pub(super) fn register_composites(&mut self, rows: &[CompositeRow]) {
        for row in rows {
            let name = QualName::new(row.schema.clone(), row.name.clone());
            self.oids.types.insert(row.oid, ObjectKey::Composite(name.clone()));
            self.oids.type_aliases.insert(row.array_oid, ObjectKey::Composite(name));
        }
    }

    pub(super) fn composites(&mut self, rows: Vec<CompositeRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            let mut attributes = IndexMap::new();
            for (idx, attribute) in row.attribute_names.into_iter().enumerate() {
                let type_oid = row.attribute_types.get(idx).copied().unwrap_or(0);
                let typmod = row.attribute_typmods.get(idx).copied().unwrap_or(-1);
                let ty = self.data_type((type_oid, Some(typmod)))?;
                let collation = row.attribute_collations.get(idx).cloned().flatten();
                attributes.insert(attribute.clone(), CompositeAttribute { name: attribute, ty, collation });
            }
            self.catalog.composites.insert(name.clone(), Composite { name, attributes, comment: None });
        }
        Ok(())
    }
}
