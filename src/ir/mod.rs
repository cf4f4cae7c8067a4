//! The schema model: plain, comparable data.
//!
//! Every source (schema files, SQL files, a live database) becomes a [`Catalog`].
//! Equality of two catalogs means "the same schema": spans and planner hints live
//! beside the catalog in [`Meta`], never inside it.
//!
//! Names are stored unquoted and case-exact (`Ident` is a plain `String`); quoting
//! happens only when SQL or schema text is printed (`sql::quote`).
//!
//! Collections are `IndexMap`s keyed by name. Their `PartialEq` ignores insertion
//! order, so equality is about content; iteration follows insertion order, which
//! lowering and introspection make deterministic.
//!
//! **Architecture Invariant:** this module imports nothing else from the crate.

use indexmap::{IndexMap, IndexSet};
use serde::{Deserialize, Serialize};
use std::fmt;

mod left_alone;
pub use left_alone::table_pattern_matches;

/// An identifier, unquoted and case-exact.
pub type Ident = String;

/// SQL text kept as written (or as PostgreSQL prints it): defaults, checks,
/// predicates, view and function bodies.
pub type SqlText = String;

/// A schema-qualified name. Lowering always fills `schema` (`public` when omitted).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QualName {
    pub schema: Ident,
    pub name: Ident,
}

impl QualName {
    pub fn new(schema: impl Into<Ident>, name: impl Into<Ident>) -> QualName {
        QualName { schema: schema.into(), name: name.into() }
    }
}

/// `schema.name`, unquoted: for messages and sort keys, never for SQL.
impl fmt::Display for QualName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// What a live source tells beyond its schema: the dependencies PostgreSQL
/// records in `pg_depend` and the planner statistics of its tables. Empty for
/// schema files. The diff and the ordering use the dependencies (a view that
/// PostgreSQL ties to a column, a type or a function goes and comes back
/// around a change to it); the planner uses the statistics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// `(dependent, referenced)` pairs between objects of the catalog, sorted.
    /// A dependency on a column is listed on the column and on its table.
    pub dependencies: Vec<(ObjectKey, ObjectKey)>,
    pub table_stats: IndexMap<QualName, TableStats>,
}

impl Facts {
    /// The objects `dependent` depends on.
    pub fn referenced_by<'a>(&'a self, dependent: &'a ObjectKey) -> impl Iterator<Item = &'a ObjectKey> + 'a {
        let start = self.dependencies.partition_point(|(key, _)| key < dependent);
        self.dependencies[start..].iter().take_while(move |(key, _)| key == dependent).map(|(_, referenced)| referenced)
    }
}

/// Something a source holds that the catalog does not model, or models only
/// in part: godwit leaves it as it is, and says so (decision 11).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unmodelled {
    /// What it is: `aggregate`, `policy`, `privileges`, …
    pub kind: String,
    /// Which one, as a person would write it: `test.some_agg(integer)`.
    pub name: String,
    /// Why it is left out, or how it is read instead.
    pub why: String,
}

impl Unmodelled {
    pub fn new(kind: impl Into<String>, name: impl Into<String>, why: impl Into<String>) -> Unmodelled {
        Unmodelled { kind: kind.into(), name: name.into(), why: why.into() }
    }
}

/// Planner statistics of a table (`pg_class`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableStats {
    /// Estimated rows; -1 before the first `VACUUM` or `ANALYZE`.
    pub reltuples: f64,
    /// Size in 8 kB pages.
    pub relpages: i64,
}

/// The whole database schema as godwit manages it.
///
/// Maps keyed by qualified names serialize as sequences of `[key, value]` pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub extensions: IndexMap<Ident, Extension>,
    /// Namespaces other than `public` (which always exists and is never created or dropped).
    pub schemas: IndexMap<Ident, Namespace>,
    /// The comment of schema `public` when it is not the one PostgreSQL
    /// gives it ([`PUBLIC_COMMENT`]): `Some("")` when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_comment: Option<String>,
    #[serde(with = "indexmap::map::serde_seq")]
    pub enums: IndexMap<QualName, Enum>,
    #[serde(with = "indexmap::map::serde_seq")]
    pub domains: IndexMap<QualName, Domain>,
    /// Composite types (`CREATE TYPE … AS (…)`).
    #[serde(with = "indexmap::map::serde_seq")]
    pub composites: IndexMap<QualName, Composite>,
    #[serde(with = "indexmap::map::serde_seq")]
    pub sequences: IndexMap<QualName, Sequence>,
    #[serde(with = "indexmap::map::serde_seq")]
    pub tables: IndexMap<QualName, Table>,
    #[serde(with = "indexmap::map::serde_seq")]
    pub views: IndexMap<QualName, View>,
    #[serde(with = "indexmap::map::serde_seq")]
    pub functions: IndexMap<FunctionKey, Function>,
    /// Objects carried whole: aggregates, casts, rules, foreign tables, servers, …
    #[serde(with = "indexmap::map::serde_seq")]
    pub objects: IndexMap<ObjectId, WholeObject>,
    /// Grants beyond PostgreSQL's default privileges and default privileges
    /// revoked. The order is the order to replay them in (it reproduces the
    /// order of the items of each ACL); equality ignores it.
    #[serde(default, skip_serializing_if = "IndexSet::is_empty")]
    pub privileges: IndexSet<Privilege>,
    /// Owners that are not the role godwit connects as (for `public`: not
    /// `pg_database_owner`, which owns it in a new database). Schema files
    /// hold what they declare.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty", with = "indexmap::map::serde_seq")]
    pub owners: IndexMap<GrantTarget, Ident>,
    /// `ALTER DEFAULT PRIVILEGES` entries, as differences from PostgreSQL's
    /// built-in defaults.
    #[serde(default, skip_serializing_if = "IndexSet::is_empty")]
    pub default_privileges: IndexSet<DefaultPrivilege>,
}

