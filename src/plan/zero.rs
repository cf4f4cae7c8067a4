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
            Change::Index(IndexChange::CreateIndex { table, index }) if !self.plain(table) => {
                self.create_index(table, index, base)
            }
            Change::Index(IndexChange::DropIndex { table, index }) if !self.plain(table) => {
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
            Change::Constraint(ConstraintChange::AddConstraint { table, constraint, table_is_new: false })
                if !self.plain(table) =>
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

    /// A batched backfill of `table` (see [`backfill_sql`]): outside a
    /// transaction, row locks only, nothing to undo.
    fn backfill_step(&self, base: &Step, table: &QualName, summary: String, assignment: &str, pending: &str) -> Step {
        let mut fill = base.clone();
        fill.summary = summary;
        fill.sql = vec![backfill_sql(table, assignment, pending)];
        fill.transactional = false;
        fill.lock = Some("ROW EXCLUSIVE");
        fill.scans = true;
        fill.rewrites = false;
        fill.long_running = true;
        fill.rollback = Some(Vec::new());
        fill.estimate_ms = self.estimate(table, Work::Backfill);
        fill.hazards.clear();
        fill.hazards.extend(self.full_scan(table, &fill));
        fill
    }

    /// `VALIDATE CONSTRAINT constraint`: alone, in its own transaction,
    /// under SHARE UPDATE EXCLUSIVE (reads and writes go on), nothing to undo.
    fn validate_step(&self, base: &Step, table: &QualName, summary: String, constraint: &str, work: Work) -> Step {
        let mut validate = base.clone();
        validate.summary = summary;
        validate.sql = vec![format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", qualified(table), ident(constraint))];
        validate.transactional = false;
        validate.lock = Some(SHARE_UPDATE_EXCLUSIVE);
        validate.rewrites = false;
        validate.scans = true;
        validate.long_running = true;
        validate.rollback = Some(Vec::new());
        validate.estimate_ms = self.estimate(table, work);
        validate.hazards.clear();
        validate.hazards.extend(self.full_scan(table, &validate));
        validate
    }

    /// A `CREATE [UNIQUE] INDEX CONCURRENTLY` step building `index`: alone,
    /// under SHARE UPDATE EXCLUSIVE, undone by a concurrent drop.
    fn concurrent_build(&self, base: &Step, table: &QualName, summary: String, sql: String, index: &QualName) -> Step {
        let mut build = base.clone();
        build.summary = summary;
        build.sql = vec![sql];
        build.transactional = false;
        build.lock = Some(SHARE_UPDATE_EXCLUSIVE);
        build.rewrites = false;
        build.scans = true;
        build.long_running = true;
        build.builds_index = Some(index.clone());
        build.rollback = Some(vec![format!("DROP INDEX CONCURRENTLY IF EXISTS {}", qualified(index))]);
        build.estimate_ms = self.estimate(table, Work::IndexBuild);
        build.hazards = vec![
            index_build(table, &index.name, build.object.clone(), self.size(table)),
            not_transactional(&build.summary, build.object.clone()),
        ];
        build
    }

    fn create_index(&self, table: &QualName, index: &Index, base: Step) -> Recipe {
        let name = QualName::new(table.schema.clone(), index.name.clone());
        let summary = base.summary.clone();
        let mut step =
            self.concurrent_build(&base, table, summary, concurrently(&sql::create_index(table, index)), &name);
        step.hazards.splice(0..0, base.hazards.iter().cloned());
        if index.unique {
            step.hazards.push(Hazard {
                code: "may-fail",
                severity: HazardSeverity::Warning,
                message: format!("building unique index {} fails if {table} holds duplicates", index.name),
                object: step.object.clone(),
                span: None,
            });
        }
        Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] }
    }

    fn add_constraint(&self, table: &QualName, constraint: &crate::ir::Constraint, base: Step, phase: usize) -> Recipe {
        let name = &constraint.name;
        let alter = format!("ALTER TABLE {}", qualified(table));
        let drop = format!("{alter} DROP CONSTRAINT IF EXISTS {}", ident(name));
        match &constraint.kind {
            ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_) => {
                let is_fk = matches!(constraint.kind, ConstraintKind::ForeignKey(_));
                let mut add = base.clone();
                add.summary = format!("{} (not valid)", base.summary);
                add.sql = vec![format!("{alter} ADD {} NOT VALID", sql::constraint_definition(constraint))];
                add.scans = false;
                add.lock = Some(if is_fk { "SHARE ROW EXCLUSIVE" } else { ACCESS_EXCLUSIVE });
                add.rollback = Some(vec![drop]);
                add.estimate_ms = self.estimate(table, Work::Catalog);
                add.hazards.retain(|hazard| hazard.code != "may-fail");
                let work = if is_fk { Work::ForeignKeyValidation } else { Work::Scan };
                let summary = format!("validate constraint {table}.{name}");
                let mut validate = self.validate_step(&base, table, summary, name, work);
                validate.hazards.splice(0..0, base.hazards.iter().cloned());
                Recipe { effect: phase, steps: vec![(phase, add), (phase, validate)] }
            }
            ConstraintKind::Unique { columns, .. } | ConstraintKind::PrimaryKey { columns } => {
                let nulls_not_distinct =
                    matches!(constraint.kind, ConstraintKind::Unique { nulls_not_distinct: true, .. });
                let index_name = QualName::new(table.schema.clone(), name.clone());
                let cols: Vec<String> = columns.iter().map(|column| ident(column)).collect();
                let summary = format!("build unique index {}.{name} for {}", table.schema, base.summary);
                let sql = unique_index_sql(name, table, &cols, nulls_not_distinct);
                let mut build = self.concurrent_build(&base, table, summary, sql, &index_name);
                build.hazards.splice(0..0, base.hazards.iter().cloned());
                let mut attach = base;
                let kind =
                    if matches!(constraint.kind, ConstraintKind::PrimaryKey { .. }) { "PRIMARY KEY" } else { "UNIQUE" };
                attach.sql = vec![format!(
                    "{alter} ADD CONSTRAINT {} {kind} USING INDEX {}{}",
                    ident(name),
                    ident(name),
                    deferrable_clause(constraint.deferrable)
                )];
                attach.scans = false;
                attach.lock = Some(ACCESS_EXCLUSIVE);
                attach.rollback = Some(vec![drop]);
                attach.estimate_ms = self.estimate(table, Work::Catalog);
                attach.hazards.retain(|hazard| hazard.code != "may-fail");
                Recipe { effect: phase, steps: vec![(phase, build), (phase, attach)] }
            }
        }
    }

    /// `SET NOT NULL` without a scan under ACCESS EXCLUSIVE: a `CHECK (col IS
    /// NOT NULL) NOT VALID`, validated in its own transaction, proves it.
    fn not_null_steps(&self, table: &QualName, column: &str, base: &Step) -> Vec<Step> {
        let check = temp_name(&format!("{}_{column}", table.name), "_godwit_not_null");
        let alter = format!("ALTER TABLE {}", qualified(table));
        let col = ident(column);
        let mut add = base.clone();
        add.summary = format!("add check {table}.{check} ({column} is not null, not valid)");
        add.sql = vec![format!("{alter} ADD CONSTRAINT {} CHECK ({col} IS NOT NULL) NOT VALID", ident(&check))];
        add.lock = Some(ACCESS_EXCLUSIVE);
        add.scans = false;
        add.rollback = Some(vec![format!("{alter} DROP CONSTRAINT IF EXISTS {}", ident(&check))]);
        add.estimate_ms = self.estimate(table, Work::Catalog);
        add.hazards.retain(|hazard| hazard.code != "may-fail");
        let mut validate =
            self.validate_step(base, table, format!("validate check {table}.{check}"), &check, Work::Scan);
        validate.hazards.extend(base.hazards.iter().filter(|hazard| hazard.code == "may-fail").cloned());
        if validate.hazards.is_empty() {
            validate.hazards.push(step_hazard(
                "may-fail",
                HazardSeverity::Warning,
                format!("setting column {table}.{column} not null fails if a row holds null"),
                base,
            ));
        }
        let mut set = base.clone();
        set.summary = format!("set not null on {table}.{column} (proven by the check)");
        set.sql = vec![
            format!("{alter} ALTER COLUMN {col} SET NOT NULL"),
            format!("{alter} DROP CONSTRAINT {}", ident(&check)),
        ];
        set.lock = Some(ACCESS_EXCLUSIVE);
        set.scans = false;
        set.rollback = Some(vec![format!("{alter} ALTER COLUMN {col} DROP NOT NULL")]);
        set.estimate_ms = self.estimate(table, Work::Catalog);
        set.hazards.clear();
        let mut steps = vec![add, validate, set];
        for step in &mut steps {
            step.rewrites = false;
        }
        steps
    }

    fn add_column(&self, table: &QualName, column: &Column, backfill: Option<&str>, base: Step) -> Recipe {
        let alter = format!("ALTER TABLE {}", qualified(table));
        let col = ident(&column.name);
        let volatile_default = column.default.as_deref().filter(|default| self.is_volatile(default));
        let fill = match (backfill, volatile_default) {
            (Some(expr), _) => Some(format!("({expr})")),
            (None, Some(default)) if column.identity.is_none() && column.generated.is_none() => {
                Some(default.to_string())
            }
            _ => None,
        };
        if let Some(identity) = &column.identity
            && column.generated.is_none()
            && backfill.is_none()
        {
            return self.add_identity_column(table, column, identity, base);
        }
        let Some(fill) = fill else {
            let mut step = base;
            self.annotate(
                &Change::Column(ColumnChange::AddColumn {
                    table: table.clone(),
                    column: column.clone(),
                    backfill: None,
                    domain_not_null: false,
                }),
                &mut step,
            );
            step.rollback = Some(vec![format!("{alter} DROP COLUMN IF EXISTS {col}")]);
            if column.generated.is_some() {
                for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "table-rewrite") {
                    hazard.message.push_str(
                        " (PostgreSQL 15 computes a stored generated column for every row as it is added, and cannot \
                         turn a filled column into a generated one: there is no online recipe)",
                    );
                }
            }
            return Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] };
        };
        // Add it nullable (and without a volatile default, which would rewrite
        // the table), let new rows get the default, fill the old rows in
        // batches, then require values.
        let keeps_default = column.default.is_some() && volatile_default.is_none();
        let nullable = Column {
            not_null: false,
            default: if keeps_default { column.default.clone() } else { None },
            ..column.clone()
        };
        let mut add = base.clone();
        add.summary = format!("add column {table}.{} (nullable)", column.name);
        add.sql = vec![format!("{alter} ADD COLUMN {}", sql::column_definition(&nullable))];
        if let (Some(default), false) = (&column.default, keeps_default) {
            add.sql.push(format!("{alter} ALTER COLUMN {col} SET DEFAULT {default}"));
        }
        add.lock = Some(ACCESS_EXCLUSIVE);
        add.rewrites = false;
        add.scans = false;
        add.rollback = Some(vec![format!("{alter} DROP COLUMN IF EXISTS {col}")]);
        add.estimate_ms = self.estimate(table, Work::Catalog);
        add.hazards.retain(|hazard| hazard.code != "may-fail");
        // Without a default, rows that the running application inserts while
        // (and after) the old rows are filled get the value from a trigger,
        // until contract.
        let filler = match (backfill, &column.default) {
            (Some(expr), None) => Some(self.fill_trigger(table, &column.name, expr)),
            _ => None,
        };
        if let Some((create, drop)) = &filler {
            add.summary = format!("add column {table}.{} (nullable, filled by a trigger for new rows)", column.name);
            add.sql.extend(create.iter().cloned());
            let mut rollback = drop.clone();
            rollback.push(format!("{alter} DROP COLUMN IF EXISTS {col}"));
            add.rollback = Some(rollback);
        }
        let mut steps = vec![(EXPAND, add)];
        let summary = format!("backfill {table}.{} in batches", column.name);
        steps.push((
            BACKFILL,
            self.backfill_step(&base, table, summary, &format!("{col} = {fill}"), &format!("{col} IS NULL")),
        ));
        if column.not_null {
            for step in self.not_null_steps(table, &column.name, &base) {
                steps.push((BACKFILL, step));
            }
        }
        if let Some((create, drop)) = filler {
            let mut stop = base;
            stop.summary = format!("drop the trigger that fills {table}.{}", column.name);
            stop.sql = drop;
            stop.lock = Some(ACCESS_EXCLUSIVE);
            stop.rewrites = false;
            stop.scans = false;
            stop.rollback = Some(create);
            stop.estimate_ms = self.estimate(table, Work::Catalog);
            stop.hazards = vec![step_hazard(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "from here on, inserting into {table} without {} fails: deploy code that writes it first",
                    column.name
                ),
                &stop,
            )];
            steps.push((CONTRACT, stop));
        }
        Recipe { effect: EXPAND, steps }
    }

    /// An identity column added to a populated table without a rewrite under
    /// ACCESS EXCLUSIVE: added nullable and numbered by a temporary sequence
    /// (new rows by its default, old rows in batches), made `NOT NULL`
    /// through a validated check, then turned into the identity, whose
    /// sequence goes on where the temporary one stopped.
    fn add_identity_column(
        &self,
        table: &QualName,
        column: &Column,
        identity: &crate::ir::Identity,
        base: Step,
    ) -> Recipe {
        let alter = format!("ALTER TABLE {}", qualified(table));
        let col = ident(&column.name);
        let sequence = crate::ir::Sequence {
            name: QualName::new(
                table.schema.clone(),
                temp_name(&format!("{}_{}", table.name, column.name), "__godwit_seq"),
            ),
            options: identity.options.clone(),
            owned_by: None,
            comment: None,
        };
        let seq = qualified(&sequence.name);
        let next = format!("nextval({}::regclass)", crate::sql::quote::literal(&seq));
        let plain = Column { not_null: false, default: None, identity: None, ..column.clone() };

        let mut add = base.clone();
        add.summary = format!("add column {table}.{} (nullable, numbered by a temporary sequence)", column.name);
        add.sql = vec![
            sql::create_sequence(&sequence),
            format!("{alter} ADD COLUMN {}", sql::column_definition(&plain)),
            format!("{alter} ALTER COLUMN {col} SET DEFAULT {next}"),
        ];
        add.lock = Some(ACCESS_EXCLUSIVE);
        add.rewrites = false;
        add.scans = false;
        add.rollback =
            Some(vec![format!("{alter} DROP COLUMN IF EXISTS {col}"), format!("DROP SEQUENCE IF EXISTS {seq}")]);
        add.estimate_ms = self.estimate(table, Work::Catalog);
        add.hazards.retain(|hazard| !matches!(hazard.code, "may-fail" | "table-rewrite" | "long-lock"));
        let mut steps = vec![(EXPAND, add)];

        let summary = format!("number the existing rows of {table}.{} in batches", column.name);
        steps.push((
            BACKFILL,
            self.backfill_step(&base, table, summary, &format!("{col} = {next}"), &format!("{col} IS NULL")),
        ));
        for mut step in self.not_null_steps(table, &column.name, &base) {
            step.hazards.retain(|hazard| hazard.code != "may-fail");
            steps.push((BACKFILL, step));
        }

        // The identity's own sequence goes on from the temporary one.
        let identity_seq = format!(
            "pg_get_serial_sequence({}, {})",
            crate::sql::quote::literal(&qualified(table)),
            crate::sql::quote::literal(&column.name)
        );
        let mut convert = base;
        convert.summary = format!("make {table}.{} an identity column", column.name);
        convert.sql = vec![
            format!("{alter} ALTER COLUMN {col} DROP DEFAULT"),
            format!("{alter} ALTER COLUMN {col} ADD {}", sql::identity_clause(identity)),
            format!("SELECT setval({identity_seq}, last_value, is_called) FROM {seq}"),
            format!("DROP SEQUENCE {seq}"),
        ];
        convert.lock = Some(ACCESS_EXCLUSIVE);
        convert.rewrites = false;
        convert.scans = false;
        convert.rollback = Some(vec![
            sql::create_sequence(&sequence),
            format!("SELECT setval({}::regclass, nextval({identity_seq}), false)", crate::sql::quote::literal(&seq)),
            format!("{alter} ALTER COLUMN {col} DROP IDENTITY"),
            format!("{alter} ALTER COLUMN {col} SET DEFAULT {next}"),
        ]);
        convert.estimate_ms = self.estimate(table, Work::Catalog);
        convert.hazards.clear();
        steps.push((BACKFILL, convert));
        Recipe { effect: EXPAND, steps }
    }

    /// A trigger that sets `column` to `expr` (the `@backfill` expression,
    /// its column names read from the row) when a row arrives without it:
    /// the statements that create it, and those that drop it.
    fn fill_trigger(&self, table: &QualName, column: &str, expr: &str) -> (Vec<String>, Vec<String>) {
        let (function, trigger) = sync_names(table, column);
        // The expression names columns as the target schema does.
        let columns: IndexSet<&str> = self
            .inputs
            .to
            .tables
            .get(table)
            .into_iter()
            .chain(self.source_table(table))
            .flat_map(|table| table.columns.keys().map(String::as_str))
            .collect();
        let value = crate::sqltext::replace_mentions(expr, |name| {
            columns.contains(name).then(|| format!("NEW.{}", ident(name)))
        });
        let col = ident(column);
        let body = format!(
            "\nBEGIN\n    IF NEW.{col} IS NULL THEN\n        NEW.{col} := ({value});\n    END IF;\n    RETURN NEW;\nEND\n"
        );
        let create = sync_trigger_sql(table, &function, &trigger, &body);
        let drop = vec![
            format!("DROP TRIGGER IF EXISTS {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION IF EXISTS {}()", qualified(&function)),
        ];
        (create, drop)
    }

    /// A table of the source catalog, by its target name.
    fn source_table(&self, table: &QualName) -> Option<&crate::ir::Table> {
        self.inputs.from.tables.get(self.old_names.get(table).unwrap_or(table))
    }

    /// Whether a default must be computed per row: it calls a function that is
    /// not known to be stable or immutable.
    fn is_volatile(&self, expr: &str) -> bool {
        crate::sqltext::identifiers(expr).iter().filter(|found| found.call).any(|found| {
            let Some(name) = found.parts.last() else { return false };
            if found.parts.len() == 1 && STABLE_BUILTINS.contains(&name.as_str()) {
                return false;
            }
            let user = self.inputs.to.functions.values().find(|function| {
                function.name.name == *name
                    && (found.parts.len() == 1 || found.parts.first() == Some(&function.name.schema))
            });
            !matches!(user, Some(function) if function.volatility != Volatility::Volatile)
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn alter_column_type(
        &self,
        change: &Change,
        table: &QualName,
        column: &str,
        (from, to): (&DataType, &DataType),
        collation: Option<&Ident>,
        has_using: bool,
        base: Step,
    ) -> Recipe {
        let in_place = |base: Step| {
            let mut step = base;
            self.annotate(change, &mut step);
            Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] }
        };
        if !base.rewrites || self.plain(table) {
            return in_place(base);
        }
        let Some(reason) = self.copy_blocker(table, column, has_using) else {
            let copy = ColumnCopy { table, column, from, to, collation, via_text: false, default_later: false };
            return self.copy_column(&copy, base);
        };
        let mut recipe = in_place(base);
        for (_, step) in &mut recipe.steps {
            for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "table-rewrite") {
                hazard.message.push_str(&format!(" (done in place, not by expand/contract, because {reason})"));
            }
        }
        recipe
    }

    /// Why a column cannot change type by copy and swap, if it cannot.
    fn copy_blocker(&self, table: &QualName, column: &str, has_using: bool) -> Option<String> {
        if has_using {
            return Some("the conversion needs a USING expression".to_string());
        }
        let target = self.inputs.to.tables.get(table)?;
        let new = target.columns.get(column)?;
        if new.identity.is_some() || new.generated.is_some() {
            return Some("the column is an identity or generated column".to_string());
        }
        // Constraints on the column are copied onto the copy.
        for constraint in self.copied_constraints(table, column) {
            let others = crate::diff::constraint_columns(constraint);
            if let Some(other) = others.iter().find(|other| {
                *other != column && self.touched_columns.contains_key(&(table.clone(), other.to_string()))
            }) {
                return Some(format!("constraint {} is also on {other}, which changes too", constraint.name));
            }
        }
        for other in self.inputs.to.tables.values() {
            for constraint in other.constraints.values() {
                if let ConstraintKind::ForeignKey(fk) = &constraint.kind
                    && fk.ref_table == *table
                    && fk.ref_columns.iter().any(|name| name == column)
                {
                    return Some(format!("foreign key {} references the column", constraint.name));
                }
            }
        }
        for index in target.indexes.values() {
            let plain = index.elements.iter().all(|element| matches!(element.key, IndexKey::Column(_)));
            let mentioned = index_columns(index).iter().any(|name| name == column);
            let created = self.created_indexes.contains(&(table.clone(), index.name.clone()));
            if mentioned && !created && (!plain || index.predicate.is_some()) {
                return Some(format!("index {} uses the column in an expression", index.name));
            }
        }
        let old_table = self.old_names.get(table).unwrap_or(table);
        if self.inputs.from.sequences.values().any(|sequence| {
            sequence.owned_by.as_ref().is_some_and(|(owner, owned)| owner == old_table && owned == column)
        }) {
            return Some("a sequence is owned by the column".to_string());
        }
        None
    }

    /// A type change by copy and swap: a new column kept in sync by a
    /// trigger, filled in batches, indexed concurrently, and swapped in.
    fn copy_column(&self, copy: &ColumnCopy, base: Step) -> Recipe {
        let ColumnCopy { table, column, from, to, collation, via_text, default_later } = *copy;
        let target = self.inputs.to.tables.get(table);
        let new_column = target.and_then(|table| table.columns.get(column));
        let copy = temp_name(column, "__godwit_new");
        let (function, trigger) = sync_names(table, column);
        let alter = format!("ALTER TABLE {}", qualified(table));
        let (col, copy_col) = (ident(column), ident(&copy));
        let cast = |source: &str| {
            if via_text {
                let dims = "[]".repeat(usize::from(to.array_dims));
                format!("CAST(CAST({source} AS text{dims}) AS {})", data_type(to))
            } else {
                format!("CAST({source} AS {})", data_type(to))
            }
        };
        let collate = collation.map(|name| format!(" COLLATE {}", ident(name))).unwrap_or_default();

        let body = format!("\nBEGIN\n    NEW.{copy_col} := {};\n    RETURN NEW;\nEND\n", cast(&format!("NEW.{col}")));
        let mut expand = base.clone();
        expand.summary =
            format!("add column {table}.{copy} ({}) kept in sync with {column}", crate::ir::data_type_sql_unquoted(to));
        expand.sql = vec![format!("{alter} ADD COLUMN {copy_col} {}{collate}", data_type(to))];
        expand.sql.extend(sync_trigger_sql(table, &function, &trigger, &body));
        expand.lock = Some(ACCESS_EXCLUSIVE);
        expand.rewrites = false;
        expand.scans = false;
        expand.rollback = Some(vec![
            format!("DROP TRIGGER IF EXISTS {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION IF EXISTS {}()", qualified(&function)),
            format!("{alter} DROP COLUMN IF EXISTS {copy_col}"),
        ]);
        expand.estimate_ms = self.estimate(table, Work::Catalog);
        expand.hazards.retain(|hazard| hazard.code == "may-fail");
        let mut steps = vec![(EXPAND, expand)];

        let fill = self.backfill_step(
            &base,
            table,
            format!("backfill {table}.{copy} from {column} in batches"),
            &format!("{copy_col} = {}", cast(&col)),
            &format!("{copy_col} IS DISTINCT FROM {}", cast(&col)),
        );
        steps.push((BACKFILL, fill));

        if new_column.is_some_and(|column| column.not_null) {
            for mut step in self.not_null_steps(table, &copy, &base) {
                step.hazards.retain(|hazard| hazard.code != "may-fail");
                steps.push((BACKFILL, step));
            }
        }
        let (builds, renames) = self.index_copies(table, column, &copy, &base);
        steps.extend(builds.into_iter().map(|step| (BACKFILL, step)));
        let (constraint_steps, constraint_swaps) = self.constraint_copies(table, column, &copy, &base);
        steps.extend(constraint_steps.into_iter().map(|step| (BACKFILL, step)));

        let mut swap = base;
        swap.summary = format!(
            "swap {table}.{column} to {} (drop the old column, rename the copy)",
            crate::ir::data_type_sql_unquoted(to)
        );
        swap.sql = vec![
            format!("DROP TRIGGER {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION {}()", qualified(&function)),
            format!("{alter} DROP COLUMN {col}"),
            format!("{alter} RENAME COLUMN {copy_col} TO {col}"),
        ];
        swap.sql.extend(renames);
        swap.sql.extend(constraint_swaps);
        if let Some(default) = new_column.and_then(|column| column.default.as_ref())
            && !default_later
        {
            swap.sql.push(format!("{alter} ALTER COLUMN {col} SET DEFAULT {default}"));
        }
        if let Some(comment) = new_column.and_then(|column| column.comment.as_ref()) {
            swap.sql.push(format!(
                "COMMENT ON COLUMN {}.{col} IS {}",
                qualified(table),
                crate::sql::quote::literal(comment)
            ));
        }
        swap.lock = Some(ACCESS_EXCLUSIVE);
        swap.rewrites = false;
        swap.scans = false;
        swap.rollback = None;
        swap.estimate_ms = self.estimate(table, Work::Catalog);
        swap.hazards = vec![
            step_hazard(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "{table}.{column} reads as {} from here on, and moves to the end of the column list; clients that depend on the type or on column positions (SELECT *, INSERT without a column list) see the change",
                    crate::ir::data_type_sql_unquoted(to)
                ),
                &swap,
            ),
            step_hazard(
                "irreversible",
                HazardSeverity::Info,
                format!(
                    "the old {} column is dropped; going back means another type change",
                    crate::ir::data_type_sql_unquoted(from)
                ),
                &swap,
            ),
        ];
        let analyze = analyze_step(&swap, table, column);
        steps.push((CONTRACT, swap));
        steps.push((CONTRACT, analyze));
        Recipe { effect: CONTRACT, steps }
    }

    /// An enum whose labels are removed or reordered, by expand/contract: the
    /// new type is created under a temporary name, each column using the
    /// enum is copied to it (sync trigger, batched backfill, index copies)
    /// and swapped in at contract, then the old type is dropped and the new
    /// one takes its name.
    fn recreate_enum(
        &self,
        change: &Change,
        (name, labels, removed): (&QualName, &[String], &[String]),
        columns: &[crate::diff::EnumColumn],
        base: Step,
    ) -> Recipe {
        let blocker = columns.iter().find_map(|column| {
            let reason = match self.source_column(&column.table, &column.column) {
                None => Some("the column is renamed too".to_string()),
                Some(_) => self.copy_blocker(&column.table, &column.column, false),
            };
            reason.map(|reason| format!("{reason} ({}.{})", column.table, column.column))
        });
        if let Some(reason) = blocker {
            let mut step = base;
            self.annotate(change, &mut step);
            for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "table-rewrite") {
                hazard.message.push_str(&format!(" (done in place, not by expand/contract, because {reason})"));
            }
            return Recipe { effect: CONTRACT, steps: vec![(CONTRACT, step)] };
        }
        let temp = QualName::new(name.schema.clone(), temp_name(&name.name, "__godwit_new"));
        let mut create = base.clone();
        create.summary = format!("create enum {temp} (the new labels of {name})");
        create.sql = vec![sql::create_enum(&temp, labels)];
        create.tables = Vec::new();
        create.lock = None;
        create.rewrites = false;
        create.scans = false;
        create.rollback = Some(vec![format!("DROP TYPE IF EXISTS {}", qualified(&temp))]);
        create.estimate_ms = Some(0);
        create.hazards.clear();
        if !removed.is_empty() {
            let quoted: Vec<String> = removed.iter().map(|label| format!("'{label}'")).collect();
            create.hazards.push(step_hazard("breaks-clients", HazardSeverity::Warning, format!(
                    "from here on, writing {} to a column of enum {name} fails (the copy cannot hold it): stop writing it first",
                    quoted.join(", ")
                ), &create));
        }
        let mut steps = vec![(EXPAND, create)];
        let mut defaults = Vec::new();
        for column in columns {
            let Some(source) = self.source_column(&column.table, &column.column) else { continue };
            let to = DataType { base: crate::ir::BaseType::Named(temp.clone()), array_dims: column.array_dims };
            let copy = ColumnCopy {
                table: &column.table,
                column: &column.column,
                from: &source.ty,
                to: &to,
                collation: None,
                via_text: true,
                default_later: true,
            };
            let mut column_base = base.clone();
            column_base.tables = vec![column.table.clone()];
            column_base.hazards.clear();
            column_base.violations_sql = None;
            let recipe = self.copy_column(&copy, column_base);
            for (phase, mut step) in recipe.steps {
                // The backfill is where a row with a removed label stops the
                // plan.
                if step.summary.starts_with("backfill") && !removed.is_empty() {
                    step.hazards.extend(base.hazards.iter().filter(|hazard| hazard.code == "may-fail").cloned());
                    if column.array_dims == 0 {
                        let labels: Vec<String> =
                            removed.iter().map(|label| crate::sql::quote::literal(label)).collect();
                        step.violations_sql = Some(format!(
                            "SELECT count(*) FROM {} WHERE {}::text IN ({})",
                            qualified(&column.table),
                            ident(&column.column),
                            labels.join(", ")
                        ));
                    }
                }
                if let Some(hazard) = step
                    .hazards
                    .iter_mut()
                    .find(|hazard| hazard.code == "breaks-clients" && step.summary.starts_with("swap"))
                {
                    hazard.message = format!(
                        "{}.{} reads as the new enum {name} from here on, and moves to the end of the column list",
                        column.table, column.column
                    );
                }
                steps.push((phase, step));
            }
            if let Some(default) = &column.default {
                defaults.push(format!(
                    "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
                    qualified(&column.table),
                    ident(&column.column)
                ));
            }
        }
        let mut rename = base;
        rename.summary = format!("drop the old enum {name}, rename {temp} to {}", name.name);
        rename.sql = vec![
            format!("DROP TYPE {}", qualified(name)),
            format!("ALTER TYPE {} RENAME TO {}", qualified(&temp), ident(&name.name)),
        ];
        rename.lock = if defaults.is_empty() { None } else { Some(ACCESS_EXCLUSIVE) };
        rename.sql.extend(defaults);
        rename.rewrites = false;
        rename.scans = false;
        rename.rollback = None;
        rename.estimate_ms = Some(0);
        rename.hazards = vec![step_hazard(
            "irreversible",
            HazardSeverity::Info,
            format!("the old enum {name} is dropped; going back means recreating it"),
            &rename,
        )];
        steps.push((CONTRACT, rename));
        Recipe { effect: CONTRACT, steps }
    }

    /// A column of the source catalog, by its table's target name.
    fn source_column(&self, table: &QualName, column: &str) -> Option<&Column> {
        let old_table = self.old_names.get(table).unwrap_or(table);
        self.inputs.from.tables.get(old_table)?.columns.get(column)
    }

    /// The target's constraints on `column` that the plan does not add itself.
    fn copied_constraints<'c>(&'c self, table: &QualName, column: &str) -> Vec<&'c crate::ir::Constraint> {
        let Some(target) = self.inputs.to.tables.get(table) else { return Vec::new() };
        target
            .constraints
            .values()
            .filter(|constraint| crate::diff::constraint_columns(constraint).iter().any(|name| name == column))
            .filter(|constraint| !self.created_constraints.contains(&(table.clone(), constraint.name.clone())))
            .collect()
    }

    /// Copies, on `copy`, of the unique keys, primary key and foreign keys on
    /// `column` (a unique index built concurrently; a foreign key added `NOT
    /// VALID` and validated), under temporary names; and the statements that
    /// make them the real constraints once the old column (and its
    /// constraints) are gone.
    fn constraint_copies(&self, table: &QualName, column: &str, copy: &str, base: &Step) -> (Vec<Step>, Vec<String>) {
        let alter = format!("ALTER TABLE {}", qualified(table));
        let on_copy = |columns: &[Ident]| -> Vec<Ident> {
            columns.iter().map(|name| if name == column { copy.to_string() } else { name.clone() }).collect()
        };
        let mut steps = Vec::new();
        let mut swap = Vec::new();
        for constraint in self.copied_constraints(table, column) {
            let temp = temp_name(&constraint.name, "__godwit_new");
            match &constraint.kind {
                ConstraintKind::Unique { columns, .. } | ConstraintKind::PrimaryKey { columns } => {
                    let index_name = QualName::new(table.schema.clone(), temp.clone());
                    let nulls_not_distinct =
                        matches!(constraint.kind, ConstraintKind::Unique { nulls_not_distinct: true, .. });
                    let cols: Vec<String> = on_copy(columns).iter().map(|name| ident(name)).collect();
                    let summary =
                        format!("build unique index {}.{temp} on {table}.{copy} for {}", table.schema, constraint.name);
                    let sql = unique_index_sql(&temp, table, &cols, nulls_not_distinct);
                    steps.push(self.concurrent_build(base, table, summary, sql, &index_name));
                    let kind = if matches!(constraint.kind, ConstraintKind::PrimaryKey { .. }) {
                        "PRIMARY KEY"
                    } else {
                        "UNIQUE"
                    };
                    swap.push(format!(
                        "{alter} ADD CONSTRAINT {} {kind} USING INDEX {}{}",
                        ident(&constraint.name),
                        ident(&temp),
                        deferrable_clause(constraint.deferrable)
                    ));
                }
                ConstraintKind::ForeignKey(_) | ConstraintKind::Check { .. } => {
                    let mut copied = constraint.clone();
                    copied.name = temp.clone();
                    copied.kind = match &constraint.kind {
                        ConstraintKind::ForeignKey(fk) => {
                            let mut copied_fk = fk.clone();
                            copied_fk.columns = on_copy(&fk.columns);
                            ConstraintKind::ForeignKey(copied_fk)
                        }
                        ConstraintKind::Check { expr } => {
                            ConstraintKind::Check { expr: crate::sqltext::rename_column(expr, column, copy) }
                        }
                        other => other.clone(),
                    };
                    let is_fk = matches!(constraint.kind, ConstraintKind::ForeignKey(_));
                    let drop = format!("{alter} DROP CONSTRAINT IF EXISTS {}", ident(&temp));
                    let mut add = base.clone();
                    let what = if is_fk { "foreign key" } else { "check" };
                    add.summary = format!("add {what} {table}.{temp} on {copy} for {} (not valid)", constraint.name);
                    add.sql = vec![format!("{alter} ADD {} NOT VALID", sql::constraint_definition(&copied))];
                    add.transactional = true;
                    add.lock = Some(if is_fk { "SHARE ROW EXCLUSIVE" } else { ACCESS_EXCLUSIVE });
                    add.rewrites = false;
                    add.scans = false;
                    add.rollback = Some(vec![drop]);
                    add.estimate_ms = self.estimate(table, Work::Catalog);
                    add.hazards.clear();
                    let work = if is_fk { Work::ForeignKeyValidation } else { Work::Scan };
                    let validate =
                        self.validate_step(&add, table, format!("validate constraint {table}.{temp}"), &temp, work);
                    steps.push(add);
                    steps.push(validate);
                    swap.push(format!("{alter} RENAME CONSTRAINT {} TO {}", ident(&temp), ident(&constraint.name)));
                }
            }
        }
        (steps, swap)
    }

    /// Concurrent copies, on `copy`, of the target's indexes on `column` (that
    /// the plan does not create itself), under temporary names; and the
    /// renames that give them their names once the old column (and its
    /// indexes) are gone.
    fn index_copies(&self, table: &QualName, column: &str, copy: &str, base: &Step) -> (Vec<Step>, Vec<String>) {
        let mut builds = Vec::new();
        let mut renames = Vec::new();
        if let Some(target) = self.inputs.to.tables.get(table) {
            for index in target.indexes.values() {
                if !index_columns(index).iter().any(|name| name == column)
                    || self.created_indexes.contains(&(table.clone(), index.name.clone()))
                {
                    continue;
                }
                let temp = temp_name(&index.name, "__godwit_new");
                let mut copied = index.clone();
                copied.name = temp.clone();
                for element in &mut copied.elements {
                    if element.key == IndexKey::Column(column.to_string()) {
                        element.key = IndexKey::Column(copy.to_string());
                    }
                }
                for name in &mut copied.include {
                    if name == column {
                        *name = copy.to_string();
                    }
                }
                let temp_qualified = QualName::new(table.schema.clone(), temp.clone());
                let summary = format!("build index {}.{temp} on {table}.{copy}", table.schema);
                let sql = concurrently(&sql::create_index(table, &copied));
                builds.push(self.concurrent_build(base, table, summary, sql, &temp_qualified));
                renames.push(format!("ALTER INDEX {} RENAME TO {}", qualified(&temp_qualified), ident(&index.name)));
            }
        }

        (builds, renames)
    }

    /// Why a column cannot be renamed by copy (both names working until
    /// contract), if it cannot.
    fn rename_blocker(&self, table: &QualName, from: &str, to: &str) -> Option<String> {
        let old_table = self.old_names.get(table).unwrap_or(table);
        let old = self.inputs.from.tables.get(old_table)?.columns.get(from)?;
        let new = self.inputs.to.tables.get(table)?.columns.get(to)?;
        if old.ty != new.ty || old.collation != new.collation {
            return Some("its type changes too".to_string());
        }
        if let Some(change) = self
            .touched_columns
            .get(&(table.clone(), to.to_string()))
            .or_else(|| self.touched_columns.get(&(table.clone(), from.to_string())))
        {
            return Some(format!("the plan also makes a change that uses it ({change})"));
        }
        if let Some(reason) = self.copy_blocker(table, to, false) {
            return Some(reason);
        }
        if self.inputs.from.sequences.values().any(|sequence| {
            sequence.owned_by.as_ref().is_some_and(|(owner, owned)| owner == old_table && owned == from)
        }) {
            return Some("a sequence is owned by the column".to_string());
        }
        let column_key = ObjectKey::Column(old_table.clone(), from.to_string());
        // Indexes are copied and constraints checked above; a view, trigger
        // or function that PostgreSQL ties to the column would stop the drop.
        if let Some((dependent, _)) = self.inputs.facts.dependencies.iter().find(|(dependent, on)| {
            *on == column_key
                && matches!(dependent, ObjectKey::View(_) | ObjectKey::Trigger(..) | ObjectKey::Function(_))
        }) {
            let what = match dependent {
                ObjectKey::View(name) => format!("view {name}"),
                ObjectKey::Trigger(_, name) => format!("trigger {name}"),
                ObjectKey::Function(key) => format!("function {}", key.name),
                _ => "an object".to_string(),
            };
            return Some(format!("{what} depends on it"));
        }
        for view in self.inputs.from.views.values() {
            if crate::sqltext::identifiers(&view.body)
                .iter()
                .any(|found| found.parts.last().is_some_and(|name| name == from))
            {
                return Some(format!("view {} may use it", view.name));
            }
        }
        if let Some(source) = self.inputs.from.tables.get(old_table) {
            for trigger in source.triggers.values() {
                let listed = trigger
                    .events
                    .iter()
                    .any(|event| matches!(event, crate::ir::TriggerEvent::Update(columns) if columns.iter().any(|name| name == from)));
                if listed || trigger.when.is_some() {
                    return Some(format!("trigger {} names columns", trigger.name));
                }
            }
        }
        None
    }

    /// A declared column rename with both names working between expand and
    /// contract: the new column is added and kept equal to the old one by a
    /// trigger (writes to either name reach both), filled in batches and
    /// indexed like it; contract drops the old column.
    fn rename_column(&self, table: &QualName, from: &str, to: &str, base: Step) -> Recipe {
        let Some(new_column) = self.inputs.to.tables.get(table).and_then(|target| target.columns.get(to)) else {
            return Recipe { effect: EXPAND, steps: vec![(EXPAND, base)] };
        };
        let (function, trigger) = sync_names(table, to);
        let alter = format!("ALTER TABLE {}", qualified(table));
        let (old, new) = (ident(from), ident(to));
        let collate = new_column.collation.as_ref().map(|name| format!(" COLLATE {}", ident(name))).unwrap_or_default();
        let body = format!(
            "
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.{new} IS NULL THEN
            NEW.{new} := NEW.{old};
        ELSE
            NEW.{old} := NEW.{new};
        END IF;
    ELSIF NEW.{new} IS DISTINCT FROM OLD.{new} THEN
        NEW.{old} := NEW.{new};
    ELSE
        NEW.{new} := NEW.{old};
    END IF;
    RETURN NEW;
END
"
        );
        let mut expand = base.clone();
        expand.summary = format!("add column {table}.{to} kept equal to {from} (both names work until contract)");
        expand.sql = vec![format!("{alter} ADD COLUMN {new} {}{collate}", data_type(&new_column.ty))];
        expand.sql.extend(sync_trigger_sql(table, &function, &trigger, &body));
        // The new column mirrors the old one, comment included (a comment
        // change in the plan then applies to it).
        let old_table = self.old_names.get(table).unwrap_or(table);
        if let Some(comment) = self
            .inputs
            .from
            .tables
            .get(old_table)
            .and_then(|source| source.columns.get(from))
            .and_then(|old| old.comment.as_ref())
        {
            expand.sql.push(format!(
                "COMMENT ON COLUMN {}.{new} IS {}",
                qualified(table),
                crate::sql::quote::literal(comment)
            ));
        }
        expand.lock = Some(ACCESS_EXCLUSIVE);
        expand.rollback = Some(vec![
            format!("DROP TRIGGER IF EXISTS {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION IF EXISTS {}()", qualified(&function)),
            format!("{alter} DROP COLUMN IF EXISTS {new}"),
        ]);
        expand.estimate_ms = self.estimate(table, Work::Catalog);
        expand.hazards.clear();
        let mut steps = vec![(EXPAND, expand)];

        let summary = format!("backfill {table}.{to} from {from} in batches");
        let fill = self.backfill_step(
            &base,
            table,
            summary,
            &format!("{new} = {old}"),
            &format!("{new} IS DISTINCT FROM {old}"),
        );
        steps.push((BACKFILL, fill));
        if new_column.not_null {
            for mut step in self.not_null_steps(table, to, &base) {
                step.hazards.retain(|hazard| hazard.code != "may-fail");
                steps.push((BACKFILL, step));
            }
        }
        let (builds, renames) = self.index_copies(table, to, to, &base);
        steps.extend(builds.into_iter().map(|step| (BACKFILL, step)));
        let (constraint_steps, constraint_swaps) = self.constraint_copies(table, to, to, &base);
        steps.extend(constraint_steps.into_iter().map(|step| (BACKFILL, step)));

        let mut drop = base;
        drop.summary = format!("drop the old column {table}.{from} (renamed to {to})");
        drop.sql = vec![
            format!("DROP TRIGGER {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION {}()", qualified(&function)),
            format!("{alter} DROP COLUMN {old}"),
        ];
        drop.sql.extend(renames);
        drop.sql.extend(constraint_swaps);
        if let Some(default) = &new_column.default {
            drop.sql.push(format!("{alter} ALTER COLUMN {new} SET DEFAULT {default}"));
        }
        if let Some(comment) = &new_column.comment {
            drop.sql.push(format!(
                "COMMENT ON COLUMN {}.{new} IS {}",
                qualified(table),
                crate::sql::quote::literal(comment)
            ));
        }
        drop.lock = Some(ACCESS_EXCLUSIVE);
        drop.rollback = None;
        drop.estimate_ms = self.estimate(table, Work::Catalog);
        drop.hazards = vec![
            step_hazard(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "the old name {table}.{from} stops working: deploy code that uses {to} first ({to} is at the end of the column list)"
                ),
                &drop,
            ),
            step_hazard(
                "irreversible",
                HazardSeverity::Info,
                format!("the old column {from} is dropped; {to} holds its values"),
                &drop,
            ),
        ];
        let analyze = analyze_step(&drop, table, to);
        steps.push((CONTRACT, drop));
        steps.push((CONTRACT, analyze));
        Recipe { effect: EXPAND, steps }
    }

    /// A declared table rename: the old name stays usable through a view
    /// until contract.
    fn rename_table(&self, from: &QualName, to: &QualName, base: Step) -> Recipe {
        let mut rename = base.clone();
        rename.sql.push(format!("CREATE VIEW {} AS SELECT * FROM {}", qualified(from), qualified(to)));
        rename.summary = format!("{} (the old name stays as a view until contract)", base.summary);
        rename.rollback = Some(vec![
            format!("DROP VIEW IF EXISTS {}", qualified(from)),
            format!("ALTER TABLE {} RENAME TO {}", qualified(to), ident(&from.name)),
        ]);
        if from.schema != to.schema {
            // A rename across schemas is a move: keep it plain.
            let step = base;
            return Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] };
        }
        let mut drop = base;
        drop.summary = format!("drop view {from} (the old name of table {to})");
        drop.sql = vec![format!("DROP VIEW {}", qualified(from))];
        drop.tables = vec![to.clone()];
        drop.rollback = Some(vec![format!("CREATE VIEW {} AS SELECT * FROM {}", qualified(from), qualified(to))]);
        drop.hazards = vec![step_hazard(
            "breaks-clients",
            HazardSeverity::Info,
            format!("the old name {from} stops working"),
            &drop,
        )];
        Recipe { effect: EXPAND, steps: vec![(EXPAND, rename), (CONTRACT, drop)] }
    }
}

