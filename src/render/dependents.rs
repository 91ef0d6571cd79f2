//! Which pages show an article: the dependency graph of incremental rebuilds.
//!
//! An article appears on its own page, on its neighbours' pages (as previous or next), and in
//! the lists it belongs to: the home page, the pages of the actors it is about or mentions
//! (and their per-year pages), of its authors, of its tags, of its year and of its month. When
//! only its text changed, just the one page of each list it is on needs rendering; when it
//! moved (date, actors, authors, tags, added, removed), every page of those lists may shift, and so may the counts
//! and links the neighbouring archive periods show.

use crate::config::Config;
use crate::model::Site;
use crate::model::id::ArticleId;
use crate::model::pager::page_count;
use crate::render::catalogue::{PageKind, fixed_pages, list_items};

/// How far an article's change reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Only its text changed: the page of each list it is on.
    ItsPages,
    /// It moved, appeared or went: every page of its lists, and the neighbouring periods.
    WholeLists,
}

/// The pages of `site` that show article `index`.
pub fn pages_showing(
    site: &Site,
    config: &Config,
    index: ArticleId,
    reach: Reach,
) -> Vec<PageKind> {
    let mut pages = vec![PageKind::Article(index)];
    let (older, newer) = site.neighbours(index);
    pages.extend(older.into_iter().chain(newer).map(PageKind::Article));
    for list in lists_of(site, config, index, reach) {
        match reach {
            Reach::ItsPages => pages.extend(page_showing(list, site, config, index)),
            Reach::WholeLists => pages.extend(every_page(list, site, config)),
        }
    }
    pages
}

/// The first pages of the lists article `index` is in; with [`Reach::WholeLists`] also its
/// actors' other years and the archive periods next to its own.
fn lists_of(site: &Site, config: &Config, index: ArticleId, reach: Reach) -> Vec<PageKind> {
    let article = &site.articles[index];
    let mut lists = vec![PageKind::Home { page: 1 }];
    for &actor in article.actors.iter().chain(&article.mentions) {
        lists.push(PageKind::Actor { actor, page: 1 });
        let years = site.actors[actor].year_pages(&config.paginate);
        for (year, period) in years.iter().enumerate() {
            if reach == Reach::WholeLists || period.articles.contains(&index) {
                lists.push(PageKind::ActorYear {
                    actor,
                    year,
                    page: 1,
                });
            }
        }
    }
    lists.extend(
        article
            .tags
            .iter()
            .map(|&tag| PageKind::Tag { tag, page: 1 }),
    );
    lists.extend(
        article
            .authors
            .iter()
            .map(|&author| PageKind::Author { author, page: 1 }),
    );
    let published = &article.meta.published;
    let Some(year) = site.years.iter().position(|y| y.year == published.year()) else {
        return lists;
    };
    let years = match reach {
        Reach::ItsPages => year..=year,
        // A period's page names its neighbours with their counts.
        Reach::WholeLists => year.saturating_sub(1)..=(year + 1).min(site.years.len() - 1),
    };
    for y in years {
        lists.push(PageKind::Year { year: y, page: 1 });
        for (m, month) in site.years[y].months.iter().enumerate() {
            if reach == Reach::WholeLists || month.articles.contains(&index) {
                lists.push(PageKind::Month {
                    year: y,
                    month: m,
                    page: 1,
                });
            }
        }
    }
    lists
}

/// The page of `list` that shows article `index`, if any.
fn page_showing(
    list: PageKind,
    site: &Site,
    config: &Config,
    index: ArticleId,
) -> Option<PageKind> {
    let items = list_items(&list, site)?;
    let position = items.iter().position(|&i| i == index)?;
    let per_page = list.per_page(config);
    // A list shown whole (`per_page` 0) has one page.
    let page = position
        .checked_div(per_page)
        .map_or(1, |full_pages| full_pages + 1);
    Some(list.with_page(page))
}

/// Every page of `list`.
pub fn every_page(list: PageKind, site: &Site, config: &Config) -> Vec<PageKind> {
    let len = list_items(&list, site).map_or(1, |items| items.len());
    (1..=page_count(len, list.per_page(config)))
        .map(|page| list.with_page(page))
        .collect()
}

/// The pages that show something of every article or of the whole site: the indexes of
/// actors, authors, tags and the archive, and the search page (which lists the index's shards).
pub fn site_wide_pages(site: &Site, config: &Config) -> Vec<PageKind> {
    let mut pages = fixed_pages(config);
    pages.extend(
        site.actor_sections()
            .into_iter()
            .map(PageKind::ActorsSection),
    );
    pages
}
