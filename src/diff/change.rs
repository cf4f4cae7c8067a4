//! One change between two catalogs: plain data that the planner orders and
//! `sql` spells out.

use crate::ir::{
    Column, Constraint, ConstraintKind, DataType, Domain, Enum, Extension, Function, Ident, Identity, Index, Namespace,
    ObjectKey, QualName, Sequence, SequenceOptions, SqlText, Table, Trigger, View, data_type_sql_unquoted,
};
use crate::hazard::{Hazard, HazardSeverity};

/// What a change does to the schema, as a verb and an object.
///
/// Changes on a table always name the table by its name in the target
/// catalog (after any rename), since they run after the rename. Objects that
/// are dropped carry their definition from the source catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    CreateExtension(Extension),
    DropExtension(Extension),
    /// `ALTER EXTENSION … SET SCHEMA`.
    SetExtensionSchema {
        name: Ident,
        schema: Ident,
        /// The schema it leaves, when the source says.
        previous: Option<Ident>,
    },

    CreateSchema(Namespace),
    DropSchema(Namespace),

    CreateEnum(Enum),
    DropEnum(Enum),
    RenameEnum {
        from: QualName,
        to: QualName,
    },
    AddEnumValue {
        name: QualName,
        value: String,
        position: Option<EnumPosition>,
    },
    /// Labels were removed or reordered: a new type replaces the old one and every
    /// column using it is converted through `text`.
    RecreateEnum {
        name: QualName,
        labels: Vec<String>,
        removed: Vec<String>,
        columns: Vec<EnumColumn>,
        /// The labels before, in order.
        previous: Vec<String>,
        /// The comment of the type it replaces (the new type starts without
        /// one; a rollback puts it back).
        previous_comment: Option<String>,
    },

    CreateDomain(Domain),
    DropDomain(Domain),
    SetDomainDefault {
        name: QualName,
        default: Option<SqlText>,
        previous: Option<SqlText>,
    },
    SetDomainNotNull {
        name: QualName,
        not_null: bool,
    },
    AddDomainConstraint {
        name: QualName,
        constraint: Ident,
        expr: SqlText,
    },
    DropDomainConstraint {
        name: QualName,
        constraint: Ident,
        expr: SqlText,
    },

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

    /// A table with its columns and its primary key, unique and check
    /// constraints. Foreign keys, indexes, triggers and comments are separate changes.
    CreateTable(Table),
    DropTable(Table),
    RenameTable {
        from: QualName,
        to: QualName,
    },
    SetTableLogged {
        table: QualName,
        unlogged: bool,
    },

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

    CreateIndex {
        table: QualName,
        index: Index,
    },
    DropIndex {
        table: QualName,
        index: Index,
    },
    RenameIndex {
        table: QualName,
        from: Ident,
        to: Ident,
    },

    CreateView(View),
    DropView(View),
    RenameView {
        from: QualName,
        to: QualName,
        materialized: bool,
    },

    CreateFunction(Function),
    /// `CREATE OR REPLACE` of a function whose signature and result stay the same.
    ReplaceFunction {
        function: Function,
        previous: Box<Function>,
    },
    DropFunction(Function),

    CreateTrigger {
        table: QualName,
        trigger: Trigger,
    },
    DropTrigger {
        table: QualName,
        trigger: Trigger,
    },

    /// `COMMENT ON … IS …`, or `IS NULL` to remove it.
    SetComment {
        target: CommentTarget,
        comment: Option<String>,
        previous: Option<String>,
    },
}

/// Where `ALTER TYPE … ADD VALUE` puts the new label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumPosition {
    Before(String),
    After(String),
}

/// A column converted by [`Change::RecreateEnum`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumColumn {
    pub table: QualName,
    pub column: Ident,
    pub array_dims: u8,
    /// The column's default in the source catalog (dropped first).
    pub previous_default: Option<SqlText>,
    /// The default to set again after the conversion.
    pub default: Option<SqlText>,
}

