//! Composite types: `type name as (attribute type, …)` on one line.

use super::from_ir::*;
use super::*;
use crate::ir::Composite;

pub(super) fn composite_text(def: &CompositeDef) -> String {
    let attributes: Vec<String> = def
        .attributes
        .iter()
        .map(|attr| {
            let mut text = format!("{} {}", quote::ident(&attr.name.text), type_text(&attr.ty));
            if let Some(collation) = &attr.collation {
                text.push_str(&format!(" collate {}", quote::ident(&collation.text)));
            }
            text
        })
        .collect();
    let mut res = format!("type {} as ({})", qualified(&def.name), attributes.join(", "));
    push_comment(&mut res, &def.comment);
    res
}

/// A composite type of the IR as a syntax tree.
pub(super) fn composite_def(composite: &Composite) -> CompositeDef {
    CompositeDef {
        name: ast_qualified(&composite.name),
        attributes: composite
            .attributes
            .values()
            .map(|attr| CompositeAttr {
                name: name(&attr.name),
                ty: type_expr(&attr.ty),
                collation: attr.collation.as_deref().map(name),
                span: 0..0,
            })
            .collect(),
        comment: comment(&composite.comment),
    }
}
