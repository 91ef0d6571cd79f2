//! The list of pages a site has, and the template context of each.
//!
//! Lists (home, actors, tags, archive periods) are cut into pages of `paginate` articles; every
//! page gets a `pager` with links to the first, previous, next and last pages only, so a pager
//! costs the same whatever the list's length.

use std::collections::HashMap;

use serde::Serialize;
use tera::{Context, Value};

use crate::config::{Config, Paginate};
use crate::model::Site;
use crate::model::actor::{Actor, KindSection};
use crate::model::date::PublishedAt;
use crate::model::pager::{Pager, page_count};
use crate::model::route::{link, paged, paths};
use crate::publish::feed::last_modified;
use crate::publish::search::other_shard_links;
use crate::publish::sitemap::Entry;
use crate::render::actors::ActorViews;
use crate::render::context::{DateView, PageView, cards_of};
use crate::render::i18n::Strings;
use crate::render::structured;

/// One page to render; `page` is the 1-based page number of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home {
        page: usize,
    },
    Article(usize),
    ActorsIndex,
    /// The actors index restricted to people, organisations or places.
    ActorsSection(KindSection),
    Actor {
        actor: usize,
        page: usize,
    },
    /// One year of an actor's coverage (`year` indexes `Actor::years`).
    ActorYear {
        actor: usize,
        year: usize,
        page: usize,
    },
    TagsIndex,
    Tag {
        tag: usize,
        page: usize,
    },
    Archive,
    /// `year` indexes `Site::years`.
    Year {
        year: usize,
        page: usize,
    },
    /// `year` indexes `Site::years`, `month` that year's months.
    Month {
        year: usize,
        month: usize,
        page: usize,
    },
    NotFound,
    Search,
}

impl PageKind {
    /// The template that renders this kind of page.
    pub fn template(&self) -> &'static str {
        match self {
            PageKind::Home { .. } => "index.html",
            PageKind::Article(_) => "article.html",
            PageKind::ActorsIndex | PageKind::ActorsSection(_) => "actors.html",
            PageKind::Actor { .. } | PageKind::ActorYear { .. } => "actor.html",
            PageKind::TagsIndex => "tags.html",
            PageKind::Tag { .. } => "tag.html",
            PageKind::Archive => "archive.html",
            PageKind::Year { .. } => "year.html",
            PageKind::Month { .. } => "month.html",
            PageKind::NotFound => "404.html",
            PageKind::Search => "search.html",
        }
    }
}

/// The pages every site has, whatever its content: the indexes, the 404 page and, when
/// search is on, the search page.
pub fn fixed_pages(config: &Config) -> Vec<PageKind> {
    let mut pages = vec![
        PageKind::ActorsIndex,
        PageKind::TagsIndex,
        PageKind::Archive,
        PageKind::NotFound,
    ];
    if config.search {
        pages.push(PageKind::Search);
    }
    pages
}

/// Every page of the site.
pub fn jobs(site: &Site, config: &Config) -> Vec<PageKind> {
    let paginate = &config.paginate;
    let mut jobs = fixed_pages(config);
    let pages = |len: usize, per_page: usize| 1..=page_count(len, per_page);
    jobs.extend(pages(site.articles.len(), paginate.home).map(|page| PageKind::Home { page }));
    jobs.extend((0..site.articles.len()).map(PageKind::Article));
    jobs.extend(
        site.actor_sections()
            .into_iter()
            .map(PageKind::ActorsSection),
    );
    for (a, actor) in site.actors.iter().enumerate() {
        jobs.extend(actor_pages(a, actor, paginate));
    }
    for (t, tag) in site.tags.iter().enumerate() {
        jobs.extend(
            pages(tag.articles.len(), paginate.tag).map(|page| PageKind::Tag { tag: t, page }),
        );
    }
    for (y, year) in site.years.iter().enumerate() {
        jobs.extend(
            pages(year.count, paginate.archive).map(|page| PageKind::Year { year: y, page }),
        );
        for (m, month) in year.months.iter().enumerate() {
            jobs.extend(pages(month.articles.len(), paginate.archive).map(|page| {
                PageKind::Month {
                    year: y,
                    month: m,
                    page,
                }
            }));
        }
    }
    jobs
}

