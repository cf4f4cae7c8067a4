//! The SQL of changes of table constraints.

use super::*;

pub(super) fn statements(change: &ConstraintChange) -> Vec<String> {
    match change {
        ConstraintChange::AddConstraint { table, constraint, .. } => {
            vec![format!("ALTER TABLE {} ADD {}", qualified(table), constraint_definition(constraint))]
        }
        ConstraintChange::DropConstraint { table, constraint } => {
            vec![format!("ALTER TABLE {} DROP CONSTRAINT {}", qualified(table), ident(&constraint.name))]
        }
        ConstraintChange::RenameConstraint { table, from, to, .. } => {
            vec![format!("ALTER TABLE {} RENAME CONSTRAINT {} TO {}", qualified(table), ident(from), ident(to))]
        }
    }
}

/// `CONSTRAINT name …`, as in `CREATE TABLE` and `ADD`.
pub(crate) fn constraint_definition(constraint: &Constraint) -> String {
    let mut res = format!("CONSTRAINT {} ", ident(&constraint.name));
    match &constraint.kind {
        ConstraintKind::PrimaryKey { columns } => res.push_str(&format!("PRIMARY KEY ({})", column_list(columns))),
        ConstraintKind::Unique { columns, nulls_not_distinct } => {
            res.push_str("UNIQUE ");
            if *nulls_not_distinct {
                res.push_str("NULLS NOT DISTINCT ");
            }
            res.push_str(&format!("({})", column_list(columns)));
        }
        ConstraintKind::Check { expr } => res.push_str(&format!("CHECK ({expr})")),
        ConstraintKind::ForeignKey(fk) => res.push_str(&foreign_key(fk)),
    }
    let is_check = matches!(constraint.kind, ConstraintKind::Check { .. });
    match constraint.deferrable {
        Deferrable::NotDeferrable => {}
        _ if is_check => {}
        Deferrable::Deferrable => res.push_str(" DEFERRABLE"),
        Deferrable::InitiallyDeferred => res.push_str(" DEFERRABLE INITIALLY DEFERRED"),
    }
    res
}

pub(super) fn foreign_key(fk: &ForeignKey) -> String {
    let mut res = format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        column_list(&fk.columns),
        qualified(&fk.ref_table),
        column_list(&fk.ref_columns)
    );
    if fk.match_full {
        res.push_str(" MATCH FULL");
    }
    if fk.on_delete != FkAction::NoAction {
        res.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if fk.on_update != FkAction::NoAction {
        res.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    res
}
