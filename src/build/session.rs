//! A site being watched: the kernel of its last good build, kept between changes, and the
//! changes not yet in the output.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::kernel::{Changes, Failed, Keep, Kernel};
use super::{BuildError, BuildOptions, BuildReport, Stages};

/// The incremental rebuilds of `watch` and `serve`.
pub struct Session {
    options: BuildOptions,
    kernel: Option<Kernel>,
    /// Changes not yet in the output: kept while rebuilds fail, so fixing one file brings
    /// in the others too.
    pending: Changes,
    /// Articles changed since the search index was last brought up to date.
    search_behind: bool,
}

/// What the search index update did.
#[derive(Debug)]
pub struct SearchUpdate {
    pub files_written: usize,
    pub took: Duration,
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            kernel: None,
            pending: Changes::everything(),
            search_behind: false,
        }
    }

    /// Brings the output up to date with the changed paths (relative to the site root); the
    /// first call, or any after a failed whole build, builds everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildReport, BuildError> {
        match &self.kernel {
            Some(kernel) => {
                self.pending.add(changed, &kernel.config().paths);
                // A profile's photo changed: its variants are made again by a whole build.
                self.pending.fresh |= kernel.shows_profile_photo(&self.pending);
                // An edit to one version of a story changes its translations' pages
                // (switcher, alternates) in the other editions, which rebuilds do not patch.
                self.pending.fresh |= kernel.is_multilingual();
            }
            None => self.pending.fresh = true,
        }
        if self.pending.fresh {
            return self.whole();
        }
        let started = Instant::now();
        let changes = std::mem::take(&mut self.pending);
        let kernel = self.kernel.as_mut().expect("checked above");
        match kernel.rebuild(&changes, started) {
            Ok((report, articles_changed)) => {
                self.search_behind |= articles_changed && kernel.config().search;
                Ok(report)
            }
            Err(Failed {
                error,
                model_intact,
            }) => {
                if model_intact {
                    self.pending = changes;
                } else {
                    // The model no longer matches the output: start afresh next time.
                    self.start_afresh();
                }
                Err(error)
            }
        }
    }

    /// Forgets the model: the next rebuild is a whole build.
    pub fn start_afresh(&mut self) {
        self.kernel = None;
        self.pending = Changes::everything();
        self.search_behind = false;
    }

    /// Whether the search index is behind the pages.
    pub fn search_behind(&self) -> bool {
        self.search_behind && self.kernel.is_some()
    }

    /// Re-indexes the search shards whose articles changed; `None` when nothing is to do.
    pub fn update_search(&mut self) -> Option<Result<SearchUpdate, BuildError>> {
        if !self.search_behind() {
            return None;
        }
        self.search_behind = false;
        let kernel = self.kernel.as_mut().expect("checked by search_behind");
        let result = kernel.update_search();
        if result.is_err() {
            self.start_afresh();
        }
        Some(result)
    }

    fn whole(&mut self) -> Result<BuildReport, BuildError> {
        // The last kernel holds the output lock, which the whole build takes again.
        self.start_afresh();
        let started = Instant::now();
        let mut clock = Stages::new(self.options.progress.clone());
        let (mut kernel, warnings) = Kernel::load(&self.options, Keep::ForRebuilds, &mut clock)?;
        let report = kernel.write_whole(warnings, &mut clock, started)?;
        self.pending = Changes::default();
        self.kernel = Some(kernel);
        Ok(report)
    }
}
