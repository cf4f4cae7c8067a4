//! Tables: the layout of a table block and its items, and a table of the IR as a syntax tree.

use super::from_ir::*;
use super::*;
use crate::ir::*;
use crate::lower::default_pkey_name;
use crate::syntax::ast::*;
use indexmap::IndexMap;

impl Printer<'_> {
    pub(super) fn table(&mut self, table: &TableDef, end: usize) {
        let mut head = format!("{}table {}", if table.unlogged { "unlogged " } else { "" }, qualified(&table.name));
        if let Some(of) = &table.partition_of {
            head.push_str(&format!(" partition of {} {}", qualified(&of.parent), bound_text(&of.bound)));
        }
        if let Some(by) = &table.partition_by {
            head.push_str(&format!(" partition by {} ({})", by.strategy, by.key.text.trim()));
        }
        if table.items.is_empty() && !self.comments_before(end) {
            // A partition needs no block.
            if table.partition_of.is_some() {
                self.out.push_str(&head);
                self.out.push('\n');
            } else {
                self.out.push_str(&head);
                self.out.push_str(" {}\n");
            }
            return;
        }
        let header = format!("{head} {{");
        self.out.push_str(&header);
        self.out.push('\n');
        let name_width = table
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                TableItemKind::Column(column) => Some(column_name(&column.name.text).chars().count()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let mut previous_was_column = None;
        for item in &table.items {
            let is_column = matches!(item.kind, TableItemKind::Column(_));
            self.flush_trailing_comments(item.span.start);
            if previous_was_column == Some(true) && !is_column {
                self.out.push('\n');
            }
            self.flush_comments(item.span.start, INDENT);
            self.attributes(&item.attributes, INDENT);
            self.out.push_str(INDENT);
            self.out.push_str(&table_item_text(&item.kind, name_width));
            self.out.push('\n');
            self.last_end = item.span.end;
            previous_was_column = Some(is_column);
        }
        self.flush_comments(end, INDENT);
        self.out.push_str("}\n");
    }
}

pub(super) fn constraint_prefix(name: &Option<Name>) -> String {
    name.as_ref().map_or_else(String::new, |name| format!("constraint {} ", quote::ident(&name.text)))
}

pub(super) fn optional_name(name: &Option<Name>) -> String {
    name.as_ref().map_or_else(String::new, |name| format!("{} ", quote::ident(&name.text)))
}

pub(super) fn fk_options_text(options: &[FkOption]) -> String {
    let mut res = String::new();
    for option in options {
        res.push(' ');
        res.push_str(&match option {
            FkOption::Match { full: true } => "match full".to_string(),
            FkOption::Match { full: false } => "match simple".to_string(),
            FkOption::OnDelete(action) => format!("on delete {}", action_text(*action)),
            FkOption::OnUpdate(action) => format!("on update {}", action_text(*action)),
            FkOption::Deferrable(value) => deferrable_text(*value).to_string(),
        });
    }
    res
}

pub(super) fn action_text(action: FkActionAst) -> &'static str {
    match action {
        FkActionAst::NoAction => "no action",
        FkActionAst::Restrict => "restrict",
        FkActionAst::Cascade => "cascade",
        FkActionAst::SetNull => "set null",
        FkActionAst::SetDefault => "set default",
    }
}

pub(super) fn deferrable_text(value: DeferrableAst) -> &'static str {
    match value {
        DeferrableAst::NotDeferrable => "not deferrable",
        DeferrableAst::Deferrable => "deferrable",
        DeferrableAst::InitiallyImmediate => "deferrable initially immediate",
        DeferrableAst::InitiallyDeferred => "deferrable initially deferred",
    }
}

