//! The shadow database: where PostgreSQL itself normalizes a desired schema,
//! loads `.sql` sources, and proves plans before they are shown.
//!
//! The server is `--dev-url` when given, else an embedded throwaway cluster
//! (`pg::cluster`). Every use takes a scratch database of its own, dropped
//! afterwards.

use crate::apply::{self, ApplyError};
use crate::diff;
use crate::introspect::{self, IntrospectOptions, Introspected};
use crate::ir::{Catalog, Ident, Meta};
use crate::pg::cluster::Cluster;
use crate::pg::connect::{self, ConnectOptions};
use crate::plan::{self, Mode, Plan, PlanOptions};
use crate::script;
use indexmap::IndexSet;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum ShadowError {
    #[error("{0}")]
    Cluster(#[from] crate::pg::cluster::ClusterError),
    #[error("{0}")]
    Connect(#[from] crate::pg::connect::ConnectError),
    #[error("shadow database: {0}")]
    Database(String),
    #[error("{0}")]
    Introspect(#[from] crate::introspect::IntrospectError),
    #[error("{context}")]
    Apply {
        context: String,
        #[source]
        source: ApplyError,
    },
    #[error("{0}")]
    Proof(String),
    /// A statement of a `.sql` source failed (`FILE:LINE: message`).
    #[error("{0}")]
    Script(String),
}

enum Server {
    Embedded(Cluster),
    External(ConnectOptions),
}

/// A PostgreSQL server to run scratch databases on.
pub struct Shadow {
    server: Server,
}

static SCRATCH_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A scratch database, dropped when this is dropped.
struct Scratch<'a> {
    shadow: &'a Shadow,
    name: String,
    client: Option<postgres::Client>,
}

impl Drop for Scratch<'_> {
    fn drop(&mut self) {
        // Close our connection first, then drop the database.
        self.client = None;
        let _ = self.shadow.drop_database(&self.name);
    }
}

impl Shadow {
    /// An embedded throwaway cluster started from the local PostgreSQL binaries.
    pub fn embedded() -> Result<Shadow, ShadowError> {
        Ok(Shadow { server: Server::Embedded(Cluster::start()?) })
    }

    /// A server the user provides (`--dev-url`); its databases are not touched,
    /// scratch databases are created and dropped next to them.
    pub fn external(url: &str) -> Result<Shadow, ShadowError> {
        let options = ConnectOptions::from_url(url)?;
        // Fail early with a clear message when the server cannot be reached.
        drop(connect::connect(&options)?);
        Ok(Shadow { server: Server::External(options) })
    }

    fn admin(&self) -> Result<postgres::Client, ShadowError> {
        match &self.server {
            Server::Embedded(cluster) => Ok(cluster.connect("postgres")?),
            Server::External(options) => Ok(connect::connect(options)?),
        }
    }

    fn drop_database(&self, name: &str) -> Result<(), ShadowError> {
        let mut admin = self.admin()?;
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", crate::sql::quote::ident(name));
        admin.batch_execute(&sql).map_err(|err| ShadowError::Database(apply::db_message(&err)))
    }

    fn scratch(&self) -> Result<Scratch<'_>, ShadowError> {
        let name = format!("godwit_shadow_{}_{}", std::process::id(), SCRATCH_COUNTER.fetch_add(1, Ordering::Relaxed));
        let mut admin = self.admin()?;
        let quoted = crate::sql::quote::ident(&name);
        // Two statements: CREATE/DROP DATABASE cannot run in the implicit
        // transaction of a multi-statement query.
        for sql in [format!("DROP DATABASE IF EXISTS {quoted}"), format!("CREATE DATABASE {quoted} TEMPLATE template0")]
        {
            admin.batch_execute(&sql).map_err(|err| ShadowError::Database(apply::db_message(&err)))?;
        }
        let client = match &self.server {
            Server::Embedded(cluster) => cluster.connect(&name)?,
            Server::External(options) => connect::connect(&options.with_database(&name))?,
        };
        Ok(Scratch { shadow: self, name, client: Some(client) })
    }

    /// The catalog PostgreSQL makes of `catalog`: create it in a scratch
    /// database and introspect it, so that expressions, defaults, view bodies
    /// and index definitions read as PostgreSQL prints them, and the
    /// dependencies PostgreSQL records between its objects are known.
    pub fn normalize(&self, catalog: &Catalog, meta: &Meta) -> Result<Introspected, ShadowError> {
        let mut scratch = self.scratch()?;
        let client = scratch.client.as_mut().unwrap_or_else(|| panic!("invariant: scratch has a client"));
        create_roles(client, &catalog.roles())?;
        let create = plan::plan(&Catalog::default(), catalog, meta, &direct());
        apply::apply(client, &create, |_, _| {}).map_err(|source| ShadowError::Apply {
            context: "creating the desired schema in the shadow database".to_string(),
            source,
        })?;
        Ok(introspect::introspect(client, &IntrospectOptions::default())?)
    }

    /// The catalog (and dependencies) of a SQL script (a psql script, as
    /// `pg_dump` writes them: see [`crate::script`]): run it statement by
    /// statement in a scratch database and introspect. A statement that
    /// fails, or a meta-command godwit cannot honour, is reported as
    /// `ORIGIN:LINE: message`.
    /// Only the schemas of `options` are read, as from a database.
    pub fn load_sql(&self, sql: &str, origin: &str, options: &IntrospectOptions) -> Result<Introspected, ShadowError> {
        let statements =
            script::split(sql).map_err(|err| ShadowError::Script(format!("{origin}:{}: {}", err.line, err.message)))?;
        let mut scratch = self.scratch()?;
        let client = scratch.client.as_mut().unwrap_or_else(|| panic!("invariant: scratch has a client"));
        for statement in &statements {
            run_statement(client, statement)
                .map_err(|message| ShadowError::Script(format!("{origin}:{}: {message}", statement.line)))?;
        }
        Ok(introspect::introspect(client, options)?)
    }

    /// Proves `plan` (from `from` to `to`, both normalized): in a scratch
    /// database holding `from`, running the plan must give exactly `to`.
    pub fn prove(&self, from: &Catalog, plan: &Plan, to: &Catalog, what: &str) -> Result<(), ShadowError> {
        let mut scratch = self.scratch()?;
        let client = scratch.client.as_mut().unwrap_or_else(|| panic!("invariant: scratch has a client"));
        create_roles(client, &to.roles())?;
        create_current(client, from)?;
        run(client, plan, what)?;
        expect(client, to, &format!("after the {what}, the shadow database differs from the desired schema"))
    }

    /// Proves a phased plan and the rollback of each phase (decision 8): in
    /// a scratch database holding `from`, each phase runs; its rollback, when
    /// it has one, must give back exactly the schema before the phase, and
    /// the phase must then run again. After the last phase the database must
    /// hold exactly `to`.
    pub fn prove_phases(&self, from: &Catalog, plan: &Plan, to: &Catalog) -> Result<(), ShadowError> {
        let mut scratch = self.scratch()?;
        let client = scratch.client.as_mut().unwrap_or_else(|| panic!("invariant: scratch has a client"));
        create_roles(client, &to.roles())?;
        create_current(client, from)?;
        let mut before = from.clone();
        for (index, phase) in plan.phases.iter().enumerate() {
            if phase.steps.is_empty() {
                continue;
            }
            let forward = Plan { mode: plan.mode, phases: vec![phase.clone()], hazards: Vec::new() };
            let what = format!("{} phase", phase.name);
            run(client, &forward, &what)?;
            if let Ok(rollback) = plan.phase_rollback(index) {
                let after = introspect::introspect(client, &IntrospectOptions::default())?.catalog;
                let undo = format!("rollback of the {} phase", phase.name);
                run(client, &rollback, &undo)?;
                let expected = plan::kept_by_rollback(phase, &before, &after);
                expect(
                    client,
                    &expected,
                    &format!("after the {undo}, the shadow database differs from before the phase"),
                )?;
                run(client, &forward, &format!("{what}, run again after its rollback"))?;
            }
            before = introspect::introspect(client, &IntrospectOptions::default())?.catalog;
        }
        expect(client, to, "after the plan, the shadow database differs from the desired schema")
    }
}

