//! The list of pages a site has, and the template context of each.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use crate::config::Config;
use crate::model::Site;
use crate::model::archive::{Month, Year};
use crate::model::route::{link, paths};
use crate::render::context::{DateView, PageView, cards_of};
use crate::render::i18n::Strings;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Article(usize),
    ActorsIndex,
    Actor(usize),
    TagsIndex,
    Tag(usize),
    Archive,
    /// Index into `Site::years`.
    Year(usize),
    /// Indexes into `Site::years` and that year's months.
    Month(usize, usize),
    NotFound,
}

/// Every page of the site.
pub fn jobs(site: &Site) -> Vec<PageKind> {
    let mut jobs = vec![
        PageKind::Home,
        PageKind::ActorsIndex,
        PageKind::TagsIndex,
        PageKind::Archive,
        PageKind::NotFound,
    ];
    jobs.extend((0..site.articles.len()).map(PageKind::Article));
    jobs.extend((0..site.actors.len()).map(PageKind::Actor));
    jobs.extend((0..site.tags.len()).map(PageKind::Tag));
    for (y, year) in site.years.iter().enumerate() {
        jobs.push(PageKind::Year(y));
        jobs.extend((0..year.months.len()).map(|m| PageKind::Month(y, m)));
    }
    jobs
}

/// The site path of a page, without rendering it.
pub fn path_of(kind: &PageKind, site: &Site) -> String {
    match *kind {
        PageKind::Home => paths::home(),
        PageKind::Article(i) => site.articles[i].path.clone(),
        PageKind::ActorsIndex => paths::actors_index(),
        PageKind::Actor(i) => site.actors[i].path.clone(),
        PageKind::TagsIndex => paths::tags_index(),
        PageKind::Tag(i) => site.tags[i].path.clone(),
        PageKind::Archive => paths::archive(),
        PageKind::Year(y) => site.years[y].path.clone(),
        PageKind::Month(y, m) => site.years[y].months[m].path.clone(),
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
struct Inputs<'a> {
    site: &'a Site,
    config: &'a Config,
    cards: &'a [Value],
    strings: &'a Strings,
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
        PageKind::Home => inputs.home(),
        PageKind::Article(i) => inputs.article(i),
        PageKind::ActorsIndex => inputs.actors_index(),
        PageKind::Actor(i) => inputs.actor(i),
        PageKind::TagsIndex => inputs.tags_index(),
        PageKind::Tag(i) => inputs.tag(i),
        PageKind::Archive => inputs.archive(),
        PageKind::Year(y) => inputs.year(y),
        PageKind::Month(y, m) => inputs.month(y, m),
        PageKind::NotFound => inputs.not_found(),
    }
}

/// An entry of an index page (actors, tags) with its first letter for A–Z navigation.
#[derive(Serialize)]
struct IndexEntry<'a> {
    name: &'a str,
    url: String,
    count: usize,
    letter: String,
}

/// A period of the archive as lists show it.
#[derive(Serialize)]
struct PeriodView {
    name: String,
    url: String,
    count: usize,
}

