//! Privileges, owners and default privileges: `grant`, `revoke`, `owner of`
//! and `default privileges` lines, resolved against the objects the files
//! define and expanded into one [`Privilege`] per (object, grantee,
//! privilege).
//!
//! What PostgreSQL grants by default needs no line: a `grant` of a default
//! privilege (`EXECUTE` on a function to `public`, anything to the declared
//! owner) is accepted and changes nothing. A `revoke` takes away a default
//! privilege: `public`'s, or the owner's own; one that takes away nothing
//! is a warning.

use super::*;
use crate::sql::quote;

/// An object a line names, resolved.
struct Resolved {
    target: GrantTarget,
    at: Span,
}

impl Ctx {
    pub(super) fn lower_privileges(&mut self, definitions: &[(usize, &ast::Definition)]) {
        // Owners first: a grant to the owner of what it owns is a default.
        for &(file, def) in definitions {
            if let ast::DefinitionKind::Owner(owner) = &def.kind {
                self.lower_owner(file, owner, span(file, &def.span));
            }
        }
        for &(file, def) in definitions {
            match &def.kind {
                ast::DefinitionKind::Grant(grant) => self.lower_grant(file, grant, span(file, &def.span)),
                ast::DefinitionKind::DefaultPrivileges(default) => {
                    self.lower_default_privileges(file, default, span(file, &def.span))
                }
                _ => {}
            }
        }
    }

    // -------------------------------------------------------------- grants

    fn lower_grant(&mut self, file: usize, grant: &ast::GrantDef, line: Span) {
        let objects = self.grant_objects(file, &grant.object);
        let grantees = self.grantees(file, &grant.grantees);
        for object in &objects {
            let Some(kind) = object.target.acl_kind() else {
                self.error(
                    "invalid-privilege",
                    format!("{} has no privileges", describe_target(&object.target)),
                    object.at,
                    "nothing can be granted on this",
                );
                continue;
            };
            let Some(items) = self.privilege_items(file, &grant.privileges, object, kind) else { continue };
            for (target, privilege, at) in items {
                for grantee in &grantees {
                    self.grant_one(&target, grantee, privilege, grant, at, line);
                }
            }
        }
    }

    fn grant_one(
        &mut self,
        target: &GrantTarget,
        grantee: &Ident,
        privilege: &'static str,
        grant: &ast::GrantDef,
        at: Span,
        line: Span,
    ) {
        let Some(kind) = target.acl_kind() else { return };
        let public = grantee == PUBLIC;
        if public && grant.grant_option {
            let idx = self.error(
                "invalid-privilege",
                "`public` cannot hold a grant option",
                line,
                "`with grant option` to public",
            );
            self.note(idx, "grant options can only be granted to roles");
            return;
        }
        let public_default = public && kind.public_default().contains(&privilege);
        let owner_default = self.catalog.owners.get(&target.relation()).is_some_and(|owner| owner == grantee);
        let entry = if grant.revoke {
            let default =
                public_default || (public && *target == GrantTarget::Schema("public".into()) && privilege == "USAGE");
            let of_owner = !public && self.catalog.owners.get(&target.relation()).is_none_or(|owner| owner == grantee);
            if !(default || of_owner) || matches!(target, GrantTarget::Column(..)) {
                let diagnostic = Diagnostic::warning(
                    "revoke-not-default",
                    format!(
                        "{} does not hold {privilege} on {} by default: the revoke takes nothing away",
                        grantee_text(grantee),
                        describe_target(target)
                    ),
                    Label::new(at, "not a default privilege"),
                )
                .with_note("a privilege that no `grant` line gives is not held; remove this line");
                self.diagnostics.push(diagnostic);
                return;
            }
            Privilege {
                on: target.clone(),
                grantee: grantee.clone(),
                privilege: privilege.to_string(),
                granted: false,
                grantable: false,
            }
        } else {
            if (public_default || owner_default) && !grant.grant_option {
                // PostgreSQL's default: nothing to grant.
                return;
            }
            Privilege {
                on: target.clone(),
                grantee: grantee.clone(),
                privilege: privilege.to_string(),
                granted: true,
                grantable: grant.grant_option,
            }
        };
        let key = ObjectKey::Privilege(target.clone(), grantee.clone(), privilege.to_string());
        if let Some(first) = self.meta.span(&key) {
            let diagnostic = Diagnostic::error(
                "duplicate-definition",
                format!(
                    "{privilege} on {} for {} is granted or revoked more than once",
                    describe_target(target),
                    grantee_text(grantee)
                ),
                Label::new(at, "again here"),
            )
            .with_secondary(Label::new(first, "first here"))
            .with_note("keep one line per privilege");
            self.diagnostics.push(diagnostic);
            return;
        }
        self.meta.spans.insert(key, line);
        self.catalog.privileges.insert(entry);
    }

