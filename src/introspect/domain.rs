//! Domains: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;
use indexmap::IndexMap;

pub(super) struct DomainRow {
    pub(super) oid: u32,
    pub(super) array_oid: u32,
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) base_oid: u32,
    pub(super) base_typmod: i32,
    pub(super) not_null: bool,
    pub(super) default: Option<String>,
    pub(super) collation: Option<String>,
    pub(super) check_oids: Vec<u32>,
    pub(super) check_names: Vec<String>,
    pub(super) check_exprs: Vec<Option<String>>,
}

impl DomainRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(DomainRow {
            oid: get(kind, row, "oid")?,
            array_oid: get(kind, row, "array_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            base_oid: get(kind, row, "base_oid")?,
            base_typmod: get(kind, row, "base_typmod")?,
            not_null: get(kind, row, "not_null")?,
            default: get(kind, row, "default")?,
            collation: get(kind, row, "collation")?,
            check_oids: get(kind, row, "check_oids")?,
            check_names: get(kind, row, "check_names")?,
            check_exprs: get(kind, row, "check_exprs")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn domains(&mut self, rows: Vec<DomainRow>) -> Result<(), IntrospectError> {
        // Register every domain first: a domain may be based on another.
        for row in &rows {
            let name = QualName::new(row.schema.clone(), row.name.clone());
            self.oids.types.insert(row.oid, ObjectKey::Domain(name.clone()));
            self.oids.type_aliases.insert(row.array_oid, ObjectKey::Domain(name));
        }
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            let mut checks = IndexMap::new();
            for ((oid, check_name), expr) in row.check_oids.iter().zip(row.check_names).zip(row.check_exprs) {
                self.oids.domain_checks.insert(*oid, ObjectKey::Domain(name.clone()));
                checks.insert(check_name, text::expr(&expr.unwrap_or_default()));
            }
            let domain = Domain {
                name: name.clone(),
                base: self.data_type((row.base_oid, Some(row.base_typmod)))?,
                not_null: row.not_null,
                default: row.default.as_deref().map(text::expr),
                collation: row.collation,
                checks,
                comment: None,
            };
            self.catalog.domains.insert(name, domain);
        }
        Ok(())
    }
}
