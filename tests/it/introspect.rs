//! Introspection against live PostgreSQL (the shared cluster of `pg.rs`).
//!
//! The round-trip properties run over every example schema (each directory
//! `schemas/*/v*`, each file of `tests/data/parse/ok`, and `CONVENTIONS`
//! below, for what the examples do not show): created in a fresh
//! database by the direct plan from empty and introspected (I1),
//! 1. introspection succeeds;
//! 2. `print_catalog(I1)` compiles, without diagnostics, to exactly I1;
//! 3. I1 created in a second fresh database introspects to I1 again;
//! 4. `diff(I1, I1)` is empty;
//! 5. I1 equals the lowered catalog except for the SQL text PostgreSQL
//!    rewrites (defaults, checks, predicates, index expressions, view bodies,
//!    generated columns, trigger conditions, argument defaults), which must
//!    only be present on both sides or on neither.

use crate::pg::{cluster_or_skip, fresh_database};
use godwit::diagnostics::{self, SourceFiles};
use godwit::introspect::{IntrospectOptions, Introspected, QUERIES, QueryKind, introspect, introspect_traced};
use godwit::ir::*;
use godwit::plan::{Mode, PlanOptions, plan};
use godwit::print::print_catalog;
use indexmap::IndexMap;
use std::fmt::Debug;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

// ---------------------------------------------------------------- helpers

/// Creates `catalog` in the database of `client` with the direct plan from
/// empty: runs of transactional steps in one transaction, the others alone.
fn create(client: &mut postgres::Client, catalog: &Catalog, meta: &Meta) -> Result<(), String> {
    for role in catalog.roles() {
        crate::pg::ensure_role(&role);
    }
    godwit::shadow::create_roles(client, &catalog.roles()).map_err(|err| err.to_string())?;
    let plan = plan(&Catalog::default(), catalog, meta, &PlanOptions { mode: Mode::Direct });
    let message = |err: postgres::Error| match err.as_db_error() {
        Some(db) => db.message().to_string(),
        None => err.to_string(),
    };
    let mut in_transaction = false;
    for step in plan.steps() {
        if step.transactional != in_transaction {
            client.batch_execute(if step.transactional { "BEGIN" } else { "COMMIT" }).map_err(message)?;
            in_transaction = step.transactional;
        }
        for statement in &step.sql {
            client
                .batch_execute(statement)
                .map_err(|err| format!("{}: {statement}: {}", step.summary, message(err)))?;
        }
    }
    if in_transaction {
        client.batch_execute("COMMIT").map_err(message)?;
    }
    Ok(())
}

fn all() -> IntrospectOptions {
    IntrospectOptions::default()
}

fn compile(files: &SourceFiles) -> Result<godwit::lower::Lowered, String> {
    let lowered = godwit::lower::compile(files);
    if lowered.diagnostics.is_empty() {
        Ok(lowered)
    } else {
        Err(diagnostics::render(&lowered.diagnostics, files, false))
    }
}

fn compile_text(text: &str) -> Result<godwit::lower::Lowered, String> {
    let mut files = SourceFiles::new();
    files.add("introspected.gw", text);
    compile(&files)
}

/// Every example schema: `(name, files)`.
fn examples() -> Vec<(String, SourceFiles)> {
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    for project in sorted_entries(Path::new("schemas")) {
        if !project.is_dir() {
            continue;
        }
        for version in sorted_entries(&project) {
            if version.is_dir() && version.file_name().is_some_and(|name| name.to_string_lossy().starts_with('v')) {
                let name = format!(
                    "{}_{}",
                    project.file_name().unwrap().to_string_lossy(),
                    version.file_name().unwrap().to_string_lossy()
                );
                paths.push((name, version));
            }
        }
    }
    for file in sorted_entries(Path::new("tests/data/parse/ok")) {
        if file.extension().is_some_and(|ext| ext == "gw") {
            paths.push((format!("parse_ok_{}", file.file_stem().unwrap().to_string_lossy()), file));
        }
    }
    assert!(paths.len() >= 7, "examples not found: {paths:?}");
    let mut res: Vec<(String, SourceFiles)> = paths
        .into_iter()
        .map(|(name, path)| {
            let mut files = SourceFiles::new();
            godwit::source::load(&path, &mut files).unwrap_or_else(|err| panic!("{err}"));
            (name, files)
        })
        .collect();
    let mut conventions = SourceFiles::new();
    conventions.add("conventions.gw", CONVENTIONS);
    res.push(("conventions".to_string(), conventions));
    res
}

/// What the examples do not show: derived names (long ones truncated, numeric
/// suffixes), every spelling of the built-in types, serials, identities and
/// sequences with options, index orderings, methods and operator classes,
/// extension types outside the search path, table row types, every kind of
/// function argument and result.
const CONVENTIONS: &str = r#"
extension citext with schema ext
extension pgcrypto
schema ext
schema app comment 'app'
schema s

enum app.color { 'red', 'green' } comment 'colors'
enum s.mood { 'it''s', 'ok' }
domain app.pos as integer check (value > 0) comment 'positive'
domain app.small_pos as app.pos check (value < 100)
domain app.colors as app.color[]
domain s.short as varchar(10) collate "C" not null default 'x' check (length(value) > 1) check (value <> 'y')

sequence s.down as smallint increment by -1
sequence s.up increment by 3 start with 7 cache 10 comment 'up'

