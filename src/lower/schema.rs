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
            // `schema public` is never created: public always exists. Its
            // comment is managed (`comment ''` for none); without one it
            // keeps the comment PostgreSQL gives it.
            self.meta.spans.insert(key, name_span);
            if let Some(comment) = &schema.comment {
                self.catalog.public_comment = public_comment_from(Some(&comment.value));
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
