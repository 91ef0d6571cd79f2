//! Who each article is about and whom it mentions, and from that each actor's coverage.
//!
//! Front matter `actors` says what an article is **about**; detected names the front matter
//! does not list are **mentions**. Both are kept apart on every actor, and together give its
//! coverage: the timeline, the per-year pages and the actors it is "often covered with". The
//! same counts of shared articles give the actors index its graph of who is covered with whom
//! ([`Together`]).

use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostic;
use crate::model::actor::{Actor, ActorIndex, ActorYear};
use crate::model::article::Article;
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
    pub together: Together,
}

/// The most covered actors and how often each pair of them is covered together: what the
/// actors index draws. The weights are those that rank "often covered with", so a change of
/// how co-coverage is counted reaches both.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Together {
    /// Most covered first (ties in sort-name order); only actors covered with another.
    pub actors: Vec<ActorId>,
    /// Every pair of `actors` covered together, lower id first, in id order.
    pub pairs: Vec<Pair>,
}

/// Two actors and the weight of their co-coverage (today: the articles they share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    pub a: ActorId,
    pub b: ActorId,
    pub weight: usize,
}

/// Resolves every article's actors against the profiles and records mentions; keeps the
/// co-coverage of the `graph_size` most covered actors. `articles` are newest first.
pub fn assemble(
    articles: &[Article],
    index: ActorIndex,
    graph_size: usize,
    prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Cast {
    let fixed = term::fixed(&index.profiles);
    let grouped = term::group(
        articles,
        |a| &a.actor_names,
        "actor",
        fixed,
        |name| index.resolve(name),
        diagnostics,
    );
    let about = grouped.per_article;
    // Profile ids are the first term ids, so detected profiles are already actor ids.
    let mentions: Vec<Vec<usize>> = articles
        .iter()
        .zip(&about)
        .map(|(article, about)| {
            article
                .body
                .mentioned
                .iter()
                .copied()
                .filter(|id| !about.contains(id))
                .collect()
        })
        .collect();
    // Every actor the text names, about or not, renumbered with the others; the counts stay
    // in the bodies, in the same order.
    let named: Vec<Vec<usize>> = articles.iter().map(|a| a.body.mentioned.clone()).collect();
    let mut profiles = index.profiles.into_iter().map(Some).collect::<Vec<_>>();
    profiles.resize_with(grouped.terms.len(), || None);
    let actors: Vec<Actor> = grouped
        .terms
        .into_iter()
        .zip(profiles)
        .map(|(t, profile)| new_actor(prefix, t.name, t.slug, profile))
        .collect();
    // Sort once, renumbering both per-article lists together.
    let count = about.len();
    let mut lists: Vec<Vec<usize>> = about.into_iter().chain(mentions).chain(named).collect();
    let mut actors = term::sort_by(actors, &mut lists, Actor::sort_key);
    let named = actor_ids(lists.split_off(2 * count));
    let mentions = actor_ids(lists.split_off(count));
    let about = actor_ids(lists);
    let named = named_counts(named, articles);
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
    let shared = co_coverage(&about, &mentions, &named, actors.len());
    for (actor, shared) in actors.iter_mut().zip(&shared) {
        actor.coverage = merge_sorted(&actor.about, &actor.mentions);
        actor.mention_counts = vec![0; actor.coverage.len()];
        actor.years = years(prefix, &actor.slug, &actor.coverage, articles);
        actor.often_with = often_with(shared);
    }
    record_counts(&mut actors, &named);
    let together = together(&shared, &actors, graph_size);
    Cast {
        actors,
        about,
        mentions,
        together,
    }
}

/// Puts each article's mention counts on its actors, beside their coverage.
fn record_counts(actors: &mut [Actor], named: &[Vec<(ActorId, u32)>]) {
    for (article, named) in ArticleId::all(named.len()).zip(named) {
        for &(id, times) in named {
            let actor = &mut actors[id.index()];
            if let Ok(at) = actor.coverage.binary_search(&article) {
                actor.mention_counts[at] = times;
            }
        }
    }
}

/// Each article's named actors with how many times its text names them.
fn named_counts(named: Vec<Vec<ActorId>>, articles: &[Article]) -> Vec<Vec<(ActorId, u32)>> {
    named
        .into_iter()
        .zip(articles)
        .map(|(ids, article)| {
            ids.into_iter()
                .zip(article.body.mention_counts.iter().copied())
                .collect()
        })
        .collect()
}

/// Term numbers, once sorted, are actor ids.
fn actor_ids(lists: Vec<Vec<usize>>) -> Vec<Vec<ActorId>> {
    lists
        .into_iter()
        .map(|list| list.into_iter().map(ActorId::new).collect())
        .collect()
}

fn new_actor(
    prefix: &str,
    name: String,
    slug: Slug,
    profile: Option<crate::model::actor::Profile>,
) -> Actor {
    Actor {
        path: paths::actor(prefix, &slug),
        name,
        slug,
        profile,
        about: Vec::new(),
        mentions: Vec::new(),
        coverage: Vec::new(),
        years: Vec::new(),
        often_with: Vec::new(),
        mention_counts: Vec::new(),
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
fn years(
    prefix: &str,
    slug: &Slug,
    coverage: &[ArticleId],
    articles: &[Article],
) -> Vec<ActorYear> {
    let mut years: Vec<ActorYear> = Vec::new();
    for &index in coverage {
        let year = articles[index.index()].meta.published.year();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(ActorYear {
                year,
                path: paths::actor_year(prefix, slug, year),
                articles: Vec::new(),
            });
        }
        years.last_mut().expect("just pushed").articles.push(index);
    }
    years
}

/// How many of an article's mentions count towards co-coverage and search filters.
pub const COUNTED_MENTIONS: usize = 100;

/// Co-coverage, every pair counted: `shared[a][b]` is the number of articles actors `a` and
/// `b` are both in (about or mentioned), and how often they are named alongside there (the
/// lesser of the two actors' mention counts, summed over those articles).
fn co_coverage(
    about: &[Vec<ActorId>],
    mentions: &[Vec<ActorId>],
    named: &[Vec<(ActorId, u32)>],
    actor_count: usize,
) -> Vec<FxHashMap<ActorId, (usize, u64)>> {
    // Integer keys, counted millions of times at 100k articles: Fx hashing, not SipHash.
    let mut shared: Vec<FxHashMap<ActorId, (usize, u64)>> = vec![FxHashMap::default(); actor_count];
    for ((about, mentions), named) in about.iter().zip(mentions).zip(named) {
        // Every pair is counted, so the first mentions only: an article naming 10,000
        // profiled actors made 100 million pairs.
        let mentions = mentions.iter().take(COUNTED_MENTIONS);
        // An actor the front matter lists but the text never names weighs one mention.
        let weight = |a: ActorId| named.iter().find(|n| n.0 == a).map_or(1, |n| n.1.max(1));
        let present: Vec<(ActorId, u32)> = about
            .iter()
            .chain(mentions)
            .map(|&a| (a, weight(a)))
            .collect();
        for &(a, weight_a) in &present {
            for &(b, weight_b) in &present {
                if a != b {
                    let pair = shared[a.index()].entry(b).or_default();
                    pair.0 += 1;
                    pair.1 += u64::from(weight_a.min(weight_b));
                }
            }
        }
    }
    shared
}

/// The actors sharing most articles with one actor: (actor, shared articles), most first.
///
/// The count shown is articles in common, so it ranks first. Mentions break ties: of two
/// actors sharing as many articles, the one named more often alongside comes first. Ranking
/// by mentions alone would let one long profile naming someone forty times outrank ten
/// articles.
fn often_with(shared: &FxHashMap<ActorId, (usize, u64)>) -> Vec<(ActorId, usize)> {
    let mut top: Vec<(ActorId, (usize, u64))> = shared.iter().map(|(&b, &w)| (b, w)).collect();
    top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    top.truncate(OFTEN_WITH);
    top.into_iter()
        .map(|(id, (articles, _))| (id, articles))
        .collect()
}

/// The `size` most covered actors that share coverage with another, and their pairs.
/// An actor covered alone has no line to draw, so it does not take a place in the graph.
fn together(
    shared: &[FxHashMap<ActorId, (usize, u64)>],
    actors: &[Actor],
    size: usize,
) -> Together {
    if size == 0 {
        return Together::default();
    }
    let mut ranked: Vec<ActorId> = ActorId::all(actors.len())
        .filter(|a| !shared[a.index()].is_empty())
        .collect();
    let count = |a: ActorId| actors[a.index()].coverage.len();
    ranked.sort_by(|&x, &y| count(y).cmp(&count(x)).then(x.cmp(&y)));
    ranked.truncate(size);
    let mut pairs = Vec::new();
    for (i, &a) in ranked.iter().enumerate() {
        for &b in &ranked[i + 1..] {
            if let Some(&(weight, _)) = shared[a.index()].get(&b) {
                let (a, b) = (a.min(b), a.max(b));
                pairs.push(Pair { a, b, weight });
            }
        }
    }
    pairs.sort_unstable();
    Together {
        actors: ranked,
        pairs,
    }
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
        let named = vec![Vec::new(); 3];
        let top: Vec<_> = co_coverage(&about, &mentions, &named, 3)
            .iter()
            .map(often_with)
            .collect();
        let a = ActorId::new;
        assert_eq!(top[0], [(a(1), 2), (a(2), 2)]);
        assert_eq!(top[1], [(a(0), 2), (a(2), 1)]);
        assert_eq!(top[2], [(a(0), 2), (a(1), 1)]);
    }

    #[test]
    fn mentions_break_ties_between_actors_sharing_as_many_articles() {
        let a = ActorId::new;
        // Actor 0 shares one article with 1 (named once) and one with 2 (named five times).
        let about = actor_ids(vec![vec![0], vec![0]]);
        let mentions = actor_ids(vec![vec![1], vec![2]]);
        let named = vec![vec![(a(0), 3), (a(1), 1)], vec![(a(0), 4), (a(2), 5)]];
        let top: Vec<_> = co_coverage(&about, &mentions, &named, 3)
            .iter()
            .map(often_with)
            .collect();
        assert_eq!(top[0], [(a(2), 1), (a(1), 1)]);
        // Articles in common still rank first: two shared articles beat many mentions.
        let about = actor_ids(vec![vec![0, 1], vec![0, 1], vec![0]]);
        let mentions = actor_ids(vec![vec![], vec![], vec![2]]);
        let named = vec![vec![], vec![], vec![(a(0), 9), (a(2), 9)]];
        let top: Vec<_> = co_coverage(&about, &mentions, &named, 3)
            .iter()
            .map(often_with)
            .collect();
        assert_eq!(top[0], [(a(1), 2), (a(2), 1)]);
    }

    /// Actors named `0`, `1`… covered by as many articles as `counts` says.
    fn covered(counts: &[usize]) -> Vec<Actor> {
        let ids = |n: usize| (0..n).map(ArticleId::new).collect::<Vec<_>>();
        counts
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let slug = crate::model::slug::slugify(&format!("actor {i}")).unwrap();
                let mut actor = new_actor("", i.to_string(), slug, None);
                actor.coverage = ids(n);
                actor
            })
            .collect()
    }

    #[test]
    fn the_graph_keeps_the_most_covered_actors_that_share_coverage() {
        // Actor 3 is the most covered but always alone; 1 and 2 tie and keep id order.
        let about = actor_ids(vec![
            vec![0, 1],
            vec![0, 2],
            vec![1, 2],
            vec![3],
            vec![4, 0],
        ]);
        let mentions = actor_ids(vec![vec![2], vec![], vec![], vec![], vec![]]);
        let named = vec![Vec::new(); 5];
        let shared = co_coverage(&about, &mentions, &named, 5);
        let actors = covered(&[5, 4, 4, 9, 1]);
        let graph = together(&shared, &actors, 3);
        let a = ActorId::new;
        assert_eq!(graph.actors, [a(0), a(1), a(2)]);
        let pair = |x, y, weight| Pair {
            a: a(x),
            b: a(y),
            weight,
        };
        // 0–1 share articles 0; 0–2 articles 0 and 1; 1–2 articles 0 and 2. Actor 4 is out.
        assert_eq!(graph.pairs, [pair(0, 1, 1), pair(0, 2, 2), pair(1, 2, 2)]);
        assert_eq!(together(&shared, &actors, 0), Together::default());
        let all = together(&shared, &actors, 10);
        assert_eq!(all.actors, [a(0), a(1), a(2), a(4)]);
        assert!(all.pairs.contains(&pair(0, 4, 1)));
    }
}
