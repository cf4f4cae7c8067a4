//! Type changes by copy: a new column kept in sync by a trigger, backfilled, swapped in at contract.

use super::*;

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn alter_column_type(
        &self,
        change: &Change,
        table: &QualName,
        column: &str,
        (from, to): (&DataType, &DataType),
        collation: Option<&Ident>,
        has_using: bool,
        base: Step,
    ) -> Recipe {
        let in_place = |base: Step| {
            let mut step = base;
            self.annotate(change, &mut step);
            Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] }
        };
        if !base.rewrites || self.plain(table) {
            return in_place(base);
        }
        let Some(reason) = self.copy_blocker(table, column, has_using) else {
            let copy = ColumnCopy { table, column, from, to, collation, via_text: false, default_later: false };
            return self.copy_column(&copy, base);
        };
        let mut recipe = in_place(base);
        for (_, step) in &mut recipe.steps {
            for hazard in step.hazards.iter_mut().filter(|hazard| hazard.code == "table-rewrite") {
                hazard.message.push_str(&format!(" (done in place, not by expand/contract, because {reason})"));
            }
        }
        recipe
    }

    /// Why a column cannot change type by copy and swap, if it cannot.
    pub(super) fn copy_blocker(&self, table: &QualName, column: &str, has_using: bool) -> Option<String> {
        if has_using {
            return Some("the conversion needs a USING expression".to_string());
        }
        if self.partitioned(table) {
            return Some("the table is partitioned".to_string());
        }
        let target = self.inputs.to.tables.get(table)?;
        let new = target.columns.get(column)?;
        if new.identity.is_some() || new.generated.is_some() {
            return Some("the column is an identity or generated column".to_string());
        }
        // Constraints on the column are copied onto the copy.
        for constraint in self.copied_constraints(table, column) {
            let others = crate::diff::constraint_columns(constraint);
            if let Some(other) = others.iter().find(|other| {
                *other != column && self.touched_columns.contains_key(&(table.clone(), other.to_string()))
            }) {
                return Some(format!("constraint {} is also on {other}, which changes too", constraint.name));
            }
        }
        for other in self.inputs.to.tables.values() {
            for constraint in other.constraints.values() {
                if let ConstraintKind::ForeignKey(fk) = &constraint.kind
                    && fk.ref_table == *table
                    && fk.ref_columns.iter().any(|name| name == column)
                {
                    return Some(format!("foreign key {} references the column", constraint.name));
                }
            }
        }
        for index in target.indexes.values() {
            let plain = index.elements.iter().all(|element| matches!(element.key, IndexKey::Column(_)));
            let mentioned = index_columns(index).iter().any(|name| name == column);
            let created = self.created_indexes.contains(&(table.clone(), index.name.clone()));
            if mentioned && !created && (!plain || index.predicate.is_some()) {
                return Some(format!("index {} uses the column in an expression", index.name));
            }
        }
        let old_table = self.old_names.get(table).unwrap_or(table);
        if self.inputs.from.sequences.values().any(|sequence| {
            sequence.owned_by.as_ref().is_some_and(|(owner, owned)| owner == old_table && owned == column)
        }) {
            return Some("a sequence is owned by the column".to_string());
        }
        None
    }

    /// A type change by copy and swap: a new column kept in sync by a
    /// trigger, filled in batches, indexed concurrently, and swapped in.
    pub(super) fn copy_column(&self, copy: &ColumnCopy, base: Step) -> Recipe {
        let ColumnCopy { table, column, from, to, collation, via_text, default_later } = *copy;
        let target = self.inputs.to.tables.get(table);
        let new_column = target.and_then(|table| table.columns.get(column));
        let copy = temp_name(column, "__godwit_new");
        let (function, trigger) = sync_names(table, column);
        let alter = format!("ALTER TABLE {}", qualified(table));
        let (col, copy_col) = (ident(column), ident(&copy));
        let cast = |source: &str| {
            if via_text {
                let dims = "[]".repeat(usize::from(to.array_dims));
                format!("CAST(CAST({source} AS text{dims}) AS {})", data_type(to))
            } else {
                format!("CAST({source} AS {})", data_type(to))
            }
        };
        let collate = collation.map(|name| format!(" COLLATE {}", ident(name))).unwrap_or_default();

        let body = format!("\nBEGIN\n    NEW.{copy_col} := {};\n    RETURN NEW;\nEND\n", cast(&format!("NEW.{col}")));
        let mut expand = base.clone();
        expand.summary =
            format!("add column {table}.{copy} ({}) kept in sync with {column}", crate::ir::data_type_sql_unquoted(to));
        expand.sql = vec![format!("{alter} ADD COLUMN {copy_col} {}{collate}", data_type(to))];
        expand.sql.extend(sync_trigger_sql(table, &function, &trigger, &body));
        expand.lock = Some(ACCESS_EXCLUSIVE);
        expand.rewrites = false;
        expand.scans = false;
        expand.rollback = Some(vec![
            format!("DROP TRIGGER IF EXISTS {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION IF EXISTS {}()", qualified(&function)),
            format!("{alter} DROP COLUMN IF EXISTS {copy_col}"),
        ]);
        expand.estimate_ms = self.estimate(table, Work::Catalog);
        expand.hazards.retain(|hazard| hazard.code == "may-fail");
        let mut steps = vec![(EXPAND, expand)];

        let fill = self.backfill_step(
            &base,
            table,
            format!("backfill {table}.{copy} from {column} in batches"),
            &format!("{copy_col} = {}", cast(&col)),
            &format!("{copy_col} IS DISTINCT FROM {}", cast(&col)),
        );
        steps.push((BACKFILL, fill));

        if new_column.is_some_and(|column| column.not_null) {
            for mut step in self.not_null_steps(table, &copy, &base) {
                step.hazards.retain(|hazard| hazard.code != "may-fail");
                steps.push((BACKFILL, step));
            }
        }
        let (builds, renames) = self.index_copies(table, column, &copy, &base);
        steps.extend(builds.into_iter().map(|step| (BACKFILL, step)));
        let (constraint_steps, constraint_swaps) = self.constraint_copies(table, column, &copy, &base);
        steps.extend(constraint_steps.into_iter().map(|step| (BACKFILL, step)));

        let mut swap = base;
        swap.summary = format!(
            "swap {table}.{column} to {} (drop the old column, rename the copy)",
            crate::ir::data_type_sql_unquoted(to)
        );
        swap.sql = vec![
            format!("DROP TRIGGER {} ON {}", ident(&trigger), qualified(table)),
            format!("DROP FUNCTION {}()", qualified(&function)),
            format!("{alter} DROP COLUMN {col}"),
            format!("{alter} RENAME COLUMN {copy_col} TO {col}"),
        ];
        swap.sql.extend(renames);
        swap.sql.extend(constraint_swaps);
        if let Some(default) = new_column.and_then(|column| column.default.as_ref())
            && !default_later
        {
            swap.sql.push(format!("{alter} ALTER COLUMN {col} SET DEFAULT {default}"));
        }
        if let Some(comment) = new_column.and_then(|column| column.comment.as_ref()) {
            swap.sql.push(format!(
                "COMMENT ON COLUMN {}.{col} IS {}",
                qualified(table),
                crate::sql::quote::literal(comment)
            ));
        }
        swap.lock = Some(ACCESS_EXCLUSIVE);
        swap.rewrites = false;
        swap.scans = false;
        swap.rollback = None;
        swap.estimate_ms = self.estimate(table, Work::Catalog);
        swap.hazards = vec![
            step_hazard(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "{table}.{column} reads as {} from here on, and moves to the end of the column list; clients that depend on the type or on column positions (SELECT *, INSERT without a column list) see the change",
                    crate::ir::data_type_sql_unquoted(to)
                ),
                &swap,
            ),
            step_hazard(
                "irreversible",
                HazardSeverity::Info,
                format!(
                    "the old {} column is dropped; going back means another type change",
                    crate::ir::data_type_sql_unquoted(from)
                ),
                &swap,
            ),
        ];
        let analyze = analyze_step(&swap, table, column);
        steps.push((CONTRACT, swap));
        steps.push((CONTRACT, analyze));
        Recipe { effect: CONTRACT, steps }
    }

    /// A column of the source catalog, by its table's target name.
    pub(super) fn source_column(&self, table: &QualName, column: &str) -> Option<&Column> {
        let old_table = self.old_names.get(table).unwrap_or(table);
        self.inputs.from.tables.get(old_table)?.columns.get(column)
    }
}

/// A column copied to a new type and swapped in at contract.
#[derive(Clone, Copy)]
pub(super) struct ColumnCopy<'a> {
    pub(super) table: &'a QualName,
    pub(super) column: &'a str,
    pub(super) from: &'a DataType,
    /// The copy's type (for an enum recreated, the new enum under its
    /// temporary name).
    pub(super) to: &'a DataType,
    pub(super) collation: Option<&'a Ident>,
    /// Convert through `text` (enums have no casts between each other).
    pub(super) via_text: bool,
    /// Leave the target default to a later step (it names a type that is
    /// renamed after the swap).
    pub(super) default_later: bool,
}
