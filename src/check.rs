//! `gazette check`: everything `build` validates, without writing, plus an editorial report.
//!
//! The build only fails on what stops a site from being made. An archive also decays in ways
//! that build fine: actors and authors without a profile, profiles nobody uses, two articles from one
//! source, links to pages that no longer exist, images a screen reader cannot describe. Those
//! are warnings here, each at the file and line an editor would open. The site is loaded and
//! assembled by the pipeline itself ([`build::check`]); this module only reads the result.

mod body;
mod characters;
mod html;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::build::{self, BuildError, BuildOptions, Checked};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::article::Article;
use crate::model::mention::name_key;
use crate::model::route::paths;
use crate::yaml::key_lines;

/// Checks the site: the build's own diagnostics, then the editorial report.
pub fn check(options: &BuildOptions) -> Result<Diagnostics, BuildError> {
    let pages_found = std::sync::Mutex::new(Vec::new());
    let inspect = |page: &Path, html: &[u8]| {
        let found = html::problems(&String::from_utf8_lossy(html));
        if !found.is_empty() {
            let mut pages = pages_found.lock().expect("no inspector panicked");
            pages.push((page.to_path_buf(), found));
        }
    };
    let Checked {
        config,
        site,
        mut files,
        mut diagnostics,
        others,
        ..
    } = build::check_pages(options, &inspect)?;
    let mut pages_found = pages_found.into_inner().expect("no inspector panicked");
    pages_found.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(site) = &site {
        let editions: Vec<(&crate::config::Config, &Site)> = std::iter::once((&config, site))
            .chain(others.iter().map(|(config, site)| (config, site)))
            .collect();
        for (config, site) in &editions {
            files.extend(publications(site, config));
        }
        for (i, (config, site)) in editions.iter().enumerate() {
            let texts = Texts::read(&config.paths.root, site);
            let report = Report {
                site,
                texts: &texts,
                files: &files,
            };
            diagnostics.extend(report.all());
            if i == 0 {
                // Profiles are shared by every language: checked once.
                diagnostics.extend(profile_characters(site, config));
            }
            let pages = std::mem::take(&mut pages_found);
            let (mine, theirs) = pages
                .into_iter()
                .partition(|(page, _)| is_page_of(page, &config.prefix, &editions));
            pages_found = theirs;
            diagnostics.extend(html_problems(mine, site, config, &texts));
        }
        let sites: Vec<&Site> = editions.iter().map(|(_, site)| *site).collect();
        diagnostics.extend(translation_dates(&sites));
    }
    Ok(diagnostics)
}

/// Whether an output page belongs to the edition of `prefix`: under `en/` for `/en`; for
/// the default edition (no prefix), under no other edition's folder.
fn is_page_of(page: &Path, prefix: &str, editions: &[(&crate::config::Config, &Site)]) -> bool {
    let under = |prefix: &str| page.starts_with(prefix.trim_start_matches('/'));
    if prefix.is_empty() {
        !editions
            .iter()
            .any(|(config, _)| !config.prefix.is_empty() && under(&config.prefix))
    } else {
        under(prefix)
    }
}

/// Days apart past which two versions of a story are probably not translations of each other.
const TRANSLATION_DAYS_APART: i64 = 31;

/// Translations published far from the first version: often a `translation_key` copied from
/// another story. Said at the later version's key.
fn translation_dates(editions: &[&Site]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Article> = HashMap::new();
    let mut found = Vec::new();
    for site in editions {
        let mut seen = std::collections::HashSet::new();
        for article in &site.articles {
            let Some((key, line)) = &article.meta.translation_key else {
                continue;
            };
            if !seen.insert(key.as_str()) {
                continue;
            }
            let Some(other) = first.get(key.as_str()) else {
                first.insert(key, article);
                continue;
            };
            let (mine, theirs) = (&article.meta.published, &other.meta.published);
            let days =
                (mine.timestamp().as_second() - theirs.timestamp().as_second()).abs() / 86_400;
            if days > TRANSLATION_DAYS_APART {
                found.push(
                    Diagnostic::warning(
                        &article.meta.source_path,
                        *line,
                        1,
                        format!(
                            "published {days} days apart from its translation {} (`translation_key: {key}`)",
                            other.meta.source_path.display()
                        ),
                    )
                    .with_hint("check that the key is this story's; a translation usually follows within days"),
                );
            }
        }
    }
    found
}

