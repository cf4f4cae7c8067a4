//! Change set → ordered, phased steps.
//!
//! [`plan`] diffs two catalogs, orders the changes by their dependencies
//! ([`graph`]) and turns each change into a [`Step`]: its SQL (from
//! `sql`), whether it can run in a transaction, the lock it takes and
//! the hazards it carries.
//!
//! Only the direct mode exists so far: one phase, named `direct`, with the
//! plain DDL of each change. The zero-downtime mode will add phases (expand,
//! backfill, contract) and recipes; a [`Plan`] is already a list of phases.
//!
//! **Architecture Invariant:** no I/O.

pub mod graph;
pub mod zero;

pub use crate::hazard::{CODES as HAZARD_CODES, Hazard, HazardSeverity};

use crate::diff::{self, Change, ChangeSet, Sign, is_binary_coercible, tables_of};
use crate::diff::{
    ColumnChange, CommentChange, ConstraintChange, EnumChange, IndexChange, TableChange, TriggerChange, ViewChange,
};
use crate::ir::{Catalog, ConstraintKind, Facts, Meta, ObjectKey, QualName, Span};
use crate::sql;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    pub mode: Mode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Plain DDL in dependency order, for development databases.
    Direct,
    /// Phases (expand, backfill, contract) of safe recipes, for databases in
    /// use ([`zero`]).
    ZeroDowntime,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Direct => "direct",
            Mode::ZeroDowntime => "zero-downtime",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub mode: Mode,
    pub phases: Vec<Phase>,
    /// Hazards that belong to no single step (an ordering cycle, a hint that
    /// names no step's object).
    pub hazards: Vec<Hazard>,
}

