//! Objects carried whole (aggregates, casts, rules, foreign tables, servers,
//! publications, operators, …): created, dropped, and dropped and created
//! again when their definition changes.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of objects carried whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectChange {
    CreateObject(WholeObject),
    DropObject(WholeObject),
}

impl ObjectChange {
    /// A one-line description for people: `create aggregate public.total(integer)`.
    pub fn summary(&self) -> String {
        match self {
            ObjectChange::CreateObject(it) => format!("create {}", it.id),
            ObjectChange::DropObject(it) => format!("drop {}", it.id),
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        match self {
            ObjectChange::CreateObject(it) | ObjectChange::DropObject(it) => Some(ObjectKey::Object(it.id.clone())),
        }
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            ObjectChange::CreateObject(_) => Sign::Add,
            ObjectChange::DropObject(_) => Sign::Drop,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        match self {
            ObjectChange::DropObject(it) if it.id.kind == WholeKind::Publication => vec![Hazard::of(
                "breaks-clients",
                HazardSeverity::Warning,
                format!(
                    "dropping publication {} stops logical replication to its subscribers until it is created again",
                    it.id.name
                ),
                self.object(),
            )],
            _ => Vec::new(),
        }
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            ObjectChange::CreateObject(it) | ObjectChange::DropObject(it) if it.id.kind == WholeKind::Rule => {
                rule_table(&it.id).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        match self {
            ObjectChange::CreateObject(it) => Ok(vec![Change::Object(ObjectChange::DropObject(it.clone()))]),
            ObjectChange::DropObject(it) => Ok(with_comment(
                Change::Object(ObjectChange::CreateObject(it.clone())),
                CommentTarget::Object(it.id.clone()),
                &it.comment,
            )),
        }
    }
}

/// The schema an object lives in: a rule its table's, other schema objects
/// the one their name is qualified by; `None` for database-wide kinds.
pub(crate) fn object_schema(id: &ObjectId) -> Option<Ident> {
    match id.kind {
        WholeKind::Rule => rule_table(id).map(|table| table.schema),
        kind if kind.in_schema() => leading_name(id).map(|name| name.schema),
        _ => None,
    }
}

/// The table a rule (`name ON schema.table`) is on.
pub(crate) fn rule_table(id: &ObjectId) -> Option<QualName> {
    let idx = sqltext::top_level_find(&id.name, " ON ", true)?;
    scan::parse_qualified(&id.name[idx + " ON ".len()..])
}

/// The schema-qualified name at the start of an object's identity: the
/// aggregate of `test.agg(integer)`, the foreign table `test.files`.
pub(crate) fn leading_name(id: &ObjectId) -> Option<QualName> {
    let name = &id.name;
    let mut quoted = false;
    let end = name
        .char_indices()
        .find_map(|(idx, ch)| {
            if ch == '"' {
                quoted = !quoted;
            }
            (!quoted && (ch == '(' || ch == ' ')).then_some(idx)
        })
        .unwrap_or(name.len());
    scan::parse_qualified(&name[..end])
}

impl<'a> Ctx<'a> {
    /// Objects of `from` that go: dropped, changed, or tied (by their
    /// definition or by `pg_depend`) to a function or type that goes.
    pub(super) fn objects_going(&self) -> IndexSet<&'a ObjectId> {
        let functions_going = self.functions_dropped();
        let types_going = self.types_going();
        let mut res = IndexSet::new();
        for (id, old) in &self.from.objects {
            let changed = self.to.objects.get(id).is_none_or(|new| new.definition != old.definition);
            let mentions_going = sqltext::identifiers(&old.definition).iter().any(|ident| {
                let name = match ident.parts.as_slice() {
                    [name] => QualName::new("public", name.clone()),
                    [schema, name, ..] => QualName::new(schema.clone(), name.clone()),
                    [] => return false,
                };
                functions_going.contains(&name) || types_going.contains(&name)
            });
            let tied = self.facts.referenced_by(&ObjectKey::Object(id.clone())).any(|referenced| match referenced {
                ObjectKey::Function(key) => functions_going.contains(&key.name),
                ObjectKey::Enum(ty) | ObjectKey::Domain(ty) => types_going.contains(ty),
                _ => false,
            });
            if changed || mentions_going || tied {
                res.insert(id);
            }
        }
        // An object tied to one that goes goes too (a rule on a foreign table, …).
        loop {
            let more: Vec<&ObjectId> = self
                .from
                .objects
                .keys()
                .filter(|id| !res.contains(id))
                .filter(|id| {
                    self.facts
                        .referenced_by(&ObjectKey::Object((*id).clone()))
                        .any(|referenced| matches!(referenced, ObjectKey::Object(other) if res.contains(other)))
                })
                .collect();
            if more.is_empty() {
                break;
            }
            res.extend(more);
        }
        res
    }

    pub(super) fn objects(&mut self) {
        let going = self.objects_going();
        for (id, old) in &self.from.objects {
            if going.contains(id) {
                self.push(Change::Object(ObjectChange::DropObject(old.clone())));
            }
        }
        for (id, new) in &self.to.objects {
            match self.from.objects.get(id) {
                Some(old) if !going.contains(id) => {
                    self.comment(CommentTarget::Object(id.clone()), old.comment.as_ref(), new.comment.as_ref());
                }
                _ => {
                    self.push(Change::Object(ObjectChange::CreateObject(new.clone())));
                    self.comment(CommentTarget::Object(id.clone()), None, new.comment.as_ref());
                }
            }
        }
    }
}
