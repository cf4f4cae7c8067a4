//! A live database → IR: the same [`Catalog`] lowering makes of schema files.
//!
//! [`introspect`] runs a fixed list of catalog queries ([`QUERIES`]: one per
//! object kind, for all managed schemas at once, never one per table) in one
//! read-only repeatable-read transaction, so that they see one snapshot, then
//! assembles the catalog in Rust. Each query lives in
//! `src/introspect/queries/<kind>.sql` and orders its rows by schema and name
//! (columns by position), so the catalog order is deterministic.
//!
//! Left out: system schemas (`pg_*`, `information_schema`), every object an
//! extension owns, identity sequences (they are the columns' `identity`),
//! aggregates and window functions, and what the IR does not model
//! (exclusion constraints, partitions, foreign tables, triggers on views,
//! constraint triggers, …), which [`Introspected::skipped`] lists with what
//! is read approximately (partitioned and inheriting tables as plain tables,
//! NOT VALID constraints and invalid indexes as valid ones).
//!
//! Conventions (they match lowering, so that a schema file applied and
//! introspected compares equal after PostgreSQL's normalization of SQL text):
//! - types are spelled by `format_type` (`character varying(80)`, `ext.citext`
//!   when the type is not on the search path), arrays split into the element
//!   type and one dimension (PostgreSQL does not keep dimensions); enums,
//!   domains and table row types of managed schemas are `BaseType::Named`;
//!   function argument and result types have no modifiers (PostgreSQL keeps none);
//! - SQL text (defaults, checks, predicates, generated columns, index
//!   expressions, trigger conditions, argument defaults) is PostgreSQL's,
//!   not pretty-printed (fully parenthesized, as `pg_dump` reads it), without
//!   the outer parentheses (lowering keeps what is inside `check (…)`);
//! - an index element has a collation or an operator class only when it is
//!   not the default one (of the column or expression, of the type);
//! - an extension's comment equal to its control file's is no comment;
//! - view bodies are `pg_get_viewdef(oid, false)`, trimmed, without the final `;`;
//! - function bodies are `prosrc`, verbatim;
//! - `public` is managed but never listed in `catalog.schemas`.
//!
//! The session settings that change how PostgreSQL prints SQL text
//! (`search_path`, date and interval styles, time zone, float digits) are
//! fixed for the transaction, so that two databases print the same text.

mod assemble;
mod comment;
mod composite;
mod constraint;
mod dependency;
mod domain;
mod enums;
mod extension;
mod function;
mod index;
mod object;
mod policy;
mod privilege;
mod schema;
mod sequence;
mod table;
mod text;
mod trigger;
mod types;
mod view;

use crate::ir::{Catalog, Facts, ObjectKey, QualName, Unmodelled};
use indexmap::IndexMap;
use postgres::types::FromSql;
use postgres::{Client, IsolationLevel, Row};

/// Which schemas to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntrospectOptions {
    /// The schemas to read; empty means every non-system schema.
    pub schemas: Vec<String>,
    /// Schemas never read (applied after `schemas`).
    pub exclude_schemas: Vec<String>,
}

/// What a database holds, as godwit models it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Introspected {
    pub catalog: Catalog,
    /// `(dependent, referenced)` pairs from `pg_depend` between objects of the
    /// catalog, sorted: a view on the tables and views it reads (a column's
    /// table) and the functions it calls, a column (its default) on a sequence,
    /// a table on the enums and domains of its columns, a trigger on its
    /// function, a foreign key on the key it references, a sequence on the
    /// table owning it, a function on the types of its arguments, …
    /// A dependency on a column is listed on the column and on its table.
    /// Dependencies of an object on its own table are left out.
    pub dependencies: Vec<(ObjectKey, ObjectKey)>,
    /// Planner statistics of every table (`reltuples` is -1 before the first
    /// `ANALYZE`).
    pub table_stats: IndexMap<QualName, TableStats>,
    /// What the database holds but the catalog does not model (or reads
    /// only in part), sorted: `inspect`, `plan` and `apply` report it.
    pub unmodelled: Vec<Unmodelled>,
}

pub use crate::ir::TableStats;

