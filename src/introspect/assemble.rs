//! Catalog rows → IR. The rows of every query are decoded first ([`Raw`]);
//! the catalog is built once all of them, and the spelling of every type they
//! mention, are known. Objects refer to each other by oid here: [`Oids`] maps
//! the oids of what the catalog holds to their keys, for comments and
//! dependencies.

use super::{IntrospectError, Introspected, QueryKind, TableStats, get, text};
use crate::ir::*;
use indexmap::{IndexMap, IndexSet};
use postgres::Row;

// ---------------------------------------------------------------- rows

pub(super) struct SchemaRow {
    pub(super) oid: u32,
    pub(super) name: String,
}

impl SchemaRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(SchemaRow { oid: get(kind, row, "oid")?, name: get(kind, row, "name")? })
    }
}

pub(super) struct ExtensionRow {
    oid: u32,
    name: String,
    schema: String,
    default_comment: Option<String>,
}

impl ExtensionRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ExtensionRow {
            oid: get(kind, row, "oid")?,
            name: get(kind, row, "name")?,
            schema: get(kind, row, "schema")?,
            default_comment: get(kind, row, "default_comment")?,
        })
    }
}

pub(super) struct EnumRow {
    oid: u32,
    array_oid: u32,
    schema: String,
    name: String,
    labels: Vec<String>,
}

impl EnumRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(EnumRow {
            oid: get(kind, row, "oid")?,
            array_oid: get(kind, row, "array_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            labels: get(kind, row, "labels")?,
        })
    }
}

pub(super) struct DomainRow {
    oid: u32,
    array_oid: u32,
    schema: String,
    name: String,
    base_oid: u32,
    base_typmod: i32,
    not_null: bool,
    default: Option<String>,
    collation: Option<String>,
    check_oids: Vec<u32>,
    check_names: Vec<String>,
    check_exprs: Vec<Option<String>>,
}

impl DomainRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(DomainRow {
            oid: get(kind, row, "oid")?,
            array_oid: get(kind, row, "array_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            base_oid: get(kind, row, "base_oid")?,
            base_typmod: get(kind, row, "base_typmod")?,
            not_null: get(kind, row, "not_null")?,
            default: get(kind, row, "default")?,
            collation: get(kind, row, "collation")?,
            check_oids: get(kind, row, "check_oids")?,
            check_names: get(kind, row, "check_names")?,
            check_exprs: get(kind, row, "check_exprs")?,
        })
    }
}

pub(super) struct SequenceRow {
    oid: u32,
    schema: String,
    name: String,
    options: SequenceOptions,
    owner: Option<(QualName, String)>,
}

impl SequenceRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        let owner_schema: Option<String> = get(kind, row, "owner_schema")?;
        let owner_table: Option<String> = get(kind, row, "owner_table")?;
        let owner_column: Option<String> = get(kind, row, "owner_column")?;
        let owner = match (owner_schema, owner_table, owner_column) {
            (Some(schema), Some(table), Some(column)) => Some((QualName::new(schema, table), column)),
            _ => None,
        };
        Ok(SequenceRow {
            oid: get(kind, row, "oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            options: SequenceOptions {
                data_type: get(kind, row, "data_type")?,
                start: get(kind, row, "start")?,
                increment: get(kind, row, "increment")?,
                min_value: get(kind, row, "min_value")?,
                max_value: get(kind, row, "max_value")?,
                cache: get(kind, row, "cache")?,
                cycle: get(kind, row, "cycle")?,
            },
            owner,
        })
    }
}

pub(super) struct TableRow {
    oid: u32,
    type_oid: u32,
    array_oid: Option<u32>,
    schema: String,
    name: String,
    kind: String,
    partition: bool,
    inherits: bool,
    unlogged: bool,
    reltuples: f64,
    relpages: i64,
}

impl TableRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(TableRow {
            oid: get(kind, row, "oid")?,
            type_oid: get(kind, row, "type_oid")?,
            array_oid: get(kind, row, "array_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            kind: get(kind, row, "kind")?,
            partition: get(kind, row, "partition")?,
            inherits: get(kind, row, "inherits")?,
            unlogged: get(kind, row, "unlogged")?,
            reltuples: get(kind, row, "reltuples")?,
            relpages: get(kind, row, "relpages")?,
        })
    }
}

pub(super) struct ColumnRow {
    table_oid: u32,
    attnum: i32,
    name: String,
    type_oid: u32,
    typmod: i32,
    not_null: bool,
    default_oid: Option<u32>,
    default: Option<String>,
    generated: Option<String>,
    generated_kind: String,
    identity: String,
    collation: Option<String>,
    identity_options: Option<SequenceOptions>,
}

