//! The inverse of each change: what a rollback runs to undo it.
//!
//! A change's undo runs after the undo of every later change of the same
//! phase (rollbacks run in reverse), so the objects it names are named as
//! they were when the change ran. What cannot be undone says why: stored
//! data that is gone, an enum label PostgreSQL cannot remove, a property the
//! source did not record.

use super::{Change, CommentChange, CommentTarget};

impl Change {
    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        each_kind!(self, c => c.undo())
    }
}

/// `create`, then its comment when it has one.
pub(super) fn with_comment(create: Change, target: CommentTarget, comment: &Option<String>) -> Vec<Change> {
    let mut res = vec![create];
    if let Some(comment) = comment {
        res.push(Change::Comment(CommentChange::SetComment { target, comment: Some(comment.clone()), previous: None }));
    }
    res
}
