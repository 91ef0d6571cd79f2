//! The catalogue of pages a site has: every page's kind, site path, list items and sitemap
//! entry, from the model alone (no Tera, no context). Rebuilds, the sitemap and the renderer
//! all ask it.
//!
//! Lists (home, actors, authors, tags, archive periods) are cut into pages of `paginate` articles.

use std::collections::HashMap;

use crate::config::{Config, Paginate};
use crate::model::Site;
use crate::model::actor::{Actor, KindSection};
use crate::model::article::Article;
use crate::model::date::PublishedAt;
use crate::model::id::{ActorId, ArticleId, AuthorId, TagId};
use crate::model::pager::page_count;
use crate::model::route::{paged, paths};

/// One page to render; `page` is the 1-based page number of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home {
        page: usize,
    },
    Article(ArticleId),
    ActorsIndex,
    /// The actors index restricted to people, organisations or places.
    ActorsSection(KindSection),
    Actor {
        actor: ActorId,
        page: usize,
    },
    /// One year of an actor's coverage (`year` indexes `Actor::years`).
    ActorYear {
        actor: ActorId,
        year: usize,
        page: usize,
    },
    AuthorsIndex,
    Author {
        author: AuthorId,
        page: usize,
    },
    TagsIndex,
    Tag {
        tag: TagId,
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
            PageKind::AuthorsIndex => "authors.html",
            PageKind::Author { .. } => "author.html",
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
        PageKind::AuthorsIndex,
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
    jobs.extend(ArticleId::all(site.articles.len()).map(PageKind::Article));
    jobs.extend(
        site.actor_sections()
            .into_iter()
            .map(PageKind::ActorsSection),
    );
    for (a, actor) in ActorId::all(site.actors.len()).zip(&site.actors) {
        jobs.extend(actor_pages(a, actor, paginate));
    }
    for (a, author) in AuthorId::all(site.authors.len()).zip(&site.authors) {
        jobs.extend(
            pages(author.articles.len(), paginate.author)
                .map(|page| PageKind::Author { author: a, page }),
        );
    }
    for (t, tag) in TagId::all(site.tags.len()).zip(&site.tags) {
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
    index: ActorId,
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
        PageKind::Home { page } => paged(&paths::home(&site.prefix), page),
        PageKind::Article(i) => site.articles[i].path.clone(),
        PageKind::ActorsIndex => paths::actors_index(&site.prefix),
        PageKind::ActorsSection(section) => paths::actors_section(&site.prefix, section),
        PageKind::Actor { actor, page } => paged(&site.actors[actor].path, page),
        PageKind::ActorYear { actor, year, page } => {
            paged(&site.actors[actor].years[year].path, page)
        }
        PageKind::AuthorsIndex => paths::authors_index(&site.prefix),
        PageKind::Author { author, page } => paged(&site.authors[author].path, page),
        PageKind::TagsIndex => paths::tags_index(&site.prefix),
        PageKind::Tag { tag, page } => paged(&site.tags[tag].path, page),
        PageKind::Archive => paths::archive(&site.prefix),
        PageKind::Year { year, page } => paged(&site.years[year].path, page),
        PageKind::Month { year, month, page } => paged(&site.years[year].months[month].path, page),
        PageKind::NotFound => paths::not_found(&site.prefix),
        PageKind::Search => paths::search(&site.prefix),
    }
}

/// One page of the site as the sitemap lists it.
#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub path: String,
    /// ISO 8601; the newest change among the articles the page shows.
    pub lastmod: Option<String>,
    /// The year the page belongs to, for the per-year sitemaps of a large site.
    pub year: Option<i16>,
    /// Its versions in every language as (language, site path), itself included; empty for
    /// a site in one language or a page without a translation.
    pub alternates: Vec<(String, String)>,
}

