//! Incremental rebuilds for `watch` and `serve`: after a change, only what it affects.
//!
//! - an edited article is read again alone. If its place in the site is unchanged (same date,
//!   URL, actors, authors, mentions and tags), it is patched into the model and only the pages that
//!   show it are rendered: its own, its neighbours', and the one page of each list it is on.
//!   Unless it is a page bundle or shows other photos, only its own references are checked,
//!   against the files of the last whole check ([`Kernel::check_patched`]);
//! - an article that moved, appeared or went makes the model be assembled again from the
//!   articles in memory (nothing else is read), and every page of the lists it was or is in,
//!   the indexes and the neighbouring archive periods are rendered, with every page whose
//!   templates may show the site's counts; pages that no longer exist are removed;
//! - a template change renders, without reading anything, the pages whose templates extend or
//!   include the changed one (every page for `base.html`); a static file change copies the
//!   static files that changed. An author profile change reads the author profiles again
//!   (nothing else: no article's text depends on them) and assembles again the articles whose
//!   byline it changes, as if they had moved, with the edited authors' pages and feeds.
//!   `site.yaml`, actor profiles and UI strings start afresh with a whole build ([`super::super::Session`] decides that).
//!
//! Files are written in place through the kernel's one write path, only when their bytes
//! changed, each through a rename. The search index is brought up to date after the pages
//! ([`Kernel::update_search`]), so the browser reloads as soon as the pages are on disk.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::write::{self, Mode};
use super::{Kernel, Sink, load};
use crate::build::{BuildError, BuildReport, SearchUpdate};
use crate::config::{Paths, SourceKind};
use crate::diagnostics::{Diagnostics, Severity};
use crate::load as read;
use crate::markdown::Mentions;
use crate::model::Site;
use crate::model::article::{Article, ArticleMeta, is_bundle_index};
use crate::model::author::AuthorIndex;
use crate::model::id::{ActorId, ArticleId, AuthorId, TagId};
use crate::model::route::{output_file, paths};
use crate::output;
use crate::progress::{Progress, Stage};
use crate::publish::Job;
use crate::render::dependents::{Reach, every_page, pages_showing, site_wide_pages};
use crate::render::{PageKind, Renderer, catalogue};

/// What changed since the last good rebuild, sorted by what it asks for.
#[derive(Debug, Default)]
pub(in crate::build) struct Changes {
    /// `site.yaml`, actor profiles, UI strings, or lost events: build everything afresh.
    pub fresh: bool,
    templates: TemplateEdits,
    statics: bool,
    /// The static files changed, relative to the root: an article showing one as a photo is
    /// read again, so that its variants are made anew.
    static_paths: BTreeSet<PathBuf>,
    /// A folder of articles appeared or went, or a file went: list the articles again.
    rescan: bool,
    /// Article files to read again, relative to the root.
    articles: BTreeSet<PathBuf>,
    /// Author profiles changed (added, edited, removed), relative to the root.
    authors: BTreeSet<PathBuf>,
}

impl Changes {
    /// The changes of a session with no model yet: everything.
    pub(in crate::build) fn everything() -> Changes {
        Changes {
            fresh: true,
            ..Changes::default()
        }
    }

    /// Sorts changed paths (relative to the root) by what they ask for.
    pub(in crate::build) fn add(&mut self, changed: &[PathBuf], paths: &Paths) {
        for path in changed {
            match paths.classify(path) {
                SourceKind::Article if paths.root.join(path).is_file() => {
                    self.articles.insert(path.clone());
                }
                // A folder, or an article that went: list the articles again. A file of a page
                // bundle is its article's: read again, it lists and checks its files anew.
                SourceKind::Article | SourceKind::ArticleFolder => {
                    self.rescan = true;
                    if let Some(index) = paths.bundle_index_of(path) {
                        self.articles.insert(index);
                    }
                }
                SourceKind::Template(name) => {
                    self.templates.names.insert(name);
                }
                SourceKind::TemplateFolder => self.templates.every_page = true,
                SourceKind::Static => {
                    self.statics = true;
                    self.static_paths.insert(path.clone());
                }
                SourceKind::AuthorProfile => {
                    self.authors.insert(path.clone());
                }
                SourceKind::Unread => {}
                SourceKind::Config
                | SourceKind::Profile
                | SourceKind::Theme
                | SourceKind::Other => self.fresh = true,
            }
        }
    }
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
}

/// Why an incremental rebuild failed, and whether the model still matches the output.
pub(in crate::build) struct Failed {
    pub error: BuildError,
    pub model_intact: bool,
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
    loaded: Option<Article>,
}

/// What to write, once the model is up to date.
#[derive(Default)]
struct Work {
    pages: Vec<PageKind>,
    jobs: Vec<Job>,
    /// Files of the output to remove (relative to it): pages and feeds that no longer exist.
    removed: Vec<PathBuf>,
    /// Many pages (a template change, the site's counts): streamed, as a whole build does.
    every_page: bool,
    /// The articles replaced in place, whose references are checked.
    patched: Vec<ArticleId>,
}

