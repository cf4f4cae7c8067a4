//! Extensions.

use super::*;

impl Ctx {
    /// Declares extension `ext`; `false` when it is a duplicate.
    pub(super) fn declare_extension(&mut self, ext: &ast::ExtensionDef, name_span: Span) -> bool {
        let key = ObjectKey::Extension(ext.name.text.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("extension", &ext.name.text, name_span, first);
            return false;
        }
        self.meta.spans.insert(key, name_span);
        self.catalog.extensions.insert(
            ext.name.text.clone(),
            Extension {
                name: ext.name.text.clone(),
                // `public` is where PostgreSQL puts it anyway: the same as no schema.
                schema: ext.schema.as_ref().map(|schema| schema.text.clone()).filter(|s| s != "public"),
                comment: comment_of(&ext.comment),
            },
        );
        true
    }
}
