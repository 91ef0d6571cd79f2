//! Content discovery: which Markdown files make up the site, read into memory.
//!
//! walkdir lists `content/articles/**`, skipping hidden entries and the temporary and backup
//! files editors leave beside what the user is writing (`.#a.md`, `a.md~`, `a.md.swp`), so a
//! half-saved file never becomes an article. Files are read in parallel; a file that cannot be
//! read or is not UTF-8 becomes a diagnostic, not a crash.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, line_column};

/// A Markdown file of the site, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, for messages: `content/articles/2016/accord.md`.
    pub path: PathBuf,
    pub text: String,
}

/// True for names editors and systems use for temporary, backup or hidden files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with('#')
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".orig",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

pub fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// Lists the Markdown files under `dir`, sorted, as absolute paths. A missing folder is empty.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>, walkdir::Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && is_markdown(&name) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Reads `files` in parallel. Unreadable and non-UTF-8 files become errors in the second list.
pub fn read_all(root: &Path, files: &[PathBuf]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let results: Vec<Result<SourceFile, Diagnostic>> =
        files.par_iter().map(|file| read(root, file)).collect();
    let mut sources = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(source) => sources.push(source),
            Err(problem) => problems.push(problem),
        }
    }
    (sources, problems)
}

/// Reads one file as UTF-8 text; its path in the result is relative to `root`.
pub fn read(root: &Path, file: &Path) -> Result<SourceFile, Diagnostic> {
    let path = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    let bytes = std::fs::read(file)
        .map_err(|e| Diagnostic::error(&path, 0, 0, format!("cannot read the file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { path, text }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes);
            let (line, column) = line_column(&text, valid);
            Err(Diagnostic::error(&path, line, column, "the file is not UTF-8 text")
                .quoting(&text)
                .with_hint("save the file as UTF-8 (most editors offer it under \"Save with encoding\")"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".a.md", "#a.md#", "a.md~", "a.md.swp", ".#a.md", "a.md.bak", "~$a.md",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "2016-07-15-accord.md", "élection.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn discovery_skips_hidden_folders_and_non_markdown() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "a.md",
            "b.txt",
            ".hidden/c.md",
            "2016/d.md",
            "2016/d.md~",
            "2016/e.markdown",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let found: Vec<_> = discover(root)
            .unwrap()
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["2016/d.md", "2016/e.markdown", "a.md"]);
    }

    #[test]
    fn non_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("latin1.md");
        std::fs::write(&file, b"---\ntitle: caf\xe9\n").unwrap();
        let (sources, problems) = read_all(dir.path(), &[file]);
        assert!(sources.is_empty());
        assert_eq!((problems[0].line, problems[0].column), (2, 11));
    }
}