/// A column copied to a new type and swapped in at contract.
#[derive(Clone, Copy)]
struct ColumnCopy<'a> {
    table: &'a QualName,
    column: &'a str,
    from: &'a DataType,
    /// The copy's type (for an enum recreated, the new enum under its
    /// temporary name).
    to: &'a DataType,
    collation: Option<&'a Ident>,
    /// Convert through `text` (enums have no casts between each other).
    via_text: bool,
    /// Leave the target default to a later step (it names a type that is
    /// renamed after the swap).
    default_later: bool,
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

/// `CREATE UNIQUE INDEX CONCURRENTLY name ON table (columns) [NULLS NOT DISTINCT]`.
fn unique_index_sql(name: &str, table: &QualName, columns: &[String], nulls_not_distinct: bool) -> String {
    format!(
        "CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({}){}",
        ident(name),
        qualified(table),
        columns.join(", "),
        if nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" }
    )
}

/// ` DEFERRABLE …` for a constraint definition.
fn deferrable_clause(deferrable: crate::ir::Deferrable) -> &'static str {
    match deferrable {
        crate::ir::Deferrable::NotDeferrable => "",
        crate::ir::Deferrable::Deferrable => " DEFERRABLE",
        crate::ir::Deferrable::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
    }
}

/// The trigger function and trigger that keep a copy of `column` in sync.
fn sync_names(table: &QualName, column: &str) -> (QualName, Ident) {
    let name = temp_name(&format!("{}_{column}", table.name), "__godwit_sync");
    (QualName::new(table.schema.clone(), name.clone()), name)
}