/// The HTML conformance problems of the rendered pages, each at its source `file:line:column`
/// when the article's file holds the markup it is about, else at the page and its line.
fn html_problems(
    pages: Vec<(PathBuf, Vec<html::Problem>)>,
    site: &Site,
    config: &crate::config::Config,
    texts: &Texts,
) -> Vec<Diagnostic> {
    let articles: HashMap<PathBuf, &Article> = site
        .articles
        .iter()
        .filter_map(|a| Some((crate::model::route::output_file(&a.path).ok()?, a)))
        .collect();
    let output = config
        .paths
        .output
        .strip_prefix(&config.paths.root)
        .unwrap_or(&config.paths.output)
        .to_path_buf();
    let mut found = Vec::new();
    for (page, problems) in pages {
        let article = articles.get(&page);
        for problem in problems {
            let message = format!("HTML: {}", problem.message);
            let in_source = article.and_then(|a| {
                let text = texts.of(a);
                let (line, column) = locate(text, &problem.snippet)?;
                let at = Diagnostic::warning(&a.meta.source_path, line, column, message.clone());
                Some(at.quoting(text))
            });
            let diagnostic = in_source.unwrap_or_else(|| {
                Diagnostic::warning(&output.join(&page), problem.line, 0, message.clone())
            });
            found.push(diagnostic.with_hint(HTML_HINT));
        }
    }
    found
}

const HTML_HINT: &str = "browsers repair this markup each their own way, and screen readers lose the structure; the W3C checker (vnu) explains each rule";

/// The 1-based line and column of the first `snippet` in the body of `text`, ignoring ASCII
/// case (tags may be written `<TT>`).
fn locate(text: &str, snippet: &str) -> Option<(usize, usize)> {
    if snippet.is_empty() {
        return None;
    }
    let body_start = crate::front_matter::split(text)
        .ok()
        .and_then(|split| {
            let skip = split.body_first_line.saturating_sub(1);
            text.split_inclusive('\n')
                .take(skip)
                .map(str::len)
                .sum::<usize>()
                .into()
        })
        .unwrap_or(0);
    let lower = text[body_start..].to_ascii_lowercase();
    let at = body_start + lower.find(&snippet.to_ascii_lowercase())?;
    Some(crate::diagnostics::line_column(text, at))
}

/// Suspicious characters in actor profiles (names, aliases, biographies), read in the
/// site's language.
fn profile_characters(site: &Site, config: &crate::config::Config) -> Vec<Diagnostic> {
    let profiles = site
        .actors
        .iter()
        .filter_map(|actor| actor.profile.as_ref());
    profiles
        .filter_map(|profile| {
            let path = &profile.source_path;
            let text = std::fs::read_to_string(config.paths.root.join(path)).ok()?;
            Some(characters::problems(path, &text, &config.language))
        })
        .flatten()
        .collect()
}

/// Why `check --fix-text` stopped.
#[derive(Debug, thiserror::Error)]
pub enum FixTextError {
    /// The site could not be read (the diagnostics say why).
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("cannot rewrite {}: {source}; the file is as it was", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One character `check --fix-text` removed.
pub struct Removed {
    /// The file, relative to the site root.
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub what: String,
}

/// `check --fix-text`: removes the unambiguous debris (stray combining marks, zero-width
/// characters inside words) from every article and profile, and nothing else; returns each
/// removal. A file that is a symbolic link is left alone (its target may be shared), and a
/// file is replaced by a rename, so it is never seen half written.
pub fn fix_text(options: &BuildOptions) -> Result<Vec<Removed>, FixTextError> {
    let Checked { config, site, .. } = build::check(options)?;
    let Some(site) = site else {
        return Ok(Vec::new());
    };
    let articles = site
        .articles
        .iter()
        .map(|a| (a.meta.source_path.clone(), a.meta.lang.clone()));
    let profiles = site
        .actors
        .iter()
        .filter_map(|a| a.profile.as_ref())
        .map(|p| (p.source_path.clone(), config.language.clone()));
    let mut removed = Vec::new();
    for (path, language) in articles.chain(profiles) {
        let full = config.paths.root.join(&path);
        if full
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&full) else {
            continue;
        };
        let (cleaned, gone) = characters::clean_file(&text, &language);
        if gone.is_empty() {
            continue;
        }
        replace_file(&full, &cleaned).map_err(|source| FixTextError::Write {
            path: path.clone(),
            source,
        })?;
        removed.extend(gone.into_iter().map(|found| Removed {
            path: path.clone(),
            line: found.line,
            column: found.column,
            what: found.finding.to_string(),
        }));
    }
    Ok(removed)
}

/// Writes `text` beside `path`, then renames it over: the file is whole at every moment.
fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.gazette-fix"));
    std::fs::write(&temp, text)?;
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::set_permissions(&temp, metadata.permissions())?;
    }
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Files the build writes beside the pages, that a body may link to.
fn publications(site: &Site, config: &crate::config::Config) -> Vec<PathBuf> {
    let mut site_paths = vec![paths::sitemap(&site.prefix), paths::robots()];
    if config.writes_feeds() {
        site_paths.push(paths::site_feed(&site.prefix));
        site_paths.extend(site.actors.iter().map(|a| paths::feed_of(&a.path)));
        site_paths.extend(site.tags.iter().map(|t| paths::feed_of(&t.path)));
        site_paths.extend(site.authors.iter().map(|a| paths::feed_of(&a.path)));
    }
    site_paths
        .iter()
        .filter_map(|p| crate::model::route::output_file(p).ok())
        .collect()
}

