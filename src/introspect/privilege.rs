//! Privileges, owners and default privileges (`queries/privileges.sql`,
//! `queries/owners.sql`, `queries/default_privileges.sql`): the rows and how
//! they enter the catalog, keyed by the oids of the objects the other
//! queries read. What is on an object godwit does not read is reported.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct PrivilegeRow {
    pub(super) catalog: String,
    pub(super) kind: String,
    pub(super) schema: Option<String>,
    pub(super) name: String,
    pub(super) signature: Option<String>,
    pub(super) column: Option<String>,
    pub(super) attnum: i32,
    pub(super) identity_table: Option<u32>,
    pub(super) oid: u32,
    pub(super) owner: String,
    pub(super) grantee: String,
    pub(super) privilege: String,
    pub(super) grantable: bool,
    pub(super) granted: bool,
    pub(super) grantor: String,
}

impl PrivilegeRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        let state: String = get(kind, row, "state")?;
        Ok(PrivilegeRow {
            catalog: get(kind, row, "catalog")?,
            kind: get(kind, row, "object_kind")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            signature: get(kind, row, "signature")?,
            column: get(kind, row, "column_name")?,
            attnum: get(kind, row, "attnum")?,
            identity_table: get(kind, row, "identity_table")?,
            oid: get(kind, row, "oid")?,
            owner: get(kind, row, "owner")?,
            grantee: get(kind, row, "grantee")?,
            privilege: get(kind, row, "privilege")?,
            grantable: get(kind, row, "grantable")?,
            granted: state == "granted",
            grantor: get(kind, row, "grantor")?,
        })
    }

    /// The object as a person names it, for reports.
    fn describe(&self) -> String {
        let mut res = format!("{} ", self.kind);
        if let Some(schema) = &self.schema
            && self.kind != "schema"
        {
            res.push_str(&format!("{schema}."));
        }
        res.push_str(&self.name);
        if let Some(signature) = &self.signature {
            res.push_str(&format!("({signature})"));
        }
        if let Some(column) = &self.column {
            res.push_str(&format!(".{column}"));
        }
        res
    }
}

pub(super) struct OwnerRow {
    pub(super) catalog: String,
    pub(super) kind: String,
    pub(super) schema: Option<String>,
    pub(super) name: String,
    pub(super) signature: Option<String>,
    pub(super) oid: u32,
    pub(super) owner: String,
}

impl OwnerRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(OwnerRow {
            catalog: get(kind, row, "catalog")?,
            kind: get(kind, row, "object_kind")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            signature: get(kind, row, "signature")?,
            oid: get(kind, row, "oid")?,
            owner: get(kind, row, "owner")?,
        })
    }
}

pub(super) struct DefaultPrivilegeRow {
    pub(super) role: String,
    pub(super) schema: Option<String>,
    pub(super) objects: String,
    pub(super) grantee: String,
    pub(super) privilege: String,
    pub(super) grantable: bool,
    pub(super) granted: bool,
}

impl DefaultPrivilegeRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        let state: String = get(kind, row, "state")?;
        Ok(DefaultPrivilegeRow {
            role: get(kind, row, "role")?,
            schema: get(kind, row, "schema")?,
            objects: get(kind, row, "object_type")?,
            grantee: get(kind, row, "grantee")?,
            privilege: get(kind, row, "privilege")?,
            grantable: get(kind, row, "grantable")?,
            granted: state == "granted",
        })
    }
}

