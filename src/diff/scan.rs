//! What SQL text kept in the IR refers to: the relations a view body reads, the
//! columns an expression mentions, the functions it calls, the sequences a
//! default draws from. Over-approximate on purpose: a name only counts when the
//! catalog has an object by that name, and an extra dependency only costs an
//! extra ordering constraint.

use crate::ir::{Catalog, Ident, ObjectId, QualName, Table, WholeKind};
use crate::sqltext;
use indexmap::{IndexMap, IndexSet};

/// A catalog with the name index the scans need.
pub(crate) struct Lookup<'a> {
    pub catalog: &'a Catalog,
    /// Functions and aggregates, by name.
    function_names: IndexSet<QualName>,
    /// Foreign tables, by name.
    foreign_tables: IndexSet<QualName>,
    /// Objects carried whole by the name a definition calls them: schema
    /// objects qualified, database-wide ones (servers, …) under the schema "".
    objects: IndexMap<QualName, ObjectId>,
}

/// What the definition of an object carried whole names.
#[derive(Debug, Default)]
pub(crate) struct DefinitionRefs {
    pub functions: Vec<QualName>,
    /// Tables, views, sequences and foreign tables.
    pub relations: Vec<QualName>,
    /// Enums and domains.
    pub types: Vec<QualName>,
    pub objects: Vec<ObjectId>,
}

/// What a view or SQL function body refers to.
#[derive(Debug, Default)]
pub(crate) struct BodyRefs {
    /// Tables, views and sequences read.
    pub relations: Vec<QualName>,
    /// Columns of the tables read that the body mentions (all of them for `*`).
    pub columns: Vec<(QualName, Ident)>,
    pub functions: Vec<QualName>,
}

/// What an expression on a table (default, check, index key, predicate,
/// generation expression) refers to.
#[derive(Debug, Default)]
pub(crate) struct ExprRefs {
    pub columns: Vec<Ident>,
    pub functions: Vec<QualName>,
    pub sequences: Vec<QualName>,
}

