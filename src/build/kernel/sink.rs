//! Where the files a build makes go. The kernel has one path for pages, one for feeds and
//! sitemaps and one for static files; the sink is what tells a whole build, a rebuild and
//! `check` apart.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::minify::minify;
use crate::output::{self, OutputError, PageMemo, Staging};

/// The destination of one build's files.
pub(crate) enum Sink<'a> {
    /// A whole build: a staging folder put in place at the end (see [`Staging`]). A page
    /// made from the same inputs, or minified from the same bytes, as in the previous build
    /// is kept from there, not rendered or minified again.
    Staging {
        staging: &'a Staging,
        memo: &'a PageMemo,
    },
    /// A rebuild: the output folder itself, each file written through a rename and only when
    /// its bytes changed.
    InPlace {
        output: &'a Path,
        written: AtomicUsize,
    },
    /// Files held in memory, to be written only if every one of them could be made.
    Held(Mutex<Vec<(PathBuf, Vec<u8>)>>),
    /// `check`: pages are rendered, then dropped.
    Nowhere,
    /// `check` with a reader of each page (the HTML conformance pass): pages are rendered,
    /// shown to it, then dropped; other files are not made.
    Inspect(super::super::PageInspector<'a>),
}

impl<'a> Sink<'a> {
    pub(crate) fn in_place(output: &'a Path) -> Sink<'a> {
        Sink::InPlace {
            output,
            written: AtomicUsize::new(0),
        }
    }

    pub(crate) fn held() -> Sink<'a> {
        Sink::Held(Mutex::new(Vec::new()))
    }

    /// Writes one file at `path`, relative to the output folder.
    pub(crate) fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        match self {
            Sink::Staging { staging, .. } => staging.write(path, bytes),
            Sink::InPlace { output, written } => {
                if output::update_in_place(output, path, bytes)? {
                    written.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            }
            Sink::Held(files) => {
                let mut files = files.lock().expect("no writer panicked");
                files.push((path.to_path_buf(), bytes.to_vec()));
                Ok(())
            }
            Sink::Nowhere | Sink::Inspect(_) => Ok(()),
        }
    }

    /// Whether pages are remembered by their inputs' fingerprint, for the next build: only
    /// a whole build's are, as it replaces the output whole.
    pub(crate) fn remembers_pages(&self) -> bool {
        matches!(self, Sink::Staging { .. })
    }

    /// Keeps the previous output's page at `path` if it was made from the same `inputs`
    /// (see [`crate::render::fingerprint`]); whether it did.
    pub(crate) fn keep_page(&self, path: &Path, inputs: u128) -> bool {
        let kept = self.keep_file(path, inputs);
        if let (true, Sink::Staging { memo, .. }) = (kept, self) {
            memo.count_kept();
        }
        kept
    }

    /// Keeps the previous output's file at `path` (a page, a feed) if it was made from the
    /// same `inputs`; whether it did.
    pub(crate) fn keep_file(&self, path: &Path, inputs: u128) -> bool {
        let Sink::Staging { staging, memo } = self else {
            return false;
        };
        match memo.made_from(path, inputs) {
            Some(digest) if staging.link_unchanged(path) => {
                memo.record(path, inputs, digest);
                true
            }
            _ => false,
        }
    }

    /// Writes a file made from `inputs` without a template (a feed), remembered by them for
    /// the next build (see [`Sink::keep_file`]).
    pub(crate) fn write_made(
        &self,
        path: &Path,
        bytes: &[u8],
        inputs: u128,
    ) -> Result<(), OutputError> {
        if let Sink::Staging { memo, .. } = self {
            // Its bytes' digest is only ever used to skip minifying a page again.
            memo.record(path, inputs, 0);
        }
        self.write(path, bytes)
    }

    /// Writes a rendered page made from `inputs` (its fingerprint, when the sink remembers
    /// pages): minified first when the site asks for it and the templates did not do it
    /// already.
    pub(crate) fn write_page(
        &self,
        path: &Path,
        html: &[u8],
        inputs: Option<u128>,
        minify_html: bool,
        already_minified: bool,
    ) -> Result<(), OutputError> {
        match self {
            Sink::Nowhere => return Ok(()),
            Sink::Inspect(inspect) => {
                inspect(path, html);
                return Ok(());
            }
            _ => {}
        }
        if let Sink::Staging { staging, memo } = self {
            // The bytes' digest only saves minifying them again.
            let digest = if minify_html {
                PageMemo::digest(html)
            } else {
                0
            };
            memo.record(path, inputs.unwrap_or_default(), digest);
            if minify_html && memo.unchanged(path, digest) && staging.link_unchanged(path) {
                return Ok(());
            }
        }
        let bytes = if minify_html && !already_minified {
            Cow::Owned(minify(html))
        } else {
            Cow::Borrowed(html)
        };
        self.write(path, &bytes)
    }

    /// Copies a static file to `relative` in the output.
    pub(crate) fn copy(&self, relative: &Path, source: &Path) -> Result<(), OutputError> {
        match self {
            Sink::Staging { staging, .. } => staging.copy(relative, source),
            Sink::Nowhere | Sink::Inspect(_) => Ok(()),
            _ => {
                let bytes = std::fs::read(source).map_err(|error| OutputError::Io {
                    path: source.to_path_buf(),
                    source: error,
                })?;
                self.write(relative, &bytes)
            }
        }
    }

    /// Publishes a file of the image cache (see `output::Staging::link_cached`).
    pub(crate) fn link_cached(&self, relative: &Path, source: &Path) -> Result<(), OutputError> {
        match self {
            Sink::Staging { staging, .. } => staging.link_cached(relative, source),
            Sink::InPlace { output, written } => {
                if output::link_cached_in_place(output, relative, source)? {
                    written.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            }
            _ => self.copy(relative, source),
        }
    }

    /// Keeps a file of the previous output as it is (a search shard that did not change).
    pub(crate) fn keep(&self, relative: &Path) -> Result<(), OutputError> {
        match self {
            Sink::Staging { staging, .. } => staging.keep(relative),
            // In place, the kept file is already there.
            _ => Ok(()),
        }
    }

    /// How many files were written anew.
    pub(crate) fn written(&self) -> usize {
        match self {
            Sink::Staging { staging, .. } => staging.written(),
            Sink::InPlace { written, .. } => written.load(Ordering::Relaxed),
            Sink::Held(files) => files.lock().expect("no writer panicked").len(),
            Sink::Nowhere | Sink::Inspect(_) => 0,
        }
    }

    /// The files a [`Sink::Held`] holds.
    pub(crate) fn into_held(self) -> Vec<(PathBuf, Vec<u8>)> {
        match self {
            Sink::Held(files) => files.into_inner().expect("no writer panicked"),
            _ => Vec::new(),
        }
    }
}
