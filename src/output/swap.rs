//! Swapping a complete staging folder in for the output folder, and clearing what a killed
//! build left beside it. Only folders carrying gazette's marker (or empty) are ever deleted.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{MARKER, OutputError, io};

/// Replaces `target` by `staging`. Where the system can exchange two folders in one step
/// (Linux), a build killed at any moment leaves either the old output or the new one at
/// `target`; elsewhere the old output is renamed aside first, and put back by the next build
/// if the process dies before the new one is in place ([`recover_interrupted_swap`]).
///
/// Then what the old output's root held that builds keep (`.git`, and with `keep_dotfiles` the
/// other dot-files and `CNAME`) moves, entry by entry, into the new one. A build killed before
/// that leaves them in the old output beside it, which the next build moves back
/// ([`remove_leftovers`]).
pub(super) fn swap_in(
    staging: &Path,
    target: &Path,
    (parent, name): (&Path, &str),
    keep_dotfiles: bool,
) -> Result<(), OutputError> {
    if !target.exists() {
        return std::fs::rename(staging, target).map_err(|error| {
            let _ = remove_our_folder(staging);
            io(target)(error)
        });
    }
    if exchange(staging, target).is_ok() {
        // `staging` now holds the previous output.
        carry_kept(staging, target, keep_dotfiles)?;
        return remove_our_folder(staging).map_err(io(staging));
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(target, &old).map_err(io(target))?;
    if let Err(error) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        let _ = remove_our_folder(staging);
        return Err(io(target)(error));
    }
    carry_kept(&old, target, keep_dotfiles)?;
    remove_our_folder(&old).map_err(io(&old))
}

/// Whether an entry of the output root outlives builds: a `.git` always (a deploy clone's
/// history is never deleted); with `keep_dotfiles`, every other dot-file and dot-folder
/// (`.nojekyll`, `.well-known`) and `CNAME`, but gazette's own marker and temporary files.
pub(super) fn is_kept(name: &str, keep_dotfiles: bool) -> bool {
    let ours = name == MARKER || name.contains(".gazette-");
    name == ".git" || (keep_dotfiles && !ours && (name.starts_with('.') || name == "CNAME"))
}

/// Moves the kept entries of the root of `from` into `to`, unless `to` has one of that name
/// (a static `CNAME` of the site wins over the old output's).
fn carry_kept(from: &Path, to: &Path, keep_dotfiles: bool) -> Result<(), OutputError> {
    for entry in std::fs::read_dir(from).map_err(io(from))?.flatten() {
        let name = entry.file_name();
        let destination = to.join(&name);
        let taken = std::fs::symlink_metadata(&destination).is_ok();
        if is_kept(&name.to_string_lossy(), keep_dotfiles) && !taken {
            std::fs::rename(entry.path(), &destination).map_err(io(&destination))?;
        }
    }
    Ok(())
}

/// Whether a folder holds nothing but entries builds keep (or nothing).
pub(in crate::output) fn holds_only_kept(folder: &Path, keep_dotfiles: bool) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries
            .flatten()
            .all(|e| is_kept(&e.file_name().to_string_lossy(), keep_dotfiles))
    })
}

/// Swaps two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Puts back an output a build renamed aside and could not replace (killed between the two
/// renames of [`swap_in`]'s fallback): it is still the complete previous output.
pub(super) fn recover_interrupted_swap(parent: &Path, name: &str, target: &Path) {
    if target.exists() {
        return;
    }
    let prefix = format!(".{name}.old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let old = entries.flatten().map(|e| e.path()).find(|path| {
        path.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
            && path.join(MARKER).is_file()
    });
    if let Some(old) = old {
        let _ = std::fs::rename(old, target);
    }
}

/// Removes staging or old folders a killed build left beside the output (ours only), once
/// what the output keeps across builds is moved back from them into `target`.
pub(super) fn remove_leftovers(parent: &Path, name: &str, target: &Path, keep_dotfiles: bool) {
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            if target.is_dir() {
                let _ = carry_kept(&entry.path(), target, keep_dotfiles);
            }
            let _ = remove_our_folder(&entry.path());
        }
    }
}

/// Deletes a folder only if it carries gazette's marker (or is empty), and never a `.git`
/// at its root: a folder still holding one keeps its marker, for the next build to move the
/// `.git` back into the output. The top-level entries are removed in parallel: on a disk,
/// deleting the previous 20,000 pages took as long as writing the new ones.
pub(super) fn remove_our_folder(folder: &Path) -> std::io::Result<()> {
    if !(folder.join(MARKER).is_file() || is_empty_dir(folder)) {
        return Ok(());
    }
    let marker = folder.join(MARKER);
    let git = folder.join(".git");
    let entries: Vec<PathBuf> = std::fs::read_dir(folder)?
        .map(|e| e.map(|e| e.path()))
        .filter(|path| {
            path.as_ref()
                .map_or(true, |path| *path != marker && *path != git)
        })
        .collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.is_dir() && !entry.is_symlink() {
            std::fs::remove_dir_all(entry)
        } else {
            std::fs::remove_file(entry)
        }
    })?;
    if std::fs::symlink_metadata(&git).is_ok() {
        return Ok(());
    }
    // The marker goes last: a build killed while deleting leaves a folder that still says
    // it is gazette's, so the next build finishes the job (found by killing builds at random).
    match std::fs::remove_file(&marker) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(folder)
}

pub(super) fn is_empty_dir(folder: &Path) -> bool {
    std::fs::read_dir(folder)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false)
}
