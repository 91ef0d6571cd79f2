//! The kernel's three ways out: pages ([`write_pages`]), feeds, sitemaps and `robots.txt`
//! ([`publish`]) and static files ([`static_files`], [`copy_statics`]), plus the search
//! index. Whole builds, rebuilds and `check` all come through here; only the [`Sink`] differs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::Sink;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::ProcessedImage;
use crate::model::Site;
use crate::model::actor::Kind;
use crate::model::article::Article;
use crate::model::image;
use crate::model::route::{output_file, paths};
use crate::output::{self, OutputError};
use crate::progress::{Progress, Stage};
use crate::publish::search::{self, BundleFile};
use crate::publish::{self, Job, feed, redirects};
use crate::render::{PageKind, SiteRenderer};

/// The starting size of each thread's page buffer: most pages fit without growing it.
const PAGE_BUFFER: usize = 256 * 1024;

/// Why pages could not be written: template errors (all of them), or the first write error.
#[derive(Debug, Default)]
pub(crate) struct PageFailures {
    pub problems: Vec<Diagnostic>,
    pub output: Option<OutputError>,
}

impl PageFailures {
    /// The build error these failures make, with the diagnostics gathered so far.
    pub(crate) fn into_error(self, mut diagnostics: Diagnostics) -> crate::build::BuildError {
        if self.problems.is_empty()
            && let Some(error) = self.output
        {
            return error.into();
        }
        diagnostics.extend(crate::render::dedupe(self.problems));
        crate::build::BuildError::Content(diagnostics)
    }

    fn add(&mut self, failure: Failure) {
        match failure {
            Failure::Content(problem) => self.problems.push(problem),
            Failure::Output(error) => self.output = self.output.take().or(Some(error)),
        }
    }
}

/// Why one page could not be written.
enum Failure {
    Content(Diagnostic),
    Output(OutputError),
}

/// How pages reach their sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Each page written as soon as it is rendered: no page is held in memory longer than it
    /// takes to write it (whole builds, and rebuilds of many pages).
    Streamed,
    /// Every page rendered before any is written, so a template error leaves the output as
    /// it was (rebuilds of a few pages).
    AllOrNothing,
}

/// Renders, minifies and writes `pages`: the one page path of every build.
pub(crate) fn write_pages(
    renderer: &SiteRenderer<'_>,
    pages: &[PageKind],
    sink: &Sink<'_>,
    mode: Mode,
    stage: &Stage,
) -> Result<(), PageFailures> {
    if mode == Mode::AllOrNothing {
        let held = Sink::held();
        write_pages(renderer, pages, &held, Mode::Streamed, stage)?;
        let files = held.into_held();
        return files
            .par_iter()
            .try_for_each(|(path, bytes)| sink.write(path, bytes))
            .map_err(|error| PageFailures {
                problems: Vec::new(),
                output: Some(error),
            });
    }
    let failures: Vec<Failure> = pages
        .par_iter()
        .map_init(
            || Vec::with_capacity(PAGE_BUFFER),
            |html, kind| {
                let failure = write_page(renderer, kind, html, sink).err();
                stage.advance(1);
                failure
            },
        )
        .flatten()
        .collect();
    if failures.is_empty() {
        return Ok(());
    }
    let mut all = PageFailures::default();
    failures.into_iter().for_each(|failure| all.add(failure));
    Err(all)
}

