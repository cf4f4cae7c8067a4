//! Schema text out: the canonical layout of the language.
//!
//! [`format_file`] prints a syntax tree (with its comments) for `godwit fmt`;
//! [`print_catalog`] turns an IR catalog into a syntax tree and prints it the
//! same way, for `inspect` and for the `parse(print(ir)) == ir` property.
//! There is one printer, so both agree on the layout.

mod composite;
mod domain;
mod enums;
mod from_ir;
mod function;
mod index;
mod policy;
mod privilege;
mod sequence;
mod table;
mod trigger;
mod view;

use composite::composite_text;
use domain::domain_text;
use enums::enum_text;
pub use from_ir::catalog_to_ast;
use function::function_text;
use index::{index_def, index_text};
use policy::{policy_def, policy_text};
use privilege::{default_privileges_text, grant_text, owner_text};
use sequence::{seq_option_text, seq_options, sequence_text};
use table::{deferrable_text, optional_name, table_item_text};
use trigger::{trigger_def, trigger_text};

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
        let one_liner = matches!(
            def.kind,
            DefinitionKind::Extension(_)
                | DefinitionKind::Schema(_)
                | DefinitionKind::Grant(_)
                | DefinitionKind::Owner(_)
                | DefinitionKind::DefaultPrivileges(_)
        ) && def.attributes.is_empty();
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
                Attribute::ExternalPartitions { .. } => self.out.push_str("@external_partitions"),
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
            DefinitionKind::Composite(def) => composite_text(def),
            DefinitionKind::Domain(domain) => domain_text(domain),
            DefinitionKind::Sequence(sequence) => sequence_text(sequence),
            DefinitionKind::View(view) => {
                self.view(view, def.span.end);
                return;
            }
            DefinitionKind::Function(function) => function_text(function),
            DefinitionKind::Object(object) => {
                let mut line =
                    format!("{} {} as {}", object.kind, object.identity, dollar_quote(&object.definition.text));
                push_comment(&mut line, &object.comment);
                line
            }
            DefinitionKind::Table(table) => {
                self.table(table, def.span.end);
                return;
            }
            DefinitionKind::Grant(grant) => grant_text(grant),
            DefinitionKind::Owner(owner) => owner_text(owner),
            DefinitionKind::DefaultPrivileges(default) => default_privileges_text(default),
        };
        self.out.push_str(&line);
        self.out.push('\n');
    }

    fn comments_before(&self, pos: usize) -> bool {
        self.comments.get(self.next_comment).is_some_and(|comment| comment.span.start < pos)
    }
}

pub(super) fn push_comment(line: &mut String, comment: &Option<StringLit>) {
    if let Some(comment) = comment {
        line.push_str(" comment ");
        line.push_str(&quote::literal(&comment.value));
    }
}

pub(super) fn qualified(name: &QualifiedName) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", quote::ident(&schema.text), quote::ident(&name.name.text)),
        None => quote::ident(&name.name.text),
    }
}

pub(super) fn name_list(names: &[Name]) -> String {
    let parts: Vec<String> = names.iter().map(|name| quote::ident(&name.text)).collect();
    format!("({})", parts.join(", "))
}

/// A dollar-quoted body, with a tag whose first occurrence after the body
/// is the closing one.
pub(super) fn dollar_quote(body: &str) -> String {
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

/// The words that start a multi-word built-in type in the grammar
/// (`multiword_type_start`).
const MULTIWORD_TYPE_STARTS: &[&str] = &["double", "character", "bit", "timestamp", "time", "interval", "national"];

/// A type as written in schema files.
pub(super) fn type_text(ty: &TypeExpr) -> String {
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
        TypeBase::Interval(Some(fields)) => format!("interval {fields}{mods}"),
        TypeBase::Interval(None) => format!("interval{mods}"),
        TypeBase::Named(name) => {
            let type_name = |name: &Name| {
                if quote::is_plain(&name.text) && !name.quoted { name.text.clone() } else { quote::ident(&name.text) }
            };
            // A first word that starts a multi-word built-in (`time`,
            // `double`, …) would be read as that type: quoted.
            let first = |name: &Name| {
                if MULTIWORD_TYPE_STARTS.contains(&name.text.as_str()) {
                    quote::quoted(&name.text)
                } else {
                    type_name(name)
                }
            };
            match &name.schema {
                Some(schema) => format!("{}.{}{mods}", first(schema), type_name(&name.name)),
                None => format!("{}{mods}", first(&name.name)),
            }
        }
    };
    for _ in 0..ty.array_dims {
        res.push_str("[]");
    }
    res
}

pub(super) fn zone_text(zone: Option<bool>) -> &'static str {
    match zone {
        None => "",
        Some(true) => " with time zone",
        Some(false) => " without time zone",
    }
}

/// An expression after `default`: as written when it is self-delimiting,
/// else in parentheses.
pub(super) fn term_text(expr: &str) -> String {
    if parse_rule_matches(Rule::sql_term, expr) { expr.to_string() } else { format!("({expr})") }
}
