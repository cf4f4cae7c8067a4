//! SOURCE arguments: a `.gw` file or directory, a `.sql` file, or a
//! `postgres://` URL; and the shadow database that normalizes them.

use anyhow::{Context, Result, bail};
use godwit::diagnostics::SourceFiles;
use godwit::introspect::{IntrospectOptions, introspect};
use godwit::ir::{Catalog, Facts, Meta, Unmodelled};
use godwit::shadow::Shadow;
use std::path::PathBuf;

/// What a SOURCE argument names.
pub enum Source {
    Schema(PathBuf),
    Sql(PathBuf),
    Database(String),
}

impl Source {
    pub fn parse(arg: &str) -> Source {
        if arg.starts_with("postgres://") || arg.starts_with("postgresql://") {
            Source::Database(arg.to_string())
        } else if arg.ends_with(".sql") {
            Source::Sql(PathBuf::from(arg))
        } else {
            Source::Schema(PathBuf::from(arg))
        }
    }

    /// Whether reading it needs PostgreSQL.
    pub fn needs_postgres(&self) -> bool {
        !matches!(self, Source::Schema(_))
    }
}

/// A loaded schema: its catalog, hints and (for schema files) the files, for spans.
pub struct Loaded {
    /// What the source holds in the managed schemas (`--schema`, `--exclude-schema`).
    pub catalog: Catalog,
    /// For schema files narrowed by the schema filter: everything they
    /// declare, which the shadow database creates (the managed schemas may
    /// use what the others hold) before the result is narrowed.
    whole: Option<Catalog>,
    filter: SchemaFilter,
    pub meta: Meta,
    pub files: SourceFiles,
    /// Whether the catalog already reads as PostgreSQL prints it.
    pub normalized: bool,
    /// Dependencies and statistics PostgreSQL records (databases and .sql files).
    pub facts: Facts,
    /// What the source holds that godwit does not model (databases and .sql files).
    pub unmodelled: Vec<Unmodelled>,
}

impl Loaded {
    /// What PostgreSQL made of a source: already normalized, with its facts.
    fn introspected(introspected: godwit::introspect::Introspected) -> Loaded {
        let facts = introspected.facts();
        // A database or a .sql file is all it holds: every role counts as named.
        Loaded {
            catalog: introspected.catalog,
            whole: None,
            filter: SchemaFilter::default(),
            meta: Meta { every_role_named: true, ..Meta::default() },
            files: SourceFiles::new(),
            normalized: true,
            facts,
            unmodelled: introspected.unmodelled,
        }
    }

    /// The catalog as PostgreSQL prints it, with its facts: through the shadow
    /// database when it is not normalized yet (and a shadow is at hand).
    pub fn normalized(&self, shadow: Option<&Shadow>) -> Result<(Catalog, Facts)> {
        match (shadow, self.normalized) {
            (Some(shadow), false) => {
                let introspected = shadow.normalize(self.whole.as_ref().unwrap_or(&self.catalog), &self.meta)?;
                let facts = introspected.facts();
                let mut catalog = introspected.catalog;
                self.filter.narrow(&mut catalog);
                Ok((catalog, facts))
            }
            _ => Ok((self.catalog.clone(), self.facts.clone())),
        }
    }
}

/// The schemas to manage, from `--schema` / `--exclude-schema`.
#[derive(clap::Args, Clone, Default)]
pub struct SchemaFilter {
    /// Manage only these schemas (repeatable; default: all but system schemas); of
    /// every source alike: databases, .sql files and schema files
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// Leave these schemas alone, in every source (repeatable)
    #[arg(long = "exclude-schema", value_name = "NAME")]
    pub exclude_schemas: Vec<String>,
    /// Leave the tables matching PATTERN alone (repeatable): `schema.name`, or a
    /// name in any schema, with `*` and `?`, e.g. `--exclude-table 'events_p*'` for
    /// partitions pg_partman creates; they are planned neither created nor dropped
    #[arg(long = "exclude-table", value_name = "PATTERN")]
    pub exclude_tables: Vec<String>,
}

