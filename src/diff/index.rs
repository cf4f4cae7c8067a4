//! Indexes.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of indexes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexChange {
    CreateIndex { table: QualName, index: Index },
    DropIndex { table: QualName, index: Index },
    RenameIndex { table: QualName, from: Ident, to: Ident },
}

impl IndexChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            IndexChange::CreateIndex { table, index } => {
                format!("create index {}.{} on {table}", table.schema, index.name)
            }
            IndexChange::DropIndex { table, index } => {
                format!("drop index {}.{} on {table}", table.schema, index.name)
            }
            IndexChange::RenameIndex { table, from, to } => {
                format!("rename index {}.{from} to {to}", table.schema)
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            IndexChange::CreateIndex { table, index } | IndexChange::DropIndex { table, index } => {
                ObjectKey::Index(table.clone(), index.name.clone())
            }
            IndexChange::RenameIndex { table, to, .. } => ObjectKey::Index(table.clone(), to.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            IndexChange::CreateIndex { .. } => Sign::Add,
            IndexChange::DropIndex { .. } => Sign::Drop,
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
        match self {
            IndexChange::CreateIndex { table, .. }
            | IndexChange::DropIndex { table, .. }
            | IndexChange::RenameIndex { table, .. } => vec![table.clone()],
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            IndexChange::CreateIndex { table, index } => {
                one(Change::Index(IndexChange::DropIndex { table: table.clone(), index: index.clone() }))
            }
            IndexChange::DropIndex { table, index } => {
                let create = Change::Index(IndexChange::CreateIndex { table: table.clone(), index: index.clone() });
                Ok(with_comment(create, CommentTarget::Index(table.clone(), index.name.clone()), &index.comment))
            }
            IndexChange::RenameIndex { table, from, to } => one(Change::Index(IndexChange::RenameIndex {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            })),
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn create_index(&mut self, table: &QualName, index: &Index) {
        self.push(Change::Index(IndexChange::CreateIndex { table: table.clone(), index: index.clone() }));
        self.comment(CommentTarget::Index(table.clone(), index.name.clone()), None, index.comment.as_ref());
    }
}

/// The columns an index is on or mentions.
pub(crate) fn index_columns(index: &Index) -> Vec<Ident> {
    let mut res = Vec::new();
    for element in &index.elements {
        match &element.key {
            IndexKey::Column(column) => res.push(column.clone()),
            IndexKey::Expr(expr) => res.extend(sqltext::mentioned_names(expr)),
        }
    }
    res.extend(index.include.iter().cloned());
    if let Some(predicate) = &index.predicate {
        res.extend(sqltext::mentioned_names(predicate));
    }
    res
}

/// The key columns of a unique, non-partial index on plain columns: a key a
/// foreign key can reference.
pub(crate) fn unique_index_columns(index: &Index) -> Option<Vec<Ident>> {
    if !index.unique || index.predicate.is_some() {
        return None;
    }
    index
        .elements
        .iter()
        .map(|element| match &element.key {
            IndexKey::Column(column) => Some(column.clone()),
            IndexKey::Expr(_) => None,
        })
        .collect()
}