/// Actor `index`'s pages: its list, then its per-year lists, cut into pages as `paginate` says.
pub(super) fn actor_pages<'a>(
    index: usize,
    actor: &'a Actor,
    paginate: &Paginate,
) -> impl Iterator<Item = PageKind> + 'a {
    let per_page = paginate.actor;
    let all = (1..=page_count(actor.coverage.len(), per_page))
        .map(move |page| PageKind::Actor { actor: index, page });
    let years = actor.year_pages(paginate).iter().enumerate();
    all.chain(years.flat_map(move |(year, period)| {
        (1..=page_count(period.articles.len(), per_page)).map(move |page| PageKind::ActorYear {
            actor: index,
            year,
            page,
        })
    }))
}

/// The site path of a page, without rendering it.
pub fn path_of(kind: &PageKind, site: &Site) -> String {
    match *kind {
        PageKind::Home { page } => paged(&paths::home(), page),
        PageKind::Article(i) => site.articles[i].path.clone(),
        PageKind::ActorsIndex => paths::actors_index(),
        PageKind::ActorsSection(section) => paths::actors_section(section),
        PageKind::Actor { actor, page } => paged(&site.actors[actor].path, page),
        PageKind::ActorYear { actor, year, page } => {
            paged(&site.actors[actor].years[year].path, page)
        }
        PageKind::TagsIndex => paths::tags_index(),
        PageKind::Tag { tag, page } => paged(&site.tags[tag].path, page),
        PageKind::Archive => paths::archive(),
        PageKind::Year { year, page } => paged(&site.years[year].path, page),
        PageKind::Month { year, month, page } => paged(&site.years[year].months[month].path, page),
        PageKind::NotFound => paths::not_found(),
        PageKind::Search => paths::search(),
    }
}

/// The sitemap entries of `pages`: every page but the 404 and search pages, each with the
/// newest change among the articles it lists (a new article shifts every page of a list, so
/// all pages of a list share that date).
pub fn sitemap_entries(pages: &[PageKind], site: &Site) -> Vec<Entry> {
    let changed: Vec<&PublishedAt> = site.articles.iter().map(last_modified).collect();
    let newest = |items: &mut dyn Iterator<Item = usize>| {
        items
            .map(|i| changed[i])
            .max_by_key(|at| at.timestamp())
            .map(PublishedAt::iso)
    };
    let site_wide = newest(&mut (0..site.articles.len()));
    let mut per_list: HashMap<PageKind, Option<String>> = HashMap::new();
    let mut entries = Vec::with_capacity(pages.len());
    for kind in pages {
        let (lastmod, year) = match *kind {
            PageKind::NotFound | PageKind::Search => continue,
            PageKind::Home { .. }
            | PageKind::ActorsIndex
            | PageKind::ActorsSection(_)
            | PageKind::TagsIndex
            | PageKind::Archive => (site_wide.clone(), None),
            PageKind::Article(i) => (
                Some(changed[i].iso()),
                Some(site.articles[i].meta.published.year()),
            ),
            PageKind::Actor { .. }
            | PageKind::ActorYear { .. }
            | PageKind::Tag { .. }
            | PageKind::Year { .. }
            | PageKind::Month { .. } => {
                let lastmod = per_list
                    .entry(kind.first_page())
                    .or_insert_with(|| newest(&mut list_articles(kind, site)))
                    .clone();
                (lastmod, period_year(kind, site))
            }
        };
        entries.push(Entry {
            path: path_of(kind, site),
            lastmod,
            year,
        });
    }
    entries
}

