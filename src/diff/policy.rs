//! Row-level security: the policies of a table, and the table's `ENABLE` /
//! `FORCE ROW LEVEL SECURITY` (table changes, found here with the policies).
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of row-level security policies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyChange {
    CreatePolicy {
        table: QualName,
        policy: Policy,
    },
    DropPolicy {
        table: QualName,
        policy: Policy,
    },
    /// `ALTER POLICY … TO … USING … WITH CHECK …`: the roles or expressions
    /// change (the command and permissiveness cannot).
    AlterPolicy {
        table: QualName,
        policy: Policy,
        previous: Policy,
    },
    RenamePolicy {
        table: QualName,
        from: Ident,
        to: Ident,
    },
}

impl PolicyChange {
    /// A one-line description for people: `create policy "read own" on public.notes`.
    pub fn summary(&self) -> String {
        match self {
            PolicyChange::CreatePolicy { table, policy } => format!("create policy {} on {table}", policy.name),
            PolicyChange::DropPolicy { table, policy } => format!("drop policy {} on {table}", policy.name),
            PolicyChange::AlterPolicy { table, policy, .. } => format!("alter policy {} on {table}", policy.name),
            PolicyChange::RenamePolicy { table, from, to } => format!("rename policy {from} on {table} to {to}"),
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let (table, name) = match self {
            PolicyChange::CreatePolicy { table, policy }
            | PolicyChange::DropPolicy { table, policy }
            | PolicyChange::AlterPolicy { table, policy, .. } => (table, &policy.name),
            PolicyChange::RenamePolicy { table, to, .. } => (table, to),
        };
        Some(ObjectKey::Policy(table.clone(), name.clone()))
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            PolicyChange::CreatePolicy { .. } => Sign::Add,
            PolicyChange::DropPolicy { .. } => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        match self {
            PolicyChange::DropPolicy { table, policy } if policy.permissive => vec![Hazard::of(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "without policy {} on {table}, its roles see and change only the rows other policies allow",
                    policy.name
                ),
                self.object(),
            )],
            _ => Vec::new(),
        }
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            PolicyChange::CreatePolicy { table, .. }
            | PolicyChange::DropPolicy { table, .. }
            | PolicyChange::AlterPolicy { table, .. }
            | PolicyChange::RenamePolicy { table, .. } => vec![table.clone()],
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: PolicyChange| Ok(vec![Change::Policy(change)]);
        match self {
            PolicyChange::CreatePolicy { table, policy } => {
                one(PolicyChange::DropPolicy { table: table.clone(), policy: policy.clone() })
            }
            PolicyChange::DropPolicy { table, policy } => Ok(with_comment(
                Change::Policy(PolicyChange::CreatePolicy { table: table.clone(), policy: policy.clone() }),
                CommentTarget::Policy(table.clone(), policy.name.clone()),
                &policy.comment,
            )),
            PolicyChange::AlterPolicy { table, policy, previous } => one(PolicyChange::AlterPolicy {
                table: table.clone(),
                policy: previous.clone(),
                previous: policy.clone(),
            }),
            PolicyChange::RenamePolicy { table, from, to } => {
                one(PolicyChange::RenamePolicy { table: table.clone(), from: to.clone(), to: from.clone() })
            }
        }
    }
}

impl<'a> Ctx<'a> {
    /// The row-level security of a created table: its policies, then
    /// `ENABLE` / `FORCE` (after the policies, so that no moment denies every row).
    pub(super) fn create_row_security(&mut self, table: &Table) {
        for policy in table.policies.values() {
            self.create_policy(&table.name, policy);
        }
        if table.row_security || table.force_row_security {
            self.push(Change::Table(TableChange::SetRowSecurity {
                table: table.name.clone(),
                enabled: table.row_security,
                forced: table.force_row_security,
                previous: (false, false),
            }));
        }
    }

    fn create_policy(&mut self, table: &QualName, policy: &Policy) {
        self.push(Change::Policy(PolicyChange::CreatePolicy { table: table.clone(), policy: policy.clone() }));
        self.comment(CommentTarget::Policy(table.clone(), policy.name.clone()), None, policy.comment.as_ref());
    }

    /// Policies of a table on both sides: renamed, altered, or dropped and
    /// created again when the command changes or a column they read goes
    /// or changes type; then `ENABLE` / `FORCE`.
    pub(super) fn alter_row_security(&mut self, old: &'a Table, new: &'a Table, analysis: &ColumnAnalysis) {
        let name = &new.name;
        let meta = self.meta;
        let (pairs, ignored) = pair_up(&old.policies, &new.policies, |policy| {
            local_hint(meta, ObjectKey::Policy(name.clone(), policy.clone()))
        });
        self.ignored_hints("policy", ignored, |policy| ObjectKey::Policy(name.clone(), policy.clone()));
        let lookup = scan::Lookup::new(self.from);
        let reads_touched = |policy: &Policy| {
            policy.using.iter().chain(policy.check.iter()).any(|expr| {
                lookup
                    .expr_refs(Some(old), expr)
                    .columns
                    .iter()
                    .any(|column| analysis.touched.contains(&(old.name.clone(), column.clone())))
            })
        };
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new_policy))) => self.create_policy(name, new_policy),
                (Some((_, old_policy)), None) => self
                    .push(Change::Policy(PolicyChange::DropPolicy { table: name.clone(), policy: old_policy.clone() })),
                (Some((_, old_policy)), Some((_, new_policy))) => {
                    if old_policy.command != new_policy.command
                        || old_policy.permissive != new_policy.permissive
                        || reads_touched(old_policy)
                    {
                        self.push(Change::Policy(PolicyChange::DropPolicy {
                            table: name.clone(),
                            policy: old_policy.clone(),
                        }));
                        self.create_policy(name, new_policy);
                        continue;
                    }
                    if pair.renamed {
                        self.push(Change::Policy(PolicyChange::RenamePolicy {
                            table: name.clone(),
                            from: old_policy.name.clone(),
                            to: new_policy.name.clone(),
                        }));
                    }
                    let bare = |policy: &Policy| Policy { name: String::new(), comment: None, ..policy.clone() };
                    if bare(old_policy) != bare(new_policy) {
                        self.push(Change::Policy(PolicyChange::AlterPolicy {
                            table: name.clone(),
                            policy: new_policy.clone(),
                            previous: Policy { name: new_policy.name.clone(), ..old_policy.clone() },
                        }));
                    }
                    self.comment(
                        CommentTarget::Policy(name.clone(), new_policy.name.clone()),
                        old_policy.comment.as_ref(),
                        new_policy.comment.as_ref(),
                    );
                }
                (None, None) => {}
            }
        }
        if (old.row_security, old.force_row_security) != (new.row_security, new.force_row_security) {
            self.push(Change::Table(TableChange::SetRowSecurity {
                table: name.clone(),
                enabled: new.row_security,
                forced: new.force_row_security,
                previous: (old.row_security, old.force_row_security),
            }));
        }
    }
}