    /// The privileges of a line on one object: (target, privilege, span).
    /// `None` after reporting a diagnostic.
    fn privilege_items(
        &mut self,
        file: usize,
        privileges: &ast::PrivilegesAst,
        object: &Resolved,
        kind: AclKind,
    ) -> Option<Vec<(GrantTarget, &'static str, Span)>> {
        let mut res = Vec::new();
        match privileges {
            ast::PrivilegesAst::All { columns, span: at } => {
                let at = span(file, at);
                if columns.is_empty() {
                    res.extend(kind.privileges().iter().map(|privilege| (object.target.clone(), *privilege, at)));
                } else {
                    for column in self.columns_of(file, object, columns)? {
                        res.extend(
                            AclKind::Column.privileges().iter().map(|privilege| (column.clone(), *privilege, at)),
                        );
                    }
                }
            }
            ast::PrivilegesAst::List(items) => {
                let mut ok = true;
                for item in items {
                    let at = span(file, &item.span);
                    let word = item.name.text.to_ascii_uppercase();
                    let allowed = if item.columns.is_empty() { kind } else { AclKind::Column };
                    let Some(privilege) = allowed.privileges().iter().find(|allowed| **allowed == word) else {
                        let idx = self.error(
                            "invalid-privilege",
                            format!(
                                "`{}` cannot be granted on {}{}",
                                item.name.text,
                                if item.columns.is_empty() { "" } else { "the columns of " },
                                describe_target(&object.target)
                            ),
                            at,
                            "not a privilege of this kind of object",
                        );
                        let names: Vec<String> =
                            allowed.privileges().iter().map(|name| name.to_ascii_lowercase()).collect();
                        self.note(idx, format!("the privileges here are: {}, or `all`", names.join(", ")));
                        ok = false;
                        continue;
                    };
                    if item.columns.is_empty() {
                        res.push((object.target.clone(), *privilege, at));
                    } else {
                        match self.columns_of(file, object, &item.columns) {
                            Some(columns) => res.extend(columns.into_iter().map(|column| (column, *privilege, at))),
                            None => ok = false,
                        }
                    }
                }
                if !ok {
                    return None;
                }
            }
        }
        Some(res)
    }

    /// The column targets of `columns` of a relation; `None` after reporting.
    fn columns_of(&mut self, file: usize, object: &Resolved, columns: &[ast::Name]) -> Option<Vec<GrantTarget>> {
        let relation = match &object.target {
            GrantTarget::Table(name) => name.clone(),
            GrantTarget::Object(id) if id.kind == WholeKind::ForeignTable => leading_name_of(id)?,
            other => {
                self.error(
                    "invalid-privilege",
                    format!("{} has no columns", describe_target(other)),
                    object.at,
                    "column privileges are for tables and views",
                );
                return None;
            }
        };
        let mut res = Vec::new();
        let mut ok = true;
        for column in columns {
            // Columns of views and foreign tables are not modelled: PostgreSQL checks them.
            if let Some(table) = self.catalog.tables.get(&relation)
                && !table.columns.contains_key(&column.text)
            {
                let names: Vec<String> = table.columns.keys().cloned().collect();
                let idx = self.error(
                    "unknown-column",
                    format!("table {relation} has no column `{}`", column.text),
                    span(file, &column.span),
                    "unknown column",
                );
                match did_you_mean(&column.text, names.iter().map(String::as_str)) {
                    Some(suggestion) => self.note(idx, format!("did you mean `{suggestion}`?")),
                    None => self.note(idx, format!("the table's columns are: {}", names.join(", "))),
                }
                ok = false;
                continue;
            }
            res.push(GrantTarget::Column(relation.clone(), column.text.clone()));
        }
        ok.then_some(res)
    }

    fn grantees(&mut self, file: usize, names: &[ast::Name]) -> Vec<Ident> {
        let mut res = Vec::new();
        for role in names {
            match self.role(file, role) {
                Some(role) if !res.contains(&role) => res.push(role),
                _ => {}
            }
        }
        res
    }

