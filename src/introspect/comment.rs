//! Comments, attached to the objects they describe: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct CommentRow {
    pub(super) catalog: String,
    pub(super) oid: u32,
    pub(super) subid: i32,
    pub(super) description: String,
    pub(super) column_name: Option<String>,
}

impl CommentRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(CommentRow {
            catalog: get(kind, row, "catalog")?,
            oid: get(kind, row, "oid")?,
            subid: get(kind, row, "subid")?,
            description: get(kind, row, "description")?,
            column_name: get(kind, row, "column_name")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn comments(&mut self, rows: Vec<CommentRow>) {
        for row in rows {
            if let Some(ObjectKey::Object(id)) = self.oids.objects.get(&(row.catalog.clone(), row.oid)) {
                if row.subid == 0 {
                    if let Some(object) = self.catalog.objects.get_mut(id) {
                        object.comment = Some(row.description);
                    }
                } else {
                    self.unmodelled.push(Unmodelled::new(
                        "comment",
                        format!("{id}, column {}", row.subid),
                        "comments on the columns of a foreign table are not modelled",
                    ));
                }
                continue;
            }
            let text = Some(row.description);
            match row.catalog.as_str() {
                "pg_namespace" => {
                    let Some(name) = self.oids.schemas.get(&row.oid) else { continue };
                    if let Some(schema) = self.catalog.schemas.get_mut(name) {
                        schema.comment = text;
                    }
                }
                "pg_extension" => {
                    let Some((name, default_comment)) = self.oids.extensions.get(&row.oid) else { continue };
                    // The control file's comment is the extension's, not the user's.
                    if text.as_ref() != default_comment.as_ref()
                        && let Some(extension) = self.catalog.extensions.get_mut(name)
                    {
                        extension.comment = text;
                    }
                }
                "pg_type" => match self.oids.types.get(&row.oid) {
                    Some(ObjectKey::Enum(name)) => {
                        if let Some(def) = self.catalog.enums.get_mut(name) {
                            def.comment = text;
                        }
                    }
                    Some(ObjectKey::Domain(name)) => {
                        if let Some(def) = self.catalog.domains.get_mut(name) {
                            def.comment = text;
                        }
                    }
                    Some(ObjectKey::Composite(name)) => {
                        if let Some(def) = self.catalog.composites.get_mut(name) {
                            def.comment = text;
                        }
                    }
                    _ => {}
                },
                "pg_class" if row.subid > 0 => {
                    if let Some(view) = self.view_name(row.oid).and_then(|name| self.catalog.views.get_mut(&name)) {
                        if let (Some(column), Some(text)) = (row.column_name, text) {
                            view.column_comments.insert(column, text);
                        }
                        continue;
                    }
                    let Some(table_name) = self.table_name(row.oid) else { continue };
                    let Some(column) = self.oids.columns.get(&(row.oid, row.subid)) else { continue };
                    if let Some(column) =
                        self.catalog.tables.get_mut(&table_name).and_then(|table| table.columns.get_mut(column))
                    {
                        column.comment = text;
                    }
                }
                "pg_class" => match self.oids.relations.get(&row.oid) {
                    Some(ObjectKey::Table(name)) => {
                        if let Some(table) = self.catalog.tables.get_mut(name) {
                            table.comment = text;
                        }
                    }
                    Some(ObjectKey::View(name)) => {
                        if let Some(view) = self.catalog.views.get_mut(name) {
                            view.comment = text;
                        }
                    }
                    Some(ObjectKey::Sequence(name)) => {
                        if let Some(sequence) = self.catalog.sequences.get_mut(name) {
                            sequence.comment = text;
                        }
                    }
                    Some(ObjectKey::Index(table_name, index)) => {
                        let on_table = self.catalog.tables.get_mut(table_name).map(|table| &mut table.indexes);
                        let indexes = match on_table {
                            Some(indexes) => Some(indexes),
                            None => self.catalog.views.get_mut(table_name).map(|view| &mut view.indexes),
                        };
                        if let Some(index) = indexes.and_then(|indexes| indexes.get_mut(index)) {
                            index.comment = text;
                        }
                    }
                    _ => {}
                },
                "pg_constraint" => {
                    let Some(ObjectKey::Constraint(table_name, constraint)) = self.oids.constraints.get(&row.oid)
                    else {
                        continue;
                    };
                    if let Some(constraint) =
                        self.catalog.tables.get_mut(table_name).and_then(|table| table.constraints.get_mut(constraint))
                    {
                        constraint.comment = text;
                    }
                }
                "pg_trigger" => {
                    let Some(ObjectKey::Trigger(table_name, trigger)) = self.oids.triggers.get(&row.oid) else {
                        continue;
                    };
                    let on_table = self.catalog.tables.get_mut(table_name).map(|table| &mut table.triggers);
                    let triggers = match on_table {
                        Some(triggers) => Some(triggers),
                        None => self.catalog.views.get_mut(table_name).map(|view| &mut view.triggers),
                    };
                    if let Some(trigger) = triggers.and_then(|triggers| triggers.get_mut(trigger)) {
                        trigger.comment = text;
                    }
                }
                "pg_policy" => {
                    let Some(ObjectKey::Policy(table_name, policy)) =
                        self.oids.objects.get(&("pg_policy".to_string(), row.oid))
                    else {
                        continue;
                    };
                    if let Some(policy) =
                        self.catalog.tables.get_mut(table_name).and_then(|table| table.policies.get_mut(policy))
                    {
                        policy.comment = text;
                    }
                }
                "pg_proc" => {
                    let Some(ObjectKey::Function(key)) = self.oids.functions.get(&row.oid) else { continue };
                    if let Some(function) = self.catalog.functions.get_mut(key) {
                        function.comment = text;
                    }
                }
                _ => {}
            }
        }
    }
}
