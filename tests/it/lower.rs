//! Lowering: canonical types and the names PostgreSQL derives.

use godwit::diagnostics::{self, SourceFiles};
use godwit::ir::{Catalog, QualName, data_type_sql_unquoted};

fn lower(text: &str) -> Catalog {
    let mut files = SourceFiles::new();
    files.add("test.gw", text);
    let lowered = godwit::lower::compile(&files);
    assert!(!lowered.has_errors(), "{}", diagnostics::render(&lowered.diagnostics, &files, false));
    lowered.catalog
}

/// The canonical type of a column declared with `written`.
fn canonical(written: &str) -> String {
    let catalog = lower(&format!("extension citext\ntable t {{\n  c {written}\n}}\n"));
    let column = &catalog.tables[&QualName::new("public", "t")].columns["c"];
    data_type_sql_unquoted(&column.ty)
}

#[test]
fn type_aliases_normalize_to_postgres_names() {
    let cases = [
        ("int", "integer"),
        ("int4", "integer"),
        ("INTEGER", "integer"),
        ("int2", "smallint"),
        ("int8", "bigint"),
        ("float4", "real"),
        ("float8", "double precision"),
        ("float", "double precision"),
        ("float(10)", "real"),
        ("double precision", "double precision"),
        ("decimal(10, 2)", "numeric(10,2)"),
        ("numeric(10)", "numeric(10,0)"),
        ("varchar(80)", "character varying(80)"),
        ("character varying(80)", "character varying(80)"),
        ("varchar", "character varying"),
        ("char", "character(1)"),
        ("char(3)", "character(3)"),
        ("bool", "boolean"),
        ("timestamptz", "timestamp with time zone"),
        ("timestamp", "timestamp without time zone"),
        ("timestamp(3)", "timestamp(3) without time zone"),
        ("timestamp(3) with time zone", "timestamp(3) with time zone"),
        ("timetz", "time with time zone"),
        ("time", "time without time zone"),
        ("varbit(4)", "bit varying(4)"),
        ("bit", "bit(1)"),
        ("text[]", "text[]"),
        // PostgreSQL has no types of more than one dimension.
        ("int[][]", "integer[]"),
        ("integer array", "integer[]"),
        ("jsonb", "jsonb"),
        ("citext", "citext"),
        ("interval(3)", "interval(3)"),
        ("interval day to second", "interval day to second"),
        ("INTERVAL Day To Second(3)", "interval day to second(3)"),
        ("interval year", "interval year"),
        ("\"char\"", "\"char\""),
        // A type no built-in answers to is taken to come from an extension of
        // the schema (here citext), checked by the shadow database.
        ("earth", "earth"),
        ("ext.geometry(Polygon, 4326)", "ext.geometry(Polygon,4326)"),
        ("ext.\"Odd\"", "ext.\"Odd\""),
    ];
    let mut failures = Vec::new();
    for (written, expected) in cases {
        let got = canonical(written);
        if got != expected {
            failures.push(format!("{written}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn serial_becomes_integer_with_owned_sequence() {
    let catalog = lower("schema shop\ntable shop.orders {\n  id serial primary key\n  n bigserial\n}\n");
    let orders = &catalog.tables[&QualName::new("shop", "orders")];
    assert_eq!(data_type_sql_unquoted(&orders.columns["id"].ty), "integer");
    assert_eq!(orders.columns["id"].default.as_deref(), Some("nextval('shop.orders_id_seq'::regclass)"));
    assert!(orders.columns["n"].not_null);
    let sequence = &catalog.sequences[&QualName::new("shop", "orders_id_seq")];
    assert_eq!(sequence.options.data_type, "integer");
    assert_eq!(sequence.owned_by, Some((QualName::new("shop", "orders"), "id".to_string())));
    assert!(catalog.sequences.contains_key(&QualName::new("shop", "orders_n_seq")));
}

/// `table: constraint/index names` for every table, in declaration order.
fn derived_names(text: &str) -> String {
    let catalog = lower(text);
    let mut res = String::new();
    for table in catalog.tables.values() {
        let constraints: Vec<&str> = table.constraints.keys().map(String::as_str).collect();
        let indexes: Vec<&str> = table.indexes.keys().map(String::as_str).collect();
        res.push_str(&format!("{}: {} | {}\n", table.name, constraints.join(", "), indexes.join(", ")));
    }
    res
}

#[test]
fn omitted_names_are_derived_as_postgres_does() {
    let text = r#"
table customers {
  id    bigint primary key
  email text unique
  tier  text check (tier in ('a', 'b'))
  a     int
  b     int

  unique (a, b)
  unique (b, a)
  check (a < b)
  check (1 > 0)
  check (customers.a > 1)
  index (lower(email))
  index ((a + b))
  index (a, (a * 2), b desc)
  index unique (email)
  index ((email::text))
  index (cast(a as text))
  index (((a + 1)::text))
  index ((case when a > 0 then 1 end))
  index ((email collate "C"))
  index (a) include (b, tier)
}

table orders {
  id   bigint primary key
  c_a  int
  c_b  int

  foreign key (c_a, c_b) references customers (a, b)
}

schema "Sales"
table "Sales"."Order Items" {
  id       bigint primary key
  "userId" bigint
  index ("userId")
}

table a_table_with_a_really_quite_long_name_that_goes_on_and_on {
  a_column_with_an_equally_long_name_that_also_goes_on int unique
}
"#;
    insta::assert_snapshot!(derived_names(text), @r"
    public.customers: customers_pkey, customers_email_key, customers_a_b_key, customers_b_a_key, customers_tier_check, customers_check, customers_check1, customers_a_check | customers_lower_idx, customers_expr_idx, customers_a_expr_b_idx, customers_email_idx, customers_email_idx1, customers_a_idx, customers_text_idx, customers_case_idx, customers_email_idx2, customers_a_b_tier_idx
    public.orders: orders_pkey, orders_c_a_c_b_fkey | 
    Sales.Order Items: Order Items_pkey | Order Items_userId_idx
    public.a_table_with_a_really_quite_long_name_that_goes_on_and_on: a_table_with_a_really_quite_l_a_column_with_an_equally_long_key |
    ");
}

#[test]
fn type_modifiers_are_checked_for_built_in_types() {
    let mut files = SourceFiles::new();
    files.add("test.gw", "table t {\n  a varchar(Point)\n  b interval year(2)\n}\n");
    let lowered = godwit::lower::compile(&files);
    let rendered = diagnostics::render(&lowered.diagnostics, &files, false);
    assert!(rendered.contains("the modifier `Point` is not a number; only extension types take words"), "{rendered}");
    assert!(rendered.contains("a precision only with fields that end in second"), "{rendered}");
}

#[test]
fn an_unknown_type_near_a_built_in_one_is_a_warning_when_extensions_are_declared() {
    let mut files = SourceFiles::new();
    files.add("test.gw", "extension citext\ntable t {\n  a txt\n}\n");
    let lowered = godwit::lower::compile(&files);
    assert!(!lowered.has_errors());
    let rendered = diagnostics::render(&lowered.diagnostics, &files, false);
    assert!(rendered.contains("warning[extension-type]") && rendered.contains("did you mean `text`?"), "{rendered}");
}

#[test]
fn serial_columns_print_as_serial_and_lower_back_equal() {
    let catalog = lower(
        "schema app\n\ntable t {\n  id bigserial primary key\n  n smallserial\n}\n\ntable app.x {\n  id serial\n}\n\n\
         sequence u_m_seq as integer start with 5 owned by u.m\n\ntable u {\n  m integer not null default nextval('u_m_seq'::regclass)\n}\n",
    );
    let printed = godwit::print::print_catalog(&catalog, &godwit::ir::Meta::default());
    for expected in ["id bigserial primary key", "n  smallserial", "id serial", "sequence u_m_seq"] {
        assert!(printed.contains(expected), "no {expected:?} in:\n{printed}");
    }
    assert!(!printed.contains("t_id_seq") && !printed.contains("x_id_seq"), "{printed}");
    assert_eq!(lower(&printed), catalog, "{printed}");
}
