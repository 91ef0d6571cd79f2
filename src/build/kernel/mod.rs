//! The build kernel: the site model, the templates and what the output folder holds, owned in
//! one place and changed only through its methods.
//!
//! [`Kernel::load`] reads everything (the start of every build and of [`check`]);
//! [`Kernel::write_whole`] writes a whole site into a staging folder; the rebuilds of
//! [`super::Session`] patch the model ([`rebuild`]) and write in place. Every page goes
//! through [`write::write_pages`], every feed and sitemap through [`write::publish`], every
//! static file through [`write::copy_statics`]; only the [`Sink`] differs.

mod load;
mod rebuild;
mod sink;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tera::Value;

use super::{BuildError, BuildOptions, BuildReport, Checked, Stages};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::cache::BodyCache;
use crate::markdown::MarkdownRenderer;
use crate::model::mention::MentionDetector;
use crate::model::{Profiles, Site};
use crate::output::{self, OutputLock, PageMemo, Staging};
use crate::progress::{Stage, Step};
use crate::publish::{self, Job};
use crate::render::languages::Languages;
use crate::render::{HoldCards, PageKind, Renderer, SiteRenderer};

pub(super) use rebuild::{Changes, Failed};
use sink::Sink;
use write::{BundleFiles, Mode};

/// What a kernel keeps past its first build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// A one-shot build: the profile index, the mention detector and the list of sources are
    /// dropped as soon as the articles are read (at 100,000 articles every megabyte counts).
    Nothing,
    /// `watch` and `serve`: everything a rebuild needs.
    ForRebuilds,
}

/// What the rebuilds need to read articles again as the first build read them.
struct Readers {
    /// The profiles as indexed before assembly, to assemble the site again.
    index: Profiles,
    markdown: MarkdownRenderer,
    detector: Option<MentionDetector>,
    /// Each profiled actor's page link, for linked first mentions.
    actor_links: Option<Vec<String>>,
    /// Every article file found (drafts, future and broken ones too), relative to the root.
    sources: BTreeSet<PathBuf>,
}

/// One language's edition of a site in several languages (`languages:`) other than the
/// default one, which is the kernel's own site.
pub(crate) struct Edition {
    config: Config,
    site: Site,
    renderer: Renderer,
}

impl Edition {
    pub(super) fn new(config: Config, site: Site, renderer: Renderer) -> Edition {
        Edition {
            config,
            site,
            renderer,
        }
    }
}

/// The site model, its templates and the state of the output folder.
pub(super) struct Kernel {
    options: BuildOptions,
    config: Config,
    site: Site,
    renderer: Renderer,
    /// Every article's card as a template value, in `site.articles` order.
    cards: Vec<Value>,
    /// `None` for a one-shot build.
    readers: Option<Readers>,
    /// The other languages' editions (`languages:`): rebuilt whole on any change.
    others: Vec<Edition>,
    /// Static files as (output path, source file), as last written.
    statics: Vec<(PathBuf, PathBuf)>,
    /// Every file the site makes that a reference may name (pages, redirect files, static
    /// and bundle files), as last checked without an error; `None` once the model changed
    /// shape or a static file changed, until the next whole check. Kept only for rebuilds:
    /// an article edited in place is then checked alone, not the whole site.
    checked_files: Option<HashSet<PathBuf>>,
    /// The feed, sitemap and robots files written (relative to the output folder), with the
    /// job that made each.
    publications: BTreeMap<PathBuf, Job>,
    /// Whether the pages hold every card (see [`load::Everything::hold`]).
    hold: HoldCards,
    /// The body cache, when the pages read their texts from it (see
    /// [`load::Everything::body_cache`]).
    _body_cache: Option<BodyCache>,
    /// How many articles had their bodies from it.
    articles_cached: usize,
    /// Held while the kernel lives: no other build writes into its output folder.
    _lock: OutputLock,
}

impl Kernel {
    /// Reads the configuration, the profiles, the articles and the templates and assembles
    /// the site; any content error fails here, before anything is written. Also gives the
    /// warnings found.
    pub(super) fn load(
        options: &BuildOptions,
        keep: Keep,
        clock: &mut Stages,
    ) -> Result<(Kernel, Diagnostics), BuildError> {
        let config = Config::load(&options.root, &options.overrides)?;
        output::check_target(&config.paths)?;
        let lock = OutputLock::acquire(&config.paths.output)?;
        let load::Everything {
            config,
            site,
            renderer,
            readers,
            diagnostics,
            others,
            hold,
            body_cache,
            articles_cached,
        } = load::everything(config, options, keep, cache_for(options), clock)?;
        let (Some(site), Some(renderer)) = (site, renderer) else {
            return Err(BuildError::Content(diagnostics));
        };
        if diagnostics.has_errors() {
            return Err(BuildError::Content(diagnostics));
        }
        clock.lap("site model and templates");
        let kernel = Kernel {
            options: options.clone(),
            config,
            site,
            renderer,
            cards: Vec::new(),
            readers,
            others,
            statics: Vec::new(),
            checked_files: None,
            publications: BTreeMap::new(),
            hold,
            _body_cache: body_cache,
            articles_cached,
            _lock: lock,
        };
        Ok((kernel, diagnostics))
    }
}

