//! The single pass over pulldown-cmark's events for one body.
//!
//! Adjacent text events are joined first (smart punctuation splits `l’État` into three), then
//! each run of text is counted, given French guillemets, searched for actor names and, for the
//! first mention of each actor, wrapped in a link to its page (never inside a heading, a link,
//! an image or code).

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use regex::Regex;

mod pictures;

use super::audit::Audit;
use super::files::{SiteFiles, rebase};
use super::{Body, guillemets, is_more_marker, is_safe_url, plain_text};
use crate::diagnostics::{Diagnostic, line_column};
use crate::model::image::{ImageUse, Reference};
use crate::model::mention::{Mention, Reading};
use crate::model::slug::slugify;

/// What every body of a build is rendered with.
pub(super) struct Context<'a> {
    /// The site's base path: root-relative links in the text are under it.
    pub base_path: &'a str,
    pub files: &'a SiteFiles,
    /// The sanitiser's allow-list, when raw HTML is sanitised: what it removes is reported.
    pub audit: Option<&'a Audit>,
}

/// An image of the body, written once the pass knows whether it stands alone.
struct Picture {
    /// Its placeholder in `events`.
    at: usize,
    url: String,
    alt: String,
    title: String,
    size: Option<(u32, u32)>,
    responsive: Option<std::sync::Arc<crate::images::ProcessedImage>>,
}

pub(super) struct EventPass<'a, 'd> {
    body: &'a Body<'a>,
    base_path: &'a str,
    files: &'a SiteFiles,
    audit: Option<&'a Audit>,
    body_offset: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
    pub events: Vec<Event<'a>>,
    pub words: usize,
    pub has_raw_html: bool,
    /// Index in `events` of a block-level `<!-- more -->`.
    pub more_at: Option<usize>,
    /// Actors found in the text, in order of first mention.
    pub mentioned: Vec<usize>,
    /// How many times each of `mentioned` is named.
    pub mention_counts: Vec<u32>,
    /// How many mentions were found through a surname (see [`Reading`]).
    pub surname_mentions: u32,
    /// Who the text has named so far, to resolve surnames from one run of text to the next.
    reading: Reading,
    /// Actors whose first linkable mention is already a link.
    linked: Vec<usize>,
    /// Text waiting for the next non-text event, in pieces: joined once, so that a run of
    /// many small text events costs its length, not its square.
    pending: Vec<CowStr<'a>>,
    /// How deep the current event is: Markdown containers and raw HTML elements.
    depth: usize,
    /// Set once the body nested deeper than [`MAX_NESTING`]: the rest is not rendered.
    pub too_deep: bool,
    in_code_block: bool,
    /// Inside a link or an image: names there are not mentions.
    in_link: bool,
    /// Depth of raw inline `<a>` and `<code>` elements written in the text: no mentions there.
    raw_inline: usize,
    skipping_link: bool,
    heading_start: Option<usize>,
    heading_ids: HashSet<String>,
    /// Where the raw HTML read so far left off: a tag or comment may span events.
    html_state: HtmlState,
    /// The local images shown, and the root-relative URLs to check later.
    pub images: Vec<ImageUse>,
    pub references: Vec<Reference>,
    /// The image being read (its alternative text is the events after `at`).
    image: Option<Picture>,
    pictures: Vec<Picture>,
}

