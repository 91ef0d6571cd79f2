//! Article bodies: Markdown to safe HTML, plus the summary, word count and reading time.
//!
//! pulldown-cmark parses the body into events; one pass over them adds heading anchors, drops
//! links whose URL could run script, turns English smart quotes into French guillemets for
//! French articles and finds the summary cut. Raw HTML is the only way markup we did not make
//! gets in, so the (slow) ammonia sanitiser only runs on bodies that contain some.

mod audit;
mod files;
mod pass;
mod summary;

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::config::{Config, RawHtml};
use crate::diagnostics::Diagnostic;
pub use crate::model::Rendered;
use crate::model::mention::MentionDetector;
use crate::model::summary::SummaryText;
use pass::EventPass;

pub use audit::{Audit, Removal, Removed};

/// Words read per minute, for the reading time.
const WORDS_PER_MINUTE: usize = 230;

/// The marker that ends a hand-picked summary.
const MORE_MARKER: &str = "<!-- more -->";

/// Mention detection for a body: the detector, and the actor page links when the first
/// mention of each actor should link to its page (`link_mentions: first`).
#[derive(Clone, Copy)]
pub struct Mentions<'m> {
    pub detector: &'m MentionDetector,
    pub links: Option<&'m [String]>,
}

/// What the renderer needs to know about one body.
pub struct Body<'a> {
    /// The file, for diagnostics.
    pub path: &'a Path,
    /// The whole file text, for diagnostic positions.
    pub file_text: &'a str,
    /// The Markdown after the front matter; a slice of `file_text`.
    pub markdown: &'a str,
    pub summary: Option<&'a str>,
    pub french: bool,
    /// `None` when detection is off for this body.
    pub mentions: Option<Mentions<'a>>,
    /// Where the article's relative URLs lead, and that its images and files are checked;
    /// `None` for a biography (its URLs are only put under the base path).
    pub place: Option<Place<'a>>,
}

/// An article's place among the site's files: its bundle, and the site folder the bundle's
/// files are published in.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    pub bundle: Option<&'a crate::model::image::Bundle>,
    /// `/2016/08/crue-historique/` (see `route::bundle_folder`).
    pub folder: &'a str,
}

/// Renders Markdown with the site's options; built once per build, shared across threads.
pub struct MarkdownRenderer {
    sanitizer: Option<ammonia::Builder<'static>>,
    /// The sanitiser's allow-list, to report what it removes.
    audit: Option<audit::Audit>,
    base_path: String,
    /// Keep each body's plain text (`Rendered::text`) for the search index.
    keep_text: bool,
    /// The site root and static folders, for images and files the bodies name.
    files: files::SiteFiles,
}

impl MarkdownRenderer {
    pub fn new(config: &Config) -> Self {
        let sanitizer = match config.raw_html {
            RawHtml::Sanitize => Some(sanitizer(config.embed_hosts.clone())),
            RawHtml::Allow => None,
        };
        let audit = sanitizer
            .as_ref()
            .map(|sanitizer| audit::Audit::new(sanitizer, &config.embed_hosts));
        MarkdownRenderer {
            sanitizer,
            audit,
            base_path: config.base_path.clone(),
            keep_text: config.search,
            files: files::SiteFiles::new(config),
        }
    }

