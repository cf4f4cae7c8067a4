//! Two catalogs → the changes that turn the first into the second.
//!
//! Objects are matched by key. A rename comes only from an explicit
//! `@renamed_from` hint in the target's [`Meta`], never from a guess; a likely
//! missed rename becomes a `possible-rename` hazard instead.
//!
//! The diff decides *what* changes, including the changes PostgreSQL forces
//! around another one: a view over a column whose type changes is dropped and
//! created again, a foreign key on a key that is recreated is recreated too.
//! The order is the planner's business (`plan::graph`).
//!
//! Matching is by `IndexMap` lookup, so the diff is linear in the size of the
//! catalogs. Iteration follows the target's order, then the source's.
//!
//! **Architecture Invariant:** no I/O.

/// `match` on a change's kind, binding the kind's own change as `$c`.
macro_rules! each_kind {
    ($change:expr, $c:ident => $body:expr) => {
        match $change {
            Change::Extension($c) => $body,
            Change::Schema($c) => $body,
            Change::Enum($c) => $body,
            Change::Domain($c) => $body,
            Change::Sequence($c) => $body,
            Change::Table($c) => $body,
            Change::Column($c) => $body,
            Change::Constraint($c) => $body,
            Change::Index($c) => $body,
            Change::View($c) => $body,
            Change::Function($c) => $body,
            Change::Trigger($c) => $body,
            Change::Comment($c) => $body,
            Change::Object($c) => $body,
            Change::Composite($c) => $body,
            Change::Policy($c) => $body,
            Change::Privilege($c) => $body,
        }
    };
}

mod change;
mod column;
mod comment;
mod composite;
mod constraint;
mod domain;
mod enums;
mod extension;
mod function;
mod index;
mod object;
mod policy;
mod privilege;
pub(crate) mod scan;
mod schema;
mod sequence;
mod table;
mod trigger;
mod undo;
mod view;

pub use change::{Change, CommentTarget, EnumColumn, EnumPosition, Sign, is_binary_coercible, is_widening, tables_of};
pub use column::ColumnChange;
pub use comment::CommentChange;
pub use composite::CompositeChange;
pub use constraint::ConstraintChange;
pub(crate) use constraint::constraint_columns;
pub use domain::DomainChange;
pub use enums::EnumChange;
pub use extension::ExtensionChange;
pub use function::FunctionChange;
pub use index::IndexChange;
pub(crate) use index::{index_columns, unique_index_columns};
pub use object::ObjectChange;
pub(crate) use object::{leading_name, object_schema};
pub use policy::PolicyChange;
pub use privilege::{DefaultGrants, Grants, Noun, ObjectRef, PrivilegeChange};
pub(crate) use privilege::{identity_sequence_column, restore, restore_default_privileges};
pub use schema::SchemaChange;
pub use sequence::SequenceChange;
pub use table::TableChange;
pub(crate) use table::replica_identity_words;
pub use trigger::TriggerChange;
pub use view::ViewChange;

use change::{routine_word, view_word};
use column::column_recreated;
use constraint::sorted;
use enums::added_labels;
use undo::with_comment;

use crate::hazard::{Hazard, HazardSeverity};
use crate::ir::*;
use crate::sqltext;
use indexmap::{IndexMap, IndexSet};
use scan::Lookup;
use std::hash::Hash;

/// The changes between two catalogs, in no particular order, and the hazards
/// that concern more than one change (each change also carries its own:
/// [`Change::hazards`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    pub changes: Vec<Change>,
    pub hazards: Vec<Hazard>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The changes that turn `from` into `to`. `to_meta` gives the rename and
/// backfill hints of the target schema.
pub fn diff(from: &Catalog, to: &Catalog, to_meta: &Meta) -> ChangeSet {
    diff_with_facts(from, &Facts::default(), to, to_meta)
}

/// [`diff`], knowing the dependencies PostgreSQL records for `from` (a live
/// source): a view tied to a column, type or function that changes goes and
/// comes back even when its body does not name it.
pub fn diff_with_facts(from: &Catalog, from_facts: &Facts, to: &Catalog, to_meta: &Meta) -> ChangeSet {
    let mut ctx =
        Ctx { from, to, meta: to_meta, facts: from_facts, renames: Renames::default(), res: ChangeSet::default() };
    ctx.extensions();
    ctx.schemas();

    let enums = ctx.pair_enums();
    let recreated_enums: IndexSet<QualName> = enums
        .iter()
        .filter_map(|pair| match (pair.old, pair.new) {
            (Some((_, old)), Some((_, new))) if added_labels(&old.labels, &new.labels).is_none() => {
                Some(new.name.clone())
            }
            _ => None,
        })
        .collect();
    let tables = ctx.pair_tables();
    let analysis = ctx.analyse_columns(&tables, &recreated_enums);

    ctx.enums(&enums, &analysis);
    ctx.composites();
    ctx.domains();
    ctx.sequences(&analysis);
    ctx.tables(&tables, &analysis);
    ctx.views(&analysis);
    ctx.functions();
    ctx.objects();
    ctx.privileges();
    ctx.res
}

