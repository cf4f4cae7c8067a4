//! The order of a change set: every change is a node, every real dependency an
//! edge, and Kahn's algorithm with a min-heap tie-break gives one deterministic
//! order.
//!
//! Dependencies are found through *resources*, the names a change needs or
//! affects:
//!
//! - a change `provides` resources in the target schema (a created table, a
//!   renamed column's new name) and `requires` others there; a provider runs
//!   before every change requiring what it provides;
//! - a change `removes` resources of the source schema (a dropped column, a
//!   column whose type changes) and `releases` the ones it no longer depends
//!   on (a dropped foreign key releases the referenced key); a releaser runs
//!   before every change removing what it releases, which makes drops run in
//!   reverse dependency order;
//! - a change `frees` a name (drop, rename); it runs before a change
//!   providing that name again (drop and re-create, swap of names).
//!
//! Resources of the source schema are named canonically: by their name in
//! the target when they survive a rename, by their old name when they go.

use super::{Hazard, HazardSeverity};
use crate::diff::scan::Lookup;
use crate::diff::{
    Change, CommentTarget, EnumPosition, constraint_columns, index_columns, leading_name, unique_index_columns,
};
use crate::diff::{
    ColumnChange, CommentChange, CompositeChange, ConstraintChange, DomainChange, EnumChange, ExtensionChange,
    FunctionChange, IndexChange, ObjectChange, PolicyChange, PrivilegeChange, SchemaChange, SequenceChange,
    TableChange, TriggerChange, ViewChange,
};
use crate::ir::{
    BaseType, Catalog, Column, ConstraintKind, DataType, Facts, Function, GrantTarget, Ident, ObjectId, ObjectKey,
    QualName, ReplicaIdentity, WholeKind,
};
use indexmap::{IndexMap, IndexSet};
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The dependency graph of a list of changes: node weights are indexes into
/// the list, and an edge runs from a change to one that must come after it.
///
/// `from_facts` are the dependencies PostgreSQL records in `from` (empty for
/// schema files): a view or function dropped releases what they tie it to.
pub fn dependency_graph(from: &Catalog, from_facts: &Facts, to: &Catalog, changes: &[Change]) -> DiGraph<usize, ()> {
    let ctx = Ctx::new(from, from_facts, to, changes);
    let deps: Vec<Deps> = changes.iter().map(|change| ctx.deps(change)).collect();

    let mut providers: IndexMap<&Res, Vec<usize>> = IndexMap::new();
    let mut removers: IndexMap<&Res, Vec<usize>> = IndexMap::new();
    let mut freers: IndexMap<&Res, Vec<usize>> = IndexMap::new();
    for (idx, dep) in deps.iter().enumerate() {
        for res in &dep.provides {
            providers.entry(res).or_default().push(idx);
        }
        for res in &dep.removes {
            removers.entry(res).or_default().push(idx);
        }
        for res in &dep.frees {
            freers.entry(res).or_default().push(idx);
        }
    }

    let mut edges: IndexSet<(usize, usize)> = IndexSet::new();
    let mut add = |before: usize, after: usize| {
        if before != after {
            edges.insert((before, after));
        }
    };
    for (idx, dep) in deps.iter().enumerate() {
        for res in &dep.requires {
            for &provider in providers.get(res).into_iter().flatten() {
                add(provider, idx);
            }
        }
        for res in &dep.releases {
            for &remover in removers.get(res).into_iter().flatten() {
                add(idx, remover);
            }
        }
        for res in &dep.provides {
            for &freer in freers.get(res).into_iter().flatten() {
                add(freer, idx);
            }
        }
    }

    // Extensions bring types, operators and functions that the other objects
    // may use: create them before, drop them after.
    let created_extensions: Vec<usize> = changes
        .iter()
        .enumerate()
        .filter(|(_, change)| matches!(change, Change::Extension(ExtensionChange::CreateExtension(_))))
        .map(|it| it.0)
        .collect();
    let dropped_extensions: Vec<usize> = changes
        .iter()
        .enumerate()
        .filter(|(_, change)| matches!(change, Change::Extension(ExtensionChange::DropExtension(_))))
        .map(|it| it.0)
        .collect();
    if !created_extensions.is_empty() || !dropped_extensions.is_empty() {
        for (idx, change) in changes.iter().enumerate() {
            if uses_extension_objects(change) {
                for &extension in &created_extensions {
                    add(extension, idx);
                }
            }
            if releases_extension_objects(change) {
                for &extension in &dropped_extensions {
                    add(idx, extension);
                }
            }
        }
    }

    let mut graph = DiGraph::with_capacity(changes.len(), edges.len());
    for idx in 0..changes.len() {
        graph.add_node(idx);
    }
    for (before, after) in edges {
        graph.add_edge(NodeIndex::new(before), NodeIndex::new(after), ());
    }
    graph
}

/// The changes in an order that respects every edge of `graph`, ties broken
/// by (kind rank, object name, position in the list). A cycle is broken at its
/// smallest node, with a `dependency-cycle` hazard.
pub fn order(changes: &[Change], graph: &DiGraph<usize, ()>) -> (Vec<usize>, Vec<Hazard>) {
    let keys: Vec<(u8, String, usize)> =
        changes.iter().enumerate().map(|(idx, change)| (rank(change), sort_name(change), idx)).collect();
    let mut indegree: Vec<usize> = (0..changes.len())
        .map(|idx| graph.neighbors_directed(NodeIndex::new(idx), Direction::Incoming).count())
        .collect();
    let mut heap: BinaryHeap<Reverse<&(u8, String, usize)>> = BinaryHeap::new();
    for (idx, key) in keys.iter().enumerate() {
        if indegree[idx] == 0 {
            heap.push(Reverse(key));
        }
    }
    let mut done = vec![false; changes.len()];
    let mut res = Vec::with_capacity(changes.len());
    let mut hazards = Vec::new();
    while res.len() < changes.len() {
        let idx = match heap.pop() {
            Some(Reverse(key)) => key.2,
            None => {
                // A cycle: take the smallest waiting change anyway.
                let Some(idx) = keys.iter().filter(|key| !done[key.2]).min().map(|key| key.2) else { break };
                let waiting: Vec<String> = graph
                    .neighbors_directed(NodeIndex::new(idx), Direction::Incoming)
                    .filter(|before| !done[before.index()])
                    .map(|before| changes[before.index()].summary())
                    .collect();
                hazards.push(Hazard {
                    code: "dependency-cycle",
                    severity: HazardSeverity::Error,
                    message: format!(
                        "the changes depend on each other in a cycle; \"{}\" runs before \"{}\" although it depends on it",
                        changes[idx].summary(),
                        waiting.join("\", \"")
                    ),
                    object: changes[idx].object(),
                    span: None,
                });
                idx
            }
        };
        if done[idx] {
            continue;
        }
        done[idx] = true;
        res.push(idx);
        for after in graph.neighbors_directed(NodeIndex::new(idx), Direction::Outgoing) {
            let after = after.index();
            if done[after] {
                continue;
            }
            indegree[after] = indegree[after].saturating_sub(1);
            if indegree[after] == 0 {
                heap.push(Reverse(&keys[after]));
            }
        }
    }
    (res, hazards)
}