table s.t {
  id      serial primary key
  big     bigserial
  small   smallserial
  sized   integer array[3]
  ts      timestamp(3)
  tz      time(0) with time zone
  iv      interval(3)
  b       bit
  vb      varbit(4)
  fl      float(10)
  num     numeric(10)
  dec     decimal
  ch      char
  vc      varchar
  dp      double precision
  x       text collate "C"
  y       text
  m       s.mood
  sh      s.short
  ident   bigint generated by default as identity (increment by -2)
  a       integer
  c       integer

  unique (a, c)
  check (a > 0)
  check (a > c)
  index ((a + c))
  index (lower(x))
  index (lower(y), a)
  index (a desc)
  index (a asc nulls first)
  index (c desc nulls last)
  index (y text_pattern_ops)
  index (y collate "C")
  index (lower(y) collate "C")
  index (a) include (c)
}

table s.child {
  id   integer primary key
  t_id integer references s.t
  a    integer
  c    integer
  foreign key (a, c) references s.t (a, c)
  trigger child_stamp before update of c, a for each row execute function s.stamp()
  trigger child_stmt after insert execute function s.stamp()
}

table a_table_with_a_very_long_name_that_goes_on_and_on_and_on_forev {
  a_column_with_a_very_long_name_that_goes_on_and_on_and_on_fore integer unique
  other integer check (other > 0)
}

table app.things {
  id       uuid primary key default gen_random_uuid() comment 'the id'
  name     ext.citext not null
  colors   app.color[] not null default '{}'
  color    app.color default 'red'
  qty      app.small_pos
  price    numeric(12,2) not null default 0
  total    numeric generated always as (price * 2) stored
  during   tstzrange
  body     jsonb
  code     text collate "C" not null
  made_at  timestamptz default now()

  unique (name) nulls not distinct
  unique things_code_key (code)
  unique things_name_code_key (name, code) deferrable initially deferred
  check things_price_check (price >= 0) comment 'no negative prices'
  index using gin (colors)
  index using hash (code)
  index using brin (made_at)
  index using gist (during)
  index things_body_idx using gin (body jsonb_path_ops) where (body is not null) comment 'json'
  index (code desc nulls last, price) include (total)
  trigger things_audit after insert or update of price, name for each row when (new.price > 0) execute function app.audit('thing', 'it''s')
  trigger things_trunc before truncate execute function app.audit()
  comment 'things'
}

unlogged table app.parts {
  thing_id uuid not null references app.things on delete cascade on update restrict
  code     text not null
  other    uuid references app.things (id) match full on delete set null deferrable
  primary key (thing_id, code)
  foreign key (code) references app.things (code) on delete set default
}

view app.red_things as $$ select id, name from app.things where color = 'red' $$ comment 'red'
materialized view app.thing_count as $$ select count(*) as n from app.things $$

function app.audit() returns trigger language plpgsql security definer as $$
begin
  return null;
end
$$ comment 'audit'

function s.stamp() returns trigger language plpgsql as $$begin return new; end$$

function app.by_color(c app.color default 'red', variadic extra text[] default '{}') returns setof app.things language sql stable strict as $$ select * from app.things where color = c $$

function app.pairs(n integer) returns table (a integer, b app.color) language sql immutable as $$ select n, 'red'::app.color $$

function s.io(inout a integer, out b text) returns record language sql as $$ select a, 'x' $$

procedure app.noop(inout x integer, y text default 'a') language plpgsql as $$ begin x := x; end $$
"#;

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut res: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    res.sort();
    res
}

// ------------------------------------------------------- the round trips

/// One example through PostgreSQL. Every step's failure is kept as text, so
/// that each property test reports its own.
struct RoundTrip {
    name: String,
    lowered: Catalog,
    /// Property 1: the example created and introspected.
    first: Result<Introspected, String>,
    /// Property 3: the first introspection created and introspected.
    second: Result<Catalog, String>,
}

fn round_trips() -> Option<&'static [RoundTrip]> {
    static ROUND_TRIPS: OnceLock<Vec<RoundTrip>> = OnceLock::new();
    cluster_or_skip()?;
    Some(ROUND_TRIPS.get_or_init(|| examples().into_iter().map(|(name, files)| round_trip(name, &files)).collect()))
}

fn round_trip(name: String, files: &SourceFiles) -> RoundTrip {
    let lowered = compile(files).unwrap_or_else(|rendered| panic!("example {name} does not compile:\n{rendered}"));
    let (_, mut client) = fresh_database(&format!("introspect_{name}_1"));
    let first = create(&mut client, &lowered.catalog, &lowered.meta)
        .map_err(|err| format!("creating the lowered schema: {err}"))
        .and_then(|()| introspect(&mut client, &all()).map_err(|err| err.to_string()));
    drop(client);
    let second = match &first {
        Ok(first) => {
            let (_, mut client) = fresh_database(&format!("introspect_{name}_2"));
            create(&mut client, &first.catalog, &Meta::default())
                .map_err(|err| format!("creating the introspected schema: {err}"))
                .and_then(|()| introspect(&mut client, &all()).map(|res| res.catalog).map_err(|err| err.to_string()))
        }
        Err(_) => Err("not run: the first introspection failed".to_string()),
    };
    RoundTrip { name, lowered: lowered.catalog, first, second }
}