pub(super) fn column_clause_text(clause: &ColumnClauseKind) -> String {
    match clause {
        ColumnClauseKind::NotNull => "not null".to_string(),
        ColumnClauseKind::Null => "null".to_string(),
        ColumnClauseKind::Default(expr) => format!("default {}", term_text(&expr.text)),
        ColumnClauseKind::Identity { always, options } => {
            let mut res = format!("generated {} as identity", if *always { "always" } else { "by default" });
            if !options.is_empty() {
                let parts: Vec<String> = options.iter().map(seq_option_text).collect();
                res.push_str(&format!(" ({})", parts.join(" ")));
            }
            res
        }
        ColumnClauseKind::Generated(expr) => format!("generated always as ({}) stored", expr.text),
        ColumnClauseKind::Collate(name) => format!("collate {}", quote::ident(&name.text)),
        ColumnClauseKind::PrimaryKey { name } => format!("{}primary key", constraint_prefix(name)),
        ColumnClauseKind::Unique { name, nulls_not_distinct } => {
            format!("{}unique{}", constraint_prefix(name), if *nulls_not_distinct { " nulls not distinct" } else { "" })
        }
        ColumnClauseKind::Check { name, expr } => format!("{}check ({})", constraint_prefix(name), expr.text),
        ColumnClauseKind::References { name, table, columns, options } => format!(
            "{}references {}{}{}",
            constraint_prefix(name),
            qualified(table),
            columns.as_ref().map_or_else(String::new, |columns| format!(" {}", name_list(columns))),
            fk_options_text(options)
        ),
        ColumnClauseKind::Comment(comment) => format!("comment {}", quote::literal(&comment.value)),
    }
}

/// A column name at the start of its line: quoted when it is a word that
/// starts another table item (`index`, `trigger`, `policy`, …), which the
/// line could otherwise be read as.
fn column_name(name: &str) -> String {
    const ITEM_WORDS: &[&str] = &[
        "check",
        "column",
        "comment",
        "constraint",
        "enable",
        "force",
        "foreign",
        "index",
        "policy",
        "primary",
        "replica",
        "trigger",
        "unique",
    ];
    if ITEM_WORDS.contains(&name) { quote::quoted(name) } else { quote::ident(name) }
}

pub(super) fn table_item_text(item: &TableItemKind, name_width: usize) -> String {
    let mut res = match item {
        TableItemKind::Column(column) => {
            let name = column_name(&column.name.text);
            let padding = " ".repeat(name_width.saturating_sub(name.chars().count()) + 1);
            let mut res = format!("{name}{padding}{}", type_text(&column.ty));
            for clause in &column.clauses {
                res.push(' ');
                res.push_str(&column_clause_text(&clause.kind));
            }
            return res;
        }
        TableItemKind::Comment(comment) => return format!("comment {}", quote::literal(&comment.value)),
        TableItemKind::PrimaryKey { name, columns, comment } => {
            let mut res = format!("primary key {}{}", optional_name(name), name_list(columns));
            push_comment(&mut res, comment);
            return res;
        }
        TableItemKind::Unique(unique) => {
            let mut res = format!("unique {}{}", optional_name(&unique.name), name_list(&unique.columns));
            if unique.nulls_not_distinct {
                res.push_str(" nulls not distinct");
            }
            if let Some(value) = unique.deferrable {
                res.push(' ');
                res.push_str(deferrable_text(value));
            }
            push_comment(&mut res, &unique.comment);
            return res;
        }
        TableItemKind::Check { name, expr, comment } => {
            let mut res = format!("check {}({})", optional_name(name), expr.text);
            push_comment(&mut res, comment);
            return res;
        }
        TableItemKind::ForeignKey(fk) => {
            let mut res = format!(
                "foreign key {}{} references {}",
                optional_name(&fk.name),
                name_list(&fk.columns),
                qualified(&fk.ref_table)
            );
            if let Some(columns) = &fk.ref_columns {
                res.push(' ');
                res.push_str(&name_list(columns));
            }
            res.push_str(&fk_options_text(&fk.options));
            push_comment(&mut res, &fk.comment);
            return res;
        }
        TableItemKind::Index(index) => index_text(index),
        TableItemKind::Trigger(trigger) => trigger_text(trigger),
        TableItemKind::RowSecurity { force: false } => return "enable row level security".to_string(),
        TableItemKind::RowSecurity { force: true } => return "force row level security".to_string(),
        TableItemKind::ReplicaIdentity(identity) => {
            return match identity {
                ReplicaIdentityAst::Default => "replica identity default".to_string(),
                ReplicaIdentityAst::Full => "replica identity full".to_string(),
                ReplicaIdentityAst::Nothing => "replica identity nothing".to_string(),
                ReplicaIdentityAst::Index(index) => {
                    format!("replica identity using index {}", quote::ident(&index.text))
                }
            };
        }
        TableItemKind::Policy(policy) => return policy_text(policy),
        TableItemKind::ViewColumn { name, default, comment } => {
            let mut res = format!("column {}", quote::ident(&name.text));
            if let Some(default) = default {
                res.push_str(&format!(" default {}", term_text(&default.text)));
            }
            push_comment(&mut res, comment);
            return res;
        }
    };
    res.truncate(res.trim_end().len());
    res
}

