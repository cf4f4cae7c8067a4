//! Properties of the language: printing a catalog and compiling the text gives
//! the catalog back, for arbitrary catalogs of every object kind.

use crate::arb::arb_catalog;
use godwit::diagnostics::{self, SourceFiles};
use godwit::ir::{Catalog, Meta, ObjectKey, QualName, RenamedFrom};
use proptest::prelude::*;

/// Planner hints on some of the catalog's objects (old names that do not exist).
fn hints(catalog: &Catalog, bits: &[bool]) -> Meta {
    let mut meta = Meta::default();
    let mut bits = bits.iter().copied().cycle();
    for table in catalog.tables.values() {
        if bits.next().unwrap_or(false) {
            let old = QualName::new(table.name.schema.clone(), format!("old {}", table.name.name));
            meta.renamed_from.insert(ObjectKey::Table(table.name.clone()), RenamedFrom::Qualified(old));
        }
        if bits.next().unwrap_or(false) {
            meta.deprecated.insert(ObjectKey::Table(table.name.clone()));
        }
        for column in table.columns.values() {
            if bits.next().unwrap_or(false) {
                let key = ObjectKey::Column(table.name.clone(), column.name.clone());
                meta.renamed_from.insert(key, RenamedFrom::Local(format!("Old{}", column.name)));
            }
            if bits.next().unwrap_or(false) {
                meta.backfill.insert((table.name.clone(), column.name.clone()), "coalesce(1, 2)".to_string());
            }
        }
    }
    meta
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn parse_of_print_is_identity(catalog in arb_catalog(), bits in prop::collection::vec(prop::bool::weighted(0.1), 64)) {
        let meta = hints(&catalog, &bits);
        let printed = godwit::print::print_catalog(&catalog, &meta);
        let mut files = SourceFiles::new();
        files.add("printed.gw", printed.clone());
        let lowered = godwit::lower::compile(&files);
        prop_assert!(
            !lowered.has_errors(),
            "{}\n{printed}",
            diagnostics::render(&lowered.diagnostics, &files, false)
        );
        prop_assert_eq!(&lowered.catalog, &catalog, "printed:\n{}", printed);
        prop_assert_eq!(&lowered.meta.renamed_from, &meta.renamed_from, "printed:\n{}", printed);
        prop_assert_eq!(&lowered.meta.backfill, &meta.backfill, "printed:\n{}", printed);
        prop_assert_eq!(&lowered.meta.deprecated, &meta.deprecated, "printed:\n{}", printed);
        // The printed text is already in canonical layout.
        let (file, _) = godwit::syntax::parse(&printed);
        prop_assert_eq!(godwit::print::format_file(&file, &printed), printed);
    }
}
