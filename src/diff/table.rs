//! Tables as a whole: matched, created, dropped, renamed, and what changes inside them.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of tables as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableChange {
    /// A table with its columns and its primary key, unique and check
    /// constraints. Foreign keys, indexes, triggers and comments are separate changes.
    CreateTable(Table),
    DropTable(Table),
    RenameTable {
        from: QualName,
        to: QualName,
    },
    SetTableLogged {
        table: QualName,
        unlogged: bool,
    },
    /// `ENABLE`/`DISABLE ROW LEVEL SECURITY` and `[NO] FORCE ROW LEVEL
    /// SECURITY`; `previous` is (enabled, forced) before.
    SetRowSecurity {
        table: QualName,
        enabled: bool,
        forced: bool,
        previous: (bool, bool),
    },
    SetReplicaIdentity {
        table: QualName,
        identity: ReplicaIdentity,
        previous: ReplicaIdentity,
    },
}

impl TableChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            TableChange::CreateTable(it) => format!("create table {}", it.name),
            TableChange::DropTable(it) => format!("drop table {}", it.name),
            TableChange::RenameTable { from, to } => format!("rename table {from} to {to}"),
            TableChange::SetTableLogged { table, unlogged: true } => {
                format!("set table {table} unlogged")
            }
            TableChange::SetTableLogged { table, unlogged: false } => {
                format!("set table {table} logged")
            }
            TableChange::SetRowSecurity { table, enabled, forced, .. } => match (enabled, forced) {
                (false, false) => format!("disable row level security on {table}"),
                (true, false) => format!("enable row level security on {table}"),
                (_, true) => format!("enable and force row level security on {table}"),
            },
            TableChange::SetReplicaIdentity { table, identity, .. } => {
                format!("set replica identity of {table} to {}", replica_identity_words(identity).to_lowercase())
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            TableChange::CreateTable(it) | TableChange::DropTable(it) => ObjectKey::Table(it.name.clone()),
            TableChange::RenameTable { to, .. } => ObjectKey::Table(to.clone()),
            TableChange::SetTableLogged { table, .. }
            | TableChange::SetRowSecurity { table, .. }
            | TableChange::SetReplicaIdentity { table, .. } => ObjectKey::Table(table.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            TableChange::CreateTable(_) => Sign::Add,
            TableChange::DropTable(_) => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        match self {
            TableChange::DropTable(table) => vec![Hazard::of(
                "data-loss",
                HazardSeverity::Warning,
                format!("dropping table {} deletes all of its rows", table.name),
                self.object(),
            )],
            TableChange::SetRowSecurity { table, enabled: true, previous: (false, _), .. } => vec![Hazard::of(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "with row level security on {table}, roles other than its owner see and change only the rows its policies allow"
                ),
                self.object(),
            )],
            _ => Vec::new(),
        }
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            // A partition's creation or drop locks its parent too, briefly.
            TableChange::CreateTable(it) | TableChange::DropTable(it) => {
                std::iter::once(it.name.clone()).chain(it.partition_of.iter().map(|of| of.parent.clone())).collect()
            }
            TableChange::RenameTable { from, .. } => vec![from.clone()],
            TableChange::SetTableLogged { table, .. }
            | TableChange::SetRowSecurity { table, .. }
            | TableChange::SetReplicaIdentity { table, .. } => vec![table.clone()],
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            TableChange::CreateTable(it) => one(Change::Table(TableChange::DropTable(it.clone()))),
            TableChange::DropTable(it) => Err(format!("table {} is dropped with its rows", it.name)),
            TableChange::RenameTable { from, to } => {
                one(Change::Table(TableChange::RenameTable { from: to.clone(), to: from.clone() }))
            }
            TableChange::SetTableLogged { table, unlogged } => {
                one(Change::Table(TableChange::SetTableLogged { table: table.clone(), unlogged: !unlogged }))
            }
            TableChange::SetRowSecurity { table, enabled, forced, previous } => {
                one(Change::Table(TableChange::SetRowSecurity {
                    table: table.clone(),
                    enabled: previous.0,
                    forced: previous.1,
                    previous: (*enabled, *forced),
                }))
            }
            TableChange::SetReplicaIdentity { table, identity, previous } => {
                one(Change::Table(TableChange::SetReplicaIdentity {
                    table: table.clone(),
                    identity: previous.clone(),
                    previous: identity.clone(),
                }))
            }
        }
    }
}

