//! Indexes inside a table block.

use super::*;
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