/// Creates every role of `roles` the server does not have, `NOLOGIN`: roles
/// are cluster-wide, so this is idempotent and a role another session creates
/// at the same time is fine. The shadow database needs the roles its schemas
/// name; godwit never creates roles in a target.
pub fn create_roles(client: &mut postgres::Client, roles: &IndexSet<Ident>) -> Result<(), ShadowError> {
    for role in roles {
        let name = crate::sql::quote::literal(role);
        let sql = format!(
            "DO $godwit$ BEGIN \
               IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {name}) THEN \
                 EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', {name}); \
               END IF; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; \
             END $godwit$"
        );
        client
            .batch_execute(&sql)
            .map_err(|err| ShadowError::Database(format!("creating the role {role}: {}", apply::db_message(&err))))?;
    }
    Ok(())
}

/// Runs one statement of a script (`COPY … FROM stdin` with its data); the
/// error is PostgreSQL's message.
fn run_statement(client: &mut postgres::Client, statement: &script::Statement) -> Result<(), String> {
    let Some(data) = &statement.copy_data else {
        return client.batch_execute(&statement.text).map_err(|err| apply::db_message(&err));
    };
    let mut writer = client.copy_in(statement.text.as_str()).map_err(|err| apply::db_message(&err))?;
    std::io::Write::write_all(&mut writer, data.as_bytes()).map_err(|err| format!("sending the COPY data: {err}"))?;
    writer.finish().map(|_| ()).map_err(|err| apply::db_message(&err))
}

/// Creates `catalog` in an empty scratch database.
fn create_current(client: &mut postgres::Client, catalog: &Catalog) -> Result<(), ShadowError> {
    create_roles(client, &catalog.roles())?;
    let create = plan::plan(&Catalog::default(), catalog, &Meta::default(), &direct());
    apply::apply(client, &create, |_, _| {}).map_err(|source| ShadowError::Apply {
        context: "creating the current schema in the shadow database".to_string(),
        source,
    })
}

fn run(client: &mut postgres::Client, plan: &Plan, what: &str) -> Result<(), ShadowError> {
    apply::apply(client, plan, |_, _| {}).map_err(|source| ShadowError::Apply {
        context: format!("internal error: the {what} fails in the shadow database (please report this)"),
        source,
    })
}

/// Checks that the database holds exactly `expected`.
fn expect(client: &mut postgres::Client, expected: &Catalog, what: &str) -> Result<(), ShadowError> {
    let result = introspect::introspect(client, &IntrospectOptions::default())?.catalog;
    let differences = diff::diff(&result, expected, &Meta::default());
    if differences.changes.is_empty() {
        return Ok(());
    }
    let objects: Vec<String> = differences.changes.iter().map(|change| change.summary()).collect();
    Err(ShadowError::Proof(format!(
        "internal error: {what} (please report this); still needed: {}",
        objects.join("; ")
    )))
}

fn direct() -> PlanOptions {
    PlanOptions { mode: Mode::Direct }
}

impl ShadowError {
    /// Whether it failed because no PostgreSQL is installed (so offline planning may go on).
    pub fn is_not_installed(&self) -> bool {
        matches!(self, ShadowError::Cluster(err) if err.is_not_installed())
    }
}
