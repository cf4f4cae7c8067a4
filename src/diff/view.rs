//! Views and materialized views, and the views PostgreSQL forces to go and come back.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of views and materialized views.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewChange {
    CreateView(View),
    DropView(View),
    RenameView {
        from: QualName,
        to: QualName,
        materialized: bool,
    },
    /// `ALTER VIEW … ALTER COLUMN … SET DEFAULT` (or `DROP DEFAULT` for `None`).
    SetViewDefault {
        view: QualName,
        column: Ident,
        default: Option<SqlText>,
        previous: Option<SqlText>,
    },
}

impl ViewChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            ViewChange::CreateView(it) => format!("create {} {}", view_word(it.materialized), it.name),
            ViewChange::DropView(it) => format!("drop {} {}", view_word(it.materialized), it.name),
            ViewChange::RenameView { from, to, materialized } => {
                format!("rename {} {from} to {to}", view_word(*materialized))
            }
            ViewChange::SetViewDefault { view, column, default: Some(_), .. } => {
                format!("set default of column {column} of view {view}")
            }
            ViewChange::SetViewDefault { view, column, default: None, .. } => {
                format!("drop default of column {column} of view {view}")
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            ViewChange::CreateView(it) | ViewChange::DropView(it) => ObjectKey::View(it.name.clone()),
            ViewChange::RenameView { to, .. } => ObjectKey::View(to.clone()),
            ViewChange::SetViewDefault { view, .. } => ObjectKey::View(view.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            ViewChange::CreateView(_) => Sign::Add,
            ViewChange::DropView(_) => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        Vec::new()
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        Vec::new()
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            ViewChange::CreateView(it) => one(Change::View(ViewChange::DropView(it.clone()))),
            ViewChange::DropView(it) => {
                let mut res = vec![Change::View(ViewChange::CreateView(it.clone()))];
                res.extend(view_comments(it));
                Ok(res)
            }
            ViewChange::RenameView { from, to, materialized } => one(Change::View(ViewChange::RenameView {
                from: to.clone(),
                to: from.clone(),
                materialized: *materialized,
            })),
            ViewChange::SetViewDefault { view, column, default, previous } => {
                one(Change::View(ViewChange::SetViewDefault {
                    view: view.clone(),
                    column: column.clone(),
                    default: previous.clone(),
                    previous: default.clone(),
                }))
            }
        }
    }
}

/// The comments of a view, its indexes and its triggers, for a view created
/// (again): `CREATE VIEW` brings back its defaults, indexes and triggers.
pub(super) fn view_comments(view: &View) -> Vec<Change> {
    let mut res = Vec::new();
    let mut set = |target: CommentTarget, comment: &Option<String>| {
        if let Some(comment) = comment {
            res.push(Change::Comment(CommentChange::SetComment {
                target,
                comment: Some(comment.clone()),
                previous: None,
            }));
        }
    };
    set(CommentTarget::View { name: view.name.clone(), materialized: view.materialized }, &view.comment);
    for (column, comment) in &view.column_comments {
        set(CommentTarget::Column(view.name.clone(), column.clone()), &Some(comment.clone()));
    }
    for index in view.indexes.values() {
        set(CommentTarget::Index(view.name.clone(), index.name.clone()), &index.comment);
    }
    for trigger in view.triggers.values() {
        set(CommentTarget::Trigger(view.name.clone(), trigger.name.clone()), &trigger.comment);
    }
    res
}

impl<'a> Ctx<'a> {
    pub(super) fn views(&mut self, analysis: &ColumnAnalysis) {
        let meta = self.meta;
        let (pairs, ignored) =
            pair_up(&self.from.views, &self.to.views, |name| qualified_hint(meta, ObjectKey::View(name.clone())));
        self.ignored_hints("view", ignored, |name| ObjectKey::View(name.clone()));

        // Views of `from` that must go (dropped, changed, or over a touched
        // column), then every view reading one of those, transitively.
        let lookup = Lookup::new(self.from);
        let mut readers: IndexMap<&QualName, Vec<&QualName>> = IndexMap::new();
        let mut going: IndexSet<&QualName> = IndexSet::new();
        let mut functions_going = self.functions_dropped();
        // Aggregates and foreign tables that are dropped or recreated.
        let objects_going = self.objects_going();
        let mut relations_going: IndexSet<QualName> = IndexSet::new();
        for id in &objects_going {
            match (id.kind, leading_name(id)) {
                (WholeKind::Aggregate, Some(name)) => {
                    functions_going.insert(name);
                }
                (WholeKind::ForeignTable, Some(name)) => {
                    relations_going.insert(name);
                }
                _ => {}
            }
        }
        for (name, view) in &self.from.views {
            let refs = lookup.body_refs(&view.body);
            for relation in &refs.relations {
                if let Some((key, _)) = self.from.views.get_key_value(relation) {
                    readers.entry(key).or_default().push(name);
                }
            }
            if refs.columns.iter().any(|column| analysis.touched.contains(column))
                || refs.functions.iter().any(|function| functions_going.contains(function))
                || refs.relations.iter().any(|relation| relations_going.contains(relation))
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
                ObjectKey::Object(id) => objects_going.contains(id),
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
                (Some((name, old)), Some((_, new)))
                    if old.body != new.body || old.materialized != new.materialized || old.options != new.options =>
                {
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
                (Some((_, old)), None) => self.push(Change::View(ViewChange::DropView(old.clone()))),
                (Some((old_name, old)), Some((_, new))) => {
                    if going.contains(old_name) {
                        self.push(Change::View(ViewChange::DropView(old.clone())));
                        self.create_view(new);
                        continue;
                    }
                    if pair.renamed {
                        self.push(Change::View(ViewChange::RenameView {
                            from: old.name.clone(),
                            to: new.name.clone(),
                            materialized: new.materialized,
                        }));
                    }
                    self.comment(
                        CommentTarget::View { name: new.name.clone(), materialized: new.materialized },
                        old.comment.as_ref(),
                        new.comment.as_ref(),
                    );
                    self.view_items(old, new);
                }
                (None, None) => {}
            }
        }
    }