/// The text of every article file, read again for line numbers (the model keeps none).
struct Texts(HashMap<PathBuf, String>);

impl Texts {
    fn read(root: &Path, site: &Site) -> Texts {
        let texts = site
            .articles
            .iter()
            .filter_map(|a| {
                let path = &a.meta.source_path;
                let text = std::fs::read_to_string(root.join(path)).ok()?;
                Some((path.clone(), text))
            })
            .collect();
        Texts(texts)
    }

    fn of(&self, article: &Article) -> &str {
        self.0
            .get(&article.meta.source_path)
            .map_or("", String::as_str)
    }

    /// The file line of a front matter key; the first line when it is absent.
    fn key_line(&self, article: &Article, key: &str) -> usize {
        let text = self.of(article);
        match crate::front_matter::split(text) {
            Ok(split) => key_lines(split.yaml)
                .get(key)
                .map_or(1, |line| line + split.yaml_first_line - 1),
            Err(_) => 1,
        }
    }

    /// The front matter line naming `name` (any spelling), else the `key:` line.
    fn line_naming(&self, article: &Article, key: &str, name: &str) -> usize {
        let text = self.of(article);
        let wanted = name_key(name);
        let front = crate::front_matter::split(text).map_or(0, |s| s.body_first_line);
        text.lines()
            .take(front)
            .position(|line| {
                let folded = format!(" {} ", name_key(line));
                folded.contains(&format!(" {wanted} "))
            })
            .map_or_else(|| self.key_line(article, key), |i| i + 1)
    }
}

/// The editorial report of one site.
struct Report<'a> {
    site: &'a Site,
    texts: &'a Texts,
    /// Every file the build writes, relative to the output folder.
    files: &'a HashSet<PathBuf>,
}