impl Introspected {
    /// The dependencies and statistics, for planning from this source.
    pub fn facts(&self) -> Facts {
        Facts { dependencies: self.dependencies.clone(), table_stats: self.table_stats.clone() }
    }
}

/// Why introspection failed. One line, naming the query that failed.
#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    #[error("introspection: the `{kind}` catalog query failed: {message}")]
    Query { kind: &'static str, message: String },
    #[error("introspection: the `{kind}` catalog query returned an unexpected `{column}`: {message}")]
    Decode { kind: &'static str, column: &'static str, message: String },
    #[error("introspection: {0}")]
    Session(String),
    #[error("introspection needs PostgreSQL 15 or later; the server is version {version}")]
    UnsupportedServer { version: i32 },
    #[error("introspection: {0}")]
    Inconsistent(String),
}

/// One catalog query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueryKind {
    Server,
    Schemas,
    Extensions,
    Enums,
    Composites,
    Domains,
    Sequences,
    Tables,
    Columns,
    Constraints,
    Indexes,
    Views,
    Functions,
    Triggers,
    Policies,
    Objects,
    Privileges,
    Owners,
    DefaultPrivileges,
    Comments,
    Dependencies,
    Unmodelled,
    Types,
}

/// Every query [`introspect`] runs, once each, in this order: the number of
/// queries does not depend on the database's content.
pub const QUERIES: [QueryKind; 23] = [
    QueryKind::Server,
    QueryKind::Schemas,
    QueryKind::Extensions,
    QueryKind::Enums,
    QueryKind::Composites,
    QueryKind::Domains,
    QueryKind::Sequences,
    QueryKind::Tables,
    QueryKind::Columns,
    QueryKind::Constraints,
    QueryKind::Indexes,
    QueryKind::Views,
    QueryKind::Functions,
    QueryKind::Triggers,
    QueryKind::Policies,
    QueryKind::Objects,
    QueryKind::Privileges,
    QueryKind::Owners,
    QueryKind::DefaultPrivileges,
    QueryKind::Comments,
    QueryKind::Dependencies,
    QueryKind::Unmodelled,
    QueryKind::Types,
];

impl QueryKind {
    pub fn name(self) -> &'static str {
        match self {
            QueryKind::Server => "server",
            QueryKind::Schemas => "schemas",
            QueryKind::Extensions => "extensions",
            QueryKind::Enums => "enums",
            QueryKind::Composites => "composites",
            QueryKind::Domains => "domains",
            QueryKind::Sequences => "sequences",
            QueryKind::Tables => "tables",
            QueryKind::Columns => "columns",
            QueryKind::Constraints => "constraints",
            QueryKind::Indexes => "indexes",
            QueryKind::Views => "views",
            QueryKind::Functions => "functions",
            QueryKind::Triggers => "triggers",
            QueryKind::Policies => "policies",
            QueryKind::Objects => "objects",
            QueryKind::Privileges => "privileges",
            QueryKind::Owners => "owners",
            QueryKind::DefaultPrivileges => "default_privileges",
            QueryKind::Comments => "comments",
            QueryKind::Dependencies => "dependencies",
            QueryKind::Types => "types",
            QueryKind::Unmodelled => "unmodelled",
        }
    }

    /// The query's text (`src/introspect/queries/<kind>.sql`).
    pub fn sql(self) -> &'static str {
        match self {
            QueryKind::Server => include_str!("queries/server.sql"),
            QueryKind::Schemas => include_str!("queries/schemas.sql"),
            QueryKind::Extensions => include_str!("queries/extensions.sql"),
            QueryKind::Enums => include_str!("queries/enums.sql"),
            QueryKind::Composites => include_str!("queries/composites.sql"),
            QueryKind::Domains => include_str!("queries/domains.sql"),
            QueryKind::Sequences => include_str!("queries/sequences.sql"),
            QueryKind::Tables => include_str!("queries/tables.sql"),
            QueryKind::Columns => include_str!("queries/columns.sql"),
            QueryKind::Constraints => include_str!("queries/constraints.sql"),
            QueryKind::Indexes => include_str!("queries/indexes.sql"),
            QueryKind::Views => include_str!("queries/views.sql"),
            QueryKind::Functions => include_str!("queries/functions.sql"),
            QueryKind::Triggers => include_str!("queries/triggers.sql"),
            QueryKind::Policies => include_str!("queries/policies.sql"),
            QueryKind::Objects => include_str!("queries/objects.sql"),
            QueryKind::Privileges => include_str!("queries/privileges.sql"),
            QueryKind::Owners => include_str!("queries/owners.sql"),
            QueryKind::DefaultPrivileges => include_str!("queries/default_privileges.sql"),
            QueryKind::Comments => include_str!("queries/comments.sql"),
            QueryKind::Dependencies => include_str!("queries/dependencies.sql"),
            QueryKind::Types => include_str!("queries/types.sql"),
            QueryKind::Unmodelled => include_str!("queries/unmodelled.sql"),
        }
    }
}

