//! Small text helpers for what the catalog only offers as printed SQL.

use crate::sqltext::{matching_close, split_quoted_name, split_top_level, strip_outer_parens, top_level_find};

/// SQL text as PostgreSQL prints it, in the IR's convention: without the
/// outer parentheses PostgreSQL adds around operator expressions (`(a > 0)` →
/// `a > 0`), as lowering stores what is written inside `check (…)`,
/// `where (…)`, `generated always as (…)` and `default (…)`.
pub(super) fn expr(text: &str) -> String {
    strip_outer_parens(text)
}

/// A view body as `pg_get_viewdef` prints it, trimmed, without the final `;`.
pub(super) fn view_body(text: &str) -> String {
    let text = text.trim();
    text.strip_suffix(';').unwrap_or(text).trim_end().to_string()
}

/// The condition of the `WHEN (…)` clause of a trigger definition
/// (`pg_get_triggerdef`), without its parentheses. The clause follows
/// `FOR EACH ROW` or `FOR EACH STATEMENT`, found outside quoted names.
pub(super) fn trigger_when(definition: &str) -> Option<String> {
    let bytes = definition.as_bytes();
    let mut quote: Option<u8> = None;
    let mut after = None;
    for idx in 0..bytes.len() {
        let byte = bytes[idx];
        if let Some(open) = quote {
            if byte == open {
                quote = None;
            }
            continue;
        }
        if byte == b'\'' || byte == b'"' {
            quote = Some(byte);
            continue;
        }
        for marker in [&b" FOR EACH ROW"[..], &b" FOR EACH STATEMENT"[..]] {
            if bytes[idx..].starts_with(marker) {
                after = Some(idx + marker.len());
                break;
            }
        }
        if after.is_some() {
            break;
        }
    }
    let rest = definition.get(after?..)?.trim_start();
    let rest = rest.strip_prefix("WHEN ")?.trim_start();
    let inner = balanced_parens(rest)?;
    Some(expr(inner))
}

/// The text inside the parenthesis that opens `text`, up to its matching
/// close (string literals and quoted names skipped).
fn balanced_parens(text: &str) -> Option<&str> {
    text.get(1..matching_close(text)?)
}

/// The collation of each key element of an index definition
/// (`pg_get_indexdef`), where PostgreSQL writes `COLLATE name` after a key
/// whose collation is not its column's or expression's.
pub(super) fn index_collations(definition: &str) -> Vec<Option<String>> {
    let Some(using) = top_level_find(definition, " USING ", false) else { return Vec::new() };
    let rest = &definition[using..];
    let Some(open) = rest.find('(') else { return Vec::new() };
    let Some(elements) = balanced_parens(&rest[open..]) else { return Vec::new() };
    split_top_level(elements, ",")
        .into_iter()
        .map(|element| {
            let at = top_level_find(element, " COLLATE ", false)? + " COLLATE ".len();
            let name = &element[at..];
            let name = &name[..top_level_find(name, " ", false).unwrap_or(name.len())];
            Some(unquote_name(name)).filter(|name| !name.is_empty())
        })
        .collect()
}

/// A possibly qualified, possibly quoted name as PostgreSQL prints it
/// (`"C"`, `ext."My Coll"`), unquoted (`C`, `ext.My Coll`).
fn unquote_name(text: &str) -> String {
    split_quoted_name(text).join(".")
}

/// The arguments of a trigger: `tgargs` holds `tgnargs` strings, each ended
/// by a NUL byte.
pub(super) fn trigger_args(raw: &[u8], count: usize) -> Vec<String> {
    raw.split(|&byte| byte == 0).take(count).map(|arg| String::from_utf8_lossy(arg).into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_is_read_after_for_each() {
        let def = "CREATE TRIGGER \"x FOR EACH ROW WHEN (1)\" BEFORE UPDATE OF a, b ON public.t FOR EACH ROW \
                   WHEN (((old.a IS DISTINCT FROM new.a) AND (new.b > ')'))) EXECUTE FUNCTION trg('x', 'it''s', '')";
        assert_eq!(trigger_when(def).as_deref(), Some("(old.a IS DISTINCT FROM new.a) AND (new.b > ')')"));
        let plain = "CREATE TRIGGER t AFTER INSERT ON public.t FOR EACH STATEMENT EXECUTE FUNCTION f()";
        assert_eq!(trigger_when(plain), None);
        assert_eq!(trigger_when("garbage WHEN ("), None);
        assert_eq!(trigger_when("CREATE TRIGGER t FOR EACH ROW WHEN (unbalanced"), None);
    }

    #[test]
    fn index_collations_are_read_per_element() {
        let def = "CREATE UNIQUE INDEX \"i (x COLLATE y)\" ON public.t USING btree (lower(x) COLLATE \"C\" DESC, \
                   ((a + b)), (\"X, Y\" || 'a,b') COLLATE ext.\"My \"\"Coll\" text_pattern_ops) INCLUDE (c) WHERE (a > 0)";
        assert_eq!(index_collations(def), vec![Some("C".to_string()), None, Some("ext.My \"Coll".to_string())]);
        assert_eq!(index_collations("CREATE INDEX i ON t USING gist (during)"), vec![None]);
        assert_eq!(index_collations("garbage"), Vec::<Option<String>>::new());
    }

    #[test]
    fn args_split_on_nul() {
        assert_eq!(trigger_args(b"x\0it's\0\0", 3), vec!["x", "it's", ""]);
        assert_eq!(trigger_args(b"", 0), Vec::<String>::new());
    }

    #[test]
    fn view_body_loses_its_semicolon() {
        assert_eq!(view_body(" SELECT 1;\n"), "SELECT 1");
        assert_eq!(view_body("SELECT 1"), "SELECT 1");
    }
}