// ---------------------------------------------------------------------------
// Matching

/// One object matched across the catalogs: on both sides, only in `from`
/// (dropped) or only in `to` (created).
struct Pair<'a, K, T> {
    old: Option<(&'a K, &'a T)>,
    new: Option<(&'a K, &'a T)>,
    renamed: bool,
}

/// The pairs of a matching, and the hints that were ignored as (new, old) keys.
type Pairing<'a, K, T> = (Vec<Pair<'a, K, T>>, Vec<(K, K)>);

/// Matches by key, then by rename hint (`hint` gives the old key of a new
/// one). A hint is taken when its old key exists in `from`, is gone from `to`
/// and is not matched already. Returns the pairs (target order, then the
/// dropped ones in source order) and the hints that were ignored because both
/// names exist in `from`.
fn pair_up<'a, K: Hash + Eq + Clone, T>(
    from: &'a IndexMap<K, T>,
    to: &'a IndexMap<K, T>,
    hint: impl Fn(&K) -> Option<K>,
) -> Pairing<'a, K, T> {
    let mut claimed: IndexSet<&K> = IndexSet::new();
    let mut slots: Vec<Option<(&K, &T)>> = Vec::with_capacity(to.len());
    for key in to.keys() {
        let slot = from.get_key_value(key);
        if let Some((old_key, _)) = slot {
            claimed.insert(old_key);
        }
        slots.push(slot);
    }
    let mut renamed = vec![false; to.len()];
    let mut ignored = Vec::new();
    for (idx, key) in to.keys().enumerate() {
        let Some(old_key) = hint(key) else { continue };
        if old_key == *key || to.contains_key(&old_key) {
            continue;
        }
        let Some((found_key, found)) = from.get_key_value(&old_key) else { continue };
        if slots[idx].is_some() {
            ignored.push((key.clone(), old_key));
            continue;
        }
        if claimed.contains(found_key) {
            continue;
        }
        claimed.insert(found_key);
        slots[idx] = Some((found_key, found));
        renamed[idx] = true;
    }
    let mut res: Vec<Pair<'a, K, T>> =
        to.iter().zip(slots).zip(renamed).map(|((new, old), renamed)| Pair { old, new: Some(new), renamed }).collect();
    for old in from.iter() {
        if !claimed.contains(old.0) {
            res.push(Pair { old: Some(old), new: None, renamed: false });
        }
    }
    (res, ignored)
}

/// Old names of renamed objects, to compare old definitions in new names.
#[derive(Default)]
struct Renames {
    /// Old table → new table.
    tables: IndexMap<QualName, QualName>,
    /// (old table, old column) → new column.
    columns: IndexMap<(QualName, Ident), Ident>,
    /// Old enum → new enum.
    enums: IndexMap<QualName, QualName>,
}

impl Renames {
    fn table(&self, old: &QualName) -> QualName {
        self.tables.get(old).cloned().unwrap_or_else(|| old.clone())
    }

    fn column(&self, old_table: &QualName, old: &Ident) -> Ident {
        if self.columns.is_empty() {
            return old.clone();
        }
        self.columns.get(&(old_table.clone(), old.clone())).cloned().unwrap_or_else(|| old.clone())
    }

    fn columns(&self, old_table: &QualName, old: &[Ident]) -> Vec<Ident> {
        old.iter().map(|column| self.column(old_table, column)).collect()
    }

    fn data_type(&self, ty: &DataType) -> DataType {
        match &ty.base {
            BaseType::Named(name) => match self.enums.get(name) {
                Some(new) => DataType { base: BaseType::Named(new.clone()), array_dims: ty.array_dims },
                None => ty.clone(),
            },
            BaseType::Builtin(_) => ty.clone(),
        }
    }

    /// A constraint of `old_table` in new names (the comment is dropped: it is compared apart).
    fn constraint(&self, old_table: &QualName, constraint: &Constraint) -> Constraint {
        let kind = match &constraint.kind {
            ConstraintKind::PrimaryKey { columns } => {
                ConstraintKind::PrimaryKey { columns: self.columns(old_table, columns) }
            }
            ConstraintKind::Unique { columns, nulls_not_distinct } => ConstraintKind::Unique {
                columns: self.columns(old_table, columns),
                nulls_not_distinct: *nulls_not_distinct,
            },
            ConstraintKind::Check { expr } => ConstraintKind::Check { expr: expr.clone() },
            ConstraintKind::ForeignKey(fk) => {
                let mut fk = fk.clone();
                fk.columns = self.columns(old_table, &fk.columns);
                fk.ref_columns = self.columns(&fk.ref_table, &fk.ref_columns);
                fk.ref_table = self.table(&fk.ref_table);
                ConstraintKind::ForeignKey(fk)
            }
        };
        Constraint { name: constraint.name.clone(), kind, deferrable: constraint.deferrable, comment: None }
    }

    fn index(&self, old_table: &QualName, index: &Index) -> Index {
        let mut res = index.clone();
        res.comment = None;
        for element in &mut res.elements {
            if let IndexKey::Column(column) = &mut element.key {
                *column = self.column(old_table, column);
            }
        }
        res.include = self.columns(old_table, &index.include);
        res
    }

