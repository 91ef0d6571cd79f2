//! Where the actors index's graph puts each actor and its name: a deterministic layout, so
//! that the same site gives the same bytes in a clean build and after any rebuild.
//!
//! The actors sit on an ellipse, in an order that keeps strongly tied actors next to each
//! other. Each side of the ellipse is a column of rows, and every name is written outside the
//! ellipse on its row, away from the lines drawn inside it. A name never overlaps another:
//! rows are as tall as the names they hold (wrapped on up to three lines), and the drawing's
//! box is measured from the names' estimated widths, so no name is cut off. Coordinates are
//! whole user units (radii in tenths), rounded from a few square roots; nothing depends on
//! hashing, threads or time.

/// Font size of the names, in user units (the stylesheets must not make it larger).
pub const FONT: f64 = 17.0;
/// Distance between the baselines of a wrapped name.
const LINE: f64 = 20.0;
/// Width a line of a name is wrapped to, when its words allow.
const WRAP: f64 = 125.0;
/// A name is cut (with an ellipsis) past this many characters: the drawing stays a drawing.
const LONGEST_NAME: usize = 48;
/// Space between a name and the names above and below it, and the least row height.
const ROW_GAP: f64 = 10.0;
const MIN_ROW: f64 = 36.0;
/// Radius of the dot of the least and of the most covered actor.
const MIN_RADIUS: f64 = 5.0;
const MAX_RADIUS: f64 = 11.0;
/// Between a dot and its name, and around the whole drawing.
const LABEL_GAP: f64 = 6.0;
const MARGIN: f64 = 4.0;
/// How far up and down the ellipse the top and bottom rows go (1 would put them on its ends,
/// where both columns meet).
const REACH: f64 = 0.92;

/// An actor to place: its name and how much it is covered (the dot's size).
pub struct Node<'a> {
    pub name: &'a str,
    pub count: usize,
}

/// How strongly two nodes (by index) are tied; only the order of the nodes reads it.
#[derive(Debug, Clone, Copy)]
pub struct Tie {
    pub a: usize,
    pub b: usize,
    pub weight: usize,
}

/// Which way a name runs from its dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The right column: the name starts after the dot.
    Right,
    /// The left column: the name ends before the dot.
    Left,
}

/// A placed node: its dot and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: i32,
    pub y: i32,
    pub r: f64,
    pub side: Side,
    /// Where the name's lines start (right side) or end (left side).
    pub label_x: i32,
    /// The name's lines and the baseline of each.
    pub lines: Vec<(String, i32)>,
    /// The box the name is estimated to fill: left, top, right, bottom.
    pub label_box: [i32; 4],
}

/// The whole drawing: its size (the `viewBox` starts at 0 0) and the nodes, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: i32,
    pub height: i32,
    pub nodes: Vec<Placed>,
}

