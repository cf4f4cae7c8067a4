//! Privileges, owners and default privileges: their lines, and the lines of
//! a catalog's privileges (one per object, grantee, granted or revoked, and
//! grant option), placed after the objects they concern.

use super::from_ir::*;
use super::*;
use crate::ir::*;
use crate::syntax::ast::*;
use indexmap::IndexMap;

pub(super) fn grant_text(grant: &GrantDef) -> String {
    let (verb, to) = if grant.revoke { ("revoke", "from") } else { ("grant", "to") };
    let mut res = format!(
        "{verb} {} on {} {to} {}",
        privileges_text(&grant.privileges),
        object_text(&grant.object),
        roles_text(&grant.grantees)
    );
    if grant.grant_option {
        res.push_str(" with grant option");
    }
    res
}

pub(super) fn owner_text(owner: &OwnerDef) -> String {
    let object = match &owner.object {
        OwnerObject::Schema(name) => format!("schema {}", quote::ident(&name.text)),
        OwnerObject::Table(name) => format!("table {}", qualified(name)),
        OwnerObject::View { materialized, name } => {
            format!("{}view {}", if *materialized { "materialized " } else { "" }, qualified(name))
        }
        OwnerObject::Sequence(name) => format!("sequence {}", qualified(name)),
        OwnerObject::Function { procedure, function } => {
            format!("{} {}", if *procedure { "procedure" } else { "function" }, function_ref_text(function))
        }
        OwnerObject::Type(name) => format!("type {}", qualified(name)),
        OwnerObject::Domain(name) => format!("domain {}", qualified(name)),
        OwnerObject::Whole { kind, identity } => format!("{kind} {identity}"),
    };
    format!("owner of {object} is {}", role_text(&owner.owner))
}

pub(super) fn default_privileges_text(default: &DefaultPrivilegesDef) -> String {
    let mut res = format!("default privileges for role {}", roles_text(&default.roles));
    if !default.schemas.is_empty() {
        let schemas: Vec<String> = default.schemas.iter().map(|schema| quote::ident(&schema.text)).collect();
        res.push_str(&format!(" in schema {}", schemas.join(", ")));
    }
    let (verb, to) = if default.revoke { ("revoke", "from") } else { ("grant", "to") };
    res.push_str(&format!(
        " {verb} {} on {} {to} {}",
        privileges_text(&default.privileges),
        default.objects,
        roles_text(&default.grantees)
    ));
    if default.grant_option {
        res.push_str(" with grant option");
    }
    res
}

