//! The build, stage by stage: config → sources → articles → site → pages → output.
//!
//! This is the only module that calls more than one stage. Content problems from every stage
//! are collected; if any is an error the build stops before writing, so the previous output is
//! untouched.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Value;

use crate::config::{Config, ConfigError, LinkMentions, Overrides};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load;
use crate::markdown::{MarkdownRenderer, Mentions};
use crate::minify::minify;
use crate::model::Site;
use crate::model::actor::{ActorIndex, Kind};
use crate::model::article::Article;
use crate::model::mention::MentionDetector;
use crate::model::route::{link, output_file, paths};
use crate::output::{self, OutputError, PageMemo, Staging};
use crate::progress::{Progress, Step};
use crate::publish::search::BundleFile;
use crate::publish::{self, search};
use crate::render::{PageKind, Renderer, SiteRenderer};
use crate::source;

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
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
    /// Files written anew; the others were unchanged and kept from the previous output.
    pub files_written: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// How long each stage took, in order (`gazette build --timings`).
    pub stages: Vec<(&'static str, Duration)>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// How the pages were minified, when not from minified templates (`--timings`).
    pub minify_note: Option<String>,
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

/// What a whole build leaves for the incremental rebuilds of `watch` and `serve`: the model
/// it rendered and everything needed to render part of it again.
pub struct Built {
    pub config: Config,
    /// The profiles as indexed before assembly, to assemble the site again.
    pub index: ActorIndex,
    pub markdown: MarkdownRenderer,
    pub detector: Option<MentionDetector>,
    /// Each profiled actor's page link, for linked first mentions.
    pub actor_links: Option<Vec<String>>,
    pub site: Site,
    pub renderer: Renderer,
    /// Every article's card as a template value, in `site.articles` order.
    pub cards: Vec<Value>,
    /// Every article file found (drafts, future and broken ones too), relative to the root.
    pub sources: BTreeSet<PathBuf>,
    /// Static files as (output path, source file).
    pub statics: Vec<(PathBuf, PathBuf)>,
    /// The feed, sitemap and robots files written, relative to the output folder.
    pub publications: BTreeSet<PathBuf>,
    /// The output folder's lock: incremental rebuilds write in place while it is held.
    pub lock: output::OutputLock,
}

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    run(options, false).map(|(report, _)| report)
}

/// Builds like [`build`] and keeps the model for incremental rebuilds, with the output
/// folder's lock: no other build writes there until [`Built`] is dropped.
pub fn build_keeping(options: &BuildOptions) -> Result<(BuildReport, Built), BuildError> {
    run(options, true).map(|(report, built)| (report, built.expect("kept when asked")))
}

/// A whole build; `keep` keeps what incremental rebuilds need. Without it, the mention
/// detector, the profile index and the list of sources are dropped as soon as the articles
/// are loaded: at 100,000 articles every megabyte counts.
fn run(options: &BuildOptions, keep: bool) -> Result<(BuildReport, Option<Built>), BuildError> {
    let started = Instant::now();
    let mut clock = Stages::new(options.progress.clone());
    let config = Config::load(&options.root, &options.overrides)?;
    output::check_target(&config.paths)?;
    let lock = output::OutputLock::acquire(&config.paths.output)?;
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(feeds_warning(&config));
    let Content {
        index,
        detector,
        actor_links,
        loaded,
        article_files,
    } = load_content(&config, options, &mut diagnostics, &mut clock)?;
    let kept = keep.then(|| {
        let sources = article_files
            .iter()
            .map(|file| relative_to_root(file, &config))
            .collect();
        (index.clone(), detector, actor_links, sources)
    });
    drop(article_files);
    let renderer = Renderer::load(&config)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let site = Site::assemble(loaded, index, &config, diagnostics.as_vec_mut());
    let (Some(site), Some(mut renderer)) = (site, renderer) else {
        return Err(BuildError::Content(diagnostics));
    };
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics));
    }
    clock.lap("site model and templates");
    let files = write_site(&site, &mut renderer, &config, &mut diagnostics, &mut clock)?;
    let report = BuildReport {
        articles: site.articles.len(),
        pages: files.pages,
        files: files.pages + files.statics.len(),
        files_written: files.written,
        output: config.paths.output.clone(),
        elapsed: started.elapsed(),
        stages: clock.stages,
        diagnostics,
        minify_note: files.minify_note,
    };
    let Some((index, detector, actor_links, sources)) = kept else {
        if options.exit_after {
            std::mem::forget((site, renderer, files.cards));
        }
        return Ok((report, None));
    };
    let built = Some(Built {
        markdown: MarkdownRenderer::new(&config),
        config,
        index,
        detector,
        actor_links,
        site,
        renderer,
        cards: files.cards,
        sources,
        statics: files.statics,
        publications: files.publications,
        lock,
    });
    Ok((report, built))
}

