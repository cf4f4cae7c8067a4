//! Proptest strategies for valid catalogs of every object kind.
//!
//! A catalog is drawn as a list of small specs (indexes into name and type
//! pools), then built so that it is valid for PostgreSQL: names unique where
//! PostgreSQL requires it (one namespace per schema for relations, types and
//! constraint-backed indexes), references only to objects that exist (foreign
//! keys to a key of the same type, types, sequences, functions), and SQL text
//! only from fixed pools of valid terms. Names include awkward ones: mixed
//! case, spaces, reserved words, non-ASCII, `$`.

use godwit::ir::{
    AclKind, ArgMode, BaseType, Catalog, Column, Composite, CompositeAttribute, Constraint, ConstraintKind, DataType,
    DefaultObjects, DefaultPrivilege, Deferrable, Domain, Enum, Extension, FkAction, ForeignKey, Function, FunctionArg,
    GrantTarget, Identity, Index, IndexElement, IndexKey, Namespace, PUBLIC, Policy, PolicyCommand, Privilege,
    QualName, ReplicaIdentity, Returns, Sequence, SequenceOptions, Table, Trigger, TriggerEnabled, TriggerEvent,
    TriggerTiming, View, Volatility,
};
use godwit::sql::quote::{ident, literal, qualified};
use indexmap::{IndexMap, IndexSet};
use proptest::prelude::*;
use proptest::sample::Index as Pick;

const SCHEMAS: &[&str] = &["app", "Sales", "user", "café"];
const TABLES: &[&str] = &["accounts", "order items", "user", "select", "Orders", "café", "t$1", "events"];
const COLUMNS: &[&str] =
    &["id", "name", "UserId", "order items", "user", "select", "order", "café", "a$b", "amount", "created_at", "Value"];
const TYPES: &[&str] = &["enums", "domains", "sequences", "things", "Kinds"];
const LABELS: &[&str] = &["new", "paid", "shipped", "Done", "it's"];
const COMMENTS: &[&str] = &["hello", "it's here", "back\\slash"];
const BUILTINS: &[(&str, u8)] = &[
    ("integer", 0),
    ("bigint", 0),
    ("text", 0),
    ("boolean", 0),
    ("character varying(20)", 0),
    ("numeric(10,2)", 0),
    ("timestamp with time zone", 0),
    ("text", 1),
    ("integer", 1),
    ("\"char\"", 0),
    ("interval day to second(3)", 0),
    ("interval", 1),
];

/// A catalog with ≤ 3 schemas besides `public`, ≤ 4 enums, ≤ 2 domains,
/// ≤ 3 sequences, ≤ 5 tables of ≤ 6 columns, ≤ 2 views, ≤ 2 functions.
pub fn arb_catalog() -> impl Strategy<Value = Catalog> {
    (
        prop::collection::vec(0..SCHEMAS.len(), 0..=3),
        prop::option::weighted(0.2, 0..2usize),
        prop::collection::vec(arb_enum(), 0..=4),
        prop::collection::vec(arb_domain(), 0..=2),
        prop::collection::vec(arb_sequence(), 0..=3),
        prop::collection::vec(arb_function(), 0..=2),
        prop::collection::vec(arb_table(), 0..=5),
        prop::collection::vec(arb_view(), 0..=2),
        prop::collection::vec(any::<u8>(), 48),
        prop::collection::vec(any::<u8>(), 64),
    )
        .prop_map(|(schemas, extension, enums, domains, sequences, functions, tables, views, variety, acl)| {
            let mut builder = Builder::default();
            builder.schemas(&schemas);
            if let Some(extension) = extension {
                builder.extension(extension);
            }
            for spec in &enums {
                builder.enumeration(spec);
            }
            for spec in &domains {
                builder.domain(spec);
            }
            for spec in &sequences {
                builder.sequence(spec);
            }
            for spec in &functions {
                builder.function(spec);
            }
            for spec in &tables {
                builder.table(spec);
            }
            for (position, spec) in tables.iter().enumerate() {
                builder.foreign_keys(position, spec);
            }
            for spec in &views {
                builder.view(spec);
            }
            vary(&mut builder.catalog, &variety);
            privileges(&mut builder.catalog, &acl);
            builder.catalog
        })
}

/// Roles privileges and owners name (they exist in the test cluster, made by
/// `godwit::shadow::create_roles`).
pub const ROLES: &[&str] = &["gw_arb_reader", "Gw Arb Writer", "select"];
const OWNERS: &[&str] = &["gw_arb_owner", "Gw Arb Writer"];

