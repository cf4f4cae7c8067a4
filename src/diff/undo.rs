//! The inverse of each change: what a rollback runs to undo it.
//!
//! A change's undo runs after the undo of every later change of the same
//! phase (rollbacks run in reverse), so the objects it names are named as
//! they were when the change ran. What cannot be undone says why: stored
//! data that is gone, an enum label PostgreSQL cannot remove, a property the
//! source did not record.

use super::change::{Change, CommentTarget, EnumColumn};
use super::function_target;
use crate::ir::Column;

impl Change {
    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            Change::CreateExtension(it) => one(Change::DropExtension(it.clone())),
            Change::DropExtension(it) => {
                let target = CommentTarget::Extension(it.name.clone());
                Ok(with_comment(Change::CreateExtension(it.clone()), target, &it.comment))
            }
            Change::SetExtensionSchema { name, schema, previous } => match previous {
                Some(previous) => one(Change::SetExtensionSchema {
                    name: name.clone(),
                    schema: previous.clone(),
                    previous: Some(schema.clone()),
                }),
                None => Err(format!("the schema extension {name} was in is not known")),
            },

            Change::CreateSchema(it) => one(Change::DropSchema(it.clone())),
            Change::DropSchema(it) => {
                Ok(with_comment(Change::CreateSchema(it.clone()), CommentTarget::Schema(it.name.clone()), &it.comment))
            }

            Change::CreateEnum(it) => one(Change::DropEnum(it.clone())),
            Change::DropEnum(it) => {
                Ok(with_comment(Change::CreateEnum(it.clone()), CommentTarget::Enum(it.name.clone()), &it.comment))
            }
            Change::RenameEnum { from, to } => one(Change::RenameEnum { from: to.clone(), to: from.clone() }),
            // PostgreSQL cannot remove a label; a rollback leaves it, unused
            // (see `plan::kept_by_rollback`).
            Change::AddEnumValue { .. } => Ok(Vec::new()),
            Change::RecreateEnum { name, labels, columns, previous, previous_comment, .. } => {
                let removed = labels.iter().filter(|label| !previous.contains(label)).cloned().collect();
                let columns = columns
                    .iter()
                    .map(|column| EnumColumn {
                        previous_default: column.default.clone(),
                        default: column.previous_default.clone(),
                        ..column.clone()
                    })
                    .collect();
                let back = Change::RecreateEnum {
                    name: name.clone(),
                    labels: previous.clone(),
                    removed,
                    columns,
                    previous: labels.clone(),
                    previous_comment: None,
                };
                Ok(with_comment(back, CommentTarget::Enum(name.clone()), previous_comment))
            }

            Change::CreateDomain(it) => one(Change::DropDomain(it.clone())),
            Change::DropDomain(it) => {
                Ok(with_comment(Change::CreateDomain(it.clone()), CommentTarget::Domain(it.name.clone()), &it.comment))
            }
            Change::SetDomainDefault { name, default, previous } => one(Change::SetDomainDefault {
                name: name.clone(),
                default: previous.clone(),
                previous: default.clone(),
            }),
            Change::SetDomainNotNull { name, not_null } => {
                one(Change::SetDomainNotNull { name: name.clone(), not_null: !not_null })
            }
            Change::AddDomainConstraint { name, constraint, expr } => one(Change::DropDomainConstraint {
                name: name.clone(),
                constraint: constraint.clone(),
                expr: expr.clone(),
            }),
            Change::DropDomainConstraint { name, constraint, expr } => one(Change::AddDomainConstraint {
                name: name.clone(),
                constraint: constraint.clone(),
                expr: expr.clone(),
            }),

            Change::CreateSequence(it) => one(Change::DropSequence(it.clone())),
            Change::DropSequence(it) => Err(format!("sequence {} is dropped with its current value", it.name)),
            Change::AlterSequence { name, from, to } => {
                one(Change::AlterSequence { name: name.clone(), from: to.clone(), to: from.clone() })
            }
            Change::SetSequenceOwner { name, owned_by, previous } => one(Change::SetSequenceOwner {
                name: name.clone(),
                owned_by: previous.clone(),
                previous: owned_by.clone(),
            }),

            Change::CreateTable(it) => one(Change::DropTable(it.clone())),
            Change::DropTable(it) => Err(format!("table {} is dropped with its rows", it.name)),
            Change::RenameTable { from, to } => one(Change::RenameTable { from: to.clone(), to: from.clone() }),
            Change::SetTableLogged { table, unlogged } => {
                one(Change::SetTableLogged { table: table.clone(), unlogged: !unlogged })
            }

