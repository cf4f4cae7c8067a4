use super::*;
use crate::diagnostics::SourceFiles;
use crate::ir::{Column, DataType, Meta, ObjectKey, QualName, Span, Table};
use crate::plan::{Mode, PlanOptions, plan};
use crate::sql::quote::{data_type, ident, literal, qualified};

#[test]
fn plain_names_stay_bare() {
    for name in ["accounts", "_x", "a1", "a$b", "name", "comment", "index", "text", "value", "key", "type"] {
        assert_eq!(ident(name), name);
    }
}

#[test]
fn other_names_are_quoted() {
    assert_eq!(ident("UserId"), "\"UserId\"");
    assert_eq!(ident("order items"), "\"order items\"");
    assert_eq!(ident("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(ident("café"), "\"café\"");
    assert_eq!(ident("1st"), "\"1st\"");
    assert_eq!(ident("$x"), "\"$x\"");
    assert_eq!(ident(""), "\"\"");
}

#[test]
fn reserved_and_column_keywords_are_quoted() {
    for name in ["user", "select", "order", "group", "table", "integer", "varchar", "left", "authorization", "xmltable"]
    {
        assert_eq!(ident(name), format!("\"{name}\""));
    }
}

#[test]
fn keyword_list_is_sorted_for_binary_search() {
    // `is_bare` relies on the order; a misplaced word would stay bare.
    for word in ["all", "between", "user", "xmltable", "overlaps", "concurrently", "current_schema"] {
        assert_ne!(ident(word), word);
    }
}

#[test]
fn qualified_names_quote_each_part() {
    assert_eq!(qualified(&QualName::new("public", "accounts")), "public.accounts");
    assert_eq!(qualified(&QualName::new("Sales", "Order Items")), "\"Sales\".\"Order Items\"");
}

#[test]
fn literals_double_quotes_and_escape_backslashes() {
    assert_eq!(literal("it's"), "'it''s'");
    assert_eq!(literal(""), "''");
    assert_eq!(literal("a\\b'c"), "E'a\\\\b''c'");
}

#[test]
fn data_types_keep_builtins_and_qualify_named_types() {
    assert_eq!(data_type(&DataType::builtin("character varying(80)")), "character varying(80)");
    let named = DataType { array_dims: 2, ..DataType::named(QualName::new("app", "Mood")) };
    assert_eq!(data_type(&named), "app.\"Mood\"[][]");
}

fn catalog(tables: &[&str]) -> Catalog {
    let mut res = Catalog::default();
    for name in tables {
        let mut table = Table::new(QualName::new("public", *name));
        table.columns.insert("id".to_string(), Column::new("id", DataType::builtin("bigint")));
        res.tables.insert(table.name.clone(), table);
    }
    res
}

#[test]
fn fingerprint_ignores_map_order() {
    let first = fingerprint(&catalog(&["a", "b"]));
    assert!(first.starts_with("sha256:") && first.len() == "sha256:".len() + 64, "{first}");
    assert_eq!(first, fingerprint(&catalog(&["b", "a"])));
    assert_ne!(first, fingerprint(&catalog(&["a"])));
}

#[test]
fn fingerprint_sees_privileges_in_any_order() {
    let grant = |grantee: &str| crate::ir::Privilege {
        on: crate::ir::GrantTarget::Table(QualName::new("public", "a")),
        grantee: grantee.to_string(),
        privilege: "SELECT".to_string(),
        granted: true,
        grantable: false,
    };
    let plain = catalog(&["a"]);
    let mut one = plain.clone();
    one.privileges.extend([grant("x"), grant("y")]);
    let mut other = plain.clone();
    other.privileges.extend([grant("y"), grant("x")]);
    assert_ne!(fingerprint(&plain), fingerprint(&one));
    assert_eq!(fingerprint(&one), fingerprint(&other));
}

fn direct() -> PlanOptions {
    PlanOptions { mode: Mode::Direct }
}

#[test]
fn empty_plan_says_so() {
    let it = catalog(&["a"]);
    let plan = plan(&it, &it, &Meta::default(), &direct());
    assert_eq!(human(&plan, None), "No changes. The schema is up to date.\n");
    assert!(sql_script(&plan).ends_with("-- No changes. The schema is up to date.\n"));
}

#[test]
fn human_plan_shows_signs_sql_hazards_and_spans() {
    let mut files = SourceFiles::new();
    let file = files.add("schema/app.gw", "table b {\n  id bigint\n}\n");
    let mut meta = Meta::default();
    meta.spans.insert(ObjectKey::Table(QualName::new("public", "b")), Span { file, start: 0, end: 5 });
    let plan = plan(&catalog(&["a"]), &catalog(&["b"]), &meta, &direct());
    let text = human(&plan, Some(&files));
    let expected = "Phase direct:

  - drop table public.a
      DROP TABLE public.a
    (lock: ACCESS EXCLUSIVE on public.a · no rollback)
    ! warning[data-loss]: dropping table public.a deletes all of its rows
    ! info[irreversible]: no rollback: table public.a is dropped with its rows

  + create table public.b
      CREATE TABLE public.b (
          id bigint
      )
    (lock: none on existing tables)
    ! warning[possible-rename]: table public.b is created and table public.a is dropped with the same columns; if this is a rename, mark it with @renamed_from(public.a) to keep the rows
       --> schema/app.gw:1:1
        |
      1 | table b {
        | ^^^^^

Plan: 1 to add, 0 to change, 1 to drop; 3 hazards.
Hazards: 2 warning, 1 info.
";
    assert_eq!(text, expected);
}

#[test]
fn json_follows_the_contract() {
    let mut files = SourceFiles::new();
    let file = files.add("app.gw", "x\ntable b {}\n");
    let mut meta = Meta::default();
    meta.spans.insert(ObjectKey::Table(QualName::new("public", "b")), Span { file, start: 2, end: 5 });
    let plan = plan(&catalog(&["a"]), &catalog(&["b"]), &meta, &direct());
    let unmodelled = [("from", crate::ir::Unmodelled::new("rule", "r ON public.a", "rules are not modelled"))];
    let value = json(&plan, Some(&files), ("sha256:from".to_string(), "sha256:to".to_string()), &unmodelled);
    assert_eq!(value["format_version"], 1);
    assert_eq!(
        value["unmodelled"],
        serde_json::json!([{ "source": "from", "kind": "rule", "name": "r ON public.a", "why": "rules are not modelled" }])
    );
    assert_eq!(value["fingerprints"]["from"], "sha256:from");
    let steps = &value["phases"][0]["steps"];
    assert_eq!(value["phases"][0]["name"], "direct");
    assert_eq!(steps[0]["summary"], "drop table public.a");
    assert_eq!(steps[0]["sql"], "DROP TABLE public.a;");
    assert_eq!(steps[0]["lock"], "ACCESS EXCLUSIVE");
    assert_eq!(steps[0]["tables"][0], "public.a");
    assert_eq!(steps[0]["transactional"], true);
    assert_eq!(steps[0]["rollback"], serde_json::Value::Null);
    assert_eq!(steps[0]["hazards"][0]["code"], "data-loss");
    assert!(steps[0]["hazards"][0].get("span").is_none());
    let rename = &steps[1]["hazards"][0];
    assert_eq!(rename["code"], "possible-rename");
    assert_eq!(rename["severity"], "warning");
    assert_eq!(rename["span"], serde_json::json!({ "file": "app.gw", "line": 2, "column": 1 }));
}