/// Grants, revokes of PostgreSQL's defaults, owners and default privileges
/// on the catalog's objects, as lowering keeps them: no grant of a default
/// privilege, revokes only of `PUBLIC`'s defaults, grant options only to roles.
fn privileges(catalog: &mut Catalog, bits: &[u8]) {
    let mut bits = bits.iter().copied().cycle();
    let mut next = move || bits.next().unwrap_or(0);
    let mut targets: Vec<GrantTarget> = vec![GrantTarget::Schema("public".to_string())];
    targets.extend(catalog.schemas.keys().map(|name| GrantTarget::Schema(name.clone())));
    targets.extend(catalog.enums.keys().chain(catalog.domains.keys()).map(|name| GrantTarget::Type(name.clone())));
    targets.extend(
        catalog.sequences.values().filter(|it| it.owned_by.is_none()).map(|it| GrantTarget::Sequence(it.name.clone())),
    );
    targets.extend(catalog.tables.keys().chain(catalog.views.keys()).map(|name| GrantTarget::Table(name.clone())));
    targets.extend(catalog.functions.keys().map(|key| GrantTarget::Function(key.clone())));
    for target in &targets {
        if next() % 100 >= 35 {
            continue;
        }
        // An owner (not of `public`: its owner is the database's).
        let owner = match target {
            GrantTarget::Schema(name) if name == "public" => None,
            _ if next() % 100 < 30 => Some(OWNERS[next() as usize % OWNERS.len()].to_string()),
            _ => None,
        };
        if let Some(owner) = &owner {
            catalog.owners.insert(target.clone(), owner.clone());
        }
        let Some(kind) = target.acl_kind() else { continue };
        for _ in 0..1 + next() % 3 {
            let public = next() % 100 < 25;
            let grantee = if public { PUBLIC.to_string() } else { ROLES[next() as usize % ROLES.len()].to_string() };
            let privilege = kind.privileges()[next() as usize % kind.privileges().len()].to_string();
            let default_of_public = kind.public_default().contains(&privilege.as_str())
                || (*target == GrantTarget::Schema("public".to_string()) && privilege == "USAGE");
            let (granted, grantable) = if public {
                (!default_of_public, false)
            } else {
                (true, next() % 100 < 30 || owner.as_ref() == Some(&grantee))
            };
            // Column privileges on tables.
            let table = match target {
                GrantTarget::Table(name) => catalog.tables.get(name),
                _ => None,
            };
            let on = match (target, table) {
                (GrantTarget::Table(name), Some(table)) if next() % 100 < 30 && !table.columns.is_empty() => {
                    let column = table.columns.keys().nth(next() as usize % table.columns.len()).cloned();
                    match column {
                        Some(column) if AclKind::Column.privileges().contains(&privilege.as_str()) => {
                            GrantTarget::Column(name.clone(), column)
                        }
                        _ => target.clone(),
                    }
                }
                _ => target.clone(),
            };
            if catalog.privileges.iter().any(|it| it.on == on && it.grantee == grantee && it.privilege == privilege) {
                continue;
            }
            catalog.privileges.insert(Privilege { on, grantee, privilege, granted, grantable });
        }
    }
    // Default privileges of a role.
    for _ in 0..next() % 3 {
        let role = OWNERS[next() as usize % OWNERS.len()].to_string();
        let on = DefaultObjects::ALL[next() as usize % DefaultObjects::ALL.len()];
        let schema = match catalog.schemas.keys().nth(next() as usize % (catalog.schemas.len() + 1)) {
            Some(schema) if on != DefaultObjects::Schemas => Some(schema.clone()),
            _ => None,
        };
        let kind = on.acl_kind();
        let privilege = kind.privileges()[next() as usize % kind.privileges().len()].to_string();
        let public = next() % 100 < 30;
        let grantee = if public { PUBLIC.to_string() } else { ROLES[next() as usize % ROLES.len()].to_string() };
        let built_in =
            schema.is_none() && ((public && kind.public_default().contains(&privilege.as_str())) || grantee == role);
        let (granted, grantable) = match (built_in, public) {
            (true, _) => (false, false),
            (false, true) => (true, false),
            (false, false) => (true, next() % 2 == 0),
        };
        if catalog.default_privileges.iter().any(|it| {
            it.role == role && it.schema == schema && it.on == on && it.grantee == grantee && it.privilege == privilege
        }) {
            continue;
        }
        catalog.default_privileges.insert(DefaultPrivilege {
            role,
            schema,
            on,
            grantee,
            privilege,
            granted,
            grantable,
        });
    }
}