/// What [`load_content`] read.
struct Content {
    index: ActorIndex,
    detector: Option<MentionDetector>,
    actor_links: Option<Vec<String>>,
    loaded: Vec<load::Loaded>,
    /// The article files found, as absolute paths.
    article_files: Vec<PathBuf>,
}

/// Feeds and sitemaps need an absolute `base_url`: say so when a site asks for feeds without one.
fn feeds_warning(config: &Config) -> Option<Diagnostic> {
    (config.feeds && !config.has_absolute_urls()).then(|| {
        Diagnostic::warning(
            Path::new("site.yaml"),
            0,
            0,
            "no Atom feeds or sitemap were written: they need an absolute `base_url`".to_owned(),
        )
        .with_hint("set `base_url: https://example.org/`, or `feeds: false` if the site has no address yet")
    })
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
}

/// Runs every validation of [`build`] (configuration, content, templates, static files) and
/// writes nothing: each page is rendered in memory and dropped, so template errors show too.
/// Only an unreadable configuration or content folder is an `Err`; content problems are in
/// [`Checked::diagnostics`].
pub fn check(options: &BuildOptions) -> Result<Checked, BuildError> {
    let config = Config::load(&options.root, &options.overrides)?;
    output::check_target(&config.paths)?;
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(feeds_warning(&config));
    let mut clock = Stages::new(options.progress.clone());
    let content = load_content(&config, options, &mut diagnostics, &mut clock)?;
    let renderer = Renderer::load(&config)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let site = Site::assemble(
        content.loaded,
        content.index,
        &config,
        diagnostics.as_vec_mut(),
    );
    let mut files = HashSet::new();
    if let (Some(site), Some(mut renderer)) = (&site, renderer) {
        let site_renderer = renderer.bind(site, &config);
        let pages = site_renderer.pages();
        let problems: Vec<Diagnostic> = pages
            .par_iter()
            .map_init(Vec::new, |html, kind| {
                site_renderer.render(kind, html).err()
            })
            .flatten()
            .collect();
        diagnostics.extend(crate::render::dedupe(problems));
        files.extend(
            pages
                .iter()
                .filter_map(|kind| output_file(&site_renderer.path_of(kind)).ok()),
        );
        let statics = static_files(&config, &files, &mut diagnostics);
        files.extend(statics.into_iter().map(|(relative, _)| relative));
    }
    Ok(Checked {
        config,
        site,
        files,
        diagnostics,
    })
}

/// Reads the profiles, indexes them, then reads and renders every article with mention
/// detection; drafts and future articles are left out unless asked for.
fn load_content(
    config: &Config,
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
    clock: &mut Stages,
) -> Result<Content, BuildError> {
    let markdown = MarkdownRenderer::new(config);
    let discover = |dir: &PathBuf| {
        source::discover(dir, &config.paths.root).map_err(|source| BuildError::Discover {
            path: dir.clone(),
            source,
        })
    };
    // The article folders are listed (one thread, a system call per folder) while the
    // profiles are read and indexed.
    let (article_files, index) = rayon::join(
        || discover(&config.paths.articles),
        || -> Result<_, BuildError> {
            let profile_files = discover(&config.paths.actors)?;
            let (profile_sources, mut problems) =
                source::read_all(&config.paths.root, &profile_files);
            let french = config.language.starts_with("fr");
            let (profiles, more) = load::profiles(&profile_sources, &markdown, french);
            problems.extend(more);
            let index = ActorIndex::new(profiles, &mut problems);
            Ok((index, problems))
        },
    );
    let (index, problems) = index?;
    diagnostics.extend(problems);
    let article_files = article_files?;
    let detector = config.detect_mentions.then(|| index.detector()).flatten();
    let links = actor_links(&index, config);
    let mentions = detector.as_ref().map(|detector| Mentions {
        detector,
        links: links.as_deref(),
    });
    let choices = load::Choices {
        drafts: options.drafts,
        future: options.future,
        mentions,
    };
    clock.lap("profiles");
    let stage = clock.progress.stage(Step::Articles, article_files.len());
    let (loaded, problems) = load::article_files(
        &config.paths.root,
        &article_files,
        config,
        &markdown,
        &choices,
        &stage,
    );
    stage.finish();
    diagnostics.extend(problems);
    clock.lap("articles (read, front matter, Markdown, mentions)");
    Ok(Content {
        index,
        detector,
        actor_links: links,
        loaded,
        article_files,
    })
}

