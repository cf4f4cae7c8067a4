//! Views and materialized views: options, the body, and a block of
//! triggers, indexes, column defaults and the comment when they have any.

use super::from_ir::*;
use super::*;
use crate::ir::View;

impl Printer<'_> {
    pub(super) fn view(&mut self, view: &ViewDef, end: usize) {
        let mut line =
            format!("{}view {}", if view.materialized { "materialized " } else { "" }, qualified(&view.name));
        if !view.columns.is_empty() {
            line.push_str(&format!(" ({})", super::composite::attributes_text(&view.columns)));
        }
        if !view.options.is_empty() {
            let options: Vec<String> = view.options.iter().map(storage_option_text).collect();
            line.push_str(&format!(" with ({})", options.join(", ")));
        }
        line.push_str(&format!(" as {}", dollar_quote(&view.body.text)));
        if view.items.is_empty() {
            push_comment(&mut line, &view.comment);
            self.out.push_str(&line);
            self.out.push('\n');
            return;
        }
        self.out.push_str(&line);
        self.out.push_str(" {\n");
        for item in &view.items {
            self.flush_comments(item.span.start, INDENT);
            self.attributes(&item.attributes, INDENT);
            self.out.push_str(INDENT);
            self.out.push_str(&table_item_text(&item.kind, 0));
            self.out.push('\n');
            self.last_end = item.span.end;
        }
        self.flush_comments(end, INDENT);
        let mut closing = "}".to_string();
        push_comment(&mut closing, &view.comment);
        self.out.push_str(&closing);
        self.out.push('\n');
    }
}

/// `name = value` of `with (…)`, the value quoted unless it is a word or a number.
pub(super) fn storage_option_text(option: &StorageOption) -> String {
    match &option.value {
        None => option.name.clone(),
        Some(value) => format!("{} = {value}", option.name),
    }
}

/// A view of the IR as a syntax tree.
pub(super) fn view_def(view: &View) -> ViewDef {
    let mut items = Vec::new();
    let item = |kind| TableItem { attributes: Vec::new(), kind, span: 0..0 };
    let mut columns: Vec<&crate::ir::Ident> = view.defaults.keys().collect();
    columns.extend(view.column_comments.keys().filter(|column| !view.defaults.contains_key(*column)));
    for column in columns {
        items.push(item(TableItemKind::ViewColumn {
            name: name(column),
            default: view.defaults.get(column).map(|default| sql(default)),
            comment: view.column_comments.get(column).map(|text| string(text)),
        }));
    }
    for index in view.indexes.values() {
        items.push(item(TableItemKind::Index(index_def(index))));
    }
    for trigger in view.triggers.values() {
        items.push(item(TableItemKind::Trigger(Box::new(trigger_def(trigger)))));
    }
    let mut view_comment = comment(&view.comment);
    if !items.is_empty()
        && let Some(text) = view_comment.take()
    {
        items.push(item(TableItemKind::Comment(text)));
    }
    ViewDef {
        materialized: view.materialized,
        name: ast_qualified(&view.name),
        columns: view.columns.iter().map(super::composite::attribute_def).collect(),
        options: view
            .options
            .iter()
            .map(|option| {
                let (option_name, value) = option.split_once('=').unwrap_or((option, "true"));
                StorageOption { name: option_name.to_string(), value: Some(storage_value(value)), span: 0..0 }
            })
            .collect(),
        body: sql(&format!("\n{}\n", view.body)),
        items,
        comment: view_comment,
    }
}

/// A stored option value as the language writes it: words and numbers bare,
/// anything else as a string.
fn storage_value(value: &str) -> String {
    let word = value.chars().next().is_some_and(|ch| ch.is_ascii_lowercase() || ch == '_')
        && value.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
    let number = value.parse::<f64>().is_ok() && !value.contains(['e', 'E', 'x', 'X']);
    if word || number { value.to_string() } else { quote::literal(value) }
}