impl Plan {
    /// Whether no phase has a step.
    pub fn is_empty(&self) -> bool {
        self.phases.iter().all(|phase| phase.steps.is_empty())
    }

    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.phases.iter().flat_map(|phase| phase.steps.iter())
    }

    /// The plan that undoes phase `index` (its steps' rollbacks in reverse
    /// order, as one phase named `undo <phase>`), or why it cannot be undone:
    /// one line per step without a rollback.
    pub fn phase_rollback(&self, index: usize) -> Result<Plan, Vec<String>> {
        let phase = &self.phases[index];
        let mut steps = Vec::new();
        let mut reasons = Vec::new();
        for step in phase.steps.iter().rev() {
            match &step.rollback {
                Some(sql) if sql.is_empty() => {}
                Some(sql) => steps.push(undo_step(step, sql)),
                None => {
                    let why = step
                        .hazards
                        .iter()
                        .find(|hazard| hazard.code == "irreversible")
                        .map_or_else(|| "it has no rollback".to_string(), |hazard| hazard.message.clone());
                    reasons.push(format!("{}: {why}", step.summary));
                }
            }
        }
        if !reasons.is_empty() {
            reasons.reverse();
            return Err(reasons);
        }
        Ok(Plan {
            mode: self.mode,
            phases: vec![Phase { name: format!("undo {}", phase.name), steps }],
            hazards: Vec::new(),
        })
    }

    /// Every hazard: the plan's, then each step's in order.
    pub fn all_hazards(&self) -> impl Iterator<Item = &Hazard> {
        self.hazards.iter().chain(self.steps().flat_map(|step| step.hazards.iter()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    pub name: String,
    pub steps: Vec<Step>,
}

/// One change, ready to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub summary: String,
    /// Statements without the trailing `;`.
    pub sql: Vec<String>,
    /// Whether the step may run inside a transaction with other steps.
    pub transactional: bool,
    /// The tables the step locks, by their name when it runs.
    pub tables: Vec<QualName>,
    pub hazards: Vec<Hazard>,
    pub object: Option<ObjectKey>,
    /// Where the object is defined in the target schema files.
    pub span: Option<Span>,
    pub sign: Sign,
    /// The strongest table lock the step takes, a static guess; `None` when it
    /// locks no existing table.
    pub lock: Option<&'static str>,
    /// Whether the step rewrites a table.
    pub rewrites: bool,
    /// Whether the step reads a whole table.
    pub scans: bool,
    /// Statements that undo the step (run in reverse step order), or `None`
    /// when it cannot be undone (an `irreversible` hazard says why).
    pub rollback: Option<Vec<String>>,
    /// Estimated run time in milliseconds from the table's `pg_class`
    /// statistics; `None` when the size is unknown (schema files, never
    /// analyzed).
    pub estimate_ms: Option<u64>,
    /// Whether the step runs long by design (index builds, validation,
    /// backfills): `apply` lifts its `statement_timeout`.
    pub long_running: bool,
    /// The index a `CREATE INDEX CONCURRENTLY` step builds: a failed build
    /// leaves it invalid, and `apply` drops such a leftover before building
    /// (again).
    pub builds_index: Option<QualName>,
    /// A query counting the existing rows that would make the step fail
    /// (for its `may-fail` hazard); run against a live source to say how
    /// many rows fail now.
    pub violations_sql: Option<String>,
}

/// The schema a rollback of `phase` must give back: `before` (the schema
/// before the phase), except that the enum labels the phase added stay, as
/// they are in `after` (PostgreSQL cannot remove a label; unused, it is
/// harmless).
pub fn kept_by_rollback(phase: &Phase, before: &Catalog, after: &Catalog) -> Catalog {
    let mut res = before.clone();
    for step in &phase.steps {
        if let Some(ObjectKey::Enum(name)) = &step.object
            && step.sql.iter().any(|statement| statement.contains(" ADD VALUE "))
            && let (Some(kept), Some(added)) = (res.enums.get_mut(name), after.enums.get(name))
        {
            kept.labels = added.labels.clone();
        }
    }
    res
}

/// The step that runs `sql`, the rollback of `step`: it takes the same
/// locks and runs in a transaction when `step` does (the undo of a
/// concurrent index build is a concurrent drop, and the reverse).
fn undo_step(step: &Step, sql: &[String]) -> Step {
    let rebuilds = sql.iter().any(|statement| statement.contains(" INDEX CONCURRENTLY "))
        && sql.iter().any(|statement| statement.starts_with("CREATE "));
    Step {
        summary: format!("undo: {}", step.summary),
        sql: sql.to_vec(),
        transactional: step.transactional,
        tables: step.tables.clone(),
        hazards: Vec::new(),
        object: step.object.clone(),
        span: None,
        sign: step.sign,
        lock: step.lock,
        rewrites: step.rewrites,
        scans: step.scans,
        rollback: Some(step.sql.clone()),
        estimate_ms: step.estimate_ms,
        long_running: step.long_running || rebuilds,
        builds_index: match (&step.object, rebuilds) {
            (Some(ObjectKey::Index(table, name)), true) => Some(QualName::new(table.schema.clone(), name.clone())),
            _ => None,
        },
        violations_sql: None,
    }
}

/// The plan that turns `from` into `to`.
pub fn plan(from: &Catalog, to: &Catalog, to_meta: &Meta, options: &PlanOptions) -> Plan {
    plan_with_facts(from, &Facts::default(), to, to_meta, options)
}

/// The plan that turns `from` into `to`, knowing what PostgreSQL records
/// about `from` (a live source: dependencies, table statistics).
pub fn plan_with_facts(
    from: &Catalog,
    from_facts: &Facts,
    to: &Catalog,
    to_meta: &Meta,
    options: &PlanOptions,
) -> Plan {
    let change_set = diff::diff_with_facts(from, from_facts, to, to_meta);
    plan_changes(from, from_facts, to, to_meta, change_set, options)
}

/// The plan of an already computed change set.
pub fn plan_changes(
    from: &Catalog,
    from_facts: &Facts,
    to: &Catalog,
    to_meta: &Meta,
    change_set: ChangeSet,
    options: &PlanOptions,
) -> Plan {
    let ChangeSet { changes, hazards: set_hazards } = change_set;
    let dependencies = graph::dependency_graph(from, from_facts, to, &changes);
    let (order, cycle_hazards) = graph::order(&changes, &dependencies);
    let renamed = Renamed::of(&changes);

    let mut phases = match options.mode {
        Mode::Direct => {
            vec![Phase {
                name: "direct".to_string(),
                steps: order.iter().map(|&idx| step(&changes[idx], from, to_meta, &renamed)).collect(),
            }]
        }
        Mode::ZeroDowntime => {
            let inputs = zero::Inputs { from, facts: from_facts, to };
            zero::phases(&changes, &order, &dependencies, &inputs, |change| step(change, from, to_meta, &renamed))
        }
    };
    for step in phases.iter_mut().flat_map(|phase| phase.steps.iter_mut()) {
        for hazard in &mut step.hazards {
            if hazard.span.is_none() {
                hazard.span = step.span;
            }
        }
    }
    let mut plan_hazards = Vec::new();
    for mut hazard in cycle_hazards {
        hazard.span = hazard.object.as_ref().and_then(|key| span_of(to_meta, key));
        plan_hazards.push(hazard);
    }
    // A hazard about several changes goes to the first step on its object.
    for hazard in set_hazards {
        match phases
            .iter_mut()
            .flat_map(|phase| phase.steps.iter_mut())
            .find(|step| hazard.object.is_some() && step.object == hazard.object)
        {
            Some(step) => step.hazards.push(hazard),
            None => plan_hazards.push(hazard),
        }
    }
    Plan { mode: options.mode, phases, hazards: plan_hazards }
}

/// The dependency edges of the plan from `from` to `to`, as (before, after)
/// pairs of change summaries: every one must hold in the plan's order.
pub fn dependency_edges(from: &Catalog, to: &Catalog, to_meta: &Meta) -> Vec<(String, String)> {
    let change_set = diff::diff(from, to, to_meta);
    let dependencies = graph::dependency_graph(from, &Facts::default(), to, &change_set.changes);
    dependencies
        .raw_edges()
        .iter()
        .map(|edge| {
            let before = &change_set.changes[dependencies[edge.source()]];
            let after = &change_set.changes[dependencies[edge.target()]];
            (before.summary(), after.summary())
        })
        .collect()
}

/// The tables and columns a plan renames: a drop that runs after the renames
/// (`graph` orders it so) is undone with the new names.
#[derive(Default)]
struct Renamed {
    tables: indexmap::IndexMap<QualName, QualName>,
    /// (table by its new name, old column) → new column.
    columns: indexmap::IndexMap<(QualName, crate::ir::Ident), crate::ir::Ident>,
}

impl Renamed {
    fn of(changes: &[Change]) -> Renamed {
        let mut res = Renamed::default();
        for change in changes {
            match change {
                Change::Table(TableChange::RenameTable { from, to }) => {
                    res.tables.insert(from.clone(), to.clone());
                }
                Change::Column(ColumnChange::RenameColumn { table, from, to }) => {
                    res.columns.insert((table.clone(), from.clone()), to.clone());
                }
                _ => {}
            }
        }
        res
    }

    fn column(&self, table: &QualName, column: &str) -> crate::ir::Ident {
        self.columns.get(&(table.clone(), column.to_string())).cloned().unwrap_or_else(|| column.to_string())
    }

    fn columns(&self, table: &QualName, columns: &[crate::ir::Ident]) -> Vec<crate::ir::Ident> {
        columns.iter().map(|column| self.column(table, column)).collect()
    }

    /// A drop of an index, constraint or trigger with its definition in the
    /// new names (check expressions and trigger conditions stay as written).
    fn in_new_names(&self, change: &Change) -> Change {
        let mut res = change.clone();
        match &mut res {
            Change::Index(IndexChange::DropIndex { table, index }) => {
                for element in &mut index.elements {
                    if let crate::ir::IndexKey::Column(column) = &mut element.key {
                        *column = self.column(table, column);
                    }
                }
                index.include = self.columns(table, &index.include);
            }
            Change::Constraint(ConstraintChange::DropConstraint { table, constraint }) => match &mut constraint.kind {
                ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                    *columns = self.columns(table, columns);
                }
                ConstraintKind::ForeignKey(fk) => {
                    fk.columns = self.columns(table, &fk.columns);
                    if let Some(new) = self.tables.get(&fk.ref_table) {
                        fk.ref_table = new.clone();
                    }
                    fk.ref_columns = self.columns(&fk.ref_table, &fk.ref_columns);
                }
                ConstraintKind::Check { .. } => {}
            },
            Change::Trigger(TriggerChange::DropTrigger { table, trigger }) => {
                for event in &mut trigger.events {
                    if let crate::ir::TriggerEvent::Update(columns) = event {
                        *columns = self.columns(table, columns);
                    }
                }
            }
            _ => {}
        }
        res
    }
}

