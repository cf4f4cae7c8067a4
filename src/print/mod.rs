//! Schema text out: the canonical layout of the language.
//!
//! [`format_file`] prints a syntax tree (with its comments) for `godwit fmt`;
//! [`print_catalog`] turns an IR catalog into a syntax tree and prints it the
//! same way, for `inspect` and for the `parse(print(ir)) == ir` property.
//! There is one printer, so both agree on the layout.

mod from_ir;

pub use from_ir::catalog_to_ast;

use crate::ir::{Catalog, Meta};
use crate::sql::quote;
use crate::syntax::Rule;
use crate::syntax::ast::*;
use crate::syntax::parse_rule_matches;

const INDENT: &str = "  ";

/// Prints a catalog as one schema file.
pub fn print_catalog(catalog: &Catalog, meta: &Meta) -> String {
    format_file(&catalog_to_ast(catalog, meta), "")
}

/// Prints a parsed file in canonical layout. `source` is the text the file
/// was parsed from (used to place comments); pass `""` for a generated tree.
pub fn format_file(file: &File, source: &str) -> String {
    let mut printer = Printer { out: String::new(), comments: &file.comments, next_comment: 0, source, last_end: 0 };
    let mut previous_one_liner = false;
    for (idx, def) in file.definitions.iter().enumerate() {
        let one_liner =
            matches!(def.kind, DefinitionKind::Extension(_) | DefinitionKind::Schema(_)) && def.attributes.is_empty();
        printer.flush_trailing_comments(def.span.start);
        if idx > 0 && !(one_liner && previous_one_liner) {
            printer.out.push('\n');
        }
        printer.flush_comments(def.span.start, "");
        if !matches!(def.kind, DefinitionKind::Table(_) | DefinitionKind::Enum(_)) {
            // Comments inside a one-line definition have nowhere else to go.
            printer.flush_comments(def.span.end, "");
        }
        printer.definition(def);
        printer.last_end = def.span.end;
        previous_one_liner = one_liner;
    }
    printer.flush_comments(usize::MAX, "");
    printer.out
}

struct Printer<'a> {
    out: String,
    comments: &'a [Comment],
    next_comment: usize,
    source: &'a str,
    /// Source end of the last printed element, to keep trailing comments on its line.
    last_end: usize,
}

