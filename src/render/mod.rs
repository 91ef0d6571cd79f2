//! Rendering: the site model through the theme's Tera templates into HTML pages.
//!
//! Templates come from `themes/<theme>/templates/`, and a template of the same name in the
//! site's `templates/` replaces the theme's. Every page is rendered in parallel from the shared
//! `&Site`; a failed page becomes a diagnostic naming the template, its line, and the page.

mod actor_views;
mod actors;
mod authors;
pub mod byline;
pub mod catalogue;
pub mod context;
pub mod dependents;
pub mod fingerprint;
mod graph;
mod graph_layout;
pub mod i18n;
mod inputs;
pub mod languages;
pub mod pages;
mod periods;
pub mod photo;
mod structured;
pub mod template_uses;
pub(crate) mod tera_tags;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Tera, Value};
use walkdir::WalkDir;

use crate::config::Config;
use crate::config::layout::{is_template_name, template_name};
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::model::actor::KindSection;
use crate::model::id::ArticleId;
use actor_views::ActorViews;
pub use catalogue::PageKind;
use context::{Cards, SharedLinks, SiteView, card_value};
use i18n::Strings;
use inputs::Prepared;
use languages::Languages;
use template_uses::TemplateUses;

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "article.html",
    "actor.html",
    "actors.html",
    "author.html",
    "authors.html",
    "tag.html",
    "tags.html",
    "archive.html",
    "year.html",
    "month.html",
    "404.html",
];

/// Whether a bound renderer makes every article's card once and holds it, or makes each card
/// when a page shows it (see [`Cards`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldCards {
    Yes,
    No,
}

/// A renderer bound to one site, ready to render any of its pages from any thread.
pub struct SiteRenderer<'a> {
    renderer: &'a Renderer,
    site: &'a Site,
    config: &'a Config,
    cards: Cards<'a>,
    actor_views: ActorViews,
    /// Whether pages come out of the minified templates, already minified.
    from_minified_templates: bool,
    /// The other languages' editions and this one's index among them (`languages:`).
    languages: Option<(&'a Languages, usize)>,
    /// What every page is rendered from besides its own context (see [`fingerprint`]).
    shared_digest: u128,
    /// Each card's digest, made the first time a page's fingerprint is asked for.
    card_digests: std::sync::OnceLock<Vec<u128>>,
}