impl PageKind {
    /// How many articles a page of this kind's list shows (0: all).
    pub fn per_page(&self, config: &Config) -> usize {
        let paginate = &config.paginate;
        match self {
            PageKind::Home { .. } => paginate.home,
            PageKind::Actor { .. } | PageKind::ActorYear { .. } => paginate.actor,
            PageKind::Tag { .. } => paginate.tag,
            PageKind::Year { .. } | PageKind::Month { .. } => paginate.archive,
            _ => 0,
        }
    }

    /// The same list's page `page`.
    pub fn with_page(self, page: usize) -> PageKind {
        match self {
            PageKind::Home { .. } => PageKind::Home { page },
            PageKind::Actor { actor, .. } => PageKind::Actor { actor, page },
            PageKind::ActorYear { actor, year, .. } => PageKind::ActorYear { actor, year, page },
            PageKind::Tag { tag, .. } => PageKind::Tag { tag, page },
            PageKind::Year { year, .. } => PageKind::Year { year, page },
            PageKind::Month { year, month, .. } => PageKind::Month { year, month, page },
            other => other,
        }
    }

    /// The first page of the list this page belongs to (the page itself if not a list).
    pub fn first_page(self) -> PageKind {
        match self {
            PageKind::Home { .. } => PageKind::Home { page: 1 },
            PageKind::Actor { actor, .. } => PageKind::Actor { actor, page: 1 },
            PageKind::ActorYear { actor, year, .. } => PageKind::ActorYear {
                actor,
                year,
                page: 1,
            },
            PageKind::Tag { tag, .. } => PageKind::Tag { tag, page: 1 },
            PageKind::Year { year, .. } => PageKind::Year { year, page: 1 },
            PageKind::Month { year, month, .. } => PageKind::Month {
                year,
                month,
                page: 1,
            },
            other => other,
        }
    }
}

/// The whole list a list page is a page of, in the order its pages show it; `None` for pages
/// that are not lists. Rendering and the incremental rebuild's dependency graph both use it,
/// so they agree on which page shows which article.
pub fn list_items(kind: &PageKind, site: &Site) -> Option<Vec<usize>> {
    Some(match *kind {
        PageKind::Home { .. } => (0..site.articles.len()).collect(),
        PageKind::Actor { actor, .. } => site.actors[actor].coverage.clone(),
        PageKind::ActorYear { actor, year, .. } => site.actors[actor].years[year].articles.clone(),
        PageKind::Tag { tag, .. } => site.tags[tag].articles.clone(),
        // Archive periods read in calendar order, so publishing only ever adds to their end.
        PageKind::Year { year, .. } => site.years[year]
            .months
            .iter()
            .rev()
            .flat_map(|m| m.articles.iter().rev().copied())
            .collect(),
        PageKind::Month { year, month, .. } => site.years[year].months[month]
            .articles
            .iter()
            .rev()
            .copied()
            .collect(),
        _ => return None,
    })
}

/// The articles of the list an actor, tag or archive page shows (none for other pages).
fn list_articles<'s>(kind: &PageKind, site: &'s Site) -> Box<dyn Iterator<Item = usize> + 's> {
    let slice: &[usize] = match *kind {
        PageKind::Actor { actor, .. } => &site.actors[actor].coverage,
        PageKind::ActorYear { actor, year, .. } => &site.actors[actor].years[year].articles,
        PageKind::Tag { tag, .. } => &site.tags[tag].articles,
        PageKind::Year { year, .. } => {
            let months = &site.years[year].months;
            return Box::new(months.iter().flat_map(|m| m.articles.iter().copied()));
        }
        PageKind::Month { year, month, .. } => &site.years[year].months[month].articles,
        _ => &[],
    };
    Box::new(slice.iter().copied())
}

/// The year an archive page belongs to, for the per-year sitemaps.
fn period_year(kind: &PageKind, site: &Site) -> Option<i16> {
    match *kind {
        PageKind::Year { year, .. } | PageKind::Month { year, .. } => Some(site.years[year].year),
        _ => None,
    }
}

