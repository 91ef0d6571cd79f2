//! The actors index's picture of who is covered with whom: the most covered actors and
//! their co-coverage (`Site::together`, weighted as "often covered with" is), the lines
//! worth drawing between them, placed by [`graph_layout`], as a `graph` value templates draw
//! as inline SVG.
//!
//! Rust does what a template cannot: positions, wrapped names, line weights. The template
//! draws: the theme chooses the markup, classes and colours (from its own stylesheet, so
//! light and dark both work), Tera escapes the names like any other text, and a theme that
//! does not read `graph` leaves the picture out.

use serde::Serialize;

use crate::model::Site;
use crate::model::coverage::Pair;
use crate::model::id::ActorId;
use crate::render::graph_layout::{self, Node, Side, Tie};

/// Lines drawn per actor: its strongest ties. Every pair of sixteen actors of a big archive
/// shares some article, and 120 lines are a hairball; each actor's few closest are the story.
const TIES_PER_ACTOR: usize = 3;
/// Thinnest and thickest line, in user units.
const MIN_STROKE: f64 = 1.0;
const MAX_STROKE: f64 = 7.0;

/// The graph as templates see it.
#[derive(Debug, Serialize)]
pub(super) struct GraphView<'a> {
    /// Of the `viewBox`, which starts at 0 0.
    width: i32,
    height: i32,
    /// Font size of the names, in user units: the box is measured for it.
    font_size: f64,
    actors: Vec<ActorNode<'a>>,
    /// Weakest first, so that strong lines are drawn over weak ones.
    ties: Vec<TieLine<'a>>,
}

/// An actor of the graph: its dot and its name, a link to its page.
#[derive(Debug, Serialize)]
struct ActorNode<'a> {
    name: &'a str,
    url: String,
    /// Articles about or mentioning it.
    count: usize,
    x: i32,
    y: i32,
    r: f64,
    /// `start` or `end`: the SVG `text-anchor` of the name.
    anchor: &'static str,
    label_x: i32,
    /// The name's lines (`text`, baseline `y`).
    lines: Vec<LabelLine>,
}

#[derive(Debug, Serialize)]
struct LabelLine {
    text: String,
    y: i32,
}

/// A line between two actors, with what the table of figures shows of it.
#[derive(Debug, Serialize)]
struct TieLine<'a> {
    from: End<'a>,
    to: End<'a>,
    /// Co-coverage weight: today the articles the two share.
    weight: usize,
    x1: i32,
    y1: i32,
    x2: i32,
    y2: i32,
    stroke_width: f64,
    opacity: f64,
}

#[derive(Debug, Serialize)]
struct End<'a> {
    name: &'a str,
    url: String,
}

/// The graph of `site`'s most covered actors, or none when fewer than two are tied.
/// `link` turns a site path into a link.
pub(super) fn view<'a>(site: &'a Site, link: impl Fn(&str) -> String) -> Option<GraphView<'a>> {
    let together = &site.together;
    let ids = &together.actors;
    let ties = index_pairs(ids, &together.pairs);
    if ties.is_empty() {
        return None;
    }
    let actor = |i: usize| &site.actors[ids[i]];
    let nodes: Vec<Node<'_>> = (0..ids.len())
        .map(|i| Node {
            name: &actor(i).name,
            count: actor(i).coverage.len(),
        })
        .collect();
    let layout = graph_layout::place(&nodes, &ties);
    let end = |i: usize| End {
        name: &actor(i).name,
        url: link(&actor(i).path),
    };
    let drawn = drawn(&ties, ids.len());
    let heaviest = drawn.last().map_or(1, |t| t.weight).max(1) as f64;
    let tie_lines = drawn
        .iter()
        .map(|t| {
            let (a, b) = (&layout.nodes[t.a], &layout.nodes[t.b]);
            let share = t.weight as f64 / heaviest;
            TieLine {
                from: end(t.a),
                to: end(t.b),
                weight: t.weight,
                x1: a.x,
                y1: a.y,
                x2: b.x,
                y2: b.y,
                stroke_width: tenths(MIN_STROKE + (MAX_STROKE - MIN_STROKE) * share),
                opacity: (100.0 * (0.35 + 0.6 * share)).round() / 100.0,
            }
        })
        .collect();
    let actors = layout
        .nodes
        .into_iter()
        .enumerate()
        .map(|(i, placed)| ActorNode {
            name: &actor(i).name,
            url: link(&actor(i).path),
            count: actor(i).coverage.len(),
            x: placed.x,
            y: placed.y,
            r: placed.r,
            anchor: match placed.side {
                Side::Right => "start",
                Side::Left => "end",
            },
            label_x: placed.label_x,
            lines: placed
                .lines
                .into_iter()
                .map(|(text, y)| LabelLine { text, y })
                .collect(),
        })
        .collect();
    Some(GraphView {
        width: layout.width,
        height: layout.height,
        font_size: graph_layout::FONT,
        actors,
        ties: tie_lines,
    })
}

