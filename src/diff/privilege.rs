//! Privileges, owners and default privileges: the set difference between the
//! catalogs, for the roles the target names.
//!
//! A privilege, owner or default privilege of the source whose role the
//! target never names (in its privileges, owners or default privileges) is
//! left alone: schema files manage the roles they mention, and `PUBLIC`
//! always. A target that is a database or a `.sql` file names every role
//! (`Meta::every_role_named`).
//!
//! Objects the plan creates start from PostgreSQL's default privileges, so
//! they get every privilege of the target after their creation, and an object
//! dropped and created again (a view around a type change, a function
//! recreated, an object carried whole whose definition changed, an enum
//! recreated) gets again what it had, for the roles the target does not name
//! too. Objects dropped lose their privileges with them: nothing is revoked.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// How SQL names the kind of an object that has privileges or an owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Noun {
    Schema,
    Table,
    View,
    MaterializedView,
    ForeignTable,
    Sequence,
    Function,
    Procedure,
    Aggregate,
    Type,
    Domain,
    Server,
    ForeignDataWrapper,
    Language,
    /// Another kind of object carried whole (for owners).
    Other(WholeKind),
}

impl Noun {
    /// The words of `GRANT … ON <words>`.
    pub fn grant_words(self) -> &'static str {
        match self {
            Noun::Schema => "SCHEMA",
            Noun::Table | Noun::View | Noun::MaterializedView | Noun::ForeignTable => "TABLE",
            Noun::Sequence => "SEQUENCE",
            Noun::Function | Noun::Aggregate => "FUNCTION",
            Noun::Procedure => "PROCEDURE",
            Noun::Type => "TYPE",
            Noun::Domain => "DOMAIN",
            Noun::Server => "FOREIGN SERVER",
            Noun::ForeignDataWrapper => "FOREIGN DATA WRAPPER",
            Noun::Language => "LANGUAGE",
            Noun::Other(_) => "",
        }
    }

    /// The words of `ALTER <words> … OWNER TO`, lower case: also how the
    /// language and the summaries name the kind.
    pub fn words(self) -> &'static str {
        match self {
            Noun::Schema => "schema",
            Noun::Table => "table",
            Noun::View => "view",
            Noun::MaterializedView => "materialized view",
            Noun::ForeignTable => "foreign table",
            Noun::Sequence => "sequence",
            Noun::Function => "function",
            Noun::Procedure => "procedure",
            Noun::Aggregate => "aggregate",
            Noun::Type => "type",
            Noun::Domain => "domain",
            Noun::Server => "server",
            Noun::ForeignDataWrapper => "foreign data wrapper",
            Noun::Language => "language",
            Noun::Other(kind) => kind.words(),
        }
    }
}

/// An object as SQL names it: its target, kind, and (for functions and
/// procedures) the input argument types of its signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    pub on: GrantTarget,
    pub noun: Noun,
    pub arg_types: Vec<DataType>,
}

impl ObjectRef {
    /// `table public.items`, `column public.items.title`, `function f(integer)`, …
    pub fn describe(&self) -> String {
        match &self.on {
            GrantTarget::Column(table, column) => format!("column {table}.{column}"),
            GrantTarget::Schema(name) => format!("schema {name}"),
            GrantTarget::Table(name) | GrantTarget::Sequence(name) | GrantTarget::Type(name) => {
                format!("{} {name}", self.noun.words())
            }
            GrantTarget::Function(key) => format!("{} {key}", self.noun.words()),
            GrantTarget::Object(id) => id.to_string(),
        }
    }
}

/// Privileges of one grantee on one object, granted or revoked by one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grants {
    pub object: ObjectRef,
    /// A role, or [`PUBLIC`].
    pub grantee: Ident,
    /// Upper case, in the kind's canonical order.
    pub privileges: Vec<String>,
    /// `WITH GRANT OPTION`.
    pub grantable: bool,
}

impl Grants {
    fn describe(&self) -> String {
        format!("{} on {}", self.privileges.join(", "), self.object.describe())
    }

    fn grantee_text(&self) -> String {
        grantee_text(&self.grantee)
    }
}

/// Default privileges of one `ALTER DEFAULT PRIVILEGES` statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultGrants {
    pub role: Ident,
    pub schema: Option<Ident>,
    pub on: DefaultObjects,
    pub grantee: Ident,
    pub privileges: Vec<String>,
    /// As in [`DefaultPrivilege::granted`]: `false` for built-in defaults revoked.
    pub granted: bool,
    pub grantable: bool,
    /// Only the grant option changes (the privilege stays either way).
    pub option_only: bool,
}