/// The tie-break rank of a change: drops (dependents first), then creates
/// (dependencies first), comments last.
fn rank(change: &Change) -> u8 {
    match change {
        // `ADD VALUE` is committed on its own, before everything else.
        Change::Enum(EnumChange::AddEnumValue { .. }) => 0,
        Change::Trigger(TriggerChange::DropTrigger { .. }) => 1,
        Change::View(ViewChange::DropView(_)) => 2,
        Change::Constraint(ConstraintChange::DropConstraint { constraint, .. })
            if matches!(constraint.kind, ConstraintKind::ForeignKey(_)) =>
        {
            3
        }
        Change::Constraint(ConstraintChange::DropConstraint { .. }) => 4,
        Change::Index(IndexChange::DropIndex { .. }) => 5,
        Change::Column(ColumnChange::DropDefault { .. })
        | Change::Column(ColumnChange::DropNotNull { .. })
        | Change::Column(ColumnChange::DropIdentity { .. }) => 6,
        Change::Column(ColumnChange::DropGenerated { .. }) => 6,
        Change::Column(ColumnChange::DropColumn { .. }) => 7,
        Change::Table(TableChange::DropTable(_)) => 8,
        Change::Function(FunctionChange::DropFunction(_)) => 9,
        Change::Sequence(SequenceChange::DropSequence(_)) => 10,
        Change::Domain(DomainChange::DropDomainConstraint { .. }) => 11,
        Change::Domain(DomainChange::DropDomain(_)) => 12,
        Change::Enum(EnumChange::DropEnum(_)) => 13,
        Change::Extension(ExtensionChange::DropExtension(_)) => 14,
        Change::Schema(SchemaChange::DropSchema(_)) => 15,
        Change::Schema(SchemaChange::CreateSchema(_)) => 20,
        Change::Extension(ExtensionChange::CreateExtension(_))
        | Change::Extension(ExtensionChange::SetExtensionSchema { .. }) => 21,
        Change::Enum(EnumChange::CreateEnum(_))
        | Change::Enum(EnumChange::RenameEnum { .. })
        | Change::Enum(EnumChange::RecreateEnum { .. }) => 22,
        Change::Domain(DomainChange::CreateDomain(_))
        | Change::Domain(DomainChange::SetDomainDefault { .. })
        | Change::Domain(DomainChange::SetDomainNotNull { .. })
        | Change::Domain(DomainChange::AddDomainConstraint { .. }) => 23,
        Change::Sequence(SequenceChange::CreateSequence(_))
        | Change::Sequence(SequenceChange::AlterSequence { .. }) => 24,
        Change::Table(TableChange::CreateTable(_))
        | Change::Table(TableChange::RenameTable { .. })
        | Change::Table(TableChange::SetTableLogged { .. }) => 25,
        Change::Column(ColumnChange::RenameColumn { .. }) => 26,
        Change::Column(ColumnChange::AddColumn { .. }) | Change::Column(ColumnChange::AlterColumnType { .. }) => 27,
        Change::Column(ColumnChange::SetNotNull { .. })
        | Change::Column(ColumnChange::SetDefault { .. })
        | Change::Column(ColumnChange::AddIdentity { .. })
        | Change::Column(ColumnChange::AlterIdentity { .. }) => 28,
        Change::Constraint(ConstraintChange::RenameConstraint { .. }) => 29,
        Change::Constraint(ConstraintChange::AddConstraint { constraint, .. })
            if !matches!(constraint.kind, ConstraintKind::ForeignKey(_)) =>
        {
            29
        }
        Change::Index(IndexChange::RenameIndex { .. }) | Change::Index(IndexChange::CreateIndex { .. }) => 30,
        Change::Constraint(ConstraintChange::AddConstraint { .. }) => 31,
        Change::Sequence(SequenceChange::SetSequenceOwner { .. }) => 32,
        Change::Function(FunctionChange::CreateFunction(_))
        | Change::Function(FunctionChange::ReplaceFunction { .. }) => 33,
        Change::View(ViewChange::CreateView(_)) | Change::View(ViewChange::RenameView { .. }) => 34,
        Change::View(ViewChange::SetViewDefault { .. }) => 35,
        Change::Trigger(TriggerChange::CreateTrigger { .. }) => 35,
        Change::Comment(CommentChange::SetComment { .. }) => 36,
        Change::Object(ObjectChange::DropObject(_)) => 1,
        Change::Object(ObjectChange::CreateObject(_)) => 34,
        Change::Policy(PolicyChange::DropPolicy { .. }) => 1,
        Change::Table(TableChange::SetRowSecurity { enabled: false, .. }) => 1,
        Change::Policy(PolicyChange::RenamePolicy { .. }) => 29,
        Change::Policy(PolicyChange::CreatePolicy { .. } | PolicyChange::AlterPolicy { .. }) => 35,
        Change::Table(TableChange::SetRowSecurity { .. } | TableChange::SetReplicaIdentity { .. }) => 35,
        Change::Composite(CompositeChange::DropComposite(_)) => 13,
        Change::Composite(CompositeChange::DropAttribute { .. }) => 12,
        Change::Composite(CompositeChange::CreateComposite(_)) => 22,
        Change::Composite(CompositeChange::AddAttribute { .. } | CompositeChange::AlterAttribute { .. }) => 22,
        // Privileges: taken away early, given late (after what they are on).
        Change::Privilege(change) if change.takes_away() => 1,
        Change::Privilege(PrivilegeChange::RemoveDefaultPrivileges(_)) => 38,
        Change::Privilege(PrivilegeChange::AddDefaultPrivileges(_)) => 39,
        Change::Privilege(_) => 37,
    }
}

fn sort_name(change: &Change) -> String {
    match change.object() {
        Some(ObjectKey::Extension(name) | ObjectKey::Schema(name)) => name,
        Some(
            ObjectKey::Enum(name)
            | ObjectKey::Domain(name)
            | ObjectKey::Composite(name)
            | ObjectKey::Sequence(name)
            | ObjectKey::Table(name)
            | ObjectKey::View(name),
        ) => name.to_string(),
        Some(
            ObjectKey::Column(table, name)
            | ObjectKey::Constraint(table, name)
            | ObjectKey::Index(table, name)
            | ObjectKey::Trigger(table, name)
            | ObjectKey::Policy(table, name),
        ) => format!("{table}.{name}"),
        Some(ObjectKey::Function(key)) => key.to_string(),
        Some(ObjectKey::Object(id)) => id.to_string(),
        // Grants on one relation keep their order (the order of its ACL).
        Some(ObjectKey::Privilege(target, ..) | ObjectKey::Owner(target)) => target.relation().to_string(),
        Some(ObjectKey::DefaultPrivilege(role, schema, objects, ..)) => {
            format!("{role} {} {}", schema.unwrap_or_default(), objects.word())
        }
        None => String::new(),
    }
}

fn uses_extension_objects(change: &Change) -> bool {
    matches!(
        change,
        Change::Domain(DomainChange::CreateDomain(_))
            | Change::Domain(DomainChange::SetDomainDefault { .. })
            | Change::Domain(DomainChange::AddDomainConstraint { .. })
            | Change::Table(TableChange::CreateTable(_))
            | Change::Column(ColumnChange::AddColumn { .. })
            | Change::Column(ColumnChange::AlterColumnType { .. })
            | Change::Column(ColumnChange::SetDefault { .. })
            | Change::Constraint(ConstraintChange::AddConstraint { .. })
            | Change::Index(IndexChange::CreateIndex { .. })
            | Change::View(ViewChange::CreateView(_))
            | Change::Function(FunctionChange::CreateFunction(_))
            | Change::Function(FunctionChange::ReplaceFunction { .. })
            | Change::Enum(EnumChange::RecreateEnum { .. })
            | Change::Object(ObjectChange::CreateObject(_))
            | Change::Composite(
                CompositeChange::CreateComposite(_)
                    | CompositeChange::AddAttribute { .. }
                    | CompositeChange::AlterAttribute { .. }
            )
    )
}

fn releases_extension_objects(change: &Change) -> bool {
    matches!(
        change,
        Change::Domain(DomainChange::DropDomain(_))
            | Change::Domain(DomainChange::DropDomainConstraint { .. })
            | Change::Domain(DomainChange::SetDomainDefault { .. })
            | Change::Table(TableChange::DropTable(_))
            | Change::Column(ColumnChange::DropColumn { .. })
            | Change::Column(ColumnChange::AlterColumnType { .. })
            | Change::Column(ColumnChange::DropDefault { .. })
            | Change::Column(ColumnChange::SetDefault { .. })
            | Change::Constraint(ConstraintChange::DropConstraint { .. })
            | Change::Index(IndexChange::DropIndex { .. })
            | Change::View(ViewChange::DropView(_))
            | Change::Function(FunctionChange::DropFunction(_))
            | Change::Function(FunctionChange::ReplaceFunction { .. })
            | Change::Object(ObjectChange::DropObject(_))
            | Change::Composite(CompositeChange::DropComposite(_))
    )
}