impl Kernel {
    /// Brings the model and the output up to date with `changes`; also says whether any
    /// article changed (the search index is then behind).
    pub(in crate::build) fn rebuild(
        &mut self,
        changes: &Changes,
        started: Instant,
    ) -> Result<(BuildReport, bool), Failed> {
        let mut diagnostics = Diagnostics::new();
        let every_template_page = self.reload_templates(&changes.templates)?;
        let (articles, sources) = self.read_articles(changes, &mut diagnostics)?;
        let copies = if changes.statics {
            Copies::All
        } else if !articles.is_empty() {
            Copies::Bundles(bundle_folders(&articles))
        } else {
            Copies::None
        };
        let authors = self.read_authors(changes, &mut diagnostics)?;
        // Bylines are in the search records: a renamed author changes them.
        let articles_changed = !articles.is_empty() || authors.is_some();
        let mut work = match authors {
            Some(index) => self.reprofile(index, &changes.authors, articles, &mut diagnostics)?,
            None if articles.is_empty() => Work::default(),
            None => self.apply(articles, &mut diagnostics)?,
        };
        if let Some(sources) = sources {
            self.readers_mut().sources = sources;
        }
        if changes.templates.any() {
            self.add_template_pages(&mut work, &changes.templates, every_template_page);
        }
        let report = self.write_work(work, copies, diagnostics, started)?;
        Ok((report, articles_changed))
    }

    fn readers_mut(&mut self) -> &mut super::Readers {
        self.readers.as_mut().expect("a kernel kept for rebuilds")
    }

    /// Loads the templates again after an edit; says whether the edit reaches every page: a
    /// template that defined components before the edit, or does now.
    fn reload_templates(&mut self, edits: &TemplateEdits) -> Result<bool, Failed> {
        if !edits.any() {
            return Ok(false);
        }
        let renderer = Renderer::load(&self.config).map_err(|problems| {
            let mut diagnostics = Diagnostics::new();
            diagnostics.extend(problems);
            Failed::intact(BuildError::Content(diagnostics))
        })?;
        let every_page = edits.every_page
            || self
                .renderer
                .template_uses()
                .reaches_every_page(&edits.names)
            || renderer.template_uses().reaches_every_page(&edits.names);
        self.renderer = renderer;
        Ok(every_page)
    }

    /// Adds the pages whose templates reach an edited template (all of them when
    /// `every_page`).
    fn add_template_pages(&self, work: &mut Work, edits: &TemplateEdits, every_page: bool) {
        let all = catalogue::jobs(&self.site, &self.config);
        work.pages = if every_page {
            all
        } else {
            let uses = self.renderer.template_uses();
            let asked: HashSet<PageKind> = work.pages.iter().copied().collect();
            // A dozen templates for thousands of pages: each is looked at once.
            let mut reached: HashMap<&str, bool> = HashMap::new();
            all.into_iter()
                .filter(|kind| {
                    asked.contains(kind)
                        || *reached
                            .entry(kind.template())
                            .or_insert_with(|| uses.reaches(kind.template(), &edits.names))
                })
                .collect()
        };
        work.every_page = true;
    }

    /// Reads the changed article files again (and, after a folder change, finds which
    /// appeared or went). Any error in them fails the rebuild before the model is touched.
    fn read_articles(
        &self,
        changes: &Changes,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Vec<ArticleChange>, Option<BTreeSet<PathBuf>>), Failed> {
        let config = &self.config;
        let readers = self.readers.as_ref().expect("a kernel kept for rebuilds");
        let root = &config.paths.root;
        let mut paths = changes.articles.clone();
        paths.extend(showing_photos(&self.site, &changes.static_paths));
        // The set of article files, when it changed; the last good one passed the folder
        // rules, so only a new set is checked again (100,000 paths, on every edit otherwise).
        let mut sources: Option<BTreeSet<PathBuf>> = None;
        if changes.rescan {
            let found = load::list(&config.paths.articles, config).map_err(Failed::intact)?;
            let found: BTreeSet<PathBuf> = found
                .iter()
                .map(|p| load::relative_to_root(p, config))
                .collect();
            if found != readers.sources {
                paths.extend(readers.sources.symmetric_difference(&found).cloned());
                sources = Some(found);
            }
        }
        let existing: Vec<PathBuf> = paths
            .iter()
            .filter(|p| config.paths.classify(p) == SourceKind::Article)
            .map(|p| root.join(p))
            .filter(|p| p.is_file())
            .collect();
        for path in &existing {
            let relative = load::relative_to_root(path, config);
            let known = sources.as_ref().unwrap_or(&readers.sources);
            if !known.contains(&relative) {
                sources
                    .get_or_insert_with(|| readers.sources.clone())
                    .insert(relative);
            }
        }
        if let Some(sources) = &sources {
            diagnostics.extend(load::bundle_problems(config, sources.iter()));
        }
        let mentions = readers.detector.as_ref().map(|detector| Mentions {
            detector,
            links: readers.actor_links.as_deref(),
        });
        let choices = read::Choices {
            drafts: self.options.drafts,
            future: self.options.future,
            mentions,
            // A site in several languages is rebuilt whole (see `Session::rebuild`).
            edition_links: &[],
            // A session's bodies stay in memory: rebuilds compare and replace them.
            spool: None,
            // A session has every body at hand; the cache is for one-shot builds.
            cache: None,
        };
        let (loaded, problems) = read::article_files(
            root,
            &existing,
            config,
            &readers.markdown,
            &choices,
            &Stage::none(),
        );
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(Failed::intact(std::mem::take(diagnostics)));
        }
        let mut by_source: HashMap<PathBuf, Article> = loaded
            .into_iter()
            .map(|a| (a.meta.source_path.clone(), a))
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

