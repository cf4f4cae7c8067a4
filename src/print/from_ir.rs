//! IR → syntax tree, so that a catalog prints with the one printer.
//!
//! Constraint, index and trigger names are always written out (so that
//! lowering gives the same names back), except a primary key whose name is
//! PostgreSQL's default. Values equal to PostgreSQL's defaults are left out.

use super::composite::composite_def;
use super::function::function_def;
use super::privilege::acl_lines;
use super::sequence::{implied_serials, seq_options};
use super::table::{schema_name_counts, table_def};
use super::view::view_def;
use crate::ir::*;
use crate::syntax::ast::*;

pub(super) fn name(text: &str) -> Name {
    Name { text: text.to_string(), span: 0..0, quoted: false }
}

pub(super) fn names(texts: &[Ident]) -> Vec<Name> {
    texts.iter().map(|text| name(text)).collect()
}

/// A qualified name; `public` is left implicit.
pub(super) fn ast_qualified(qual: &QualName) -> QualifiedName {
    QualifiedName { schema: (qual.schema != "public").then(|| name(&qual.schema)), name: name(&qual.name), span: 0..0 }
}

pub(super) fn string(value: &str) -> StringLit {
    StringLit { value: value.to_string(), span: 0..0 }
}

pub(super) fn comment(value: &Option<String>) -> Option<StringLit> {
    value.as_deref().map(string)
}

pub(super) fn sql(text: &str) -> Sql {
    Sql { text: text.to_string(), span: 0..0 }
}

pub(super) fn int(value: i64) -> IntLit {
    IntLit { text: value.to_string(), span: 0..0 }
}

pub(super) fn definition(attributes: Vec<Attribute>, kind: DefinitionKind) -> Definition {
    Definition { attributes, kind, span: 0..0 }
}

/// A canonical type as a syntax tree.
pub(super) fn type_expr(ty: &DataType) -> TypeExpr {
    let (base, mods) = match &ty.base {
        // A user type named like a built-in (`public.money`) keeps its schema.
        BaseType::Named(qual) if qual.schema == "public" && crate::lower::is_builtin_type_name(&qual.name) => {
            let mut name = ast_qualified(qual);
            name.schema = Some(self::name("public"));
            (TypeBase::Named(name), Vec::new())
        }
        BaseType::Named(qual) => (TypeBase::Named(ast_qualified(qual)), Vec::new()),
        BaseType::Builtin(text) => builtin_type(text),
    };
    TypeExpr { base, mods, array_dims: ty.array_dims, span: 0..0 }
}

pub(super) fn builtin_type(text: &str) -> (TypeBase, Vec<TypeMod>) {
    // Modifiers are the parenthesized list (outside quotes) after the name.
    let mut quoted = false;
    let open = text.char_indices().find_map(|(idx, ch)| {
        if ch == '"' {
            quoted = !quoted;
        }
        (ch == '(' && !quoted).then_some(idx)
    });
    let (head, mods, tail) = match open {
        Some(open) => {
            let close = text[open..].find(')').map_or(text.len(), |idx| open + idx);
            let mods: Vec<TypeMod> = text[open + 1..close]
                .split(',')
                .map(|part| TypeMod { text: part.trim().to_string(), span: 0..0 })
                .filter(|type_mod| !type_mod.text.is_empty())
                .collect();
            (&text[..open], mods, text.get(close + 1..).unwrap_or("").trim())
        }
        None => (text, Vec::new(), ""),
    };
    let zone = |rest: &str| {
        if rest.ends_with("with time zone") && !rest.ends_with("without time zone") {
            Some(true)
        } else if rest.ends_with("without time zone") {
            Some(false)
        } else {
            None
        }
    };
    let base = match head.trim() {
        "double precision" => TypeBase::DoublePrecision,
        "character varying" => TypeBase::CharacterVarying,
        "character" => TypeBase::Character,
        "bit varying" => TypeBase::BitVarying,
        "interval" => TypeBase::Interval(None),
        word if word.starts_with("interval ") => TypeBase::Interval(Some(word["interval ".len()..].to_string())),
        word if word.starts_with("timestamp") => TypeBase::Timestamp(zone(if tail.is_empty() { word } else { tail })),
        word if word.starts_with("time") && (word == "time" || word.starts_with("time ")) => {
            TypeBase::Time(zone(if tail.is_empty() { word } else { tail }))
        }
        word => {
            // An extension's type outside the search path is qualified (`ext.citext`).
            let (schema, type_name, quoted) = split_type_name(word);
            let mut type_name = name(&type_name);
            type_name.quoted = quoted;
            TypeBase::Named(QualifiedName { schema: schema.as_deref().map(name), name: type_name, span: 0..0 })
        }
    };
    (base, mods)
}