// ---------------------------------------------------------------------------
// Resources

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Res {
    Schema(Ident),
    Extension(Ident),
    /// An enum or a domain.
    Type(QualName),
    EnumLabel(QualName, String),
    DomainConstraint(QualName, Ident),
    /// A table, view, sequence or index: they share one namespace per schema.
    Relation(QualName),
    /// A column by its name: created, renamed, dropped.
    Column(QualName, Ident),
    /// A column's type: what a type change modifies. Whatever requires or
    /// releases a column requires or releases its type too, except the
    /// changes that must come before a type change ([`before_type_change`]).
    ColumnType(QualName, Ident),
    NotNull(QualName, Ident),
    /// A column's default or identity: it can only have one of them.
    DefaultSlot(QualName, Ident),
    Constraint(QualName, Ident),
    Trigger(QualName, Ident),
    Policy(QualName, Ident),
    /// An object carried whole.
    Object(ObjectId),
    /// The `OWNED BY` of a sequence.
    SequenceOwner(QualName),
    /// Functions by name: triggers name their function without arguments.
    Function(QualName),
    /// Who owns an object: privileges on it come after an owner change.
    Owner(GrantTarget),
    /// A grantee's table-level privileges on a table: a `REVOKE` there takes
    /// the same column privileges too, so column grants come after it.
    TableAcl(QualName, Ident),
}

#[derive(Default)]
struct Deps {
    provides: Vec<Res>,
    requires: Vec<Res>,
    removes: Vec<Res>,
    frees: Vec<Res>,
    releases: Vec<Res>,
}

impl Deps {
    fn require_schema(&mut self, schema: &str) {
        if schema != "public" {
            self.requires.push(Res::Schema(schema.to_string()));
        }
    }

    fn release_schema(&mut self, schema: &str) {
        if schema != "public" {
            self.releases.push(Res::Schema(schema.to_string()));
        }
    }

    /// Removed and its name freed: what a drop does.
    fn drop(&mut self, res: Res) {
        self.frees.push(res.clone());
        self.removes.push(res);
    }
}

/// Canonical names of source objects: renames reconstructed from the change list.
#[derive(Default)]
struct Canon {
    /// Old table → new table, and back.
    tables: IndexMap<QualName, QualName>,
    tables_back: IndexMap<QualName, QualName>,
    /// (new table, old column) → new column, and (new table, new column) → old column.
    columns: IndexMap<(QualName, Ident), Ident>,
    columns_back: IndexMap<(QualName, Ident), Ident>,
    /// (new table, old constraint) → new constraint.
    constraints: IndexMap<(QualName, Ident), Ident>,
    /// (new table, old index) → new index.
    indexes: IndexMap<(QualName, Ident), Ident>,
    enums: IndexMap<QualName, QualName>,
    views: IndexMap<QualName, QualName>,
    /// Foreign keys dropped by a change of their own.
    split_foreign_keys: IndexSet<(QualName, Ident)>,
}

struct Ctx<'a> {
    from: Lookup<'a>,
    facts: &'a Facts,
    to: Lookup<'a>,
    canon: Canon,
}

impl<'a> Ctx<'a> {
    fn new(from: &'a Catalog, facts: &'a Facts, to: &'a Catalog, changes: &[Change]) -> Ctx<'a> {
        let mut canon = Canon::default();
        for change in changes {
            match change {
                Change::Table(TableChange::RenameTable { from, to }) => {
                    canon.tables.insert(from.clone(), to.clone());
                    canon.tables_back.insert(to.clone(), from.clone());
                }
                Change::Column(ColumnChange::RenameColumn { table, from, to }) => {
                    canon.columns.insert((table.clone(), from.clone()), to.clone());
                    canon.columns_back.insert((table.clone(), to.clone()), from.clone());
                }
                Change::Constraint(ConstraintChange::RenameConstraint { table, from, to, .. }) => {
                    canon.constraints.insert((table.clone(), from.clone()), to.clone());
                }
                Change::Index(IndexChange::RenameIndex { table, from, to }) => {
                    canon.indexes.insert((table.clone(), from.clone()), to.clone());
                }
                Change::Enum(EnumChange::RenameEnum { from, to }) => {
                    canon.enums.insert(from.clone(), to.clone());
                }
                Change::View(ViewChange::RenameView { from, to, .. }) => {
                    canon.views.insert(from.clone(), to.clone());
                }
                Change::Constraint(ConstraintChange::DropConstraint { table, constraint }) => {
                    canon.split_foreign_keys.insert((table.clone(), constraint.name.clone()));
                }
                _ => {}
            }
        }
        Ctx { from: Lookup::new(from), facts, to: Lookup::new(to), canon }
    }

    // -- canonical names of source objects

    fn table(&self, old: &QualName) -> QualName {
        self.canon.tables.get(old).cloned().unwrap_or_else(|| old.clone())
    }

    /// The source name of a table named `new` in the target.
    fn old_table(&self, new: &QualName) -> QualName {
        self.canon.tables_back.get(new).cloned().unwrap_or_else(|| new.clone())
    }

    fn relation(&self, old: &QualName) -> QualName {
        if let Some(new) = self.canon.tables.get(old).or_else(|| self.canon.views.get(old)) {
            return new.clone();
        }
        old.clone()
    }

    fn column(&self, old_table: &QualName, old: &Ident) -> Res {
        let table = self.table(old_table);
        let column = self.canon.columns.get(&(table.clone(), old.clone())).cloned().unwrap_or_else(|| old.clone());
        Res::Column(table, column)
    }

    /// A drop of an index, constraint or trigger on columns that the plan
    /// renames runs after the renames, so that its undo (which runs before
    /// theirs) can name the columns by their new names.
    fn after_renames<'c>(&self, table: &QualName, columns: impl IntoIterator<Item = &'c Ident>, deps: &mut Deps) {
        for column in columns {
            if let Some(new) = self.canon.columns.get(&(table.clone(), column.clone())) {
                deps.requires.push(Res::Column(table.clone(), new.clone()));
            }
        }
    }

    fn not_null(&self, old_table: &QualName, old: &Ident) -> Res {
        match self.column(old_table, old) {
            Res::Column(table, column) => Res::NotNull(table, column),
            other => other,
        }
    }

    fn old_type(&self, ty: &DataType) -> Option<Res> {
        match &ty.base {
            BaseType::Named(name) => {
                Some(Res::Type(self.canon.enums.get(name).cloned().unwrap_or_else(|| name.clone())))
            }
            BaseType::Builtin(_) => None,
        }
    }