impl SchemaFilter {
    pub fn options(&self) -> IntrospectOptions {
        IntrospectOptions { schemas: self.schemas.clone(), exclude_schemas: self.exclude_schemas.clone() }
    }

    /// Whether `schema` is managed: as the introspection query decides for a
    /// database, so that schema files and `.sql` sources are narrowed alike.
    pub fn manages(&self, schema: &str) -> bool {
        (self.schemas.is_empty() || self.schemas.iter().any(|name| name == schema))
            && !self.exclude_schemas.iter().any(|name| name == schema)
    }

    /// The desired catalog with the tables left alone taken as `current`
    /// has them: those matching `--exclude-table` and the partitions of the
    /// tables marked `@external_partitions`.
    pub fn leave_alone(&self, current: &Catalog, desired: &mut Catalog, meta: &godwit::ir::Meta) {
        let external = &meta.external_partitions;
        desired.adopt_left_alone(current, |catalog, table| {
            self.exclude_tables.iter().any(|pattern| godwit::ir::table_pattern_matches(pattern, &table.name))
                || (!external.is_empty() && catalog.is_partition_of_any(table, external))
        });
    }

    /// A one-line usage error when the flags contradict each other (a schema
    /// both managed and left alone, which also covers excluding every
    /// `--schema`).
    pub fn validate(&self) -> Result<()> {
        let mut both: Vec<&str> =
            self.schemas.iter().filter(|name| self.exclude_schemas.contains(name)).map(String::as_str).collect();
        both.dedup();
        if both.is_empty() {
            return Ok(());
        }
        let all = self.schemas.iter().all(|name| self.exclude_schemas.contains(name));
        let list = both.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        bail!(
            "{list} {} given to both --schema and --exclude-schema{}: name a schema in one of them only",
            if both.len() == 1 { "is" } else { "are" },
            if all { ", which leaves no schema to manage" } else { "" }
        )
    }

    /// `catalog` narrowed to the managed schemas.
    fn narrow(&self, catalog: &mut Catalog) {
        if !self.schemas.is_empty() || !self.exclude_schemas.is_empty() {
            catalog.retain_schemas(|schema| self.manages(schema));
        }
    }
}

/// Reads a source. `Ok(None)` means diagnostics were printed.
pub fn load(source: &Source, shadow: Option<&Shadow>, filter: &SchemaFilter, color: bool) -> Result<Option<Loaded>> {
    match source {
        Source::Schema(path) => {
            let mut files = SourceFiles::new();
            godwit::source::load(path, &mut files)?;
            let lowered = godwit::lower::compile(&files);
            if super::report(&lowered.diagnostics, &files, color) {
                return Ok(None);
            }
            let mut catalog = lowered.catalog.clone();
            filter.narrow(&mut catalog);
            let whole = (catalog != lowered.catalog).then_some(lowered.catalog);
            Ok(Some(Loaded {
                catalog,
                whole,
                filter: filter.clone(),
                meta: lowered.meta,
                files,
                normalized: false,
                facts: Facts::default(),
                unmodelled: Vec::new(),
            }))
        }
        Source::Sql(path) => {
            let Some(shadow) = shadow else { bail!("reading {} needs PostgreSQL", path.display()) };
            let text = godwit::source::read_text(path)?;
            let introspected = shadow.load_sql(&text, &path.display().to_string(), &filter.options())?;
            Ok(Some(Loaded::introspected(introspected)))
        }
        Source::Database(url) => {
            let options = godwit::pg::connect::ConnectOptions::from_url(url)?;
            let mut client = godwit::pg::connect::connect(&options)?;
            let introspected = introspect(&mut client, &filter.options())
                .with_context(|| format!("reading {}", options.redacted()))?;
            Ok(Some(Loaded::introspected(introspected)))
        }
    }
}

