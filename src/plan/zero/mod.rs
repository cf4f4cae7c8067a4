//! The zero-downtime mode: each change becomes one or more steps taken from
//! the safe recipes (`shared/research/zero-downtime.md`), placed in three
//! phases:
//!
//! - **expand**: additive changes the running application does not notice
//!   (new tables and columns, indexes built concurrently, constraints added
//!   `NOT VALID` and validated in their own transaction, …);
//! - **backfill**: batched data work (filling a new column, copying a column
//!   whose type changes) and what must wait for it (NOT NULL on the filled
//!   column, indexes on the copy);
//! - **contract**: what breaks the old application (drops, the swap of a
//!   column whose type changed), run after the deploy.
//!
//! A change has the phase where it *takes effect* (a type change: the swap in
//! contract). Phases never decrease along a dependency edge: a change after
//! one in contract runs in contract too. A drop that is undone later in the
//! plan (a view recreated around a column change) runs as late as its
//! recreation allows, so the object is missing as briefly as possible.
//!
//! New tables, and tables known to be empty, take the plain path.
//!
//! **Architecture Invariant:** no I/O.

mod column;
mod constraint;
mod copy;
mod enums;
mod index;
mod partition;
mod rename;
mod steps;

use copy::ColumnCopy;
use steps::*;

use super::{Hazard, HazardSeverity, Phase, Step};
use crate::diff::{Change, index_columns};
use crate::diff::{
    ColumnChange, CommentChange, ConstraintChange, DomainChange, EnumChange, ExtensionChange, FunctionChange,
    IndexChange, SchemaChange, SequenceChange, TableChange, TriggerChange, ViewChange,
};
use crate::ir::{
    Catalog, Column, ConstraintKind, DataType, Facts, Ident, Index, IndexKey, ObjectKey, QualName, TableStats,
    Volatility,
};
use crate::sql;
use crate::sql::quote::{data_type, ident, qualified};
use indexmap::{IndexMap, IndexSet};
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

pub const EXPAND: usize = 0;
pub const BACKFILL: usize = 1;
pub const CONTRACT: usize = 2;
pub const PHASE_NAMES: [&str; 3] = ["expand", "backfill", "contract"];

const ACCESS_EXCLUSIVE: &str = "ACCESS EXCLUSIVE";
const SHARE_UPDATE_EXCLUSIVE: &str = "SHARE UPDATE EXCLUSIVE";

/// Pages per batch of a backfill (8 kB each: about 2 MB of table per commit).
const BACKFILL_PAGES: u32 = 256;

/// What the recipes know besides the change itself.
pub(super) struct Inputs<'a> {
    pub from: &'a Catalog,
    pub facts: &'a Facts,
    pub to: &'a Catalog,
}

/// The steps of one change, each in a phase, and the phase where the change
/// takes effect.
struct Recipe {
    effect: usize,
    steps: Vec<(usize, Step)>,
}

impl Recipe {
    /// The phase after which what the change provides is complete (a filled
    /// column is complete after its backfill): changes that depend on it
    /// run there or later. Contract steps that only clean up (the view that
    /// keeps a renamed table's old name) do not count.
    fn done(&self) -> usize {
        self.steps
            .iter()
            .map(|(phase, _)| *phase)
            .filter(|phase| *phase <= self.effect.max(BACKFILL))
            .max()
            .unwrap_or(self.effect)
            .max(self.effect)
    }
}

/// How big a table is, from `pg_class`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Size {
    /// Created by this plan, or known to hold no row.
    Empty,
    Small,
    Unknown,
    Medium,
    Large,
}

