//! Domains: base type, default, not null and checks.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of domains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainChange {
    CreateDomain(Domain),
    DropDomain(Domain),
    SetDomainDefault { name: QualName, default: Option<SqlText>, previous: Option<SqlText> },
    SetDomainNotNull { name: QualName, not_null: bool },
    AddDomainConstraint { name: QualName, constraint: Ident, expr: SqlText },
    DropDomainConstraint { name: QualName, constraint: Ident, expr: SqlText },
}

impl DomainChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            DomainChange::CreateDomain(it) => format!("create domain {}", it.name),
            DomainChange::DropDomain(it) => format!("drop domain {}", it.name),
            DomainChange::SetDomainDefault { name, default: Some(_), .. } => {
                format!("set default of domain {name}")
            }
            DomainChange::SetDomainDefault { name, default: None, .. } => {
                format!("drop default of domain {name}")
            }
            DomainChange::SetDomainNotNull { name, not_null: true } => {
                format!("set not null on domain {name}")
            }
            DomainChange::SetDomainNotNull { name, not_null: false } => {
                format!("drop not null on domain {name}")
            }
            DomainChange::AddDomainConstraint { name, constraint, .. } => {
                format!("add constraint {constraint} to domain {name}")
            }
            DomainChange::DropDomainConstraint { name, constraint, .. } => {
                format!("drop constraint {constraint} from domain {name}")
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            DomainChange::CreateDomain(it) | DomainChange::DropDomain(it) => ObjectKey::Domain(it.name.clone()),
            DomainChange::SetDomainDefault { name, .. }
            | DomainChange::SetDomainNotNull { name, .. }
            | DomainChange::AddDomainConstraint { name, .. }
            | DomainChange::DropDomainConstraint { name, .. } => ObjectKey::Domain(name.clone()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            DomainChange::CreateDomain(_) | DomainChange::AddDomainConstraint { .. } => Sign::Add,
            DomainChange::DropDomain(_) | DomainChange::DropDomainConstraint { .. } => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        let mut res = Vec::new();
        let object = self.object();
        let mut push = |code: &'static str, severity: HazardSeverity, message: String| {
            res.push(Hazard { code, severity, message, object: object.clone(), span: None });
        };
        match self {
            DomainChange::AddDomainConstraint { name, constraint, .. } => push(
                "may-fail",
                HazardSeverity::Warning,
                format!("adding constraint {constraint} to domain {name} fails if a stored value violates it"),
            ),
            DomainChange::SetDomainNotNull { name, not_null: true } => push(
                "may-fail",
                HazardSeverity::Warning,
                format!("setting domain {name} not null fails if a stored value is null"),
            ),
            _ => {}
        }
        res
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        Vec::new()
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            DomainChange::CreateDomain(it) => one(Change::Domain(DomainChange::DropDomain(it.clone()))),
            DomainChange::DropDomain(it) => Ok(with_comment(
                Change::Domain(DomainChange::CreateDomain(it.clone())),
                CommentTarget::Domain(it.name.clone()),
                &it.comment,
            )),
            DomainChange::SetDomainDefault { name, default, previous } => {
                one(Change::Domain(DomainChange::SetDomainDefault {
                    name: name.clone(),
                    default: previous.clone(),
                    previous: default.clone(),
                }))
            }
            DomainChange::SetDomainNotNull { name, not_null } => {
                one(Change::Domain(DomainChange::SetDomainNotNull { name: name.clone(), not_null: !not_null }))
            }
            DomainChange::AddDomainConstraint { name, constraint, expr } => {
                one(Change::Domain(DomainChange::DropDomainConstraint {
                    name: name.clone(),
                    constraint: constraint.clone(),
                    expr: expr.clone(),
                }))
            }
            DomainChange::DropDomainConstraint { name, constraint, expr } => {
                one(Change::Domain(DomainChange::AddDomainConstraint {
                    name: name.clone(),
                    constraint: constraint.clone(),
                    expr: expr.clone(),
                }))
            }
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn domains(&mut self) {
        let (pairs, _) = pair_up(&self.from.domains, &self.to.domains, |_| None);
        let mut used: Option<IndexSet<QualName>> = None;
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => self.create_domain(new),
                (Some((_, old)), None) => self.push(Change::Domain(DomainChange::DropDomain(old.clone()))),
                (Some((_, old)), Some((_, new))) => {
                    if self.renames.data_type(&old.base) != new.base || old.collation != new.collation {
                        let used = used.get_or_insert_with(|| domains_in_use(self.from, self.to));
                        if used.contains(&new.name) {
                            self.hazard(
                                "unsupported-change",
                                HazardSeverity::Error,
                                format!(
                                    "cannot change the base type or collation of domain {} while columns use it; create a new domain and change the columns to it",
                                    new.name
                                ),
                                ObjectKey::Domain(new.name.clone()),
                            );
                        } else {
                            self.push(Change::Domain(DomainChange::DropDomain(old.clone())));
                            self.create_domain(new);
                        }
                        continue;
                    }
                    self.alter_domain(old, new);
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn create_domain(&mut self, domain: &Domain) {
        self.push(Change::Domain(DomainChange::CreateDomain(domain.clone())));
        self.comment(CommentTarget::Domain(domain.name.clone()), None, domain.comment.as_ref());
    }

    pub(super) fn alter_domain(&mut self, old: &Domain, new: &Domain) {
        let name = &new.name;
        if old.default != new.default {
            self.push(Change::Domain(DomainChange::SetDomainDefault {
                name: name.clone(),
                default: new.default.clone(),
                previous: old.default.clone(),
            }));
        }
        if old.not_null != new.not_null {
            self.push(Change::Domain(DomainChange::SetDomainNotNull { name: name.clone(), not_null: new.not_null }));
        }
        for (constraint, expr) in &old.checks {
            if new.checks.get(constraint) != Some(expr) {
                self.push(Change::Domain(DomainChange::DropDomainConstraint {
                    name: name.clone(),
                    constraint: constraint.clone(),
                    expr: expr.clone(),
                }));
            }
        }
        for (constraint, expr) in &new.checks {
            if old.checks.get(constraint) != Some(expr) {
                self.push(Change::Domain(DomainChange::AddDomainConstraint {
                    name: name.clone(),
                    constraint: constraint.clone(),
                    expr: expr.clone(),
                }));
            }
        }
        self.comment(CommentTarget::Domain(name.clone()), old.comment.as_ref(), new.comment.as_ref());
    }
}

/// Domains that some column of either catalog has as its type.
pub(super) fn domains_in_use(from: &Catalog, to: &Catalog) -> IndexSet<QualName> {
    let mut res = IndexSet::new();
    for catalog in [from, to] {
        for table in catalog.tables.values() {
            for column in table.columns.values() {
                if let BaseType::Named(name) = &column.ty.base
                    && catalog.domains.contains_key(name)
                {
                    res.insert(name.clone());
                }
            }
        }
    }
    res
}