impl Printer<'_> {
    /// Prints the comments that follow the last element on its source line.
    fn flush_trailing_comments(&mut self, pos: usize) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            let same_line = comment.span.start < pos
                && self.last_end <= comment.span.start
                && self.source.get(self.last_end..comment.span.start).is_some_and(|gap| !gap.contains('\n'));
            if !same_line || !self.out.ends_with('\n') {
                break;
            }
            self.next_comment += 1;
            self.out.pop();
            self.out.push(' ');
            self.out.push_str(&comment.text);
            self.out.push('\n');
            self.last_end = comment.span.end;
        }
    }

    /// Prints the comments that start before `pos`: on the previous line's
    /// end when they followed it on the same source line, else on their own line.
    fn flush_comments(&mut self, pos: usize, indent: &str) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            if comment.span.start >= pos {
                break;
            }
            self.next_comment += 1;
            let same_line = self.last_end > 0
                && self.last_end <= comment.span.start
                && !self.source.get(self.last_end..comment.span.start).is_none_or(|gap| gap.contains('\n'))
                && self.out.ends_with('\n');
            if same_line {
                self.out.pop();
                self.out.push(' ');
                self.out.push_str(&comment.text);
                self.out.push('\n');
            } else {
                self.out.push_str(indent);
                self.out.push_str(&comment.text);
                self.out.push('\n');
                // Keep a comment block apart from what follows when the source did.
                let next_start = self.comments.get(self.next_comment).map_or(pos, |next| next.span.start.min(pos));
                let gap = self.source.get(comment.span.end..next_start).unwrap_or("");
                if gap.matches('\n').count() >= 2 && gap.trim().is_empty() && next_start != usize::MAX {
                    self.out.push('\n');
                }
            }
            self.last_end = comment.span.end;
        }
    }

    fn attributes(&mut self, attributes: &[Attribute], indent: &str) {
        for attribute in attributes {
            self.out.push_str(indent);
            match attribute {
                Attribute::RenamedFrom { name, .. } => {
                    self.out.push_str(&format!("@renamed_from({})", qualified(name)));
                }
                Attribute::Backfill { expr, .. } => self.out.push_str(&format!("@backfill({})", expr.text)),
                Attribute::Deprecated { .. } => self.out.push_str("@deprecated"),
            }
            self.out.push('\n');
        }
    }

    fn definition(&mut self, def: &Definition) {
        self.attributes(&def.attributes, "");
        let line = match &def.kind {
            DefinitionKind::Extension(ext) => {
                let mut line = format!("extension {}", quote::ident(&ext.name.text));
                if let Some(schema) = &ext.schema {
                    line.push_str(&format!(" with schema {}", quote::ident(&schema.text)));
                }
                push_comment(&mut line, &ext.comment);
                line
            }
            DefinitionKind::Schema(schema) => {
                let mut line = format!("schema {}", quote::ident(&schema.name.text));
                push_comment(&mut line, &schema.comment);
                line
            }
            DefinitionKind::Enum(def_enum) if self.comments_before(def.span.end) => {
                self.enum_with_comments(def_enum, def.span.end);
                return;
            }
            DefinitionKind::Enum(def_enum) => enum_text(def_enum),
            DefinitionKind::Domain(domain) => domain_text(domain),
            DefinitionKind::Sequence(sequence) => sequence_text(sequence),
            DefinitionKind::View(view) => {
                let mut line = format!(
                    "{}view {} as {}",
                    if view.materialized { "materialized " } else { "" },
                    qualified(&view.name),
                    dollar_quote(&view.body.text)
                );
                push_comment(&mut line, &view.comment);
                line
            }
            DefinitionKind::Function(function) => function_text(function),
            DefinitionKind::Table(table) => {
                self.table(table, def.span.end);
                return;
            }
        };
        self.out.push_str(&line);
        self.out.push('\n');
    }

    fn table(&mut self, table: &TableDef, end: usize) {
        let header = format!("{}table {} {{", if table.unlogged { "unlogged " } else { "" }, qualified(&table.name));
        if table.items.is_empty() && !self.comments_before(end) {
            self.out.push_str(&header);
            self.out.push_str("}\n");
            return;
        }
        self.out.push_str(&header);
        self.out.push('\n');
        let name_width = table
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                TableItemKind::Column(column) => Some(quote::ident(&column.name.text).chars().count()),
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

    /// An enum whose labels carry comments: one label a line, comments kept beside them.
    fn enum_with_comments(&mut self, def: &EnumDef, end: usize) {
        self.out.push_str(&format!("enum {} {{\n", qualified(&def.name)));
        for label in &def.labels {
            self.flush_comments(label.span.start, INDENT);
            self.out.push_str(&format!("{INDENT}{},\n", quote::literal(&label.value)));
            self.last_end = label.span.end;
            // A comma after the label still counts as the label's line.
            if self.source.get(self.last_end..self.last_end + 1) == Some(",") {
                self.last_end += 1;
            }
        }
        self.flush_comments(end, INDENT);
        let mut closing = "}".to_string();
        push_comment(&mut closing, &def.comment);
        self.out.push_str(&closing);
        self.out.push('\n');
    }

    fn comments_before(&self, pos: usize) -> bool {
        self.comments.get(self.next_comment).is_some_and(|comment| comment.span.start < pos)
    }
}

fn push_comment(line: &mut String, comment: &Option<StringLit>) {
    if let Some(comment) = comment {
        line.push_str(" comment ");
        line.push_str(&quote::literal(&comment.value));
    }
}

fn qualified(name: &QualifiedName) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", quote::ident(&schema.text), quote::ident(&name.name.text)),
        None => quote::ident(&name.name.text),
    }
}

fn name_list(names: &[Name]) -> String {
    let parts: Vec<String> = names.iter().map(|name| quote::ident(&name.text)).collect();
    format!("({})", parts.join(", "))
}

