//! What templates see: small serialisable views borrowed from the site model.
//!
//! Each article's card (title, URL, dates, summary, actors, tags) is turned into a Tera value
//! once per build; Tera values share their contents behind `Arc`s, so a list page holding a
//! thousand cards copies a thousand pointers, not a thousand articles.

use jiff::civil::Date;
use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::model::Site;
use crate::model::article::Article;
use crate::model::date::PublishedAt;
use crate::model::id::{ActorId, ArticleId, AuthorId, TagId};
use crate::model::route::{link, paths};
use crate::render::i18n::{DateNames, Strings};
use crate::render::languages::Languages;
use crate::render::photo::PhotoView;

/// The site-wide values, set once as Tera's global context. Templates find a field by
/// scanning the fields in this order, so the ones every page reads come first.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub language: &'a str,
    /// Links of the main navigation.
    pub urls: NavUrls,
    pub description: &'a str,
    /// Absolute base URL (empty without `base_url`).
    pub base_url: &'a str,
    /// Prefix of every link: `/` or `/sub/`.
    pub base_path: &'a str,
    pub timezone: &'a str,
    pub article_count: usize,
    pub actor_count: usize,
    pub author_count: usize,
    pub tag_count: usize,
}

/// Links every page's header and footer need, in the order they appear.
#[derive(Serialize)]
pub struct NavUrls {
    pub home: String,
    pub actors: String,
    pub authors: String,
    pub tags: String,
    pub archive: String,
    /// The search page, when search is on.
    pub search: Option<String>,
    /// The site's Atom feed, when feeds are written.
    pub feed: Option<String>,
    pub stylesheet: String,
    /// The theme's `favicon.svg`: linked so browsers do not ask for a missing `/favicon.ico`.
    pub favicon: String,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config, site: &Site) -> Self {
        let base = config.base_path.as_str();
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            base_path: base,
            language: &config.language,
            timezone: &config.timezone_name,
            article_count: site.articles.len(),
            actor_count: site.actors.len(),
            author_count: site.authors.len(),
            tag_count: site.tags.len(),
            urls: NavUrls {
                home: link(base, &paths::home(&config.prefix)),
                actors: link(base, &paths::actors_index(&config.prefix)),
                authors: link(base, &paths::authors_index(&config.prefix)),
                tags: link(base, &paths::tags_index(&config.prefix)),
                archive: link(base, &paths::archive(&config.prefix)),
                stylesheet: link(base, "/style.css"),
                favicon: link(base, "/favicon.svg"),
                feed: config
                    .writes_feeds()
                    .then(|| link(base, &paths::site_feed(&config.prefix))),
                search: config
                    .search
                    .then(|| link(base, &paths::search(&config.prefix))),
            },
        }
    }
}

/// A date as templates use it: machine form for `<time datetime>` and reader forms.
#[derive(Serialize)]
pub struct DateView {
    pub iso: String,
    /// "15 juillet 2016"
    pub display: String,
    /// "vendredi 15 juillet 2016"
    pub long: String,
    pub year: i16,
    pub month: i8,
    pub day: i8,
}

impl DateView {
    pub fn of(at: &PublishedAt, names: &DateNames) -> Self {
        DateView {
            iso: at.iso(),
            display: names.date(at.date()),
            long: names.date_long(at.date()),
            year: at.year(),
            month: at.month(),
            day: at.day(),
        }
    }

    /// A calendar day without a time (day headings of month pages).
    pub fn of_day(date: Date, names: &DateNames) -> Self {
        DateView {
            iso: date.to_string(),
            display: names.date(date),
            long: names.date_long(date),
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }
}

/// A card's link to an actor, author or tag. It carries no article count: a card would then
/// change with every article added to any of its actors and tags, and so would the pages
/// showing it, which a build with the previous output at hand would have to render again.
/// The actor's, author's and tag's own pages and the indexes show the counts.
#[derive(Serialize)]
pub struct LinkView<'a> {
    pub name: &'a str,
    pub url: String,
}

/// An article as lists show it, and the base of the article page; [`card_value`] fills its
/// actor, mention and tag links.
#[derive(Serialize)]
pub struct CardView<'a> {
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub date: DateView,
    pub updated: Option<DateView>,
    pub summary: &'a str,
    pub summary_text: std::borrow::Cow<'a, str>,
    /// True when the front matter wrote the summary. An automatic one is the body's opening,
    /// so an article page that also showed it as a standfirst would print it twice.
    pub summary_written: bool,
    pub words: usize,
    pub reading_minutes: usize,
    pub lang: &'a str,
    pub source: Option<&'a str>,
    pub draft: bool,
    pub extra: &'a serde_yaml::Mapping,
    /// The lead photo: its figure, its thumbnail and URLs.
    pub image: Option<PhotoView>,
    /// Tera values serialise as themselves (the shared links are not copied).
    pub actors: Vec<Value>,
    pub mentions: Vec<Value>,
    pub tags: Vec<Value>,
    /// Who wrote it, as `{name, url}` links (`| byline` joins them).
    pub authors: Vec<Value>,
}

