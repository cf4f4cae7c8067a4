//! One change between two catalogs: plain data that the planner orders and
//! `sql` spells out.

use super::{
    ColumnChange, CommentChange, CompositeChange, ConstraintChange, DomainChange, EnumChange, ExtensionChange,
    FunctionChange, IndexChange, ObjectChange, PolicyChange, PrivilegeChange, SchemaChange, SequenceChange,
    TableChange, TriggerChange, ViewChange,
};
use crate::hazard::Hazard;
use crate::ir::{DataType, Ident, ObjectId, ObjectKey, QualName, SqlText, data_type_sql_unquoted};

/// What a change does to the schema, as a verb and an object.
///
/// Changes on a table always name the table by its name in the target
/// catalog (after any rename), since they run after the rename. Objects that
/// are dropped carry their definition from the source catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Extension(ExtensionChange),
    Schema(SchemaChange),
    Enum(EnumChange),
    Domain(DomainChange),
    Sequence(SequenceChange),
    Table(TableChange),
    Column(ColumnChange),
    Constraint(ConstraintChange),
    Index(IndexChange),
    View(ViewChange),
    Function(FunctionChange),
    Trigger(TriggerChange),
    Comment(CommentChange),
    Object(ObjectChange),
    Composite(CompositeChange),
    Policy(PolicyChange),
    Privilege(PrivilegeChange),
}

/// Where `ALTER TYPE … ADD VALUE` puts the new label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumPosition {
    Before(String),
    After(String),
}

/// A column converted by [`Change::Enum(EnumChange::RecreateEnum)`].
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
    Composite(QualName),
    Sequence(QualName),
    Table(QualName),
    Column(QualName, Ident),
    Constraint(QualName, Ident),
    Index(QualName, Ident),
    Trigger(QualName, Ident),
    Policy(QualName, Ident),
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
    /// An object carried whole, by its identity.
    Object(ObjectId),
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
        each_kind!(self, c => c.summary())
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        each_kind!(self, c => c.object())
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        each_kind!(self, c => c.sign())
    }

    /// Whether the change destroys stored data: a dropped table, column or
    /// sequence (its current value).
    pub fn destroys_data(&self) -> bool {
        matches!(
            self,
            Change::Table(TableChange::DropTable(_))
                | Change::Column(ColumnChange::DropColumn { .. })
                | Change::Sequence(SequenceChange::DropSequence(_))
        )
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        each_kind!(self, c => c.hazards())
    }
}

pub(super) fn view_word(materialized: bool) -> &'static str {
    if materialized { "materialized view" } else { "view" }
}

pub(super) fn routine_word(procedure: bool) -> &'static str {
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
            CommentTarget::Composite(name) => format!("type {name}"),
            CommentTarget::Sequence(name) => format!("sequence {name}"),
            CommentTarget::Table(name) => format!("table {name}"),
            CommentTarget::Column(table, column) => format!("column {table}.{column}"),
            CommentTarget::Constraint(table, name) => format!("constraint {table}.{name}"),
            CommentTarget::Index(table, name) => format!("index {}.{name}", table.schema),
            CommentTarget::Trigger(table, name) => format!("trigger {name} on {table}"),
            CommentTarget::Policy(table, name) => format!("policy {name} on {table}"),
            CommentTarget::View { name, materialized } => format!("{} {name}", view_word(*materialized)),
            CommentTarget::Function { name, procedure, arg_types } => {
                let types: Vec<String> = arg_types.iter().map(data_type_sql_unquoted).collect();
                format!("{} {name}({})", routine_word(*procedure), types.join(", "))
            }
            CommentTarget::Object(id) => id.to_string(),
        }
    }

    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            CommentTarget::Extension(name) => ObjectKey::Extension(name.clone()),
            CommentTarget::Schema(name) => ObjectKey::Schema(name.clone()),
            CommentTarget::Enum(name) => ObjectKey::Enum(name.clone()),
            CommentTarget::Domain(name) => ObjectKey::Domain(name.clone()),
            CommentTarget::Composite(name) => ObjectKey::Composite(name.clone()),
            CommentTarget::Sequence(name) => ObjectKey::Sequence(name.clone()),
            CommentTarget::Table(name) => ObjectKey::Table(name.clone()),
            CommentTarget::Column(table, column) => ObjectKey::Column(table.clone(), column.clone()),
            CommentTarget::Constraint(table, name) => ObjectKey::Constraint(table.clone(), name.clone()),
            CommentTarget::Index(table, name) => ObjectKey::Index(table.clone(), name.clone()),
            CommentTarget::Trigger(table, name) => ObjectKey::Trigger(table.clone(), name.clone()),
            CommentTarget::Policy(table, name) => ObjectKey::Policy(table.clone(), name.clone()),
            CommentTarget::View { name, .. } => ObjectKey::View(name.clone()),
            CommentTarget::Function { name, arg_types, .. } => ObjectKey::Function(crate::ir::FunctionKey {
                name: name.clone(),
                arg_types: arg_types.iter().map(data_type_sql_unquoted).collect(),
            }),
            CommentTarget::Object(id) => ObjectKey::Object(id.clone()),
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
    each_kind!(change, c => c.tables())
}