/// Options the specs leave at their defaults, switched on by `bits` where that
/// keeps the catalog valid: materialized views, procedures and functions with
/// argument modes, defaults and set results, foreign key match/actions/deferral,
/// `nulls not distinct`, collations, index collations and operator classes,
/// domain collations, trigger conditions.
fn vary(catalog: &mut Catalog, bits: &[u8]) {
    let mut bits = bits.iter().copied().cycle();
    let mut flip = |percent: u8| bits.next().unwrap_or(0) % 100 < percent;
    let referenced: IndexSet<(QualName, Vec<String>)> = catalog
        .tables
        .values()
        .flat_map(|table| table.constraints.values())
        .filter_map(|constraint| match &constraint.kind {
            ConstraintKind::ForeignKey(fk) => Some((fk.ref_table.clone(), fk.ref_columns.clone())),
            _ => None,
        })
        .collect();
    // Columns on either side of a foreign key keep the default collation.
    let fk_columns: IndexSet<(QualName, String)> = catalog
        .tables
        .values()
        .flat_map(|table| {
            table.constraints.values().flat_map(move |constraint| match &constraint.kind {
                ConstraintKind::ForeignKey(fk) => fk
                    .columns
                    .iter()
                    .map(|column| (table.name.clone(), column.clone()))
                    .chain(fk.ref_columns.iter().map(|column| (fk.ref_table.clone(), column.clone())))
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            })
        })
        .collect();
    for view in catalog.views.values_mut() {
        view.materialized = flip(40);
    }
    // A view over a materialized view is fine; a materialized view over a view too.
    let is_text = |ty: &DataType| ty.array_dims == 0 && ty.base == BaseType::Builtin("text".to_string());
    for table in catalog.tables.values_mut() {
        let constrained: IndexSet<String> = table
            .constraints
            .values()
            .flat_map(constraint_columns)
            .chain(index_columns(table))
            .chain(fk_columns.iter().filter(|(name, _)| *name == table.name).map(|(_, column)| column.clone()))
            .collect();
        for column in table.columns.values_mut() {
            if is_text(&column.ty) && !constrained.contains(&column.name) && column.generated.is_none() && flip(30) {
                column.collation = Some("C".to_string());
            }
        }
        for constraint in table.constraints.values_mut() {
            match &mut constraint.kind {
                ConstraintKind::ForeignKey(fk) => {
                    fk.match_full = flip(30);
                    fk.on_delete = [FkAction::NoAction, FkAction::Cascade, FkAction::Restrict, FkAction::SetNull]
                        [usize::from(bits_pick(flip(50), flip(50)))];
                    fk.on_update = if flip(20) { FkAction::Cascade } else { FkAction::NoAction };
                    if flip(30) {
                        constraint.deferrable =
                            if flip(50) { Deferrable::InitiallyDeferred } else { Deferrable::Deferrable };
                    }
                }
                ConstraintKind::Unique { columns, nulls_not_distinct } => {
                    *nulls_not_distinct = flip(30);
                    if !referenced.contains(&(table.name.clone(), columns.clone())) && flip(20) {
                        constraint.deferrable = Deferrable::Deferrable;
                    }
                }
                _ => {}
            }
        }
        let text_columns: Vec<String> =
            table.columns.values().filter(|column| is_text(&column.ty)).map(|column| column.name.clone()).collect();
        for index in table.indexes.values_mut() {
            index.nulls_not_distinct = index.unique && flip(30);
            for element in &mut index.elements {
                if let IndexKey::Column(column) = &element.key
                    && text_columns.contains(column)
                {
                    if flip(30) {
                        element.collation = Some("C".to_string());
                    } else if flip(30) {
                        element.opclass = Some("text_pattern_ops".to_string());
                    }
                }
            }
        }
        for trigger in table.triggers.values_mut() {
            if trigger.for_each_row && flip(30) && !trigger.events.contains(&TriggerEvent::Truncate) {
                let column = table.columns.keys().next().cloned().unwrap_or_default();
                let row = if trigger.events.iter().all(|event| *event == TriggerEvent::Delete) { "old" } else { "new" };
                trigger.when = Some(format!("({row}.{} IS NOT NULL)", ident(&column)));
            }
        }
    }
    for domain in catalog.domains.values_mut() {
        if is_text(&domain.base) && flip(30) {
            domain.collation = Some("C".to_string());
        }
    }
    // Procedures and functions with arguments, next to the specs' functions.
    let schema = catalog.schemas.keys().next().cloned().unwrap_or_else(|| "public".to_string());
    // Row-level security on a table, with policies for everyone.
    if flip(40)
        && let Some(table) = catalog.tables.values_mut().last()
    {
        table.row_security = flip(80);
        table.force_row_security = flip(30);
        table.replica_identity = if flip(50) { ReplicaIdentity::Full } else { ReplicaIdentity::Default };
        let policy = Policy {
            name: "Everyone reads".to_string(),
            permissive: flip(70),
            command: if flip(50) { PolicyCommand::Select } else { PolicyCommand::All },
            roles: vec!["public".to_string()],
            using: Some("true".to_string()),
            check: None,
            comment: flip(30).then(|| "it's open".to_string()),
        };
        table.policies.insert(policy.name.clone(), policy);
    }
    // A composite type, nested in another, used by a column.
    if flip(50) {
        let inner = QualName::new(schema.clone(), "Point 2d");
        let mut attributes = IndexMap::new();
        for (attribute, ty) in [("x", DataType::builtin("integer")), ("select", DataType::builtin("text"))] {
            // Fixed per schema: PostgreSQL cannot change an attribute a column uses.
            let collation = (attribute == "select" && schema.len() % 2 == 0).then(|| "C".to_string());
            attributes.insert(attribute.to_string(), CompositeAttribute { name: attribute.to_string(), ty, collation });
        }
        let point =
            Composite { name: inner.clone(), attributes, comment: flip(50).then(|| "it's a point".to_string()) };
        catalog.composites.insert(inner.clone(), point);
        if flip(50) {
            let outer = QualName::new(schema.clone(), "labelled");
            let mut attributes = IndexMap::new();
            let at = DataType { array_dims: u8::from(flip(50)), ..DataType::named(inner.clone()) };
            attributes.insert("at".to_string(), CompositeAttribute { name: "at".to_string(), ty: at, collation: None });
            catalog.composites.insert(outer.clone(), Composite { name: outer, attributes, comment: None });
        }
        if let Some(table) = catalog.tables.values_mut().next() {
            table.columns.insert("spot".to_string(), Column::new("spot", DataType::named(inner)));
        }
    }
    if flip(50) {
        let procedure = Function {
            name: QualName::new(schema.clone(), "Archive Rows"),
            procedure: true,
            args: vec![FunctionArg {
                mode: ArgMode::In,
                name: Some("days".to_string()),
                ty: DataType::builtin("integer"),
                default: Some("30".to_string()),
            }],
            returns: None,
            language: "sql".to_string(),
            volatility: Volatility::Volatile,
            strict: false,
            security_definer: flip(50),
            options: godwit::ir::FunctionOptions {
                config: if flip(50) { vec![("search_path".to_string(), "public".to_string())] } else { Vec::new() },
                ..godwit::ir::FunctionOptions::defaults("sql", false)
            },
            body: " select 1 ".to_string(),
            comment: None,
        };
        catalog.functions.insert(procedure.key(), procedure);
    }
    if flip(50) {
        let returns = if flip(50) {
            Returns::SetOf(DataType::builtin("integer"))
        } else {
            Returns::Table(vec![
                ("n".to_string(), DataType::builtin("integer")),
                ("Label text".to_string(), DataType::builtin("text")),
            ])
        };
        let body = match returns {
            Returns::SetOf(_) => "select generate_series(1, $1)",
            _ => "select g, g::text from generate_series(1, $1) g",
        };
        let function = Function {
            name: QualName::new(schema, "series"),
            procedure: false,
            args: vec![
                FunctionArg {
                    mode: ArgMode::In,
                    name: Some("upto".to_string()),
                    ty: DataType::builtin("integer"),
                    default: None,
                },
                FunctionArg {
                    mode: if flip(50) { ArgMode::Variadic } else { ArgMode::In },
                    name: Some("tags".to_string()),
                    ty: DataType { array_dims: 1, ..DataType::builtin("text") },
                    default: Some("'{}'::text[]".to_string()),
                },
            ],
            returns: Some(returns),
            language: "sql".to_string(),
            volatility: if flip(50) { Volatility::Immutable } else { Volatility::Stable },
            strict: flip(50),
            security_definer: false,
            options: godwit::ir::FunctionOptions {
                leakproof: false,
                parallel: if flip(50) { godwit::ir::Parallel::Safe } else { godwit::ir::Parallel::Unsafe },
                cost: if flip(50) { "100".to_string() } else { "2.5".to_string() },
                rows: if flip(50) { "1000".to_string() } else { "10".to_string() },
                config: if flip(50) {
                    vec![("search_path".to_string(), "\"$user\", public".to_string())]
                } else {
                    vec![("work_mem".to_string(), "64MB".to_string())]
                },
            },
            body: body.to_string(),
            comment: Some("it's generated".to_string()),
        };
        catalog.functions.insert(function.key(), function);
    }
}

