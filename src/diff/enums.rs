//! Enums: labels added in place, or the type recreated when labels go or move.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of enums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumChange {
    CreateEnum(Enum),
    DropEnum(Enum),
    RenameEnum {
        from: QualName,
        to: QualName,
    },
    AddEnumValue {
        name: QualName,
        value: String,
        position: Option<EnumPosition>,
    },
    /// Labels were removed or reordered: a new type replaces the old one and every
    /// column using it is converted through `text`.
    RecreateEnum {
        name: QualName,
        labels: Vec<String>,
        removed: Vec<String>,
        columns: Vec<EnumColumn>,
        /// The labels before, in order.
        previous: Vec<String>,
        /// The comment of the type it replaces (the new type starts without
        /// one; a rollback puts it back).
        previous_comment: Option<String>,
    },
}

impl EnumChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            EnumChange::CreateEnum(it) => format!("create enum {}", it.name),
            EnumChange::DropEnum(it) => format!("drop enum {}", it.name),
            EnumChange::RenameEnum { from, to } => format!("rename enum {from} to {to}"),
            EnumChange::AddEnumValue { name, value, .. } => format!("add value '{value}' to enum {name}"),
            EnumChange::RecreateEnum { name, .. } => format!("recreate enum {name}"),
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            EnumChange::CreateEnum(it) | EnumChange::DropEnum(it) => ObjectKey::Enum(it.name.clone()),
            EnumChange::RenameEnum { to, .. } => ObjectKey::Enum(to.clone()),
            EnumChange::AddEnumValue { name, .. } | EnumChange::RecreateEnum { name, .. } => {
                ObjectKey::Enum(name.clone())
            }
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            EnumChange::CreateEnum(_) | EnumChange::AddEnumValue { .. } => Sign::Add,
            EnumChange::DropEnum(_) => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        let mut res = Vec::new();
        let object = self.object();
        let mut push = |code: &'static str, severity: HazardSeverity, message: String| {
            res.push(Hazard { code, severity, message, object: object.clone(), span: None });
        };
        match self {
            EnumChange::RecreateEnum { name, removed, .. } => {
                let message = if removed.is_empty() {
                    format!(
                        "enum {name} is recreated to reorder its labels; views, indexes and constraints that mention its labels may need to be recreated too"
                    )
                } else {
                    let labels: Vec<String> = removed.iter().map(|label| format!("'{label}'")).collect();
                    format!(
                        "enum {name} is recreated without {}; this fails if a row still holds a removed label",
                        labels.join(", ")
                    )
                };
                push("may-fail", HazardSeverity::Warning, message);
            }
            EnumChange::AddEnumValue { name, value, .. } => push(
                "irreversible",
                HazardSeverity::Info,
                format!(
                    "PostgreSQL cannot remove label '{value}' from enum {name} again: a rollback of this phase leaves it, unused"
                ),
            ),
            _ => {}
        }
        res
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            EnumChange::RecreateEnum { columns, .. } => {
                let mut res: Vec<QualName> = Vec::new();
                for column in columns {
                    if !res.contains(&column.table) {
                        res.push(column.table.clone());
                    }
                }
                res
            }
            _ => Vec::new(),
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            EnumChange::CreateEnum(it) => one(Change::Enum(EnumChange::DropEnum(it.clone()))),
            EnumChange::DropEnum(it) => Ok(with_comment(
                Change::Enum(EnumChange::CreateEnum(it.clone())),
                CommentTarget::Enum(it.name.clone()),
                &it.comment,
            )),
            EnumChange::RenameEnum { from, to } => {
                one(Change::Enum(EnumChange::RenameEnum { from: to.clone(), to: from.clone() }))
            }
            // PostgreSQL cannot remove a label; a rollback leaves it, unused
            // (see `plan::kept_by_rollback`).
            EnumChange::AddEnumValue { .. } => Ok(Vec::new()),
            EnumChange::RecreateEnum { name, labels, columns, previous, previous_comment, .. } => {
                let removed = labels.iter().filter(|label| !previous.contains(label)).cloned().collect();
                let columns = columns
                    .iter()
                    .map(|column| EnumColumn {
                        previous_default: column.default.clone(),
                        default: column.previous_default.clone(),
                        ..column.clone()
                    })
                    .collect();
                let back = Change::Enum(EnumChange::RecreateEnum {
                    name: name.clone(),
                    labels: previous.clone(),
                    removed,
                    columns,
                    previous: labels.clone(),
                    previous_comment: None,
                });
                Ok(with_comment(back, CommentTarget::Enum(name.clone()), previous_comment))
            }
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn pair_enums(&mut self) -> Vec<Pair<'a, QualName, Enum>> {
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

    pub(super) fn enums(&mut self, pairs: &[Pair<'a, QualName, Enum>], analysis: &ColumnAnalysis) {
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::Enum(EnumChange::CreateEnum(new.clone())));
                    self.comment(CommentTarget::Enum(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => self.push(Change::Enum(EnumChange::DropEnum(old.clone()))),
                (Some((_, old)), Some((_, new))) => {
                    if pair.renamed {
                        self.push(Change::Enum(EnumChange::RenameEnum {
                            from: old.name.clone(),
                            to: new.name.clone(),
                        }));
                    }
                    let mut old_comment = old.comment.as_ref();
                    match added_labels(&old.labels, &new.labels) {
                        Some(added) => {
                            for (value, position) in added {
                                self.push(Change::Enum(EnumChange::AddEnumValue {
                                    name: new.name.clone(),
                                    value,
                                    position,
                                }));
                            }
                        }
                        None => {
                            // The new type starts without the old one's comment.
                            old_comment = None;
                            let removed =
                                old.labels.iter().filter(|label| !new.labels.contains(label)).cloned().collect();
                            let columns = analysis.enum_columns.get(&new.name).cloned().unwrap_or_default();
                            self.push(Change::Enum(EnumChange::RecreateEnum {
                                name: new.name.clone(),
                                labels: new.labels.clone(),
                                removed,
                                columns,
                                previous: old.labels.clone(),
                                previous_comment: old.comment.clone(),
                            }));
                        }
                    }
                    self.comment(CommentTarget::Enum(new.name.clone()), old_comment, new.comment.as_ref());
                }
                (None, None) => {}
            }
        }
    }
}

/// The labels added to `old` to get `new`, each with its position, when `new`
/// only inserts labels; `None` when a label is removed or moved.
pub(super) fn added_labels(old: &[String], new: &[String]) -> Option<Vec<(String, Option<EnumPosition>)>> {
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