struct Ctx<'a> {
    inputs: &'a Inputs<'a>,
    /// Tables created by the plan (target names).
    new_tables: IndexSet<QualName>,
    /// Target table name → source table name, for renamed tables.
    old_names: IndexMap<QualName, QualName>,
    /// Objects dropped and created again by the plan.
    replaced: IndexSet<ObjectKey>,
    /// Indexes (target table, index name) created by a change of their own.
    created_indexes: IndexSet<(QualName, Ident)>,
    /// Constraints (target table, name) added by a change of their own.
    created_constraints: IndexSet<(QualName, Ident)>,
    /// Columns (target table, column name as the change names it) that a
    /// change other than a rename touches: the column itself, or an index or
    /// constraint on it.
    /// → the summary of the (first) change.
    touched_columns: IndexMap<(QualName, Ident), String>,
}

/// The phases of a zero-downtime plan of `changes`, ordered by `order` (a
/// topological order of `graph`).
pub(super) fn phases(
    changes: &[Change],
    order: &[usize],
    graph: &DiGraph<usize, ()>,
    inputs: &Inputs,
    base: impl Fn(&Change) -> Step,
) -> Vec<Phase> {
    let mut ctx = Ctx {
        inputs,
        new_tables: IndexSet::new(),
        old_names: IndexMap::new(),
        replaced: IndexSet::new(),
        created_indexes: IndexSet::new(),
        created_constraints: IndexSet::new(),
        touched_columns: IndexMap::new(),
    };
    for change in changes {
        for column in touched_columns(change, inputs.to) {
            ctx.touched_columns.entry(column).or_insert_with(|| change.summary());
        }
    }
    let mut created: IndexSet<ObjectKey> = IndexSet::new();
    for change in changes {
        match change {
            Change::Table(TableChange::CreateTable(table)) => {
                ctx.new_tables.insert(table.name.clone());
            }
            Change::Table(TableChange::RenameTable { from, to }) => {
                ctx.old_names.insert(to.clone(), from.clone());
            }
            Change::Index(IndexChange::CreateIndex { table, index }) => {
                ctx.created_indexes.insert((table.clone(), index.name.clone()));
            }
            Change::Constraint(ConstraintChange::AddConstraint { table, constraint, .. }) => {
                ctx.created_constraints.insert((table.clone(), constraint.name.clone()));
            }
            _ => {}
        }
        if !matches!(change.sign(), crate::diff::Sign::Drop)
            && let Some(key) = change.object()
        {
            created.insert(key);
        }
    }
    for change in changes {
        if matches!(change.sign(), crate::diff::Sign::Drop)
            && let Some(key) = change.object()
            && created.contains(&key)
        {
            ctx.replaced.insert(key);
        }
    }

    let recipes: Vec<Recipe> = changes.iter().map(|change| ctx.recipe(change, base(change))).collect();

    // Phases: a change starts once what it needs is done (forward along the
    // edges), and its steps run no earlier than that; then drops that are
    // undone later move as late as their successors allow.
    let mut start: Vec<usize> = vec![EXPAND; changes.len()];
    let mut phase: Vec<usize> = recipes.iter().map(|recipe| recipe.effect).collect();
    let mut done: Vec<usize> = recipes.iter().map(Recipe::done).collect();
    let node = |idx: usize| NodeIndex::new(idx);
    for &idx in order {
        for before in graph.neighbors_directed(node(idx), Direction::Incoming) {
            start[idx] = start[idx].max(done[before.index()]);
        }
        phase[idx] = phase[idx].max(start[idx]);
        done[idx] = done[idx].max(start[idx]);
    }
    for &idx in order.iter().rev() {
        if ctx.is_flexible(&changes[idx]) {
            let latest =
                graph.neighbors_directed(node(idx), Direction::Outgoing).map(|after| phase[after.index()]).min();
            if let Some(latest) = latest {
                phase[idx] = phase[idx].max(latest);
                start[idx] = start[idx].max(phase[idx]);
            }
        }
    }

    let mut res: Vec<Phase> =
        PHASE_NAMES.iter().map(|name| Phase { name: (*name).to_string(), steps: Vec::new() }).collect();
    let mut recipes: Vec<Option<Recipe>> = recipes.into_iter().map(Some).collect();
    let mut placed: Vec<Vec<(usize, Step)>> = vec![Vec::new(); changes.len()];
    for &idx in order {
        let Some(recipe) = recipes[idx].take() else { continue };
        placed[idx] = recipe.steps.into_iter().map(|(at, step)| (at.max(start[idx]), step)).collect();
    }
    // Within a phase, a drop that is undone later waits until just before
    // the first change that needs it gone (its recreation, usually), so that
    // the object is not missing during the backfills in between.
    let flexible: Vec<bool> = changes.iter().map(|change| ctx.is_flexible(change)).collect();
    for (number, phase_steps) in res.iter_mut().enumerate() {
        let mut pending: Vec<usize> = Vec::new();
        let emit = |idx: usize, out: &mut Vec<Step>| {
            out.extend(placed[idx].iter().filter(|(at, _)| *at == number).map(|(_, step)| step.clone()));
        };
        for &idx in order {
            let here = placed[idx].iter().any(|(at, _)| *at == number);
            if !here {
                continue;
            }
            if flexible[idx] {
                pending.push(idx);
                continue;
            }
            // The drops this change needs, and the drops those need (a view
            // over a view), in plan order.
            let mut needed: IndexSet<usize> = IndexSet::from([idx]);
            loop {
                let before = needed.len();
                for &drop in &pending {
                    if graph
                        .neighbors_directed(node(drop), Direction::Outgoing)
                        .any(|after| needed.contains(&after.index()))
                    {
                        needed.insert(drop);
                    }
                }
                if needed.len() == before {
                    break;
                }
            }
            let (ready, waiting): (Vec<usize>, Vec<usize>) = pending.iter().partition(|drop| needed.contains(*drop));
            pending = waiting;
            for drop in ready {
                emit(drop, &mut phase_steps.steps);
            }
            emit(idx, &mut phase_steps.steps);
        }
        for drop in pending {
            emit(drop, &mut phase_steps.steps);
        }
        // Statistics after a swap wait for the end of the phase: run alone,
        // an ANALYZE would split the transaction that drops and recreates the
        // views around the swap, and leave them missing while it reads.
        let (analyze, rest): (Vec<Step>, Vec<Step>) =
            std::mem::take(&mut phase_steps.steps).into_iter().partition(is_analyze);
        phase_steps.steps = rest;
        phase_steps.steps.extend(analyze);
    }
    res
}

