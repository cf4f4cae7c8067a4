//! Triggers.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of triggers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TriggerChange {
    CreateTrigger { table: QualName, trigger: Trigger },
    DropTrigger { table: QualName, trigger: Trigger },
}

impl TriggerChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            TriggerChange::CreateTrigger { table, trigger } => {
                format!("create trigger {} on {table}", trigger.name)
            }
            TriggerChange::DropTrigger { table, trigger } => {
                format!("drop trigger {} on {table}", trigger.name)
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            TriggerChange::CreateTrigger { table, trigger } | TriggerChange::DropTrigger { table, trigger } => {
                ObjectKey::Trigger(table.clone(), trigger.name.clone())
            }
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            TriggerChange::CreateTrigger { .. } => Sign::Add,
            TriggerChange::DropTrigger { .. } => Sign::Drop,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        Vec::new()
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            TriggerChange::CreateTrigger { table, .. } | TriggerChange::DropTrigger { table, .. } => {
                vec![table.clone()]
            }
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            TriggerChange::CreateTrigger { table, trigger } => {
                one(Change::Trigger(TriggerChange::DropTrigger { table: table.clone(), trigger: trigger.clone() }))
            }
            TriggerChange::DropTrigger { table, trigger } => {
                let create =
                    Change::Trigger(TriggerChange::CreateTrigger { table: table.clone(), trigger: trigger.clone() });
                Ok(with_comment(create, CommentTarget::Trigger(table.clone(), trigger.name.clone()), &trigger.comment))
            }
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn create_trigger(&mut self, table: &QualName, trigger: &Trigger) {
        self.push(Change::Trigger(TriggerChange::CreateTrigger { table: table.clone(), trigger: trigger.clone() }));
        self.comment(CommentTarget::Trigger(table.clone(), trigger.name.clone()), None, trigger.comment.as_ref());
    }
}
