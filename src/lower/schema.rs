//! Schemas.

use super::*;

impl Ctx {
    /// Declares schema `schema`; `false` when it is a duplicate.
    pub(super) fn declare_schema(&mut self, schema: &ast::SchemaDef, name_span: Span) -> bool {
        let key = ObjectKey::Schema(schema.name.text.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("schema", &schema.name.text, name_span, first);
            return false;
        }
        if schema.name.text == "public" {
            // `schema public` is allowed and means nothing: public always exists.
            if schema.comment.is_some() {
                let idx = self.error(
                    "unsupported",
                    "the comment of schema public is not managed",
                    name_span,
                    "comment on public",
                );
                self.note(idx, "remove the comment: godwit leaves schema public as PostgreSQL creates it");
            }
            return true;
        }
        self.meta.spans.insert(key, name_span);
        self.catalog.schemas.insert(
            schema.name.text.clone(),
            Namespace { name: schema.name.text.clone(), comment: comment_of(&schema.comment) },
        );
        true
    }
}
