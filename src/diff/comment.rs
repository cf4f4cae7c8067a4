//! Comments on any object.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of comments on any object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentChange {
    /// `COMMENT ON … IS …`, or `IS NULL` to remove it.
    SetComment { target: CommentTarget, comment: Option<String>, previous: Option<String> },
}

impl CommentChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            CommentChange::SetComment { target, comment, .. } => {
                let verb = if comment.is_some() { "set comment on" } else { "remove comment on" };
                format!("{verb} {}", target.describe())
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        match self {
            CommentChange::SetComment { target, .. } => target.object(),
        }
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        Sign::Change
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        Vec::new()
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            CommentChange::SetComment {
                target: CommentTarget::Table(name) | CommentTarget::Column(name, _), ..
            } => {
                vec![name.clone()]
            }
            _ => Vec::new(),
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            CommentChange::SetComment { target, comment, previous } => {
                one(Change::Comment(CommentChange::SetComment {
                    target: target.clone(),
                    comment: previous.clone(),
                    previous: comment.clone(),
                }))
            }
        }
    }
}
