//! Sequences: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct SequenceRow {
    pub(super) oid: u32,
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) options: SequenceOptions,
    pub(super) owner: Option<(QualName, String)>,
}

impl SequenceRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        let owner_schema: Option<String> = get(kind, row, "owner_schema")?;
        let owner_table: Option<String> = get(kind, row, "owner_table")?;
        let owner_column: Option<String> = get(kind, row, "owner_column")?;
        let owner = match (owner_schema, owner_table, owner_column) {
            (Some(schema), Some(table), Some(column)) => Some((QualName::new(schema, table), column)),
            _ => None,
        };
        Ok(SequenceRow {
            oid: get(kind, row, "oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            options: SequenceOptions {
                data_type: get(kind, row, "data_type")?,
                start: get(kind, row, "start")?,
                increment: get(kind, row, "increment")?,
                min_value: get(kind, row, "min_value")?,
                max_value: get(kind, row, "max_value")?,
                cache: get(kind, row, "cache")?,
                cycle: get(kind, row, "cycle")?,
            },
            owner,
        })
    }
}

impl Builder<'_> {
    pub(super) fn sequences(&mut self, rows: Vec<SequenceRow>) {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            self.oids.relations.insert(row.oid, ObjectKey::Sequence(name.clone()));
            self.catalog
                .sequences
                .insert(name.clone(), Sequence { name, options: row.options, owned_by: row.owner, comment: None });
        }
    }
}
