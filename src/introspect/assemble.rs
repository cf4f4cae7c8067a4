//! Catalog rows → IR. The rows of every query are decoded first ([`Raw`]);
//! the catalog is built once all of them, and the spelling of every type they
//! mention, are known. Objects refer to each other by oid here: [`Oids`] maps
//! the oids of what the catalog holds to their keys, for comments and
//! dependencies.

use super::comment::CommentRow;
use super::composite::CompositeRow;
use super::constraint::ConstraintRow;
use super::dependency::DependencyRow;
use super::domain::DomainRow;
use super::enums::EnumRow;
use super::extension::ExtensionRow;
use super::function::FunctionRow;
use super::index::IndexRow;
use super::object::ObjectRow;
use super::policy::PolicyRow;
use super::privilege::{DefaultPrivilegeRow, OwnerRow, PrivilegeRow};
use super::schema::SchemaRow;
use super::sequence::SequenceRow;
use super::table::ColumnRow;
use super::table::TableRow;
use super::trigger::TriggerRow;
use super::types::TypeRow;
use super::view::ViewRow;

use super::{IntrospectError, Introspected, TableStats};
use crate::ir::*;
use indexmap::{IndexMap, IndexSet};

// ---------------------------------------------------------------- rows

/// Every row read, by query.
#[derive(Default)]
pub(super) struct Raw {
    pub(super) schemas: Vec<SchemaRow>,
    pub(super) extensions: Vec<ExtensionRow>,
    pub(super) enums: Vec<EnumRow>,
    pub(super) composites: Vec<CompositeRow>,
    pub(super) domains: Vec<DomainRow>,
    pub(super) sequences: Vec<SequenceRow>,
    pub(super) tables: Vec<TableRow>,
    pub(super) columns: Vec<ColumnRow>,
    pub(super) constraints: Vec<ConstraintRow>,
    pub(super) indexes: Vec<IndexRow>,
    pub(super) views: Vec<ViewRow>,
    pub(super) functions: Vec<FunctionRow>,
    pub(super) triggers: Vec<TriggerRow>,
    pub(super) policies: Vec<PolicyRow>,
    pub(super) objects: Vec<ObjectRow>,
    pub(super) privileges: Vec<PrivilegeRow>,
    pub(super) owners: Vec<OwnerRow>,
    pub(super) default_privileges: Vec<DefaultPrivilegeRow>,
    pub(super) comments: Vec<CommentRow>,
    pub(super) dependencies: Vec<DependencyRow>,
    pub(super) types: Vec<TypeRow>,
    pub(super) unmodelled: Vec<Unmodelled>,
}

/// A type mentioned by a row: its oid and typmod (`None` for function
/// arguments and results, which have no typmod).
pub(super) type TypeRef = (u32, Option<i32>);

// ------------------------------------------------------------ assembly

/// The keys of the objects the catalog holds, by oid.
#[derive(Default)]
pub(super) struct Oids {
    pub(super) schemas: IndexMap<u32, Ident>,
    pub(super) extensions: IndexMap<u32, (Ident, Option<String>)>,
    /// Enums and domains.
    pub(super) types: IndexMap<u32, ObjectKey>,
    /// The row type of each table (lowering names it like an enum or domain).
    pub(super) row_types: IndexMap<u32, QualName>,
    /// Array types of enums, domains and tables, and table row types: for
    /// dependencies only.
    pub(super) type_aliases: IndexMap<u32, ObjectKey>,
    /// Tables, views, sequences and indexes.
    pub(super) relations: IndexMap<u32, ObjectKey>,
    /// The index behind a primary key or unique constraint: for dependencies.
    pub(super) key_indexes: IndexMap<u32, ObjectKey>,
    /// `(table oid, attnum)` → column name.
    pub(super) columns: IndexMap<(u32, i32), Ident>,
    /// Column defaults (`pg_attrdef`) → their column.
    pub(super) defaults: IndexMap<u32, ObjectKey>,
    pub(super) constraints: IndexMap<u32, ObjectKey>,
    /// Check constraints of domains → their domain.
    pub(super) domain_checks: IndexMap<u32, ObjectKey>,
    /// View rules (`pg_rewrite`) → their view.
    pub(super) rules: IndexMap<u32, ObjectKey>,
    pub(super) triggers: IndexMap<u32, ObjectKey>,
    pub(super) functions: IndexMap<u32, ObjectKey>,
    /// Objects carried whole, by (catalog, oid).
    pub(super) objects: IndexMap<(String, u32), ObjectKey>,
}