impl<'a> CardView<'a> {
    pub fn new(article: &'a Article, config: &Config, strings: &Strings) -> Self {
        let base = config.base_path.as_str();
        let meta = &article.meta;
        let names = &strings.dates;
        CardView {
            title: &meta.title,
            url: link(base, &article.path),
            permalink: config.absolute_url(&article.path),
            date: DateView::of(&meta.published, names),
            updated: meta.updated.as_ref().map(|u| DateView::of(u, names)),
            summary: &article.body.summary_html,
            summary_text: article.body.summary_text(),
            summary_written: article.body.summary_written,
            words: article.body.words,
            reading_minutes: article.body.reading_minutes,
            lang: &meta.lang,
            source: meta.source.as_deref(),
            draft: meta.draft,
            extra: &meta.extra,
            image: PhotoView::of(article, config, strings),
            actors: Vec::new(),
            mentions: Vec::new(),
            tags: Vec::new(),
            authors: Vec::new(),
        }
    }
}

/// An article's card as a template value: its [`CardView`] plus `actors` (the actors it is
/// about, front matter order), `mentions` (profiled actors its text names without listing
/// them), `tags` and `authors`, as `{name, url}` links. The links come from `shared` when given,
/// so that the cards of a whole build point to one value per actor and tag.
pub fn card_value(
    article: &Article,
    site: &Site,
    config: &Config,
    strings: &Strings,
    shared: Option<&SharedLinks>,
) -> Value {
    // Serialised in one go: a map made first and extended would be copied whole again.
    Value::from_serializable(&card_view(article, site, config, strings, shared))
}

/// An article's card before it is made one Tera value (see [`card_value`]): what a page
/// fingerprint digests, without the cost of the value.
pub fn card_view<'a>(
    article: &'a Article,
    site: &Site,
    config: &Config,
    strings: &Strings,
    shared: Option<&SharedLinks>,
) -> CardView<'a> {
    let base = config.base_path.as_str();
    let actor = |&i: &ActorId| match shared {
        Some(shared) => shared.actors[i.index()].clone(),
        None => actor_link(&site.actors[i], base),
    };
    let tag = |&i: &TagId| match shared {
        Some(shared) => shared.tags[i.index()].clone(),
        None => tag_link(&site.tags[i], base),
    };
    let author = |&i: &AuthorId| match shared {
        Some(shared) => shared.authors[i.index()].clone(),
        None => author_link(&site.authors[i], base),
    };
    let mut card = CardView::new(article, config, strings);
    card.actors = article.actors.iter().map(actor).collect();
    card.mentions = article.mentions.iter().map(actor).collect();
    card.tags = article.tags.iter().map(tag).collect();
    card.authors = article.authors.iter().map(author).collect();
    card
}

/// Every actor's and tag's link value, made once per build for all the cards.
pub struct SharedLinks {
    actors: Vec<Value>,
    tags: Vec<Value>,
    authors: Vec<Value>,
}

impl SharedLinks {
    pub fn new(site: &Site, config: &Config) -> SharedLinks {
        let base = config.base_path.as_str();
        SharedLinks {
            actors: site.actors.iter().map(|a| actor_link(a, base)).collect(),
            tags: site.tags.iter().map(|t| tag_link(t, base)).collect(),
            authors: site.authors.iter().map(|a| author_link(a, base)).collect(),
        }
    }
}

fn actor_link(actor: &crate::model::actor::Actor, base: &str) -> Value {
    Value::from_serializable(&LinkView {
        name: &actor.name,
        url: link(base, &actor.path),
    })
}

fn author_link(author: &crate::model::author::Author, base: &str) -> Value {
    Value::from_serializable(&LinkView {
        name: &author.name,
        url: link(base, &author.path),
    })
}

fn tag_link(tag: &crate::model::tag::Tag, base: &str) -> Value {
    Value::from_serializable(&LinkView {
        name: &tag.name,
        url: link(base, &tag.path),
    })
}

/// Cards of some articles, as one Tera array (cheap: the cards are shared).
pub fn cards_of(articles: &[ArticleId], cards: &Cards<'_>) -> Value {
    Value::from(
        articles
            .iter()
            .map(|&i| cards.card(i))
            .collect::<Vec<Value>>(),
    )
}

