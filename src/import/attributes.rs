//! Attributes the build's sanitiser would drop, taken out of imported bodies first.
//!
//! An old site's HTML carries, by the thousand, attributes the sanitiser's allow-list lacks:
//! `target="_blank"` on links, `style`, `border` and `cellpadding` on tables, `onclick`. The
//! build removes them whatever happens and warns at each one, so an imported archive opened
//! with tens of thousands of warnings about markup no editor of the new site wrote and none
//! needs to act on. The importer takes them out itself, asking the build's own allow-list (so
//! the two cannot drift), and says so once per file and kind in its notes. What is left to the
//! build's warnings is what an editor must decide: elements removed with their content,
//! embeds from hosts the site does not trust, addresses that could run script.

use pulldown_cmark::{Event, Parser};

use crate::markdown::{Audit, Removed};

/// How each note starts, for the report to list it among the constructs converted.
pub const NOTE: &str = "attribute the build's sanitiser drops removed";

/// The body without the attributes the sanitiser would remove from its raw HTML, and one
/// note per kind of attribute: `(body line of the first, note)`.
pub fn strip(body: &str, audit: &Audit) -> (String, Vec<(usize, String)>) {
    let mut cuts = Vec::new();
    let mut kinds: Vec<(String, usize, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        for removal in audit.removals(&html) {
            let Removed::Attribute(_) = removal.kind else {
                continue;
            };
            let written = &html[removal.at..removal.at + removal.len];
            let at = range.start + removal.at;
            // The event's text is the source's unless a container (`> `) was taken out of
            // it: an attribute not found where the event says is left to the build.
            if body.get(at..at + removal.len) != Some(written) {
                continue;
            }
            cuts.push(with_space_before(body, at, at + removal.len));
            match kinds.iter_mut().find(|(what, _, _)| *what == removal.what) {
                Some((_, _, count)) => *count += 1,
                None => kinds.push((removal.what, at, 1)),
            }
        }
    }
    (cut(body, cuts), notes(body, kinds))
}

/// An attribute's bytes with the spaces or tabs before it, so `<a href=x target=y>` loses
/// ` target=y` and the tag reads as if it never had one.
fn with_space_before(body: &str, start: usize, end: usize) -> (usize, usize) {
    let spaces = body[..start]
        .bytes()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    (start - spaces, end)
}

/// The body without the cut ranges (in order, never overlapping: one per attribute).
fn cut(body: &str, mut cuts: Vec<(usize, usize)>) -> String {
    cuts.sort_unstable();
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (start, end) in cuts {
        if start < at {
            continue;
        }
        out.push_str(&body[at..start]);
        at = end;
    }
    out.push_str(&body[at..]);
    out
}

fn notes(body: &str, kinds: Vec<(String, usize, usize)>) -> Vec<(usize, String)> {
    kinds
        .into_iter()
        .map(|(what, at, count)| {
            let line = body[..at].matches('\n').count() + 1;
            let times = match count {
                1 => String::new(),
                n => format!(" ({n} times)"),
            };
            let note = format!(
                "{NOTE}: {what}{times}; with `raw_html: allow` in site.yaml before importing, they are kept"
            );
            (line, note)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Overrides};

    fn strip_in(body: &str) -> (String, Vec<(usize, String)>) {
        let raw = serde_yaml::from_str("title: t\n").unwrap();
        let config = Config::from_raw(raw, "title: t\n", "/site".into(), &Overrides::default());
        strip(body, &crate::markdown::audit(&config.unwrap()).unwrap())
    }

    #[test]
    fn attributes_the_sanitiser_drops_go_with_one_note_per_kind() {
        let body = "<p style=\"color: red\">Read <a href=\"/x\" target=\"_blank\">this</a>\nand <a target=_blank href='/y' onclick=\"go()\">that</a>.</p>\n";
        let (stripped, notes) = strip_in(body);
        assert_eq!(
            stripped,
            "<p>Read <a href=\"/x\">this</a>\nand <a href='/y'>that</a>.</p>\n"
        );
        let notes: Vec<_> = notes.iter().map(|(l, n)| (*l, n.as_str())).collect();
        assert_eq!(notes[0].0, 1);
        let removed = "attribute the build's sanitiser drops removed";
        assert_eq!(
            notes[0].1,
            format!(
                "{removed}: `style` of `<p>`; with `raw_html: allow` in site.yaml before importing, they are kept"
            )
        );
        assert!(
            notes[1]
                .1
                .starts_with(&format!("{removed}: `target` of `<a>` (2 times);")),
            "{notes:?}"
        );
        assert_eq!((notes[2].0, notes.len()), (2, 3), "{notes:?}");
    }

    #[test]
    fn code_kept_attributes_and_what_an_editor_decides_are_left_alone() {
        for kept in [
            "`<a target=\"_blank\">` is how links opened a new tab.\n",
            "```\n<p style=\"x\">\n```\n",
            "<p class=\"note\" id=\"a\">kept</p>\n",
            "<script>alert(1)</script>\n",
            "<iframe src=\"https://evil.example/x\"></iframe>\n",
            "<a href=\"javascript:go()\">x</a>\n",
        ] {
            let (stripped, notes) = strip_in(kept);
            assert_eq!((stripped.as_str(), notes.len()), (kept, 0));
        }
    }
}
