//! `gazette import`: other archives' posts turned into gazette articles and author profiles.
//!
//! Each source format has its reader (`hugo`, `jekyll`, `text`) that finds posts and author
//! profiles and maps their fields; this module writes the results into the site's `content/`.
//! Every article is checked with the build's own front matter validation before it is
//! written, so what is imported builds; every file that cannot be converted is listed with the
//! reason. Nothing is ever overwritten: a file that exists is reported as skipped.

mod attributes;
mod authors;
mod bylines;
mod convert;
mod fields;
mod files;
mod html;
pub mod hugo;
pub mod jekyll;
mod legacy;
mod links;
mod posts;
pub mod report;
mod tags;
pub mod text;
pub mod urls;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError, Overrides};
use crate::model::route::article_path;
use crate::progress::Progress;
use crate::scaffold::{ScaffoldError, create_file};

pub use convert::{Article, Profile};

/// Why an import could not run at all (problems with single files are in the [`Report`]).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{} is not a folder", .0.display())]
    NoSource(PathBuf),
    #[error("no `_posts/` folder anywhere under {}: give the root of a Jekyll site", .0.display())]
    NoPosts(PathBuf),
    #[error(
        "the source site's configuration: {0}; fix it or move it aside to import with the generator's defaults"
    )]
    SourceConfig(String),
    #[error("cannot list {}: {source}", path.display())]
    List {
        path: PathBuf,
        source: walkdir::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("--date: {0}; {hint}", hint = crate::model::date::DATE_HINT)]
    Date(#[from] crate::model::date::DateError),
    #[error("`{pattern}` is not a regular expression: {source}")]
    Pattern {
        pattern: String,
        source: regex::Error,
    },
}

/// What an import did, file by file.
#[derive(Debug, Default)]
pub struct Report {
    /// Source posts looked at (profiles not counted).
    pub posts: usize,
    /// Articles written (paths under the site).
    pub articles: Vec<PathBuf>,
    /// Author profiles written.
    pub profiles: Vec<PathBuf>,
    /// Source files not imported because their target exists, or on purpose: (source, why).
    pub skipped: Vec<(PathBuf, String)>,
    /// Source files that could not be converted: (source, why).
    pub failed: Vec<(PathBuf, String)>,
    /// Things kept as written that an editor may want to look at: (source, line, what).
    pub notes: Vec<(PathBuf, usize, String)>,
    /// With `--keep-urls`: the `permalink:` pattern that keeps every post's old URL, or why
    /// none does (the old URLs are then aliases, as without the option).
    pub keep_urls: Option<Result<String, String>>,
    /// Each source file and the article or profile written from it.
    pub written: Vec<(PathBuf, PathBuf)>,
    /// Front matter keys of a post that its article does not carry: (source, keys).
    pub keys_not_kept: Vec<(PathBuf, Vec<String>)>,
}

impl Report {
    /// A post in a format gazette does not read: counted, and listed as not imported.
    fn other_page(&mut self, failure: (PathBuf, String)) {
        self.posts += 1;
        self.failed.push(failure);
    }

    /// Number of source posts looked at: imported, skipped or failed.
    pub fn posts_seen(&self) -> usize {
        self.posts
    }
}

/// Where the articles go, and what the site already holds.
pub struct Target {
    pub config: Config,
    /// Site paths of the articles written so far in this import, to keep URLs unique.
    urls: HashSet<String>,
    /// Old URLs given to an article so far, by redirect page (or as written): two articles
    /// cannot both answer one.
    aliases: HashSet<String>,
    /// `--keep-urls`: the URL each post had is kept by a permalink pattern, not by an alias.
    pub keep_urls: bool,
    /// `--source-url`: the old site's address (no last `/`), for files the source lacks.
    pub source_url: Option<String>,
    /// `--config`: the source site's configuration file, when it is not in the folder.
    pub source_config: Option<PathBuf>,
    /// `--dry-run`: every file is converted and checked, none written (the report says what
    /// would be).
    pub dry_run: bool,
}

impl Target {
    /// The site at `root`, read for its time zone, language, permalink and folders.
    pub fn open(root: &Path) -> Result<Target, ImportError> {
        let config = Config::load(root, &Overrides::default())?;
        Ok(Target {
            config,
            urls: HashSet::new(),
            aliases: HashSet::new(),
            keep_urls: false,
            source_url: None,
            source_config: None,
            dry_run: false,
        })
    }

    /// Gives the article a URL no other article of this import has, renaming its slug
    /// (`-2`, `-3`) if need be, with a note; returns the site path. Sources are read in path
    /// order, so a second import renames the same posts the same way.
    pub fn reserve(&mut self, source: &Path, article: &mut Article, report: &mut Report) -> String {
        if let Some(url) = &article.reserved {
            return url.clone();
        }
        let base = article.slug.clone();
        let mut url = String::new();
        for n in 2.. {
            let lang = article.lang.as_deref().unwrap_or(&self.config.language);
            let prefix = self.config.prefix_for(lang);
            url = article_path(
                &prefix,
                &self.config.permalink,
                &article.date,
                &article.slug,
            );
            if self.urls.insert(url.clone()) {
                break;
            }
            article.slug = crate::model::slug::slugify(&format!("{base}-{n}")).expect("a slug");
        }
        if article.slug != base {
            report.notes.push((
                source.to_path_buf(),
                0,
                format!(
                    "slug `{base}` was taken by another post; this one is `{}`",
                    article.slug
                ),
            ));
        }
        article.reserved = Some(url.clone());
        url
    }