/// How many relations and constraints of each schema carry each name.
pub(super) fn schema_name_counts(catalog: &Catalog) -> IndexMap<(Ident, Ident), usize> {
    let mut res: IndexMap<(Ident, Ident), usize> = IndexMap::new();
    let mut bump = |schema: &str, name: &str| *res.entry((schema.to_string(), name.to_string())).or_default() += 1;
    for name in catalog.sequences.keys().chain(catalog.tables.keys()).chain(catalog.views.keys()) {
        bump(&name.schema, &name.name);
    }
    for table in catalog.tables.values() {
        for name in table.constraints.keys().chain(table.indexes.keys()) {
            bump(&table.name.schema, name);
        }
    }
    res
}

/// `serials`: the columns that print as `serial` types (instead of a
/// sequence, `not null` and a `nextval` default), from `implied_serials`.
pub(super) fn table_def(
    table: &Table,
    meta: &Meta,
    name_counts: &IndexMap<(Ident, Ident), usize>,
    serials: &IndexMap<(QualName, Ident), &'static str>,
) -> TableDef {
    let pk = table.primary_key();
    let pk_columns: &[Ident] = match pk.map(|pk| &pk.kind) {
        Some(ConstraintKind::PrimaryKey { columns }) => columns,
        _ => &[],
    };
    let default_pk_name = default_pkey_name(&table.name.name);
    let pk_default_named = pk.is_some_and(|pk| {
        pk.name == default_pk_name
            && pk.comment.is_none()
            && name_counts.get(&(table.name.schema.clone(), default_pk_name.clone())).copied() == Some(1)
    });
    let inline_pk = pk_default_named && pk_columns.len() == 1;
    let mut items = Vec::new();
    let item = |attrs: Vec<Attribute>, kind: TableItemKind| TableItem { attributes: attrs, kind, span: 0..0 };
    for column in table.columns.values() {
        let mut clauses = Vec::new();
        let mut clause = |kind: ColumnClauseKind| clauses.push(ColumnClause { kind, span: 0..0 });
        if let Some(identity) = &column.identity {
            let int_type = match &column.ty.base {
                BaseType::Builtin(name) => name.as_str(),
                BaseType::Named(_) => "bigint",
            };
            clause(ColumnClauseKind::Identity {
                always: identity.always,
                options: seq_options(&identity.options, int_type),
            });
        }
        if let Some(generated) = &column.generated {
            clause(ColumnClauseKind::Generated(sql(generated)));
        }
        if let Some(collation) = &column.collation {
            clause(ColumnClauseKind::Collate(name(collation)));
        }
        let serial = serials.get(&(table.name.clone(), column.name.clone())).copied();
        let implied_not_null = pk_columns.contains(&column.name) || column.identity.is_some() || serial.is_some();
        if column.not_null && !implied_not_null {
            clause(ColumnClauseKind::NotNull);
        }
        if let Some(default) = column.default.as_ref().filter(|_| serial.is_none()) {
            clause(ColumnClauseKind::Default(sql(default)));
        }
        if inline_pk && pk_columns[0] == column.name {
            clause(ColumnClauseKind::PrimaryKey { name: None });
        }
        if let Some(text) = &column.comment {
            clause(ColumnClauseKind::Comment(string(text)));
        }
        let key = ObjectKey::Column(table.name.clone(), column.name.clone());
        items.push(item(
            attributes(meta, &key, &table.name.schema),
            TableItemKind::Column(ColumnDef {
                name: name(&column.name),
                ty: match serial {
                    Some(word) => type_expr(&DataType::builtin(word)),
                    None => type_expr(&column.ty),
                },
                clauses,
            }),
        ));
    }
    for constraint in table.constraints.values() {
        let key = ObjectKey::Constraint(table.name.clone(), constraint.name.clone());
        let attrs = attributes(meta, &key, &table.name.schema);
        let explicit = Some(name(&constraint.name));
        let kind = match &constraint.kind {
            ConstraintKind::PrimaryKey { .. } if inline_pk => continue,
            ConstraintKind::PrimaryKey { columns } => TableItemKind::PrimaryKey {
                name: if pk_default_named { None } else { explicit },
                columns: names(columns),
                comment: comment(&constraint.comment),
            },
            ConstraintKind::Unique { columns, nulls_not_distinct } => TableItemKind::Unique(UniqueDef {
                name: explicit,
                columns: names(columns),
                nulls_not_distinct: *nulls_not_distinct,
                deferrable: deferrable(constraint.deferrable),
                comment: comment(&constraint.comment),
            }),
            ConstraintKind::Check { expr } => {
                TableItemKind::Check { name: explicit, expr: sql(expr), comment: comment(&constraint.comment) }
            }
            ConstraintKind::ForeignKey(fk) => {
                let mut options = Vec::new();
                if fk.match_full {
                    options.push(FkOption::Match { full: true });
                }
                if fk.on_delete != FkAction::NoAction {
                    options.push(FkOption::OnDelete(fk_action(fk.on_delete)));
                }
                if fk.on_update != FkAction::NoAction {
                    options.push(FkOption::OnUpdate(fk_action(fk.on_update)));
                }
                if let Some(value) = deferrable(constraint.deferrable) {
                    options.push(FkOption::Deferrable(value));
                }
                TableItemKind::ForeignKey(ForeignKeyDef {
                    name: explicit,
                    columns: names(&fk.columns),
                    ref_table: ast_qualified(&fk.ref_table),
                    ref_columns: Some(names(&fk.ref_columns)),
                    options,
                    comment: comment(&constraint.comment),
                })
            }
        };
        items.push(item(attrs, kind));
    }
    for index in table.indexes.values() {
        let key = ObjectKey::Index(table.name.clone(), index.name.clone());
        items.push(item(attributes(meta, &key, &table.name.schema), TableItemKind::Index(index_def(index))));
    }
    for trigger in table.triggers.values() {
        items.push(item(Vec::new(), TableItemKind::Trigger(Box::new(trigger_def(trigger)))));
    }
    if table.row_security {
        items.push(item(Vec::new(), TableItemKind::RowSecurity { force: false }));
    }
    if table.force_row_security {
        items.push(item(Vec::new(), TableItemKind::RowSecurity { force: true }));
    }
    let identity = match &table.replica_identity {
        ReplicaIdentity::Default => None,
        ReplicaIdentity::Full => Some(ReplicaIdentityAst::Full),
        ReplicaIdentity::Nothing => Some(ReplicaIdentityAst::Nothing),
        ReplicaIdentity::Index(index) => Some(ReplicaIdentityAst::Index(name(index))),
    };
    if let Some(identity) = identity {
        items.push(item(Vec::new(), TableItemKind::ReplicaIdentity(identity)));
    }
    for policy in table.policies.values() {
        let key = ObjectKey::Policy(table.name.clone(), policy.name.clone());
        items.push(item(
            attributes(meta, &key, &table.name.schema),
            TableItemKind::Policy(Box::new(policy_def(policy))),
        ));
    }
    if let Some(text) = &table.comment {
        items.push(item(Vec::new(), TableItemKind::Comment(string(text))));
    }
    TableDef {
        unlogged: table.unlogged,
        name: ast_qualified(&table.name),
        partition_by: table.partition_by.as_deref().map(partition_by_ast),
        partition_of: table.partition_of.as_ref().map(|of| PartitionOfAst {
            parent: ast_qualified(&of.parent),
            bound: bound_ast(&of.bound),
            span: 0..0,
        }),
        items,
    }
}

