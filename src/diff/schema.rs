//! Schemas (namespaces other than `public`).
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of schemas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaChange {
    CreateSchema(Namespace),
    DropSchema(Namespace),
}

impl SchemaChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            SchemaChange::CreateSchema(it) => format!("create schema {}", it.name),
            SchemaChange::DropSchema(it) => format!("drop schema {}", it.name),
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            SchemaChange::CreateSchema(it) | SchemaChange::DropSchema(it) => ObjectKey::Schema(it.name.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            SchemaChange::CreateSchema(_) => Sign::Add,
            SchemaChange::DropSchema(_) => Sign::Drop,
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
            SchemaChange::CreateSchema(it) => one(Change::Schema(SchemaChange::DropSchema(it.clone()))),
            SchemaChange::DropSchema(it) => Ok(with_comment(
                Change::Schema(SchemaChange::CreateSchema(it.clone())),
                CommentTarget::Schema(it.name.clone()),
                &it.comment,
            )),
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn schemas(&mut self) {
        if self.from.public_comment != self.to.public_comment {
            let old = public_comment_text(&self.from.public_comment).map(str::to_string);
            let new = public_comment_text(&self.to.public_comment).map(str::to_string);
            self.comment(CommentTarget::Schema("public".to_string()), old.as_ref(), new.as_ref());
        }
        let (pairs, _) = pair_up(&self.from.schemas, &self.to.schemas, |_| None);
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::Schema(SchemaChange::CreateSchema(new.clone())));
                    self.comment(CommentTarget::Schema(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => self.push(Change::Schema(SchemaChange::DropSchema(old.clone()))),
                (Some((_, old)), Some((_, new))) => {
                    self.comment(CommentTarget::Schema(new.name.clone()), old.comment.as_ref(), new.comment.as_ref())
                }
                (None, None) => {}
            }
        }
    }
}
