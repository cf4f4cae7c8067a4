//! The SQL of changes of triggers.

use super::*;

pub(super) fn statements(change: &TriggerChange) -> Vec<String> {
    match change {
        TriggerChange::CreateTrigger { table, trigger } => create_trigger(table, trigger),
        TriggerChange::DropTrigger { table, trigger } => {
            vec![format!("DROP TRIGGER {} ON {}", ident(&trigger.name), qualified(table))]
        }
    }
}

/// `CREATE [CONSTRAINT] TRIGGER …`, then the trigger's state when it is not
/// the default one.
pub(super) fn create_trigger(table: &QualName, trigger: &Trigger) -> Vec<String> {
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
    let constraint = if trigger.constraint.is_some() { "CONSTRAINT " } else { "" };
    let mut res = format!(
        "CREATE {constraint}TRIGGER {} {timing} {} ON {}",
        ident(&trigger.name),
        events.join(" OR "),
        qualified(table)
    );
    if let Some(constraint) = &trigger.constraint {
        if let Some(from) = &constraint.from {
            res.push_str(&format!(" FROM {}", qualified(from)));
        }
        res.push_str(match constraint.deferrable {
            Deferrable::NotDeferrable => " NOT DEFERRABLE INITIALLY IMMEDIATE",
            Deferrable::Deferrable => " DEFERRABLE INITIALLY IMMEDIATE",
            Deferrable::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
        });
    }
    if trigger.old_table.is_some() || trigger.new_table.is_some() {
        res.push_str(" REFERENCING");
        if let Some(old) = &trigger.old_table {
            res.push_str(&format!(" OLD TABLE AS {}", ident(old)));
        }
        if let Some(new) = &trigger.new_table {
            res.push_str(&format!(" NEW TABLE AS {}", ident(new)));
        }
    }
    res.push_str(&format!(" FOR EACH {each}"));
    if let Some(when) = &trigger.when {
        res.push_str(&format!(" WHEN ({when})"));
    }
    let args: Vec<String> = trigger.args.iter().map(|arg| literal(arg)).collect();
    res.push_str(&format!(" EXECUTE FUNCTION {}({})", qualified(&trigger.function), args.join(", ")));
    let mut statements = vec![res];
    statements.extend(trigger_state(table, trigger));
    statements
}

/// `ALTER TABLE … DISABLE TRIGGER` / `ENABLE ALWAYS|REPLICA TRIGGER`, or
/// `ENABLE TRIGGER` for the default state.
pub(super) fn trigger_state(table: &QualName, trigger: &Trigger) -> Option<String> {
    let action = match trigger.enabled {
        TriggerEnabled::Origin => return None,
        TriggerEnabled::Disabled => "DISABLE",
        TriggerEnabled::Replica => "ENABLE REPLICA",
        TriggerEnabled::Always => "ENABLE ALWAYS",
    };
    Some(format!("ALTER TABLE {} {action} TRIGGER {}", qualified(table), ident(&trigger.name)))
}
