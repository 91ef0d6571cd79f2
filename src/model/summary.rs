//! An article's summary as plain text, kept in the least memory that gives it back exactly.
//!
//! Every article holds its summary twice: as HTML for lists and cards, and as plain text for
//! `<meta name="description">`, feeds, structured data and the search index. The text is
//! nearly always the HTML without its tags, so at a million articles a second copy of each
//! (about 200 bytes) would be 200 MB of a build's memory. The loader keeps the text apart
//! only when it cannot be read back from the HTML; it checks, so the text given back is the
//! one the Markdown gave, byte for byte.

use std::borrow::Cow;

/// The summary's plain text, relative to its HTML.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SummaryText {
    /// A run of the HTML's bytes: a paragraph of plain words, `<p>` and `</p>` around it.
    Within { start: u32, end: u32 },
    /// The HTML without its tags, its entities decoded and its spaces collapsed
    /// ([`strip_html`]): a summary with inline markup or escaped characters.
    Stripped,
    /// Neither (images' alternative text, raw HTML): the text itself.
    Kept(Box<str>),
}

impl Default for SummaryText {
    fn default() -> Self {
        SummaryText::Within { start: 0, end: 0 }
    }
}

impl SummaryText {
    /// How to keep `text`, the plain text of the summary whose HTML is `html`.
    pub fn of(text: &str, html: &str) -> SummaryText {
        if let Some(start) = find_run(html, text) {
            let end = start + text.len();
            if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) {
                return SummaryText::Within { start, end };
            }
        }
        if strip_html(html) == text {
            SummaryText::Stripped
        } else {
            SummaryText::Kept(text.into())
        }
    }

    /// The text, given the summary's HTML.
    pub fn read<'a>(&'a self, html: &'a str) -> Cow<'a, str> {
        match self {
            SummaryText::Within { start, end } => {
                Cow::Borrowed(html.get(*start as usize..*end as usize).unwrap_or_default())
            }
            SummaryText::Stripped => Cow::Owned(strip_html(html)),
            SummaryText::Kept(text) => Cow::Borrowed(text),
        }
    }
}

/// Where `text` stands in `html` as the whole content of its one element: the common case of
/// a one-paragraph summary without markup or characters HTML escapes. An empty text stands
/// anywhere.
fn find_run(html: &str, text: &str) -> Option<usize> {
    if text.is_empty() {
        return Some(0);
    }
    let inner = html.strip_prefix("<p>")?.strip_suffix("</p>\n")?;
    (inner == text).then_some("<p>".len())
}

/// HTML as plain text: tags removed, the entities an HTML writer escapes decoded (others are
/// left as written), runs of white space made one space, and the ends trimmed.
pub fn strip_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            match rest.find('>') {
                Some(end) => {
                    // A tag ends a word only where a block ends; the writer puts a newline
                    // there, which the collapse below makes a space.
                    rest = &rest[end + 1..];
                }
                None => {
                    text.push_str(rest);
                    rest = "";
                }
            }
        } else {
            let (decoded, length) = entity(rest);
            text.push_str(decoded);
            rest = &rest[length..];
        }
    }
    text.push_str(rest);
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// The character an entity at the start of `text` stands for, and the entity's length; a
/// lone `&` stands for itself.
fn entity(text: &str) -> (&'static str, usize) {
    const ENTITIES: [(&str, &str); 7] = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        // Legacy HTML bodies write it; the text makes it a plain space, as the collapse does.
        ("&nbsp;", "\u{a0}"),
    ];
    ENTITIES
        .iter()
        .find(|(entity, _)| text.starts_with(entity))
        .map_or(("&", 1), |(entity, decoded)| (decoded, entity.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept_as(text: &str, html: &str) -> SummaryText {
        let kept = SummaryText::of(text, html);
        assert_eq!(kept.read(html), text, "{html:?} must give back {text:?}");
        kept
    }

    #[test]
    fn a_plain_paragraph_is_read_from_its_html() {
        let html = "<p>Le sommet s'ouvre demain.</p>\n";
        assert_eq!(
            kept_as("Le sommet s'ouvre demain.", html),
            SummaryText::Within { start: 3, end: 28 }
        );
        assert_eq!(kept_as("", ""), SummaryText::Within { start: 0, end: 0 });
    }

    #[test]
    fn markup_and_escapes_are_stripped_from_the_html() {
        for (text, html) in [
            ("First para.", "<p>First <em>para</em>.</p>\n"),
            ("One. Two.", "<p>One.</p>\n<p>Two.</p>\n"),
            ("Q&A: \"a < b\"", "<p>Q&amp;A: &quot;a &lt; b&quot;</p>\n"),
            (
                "Voir le rapport et la loi.",
                "<p>Voir <a href=\"/r?a=1&amp;b=2\">le rapport</a>\net la loi.</p>\n",
            ),
            ("AT&T et moi", "<p>AT&T et <em>moi</em></p>\n"),
            ("Liens utiles :", "<p>Liens utiles&nbsp;:</p>\n"),
        ] {
            assert_eq!(kept_as(text, html), SummaryText::Stripped, "{html:?}");
        }
    }

    #[test]
    fn text_the_html_cannot_give_back_is_kept() {
        // An image's alternative text is in the text, but in an attribute of the HTML.
        let html = "<p>Voir <img src=\"a.png\" alt=\"la carte\" /></p>\n";
        assert_eq!(
            kept_as("Voir la carte", html),
            SummaryText::Kept("Voir la carte".into())
        );
    }

    #[test]
    fn a_run_out_of_range_reads_empty_not_a_panic() {
        let broken = SummaryText::Within { start: 3, end: 99 };
        assert_eq!(broken.read("<p>x</p>\n"), "");
    }
}
