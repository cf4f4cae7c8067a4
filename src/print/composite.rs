//! Composite types: `type name as (attribute type, …)` on one line.

use super::from_ir::*;
use super::*;
use crate::ir::{Composite, CompositeAttribute};

pub(super) fn composite_text(def: &CompositeDef) -> String {
    let mut res = format!("type {} as ({})", qualified(&def.name), attributes_text(&def.attributes));
    push_comment(&mut res, &def.comment);
    res
}

/// `name type [collate c], …`: the attributes of a composite type, the
/// declared columns of a view.
pub(super) fn attributes_text(attributes: &[CompositeAttr]) -> String {
    let attributes: Vec<String> = attributes
        .iter()
        .map(|attr| {
            let mut text = format!("{} {}", quote::ident(&attr.name.text), type_text(&attr.ty));
            if let Some(collation) = &attr.collation {
                text.push_str(&format!(" collate {}", quote::ident(&collation.text)));
            }
            text
        })
        .collect();
    attributes.join(", ")
}

/// A composite type of the IR as a syntax tree.
pub(super) fn composite_def(composite: &Composite) -> CompositeDef {
    CompositeDef {
        name: ast_qualified(&composite.name),
        attributes: composite.attributes.values().map(attribute_def).collect(),
        comment: comment(&composite.comment),
    }
}

/// An attribute (or a declared view column) of the IR as a syntax tree.
pub(super) fn attribute_def(attr: &CompositeAttribute) -> CompositeAttr {
    CompositeAttr {
        name: name(&attr.name),
        ty: type_expr(&attr.ty),
        collation: attr.collation.as_deref().map(name),
        span: 0..0,
    }
}
