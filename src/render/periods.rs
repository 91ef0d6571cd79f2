//! Archive pages: the index of years, a year, a month.
//!
//! Period pages list their articles in calendar order (oldest first), so publishing a new
//! article only ever adds to the end of its own month: a page a reader bookmarked, or a search
//! engine indexed, keeps its content.

use serde::Serialize;
use tera::Value;

use crate::model::archive::{Month, Year};
use crate::model::id::ArticleId;
use crate::model::pager::Pager;
use crate::model::route::{paged, paths};
use crate::render::catalogue::{PageKind, list_items};
use crate::render::context::DateView;
use crate::render::fingerprint::CardGroup;
use crate::render::inputs::{Inputs, PeriodView, Prepared, inputs_view};

#[derive(Serialize)]
struct ArchiveYear {
    year: i16,
    url: String,
    count: usize,
    /// Calendar order.
    months: Vec<PeriodView>,
}

/// The index of years.
pub(super) fn archive(inputs: &Inputs<'_>) -> Prepared {
    PeriodPages(inputs).archive()
}

/// A year of the archive (`y` indexes `Site::years`).
pub(super) fn year(inputs: &Inputs<'_>, y: usize, page: usize) -> Prepared {
    PeriodPages(inputs).year(y, page)
}

/// A month of the archive.
pub(super) fn month(inputs: &Inputs<'_>, y: usize, m: usize, page: usize) -> Prepared {
    PeriodPages(inputs).month(y, m, page)
}

inputs_view! {
    /// The archive pages, as a view over the inputs every page shares.
    PeriodPages
}

impl PeriodPages<'_, '_> {
    fn archive(&self) -> Prepared {
        let years: Vec<ArchiveYear> = self
            .site
            .years
            .iter()
            .map(|y| ArchiveYear {
                year: y.year,
                url: self.link(&y.path),
                count: y.count,
                months: y
                    .months
                    .iter()
                    .rev()
                    .map(|m| self.month_period(m, false))
                    .collect(),
            })
            .collect();
        let mut page = self.page(
            "archive",
            &paths::archive(&self.site.prefix),
            self.word("archive"),
            String::new(),
        );
        page.0.insert("years", &years);
        Inputs::done(page)
    }

    fn year(&self, y: usize, page: usize) -> Prepared {
        let year = &self.site.years[y];
        let chronological =
            list_items(&PageKind::Year { year: y, page }, self.site).unwrap_or_default();
        let pager = Pager::new(chronological.len(), self.config.paginate.archive, page);
        let title = self.numbered(year.year.to_string(), &pager);
        let mut page = self.page(
            "year",
            &paged(&year.path, pager.number),
            title,
            String::new(),
        );
        page.0.insert("year", &self.year_period(year));
        page.0.insert(
            "months",
            &year
                .months
                .iter()
                .rev()
                .map(|m| self.month_period(m, false))
                .collect::<Vec<_>>(),
        );
        self.list(&mut page.0, &year.path, &chronological, &pager);
        let shown = &chronological[pager.range()];
        page.0.insert_card_groups("groups", self.months(shown));
        // Years are newest first: the previous (older) year comes after this one.
        page.0.insert(
            "previous",
            &self.site.years.get(y + 1).map(|o| self.year_period(o)),
        );
        page.0.insert(
            "next",
            &y.checked_sub(1)
                .map(|n| self.year_period(&self.site.years[n])),
        );
        Inputs::done(page)
    }

    fn month(&self, y: usize, m: usize, page: usize) -> Prepared {
        let year = &self.site.years[y];
        let month = &year.months[m];
        let chronological = list_items(
            &PageKind::Month {
                year: y,
                month: m,
                page,
            },
            self.site,
        )
        .unwrap_or_default();
        let pager = Pager::new(chronological.len(), self.config.paginate.archive, page);
        let period = self.month_period(month, true);
        let mut page = self.page(
            "month",
            &paged(&month.path, pager.number),
            self.numbered(period.name.clone(), &pager),
            String::new(),
        );
        page.0.insert("month", &period);
        page.0.insert("year", &self.year_period(year));
        self.list(&mut page.0, &month.path, &chronological, &pager);
        let shown = &chronological[pager.range()];
        page.0.insert_card_groups("days", self.days(shown));
        let (older, newer) = self.month_neighbours(y, m);
        page.0
            .insert("previous", &older.map(|m| self.month_period(m, true)));
        page.0
            .insert("next", &newer.map(|m| self.month_period(m, true)));
        Inputs::done(page)
    }

    /// The shown articles grouped by month, as `[{name, url, articles}]`. The cards are made
    /// only if the page is rendered (a kept page never makes them).
    fn months(&self, shown: &[ArticleId]) -> Vec<CardGroup> {
        runs(shown, |i| self.site.articles[i].meta.published.month())
            .map(|(month, articles)| {
                let year = self.site.articles[articles[0]].meta.published.year();
                let url = self.link(&paths::month(&self.site.prefix, year, month));
                CardGroup {
                    fields: vec![
                        ("name", Value::from(self.strings.dates.month_name(month))),
                        ("url", Value::from(url)),
                    ],
                    articles: articles.to_vec(),
                }
            })
            .collect()
    }

    /// The shown articles grouped by calendar day, as `[{date, articles}]`.
    fn days(&self, shown: &[ArticleId]) -> Vec<CardGroup> {
        runs(shown, |i| self.site.articles[i].meta.published.date())
            .map(|(day, articles)| {
                let date = DateView::of_day(day, &self.strings.dates);
                CardGroup {
                    fields: vec![("date", Value::from_serializable(&date))],
                    articles: articles.to_vec(),
                }
            })
            .collect()
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

    fn year_period(&self, year: &Year) -> PeriodView {
        PeriodView {
            name: year.year.to_string(),
            url: self.link(&year.path),
            count: year.count,
        }
    }

    /// A month as a link: "juillet", or "juillet 2016" `with_year`.
    fn month_period(&self, month: &Month, with_year: bool) -> PeriodView {
        let dates = &self.strings.dates;
        let name = if with_year {
            dates.month_year(month.year, month.month)
        } else {
            dates.month_name(month.month).to_owned()
        };
        PeriodView {
            name,
            url: self.link(&month.path),
            count: month.articles.len(),
        }
    }
}

/// Consecutive runs of `items` sharing `key`, with that key.
fn runs<K: PartialEq>(
    items: &[ArticleId],
    key: impl Fn(ArticleId) -> K,
) -> impl Iterator<Item = (K, &[ArticleId])> {
    let mut rest = items;
    std::iter::from_fn(move || {
        let first = key(*rest.first()?);
        let len = rest
            .iter()
            .position(|&i| key(i) != first)
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(len);
        rest = after;
        Some((first, run))
    })
}
