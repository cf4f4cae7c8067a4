//! Sequences and sequence options (shared by identity columns).

use super::from_ir::*;
use super::*;
use crate::ir::*;
use crate::syntax::ast::*;
use indexmap::IndexMap;

pub(super) fn seq_option_text(option: &SeqOption) -> String {
    match option {
        SeqOption::As(ty) => format!("as {}", type_text(ty)),
        SeqOption::Increment(int) => format!("increment by {}", int.text),
        SeqOption::MinValue(Some(int)) => format!("minvalue {}", int.text),
        SeqOption::MinValue(None) => "no minvalue".to_string(),
        SeqOption::MaxValue(Some(int)) => format!("maxvalue {}", int.text),
        SeqOption::MaxValue(None) => "no maxvalue".to_string(),
        SeqOption::Start(int) => format!("start with {}", int.text),
        SeqOption::Cache(int) => format!("cache {}", int.text),
        SeqOption::Cycle(true) => "cycle".to_string(),
        SeqOption::Cycle(false) => "no cycle".to_string(),
    }
}

pub(super) fn sequence_text(def: &SequenceDef) -> String {
    let mut res = format!("sequence {}", qualified(&def.name));
    for option in &def.options {
        res.push(' ');
        res.push_str(&seq_option_text(option));
    }
    match &def.owned_by {
        None => {}
        Some(None) => res.push_str(" owned by none"),
        Some(Some(path)) => {
            res.push_str(" owned by ");
            if let Some(schema) = &path.schema {
                res.push_str(&quote::ident(&schema.text));
                res.push('.');
            }
            res.push_str(&format!("{}.{}", quote::ident(&path.table.text), quote::ident(&path.column.text)));
        }
    }
    push_comment(&mut res, &def.comment);
    res
}

/// Sequence options that differ from PostgreSQL's defaults for their type.
pub(super) fn seq_options(options: &SequenceOptions, default_type: &str) -> Vec<SeqOption> {
    let defaults = SequenceOptions::defaults(&options.data_type, options.increment);
    let mut res = Vec::new();
    if options.data_type != default_type {
        res.push(SeqOption::As(type_expr(&DataType::builtin(options.data_type.clone()))));
    }
    if options.increment != 1 {
        res.push(SeqOption::Increment(int(options.increment)));
    }
    if options.min_value != defaults.min_value {
        res.push(SeqOption::MinValue(Some(int(options.min_value))));
    }
    if options.max_value != defaults.max_value {
        res.push(SeqOption::MaxValue(Some(int(options.max_value))));
    }
    let default_start = if options.increment > 0 { options.min_value } else { options.max_value };
    if options.start != default_start {
        res.push(SeqOption::Start(int(options.start)));
    }
    if options.cache != 1 {
        res.push(SeqOption::Cache(int(options.cache)));
    }
    if options.cycle {
        res.push(SeqOption::Cycle(true));
    }
    res
}

/// The sequences that print as a `serial` column type, by the column they
/// serve (table, column) → the type word (`serial`, `bigserial`,
/// `smallserial`): exactly those that lowering `serial` gives back. The
/// sequence is owned by the column, is named `<table>_<column>_seq` in the
/// table's schema (and no other relation, constraint, index or identity
/// sequence of the schema has that name), has a serial's options and no
/// comment, grants, owner or hints; the column has its type, `NOT NULL`, and
/// `nextval` of it as its default, and no identity or generation.
pub(super) fn implied_serials(
    catalog: &Catalog,
    meta: &Meta,
    name_counts: &IndexMap<(Ident, Ident), usize>,
) -> IndexMap<(QualName, Ident), &'static str> {
    let mut res = IndexMap::new();
    for sequence in catalog.sequences.values() {
        let Some((table_name, column_name)) = &sequence.owned_by else { continue };
        let Some(column) = catalog.tables.get(table_name).and_then(|table| table.columns.get(column_name)) else {
            continue;
        };
        let word = match &column.ty.base {
            BaseType::Builtin(ty) if column.ty.array_dims == 0 => match ty.as_str() {
                "integer" => "serial",
                "bigint" => "bigserial",
                "smallint" => "smallserial",
                _ => continue,
            },
            _ => continue,
        };
        let int_type = sequence.options.data_type.as_str();
        let serial = sequence.name.schema == table_name.schema
            && sequence.name.name == crate::lower::serial_sequence_name(&table_name.name, column_name)
            && name_counts.get(&(sequence.name.schema.clone(), sequence.name.name.clone())).copied() == Some(1)
            && !identity_sequence_named(catalog, &sequence.name)
            && matches!(&column.ty.base, BaseType::Builtin(ty) if ty == int_type)
            && sequence.options == SequenceOptions::defaults(int_type, 1)
            && sequence.comment.is_none()
            && column.not_null
            && column.identity.is_none()
            && column.generated.is_none()
            && column.default.as_deref() == Some(crate::lower::serial_default(&sequence.name).as_str())
            && !has_hints(meta, &ObjectKey::Sequence(sequence.name.clone()))
            && !catalog.owners.contains_key(&GrantTarget::Sequence(sequence.name.clone()))
            && !catalog.privileges.iter().any(|privilege| privilege.on == GrantTarget::Sequence(sequence.name.clone()));
        if serial {
            res.insert((table_name.clone(), column_name.clone()), word);
        }
    }
    res
}

/// Whether an identity column of the schema may have a sequence named `name`
/// (lowering derives those names too).
fn identity_sequence_named(catalog: &Catalog, name: &QualName) -> bool {
    catalog.tables.values().filter(|table| table.name.schema == name.schema).any(|table| {
        table.columns.values().any(|column| {
            column.identity.is_some()
                && crate::lower::is_identity_sequence_name(&name.name, &table.name.name, &column.name)
        })
    })
}

fn has_hints(meta: &Meta, key: &ObjectKey) -> bool {
    meta.renamed_from.contains_key(key) || meta.deprecated.contains(key)
}