impl<'a, 'd> EventPass<'a, 'd> {
    pub fn new(
        body: &'a Body<'a>,
        context: Context<'a>,
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Self {
        let body_offset =
            (body.markdown.as_ptr() as usize).saturating_sub(body.file_text.as_ptr() as usize);
        EventPass {
            body,
            base_path: context.base_path,
            files: context.files,
            audit: context.audit,
            body_offset,
            diagnostics,
            events: Vec::with_capacity(256),
            words: 0,
            has_raw_html: false,
            more_at: None,
            mentioned: Vec::new(),
            mention_counts: Vec::new(),
            surname_mentions: 0,
            reading: Reading::default(),
            linked: Vec::new(),
            pending: Vec::new(),
            depth: 0,
            too_deep: false,
            in_code_block: false,
            in_link: false,
            raw_inline: 0,
            skipping_link: false,
            heading_start: None,
            heading_ids: HashSet::new(),
            html_state: HtmlState::Text,
            images: Vec::new(),
            references: Vec::new(),
            image: None,
            pictures: Vec::new(),
        }
    }

    pub fn push(&mut self, event: Event<'a>, offset: usize) {
        if self.too_deep {
            return;
        }
        let event = match event {
            Event::Html(html) => Event::Html(mail_addresses(html)),
            Event::InlineHtml(html) => Event::InlineHtml(mail_addresses(html)),
            other => other,
        };
        match &event {
            Event::Text(_) => {}
            Event::Start(_) => self.deeper(offset),
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.follow_raw_tags(html, offset);
                self.report_removals(html, offset);
            }
            _ => {}
        }
        if let Event::Text(text) = event {
            self.pending.push(text);
            return;
        }
        self.flush_text();
        match event {
            // `<user@example.org>` is mail: no file or page of the site, whatever its domain
            // looks like (`.cz` is no file extension), nor `</user@example.org>`, which
            // CommonMark reads as the address `/user@example.org`.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                title,
                id,
            }) => {
                self.in_link = true;
                self.events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Email,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_safe_url(&dest_url) {
                    self.in_link = true;
                    let dest_url = match self.resolve(&dest_url, offset, false) {
                        Some(target) => rebase(CowStr::from(target.url), self.base_path),
                        None => rebase(dest_url, self.base_path),
                    };
                    self.events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    self.warn_unsafe_url(&dest_url, offset);
                    self.skipping_link = true;
                }
            }
            Event::End(TagEnd::Link) if self.skipping_link => self.skipping_link = false,
            Event::End(TagEnd::Link) => {
                self.in_link = false;
                self.events.push(event);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.open_image(dest_url, title, offset),
            Event::End(TagEnd::Image) => self.close_image(),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.events.push(event);
            }
            Event::Start(Tag::Heading { .. }) => {
                self.heading_start = Some(self.events.len());
                self.events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => self.close_heading(level),
            Event::Html(html) | Event::InlineHtml(html) if is_more_marker(&html) => {
                if self.more_at.is_none() && self.heading_start.is_none() {
                    self.more_at = Some(self.events.len());
                }
            }
            Event::InlineHtml(html) => {
                self.has_raw_html = true;
                self.words += html_words(&html, &mut self.html_state);
                self.track_raw_inline(&html);
                self.events.push(Event::InlineHtml(html));
            }
            Event::Html(ref html) => {
                self.has_raw_html = true;
                // The text of an HTML block is read too: an archive whose bodies are the old
                // CMS's HTML would otherwise say "1 min" for every article.
                self.words += html_words(html, &mut self.html_state);
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }

    /// Call once the parser is done.
    pub fn finish(&mut self) {
        self.flush_text();
        self.write_pictures();
    }

    /// The file line and column of an offset in the body.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(self.body.file_text, self.body_offset + offset)
    }

    /// Emits the pending text: counted, typeset, searched for mentions, first mentions linked.
    fn flush_text(&mut self) {
        let text = match self.pending.len() {
            0 => return,
            1 => self.pending.pop().expect("one piece"),
            _ => CowStr::from(
                self.pending
                    .drain(..)
                    .map(|piece| piece.into_string())
                    .collect::<String>(),
            ),
        };
        if self.in_code_block {
            self.events.push(Event::Text(text));
            return;
        }
        self.words += count_words(&text);
        let text = if self.body.french {
            guillemets(text)
        } else {
            text
        };
        let Some(mentions) = self
            .body
            .mentions
            .filter(|_| !self.in_link && self.raw_inline == 0)
        else {
            self.events.push(Event::Text(text));
            return;
        };
        let may_link = self.heading_start.is_none() && mentions.links.is_some();
        let mut cursor = 0;
        for mention in mentions.detector.read(&text, &mut self.reading) {
            self.count(mention);
            let first = !self.linked.contains(&mention.actor);
            let Some(links) = mentions.links.filter(|_| first && may_link) else {
                continue;
            };
            self.linked.push(mention.actor);
            if mention.start > cursor {
                self.events.push(Event::Text(CowStr::from(
                    text[cursor..mention.start].to_owned(),
                )));
            }
            let open = format!("<a class=\"mention\" href=\"{}\">", links[mention.actor]);
            self.events.push(Event::InlineHtml(open.into()));
            self.events.push(Event::Text(CowStr::from(
                text[mention.start..mention.end].to_owned(),
            )));
            self.events.push(Event::InlineHtml("</a>".into()));
            cursor = mention.end;
        }
        match cursor {
            0 => self.events.push(Event::Text(text)),
            cut if cut < text.len() => self
                .events
                .push(Event::Text(CowStr::from(text[cut..].to_owned()))),
            _ => {}
        }
    }

