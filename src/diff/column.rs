//! Columns: type, nullability, default, identity, generation.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of columns of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnChange {
    AddColumn {
        table: QualName,
        column: Column,
        /// `@backfill(expr)` for a new `not null` column without a default: the
        /// column is added nullable, filled, then made `not null`.
        backfill: Option<SqlText>,
        /// Its type is a `not null` domain without a default, so existing rows
        /// cannot take the column.
        domain_not_null: bool,
    },
    DropColumn {
        table: QualName,
        column: Column,
    },
    RenameColumn {
        table: QualName,
        from: Ident,
        to: Ident,
    },
    /// `ALTER COLUMN … TYPE … USING …`. A default on the column is dropped
    /// before and set again (to `default`) after, since it may not cast.
    AlterColumnType {
        table: QualName,
        column: Ident,
        from: DataType,
        to: DataType,
        collation: Option<Ident>,
        /// The `@backfill` expression; `column::type` when `None`.
        using: Option<SqlText>,
        /// The column's default before (dropped first, when there is one).
        previous_default: Option<SqlText>,
        default: Option<SqlText>,
        /// The column's collation before.
        previous_collation: Option<Ident>,
    },
    SetNotNull {
        table: QualName,
        column: Ident,
    },
    DropNotNull {
        table: QualName,
        column: Ident,
    },
    SetDefault {
        table: QualName,
        column: Ident,
        default: SqlText,
        previous: Option<SqlText>,
    },
    /// `ALTER COLUMN … DROP EXPRESSION`: a generated column becomes a plain one, keeping its values.
    DropGenerated {
        table: QualName,
        column: Ident,
    },
    DropDefault {
        table: QualName,
        column: Ident,
        previous: SqlText,
    },
    AddIdentity {
        table: QualName,
        column: Ident,
        identity: Identity,
    },
    DropIdentity {
        table: QualName,
        column: Ident,
    },
    AlterIdentity {
        table: QualName,
        column: Ident,
        from: Identity,
        to: Identity,
    },
}