/// `ANALYZE table (column)` after a swap, so the planner knows the new
/// column's statistics.
fn analyze_step(swap: &Step, table: &QualName, column: &str) -> Step {
    let mut analyze = swap.clone();
    analyze.summary = format!("analyze {table} ({column})");
    analyze.sql = vec![format!("ANALYZE {} ({})", qualified(table), ident(column))];
    analyze.transactional = false;
    analyze.lock = Some(SHARE_UPDATE_EXCLUSIVE);
    analyze.rewrites = false;
    analyze.scans = false;
    analyze.rollback = Some(Vec::new());
    analyze.hazards.clear();
    analyze
}

fn is_analyze(step: &Step) -> bool {
    step.sql.len() == 1 && step.sql[0].starts_with("ANALYZE ")
}

impl Ctx<'_> {
    /// A drop whose object the plan creates again: it may wait for its
    /// recreation.
    fn is_flexible(&self, change: &Change) -> bool {
        matches!(change.sign(), crate::diff::Sign::Drop)
            && change.object().is_some_and(|key| self.replaced.contains(&key))
    }

    fn stats(&self, table: &QualName) -> Option<TableStats> {
        let old = self.old_names.get(table).unwrap_or(table);
        self.inputs.facts.table_stats.get(old).copied()
    }

    fn size(&self, table: &QualName) -> Size {
        if self.new_tables.contains(table) {
            return Size::Empty;
        }
        match self.stats(table) {
            None => Size::Unknown,
            Some(stats) if stats.reltuples < 0.0 => {
                if stats.relpages == 0 {
                    Size::Unknown
                } else {
                    size_of_pages(stats.relpages)
                }
            }
            Some(stats) if stats.reltuples == 0.0 && stats.relpages == 0 => Size::Empty,
            Some(stats) => size_of_pages(stats.relpages).max(size_of_rows(stats.reltuples)),
        }
    }

    /// Whether a table can take the plain path: created by the plan, or
    /// known to be empty.
    fn plain(&self, table: &QualName) -> bool {
        self.size(table) == Size::Empty
    }

    fn rows(&self, table: &QualName) -> Option<f64> {
        self.stats(table).filter(|stats| stats.reltuples >= 0.0).map(|stats| stats.reltuples)
    }

    fn pages(&self, table: &QualName) -> Option<f64> {
        self.stats(table).filter(|stats| stats.reltuples >= 0.0).map(|stats| stats.relpages as f64)
    }

    fn index_count(&self, table: &QualName) -> usize {
        let old = self.old_names.get(table).unwrap_or(table);
        self.inputs.from.tables.get(old).map_or(0, |table| table.indexes.len() + table.constraints.len())
    }

    /// A hazard whose severity grows with the table: nothing for an empty
    /// table, info for a small one, warning for a medium or unknown one,
    /// error for a large one.
    fn sized_hazard(
        &self,
        code: &'static str,
        table: &QualName,
        what: &str,
        object: Option<ObjectKey>,
    ) -> Option<Hazard> {
        let size = self.size(table);
        let (severity, scale) = match size {
            Size::Empty => return None,
            Size::Small => (HazardSeverity::Info, "small"),
            Size::Unknown => (HazardSeverity::Warning, "of unknown size"),
            Size::Medium => (HazardSeverity::Warning, "medium-sized"),
            Size::Large => (HazardSeverity::Error, "large"),
        };
        let rows = match self.rows(table) {
            Some(rows) => format!(" (about {} rows)", rows.round() as u64),
            None => String::new(),
        };
        Some(Hazard { code, severity, message: format!("{what}; {table} is {scale}{rows}"), object, span: None })
    }

    /// A step that reads the whole table without blocking traffic: worth
    /// knowing (I/O, time) on anything but a small table.
    fn full_scan(&self, table: &QualName, step: &Step) -> Option<Hazard> {
        let mut hazard = self.sized_hazard(
            "full-scan",
            table,
            &format!(
                "\"{}\" reads the whole table (under {}, so reads and writes go on)",
                step.summary,
                step.lock.unwrap_or("no lock")
            ),
            step.object.clone(),
        )?;
        hazard.severity = hazard.severity.min(HazardSeverity::Warning);
        if self.size(table) <= Size::Small {
            hazard.severity = HazardSeverity::Info;
        }
        Some(hazard)
    }

    // -- estimates (ms), calibrated on PostgreSQL 15 (zero-downtime.md §6)

    fn estimate(&self, table: &QualName, work: Work) -> Option<u64> {
        if self.new_tables.contains(table) {
            return Some(0);
        }
        let rows = self.rows(table)?;
        let pages = self.pages(table)?;
        let ms = match work {
            Work::Catalog => 0.0,
            Work::Scan => pages * 0.0055,
            Work::IndexBuild => rows * 0.0005 + pages * 0.0055,
            Work::Rewrite => rows * (0.0005 + 0.0006 * self.index_count(table) as f64),
            Work::Backfill => rows * 0.007,
            Work::ForeignKeyValidation => rows * 0.002,
        };
        Some(ms.ceil() as u64)
    }

    // -- recipes

    fn recipe(&self, change: &Change, base: Step) -> Recipe {
        let natural = self.natural_phase(change);
        let single = |step: Step| Recipe { effect: natural, steps: vec![(natural, step)] };
        match change {
            Change::Index(IndexChange::CreateIndex { table, index })
                if !self.plain(table) && self.partitioned(table) =>
            {
                self.partitioned_index(table, index, base)
            }
            Change::Index(IndexChange::CreateIndex { table, index }) if !self.plain(table) => {
                self.create_index(table, index, base)
            }
            // An index of a partitioned table cannot be dropped concurrently.
            Change::Index(IndexChange::DropIndex { table, index })
                if !self.plain(table) && !self.partitioned(table) =>
            {
                let name = QualName::new(table.schema.clone(), index.name.clone());
                let mut step = base;
                step.sql = vec![format!("DROP INDEX CONCURRENTLY IF EXISTS {}", qualified(&name))];
                step.transactional = false;
                step.lock = Some(SHARE_UPDATE_EXCLUSIVE);
                // The plain undo (the index in the names of its time, and its
                // comment), built concurrently.
                step.rollback =
                    step.rollback.take().map(|statements| {
                        statements
                            .iter()
                            .map(|statement| {
                                if statement.starts_with("CREATE ") {
                                    concurrently(statement)
                                } else {
                                    statement.clone()
                                }
                            })
                            .collect()
                    });
                step.estimate_ms = self.estimate(table, Work::Catalog);
                step.hazards.push(not_transactional(&step.summary, step.object.clone()));
                single(step)
            }
            // PostgreSQL 15 takes neither a foreign key `NOT VALID` nor a key
            // `USING INDEX` on a partitioned table: those are added plainly.
            Change::Constraint(ConstraintChange::AddConstraint { table, constraint, table_is_new: false })
                if !self.plain(table)
                    && (!self.partitioned(table) || matches!(constraint.kind, ConstraintKind::Check { .. })) =>
            {
                self.add_constraint(table, constraint, base, natural)
            }
            Change::Column(ColumnChange::SetNotNull { table, column }) if !self.plain(table) => {
                let steps = self.not_null_steps(table, column, &base);
                Recipe { effect: natural, steps: steps.into_iter().map(|step| (natural, step)).collect() }
            }
            Change::Column(ColumnChange::AddColumn { table, column, backfill, .. }) if !self.plain(table) => {
                self.add_column(table, column, backfill.as_deref(), base)
            }
            Change::Column(ColumnChange::AlterColumnType { table, column, from, to, collation, using, .. }) => {
                self.alter_column_type(change, table, column, (from, to), collation.as_ref(), using.is_some(), base)
            }
            Change::Table(TableChange::RenameTable { from, to }) => self.rename_table(from, to, base),
            Change::Table(TableChange::DropTable(partition)) if self.populated_parent(partition).is_some() => {
                match self.populated_parent(partition) {
                    Some(of) => self.drop_partition(partition, &of, base),
                    None => single(base),
                }
            }
            Change::Enum(EnumChange::RecreateEnum { name, labels, removed, columns, .. })
                if columns.iter().any(|column| !self.plain(&column.table)) =>
            {
                self.recreate_enum(change, (name, labels, removed), columns, base)
            }
            Change::Column(ColumnChange::RenameColumn { table, from, to }) if !self.plain(table) => {
                match self.rename_blocker(table, from, to) {
                    None => self.rename_column(table, from, to, base),
                    Some(reason) => {
                        let mut step = base;
                        self.annotate(change, &mut step);
                        for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "breaks-clients") {
                            hazard.message.push_str(&format!(
                                " (renamed in place, not by expand/contract with both names working, because {reason})"
                            ));
                        }
                        single(step)
                    }
                }
            }
            _ => {
                let mut step = base;
                self.annotate(change, &mut step);
                single(step)
            }
        }
    }

    /// The phase where a change takes effect.
    fn natural_phase(&self, change: &Change) -> usize {
        match change {
            Change::Table(TableChange::DropTable(_))
            | Change::Column(ColumnChange::DropColumn { .. })
            | Change::Sequence(SequenceChange::DropSequence(_))
            | Change::Enum(EnumChange::DropEnum(_))
            | Change::Domain(DomainChange::DropDomain(_))
            | Change::Schema(SchemaChange::DropSchema(_))
            | Change::Extension(ExtensionChange::DropExtension(_))
            | Change::View(ViewChange::DropView(_))
            | Change::Function(FunctionChange::DropFunction(_))
            | Change::Trigger(TriggerChange::DropTrigger { .. })
            | Change::Index(IndexChange::DropIndex { .. })
            | Change::Constraint(ConstraintChange::DropConstraint { .. })
            | Change::Domain(DomainChange::DropDomainConstraint { .. })
            | Change::Enum(EnumChange::RecreateEnum { .. }) => {
                if self.is_flexible(change) {
                    EXPAND
                } else {
                    CONTRACT
                }
            }
            // Grants and owner changes in expand; a role loses a privilege on
            // an object that stays only in contract, after the deploy.
            Change::Privilege(change) if change.takes_away() => CONTRACT,
            Change::Privilege(crate::diff::PrivilegeChange::RemoveDefaultPrivileges(_)) => CONTRACT,
            // A rename is brief and the new application expects the new name:
            // it runs in expand (a `breaks-clients` hazard tells the old one).
            _ => EXPAND,
        }
    }

    /// Locks, estimates and size-aware hazards of a step that keeps its plain
    /// DDL.
    fn annotate(&self, change: &Change, step: &mut Step) {
        let Some(table) = step.tables.first().cloned() else {
            // Catalog work that locks no existing table.
            step.estimate_ms = Some(0);
            return;
        };
        let work = if step.rewrites {
            Work::Rewrite
        } else if step.scans {
            match change {
                Change::Index(IndexChange::CreateIndex { .. }) => Work::IndexBuild,
                _ => Work::Scan,
            }
        } else {
            Work::Catalog
        };
        step.estimate_ms = self.estimate(&table, work);
        if let Change::Table(TableChange::CreateTable(table)) = change
            && let Some(hazard) = self.default_partition_scan(table, step)
        {
            step.hazards.push(hazard);
        }
        if step.rewrites
            && let Some(hazard) = self.sized_hazard(
                "table-rewrite",
                &table,
                "rewrites the whole table and all its indexes under ACCESS EXCLUSIVE",
                step.object.clone(),
            )
        {
            step.hazards.push(hazard);
        }
        if (step.rewrites || step.scans)
            && matches!(step.lock, Some(ACCESS_EXCLUSIVE | "SHARE" | "SHARE ROW EXCLUSIVE"))
            && let Some(hazard) = self.sized_hazard(
                "long-lock",
                &table,
                &format!(
                    "holds {} while it reads the whole table: {}",
                    step.lock.unwrap_or_default(),
                    blocked_by(step.lock)
                ),
                step.object.clone(),
            )
        {
            step.hazards.push(hazard);
        }
        if matches!(
            change,
            Change::Column(ColumnChange::DropColumn { .. })
                | Change::Table(TableChange::DropTable(_))
                | Change::Column(ColumnChange::RenameColumn { .. })
                | Change::View(ViewChange::RenameView { .. })
                | Change::Enum(EnumChange::RenameEnum { .. })
        ) || (matches!(
            change,
            Change::View(ViewChange::DropView(_)) | Change::Function(FunctionChange::DropFunction(_))
        ) && !self.is_flexible(change))
        {
            step.hazards.push(Hazard {
                code: "breaks-clients",
                severity: HazardSeverity::Warning,
                message: format!("{}: application code that still uses the old object fails", step.summary),
                object: step.object.clone(),
                span: None,
            });
        }
    }
}

