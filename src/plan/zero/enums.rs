//! Enum labels removed or reordered: a new type, the columns copied to it, the types swapped at contract.

use super::*;

impl Ctx<'_> {
    /// An enum whose labels are removed or reordered, by expand/contract: the
    /// new type is created under a temporary name, each column using the
    /// enum is copied to it (sync trigger, batched backfill, index copies)
    /// and swapped in at contract, then the old type is dropped and the new
    /// one takes its name.
    pub(super) fn recreate_enum(
        &self,
        change: &Change,
        (name, labels, removed): (&QualName, &[String], &[String]),
        columns: &[crate::diff::EnumColumn],
        base: Step,
    ) -> Recipe {
        let blocker = columns.iter().find_map(|column| {
            let reason = match self.source_column(&column.table, &column.column) {
                None => Some("the column is renamed too".to_string()),
                Some(_) => self.copy_blocker(&column.table, &column.column, false),
            };
            reason.map(|reason| format!("{reason} ({}.{})", column.table, column.column))
        });
        if let Some(reason) = blocker {
            let mut step = base;
            self.annotate(change, &mut step);
            for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "table-rewrite") {
                hazard.message.push_str(&format!(" (done in place, not by expand/contract, because {reason})"));
            }
            return Recipe { effect: CONTRACT, steps: vec![(CONTRACT, step)] };
        }
        let temp = QualName::new(name.schema.clone(), temp_name(&name.name, "__godwit_new"));
        let mut create = base.clone();
        create.summary = format!("create enum {temp} (the new labels of {name})");
        create.sql = vec![sql::create_enum(&temp, labels)];
        create.tables = Vec::new();
        create.lock = None;
        create.rewrites = false;
        create.scans = false;
        create.rollback = Some(vec![format!("DROP TYPE IF EXISTS {}", qualified(&temp))]);
        create.estimate_ms = Some(0);
        create.hazards.clear();
        if !removed.is_empty() {
            let quoted: Vec<String> = removed.iter().map(|label| format!("'{label}'")).collect();
            create.hazards.push(step_hazard("breaks-clients", HazardSeverity::Warning, format!(
                    "from here on, writing {} to a column of enum {name} fails (the copy cannot hold it): stop writing it first",
                    quoted.join(", ")
                ), &create));
        }
        let mut steps = vec![(EXPAND, create)];
        let mut defaults = Vec::new();
        for column in columns {
            let Some(source) = self.source_column(&column.table, &column.column) else { continue };
            let to = DataType { base: crate::ir::BaseType::Named(temp.clone()), array_dims: column.array_dims };
            let copy = ColumnCopy {
                table: &column.table,
                column: &column.column,
                from: &source.ty,
                to: &to,
                collation: None,
                via_text: true,
                default_later: true,
            };
            let mut column_base = base.clone();
            column_base.tables = vec![column.table.clone()];
            column_base.hazards.clear();
            column_base.violations_sql = None;
            let recipe = self.copy_column(&copy, column_base);
            for (phase, mut step) in recipe.steps {
                // The backfill is where a row with a removed label stops the
                // plan.
                if step.summary.starts_with("backfill") && !removed.is_empty() {
                    step.hazards.extend(base.hazards.iter().filter(|hazard| hazard.code == "may-fail").cloned());
                    if column.array_dims == 0 {
                        let labels: Vec<String> =
                            removed.iter().map(|label| crate::sql::quote::literal(label)).collect();
                        step.violations_sql = Some(format!(
                            "SELECT count(*) FROM {} WHERE {}::text IN ({})",
                            qualified(&column.table),
                            ident(&column.column),
                            labels.join(", ")
                        ));
                    }
                }
                if let Some(hazard) = step
                    .hazards
                    .iter_mut()
                    .find(|hazard| hazard.code == "breaks-clients" && step.summary.starts_with("swap"))
                {
                    hazard.message = format!(
                        "{}.{} reads as the new enum {name} from here on, and moves to the end of the column list",
                        column.table, column.column
                    );
                }
                steps.push((phase, step));
            }
            if let Some(default) = &column.default {
                defaults.push(format!(
                    "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
                    qualified(&column.table),
                    ident(&column.column)
                ));
            }
        }
        let mut rename = base;
        rename.summary = format!("drop the old enum {name}, rename {temp} to {}", name.name);
        rename.sql = vec![
            format!("DROP TYPE {}", qualified(name)),
            format!("ALTER TYPE {} RENAME TO {}", qualified(&temp), ident(&name.name)),
        ];
        rename.lock = if defaults.is_empty() { None } else { Some(ACCESS_EXCLUSIVE) };
        rename.sql.extend(defaults);
        rename.rewrites = false;
        rename.scans = false;
        rename.rollback = None;
        rename.estimate_ms = Some(0);
        rename.hazards = vec![step_hazard(
            "irreversible",
            HazardSeverity::Info,
            format!("the old enum {name} is dropped; going back means recreating it"),
            &rename,
        )];
        steps.push((CONTRACT, rename));
        Recipe { effect: CONTRACT, steps }
    }
}