/// The object of a `COMMENT ON`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentTarget {
    Extension(Ident),
    Schema(Ident),
    Enum(QualName),
    Domain(QualName),
    Sequence(QualName),
    Table(QualName),
    Column(QualName, Ident),
    Constraint(QualName, Ident),
    Index(QualName, Ident),
    Trigger(QualName, Ident),
    View {
        name: QualName,
        materialized: bool,
    },
    /// Input argument types spell the signature.
    Function {
        name: QualName,
        procedure: bool,
        arg_types: Vec<DataType>,
    },
}

/// How a change shows in the human plan: `+`, `~` or `-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sign {
    Add,
    Change,
    Drop,
}

impl Sign {
    pub fn symbol(self) -> char {
        match self {
            Sign::Add => '+',
            Sign::Change => '~',
            Sign::Drop => '-',
        }
    }
}

impl Change {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            Change::CreateExtension(it) => format!("create extension {}", it.name),
            Change::DropExtension(it) => format!("drop extension {}", it.name),
            Change::SetExtensionSchema { name, schema, .. } => format!("move extension {name} to schema {schema}"),
            Change::CreateSchema(it) => format!("create schema {}", it.name),
            Change::DropSchema(it) => format!("drop schema {}", it.name),
            Change::CreateEnum(it) => format!("create enum {}", it.name),
            Change::DropEnum(it) => format!("drop enum {}", it.name),
            Change::RenameEnum { from, to } => format!("rename enum {from} to {to}"),
            Change::AddEnumValue { name, value, .. } => format!("add value '{value}' to enum {name}"),
            Change::RecreateEnum { name, .. } => format!("recreate enum {name}"),
            Change::CreateDomain(it) => format!("create domain {}", it.name),
            Change::DropDomain(it) => format!("drop domain {}", it.name),
            Change::SetDomainDefault { name, default: Some(_), .. } => format!("set default of domain {name}"),
            Change::SetDomainDefault { name, default: None, .. } => format!("drop default of domain {name}"),
            Change::SetDomainNotNull { name, not_null: true } => format!("set not null on domain {name}"),
            Change::SetDomainNotNull { name, not_null: false } => format!("drop not null on domain {name}"),
            Change::AddDomainConstraint { name, constraint, .. } => {
                format!("add constraint {constraint} to domain {name}")
            }
            Change::DropDomainConstraint { name, constraint, .. } => {
                format!("drop constraint {constraint} from domain {name}")
            }
            Change::CreateSequence(it) => format!("create sequence {}", it.name),
            Change::DropSequence(it) => format!("drop sequence {}", it.name),
            Change::AlterSequence { name, .. } => format!("alter sequence {name}"),
            Change::SetSequenceOwner { name, owned_by: Some((table, column)), .. } => {
                format!("set owner of sequence {name} to {table}.{column}")
            }
            Change::SetSequenceOwner { name, owned_by: None, .. } => format!("remove owner of sequence {name}"),
            Change::CreateTable(it) => format!("create table {}", it.name),
            Change::DropTable(it) => format!("drop table {}", it.name),
            Change::RenameTable { from, to } => format!("rename table {from} to {to}"),
            Change::SetTableLogged { table, unlogged: true } => format!("set table {table} unlogged"),
            Change::SetTableLogged { table, unlogged: false } => format!("set table {table} logged"),
            Change::AddColumn { table, column, .. } => format!("add column {table}.{}", column.name),
            Change::DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            Change::RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
            Change::AlterColumnType { table, column, from, to, .. } => format!(
                "change type of column {table}.{column} from {} to {}",
                data_type_sql_unquoted(from),
                data_type_sql_unquoted(to)
            ),
            Change::SetNotNull { table, column } => format!("set not null on column {table}.{column}"),
            Change::DropNotNull { table, column } => format!("drop not null on column {table}.{column}"),
            Change::SetDefault { table, column, .. } => format!("set default of column {table}.{column}"),
            Change::DropDefault { table, column, .. } => format!("drop default of column {table}.{column}"),
            Change::DropGenerated { table, column } => format!("drop generation expression of column {table}.{column}"),
            Change::AddIdentity { table, column, .. } => format!("add identity to column {table}.{column}"),
            Change::DropIdentity { table, column } => format!("drop identity of column {table}.{column}"),
            Change::AlterIdentity { table, column, .. } => format!("alter identity of column {table}.{column}"),
            Change::AddConstraint { table, constraint, .. } => format!("add constraint {table}.{}", constraint.name),
            Change::DropConstraint { table, constraint } => format!("drop constraint {table}.{}", constraint.name),
            Change::RenameConstraint { table, from, to, .. } => format!("rename constraint {table}.{from} to {to}"),
            Change::CreateIndex { table, index } => format!("create index {}.{} on {table}", table.schema, index.name),
            Change::DropIndex { table, index } => format!("drop index {}.{} on {table}", table.schema, index.name),
            Change::RenameIndex { table, from, to } => format!("rename index {}.{from} to {to}", table.schema),
            Change::CreateView(it) => format!("create {} {}", view_word(it.materialized), it.name),
            Change::DropView(it) => format!("drop {} {}", view_word(it.materialized), it.name),
            Change::RenameView { from, to, materialized } => {
                format!("rename {} {from} to {to}", view_word(*materialized))
            }
            Change::CreateFunction(it) => format!("create {} {}", routine_word(it.procedure), it.key()),
            Change::ReplaceFunction { function: it, .. } => {
                format!("replace {} {}", routine_word(it.procedure), it.key())
            }
            Change::DropFunction(it) => format!("drop {} {}", routine_word(it.procedure), it.key()),
            Change::CreateTrigger { table, trigger } => format!("create trigger {} on {table}", trigger.name),
            Change::DropTrigger { table, trigger } => format!("drop trigger {} on {table}", trigger.name),
            Change::SetComment { target, comment, .. } => {
                let verb = if comment.is_some() { "set comment on" } else { "remove comment on" };
                format!("{verb} {}", target.describe())
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            Change::CreateExtension(it) | Change::DropExtension(it) => ObjectKey::Extension(it.name.clone()),
            Change::SetExtensionSchema { name, .. } => ObjectKey::Extension(name.clone()),
            Change::CreateSchema(it) | Change::DropSchema(it) => ObjectKey::Schema(it.name.clone()),
            Change::CreateEnum(it) | Change::DropEnum(it) => ObjectKey::Enum(it.name.clone()),
            Change::RenameEnum { to, .. } => ObjectKey::Enum(to.clone()),
            Change::AddEnumValue { name, .. } | Change::RecreateEnum { name, .. } => ObjectKey::Enum(name.clone()),
            Change::CreateDomain(it) | Change::DropDomain(it) => ObjectKey::Domain(it.name.clone()),
            Change::SetDomainDefault { name, .. }
            | Change::SetDomainNotNull { name, .. }
            | Change::AddDomainConstraint { name, .. }
            | Change::DropDomainConstraint { name, .. } => ObjectKey::Domain(name.clone()),
            Change::CreateSequence(it) => ObjectKey::Sequence(it.name.clone()),
            Change::DropSequence(it) => ObjectKey::Sequence(it.name.clone()),
            Change::AlterSequence { name, .. } | Change::SetSequenceOwner { name, .. } => {
                ObjectKey::Sequence(name.clone())
            }
            Change::CreateTable(it) | Change::DropTable(it) => ObjectKey::Table(it.name.clone()),
            Change::RenameTable { to, .. } => ObjectKey::Table(to.clone()),
            Change::SetTableLogged { table, .. } => ObjectKey::Table(table.clone()),
            Change::AddColumn { table, column, .. } | Change::DropColumn { table, column } => {
                ObjectKey::Column(table.clone(), column.name.clone())
            }
            Change::RenameColumn { table, to, .. } => ObjectKey::Column(table.clone(), to.clone()),
            Change::AlterColumnType { table, column, .. }
            | Change::SetNotNull { table, column }
            | Change::DropNotNull { table, column }
            | Change::SetDefault { table, column, .. }
            | Change::DropDefault { table, column, .. }
            | Change::DropGenerated { table, column }
            | Change::AddIdentity { table, column, .. }
            | Change::DropIdentity { table, column }
            | Change::AlterIdentity { table, column, .. } => ObjectKey::Column(table.clone(), column.clone()),
            Change::AddConstraint { table, constraint, .. } | Change::DropConstraint { table, constraint } => {
                ObjectKey::Constraint(table.clone(), constraint.name.clone())
            }
            Change::RenameConstraint { table, to, .. } => ObjectKey::Constraint(table.clone(), to.clone()),
            Change::CreateIndex { table, index } | Change::DropIndex { table, index } => {
                ObjectKey::Index(table.clone(), index.name.clone())
            }
            Change::RenameIndex { table, to, .. } => ObjectKey::Index(table.clone(), to.clone()),
            Change::CreateView(it) | Change::DropView(it) => ObjectKey::View(it.name.clone()),
            Change::RenameView { to, .. } => ObjectKey::View(to.clone()),
            Change::CreateFunction(it) | Change::ReplaceFunction { function: it, .. } | Change::DropFunction(it) => {
                ObjectKey::Function(it.key())
            }
            Change::CreateTrigger { table, trigger } | Change::DropTrigger { table, trigger } => {
                ObjectKey::Trigger(table.clone(), trigger.name.clone())
            }
            Change::SetComment { target, .. } => return target.object(),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            Change::CreateExtension(_)
            | Change::CreateSchema(_)
            | Change::CreateEnum(_)
            | Change::AddEnumValue { .. }
            | Change::CreateDomain(_)
            | Change::AddDomainConstraint { .. }
            | Change::CreateSequence(_)
            | Change::CreateTable(_)
            | Change::AddColumn { .. }
            | Change::AddConstraint { .. }
            | Change::CreateIndex { .. }
            | Change::CreateView(_)
            | Change::CreateFunction(_)
            | Change::CreateTrigger { .. } => Sign::Add,
            Change::DropExtension(_)
            | Change::DropSchema(_)
            | Change::DropEnum(_)
            | Change::DropDomain(_)
            | Change::DropDomainConstraint { .. }
            | Change::DropSequence(_)
            | Change::DropTable(_)
            | Change::DropColumn { .. }
            | Change::DropConstraint { .. }
            | Change::DropIndex { .. }
            | Change::DropView(_)
            | Change::DropFunction(_)
            | Change::DropTrigger { .. } => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// Whether the change destroys stored data: a dropped table, column or
    /// sequence (its current value).
    pub fn destroys_data(&self) -> bool {
        matches!(self, Change::DropTable(_) | Change::DropColumn { .. } | Change::DropSequence(_))
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
            Change::DropTable(table) => push(
                "data-loss",
                HazardSeverity::Warning,
                format!("dropping table {} deletes all of its rows", table.name),
            ),
            Change::DropColumn { table, column } if column.generated.is_none() => push(
                "data-loss",
                HazardSeverity::Warning,
                format!("dropping column {table}.{} deletes its values", column.name),
            ),
            Change::DropSequence(sequence) => push(
                "data-loss",
                HazardSeverity::Warning,
                format!("dropping sequence {} loses its current value", sequence.name),
            ),
            Change::AlterColumnType { table, column, from, to, .. } if !is_widening(from, to) => push(
                "may-fail",
                HazardSeverity::Warning,
                format!(
                    "changing column {table}.{column} from {} to {} fails if a value does not convert, and may lose precision",
                    data_type_sql_unquoted(from),
                    data_type_sql_unquoted(to)
                ),
            ),
            Change::RecreateEnum { name, removed, .. } => {
                let message = if removed.is_empty() {
                    format!(
                        "enum {name} is recreated to reorder its labels; views, indexes and constraints that mention its labels may need to be recreated too"
                    )
                } else {
                    let labels: Vec<String> = removed.iter().map(|label| format!("'{label}'")).collect();
                    format!(
                        "enum {name} is recreated without {}; this fails if a row still holds a removed label",
                        labels.join(", ")
                    )
                };
                push("may-fail", HazardSeverity::Warning, message);
            }
            Change::AddEnumValue { name, value, .. } => push(
                "irreversible",
                HazardSeverity::Info,
                format!(
                    "PostgreSQL cannot remove label '{value}' from enum {name} again: a rollback of this phase leaves it, unused"
                ),
            ),
            Change::SetNotNull { table, column } => push(
                "may-fail",
                HazardSeverity::Warning,
                format!("setting column {table}.{column} not null fails if a row holds null"),
            ),
            Change::AddColumn { table, column, backfill: None, domain_not_null }
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
            Change::AddConstraint { table, constraint, table_is_new: false } => {
                let what = match &constraint.kind {
                    ConstraintKind::PrimaryKey { .. } => "a duplicate or null key",
                    ConstraintKind::Unique { .. } => "a duplicate key",
                    ConstraintKind::Check { .. } => "a row that violates the check",
                    ConstraintKind::ForeignKey(_) => "a row without a matching referenced row",
                };
                push(
                    "may-fail",
                    HazardSeverity::Warning,
                    format!("adding constraint {table}.{} fails if there is {what}", constraint.name),
                )
            }
            Change::AddDomainConstraint { name, constraint, .. } => push(
                "may-fail",
                HazardSeverity::Warning,
                format!("adding constraint {constraint} to domain {name} fails if a stored value violates it"),
            ),
            Change::SetDomainNotNull { name, not_null: true } => push(
                "may-fail",
                HazardSeverity::Warning,
                format!("setting domain {name} not null fails if a stored value is null"),
            ),
            _ => {}
        }
        res
    }
}

