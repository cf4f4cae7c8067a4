//! Identifier and literal quoting: the only place where names become SQL text.
//!
//! Names in the IR are unquoted and case-exact. A name is printed bare only when
//! PostgreSQL would read it back as the same name: lower case ASCII letters,
//! digits, `_` and `$`, not starting with a digit or `$`, and not a keyword that
//! cannot be used as a bare column or type name.

use crate::ir::{BaseType, DataType, QualName};

/// `name` as a SQL identifier: bare when that reads back as the same name,
/// otherwise double-quoted with `"` doubled.
pub fn ident(name: &str) -> String {
    if is_bare(name) {
        return name.to_string();
    }
    quoted(name)
}

/// `name` double-quoted, `"` doubled, whatever its shape.
pub fn quoted(name: &str) -> String {
    let mut res = String::with_capacity(name.len() + 2);
    res.push('"');
    for ch in name.chars() {
        if ch == '"' {
            res.push('"');
        }
        res.push(ch);
    }
    res.push('"');
    res
}

/// `schema.name`, each part through [`ident`]. Always qualified, `public` too.
pub fn qualified(name: &QualName) -> String {
    format!("{}.{}", ident(&name.schema), ident(&name.name))
}

/// A SQL string literal: `'…'` with `'` doubled, or `E'…'` with backslashes
/// doubled too when the text holds a backslash (so the meaning does not
/// depend on `standard_conforming_strings`).
pub fn literal(text: &str) -> String {
    let escape = text.contains('\\');
    let mut res = String::with_capacity(text.len() + 3);
    if escape {
        res.push('E');
    }
    res.push('\'');
    for ch in text.chars() {
        match ch {
            '\'' => res.push_str("''"),
            '\\' if escape => res.push_str("\\\\"),
            _ => res.push(ch),
        }
    }
    res.push('\'');
    res
}

/// A type: built-in spellings as they are, user types qualified, then `[]`
/// for each array dimension.
pub fn data_type(ty: &DataType) -> String {
    let mut res = match &ty.base {
        BaseType::Builtin(text) => text.clone(),
        BaseType::Named(name) => qualified(name),
    };
    for _ in 0..ty.array_dims {
        res.push_str("[]");
    }
    res
}

/// Whether `name` has the shape of an unquoted identifier that folds to itself
/// (keywords aside). Schema files print type names by this rule, since a type
/// position takes keywords such as `integer` bare.
pub fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_ascii_lowercase() || first == '_')
        && chars.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '$')
}

fn is_bare(name: &str) -> bool {
    is_plain(name) && KEYWORDS.binary_search(&name).is_err()
}

/// PostgreSQL 15 keywords of the categories reserved, type_func_name and
/// col_name (`src/include/parser/kwlist.h`), sorted for binary search.
/// Unreserved keywords (`name`, `comment`, `index`, `text`) stay bare.
const KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];