    /// A role name: `public` (unquoted) is every role.
    fn role(&mut self, file: usize, role: &ast::Name) -> Option<Ident> {
        if !role.quoted && role.text == "public" {
            return Some(PUBLIC.to_string());
        }
        if !role.quoted && matches!(role.text.as_str(), "current_user" | "current_role" | "session_user") {
            let idx = self.error(
                "invalid-privilege",
                format!("`{}` is not a role name", role.text),
                span(file, &role.span),
                "name the role",
            );
            self.note(idx, "schema files name roles, so that every database gets the same privileges");
            return None;
        }
        Some(role.text.clone())
    }

    // ------------------------------------------------------------ objects

    fn grant_objects(&mut self, file: usize, object: &ast::GrantObject) -> Vec<Resolved> {
        let mut res = Vec::new();
        match &object.kind {
            ast::GrantObjectKind::Tables(names) => {
                for name in names {
                    res.extend(self.relation(file, name, false));
                }
            }
            ast::GrantObjectKind::ForeignTables(names) => {
                for name in names {
                    res.extend(self.relation(file, name, true));
                }
            }
            ast::GrantObjectKind::Sequences(names) => {
                for name in names {
                    res.extend(self.sequence(file, name));
                }
            }
            ast::GrantObjectKind::Schemas(names) => {
                for name in names {
                    if self.check_schema_exists(file, name) {
                        res.push(Resolved {
                            target: GrantTarget::Schema(name.text.clone()),
                            at: span(file, &name.span),
                        });
                    }
                }
            }
            ast::GrantObjectKind::Functions { refs, .. } => {
                for function in refs {
                    res.extend(self.function_ref(file, function));
                }
            }
            ast::GrantObjectKind::Types { names, .. } => {
                for name in names {
                    res.extend(self.type_target(file, name));
                }
            }
            ast::GrantObjectKind::Servers(names) => {
                for name in names {
                    res.extend(self.whole_by_name(file, WholeKind::Server, name));
                }
            }
            ast::GrantObjectKind::ForeignDataWrappers(names) => {
                for name in names {
                    res.extend(self.whole_by_name(file, WholeKind::ForeignDataWrapper, name));
                }
            }
            ast::GrantObjectKind::Languages(names) => {
                for name in names {
                    res.extend(self.whole_by_name(file, WholeKind::Language, name));
                }
            }
        }
        res
    }

    /// A table, view or materialized view (`foreign`: a foreign table).
    fn relation(&mut self, file: usize, name: &ast::QualifiedName, foreign: bool) -> Option<Resolved> {
        let at = span(file, &name.span);
        let qual_name = qual(name);
        if !foreign && (self.catalog.tables.contains_key(&qual_name) || self.catalog.views.contains_key(&qual_name)) {
            return Some(Resolved { target: GrantTarget::Table(qual_name), at });
        }
        let id = ObjectId { kind: WholeKind::ForeignTable, name: quote::qualified(&qual_name) };
        if self.catalog.objects.contains_key(&id) {
            return Some(Resolved { target: GrantTarget::Object(id), at });
        }
        let mut candidates: Vec<String> =
            self.catalog.tables.keys().chain(self.catalog.views.keys()).map(display).collect();
        candidates.extend(
            self.catalog
                .objects
                .keys()
                .filter(|id| id.kind == WholeKind::ForeignTable)
                .filter_map(leading_name_of)
                .map(|name| display(&name)),
        );
        self.unknown_object(
            if foreign { "foreign table" } else { "table or view" },
            &display(&qual_name),
            &candidates,
            at,
        );
        None
    }

    fn sequence(&mut self, file: usize, name: &ast::QualifiedName) -> Option<Resolved> {
        let at = span(file, &name.span);
        let qual_name = qual(name);
        if self.catalog.sequences.contains_key(&qual_name)
            || crate::diff::identity_sequence_column(&self.catalog, &qual_name).is_some()
        {
            return Some(Resolved { target: GrantTarget::Sequence(qual_name), at });
        }
        let candidates: Vec<String> = self.catalog.sequences.keys().map(display).collect();
        self.unknown_object("sequence", &display(&qual_name), &candidates, at);
        None
    }

    fn type_target(&mut self, file: usize, name: &ast::QualifiedName) -> Option<Resolved> {
        let at = span(file, &name.span);
        let qual_name = qual(name);
        if self.catalog.enums.contains_key(&qual_name) || self.catalog.domains.contains_key(&qual_name) {
            return Some(Resolved { target: GrantTarget::Type(qual_name), at });
        }
        let candidates: Vec<String> =
            self.catalog.enums.keys().chain(self.catalog.domains.keys()).map(display).collect();
        self.unknown_object("type", &display(&qual_name), &candidates, at);
        None
    }