impl DefaultGrants {
    fn describe(&self) -> String {
        let schema = self.schema.as_ref().map(|schema| format!(" in schema {schema}")).unwrap_or_default();
        format!("default privileges for role {}{schema}", self.role)
    }
}

/// Changes of privileges, owners and default privileges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrivilegeChange {
    /// `GRANT`. `fresh`: the object is created by the plan (its ACL starts
    /// from the default), so undoing the creation undoes the grant too.
    Grant { grants: Grants, fresh: bool },
    /// `REVOKE` of privileges granted beyond the default.
    Revoke(Grants),
    /// `GRANT … WITH GRANT OPTION` of privileges already held.
    AddGrantOption(Grants),
    /// `REVOKE GRANT OPTION FOR`: the privileges stay.
    RevokeGrantOption(Grants),
    /// `REVOKE` of a default privilege (of `PUBLIC`, or the owner's own).
    RevokeDefault { grants: Grants, fresh: bool },
    /// `GRANT` of a default privilege back.
    RestoreDefault(Grants),
    /// `ALTER … OWNER TO`; `None` is the role godwit connects as
    /// (`pg_database_owner` for the schema `public`).
    SetOwner { object: ObjectRef, owner: Option<Ident>, previous: Option<Ident>, fresh: bool },
    /// `ALTER DEFAULT PRIVILEGES` that makes the entry hold these privileges.
    AddDefaultPrivileges(DefaultGrants),
    /// `ALTER DEFAULT PRIVILEGES` that takes them away.
    RemoveDefaultPrivileges(DefaultGrants),
}

fn grantee_text(grantee: &str) -> String {
    if grantee == PUBLIC { "public".to_string() } else { grantee.to_string() }
}

fn option_text(grantable: bool) -> &'static str {
    if grantable { " with grant option" } else { "" }
}

