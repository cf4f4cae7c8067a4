//! Tables and their columns: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct TableRow {
    pub(super) oid: u32,
    pub(super) type_oid: u32,
    pub(super) array_oid: Option<u32>,
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) partition_by: Option<String>,
    pub(super) partition_bound: Option<String>,
    pub(super) parent_schema: Option<String>,
    pub(super) parent_name: Option<String>,
    pub(super) inherits: bool,
    pub(super) unlogged: bool,
    pub(super) row_security: bool,
    pub(super) force_row_security: bool,
    pub(super) replica_identity: String,
    pub(super) replica_index: Option<String>,
    pub(super) reltuples: f64,
    pub(super) relpages: i64,
}

impl TableRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(TableRow {
            oid: get(kind, row, "oid")?,
            type_oid: get(kind, row, "type_oid")?,
            array_oid: get(kind, row, "array_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            kind: get(kind, row, "kind")?,
            partition_by: get(kind, row, "partition_by")?,
            partition_bound: get(kind, row, "partition_bound")?,
            parent_schema: get(kind, row, "parent_schema")?,
            parent_name: get(kind, row, "parent_name")?,
            inherits: get(kind, row, "inherits")?,
            unlogged: get(kind, row, "unlogged")?,
            row_security: get(kind, row, "row_security")?,
            force_row_security: get(kind, row, "force_row_security")?,
            replica_identity: get(kind, row, "replica_identity")?,
            replica_index: get(kind, row, "replica_index")?,
            reltuples: get(kind, row, "reltuples")?,
            relpages: get(kind, row, "relpages")?,
        })
    }
}

pub(super) struct ColumnRow {
    pub(super) table_oid: u32,
    pub(super) attnum: i32,
    pub(super) name: String,
    pub(super) type_oid: u32,
    pub(super) typmod: i32,
    pub(super) not_null: bool,
    pub(super) default_oid: Option<u32>,
    pub(super) default: Option<String>,
    pub(super) generated: Option<String>,
    pub(super) generated_kind: String,
    pub(super) identity: String,
    pub(super) collation: Option<String>,
    pub(super) identity_options: Option<SequenceOptions>,
}

impl ColumnRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        let seq_type: Option<String> = get(kind, row, "seq_type")?;
        let identity_options = match seq_type {
            Some(data_type) => Some(SequenceOptions {
                data_type,
                start: get(kind, row, "seq_start")?,
                increment: get(kind, row, "seq_increment")?,
                min_value: get(kind, row, "seq_min")?,
                max_value: get(kind, row, "seq_max")?,
                cache: get(kind, row, "seq_cache")?,
                cycle: get(kind, row, "seq_cycle")?,
            }),
            None => None,
        };
        Ok(ColumnRow {
            table_oid: get(kind, row, "table_oid")?,
            attnum: get(kind, row, "attnum")?,
            name: get(kind, row, "name")?,
            type_oid: get(kind, row, "type_oid")?,
            typmod: get(kind, row, "typmod")?,
            not_null: get(kind, row, "not_null")?,
            default_oid: get(kind, row, "default_oid")?,
            default: get(kind, row, "default")?,
            generated: get(kind, row, "generated")?,
            generated_kind: get(kind, row, "generated_kind")?,
            identity: get(kind, row, "identity")?,
            collation: get(kind, row, "collation")?,
            identity_options,
        })
    }
}