fn tenths(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The pairs as ties between positions in `ids`.
fn index_pairs(ids: &[ActorId], pairs: &[Pair]) -> Vec<Tie> {
    let position = |id: ActorId| ids.iter().position(|&a| a == id);
    pairs
        .iter()
        .filter_map(|p| {
            Some(Tie {
                a: position(p.a)?,
                b: position(p.b)?,
                weight: p.weight,
            })
        })
        .collect()
}

/// The ties worth a line: each actor's [`TIES_PER_ACTOR`] strongest (ties broken by
/// position), weakest first.
fn drawn(ties: &[Tie], count: usize) -> Vec<&Tie> {
    let mut keep = vec![false; ties.len()];
    for node in 0..count {
        let mut own: Vec<usize> = (0..ties.len())
            .filter(|&t| ties[t].a == node || ties[t].b == node)
            .collect();
        own.sort_by_key(|&t| (std::cmp::Reverse(ties[t].weight), ties[t].a, ties[t].b));
        for &t in own.iter().take(TIES_PER_ACTOR) {
            keep[t] = true;
        }
    }
    let mut drawn: Vec<&Tie> = ties
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(t, _)| t)
        .collect();
    drawn.sort_by_key(|t| (t.weight, std::cmp::Reverse((t.a, t.b))));
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tie(a: usize, b: usize, weight: usize) -> Tie {
        Tie { a, b, weight }
    }

    #[test]
    fn each_actor_keeps_its_strongest_ties_and_the_rest_go() {
        // Node 0 is tied to all; its four ties to 1–4 are weaker than 1–2 and 3–4.
        let ties = [
            tie(0, 1, 5),
            tie(0, 2, 4),
            tie(0, 3, 3),
            tie(0, 4, 2),
            tie(1, 2, 9),
            tie(3, 4, 8),
            tie(1, 3, 1),
        ];
        let kept: Vec<(usize, usize, usize)> = drawn(&ties, 5)
            .iter()
            .map(|t| (t.a, t.b, t.weight))
            .collect();
        // Each tie is among the three strongest of one of its ends (0–4 of 4's, 1–3 of 1's):
        // all are drawn, weakest first.
        assert_eq!(
            kept,
            [
                (1, 3, 1),
                (0, 4, 2),
                (0, 3, 3),
                (0, 2, 4),
                (0, 1, 5),
                (3, 4, 8),
                (1, 2, 9)
            ]
        );
        // With a fourth tie for everyone, 0's weakest goes.
        let mut more = ties.to_vec();
        more.extend([tie(1, 4, 7), tie(2, 4, 6), tie(2, 3, 6)]);
        let kept = drawn(&more, 5);
        assert!(!kept.iter().any(|t| (t.a, t.b) == (0, 4)));
        assert!(!kept.iter().any(|t| (t.a, t.b) == (1, 3)));
        assert!(kept.windows(2).all(|w| w[0].weight <= w[1].weight));
    }

    #[test]
    fn pairs_become_ties_between_graph_positions() {
        let a = ActorId::new;
        let ids = [a(7), a(2), a(5)];
        let pair = |x, y, weight| Pair {
            a: a(x),
            b: a(y),
            weight,
        };
        let ties = index_pairs(&ids, &[pair(2, 5, 3), pair(2, 7, 1), pair(2, 9, 4)]);
        let ties: Vec<_> = ties.iter().map(|t| (t.a, t.b, t.weight)).collect();
        // 9 is not in the graph: its pair is left out.
        assert_eq!(ties, [(1, 2, 3), (1, 0, 1)]);
    }
}