    /// Writes one converted article at `content/articles/YYYY/MM/<slug>.md` (`<slug>.en.md`
    /// for a language other than the site's, in a site of several languages), at the URL
    /// [`Target::reserve`] gave it (reserved now if it was not).
    pub fn write_article(
        &mut self,
        source: &Path,
        mut article: Article,
        report: &mut Report,
    ) -> Result<(), ImportError> {
        let url = self.reserve(source, &mut article, report);
        let mut aliases = std::mem::take(&mut article.aliases);
        aliases.extend(article.old_url.take());
        article.aliases = self.kept_aliases(source, &url, aliases, report);
        // In a site of several languages, a story and its translation often share a slug.
        let file_name = match &article.lang {
            Some(lang) if self.config.is_multilingual() => format!("{}.{lang}.md", article.slug),
            _ => format!("{}.md", article.slug),
        };
        let path = self
            .config
            .paths
            .articles
            .join(format!("{:04}", article.date.year()))
            .join(format!("{:02}", article.date.month()))
            .join(file_name);
        let language = article.lang.as_deref().unwrap_or(&self.config.language);
        let text = without_debris(source, &article.to_markdown(), language, report);
        if let Err(reason) = convert::validate_article(&path, &text, &self.config) {
            report.failed.push((source.to_path_buf(), reason));
            return Ok(());
        }
        match self.write_new(&path, &text)? {
            true => {
                report.written.push((source.to_path_buf(), path.clone()));
                report.articles.push(path);
            }
            false => report
                .skipped
                .push((source.to_path_buf(), format!("{} exists", path.display()))),
        }
        Ok(())
    }

    /// The old URLs that can redirect to the article at `url`: not its own URL, not one an
    /// earlier article of this import already answers (noted).
    fn kept_aliases(
        &mut self,
        source: &Path,
        url: &str,
        aliases: Vec<String>,
        report: &mut Report,
    ) -> Vec<String> {
        let own = [url.to_owned(), format!("{url}index.html")];
        let mut kept = Vec::new();
        for alias in aliases {
            let Ok(parsed) = crate::model::redirect::Alias::parse(&alias) else {
                continue;
            };
            if own.iter().any(|o| o == &alias || o == parsed.key()) {
                continue;
            }
            if self.aliases.insert(parsed.key().to_owned()) {
                kept.push(alias);
            } else {
                report.notes.push((
                    source.to_path_buf(),
                    0,
                    format!("old URL `{alias}` already redirects to another imported article; dropped here"),
                ));
            }
        }
        kept
    }

    /// Writes one author profile at `content/authors/<slug>.md`.
    pub fn write_profile(
        &mut self,
        source: &Path,
        profile: &Profile,
        report: &mut Report,
    ) -> Result<(), ImportError> {
        let path = self
            .config
            .paths
            .authors
            .join(format!("{}.md", profile.slug));
        let text = without_debris(
            source,
            &profile.to_markdown(),
            &self.config.language,
            report,
        );
        match self.write_new(&path, &text)? {
            true => {
                report.written.push((source.to_path_buf(), path.clone()));
                report.profiles.push(path);
            }
            false => report
                .skipped
                .push((source.to_path_buf(), format!("{} exists", path.display()))),
        }
        Ok(())
    }
}

/// The converted file without the characters that are debris beyond doubt (a combining mark
/// on no letter, a zero-width character inside a word; see [`crate::hygiene`]), with one note
/// for the source file saying what went. Everything else stays exactly as written.
fn without_debris(source: &Path, text: &str, language: &str, report: &mut Report) -> String {
    let body_first_line = crate::front_matter::split(text).map_or(1, |s| s.body_first_line);
    let (cleaned, removed) = crate::hygiene::clean_document(text, body_first_line, language);
    if !removed.is_empty() {
        let listed: Vec<String> = removed
            .iter()
            .map(|r| format!("{} (written line {})", r.finding, r.line))
            .collect();
        report.notes.push((
            source.to_path_buf(),
            0,
            format!(
                "removed {} invisible character(s): {}",
                removed.len(),
                listed.join("; ")
            ),
        ));
    }
    cleaned
}

/// Writes a new file; `false` when one is already there (it is left alone).
impl Target {
    /// Writes a new file (`false` if one is there); in a dry run, only says whether it would.
    fn write_new(&self, path: &Path, text: &str) -> Result<bool, ImportError> {
        match self.dry_run {
            true => Ok(!path.exists()),
            false => write_new(path, text),
        }
    }
}

fn write_new(path: &Path, text: &str) -> Result<bool, ImportError> {
    match create_file(path, text.as_bytes()) {
        Ok(()) => Ok(true),
        Err(ScaffoldError::Exists(_)) => Ok(false),
        Err(ScaffoldError::Io { path, source }) => Err(ImportError::Write { path, source }),
        Err(other) => Err(ImportError::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(other.to_string()),
        }),
    }
}

/// The line (1-based) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Every file under `dir`, sorted, hidden files and editor leftovers left out.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::source::is_ignored_name(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = entry.map_err(|source| ImportError::List {
            path: dir.to_path_buf(),
            source,
        })?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_markdown(path: &Path) -> bool {
    matches!(extension(path).as_str(), "md" | "markdown")
}

/// Pages in a format gazette does not read (listed as failures, unlike images and data).
fn is_other_page(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "html" | "htm" | "org" | "adoc" | "asciidoc" | "rst" | "textile" | "pandoc"
    )
}