    /// The author profiles read again after one of them changed; `None` when none did. An
    /// error in them fails the rebuild before the model is touched.
    fn read_authors(
        &self,
        changes: &Changes,
        diagnostics: &mut Diagnostics,
    ) -> Result<Option<AuthorIndex>, Failed> {
        if changes.authors.is_empty() {
            return Ok(None);
        }
        let readers = self.readers.as_ref().expect("a kernel kept for rebuilds");
        let mut problems = Vec::new();
        let index = load::author_index(&self.config, &readers.markdown, &mut problems)
            .map_err(Failed::intact)?;
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(Failed::intact(std::mem::take(diagnostics)));
        }
        Ok(Some(index))
    }

    /// Puts new author profiles into the model. The articles whose byline they change (a name
    /// now claimed or no longer, a profile edited) are assembled again as if they had moved,
    /// with the articles read from disk; the pages and feeds of the edited profiles' authors
    /// are rendered even when no article names them (an unused profile's page shows its role).
    fn reprofile(
        &mut self,
        index: AuthorIndex,
        edited: &BTreeSet<PathBuf>,
        mut changes: Vec<ArticleChange>,
        diagnostics: &mut Diagnostics,
    ) -> Result<Work, Failed> {
        let read: HashSet<PathBuf> = changes.iter().map(|c| c.source.clone()).collect();
        let readers = self.readers.as_ref().expect("a kernel kept for rebuilds");
        let old = &readers.index.authors;
        let signed = self.site.articles.iter().filter(|a| {
            !read.contains(&a.meta.source_path)
                && byline_changes(a, &self.site, old, &index, edited)
        });
        let signed: Vec<ArticleChange> = signed
            .map(|a| ArticleChange {
                source: a.meta.source_path.clone(),
                loaded: Some(Article::unlinked(a.meta.clone(), a.body.clone())),
            })
            .collect();
        changes.extend(signed);
        let was_edited = |site: &Site| -> Vec<String> {
            let edited_author = |a: &&crate::model::author::Author| {
                a.profile
                    .as_ref()
                    .is_some_and(|p| edited.contains(&p.source_path))
            };
            site.authors
                .iter()
                .filter(edited_author)
                .map(|a| a.path.clone())
                .collect()
        };
        let before = was_edited(&self.site);
        self.readers_mut().index.authors = index;
        let at = places_of(&self.site, &changes);
        let mut work = self.reassemble(changes, &at, diagnostics)?;
        let (site, config) = (&self.site, &self.config);
        let lists: HashSet<String> = before.into_iter().chain(was_edited(site)).collect();
        for author in AuthorId::all(site.authors.len()) {
            if lists.contains(&site.authors[author].path) {
                let first = PageKind::Author { author, page: 1 };
                work.pages.extend(every_page(first, site, config));
                if config.writes_feeds() {
                    work.jobs.push(Job::AuthorFeed(author));
                }
            }
        }
        dedup(&mut work.pages);
        dedup(&mut work.jobs);
        Ok(work)
    }

    /// Puts the changed articles into the model and says what to render: in place when none
    /// of them moved, else by assembling the site again.
    fn apply(
        &mut self,
        changes: Vec<ArticleChange>,
        diagnostics: &mut Diagnostics,
    ) -> Result<Work, Failed> {
        let at = places_of(&self.site, &changes);
        let in_place =
            changes
                .iter()
                .zip(&at)
                .all(|(change, index)| match (index, &change.loaded) {
                    (Some(i), Some(new)) => same_place(&self.site.articles[*i], new),
                    (None, None) => true,
                    _ => false,
                });
        if in_place {
            Ok(self.patch(changes, &at))
        } else {
            self.reassemble(changes, &at, diagnostics)
        }
    }

    /// Replaces articles that kept their place; only the pages that show them change.
    fn patch(&mut self, changes: Vec<ArticleChange>, at: &[Option<ArticleId>]) -> Work {
        let mut work = Work::default();
        for (change, &index) in changes.into_iter().zip(at) {
            let (Some(index), Some(new)) = (index, change.loaded) else {
                continue;
            };
            if !photo_sources(&self.site.articles[index]).eq(photo_sources(&new)) {
                // The photos shown decide which variants are published: check everything.
                self.checked_files = None;
            }
            let Article { meta, body, .. } = new;
            let article = &mut self.site.articles[index];
            let updated = |m: &ArticleMeta| m.updated.as_ref().map(|u| u.timestamp());
            if updated(&article.meta) != updated(&meta) {
                // Sitemaps give each page the date of its newest change.
                work.jobs.push(Job::Sitemaps);
            }
            article.meta = meta;
            article.body = body;
            work.patched.push(index);
            self.cards[index.index()] = self.renderer.card(index, &self.site, &self.config);
            work.pages.extend(pages_showing(
                &self.site,
                &self.config,
                index,
                Reach::ItsPages,
            ));
            work.jobs.extend(self.feeds_listing(index));
            if !self.site.articles[index].meta.aliases.is_empty() {
                // Its redirect pages show its title.
                self.site.redirects = self.site.gather_redirects();
                work.jobs.push(Job::Redirects);
            }
        }
        dedup(&mut work.pages);
        dedup(&mut work.jobs);
        let absolute = self.config.has_absolute_urls();
        work.jobs.retain(|job| *job != Job::Sitemaps || absolute);
        work
    }

    /// The feeds that list article `index`.
    fn feeds_listing(&self, index: ArticleId) -> Vec<Job> {
        if !self.config.writes_feeds() {
            return Vec::new();
        }
        let article = &self.site.articles[index];
        let mut jobs = Vec::new();
        if index.index() < self.config.feed_limit {
            jobs.push(Job::SiteFeed);
        }
        let actors = article.actors.iter().chain(&article.mentions);
        jobs.extend(actors.map(|&a| Job::ActorFeed(a)));
        jobs.extend(article.tags.iter().map(|&t| Job::TagFeed(t)));
        jobs.extend(article.authors.iter().map(|&a| Job::AuthorFeed(a)));
        jobs
    }

    /// Feed jobs name actors, authors and tags by id, and a reassembly renumbers them (a new
    /// name sorts before others). The feeds written are keyed again by their path, so that a
    /// later rerun of an id does not take another list's feed for its own and remove it.
    fn rekey_feed_publications(&mut self) {
        let site = &self.site;
        let feed = |path: &str| output_file(&paths::feed_of(path)).ok();
        let actors = ActorId::all(site.actors.len())
            .filter_map(|a| Some((feed(&site.actors[a].path)?, Job::ActorFeed(a))));
        let authors = AuthorId::all(site.authors.len())
            .filter_map(|a| Some((feed(&site.authors[a].path)?, Job::AuthorFeed(a))));
        let tags = TagId::all(site.tags.len())
            .filter_map(|t| Some((feed(&site.tags[t].path)?, Job::TagFeed(t))));
        let now: HashMap<PathBuf, Job> = actors.chain(authors).chain(tags).collect();
        for (path, job) in &mut self.publications {
            let is_list_feed = matches!(
                job,
                Job::ActorFeed(_) | Job::AuthorFeed(_) | Job::TagFeed(_)
            );
            if let Some(&current) = now.get(path).filter(|_| is_list_feed) {
                *job = current;
            }
        }
    }

    /// Assembles the site again with the changed articles, and lists the pages of every list
    /// they were or are in; pages and feeds that no longer exist are to be removed.
    fn reassemble(
        &mut self,
        changes: Vec<ArticleChange>,
        at: &[Option<ArticleId>],
        diagnostics: &mut Diagnostics,
    ) -> Result<Work, Failed> {
        // Pages may come and go: the next check is of the whole site.
        self.checked_files = None;
        let before = Before::of(&self.site, &self.config, at);
        let sources: Vec<PathBuf> = changes.iter().map(|c| c.source.clone()).collect();
        let site = self.assemble_with(changes, &sources, diagnostics)?;
        self.site = site;
        self.rekey_feed_publications();
        let (site, config) = (&self.site, &self.config);
        self.cards = (0..site.articles.len())
            .into_par_iter()
            .map(|i| self.renderer.card(ArticleId::new(i), site, config))
            .collect();
        let mut lists = before.lists.clone();
        let mut pages: Vec<PageKind> = site_wide_pages(site, config);
        let new_index = ids_by_source(site);
        for source in &sources {
            if let Some(&index) = new_index.get(source.as_path()) {
                pages.extend(pages_showing(site, config, index, Reach::WholeLists));
                lists.extend(feed_lists(site, index));
            }
        }
        let all_pages = catalogue::jobs(site, config);
        let counts_changed = before.counts != counts(site);
        let uses = self.renderer.template_uses();
        let mut new_paths: HashSet<String> = HashSet::with_capacity(all_pages.len());
        let mut shows_counts: HashMap<&str, bool> = HashMap::new();
        for kind in &all_pages {
            let path = catalogue::path_of(kind, site);
            let template = kind.template();
            // A page whose templates may show the site's counts changes with them.
            let shows = counts_changed
                && *shows_counts
                    .entry(template)
                    .or_insert_with(|| uses.shows_site_counts(template));
            if shows || before.showed.contains(&path) || !before.pages.contains(&path) {
                pages.push(*kind);
            }
            new_paths.insert(path);
        }
        dedup(&mut pages);
        let mut work = Work {
            every_page: pages.len() > all_pages.len() / 2,
            pages,
            ..Work::default()
        };
        work.removed = before
            .pages
            .difference(&new_paths)
            .filter_map(|path| output_file(path).ok())
            .collect();
        if config.writes_feeds() {
            work.jobs.push(Job::SiteFeed);
            let actors = ActorId::all(site.actors.len());
            let actors = actors.filter(|&a| lists.contains(&site.actors[a].path));
            work.jobs.extend(actors.map(Job::ActorFeed));
            let tags = TagId::all(site.tags.len()).filter(|&t| lists.contains(&site.tags[t].path));
            work.jobs.extend(tags.map(Job::TagFeed));
            let authors = AuthorId::all(site.authors.len());
            let authors = authors.filter(|&a| lists.contains(&site.authors[a].path));
            work.jobs.extend(authors.map(Job::AuthorFeed));
            let new_feeds = feed_paths(site, config);
            work.removed
                .extend(before.feeds.difference(&new_feeds).cloned());
        }
        if config.has_absolute_urls() {
            work.jobs.push(Job::Sitemaps);
        }
        // Aliases may have come or gone, and their targets moved: the few redirect files are
        // made again, written only where their bytes changed, and those no longer made removed.
        work.jobs.push(Job::Redirects);
        Ok(work)
    }

    /// The site assembled from the articles in memory, the changed ones replaced. Errors, and
    /// warnings about the changed files, go to `diagnostics`.
    fn assemble_with(
        &mut self,
        changes: Vec<ArticleChange>,
        sources: &[PathBuf],
        diagnostics: &mut Diagnostics,
    ) -> Result<Site, Failed> {
        let changed: HashSet<&Path> = sources.iter().map(PathBuf::as_path).collect();
        // The kept articles' links are stale; assembling links them all afresh.
        let mut loaded: Vec<Article> = std::mem::take(&mut self.site.articles)
            .into_iter()
            .filter(|a| !changed.contains(a.meta.source_path.as_path()))
            .collect();
        loaded.extend(changes.into_iter().filter_map(|c| c.loaded));
        let index = self.readers_mut().index.clone();
        let mut problems = Vec::new();
        let site = Site::assemble(loaded, index, &self.config, &mut problems);
        let has_errors = problems.iter().any(|p| p.severity == Severity::Error);
        let about_changes = problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error || changed.contains(p.path.as_path()));
        diagnostics.extend(about_changes);
        match site {
            Some(site) if !has_errors => Ok(site),
            // The model's articles are gone: the next rebuild starts afresh.
            _ => Err(Failed::broken(std::mem::take(diagnostics))),
        }
    }

    /// Writes what `work` asks for in place, copies the static files when they changed, and
    /// removes what no longer exists.
    fn write_work(
        &mut self,
        mut work: Work,
        copies: Copies,
        diagnostics: Diagnostics,
        started: Instant,
    ) -> Result<BuildReport, Failed> {
        let output = self.config.paths.output.clone();
        let statics = match &copies {
            Copies::None => None,
            Copies::Bundles(folders) if folders.is_empty() && self.checked_files.is_some() => {
                self.check_patched(&work.patched)?;
                None
            }
            copies => Some(self.check_files(copies)?),
        };
        output::forget_page_memo(&output).map_err(Failed::broken)?;
        let sink = Sink::in_place(&output);
        let statics = match statics {
            Some(statics) => Some(self.sync_statics(&sink, &mut work, statics, &copies)?),
            None => None,
        };
        let cards = std::mem::take(&mut self.cards);
        let renderer = self.renderer.bind_cards(&self.site, &self.config, cards);
        let mode = if work.every_page {
            Mode::Streamed
        } else {
            Mode::AllOrNothing
        };
        let published = write::write_pages(&renderer, &work.pages, &sink, mode, &Stage::none())
            .map_err(|failures| Failed::broken(failures.into_error(Diagnostics::new())))
            .and_then(|()| {
                let sitemaps = work.jobs.contains(&Job::Sitemaps);
                let all_pages = if sitemaps {
                    renderer.pages()
                } else {
                    Vec::new()
                };
                write::publish(&renderer, &all_pages, &work.jobs, &sink, &Stage::none())
                    .map_err(Failed::broken)
            });
        self.cards = renderer.into_cards();
        let published = published?;
        // A job run again may make fewer files (a sitemap cut into fewer parts).
        let rerun: HashSet<&Job> = work.jobs.iter().collect();
        for (old, job) in &self.publications {
            if rerun.contains(job) && !published.contains_key(old) {
                work.removed.push(old.clone());
            }
        }
        self.publications
            .retain(|old, job| !rerun.contains(job) || published.contains_key(old));
        // A file that went from one owner to another in this change (an old page URL now an
        // alias, or the reverse) was just written: it stays.
        let written_now = self.files_of_now(&published, &work.removed);
        work.removed.retain(|path| !written_now.contains(path));
        self.publications.extend(published);
        for path in &work.removed {
            self.publications.remove(path);
            output::remove_in_place(&output, path).map_err(Failed::broken)?;
        }
        if let Some(statics) = statics {
            self.statics = statics;
        }
        Ok(BuildReport {
            articles: self.site.articles.len(),
            pages: work.pages.len(),
            files: work.pages.len(),
            files_written: sink.written(),
            pages_kept: 0,
            articles_cached: 0,
            output,
            elapsed: started.elapsed(),
            stages: Vec::new(),
            resident: Vec::new(),
            peak_memory: None,
            diagnostics,
            minify_note: None,
            mentions: crate::build::MentionTally::default(),
        })
    }

    /// Which of `removed` the site makes now: published by this rebuild, or a page of the
    /// current model. The pages are only listed when something is to be removed.
    fn files_of_now(
        &self,
        published: &std::collections::BTreeMap<PathBuf, Job>,
        removed: &[PathBuf],
    ) -> HashSet<PathBuf> {
        if removed.is_empty() {
            return HashSet::new();
        }
        let (site, config) = (&self.site, &self.config);
        let pages = catalogue::jobs(site, config);
        let pages = pages
            .iter()
            .filter_map(|kind| output_file(&catalogue::path_of(kind, site)).ok());
        pages.chain(published.keys().cloned()).collect()
    }

    /// Copies the static files whose bytes changed and lists those that went; returns the new
    /// list. The site's own `robots.txt` replaces the generated one, and its removal brings
    /// the generated one back.
    /// Lists the static and bundle files again and checks every root-relative reference
    /// against them, before anything is written. After articles changed the model no longer
    /// matches the output, so a problem then makes the next rebuild start afresh.
    fn check_files(&mut self, copies: &Copies) -> Result<Vec<(PathBuf, PathBuf)>, Failed> {
        self.checked_files = None;
        let (site, config) = (&self.site, &self.config);
        let mut files: HashSet<PathBuf> = catalogue::jobs(site, config)
            .iter()
            .filter_map(|kind| output_file(&catalogue::path_of(kind, site)).ok())
            .collect();
        files.extend(write::redirect_files(site));
        let mut diagnostics = Diagnostics::new();
        let statics = write::static_files(config, site, &files, &mut diagnostics);
        files.extend(statics.iter().map(|(relative, _)| relative.clone()));
        diagnostics.extend(write::missing_references(site.articles.iter(), &files));
        match copies {
            _ if !diagnostics.has_errors() => {
                self.checked_files = Some(files);
                Ok(statics)
            }
            Copies::Bundles(_) => Err(Failed::broken(diagnostics)),
            _ => Err(Failed::intact(diagnostics)),
        }
    }

    /// Checks the root-relative references of articles patched in place, and only theirs:
    /// the pages, redirect files and static files are those last checked (the model kept its
    /// shape, no static file changed, and the articles are no bundles and show the same
    /// photos), so no other article's reference can have lost its file.
    fn check_patched(&self, patched: &[ArticleId]) -> Result<(), Failed> {
        let files = self.checked_files.as_ref().expect("checked by the caller");
        let articles = patched.iter().map(|&index| &self.site.articles[index]);
        let missing = write::missing_references(articles, files);
        if missing.is_empty() {
            return Ok(());
        }
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(missing);
        // The model holds the patched articles, the output does not: start afresh.
        Err(Failed::broken(diagnostics))
    }

    /// Copies the static and bundle files that `copies` asks for (a bundle's files when its
    /// article was read again; any file new to the list), and lists those that went.
    fn sync_statics(
        &mut self,
        sink: &Sink<'_>,
        work: &mut Work,
        statics: Vec<(PathBuf, PathBuf)>,
        copies: &Copies,
    ) -> Result<Vec<(PathBuf, PathBuf)>, Failed> {
        let config = &self.config;
        let before: HashSet<&(PathBuf, PathBuf)> = self.statics.iter().collect();
        let to_copy: Vec<(PathBuf, PathBuf)> = match copies {
            Copies::Bundles(folders) => statics
                .iter()
                .filter(|entry| {
                    !before.contains(entry)
                        || folders
                            .iter()
                            .any(|folder| entry.1.starts_with(config.paths.root.join(folder)))
                })
                .cloned()
                .collect(),
            _ => statics.clone(),
        };
        write::copy_statics(&to_copy, &config.paths.image_cache, sink).map_err(Failed::broken)?;
        let now: HashSet<&PathBuf> = statics.iter().map(|(relative, _)| relative).collect();
        for (relative, _) in &self.statics {
            if !now.contains(relative) && !self.publications.contains_key(relative) {
                work.removed.push(relative.clone());
            }
        }
        let robots = write::robots_file();
        let (had, has) = (
            write::has_robots(&self.statics),
            write::has_robots(&statics),
        );
        if had && !has && config.has_absolute_urls() {
            work.jobs.push(Job::Robots);
            work.removed.retain(|path| *path != robots);
        } else if has && !had {
            self.publications.remove(&robots);
        }
        Ok(statics)
    }

    /// Re-indexes the search shards whose fingerprint changed, writes their files and removes
    /// the index files no shard has any more.
    pub(in crate::build) fn update_search(&mut self) -> Result<SearchUpdate, BuildError> {
        let started = Instant::now();
        let output = self.config.paths.output.clone();
        let cards = std::mem::take(&mut self.cards);
        let renderer = self.renderer.bind_cards(&self.site, &self.config, cards);
        let sink = Sink::in_place(&output);
        // Each shard's files are written as the shard is made; a shard is whole in itself, so
        // a failure part way leaves a working index (some shards newer) until the next update.
        let indexed = write::search_index(
            &renderer,
            &Progress::none(),
            &sink,
            write::BundleFiles::Listed,
        );
        self.cards = renderer.into_cards();
        let wanted = match indexed.outcome? {
            Ok(wanted) => wanted,
            Err(problem) => {
                let mut diagnostics = Diagnostics::new();
                diagnostics.push(problem);
                return Err(BuildError::Content(diagnostics));
            }
        };
        for relative in write::stale_search_files(&output, &wanted) {
            output::remove_in_place(&output, &relative)?;
        }
        Ok(SearchUpdate {
            files_written: sink.written(),
            took: started.elapsed(),
        })
    }
}

