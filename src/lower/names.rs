//! Names PostgreSQL derives for constraints, indexes and sequences that the
//! user did not name (`ChooseRelationName`, `makeObjectName` in PostgreSQL's
//! `indexcmds.c`): `<table>_<columns>_<label>`, truncated to 63 bytes, with a
//! number appended to the label on conflict.

use indexmap::IndexSet;

/// PostgreSQL's `NAMEDATALEN - 1`.
pub(crate) const MAX_IDENTIFIER_BYTES: usize = 63;

/// `makeObjectName(name1, name2, label)`.
pub(crate) fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let mut overhead = 0;
    if !label.is_empty() {
        overhead += label.len() + 1;
    }
    if name2.is_some() {
        overhead += 1;
    }
    let avail = MAX_IDENTIFIER_BYTES.saturating_sub(overhead);
    let mut name1_len = name1.len();
    let mut name2_len = name2.map_or(0, str::len);
    while name1_len + name2_len > avail {
        if name1_len > name2_len {
            name1_len -= 1;
        } else {
            name2_len -= 1;
        }
    }
    let mut res = clip(name1, name1_len).to_string();
    if let Some(name2) = name2 {
        res.push('_');
        res.push_str(clip(name2, name2_len));
    }
    if !label.is_empty() {
        res.push('_');
        res.push_str(label);
    }
    res
}

/// `pg_mbcliplen`: at most `len` bytes, on a character boundary.
fn clip(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `ChooseRelationName`: the first of `label`, `label1`, `label2`, … that is
/// not in `taken`. The chosen name is added to `taken`.
pub(crate) fn choose_name(name1: &str, name2: Option<&str>, label: &str, taken: &mut IndexSet<String>) -> String {
    let mut pass = 0;
    loop {
        let modlabel = if pass == 0 { label.to_string() } else { format!("{label}{pass}") };
        let candidate = make_object_name(name1, name2, &modlabel);
        if !taken.contains(&candidate) {
            taken.insert(candidate.clone());
            return candidate;
        }
        pass += 1;
    }
}

/// `ChooseIndexColumnNames` joined by `_` (`ChooseIndexNameAddition`):
/// expression elements are called `expr`, repeated names get a number.
pub(crate) fn column_names_addition(columns: &[Option<&str>]) -> String {
    let mut used: Vec<String> = Vec::new();
    for column in columns {
        let base = column.unwrap_or("expr");
        let mut candidate = base.to_string();
        let mut counter = 1;
        while used.contains(&candidate) {
            candidate = format!("{base}{counter}");
            counter += 1;
        }
        used.push(candidate);
    }
    let mut res = String::new();
    for name in used {
        if !res.is_empty() {
            res.push('_');
        }
        res.push_str(&name);
        if res.len() >= MAX_IDENTIFIER_BYTES {
            break;
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_postgres_names() {
        assert_eq!(make_object_name("orders", Some("customer_id"), "fkey"), "orders_customer_id_fkey");
        assert_eq!(make_object_name("orders", None, "pkey"), "orders_pkey");
        let long = "a".repeat(40);
        let name = make_object_name(&long, Some(&"b".repeat(40)), "key");
        assert_eq!(name.len(), 63);
        // 58 bytes for the two names: each keeps 29.
        assert_eq!(name, format!("{}_{}_key", "a".repeat(29), "b".repeat(29)));
    }

    #[test]
    fn appends_numbers_on_conflict() {
        let mut taken = IndexSet::new();
        assert_eq!(choose_name("t", Some("a"), "key", &mut taken), "t_a_key");
        assert_eq!(choose_name("t", Some("a"), "key", &mut taken), "t_a_key1");
        assert_eq!(column_names_addition(&[None, Some("a"), None]), "expr_a_expr1");
    }
}