impl Inputs<'_> {
    fn page(
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
                url: link(&self.config.base_path, path),
                canonical: self.config.absolute_url(path),
                title,
                description,
                lang: &self.config.language,
            },
        );
        (context, path.to_owned())
    }

    fn word(&self, key: &str) -> String {
        self.strings
            .words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    fn done(template: &'static str, (context, path): (Context, String)) -> Prepared {
        Prepared {
            template,
            context,
            path,
            article: None,
        }
    }

    fn home(&self) -> Prepared {
        let mut page = self.page(
            "home",
            &paths::home(),
            String::new(),
            self.config.description.clone(),
        );
        let latest: Vec<usize> =
            (0..self.site.articles.len().min(self.config.home_articles)).collect();
        page.0
            .insert_value("articles", cards_of(&latest, self.cards));
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
        let neighbour =
            |i: Option<usize>| i.map(|i| self.cards[i].clone()).unwrap_or(Value::none());
        let previous = self.site.previous(index).map(|_| index + 1);
        let next = self.site.next(index).map(|_| index - 1);
        context.insert_value("previous", neighbour(previous));
        context.insert_value("next", neighbour(next));
        Prepared {
            template: "article.html",
            context,
            path,
            article: Some(index),
        }
    }

    fn actors_index(&self) -> Prepared {
        let entries: Vec<IndexEntry<'_>> = self
            .site
            .actors
            .iter()
            .map(|a| self.entry(&a.name, &a.path, a.articles.len()))
            .collect();
        let mut page = self.page(
            "actors",
            &paths::actors_index(),
            self.word("actors"),
            String::new(),
        );
        page.0.insert("letters", &letters_of(&entries));
        page.0.insert("entries", &entries);
        Self::done("actors.html", page)
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
        page.0.insert("letters", &letters_of(&entries));
        page.0.insert("entries", &entries);
        Self::done("tags.html", page)
    }

    fn entry<'a>(&self, name: &'a str, path: &str, count: usize) -> IndexEntry<'a> {
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
        IndexEntry {
            name,
            url: link(&self.config.base_path, path),
            count,
            letter: letter.to_string(),
        }
    }

    fn actor(&self, index: usize) -> Prepared {
        let actor = &self.site.actors[index];
        let mut page = self.page("actor", &actor.path, actor.name.clone(), String::new());
        page.0.insert(
            "actor",
            &self.term_view(&actor.name, &actor.path, &actor.articles),
        );
        page.0
            .insert_value("articles", cards_of(&actor.articles, self.cards));
        Self::done("actor.html", page)
    }

    fn tag(&self, index: usize) -> Prepared {
        let tag = &self.site.tags[index];
        let mut page = self.page("tag", &tag.path, tag.name.clone(), String::new());
        page.0
            .insert("tag", &self.term_view(&tag.name, &tag.path, &tag.articles));
        page.0
            .insert_value("articles", cards_of(&tag.articles, self.cards));
        Self::done("tag.html", page)
    }

    /// An actor or tag with its coverage span (articles are newest first).
    fn term_view(&self, name: &str, path: &str, articles: &[usize]) -> TermView {
        let date = |i: Option<&usize>| {
            i.map(|&i| DateView::of(&self.site.articles[i].meta.published, &self.strings.dates))
        };
        TermView {
            name: name.to_owned(),
            url: link(&self.config.base_path, path),
            count: articles.len(),
            first: date(articles.last()),
            last: date(articles.first()),
        }
    }

    fn archive(&self) -> Prepared {
        let years: Vec<ArchiveYear> = self
            .site
            .years
            .iter()
            .map(|y| ArchiveYear {
                year: y.year,
                url: link(&self.config.base_path, &y.path),
                count: y.count,
                months: y.months.iter().map(|m| self.period_of_month(m)).collect(),
            })
            .collect();
        let mut page = self.page(
            "archive",
            &paths::archive(),
            self.word("archive"),
            String::new(),
        );
        page.0.insert("years", &years);
        Self::done("archive.html", page)
    }

    fn year(&self, y: usize) -> Prepared {
        let year = &self.site.years[y];
        let months: Vec<Value> = year
            .months
            .iter()
            .map(|m| {
                Value::from(BTreeMap::from([
                    ("name", Value::from(self.strings.dates.month_name(m.month))),
                    ("url", link(&self.config.base_path, &m.path).into()),
                    ("count", m.articles.len().into()),
                    ("articles", cards_of(&m.articles, self.cards)),
                ]))
            })
            .collect();
        let mut page = self.page("year", &year.path, year.year.to_string(), String::new());
        page.0.insert(
            "year",
            &PeriodView {
                name: year.year.to_string(),
                url: link(&self.config.base_path, &year.path),
                count: year.count,
            },
        );
        page.0.insert_value("months", Value::from(months));
        // Years are newest first: the previous (older) year comes after this one.
        page.0.insert(
            "previous",
            &self.site.years.get(y + 1).map(|o| self.period_of_year(o)),
        );
        page.0.insert(
            "next",
            &y.checked_sub(1)
                .map(|n| self.period_of_year(&self.site.years[n])),
        );
        Self::done("year.html", page)
    }

    fn month(&self, y: usize, m: usize) -> Prepared {
        let year = &self.site.years[y];
        let month = &year.months[m];
        let name = self.strings.dates.month_year(month.year, month.month);
        let mut page = self.page("month", &month.path, name.clone(), String::new());
        page.0.insert(
            "month",
            &PeriodView {
                name,
                url: link(&self.config.base_path, &month.path),
                count: month.articles.len(),
            },
        );
        page.0.insert("year", &self.period_of_year(year));
        page.0.insert_value("days", self.days_of(month));
        let (older, newer) = self.month_neighbours(y, m);
        page.0
            .insert("previous", &older.map(|m| self.period_of_month_named(m)));
        page.0
            .insert("next", &newer.map(|m| self.period_of_month_named(m)));
        Self::done("month.html", page)
    }

    /// The month's articles grouped by calendar day, newest day first.
    fn days_of(&self, month: &Month) -> Value {
        let mut days: Vec<Value> = Vec::new();
        let mut start = 0;
        while start < month.articles.len() {
            let day = self.site.articles[month.articles[start]]
                .meta
                .published
                .date();
            let end = month.articles[start..]
                .iter()
                .position(|&i| self.site.articles[i].meta.published.date() != day)
                .map_or(month.articles.len(), |n| start + n);
            days.push(Value::from(BTreeMap::from([
                (
                    "date",
                    Value::from_serializable(&DateView::of_day(day, &self.strings.dates)),
                ),
                (
                    "articles",
                    cards_of(&month.articles[start..end], self.cards),
                ),
            ])));
            start = end;
        }
        Value::from(days)
    }

    /// The months just before and after (older, newer), crossing year boundaries.
    fn month_neighbours(&self, y: usize, m: usize) -> (Option<&Month>, Option<&Month>) {
        let years = &self.site.years;
        let older = years[y]
            .months
            .get(m + 1)
            .or_else(|| years.get(y + 1).and_then(|o| o.months.first()));
        let newer = match m.checked_sub(1) {
            Some(n) => years[y].months.get(n),
            None => y.checked_sub(1).and_then(|n| years[n].months.last()),
        };
        (older, newer)
    }

    fn period_of_year(&self, year: &Year) -> PeriodView {
        PeriodView {
            name: year.year.to_string(),
            url: link(&self.config.base_path, &year.path),
            count: year.count,
        }
    }

    fn period_of_month(&self, month: &Month) -> PeriodView {
        PeriodView {
            name: self.strings.dates.month_name(month.month).to_owned(),
            url: link(&self.config.base_path, &month.path),
            count: month.articles.len(),
        }
    }

    fn period_of_month_named(&self, month: &Month) -> PeriodView {
        PeriodView {
            name: self.strings.dates.month_year(month.year, month.month),
            ..self.period_of_month(month)
        }
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
fn letters_of<'a>(entries: &'a [IndexEntry<'_>]) -> Vec<&'a str> {
    let mut letters: Vec<&str> = Vec::new();
    for entry in entries {
        if letters.last() != Some(&entry.letter.as_str())
            && !letters.contains(&entry.letter.as_str())
        {
            letters.push(&entry.letter);
        }
    }
    letters
}

/// An actor or tag page's subject.
#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
    /// First and last coverage.
    first: Option<DateView>,
    last: Option<DateView>,
}

#[derive(Serialize)]
struct ArchiveYear {
    year: i16,
    url: String,
    count: usize,
    months: Vec<PeriodView>,
}