impl<'a> Lookup<'a> {
    pub fn new(catalog: &'a Catalog) -> Lookup<'a> {
        let mut function_names: IndexSet<QualName> = catalog.functions.keys().map(|key| key.name.clone()).collect();
        let mut foreign_tables = IndexSet::new();
        let mut objects = IndexMap::new();
        for id in catalog.objects.keys() {
            let name = if id.kind.in_schema() {
                super::leading_name(id)
            } else {
                sqltext::split_quoted_name(&id.name).pop().map(|name| QualName::new("", name))
            };
            let Some(name) = name else { continue };
            match id.kind {
                WholeKind::Aggregate => {
                    function_names.insert(name.clone());
                }
                WholeKind::ForeignTable => {
                    foreign_tables.insert(name.clone());
                }
                _ => {}
            }
            objects.insert(name, id.clone());
        }
        Lookup { catalog, function_names, foreign_tables, objects }
    }

    /// Every name in an object's definition that the catalog has something by.
    pub fn definition_refs(&self, definition: &str) -> DefinitionRefs {
        let mut res = DefinitionRefs::default();
        for ident in sqltext::identifiers(definition) {
            let candidates: Vec<QualName> = match ident.parts.as_slice() {
                [name] => vec![QualName::new("public", name.clone()), QualName::new("", name.clone())],
                [schema, name, ..] => vec![QualName::new(schema.clone(), name.clone())],
                [] => continue,
            };
            for name in candidates {
                if self.function_names.contains(&name) && !res.functions.contains(&name) {
                    res.functions.push(name.clone());
                }
                if self.is_relation(&name) && !res.relations.contains(&name) {
                    res.relations.push(name.clone());
                }
                if (self.catalog.enums.contains_key(&name) || self.catalog.domains.contains_key(&name))
                    && !res.types.contains(&name)
                {
                    res.types.push(name.clone());
                }
                if let Some(id) = self.objects.get(&name)
                    && !res.objects.contains(id)
                {
                    res.objects.push(id.clone());
                }
            }
        }
        res
    }

    pub fn body_refs(&self, body: &str) -> BodyRefs {
        let idents = sqltext::identifiers(body);
        let mut res = BodyRefs::default();
        for ident in &idents {
            let Some(name) = candidate_name(&ident.parts) else { continue };
            if ident.call {
                if self.function_names.contains(&name) && !res.functions.contains(&name) {
                    res.functions.push(name);
                }
            } else if self.is_relation(&name) && !res.relations.contains(&name) {
                res.relations.push(name);
            }
        }
        let star = body.contains('*');
        for relation in &res.relations {
            let Some(table) = self.catalog.tables.get(relation) else { continue };
            if star {
                res.columns.extend(table.columns.keys().map(|column| (relation.clone(), column.clone())));
                continue;
            }
            for ident in &idents {
                let Some(last) = ident.parts.last() else { continue };
                if !ident.call && table.columns.contains_key(last) {
                    let key = (relation.clone(), last.clone());
                    if !res.columns.contains(&key) {
                        res.columns.push(key);
                    }
                }
            }
        }
        res
    }

    pub fn expr_refs(&self, table: Option<&Table>, expr: &str) -> ExprRefs {
        let mut res = ExprRefs::default();
        for ident in sqltext::identifiers(expr) {
            if ident.call {
                if let Some(name) = candidate_name(&ident.parts)
                    && self.function_names.contains(&name)
                    && !res.functions.contains(&name)
                {
                    res.functions.push(name);
                }
                continue;
            }
            let Some(table) = table else { continue };
            let Some(last) = ident.parts.last() else { continue };
            if ident.parts.len() <= 2 && table.columns.contains_key(last) && !res.columns.contains(last) {
                res.columns.push(last.clone());
            }
        }
        for name in nextval_sequences(expr) {
            if self.catalog.sequences.contains_key(&name) && !res.sequences.contains(&name) {
                res.sequences.push(name);
            }
        }
        res
    }

    fn is_relation(&self, name: &QualName) -> bool {
        self.catalog.tables.contains_key(name)
            || self.catalog.views.contains_key(name)
            || self.catalog.sequences.contains_key(name)
            || self.foreign_tables.contains(name)
    }
}

/// `x` → `public.x`, `s.x` and `s.x.col` → `s.x`.
fn candidate_name(parts: &[String]) -> Option<QualName> {
    match parts {
        [name] => Some(QualName::new("public", name.clone())),
        [schema, name, ..] => Some(QualName::new(schema.clone(), name.clone())),
        [] => None,
    }
}

/// The sequences named by `nextval('…')` calls: the literal is read as a
/// (possibly qualified, possibly quoted) name, unqualified meaning `public`.
pub(crate) fn nextval_sequences(text: &str) -> Vec<QualName> {
    let lower = text.to_ascii_lowercase();
    let mut res = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("nextval") {
        let start = from + pos;
        from = start + "nextval".len();
        let rest = text[from..].trim_start();
        let Some(rest) = rest.strip_prefix('(') else { continue };
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix('\'') else { continue };
        let mut literal = String::new();
        let mut chars = rest.chars().peekable();
        let mut closed = false;
        while let Some(ch) = chars.next() {
            if ch == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    literal.push('\'');
                    continue;
                }
                closed = true;
                break;
            }
            literal.push(ch);
        }
        if !closed {
            continue;
        }
        if let Some(name) = parse_qualified(&literal) {
            res.push(name);
        }
    }
    res
}

/// Reads `a.b`, `"A"."b c"` or `b` as PostgreSQL reads a regclass literal.
pub(crate) fn parse_qualified(text: &str) -> Option<QualName> {
    let mut parts: Vec<String> = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    Some('"') => break,
                    Some(ch) => part.push(ch),
                    None => return None,
                }
            }
        } else {
            while let Some(&ch) = chars.peek() {
                if ch == '.' {
                    break;
                }
                part.push(ch.to_ascii_lowercase());
                chars.next();
            }
            part = part.trim().to_string();
        }
        if part.is_empty() {
            return None;
        }
        parts.push(part);
        match chars.next() {
            Some('.') => continue,
            None => break,
            Some(_) => return None,
        }
    }
    match parts.as_slice() {
        [name] => Some(QualName::new("public", name.clone())),
        [.., schema, name] => Some(QualName::new(schema.clone(), name.clone())),
        [] => None,
    }
}