fn step(change: &Change, from: &Catalog, meta: &Meta, renamed: &Renamed) -> Step {
    let object = change.object();
    let span = object.as_ref().and_then(|key| span_of(meta, key));
    let mut hazards: Vec<Hazard> = change
        .hazards()
        .into_iter()
        .map(|mut hazard| {
            hazard.span = hazard.object.as_ref().and_then(|key| span_of(meta, key));
            hazard
        })
        .collect();
    let rewrites = rewrites(change);
    let rollback = match renamed.in_new_names(change).undo() {
        Ok(mut changes) => {
            changes.extend(restored_privileges(from, change, renamed));
            Some(changes.iter().flat_map(sql::statements).collect())
        }
        Err(reason) => {
            if !hazards.iter().any(|hazard: &Hazard| hazard.code == "irreversible") {
                hazards.push(Hazard {
                    code: "irreversible",
                    severity: HazardSeverity::Info,
                    message: format!("no rollback: {reason}"),
                    object: object.clone(),
                    span,
                });
            }
            None
        }
    };
    Step {
        summary: change.summary(),
        sql: sql::statements(change),
        // `ALTER TYPE … ADD VALUE` may run in a transaction since PostgreSQL 12,
        // but the new label cannot be used before that transaction commits. A
        // default or check using it later in the same plan would fail, so the
        // step runs on its own, outside the plan's transaction, and is ordered
        // first (see `graph::rank`).
        transactional: !matches!(change, Change::Enum(EnumChange::AddEnumValue { .. })),
        tables: tables_of(change),
        hazards,
        object,
        span,
        sign: change.sign(),
        lock: lock(change),
        rewrites,
        scans: rewrites || scans(change),
        rollback,
        estimate_ms: None,
        long_running: false,
        builds_index: None,
        violations_sql: violations_sql(change),
    }
}

