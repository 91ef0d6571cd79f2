//! One writer at a time: an exclusive lock beside the output folder.
//!
//! Two builds writing one output folder would each clear the other's staging folder and swap
//! in whichever finished last, or worse. So a build, and a `watch` or `serve` session between
//! its rebuilds, holds an exclusive lock on `.<output>.lock` beside the output folder; a second
//! one stops at once, naming the process that holds it. The operating system releases the lock
//! when its holder exits, even when it is killed, so a stale file never blocks a build.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::{OutputError, io};

/// The lock on an output folder, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Takes the lock for the output folder `output`, or says which process holds it.
    pub fn acquire(output: &Path) -> Result<OutputLock, OutputError> {
        let path = lock_path(output);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        // The holder removes the file when done: a file locked after its removal is not
        // the lock any more, so try again with the new one.
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(OutputError::Locked {
                        path: output.to_path_buf(),
                        holder: holder(&mut file),
                    });
                }
                Err(TryLockError::Error(error)) => return Err(io(&path)(error)),
            }
            if is_same_file(&file, &path) {
                // Held from here: dropped on a failed write (a full disk), it removes its file.
                let mut lock = OutputLock { file, path };
                record_holder(&mut lock.file).map_err(io(&lock.path))?;
                return Ok(lock);
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other process can lock this file after us and
        // believe it holds the lock; it sees the file is gone and makes a new one.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// `.<name>.lock` beside the output folder `output`.
pub fn lock_path(output: &Path) -> PathBuf {
    let name = super::folder_name(output);
    let parent = output.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.lock"))
}

/// Whether the open `file` is still the one at `path`.
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Writes this process's id into the lock file, for the message another build shows.
fn record_holder(file: &mut File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{}", std::process::id())
}

/// The process id the holder wrote, if it did yet.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_holder_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let first = OutputLock::acquire(&output).unwrap();
        match OutputLock::acquire(&output) {
            Err(OutputError::Locked { holder, .. }) => {
                assert_eq!(holder, Some(std::process::id()));
            }
            other => panic!("expected a lock error, got {other:?}"),
        }
        drop(first);
        assert!(!lock_path(&output).exists(), "the lock file is removed");
        let again = OutputLock::acquire(&output).unwrap();
        drop(again);
    }
}