#[derive(Clone, Copy)]
enum Work {
    Catalog,
    Scan,
    IndexBuild,
    Rewrite,
    Backfill,
    ForeignKeyValidation,
}

fn size_of_rows(rows: f64) -> Size {
    if rows < 100_000.0 {
        Size::Small
    } else if rows < 1_000_000.0 {
        Size::Medium
    } else {
        Size::Large
    }
}

fn size_of_pages(pages: i64) -> Size {
    // 100 MB and 1 GB in 8 kB pages.
    if pages < 12_800 {
        Size::Small
    } else if pages < 128_000 {
        Size::Medium
    } else {
        Size::Large
    }
}

/// What application traffic a lock blocks.
fn blocked_by(lock: Option<&str>) -> &'static str {
    match lock {
        Some(ACCESS_EXCLUSIVE) => "reads and writes wait",
        Some("SHARE" | "SHARE ROW EXCLUSIVE" | "EXCLUSIVE") => "writes wait",
        _ => "other schema changes wait",
    }
}

fn index_build(table: &QualName, name: &str, object: Option<ObjectKey>, size: Size) -> Hazard {
    Hazard {
        code: "index-build",
        severity: if size >= Size::Large { HazardSeverity::Warning } else { HazardSeverity::Info },
        message: format!(
            "builds index {name} on {table} concurrently: reads and writes go on, but the build reads the whole table and takes time and I/O"
        ),
        object,
        span: None,
    }
}