/// Renders one page and hands it to the sink with its output path. A page whose inputs are
/// those the previous build recorded for it is kept from the previous output, not rendered.
fn write_page(
    renderer: &SiteRenderer<'_>,
    kind: &PageKind,
    html: &mut Vec<u8>,
    sink: &Sink<'_>,
) -> Result<(), Failure> {
    let prepared = renderer.prepare(kind);
    let path = output_file(&prepared.path).map_err(|e| {
        // Article paths come from the permalink pattern; the other pages' are gazette's own.
        let line = renderer.config().line_of("permalink");
        Failure::Content(Diagnostic::error(
            Path::new("site.yaml"),
            line,
            1,
            e.to_string(),
        ))
    })?;
    let inputs = sink
        .remembers_pages()
        .then(|| renderer.fingerprint(kind, &prepared));
    if let Some(inputs) = inputs
        && sink.keep_page(&path, inputs)
    {
        return Ok(());
    }
    renderer
        .render_prepared(kind, &prepared, html)
        .map_err(Failure::Content)?;
    let minify = renderer.config().minify;
    sink.write_page(&path, html, inputs, minify, renderer.renders_minified())
        .map_err(Failure::Output)
}

/// The output file of every page, redirect pages and rule files included, relative to the
/// output folder: what no static file may replace.
pub(crate) fn page_files(renderer: &SiteRenderer<'_>, pages: &[PageKind]) -> HashSet<PathBuf> {
    let mut files: HashSet<PathBuf> = pages
        .iter()
        .filter_map(|kind| output_file(&renderer.path_of(kind)).ok())
        .collect();
    files.extend(redirect_files(renderer.site()));
    files
}

/// The files the aliases make: a page per alias a static host can serve, and the two rule
/// files (none without aliases).
pub(crate) fn redirect_files(site: &crate::model::Site) -> Vec<PathBuf> {
    if site.redirects.is_empty() {
        return Vec::new();
    }
    let rules = [redirects::RULES_FILE, redirects::NGINX_FILE];
    redirects::page_paths(site)
        .chain(rules)
        .filter_map(|path| output_file(path).ok())
        .collect()
}

/// Produces the files of some publishing jobs (feeds, sitemaps, `robots.txt`) in parallel
/// and writes each; returns their paths, with the job that made each. `pages` are the pages the sitemaps list (every page,
/// when a sitemap job is among `jobs`). Paths come from `route`, which only makes paths inside
/// the output folder.
pub(crate) fn publish(
    renderer: &SiteRenderer<'_>,
    pages: &[PageKind],
    jobs: &[Job],
    sink: &Sink<'_>,
    stage: &Stage,
) -> Result<BTreeMap<PathBuf, Job>, OutputError> {
    let (site, config) = (renderer.site(), renderer.config());
    let feeds_shared = feed::shared_digest(config);
    let written: Vec<Vec<(PathBuf, Job)>> = jobs
        .par_iter()
        .map(|&job| {
            if let Some(spec) = publish::feed_spec(job, site, config) {
                let path = write_feed(&spec, site, config, feeds_shared, sink)?;
                stage.advance(1);
                return Ok(vec![(path, job)]);
            }
            let mut paths = Vec::new();
            let sitemap_pages = publish::SitemapPages {
                pages,
                entries_of: |some: &[PageKind]| renderer.sitemap_entries(some),
            };
            publish::run(
                job,
                site,
                config,
                sitemap_pages,
                &mut |site_path, contents| {
                    let path = output_file(&site_path).map_err(|e| OutputError::Refused {
                        path: PathBuf::from(&site_path),
                        origin: None,
                        reason: e.to_string(),
                    })?;
                    sink.write(&path, contents.as_bytes())?;
                    stage.advance(1);
                    paths.push((path, job));
                    Ok(())
                },
            )?;
            Ok(paths)
        })
        .collect::<Result<_, OutputError>>()?;
    Ok(written.into_iter().flatten().collect())
}

/// Writes one feed, unless the previous output has it made from the same inputs (a warm
/// build makes only the feeds whose articles changed); returns its path in the output.
fn write_feed(
    spec: &feed::FeedSpec<'_>,
    site: &Site,
    config: &Config,
    shared: u128,
    sink: &Sink<'_>,
) -> Result<PathBuf, OutputError> {
    let path = output_file(&spec.path).map_err(|e| OutputError::Refused {
        path: PathBuf::from(&spec.path),
        origin: None,
        reason: e.to_string(),
    })?;
    let inputs = feed::inputs_digest(spec, site, config, shared);
    if !sink.keep_file(&path, inputs) {
        let xml = feed::atom(spec, site, config);
        sink.write_made(&path, xml.as_bytes(), inputs)?;
    }
    Ok(path)
}

