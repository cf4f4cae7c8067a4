//! Sequences and sequence options (shared by identity columns).

use super::from_ir::*;
use super::*;
use crate::ir::*;
use crate::syntax::ast::*;

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
