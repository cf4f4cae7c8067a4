//! Domains: base type, default, not null and checks (declared after every type, so a domain may use any).

use super::*;

impl Ctx {
    /// Declares domain `domain`; `false` when it is a duplicate.
    pub(super) fn declare_domain(&mut self, domain: &ast::DomainDef, name_span: Span) -> bool {
        let name = qual(&domain.name);
        if !self.declare_type(&name, "type", name_span) {
            return false;
        }
        self.meta.spans.insert(ObjectKey::Domain(name.clone()), name_span);
        true
    }

    pub(super) fn lower_types(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            if let ast::DefinitionKind::Composite(composite) = &def.kind
                && !self.is_duplicate(file, def)
            {
                self.lower_composite(file, composite);
                continue;
            }
            let ast::DefinitionKind::Domain(domain) = &def.kind else { continue };
            if self.is_duplicate(file, def) {
                continue;
            }
            let name = qual(&domain.name);
            let base = match self.resolve_type(file, &domain.base, TypeContext::Domain) {
                Some(ResolvedType::Plain(base)) => base,
                _ => DataType::builtin("text"),
            };
            if base.base == BaseType::Named(name.clone()) {
                self.error(
                    "invalid-domain",
                    "a domain cannot be based on itself",
                    span(file, &domain.base.span),
                    "this type",
                );
            }
            let mut ir_domain = Domain {
                name: name.clone(),
                base,
                not_null: false,
                default: None,
                collation: None,
                checks: IndexMap::new(),
                comment: comment_of(&domain.comment),
            };
            let mut taken: IndexSet<String> = domain
                .clauses
                .iter()
                .filter_map(|clause| match clause {
                    ast::DomainClause::Check { name: Some(check_name), .. } => Some(check_name.text.clone()),
                    _ => None,
                })
                .collect();
            for clause in &domain.clauses {
                match clause {
                    ast::DomainClause::Collate(collation) => ir_domain.collation = Some(collation.text.clone()),
                    ast::DomainClause::NotNull(_) => ir_domain.not_null = true,
                    ast::DomainClause::Null(_) => ir_domain.not_null = false,
                    ast::DomainClause::Default(expr) => ir_domain.default = Some(strip_outer_parens(&expr.text)),
                    ast::DomainClause::Check { name: check_name, expr, span: check_span } => {
                        let check_name = match check_name {
                            Some(check_name) => check_name.text.clone(),
                            None => names::choose_name(&name.name, None, "check", &mut taken),
                        };
                        if ir_domain.checks.insert(check_name.clone(), expr.text.clone()).is_some() {
                            self.error(
                                "duplicate-definition",
                                format!("constraint `{check_name}` is defined more than once on this domain"),
                                span(file, check_span),
                                "defined again here",
                            );
                        }
                    }
                }
            }
            self.catalog.domains.insert(name, ir_domain);
        }
    }
}
