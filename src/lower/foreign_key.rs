//! Foreign keys: the referenced key, column types, actions (lowered once every table is).

use super::*;

impl Ctx {
    pub(super) fn lower_foreign_keys_and_triggers(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            if let ast::DefinitionKind::View(view) = &def.kind
                && !self.is_duplicate(file, def)
            {
                self.lower_view_items(file, view);
            }
            let ast::DefinitionKind::Table(table) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            let table_name = qual(&table.name);
            for item in &table.items {
                let item_span = span(file, &item.span);
                match &item.kind {
                    ast::TableItemKind::Column(column) => {
                        for clause in &column.clauses {
                            if let ast::ColumnClauseKind::References { name, table: ref_table, columns, options } =
                                &clause.kind
                            {
                                let fk = ast::ForeignKeyDef {
                                    name: name.clone(),
                                    columns: vec![column.name.clone()],
                                    ref_table: ref_table.clone(),
                                    ref_columns: columns.clone(),
                                    options: options.clone(),
                                    comment: None,
                                };
                                self.lower_foreign_key(file, &table_name, &fk, span(file, &clause.span));
                            }
                        }
                    }
                    ast::TableItemKind::ForeignKey(fk) => self.lower_foreign_key(file, &table_name, fk, item_span),
                    ast::TableItemKind::Trigger(trigger) => self.lower_trigger(file, &table_name, trigger, item_span),
                    _ => {}
                }
            }
        }
    }

    /// A domain's base type (through nested domains); other types as they are.
    pub(super) fn base_type(&self, ty: &DataType) -> DataType {
        let mut res = ty.clone();
        for _ in 0..16 {
            let BaseType::Named(name) = &res.base else { break };
            let Some(domain) = self.catalog.domains.get(name) else { break };
            res = DataType { base: domain.base.base.clone(), array_dims: res.array_dims + domain.base.array_dims };
        }
        res
    }

    pub(super) fn lower_foreign_key(&mut self, file: usize, table_name: &QualName, fk: &ast::ForeignKeyDef, at: Span) {
        let Some(table) = self.catalog.tables.get(table_name).cloned() else { return };
        let Some(columns) = self.resolve_columns(file, &table, &fk.columns) else { return };
        let ref_name = qual(&fk.ref_table);
        let ref_span = span(file, &fk.ref_table.span);
        let Some(ref_table) = self.catalog.tables.get(&ref_name).cloned() else {
            self.unknown_table(ref_span, &ref_name);
            return;
        };
        let ref_columns = match &fk.ref_columns {
            Some(ref_columns) => match self.resolve_columns(file, &ref_table, ref_columns) {
                Some(ref_columns) => ref_columns,
                None => return,
            },
            None => match ref_table.primary_key().map(|pk| &pk.kind) {
                Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
                _ => {
                    let idx = self.error(
                        "foreign-key-target",
                        format!("table {ref_name} has no primary key for this foreign key to reference"),
                        ref_span,
                        "no primary key",
                    );
                    self.note(
                        idx,
                        "name the referenced columns, e.g. `references t (code)`, or give the table a primary key",
                    );
                    return;
                }
            },
        };
        if columns.len() != ref_columns.len() {
            let idx = self.error(
                "foreign-key-mismatch",
                format!(
                    "this foreign key has {} column(s) but references {} column(s)",
                    columns.len(),
                    ref_columns.len()
                ),
                at,
                "column counts differ",
            );
            self.note(idx, "list as many referencing columns as referenced ones");
            return;
        }
        let deferrable_key = ref_table.constraints.values().find(|constraint| {
            constraint.deferrable != Deferrable::NotDeferrable
                && matches!(&constraint.kind,
                    ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. }
                        if same_set(columns, &ref_columns))
        });
        if let Some(key) = deferrable_key {
            let idx = self.error(
                "foreign-key-target",
                format!("the referenced key {} of {ref_name} is deferrable", key.name),
                ref_span,
                "deferrable key",
            );
            self.note(
                idx,
                "PostgreSQL cannot use a deferrable unique constraint for a foreign key; make it not deferrable",
            );
            return;
        }
        let key_matches = ref_table.constraints.values().any(|constraint| match &constraint.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                same_set(columns, &ref_columns)
            }
            _ => false,
        }) || ref_table.indexes.values().any(|index| {
            index.unique
                && index.predicate.is_none()
                && index.elements.len() == ref_columns.len()
                && index
                    .elements
                    .iter()
                    .all(|element| matches!(&element.key, IndexKey::Column(c) if ref_columns.contains(c)))
        });
        if !key_matches {
            let idx = self.error(
                "foreign-key-target",
                format!(
                    "the referenced columns ({}) of {ref_name} are not a primary key or unique constraint",
                    ref_columns.join(", ")
                ),
                ref_span,
                "not a key",
            );
            self.note(
                idx,
                format!("add `unique ({})` to {ref_name}, or reference its primary key", ref_columns.join(", ")),
            );
            return;
        }
        for (column, ref_column) in columns.iter().zip(&ref_columns) {
            let (Some(local), Some(remote)) = (table.columns.get(column), ref_table.columns.get(ref_column)) else {
                continue;
            };
            if !types_compatible(&self.base_type(&local.ty), &self.base_type(&remote.ty)) {
                let idx = self.error(
                    "foreign-key-mismatch",
                    format!(
                        "column `{column}` is {} but the referenced column {ref_name}.{ref_column} is {}",
                        data_type_sql_unquoted(&local.ty),
                        data_type_sql_unquoted(&remote.ty)
                    ),
                    at,
                    "types differ",
                );
                self.note(idx, format!("change `{column}` to {}", data_type_sql_unquoted(&remote.ty)));
                return;
            }
        }
        let mut foreign_key = ForeignKey {
            columns: columns.clone(),
            ref_table: ref_name,
            ref_columns,
            match_full: false,
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
        };
        let mut deferrable = Deferrable::NotDeferrable;
        for option in &fk.options {
            match option {
                ast::FkOption::Match { full } => foreign_key.match_full = *full,
                ast::FkOption::OnDelete(action) => foreign_key.on_delete = fk_action_of(*action),
                ast::FkOption::OnUpdate(action) => foreign_key.on_update = fk_action_of(*action),
                ast::FkOption::Deferrable(value) => deferrable = deferrable_of(Some(*value)),
            }
        }
        let name = match &fk.name {
            Some(name) => name.text.clone(),
            None => {
                let addition = columns.join("_");
                let taken = self.taken(&table_name.schema);
                names::choose_name(&table_name.name, Some(&addition), "fkey", taken)
            }
        };
        let constraint = Constraint {
            name,
            kind: ConstraintKind::ForeignKey(foreign_key),
            deferrable,
            comment: comment_of(&fk.comment),
        };
        let mut ir_table = table;
        self.insert_constraint(&mut ir_table, constraint, at);
        self.catalog.tables.insert(table_name.clone(), ir_table);
    }
}

