//! Row-level security policies: command, roles, `using` and `with check`.

use super::*;

impl Ctx {
    pub(super) fn lower_policy(&mut self, table: &mut Table, policy: &ast::PolicyDef, at: Span) {
        let command = match policy.command.as_str() {
            "select" => PolicyCommand::Select,
            "insert" => PolicyCommand::Insert,
            "update" => PolicyCommand::Update,
            "delete" => PolicyCommand::Delete,
            _ => PolicyCommand::All,
        };
        if command == PolicyCommand::Insert && policy.using.is_some() {
            let idx = self.error("invalid-policy", "an `insert` policy has no `using`", at, "in this policy");
            self.note(idx, "rows being inserted are checked by `with check (…)`");
            return;
        }
        if matches!(command, PolicyCommand::Select | PolicyCommand::Delete) && policy.check.is_some() {
            let idx = self.error(
                "invalid-policy",
                format!("a `{}` policy has no `with check`", policy.command),
                at,
                "in this policy",
            );
            self.note(idx, "rows that are read or deleted are filtered by `using (…)`");
            return;
        }
        let mut roles: Vec<Ident> = Vec::new();
        for role in &policy.roles {
            // `public` means every role, however it is written.
            let role = if role.text == "public" && !role.quoted { "public".to_string() } else { role.text.clone() };
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        if roles.is_empty() {
            roles.push("public".to_string());
        }
        let key = ObjectKey::Policy(table.name.clone(), policy.name.text.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("policy", &policy.name.text, at, first);
            return;
        }
        self.meta.spans.insert(key, at);
        let ir_policy = Policy {
            name: policy.name.text.clone(),
            permissive: !policy.restrictive,
            command,
            roles,
            using: policy.using.as_ref().map(|expr| strip_outer_parens(&expr.text)),
            check: policy.check.as_ref().map(|expr| strip_outer_parens(&expr.text)),
            comment: comment_of(&policy.comment),
        };
        table.policies.insert(ir_policy.name.clone(), ir_policy);
    }
}
