//! Planner hints: `@renamed_from`, `@backfill`, `@deprecated` and what they may be attached to.

use super::*;

impl Ctx {
    pub(super) fn check_hints(&mut self, definitions: &[(usize, &ast::Definition)]) {
        let mut sources: IndexMap<ObjectKey, Span> = IndexMap::new();
        for &(file, def) in definitions {
            if self.is_duplicate(file, def) {
                continue;
            }
            let object = match &def.kind {
                ast::DefinitionKind::Table(table) => Some((ObjectKey::Table(qual(&table.name)), HintTarget::Relation)),
                ast::DefinitionKind::Enum(def_enum) => Some((ObjectKey::Enum(qual(&def_enum.name)), HintTarget::Type)),
                ast::DefinitionKind::View(view) => Some((ObjectKey::View(qual(&view.name)), HintTarget::Relation)),
                _ => None,
            };
            for attribute in &def.attributes {
                self.hint(file, attribute, object.as_ref(), &def_kind_name(&def.kind), &mut sources);
            }
            let ast::DefinitionKind::Table(table) = &def.kind else { continue };
            let table_name = qual(&table.name);
            for item in table.items.iter().filter(|item| !item.attributes.is_empty()) {
                let (object, what) = match &item.kind {
                    ast::TableItemKind::Column(column) => {
                        (Some(ObjectKey::Column(table_name.clone(), column.name.text.clone())), "column")
                    }
                    ast::TableItemKind::Index(index) => {
                        (self.item_object(&table_name, index.name.as_ref(), span(file, &item.span), true), "index")
                    }
                    ast::TableItemKind::PrimaryKey { name, .. }
                    | ast::TableItemKind::Check { name, .. }
                    | ast::TableItemKind::Unique(ast::UniqueDef { name, .. })
                    | ast::TableItemKind::ForeignKey(ast::ForeignKeyDef { name, .. }) => {
                        (self.item_object(&table_name, name.as_ref(), span(file, &item.span), false), "constraint")
                    }
                    ast::TableItemKind::Trigger(_) => (None, "trigger"),
                    ast::TableItemKind::Comment(_) => (None, "comment"),
                    ast::TableItemKind::ViewColumn { .. } => (None, "view column"),
                    ast::TableItemKind::RowSecurity { .. } => (None, "row level security"),
                    ast::TableItemKind::ReplicaIdentity(_) => (None, "replica identity"),
                    ast::TableItemKind::Policy(policy) => {
                        (Some(ObjectKey::Policy(table_name.clone(), policy.name.text.clone())), "policy")
                    }
                };
                for attribute in &item.attributes {
                    let target = object.clone().map(|object| (object, HintTarget::Local));
                    self.hint(file, attribute, target.as_ref(), what, &mut sources);
                }
            }
        }
    }

    /// The key of a constraint or index item, found by its span when unnamed.
    pub(super) fn item_object(
        &self,
        table: &QualName,
        name: Option<&ast::Name>,
        at: Span,
        index: bool,
    ) -> Option<ObjectKey> {
        match name {
            Some(name) if index => Some(ObjectKey::Index(table.clone(), name.text.clone())),
            Some(name) => Some(ObjectKey::Constraint(table.clone(), name.text.clone())),
            None => self
                .meta
                .spans
                .iter()
                .find(|(key, span)| {
                    **span == at && matches!(key, ObjectKey::Index(t, _) | ObjectKey::Constraint(t, _) if t == table)
                })
                .map(|(key, _)| key.clone()),
        }
    }

