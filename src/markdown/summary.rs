//! A summary's length, bounded.
//!
//! A summary is shown on every list page, feed and actor page the article is on. Without a
//! bound, an article whose first paragraph is 50 MB, or names 10,000 actors (each mention a
//! link), put all of it on every one of those pages: the output grew with the square of the
//! article. An automatic summary is cut after [`MAX_CHARS`] characters of text, at a space,
//! with `…`, and every element left open is closed.

use pulldown_cmark::{CowStr, Event};

/// The longest automatic summary, in characters of text: a long lead paragraph fits whole.
pub const MAX_CHARS: usize = 1_000;

/// `events` cut after [`MAX_CHARS`] characters of text, its open elements closed.
pub fn shorten(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut length = 0;
    let mut open = Vec::new();
    let mut kept = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        match &event {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(_) => {
                open.pop();
            }
            Event::Text(text) | Event::Code(text) => length += text.chars().count(),
            _ => {}
        }
        if length <= MAX_CHARS {
            kept.push(event);
            continue;
        }
        let in_mention =
            matches!(kept.last(), Some(Event::InlineHtml(html)) if html.starts_with("<a "));
        match event {
            // A mention's name is kept whole, with the end of its link.
            _ if in_mention => {
                kept.push(event);
                kept.extend(events.next());
            }
            Event::Text(text) => {
                let over = length - MAX_CHARS;
                kept.push(Event::Text(cut(
                    &text,
                    text.chars().count().saturating_sub(over),
                )));
            }
            _ => {}
        }
        kept.push(Event::Text(CowStr::Borrowed("…")));
        kept.extend(open.into_iter().rev().map(Event::End));
        break;
    }
    kept
}

/// The first `chars` characters of `text`, back to the last space if there is one.
fn cut<'a>(text: &str, chars: usize) -> CowStr<'a> {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    CowStr::from(head.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn summary(markdown: &str) -> String {
        let mut out = String::new();
        html::push_html(
            &mut out,
            shorten(Parser::new(markdown).collect()).into_iter(),
        );
        out
    }

    #[test]
    fn a_short_summary_is_whole_and_a_long_one_is_cut_and_closed() {
        assert_eq!(summary("A *short* one."), "<p>A <em>short</em> one.</p>\n");
        let long = format!("**{}end**", "word ".repeat(400));
        let cut = summary(&long);
        assert!(cut.ends_with("word…</strong></p>\n"), "{cut}");
        assert!(cut.len() < 1_100, "{}", cut.len());
    }
}