impl PrivilegeChange {
    /// A one-line description for people: `grant SELECT on table public.items to anon`.
    pub fn summary(&self) -> String {
        match self {
            PrivilegeChange::Grant { grants, .. } => {
                format!("grant {} to {}{}", grants.describe(), grants.grantee_text(), option_text(grants.grantable))
            }
            PrivilegeChange::Revoke(grants) => format!("revoke {} from {}", grants.describe(), grants.grantee_text()),
            PrivilegeChange::AddGrantOption(grants) => {
                format!("grant option for {} to {}", grants.describe(), grants.grantee_text())
            }
            PrivilegeChange::RevokeGrantOption(grants) => {
                format!("revoke grant option for {} from {}", grants.describe(), grants.grantee_text())
            }
            PrivilegeChange::RevokeDefault { grants, .. } => {
                format!("revoke default {} from {}", grants.describe(), grants.grantee_text())
            }
            PrivilegeChange::RestoreDefault(grants) => {
                format!("restore default {} to {}", grants.describe(), grants.grantee_text())
            }
            PrivilegeChange::SetOwner { object, owner, .. } => match owner {
                Some(owner) => format!("set owner of {} to {owner}", object.describe()),
                None => format!("set owner of {} to the role godwit connects as", object.describe()),
            },
            PrivilegeChange::AddDefaultPrivileges(it) | PrivilegeChange::RemoveDefaultPrivileges(it) => {
                let grant = it.granted == matches!(self, PrivilegeChange::AddDefaultPrivileges(_));
                let (verb, to) = if grant { ("grant", "to") } else { ("revoke", "from") };
                format!(
                    "{}: {verb} {} on {} {to} {}{}",
                    it.describe(),
                    it.privileges.join(", "),
                    it.on.word(),
                    grantee_text(&it.grantee),
                    option_text(grant && it.grantable)
                )
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`: the line
    /// of its first privilege.
    pub fn object(&self) -> Option<ObjectKey> {
        match self {
            PrivilegeChange::Grant { grants, .. }
            | PrivilegeChange::Revoke(grants)
            | PrivilegeChange::AddGrantOption(grants)
            | PrivilegeChange::RevokeGrantOption(grants)
            | PrivilegeChange::RevokeDefault { grants, .. }
            | PrivilegeChange::RestoreDefault(grants) => Some(ObjectKey::Privilege(
                grants.object.on.clone(),
                grants.grantee.clone(),
                grants.privileges.first().cloned().unwrap_or_default(),
            )),
            PrivilegeChange::SetOwner { object, .. } => Some(ObjectKey::Owner(object.on.clone())),
            PrivilegeChange::AddDefaultPrivileges(it) | PrivilegeChange::RemoveDefaultPrivileges(it) => {
                Some(ObjectKey::DefaultPrivilege(
                    it.role.clone(),
                    it.schema.clone(),
                    it.on,
                    it.grantee.clone(),
                    it.privileges.first().cloned().unwrap_or_default(),
                ))
            }
        }
    }

    /// `+` for what is granted, `-` for what is revoked, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            PrivilegeChange::Grant { .. } | PrivilegeChange::AddGrantOption(_) | PrivilegeChange::RestoreDefault(_) => {
                Sign::Add
            }
            PrivilegeChange::Revoke(_)
            | PrivilegeChange::RevokeGrantOption(_)
            | PrivilegeChange::RevokeDefault { fresh: false, .. } => Sign::Drop,
            // Part of creating the object.
            PrivilegeChange::RevokeDefault { fresh: true, .. } => Sign::Change,
            PrivilegeChange::SetOwner { .. } => Sign::Change,
            // What new objects will get: a built-in default taken away is a change.
            PrivilegeChange::AddDefaultPrivileges(it) => {
                if it.granted {
                    Sign::Add
                } else {
                    Sign::Change
                }
            }
            PrivilegeChange::RemoveDefaultPrivileges(it) => {
                if it.granted {
                    Sign::Drop
                } else {
                    Sign::Add
                }
            }
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        let loses = |grants: &Grants, what: &str| {
            vec![Hazard::of(
                "breaks-clients",
                HazardSeverity::Info,
                format!(
                    "{} loses {what}{} on {}",
                    if grants.grantee == PUBLIC {
                        "every role".to_string()
                    } else {
                        format!("role {}", grants.grantee)
                    },
                    grants.privileges.join(", "),
                    grants.object.describe()
                ),
                self.object(),
            )]
        };
        match self {
            PrivilegeChange::Revoke(grants) => loses(grants, ""),
            PrivilegeChange::RevokeDefault { grants, fresh: false } => loses(grants, ""),
            PrivilegeChange::RevokeGrantOption(grants) => loses(grants, "the grant option for "),
            _ => Vec::new(),
        }
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        match self {
            PrivilegeChange::SetOwner { object, .. } => owner_lock_table(object).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: PrivilegeChange| Ok(vec![Change::Privilege(change)]);
        match self {
            PrivilegeChange::Grant { fresh: true, .. }
            | PrivilegeChange::RevokeDefault { fresh: true, .. }
            | PrivilegeChange::SetOwner { fresh: true, .. } => Ok(Vec::new()),
            PrivilegeChange::Grant { grants, fresh: false } => one(PrivilegeChange::Revoke(grants.clone())),
            PrivilegeChange::Revoke(grants) => one(PrivilegeChange::Grant { grants: grants.clone(), fresh: false }),
            PrivilegeChange::AddGrantOption(grants) => one(PrivilegeChange::RevokeGrantOption(grants.clone())),
            PrivilegeChange::RevokeGrantOption(grants) => one(PrivilegeChange::AddGrantOption(grants.clone())),
            PrivilegeChange::RevokeDefault { grants, fresh: false } => {
                one(PrivilegeChange::RestoreDefault(grants.clone()))
            }
            PrivilegeChange::RestoreDefault(grants) => {
                one(PrivilegeChange::RevokeDefault { grants: grants.clone(), fresh: false })
            }
            PrivilegeChange::SetOwner { object, owner, previous, fresh: false } => one(PrivilegeChange::SetOwner {
                object: object.clone(),
                owner: previous.clone(),
                previous: owner.clone(),
                fresh: false,
            }),
            PrivilegeChange::AddDefaultPrivileges(it) => one(PrivilegeChange::RemoveDefaultPrivileges(it.clone())),
            PrivilegeChange::RemoveDefaultPrivileges(it) => one(PrivilegeChange::AddDefaultPrivileges(it.clone())),
        }
    }

    /// Whether the change takes something away from a role on an object
    /// that stays (what zero-downtime mode runs in contract).
    pub fn takes_away(&self) -> bool {
        matches!(
            self,
            PrivilegeChange::Revoke(_)
                | PrivilegeChange::RevokeGrantOption(_)
                | PrivilegeChange::RevokeDefault { fresh: false, .. }
        )
    }
}

/// The relation an `ALTER … OWNER TO` locks.
fn owner_lock_table(object: &ObjectRef) -> Option<QualName> {
    match (&object.on, object.noun) {
        (GrantTarget::Table(name) | GrantTarget::Sequence(name), _) => Some(name.clone()),
        (GrantTarget::Object(id), Noun::ForeignTable) => leading_name(id),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Objects, as the catalogs know them

/// The identity column (table, column) whose sequence is named `name`.
pub(crate) fn identity_sequence_column(catalog: &Catalog, name: &QualName) -> Option<(QualName, Ident)> {
    catalog.tables.values().filter(|table| table.name.schema == name.schema).find_map(|table| {
        table
            .columns
            .values()
            .find(|column| {
                column.identity.is_some()
                    && crate::lower::is_identity_sequence_name(&name.name, &table.name.name, &column.name)
            })
            .map(|column| (table.name.clone(), column.name.clone()))
    })
}

/// How SQL names `target` in `catalog`.
pub(crate) fn object_ref(catalog: &Catalog, target: &GrantTarget) -> ObjectRef {
    let (noun, arg_types) = match target {
        GrantTarget::Schema(_) => (Noun::Schema, Vec::new()),
        GrantTarget::Table(name) | GrantTarget::Column(name, _) => {
            let noun = match catalog.views.get(name) {
                Some(view) if view.materialized => Noun::MaterializedView,
                Some(_) => Noun::View,
                None if !catalog.tables.contains_key(name)
                    && catalog
                        .objects
                        .keys()
                        .any(|id| id.kind == WholeKind::ForeignTable && leading_name(id).as_ref() == Some(name)) =>
                {
                    Noun::ForeignTable
                }
                None => Noun::Table,
            };
            (noun, Vec::new())
        }
        GrantTarget::Sequence(_) => (Noun::Sequence, Vec::new()),
        GrantTarget::Function(key) => match catalog.functions.get(key) {
            Some(function) => (
                if function.procedure { Noun::Procedure } else { Noun::Function },
                super::function::input_arg_types(function),
            ),
            None => (Noun::Function, key.arg_types.iter().map(DataType::builtin).collect()),
        },
        GrantTarget::Type(name) => {
            (if catalog.domains.contains_key(name) { Noun::Domain } else { Noun::Type }, Vec::new())
        }
        GrantTarget::Object(id) => (
            match id.kind {
                WholeKind::ForeignTable => Noun::ForeignTable,
                WholeKind::Aggregate => Noun::Aggregate,
                WholeKind::Server => Noun::Server,
                WholeKind::ForeignDataWrapper => Noun::ForeignDataWrapper,
                WholeKind::Language => Noun::Language,
                kind => Noun::Other(kind),
            },
            Vec::new(),
        ),
    };
    ObjectRef { on: target.clone(), noun, arg_types }
}

/// Whether `catalog` holds the object of `target`.
pub(crate) fn holds(catalog: &Catalog, target: &GrantTarget) -> bool {
    match target {
        GrantTarget::Schema(name) => name == "public" || catalog.schemas.contains_key(name),
        GrantTarget::Table(name) => catalog.tables.contains_key(name) || catalog.views.contains_key(name),
        GrantTarget::Column(table, column) => match catalog.tables.get(table) {
            Some(table) => table.columns.contains_key(column),
            None => {
                catalog.views.contains_key(table)
                    || catalog
                        .objects
                        .keys()
                        .any(|id| id.kind == WholeKind::ForeignTable && leading_name(id).as_ref() == Some(table))
            }
        },
        GrantTarget::Sequence(name) => {
            catalog.sequences.contains_key(name) || identity_sequence_column(catalog, name).is_some()
        }
        GrantTarget::Function(key) => catalog.functions.contains_key(key),
        GrantTarget::Type(name) => catalog.enums.contains_key(name) || catalog.domains.contains_key(name),
        GrantTarget::Object(id) => catalog.objects.contains_key(id),
    }
}

/// The privileges and owner `catalog` holds on the objects of `targets`
/// and their columns, as the changes that give them to a new object: what
/// the undo of a drop runs after creating the object again.
pub(crate) fn restore(
    catalog: &Catalog,
    targets: &[GrantTarget],
    rename: impl Fn(&GrantTarget) -> GrantTarget,
) -> Vec<Change> {
    let concerns = |target: &GrantTarget| {
        targets.iter().any(|wanted| {
            wanted == target
                || matches!((wanted, target), (GrantTarget::Table(table), GrantTarget::Column(of, _)) if table == of)
                || matches!((wanted, target), (GrantTarget::Object(id), GrantTarget::Column(of, _))
                    if id.kind == WholeKind::ForeignTable && leading_name(id).as_ref() == Some(of))
        })
    };
    let mut res = Vec::new();
    for (target, owner) in &catalog.owners {
        if concerns(target) {
            let mut object = object_ref(catalog, target);
            object.on = rename(target);
            res.push(Change::Privilege(PrivilegeChange::SetOwner {
                object,
                owner: Some(owner.clone()),
                previous: None,
                fresh: true,
            }));
        }
    }
    let privileges: Vec<Privilege> = catalog.privileges.iter().filter(|it| concerns(&it.on)).cloned().collect();
    for (kind, grants) in group(catalog, privileges.iter().map(|it| (Kind::of_fresh(it), it))) {
        let mut grants = grants;
        grants.object.on = rename(&grants.object.on);
        res.push(Change::Privilege(kind.change(grants)));
    }
    res
}

/// The default privileges `catalog` holds in `schema`, as the changes that
/// give them back once the schema is created again (dropping a schema drops them).
pub(crate) fn restore_default_privileges(catalog: &Catalog, schema: &str) -> Vec<Change> {
    let mut groups: IndexMap<(&Ident, DefaultObjects, &Ident, bool, bool), Vec<String>> = IndexMap::new();
    for it in catalog.default_privileges.iter().filter(|it| it.schema.as_deref() == Some(schema)) {
        groups.entry((&it.role, it.on, &it.grantee, it.granted, it.grantable)).or_default().push(it.privilege.clone());
    }
    groups
        .into_iter()
        .map(|((role, on, grantee, granted, grantable), privileges)| {
            Change::Privilege(PrivilegeChange::AddDefaultPrivileges(DefaultGrants {
                role: role.clone(),
                schema: Some(schema.to_string()),
                on,
                grantee: grantee.clone(),
                privileges,
                granted,
                grantable,
                option_only: false,
            }))
        })
        .collect()
}

/// What a single privilege's change is, before grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Grant { fresh: bool },
    Revoke,
    AddGrantOption,
    RevokeGrantOption,
    RevokeDefault { fresh: bool },
    RestoreDefault,
}

impl Kind {
    /// The change that gives `privilege` to an object created by the plan.
    fn of_fresh(privilege: &Privilege) -> Kind {
        if privilege.granted { Kind::Grant { fresh: true } } else { Kind::RevokeDefault { fresh: true } }
    }

    fn change(self, grants: Grants) -> PrivilegeChange {
        match self {
            Kind::Grant { fresh } => PrivilegeChange::Grant { grants, fresh },
            Kind::Revoke => PrivilegeChange::Revoke(grants),
            Kind::AddGrantOption => PrivilegeChange::AddGrantOption(grants),
            Kind::RevokeGrantOption => PrivilegeChange::RevokeGrantOption(grants),
            Kind::RevokeDefault { fresh } => PrivilegeChange::RevokeDefault { grants, fresh },
            Kind::RestoreDefault => PrivilegeChange::RestoreDefault(grants),
        }
    }
}

/// Single privileges grouped into statements: one per (change, object,
/// grantee, grant option), in first-seen order, privileges in the kind's
/// canonical order.
fn group<'p>(catalog: &Catalog, items: impl Iterator<Item = (Kind, &'p Privilege)>) -> Vec<(Kind, Grants)> {
    let mut groups: IndexMap<(Kind, &GrantTarget, &Ident, bool), Vec<&str>> = IndexMap::new();
    for (kind, privilege) in items {
        // A grant option is a property of granted privileges only.
        let grantable =
            privilege.grantable && !matches!(kind, Kind::Revoke | Kind::RestoreDefault | Kind::RevokeDefault { .. });
        let list = groups.entry((kind, &privilege.on, &privilege.grantee, grantable)).or_default();
        if !list.contains(&privilege.privilege.as_str()) {
            list.push(&privilege.privilege);
        }
    }
    groups
        .into_iter()
        .map(|((kind, on, grantee, grantable), mut privileges)| {
            let order = on.acl_kind().map_or(&[][..], AclKind::privileges);
            privileges.sort_by_key(|privilege| order.iter().position(|it| it == privilege).unwrap_or(usize::MAX));
            let grants = Grants {
                object: object_ref(catalog, on),
                grantee: grantee.clone(),
                privileges: privileges.into_iter().map(str::to_string).collect(),
                grantable,
            };
            (kind, grants)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The diff

/// Source names in target names, after the plan's renames.
#[derive(Default)]
struct Moved {
    relations: IndexMap<QualName, QualName>,
    types: IndexMap<QualName, QualName>,
    /// (new table, old column) → new column.
    columns: IndexMap<(QualName, Ident), Ident>,
}

impl Moved {
    fn target(&self, target: &GrantTarget) -> GrantTarget {
        let relation = |name: &QualName| self.relations.get(name).cloned().unwrap_or_else(|| name.clone());
        match target {
            GrantTarget::Table(name) => GrantTarget::Table(relation(name)),
            GrantTarget::Column(table, column) => {
                let table = relation(table);
                let column =
                    self.columns.get(&(table.clone(), column.clone())).cloned().unwrap_or_else(|| column.clone());
                GrantTarget::Column(table, column)
            }
            GrantTarget::Type(name) => GrantTarget::Type(self.types.get(name).cloned().unwrap_or_else(|| name.clone())),
            other => other.clone(),
        }
    }
}

/// What the changes so far create: objects whose ACL starts over.
#[derive(Default)]
struct Created {
    /// Objects created by the plan (new, or dropped and created again), target names.
    objects: IndexSet<GrantTarget>,
    /// Of those, the ones the source held too (dropped and created again).
    again: IndexSet<GrantTarget>,
    /// Columns whose ACL may start over although the column stays: a type
    /// change or rename that zero-downtime mode makes through a new column,
    /// the columns an enum's recreation converts. Their privileges are
    /// granted again (a no-op where the column kept them).
    restarted: IndexSet<(QualName, Ident)>,
}

impl Created {
    fn contains(&self, target: &GrantTarget) -> bool {
        self.objects.contains(target)
            || match target {
                GrantTarget::Column(table, _) => {
                    self.objects.contains(&GrantTarget::Table(table.clone()))
                        || self.objects.iter().any(|created| {
                            matches!(created, GrantTarget::Object(id)
                                if id.kind == WholeKind::ForeignTable && leading_name(id).as_ref() == Some(table))
                        })
                }
                _ => false,
            }
    }

    fn restarted(&self, target: &GrantTarget) -> bool {
        matches!(target, GrantTarget::Column(table, column) if self.restarted.contains(&(table.clone(), column.clone())))
    }
}

/// (adding?, role, schema, objects, grantee, granted, grantable): one `ALTER DEFAULT PRIVILEGES`.
type DefaultGroup = (bool, Ident, Option<Ident>, DefaultObjects, Ident, bool, bool, bool);

impl<'a> Ctx<'a> {
    fn moved(&self) -> Moved {
        let mut res = Moved::default();
        for change in &self.res.changes {
            match change {
                Change::Table(TableChange::RenameTable { from, to })
                | Change::View(ViewChange::RenameView { from, to, .. }) => {
                    res.relations.insert(from.clone(), to.clone());
                }
                Change::Enum(EnumChange::RenameEnum { from, to }) => {
                    res.types.insert(from.clone(), to.clone());
                }
                Change::Column(ColumnChange::RenameColumn { table, from, to }) => {
                    res.columns.insert((table.clone(), from.clone()), to.clone());
                }
                _ => {}
            }
        }
        res
    }

    fn created(&self) -> Created {
        let mut res = Created::default();
        let mut dropped: IndexSet<GrantTarget> = IndexSet::new();
        for change in &self.res.changes {
            match change {
                Change::Schema(SchemaChange::CreateSchema(it)) => {
                    res.objects.insert(GrantTarget::Schema(it.name.clone()));
                }
                Change::Table(TableChange::CreateTable(it)) => {
                    res.objects.insert(GrantTarget::Table(it.name.clone()));
                }
                Change::Table(TableChange::DropTable(it)) => {
                    dropped.insert(GrantTarget::Table(it.name.clone()));
                }
                Change::Column(ColumnChange::AddColumn { table, column, .. }) => {
                    res.objects.insert(GrantTarget::Column(table.clone(), column.name.clone()));
                }
                Change::Column(ColumnChange::DropColumn { table, column }) => {
                    dropped.insert(GrantTarget::Column(table.clone(), column.name.clone()));
                }
                Change::Column(ColumnChange::AlterColumnType { table, column, .. }) => {
                    res.restarted.insert((table.clone(), column.clone()));
                }
                Change::Column(ColumnChange::RenameColumn { table, to, .. }) => {
                    res.restarted.insert((table.clone(), to.clone()));
                }
                Change::Sequence(SequenceChange::CreateSequence(it)) => {
                    res.objects.insert(GrantTarget::Sequence(it.name.clone()));
                }
                Change::Sequence(SequenceChange::DropSequence(it)) => {
                    dropped.insert(GrantTarget::Sequence(it.name.clone()));
                }
                Change::View(ViewChange::CreateView(it)) => {
                    res.objects.insert(GrantTarget::Table(it.name.clone()));
                }
                Change::View(ViewChange::DropView(it)) => {
                    dropped.insert(GrantTarget::Table(it.name.clone()));
                }
                Change::Function(FunctionChange::CreateFunction(it)) => {
                    res.objects.insert(GrantTarget::Function(it.key()));
                }
                Change::Function(FunctionChange::DropFunction(it)) => {
                    dropped.insert(GrantTarget::Function(it.key()));
                }
                Change::Enum(EnumChange::CreateEnum(it)) => {
                    res.objects.insert(GrantTarget::Type(it.name.clone()));
                }
                Change::Enum(EnumChange::DropEnum(it)) => {
                    dropped.insert(GrantTarget::Type(it.name.clone()));
                }
                Change::Enum(EnumChange::RecreateEnum { name, columns, .. }) => {
                    res.objects.insert(GrantTarget::Type(name.clone()));
                    res.again.insert(GrantTarget::Type(name.clone()));
                    for column in columns {
                        res.restarted.insert((column.table.clone(), column.column.clone()));
                    }
                }
                Change::Domain(DomainChange::CreateDomain(it)) => {
                    res.objects.insert(GrantTarget::Type(it.name.clone()));
                }
                Change::Domain(DomainChange::DropDomain(it)) => {
                    dropped.insert(GrantTarget::Type(it.name.clone()));
                }
                Change::Object(ObjectChange::CreateObject(it)) => {
                    res.objects.insert(GrantTarget::Object(it.id.clone()));
                }
                Change::Object(ObjectChange::DropObject(it)) => {
                    dropped.insert(GrantTarget::Object(it.id.clone()));
                }
                _ => {}
            }
        }
        for target in dropped {
            if res.objects.contains(&target) {
                res.again.insert(target);
            }
        }
        res
    }

    pub(super) fn privileges(&mut self) {
        let moved = self.moved();
        let created = self.created();
        let roles = self.to.roles();
        let every_role = self.meta.every_role_named;
        let managed = |role: &Ident| role == PUBLIC || every_role || roles.contains(role);
        let again = |target: &GrantTarget| {
            created.again.contains(target)
                || matches!(target, GrantTarget::Column(table, _) if created.again.contains(&GrantTarget::Table(table.clone())))
        };

        // The source's privileges in target names, on the objects that stay.
        let source: Vec<Privilege> = self
            .from
            .privileges
            .iter()
            .map(|privilege| Privilege { on: moved.target(&privilege.on), ..privilege.clone() })
            .filter(|privilege| holds(self.to, &privilege.on))
            .collect();
        let key = |it: &Privilege| (it.on.clone(), it.grantee.clone(), it.privilege.clone(), it.granted);
        let kept: IndexMap<(GrantTarget, Ident, String, bool), &Privilege> =
            source.iter().filter(|it| !created.contains(&it.on)).map(|it| (key(it), it)).collect();
        let target_keys: IndexSet<(GrantTarget, Ident, String, bool)> = self.to.privileges.iter().map(key).collect();

        let mut items: Vec<(Kind, Privilege)> = Vec::new();
        // Owners first: an owner change rewrites the owner's items of the ACL.
        let mut owner_changes = Vec::new();
        for (target, owner) in &self.to.owners {
            let previous =
                self.from.owners.iter().find(|(old, _)| moved.target(old) == *target).map(|(_, owner)| owner.clone());
            if created.contains(target) {
                owner_changes.push((target.clone(), Some(owner.clone()), None, true));
            } else if previous.as_ref() != Some(owner) {
                owner_changes.push((target.clone(), Some(owner.clone()), previous, false));
            }
        }
        for (old, owner) in &self.from.owners {
            let target = moved.target(old);
            if self.to.owners.contains_key(&target) || !holds(self.to, &target) {
                continue;
            }
            if created.contains(&target) {
                // Created again: it keeps an owner the target does not manage.
                if !managed(owner) && again(&target) {
                    owner_changes.push((target, Some(owner.clone()), None, true));
                }
            } else if managed(owner) {
                owner_changes.push((target, None, Some(owner.clone()), false));
            }
        }
        for (target, owner, previous, fresh) in owner_changes {
            let object = object_ref(self.to, &target);
            self.push(Change::Privilege(PrivilegeChange::SetOwner { object, owner, previous, fresh }));
        }

        // Tables whose table-level privileges a grantee loses: REVOKE on a
        // table takes the same privilege of its columns too, so the column
        // privileges that stay are granted again after it.
        let mut table_revokes: IndexSet<(QualName, Ident, String)> = IndexSet::new();
        for privilege in &self.to.privileges {
            let restarted = created.restarted(&privilege.on);
            if created.contains(&privilege.on) || restarted {
                let fresh = created.contains(&privilege.on);
                let kind =
                    if privilege.granted { Kind::Grant { fresh: true } } else { Kind::RevokeDefault { fresh: true } };
                // A privilege new to an object that stays keeps its undo.
                let kind = match kind {
                    Kind::Grant { .. } if !fresh && !kept.contains_key(&key(privilege)) => Kind::Grant { fresh: false },
                    other => other,
                };
                items.push((kind, privilege.clone()));
                continue;
            }
            match kept.get(&key(privilege)) {
                None => items.push((
                    if privilege.granted { Kind::Grant { fresh: false } } else { Kind::RevokeDefault { fresh: false } },
                    privilege.clone(),
                )),
                Some(old) if old.grantable == privilege.grantable => {}
                Some(_) if privilege.grantable => items.push((Kind::AddGrantOption, privilege.clone())),
                Some(_) => items.push((Kind::RevokeGrantOption, privilege.clone())),
            }
        }
        // What the target does not hold any more.
        for privilege in &source {
            if created.contains(&privilege.on) || target_keys.contains(&key(privilege)) {
                continue;
            }
            if !managed(&privilege.grantee) {
                // Left alone; an object created again gets it back.
                if again(&privilege.on) || created.restarted(&privilege.on) {
                    items.push((Kind::of_fresh(privilege), privilege.clone()));
                }
                continue;
            }
            if privilege.granted {
                if let GrantTarget::Table(table) = &privilege.on {
                    table_revokes.insert((table.clone(), privilege.grantee.clone(), privilege.privilege.clone()));
                }
                items.push((Kind::Revoke, privilege.clone()));
            } else {
                items.push((Kind::RestoreDefault, privilege.clone()));
            }
        }
        // Unmanaged privileges of objects created again.
        for privilege in &source {
            if created.contains(&privilege.on) && !managed(&privilege.grantee) && again(&privilege.on) {
                items.push((Kind::of_fresh(privilege), privilege.clone()));
            }
        }
        for privilege in self.to.privileges.iter().chain(source.iter().filter(|it| !managed(&it.grantee))) {
            if let GrantTarget::Column(table, _) = &privilege.on
                && privilege.granted
                && table_revokes.contains(&(table.clone(), privilege.grantee.clone(), privilege.privilege.clone()))
                && !items.iter().any(|(_, item)| item == privilege)
            {
                items.push((Kind::Grant { fresh: true }, privilege.clone()));
            }
        }
        for (kind, grants) in group(self.to, items.iter().map(|(kind, it)| (*kind, it))) {
            self.push(Change::Privilege(kind.change(grants)));
        }

        self.default_privileges(&managed);
    }

    fn default_privileges(&mut self, managed: &dyn Fn(&Ident) -> bool) {
        let key = |it: &DefaultPrivilege| {
            (it.role.clone(), it.schema.clone(), it.on, it.grantee.clone(), it.privilege.clone(), it.granted)
        };
        let source: IndexMap<_, &DefaultPrivilege> =
            self.from.default_privileges.iter().map(|it| (key(it), it)).collect();
        let target: IndexMap<_, &DefaultPrivilege> =
            self.to.default_privileges.iter().map(|it| (key(it), it)).collect();
        let mut groups: IndexMap<DefaultGroup, Vec<String>> = IndexMap::new();
        let mut add = |adding: bool, it: &DefaultPrivilege, grantable: bool, option_only: bool| {
            groups
                .entry((
                    adding,
                    it.role.clone(),
                    it.schema.clone(),
                    it.on,
                    it.grantee.clone(),
                    it.granted,
                    grantable,
                    option_only,
                ))
                .or_default()
                .push(it.privilege.clone());
        };
        for (key, it) in &source {
            // A schema dropped takes its default privileges with it.
            let schema_stays =
                it.schema.as_ref().is_none_or(|schema| holds(self.to, &GrantTarget::Schema(schema.clone())));
            if !(schema_stays && managed(&it.grantee) && managed(&it.role)) {
                continue;
            }
            match target.get(key) {
                None => add(false, it, it.grantable, false),
                // Only the grant option goes.
                Some(new) if it.grantable && !new.grantable => add(false, it, true, true),
                Some(_) => {}
            }
        }
        for (key, it) in &target {
            match source.get(key) {
                None => add(true, it, it.grantable, false),
                // Only the grant option comes.
                Some(old) if it.grantable && !old.grantable => add(true, it, true, true),
                Some(_) => {}
            }
        }
        for ((adding, role, schema, on, grantee, granted, grantable, option_only), mut privileges) in groups {
            let order = on.acl_kind().privileges();
            privileges.sort_by_key(|privilege| order.iter().position(|it| it == privilege).unwrap_or(usize::MAX));
            let grants = DefaultGrants { role, schema, on, grantee, privileges, granted, grantable, option_only };
            self.push(Change::Privilege(if adding {
                PrivilegeChange::AddDefaultPrivileges(grants)
            } else {
                PrivilegeChange::RemoveDefaultPrivileges(grants)
            }));
        }
    }
}
