//! A small, forgiving tokenizer for SQL text kept in the IR (defaults,
//! checks, view bodies). It does not parse SQL: it finds the identifiers an
//! expression mentions, for derived constraint names and dependency edges.
//! PostgreSQL itself remains the judge of what the text means.

/// One identifier (possibly qualified) found in SQL text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlIdent {
    /// The parts, folded like PostgreSQL folds them (`Foo` → `foo`, `"Foo"` → `Foo`).
    pub parts: Vec<String>,
    /// Whether it is followed by `(` (a function call or a type modifier).
    pub call: bool,
    /// Whether any part was a bare word (so it may be a keyword).
    pub bare: bool,
    /// Where it is in the text, in chars (start inclusive, end exclusive).
    pub span: (usize, usize),
}

/// Words that are SQL syntax rather than names when they appear bare.
const SYNTAX_WORDS: &[&str] = &[
    "all",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "cast",
    "collate",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "desc",
    "distinct",
    "else",
    "end",
    "except",
    "exists",
    "false",
    "filter",
    "first",
    "from",
    "full",
    "group",
    "having",
    "ilike",
    "in",
    "inner",
    "intersect",
    "interval",
    "is",
    "isnull",
    "join",
    "last",
    "lateral",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "not",
    "notnull",
    "null",
    "nulls",
    "offset",
    "on",
    "or",
    "order",
    "outer",
    "over",
    "partition",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "then",
    "true",
    "union",
    "unknown",
    "using",
    "when",
    "where",
    "window",
    "with",
    "without",
    "zone",
    "time",
    "timestamp",
    "varying",
    "precision",
    "double",
    "character",
];

pub fn is_syntax_word(word: &str) -> bool {
    SYNTAX_WORDS.contains(&word)
}

/// The identifiers of `text`, in order, skipping string literals, comments,
/// dollar-quoted text, numbers, `$1` parameters and the type after `::`.
pub fn identifiers(text: &str) -> Vec<SqlIdent> {
    let chars: Vec<char> = text.chars().collect();
    let mut res: Vec<SqlIdent> = Vec::new();
    let mut idx = 0;
    let mut after_cast = false;
    let mut continues_qualified = false;
    while idx < chars.len() {
        let ch = chars[idx];
        let next = chars.get(idx + 1).copied();
        if ch == '-' && next == Some('-') {
            while idx < chars.len() && chars[idx] != '\n' {
                idx += 1;
            }
            continue;
        }
        if ch == '/' && next == Some('*') {
            idx += 2;
            while idx + 1 < chars.len() && !(chars[idx] == '*' && chars[idx + 1] == '/') {
                idx += 1;
            }
            idx += 2;
            continue;
        }
        if ch == '\'' {
            idx += 1;
            while idx < chars.len() {
                if chars[idx] == '\'' {
                    if chars.get(idx + 1) == Some(&'\'') {
                        idx += 2;
                        continue;
                    }
                    break;
                }
                idx += 1;
            }
            idx += 1;
            continue;
        }
        if ch == '$' {
            // A dollar quote: skip to the matching tag.
            let mut end = idx + 1;
            while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
                end += 1;
            }
            if end < chars.len() && chars[end] == '$' && !chars.get(idx + 1).is_some_and(|c| c.is_ascii_digit()) {
                let tag: String = chars[idx..=end].iter().collect();
                let rest: String = chars[end + 1..].iter().collect();
                match rest.find(&tag) {
                    Some(pos) => idx = end + 1 + rest[..pos].chars().count() + tag.chars().count(),
                    None => idx = chars.len(),
                }
            } else {
                idx = end;
            }
            continue;
        }
        if ch == ':' && next == Some(':') {
            after_cast = true;
            idx += 2;
            continue;
        }
        if ch == '.' && !res.is_empty() && !after_cast && idx > 0 && is_ident_end(chars[idx - 1]) {
            continues_qualified = true;
            idx += 1;
            continue;
        }
        let word_start = idx;
        let word = if ch == '"' {
            let mut word = String::new();
            idx += 1;
            while idx < chars.len() {
                if chars[idx] == '"' {
                    if chars.get(idx + 1) == Some(&'"') {
                        word.push('"');
                        idx += 2;
                        continue;
                    }
                    break;
                }
                word.push(chars[idx]);
                idx += 1;
            }
            idx += 1;
            Some((word, false))
        } else if ch.is_alphabetic() || ch == '_' {
            let start = idx;
            while idx < chars.len() && (chars[idx].is_alphanumeric() || chars[idx] == '_' || chars[idx] == '$') {
                idx += 1;
            }
            Some((chars[start..idx].iter().collect::<String>().to_lowercase(), true))
        } else if ch.is_ascii_digit() {
            while idx < chars.len() && (chars[idx].is_alphanumeric() || chars[idx] == '.' || chars[idx] == '_') {
                idx += 1;
            }
            None
        } else {
            idx += 1;
            if !ch.is_whitespace() {
                after_cast = false;
                continues_qualified = false;
            }
            None
        };
        let Some((word, bare)) = word else { continue };
        let mut peek = idx;
        while peek < chars.len() && chars[peek].is_whitespace() {
            peek += 1;
        }
        let call = chars.get(peek) == Some(&'(');
        if after_cast {
            // A type name: skip it (and its qualifier).
            if chars.get(idx) != Some(&'.') {
                after_cast = false;
            }
            continue;
        }
        if continues_qualified && let Some(last) = res.last_mut() {
            last.parts.push(word);
            last.call = call;
            last.bare |= bare;
            last.span.1 = idx;
            continues_qualified = false;
            continue;
        }
        res.push(SqlIdent { parts: vec![word], call, bare, span: (word_start, idx) });
    }
    res
}

