//! Indexes: elements, derived names, collations and operator classes as PostgreSQL stores them.

use super::function::without_modifiers;
use super::*;

impl Ctx {
    /// Index names (including those of primary keys and unique constraints)
    /// share the schema's relation namespace.
    pub(super) fn check_index_name_free(&mut self, table: &Table, name: &str, at: Span) {
        let relation = QualName::new(table.name.schema.clone(), name);
        if let Some(first) = self.relation_spans.get(&relation).copied() {
            self.duplicate("relation", &relation.to_string(), at, first);
        } else {
            self.relation_spans.insert(relation, at);
        }
    }

    /// Lowers an index of `table`. `columns_known`: whether `table` lists the
    /// columns (a materialized view's holder does not: PostgreSQL checks them).
    pub(super) fn lower_index(
        &mut self,
        file: usize,
        table: &mut Table,
        index: &ast::IndexDef,
        at: Span,
        columns_known: bool,
    ) {
        let mut elements = Vec::new();
        let mut name_parts: Vec<Option<String>> = Vec::new();
        for element in &index.elements {
            let key = match &element.key {
                ast::IndexKeyAst::Column(column) => {
                    if columns_known && !table.columns.contains_key(&column.text) {
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
        let include = if columns_known {
            let Some(include) = self.resolve_columns(file, table, &index.include) else { return };
            include
        } else {
            index.include.iter().map(|column| column.text.clone()).collect()
        };
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
}

/// The name PostgreSQL gives an index expression column (`FigureColname`):
/// a function call is named after the function, a column after itself, a cast
/// or `collate` after its operand (or the cast's type), `case` as `case`;
/// anything else has no name (→ `expr`).
pub(super) fn expression_column_name(expr: &str) -> Option<String> {
    figure_column_name(expr).0
}

/// `(name, strength)` as in PostgreSQL's `FigureColnameInternal`.
pub(super) fn figure_column_name(expr: &str) -> (Option<String>, u8) {
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

pub(super) fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_' || ch == '$'
}

/// The last word of a type name (`pg_catalog.text` → `text`, `varchar(3)` → `varchar`).
pub(super) fn type_name_word(ty: &str) -> Option<String> {
    let ty = ty.trim();
    let head = ty.split(['(', '[']).next().unwrap_or(ty).trim();
    let last = head.rsplit('.').next().unwrap_or(head).trim();
    let last = last.rsplit(' ').next().unwrap_or(last);
    let name = if last.starts_with('"') { last.trim_matches('"').to_string() } else { last.to_ascii_lowercase() };
    (!name.is_empty()).then_some(name)
}

/// Whether the whole text is one call `f(…)` (its first `(` closes at the end).
pub(super) fn is_whole_call(text: &str) -> bool {
    match text.find('(') {
        Some(open) => text.ends_with(')') && closes_at_end(&text[open..]),
        None => false,
    }
}

/// `col collate "C"` (a column of `table` with a collation), as the column and collation.
pub(super) fn column_with_collation(expr: &str, table: &Table) -> Option<(Ident, Ident)> {
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
pub(super) fn is_default_opclass(opclass: &str, key: &IndexKey, table: &Table, method: Option<&ast::Name>) -> bool {
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
