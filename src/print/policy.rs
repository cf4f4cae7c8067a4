//! Row-level security policies inside a table block.

use super::from_ir::*;
use super::*;
use crate::ir::{Policy, PolicyCommand};

pub(super) fn policy_text(policy: &PolicyDef) -> String {
    let mut res = format!("policy {}", quote::ident(&policy.name.text));
    if policy.restrictive {
        res.push_str(" as restrictive");
    }
    res.push_str(&format!(" for {}", policy.command));
    let roles: Vec<String> = policy
        .roles
        .iter()
        .filter(|role| role.text != "public" || role.quoted)
        .map(|role| quote::ident(&role.text))
        .collect();
    if !roles.is_empty() {
        res.push_str(&format!(" to {}", roles.join(", ")));
    }
    if let Some(using) = &policy.using {
        res.push_str(&format!(" using ({})", using.text));
    }
    if let Some(check) = &policy.check {
        res.push_str(&format!(" with check ({})", check.text));
    }
    push_comment(&mut res, &policy.comment);
    res
}

/// A policy of the IR as a syntax tree (`to public` is left out, as the default).
pub(super) fn policy_def(policy: &Policy) -> PolicyDef {
    let roles = if policy.roles == ["public"] { Vec::new() } else { names(&policy.roles) };
    PolicyDef {
        name: name(&policy.name),
        restrictive: !policy.permissive,
        command: match policy.command {
            PolicyCommand::All => "all",
            PolicyCommand::Select => "select",
            PolicyCommand::Insert => "insert",
            PolicyCommand::Update => "update",
            PolicyCommand::Delete => "delete",
        }
        .to_string(),
        roles,
        using: policy.using.as_deref().map(sql),
        check: policy.check.as_deref().map(sql),
        comment: comment(&policy.comment),
    }
}
