//! Minifying a Tera template once, instead of every page it renders.
//!
//! Minifying each page costs about half of a build, and most of a page's bytes are the same
//! template text again and again. So the template itself goes through minify-html: every Tera
//! tag in text is first replaced by a placeholder the minifier keeps as it is, as is every
//! HTML tag whose name or attributes hold one (its attribute list, or the whole tag), and the
//! originals are put back afterwards.
//!
//! This is sound only where the placeholders survive; a template where one does not is left
//! as written. Conditionals that open elements, or a tag name made by an expression, can still
//! make the minifier read a structure other than the pages'. The renderer therefore checks a
//! sample of pages against the page-by-page minifier before it trusts the minified templates
//! (`render::SiteRenderer::compare_minified`).

use std::fmt::Write as _;

use crate::render::tera_tags::{starts_tag, tag_end};

/// Opens and closes a placeholder. Private-use characters: no template text has them (one that
/// does is not minified), and the minifier treats them as ordinary text.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Why a template is left as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unminified {
    /// The template already contains the placeholder characters.
    HasPlaceholderCharacters,
    /// A `{{`, `{%` or `{#` is never closed (Tera will report it).
    UnclosedTag,
    /// The minifier dropped or changed the placeholder of a tag that renders something.
    TagLost(String),
}

/// The template's text minified, its Tera tags as they were.
pub fn minify_template(source: &str) -> Result<String, Unminified> {
    if source.contains([OPEN, CLOSE]) {
        return Err(Unminified::HasPlaceholderCharacters);
    }
    let masked = mask(source)?;
    let minified = super::minify(masked.text.as_bytes());
    let minified = String::from_utf8(minified).expect("minify-html keeps UTF-8 intact");
    unmask(&minified, &masked.tags)
}

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A Tera tag in text or a comment, or a whole HTML tag whose name has one
    /// (`<h{{ level }}>`): the minifier sees text.
    Text,
    /// A start tag's attributes, as written, when any of them holds a Tera tag: the minifier
    /// sees one attribute without a value. It reorders attributes, so a conditional attribute
    /// (`{% if x %} class="on"{% endif %}`) cannot be minified in place.
    Attributes,
}

struct Tag<'a> {
    source: &'a str,
    place: Place,
}

struct Masked<'a> {
    text: String,
    tags: Vec<Tag<'a>>,
}

impl<'a> Masked<'a> {
    fn push(&mut self, source: &'a str, place: Place) {
        let index = self.tags.len();
        match place {
            Place::Text => write!(self.text, "{OPEN}{index}{CLOSE}"),
            Place::Attributes => write!(self.text, " {OPEN}{index}{CLOSE}"),
        }
        .expect("writing to a String cannot fail");
        self.tags.push(Tag { source, place });
    }
}

fn mask(source: &str) -> Result<Masked<'_>, Unminified> {
    let bytes = source.as_bytes();
    let mut masked = Masked {
        text: String::with_capacity(source.len()),
        tags: Vec::new(),
    };
    let mut in_comment = false;
    let mut literal_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if starts_tag(bytes, i) {
            let end = tag_end(source, i).ok_or(Unminified::UnclosedTag)?;
            masked.text.push_str(&source[literal_start..i]);
            masked.push(&source[i..end], Place::Text);
            (i, literal_start) = (end, end);
        } else if in_comment {
            in_comment = !bytes[..=i].ends_with(b"-->");
            i += 1;
        } else if bytes[i..].starts_with(b"<!--") {
            in_comment = true;
            i += 4;
        } else if let Some(end) = html_tag_with_tera(source, i)? {
            masked.text.push_str(&source[literal_start..i]);
            let html_tag = &source[i..end];
            let name_end = i
                + 1
                + html_tag[1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or(0);
            // `<h{{ level }}>`: an expression glued to the name is part of it; a statement
            // glued to it (`<article{% if x %} lang="en"{% endif %}>`) starts the attributes.
            let name_has_tera = bytes[name_end..].starts_with(b"{{");
            if bytes[i + 1] == b'/' || name_has_tera {
                masked.push(html_tag, Place::Text);
            } else {
                masked.text.push_str(&source[i..name_end]);
                masked.push(&source[name_end..end - 1], Place::Attributes);
                masked.text.push('>');
            }
            (i, literal_start) = (end, end);
        } else {
            i += 1;
        }
    }
    masked.text.push_str(&source[literal_start..]);
    Ok(masked)
}

/// The end (after `>`) of the HTML tag starting at `start`, if one starts there and holds a
/// Tera tag. Quoted attribute values and Tera tags may hold a `>`.
fn html_tag_with_tera(source: &str, start: usize) -> Result<Option<usize>, Unminified> {
    let bytes = source.as_bytes();
    let opens_tag = bytes[start] == b'<'
        && bytes
            .get(start + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/');
    if !opens_tag {
        return Ok(None);
    }
    let mut has_tera = false;
    let mut quote: Option<u8> = None;
    let mut i = start + 1;
    while i < bytes.len() {
        if quote.is_none() && starts_tag(bytes, i) {
            has_tera = true;
            i = tag_end(source, i).ok_or(Unminified::UnclosedTag)?;
            continue;
        }
        match (quote, bytes[i]) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), b'{') if starts_tag(bytes, i) => {
                has_tera = true;
                i = tag_end(source, i).ok_or(Unminified::UnclosedTag)?;
                continue;
            }
            (None, b @ (b'"' | b'\'')) => quote = Some(b),
            (None, b'>') => return Ok(has_tera.then_some(i + 1)),
            (None, b'<') => return Ok(None),
            _ => {}
        }
        i += 1;
    }
    Ok(None)
}

