//! Actor pages and the actors index: who an actor is, what the archive says about them and
//! when, and whom they are covered with.

use serde::Serialize;
use tera::Value;

use crate::model::actor::{Actor, Kind, KindSection};
use crate::model::id::ActorId;
use crate::model::pager::Pager;
use crate::model::route::{paged, paths};
use crate::render::context::DateView;
use crate::render::graph;
use crate::render::inputs::{Inputs, PeriodView, Prepared, index_letter, inputs_view, letters_of};

/// Width and height of the coverage chart's drawing area (SVG user units).
const CHART_WIDTH: f64 = 600.0;
const CHART_HEIGHT: f64 = 120.0;

/// An actor as its page shows it.
#[derive(Serialize)]
struct ActorView<'a> {
    name: &'a str,
    url: String,
    kind: Option<Kind>,
    kind_label: Option<String>,
    description: Option<&'a str>,
    /// Rendered biography (HTML), empty without a profile.
    biography: &'a str,
    aliases: &'a [String],
    image: Option<String>,
    /// `<picture>` of the profile's photo with its variants, when it has some.
    picture: Option<String>,
    links: Vec<LabelledLink<'a>>,
    /// About and mentions together.
    count: usize,
    about_count: usize,
    mention_count: usize,
    first: Option<DateView>,
    last: Option<DateView>,
    /// Links to the per-year pages (empty when the actor has none).
    years: Vec<PeriodView>,
    often_with: Vec<PeriodView>,
    timeline: Timeline,
}

#[derive(Serialize)]
struct LabelledLink<'a> {
    label: &'a str,
    url: &'a str,
}

/// Coverage over time, ready to draw as bars.
#[derive(Serialize)]
struct Timeline {
    /// `year` or `month`.
    unit: &'static str,
    width: f64,
    height: f64,
    max: usize,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    count: usize,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// An entry of the actors index.
#[derive(Serialize)]
struct ActorEntry<'a> {
    name: &'a str,
    sort_name: &'a str,
    url: String,
    count: usize,
    kind: Option<Kind>,
    kind_label: Option<String>,
    description: Option<&'a str>,
    letter: String,
}

#[derive(Serialize)]
struct SectionLink {
    name: &'static str,
    label: String,
    url: String,
    count: usize,
    current: bool,
}

/// The index of actors (whole, or one kind's section).
pub(super) fn index(inputs: &Inputs<'_>, section: Option<KindSection>) -> Prepared {
    ActorPages(inputs).actors_index(section)
}

/// An actor's page: all its coverage, or one year's.
pub(super) fn actor(
    inputs: &Inputs<'_>,
    index: ActorId,
    year: Option<usize>,
    page: usize,
) -> Prepared {
    ActorPages(inputs).actor(index, year, page)
}

inputs_view! {
    /// The actor pages, as a view over the inputs every page shares.
    ActorPages
}

impl ActorPages<'_, '_> {
    /// The actors index, or one of its per-kind views.
    fn actors_index(&self, section: Option<KindSection>) -> Prepared {
        let in_section = |a: &&Actor| section.is_none_or(|s| a.is_in_section(s));
        let entries: Vec<ActorEntry<'_>> = self
            .site
            .actors
            .iter()
            .filter(in_section)
            .map(|a| self.actor_entry(a))
            .collect();
        let letters = letters_of(entries.iter().map(|e| e.letter.as_str()));
        let title = match section {
            Some(s) => format!(
                "{} · {}",
                self.word("actors"),
                self.word(&format!("section_{}", s.name()))
            ),
            None => self.word("actors"),
        };
        let prefix = &self.site.prefix;
        let path = section.map_or_else(
            || paths::actors_index(prefix),
            |section| paths::actors_section(prefix, section),
        );
        let mut page = self.page("actors", &path, title, String::new());
        page.0.insert("letters", &letters);
        page.0.insert("entries", &entries);
        page.0.insert("sections", &self.section_links(section));
        page.0.insert("section", &section.map(KindSection::name));
        // The whole index only: a view per kind lists fewer actors than the graph shows.
        let graph = section
            .is_none()
            .then(|| graph::view(self.site, |path| self.link(path)))
            .flatten();
        page.0.insert("graph", &graph);
        Inputs::done(page)
    }

