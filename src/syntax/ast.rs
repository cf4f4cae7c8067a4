//! The syntax tree of one schema file: what the user wrote, with byte spans.
//!
//! The tree keeps the user's spelling (aliases such as `int` or `varchar`,
//! inline versus table-level constraints, explicit versus omitted names), so
//! that `godwit fmt` can print it back. Lowering turns it into the IR.

use std::ops::Range;

pub type ByteSpan = Range<usize>;

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct File {
    pub definitions: Vec<Definition>,
    /// Every `//`, `--` and `/* */` comment outside SQL text, in source order.
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment including its markers (`// note`, `/* note */`).
    pub text: String,
    pub span: ByteSpan,
}

/// An identifier: `text` is folded to lower case unless it was quoted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: ByteSpan,
    /// Written in double quotes (`"char"` is not `char`).
    pub quoted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualifiedName {
    pub schema: Option<Name>,
    pub name: Name,
    pub span: ByteSpan,
}

/// SQL text captured verbatim (without the surrounding parentheses or dollar quotes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sql {
    pub text: String,
    pub span: ByteSpan,
}

/// A string literal: `value` is unescaped, `span` covers the quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit {
    pub value: String,
    pub span: ByteSpan,
}

/// An integer as written; lowering checks its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntLit {
    pub text: String,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attribute {
    RenamedFrom { name: QualifiedName, span: ByteSpan },
    Backfill { expr: Sql, span: ByteSpan },
    Deprecated { span: ByteSpan },
    ExternalPartitions { span: ByteSpan },
}

