//! Incremental rebuilds for `watch` and `serve`: after a change, only what it affects.
//!
//! The first build is a whole build that keeps its model ([`Built`]). After that:
//! - an edited article is read again alone. If its place in the site is unchanged (same date,
//!   URL, actors, mentions and tags), it is patched into the model and only the pages that
//!   show it are rendered: its own, its neighbours', and the one page of each list it is on;
//! - an article that moved, appeared or went makes the model be assembled again from the
//!   articles in memory (nothing else is read), and every page of the lists it was or is in,
//!   the indexes and the neighbouring archive periods are rendered; pages that no longer exist
//!   are removed;
//! - a template change renders, without reading anything, the pages whose templates extend or
//!   include the changed one (every page for `base.html`); a static file change copies the
//!   static files that changed; `site.yaml`, actor profiles and UI strings start
//!   afresh with a whole build.
//!
//! Files are written in place only when their bytes changed, each through a rename. The search
//! index is brought up to date after the pages ([`Session::update_search`]), so the browser
//! reloads as soon as the pages are on disk.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, Loaded};
use crate::markdown::Mentions;
use crate::model::Site;
use crate::model::article::Article;
use crate::model::route::{output_file, paths};
use crate::output::{self, OutputError};
use crate::pipeline::{self, BuildError, BuildOptions, BuildReport, Built, Failure, WriteFile};
use crate::publish::{Job, search::BundleFile};
use crate::render::dependents::{Reach, pages_showing, site_wide_pages};
use crate::render::{PageKind, Renderer, pages};
use crate::source;

/// A site being watched: the model of its last good build, and what changed since.
pub struct Session {
    options: BuildOptions,
    built: Option<Built>,
    /// Changes not yet in the output: kept while rebuilds fail, so fixing one file brings
    /// in the others too.
    pending: Plan,
    /// Articles changed since the search index was last brought up to date.
    search_behind: bool,
}

/// What the changes since the last good rebuild ask for.
#[derive(Debug, Default)]
struct Plan {
    /// `site.yaml`, actor profiles, UI strings, or lost events: build everything afresh.
    fresh: bool,
    templates: TemplateEdits,
    statics: bool,
    /// A folder of articles appeared or went, or a file went: list the articles again.
    rescan: bool,
    /// Article files to read again, relative to the root.
    articles: BTreeSet<PathBuf>,
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
            built: None,
            pending: Plan {
                fresh: true,
                ..Plan::default()
            },
            search_behind: false,
        }
    }

    /// Brings the output up to date with the changed paths (relative to the site root); the
    /// first call, or any after a failed whole build, builds everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildReport, BuildError> {
        match &self.built {
            Some(built) => self.pending.add(changed, &built.config),
            None => self.pending.fresh = true,
        }
        if self.pending.fresh {
            return self.whole();
        }
        let started = Instant::now();
        let plan = std::mem::take(&mut self.pending);
        let built = self.built.as_mut().expect("checked above");
        match incremental(built, &plan, &self.options, started) {
            Ok((report, articles_changed)) => {
                self.search_behind |= articles_changed && built.config.search;
                Ok(report)
            }
            Err(Failed {
                error,
                model_intact,
            }) => {
                if model_intact {
                    self.pending = plan;
                } else {
                    // The model no longer matches the output: start afresh next time.
                    self.built = None;
                    self.pending.fresh = true;
                }
                Err(error)
            }
        }
    }

    /// Forgets the model: the next rebuild is a whole build.
    pub fn start_afresh(&mut self) {
        self.built = None;
        self.pending.fresh = true;
        self.search_behind = false;
    }

    /// Whether the search index is behind the pages.
    pub fn search_behind(&self) -> bool {
        self.search_behind && self.built.is_some()
    }

    /// Re-indexes the search shards whose articles changed; `None` when nothing is to do.
    pub fn update_search(&mut self) -> Option<Result<SearchUpdate, BuildError>> {
        if !self.search_behind() {
            return None;
        }
        self.search_behind = false;
        let built = self.built.as_mut().expect("checked by search_behind");
        let result = update_search(built);
        if result.is_err() {
            self.built = None;
            self.pending.fresh = true;
        }
        Some(result)
    }

    fn whole(&mut self) -> Result<BuildReport, BuildError> {
        self.pending = Plan::default();
        self.search_behind = false;
        // The last model holds the output lock, which the whole build takes again.
        self.built = None;
        match pipeline::build_keeping(&self.options) {
            Ok((report, built)) => {
                self.built = Some(built);
                Ok(report)
            }
            Err(error) => {
                self.built = None;
                self.pending.fresh = true;
                Err(error)
            }
        }
    }
}

