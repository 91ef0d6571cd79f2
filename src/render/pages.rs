//! The list of pages a site has, and the template context of each.
//!
//! Lists (home, actors, tags, archive periods) are cut into pages of `paginate` articles; every
//! page gets a `pager` with links to the first, previous, next and last pages only, so a pager
//! costs the same whatever the list's length.

use serde::Serialize;
use tera::{Context, Value};

use crate::config::{Config, Paginate};
use crate::model::Site;
use crate::model::actor::KindSection;
use crate::model::pager::{Pager, page_count};
use crate::model::route::{link, paged, paths};
use crate::render::context::{DateView, PageView, cards_of};
use crate::render::i18n::Strings;

/// One page to render; `page` is the 1-based page number of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// Every page of the site.
pub fn jobs(site: &Site, paginate: &Paginate) -> Vec<PageKind> {
    let mut jobs = vec![
        PageKind::ActorsIndex,
        PageKind::TagsIndex,
        PageKind::Archive,
        PageKind::NotFound,
    ];
    let pages = |len: usize, per_page: usize| 1..=page_count(len, per_page);
    jobs.extend(pages(site.articles.len(), paginate.home).map(|page| PageKind::Home { page }));
    jobs.extend((0..site.articles.len()).map(PageKind::Article));
    jobs.extend(
        site.actor_sections()
            .into_iter()
            .map(PageKind::ActorsSection),
    );
    for (a, actor) in site.actors.iter().enumerate() {
        jobs.extend(
            pages(actor.coverage.len(), paginate.actor)
                .map(|page| PageKind::Actor { actor: a, page }),
        );
        for (y, year) in actor.year_pages(paginate.actor).iter().enumerate() {
            jobs.extend(pages(year.articles.len(), paginate.actor).map(|page| {
                PageKind::ActorYear {
                    actor: a,
                    year: y,
                    page,
                }
            }));
        }
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
    }
}

/// A page ready for Tera.
pub struct Prepared {
    pub template: &'static str,
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
}

/// Builds the template context of one page.
pub fn prepare(
    kind: &PageKind,
    site: &Site,
    config: &Config,
    cards: &[Value],
    strings: &Strings,
) -> Prepared {
    let inputs = Inputs {
        site,
        config,
        cards,
        strings,
    };
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
        let mut context = Context::new();
        context.insert(
            "page",
            &PageView {
                kind,
                url: self.link(path),
                canonical: self.config.absolute_url(path),
                title,
                description,
                lang: &self.config.language,
            },
        );
        (context, path.to_owned())
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

    pub(super) fn done(template: &'static str, (context, path): (Context, String)) -> Prepared {
        Prepared {
            template,
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
        context.insert_value("articles", cards_of(&items[pager.range()], self.cards));
        context.insert("pager", &self.pager_view(list_path, items.len(), pager));
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
        let all: Vec<usize> = (0..self.site.articles.len()).collect();
        let pager = Pager::new(all.len(), self.config.paginate.home, page);
        let path = paged(&paths::home(), pager.number);
        let title = if pager.number > 1 {
            self.numbered(self.word("latest_articles"), &pager)
        } else {
            String::new()
        };
        let mut page = self.page("home", &path, title, self.config.description.clone());
        self.list(&mut page.0, &paths::home(), &all, &pager);
        Self::done("index.html", page)
    }

    fn article(&self, index: usize) -> Prepared {
        let article = &self.site.articles[index];
        let (mut context, path) = self.page(
            "article",
            &article.path,
            article.meta.title.clone(),
            article.body.summary_text.clone(),
        );
        context.insert_value("article", self.cards[index].clone());
        context.insert("content", &article.body.html);
        let card = |i: Option<usize>| i.map_or_else(Value::none, |i| self.cards[i].clone());
        let (previous, next) = self.site.neighbours(index);
        context.insert_value("previous", card(previous));
        context.insert_value("next", card(next));
        Prepared {
            template: "article.html",
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
        Self::done("tags.html", page)
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
        let mut page = self.page(
            "tag",
            &paged(&tag.path, pager.number),
            self.numbered(tag.name.clone(), &pager),
            String::new(),
        );
        page.0
            .insert("tag", &self.term_view(&tag.name, &tag.path, &tag.articles));
        self.list(&mut page.0, &tag.path, &tag.articles, &pager);
        Self::done("tag.html", page)
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

    fn not_found(&self) -> Prepared {
        let page = self.page(
            "404",
            &paths::not_found(),
            self.word("not_found_title"),
            String::new(),
        );
        Self::done("404.html", page)
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
