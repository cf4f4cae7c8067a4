//! New columns: volatile defaults and `@backfill` filled in batches, identity columns on populated tables.

use super::*;

impl Ctx<'_> {
    pub(super) fn add_column(&self, table: &QualName, column: &Column, backfill: Option<&str>, base: Step) -> Recipe {
        let alter = format!("ALTER TABLE {}", qualified(table));
        let col = ident(&column.name);
        let volatile_default = column.default.as_deref().filter(|default| self.is_volatile(default));
        let fill = match (backfill, volatile_default) {
            (Some(expr), _) => Some(format!("({expr})")),
            (None, Some(default)) if column.identity.is_none() && column.generated.is_none() => {
                Some(default.to_string())
            }
            _ => None,
        };
        if let Some(identity) = &column.identity
            && column.generated.is_none()
            && backfill.is_none()
        {
            return self.add_identity_column(table, column, identity, base);
        }
        let Some(fill) = fill else {
            let mut step = base;
            self.annotate(
                &Change::Column(ColumnChange::AddColumn {
                    table: table.clone(),
                    column: column.clone(),
                    backfill: None,
                    domain_not_null: false,
                }),
                &mut step,
            );
            step.rollback = Some(vec![format!("{alter} DROP COLUMN IF EXISTS {col}")]);
            if column.generated.is_some() {
                for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "table-rewrite") {
                    hazard.message.push_str(
                        " (PostgreSQL 15 computes a stored generated column for every row as it is added, and cannot \
                         turn a filled column into a generated one: there is no online recipe)",
                    );
                }
            }
            return Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] };
        };
        // Add it nullable (and without a volatile default, which would rewrite
        // the table), let new rows get the default, fill the old rows in
        // batches, then require values.
        let keeps_default = column.default.is_some() && volatile_default.is_none();
        let nullable = Column {
            not_null: false,
            default: if keeps_default { column.default.clone() } else { None },
            ..column.clone()
        };
        let mut add = base.clone();
        add.summary = format!("add column {table}.{} (nullable)", column.name);
        add.sql = vec![format!("{alter} ADD COLUMN {}", sql::column_definition(&nullable))];
        if let (Some(default), false) = (&column.default, keeps_default) {
            add.sql.push(format!("{alter} ALTER COLUMN {col} SET DEFAULT {default}"));
        }
        add.lock = Some(ACCESS_EXCLUSIVE);
        add.rewrites = false;
        add.scans = false;
        add.rollback = Some(vec![format!("{alter} DROP COLUMN IF EXISTS {col}")]);
        add.estimate_ms = self.estimate(table, Work::Catalog);
        add.hazards.retain(|hazard| hazard.code != "may-fail");
        // Without a default, rows that the running application inserts while
        // (and after) the old rows are filled get the value from a trigger,
        // until contract.
        let filler = match (backfill, &column.default) {
            (Some(expr), None) => Some(self.fill_trigger(table, &column.name, expr)),
            _ => None,
        };
        if let Some((create, drop)) = &filler {
            add.summary = format!("add column {table}.{} (nullable, filled by a trigger for new rows)", column.name);
            add.sql.extend(create.iter().cloned());
            let mut rollback = drop.clone();
            rollback.push(format!("{alter} DROP COLUMN IF EXISTS {col}"));
            add.rollback = Some(rollback);
        }
        let mut steps = vec![(EXPAND, add)];
        let summary = format!("backfill {table}.{} in batches", column.name);
        steps.push((
            BACKFILL,
            self.backfill_step(&base, table, summary, &format!("{col} = {fill}"), &format!("{col} IS NULL")),
        ));
        if column.not_null {
            for step in self.not_null_steps(table, &column.name, &base) {
                steps.push((BACKFILL, step));
            }
        }
        if let Some((create, drop)) = filler {
            let mut stop = base;
            stop.summary = format!("drop the trigger that fills {table}.{}", column.name);
            stop.sql = drop;
            stop.lock = Some(ACCESS_EXCLUSIVE);
            stop.rewrites = false;
            stop.scans = false;
            stop.rollback = Some(create);
            stop.estimate_ms = self.estimate(table, Work::Catalog);
            stop.hazards = vec![step_hazard(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "from here on, inserting into {table} without {} fails: deploy code that writes it first",
                    column.name
                ),
                &stop,
            )];
            steps.push((CONTRACT, stop));
        }
        Recipe { effect: EXPAND, steps }
    }

    /// An identity column added to a populated table without a rewrite under
    /// ACCESS EXCLUSIVE: added nullable and numbered by a temporary sequence
    /// (new rows by its default, old rows in batches), made `NOT NULL`
    /// through a validated check, then turned into the identity, whose
    /// sequence goes on where the temporary one stopped.
    pub(super) fn add_identity_column(
        &self,
        table: &QualName,
        column: &Column,
        identity: &crate::ir::Identity,
        base: Step,
    ) -> Recipe {
        let alter = format!("ALTER TABLE {}", qualified(table));
        let col = ident(&column.name);
        let sequence = crate::ir::Sequence {
            name: QualName::new(
                table.schema.clone(),
                temp_name(&format!("{}_{}", table.name, column.name), "__godwit_seq"),
            ),
            options: identity.options.clone(),
            owned_by: None,
            comment: None,
        };
        let seq = qualified(&sequence.name);
        let next = format!("nextval({}::regclass)", crate::sql::quote::literal(&seq));
        let plain = Column { not_null: false, default: None, identity: None, ..column.clone() };

        let mut add = base.clone();
        add.summary = format!("add column {table}.{} (nullable, numbered by a temporary sequence)", column.name);
        add.sql = vec![
            sql::create_sequence(&sequence),
            format!("{alter} ADD COLUMN {}", sql::column_definition(&plain)),
            format!("{alter} ALTER COLUMN {col} SET DEFAULT {next}"),
        ];
        add.lock = Some(ACCESS_EXCLUSIVE);
        add.rewrites = false;
        add.scans = false;
        add.rollback =
            Some(vec![format!("{alter} DROP COLUMN IF EXISTS {col}"), format!("DROP SEQUENCE IF EXISTS {seq}")]);
        add.estimate_ms = self.estimate(table, Work::Catalog);
        add.hazards.retain(|hazard| !matches!(hazard.code, "may-fail" | "table-rewrite" | "long-lock"));
        let mut steps = vec![(EXPAND, add)];

        let summary = format!("number the existing rows of {table}.{} in batches", column.name);
        steps.push((
            BACKFILL,
            self.backfill_step(&base, table, summary, &format!("{col} = {next}"), &format!("{col} IS NULL")),
        ));
        for mut step in self.not_null_steps(table, &column.name, &base) {
            step.hazards.retain(|hazard| hazard.code != "may-fail");
            steps.push((BACKFILL, step));
        }

        // The identity's own sequence goes on from the temporary one.
        let identity_seq = format!(
            "pg_get_serial_sequence({}, {})",
            crate::sql::quote::literal(&qualified(table)),
            crate::sql::quote::literal(&column.name)
        );
        let mut convert = base;
        convert.summary = format!("make {table}.{} an identity column", column.name);
        convert.sql = vec![
            format!("{alter} ALTER COLUMN {col} DROP DEFAULT"),
            format!("{alter} ALTER COLUMN {col} ADD {}", sql::identity_clause(identity)),
            format!("SELECT setval({identity_seq}, last_value, is_called) FROM {seq}"),
            format!("DROP SEQUENCE {seq}"),
        ];
        convert.lock = Some(ACCESS_EXCLUSIVE);
        convert.rewrites = false;
        convert.scans = false;
        convert.rollback = Some(vec![
            sql::create_sequence(&sequence),
            format!("SELECT setval({}::regclass, nextval({identity_seq}), false)", crate::sql::quote::literal(&seq)),
            format!("{alter} ALTER COLUMN {col} DROP IDENTITY"),
            format!("{alter} ALTER COLUMN {col} SET DEFAULT {next}"),
        ]);
        convert.estimate_ms = self.estimate(table, Work::Catalog);
        convert.hazards.clear();
        steps.push((BACKFILL, convert));
        Recipe { effect: EXPAND, steps }
    }

    /// A trigger that sets `column` to `expr` (the `@backfill` expression,
    /// its column names read from the row) when a row arrives without it:
    /// the statements that create it, and those that drop it.
    pub(super) fn fill_trigger(&self, table: &QualName, column: &str, expr: &str) -> (Vec<String>, Vec<String>) {
        let (function, trigger) = sync_names(table, column);
        // The expression names columns as the target schema does.
        let columns: IndexSet<&str> = self
            .inputs
            .to
            .tables
            .get(table)
            .into_iter()
            .chain(self.source_table(table))
            .flat_map(|table| table.columns.keys().map(String::as_str))
            .collect();
        let value = crate::sqltext::replace_mentions(expr, |name| {
            columns.contains(name).then(|| format!("NEW.{}", ident(name)))
        });
        let col = ident(column);
        let body = format!(
            "\nBEGIN\n    IF NEW.{col} IS NULL THEN\n        NEW.{col} := ({value});\n    END IF;\n    RETURN NEW;\nEND\n"
        );
        let create = sync_trigger_sql(table, &function, &trigger, &body);
        let drop = vec![
            format!("DROP TRIGGER IF EXISTS {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION IF EXISTS {}()", qualified(&function)),
        ];
        (create, drop)
    }

    /// A table of the source catalog, by its target name.
    pub(super) fn source_table(&self, table: &QualName) -> Option<&crate::ir::Table> {
        self.inputs.from.tables.get(self.old_names.get(table).unwrap_or(table))
    }

    /// Whether a default must be computed per row: it calls a function that is
    /// not known to be stable or immutable.
    pub(super) fn is_volatile(&self, expr: &str) -> bool {
        crate::sqltext::identifiers(expr).iter().filter(|found| found.call).any(|found| {
            let Some(name) = found.parts.last() else { return false };
            if found.parts.len() == 1 && STABLE_BUILTINS.contains(&name.as_str()) {
                return false;
            }
            let user = self.inputs.to.functions.values().find(|function| {
                function.name.name == *name
                    && (found.parts.len() == 1 || found.parts.first() == Some(&function.name.schema))
            });
            !matches!(user, Some(function) if function.volatility != Volatility::Volatile)
        })
    }
}