/// The comment PostgreSQL gives schema `public` in a new database.
pub const PUBLIC_COMMENT: &str = "standard public schema";

/// The comment of schema `public` as PostgreSQL holds it, from
/// [`Catalog::public_comment`].
pub fn public_comment_text(public_comment: &Option<String>) -> Option<&str> {
    match public_comment.as_deref() {
        None => Some(PUBLIC_COMMENT),
        Some("") => None,
        Some(text) => Some(text),
    }
}

/// [`Catalog::public_comment`] from the comment of `public` as PostgreSQL holds it.
pub fn public_comment_from(text: Option<&str>) -> Option<String> {
    match text {
        Some(PUBLIC_COMMENT) => None,
        None => Some(String::new()),
        Some(text) => Some(text.to_string()),
    }
}

impl Catalog {
    /// The table at the top of a partition's tree, which holds the columns
    /// (the table itself when it is no partition). `None` when a parent is
    /// missing or the tree loops.
    pub fn partition_root(&self, name: &QualName) -> Option<&Table> {
        let mut table = self.tables.get(name)?;
        for _ in 0..=self.tables.len() {
            match &table.partition_of {
                Some(of) => table = self.tables.get(&of.parent)?,
                None => return Some(table),
            }
        }
        None
    }

    /// The columns a table has: its own, or for a partition its root's.
    pub fn columns_of(&self, name: &QualName) -> Option<&IndexMap<Ident, Column>> {
        self.partition_root(name).map(|table| &table.columns)
    }

    /// The partitions of `parent`, directly under it, in name order.
    pub fn partitions_of(&self, parent: &QualName) -> impl Iterator<Item = &Table> {
        let parent = parent.clone();
        self.tables.values().filter(move |table| table.partition_of.as_ref().is_some_and(|of| of.parent == parent))
    }

    /// Every role the catalog names: grantees (but `PUBLIC`), owners, the
    /// roles of default privileges and their grantees, policies' roles, in
    /// first-seen order.
    /// Roles are cluster objects: godwit never creates or drops them in a
    /// target, but the shadow database creates the ones it needs.
    pub fn roles(&self) -> IndexSet<Ident> {
        let mut res = IndexSet::new();
        for privilege in &self.privileges {
            res.insert(privilege.grantee.clone());
        }
        for owner in self.owners.values() {
            res.insert(owner.clone());
        }
        for default in &self.default_privileges {
            res.insert(default.role.clone());
            res.insert(default.grantee.clone());
        }
        // Policies name `public` (lower case) for every role.
        for policy in self.tables.values().flat_map(|table| table.policies.values()) {
            res.extend(policy.roles.iter().filter(|role| role.as_str() != "public").cloned());
        }
        res.shift_remove(PUBLIC);
        res
    }

