//! Syntax trees → IR: name resolution across files, type canonicalization,
//! derived names, validation. All problems of a run are collected as
//! [`Diagnostic`]s; lowering never stops at the first one.

mod names;
mod suggest;
pub(crate) mod types;

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
        name: ast::Name { text: name.to_string(), span: 0..0 },
        span: 0..0,
    });
    !matches!(types::resolve(&written, &[]), Ok(Resolved::NotBuiltin))
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
            match &def.kind {
                ast::DefinitionKind::Extension(ext) => {
                    let key = ObjectKey::Extension(ext.name.text.clone());
                    if let Some(first) = self.meta.span(&key) {
                        self.duplicate("extension", &ext.name.text, name_span, first);
                        self.duplicates.insert((file, def.span.start));
                        continue;
                    }
                    self.meta.spans.insert(key, name_span);
                    self.catalog.extensions.insert(
                        ext.name.text.clone(),
                        Extension {
                            name: ext.name.text.clone(),
                            // `public` is where PostgreSQL puts it anyway: the same as no schema.
                            schema: ext.schema.as_ref().map(|schema| schema.text.clone()).filter(|s| s != "public"),
                            comment: comment_of(&ext.comment),
                        },
                    );
                }
                ast::DefinitionKind::Schema(schema) => {
                    let key = ObjectKey::Schema(schema.name.text.clone());
                    if let Some(first) = self.meta.span(&key) {
                        self.duplicate("schema", &schema.name.text, name_span, first);
                        self.duplicates.insert((file, def.span.start));
                        continue;
                    }
                    if schema.name.text == "public" {
                        // `schema public` is allowed and means nothing: public always exists.
                        if schema.comment.is_some() {
                            let idx = self.error(
                                "unsupported",
                                "the comment of schema public is not managed",
                                name_span,
                                "comment on public",
                            );
                            self.note(idx, "remove the comment: godwit leaves schema public as PostgreSQL creates it");
                        }
                        continue;
                    }
                    self.meta.spans.insert(key, name_span);
                    self.catalog.schemas.insert(
                        schema.name.text.clone(),
                        Namespace { name: schema.name.text.clone(), comment: comment_of(&schema.comment) },
                    );
                }
                ast::DefinitionKind::Enum(def_enum) => {
                    let name = qual(&def_enum.name);
                    if !self.declare_type(&name, "type", name_span) {
                        self.duplicates.insert((file, def.span.start));
                        continue;
                    }
                    self.meta.spans.insert(ObjectKey::Enum(name.clone()), name_span);
                    let mut labels: Vec<String> = Vec::new();
                    for label in &def_enum.labels {
                        if labels.contains(&label.value) {
                            self.error(
                                "duplicate-enum-label",
                                format!("enum label '{}' appears more than once", label.value),
                                span(file, &label.span),
                                "repeated here",
                            );
                            continue;
                        }
                        if label.value.is_empty() || label.value.len() > names::MAX_IDENTIFIER_BYTES {
                            self.error(
                                "invalid-enum-label",
                                "an enum label must have between 1 and 63 bytes",
                                span(file, &label.span),
                                "this label",
                            );
                            continue;
                        }
                        labels.push(label.value.clone());
                    }
                    self.catalog
                        .enums
                        .insert(name.clone(), Enum { name, labels, comment: comment_of(&def_enum.comment) });
                }
                ast::DefinitionKind::Domain(domain) => {
                    let name = qual(&domain.name);
                    if !self.declare_type(&name, "type", name_span) {
                        self.duplicates.insert((file, def.span.start));
                        continue;
                    }
                    self.meta.spans.insert(ObjectKey::Domain(name.clone()), name_span);
                }
                ast::DefinitionKind::Sequence(sequence) => {
                    let name = qual(&sequence.name);
                    if !self.declare_relation(&name, "sequence", name_span) {
                        self.duplicates.insert((file, def.span.start));
                        continue;
                    }
                    self.meta.spans.insert(ObjectKey::Sequence(name), name_span);
                }
                ast::DefinitionKind::Table(table) => {
                    let name = qual(&table.name);
                    if !self.declare_relation(&name, "table", name_span) {
                        self.duplicates.insert((file, def.span.start));
                        continue;
                    }
                    // A table also defines a composite type of the same name.
                    self.type_spans.insert(name.clone(), name_span);
                    self.meta.spans.insert(ObjectKey::Table(name.clone()), name_span);
                    let mut ir_table = Table::new(name);
                    ir_table.unlogged = table.unlogged;
                    self.catalog.tables.insert(ir_table.name.clone(), ir_table);
                }
                ast::DefinitionKind::View(view) => {
                    let name = qual(&view.name);
                    if !self.declare_relation(&name, "view", name_span) {
                        self.duplicates.insert((file, def.span.start));
                        continue;
                    }
                    self.meta.spans.insert(ObjectKey::View(name.clone()), name_span);
                    self.catalog.views.insert(
                        name.clone(),
                        View {
                            name,
                            materialized: view.materialized,
                            body: view.body.text.trim().to_string(),
                            comment: comment_of(&view.comment),
                        },
                    );
                }
                ast::DefinitionKind::Function(_) => {}
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
                ast::DefinitionKind::Schema(_) => continue,
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
        let mut mods = Vec::new();
        for int in &ty.mods {
            mods.push(self.integer(file, int)?);
        }
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
                        let mods: Vec<String> = mods.iter().map(i64::to_string).collect();
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
                None
            }
        }
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

    fn lower_types(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Domain(domain) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            let name = qual(&domain.name);
            let base = match self.resolve_type(file, &domain.base, TypeContext::Domain) {
                Some(ResolvedType::Plain(base)) => base,
                _ => DataType::builtin("text"),
            };
            if base.base == BaseType::Named(name.clone()) {
                self.error(
                    "invalid-domain",
                    "a domain cannot be based on itself",
                    span(file, &domain.base.span),
                    "this type",
                );
            }
            let mut ir_domain = Domain {
                name: name.clone(),
                base,
                not_null: false,
                default: None,
                collation: None,
                checks: IndexMap::new(),
                comment: comment_of(&domain.comment),
            };
            let mut taken: IndexSet<String> = domain
                .clauses
                .iter()
                .filter_map(|clause| match clause {
                    ast::DomainClause::Check { name: Some(check_name), .. } => Some(check_name.text.clone()),
                    _ => None,
                })
                .collect();
            for clause in &domain.clauses {
                match clause {
                    ast::DomainClause::Collate(collation) => ir_domain.collation = Some(collation.text.clone()),
                    ast::DomainClause::NotNull(_) => ir_domain.not_null = true,
                    ast::DomainClause::Null(_) => ir_domain.not_null = false,
                    ast::DomainClause::Default(expr) => ir_domain.default = Some(strip_outer_parens(&expr.text)),
                    ast::DomainClause::Check { name: check_name, expr, span: check_span } => {
                        let check_name = match check_name {
                            Some(check_name) => check_name.text.clone(),
                            None => names::choose_name(&name.name, None, "check", &mut taken),
                        };
                        if ir_domain.checks.insert(check_name.clone(), expr.text.clone()).is_some() {
                            self.error(
                                "duplicate-definition",
                                format!("constraint `{check_name}` is defined more than once on this domain"),
                                span(file, check_span),
                                "defined again here",
                            );
                        }
                    }
                }
            }
            self.catalog.domains.insert(name, ir_domain);
        }
    }

    // -------------------------------------------------------------- tables

    fn lower_tables(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Table(table) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            self.lower_table(file, table);
        }
    }

    fn lower_table(&mut self, file: usize, table: &ast::TableDef) {
        let table_name = qual(&table.name);
        // Work on the table in place of its declaration, so catalog order stays declaration order.
        let mut ir_table = match self.catalog.tables.get_mut(&table_name) {
            Some(slot) => std::mem::replace(slot, Table::new(table_name.clone())),
            None => Table::new(table_name.clone()),
        };
        let mut column_spans: IndexMap<Ident, Span> = IndexMap::new();
        let mut serials: Vec<(Ident, &'static str, Span)> = Vec::new();

        // Columns first: constraints and indexes refer to them.
        for item in &table.items {
            let ast::TableItemKind::Column(column) = &item.kind else { continue };
            let item_span = span(file, &item.span);
            if let Some(first) = column_spans.get(&column.name.text).copied() {
                self.duplicate("column", &column.name.text, span(file, &column.name.span), first);
                continue;
            }
            column_spans.insert(column.name.text.clone(), span(file, &column.name.span));
            let key = ObjectKey::Column(table_name.clone(), column.name.text.clone());
            self.meta.spans.insert(key, item_span);
            let ty = match self.resolve_type(file, &column.ty, TypeContext::Column) {
                Some(ResolvedType::Plain(ty)) => ty,
                Some(ResolvedType::Serial(int_type)) => {
                    serials.push((column.name.text.clone(), int_type, span(file, &column.ty.span)));
                    DataType::builtin(int_type)
                }
                None => DataType::builtin("text"),
            };
            let mut ir_column = Column::new(column.name.text.clone(), ty);
            self.lower_column_clauses(file, &table_name, column, &mut ir_column);
            ir_table.columns.insert(ir_column.name.clone(), ir_column);
        }

        // Serial columns: an owned sequence and a nextval default.
        for (column_name, int_type, type_span) in serials {
            let taken = self.taken(&table_name.schema);
            let seq_name = names::choose_name(&table_name.name, Some(&column_name), "seq", taken);
            let seq = QualName::new(table_name.schema.clone(), seq_name);
            let regclass = if seq.schema == "public" {
                crate::sql::quote::ident(&seq.name)
            } else {
                crate::sql::quote::qualified(&seq)
            };
            if let Some(column) = ir_table.columns.get_mut(&column_name) {
                if column.default.is_some() || column.identity.is_some() {
                    self.error(
                        "conflicting-clauses",
                        "a serial column cannot also have a default or identity",
                        type_span,
                        "serial here",
                    );
                }
                column.default = Some(format!("nextval({}::regclass)", crate::sql::quote::literal(&regclass)));
                column.not_null = true;
            }
            self.meta.spans.insert(ObjectKey::Sequence(seq.clone()), type_span);
            let mut options = SequenceOptions::defaults(int_type, 1);
            options.data_type = int_type.to_string();
            self.catalog.sequences.insert(
                seq.clone(),
                Sequence { name: seq, options, owned_by: Some((table_name.clone(), column_name)), comment: None },
            );
        }

        // Constraints, in PostgreSQL's naming order: primary key, unique, check.
        let mut pending_checks: Vec<PendingCheck> = Vec::new();
        for item in &table.items {
            let item_span = span(file, &item.span);
            match &item.kind {
                ast::TableItemKind::Column(column) => {
                    for clause in &column.clauses {
                        let clause_span = span(file, &clause.span);
                        match &clause.kind {
                            ast::ColumnClauseKind::PrimaryKey { name } => self.add_primary_key(
                                &mut ir_table,
                                name.as_ref().map(|name| name.text.clone()),
                                vec![column.name.text.clone()],
                                clause_span,
                                None,
                            ),
                            ast::ColumnClauseKind::Unique { name, nulls_not_distinct } => self.add_unique(
                                &mut ir_table,
                                name.as_ref().map(|name| name.text.clone()),
                                vec![column.name.text.clone()],
                                *nulls_not_distinct,
                                Deferrable::NotDeferrable,
                                clause_span,
                                None,
                            ),
                            ast::ColumnClauseKind::Check { name, expr } => pending_checks.push(PendingCheck {
                                name: name.as_ref().map(|name| name.text.clone()),
                                expr: expr.text.clone(),
                                at: clause_span,
                                comment: None,
                            }),
                            _ => {}
                        }
                    }
                }
                ast::TableItemKind::PrimaryKey { name, columns, comment } => {
                    if let Some(columns) = self.resolve_columns(file, &ir_table, columns) {
                        self.add_primary_key(
                            &mut ir_table,
                            name.as_ref().map(|name| name.text.clone()),
                            columns,
                            item_span,
                            comment_of(comment),
                        );
                    }
                }
                ast::TableItemKind::Unique(unique) => {
                    if let Some(columns) = self.resolve_columns(file, &ir_table, &unique.columns) {
                        self.add_unique(
                            &mut ir_table,
                            unique.name.as_ref().map(|name| name.text.clone()),
                            columns,
                            unique.nulls_not_distinct,
                            deferrable_of(unique.deferrable),
                            item_span,
                            comment_of(&unique.comment),
                        );
                    }
                }
                ast::TableItemKind::Check { name, expr, comment } => pending_checks.push(PendingCheck {
                    name: name.as_ref().map(|name| name.text.clone()),
                    expr: expr.text.clone(),
                    at: item_span,
                    comment: comment_of(comment),
                }),
                ast::TableItemKind::Comment(comment) => {
                    if ir_table.comment.is_some() {
                        self.error(
                            "duplicate-definition",
                            "the table has more than one comment",
                            item_span,
                            "second comment",
                        );
                    }
                    ir_table.comment = Some(comment.value.clone());
                }
                _ => {}
            }
        }
        for PendingCheck { name, expr, at: check_span, comment } in pending_checks {
            let name = match name {
                Some(name) => name,
                None => {
                    let mentioned: IndexSet<String> = crate::sqltext::identifiers(&expr)
                        .into_iter()
                        .filter(|ident| !ident.call)
                        .filter_map(|ident| match ident.parts.as_slice() {
                            [column] => Some(column.clone()),
                            [table, column] if *table == table_name.name => Some(column.clone()),
                            _ => None,
                        })
                        .filter(|name| ir_table.columns.contains_key(name))
                        .collect();
                    let column = if mentioned.len() == 1 { mentioned.first().cloned() } else { None };
                    let taken = self.taken(&table_name.schema);
                    names::choose_name(&table_name.name, column.as_deref(), "check", taken)
                }
            };
            let constraint = Constraint {
                name,
                kind: ConstraintKind::Check { expr },
                deferrable: Deferrable::NotDeferrable,
                comment,
            };
            self.insert_constraint(&mut ir_table, constraint, check_span);
        }

        // Indexes.
        for item in &table.items {
            let ast::TableItemKind::Index(index) = &item.kind else { continue };
            self.lower_index(file, &mut ir_table, index, span(file, &item.span));
        }

        // Primary-key columns are NOT NULL.
        let pk_columns: Vec<Ident> = match ir_table.primary_key().map(|pk| &pk.kind) {
            Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
            _ => Vec::new(),
        };
        for column in pk_columns {
            if let Some(column) = ir_table.columns.get_mut(&column) {
                column.not_null = true;
            }
        }
        self.catalog.tables.insert(table_name, ir_table);
    }

    fn lower_column_clauses(&mut self, file: usize, table: &QualName, column: &ast::ColumnDef, ir: &mut Column) {
        let mut null_span: Option<Span> = None;
        let mut not_null_span: Option<Span> = None;
        for clause in &column.clauses {
            let clause_span = span(file, &clause.span);
            match &clause.kind {
                ast::ColumnClauseKind::NotNull => {
                    ir.not_null = true;
                    not_null_span = Some(clause_span);
                }
                ast::ColumnClauseKind::Null => null_span = Some(clause_span),
                ast::ColumnClauseKind::Default(expr) => {
                    if ir.default.is_some() {
                        self.error("conflicting-clauses", "more than one default", clause_span, "second default");
                    }
                    ir.default = Some(strip_outer_parens(&expr.text));
                }
                ast::ColumnClauseKind::Identity { always, options } => {
                    let int_type = match &ir.ty {
                        DataType { base: BaseType::Builtin(name), array_dims: 0 }
                            if matches!(name.as_str(), "smallint" | "integer" | "bigint") =>
                        {
                            name.clone()
                        }
                        _ => {
                            let idx = self.error(
                                "invalid-identity",
                                "an identity column must be of type smallint, integer or bigint",
                                clause_span,
                                "identity here",
                            );
                            self.note(idx, "change the column type to `bigint`");
                            continue;
                        }
                    };
                    if let Some(options) = self.sequence_options(file, &int_type, options, clause_span) {
                        ir.identity = Some(Identity { always: *always, options });
                        ir.not_null = true;
                    }
                }
                ast::ColumnClauseKind::Generated(expr) => ir.generated = Some(expr.text.clone()),
                ast::ColumnClauseKind::Collate(collation) => ir.collation = Some(collation.text.clone()),
                ast::ColumnClauseKind::Comment(comment) => ir.comment = Some(comment.value.clone()),
                ast::ColumnClauseKind::PrimaryKey { .. }
                | ast::ColumnClauseKind::Unique { .. }
                | ast::ColumnClauseKind::Check { .. }
                | ast::ColumnClauseKind::References { .. } => {}
            }
        }
        if let (Some(null_span), Some(not_null_span)) = (null_span, not_null_span) {
            let diagnostic = Diagnostic::error(
                "conflicting-clauses",
                format!("column `{}` is declared both `null` and `not null`", column.name.text),
                Label::new(null_span, "`null` here"),
            )
            .with_secondary(Label::new(not_null_span, "`not null` here"))
            .with_note("keep one of them");
            self.diagnostics.push(diagnostic);
        }
        let column_span = span(file, &column.name.span);
        let conflicts = [
            (ir.identity.is_some() && ir.default.is_some(), "an identity column cannot have a default"),
            (ir.generated.is_some() && ir.default.is_some(), "a generated column cannot have a default"),
            (ir.generated.is_some() && ir.identity.is_some(), "a column cannot be both generated and identity"),
        ];
        for (conflict, message) in conflicts {
            if conflict {
                let idx = self.error("conflicting-clauses", message, column_span, "in this column");
                self.note(idx, format!("in table {table}, keep only one of the clauses"));
            }
        }
    }

    fn sequence_options(
        &mut self,
        file: usize,
        default_type: &str,
        options: &[ast::SeqOption],
        at: Span,
    ) -> Option<SequenceOptions> {
        let mut data_type = default_type.to_string();
        let mut increment = 1i64;
        for option in options {
            match option {
                ast::SeqOption::As(ty) => match self.resolve_type(file, ty, TypeContext::Sequence)? {
                    ResolvedType::Plain(DataType { base: BaseType::Builtin(name), array_dims: 0 })
                        if matches!(name.as_str(), "smallint" | "integer" | "bigint") =>
                    {
                        data_type = name
                    }
                    _ => {
                        self.error(
                            "invalid-sequence",
                            "a sequence must be of type smallint, integer or bigint",
                            span(file, &ty.span),
                            "this type",
                        );
                        return None;
                    }
                },
                ast::SeqOption::Increment(int) => increment = self.integer(file, int)?,
                _ => {}
            }
        }
        if increment == 0 {
            self.error("invalid-sequence", "a sequence increment cannot be zero", at, "in this sequence");
            return None;
        }
        let mut res = SequenceOptions::defaults(&data_type, increment);
        let mut start = None;
        for option in options {
            match option {
                ast::SeqOption::MinValue(Some(int)) => res.min_value = self.integer(file, int)?,
                ast::SeqOption::MaxValue(Some(int)) => res.max_value = self.integer(file, int)?,
                ast::SeqOption::Start(int) => start = Some(self.integer(file, int)?),
                ast::SeqOption::Cache(int) => res.cache = self.integer(file, int)?,
                ast::SeqOption::Cycle(cycle) => res.cycle = *cycle,
                _ => {}
            }
        }
        res.start = start.unwrap_or(if increment > 0 { res.min_value } else { res.max_value });
        let problem = if res.min_value >= res.max_value {
            Some("minvalue must be less than maxvalue")
        } else if res.start < res.min_value || res.start > res.max_value {
            Some("start must be between minvalue and maxvalue")
        } else if res.cache < 1 {
            Some("cache must be at least 1")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.error("invalid-sequence", problem, at, "in these options");
            return None;
        }
        Some(res)
    }

    fn resolve_columns(&mut self, file: usize, table: &Table, columns: &[ast::Name]) -> Option<Vec<Ident>> {
        let mut res = Vec::new();
        let mut ok = true;
        for column in columns {
            if table.columns.contains_key(&column.text) {
                res.push(column.text.clone());
            } else {
                self.unknown_column(file, table, column);
                ok = false;
            }
        }
        ok.then_some(res)
    }

    fn unknown_column(&mut self, file: usize, table: &Table, column: &ast::Name) {
        let idx = self.error(
            "unknown-column",
            format!("table {} has no column `{}`", table.name, column.text),
            span(file, &column.span),
            "unknown column",
        );
        match did_you_mean(&column.text, table.columns.keys().map(String::as_str)) {
            Some(suggestion) => self.note(idx, format!("did you mean `{suggestion}`?")),
            None => {
                let known: Vec<&str> = table.columns.keys().map(String::as_str).collect();
                self.note(idx, format!("the table's columns are: {}", known.join(", ")))
            }
        }
    }

    fn add_primary_key(
        &mut self,
        table: &mut Table,
        name: Option<String>,
        columns: Vec<Ident>,
        at: Span,
        comment: Option<String>,
    ) {
        if let Some(existing) = table.primary_key() {
            let first = self.meta.span(&ObjectKey::Constraint(table.name.clone(), existing.name.clone()));
            let mut diagnostic = Diagnostic::error(
                "multiple-primary-keys",
                format!("table {} has more than one primary key", table.name),
                Label::new(at, "second primary key"),
            )
            .with_note("a table has at most one primary key; use `unique` for the other columns");
            if let Some(first) = first {
                diagnostic = diagnostic.with_secondary(Label::new(first, "first primary key"));
            }
            self.diagnostics.push(diagnostic);
            return;
        }
        let name = name.unwrap_or_else(|| {
            let taken = self.taken(&table.name.schema);
            names::choose_name(&table.name.name, None, "pkey", taken)
        });
        let constraint = Constraint {
            name,
            kind: ConstraintKind::PrimaryKey { columns },
            deferrable: Deferrable::NotDeferrable,
            comment,
        };
        self.insert_constraint(table, constraint, at);
    }

    #[allow(clippy::too_many_arguments)]
    fn add_unique(
        &mut self,
        table: &mut Table,
        name: Option<String>,
        columns: Vec<Ident>,
        nulls_not_distinct: bool,
        deferrable: Deferrable,
        at: Span,
        comment: Option<String>,
    ) {
        let name = name.unwrap_or_else(|| {
            let addition = names::column_names_addition(&columns.iter().map(|c| Some(c.as_str())).collect::<Vec<_>>());
            let taken = self.taken(&table.name.schema);
            names::choose_name(&table.name.name, Some(&addition), "key", taken)
        });
        let duplicate_of = table.constraints.values().find(|existing| match &existing.kind {
            ConstraintKind::PrimaryKey { columns: existing_columns } => existing_columns == &columns,
            ConstraintKind::Unique { columns: existing_columns, .. } => existing_columns == &columns,
            _ => false,
        });
        if let Some(existing) = duplicate_of {
            let first = self.meta.span(&ObjectKey::Constraint(table.name.clone(), existing.name.clone()));
            let mut diagnostic = Diagnostic::error(
                "duplicate-constraint",
                format!("({}) is already a key of table {}", columns.join(", "), table.name),
                Label::new(at, "same columns again"),
            )
            .with_note("remove one of them: PostgreSQL would build only one index for both");
            if let Some(first) = first {
                diagnostic = diagnostic.with_secondary(Label::new(first, "first declared here"));
            }
            self.diagnostics.push(diagnostic);
            return;
        }
        let constraint =
            Constraint { name, kind: ConstraintKind::Unique { columns, nulls_not_distinct }, deferrable, comment };
        self.insert_constraint(table, constraint, at);
    }

    fn insert_constraint(&mut self, table: &mut Table, constraint: Constraint, at: Span) {
        let key = ObjectKey::Constraint(table.name.clone(), constraint.name.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("constraint", &constraint.name, at, first);
            return;
        }
        if let ConstraintKind::Unique { .. } | ConstraintKind::PrimaryKey { .. } = constraint.kind {
            self.check_index_name_free(table, &constraint.name, at);
        }
        self.meta.spans.insert(key, at);
        table.constraints.insert(constraint.name.clone(), constraint);
    }

    /// Index names (including those of primary keys and unique constraints)
    /// share the schema's relation namespace.
    fn check_index_name_free(&mut self, table: &Table, name: &str, at: Span) {
        let relation = QualName::new(table.name.schema.clone(), name);
        if let Some(first) = self.relation_spans.get(&relation).copied() {
            self.duplicate("relation", &relation.to_string(), at, first);
        } else {
            self.relation_spans.insert(relation, at);
        }
    }

    fn lower_index(&mut self, file: usize, table: &mut Table, index: &ast::IndexDef, at: Span) {
        let mut elements = Vec::new();
        let mut name_parts: Vec<Option<String>> = Vec::new();
        for element in &index.elements {
            let key = match &element.key {
                ast::IndexKeyAst::Column(column) => {
                    if !table.columns.contains_key(&column.text) {
                        self.unknown_column(file, table, column);
                        return;
                    }
                    name_parts.push(Some(column.text.clone()));
                    IndexKey::Column(column.text.clone())
                }
                ast::IndexKeyAst::Call(expr) | ast::IndexKeyAst::Expr(expr) => {
                    // `(col collate "C")` is stored by PostgreSQL as the column with a collation.
                    if element.collation.is_none()
                        && let Some((column, collation)) = column_with_collation(&expr.text, table)
                    {
                        name_parts.push(Some(column.clone()));
                        let descending = element.descending.unwrap_or(false);
                        elements.push(IndexElement {
                            key: IndexKey::Column(column),
                            collation: Some(collation),
                            opclass: None,
                            descending,
                            nulls_first: element.nulls_first.unwrap_or(descending),
                        });
                        continue;
                    }
                    name_parts.push(expression_column_name(&expr.text));
                    IndexKey::Expr(expr.text.clone())
                }
            };
            let descending = element.descending.unwrap_or(false);
            let opclass = element
                .opclass
                .as_ref()
                .map(|name| match &name.schema {
                    Some(schema) => format!("{}.{}", schema.text, name.name.text),
                    None => name.name.text.clone(),
                })
                .filter(|opclass| !is_default_opclass(opclass, &key, table, index.method.as_ref()));
            elements.push(IndexElement {
                key,
                collation: element.collation.as_ref().map(|name| name.text.clone()),
                opclass,
                descending,
                nulls_first: element.nulls_first.unwrap_or(descending),
            });
        }
        let Some(include) = self.resolve_columns(file, table, &index.include) else { return };
        // PostgreSQL names an index after its key and its INCLUDE columns.
        name_parts.extend(include.iter().map(|column| Some(column.clone())));
        let name = match &index.name {
            Some(name) => name.text.clone(),
            None => {
                let refs: Vec<Option<&str>> = name_parts.iter().map(|part| part.as_deref()).collect();
                let addition = names::column_names_addition(&refs);
                let taken = self.taken(&table.name.schema);
                names::choose_name(&table.name.name, Some(&addition), "idx", taken)
            }
        };
        let key = ObjectKey::Index(table.name.clone(), name.clone());
        if index.name.is_some() {
            let relation = QualName::new(table.name.schema.clone(), name.clone());
            if let Some(first) = self.relation_spans.get(&relation).copied()
                && first != at
                && self.meta.span(&key).is_none()
            {
                self.duplicate("relation", &relation.to_string(), at, first);
                return;
            }
            self.relation_spans.insert(relation, at);
        } else {
            self.relation_spans.insert(QualName::new(table.name.schema.clone(), name.clone()), at);
        }
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("index", &name, at, first);
            return;
        }
        self.meta.spans.insert(key, at);
        table.indexes.insert(
            name.clone(),
            Index {
                name,
                unique: index.unique,
                method: index.method.as_ref().map_or_else(|| "btree".to_string(), |method| method.text.clone()),
                elements,
                include,
                nulls_not_distinct: index.nulls_not_distinct,
                predicate: index.predicate.as_ref().map(|predicate| predicate.text.clone()),
                comment: comment_of(&index.comment),
            },
        );
    }

    // ----------------------------------------------------------- sequences

    fn lower_sequences(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Sequence(sequence) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            let name = qual(&sequence.name);
            let at = span(file, &sequence.name.span);
            let options = self
                .sequence_options(file, "bigint", &sequence.options, at)
                .unwrap_or_else(|| SequenceOptions::defaults("bigint", 1));
            let owned_by = match &sequence.owned_by {
                Some(Some(path)) => self.resolve_column_path(file, path),
                _ => None,
            };
            self.catalog
                .sequences
                .insert(name.clone(), Sequence { name, options, owned_by, comment: comment_of(&sequence.comment) });
        }
    }

    fn resolve_column_path(&mut self, file: usize, path: &ast::ColumnPath) -> Option<(QualName, Ident)> {
        let table_name = QualName {
            schema: path.schema.as_ref().map_or_else(|| "public".to_string(), |schema| schema.text.clone()),
            name: path.table.text.clone(),
        };
        let table_span = match &path.schema {
            Some(schema) => span(file, &(schema.span.start..path.table.span.end)),
            None => span(file, &path.table.span),
        };
        let Some(table) = self.catalog.tables.get(&table_name) else {
            self.unknown_table(table_span, &table_name);
            return None;
        };
        if !table.columns.contains_key(&path.column.text) {
            let table = table.clone();
            self.unknown_column(file, &table, &path.column);
            return None;
        }
        Some((table_name, path.column.text.clone()))
    }

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

    fn lower_functions(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Function(function) = &def.kind else { continue };
            self.lower_function(file, function);
        }
    }

    fn lower_function(&mut self, file: usize, function: &ast::FunctionDef) {
        let name = qual(&function.name);
        let name_span = span(file, &function.name.span);
        let mut args = Vec::new();
        for arg in &function.args {
            let ty = self.function_type(file, &arg.ty);
            let mode = match arg.mode {
                None | Some(ast::ArgModeAst::In) => ArgMode::In,
                Some(ast::ArgModeAst::Out) => ArgMode::Out,
                Some(ast::ArgModeAst::InOut) => ArgMode::InOut,
                Some(ast::ArgModeAst::Variadic) => ArgMode::Variadic,
            };
            args.push(FunctionArg {
                mode,
                name: arg.name.as_ref().map(|name| name.text.clone()),
                ty,
                default: arg.default.as_ref().map(|expr| strip_outer_parens(&expr.text)),
            });
        }
        let returns = match &function.returns {
            None => None,
            Some(ast::ReturnsAst::Type(ty)) => Some(Returns::Type(self.function_type(file, ty))),
            Some(ast::ReturnsAst::SetOf(ty)) => Some(Returns::SetOf(self.function_type(file, ty))),
            Some(ast::ReturnsAst::Table(columns)) => Some(Returns::Table(
                columns.iter().map(|(name, ty)| (name.text.clone(), self.function_type(file, ty))).collect(),
            )),
        };
        if function.procedure && returns.is_some() {
            self.error("invalid-function", "a procedure has no `returns` clause", name_span, "this procedure");
        }
        if !function.procedure && returns.is_none() {
            let idx = self.error("invalid-function", "a function needs a `returns` clause", name_span, "this function");
            self.note(idx, "add e.g. `returns void` or `returns trigger`");
        }
        let mut language = None;
        let mut volatility = Volatility::Volatile;
        let mut strict = false;
        let mut security_definer = false;
        for option in &function.options {
            match option {
                ast::FunctionOption::Language(lang) => language = Some(lang.text.clone()),
                ast::FunctionOption::Volatility(value, _) => {
                    volatility = match value {
                        ast::VolatilityAst::Immutable => Volatility::Immutable,
                        ast::VolatilityAst::Stable => Volatility::Stable,
                        ast::VolatilityAst::Volatile => Volatility::Volatile,
                    }
                }
                ast::FunctionOption::Strict(value, _) => strict = *value,
                ast::FunctionOption::SecurityDefiner(value, _) => security_definer = *value,
            }
        }
        let language = language.unwrap_or_else(|| {
            let idx = self.error(
                "missing-language",
                format!("function {name} does not say its language"),
                name_span,
                "no `language` clause",
            );
            self.note(idx, "add `language sql` or `language plpgsql`");
            "sql".to_string()
        });
        let ir_function = Function {
            name,
            procedure: function.procedure,
            args,
            returns,
            language,
            volatility,
            strict,
            security_definer,
            body: function.body.text.clone(),
            comment: comment_of(&function.comment),
        };
        let key = ir_function.key();
        let object = ObjectKey::Function(key.clone());
        if let Some(first) = self.meta.span(&object) {
            self.duplicate("function", &key.to_string(), name_span, first);
            return;
        }
        self.meta.spans.insert(object, name_span);
        self.catalog.functions.insert(key, ir_function);
    }

    /// A function argument or result type: PostgreSQL keeps no type modifiers
    /// there (`varchar(10)` is `character varying`).
    fn function_type(&mut self, file: usize, ty: &ast::TypeExpr) -> DataType {
        match self.resolve_type(file, ty, TypeContext::Function) {
            Some(ResolvedType::Plain(DataType { base: BaseType::Builtin(name), array_dims })) => {
                DataType { base: BaseType::Builtin(without_modifiers(&name)), array_dims }
            }
            Some(ResolvedType::Plain(ty)) => ty,
            _ => DataType::builtin("void"),
        }
    }

    // -------------------------------------------- foreign keys and triggers

    fn lower_foreign_keys_and_triggers(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Table(table) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            let table_name = qual(&table.name);
            for item in &table.items {
                let item_span = span(file, &item.span);
                match &item.kind {
                    ast::TableItemKind::Column(column) => {
                        for clause in &column.clauses {
                            if let ast::ColumnClauseKind::References { name, table: ref_table, columns, options } =
                                &clause.kind
                            {
                                let fk = ast::ForeignKeyDef {
                                    name: name.clone(),
                                    columns: vec![column.name.clone()],
                                    ref_table: ref_table.clone(),
                                    ref_columns: columns.clone(),
                                    options: options.clone(),
                                    comment: None,
                                };
                                self.lower_foreign_key(file, &table_name, &fk, span(file, &clause.span));
                            }
                        }
                    }
                    ast::TableItemKind::ForeignKey(fk) => self.lower_foreign_key(file, &table_name, fk, item_span),
                    ast::TableItemKind::Trigger(trigger) => self.lower_trigger(file, &table_name, trigger, item_span),
                    _ => {}
                }
            }
        }
    }

    /// A domain's base type (through nested domains); other types as they are.
    fn base_type(&self, ty: &DataType) -> DataType {
        let mut res = ty.clone();
        for _ in 0..16 {
            let BaseType::Named(name) = &res.base else { break };
            let Some(domain) = self.catalog.domains.get(name) else { break };
            res = DataType { base: domain.base.base.clone(), array_dims: res.array_dims + domain.base.array_dims };
        }
        res
    }

    fn lower_foreign_key(&mut self, file: usize, table_name: &QualName, fk: &ast::ForeignKeyDef, at: Span) {
        let Some(table) = self.catalog.tables.get(table_name).cloned() else { return };
        let Some(columns) = self.resolve_columns(file, &table, &fk.columns) else { return };
        let ref_name = qual(&fk.ref_table);
        let ref_span = span(file, &fk.ref_table.span);
        let Some(ref_table) = self.catalog.tables.get(&ref_name).cloned() else {
            self.unknown_table(ref_span, &ref_name);
            return;
        };
        let ref_columns = match &fk.ref_columns {
            Some(ref_columns) => match self.resolve_columns(file, &ref_table, ref_columns) {
                Some(ref_columns) => ref_columns,
                None => return,
            },
            None => match ref_table.primary_key().map(|pk| &pk.kind) {
                Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
                _ => {
                    let idx = self.error(
                        "foreign-key-target",
                        format!("table {ref_name} has no primary key for this foreign key to reference"),
                        ref_span,
                        "no primary key",
                    );
                    self.note(
                        idx,
                        "name the referenced columns, e.g. `references t (code)`, or give the table a primary key",
                    );
                    return;
                }
            },
        };
        if columns.len() != ref_columns.len() {
            let idx = self.error(
                "foreign-key-mismatch",
                format!(
                    "this foreign key has {} column(s) but references {} column(s)",
                    columns.len(),
                    ref_columns.len()
                ),
                at,
                "column counts differ",
            );
            self.note(idx, "list as many referencing columns as referenced ones");
            return;
        }
        let deferrable_key = ref_table.constraints.values().find(|constraint| {
            constraint.deferrable != Deferrable::NotDeferrable
                && matches!(&constraint.kind,
                    ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. }
                        if same_set(columns, &ref_columns))
        });
        if let Some(key) = deferrable_key {
            let idx = self.error(
                "foreign-key-target",
                format!("the referenced key {} of {ref_name} is deferrable", key.name),
                ref_span,
                "deferrable key",
            );
            self.note(
                idx,
                "PostgreSQL cannot use a deferrable unique constraint for a foreign key; make it not deferrable",
            );
            return;
        }
        let key_matches = ref_table.constraints.values().any(|constraint| match &constraint.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                same_set(columns, &ref_columns)
            }
            _ => false,
        }) || ref_table.indexes.values().any(|index| {
            index.unique
                && index.predicate.is_none()
                && index.elements.len() == ref_columns.len()
                && index
                    .elements
                    .iter()
                    .all(|element| matches!(&element.key, IndexKey::Column(c) if ref_columns.contains(c)))
        });
        if !key_matches {
            let idx = self.error(
                "foreign-key-target",
                format!(
                    "the referenced columns ({}) of {ref_name} are not a primary key or unique constraint",
                    ref_columns.join(", ")
                ),
                ref_span,
                "not a key",
            );
            self.note(
                idx,
                format!("add `unique ({})` to {ref_name}, or reference its primary key", ref_columns.join(", ")),
            );
            return;
        }
        for (column, ref_column) in columns.iter().zip(&ref_columns) {
            let (Some(local), Some(remote)) = (table.columns.get(column), ref_table.columns.get(ref_column)) else {
                continue;
            };
            if !types_compatible(&self.base_type(&local.ty), &self.base_type(&remote.ty)) {
                let idx = self.error(
                    "foreign-key-mismatch",
                    format!(
                        "column `{column}` is {} but the referenced column {ref_name}.{ref_column} is {}",
                        data_type_sql_unquoted(&local.ty),
                        data_type_sql_unquoted(&remote.ty)
                    ),
                    at,
                    "types differ",
                );
                self.note(idx, format!("change `{column}` to {}", data_type_sql_unquoted(&remote.ty)));
                return;
            }
        }
        let mut foreign_key = ForeignKey {
            columns: columns.clone(),
            ref_table: ref_name,
            ref_columns,
            match_full: false,
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
        };
        let mut deferrable = Deferrable::NotDeferrable;
        for option in &fk.options {
            match option {
                ast::FkOption::Match { full } => foreign_key.match_full = *full,
                ast::FkOption::OnDelete(action) => foreign_key.on_delete = fk_action_of(*action),
                ast::FkOption::OnUpdate(action) => foreign_key.on_update = fk_action_of(*action),
                ast::FkOption::Deferrable(value) => deferrable = deferrable_of(Some(*value)),
            }
        }
        let name = match &fk.name {
            Some(name) => name.text.clone(),
            None => {
                let addition = columns.join("_");
                let taken = self.taken(&table_name.schema);
                names::choose_name(&table_name.name, Some(&addition), "fkey", taken)
            }
        };
        let constraint = Constraint {
            name,
            kind: ConstraintKind::ForeignKey(foreign_key),
            deferrable,
            comment: comment_of(&fk.comment),
        };
        let mut ir_table = table;
        self.insert_constraint(&mut ir_table, constraint, at);
        self.catalog.tables.insert(table_name.clone(), ir_table);
    }

    fn lower_trigger(&mut self, file: usize, table_name: &QualName, trigger: &ast::TriggerDef, at: Span) {
        let Some(table) = self.catalog.tables.get(table_name).cloned() else { return };
        let function = qual(&trigger.function);
        let function_span = span(file, &trigger.function.span);
        let trigger_function = FunctionKey { name: function.clone(), arg_types: Vec::new() };
        match self.catalog.functions.get(&trigger_function) {
            Some(found) if found.returns != Some(Returns::Type(DataType::builtin("trigger"))) => {
                let idx = self.error(
                    "invalid-trigger",
                    format!("function {function} does not return `trigger`"),
                    function_span,
                    "not a trigger function",
                );
                self.note(idx, "a trigger calls a function declared `returns trigger` with no arguments");
                return;
            }
            Some(_) => {}
            None if function.schema == "pg_catalog" => {}
            None => {
                let idx = self.error(
                    "unknown-function",
                    format!("unknown trigger function {function}()"),
                    function_span,
                    "no such function",
                );
                let candidates: Vec<String> = self
                    .catalog
                    .functions
                    .keys()
                    .filter(|key| key.arg_types.is_empty())
                    .map(|key| if key.name.schema == "public" { key.name.name.clone() } else { key.name.to_string() })
                    .collect();
                let written = if function.schema == "public" { function.name.clone() } else { function.to_string() };
                match did_you_mean(&written, candidates.iter().map(String::as_str)) {
                    Some(suggestion) => self.note(idx, format!("did you mean `{suggestion}`?")),
                    None => self.note(idx, "define it with `function … () returns trigger`"),
                }
                return;
            }
        }
        if trigger.timing == ast::TimingAst::InsteadOf {
            let idx = self.error(
                "invalid-trigger",
                format!("table {table_name} cannot have an `instead of` trigger"),
                at,
                "instead of",
            );
            self.note(idx, "`instead of` triggers are for views; use `before` or `after` on a table");
            return;
        }
        let mut events = Vec::new();
        for event in &trigger.events {
            let ir_event = match event {
                ast::EventAst::Insert => TriggerEvent::Insert,
                ast::EventAst::Update(columns) => match self.resolve_columns(file, &table, columns) {
                    Some(columns) => TriggerEvent::Update(columns),
                    None => return,
                },
                ast::EventAst::Delete => TriggerEvent::Delete,
                ast::EventAst::Truncate => TriggerEvent::Truncate,
            };
            if events.iter().any(|existing| std::mem::discriminant(existing) == std::mem::discriminant(&ir_event)) {
                self.error("invalid-trigger", "an event is listed twice", at, "in this trigger");
                return;
            }
            events.push(ir_event);
        }
        events.sort_by_key(|event| match event {
            TriggerEvent::Insert => 0,
            TriggerEvent::Update(_) => 1,
            TriggerEvent::Delete => 2,
            TriggerEvent::Truncate => 3,
        });
        let ir_trigger = Trigger {
            name: trigger.name.text.clone(),
            timing: match trigger.timing {
                ast::TimingAst::Before => TriggerTiming::Before,
                ast::TimingAst::After => TriggerTiming::After,
                ast::TimingAst::InsteadOf => TriggerTiming::InsteadOf,
            },
            events,
            for_each_row: trigger.for_each_row.unwrap_or(false),
            when: trigger.when.as_ref().map(|when| when.text.clone()),
            function,
            args: trigger.args.iter().map(|arg| arg.value.clone()).collect(),
            comment: comment_of(&trigger.comment),
        };
        let key = ObjectKey::Trigger(table_name.clone(), ir_trigger.name.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("trigger", &ir_trigger.name, at, first);
            return;
        }
        self.meta.spans.insert(key, at);
        if let Some(ir_table) = self.catalog.tables.get_mut(table_name) {
            ir_table.triggers.insert(ir_trigger.name.clone(), ir_trigger);
        }
    }

    // ---------------------------------------------------------------- hints

    fn check_hints(&mut self, definitions: &[(usize, &ast::Definition)]) {
        let mut sources: IndexMap<ObjectKey, Span> = IndexMap::new();
        for &(file, def) in definitions {
            if self.is_duplicate(file, def) {
                continue;
            }
            let object = match &def.kind {
                ast::DefinitionKind::Table(table) => Some((ObjectKey::Table(qual(&table.name)), HintTarget::Relation)),
                ast::DefinitionKind::Enum(def_enum) => Some((ObjectKey::Enum(qual(&def_enum.name)), HintTarget::Type)),
                ast::DefinitionKind::View(view) => Some((ObjectKey::View(qual(&view.name)), HintTarget::Relation)),
                _ => None,
            };
            for attribute in &def.attributes {
                self.hint(file, attribute, object.as_ref(), &def_kind_name(&def.kind), &mut sources);
            }
            let ast::DefinitionKind::Table(table) = &def.kind else { continue };
            let table_name = qual(&table.name);
            for item in table.items.iter().filter(|item| !item.attributes.is_empty()) {
                let (object, what) = match &item.kind {
                    ast::TableItemKind::Column(column) => {
                        (Some(ObjectKey::Column(table_name.clone(), column.name.text.clone())), "column")
                    }
                    ast::TableItemKind::Index(index) => {
                        (self.item_object(&table_name, index.name.as_ref(), span(file, &item.span), true), "index")
                    }
                    ast::TableItemKind::PrimaryKey { name, .. }
                    | ast::TableItemKind::Check { name, .. }
                    | ast::TableItemKind::Unique(ast::UniqueDef { name, .. })
                    | ast::TableItemKind::ForeignKey(ast::ForeignKeyDef { name, .. }) => {
                        (self.item_object(&table_name, name.as_ref(), span(file, &item.span), false), "constraint")
                    }
                    ast::TableItemKind::Trigger(_) => (None, "trigger"),
                    ast::TableItemKind::Comment(_) => (None, "comment"),
                };
                for attribute in &item.attributes {
                    let target = object.clone().map(|object| (object, HintTarget::Local));
                    self.hint(file, attribute, target.as_ref(), what, &mut sources);
                }
            }
        }
    }

    /// The key of a constraint or index item, found by its span when unnamed.
    fn item_object(&self, table: &QualName, name: Option<&ast::Name>, at: Span, index: bool) -> Option<ObjectKey> {
        match name {
            Some(name) if index => Some(ObjectKey::Index(table.clone(), name.text.clone())),
            Some(name) => Some(ObjectKey::Constraint(table.clone(), name.text.clone())),
            None => self
                .meta
                .spans
                .iter()
                .find(|(key, span)| {
                    **span == at && matches!(key, ObjectKey::Index(t, _) | ObjectKey::Constraint(t, _) if t == table)
                })
                .map(|(key, _)| key.clone()),
        }
    }

    fn hint(
        &mut self,
        file: usize,
        attribute: &ast::Attribute,
        object: Option<&(ObjectKey, HintTarget)>,
        what: &str,
        sources: &mut IndexMap<ObjectKey, Span>,
    ) {
        let at = span(file, &attribute.span());
        match attribute {
            ast::Attribute::Deprecated { .. } => {
                if let Some((object, _)) = object {
                    self.meta.deprecated.insert(object.clone());
                }
            }
            ast::Attribute::Backfill { expr, .. } => match object {
                Some((ObjectKey::Column(table, column), _)) => {
                    self.meta.backfill.insert((table.clone(), column.clone()), expr.text.clone());
                }
                _ => {
                    let idx = self.error(
                        "misplaced-attribute",
                        format!("`@backfill` applies to columns, not to a {what}"),
                        at,
                        "not allowed here",
                    );
                    self.note(idx, "move it onto the column whose rows it fills");
                }
            },
            ast::Attribute::RenamedFrom { name, .. } => {
                let Some((object, target)) = object else {
                    let idx = self.error(
                        "misplaced-attribute",
                        format!("`@renamed_from` is not supported on a {what}"),
                        at,
                        "not allowed here",
                    );
                    self.note(idx, "renames are declared on tables, columns, indexes, constraints, enums and views");
                    return;
                };
                let (source_key, renamed) = match (target, object) {
                    (HintTarget::Local, _) if name.schema.is_some() => {
                        let idx = self.error(
                            "invalid-renamed-from",
                            format!("a {what} is renamed within its table: give the old name without a schema"),
                            span(file, &name.span),
                            "qualified name",
                        );
                        self.note(
                            idx,
                            format!("write `@renamed_from({})`", crate::sql::quote::ident(&name.name.text)),
                        );
                        return;
                    }
                    (HintTarget::Local, ObjectKey::Column(table, _)) => (
                        ObjectKey::Column(table.clone(), name.name.text.clone()),
                        RenamedFrom::Local(name.name.text.clone()),
                    ),
                    (HintTarget::Local, ObjectKey::Index(table, _)) => (
                        ObjectKey::Index(table.clone(), name.name.text.clone()),
                        RenamedFrom::Local(name.name.text.clone()),
                    ),
                    (HintTarget::Local, ObjectKey::Constraint(table, _)) => (
                        ObjectKey::Constraint(table.clone(), name.name.text.clone()),
                        RenamedFrom::Local(name.name.text.clone()),
                    ),
                    (_, ObjectKey::Table(new) | ObjectKey::View(new) | ObjectKey::Enum(new)) => {
                        let old = QualName {
                            schema: name.schema.as_ref().map_or_else(|| new.schema.clone(), |s| s.text.clone()),
                            name: name.name.text.clone(),
                        };
                        let key = match object {
                            ObjectKey::Table(_) => ObjectKey::Table(old.clone()),
                            ObjectKey::View(_) => ObjectKey::View(old.clone()),
                            _ => ObjectKey::Enum(old.clone()),
                        };
                        (key, RenamedFrom::Qualified(old))
                    }
                    _ => return,
                };
                if &source_key == object {
                    self.error(
                        "invalid-renamed-from",
                        format!("the {what} is renamed from its own name"),
                        span(file, &name.span),
                        "same name",
                    );
                    return;
                }
                if let Some(existing) = self.meta.span(&source_key) {
                    let diagnostic = Diagnostic::error(
                        "invalid-renamed-from",
                        format!(
                            "the {what} cannot be renamed from `{}`: that {what} still exists in this schema",
                            name.name.text
                        ),
                        Label::new(span(file, &name.span), "named as the old name"),
                    )
                    .with_secondary(Label::new(existing, "still defined here"))
                    .with_note("remove the old definition, or remove the attribute if both should exist");
                    self.diagnostics.push(diagnostic);
                    return;
                }
                if let Some(first) = sources.get(&source_key).copied() {
                    let diagnostic = Diagnostic::error(
                        "invalid-renamed-from",
                        format!("two objects are renamed from `{}`", name.name.text),
                        Label::new(span(file, &name.span), "second rename from this name"),
                    )
                    .with_secondary(Label::new(first, "first rename from this name"))
                    .with_note("an object can be renamed into only one new object");
                    self.diagnostics.push(diagnostic);
                    return;
                }
                sources.insert(source_key, span(file, &name.span));
                self.meta.renamed_from.insert(object.clone(), renamed);
            }
        }
    }
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