/// Theme `static/`, then the site's `static/` (which wins), then the files of every page
/// bundle, as (output path, source file). None may take the place of a generated page.
pub(crate) fn static_files(
    config: &Config,
    site: &Site,
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
    with_bundle_files(statics, config, site, page_files, diagnostics)
}

/// The files of another language's edition: its articles' bundle files (the theme's and
/// the site's static files are the default edition's).
pub(crate) fn edition_files(
    config: &Config,
    site: &Site,
    page_files: &HashSet<PathBuf>,
    diagnostics: &mut Diagnostics,
) -> Vec<(PathBuf, PathBuf)> {
    with_bundle_files(BTreeMap::new(), config, site, page_files, diagnostics)
}

/// `statics` with the articles' bundle files and the photo variants they publish, but those
/// a page's file takes, each of which is an error.
fn with_bundle_files(
    mut statics: BTreeMap<PathBuf, PathBuf>,
    config: &Config,
    site: &Site,
    page_files: &HashSet<PathBuf>,
    diagnostics: &mut Diagnostics,
) -> Vec<(PathBuf, PathBuf)> {
    statics.extend(bundle_files(site, config));
    publish_variants(&mut statics, site);
    strip_other_photos(&mut statics, site, config, diagnostics);
    statics
        .into_iter()
        .filter(|(relative, absolute)| {
            let clashes = page_files.contains(relative) || relative.as_os_str() == output::MARKER;
            if clashes {
                diagnostics.push(static_clash(config, relative, absolute));
            }
            !clashes
        })
        .collect()
}

/// The photos articles show (JPEG, PNG, WebP) are published from the image cache: the
/// original, under its own name, as its metadata-free copy, and its variants beside it. A
/// file of the site with the same name as a variant keeps its place.
fn publish_variants(statics: &mut BTreeMap<PathBuf, PathBuf>, site: &Site) {
    let photos = photos(site);
    if photos.is_empty() {
        return;
    }
    let mut variants = Vec::new();
    for (output, source) in statics.iter_mut() {
        let Some(photo) = photos.get(source.as_path()) else {
            continue;
        };
        *source = photo.original.cache_path.clone();
        let folder = output.parent().unwrap_or(Path::new(""));
        variants.extend(
            photo
                .variants
                .iter()
                .filter(|v| v.cache_path != photo.original.cache_path)
                .map(|v| (folder.join(&v.file_name), v.cache_path.clone())),
        );
    }
    for (output, cache_file) in variants {
        statics.entry(output).or_insert(cache_file);
    }
}

/// The other JPEG, PNG and WebP files published (static, or in a bundle but shown by no
/// page) are published from the cache too, as metadata-free copies without variants: no
/// published file carries the EXIF of the camera or phone that took it (a GPS position). A
/// file that cannot be read as one is an error, since it cannot be published safely.
fn strip_other_photos(
    statics: &mut BTreeMap<PathBuf, PathBuf>,
    site: &Site,
    config: &Config,
    diagnostics: &mut Diagnostics,
) {
    let cache = &config.paths.image_cache;
    // A photo a page shows whose variants failed is reported where the page names it.
    let shown: HashSet<PathBuf> = image_uses(site)
        .filter_map(|image| image.source.as_ref())
        .map(|source| config.paths.root.join(source))
        .collect();
    let settings = crate::images::Settings {
        widths: Vec::new(),
        ..crate::images::Settings::default()
    };
    let others: Vec<(&PathBuf, &mut PathBuf)> = statics
        .iter_mut()
        .filter(|(_, source)| {
            !source.starts_with(cache) && is_photo(source) && !shown.contains(source.as_path())
        })
        .collect();
    let problems: Vec<Diagnostic> = others
        .into_par_iter()
        .filter_map(|(_, source)| {
            let request = crate::images::ImageRequest::new(source.as_path());
            match crate::images::process(&request, &settings, cache) {
                Ok(image) => {
                    *source = image.original.cache_path;
                    None
                }
                Err(error) => {
                    let root = format!(
                        "{}{}",
                        config.paths.root.display(),
                        std::path::MAIN_SEPARATOR
                    );
                    let shown = source.strip_prefix(&config.paths.root).unwrap_or(source);
                    Some(
                        Diagnostic::error_in_file(shown, error.to_string().replace(&root, ""))
                            .with_hint(format!(
                                "{}; it is published, so its metadata must be removed",
                                error.hint()
                            )),
                    )
                }
            }
        })
        .collect();
    for problem in problems {
        diagnostics.push(problem);
    }
}

