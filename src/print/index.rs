//! Indexes inside a table block.

use super::from_ir::*;
use super::*;
use crate::ir::{Index, IndexKey};
use crate::syntax::ast::*;

pub(super) fn index_text(index: &IndexDef) -> String {
    let mut res = "index ".to_string();
    res.push_str(&optional_name(&index.name));
    if index.unique {
        res.push_str("unique ");
    }
    if let Some(method) = &index.method {
        res.push_str(&format!("using {} ", quote::ident(&method.text)));
    }
    let elements: Vec<String> = index
        .elements
        .iter()
        .map(|element| {
            let mut res = match &element.key {
                IndexKeyAst::Column(name) => quote::ident(&name.text),
                IndexKeyAst::Call(expr) => expr.text.clone(),
                IndexKeyAst::Expr(expr) => format!("({})", expr.text),
            };
            if let Some(collation) = &element.collation {
                res.push_str(&format!(" collate {}", quote::ident(&collation.text)));
            }
            if let Some(opclass) = &element.opclass {
                res.push(' ');
                res.push_str(&qualified(opclass));
            }
            match element.descending {
                Some(true) => res.push_str(" desc"),
                Some(false) => res.push_str(" asc"),
                None => {}
            }
            match element.nulls_first {
                Some(true) => res.push_str(" nulls first"),
                Some(false) => res.push_str(" nulls last"),
                None => {}
            }
            res
        })
        .collect();
    res.push_str(&format!("({})", elements.join(", ")));
    if !index.include.is_empty() {
        res.push_str(&format!(" include {}", name_list(&index.include)));
    }
    if index.nulls_not_distinct {
        res.push_str(" nulls not distinct");
    }
    if let Some(predicate) = &index.predicate {
        res.push_str(&format!(" where ({})", predicate.text));
    }
    push_comment(&mut res, &index.comment);
    res
}

/// An index of the IR as a syntax tree.
pub(super) fn index_def(index: &Index) -> IndexDef {
    let elements = index
        .elements
        .iter()
        .map(|element| IndexElementAst {
            key: match &element.key {
                IndexKey::Column(column) => IndexKeyAst::Column(name(column)),
                IndexKey::Expr(expr) if crate::syntax::parse_rule_matches(crate::syntax::Rule::function_call, expr) => {
                    IndexKeyAst::Call(sql(expr))
                }
                IndexKey::Expr(expr) => IndexKeyAst::Expr(sql(expr)),
            },
            collation: element.collation.as_deref().map(name),
            opclass: element.opclass.as_deref().map(|opclass| match opclass.split_once('.') {
                Some((schema, opclass)) => {
                    QualifiedName { schema: Some(name(schema)), name: name(opclass), span: 0..0 }
                }
                None => QualifiedName { schema: None, name: name(opclass), span: 0..0 },
            }),
            descending: element.descending.then_some(true),
            nulls_first: (element.nulls_first != element.descending).then_some(element.nulls_first),
            span: 0..0,
        })
        .collect();
    IndexDef {
        name: Some(name(&index.name)),
        unique: index.unique,
        method: (index.method != "btree").then(|| name(&index.method)),
        elements,
        include: names(&index.include),
        nulls_not_distinct: index.nulls_not_distinct,
        predicate: index.predicate.as_deref().map(sql),
        comment: comment(&index.comment),
    }
}
