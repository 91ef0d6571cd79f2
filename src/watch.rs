//! Watching a site's sources and rebuilding on change: `gazette watch`, and the heart of
//! `gazette serve`.
//!
//! File events are debounced (a `git checkout` of a thousand files is one rebuild) and
//! filtered (editor swap, backup and lock files, the output folder); each burst goes to an
//! incremental rebuild ([`crate::build::Session`]) that renders only what the changes affect and
//! must always give what a clean `gazette build` of the same files gives. A failed rebuild
//! leaves the last good site in place; the watcher goes on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::build::{self, BuildError, BuildOptions, BuildReport, SearchUpdate, Session};
use crate::config::layout::{WATCHED, is_source};

/// How long a file must be quiet before its events are delivered. Short, because it is most
/// of the time between saving a file and seeing the page: an editor's save is over in
/// microseconds.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer looks for quiet files.
const TICK: Duration = Duration::from_millis(5);

/// How long the watcher waits, after events, for more before rebuilding: a `git checkout`
/// writing files for longer than [`DEBOUNCE`] delivers them in batches a tick apart, and is
/// still one rebuild. Two ticks: one late tick still joins the burst.
pub const QUIET: Duration = Duration::from_millis(10);

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch {}: {source}", path.display())]
    Notify {
        path: PathBuf,
        source: notify::Error,
    },
}

/// The outcome of one (re)build, for the serve mode's live reload and error overlay.
pub enum Outcome<'a> {
    /// The pages are written; `search_follows` when the search index is updated next.
    Built {
        report: &'a BuildReport,
        search_follows: bool,
    },
    /// The search index caught up with the pages of the last rebuild.
    Indexed(&'a SearchUpdate),
    Failed(&'a BuildError),
}

/// Builds once, then rebuilds after every burst of changes until `stop` says so. `on_build`
/// hears of every outcome, with the changed paths (empty for the first build).
pub fn run(
    options: &BuildOptions,
    mut on_build: impl FnMut(Outcome<'_>, &[PathBuf], Duration),
    stop: impl Fn() -> bool,
) -> Result<(), WatchError> {
    // Events name paths under the folder as it was given to the watcher: a canonical root
    // makes them comparable (no `.` components, no symlinks).
    let root = options
        .root
        .canonicalize()
        .map_err(|source| WatchError::Notify {
            path: options.root.clone(),
            source: notify::Error::io(source),
        })?;
    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, Some(TICK), sender).map_err(|source| WatchError::Notify {
            path: root.clone(),
            source,
        })?;
    // The root itself is watched without recursion (site.yaml, and source folders created
    // later); its source folders recursively. The output folder is never watched.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|source| WatchError::Notify {
            path: root.clone(),
            source,
        })?;
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut watch_sources = |debouncer: &mut notify_debouncer_full::Debouncer<_, _>| {
        for name in WATCHED {
            let dir = root.join(name);
            if dir.is_dir() && !watched.contains(&dir) {
                if debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    watched.insert(dir);
                }
            } else if !dir.is_dir() {
                watched.remove(&dir);
            }
        }
    };
    watch_sources(&mut debouncer);
    let mut session = Session::new(options.clone());
    rebuild(&mut session, &[], &mut on_build);
    while !stop() {
        let Ok(batch) = events.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        let mut changed = relevant_paths(&root, batch);
        // Take in whatever follows until the burst is over: one rebuild for all of it.
        while let Ok(more) = events.recv_timeout(QUIET) {
            changed.extend(relevant_paths(&root, more));
        }
        if changed.is_empty() {
            continue;
        }
        watch_sources(&mut debouncer);
        let changed: Vec<PathBuf> = changed.into_iter().collect();
        rebuild(&mut session, &changed, &mut on_build);
    }
    Ok(())
}