/// `RANGE (created_at)` → strategy `range`, key `created_at`.
fn partition_by_ast(text: &str) -> PartitionByAst {
    let (strategy, key) = text.split_once(' ').unwrap_or((text, ""));
    let key = key.trim();
    let key = match crate::sqltext::matching_close(key) {
        Some(close) if close == key.len() - 1 => &key[1..close],
        _ => key,
    };
    PartitionByAst { strategy: strategy.to_ascii_lowercase(), key: sql(key), span: 0..0 }
}

/// A bound as PostgreSQL prints it (`FOR VALUES IN (…)`, `FOR VALUES FROM
/// (…) TO (…)`, `FOR VALUES WITH (…)`, `DEFAULT`) as a syntax tree.
fn bound_ast(text: &str) -> PartitionBoundAst {
    let rest = text.trim();
    let Some(rest) = rest.strip_prefix("FOR VALUES ") else { return PartitionBoundAst::Default };
    // The parenthesized list after `word`, and what follows it.
    let list = |rest: &str, word: &str| -> Option<(String, String)> {
        let rest = rest.trim().strip_prefix(word)?.trim_start();
        let close = crate::sqltext::matching_close(rest)?;
        Some((rest[1..close].to_string(), rest[close + 1..].to_string()))
    };
    if let Some((values, _)) = list(rest, "IN") {
        return PartitionBoundAst::In(sql(&values));
    }
    if let Some((from, after)) = list(rest, "FROM")
        && let Some((to, _)) = list(&after, "TO")
    {
        return PartitionBoundAst::Range { from: sql(&from), to: sql(&to) };
    }
    match list(rest, "WITH") {
        Some((values, _)) => PartitionBoundAst::With(sql(&values)),
        None => PartitionBoundAst::Default,
    }
}

pub(super) fn fk_action(action: FkAction) -> FkActionAst {
    match action {
        FkAction::NoAction => FkActionAst::NoAction,
        FkAction::Restrict => FkActionAst::Restrict,
        FkAction::Cascade => FkActionAst::Cascade,
        FkAction::SetNull => FkActionAst::SetNull,
        FkAction::SetDefault => FkActionAst::SetDefault,
    }
}

pub(super) fn deferrable(value: Deferrable) -> Option<DeferrableAst> {
    match value {
        Deferrable::NotDeferrable => None,
        Deferrable::Deferrable => Some(DeferrableAst::Deferrable),
        Deferrable::InitiallyDeferred => Some(DeferrableAst::InitiallyDeferred),
    }
}

fn bound_text(bound: &PartitionBoundAst) -> String {
    match bound {
        PartitionBoundAst::Default => "default".to_string(),
        PartitionBoundAst::In(values) => format!("for values in ({})", values.text.trim()),
        PartitionBoundAst::Range { from, to } => {
            format!("for values from ({}) to ({})", from.text.trim(), to.text.trim())
        }
        PartitionBoundAst::With(values) => format!("for values with ({})", values.text.trim()),
    }
}