            Change::AddColumn { table, column, .. } => {
                one(Change::DropColumn { table: table.clone(), column: column.clone() })
            }
            Change::DropColumn { table, column } if column.generated.is_some() => {
                // Generated values are computed again.
                let target = CommentTarget::Column(table.clone(), column.name.clone());
                let add = Change::AddColumn {
                    table: table.clone(),
                    column: Column { comment: None, ..column.clone() },
                    backfill: None,
                    domain_not_null: false,
                };
                Ok(with_comment(add, target, &column.comment))
            }
            Change::DropColumn { table, column } => {
                Err(format!("column {table}.{} is dropped with its values", column.name))
            }
            Change::RenameColumn { table, from, to } => {
                one(Change::RenameColumn { table: table.clone(), from: to.clone(), to: from.clone() })
            }
            Change::AlterColumnType {
                table,
                column,
                from,
                to,
                collation,
                previous_default,
                default,
                previous_collation,
                ..
            } => one(Change::AlterColumnType {
                table: table.clone(),
                column: column.clone(),
                from: to.clone(),
                to: from.clone(),
                collation: previous_collation.clone(),
                using: None,
                previous_default: default.clone(),
                default: previous_default.clone(),
                previous_collation: collation.clone(),
            }),
            Change::SetNotNull { table, column } => {
                one(Change::DropNotNull { table: table.clone(), column: column.clone() })
            }
            Change::DropNotNull { table, column } => {
                one(Change::SetNotNull { table: table.clone(), column: column.clone() })
            }
            Change::SetDefault { table, column, default, previous } => match previous {
                Some(previous) => one(Change::SetDefault {
                    table: table.clone(),
                    column: column.clone(),
                    default: previous.clone(),
                    previous: Some(default.clone()),
                }),
                None => {
                    one(Change::DropDefault { table: table.clone(), column: column.clone(), previous: default.clone() })
                }
            },
            Change::DropDefault { table, column, previous } => one(Change::SetDefault {
                table: table.clone(),
                column: column.clone(),
                default: previous.clone(),
                previous: None,
            }),
            Change::DropGenerated { table, column } => Err(format!(
                "PostgreSQL 15 cannot make column {table}.{column} generated again without dropping and adding it"
            )),
            Change::AddIdentity { table, column, .. } => {
                one(Change::DropIdentity { table: table.clone(), column: column.clone() })
            }
            Change::DropIdentity { table, column } => {
                Err(format!("the identity sequence of {table}.{column} is dropped with its current value"))
            }
            Change::AlterIdentity { table, column, from, to } => one(Change::AlterIdentity {
                table: table.clone(),
                column: column.clone(),
                from: to.clone(),
                to: from.clone(),
            }),

            Change::AddConstraint { table, constraint, .. } => {
                one(Change::DropConstraint { table: table.clone(), constraint: constraint.clone() })
            }
            Change::DropConstraint { table, constraint } => {
                let add =
                    Change::AddConstraint { table: table.clone(), constraint: constraint.clone(), table_is_new: false };
                let target = CommentTarget::Constraint(table.clone(), constraint.name.clone());
                Ok(with_comment(add, target, &constraint.comment))
            }
            Change::RenameConstraint { table, from, to, kind } => one(Change::RenameConstraint {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
                kind: kind.clone(),
            }),

            Change::CreateIndex { table, index } => {
                one(Change::DropIndex { table: table.clone(), index: index.clone() })
            }
            Change::DropIndex { table, index } => {
                let create = Change::CreateIndex { table: table.clone(), index: index.clone() };
                Ok(with_comment(create, CommentTarget::Index(table.clone(), index.name.clone()), &index.comment))
            }
            Change::RenameIndex { table, from, to } => {
                one(Change::RenameIndex { table: table.clone(), from: to.clone(), to: from.clone() })
            }

            Change::CreateView(it) => one(Change::DropView(it.clone())),
            Change::DropView(it) => {
                let target = CommentTarget::View { name: it.name.clone(), materialized: it.materialized };
                Ok(with_comment(Change::CreateView(it.clone()), target, &it.comment))
            }
            Change::RenameView { from, to, materialized } => {
                one(Change::RenameView { from: to.clone(), to: from.clone(), materialized: *materialized })
            }

            Change::CreateFunction(it) => one(Change::DropFunction(it.clone())),
            Change::ReplaceFunction { function, previous } => one(Change::ReplaceFunction {
                function: previous.as_ref().clone(),
                previous: Box::new(function.clone()),
            }),
            Change::DropFunction(it) => {
                Ok(with_comment(Change::CreateFunction(it.clone()), function_target(it), &it.comment))
            }

            Change::CreateTrigger { table, trigger } => {
                one(Change::DropTrigger { table: table.clone(), trigger: trigger.clone() })
            }
            Change::DropTrigger { table, trigger } => {
                let create = Change::CreateTrigger { table: table.clone(), trigger: trigger.clone() };
                Ok(with_comment(create, CommentTarget::Trigger(table.clone(), trigger.name.clone()), &trigger.comment))
            }

            Change::SetComment { target, comment, previous } => {
                one(Change::SetComment { target: target.clone(), comment: previous.clone(), previous: comment.clone() })
            }
        }
    }
}

/// `create`, then its comment when it has one.
fn with_comment(create: Change, target: CommentTarget, comment: &Option<String>) -> Vec<Change> {
    let mut res = vec![create];
    if let Some(comment) = comment {
        res.push(Change::SetComment { target, comment: Some(comment.clone()), previous: None });
    }
    res
}
