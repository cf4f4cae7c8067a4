//! Composite types: attributes with their types and collations (resolved
//! with the domains, once every type name is declared).

use super::*;

impl Ctx {
    /// Declares composite type `def`; `false` when it is a duplicate.
    pub(super) fn declare_composite(&mut self, def: &ast::CompositeDef, name_span: Span) -> bool {
        let name = qual(&def.name);
        if !self.declare_type(&name, "type", name_span) {
            return false;
        }
        self.meta.spans.insert(ObjectKey::Composite(name), name_span);
        true
    }

    pub(super) fn lower_composite(&mut self, file: usize, def: &ast::CompositeDef) {
        let name = qual(&def.name);
        let mut attributes: IndexMap<Ident, CompositeAttribute> = IndexMap::new();
        for attr in &def.attributes {
            let ty = match self.resolve_type(file, &attr.ty, TypeContext::Column) {
                Some(ResolvedType::Plain(ty)) => ty,
                Some(ResolvedType::Serial(_)) => {
                    self.error(
                        "invalid-serial",
                        "`serial` types can only be used for columns",
                        span(file, &attr.ty.span),
                        "not allowed here",
                    );
                    continue;
                }
                None => continue,
            };
            if ty.base == BaseType::Named(name.clone()) {
                self.error(
                    "invalid-type",
                    format!("type {name} cannot contain itself"),
                    span(file, &attr.ty.span),
                    "this attribute",
                );
                continue;
            }
            let attribute = CompositeAttribute {
                name: attr.name.text.clone(),
                ty,
                collation: attr.collation.as_ref().map(|c| c.text.clone()),
            };
            if attributes.insert(attr.name.text.clone(), attribute).is_some() {
                self.error(
                    "duplicate-definition",
                    format!("attribute `{}` is defined more than once in type {name}", attr.name.text),
                    span(file, &attr.span),
                    "defined again here",
                );
            }
        }
        self.catalog.composites.insert(name.clone(), Composite { name, attributes, comment: comment_of(&def.comment) });
    }
}