/// A dollar-quoted body, with a tag whose first occurrence after the body
/// is the closing one.
fn dollar_quote(body: &str) -> String {
    let mut counter = 0;
    loop {
        let tag = match counter {
            0 => String::new(),
            1 => "body".to_string(),
            _ => format!("body{counter}"),
        };
        let delimiter = format!("${tag}$");
        if format!("{body}{delimiter}").find(&delimiter) == Some(body.len()) {
            return format!("{delimiter}{body}{delimiter}");
        }
        counter += 1;
    }
}

/// A type as written in schema files.
fn type_text(ty: &TypeExpr) -> String {
    let mods = if ty.mods.is_empty() {
        String::new()
    } else {
        format!("({})", ty.mods.iter().map(|int| int.text.as_str()).collect::<Vec<_>>().join(", "))
    };
    let mut res = match &ty.base {
        TypeBase::DoublePrecision => "double precision".to_string(),
        TypeBase::CharacterVarying => format!("character varying{mods}"),
        TypeBase::Character => format!("character{mods}"),
        TypeBase::BitVarying => format!("bit varying{mods}"),
        TypeBase::Timestamp(zone) => format!("timestamp{mods}{}", zone_text(*zone)),
        TypeBase::Time(zone) => format!("time{mods}{}", zone_text(*zone)),
        TypeBase::Named(name) => {
            let type_name = |name: &Name| {
                if quote::is_plain(&name.text) { name.text.clone() } else { quote::ident(&name.text) }
            };
            match &name.schema {
                Some(schema) => format!("{}.{}{mods}", type_name(schema), type_name(&name.name)),
                None => format!("{}{mods}", type_name(&name.name)),
            }
        }
    };
    for _ in 0..ty.array_dims {
        res.push_str("[]");
    }
    res
}

fn zone_text(zone: Option<bool>) -> &'static str {
    match zone {
        None => "",
        Some(true) => " with time zone",
        Some(false) => " without time zone",
    }
}

/// An expression after `default`: as written when it is self-delimiting,
/// else in parentheses.
fn term_text(expr: &str) -> String {
    if parse_rule_matches(Rule::sql_term, expr) { expr.to_string() } else { format!("({expr})") }
}

fn enum_text(def: &EnumDef) -> String {
    let labels: Vec<String> = def.labels.iter().map(|label| quote::literal(&label.value)).collect();
    let one_line = format!("enum {} {{ {} }}", qualified(&def.name), labels.join(", "));
    let mut res = if labels.is_empty() {
        format!("enum {} {{}}", qualified(&def.name))
    } else if one_line.chars().count() <= 100 {
        one_line
    } else {
        let mut res = format!("enum {} {{\n", qualified(&def.name));
        for label in &labels {
            res.push_str(&format!("{INDENT}{label},\n"));
        }
        res.push('}');
        res
    };
    push_comment(&mut res, &def.comment);
    res
}

fn domain_text(def: &DomainDef) -> String {
    let mut res = format!("domain {} as {}", qualified(&def.name), type_text(&def.base));
    for clause in &def.clauses {
        res.push(' ');
        match clause {
            DomainClause::Collate(name) => res.push_str(&format!("collate {}", quote::ident(&name.text))),
            DomainClause::NotNull(_) => res.push_str("not null"),
            DomainClause::Null(_) => res.push_str("null"),
            DomainClause::Default(expr) => res.push_str(&format!("default {}", term_text(&expr.text))),
            DomainClause::Check { name, expr, .. } => {
                if let Some(name) = name {
                    res.push_str(&format!("constraint {} ", quote::ident(&name.text)));
                }
                res.push_str(&format!("check ({})", expr.text));
            }
        }
    }
    push_comment(&mut res, &def.comment);
    res
}