fn rebuild(
    session: &mut Session,
    changed: &[PathBuf],
    on_build: &mut impl FnMut(Outcome<'_>, &[PathBuf], Duration),
) {
    let started = Instant::now();
    let result = caught(session, |session| session.rebuild(changed));
    let took = started.elapsed();
    match result {
        Ok(report) => {
            let search_follows = session.search_behind();
            on_build(
                Outcome::Built {
                    report: &report,
                    search_follows,
                },
                changed,
                took,
            );
        }
        Err(error) => on_build(Outcome::Failed(&error), changed, took),
    }
    let started = Instant::now();
    if session.search_behind() {
        match caught(session, |session| {
            session.update_search().expect("the index is behind")
        }) {
            Ok(update) => on_build(Outcome::Indexed(&update), changed, started.elapsed()),
            Err(error) => on_build(Outcome::Failed(&error), changed, started.elapsed()),
        }
    }
}

/// Runs a step of the session; a panic in it must not end the watch: the session then
/// starts afresh.
fn caught<T>(
    session: &mut Session,
    step: impl FnOnce(&mut Session) -> Result<T, BuildError>,
) -> Result<T, BuildError> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| step(session)));
    result.unwrap_or_else(|_| {
        session.start_afresh();
        Err(BuildError::Internal(
            "the build stopped on an internal error".to_owned(),
        ))
    })
}

/// The source paths (relative to the root) a batch of events touched.
fn relevant_paths(root: &Path, batch: DebounceEventResult) -> BTreeSet<PathBuf> {
    let Ok(events) = batch else {
        // The watcher lost events (an overflow): rebuild to be safe.
        return BTreeSet::from([PathBuf::from(".")]);
    };
    events
        .iter()
        .filter(|event| is_change(&event.kind))
        .flat_map(|event| event.paths.iter())
        .filter_map(|path| path.strip_prefix(root).ok())
        .filter(|relative| is_source(relative))
        .map(Path::to_path_buf)
        .collect()
}

/// Whether an event changes a file: the build's own reading of the sources (access events,
/// access times) must not start another build.
fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

/// What `--verify` found after a rebuild.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Files (relative to the output folder) whose bytes differ from a clean build's, missing
    /// ones included.
    pub differing: Vec<PathBuf>,
    /// The first page the minified templates make otherwise than the page-by-page minifier.
    pub minify_difference: Option<String>,
}

/// Builds the same sources cleanly into a scratch folder and lists the files whose bytes
/// differ from `output`'s; then renders every page again with the templates as written and
/// minified, and compares the two. For `--verify`: a rebuild must always equal a clean build,
/// and the minified templates must never change a page.
pub fn verify(options: &BuildOptions, output: &Path) -> Result<Verdict, BuildError> {
    let scratch = std::env::temp_dir().join(format!("gazette-verify-{}", std::process::id()));
    let mut clean = options.clone();
    clean.overrides.output = Some(scratch.clone());
    build::build(&clean)?;
    let (ours, theirs) = (files_of(output), files_of(&scratch));
    let mut differing: Vec<PathBuf> = ours
        .keys()
        .chain(theirs.keys())
        .filter(|path| ours.get(*path) != theirs.get(*path))
        .cloned()
        .collect();
    differing.sort();
    differing.dedup();
    let minify_difference = build::check(options)?.minify_difference;
    Ok(Verdict {
        differing,
        minify_difference,
    })
}

/// Every file under `dir` (but gazette's marker) with a digest of its bytes.
fn files_of(dir: &Path) -> std::collections::BTreeMap<PathBuf, u64> {
    use std::hash::{Hash, Hasher};
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != crate::output::MARKER)
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            let mut hasher = std::hash::DefaultHasher::new();
            bytes.hash(&mut hasher);
            let relative = e.path().strip_prefix(dir).ok()?.to_path_buf();
            Some((relative, hasher.finish()))
        })
        .collect()
}

/// "content/articles/a.md" or "3 files (content/articles/a.md, …)".
pub fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "first build".to_owned(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} files ({}, …)", rest.len() + 1, first.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_described_briefly() {
        assert_eq!(describe(&[]), "first build");
        let many = [PathBuf::from("a.md"), PathBuf::from("b.md")];
        assert_eq!(describe(&many), "2 files (a.md, …)");
    }
}