    fn trigger(&self, old_table: &QualName, trigger: &Trigger) -> Trigger {
        let mut res = trigger.clone();
        res.comment = None;
        for event in &mut res.events {
            if let TriggerEvent::Update(columns) = event {
                *columns = self.columns(old_table, columns);
            }
        }
        res
    }
}

fn qualified_hint(meta: &Meta, key: ObjectKey) -> Option<QualName> {
    match meta.renamed_from.get(&key)? {
        RenamedFrom::Qualified(name) => Some(name.clone()),
        RenamedFrom::Local(name) => match key {
            ObjectKey::Table(new) | ObjectKey::Enum(new) | ObjectKey::View(new) => {
                Some(QualName::new(new.schema, name.clone()))
            }
            _ => None,
        },
    }
}

/// PostgreSQL keeps constraint and index names when a table is renamed, while
/// names derived from the new table name change (`addresses_pkey` becomes
/// `customer_addresses_pkey`). A renamed table's `<new table>_<rest>` is taken
/// to be its `<old table>_<rest>`, so that the plan renames it instead of
/// dropping and rebuilding an identical key or index.
fn derived_name_before_rename<T>(
    name: &Ident,
    old_table: &QualName,
    new_table: &QualName,
    old_items: &IndexMap<Ident, T>,
) -> Option<Ident> {
    if old_items.contains_key(name) {
        return None;
    }
    let rest = name.strip_prefix(&new_table.name)?.strip_prefix('_')?;
    let old_name = format!("{}_{rest}", old_table.name);
    old_items.contains_key(&old_name).then_some(old_name)
}

fn local_hint(meta: &Meta, key: ObjectKey) -> Option<Ident> {
    match meta.renamed_from.get(&key)? {
        RenamedFrom::Local(name) => Some(name.clone()),
        RenamedFrom::Qualified(name) => Some(name.name.clone()),
    }
}

// ---------------------------------------------------------------------------
// Tables and columns, matched

struct TablePair<'a> {
    old: &'a Table,
    new: &'a Table,
    renamed: bool,
    columns: Vec<Pair<'a, Ident, Column>>,
}

enum TableMatch<'a> {
    Both(TablePair<'a>),
    Created(&'a Table),
    Dropped(&'a Table),
}

/// Column facts the other object kinds depend on.
#[derive(Default)]
struct ColumnAnalysis {
    /// Generated columns dropped and added again (new names).
    recreated: IndexSet<(QualName, Ident)>,
    /// Columns whose type changes or that go away (old names): views over them
    /// must be dropped first.
    touched: IndexSet<(QualName, Ident)>,
    /// Columns dropped, with the tables dropped (old names).
    dropped: IndexSet<(QualName, Ident)>,
    /// Columns of a recreated enum type that keep it, by new enum name.
    enum_columns: IndexMap<QualName, Vec<EnumColumn>>,
    /// Columns that get an `ALTER COLUMN … TYPE` (new names).
    type_changed: IndexSet<(QualName, Ident)>,
    /// Columns converted by an enum's recreation (new names).
    enum_converted: IndexSet<(QualName, Ident)>,
}

struct Ctx<'a> {
    from: &'a Catalog,
    to: &'a Catalog,
    meta: &'a Meta,
    /// What PostgreSQL records about `from`.
    facts: &'a Facts,
    renames: Renames,
    res: ChangeSet,
}

impl<'a> Ctx<'a> {
    fn push(&mut self, change: Change) {
        self.res.changes.push(change);
    }

    fn hazard(&mut self, code: &'static str, severity: HazardSeverity, message: String, object: ObjectKey) {
        let span = self.meta.span(&object);
        self.res.hazards.push(Hazard { code, severity, message, object: Some(object), span });
    }

    fn comment(&mut self, target: CommentTarget, old: Option<&String>, new: Option<&String>) {
        if old != new {
            self.push(Change::Comment(CommentChange::SetComment {
                target,
                comment: new.cloned(),
                previous: old.cloned(),
            }));
        }
    }

    fn ignored_hints<K: std::fmt::Display>(&mut self, kind: &str, ignored: Vec<(K, K)>, key: impl Fn(&K) -> ObjectKey) {
        for (new, old) in ignored {
            self.hazard(
                "ignored-rename-hint",
                HazardSeverity::Warning,
                format!("{kind} {new} is marked as renamed from {old}, but both exist in the current schema; {old} is dropped instead"),
                key(&new),
            );
        }
    }

    // -- extensions and schemas

    // -- enums

    // -- domains

    // -- sequences

    // -- tables

    // -- views

    // -- functions
}

struct TableDecision<'a> {
    constraints: Vec<(Pair<'a, Ident, Constraint>, Outcome)>,
    indexes: Vec<(Pair<'a, Ident, Index>, Outcome)>,
}

enum Outcome {
    Created,
    Dropped,
    /// Dropped and created again.
    Recreated,
    Kept {
        renamed: bool,
    },
}

#[cfg(test)]
mod tests;