/// Which static and bundle files a rebuild copies.
enum Copies {
    None,
    /// A static file changed: all of them (each written only if its bytes changed).
    All,
    /// Articles were read again: the files of these bundle folders (relative to the root),
    /// and any file new to the list.
    Bundles(HashSet<PathBuf>),
}

/// The article files (relative to the root) that show one of `photos` (static files,
/// relative to the root) as a photo with variants.
fn showing_photos(site: &crate::model::Site, photos: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    if photos.is_empty() {
        return Vec::new();
    }
    site.articles
        .iter()
        .filter(|article| {
            article
                .images()
                .filter_map(|image| image.source.as_ref())
                .any(|source| photos.contains(source))
        })
        .map(|article| article.meta.source_path.clone())
        .collect()
}

impl Kernel {
    /// Whether a changed static file is the photo of an actor or author profile: profiles
    /// are read again only by a whole build.
    pub(in crate::build) fn shows_profile_photo(&self, changes: &Changes) -> bool {
        let photos = &changes.static_paths;
        let actors = self
            .site
            .actors
            .iter()
            .filter_map(|a| a.profile.as_ref()?.photo.as_ref());
        let authors = self
            .site
            .authors
            .iter()
            .filter_map(|a| a.profile.as_ref()?.photo.as_ref());
        !photos.is_empty()
            && actors
                .chain(authors)
                .filter_map(|photo| photo.source.as_ref())
                .any(|source| photos.contains(source))
    }
}

