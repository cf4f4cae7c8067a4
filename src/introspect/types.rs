//! The spelling of every type the rows mention (`format_type`): the rows of the `queries/` file and how they enter the catalog.

use super::*;

pub(super) struct TypeRow {
    pub(super) type_oid: u32,
    pub(super) typmod: Option<i32>,
    pub(super) element_oid: u32,
    pub(super) is_array: bool,
    pub(super) formatted: String,
}

impl TypeRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(TypeRow {
            type_oid: get(kind, row, "type_oid")?,
            typmod: get(kind, row, "typmod")?,
            element_oid: get(kind, row, "element_oid")?,
            is_array: get(kind, row, "is_array")?,
            formatted: get(kind, row, "formatted")?,
        })
    }
}