    fn section_links(&self, current: Option<KindSection>) -> Vec<SectionLink> {
        KindSection::ALL
            .iter()
            .map(|&s| SectionLink {
                name: s.name(),
                label: self.word(&format!("section_{}", s.name())),
                url: self.link(&paths::actors_section(&self.site.prefix, s)),
                count: self.site.actors_in_section(s),
                current: current == Some(s),
            })
            .filter(|link| link.count > 0)
            .collect()
    }

    fn actor_entry<'a>(&self, actor: &'a Actor) -> ActorEntry<'a> {
        let sort_name = actor
            .profile
            .as_ref()
            .map_or(actor.name.as_str(), |p| p.sort_name.as_str());
        ActorEntry {
            name: &actor.name,
            sort_name,
            url: self.link(&actor.path),
            count: actor.coverage.len(),
            kind: actor.kind(),
            kind_label: self.kind_label(actor.kind()),
            description: actor
                .profile
                .as_ref()
                .and_then(|p| p.description.as_deref()),
            letter: index_letter(sort_name),
        }
    }

    fn kind_label(&self, kind: Option<Kind>) -> Option<String> {
        Some(self.word(kind_key(kind?)))
    }

    /// An actor's page, or one year of it (`year` indexes `Actor::years`).
    fn actor(&self, index: ActorId, year: Option<usize>, page: usize) -> Prepared {
        let actor = &self.site.actors[index];
        let (list_path, items, title) = match year {
            Some(y) => {
                let period = &actor.years[y];
                (
                    period.path.as_str(),
                    &period.articles,
                    format!("{} · {}", actor.name, period.year),
                )
            }
            None => (actor.path.as_str(), &actor.coverage, actor.name.clone()),
        };
        let pager = Pager::new(items.len(), self.config.paginate.actor, page);
        let description = actor
            .profile
            .as_ref()
            .and_then(|p| p.description.clone())
            .unwrap_or_default();
        let path = paged(list_path, pager.number);
        let mut view = self.page_view("actor", &path, self.numbered(title, &pager), description);
        view.feed = self.feed_of(&actor.path);
        let actors = self.word("actors");
        view.structured_data = self.trail(&[
            (&actors, &paths::actors_index(&self.site.prefix)),
            (&actor.name, &actor.path),
        ]);
        let mut page = self.page_from(view, &path);
        // An actor with many articles has dozens of pages, and its view (timeline, years,
        // often-with) is the same on each.
        let actor_value = self
            .actor_views
            .get(index, || Value::from_serializable(&self.actor_view(actor)));
        page.0.insert_value("actor", actor_value);
        if let Some(y) = year {
            let period = |i: usize| self.actor_year(actor, i);
            page.0.insert("period", &period(y));
            // Years are newest first: the previous (older) year comes after this one.
            page.0.insert(
                "previous_period",
                &(y + 1 < actor.years.len()).then(|| period(y + 1)),
            );
            page.0.insert("next_period", &y.checked_sub(1).map(period));
        }
        self.list(&mut page.0, list_path, items, &pager);
        let mentions: Vec<String> = items[pager.range()]
            .iter()
            .filter(|i| actor.mentions.binary_search(i).is_ok())
            .map(|&i| self.link(&self.site.articles[i].path))
            .collect();
        page.0.insert("mentions", &mentions);
        // "5 mentions" beside the articles that name the actor more than once; one mention
        // says no more than the article's place in the list.
        let mention_counts: std::collections::BTreeMap<String, u32> = items[pager.range()]
            .iter()
            .map(|&i| (i, actor.mentions_in(i)))
            .filter(|&(_, times)| times > 1)
            .map(|(i, times)| (self.link(&self.site.articles[i].path), times))
            .collect();
        page.0.insert("mention_counts", &mention_counts);
        Inputs::done(page)
    }

    fn actor_year(&self, actor: &Actor, index: usize) -> PeriodView {
        let year = &actor.years[index];
        PeriodView {
            name: year.year.to_string(),
            url: self.link(&year.path),
            count: year.articles.len(),
        }
    }

    fn actor_view<'a>(&self, actor: &'a Actor) -> ActorView<'a> {
        let profile = actor.profile.as_ref();
        let year_pages = actor.year_pages(&self.config.paginate);
        ActorView {
            name: &actor.name,
            url: self.link(&actor.path),
            kind: actor.kind(),
            kind_label: self.kind_label(actor.kind()),
            description: profile.and_then(|p| p.description.as_deref()),
            biography: profile.map_or("", |p| p.biography.as_str()),
            aliases: profile.map_or(&[], |p| p.aliases.as_slice()),
            image: profile
                .and_then(|p| p.image.as_deref())
                .map(|image| self.asset(image)),
            picture: profile
                .and_then(|p| p.photo.as_ref())
                .map(|photo| crate::render::photo::portrait(photo, &actor.name)),
            links: profile.map_or_else(Vec::new, |p| {
                p.links
                    .iter()
                    .map(|(label, url)| LabelledLink { label, url })
                    .collect()
            }),
            count: actor.coverage.len(),
            about_count: actor.about.len(),
            mention_count: actor.mentions.len(),
            first: self.published(actor.coverage.last()),
            last: self.published(actor.coverage.first()),
            years: (0..year_pages.len())
                .map(|i| self.actor_year(actor, i))
                .collect(),
            often_with: actor
                .often_with
                .iter()
                .map(|&(other, count)| {
                    let other = &self.site.actors[other];
                    PeriodView {
                        name: other.name.clone(),
                        url: self.link(&other.path),
                        count,
                    }
                })
                .collect(),
            timeline: self.timeline(actor),
        }
    }

    /// Articles per year, or per month when the coverage spans three years or fewer.
    fn timeline(&self, actor: &Actor) -> Timeline {
        let dates: Vec<(i16, i8)> = actor
            .coverage
            .iter()
            .map(|&i| {
                let at = &self.site.articles[i].meta.published;
                (at.year(), at.month())
            })
            .collect();
        let (Some(&(last_year, _)), Some(&(first_year, _))) = (dates.first(), dates.last()) else {
            return Timeline {
                unit: "year",
                width: CHART_WIDTH,
                height: CHART_HEIGHT,
                max: 0,
                bars: Vec::new(),
            };
        };
        let by_month = last_year - first_year < 3;
        let slot = |(year, month): (i16, i8)| {
            let years = (year - first_year) as usize;
            if by_month {
                years * 12 + month as usize - 1
            } else {
                years
            }
        };
        let slots = slot((last_year, 12)) + 1;
        let mut counts = vec![0usize; slots];
        for &date in &dates {
            counts[slot(date)] += 1;
        }
        let label = |index: usize| {
            if by_month {
                let (year, month) = (first_year + (index / 12) as i16, (index % 12) as i8 + 1);
                self.strings.dates.month_year(year, month)
            } else {
                (first_year + index as i16).to_string()
            }
        };
        let max = counts.iter().copied().max().unwrap_or(0).max(1);
        let width = CHART_WIDTH / slots as f64;
        let bars = counts
            .iter()
            .enumerate()
            .map(|(i, &count)| {
                let height = (count as f64 / max as f64 * CHART_HEIGHT).round();
                Bar {
                    label: label(i),
                    count,
                    x: i as f64 * width,
                    y: CHART_HEIGHT - height,
                    width: (width - 1.0).max(1.0),
                    height,
                }
            })
            .collect();
        Timeline {
            unit: if by_month { "month" } else { "year" },
            width: CHART_WIDTH,
            height: CHART_HEIGHT,
            max,
            bars,
        }
    }
}

/// The UI string that names an actor kind.
pub(super) fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "kind_person",
        Kind::Organisation => "kind_organisation",
        Kind::Country => "kind_country",
        Kind::Place => "kind_place",
        Kind::Group => "kind_group",
    }
}
