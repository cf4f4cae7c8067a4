//! The SQL of changes of comments.

use super::*;

pub(super) fn statements(change: &CommentChange) -> Vec<String> {
    match change {
        CommentChange::SetComment { target, comment, .. } => {
            let text = match comment {
                Some(comment) => literal(comment),
                None => "NULL".to_string(),
            };
            vec![format!("COMMENT ON {} IS {text}", comment_target(target))]
        }
    }
}

pub(super) fn comment_target(target: &CommentTarget) -> String {
    match target {
        CommentTarget::Extension(name) => format!("EXTENSION {}", ident(name)),
        CommentTarget::Schema(name) => format!("SCHEMA {}", ident(name)),
        CommentTarget::Enum(name) => format!("TYPE {}", qualified(name)),
        CommentTarget::Domain(name) => format!("DOMAIN {}", qualified(name)),
        CommentTarget::Composite(name) => format!("TYPE {}", qualified(name)),
        CommentTarget::Sequence(name) => format!("SEQUENCE {}", qualified(name)),
        CommentTarget::Table(name) => format!("TABLE {}", qualified(name)),
        CommentTarget::Column(table, column) => format!("COLUMN {}.{}", qualified(table), ident(column)),
        CommentTarget::Constraint(table, name) => format!("CONSTRAINT {} ON {}", ident(name), qualified(table)),
        CommentTarget::Index(table, name) => {
            format!("INDEX {}", qualified(&QualName::new(table.schema.clone(), name.clone())))
        }
        CommentTarget::Trigger(table, name) => format!("TRIGGER {} ON {}", ident(name), qualified(table)),
        CommentTarget::Policy(table, name) => format!("POLICY {} ON {}", ident(name), qualified(table)),
        CommentTarget::View { name, materialized } => format!("{}{}", view_keyword(*materialized), qualified(name)),
        CommentTarget::Function { name, procedure, arg_types } => {
            let what = if *procedure { "PROCEDURE" } else { "FUNCTION" };
            format!("{what} {}", signature(name, arg_types))
        }
        CommentTarget::Object(id) => format!("{} {}", id.kind.words().to_ascii_uppercase(), id.name),
    }
}