fn view_word(materialized: bool) -> &'static str {
    if materialized { "materialized view" } else { "view" }
}

fn routine_word(procedure: bool) -> &'static str {
    if procedure { "procedure" } else { "function" }
}

impl CommentTarget {
    /// `table public.accounts`, `column public.accounts.email`, …
    pub fn describe(&self) -> String {
        match self {
            CommentTarget::Extension(name) => format!("extension {name}"),
            CommentTarget::Schema(name) => format!("schema {name}"),
            CommentTarget::Enum(name) => format!("enum {name}"),
            CommentTarget::Domain(name) => format!("domain {name}"),
            CommentTarget::Sequence(name) => format!("sequence {name}"),
            CommentTarget::Table(name) => format!("table {name}"),
            CommentTarget::Column(table, column) => format!("column {table}.{column}"),
            CommentTarget::Constraint(table, name) => format!("constraint {table}.{name}"),
            CommentTarget::Index(table, name) => format!("index {}.{name}", table.schema),
            CommentTarget::Trigger(table, name) => format!("trigger {name} on {table}"),
            CommentTarget::View { name, materialized } => format!("{} {name}", view_word(*materialized)),
            CommentTarget::Function { name, procedure, arg_types } => {
                let types: Vec<String> = arg_types.iter().map(data_type_sql_unquoted).collect();
                format!("{} {name}({})", routine_word(*procedure), types.join(", "))
            }
        }
    }

    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            CommentTarget::Extension(name) => ObjectKey::Extension(name.clone()),
            CommentTarget::Schema(name) => ObjectKey::Schema(name.clone()),
            CommentTarget::Enum(name) => ObjectKey::Enum(name.clone()),
            CommentTarget::Domain(name) => ObjectKey::Domain(name.clone()),
            CommentTarget::Sequence(name) => ObjectKey::Sequence(name.clone()),
            CommentTarget::Table(name) => ObjectKey::Table(name.clone()),
            CommentTarget::Column(table, column) => ObjectKey::Column(table.clone(), column.clone()),
            CommentTarget::Constraint(table, name) => ObjectKey::Constraint(table.clone(), name.clone()),
            CommentTarget::Index(table, name) => ObjectKey::Index(table.clone(), name.clone()),
            CommentTarget::Trigger(table, name) => ObjectKey::Trigger(table.clone(), name.clone()),
            CommentTarget::View { name, .. } => ObjectKey::View(name.clone()),
            CommentTarget::Function { name, arg_types, .. } => ObjectKey::Function(crate::ir::FunctionKey {
                name: name.clone(),
                arg_types: arg_types.iter().map(data_type_sql_unquoted).collect(),
            }),
        };
        Some(key)
    }
}