impl Raw {
    /// Every type the rows mention, as the two parameter arrays of the types query.
    pub(super) fn type_refs(&self) -> (Vec<u32>, Vec<Option<i32>>) {
        let mut refs: IndexSet<TypeRef> = IndexSet::new();
        for domain in &self.domains {
            refs.insert((domain.base_oid, Some(domain.base_typmod)));
        }
        for composite in &self.composites {
            for (idx, &oid) in composite.attribute_types.iter().enumerate() {
                refs.insert((oid, composite.attribute_typmods.get(idx).copied()));
            }
        }
        for column in &self.columns {
            refs.insert((column.type_oid, Some(column.typmod)));
        }
        for view in &self.views {
            for (idx, &oid) in view.column_types.iter().enumerate() {
                refs.insert((oid, view.column_typmods.get(idx).copied()));
            }
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
            unmodelled: self.unmodelled,
            types: IndexMap::new(),
            table_stats: IndexMap::new(),
        };
        for row in &self.types {
            builder.types.insert((row.type_oid, row.typmod), row);
        }
        builder.schemas(&self.schemas);
        builder.extensions(self.extensions);
        builder.enums(self.enums);
        builder.register_composites(&self.composites);
        builder.register_view_types(&self.views);
        builder.tables(self.tables);
        builder.domains(self.domains)?;
        builder.composites(self.composites)?;
        builder.columns(self.columns)?;
        builder.constraints(self.constraints)?;
        builder.views(self.views)?;
        builder.indexes(self.indexes);
        builder.sequences(self.sequences);
        builder.functions(self.functions)?;
        builder.triggers(self.triggers);
        builder.policies(self.policies);
        builder.objects(self.objects)?;
        builder.privileges(self.privileges);
        builder.owners(self.owners);
        builder.default_privileges(self.default_privileges)?;
        builder.comments(self.comments);
        let dependencies = builder.dependencies(&self.dependencies);
        Ok(Introspected {
            catalog: builder.catalog,
            dependencies,
            table_stats: builder.table_stats,
            unmodelled: {
                let mut all = builder.unmodelled;
                all.sort();
                all.dedup();
                all
            },
        })
    }
}

pub(super) struct Builder<'a> {
    pub(super) catalog: Catalog,
    pub(super) oids: Oids,
    pub(super) unmodelled: Vec<Unmodelled>,
    pub(super) types: IndexMap<TypeRef, &'a TypeRow>,
    pub(super) table_stats: IndexMap<QualName, TableStats>,
}

impl Builder<'_> {
    /// A type as the IR spells it: enums, domains and table row types of the
    /// catalog by name, other types as `format_type` prints them; arrays as
    /// element + 1.
    pub(super) fn data_type(&self, type_ref: TypeRef) -> Result<DataType, IntrospectError> {
        let Some(row) = self.types.get(&type_ref) else {
            return Err(IntrospectError::Inconsistent(format!(
                "type {} was dropped while the catalog was read",
                type_ref.0
            )));
        };
        let base = match (self.oids.types.get(&row.element_oid), self.oids.row_types.get(&row.element_oid)) {
            (Some(ObjectKey::Enum(name) | ObjectKey::Domain(name) | ObjectKey::Composite(name)), _)
            | (_, Some(name)) => BaseType::Named(name.clone()),
            _ => BaseType::Builtin(row.formatted.clone()),
        };
        Ok(DataType { base, array_dims: u8::from(row.is_array) })
    }

    /// The view a relation oid stands for, if it is one of the catalog's.
    pub(super) fn view_name(&self, oid: u32) -> Option<QualName> {
        match self.oids.relations.get(&oid) {
            Some(ObjectKey::View(name)) => Some(name.clone()),
            _ => None,
        }
    }

    pub(super) fn table_name(&self, oid: u32) -> Option<QualName> {
        match self.oids.relations.get(&oid) {
            Some(ObjectKey::Table(name)) => Some(name.clone()),
            _ => None,
        }
    }
}