/// A folder of the site as a path relative to its root, as sources are named.
pub(crate) fn relative_to_root(path: &Path, config: &Config) -> PathBuf {
    path.strip_prefix(&config.paths.root)
        .unwrap_or(path)
        .to_path_buf()
}

/// How many files a build wrote, and what an incremental rebuild needs of them.
struct Written {
    pages: usize,
    statics: Vec<(PathBuf, PathBuf)>,
    /// Files written anew rather than kept.
    written: usize,
    cards: Vec<Value>,
    publications: BTreeSet<PathBuf>,
    minify_note: Option<String>,
}

/// Renders, minifies and writes every page into a staging folder, copies the static files,
/// and swaps the result in for the output folder. Nothing is swapped in on any error.
fn write_site(
    site: &Site,
    renderer: &mut Renderer,
    config: &Config,
    diagnostics: &mut Diagnostics,
    clock: &mut Stages,
) -> Result<Written, BuildError> {
    let site_renderer = renderer.bind(site, config);
    let pages = site_renderer.pages();
    let page_files: HashSet<PathBuf> = pages
        .iter()
        .filter_map(|kind| output_file(&site_renderer.path_of(kind)).ok())
        .collect();
    let statics = static_files(config, &page_files, diagnostics);
    drop(page_files);
    if diagnostics.has_errors() {
        return Err(BuildError::Content(std::mem::take(diagnostics)));
    }
    let staging = Staging::create(&config.paths)?;
    let memo = PageMemo::load(&config.paths.output);
    let progress = &clock.progress;
    let written_pages = progress.stage(Step::Pages, pages.len());
    // The search index is built on its own thread while the pages are written: Pagefind
    // indexes mostly on one core, so the two overlap instead of adding up.
    let (failures, search) = std::thread::scope(|scope| {
        let search = config.search.then(|| {
            scope.spawn(|| {
                search_bundle(site, config, &site_renderer, progress, |files| {
                    write_bundle(files, &staging)
                })
            })
        });
        // Each page is rendered, minified and written by one task, so no page is held in
        // memory longer than it takes to write it.
        let failures: Vec<Failure> = pages
            .par_iter()
            .map_init(
                || Vec::with_capacity(PAGE_BUFFER),
                |html, kind| {
                    let failure =
                        write_page(&site_renderer, kind, html, &staging, &memo, config.minify)
                            .err();
                    written_pages.advance(1);
                    failure
                },
            )
            .flatten()
            .collect();
        // The pages are done; the search index may go on for a while.
        if failures.is_empty() {
            written_pages.finish();
        }
        let search = search.map(|thread| thread.join().expect("the search thread panicked"));
        (failures, search)
    });
    let (problems, write_error) = split_failures(failures);
    if !problems.is_empty() {
        diagnostics.extend(crate::render::dedupe(problems));
        return Err(BuildError::Content(std::mem::take(diagnostics)));
    }
    if let Some(error) = write_error {
        return Err(error.into());
    }
    clock.lap("pages (render, minify, write), search index alongside");
    if let Some((search, took)) = search {
        clock.record("  of which search index (own thread)", took);
        if let Err(problem) = search? {
            diagnostics.push(problem);
            return Err(BuildError::Content(std::mem::take(diagnostics)));
        }
    }
    let site_has_robots = statics
        .iter()
        .any(|(relative, _)| relative == Path::new("robots.txt"));
    let published = clock.progress.stage(Step::Feeds, 0);
    let publications = write_publications(
        site,
        config,
        &site_renderer,
        &pages,
        &publish::jobs(site, config, site_has_robots),
        &|path, bytes| {
            published.advance(1);
            staging.write(path, bytes)
        },
    )?;
    published.finish();
    clock.lap("feeds and sitemaps");
    for (relative, absolute) in &statics {
        staging.copy(relative, absolute)?;
    }
    let written = staging.written();
    if config.minify {
        staging.record_pages(&memo)?;
    }
    staging.commit()?;
    clock.lap("swap in the new output");
    let minify_note = config.minify.then(|| site_renderer.minify_note()).flatten();
    Ok(Written {
        minify_note,
        pages: pages.len(),
        statics,
        written,
        cards: site_renderer.into_cards(),
        publications,
    })
}