/// A page ready for Tera (its template is [`PageKind::template`]).
pub struct Prepared {
    pub context: Context,
    pub path: String,
    /// The article being rendered, for error messages.
    pub article: Option<usize>,
}

/// Everything a page's context is made from.
pub(super) struct Inputs<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub cards: &'a [Value],
    pub strings: &'a Strings,
    pub actor_views: &'a ActorViews,
    /// Whether the templates may show `page.structured_data`: JSON-LD is only made then.
    pub structured_data: bool,
}

/// Builds the template context of one page.
pub(super) fn prepare(kind: &PageKind, inputs: &Inputs<'_>) -> Prepared {
    match *kind {
        PageKind::Home { page } => inputs.home(page),
        PageKind::Article(i) => inputs.article(i),
        PageKind::ActorsIndex => inputs.actors_index(None),
        PageKind::ActorsSection(section) => inputs.actors_index(Some(section)),
        PageKind::Actor { actor, page } => inputs.actor(actor, None, page),
        PageKind::ActorYear { actor, year, page } => inputs.actor(actor, Some(year), page),
        PageKind::TagsIndex => inputs.tags_index(),
        PageKind::Tag { tag, page } => inputs.tag(tag, page),
        PageKind::Archive => inputs.archive(),
        PageKind::Year { year, page } => inputs.year(year, page),
        PageKind::Month { year, month, page } => inputs.month(year, month, page),
        PageKind::NotFound => inputs.not_found(),
        PageKind::Search => inputs.search(),
    }
}

/// Links between the pages of one list; only the neighbours and the ends.
#[derive(Serialize)]
pub(super) struct PagerView {
    pub current: usize,
    pub count: usize,
    /// 1-based positions of the first and last item shown, and the list's length.
    pub first_item: usize,
    pub last_item: usize,
    pub total: usize,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

/// An entry of an index page (actors, tags) with its first letter for A–Z navigation.
#[derive(Serialize)]
pub(super) struct IndexEntry<'a> {
    name: &'a str,
    url: String,
    count: usize,
    letter: String,
}

/// A period of the archive (or of an actor's coverage) as lists and links show it.
#[derive(Serialize)]
pub(super) struct PeriodView {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// What the search page's script needs.
#[derive(Serialize)]
struct SearchView<'a> {
    /// The folder of Pagefind's script and index.
    bundle: String,
    /// The folders of the other shards of the index, merged into it by the page.
    shards: Vec<String>,
    base_path: &'a str,
}

/// A tag page's subject.
#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    url: String,
    count: usize,
    /// First and last coverage.
    first: Option<DateView>,
    last: Option<DateView>,
}