/// A plpgsql trigger function with `body`, run before each row is inserted
/// or updated.
fn sync_trigger_sql(table: &QualName, function: &QualName, trigger: &str, body: &str) -> Vec<String> {
    let tag = sql::dollar_tag(body);
    vec![
        format!("CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {tag}{body}{tag}", qualified(function)),
        format!(
            "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
            ident(trigger),
            qualified(table),
            qualified(function)
        ),
    ]
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

/// `CREATE [UNIQUE] INDEX name …` → `CREATE [UNIQUE] INDEX CONCURRENTLY name …`.
fn concurrently(create_index: &str) -> String {
    create_index.replacen("INDEX ", "INDEX CONCURRENTLY ", 1)
}

/// `base` + `suffix`, shortened to PostgreSQL's 63 bytes by cutting `base`.
fn temp_name(base: &str, suffix: &str) -> String {
    let mut cut = base.len().min(63usize.saturating_sub(suffix.len()));
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &base[..cut])
}

/// A batched update of `table`: a `DO` block that walks the heap in ranges
/// of pages (TID range scans, no index needed) and commits after each batch,
/// so locks are short and progress survives. Rows written meanwhile are kept
/// right by the default or the sync trigger.
fn backfill_sql(table: &QualName, assignment: &str, pending: &str) -> String {
    let name = qualified(table);
    let body = format!(
        "
DECLARE
    last_page bigint := pg_relation_size({regclass}::regclass) / current_setting('block_size')::bigint;
    first_page bigint := 0;
BEGIN
    WHILE first_page <= last_page LOOP
        UPDATE {name} SET {assignment}
        WHERE ctid >= format('(%s,0)', first_page)::tid
          AND ctid < format('(%s,0)', first_page + {BACKFILL_PAGES})::tid
          AND {pending};
        COMMIT;
        first_page := first_page + {BACKFILL_PAGES};
    END LOOP;
END
",
        regclass = crate::sql::quote::literal(&name),
    );
    let tag = sql::dollar_tag(&body);
    format!("DO {tag}{body}{tag}")
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
