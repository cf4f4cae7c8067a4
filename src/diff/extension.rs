//! Extensions.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtensionChange {
    CreateExtension(Extension),
    DropExtension(Extension),
    /// `ALTER EXTENSION … SET SCHEMA`.
    SetExtensionSchema {
        name: Ident,
        schema: Ident,
        /// The schema it leaves, when the source says.
        previous: Option<Ident>,
    },
}

impl ExtensionChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            ExtensionChange::CreateExtension(it) => format!("create extension {}", it.name),
            ExtensionChange::DropExtension(it) => format!("drop extension {}", it.name),
            ExtensionChange::SetExtensionSchema { name, schema, .. } => {
                format!("move extension {name} to schema {schema}")
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            ExtensionChange::CreateExtension(it) | ExtensionChange::DropExtension(it) => {
                ObjectKey::Extension(it.name.clone())
            }
            ExtensionChange::SetExtensionSchema { name, .. } => ObjectKey::Extension(name.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            ExtensionChange::CreateExtension(_) => Sign::Add,
            ExtensionChange::DropExtension(_) => Sign::Drop,
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
            ExtensionChange::CreateExtension(it) => one(Change::Extension(ExtensionChange::DropExtension(it.clone()))),
            ExtensionChange::DropExtension(it) => {
                let target = CommentTarget::Extension(it.name.clone());
                Ok(with_comment(Change::Extension(ExtensionChange::CreateExtension(it.clone())), target, &it.comment))
            }
            ExtensionChange::SetExtensionSchema { name, schema, previous } => match previous {
                Some(previous) => one(Change::Extension(ExtensionChange::SetExtensionSchema {
                    name: name.clone(),
                    schema: previous.clone(),
                    previous: Some(schema.clone()),
                })),
                None => Err(format!("the schema extension {name} was in is not known")),
            },
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn extensions(&mut self) {
        let (pairs, _) = pair_up(&self.from.extensions, &self.to.extensions, |_| None);
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::Extension(ExtensionChange::CreateExtension(new.clone())));
                    self.comment(CommentTarget::Extension(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => self.push(Change::Extension(ExtensionChange::DropExtension(old.clone()))),
                (Some((_, old)), Some((_, new))) => {
                    if old.schema != new.schema && new.schema.is_some() {
                        let schema = new.schema.clone().unwrap_or_else(|| "public".to_string());
                        self.push(Change::Extension(ExtensionChange::SetExtensionSchema {
                            name: new.name.clone(),
                            schema,
                            previous: old.schema.clone(),
                        }));
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
}