fn report(failures: Vec<String>) {
    assert!(failures.is_empty(), "{} failure(s):\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn examples_introspect_without_error() {
    let Some(trips) = round_trips() else { return };
    report(
        trips.iter().filter_map(|trip| trip.first.as_ref().err().map(|err| format!("{}: {err}", trip.name))).collect(),
    );
}

#[test]
fn introspected_examples_print_and_compile_to_themselves() {
    let Some(trips) = round_trips() else { return };
    let mut failures = Vec::new();
    for trip in trips {
        let Ok(first) = &trip.first else { continue };
        let printed = print_catalog(&first.catalog, &Meta::default());
        match compile_text(&printed) {
            Err(rendered) => failures.push(format!("{}: the printed schema does not compile:\n{rendered}", trip.name)),
            Ok(again) => {
                let differences = compare(&first.catalog, &again.catalog, false);
                if !differences.is_empty() || again.catalog != first.catalog {
                    failures.push(format!(
                        "{}: the printed schema compiles to another catalog:\n  {}",
                        trip.name,
                        differences.join("\n  ")
                    ));
                }
            }
        }
    }
    report(failures);
}

#[test]
fn introspection_is_stable_when_recreated() {
    let Some(trips) = round_trips() else { return };
    let mut failures = Vec::new();
    for trip in trips {
        let Ok(first) = &trip.first else { continue };
        match &trip.second {
            Err(err) => failures.push(format!("{}: {err}", trip.name)),
            Ok(second) if *second != first.catalog => failures.push(format!(
                "{}: introspected again, the schema differs:\n  {}",
                trip.name,
                compare(&first.catalog, second, false).join("\n  ")
            )),
            Ok(_) => {}
        }
    }
    report(failures);
}

#[test]
fn introspected_examples_diff_empty_against_themselves() {
    let Some(trips) = round_trips() else { return };
    let mut failures = Vec::new();
    for trip in trips {
        let Ok(first) = &trip.first else { continue };
        let changes = godwit::diff::diff(&first.catalog, &first.catalog, &Meta::default()).changes;
        if !changes.is_empty() {
            let summaries: Vec<String> = changes.iter().map(|change| change.summary()).collect();
            failures.push(format!("{}: {}", trip.name, summaries.join("; ")));
        }
    }
    report(failures);
}

#[test]
fn introspection_matches_lowering_conventions() {
    let Some(trips) = round_trips() else { return };
    let mut failures = Vec::new();
    for trip in trips {
        let Ok(first) = &trip.first else { continue };
        let differences = compare(&trip.lowered, &first.catalog, true);
        if !differences.is_empty() {
            failures.push(format!("{} (lowered vs introspected):\n  {}", trip.name, differences.join("\n  ")));
        }
    }
    report(failures);
}

// ----------------------------------------------------------- comparison

/// The SQL text PostgreSQL rewrites, replaced by whether it is there.
fn mask(catalog: &Catalog) -> Catalog {
    let present = |text: &mut Option<String>| {
        if text.is_some() {
            *text = Some("…".to_string());
        }
    };
    let mut res = catalog.clone();
    for domain in res.domains.values_mut() {
        present(&mut domain.default);
        for check in domain.checks.values_mut() {
            *check = "…".to_string();
        }
    }
    for table in res.tables.values_mut() {
        for column in table.columns.values_mut() {
            present(&mut column.default);
            present(&mut column.generated);
        }
        for constraint in table.constraints.values_mut() {
            if let ConstraintKind::Check { expr } = &mut constraint.kind {
                *expr = "…".to_string();
            }
        }
        for index in table.indexes.values_mut() {
            present(&mut index.predicate);
            for element in &mut index.elements {
                if let IndexKey::Expr(expr) = &mut element.key {
                    *expr = "…".to_string();
                }
            }
        }
        for trigger in table.triggers.values_mut() {
            present(&mut trigger.when);
        }
    }
    for view in res.views.values_mut() {
        view.body = "…".to_string();
    }
    for function in res.functions.values_mut() {
        for arg in &mut function.args {
            present(&mut arg.default);
        }
    }
    res
}

/// Readable differences between two catalogs (`masked`: after [`mask`]).
fn compare(left: &Catalog, right: &Catalog, masked: bool) -> Vec<String> {
    let (left, right) = if masked { (mask(left), mask(right)) } else { (left.clone(), right.clone()) };
    let mut out = Vec::new();
    compare_maps("extension", &left.extensions, &right.extensions, &mut out);
    compare_maps("schema", &left.schemas, &right.schemas, &mut out);
    if left.public_comment != right.public_comment {
        out.push(format!("comment of public: {:?} vs {:?}", left.public_comment, right.public_comment));
    }
    compare_maps("enum", &left.enums, &right.enums, &mut out);
    compare_maps("domain", &left.domains, &right.domains, &mut out);
    compare_maps("composite", &left.composites, &right.composites, &mut out);
    compare_maps("sequence", &left.sequences, &right.sequences, &mut out);
    compare_maps("view", &left.views, &right.views, &mut out);
    compare_maps("function", &left.functions, &right.functions, &mut out);
    compare_maps("object", &left.objects, &right.objects, &mut out);
    compare_maps("owner", &left.owners, &right.owners, &mut out);
    let as_map = |set: &indexmap::IndexSet<Privilege>| -> IndexMap<Privilege, ()> {
        set.iter().map(|it| (it.clone(), ())).collect()
    };
    compare_maps("privilege", &as_map(&left.privileges), &as_map(&right.privileges), &mut out);
    let as_map = |set: &indexmap::IndexSet<DefaultPrivilege>| -> IndexMap<DefaultPrivilege, ()> {
        set.iter().map(|it| (it.clone(), ())).collect()
    };
    compare_maps("default privilege", &as_map(&left.default_privileges), &as_map(&right.default_privileges), &mut out);
    for (name, table) in &left.tables {
        let Some(other) = right.tables.get(name) else {
            out.push(format!("table {name}: only on the left"));
            continue;
        };
        let what = |kind: &str| format!("table {name}: {kind}");
        compare_maps(&what("column"), &table.columns, &other.columns, &mut out);
        compare_maps(&what("constraint"), &table.constraints, &other.constraints, &mut out);
        compare_maps(&what("index"), &table.indexes, &other.indexes, &mut out);
        compare_maps(&what("trigger"), &table.triggers, &other.triggers, &mut out);
        compare_maps(&what("policy"), &table.policies, &other.policies, &mut out);
        let flags = |t: &godwit::ir::Table| (t.row_security, t.force_row_security, t.replica_identity.clone());
        if flags(table) != flags(other) {
            out.push(format!("table {name}: row security/replica identity {:?} vs {:?}", flags(table), flags(other)));
        }
        if (table.unlogged, &table.comment, &table.partition_by, &table.partition_of)
            != (other.unlogged, &other.comment, &other.partition_by, &other.partition_of)
        {
            out.push(format!(
                "table {name}: unlogged/comment/partitioning {:?} vs {:?}",
                (table.unlogged, &table.comment, &table.partition_by, &table.partition_of),
                (other.unlogged, &other.comment, &other.partition_by, &other.partition_of)
            ));
        }
    }
    for name in right.tables.keys().filter(|name| !left.tables.contains_key(*name)) {
        out.push(format!("table {name}: only on the right"));
    }
    out
}

fn compare_maps<K: Debug + Hash + Eq, V: Debug + PartialEq>(
    what: &str,
    left: &IndexMap<K, V>,
    right: &IndexMap<K, V>,
    out: &mut Vec<String>,
) {
    for (key, value) in left {
        match right.get(key) {
            None => out.push(format!("{what} {key:?}: only on the left")),
            Some(other) if other != value => out.push(format!("{what} {key:?}:\n    {value:?}\n    {other:?}")),
            Some(_) => {}
        }
    }
    for key in right.keys().filter(|key| !left.contains_key(*key)) {
        out.push(format!("{what} {key:?}: only on the right"));
    }
}

// ------------------------------------------------ one schema of every kind

const EVERY_KIND: &str = r#"
CREATE EXTENSION citext;
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'The application';
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE app.mood IS 'How it went';
CREATE DOMAIN app.percent AS numeric(5,2) NOT NULL DEFAULT 0
  CONSTRAINT percent_range CHECK (VALUE >= 0 AND VALUE <= 100);
COMMENT ON DOMAIN app.percent IS 'From 0 to 100';
CREATE DOMAIN label AS text COLLATE "C" CHECK (length(VALUE) > 0);
CREATE SEQUENCE app.ticket_seq AS integer INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 START 20 CACHE 3 CYCLE;
COMMENT ON SEQUENCE app.ticket_seq IS 'Ticket numbers';

CREATE TABLE app.accounts (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY,
  email citext NOT NULL,
  name varchar(80) COLLATE "C",
  mood app.mood NOT NULL DEFAULT 'ok',
  score app.percent,
  tags text[] NOT NULL DEFAULT '{}',
  grid integer[],
  ticket integer DEFAULT nextval('app.ticket_seq'),
  created_at timestamptz NOT NULL DEFAULT now(),
  name_length integer GENERATED ALWAYS AS (length(name)) STORED,
  CONSTRAINT accounts_email_key UNIQUE NULLS NOT DISTINCT (email),
  CONSTRAINT accounts_name_check CHECK (name <> '' AND name IS NOT NULL)
);
ALTER SEQUENCE app.ticket_seq OWNED BY app.accounts.ticket;
COMMENT ON TABLE app.accounts IS 'Who pays';
COMMENT ON COLUMN app.accounts.email IS 'Unique, case-insensitive';
COMMENT ON CONSTRAINT accounts_name_check ON app.accounts IS 'Names are not empty';

CREATE UNLOGGED TABLE events (
  id serial PRIMARY KEY,
  account_id bigint,
  code char(3) NOT NULL,
  during tstzrange,
  payload jsonb,
  CONSTRAINT events_account_fkey FOREIGN KEY (account_id) REFERENCES app.accounts (id)
    MATCH FULL ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT events_code_key UNIQUE (code, account_id) DEFERRABLE
);
CREATE INDEX events_lower_code_idx ON events (lower(code) DESC NULLS LAST) INCLUDE (payload) WHERE account_id IS NOT NULL;
CREATE INDEX events_code_pattern_idx ON events (code bpchar_pattern_ops, (account_id + 1) NULLS FIRST);
CREATE UNIQUE INDEX events_code_c_idx ON events (code COLLATE "C");
CREATE INDEX events_payload_idx ON events USING gin (payload jsonb_path_ops);
CREATE INDEX events_during_idx ON events USING gist (during);
COMMENT ON INDEX events_lower_code_idx IS 'For lookups';

CREATE VIEW app.happy_accounts AS SELECT id, email FROM app.accounts WHERE mood = 'happy';
COMMENT ON VIEW app.happy_accounts IS 'Happy ones';
CREATE MATERIALIZED VIEW event_counts AS
  SELECT account_id, count(*) AS events FROM events GROUP BY account_id;

CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT AS $$ select a + b $$;
COMMENT ON FUNCTION app.add(integer, integer) IS 'Adds';
CREATE FUNCTION app.split(full_name text, OUT first text, OUT last text)
  LANGUAGE sql STABLE AS $$ select split_part(full_name, ' ', 1), split_part(full_name, ' ', 2) $$;
CREATE FUNCTION app.accounts_by_mood(wanted app.mood) RETURNS TABLE (id bigint, email citext)
  LANGUAGE sql STABLE AS $$ select id, email from app.accounts where mood = wanted $$;
CREATE FUNCTION app.ids(VARIADIC ids bigint[]) RETURNS SETOF bigint
  LANGUAGE sql AS $$ select unnest(ids) $$;
CREATE PROCEDURE app.touch(account bigint) LANGUAGE plpgsql SECURITY DEFINER AS $$
begin
  update app.accounts set created_at = now() where id = account;
end
$$;
CREATE FUNCTION app.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
begin
  new.created_at := now();
  return new;
end
$$;
CREATE TRIGGER accounts_stamp BEFORE INSERT OR UPDATE OF name, email ON app.accounts
  FOR EACH ROW WHEN (new.name IS NOT NULL) EXECUTE FUNCTION app.stamp('a', 'it''s');
CREATE TRIGGER accounts_truncate AFTER TRUNCATE ON app.accounts
  FOR EACH STATEMENT EXECUTE FUNCTION app.stamp();
COMMENT ON TRIGGER accounts_stamp ON app.accounts IS 'Keeps created_at fresh';
"#;

/// The introspected schema printed, then its dependencies and what was skipped.
fn describe(introspected: &Introspected) -> String {
    let mut res = print_catalog(&introspected.catalog, &Meta::default());
    res.push_str("\n// dependencies (dependent -> referenced)\n");
    for (dependent, referenced) in &introspected.dependencies {
        res.push_str(&format!("// {} -> {}\n", key_text(dependent), key_text(referenced)));
    }
    res.push_str("\n// not modelled\n");
    for item in &introspected.unmodelled {
        res.push_str(&format!("// {} {}: {}\n", item.kind, item.name, item.why));
    }
    res
}

fn key_text(key: &ObjectKey) -> String {
    match key {
        ObjectKey::Extension(name) => format!("extension {name}"),
        ObjectKey::Schema(name) => format!("schema {name}"),
        ObjectKey::Enum(name) => format!("enum {name}"),
        ObjectKey::Domain(name) => format!("domain {name}"),
        ObjectKey::Sequence(name) => format!("sequence {name}"),
        ObjectKey::Table(name) => format!("table {name}"),
        ObjectKey::Column(table, column) => format!("column {table}.{column}"),
        ObjectKey::Constraint(table, name) => format!("constraint {name} on {table}"),
        ObjectKey::Index(table, name) => format!("index {name} on {table}"),
        ObjectKey::Trigger(table, name) => format!("trigger {name} on {table}"),
        ObjectKey::View(name) => format!("view {name}"),
        ObjectKey::Function(key) => format!("function {key}"),
        ObjectKey::Composite(name) => format!("type {name}"),
        ObjectKey::Policy(table, name) => format!("policy {name} on {table}"),
        ObjectKey::Object(id) => id.to_string(),
        ObjectKey::Privilege(target, grantee, privilege) => format!("{privilege} on {target} to {grantee}"),
        ObjectKey::Owner(target) => format!("owner of {target}"),
        ObjectKey::DefaultPrivilege(role, schema, on, grantee, privilege) => {
            format!("default {privilege} on {} for {role} in {schema:?} to {grantee}", on.word())
        }
    }
}

#[test]
fn snapshot_of_a_schema_of_every_kind() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("introspect_every_kind");
    client.batch_execute(EVERY_KIND).unwrap();
    let introspected = introspect(&mut client, &all()).unwrap();
    insta::assert_snapshot!(describe(&introspected));

    // It prints as a schema that compiles to itself and survives PostgreSQL.
    let printed = print_catalog(&introspected.catalog, &Meta::default());
    let again = compile_text(&printed).unwrap_or_else(|rendered| panic!("{rendered}\n{printed}"));
    assert_eq!(compare(&introspected.catalog, &again.catalog, false), Vec::<String>::new());
    assert_eq!(again.catalog, introspected.catalog);
    let (_, mut second) = fresh_database("introspect_every_kind_2");
    create(&mut second, &introspected.catalog, &Meta::default()).unwrap();
    let recreated = introspect(&mut second, &all()).unwrap();
    assert_eq!(compare(&introspected.catalog, &recreated.catalog, false), Vec::<String>::new());
    assert_eq!(recreated.dependencies, introspected.dependencies);
}

