//! Syntax trees → IR: name resolution across files, type canonicalization,
//! derived names, validation. All problems of a run are collected as
//! [`Diagnostic`]s; lowering never stops at the first one.

mod composite;
mod domain;
mod enums;
mod extension;
mod foreign_key;
mod function;
mod hints;
mod index;
mod names;
mod object;
mod policy;
mod privilege;
mod schema;
mod sequence;
mod suggest;
mod table;
mod trigger;
pub(crate) mod types;
mod view;

use crate::diagnostics::{Diagnostic, Label, SourceFiles};
use crate::ir::*;
pub(crate) use crate::sqltext::strip_outer_parens;
use crate::sqltext::{closes_at_end, top_level_find};
use crate::syntax::{self, ast};
use indexmap::{IndexMap, IndexSet};
use suggest::did_you_mean;
use types::Resolved;

/// The result of compiling schema files: the catalog, what lies beside it,
/// and every problem found. The catalog is only meaningful when
/// `diagnostics` holds no error.
#[derive(Debug, Default)]
pub struct Lowered {
    pub catalog: Catalog,
    pub meta: Meta,
    pub diagnostics: Vec<Diagnostic>,
}

impl Lowered {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and lowers every file of `files` as one schema.
pub fn compile(files: &SourceFiles) -> Lowered {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    for (file_id, _, text) in files.iter() {
        let (file, errors) = syntax::parse(text);
        for error in errors {
            diagnostics.push(syntax_diagnostic(file_id, error));
        }
        parsed.push((file_id, file));
    }
    let refs: Vec<(usize, &ast::File)> = parsed.iter().map(|(file_id, file)| (*file_id, file)).collect();
    let mut res = lower(&refs);
    let lost_definitions = diagnostics
        .iter()
        .any(|diagnostic| diagnostic.code == "syntax-error" || diagnostic.code.starts_with("unterminated-"));
    if lost_definitions {
        // Definitions lost to a syntax error would show up as unknown references.
        res.diagnostics.retain(|diagnostic| !diagnostic.code.starts_with("unknown-"));
    }
    diagnostics.append(&mut res.diagnostics);
    // Report in source order.
    diagnostics.sort_by_key(|diagnostic| (diagnostic.primary.span.file, diagnostic.primary.span.start));
    res.diagnostics = diagnostics;
    res
}

/// Whether an unqualified type name means a built-in (or extension) type.
pub fn is_builtin_type_name(name: &str) -> bool {
    let written = ast::TypeBase::Named(ast::QualifiedName {
        schema: None,
        name: ast::Name { text: name.to_string(), span: 0..0, quoted: false },
        span: 0..0,
    });
    !matches!(types::resolve(&written, &[]), Ok(Resolved::NotBuiltin))
}

/// Whether `name` is a name PostgreSQL may give the identity sequence of
/// `column` of `table`: `<table>_<column>_seq`, with a number on a clash.
pub fn is_identity_sequence_name(name: &str, table: &str, column: &str) -> bool {
    let base = names::make_object_name(table, Some(column), "seq");
    name == base || (1..10).any(|n| name == names::make_object_name(table, Some(column), &format!("seq{n}")))
}

/// The name `serial` gives the sequence of `column` of `table` when no other
/// relation of the schema holds it: `<table>_<column>_seq`, truncated.
pub fn serial_sequence_name(table: &str, column: &str) -> String {
    names::make_object_name(table, Some(column), "seq")
}

/// The default of a `serial` column whose sequence is `sequence`:
/// `nextval('seq'::regclass)`, the sequence qualified outside `public`.
pub fn serial_default(sequence: &QualName) -> String {
    let regclass = if sequence.schema == "public" {
        crate::sql::quote::ident(&sequence.name)
    } else {
        crate::sql::quote::qualified(sequence)
    };
    format!("nextval({}::regclass)", crate::sql::quote::literal(&regclass))
}

/// The name PostgreSQL gives an unnamed primary key of `table`.
pub fn default_pkey_name(table: &str) -> String {
    names::make_object_name(table, None, "pkey")
}

/// A syntax error as a diagnostic.
pub fn syntax_diagnostic(file: usize, error: syntax::SyntaxError) -> Diagnostic {
    let span = Span { file, start: error.span.start, end: error.span.end };
    let mut diagnostic = Diagnostic::error(error.code, error.message, Label::new(span, error.label));
    diagnostic.notes = error.notes;
    diagnostic
}

/// Lowers parsed files (with their file ids) into one catalog.
pub fn lower(files: &[(usize, &ast::File)]) -> Lowered {
    let mut ctx = Ctx::default();
    let definitions: Vec<(usize, &ast::Definition)> =
        files.iter().flat_map(|(file, ast)| ast.definitions.iter().map(move |def| (*file, def))).collect();
    ctx.declare(&definitions);
    ctx.check_schemas(&definitions);
    ctx.lower_types(&definitions);
    ctx.lower_tables(&definitions);
    ctx.lower_sequences(&definitions);
    ctx.lower_functions(&definitions);
    ctx.lower_foreign_keys_and_triggers(&definitions);
    ctx.check_hints(&definitions);
    ctx.lower_privileges(&definitions);
    Lowered { catalog: ctx.catalog, meta: ctx.meta, diagnostics: ctx.diagnostics }
}

#[derive(Default)]
struct Ctx {
    catalog: Catalog,
    meta: Meta,
    diagnostics: Vec<Diagnostic>,
    /// Per schema: relation and constraint names in use, for derived names.
    taken: IndexMap<Ident, IndexSet<String>>,
    /// Definitions skipped as duplicates (file, span start): not lowered again.
    duplicates: IndexSet<(usize, usize)>,
    /// Where each type name was defined, for duplicate checks across kinds.
    type_spans: IndexMap<QualName, Span>,
    relation_spans: IndexMap<QualName, Span>,
}

fn span(file: usize, range: &ast::ByteSpan) -> Span {
    Span { file, start: range.start, end: range.end }
}

fn qual(name: &ast::QualifiedName) -> QualName {
    QualName {
        schema: name.schema.as_ref().map_or_else(|| "public".to_string(), |schema| schema.text.clone()),
        name: name.name.text.clone(),
    }
}

fn comment_of(comment: &Option<ast::StringLit>) -> Option<String> {
    comment.as_ref().map(|comment| comment.value.clone())
}

impl Ctx {
    fn error(&mut self, code: &'static str, message: impl Into<String>, at: Span, label: impl Into<String>) -> usize {
        self.diagnostics.push(Diagnostic::error(code, message, Label::new(at, label)));
        self.diagnostics.len() - 1
    }