fn is_ident_end(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_' || ch == '"' || ch == '$'
}

/// Bare or quoted column-like names mentioned in an expression: single-part
/// identifiers that are not function calls and not SQL syntax words.
pub fn mentioned_names(text: &str) -> Vec<String> {
    identifiers(text)
        .into_iter()
        .filter(|ident| !ident.call && ident.parts.len() == 1 && !(ident.bare && is_syntax_word(&ident.parts[0])))
        .map(|ident| ident.parts.into_iter().next().unwrap_or_default())
        .collect()
}

/// `text` with every mention of column `from` (a bare or quoted single-part
/// name that is not a call or SQL syntax) replaced by column `to`, quoted as
/// needed.
pub fn rename_column(text: &str, from: &str, to: &str) -> String {
    replace_mentions(text, |name| (name == from).then(|| crate::sql::quote::ident(to)))
}

/// `text` with each mentioned name (a bare or quoted single-part name that
/// is not a call or SQL syntax, as `mentioned_names` finds them) replaced by
/// what `replace` gives for it, or left alone on `None`.
pub fn replace_mentions(text: &str, replace: impl Fn(&str) -> Option<String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut res = String::new();
    let mut at = 0;
    for found in identifiers(text) {
        let mention = !found.call && found.parts.len() == 1 && !(found.bare && is_syntax_word(&found.parts[0]));
        if !mention {
            continue;
        }
        if let Some(replacement) = replace(&found.parts[0]) {
            res.extend(&chars[at..found.span.0]);
            res.push_str(&replacement);
            at = found.span.1;
        }
    }
    res.extend(&chars[at..]);
    res
}

/// `(expr)` → `expr` when the first parenthesis closes at the very end, so
/// that `default (a + b)` and `default a + b` (as PostgreSQL prints it) agree.
pub fn strip_outer_parens(text: &str) -> String {
    let mut text = text.trim();
    while text.starts_with('(') && text.ends_with(')') && closes_at_end(text) {
        text = text[1..text.len() - 1].trim();
    }
    text.to_string()
}

/// Whether the `(` at the start of `text` is closed by its last character.
pub fn closes_at_end(text: &str) -> bool {
    matching_close(text) == Some(text.len() - 1)
}