    /// Keeps only what lives in the schemas `managed` accepts, as
    /// introspection reads a database narrowed to them: namespaces, the
    /// objects in them, the extensions installed into them (`public` for one
    /// without a schema), their privileges, owners and default privileges.
    /// Database-wide objects (and their grants) stay.
    pub fn retain_schemas(&mut self, managed: impl Fn(&str) -> bool) {
        // Every field by name: a kind added to the catalog must be narrowed here.
        let Catalog {
            extensions,
            schemas,
            public_comment,
            enums,
            domains,
            composites,
            sequences,
            tables,
            views,
            functions,
            objects,
            privileges,
            owners,
            default_privileges,
        } = self;
        extensions.retain(|_, extension| managed(extension.schema.as_deref().unwrap_or("public")));
        schemas.retain(|name, _| managed(name));
        if !managed("public") {
            *public_comment = None;
        }
        enums.retain(|name, _| managed(&name.schema));
        domains.retain(|name, _| managed(&name.schema));
        composites.retain(|name, _| managed(&name.schema));
        sequences.retain(|name, _| managed(&name.schema));
        tables.retain(|name, _| managed(&name.schema));
        views.retain(|name, _| managed(&name.schema));
        functions.retain(|key, _| managed(&key.name.schema));
        let left_out: IndexSet<ObjectId> = objects
            .iter()
            .filter(|(_, object)| object.schema.as_deref().is_some_and(|schema| !managed(schema)))
            .map(|(id, _)| id.clone())
            .collect();
        objects.retain(|id, _| !left_out.contains(id));
        let keep = |target: &GrantTarget| match target {
            GrantTarget::Object(id) => !left_out.contains(id),
            other => other.schema().is_none_or(&managed),
        };
        privileges.retain(|privilege| keep(&privilege.on));
        owners.retain(|target, _| keep(target));
        default_privileges.retain(|default| default.schema.as_deref().is_none_or(&managed));
    }
}

/// The grantee that stands for every role.
pub const PUBLIC: &str = "PUBLIC";

/// What a privilege is on (and what an owner owns).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GrantTarget {
    Schema(Ident),
    /// Tables, views, materialized views (and partitioned tables).
    Table(QualName),
    /// A column of a table, view, materialized view or foreign table.
    Column(QualName, Ident),
    Sequence(QualName),
    /// Functions and procedures.
    Function(FunctionKey),
    /// Enums and domains.
    Type(QualName),
    /// Objects carried whole: foreign tables, aggregates, servers, foreign
    /// data wrappers, languages (and, for owners, the other kinds that have one).
    Object(ObjectId),
}

impl GrantTarget {
    /// The kind of ACL the target has, which says what can be granted on it;
    /// `None` for objects carried whole that have no ACL (casts, rules, …).
    pub fn acl_kind(&self) -> Option<AclKind> {
        Some(match self {
            GrantTarget::Schema(_) => AclKind::Schema,
            GrantTarget::Table(_) => AclKind::Table,
            GrantTarget::Column(..) => AclKind::Column,
            GrantTarget::Sequence(_) => AclKind::Sequence,
            GrantTarget::Function(_) => AclKind::Function,
            GrantTarget::Type(_) => AclKind::Type,
            GrantTarget::Object(id) => match id.kind {
                WholeKind::ForeignTable => AclKind::Table,
                WholeKind::Aggregate => AclKind::Function,
                WholeKind::Server => AclKind::Server,
                WholeKind::ForeignDataWrapper => AclKind::ForeignDataWrapper,
                WholeKind::Language => AclKind::Language,
                _ => return None,
            },
        })
    }

    /// The schema the target lives in; `None` for database-wide objects.
    pub fn schema(&self) -> Option<&str> {
        match self {
            GrantTarget::Schema(name) => Some(name),
            GrantTarget::Table(name)
            | GrantTarget::Column(name, _)
            | GrantTarget::Sequence(name)
            | GrantTarget::Type(name) => Some(&name.schema),
            GrantTarget::Function(key) => Some(&key.name.schema),
            GrantTarget::Object(_) => None,
        }
    }

    /// The target of the relation a column target belongs to; itself otherwise.
    pub fn relation(&self) -> GrantTarget {
        match self {
            GrantTarget::Column(table, _) => GrantTarget::Table(table.clone()),
            other => other.clone(),
        }
    }
}

/// `table public.items`, `column public.items.title`, …: for messages and sort keys.
impl fmt::Display for GrantTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrantTarget::Schema(name) => write!(f, "schema {name}"),
            GrantTarget::Table(name) => write!(f, "table {name}"),
            GrantTarget::Column(table, column) => write!(f, "column {table}.{column}"),
            GrantTarget::Sequence(name) => write!(f, "sequence {name}"),
            GrantTarget::Function(key) => write!(f, "function {key}"),
            GrantTarget::Type(name) => write!(f, "type {name}"),
            GrantTarget::Object(id) => write!(f, "{id}"),
        }
    }
}

/// The kinds of ACL PostgreSQL keeps, by what can be granted on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AclKind {
    Schema,
    /// Tables, views, materialized views, foreign tables.
    Table,
    Column,
    Sequence,
    /// Functions, procedures, aggregates.
    Function,
    /// Enums, domains.
    Type,
    Server,
    ForeignDataWrapper,
    Language,
}