    fn note(&mut self, idx: usize, note: impl Into<String>) {
        self.diagnostics[idx].notes.push(note.into());
    }

    fn duplicate(&mut self, what: &str, name: &str, at: Span, first: Span) {
        let diagnostic = Diagnostic::error(
            "duplicate-definition",
            format!("{what} `{name}` is defined more than once"),
            Label::new(at, "defined again here"),
        )
        .with_secondary(Label::new(first, "first defined here"))
        .with_note("remove one of the definitions, or rename one of them");
        self.diagnostics.push(diagnostic);
    }

    fn is_duplicate(&self, file: usize, def: &ast::Definition) -> bool {
        self.duplicates.contains(&(file, def.span.start))
    }

    fn taken(&mut self, schema: &str) -> &mut IndexSet<String> {
        self.taken.entry(schema.to_string()).or_default()
    }

    // ------------------------------------------------------------- pass 1

    /// Registers every named object so that references resolve in any order.
    fn declare(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let name_span = span(file, &def.name_span());
            let declared = match &def.kind {
                ast::DefinitionKind::Extension(ext) => self.declare_extension(ext, name_span),
                ast::DefinitionKind::Schema(schema) => self.declare_schema(schema, name_span),
                ast::DefinitionKind::Enum(def_enum) => self.declare_enum(file, def_enum, name_span),
                ast::DefinitionKind::Composite(def) => self.declare_composite(def, name_span),
                ast::DefinitionKind::Domain(domain) => self.declare_domain(domain, name_span),
                ast::DefinitionKind::Sequence(sequence) => self.declare_sequence(sequence, name_span),
                ast::DefinitionKind::Table(table) => self.declare_table(table, name_span),
                ast::DefinitionKind::View(view) => self.declare_view(view, name_span),
                ast::DefinitionKind::Function(_) => true,
                ast::DefinitionKind::Object(object) => self.declare_object(file, object, name_span),
                ast::DefinitionKind::Grant(_)
                | ast::DefinitionKind::Owner(_)
                | ast::DefinitionKind::DefaultPrivileges(_) => true,
            };
            if !declared {
                self.duplicates.insert((file, def.span.start));
            }
        }
        // Explicit names are taken before any name is derived.
        for relation in self.relation_spans.keys().cloned().collect::<Vec<_>>() {
            self.taken(&relation.schema).insert(relation.name.clone());
        }
        for &(file, def) in definitions {
            if let ast::DefinitionKind::Table(table) = &def.kind
                && !self.is_duplicate(file, def)
            {
                let schema = qual(&table.name).schema;
                for item in &table.items {
                    for explicit in explicit_item_names(item) {
                        self.taken(&schema).insert(explicit);
                    }
                }
            }
        }
    }