/// How plans meet PostgreSQL.
#[derive(clap::Args, Clone, Default)]
pub struct ShadowArgs {
    /// A PostgreSQL server for scratch databases (normalizing the desired schema,
    /// loading .sql sources, proving plans); default: an embedded throwaway cluster
    /// started from the local PostgreSQL binaries
    #[arg(long, value_name = "URL")]
    pub dev_url: Option<String>,
    /// Do not use PostgreSQL at all: compare schema files as written and skip the
    /// proof (only for .gw sources)
    #[arg(long)]
    pub offline: bool,
}

/// The shadow database to use, if any. Without `--dev-url`, an embedded
/// cluster is started; when no PostgreSQL is installed and no source needs
/// one, planning goes on offline with a note.
pub fn shadow(args: &ShadowArgs, sources: &[&Source]) -> Result<Option<Shadow>> {
    let needed = sources.iter().any(|source| source.needs_postgres());
    if args.offline {
        if needed {
            bail!("--offline works only with .gw sources: .sql files and databases need PostgreSQL");
        }
        return Ok(None);
    }
    if let Some(url) = &args.dev_url {
        return Ok(Some(Shadow::external(url)?));
    }
    match Shadow::embedded() {
        Ok(shadow) => Ok(Some(shadow)),
        Err(err) if !needed && err.is_not_installed() => {
            eprintln!("note: {err}; planning offline (expressions compared as written)");
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// What to do about objects godwit does not model.
#[derive(clap::Args, Clone, Default)]
pub struct CoverageArgs {
    /// Refuse (exit 1) when a source holds objects godwit does not model,
    /// instead of leaving them as they are with a warning
    #[arg(long)]
    pub strict: bool,
    /// Name every object godwit does not model, not only how many of each kind
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

impl CoverageArgs {
    /// Warns on standard error about what `source` holds that godwit does not
    /// model: one line per kind with a count (the names with --verbose). With
    /// --strict that is an error.
    pub fn report(&self, source: &str, unmodelled: &[Unmodelled]) -> Result<()> {
        if unmodelled.is_empty() {
            return Ok(());
        }
        let level = if self.strict { "error" } else { "warning" };
        let n = unmodelled.len();
        eprintln!(
            "{level}[unmodelled]: {source} holds {n} object{} or propert{} that godwit does not model; \
             plans leave {} as {} {}:",
            if n == 1 { "" } else { "s" },
            if n == 1 { "y" } else { "ies" },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "they" },
            if n == 1 { "is" } else { "are" },
        );
        let mut kinds: indexmap::IndexMap<&str, Vec<&Unmodelled>> = indexmap::IndexMap::new();
        for item in unmodelled {
            kinds.entry(item.kind.as_str()).or_default().push(item);
        }
        for (kind, items) in &kinds {
            if self.verbose {
                for item in items {
                    eprintln!("  {kind} {}: {}", item.name, item.why);
                }
            } else {
                eprintln!("  {kind}: {}", items.len());
            }
        }
        if !self.verbose {
            eprintln!("  (--verbose names them; docs/coverage.md says what godwit models)");
        }
        if self.strict {
            bail!("{source} holds objects godwit does not model (--strict)");
        }
        Ok(())
    }
}

/// A failure in the shadow database when a source holds objects godwit does
/// not model: the likely cause is that the shadow lacks them, which is said
/// instead of calling it an internal error.
pub fn explain_shadow_error(err: anyhow::Error, unmodelled: &[&Unmodelled]) -> anyhow::Error {
    if unmodelled.is_empty() {
        return err;
    }
    let mut kinds: Vec<&str> = unmodelled.iter().map(|item| item.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let message = format!("{err:#}").replace("internal error: ", "").replace(" (please report this)", "");
    anyhow::anyhow!(
        "{message}\nnote: the schema uses objects godwit does not model ({}), which the shadow database does not \
         have; this failure is most likely theirs (run with --verbose to name them; docs/coverage.md)",
        kinds.join(", ")
    )
}