    fn whole_by_name(&mut self, file: usize, kind: WholeKind, name: &ast::Name) -> Option<Resolved> {
        let at = span(file, &name.span);
        let id = ObjectId { kind, name: quote::ident(&name.text) };
        if self.catalog.objects.contains_key(&id) {
            return Some(Resolved { target: GrantTarget::Object(id), at });
        }
        let candidates: Vec<String> =
            self.catalog.objects.keys().filter(|other| other.kind == kind).map(|other| other.name.clone()).collect();
        self.unknown_object(kind.words(), &name.text, &candidates, at);
        None
    }

    /// A function, procedure or aggregate by its signature (or by its name
    /// alone when there is one of that name).
    fn function_ref(&mut self, file: usize, function: &ast::FunctionRef) -> Option<Resolved> {
        let at = span(file, &function.span);
        let name = qual(&function.name);
        let Some(args) = &function.args else {
            let matching: Vec<FunctionKey> =
                self.catalog.functions.keys().filter(|key| key.name == name).cloned().collect();
            if let [key] = matching.as_slice() {
                return Some(Resolved { target: GrantTarget::Function(key.clone()), at });
            }
            if matching.is_empty() {
                let aggregates: Vec<ObjectId> = self
                    .catalog
                    .objects
                    .keys()
                    .filter(|id| id.kind == WholeKind::Aggregate && leading_name_of(id).as_ref() == Some(&name))
                    .cloned()
                    .collect();
                if let [id] = aggregates.as_slice() {
                    return Some(Resolved { target: GrantTarget::Object(id.clone()), at });
                }
                if aggregates.is_empty() {
                    let candidates: Vec<String> = self.catalog.functions.keys().map(|key| display(&key.name)).collect();
                    self.unknown_object("function", &display(&name), &candidates, at);
                    return None;
                }
            }
            let idx = self.error(
                "unknown-object",
                format!("there is more than one function {}", display(&name)),
                at,
                "which one?",
            );
            let signatures: Vec<String> = matching.iter().map(ToString::to_string).collect();
            self.note(idx, format!("write the argument types: {}", signatures.join(", ")));
            return None;
        };
        let mut arg_types = Vec::new();
        let mut spelled = Vec::new();
        for arg in args {
            let ty = self.function_type(file, &arg.ty);
            if arg.mode == Some(ast::ArgModeAst::Out) {
                continue;
            }
            let variadic = if arg.mode == Some(ast::ArgModeAst::Variadic) { "VARIADIC " } else { "" };
            spelled.push(format!("{variadic}{}", format_type_spelling(&ty)));
            arg_types.push(data_type_sql_unquoted(&ty));
        }
        let key = FunctionKey { name: name.clone(), arg_types };
        if self.catalog.functions.contains_key(&key) {
            return Some(Resolved { target: GrantTarget::Function(key), at });
        }
        let identity = format!(
            "{}({})",
            quote::qualified(&name),
            if spelled.is_empty() { "*".to_string() } else { spelled.join(", ") }
        );
        let id = ObjectId { kind: WholeKind::Aggregate, name: identity };
        if self.catalog.objects.contains_key(&id) {
            return Some(Resolved { target: GrantTarget::Object(id), at });
        }
        let same_name: Vec<String> =
            self.catalog.functions.keys().filter(|other| other.name == name).map(ToString::to_string).collect();
        if !same_name.is_empty() {
            let idx = self.error("unknown-object", format!("there is no function {key}"), at, "no such signature");
            self.note(idx, format!("the functions of that name are: {}", same_name.join(", ")));
            return None;
        }
        let candidates: Vec<String> = self.catalog.functions.keys().map(ToString::to_string).collect();
        self.unknown_object("function", &key.to_string(), &candidates, at);
        None
    }

    fn unknown_object(&mut self, what: &str, written: &str, candidates: &[String], at: Span) {
        let idx = self.error("unknown-object", format!("there is no {what} {written}"), at, format!("no such {what}"));
        match did_you_mean(written, candidates.iter().map(String::as_str)) {
            Some(suggestion) => self.note(idx, format!("did you mean `{suggestion}`?")),
            None => self.note(
                idx,
                "privileges and owners name objects the schema files define (unqualified names mean `public`)",
            ),
        }
    }

    // -------------------------------------------------------------- owners

