//! Step builders the recipes share: batched backfills, validations, concurrent builds, sync triggers.

use super::*;

impl Ctx<'_> {
    /// A batched backfill of `table` (see [`backfill_sql`]): outside a
    /// transaction, row locks only, nothing to undo.
    pub(super) fn backfill_step(
        &self,
        base: &Step,
        table: &QualName,
        summary: String,
        assignment: &str,
        pending: &str,
    ) -> Step {
        let mut fill = base.clone();
        fill.summary = summary;
        // A partitioned table's rows are in its partitions, each walked on its own.
        fill.sql = self.row_holders(table).iter().map(|holder| backfill_sql(holder, assignment, pending)).collect();
        fill.transactional = false;
        fill.lock = Some("ROW EXCLUSIVE");
        fill.scans = true;
        fill.rewrites = false;
        fill.long_running = true;
        fill.rollback = Some(Vec::new());
        fill.estimate_ms = self.estimate(table, Work::Backfill);
        fill.hazards.clear();
        fill.hazards.extend(self.full_scan(table, &fill));
        fill
    }

    /// `VALIDATE CONSTRAINT constraint`: alone, in its own transaction,
    /// under SHARE UPDATE EXCLUSIVE (reads and writes go on), nothing to undo.
    pub(super) fn validate_step(
        &self,
        base: &Step,
        table: &QualName,
        summary: String,
        constraint: &str,
        work: Work,
    ) -> Step {
        let mut validate = base.clone();
        validate.summary = summary;
        validate.sql = vec![format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", qualified(table), ident(constraint))];
        validate.transactional = false;
        validate.lock = Some(SHARE_UPDATE_EXCLUSIVE);
        validate.rewrites = false;
        validate.scans = true;
        validate.long_running = true;
        validate.rollback = Some(Vec::new());
        validate.estimate_ms = self.estimate(table, work);
        validate.hazards.clear();
        validate.hazards.extend(self.full_scan(table, &validate));
        validate
    }

    /// A `CREATE [UNIQUE] INDEX CONCURRENTLY` step building `index`: alone,
    /// under SHARE UPDATE EXCLUSIVE, undone by a concurrent drop.
    pub(super) fn concurrent_build(
        &self,
        base: &Step,
        table: &QualName,
        summary: String,
        sql: String,
        index: &QualName,
    ) -> Step {
        let mut build = base.clone();
        build.summary = summary;
        build.sql = vec![sql];
        build.transactional = false;
        build.lock = Some(SHARE_UPDATE_EXCLUSIVE);
        build.rewrites = false;
        build.scans = true;
        build.long_running = true;
        build.builds_index = Some(index.clone());
        build.rollback = Some(vec![format!("DROP INDEX CONCURRENTLY IF EXISTS {}", qualified(index))]);
        build.estimate_ms = self.estimate(table, Work::IndexBuild);
        build.hazards = vec![
            index_build(table, &index.name, build.object.clone(), self.size(table)),
            not_transactional(&build.summary, build.object.clone()),
        ];
        build
    }
}

/// `CREATE UNIQUE INDEX CONCURRENTLY name ON table (columns) [NULLS NOT DISTINCT]`.
pub(super) fn unique_index_sql(name: &str, table: &QualName, columns: &[String], nulls_not_distinct: bool) -> String {
    format!(
        "CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({}){}",
        ident(name),
        qualified(table),
        columns.join(", "),
        if nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" }
    )
}

/// ` DEFERRABLE …` for a constraint definition.
pub(super) fn deferrable_clause(deferrable: crate::ir::Deferrable) -> &'static str {
    match deferrable {
        crate::ir::Deferrable::NotDeferrable => "",
        crate::ir::Deferrable::Deferrable => " DEFERRABLE",
        crate::ir::Deferrable::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
    }
}

/// The trigger function and trigger that keep a copy of `column` in sync.
pub(super) fn sync_names(table: &QualName, column: &str) -> (QualName, Ident) {
    let name = temp_name(&format!("{}_{column}", table.name), "__godwit_sync");
    (QualName::new(table.schema.clone(), name.clone()), name)
}

/// A plpgsql trigger function with `body`, run before each row is inserted
/// or updated.
pub(super) fn sync_trigger_sql(table: &QualName, function: &QualName, trigger: &str, body: &str) -> Vec<String> {
    let tag = sql::dollar_tag(body);
    vec![
        format!("CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {tag}{body}{tag}", qualified(function)),
        format!(
            "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
            ident(trigger),
            qualified(table),
            qualified(function)
        ),
    ]
}

/// `CREATE [UNIQUE] INDEX name …` → `CREATE [UNIQUE] INDEX CONCURRENTLY name …`.
pub(super) fn concurrently(create_index: &str) -> String {
    create_index.replacen("INDEX ", "INDEX CONCURRENTLY ", 1)
}

/// `base` + `suffix`, shortened to PostgreSQL's 63 bytes by cutting `base`.
pub(super) fn temp_name(base: &str, suffix: &str) -> String {
    let mut cut = base.len().min(63usize.saturating_sub(suffix.len()));
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &base[..cut])
}

/// A batched update of `table`: a `DO` block that walks the heap in ranges
/// of pages (TID range scans, no index needed) and commits after each batch,
/// so locks are short and progress survives. Rows written meanwhile are kept
/// right by the default or the sync trigger.
pub(super) fn backfill_sql(table: &QualName, assignment: &str, pending: &str) -> String {
    let name = qualified(table);
    let body = format!(
        "
DECLARE
    last_page bigint := pg_relation_size({regclass}::regclass) / current_setting('block_size')::bigint;
    first_page bigint := 0;
BEGIN
    WHILE first_page <= last_page LOOP
        UPDATE {name} SET {assignment}
        WHERE ctid >= format('(%s,0)', first_page)::tid
          AND ctid < format('(%s,0)', first_page + {BACKFILL_PAGES})::tid
          AND {pending};
        COMMIT;
        first_page := first_page + {BACKFILL_PAGES};
    END LOOP;
END
",
        regclass = crate::sql::quote::literal(&name),
    );
    let tag = sql::dollar_tag(&body);
    format!("DO {tag}{body}{tag}")
}
