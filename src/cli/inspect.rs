use super::apply::database;
use super::sources::{CoverageArgs, SchemaFilter};
use anyhow::{Context, Result, bail};
use godwit::ir::{Catalog, GrantTarget, Meta};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write the schema of a live database as godwit files.
///
/// Without -o, one file is printed to standard output. With -o DIR, the files
/// are written to DIR: one file per schema (`--split schema`, the default) or a
/// directory per schema with one file per table (`--split table`). The files
/// are formatted (`godwit fmt --check` accepts them), and planning from the
/// database to them is empty.
///
/// What the database holds that godwit does not model is named on standard
/// error (one line per kind; --verbose names each object) and left out of the
/// files; --strict makes that an error (exit 1).
///
/// The database is --db, else DATABASE_URL, else the libpq PG* variables.
///
/// Examples:
///   godwit inspect --db postgres://app@localhost/app > schema.gw
///   godwit inspect --db postgres://app@localhost/app -o schemas/app --split table
#[derive(clap::Args)]
pub struct InspectArgs {
    /// The database to read
    #[arg(long, value_name = "URL")]
    db: Option<String>,

    /// Write files into this directory instead of printing
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,

    /// How to split files with -o
    #[arg(long, value_enum, default_value_t = Split::Schema)]
    split: Split,

    /// Overwrite .gw files that already exist in DIR
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    filter: SchemaFilter,

    #[command(flatten)]
    coverage: CoverageArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Split {
    Schema,
    Table,
}

pub fn run(args: InspectArgs) -> Result<ExitCode> {
    args.filter.validate()?;
    let options = database(args.db.as_deref())?;
    let mut client = godwit::pg::connect::connect(&options)?;
    let introspected = godwit::introspect::introspect(&mut client, &args.filter.options())
        .with_context(|| format!("reading {}", options.redacted()))?;
    args.coverage.report(&options.redacted(), &introspected.unmodelled)?;
    let mut catalog = introspected.catalog;
    // Tables left alone are not written; a parent whose partitions are says so
    // (`@external_partitions`), so that planning to the files leaves them too.
    let mut meta = Meta::default();
    let before: Vec<godwit::ir::Table> = catalog.tables.values().cloned().collect();
    args.filter.leave_alone(&Catalog::default(), &mut catalog, &Meta::default());
    for table in before.iter().filter(|table| !catalog.tables.contains_key(&table.name)) {
        if let Some(of) = &table.partition_of
            && catalog.tables.contains_key(&of.parent)
        {
            meta.external_partitions.insert(of.parent.clone());
        }
    }
    let Some(dir) = &args.output else {
        print!("{}", godwit::print::print_catalog(&catalog, &meta));
        return Ok(ExitCode::SUCCESS);
    };
    let files = match args.split {
        Split::Schema => split_by_schema(&catalog),
        Split::Table => split_by_table(&catalog),
    };
    for (relative, _) in &files {
        let path = dir.join(relative);
        if path.exists() && !args.force {
            bail!("{} exists; pass --force to overwrite", path.display());
        }
    }
    for (relative, part) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, godwit::print::print_catalog(part, &meta))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!("wrote {} files to {}", files.len(), dir.display());
    Ok(ExitCode::SUCCESS)
}

/// A file name for a schema or object name (kept readable, made safe).
fn file_stem(name: &str) -> String {
    let res: String =
        name.chars().map(|ch| if ch.is_alphanumeric() || ch == '_' || ch == '-' { ch } else { '_' }).collect();
    if res.is_empty() { "_".to_string() } else { res }
}

