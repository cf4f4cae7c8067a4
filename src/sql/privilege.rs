//! The SQL of privilege, owner and default-privilege changes: `GRANT`,
//! `REVOKE`, `ALTER … OWNER TO` and `ALTER DEFAULT PRIVILEGES`.

use super::*;
use crate::diff::{DefaultGrants, Grants, ObjectRef, PrivilegeChange};
use crate::ir::{GrantTarget, PUBLIC};

pub(super) fn statements(change: &PrivilegeChange) -> Vec<String> {
    match change {
        PrivilegeChange::Grant { grants, .. } | PrivilegeChange::RestoreDefault(grants) => {
            vec![grant(grants, grants.grantable)]
        }
        PrivilegeChange::AddGrantOption(grants) => vec![grant(grants, true)],
        PrivilegeChange::Revoke(grants) | PrivilegeChange::RevokeDefault { grants, .. } => {
            vec![revoke(grants, false)]
        }
        PrivilegeChange::RevokeGrantOption(grants) => vec![revoke(grants, true)],
        PrivilegeChange::SetOwner { object, owner, .. } => {
            let owner = match (owner, &object.on) {
                (Some(owner), _) => ident(owner),
                (None, GrantTarget::Schema(name)) if name == "public" => "pg_database_owner".to_string(),
                (None, _) => "CURRENT_USER".to_string(),
            };
            vec![format!("ALTER {} {} OWNER TO {owner}", object.noun.words().to_ascii_uppercase(), owned_name(object))]
        }
        PrivilegeChange::AddDefaultPrivileges(it) => vec![default_privileges(it, it.granted)],
        PrivilegeChange::RemoveDefaultPrivileges(it) => vec![default_privileges(it, !it.granted)],
    }
}

/// A grantee: `PUBLIC`, or a role through [`ident`].
fn role(name: &str) -> String {
    if name == PUBLIC { "PUBLIC".to_string() } else { ident(name) }
}

/// `SELECT, INSERT`, or for a column `SELECT (title), INSERT (title)`.
fn privilege_list(grants: &Grants) -> String {
    match &grants.object.on {
        GrantTarget::Column(_, column) => {
            let column = ident(column);
            grants.privileges.iter().map(|privilege| format!("{privilege} ({column})")).collect::<Vec<_>>().join(", ")
        }
        _ => grants.privileges.join(", "),
    }
}

/// `TABLE public.items`, `FUNCTION public.f(integer)`, …
fn on_clause(object: &ObjectRef) -> String {
    let name = match &object.on {
        GrantTarget::Object(id) if id.kind == crate::ir::WholeKind::Aggregate => aggregate_signature(&id.name),
        _ => owned_name(object),
    };
    format!("{} {name}", object.noun.grant_words())
}

/// The object's name in SQL (with its signature for functions).
fn owned_name(object: &ObjectRef) -> String {
    match &object.on {
        GrantTarget::Schema(name) => ident(name),
        GrantTarget::Table(name)
        | GrantTarget::Column(name, _)
        | GrantTarget::Sequence(name)
        | GrantTarget::Type(name) => qualified(name),
        GrantTarget::Function(key) => signature(&key.name, &object.arg_types),
        GrantTarget::Object(id) => id.name.clone(),
    }
}

/// An aggregate's identity (`app.agg(*)`, `app.pct(double precision ORDER BY
/// anyelement)`) as the signature `GRANT … ON FUNCTION` takes.
fn aggregate_signature(identity: &str) -> String {
    identity.replace("(*)", "()").replace(" ORDER BY ", ", ").replace("(ORDER BY ", "(")
}

fn grant(grants: &Grants, grant_option: bool) -> String {
    format!(
        "GRANT {} ON {} TO {}{}",
        privilege_list(grants),
        on_clause(&grants.object),
        role(&grants.grantee),
        if grant_option { " WITH GRANT OPTION" } else { "" }
    )
}

fn revoke(grants: &Grants, grant_option_only: bool) -> String {
    format!(
        "REVOKE {}{} ON {} FROM {}",
        if grant_option_only { "GRANT OPTION FOR " } else { "" },
        privilege_list(grants),
        on_clause(&grants.object),
        role(&grants.grantee)
    )
}

/// `ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] GRANT|REVOKE …`.
fn default_privileges(it: &DefaultGrants, grant: bool) -> String {
    let schema = it.schema.as_ref().map(|schema| format!(" IN SCHEMA {}", ident(schema))).unwrap_or_default();
    let objects = it.on.word().to_ascii_uppercase();
    let privileges = it.privileges.join(", ");
    let head = format!("ALTER DEFAULT PRIVILEGES FOR ROLE {}{schema}", ident(&it.role));
    if grant {
        format!(
            "{head} GRANT {privileges} ON {objects} TO {}{}",
            role(&it.grantee),
            if it.grantable { " WITH GRANT OPTION" } else { "" }
        )
    } else {
        let option = if it.option_only { "GRANT OPTION FOR " } else { "" };
        format!("{head} REVOKE {option}{privileges} ON {objects} FROM {}", role(&it.grantee))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Noun;

    #[test]
    fn aggregate_identities_become_function_signatures() {
        assert_eq!(aggregate_signature("app.cnt(*)"), "app.cnt()");
        assert_eq!(
            aggregate_signature("app.pct(double precision ORDER BY anyelement)"),
            "app.pct(double precision, anyelement)"
        );
        assert_eq!(aggregate_signature("app.m(ORDER BY VARIADIC \"any\")"), "app.m(VARIADIC \"any\")");
    }

    #[test]
    fn owner_of_the_public_schema_goes_back_to_pg_database_owner() {
        let object = ObjectRef { on: GrantTarget::Schema("public".into()), noun: Noun::Schema, arg_types: Vec::new() };
        let change = PrivilegeChange::SetOwner { object, owner: None, previous: Some("postgres".into()), fresh: false };
        assert_eq!(statements(&change), vec!["ALTER SCHEMA public OWNER TO pg_database_owner"]);
    }
}