/// What the undo of a drop gives the object it creates again: the
/// privileges and owner the source held on it (a new object starts from
/// PostgreSQL's defaults).
fn restored_privileges(from: &Catalog, change: &Change, renamed: &Renamed) -> Vec<Change> {
    use crate::ir::GrantTarget;
    let old_table = |table: &QualName| {
        renamed.tables.iter().find(|(_, new)| *new == table).map_or_else(|| table.clone(), |(old, _)| old.clone())
    };
    let (targets, table) = match change {
        Change::Table(TableChange::DropTable(table)) => {
            let mut targets = vec![GrantTarget::Table(table.name.clone())];
            for privilege in &from.privileges {
                if let GrantTarget::Sequence(name) = &privilege.on
                    && diff::identity_sequence_column(from, name).is_some_and(|(owner, _)| owner == table.name)
                    && !targets.contains(&privilege.on)
                {
                    targets.push(privilege.on.clone());
                }
            }
            (targets, None)
        }
        Change::Column(ColumnChange::DropColumn { table, column }) => {
            (vec![GrantTarget::Column(old_table(table), column.name.clone())], Some((old_table(table), table.clone())))
        }
        Change::View(ViewChange::DropView(view)) => (vec![GrantTarget::Table(view.name.clone())], None),
        Change::Sequence(crate::diff::SequenceChange::DropSequence(sequence)) => {
            (vec![GrantTarget::Sequence(sequence.name.clone())], None)
        }
        Change::Function(crate::diff::FunctionChange::DropFunction(function)) => {
            (vec![GrantTarget::Function(function.key())], None)
        }
        Change::Enum(EnumChange::DropEnum(it)) => (vec![GrantTarget::Type(it.name.clone())], None),
        Change::Enum(EnumChange::RecreateEnum { name, .. }) => (vec![GrantTarget::Type(name.clone())], None),
        Change::Domain(crate::diff::DomainChange::DropDomain(it)) => (vec![GrantTarget::Type(it.name.clone())], None),
        Change::Schema(crate::diff::SchemaChange::DropSchema(it)) => {
            let mut res = diff::restore(from, &[GrantTarget::Schema(it.name.clone())], |target| target.clone());
            res.extend(diff::restore_default_privileges(from, &it.name));
            return res;
        }
        Change::Object(crate::diff::ObjectChange::DropObject(it)) => (vec![GrantTarget::Object(it.id.clone())], None),
        _ => return Vec::new(),
    };
    diff::restore(from, &targets, |target| match (target, &table) {
        (GrantTarget::Column(old, column), Some((from_name, to_name))) if old == from_name => {
            GrantTarget::Column(to_name.clone(), column.clone())
        }
        (other, _) => other.clone(),
    })
}