impl Plan {
    /// Sorts changed paths (relative to the root) by what they ask for.
    fn add(&mut self, changed: &[PathBuf], config: &Config) {
        let root = &config.paths.root;
        let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let articles = relative(&config.paths.articles);
        let actors = relative(&config.paths.actors);
        let theme = relative(&config.paths.theme);
        let templates = [relative(&config.paths.templates), theme.join("templates")];
        let statics = [relative(&config.paths.static_files), theme.join("static")];
        let themes = relative(&config.paths.themes);
        let content = relative(&config.paths.content);
        for path in changed {
            if path == &articles {
                self.rescan = true;
            } else if path.starts_with(&articles) {
                if is_article_file(root, path) {
                    self.articles.insert(path.clone());
                } else {
                    self.rescan = true;
                }
            } else if let Some(folder) =
                templates.iter().find(|t| path.starts_with(t) && path != *t)
            {
                let inside = path.strip_prefix(folder).expect("starts with it");
                self.templates.add(inside);
            } else if statics.iter().any(|s| path.starts_with(s) && path != s) {
                self.statics = true;
            } else if path.starts_with(&actors) || path.starts_with(&theme) {
                // Profiles change mention detection in every article; UI strings every page.
                self.fresh = true;
            } else if (path.starts_with(&themes) && path != &themes)
                || (path.starts_with(&content) && path != &content)
            {
                // Another theme, or content outside articles and actors: not read.
            } else {
                self.fresh = true;
            }
        }
    }
}

/// An existing Markdown file that the article discovery would find.
fn is_article_file(root: &Path, relative: &Path) -> bool {
    let named_well = relative.components().all(|c| {
        let name = c.as_os_str().to_string_lossy();
        !source::is_ignored_name(&name)
    });
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    named_well && source::is_markdown(&name) && root.join(relative).is_file()
}

/// Why an incremental rebuild failed, and whether the model still matches the output.
struct Failed {
    error: BuildError,
    model_intact: bool,
}

impl Failed {
    fn intact(error: impl Into<BuildError>) -> Failed {
        Failed {
            error: error.into(),
            model_intact: true,
        }
    }

    fn broken(error: impl Into<BuildError>) -> Failed {
        Failed {
            error: error.into(),
            model_intact: false,
        }
    }
}

/// An article file read again: its new version, or `None` if it is gone, a draft, in the
/// future.
struct ArticleChange {
    source: PathBuf,
    loaded: Option<Loaded>,
}

/// Templates changed since the last good rebuild.
#[derive(Debug, Default)]
struct TemplateEdits {
    /// By template name (`partials/card.html`).
    names: BTreeSet<String>,
    /// A change under a templates folder that is no template (a folder, another file):
    /// every page is rendered.
    every_page: bool,
}

impl TemplateEdits {
    fn any(&self) -> bool {
        self.every_page || !self.names.is_empty()
    }

    /// Notes a change at `inside`, a path inside a templates folder.
    fn add(&mut self, inside: &Path) {
        let name = crate::render::template_name(inside);
        if crate::render::is_template_name(&name) {
            self.names.insert(name);
        } else {
            self.every_page = true;
        }
    }
}

/// What to write, once the model is up to date.
#[derive(Default)]
struct Work {
    pages: Vec<PageKind>,
    jobs: Vec<Job>,
    /// Files of the output to remove (relative to it): pages and feeds that no longer exist.
    removed: Vec<PathBuf>,
    /// Every page is rendered: too many to hold in memory before writing.
    every_page: bool,
}