    fn declare_type(&mut self, name: &QualName, what: &str, at: Span) -> bool {
        if let Some(first) = self.type_spans.get(name).copied() {
            self.duplicate(what, &name.to_string(), at, first);
            return false;
        }
        self.type_spans.insert(name.clone(), at);
        true
    }

    fn declare_relation(&mut self, name: &QualName, what: &str, at: Span) -> bool {
        if let Some(first) = self.relation_spans.get(name).copied() {
            self.duplicate(what, &name.to_string(), at, first);
            let last = self.diagnostics.len() - 1;
            self.note(last, "tables, views, sequences and indexes of one schema share one namespace");
            return false;
        }
        self.relation_spans.insert(name.clone(), at);
        true
    }

    // ------------------------------------------------------------- schemas

    fn check_schemas(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let name = match &def.kind {
                ast::DefinitionKind::Enum(def) => &def.name,
                ast::DefinitionKind::Composite(def) => &def.name,
                ast::DefinitionKind::Domain(def) => &def.name,
                ast::DefinitionKind::Sequence(def) => &def.name,
                ast::DefinitionKind::Table(def) => &def.name,
                ast::DefinitionKind::View(def) => &def.name,
                ast::DefinitionKind::Function(def) => &def.name,
                ast::DefinitionKind::Extension(ext) => {
                    if let Some(schema) = &ext.schema {
                        self.check_schema_exists(file, schema);
                    }
                    continue;
                }
                ast::DefinitionKind::Schema(_)
                | ast::DefinitionKind::Object(_)
                | ast::DefinitionKind::Grant(_)
                | ast::DefinitionKind::Owner(_)
                | ast::DefinitionKind::DefaultPrivileges(_) => continue,
            };
            if let Some(schema) = &name.schema {
                self.check_schema_exists(file, schema);
            }
        }
    }

    fn schema_exists(&self, schema: &str) -> bool {
        schema == "public" || self.catalog.schemas.contains_key(schema)
    }

    fn check_schema_exists(&mut self, file: usize, schema: &ast::Name) -> bool {
        if self.schema_exists(&schema.text) {
            return true;
        }
        let candidates: Vec<String> =
            std::iter::once("public".to_string()).chain(self.catalog.schemas.keys().cloned()).collect();
        let idx = self.error(
            "unknown-schema",
            format!("schema `{}` is not defined", schema.text),
            span(file, &schema.span),
            "unknown schema",
        );
        if let Some(suggestion) = did_you_mean(&schema.text, candidates.iter().map(String::as_str)) {
            self.note(idx, format!("did you mean `{suggestion}`?"));
        }
        self.note(idx, format!("declare it with `schema {}`", crate::sql::quote::ident(&schema.text)));
        false
    }

    // --------------------------------------------------------------- types

    /// Resolves a written type. `None` after reporting a diagnostic.
    fn resolve_type(&mut self, file: usize, ty: &ast::TypeExpr, context: TypeContext) -> Option<ResolvedType> {
        let mods: Vec<String> = ty.mods.iter().map(|type_mod| type_mod.text.clone()).collect();
        let resolved = match types::resolve(&ty.base, &mods) {
            Ok(resolved) => resolved,
            Err(message) => {
                let idx = self.error("invalid-type-modifier", message, span(file, &ty.span), "in this type");
                self.note(idx, "see PostgreSQL's documentation of the type for its allowed modifiers");
                return None;
            }
        };
        // PostgreSQL has no types of more than one dimension: `int[][]` is `integer[]`.
        let array = |base: BaseType| DataType { base, array_dims: ty.array_dims.min(1) };
        match resolved {
            Resolved::Builtin(name) => Some(ResolvedType::Plain(array(BaseType::Builtin(name)))),
            Resolved::Serial(int_type) => {
                if context != TypeContext::Column || ty.array_dims > 0 {
                    let idx = self.error(
                        "invalid-serial",
                        "`serial` types can only be used for columns",
                        span(file, &ty.span),
                        "not allowed here",
                    );
                    self.note(idx, format!("use `{int_type}` here"));
                    return None;
                }
                Some(ResolvedType::Serial(int_type))
            }
            Resolved::Pseudo(name) => {
                if context != TypeContext::Function {
                    let idx = self.error(
                        "invalid-pseudo-type",
                        format!("`{name}` is a pseudo-type and can only be used by functions"),
                        span(file, &ty.span),
                        "not allowed here",
                    );
                    self.note(idx, "choose a data type such as `text` or `integer`");
                    return None;
                }
                Some(ResolvedType::Plain(array(BaseType::Builtin(name))))
            }
            Resolved::Extension { name, extension } => {
                let installed_in = self.catalog.extensions.get(extension).and_then(|ext| ext.schema.clone());
                if let Some(schema) = installed_in.filter(|schema| schema != "public") {
                    let idx = self.error(
                        "unknown-type",
                        format!("type `{name}` is installed in schema `{schema}`, which is not on the search path"),
                        span(file, &ty.span),
                        "needs its schema",
                    );
                    self.note(idx, format!("write `{}.{name}`", crate::sql::quote::ident(&schema)));
                    return None;
                }
                if !self.catalog.extensions.contains_key(extension) {
                    let idx = self.error(
                        "unknown-type",
                        format!("type `{name}` comes from the extension `{extension}`, which is not declared"),
                        span(file, &ty.span),
                        "needs an extension",
                    );
                    self.note(idx, format!("add `extension {extension}` to the schema"));
                    return None;
                }
                Some(ResolvedType::Plain(array(BaseType::Builtin(name))))
            }
            Resolved::NotBuiltin => {
                let ast::TypeBase::Named(written) = &ty.base else {
                    panic!("invariant: multi-word types are always built-in")
                };
                let name = qual(written);
                // An extension's type, qualified by the schema the extension is installed in.
                if let Some(schema) = &written.schema
                    && let Some(extension) = types::extension_type(&written.name.text)
                    && self.catalog.extensions.get(extension).and_then(|ext| ext.schema.as_deref())
                        == Some(schema.text.as_str())
                {
                    let mut spelled = format!("{}.{}", crate::sql::quote::ident(&schema.text), written.name.text);
                    if !mods.is_empty() {
                        spelled.push_str(&format!("({})", mods.join(",")));
                    }
                    return Some(ResolvedType::Plain(array(BaseType::Builtin(spelled))));
                }
                if self.catalog.enums.contains_key(&name) || self.type_spans.contains_key(&name) {
                    if !mods.is_empty() {
                        self.error(
                            "invalid-type-modifier",
                            format!("type `{name}` takes no modifiers"),
                            span(file, &ty.span),
                            "remove the modifiers",
                        );
                        return None;
                    }
                    return Some(ResolvedType::Plain(array(BaseType::Named(name))));
                }
                // A type that one of the schema's extensions may provide: taken
                // as written, and checked by the shadow database.
                if let Some(spelled) = self.extension_provided(written, &mods) {
                    let written_text = display_written(written);
                    let builtins = types::BUILTIN_NAMES.iter().copied();
                    if let Some(suggestion) = did_you_mean(&written_text, builtins) {
                        let diagnostic = Diagnostic::warning(
                            "extension-type",
                            format!("type `{written_text}` is taken to come from one of the schema's extensions"),
                            Label::new(span(file, &ty.span), "not a built-in type, enum or domain"),
                        )
                        .with_note(format!("did you mean `{suggestion}`? the shadow database checks it"));
                        self.diagnostics.push(diagnostic);
                    }
                    return Some(ResolvedType::Plain(array(BaseType::Builtin(spelled))));
                }
                let idx = self.error(
                    "unknown-type",
                    format!("unknown type `{}`", display_written(written)),
                    span(file, &ty.span),
                    "not a built-in type, enum or domain",
                );
                let user_types: Vec<String> = self
                    .type_spans
                    .keys()
                    .map(|name| if name.schema == "public" { name.name.clone() } else { name.to_string() })
                    .collect();
                let candidates = types::BUILTIN_NAMES.iter().copied().chain(user_types.iter().map(String::as_str));
                let written_text = display_written(written);
                if let Some(suggestion) = did_you_mean(&written_text, candidates) {
                    self.note(idx, format!("did you mean `{suggestion}`?"));
                } else {
                    self.note(idx, "define it with `enum` or `domain`, or use a built-in type");
                }
                if self.catalog.extensions.is_empty() {
                    self.note(idx, "if an extension provides it, declare the extension (`extension NAME`)");
                }
                None
            }
        }
    }

    /// The spelling of a type no built-in, enum or domain of the schema
    /// answers to, when the schema declares an extension that may provide it:
    /// qualified as written (PostgreSQL qualifies a type outside the search
    /// path), modifiers as written. `None` when no extension is declared, or
    /// when the type is qualified by a schema the files define (then it is a
    /// user type that does not exist).
    fn extension_provided(&self, written: &ast::QualifiedName, mods: &[String]) -> Option<String> {
        if self.catalog.extensions.is_empty() {
            return None;
        }
        let schema = written.schema.as_ref().map(|schema| schema.text.as_str());
        let defined_here = schema.is_some_and(|schema| {
            self.catalog.schemas.contains_key(schema)
                && !self.catalog.extensions.values().any(|ext| ext.schema.as_deref() == Some(schema))
        });
        if defined_here || schema == Some("public") {
            return None;
        }
        let type_name = if written.name.quoted || !crate::sql::quote::is_plain(&written.name.text) {
            crate::sql::quote::ident(&written.name.text)
        } else {
            written.name.text.clone()
        };
        let mut spelled = match schema {
            Some(schema) => format!("{}.{type_name}", crate::sql::quote::ident(schema)),
            None => type_name,
        };
        if !mods.is_empty() {
            spelled.push_str(&format!("({})", mods.join(",")));
        }
        Some(spelled)
    }

    fn integer(&mut self, file: usize, int: &ast::IntLit) -> Option<i64> {
        match int.text.parse::<i64>() {
            Ok(value) => Some(value),
            Err(_) => {
                self.error(
                    "invalid-number",
                    format!("`{}` does not fit in a 64-bit integer", int.text),
                    span(file, &int.span),
                    "out of range",
                );
                None
            }
        }
    }

    // -------------------------------------------------------------- tables

    // ----------------------------------------------------------- sequences

    fn unknown_table(&mut self, at: Span, name: &QualName) {
        let idx = self.error("unknown-table", format!("unknown table {name}"), at, "no such table");
        let candidates: Vec<String> = self
            .catalog
            .tables
            .keys()
            .map(|name| if name.schema == "public" { name.name.clone() } else { name.to_string() })
            .collect();
        let written = if name.schema == "public" { name.name.clone() } else { name.to_string() };
        match did_you_mean(&written, candidates.iter().map(String::as_str)) {
            Some(suggestion) => self.note(idx, format!("did you mean `{suggestion}`?")),
            None => self.note(idx, "define the table, or correct the name (unqualified names mean `public`)"),
        }
    }

    // ----------------------------------------------------------- functions

    // -------------------------------------------- foreign keys and triggers

    // ---------------------------------------------------------------- hints
}

