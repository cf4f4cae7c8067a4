//! Domains.

use super::*;
use crate::syntax::ast::*;

pub(super) fn domain_text(def: &DomainDef) -> String {
    let mut res = format!("domain {} as {}", qualified(&def.name), type_text(&def.base));
    for clause in &def.clauses {
        res.push(' ');
        match clause {
            DomainClause::Collate(name) => res.push_str(&format!("collate {}", quote::ident(&name.text))),
            DomainClause::NotNull(_) => res.push_str("not null"),
            DomainClause::Null(_) => res.push_str("null"),
            DomainClause::Default(expr) => res.push_str(&format!("default {}", term_text(&expr.text))),
            DomainClause::Check { name, expr, .. } => {
                if let Some(name) = name {
                    res.push_str(&format!("constraint {} ", quote::ident(&name.text)));
                }
                res.push_str(&format!("check ({})", expr.text));
            }
        }
    }
    push_comment(&mut res, &def.comment);
    res
}
