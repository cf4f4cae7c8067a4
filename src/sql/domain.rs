//! The SQL of changes of domains.

use super::*;

pub(super) fn statements(change: &DomainChange) -> Vec<String> {
    match change {
        DomainChange::CreateDomain(domain) => vec![create_domain(domain)],
        DomainChange::DropDomain(domain) => vec![format!("DROP DOMAIN {}", qualified(&domain.name))],
        DomainChange::SetDomainDefault { name, default: Some(default), .. } => {
            vec![format!("ALTER DOMAIN {} SET DEFAULT {default}", qualified(name))]
        }
        DomainChange::SetDomainDefault { name, default: None, .. } => {
            vec![format!("ALTER DOMAIN {} DROP DEFAULT", qualified(name))]
        }
        DomainChange::SetDomainNotNull { name, not_null } => {
            let verb = if *not_null { "SET" } else { "DROP" };
            vec![format!("ALTER DOMAIN {} {verb} NOT NULL", qualified(name))]
        }
        DomainChange::AddDomainConstraint { name, constraint, expr } => {
            vec![format!("ALTER DOMAIN {} ADD CONSTRAINT {} CHECK ({expr})", qualified(name), ident(constraint))]
        }
        DomainChange::DropDomainConstraint { name, constraint, .. } => {
            vec![format!("ALTER DOMAIN {} DROP CONSTRAINT {}", qualified(name), ident(constraint))]
        }
    }
}

pub(super) fn create_domain(domain: &Domain) -> String {
    let mut res = format!("CREATE DOMAIN {} AS {}", qualified(&domain.name), data_type(&domain.base));
    if let Some(collation) = &domain.collation {
        res.push_str(&format!(" COLLATE {}", ident(collation)));
    }
    if let Some(default) = &domain.default {
        res.push_str(&format!(" DEFAULT {default}"));
    }
    if domain.not_null {
        res.push_str(" NOT NULL");
    }
    for (name, expr) in &domain.checks {
        res.push_str(&format!(" CONSTRAINT {} CHECK ({expr})", ident(name)));
    }
    res
}