fn seq_option_text(option: &SeqOption) -> String {
    match option {
        SeqOption::As(ty) => format!("as {}", type_text(ty)),
        SeqOption::Increment(int) => format!("increment by {}", int.text),
        SeqOption::MinValue(Some(int)) => format!("minvalue {}", int.text),
        SeqOption::MinValue(None) => "no minvalue".to_string(),
        SeqOption::MaxValue(Some(int)) => format!("maxvalue {}", int.text),
        SeqOption::MaxValue(None) => "no maxvalue".to_string(),
        SeqOption::Start(int) => format!("start with {}", int.text),
        SeqOption::Cache(int) => format!("cache {}", int.text),
        SeqOption::Cycle(true) => "cycle".to_string(),
        SeqOption::Cycle(false) => "no cycle".to_string(),
    }
}

fn sequence_text(def: &SequenceDef) -> String {
    let mut res = format!("sequence {}", qualified(&def.name));
    for option in &def.options {
        res.push(' ');
        res.push_str(&seq_option_text(option));
    }
    match &def.owned_by {
        None => {}
        Some(None) => res.push_str(" owned by none"),
        Some(Some(path)) => {
            res.push_str(" owned by ");
            if let Some(schema) = &path.schema {
                res.push_str(&quote::ident(&schema.text));
                res.push('.');
            }
            res.push_str(&format!("{}.{}", quote::ident(&path.table.text), quote::ident(&path.column.text)));
        }
    }
    push_comment(&mut res, &def.comment);
    res
}

fn constraint_prefix(name: &Option<Name>) -> String {
    name.as_ref().map_or_else(String::new, |name| format!("constraint {} ", quote::ident(&name.text)))
}

fn optional_name(name: &Option<Name>) -> String {
    name.as_ref().map_or_else(String::new, |name| format!("{} ", quote::ident(&name.text)))
}

fn fk_options_text(options: &[FkOption]) -> String {
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

fn action_text(action: FkActionAst) -> &'static str {
    match action {
        FkActionAst::NoAction => "no action",
        FkActionAst::Restrict => "restrict",
        FkActionAst::Cascade => "cascade",
        FkActionAst::SetNull => "set null",
        FkActionAst::SetDefault => "set default",
    }
}

fn deferrable_text(value: DeferrableAst) -> &'static str {
    match value {
        DeferrableAst::NotDeferrable => "not deferrable",
        DeferrableAst::Deferrable => "deferrable",
        DeferrableAst::InitiallyImmediate => "deferrable initially immediate",
        DeferrableAst::InitiallyDeferred => "deferrable initially deferred",
    }
}

