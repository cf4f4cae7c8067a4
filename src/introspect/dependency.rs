//! Dependencies between objects, from `pg_depend`: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct DependencyRow {
    pub(super) catalog: String,
    pub(super) oid: u32,
    pub(super) subid: i32,
    pub(super) ref_catalog: String,
    pub(super) ref_oid: u32,
    pub(super) ref_subid: i32,
}

impl DependencyRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(DependencyRow {
            catalog: get(kind, row, "catalog")?,
            oid: get(kind, row, "oid")?,
            subid: get(kind, row, "subid")?,
            ref_catalog: get(kind, row, "ref_catalog")?,
            ref_oid: get(kind, row, "ref_oid")?,
            ref_subid: get(kind, row, "ref_subid")?,
        })
    }
}

impl Builder<'_> {
    /// The object a dependency row's dependent side stands for.
    pub(super) fn dependent(&self, catalog: &str, oid: u32, subid: i32) -> Option<ObjectKey> {
        if let Some(key) = self.oids.objects.get(&(catalog.to_string(), oid)) {
            return Some(key.clone());
        }
        match catalog {
            "pg_class" => match self.oids.relations.get(&oid)? {
                ObjectKey::Table(table) if subid > 0 => {
                    Some(ObjectKey::Column(table.clone(), self.oids.columns.get(&(oid, subid))?.clone()))
                }
                key => Some(key.clone()),
            },
            "pg_type" => self.oids.types.get(&oid).or_else(|| self.oids.type_aliases.get(&oid)).cloned(),
            "pg_proc" => self.oids.functions.get(&oid).cloned(),
            "pg_rewrite" => self.oids.rules.get(&oid).cloned(),
            "pg_constraint" => self.oids.constraints.get(&oid).or_else(|| self.oids.domain_checks.get(&oid)).cloned(),
            "pg_trigger" => self.oids.triggers.get(&oid).cloned(),
            "pg_attrdef" => self.oids.defaults.get(&oid).cloned(),
            _ => None,
        }
    }

    /// The object a dependency row's referenced side stands for (a column
    /// stands for its table).
    pub(super) fn referenced(&self, catalog: &str, oid: u32) -> Option<ObjectKey> {
        if let Some(key) = self.oids.objects.get(&(catalog.to_string(), oid)) {
            return Some(key.clone());
        }
        match catalog {
            "pg_class" => self.oids.relations.get(&oid).or_else(|| self.oids.key_indexes.get(&oid)).cloned(),
            "pg_type" => self.oids.types.get(&oid).or_else(|| self.oids.type_aliases.get(&oid)).cloned(),
            "pg_proc" => self.oids.functions.get(&oid).cloned(),
            _ => None,
        }
    }

    pub(super) fn dependencies(&self, rows: &[DependencyRow]) -> Vec<(ObjectKey, ObjectKey)> {
        let mut res: Vec<(ObjectKey, ObjectKey)> = Vec::new();
        for row in rows {
            let (Some(dependent), Some(referenced)) =
                (self.dependent(&row.catalog, row.oid, row.subid), self.referenced(&row.ref_catalog, row.ref_oid))
            else {
                continue;
            };
            if dependent == referenced || on_own_table(&dependent, &referenced) {
                continue;
            }
            if let ObjectKey::Table(table) = &referenced
                && row.ref_subid > 0
                && let Some(column) = self.oids.columns.get(&(row.ref_oid, row.ref_subid))
            {
                res.push((dependent.clone(), ObjectKey::Column(table.clone(), column.clone())));
            }
            res.push((dependent, referenced));
        }
        res.sort();
        res.dedup();
        res
    }
}

/// Whether `referenced` is the table `dependent` (a column, constraint, index
/// or trigger) belongs to.
fn on_own_table(dependent: &ObjectKey, referenced: &ObjectKey) -> bool {
    let ObjectKey::Table(referenced) = referenced else { return false };
    matches!(dependent,
        ObjectKey::Column(table, _) | ObjectKey::Constraint(table, _) | ObjectKey::Index(table, _)
        | ObjectKey::Trigger(table, _) if table == referenced)
}