/// A query counting the rows that would make `change` fail, for changes with
/// a `may-fail` hazard on existing rows.
fn violations_sql(change: &Change) -> Option<String> {
    use crate::sql::quote::{ident, qualified};
    let list = |columns: &[String]| columns.iter().map(|column| ident(column)).collect::<Vec<_>>().join(", ");
    match change {
        Change::Column(ColumnChange::SetNotNull { table, column }) => {
            Some(format!("SELECT count(*) FROM {} WHERE {} IS NULL", qualified(table), ident(column)))
        }
        Change::Column(ColumnChange::AddColumn { table, column, backfill: None, .. })
            if column.not_null
                && column.default.is_none()
                && column.identity.is_none()
                && column.generated.is_none() =>
        {
            Some(format!("SELECT count(*) FROM {}", qualified(table)))
        }
        Change::Constraint(ConstraintChange::AddConstraint { table, constraint, table_is_new: false }) => {
            match &constraint.kind {
                ConstraintKind::Check { expr } => {
                    Some(format!("SELECT count(*) FROM {} WHERE NOT ({expr})", qualified(table)))
                }
                ConstraintKind::ForeignKey(fk) => {
                    let present: Vec<String> =
                        fk.columns.iter().map(|column| format!("c.{} IS NOT NULL", ident(column))).collect();
                    let joined: Vec<String> = fk
                        .columns
                        .iter()
                        .zip(&fk.ref_columns)
                        .map(|(column, referenced)| format!("r.{} = c.{}", ident(referenced), ident(column)))
                        .collect();
                    Some(format!(
                        "SELECT count(*) FROM {} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} r WHERE {})",
                        qualified(table),
                        present.join(" AND "),
                        qualified(&fk.ref_table),
                        joined.join(" AND ")
                    ))
                }
                ConstraintKind::Unique { columns, .. } | ConstraintKind::PrimaryKey { columns } => Some(format!(
                    "SELECT coalesce(sum(n), 0)::bigint FROM (SELECT count(*) AS n FROM {} GROUP BY {} HAVING count(*) > 1) d",
                    qualified(table),
                    list(columns)
                )),
            }
        }
        _ => None,
    }
}

/// The span of an object, or of its table when the object has none.
fn span_of(meta: &Meta, key: &ObjectKey) -> Option<Span> {
    meta.span(key).or_else(|| match key {
        ObjectKey::Column(table, _)
        | ObjectKey::Constraint(table, _)
        | ObjectKey::Index(table, _)
        | ObjectKey::Trigger(table, _) => meta.span(&ObjectKey::Table(table.clone())),
        _ => None,
    })
}

const ACCESS_EXCLUSIVE: &str = "ACCESS EXCLUSIVE";

/// The strongest lock a change takes on an existing table: a static guess
/// from the statement kind.
fn lock(change: &Change) -> Option<&'static str> {
    match change {
        Change::Table(TableChange::CreateTable(table)) if table.partition_of.is_some() => Some(ACCESS_EXCLUSIVE),
        Change::Table(TableChange::DropTable(_))
        | Change::Table(TableChange::RenameTable { .. })
        | Change::Table(TableChange::SetTableLogged { .. })
        | Change::Table(TableChange::SetRowSecurity { .. })
        | Change::Table(TableChange::SetReplicaIdentity { .. })
        | Change::Policy(_)
        | Change::Column(ColumnChange::AddColumn { .. })
        | Change::Column(ColumnChange::DropColumn { .. })
        | Change::Column(ColumnChange::RenameColumn { .. })
        | Change::Column(ColumnChange::AlterColumnType { .. })
        | Change::Column(ColumnChange::SetNotNull { .. })
        | Change::Column(ColumnChange::DropNotNull { .. })
        | Change::Column(ColumnChange::SetDefault { .. })
        | Change::Column(ColumnChange::DropDefault { .. })
        | Change::Column(ColumnChange::DropGenerated { .. })
        | Change::Column(ColumnChange::AddIdentity { .. })
        | Change::Column(ColumnChange::DropIdentity { .. })
        | Change::Column(ColumnChange::AlterIdentity { .. })
        | Change::Constraint(ConstraintChange::DropConstraint { .. })
        | Change::Constraint(ConstraintChange::RenameConstraint { .. })
        | Change::Index(IndexChange::DropIndex { .. })
        | Change::View(ViewChange::DropView(_))
        | Change::View(ViewChange::RenameView { .. })
        | Change::Trigger(TriggerChange::DropTrigger { .. })
        | Change::Enum(EnumChange::RecreateEnum { .. }) => Some(ACCESS_EXCLUSIVE),
        // `ALTER TABLE … OWNER TO` takes ACCESS EXCLUSIVE, briefly.
        Change::Privilege(crate::diff::PrivilegeChange::SetOwner { fresh: false, .. })
            if !tables_of(change).is_empty() =>
        {
            Some(ACCESS_EXCLUSIVE)
        }
        Change::Constraint(ConstraintChange::AddConstraint { constraint, table_is_new, .. }) => {
            match &constraint.kind {
                ConstraintKind::ForeignKey(_) => Some("SHARE ROW EXCLUSIVE"),
                _ if *table_is_new => None,
                _ => Some(ACCESS_EXCLUSIVE),
            }
        }
        Change::Index(IndexChange::CreateIndex { .. }) => Some("SHARE"),
        Change::Index(IndexChange::RenameIndex { .. }) => Some("SHARE UPDATE EXCLUSIVE"),
        Change::Trigger(TriggerChange::CreateTrigger { .. }) => Some("SHARE ROW EXCLUSIVE"),
        Change::Comment(CommentChange::SetComment { .. }) if !tables_of(change).is_empty() => {
            Some("SHARE UPDATE EXCLUSIVE")
        }
        _ => None,
    }
}

