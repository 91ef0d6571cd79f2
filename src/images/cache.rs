//! The variants cache: one file per (source content hash, width, format, quality, engine
//! version), written atomically so that no reader ever sees half a file.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Whether the file is in the cache. An empty file counts as missing: after a power cut a
/// renamed file may be empty on some file systems (writes are not synced, for speed).
pub(super) fn is_cached(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename: an
/// interrupted build leaves at worst a `.tmp` file, never a truncated variant, and two builds
/// writing the same key at once each rename a whole file with the same content.
pub(super) fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let folder = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(folder)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = folder.join(format!(".{name}.{}.{unique}.tmp", std::process::id()));
    fs::write(&temp, bytes)
        .and_then(|()| fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
}
