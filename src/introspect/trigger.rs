//! Triggers: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct TriggerRow {
    pub(super) oid: u32,
    pub(super) table_oid: u32,
    pub(super) name: String,
    pub(super) tgtype: i32,
    pub(super) constraint_trigger: bool,
    pub(super) deferrable: bool,
    pub(super) initially_deferred: bool,
    pub(super) from_schema: Option<String>,
    pub(super) from_table: Option<String>,
    pub(super) old_table: Option<String>,
    pub(super) new_table: Option<String>,
    pub(super) enabled: String,
    pub(super) function_schema: String,
    pub(super) function_name: String,
    pub(super) nargs: i32,
    pub(super) args: Vec<u8>,
    pub(super) columns: Vec<String>,
    pub(super) definition: String,
}

impl TriggerRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(TriggerRow {
            oid: get(kind, row, "oid")?,
            table_oid: get(kind, row, "table_oid")?,
            name: get(kind, row, "name")?,
            tgtype: get(kind, row, "type")?,
            constraint_trigger: get(kind, row, "constraint_trigger")?,
            deferrable: get(kind, row, "deferrable")?,
            initially_deferred: get(kind, row, "initially_deferred")?,
            from_schema: get(kind, row, "from_schema")?,
            from_table: get(kind, row, "from_table")?,
            old_table: get(kind, row, "old_table")?,
            new_table: get(kind, row, "new_table")?,
            enabled: get(kind, row, "enabled")?,
            function_schema: get(kind, row, "function_schema")?,
            function_name: get(kind, row, "function_name")?,
            nargs: get(kind, row, "nargs")?,
            args: get(kind, row, "args")?,
            columns: get(kind, row, "columns")?,
            definition: get(kind, row, "definition")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn triggers(&mut self, rows: Vec<TriggerRow>) {
        const ROW: i32 = 1;
        const BEFORE: i32 = 2;
        const INSERT: i32 = 4;
        const DELETE: i32 = 8;
        const UPDATE: i32 = 16;
        const TRUNCATE: i32 = 32;
        const INSTEAD: i32 = 64;
        for row in rows {
            let Some(table_name) = self.table_name(row.table_oid).or_else(|| self.view_name(row.table_oid)) else {
                continue;
            };
            let constraint = row.constraint_trigger.then(|| ConstraintTrigger {
                deferrable: match (row.deferrable, row.initially_deferred) {
                    (false, _) => Deferrable::NotDeferrable,
                    (true, false) => Deferrable::Deferrable,
                    (true, true) => Deferrable::InitiallyDeferred,
                },
                from: match (row.from_schema.clone(), row.from_table.clone()) {
                    (Some(schema), Some(table)) => Some(QualName::new(schema, table)),
                    _ => None,
                },
            });
            let timing = if row.tgtype & INSTEAD != 0 {
                TriggerTiming::InsteadOf
            } else if row.tgtype & BEFORE != 0 {
                TriggerTiming::Before
            } else {
                TriggerTiming::After
            };
            let mut events = Vec::new();
            if row.tgtype & INSERT != 0 {
                events.push(TriggerEvent::Insert);
            }
            if row.tgtype & UPDATE != 0 {
                events.push(TriggerEvent::Update(row.columns));
            }
            if row.tgtype & DELETE != 0 {
                events.push(TriggerEvent::Delete);
            }
            if row.tgtype & TRUNCATE != 0 {
                events.push(TriggerEvent::Truncate);
            }
            let trigger = Trigger {
                name: row.name.clone(),
                timing,
                events,
                for_each_row: row.tgtype & ROW != 0,
                when: text::trigger_when(&row.definition),
                function: QualName::new(row.function_schema, row.function_name),
                args: text::trigger_args(&row.args, usize::try_from(row.nargs).unwrap_or(0)),
                constraint,
                old_table: row.old_table,
                new_table: row.new_table,
                enabled: match row.enabled.as_str() {
                    "D" => TriggerEnabled::Disabled,
                    "R" => TriggerEnabled::Replica,
                    "A" => TriggerEnabled::Always,
                    _ => TriggerEnabled::Origin,
                },
                comment: None,
            };
            self.oids.triggers.insert(row.oid, ObjectKey::Trigger(table_name.clone(), row.name.clone()));
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.triggers.insert(row.name, trigger);
            } else if let Some(view) = self.catalog.views.get_mut(&table_name) {
                view.triggers.insert(row.name, trigger);
            }
        }
    }
}