fn incremental(
    built: &mut Built,
    plan: &Plan,
    options: &BuildOptions,
    started: Instant,
) -> Result<(BuildReport, bool), Failed> {
    let mut diagnostics = Diagnostics::new();
    let edits = &plan.templates;
    let mut every_template_page = edits.every_page;
    if edits.any() {
        let renderer = Renderer::load(&built.config)
            .map_err(|problems| Failed::intact(content_error(problems)))?;
        // A template that defined components before the edit, or does now, reaches every page.
        every_template_page |= built
            .renderer
            .template_uses()
            .reaches_every_page(&edits.names)
            || renderer.template_uses().reaches_every_page(&edits.names);
        built.renderer = renderer;
    }
    let (changes, sources) = read_articles(built, plan, options, &mut diagnostics)?;
    let articles_changed = !changes.is_empty();
    let mut work = if changes.is_empty() {
        Work::default()
    } else {
        apply(built, changes, &mut diagnostics)?
    };
    built.sources = sources;
    let config = &built.config;
    if edits.any() || (work.every_page && !work.pages.is_empty()) {
        let every_page = pages::jobs(&built.site, config);
        work.pages = if work.every_page || every_template_page {
            every_page
        } else {
            let uses = built.renderer.template_uses();
            let asked: HashSet<PageKind> = work.pages.iter().copied().collect();
            // A dozen templates for thousands of pages: each is looked at once.
            let mut reached: HashMap<&str, bool> = HashMap::new();
            every_page
                .into_iter()
                .filter(|kind| {
                    let template = kind.template();
                    asked.contains(kind)
                        || *reached
                            .entry(template)
                            .or_insert_with(|| uses.reaches(template, &edits.names))
                })
                .collect()
        };
        // Possibly many pages: streamed, as a whole build does.
        work.every_page = true;
    }
    let output = config.paths.output.clone();
    output::forget_page_memo(&output).map_err(Failed::broken)?;
    let written = std::sync::atomic::AtomicUsize::new(0);
    let write = |path: &Path, bytes: &[u8]| -> Result<(), OutputError> {
        if output::update_in_place(&output, path, bytes)? {
            written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    };
    let statics = if plan.statics {
        let statics = update_statics(built, &write, &mut work.removed)?;
        // The site's own robots.txt replaces the generated one, and its removal brings it back.
        let robots = PathBuf::from("robots.txt");
        let has_robots = |files: &[(PathBuf, PathBuf)]| files.iter().any(|(r, _)| *r == robots);
        let (had, has) = (has_robots(&built.statics), has_robots(&statics));
        if had && !has && config.has_absolute_urls() {
            work.jobs.push(Job::Robots);
            work.removed.retain(|path| *path != robots);
        } else if has && !had {
            built.publications.remove(&robots);
        }
        Some(statics)
    } else {
        None
    };
    let renderer =
        built
            .renderer
            .bind_cards(&built.site, &built.config, std::mem::take(&mut built.cards));
    let rendered = render_pages(&renderer, built.config.minify, &work, &write);
    let publications = rendered.and_then(|()| {
        let all_pages = if work.jobs.contains(&Job::Sitemaps) {
            renderer.pages()
        } else {
            Vec::new()
        };
        pipeline::write_publications(
            &built.site,
            &built.config,
            &renderer,
            &all_pages,
            &work.jobs,
            &write,
        )
        .map_err(Failed::broken)
    });
    built.cards = renderer.into_cards();
    let publications = publications?;
    if work.jobs.contains(&Job::Sitemaps) {
        // The sitemap may have been cut into another number of parts.
        let sitemaps: BTreeSet<&PathBuf> = publications.iter().collect();
        for old in &built.publications {
            let is_sitemap = old.to_string_lossy().starts_with("sitemap");
            if is_sitemap && !sitemaps.contains(old) {
                work.removed.push(old.clone());
            }
        }
    }
    built.publications.extend(publications);
    for path in &work.removed {
        built.publications.remove(path);
        output::remove_in_place(&output, path).map_err(Failed::broken)?;
    }
    if let Some(statics) = statics {
        built.statics = statics;
    }
    let pages = work.pages.len();
    let report = BuildReport {
        articles: built.site.articles.len(),
        pages,
        files: pages,
        files_written: written.into_inner(),
        output,
        elapsed: started.elapsed(),
        stages: Vec::new(),
        diagnostics,
        minify_note: None,
    };
    Ok((report, articles_changed))
}

/// Reads the changed article files again (and, after a folder change, finds which appeared
/// or went). Any error in them fails the rebuild before the model is touched.
fn read_articles(
    built: &Built,
    plan: &Plan,
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Result<(Vec<ArticleChange>, BTreeSet<PathBuf>), Failed> {
    let config = &built.config;
    let root = &config.paths.root;
    let mut paths = plan.articles.clone();
    let mut sources = built.sources.clone();
    if plan.rescan {
        let found = source::discover(&config.paths.articles, root).map_err(|source| {
            Failed::intact(BuildError::Discover {
                path: config.paths.articles.clone(),
                source,
            })
        })?;
        let found: BTreeSet<PathBuf> = found
            .iter()
            .map(|p| pipeline::relative_to_root(p, config))
            .collect();
        paths.extend(sources.symmetric_difference(&found).cloned());
        sources = found;
    }
    let existing: Vec<PathBuf> = paths
        .iter()
        .filter(|p| is_article_file(root, p))
        .map(|p| root.join(p))
        .collect();
    sources.extend(
        existing
            .iter()
            .map(|p| pipeline::relative_to_root(p, config)),
    );
    let mentions = built.detector.as_ref().map(|detector| Mentions {
        detector,
        links: built.actor_links.as_deref(),
    });
    let choices = load::Choices {
        drafts: options.drafts,
        future: options.future,
        mentions,
    };
    let unwatched = crate::progress::Stage::none();
    let (loaded, problems) = load::article_files(
        root,
        &existing,
        config,
        &built.markdown,
        &choices,
        &unwatched,
    );
    diagnostics.extend(problems);
    if diagnostics.has_errors() {
        return Err(Failed::intact(BuildError::Content(std::mem::take(
            diagnostics,
        ))));
    }
    let mut by_source: HashMap<PathBuf, Loaded> = loaded
        .into_iter()
        .map(|l| (l.0.source_path.clone(), l))
        .collect();
    let changes = paths
        .into_iter()
        .map(|source| ArticleChange {
            loaded: by_source.remove(&source),
            source,
        })
        .collect();
    Ok((changes, sources))
}

/// Puts the changed articles into the model and says what to render: in place when none of
/// them moved, else by assembling the site again.
fn apply(
    built: &mut Built,
    changes: Vec<ArticleChange>,
    diagnostics: &mut Diagnostics,
) -> Result<Work, Failed> {
    let index_of: HashMap<&Path, usize> = built
        .site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.meta.source_path.as_path(), i))
        .collect();
    let in_place = changes.iter().all(|change| {
        match (index_of.get(change.source.as_path()), &change.loaded) {
            (Some(&i), Some(new)) => same_place(&built.site.articles[i], new),
            (None, None) => true,
            _ => false,
        }
    });
    let at: Vec<Option<usize>> = changes
        .iter()
        .map(|c| index_of.get(c.source.as_path()).copied())
        .collect();
    drop(index_of);
    if in_place {
        Ok(patch(built, changes, &at))
    } else {
        reassemble(built, changes, &at, diagnostics)
    }
}

