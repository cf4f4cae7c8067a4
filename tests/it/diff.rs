//! Diff and plan, end to end on catalogs built by hand: each test snapshots
//! the SQL script of the direct-mode plan from one catalog to another.
//!
//! Snapshots are assertions: each was read and checked to be SQL that
//! PostgreSQL 15 accepts, in an order it accepts.

use godwit::ir::{
    ArgMode, Catalog, Column, Constraint, ConstraintKind, DataType, Deferrable, Enum, FkAction, ForeignKey, Function,
    FunctionArg, Identity, Index, IndexElement, IndexKey, Meta, Namespace, ObjectKey, QualName, RenamedFrom, Returns,
    Sequence, SequenceOptions, Table, Trigger, TriggerEvent, TriggerTiming, View, Volatility,
};
use godwit::plan::{Mode, PlanOptions, plan};
use godwit::render::sql_script;

/// The SQL script of the direct plan from `from` to `to`.
fn check(from: Catalog, to: Catalog, meta: Meta) -> String {
    let plan = plan(&from, &to, &meta, &PlanOptions { mode: Mode::Direct });
    sql_script(&plan)
}

// ---------------------------------------------------------------------------
// Builders

/// `schema.name`, or `name` in `public`.
fn name(text: &str) -> QualName {
    match text.split_once('.') {
        Some((schema, name)) => QualName::new(schema, name),
        None => QualName::new("public", text),
    }
}

fn ty(text: &str) -> DataType {
    match text.strip_suffix("[]") {
        Some(base) => DataType { array_dims: 1, ..ty(base) },
        None => DataType::builtin(text),
    }
}

fn col(column: &str, type_name: &str) -> Column {
    Column::new(column, ty(type_name))
}

fn enum_col(column: &str, enum_name: &str) -> Column {
    Column::new(column, DataType::named(name(enum_name)))
}

trait ColumnExt {
    fn not_null(self) -> Self;
    fn default(self, expr: &str) -> Self;
    fn identity(self) -> Self;
    fn comment(self, text: &str) -> Self;
}

impl ColumnExt for Column {
    fn not_null(mut self) -> Self {
        self.not_null = true;
        self
    }
    fn default(mut self, expr: &str) -> Self {
        self.default = Some(expr.to_string());
        self
    }
    fn identity(mut self) -> Self {
        self.not_null = true;
        self.identity =
            Some(Identity { always: true, options: SequenceOptions::defaults(&data_type_name(&self.ty), 1) });
        self
    }
    fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }
}

fn data_type_name(ty: &DataType) -> String {
    godwit::ir::data_type_sql_unquoted(ty)
}

fn table(table_name: &str) -> Table {
    Table::new(name(table_name))
}

trait TableExt {
    fn column(self, column: Column) -> Self;
    fn constraint(self, name: &str, kind: ConstraintKind) -> Self;
    fn pk(self, name: &str, columns: &[&str]) -> Self;
    fn fk(self, name: &str, columns: &[&str], ref_table: &str, ref_columns: &[&str]) -> Self;
    fn index(self, name: &str, columns: &[&str]) -> Self;
    fn trigger(self, trigger: Trigger) -> Self;
    fn comment(self, text: &str) -> Self;
}