// ------------------------------------------------------------- filtering

#[test]
fn extension_objects_and_system_schemas_are_left_out() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("introspect_extensions_left_out");
    client
        .batch_execute(
            "CREATE EXTENSION citext; CREATE SCHEMA crypto; CREATE EXTENSION pgcrypto SCHEMA crypto;
             COMMENT ON EXTENSION pgcrypto IS 'Hashes';
             CREATE TABLE users (id integer PRIMARY KEY, email citext, secret bytea DEFAULT crypto.gen_random_bytes(8));",
        )
        .unwrap();
    let catalog = introspect(&mut client, &all()).unwrap().catalog;
    let extensions: Vec<(&str, Option<&str>, Option<&str>)> = catalog
        .extensions
        .values()
        .map(|ext| (ext.name.as_str(), ext.schema.as_deref(), ext.comment.as_deref()))
        .collect();
    // The control file's comment of citext is not the user's; pgcrypto's is.
    assert_eq!(extensions, vec![("citext", None, None), ("pgcrypto", Some("crypto"), Some("Hashes"))]);
    assert!(catalog.functions.is_empty(), "{:?}", catalog.functions.keys().collect::<Vec<_>>());
    assert!(catalog.enums.is_empty() && catalog.domains.is_empty() && catalog.views.is_empty());
    assert_eq!(catalog.schemas.keys().collect::<Vec<_>>(), vec!["crypto"]);
    assert_eq!(catalog.tables.keys().collect::<Vec<_>>(), vec![&QualName::new("public", "users")]);
    let email = &catalog.tables[&QualName::new("public", "users")].columns["email"];
    assert_eq!(email.ty, DataType::builtin("citext"));

    // An extension's type outside the search path is spelled with its schema.
    client
        .batch_execute("CREATE SCHEMA ext; CREATE EXTENSION hstore SCHEMA ext; CREATE TABLE h (v ext.hstore)")
        .unwrap();
    let catalog = introspect(&mut client, &all()).unwrap().catalog;
    assert_eq!(catalog.tables[&QualName::new("public", "h")].columns["v"].ty, DataType::builtin("ext.hstore"));
    assert!(catalog.functions.is_empty());
}