impl<'a> SiteRenderer<'a> {
    /// The site being rendered.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// The configuration it is rendered with.
    pub fn config(&self) -> &'a Config {
        self.config
    }

    /// Gives the held cards back, to be kept for the next incremental rebuild (none when
    /// they were made page by page).
    pub fn into_cards(self) -> Vec<Value> {
        self.cards.into_held()
    }

    /// Every page of the site.
    pub fn pages(&self) -> Vec<PageKind> {
        catalogue::jobs(self.site, self.config)
    }

    /// The sitemap entries of some of this site's pages.
    pub fn sitemap_entries(&self, pages: &[PageKind]) -> Vec<catalogue::SitemapEntry> {
        let mut entries = catalogue::sitemap_entries(pages, self.site);
        if let Some((languages, edition)) = self.languages {
            for (entry, kind) in entries
                .iter_mut()
                .zip(pages.iter().filter(|k| k.in_sitemap()))
            {
                let is_article = matches!(kind, PageKind::Article(_));
                entry.alternates = languages.alternates(edition, &entry.path, is_article);
            }
        }
        entries
    }

    /// An actor kind as the site's language names it ("Personne").
    pub fn kind_label(&self, kind: crate::model::actor::Kind) -> String {
        let key = actors::kind_key(kind);
        let words = &self.renderer.strings.words;
        words.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    /// A date as the site's language writes it ("15 juillet 2016").
    pub fn display_date(&self, at: &crate::model::date::PublishedAt) -> String {
        self.renderer.strings.dates.date(at.date())
    }

    /// The site path of a page, without rendering it.
    pub fn path_of(&self, kind: &PageKind) -> String {
        catalogue::path_of(kind, self.site)
    }

    /// Renders one page into `html` (cleared first; a buffer reused across pages saves growing
    /// a new one for each) and returns its site path. A template failure names the template,
    /// its line and the article.
    ///
    /// When [`SiteRenderer::renders_minified`], the page comes out of the minified templates
    /// and is written as it is; otherwise the caller minifies it if the site asks for that.
    pub fn render(&self, kind: &PageKind, html: &mut Vec<u8>) -> Result<String, Diagnostic> {
        let prepared = self.prepare(kind);
        self.render_prepared(kind, &prepared, html)?;
        Ok(prepared.path)
    }

    /// A page's context and site path, ready to be fingerprinted or rendered.
    pub fn prepare(&self, kind: &PageKind) -> Prepared {
        pages::prepare(
            kind,
            &inputs::Inputs {
                site: self.site,
                config: self.config,
                strings: &self.renderer.strings,
                actor_views: &self.actor_views,
                structured_data: self.renderer.shows_structured_data,
                languages: self.languages,
            },
        )
    }

    /// The digest of everything the prepared page is rendered from: equal digests, equal
    /// pages (see [`fingerprint`]).
    pub fn fingerprint(&self, kind: &PageKind, prepared: &Prepared) -> u128 {
        // On one thread: inside a rayon job, a parallel loop here could steal another page's
        // job while the cell is being filled, and that job would wait on the cell for ever.
        // A whole build fills it in parallel first ([`SiteRenderer::digest_cards`]).
        let card_digests = self.card_digests.get_or_init(|| {
            let links = SharedLinks::new(self.site, self.config);
            (0..self.cards.len())
                .map(|i| self.card_digest(ArticleId::new(i), &links))
                .collect()
        });
        prepared
            .context
            .digest(self.shared_digest, kind.template(), card_digests)
    }

    /// Digests every card, in parallel, for the page fingerprints to come. Called from
    /// outside the thread pool, before the pages are written.
    pub fn digest_cards(&self) {
        self.card_digests.get_or_init(|| {
            let links = SharedLinks::new(self.site, self.config);
            (0..self.cards.len())
                .into_par_iter()
                .map(|i| self.card_digest(ArticleId::new(i), &links))
                .collect()
        });
    }

    /// The digest of an article's card, taken from its parts rather than from its Tera
    /// value: the same whether the cards are held or made page by page, and without making
    /// a value for every card of the site (a warm build renders few of them).
    fn card_digest(&self, article: ArticleId, links: &SharedLinks) -> u128 {
        let article = &self.site.articles[article];
        let strings = &self.renderer.strings;
        fingerprint::card_digest(&context::card_view(
            article,
            self.site,
            self.config,
            strings,
            Some(links),
        ))
    }

    /// Renders a prepared page into `html` (see [`SiteRenderer::render`]).
    pub fn render_prepared(
        &self,
        kind: &PageKind,
        prepared: &Prepared,
        html: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let context = prepared.context.to_tera(&self.cards).map_err(|why| {
            let source = prepared.article.map_or(Path::new(&prepared.path), |article| {
                self.site.articles[article].meta.source_path.as_path()
            });
            Diagnostic::error_in_file(
                source,
                format!("its rendered body could not be read back from the build's spool: {why}"),
            )
            .with_hint(
                "the spool is an unnamed file beside the output folder, or `.gazette-cache/articles/` for bodies of earlier builds: check the disk it is on, or delete that folder (it is safe to) or build with `--no-cache`",
            )
        })?;
        let tera = match &self.renderer.minified {
            Some(minified) if self.from_minified_templates => &minified.tera,
            _ => &self.renderer.tera,
        };
        let render = |tera: &Tera, html: &mut Vec<u8>| {
            render_page(tera, kind, &context, html)
                .map_err(|e| self.renderer.page_error(&e, prepared.article, self.site))
        };
        match render(tera, html) {
            // The minified templates' lines are not the files' lines: the diagnostic comes
            // from the templates as written.
            Err(_) if self.from_minified_templates => render(&self.renderer.tera, html),
            rendered => rendered,
        }
    }

    /// Whether [`SiteRenderer::render`] gives pages already minified.
    pub fn renders_minified(&self) -> bool {
        self.from_minified_templates
    }

    /// Why pages are minified one by one although the site asks for minified pages, or which
    /// templates are left as written; `None` when every template was minified and checked.
    pub fn minify_note(&self) -> Option<String> {
        let minified = self.renderer.minified.as_ref()?;
        match self.renderer.minified_verdict.get() {
            Some(Err(why)) => Some(format!("pages minified one by one: {why}")),
            _ if !minified.left_as_written.is_empty() => Some(format!(
                "templates left as written (not minified): {}",
                minified.left_as_written.join(", ")
            )),
            _ => None,
        }
    }

    /// Checks that the minified templates give the pages the page-by-page minifier gives:
    /// both renderings of each page, minified, must be equal. A page that fails to render is
    /// left to the build to report.
    pub fn compare_minified(&self, pages: &[PageKind]) -> Result<usize, String> {
        let Some(minified) = &self.renderer.minified else {
            return Ok(0);
        };
        let differing = pages
            .par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(whole, templated), kind| {
                    let prepared = self.prepare(kind);
                    let context = prepared.context.to_tera(&self.cards).ok()?;
                    let path = &prepared.path;
                    render_page(&self.renderer.tera, kind, &context, whole).ok()?;
                    if render_page(&minified.tera, kind, &context, templated).is_err() {
                        return Some(format!("{path} fails with the minified templates"));
                    }
                    let (whole, templated) = (
                        crate::minify::minify(whole),
                        crate::minify::minify(templated),
                    );
                    (whole != templated).then(|| first_difference(path, &whole, &templated))
                },
            )
            .find_any(Option::is_some)
            .flatten();
        match differing {
            Some(difference) => Err(difference),
            None => Ok(pages.len()),
        }
    }

    /// Decides, once per loaded theme, whether pages come out of the minified templates: a
    /// sample of every kind of page must come out as the page-by-page minifier makes it.
    fn trust_minified_templates(&mut self) {
        if self.renderer.minified.is_none() {
            return;
        }
        let verdict = self.renderer.minified_verdict.get_or_init(|| {
            let section_size = |section| self.site.actors_in_section(section);
            let sample = sample_pages(&self.pages(), section_size);
            self.compare_minified(&sample)
        });
        self.from_minified_templates = verdict.is_ok();
    }
}