    pub(super) fn hint(
        &mut self,
        file: usize,
        attribute: &ast::Attribute,
        object: Option<&(ObjectKey, HintTarget)>,
        what: &str,
        sources: &mut IndexMap<ObjectKey, Span>,
    ) {
        let at = span(file, &attribute.span());
        match attribute {
            ast::Attribute::Deprecated { .. } => {
                if let Some((object, _)) = object {
                    self.meta.deprecated.insert(object.clone());
                }
            }
            ast::Attribute::ExternalPartitions { .. } => {
                let partitioned = match object {
                    Some((ObjectKey::Table(table), HintTarget::Relation)) => {
                        self.catalog.tables.get(table).filter(|t| t.partition_by.is_some()).map(|t| t.name.clone())
                    }
                    _ => None,
                };
                match partitioned {
                    Some(table) => {
                        self.meta.external_partitions.insert(table);
                    }
                    None => {
                        let idx = self.error(
                            "misplaced-attribute",
                            format!("`@external_partitions` applies to partitioned tables, not to a {what}"),
                            at,
                            "not allowed here",
                        );
                        self.note(idx, "put it on a table with `partition by`");
                    }
                }
            }
            ast::Attribute::Backfill { expr, .. } => match object {
                Some((ObjectKey::Column(table, column), _)) => {
                    self.meta.backfill.insert((table.clone(), column.clone()), expr.text.clone());
                }
                _ => {
                    let idx = self.error(
                        "misplaced-attribute",
                        format!("`@backfill` applies to columns, not to a {what}"),
                        at,
                        "not allowed here",
                    );
                    self.note(idx, "move it onto the column whose rows it fills");
                }
            },
            ast::Attribute::RenamedFrom { name, .. } => {
                let Some((object, target)) = object else {
                    let idx = self.error(
                        "misplaced-attribute",
                        format!("`@renamed_from` is not supported on a {what}"),
                        at,
                        "not allowed here",
                    );
                    self.note(
                        idx,
                        "renames are declared on tables, columns, indexes, constraints, policies, enums and views",
                    );
                    return;
                };
                let (source_key, renamed) = match (target, object) {
                    (HintTarget::Local, _) if name.schema.is_some() => {
                        let idx = self.error(
                            "invalid-renamed-from",
                            format!("a {what} is renamed within its table: give the old name without a schema"),
                            span(file, &name.span),
                            "qualified name",
                        );
                        self.note(idx, format!("write `@renamed_from({})`", crate::sql::quote::ident(&name.name.text)));
                        return;
                    }
                    (HintTarget::Local, ObjectKey::Column(table, _)) => (
                        ObjectKey::Column(table.clone(), name.name.text.clone()),
                        RenamedFrom::Local(name.name.text.clone()),
                    ),
                    (HintTarget::Local, ObjectKey::Index(table, _)) => (
                        ObjectKey::Index(table.clone(), name.name.text.clone()),
                        RenamedFrom::Local(name.name.text.clone()),
                    ),
                    (HintTarget::Local, ObjectKey::Constraint(table, _)) => (
                        ObjectKey::Constraint(table.clone(), name.name.text.clone()),
                        RenamedFrom::Local(name.name.text.clone()),
                    ),
                    (HintTarget::Local, ObjectKey::Policy(table, _)) => (
                        ObjectKey::Policy(table.clone(), name.name.text.clone()),
                        RenamedFrom::Local(name.name.text.clone()),
                    ),
                    (_, ObjectKey::Table(new) | ObjectKey::View(new) | ObjectKey::Enum(new)) => {
                        let old = QualName {
                            schema: name.schema.as_ref().map_or_else(|| new.schema.clone(), |s| s.text.clone()),
                            name: name.name.text.clone(),
                        };
                        let key = match object {
                            ObjectKey::Table(_) => ObjectKey::Table(old.clone()),
                            ObjectKey::View(_) => ObjectKey::View(old.clone()),
                            _ => ObjectKey::Enum(old.clone()),
                        };
                        (key, RenamedFrom::Qualified(old))
                    }
                    _ => return,
                };
                if &source_key == object {
                    self.error(
                        "invalid-renamed-from",
                        format!("the {what} is renamed from its own name"),
                        span(file, &name.span),
                        "same name",
                    );
                    return;
                }
                if let Some(existing) = self.meta.span(&source_key) {
                    let diagnostic = Diagnostic::error(
                        "invalid-renamed-from",
                        format!(
                            "the {what} cannot be renamed from `{}`: that {what} still exists in this schema",
                            name.name.text
                        ),
                        Label::new(span(file, &name.span), "named as the old name"),
                    )
                    .with_secondary(Label::new(existing, "still defined here"))
                    .with_note("remove the old definition, or remove the attribute if both should exist");
                    self.diagnostics.push(diagnostic);
                    return;
                }
                if let Some(first) = sources.get(&source_key).copied() {
                    let diagnostic = Diagnostic::error(
                        "invalid-renamed-from",
                        format!("two objects are renamed from `{}`", name.name.text),
                        Label::new(span(file, &name.span), "second rename from this name"),
                    )
                    .with_secondary(Label::new(first, "first rename from this name"))
                    .with_note("an object can be renamed into only one new object");
                    self.diagnostics.push(diagnostic);
                    return;
                }
                sources.insert(source_key, span(file, &name.span));
                self.meta.renamed_from.insert(object.clone(), renamed);
            }
        }
    }
}

pub(super) fn def_kind_name(kind: &ast::DefinitionKind) -> String {
    match kind {
        ast::DefinitionKind::Extension(_) => "extension",
        ast::DefinitionKind::Object(def) => return def.kind.clone(),
        ast::DefinitionKind::Schema(_) => "schema",
        ast::DefinitionKind::Enum(_) => "enum",
        ast::DefinitionKind::Composite(_) => "type",
        ast::DefinitionKind::Domain(_) => "domain",
        ast::DefinitionKind::Sequence(_) => "sequence",
        ast::DefinitionKind::Table(_) => "table",
        ast::DefinitionKind::View(_) => "view",
        ast::DefinitionKind::Function(_) => "function",
        ast::DefinitionKind::Grant(def) if def.revoke => "revoke",
        ast::DefinitionKind::Grant(_) => "grant",
        ast::DefinitionKind::Owner(_) => "owner",
        ast::DefinitionKind::DefaultPrivileges(_) => "default privileges",
    }
    .to_string()
}