/// Where pages take article cards from.
pub enum Cards<'a> {
    /// Every card made once, before the pages, and shared by every page that shows it: the
    /// cheapest for a site whose cards fit in memory, and what sessions keep between
    /// rebuilds.
    Held(Vec<Value>),
    /// Each card made when a page shows it and dropped with the page. An article is shown on
    /// a dozen list pages, so this costs CPU, but a large archive's held cards would be a
    /// third of a build's memory (3 KB an article).
    PerPage {
        site: &'a Site,
        config: &'a Config,
        strings: &'a Strings,
        links: SharedLinks,
    },
}

impl<'a> Cards<'a> {
    /// Every card of `site`, made now (in parallel).
    pub fn held(site: &Site, config: &Config, strings: &Strings) -> Cards<'a> {
        use rayon::prelude::*;
        let links = SharedLinks::new(site, config);
        let cards = (site.articles.par_iter())
            .map(|article| card_value(article, site, config, strings, Some(&links)))
            .collect();
        Cards::Held(cards)
    }

    /// Cards made page by page.
    pub fn per_page(site: &'a Site, config: &'a Config, strings: &'a Strings) -> Cards<'a> {
        let links = SharedLinks::new(site, config);
        Cards::PerPage {
            site,
            config,
            strings,
            links,
        }
    }

    /// The card of an article.
    pub fn card(&self, article: ArticleId) -> Value {
        match self {
            Cards::Held(cards) => cards[article.index()].clone(),
            Cards::PerPage {
                site,
                config,
                strings,
                links,
            } => card_value(&site.articles[article], site, config, strings, Some(links)),
        }
    }

    /// How many articles have a card.
    pub fn len(&self) -> usize {
        match self {
            Cards::Held(cards) => cards.len(),
            Cards::PerPage { site, .. } => site.articles.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The held cards, to be kept for the next incremental rebuild (none when made per page).
    pub fn into_held(self) -> Vec<Value> {
        match self {
            Cards::Held(cards) => cards,
            Cards::PerPage { .. } => Vec::new(),
        }
    }
}

/// The page being rendered: what `<head>` needs.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// `home`, `article`, `actor`, `actors`, `tag`, `tags`, `archive`, `year`, `month`,
    /// `search`, `404`.
    pub kind: &'a str,
    pub url: String,
    pub canonical: String,
    /// Text for `<title>` before the site name; empty on the home page.
    pub title: String,
    pub description: String,
    /// The page's language: the article's own on article pages.
    pub lang: &'a str,
    /// Absolute URL of the image sharing cards show.
    pub image: Option<String>,
    /// The Atom feed that follows this page's list (an actor's, a tag's), if any.
    pub feed: Option<String>,
    /// JSON-LD, already escaped for a `<script>` element.
    pub structured_data: Option<String>,
    /// The page's versions for `<link rel="alternate" hreflang>`: every language that has
    /// it, itself included, then `x-default`; empty when no other language has it.
    pub alternates: Vec<AlternateView>,
    /// The language switcher: every language of the site, each linking to this page's
    /// version, or else to its home; empty for a site in one language.
    pub languages: Vec<LanguageView>,
}

/// One version of a page: `hreflang` and its absolute URL.
#[derive(Serialize)]
pub struct AlternateView {
    pub lang: String,
    pub url: String,
}

/// One entry of the language switcher.
#[derive(Serialize)]
pub struct LanguageView {
    pub lang: String,
    /// The language's name in itself ("Français").
    pub name: String,
    pub url: String,
    /// The language of the page being shown.
    pub current: bool,
    /// Whether `url` is this page's version (else that language's home).
    pub translated: bool,
}

impl PageView<'_> {
    /// Fills the alternates and the switcher of a page of a site in several languages.
    pub fn in_languages(
        mut self,
        languages: Option<(&Languages, usize)>,
        path: &str,
        is_article: bool,
        config: &Config,
    ) -> Self {
        let Some((languages, edition)) = languages else {
            return self;
        };
        let versions = languages.versions(edition, path, is_article);
        let codes: Vec<&str> = languages.codes().collect();
        if versions.iter().flatten().count() > 1 {
            self.alternates = codes
                .iter()
                .zip(&versions)
                .filter_map(|(code, version)| {
                    Some(AlternateView {
                        lang: code.to_string(),
                        url: config.absolute_url(version.as_ref()?),
                    })
                })
                .collect();
            // Readers whose language the site does not have get the default language's.
            if let Some(default) = &versions[0] {
                self.alternates.push(AlternateView {
                    lang: "x-default".to_owned(),
                    url: config.absolute_url(default),
                });
            }
        }
        let base = config.base_path.as_str();
        self.languages = codes
            .iter()
            .enumerate()
            .map(|(e, code)| LanguageView {
                lang: code.to_string(),
                name: crate::config::language_name(code).to_owned(),
                url: link(base, versions[e].as_deref().unwrap_or(&languages.home(e))),
                current: e == edition,
                translated: versions[e].is_some(),
            })
            .collect();
        self
    }
}