/// Whether a change rewrites a table (a static guess).
fn rewrites(change: &Change) -> bool {
    match change {
        Change::Column(ColumnChange::AlterColumnType { from, to, using, .. }) => {
            using.is_some() || !is_binary_coercible(from, to)
        }
        Change::Table(TableChange::SetTableLogged { .. }) | Change::Enum(EnumChange::RecreateEnum { .. }) => true,
        Change::Column(ColumnChange::AddColumn { column, .. }) => {
            column.generated.is_some() || column.identity.is_some()
        }
        _ => false,
    }
}

/// Whether a change reads a whole table without rewriting it.
fn scans(change: &Change) -> bool {
    match change {
        Change::Column(ColumnChange::SetNotNull { .. }) | Change::Index(IndexChange::CreateIndex { .. }) => true,
        Change::Constraint(ConstraintChange::AddConstraint { table_is_new, .. }) => !table_is_new,
        _ => false,
    }
}

#[cfg(test)]
mod tests;

/// The plan that undoes `plan(from, to, meta)` in direct mode: the plan from
/// `to` back to `from`, with every declared rename reversed.
pub fn rollback_plan(from: &Catalog, to: &Catalog, to_meta: &Meta, options: &PlanOptions) -> Plan {
    rollback_plan_with_facts(from, to, &Facts::default(), to_meta, options)
}

/// [`rollback_plan`], knowing what PostgreSQL records about `to` (the
/// schema the rollback starts from).
pub fn rollback_plan_with_facts(
    from: &Catalog,
    to: &Catalog,
    to_facts: &Facts,
    to_meta: &Meta,
    options: &PlanOptions,
) -> Plan {
    let mut reversed = Meta::default();
    for (new_key, old) in &to_meta.renamed_from {
        let (old_key, new_name) = match (new_key, old) {
            (ObjectKey::Table(new), crate::ir::RenamedFrom::Qualified(old)) => {
                (ObjectKey::Table(old.clone()), crate::ir::RenamedFrom::Qualified(new.clone()))
            }
            (ObjectKey::View(new), crate::ir::RenamedFrom::Qualified(old)) => {
                (ObjectKey::View(old.clone()), crate::ir::RenamedFrom::Qualified(new.clone()))
            }
            (ObjectKey::Enum(new), crate::ir::RenamedFrom::Qualified(old)) => {
                (ObjectKey::Enum(old.clone()), crate::ir::RenamedFrom::Qualified(new.clone()))
            }
            (ObjectKey::Column(table, new), crate::ir::RenamedFrom::Local(old)) => (
                ObjectKey::Column(old_table_name(to_meta, table), old.clone()),
                crate::ir::RenamedFrom::Local(new.clone()),
            ),
            (ObjectKey::Index(table, new), crate::ir::RenamedFrom::Local(old)) => (
                ObjectKey::Index(old_table_name(to_meta, table), old.clone()),
                crate::ir::RenamedFrom::Local(new.clone()),
            ),
            (ObjectKey::Constraint(table, new), crate::ir::RenamedFrom::Local(old)) => (
                ObjectKey::Constraint(old_table_name(to_meta, table), old.clone()),
                crate::ir::RenamedFrom::Local(new.clone()),
            ),
            _ => continue,
        };
        reversed.renamed_from.insert(old_key, new_name);
    }
    plan_with_facts(to, to_facts, from, &reversed, options)
}

/// The name `table` had before the plan (it may be renamed itself).
fn old_table_name(meta: &Meta, table: &QualName) -> QualName {
    match meta.renamed_from.get(&ObjectKey::Table(table.clone())) {
        Some(crate::ir::RenamedFrom::Qualified(old)) => old.clone(),
        _ => table.clone(),
    }
}