/// Whether a new version of an article keeps its place: same file, date, URL, actors,
/// detected mentions and tags. Then every list holds it at the same position.
fn same_place(old: &Article, (meta, body): &Loaded) -> bool {
    let was = &old.meta;
    was.source_path == meta.source_path
        && was.published.timestamp() == meta.published.timestamp()
        && was.slug == meta.slug
        && was.actor_names == meta.actor_names
        && was.tag_names == meta.tag_names
        && old.body.mentioned == body.mentioned
}

/// Replaces articles that kept their place; only the pages that show them change.
fn patch(built: &mut Built, changes: Vec<ArticleChange>, at: &[Option<usize>]) -> Work {
    let mut work = Work::default();
    let config = &built.config;
    for (change, &index) in changes.into_iter().zip(at) {
        let (Some(index), Some((meta, body))) = (index, change.loaded) else {
            continue;
        };
        let article = &mut built.site.articles[index];
        let updated =
            |m: &crate::model::article::ArticleMeta| m.updated.as_ref().map(|u| u.timestamp());
        if updated(&article.meta) != updated(&meta) {
            // Sitemaps give each page the date of its newest change.
            work.jobs.push(Job::Sitemaps);
        }
        article.meta = meta;
        article.body = body;
        built.cards[index] = built.renderer.card(index, &built.site, config);
        work.pages
            .extend(pages_showing(&built.site, config, index, Reach::ItsPages));
        if config.writes_feeds() {
            let article = &built.site.articles[index];
            if index < config.feed_limit {
                work.jobs.push(Job::SiteFeed);
            }
            work.jobs.extend(
                article
                    .actors
                    .iter()
                    .chain(&article.mentions)
                    .map(|&a| Job::ActorFeed(a)),
            );
            work.jobs
                .extend(article.tags.iter().map(|&t| Job::TagFeed(t)));
        }
    }
    dedup(&mut work.pages);
    dedup(&mut work.jobs);
    work.jobs
        .retain(|job| *job != Job::Sitemaps || config.has_absolute_urls());
    work
}