fn privileges_text(privileges: &PrivilegesAst) -> String {
    match privileges {
        PrivilegesAst::All { columns, .. } if columns.is_empty() => "all".to_string(),
        PrivilegesAst::All { columns, .. } => format!("all {}", name_list(columns)),
        PrivilegesAst::List(items) => items
            .iter()
            .map(|item| {
                let word = item.name.text.to_ascii_lowercase();
                if item.columns.is_empty() { word } else { format!("{word} {}", name_list(&item.columns)) }
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn object_text(object: &GrantObject) -> String {
    let qualified_list = |names: &[QualifiedName]| names.iter().map(qualified).collect::<Vec<_>>().join(", ");
    let ident_list = |names: &[Name]| names.iter().map(|name| quote::ident(&name.text)).collect::<Vec<_>>().join(", ");
    match &object.kind {
        GrantObjectKind::Tables(names) => format!("table {}", qualified_list(names)),
        GrantObjectKind::ForeignTables(names) => format!("foreign table {}", qualified_list(names)),
        GrantObjectKind::Sequences(names) => format!("sequence {}", qualified_list(names)),
        GrantObjectKind::Schemas(names) => format!("schema {}", ident_list(names)),
        GrantObjectKind::Functions { procedure, refs } => {
            let word = match procedure {
                Some(true) => "procedure",
                Some(false) => "function",
                None => "routine",
            };
            let refs: Vec<String> = refs.iter().map(function_ref_text).collect();
            format!("{word} {}", refs.join(", "))
        }
        GrantObjectKind::Types { domain, names } => {
            format!("{} {}", if *domain { "domain" } else { "type" }, qualified_list(names))
        }
        GrantObjectKind::Servers(names) => format!("foreign server {}", ident_list(names)),
        GrantObjectKind::ForeignDataWrappers(names) => format!("foreign data wrapper {}", ident_list(names)),
        GrantObjectKind::Languages(names) => format!("language {}", ident_list(names)),
    }
}

fn function_ref_text(function: &FunctionRef) -> String {
    let Some(args) = &function.args else { return qualified(&function.name) };
    let args: Vec<String> = args
        .iter()
        .map(|arg| {
            let mode = match arg.mode {
                None => "",
                Some(ArgModeAst::In) => "in ",
                Some(ArgModeAst::Out) => "out ",
                Some(ArgModeAst::InOut) => "inout ",
                Some(ArgModeAst::Variadic) => "variadic ",
            };
            format!("{mode}{}", type_text(&arg.ty))
        })
        .collect();
    format!("{}({})", qualified(&function.name), args.join(", "))
}

/// A role: `public` is every role; a role named `public` is quoted.
fn role_text(role: &Name) -> String {
    if role.quoted && role.text == "public" { quote::quoted(&role.text) } else { quote::ident(&role.text) }
}

fn roles_text(roles: &[Name]) -> String {
    roles.iter().map(role_text).collect::<Vec<_>>().join(", ")
}

// ---------------------------------------------------------------- IR → AST

/// The lines of a catalog's privileges and owners, by the object they
/// follow (a column's privileges follow its table), and the lines of its
/// default privileges.
pub(super) struct AclLines {
    pub(super) by_object: IndexMap<GrantTarget, Vec<Definition>>,
    pub(super) defaults: Vec<Definition>,
}

impl AclLines {
    /// The lines that follow `target`'s definition.
    pub(super) fn take(&mut self, target: &GrantTarget) -> Vec<Definition> {
        self.by_object.shift_remove(target).unwrap_or_default()
    }
}

fn role_name(role: &str) -> Name {
    if role == PUBLIC { name("public") } else { Name { text: role.to_string(), span: 0..0, quoted: role == "public" } }
}

/// The object a target's line is printed after: a column's table, an
/// identity sequence's table.
fn anchor(catalog: &Catalog, target: &GrantTarget) -> GrantTarget {
    match target {
        GrantTarget::Column(table, _) => relation_target(catalog, table),
        GrantTarget::Sequence(name) if !catalog.sequences.contains_key(name) => {
            match crate::diff::identity_sequence_column(catalog, name) {
                Some((table, _)) => GrantTarget::Table(table),
                None => target.clone(),
            }
        }
        other => other.clone(),
    }
}

/// The target of a relation: a table or view, or a foreign table.
fn relation_target(catalog: &Catalog, name: &QualName) -> GrantTarget {
    if catalog.tables.contains_key(name) || catalog.views.contains_key(name) {
        return GrantTarget::Table(name.clone());
    }
    catalog
        .objects
        .keys()
        .find(|id| id.kind == WholeKind::ForeignTable && crate::diff::leading_name(id).as_ref() == Some(name))
        .map_or_else(|| GrantTarget::Table(name.clone()), |id| GrantTarget::Object(id.clone()))
}

pub(super) fn acl_lines(catalog: &Catalog) -> AclLines {
    let mut by_object: IndexMap<GrantTarget, Vec<Definition>> = IndexMap::new();
    for (target, owner) in &catalog.owners {
        if let Some(object) = owner_object(catalog, target) {
            by_object.entry(anchor(catalog, target)).or_default().push(definition(
                Vec::new(),
                DefinitionKind::Owner(OwnerDef { object, object_span: 0..0, owner: role_name(owner) }),
            ));
        }
    }
    // One line per (relation, grantee, granted, grantable): privileges on the
    // object, then `privilege (columns)` for its columns.
    type Line = (Vec<&'static str>, Vec<(&'static str, Vec<Ident>)>);
    let mut lines: IndexMap<(GrantTarget, &Ident, bool, bool), Line> = IndexMap::new();
    for privilege in &catalog.privileges {
        let relation = match &privilege.on {
            GrantTarget::Column(table, _) => relation_target(catalog, table),
            other => other.clone(),
        };
        let Some(kind) = relation.acl_kind() else { continue };
        let line = lines.entry((relation, &privilege.grantee, privilege.granted, privilege.grantable)).or_default();
        match &privilege.on {
            GrantTarget::Column(_, column) => {
                let Some(word) = AclKind::Column.privileges().iter().find(|word| **word == privilege.privilege) else {
                    continue;
                };
                match line.1.iter_mut().find(|(existing, _)| existing == word) {
                    Some((_, columns)) => columns.push(column.clone()),
                    None => line.1.push((word, vec![column.clone()])),
                }
            }
            _ => {
                if let Some(word) = kind.privileges().iter().find(|word| **word == privilege.privilege)
                    && !line.0.contains(word)
                {
                    line.0.push(word);
                }
            }
        }
    }
    for ((relation, grantee, granted, grantable), (mut own, mut columns)) in lines {
        let Some(kind) = relation.acl_kind() else { continue };
        let Some(object) = grant_object(catalog, &relation) else { continue };
        let order =
            |word: &&str| kind.privileges().iter().chain(AclKind::Column.privileges()).position(|it| it == word);
        own.sort_by_key(order);
        columns.sort_by_key(|(word, _)| order(word));
        let privileges = if columns.is_empty() && own.len() == kind.privileges().len() && own.len() > 1 {
            PrivilegesAst::All { columns: Vec::new(), span: 0..0 }
        } else {
            let mut items: Vec<PrivilegeAst> = Vec::new();
            let mut columns = columns.into_iter().peekable();
            for word in own {
                // Column privileges of a word before it come first (canonical order).
                while let Some((column_word, _)) = columns.peek() {
                    if order(column_word) >= order(&word) {
                        break;
                    }
                    let (column_word, names) = columns.next().unwrap_or_else(|| panic!("invariant: peeked"));
                    items.push(privilege_item(column_word, &names));
                }
                items.push(privilege_item(word, &[]));
            }
            for (column_word, names) in columns {
                items.push(privilege_item(column_word, &names));
            }
            PrivilegesAst::List(items)
        };
        let grant = GrantDef {
            revoke: !granted,
            privileges,
            object,
            grantees: vec![role_name(grantee)],
            grant_option: grantable && granted,
        };
        by_object
            .entry(anchor(catalog, &relation))
            .or_default()
            .push(definition(Vec::new(), DefinitionKind::Grant(grant)));
    }
    AclLines { by_object, defaults: default_lines(catalog) }
}

fn privilege_item(word: &str, columns: &[Ident]) -> PrivilegeAst {
    PrivilegeAst { name: name(&word.to_ascii_lowercase()), columns: names(columns), span: 0..0 }
}

fn default_lines(catalog: &Catalog) -> Vec<Definition> {
    type Key<'a> = (&'a Ident, &'a Option<Ident>, DefaultObjects, &'a Ident, bool, bool);
    let mut groups: IndexMap<Key, Vec<&str>> = IndexMap::new();
    for it in &catalog.default_privileges {
        let list = groups.entry((&it.role, &it.schema, it.on, &it.grantee, it.granted, it.grantable)).or_default();
        if !list.contains(&it.privilege.as_str()) {
            list.push(&it.privilege);
        }
    }
    groups
        .into_iter()
        .map(|((role, schema, on, grantee, granted, grantable), mut words)| {
            let all = on.acl_kind().privileges();
            words.sort_by_key(|word| all.iter().position(|it| it == word));
            let privileges = if words.len() == all.len() && all.len() > 1 {
                PrivilegesAst::All { columns: Vec::new(), span: 0..0 }
            } else {
                PrivilegesAst::List(words.iter().map(|word| privilege_item(word, &[])).collect())
            };
            definition(
                Vec::new(),
                DefinitionKind::DefaultPrivileges(DefaultPrivilegesDef {
                    roles: vec![role_name(role)],
                    schemas: schema.iter().map(|schema| name(schema)).collect(),
                    revoke: !granted,
                    privileges,
                    objects: on.word().to_string(),
                    objects_span: 0..0,
                    grantees: vec![role_name(grantee)],
                    grant_option: grantable && granted,
                }),
            )
        })
        .collect()
}

/// A name of an object carried whole (`files`, `"My Server"`), unquoted.
fn whole_name(id: &ObjectId) -> Name {
    let parts = crate::sqltext::split_quoted_name(&id.name);
    name(parts.first().map_or(id.name.as_str(), String::as_str))
}

fn function_ref(catalog: &Catalog, key: &FunctionKey) -> (bool, FunctionRef) {
    let (procedure, args) = match catalog.functions.get(key) {
        Some(function) => (
            function.procedure,
            function
                .args
                .iter()
                .filter(|arg| arg.mode != ArgMode::Out)
                .map(|arg| FunctionArgAst {
                    mode: (arg.mode == ArgMode::Variadic).then_some(ArgModeAst::Variadic),
                    name: None,
                    ty: type_expr(&arg.ty),
                    default: None,
                    span: 0..0,
                })
                .collect(),
        ),
        None => (false, key.arg_types.iter().map(|ty| untyped_arg(ty)).collect()),
    };
    (procedure, FunctionRef { name: ast_qualified(&key.name), args: Some(args), span: 0..0 })
}

fn untyped_arg(text: &str) -> FunctionArgAst {
    let text = text.trim_start_matches("ORDER BY ").trim();
    let (text, mode) = match text.strip_prefix("VARIADIC ") {
        Some(rest) => (rest, Some(ArgModeAst::Variadic)),
        None => (text, None),
    };
    let (base, mods) = builtin_type(text.trim_end_matches("[]"));
    let array_dims = u8::from(text.ends_with("[]"));
    FunctionArgAst { mode, name: None, ty: TypeExpr { base, mods, array_dims, span: 0..0 }, default: None, span: 0..0 }
}

/// An aggregate's identity as a function reference (`app.total(integer)`).
fn aggregate_ref(id: &ObjectId) -> Option<FunctionRef> {
    let name = crate::diff::leading_name(id)?;
    let mut quoted = false;
    let open = id.name.char_indices().find_map(|(idx, ch)| {
        if ch == '"' {
            quoted = !quoted;
        }
        (ch == '(' && !quoted).then_some(idx)
    })?;
    let inside = id.name[open + 1..].strip_suffix(')')?;
    let args = if inside == "*" {
        Vec::new()
    } else {
        crate::sqltext::split_top_level(inside, ",")
            .into_iter()
            .flat_map(|part| crate::sqltext::split_top_level(part, " ORDER BY "))
            .filter(|part| !part.is_empty())
            .map(untyped_arg)
            .collect()
    };
    Some(FunctionRef { name: ast_qualified(&name), args: Some(args), span: 0..0 })
}

fn grant_object(catalog: &Catalog, target: &GrantTarget) -> Option<GrantObject> {
    let kind = match target {
        GrantTarget::Schema(schema) => GrantObjectKind::Schemas(vec![name(schema)]),
        GrantTarget::Table(table) | GrantTarget::Column(table, _) => {
            GrantObjectKind::Tables(vec![ast_qualified(table)])
        }
        GrantTarget::Sequence(sequence) => GrantObjectKind::Sequences(vec![ast_qualified(sequence)]),
        GrantTarget::Function(key) => {
            let (procedure, function) = function_ref(catalog, key);
            GrantObjectKind::Functions { procedure: Some(procedure), refs: vec![function] }
        }
        GrantTarget::Type(ty) => {
            GrantObjectKind::Types { domain: catalog.domains.contains_key(ty), names: vec![ast_qualified(ty)] }
        }
        GrantTarget::Object(id) => match id.kind {
            WholeKind::ForeignTable => {
                GrantObjectKind::ForeignTables(vec![ast_qualified(&crate::diff::leading_name(id)?)])
            }
            WholeKind::Aggregate => {
                GrantObjectKind::Functions { procedure: Some(false), refs: vec![aggregate_ref(id)?] }
            }
            WholeKind::Server => GrantObjectKind::Servers(vec![whole_name(id)]),
            WholeKind::ForeignDataWrapper => GrantObjectKind::ForeignDataWrappers(vec![whole_name(id)]),
            WholeKind::Language => GrantObjectKind::Languages(vec![whole_name(id)]),
            _ => return None,
        },
    };
    Some(GrantObject { kind, span: 0..0 })
}

fn owner_object(catalog: &Catalog, target: &GrantTarget) -> Option<OwnerObject> {
    Some(match target {
        GrantTarget::Schema(schema) => OwnerObject::Schema(name(schema)),
        GrantTarget::Table(table) => match catalog.views.get(table) {
            Some(view) => OwnerObject::View { materialized: view.materialized, name: ast_qualified(table) },
            None => OwnerObject::Table(ast_qualified(table)),
        },
        GrantTarget::Sequence(sequence) => OwnerObject::Sequence(ast_qualified(sequence)),
        GrantTarget::Function(key) => {
            let (procedure, function) = function_ref(catalog, key);
            OwnerObject::Function { procedure, function }
        }
        GrantTarget::Type(ty) if catalog.domains.contains_key(ty) => OwnerObject::Domain(ast_qualified(ty)),
        GrantTarget::Type(ty) => OwnerObject::Type(ast_qualified(ty)),
        GrantTarget::Object(id) => OwnerObject::Whole { kind: id.kind.words().to_string(), identity: id.name.clone() },
        GrantTarget::Column(..) => return None,
    })
}