    /// The source definition of the column named `column` of `table` in the target.
    fn source_column(&self, table: &QualName, column: &Ident) -> Option<&'a Column> {
        let old_table = self.from.catalog.tables.get(&self.old_table(table))?;
        let old = self.canon.columns_back.get(&(table.clone(), column.clone())).unwrap_or(column);
        old_table.columns.get(old)
    }

    // -- what SQL text refers to

    /// Target resources an expression on `table` (or on nothing) needs.
    fn expr_requires(&self, table: &QualName, expr: &str, deps: &mut Deps) {
        let refs = self.to.expr_refs(self.to.catalog.tables.get(table), expr);
        deps.requires.extend(refs.columns.into_iter().map(|column| Res::Column(table.clone(), column)));
        deps.requires.extend(refs.functions.into_iter().map(Res::Function));
        deps.requires.extend(refs.sequences.into_iter().map(Res::Relation));
    }

    /// Source resources an expression on the table `old_table` (source name) used.
    fn expr_releases(&self, old_table: &QualName, expr: &str, deps: &mut Deps) {
        let refs = self.from.expr_refs(self.from.catalog.tables.get(old_table), expr);
        deps.releases.extend(refs.columns.iter().map(|column| self.column(old_table, column)));
        deps.releases.extend(refs.functions.into_iter().map(Res::Function));
        deps.releases.extend(refs.sequences.into_iter().map(Res::Relation));
    }

    /// The resource of the key (primary key, unique constraint or unique
    /// index) that `columns` of `table` reference, in `catalog`.
    fn key_of(catalog: &Catalog, table: &QualName, columns: &[Ident]) -> Option<KeyRef> {
        let table_def = catalog.tables.get(table)?;
        let mut wanted = columns.to_vec();
        wanted.sort();
        for constraint in table_def.constraints.values() {
            if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } = &constraint.kind {
                let mut have = columns.clone();
                have.sort();
                if have == wanted {
                    return Some(KeyRef::Constraint(constraint.name.clone()));
                }
            }
        }
        for index in table_def.indexes.values() {
            if let Some(mut have) = unique_index_columns(index) {
                have.sort();
                if have == wanted {
                    return Some(KeyRef::Index(index.name.clone()));
                }
            }
        }
        None
    }

    fn function_requires(&self, function: &Function, deps: &mut Deps) {
        deps.require_schema(&function.name.schema);
        for arg in &function.args {
            if let BaseType::Named(name) = &arg.ty.base {
                deps.requires.push(Res::Type(name.clone()));
            }
            if let Some(default) = &arg.default {
                let refs = self.to.expr_refs(None, default);
                deps.requires.extend(refs.functions.into_iter().map(Res::Function));
            }
        }
        for ty in returned_types(function) {
            if let BaseType::Named(name) = &ty.base {
                deps.requires.push(Res::Type(name.clone()));
            }
        }
        if function.language == "sql" {
            let refs = self.to.body_refs(&function.body);
            deps.requires.extend(refs.relations.into_iter().map(Res::Relation));
            deps.requires.extend(refs.functions.into_iter().filter(|name| *name != function.name).map(Res::Function));
        }
        deps.provides.push(Res::Function(function.name.clone()));
    }

    fn deps(&self, change: &Change) -> Deps {
        let mut deps = self.direct_deps(change);
        let column_type = |res: &Res| match res {
            Res::Column(table, column) => Some(Res::ColumnType(table.clone(), column.clone())),
            _ => None,
        };
        if !before_type_change(change) {
            let types: Vec<Res> = deps.requires.iter().filter_map(column_type).collect();
            deps.requires.extend(types);
        }
        let types: Vec<Res> = deps.releases.iter().filter_map(column_type).collect();
        deps.releases.extend(types);
        let types: Vec<Res> = deps.removes.iter().filter_map(column_type).collect();
        deps.removes.extend(types);
        deps
    }

    fn direct_deps(&self, change: &Change) -> Deps {
        let mut deps = Deps::default();
        match change {
            Change::Extension(ExtensionChange::CreateExtension(extension)) => {
                deps.provides.push(Res::Extension(extension.name.clone()));
                if let Some(schema) = &extension.schema {
                    deps.require_schema(schema);
                }
            }
            Change::Extension(ExtensionChange::DropExtension(extension)) => {
                deps.drop(Res::Extension(extension.name.clone()));
                if let Some(schema) = &extension.schema {
                    deps.release_schema(schema);
                }
            }
            Change::Extension(ExtensionChange::SetExtensionSchema { name, schema, .. }) => {
                deps.require_schema(schema);
                if let Some(Some(old)) = self.from.catalog.extensions.get(name).map(|it| &it.schema) {
                    deps.release_schema(old);
                }
            }
            Change::Schema(SchemaChange::CreateSchema(namespace)) => {
                deps.provides.push(Res::Schema(namespace.name.clone()))
            }
            Change::Schema(SchemaChange::DropSchema(namespace)) => deps.drop(Res::Schema(namespace.name.clone())),

            Change::Enum(EnumChange::CreateEnum(it)) => {
                deps.require_schema(&it.name.schema);
                deps.provides.push(Res::Type(it.name.clone()));
            }
            Change::Composite(CompositeChange::CreateComposite(it)) => {
                deps.require_schema(&it.name.schema);
                for attribute in it.attributes.values() {
                    if let BaseType::Named(name) = &attribute.ty.base {
                        deps.requires.push(Res::Type(name.clone()));
                    }
                }
                deps.provides.push(Res::Type(it.name.clone()));
            }
            Change::Composite(CompositeChange::DropComposite(it)) => {
                deps.release_schema(&it.name.schema);
                for attribute in it.attributes.values() {
                    deps.releases.extend(self.old_type(&attribute.ty));
                }
                self.release_recorded(&ObjectKey::Composite(it.name.clone()), &mut deps);
                deps.drop(Res::Type(it.name.clone()));
            }
            Change::Composite(
                CompositeChange::AddAttribute { name, attribute }
                | CompositeChange::AlterAttribute { name, attribute, .. },
            ) => {
                deps.requires.push(Res::Type(name.clone()));
                if let BaseType::Named(ty) = &attribute.ty.base {
                    deps.requires.push(Res::Type(ty.clone()));
                }
                if let Change::Composite(CompositeChange::AlterAttribute { previous, .. }) = change {
                    deps.releases.extend(self.old_type(&previous.ty));
                }
            }
            Change::Composite(CompositeChange::DropAttribute { name, attribute }) => {
                deps.requires.push(Res::Type(name.clone()));
                deps.releases.extend(self.old_type(&attribute.ty));
            }
            Change::Enum(EnumChange::DropEnum(it)) => {
                deps.release_schema(&it.name.schema);
                deps.drop(Res::Type(it.name.clone()));
            }
            Change::Enum(EnumChange::RenameEnum { from, to }) => {
                deps.require_schema(&to.schema);
                deps.release_schema(&from.schema);
                deps.frees.push(Res::Type(from.clone()));
                deps.provides.push(Res::Type(to.clone()));
            }
            Change::Enum(EnumChange::AddEnumValue { name, value, position }) => {
                deps.requires.push(Res::Type(name.clone()));
                if let Some(EnumPosition::Before(label) | EnumPosition::After(label)) = position {
                    deps.requires.push(Res::EnumLabel(name.clone(), label.clone()));
                }
                deps.provides.push(Res::EnumLabel(name.clone(), value.clone()));
            }
            Change::Enum(EnumChange::RecreateEnum { name, columns, .. }) => {
                deps.requires.push(Res::Type(name.clone()));
                deps.provides.push(Res::Type(name.clone()));
                deps.removes.push(Res::Type(name.clone()));
                for column in columns {
                    let res = Res::ColumnType(column.table.clone(), column.column.clone());
                    deps.requires.push(Res::Relation(column.table.clone()));
                    deps.requires.push(Res::Column(column.table.clone(), column.column.clone()));
                    deps.provides.push(res.clone());
                    deps.removes.push(res);
                    if let Some(default) = &column.default {
                        self.expr_requires(&column.table, default, &mut deps);
                    }
                }
            }

            Change::Domain(DomainChange::CreateDomain(domain)) => {
                deps.require_schema(&domain.name.schema);
                if let BaseType::Named(base) = &domain.base.base {
                    deps.requires.push(Res::Type(base.clone()));
                }
                for expr in domain.checks.values().chain(domain.default.as_ref()) {
                    let refs = self.to.expr_refs(None, expr);
                    deps.requires.extend(refs.functions.into_iter().map(Res::Function));
                }
                deps.provides.push(Res::Type(domain.name.clone()));
                for constraint in domain.checks.keys() {
                    deps.provides.push(Res::DomainConstraint(domain.name.clone(), constraint.clone()));
                }
            }
            Change::Domain(DomainChange::DropDomain(domain)) => {
                deps.release_schema(&domain.name.schema);
                deps.releases.extend(self.old_type(&domain.base));
                for expr in domain.checks.values().chain(domain.default.as_ref()) {
                    let refs = self.from.expr_refs(None, expr);
                    deps.releases.extend(refs.functions.into_iter().map(Res::Function));
                }
                deps.drop(Res::Type(domain.name.clone()));
                for constraint in domain.checks.keys() {
                    deps.drop(Res::DomainConstraint(domain.name.clone(), constraint.clone()));
                }
            }
            Change::Domain(DomainChange::SetDomainDefault { name, default, .. }) => {
                deps.requires.push(Res::Type(name.clone()));
                if let Some(default) = default {
                    let refs = self.to.expr_refs(None, default);
                    deps.requires.extend(refs.functions.into_iter().map(Res::Function));
                }
            }
            Change::Domain(DomainChange::SetDomainNotNull { name, .. }) => deps.requires.push(Res::Type(name.clone())),
            Change::Domain(DomainChange::AddDomainConstraint { name, constraint, expr }) => {
                deps.requires.push(Res::Type(name.clone()));
                let refs = self.to.expr_refs(None, expr);
                deps.requires.extend(refs.functions.into_iter().map(Res::Function));
                deps.provides.push(Res::DomainConstraint(name.clone(), constraint.clone()));
            }
            Change::Domain(DomainChange::DropDomainConstraint { name, constraint, expr }) => {
                deps.requires.push(Res::Type(name.clone()));
                let refs = self.from.expr_refs(None, expr);
                deps.releases.extend(refs.functions.into_iter().map(Res::Function));
                deps.drop(Res::DomainConstraint(name.clone(), constraint.clone()));
            }

            Change::Sequence(SequenceChange::CreateSequence(sequence)) => {
                deps.require_schema(&sequence.name.schema);
                deps.provides.push(Res::Relation(sequence.name.clone()));
            }
            Change::Sequence(SequenceChange::DropSequence(sequence)) => {
                deps.release_schema(&sequence.name.schema);
                deps.drop(Res::Relation(sequence.name.clone()));
            }
            Change::Sequence(SequenceChange::AlterSequence { name, .. }) => {
                deps.requires.push(Res::Relation(name.clone()))
            }
            Change::Sequence(SequenceChange::SetSequenceOwner { name, owned_by, previous }) => {
                deps.requires.push(Res::Relation(name.clone()));
                // Before the sequence's drop, when it goes.
                deps.releases.push(Res::Relation(name.clone()));
                if let Some((table, column)) = owned_by {
                    deps.requires.push(Res::Relation(table.clone()));
                    deps.requires.push(Res::Column(table.clone(), column.clone()));
                }
                if let Some((table, column)) = previous {
                    deps.releases.push(self.column(table, column));
                }
                match owned_by {
                    Some(_) => deps.provides.push(Res::SequenceOwner(name.clone())),
                    None => deps.frees.push(Res::SequenceOwner(name.clone())),
                }
            }

            Change::Table(TableChange::CreateTable(table)) => {
                deps.require_schema(&table.name.schema);
                deps.provides.push(Res::Relation(table.name.clone()));
                // Its row type, which domains, columns and functions may use.
                deps.provides.push(Res::Type(table.name.clone()));
                if let Some(of) = &table.partition_of {
                    deps.requires.push(Res::Relation(of.parent.clone()));
                    // Its parent's columns, which its constraints and indexes use.
                    for column in self.to.catalog.columns_of(&table.name).into_iter().flat_map(|columns| columns.keys())
                    {
                        deps.provides.push(Res::Column(table.name.clone(), column.clone()));
                    }
                    // After the indexes the plan builds on its parent, which
                    // it then gets as it is created.
                    if let Some(parent) = self.to.catalog.tables.get(&of.parent) {
                        for index in parent.indexes.keys() {
                            deps.requires.push(Res::Relation(QualName::new(of.parent.schema.clone(), index.clone())));
                        }
                    }
                }
                for column in table.columns.values() {
                    deps.provides.push(Res::Column(table.name.clone(), column.name.clone()));
                    if column.not_null {
                        deps.provides.push(Res::NotNull(table.name.clone(), column.name.clone()));
                    }
                    if let BaseType::Named(name) = &column.ty.base {
                        deps.requires.push(Res::Type(name.clone()));
                    }
                    for expr in column.default.iter().chain(column.generated.as_ref()) {
                        self.expr_requires(&table.name, expr, &mut deps);
                    }
                }
                for constraint in table.constraints.values() {
                    match &constraint.kind {
                        ConstraintKind::ForeignKey(_) => continue,
                        ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } => deps
                            .provides
                            .push(Res::Relation(QualName::new(table.name.schema.clone(), constraint.name.clone()))),
                        ConstraintKind::Check { expr } => self.expr_requires(&table.name, expr, &mut deps),
                    }
                    deps.provides.push(Res::Constraint(table.name.clone(), constraint.name.clone()));
                }
            }
            Change::Table(TableChange::DropTable(table)) => {
                let name = &table.name;
                deps.release_schema(&name.schema);
                if let Some(of) = &table.partition_of {
                    deps.releases.push(Res::Relation(of.parent.clone()));
                }
                deps.drop(Res::Relation(name.clone()));
                deps.drop(Res::Type(name.clone()));
                for column in table.columns.values() {
                    deps.drop(Res::Column(name.clone(), column.name.clone()));
                    deps.drop(Res::NotNull(name.clone(), column.name.clone()));
                    deps.releases.extend(self.old_type(&column.ty));
                    for expr in column.default.iter().chain(column.generated.as_ref()) {
                        self.expr_releases(name, expr, &mut deps);
                    }
                }
                for constraint in table.constraints.values() {
                    deps.drop(Res::Constraint(name.clone(), constraint.name.clone()));
                    match &constraint.kind {
                        ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } => {
                            deps.drop(Res::Relation(QualName::new(name.schema.clone(), constraint.name.clone())))
                        }
                        ConstraintKind::Check { expr } => self.expr_releases(name, expr, &mut deps),
                        // Foreign keys in a cycle of dropped tables are dropped apart.
                        ConstraintKind::ForeignKey(fk)
                            if fk.ref_table == *name
                                || self.canon.split_foreign_keys.contains(&(name.clone(), constraint.name.clone())) => {
                        }
                        ConstraintKind::ForeignKey(fk) => {
                            self.release_referenced(&fk.ref_table, &fk.ref_columns, &mut deps)
                        }
                    }
                }
                for index in table.indexes.values() {
                    deps.drop(Res::Relation(QualName::new(name.schema.clone(), index.name.clone())));
                }
                for trigger in table.triggers.values() {
                    deps.drop(Res::Trigger(name.clone(), trigger.name.clone()));
                    deps.releases.push(Res::Function(trigger.function.clone()));
                }
            }
            Change::Table(TableChange::RenameTable { from, to }) => {
                deps.require_schema(&to.schema);
                deps.release_schema(&from.schema);
                deps.frees.push(Res::Relation(from.clone()));
                deps.provides.push(Res::Relation(to.clone()));
            }
            Change::Table(TableChange::SetTableLogged { table, .. }) => {
                deps.requires.push(Res::Relation(table.clone()))
            }
            Change::Table(TableChange::SetRowSecurity { table, enabled, previous, .. }) => {
                deps.requires.push(Res::Relation(table.clone()));
                // Enabled once its policies exist; disabled before they go.
                if *enabled
                    && !previous.0
                    && let Some(new) = self.to.catalog.tables.get(table)
                {
                    deps.requires.extend(new.policies.keys().map(|name| Res::Policy(table.clone(), name.clone())));
                }
                if !*enabled
                    && previous.0
                    && let Some(old) = self.from.catalog.tables.get(&self.old_table(table))
                {
                    deps.releases.extend(old.policies.keys().map(|name| Res::Policy(table.clone(), name.clone())));
                }
            }
            Change::Table(TableChange::SetReplicaIdentity { table, identity, previous }) => {
                deps.requires.push(Res::Relation(table.clone()));
                if let ReplicaIdentity::Index(index) = identity {
                    deps.requires.push(Res::Relation(QualName::new(table.schema.clone(), index.clone())));
                }
                if let ReplicaIdentity::Index(index) = previous {
                    deps.releases.push(Res::Relation(QualName::new(table.schema.clone(), index.clone())));
                }
            }
            Change::Policy(PolicyChange::CreatePolicy { table, policy }) => {
                deps.requires.push(Res::Relation(table.clone()));
                self.policy_requires(table, policy, &mut deps);
                deps.provides.push(Res::Policy(table.clone(), policy.name.clone()));
            }
            Change::Policy(PolicyChange::AlterPolicy { table, policy, previous }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Policy(table.clone(), policy.name.clone()));
                self.policy_requires(table, policy, &mut deps);
                self.policy_releases(table, previous, &mut deps);
            }
            Change::Policy(PolicyChange::DropPolicy { table, policy }) => {
                self.policy_releases(table, policy, &mut deps);
                self.release_recorded(&ObjectKey::Policy(self.old_table(table), policy.name.clone()), &mut deps);
                deps.drop(Res::Policy(table.clone(), policy.name.clone()));
            }
            Change::Policy(PolicyChange::RenamePolicy { table, from, to }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.frees.push(Res::Policy(table.clone(), from.clone()));
                deps.provides.push(Res::Policy(table.clone(), to.clone()));
            }

            Change::Column(ColumnChange::AddColumn { table, column, backfill, .. }) => {
                deps.requires.push(Res::Relation(table.clone()));
                if let BaseType::Named(name) = &column.ty.base {
                    deps.requires.push(Res::Type(name.clone()));
                }
                for expr in column.default.iter().chain(column.generated.as_ref()).chain(backfill.as_ref()) {
                    self.expr_requires(table, expr, &mut deps);
                }
                // The backfill may read the column it fills; that is no dependency.
                let own = Res::Column(table.clone(), column.name.clone());
                deps.requires.retain(|res| *res != own);
                deps.provides.push(Res::Column(table.clone(), column.name.clone()));
                if column.not_null {
                    deps.provides.push(Res::NotNull(table.clone(), column.name.clone()));
                }
            }
            Change::Column(ColumnChange::DropColumn { table, column }) => {
                let old_table = self.old_table(table);
                deps.requires.push(Res::Relation(table.clone()));
                deps.drop(Res::Column(table.clone(), column.name.clone()));
                deps.drop(Res::NotNull(table.clone(), column.name.clone()));
                deps.releases.extend(self.old_type(&column.ty));
                for expr in column.default.iter().chain(column.generated.as_ref()) {
                    self.expr_releases(&old_table, expr, &mut deps);
                }
            }
            Change::Column(ColumnChange::RenameColumn { table, from, to }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.frees.push(Res::Column(table.clone(), from.clone()));
                deps.provides.push(Res::Column(table.clone(), to.clone()));
            }
            Change::Column(ColumnChange::AlterColumnType { table, column, from, to, default, .. }) => {
                let res = Res::ColumnType(table.clone(), column.clone());
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                deps.provides.push(res.clone());
                deps.removes.push(res);
                if let BaseType::Named(name) = &to.base {
                    deps.requires.push(Res::Type(name.clone()));
                }
                if from.base != to.base
                    && let BaseType::Named(name) = &from.base
                {
                    deps.releases.push(Res::Type(name.clone()));
                }
                if let Some(default) = default {
                    self.expr_requires(table, default, &mut deps);
                }
                if let Some(previous) = self.source_column(table, column).and_then(|it| it.default.as_ref()) {
                    self.expr_releases(&self.old_table(table), previous, &mut deps);
                }
            }
            Change::Column(ColumnChange::SetNotNull { table, column }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                deps.provides.push(Res::NotNull(table.clone(), column.clone()));
            }
            Change::Column(ColumnChange::DropNotNull { table, column }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                deps.removes.push(Res::NotNull(table.clone(), column.clone()));
            }
            Change::Column(ColumnChange::SetDefault { table, column, default, .. }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                self.expr_requires(table, default, &mut deps);
                deps.provides.push(Res::DefaultSlot(table.clone(), column.clone()));
            }
            Change::Column(ColumnChange::DropDefault { table, column, previous }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                self.expr_releases(&self.old_table(table), previous, &mut deps);
                deps.frees.push(Res::DefaultSlot(table.clone(), column.clone()));
            }
            Change::Column(ColumnChange::DropGenerated { table, column }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                deps.releases.push(Res::ColumnType(table.clone(), column.clone()));
                if let Some(generated) = self.source_column(table, column).and_then(|it| it.generated.as_ref()) {
                    self.expr_releases(&self.old_table(table), generated, &mut deps);
                }
            }
            Change::Column(ColumnChange::AddIdentity { table, column, .. }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                deps.requires.push(Res::NotNull(table.clone(), column.clone()));
                deps.provides.push(Res::DefaultSlot(table.clone(), column.clone()));
            }
            Change::Column(ColumnChange::DropIdentity { table, column }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
                // Before a type change: only integer columns can be identities.
                deps.releases.push(Res::ColumnType(table.clone(), column.clone()));
                deps.frees.push(Res::DefaultSlot(table.clone(), column.clone()));
                deps.releases.push(Res::NotNull(table.clone(), column.clone()));
            }
            Change::Column(ColumnChange::AlterIdentity { table, column, .. }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
            }

            Change::Constraint(ConstraintChange::AddConstraint { table, constraint, .. }) => {
                deps.requires.push(Res::Relation(table.clone()));
                for column in constraint_columns(constraint) {
                    deps.requires.push(Res::Column(table.clone(), column));
                }
                match &constraint.kind {
                    ConstraintKind::PrimaryKey { columns } => {
                        for column in columns {
                            deps.requires.push(Res::NotNull(table.clone(), column.clone()));
                        }
                        deps.provides.push(Res::Relation(QualName::new(table.schema.clone(), constraint.name.clone())));
                    }
                    ConstraintKind::Unique { .. } => {
                        deps.provides.push(Res::Relation(QualName::new(table.schema.clone(), constraint.name.clone())))
                    }
                    ConstraintKind::Check { expr } => self.expr_requires(table, expr, &mut deps),
                    ConstraintKind::ForeignKey(fk) => {
                        deps.requires.push(Res::Relation(fk.ref_table.clone()));
                        for column in &fk.ref_columns {
                            deps.requires.push(Res::Column(fk.ref_table.clone(), column.clone()));
                        }
                        match Self::key_of(self.to.catalog, &fk.ref_table, &fk.ref_columns) {
                            Some(KeyRef::Constraint(name)) => {
                                deps.requires.push(Res::Constraint(fk.ref_table.clone(), name))
                            }
                            Some(KeyRef::Index(name)) => {
                                deps.requires.push(Res::Relation(QualName::new(fk.ref_table.schema.clone(), name)))
                            }
                            None => {}
                        }
                    }
                }
                deps.provides.push(Res::Constraint(table.clone(), constraint.name.clone()));
            }
            Change::Constraint(ConstraintChange::DropConstraint { table, constraint }) => {
                let old_table = self.old_table(table);
                deps.requires.push(Res::Relation(table.clone()));
                deps.releases.push(Res::Relation(table.clone()));
                deps.drop(Res::Constraint(table.clone(), constraint.name.clone()));
                for column in constraint_columns(constraint) {
                    deps.releases.push(self.column(&old_table, &column));
                }
                self.after_renames(table, &constraint_columns(constraint), &mut deps);
                if let ConstraintKind::ForeignKey(fk) = &constraint.kind {
                    if let Some(new) = self.canon.tables.get(&fk.ref_table) {
                        deps.requires.push(Res::Relation(new.clone()));
                    }
                    self.after_renames(&self.table(&fk.ref_table), &fk.ref_columns, &mut deps);
                }
                match &constraint.kind {
                    ConstraintKind::PrimaryKey { columns } => {
                        for column in columns {
                            deps.releases.push(self.not_null(&old_table, column));
                        }
                        deps.drop(Res::Relation(QualName::new(table.schema.clone(), constraint.name.clone())));
                    }
                    ConstraintKind::Unique { .. } => {
                        deps.drop(Res::Relation(QualName::new(table.schema.clone(), constraint.name.clone())))
                    }
                    ConstraintKind::Check { expr } => self.expr_releases(&old_table, expr, &mut deps),
                    ConstraintKind::ForeignKey(fk) => {
                        self.release_referenced(&fk.ref_table, &fk.ref_columns, &mut deps)
                    }
                }
            }
            Change::Constraint(ConstraintChange::RenameConstraint { table, from, to, kind }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.frees.push(Res::Constraint(table.clone(), from.clone()));
                deps.provides.push(Res::Constraint(table.clone(), to.clone()));
                if matches!(kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) {
                    deps.frees.push(Res::Relation(QualName::new(table.schema.clone(), from.clone())));
                    deps.provides.push(Res::Relation(QualName::new(table.schema.clone(), to.clone())));
                }
            }

            Change::Index(IndexChange::CreateIndex { table, index }) => {
                deps.requires.push(Res::Relation(table.clone()));
                for column in index_columns(index) {
                    deps.requires.push(Res::Column(table.clone(), column));
                }
                for element in &index.elements {
                    if let crate::ir::IndexKey::Expr(expr) = &element.key {
                        self.expr_requires(table, expr, &mut deps);
                    }
                }
                if let Some(predicate) = &index.predicate {
                    self.expr_requires(table, predicate, &mut deps);
                }
                deps.provides.push(Res::Relation(QualName::new(table.schema.clone(), index.name.clone())));
            }
            Change::Index(IndexChange::DropIndex { table, index }) => {
                let old_table = self.old_table(table);
                deps.requires.push(Res::Relation(table.clone()));
                deps.drop(Res::Relation(QualName::new(table.schema.clone(), index.name.clone())));
                for column in index_columns(index) {
                    deps.releases.push(self.column(&old_table, &column));
                }
                self.after_renames(table, &index_columns(index), &mut deps);
                for element in &index.elements {
                    if let crate::ir::IndexKey::Expr(expr) = &element.key {
                        self.expr_releases(&old_table, expr, &mut deps);
                    }
                }
            }
            Change::Index(IndexChange::RenameIndex { table, from, to }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.frees.push(Res::Relation(QualName::new(table.schema.clone(), from.clone())));
                deps.provides.push(Res::Relation(QualName::new(table.schema.clone(), to.clone())));
            }

            Change::View(ViewChange::SetViewDefault { view, default, previous, .. }) => {
                deps.requires.push(Res::Relation(view.clone()));
                if let Some(default) = default {
                    self.expr_requires(view, default, &mut deps);
                }
                if let Some(previous) = previous {
                    self.expr_releases(view, previous, &mut deps);
                }
            }
            Change::View(ViewChange::CreateView(view)) => {
                deps.require_schema(&view.name.schema);
                // Its triggers' functions and what its defaults and indexes call.
                for trigger in view.triggers.values() {
                    deps.requires.push(Res::Function(trigger.function.clone()));
                }
                for expr in view.defaults.values().chain(view.indexes.values().flat_map(index_exprs)) {
                    let refs = self.to.expr_refs(None, expr);
                    deps.requires.extend(refs.functions.into_iter().map(Res::Function));
                    deps.requires.extend(refs.sequences.into_iter().map(Res::Relation));
                }
                let refs = self.to.body_refs(&view.body);
                deps.requires.extend(refs.relations.into_iter().filter(|name| *name != view.name).map(Res::Relation));
                deps.requires.extend(refs.columns.into_iter().map(|(table, column)| Res::Column(table, column)));
                deps.requires.extend(refs.functions.into_iter().map(Res::Function));
                // A view recreated with what PostgreSQL recorded for it before
                // (a type in a cast) waits for those objects to be back.
                let mut recorded = Deps::default();
                self.release_recorded(&ObjectKey::View(view.name.clone()), &mut recorded);
                deps.requires
                    .extend(recorded.releases.into_iter().filter(|res| *res != Res::Relation(view.name.clone())));
                for column in &view.columns {
                    if let BaseType::Named(name) = &column.ty.base {
                        deps.requires.push(Res::Type(name.clone()));
                    }
                }
                deps.provides.push(Res::Relation(view.name.clone()));
                // Its row type, which functions may return or take.
                deps.provides.push(Res::Type(view.name.clone()));
            }
            Change::View(ViewChange::DropView(view)) => {
                deps.release_schema(&view.name.schema);
                let refs = self.from.body_refs(&view.body);
                deps.releases.extend(
                    refs.relations
                        .iter()
                        .filter(|name| **name != view.name)
                        .map(|name| Res::Relation(self.relation(name))),
                );
                deps.releases.extend(refs.columns.iter().map(|(table, column)| self.column(table, column)));
                deps.releases.extend(refs.functions.into_iter().map(Res::Function));
                self.release_recorded(&ObjectKey::View(view.name.clone()), &mut deps);
                deps.drop(Res::Relation(view.name.clone()));
                deps.drop(Res::Type(view.name.clone()));
            }
            Change::View(ViewChange::RenameView { from, to, .. }) => {
                deps.require_schema(&to.schema);
                deps.release_schema(&from.schema);
                deps.frees.push(Res::Relation(from.clone()));
                deps.frees.push(Res::Type(from.clone()));
                deps.provides.push(Res::Relation(to.clone()));
                deps.provides.push(Res::Type(to.clone()));
            }

            Change::Function(FunctionChange::CreateFunction(function))
            | Change::Function(FunctionChange::ReplaceFunction { function, .. }) => {
                self.function_requires(function, &mut deps)
            }
            Change::Function(FunctionChange::DropFunction(function)) => {
                deps.release_schema(&function.name.schema);
                for arg in &function.args {
                    deps.releases.extend(self.old_type(&arg.ty));
                }
                for ty in returned_types(function) {
                    deps.releases.extend(self.old_type(ty));
                }
                self.release_recorded(&ObjectKey::Function(function.key()), &mut deps);
                deps.drop(Res::Function(function.name.clone()));
            }

            Change::Object(ObjectChange::CreateObject(object)) => {
                if let Some(schema) = &object.schema {
                    deps.require_schema(schema);
                }
                let refs = self.to.definition_refs(&object.definition);
                deps.requires.extend(refs.relations.into_iter().map(Res::Relation));
                deps.requires.extend(refs.types.into_iter().map(Res::Type));
                deps.requires.extend(refs.objects.into_iter().filter(|id| *id != object.id).map(Res::Object));
                let own = object_resources(&object.id);
                deps.requires.extend(refs.functions.into_iter().map(Res::Function).filter(|res| !own.contains(res)));
                deps.provides.extend(own);
            }
            Change::Object(ObjectChange::DropObject(object)) => {
                if let Some(schema) = &object.schema {
                    deps.release_schema(schema);
                }
                let refs = self.from.definition_refs(&object.definition);
                let own = object_resources(&object.id);
                deps.releases.extend(refs.relations.into_iter().map(|name| Res::Relation(self.relation(&name))));
                deps.releases.extend(refs.types.into_iter().map(Res::Type));
                deps.releases.extend(refs.objects.into_iter().filter(|id| *id != object.id).map(Res::Object));
                deps.releases.extend(refs.functions.into_iter().map(Res::Function).filter(|res| !own.contains(res)));
                self.release_recorded(&ObjectKey::Object(object.id.clone()), &mut deps);
                for res in own {
                    deps.drop(res);
                }
            }

            Change::Trigger(TriggerChange::CreateTrigger { table, trigger }) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Function(trigger.function.clone()));
                for column in update_columns(trigger) {
                    deps.requires.push(Res::Column(table.clone(), column.clone()));
                }
                deps.provides.push(Res::Trigger(table.clone(), trigger.name.clone()));
            }
            Change::Trigger(TriggerChange::DropTrigger { table, trigger }) => {
                let old_table = self.old_table(table);
                deps.requires.push(Res::Relation(table.clone()));
                deps.releases.push(Res::Relation(table.clone()));
                deps.releases.push(Res::Function(trigger.function.clone()));
                for column in update_columns(trigger) {
                    deps.releases.push(self.column(&old_table, column));
                }
                self.after_renames(table, update_columns(trigger), &mut deps);
                deps.drop(Res::Trigger(table.clone(), trigger.name.clone()));
            }

            Change::Comment(CommentChange::SetComment { target, .. }) => deps.requires.extend(comment_requires(target)),

            Change::Privilege(change) => self.privilege_deps(change, &mut deps),
        }
        deps
    }

    fn privilege_deps(&self, change: &PrivilegeChange, deps: &mut Deps) {
        match change {
            PrivilegeChange::Grant { grants, .. }
            | PrivilegeChange::Revoke(grants)
            | PrivilegeChange::AddGrantOption(grants)
            | PrivilegeChange::RevokeGrantOption(grants)
            | PrivilegeChange::RevokeDefault { grants, .. }
            | PrivilegeChange::RestoreDefault(grants) => {
                let on = &grants.object.on;
                self.target_requires(on, deps);
                deps.requires.push(Res::Owner(on.relation()));
                match (change, on) {
                    (PrivilegeChange::Revoke(_), GrantTarget::Table(table)) => {
                        deps.provides.push(Res::TableAcl(table.clone(), grants.grantee.clone()))
                    }
                    (_, GrantTarget::Column(table, _)) => {
                        deps.requires.push(Res::TableAcl(table.clone(), grants.grantee.clone()))
                    }
                    _ => {}
                }
            }
            PrivilegeChange::SetOwner { object, .. } => {
                self.target_requires(&object.on, deps);
                deps.provides.push(Res::Owner(object.on.clone()));
            }
            PrivilegeChange::AddDefaultPrivileges(it) | PrivilegeChange::RemoveDefaultPrivileges(it) => {
                if let Some(schema) = &it.schema {
                    deps.require_schema(schema);
                }
            }
        }
    }

    /// What a privilege or owner change on `target` needs: the object (in the target).
    fn target_requires(&self, target: &GrantTarget, deps: &mut Deps) {
        match target {
            GrantTarget::Schema(name) => deps.require_schema(name),
            GrantTarget::Table(name) => deps.requires.push(Res::Relation(name.clone())),
            GrantTarget::Column(table, column) => {
                deps.requires.push(Res::Relation(table.clone()));
                deps.requires.push(Res::Column(table.clone(), column.clone()));
            }
            GrantTarget::Sequence(name) => {
                deps.requires.push(Res::Relation(name.clone()));
                if let Some((table, column)) = crate::diff::identity_sequence_column(self.to.catalog, name) {
                    deps.requires.push(Res::Relation(table.clone()));
                    deps.requires.push(Res::Column(table, column));
                }
            }
            GrantTarget::Function(key) => deps.requires.push(Res::Function(key.name.clone())),
            GrantTarget::Type(name) => deps.requires.push(Res::Type(name.clone())),
            GrantTarget::Object(id) => deps.requires.push(Res::Object(id.clone())),
        }
    }

    /// Releases what PostgreSQL records `dependent` (a source object) depends
    /// on, so the drop of `dependent` runs before the drop or change of it.
    /// What a policy's expressions need in the target: the table's columns,
    /// functions, and the relations a subquery reads.
    fn policy_requires(&self, table: &QualName, policy: &crate::ir::Policy, deps: &mut Deps) {
        for expr in policy.using.iter().chain(policy.check.iter()) {
            self.expr_requires(table, expr, deps);
            let refs = self.to.body_refs(expr);
            deps.requires.extend(refs.relations.into_iter().filter(|name| name != table).map(Res::Relation));
        }
    }

    /// What a policy's expressions used in the source (the table by its name in the target).
    fn policy_releases(&self, table: &QualName, policy: &crate::ir::Policy, deps: &mut Deps) {
        let old_table = self.old_table(table);
        for expr in policy.using.iter().chain(policy.check.iter()) {
            self.expr_releases(&old_table, expr, deps);
            let refs = self.from.body_refs(expr);
            deps.releases.extend(
                refs.relations.iter().filter(|name| **name != old_table).map(|name| Res::Relation(self.relation(name))),
            );
        }
    }

    fn release_recorded(&self, dependent: &ObjectKey, deps: &mut Deps) {
        for referenced in self.facts.referenced_by(dependent) {
            let res = match referenced {
                ObjectKey::Table(name) | ObjectKey::View(name) | ObjectKey::Sequence(name) => {
                    Res::Relation(self.relation(name))
                }
                ObjectKey::Column(table, column) => self.column(table, column),
                ObjectKey::Enum(name) => Res::Type(self.canon.enums.get(name).cloned().unwrap_or_else(|| name.clone())),
                ObjectKey::Domain(name) | ObjectKey::Composite(name) => Res::Type(name.clone()),
                ObjectKey::Function(key) => Res::Function(key.name.clone()),
                ObjectKey::Object(id) => Res::Object(id.clone()),
                _ => continue,
            };
            deps.releases.push(res);
        }
    }

    /// Releases what a foreign key of the source referenced: the table, its
    /// columns and the key (source names).
    fn release_referenced(&self, ref_table: &QualName, ref_columns: &[Ident], deps: &mut Deps) {
        let table = self.table(ref_table);
        deps.releases.push(Res::Relation(table.clone()));
        // A key referencing a partitioned table depends on its partitions too.
        if self.from.catalog.tables.get(ref_table).is_some_and(|t| t.partition_by.is_some()) {
            let mut parents = vec![ref_table.clone()];
            while let Some(parent) = parents.pop() {
                for partition in self.from.catalog.partitions_of(&parent) {
                    deps.releases.push(Res::Relation(self.table(&partition.name)));
                    if partition.partition_by.is_some() {
                        parents.push(partition.name.clone());
                    }
                }
            }
        }
        for column in ref_columns {
            deps.releases.push(self.column(ref_table, column));
        }
        match Self::key_of(self.from.catalog, ref_table, ref_columns) {
            Some(KeyRef::Constraint(name)) => {
                let name = self.canon.constraints.get(&(table.clone(), name.clone())).cloned().unwrap_or(name);
                deps.releases.push(Res::Constraint(table.clone(), name.clone()));
                deps.releases.push(Res::Relation(QualName::new(table.schema.clone(), name)));
            }
            Some(KeyRef::Index(name)) => {
                let name = self.canon.indexes.get(&(table.clone(), name.clone())).cloned().unwrap_or(name);
                deps.releases.push(Res::Relation(QualName::new(table.schema.clone(), name)));
            }
            None => {}
        }
    }
}

