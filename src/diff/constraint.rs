//! Table constraints: primary keys, unique, checks, foreign keys.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of table constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintChange {
    /// `table_is_new`: the table is created by the same plan, so the constraint
    /// cannot fail on existing rows.
    AddConstraint {
        table: QualName,
        constraint: Constraint,
        table_is_new: bool,
    },
    DropConstraint {
        table: QualName,
        constraint: Constraint,
    },
    RenameConstraint {
        table: QualName,
        from: Ident,
        to: Ident,
        kind: ConstraintKind,
    },
}

impl ConstraintChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            ConstraintChange::AddConstraint { table, constraint, .. } => {
                format!("add constraint {table}.{}", constraint.name)
            }
            ConstraintChange::DropConstraint { table, constraint } => {
                format!("drop constraint {table}.{}", constraint.name)
            }
            ConstraintChange::RenameConstraint { table, from, to, .. } => {
                format!("rename constraint {table}.{from} to {to}")
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            ConstraintChange::AddConstraint { table, constraint, .. }
            | ConstraintChange::DropConstraint { table, constraint } => {
                ObjectKey::Constraint(table.clone(), constraint.name.clone())
            }
            ConstraintChange::RenameConstraint { table, to, .. } => ObjectKey::Constraint(table.clone(), to.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            ConstraintChange::AddConstraint { .. } => Sign::Add,
            ConstraintChange::DropConstraint { .. } => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        match self {
            ConstraintChange::AddConstraint { table, constraint, table_is_new: false } => {
                let what = match &constraint.kind {
                    ConstraintKind::PrimaryKey { .. } => "a duplicate or null key",
                    ConstraintKind::Unique { .. } => "a duplicate key",
                    ConstraintKind::Check { .. } => "a row that violates the check",
                    ConstraintKind::ForeignKey(_) => "a row without a matching referenced row",
                };
                vec![Hazard::of(
                    "may-fail",
                    HazardSeverity::Warning,
                    format!("adding constraint {table}.{} fails if there is {what}", constraint.name),
                    self.object(),
                )]
            }
            _ => Vec::new(),
        }
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            ConstraintChange::DropConstraint { table, .. } | ConstraintChange::RenameConstraint { table, .. } => {
                vec![table.clone()]
            }
            ConstraintChange::AddConstraint { table, constraint, .. } => match &constraint.kind {
                ConstraintKind::ForeignKey(fk) if fk.ref_table != *table => vec![table.clone(), fk.ref_table.clone()],
                _ => vec![table.clone()],
            },
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            ConstraintChange::AddConstraint { table, constraint, .. } => {
                one(Change::Constraint(ConstraintChange::DropConstraint {
                    table: table.clone(),
                    constraint: constraint.clone(),
                }))
            }
            ConstraintChange::DropConstraint { table, constraint } => {
                let add = Change::Constraint(ConstraintChange::AddConstraint {
                    table: table.clone(),
                    constraint: constraint.clone(),
                    table_is_new: false,
                });
                let target = CommentTarget::Constraint(table.clone(), constraint.name.clone());
                Ok(with_comment(add, target, &constraint.comment))
            }
            ConstraintChange::RenameConstraint { table, from, to, kind } => {
                one(Change::Constraint(ConstraintChange::RenameConstraint {
                    table: table.clone(),
                    from: to.clone(),
                    to: from.clone(),
                    kind: kind.clone(),
                }))
            }
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn add_constraint(&mut self, table: &QualName, constraint: &Constraint) {
        self.push(Change::Constraint(ConstraintChange::AddConstraint {
            table: table.clone(),
            constraint: constraint.clone(),
            table_is_new: false,
        }));
        self.comment(
            CommentTarget::Constraint(table.clone(), constraint.name.clone()),
            None,
            constraint.comment.as_ref(),
        );
    }
}

pub(super) fn sorted(columns: &[Ident]) -> Vec<Ident> {
    let mut res = columns.to_vec();
    res.sort();
    res
}

/// The columns a constraint is on or mentions.
pub(crate) fn constraint_columns(constraint: &Constraint) -> Vec<Ident> {
    match &constraint.kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => columns.clone(),
        ConstraintKind::Check { expr } => sqltext::mentioned_names(expr),
        ConstraintKind::ForeignKey(fk) => fk.columns.clone(),
    }
}