impl Report<'_> {
    fn all(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        found.extend(self.unprofiled_actors());
        found.extend(self.unused_profiles());
        found.extend(self.unprofiled_authors());
        found.extend(self.unused_author_profiles());
        found.extend(self.duplicate_sources());
        found.extend(self.incomplete_articles());
        found.extend(self.future_articles());
        for article in &self.site.articles {
            let text = self.texts.of(article);
            found.extend(body::problems(article, text, self.files));
            let path = &article.meta.source_path;
            found.extend(characters::problems(path, text, &article.meta.lang));
        }
        found
    }

    fn warning(&self, article: &Article, line: usize, message: String) -> Diagnostic {
        Diagnostic::warning(&article.meta.source_path, line, 1, message)
            .quoting(self.texts.of(article))
    }

    /// Actors named in `actors:` that have no profile: reported once, where first named.
    fn unprofiled_actors(&self) -> Vec<Diagnostic> {
        let site = self.site;
        site.actors
            .iter()
            .filter(|actor| actor.profile.is_none())
            .filter_map(|actor| {
                let first = &site.articles[*actor.about.last()?];
                let line = self.texts.line_naming(first, "actors", &actor.name);
                let count = actor.about.len();
                let message = format!(
                    "actor `{}` has no profile ({count} article{})",
                    actor.name,
                    if count == 1 { "" } else { "s" }
                );
                Some(self.warning(first, line, message).with_hint(format!(
                    "add content/actors/{}.md with `name: {}` so its page has a description and its mentions are found",
                    actor.slug, actor.name
                )))
            })
            .collect()
    }

    /// Profiles that no article is about or mentions.
    fn unused_profiles(&self) -> Vec<Diagnostic> {
        self.site
            .actors
            .iter()
            .filter(|actor| actor.coverage.is_empty())
            .filter_map(|actor| {
                let profile = actor.profile.as_ref()?;
                let line = profile.lines.name;
                Some(
                    Diagnostic::warning(
                        &profile.source_path,
                        line,
                        if line > 0 { 1 } else { 0 },
                        format!("profile `{}` is used by no article", profile.name),
                    )
                    .with_hint("list it in an article's `actors:`, add aliases articles use, or delete the profile"),
                )
            })
            .collect()
    }

    /// Authors named in `authors:` that have no profile: one warning per author, where first
    /// named, saying how many articles it signs; one for all when most have none (see
    /// [`listed_together`]), at the author who signs the most.
    fn unprofiled_authors(&self) -> Vec<Diagnostic> {
        let site = self.site;
        let mut without: Vec<_> = site
            .authors
            .iter()
            .filter(|author| author.profile.is_none() && !author.articles.is_empty())
            .collect();
        let named = site
            .authors
            .iter()
            .filter(|a| !a.articles.is_empty())
            .count();
        if !listed_together(without.len(), named) {
            return without
                .into_iter()
                .filter_map(|author| self.unprofiled_author(author))
                .collect();
        }
        without.sort_by(|a, b| {
            (b.articles.len().cmp(&a.articles.len())).then_with(|| a.name.cmp(&b.name))
        });
        let most = without[0];
        let count = most.articles.len();
        let first = &site.articles[*most.articles.last().expect("named authors sign articles")];
        let line = self.texts.line_naming(first, "authors", &most.name);
        let message = format!(
            "{} of {named} authors have no profile; `{}` signs the most ({count} article{})",
            without.len(),
            most.name,
            if count == 1 { "" } else { "s" }
        );
        vec![self.warning(first, line, message).with_hint(format!(
            "the site presents few of its authors yet, as after an import: add content/authors/{}.md with `name: {}` (and a `role:`), then the others who sign most",
            most.slug, most.name
        ))]
    }

    fn unprofiled_author(&self, author: &crate::model::author::Author) -> Option<Diagnostic> {
        let first = &self.site.articles[*author.articles.last()?];
        let line = self.texts.line_naming(first, "authors", &author.name);
        let count = author.articles.len();
        let message = format!(
            "author `{}` has no profile ({count} article{})",
            author.name,
            if count == 1 { "" } else { "s" }
        );
        Some(self.warning(first, line, message).with_hint(format!(
            "add content/authors/{}.md with `name: {}` (and a `role:`) so its page presents the author",
            author.slug, author.name
        )))
    }

    /// Author profiles no article's `authors:` names.
    fn unused_author_profiles(&self) -> Vec<Diagnostic> {
        self.site
            .authors
            .iter()
            .filter(|author| author.articles.is_empty())
            .filter_map(|author| {
                let profile = author.profile.as_ref()?;
                let line = profile.lines.name;
                Some(
                    Diagnostic::warning(
                        &profile.source_path,
                        line,
                        usize::from(line > 0),
                        format!("author profile `{}` signs no article", profile.name),
                    )
                    .with_hint("name it in an article's `authors:`, add the aliases bylines use, or delete the profile"),
                )
            })
            .collect()
    }

    /// Two articles with one `source:` URL: probably one story imported twice.
    fn duplicate_sources(&self) -> Vec<Diagnostic> {
        let mut first_with: HashMap<&str, &Article> = HashMap::new();
        let mut found = Vec::new();
        // Oldest first, so the later copy is the one reported.
        for article in self.site.articles.iter().rev() {
            let Some(source) = article.meta.source.as_deref() else {
                continue;
            };
            match first_with.get(source) {
                Some(first) => {
                    let line = self.texts.key_line(article, "source");
                    let message = format!(
                        "`source` {source} is also the source of {}",
                        first.meta.source_path.display()
                    );
                    found.push(
                        self.warning(article, line, message)
                            .with_hint("if both files are one story, delete one of them"),
                    );
                }
                None => {
                    first_with.insert(source, article);
                }
            }
        }
        found
    }

    /// Articles without a summary lists can show, or without actors: lists and actor pages
    /// miss them. An opening paragraph is a summary: only a body that opens with a heading,
    /// an image or a few words (under [`SUMMARY_WORDS`]) is reported.
    fn incomplete_articles(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for article in &self.site.articles {
            let text = self.texts.of(article);
            let title_line = self.texts.key_line(article, "title");
            if !article.body.summary_written
                && !text.contains("<!-- more -->")
                && !reads_as_summary(&article.body)
            {
                found.push(
                    self.warning(article, title_line, "article has no summary".to_owned())
                        .with_hint("its opening is no paragraph a list could show: add `summary:` (one sentence), or `<!-- more -->` after the opening paragraphs"),
                );
            }
        }
        found.extend(self.articles_without_actors());
        found
    }

    /// Articles that list no actors: one warning each while they are few or a minority of the
    /// site (an editor forgot them), one for all when they are most of it (the site does not
    /// list actors yet, as after an import; see [`listed_together`]).
    fn articles_without_actors(&self) -> Vec<Diagnostic> {
        let without: Vec<&Article> = self
            .site
            .articles
            .iter()
            .filter(|a| a.actors.is_empty())
            .collect();
        let total = self.site.articles.len();
        if !listed_together(without.len(), total) {
            return without.into_iter().map(|a| self.no_actors(a)).collect();
        }
        // The newest first: where an editor adding actors would start.
        let newest = without[0];
        let message = format!(
            "{} of {total} articles name no actors (this one is the newest)",
            without.len()
        );
        vec![
            self.warning(newest, self.actors_line(newest), message)
                .with_hint("the site lists no actors yet, as after an import: `gazette actors suggest --write` makes profiles of the names its articles use most; then list who each article is about in `actors:`"),
        ]
    }

    fn no_actors(&self, article: &Article) -> Diagnostic {
        self.warning(
            article,
            self.actors_line(article),
            "article names no actors".to_owned(),
        )
        .with_hint("list who or what it is about: `actors: [Name, Organisation]`")
    }

    /// The line of `actors:` when the front matter has one (an empty list), else the title's.
    fn actors_line(&self, article: &Article) -> usize {
        match self.texts.of(article).contains("\nactors:") {
            true => self.texts.key_line(article, "actors"),
            false => self.texts.key_line(article, "title"),
        }
    }

    /// Articles dated after now: `build` leaves them out until then (unless `--future`).
    fn future_articles(&self) -> Vec<Diagnostic> {
        let now = jiff::Timestamp::now();
        self.site
            .articles
            .iter()
            .filter(|a| a.meta.published.timestamp() > now)
            .map(|article| {
                let line = self.texts.key_line(article, "date");
                let message = format!(
                    "article is dated in the future ({}); `build` leaves it out until then",
                    article.meta.published.iso()
                );
                self.warning(article, line, message)
                    .with_hint("check the date, or build with `--future` to publish it now")
            })
            .collect()
    }
}