/// The settings that change how PostgreSQL prints types and SQL text, fixed
/// for the introspection transaction.
const SESSION_SETTINGS: &str = "SET LOCAL search_path = public; \
     SET LOCAL datestyle = 'ISO, MDY'; \
     SET LOCAL intervalstyle = 'postgres'; \
     SET LOCAL timezone = 'UTC'; \
     SET LOCAL extra_float_digits = 1; \
     SET LOCAL bytea_output = 'hex'; \
     SET LOCAL standard_conforming_strings = on";

/// Reads the schema of the database `client` is connected to.
pub fn introspect(client: &mut Client, options: &IntrospectOptions) -> Result<Introspected, IntrospectError> {
    introspect_traced(client, options, &mut |_, _| {})
}

/// [`introspect`], telling `trace` each query run and the number of rows it
/// returned (for progress output and for tests that count queries).
pub fn introspect_traced(
    client: &mut Client,
    options: &IntrospectOptions,
    trace: &mut dyn FnMut(QueryKind, usize),
) -> Result<Introspected, IntrospectError> {
    let mut transaction = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|err| IntrospectError::Session(format!("starting a transaction: {}", db_message(&err))))?;
    transaction
        .batch_execute(SESSION_SETTINGS)
        .map_err(|err| IntrospectError::Session(format!("setting up the session: {}", db_message(&err))))?;
    let mut run = |kind: QueryKind, params: &[&(dyn postgres::types::ToSql + Sync)]| {
        let rows = transaction
            .query(kind.sql(), params)
            .map_err(|err| IntrospectError::Query { kind: kind.name(), message: db_message(&err) })?;
        trace(kind, rows.len());
        Ok::<Vec<Row>, IntrospectError>(rows)
    };

    let server = run(QueryKind::Server, &[])?;
    let version: i32 = match server.first() {
        Some(row) => get(QueryKind::Server, row, "version")?,
        None => return Err(IntrospectError::Inconsistent("the server did not report its version".into())),
    };
    if version < 150_000 {
        return Err(IntrospectError::UnsupportedServer { version });
    }

    let schema_rows = run(QueryKind::Schemas, &[&options.schemas, &options.exclude_schemas])?;
    let mut raw = assemble::Raw {
        schemas: decode(QueryKind::Schemas, &schema_rows, schema::SchemaRow::decode)?,
        ..assemble::Raw::default()
    };
    let managed: Vec<String> = raw.schemas.iter().map(|schema| schema.name.clone()).collect();

    macro_rules! read {
        ($kind:expr, $field:ident, $row:ty) => {
            let rows = run($kind, &[&managed])?;
            raw.$field = decode($kind, &rows, <$row>::decode)?;
        };
    }
    read!(QueryKind::Extensions, extensions, extension::ExtensionRow);
    read!(QueryKind::Enums, enums, enums::EnumRow);
    read!(QueryKind::Composites, composites, composite::CompositeRow);
    read!(QueryKind::Domains, domains, domain::DomainRow);
    read!(QueryKind::Sequences, sequences, sequence::SequenceRow);
    read!(QueryKind::Tables, tables, table::TableRow);
    read!(QueryKind::Columns, columns, table::ColumnRow);
    read!(QueryKind::Constraints, constraints, constraint::ConstraintRow);
    read!(QueryKind::Indexes, indexes, index::IndexRow);
    read!(QueryKind::Views, views, view::ViewRow);
    read!(QueryKind::Functions, functions, function::FunctionRow);
    read!(QueryKind::Triggers, triggers, trigger::TriggerRow);
    read!(QueryKind::Policies, policies, policy::PolicyRow);
    read!(QueryKind::Objects, objects, object::ObjectRow);
    read!(QueryKind::Privileges, privileges, privilege::PrivilegeRow);
    read!(QueryKind::Owners, owners, privilege::OwnerRow);
    read!(QueryKind::DefaultPrivileges, default_privileges, privilege::DefaultPrivilegeRow);
    let rows = run(QueryKind::Comments, &[])?;
    raw.comments = decode(QueryKind::Comments, &rows, comment::CommentRow::decode)?;
    let rows = run(QueryKind::Dependencies, &[])?;
    raw.dependencies = decode(QueryKind::Dependencies, &rows, dependency::DependencyRow::decode)?;

    let rows = run(QueryKind::Unmodelled, &[&managed])?;
    raw.unmodelled = rows
        .iter()
        .map(|row| {
            Ok(Unmodelled::new(
                get::<String>(QueryKind::Unmodelled, row, "kind")?,
                get::<String>(QueryKind::Unmodelled, row, "name")?,
                get::<String>(QueryKind::Unmodelled, row, "why")?,
            ))
        })
        .collect::<Result<_, IntrospectError>>()?;

    let (oids, typmods) = raw.type_refs();
    let rows = run(QueryKind::Types, &[&oids, &typmods])?;
    raw.types = decode(QueryKind::Types, &rows, types::TypeRow::decode)?;

    transaction
        .commit()
        .map_err(|err| IntrospectError::Session(format!("ending the transaction: {}", db_message(&err))))?;
    raw.assemble()
}

