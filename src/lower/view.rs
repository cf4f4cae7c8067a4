//! Views and materialized views.

use super::*;

impl Ctx {
    /// Declares view `view`; `false` when it is a duplicate.
    pub(super) fn declare_view(&mut self, view: &ast::ViewDef, name_span: Span) -> bool {
        let name = qual(&view.name);
        if !self.declare_relation(&name, "view", name_span) {
            return false;
        }
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
                ast::TableItemKind::ColumnDefault { name: column, default } => {
                    let Some(ir_view) = self.catalog.views.get_mut(&name) else { continue };
                    if ir_view.defaults.insert(column.text.clone(), strip_outer_parens(&default.text)).is_some() {
                        self.error(
                            "duplicate-definition",
                            format!("column `{}` of view {name} has more than one default", column.text),
                            at,
                            "second default",
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