impl TableExt for Table {
    fn column(mut self, column: Column) -> Self {
        self.columns.insert(column.name.clone(), column);
        self
    }
    fn constraint(mut self, name: &str, kind: ConstraintKind) -> Self {
        let constraint =
            Constraint { name: name.to_string(), kind, deferrable: Deferrable::NotDeferrable, comment: None };
        self.constraints.insert(name.to_string(), constraint);
        self
    }
    fn pk(self, name: &str, columns: &[&str]) -> Self {
        self.constraint(name, ConstraintKind::PrimaryKey { columns: strings(columns) })
    }
    fn fk(self, name: &str, columns: &[&str], ref_table: &str, ref_columns: &[&str]) -> Self {
        self.constraint(
            name,
            ConstraintKind::ForeignKey(ForeignKey {
                columns: strings(columns),
                ref_table: self::name(ref_table),
                ref_columns: strings(ref_columns),
                match_full: false,
                on_delete: FkAction::NoAction,
                on_update: FkAction::NoAction,
            }),
        )
    }
    fn index(mut self, name: &str, columns: &[&str]) -> Self {
        let index = Index {
            name: name.to_string(),
            unique: false,
            method: "btree".to_string(),
            elements: columns
                .iter()
                .map(|column| IndexElement {
                    key: IndexKey::Column(column.to_string()),
                    collation: None,
                    opclass: None,
                    descending: false,
                    nulls_first: false,
                })
                .collect(),
            include: Vec::new(),
            nulls_not_distinct: false,
            predicate: None,
            comment: None,
        };
        self.indexes.insert(name.to_string(), index);
        self
    }
    fn trigger(mut self, trigger: Trigger) -> Self {
        self.triggers.insert(trigger.name.clone(), trigger);
        self
    }
    fn comment(mut self, text: &str) -> Self {
        self.comment = Some(text.to_string());
        self
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn catalog(tables: Vec<Table>) -> Catalog {
    let mut res = Catalog::default();
    for table in tables {
        res.tables.insert(table.name.clone(), table);
    }
    res
}

trait CatalogExt {
    fn schema(self, name: &str) -> Self;
    fn enumeration(self, name: &str, labels: &[&str]) -> Self;
    fn view(self, name: &str, body: &str) -> Self;
    fn function(self, function: Function) -> Self;
    fn sequence(self, sequence: Sequence) -> Self;
}

impl CatalogExt for Catalog {
    fn schema(mut self, schema: &str) -> Self {
        self.schemas.insert(schema.to_string(), Namespace { name: schema.to_string(), comment: None });
        self
    }
    fn enumeration(mut self, enum_name: &str, labels: &[&str]) -> Self {
        let it = Enum { name: name(enum_name), labels: strings(labels), comment: None };
        self.enums.insert(it.name.clone(), it);
        self
    }
    fn view(mut self, view_name: &str, body: &str) -> Self {
        let it = View::new(name(view_name), false, body);
        self.views.insert(it.name.clone(), it);
        self
    }
    fn function(mut self, function: Function) -> Self {
        self.functions.insert(function.key(), function);
        self
    }
    fn sequence(mut self, sequence: Sequence) -> Self {
        self.sequences.insert(sequence.name.clone(), sequence);
        self
    }
}

fn trigger_function(function_name: &str, body: &str) -> Function {
    Function {
        name: name(function_name),
        procedure: false,
        args: Vec::new(),
        returns: Some(Returns::Type(DataType::builtin("trigger"))),
        language: "plpgsql".to_string(),
        volatility: Volatility::Volatile,
        strict: false,
        security_definer: false,
        options: godwit::ir::FunctionOptions::defaults("sql", false),
        body: body.to_string(),
        comment: None,
    }
}

fn before_update_trigger(trigger_name: &str, function_name: &str) -> Trigger {
    Trigger {
        name: trigger_name.to_string(),
        timing: TriggerTiming::Before,
        events: vec![TriggerEvent::Update(Vec::new())],
        for_each_row: true,
        when: None,
        function: name(function_name),
        args: Vec::new(),
        constraint: None,
        old_table: None,
        new_table: None,
        enabled: godwit::ir::TriggerEnabled::Origin,
        comment: None,
    }
}

/// A `Meta` with one rename hint.
fn renamed(key: ObjectKey, from: RenamedFrom) -> Meta {
    let mut meta = Meta::default();
    meta.renamed_from.insert(key, from);
    meta
}

fn accounts() -> Table {
    table("accounts")
        .column(col("id", "bigint").identity())
        .column(col("email", "text").not_null())
        .pk("accounts_pkey", &["id"])
}

// ---------------------------------------------------------------------------
// Tables

#[test]
fn no_changes() {
    let it = catalog(vec![accounts()]);
    insta::assert_snapshot!(check(it.clone(), it, Meta::default()));
}

#[test]
fn add_table() {
    let mut accounts = accounts().comment("People who sign in");
    accounts.columns.insert("email".to_string(), col("email", "text").not_null().comment("Where we write"));
    let to = catalog(vec![accounts]);
    insta::assert_snapshot!(check(Catalog::default(), to, Meta::default()));
}

#[test]
fn drop_table() {
    let from = catalog(vec![accounts(), table("audit_log").column(col("line", "text"))]);
    let to = catalog(vec![accounts()]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn rename_table_with_hint() {
    let from = catalog(vec![accounts()]);
    let mut users = accounts();
    users.name = name("users");
    let to = catalog(vec![users]);
    let meta = renamed(ObjectKey::Table(name("users")), RenamedFrom::Qualified(name("accounts")));
    insta::assert_snapshot!(check(from, to, meta));
}

#[test]
fn stale_rename_hint_is_harmless() {
    let it = catalog(vec![accounts()]);
    let meta = renamed(ObjectKey::Table(name("accounts")), RenamedFrom::Qualified(name("old_accounts")));
    insta::assert_snapshot!(check(it.clone(), it, meta));
}

#[test]
fn possible_table_rename() {
    let from = catalog(vec![table("people").column(col("id", "bigint")).column(col("name", "text"))]);
    let to = catalog(vec![table("persons").column(col("id", "bigint")).column(col("name", "text"))]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

// ---------------------------------------------------------------------------
// Columns

#[test]
fn add_column() {
    let from = catalog(vec![accounts()]);
    let to = catalog(vec![
        accounts()
            .column(col("nickname", "text"))
            .column(col("active", "boolean").not_null().default("true"))
            .column(col("score", "integer").not_null()),
    ]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn drop_column() {
    let from = catalog(vec![accounts().column(col("legacy_score", "integer"))]);
    let to = catalog(vec![accounts()]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn rename_column_with_hint() {
    let from = catalog(vec![accounts().column(col("nick", "text"))]);
    let to = catalog(vec![accounts().column(col("nickname", "text").not_null())]);
    let meta =
        renamed(ObjectKey::Column(name("accounts"), "nickname".to_string()), RenamedFrom::Local("nick".to_string()));
    insta::assert_snapshot!(check(from, to, meta));
}

#[test]
fn possible_column_rename() {
    let from = catalog(vec![accounts().column(col("nick", "text"))]);
    let to = catalog(vec![accounts().column(col("nickname", "text"))]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn type_change_with_using_and_backfill() {
    let from = catalog(vec![
        table("readings")
            .column(col("id", "bigint").not_null())
            .column(col("sensor_id", "integer").not_null())
            .column(col("label", "character varying(40)"))
            .column(col("value", "text").default("'0'::text"))
            .pk("readings_pkey", &["id"]),
    ]);
    let to = catalog(vec![
        table("readings")
            .column(col("id", "bigint").not_null())
            .column(col("sensor_id", "bigint").not_null())
            .column(col("label", "character varying(120)"))
            .column(col("value", "numeric(12,2)").default("0"))
            .pk("readings_pkey", &["id"]),
    ]);
    let mut meta = Meta::default();
    meta.backfill.insert((name("readings"), "value".to_string()), "trim(value)::numeric(12,2)".to_string());
    insta::assert_snapshot!(check(from, to, meta));
}

#[test]
fn not_null_and_defaults() {
    let from = catalog(vec![
        table("users")
            .column(col("id", "bigint").not_null())
            .column(col("email", "text"))
            .column(col("name", "text").not_null().default("''::text"))
            .column(col("created_at", "timestamp with time zone"))
            .column(col("status", "text").default("'new'::text")),
    ]);
    let to = catalog(vec![
        table("users")
            .column(col("id", "bigint").not_null())
            .column(col("email", "text").not_null())
            .column(col("name", "text"))
            .column(col("created_at", "timestamp with time zone").default("now()"))
            .column(col("status", "text").default("'active'::text")),
    ]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

// ---------------------------------------------------------------------------
// Foreign keys

#[test]
fn new_foreign_key_to_new_table() {
    let from = catalog(vec![table("invoices").column(col("id", "bigint").not_null()).column(col("total", "numeric"))]);
    let to = catalog(vec![
        table("invoices")
            .column(col("id", "bigint").not_null())
            .column(col("total", "numeric"))
            .column(col("customer_id", "bigint"))
            .fk("invoices_customer_id_fkey", &["customer_id"], "customers", &["id"]),
        table("customers").column(col("id", "bigint").not_null()).pk("customers_pkey", &["id"]),
    ]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn foreign_key_cycle_between_new_tables() {
    let placeholder = table("placeholder").column(col("id", "integer").not_null()).pk("placeholder_pkey", &["id"]);
    let from = catalog(vec![placeholder.clone()]);
    let mut teams = table("teams")
        .column(col("id", "bigint").not_null())
        .column(col("captain_id", "bigint"))
        .pk("teams_pkey", &["id"])
        .fk("teams_captain_fkey", &["captain_id"], "players", &["id"]);
    if let Some(fk) = teams.constraints.get_mut("teams_captain_fkey") {
        fk.deferrable = Deferrable::InitiallyDeferred;
    }
    let players = table("players")
        .column(col("id", "bigint").not_null())
        .column(col("team_id", "bigint"))
        .pk("players_pkey", &["id"])
        .fk("players_team_id_fkey", &["team_id"], "teams", &["id"]);
    let to = catalog(vec![placeholder, teams, players]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn drop_referenced_table() {
    let regions = table("regions")
        .column(col("id", "integer").not_null())
        .column(col("name", "text").not_null())
        .pk("regions_pkey", &["id"]);
    let stores = table("stores")
        .column(col("id", "integer").not_null())
        .column(col("name", "text").not_null())
        .pk("stores_pkey", &["id"]);
    let from = catalog(vec![
        regions,
        stores.clone().column(col("region_id", "integer")).fk(
            "stores_region_id_fkey",
            &["region_id"],
            "regions",
            &["id"],
        ),
    ]);
    let to = catalog(vec![stores]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn drop_tables_referencing_each_other() {
    let a = table("a").column(col("id", "integer").not_null()).column(col("b_id", "integer")).pk("a_pkey", &["id"]);
    let b = table("b").column(col("id", "integer").not_null()).column(col("a_id", "integer")).pk("b_pkey", &["id"]);
    let from =
        catalog(vec![a.fk("a_b_id_fkey", &["b_id"], "b", &["id"]), b.fk("b_a_id_fkey", &["a_id"], "a", &["id"])]);
    insta::assert_snapshot!(check(from, Catalog::default(), Meta::default()));
}

#[test]
fn changed_primary_key_recreates_foreign_keys_on_it() {
    let parent = |columns: &[&str]| {
        table("parents")
            .column(col("id", "integer").not_null())
            .column(col("code", "text").not_null())
            .pk("parents_pkey", columns)
            .constraint(
                "parents_id_key",
                ConstraintKind::Unique { columns: strings(&["id"]), nulls_not_distinct: false },
            )
    };
    let child = table("children").column(col("parent_id", "integer")).fk(
        "children_parent_id_fkey",
        &["parent_id"],
        "parents",
        &["id"],
    );
    let mut from_parent = parent(&["id"]);
    from_parent.constraints.shift_remove("parents_id_key");
    let from = catalog(vec![from_parent, child.clone()]);
    let mut to_parent = parent(&["id"]);
    to_parent.constraints.shift_remove("parents_id_key");
    if let Some(pk) = to_parent.constraints.get_mut("parents_pkey") {
        pk.kind = ConstraintKind::PrimaryKey { columns: strings(&["id", "code"]) };
    }
    let to_parent = to_parent
        .constraint("parents_id_key", ConstraintKind::Unique { columns: strings(&["id"]), nulls_not_distinct: false });
    let to = catalog(vec![to_parent, child]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

// ---------------------------------------------------------------------------
// Indexes

#[test]
fn index_create_drop_rename() {
    let orders = table("orders")
        .column(col("id", "bigint").not_null())
        .column(col("customer_id", "bigint").not_null())
        .column(col("placed_at", "timestamp with time zone").not_null());
    let from =
        catalog(vec![orders.clone().index("orders_old_idx", &["placed_at"]).index("orders_cust", &["customer_id"])]);
    let mut to_orders = orders.index("orders_customer_idx", &["customer_id"]);
    let mut placed = to_orders.indexes["orders_customer_idx"].clone();
    placed.name = "orders_recent_idx".to_string();
    placed.elements = vec![IndexElement {
        key: IndexKey::Column("placed_at".to_string()),
        collation: None,
        opclass: None,
        descending: true,
        nulls_first: true,
    }];
    placed.include = strings(&["customer_id"]);
    placed.predicate = Some("placed_at > '2020-01-01 00:00:00+00'::timestamp with time zone".to_string());
    to_orders.indexes.insert(placed.name.clone(), placed);
    let mut lower = to_orders.indexes["orders_customer_idx"].clone();
    lower.name = "orders_id_text_idx".to_string();
    lower.unique = true;
    lower.elements[0].key = IndexKey::Expr("(id)::text".to_string());
    to_orders.indexes.insert(lower.name.clone(), lower);
    let to = catalog(vec![to_orders]);
    let meta = renamed(
        ObjectKey::Index(name("orders"), "orders_customer_idx".to_string()),
        RenamedFrom::Local("orders_cust".to_string()),
    );
    insta::assert_snapshot!(check(from, to, meta));
}

// ---------------------------------------------------------------------------
// Enums

fn shipments(status_default: &str) -> Table {
    table("shipments")
        .column(col("id", "bigint").not_null())
        .column(enum_col("status", "order_status").not_null().default(status_default))
        .pk("shipments_pkey", &["id"])
}

#[test]
fn enum_add_value() {
    let from = catalog(vec![shipments("'pending'::order_status")])
        .enumeration("order_status", &["pending", "paid", "shipped"]);
    let to = catalog(vec![shipments("'pending'::order_status")])
        .enumeration("order_status", &["pending", "paid", "refunded", "shipped", "returned"]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn enum_remove_value() {
    let subscriptions = |default: &str| {
        table("subscriptions")
            .column(col("id", "bigint").not_null())
            .column(enum_col("tier", "plan_tier").not_null().default(default))
            .column(Column::new("history", DataType { array_dims: 1, ..DataType::named(name("plan_tier")) }))
            .pk("subscriptions_pkey", &["id"])
    };
    let from = catalog(vec![subscriptions("'free'::plan_tier")]).enumeration("plan_tier", &["free", "legacy", "pro"]);
    let to = catalog(vec![subscriptions("'free'::plan_tier")]).enumeration("plan_tier", &["free", "pro"]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

// ---------------------------------------------------------------------------
// Views

#[test]
fn view_over_changed_column() {
    let articles = |title: &str| {
        table("articles")
            .column(col("id", "bigint").not_null())
            .column(col("title", title).not_null())
            .column(col("body", "text"))
            .pk("articles_pkey", &["id"])
    };
    let body = "SELECT articles.id,\n    articles.title\n   FROM articles";
    let from = catalog(vec![articles("character varying(50)")])
        .view("article_titles", body)
        .view("article_count", "SELECT count(*) AS count\n   FROM article_titles");
    let to = catalog(vec![articles("character varying(200)")])
        .view("article_titles", body)
        .view("article_count", "SELECT count(*) AS count\n   FROM article_titles");
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn view_untouched_by_unrelated_column_change() {
    let articles = |body: &str| {
        table("articles")
            .column(col("id", "bigint").not_null())
            .column(col("title", "text").not_null())
            .column(col("body", body))
    };
    let view = "SELECT articles.id,\n    articles.title\n   FROM articles";
    let from = catalog(vec![articles("character varying(100)")]).view("article_titles", view);
    let to = catalog(vec![articles("text")]).view("article_titles", view);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

// ---------------------------------------------------------------------------
// Functions and triggers

fn documents() -> Table {
    table("documents")
        .column(col("id", "bigint").not_null())
        .column(col("body", "text"))
        .column(col("updated_at", "timestamp with time zone"))
        .pk("documents_pkey", &["id"])
}

const TOUCH_BODY: &str = "\nbegin\n  new.updated_at := now();\n  return new;\nend\n";

#[test]
fn function_and_trigger_are_created_in_order() {
    let from = catalog(vec![documents()]);
    let to = catalog(vec![documents().trigger(before_update_trigger("documents_touch", "touch_updated_at"))])
        .function(trigger_function("touch_updated_at", TOUCH_BODY));
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn function_and_trigger_are_dropped_in_order() {
    let from = catalog(vec![documents().trigger(before_update_trigger("documents_touch", "touch_updated_at"))])
        .function(trigger_function("touch_updated_at", TOUCH_BODY));
    let to = catalog(vec![documents()]);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn function_changes() {
    let add = |body: &str, returns: &str| Function {
        name: name("add"),
        procedure: false,
        args: vec![
            FunctionArg { mode: ArgMode::In, name: Some("a".to_string()), ty: ty("integer"), default: None },
            FunctionArg {
                mode: ArgMode::In,
                name: Some("b".to_string()),
                ty: ty("integer"),
                default: Some("1".to_string()),
            },
        ],
        returns: Some(Returns::Type(ty(returns))),
        language: "sql".to_string(),
        volatility: Volatility::Immutable,
        strict: true,
        security_definer: false,
        options: godwit::ir::FunctionOptions::defaults("sql", false),
        body: body.to_string(),
        comment: None,
    };
    let from = Catalog::default()
        .function(add("select a + b", "integer"))
        .function(trigger_function("touch", "begin return new; end"));
    let mut touch = trigger_function("touch", "begin new.x := $$a$$; return new; end");
    touch.comment = Some("Sets x".to_string());
    let to = Catalog::default().function(add("select a + b", "bigint")).function(touch);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

// ---------------------------------------------------------------------------
// Names

#[test]
fn quoted_identifiers() {
    let order_items = table("Sales.Order Items")
        .column(col("id", "bigint").not_null())
        .column(col("userId", "bigint").not_null())
        .column(col("select", "text"))
        .pk("Order Items_pkey", &["id"]);
    let from = catalog(vec![order_items.clone()]).schema("Sales");
    let to = catalog(vec![
        order_items.column(col("Unit Price", "numeric(12,2)")).index("Order Items_userId_idx", &["userId"]),
        table("user").column(col("group", "text").not_null()).pk("user_pkey", &["group"]),
    ])
    .schema("Sales");
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn multi_schema_with_sequence_owned_by_and_comment() {
    let companies = table("crm.companies")
        .column(col("id", "bigint").not_null())
        .column(col("name", "text").not_null())
        .pk("companies_pkey", &["id"]);
    let from = catalog(vec![companies.clone()]).schema("billing").schema("crm");
    let invoices = table("billing.invoices")
        .column(col("id", "bigint").not_null())
        .column(col("number", "bigint").not_null().default("nextval('billing.invoice_number_seq'::regclass)"))
        .column(col("company_id", "bigint").not_null())
        .pk("invoices_pkey", &["id"])
        .fk("invoices_company_id_fkey", &["company_id"], "crm.companies", &["id"])
        .comment("Issued invoices");
    let mut options = SequenceOptions::defaults("bigint", 1);
    options.start = 1000;
    let sequence = Sequence {
        name: name("billing.invoice_number_seq"),
        options,
        owned_by: Some((name("billing.invoices"), "number".to_string())),
        comment: None,
    };
    let to = catalog(vec![companies, invoices]).schema("billing").schema("crm").sequence(sequence);
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn drop_schema_with_contents() {
    let from = catalog(vec![
        table("archive.events")
            .column(col("id", "bigint").not_null().default("nextval('archive.events_id_seq'::regclass)"))
            .column(enum_col("kind", "archive.event_kind")),
    ])
    .schema("archive")
    .enumeration("archive.event_kind", &["a", "b"])
    .sequence(Sequence {
        name: name("archive.events_id_seq"),
        options: SequenceOptions::defaults("bigint", 1),
        owned_by: Some((name("archive.events"), "id".to_string())),
        comment: None,
    });
    insta::assert_snapshot!(check(from, Catalog::default(), Meta::default()));
}

#[test]
fn comments() {
    let from = catalog(vec![accounts().comment("Old comment")]);
    let mut to_accounts = accounts();
    if let Some(email) = to_accounts.columns.get_mut("email") {
        email.comment = Some("Where we write, it's \\ quoted".to_string());
    }
    let to = catalog(vec![to_accounts]).view("emails", "SELECT accounts.email\n   FROM accounts");
    let mut to = to;
    if let Some(view) = to.views.get_mut(&name("emails")) {
        view.comment = Some("All emails".to_string());
    }
    insta::assert_snapshot!(check(from, to, Meta::default()));
}

#[test]
fn renames_of_enum_view_and_constraint() {
    let people = |mood: &str, check: &str| {
        table("people")
            .column(col("id", "bigint").not_null())
            .column(enum_col("mood", mood))
            .pk("people_pkey", &["id"])
            .constraint(check, ConstraintKind::Check { expr: "(id > 0)".to_string() })
    };
    let body = "SELECT people.id,\n    people.mood\n   FROM people";
    let from =
        catalog(vec![people("mood", "people_id_check")]).enumeration("mood", &["happy", "sad"]).view("moods", body);
    let to = catalog(vec![people("feeling", "people_id_positive")])
        .enumeration("feeling", &["happy", "sad", "calm"])
        .view("feelings", body);
    let mut meta = renamed(ObjectKey::Enum(name("feeling")), RenamedFrom::Qualified(name("mood")));
    meta.renamed_from.insert(ObjectKey::View(name("feelings")), RenamedFrom::Qualified(name("moods")));
    meta.renamed_from.insert(
        ObjectKey::Constraint(name("people"), "people_id_positive".to_string()),
        RenamedFrom::Local("people_id_check".to_string()),
    );
    insta::assert_snapshot!(check(from, to, meta));
}