fn bits_pick(high: bool, low: bool) -> u8 {
    u8::from(high) * 2 + u8::from(low)
}

fn index_columns(table: &Table) -> Vec<String> {
    table
        .indexes
        .values()
        .flat_map(|index| {
            index
                .elements
                .iter()
                .filter_map(|element| match &element.key {
                    IndexKey::Column(column) => Some(column.clone()),
                    IndexKey::Expr(_) => None,
                })
                .chain(index.include.iter().cloned())
                .collect::<Vec<_>>()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Specs

#[derive(Clone, Debug)]
struct EnumSpec {
    name: usize,
    schema: Pick,
    labels: Vec<usize>,
    comment: Option<usize>,
}

fn arb_enum() -> impl Strategy<Value = EnumSpec> {
    (
        0..TYPES.len(),
        any::<Pick>(),
        prop::sample::subsequence((0..LABELS.len()).collect::<Vec<_>>(), 1..=LABELS.len()).prop_shuffle(),
        prop::option::of(0..COMMENTS.len()),
    )
        .prop_map(|(name, schema, labels, comment)| EnumSpec { name, schema, labels, comment })
}

#[derive(Clone, Debug)]
struct DomainSpec {
    name: usize,
    schema: Pick,
    text: bool,
    not_null: bool,
    default: bool,
    check: bool,
}

fn arb_domain() -> impl Strategy<Value = DomainSpec> {
    (0..TYPES.len(), any::<Pick>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(name, schema, text, not_null, default, check)| DomainSpec { name, schema, text, not_null, default, check },
    )
}

#[derive(Clone, Debug)]
struct SequenceSpec {
    name: usize,
    schema: Pick,
    integer: bool,
    start: i64,
    increment: i64,
    cycle: bool,
    /// Owned by a column of a table in the same schema, when there is one.
    owned: bool,
}

fn arb_sequence() -> impl Strategy<Value = SequenceSpec> {
    (
        0..TYPES.len(),
        any::<Pick>(),
        any::<bool>(),
        prop_oneof![Just(1i64), 1..1000i64],
        prop_oneof![Just(1i64), Just(2i64), Just(10i64)],
        any::<bool>(),
        prop::bool::weighted(0.4),
    )
        .prop_map(|(name, schema, integer, start, increment, cycle, owned)| SequenceSpec {
            name,
            schema,
            integer,
            start,
            increment,
            cycle,
            owned,
        })
}

#[derive(Clone, Debug)]
struct FunctionSpec {
    name: usize,
    schema: Pick,
    /// A `plpgsql` trigger function, or an `sql` function.
    trigger: bool,
    body: usize,
    comment: Option<usize>,
}

fn arb_function() -> impl Strategy<Value = FunctionSpec> {
    (0..COLUMNS.len(), any::<Pick>(), any::<bool>(), 0..2usize, prop::option::of(0..COMMENTS.len()))
        .prop_map(|(name, schema, trigger, body, comment)| FunctionSpec { name, schema, trigger, body, comment })
}

#[derive(Clone, Debug)]
struct ColumnSpec {
    name: usize,
    ty: Pick,
    not_null: bool,
    default: bool,
    identity: bool,
    generated: bool,
    sequence: Option<Pick>,
    comment: Option<usize>,
}

fn arb_column() -> impl Strategy<Value = ColumnSpec> {
    (
        0..COLUMNS.len(),
        any::<Pick>(),
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
        prop::option::weighted(0.15, any::<Pick>()),
        prop::option::weighted(0.2, 0..COMMENTS.len()),
    )
        .prop_map(|(name, ty, not_null, default, identity, generated, sequence, comment)| ColumnSpec {
            name,
            ty,
            not_null,
            default,
            identity,
            generated,
            sequence,
            comment,
        })
}

#[derive(Clone, Debug)]
struct IndexSpec {
    column: Pick,
    expression: bool,
    descending: bool,
    nulls_first: bool,
    include: Option<Pick>,
    predicate: bool,
    unique: bool,
}

fn arb_index() -> impl Strategy<Value = IndexSpec> {
    (
        any::<Pick>(),
        prop::bool::weighted(0.2),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.2, any::<Pick>()),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(column, expression, descending, nulls_first, include, predicate, unique)| IndexSpec {
            column,
            expression,
            descending,
            nulls_first,
            include,
            predicate,
            unique,
        })
}

#[derive(Clone, Debug)]
struct TableSpec {
    name: usize,
    schema: Pick,
    unlogged: bool,
    columns: Vec<ColumnSpec>,
    primary_key: Option<Pick>,
    unique: Option<Pick>,
    check: Option<Pick>,
    foreign_keys: Vec<(Pick, Pick, bool)>,
    indexes: Vec<IndexSpec>,
    trigger: Option<(Pick, bool)>,
    comment: Option<usize>,
}

fn arb_table() -> impl Strategy<Value = TableSpec> {
    (
        (0..TABLES.len(), any::<Pick>(), prop::bool::weighted(0.1)),
        prop::collection::vec(arb_column(), 1..=6),
        prop::option::weighted(0.6, any::<Pick>()),
        prop::option::weighted(0.3, any::<Pick>()),
        prop::option::weighted(0.3, any::<Pick>()),
        prop::collection::vec((any::<Pick>(), any::<Pick>(), any::<bool>()), 0..=2),
        prop::collection::vec(arb_index(), 0..=2),
        prop::option::weighted(0.3, (any::<Pick>(), any::<bool>())),
        prop::option::weighted(0.3, 0..COMMENTS.len()),
    )
        .prop_map(
            |(
                (name, schema, unlogged),
                columns,
                primary_key,
                unique,
                check,
                foreign_keys,
                indexes,
                trigger,
                comment,
            )| {
                TableSpec {
                    name,
                    schema,
                    unlogged,
                    columns,
                    primary_key,
                    unique,
                    check,
                    foreign_keys,
                    indexes,
                    trigger,
                    comment,
                }
            },
        )
}

#[derive(Clone, Debug)]
struct ViewSpec {
    name: usize,
    schema: Pick,
    /// Reads a table (its first columns), or counts the rows of the first view.
    table: Pick,
    n_columns: usize,
    over_view: bool,
    comment: Option<usize>,
}

fn arb_view() -> impl Strategy<Value = ViewSpec> {
    (
        0..TABLES.len(),
        any::<Pick>(),
        any::<Pick>(),
        1..=3usize,
        prop::bool::weighted(0.3),
        prop::option::of(0..COMMENTS.len()),
    )
        .prop_map(|(name, schema, table, n_columns, over_view, comment)| ViewSpec {
            name,
            schema,
            table,
            n_columns,
            over_view,
            comment,
        })
}

// ---------------------------------------------------------------------------
// Building

#[derive(Default)]
struct Builder {
    catalog: Catalog,
    schemas: Vec<String>,
    /// Names taken in each schema by relations, types and constraint-backed
    /// indexes (kept apart from each other to stay valid).
    taken: IndexMap<String, IndexSet<String>>,
    /// Sequences to be owned by a column of the first table of their schema.
    wants_owner: IndexSet<QualName>,
    /// The tables built, in spec order.
    tables: Vec<QualName>,
}

impl Builder {
    fn schemas(&mut self, picks: &[usize]) {
        self.schemas.push("public".to_string());
        for &pick in picks {
            let name = SCHEMAS[pick].to_string();
            if !self.schemas.contains(&name) {
                self.schemas.push(name.clone());
                self.catalog.schemas.insert(name.clone(), Namespace { name, comment: None });
            }
        }
    }

    fn extension(&mut self, pick: usize) {
        let name = ["pgcrypto", "citext"][pick].to_string();
        self.catalog.extensions.insert(name.clone(), Extension { name, schema: None, comment: None });
    }

    fn schema(&self, pick: &Pick) -> String {
        self.schemas[pick.index(self.schemas.len())].clone()
    }

    /// `base`, or `base2`, `base3`, … : a name not yet taken in `schema`.
    fn claim(&mut self, schema: &str, base: &str) -> String {
        let taken = self.taken.entry(schema.to_string()).or_default();
        let mut res = base.to_string();
        let mut n = 2;
        while taken.contains(&res) {
            res = format!("{base}{n}");
            n += 1;
        }
        taken.insert(res.clone());
        res
    }

    fn enumeration(&mut self, spec: &EnumSpec) {
        let schema = self.schema(&spec.schema);
        let name = QualName::new(schema.clone(), self.claim(&schema, TYPES[spec.name]));
        let labels = spec.labels.iter().map(|&idx| LABELS[idx].to_string()).collect();
        let comment = spec.comment.map(|idx| COMMENTS[idx].to_string());
        self.catalog.enums.insert(name.clone(), Enum { name, labels, comment });
    }

    fn domain(&mut self, spec: &DomainSpec) {
        let schema = self.schema(&spec.schema);
        let name = QualName::new(schema.clone(), self.claim(&schema, TYPES[spec.name]));
        let base = DataType::builtin(if spec.text { "text" } else { "integer" });
        let default = spec.default.then(|| if spec.text { "'x'::text".to_string() } else { "0".to_string() });
        let mut checks = IndexMap::new();
        if spec.check {
            let expr = if spec.text { "(VALUE <> ''::text)" } else { "(VALUE >= 0)" };
            checks.insert(format!("{}_check", name.name), expr.to_string());
        }
        let domain = Domain {
            name: name.clone(),
            base,
            not_null: spec.not_null,
            default,
            collation: None,
            checks,
            comment: None,
        };
        self.catalog.domains.insert(name, domain);
    }

    fn sequence(&mut self, spec: &SequenceSpec) {
        let schema = self.schema(&spec.schema);
        let name = QualName::new(schema.clone(), self.claim(&schema, &format!("{}_seq", TYPES[spec.name])));
        let data_type = if spec.integer { "integer" } else { "bigint" };
        let mut options = SequenceOptions::defaults(data_type, spec.increment);
        options.start = spec.start;
        options.cycle = spec.cycle;
        // Ownership is filled in once the tables exist.
        if spec.owned {
            self.wants_owner.insert(name.clone());
        }
        let sequence = Sequence { name: name.clone(), options, owned_by: None, comment: None };
        self.catalog.sequences.insert(name, sequence);
    }

    fn function(&mut self, spec: &FunctionSpec) {
        let schema = self.schema(&spec.schema);
        let name = QualName::new(schema, format!("{}_fn", COLUMNS[spec.name]));
        let function = if spec.trigger {
            let bodies =
                ["\nbegin\n  return new;\nend\n", "\nbegin\n  raise notice $$it's $1$$;\n  return new;\nend\n"];
            Function {
                name,
                procedure: false,
                args: Vec::new(),
                returns: Some(Returns::Type(DataType::builtin("trigger"))),
                language: "plpgsql".to_string(),
                volatility: Volatility::Volatile,
                strict: false,
                security_definer: false,
                options: godwit::ir::FunctionOptions::defaults("plpgsql", false),
                body: bodies[spec.body].to_string(),
                comment: spec.comment.map(|idx| COMMENTS[idx].to_string()),
            }
        } else {
            let bodies = ["SELECT $1 + 1", "SELECT $1 * 2"];
            Function {
                name,
                procedure: false,
                args: vec![FunctionArg {
                    mode: ArgMode::In,
                    name: Some("x".to_string()),
                    ty: DataType::builtin("integer"),
                    default: None,
                }],
                returns: Some(Returns::Type(DataType::builtin("integer"))),
                language: "sql".to_string(),
                volatility: Volatility::Immutable,
                strict: spec.body == 1,
                security_definer: false,
                options: godwit::ir::FunctionOptions {
                    leakproof: spec.body == 1,
                    ..godwit::ir::FunctionOptions::defaults("sql", false)
                },
                body: bodies[spec.body].to_string(),
                comment: spec.comment.map(|idx| COMMENTS[idx].to_string()),
            }
        };
        self.catalog.functions.insert(function.key(), function);
    }

    /// The column types available: built-ins, then every enum and domain.
    fn types(&self) -> Vec<DataType> {
        let mut res: Vec<DataType> = BUILTINS
            .iter()
            .map(|(name, dims)| DataType { base: BaseType::Builtin(name.to_string()), array_dims: *dims })
            .collect();
        res.extend(self.catalog.enums.keys().map(|name| DataType::named(name.clone())));
        res.extend(self.catalog.domains.keys().map(|name| DataType::named(name.clone())));
        res
    }

    /// A constant default valid for `ty`.
    fn default_for(&self, ty: &DataType) -> Option<String> {
        if ty.array_dims > 0 {
            return Some("'{}'".to_string());
        }
        match &ty.base {
            BaseType::Builtin(name) => Some(
                match name.as_str() {
                    "integer" | "bigint" => "0",
                    "numeric(10,2)" => "0.0",
                    "text" | "character varying(20)" => "'it''s'::text",
                    "boolean" => "true",
                    "timestamp with time zone" => "now()",
                    _ => return None,
                }
                .to_string(),
            ),
            BaseType::Named(name) => {
                let label = self.catalog.enums.get(name)?.labels.first()?;
                Some(format!("{}::{}", literal(label), qualified(name)))
            }
        }
    }

    fn table(&mut self, spec: &TableSpec) {
        let schema = self.schema(&spec.schema);
        let name = QualName::new(schema.clone(), self.claim(&schema, TABLES[spec.name]));
        let mut table = Table::new(name.clone());
        table.unlogged = spec.unlogged;
        table.comment = spec.comment.map(|idx| COMMENTS[idx].to_string());
        let types = self.types();
        let sequences: Vec<QualName> = self.catalog.sequences.keys().cloned().collect();
        for column_spec in &spec.columns {
            let column_name = COLUMNS[column_spec.name].to_string();
            if table.columns.contains_key(&column_name) {
                continue;
            }
            let ty = column_spec.ty.get(&types).clone();
            let mut column = Column::new(column_name, ty.clone());
            column.not_null = column_spec.not_null;
            column.comment = column_spec.comment.map(|idx| COMMENTS[idx].to_string());
            let integer = ty.array_dims == 0
                && matches!(&ty.base, BaseType::Builtin(name) if name == "integer" || name == "bigint");
            let plain_integer = table
                .columns
                .values()
                .find(|other| other.ty == ty && integer && other.generated.is_none() && other.identity.is_none());
            if integer
                && column_spec.generated
                && let Some(other) = plain_integer
            {
                column.generated = Some(format!("({} + 1)", ident(&other.name)));
            } else if integer && column_spec.identity {
                column.not_null = true;
                let BaseType::Builtin(type_name) = &ty.base else { unreachable!() };
                column.identity =
                    Some(Identity { always: column_spec.not_null, options: SequenceOptions::defaults(type_name, 1) });
            } else if integer
                && let Some(pick) = &column_spec.sequence
                && !sequences.is_empty()
            {
                let sequence = pick.get(&sequences);
                column.default = Some(format!("nextval({}::regclass)", literal(&qualified(sequence))));
            } else if column_spec.default {
                column.default = self.default_for(&ty);
            }
            table.columns.insert(column.name.clone(), column);
        }
        let columns: Vec<Column> = table.columns.values().cloned().collect();
        let key_column = |pick: &Pick| -> Option<&Column> {
            let candidates: Vec<&Column> = columns
                .iter()
                .filter(|column| column.ty.array_dims == 0 && matches!(&column.ty.base, BaseType::Builtin(name) if name == "integer" || name == "bigint" || name == "text"))
                .collect();
            (!candidates.is_empty()).then(|| *pick.get(&candidates))
        };
        if let Some(pick) = &spec.primary_key
            && let Some(column) = key_column(pick)
        {
            let constraint_name = self.claim(&schema, &format!("{}_pkey", name.name));
            if let Some(column) = table.columns.get_mut(&column.name) {
                column.not_null = true;
            }
            add_constraint(
                &mut table,
                constraint_name,
                ConstraintKind::PrimaryKey { columns: vec![column.name.clone()] },
            );
        }
        if let Some(pick) = &spec.unique
            && let Some(column) = key_column(pick)
            && !table.constraints.values().any(|it| constraint_columns(it) == [column.name.clone()])
        {
            let constraint_name = self.claim(&schema, &format!("{}_{}_key", name.name, column.name));
            add_constraint(
                &mut table,
                constraint_name,
                ConstraintKind::Unique { columns: vec![column.name.clone()], nulls_not_distinct: false },
            );
        }
        if let Some(pick) = &spec.check {
            let column = pick.get(&columns);
            let constraint_name = self.claim(&schema, &format!("{}_{}_check", name.name, column.name));
            add_constraint(
                &mut table,
                constraint_name,
                ConstraintKind::Check { expr: format!("({} IS NOT NULL)", ident(&column.name)) },
            );
        }
        for index_spec in &spec.indexes {
            let column = index_spec.column.get(&columns);
            let index_name = self.claim(&schema, &format!("{}_{}_idx", name.name, column.name));
            let text = column.ty == DataType::builtin("text");
            let key = if index_spec.expression && text {
                IndexKey::Expr(format!("lower({})", ident(&column.name)))
            } else {
                IndexKey::Column(column.name.clone())
            };
            let include: Vec<String> = index_spec
                .include
                .as_ref()
                .map(|pick| pick.get(&columns).name.clone())
                .filter(|include| *include != column.name)
                .into_iter()
                .collect();
            let index = Index {
                name: index_name.clone(),
                unique: index_spec.unique,
                method: "btree".to_string(),
                elements: vec![IndexElement {
                    key,
                    collation: None,
                    opclass: None,
                    descending: index_spec.descending,
                    nulls_first: index_spec.nulls_first,
                }],
                include,
                nulls_not_distinct: false,
                predicate: index_spec.predicate.then(|| format!("({} IS NOT NULL)", ident(&column.name))),
                comment: None,
            };
            table.indexes.insert(index_name, index);
        }
        if let Some((pick, update_of)) = &spec.trigger {
            let trigger_functions: Vec<QualName> = self
                .catalog
                .functions
                .values()
                .filter(|function| function.language == "plpgsql")
                .map(|function| function.name.clone())
                .collect();
            if !trigger_functions.is_empty() {
                let function = pick.get(&trigger_functions).clone();
                let update = if *update_of { vec![columns[0].name.clone()] } else { Vec::new() };
                let trigger = Trigger {
                    name: format!("{}_trigger", name.name),
                    timing: TriggerTiming::Before,
                    events: vec![TriggerEvent::Insert, TriggerEvent::Update(update)],
                    for_each_row: true,
                    when: None,
                    function,
                    args: vec!["it's".to_string()],
                    constraint: None,
                    old_table: None,
                    new_table: None,
                    enabled: if *update_of { TriggerEnabled::Disabled } else { TriggerEnabled::Origin },
                    comment: None,
                };
                table.triggers.insert(trigger.name.clone(), trigger);
            }
        }
        self.tables.push(name.clone());
        self.catalog.tables.insert(name.clone(), table);
        self.own_sequences(&name);
    }

    /// Sequences in the table's schema whose spec asks for an owner get one
    /// of its integer columns (the first table that offers one).
    fn own_sequences(&mut self, table_name: &QualName) {
        let Some(table) = self.catalog.tables.get(table_name) else { return };
        let integer_columns: Vec<String> = table
            .columns
            .values()
            .filter(|column| column.ty.array_dims == 0 && column.identity.is_none())
            .filter(
                |column| matches!(&column.ty.base, BaseType::Builtin(name) if name == "integer" || name == "bigint"),
            )
            .map(|column| column.name.clone())
            .collect();
        if integer_columns.is_empty() {
            return;
        }
        for (idx, sequence) in self.catalog.sequences.values_mut().enumerate() {
            if sequence.owned_by.is_none()
                && sequence.name.schema == table_name.schema
                && self.wants_owner.contains(&sequence.name)
            {
                let column = &integer_columns[idx % integer_columns.len()];
                sequence.owned_by = Some((table_name.clone(), column.clone()));
            }
        }
    }

    /// The foreign keys of the table built from the `position`th spec (every
    /// spec builds one table, in order).
    fn foreign_keys(&mut self, position: usize, spec: &TableSpec) {
        let Some(name) = self.tables.get(position).cloned() else { return };
        for (target_pick, column_pick, cascade) in &spec.foreign_keys {
            let target_name = target_pick.get(&self.tables).clone();
            let Some(target) = self.catalog.tables.get(&target_name) else { continue };
            // Unlogged tables stay out of foreign keys: a permanent table cannot
            // reference one, and a pair of catalogs could switch either side.
            if target.unlogged || self.catalog.tables.get(&name).is_none_or(|table| table.unlogged) {
                continue;
            }
            let keys: Vec<String> = target
                .constraints
                .values()
                .filter_map(|constraint| match &constraint.kind {
                    ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                        Some(columns[0].clone())
                    }
                    _ => None,
                })
                .collect();
            if keys.is_empty() {
                continue;
            }
            let ref_column = column_pick.get(&keys).clone();
            let ref_type = target.columns[&ref_column].ty.clone();
            let Some(table) = self.catalog.tables.get(&name) else { continue };
            let Some(column) =
                table.columns.values().find(|column| column.ty == ref_type && column.generated.is_none())
            else {
                continue;
            };
            let column = column.name.clone();
            if table
                .constraints
                .values()
                .any(|it| matches!(&it.kind, ConstraintKind::ForeignKey(fk) if fk.columns == [column.clone()]))
            {
                continue;
            }
            let constraint_name = self.claim(&name.schema, &format!("{}_{}_fkey", name.name, column));
            let on_delete = if *cascade { FkAction::Cascade } else { FkAction::NoAction };
            let kind = ConstraintKind::ForeignKey(ForeignKey {
                columns: vec![column],
                ref_table: target_name,
                ref_columns: vec![ref_column],
                match_full: false,
                on_delete,
                on_update: FkAction::NoAction,
            });
            if let Some(table) = self.catalog.tables.get_mut(&name) {
                add_constraint(table, constraint_name, kind);
            }
        }
    }

    fn view(&mut self, spec: &ViewSpec) {
        let schema = self.schema(&spec.schema);
        let first_view = self.catalog.views.keys().next().cloned();
        let body = match first_view {
            Some(first) if spec.over_view => format!("SELECT count(*) AS n\n   FROM {}", qualified(&first)),
            _ => {
                if self.tables.is_empty() {
                    return;
                }
                let table_name = spec.table.get(&self.tables).clone();
                let Some(table) = self.catalog.tables.get(&table_name) else { return };
                let columns: Vec<String> =
                    table.columns.keys().take(spec.n_columns).map(|column| ident(column)).collect();
                format!("SELECT {}\n   FROM {}", columns.join(",\n    "), qualified(&table_name))
            }
        };
        let name = QualName::new(schema.clone(), self.claim(&schema, &format!("{}_view", TABLES[spec.name])));
        let comment = spec.comment.map(|idx| COMMENTS[idx].to_string());
        self.catalog.views.insert(name.clone(), View { comment, ..View::new(name, false, body) });
    }
}

fn add_constraint(table: &mut Table, name: String, kind: ConstraintKind) {
    let constraint = Constraint { name: name.clone(), kind, deferrable: Deferrable::NotDeferrable, comment: None };
    table.constraints.insert(name, constraint);
}

fn constraint_columns(constraint: &Constraint) -> Vec<String> {
    match &constraint.kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => columns.clone(),
        _ => Vec::new(),
    }
}
