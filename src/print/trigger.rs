//! Triggers inside a table block.

use super::*;
use crate::syntax::ast::*;

pub(super) fn trigger_text(trigger: &TriggerDef) -> String {
    let timing = match trigger.timing {
        TimingAst::Before => "before",
        TimingAst::After => "after",
        TimingAst::InsteadOf => "instead of",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            EventAst::Insert => "insert".to_string(),
            EventAst::Update(columns) if columns.is_empty() => "update".to_string(),
            EventAst::Update(columns) => {
                let names: Vec<String> = columns.iter().map(|name| quote::ident(&name.text)).collect();
                format!("update of {}", names.join(", "))
            }
            EventAst::Delete => "delete".to_string(),
            EventAst::Truncate => "truncate".to_string(),
        })
        .collect();
    let mut res = format!("trigger {} {timing} {}", quote::ident(&trigger.name.text), events.join(" or "));
    match trigger.for_each_row {
        Some(true) => res.push_str(" for each row"),
        Some(false) => res.push_str(" for each statement"),
        None => {}
    }
    if let Some(when) = &trigger.when {
        res.push_str(&format!(" when ({})", when.text));
    }
    let args: Vec<String> = trigger.args.iter().map(|arg| quote::literal(&arg.value)).collect();
    res.push_str(&format!(" execute function {}({})", qualified(&trigger.function), args.join(", ")));
    push_comment(&mut res, &trigger.comment);
    res
}
