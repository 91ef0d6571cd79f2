//! Who each article is about and whom it mentions, and from that each actor's coverage.
//!
//! Front matter `actors` says what an article is **about**; detected names the front matter
//! does not list are **mentions**. Both are kept apart on every actor, and together give its
//! coverage: the timeline, the per-year pages and the actors it is "often covered with".

use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostic;
use crate::model::Rendered;
use crate::model::actor::{Actor, ActorIndex, ActorYear};
use crate::model::article::ArticleMeta;
use crate::model::id::{ActorId, ArticleId};
use crate::model::route::paths;
use crate::model::slug::Slug;
use crate::model::term;

/// How many co-covered actors an actor page lists.
const OFTEN_WITH: usize = 10;

/// The actors of a site and, per article, the actors it is about and those it mentions.
pub struct Cast {
    /// Sorted by sort name.
    pub actors: Vec<Actor>,
    pub about: Vec<Vec<ActorId>>,
    pub mentions: Vec<Vec<ActorId>>,
}

/// Resolves every article's actors against the profiles and records mentions.
/// `metas` and `bodies` are parallel and newest first.
pub fn assemble(
    metas: &[ArticleMeta],
    bodies: &[Rendered],
    index: ActorIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Cast {
    let fixed = term::fixed(&index.profiles);
    let grouped = term::group(
        metas,
        |a| &a.actor_names,
        "actor",
        fixed,
        |name| index.resolve(name),
        diagnostics,
    );
    let about = grouped.per_article;
    // Profile ids are the first term ids, so detected profiles are already actor ids.
    let mentions: Vec<Vec<usize>> = bodies
        .iter()
        .zip(&about)
        .map(|(body, about)| {
            body.mentioned
                .iter()
                .copied()
                .filter(|id| !about.contains(id))
                .collect()
        })
        .collect();
    let mut profiles = index.profiles.into_iter().map(Some).collect::<Vec<_>>();
    profiles.resize_with(grouped.terms.len(), || None);
    let actors: Vec<Actor> = grouped
        .terms
        .into_iter()
        .zip(profiles)
        .map(|(t, profile)| new_actor(t.name, t.slug, profile))
        .collect();
    // Sort once, renumbering both per-article lists together.
    let count = about.len();
    let mut lists: Vec<Vec<usize>> = about.into_iter().chain(mentions).collect();
    let mut actors = term::sort_by(actors, &mut lists, Actor::sort_key);
    let mentions = actor_ids(lists.split_off(count));
    let about = actor_ids(lists);
    for (article, ids) in ArticleId::all(about.len()).zip(&about) {
        for &id in ids {
            actors[id].about.push(article);
        }
    }
    for (article, ids) in ArticleId::all(mentions.len()).zip(&mentions) {
        for &id in ids {
            actors[id].mentions.push(article);
        }
    }
    let often_with = co_coverage(&about, &mentions, actors.len());
    for (actor, often) in actors.iter_mut().zip(often_with) {
        actor.coverage = merge_sorted(&actor.about, &actor.mentions);
        actor.years = years(&actor.slug, &actor.coverage, metas);
        actor.often_with = often;
    }
    Cast {
        actors,
        about,
        mentions,
    }
}

/// Term numbers, once sorted, are actor ids.
fn actor_ids(lists: Vec<Vec<usize>>) -> Vec<Vec<ActorId>> {
    lists
        .into_iter()
        .map(|list| list.into_iter().map(ActorId::new).collect())
        .collect()
}

fn new_actor(name: String, slug: Slug, profile: Option<crate::model::actor::Profile>) -> Actor {
    Actor {
        path: paths::actor(&slug),
        name,
        slug,
        profile,
        about: Vec::new(),
        mentions: Vec::new(),
        coverage: Vec::new(),
        years: Vec::new(),
        often_with: Vec::new(),
    }
}

/// Two ascending lists of article indexes merged (both are newest first).
fn merge_sorted(a: &[ArticleId], b: &[ArticleId]) -> Vec<ArticleId> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i] <= b[j]) {
            merged.push(a[i]);
            i += 1;
        } else {
            merged.push(b[j]);
            j += 1;
        }
    }
    merged.dedup();
    merged
}

/// An actor's coverage (newest first) grouped by year, newest year first.
fn years(slug: &Slug, coverage: &[ArticleId], metas: &[ArticleMeta]) -> Vec<ActorYear> {
    let mut years: Vec<ActorYear> = Vec::new();
    for &index in coverage {
        let year = metas[index.index()].published.year();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(ActorYear {
                year,
                path: paths::actor_year(slug, year),
                articles: Vec::new(),
            });
        }
        years.last_mut().expect("just pushed").articles.push(index);
    }
    years
}

/// How many of an article's mentions count towards co-coverage and search filters.
pub const COUNTED_MENTIONS: usize = 100;

/// For each actor, the actors sharing most articles with it: (actor, shared), most first.
fn co_coverage(
    about: &[Vec<ActorId>],
    mentions: &[Vec<ActorId>],
    actor_count: usize,
) -> Vec<Vec<(ActorId, usize)>> {
    // Integer keys, counted millions of times at 100k articles: Fx hashing, not SipHash.
    let mut shared: Vec<FxHashMap<ActorId, usize>> = vec![FxHashMap::default(); actor_count];
    for (about, mentions) in about.iter().zip(mentions) {
        // Every pair is counted, so the first mentions only: an article naming 10,000
        // profiled actors made 100 million pairs.
        let mentions = mentions.iter().take(COUNTED_MENTIONS);
        let present: Vec<ActorId> = about.iter().chain(mentions).copied().collect();
        for &a in &present {
            for &b in &present {
                if a != b {
                    *shared[a.index()].entry(b).or_default() += 1;
                }
            }
        }
    }
    shared
        .into_iter()
        .map(|counts| {
            let mut top: Vec<(ActorId, usize)> = counts.into_iter().collect();
            top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            top.truncate(OFTEN_WITH);
            top
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_newest_first_without_duplicates() {
        let ids = |indexes: &[usize]| -> Vec<ArticleId> {
            indexes.iter().copied().map(ArticleId::new).collect()
        };
        assert_eq!(
            merge_sorted(&ids(&[0, 3, 5]), &ids(&[1, 3, 9])),
            ids(&[0, 1, 3, 5, 9])
        );
        assert_eq!(merge_sorted(&[], &ids(&[2])), ids(&[2]));
    }

    #[test]
    fn co_coverage_counts_shared_articles_most_first() {
        let about = actor_ids(vec![vec![0, 1], vec![0, 1], vec![0]]);
        let mentions = actor_ids(vec![vec![2], vec![], vec![2]]);
        let top = co_coverage(&about, &mentions, 3);
        let a = ActorId::new;
        assert_eq!(top[0], [(a(1), 2), (a(2), 2)]);
        assert_eq!(top[1], [(a(0), 2), (a(2), 1)]);
        assert_eq!(top[2], [(a(0), 2), (a(1), 1)]);
    }
}