impl ColumnRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        let seq_type: Option<String> = get(kind, row, "seq_type")?;
        let identity_options = match seq_type {
            Some(data_type) => Some(SequenceOptions {
                data_type,
                start: get(kind, row, "seq_start")?,
                increment: get(kind, row, "seq_increment")?,
                min_value: get(kind, row, "seq_min")?,
                max_value: get(kind, row, "seq_max")?,
                cache: get(kind, row, "seq_cache")?,
                cycle: get(kind, row, "seq_cycle")?,
            }),
            None => None,
        };
        Ok(ColumnRow {
            table_oid: get(kind, row, "table_oid")?,
            attnum: get(kind, row, "attnum")?,
            name: get(kind, row, "name")?,
            type_oid: get(kind, row, "type_oid")?,
            typmod: get(kind, row, "typmod")?,
            not_null: get(kind, row, "not_null")?,
            default_oid: get(kind, row, "default_oid")?,
            default: get(kind, row, "default")?,
            generated: get(kind, row, "generated")?,
            generated_kind: get(kind, row, "generated_kind")?,
            identity: get(kind, row, "identity")?,
            collation: get(kind, row, "collation")?,
            identity_options,
        })
    }
}

pub(super) struct ConstraintRow {
    oid: u32,
    table_oid: u32,
    name: String,
    kind: String,
    index_oid: u32,
    columns: Vec<String>,
    ref_schema: Option<String>,
    ref_table: Option<String>,
    ref_columns: Vec<String>,
    match_type: String,
    on_update: String,
    on_delete: String,
    deferrable: bool,
    deferred: bool,
    validated: bool,
    expr: Option<String>,
    nulls_not_distinct: bool,
}

impl ConstraintRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ConstraintRow {
            oid: get(kind, row, "oid")?,
            table_oid: get(kind, row, "table_oid")?,
            name: get(kind, row, "name")?,
            kind: get(kind, row, "kind")?,
            index_oid: get(kind, row, "index_oid")?,
            columns: get(kind, row, "columns")?,
            ref_schema: get(kind, row, "ref_schema")?,
            ref_table: get(kind, row, "ref_table")?,
            ref_columns: get(kind, row, "ref_columns")?,
            match_type: get(kind, row, "match_type")?,
            on_update: get(kind, row, "on_update")?,
            on_delete: get(kind, row, "on_delete")?,
            deferrable: get(kind, row, "deferrable")?,
            deferred: get(kind, row, "deferred")?,
            validated: get(kind, row, "validated")?,
            expr: get(kind, row, "expr")?,
            nulls_not_distinct: get(kind, row, "nulls_not_distinct")?,
        })
    }
}

pub(super) struct IndexRow {
    oid: u32,
    table_oid: u32,
    name: String,
    unique: bool,
    method: String,
    nulls_not_distinct: bool,
    valid: bool,
    predicate: Option<String>,
    definition: String,
    key_columns: Vec<Option<String>>,
    key_exprs: Vec<Option<String>>,
    key_options: Vec<i32>,
    key_collations: Vec<Option<String>>,
    key_opclasses: Vec<Option<String>>,
    include: Vec<String>,
}

impl IndexRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(IndexRow {
            oid: get(kind, row, "oid")?,
            table_oid: get(kind, row, "table_oid")?,
            name: get(kind, row, "name")?,
            unique: get(kind, row, "unique")?,
            method: get(kind, row, "method")?,
            nulls_not_distinct: get(kind, row, "nulls_not_distinct")?,
            valid: get(kind, row, "valid")?,
            predicate: get(kind, row, "predicate")?,
            definition: get(kind, row, "definition")?,
            key_columns: get::<Option<Vec<Option<String>>>>(kind, row, "key_columns")?.unwrap_or_default(),
            key_exprs: get::<Option<Vec<Option<String>>>>(kind, row, "key_exprs")?.unwrap_or_default(),
            key_options: get::<Option<Vec<i32>>>(kind, row, "key_options")?.unwrap_or_default(),
            key_collations: get::<Option<Vec<Option<String>>>>(kind, row, "key_collations")?.unwrap_or_default(),
            key_opclasses: get::<Option<Vec<Option<String>>>>(kind, row, "key_opclasses")?.unwrap_or_default(),
            include: get(kind, row, "include")?,
        })
    }
}

pub(super) struct ViewRow {
    oid: u32,
    rule_oid: Option<u32>,
    schema: String,
    name: String,
    materialized: bool,
    body: Option<String>,
}

impl ViewRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(ViewRow {
            oid: get(kind, row, "oid")?,
            rule_oid: get(kind, row, "rule_oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            materialized: get(kind, row, "materialized")?,
            body: get(kind, row, "body")?,
        })
    }
}

pub(super) struct FunctionRow {
    oid: u32,
    schema: String,
    name: String,
    kind: String,
    language: String,
    volatility: String,
    strict: bool,
    security_definer: bool,
    returns_set: bool,
    return_oid: u32,
    arg_types: Vec<u32>,
    arg_modes: Option<Vec<String>>,
    arg_names: Option<Vec<String>>,
    arg_defaults: Vec<Option<String>>,
    body: String,
    standard_body: bool,
}