#[test]
fn schema_lists_and_exclusions_narrow_the_catalog() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("introspect_schema_filters");
    client
        .batch_execute(
            "CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.t (id integer); CREATE TABLE b.t (id integer);
             CREATE TABLE public.t (id integer); CREATE TYPE b.e AS ENUM ('x'); CREATE TABLE a.u (e b.e);",
        )
        .unwrap();
    let tables = |options: &IntrospectOptions, client: &mut postgres::Client| -> (Vec<String>, Vec<String>) {
        let catalog = introspect(client, options).unwrap().catalog;
        (catalog.schemas.keys().cloned().collect(), catalog.tables.keys().map(QualName::to_string).collect())
    };
    assert_eq!(
        tables(&all(), &mut client),
        (vec!["a".into(), "b".into()], vec!["a.t".into(), "a.u".into(), "b.t".into(), "public.t".into()])
    );
    let exclude_b = IntrospectOptions { schemas: Vec::new(), exclude_schemas: vec!["b".into()] };
    assert_eq!(
        tables(&exclude_b, &mut client),
        (vec!["a".into()], vec!["a.t".into(), "a.u".into(), "public.t".into()])
    );
    let only_a =
        IntrospectOptions { schemas: vec!["a".into(), "public".into()], exclude_schemas: vec!["public".into()] };
    assert_eq!(tables(&only_a, &mut client), (vec!["a".into()], vec!["a.t".into(), "a.u".into()]));
    // An enum of a schema left out is a type like any other, spelled by PostgreSQL.
    let catalog = introspect(&mut client, &only_a).unwrap().catalog;
    assert_eq!(catalog.tables[&QualName::new("a", "u")].columns["e"].ty, DataType::builtin("b.e"));
}