fn def_kind_name(kind: &ast::DefinitionKind) -> String {
    match kind {
        ast::DefinitionKind::Extension(_) => "extension",
        ast::DefinitionKind::Schema(_) => "schema",
        ast::DefinitionKind::Enum(_) => "enum",
        ast::DefinitionKind::Domain(_) => "domain",
        ast::DefinitionKind::Sequence(_) => "sequence",
        ast::DefinitionKind::Table(_) => "table",
        ast::DefinitionKind::View(_) => "view",
        ast::DefinitionKind::Function(_) => "function",
    }
    .to_string()
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

fn fk_action_of(action: ast::FkActionAst) -> FkAction {
    match action {
        ast::FkActionAst::NoAction => FkAction::NoAction,
        ast::FkActionAst::Restrict => FkAction::Restrict,
        ast::FkActionAst::Cascade => FkAction::Cascade,
        ast::FkActionAst::SetNull => FkAction::SetNull,
        ast::FkActionAst::SetDefault => FkAction::SetDefault,
    }
}

fn same_set(left: &[Ident], right: &[Ident]) -> bool {
    left.len() == right.len() && left.iter().all(|item| right.contains(item))
}

/// The name PostgreSQL gives an index expression column (`FigureColname`):
/// a function call is named after the function, a column after itself, a cast
/// or `collate` after its operand (or the cast's type), `case` as `case`;
/// anything else has no name (→ `expr`).
fn expression_column_name(expr: &str) -> Option<String> {
    figure_column_name(expr).0
}

/// `(name, strength)` as in PostgreSQL's `FigureColnameInternal`.
fn figure_column_name(expr: &str) -> (Option<String>, u8) {
    let text = strip_outer_parens(expr);
    let text = text.as_str();
    if let Some(idx) = top_level_find(text, "::", true) {
        let (name, strength) = figure_column_name(&text[..idx]);
        if strength >= 2 {
            return (name, strength);
        }
        return (type_name_word(&text[idx + 2..]), 1);
    }
    if let Some(idx) = top_level_find(text, " collate ", false) {
        return figure_column_name(&text[..idx]);
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("case") && lower.ends_with("end") && !text[4..].starts_with(is_word_char) {
        return (Some("case".to_string()), 1);
    }
    let idents = crate::sqltext::identifiers(text);
    let Some(first) = idents.first() else { return (None, 0) };
    if first.call && is_whole_call(text) {
        let function = first.parts.last().cloned().unwrap_or_default();
        if function == "cast" {
            // cast(x as type): named like `x::type`.
            let inner = &text[text.find('(').map_or(0, |idx| idx + 1)..text.len() - 1];
            if let Some(idx) = top_level_find(inner, " as ", false) {
                let (name, strength) = figure_column_name(&inner[..idx]);
                if strength >= 2 {
                    return (name, strength);
                }
                return (type_name_word(&inner[idx + 4..]), 1);
            }
        }
        return (Some(function), 2);
    }
    if idents.len() == 1 && !first.call {
        let is_plain_reference =
            text.chars().all(|ch| is_word_char(ch) || ch == '.' || ch == '"' || ch == ' ' || !ch.is_ascii());
        if is_plain_reference && !(first.bare && crate::sqltext::is_syntax_word(&first.parts[0])) {
            return (first.parts.last().cloned(), 2);
        }
    }
    (None, 0)
}

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_' || ch == '$'
}

/// The last word of a type name (`pg_catalog.text` → `text`, `varchar(3)` → `varchar`).
fn type_name_word(ty: &str) -> Option<String> {
    let ty = ty.trim();
    let head = ty.split(['(', '[']).next().unwrap_or(ty).trim();
    let last = head.rsplit('.').next().unwrap_or(head).trim();
    let last = last.rsplit(' ').next().unwrap_or(last);
    let name = if last.starts_with('"') { last.trim_matches('"').to_string() } else { last.to_ascii_lowercase() };
    (!name.is_empty()).then_some(name)
}

/// Whether the whole text is one call `f(…)` (its first `(` closes at the end).
fn is_whole_call(text: &str) -> bool {
    match text.find('(') {
        Some(open) => text.ends_with(')') && closes_at_end(&text[open..]),
        None => false,
    }
}

/// Whether a foreign key column of type `local` can reference `remote`:
/// the same type up to modifiers, or types of one family (integers, strings).
fn types_compatible(local: &DataType, remote: &DataType) -> bool {
    if local.array_dims != remote.array_dims {
        return false;
    }
    match (&local.base, &remote.base) {
        (BaseType::Named(left), BaseType::Named(right)) => left == right,
        (BaseType::Builtin(left), BaseType::Builtin(right)) => type_family(left) == type_family(right),
        _ => false,
    }
}

fn type_family(name: &str) -> &str {
    let base = name.split('(').next().unwrap_or(name).trim();
    match base {
        "smallint" | "integer" | "bigint" => "integer",
        "text" | "character varying" | "character" | "bpchar" => "string",
        "numeric" | "real" | "double precision" => "number",
        _ => base,
    }
}

/// A built-in type without its modifiers: `numeric(10,2)` → `numeric`,
/// `timestamp(3) with time zone` → `timestamp with time zone`.
fn without_modifiers(name: &str) -> String {
    match (name.find('('), name.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &name[..open], &name[close + 1..]).trim().to_string()
        }
        _ => name.to_string(),
    }
}