/// The bundle folders of the article files read again.
fn bundle_folders(articles: &[ArticleChange]) -> HashSet<PathBuf> {
    articles
        .iter()
        .filter(|change| is_bundle_index(&change.source))
        .filter_map(|change| change.source.parent().map(Path::to_path_buf))
        .collect()
}

/// What the site was, before articles moved: what a reassembly compares with.
struct Before {
    /// Every page's path.
    pages: HashSet<String>,
    /// The pages of every list the changed articles were in.
    showed: HashSet<String>,
    /// The actor and tag pages whose feeds listed them.
    lists: HashSet<String>,
    counts: (usize, usize, usize, usize),
    feeds: HashSet<PathBuf>,
}

impl Before {
    fn of(site: &Site, config: &crate::config::Config, at: &[Option<ArticleId>]) -> Before {
        let pages = catalogue::jobs(site, config)
            .iter()
            .map(|kind| catalogue::path_of(kind, site))
            .collect();
        let mut showed = HashSet::new();
        let mut lists = HashSet::new();
        for &index in at.iter().flatten() {
            for kind in pages_showing(site, config, index, Reach::WholeLists) {
                showed.insert(catalogue::path_of(&kind, site));
            }
            lists.extend(feed_lists(site, index));
        }
        Before {
            pages,
            showed,
            lists,
            counts: counts(site),
            feeds: feed_paths(site, config),
        }
    }
}