/// Places `nodes`, keeping those with strong `ties` close on the ellipse.
pub fn place(nodes: &[Node<'_>], ties: &[Tie]) -> Layout {
    let order = ring_order(nodes.len(), ties);
    let mut lines: Vec<Vec<String>> = nodes.iter().map(|n| wrap(&label_text(n.name))).collect();
    let heights: Vec<usize> = lines.iter().map(Vec::len).collect();
    // Along the ring: the right column top to bottom, then the left one bottom to top.
    let (right, left) = order.split_at(balanced_split(&order, &heights));
    let left: Vec<usize> = left.iter().rev().copied().collect();
    let columns = [(right, Side::Right), (&left[..], Side::Left)]
        .map(|(members, side)| (members, side, rows(members.iter().map(|&i| heights[i]))));
    let span = columns
        .iter()
        .filter_map(|(_, _, offsets)| offsets.last().copied())
        .fold(0.0, f64::max);
    // The shorter column is spread over the taller one's height: rows only move apart, and
    // the two sides of the ellipse mirror each other.
    let columns = columns.map(|(members, side, offsets)| (members, side, stretched(offsets, span)));
    let ry = (span / 2.0 / REACH).max(1.0);
    // Narrow enough that the names stay readable when a phone shrinks the drawing.
    let rx = (ry * 0.8).clamp(85.0, 140.0);
    let most = nodes.iter().map(|n| n.count).max().unwrap_or(1).max(1) as f64;
    let mut free: Vec<Option<Free>> = vec![None; nodes.len()];
    for (members, side, offsets) in columns {
        for (&i, offset) in members.iter().zip(offsets) {
            let y = offset - span / 2.0;
            let x = rx * (1.0 - (y / ry).powi(2)).max(0.0).sqrt();
            let x = if side == Side::Right { x } else { -x };
            let r = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * (nodes[i].count as f64 / most).sqrt();
            free[i] = Some(Free::new((x, y, r), side, std::mem::take(&mut lines[i])));
        }
    }
    fit(free
        .into_iter()
        .map(|f| f.expect("every node is in a column"))
        .collect())
}

/// The order of the nodes around the ring: from the most tied node, each next one is the
/// one most tied to the last placed (then the most tied overall, then the first given), so
/// strong pairs sit side by side and their lines stay short.
fn ring_order(count: usize, ties: &[Tie]) -> Vec<usize> {
    let mut weight = vec![vec![0usize; count]; count];
    let mut strength = vec![0usize; count];
    for tie in ties {
        weight[tie.a][tie.b] += tie.weight;
        weight[tie.b][tie.a] += tie.weight;
        strength[tie.a] += tie.weight;
        strength[tie.b] += tie.weight;
    }
    let mut placed = vec![false; count];
    let mut order: Vec<usize> = Vec::with_capacity(count);
    while order.len() < count {
        let last = order.last().copied();
        let rank = |&i: &usize| {
            let to_last = last.map_or(0, |l| weight[l][i]);
            (to_last, strength[i], std::cmp::Reverse(i))
        };
        let next = (0..count)
            .filter(|&i| !placed[i])
            .max_by_key(rank)
            .expect("a node is left");
        placed[next] = true;
        order.push(next);
    }
    order
}

/// Where the ring is cut into the right column and the left one: where their heights are
/// closest (names wrapped on more lines make taller rows), then nearest an even split.
fn balanced_split(order: &[usize], heights: &[usize]) -> usize {
    let half = order.len().div_ceil(2);
    let span = |members: &[usize]| {
        rows(members.iter().map(|&i| heights[i]))
            .last()
            .copied()
            .unwrap_or(0.0)
    };
    (1..order.len().max(2))
        .min_by_key(|&k| {
            let (right, left) = order.split_at(k.min(order.len()));
            // Whole units are precise enough, and integers order totally.
            let gap = (span(right) - span(left)).abs().round() as i64;
            (gap, k.abs_diff(half), k)
        })
        .unwrap_or(half)
        .min(order.len())
}

/// A column's row offsets scaled to fill `span` when they fill less of it; a single row
/// sits in the middle.
fn stretched(offsets: Vec<f64>, span: f64) -> Vec<f64> {
    match offsets.last().copied() {
        Some(own) if own > 0.0 => offsets.iter().map(|o| o * span / own).collect(),
        _ => offsets.iter().map(|_| span / 2.0).collect(),
    }
}

/// The offset of each row of a column from its first, for names of so many lines: each row
/// is as far from the next as their names need, and never closer than [`MIN_ROW`].
fn rows(line_counts: impl Iterator<Item = usize>) -> Vec<f64> {
    let mut offsets: Vec<f64> = Vec::new();
    let mut previous: Option<usize> = None;
    for lines in line_counts {
        let offset = match (previous, offsets.last()) {
            (Some(above), Some(&at)) => {
                let needed = (above + lines) as f64 * LINE / 2.0 + ROW_GAP;
                at + needed.max(MIN_ROW)
            }
            _ => 0.0,
        };
        offsets.push(offset);
        previous = Some(lines);
    }
    offsets
}

/// A node placed around the ellipse's centre, before the drawing is moved into its box.
#[derive(Clone)]
struct Free {
    x: f64,
    y: f64,
    r: f64,
    side: Side,
    lines: Vec<String>,
    /// Left, top, right and bottom of the name.
    label: [f64; 4],
}

impl Free {
    fn new((x, y, r): (f64, f64, f64), side: Side, lines: Vec<String>) -> Free {
        let width = lines.iter().map(|l| text_width(l)).fold(0.0, f64::max);
        let half = lines.len() as f64 * LINE / 2.0;
        let (left, right) = match side {
            Side::Right => (x + r + LABEL_GAP, x + r + LABEL_GAP + width),
            Side::Left => (x - r - LABEL_GAP - width, x - r - LABEL_GAP),
        };
        Free {
            x,
            y,
            r,
            side,
            lines,
            label: [left, y - half, right, y + half],
        }
    }

    fn bounds(&self) -> [f64; 4] {
        let (x, y, r, label) = (self.x, self.y, self.r, self.label);
        [
            label[0].min(x - r),
            label[1].min(y - r),
            label[2].max(x + r),
            label[3].max(y + r),
        ]
    }
}

/// Moves the drawing so that every dot and name is inside `0 0 width height`, on whole units.
fn fit(free: Vec<Free>) -> Layout {
    let bounds = free
        .iter()
        .map(Free::bounds)
        .reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })
        .unwrap_or([0.0; 4]);
    let (dx, dy) = (MARGIN - bounds[0].floor(), MARGIN - bounds[1].floor());
    let nodes = free.into_iter().map(|n| moved(n, dx, dy)).collect();
    Layout {
        width: ((bounds[2] + dx).ceil() + MARGIN) as i32,
        height: ((bounds[3] + dy).ceil() + MARGIN) as i32,
        nodes,
    }
}