fn decode<T>(
    kind: QueryKind,
    rows: &[Row],
    decode_row: fn(QueryKind, &Row) -> Result<T, IntrospectError>,
) -> Result<Vec<T>, IntrospectError> {
    rows.iter().map(|row| decode_row(kind, row)).collect()
}

/// One column of a row, or an error naming the query and the column.
fn get<'a, T: FromSql<'a>>(kind: QueryKind, row: &'a Row, column: &'static str) -> Result<T, IntrospectError> {
    row.try_get(column).map_err(|err| IntrospectError::Decode { kind: kind.name(), column, message: err.to_string() })
}

/// PostgreSQL's message (with its SQLSTATE and detail) or the client's error, on one line.
fn db_message(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => {
            let mut res = format!("{} (SQLSTATE {})", db.message(), db.code().code());
            if let Some(detail) = db.detail() {
                res.push_str(&format!("; {detail}"));
            }
            res.replace('\n', " ")
        }
        None => err.to_string().replace('\n', " "),
    }
}

/// Says how many existing rows fail each `may-fail` step of `plan`, by
/// running the step's counting query (`Step::violations_sql`) on the live
/// database the plan starts from, in a read-only transaction. A query that
/// cannot run (its table is created or renamed by the plan) is left out; so
/// is one slower than `timeout_ms`.
pub fn count_violations(client: &mut Client, plan: &mut crate::plan::Plan, timeout_ms: u64) {
    for step in plan.phases.iter_mut().flat_map(|phase| phase.steps.iter_mut()) {
        let Some(query) = &step.violations_sql else { continue };
        if !step.hazards.iter().any(|hazard| hazard.code == "may-fail") {
            continue;
        }
        let Ok(mut transaction) = client.build_transaction().read_only(true).start() else { continue };
        if transaction.batch_execute(&format!("SET LOCAL statement_timeout = {timeout_ms}")).is_err() {
            continue;
        }
        let count: Option<i64> = transaction.query_one(query.as_str(), &[]).ok().and_then(|row| row.try_get(0).ok());
        let _ = transaction.rollback();
        let Some(count) = count else { continue };
        for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "may-fail") {
            hazard.message.push_str(&match count {
                0 => "; no existing row fails it now".to_string(),
                1 => "; 1 existing row fails it now".to_string(),
                n => format!("; {n} existing rows fail it now"),
            });
        }
    }
}