/// Whether a file is a JPEG, PNG or WebP, by its extension.
fn is_photo(path: &Path) -> bool {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    extension.is_some_and(|e| ["jpg", "jpeg", "png", "webp"].contains(&e.as_str()))
}

/// Every photo with variants that an article, an actor or an author profile shows, by its
/// source file.
pub(crate) fn photos(site: &Site) -> HashMap<&Path, &ProcessedImage> {
    image_uses(site)
        .filter_map(|image| image.responsive.as_deref())
        .map(|photo| (photo.source.as_path(), photo))
        .collect()
}

/// Every local image an article, an actor or an author profile shows.
fn image_uses(site: &Site) -> impl Iterator<Item = &image::ImageUse> {
    let articles = site.articles.iter().flat_map(Article::images);
    let actors = site
        .actors
        .iter()
        .filter_map(|a| a.profile.as_ref()?.photo.as_ref());
    let authors = site
        .authors
        .iter()
        .filter_map(|a| a.profile.as_ref()?.photo.as_ref());
    articles.chain(actors).chain(authors)
}

/// Every page bundle's files, as (output path, source file): beside their article's page.
pub(crate) fn bundle_files<'s>(
    site: &'s Site,
    config: &'s Config,
) -> impl Iterator<Item = (PathBuf, PathBuf)> + 's {
    site.articles.iter().flat_map(move |article| {
        let folder = crate::model::route::bundle_folder(&article.path);
        let bundle = article.meta.bundle.as_ref();
        let files = bundle.map_or(&[][..], |b| b.files.as_slice());
        files.iter().filter_map(move |file| {
            let url_path = format!("{folder}{}", file_path(file));
            let output = output_file(&url_path).ok()?;
            let source = config.paths.root.join(&bundle?.folder).join(file);
            Some((output, source))
        })
    })
}

/// A path relative to a bundle, `/`-separated (not encoded: an output path, not a URL).
fn file_path(file: &Path) -> String {
    let names = file.components().map(|c| c.as_os_str().to_string_lossy());
    names.collect::<Vec<_>>().join("/")
}

/// The root-relative images and file links of every article that no file the build writes
/// answers (`files`, relative to the output folder), as errors where they are written.
pub(crate) fn missing_references<'a>(
    articles: impl Iterator<Item = &'a Article>,
    files: &HashSet<PathBuf>,
) -> Vec<Diagnostic> {
    articles
        .flat_map(|article| {
            image::missing(
                &article.meta.source_path,
                &article.body.references,
                files,
                |path| output_file(path).ok(),
            )
        })
        .collect()
}

fn static_clash(config: &Config, relative: &Path, absolute: &Path) -> Diagnostic {
    let shown = absolute
        .strip_prefix(&config.paths.root)
        .unwrap_or(absolute);
    Diagnostic::error_in_file(
        shown,
        format!(
            "this file would replace the generated page `{}`",
            relative.display()
        ),
    )
    .with_hint("rename or move the file (static or in a page bundle); pages come from templates")
}