/// Builds the search bundle, handing each shard's files to `deliver`; Pagefind's error comes
/// back as a diagnostic, inside `deliver`'s. Also how long it took.
pub(crate) fn search_bundle<E: Send>(
    site: &Site,
    config: &Config,
    renderer: &SiteRenderer<'_>,
    progress: &Progress,
    deliver: impl Fn(Vec<(PathBuf, BundleFile)>) -> Result<(), E> + Sync,
) -> (Result<Result<(), Diagnostic>, E>, Duration) {
    let started = Instant::now();
    let kind = |kind: Kind| renderer.kind_label(kind);
    let date = |article: &Article| renderer.display_date(&article.meta.published);
    let labels = search::Labels {
        kind: &kind,
        date: &date,
    };
    let output = &config.paths.output;
    let outcome = match search::build(site, config, &labels, output, progress, deliver) {
        Ok(()) => Ok(Ok(())),
        Err(search::BundleError::Deliver(error)) => Err(error),
        Err(search::BundleError::Index(error)) => Ok(Err(Diagnostic::error(
            Path::new("site.yaml"),
            0,
            0,
            error.to_string(),
        )
        .with_hint("set `search: false` in site.yaml to build without search"))),
    };
    (outcome, started.elapsed())
}

/// Writes a shard's files into the staging folder (new files written, kept ones linked from
/// the previous output).
fn write_bundle(files: Vec<(PathBuf, BundleFile)>, staging: &Staging) -> Result<(), OutputError> {
    for (path, file) in &files {
        match file {
            BundleFile::Made(bytes) => staging.write(path, bytes)?,
            BundleFile::Kept => staging.keep(path)?,
        }
    }
    Ok(())
}

/// Produces the files of some publishing jobs (feeds, sitemaps, `robots.txt`) in parallel
/// and hands each to `write`; returns their paths. Paths come from `route`, which only makes
/// paths inside the output folder.
pub(crate) fn write_publications(
    site: &Site,
    config: &Config,
    renderer: &SiteRenderer<'_>,
    pages: &[PageKind],
    jobs: &[publish::Job],
    write: &WriteFile<'_>,
) -> Result<BTreeSet<PathBuf>, OutputError> {
    let written: Vec<Vec<PathBuf>> = jobs
        .par_iter()
        .map(|&job| {
            let files = publish::run(job, site, config, || renderer.sitemap_entries(pages));
            let mut paths = Vec::with_capacity(files.len());
            for (site_path, contents) in files {
                let path = output_file(&site_path).map_err(|e| OutputError::Refused {
                    path: PathBuf::from(&site_path),
                    origin: None,
                    reason: e.to_string(),
                })?;
                write(&path, contents.as_bytes())?;
                paths.push(path);
            }
            Ok(paths)
        })
        .collect::<Result<_, OutputError>>()?;
    Ok(written.into_iter().flatten().collect())
}

/// The link of each profiled actor's page, when first mentions are linked.
pub(crate) fn actor_links(index: &ActorIndex, config: &Config) -> Option<Vec<String>> {
    (config.link_mentions == LinkMentions::First).then(|| {
        index
            .profiles
            .iter()
            .map(|p| link(&config.base_path, &paths::actor(&p.slug)))
            .collect()
    })
}