impl FunctionRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(FunctionRow {
            oid: get(kind, row, "oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            kind: get(kind, row, "kind")?,
            language: get(kind, row, "language")?,
            volatility: get(kind, row, "volatility")?,
            strict: get(kind, row, "strict")?,
            security_definer: get(kind, row, "security_definer")?,
            returns_set: get(kind, row, "returns_set")?,
            return_oid: get(kind, row, "return_oid")?,
            arg_types: get(kind, row, "arg_types")?,
            arg_modes: get(kind, row, "arg_modes")?,
            arg_names: get(kind, row, "arg_names")?,
            arg_defaults: get(kind, row, "arg_defaults")?,
            body: get(kind, row, "body")?,
            standard_body: get(kind, row, "standard_body")?,
        })
    }
}

pub(super) struct TriggerRow {
    oid: u32,
    table_oid: u32,
    name: String,
    tgtype: i32,
    constraint_trigger: bool,
    transition_tables: bool,
    function_schema: String,
    function_name: String,
    nargs: i32,
    args: Vec<u8>,
    columns: Vec<String>,
    definition: String,
}

impl TriggerRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(TriggerRow {
            oid: get(kind, row, "oid")?,
            table_oid: get(kind, row, "table_oid")?,
            name: get(kind, row, "name")?,
            tgtype: get(kind, row, "type")?,
            constraint_trigger: get(kind, row, "constraint_trigger")?,
            transition_tables: get(kind, row, "transition_tables")?,
            function_schema: get(kind, row, "function_schema")?,
            function_name: get(kind, row, "function_name")?,
            nargs: get(kind, row, "nargs")?,
            args: get(kind, row, "args")?,
            columns: get(kind, row, "columns")?,
            definition: get(kind, row, "definition")?,
        })
    }
}

pub(super) struct CommentRow {
    catalog: String,
    oid: u32,
    subid: i32,
    description: String,
}

impl CommentRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(CommentRow {
            catalog: get(kind, row, "catalog")?,
            oid: get(kind, row, "oid")?,
            subid: get(kind, row, "subid")?,
            description: get(kind, row, "description")?,
        })
    }
}

pub(super) struct DependencyRow {
    catalog: String,
    oid: u32,
    subid: i32,
    ref_catalog: String,
    ref_oid: u32,
    ref_subid: i32,
}

impl DependencyRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(DependencyRow {
            catalog: get(kind, row, "catalog")?,
            oid: get(kind, row, "oid")?,
            subid: get(kind, row, "subid")?,
            ref_catalog: get(kind, row, "ref_catalog")?,
            ref_oid: get(kind, row, "ref_oid")?,
            ref_subid: get(kind, row, "ref_subid")?,
        })
    }
}

pub(super) struct TypeRow {
    type_oid: u32,
    typmod: Option<i32>,
    element_oid: u32,
    is_array: bool,
    formatted: String,
}

impl TypeRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(TypeRow {
            type_oid: get(kind, row, "type_oid")?,
            typmod: get(kind, row, "typmod")?,
            element_oid: get(kind, row, "element_oid")?,
            is_array: get(kind, row, "is_array")?,
            formatted: get(kind, row, "formatted")?,
        })
    }
}

/// Every row read, by query.
#[derive(Default)]
pub(super) struct Raw {
    pub(super) schemas: Vec<SchemaRow>,
    pub(super) extensions: Vec<ExtensionRow>,
    pub(super) enums: Vec<EnumRow>,
    pub(super) domains: Vec<DomainRow>,
    pub(super) sequences: Vec<SequenceRow>,
    pub(super) tables: Vec<TableRow>,
    pub(super) columns: Vec<ColumnRow>,
    pub(super) constraints: Vec<ConstraintRow>,
    pub(super) indexes: Vec<IndexRow>,
    pub(super) views: Vec<ViewRow>,
    pub(super) functions: Vec<FunctionRow>,
    pub(super) triggers: Vec<TriggerRow>,
    pub(super) comments: Vec<CommentRow>,
    pub(super) dependencies: Vec<DependencyRow>,
    pub(super) types: Vec<TypeRow>,
}

/// A type mentioned by a row: its oid and typmod (`None` for function
/// arguments and results, which have no typmod).
type TypeRef = (u32, Option<i32>);

// ------------------------------------------------------------ assembly

