//! `godwit fmt`: one canonical layout, a fixed point, comments kept, meaning unchanged.

use godwit::diagnostics::SourceFiles;
use std::path::{Path, PathBuf};

fn format(text: &str) -> String {
    let (file, errors) = godwit::syntax::parse(text);
    assert!(errors.is_empty(), "{errors:?}");
    godwit::print::format_file(&file, text)
}

fn comments(text: &str) -> Vec<String> {
    let (file, _) = godwit::syntax::parse(text);
    file.comments.into_iter().map(|comment| comment.text).collect()
}

fn catalog_of(texts: &[(String, String)]) -> godwit::ir::Catalog {
    let mut files = SourceFiles::new();
    for (name, text) in texts {
        files.add(name.clone(), text.clone());
    }
    let lowered = godwit::lower::compile(&files);
    assert!(!lowered.has_errors(), "{}", godwit::diagnostics::render(&lowered.diagnostics, &files, false));
    lowered.catalog
}

/// Every schema file of the repository that must be valid: grouped by directory,
/// since a directory is one schema.
fn schema_dirs() -> Vec<Vec<PathBuf>> {
    let mut dirs = vec![PathBuf::from("tests/data/parse/ok"), PathBuf::from("tests/data/fmt")];
    let mut stack = vec![PathBuf::from("schemas")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
                dirs.push(entry.path());
            }
        }
    }
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "gw"))
                .collect();
            files.sort();
            files
        })
        .filter(|files| !files.is_empty())
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn formatting_is_a_fixed_point_keeps_comments_and_meaning() {
    let mut n_files = 0;
    for dir in schema_dirs() {
        let originals: Vec<(String, String)> =
            dir.iter().map(|path| (path.display().to_string(), read(path))).collect();
        let formatted: Vec<(String, String)> =
            originals.iter().map(|(name, text)| (name.clone(), format(text))).collect();
        for ((name, original), (_, once)) in originals.iter().zip(&formatted) {
            assert_eq!(&format(once), once, "formatting {name} twice changes it");
            assert_eq!(comments(original), comments(once), "formatting {name} changes its comments");
            n_files += 1;
        }
        assert_eq!(catalog_of(&originals), catalog_of(&formatted), "formatting {dir:?} changes the schema");
    }
    assert!(n_files >= 2);
}

#[test]
fn messy_file_formats_canonically() {
    insta::assert_snapshot!(format(&read(Path::new("tests/data/fmt/messy.gw"))));
}

#[test]
fn repository_schemas_are_formatted() {
    for dir in schema_dirs() {
        for path in dir.iter().filter(|path| path.starts_with("schemas")) {
            let text = read(path);
            assert_eq!(format(&text), text, "{} is not formatted: run `godwit fmt schemas`", path.display());
        }
    }
}