/// Changes on a column that must run before a change of its type, so they
/// do not wait for it.
fn before_type_change(change: &Change) -> bool {
    matches!(
        change,
        Change::Column(ColumnChange::AlterColumnType { .. })
            | Change::Enum(EnumChange::RecreateEnum { .. })
            | Change::Column(ColumnChange::DropIdentity { .. })
            | Change::Column(ColumnChange::DropGenerated { .. })
            | Change::Column(ColumnChange::DropDefault { .. })
            | Change::Column(ColumnChange::DropNotNull { .. })
    )
}

enum KeyRef {
    Constraint(Ident),
    Index(Ident),
}

fn returned_types(function: &Function) -> Vec<&DataType> {
    match &function.returns {
        Some(crate::ir::Returns::Type(ty) | crate::ir::Returns::SetOf(ty)) => vec![ty],
        Some(crate::ir::Returns::Table(columns)) => columns.iter().map(|(_, ty)| ty).collect(),
        None => Vec::new(),
    }
}

fn update_columns(trigger: &crate::ir::Trigger) -> impl Iterator<Item = &Ident> {
    trigger.events.iter().flat_map(|event| match event {
        crate::ir::TriggerEvent::Update(columns) => columns.as_slice(),
        _ => &[],
    })
}

/// The SQL text of an index: its key expressions and its predicate.
fn index_exprs(index: &crate::ir::Index) -> impl Iterator<Item = &String> {
    index
        .elements
        .iter()
        .filter_map(|element| match &element.key {
            crate::ir::IndexKey::Expr(expr) => Some(expr),
            crate::ir::IndexKey::Column(_) => None,
        })
        .chain(index.predicate.iter())
}

