//! Properties of the language: printing a catalog and compiling the text gives
//! the catalog back, for arbitrary catalogs of every object kind.

use crate::arb::arb_catalog;
use godwit::diagnostics::{self, SourceFiles};
use godwit::ir::Meta;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn parse_of_print_is_identity(catalog in arb_catalog()) {
        let printed = godwit::print::print_catalog(&catalog, &Meta::default());
        let mut files = SourceFiles::new();
        files.add("printed.gw", printed.clone());
        let lowered = godwit::lower::compile(&files);
        prop_assert!(
            !lowered.has_errors(),
            "{}\n{printed}",
            diagnostics::render(&lowered.diagnostics, &files, false)
        );
        prop_assert_eq!(&lowered.catalog, &catalog, "printed:\n{}", printed);
        // The printed text is already in canonical layout.
        let (file, _) = godwit::syntax::parse(&printed);
        prop_assert_eq!(godwit::print::format_file(&file, &printed), printed);
    }
}