/// The sitemap entries of `pages`: every page but the 404 and search pages, each with the
/// newest change among the articles it lists (a new article shifts every page of a list, so
/// all pages of a list share that date).
pub fn sitemap_entries(pages: &[PageKind], site: &Site) -> Vec<SitemapEntry> {
    let changed: Vec<&PublishedAt> = site.articles.iter().map(Article::last_modified).collect();
    let newest = |items: &mut dyn Iterator<Item = ArticleId>| {
        items
            .map(|i| changed[i.index()])
            .max_by_key(|at| at.timestamp())
            .map(PublishedAt::iso)
    };
    let site_wide = newest(&mut ArticleId::all(site.articles.len()));
    let mut per_list: HashMap<PageKind, Option<String>> = HashMap::new();
    let mut entries = Vec::with_capacity(pages.len());
    for kind in pages {
        let Some(year) = sitemap_year(kind, site) else {
            continue;
        };
        let lastmod = match *kind {
            PageKind::NotFound | PageKind::Search => continue,
            PageKind::Home { .. }
            | PageKind::ActorsIndex
            | PageKind::ActorsSection(_)
            | PageKind::AuthorsIndex
            | PageKind::TagsIndex
            | PageKind::Archive => site_wide.clone(),
            PageKind::Article(i) => Some(changed[i.index()].iso()),
            PageKind::Actor { .. }
            | PageKind::ActorYear { .. }
            | PageKind::Author { .. }
            | PageKind::Tag { .. }
            | PageKind::Year { .. }
            | PageKind::Month { .. } => per_list
                .entry(kind.first_page())
                .or_insert_with(|| newest(&mut list_articles(kind, site)))
                .clone(),
        };
        entries.push(SitemapEntry {
            path: path_of(kind, site),
            lastmod,
            year,
            alternates: Vec::new(),
        });
    }
    entries
}

/// The sitemap part of a page: `Some(year)` for an article or a year's or month's archive,
/// `Some(None)` for an undated page, `None` for a page no sitemap lists. The sitemaps of a
/// large site are cut by it before any entry is made.
pub fn sitemap_year(kind: &PageKind, site: &Site) -> Option<Option<i16>> {
    match *kind {
        PageKind::NotFound | PageKind::Search => None,
        PageKind::Article(i) => Some(Some(site.articles[i].meta.published.year())),
        _ => Some(period_year(kind, site)),
    }
}

impl PageKind {
    /// Whether the sitemap lists this page (all but the 404 and search pages).
    pub fn in_sitemap(&self) -> bool {
        !matches!(self, PageKind::NotFound | PageKind::Search)
    }

    /// How many articles a page of this kind's list shows (0: all).
    pub fn per_page(&self, config: &Config) -> usize {
        let paginate = &config.paginate;
        match self {
            PageKind::Home { .. } => paginate.home,
            PageKind::Actor { .. } | PageKind::ActorYear { .. } => paginate.actor,
            PageKind::Author { .. } => paginate.author,
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
            PageKind::Author { author, .. } => PageKind::Author { author, page },
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
            PageKind::Author { author, .. } => PageKind::Author { author, page: 1 },
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
pub fn list_items(kind: &PageKind, site: &Site) -> Option<Vec<ArticleId>> {
    Some(match *kind {
        PageKind::Home { .. } => ArticleId::all(site.articles.len()).collect(),
        PageKind::Actor { actor, .. } => site.actors[actor].coverage.clone(),
        PageKind::ActorYear { actor, year, .. } => site.actors[actor].years[year].articles.clone(),
        PageKind::Author { author, .. } => site.authors[author].articles.clone(),
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
fn list_articles<'s>(kind: &PageKind, site: &'s Site) -> Box<dyn Iterator<Item = ArticleId> + 's> {
    let slice: &[ArticleId] = match *kind {
        PageKind::Actor { actor, .. } => &site.actors[actor].coverage,
        PageKind::ActorYear { actor, year, .. } => &site.actors[actor].years[year].articles,
        PageKind::Author { author, .. } => &site.authors[author].articles,
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