    /// Counts one mention of an actor.
    fn count(&mut self, mention: Mention) {
        match self.mentioned.iter().position(|&a| a == mention.actor) {
            Some(at) => self.mention_counts[at] += 1,
            None => {
                self.mentioned.push(mention.actor);
                self.mention_counts.push(1);
            }
        }
        self.surname_mentions += u32::from(mention.by_surname);
    }

    /// One level deeper; past [`MAX_NESTING`], an error and the end of rendering.
    fn deeper(&mut self, offset: usize) {
        self.depth += 1;
        if self.depth <= MAX_NESTING || self.too_deep {
            return;
        }
        self.too_deep = true;
        let (line, column) = line_column(self.body.file_text, self.body_offset + offset);
        self.diagnostics.push(
            Diagnostic::error(
                self.body.path,
                line,
                column,
                format!("lists, quotes, emphasis and HTML elements are nested more than {MAX_NESTING} levels deep here"),
            )
            .quoting(self.body.file_text)
            .with_hint("flatten the structure (or close the HTML elements left open)"),
        );
    }

    /// Follows the elements raw HTML opens and closes. Void elements, `<… />` and the
    /// elements whose end tag HTML lets one leave out (`<p>`, `<li>`, `<td>`…) do not count,
    /// so that valid HTML is never taken for deep nesting.
    fn follow_raw_tags(&mut self, html: &str, offset: usize) {
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let closing = rest.starts_with('/');
            let after = &rest[usize::from(closing)..];
            let name_end = after
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(after.len());
            let name = &after[..name_end];
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) || is_flat_element(name) {
                continue;
            }
            if closing {
                self.depth = self.depth.saturating_sub(1);
                continue;
            }
            // Up to the tag's end, or the next tag if it has none: each byte is seen once.
            let end = after.find(['<', '>']).unwrap_or(after.len());
            if !after[..end].ends_with('/') {
                self.deeper(offset);
            }
        }
    }

    /// Follows raw `<a …>`/`</a>` and `<code>`/`</code>` written inline, so a name inside them
    /// is neither counted nor wrapped in a second link.
    fn track_raw_inline(&mut self, html: &str) {
        let tag = html.trim_start().to_ascii_lowercase();
        let opens = |name: &str| {
            tag.strip_prefix('<')
                .and_then(|t| t.strip_prefix(name))
                .is_some_and(|rest| rest.starts_with([' ', '>', '\t', '\n']))
        };
        if tag.starts_with("</a") || tag.starts_with("</code") {
            self.raw_inline = self.raw_inline.saturating_sub(1);
        } else if (opens("a") || opens("code")) && !tag.trim_end().ends_with("/>") {
            self.raw_inline += 1;
        }
    }

    /// Gives the heading an id (its own `{#id}` or one made from its text) and an anchor link.
    fn close_heading(&mut self, level: HeadingLevel) {
        let Some(start) = self.heading_start.take() else {
            return;
        };
        let text = plain_text(&self.events[start + 1..]);
        let Event::Start(Tag::Heading { id, .. }) = &mut self.events[start] else {
            return;
        };
        let base = match id {
            Some(given) => given.to_string(),
            None => slugify(&text).map_or_else(|| "section".to_owned(), |s| s.to_string()),
        };
        let mut unique = base.clone();
        let mut n = 1;
        while !self.heading_ids.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        *id = Some(CowStr::from(unique.clone()));
        let anchor = format!(
            "<a class=\"anchor\" href=\"#{unique}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
        );
        self.events.push(Event::InlineHtml(anchor.into()));
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// Warns of what the sanitiser will take out of a fragment of raw HTML, where it is.
    fn report_removals(&mut self, html: &str, offset: usize) {
        let Some(audit) = self.audit else {
            return;
        };
        for removal in audit.removals(html) {
            let at = self.body_offset + offset + removal.at;
            let (line, column) = line_column(self.body.file_text, at);
            self.diagnostics.push(
                Diagnostic::warning(
                    self.body.path,
                    line,
                    column,
                    format!("raw HTML: {} removed", removal.what),
                )
                .quoting(self.body.file_text)
                .with_hint(removal.hint),
            );
        }
    }

    fn warn_unsafe_url(&mut self, url: &str, offset: usize) {
        let (line, column) = line_column(self.body.file_text, self.body_offset + offset);
        self.diagnostics.push(
            Diagnostic::warning(
                self.body.path,
                line,
                column,
                format!("unsafe link `{url}` removed"),
            )
            .quoting(self.body.file_text)
            .with_hint("only http, https, mailto, tel and relative links are kept"),
        );
    }
}