fn column_clause_text(clause: &ColumnClauseKind) -> String {
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

fn table_item_text(item: &TableItemKind, name_width: usize) -> String {
    let mut res = match item {
        TableItemKind::Column(column) => {
            let name = quote::ident(&column.name.text);
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
    };
    res.truncate(res.trim_end().len());
    res
}

fn index_text(index: &IndexDef) -> String {
    let mut res = "index ".to_string();
    res.push_str(&optional_name(&index.name));
    if index.unique {
        res.push_str("unique ");
    }
    if let Some(method) = &index.method {
        res.push_str(&format!("using {} ", quote::ident(&method.text)));
    }
    let elements: Vec<String> = index
        .elements
        .iter()
        .map(|element| {
            let mut res = match &element.key {
                IndexKeyAst::Column(name) => quote::ident(&name.text),
                IndexKeyAst::Call(expr) => expr.text.clone(),
                IndexKeyAst::Expr(expr) => format!("({})", expr.text),
            };
            if let Some(collation) = &element.collation {
                res.push_str(&format!(" collate {}", quote::ident(&collation.text)));
            }
            if let Some(opclass) = &element.opclass {
                res.push(' ');
                res.push_str(&qualified(opclass));
            }
            match element.descending {
                Some(true) => res.push_str(" desc"),
                Some(false) => res.push_str(" asc"),
                None => {}
            }
            match element.nulls_first {
                Some(true) => res.push_str(" nulls first"),
                Some(false) => res.push_str(" nulls last"),
                None => {}
            }
            res
        })
        .collect();
    res.push_str(&format!("({})", elements.join(", ")));
    if !index.include.is_empty() {
        res.push_str(&format!(" include {}", name_list(&index.include)));
    }
    if index.nulls_not_distinct {
        res.push_str(" nulls not distinct");
    }
    if let Some(predicate) = &index.predicate {
        res.push_str(&format!(" where ({})", predicate.text));
    }
    push_comment(&mut res, &index.comment);
    res
}

fn trigger_text(trigger: &TriggerDef) -> String {
    let timing = match trigger.timing {
        TimingAst::Before => "before",
        TimingAst::After => "after",
        TimingAst::InsteadOf => "instead of",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            EventAst::Insert => "insert".to_string(),
            EventAst::Update(columns) if columns.is_empty() => "update".to_string(),
            EventAst::Update(columns) => {
                let names: Vec<String> = columns.iter().map(|name| quote::ident(&name.text)).collect();
                format!("update of {}", names.join(", "))
            }
            EventAst::Delete => "delete".to_string(),
            EventAst::Truncate => "truncate".to_string(),
        })
        .collect();
    let mut res = format!("trigger {} {timing} {}", quote::ident(&trigger.name.text), events.join(" or "));
    match trigger.for_each_row {
        Some(true) => res.push_str(" for each row"),
        Some(false) => res.push_str(" for each statement"),
        None => {}
    }
    if let Some(when) = &trigger.when {
        res.push_str(&format!(" when ({})", when.text));
    }
    let args: Vec<String> = trigger.args.iter().map(|arg| quote::literal(&arg.value)).collect();
    res.push_str(&format!(" execute function {}({})", qualified(&trigger.function), args.join(", ")));
    push_comment(&mut res, &trigger.comment);
    res
}

fn function_text(function: &FunctionDef) -> String {
    let args: Vec<String> = function
        .args
        .iter()
        .map(|arg| {
            let mut res = String::new();
            match arg.mode {
                None => {}
                Some(ArgModeAst::In) => res.push_str("in "),
                Some(ArgModeAst::Out) => res.push_str("out "),
                Some(ArgModeAst::InOut) => res.push_str("inout "),
                Some(ArgModeAst::Variadic) => res.push_str("variadic "),
            }
            if let Some(name) = &arg.name {
                res.push_str(&quote::ident(&name.text));
                res.push(' ');
            }
            res.push_str(&type_text(&arg.ty));
            if let Some(default) = &arg.default {
                res.push_str(&format!(" default {}", term_text(&default.text)));
            }
            res
        })
        .collect();
    let mut res = format!(
        "{} {}({})",
        if function.procedure { "procedure" } else { "function" },
        qualified(&function.name),
        args.join(", ")
    );
    match &function.returns {
        None => {}
        Some(ReturnsAst::Type(ty)) => res.push_str(&format!(" returns {}", type_text(ty))),
        Some(ReturnsAst::SetOf(ty)) => res.push_str(&format!(" returns setof {}", type_text(ty))),
        Some(ReturnsAst::Table(columns)) => {
            let columns: Vec<String> =
                columns.iter().map(|(name, ty)| format!("{} {}", quote::ident(&name.text), type_text(ty))).collect();
            res.push_str(&format!(" returns table ({})", columns.join(", ")));
        }
    }
    for option in &function.options {
        res.push(' ');
        res.push_str(&match option {
            FunctionOption::Language(name) => format!("language {}", quote::ident(&name.text)),
            FunctionOption::Volatility(VolatilityAst::Immutable, _) => "immutable".to_string(),
            FunctionOption::Volatility(VolatilityAst::Stable, _) => "stable".to_string(),
            FunctionOption::Volatility(VolatilityAst::Volatile, _) => "volatile".to_string(),
            FunctionOption::Strict(true, _) => "strict".to_string(),
            FunctionOption::Strict(false, _) => "called on null input".to_string(),
            FunctionOption::SecurityDefiner(true, _) => "security definer".to_string(),
            FunctionOption::SecurityDefiner(false, _) => "security invoker".to_string(),
        });
    }
    res.push_str(" as ");
    res.push_str(&dollar_quote(&function.body.text));
    push_comment(&mut res, &function.comment);
    res
}
