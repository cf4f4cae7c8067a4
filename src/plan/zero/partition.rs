//! Partitioned tables: indexes built partition by partition and attached,
//! partitions detached concurrently before they are dropped, backfills run
//! on every partition.
//!
//! PostgreSQL cannot build an index on a partitioned table concurrently:
//! `CREATE INDEX … ON ONLY parent` makes an (invalid) index on the parent
//! alone, each partition's index is then built concurrently and attached,
//! and the parent's index is valid once every partition has one.

use super::*;
use crate::ir::{PartitionOf, Table};

impl Ctx<'_> {
    /// Whether a table (target name) is partitioned, before or after.
    pub(super) fn partitioned(&self, table: &QualName) -> bool {
        let old = self.old_names.get(table).unwrap_or(table);
        self.inputs.to.tables.get(table).is_some_and(|table| table.partition_by.is_some())
            || self.inputs.from.tables.get(old).is_some_and(|table| table.partition_by.is_some())
    }

    /// A dropped partition's parent (under its name when the partition is
    /// dropped) when the parent stays and holds rows.
    pub(super) fn populated_parent(&self, partition: &Table) -> Option<PartitionOf> {
        let of = partition.partition_of.as_ref()?;
        let parent = self
            .old_names
            .iter()
            .find(|(_, old)| **old == of.parent)
            .map_or_else(|| of.parent.clone(), |(new, _)| new.clone());
        (self.inputs.to.tables.contains_key(&parent) && !self.plain(&parent))
            .then(|| PartitionOf { parent, bound: of.bound.clone() })
    }

    /// A new partition of a parent with a default partition: PostgreSQL
    /// scans the default partition, under ACCESS EXCLUSIVE, for rows that
    /// belong to the new one.
    pub(super) fn default_partition_scan(&self, table: &Table, step: &Step) -> Option<Hazard> {
        let of = table.partition_of.as_ref().filter(|of| of.bound != "DEFAULT")?;
        let old_parent = self.old_names.get(&of.parent).unwrap_or(&of.parent);
        let default = self
            .inputs
            .from
            .partitions_of(old_parent)
            .find(|other| other.partition_of.as_ref().is_some_and(|of| of.bound == "DEFAULT"))?;
        let what = format!(
            "creating partition {} scans the default partition {} for rows that belong in it, under ACCESS EXCLUSIVE (a check constraint on the default partition that excludes the new bound saves the scan)",
            table.name, default.name
        );
        self.sized_hazard("long-lock", &default.name, &what, step.object.clone())
    }

    /// The partitions of a partitioned table (target name) that exist
    /// before the plan, directly under it, in order. (Those the plan drops
    /// are there until contract, so they count too.)
    fn existing_partitions(&self, table: &QualName) -> Vec<&Table> {
        let old = self.old_names.get(table).unwrap_or(table);
        self.inputs.from.partitions_of(old).collect()
    }

    /// The tables that hold the rows of `table` (target name): the table
    /// itself, or for a partitioned table its leaf partitions.
    pub(super) fn row_holders(&self, table: &QualName) -> Vec<QualName> {
        if !self.partitioned(table) {
            return vec![table.clone()];
        }
        let mut res = Vec::new();
        for partition in self.existing_partitions(table) {
            res.extend(self.row_holders(&partition.name));
        }
        res
    }

    /// An index on a populated partitioned table: on the parent only, then
    /// built concurrently on each partition and attached.
    pub(super) fn partitioned_index(&self, table: &QualName, index: &Index, base: Step) -> Recipe {
        let name = QualName::new(table.schema.clone(), index.name.clone());
        let mut parent = base.clone();
        parent.summary = format!("create index {name} on {table} only");
        parent.sql = vec![on_only(&sql::create_index(table, index), table)];
        parent.lock = Some("SHARE");
        parent.scans = false;
        parent.rewrites = false;
        parent.rollback = Some(vec![format!("DROP INDEX IF EXISTS {}", qualified(&name))]);
        parent.estimate_ms = Some(0);
        parent.tables = vec![table.clone()];
        parent.hazards.retain(|hazard| hazard.code != "may-fail");
        let mut steps = vec![(EXPAND, parent)];
        self.attach_partition_indexes(table, index, (&name, &name), &base, &mut steps);
        Recipe { effect: EXPAND, steps }
    }

    /// For each partition of `table`: its copy of `index` built concurrently
    /// (or, on a partitioned partition, on it only and filled the same way),
    /// then attached to `parent_index` (under `top`, the index of the table
    /// at the top: dropping it drops the whole tree, which undoes them all).
    fn attach_partition_indexes(
        &self,
        table: &QualName,
        index: &Index,
        (parent_index, top): (&QualName, &QualName),
        base: &Step,
        steps: &mut Vec<(usize, Step)>,
    ) {
        for partition in self.existing_partitions(table) {
            let mut copy = index.clone();
            copy.name = temp_name(&format!("{}_{}", partition.name.name, top.name), "");
            let copy_name = QualName::new(partition.name.schema.clone(), copy.name.clone());
            let create = sql::create_index(&partition.name, &copy);
            if partition.partition_by.is_some() {
                let mut only = base.clone();
                only.summary = format!("create index {copy_name} on {} only", partition.name);
                only.sql = vec![on_only(&create, &partition.name)];
                only.lock = Some("SHARE");
                only.scans = false;
                only.rollback = Some(vec![format!("DROP INDEX IF EXISTS {}", qualified(&copy_name))]);
                only.estimate_ms = Some(0);
                only.tables = vec![partition.name.clone()];
                only.hazards.clear();
                steps.push((EXPAND, only));
                self.attach_partition_indexes(&partition.name, &copy, (&copy_name, top), base, steps);
            } else {
                let summary = format!("build index {copy_name} on partition {}", partition.name);
                let mut build =
                    self.concurrent_build(base, &partition.name, summary, concurrently(&create), &copy_name);
                build.tables = vec![partition.name.clone()];
                if index.unique {
                    build.hazards.push(step_hazard(
                        "may-fail",
                        HazardSeverity::Warning,
                        format!("building unique index {copy_name} fails if {} holds duplicates", partition.name),
                        base,
                    ));
                }
                steps.push((EXPAND, build));
            }
            let mut attach = base.clone();
            attach.summary = format!("attach index {copy_name} to {parent_index}");
            attach.sql =
                vec![format!("ALTER INDEX {} ATTACH PARTITION {}", qualified(parent_index), qualified(&copy_name))];
            attach.lock = Some(SHARE_UPDATE_EXCLUSIVE);
            attach.scans = false;
            attach.rewrites = false;
            attach.transactional = true;
            // An attached index cannot be dropped alone: the one at the top
            // goes, and the attached ones with it.
            attach.rollback = Some(vec![format!("DROP INDEX IF EXISTS {}", qualified(top))]);
            attach.estimate_ms = Some(0);
            attach.tables = vec![table.clone(), partition.name.clone()];
            attach.hazards.clear();
            steps.push((EXPAND, attach));
        }
    }

    /// A partition dropped from a populated parent: detached first with
    /// `DETACH PARTITION … CONCURRENTLY`, which lets queries on the parent go
    /// on (impossible when the parent has a default partition: then a plain
    /// detach), so that the drop does not lock the parent.
    pub(super) fn drop_partition(&self, partition: &Table, of: &PartitionOf, base: Step) -> Recipe {
        let parent = qualified(&of.parent);
        let name = qualified(&partition.name);
        let mut detach = base.clone();
        detach.summary = format!("detach partition {} from {}", partition.name, of.parent);
        detach.rollback = Some(vec![format!("ALTER TABLE {parent} ATTACH PARTITION {name} {}", of.bound)]);
        detach.hazards.clear();
        let old_parent = self.old_names.get(&of.parent).unwrap_or(&of.parent);
        let is_default = |other: &Table| other.partition_of.as_ref().is_some_and(|of| of.bound == "DEFAULT");
        // A default partition the plan creates exists by contract.
        let has_default = self.inputs.from.partitions_of(old_parent).any(is_default)
            || self.inputs.to.partitions_of(&of.parent).any(is_default);
        if has_default {
            detach.sql = vec![format!("ALTER TABLE {parent} DETACH PARTITION {name}")];
            detach.lock = Some(ACCESS_EXCLUSIVE);
            detach.hazards.push(step_hazard(
                "long-lock",
                HazardSeverity::Warning,
                format!(
                    "{} has a default partition, so {} cannot be detached concurrently: reads and writes of {} wait while it is detached",
                    of.parent, partition.name, of.parent
                ),
                &base,
            ));
        } else {
            detach.sql = vec![format!("ALTER TABLE {parent} DETACH PARTITION {name} CONCURRENTLY")];
            detach.transactional = false;
            detach.lock = Some(SHARE_UPDATE_EXCLUSIVE);
            detach.hazards.push(not_transactional(&detach.summary, detach.object.clone()));
        }
        detach.estimate_ms = Some(0);
        detach.tables = vec![of.parent.clone(), partition.name.clone()];
        let mut drop = base;
        drop.lock = Some(ACCESS_EXCLUSIVE);
        drop.tables.retain(|table| *table == partition.name);
        Recipe { effect: CONTRACT, steps: vec![(CONTRACT, detach), (CONTRACT, drop)] }
    }
}

/// `CREATE [UNIQUE] INDEX name ON table …` → `… ON ONLY table …`.
fn on_only(create_index: &str, table: &QualName) -> String {
    let on = format!(" ON {}", qualified(table));
    create_index.replacen(&on, &format!(" ON ONLY {}", qualified(table)), 1)
}