/// How deeply a body may nest lists, quotes, emphasis and raw HTML elements. Past this the
/// HTML sanitiser's work grows with the square of the depth and the minifier recurses once
/// per level (100,000 nested quotes overflowed its stack); nothing written by hand nests
/// this deep.
pub const MAX_NESTING: usize = 128;

/// Elements that never nest: void elements, and those whose end tag may be left out.
fn is_flat_element(name: &str) -> bool {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "thead", "tbody",
        "tfoot", "option", "optgroup", "rp", "rt", "colgroup", "caption",
    ];
    FLAT.iter().any(|flat| flat.eq_ignore_ascii_case(name))
}

/// `<user@example.org>` inside raw HTML written as the mail link Markdown makes of it outside,
/// and the `</user@example.org>` an old converter closed it with removed: as a tag, the
/// sanitiser would drop the address and the browser would show nothing.
fn mail_addresses(html: CowStr<'_>) -> CowStr<'_> {
    static MAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"<(/?)([A-Za-z0-9.!#$%&'*+=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)>",
        )
        .expect("a valid pattern")
    });
    if !html.contains('@') || !MAIL.is_match(&html) {
        return html;
    }
    let written = MAIL.replace_all(&html, |c: &regex::Captures<'_>| match &c[1] {
        "/" => String::new(),
        _ => format!("<a href=\"mailto:{0}\">{0}</a>", &c[2]),
    });
    CowStr::from(written.into_owned())
}

/// Whether raw HTML read so far ended in text, inside a tag or inside a comment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HtmlState {
    Text,
    Tag,
    Comment,
}

/// The words of the text between the tags and comments of raw HTML. A tag separates words
/// (`<p>a</p><p>b</p>` is two), which rarely miscounts a word split by inline markup.
fn html_words(html: &str, state: &mut HtmlState) -> usize {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let (end, next) = match *state {
            HtmlState::Comment => (rest.find("-->").map(|e| e + 3), HtmlState::Text),
            HtmlState::Tag => (rest.find('>').map(|e| e + 1), HtmlState::Text),
            HtmlState::Text => {
                let open = rest.char_indices().find(|&(i, c)| {
                    c == '<'
                        && rest[i + 1..]
                            .starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!')
                });
                match open {
                    Some((at, _)) => {
                        text.push_str(&rest[..at]);
                        text.push(' ');
                        let comment = rest[at..].starts_with("<!--");
                        rest = &rest[at + if comment { 4 } else { 1 }..];
                        *state = if comment {
                            HtmlState::Comment
                        } else {
                            HtmlState::Tag
                        };
                        continue;
                    }
                    None => (None, HtmlState::Text),
                }
            }
        };
        match end {
            Some(end) => {
                rest = &rest[end..];
                *state = next;
            }
            None if *state == HtmlState::Text => {
                text.push_str(rest);
                rest = "";
            }
            None => rest = "",
        }
    }
    count_words(&text)
}

/// How many words `split_whitespace` would give, without its iterator: this runs over every
/// body's text. Eight bytes at a time while they hold no lead byte of a non-ASCII white space
/// character (C2, E1, E2, E3), which is most of any text; a byte table and, for those four
/// lead bytes, the decoded character otherwise.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut at) = (0, false, 0);
    while at < bytes.len() {
        if let Some(eight) = bytes.get(at..at + 8)
            && let chunk = u64::from_le_bytes(eight.try_into().expect("eight bytes"))
            && (chunk & HIGH_BITS == 0
                || !eight
                    .iter()
                    .any(|&b| BYTE_CLASS[usize::from(b)] == MAYBE_SPACE))
        {
            let spaces = ascii_spaces(chunk);
            // A word starts at a byte that is not a space after one that is (byte i's flag
            // is bit 8i + 7; the byte before the chunk counts through `in_word`).
            let before = (spaces << 8) | if in_word { 0 } else { 0x80 };
            words += (!spaces & before & HIGH_BITS).count_ones() as usize;
            in_word = spaces >> 63 == 0;
            at += 8;
            continue;
        }
        let class = BYTE_CLASS[usize::from(bytes[at])];
        // Word or space without a branch: word boundaries come every few bytes, too often
        // for a branch to be predicted.
        let (space, width) = if class == MAYBE_SPACE {
            let c = text[at..].chars().next().expect("at a character boundary");
            (c.is_whitespace(), c.len_utf8())
        } else {
            (class == SPACE, 1)
        };
        words += usize::from(!space & !in_word);
        in_word = !space;
        at += width;
    }
    words
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `chunk` that is ASCII white space (space, `\t` to `\r`).
/// Bytes of 0x80 and above are never: they are masked to seven bits so that no sum carries
/// into the next byte, and left out at the end.
fn ascii_spaces(chunk: u64) -> u64 {
    let low = chunk & !HIGH_BITS;
    let at_least_tab = low + 0x7777_7777_7777_7777; // high bit set where low >= 0x09
    let past_cr = low + 0x7272_7272_7272_7272; // where low >= 0x0e
    let controls = at_least_tab & !past_cr;
    let not_space_char = low ^ 0x2020_2020_2020_2020;
    let nonzero = (not_space_char + 0x7f7f_7f7f_7f7f_7f7f) | not_space_char;
    let space_chars = !nonzero;
    (controls | space_chars) & !chunk & HIGH_BITS
}