/// The pages the minified templates are checked on: the first page of each kind, and pages
/// spread evenly over the rest. Of the actors index's sections, which share its template
/// and list thousands of actors each in a large archive, only the smallest (by
/// `section_size`): the index itself is checked already, and two such pages rendered twice
/// on both threads at once were the peak memory of a million-article build.
fn sample_pages(pages: &[PageKind], section_size: impl Fn(KindSection) -> usize) -> Vec<PageKind> {
    const SPREAD: usize = 64;
    let stride = (pages.len() / SPREAD).max(1);
    let smallest_section = pages
        .iter()
        .filter_map(|kind| match kind {
            PageKind::ActorsSection(section) => Some(*section),
            _ => None,
        })
        .min_by_key(|&section| section_size(section));
    let mut kinds_seen = std::collections::HashSet::new();
    pages
        .iter()
        .enumerate()
        .filter(|(i, kind)| match kind {
            PageKind::ActorsSection(section) => Some(*section) == smallest_section,
            _ => kinds_seen.insert(std::mem::discriminant(*kind)) || i % stride == 0,
        })
        .map(|(_, kind)| *kind)
        .collect()
}

/// Renders a page's template with its context into `html`, cleared first.
fn render_page(
    tera: &Tera,
    kind: &PageKind,
    context: &tera::Context,
    html: &mut Vec<u8>,
) -> Result<(), tera::Error> {
    html.clear();
    tera.render_to(kind.template(), context, html)
}

/// Where two minified renderings of a page part, for the note.
fn first_difference(path: &str, whole: &[u8], templated: &[u8]) -> String {
    let at = whole
        .iter()
        .zip(templated)
        .position(|(a, b)| a != b)
        .unwrap_or(whole.len().min(templated.len()));
    let around = |bytes: &[u8]| {
        String::from_utf8_lossy(&bytes[at.saturating_sub(30)..(at + 30).min(bytes.len())])
            .into_owned()
    };
    format!(
        "the minified templates change {path} (`{}` instead of `{}`)",
        around(templated),
        around(whole)
    )
}