impl<'a> Ctx<'a> {
    /// A table's place in a partition tree: its partition key (which
    /// PostgreSQL cannot change in place) and the parent it is attached to.
    fn partitioning(&mut self, pair: &TablePair<'a>) {
        let name = &pair.new.name;
        if pair.old.partition_by != pair.new.partition_by {
            let what = |key: &Option<SqlText>| match key {
                Some(key) => format!("partitioned by {}", key.to_lowercase()),
                None => "not partitioned".to_string(),
            };
            let message = format!(
                "table {name} is {} and the schema wants it {}: PostgreSQL cannot change this in place, and godwit does not yet copy a table into a new one; create the new table under another name and move the rows",
                what(&pair.old.partition_by),
                what(&pair.new.partition_by)
            );
            self.hazard("unsupported-change", HazardSeverity::Error, message, ObjectKey::Table(name.clone()));
        }
        let old_of = pair
            .old
            .partition_of
            .as_ref()
            .map(|of| Box::new(PartitionOf { parent: self.renames.table(&of.parent), bound: of.bound.clone() }));
        if old_of == pair.new.partition_of {
            return;
        }
        let what = |of: &Option<Box<PartitionOf>>| match of {
            Some(of) => format!("a partition of {} {}", of.parent, of.bound.to_lowercase()),
            None => "no partition".to_string(),
        };
        let message = format!(
            "table {name} is {} and the schema wants it {}: godwit does not yet attach or detach an existing table; run `ALTER TABLE … DETACH PARTITION …` or `ATTACH PARTITION …` yourself, then plan again",
            what(&old_of),
            what(&pair.new.partition_of)
        );
        self.hazard("unsupported-change", HazardSeverity::Error, message, ObjectKey::Table(name.clone()));
    }

