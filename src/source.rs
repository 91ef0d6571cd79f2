//! Content discovery: which Markdown files make up the site, read into memory.
//!
//! walkdir lists `content/articles/**`, skipping hidden entries and the temporary and backup
//! files editors leave beside what the user is writing (`.#a.md`, `a.md~`, `a.md.swp`), so a
//! half-saved file never becomes an article. Files are read in parallel; a file that cannot be
//! read, is not UTF-8 text, is too large, or is reached through a symbolic link leading out of
//! the site becomes a diagnostic, not a crash (and never a way to read the rest of the disk).

pub mod bundle;

use std::collections::{HashMap, HashSet};
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

pub use crate::config::layout::{is_ignored_name, is_markdown};

/// Lists the Markdown files under `dir`, sorted, as absolute paths. A missing folder is empty.
///
/// Symbolic links are followed while they stay inside the site folder `root`. A link leading
/// out of it is listed as it is, not followed (a link to `/` would otherwise make the build
/// read the whole disk), and [`read_all`] refuses it with an error naming the link.
pub fn discover(dir: &Path, root: &Path) -> Result<Vec<PathBuf>, walkdir::Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let leads_out = |path: &Path| !is_inside(path, &real_root);
    if leads_out(dir) {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut linked_out = Vec::new();
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            let ignored = entry.depth() > 0 && is_ignored_name(&name);
            let out = !ignored && entry.path_is_symlink() && leads_out(entry.path());
            if out {
                linked_out.push(entry.path().to_path_buf());
            }
            !ignored && !out
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy();
                if entry.file_type().is_file() && is_markdown(&name) {
                    files.push(entry.into_path());
                }
            }
            Err(error) => match listed_error(&error, &leads_out) {
                Listed::Skipped => {}
                Listed::Read(path) => files.push(path),
                Listed::Fatal => return Err(error),
            },
        }
    }
    files.append(&mut linked_out);
    files.sort();
    Ok(files)
}

/// What the listing does with an entry walkdir could not list.
enum Listed {
    /// An editor's leftover: skipped before anything about it is checked.
    Skipped,
    /// Listed, so that reading it names it and says what is wrong: a link to nothing, a
    /// link leading out of the site, or a link to a folder holding it (a loop).
    Read(PathBuf),
    /// Anything else (a folder that cannot be read) stops the listing.
    Fatal,
}

fn listed_error(error: &walkdir::Error, leads_out: &impl Fn(&Path) -> bool) -> Listed {
    let Some(path) = error.path() else {
        return Listed::Fatal;
    };
    // Emacs's lock file `.#a.md` is a link to `user@host.1234`, which leads nowhere.
    let leftover = path
        .file_name()
        .is_some_and(|name| is_ignored_name(&name.to_string_lossy()));
    if leftover {
        Listed::Skipped
    } else if is_broken_link(path) || leads_out(path) || error.loop_ancestor().is_some() {
        Listed::Read(path.to_path_buf())
    } else {
        Listed::Fatal
    }
}

fn is_broken_link(path: &Path) -> bool {
    path.is_symlink() && !path.exists()
}

/// Whether `path`, its links resolved, is inside the folder `real_root` (itself resolved).
/// A path that cannot be resolved (a broken link) is not.
fn is_inside(path: &Path, real_root: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|real| real.starts_with(real_root))
}

/// Reads `files` in parallel. Unreadable and non-UTF-8 files, and links leading out of the
/// site folder `root`, become errors in the second list.
pub fn read_all(root: &Path, files: &[PathBuf]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let reader = Reader::new(root, files);
    let results: Vec<Result<SourceFile, Diagnostic>> =
        files.par_iter().map(|file| reader.read(file)).collect();
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

/// Reads the source files of one site, refusing links that lead out of it.
pub struct Reader<'a> {
    root: &'a Path,
    real_root: PathBuf,
    /// Whether each folder of the files to read is inside the site, its links resolved: once
    /// per folder rather than once per file (thousands of articles sit in a few hundred
    /// folders, and resolving a path costs a system call per component).
    folders: HashMap<PathBuf, bool>,
}

impl<'a> Reader<'a> {
    /// A reader for `files` (absolute paths) of the site at `root`.
    pub fn new(root: &'a Path, files: &[PathBuf]) -> Reader<'a> {
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let folders = files
            .iter()
            .filter_map(|file| file.parent())
            .collect::<HashSet<_>>()
            .into_par_iter()
            .map(|folder| (folder.to_path_buf(), is_inside(folder, &real_root)))
            .collect();
        Reader {
            root,
            real_root,
            folders,
        }
    }

    /// Reads one of the files as UTF-8 text; its path in the result is relative to the root.
    pub fn read(&self, file: &Path) -> Result<SourceFile, Diagnostic> {
        use std::io::Read;
        use std::os::unix::fs::OpenOptionsExt;
        let path = file.strip_prefix(self.root).unwrap_or(file).to_path_buf();
        let folder_inside = file.parent().is_some_and(|folder| {
            self.folders
                .get(folder)
                .copied()
                .unwrap_or_else(|| is_inside(folder, &self.real_root))
        });
        if !folder_inside {
            return Err(outside(&path, file));
        }
        let cannot = |e: std::io::Error| {
            Diagnostic::error_in_file(&path, format!("cannot read the file: {e}"))
        };
        // Opened without following a link, a file is read with one status call (for its
        // size); only a link is resolved, to check it leads inside the site.
        let not_following = rustix::fs::OFlags::NOFOLLOW.bits() as i32;
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(not_following)
            .open(file);
        let opened = match opened {
            Ok(opened) => opened,
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                if !is_inside(file, &self.real_root) {
                    return Err(outside(&path, file));
                }
                std::fs::File::open(file).map_err(cannot)?
            }
            Err(e) => return Err(cannot(e)),
        };
        let metadata = opened.metadata().map_err(cannot)?;
        if metadata.is_dir() {
            // Only a link walkdir found leading back to a folder above it is listed as a folder.
            return Err(a_loop(&path, file));
        }
        let size = metadata.len();
        if size > MAX_FILE_BYTES {
            return Err(too_large(&path, size));
        }
        // Through `take`, the read asks for no size again (`File::read_to_end` would).
        let mut bytes = Vec::with_capacity(size as usize);
        opened
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(&path, bytes.len() as u64));
        }
        decode(&path, bytes)
    }
}