impl Builder<'_> {
    pub(super) fn tables(&mut self, rows: Vec<TableRow>) {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            if row.kind == "f" {
                // Carried whole (`queries/objects.sql`).
                continue;
            }
            if row.inherits {
                self.unmodelled.push(Unmodelled::new(
                    "inheritance",
                    name.to_string(),
                    "INHERITS is not modelled: read as a plain table",
                ));
            }
            self.oids.relations.insert(row.oid, ObjectKey::Table(name.clone()));
            self.oids.row_types.insert(row.type_oid, name.clone());
            self.oids.type_aliases.insert(row.type_oid, ObjectKey::Table(name.clone()));
            if let Some(array_oid) = row.array_oid {
                self.oids.type_aliases.insert(array_oid, ObjectKey::Table(name.clone()));
            }
            self.table_stats.insert(name.clone(), TableStats { reltuples: row.reltuples, relpages: row.relpages });
            let mut table = Table::new(name.clone());
            table.unlogged = row.unlogged;
            table.partition_by = row.partition_by;
            table.partition_of = match (row.parent_schema, row.parent_name, row.partition_bound) {
                (Some(schema), Some(parent), Some(bound)) => {
                    Some(Box::new(PartitionOf { parent: QualName::new(schema, parent), bound }))
                }
                _ => None,
            };
            table.row_security = row.row_security;
            table.force_row_security = row.force_row_security;
            table.replica_identity = match (row.replica_identity.as_str(), row.replica_index) {
                ("f", _) => ReplicaIdentity::Full,
                ("n", _) => ReplicaIdentity::Nothing,
                ("i", Some(index)) => ReplicaIdentity::Index(index),
                _ => ReplicaIdentity::Default,
            };
            self.catalog.tables.insert(name, table);
        }
        self.partitioned_stats();
    }

    /// A partitioned table holds no rows itself: its size is its leaf
    /// partitions' (unknown if one of them has never been analyzed).
    fn partitioned_stats(&mut self) {
        for table in self.catalog.tables.values().filter(|table| table.partition_by.is_some()) {
            self.table_stats.insert(table.name.clone(), TableStats { reltuples: 0.0, relpages: 0 });
        }
        let leaves: Vec<(QualName, TableStats)> = self
            .catalog
            .tables
            .values()
            .filter(|table| table.partition_of.is_some() && table.partition_by.is_none())
            .filter_map(|table| self.table_stats.get(&table.name).map(|stats| (table.name.clone(), *stats)))
            .collect();
        for (leaf, stats) in leaves {
            let mut current = leaf;
            // A tree deeper than the catalog has tables would be a cycle.
            for _ in 0..self.catalog.tables.len() {
                let Some(of) = self.catalog.tables.get(&current).and_then(|table| table.partition_of.as_ref()) else {
                    break;
                };
                let parent = of.parent.clone();
                if let Some(total) = self.table_stats.get_mut(&parent) {
                    total.relpages += stats.relpages;
                    total.reltuples = if total.reltuples < 0.0 || stats.reltuples < 0.0 {
                        -1.0
                    } else {
                        total.reltuples + stats.reltuples
                    };
                }
                current = parent;
            }
        }
    }

    pub(super) fn columns(&mut self, rows: Vec<ColumnRow>) -> Result<(), IntrospectError> {
        let mut partition_columns: Vec<(QualName, Column)> = Vec::new();
        for row in rows {
            // Columns of tables left out (extension tables, partitions) are ignored.
            let Some(table_name) = self.table_name(row.table_oid) else { continue };
            let ty = self.data_type((row.type_oid, Some(row.typmod)))?;
            self.oids.columns.insert((row.table_oid, row.attnum), row.name.clone());
            let key = ObjectKey::Column(table_name.clone(), row.name.clone());
            if let Some(default_oid) = row.default_oid {
                self.oids.defaults.insert(default_oid, key);
            }
            let identity = match row.identity.as_str() {
                "" => None,
                kind => match row.identity_options {
                    Some(options) => Some(Identity { always: kind == "a", options }),
                    None => {
                        return Err(IntrospectError::Inconsistent(format!(
                            "identity column {table_name}.{} has no sequence",
                            row.name
                        )));
                    }
                },
            };
            if !row.generated_kind.is_empty() && row.generated_kind != "s" {
                self.unmodelled.push(Unmodelled::new(
                    "generated column",
                    format!("{table_name}.{}", row.name),
                    format!("generation kind '{}' is not modelled: read as stored", row.generated_kind),
                ));
            }
            let mut column = Column::new(row.name.clone(), ty);
            column.not_null = row.not_null;
            column.default = row.default.as_deref().map(text::expr);
            column.identity = identity;
            column.generated = row.generated.as_deref().map(text::expr);
            column.collation = row.collation;
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                if table.partition_of.is_some() {
                    // A partition has its parent's columns; what differs is checked below.
                    partition_columns.push((table_name.clone(), column));
                    continue;
                }
                table.columns.insert(row.name, column);
            }
        }
        for (partition, column) in partition_columns {
            let Some(parent) = self.catalog.tables.get(&partition).and_then(|table| table.partition_of.as_ref()) else {
                continue;
            };
            let inherited =
                self.catalog.partition_root(&parent.parent).and_then(|table| table.columns.get(&column.name));
            let differs = match inherited {
                // (Before PostgreSQL 17 a partition does not show its
                // parent's identity: the parent's sequence fills it.)
                Some(inherited) => inherited.default != column.default || inherited.not_null != column.not_null,
                None => false,
            };
            if differs {
                self.unmodelled.push(Unmodelled::new(
                    "partition column",
                    format!("{partition}.{}", column.name),
                    "a default or NOT NULL of one partition only is not modelled: read as its parent's",
                ));
            }
        }
        Ok(())
    }
}