    pub(super) fn pair_tables(&mut self) -> Vec<TableMatch<'a>> {
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
                    let (columns, ignored) = if old.partition_of.is_some() || new.partition_of.is_some() {
                        // A partition's columns are its parent's.
                        (Vec::new(), Vec::new())
                    } else if meta.renamed_from.is_empty() {
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

    pub(super) fn analyse_columns(
        &self,
        tables: &[TableMatch<'a>],
        recreated_enums: &IndexSet<QualName>,
    ) -> ColumnAnalysis {
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

    pub(super) fn tables(&mut self, tables: &[TableMatch<'a>], analysis: &ColumnAnalysis) {
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
            // Partitions have no columns of their own to compare.
            if let TableMatch::Dropped(old) = table
                && old.partition_of.is_none()
            {
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
                            self.push(Change::Constraint(ConstraintChange::DropConstraint {
                                table: old.name.clone(),
                                constraint: constraint.clone(),
                            }));
                        }
                    }
                    self.push(Change::Table(TableChange::DropTable((*old).clone())));
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
    pub(super) fn signature(&self, table: &Table, old: bool) -> Vec<(Ident, DataType)> {
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

    pub(super) fn create_table(&mut self, table: &Table) {
        self.push(Change::Table(TableChange::CreateTable(table.clone())));
        let name = &table.name;
        for constraint in table.constraints.values() {
            if matches!(constraint.kind, ConstraintKind::ForeignKey(_)) {
                self.push(Change::Constraint(ConstraintChange::AddConstraint {
                    table: name.clone(),
                    constraint: constraint.clone(),
                    table_is_new: true,
                }));
            }
        }
        for index in table.indexes.values() {
            self.push(Change::Index(IndexChange::CreateIndex { table: name.clone(), index: index.clone() }));
        }
        for trigger in table.triggers.values() {
            self.push(Change::Trigger(TriggerChange::CreateTrigger { table: name.clone(), trigger: trigger.clone() }));
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
        self.create_row_security(table);
        if table.replica_identity != ReplicaIdentity::Default {
            self.push(Change::Table(TableChange::SetReplicaIdentity {
                table: name.clone(),
                identity: table.replica_identity.clone(),
                previous: ReplicaIdentity::Default,
            }));
        }
    }

    /// Pairs the constraints and indexes of a table and decides which change;
    /// records the keys that go away.
    pub(super) fn decide_table(
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

    pub(super) fn alter_table(
        &mut self,
        pair: &TablePair<'a>,
        decision: TableDecision<'a>,
        analysis: &ColumnAnalysis,
        changed_keys: &IndexSet<(QualName, Vec<Ident>)>,
    ) {
        let name = &pair.new.name;
        let old_name = &pair.old.name;
        if pair.renamed {
            self.push(Change::Table(TableChange::RenameTable { from: old_name.clone(), to: name.clone() }));
        }
        if pair.old.unlogged != pair.new.unlogged {
            self.push(Change::Table(TableChange::SetTableLogged { table: name.clone(), unlogged: pair.new.unlogged }));
        }
        self.partitioning(pair);

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
                    self.push(Change::Column(ColumnChange::AddColumn {
                        table: name.clone(),
                        column: new.clone(),
                        backfill,
                        domain_not_null,
                    }));
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
                (Some((_, old)), None) => {
                    self.push(Change::Column(ColumnChange::DropColumn { table: name.clone(), column: old.clone() }))
                }
                (Some((_, old)), Some((_, new))) => self.alter_column(name, old, new, column.renamed, analysis),
                (None, None) => {}
            }
        }

        // Constraints.
        for (constraint, outcome) in decision.constraints {
            match (outcome, constraint.old, constraint.new) {
                (Outcome::Created, _, Some((_, new))) => self.add_constraint(name, new),
                (Outcome::Dropped, Some((_, old)), _) => {
                    self.push(Change::Constraint(ConstraintChange::DropConstraint {
                        table: name.clone(),
                        constraint: old.clone(),
                    }))
                }
                (Outcome::Recreated, Some((_, old)), Some((_, new))) => {
                    self.push(Change::Constraint(ConstraintChange::DropConstraint {
                        table: name.clone(),
                        constraint: old.clone(),
                    }));
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
                        self.push(Change::Constraint(ConstraintChange::DropConstraint {
                            table: name.clone(),
                            constraint: old.clone(),
                        }));
                        self.add_constraint(name, new);
                        continue;
                    }
                    if renamed {
                        self.push(Change::Constraint(ConstraintChange::RenameConstraint {
                            table: name.clone(),
                            from: old.name.clone(),
                            to: new.name.clone(),
                            kind: new.kind.clone(),
                        }));
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
                    self.push(Change::Index(IndexChange::DropIndex { table: name.clone(), index: old.clone() }))
                }
                (Outcome::Recreated, Some((_, old)), Some((_, new))) => {
                    self.push(Change::Index(IndexChange::DropIndex { table: name.clone(), index: old.clone() }));
                    self.create_index(name, new);
                }
                (Outcome::Kept { renamed }, Some((_, old)), Some((_, new))) => {
                    if renamed {
                        self.push(Change::Index(IndexChange::RenameIndex {
                            table: name.clone(),
                            from: old.name.clone(),
                            to: new.name.clone(),
                        }));
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
                (Some((_, old)), None) => {
                    self.push(Change::Trigger(TriggerChange::DropTrigger { table: name.clone(), trigger: old.clone() }))
                }
                (Some((_, old)), Some((_, new))) => {
                    let mut bare_new = new.clone();
                    bare_new.comment = None;
                    if self.renames.trigger(old_name, old) != bare_new {
                        self.push(Change::Trigger(TriggerChange::DropTrigger {
                            table: name.clone(),
                            trigger: old.clone(),
                        }));
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

        self.alter_row_security(pair.old, pair.new, analysis);
        if pair.old.replica_identity != pair.new.replica_identity {
            self.push(Change::Table(TableChange::SetReplicaIdentity {
                table: name.clone(),
                identity: pair.new.replica_identity.clone(),
                previous: pair.old.replica_identity.clone(),
            }));
        }

        self.comment(CommentTarget::Table(name.clone()), pair.old.comment.as_ref(), pair.new.comment.as_ref());
    }
}

/// `FULL`, `NOTHING`, `DEFAULT` or `USING INDEX name`.
pub(crate) fn replica_identity_words(identity: &ReplicaIdentity) -> String {
    match identity {
        ReplicaIdentity::Default => "DEFAULT".to_string(),
        ReplicaIdentity::Full => "FULL".to_string(),
        ReplicaIdentity::Nothing => "NOTHING".to_string(),
        ReplicaIdentity::Index(index) => format!("USING INDEX {}", crate::sql::quote::ident(index)),
    }
}

/// The foreign keys between dropped tables that reference each other in a
/// cycle (self-references aside): they are dropped before the tables, since
/// no order of `DROP TABLE` works otherwise.
pub(super) fn foreign_keys_in_drop_cycles<'a>(tables: &[TableMatch<'a>]) -> IndexSet<(&'a QualName, &'a Ident)> {
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