impl Inputs<'_> {
    /// The context every page starts from: `page` (kind, URL, title, description).
    pub(super) fn page(
        &self,
        kind: &'static str,
        path: &str,
        title: String,
        description: String,
    ) -> (Context, String) {
        self.page_from(self.page_view(kind, path, title, description), path)
    }

    pub(super) fn page_view(
        &self,
        kind: &'static str,
        path: &str,
        title: String,
        description: String,
    ) -> PageView<'_> {
        PageView {
            kind,
            url: self.link(path),
            canonical: self.config.absolute_url(path),
            title,
            description,
            lang: &self.config.language,
            image: None,
            feed: None,
            structured_data: None,
        }
    }

    pub(super) fn page_from(&self, view: PageView<'_>, path: &str) -> (Context, String) {
        let mut context = Context::new();
        context.insert("page", &view);
        (context, path.to_owned())
    }

    /// The feed of a list (an actor's, a tag's), when feeds are written.
    pub(super) fn feed_of(&self, list_path: &str) -> Option<String> {
        self.config
            .writes_feeds()
            .then(|| self.link(&paths::feed_of(list_path)))
    }

    /// A breadcrumb trail from the home page through `items` (name, site path).
    pub(super) fn trail(&self, items: &[(&str, &str)]) -> Option<String> {
        if !self.structured_data {
            return None;
        }
        let mut all = vec![(self.config.title.clone(), paths::home())];
        all.extend(items.iter().map(|(n, p)| (n.to_string(), p.to_string())));
        Some(structured::trail(&all, self.config))
    }

    /// A URL written in content: root-relative ones (`/images/x.jpg`) go under the base path.
    pub(super) fn asset(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") {
            self.link(url)
        } else {
            url.to_owned()
        }
    }

    pub(super) fn link(&self, site_path: &str) -> String {
        link(&self.config.base_path, site_path)
    }

    pub(super) fn word(&self, key: &str) -> String {
        self.strings
            .words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// "Title" on page 1, "Title (page 3)" after, so every page has its own title.
    pub(super) fn numbered(&self, title: String, pager: &Pager) -> String {
        if pager.number > 1 {
            format!("{title} ({} {})", self.word("page"), pager.number)
        } else {
            title
        }
    }

    pub(super) fn done((context, path): (Context, String)) -> Prepared {
        Prepared {
            context,
            path,
            article: None,
        }
    }

    /// Adds `articles` (this page's cards) and `pager` to a list page's context.
    pub(super) fn list(
        &self,
        context: &mut Context,
        list_path: &str,
        items: &[usize],
        pager: &Pager,
    ) {
        self.list_page(
            context,
            list_path,
            items.len(),
            &items[pager.range()],
            pager,
        );
    }

    /// [`Inputs::list`] when only this page's articles are at hand (`total` in the list).
    fn list_page(
        &self,
        context: &mut Context,
        list_path: &str,
        total: usize,
        shown: &[usize],
        pager: &Pager,
    ) {
        context.insert_value("articles", cards_of(shown, self.cards));
        context.insert("pager", &self.pager_view(list_path, total, pager));
    }

    fn pager_view(&self, list_path: &str, total: usize, pager: &Pager) -> PagerView {
        let url = |number: usize| self.link(&paged(list_path, number));
        let (has_previous, has_next) = (pager.number > 1, pager.number < pager.count);
        PagerView {
            current: pager.number,
            count: pager.count,
            first_item: if total == 0 { 0 } else { pager.start + 1 },
            last_item: pager.end,
            total,
            first: has_previous.then(|| url(1)),
            previous: has_previous.then(|| url(pager.number - 1)),
            next: has_next.then(|| url(pager.number + 1)),
            last: has_next.then(|| url(pager.count)),
        }
    }

    fn home(&self, page: usize) -> Prepared {
        // The home list is every article in site order: only this page's part is made, so
        // a page costs the same whatever the archive's size.
        let total = self.site.articles.len();
        let pager = Pager::new(total, self.config.paginate.home, page);
        let shown: Vec<usize> = pager.range().collect();
        let path = paged(&paths::home(), pager.number);
        let title = if pager.number > 1 {
            self.numbered(self.word("latest_articles"), &pager)
        } else {
            String::new()
        };
        let mut view = self.page_view("home", &path, title, self.config.description.clone());
        view.feed = self
            .config
            .writes_feeds()
            .then(|| self.link(&paths::site_feed()));
        let mut page = self.page_from(view, &path);
        self.list_page(&mut page.0, &paths::home(), total, &shown, &pager);
        Self::done(page)
    }

    fn article(&self, index: usize) -> Prepared {
        let article = &self.site.articles[index];
        let mut view = self.page_view(
            "article",
            &article.path,
            article.meta.title.clone(),
            article.body.summary_text.clone(),
        );
        view.lang = &article.meta.lang;
        view.image = structured::article_image(article, self.config);
        view.structured_data = self.structured_data.then(|| {
            structured::article(
                article,
                self.site,
                self.config,
                &self.strings.dates,
                view.image.as_deref(),
            )
        });
        let (mut context, path) = self.page_from(view, &article.path);
        context.insert_value("article", self.cards[index].clone());
        context.insert("content", &article.body.html);
        let card = |i: Option<usize>| i.map_or_else(Value::none, |i| self.cards[i].clone());
        let (previous, next) = self.site.neighbours(index);
        context.insert_value("previous", card(previous));
        context.insert_value("next", card(next));
        Prepared {
            context,
            path,
            article: Some(index),
        }
    }

    fn tags_index(&self) -> Prepared {
        let entries: Vec<IndexEntry<'_>> = self
            .site
            .tags
            .iter()
            .map(|t| self.entry(&t.name, &t.path, t.articles.len()))
            .collect();
        let mut page = self.page(
            "tags",
            &paths::tags_index(),
            self.word("tags"),
            String::new(),
        );
        page.0.insert(
            "letters",
            &letters_of(entries.iter().map(|e| e.letter.as_str())),
        );
        page.0.insert("entries", &entries);
        Self::done(page)
    }

    pub(super) fn entry<'a>(&self, name: &'a str, path: &str, count: usize) -> IndexEntry<'a> {
        IndexEntry {
            name,
            url: self.link(path),
            count,
            letter: index_letter(name),
        }
    }

    fn tag(&self, index: usize, page: usize) -> Prepared {
        let tag = &self.site.tags[index];
        let pager = Pager::new(tag.articles.len(), self.config.paginate.tag, page);
        let path = paged(&tag.path, pager.number);
        let mut view = self.page_view(
            "tag",
            &path,
            self.numbered(tag.name.clone(), &pager),
            String::new(),
        );
        view.feed = self.feed_of(&tag.path);
        let tags = self.word("tags");
        view.structured_data = self.trail(&[(&tags, &paths::tags_index()), (&tag.name, &tag.path)]);
        let mut page = self.page_from(view, &path);
        page.0
            .insert("tag", &self.term_view(&tag.name, &tag.path, &tag.articles));
        self.list(&mut page.0, &tag.path, &tag.articles, &pager);
        Self::done(page)
    }

    /// A tag with its coverage span (articles are newest first).
    fn term_view<'a>(&self, name: &'a str, path: &str, articles: &[usize]) -> TermView<'a> {
        TermView {
            name,
            url: self.link(path),
            count: articles.len(),
            first: self.published(articles.last()),
            last: self.published(articles.first()),
        }
    }

    /// The publication date of an article (by index), as templates show dates.
    pub(super) fn published(&self, article: Option<&usize>) -> Option<DateView> {
        article.map(|&i| DateView::of(&self.site.articles[i].meta.published, &self.strings.dates))
    }

    fn search(&self) -> Prepared {
        let mut page = self.page(
            "search",
            &paths::search(),
            self.word("search"),
            String::new(),
        );
        page.0.insert(
            "search",
            &SearchView {
                bundle: self.link(&paths::search_bundle()),
                shards: other_shard_links(self.site, &self.config.base_path),
                base_path: &self.config.base_path,
            },
        );
        Self::done(page)
    }

    fn not_found(&self) -> Prepared {
        let page = self.page(
            "404",
            &paths::not_found(),
            self.word("not_found_title"),
            String::new(),
        );
        Self::done(page)
    }
}

/// The distinct first letters of sorted index entries, in order.
pub(super) fn letters_of<'a>(letters_in_order: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut letters: Vec<&str> = Vec::new();
    for letter in letters_in_order {
        if !letters.contains(&letter) {
            letters.push(letter);
        }
    }
    letters
}

/// The A–Z heading a name files under: its first letter without accents, `#` for digits.
pub(super) fn index_letter(name: &str) -> String {
    let letter = deunicode::deunicode(name)
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .unwrap_or('#');
    letter.to_string()
}