/// The largest source file read, in bytes. A 50 MB article took minutes and a gigabyte of
/// memory to build (most of it indexing it for search), for no article anyone writes.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

fn too_large(path: &Path, size: u64) -> Diagnostic {
    let megabytes = |bytes: u64| bytes as f64 / (1 << 20) as f64;
    Diagnostic::error_in_file(
        path,
        format!(
            "the file is {:.1} MiB; gazette reads articles and profiles of at most {:.0} MiB",
            megabytes(size),
            megabytes(MAX_FILE_BYTES)
        ),
    )
    .with_hint("split it into several articles, or put large data in static/ and link to it")
}

/// Checks the bytes of a source file are text gazette reads: UTF-8 (a byte order mark and
/// CRLF line ends are fine), not empty, without NUL bytes. Anything else is an error at its
/// line, column and byte offset, saying what the file looks like.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            "the file is not UTF-8 text: it is UTF-16 (it starts with a UTF-16 byte order mark)",
        )
        .with_hint(SAVE_AS_UTF8));
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(nul_byte(path, &bytes, offset));
    }
    // Every source byte is checked: simdutf8 does it several times faster than the standard
    // library on accented text, and the standard library, only on failure, says where.
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        let error = String::from_utf8(bytes).expect_err("simdutf8 found invalid UTF-8");
        return Err(not_utf8(path, error));
    }
    // SAFETY: just checked to be UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(
            Diagnostic::error(path, 1, 1, "the file is empty").with_hint(
                "write its front matter (`---`, `title: …`, `---`) and text, or delete the file",
            ),
        );
    }
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// The line and column (in characters) of a byte offset in bytes that may not be UTF-8.
fn byte_line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// A NUL byte: in a binary file, or in UTF-16 text, which has one in every other byte.
fn nul_byte(path: &Path, bytes: &[u8], offset: usize) -> Diagnostic {
    let (line, column) = byte_line_column(bytes, offset);
    let utf16 = bytes.iter().skip(offset % 2).step_by(2).all(|&b| b == 0);
    let (looks, hint) = if utf16 {
        ("; it looks like UTF-16", SAVE_AS_UTF8)
    } else {
        (
            "",
            "a Markdown file is text: remove the NUL byte, or move a binary file out of content/",
        )
    };
    Diagnostic::error(
        path,
        line,
        column,
        format!("the file contains a NUL byte (at byte offset {offset}){looks}"),
    )
    .with_hint(hint)
}

const SAVE_AS_UTF8: &str =
    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")";

/// Where a file stops being UTF-8, and what it probably is instead.
fn not_utf8(path: &Path, error: std::string::FromUtf8Error) -> Diagnostic {
    let offset = error.utf8_error().valid_up_to();
    let cut_short = error.utf8_error().error_len().is_none();
    let bytes = error.into_bytes();
    let byte = bytes[offset];
    let text = String::from_utf8_lossy(&bytes);
    let (line, column) = line_column(&text, offset);
    // Accented letters of Latin-1 and Windows-1252 are single bytes from 0x80 up, which UTF-8
    // never has on their own; a file cut short can end inside a character.
    let guess = if cut_short {
        ": it ends in the middle of a character"
    } else {
        ", probably Latin-1 or Windows-1252"
    };
    Diagnostic::error(
        path,
        line,
        column,
        format!("the file is not UTF-8 text{guess}: byte 0x{byte:02X} at byte offset {offset}"),
    )
    .quoting(&text)
    .with_hint(SAVE_AS_UTF8)
}

/// The error for a link (or a path through one) that leads out of the site folder.
fn outside(path: &Path, file: &Path) -> Diagnostic {
    let message = match file.canonicalize() {
        Ok(real) => format!(
            "this is a symbolic link to {}, outside the site folder; it is not read",
            real.display()
        ),
        Err(_) => "this is a symbolic link that leads nowhere; it is not read".to_owned(),
    };
    Diagnostic::error_in_file(path, message).with_hint(
        "gazette reads only files inside the site: copy the file in instead of linking to it",
    )
}

/// The error for a link to a folder that holds it: following it would never end.
fn a_loop(path: &Path, file: &Path) -> Diagnostic {
    let target = file
        .canonicalize()
        .map_or_else(|_| "a folder".to_owned(), |real| real.display().to_string());
    Diagnostic::error_in_file(path, format!("this is a symbolic link to {target}, a folder that holds it (a loop); it is not followed"),
    )
    .with_hint("remove the link, or make it point to a folder beside it rather than above it")
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
        let found: Vec<_> = discover(root, root)
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