/// `col collate "C"` (a column of `table` with a collation), as the column and collation.
fn column_with_collation(expr: &str, table: &Table) -> Option<(Ident, Ident)> {
    let text = strip_outer_parens(expr);
    let idx = top_level_find(&text, " collate ", false)?;
    let column = crate::sqltext::identifiers(&text[..idx]);
    let collation = crate::sqltext::identifiers(&text[idx + " collate ".len()..]);
    match (column.as_slice(), collation.as_slice()) {
        ([column], [collation])
            if column.parts.len() == 1 && !column.call && table.columns.contains_key(&column.parts[0]) =>
        {
            Some((column.parts[0].clone(), collation.parts.last()?.clone()))
        }
        _ => None,
    }
}

/// Whether `opclass` is the default operator class for the element's type
/// with the index method (PostgreSQL records no difference).
fn is_default_opclass(opclass: &str, key: &IndexKey, table: &Table, method: Option<&ast::Name>) -> bool {
    let IndexKey::Column(column) = key else { return false };
    let Some(column) = table.columns.get(column) else { return false };
    let method = method.map_or("btree", |method| method.text.as_str());
    let opclass = opclass.strip_prefix("pg_catalog.").unwrap_or(opclass);
    let BaseType::Builtin(type_name) = &column.ty.base else { return false };
    if column.ty.array_dims > 0 {
        return matches!((method, opclass), ("btree", "array_ops") | ("gin", "array_ops"));
    }
    let base = without_modifiers(type_name);
    let default = match (method, base.as_str()) {
        ("btree" | "hash", "smallint") => "int2_ops",
        ("btree" | "hash", "integer") => "int4_ops",
        ("btree" | "hash", "bigint") => "int8_ops",
        ("btree" | "hash", "text" | "character varying") => "text_ops",
        ("btree" | "hash", "character") => "bpchar_ops",
        ("btree" | "hash", "boolean") => "bool_ops",
        ("btree" | "hash", "numeric") => "numeric_ops",
        ("btree" | "hash", "real") => "float4_ops",
        ("btree" | "hash", "double precision") => "float8_ops",
        ("btree" | "hash", "date") => "date_ops",
        ("btree" | "hash", "timestamp without time zone") => "timestamp_ops",
        ("btree" | "hash", "timestamp with time zone") => "timestamptz_ops",
        ("btree" | "hash", "uuid") => "uuid_ops",
        ("btree" | "hash", "bytea") => "bytea_ops",
        ("btree", "jsonb") | ("gin", "jsonb") => "jsonb_ops",
        _ => return false,
    };
    opclass == default
}
