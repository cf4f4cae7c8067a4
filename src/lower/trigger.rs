//! Triggers: timing, events, the function they call.

use super::*;

impl Ctx {
    /// Lowers a trigger of the table or view `table_name`.
    pub(super) fn lower_trigger(&mut self, file: usize, table_name: &QualName, trigger: &ast::TriggerDef, at: Span) {
        let on_view = self.catalog.views.contains_key(table_name);
        let table = match self.catalog.tables.get(table_name) {
            Some(table) => table.clone(),
            None if on_view => Table::new(table_name.clone()),
            None => return,
        };
        let function = qual(&trigger.function);
        let function_span = span(file, &trigger.function.span);
        let trigger_function = FunctionKey { name: function.clone(), arg_types: Vec::new() };
        match self.catalog.functions.get(&trigger_function) {
            Some(found) if found.returns != Some(Returns::Type(DataType::builtin("trigger"))) => {
                let idx = self.error(
                    "invalid-trigger",
                    format!("function {function} does not return `trigger`"),
                    function_span,
                    "not a trigger function",
                );
                self.note(idx, "a trigger calls a function declared `returns trigger` with no arguments");
                return;
            }
            Some(_) => {}
            None if function.schema == "pg_catalog" => {}
            None => {
                let idx = self.error(
                    "unknown-function",
                    format!("unknown trigger function {function}()"),
                    function_span,
                    "no such function",
                );
                let candidates: Vec<String> = self
                    .catalog
                    .functions
                    .keys()
                    .filter(|key| key.arg_types.is_empty())
                    .map(|key| if key.name.schema == "public" { key.name.name.clone() } else { key.name.to_string() })
                    .collect();
                let written = if function.schema == "public" { function.name.clone() } else { function.to_string() };
                match did_you_mean(&written, candidates.iter().map(String::as_str)) {
                    Some(suggestion) => self.note(idx, format!("did you mean `{suggestion}`?")),
                    None => self.note(idx, "define it with `function … () returns trigger`"),
                }
                return;
            }
        }
        if trigger.timing == ast::TimingAst::InsteadOf && !on_view {
            let idx = self.error(
                "invalid-trigger",
                format!("table {table_name} cannot have an `instead of` trigger"),
                at,
                "instead of",
            );
            self.note(idx, "`instead of` triggers are for views; use `before` or `after` on a table");
            return;
        }
        let mut events = Vec::new();
        for event in &trigger.events {
            let ir_event = match event {
                ast::EventAst::Insert => TriggerEvent::Insert,
                ast::EventAst::Update(columns) if on_view && !columns.is_empty() => {
                    let idx = self.error(
                        "invalid-trigger",
                        format!("a trigger on view {table_name} cannot name columns"),
                        at,
                        "`update of` on a view",
                    );
                    self.note(idx, "write `update`: a trigger on a view fires for the whole row");
                    return;
                }
                ast::EventAst::Update(columns) => match self.resolve_columns(file, &table, columns) {
                    Some(columns) => TriggerEvent::Update(columns),
                    None => return,
                },
                ast::EventAst::Delete => TriggerEvent::Delete,
                ast::EventAst::Truncate => TriggerEvent::Truncate,
            };
            if events.iter().any(|existing| std::mem::discriminant(existing) == std::mem::discriminant(&ir_event)) {
                self.error("invalid-trigger", "an event is listed twice", at, "in this trigger");
                return;
            }
            events.push(ir_event);
        }
        events.sort_by_key(|event| match event {
            TriggerEvent::Insert => 0,
            TriggerEvent::Update(_) => 1,
            TriggerEvent::Delete => 2,
            TriggerEvent::Truncate => 3,
        });
        let ir_trigger = Trigger {
            name: trigger.name.text.clone(),
            timing: match trigger.timing {
                ast::TimingAst::Before => TriggerTiming::Before,
                ast::TimingAst::After => TriggerTiming::After,
                ast::TimingAst::InsteadOf => TriggerTiming::InsteadOf,
            },
            events,
            for_each_row: trigger.for_each_row.unwrap_or(false),
            when: trigger.when.as_ref().map(|when| when.text.clone()),
            function,
            args: trigger.args.iter().map(|arg| arg.value.clone()).collect(),
            constraint: None,
            old_table: trigger.old_table.as_ref().map(|name| name.text.clone()),
            new_table: trigger.new_table.as_ref().map(|name| name.text.clone()),
            enabled: match trigger.state {
                None => TriggerEnabled::Origin,
                Some(ast::TriggerStateAst::Disabled) => TriggerEnabled::Disabled,
                Some(ast::TriggerStateAst::Always) => TriggerEnabled::Always,
                Some(ast::TriggerStateAst::Replica) => TriggerEnabled::Replica,
            },
            comment: comment_of(&trigger.comment),
        };
        let mut ir_trigger = ir_trigger;
        if trigger.constraint {
            if ir_trigger.timing != TriggerTiming::After || !ir_trigger.for_each_row {
                let idx = self.error(
                    "invalid-trigger",
                    "a constraint trigger must be `after … for each row`",
                    at,
                    "constraint trigger",
                );
                self.note(idx, "write `constraint trigger NAME after … for each row execute function …`");
                return;
            }
            let from = match &trigger.from {
                Some(written) => {
                    let from = qual(written);
                    if !self.catalog.tables.contains_key(&from) && !self.catalog.views.contains_key(&from) {
                        self.unknown_table(span(file, &written.span), &from);
                        return;
                    }
                    Some(from)
                }
                None => None,
            };
            ir_trigger.constraint = Some(ConstraintTrigger { deferrable: deferrable_of(trigger.deferrable), from });
        } else if trigger.from.is_some() || trigger.deferrable.is_some() {
            let idx = self.error(
                "invalid-trigger",
                "only a constraint trigger takes `from` or `deferrable`",
                at,
                "in this trigger",
            );
            self.note(idx, "write `constraint trigger …`, or remove the clause");
            return;
        }
        let key = ObjectKey::Trigger(table_name.clone(), ir_trigger.name.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("trigger", &ir_trigger.name, at, first);
            return;
        }
        self.meta.spans.insert(key, at);
        if let Some(ir_table) = self.catalog.tables.get_mut(table_name) {
            ir_table.triggers.insert(ir_trigger.name.clone(), ir_trigger);
        } else if let Some(view) = self.catalog.views.get_mut(table_name) {
            view.triggers.insert(ir_trigger.name.clone(), ir_trigger);
        }
    }
}