impl ColumnChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            ColumnChange::AddColumn { table, column, .. } => {
                format!("add column {table}.{}", column.name)
            }
            ColumnChange::DropColumn { table, column } => {
                format!("drop column {table}.{}", column.name)
            }
            ColumnChange::RenameColumn { table, from, to } => {
                format!("rename column {table}.{from} to {to}")
            }
            ColumnChange::AlterColumnType { table, column, from, to, .. } => format!(
                "change type of column {table}.{column} from {} to {}",
                data_type_sql_unquoted(from),
                data_type_sql_unquoted(to)
            ),
            ColumnChange::SetNotNull { table, column } => {
                format!("set not null on column {table}.{column}")
            }
            ColumnChange::DropNotNull { table, column } => {
                format!("drop not null on column {table}.{column}")
            }
            ColumnChange::SetDefault { table, column, .. } => {
                format!("set default of column {table}.{column}")
            }
            ColumnChange::DropDefault { table, column, .. } => {
                format!("drop default of column {table}.{column}")
            }
            ColumnChange::DropGenerated { table, column } => {
                format!("drop generation expression of column {table}.{column}")
            }
            ColumnChange::AddIdentity { table, column, .. } => {
                format!("add identity to column {table}.{column}")
            }
            ColumnChange::DropIdentity { table, column } => {
                format!("drop identity of column {table}.{column}")
            }
            ColumnChange::AlterIdentity { table, column, .. } => {
                format!("alter identity of column {table}.{column}")
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            ColumnChange::AddColumn { table, column, .. } | ColumnChange::DropColumn { table, column } => {
                ObjectKey::Column(table.clone(), column.name.clone())
            }
            ColumnChange::RenameColumn { table, to, .. } => ObjectKey::Column(table.clone(), to.clone()),
            ColumnChange::AlterColumnType { table, column, .. }
            | ColumnChange::SetNotNull { table, column }
            | ColumnChange::DropNotNull { table, column }
            | ColumnChange::SetDefault { table, column, .. }
            | ColumnChange::DropDefault { table, column, .. }
            | ColumnChange::DropGenerated { table, column }
            | ColumnChange::AddIdentity { table, column, .. }
            | ColumnChange::DropIdentity { table, column }
            | ColumnChange::AlterIdentity { table, column, .. } => ObjectKey::Column(table.clone(), column.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            ColumnChange::AddColumn { .. } => Sign::Add,
            ColumnChange::DropColumn { .. } => Sign::Drop,
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
            ColumnChange::DropColumn { table, column } if column.generated.is_none() => push(
                "data-loss",
                HazardSeverity::Warning,
                format!("dropping column {table}.{} deletes its values", column.name),
            ),
            ColumnChange::AlterColumnType { table, column, from, to, .. } if !is_widening(from, to) => push(
                "may-fail",
                HazardSeverity::Warning,
                format!(
                    "changing column {table}.{column} from {} to {} fails if a value does not convert, and may lose precision",
                    data_type_sql_unquoted(from),
                    data_type_sql_unquoted(to)
                ),
            ),
            ColumnChange::SetNotNull { table, column } => push(
                "may-fail",
                HazardSeverity::Warning,
                format!("setting column {table}.{column} not null fails if a row holds null"),
            ),
            ColumnChange::AddColumn { table, column, backfill: None, domain_not_null }
                if (column.not_null || *domain_not_null)
                    && column.default.is_none()
                    && column.identity.is_none()
                    && column.generated.is_none() =>
            {
                push(
                    "may-fail",
                    HazardSeverity::Warning,
                    format!(
                        "adding not null column {table}.{} without a default fails if the table has rows",
                        column.name
                    ),
                )
            }
            _ => {}
        }
        res
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            ColumnChange::AddColumn { table, .. }
            | ColumnChange::DropColumn { table, .. }
            | ColumnChange::RenameColumn { table, .. }
            | ColumnChange::AlterColumnType { table, .. }
            | ColumnChange::SetNotNull { table, .. }
            | ColumnChange::DropNotNull { table, .. }
            | ColumnChange::SetDefault { table, .. }
            | ColumnChange::DropDefault { table, .. }
            | ColumnChange::DropGenerated { table, .. }
            | ColumnChange::AddIdentity { table, .. }
            | ColumnChange::DropIdentity { table, .. }
            | ColumnChange::AlterIdentity { table, .. } => vec![table.clone()],
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            ColumnChange::AddColumn { table, column, .. } => {
                one(Change::Column(ColumnChange::DropColumn { table: table.clone(), column: column.clone() }))
            }
            ColumnChange::DropColumn { table, column } if column.generated.is_some() => {
                // Generated values are computed again.
                let target = CommentTarget::Column(table.clone(), column.name.clone());
                let add = Change::Column(ColumnChange::AddColumn {
                    table: table.clone(),
                    column: Column { comment: None, ..column.clone() },
                    backfill: None,
                    domain_not_null: false,
                });
                Ok(with_comment(add, target, &column.comment))
            }
            ColumnChange::DropColumn { table, column } => {
                Err(format!("column {table}.{} is dropped with its values", column.name))
            }
            ColumnChange::RenameColumn { table, from, to } => one(Change::Column(ColumnChange::RenameColumn {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            })),
            ColumnChange::AlterColumnType {
                table,
                column,
                from,
                to,
                collation,
                previous_default,
                default,
                previous_collation,
                ..
            } => one(Change::Column(ColumnChange::AlterColumnType {
                table: table.clone(),
                column: column.clone(),
                from: to.clone(),
                to: from.clone(),
                collation: previous_collation.clone(),
                using: None,
                previous_default: default.clone(),
                default: previous_default.clone(),
                previous_collation: collation.clone(),
            })),
            ColumnChange::SetNotNull { table, column } => {
                one(Change::Column(ColumnChange::DropNotNull { table: table.clone(), column: column.clone() }))
            }
            ColumnChange::DropNotNull { table, column } => {
                one(Change::Column(ColumnChange::SetNotNull { table: table.clone(), column: column.clone() }))
            }
            ColumnChange::SetDefault { table, column, default, previous } => match previous {
                Some(previous) => one(Change::Column(ColumnChange::SetDefault {
                    table: table.clone(),
                    column: column.clone(),
                    default: previous.clone(),
                    previous: Some(default.clone()),
                })),
                None => one(Change::Column(ColumnChange::DropDefault {
                    table: table.clone(),
                    column: column.clone(),
                    previous: default.clone(),
                })),
            },
            ColumnChange::DropDefault { table, column, previous } => one(Change::Column(ColumnChange::SetDefault {
                table: table.clone(),
                column: column.clone(),
                default: previous.clone(),
                previous: None,
            })),
            ColumnChange::DropGenerated { table, column } => Err(format!(
                "PostgreSQL 15 cannot make column {table}.{column} generated again without dropping and adding it"
            )),
            ColumnChange::AddIdentity { table, column, .. } => {
                one(Change::Column(ColumnChange::DropIdentity { table: table.clone(), column: column.clone() }))
            }
            ColumnChange::DropIdentity { table, column } => {
                Err(format!("the identity sequence of {table}.{column} is dropped with its current value"))
            }
            ColumnChange::AlterIdentity { table, column, from, to } => {
                one(Change::Column(ColumnChange::AlterIdentity {
                    table: table.clone(),
                    column: column.clone(),
                    from: to.clone(),
                    to: from.clone(),
                }))
            }
        }
    }
}