/// `schema.name` as `format_type` prints it → (schema, name, whether the
/// name was quoted), unquoted.
pub(super) fn split_type_name(text: &str) -> (Option<String>, String, bool) {
    let last_quoted = text.ends_with('"');
    match crate::sqltext::split_quoted_name(text).as_slice() {
        [schema, type_name] if !schema.is_empty() && !type_name.is_empty() && !text.ends_with('.') => {
            (Some(schema.clone()), type_name.clone(), last_quoted)
        }
        [type_name] if !type_name.is_empty() => (None, type_name.clone(), last_quoted),
        _ => (None, text.to_string(), false),
    }
}

pub(super) fn renamed_attribute(renamed: &RenamedFrom, own_schema: &str) -> Attribute {
    let name = match renamed {
        RenamedFrom::Local(old) => QualifiedName { schema: None, name: ast_name(old), span: 0..0 },
        RenamedFrom::Qualified(old) => QualifiedName {
            schema: (old.schema != own_schema).then(|| ast_name(&old.schema)),
            name: ast_name(&old.name),
            span: 0..0,
        },
    };
    Attribute::RenamedFrom { name, span: 0..0 }
}

pub(super) fn ast_name(text: &str) -> Name {
    name(text)
}

pub(super) fn attributes(meta: &Meta, key: &ObjectKey, own_schema: &str) -> Vec<Attribute> {
    let mut res = Vec::new();
    if let Some(renamed) = meta.renamed_from.get(key) {
        res.push(renamed_attribute(renamed, own_schema));
    }
    if let ObjectKey::Column(table, column) = key
        && let Some(expr) = meta.backfill.get(&(table.clone(), column.clone()))
    {
        res.push(Attribute::Backfill { expr: sql(expr), span: 0..0 });
    }
    if meta.deprecated.contains(key) {
        res.push(Attribute::Deprecated { span: 0..0 });
    }
    if let ObjectKey::Table(table) = key
        && meta.external_partitions.contains(table)
    {
        res.push(Attribute::ExternalPartitions { span: 0..0 });
    }
    res
}