/// Loaded templates and strings, ready to render any number of sites.
pub struct Renderer {
    tera: Tera,
    /// The same templates minified, when the site minifies its pages.
    minified: Option<MinifiedTemplates>,
    /// Whether the minified templates passed their check, decided at the first binding.
    minified_verdict: std::sync::OnceLock<Result<usize, String>>,
    strings: Strings,
    /// Template name → file (relative to the site root), for error messages.
    template_files: HashMap<String, PathBuf>,
    /// See [`Renderer::shows_site_counts`].
    shows_counts: bool,
    /// Whether a template may read `page.structured_data` (by name, or `page` whole), read
    /// from the templates' tags: a theme without it (`plain`) costs no JSON-LD.
    shows_structured_data: bool,
    /// Which templates each template reads, for rebuilds after a template edit.
    uses: TemplateUses,
    /// The templates' names and sources, digested for page fingerprints.
    templates_digest: u128,
}

impl Renderer {
    /// Loads the theme's templates, the site's overrides and the language's strings.
    pub fn load(config: &Config) -> Result<Renderer, Vec<Diagnostic>> {
        let root = &config.paths.root;
        if !config.paths.theme.is_dir() {
            return Err(vec![
                Diagnostic::error(
                    Path::new("site.yaml"),
                    config.line_of("theme"),
                    1,
                    format!(
                        "theme `{}` not found (looked for {})",
                        config.theme,
                        relative(&config.paths.theme, root).display()
                    ),
                )
                .with_hint("name a folder of themes/ in `theme:` or `--theme`, or leave both out to use `default`"),
            ]);
        }
        let strings =
            i18n::load(&config.paths.theme, root, &config.language).map_err(|d| vec![d])?;
        let mut files: HashMap<String, PathBuf> = HashMap::new();
        collect_templates(&config.paths.theme.join("templates"), &mut files);
        collect_templates(&config.paths.templates, &mut files);
        let missing: Vec<Diagnostic> = REQUIRED_TEMPLATES
            .iter()
            .filter(|name| !files.contains_key(**name))
            .map(|name| {
                Diagnostic::error_in_file(
                    &relative(&config.paths.theme.join("templates"), root),
                    format!("template `{name}` is missing"),
                )
                .with_hint("add it to the theme, or to templates/ at the site root")
            })
            .collect();
        let mut missing = missing;
        if config.search && !files.contains_key("search.html") {
            missing.push(
                Diagnostic::error_in_file(
                    &relative(&config.paths.theme.join("templates"), root),
                    "template `search.html` is missing".to_owned(),
                )
                .with_hint(
                    "add it to the theme or to templates/, or set `search: false` in site.yaml",
                ),
            );
        }
        if !missing.is_empty() {
            return Err(missing);
        }
        let mut tera = new_tera(&strings, config);
        let mut sorted: Vec<(&String, &PathBuf)> = files.iter().collect();
        sorted.sort();
        tera.add_template_files(
            sorted
                .iter()
                .map(|(name, path)| (path.as_path(), Some(name.as_str()))),
        )
        .map_err(|e| vec![template_error(&e, &files, root, None)])?;
        // `GAZETTE_MINIFY_TEMPLATES=0` minifies every page whole, as before templates were
        // minified: for benchmarks, and for the tests that compare the two.
        let templates_minified =
            config.minify && std::env::var_os("GAZETTE_MINIFY_TEMPLATES").is_none_or(|v| v != "0");
        // Read once for the two uses below; Tera has read (and checked) them already.
        let sources: Vec<(&str, String)> = sorted
            .iter()
            .map(|(name, path)| {
                (
                    name.as_str(),
                    std::fs::read_to_string(path).unwrap_or_default(),
                )
            })
            .collect();
        let minified = templates_minified
            .then(|| MinifiedTemplates::load(&sources, &strings, config))
            .flatten();
        let shows_structured_data = sources.iter().any(|(_, text)| {
            tera_tags::tags(text).is_none_or(|tags| {
                tera_tags::variable_use(&tags, "page").may_show(&["structured_data"])
            })
        });
        let uses = TemplateUses::read(sources.iter().map(|(name, text)| (*name, text.as_str())));
        let templates_digest = templates_digest(&sources);
        let shows_counts = uses.any_shows_site_counts();
        let template_files = files
            .into_iter()
            .map(|(name, path)| (name, relative(&path, root)))
            .collect();
        Ok(Renderer {
            tera,
            minified,
            minified_verdict: std::sync::OnceLock::new(),
            strings,
            template_files,
            shows_counts,
            shows_structured_data,
            uses,
            templates_digest,
        })
    }

