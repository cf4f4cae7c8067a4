//! SQL text: the statements of one change ([`statements`], one file per
//! object kind) and the only place identifiers and literals are quoted
//! ([`quote`]).
//!
//! Conventions: keywords in upper case; identifiers only through
//! [`quote`](super::quote); the user's SQL text (defaults, checks, bodies)
//! inserted verbatim; statements without the trailing `;` (the script adds
//! it); a table's columns on their own lines, indented by four spaces. The
//! renderer makes no choice: order and recipe are the planner's.
//!
//! **Architecture Invariant:** pure functions of their inputs; `sql` imports
//! `diff` and `ir`, never `plan` or `render`.

mod column;
mod comment;
mod composite;
mod constraint;
mod domain;
mod enums;
mod extension;
mod function;
mod index;
mod object;
mod policy;
mod privilege;
pub mod quote;
mod schema;
mod sequence;
mod table;
mod trigger;
mod view;

pub(crate) use column::{column_definition, identity_clause};
pub(crate) use constraint::constraint_definition;
pub(crate) use enums::create_enum;
use function::signature;
pub(crate) use function::{config_value, dollar_tag};
pub(crate) use index::create_index;
pub(crate) use sequence::create_sequence;
use sequence::{creation_defaults, sequence_option_changes};
use table::column_list;
use trigger::create_trigger;

use crate::diff::{Change, CommentTarget, EnumPosition, is_widening, replica_identity_words};
use crate::diff::{
    ColumnChange, CommentChange, CompositeChange, ConstraintChange, DomainChange, EnumChange, ExtensionChange,
    FunctionChange, IndexChange, ObjectChange, PolicyChange, SchemaChange, SequenceChange, TableChange, TriggerChange,
    ViewChange,
};
use crate::ir::{
    ArgMode, BaseType, Column, CompositeAttribute, Constraint, ConstraintKind, DataType, Deferrable, Domain, FkAction,
    ForeignKey, Function, FunctionOptions, Ident, Identity, Index, IndexKey, Parallel, Policy, QualName, Returns,
    Sequence, SequenceOptions, Table, Trigger, TriggerEnabled, TriggerEvent, TriggerTiming, View, Volatility,
    WholeKind,
};
use quote::{data_type, ident, literal, qualified};

/// The statements that carry out `change`, each without a trailing `;`.
pub fn statements(change: &Change) -> Vec<String> {
    match change {
        Change::Extension(change) => extension::statements(change),
        Change::Schema(change) => schema::statements(change),
        Change::Enum(change) => enums::statements(change),
        Change::Domain(change) => domain::statements(change),
        Change::Sequence(change) => sequence::statements(change),
        Change::Table(change) => table::statements(change),
        Change::Column(change) => column::statements(change),
        Change::Constraint(change) => constraint::statements(change),
        Change::Index(change) => index::statements(change),
        Change::View(change) => view::statements(change),
        Change::Function(change) => function::statements(change),
        Change::Trigger(change) => trigger::statements(change),
        Change::Comment(change) => comment::statements(change),
        Change::Object(change) => object::statements(change),
        Change::Composite(change) => composite::statements(change),
        Change::Policy(change) => policy::statements(change),
        Change::Privilege(change) => privilege::statements(change),
    }
}

/// `ALTER TABLE … RENAME TO …`, with `SET SCHEMA` first when the schema changes.
fn rename(what: &str, from: &QualName, to: &QualName) -> Vec<String> {
    let mut res = Vec::new();
    let mut current = from.clone();
    if from.schema != to.schema {
        res.push(format!("ALTER {what} {} SET SCHEMA {}", qualified(from), ident(&to.schema)));
        current.schema = to.schema.clone();
    }
    if current.name != to.name {
        res.push(format!("ALTER {what} {} RENAME TO {}", qualified(&current), ident(&to.name)));
    }
    res
}

fn alter_column(table: &QualName, column: &str, action: &str) -> Vec<String> {
    vec![format!("ALTER TABLE {} ALTER COLUMN {} {action}", qualified(table), ident(column))]
}

fn view_keyword(materialized: bool) -> &'static str {
    if materialized { "MATERIALIZED VIEW " } else { "VIEW " }
}
