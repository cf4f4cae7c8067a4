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
        self.catalog.views.insert(
            name.clone(),
            View {
                name,
                materialized: view.materialized,
                body: view.body.text.trim().to_string(),
                comment: comment_of(&view.comment),
            },
        );
        true
    }
}