/// What `site.article_count`, `actor_count`, `author_count` and `tag_count` show.
fn counts(site: &Site) -> (usize, usize, usize, usize) {
    let (articles, actors) = (site.articles.len(), site.actors.len());
    (articles, actors, site.authors.len(), site.tags.len())
}

/// Whether a new version of an article keeps its place: same file, date, URL, actors,
/// authors, detected mentions and tags. Then every list holds it at the same position.
fn same_place(old: &Article, new: &Article) -> bool {
    let (was, meta) = (&old.meta, &new.meta);
    was.source_path == meta.source_path
        && was.published.timestamp() == meta.published.timestamp()
        && was.slug == meta.slug
        && was.actor_names == meta.actor_names
        && was.author_names == meta.author_names
        && was.tag_names == meta.tag_names
        && was.aliases == meta.aliases
        && old.body.mentioned == new.body.mentioned
        && old.body.mention_counts == new.body.mention_counts
}

/// Whether new author profiles change what article `article`'s byline shows: a name that
/// designates another profile (or none) than before, or a profile that was or is `edited`.
fn byline_changes(
    article: &Article,
    site: &Site,
    old: &AuthorIndex,
    new: &AuthorIndex,
    edited: &BTreeSet<PathBuf>,
) -> bool {
    let profile_path = |index: &AuthorIndex, name: &str| {
        index
            .resolve(name)
            .map(|i| index.profiles[i].source_path.clone())
    };
    let resolved_elsewhere = article.meta.author_names.iter().any(|name| {
        let (was, is) = (profile_path(old, name), profile_path(new, name));
        was != is || is.is_some_and(|path| edited.contains(&path))
    });
    let signed_by_edited = article.authors.iter().any(|&a| {
        let profile = site.authors[a].profile.as_ref();
        profile.is_some_and(|p| edited.contains(&p.source_path))
    });
    resolved_elsewhere || signed_by_edited
}