/// Puts the Tera tags back in the minified text. Every tag that renders something must be
/// found exactly once; a Tera comment may be gone with an HTML comment around it.
fn unmask(minified: &str, tags: &[Tag<'_>]) -> Result<String, Unminified> {
    let mut out = String::with_capacity(minified.len() + tags.len() * 16);
    let mut seen = vec![false; tags.len()];
    let mut rest = minified;
    while let Some(open) = rest.find(OPEN) {
        let (before, after) = rest.split_at(open);
        let after = &after[OPEN.len_utf8()..];
        let close = after
            .find(CLOSE)
            .ok_or_else(|| Unminified::TagLost(before.chars().rev().take(40).collect()))?;
        let digits = after[..close].trim_start_matches('\'');
        let index: usize = digits
            .parse()
            .map_err(|_| Unminified::TagLost(after[..close].to_owned()))?;
        let tag = tags
            .get(index)
            .filter(|_| !seen[index])
            .ok_or_else(|| Unminified::TagLost(after[..close].to_owned()))?;
        seen[index] = true;
        out.push_str(before);
        // The attributes as written bring their own leading space, if they had one.
        if tag.place == Place::Attributes && out.ends_with(' ') {
            out.pop();
        }
        out.push_str(tag.source);
        rest = &after[close + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    match tags
        .iter()
        .zip(&seen)
        .find(|(tag, seen)| !**seen && !tag.source.starts_with("{#"))
    {
        Some((tag, _)) => Err(Unminified::TagLost(tag.source.to_owned())),
        None => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(source: &str) -> String {
        minify_template(source).unwrap_or_else(|e| panic!("{e:?}: {source}"))
    }

    #[test]
    fn text_between_tags_is_minified_and_tags_kept() {
        let out =
            min("<ul>\n  {% for a in list %}\n    <li>{{ a.name }}</li>\n  {% endfor %}\n</ul>");
        assert!(out.contains("<li>{{ a.name }}</li>"), "{out}");
        assert!(
            out.contains("{% for a in list %}") && out.contains("{% endfor %}"),
            "{out}"
        );
        assert!(!out.contains("\n"), "{out}");
    }

    #[test]
    fn attributes_with_tags_are_kept_as_written() {
        // The minifier reorders attributes: a conditional one must stay where it was.
        let out = min(
            "<nav>\n  <a href=\"{{ url }}\"{% if on %} aria-current=\"page\"{% endif %}>x</a>\n</nav>",
        );
        assert_eq!(
            out,
            r#"<nav><a href="{{ url }}"{% if on %} aria-current="page"{% endif %}>x</a></nav>"#
        );
        let spaced = min(r#"<div {{ attributes | safe }}>x</div>"#);
        assert_eq!(spaced, r#"<div {{ attributes | safe }}>x</div>"#);
        let single = min("<meta content='{{ d }}' name=\"a\"><img src=\"{{ s }}\" />");
        assert_eq!(
            single,
            "<meta content='{{ d }}' name=\"a\"><img src=\"{{ s }}\" />"
        );
        let plain = min(r#"<p class="lead">x</p>"#);
        assert_eq!(plain, "<p class=lead>x</p>");
    }

    #[test]
    fn tags_in_tag_names_and_strings_with_delimiters() {
        let out = min(r#"<h{{ level }} class="t">{{ "}}" ~ '%}' }}</h{{ level }}>"#);
        assert_eq!(
            out,
            r#"<h{{ level }} class="t">{{ "}}" ~ '%}' }}</h{{ level }}>"#
        );
        let quoted = min(r#"<a title="a > b {{ x }}">y</a>"#);
        assert_eq!(quoted, r#"<a title="a > b {{ x }}">y</a>"#);
    }

    #[test]
    fn a_statement_glued_to_a_tag_name_starts_its_attributes() {
        let out = min("<article{% if x %} lang=\"en\"{% endif %}>\n  <p>a</p>\n</article>");
        assert_eq!(
            out,
            "<article{% if x %} lang=\"en\"{% endif %}><p>a</p></article>"
        );
    }

    #[test]
    fn raw_blocks_scripts_and_pre_are_kept_verbatim() {
        let raw = "<p>{% raw %}  {{ not a tag }}  <b>x</b> {% endraw %}</p>";
        assert!(min(raw).contains("{% raw %}  {{ not a tag }}  <b>x</b> {% endraw %}"));
        let script = "<script type=\"application/ld+json\">{{ page.json_ld | safe }}</script>";
        assert!(min(script).contains(">{{ page.json_ld | safe }}</script>"));
        let pre = "<pre>  {{ code }}\n  line</pre>";
        assert!(min(pre).contains("<pre>  {{ code }}\n  line</pre>"));
    }

    #[test]
    fn tera_comments_may_go_with_html_comments_but_statements_may_not() {
        assert_eq!(
            min("<p>a</p><!-- {# note #} --><p>b</p>"),
            "<p>a</p><p>b</p>"
        );
        let lost = minify_template("<p>a</p><!-- {{ secret }} -->");
        assert!(matches!(lost, Err(Unminified::TagLost(_))), "{lost:?}");
    }

    #[test]
    fn templates_it_cannot_read_are_refused() {
        assert_eq!(minify_template("<p>{{ open"), Err(Unminified::UnclosedTag));
        assert_eq!(
            minify_template("<p>\u{E000}</p>"),
            Err(Unminified::HasPlaceholderCharacters)
        );
    }
}