/// The byte index of the `)` that closes the `(` starting `text`, skipping
/// string literals and quoted identifiers.
pub fn matching_close(text: &str) -> Option<usize> {
    if !text.starts_with('(') {
        return None;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut in_ident = false;
    for (idx, ch) in text.char_indices() {
        match ch {
            '\'' if !in_ident => in_string = !in_string,
            '"' if !in_string => in_ident = !in_ident,
            '(' if !in_string && !in_ident => depth += 1,
            ')' if !in_string && !in_ident => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(idx);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` split at `separator` outside parentheses, string literals and
/// quoted identifiers, each part trimmed.
pub fn split_top_level<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    let mut res = Vec::new();
    let mut rest = text;
    while let Some(idx) = top_level_find(rest, separator, false) {
        res.push(rest[..idx].trim());
        rest = &rest[idx + separator.len()..];
    }
    res.push(rest.trim());
    res
}

/// The byte index of the last (`last`) or first occurrence of `needle` outside
/// parentheses, string literals and quoted identifiers (case-insensitive).
pub fn top_level_find(text: &str, needle: &str, last: bool) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut in_ident = false;
    let mut found = None;
    for (idx, ch) in text.char_indices() {
        match ch {
            '\'' if !in_ident => in_string = !in_string,
            '"' if !in_string => in_ident = !in_ident,
            '(' | '[' if !in_string && !in_ident => depth += 1,
            ')' | ']' if !in_string && !in_ident => depth = depth.saturating_sub(1),
            _ if depth == 0 && !in_string && !in_ident && lower[idx..].starts_with(&needle) => {
                found = Some(idx);
                if !last {
                    return found;
                }
            }
            _ => {}
        }
    }
    found
}

/// A possibly qualified, possibly quoted name as PostgreSQL prints it
/// (`ext."My Coll"`), split at the dots outside quotes and unquoted
/// (`["ext", "My Coll"]`).
pub fn split_quoted_name(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                current.push('"');
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(ch),
        }
    }
    parts.push(current);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_columns_and_skips_literals_calls_and_casts() {
        assert_eq!(mentioned_names("tier in ('silver', 'gold')"), vec!["tier"]);
        assert_eq!(mentioned_names("lower(email) = 'x'::text"), vec!["email"]);
        assert_eq!(mentioned_names("\"Unit Price\" >= 0 AND qty > 0"), vec!["Unit Price", "qty"]);
        assert_eq!(mentioned_names("a IS NOT NULL -- b\n /* c */"), vec!["a"]);
        assert_eq!(mentioned_names("x = $1 and $$y$$ = z"), vec!["x", "z"]);
    }

    #[test]
    fn renames_a_column_only_where_it_is_mentioned() {
        assert_eq!(rename_column("quantity > 0", "quantity", "quantity__new"), "quantity__new > 0");
        assert_eq!(
            rename_column("(quantity > 0) AND (t.quantity < 9) AND quantity(x) = 'quantity'", "quantity", "q2"),
            "(q2 > 0) AND (t.quantity < 9) AND quantity(x) = 'quantity'"
        );
        assert_eq!(rename_column("\"Unit Price\" >= 0", "Unit Price", "Unit Price2"), "\"Unit Price2\" >= 0");
        assert_eq!(rename_column("a::text <> 'x'", "a", "Big A"), "\"Big A\"::text <> 'x'");
    }

    #[test]
    fn keeps_qualified_names_together() {
        let idents = identifiers("select * from shop.orders o join \"Sales\".\"Order Items\" i on true");
        let parts: Vec<Vec<String>> = idents.into_iter().map(|ident| ident.parts).collect();
        assert!(parts.contains(&vec!["shop".to_string(), "orders".to_string()]));
        assert!(parts.contains(&vec!["Sales".to_string(), "Order Items".to_string()]));
    }

    #[test]
    fn top_level_helpers_skip_strings_and_quoted_names() {
        assert_eq!(matching_close("(a, ')', \"b)\") x"), Some(13));
        assert_eq!(matching_close("a (b)"), None);
        assert!(closes_at_end("((a) + (b))"));
        assert!(!closes_at_end("(a) + (b)"));
        assert_eq!(split_top_level("a, f(b, c), 'd,e', \"g,h\"", ","), vec!["a", "f(b, c)", "'d,e'", "\"g,h\""]);
        assert_eq!(strip_outer_parens("((a > 0))"), "a > 0");
        assert_eq!(split_quoted_name("ext.\"My \"\"Coll\""), vec!["ext", "My \"Coll"]);
    }
}
