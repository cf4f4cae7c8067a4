//! Views and materialized views.

use super::*;

impl Ctx {
    /// Declares view `view`; `false` when it is a duplicate.
    pub(super) fn declare_view(&mut self, view: &ast::ViewDef, name_span: Span) -> bool {
        let name = qual(&view.name);
        if !self.declare_relation(&name, "view", name_span) {
            return false;
        }
        // A view also defines a composite type of the same name.
        self.type_spans.insert(name.clone(), name_span);
        self.meta.spans.insert(ObjectKey::View(name.clone()), name_span);
        let mut ir_view = View::new(name.clone(), view.materialized, view.body.text.trim());
        ir_view.comment = comment_of(&view.comment);
        ir_view.options = storage_options(&view.options);
        self.catalog.views.insert(name, ir_view);
        true
    }

    /// The items of a view's block: triggers, a materialized view's indexes,
    /// column defaults, the comment (lowered once every function is known).
    pub(super) fn lower_view_items(&mut self, file: usize, view: &ast::ViewDef) {
        let name = qual(&view.name);
        self.lower_view_columns(file, view);
        for item in &view.items {
            let at = span(file, &item.span);
            match &item.kind {
                ast::TableItemKind::Trigger(trigger) => self.lower_trigger(file, &name, trigger, at),
                ast::TableItemKind::Index(index) => {
                    if !view.materialized {
                        let idx = self.error(
                            "invalid-index",
                            format!("view {name} cannot have an index"),
                            at,
                            "index on a view",
                        );
                        self.note(idx, "only a materialized view has indexes");
                        continue;
                    }
                    let mut holder = Table::new(name.clone());
                    self.lower_index(file, &mut holder, index, at, false);
                    if let Some(ir_view) = self.catalog.views.get_mut(&name) {
                        ir_view.indexes.extend(holder.indexes);
                    }
                }
                ast::TableItemKind::ViewColumn { name: column, default, comment } => {
                    let Some(ir_view) = self.catalog.views.get_mut(&name) else { continue };
                    let twice_default = default.as_ref().is_some_and(|default| {
                        ir_view.defaults.insert(column.text.clone(), strip_outer_parens(&default.text)).is_some()
                    });
                    let twice_comment = comment.as_ref().is_some_and(|comment| {
                        ir_view.column_comments.insert(column.text.clone(), comment.value.clone()).is_some()
                    });
                    if twice_default || twice_comment {
                        let what = if twice_default { "default" } else { "comment" };
                        self.error(
                            "duplicate-definition",
                            format!("column `{}` of view {name} has more than one {what}", column.text),
                            at,
                            format!("second {what}"),
                        );
                    }
                }
                ast::TableItemKind::Comment(comment) => {
                    let Some(ir_view) = self.catalog.views.get_mut(&name) else { continue };
                    let twice = ir_view.comment.is_some();
                    ir_view.comment = Some(comment.value.clone());
                    if twice {
                        self.error("duplicate-definition", "the view has more than one comment", at, "second comment");
                    }
                }
                _ => {
                    self.error("invalid-view", format!("view {name} cannot have this item"), at, "not in a view");
                }
            }
        }
    }
}

impl Ctx {
    /// The declared columns of a view that reads itself, resolved like the
    /// attributes of a composite type.
    fn lower_view_columns(&mut self, file: usize, view: &ast::ViewDef) {
        let name = qual(&view.name);
        if view.materialized && !view.columns.is_empty() {
            let at = span(file, &view.columns[0].span);
            let idx = self.error(
                "invalid-view",
                format!("materialized view {name} cannot declare its columns"),
                at,
                "column list",
            );
            self.note(
                idx,
                "only a view that reads itself declares its columns; a materialized view cannot read itself",
            );
            return;
        }
        let mut columns: Vec<CompositeAttribute> = Vec::new();
        for column in &view.columns {
            let ty = match self.resolve_type(file, &column.ty, TypeContext::Column) {
                Some(ResolvedType::Plain(ty)) => ty,
                Some(ResolvedType::Serial(_)) => {
                    self.error(
                        "invalid-serial",
                        "`serial` types can only be used for columns of tables",
                        span(file, &column.ty.span),
                        "not allowed here",
                    );
                    continue;
                }
                None => continue,
            };
            if columns.iter().any(|seen| seen.name == column.name.text) {
                self.error(
                    "duplicate-definition",
                    format!("column `{}` is declared more than once in view {name}", column.name.text),
                    span(file, &column.span),
                    "declared again here",
                );
                continue;
            }
            columns.push(CompositeAttribute {
                name: column.name.text.clone(),
                ty,
                collation: column.collation.as_ref().map(|c| c.text.clone()),
            });
        }
        if let Some(ir_view) = self.catalog.views.get_mut(&name) {
            ir_view.columns = columns;
        }
    }
}

/// `with (…)` as PostgreSQL stores it: `name=value`, `true` for a name alone.
pub(super) fn storage_options(options: &[ast::StorageOption]) -> Vec<String> {
    options
        .iter()
        .map(|option| {
            let value = match &option.value {
                None => "true".to_string(),
                Some(value) => {
                    let value = value.trim();
                    match value.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\'')) {
                        Some(inner) => inner.replace("''", "'"),
                        None => value.to_ascii_lowercase(),
                    }
                }
            };
            format!("{}={value}", option.name)
        })
        .collect()
}
