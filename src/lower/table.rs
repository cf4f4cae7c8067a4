//! Tables: columns, serial columns, primary keys, unique and check constraints.

use super::*;

impl Ctx {
    /// Declares table `table`; `false` when it is a duplicate.
    pub(super) fn declare_table(&mut self, table: &ast::TableDef, name_span: Span) -> bool {
        let name = qual(&table.name);
        if !self.declare_relation(&name, "table", name_span) {
            return false;
        }
        // A table also defines a composite type of the same name.
        self.type_spans.insert(name.clone(), name_span);
        self.meta.spans.insert(ObjectKey::Table(name.clone()), name_span);
        let mut ir_table = Table::new(name);
        ir_table.unlogged = table.unlogged;
        ir_table.partition_by = table
            .partition_by
            .as_ref()
            .map(|by| format!("{} ({})", by.strategy.to_ascii_uppercase(), by.key.text.trim()));
        ir_table.partition_of = table.partition_of.as_ref().map(|of| {
            Box::new(PartitionOf {
                parent: qual(&of.parent),
                bound: match &of.bound {
                    ast::PartitionBoundAst::Default => "DEFAULT".to_string(),
                    ast::PartitionBoundAst::In(values) => format!("FOR VALUES IN ({})", values.text.trim()),
                    ast::PartitionBoundAst::Range { from, to } => {
                        format!("FOR VALUES FROM ({}) TO ({})", from.text.trim(), to.text.trim())
                    }
                    ast::PartitionBoundAst::With(values) => format!("FOR VALUES WITH ({})", values.text.trim()),
                },
            })
        });
        self.catalog.tables.insert(ir_table.name.clone(), ir_table);
        true
    }

    /// A partition's parent must be a partitioned table of the schema, and
    /// its columns are the parent's.
    fn check_partition(&mut self, file: usize, table: &ast::TableDef) {
        let Some(of) = &table.partition_of else { return };
        let parent = qual(&of.parent);
        let at = span(file, &of.parent.span);
        match self.catalog.tables.get(&parent) {
            None => self.unknown_table(at, &parent),
            Some(found) if found.partition_by.is_none() => {
                let idx = self.error(
                    "invalid-partition",
                    format!("table {parent} is not partitioned"),
                    at,
                    "not a partitioned table",
                );
                self.note(idx, format!("declare it with `table {parent} partition by range|list|hash (…) {{ … }}`"));
            }
            Some(_) => {
                let name = qual(&table.name);
                if self.catalog.partition_root(&name).is_none() {
                    let idx = self.error(
                        "invalid-partition",
                        format!("table {name} is, through its parents, a partition of itself"),
                        at,
                        "a loop of partitions",
                    );
                    self.note(idx, "a partition tree has a table at the top that is no partition");
                }
            }
        }
        if let Some(column) = table.items.iter().find(|item| matches!(item.kind, ast::TableItemKind::Column(_))) {
            let idx = self.error(
                "invalid-partition",
                "a partition has the columns of its parent",
                span(file, &column.span),
                "column of a partition",
            );
            self.note(idx, "declare the column on the partitioned table");
        }
        let strategy = self
            .catalog
            .tables
            .get(&parent)
            .and_then(|found| found.partition_by.as_deref())
            .and_then(|by| by.split(' ').next())
            .map(str::to_ascii_lowercase);
        let fits = match (&of.bound, strategy.as_deref()) {
            (_, None) => true,
            (ast::PartitionBoundAst::Default, Some(strategy)) => strategy != "hash",
            (ast::PartitionBoundAst::In(_), Some(strategy)) => strategy == "list",
            (ast::PartitionBoundAst::Range { .. }, Some(strategy)) => strategy == "range",
            (ast::PartitionBoundAst::With(_), Some(strategy)) => strategy == "hash",
        };
        if !fits {
            let idx = self.error(
                "invalid-partition",
                format!("the bound does not suit a table partitioned by {}", strategy.unwrap_or_default()),
                span(file, &of.span),
                "this bound",
            );
            self.note(
                idx,
                "list partitions take `for values in (…)`, range partitions `for values from (…) to (…)`, hash partitions `for values with (modulus m, remainder r)`; only list and range tables take `default`",
            );
        }
    }