fn not_transactional(summary: &str, object: Option<ObjectKey>) -> Hazard {
    Hazard {
        code: "not-transactional",
        severity: HazardSeverity::Info,
        message: format!("\"{summary}\" runs outside a transaction; if it fails, apply cleans up and it can be rerun"),
        object,
        span: None,
    }
}

/// A hazard on `step`'s object, pointing where it does.
fn step_hazard(code: &'static str, severity: HazardSeverity, message: String, step: &Step) -> Hazard {
    Hazard { code, severity, message, object: step.object.clone(), span: step.span }
}

/// The columns a change touches in a way a column renamed by copy cannot
/// follow (see `Ctx::touched_columns`): a change of the column itself (its
/// type, default, nullability: the sync trigger relies on them), or a drop or
/// rename of an index or constraint on it (dropped with the old column).
/// New indexes and constraints on the new name, and comments, are fine.
fn touched_columns(change: &Change, to: &Catalog) -> Vec<(QualName, Ident)> {
    let on =
        |table: &QualName, columns: Vec<Ident>| columns.into_iter().map(|column| (table.clone(), column)).collect();
    let target_index = |table: &QualName, name: &str| {
        to.tables.get(table).and_then(|target| target.indexes.get(name)).map(index_columns).unwrap_or_default()
    };
    let target_constraint = |table: &QualName, name: &str| {
        to.tables
            .get(table)
            .and_then(|target| target.constraints.get(name))
            .map(crate::diff::constraint_columns)
            .unwrap_or_default()
    };
    match change {
        Change::Column(ColumnChange::RenameColumn { .. })
        | Change::Index(IndexChange::CreateIndex { .. })
        | Change::Constraint(ConstraintChange::AddConstraint { .. }) => Vec::new(),
        Change::Comment(CommentChange::SetComment { .. }) => Vec::new(),
        Change::Index(IndexChange::DropIndex { table, index }) => on(table, index_columns(index)),
        Change::Index(IndexChange::RenameIndex { table, to: name, .. }) => on(table, target_index(table, name)),
        Change::Constraint(ConstraintChange::DropConstraint { table, constraint }) => {
            on(table, crate::diff::constraint_columns(constraint))
        }
        Change::Constraint(ConstraintChange::RenameConstraint { table, to: name, .. }) => {
            on(table, target_constraint(table, name))
        }
        _ => match change.object() {
            Some(ObjectKey::Column(table, column)) => vec![(table, column)],
            _ => Vec::new(),
        },
    }
}

/// Functions a default may call without being computed per row.
const STABLE_BUILTINS: &[&str] = &[
    "now",
    "transaction_timestamp",
    "statement_timestamp",
    "current_setting",
    "lower",
    "upper",
    "length",
    "coalesce",
    "nullif",
    "abs",
    "array",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "to_jsonb",
    "make_interval",
    "make_date",
    "concat",
    "int4",
    "int8",
    "numeric",
    "text",
    "varchar",
    "bpchar",
    "timestamp",
    "timestamptz",
    "interval",
    "date",
];