/// Builds read and write the body cache unless told not to: the first build of `watch` and
/// `serve` too (their rebuilds read the articles that changed, as they always did).
fn cache_for(options: &BuildOptions) -> load::Cache {
    if options.body_cache {
        load::Cache::Use
    } else {
        load::Cache::No
    }
}

impl Kernel {
    /// Releases the output lock and leaves the model for the operating system to take back at
    /// exit (see [`BuildOptions::exit_after`]).
    pub(super) fn forget_model(self) {
        let Kernel {
            site,
            renderer,
            cards,
            _lock,
            ..
        } = self;
        drop(_lock);
        std::mem::forget((site, renderer, cards));
    }

    /// The configuration the kernel was loaded with.
    pub(super) fn config(&self) -> &Config {
        &self.config
    }

    /// Whether the site has editions in other languages, which rebuilds do not patch: any
    /// change rebuilds the whole site.
    pub(super) fn is_multilingual(&self) -> bool {
        !self.others.is_empty()
    }

    /// Renders, minifies and writes every page into a staging folder, with the search index
    /// alongside, then the feeds, sitemaps and static files, and puts the result in place of
    /// the output folder. The output is not touched on any error.
    pub(super) fn write_whole(
        &mut self,
        mut diagnostics: Diagnostics,
        clock: &mut Stages,
        started: Instant,
    ) -> Result<BuildReport, BuildError> {
        let languages = self.languages();
        let hold = self.hold;
        let renderer = self.renderer.bind_edition(
            &self.site,
            &self.config,
            languages.as_ref().map(|l| (l, 0)),
            hold,
        );
        let others: Vec<SiteRenderer<'_>> = (self.others.iter_mut().enumerate())
            .map(|(i, edition)| {
                let Edition {
                    config,
                    site,
                    renderer,
                } = edition;
                renderer.bind_edition(site, config, languages.as_ref().map(|l| (l, i + 1)), hold)
            })
            .collect();
        let pages = renderer.pages();
        let other_pages: Vec<Vec<PageKind>> = others.iter().map(SiteRenderer::pages).collect();
        let editions: Vec<(&SiteRenderer<'_>, &[PageKind])> =
            std::iter::once((&renderer, &pages[..]))
                .chain(others.iter().zip(other_pages.iter().map(Vec::as_slice)))
                .collect();
        let (statics, files) = static_files_of(&editions, &mut diagnostics);
        // Kept for the rebuilds that patch one article (a site in several languages is
        // rebuilt whole); dropped now otherwise, before the pages take their memory.
        let rebuilds_in_place = self.readers.is_some() && others.is_empty();
        let checked_files = rebuilds_in_place.then_some(files);
        if diagnostics.has_errors() {
            return Err(BuildError::Content(diagnostics));
        }
        let staging = Staging::create(&self.config.paths)?;
        let memo = PageMemo::load(&self.config.paths.output);
        let sink = Sink::Staging {
            staging: &staging,
            memo: &memo,
        };
        for (renderer, _) in &editions {
            renderer.digest_cards();
        }
        let searches = write_pages_and_index(&editions, &sink, clock)
            .map_err(|failures| failures.into_error(std::mem::take(&mut diagnostics)))?;
        drop(editions);
        clock.lap("pages (render, minify, write), search index alongside");
        if let Some(took) = searches.iter().map(|search| search.took).max() {
            clock.record("  of which search index (own thread)", took);
        }
        for search in searches {
            if let Err(problem) = search.outcome? {
                diagnostics.push(problem);
                return Err(BuildError::Content(diagnostics));
            }
        }
        let jobs = publish::jobs(&self.site, &self.config, write::has_robots(&statics));
        let published = clock.progress.stage(Step::Feeds, 0);
        let mut publications = write::publish(&renderer, &pages, &jobs, &sink, &published)?;
        for (other, pages) in others.iter().zip(&other_pages) {
            // robots.txt is the whole site's, written once at the root.
            let jobs: Vec<Job> = publish::jobs(other.site(), other.config(), true);
            publications.extend(write::publish(other, pages, &jobs, &sink, &published)?);
        }
        published.finish();
        clock.lap("feeds and sitemaps");
        write::copy_statics(&statics, &self.config.paths.image_cache, &sink)?;
        let written = sink.written();
        staging.record_pages(&memo)?;
        staging.commit()?;
        clock.lap("output put in place (swapped or updated)");
        let minify_note = self.config.minify.then(|| renderer.minify_note()).flatten();
        let other_count: usize = other_pages.iter().map(Vec::len).sum();
        drop(others);
        self.cards = renderer.into_cards();
        let files = pages.len() + other_count + statics.len();
        self.statics = statics;
        self.checked_files = checked_files;
        self.publications = publications;
        let other_articles: usize = self.others.iter().map(|e| e.site.articles.len()).sum();
        Ok(BuildReport {
            articles: self.site.articles.len() + other_articles,
            pages: pages.len() + other_count,
            files,
            files_written: written,
            pages_kept: memo.kept(),
            articles_cached: self.articles_cached,
            output: self.config.paths.output.clone(),
            elapsed: started.elapsed(),
            stages: Vec::new(),
            resident: Vec::new(),
            peak_memory: None,
            diagnostics,
            minify_note,
            mentions: crate::build::MentionTally::of_all(
                std::iter::once(&self.site).chain(self.others.iter().map(|e| &e.site)),
            ),
        })
    }
}

/// The static files of every edition (the theme's and the site's with the first, each
/// edition's bundle files with it), checked against every page file; missing references
/// are reported. Also gives every file a reference may name.
fn static_files_of(
    editions: &[(&SiteRenderer<'_>, &[PageKind])],
    diagnostics: &mut Diagnostics,
) -> (Vec<(PathBuf, PathBuf)>, HashSet<PathBuf>) {
    let mut files = HashSet::new();
    for (renderer, pages) in editions {
        files.extend(write::page_files(renderer, pages));
    }
    let mut statics = Vec::new();
    for (i, (renderer, _)) in editions.iter().enumerate() {
        let (config, site) = (renderer.config(), renderer.site());
        statics.extend(if i == 0 {
            write::static_files(config, site, &files, diagnostics)
        } else {
            write::edition_files(config, site, &files, diagnostics)
        });
    }
    files.extend(statics.iter().map(|(relative, _)| relative.clone()));
    for (renderer, _) in editions {
        diagnostics.extend(write::missing_references(
            renderer.site().articles.iter(),
            &files,
        ));
    }
    (statics, files)
}

impl Kernel {
    /// The links between the editions of a site in several languages; `None` for one.
    fn languages(&self) -> Option<Languages> {
        if self.others.is_empty() {
            return None;
        }
        let editions: Vec<(&Config, &Site)> = std::iter::once((&self.config, &self.site))
            .chain(self.others.iter().map(|e| (&e.config, &e.site)))
            .collect();
        Some(Languages::new(&editions))
    }
}

/// Writes the pages while the search index is built on its own thread: Pagefind indexes mostly
/// on one core, so the two overlap instead of adding up. Each edition of a site in several
/// languages has its own index, all built at once beside the pages of every edition.
fn write_pages_and_index(
    editions: &[(&SiteRenderer<'_>, &[PageKind])],
    sink: &Sink<'_>,
    clock: &Stages,
) -> Result<Vec<write::Indexed>, write::PageFailures> {
    let progress = &clock.progress;
    let total = editions.iter().map(|(_, pages)| pages.len()).sum();
    let stage = progress.stage(Step::Pages, total);
    std::thread::scope(|scope| {
        let searches: Vec<_> = editions
            .iter()
            .filter(|(renderer, _)| renderer.config().search)
            .map(|&(renderer, _)| {
                // The staging folder starts empty: no stale bundle file to find.
                let list = BundleFiles::Unlisted;
                scope.spawn(move || write::search_index(renderer, progress, sink, list))
            })
            .collect();
        let written = editions.iter().try_for_each(|(renderer, pages)| {
            write::write_pages(renderer, pages, sink, Mode::Streamed, &stage)
        });
        // The pages are done; the search indexes may go on for a while.
        if written.is_ok() {
            stage.finish();
        }
        let searches = searches
            .into_iter()
            .map(|thread| thread.join().expect("the search thread panicked"))
            .collect();
        written.map(|()| searches)
    })
}

/// Up to how many articles a whole build holds every article's body and card in memory;
/// above, bodies go to the spool (`crate::spool`) and each card is made when a page shows
/// it. Bodies cost about 6.5 KB an article and cards 3 KB (950 MiB for 100,000, 9 GiB for a
/// million); holding them saves 3% of the CPU on Hugo's page set at 10,000 and 5% with the
/// default theme. `GAZETTE_HELD_UP_TO` sets another limit (the tests use 0 to reach the
/// large archives' way).
const HELD_UP_TO: usize = 50_000;

/// Whether a whole build of `articles` source files holds their bodies and cards (see
/// [`HELD_UP_TO`]). Decided once, before loading, for the spool and the cards alike.
///
/// With the search index on, never: Pagefind holds the words of two shards at once for most
/// of the build, and the bodies and cards beside them made the peak (10k articles: 491 MiB
/// held, 332 MiB spooled), while what holding saves is lost in Pagefind's CPU (10.17 against
/// 10.21 CPU seconds, the same wall time).
fn hold_for(articles: usize, search: bool) -> HoldCards {
    let limit = std::env::var("GAZETTE_HELD_UP_TO")
        .ok()
        .and_then(|limit| limit.parse().ok())
        .unwrap_or(HELD_UP_TO);
    if articles <= limit && !search {
        HoldCards::Yes
    } else {
        HoldCards::No
    }
}

/// [`super::check`]: everything [`Kernel::load`] reads, and every page rendered into
/// [`Sink::Nowhere`]; no lock is taken, as nothing is written.
pub(super) fn check(
    options: &BuildOptions,
    clock: &mut Stages,
    inspect: Option<super::PageInspector<'_>>,
) -> Result<Checked, BuildError> {
    let config = Config::load(&options.root, &options.overrides)?;
    output::check_target(&config.paths)?;
    let load::Everything {
        config,
        site,
        renderer,
        mut diagnostics,
        others,
        hold,
        ..
    } = load::everything(config, options, Keep::Nothing, load::Cache::No, clock)?;
    let mut files = HashSet::new();
    let mut minify_difference = None;
    let mut other_editions = Vec::new();
    if let (Some(site), Some(mut renderer)) = (&site, renderer) {
        let editions: Vec<(&Config, &Site)> = std::iter::once((&config, site))
            .chain(others.iter().map(|e| (&e.config, &e.site)))
            .collect();
        let languages = (editions.len() > 1).then(|| Languages::new(&editions));
        let sink = match inspect {
            Some(inspect) => Sink::Inspect(inspect),
            None => Sink::Nowhere,
        };
        for (i, edition) in others.into_iter().enumerate() {
            let Edition {
                config,
                site,
                mut renderer,
            } = edition;
            let bound =
                renderer.bind_edition(&site, &config, languages.as_ref().map(|l| (l, i + 1)), hold);
            let pages = bound.pages();
            let rendered =
                write::write_pages(&bound, &pages, &sink, Mode::Streamed, &Stage::none());
            if let Err(failures) = rendered {
                diagnostics.extend(crate::render::dedupe(failures.problems));
            }
            files.extend(write::page_files(&bound, &pages));
            drop(bound);
            other_editions.push((config, site));
        }
        let bound = renderer.bind_edition(site, &config, languages.as_ref().map(|l| (l, 0)), hold);
        let pages = bound.pages();
        let rendered = write::write_pages(&bound, &pages, &sink, Mode::Streamed, &Stage::none());
        if let Err(failures) = rendered {
            diagnostics.extend(crate::render::dedupe(failures.problems));
        }
        if config.minify
            && let Err(difference) = bound.compare_minified(&pages)
        {
            diagnostics.push(minified_templates_differ(difference.clone()));
            minify_difference = Some(difference);
        }
        files.extend(write::page_files(&bound, &pages));
        let mut statics = write::static_files(&config, site, &files, &mut diagnostics);
        for (config, site) in &other_editions {
            statics.extend(write::edition_files(config, site, &files, &mut diagnostics));
        }
        files.extend(statics.into_iter().map(|(relative, _)| relative));
        diagnostics.extend(write::missing_references(site.articles.iter(), &files));
        for (_, site) in &other_editions {
            diagnostics.extend(write::missing_references(site.articles.iter(), &files));
        }
    }
    Ok(Checked {
        config,
        site,
        files,
        diagnostics,
        minify_difference,
        others: other_editions,
    })
}

/// The minified templates make a page that the page-by-page minifier would make otherwise.
fn minified_templates_differ(difference: String) -> Diagnostic {
    Diagnostic::warning_in_file(Path::new("site.yaml"), difference).with_hint(
        "a template's markup reads differently once minified; report it, or build with GAZETTE_MINIFY_TEMPLATES=0",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_archives_hold_their_cards_unless_the_search_index_is_built() {
        // GAZETTE_HELD_UP_TO is only ever set for the gazette processes the integration
        // tests start, never in this one.
        assert_eq!(hold_for(10_000, false), HoldCards::Yes);
        assert_eq!(hold_for(HELD_UP_TO + 1, false), HoldCards::No);
        assert_eq!(hold_for(10_000, true), HoldCards::No);
    }
}