/// Whether changing a column from `from` to `to` keeps every value: a longer
/// `varchar`, `varchar` to `text`, a wider integer, a `numeric` with more
/// precision and the same scale.
pub fn is_widening(from: &DataType, to: &DataType) -> bool {
    use crate::ir::BaseType::Builtin;
    if from.array_dims != to.array_dims {
        return false;
    }
    let (Builtin(from), Builtin(to)) = (&from.base, &to.base) else { return false };
    let (from_name, from_mods) = split_modifiers(from);
    let (to_name, to_mods) = split_modifiers(to);
    match (from_name, to_name) {
        ("character varying", "character varying") => match (from_mods.as_slice(), to_mods.as_slice()) {
            ([from_len], [to_len]) => to_len >= from_len,
            (_, []) => true,
            _ => false,
        },
        ("character varying", "text") => true,
        ("smallint", "integer" | "bigint") | ("integer", "bigint") => true,
        ("numeric", "numeric") => match (from_mods.as_slice(), to_mods.as_slice()) {
            (_, []) => true,
            ([from_p], [to_p]) => to_p >= from_p,
            ([from_p, from_s], [to_p, to_s]) => to_s == from_s && to_p >= from_p,
            ([from_p], [to_p, 0]) => to_p >= from_p,
            _ => false,
        },
        (from_name, to_name) => from_name == to_name && from_mods == to_mods,
    }
}

