//! Finding and reading schema files: a `.gw` file, or a directory of them.

use crate::diagnostics::SourceFiles;
use std::path::{Path, PathBuf};

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: no such file or directory")]
    NotFound { path: String },
    #[error("{path}: not a schema file (expected a `.gw` file or a directory of them)")]
    NotSchemaFile { path: String },
    #[error("{path}: the directory holds no `.gw` files")]
    EmptyDirectory { path: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is not valid UTF-8")]
    NotUtf8 { path: String },
}

/// The `.gw` files of `path`, sorted: `path` itself if it is a file, else every
/// `.gw` file below the directory (hidden directories are skipped).
pub fn schema_files(path: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let display = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => SourceError::NotFound { path: display.clone() },
        _ => SourceError::Io { path: display.clone(), source: err },
    })?;
    if metadata.is_file() {
        if path.extension().is_some_and(|ext| ext == "gw") {
            return Ok(vec![path.to_path_buf()]);
        }
        return Err(SourceError::NotSchemaFile { path: display });
    }
    let mut res = Vec::new();
    collect(path, &mut res)?;
    if res.is_empty() {
        return Err(SourceError::EmptyDirectory { path: display });
    }
    res.sort();
    Ok(res)
}

fn collect(dir: &Path, acc: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    let io = |source| SourceError::Io { path: dir.display().to_string(), source };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let hidden = path.file_name().is_some_and(|name| name.to_string_lossy().starts_with('.'));
        let file_type = entry.file_type().map_err(io)?;
        if file_type.is_dir() && !hidden {
            collect(&path, acc)?;
        } else if path.extension().is_some_and(|ext| ext == "gw") {
            acc.push(path);
        }
    }
    Ok(())
}

/// Reads one file as text.
pub fn read_text(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|source| SourceError::Io { path: path.display().to_string(), source })?;
    String::from_utf8(bytes).map_err(|_| SourceError::NotUtf8 { path: path.display().to_string() })
}

/// Reads every schema file of `path` into `files`.
pub fn load(path: &Path, files: &mut SourceFiles) -> Result<(), SourceError> {
    for file in schema_files(path)? {
        let text = read_text(&file)?;
        files.add(file.display().to_string(), text);
    }
    Ok(())
}
