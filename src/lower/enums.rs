//! Enums: labels, checked for duplicates and length.

use super::*;

impl Ctx {
    /// Declares enum `def_enum`; `false` when it is a duplicate.
    pub(super) fn declare_enum(&mut self, file: usize, def_enum: &ast::EnumDef, name_span: Span) -> bool {
        let name = qual(&def_enum.name);
        if !self.declare_type(&name, "type", name_span) {
            return false;
        }
        self.meta.spans.insert(ObjectKey::Enum(name.clone()), name_span);
        let mut labels: Vec<String> = Vec::new();
        for label in &def_enum.labels {
            if labels.contains(&label.value) {
                self.error(
                    "duplicate-enum-label",
                    format!("enum label '{}' appears more than once", label.value),
                    span(file, &label.span),
                    "repeated here",
                );
                continue;
            }
            if label.value.is_empty() || label.value.len() > names::MAX_IDENTIFIER_BYTES {
                self.error(
                    "invalid-enum-label",
                    "an enum label must have between 1 and 63 bytes",
                    span(file, &label.span),
                    "this label",
                );
                continue;
            }
            labels.push(label.value.clone());
        }
        self.catalog.enums.insert(name.clone(), Enum { name, labels, comment: comment_of(&def_enum.comment) });
        true
    }
}