    /// Binds the renderer to a site: sets the site-wide values and turns every article's card
    /// into a shared Tera value, once.
    pub fn bind<'a>(&'a mut self, site: &'a Site, config: &'a Config) -> SiteRenderer<'a> {
        self.bind_edition(site, config, None, HoldCards::Yes)
    }

    /// [`Renderer::bind`] for one language's edition of a site in several languages: its
    /// pages link to their versions in the others.
    pub fn bind_edition<'a>(
        &'a mut self,
        site: &'a Site,
        config: &'a Config,
        languages: Option<(&'a Languages, usize)>,
        hold: HoldCards,
    ) -> SiteRenderer<'a> {
        let cards = match hold {
            HoldCards::Yes => Some(Cards::held(site, config, &self.strings).into_held()),
            HoldCards::No => None,
        };
        self.bind_all(site, config, cards, languages)
    }

    /// Binds the renderer to a site whose cards are already made (an incremental rebuild
    /// makes again only the cards of the articles that changed).
    pub fn bind_cards<'a>(
        &'a mut self,
        site: &'a Site,
        config: &'a Config,
        cards: Vec<Value>,
    ) -> SiteRenderer<'a> {
        self.bind_all(site, config, Some(cards), None)
    }

    fn bind_all<'a>(
        &'a mut self,
        site: &'a Site,
        config: &'a Config,
        cards: Option<Vec<Value>>,
        languages: Option<(&'a Languages, usize)>,
    ) -> SiteRenderer<'a> {
        let site_view = SiteView::new(config, site);
        let teras = std::iter::once(&mut self.tera)
            .chain(self.minified.as_mut().map(|minified| &mut minified.tera));
        for tera in teras {
            let global = tera.global_context();
            global.insert("site", &site_view);
            global.insert("t", &self.strings.words);
        }
        let renderer: &'a Renderer = self;
        let cards = match cards {
            Some(held) => Cards::Held(held),
            None => Cards::per_page(site, config, &renderer.strings),
        };
        let mut bound = SiteRenderer {
            renderer,
            site,
            config,
            cards,
            actor_views: ActorViews::new(site, config),
            from_minified_templates: false,
            languages,
            shared_digest: 0,
            card_digests: std::sync::OnceLock::new(),
        };
        bound.trust_minified_templates();
        bound.shared_digest =
            bound
                .renderer
                .shared_digest(site_view, config, bound.from_minified_templates);
        bound
    }

    /// The digest of what every page of a build shares (see [`fingerprint`]): the templates,
    /// which set of them renders, the global context, the language's strings, the settings.
    /// The site's counts are left out when no template shows them, so that one article
    /// more does not change every page's digest.
    fn shared_digest(&self, mut site_view: SiteView<'_>, config: &Config, minified: bool) -> u128 {
        if !self.shows_counts {
            site_view.article_count = 0;
            site_view.actor_count = 0;
            site_view.author_count = 0;
            site_view.tag_count = 0;
        }
        // Serialising plain maps and strings cannot fail.
        let site_json = serde_json::to_vec(&site_view).unwrap_or_default();
        let words_json = serde_json::to_vec(&self.strings.words).unwrap_or_default();
        fingerprint::shared_digest(&[
            &self.templates_digest.to_le_bytes(),
            &[u8::from(minified)],
            &site_json,
            &words_json,
            format!("{:?}", self.strings.dates).as_bytes(),
            config.settings_text().as_bytes(),
        ])
    }

    /// The card of article `index`: what lists and neighbours show of it.
    pub fn card(&self, index: ArticleId, site: &Site, config: &Config) -> Value {
        let article = &site.articles[index];
        card_value(article, site, config, &self.strings, None)
    }

    /// Whether any template may show the site's article, actor or tag counts: then adding or
    /// removing an article changes the pages of those templates (see [`TemplateUses`]).
    pub fn shows_site_counts(&self) -> bool {
        self.shows_counts
    }

    /// Which templates each template reads.
    pub fn template_uses(&self) -> &TemplateUses {
        &self.uses
    }

    fn page_error(
        &self,
        error: &tera::Error,
        article: Option<ArticleId>,
        site: &Site,
    ) -> Diagnostic {
        let while_rendering =
            article.map(|i| site.articles[i].meta.source_path.display().to_string());
        template_error_named(error, &self.template_files, while_rendering)
    }
}

