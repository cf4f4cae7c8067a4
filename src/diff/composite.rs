//! Composite types: created, dropped, and changed in place attribute by
//! attribute (`ALTER TYPE … ADD | DROP | ALTER ATTRIBUTE`).
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of composite types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompositeChange {
    CreateComposite(Composite),
    DropComposite(Composite),
    AddAttribute {
        name: QualName,
        attribute: CompositeAttribute,
    },
    DropAttribute {
        name: QualName,
        attribute: CompositeAttribute,
    },
    /// `ALTER ATTRIBUTE … SET DATA TYPE`, with the attribute before.
    AlterAttribute {
        name: QualName,
        attribute: CompositeAttribute,
        previous: CompositeAttribute,
    },
}

impl CompositeChange {
    /// A one-line description for people: `add attribute z to type app.point`.
    pub fn summary(&self) -> String {
        match self {
            CompositeChange::CreateComposite(it) => format!("create type {}", it.name),
            CompositeChange::DropComposite(it) => format!("drop type {}", it.name),
            CompositeChange::AddAttribute { name, attribute } => {
                format!("add attribute {} to type {name}", attribute.name)
            }
            CompositeChange::DropAttribute { name, attribute } => {
                format!("drop attribute {} of type {name}", attribute.name)
            }
            CompositeChange::AlterAttribute { name, attribute, previous } => format!(
                "change type of attribute {} of type {name} from {} to {}",
                attribute.name,
                data_type_sql_unquoted(&previous.ty),
                data_type_sql_unquoted(&attribute.ty)
            ),
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let name = match self {
            CompositeChange::CreateComposite(it) | CompositeChange::DropComposite(it) => &it.name,
            CompositeChange::AddAttribute { name, .. }
            | CompositeChange::DropAttribute { name, .. }
            | CompositeChange::AlterAttribute { name, .. } => name,
        };
        Some(ObjectKey::Composite(name.clone()))
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            CompositeChange::CreateComposite(_) | CompositeChange::AddAttribute { .. } => Sign::Add,
            CompositeChange::DropComposite(_) | CompositeChange::DropAttribute { .. } => Sign::Drop,
            CompositeChange::AlterAttribute { .. } => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        match self {
            CompositeChange::DropAttribute { name, attribute } => vec![Hazard::of(
                "data-loss",
                HazardSeverity::Warning,
                format!(
                    "dropping attribute {} of type {name} deletes its values in every column of that type",
                    attribute.name
                ),
                self.object(),
            )],
            CompositeChange::AlterAttribute { name, attribute, previous }
                if !is_widening(&previous.ty, &attribute.ty) =>
            {
                vec![Hazard::of(
                    "may-fail",
                    HazardSeverity::Warning,
                    format!(
                        "changing attribute {} of type {name} from {} to {} fails if a stored value does not convert",
                        attribute.name,
                        data_type_sql_unquoted(&previous.ty),
                        data_type_sql_unquoted(&attribute.ty)
                    ),
                    self.object(),
                )]
            }
            _ => Vec::new(),
        }
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        Vec::new()
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: CompositeChange| Ok(vec![Change::Composite(change)]);
        match self {
            CompositeChange::CreateComposite(it) => one(CompositeChange::DropComposite(it.clone())),
            CompositeChange::DropComposite(it) => Ok(with_comment(
                Change::Composite(CompositeChange::CreateComposite(it.clone())),
                CommentTarget::Composite(it.name.clone()),
                &it.comment,
            )),
            CompositeChange::AddAttribute { name, attribute } => {
                one(CompositeChange::DropAttribute { name: name.clone(), attribute: attribute.clone() })
            }
            CompositeChange::DropAttribute { name, attribute } => {
                Err(format!("the values of attribute {} of type {name} are dropped with it", attribute.name))
            }
            CompositeChange::AlterAttribute { name, attribute, previous } => one(CompositeChange::AlterAttribute {
                name: name.clone(),
                attribute: previous.clone(),
                previous: attribute.clone(),
            }),
        }
    }
}

impl<'a> Ctx<'a> {
    /// Whether a column of `from` stores values of the composite type `name`
    /// (PostgreSQL then refuses `ALTER ATTRIBUTE … TYPE`).
    fn composite_in_use(&self, name: &QualName) -> bool {
        let named = BaseType::Named(name.clone());
        self.from.tables.values().flat_map(|table| table.columns.values()).any(|column| column.ty.base == named)
            || self.from.domains.values().any(|domain| domain.base.base == named)
            || self.from.composites.values().flat_map(|it| it.attributes.values()).any(|it| it.ty.base == named)
    }

    pub(super) fn composites(&mut self) {
        let (pairs, _) = pair_up(&self.from.composites, &self.to.composites, |_| None);
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => {
                    self.push(Change::Composite(CompositeChange::CreateComposite(new.clone())));
                    self.comment(CommentTarget::Composite(new.name.clone()), None, new.comment.as_ref());
                }
                (Some((_, old)), None) => self.push(Change::Composite(CompositeChange::DropComposite(old.clone()))),
                (Some((_, old)), Some((_, new))) => {
                    let name = &new.name;
                    for (attribute_name, attribute) in &old.attributes {
                        if !new.attributes.contains_key(attribute_name) {
                            self.push(Change::Composite(CompositeChange::DropAttribute {
                                name: name.clone(),
                                attribute: attribute.clone(),
                            }));
                        }
                    }
                    for (attribute_name, attribute) in &new.attributes {
                        match old.attributes.get(attribute_name) {
                            None => self.push(Change::Composite(CompositeChange::AddAttribute {
                                name: name.clone(),
                                attribute: attribute.clone(),
                            })),
                            Some(previous) if previous != attribute && self.composite_in_use(&old.name) => {
                                self.hazard(
                                    "unsupported-change",
                                    HazardSeverity::Error,
                                    format!(
                                        "cannot change the type or collation of attribute {attribute_name} of type {name} while columns use the type; add an attribute of the new type, copy the values, then drop the old one"
                                    ),
                                    ObjectKey::Composite(name.clone()),
                                );
                            }
                            Some(previous) if previous != attribute => {
                                self.push(Change::Composite(CompositeChange::AlterAttribute {
                                    name: name.clone(),
                                    attribute: attribute.clone(),
                                    previous: previous.clone(),
                                }))
                            }
                            Some(_) => {}
                        }
                    }
                    self.comment(CommentTarget::Composite(name.clone()), old.comment.as_ref(), new.comment.as_ref());
                }
                (None, None) => {}
            }
        }
    }
}