/// The keys of the objects the catalog holds, by oid.
#[derive(Default)]
struct Oids {
    schemas: IndexMap<u32, Ident>,
    extensions: IndexMap<u32, (Ident, Option<String>)>,
    /// Enums and domains.
    types: IndexMap<u32, ObjectKey>,
    /// The row type of each table (lowering names it like an enum or domain).
    row_types: IndexMap<u32, QualName>,
    /// Array types of enums, domains and tables, and table row types: for
    /// dependencies only.
    type_aliases: IndexMap<u32, ObjectKey>,
    /// Tables, views, sequences and indexes.
    relations: IndexMap<u32, ObjectKey>,
    /// The index behind a primary key or unique constraint: for dependencies.
    key_indexes: IndexMap<u32, ObjectKey>,
    /// `(table oid, attnum)` → column name.
    columns: IndexMap<(u32, i32), Ident>,
    /// Column defaults (`pg_attrdef`) → their column.
    defaults: IndexMap<u32, ObjectKey>,
    constraints: IndexMap<u32, ObjectKey>,
    /// Check constraints of domains → their domain.
    domain_checks: IndexMap<u32, ObjectKey>,
    /// View rules (`pg_rewrite`) → their view.
    rules: IndexMap<u32, ObjectKey>,
    triggers: IndexMap<u32, ObjectKey>,
    functions: IndexMap<u32, ObjectKey>,
}

impl Raw {
    /// Every type the rows mention, as the two parameter arrays of the types query.
    pub(super) fn type_refs(&self) -> (Vec<u32>, Vec<Option<i32>>) {
        let mut refs: IndexSet<TypeRef> = IndexSet::new();
        for domain in &self.domains {
            refs.insert((domain.base_oid, Some(domain.base_typmod)));
        }
        for column in &self.columns {
            refs.insert((column.type_oid, Some(column.typmod)));
        }
        for function in &self.functions {
            refs.insert((function.return_oid, None));
            refs.extend(function.arg_types.iter().map(|&oid| (oid, None)));
        }
        refs.into_iter().unzip()
    }

    pub(super) fn assemble(self) -> Result<Introspected, IntrospectError> {
        let mut builder = Builder {
            catalog: Catalog::default(),
            oids: Oids::default(),
            skipped: Vec::new(),
            types: IndexMap::new(),
            table_stats: IndexMap::new(),
        };
        for row in &self.types {
            builder.types.insert((row.type_oid, row.typmod), row);
        }
        builder.schemas(&self.schemas);
        builder.extensions(self.extensions);
        builder.enums(self.enums);
        builder.tables(self.tables);
        builder.domains(self.domains)?;
        builder.columns(self.columns)?;
        builder.constraints(self.constraints)?;
        builder.indexes(self.indexes);
        builder.sequences(self.sequences);
        builder.views(self.views);
        builder.functions(self.functions)?;
        builder.triggers(self.triggers);
        builder.comments(self.comments);
        let dependencies = builder.dependencies(&self.dependencies);
        Ok(Introspected {
            catalog: builder.catalog,
            dependencies,
            table_stats: builder.table_stats,
            skipped: builder.skipped,
        })
    }
}

struct Builder<'a> {
    catalog: Catalog,
    oids: Oids,
    skipped: Vec<String>,
    types: IndexMap<TypeRef, &'a TypeRow>,
    table_stats: IndexMap<QualName, TableStats>,
}

