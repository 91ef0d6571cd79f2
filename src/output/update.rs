//! Updating the previous output in place from a staging folder that holds only what changed.
//!
//! A build with a previous output writes only its new and changed files to the staging folder
//! and notes which of the previous output's files it keeps. Once the build has succeeded,
//! [`apply`] makes the output the new site: the previous output's files the new site does
//! not have are deleted, and the staged files renamed into place. Linking every kept file
//! into a complete staging folder and deleting the old output after the swap cost a warm
//! build at 100k articles over a million system calls, for a few hundred changed files.
//!
//! A build that fails leaves the output as it was: nothing touches it before [`apply`]. A
//! build killed during [`apply`] leaves a plan in its staging folder; the next build carries
//! it out before anything else ([`finish_interrupted`]), so the output always ends up as the
//! site that build made. Each file is replaced by a rename, so a reader never sees half a file.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::swap::is_kept;
use super::{MARKER, MARKER_TEXT, OutputError, inside, io};

/// The file, in a staging folder, that lists the files to delete from the output. Written
/// whole (under a temporary name, then renamed) once the build has succeeded: a staging folder
/// holding it is an update to finish, one without it an abandoned build to remove.
const PLAN: &str = ".gazette-update";

/// Files renamed last, once the files they describe are in place: a search shard's record of
/// what it was built from must never describe files that are still the previous build's.
const RECORD_PREFIX: &str = ".gazette-";

/// What the walk of the previous output found.
pub(super) struct Previous {
    /// Files (and links) the new site does not have, relative to the output folder.
    stale: Vec<PathBuf>,
    /// Whether a symbolic link was found: a kept file may have been found through it, so
    /// the output is not updated in place (the caller swaps in a complete folder instead).
    links: bool,
}

/// What a build updating the output has done so far, as it writes.
#[derive(Default)]
pub(super) struct Journal {
    /// The previous output's files the new site has as they are.
    pub(super) present: Vec<PathBuf>,
    /// The files written to the staging folder.
    pub(super) staged: HashSet<PathBuf>,
}

/// The paths the new site has: its files kept from the previous output as they are, and
/// those in the staging folder.
type NewFiles<'a> = HashSet<&'a Path, ahash::RandomState>;

/// Walks the previous output `target` for the files (and links) the new site does not have.
/// The root's entries that builds keep (`.git`, and with `keep_dotfiles` the other
/// dot-files) and the marker are left out. Folders are walked in parallel: at 100k articles
/// the output has 190,000 of them.
pub(super) fn survey(
    target: &Path,
    journal: &Journal,
    keep_dotfiles: bool,
) -> Result<Previous, OutputError> {
    let new: NewFiles<'_> = (journal.present.iter().chain(&journal.staged))
        .map(PathBuf::as_path)
        .collect();
    let keeps = |name: &str| name == MARKER || is_kept(name, keep_dotfiles);
    survey_folder(target, Path::new(""), &new, &keeps)
}

fn survey_folder(
    target: &Path,
    relative: &Path,
    new: &NewFiles<'_>,
    kept_at_root: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Previous, OutputError> {
    let folder = target.join(relative);
    let mut found = Previous {
        stale: Vec::new(),
        links: false,
    };
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
        let entry = entry.map_err(io(&folder))?;
        let name = entry.file_name();
        if relative.as_os_str().is_empty() && kept_at_root(&name.to_string_lossy()) {
            continue;
        }
        let path = relative.join(&name);
        // The kind read with the folder's entries, without a `stat` per file.
        let kind = entry.file_type().map_err(io(&path))?;
        if kind.is_dir() {
            folders.push(path);
            continue;
        }
        found.links |= kind.is_symlink();
        if !new.contains(path.as_path()) {
            found.stale.push(path);
        }
    }
    let below = folders
        .par_iter()
        .map(|path| survey_folder(target, path, new, kept_at_root))
        .collect::<Result<Vec<_>, _>>()?;
    for more in below {
        found.stale.extend(more.stale);
        found.links |= more.links;
    }
    Ok(found)
}

impl Previous {
    pub(super) fn has_links(&self) -> bool {
        self.links
    }
}

/// Every file in the staging folder `staging` (but the marker and the plan), relative to it.
fn staged_files(staging: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut files = Vec::new();
    for found in walkdir::WalkDir::new(staging).min_depth(1) {
        let found = found.map_err(|e| {
            let path = e.path().unwrap_or(staging).to_path_buf();
            io(&path)(e.into())
        })?;
        if found.file_type().is_dir() {
            continue;
        }
        let relative = found.path().strip_prefix(staging).expect("walked under it");
        if relative != Path::new(MARKER) && relative != Path::new(PLAN) {
            files.push(relative.to_path_buf());
        }
    }
    Ok(files)
}

/// Writes the plan into `staging`, then carries it out on `target`.
pub(super) fn apply(staging: &Path, target: &Path, previous: &Previous) -> Result<(), OutputError> {
    write_plan_only(staging, target, previous)?;
    carry_out(staging, target)
}

/// Writes the plan into `staging` and drops the output's page digests: from here on the
/// output changes, and they would describe pages being replaced. The staged marker brings
/// the new ones last.
pub(super) fn write_plan_only(
    staging: &Path,
    target: &Path,
    previous: &Previous,
) -> Result<(), OutputError> {
    write_plan(staging, &previous.stale)?;
    let marker = target.join(MARKER);
    std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))
}

