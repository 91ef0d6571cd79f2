//! What the sanitiser takes out of raw HTML, said where the author wrote it.
//!
//! ammonia removes what its allow-list lacks without a word, so an author whose embed or
//! button vanished had no way to learn why. This reads each raw HTML fragment's start tags
//! against the same allow-list (asked of the sanitiser itself, so the two cannot drift) and
//! names what will go, at its line and column, with the setting that would keep it. The
//! importer asks the same questions to take out, once per file and with a note, the attributes
//! an old site's HTML carries by the thousand (`target="_blank"`, `style`), so that the
//! build's warnings are left for what an editor must decide.

use std::collections::{HashMap, HashSet};

use super::{is_allowed_embed, scheme_of};

/// The sanitiser's allow-list, as sets to look names up in.
pub struct Audit {
    tags: HashSet<&'static str>,
    /// Elements removed with everything inside them (`<script>`, `<style>`).
    dropped_whole: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    per_tag: HashMap<&'static str, HashSet<&'static str>>,
    schemes: HashSet<&'static str>,
    embed_hosts: Vec<String>,
}

/// One thing the sanitiser will remove: where in the fragment, and what.
#[derive(Debug, PartialEq, Eq)]
pub struct Removal {
    /// Byte offset in the fragment of the element's `<` or the attribute's name.
    pub at: usize,
    /// Bytes written from `at`: the attribute with its value, or the element's `<name`.
    pub len: usize,
    pub kind: Removed,
    pub what: String,
    pub hint: String,
}

/// The kinds of removal, for a caller that acts on some of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// An element the allow-list lacks.
    Element,
    /// An attribute the allow-list lacks (lower case): the attribute goes, the element stays.
    Attribute(String),
    /// An iframe from a host `embed_hosts` lacks, or an address with a scheme not allowed.
    Address,
}

const ALLOW_HINT: &str = "raw HTML is sanitised; `raw_html: allow` in site.yaml keeps it as written (trust every author first)";

/// Attributes holding a URL, whose scheme the sanitiser checks.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "poster", "action", "formaction"];

impl Audit {
    pub(super) fn new(sanitizer: &ammonia::Builder<'static>, embed_hosts: &[String]) -> Audit {
        Audit {
            tags: sanitizer.clone_tags(),
            dropped_whole: sanitizer.clone_clean_content_tags(),
            generic: sanitizer.clone_generic_attributes(),
            per_tag: sanitizer.clone_tag_attributes(),
            schemes: sanitizer.clone_url_schemes(),
            embed_hosts: embed_hosts.to_vec(),
        }
    }

    /// What the sanitiser will remove from the start tags of one fragment of raw HTML.
    pub fn removals(&self, html: &str) -> Vec<Removal> {
        let mut found = Vec::new();
        for tag in start_tags(html) {
            if let Some(removal) = self.removed_element(&tag) {
                found.push(removal);
                continue;
            }
            for attribute in &tag.attributes {
                found.extend(self.removed_attribute(&tag.name, attribute));
            }
        }
        found
    }

    fn removed_element(&self, tag: &StartTag<'_>) -> Option<Removal> {
        if self.tags.contains(tag.name.as_str()) {
            return None;
        }
        let what = if self.dropped_whole.contains(tag.name.as_str()) {
            format!("`<{}>` and its content", tag.name)
        } else {
            format!("`<{}>` (its text is kept)", tag.name)
        };
        Some(Removal {
            at: tag.at,
            len: tag.name.len() + 1,
            kind: Removed::Element,
            what,
            hint: ALLOW_HINT.to_owned(),
        })
    }

    fn removed_attribute(&self, element: &str, attribute: &Attribute<'_>) -> Option<Removal> {
        let name = attribute.name.to_ascii_lowercase();
        let allowed = self.generic.contains(name.as_str())
            || self
                .per_tag
                .get(element)
                .is_some_and(|names| names.contains(name.as_str()));
        let value = attribute.value.unwrap_or("").trim();
        let (what, hint, kind) = if !allowed {
            let what = format!("`{name}` of `<{element}>`");
            (
                what,
                ALLOW_HINT.to_owned(),
                Removed::Attribute(name.clone()),
            )
        } else if element == "iframe"
            && name == "src"
            && !is_allowed_embed(value, &self.embed_hosts)
        {
            let host = embed_host(value);
            (
                format!("an iframe from `{host}` (its address)"),
                format!(
                    "add `{host}` to `embed_hosts` in site.yaml if you trust it, or set `raw_html: allow`"
                ),
                Removed::Address,
            )
        } else if URL_ATTRIBUTES.contains(&name.as_str())
            && scheme_of(value)
                .is_some_and(|s| !self.schemes.contains(s.to_ascii_lowercase().as_str()))
        {
            (
                format!(
                    "`{name}` of `<{element}>`, a `{}:` address",
                    scheme_of(value).unwrap_or("")
                ),
                "only http, https, mailto, tel and relative addresses are kept".to_owned(),
                Removed::Address,
            )
        } else {
            return None;
        };
        Some(Removal {
            at: attribute.at,
            len: attribute.len,
            kind,
            what,
            hint,
        })
    }
}