// ------------------------------------------------------ queries and errors

#[test]
fn the_number_of_queries_is_fixed() {
    if cluster_or_skip().is_none() {
        return;
    }
    let count = |client: &mut postgres::Client| {
        let mut kinds: Vec<QueryKind> = Vec::new();
        introspect_traced(client, &all(), &mut |kind, _| kinds.push(kind)).unwrap();
        kinds
    };
    let (_, mut empty) = fresh_database("introspect_queries_empty");
    let (_, mut big) = fresh_database("introspect_queries_big");
    let mut sql = String::from("CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a');");
    for idx in 0..40 {
        sql.push_str(&format!(
            "CREATE TABLE s.t{idx} (id serial PRIMARY KEY, e s.e, v text CHECK (v <> ''));
             CREATE INDEX ON s.t{idx} (lower(v)); CREATE VIEW s.v{idx} AS SELECT * FROM s.t{idx};
             COMMENT ON TABLE s.t{idx} IS 'x';"
        ));
    }
    big.batch_execute(&sql).unwrap();
    assert_eq!(count(&mut empty), QUERIES.to_vec());
    assert_eq!(count(&mut big), QUERIES.to_vec());
    // Every query has its own file and a deterministic order.
    for kind in QUERIES {
        assert!(kind.sql().contains("SELECT"), "{}", kind.name());
        if !matches!(kind, QueryKind::Server) {
            assert!(kind.sql().contains("ORDER BY"), "{} has no ORDER BY", kind.name());
        }
    }
}

