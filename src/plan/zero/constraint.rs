//! Constraints: `NOT VALID` then `VALIDATE`, unique keys `USING INDEX`, NOT NULL through a validated check, and copies onto a replacing column.

use super::*;

impl Ctx<'_> {
    pub(super) fn add_constraint(
        &self,
        table: &QualName,
        constraint: &crate::ir::Constraint,
        base: Step,
        phase: usize,
    ) -> Recipe {
        let name = &constraint.name;
        let alter = format!("ALTER TABLE {}", qualified(table));
        let drop = format!("{alter} DROP CONSTRAINT IF EXISTS {}", ident(name));
        match &constraint.kind {
            ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_) => {
                let is_fk = matches!(constraint.kind, ConstraintKind::ForeignKey(_));
                let mut add = base.clone();
                add.summary = format!("{} (not valid)", base.summary);
                add.sql = vec![format!("{alter} ADD {} NOT VALID", sql::constraint_definition(constraint))];
                add.scans = false;
                add.lock = Some(if is_fk { "SHARE ROW EXCLUSIVE" } else { ACCESS_EXCLUSIVE });
                add.rollback = Some(vec![drop]);
                add.estimate_ms = self.estimate(table, Work::Catalog);
                add.hazards.retain(|hazard| hazard.code != "may-fail");
                let work = if is_fk { Work::ForeignKeyValidation } else { Work::Scan };
                let summary = format!("validate constraint {table}.{name}");
                let mut validate = self.validate_step(&base, table, summary, name, work);
                validate.hazards.splice(0..0, base.hazards.iter().cloned());
                Recipe { effect: phase, steps: vec![(phase, add), (phase, validate)] }
            }
            ConstraintKind::Unique { columns, .. } | ConstraintKind::PrimaryKey { columns } => {
                let nulls_not_distinct =
                    matches!(constraint.kind, ConstraintKind::Unique { nulls_not_distinct: true, .. });
                let index_name = QualName::new(table.schema.clone(), name.clone());
                let cols: Vec<String> = columns.iter().map(|column| ident(column)).collect();
                let summary = format!("build unique index {}.{name} for {}", table.schema, base.summary);
                let sql = unique_index_sql(name, table, &cols, nulls_not_distinct);
                let mut build = self.concurrent_build(&base, table, summary, sql, &index_name);
                build.hazards.splice(0..0, base.hazards.iter().cloned());
                let mut attach = base;
                let kind =
                    if matches!(constraint.kind, ConstraintKind::PrimaryKey { .. }) { "PRIMARY KEY" } else { "UNIQUE" };
                attach.sql = vec![format!(
                    "{alter} ADD CONSTRAINT {} {kind} USING INDEX {}{}",
                    ident(name),
                    ident(name),
                    deferrable_clause(constraint.deferrable)
                )];
                attach.scans = false;
                attach.lock = Some(ACCESS_EXCLUSIVE);
                attach.rollback = Some(vec![drop]);
                attach.estimate_ms = self.estimate(table, Work::Catalog);
                attach.hazards.retain(|hazard| hazard.code != "may-fail");
                Recipe { effect: phase, steps: vec![(phase, build), (phase, attach)] }
            }
        }
    }

    /// `SET NOT NULL` without a scan under ACCESS EXCLUSIVE: a `CHECK (col IS
    /// NOT NULL) NOT VALID`, validated in its own transaction, proves it.
    pub(super) fn not_null_steps(&self, table: &QualName, column: &str, base: &Step) -> Vec<Step> {
        let check = temp_name(&format!("{}_{column}", table.name), "_godwit_not_null");
        let alter = format!("ALTER TABLE {}", qualified(table));
        let col = ident(column);
        let mut add = base.clone();
        add.summary = format!("add check {table}.{check} ({column} is not null, not valid)");
        add.sql = vec![format!("{alter} ADD CONSTRAINT {} CHECK ({col} IS NOT NULL) NOT VALID", ident(&check))];
        add.lock = Some(ACCESS_EXCLUSIVE);
        add.scans = false;
        add.rollback = Some(vec![format!("{alter} DROP CONSTRAINT IF EXISTS {}", ident(&check))]);
        add.estimate_ms = self.estimate(table, Work::Catalog);
        add.hazards.retain(|hazard| hazard.code != "may-fail");
        let mut validate =
            self.validate_step(base, table, format!("validate check {table}.{check}"), &check, Work::Scan);
        validate.hazards.extend(base.hazards.iter().filter(|hazard| hazard.code == "may-fail").cloned());
        if validate.hazards.is_empty() {
            validate.hazards.push(step_hazard(
                "may-fail",
                HazardSeverity::Warning,
                format!("setting column {table}.{column} not null fails if a row holds null"),
                base,
            ));
        }
        let mut set = base.clone();
        set.summary = format!("set not null on {table}.{column} (proven by the check)");
        set.sql = vec![
            format!("{alter} ALTER COLUMN {col} SET NOT NULL"),
            format!("{alter} DROP CONSTRAINT {}", ident(&check)),
        ];
        set.lock = Some(ACCESS_EXCLUSIVE);
        set.scans = false;
        set.rollback = Some(vec![format!("{alter} ALTER COLUMN {col} DROP NOT NULL")]);
        set.estimate_ms = self.estimate(table, Work::Catalog);
        set.hazards.clear();
        let mut steps = vec![add, validate, set];
        for step in &mut steps {
            step.rewrites = false;
        }
        steps
    }

    /// The target's constraints on `column` that the plan does not add itself.
    pub(super) fn copied_constraints<'c>(&'c self, table: &QualName, column: &str) -> Vec<&'c crate::ir::Constraint> {
        let Some(target) = self.inputs.to.tables.get(table) else { return Vec::new() };
        target
            .constraints
            .values()
            .filter(|constraint| crate::diff::constraint_columns(constraint).iter().any(|name| name == column))
            .filter(|constraint| !self.created_constraints.contains(&(table.clone(), constraint.name.clone())))
            .collect()
    }

    /// Copies, on `copy`, of the unique keys, primary key and foreign keys on
    /// `column` (a unique index built concurrently; a foreign key added `NOT
    /// VALID` and validated), under temporary names; and the statements that
    /// make them the real constraints once the old column (and its
    /// constraints) are gone.
    pub(super) fn constraint_copies(
        &self,
        table: &QualName,
        column: &str,
        copy: &str,
        base: &Step,
    ) -> (Vec<Step>, Vec<String>) {
        let alter = format!("ALTER TABLE {}", qualified(table));
        let on_copy = |columns: &[Ident]| -> Vec<Ident> {
            columns.iter().map(|name| if name == column { copy.to_string() } else { name.clone() }).collect()
        };
        let mut steps = Vec::new();
        let mut swap = Vec::new();
        for constraint in self.copied_constraints(table, column) {
            let temp = temp_name(&constraint.name, "__godwit_new");
            match &constraint.kind {
                ConstraintKind::Unique { columns, .. } | ConstraintKind::PrimaryKey { columns } => {
                    let index_name = QualName::new(table.schema.clone(), temp.clone());
                    let nulls_not_distinct =
                        matches!(constraint.kind, ConstraintKind::Unique { nulls_not_distinct: true, .. });
                    let cols: Vec<String> = on_copy(columns).iter().map(|name| ident(name)).collect();
                    let summary =
                        format!("build unique index {}.{temp} on {table}.{copy} for {}", table.schema, constraint.name);
                    let sql = unique_index_sql(&temp, table, &cols, nulls_not_distinct);
                    steps.push(self.concurrent_build(base, table, summary, sql, &index_name));
                    let kind = if matches!(constraint.kind, ConstraintKind::PrimaryKey { .. }) {
                        "PRIMARY KEY"
                    } else {
                        "UNIQUE"
                    };
                    swap.push(format!(
                        "{alter} ADD CONSTRAINT {} {kind} USING INDEX {}{}",
                        ident(&constraint.name),
                        ident(&temp),
                        deferrable_clause(constraint.deferrable)
                    ));
                }
                ConstraintKind::ForeignKey(_) | ConstraintKind::Check { .. } => {
                    let mut copied = constraint.clone();
                    copied.name = temp.clone();
                    copied.kind = match &constraint.kind {
                        ConstraintKind::ForeignKey(fk) => {
                            let mut copied_fk = fk.clone();
                            copied_fk.columns = on_copy(&fk.columns);
                            ConstraintKind::ForeignKey(copied_fk)
                        }
                        ConstraintKind::Check { expr } => {
                            ConstraintKind::Check { expr: crate::sqltext::rename_column(expr, column, copy) }
                        }
                        other => other.clone(),
                    };
                    let is_fk = matches!(constraint.kind, ConstraintKind::ForeignKey(_));
                    let drop = format!("{alter} DROP CONSTRAINT IF EXISTS {}", ident(&temp));
                    let mut add = base.clone();
                    let what = if is_fk { "foreign key" } else { "check" };
                    add.summary = format!("add {what} {table}.{temp} on {copy} for {} (not valid)", constraint.name);
                    add.sql = vec![format!("{alter} ADD {} NOT VALID", sql::constraint_definition(&copied))];
                    add.transactional = true;
                    add.lock = Some(if is_fk { "SHARE ROW EXCLUSIVE" } else { ACCESS_EXCLUSIVE });
                    add.rewrites = false;
                    add.scans = false;
                    add.rollback = Some(vec![drop]);
                    add.estimate_ms = self.estimate(table, Work::Catalog);
                    add.hazards.clear();
                    let work = if is_fk { Work::ForeignKeyValidation } else { Work::Scan };
                    let validate =
                        self.validate_step(&add, table, format!("validate constraint {table}.{temp}"), &temp, work);
                    steps.push(add);
                    steps.push(validate);
                    swap.push(format!("{alter} RENAME CONSTRAINT {} TO {}", ident(&temp), ident(&constraint.name)));
                }
            }
        }
        (steps, swap)
    }
}