/// The digest of the templates for page fingerprints. A template that calls `now()` makes
/// pages that differ from one build to the next: the time of the build is digested with them,
/// so that no such page is ever kept from the previous output.
fn templates_digest(sources: &[(&str, String)]) -> u128 {
    let calls_now = sources.iter().any(|(_, text)| {
        text.match_indices("now")
            .any(|(at, _)| text[at + 3..].trim_start().starts_with('('))
    });
    let time = calls_now.then(|| format!("{:?}", std::time::SystemTime::now()));
    let texts = sources
        .iter()
        .flat_map(|(name, text)| [*name, text.as_str()])
        .chain(time.as_deref());
    fingerprint::digest_texts(texts)
}

/// The theme's templates minified once (see [`crate::minify::template`]).
struct MinifiedTemplates {
    tera: Tera,
    /// Templates the minifier could not take, by name; they render as written.
    left_as_written: Vec<String>,
}

impl MinifiedTemplates {
    /// `None` when the minified set does not load (the check below would refuse it anyway).
    fn load(
        sources: &[(&str, String)],
        strings: &Strings,
        config: &Config,
    ) -> Option<MinifiedTemplates> {
        let mut left_as_written = Vec::new();
        let minified = sources.iter().map(|(name, source)| {
            if !name.ends_with(".html") {
                return (*name, source.clone());
            }
            match crate::minify::minify_template(source) {
                Ok(minified) => (*name, minified),
                Err(_) => {
                    left_as_written.push((*name).to_owned());
                    (*name, source.clone())
                }
            }
        });
        let minified: Vec<(&str, String)> = minified.collect();
        let mut tera = new_tera(strings, config);
        tera.add_raw_templates(minified).ok()?;
        Some(MinifiedTemplates {
            tera,
            left_as_written,
        })
    }
}

/// A Tera with gazette's filters and functions.
fn new_tera(strings: &Strings, config: &Config) -> Tera {
    let mut tera = Tera::new();
    register_extensions(&mut tera);
    register_date_filter(&mut tera, strings.dates.clone(), config.timezone.clone());
    byline::register(&mut tera, byline::Words::of(&strings.words));
    tera
}

fn register_extensions(tera: &mut Tera) {
    tera.register_filter("date", tera_contrib::dates::date);
    tera.register_function("now", tera_contrib::dates::now);
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
}

/// `{{ article.date | format_date(format="long") }}`: a date written the site language's way.
/// `format` is `date` (default: "15 juillet 2016"), `long` ("vendredi 15 juillet 2016"),
/// `month` ("juillet 2016"), or a pattern of `{weekday}`, `{day}`, `{dd}`, `{month}`, `{mm}`,
/// `{year}`. The value is an ISO 8601 string or a date view (its `iso`).
fn register_date_filter(tera: &mut Tera, names: i18n::DateNames, timezone: jiff::tz::TimeZone) {
    tera.register_filter("format_date", move |value: &Value, kwargs: tera::Kwargs, _: &tera::State| {
        let iso = value
            .as_str()
            .or_else(|| value.as_map()?.iter().find(|(k, _)| k.as_str() == Some("iso"))?.1.as_str())
            .ok_or_else(|| tera::Error::message("format_date needs a date: an ISO 8601 string or a date view"))?;
        let at = crate::model::date::parse(iso, &timezone).map_err(|e| tera::Error::message(e.to_string()))?;
        let format = kwargs.get::<&str>("format")?.unwrap_or("date");
        Ok(match format {
            "date" => names.date(at.date()),
            "long" => names.date_long(at.date()),
            "month" => names.month_year(at.year(), at.month()),
            "iso" => at.iso(),
            pattern if pattern.contains('{') => names.fill(pattern, at.date()),
            other => return Err(tera::Error::message(format!(
                "format_date: unknown format `{other}`; use date, long, month, iso or a pattern such as \"{{day}} {{month}} {{year}}\""
            ))),
        })
    });
}

