//! Objects carried whole: the kind, the identity as written, and the
//! statement that creates it, checked to create an object of that kind.

use super::*;

impl Ctx {
    /// Declares an object carried whole; `false` when it is a duplicate.
    pub(super) fn declare_object(&mut self, file: usize, object: &ast::ObjectDef, name_span: Span) -> bool {
        let Some(kind) = WholeKind::from_words(&object.kind) else {
            panic!("grammar invariant: object kind `{}`", object.kind)
        };
        let id = ObjectId { kind, name: object.identity.clone() };
        let key = ObjectKey::Object(id.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate(kind.words(), &id.name, name_span, first);
            return false;
        }
        self.meta.spans.insert(key, name_span);
        let definition = object.definition.text.trim().trim_end_matches(';').trim_end().to_string();
        if !creates_kind(&definition, kind) {
            let idx = self.error(
                "invalid-object-definition",
                format!("the definition of {} {} does not create one", kind.words(), id.name),
                span(file, &object.definition.span),
                format!("expected `CREATE {} …`", kind.words().to_ascii_uppercase()),
            );
            self.note(idx, "write the statement that creates the object, as `godwit inspect` prints it");
        }
        let schema = crate::diff::object_schema(&id);
        if let Some(schema) = &schema
            && !self.schema_exists(schema)
            && !self.catalog.extensions.values().any(|ext| ext.schema.as_deref() == Some(schema.as_str()))
        {
            let idx =
                self.error("unknown-schema", format!("schema `{schema}` is not defined"), name_span, "in this name");
            self.note(idx, format!("declare it with `schema {}`", crate::sql::quote::ident(schema)));
        }
        let whole = WholeObject { id: id.clone(), schema, definition, comment: comment_of(&object.comment) };
        self.catalog.objects.insert(id, whole);
        true
    }
}

/// Whether `definition` starts with `CREATE [OR REPLACE] [TRUSTED] [PROCEDURAL] <kind words>`.
fn creates_kind(definition: &str, kind: WholeKind) -> bool {
    let words: Vec<String> = definition.split_whitespace().take(8).map(|word| word.to_ascii_lowercase()).collect();
    let mut rest: &[String] = &words;
    let Some(("create", tail)) = rest.split_first().map(|(first, tail)| (first.as_str(), tail)) else { return false };
    rest = tail;
    for optional in [&["or", "replace"][..], &["trusted"][..], &["procedural"][..]] {
        if rest.len() >= optional.len() && rest.iter().zip(optional).all(|(word, expected)| word == expected) {
            rest = &rest[optional.len()..];
        }
    }
    let expected: Vec<&str> = kind.words().split(' ').collect();
    rest.len() >= expected.len()
        && rest.iter().zip(&expected).all(|(word, expected)| word.trim_end_matches('(') == *expected)
}
