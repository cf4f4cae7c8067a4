//! Sequences and their options (shared by identity columns).

use super::*;

impl Ctx {
    /// Declares sequence `sequence`; `false` when it is a duplicate.
    pub(super) fn declare_sequence(&mut self, sequence: &ast::SequenceDef, name_span: Span) -> bool {
        let name = qual(&sequence.name);
        if !self.declare_relation(&name, "sequence", name_span) {
            return false;
        }
        self.meta.spans.insert(ObjectKey::Sequence(name), name_span);
        true
    }

    pub(super) fn lower_sequences(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Sequence(sequence) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            let name = qual(&sequence.name);
            let at = span(file, &sequence.name.span);
            let options = self
                .sequence_options(file, "bigint", &sequence.options, at)
                .unwrap_or_else(|| SequenceOptions::defaults("bigint", 1));
            let owned_by = match &sequence.owned_by {
                Some(Some(path)) => self.resolve_column_path(file, path),
                _ => None,
            };
            self.catalog
                .sequences
                .insert(name.clone(), Sequence { name, options, owned_by, comment: comment_of(&sequence.comment) });
        }
    }

    pub(super) fn sequence_options(
        &mut self,
        file: usize,
        default_type: &str,
        options: &[ast::SeqOption],
        at: Span,
    ) -> Option<SequenceOptions> {
        let mut data_type = default_type.to_string();
        let mut increment = 1i64;
        for option in options {
            match option {
                ast::SeqOption::As(ty) => match self.resolve_type(file, ty, TypeContext::Sequence)? {
                    ResolvedType::Plain(DataType { base: BaseType::Builtin(name), array_dims: 0 })
                        if matches!(name.as_str(), "smallint" | "integer" | "bigint") =>
                    {
                        data_type = name
                    }
                    _ => {
                        self.error(
                            "invalid-sequence",
                            "a sequence must be of type smallint, integer or bigint",
                            span(file, &ty.span),
                            "this type",
                        );
                        return None;
                    }
                },
                ast::SeqOption::Increment(int) => increment = self.integer(file, int)?,
                _ => {}
            }
        }
        if increment == 0 {
            self.error("invalid-sequence", "a sequence increment cannot be zero", at, "in this sequence");
            return None;
        }
        let mut res = SequenceOptions::defaults(&data_type, increment);
        let mut start = None;
        for option in options {
            match option {
                ast::SeqOption::MinValue(Some(int)) => res.min_value = self.integer(file, int)?,
                ast::SeqOption::MaxValue(Some(int)) => res.max_value = self.integer(file, int)?,
                ast::SeqOption::Start(int) => start = Some(self.integer(file, int)?),
                ast::SeqOption::Cache(int) => res.cache = self.integer(file, int)?,
                ast::SeqOption::Cycle(cycle) => res.cycle = *cycle,
                _ => {}
            }
        }
        res.start = start.unwrap_or(if increment > 0 { res.min_value } else { res.max_value });
        let problem = if res.min_value >= res.max_value {
            Some("minvalue must be less than maxvalue")
        } else if res.start < res.min_value || res.start > res.max_value {
            Some("start must be between minvalue and maxvalue")
        } else if res.cache < 1 {
            Some("cache must be at least 1")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.error("invalid-sequence", problem, at, "in these options");
            return None;
        }
        Some(res)
    }

    pub(super) fn resolve_column_path(&mut self, file: usize, path: &ast::ColumnPath) -> Option<(QualName, Ident)> {
        let table_name = QualName {
            schema: path.schema.as_ref().map_or_else(|| "public".to_string(), |schema| schema.text.clone()),
            name: path.table.text.clone(),
        };
        let table_span = match &path.schema {
            Some(schema) => span(file, &(schema.span.start..path.table.span.end)),
            None => span(file, &path.table.span),
        };
        let Some(table) = self.catalog.tables.get(&table_name) else {
            self.unknown_table(table_span, &table_name);
            return None;
        };
        if !table.columns.contains_key(&path.column.text) {
            let table = table.clone();
            self.unknown_column(file, &table, &path.column);
            return None;
        }
        Some((table_name, path.column.text.clone()))
    }
}