/// Adds every template file under `dir` by its path relative to `dir`.
fn collect_templates(dir: &Path, files: &mut HashMap<String, PathBuf>) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file()
            && is_template_name(&name)
            && !crate::source::is_ignored_name(&name)
        {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir stays under dir");
            files.insert(template_name(relative), entry.into_path());
        }
    }
}

fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn template_error(
    error: &tera::Error,
    files: &HashMap<String, PathBuf>,
    root: &Path,
    while_rendering: Option<String>,
) -> Diagnostic {
    let relative_files = files
        .iter()
        .map(|(k, v)| (k.clone(), relative(v, root)))
        .collect();
    template_error_named(error, &relative_files, while_rendering)
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn template_error_named(
    error: &tera::Error,
    files: &HashMap<String, PathBuf>,
    while_rendering: Option<String>,
) -> Diagnostic {
    let (name, line, column, message) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => (
            report.filename().to_owned(),
            report.span().start_line,
            report.span().start_col + 1,
            report.message().to_owned(),
        ),
        other => {
            let message = full_message(other, error);
            match parse_report_location(&message) {
                Some((name, line, column, first)) => (name, line, column, first),
                None => (String::new(), 0, 0, message),
            }
        }
    };
    let path = files
        .get(&name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(if name.is_empty() { "templates" } else { &name }));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let message = match &while_rendering {
        Some(article) => format!("template error while rendering {article}: {message}"),
        None => format!("template error: {message}"),
    };
    Diagnostic::error(&path, line, if line > 0 { column } else { 0 }, message)
        .quoting(&text)
        .with_hint("fix the template; `site`, `t`, `page` and the page's own values are available")
}

fn full_message(kind: &tera::ErrorKind, error: &tera::Error) -> String {
    let mut message = kind.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

/// Tera reports some errors only as text (`error: msg` then ` --> name:line:col`).
fn parse_report_location(report: &str) -> Option<(String, usize, usize, String)> {
    let message = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))?
        .to_owned();
    let location = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim().to_owned();
    Some((name, line, column, message))
}

/// One template mistake fails every page that uses it: report it once.
pub fn dedupe(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: HashMap<(PathBuf, usize, usize), usize> = HashMap::new();
    let mut unique: Vec<Diagnostic> = Vec::new();
    for problem in problems {
        let key = (problem.path.clone(), problem.line, problem.column);
        match seen.get(&key) {
            Some(&index) => {
                let hint = unique[index].hint.get_or_insert_with(String::new);
                if !hint.contains("(and on other pages)") {
                    hint.push_str(" (and on other pages)");
                }
            }
            None => {
                seen.insert(key, unique.len());
                unique.push(problem);
            }
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::{PageKind, sample_pages};
    use crate::model::actor::KindSection;

    #[test]
    fn the_template_sample_takes_the_smallest_section_of_the_actors_index() {
        let pages = [
            PageKind::ActorsIndex,
            PageKind::ActorsSection(KindSection::People),
            PageKind::ActorsSection(KindSection::Organisations),
            PageKind::ActorsSection(KindSection::Places),
            PageKind::NotFound,
        ];
        let size = |section| match section {
            KindSection::People => 30_000,
            KindSection::Organisations => 40,
            KindSection::Places => 900,
        };
        let sample = sample_pages(&pages, size);
        assert_eq!(
            sample,
            [
                PageKind::ActorsIndex,
                PageKind::ActorsSection(KindSection::Organisations),
                PageKind::NotFound
            ]
        );
    }
}
