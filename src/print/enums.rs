//! Enums: one line, or one label a line when labels carry comments.

use super::*;
use crate::syntax::ast::*;

impl Printer<'_> {
    /// An enum whose labels carry comments: one label a line, comments kept beside them.
    pub(super) fn enum_with_comments(&mut self, def: &EnumDef, end: usize) {
        self.out.push_str(&format!("enum {} {{\n", qualified(&def.name)));
        for label in &def.labels {
            self.flush_comments(label.span.start, INDENT);
            self.out.push_str(&format!("{INDENT}{},\n", quote::literal(&label.value)));
            self.last_end = label.span.end;
            // A comma after the label still counts as the label's line.
            if self.source.get(self.last_end..self.last_end + 1) == Some(",") {
                self.last_end += 1;
            }
        }
        self.flush_comments(end, INDENT);
        let mut closing = "}".to_string();
        push_comment(&mut closing, &def.comment);
        self.out.push_str(&closing);
        self.out.push('\n');
    }
}

pub(super) fn enum_text(def: &EnumDef) -> String {
    let labels: Vec<String> = def.labels.iter().map(|label| quote::literal(&label.value)).collect();
    let one_line = format!("enum {} {{ {} }}", qualified(&def.name), labels.join(", "));
    let mut res = if labels.is_empty() {
        format!("enum {} {{}}", qualified(&def.name))
    } else if one_line.chars().count() <= 100 {
        one_line
    } else {
        let mut res = format!("enum {} {{\n", qualified(&def.name));
        for label in &labels {
            res.push_str(&format!("{INDENT}{label},\n"));
        }
        res.push('}');
        res
    };
    push_comment(&mut res, &def.comment);
    res
}