fn moved(node: Free, dx: f64, dy: f64) -> Placed {
    let at = |v: f64, d: f64| (v + d).round() as i32;
    let label_x = match node.side {
        Side::Right => node.label[0],
        Side::Left => node.label[2],
    };
    // The lines are centred on the dot; a baseline sits about a third of the font below the
    // middle of its line.
    let first = node.y - (node.lines.len() as f64 - 1.0) * LINE / 2.0 + FONT * 0.35;
    let label = node.label;
    Placed {
        x: at(node.x, dx),
        y: at(node.y, dy),
        r: (node.r * 10.0).round() / 10.0,
        side: node.side,
        label_x: at(label_x, dx),
        label_box: [
            (label[0] + dx).floor() as i32,
            (label[1] + dy).floor() as i32,
            (label[2] + dx).ceil() as i32,
            (label[3] + dy).ceil() as i32,
        ],
        lines: node
            .lines
            .into_iter()
            .enumerate()
            .map(|(k, text)| (text, at(first + k as f64 * LINE, dy)))
            .collect(),
    }
}

/// A name as the drawing writes it: spaces collapsed, cut with an ellipsis past
/// [`LONGEST_NAME`] characters (the link's title keeps the whole name).
fn label_text(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() <= LONGEST_NAME {
        return name;
    }
    let cut: String = name.chars().take(LONGEST_NAME - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A name on as few lines as fit [`WRAP`] (at most three), its words shared out so that the
/// longest line is as short as can be. A word is never broken: a long one widens the drawing.
fn wrap(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return vec![String::new()];
    }
    let mut best = vec![words.join(" ")];
    for count in 2..=words.len().min(3) {
        if widest(&best) <= WRAP {
            break;
        }
        let split = best_split(&words, count);
        if widest(&split) < widest(&best) {
            best = split;
        }
    }
    best
}

fn widest(lines: &[String]) -> f64 {
    lines.iter().map(|l| text_width(l)).fold(0.0, f64::max)
}

/// `words` cut into `count` lines (2 or 3) with the narrowest widest line; the first such
/// cut wins a tie.
fn best_split(words: &[&str], count: usize) -> Vec<String> {
    let line = |range: std::ops::Range<usize>| words[range].join(" ");
    let cuts: Vec<Vec<usize>> = match count {
        2 => (1..words.len()).map(|i| vec![i]).collect(),
        _ => (1..words.len())
            .flat_map(|i| (i + 1..words.len()).map(move |j| vec![i, j]))
            .collect(),
    };
    cuts.into_iter()
        .map(|cut| {
            let bounds: Vec<usize> = std::iter::once(0)
                .chain(cut)
                .chain(std::iter::once(words.len()))
                .collect();
            bounds
                .windows(2)
                .map(|w| line(w[0]..w[1]))
                .collect::<Vec<_>>()
        })
        .fold(None::<Vec<String>>, |best, lines| match best {
            Some(b) if widest(&b) <= widest(&lines) => Some(b),
            _ => Some(lines),
        })
        .expect("a name of two words or more has a cut")
}

/// The width of a line of text at [`FONT`], estimated on the wide side from the widths of a
/// common sans-serif face (no font is at hand at build time): a name must not outgrow the box
/// measured for it.
pub fn text_width(text: &str) -> f64 {
    let em: f64 = text.chars().map(char_width).sum();
    em * FONT * 1.05
}

/// A character's advance, in ems.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 'I' | 'J' | '.' | ',' | ';' | ':' | '\'' | '’' | '!' | '|' => 0.3,
        ' ' | '-' | '‑' | '(' | ')' => 0.38,
        'f' | 't' | 'r' => 0.43,
        'm' | 'w' | 'M' | 'W' | '—' | '…' => 1.0,
        '0'..='9' => 0.64,
        c if c.is_uppercase() => 0.78,
        // Ideographs and other full-width scripts take a whole em.
        c if c as u32 >= 0x2E80 => 1.0,
        _ => 0.64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 20] = [
        "Organisation mondiale de la santé",
        "Hélène Marchetti",
        "France",
        "Union européenne",
        "Port autonome du Fleuve",
        "Syndicat des dockers du Fleuve et de l’estuaire",
        "Margaret O’Connor",
        "Zoé Lefèvre-Nguyen",
        "Canada",
        "Sergueï Volkov",
        "Joël Ekambi",
        "Ángel Ibáñez",
        "ONU",
        "Organisation du traité de l’Atlantique Nord",
        "Banque centrale européenne",
        "Chine",
        "Jean-Baptiste Poquelin dit Molière",
        "Commission nationale de l’informatique et des libertés",
        "Kim",
        "Fonds monétaire international",
    ];

    fn site(count: usize) -> (Vec<Node<'static>>, Vec<Tie>) {
        let nodes = NAMES[..count]
            .iter()
            .enumerate()
            .map(|(i, name)| Node {
                name,
                count: 100 - i * 3,
            })
            .collect();
        let mut ties = Vec::new();
        for a in 0..count {
            for b in a + 1..count {
                // Some pairs only, with varied weights.
                if (a * 7 + b * 3) % 4 != 0 {
                    ties.push(Tie {
                        a,
                        b,
                        weight: (a * 13 + b * 5) % 9 + 1,
                    });
                }
            }
        }
        (nodes, ties)
    }

    fn overlaps(a: [i32; 4], b: [i32; 4]) -> bool {
        a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
    }

    #[test]
    fn the_same_input_gives_the_same_layout() {
        let (nodes, ties) = site(16);
        let first = place(&nodes, &ties);
        assert_eq!(first, place(&nodes, &ties));
        // The ties' order does not matter, only their weights.
        let reversed: Vec<Tie> = ties
            .iter()
            .rev()
            .map(|t| Tie {
                a: t.b,
                b: t.a,
                weight: t.weight,
            })
            .collect();
        assert_eq!(first, place(&nodes, &reversed));
    }

    #[test]
    fn dots_and_names_stay_inside_the_drawing_without_overlapping() {
        for count in [1, 2, 3, 5, 12, 16, 20] {
            let (nodes, ties) = site(count);
            let layout = place(&nodes, &ties);
            let inside = |b: [i32; 4]| {
                b[0] >= 0 && b[1] >= 0 && b[2] <= layout.width && b[3] <= layout.height
            };
            for (i, node) in layout.nodes.iter().enumerate() {
                let r = node.r.ceil() as i32;
                let dot = [node.x - r, node.y - r, node.x + r, node.y + r];
                assert!(
                    inside(dot),
                    "{count} nodes: dot {i} {dot:?} out of {layout:?}"
                );
                assert!(
                    inside(node.label_box),
                    "{count} nodes: name {i} out of {layout:?}"
                );
                for (j, other) in layout.nodes.iter().enumerate().filter(|(j, _)| *j != i) {
                    let r = other.r.ceil() as i32;
                    let dot = [other.x - r, other.y - r, other.x + r, other.y + r];
                    assert!(
                        !overlaps(node.label_box, other.label_box),
                        "names {i} and {j}"
                    );
                    assert!(!overlaps(node.label_box, dot), "name {i} over dot {j}");
                }
            }
        }
    }

    #[test]
    fn names_run_away_from_the_ellipse_on_their_side() {
        let (nodes, ties) = site(16);
        let layout = place(&nodes, &ties);
        let centre = layout.nodes.iter().map(|n| n.x).sum::<i32>() / 16;
        for node in &layout.nodes {
            match node.side {
                Side::Right => assert!(node.x > centre && node.label_box[0] > node.x),
                Side::Left => assert!(node.x < centre && node.label_box[2] < node.x),
            }
            // Each line's baseline is inside the name's box.
            for (_, baseline) in &node.lines {
                assert!((node.label_box[1]..=node.label_box[3]).contains(baseline));
            }
        }
        // Both columns span the same height, so the drawing is symmetric.
        let ends = |side: Side| {
            let ys = layout.nodes.iter().filter(|n| n.side == side).map(|n| n.y);
            (ys.clone().min().unwrap(), ys.max().unwrap())
        };
        assert_eq!(ends(Side::Right), ends(Side::Left));
    }

    #[test]
    fn the_ring_is_cut_where_both_columns_are_as_tall() {
        let order = [0, 1, 2, 3, 4, 5];
        // Two names of three lines take as much height as four of one line.
        assert_eq!(balanced_split(&order, &[3, 3, 1, 1, 1, 1]), 2);
        assert_eq!(balanced_split(&order, &[1; 6]), 3);
        assert_eq!(balanced_split(&[0], &[1]), 1);
        assert_eq!(balanced_split(&[0, 1], &[2, 1]), 1);
    }

    #[test]
    fn strongly_tied_nodes_are_neighbours_on_the_ring() {
        let tie = |a, b, weight| Tie { a, b, weight };
        // 0–3 and 3–1 are the strong pairs; 2 and 4 hang on weakly.
        let ties = [
            tie(0, 3, 9),
            tie(1, 3, 7),
            tie(0, 2, 1),
            tie(2, 4, 1),
            tie(1, 4, 2),
        ];
        let order = ring_order(5, &ties);
        assert_eq!(order, [3, 0, 2, 4, 1]);
        let next_to = |a: usize, b: usize| {
            let (i, j) = (
                order.iter().position(|&n| n == a),
                order.iter().position(|&n| n == b),
            );
            let d = i.unwrap().abs_diff(j.unwrap());
            d == 1 || d == order.len() - 1
        };
        assert!(next_to(0, 3) && next_to(1, 3), "{order:?}");
        // Without ties: the order given.
        assert_eq!(ring_order(3, &[]), [0, 1, 2]);
    }

    #[test]
    fn long_names_wrap_on_balanced_lines_and_short_ones_do_not() {
        assert_eq!(wrap("France"), ["France"]);
        assert_eq!(wrap("Joël Ekambi"), ["Joël Ekambi"]);
        assert_eq!(wrap("Hélène Marchetti"), ["Hélène", "Marchetti"]);
        let oms = wrap("Organisation mondiale de la santé");
        assert!(oms.len() > 1 && oms.len() <= 3, "{oms:?}");
        assert!(widest(&oms) <= WRAP, "{oms:?}");
        assert_eq!(oms.join(" "), "Organisation mondiale de la santé");
        // A word longer than a line stays whole.
        let long = wrap("Wolfeschlegelsteinhausenbergerdorff");
        assert_eq!(long.len(), 1);
        assert!(widest(&long) > WRAP);
    }

    #[test]
    fn very_long_names_are_cut_with_an_ellipsis() {
        let name = "Commission ".repeat(20);
        let label = label_text(&name);
        assert!(label.ends_with('…'));
        assert!(label.chars().count() <= LONGEST_NAME);
        assert_eq!(label_text("  Joël\u{a0}  Ekambi "), "Joël Ekambi");
    }

    #[test]
    fn capitals_and_wide_letters_are_estimated_wider() {
        assert!(text_width("MMM") > text_width("mmm") - 0.1);
        assert!(text_width("OMS") > text_width("oms"));
        assert!(text_width("ill") < text_width("abc"));
        assert_eq!(text_width(""), 0.0);
    }
}