impl<'a> Ctx<'a> {
    /// The `@backfill` of a new `not null` column that has no other way to fill
    /// existing rows (no default, identity or generation expression).
    /// Whether the column's type is a `not null` domain without a default.
    pub(super) fn domain_not_null(&self, column: &Column) -> bool {
        match &column.ty.base {
            BaseType::Named(name) if column.ty.array_dims == 0 => {
                self.to.domains.get(name).is_some_and(|domain| domain.not_null && domain.default.is_none())
            }
            _ => false,
        }
    }

    pub(super) fn backfill_for(&self, table: &QualName, column: &Column) -> Option<crate::ir::SqlText> {
        let needs_values =
            column.not_null && column.default.is_none() && column.identity.is_none() && column.generated.is_none();
        if !needs_values {
            return None;
        }
        self.meta.backfill.get(&(table.clone(), column.name.clone())).cloned()
    }

    pub(super) fn alter_column(
        &mut self,
        table: &QualName,
        old: &Column,
        new: &Column,
        renamed: bool,
        analysis: &ColumnAnalysis,
    ) {
        let column = &new.name;
        if column_recreated(old, new) {
            // PostgreSQL 15 cannot change a generation expression in place.
            self.push(Change::Column(ColumnChange::DropColumn { table: table.clone(), column: old.clone() }));
            let domain_not_null = self.domain_not_null(new);
            self.push(Change::Column(ColumnChange::AddColumn {
                table: table.clone(),
                column: new.clone(),
                backfill: None,
                domain_not_null,
            }));
            self.comment(CommentTarget::Column(table.clone(), column.clone()), None, new.comment.as_ref());
            return;
        }
        if renamed {
            self.push(Change::Column(ColumnChange::RenameColumn {
                table: table.clone(),
                from: old.name.clone(),
                to: column.clone(),
            }));
        }
        if old.generated.is_some() && new.generated.is_none() {
            self.push(Change::Column(ColumnChange::DropGenerated { table: table.clone(), column: column.clone() }));
        }
        let mut default_done = false;
        if analysis.type_changed.contains(&(table.clone(), column.clone())) {
            let using = self.meta.backfill.get(&(table.clone(), column.clone())).cloned();
            self.push(Change::Column(ColumnChange::AlterColumnType {
                table: table.clone(),
                column: column.clone(),
                from: self.renames.data_type(&old.ty),
                to: new.ty.clone(),
                collation: new.collation.clone(),
                using,
                previous_default: old.default.clone(),
                default: if old.default.is_some() { new.default.clone() } else { None },
                previous_collation: old.collation.clone(),
            }));
            default_done = old.default.is_some();
        }
        if analysis.enum_converted.contains(&(table.clone(), column.clone())) {
            // The enum's recreation drops the default and sets the new one.
            default_done = old.default.is_some();
        }
        if old.not_null != new.not_null {
            let change = if new.not_null {
                Change::Column(ColumnChange::SetNotNull { table: table.clone(), column: column.clone() })
            } else {
                Change::Column(ColumnChange::DropNotNull { table: table.clone(), column: column.clone() })
            };
            self.push(change);
        }
        if !default_done && old.default != new.default {
            match (&old.default, &new.default) {
                (previous, Some(default)) => self.push(Change::Column(ColumnChange::SetDefault {
                    table: table.clone(),
                    column: column.clone(),
                    default: default.clone(),
                    previous: previous.clone(),
                })),
                (Some(previous), None) => self.push(Change::Column(ColumnChange::DropDefault {
                    table: table.clone(),
                    column: column.clone(),
                    previous: previous.clone(),
                })),
                (None, None) => {}
            }
        }
        match (&old.identity, &new.identity) {
            (None, Some(identity)) => self.push(Change::Column(ColumnChange::AddIdentity {
                table: table.clone(),
                column: column.clone(),
                identity: identity.clone(),
            })),
            (Some(_), None) => {
                self.push(Change::Column(ColumnChange::DropIdentity { table: table.clone(), column: column.clone() }))
            }
            (Some(from), Some(to)) if !same_identity(from, to) => {
                self.push(Change::Column(ColumnChange::AlterIdentity {
                    table: table.clone(),
                    column: column.clone(),
                    from: from.clone(),
                    to: to.clone(),
                }))
            }
            _ => {}
        }
        self.comment(CommentTarget::Column(table.clone(), column.clone()), old.comment.as_ref(), new.comment.as_ref());
    }
}

/// How a column on both sides changes shape.
pub(super) fn column_recreated(old: &Column, new: &Column) -> bool {
    new.generated.is_some() && old.generated != new.generated
}

pub(super) fn same_identity(from: &crate::ir::Identity, to: &crate::ir::Identity) -> bool {
    let mut from_options = from.options.clone();
    from_options.data_type = to.options.data_type.clone();
    from.always == to.always && from_options == to.options
}