    pub(super) fn lower_tables(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Table(table) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            self.check_partition(file, table);
            self.lower_table(file, table);
        }
    }

    pub(super) fn lower_table(&mut self, file: usize, table: &ast::TableDef) {
        let table_name = qual(&table.name);
        // Work on the table in place of its declaration, so catalog order stays declaration order.
        let mut ir_table = match self.catalog.tables.get_mut(&table_name) {
            Some(slot) => std::mem::replace(slot, Table::new(table_name.clone())),
            None => Table::new(table_name.clone()),
        };
        let mut column_spans: IndexMap<Ident, Span> = IndexMap::new();
        let mut serials: Vec<(Ident, &'static str, Span)> = Vec::new();

        // Columns first: constraints and indexes refer to them.
        for item in &table.items {
            let ast::TableItemKind::Column(column) = &item.kind else { continue };
            let item_span = span(file, &item.span);
            if let Some(first) = column_spans.get(&column.name.text).copied() {
                self.duplicate("column", &column.name.text, span(file, &column.name.span), first);
                continue;
            }
            column_spans.insert(column.name.text.clone(), span(file, &column.name.span));
            let key = ObjectKey::Column(table_name.clone(), column.name.text.clone());
            self.meta.spans.insert(key, item_span);
            let ty = match self.resolve_type(file, &column.ty, TypeContext::Column) {
                Some(ResolvedType::Plain(ty)) => ty,
                Some(ResolvedType::Serial(int_type)) => {
                    serials.push((column.name.text.clone(), int_type, span(file, &column.ty.span)));
                    DataType::builtin(int_type)
                }
                None => DataType::builtin("text"),
            };
            let mut ir_column = Column::new(column.name.text.clone(), ty);
            self.lower_column_clauses(file, &table_name, column, &mut ir_column);
            ir_table.columns.insert(ir_column.name.clone(), ir_column);
        }

        // Serial columns: an owned sequence and a nextval default.
        for (column_name, int_type, type_span) in serials {
            let taken = self.taken(&table_name.schema);
            let seq_name = names::choose_name(&table_name.name, Some(&column_name), "seq", taken);
            let seq = QualName::new(table_name.schema.clone(), seq_name);
            if let Some(column) = ir_table.columns.get_mut(&column_name) {
                if column.default.is_some() || column.identity.is_some() {
                    self.error(
                        "conflicting-clauses",
                        "a serial column cannot also have a default or identity",
                        type_span,
                        "serial here",
                    );
                }
                column.default = Some(super::serial_default(&seq));
                column.not_null = true;
            }
            self.meta.spans.insert(ObjectKey::Sequence(seq.clone()), type_span);
            let mut options = SequenceOptions::defaults(int_type, 1);
            options.data_type = int_type.to_string();
            self.catalog.sequences.insert(
                seq.clone(),
                Sequence { name: seq, options, owned_by: Some((table_name.clone(), column_name)), comment: None },
            );
        }

        // Constraints, in PostgreSQL's naming order: primary key, unique, check.
        let mut pending_checks: Vec<PendingCheck> = Vec::new();
        for item in &table.items {
            let item_span = span(file, &item.span);
            match &item.kind {
                ast::TableItemKind::Column(column) => {
                    for clause in &column.clauses {
                        let clause_span = span(file, &clause.span);
                        match &clause.kind {
                            ast::ColumnClauseKind::PrimaryKey { name } => self.add_primary_key(
                                &mut ir_table,
                                name.as_ref().map(|name| name.text.clone()),
                                vec![column.name.text.clone()],
                                clause_span,
                                None,
                            ),
                            ast::ColumnClauseKind::Unique { name, nulls_not_distinct } => self.add_unique(
                                &mut ir_table,
                                name.as_ref().map(|name| name.text.clone()),
                                vec![column.name.text.clone()],
                                *nulls_not_distinct,
                                Deferrable::NotDeferrable,
                                clause_span,
                                None,
                            ),
                            ast::ColumnClauseKind::Check { name, expr } => pending_checks.push(PendingCheck {
                                name: name.as_ref().map(|name| name.text.clone()),
                                expr: expr.text.clone(),
                                at: clause_span,
                                comment: None,
                            }),
                            _ => {}
                        }
                    }
                }
                ast::TableItemKind::PrimaryKey { name, columns, comment } => {
                    if let Some(columns) = self.resolve_columns(file, &ir_table, columns) {
                        self.add_primary_key(
                            &mut ir_table,
                            name.as_ref().map(|name| name.text.clone()),
                            columns,
                            item_span,
                            comment_of(comment),
                        );
                    }
                }
                ast::TableItemKind::Unique(unique) => {
                    if let Some(columns) = self.resolve_columns(file, &ir_table, &unique.columns) {
                        self.add_unique(
                            &mut ir_table,
                            unique.name.as_ref().map(|name| name.text.clone()),
                            columns,
                            unique.nulls_not_distinct,
                            deferrable_of(unique.deferrable),
                            item_span,
                            comment_of(&unique.comment),
                        );
                    }
                }
                ast::TableItemKind::Check { name, expr, comment } => pending_checks.push(PendingCheck {
                    name: name.as_ref().map(|name| name.text.clone()),
                    expr: expr.text.clone(),
                    at: item_span,
                    comment: comment_of(comment),
                }),
                ast::TableItemKind::Comment(comment) => {
                    if ir_table.comment.is_some() {
                        self.error(
                            "duplicate-definition",
                            "the table has more than one comment",
                            item_span,
                            "second comment",
                        );
                    }
                    ir_table.comment = Some(comment.value.clone());
                }
                ast::TableItemKind::RowSecurity { force } => {
                    if *force {
                        ir_table.force_row_security = true;
                    } else {
                        ir_table.row_security = true;
                    }
                }
                ast::TableItemKind::ReplicaIdentity(identity) => {
                    ir_table.replica_identity = match identity {
                        ast::ReplicaIdentityAst::Default => ReplicaIdentity::Default,
                        ast::ReplicaIdentityAst::Full => ReplicaIdentity::Full,
                        ast::ReplicaIdentityAst::Nothing => ReplicaIdentity::Nothing,
                        ast::ReplicaIdentityAst::Index(index) => ReplicaIdentity::Index(index.text.clone()),
                    };
                }
                ast::TableItemKind::Policy(policy) => self.lower_policy(&mut ir_table, policy, item_span),
                _ => {}
            }
        }
        for PendingCheck { name, expr, at: check_span, comment } in pending_checks {
            let name = match name {
                Some(name) => name,
                None => {
                    let mentioned: IndexSet<String> = crate::sqltext::identifiers(&expr)
                        .into_iter()
                        .filter(|ident| !ident.call)
                        .filter_map(|ident| match ident.parts.as_slice() {
                            [column] => Some(column.clone()),
                            [table, column] if *table == table_name.name => Some(column.clone()),
                            _ => None,
                        })
                        .filter(|name| ir_table.columns.contains_key(name))
                        .collect();
                    let column = if mentioned.len() == 1 { mentioned.first().cloned() } else { None };
                    let taken = self.taken(&table_name.schema);
                    names::choose_name(&table_name.name, column.as_deref(), "check", taken)
                }
            };
            let constraint = Constraint {
                name,
                kind: ConstraintKind::Check { expr },
                deferrable: Deferrable::NotDeferrable,
                comment,
            };
            self.insert_constraint(&mut ir_table, constraint, check_span);
        }

        // Indexes.
        for item in &table.items {
            let ast::TableItemKind::Index(index) = &item.kind else { continue };
            let columns_known = ir_table.partition_of.is_none();
            self.lower_index(file, &mut ir_table, index, span(file, &item.span), columns_known);
        }

        if let ReplicaIdentity::Index(index) = &ir_table.replica_identity {
            let unique = ir_table.indexes.get(index).is_some_and(|it| it.unique && it.predicate.is_none())
                || ir_table.constraints.get(index).is_some_and(|it| {
                    matches!(it.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. })
                });
            if !unique {
                let at =
                    self.meta.span(&ObjectKey::Table(table_name.clone())).unwrap_or(Span { file, start: 0, end: 0 });
                let idx = self.error(
                    "unknown-index",
                    format!(
                        "replica identity of table {table_name} names `{index}`, which is not a unique index of it"
                    ),
                    at,
                    "in this table",
                );
                self.note(idx, "name a unique, non-partial index (or key) of the table");
            }
        }

        // Primary-key columns are NOT NULL.
        let pk_columns: Vec<Ident> = match ir_table.primary_key().map(|pk| &pk.kind) {
            Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
            _ => Vec::new(),
        };
        for column in pk_columns {
            if let Some(column) = ir_table.columns.get_mut(&column) {
                column.not_null = true;
            }
        }
        self.catalog.tables.insert(table_name, ir_table);
    }

    pub(super) fn lower_column_clauses(
        &mut self,
        file: usize,
        table: &QualName,
        column: &ast::ColumnDef,
        ir: &mut Column,
    ) {
        let mut null_span: Option<Span> = None;
        let mut not_null_span: Option<Span> = None;
        for clause in &column.clauses {
            let clause_span = span(file, &clause.span);
            match &clause.kind {
                ast::ColumnClauseKind::NotNull => {
                    ir.not_null = true;
                    not_null_span = Some(clause_span);
                }
                ast::ColumnClauseKind::Null => null_span = Some(clause_span),
                ast::ColumnClauseKind::Default(expr) => {
                    if ir.default.is_some() {
                        self.error("conflicting-clauses", "more than one default", clause_span, "second default");
                    }
                    ir.default = Some(strip_outer_parens(&expr.text));
                }
                ast::ColumnClauseKind::Identity { always, options } => {
                    let int_type = match &ir.ty {
                        DataType { base: BaseType::Builtin(name), array_dims: 0 }
                            if matches!(name.as_str(), "smallint" | "integer" | "bigint") =>
                        {
                            name.clone()
                        }
                        _ => {
                            let idx = self.error(
                                "invalid-identity",
                                "an identity column must be of type smallint, integer or bigint",
                                clause_span,
                                "identity here",
                            );
                            self.note(idx, "change the column type to `bigint`");
                            continue;
                        }
                    };
                    if let Some(options) = self.sequence_options(file, &int_type, options, clause_span) {
                        ir.identity = Some(Identity { always: *always, options });
                        ir.not_null = true;
                    }
                }
                ast::ColumnClauseKind::Generated(expr) => ir.generated = Some(expr.text.clone()),
                ast::ColumnClauseKind::Collate(collation) => ir.collation = Some(collation.text.clone()),
                ast::ColumnClauseKind::Comment(comment) => ir.comment = Some(comment.value.clone()),
                ast::ColumnClauseKind::PrimaryKey { .. }
                | ast::ColumnClauseKind::Unique { .. }
                | ast::ColumnClauseKind::Check { .. }
                | ast::ColumnClauseKind::References { .. } => {}
            }
        }
        if let (Some(null_span), Some(not_null_span)) = (null_span, not_null_span) {
            let diagnostic = Diagnostic::error(
                "conflicting-clauses",
                format!("column `{}` is declared both `null` and `not null`", column.name.text),
                Label::new(null_span, "`null` here"),
            )
            .with_secondary(Label::new(not_null_span, "`not null` here"))
            .with_note("keep one of them");
            self.diagnostics.push(diagnostic);
        }
        let column_span = span(file, &column.name.span);
        let conflicts = [
            (ir.identity.is_some() && ir.default.is_some(), "an identity column cannot have a default"),
            (ir.generated.is_some() && ir.default.is_some(), "a generated column cannot have a default"),
            (ir.generated.is_some() && ir.identity.is_some(), "a column cannot be both generated and identity"),
        ];
        for (conflict, message) in conflicts {
            if conflict {
                let idx = self.error("conflicting-clauses", message, column_span, "in this column");
                self.note(idx, format!("in table {table}, keep only one of the clauses"));
            }
        }
    }

    pub(super) fn resolve_columns(&mut self, file: usize, table: &Table, columns: &[ast::Name]) -> Option<Vec<Ident>> {
        let mut res = Vec::new();
        let mut ok = true;
        for column in columns {
            if table.columns.contains_key(&column.text) {
                res.push(column.text.clone());
            } else {
                self.unknown_column(file, table, column);
                ok = false;
            }
        }
        ok.then_some(res)
    }

    pub(super) fn unknown_column(&mut self, file: usize, table: &Table, column: &ast::Name) {
        let idx = self.error(
            "unknown-column",
            format!("table {} has no column `{}`", table.name, column.text),
            span(file, &column.span),
            "unknown column",
        );
        match did_you_mean(&column.text, table.columns.keys().map(String::as_str)) {
            Some(suggestion) => self.note(idx, format!("did you mean `{suggestion}`?")),
            None => {
                let known: Vec<&str> = table.columns.keys().map(String::as_str).collect();
                self.note(idx, format!("the table's columns are: {}", known.join(", ")))
            }
        }
    }

    pub(super) fn add_primary_key(
        &mut self,
        table: &mut Table,
        name: Option<String>,
        columns: Vec<Ident>,
        at: Span,
        comment: Option<String>,
    ) {
        if let Some(existing) = table.primary_key() {
            let first = self.meta.span(&ObjectKey::Constraint(table.name.clone(), existing.name.clone()));
            let mut diagnostic = Diagnostic::error(
                "multiple-primary-keys",
                format!("table {} has more than one primary key", table.name),
                Label::new(at, "second primary key"),
            )
            .with_note("a table has at most one primary key; use `unique` for the other columns");
            if let Some(first) = first {
                diagnostic = diagnostic.with_secondary(Label::new(first, "first primary key"));
            }
            self.diagnostics.push(diagnostic);
            return;
        }
        let name = name.unwrap_or_else(|| {
            let taken = self.taken(&table.name.schema);
            names::choose_name(&table.name.name, None, "pkey", taken)
        });
        let constraint = Constraint {
            name,
            kind: ConstraintKind::PrimaryKey { columns },
            deferrable: Deferrable::NotDeferrable,
            comment,
        };
        self.insert_constraint(table, constraint, at);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_unique(
        &mut self,
        table: &mut Table,
        name: Option<String>,
        columns: Vec<Ident>,
        nulls_not_distinct: bool,
        deferrable: Deferrable,
        at: Span,
        comment: Option<String>,
    ) {
        let name = name.unwrap_or_else(|| {
            let addition = names::column_names_addition(&columns.iter().map(|c| Some(c.as_str())).collect::<Vec<_>>());
            let taken = self.taken(&table.name.schema);
            names::choose_name(&table.name.name, Some(&addition), "key", taken)
        });
        let duplicate_of = table.constraints.values().find(|existing| match &existing.kind {
            ConstraintKind::PrimaryKey { columns: existing_columns } => existing_columns == &columns,
            ConstraintKind::Unique { columns: existing_columns, .. } => existing_columns == &columns,
            _ => false,
        });
        if let Some(existing) = duplicate_of {
            let first = self.meta.span(&ObjectKey::Constraint(table.name.clone(), existing.name.clone()));
            let mut diagnostic = Diagnostic::error(
                "duplicate-constraint",
                format!("({}) is already a key of table {}", columns.join(", "), table.name),
                Label::new(at, "same columns again"),
            )
            .with_note("remove one of them: PostgreSQL would build only one index for both");
            if let Some(first) = first {
                diagnostic = diagnostic.with_secondary(Label::new(first, "first declared here"));
            }
            self.diagnostics.push(diagnostic);
            return;
        }
        let constraint =
            Constraint { name, kind: ConstraintKind::Unique { columns, nulls_not_distinct }, deferrable, comment };
        self.insert_constraint(table, constraint, at);
    }

    pub(super) fn insert_constraint(&mut self, table: &mut Table, constraint: Constraint, at: Span) {
        let key = ObjectKey::Constraint(table.name.clone(), constraint.name.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("constraint", &constraint.name, at, first);
            return;
        }
        if let ConstraintKind::Unique { .. } | ConstraintKind::PrimaryKey { .. } = constraint.kind {
            self.check_index_name_free(table, &constraint.name, at);
        }
        self.meta.spans.insert(key, at);
        table.constraints.insert(constraint.name.clone(), constraint);
    }
}