/// Whether a type change is binary coercible, so PostgreSQL changes only the
/// catalog and does not rewrite the table.
pub fn is_binary_coercible(from: &DataType, to: &DataType) -> bool {
    use crate::ir::BaseType::Builtin;
    if !is_widening(from, to) {
        return false;
    }
    let (Builtin(from), Builtin(to)) = (&from.base, &to.base) else { return false };
    let (from_name, _) = split_modifiers(from);
    let (to_name, _) = split_modifiers(to);
    match (from_name, to_name) {
        ("character varying", "character varying" | "text") => true,
        (from_name, to_name) => from_name == to_name,
    }
}

/// `numeric(12,2)` → (`numeric`, [12, 2]); `text` → (`text`, []).
fn split_modifiers(text: &str) -> (&str, Vec<i64>) {
    let Some(open) = text.find('(') else { return (text.trim(), Vec::new()) };
    let Some(close) = text[open..].find(')') else { return (text.trim(), Vec::new()) };
    if !text[open + close + 1..].trim().is_empty() {
        // Modifiers in the middle (`timestamp(3) with time zone`): compare whole.
        return (text.trim(), Vec::new());
    }
    let mods = text[open + 1..open + close].split(',').filter_map(|part| part.trim().parse::<i64>().ok()).collect();
    (text[..open].trim(), mods)
}

