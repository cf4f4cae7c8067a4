//! Declared renames: a column answering to both names until contract, a table kept under its old name as a view.

use super::*;

impl Ctx<'_> {
    /// Why a column cannot be renamed by copy (both names working until
    /// contract), if it cannot.
    pub(super) fn rename_blocker(&self, table: &QualName, from: &str, to: &str) -> Option<String> {
        let old_table = self.old_names.get(table).unwrap_or(table);
        let old = self.inputs.from.tables.get(old_table)?.columns.get(from)?;
        let new = self.inputs.to.tables.get(table)?.columns.get(to)?;
        if old.ty != new.ty || old.collation != new.collation {
            return Some("its type changes too".to_string());
        }
        if let Some(change) = self
            .touched_columns
            .get(&(table.clone(), to.to_string()))
            .or_else(|| self.touched_columns.get(&(table.clone(), from.to_string())))
        {
            return Some(format!("the plan also makes a change that uses it ({change})"));
        }
        if let Some(reason) = self.copy_blocker(table, to, false) {
            return Some(reason);
        }
        if self.inputs.from.sequences.values().any(|sequence| {
            sequence.owned_by.as_ref().is_some_and(|(owner, owned)| owner == old_table && owned == from)
        }) {
            return Some("a sequence is owned by the column".to_string());
        }
        let column_key = ObjectKey::Column(old_table.clone(), from.to_string());
        // Indexes are copied and constraints checked above; a view, trigger
        // or function that PostgreSQL ties to the column would stop the drop.
        if let Some((dependent, _)) = self.inputs.facts.dependencies.iter().find(|(dependent, on)| {
            *on == column_key
                && matches!(dependent, ObjectKey::View(_) | ObjectKey::Trigger(..) | ObjectKey::Function(_))
        }) {
            let what = match dependent {
                ObjectKey::View(name) => format!("view {name}"),
                ObjectKey::Trigger(_, name) => format!("trigger {name}"),
                ObjectKey::Function(key) => format!("function {}", key.name),
                _ => "an object".to_string(),
            };
            return Some(format!("{what} depends on it"));
        }
        for view in self.inputs.from.views.values() {
            if crate::sqltext::identifiers(&view.body)
                .iter()
                .any(|found| found.parts.last().is_some_and(|name| name == from))
            {
                return Some(format!("view {} may use it", view.name));
            }
        }
        if let Some(source) = self.inputs.from.tables.get(old_table) {
            for trigger in source.triggers.values() {
                let listed = trigger
                    .events
                    .iter()
                    .any(|event| matches!(event, crate::ir::TriggerEvent::Update(columns) if columns.iter().any(|name| name == from)));
                if listed || trigger.when.is_some() {
                    return Some(format!("trigger {} names columns", trigger.name));
                }
            }
        }
        None
    }

    /// A declared column rename with both names working between expand and
    /// contract: the new column is added and kept equal to the old one by a
    /// trigger (writes to either name reach both), filled in batches and
    /// indexed like it; contract drops the old column.
    pub(super) fn rename_column(&self, table: &QualName, from: &str, to: &str, base: Step) -> Recipe {
        let Some(new_column) = self.inputs.to.tables.get(table).and_then(|target| target.columns.get(to)) else {
            return Recipe { effect: EXPAND, steps: vec![(EXPAND, base)] };
        };
        let (function, trigger) = sync_names(table, to);
        let alter = format!("ALTER TABLE {}", qualified(table));
        let (old, new) = (ident(from), ident(to));
        let collate = new_column.collation.as_ref().map(|name| format!(" COLLATE {}", ident(name))).unwrap_or_default();
        let body = format!(
            "
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.{new} IS NULL THEN
            NEW.{new} := NEW.{old};
        ELSE
            NEW.{old} := NEW.{new};
        END IF;
    ELSIF NEW.{new} IS DISTINCT FROM OLD.{new} THEN
        NEW.{old} := NEW.{new};
    ELSE
        NEW.{new} := NEW.{old};
    END IF;
    RETURN NEW;
END
"
        );
        let mut expand = base.clone();
        expand.summary = format!("add column {table}.{to} kept equal to {from} (both names work until contract)");
        expand.sql = vec![format!("{alter} ADD COLUMN {new} {}{collate}", data_type(&new_column.ty))];
        expand.sql.extend(sync_trigger_sql(table, &function, &trigger, &body));
        // The new column mirrors the old one, comment included (a comment
        // change in the plan then applies to it).
        let old_table = self.old_names.get(table).unwrap_or(table);
        if let Some(comment) = self
            .inputs
            .from
            .tables
            .get(old_table)
            .and_then(|source| source.columns.get(from))
            .and_then(|old| old.comment.as_ref())
        {
            expand.sql.push(format!(
                "COMMENT ON COLUMN {}.{new} IS {}",
                qualified(table),
                crate::sql::quote::literal(comment)
            ));
        }
        expand.lock = Some(ACCESS_EXCLUSIVE);
        expand.rollback = Some(vec![
            format!("DROP TRIGGER IF EXISTS {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION IF EXISTS {}()", qualified(&function)),
            format!("{alter} DROP COLUMN IF EXISTS {new}"),
        ]);
        expand.estimate_ms = self.estimate(table, Work::Catalog);
        expand.hazards.clear();
        let mut steps = vec![(EXPAND, expand)];

        let summary = format!("backfill {table}.{to} from {from} in batches");
        let fill = self.backfill_step(
            &base,
            table,
            summary,
            &format!("{new} = {old}"),
            &format!("{new} IS DISTINCT FROM {old}"),
        );
        steps.push((BACKFILL, fill));
        if new_column.not_null {
            for mut step in self.not_null_steps(table, to, &base) {
                step.hazards.retain(|hazard| hazard.code != "may-fail");
                steps.push((BACKFILL, step));
            }
        }
        let (builds, renames) = self.index_copies(table, to, to, &base);
        steps.extend(builds.into_iter().map(|step| (BACKFILL, step)));
        let (constraint_steps, constraint_swaps) = self.constraint_copies(table, to, to, &base);
        steps.extend(constraint_steps.into_iter().map(|step| (BACKFILL, step)));

        let mut drop = base;
        drop.summary = format!("drop the old column {table}.{from} (renamed to {to})");
        drop.sql = vec![
            format!("DROP TRIGGER {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION {}()", qualified(&function)),
            format!("{alter} DROP COLUMN {old}"),
        ];
        drop.sql.extend(renames);
        drop.sql.extend(constraint_swaps);
        if let Some(default) = &new_column.default {
            drop.sql.push(format!("{alter} ALTER COLUMN {new} SET DEFAULT {default}"));
        }
        if let Some(comment) = &new_column.comment {
            drop.sql.push(format!(
                "COMMENT ON COLUMN {}.{new} IS {}",
                qualified(table),
                crate::sql::quote::literal(comment)
            ));
        }
        drop.lock = Some(ACCESS_EXCLUSIVE);
        drop.rollback = None;
        drop.estimate_ms = self.estimate(table, Work::Catalog);
        drop.hazards = vec![
            step_hazard(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "the old name {table}.{from} stops working: deploy code that uses {to} first ({to} is at the end of the column list)"
                ),
                &drop,
            ),
            step_hazard(
                "irreversible",
                HazardSeverity::Info,
                format!("the old column {from} is dropped; {to} holds its values"),
                &drop,
            ),
        ];
        let analyze = analyze_step(&drop, table, to);
        steps.push((CONTRACT, drop));
        steps.push((CONTRACT, analyze));
        Recipe { effect: EXPAND, steps }
    }

    /// A declared table rename: the old name stays usable through a view
    /// until contract.
    pub(super) fn rename_table(&self, from: &QualName, to: &QualName, base: Step) -> Recipe {
        // The view under the old name gets the table's privileges, so that
        // the roles the old application runs as keep using it.
        let grants: Vec<String> =
            crate::diff::restore(self.inputs.from, &[crate::ir::GrantTarget::Table(from.clone())], |target| {
                target.clone()
            })
            .iter()
            .filter(|change| !matches!(change, Change::Privilege(crate::diff::PrivilegeChange::SetOwner { .. })))
            .flat_map(sql::statements)
            .collect();
        let mut rename = base.clone();
        rename.sql.push(format!("CREATE VIEW {} AS SELECT * FROM {}", qualified(from), qualified(to)));
        rename.sql.extend(grants.iter().cloned());
        rename.summary = format!("{} (the old name stays as a view until contract)", base.summary);
        rename.rollback = Some(vec![
            format!("DROP VIEW IF EXISTS {}", qualified(from)),
            format!("ALTER TABLE {} RENAME TO {}", qualified(to), ident(&from.name)),
        ]);
        if from.schema != to.schema {
            // A rename across schemas is a move: keep it plain.
            let step = base;
            return Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] };
        }
        let mut drop = base;
        drop.summary = format!("drop view {from} (the old name of table {to})");
        drop.sql = vec![format!("DROP VIEW {}", qualified(from))];
        drop.tables = vec![to.clone()];
        let mut recreate = vec![format!("CREATE VIEW {} AS SELECT * FROM {}", qualified(from), qualified(to))];
        recreate.extend(grants);
        drop.rollback = Some(recreate);
        drop.hazards = vec![step_hazard(
            "breaks-clients",
            HazardSeverity::Info,
            format!("the old name {from} stops working"),
            &drop,
        )];
        Recipe { effect: EXPAND, steps: vec![(EXPAND, rename), (CONTRACT, drop)] }
    }
}