/// The report as JSON for CI: counts, then every diagnostic with its position.
pub fn to_json(diagnostics: &Diagnostics) -> serde_json::Value {
    let items: Vec<serde_json::Value> = diagnostics
        .sorted()
        .into_iter()
        .map(|d| {
            serde_json::json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "path": d.path.to_string_lossy(),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::json!({
        "errors": diagnostics.error_count(),
        "warnings": diagnostics.warning_count(),
        "diagnostics": items,
    })
}

/// Up to this many articles without actors, or authors without a profile, are named one by
/// one whatever their share of the site.
const LISTED_ONE_BY_ONE: usize = 10;

/// Whether `missing` of `total` items lacking something are one warning rather than one each:
/// when they are more than a few and most of the site, the site has not started on that work
/// (an imported archive lists no actors, presents no authors), and a warning per item is the
/// whole archive again, telling an editor nothing the count does not.
fn listed_together(missing: usize, total: usize) -> bool {
    missing > LISTED_ONE_BY_ONE && missing * 2 > total
}

/// Words an automatic summary needs to read as a paragraph rather than a caption or a label.
const SUMMARY_WORDS: usize = 12;

/// Whether the automatic summary (the opening paragraph) is one a reader could take as such.
fn reads_as_summary(body: &crate::model::Rendered) -> bool {
    body.summary_text().split_whitespace().count() >= SUMMARY_WORDS
}