    /// Enums and domains of `from` (old names) that are dropped or recreated,
    /// from the changes so far.
    pub(super) fn types_going(&self) -> IndexSet<QualName> {
        let renamed: IndexMap<&QualName, &QualName> = self
            .res
            .changes
            .iter()
            .filter_map(|change| match change {
                Change::Enum(EnumChange::RenameEnum { from, to }) => Some((to, from)),
                _ => None,
            })
            .collect();
        self.res
            .changes
            .iter()
            .filter_map(|change| match change {
                Change::Enum(EnumChange::DropEnum(it)) => Some(it.name.clone()),
                Change::Domain(DomainChange::DropDomain(it)) => Some(it.name.clone()),
                Change::Composite(CompositeChange::DropComposite(it)) => Some(it.name.clone()),
                Change::Enum(EnumChange::RecreateEnum { name, .. }) => {
                    Some(renamed.get(name).map_or(name, |old| *old).clone())
                }
                _ => None,
            })
            .collect()
    }

    pub(super) fn create_view(&mut self, view: &View) {
        self.push(Change::View(ViewChange::CreateView(view.clone())));
        for change in view_comments(view) {
            self.push(change);
        }
    }

    /// Column defaults, indexes and triggers of a view that stays.
    fn view_items(&mut self, old: &View, new: &View) {
        let name = &new.name;
        for (column, default) in &new.defaults {
            if old.defaults.get(column) != Some(default) {
                self.push(Change::View(ViewChange::SetViewDefault {
                    view: name.clone(),
                    column: column.clone(),
                    default: Some(default.clone()),
                    previous: old.defaults.get(column).cloned(),
                }));
            }
        }
        for (column, default) in &old.defaults {
            if !new.defaults.contains_key(column) {
                self.push(Change::View(ViewChange::SetViewDefault {
                    view: name.clone(),
                    column: column.clone(),
                    default: None,
                    previous: Some(default.clone()),
                }));
            }
        }
        for column in new
            .column_comments
            .keys()
            .chain(old.column_comments.keys().filter(|c| !new.column_comments.contains_key(*c)))
        {
            let target = CommentTarget::Column(name.clone(), column.clone());
            self.comment(target, old.column_comments.get(column), new.column_comments.get(column));
        }
        for (index_name, index) in &new.indexes {
            match old.indexes.get(index_name) {
                Some(before) if same_index(before, index) => {
                    let target = CommentTarget::Index(name.clone(), index_name.clone());
                    self.comment(target, before.comment.as_ref(), index.comment.as_ref());
                }
                Some(before) => {
                    self.push(Change::Index(IndexChange::DropIndex { table: name.clone(), index: before.clone() }));
                    self.create_index(name, index);
                }
                None => self.create_index(name, index),
            }
        }
        for (index_name, index) in &old.indexes {
            if !new.indexes.contains_key(index_name) {
                self.push(Change::Index(IndexChange::DropIndex { table: name.clone(), index: index.clone() }));
            }
        }
        for (trigger_name, trigger) in &new.triggers {
            match old.triggers.get(trigger_name) {
                Some(before) if same_trigger(before, trigger) => {
                    let target = CommentTarget::Trigger(name.clone(), trigger_name.clone());
                    self.comment(target, before.comment.as_ref(), trigger.comment.as_ref());
                }
                Some(before) => {
                    self.push(Change::Trigger(TriggerChange::DropTrigger {
                        table: name.clone(),
                        trigger: before.clone(),
                    }));
                    self.create_trigger(name, trigger);
                }
                None => self.create_trigger(name, trigger),
            }
        }
        for (trigger_name, trigger) in &old.triggers {
            if !new.triggers.contains_key(trigger_name) {
                self.push(Change::Trigger(TriggerChange::DropTrigger {
                    table: name.clone(),
                    trigger: trigger.clone(),
                }));
            }
        }
    }
}

/// Two indexes equal but for their comments.
fn same_index(left: &Index, right: &Index) -> bool {
    Index { comment: None, ..left.clone() } == Index { comment: None, ..right.clone() }
}

/// Two triggers equal but for their comments.
fn same_trigger(left: &Trigger, right: &Trigger) -> bool {
    Trigger { comment: None, ..left.clone() } == Trigger { comment: None, ..right.clone() }
}