/// One catalog per schema; extensions go with `public`.
fn split_by_schema(catalog: &Catalog) -> Vec<(PathBuf, Catalog)> {
    // Every field by name: a kind added to the catalog must be placed here.
    let Catalog {
        extensions,
        schemas,
        public_comment,
        enums,
        domains,
        composites,
        sequences,
        tables,
        views,
        functions,
        objects,
        privileges,
        owners,
        default_privileges,
    } = catalog;
    let mut parts: indexmap::IndexMap<String, Catalog> = indexmap::IndexMap::new();
    parts.entry("public".to_string()).or_default().extensions = extensions.clone();
    parts.entry("public".to_string()).or_default().public_comment = public_comment.clone();
    for (name, schema) in schemas {
        parts.entry(name.clone()).or_default().schemas.insert(name.clone(), schema.clone());
    }
    for (name, item) in enums {
        parts.entry(name.schema.clone()).or_default().enums.insert(name.clone(), item.clone());
    }
    for (name, item) in domains {
        parts.entry(name.schema.clone()).or_default().domains.insert(name.clone(), item.clone());
    }
    for (name, item) in composites {
        parts.entry(name.schema.clone()).or_default().composites.insert(name.clone(), item.clone());
    }
    for (name, item) in sequences {
        parts.entry(name.schema.clone()).or_default().sequences.insert(name.clone(), item.clone());
    }
    for (name, item) in tables {
        parts.entry(name.schema.clone()).or_default().tables.insert(name.clone(), item.clone());
    }
    for (name, item) in views {
        parts.entry(name.schema.clone()).or_default().views.insert(name.clone(), item.clone());
    }
    for (key, item) in functions {
        parts.entry(key.name.schema.clone()).or_default().functions.insert(key.clone(), item.clone());
    }
    // Database-wide objects (casts, servers, publications, …) go with `public`.
    for (id, item) in objects {
        let schema = item.schema.clone().unwrap_or_else(|| "public".to_string());
        parts.entry(schema).or_default().objects.insert(id.clone(), item.clone());
    }
    // Privileges and owners go with their objects (database-wide ones with
    // `public`), default privileges with their schema.
    let schema_of = |target: &GrantTarget| match target {
        GrantTarget::Object(id) => {
            objects.get(id).and_then(|object| object.schema.clone()).unwrap_or_else(|| "public".to_string())
        }
        other => other.schema().unwrap_or("public").to_string(),
    };
    for (target, owner) in owners {
        parts.entry(schema_of(target)).or_default().owners.insert(target.clone(), owner.clone());
    }
    for privilege in privileges {
        parts.entry(schema_of(&privilege.on)).or_default().privileges.insert(privilege.clone());
    }
    for default in default_privileges {
        let schema = default.schema.clone().unwrap_or_else(|| "public".to_string());
        parts.entry(schema).or_default().default_privileges.insert(default.clone());
    }
    parts
        .into_iter()
        .filter(|(_, part)| *part != Catalog::default())
        .map(|(schema, part)| (PathBuf::from(format!("{}.gw", file_stem(&schema))), part))
        .collect()
}

/// Per schema, a file per table and one file for everything else.
fn split_by_table(catalog: &Catalog) -> Vec<(PathBuf, Catalog)> {
    let mut res = Vec::new();
    for (schema_file, mut part) in split_by_schema(catalog) {
        let schema = schema_file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = Path::new(&schema);
        let tables = std::mem::take(&mut part.tables);
        let mut used: indexmap::IndexSet<String> = indexmap::IndexSet::new();
        for (name, table) in tables {
            let mut stem = file_stem(&name.name);
            while !used.insert(stem.clone()) || stem == "_schema" {
                stem.push('_');
            }
            let mut single = Catalog::default();
            // The table's privileges and owner (its columns', its identity sequences') go with it.
            let concerns = |target: &GrantTarget| match target {
                GrantTarget::Table(table) | GrantTarget::Column(table, _) => *table == name,
                GrantTarget::Sequence(sequence) => {
                    !catalog.sequences.contains_key(sequence)
                        && table.columns.values().any(|column| {
                            column.identity.is_some()
                                && godwit::lower::is_identity_sequence_name(&sequence.name, &name.name, &column.name)
                        })
                        && sequence.schema == name.schema
                }
                _ => false,
            };
            let (mine, rest): (Vec<_>, Vec<_>) =
                std::mem::take(&mut part.privileges).into_iter().partition(|privilege| concerns(&privilege.on));
            part.privileges = rest.into_iter().collect();
            single.privileges = mine.into_iter().collect();
            let (mine, rest): (Vec<_>, Vec<_>) =
                std::mem::take(&mut part.owners).into_iter().partition(|(target, _)| concerns(target));
            part.owners = rest.into_iter().collect();
            single.owners = mine.into_iter().collect();
            single.tables.insert(name, table);
            res.push((dir.join(format!("{stem}.gw")), single));
        }
        if part != Catalog::default() {
            res.push((dir.join("_schema.gw"), part));
        }
    }
    res
}