    /// Renders one body; unsafe links are dropped and reported as warnings.
    pub fn render(&self, body: &Body<'_>, diagnostics: &mut Vec<Diagnostic>) -> Rendered {
        let context = pass::Context {
            base_path: &self.base_path,
            files: &self.files,
            audit: self.audit.as_ref(),
        };
        let mut pass = EventPass::new(body, context, diagnostics);
        let parser = Parser::new_ext(body.markdown, options()).into_offset_iter();
        for (event, range) in parser {
            pass.push(event, range.start);
        }
        pass.finish();
        if pass.too_deep {
            // Reported as an error: the build stops before writing anything.
            return Rendered::default();
        }
        let (words, has_raw_html, more_at) = (pass.words, pass.has_raw_html, pass.more_at);
        let mentioned = std::mem::take(&mut pass.mentioned);
        let mention_counts = std::mem::take(&mut pass.mention_counts);
        let surname_mentions = pass.surname_mentions;
        let images = std::mem::take(&mut pass.images);
        let references = std::mem::take(&mut pass.references);
        let mut events = pass.events;
        demote_headings(&mut events);
        let html = self.to_html(&link_footnotes(&events), has_raw_html);
        let (summary_html, summary_text) = match body.summary {
            Some(summary) => self.render_summary(summary, body.french),
            None => {
                let summary = summary::shorten(summary_without_footnotes(
                    &events[summary_range(&events, more_at)],
                ));
                (self.to_html(&summary, has_raw_html), plain_text(&summary))
            }
        };
        let text = if self.keep_text {
            plain_text(&events)
        } else {
            String::new()
        };
        // Each string grew by doubling; a session's model keeps every body (whole builds
        // spool them), so the slack would be a quarter of an archive's memory.
        let fit = |mut s: String| {
            s.shrink_to_fit();
            s
        };
        let summary_html = fit(summary_html);
        let first_image = crate::model::image::first_img_src(&html).map(String::into_boxed_str);
        Rendered {
            first_image,
            html: fit(html).into(),
            summary_text: SummaryText::of(&summary_text, &summary_html),
            summary_html,
            summary_written: body.summary.is_some(),
            words,
            reading_minutes: words.div_ceil(WORDS_PER_MINUTE).max(1),
            text: fit(text).into(),
            mentioned,
            mention_counts,
            surname_mentions,
            images,
            references,
        }
    }

    fn render_summary(&self, summary: &str, french: bool) -> (String, String) {
        let mut events: Vec<Event<'_>> = Parser::new_ext(summary, options())
            .map(|event| match event {
                Event::Text(text) if french => Event::Text(guillemets(text)),
                other => other,
            })
            .collect();
        events.retain(|e| !matches!(e, Event::FootnoteReference(_)));
        let has_html = events
            .iter()
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
        (self.to_html(&events, has_html), plain_text(&events))
    }

    fn to_html(&self, events: &[Event<'_>], has_raw_html: bool) -> String {
        let mut out = String::with_capacity(events.len() * 16);
        html::push_html(&mut out, events.iter().cloned());
        match &self.sanitizer {
            // A stray `</p>` in raw HTML (`<li>x</li></p>`) is an empty paragraph to the HTML
            // parser, and one inside a list or heading is invalid there: none shows anything.
            Some(sanitizer) if has_raw_html => {
                sanitizer.clean(&out).to_string().replace("<p></p>", "")
            }
            _ => out,
        }
    }
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What the site's sanitiser removes from raw HTML, to ask before it runs; `None` when the
/// site trusts raw HTML (`raw_html: allow`) and nothing is removed.
pub fn audit(config: &Config) -> Option<Audit> {
    match config.raw_html {
        RawHtml::Sanitize => Some(Audit::new(
            &sanitizer(config.embed_hosts.clone()),
            &config.embed_hosts,
        )),
        RawHtml::Allow => None,
    }
}

/// The allow-list for raw HTML: ammonia's defaults plus figures, embeds from trusted hosts,
/// and the ids and classes our own anchors and footnotes use.
fn sanitizer(embed_hosts: Vec<String>) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "figure",
            "figcaption",
            "iframe",
            "section",
            "details",
            "summary",
            "mark",
            "time",
            "video",
            "audio",
            "source",
            "picture",
        ])
        .add_generic_attributes([
            "id",
            "class",
            "title",
            "lang",
            "dir",
            "aria-hidden",
            "aria-label",
            "tabindex",
        ])
        .add_tag_attributes(
            "iframe",
            [
                "src",
                "width",
                "height",
                "title",
                "allow",
                "allowfullscreen",
                "loading",
                "referrerpolicy",
            ],
        )
        .add_tag_attributes(
            "img",
            ["loading", "srcset", "sizes", "decoding", "fetchpriority"],
        )
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes(
            "video",
            ["src", "controls", "poster", "width", "height", "preload"],
        )
        .add_tag_attributes("audio", ["src", "controls", "preload"])
        .add_tag_attributes("source", ["src", "srcset", "type", "media"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        // `rel` on an `<a>` without `href` (an old `<a name>` anchor) is invalid HTML, and
        // `noopener` only matters with `target`, which the allow-list drops.
        .link_rel(None)
        .attribute_filter(move |element, attribute, value| {
            if element == "iframe" && attribute == "src" && !is_allowed_embed(value, &embed_hosts) {
                None
            } else if matches!(attribute, "width" | "height") {
                pixels(value).map(Into::into)
            } else {
                Some(value.into())
            }
        });
    // Presentational attributes HTML5 made obsolete, which ammonia's defaults still allow: the
    // theme's CSS sets alignment and rules, and the checker reports each one as an error.
    for (tag, attributes) in [
        ("hr", &["align", "size", "width"][..]),
        ("img", &["align"]),
        ("table", &["align", "char", "charoff", "summary"]),
        ("col", &["align", "char", "charoff"]),
        ("colgroup", &["align", "char", "charoff"]),
        ("tbody", &["align", "char", "charoff"]),
        ("thead", &["align", "char", "charoff"]),
        ("tfoot", &["align", "char", "charoff"]),
        ("tr", &["align", "char", "charoff"]),
        ("td", &["align", "char", "charoff"]),
        ("th", &["align", "char", "charoff"]),
    ] {
        builder.rm_tag_attributes(tag, attributes);
    }
    builder
}

/// A `width` or `height` as HTML wants it, a number of pixels: `600px` is `600`; a
/// percentage or `auto`, which only CSS can say, is dropped.
fn pixels(value: &str) -> Option<String> {
    let number = value.trim();
    let number = number.strip_suffix("px").unwrap_or(number).trim_end();
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then(|| number.to_owned())
}

/// True for an `https://` embed whose host is in the allow-list.
fn is_allowed_embed(src: &str, hosts: &[String]) -> bool {
    let Some(rest) = src.trim().strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    hosts
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(host))
}