/// Finishes the updates that builds killed during [`apply`] left beside `target` (staging
/// folders named `.<name>.staging-*` holding a plan).
pub(super) fn finish_interrupted(
    parent: &Path,
    name: &str,
    target: &Path,
) -> Result<(), OutputError> {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = entry.file_name().to_string_lossy().starts_with(&prefix);
        if ours && path.join(PLAN).is_file() && target.is_dir() {
            carry_out(&path, target)?;
        }
    }
    Ok(())
}

fn write_plan(staging: &Path, stale: &[PathBuf]) -> Result<(), OutputError> {
    let partial = staging.join(format!("{PLAN}.partial"));
    let write = || -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&partial)?);
        for path in stale {
            file.write_all(&path_bytes(path))?;
            file.write_all(b"\0")?;
        }
        file.into_inner().map_err(|e| e.into_error())?.sync_all()
    };
    write().map_err(io(&partial))?;
    let plan = staging.join(PLAN);
    std::fs::rename(&partial, &plan).map_err(io(&plan))
}

/// Carries out the plan in `staging`: deletes the stale files from `target` (and the folders
/// that leaves empty), renames every staged file into place (the records of search shards
/// and the marker last), then removes the staging folder. Each step can be done again: a
/// file already deleted or moved is skipped, so an interrupted update is finished by running
/// this once more.
fn carry_out(staging: &Path, target: &Path) -> Result<(), OutputError> {
    let plan_path = staging.join(PLAN);
    let plan = std::fs::read(&plan_path).map_err(io(&plan_path))?;
    let stale: Vec<PathBuf> = plan
        .split(|&b| b == 0)
        .filter(|bytes| !bytes.is_empty())
        .map(path_from_bytes)
        .collect();
    stale
        .par_iter()
        .try_for_each(|relative| remove_stale(target, relative))?;
    let mut files = staged_files(staging)?;
    // Records of what a folder's files were made from go last; so does the marker.
    files.sort_by_key(|path| {
        path.file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with(RECORD_PREFIX))
    });
    let mut safe_folders = HashSet::new();
    for relative in &files {
        move_into_place(staging, target, relative, &mut safe_folders)?;
    }
    let marker = staging.join(MARKER);
    if marker.is_file() {
        let destination = target.join(MARKER);
        std::fs::rename(&marker, &destination).map_err(io(&destination))?;
    }
    // Only empty folders are left, and the plan: it goes last, so that a build killed
    // before the folder is gone still finds it to finish (doing nothing more).
    for entry in std::fs::read_dir(staging).map_err(io(staging))?.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            std::fs::remove_dir_all(&path).map_err(io(&path))?;
        }
    }
    std::fs::remove_file(&plan_path).map_err(io(&plan_path))?;
    std::fs::remove_dir(staging).map_err(io(staging))
}

/// Deletes one stale file (or link) of `target`, then the folders that leaves empty. A path
/// that would lead out of the output (a `..`, or a folder on the way that is now a link) is
/// refused.
fn remove_stale(target: &Path, relative: &Path) -> Result<(), OutputError> {
    let normal = |c: Component<'_>| matches!(c, Component::Normal(_));
    if !relative.components().all(normal) {
        return Err(OutputError::Refused {
            path: target.join(relative),
            origin: None,
            reason: "an update's plan names a path outside the output folder".into(),
        });
    }
    // The file itself may be a link: removing it removes the link, not what it leads to.
    let folder = inside(target, relative.parent().unwrap_or(Path::new("")))?;
    let full = folder.join(relative.file_name().unwrap_or_default());
    match std::fs::symlink_metadata(&full) {
        // A folder where the plan found a file is not the file it found: leave it.
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => match std::fs::remove_file(&full) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&full)(e)),
            _ => {}
        },
        Err(_) => {}
    }
    let mut folder = full.parent();
    while let Some(dir) = folder {
        if dir == target || !dir.starts_with(target) || std::fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
    Ok(())
}

/// Renames `staging/relative` to `target/relative`, making its folders (see
/// [`make_folder`]); `safe_folders` remembers the folders already made or checked.
fn move_into_place(
    staging: &Path,
    target: &Path,
    relative: &Path,
    safe_folders: &mut HashSet<PathBuf>,
) -> Result<(), OutputError> {
    let folder = relative.parent().filter(|f| !f.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|f| !safe_folders.contains(*f)) {
        make_folder(target, folder)?;
        safe_folders.insert(folder.to_path_buf());
    }
    let (from, to) = (staging.join(relative), target.join(relative));
    match std::fs::rename(&from, &to) {
        Ok(()) => Ok(()),
        // Moved by the update this one finishes.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !from.exists() => Ok(()),
        Err(e) => Err(io(&to)(e)),
    }
}

/// Makes `target/folder`, refusing a folder on the way that is a symbolic link (see
/// [`inside`]), so nothing is ever written outside the output.
fn make_folder(target: &Path, folder: &Path) -> Result<(), OutputError> {
    let full = inside(target, folder)?;
    std::fs::create_dir_all(&full).map_err(io(&full))
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}