/// The host of an embed's address, or the address itself when it has none (`http://` ones
/// are named whole: their scheme is what is wrong).
fn embed_host(src: &str) -> &str {
    match src.strip_prefix("https://") {
        Some(rest) => rest.split(['/', '?', '#']).next().unwrap_or(rest),
        None => src,
    }
}

/// A start tag of raw HTML: its name (lower case), where it starts, its attributes.
struct StartTag<'h> {
    at: usize,
    name: String,
    attributes: Vec<Attribute<'h>>,
}

struct Attribute<'h> {
    at: usize,
    /// Bytes from `at` to the end of the value (its closing quote included).
    len: usize,
    name: &'h str,
    value: Option<&'h str>,
}

/// The start tags of a fragment, comments and end tags skipped. A tag cut off by the end of
/// the fragment (its attributes on the next line) yields what the fragment holds.
fn start_tags(html: &str) -> Vec<StartTag<'_>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        at = start + 1;
        if html[at..].starts_with("!--") {
            match html[at..].find("-->") {
                Some(end) => at += end + 3,
                None => break,
            }
            continue;
        }
        let name_len = name_length(&html[at..]);
        if name_len == 0 || !html.as_bytes()[at].is_ascii_alphabetic() {
            continue;
        }
        let name = html[at..at + name_len].to_ascii_lowercase();
        at += name_len;
        let (attributes, end) = attributes(html, at);
        at = end;
        tags.push(StartTag {
            at: start,
            name,
            attributes,
        });
    }
    tags
}

fn name_length(text: &str) -> usize {
    text.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count()
}

/// The attributes of a start tag from `at` up to its `>`, and where reading stopped.
fn attributes(html: &str, mut at: usize) -> (Vec<Attribute<'_>>, usize) {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let skip_space = |mut at: usize| {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        at
    };
    loop {
        at = skip_space(at);
        if at >= bytes.len() || bytes[at] == b'>' {
            return (found, (at + 1).min(bytes.len()));
        }
        let start = at;
        while at < bytes.len() && !b" \t\r\n/>=".contains(&bytes[at]) {
            at += 1;
        }
        let name = &html[start..at];
        if name.is_empty() {
            at += 1;
            continue;
        }
        let (value, end) = attribute_value(html, at);
        at = end;
        found.push(Attribute {
            at: start,
            len: at - start,
            name,
            value,
        });
    }
}

/// `= value` after an attribute name (quoted or not), if there is one.
fn attribute_value(html: &str, at: usize) -> (Option<&str>, usize) {
    let bytes = html.as_bytes();
    let mut next = at;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        next += 1;
    }
    if next >= bytes.len() || bytes[next] != b'=' {
        return (None, at);
    }
    next += 1;
    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
        next += 1;
    }
    match bytes.get(next) {
        Some(&quote @ (b'"' | b'\'')) => {
            let end = html[next + 1..]
                .find(char::from(quote))
                .map_or(html.len(), |e| next + 1 + e);
            (Some(&html[next + 1..end]), (end + 1).min(html.len()))
        }
        _ => {
            let end = html[next..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .map_or(html.len(), |e| next + e);
            (Some(&html[next..end]), end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audit() -> Audit {
        Audit::new(
            &super::super::sanitizer(vec!["www.youtube.com".to_owned()]),
            &["www.youtube.com".to_owned()],
        )
    }

    fn removed(html: &str) -> Vec<(usize, String)> {
        audit()
            .removals(html)
            .into_iter()
            .map(|r| (r.at, r.what))
            .collect()
    }

    #[test]
    fn scripts_handlers_and_foreign_embeds_are_named_where_they_are() {
        assert_eq!(
            removed("<p>a</p><script>alert(1)</script>"),
            [(8, "`<script>` and its content".to_owned())]
        );
        assert_eq!(
            removed("<a href='/x' onclick=\"x()\">a</a>"),
            [(13, "`onclick` of `<a>`".to_owned())]
        );
        assert_eq!(
            removed("<iframe src=\"https://evil.example/x\"></iframe>"),
            [(8, "an iframe from `evil.example` (its address)".to_owned())]
        );
        assert_eq!(
            removed("<a href=\"javascript:alert(1)\">x</a>"),
            [(3, "`href` of `<a>`, a `javascript:` address".to_owned())]
        );
    }

    #[test]
    fn what_the_allow_list_keeps_is_not_named() {
        for kept in [
            "<p class=\"x\">a</p>",
            "<!-- <script> -->",
            "</script>",
            "<iframe src=\"https://www.youtube.com/embed/x\" width=5></iframe>",
            "<img src=\"/a.png\" alt=\"a\">",
            "a < b",
        ] {
            assert_eq!(removed(kept), [], "{kept}");
        }
    }
}