/// True when a link or image URL cannot run script: relative, or one of a few schemes.
pub fn is_safe_url(url: &str) -> bool {
    // Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`).
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect();
    match scheme_of(&cleaned) {
        None => true,
        Some(scheme) => ["http", "https", "mailto", "tel", "ftp"]
            .iter()
            .any(|safe| scheme.eq_ignore_ascii_case(safe)),
    }
}

pub(crate) fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let looks_like_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    looks_like_scheme.then_some(scheme)
}

/// `“texte”` → `« texte »` with no-break spaces, as French typography wants.
fn guillemets(text: CowStr<'_>) -> CowStr<'_> {
    // One SIMD scan for the last bytes of `“` (E2 80 9C) and `”` (E2 80 9D), which few other
    // characters end with, rather than a search for each quote.
    let bytes = text.as_bytes();
    let has_quote = memchr::memchr2_iter(0x9c, 0x9d, bytes)
        .any(|at| at >= 2 && bytes[at - 2..at] == [0xe2, 0x80]);
    if !has_quote {
        return text;
    }
    text.replace('“', "«\u{a0}").replace('”', "\u{a0}»").into()
}

fn is_more_marker(html: &str) -> bool {
    html.trim().eq_ignore_ascii_case(MORE_MARKER)
}

/// Headings in a body sit under the article's `<h1>`: when a body uses `#`, every heading
/// moves down one level so the outline stays in order.
fn demote_headings(events: &mut [Event<'_>]) {
    let uses_h1 = events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    if !uses_h1 {
        return;
    }
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                *level = lower(*level);
            }
            _ => {}
        }
    }
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Which events make the summary: those before `<!-- more -->`, else the first top-level
/// paragraph.
fn summary_range(events: &[Event<'_>], more_at: Option<usize>) -> std::ops::Range<usize> {
    if let Some(end) = more_at {
        return 0..end;
    }
    let mut depth = 0usize;
    let mut start = None;
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(index),
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                if let Some(start) = start {
                    return start..index + 1;
                }
            }
            Event::Start(Tag::Paragraph) => {}
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) => {}
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    0..0
}