pub(super) fn same_set(left: &[Ident], right: &[Ident]) -> bool {
    left.len() == right.len() && left.iter().all(|item| right.contains(item))
}

pub(super) fn fk_action_of(action: ast::FkActionAst) -> FkAction {
    match action {
        ast::FkActionAst::NoAction => FkAction::NoAction,
        ast::FkActionAst::Restrict => FkAction::Restrict,
        ast::FkActionAst::Cascade => FkAction::Cascade,
        ast::FkActionAst::SetNull => FkAction::SetNull,
        ast::FkActionAst::SetDefault => FkAction::SetDefault,
    }
}

/// Whether a foreign key column of type `local` can reference `remote`:
/// the same type up to modifiers, or types of one family (integers, strings).
pub(super) fn types_compatible(local: &DataType, remote: &DataType) -> bool {
    if local.array_dims != remote.array_dims {
        return false;
    }
    match (&local.base, &remote.base) {
        (BaseType::Named(left), BaseType::Named(right)) => left == right,
        (BaseType::Builtin(left), BaseType::Builtin(right)) => type_family(left) == type_family(right),
        _ => false,
    }
}

pub(super) fn type_family(name: &str) -> &str {
    let base = name.split('(').next().unwrap_or(name).trim();
    match base {
        "smallint" | "integer" | "bigint" => "integer",
        "text" | "character varying" | "character" | "bpchar" => "string",
        "numeric" | "real" | "double precision" => "number",
        _ => base,
    }
}