/// Which tables a change locks or touches, by their names when it runs.
pub fn tables_of(change: &Change) -> Vec<QualName> {
    match change {
        Change::CreateTable(it) | Change::DropTable(it) => vec![it.name.clone()],
        Change::RenameTable { from, .. } => vec![from.clone()],
        Change::SetTableLogged { table, .. }
        | Change::AddColumn { table, .. }
        | Change::DropColumn { table, .. }
        | Change::RenameColumn { table, .. }
        | Change::AlterColumnType { table, .. }
        | Change::SetNotNull { table, .. }
        | Change::DropNotNull { table, .. }
        | Change::SetDefault { table, .. }
        | Change::DropDefault { table, .. }
        | Change::DropGenerated { table, .. }
        | Change::AddIdentity { table, .. }
        | Change::DropIdentity { table, .. }
        | Change::AlterIdentity { table, .. }
        | Change::DropConstraint { table, .. }
        | Change::RenameConstraint { table, .. }
        | Change::CreateIndex { table, .. }
        | Change::DropIndex { table, .. }
        | Change::RenameIndex { table, .. }
        | Change::CreateTrigger { table, .. }
        | Change::DropTrigger { table, .. } => vec![table.clone()],
        Change::AddConstraint { table, constraint, .. } => match &constraint.kind {
            ConstraintKind::ForeignKey(fk) if fk.ref_table != *table => vec![table.clone(), fk.ref_table.clone()],
            _ => vec![table.clone()],
        },
        Change::RecreateEnum { columns, .. } => {
            let mut res: Vec<QualName> = Vec::new();
            for column in columns {
                if !res.contains(&column.table) {
                    res.push(column.table.clone());
                }
            }
            res
        }
        Change::SetComment { target: CommentTarget::Table(name) | CommentTarget::Column(name, _), .. } => {
            vec![name.clone()]
        }
        _ => Vec::new(),
    }
}