/// Part of a word: any other ASCII byte, and every byte of a character that cannot be white
/// space (its continuation bytes too, which keep the word going).
const WORD: u8 = 0;
/// ASCII white space.
const SPACE: u8 = 1;
/// The lead byte of a character that may be white space (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000).
const MAYBE_SPACE: u8 = 2;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [WORD; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            b' ' | b'\t'..=b'\r' => SPACE,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => MAYBE_SPACE,
            _ => WORD,
        };
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::{HtmlState, count_words, html_words, mail_addresses};

    #[test]
    fn mail_addresses_in_raw_html_become_mail_links() {
        let written =
            mail_addresses("<p>Radim <hsn@example.cz>, le 1er</hsn@example.cz></p>".into());
        assert_eq!(
            &*written,
            "<p>Radim <a href=\"mailto:hsn@example.cz\">hsn@example.cz</a>, le 1er</p>"
        );
        assert_eq!(
            &*mail_addresses("<a href=\"x@y.z\">a</a>".into()),
            "<a href=\"x@y.z\">a</a>"
        );
    }

    #[test]
    fn words_inside_raw_html_are_counted_but_not_tags_or_comments() {
        let mut state = HtmlState::Text;
        let count = |html: &str, state: &mut HtmlState| html_words(html, state);
        assert_eq!(
            count("<p class=\"x y z\">Un deux</p><p>trois</p>", &mut state),
            3
        );
        assert_eq!(count("<a\n", &mut state), 0);
        assert_eq!(count("href=\"/a b c\">quatre</a> <!-- not", &mut state), 1);
        assert_eq!(count("these --> cinq 1 < 2", &mut state), 4);
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let texts = [
            "",
            "   ",
            "un",
            " deux  mots ",
            "l’État\u{a0}islamique\u{202f}: « oui »",
            "tab\there\nline\x0bvt\x0cff\rcr\u{1c}fs",
            "日本語 テキスト\u{3000}全角\u{2028}ls\u{85}nel",
            "émoji 🗞️ presse",
        ];
        for text in texts {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn long_mixed_texts_count_as_split_whitespace_counts_them() {
        // Texts long enough for the eight-byte steps, mixing every kind of byte at random
        // offsets (a seeded generator: the same texts on every run).
        let pieces = [
            "a", "mot", " ", "  ", "\t", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "é", "’", "«\u{a0}",
            "\u{a0}", "\u{202f}", "\u{2009}", "\u{3000}", "\u{85}", "\u{1680}", "日本", "🗞️",
            "\u{7f}", "!", "~",
        ];
        let mut random = fastrand::Rng::with_seed(42);
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..random.usize(..60) {
                text.push_str(pieces[random.usize(..pieces.len())]);
            }
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_white_space_character_and_its_lead_byte_neighbours_count_as_split_whitespace_does() {
        // Every ASCII character, and every one sharing a lead byte with a white space one.
        let chars = ('\u{80}'..='\u{bf}')
            .chain('\u{1000}'..='\u{1fff}')
            .chain('\u{2000}'..='\u{2fff}')
            .chain('\u{3000}'..='\u{3fff}')
            .chain((0..=0x7f_u8).map(char::from));
        for c in chars {
            for text in [
                format!("a{c}b"),
                format!("{c}"),
                format!("é{c}{c}ü x"),
                format!("word1234{c}word5678{c}{c}12345678"),
            ] {
                assert_eq!(
                    count_words(&text),
                    text.split_whitespace().count(),
                    "{:?}",
                    c
                );
            }
        }
    }
}