/// Turns a catalog (and its hints) into a syntax tree.
pub fn catalog_to_ast(catalog: &Catalog, meta: &Meta) -> File {
    let mut definitions = Vec::new();
    // Privileges and owners follow the objects they concern.
    let mut acl = acl_lines(catalog);
    for ext in catalog.extensions.values() {
        definitions.push(definition(
            Vec::new(),
            DefinitionKind::Extension(ExtensionDef {
                name: name(&ext.name),
                schema: ext.schema.as_deref().map(name),
                comment: comment(&ext.comment),
            }),
        ));
    }
    if let Some(public_comment) = &catalog.public_comment {
        definitions.push(definition(
            Vec::new(),
            DefinitionKind::Schema(SchemaDef { name: name("public"), comment: Some(string(public_comment)) }),
        ));
    }
    definitions.extend(acl.take(&GrantTarget::Schema("public".to_string())));
    for schema in catalog.schemas.values() {
        definitions.push(definition(
            Vec::new(),
            DefinitionKind::Schema(SchemaDef { name: name(&schema.name), comment: comment(&schema.comment) }),
        ));
        definitions.extend(acl.take(&GrantTarget::Schema(schema.name.clone())));
    }
    for def_enum in catalog.enums.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Enum(def_enum.name.clone()), &def_enum.name.schema),
            DefinitionKind::Enum(EnumDef {
                name: ast_qualified(&def_enum.name),
                labels: def_enum.labels.iter().map(|label| string(label)).collect(),
                comment: comment(&def_enum.comment),
            }),
        ));
        definitions.extend(acl.take(&GrantTarget::Type(def_enum.name.clone())));
    }
    for composite in catalog.composites.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Composite(composite.name.clone()), &composite.name.schema),
            DefinitionKind::Composite(composite_def(composite)),
        ));
    }
    for domain in catalog.domains.values() {
        let mut clauses = Vec::new();
        if let Some(collation) = &domain.collation {
            clauses.push(DomainClause::Collate(name(collation)));
        }
        if domain.not_null {
            clauses.push(DomainClause::NotNull(0..0));
        }
        if let Some(default) = &domain.default {
            clauses.push(DomainClause::Default(sql(default)));
        }
        for (check_name, expr) in &domain.checks {
            clauses.push(DomainClause::Check { name: Some(name(check_name)), expr: sql(expr), span: 0..0 });
        }
        definitions.push(definition(
            attributes(meta, &ObjectKey::Domain(domain.name.clone()), &domain.name.schema),
            DefinitionKind::Domain(DomainDef {
                name: ast_qualified(&domain.name),
                base: type_expr(&domain.base),
                clauses,
                comment: comment(&domain.comment),
            }),
        ));
        definitions.extend(acl.take(&GrantTarget::Type(domain.name.clone())));
    }
    let name_counts = schema_name_counts(catalog);
    let serials = implied_serials(catalog, meta, &name_counts);
    for sequence in catalog.sequences.values() {
        // A serial column's sequence is the column's type.
        if sequence.owned_by.as_ref().is_some_and(|owner| serials.contains_key(owner)) {
            continue;
        }
        definitions.push(definition(
            attributes(meta, &ObjectKey::Sequence(sequence.name.clone()), &sequence.name.schema),
            DefinitionKind::Sequence(SequenceDef {
                name: ast_qualified(&sequence.name),
                options: seq_options(&sequence.options, "bigint"),
                owned_by: sequence.owned_by.as_ref().map(|(table, column)| {
                    Some(ColumnPath {
                        schema: (table.schema != "public").then(|| name(&table.schema)),
                        table: name(&table.name),
                        column: name(column),
                        span: 0..0,
                    })
                }),
                comment: comment(&sequence.comment),
            }),
        ));
        definitions.extend(acl.take(&GrantTarget::Sequence(sequence.name.clone())));
    }
    for table in catalog.tables.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Table(table.name.clone()), &table.name.schema),
            DefinitionKind::Table(table_def(table, meta, &name_counts, &serials)),
        ));
        definitions.extend(acl.take(&GrantTarget::Table(table.name.clone())));
    }
    for view in catalog.views.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::View(view.name.clone()), &view.name.schema),
            DefinitionKind::View(view_def(view)),
        ));
        definitions.extend(acl.take(&GrantTarget::Table(view.name.clone())));
    }
    for function in catalog.functions.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Function(function.key()), &function.name.schema),
            DefinitionKind::Function(function_def(function)),
        ));
        definitions.extend(acl.take(&GrantTarget::Function(function.key())));
    }
    for object in catalog.objects.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Object(object.id.clone()), object.schema.as_deref().unwrap_or("public")),
            DefinitionKind::Object(ObjectDef {
                kind: object.id.kind.words().to_string(),
                identity: object.id.name.clone(),
                identity_span: 0..0,
                definition: sql(&format!("\n{}\n", object.definition)),
                comment: comment(&object.comment),
            }),
        ));
        definitions.extend(acl.take(&GrantTarget::Object(object.id.clone())));
    }
    // Whatever names no object of the catalog (the printer does not judge).
    for (_, lines) in std::mem::take(&mut acl.by_object) {
        definitions.extend(lines);
    }
    definitions.append(&mut acl.defaults);
    File { definitions, comments: Vec::new() }
}
