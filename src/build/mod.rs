//! The build layer: one kernel that owns the site model and the output state, and the three
//! ways of running it.
//!
//! - [`build`]: a whole build into a staging folder, then put in place of the output folder
//!   (swapped in whole, or the previous output updated with what changed);
//! - [`check`]: the same validations and every page rendered in memory, nothing written;
//! - [`Session`]: the incremental rebuilds of `watch` and `serve`, which keep the kernel
//!   between changes and write in place.
//!
//! All three load through [`kernel`] and write through its one render-and-write path, one
//! publish path and one static-file sync, so a change to what a build makes is made once.
//! Content problems from every stage are collected; if any is an error the build stops before
//! writing, so the previous output is untouched.

mod kernel;
mod session;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::{Config, ConfigError, Overrides};
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::output::OutputError;
use crate::progress::Progress;

pub use session::{SearchUpdate, Session};

/// What `gazette build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    /// Include `draft: true` articles.
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    /// Where the stages report how far they are (nothing by default).
    pub progress: Progress,
    /// The process ends right after this build (`gazette build`): the site model, templates
    /// and cards are left for the operating system to take back at exit instead of being
    /// freed one allocation at a time (a serial 0.05 s at 10,000 articles, more at 100,000).
    pub exit_after: bool,
    /// Read and write the body cache (`.gazette-cache/articles/`, see `crate::load::cache`)
    /// in the first build: `gazette build` does unless `--no-cache`, and so do `watch` and
    /// `serve`; `check` never does.
    pub body_cache: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
    /// Files written anew; the others were unchanged and kept from the previous output.
    pub files_written: usize,
    /// Pages kept from the previous output without being rendered: made from the same
    /// inputs (see `render::fingerprint`).
    pub pages_kept: usize,
    /// Articles whose bodies came from the body cache, not rendered again
    /// (`crate::load::cache`).
    pub articles_cached: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// How long each stage took, in order (`gazette build --timings`).
    pub stages: Vec<(&'static str, Duration)>,
    /// The resident memory after each of those stages, in bytes, where the system says
    /// (`--timings`).
    pub resident: Vec<(&'static str, u64)>,
    /// The build's peak resident memory, in bytes, where the system says (`--timings`).
    pub peak_memory: Option<u64>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// How the pages were minified, when not from minified templates (`--timings`).
    pub minify_note: Option<String>,
    /// Actor names found in article texts (`--timings`); zero for an incremental rebuild.
    pub mentions: MentionTally,
}

/// How many mentions of profiled actors the article texts hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MentionTally {
    pub found: u64,
    /// Of which found through a surname, within an article that named the person in full.
    pub by_surname: u64,
}

impl MentionTally {
    /// The tally of a site's article bodies.
    pub fn of(site: &crate::model::Site) -> MentionTally {
        MentionTally::of_all(std::iter::once(site))
    }

    /// The tally of the article bodies of several sites (a site's editions in each language).
    pub fn of_all<'s>(sites: impl Iterator<Item = &'s crate::model::Site>) -> MentionTally {
        let bodies = sites.flat_map(|site| site.articles.iter().map(|a| &a.body));
        bodies.fold(MentionTally::default(), |tally, body| MentionTally {
            found: tally.found
                + body
                    .mention_counts
                    .iter()
                    .map(|&n| u64::from(n))
                    .sum::<u64>(),
            by_surname: tally.by_surname + u64::from(body.surname_mentions),
        })
    }
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the build failed with {} error(s); the previous output was left as it was", .0.error_count())]
    Content(Diagnostics),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("cannot list {}: {source}", path.display())]
    Discover {
        path: PathBuf,
        source: walkdir::Error,
    },
    /// A bug in gazette, caught so that `watch` and `serve` go on.
    #[error("{0}")]
    Internal(String),
}

impl From<Diagnostics> for BuildError {
    fn from(diagnostics: Diagnostics) -> BuildError {
        BuildError::Content(diagnostics)
    }
}

impl BuildError {
    /// The content diagnostics of a failed build, if that is why it failed.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            BuildError::Content(d) => Some(d),
            _ => None,
        }
    }
}

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut clock = Stages::new(options.progress.clone());
    let (mut kernel, warnings) = kernel::Kernel::load(options, kernel::Keep::Nothing, &mut clock)?;
    let mut report = kernel.write_whole(warnings, &mut clock, started)?;
    report.stages = clock.stages;
    report.resident = clock.resident;
    report.peak_memory = crate::progress::resident_memory().map(|(_, peak)| peak);
    if options.exit_after {
        kernel.forget_model();
    }
    Ok(report)
}

/// What `gazette check` works on: the site as [`build`] would write it, and nothing written.
pub struct Checked {
    pub config: Config,
    /// `None` when the content is too broken to assemble a site (the errors say why).
    pub site: Option<Site>,
    /// Every page and static file the build would write, relative to the output folder.
    pub files: HashSet<PathBuf>,
    /// Every problem `build` would report, errors included.
    pub diagnostics: Diagnostics,
    /// The first page the minified templates make otherwise than the page-by-page minifier
    /// (also a warning in `diagnostics`); every page is compared.
    pub minify_difference: Option<String>,
    /// The other languages' editions (`languages:`), each with its configuration.
    pub others: Vec<(Config, Site)>,
}

/// Runs every validation of [`build`] (configuration, content, templates, static files) and
/// writes nothing: each page is rendered in memory and dropped, so template errors show too,
/// and pages made from minified templates are compared with the page-by-page minifier's.
/// Only an unreadable configuration or content folder is an `Err`; content problems are in
/// [`Checked::diagnostics`].
pub fn check(options: &BuildOptions) -> Result<Checked, BuildError> {
    let mut clock = Stages::new(options.progress.clone());
    kernel::check(options, &mut clock, None)
}

/// Something that reads each page [`check_pages`] renders: its path in the output folder and
/// its HTML, as the templates made it (before whole-page minification). Called from the
/// rendering threads.
pub type PageInspector<'a> = &'a (dyn Fn(&std::path::Path, &[u8]) + Sync);

/// Like [`check`], handing each rendered page to `inspect` before it is dropped.
pub fn check_pages(
    options: &BuildOptions,
    inspect: PageInspector<'_>,
) -> Result<Checked, BuildError> {
    let mut clock = Stages::new(options.progress.clone());
    kernel::check(options, &mut clock, Some(inspect))
}

/// Stage timings for `--timings`, and the progress the stages report to.
pub(crate) struct Stages {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
    resident: Vec<(&'static str, u64)>,
    progress: Progress,
}

impl Stages {
    fn new(progress: Progress) -> Self {
        Stages {
            last: Instant::now(),
            stages: Vec::new(),
            resident: Vec::new(),
            progress,
        }
    }

    /// A stage that ran alongside others, timed on its own.
    fn record(&mut self, stage: &'static str, took: Duration) {
        self.stages.push((stage, took));
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        if let Some((resident, _)) = crate::progress::resident_memory() {
            self.resident.push((stage, resident));
        }
        self.last = now;
    }
}