/// What an object carried whole provides: itself, and the name an aggregate
/// is called by or a foreign table is read by.
fn object_resources(id: &ObjectId) -> Vec<Res> {
    let mut res = vec![Res::Object(id.clone())];
    match id.kind {
        WholeKind::Aggregate => res.extend(leading_name(id).map(Res::Function)),
        WholeKind::ForeignTable => res.extend(leading_name(id).map(Res::Relation)),
        _ => {}
    }
    res
}

fn comment_requires(target: &CommentTarget) -> Vec<Res> {
    match target {
        CommentTarget::Extension(name) => vec![Res::Extension(name.clone())],
        CommentTarget::Schema(name) => vec![Res::Schema(name.clone())],
        CommentTarget::Enum(name) | CommentTarget::Domain(name) | CommentTarget::Composite(name) => {
            vec![Res::Type(name.clone())]
        }
        CommentTarget::Sequence(name) | CommentTarget::Table(name) | CommentTarget::View { name, .. } => {
            vec![Res::Relation(name.clone())]
        }
        CommentTarget::Column(table, column) => {
            vec![Res::Relation(table.clone()), Res::Column(table.clone(), column.clone())]
        }
        CommentTarget::Constraint(table, name) => {
            vec![Res::Relation(table.clone()), Res::Constraint(table.clone(), name.clone())]
        }
        CommentTarget::Index(table, name) => {
            vec![Res::Relation(table.clone()), Res::Relation(QualName::new(table.schema.clone(), name.clone()))]
        }
        CommentTarget::Trigger(table, name) => {
            vec![Res::Relation(table.clone()), Res::Trigger(table.clone(), name.clone())]
        }
        CommentTarget::Function { name, .. } => vec![Res::Function(name.clone())],
        CommentTarget::Object(id) => vec![Res::Object(id.clone())],
        CommentTarget::Policy(table, name) => {
            vec![Res::Relation(table.clone()), Res::Policy(table.clone(), name.clone())]
        }
    }
}
