//! Indexes: built concurrently, and copied onto a column that replaces another.

use super::*;

impl Ctx<'_> {
    pub(super) fn create_index(&self, table: &QualName, index: &Index, base: Step) -> Recipe {
        let name = QualName::new(table.schema.clone(), index.name.clone());
        let summary = base.summary.clone();
        let mut step =
            self.concurrent_build(&base, table, summary, concurrently(&sql::create_index(table, index)), &name);
        step.hazards.splice(0..0, base.hazards.iter().cloned());
        if index.unique {
            step.hazards.push(Hazard {
                code: "may-fail",
                severity: HazardSeverity::Warning,
                message: format!("building unique index {} fails if {table} holds duplicates", index.name),
                object: step.object.clone(),
                span: None,
            });
        }
        Recipe { effect: EXPAND, steps: vec![(EXPAND, step)] }
    }

    /// Concurrent copies, on `copy`, of the target's indexes on `column` (that
    /// the plan does not create itself), under temporary names; and the
    /// renames that give them their names once the old column (and its
    /// indexes) are gone.
    pub(super) fn index_copies(
        &self,
        table: &QualName,
        column: &str,
        copy: &str,
        base: &Step,
    ) -> (Vec<Step>, Vec<String>) {
        let mut builds = Vec::new();
        let mut renames = Vec::new();
        if let Some(target) = self.inputs.to.tables.get(table) {
            for index in target.indexes.values() {
                if !index_columns(index).iter().any(|name| name == column)
                    || self.created_indexes.contains(&(table.clone(), index.name.clone()))
                {
                    continue;
                }
                let temp = temp_name(&index.name, "__godwit_new");
                let mut copied = index.clone();
                copied.name = temp.clone();
                for element in &mut copied.elements {
                    if element.key == IndexKey::Column(column.to_string()) {
                        element.key = IndexKey::Column(copy.to_string());
                    }
                }
                for name in &mut copied.include {
                    if name == column {
                        *name = copy.to_string();
                    }
                }
                let temp_qualified = QualName::new(table.schema.clone(), temp.clone());
                let summary = format!("build index {}.{temp} on {table}.{copy}", table.schema);
                let sql = concurrently(&sql::create_index(table, &copied));
                builds.push(self.concurrent_build(base, table, summary, sql, &temp_qualified));
                renames.push(format!("ALTER INDEX {} RENAME TO {}", qualified(&temp_qualified), ident(&index.name)));
            }
        }

        (builds, renames)
    }
}