/// Footnotes numbered in order of first reference, each reference linking to its note and
/// each note linking back (`fn-N` / `fnref-N`, ids no heading slug can take).
fn link_footnotes<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut numbers: Vec<CowStr<'a>> = Vec::new();
    let mut number_of = |label: &CowStr<'a>| match numbers.iter().position(|l| l == label) {
        Some(i) => (i + 1, false),
        None => {
            numbers.push(label.clone());
            (numbers.len(), true)
        }
    };
    let mut out = Vec::with_capacity(events.len());
    let mut open_note: Option<(usize, usize)> = None; // (number, index of the note's start in `out`)
    for event in events {
        match event {
            Event::FootnoteReference(label) => {
                let (n, first) = number_of(label);
                let id = if first {
                    format!(" id=\"fnref-{n}\"")
                } else {
                    String::new()
                };
                out.push(Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-reference\"{id}><a href=\"#fn-{n}\">{n}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, _) = number_of(label);
                open_note = Some((n, out.len()));
                out.push(Event::Html(format!("<div class=\"footnote-definition\" id=\"fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>").into()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let Some((n, start)) = open_note.take() else {
                    continue;
                };
                let back = Event::InlineHtml(format!(" <a class=\"footnote-backref\" href=\"#fnref-{n}\" aria-label=\"↩ {n}\">↩</a>").into());
                // Inside the note's last paragraph, so the arrow ends its text.
                let last_paragraph_end = out[start..]
                    .iter()
                    .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)));
                match last_paragraph_end {
                    Some(at) => out.insert(start + at, back),
                    None => out.push(back),
                }
                out.push(Event::Html("</div>\n".into()));
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// A summary is shown away from its article, where footnote links would point nowhere.
fn summary_without_footnotes<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    events
        .iter()
        .filter(|e| !matches!(e, Event::FootnoteReference(_)))
        .cloned()
        .collect()
}

/// The text of some events, without markup, whitespace collapsed.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            // Block ends separate words too: "Title" then "Text" must not read "TitleText".
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn renderer(raw_html: &str) -> MarkdownRenderer {
        let text = format!("raw_html: {raw_html}\n");
        let raw = serde_yaml::from_str(&text).unwrap();
        let config = Config::from_raw(raw, &text, "/site".into(), &Overrides::default()).unwrap();
        MarkdownRenderer::new(&config)
    }

    fn render_with(
        renderer: &MarkdownRenderer,
        markdown: &str,
        french: bool,
    ) -> (Rendered, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let body = Body {
            path: Path::new("a.md"),
            file_text: markdown,
            markdown,
            summary: None,
            french,
            mentions: None,
            place: None,
        };
        (renderer.render(&body, &mut diagnostics), diagnostics)
    }

    fn render(markdown: &str) -> Rendered {
        render_with(&renderer("sanitize"), markdown, false).0
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_but_html_that_omits_end_tags_is_not() {
        let quotes = format!("para\n\n{} x\n", ">".repeat(200));
        let (rendered, d) = render_with(&renderer("sanitize"), &quotes, false);
        assert_eq!(rendered, Rendered::default());
        assert_eq!((d[0].line, d[0].column), (3, 129), "{}", d[0]);
        let (_, d) = render_with(
            &renderer("sanitize"),
            &format!("{}x", "<div>".repeat(129)),
            false,
        );
        assert!(d[0].message.contains("nested more than 128"), "{d:?}");
        let loose = format!(
            "<table>{}</table>\n\n{}",
            "<tr><td>x".repeat(300),
            "<p>y<br>".repeat(300)
        );
        let (rendered, d) = render_with(&renderer("sanitize"), &loose, false);
        assert!(
            d.is_empty() && rendered.html.contains("<td>x</td>"),
            "{d:?}"
        );
    }

    #[test]
    fn extensions_are_on() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ x[^1]\n\n[^1]: note\n").html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>gone</del>"));
        assert!(
            html.contains(
                "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"
            ),
            "{html}"
        );
        assert!(html.contains("<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>"), "{html}");
        assert!(
            html.contains("note <a class=\"footnote-backref\" href=\"#fnref-1\""),
            "{html}"
        );
    }

    #[test]
    fn headings_get_unique_anchors_and_keep_order_under_the_title() {
        let html = render("# Élection\n\n## Résultats\n\n## Résultats\n").html;
        assert!(
            html.contains("<h2 id=\"election\">Élection<a class=\"anchor\" href=\"#election\""),
            "{html}"
        );
        assert!(html.contains("<h3 id=\"resultats\">"));
        assert!(html.contains("<h3 id=\"resultats-1\">"));
    }

    #[test]
    fn summary_is_first_paragraph_or_text_before_more() {
        let first = render("## Title\n\nFirst *para*.[^n]\n\nSecond.\n\n[^n]: x\n");
        assert_eq!(first.summary_html, "<p>First <em>para</em>.</p>\n");
        assert_eq!(first.summary_text(), "First para.");
        let more = render("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n");
        assert_eq!(more.summary_html, "<p>One.</p>\n<p>Two.</p>\n");
        assert!(!more.html.contains("more"));
    }

    #[test]
    fn word_count_and_reading_time() {
        let r = render(&"mot ".repeat(461));
        assert_eq!(r.words, 461);
        assert_eq!(r.reading_minutes, 3);
        assert_eq!(render("one").reading_minutes, 1);
    }

    /// Issue 21: an archive of HTML bodies said "1 min" for 1,000 words.
    #[test]
    fn words_of_raw_html_count_for_the_reading_time() {
        let body = format!("<div>\n<p>{}</p>\n</div>\n", "mot ".repeat(500));
        let r = render(&body);
        assert_eq!(r.words, 500);
        assert_eq!(r.reading_minutes, 3);
    }

    #[test]
    fn french_articles_get_guillemets() {
        let (r, _) = render_with(
            &renderer("sanitize"),
            "Il a dit \"non\" et l'a répété.",
            true,
        );
        assert!(r.html.contains("«\u{a0}non\u{a0}»"), "{}", r.html);
        assert!(r.html.contains("l’a"));
    }

    #[test]
    fn guillemets_replace_either_quote_and_nothing_else() {
        let cases = [
            ("“oui”", "«\u{a0}oui\u{a0}»"),
            ("“", "«\u{a0}"),
            ("fin”", "fin\u{a0}»"),
            ("Ŝĝ – ’ … œ", "Ŝĝ – ’ … œ"),
            ("ĝ“", "ĝ«\u{a0}"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(&*guillemets(text.into()), expected, "{text}");
        }
    }

    #[test]
    fn script_urls_never_reach_the_output() {
        let (r, d) = render_with(
            &renderer("sanitize"),
            "[a](javascript:alert(1)) [b](JaVa&#x09;ScRiPt:x) ![c](vbscript:y) [ok](https://e.org) [rel](/x/)",
            false,
        );
        let lower = r.html.to_lowercase();
        assert!(
            !lower.contains("href=\"java") && !lower.contains("src=\"vb"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://e.org\"") && r.html.contains("href=\"/x/\""));
        assert_eq!(d.len(), 3);
        assert_eq!((d[0].line, d[0].column), (1, 1));
    }

    #[test]
    fn raw_html_is_sanitised_unless_allowed() {
        let input = "<script>alert(1)</script>\n\n<figure><img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\"><figcaption>Cap</figcaption></figure>\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n<iframe src=\"https://evil.example/x\"></iframe>\n\n<a href=\"javascript:alert(1)\">x</a>\n";
        let clean = render(input).html;
        assert!(
            !clean.contains("<script")
                && !clean.contains("onerror")
                && !clean.contains("javascript"),
            "{clean}"
        );
        assert!(clean.contains("<figcaption>Cap</figcaption>"));
        assert!(clean.contains("src=\"https://www.youtube.com/embed/x\""));
        assert!(!clean.contains("evil.example"));
        let (raw, _) = render_with(&renderer("allow"), input, false);
        assert!(raw.html.contains("<script>alert(1)</script>"));
    }

    #[test]
    fn legacy_html_comes_out_valid() {
        let input = "<p><a name=\"top\"></a><a href=\"/x\">x</a></p>\n<img src=\"a.png\" alt=\"\" width=\"600px\" height=\"100%\" align=\"left\">\n<table align=\"center\" summary=\"s\"><tr><td align=\"right\" colspan=\"2\">1</td></tr></table>\n<hr size=\"2\">\n";
        let html = render(input).html;
        assert!(html.contains("<a href=\"/x\">x</a>"), "{html}");
        assert!(!html.contains("rel="), "{html}");
        assert!(html.contains("width=\"600\""), "{html}");
        assert!(
            !html.contains("height") && !html.contains("align") && !html.contains("summary"),
            "{html}"
        );
        assert!(
            html.contains("<td colspan=\"2\">1</td>") && html.contains("<hr>"),
            "{html}"
        );
        assert_eq!(pixels(" 42 px"), Some("42".to_owned()));
        let stray = render("<ul><li>a</li></p>\n<li>b</li></ul>\n").html;
        assert!(!stray.contains("<p>"), "{stray}");
        assert_eq!(pixels("auto"), None);
    }

    #[test]
    fn images_keep_their_attributes_through_the_sanitiser_and_stand_alone_as_figures() {
        let markdown = "<b>raw</b> text ![inline](https://e.org/a.png).\n\n![Alone](https://e.org/b.png \"Caption & co\")\n";
        let html = render(markdown).html;
        assert!(
            html.contains("<img src=\"https://e.org/a.png\" alt=\"inline\" loading=\"lazy\" decoding=\"async\">"),
            "{html}"
        );
        assert!(
            html.contains("<figure><img src=\"https://e.org/b.png\" alt=\"Alone\" loading=\"lazy\" decoding=\"async\"><figcaption>Caption &amp; co</figcaption></figure>"),
            "{html}"
        );
        assert!(!html.contains("<p><figure"), "{html}");
        // The figure is no paragraph: the summary is the text before it.
        assert!(render(markdown).summary_html.starts_with("<p><b>raw</b>"));
    }

    fn render_mentions(markdown: &str) -> Rendered {
        let detector =
            MentionDetector::new([("Sergueï Lavrov", 0), ("Lavrov", 0), ("OMS", 1)]).unwrap();
        let links = [
            "/actors/serguei-lavrov/".to_owned(),
            "/actors/oms/".to_owned(),
        ];
        let mentions = Mentions {
            detector: &detector,
            links: Some(&links),
        };
        let body = Body {
            path: Path::new("a.md"),
            file_text: markdown,
            markdown,
            summary: None,
            french: true,
            mentions: Some(mentions),
            place: None,
        };
        renderer("sanitize").render(&body, &mut Vec::new())
    }

    #[test]
    fn first_mentions_link_to_the_actor_outside_headings_links_and_code() {
        let r = render_mentions(
            "## Lavrov à Paris\n\nSelon `Lavrov` et [Lavrov](https://e.org), l’OMS a reçu M.\u{a0}Lavrov. Lavrov a répondu.\n",
        );
        assert_eq!(r.mentioned, [0, 1]);
        assert!(
            r.html.contains("<h2 id=\"lavrov-a-paris\">Lavrov à Paris"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<code>Lavrov</code>"));
        assert!(r.html.contains("<a href=\"https://e.org\">Lavrov</a>"));
        assert!(
            r.html
                .contains("l’<a class=\"mention\" href=\"/actors/oms/\">OMS</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("M.\u{a0}<a class=\"mention\" href=\"/actors/serguei-lavrov/\">Lavrov</a>. Lavrov a répondu."), "{}", r.html);
        assert_eq!(r.html.matches("class=\"mention\"").count(), 2);
    }

    #[test]
    fn names_inside_raw_links_and_code_are_not_mentions() {
        let r = render_mentions(
            "Voir <a href=\"https://e.org\">Lavrov</a> et <code>OMS</code>, puis l'OMS.\n",
        );
        assert_eq!(r.mentioned, [1]);
        assert!(
            r.html.contains(">Lavrov</a>") && !r.html.contains("serguei-lavrov"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("class=\"mention\"").count(), 1);
    }

    #[test]
    fn names_split_by_smart_punctuation_are_still_found() {
        let r = render_mentions("L'OMS et \"Sergueï Lavrov\".\n");
        assert_eq!(r.mentioned, [1, 0]);
        assert_eq!(r.words, 4);
    }
}