    fn lower_owner(&mut self, file: usize, owner: &ast::OwnerDef, line: Span) {
        let at = span(file, &owner.object_span);
        let target = match &owner.object {
            ast::OwnerObject::Schema(name) => {
                self.check_schema_exists(file, name).then(|| GrantTarget::Schema(name.text.clone()))
            }
            ast::OwnerObject::Table(name) | ast::OwnerObject::View { name, .. } => {
                self.relation(file, name, false).map(|resolved| resolved.target)
            }
            ast::OwnerObject::Sequence(name) => {
                let qual_name = qual(name);
                if crate::diff::identity_sequence_column(&self.catalog, &qual_name).is_some() {
                    self.error(
                        "invalid-owner",
                        format!("sequence {} belongs to its identity column", display(&qual_name)),
                        at,
                        "owned with its table",
                    );
                    return;
                }
                if self.catalog.sequences.get(&qual_name).is_some_and(|sequence| sequence.owned_by.is_some()) {
                    let idx = self.error(
                        "invalid-owner",
                        format!("sequence {} is owned by a column: its owner is its table's", display(&qual_name)),
                        at,
                        "owned with its table",
                    );
                    self.note(idx, "write the owner of the table");
                    return;
                }
                self.sequence(file, name).map(|resolved| resolved.target)
            }
            ast::OwnerObject::Function { function, .. } => {
                self.function_ref(file, function).map(|resolved| resolved.target)
            }
            ast::OwnerObject::Type(name) | ast::OwnerObject::Domain(name) => {
                self.type_target(file, name).map(|resolved| resolved.target)
            }
            ast::OwnerObject::Whole { kind, identity } => {
                let Some(kind) = WholeKind::from_words(kind) else { panic!("grammar invariant: object kind `{kind}`") };
                if matches!(kind, WholeKind::Cast | WholeKind::Rule | WholeKind::UserMapping) {
                    self.error("invalid-owner", format!("a {} has no owner", kind.words()), at, "no owner");
                    return;
                }
                let id = ObjectId { kind, name: identity.clone() };
                if self.catalog.objects.contains_key(&id) {
                    Some(GrantTarget::Object(id))
                } else {
                    let candidates: Vec<String> = self
                        .catalog
                        .objects
                        .keys()
                        .filter(|other| other.kind == kind)
                        .map(|other| other.name.clone())
                        .collect();
                    self.unknown_object(kind.words(), identity, &candidates, at);
                    None
                }
            }
        };
        let Some(target) = target else { return };
        let Some(role) = self.role(file, &owner.owner) else { return };
        if role == PUBLIC {
            self.error("invalid-owner", "`public` cannot own anything", span(file, &owner.owner.span), "name a role");
            return;
        }
        let key = ObjectKey::Owner(target.clone());
        if let Some(first) = self.meta.span(&key) {
            self.duplicate("owner of", &describe_target(&target), at, first);
            return;
        }
        self.meta.spans.insert(key, line);
        self.catalog.owners.insert(target, role);
    }

    // -------------------------------------------------- default privileges

