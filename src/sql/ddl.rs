//! The SQL statements of one change.
//!
//! Conventions: keywords in upper case; identifiers only through
//! [`quote`](super::quote); the user's SQL text (defaults, checks, bodies)
//! inserted verbatim; statements without the trailing `;` (the script adds
//! it); a table's columns on their own lines, indented by four spaces. The
//! renderer makes no choice: order and recipe are the planner's.

use super::quote::{data_type, ident, literal, qualified};
use crate::diff::{Change, CommentTarget, EnumPosition, is_widening};
use crate::ir::{
    ArgMode, BaseType, Column, Constraint, ConstraintKind, DataType, Deferrable, Domain, FkAction, ForeignKey,
    Function, Identity, Index, IndexKey, QualName, Returns, Sequence, SequenceOptions, Table, Trigger, TriggerEvent,
    TriggerTiming, Volatility,
};

/// The statements that carry out `change`, each without a trailing `;`.
pub fn statements(change: &Change) -> Vec<String> {
    match change {
        Change::CreateExtension(extension) => {
            let mut res = format!("CREATE EXTENSION {}", ident(&extension.name));
            if let Some(schema) = &extension.schema {
                res.push_str(&format!(" WITH SCHEMA {}", ident(schema)));
            }
            vec![res]
        }
        Change::DropExtension(extension) => vec![format!("DROP EXTENSION {}", ident(&extension.name))],
        Change::SetExtensionSchema { name, schema, .. } => {
            vec![format!("ALTER EXTENSION {} SET SCHEMA {}", ident(name), ident(schema))]
        }
        Change::CreateSchema(namespace) => vec![format!("CREATE SCHEMA {}", ident(&namespace.name))],
        Change::DropSchema(namespace) => vec![format!("DROP SCHEMA {}", ident(&namespace.name))],

        Change::CreateEnum(it) => vec![create_enum(&it.name, &it.labels)],
        Change::DropEnum(it) => vec![format!("DROP TYPE {}", qualified(&it.name))],
        Change::RenameEnum { from, to } => rename("TYPE", from, to),
        Change::AddEnumValue { name, value, position } => {
            // IF NOT EXISTS: a phase run again (after its rollback, which
            // cannot remove the label, or after a stop) finds it there.
            let mut res = format!("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}", qualified(name), literal(value));
            match position {
                Some(EnumPosition::Before(label)) => res.push_str(&format!(" BEFORE {}", literal(label))),
                Some(EnumPosition::After(label)) => res.push_str(&format!(" AFTER {}", literal(label))),
                None => {}
            }
            vec![res]
        }
        Change::RecreateEnum { name, labels, columns, .. } => {
            let temp = QualName::new(name.schema.clone(), format!("{}__godwit_new", name.name));
            let mut res = vec![create_enum(&temp, labels)];
            for column in columns {
                let table = qualified(&column.table);
                let col = ident(&column.column);
                if column.previous_default.is_some() {
                    res.push(format!("ALTER TABLE {table} ALTER COLUMN {col} DROP DEFAULT"));
                }
                let dims = "[]".repeat(usize::from(column.array_dims));
                let new_type = format!("{}{dims}", qualified(&temp));
                res.push(format!(
                    "ALTER TABLE {table} ALTER COLUMN {col} TYPE {new_type} USING {col}::text{dims}::{new_type}"
                ));
            }
            res.push(format!("DROP TYPE {}", qualified(name)));
            res.push(format!("ALTER TYPE {} RENAME TO {}", qualified(&temp), ident(&name.name)));
            for column in columns {
                if let Some(default) = &column.default {
                    res.push(format!(
                        "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
                        qualified(&column.table),
                        ident(&column.column)
                    ));
                }
            }
            res
        }

        Change::CreateDomain(domain) => vec![create_domain(domain)],
        Change::DropDomain(domain) => vec![format!("DROP DOMAIN {}", qualified(&domain.name))],
        Change::SetDomainDefault { name, default: Some(default), .. } => {
            vec![format!("ALTER DOMAIN {} SET DEFAULT {default}", qualified(name))]
        }
        Change::SetDomainDefault { name, default: None, .. } => {
            vec![format!("ALTER DOMAIN {} DROP DEFAULT", qualified(name))]
        }
        Change::SetDomainNotNull { name, not_null } => {
            let verb = if *not_null { "SET" } else { "DROP" };
            vec![format!("ALTER DOMAIN {} {verb} NOT NULL", qualified(name))]
        }
        Change::AddDomainConstraint { name, constraint, expr } => {
            vec![format!("ALTER DOMAIN {} ADD CONSTRAINT {} CHECK ({expr})", qualified(name), ident(constraint))]
        }
        Change::DropDomainConstraint { name, constraint, .. } => {
            vec![format!("ALTER DOMAIN {} DROP CONSTRAINT {}", qualified(name), ident(constraint))]
        }

        Change::CreateSequence(sequence) => vec![create_sequence(sequence)],
        Change::DropSequence(sequence) => vec![format!("DROP SEQUENCE {}", qualified(&sequence.name))],
        Change::AlterSequence { name, from, to } => {
            vec![format!("ALTER SEQUENCE {}{}", qualified(name), sequence_options_diff(from, to))]
        }
        Change::SetSequenceOwner { name, owned_by, .. } => {
            let owner = match owned_by {
                Some((table, column)) => format!("{}.{}", qualified(table), ident(column)),
                None => "NONE".to_string(),
            };
            vec![format!("ALTER SEQUENCE {} OWNED BY {owner}", qualified(name))]
        }

        Change::CreateTable(table) => vec![create_table(table)],
        Change::DropTable(table) => vec![format!("DROP TABLE {}", qualified(&table.name))],
        Change::RenameTable { from, to } => rename("TABLE", from, to),
        Change::SetTableLogged { table, unlogged } => {
            let what = if *unlogged { "UNLOGGED" } else { "LOGGED" };
            vec![format!("ALTER TABLE {} SET {what}", qualified(table))]
        }

        Change::AddColumn { table, column, backfill: None, .. } => {
            vec![format!("ALTER TABLE {} ADD COLUMN {}", qualified(table), column_definition(column))]
        }
        Change::AddColumn { table, column, backfill: Some(expr), .. } => {
            // Add it nullable, fill the existing rows, then require values.
            let nullable = Column { not_null: false, ..column.clone() };
            let table = qualified(table);
            let col = ident(&column.name);
            vec![
                format!("ALTER TABLE {table} ADD COLUMN {}", column_definition(&nullable)),
                format!("UPDATE {table} SET {col} = ({expr})"),
                format!("ALTER TABLE {table} ALTER COLUMN {col} SET NOT NULL"),
            ]
        }
        Change::DropColumn { table, column } => {
            vec![format!("ALTER TABLE {} DROP COLUMN {}", qualified(table), ident(&column.name))]
        }
        Change::RenameColumn { table, from, to } => {
            vec![format!("ALTER TABLE {} RENAME COLUMN {} TO {}", qualified(table), ident(from), ident(to))]
        }
        Change::AlterColumnType { table, column, from, to, collation, using, previous_default, default, .. } => {
            let table = qualified(table);
            let col = ident(column);
            let mut res = Vec::new();
            if previous_default.is_some() {
                res.push(format!("ALTER TABLE {table} ALTER COLUMN {col} DROP DEFAULT"));
            }
            let mut alter = format!("ALTER TABLE {table} ALTER COLUMN {col} TYPE {}", data_type(to));
            if let Some(collation) = collation {
                alter.push_str(&format!(" COLLATE {}", ident(collation)));
            }
            match using {
                Some(using) => alter.push_str(&format!(" USING {using}")),
                // A widening change has an assignment cast: no USING needed.
                None if is_widening(from, to) => {}
                // Enums have no casts between each other: go through text.
                None if from.array_dims == to.array_dims
                    && (matches!(from.base, BaseType::Named(_)) || matches!(to.base, BaseType::Named(_))) =>
                {
                    let dims = "[]".repeat(usize::from(to.array_dims));
                    alter.push_str(&format!(" USING {col}::text{dims}::{}", data_type(to)));
                }
                None => alter.push_str(&format!(" USING {col}::{}", data_type(to))),
            }
            res.push(alter);
            if let Some(default) = default {
                res.push(format!("ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT {default}"));
            }
            res
        }
        Change::SetNotNull { table, column } => alter_column(table, column, "SET NOT NULL"),
        Change::DropNotNull { table, column } => alter_column(table, column, "DROP NOT NULL"),
        Change::SetDefault { table, column, default, .. } => {
            alter_column(table, column, &format!("SET DEFAULT {default}"))
        }
        Change::DropDefault { table, column, .. } => alter_column(table, column, "DROP DEFAULT"),
        Change::DropGenerated { table, column } => alter_column(table, column, "DROP EXPRESSION"),
        Change::AddIdentity { table, column, identity } => {
            alter_column(table, column, &format!("ADD {}", identity_clause(identity)))
        }
        Change::DropIdentity { table, column } => alter_column(table, column, "DROP IDENTITY"),
        Change::AlterIdentity { table, column, from, to } => {
            let mut parts = Vec::new();
            if from.always != to.always {
                parts.push(format!("SET GENERATED {}", if to.always { "ALWAYS" } else { "BY DEFAULT" }));
            }
            for option in sequence_option_changes(&from.options, &to.options, false) {
                parts.push(format!("SET {option}"));
            }
            if parts.is_empty() {
                return Vec::new();
            }
            alter_column(table, column, &parts.join(" "))
        }

        Change::AddConstraint { table, constraint, .. } => {
            vec![format!("ALTER TABLE {} ADD {}", qualified(table), constraint_definition(constraint))]
        }
        Change::DropConstraint { table, constraint } => {
            vec![format!("ALTER TABLE {} DROP CONSTRAINT {}", qualified(table), ident(&constraint.name))]
        }
        Change::RenameConstraint { table, from, to, .. } => {
            vec![format!("ALTER TABLE {} RENAME CONSTRAINT {} TO {}", qualified(table), ident(from), ident(to))]
        }

        Change::CreateIndex { table, index } => vec![create_index(table, index)],
        Change::DropIndex { table, index } => {
            vec![format!("DROP INDEX {}", qualified(&QualName::new(table.schema.clone(), index.name.clone())))]
        }
        Change::RenameIndex { table, from, to } => {
            let from = QualName::new(table.schema.clone(), from.clone());
            vec![format!("ALTER INDEX {} RENAME TO {}", qualified(&from), ident(to))]
        }

        Change::CreateView(view) => {
            vec![format!("CREATE {}{} AS\n{}", view_keyword(view.materialized), qualified(&view.name), view.body)]
        }
        Change::DropView(view) => vec![format!("DROP {}{}", view_keyword(view.materialized), qualified(&view.name))],
        Change::RenameView { from, to, materialized } => rename(view_keyword(*materialized).trim_end(), from, to),

        Change::CreateFunction(function) => vec![create_function(function, false)],
        Change::ReplaceFunction { function, .. } => vec![create_function(function, true)],
        Change::DropFunction(function) => {
            let what = if function.procedure { "PROCEDURE" } else { "FUNCTION" };
            vec![format!("DROP {what} {}", signature(&function.name, &input_types(function)))]
        }

        Change::CreateTrigger { table, trigger } => vec![create_trigger(table, trigger)],
        Change::DropTrigger { table, trigger } => {
            vec![format!("DROP TRIGGER {} ON {}", ident(&trigger.name), qualified(table))]
        }

        Change::SetComment { target, comment, .. } => {
            let text = match comment {
                Some(comment) => literal(comment),
                None => "NULL".to_string(),
            };
            vec![format!("COMMENT ON {} IS {text}", comment_target(target))]
        }
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

pub(crate) fn create_enum(name: &QualName, labels: &[String]) -> String {
    let labels: Vec<String> = labels.iter().map(|label| literal(label)).collect();
    format!("CREATE TYPE {} AS ENUM ({})", qualified(name), labels.join(", "))
}

fn create_domain(domain: &Domain) -> String {
    let mut res = format!("CREATE DOMAIN {} AS {}", qualified(&domain.name), data_type(&domain.base));
    if let Some(collation) = &domain.collation {
        res.push_str(&format!(" COLLATE {}", ident(collation)));
    }
    if let Some(default) = &domain.default {
        res.push_str(&format!(" DEFAULT {default}"));
    }
    if domain.not_null {
        res.push_str(" NOT NULL");
    }
    for (name, expr) in &domain.checks {
        res.push_str(&format!(" CONSTRAINT {} CHECK ({expr})", ident(name)));
    }
    res
}

pub(crate) fn create_sequence(sequence: &Sequence) -> String {
    let options = &sequence.options;
    let defaults = creation_defaults(options);
    let mut res = format!("CREATE SEQUENCE {}", qualified(&sequence.name));
    if options.data_type != "bigint" {
        res.push_str(&format!(" AS {}", options.data_type));
    }
    for option in sequence_option_changes(&defaults, options, false) {
        res.push(' ');
        res.push_str(&option);
    }
    res
}

/// What `CREATE SEQUENCE` assumes for the options it is not given: the
/// defaults for the sequence's type and increment, with the increment itself
/// 1 (so that any other increment is written out).
fn creation_defaults(options: &SequenceOptions) -> SequenceOptions {
    let mut defaults = SequenceOptions::defaults(&options.data_type, options.increment);
    defaults.increment = 1;
    defaults
}

/// The options of `to` that differ from `from`, each as a clause.
/// `with_type` includes `AS type`.
fn sequence_option_changes(from: &SequenceOptions, to: &SequenceOptions, with_type: bool) -> Vec<String> {
    let mut res = Vec::new();
    if with_type && from.data_type != to.data_type {
        res.push(format!("AS {}", to.data_type));
    }
    if from.increment != to.increment {
        res.push(format!("INCREMENT BY {}", to.increment));
    }
    if from.min_value != to.min_value {
        res.push(format!("MINVALUE {}", to.min_value));
    }
    if from.max_value != to.max_value {
        res.push(format!("MAXVALUE {}", to.max_value));
    }
    if from.start != to.start {
        res.push(format!("START WITH {}", to.start));
    }
    if from.cache != to.cache {
        res.push(format!("CACHE {}", to.cache));
    }
    if from.cycle != to.cycle {
        res.push(if to.cycle { "CYCLE".to_string() } else { "NO CYCLE".to_string() });
    }
    res
}

fn sequence_options_diff(from: &SequenceOptions, to: &SequenceOptions) -> String {
    let mut res = String::new();
    for option in sequence_option_changes(from, to, true) {
        res.push(' ');
        res.push_str(&option);
    }
    res
}

pub(crate) fn identity_clause(identity: &Identity) -> String {
    let mut res = format!("GENERATED {} AS IDENTITY", if identity.always { "ALWAYS" } else { "BY DEFAULT" });
    let options = &identity.options;
    let defaults = creation_defaults(options);
    let changes = sequence_option_changes(&defaults, options, false);
    if !changes.is_empty() {
        res.push_str(&format!(" ({})", changes.join(" ")));
    }
    res
}

/// `name type [COLLATE c] [GENERATED …] [DEFAULT …] [NOT NULL]`.
pub(crate) fn column_definition(column: &Column) -> String {
    let mut res = format!("{} {}", ident(&column.name), data_type(&column.ty));
    if let Some(collation) = &column.collation {
        res.push_str(&format!(" COLLATE {}", ident(collation)));
    }
    if let Some(generated) = &column.generated {
        res.push_str(&format!(" GENERATED ALWAYS AS ({generated}) STORED"));
    }
    if let Some(identity) = &column.identity {
        res.push(' ');
        res.push_str(&identity_clause(identity));
    }
    if let Some(default) = &column.default {
        res.push_str(&format!(" DEFAULT {default}"));
    }
    if column.not_null {
        res.push_str(" NOT NULL");
    }
    res
}

fn create_table(table: &Table) -> String {
    let mut lines: Vec<String> = table.columns.values().map(column_definition).collect();
    for constraint in table.constraints.values() {
        if !matches!(constraint.kind, ConstraintKind::ForeignKey(_)) {
            lines.push(constraint_definition(constraint));
        }
    }
    let unlogged = if table.unlogged { "UNLOGGED " } else { "" };
    if lines.is_empty() {
        return format!("CREATE {unlogged}TABLE {} ()", qualified(&table.name));
    }
    format!("CREATE {unlogged}TABLE {} (\n    {}\n)", qualified(&table.name), lines.join(",\n    "))
}

fn column_list(columns: &[String]) -> String {
    let columns: Vec<String> = columns.iter().map(|column| ident(column)).collect();
    columns.join(", ")
}

/// `CONSTRAINT name …`, as in `CREATE TABLE` and `ADD`.
pub(crate) fn constraint_definition(constraint: &Constraint) -> String {
    let mut res = format!("CONSTRAINT {} ", ident(&constraint.name));
    match &constraint.kind {
        ConstraintKind::PrimaryKey { columns } => res.push_str(&format!("PRIMARY KEY ({})", column_list(columns))),
        ConstraintKind::Unique { columns, nulls_not_distinct } => {
            res.push_str("UNIQUE ");
            if *nulls_not_distinct {
                res.push_str("NULLS NOT DISTINCT ");
            }
            res.push_str(&format!("({})", column_list(columns)));
        }
        ConstraintKind::Check { expr } => res.push_str(&format!("CHECK ({expr})")),
        ConstraintKind::ForeignKey(fk) => res.push_str(&foreign_key(fk)),
    }
    let is_check = matches!(constraint.kind, ConstraintKind::Check { .. });
    match constraint.deferrable {
        Deferrable::NotDeferrable => {}
        _ if is_check => {}
        Deferrable::Deferrable => res.push_str(" DEFERRABLE"),
        Deferrable::InitiallyDeferred => res.push_str(" DEFERRABLE INITIALLY DEFERRED"),
    }
    res
}

fn foreign_key(fk: &ForeignKey) -> String {
    let mut res = format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        column_list(&fk.columns),
        qualified(&fk.ref_table),
        column_list(&fk.ref_columns)
    );
    if fk.match_full {
        res.push_str(" MATCH FULL");
    }
    if fk.on_delete != FkAction::NoAction {
        res.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if fk.on_update != FkAction::NoAction {
        res.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    res
}

pub(crate) fn create_index(table: &QualName, index: &Index) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    let mut res = format!("CREATE {unique}INDEX {} ON {}", ident(&index.name), qualified(table));
    if index.method != "btree" {
        res.push_str(&format!(" USING {}", ident(&index.method)));
    }
    let elements: Vec<String> = index
        .elements
        .iter()
        .map(|element| {
            let mut res = match &element.key {
                IndexKey::Column(column) => ident(column),
                IndexKey::Expr(expr) => format!("({expr})"),
            };
            if let Some(collation) = &element.collation {
                res.push_str(&format!(" COLLATE {}", ident(collation)));
            }
            if let Some(opclass) = &element.opclass {
                res.push_str(&format!(" {}", ident(opclass)));
            }
            if element.descending {
                res.push_str(" DESC");
            }
            // The default is NULLS FIRST for descending, NULLS LAST for ascending.
            if element.nulls_first != element.descending {
                res.push_str(if element.nulls_first { " NULLS FIRST" } else { " NULLS LAST" });
            }
            res
        })
        .collect();
    res.push_str(&format!(" ({})", elements.join(", ")));
    if !index.include.is_empty() {
        res.push_str(&format!(" INCLUDE ({})", column_list(&index.include)));
    }
    if index.nulls_not_distinct {
        res.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &index.predicate {
        res.push_str(&format!(" WHERE ({predicate})"));
    }
    res
}

fn input_types(function: &Function) -> Vec<DataType> {
    function.args.iter().filter(|arg| arg.mode != ArgMode::Out).map(|arg| arg.ty.clone()).collect()
}

/// `schema.name(type, …)`.
fn signature(name: &QualName, arg_types: &[DataType]) -> String {
    let types: Vec<String> = arg_types.iter().map(data_type).collect();
    format!("{}({})", qualified(name), types.join(", "))
}

/// A dollar-quote tag that does not occur in `body`: `$$`, else `$godwit$`,
/// `$godwit1$`, …
pub(crate) fn dollar_tag(body: &str) -> String {
    if !body.contains("$$") {
        return "$$".to_string();
    }
    let mut idx = 0usize;
    loop {
        let tag = if idx == 0 { "$godwit$".to_string() } else { format!("$godwit{idx}$") };
        if !body.contains(&tag) {
            return tag;
        }
        idx += 1;
    }
}

fn create_function(function: &Function, replace: bool) -> String {
    let what = if function.procedure { "PROCEDURE" } else { "FUNCTION" };
    let or_replace = if replace { "OR REPLACE " } else { "" };
    let args: Vec<String> = function
        .args
        .iter()
        .map(|arg| {
            let mut res = String::new();
            match arg.mode {
                ArgMode::In => {}
                ArgMode::Out => res.push_str("OUT "),
                ArgMode::InOut => res.push_str("INOUT "),
                ArgMode::Variadic => res.push_str("VARIADIC "),
            }
            if let Some(name) = &arg.name {
                res.push_str(&ident(name));
                res.push(' ');
            }
            res.push_str(&data_type(&arg.ty));
            if let Some(default) = &arg.default {
                res.push_str(&format!(" DEFAULT {default}"));
            }
            res
        })
        .collect();
    let mut res = format!("CREATE {or_replace}{what} {}({})", qualified(&function.name), args.join(", "));
    match &function.returns {
        Some(Returns::Type(ty)) => res.push_str(&format!(" RETURNS {}", data_type(ty))),
        Some(Returns::SetOf(ty)) => res.push_str(&format!(" RETURNS SETOF {}", data_type(ty))),
        Some(Returns::Table(columns)) => {
            let columns: Vec<String> =
                columns.iter().map(|(name, ty)| format!("{} {}", ident(name), data_type(ty))).collect();
            res.push_str(&format!(" RETURNS TABLE ({})", columns.join(", ")));
        }
        None => {}
    }
    res.push_str(&format!("\nLANGUAGE {}", ident(&function.language)));
    if !function.procedure {
        match function.volatility {
            Volatility::Immutable => res.push_str(" IMMUTABLE"),
            Volatility::Stable => res.push_str(" STABLE"),
            Volatility::Volatile => {}
        }
        if function.strict {
            res.push_str(" STRICT");
        }
    }
    if function.security_definer {
        res.push_str(" SECURITY DEFINER");
    }
    let tag = dollar_tag(&function.body);
    res.push_str(&format!("\nAS {tag}{}{tag}", function.body));
    res
}

fn create_trigger(table: &QualName, trigger: &Trigger) -> String {
    let timing = match trigger.timing {
        TriggerTiming::Before => "BEFORE",
        TriggerTiming::After => "AFTER",
        TriggerTiming::InsteadOf => "INSTEAD OF",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            TriggerEvent::Insert => "INSERT".to_string(),
            TriggerEvent::Update(columns) if columns.is_empty() => "UPDATE".to_string(),
            TriggerEvent::Update(columns) => format!("UPDATE OF {}", column_list(columns)),
            TriggerEvent::Delete => "DELETE".to_string(),
            TriggerEvent::Truncate => "TRUNCATE".to_string(),
        })
        .collect();
    let each = if trigger.for_each_row { "ROW" } else { "STATEMENT" };
    let mut res = format!(
        "CREATE TRIGGER {} {timing} {} ON {} FOR EACH {each}",
        ident(&trigger.name),
        events.join(" OR "),
        qualified(table)
    );
    if let Some(when) = &trigger.when {
        res.push_str(&format!(" WHEN ({when})"));
    }
    let args: Vec<String> = trigger.args.iter().map(|arg| literal(arg)).collect();
    res.push_str(&format!(" EXECUTE FUNCTION {}({})", qualified(&trigger.function), args.join(", ")));
    res
}

fn comment_target(target: &CommentTarget) -> String {
    match target {
        CommentTarget::Extension(name) => format!("EXTENSION {}", ident(name)),
        CommentTarget::Schema(name) => format!("SCHEMA {}", ident(name)),
        CommentTarget::Enum(name) => format!("TYPE {}", qualified(name)),
        CommentTarget::Domain(name) => format!("DOMAIN {}", qualified(name)),
        CommentTarget::Sequence(name) => format!("SEQUENCE {}", qualified(name)),
        CommentTarget::Table(name) => format!("TABLE {}", qualified(name)),
        CommentTarget::Column(table, column) => format!("COLUMN {}.{}", qualified(table), ident(column)),
        CommentTarget::Constraint(table, name) => format!("CONSTRAINT {} ON {}", ident(name), qualified(table)),
        CommentTarget::Index(table, name) => {
            format!("INDEX {}", qualified(&QualName::new(table.schema.clone(), name.clone())))
        }
        CommentTarget::Trigger(table, name) => format!("TRIGGER {} ON {}", ident(name), qualified(table)),
        CommentTarget::View { name, materialized } => format!("{}{}", view_keyword(*materialized), qualified(name)),
        CommentTarget::Function { name, procedure, arg_types } => {
            let what = if *procedure { "PROCEDURE" } else { "FUNCTION" };
            format!("{what} {}", signature(name, arg_types))
        }
    }
}