/// The files of the photos and images an article shows, in order.
fn photo_sources(article: &Article) -> impl Iterator<Item = &Option<PathBuf>> {
    article.images().map(|image| &image.source)
}

/// Where each changed article is in the site (`None` for one new to it). Few articles change
/// at a time, and a scan compares paths from their file names back; a map of every source
/// hashes each path whole, which was most of a rebuild at 100,000 articles.
fn places_of(site: &Site, changes: &[ArticleChange]) -> Vec<Option<ArticleId>> {
    const SCANNED_UP_TO: usize = 8;
    if changes.len() > SCANNED_UP_TO {
        let index_of = ids_by_source(site);
        return changes
            .iter()
            .map(|c| index_of.get(c.source.as_path()).copied())
            .collect();
    }
    changes
        .iter()
        .map(|c| {
            let source = c.source.as_path();
            let found = site
                .articles
                .iter()
                .position(|a| a.meta.source_path == source);
            found.map(ArticleId::new)
        })
        .collect()
}

/// Each article's id, by its source file.
fn ids_by_source(site: &Site) -> HashMap<&Path, ArticleId> {
    let ids = ArticleId::all(site.articles.len());
    ids.zip(&site.articles)
        .map(|(id, article)| (article.meta.source_path.as_path(), id))
        .collect()
}

/// The actor, author and tag pages (by path) whose feeds list article `index`.
fn feed_lists(site: &Site, index: ArticleId) -> Vec<String> {
    let article = &site.articles[index];
    let actors = article.actors.iter().chain(&article.mentions);
    actors
        .map(|&a| site.actors[a].path.clone())
        .chain(article.tags.iter().map(|&t| site.tags[t].path.clone()))
        .chain(
            article
                .authors
                .iter()
                .map(|&a| site.authors[a].path.clone()),
        )
        .collect()
}

/// Every actor's, author's and tag's feed file.
fn feed_paths(site: &Site, config: &crate::config::Config) -> HashSet<PathBuf> {
    if !config.writes_feeds() {
        return HashSet::new();
    }
    let lists = site.actors.iter().map(|a| &a.path);
    lists
        .chain(site.tags.iter().map(|t| &t.path))
        .chain(site.authors.iter().map(|a| &a.path))
        .filter_map(|path| output_file(&paths::feed_of(path)).ok())
        .collect()
}

/// Removes repeats, keeping each item's first place.
fn dedup<T: Eq + std::hash::Hash + Copy>(items: &mut Vec<T>) {
    let mut seen = HashSet::with_capacity(items.len());
    items.retain(|item| seen.insert(*item));
}