    fn lower_default_privileges(&mut self, file: usize, default: &ast::DefaultPrivilegesDef, line: Span) {
        let objects_at = span(file, &default.objects_span);
        let Some(objects) = DefaultObjects::from_word(&default.objects) else {
            panic!("grammar invariant: default privilege objects `{}`", default.objects)
        };
        let mut schemas: Vec<Option<Ident>> = Vec::new();
        for schema in &default.schemas {
            if self.check_schema_exists(file, schema) {
                schemas.push(Some(schema.text.clone()));
            }
        }
        if default.schemas.is_empty() {
            schemas.push(None);
        } else if schemas.is_empty() {
            return;
        }
        if objects == DefaultObjects::Schemas && !default.schemas.is_empty() {
            self.error(
                "invalid-privilege",
                "default privileges on schemas cannot be given `in schema`",
                objects_at,
                "schemas are not in a schema",
            );
            return;
        }
        let kind = objects.acl_kind();
        let privileges: Vec<(&'static str, Span)> = match &default.privileges {
            ast::PrivilegesAst::All { columns, span: at } if columns.is_empty() => {
                kind.privileges().iter().map(|privilege| (*privilege, span(file, at))).collect()
            }
            ast::PrivilegesAst::All { span: at, .. } => {
                self.error(
                    "invalid-privilege",
                    "default privileges have no columns",
                    span(file, at),
                    "no columns here",
                );
                return;
            }
            ast::PrivilegesAst::List(items) => {
                let mut res = Vec::new();
                for item in items {
                    let at = span(file, &item.span);
                    let word = item.name.text.to_ascii_uppercase();
                    match kind.privileges().iter().find(|allowed| **allowed == word) {
                        Some(privilege) if item.columns.is_empty() => res.push((*privilege, at)),
                        _ => {
                            let idx = self.error(
                                "invalid-privilege",
                                format!("`{}` cannot be a default privilege on {}", item.name.text, objects.word()),
                                at,
                                "not a privilege of these objects",
                            );
                            let names: Vec<String> =
                                kind.privileges().iter().map(|name| name.to_ascii_lowercase()).collect();
                            self.note(
                                idx,
                                format!("the privileges here are: {}, or `all` (no columns)", names.join(", ")),
                            );
                        }
                    }
                }
                if res.len() != items.len() {
                    return;
                }
                res
            }
        };
        let mut roles = Vec::new();
        for role in &default.roles {
            let Some(name) = self.role(file, role) else { return };
            if name == PUBLIC {
                self.error(
                    "invalid-privilege",
                    "default privileges are for a role, not `public`",
                    span(file, &role.span),
                    "name a role",
                );
                return;
            }
            roles.push(name);
        }
        let grantees = self.grantees(file, &default.grantees);
        if default.grant_option && grantees.iter().any(|grantee| grantee == PUBLIC) {
            self.error(
                "invalid-privilege",
                "`public` cannot hold a grant option",
                line,
                "`with grant option` to public",
            );
            return;
        }
        for role in &roles {
            for schema in &schemas {
                for &(privilege, at) in &privileges {
                    for grantee in &grantees {
                        let built_in = schema.is_none()
                            && ((grantee == PUBLIC && kind.public_default().contains(&privilege)) || grantee == role);
                        let granted = !default.revoke;
                        if granted && built_in && !default.grant_option {
                            continue;
                        }
                        if !granted && !built_in {
                            let note = if schema.is_some() {
                                "`in schema` default privileges add to the database-wide ones; they can only take back what they grant"
                            } else {
                                "only `public`'s default privileges and the role's own can be revoked"
                            };
                            let diagnostic = Diagnostic::warning(
                                "revoke-not-default",
                                format!(
                                    "{} does not get {privilege} on new {} by default: the revoke takes nothing away",
                                    grantee_text(grantee),
                                    objects.word()
                                ),
                                Label::new(at, "not a default privilege"),
                            )
                            .with_note(note);
                            self.diagnostics.push(diagnostic);
                            continue;
                        }
                        let key = ObjectKey::DefaultPrivilege(
                            role.clone(),
                            schema.clone(),
                            objects,
                            grantee.clone(),
                            privilege.to_string(),
                        );
                        if let Some(first) = self.meta.span(&key) {
                            let diagnostic = Diagnostic::error(
                                "duplicate-definition",
                                format!(
                                    "the default privilege {privilege} on {} for {} is given more than once",
                                    objects.word(),
                                    grantee_text(grantee)
                                ),
                                Label::new(at, "again here"),
                            )
                            .with_secondary(Label::new(first, "first here"))
                            .with_note("keep one line per privilege");
                            self.diagnostics.push(diagnostic);
                            continue;
                        }
                        self.meta.spans.insert(key, line);
                        self.catalog.default_privileges.insert(DefaultPrivilege {
                            role: role.clone(),
                            schema: schema.clone(),
                            on: objects,
                            grantee: grantee.clone(),
                            privilege: privilege.to_string(),
                            granted,
                            grantable: default.grant_option,
                        });
                    }
                }
            }
        }
    }
}

/// A name as a person writes it: `public` left out.
fn display(name: &QualName) -> String {
    if name.schema == "public" { name.name.clone() } else { name.to_string() }
}

fn grantee_text(grantee: &str) -> String {
    if grantee == PUBLIC { "public".to_string() } else { format!("role {grantee}") }
}

fn describe_target(target: &GrantTarget) -> String {
    target.to_string()
}

fn leading_name_of(id: &ObjectId) -> Option<QualName> {
    crate::diff::leading_name(id)
}

/// A type as `format_type` spells it with `search_path = public` (the
/// spelling of aggregate identities).
fn format_type_spelling(ty: &DataType) -> String {
    let mut res = match &ty.base {
        BaseType::Builtin(name) => name.clone(),
        BaseType::Named(name) if name.schema == "public" => quote::ident(&name.name),
        BaseType::Named(name) => quote::qualified(name),
    };
    for _ in 0..ty.array_dims {
        res.push_str("[]");
    }
    res
}