impl Attribute {
    pub fn span(&self) -> ByteSpan {
        match self {
            Attribute::RenamedFrom { span, .. }
            | Attribute::Backfill { span, .. }
            | Attribute::Deprecated { span }
            | Attribute::ExternalPartitions { span } => span.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub attributes: Vec<Attribute>,
    pub kind: DefinitionKind,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefinitionKind {
    Extension(ExtensionDef),
    Schema(SchemaDef),
    Enum(EnumDef),
    Composite(CompositeDef),
    Domain(DomainDef),
    Sequence(SequenceDef),
    Table(TableDef),
    View(ViewDef),
    Function(FunctionDef),
    Object(ObjectDef),
    Grant(GrantDef),
    Owner(OwnerDef),
    DefaultPrivileges(DefaultPrivilegesDef),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensionDef {
    pub name: Name,
    pub schema: Option<Name>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaDef {
    pub name: Name,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumDef {
    pub name: QualifiedName,
    pub labels: Vec<StringLit>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainDef {
    pub name: QualifiedName,
    pub base: TypeExpr,
    pub clauses: Vec<DomainClause>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainClause {
    Collate(Name),
    NotNull(ByteSpan),
    Null(ByteSpan),
    Default(Sql),
    Check { name: Option<Name>, expr: Sql, span: ByteSpan },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SequenceDef {
    pub name: QualifiedName,
    pub options: Vec<SeqOption>,
    /// `owned by none` is `Some(None)`.
    pub owned_by: Option<Option<ColumnPath>>,
    pub comment: Option<StringLit>,
}

/// `[schema.]table.column`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnPath {
    pub schema: Option<Name>,
    pub table: Name,
    pub column: Name,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeqOption {
    As(TypeExpr),
    Increment(IntLit),
    MinValue(Option<IntLit>),
    MaxValue(Option<IntLit>),
    Start(IntLit),
    Cache(IntLit),
    Cycle(bool),
}

/// A type modifier as written: an integer or a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeMod {
    pub text: String,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeExpr {
    pub base: TypeBase,
    /// Type modifiers as written: `(80)`, `(12, 2)`, `(Point, 4326)`.
    pub mods: Vec<TypeMod>,
    pub array_dims: u8,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeBase {
    DoublePrecision,
    CharacterVarying,
    Character,
    BitVarying,
    /// `timestamp`, with `Some(true)` for `with time zone`, `Some(false)` for `without`.
    Timestamp(Option<bool>),
    Time(Option<bool>),
    /// `interval`, with its fields (`day to second`, lower case, single spaces).
    Interval(Option<String>),
    /// Any other type name: `int`, `text`, `shop.order_status`.
    Named(QualifiedName),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableDef {
    pub unlogged: bool,
    pub name: QualifiedName,
    /// `partition by range|list|hash (key)`.
    pub partition_by: Option<PartitionByAst>,
    /// `partition of parent for values … | default`.
    pub partition_of: Option<PartitionOfAst>,
    pub items: Vec<TableItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionByAst {
    /// `range`, `list` or `hash`, lower case.
    pub strategy: String,
    pub key: Sql,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOfAst {
    pub parent: QualifiedName,
    pub bound: PartitionBoundAst,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartitionBoundAst {
    Default,
    In(Sql),
    Range { from: Sql, to: Sql },
    With(Sql),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableItem {
    pub attributes: Vec<Attribute>,
    pub kind: TableItemKind,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableItemKind {
    Column(ColumnDef),
    /// `enable row level security` (`force`: `force row level security`).
    RowSecurity {
        force: bool,
    },
    ReplicaIdentity(ReplicaIdentityAst),
    Policy(Box<PolicyDef>),
    /// `column name [default expr] [comment '…']`, in a view's block.
    ViewColumn {
        name: Name,
        default: Option<Sql>,
        comment: Option<StringLit>,
    },
    Comment(StringLit),
    PrimaryKey {
        name: Option<Name>,
        columns: Vec<Name>,
        comment: Option<StringLit>,
    },
    Unique(UniqueDef),
    Check {
        name: Option<Name>,
        expr: Sql,
        comment: Option<StringLit>,
    },
    ForeignKey(ForeignKeyDef),
    Index(IndexDef),
    Trigger(Box<TriggerDef>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniqueDef {
    pub name: Option<Name>,
    pub columns: Vec<Name>,
    pub nulls_not_distinct: bool,
    pub deferrable: Option<DeferrableAst>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKeyDef {
    pub name: Option<Name>,
    pub columns: Vec<Name>,
    pub ref_table: QualifiedName,
    pub ref_columns: Option<Vec<Name>>,
    pub options: Vec<FkOption>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: Name,
    pub ty: TypeExpr,
    pub clauses: Vec<ColumnClause>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnClause {
    pub kind: ColumnClauseKind,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnClauseKind {
    NotNull,
    Null,
    Default(Sql),
    Identity { always: bool, options: Vec<SeqOption> },
    Generated(Sql),
    Collate(Name),
    PrimaryKey { name: Option<Name> },
    Unique { name: Option<Name>, nulls_not_distinct: bool },
    Check { name: Option<Name>, expr: Sql },
    References { name: Option<Name>, table: QualifiedName, columns: Option<Vec<Name>>, options: Vec<FkOption> },
    Comment(StringLit),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FkActionAst {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeferrableAst {
    NotDeferrable,
    Deferrable,
    InitiallyImmediate,
    InitiallyDeferred,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FkOption {
    Match { full: bool },
    OnDelete(FkActionAst),
    OnUpdate(FkActionAst),
    Deferrable(DeferrableAst),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDef {
    pub name: Option<Name>,
    pub unique: bool,
    pub method: Option<Name>,
    pub elements: Vec<IndexElementAst>,
    pub include: Vec<Name>,
    pub nulls_not_distinct: bool,
    pub predicate: Option<Sql>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexElementAst {
    pub key: IndexKeyAst,
    pub collation: Option<Name>,
    pub opclass: Option<QualifiedName>,
    /// `Some(true)` for `desc`, `Some(false)` for `asc`.
    pub descending: Option<bool>,
    /// `Some(true)` for `nulls first`.
    pub nulls_first: Option<bool>,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexKeyAst {
    Column(Name),
    /// A function call such as `lower(email)`, written without extra parentheses.
    Call(Sql),
    /// A parenthesized expression; `text` is the inside.
    Expr(Sql),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerDef {
    /// `constraint trigger`.
    pub constraint: bool,
    pub name: Name,
    pub timing: TimingAst,
    pub events: Vec<EventAst>,
    /// `None` when omitted (PostgreSQL's default is `for each statement`).
    pub for_each_row: Option<bool>,
    pub when: Option<Sql>,
    pub function: QualifiedName,
    pub args: Vec<StringLit>,
    /// `from table` of a constraint trigger.
    pub from: Option<QualifiedName>,
    pub deferrable: Option<DeferrableAst>,
    /// `referencing old table as …` / `new table as …`.
    pub old_table: Option<Name>,
    pub new_table: Option<Name>,
    pub state: Option<TriggerStateAst>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerStateAst {
    Disabled,
    Always,
    Replica,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplicaIdentityAst {
    Default,
    Full,
    Nothing,
    Index(Name),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDef {
    pub name: Name,
    /// `as restrictive`.
    pub restrictive: bool,
    /// `all`, `select`, `insert`, `update` or `delete`, lower case.
    pub command: String,
    pub roles: Vec<Name>,
    pub using: Option<Sql>,
    pub check: Option<Sql>,
    pub comment: Option<StringLit>,
}

/// `name` or `name = value` in `with (…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageOption {
    /// Lower case.
    pub name: String,
    pub value: Option<String>,
    pub span: ByteSpan,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimingAst {
    Before,
    After,
    InsteadOf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventAst {
    Insert,
    Update(Vec<Name>),
    Delete,
    Truncate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewDef {
    pub materialized: bool,
    pub name: QualifiedName,
    /// Declared columns (a view that reads itself).
    pub columns: Vec<CompositeAttr>,
    pub options: Vec<StorageOption>,
    pub body: Sql,
    /// Triggers, indexes, column defaults and the comment, in a block after the body.
    pub items: Vec<TableItem>,
    pub comment: Option<StringLit>,
}

/// An object carried whole: `aggregate test.total(integer) as $$ … $$`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectDef {
    /// The kind's words, lower case, one space apart (`foreign table`).
    pub kind: String,
    /// The identity as written, white space collapsed.
    pub identity: String,
    pub identity_span: ByteSpan,
    pub definition: Sql,
    pub comment: Option<StringLit>,
}

/// `type name as (attribute type, …)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompositeDef {
    pub name: QualifiedName,
    pub attributes: Vec<CompositeAttr>,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompositeAttr {
    pub name: Name,
    pub ty: TypeExpr,
    pub collation: Option<Name>,
    pub span: ByteSpan,
}

/// `grant … on … to …` or `revoke … on … from …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantDef {
    pub revoke: bool,
    pub privileges: PrivilegesAst,
    pub object: GrantObject,
    /// Role names; `public` (unquoted) is every role.
    pub grantees: Vec<Name>,
    /// `with grant option`.
    pub grant_option: bool,
}

/// The privileges of a grant: `all [privileges] [(columns)]`, or a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrivilegesAst {
    All { columns: Vec<Name>, span: ByteSpan },
    List(Vec<PrivilegeAst>),
}

/// `select`, `update (title, body)`: the word as written (lower case unless quoted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivilegeAst {
    pub name: Name,
    pub columns: Vec<Name>,
    pub span: ByteSpan,
}

/// What a grant is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantObject {
    pub kind: GrantObjectKind,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrantObjectKind {
    /// `table`: tables, views, materialized views (and foreign tables).
    Tables(Vec<QualifiedName>),
    ForeignTables(Vec<QualifiedName>),
    Sequences(Vec<QualifiedName>),
    Schemas(Vec<Name>),
    /// `function`, `procedure` or `routine` (`procedure`: `Some(true)`,
    /// `function`: `Some(false)`, `routine`: `None`).
    Functions {
        procedure: Option<bool>,
        refs: Vec<FunctionRef>,
    },
    /// `type` or `domain`.
    Types {
        domain: bool,
        names: Vec<QualifiedName>,
    },
    Servers(Vec<Name>),
    ForeignDataWrappers(Vec<Name>),
    Languages(Vec<Name>),
}

/// A function named by its signature: `test.f(text, integer)`; without the
/// parentheses, the only function of that name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionRef {
    pub name: QualifiedName,
    pub args: Option<Vec<FunctionArgAst>>,
    pub span: ByteSpan,
}

/// `owner of <object> is <role>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerDef {
    pub object: OwnerObject,
    pub object_span: ByteSpan,
    pub owner: Name,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerObject {
    Schema(Name),
    Table(QualifiedName),
    View {
        materialized: bool,
        name: QualifiedName,
    },
    Sequence(QualifiedName),
    Function {
        procedure: bool,
        function: FunctionRef,
    },
    Type(QualifiedName),
    Domain(QualifiedName),
    /// An object carried whole: its kind's words and its identity as written.
    Whole {
        kind: String,
        identity: String,
    },
}

/// `default privileges for role r [in schema s] grant … on tables to …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultPrivilegesDef {
    pub roles: Vec<Name>,
    pub schemas: Vec<Name>,
    pub revoke: bool,
    pub privileges: PrivilegesAst,
    /// `tables`, `sequences`, `functions` (or `routines`), `types`, `schemas`, lower case.
    pub objects: String,
    pub objects_span: ByteSpan,
    pub grantees: Vec<Name>,
    pub grant_option: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDef {
    pub procedure: bool,
    pub name: QualifiedName,
    pub args: Vec<FunctionArgAst>,
    pub returns: Option<ReturnsAst>,
    pub options: Vec<FunctionOption>,
    pub body: Sql,
    pub comment: Option<StringLit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgModeAst {
    In,
    Out,
    InOut,
    Variadic,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionArgAst {
    pub mode: Option<ArgModeAst>,
    pub name: Option<Name>,
    pub ty: TypeExpr,
    pub default: Option<Sql>,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReturnsAst {
    Type(TypeExpr),
    SetOf(TypeExpr),
    Table(Vec<(Name, TypeExpr)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FunctionOption {
    Language(Name),
    Volatility(VolatilityAst, ByteSpan),
    Strict(bool, ByteSpan),
    SecurityDefiner(bool, ByteSpan),
    Leakproof(bool, ByteSpan),
    Parallel(ParallelAst, ByteSpan),
    Cost(IntLit),
    Rows(IntLit),
    /// `set name = value`: the name lower case, the value as written.
    Set {
        name: String,
        value: String,
        span: ByteSpan,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParallelAst {
    Unsafe,
    Restricted,
    Safe,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolatilityAst {
    Immutable,
    Stable,
    Volatile,
}

impl Definition {
    /// The span of the definition's name, for diagnostics.
    pub fn name_span(&self) -> ByteSpan {
        match &self.kind {
            DefinitionKind::Extension(def) => def.name.span.clone(),
            DefinitionKind::Schema(def) => def.name.span.clone(),
            DefinitionKind::Enum(def) => def.name.span.clone(),
            DefinitionKind::Composite(def) => def.name.span.clone(),
            DefinitionKind::Domain(def) => def.name.span.clone(),
            DefinitionKind::Sequence(def) => def.name.span.clone(),
            DefinitionKind::Table(def) => def.name.span.clone(),
            DefinitionKind::View(def) => def.name.span.clone(),
            DefinitionKind::Function(def) => def.name.span.clone(),
            DefinitionKind::Object(def) => def.identity_span.clone(),
            DefinitionKind::Grant(def) => def.object.span.clone(),
            DefinitionKind::Owner(def) => def.object_span.clone(),
            DefinitionKind::DefaultPrivileges(def) => {
                def.roles.first().map_or_else(|| def.objects_span.clone(), |role| role.span.clone())
            }
        }
    }
}