/// A check constraint waiting for its derived name (checks are named after
/// keys, as PostgreSQL does).
struct PendingCheck {
    name: Option<String>,
    expr: String,
    at: Span,
    comment: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HintTarget {
    Relation,
    Type,
    Local,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TypeContext {
    Column,
    Domain,
    Sequence,
    Function,
}

enum ResolvedType {
    Plain(DataType),
    Serial(&'static str),
}

fn display_written(name: &ast::QualifiedName) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", schema.text, name.name.text),
        None => name.name.text.clone(),
    }
}

fn explicit_item_names(item: &ast::TableItem) -> Vec<String> {
    let mut res = Vec::new();
    match &item.kind {
        ast::TableItemKind::Column(column) => {
            for clause in &column.clauses {
                match &clause.kind {
                    ast::ColumnClauseKind::PrimaryKey { name: Some(name) }
                    | ast::ColumnClauseKind::Unique { name: Some(name), .. }
                    | ast::ColumnClauseKind::Check { name: Some(name), .. }
                    | ast::ColumnClauseKind::References { name: Some(name), .. } => res.push(name.text.clone()),
                    _ => {}
                }
            }
        }
        ast::TableItemKind::PrimaryKey { name: Some(name), .. }
        | ast::TableItemKind::Check { name: Some(name), .. }
        | ast::TableItemKind::Unique(ast::UniqueDef { name: Some(name), .. })
        | ast::TableItemKind::ForeignKey(ast::ForeignKeyDef { name: Some(name), .. })
        | ast::TableItemKind::Index(ast::IndexDef { name: Some(name), .. }) => res.push(name.text.clone()),
        _ => {}
    }
    res
}

fn deferrable_of(value: Option<ast::DeferrableAst>) -> Deferrable {
    match value {
        None | Some(ast::DeferrableAst::NotDeferrable) => Deferrable::NotDeferrable,
        Some(ast::DeferrableAst::Deferrable) | Some(ast::DeferrableAst::InitiallyImmediate) => Deferrable::Deferrable,
        Some(ast::DeferrableAst::InitiallyDeferred) => Deferrable::InitiallyDeferred,
    }
}
