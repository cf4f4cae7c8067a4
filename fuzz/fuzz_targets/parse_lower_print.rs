//! Any text: parsing, lowering and printing never panic, and whatever lowers
//! without errors prints to text that lowers to the same catalog.

#![no_main]

use godwit::diagnostics::SourceFiles;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (file, errors) = godwit::syntax::parse(text);
    if errors.is_empty() {
        // Formatting a parsed file must give text that parses again.
        let formatted = godwit::print::format_file(&file, text);
        let (_, again) = godwit::syntax::parse(&formatted);
        assert!(again.is_empty(), "formatted text does not parse:\n{formatted}");
    }
    let mut files = SourceFiles::new();
    files.add("fuzz.gw", text);
    let lowered = godwit::lower::compile(&files);
    let _ = godwit::diagnostics::render(&lowered.diagnostics, &files, false);
    if lowered.has_errors() {
        return;
    }
    let printed = godwit::print::print_catalog(&lowered.catalog, &lowered.meta);
    let mut printed_files = SourceFiles::new();
    printed_files.add("printed.gw", printed.clone());
    let relowered = godwit::lower::compile(&printed_files);
    assert!(!relowered.has_errors(), "printed catalog does not compile:\n{printed}");
    assert!(relowered.catalog == lowered.catalog, "print round trip changed the catalog:\n{printed}");
});
