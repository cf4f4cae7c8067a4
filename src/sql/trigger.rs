//! The SQL of changes of triggers.

use super::*;

pub(super) fn statements(change: &TriggerChange) -> Vec<String> {
    match change {
        TriggerChange::CreateTrigger { table, trigger } => vec![create_trigger(table, trigger)],
        TriggerChange::DropTrigger { table, trigger } => {
            vec![format!("DROP TRIGGER {} ON {}", ident(&trigger.name), qualified(table))]
        }
    }
}

pub(super) fn create_trigger(table: &QualName, trigger: &Trigger) -> String {
    let timing = match trigger.timing {
        TriggerTiming::Before => "BEFORE",
        TriggerTiming::After => "AFTER",
        TriggerTiming::InsteadOf => "INSTEAD OF",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            TriggerEvent::Insert => "INSERT".to_string(),
            TriggerEvent::Update(columns) if columns.is_empty() => "UPDATE".to_string(),
            TriggerEvent::Update(columns) => format!("UPDATE OF {}", column_list(columns)),
            TriggerEvent::Delete => "DELETE".to_string(),
            TriggerEvent::Truncate => "TRUNCATE".to_string(),
        })
        .collect();
    let each = if trigger.for_each_row { "ROW" } else { "STATEMENT" };
    let mut res = format!(
        "CREATE TRIGGER {} {timing} {} ON {} FOR EACH {each}",
        ident(&trigger.name),
        events.join(" OR "),
        qualified(table)
    );
    if let Some(when) = &trigger.when {
        res.push_str(&format!(" WHEN ({when})"));
    }
    let args: Vec<String> = trigger.args.iter().map(|arg| literal(arg)).collect();
    res.push_str(&format!(" EXECUTE FUNCTION {}({})", qualified(&trigger.function), args.join(", ")));
    res
}
