//! The SQL of changes of row-level security policies.

use super::*;

pub(super) fn statements(change: &PolicyChange) -> Vec<String> {
    match change {
        PolicyChange::CreatePolicy { table, policy } => {
            let mut res = format!("CREATE POLICY {} ON {}", ident(&policy.name), qualified(table));
            if !policy.permissive {
                res.push_str(" AS RESTRICTIVE");
            }
            res.push_str(&format!(" FOR {}", policy.command.sql()));
            res.push_str(&format!(" TO {}", roles(&policy.roles)));
            push_expressions(&mut res, policy);
            vec![res]
        }
        PolicyChange::DropPolicy { table, policy } => {
            vec![format!("DROP POLICY {} ON {}", ident(&policy.name), qualified(table))]
        }
        PolicyChange::AlterPolicy { table, policy, .. } => {
            let mut res =
                format!("ALTER POLICY {} ON {} TO {}", ident(&policy.name), qualified(table), roles(&policy.roles));
            push_expressions(&mut res, policy);
            vec![res]
        }
        PolicyChange::RenamePolicy { table, from, to } => {
            vec![format!("ALTER POLICY {} ON {} RENAME TO {}", ident(from), qualified(table), ident(to))]
        }
    }
}

/// The roles of a policy: `PUBLIC` for everyone, the others as identifiers.
fn roles(roles: &[Ident]) -> String {
    let names: Vec<String> =
        roles.iter().map(|role| if role == "public" { "PUBLIC".to_string() } else { ident(role) }).collect();
    if names.is_empty() { "PUBLIC".to_string() } else { names.join(", ") }
}

fn push_expressions(res: &mut String, policy: &Policy) {
    if let Some(using) = &policy.using {
        res.push_str(&format!(" USING ({using})"));
    }
    if let Some(check) = &policy.check {
        res.push_str(&format!(" WITH CHECK ({check})"));
    }
}
