//! Triggers inside a table or view block.

use super::from_ir::*;
use super::*;
use crate::ir::{Trigger, TriggerEnabled, TriggerEvent, TriggerTiming};
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
    let constraint = if trigger.constraint { "constraint " } else { "" };
    let mut res = format!("{constraint}trigger {} {timing} {}", quote::ident(&trigger.name.text), events.join(" or "));
    if let Some(from) = &trigger.from {
        res.push_str(&format!(" from {}", qualified(from)));
    }
    if let Some(value) = trigger.deferrable {
        res.push(' ');
        res.push_str(deferrable_text(value));
    }
    if trigger.old_table.is_some() || trigger.new_table.is_some() {
        res.push_str(" referencing");
        if let Some(old) = &trigger.old_table {
            res.push_str(&format!(" old table as {}", quote::ident(&old.text)));
        }
        if let Some(new) = &trigger.new_table {
            res.push_str(&format!(" new table as {}", quote::ident(&new.text)));
        }
    }
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
    match trigger.state {
        None => {}
        Some(TriggerStateAst::Disabled) => res.push_str(" disabled"),
        Some(TriggerStateAst::Always) => res.push_str(" enabled always"),
        Some(TriggerStateAst::Replica) => res.push_str(" enabled replica"),
    }
    push_comment(&mut res, &trigger.comment);
    res
}

/// A trigger of the IR as a syntax tree.
pub(super) fn trigger_def(trigger: &Trigger) -> TriggerDef {
    TriggerDef {
        constraint: trigger.constraint.is_some(),
        name: name(&trigger.name),
        timing: match trigger.timing {
            TriggerTiming::Before => TimingAst::Before,
            TriggerTiming::After => TimingAst::After,
            TriggerTiming::InsteadOf => TimingAst::InsteadOf,
        },
        events: trigger
            .events
            .iter()
            .map(|event| match event {
                TriggerEvent::Insert => EventAst::Insert,
                TriggerEvent::Update(columns) => EventAst::Update(names(columns)),
                TriggerEvent::Delete => EventAst::Delete,
                TriggerEvent::Truncate => EventAst::Truncate,
            })
            .collect(),
        for_each_row: Some(trigger.for_each_row),
        when: trigger.when.as_deref().map(sql),
        function: ast_qualified(&trigger.function),
        args: trigger.args.iter().map(|arg| string(arg)).collect(),
        from: trigger.constraint.as_ref().and_then(|constraint| constraint.from.as_ref()).map(ast_qualified),
        deferrable: trigger.constraint.as_ref().map(|constraint| match constraint.deferrable {
            crate::ir::Deferrable::NotDeferrable => DeferrableAst::NotDeferrable,
            crate::ir::Deferrable::Deferrable => DeferrableAst::Deferrable,
            crate::ir::Deferrable::InitiallyDeferred => DeferrableAst::InitiallyDeferred,
        }),
        old_table: trigger.old_table.as_deref().map(name),
        new_table: trigger.new_table.as_deref().map(name),
        state: match trigger.enabled {
            TriggerEnabled::Origin => None,
            TriggerEnabled::Disabled => Some(TriggerStateAst::Disabled),
            TriggerEnabled::Always => Some(TriggerStateAst::Always),
            TriggerEnabled::Replica => Some(TriggerStateAst::Replica),
        },
        comment: comment(&trigger.comment),
    }
}