impl AclKind {
    /// Every privilege of the kind (what `all` means on PostgreSQL 15 and
    /// 16), in the canonical order the printer lists them in.
    pub fn privileges(self) -> &'static [&'static str] {
        match self {
            AclKind::Schema => &["USAGE", "CREATE"],
            AclKind::Table => &["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"],
            AclKind::Column => &["SELECT", "INSERT", "UPDATE", "REFERENCES"],
            AclKind::Sequence => &["USAGE", "SELECT", "UPDATE"],
            AclKind::Function => &["EXECUTE"],
            AclKind::Type | AclKind::Server | AclKind::ForeignDataWrapper | AclKind::Language => &["USAGE"],
        }
    }

    /// What PostgreSQL grants `PUBLIC` on a new object of the kind
    /// (`acldefault`): `EXECUTE` on functions, `USAGE` on types and languages.
    pub fn public_default(self) -> &'static [&'static str] {
        match self {
            AclKind::Function => &["EXECUTE"],
            AclKind::Type | AclKind::Language => &["USAGE"],
            _ => &[],
        }
    }
}

/// One privilege of one grantee on one object, where it differs from
/// PostgreSQL's default.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Privilege {
    pub on: GrantTarget,
    /// A role, or [`PUBLIC`].
    pub grantee: Ident,
    /// Upper case: `SELECT`, `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`,
    /// `REFERENCES`, `TRIGGER`, `USAGE`, `CREATE`, `EXECUTE`.
    pub privilege: String,
    /// `true`: granted beyond the default; `false`: a default privilege (of
    /// `PUBLIC` or of the owner) revoked.
    pub granted: bool,
    /// `WITH GRANT OPTION`.
    pub grantable: bool,
}

/// The objects an `ALTER DEFAULT PRIVILEGES` entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DefaultObjects {
    Tables,
    Sequences,
    Functions,
    Types,
    Schemas,
}

impl DefaultObjects {
    pub const ALL: [DefaultObjects; 5] = [
        DefaultObjects::Tables,
        DefaultObjects::Sequences,
        DefaultObjects::Functions,
        DefaultObjects::Types,
        DefaultObjects::Schemas,
    ];

    /// The word in the language and in SQL (lower case): `tables`, …
    pub fn word(self) -> &'static str {
        match self {
            DefaultObjects::Tables => "tables",
            DefaultObjects::Sequences => "sequences",
            DefaultObjects::Functions => "functions",
            DefaultObjects::Types => "types",
            DefaultObjects::Schemas => "schemas",
        }
    }

    pub fn from_word(word: &str) -> Option<DefaultObjects> {
        match word {
            "routines" => Some(DefaultObjects::Functions),
            word => DefaultObjects::ALL.into_iter().find(|objects| objects.word() == word),
        }
    }

    /// The ACL kind of the objects.
    pub fn acl_kind(self) -> AclKind {
        match self {
            DefaultObjects::Tables => AclKind::Table,
            DefaultObjects::Sequences => AclKind::Sequence,
            DefaultObjects::Functions => AclKind::Function,
            DefaultObjects::Types => AclKind::Type,
            DefaultObjects::Schemas => AclKind::Schema,
        }
    }
}

/// One privilege of an `ALTER DEFAULT PRIVILEGES` entry: what objects
/// `role` creates (in `schema`, or anywhere) get.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DefaultPrivilege {
    pub role: Ident,
    /// `IN SCHEMA`; `None` for the entry of the whole database.
    pub schema: Option<Ident>,
    pub on: DefaultObjects,
    pub grantee: Ident,
    pub privilege: String,
    /// `false`: a built-in default privilege revoked (only for the entry of
    /// the whole database: `PUBLIC`'s `EXECUTE` and `USAGE`, the role's own).
    pub granted: bool,
    pub grantable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub name: Ident,
    /// The schema the extension is installed into; `None` means PostgreSQL's default.
    pub schema: Option<Ident>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    pub name: Ident,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    pub name: QualName,
    /// Labels in sort order.
    pub labels: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub name: QualName,
    pub base: DataType,
    pub not_null: bool,
    pub default: Option<SqlText>,
    pub collation: Option<Ident>,
    /// Check constraints by name (derived as `<domain>_check` when omitted).
    pub checks: IndexMap<Ident, SqlText>,
    pub comment: Option<String>,
}

/// A composite type: attributes in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composite {
    pub name: QualName,
    pub attributes: IndexMap<Ident, CompositeAttribute>,
    pub comment: Option<String>,
}

/// An attribute of a composite type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeAttribute {
    pub name: Ident,
    pub ty: DataType,
    pub collation: Option<Ident>,
}