/// Stage timings for `--timings`, and the progress the stages report to.
struct Stages {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
    progress: Progress,
}

impl Stages {
    fn new(progress: Progress) -> Self {
        Stages {
            last: Instant::now(),
            stages: Vec::new(),
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
        self.last = now;
    }
}

/// Where a rendered file goes: the staging folder of a whole build, or the output folder
/// itself for an incremental rebuild.
pub(crate) type WriteFile<'a> = dyn Fn(&Path, &[u8]) -> Result<(), OutputError> + Sync + 'a;

/// Why one page could not be written.
pub(crate) enum Failure {
    Content(Diagnostic),
    Output(OutputError),
}

/// The starting size of each thread's page buffer: most pages fit without growing it.
pub(crate) const PAGE_BUFFER: usize = 256 * 1024;

/// Renders one page into the staging folder. A minified page made from the same bytes as in
/// the previous build is linked from there, not minified again.
fn write_page(
    renderer: &SiteRenderer<'_>,
    kind: &PageKind,
    html: &mut Vec<u8>,
    staging: &Staging,
    memo: &PageMemo,
    minify_html: bool,
) -> Result<(), Failure> {
    if !minify_html {
        return render_page(renderer, kind, html, false, &|path, bytes| {
            staging.write(path, bytes)
        });
    }
    let site_path = renderer.render(kind, html).map_err(Failure::Content)?;
    let path = page_file(&site_path)?;
    let digest = PageMemo::digest(html);
    memo.record(&path, digest);
    if memo.unchanged(&path, digest) && staging.link_unchanged(&path) {
        return Ok(());
    }
    if renderer.renders_minified() {
        staging.write(&path, html)
    } else {
        staging.write(&path, &minify(html))
    }
    .map_err(Failure::Output)
}

/// Renders one page (minified if asked) and hands it to `write` with its output path.
pub(crate) fn render_page(
    renderer: &SiteRenderer<'_>,
    kind: &PageKind,
    html: &mut Vec<u8>,
    minify_html: bool,
    write: &WriteFile<'_>,
) -> Result<(), Failure> {
    let site_path = renderer.render(kind, html).map_err(Failure::Content)?;
    let path = page_file(&site_path)?;
    if minify_html && !renderer.renders_minified() {
        write(&path, &minify(html)).map_err(Failure::Output)
    } else {
        write(&path, html).map_err(Failure::Output)
    }
}

/// The output file of a page's site path.
fn page_file(site_path: &str) -> Result<PathBuf, Failure> {
    output_file(site_path).map_err(|e| {
        Failure::Content(Diagnostic::error(
            Path::new("site.yaml"),
            0,
            0,
            e.to_string(),
        ))
    })
}

pub(crate) fn split_failures(failures: Vec<Failure>) -> (Vec<Diagnostic>, Option<OutputError>) {
    let mut problems = Vec::new();
    let mut write_error = None;
    for failure in failures {
        match failure {
            Failure::Content(problem) => problems.push(problem),
            Failure::Output(error) => write_error = write_error.or(Some(error)),
        }
    }
    (problems, write_error)
}

/// Theme `static/`, then the site's `static/` (which wins), as (output path, source file).
/// A static file may not take the place of a generated page.
pub(crate) fn static_files(
    config: &Config,
    page_files: &HashSet<PathBuf>,
    diagnostics: &mut Diagnostics,
) -> Vec<(PathBuf, PathBuf)> {
    let mut statics: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for dir in [
        config.paths.theme.join("static"),
        config.paths.static_files.clone(),
    ] {
        statics.extend(output::static_files(&dir));
    }
    statics
        .into_iter()
        .filter(|(relative, absolute)| {
            let clashes = page_files.contains(relative) || relative.as_os_str() == output::MARKER;
            if clashes {
                let shown = absolute
                    .strip_prefix(&config.paths.root)
                    .unwrap_or(absolute);
                diagnostics.push(
                    Diagnostic::error(
                        shown,
                        0,
                        0,
                        format!(
                            "static file would replace the generated page `{}`",
                            relative.display()
                        ),
                    )
                    .with_hint("rename or move the static file; pages come from templates"),
                );
            }
            !clashes
        })
        .collect()
}