impl Builder<'_> {
    /// The target of an object the catalog holds, by its catalog and oid.
    fn target_of(&self, catalog: &str, oid: u32) -> Option<GrantTarget> {
        if let Some(ObjectKey::Object(id)) = self.oids.objects.get(&(catalog.to_string(), oid)) {
            return Some(GrantTarget::Object(id.clone()));
        }
        match catalog {
            "pg_namespace" => self.oids.schemas.get(&oid).map(|name| GrantTarget::Schema(name.clone())),
            "pg_class" => match self.oids.relations.get(&oid)? {
                ObjectKey::Table(name) | ObjectKey::View(name) => Some(GrantTarget::Table(name.clone())),
                ObjectKey::Sequence(name) => Some(GrantTarget::Sequence(name.clone())),
                _ => None,
            },
            "pg_proc" => match self.oids.functions.get(&oid)? {
                ObjectKey::Function(key) => Some(GrantTarget::Function(key.clone())),
                _ => None,
            },
            "pg_type" => match self.oids.types.get(&oid)? {
                ObjectKey::Enum(name) | ObjectKey::Domain(name) => Some(GrantTarget::Type(name.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    /// The target of a privilege row: its object, its column, or the
    /// identity sequence of a column the catalog holds.
    fn privilege_target(&self, row: &PrivilegeRow) -> Result<GrantTarget, &'static str> {
        if let Some(table_oid) = row.identity_table {
            let Some(ObjectKey::Table(table)) = self.oids.relations.get(&table_oid) else {
                return Err("privileges on the identity sequence of a table godwit does not read are not modelled");
            };
            let column = self.catalog.tables.get(table).and_then(|table| {
                table.columns.values().find(|column| {
                    column.identity.is_some()
                        && crate::lower::is_identity_sequence_name(&row.name, &table.name.name, &column.name)
                })
            });
            return match (column, &row.schema) {
                (Some(_), Some(schema)) => Ok(GrantTarget::Sequence(QualName::new(schema.clone(), row.name.clone()))),
                _ => {
                    Err("privileges on an identity sequence named otherwise than PostgreSQL names it are not modelled")
                }
            };
        }
        let Some(target) = self.target_of(&row.catalog, row.oid) else {
            return Err("privileges on objects godwit does not read are not modelled");
        };
        if row.attnum == 0 {
            return Ok(target);
        }
        let column = row.column.clone().ok_or("a column privilege without its column")?;
        match target {
            GrantTarget::Table(table) => Ok(GrantTarget::Column(table, column)),
            GrantTarget::Object(id) if id.kind == WholeKind::ForeignTable => match crate::diff::leading_name(&id) {
                Some(table) => Ok(GrantTarget::Column(table, column)),
                None => Err("privileges on the columns of this foreign table are not modelled"),
            },
            _ => Err("privileges on the columns of objects godwit does not read are not modelled"),
        }
    }

    pub(super) fn privileges(&mut self, rows: Vec<PrivilegeRow>) {
        // (target, grantee, privilege, granted) → index, to merge the rows of
        // several grantors (grantors are not modelled).
        let mut seen: IndexMap<(GrantTarget, String, String, bool), Privilege> = IndexMap::new();
        for row in rows {
            let target = match self.privilege_target(&row) {
                Ok(target) if target.acl_kind().is_some() => target,
                Ok(_) => continue,
                Err(why) => {
                    self.unmodelled.push(Unmodelled::new("privileges", row.describe(), why));
                    continue;
                }
            };
            let known = target.acl_kind().is_some_and(|kind| {
                let all = if matches!(target, GrantTarget::Column(..)) { AclKind::Column } else { kind };
                all.privileges().contains(&row.privilege.as_str())
            });
            if !known {
                self.unmodelled.push(Unmodelled::new(
                    "privileges",
                    row.describe(),
                    format!("the privilege {} is not modelled", row.privilege),
                ));
                continue;
            }
            if row.granted && row.grantor != row.owner {
                self.unmodelled.push(Unmodelled::new(
                    "grantor",
                    format!("{} to {}", row.describe(), row.grantee),
                    format!(
                        "{} granted by {}, read as granted by the owner {} (grantors are not modelled)",
                        row.privilege, row.grantor, row.owner
                    ),
                ));
            }
            let key = (target.clone(), row.grantee.clone(), row.privilege.clone(), row.granted);
            let entry = seen.entry(key).or_insert_with(|| Privilege {
                on: target,
                grantee: row.grantee,
                privilege: row.privilege,
                granted: row.granted,
                grantable: false,
            });
            entry.grantable |= row.grantable && row.granted;
        }
        self.catalog.privileges = seen.into_values().collect();
    }

    pub(super) fn owners(&mut self, rows: Vec<OwnerRow>) {
        for row in rows {
            match self.target_of(&row.catalog, row.oid) {
                Some(target) => {
                    self.catalog.owners.insert(target, row.owner);
                }
                None => {
                    let mut name = match &row.schema {
                        Some(schema) if row.kind != "schema" => format!("{} {schema}.{}", row.kind, row.name),
                        _ => format!("{} {}", row.kind, row.name),
                    };
                    if let Some(signature) = &row.signature {
                        name.push_str(&format!("({signature})"));
                    }
                    self.unmodelled.push(Unmodelled::new(
                        "owner",
                        name,
                        format!("owned by {}: owners of objects godwit does not read are not modelled", row.owner),
                    ));
                }
            }
        }
    }

    pub(super) fn default_privileges(&mut self, rows: Vec<DefaultPrivilegeRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let Some(on) = DefaultObjects::from_word(&row.objects) else {
                return Err(IntrospectError::Inconsistent(format!(
                    "the default privileges query returned the objects `{}`",
                    row.objects
                )));
            };
            self.catalog.default_privileges.insert(DefaultPrivilege {
                role: row.role,
                schema: row.schema,
                on,
                grantee: row.grantee,
                privilege: row.privilege,
                granted: row.granted,
                grantable: row.grantable && row.granted,
            });
        }
        Ok(())
    }
}
