//! Quoting: the only place where identifiers and literals become SQL text.

use crate::ir::{BaseType, DataType, QualName};

/// PostgreSQL keywords that cannot be used bare as identifiers everywhere
/// (categories reserved, col_name and type_func_name of PostgreSQL 15's kwlist).
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

/// Whether `name` has the shape of an unquoted identifier that folds to
/// itself (lower-case ASCII letters, digits, `_` and `$`, not starting with a digit).
pub fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_ascii_lowercase() || first == '_')
        && chars.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '$')
}

/// Whether PostgreSQL would read `name` back unchanged without quotes.
pub fn is_bare(name: &str) -> bool {
    is_plain(name) && !KEYWORDS.contains(&name)
}

/// An identifier, quoted exactly when PostgreSQL needs it.
pub fn ident(name: &str) -> String {
    if is_bare(name) { name.to_string() } else { format!("\"{}\"", name.replace('"', "\"\"")) }
}

/// `schema.name`, each part quoted as needed.
pub fn qualified(name: &QualName) -> String {
    format!("{}.{}", ident(&name.schema), ident(&name.name))
}

/// A string literal; `E'…'` when the text holds a backslash.
pub fn literal(text: &str) -> String {
    let escaped = text.replace('\'', "''");
    if text.contains('\\') { format!("E'{}'", escaped.replace('\\', "\\\\")) } else { format!("'{escaped}'") }
}

/// A data type as SQL: built-ins as spelled, user types qualified and quoted.
pub fn data_type(ty: &DataType) -> String {
    let mut res = match &ty.base {
        BaseType::Builtin(name) => name.clone(),
        BaseType::Named(name) => qualified(name),
    };
    for _ in 0..ty.array_dims {
        res.push_str("[]");
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(ident("orders"), "orders");
        assert_eq!(ident("name"), "name");
        assert_eq!(ident("comment"), "comment");
        assert_eq!(ident("user"), "\"user\"");
        assert_eq!(ident("select"), "\"select\"");
        assert_eq!(ident("UserId"), "\"UserId\"");
        assert_eq!(ident("order items"), "\"order items\"");
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(ident("café"), "\"café\"");
        assert_eq!(ident("1abc"), "\"1abc\"");
        assert_eq!(ident("a$b"), "a$b");
    }

    #[test]
    fn quotes_literals() {
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal("a\\b"), "E'a\\\\b'");
    }
}