#[test]
fn a_failed_query_is_one_line_naming_what_failed() {
    let Some(cluster) = cluster_or_skip() else { return };
    let (_, mut client) = fresh_database("introspect_failure");
    let pid: i32 = client.query_one("SELECT pg_backend_pid()", &[]).unwrap().get(0);
    let mut admin = cluster.connect("postgres").unwrap();
    admin.execute("SELECT pg_terminate_backend($1)", &[&pid]).unwrap();
    let err = introspect(&mut client, &all()).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("introspection: "), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

// --------------------------------------------------------- details

#[test]
fn dependencies_and_statistics_are_read() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("introspect_dependencies");
    client
        .batch_execute(
            "CREATE TYPE kind AS ENUM ('a', 'b');
             CREATE TABLE parent (id integer PRIMARY KEY, k kind);
             CREATE TABLE child (id serial, parent_id integer REFERENCES parent);
             CREATE FUNCTION double(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'select x * 2';
             CREATE VIEW doubled AS SELECT double(id) AS d FROM parent;
             CREATE VIEW doubled_again AS SELECT d * 2 AS dd FROM doubled;
             INSERT INTO parent SELECT g, 'a' FROM generate_series(1, 500) g;
             ANALYZE parent;",
        )
        .unwrap();
    let introspected = introspect(&mut client, &all()).unwrap();
    let table = |name: &str| ObjectKey::Table(QualName::new("public", name));
    let view = |name: &str| ObjectKey::View(QualName::new("public", name));
    let double = ObjectKey::Function(FunctionKey {
        name: QualName::new("public", "double"),
        arg_types: vec!["integer".to_string()],
    });
    let edges = &introspected.dependencies;
    for expected in [
        (view("doubled"), table("parent")),
        (view("doubled"), ObjectKey::Column(QualName::new("public", "parent"), "id".into())),
        (view("doubled"), double.clone()),
        (view("doubled_again"), view("doubled")),
        (
            ObjectKey::Column(QualName::new("public", "parent"), "k".into()),
            ObjectKey::Enum(QualName::new("public", "kind")),
        ),
        (
            ObjectKey::Column(QualName::new("public", "child"), "id".into()),
            ObjectKey::Sequence(QualName::new("public", "child_id_seq")),
        ),
        (ObjectKey::Sequence(QualName::new("public", "child_id_seq")), table("child")),
        (
            ObjectKey::Constraint(QualName::new("public", "child"), "child_parent_id_fkey".into()),
            ObjectKey::Constraint(QualName::new("public", "parent"), "parent_pkey".into()),
        ),
        (ObjectKey::Constraint(QualName::new("public", "child"), "child_parent_id_fkey".into()), table("parent")),
    ] {
        assert!(edges.contains(&expected), "missing {expected:?} in {edges:#?}");
    }
    let mut sorted = edges.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(&sorted, edges);
    assert!(edges.iter().all(|(dependent, referenced)| dependent != referenced));

    let stats = introspected.table_stats[&QualName::new("public", "parent")];
    assert_eq!(stats.reltuples, 500.0);
    assert!(stats.relpages > 0);
    assert_eq!(introspected.table_stats[&QualName::new("public", "child")].reltuples, -1.0);
}

#[test]
fn what_is_not_modelled_is_listed() {
    if cluster_or_skip().is_none() {
        return;
    }
    let (_, mut client) = fresh_database("introspect_skipped");
    client
        .batch_execute(
            "CREATE EXTENSION btree_gist;
             CREATE TABLE booking (room integer, during tstzrange,
               CONSTRAINT booking_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
             CREATE TABLE measurement (at date NOT NULL, v integer) PARTITION BY RANGE (at);
             CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
             ALTER TABLE measurement_2024 ALTER COLUMN v SET DEFAULT 1;
             CREATE VIEW v AS SELECT 1 AS one;
             CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'begin return null; end';
             CREATE TRIGGER v_instead INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION f();
             CREATE TABLE base (a integer); CREATE TABLE derived (b integer) INHERITS (base);
             CREATE FOREIGN DATA WRAPPER nothing; CREATE SERVER nowhere FOREIGN DATA WRAPPER nothing;
             CREATE FOREIGN TABLE remote (a integer) SERVER nowhere;
             ALTER TABLE base ADD CONSTRAINT base_a_check CHECK (a > 0) NOT VALID;
             CREATE TABLE dup (a integer); INSERT INTO dup VALUES (1), (1);
             CREATE AGGREGATE total (integer) (SFUNC = int4pl, STYPE = integer);
             ALTER TABLE dup ENABLE ROW LEVEL SECURITY, REPLICA IDENTITY FULL;
             CREATE POLICY dup_read ON dup FOR SELECT USING (a > 0);
             GRANT SELECT ON dup TO PUBLIC;
             CREATE RULE dup_quiet AS ON DELETE TO dup DO INSTEAD NOTHING;
             CREATE FUNCTION g() RETURNS integer LANGUAGE sql SET search_path = public AS 'select 1';",
        )
        .unwrap();
    // A concurrent build that fails leaves an invalid index behind.
    assert!(client.batch_execute("CREATE UNIQUE INDEX CONCURRENTLY dup_a_idx ON dup (a)").is_err());
    let introspected = introspect(&mut client, &all()).unwrap();
    assert_eq!(
        introspected
            .unmodelled
            .iter()
            .map(|item| format!("{} {}: {}", item.kind, item.name, item.why))
            .collect::<Vec<_>>(),
        [
            "NOT VALID constraint public.base.base_a_check: NOT VALID is not modelled: read as valid",
            "NOT VALID constraint public.derived.base_a_check: NOT VALID is not modelled: read as valid",
            "exclusion constraint public.booking.booking_no_overlap: exclusion constraints are not modelled",
            "inheritance public.derived: INHERITS is not modelled: read as a plain table",
            "invalid index public.dup_a_idx: a failed concurrent build: read as valid",
            "partition column public.measurement_2024.v: a default or NOT NULL of one partition only is not modelled: read as its parent's",
        ]
    );
    // Carried whole.
    let objects: Vec<String> = introspected.catalog.objects.keys().map(|id| id.to_string()).collect();
    assert_eq!(
        objects,
        [
            "aggregate public.total(integer)",
            "foreign data wrapper nothing",
            "foreign table public.remote",
            "rule dup_quiet ON public.dup",
            "server nowhere",
        ]
    );
    let booking = &introspected.catalog.tables[&QualName::new("public", "booking")];
    assert!(booking.constraints.is_empty() && booking.indexes.is_empty());
    let partition = &introspected.catalog.tables[&QualName::new("public", "measurement_2024")];
    assert_eq!(partition.partition_of.as_ref().map(|of| of.parent.to_string()), Some("public.measurement".to_string()));
    assert!(partition.columns.is_empty());
}

/// Cases where lowering once disagreed with what PostgreSQL reports; each
/// now round-trips: created from the schema file and introspected, it equals
/// the lowered catalog (up to the SQL text PostgreSQL normalizes).
#[test]
fn former_lowering_mismatches_now_match_postgres() {
    if cluster_or_skip().is_none() {
        return;
    }
    let cases = [
        // PostgreSQL drops type modifiers of function arguments and results.
        ("function_typmods", "function f(a varchar(10)) returns numeric(10,2) language sql as $$ select 1 $$"),
        // PostgreSQL keeps no array dimensions: int[][] is integer[].
        ("array_dimensions", "table t {\n  grid int[][]\n}"),
        // An explicit default operator class is not recorded as such.
        ("default_opclass", "table t {\n  a integer\n  index (a int4_ops)\n}"),
        // A top-level COLLATE in an index expression is a column with a collation.
        ("collate_expression", "table t {\n  y text\n  index ((y collate \"C\"))\n}"),
        // `public` always exists; its comment is managed (`''`: none).
        ("public_comment", "schema public comment 'mine'"),
        ("public_no_comment", "schema public comment ''"),
    ];
    let mut failures = Vec::new();
    for (name, text) in cases {
        let lowered = compile_text(text).unwrap_or_else(|rendered| panic!("{name}: {rendered}"));
        let (_, mut client) = fresh_database(&format!("introspect_former_mismatch_{name}"));
        let differences = match create(&mut client, &lowered.catalog, &lowered.meta) {
            Err(err) => vec![err],
            Ok(()) => compare(&lowered.catalog, &introspect(&mut client, &all()).unwrap().catalog, true),
        };
        if !differences.is_empty() {
            failures.push(format!("{name}: differs from PostgreSQL:\n{}", differences.join("\n")));
        }
    }
    report(failures);
}

// ------------------------------------------- recorded dependencies in plans

/// Changes where only `pg_depend` knows that a view must go first: its body
/// names no column, type or function the change touches, but PostgreSQL ties
/// the view to one. Planned with the facts of the live source, each applies
/// cleanly and gives the target; its rollback, planned with the target's
/// facts, restores the source.
#[test]
fn recorded_dependencies_order_views_around_changes() {
    let Some(cluster) = cluster_or_skip() else { return };
    let shadow = godwit::shadow::Shadow::external(&cluster.url("postgres")).unwrap();
    let direct = PlanOptions { mode: Mode::Direct };
    let cases = [
        (
            "enum_label_removed_under_a_cast",
            "CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE VIEW v AS SELECT 'a'::mood AS m;",
            "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE VIEW v AS SELECT 'a'::mood AS m;",
        ),
        (
            "domain_recreated_under_a_cast",
            "CREATE DOMAIN code AS integer; CREATE VIEW v AS SELECT 1::code AS c;",
            "CREATE DOMAIN code AS bigint; CREATE VIEW v AS SELECT 1::code AS c;",
        ),
        (
            "enum_label_removed_under_a_function_of_the_view",
            "CREATE TYPE mood AS ENUM ('a', 'b', 'c');
             CREATE FUNCTION first_mood() RETURNS mood LANGUAGE sql AS $$ SELECT 'a'::mood $$;
             CREATE VIEW v AS SELECT first_mood() AS m;",
            "CREATE TYPE mood AS ENUM ('a', 'b');
             CREATE FUNCTION first_mood() RETURNS mood LANGUAGE sql AS $$ SELECT 'a'::mood $$;
             CREATE VIEW v AS SELECT first_mood() AS m;",
        ),
    ];
    let mut failures = Vec::new();
    for (name, from_sql, to_sql) in cases {
        let (_, mut client) = fresh_database(&format!("depend_{name}"));
        client.batch_execute(from_sql).unwrap();
        let current = introspect(&mut client, &all()).unwrap();
        let desired = shadow.load_sql(to_sql, "to.sql", &IntrospectOptions::default()).unwrap();
        let forward = godwit::plan::plan_with_facts(
            &current.catalog,
            &current.facts(),
            &desired.catalog,
            &Meta::default(),
            &direct,
        );
        let script = godwit::render::sql_script(&forward);
        if let Err(err) = godwit::apply::apply(&mut client, &forward, |_, _| {}) {
            failures.push(format!("{name}: the plan fails: {err}\n{script}"));
            continue;
        }
        let after = introspect(&mut client, &all()).unwrap();
        if after.catalog != desired.catalog {
            failures.push(format!("{name}: the result differs from the target\n{script}"));
            continue;
        }
        let rollback = godwit::plan::rollback_plan_with_facts(
            &current.catalog,
            &desired.catalog,
            &after.facts(),
            &Meta::default(),
            &direct,
        );
        if let Err(err) = godwit::apply::apply(&mut client, &rollback, |_, _| {}) {
            failures.push(format!("{name}: the rollback fails: {err}\n{}", godwit::render::sql_script(&rollback)));
            continue;
        }
        if introspect(&mut client, &all()).unwrap().catalog != current.catalog {
            failures.push(format!("{name}: the rollback does not restore the source"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The shadow database proves each phase of a zero-downtime plan and its
/// rollback, and a rollback that does not give back the schema from before
/// its phase is caught.
#[test]
fn shadow_proves_each_phase_and_its_rollback() {
    let Some(cluster) = cluster_or_skip() else { return };
    let shadow = godwit::shadow::Shadow::external(&cluster.url("postgres")).unwrap();
    let from = shadow
        .load_sql(
            "CREATE TABLE t (id bigint PRIMARY KEY, a text); INSERT INTO t VALUES (1, 'x');",
            "from.sql",
            &IntrospectOptions::default(),
        )
        .unwrap();
    let to = shadow
        .load_sql(
            "CREATE TABLE t (id bigint PRIMARY KEY, a text NOT NULL, b uuid NOT NULL DEFAULT gen_random_uuid());
             CREATE INDEX t_a_idx ON t (a);",
            "to.sql",
            &IntrospectOptions::default(),
        )
        .unwrap();
    let options = PlanOptions { mode: Mode::ZeroDowntime };
    let mut facts = from.facts();
    // A populated table, so that the recipes (not the plain path) are used.
    facts
        .table_stats
        .insert(godwit::ir::QualName::new("public", "t"), godwit::ir::TableStats { reltuples: 1000.0, relpages: 10 });
    let plan = godwit::plan::plan_with_facts(&from.catalog, &facts, &to.catalog, &Meta::default(), &options);
    let phases: Vec<&str> =
        plan.phases.iter().filter(|phase| !phase.steps.is_empty()).map(|phase| phase.name.as_str()).collect();
    assert_eq!(phases, ["expand", "backfill"], "{}", godwit::render::sql_script(&plan));
    for index in 0..plan.phases.len() {
        assert!(plan.phase_rollback(index).is_ok(), "phase {index} has no rollback");
    }
    shadow.prove_phases(&from.catalog, &plan, &to.catalog).unwrap();

    // A rollback that forgets to drop the index it should drop.
    let mut broken = plan.clone();
    let step = broken.phases[0]
        .steps
        .iter_mut()
        .find(|step| step.builds_index.is_some())
        .expect("the index is built concurrently");
    step.rollback = Some(Vec::new());
    let err = shadow.prove_phases(&from.catalog, &broken, &to.catalog).unwrap_err().to_string();
    assert!(err.contains("rollback of the expand phase") && err.contains("t_a_idx"), "{err}");
}
