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

mod change;
pub(crate) mod scan;
mod undo;

pub use change::{Change, CommentTarget, EnumColumn, EnumPosition, Sign, is_binary_coercible, is_widening, tables_of};

use crate::ir::{
    BaseType, Catalog, Column, Constraint, ConstraintKind, DataType, Domain, Enum, Facts, Function, Ident, Index,
    IndexKey, Meta, ObjectKey, QualName, RenamedFrom, Sequence, Table, Trigger, TriggerEvent, View,
};
use crate::hazard::{Hazard, HazardSeverity};
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
    ctx.domains();
    ctx.sequences(&analysis);
    ctx.tables(&tables, &analysis);
    ctx.views(&analysis);
    ctx.functions();
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

/// The labels added to `old` to get `new`, each with its position, when `new`
/// only inserts labels; `None` when a label is removed or moved.
fn added_labels(old: &[String], new: &[String]) -> Option<Vec<(String, Option<EnumPosition>)>> {
    let mut res = Vec::new();
    let mut old_idx = 0;
    for (idx, label) in new.iter().enumerate() {
        if old.get(old_idx) == Some(label) {
            old_idx += 1;
            continue;
        }
        if old.contains(label) {
            return None;
        }
        // After the label before it (added just before if it is new), or
        // for a new first label, before the first existing one.
        let position = if idx > 0 {
            Some(EnumPosition::After(new[idx - 1].clone()))
        } else {
            old.first().map(|first| EnumPosition::Before(first.clone()))
        };
        res.push((label.clone(), position));
    }
    if old_idx != old.len() {
        return None;
    }
    Some(res)
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

/// How a column on both sides changes shape.
fn column_recreated(old: &Column, new: &Column) -> bool {
    new.generated.is_some() && old.generated != new.generated
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
            self.push(Change::SetComment { target, comment: new.cloned(), previous: old.cloned() });
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

    fn extensions(&mut self) {
        let (pairs, _) = pair_up(&self.from.extensions, &self.to.extensions, |_| None);
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::CreateExtension(new.clone()));
                    self.comment(CommentTarget::Extension(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => self.push(Change::DropExtension(old.clone())),
                (Some((_, old)), Some((_, new))) => {
                    if old.schema != new.schema && new.schema.is_some() {
                        let schema = new.schema.clone().unwrap_or_else(|| "public".to_string());
                        self.push(Change::SetExtensionSchema {
                            name: new.name.clone(),
                            schema,
                            previous: old.schema.clone(),
                        });
                    }
                    self.comment(
                        CommentTarget::Extension(new.name.clone()),
                        old.comment.as_ref(),
                        new.comment.as_ref(),
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn schemas(&mut self) {
        let (pairs, _) = pair_up(&self.from.schemas, &self.to.schemas, |_| None);
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::CreateSchema(new.clone()));
                    self.comment(CommentTarget::Schema(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => self.push(Change::DropSchema(old.clone())),
                (Some((_, old)), Some((_, new))) => {
                    self.comment(CommentTarget::Schema(new.name.clone()), old.comment.as_ref(), new.comment.as_ref())
                }
                (None, None) => {}
            }
        }
    }

    // -- enums

    fn pair_enums(&mut self) -> Vec<Pair<'a, QualName, Enum>> {
        let meta = self.meta;
        let (pairs, ignored) =
            pair_up(&self.from.enums, &self.to.enums, |name| qualified_hint(meta, ObjectKey::Enum(name.clone())));
        self.ignored_hints("enum", ignored, |name| ObjectKey::Enum(name.clone()));
        for pair in &pairs {
            if let (true, Some((_, old)), Some((_, new))) = (pair.renamed, pair.old, pair.new) {
                self.renames.enums.insert(old.name.clone(), new.name.clone());
            }
        }
        pairs
    }

    fn enums(&mut self, pairs: &[Pair<'a, QualName, Enum>], analysis: &ColumnAnalysis) {
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::CreateEnum(new.clone()));
                    self.comment(CommentTarget::Enum(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => self.push(Change::DropEnum(old.clone())),
                (Some((_, old)), Some((_, new))) => {
                    if pair.renamed {
                        self.push(Change::RenameEnum { from: old.name.clone(), to: new.name.clone() });
                    }
                    let mut old_comment = old.comment.as_ref();
                    match added_labels(&old.labels, &new.labels) {
                        Some(added) => {
                            for (value, position) in added {
                                self.push(Change::AddEnumValue { name: new.name.clone(), value, position });
                            }
                        }
                        None => {
                            // The new type starts without the old one's comment.
                            old_comment = None;
                            let removed =
                                old.labels.iter().filter(|label| !new.labels.contains(label)).cloned().collect();
                            let columns = analysis.enum_columns.get(&new.name).cloned().unwrap_or_default();
                            self.push(Change::RecreateEnum {
                                name: new.name.clone(),
                                labels: new.labels.clone(),
                                removed,
                                columns,
                                previous: old.labels.clone(),
                                previous_comment: old.comment.clone(),
                            });
                        }
                    }
                    self.comment(CommentTarget::Enum(new.name.clone()), old_comment, new.comment.as_ref());
                }
                (None, None) => {}
            }
        }
    }

    // -- domains

    fn domains(&mut self) {
        let (pairs, _) = pair_up(&self.from.domains, &self.to.domains, |_| None);
        let mut used: Option<IndexSet<QualName>> = None;
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => self.create_domain(new),
                (Some((_, old)), None) => self.push(Change::DropDomain(old.clone())),
                (Some((_, old)), Some((_, new))) => {
                    if self.renames.data_type(&old.base) != new.base || old.collation != new.collation {
                        let used = used.get_or_insert_with(|| domains_in_use(self.from, self.to));
                        if used.contains(&new.name) {
                            self.hazard(
                                "unsupported-change",
                                HazardSeverity::Error,
                                format!(
                                    "cannot change the base type or collation of domain {} while columns use it; create a new domain and change the columns to it",
                                    new.name
                                ),
                                ObjectKey::Domain(new.name.clone()),
                            );
                        } else {
                            self.push(Change::DropDomain(old.clone()));
                            self.create_domain(new);
                        }
                        continue;
                    }
                    self.alter_domain(old, new);
                }
                (None, None) => {}
            }
        }
    }

    fn create_domain(&mut self, domain: &Domain) {
        self.push(Change::CreateDomain(domain.clone()));
        self.comment(CommentTarget::Domain(domain.name.clone()), None, domain.comment.as_ref());
    }

    fn alter_domain(&mut self, old: &Domain, new: &Domain) {
        let name = &new.name;
        if old.default != new.default {
            self.push(Change::SetDomainDefault {
                name: name.clone(),
                default: new.default.clone(),
                previous: old.default.clone(),
            });
        }
        if old.not_null != new.not_null {
            self.push(Change::SetDomainNotNull { name: name.clone(), not_null: new.not_null });
        }
        for (constraint, expr) in &old.checks {
            if new.checks.get(constraint) != Some(expr) {
                self.push(Change::DropDomainConstraint {
                    name: name.clone(),
                    constraint: constraint.clone(),
                    expr: expr.clone(),
                });
            }
        }
        for (constraint, expr) in &new.checks {
            if old.checks.get(constraint) != Some(expr) {
                self.push(Change::AddDomainConstraint {
                    name: name.clone(),
                    constraint: constraint.clone(),
                    expr: expr.clone(),
                });
            }
        }
        self.comment(CommentTarget::Domain(name.clone()), old.comment.as_ref(), new.comment.as_ref());
    }

    // -- sequences

    fn sequences(&mut self, analysis: &ColumnAnalysis) {
        let (pairs, _) = pair_up(&self.from.sequences, &self.to.sequences, |_| None);
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::CreateSequence(new.clone()));
                    if new.owned_by.is_some() {
                        self.push(Change::SetSequenceOwner {
                            name: new.name.clone(),
                            owned_by: new.owned_by.clone(),
                            previous: None,
                        });
                    }
                    self.comment(CommentTarget::Sequence(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => {
                    // Dropping the owner column would drop the sequence with it.
                    if let Some((table, column)) = &old.owned_by
                        && analysis.dropped.contains(&(table.clone(), column.clone()))
                    {
                        self.push(Change::SetSequenceOwner {
                            name: old.name.clone(),
                            owned_by: None,
                            previous: old.owned_by.clone(),
                        });
                    }
                    self.push(Change::DropSequence(old.clone()));
                }
                (Some((_, old)), Some((_, new))) => self.alter_sequence(old, new, analysis),
                (None, None) => {}
            }
        }
    }

    fn alter_sequence(&mut self, old: &Sequence, new: &Sequence, analysis: &ColumnAnalysis) {
        if old.options != new.options {
            self.push(Change::AlterSequence {
                name: new.name.clone(),
                from: old.options.clone(),
                to: new.options.clone(),
            });
        }
        let old_owner = old
            .owned_by
            .as_ref()
            .map(|(table, column)| (self.renames.table(table), self.renames.column(table, column)));
        // A recreated owner column drops the sequence's ownership with it.
        let owner_recreated = new
            .owned_by
            .as_ref()
            .is_some_and(|owner| analysis.recreated.contains(owner) && old_owner.as_ref() == Some(owner));
        if old_owner != new.owned_by || owner_recreated {
            // Two changes: the old owner may have to go before the new one exists.
            if old.owned_by.is_some() {
                self.push(Change::SetSequenceOwner {
                    name: new.name.clone(),
                    owned_by: None,
                    previous: old.owned_by.clone(),
                });
            }
            if new.owned_by.is_some() {
                self.push(Change::SetSequenceOwner {
                    name: new.name.clone(),
                    owned_by: new.owned_by.clone(),
                    previous: None,
                });
            }
        }
        self.comment(CommentTarget::Sequence(new.name.clone()), old.comment.as_ref(), new.comment.as_ref());
    }

    // -- tables

    fn pair_tables(&mut self) -> Vec<TableMatch<'a>> {
        let meta = self.meta;
        let (pairs, ignored) =
            pair_up(&self.from.tables, &self.to.tables, |name| qualified_hint(meta, ObjectKey::Table(name.clone())));
        self.ignored_hints("table", ignored, |name| ObjectKey::Table(name.clone()));
        let mut res = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => res.push(TableMatch::Created(new)),
                (Some((_, old)), None) => res.push(TableMatch::Dropped(old)),
                (Some((_, old)), Some((_, new))) => {
                    if pair.renamed {
                        self.renames.tables.insert(old.name.clone(), new.name.clone());
                    }
                    let (columns, ignored) = if meta.renamed_from.is_empty() {
                        pair_up(&old.columns, &new.columns, |_| None)
                    } else {
                        pair_up(&old.columns, &new.columns, |column| {
                            local_hint(meta, ObjectKey::Column(new.name.clone(), column.clone()))
                        })
                    };
                    self.ignored_hints("column", ignored, |column| ObjectKey::Column(new.name.clone(), column.clone()));
                    for column in &columns {
                        if let (true, Some((_, old_column)), Some((_, new_column))) =
                            (column.renamed, column.old, column.new)
                        {
                            self.renames
                                .columns
                                .insert((old.name.clone(), old_column.name.clone()), new_column.name.clone());
                        }
                    }
                    res.push(TableMatch::Both(TablePair { old, new, renamed: pair.renamed, columns }));
                }
                (None, None) => {}
            }
        }
        res
    }

    fn analyse_columns(&self, tables: &[TableMatch<'a>], recreated_enums: &IndexSet<QualName>) -> ColumnAnalysis {
        let mut res = ColumnAnalysis::default();
        for table in tables {
            match table {
                TableMatch::Created(_) => {}
                TableMatch::Dropped(old) => {
                    for column in old.columns.keys() {
                        res.dropped.insert((old.name.clone(), column.clone()));
                        res.touched.insert((old.name.clone(), column.clone()));
                    }
                }
                TableMatch::Both(pair) => {
                    for column in &pair.columns {
                        match (column.old, column.new) {
                            (Some((_, old)), None) => {
                                res.dropped.insert((pair.old.name.clone(), old.name.clone()));
                                res.touched.insert((pair.old.name.clone(), old.name.clone()));
                            }
                            (Some((_, old)), Some((_, new))) => {
                                let old_key = (pair.old.name.clone(), old.name.clone());
                                if column_recreated(old, new) {
                                    res.recreated.insert((pair.new.name.clone(), new.name.clone()));
                                    res.dropped.insert(old_key.clone());
                                    res.touched.insert(old_key);
                                } else if self.renames.data_type(&old.ty) != new.ty || old.collation != new.collation {
                                    res.type_changed.insert((pair.new.name.clone(), new.name.clone()));
                                    res.touched.insert(old_key);
                                } else if let BaseType::Named(type_name) = &new.ty.base
                                    && recreated_enums.contains(type_name)
                                {
                                    res.touched.insert(old_key);
                                    res.enum_converted.insert((pair.new.name.clone(), new.name.clone()));
                                    res.enum_columns.entry(type_name.clone()).or_default().push(EnumColumn {
                                        table: pair.new.name.clone(),
                                        column: new.name.clone(),
                                        array_dims: new.ty.array_dims,
                                        previous_default: old.default.clone(),
                                        default: new.default.clone(),
                                    });
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        res
    }

    fn tables(&mut self, tables: &[TableMatch<'a>], analysis: &ColumnAnalysis) {
        // Keys (primary key, unique constraint or unique index) that are dropped
        // or recreated: foreign keys on them must be recreated too.
        let mut changed_keys: IndexSet<(QualName, Vec<Ident>)> = IndexSet::new();
        let mut decisions = Vec::with_capacity(tables.len());
        for table in tables {
            let decision = match table {
                TableMatch::Both(pair) => Some(self.decide_table(pair, analysis, &mut changed_keys)),
                _ => None,
            };
            decisions.push(decision);
        }
        let split_foreign_keys = foreign_keys_in_drop_cycles(tables);
        let mut dropped_signatures: IndexMap<Vec<(Ident, DataType)>, &Table> = IndexMap::new();
        for table in tables {
            if let TableMatch::Dropped(old) = table {
                dropped_signatures.entry(self.signature(old, true)).or_insert(old);
            }
        }
        for (table, decision) in tables.iter().zip(decisions) {
            match table {
                TableMatch::Created(new) => {
                    self.create_table(new);
                    if !dropped_signatures.is_empty()
                        && !self.meta.renamed_from.contains_key(&ObjectKey::Table(new.name.clone()))
                    {
                        let signature = self.signature(new, false);
                        if let Some(old) = dropped_signatures.get(&signature) {
                            let message = format!(
                                "table {} is created and table {} is dropped with the same columns; if this is a rename, mark it with @renamed_from({}) to keep the rows",
                                new.name, old.name, old.name
                            );
                            self.hazard(
                                "possible-rename",
                                HazardSeverity::Warning,
                                message,
                                ObjectKey::Table(new.name.clone()),
                            );
                        }
                    }
                }
                TableMatch::Dropped(old) => {
                    for constraint in old.constraints.values() {
                        if split_foreign_keys.contains(&(&old.name, &constraint.name)) {
                            // Dropped apart: the tables reference each other in a cycle.
                            self.push(Change::DropConstraint {
                                table: old.name.clone(),
                                constraint: constraint.clone(),
                            });
                        }
                    }
                    self.push(Change::DropTable((*old).clone()));
                }
                TableMatch::Both(pair) => {
                    if let Some(decision) = decision {
                        self.alter_table(pair, decision, analysis, &changed_keys);
                    }
                }
            }
        }
    }

    /// Column names and types, sorted by name (old types in new names when `old`).
    fn signature(&self, table: &Table, old: bool) -> Vec<(Ident, DataType)> {
        let mut res: Vec<(Ident, DataType)> = table
            .columns
            .values()
            .map(|column| {
                let ty = if old { self.renames.data_type(&column.ty) } else { column.ty.clone() };
                (column.name.clone(), ty)
            })
            .collect();
        res.sort();
        res
    }

    fn create_table(&mut self, table: &Table) {
        self.push(Change::CreateTable(table.clone()));
        let name = &table.name;
        for constraint in table.constraints.values() {
            if matches!(constraint.kind, ConstraintKind::ForeignKey(_)) {
                self.push(Change::AddConstraint {
                    table: name.clone(),
                    constraint: constraint.clone(),
                    table_is_new: true,
                });
            }
        }
        for index in table.indexes.values() {
            self.push(Change::CreateIndex { table: name.clone(), index: index.clone() });
        }
        for trigger in table.triggers.values() {
            self.push(Change::CreateTrigger { table: name.clone(), trigger: trigger.clone() });
        }
        self.comment(CommentTarget::Table(name.clone()), None, table.comment.as_ref());
        for column in table.columns.values() {
            self.comment(CommentTarget::Column(name.clone(), column.name.clone()), None, column.comment.as_ref());
        }
        for constraint in table.constraints.values() {
            self.comment(
                CommentTarget::Constraint(name.clone(), constraint.name.clone()),
                None,
                constraint.comment.as_ref(),
            );
        }
        for index in table.indexes.values() {
            self.comment(CommentTarget::Index(name.clone(), index.name.clone()), None, index.comment.as_ref());
        }
        for trigger in table.triggers.values() {
            self.comment(CommentTarget::Trigger(name.clone(), trigger.name.clone()), None, trigger.comment.as_ref());
        }
    }

    /// Pairs the constraints and indexes of a table and decides which change;
    /// records the keys that go away.
    fn decide_table(
        &mut self,
        pair: &TablePair<'a>,
        analysis: &ColumnAnalysis,
        changed_keys: &mut IndexSet<(QualName, Vec<Ident>)>,
    ) -> TableDecision<'a> {
        let meta = self.meta;
        let new_name = &pair.new.name;
        let old_name = &pair.old.name;
        let recreated = |column: &Ident| analysis.recreated.contains(&(new_name.clone(), column.clone()));

        let renamed_table = pair.renamed;
        let (constraints, ignored) = pair_up(&pair.old.constraints, &pair.new.constraints, |name| {
            local_hint(meta, ObjectKey::Constraint(new_name.clone(), name.clone())).or_else(|| {
                renamed_table.then(|| derived_name_before_rename(name, old_name, new_name, &pair.old.constraints))?
            })
        });
        self.ignored_hints("constraint", ignored, |name| ObjectKey::Constraint(new_name.clone(), name.clone()));
        let mut constraint_outcomes = Vec::with_capacity(constraints.len());
        for constraint in constraints {
            let outcome = match (constraint.old, constraint.new) {
                (Some((_, old)), Some((_, new))) => {
                    let translated = self.renames.constraint(old_name, old);
                    let same = translated.kind == new.kind && translated.deferrable == new.deferrable;
                    let mentions_recreated = constraint_columns(new).iter().any(recreated);
                    if same && !mentions_recreated {
                        Outcome::Kept { renamed: constraint.renamed }
                    } else {
                        Outcome::Recreated
                    }
                }
                (Some(_), None) => Outcome::Dropped,
                (None, Some(_)) => Outcome::Created,
                (None, None) => continue,
            };
            if let (Outcome::Recreated | Outcome::Dropped, Some((_, old))) = (&outcome, constraint.old)
                && let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } = &old.kind
            {
                changed_keys.insert((old_name.clone(), sorted(columns)));
            }
            constraint_outcomes.push((constraint, outcome));
        }

        let (indexes, ignored) = pair_up(&pair.old.indexes, &pair.new.indexes, |name| {
            local_hint(meta, ObjectKey::Index(new_name.clone(), name.clone())).or_else(|| {
                renamed_table.then(|| derived_name_before_rename(name, old_name, new_name, &pair.old.indexes))?
            })
        });
        self.ignored_hints("index", ignored, |name| ObjectKey::Index(new_name.clone(), name.clone()));
        let mut index_outcomes = Vec::with_capacity(indexes.len());
        for index in indexes {
            let outcome = match (index.old, index.new) {
                (Some((_, old)), Some((_, new))) => {
                    let mut translated = self.renames.index(old_name, old);
                    translated.name = new.name.clone();
                    let mut bare_new = new.clone();
                    bare_new.comment = None;
                    if translated == bare_new && !index_columns(new).iter().any(recreated) {
                        Outcome::Kept { renamed: index.renamed }
                    } else {
                        Outcome::Recreated
                    }
                }
                (Some(_), None) => Outcome::Dropped,
                (None, Some(_)) => Outcome::Created,
                (None, None) => continue,
            };
            if let (Outcome::Recreated | Outcome::Dropped, Some((_, old))) = (&outcome, index.old)
                && let Some(columns) = unique_index_columns(old)
            {
                changed_keys.insert((old_name.clone(), sorted(&columns)));
            }
            index_outcomes.push((index, outcome));
        }
        TableDecision { constraints: constraint_outcomes, indexes: index_outcomes }
    }

    fn alter_table(
        &mut self,
        pair: &TablePair<'a>,
        decision: TableDecision<'a>,
        analysis: &ColumnAnalysis,
        changed_keys: &IndexSet<(QualName, Vec<Ident>)>,
    ) {
        let name = &pair.new.name;
        let old_name = &pair.old.name;
        if pair.renamed {
            self.push(Change::RenameTable { from: old_name.clone(), to: name.clone() });
        }
        if pair.old.unlogged != pair.new.unlogged {
            self.push(Change::SetTableLogged { table: name.clone(), unlogged: pair.new.unlogged });
        }

        // Columns.
        let mut dropped_columns: IndexMap<DataType, &Column> = IndexMap::new();
        for column in &pair.columns {
            if let (Some((_, old)), None) = (column.old, column.new) {
                dropped_columns.entry(self.renames.data_type(&old.ty)).or_insert(old);
            }
        }
        for column in &pair.columns {
            match (column.old, column.new) {
                (None, Some((_, new))) => {
                    let backfill = self.backfill_for(name, new);
                    let domain_not_null = self.domain_not_null(new);
                    self.push(Change::AddColumn {
                        table: name.clone(),
                        column: new.clone(),
                        backfill,
                        domain_not_null,
                    });
                    self.comment(CommentTarget::Column(name.clone(), new.name.clone()), None, new.comment.as_ref());
                    let hinted =
                        self.meta.renamed_from.contains_key(&ObjectKey::Column(name.clone(), new.name.clone()));
                    if let Some(old) = dropped_columns.get(&new.ty)
                        && !hinted
                    {
                        let message = format!(
                            "column {name}.{} is added and column {name}.{} is dropped with the same type; if this is a rename, mark it with @renamed_from({}) to keep the values",
                            new.name, old.name, old.name
                        );
                        self.hazard(
                            "possible-rename",
                            HazardSeverity::Warning,
                            message,
                            ObjectKey::Column(name.clone(), new.name.clone()),
                        );
                    }
                }
                (Some((_, old)), None) => self.push(Change::DropColumn { table: name.clone(), column: old.clone() }),
                (Some((_, old)), Some((_, new))) => self.alter_column(name, old, new, column.renamed, analysis),
                (None, None) => {}
            }
        }

        // Constraints.
        for (constraint, outcome) in decision.constraints {
            match (outcome, constraint.old, constraint.new) {
                (Outcome::Created, _, Some((_, new))) => self.add_constraint(name, new),
                (Outcome::Dropped, Some((_, old)), _) => {
                    self.push(Change::DropConstraint { table: name.clone(), constraint: old.clone() })
                }
                (Outcome::Recreated, Some((_, old)), Some((_, new))) => {
                    self.push(Change::DropConstraint { table: name.clone(), constraint: old.clone() });
                    self.add_constraint(name, new);
                }
                (Outcome::Kept { renamed }, Some((_, old)), Some((_, new))) => {
                    let forced = match &old.kind {
                        ConstraintKind::ForeignKey(fk) => {
                            changed_keys.contains(&(fk.ref_table.clone(), sorted(&fk.ref_columns)))
                        }
                        _ => false,
                    };
                    if forced {
                        self.push(Change::DropConstraint { table: name.clone(), constraint: old.clone() });
                        self.add_constraint(name, new);
                        continue;
                    }
                    if renamed {
                        self.push(Change::RenameConstraint {
                            table: name.clone(),
                            from: old.name.clone(),
                            to: new.name.clone(),
                            kind: new.kind.clone(),
                        });
                    }
                    self.comment(
                        CommentTarget::Constraint(name.clone(), new.name.clone()),
                        old.comment.as_ref(),
                        new.comment.as_ref(),
                    );
                }
                _ => {}
            }
        }

        // Indexes.
        for (index, outcome) in decision.indexes {
            match (outcome, index.old, index.new) {
                (Outcome::Created, _, Some((_, new))) => self.create_index(name, new),
                (Outcome::Dropped, Some((_, old)), _) => {
                    self.push(Change::DropIndex { table: name.clone(), index: old.clone() })
                }
                (Outcome::Recreated, Some((_, old)), Some((_, new))) => {
                    self.push(Change::DropIndex { table: name.clone(), index: old.clone() });
                    self.create_index(name, new);
                }
                (Outcome::Kept { renamed }, Some((_, old)), Some((_, new))) => {
                    if renamed {
                        self.push(Change::RenameIndex {
                            table: name.clone(),
                            from: old.name.clone(),
                            to: new.name.clone(),
                        });
                    }
                    self.comment(
                        CommentTarget::Index(name.clone(), new.name.clone()),
                        old.comment.as_ref(),
                        new.comment.as_ref(),
                    );
                }
                _ => {}
            }
        }

        // Triggers.
        let (triggers, _) = pair_up(&pair.old.triggers, &pair.new.triggers, |_| None);
        for trigger in triggers {
            match (trigger.old, trigger.new) {
                (None, Some((_, new))) => self.create_trigger(name, new),
                (Some((_, old)), None) => self.push(Change::DropTrigger { table: name.clone(), trigger: old.clone() }),
                (Some((_, old)), Some((_, new))) => {
                    let mut bare_new = new.clone();
                    bare_new.comment = None;
                    if self.renames.trigger(old_name, old) != bare_new {
                        self.push(Change::DropTrigger { table: name.clone(), trigger: old.clone() });
                        self.create_trigger(name, new);
                    } else {
                        self.comment(
                            CommentTarget::Trigger(name.clone(), new.name.clone()),
                            old.comment.as_ref(),
                            new.comment.as_ref(),
                        );
                    }
                }
                (None, None) => {}
            }
        }

        self.comment(CommentTarget::Table(name.clone()), pair.old.comment.as_ref(), pair.new.comment.as_ref());
    }

    /// The `@backfill` of a new `not null` column that has no other way to fill
    /// existing rows (no default, identity or generation expression).
    /// Whether the column's type is a `not null` domain without a default.
    fn domain_not_null(&self, column: &Column) -> bool {
        match &column.ty.base {
            BaseType::Named(name) if column.ty.array_dims == 0 => {
                self.to.domains.get(name).is_some_and(|domain| domain.not_null && domain.default.is_none())
            }
            _ => false,
        }
    }

    fn backfill_for(&self, table: &QualName, column: &Column) -> Option<crate::ir::SqlText> {
        let needs_values =
            column.not_null && column.default.is_none() && column.identity.is_none() && column.generated.is_none();
        if !needs_values {
            return None;
        }
        self.meta.backfill.get(&(table.clone(), column.name.clone())).cloned()
    }

    fn alter_column(&mut self, table: &QualName, old: &Column, new: &Column, renamed: bool, analysis: &ColumnAnalysis) {
        let column = &new.name;
        if column_recreated(old, new) {
            // PostgreSQL 15 cannot change a generation expression in place.
            self.push(Change::DropColumn { table: table.clone(), column: old.clone() });
            let domain_not_null = self.domain_not_null(new);
            self.push(Change::AddColumn { table: table.clone(), column: new.clone(), backfill: None, domain_not_null });
            self.comment(CommentTarget::Column(table.clone(), column.clone()), None, new.comment.as_ref());
            return;
        }
        if renamed {
            self.push(Change::RenameColumn { table: table.clone(), from: old.name.clone(), to: column.clone() });
        }
        if old.generated.is_some() && new.generated.is_none() {
            self.push(Change::DropGenerated { table: table.clone(), column: column.clone() });
        }
        let mut default_done = false;
        if analysis.type_changed.contains(&(table.clone(), column.clone())) {
            let using = self.meta.backfill.get(&(table.clone(), column.clone())).cloned();
            self.push(Change::AlterColumnType {
                table: table.clone(),
                column: column.clone(),
                from: self.renames.data_type(&old.ty),
                to: new.ty.clone(),
                collation: new.collation.clone(),
                using,
                previous_default: old.default.clone(),
                default: if old.default.is_some() { new.default.clone() } else { None },
                previous_collation: old.collation.clone(),
            });
            default_done = old.default.is_some();
        }
        if analysis.enum_converted.contains(&(table.clone(), column.clone())) {
            // The enum's recreation drops the default and sets the new one.
            default_done = old.default.is_some();
        }
        if old.not_null != new.not_null {
            let change = if new.not_null {
                Change::SetNotNull { table: table.clone(), column: column.clone() }
            } else {
                Change::DropNotNull { table: table.clone(), column: column.clone() }
            };
            self.push(change);
        }
        if !default_done && old.default != new.default {
            match (&old.default, &new.default) {
                (previous, Some(default)) => self.push(Change::SetDefault {
                    table: table.clone(),
                    column: column.clone(),
                    default: default.clone(),
                    previous: previous.clone(),
                }),
                (Some(previous), None) => self.push(Change::DropDefault {
                    table: table.clone(),
                    column: column.clone(),
                    previous: previous.clone(),
                }),
                (None, None) => {}
            }
        }
        match (&old.identity, &new.identity) {
            (None, Some(identity)) => self.push(Change::AddIdentity {
                table: table.clone(),
                column: column.clone(),
                identity: identity.clone(),
            }),
            (Some(_), None) => self.push(Change::DropIdentity { table: table.clone(), column: column.clone() }),
            (Some(from), Some(to)) if !same_identity(from, to) => self.push(Change::AlterIdentity {
                table: table.clone(),
                column: column.clone(),
                from: from.clone(),
                to: to.clone(),
            }),
            _ => {}
        }
        self.comment(CommentTarget::Column(table.clone(), column.clone()), old.comment.as_ref(), new.comment.as_ref());
    }

    fn add_constraint(&mut self, table: &QualName, constraint: &Constraint) {
        self.push(Change::AddConstraint { table: table.clone(), constraint: constraint.clone(), table_is_new: false });
        self.comment(
            CommentTarget::Constraint(table.clone(), constraint.name.clone()),
            None,
            constraint.comment.as_ref(),
        );
    }

    fn create_index(&mut self, table: &QualName, index: &Index) {
        self.push(Change::CreateIndex { table: table.clone(), index: index.clone() });
        self.comment(CommentTarget::Index(table.clone(), index.name.clone()), None, index.comment.as_ref());
    }

    fn create_trigger(&mut self, table: &QualName, trigger: &Trigger) {
        self.push(Change::CreateTrigger { table: table.clone(), trigger: trigger.clone() });
        self.comment(CommentTarget::Trigger(table.clone(), trigger.name.clone()), None, trigger.comment.as_ref());
    }

    // -- views

    fn views(&mut self, analysis: &ColumnAnalysis) {
        let meta = self.meta;
        let (pairs, ignored) =
            pair_up(&self.from.views, &self.to.views, |name| qualified_hint(meta, ObjectKey::View(name.clone())));
        self.ignored_hints("view", ignored, |name| ObjectKey::View(name.clone()));

        // Views of `from` that must go (dropped, changed, or over a touched
        // column), then every view reading one of those, transitively.
        let lookup = Lookup::new(self.from);
        let mut readers: IndexMap<&QualName, Vec<&QualName>> = IndexMap::new();
        let mut going: IndexSet<&QualName> = IndexSet::new();
        let functions_going = self.functions_dropped();
        for (name, view) in &self.from.views {
            let refs = lookup.body_refs(&view.body);
            for relation in &refs.relations {
                if let Some((key, _)) = self.from.views.get_key_value(relation) {
                    readers.entry(key).or_default().push(name);
                }
            }
            if refs.columns.iter().any(|column| analysis.touched.contains(column))
                || refs.functions.iter().any(|function| functions_going.contains(function))
            {
                going.insert(name);
            }
        }
        // What only pg_depend shows: a type named in a cast, a column read
        // through a function of the row, …
        let types_going = self.types_going();
        for name in self.from.views.keys() {
            let tied = self.facts.referenced_by(&ObjectKey::View(name.clone())).any(|referenced| match referenced {
                ObjectKey::Column(table, column) => analysis.touched.contains(&(table.clone(), column.clone())),
                ObjectKey::Function(key) => functions_going.contains(&key.name),
                ObjectKey::Enum(ty) | ObjectKey::Domain(ty) => types_going.contains(ty),
                _ => false,
            });
            if tied {
                going.insert(name);
            }
        }
        for pair in &pairs {
            match (pair.old, pair.new) {
                (Some((name, _)), None) => {
                    going.insert(name);
                }
                (Some((name, old)), Some((_, new))) if old.body != new.body || old.materialized != new.materialized => {
                    going.insert(name);
                }
                _ => {}
            }
        }
        let mut queue: Vec<&QualName> = going.iter().copied().collect();
        while let Some(name) = queue.pop() {
            for reader in readers.get(name).into_iter().flatten() {
                if going.insert(reader) {
                    queue.push(reader);
                }
            }
        }

        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => self.create_view(new),
                (Some((_, old)), None) => self.push(Change::DropView(old.clone())),
                (Some((old_name, old)), Some((_, new))) => {
                    if going.contains(old_name) {
                        self.push(Change::DropView(old.clone()));
                        self.create_view(new);
                        continue;
                    }
                    if pair.renamed {
                        self.push(Change::RenameView {
                            from: old.name.clone(),
                            to: new.name.clone(),
                            materialized: new.materialized,
                        });
                    }
                    self.comment(
                        CommentTarget::View { name: new.name.clone(), materialized: new.materialized },
                        old.comment.as_ref(),
                        new.comment.as_ref(),
                    );
                }
                (None, None) => {}
            }
        }
    }

    /// Enums and domains of `from` (old names) that are dropped or recreated,
    /// from the changes so far.
    fn types_going(&self) -> IndexSet<QualName> {
        let renamed: IndexMap<&QualName, &QualName> = self
            .res
            .changes
            .iter()
            .filter_map(|change| match change {
                Change::RenameEnum { from, to } => Some((to, from)),
                _ => None,
            })
            .collect();
        self.res
            .changes
            .iter()
            .filter_map(|change| match change {
                Change::DropEnum(it) => Some(it.name.clone()),
                Change::DropDomain(it) => Some(it.name.clone()),
                Change::RecreateEnum { name, .. } => Some(renamed.get(name).map_or(name, |old| *old).clone()),
                _ => None,
            })
            .collect()
    }

    fn create_view(&mut self, view: &View) {
        self.push(Change::CreateView(view.clone()));
        self.comment(
            CommentTarget::View { name: view.name.clone(), materialized: view.materialized },
            None,
            view.comment.as_ref(),
        );
    }

    // -- functions

    /// Functions of `from` (by name) that are dropped, or dropped and created
    /// again because `CREATE OR REPLACE` cannot change them: views calling them
    /// must go first.
    fn functions_dropped(&self) -> IndexSet<QualName> {
        let types_going = self.types_going();
        self.from
            .functions
            .iter()
            .filter(|(key, old)| match self.to.functions.get(*key) {
                None => true,
                Some(new) => !replaceable(old, new, &types_going),
            })
            .map(|(key, _)| key.name.clone())
            .collect()
    }

    fn functions(&mut self) {
        let (pairs, _) = pair_up(&self.from.functions, &self.to.functions, |_| None);
        let types_going = self.types_going();
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => self.create_function(new),
                (Some((_, old)), None) => self.push(Change::DropFunction(old.clone())),
                (Some((_, old)), Some((_, new))) => {
                    let replaceable = replaceable(old, new, &types_going);
                    let same = replaceable
                        && old.language == new.language
                        && old.volatility == new.volatility
                        && old.strict == new.strict
                        && old.security_definer == new.security_definer
                        && old.body == new.body;
                    if same {
                        self.comment(function_target(new), old.comment.as_ref(), new.comment.as_ref());
                    } else if replaceable {
                        self.push(Change::ReplaceFunction { function: new.clone(), previous: Box::new(old.clone()) });
                        self.comment(function_target(new), old.comment.as_ref(), new.comment.as_ref());
                    } else {
                        self.push(Change::DropFunction(old.clone()));
                        self.create_function(new);
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn create_function(&mut self, function: &Function) {
        self.push(Change::CreateFunction(function.clone()));
        self.comment(function_target(function), None, function.comment.as_ref());
    }
}

/// Whether `CREATE OR REPLACE` can turn `old` into `new`: same kind, result
/// and arguments, and no argument or result of a type that is dropped or
/// recreated (the function would hold on to the old type).
fn replaceable(old: &Function, new: &Function, types_going: &IndexSet<QualName>) -> bool {
    let uses_going = |function: &Function| {
        let returned: Vec<&DataType> = match &function.returns {
            Some(crate::ir::Returns::Type(ty) | crate::ir::Returns::SetOf(ty)) => vec![ty],
            Some(crate::ir::Returns::Table(columns)) => columns.iter().map(|(_, ty)| ty).collect(),
            None => Vec::new(),
        };
        function
            .args
            .iter()
            .map(|arg| &arg.ty)
            .chain(returned)
            .any(|ty| matches!(&ty.base, BaseType::Named(name) if types_going.contains(name)))
    };
    old.procedure == new.procedure && old.returns == new.returns && old.args == new.args && !uses_going(old)
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

/// The foreign keys between dropped tables that reference each other in a
/// cycle (self-references aside): they are dropped before the tables, since
/// no order of `DROP TABLE` works otherwise.
fn foreign_keys_in_drop_cycles<'a>(tables: &[TableMatch<'a>]) -> IndexSet<(&'a QualName, &'a Ident)> {
    let mut graph: petgraph::graph::DiGraph<&QualName, ()> = petgraph::graph::DiGraph::new();
    let mut nodes: IndexMap<&QualName, petgraph::graph::NodeIndex> = IndexMap::new();
    for table in tables {
        if let TableMatch::Dropped(old) = table {
            nodes.insert(&old.name, graph.add_node(&old.name));
        }
    }
    let mut res = IndexSet::new();
    if nodes.len() < 2 {
        return res;
    }
    let foreign_keys = || {
        tables.iter().flat_map(|table| match table {
            TableMatch::Dropped(old) => old
                .constraints
                .values()
                .filter_map(|constraint| match &constraint.kind {
                    ConstraintKind::ForeignKey(fk) if fk.ref_table != old.name => {
                        Some((&old.name, &constraint.name, &fk.ref_table))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
    };
    for (table, _, ref_table) in foreign_keys() {
        if let (Some(&from), Some(&to)) = (nodes.get(table), nodes.get(ref_table)) {
            graph.add_edge(from, to, ());
        }
    }
    let mut component: IndexMap<&QualName, usize> = IndexMap::new();
    for (idx, scc) in petgraph::algo::tarjan_scc(&graph).into_iter().enumerate() {
        for node in scc {
            component.insert(graph[node], idx);
        }
    }
    for (table, constraint, ref_table) in foreign_keys() {
        if component.get(table).is_some_and(|idx| component.get(ref_table) == Some(idx)) {
            res.insert((table, constraint));
        }
    }
    res
}

fn sorted(columns: &[Ident]) -> Vec<Ident> {
    let mut res = columns.to_vec();
    res.sort();
    res
}

/// The columns a constraint is on or mentions.
pub(crate) fn constraint_columns(constraint: &Constraint) -> Vec<Ident> {
    match &constraint.kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => columns.clone(),
        ConstraintKind::Check { expr } => sqltext::mentioned_names(expr),
        ConstraintKind::ForeignKey(fk) => fk.columns.clone(),
    }
}

/// The columns an index is on or mentions.
pub(crate) fn index_columns(index: &Index) -> Vec<Ident> {
    let mut res = Vec::new();
    for element in &index.elements {
        match &element.key {
            IndexKey::Column(column) => res.push(column.clone()),
            IndexKey::Expr(expr) => res.extend(sqltext::mentioned_names(expr)),
        }
    }
    res.extend(index.include.iter().cloned());
    if let Some(predicate) = &index.predicate {
        res.extend(sqltext::mentioned_names(predicate));
    }
    res
}

/// The key columns of a unique, non-partial index on plain columns: a key a
/// foreign key can reference.
pub(crate) fn unique_index_columns(index: &Index) -> Option<Vec<Ident>> {
    if !index.unique || index.predicate.is_some() {
        return None;
    }
    index
        .elements
        .iter()
        .map(|element| match &element.key {
            IndexKey::Column(column) => Some(column.clone()),
            IndexKey::Expr(_) => None,
        })
        .collect()
}

fn same_identity(from: &crate::ir::Identity, to: &crate::ir::Identity) -> bool {
    let mut from_options = from.options.clone();
    from_options.data_type = to.options.data_type.clone();
    from.always == to.always && from_options == to.options
}

pub(crate) fn function_target(function: &Function) -> CommentTarget {
    CommentTarget::Function {
        name: function.name.clone(),
        procedure: function.procedure,
        arg_types: input_arg_types(function),
    }
}

/// The types of the input arguments: the function's signature.
pub(crate) fn input_arg_types(function: &Function) -> Vec<DataType> {
    function.args.iter().filter(|arg| arg.mode != crate::ir::ArgMode::Out).map(|arg| arg.ty.clone()).collect()
}

/// Domains that some column of either catalog has as its type.
fn domains_in_use(from: &Catalog, to: &Catalog) -> IndexSet<QualName> {
    let mut res = IndexSet::new();
    for catalog in [from, to] {
        for table in catalog.tables.values() {
            for column in table.columns.values() {
                if let BaseType::Named(name) = &column.ty.base
                    && catalog.domains.contains_key(name)
                {
                    res.insert(name.clone());
                }
            }
        }
    }
    res
}

#[cfg(test)]
mod tests;