/// Assembles the site again with the changed articles, and lists the pages of every list
/// they were or are in; pages and feeds that no longer exist are to be removed.
fn reassemble(
    built: &mut Built,
    changes: Vec<ArticleChange>,
    at: &[Option<usize>],
    diagnostics: &mut Diagnostics,
) -> Result<Work, Failed> {
    let config = &built.config;
    let old = &built.site;
    let old_pages: HashSet<String> = pages::jobs(old, config)
        .iter()
        .map(|kind| pages::path_of(kind, old))
        .collect();
    let mut showed: HashSet<String> = HashSet::new();
    let mut lists: HashSet<String> = HashSet::new();
    for &index in at.iter().flatten() {
        for kind in pages_showing(old, config, index, Reach::WholeLists) {
            showed.insert(pages::path_of(&kind, old));
        }
        lists.extend(feed_lists(old, index));
    }
    let old_counts = (old.articles.len(), old.actors.len(), old.tags.len());
    let old_feeds = feed_paths(old, config);
    let changed: HashSet<&Path> = changes.iter().map(|c| c.source.as_path()).collect();
    let mut loaded: Vec<Loaded> = std::mem::take(&mut built.site.articles)
        .into_iter()
        .filter(|a| !changed.contains(a.meta.source_path.as_path()))
        .map(|a| (a.meta, a.body))
        .collect();
    drop(changed);
    let sources: Vec<PathBuf> = changes.iter().map(|c| c.source.clone()).collect();
    loaded.extend(changes.into_iter().filter_map(|c| c.loaded));
    let mut problems = Vec::new();
    let site = Site::assemble(loaded, built.index.clone(), config, &mut problems);
    let has_errors = problems
        .iter()
        .any(|p| p.severity == crate::diagnostics::Severity::Error);
    let about_changes = problems
        .into_iter()
        .filter(|p| p.severity == crate::diagnostics::Severity::Error || sources.contains(&p.path));
    diagnostics.extend(about_changes);
    let site = match site {
        Some(site) if !has_errors => site,
        _ => return Err(Failed::broken(std::mem::take(diagnostics))),
    };
    built.site = site;
    let site = &built.site;
    built.cards = (0..site.articles.len())
        .into_par_iter()
        .map(|i| built.renderer.card(i, site, config))
        .collect();
    let mut work = Work::default();
    let new_pages = pages::jobs(site, config);
    let new_index: HashMap<&Path, usize> = site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.meta.source_path.as_path(), i))
        .collect();
    let mut pages: Vec<PageKind> = site_wide_pages(site, config);
    for source in &sources {
        if let Some(&index) = new_index.get(source.as_path()) {
            pages.extend(pages_showing(site, config, index, Reach::WholeLists));
            lists.extend(feed_lists(site, index));
        }
    }
    let mut new_paths: HashSet<String> = HashSet::with_capacity(new_pages.len());
    for kind in &new_pages {
        let path = pages::path_of(kind, site);
        if showed.contains(&path) || !old_pages.contains(&path) {
            pages.push(*kind);
        }
        new_paths.insert(path);
    }
    let counts = (site.articles.len(), site.actors.len(), site.tags.len());
    work.every_page = counts != old_counts && built.renderer.shows_site_counts();
    dedup(&mut pages);
    work.pages = pages;
    work.removed = old_pages
        .difference(&new_paths)
        .filter_map(|path| output_file(path).ok())
        .collect();
    if config.writes_feeds() {
        work.jobs.push(Job::SiteFeed);
        work.jobs.extend(
            (0..site.actors.len())
                .filter(|&a| lists.contains(&site.actors[a].path))
                .map(Job::ActorFeed),
        );
        work.jobs.extend(
            (0..site.tags.len())
                .filter(|&t| lists.contains(&site.tags[t].path))
                .map(Job::TagFeed),
        );
        let new_feeds = feed_paths(site, config);
        work.removed
            .extend(old_feeds.difference(&new_feeds).cloned());
    }
    if config.has_absolute_urls() {
        work.jobs.push(Job::Sitemaps);
    }
    Ok(work)
}

