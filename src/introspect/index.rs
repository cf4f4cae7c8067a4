//! Indexes: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct IndexRow {
    pub(super) oid: u32,
    pub(super) table_oid: u32,
    pub(super) name: String,
    pub(super) unique: bool,
    pub(super) method: String,
    pub(super) nulls_not_distinct: bool,
    pub(super) valid: bool,
    pub(super) predicate: Option<String>,
    pub(super) definition: String,
    pub(super) key_columns: Vec<Option<String>>,
    pub(super) key_exprs: Vec<Option<String>>,
    pub(super) key_options: Vec<i32>,
    pub(super) key_collations: Vec<Option<String>>,
    pub(super) key_opclasses: Vec<Option<String>>,
    pub(super) include: Vec<String>,
}

impl IndexRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(IndexRow {
            oid: get(kind, row, "oid")?,
            table_oid: get(kind, row, "table_oid")?,
            name: get(kind, row, "name")?,
            unique: get(kind, row, "unique")?,
            method: get(kind, row, "method")?,
            nulls_not_distinct: get(kind, row, "nulls_not_distinct")?,
            valid: get(kind, row, "valid")?,
            predicate: get(kind, row, "predicate")?,
            definition: get(kind, row, "definition")?,
            key_columns: get::<Option<Vec<Option<String>>>>(kind, row, "key_columns")?.unwrap_or_default(),
            key_exprs: get::<Option<Vec<Option<String>>>>(kind, row, "key_exprs")?.unwrap_or_default(),
            key_options: get::<Option<Vec<i32>>>(kind, row, "key_options")?.unwrap_or_default(),
            key_collations: get::<Option<Vec<Option<String>>>>(kind, row, "key_collations")?.unwrap_or_default(),
            key_opclasses: get::<Option<Vec<Option<String>>>>(kind, row, "key_opclasses")?.unwrap_or_default(),
            include: get(kind, row, "include")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn indexes(&mut self, rows: Vec<IndexRow>) {
        for row in rows {
            let Some(table_name) = self.table_name(row.table_oid).or_else(|| self.view_name(row.table_oid)) else {
                continue;
            };
            if !row.valid {
                self.unmodelled.push(Unmodelled::new(
                    "invalid index",
                    format!("{}.{}", table_name.schema, row.name),
                    "a failed concurrent build: read as valid",
                ));
            }
            let mut elements = Vec::new();
            let mut expression_collations = None;
            for (idx, column) in row.key_columns.iter().enumerate() {
                let (key, collation) = match (column, row.key_exprs.get(idx).cloned().flatten()) {
                    (Some(column), _) => {
                        (IndexKey::Column(column.clone()), row.key_collations.get(idx).cloned().flatten())
                    }
                    (None, expr) => {
                        // Only the definition tells whether the collation is the expression's own.
                        let collations =
                            expression_collations.get_or_insert_with(|| text::index_collations(&row.definition));
                        let collation = collations.get(idx).cloned().flatten();
                        (IndexKey::Expr(expr.as_deref().map(text::expr).unwrap_or_default()), collation)
                    }
                };
                let option = row.key_options.get(idx).copied().unwrap_or(0);
                elements.push(IndexElement {
                    key,
                    collation,
                    opclass: row.key_opclasses.get(idx).cloned().flatten(),
                    descending: option & 1 != 0,
                    nulls_first: option & 2 != 0,
                });
            }
            self.oids.relations.insert(row.oid, ObjectKey::Index(table_name.clone(), row.name.clone()));
            let index = Index {
                name: row.name.clone(),
                unique: row.unique,
                method: row.method,
                elements,
                include: row.include,
                nulls_not_distinct: row.nulls_not_distinct,
                predicate: row.predicate.as_deref().map(text::expr),
                comment: None,
            };
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.indexes.insert(row.name, index);
            } else if let Some(view) = self.catalog.views.get_mut(&table_name) {
                view.indexes.insert(row.name, index);
            }
        }
    }
}
