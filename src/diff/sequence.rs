//! Sequences and their `OWNED BY`.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of sequences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SequenceChange {
    /// A sequence, created without its `OWNED BY` (that is a separate change).
    CreateSequence(Sequence),
    /// A sequence whose owner column goes too loses its owner first (a
    /// separate change), so that dropping the column does not drop it.
    DropSequence(Sequence),
    AlterSequence {
        name: QualName,
        from: SequenceOptions,
        to: SequenceOptions,
    },
    /// `OWNED BY` a column, or `NONE`. `previous` is the owner it replaces
    /// (an owner change is two changes: remove, then set).
    SetSequenceOwner {
        name: QualName,
        owned_by: Option<(QualName, Ident)>,
        previous: Option<(QualName, Ident)>,
    },
}

impl SequenceChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            SequenceChange::CreateSequence(it) => format!("create sequence {}", it.name),
            SequenceChange::DropSequence(it) => format!("drop sequence {}", it.name),
            SequenceChange::AlterSequence { name, .. } => format!("alter sequence {name}"),
            SequenceChange::SetSequenceOwner { name, owned_by: Some((table, column)), .. } => {
                format!("set owner of sequence {name} to {table}.{column}")
            }
            SequenceChange::SetSequenceOwner { name, owned_by: None, .. } => {
                format!("remove owner of sequence {name}")
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            SequenceChange::CreateSequence(it) => ObjectKey::Sequence(it.name.clone()),
            SequenceChange::DropSequence(it) => ObjectKey::Sequence(it.name.clone()),
            SequenceChange::AlterSequence { name, .. } | SequenceChange::SetSequenceOwner { name, .. } => {
                ObjectKey::Sequence(name.clone())
            }
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            SequenceChange::CreateSequence(_) => Sign::Add,
            SequenceChange::DropSequence(_) => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        match self {
            SequenceChange::DropSequence(sequence) => vec![Hazard::of(
                "data-loss",
                HazardSeverity::Warning,
                format!("dropping sequence {} loses its current value", sequence.name),
                self.object(),
            )],
            _ => Vec::new(),
        }
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        Vec::new()
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            SequenceChange::CreateSequence(it) => one(Change::Sequence(SequenceChange::DropSequence(it.clone()))),
            SequenceChange::DropSequence(it) => Err(format!("sequence {} is dropped with its current value", it.name)),
            SequenceChange::AlterSequence { name, from, to } => one(Change::Sequence(SequenceChange::AlterSequence {
                name: name.clone(),
                from: to.clone(),
                to: from.clone(),
            })),
            SequenceChange::SetSequenceOwner { name, owned_by, previous } => {
                one(Change::Sequence(SequenceChange::SetSequenceOwner {
                    name: name.clone(),
                    owned_by: previous.clone(),
                    previous: owned_by.clone(),
                }))
            }
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn sequences(&mut self, analysis: &ColumnAnalysis) {
        let (pairs, _) = pair_up(&self.from.sequences, &self.to.sequences, |_| None);
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::Sequence(SequenceChange::CreateSequence(new.clone())));
                    if new.owned_by.is_some() {
                        self.push(Change::Sequence(SequenceChange::SetSequenceOwner {
                            name: new.name.clone(),
                            owned_by: new.owned_by.clone(),
                            previous: None,
                        }));
                    }
                    self.comment(CommentTarget::Sequence(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => {
                    // Dropping the owner column would drop the sequence with it.
                    if let Some((table, column)) = &old.owned_by
                        && analysis.dropped.contains(&(table.clone(), column.clone()))
                    {
                        self.push(Change::Sequence(SequenceChange::SetSequenceOwner {
                            name: old.name.clone(),
                            owned_by: None,
                            previous: old.owned_by.clone(),
                        }));
                    }
                    self.push(Change::Sequence(SequenceChange::DropSequence(old.clone())));
                }
                (Some((_, old)), Some((_, new))) => self.alter_sequence(old, new, analysis),
                (None, None) => {}
            }
        }
    }

    pub(super) fn alter_sequence(&mut self, old: &Sequence, new: &Sequence, analysis: &ColumnAnalysis) {
        if old.options != new.options {
            self.push(Change::Sequence(SequenceChange::AlterSequence {
                name: new.name.clone(),
                from: old.options.clone(),
                to: new.options.clone(),
            }));
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
                self.push(Change::Sequence(SequenceChange::SetSequenceOwner {
                    name: new.name.clone(),
                    owned_by: None,
                    previous: old.owned_by.clone(),
                }));
            }
            if new.owned_by.is_some() {
                self.push(Change::Sequence(SequenceChange::SetSequenceOwner {
                    name: new.name.clone(),
                    owned_by: new.owned_by.clone(),
                    previous: None,
                }));
            }
        }
        self.comment(CommentTarget::Sequence(new.name.clone()), old.comment.as_ref(), new.comment.as_ref());
    }
}