impl Builder<'_> {
    /// A type as the IR spells it: enums, domains and table row types of the
    /// catalog by name, other types as `format_type` prints them; arrays as
    /// element + 1.
    fn data_type(&self, type_ref: TypeRef) -> Result<DataType, IntrospectError> {
        let Some(row) = self.types.get(&type_ref) else {
            return Err(IntrospectError::Inconsistent(format!(
                "type {} was dropped while the catalog was read",
                type_ref.0
            )));
        };
        let base = match (self.oids.types.get(&row.element_oid), self.oids.row_types.get(&row.element_oid)) {
            (Some(ObjectKey::Enum(name) | ObjectKey::Domain(name)), _) | (_, Some(name)) => {
                BaseType::Named(name.clone())
            }
            _ => BaseType::Builtin(row.formatted.clone()),
        };
        Ok(DataType { base, array_dims: u8::from(row.is_array) })
    }

    fn table_name(&self, oid: u32) -> Option<QualName> {
        match self.oids.relations.get(&oid) {
            Some(ObjectKey::Table(name)) => Some(name.clone()),
            _ => None,
        }
    }

    fn schemas(&mut self, rows: &[SchemaRow]) {
        for row in rows {
            self.oids.schemas.insert(row.oid, row.name.clone());
            // `public` always exists: it is managed, but never created or dropped.
            if row.name != "public" {
                self.catalog.schemas.insert(row.name.clone(), Namespace { name: row.name.clone(), comment: None });
            }
        }
    }

    fn extensions(&mut self, rows: Vec<ExtensionRow>) {
        for row in rows {
            self.oids.extensions.insert(row.oid, (row.name.clone(), row.default_comment));
            let schema = (row.schema != "public").then_some(row.schema);
            self.catalog.extensions.insert(row.name.clone(), Extension { name: row.name, schema, comment: None });
        }
    }

    fn enums(&mut self, rows: Vec<EnumRow>) {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            self.oids.types.insert(row.oid, ObjectKey::Enum(name.clone()));
            self.oids.type_aliases.insert(row.array_oid, ObjectKey::Enum(name.clone()));
            self.catalog.enums.insert(name.clone(), Enum { name, labels: row.labels, comment: None });
        }
    }

    fn domains(&mut self, rows: Vec<DomainRow>) -> Result<(), IntrospectError> {
        // Register every domain first: a domain may be based on another.
        for row in &rows {
            let name = QualName::new(row.schema.clone(), row.name.clone());
            self.oids.types.insert(row.oid, ObjectKey::Domain(name.clone()));
            self.oids.type_aliases.insert(row.array_oid, ObjectKey::Domain(name));
        }
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            let mut checks = IndexMap::new();
            for ((oid, check_name), expr) in row.check_oids.iter().zip(row.check_names).zip(row.check_exprs) {
                self.oids.domain_checks.insert(*oid, ObjectKey::Domain(name.clone()));
                checks.insert(check_name, text::expr(&expr.unwrap_or_default()));
            }
            let domain = Domain {
                name: name.clone(),
                base: self.data_type((row.base_oid, Some(row.base_typmod)))?,
                not_null: row.not_null,
                default: row.default.as_deref().map(text::expr),
                collation: row.collation,
                checks,
                comment: None,
            };
            self.catalog.domains.insert(name, domain);
        }
        Ok(())
    }

    fn tables(&mut self, rows: Vec<TableRow>) {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            if row.partition {
                self.skipped.push(format!("partition {name} (partitioning is not modelled)"));
                continue;
            }
            if row.kind == "f" {
                self.skipped.push(format!("foreign table {name} (not modelled)"));
                continue;
            }
            if row.inherits {
                self.skipped.push(format!("inheritance of table {name} (read as a plain table)"));
            }
            if row.kind == "p" {
                self.skipped.push(format!("partitioning of table {name} (read as a plain table)"));
            }
            self.oids.relations.insert(row.oid, ObjectKey::Table(name.clone()));
            self.oids.row_types.insert(row.type_oid, name.clone());
            self.oids.type_aliases.insert(row.type_oid, ObjectKey::Table(name.clone()));
            if let Some(array_oid) = row.array_oid {
                self.oids.type_aliases.insert(array_oid, ObjectKey::Table(name.clone()));
            }
            self.table_stats.insert(name.clone(), TableStats { reltuples: row.reltuples, relpages: row.relpages });
            let mut table = Table::new(name.clone());
            table.unlogged = row.unlogged;
            self.catalog.tables.insert(name, table);
        }
    }

    fn columns(&mut self, rows: Vec<ColumnRow>) -> Result<(), IntrospectError> {
        for row in rows {
            // Columns of tables left out (extension tables, partitions) are ignored.
            let Some(table_name) = self.table_name(row.table_oid) else { continue };
            let ty = self.data_type((row.type_oid, Some(row.typmod)))?;
            self.oids.columns.insert((row.table_oid, row.attnum), row.name.clone());
            let key = ObjectKey::Column(table_name.clone(), row.name.clone());
            if let Some(default_oid) = row.default_oid {
                self.oids.defaults.insert(default_oid, key);
            }
            let identity = match row.identity.as_str() {
                "" => None,
                kind => match row.identity_options {
                    Some(options) => Some(Identity { always: kind == "a", options }),
                    None => {
                        return Err(IntrospectError::Inconsistent(format!(
                            "identity column {table_name}.{} has no sequence",
                            row.name
                        )));
                    }
                },
            };
            if !row.generated_kind.is_empty() && row.generated_kind != "s" {
                self.skipped.push(format!(
                    "generation kind '{}' of column {table_name}.{} (read as stored)",
                    row.generated_kind, row.name
                ));
            }
            let mut column = Column::new(row.name.clone(), ty);
            column.not_null = row.not_null;
            column.default = row.default.as_deref().map(text::expr);
            column.identity = identity;
            column.generated = row.generated.as_deref().map(text::expr);
            column.collation = row.collation;
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.columns.insert(row.name, column);
            }
        }
        Ok(())
    }

    fn constraints(&mut self, rows: Vec<ConstraintRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let Some(table_name) = self.table_name(row.table_oid) else { continue };
            let kind = match row.kind.as_str() {
                "p" => ConstraintKind::PrimaryKey { columns: row.columns },
                "u" => ConstraintKind::Unique { columns: row.columns, nulls_not_distinct: row.nulls_not_distinct },
                "c" => ConstraintKind::Check { expr: text::expr(&row.expr.unwrap_or_default()) },
                "f" => {
                    let (Some(ref_schema), Some(ref_table)) = (row.ref_schema, row.ref_table) else {
                        return Err(IntrospectError::Inconsistent(format!(
                            "foreign key {} of {table_name} references no table",
                            row.name
                        )));
                    };
                    ConstraintKind::ForeignKey(ForeignKey {
                        columns: row.columns,
                        ref_table: QualName::new(ref_schema, ref_table),
                        ref_columns: row.ref_columns,
                        match_full: row.match_type == "f",
                        on_delete: fk_action(&row.on_delete, &table_name, &row.name)?,
                        on_update: fk_action(&row.on_update, &table_name, &row.name)?,
                    })
                }
                _ => {
                    self.skipped.push(format!("exclusion constraint {table_name}.{} (not modelled)", row.name));
                    continue;
                }
            };
            if !row.validated {
                self.skipped.push(format!("NOT VALID of constraint {table_name}.{} (read as valid)", row.name));
            }
            let key = ObjectKey::Constraint(table_name.clone(), row.name.clone());
            self.oids.constraints.insert(row.oid, key.clone());
            if row.index_oid != 0 && matches!(kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) {
                self.oids.key_indexes.insert(row.index_oid, key);
            }
            let deferrable = match (row.deferrable, row.deferred) {
                (false, _) => Deferrable::NotDeferrable,
                (true, false) => Deferrable::Deferrable,
                (true, true) => Deferrable::InitiallyDeferred,
            };
            let constraint = Constraint { name: row.name.clone(), kind, deferrable, comment: None };
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.constraints.insert(row.name, constraint);
            }
        }
        Ok(())
    }

    fn indexes(&mut self, rows: Vec<IndexRow>) {
        for row in rows {
            let Some(table_name) = self.table_name(row.table_oid) else { continue };
            if !row.valid {
                self.skipped.push(format!(
                    "invalid index {}.{} (a failed concurrent build, read as valid)",
                    table_name.schema, row.name
                ));
            }
            let mut elements = Vec::new();
            let mut expression_collations = None;
            for (idx, column) in row.key_columns.iter().enumerate() {
                let (key, collation) = match (column, row.key_exprs.get(idx).cloned().flatten()) {
                    (Some(column), _) => {
                        (IndexKey::Column(column.clone()), row.key_collations.get(idx).cloned().flatten())
                    }
                    (None, expr) => {
                        // Only the definition tells whether the collation is the expression's own.
                        let collations =
                            expression_collations.get_or_insert_with(|| text::index_collations(&row.definition));
                        let collation = collations.get(idx).cloned().flatten();
                        (IndexKey::Expr(expr.as_deref().map(text::expr).unwrap_or_default()), collation)
                    }
                };
                let option = row.key_options.get(idx).copied().unwrap_or(0);
                elements.push(IndexElement {
                    key,
                    collation,
                    opclass: row.key_opclasses.get(idx).cloned().flatten(),
                    descending: option & 1 != 0,
                    nulls_first: option & 2 != 0,
                });
            }
            self.oids.relations.insert(row.oid, ObjectKey::Index(table_name.clone(), row.name.clone()));
            let index = Index {
                name: row.name.clone(),
                unique: row.unique,
                method: row.method,
                elements,
                include: row.include,
                nulls_not_distinct: row.nulls_not_distinct,
                predicate: row.predicate.as_deref().map(text::expr),
                comment: None,
            };
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.indexes.insert(row.name, index);
            }
        }
    }

    fn sequences(&mut self, rows: Vec<SequenceRow>) {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            self.oids.relations.insert(row.oid, ObjectKey::Sequence(name.clone()));
            self.catalog
                .sequences
                .insert(name.clone(), Sequence { name, options: row.options, owned_by: row.owner, comment: None });
        }
    }

    fn views(&mut self, rows: Vec<ViewRow>) {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            self.oids.relations.insert(row.oid, ObjectKey::View(name.clone()));
            if let Some(rule_oid) = row.rule_oid {
                self.oids.rules.insert(rule_oid, ObjectKey::View(name.clone()));
            }
            let body = text::view_body(&row.body.unwrap_or_default());
            self.catalog.views.insert(name.clone(), View { name, materialized: row.materialized, body, comment: None });
        }
    }

    fn functions(&mut self, rows: Vec<FunctionRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            let mut args = Vec::new();
            let mut table_columns = Vec::new();
            for (idx, &type_oid) in row.arg_types.iter().enumerate() {
                let ty = self.data_type((type_oid, None))?;
                let arg_name = row
                    .arg_names
                    .as_ref()
                    .and_then(|names| names.get(idx))
                    .filter(|arg_name| !arg_name.is_empty())
                    .cloned();
                let mode = row.arg_modes.as_ref().and_then(|modes| modes.get(idx)).map_or("i", String::as_str);
                let mode = match mode {
                    "i" => ArgMode::In,
                    "o" => ArgMode::Out,
                    "b" => ArgMode::InOut,
                    "v" => ArgMode::Variadic,
                    "t" => {
                        table_columns.push((arg_name.unwrap_or_default(), ty));
                        continue;
                    }
                    other => {
                        return Err(IntrospectError::Inconsistent(format!(
                            "function {name} has an argument of unknown mode '{other}'"
                        )));
                    }
                };
                let default = row.arg_defaults.get(idx).cloned().flatten().as_deref().map(text::expr);
                args.push(FunctionArg { mode, name: arg_name, ty, default });
            }
            let procedure = row.kind == "p";
            let returns = if procedure {
                None
            } else if !table_columns.is_empty() {
                Some(Returns::Table(table_columns))
            } else if row.returns_set {
                Some(Returns::SetOf(self.data_type((row.return_oid, None))?))
            } else {
                Some(Returns::Type(self.data_type((row.return_oid, None))?))
            };
            let volatility = match row.volatility.as_str() {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            };
            if row.standard_body {
                self.skipped.push(format!("SQL-standard body (BEGIN ATOMIC) of function {name} (not modelled)"));
            }
            let function = Function {
                name,
                procedure,
                args,
                returns,
                language: row.language,
                volatility,
                strict: row.strict,
                security_definer: row.security_definer,
                body: row.body,
                comment: None,
            };
            let key = function.key();
            self.oids.functions.insert(row.oid, ObjectKey::Function(key.clone()));
            self.catalog.functions.insert(key, function);
        }
        Ok(())
    }

    fn triggers(&mut self, rows: Vec<TriggerRow>) {
        const ROW: i32 = 1;
        const BEFORE: i32 = 2;
        const INSERT: i32 = 4;
        const DELETE: i32 = 8;
        const UPDATE: i32 = 16;
        const TRUNCATE: i32 = 32;
        const INSTEAD: i32 = 64;
        for row in rows {
            let Some(table_name) = self.table_name(row.table_oid) else {
                // Triggers on views (or on relations left out) are not modelled.
                if self.oids.relations.contains_key(&row.table_oid) {
                    self.skipped.push(format!("trigger {} on a view (not modelled)", row.name));
                }
                continue;
            };
            if row.constraint_trigger {
                self.skipped.push(format!("constraint trigger {table_name}.{} (not modelled)", row.name));
                continue;
            }
            if row.transition_tables {
                self.skipped.push(format!("transition tables of trigger {table_name}.{} (not modelled)", row.name));
            }
            let timing = if row.tgtype & INSTEAD != 0 {
                TriggerTiming::InsteadOf
            } else if row.tgtype & BEFORE != 0 {
                TriggerTiming::Before
            } else {
                TriggerTiming::After
            };
            let mut events = Vec::new();
            if row.tgtype & INSERT != 0 {
                events.push(TriggerEvent::Insert);
            }
            if row.tgtype & UPDATE != 0 {
                events.push(TriggerEvent::Update(row.columns));
            }
            if row.tgtype & DELETE != 0 {
                events.push(TriggerEvent::Delete);
            }
            if row.tgtype & TRUNCATE != 0 {
                events.push(TriggerEvent::Truncate);
            }
            let trigger = Trigger {
                name: row.name.clone(),
                timing,
                events,
                for_each_row: row.tgtype & ROW != 0,
                when: text::trigger_when(&row.definition),
                function: QualName::new(row.function_schema, row.function_name),
                args: text::trigger_args(&row.args, usize::try_from(row.nargs).unwrap_or(0)),
                comment: None,
            };
            self.oids.triggers.insert(row.oid, ObjectKey::Trigger(table_name.clone(), row.name.clone()));
            if let Some(table) = self.catalog.tables.get_mut(&table_name) {
                table.triggers.insert(row.name, trigger);
            }
        }
    }

    fn comments(&mut self, rows: Vec<CommentRow>) {
        for row in rows {
            let text = Some(row.description);
            match row.catalog.as_str() {
                "pg_namespace" => {
                    let Some(name) = self.oids.schemas.get(&row.oid) else { continue };
                    if let Some(schema) = self.catalog.schemas.get_mut(name) {
                        schema.comment = text;
                    }
                }
                "pg_extension" => {
                    let Some((name, default_comment)) = self.oids.extensions.get(&row.oid) else { continue };
                    // The control file's comment is the extension's, not the user's.
                    if text.as_ref() != default_comment.as_ref()
                        && let Some(extension) = self.catalog.extensions.get_mut(name)
                    {
                        extension.comment = text;
                    }
                }
                "pg_type" => match self.oids.types.get(&row.oid) {
                    Some(ObjectKey::Enum(name)) => {
                        if let Some(def) = self.catalog.enums.get_mut(name) {
                            def.comment = text;
                        }
                    }
                    Some(ObjectKey::Domain(name)) => {
                        if let Some(def) = self.catalog.domains.get_mut(name) {
                            def.comment = text;
                        }
                    }
                    _ => {}
                },
                "pg_class" if row.subid > 0 => {
                    let Some(table_name) = self.table_name(row.oid) else { continue };
                    let Some(column) = self.oids.columns.get(&(row.oid, row.subid)) else { continue };
                    if let Some(column) =
                        self.catalog.tables.get_mut(&table_name).and_then(|table| table.columns.get_mut(column))
                    {
                        column.comment = text;
                    }
                }
                "pg_class" => match self.oids.relations.get(&row.oid) {
                    Some(ObjectKey::Table(name)) => {
                        if let Some(table) = self.catalog.tables.get_mut(name) {
                            table.comment = text;
                        }
                    }
                    Some(ObjectKey::View(name)) => {
                        if let Some(view) = self.catalog.views.get_mut(name) {
                            view.comment = text;
                        }
                    }
                    Some(ObjectKey::Sequence(name)) => {
                        if let Some(sequence) = self.catalog.sequences.get_mut(name) {
                            sequence.comment = text;
                        }
                    }
                    Some(ObjectKey::Index(table_name, index)) => {
                        if let Some(index) =
                            self.catalog.tables.get_mut(table_name).and_then(|table| table.indexes.get_mut(index))
                        {
                            index.comment = text;
                        }
                    }
                    _ => {}
                },
                "pg_constraint" => {
                    let Some(ObjectKey::Constraint(table_name, constraint)) = self.oids.constraints.get(&row.oid)
                    else {
                        continue;
                    };
                    if let Some(constraint) =
                        self.catalog.tables.get_mut(table_name).and_then(|table| table.constraints.get_mut(constraint))
                    {
                        constraint.comment = text;
                    }
                }
                "pg_trigger" => {
                    let Some(ObjectKey::Trigger(table_name, trigger)) = self.oids.triggers.get(&row.oid) else {
                        continue;
                    };
                    if let Some(trigger) =
                        self.catalog.tables.get_mut(table_name).and_then(|table| table.triggers.get_mut(trigger))
                    {
                        trigger.comment = text;
                    }
                }
                "pg_proc" => {
                    let Some(ObjectKey::Function(key)) = self.oids.functions.get(&row.oid) else { continue };
                    if let Some(function) = self.catalog.functions.get_mut(key) {
                        function.comment = text;
                    }
                }
                _ => {}
            }
        }
    }

    /// The object a dependency row's dependent side stands for.
    fn dependent(&self, catalog: &str, oid: u32, subid: i32) -> Option<ObjectKey> {
        match catalog {
            "pg_class" => match self.oids.relations.get(&oid)? {
                ObjectKey::Table(table) if subid > 0 => {
                    Some(ObjectKey::Column(table.clone(), self.oids.columns.get(&(oid, subid))?.clone()))
                }
                key => Some(key.clone()),
            },
            "pg_type" => self.oids.types.get(&oid).or_else(|| self.oids.type_aliases.get(&oid)).cloned(),
            "pg_proc" => self.oids.functions.get(&oid).cloned(),
            "pg_rewrite" => self.oids.rules.get(&oid).cloned(),
            "pg_constraint" => self.oids.constraints.get(&oid).or_else(|| self.oids.domain_checks.get(&oid)).cloned(),
            "pg_trigger" => self.oids.triggers.get(&oid).cloned(),
            "pg_attrdef" => self.oids.defaults.get(&oid).cloned(),
            _ => None,
        }
    }

    /// The object a dependency row's referenced side stands for (a column
    /// stands for its table).
    fn referenced(&self, catalog: &str, oid: u32) -> Option<ObjectKey> {
        match catalog {
            "pg_class" => self.oids.relations.get(&oid).or_else(|| self.oids.key_indexes.get(&oid)).cloned(),
            "pg_type" => self.oids.types.get(&oid).or_else(|| self.oids.type_aliases.get(&oid)).cloned(),
            "pg_proc" => self.oids.functions.get(&oid).cloned(),
            _ => None,
        }
    }

    fn dependencies(&self, rows: &[DependencyRow]) -> Vec<(ObjectKey, ObjectKey)> {
        let mut res: Vec<(ObjectKey, ObjectKey)> = Vec::new();
        for row in rows {
            let (Some(dependent), Some(referenced)) =
                (self.dependent(&row.catalog, row.oid, row.subid), self.referenced(&row.ref_catalog, row.ref_oid))
            else {
                continue;
            };
            if dependent == referenced || on_own_table(&dependent, &referenced) {
                continue;
            }
            if let ObjectKey::Table(table) = &referenced
                && row.ref_subid > 0
                && let Some(column) = self.oids.columns.get(&(row.ref_oid, row.ref_subid))
            {
                res.push((dependent.clone(), ObjectKey::Column(table.clone(), column.clone())));
            }
            res.push((dependent, referenced));
        }
        res.sort();
        res.dedup();
        res
    }
}

/// Whether `referenced` is the table `dependent` (a column, constraint, index
/// or trigger) belongs to.
fn on_own_table(dependent: &ObjectKey, referenced: &ObjectKey) -> bool {
    let ObjectKey::Table(referenced) = referenced else { return false };
    matches!(dependent,
        ObjectKey::Column(table, _) | ObjectKey::Constraint(table, _) | ObjectKey::Index(table, _)
        | ObjectKey::Trigger(table, _) if table == referenced)
}

fn fk_action(code: &str, table: &QualName, name: &str) -> Result<FkAction, IntrospectError> {
    Ok(match code {
        "a" => FkAction::NoAction,
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        other => {
            return Err(IntrospectError::Inconsistent(format!(
                "foreign key {name} of {table} has an unknown action '{other}'"
            )));
        }
    })
}
