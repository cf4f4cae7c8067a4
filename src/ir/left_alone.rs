//! Tables godwit leaves alone: partitions that the application or
//! pg_partman creates (`@external_partitions` on their parent) and tables
//! matching `--exclude-table`. The desired catalog takes them as the current
//! one has them, so the plan neither creates nor drops them, while what the
//! plan does to their parents (an index built partition by partition) still
//! sees every partition that exists.

use super::*;

impl Catalog {
    /// Takes from `current` every table that `left_alone` names (in either
    /// catalog), with its privileges and owner; drops the ones `current`
    /// lacks.
    pub fn adopt_left_alone(&mut self, current: &Catalog, left_alone: impl Fn(&Catalog, &Table) -> bool) {
        let names: IndexSet<QualName> = current
            .tables
            .values()
            .filter(|table| left_alone(current, table))
            .chain(self.tables.values().filter(|table| left_alone(self, table)))
            .map(|table| table.name.clone())
            .collect();
        if names.is_empty() {
            return;
        }
        let concerns = |target: &GrantTarget| match target {
            GrantTarget::Table(table) | GrantTarget::Column(table, _) => names.contains(table),
            _ => false,
        };
        for name in &names {
            match current.tables.get(name) {
                Some(table) => {
                    self.tables.insert(name.clone(), table.clone());
                }
                None => {
                    self.tables.shift_remove(name);
                }
            }
        }
        self.privileges.retain(|privilege| !concerns(&privilege.on));
        self.privileges.extend(current.privileges.iter().filter(|privilege| concerns(&privilege.on)).cloned());
        self.owners.retain(|target, _| !concerns(target));
        self.owners
            .extend(current.owners.iter().filter(|(target, _)| concerns(target)).map(|(k, v)| (k.clone(), v.clone())));
    }

    /// Whether `table` is a partition (at any depth) of one of `parents`.
    pub fn is_partition_of_any(&self, table: &Table, parents: &IndexSet<QualName>) -> bool {
        let mut at = table;
        // A loop of partitions (which PostgreSQL cannot hold) ends the walk.
        for _ in 0..=self.tables.len() {
            let Some(of) = &at.partition_of else { return false };
            if parents.contains(&of.parent) {
                return true;
            }
            match self.tables.get(&of.parent) {
                Some(parent) => at = parent,
                None => return false,
            }
        }
        false
    }
}

/// Whether `name` (unquoted `schema.table`) matches a `--exclude-table`
/// pattern: `*` any run of characters, `?` one; a pattern without a dot
/// matches the table name in any schema.
pub fn table_pattern_matches(pattern: &str, name: &QualName) -> bool {
    if pattern.contains('.') {
        glob(pattern.as_bytes(), format!("{}.{}", name.schema, name.name).as_bytes())
    } else {
        glob(pattern.as_bytes(), name.name.as_bytes())
    }
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    // Iterative matching with one backtrack point: linear in practice.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&ch) if ch == b'?' || ch == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&ch| ch == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_patterns() {
        let name = |schema: &str, table: &str| QualName::new(schema.to_string(), table.to_string());
        let cases = [
            ("events_p*", name("public", "events_p2024_01"), true),
            ("events_p*", name("app", "events_p2024_01"), true),
            ("events_p*", name("public", "events"), false),
            ("app.events_p*", name("public", "events_p1"), false),
            ("app.events_p*", name("app", "events_p1"), true),
            ("*.log_?", name("x", "log_1"), true),
            ("*.log_?", name("x", "log_12"), false),
            ("*", name("a", "b"), true),
            ("a*b*c", name("s", "aXbYc"), true),
            ("a*b*c", name("s", "aXbY"), false),
        ];
        for (pattern, name, expected) in cases {
            assert_eq!(table_pattern_matches(pattern, &name), expected, "{pattern} vs {name}");
        }
    }
}