/// Copies the static files: the one static-file path of every build. Photos come from the
/// image cache (`cache`), and are hard-linked rather than read and copied.
pub(crate) fn copy_statics(
    statics: &[(PathBuf, PathBuf)],
    cache: &Path,
    sink: &Sink<'_>,
) -> Result<(), OutputError> {
    statics.iter().try_for_each(|(relative, absolute)| {
        if absolute.starts_with(cache) {
            sink.link_cached(relative, absolute)
        } else {
            sink.copy(relative, absolute)
        }
    })
}

/// Whether the site's own static files hold a `robots.txt`, which replaces the generated one.
pub(crate) fn has_robots(statics: &[(PathBuf, PathBuf)]) -> bool {
    statics
        .iter()
        .any(|(relative, _)| *relative == robots_file())
}

/// The generated `robots.txt`, relative to the output folder.
pub(crate) fn robots_file() -> PathBuf {
    output_file(&paths::robots()).expect("a path inside the output folder")
}

/// What building the search index did: Pagefind's error as a diagnostic, or the files of the
/// bundle (relative to the output folder; none unless [`BundleFiles::Listed`]); and how long
/// it took.
pub(crate) struct Indexed {
    pub outcome: Result<Result<Vec<PathBuf>, Diagnostic>, OutputError>,
    pub took: Duration,
}

/// Whether [`search_index`] lists the files of the bundle it delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BundleFiles {
    /// A rebuild writes in place, and removes the files no shard has any more.
    Listed,
    /// A whole build writes into a fresh staging folder, where nothing stale is left. The
    /// list would hold a small path per bundle file (10,890 at 10,000 articles), each made
    /// as its shard's index data is freed and kept to the last shard, pinning the freed
    /// memory around it: 3-4 MiB more peak memory at 10,000 articles.
    Unlisted,
}

/// Builds the search bundle and writes each shard's files as soon as the shard is made.
pub(crate) fn search_index(
    renderer: &SiteRenderer<'_>,
    progress: &Progress,
    sink: &Sink<'_>,
    list: BundleFiles,
) -> Indexed {
    let started = Instant::now();
    let (site, config) = (renderer.site(), renderer.config());
    let kind = |kind: Kind| renderer.kind_label(kind);
    let date = |article: &Article| renderer.display_date(&article.meta.published);
    let labels = search::Labels {
        kind: &kind,
        date: &date,
    };
    let delivered = Mutex::new(Vec::new());
    let deliver = |files: Vec<(PathBuf, BundleFile)>| -> Result<(), OutputError> {
        for (path, file) in &files {
            match file {
                BundleFile::Made(bytes) => sink.write(path, bytes)?,
                BundleFile::Kept => sink.keep(path)?,
            }
        }
        if list == BundleFiles::Listed {
            let mut delivered = delivered.lock().expect("no writer panicked");
            delivered.extend(files.into_iter().map(|(path, _)| path));
        }
        Ok(())
    };
    let output = &config.paths.output;
    let outcome = match search::build(site, config, &labels, output, progress, deliver) {
        Ok(()) => Ok(Ok(delivered.into_inner().expect("no writer panicked"))),
        Err(search::BundleError::Deliver(error)) => Err(error),
        Err(search::BundleError::Index(error)) => Ok(Err(Diagnostic::error(
            Path::new("site.yaml"),
            config.line_of("search"),
            1,
            error.to_string(),
        )
        .with_hint("set `search: false` in site.yaml to build without search"))),
    };
    Indexed {
        outcome,
        took: started.elapsed(),
    }
}

/// The search bundle's files in the output folder that `wanted` does not hold.
pub(crate) fn stale_search_files(output: &Path, wanted: &[PathBuf]) -> Vec<PathBuf> {
    let wanted: HashSet<&PathBuf> = wanted.iter().collect();
    let bundle_dir = output.join(search::BUNDLE_DIR);
    walkdir::WalkDir::new(&bundle_dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(output).ok().map(Path::to_path_buf))
        .filter(|relative| !wanted.contains(relative))
        .collect()
}