/// A type as PostgreSQL's `format_type` spells it, split into its base and array depth.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DataType {
    pub base: BaseType,
    /// Number of `[]` suffixes (PostgreSQL ignores declared sizes and dimensions).
    pub array_dims: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum BaseType {
    /// A built-in or extension type in canonical spelling, modifiers included:
    /// `integer`, `character varying(80)`, `numeric(12,2)`, `timestamp(3) with time zone`.
    Builtin(String),
    /// A user-defined type (enum, domain, composite type, table row type) of this catalog.
    Named(QualName),
}

impl DataType {
    pub fn builtin(name: impl Into<String>) -> DataType {
        DataType { base: BaseType::Builtin(name.into()), array_dims: 0 }
    }
    pub fn named(name: QualName) -> DataType {
        DataType { base: BaseType::Named(name), array_dims: 0 }
    }
}

/// Resolved sequence options. All values are concrete (PostgreSQL's defaults filled in),
/// so that an omitted option and its explicit default compare equal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceOptions {
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl SequenceOptions {
    /// PostgreSQL's defaults for a sequence of `data_type` with `increment`.
    pub fn defaults(data_type: &str, increment: i64) -> SequenceOptions {
        let type_max = match data_type {
            "smallint" => i16::MAX as i64,
            "integer" => i32::MAX as i64,
            _ => i64::MAX,
        };
        let type_min = match data_type {
            "smallint" => i16::MIN as i64,
            "integer" => i32::MIN as i64,
            _ => i64::MIN,
        };
        let (min_value, max_value) = if increment > 0 { (1, type_max) } else { (type_min, -1) };
        let start = if increment > 0 { min_value } else { max_value };
        SequenceOptions {
            data_type: data_type.to_string(),
            start,
            increment,
            min_value,
            max_value,
            cache: 1,
            cycle: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub name: QualName,
    pub options: SequenceOptions,
    /// `OWNED BY table.column`.
    pub owned_by: Option<(QualName, Ident)>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualName,
    pub unlogged: bool,
    /// Columns in declaration order (the order is kept but not compared by the diff).
    pub columns: IndexMap<Ident, Column>,
    /// Constraints by name; names are unique within a table.
    pub constraints: IndexMap<Ident, Constraint>,
    /// Indexes that are not backing a primary key or unique constraint, by name
    /// (index names are unique within the table's schema).
    pub indexes: IndexMap<Ident, Index>,
    pub triggers: IndexMap<Ident, Trigger>,
    /// Row-level security policies, by name.
    pub policies: IndexMap<Ident, Policy>,
    /// `ENABLE ROW LEVEL SECURITY`.
    pub row_security: bool,
    /// `FORCE ROW LEVEL SECURITY`: the owner is subject to the policies too.
    pub force_row_security: bool,
    pub replica_identity: ReplicaIdentity,
    /// `PARTITION BY …` as PostgreSQL prints it: `RANGE (created_at)`, `LIST (region)`.
    pub partition_by: Option<SqlText>,
    /// A partition: its parent and its bound. A partition has its parent's
    /// columns (its `columns` stay empty), and its own constraints, indexes
    /// and triggers besides the ones it gets from the parent.
    pub partition_of: Option<Box<PartitionOf>>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionOf {
    pub parent: QualName,
    /// As PostgreSQL prints it: `FOR VALUES IN (2021)`, `FOR VALUES FROM
    /// ('2021-01-01') TO ('2022-01-01')`, `FOR VALUES WITH (modulus 4, remainder 0)`, `DEFAULT`.
    pub bound: SqlText,
}

/// What logical decoding records of an updated or deleted row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReplicaIdentity {
    /// The primary key (PostgreSQL's default).
    #[default]
    Default,
    Full,
    Nothing,
    /// The columns of a unique index of the table.
    Index(Ident),
}

/// A row-level security policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: Ident,
    /// `AS PERMISSIVE` (true, the default) or `AS RESTRICTIVE`.
    pub permissive: bool,
    pub command: PolicyCommand,
    /// The roles it applies to, as PostgreSQL lists them (`public` for everyone).
    pub roles: Vec<Ident>,
    /// `USING (…)`.
    pub using: Option<SqlText>,
    /// `WITH CHECK (…)`.
    pub check: Option<SqlText>,
    pub comment: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    pub fn sql(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }
}

impl Table {
    pub fn new(name: QualName) -> Table {
        Table {
            name,
            unlogged: false,
            policies: IndexMap::new(),
            row_security: false,
            force_row_security: false,
            replica_identity: ReplicaIdentity::Default,
            partition_by: None,
            partition_of: None,
            columns: IndexMap::new(),
            constraints: IndexMap::new(),
            indexes: IndexMap::new(),
            triggers: IndexMap::new(),
            comment: None,
        }
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints.values().find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: Ident,
    pub ty: DataType,
    /// Always true for primary-key columns (made explicit by lowering).
    pub not_null: bool,
    pub default: Option<SqlText>,
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (expr) STORED`.
    pub generated: Option<SqlText>,
    pub collation: Option<Ident>,
    pub comment: Option<String>,
}

impl Column {
    pub fn new(name: impl Into<Ident>, ty: DataType) -> Column {
        Column {
            name: name.into(),
            ty,
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// `ALWAYS` (true) or `BY DEFAULT` (false).
    pub always: bool,
    pub options: SequenceOptions,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub name: Ident,
    pub kind: ConstraintKind,
    pub deferrable: Deferrable,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConstraintKind {
    PrimaryKey { columns: Vec<Ident> },
    Unique { columns: Vec<Ident>, nulls_not_distinct: bool },
    Check { expr: SqlText },
    ForeignKey(ForeignKey),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub columns: Vec<Ident>,
    pub ref_table: QualName,
    /// Always explicit: lowering fills in the referenced primary key's columns.
    pub ref_columns: Vec<Ident>,
    pub match_full: bool,
    pub on_delete: FkAction,
    pub on_update: FkAction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    /// The SQL spelling (`NO ACTION`, `CASCADE`, …).
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Deferrable {
    NotDeferrable,
    /// `DEFERRABLE INITIALLY IMMEDIATE`.
    Deferrable,
    /// `DEFERRABLE INITIALLY DEFERRED`.
    InitiallyDeferred,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: Ident,
    pub unique: bool,
    /// Access method, `btree` when omitted.
    pub method: Ident,
    pub elements: Vec<IndexElement>,
    pub include: Vec<Ident>,
    pub nulls_not_distinct: bool,
    /// The partial-index predicate.
    pub predicate: Option<SqlText>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexElement {
    pub key: IndexKey,
    pub collation: Option<Ident>,
    pub opclass: Option<Ident>,
    pub descending: bool,
    /// `NULLS FIRST`; the default is first for descending and last for ascending
    /// elements, and lowering always stores the resolved value.
    pub nulls_first: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexKey {
    Column(Ident),
    /// An expression, without the outer parentheses (`lower(email)`, `a + b`).
    Expr(SqlText),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub name: QualName,
    pub materialized: bool,
    /// `WITH (…)` as PostgreSQL stores it: `security_barrier=true`,
    /// `check_option=local`, `fillfactor=70` (materialized views), in order.
    pub options: Vec<String>,
    /// The `SELECT` text, trimmed.
    pub body: SqlText,
    /// The columns of a view that reads itself, declared so that it can be
    /// created before its body can (as pg_dump does: a body of NULLs of
    /// these types first, then the real one). Empty for every other view;
    /// not compared (the body decides the columns).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<CompositeAttribute>,
    /// Defaults of view columns (`ALTER VIEW … ALTER COLUMN … SET DEFAULT`),
    /// used by inserts through the view.
    pub defaults: IndexMap<Ident, SqlText>,
    /// Comments on view columns.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub column_comments: IndexMap<Ident, String>,
    /// Triggers on the view (`instead of` row triggers, statement triggers).
    pub triggers: IndexMap<Ident, Trigger>,
    /// Indexes of a materialized view.
    pub indexes: IndexMap<Ident, Index>,
    pub comment: Option<String>,
}

impl View {
    pub fn new(name: QualName, materialized: bool, body: impl Into<SqlText>) -> View {
        View {
            name,
            materialized,
            options: Vec::new(),
            body: body.into(),
            columns: Vec::new(),
            defaults: IndexMap::new(),
            column_comments: IndexMap::new(),
            triggers: IndexMap::new(),
            indexes: IndexMap::new(),
            comment: None,
        }
    }
}

/// The kinds of object godwit carries whole: an identity, the statement that
/// creates it as PostgreSQL's catalog describes it, and its comment. What is
/// inside is not diffed: a changed definition drops and creates the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WholeKind {
    Aggregate,
    Cast,
    Collation,
    Conversion,
    EventTrigger,
    ForeignDataWrapper,
    ForeignTable,
    Language,
    Operator,
    OperatorClass,
    OperatorFamily,
    Publication,
    Rule,
    Server,
    Statistics,
    TextSearchConfiguration,
    TextSearchDictionary,
    UserMapping,
}

impl WholeKind {
    pub const ALL: [WholeKind; 18] = [
        WholeKind::Aggregate,
        WholeKind::Cast,
        WholeKind::Collation,
        WholeKind::Conversion,
        WholeKind::EventTrigger,
        WholeKind::ForeignDataWrapper,
        WholeKind::ForeignTable,
        WholeKind::Language,
        WholeKind::Operator,
        WholeKind::OperatorClass,
        WholeKind::OperatorFamily,
        WholeKind::Publication,
        WholeKind::Rule,
        WholeKind::Server,
        WholeKind::Statistics,
        WholeKind::TextSearchConfiguration,
        WholeKind::TextSearchDictionary,
        WholeKind::UserMapping,
    ];

    /// The kind's words, in the language and in SQL (`foreign table`).
    pub fn words(self) -> &'static str {
        match self {
            WholeKind::Aggregate => "aggregate",
            WholeKind::Cast => "cast",
            WholeKind::Collation => "collation",
            WholeKind::Conversion => "conversion",
            WholeKind::EventTrigger => "event trigger",
            WholeKind::ForeignDataWrapper => "foreign data wrapper",
            WholeKind::ForeignTable => "foreign table",
            WholeKind::Language => "language",
            WholeKind::Operator => "operator",
            WholeKind::OperatorClass => "operator class",
            WholeKind::OperatorFamily => "operator family",
            WholeKind::Publication => "publication",
            WholeKind::Rule => "rule",
            WholeKind::Server => "server",
            WholeKind::Statistics => "statistics",
            WholeKind::TextSearchConfiguration => "text search configuration",
            WholeKind::TextSearchDictionary => "text search dictionary",
            WholeKind::UserMapping => "user mapping",
        }
    }

    pub fn from_words(words: &str) -> Option<WholeKind> {
        WholeKind::ALL.into_iter().find(|kind| kind.words() == words)
    }

    /// Whether objects of the kind live in a schema (the others are database-wide).
    pub fn in_schema(self) -> bool {
        !matches!(
            self,
            WholeKind::Cast
                | WholeKind::EventTrigger
                | WholeKind::ForeignDataWrapper
                | WholeKind::Language
                | WholeKind::Publication
                | WholeKind::Server
                | WholeKind::UserMapping
        )
    }
}

/// The key of an object carried whole: its kind and its identity as a person
/// writes it (`test.some_agg(integer)`, `(text AS public.color)`,
/// `r ON public.t`, `PUBLIC SERVER files`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectId {
    pub kind: WholeKind,
    pub name: String,
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.words(), self.name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WholeObject {
    pub id: ObjectId,
    /// The schema it lives in, for kinds that live in one.
    pub schema: Option<Ident>,
    /// The statements that create it (several joined by `;\n`, without the
    /// last `;`), as introspection prints them.
    pub definition: SqlText,
    pub comment: Option<String>,
}

/// A function is identified by its name and its input argument types.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FunctionKey {
    pub name: QualName,
    /// Canonical input argument types, e.g. `["integer", "text"]`.
    pub arg_types: Vec<String>,
}

impl fmt::Display for FunctionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name, self.arg_types.join(", "))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub name: QualName,
    /// `true` for a procedure (no `returns`).
    pub procedure: bool,
    pub args: Vec<FunctionArg>,
    /// `None` for procedures.
    pub returns: Option<Returns>,
    /// Lower case: `sql`, `plpgsql`, …
    pub language: Ident,
    pub volatility: Volatility,
    pub strict: bool,
    pub security_definer: bool,
    /// `leakproof`, `parallel`, `cost`, `rows`, `set`.
    pub options: FunctionOptions,
    /// The body between the dollar quotes, verbatim.
    pub body: SqlText,
    pub comment: Option<String>,
}

impl Function {
    pub fn key(&self) -> FunctionKey {
        FunctionKey {
            name: self.name.clone(),
            arg_types: self
                .args
                .iter()
                .filter(|arg| arg.mode != ArgMode::Out)
                .map(|arg| data_type_sql_unquoted(&arg.ty))
                .collect(),
        }
    }
}

/// The planner and session options of a function, defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionOptions {
    pub leakproof: bool,
    pub parallel: Parallel,
    /// `COST`, as PostgreSQL prints the number (`100`, `0.5`).
    pub cost: String,
    /// `ROWS` (0 for functions that do not return a set).
    pub rows: String,
    /// `SET name = value` in order: the name lower case, the value as
    /// written (or as PostgreSQL stores it: `auth, public`, `1kB`).
    pub config: Vec<(Ident, String)>,
}

impl FunctionOptions {
    /// PostgreSQL's defaults for a function in `language` (`cost` 1 for C
    /// and internal functions, 100 otherwise; `rows` 1000 for set-returning
    /// functions, 0 otherwise).
    pub fn defaults(language: &str, returns_set: bool) -> FunctionOptions {
        FunctionOptions {
            leakproof: false,
            parallel: Parallel::Unsafe,
            cost: if matches!(language, "c" | "internal") { "1" } else { "100" }.to_string(),
            rows: if returns_set { "1000" } else { "0" }.to_string(),
            config: Vec::new(),
        }
    }
}

/// A number of `COST` or `ROWS` in one spelling: `100`, `0.5`, `1e+06` → `1000000`.
pub fn canonical_number(text: &str) -> Option<String> {
    let value: f64 = text.trim().parse().ok()?;
    (value.is_finite() && value >= 0.0).then(|| format!("{value}"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Parallel {
    Unsafe,
    Restricted,
    Safe,
}

/// A type spelled for keys and messages (user types as `schema.name`, unquoted).
pub fn data_type_sql_unquoted(ty: &DataType) -> String {
    let mut res = match &ty.base {
        BaseType::Builtin(name) => name.clone(),
        BaseType::Named(name) => name.to_string(),
    };
    for _ in 0..ty.array_dims {
        res.push_str("[]");
    }
    res
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionArg {
    pub mode: ArgMode,
    pub name: Option<Ident>,
    pub ty: DataType,
    pub default: Option<SqlText>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArgMode {
    In,
    Out,
    InOut,
    Variadic,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Returns {
    Type(DataType),
    SetOf(DataType),
    Table(Vec<(Ident, DataType)>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Volatility {
    Immutable,
    Stable,
    Volatile,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: Ident,
    pub timing: TriggerTiming,
    /// Events in canonical order: insert, update, delete, truncate.
    pub events: Vec<TriggerEvent>,
    pub for_each_row: bool,
    pub when: Option<SqlText>,
    pub function: QualName,
    /// Literal arguments passed to the trigger function, as SQL string literal contents.
    pub args: Vec<String>,
    /// `CREATE CONSTRAINT TRIGGER`: when it fires, and the table of `FROM`.
    pub constraint: Option<ConstraintTrigger>,
    /// `REFERENCING OLD TABLE AS …`, `NEW TABLE AS …`.
    pub old_table: Option<Ident>,
    pub new_table: Option<Ident>,
    pub enabled: TriggerEnabled,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConstraintTrigger {
    pub deferrable: Deferrable,
    /// The referenced table (`FROM`), if any.
    pub from: Option<QualName>,
}

/// When a trigger fires, with respect to `session_replication_role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TriggerEnabled {
    /// Fires in the `origin` and `local` modes (the default).
    Origin,
    Disabled,
    /// Fires only in the `replica` mode.
    Replica,
    Always,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TriggerEvent {
    Insert,
    /// `UPDATE [OF columns]`.
    Update(Vec<Ident>),
    Delete,
    Truncate,
}

// ---------------------------------------------------------------------------
// Beside the catalog: spans and planner hints.

/// One object of a catalog, as a key for spans and hints.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ObjectKey {
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
    View(QualName),
    Function(FunctionKey),
    Object(ObjectId),
    /// A privilege line: (object, grantee, privilege).
    Privilege(GrantTarget, Ident, String),
    /// An `owner of` line.
    Owner(GrantTarget),
    /// A `default privileges` line: (role, schema, objects, grantee, privilege).
    DefaultPrivilege(Ident, Option<Ident>, DefaultObjects, Ident, String),
}

/// A byte range in one source file. `file` indexes the caller's file list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub file: usize,
    pub start: usize,
    pub end: usize,
}

/// What a schema file says beyond the schema itself: where each object was
/// defined, and the planner hints (`@renamed_from`, `@backfill`, `@deprecated`).
/// Catalogs read from a database have an empty `Meta`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub spans: IndexMap<ObjectKey, Span>,
    /// New object → the name it had before. Only the kinds the language allows
    /// (table, column, index, constraint, enum, view) appear here. For tables,
    /// enums and views the old name is qualified; for columns, indexes and
    /// constraints it is the old name within the same table.
    pub renamed_from: IndexMap<ObjectKey, RenamedFrom>,
    /// `@backfill(expr)` on columns: `(table, column)` → expression.
    pub backfill: IndexMap<(QualName, Ident), SqlText>,
    pub deprecated: IndexSet<ObjectKey>,
    /// `@external_partitions`: partitioned tables whose partitions someone
    /// else creates and drops (see [`Catalog::adopt_left_alone`]).
    pub external_partitions: IndexSet<QualName>,
    /// The catalog is all its source holds (a database or a `.sql` file), so
    /// every role counts as named by it: privileges of roles it does not name
    /// are revoked. For schema files `false`: only the roles their
    /// privileges, owners and default privileges name are managed.
    pub every_role_named: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RenamedFrom {
    /// For tables, enums and views.
    Qualified(QualName),
    /// For columns, indexes and constraints (within the same table).
    Local(Ident),
}

impl Meta {
    pub fn span(&self, key: &ObjectKey) -> Option<Span> {
        self.spans.get(key).copied()
    }
}