/// The actor and tag pages (by path) whose feeds list article `index`.
fn feed_lists(site: &Site, index: usize) -> Vec<String> {
    let article = &site.articles[index];
    let actors = article.actors.iter().chain(&article.mentions);
    actors
        .map(|&a| site.actors[a].path.clone())
        .chain(article.tags.iter().map(|&t| site.tags[t].path.clone()))
        .collect()
}

/// Every actor's and tag's feed file.
fn feed_paths(site: &Site, config: &Config) -> HashSet<PathBuf> {
    if !config.writes_feeds() {
        return HashSet::new();
    }
    let lists = site.actors.iter().map(|a| &a.path);
    lists
        .chain(site.tags.iter().map(|t| &t.path))
        .filter_map(|path| output_file(&paths::feed_of(path)).ok())
        .collect()
}

/// Renders the pages and writes those whose bytes changed. A few pages are all rendered
/// before any is written, so a template error leaves the output as it was; every page (a
/// template change) is streamed, as a whole build does.
fn render_pages(
    renderer: &crate::render::SiteRenderer<'_>,
    minify: bool,
    work: &Work,
    write: &WriteFile<'_>,
) -> Result<(), Failed> {
    if work.every_page {
        let failures: Vec<Failure> = work
            .pages
            .par_iter()
            .map_init(
                || Vec::with_capacity(pipeline::PAGE_BUFFER),
                |html, kind| pipeline::render_page(renderer, kind, html, minify, write).err(),
            )
            .flatten()
            .collect();
        return failed_pages(failures);
    }
    let rendered: Vec<Result<(PathBuf, Vec<u8>), Failure>> = work
        .pages
        .par_iter()
        .map(|kind| {
            let mut html = Vec::new();
            let kept = std::sync::Mutex::new(None);
            pipeline::render_page(renderer, kind, &mut html, minify, &|path, bytes| {
                *kept.lock().expect("not poisoned") = Some((path.to_path_buf(), bytes.to_vec()));
                Ok(())
            })?;
            Ok(kept.into_inner().expect("not poisoned").expect("written"))
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut failures = Vec::new();
    for result in rendered {
        match result {
            Ok(page) => pages.push(page),
            Err(failure) => failures.push(failure),
        }
    }
    failed_pages(failures)?;
    pages
        .par_iter()
        .try_for_each(|(path, bytes)| write(path, bytes))
        .map_err(Failed::broken)
}

/// A failed page fails the rebuild; the model already holds the change, so the next rebuild
/// starts afresh.
fn failed_pages(failures: Vec<Failure>) -> Result<(), Failed> {
    let (problems, write_error) = pipeline::split_failures(failures);
    if let Some(error) = write_error {
        return Err(Failed::broken(error));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(crate::render::dedupe(problems));
    Err(Failed::broken(diagnostics))
}

/// Copies the static files whose bytes changed and lists those that went; returns the new
/// list. A static file may not take a page's place.
fn update_statics(
    built: &Built,
    write: &WriteFile<'_>,
    removed: &mut Vec<PathBuf>,
) -> Result<Vec<(PathBuf, PathBuf)>, Failed> {
    let config = &built.config;
    let site = &built.site;
    let page_files: HashSet<PathBuf> = pages::jobs(site, config)
        .iter()
        .filter_map(|kind| output_file(&pages::path_of(kind, site)).ok())
        .collect();
    let mut diagnostics = Diagnostics::new();
    let statics = pipeline::static_files(config, &page_files, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(Failed::intact(BuildError::Content(diagnostics)));
    }
    for (relative, absolute) in &statics {
        let bytes = std::fs::read(absolute).map_err(|source| {
            Failed::broken(OutputError::Io {
                path: absolute.clone(),
                source,
            })
        })?;
        write(relative, &bytes).map_err(Failed::broken)?;
    }
    let now: HashSet<&PathBuf> = statics.iter().map(|(relative, _)| relative).collect();
    for (relative, _) in &built.statics {
        let still_made = built.publications.contains(relative);
        if !now.contains(relative) && !still_made {
            removed.push(relative.clone());
        }
    }
    Ok(statics)
}

/// Re-indexes the search shards whose fingerprint changed, writes their files and removes
/// the index files no shard has any more.
fn update_search(built: &mut Built) -> Result<SearchUpdate, BuildError> {
    let started = Instant::now();
    let renderer =
        built
            .renderer
            .bind_cards(&built.site, &built.config, std::mem::take(&mut built.cards));
    let unwatched = crate::progress::Progress::none();
    let output = &built.config.paths.output;
    let written = std::sync::atomic::AtomicUsize::new(0);
    let wanted: std::sync::Mutex<HashSet<PathBuf>> = Default::default();
    // Each shard's files are written as the shard is made; a shard is whole in itself, so a
    // failure part way leaves a working index (some shards newer) until the next update.
    let (outcome, _) = pipeline::search_bundle(
        &built.site,
        &built.config,
        &renderer,
        &unwatched,
        |files| -> Result<(), output::OutputError> {
            for (path, file) in &files {
                if let BundleFile::Made(bytes) = file
                    && output::update_in_place(output, path, bytes)?
                {
                    written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
            let paths = files.into_iter().map(|(path, _)| path);
            wanted.lock().expect("no writer panicked").extend(paths);
            Ok(())
        },
    );
    built.cards = renderer.into_cards();
    if let Err(problem) = outcome? {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(problem);
        return Err(BuildError::Content(diagnostics));
    }
    let written = written.into_inner();
    let wanted = wanted.into_inner().expect("no writer panicked");
    let bundle_dir = output.join(crate::publish::search::BUNDLE_DIR);
    let stale: Vec<PathBuf> = walkdir::WalkDir::new(&bundle_dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(output).ok().map(Path::to_path_buf))
        .filter(|relative| !wanted.contains(relative))
        .collect();
    for relative in stale {
        output::remove_in_place(output, &relative)?;
    }
    Ok(SearchUpdate {
        files_written: written,
        took: started.elapsed(),
    })
}

fn content_error(problems: Vec<Diagnostic>) -> BuildError {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(problems);
    BuildError::Content(diagnostics)
}

/// Removes repeats, keeping each item's first place.
fn dedup<T: Eq + std::hash::Hash + Copy>(items: &mut Vec<T>) {
    let mut seen = HashSet::with_capacity(items.len());
    items.retain(|item| seen.insert(*item));
}
