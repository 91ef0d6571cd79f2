//! Legacy HTML in imported bodies written in its modern form, so the pages are valid HTML.
//!
//! Old CMS exports and hand-written posts of the 2000s carry markup that HTML5 made obsolete
//! and that the W3C checker reports on every page that has it: `<tt>`, `<center>`, `<font>`,
//! `<acronym>`, `<a name>`, images without `alt`, and headings that skip levels (an `<h3>`
//! right under the page's `<h1>` title). The source site showed the same markup, so what a
//! reader sees stays the same: each obsolete element becomes the element HTML5 puts in its
//! place, and the headings are renumbered so the outline has no gap, their order kept.
//!
//! `<u>` is left alone: HTML5 kept it as a conforming element (a span of text marked as
//! unlike the rest), and the checker has nothing to say about it.
//!
//! Only markup is touched: code blocks and inline code, where `<tt>` is text to show, are
//! found by pulldown-cmark (as gazette will render the body) and skipped.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag};
use regex::{Captures, Regex};

/// A body with its legacy markup modernised, and what changed: `(body line, note)`, one note
/// per kind of change with its first line and count.
pub fn modernise(body: &str) -> (String, Vec<(usize, String)>) {
    let code = code_ranges(body);
    let mut edits = Vec::new();
    let mut changes = Changes::default();
    let tags = tags_outside(body, &code);
    renumber_headings(body, &tags, &mut edits, &mut changes);
    wrap_orphan_items(body, &tags, &mut edits, &mut changes);
    nest_lists_in_items(body, &tags, &mut edits, &mut changes);
    span_containers_as_divs(body, &tags, &mut edits, &mut changes);
    let mut anchors = Anchors::new(body, &tags);
    let mut foreign = 0usize;
    for (index, tag) in tags.iter().enumerate() {
        // Inside inline SVG or MathML, element names are theirs: nothing to modernise.
        if matches!(tag.name.as_str(), "svg" | "math") {
            foreign = if tag.closing {
                foreign.saturating_sub(1)
            } else {
                foreign + 1
            };
            continue;
        }
        if foreign > 0 {
            continue;
        }
        if tag.name == "a" && !tag.closing {
            anchors.rewrite(body, &tags, index, &mut edits, &mut changes);
        } else {
            rewrite_tag(body, tag, &mut edits, &mut changes);
        }
    }
    (apply(body, edits), changes.notes(body))
}

/// One HTML tag of the body: where it is, its name (lowercased), whether it ends an element.
struct TagAt {
    range: Range<usize>,
    name: String,
    closing: bool,
}

/// A replacement of part of the body.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// Kinds of change, each with the byte offset of its first occurrence and a count.
#[derive(Default)]
struct Changes(Vec<(String, usize, usize)>);

impl Changes {
    fn add(&mut self, kind: String, at: usize) {
        match self.0.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, _, count)) => *count += 1,
            None => self.0.push((kind, at, 1)),
        }
    }

    fn notes(self, body: &str) -> Vec<(usize, String)> {
        self.0
            .into_iter()
            .map(|(kind, at, count)| {
                let line = body[..at].matches('\n').count() + 1;
                let times = if count > 1 {
                    format!(" ({count} times)")
                } else {
                    String::new()
                };
                (line, format!("{kind}{times}"))
            })
            .collect()
    }
}

/// Byte ranges of code blocks and inline code, as gazette's Markdown reader sees them.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, crate::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(range),
            _ => None,
        })
        .collect()
}

/// Every HTML start or end tag outside code, in order.
fn tags_outside(body: &str, code: &[Range<usize>]) -> Vec<TagAt> {
    // Attribute values in quotes may hold `>`; a tag is its name, then attributes, then `>`.
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>"#)
            .expect("a valid pattern")
    });
    TAG.captures_iter(body)
        .filter_map(|found| {
            let whole = found.get(0)?;
            let inside_code = code
                .iter()
                .any(|c| c.start <= whole.start() && whole.start() < c.end);
            (!inside_code).then(|| TagAt {
                range: whole.range(),
                name: found[2].to_ascii_lowercase(),
                closing: !found[1].is_empty(),
            })
        })
        .collect()
}

/// A heading of the body: where its level is written, and the level.
enum Heading {
    /// `### Title`: the run of `#` at this range.
    Atx(Range<usize>, usize),
    /// `Title` over `---`: the whole heading, to be written again as an ATX heading.
    Setext(Range<usize>, usize),
    /// `<h3>`: its start tag, and the index of its end tag among the body's tags, if any.
    Html(usize, usize),
}

/// Headings renumbered in order so that none is more than one level below the one before,
/// the first being `h2` (the page's title is the `h1`). A heading that went up a level or
/// more than the previous one keeps its place in the outline.
fn renumber_headings(body: &str, tags: &[TagAt], edits: &mut Vec<Edit>, changes: &mut Changes) {
    let headings = headings(body, tags);
    // The open sections: (level as written, level given).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut renumbered: Vec<(usize, usize, usize)> = Vec::new();
    for (at, heading) in &headings {
        let written = match heading {
            Heading::Atx(_, level) | Heading::Setext(_, level) => *level,
            Heading::Html(start, _) => level_of(&tags[*start].name),
        };
        while open.last().is_some_and(|(w, _)| *w >= written) {
            open.pop();
        }
        let given = open.last().map_or(2, |(_, g)| g + 1).min(6);
        open.push((written, given));
        if given != written {
            renumbered.push((*at, written, given));
            rewrite_heading(body, heading, tags, given, edits);
        }
    }
    if let Some((at, _, _)) = renumbered.first() {
        let mut pairs: Vec<String> = Vec::new();
        for (_, from, to) in &renumbered {
            let pair = format!("h{from}→h{to}");
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        let kind = format!(
            "headings renumbered so that none skips a level below the page title: {}",
            pairs.join(", ")
        );
        changes.add(kind, *at);
    }
}

/// The body's headings in order, Markdown and HTML, each with its byte offset.
fn headings(body: &str, tags: &[TagAt]) -> Vec<(usize, Heading)> {
    let mut found: Vec<(usize, Heading)> = Parser::new_ext(body, crate::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level as usize;
                let text = &body[range.clone()];
                let start = range.start + (text.len() - text.trim_start_matches(' ').len());
                let hashes = body[start..].bytes().take_while(|b| *b == b'#').count();
                let heading = if hashes == level {
                    Heading::Atx(start..start + hashes, level)
                } else {
                    Heading::Setext(range.clone(), level)
                };
                Some((range.start, heading))
            }
            _ => None,
        })
        .collect();
    for (index, tag) in tags.iter().enumerate() {
        if is_heading(&tag.name) && !tag.closing {
            let end = tags[index + 1..]
                .iter()
                .position(|t| is_heading(&t.name))
                .map(|offset| index + 1 + offset)
                .filter(|&e| tags[e].closing);
            found.push((
                tag.range.start,
                Heading::Html(index, end.unwrap_or(usize::MAX)),
            ));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

fn rewrite_heading(
    body: &str,
    heading: &Heading,
    tags: &[TagAt],
    level: usize,
    edits: &mut Vec<Edit>,
) {
    match heading {
        Heading::Atx(range, _) => edits.push(Edit {
            range: range.clone(),
            text: "#".repeat(level),
        }),
        Heading::Setext(range, _) => {
            let text = body[range.clone()].trim_end();
            let lines: Vec<&str> = text.lines().collect();
            let title = lines[..lines.len().saturating_sub(1)]
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            edits.push(Edit {
                range: range.start..range.start + text.len(),
                text: format!("{} {title}", "#".repeat(level)),
            });
        }
        Heading::Html(start, end) => {
            for index in [*start, *end] {
                if let Some(tag) = tags.get(index) {
                    // `<h3` → `<h2`, `</h3` → `</h2`: the digit sits right after the name's `h`.
                    let digit = body[tag.range.clone()]
                        .find(['h', 'H'])
                        .map(|h| tag.range.start + h + 1);
                    if let Some(digit) = digit {
                        edits.push(Edit {
                            range: digit..digit + 1,
                            text: level.to_string(),
                        });
                    }
                }
            }
        }
    }
}

/// The elements of HTML (current and obsolete), and the SVG and MathML roots: any other
/// name is no element a browser knows.
fn is_html_element(name: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "acronym",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "basefont",
        "bdi",
        "bdo",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "marquee",
        "math",
        "menu",
        "meta",
        "meter",
        "nav",
        "nobr",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ];
    ELEMENTS.contains(&name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn level_of(name: &str) -> usize {
    name[1..].parse().unwrap_or(2)
}

/// List items outside any list (`<li>` lines a CMS left without their `<ul>`, which every
/// browser shows as bullets anyway) put in a `<ul>`: each run of them, from its first start
/// tag to its last end tag, with nothing but blank space between them.
fn wrap_orphan_items(body: &str, tags: &[TagAt], edits: &mut Vec<Edit>, changes: &mut Changes) {
    let mut lists = 0usize;
    // The run being read: where its `<ul>` goes, where its last item ended (if it has).
    let mut run: Option<(usize, Option<usize>)> = None;
    let mut close = |run: &mut Option<(usize, Option<usize>)>, at: usize, edits: &mut Vec<Edit>| {
        if let Some((start, end)) = run.take() {
            let end = end.unwrap_or(at);
            edits.push(Edit {
                range: start..start,
                text: "<ul>".to_owned(),
            });
            edits.push(Edit {
                range: end..end,
                text: "</ul>".to_owned(),
            });
            changes.add(
                "list items outside any list put in a `<ul>`".to_owned(),
                start,
            );
        }
    };
    for tag in tags {
        match (tag.name.as_str(), tag.closing) {
            ("ul" | "ol" | "menu", closing) => {
                close(&mut run, tag.range.start, edits);
                lists = if closing {
                    lists.saturating_sub(1)
                } else {
                    lists + 1
                };
            }
            ("li", false) if lists == 0 => match &mut run {
                Some((_, Some(end))) if !body[*end..tag.range.start].trim().is_empty() => {
                    close(&mut run, tag.range.start, edits);
                    run = Some((tag.range.start, None));
                }
                Some((_, end)) => *end = None,
                None => run = Some((tag.range.start, None)),
            },
            ("li", true) if lists == 0 => {
                if let Some((_, end)) = &mut run {
                    *end = Some(tag.range.end);
                }
            }
            // Past the last item's end, any other tag ends the run.
            _ if matches!(run, Some((_, Some(_)))) => close(&mut run, tag.range.start, edits),
            _ => {}
        }
    }
    close(&mut run, body.len(), edits);
}

/// A list written straight inside another (`<ul><li>a</li><ul><li>a.1</li></ul></ul>`, as
/// old editors nested them) moved into the item before it, where HTML wants it and where
/// every browser already indented it; a list with no item before it gets one of its own.
fn nest_lists_in_items(body: &str, tags: &[TagAt], edits: &mut Vec<Edit>, changes: &mut Changes) {
    // Open lists and items: the element, and for a list moved into an item, whether its
    // end tag must close that item.
    let mut open: Vec<(&str, bool)> = Vec::new();
    // The end of the last item closed in the innermost list: `</li>`'s range.
    let mut last_item_end: Option<Range<usize>> = None;
    for tag in tags {
        match (tag.name.as_str(), tag.closing) {
            ("ul" | "ol", false) => {
                let in_list = open
                    .last()
                    .is_some_and(|(name, _)| matches!(*name, "ul" | "ol"));
                let item_before = last_item_end
                    .take()
                    .filter(|end| body[end.end..tag.range.start].trim().is_empty());
                if in_list {
                    match item_before {
                        Some(end) => edits.push(Edit {
                            range: end,
                            text: String::new(),
                        }),
                        None => edits.push(Edit {
                            range: tag.range.start..tag.range.start,
                            text: "<li>".to_owned(),
                        }),
                    }
                    changes.add(
                        "a list written straight inside a list moved into an item".to_owned(),
                        tag.range.start,
                    );
                }
                open.push((if tag.name == "ul" { "ul" } else { "ol" }, in_list));
            }
            ("ul" | "ol", true) => {
                while let Some((name, _)) = open.last() {
                    if matches!(*name, "ul" | "ol") {
                        break;
                    }
                    open.pop();
                }
                if let Some((_, true)) = open.pop() {
                    edits.push(Edit {
                        range: tag.range.end..tag.range.end,
                        text: "</li>".to_owned(),
                    });
                }
                last_item_end = None;
            }
            ("li", false) => {
                if open.last().is_some_and(|(name, _)| *name == "li") {
                    open.pop();
                }
                open.push(("li", false));
                last_item_end = None;
            }
            ("li", true) if open.last().is_some_and(|(name, _)| *name == "li") => {
                open.pop();
                last_item_end = Some(tag.range.clone());
            }
            _ => {}
        }
    }
}

/// A `<span>` alone on its line whose content runs past a blank line holds blocks (Markdown
/// paragraphs, headings), which no span may: it is written as the `<div>` it acts as.
fn span_containers_as_divs(
    body: &str,
    tags: &[TagAt],
    edits: &mut Vec<Edit>,
    changes: &mut Changes,
) {
    for (index, tag) in tags.iter().enumerate() {
        if tag.name != "span" || tag.closing || !alone_on_its_line(body, &tag.range) {
            continue;
        }
        let mut depth = 0usize;
        let end = tags[index + 1..].iter().find(|t| {
            if t.name == "span" {
                if !t.closing {
                    depth += 1;
                } else if depth == 0 {
                    return true;
                } else {
                    depth -= 1;
                }
            }
            false
        });
        let Some(end) = end else { continue };
        let inside = &body[tag.range.end..end.range.start];
        if !inside.contains("\n\n") && !inside.contains("\n\r\n") {
            continue;
        }
        let written = &body[tag.range.clone()];
        edits.push(Edit {
            range: tag.range.clone(),
            text: format!("<div{}>", attributes_of(written)),
        });
        edits.push(Edit {
            range: end.range.clone(),
            text: "</div>".to_owned(),
        });
        changes.add(
            "`<span>` holding paragraphs written as a `<div>`".to_owned(),
            tag.range.start,
        );
    }
}

fn alone_on_its_line(body: &str, range: &Range<usize>) -> bool {
    let line_start = body[..range.start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = body[range.end..]
        .find('\n')
        .map_or(body.len(), |n| range.end + n);
    body[line_start..range.start].trim().is_empty() && body[range.end..line_end].trim().is_empty()
}

/// The modern element for an obsolete one, with the attributes it keeps (`None`: all).
fn replacement(name: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match name {
        "tt" => ("code", None),
        "acronym" => ("abbr", None),
        "strike" => ("s", None),
        // Centred blocks: the themes centre `.center`; alignment attributes are obsolete too.
        "center" => ("div", Some(r#" class="center""#)),
        // The face, size and colour a font tag chose were the old site's design, not the text's.
        "font" | "big" | "blink" | "nobr" | "marquee" => ("span", Some("")),
        "dir" => ("ul", None),
        _ => return None,
    })
}

/// One tag in its modern form: obsolete elements renamed, `<a name>` as an `id`, an image
/// without `alt` given an empty one.
fn rewrite_tag(body: &str, tag: &TagAt, edits: &mut Vec<Edit>, changes: &mut Changes) {
    let written = &body[tag.range.clone()];
    if !is_html_element(&tag.name) && !tag.name.contains('-') {
        // `<path to postgresql archive>` typed as text, made a tag by an old CMS: browsers
        // hid the tag and showed what follows, but the sanitiser drops an element named as
        // an SVG one (`path`, `text`, `image`) with all its content.
        edits.push(Edit {
            range: tag.range.clone(),
            text: String::new(),
        });
        if !tag.closing {
            changes.add(
                format!(
                    "unknown tag `<{}>` removed, the text it held kept",
                    tag.name
                ),
                tag.range.start,
            );
        }
        return;
    }
    if let Some((modern, attributes)) = replacement(&tag.name) {
        let text = if tag.closing {
            format!("</{modern}>")
        } else {
            let kept = attributes.map_or_else(|| attributes_of(written).to_owned(), str::to_owned);
            format!("<{modern}{kept}>")
        };
        edits.push(Edit {
            range: tag.range.clone(),
            text,
        });
        if !tag.closing {
            changes.add(
                format!("obsolete `<{}>` written `<{modern}>`", tag.name),
                tag.range.start,
            );
        }
        return;
    }
    if tag.closing {
        return;
    }
    match tag.name.as_str() {
        "img" if attribute(written, "alt").is_none() => {
            let end = tag.range.end - if written.ends_with("/>") { 2 } else { 1 };
            edits.push(Edit {
                range: end..end,
                text: r#" alt="""#.to_owned(),
            });
            changes.add(
                "image without `alt` given an empty one; describe what it shows in `alt=\"…\"` if it is not decoration".to_owned(),
                tag.range.start,
            );
        }
        _ => {}
    }
}

/// `<a name="x">` anchors, which HTML5 replaced by ids: the ids the body has, so that an
/// anchor never gives one twice, and the Markdown headings an anchor may sit in.
struct Anchors {
    ids: HashSet<String>,
    atx_headings: Vec<Range<usize>>,
}

impl Anchors {
    fn new(body: &str, tags: &[TagAt]) -> Anchors {
        let ids = tags
            .iter()
            .filter_map(|tag| attribute(&body[tag.range.clone()], "id"))
            .map(|id| unquote(id).to_owned())
            .collect();
        let atx_headings = Parser::new_ext(body, crate::markdown::options())
            .into_offset_iter()
            .filter_map(|(event, range)| match event {
                Event::Start(Tag::Heading { id: None, .. })
                    if body[range.clone()].trim_start().starts_with('#') =>
                {
                    Some(range)
                }
                _ => None,
            })
            .collect();
        Anchors { ids, atx_headings }
    }

    /// `<a name="x">` written `<a id="x">`; in a Markdown heading, an empty one becomes the
    /// heading's own id (`## Title {#x}`), which links to `#x` reach as before. A name with
    /// spaces (no id may hold one) or one the body already uses as an id is dropped.
    fn rewrite(
        &mut self,
        body: &str,
        tags: &[TagAt],
        index: usize,
        edits: &mut Vec<Edit>,
        changes: &mut Changes,
    ) {
        static NAME: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?i)\sname\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)"#)
                .expect("a valid pattern")
        });
        let tag = &tags[index];
        let written = &body[tag.range.clone()];
        let Some(found) = NAME.captures(written) else {
            return;
        };
        let whole = found.get(0).expect("a match has its text");
        let name_range = tag.range.start + whole.start()..tag.range.start + whole.end();
        let name = unquote(&found[1]).trim().to_owned();
        let has_id = attribute(written, "id").is_some();
        if has_id
            || name.is_empty()
            || name.contains(char::is_whitespace)
            || self.ids.contains(&name)
        {
            edits.push(Edit {
                range: name_range,
                text: String::new(),
            });
            changes.add(
                "`<a name>` dropped: a name with spaces or one the page has as an id already"
                    .to_owned(),
                tag.range.start,
            );
            return;
        }
        self.ids.insert(name.clone());
        let end = tags.get(index + 1).filter(|next| {
            next.name == "a"
                && next.closing
                && body[tag.range.end..next.range.start].trim().is_empty()
        });
        let heading = self
            .atx_headings
            .iter()
            .find(|h| h.contains(&tag.range.start));
        if let (Some(end), Some(heading)) = (end, heading) {
            let line_end = heading.start + body[heading.clone()].trim_end().len();
            edits.push(Edit {
                range: tag.range.start..end.range.end,
                text: String::new(),
            });
            edits.push(Edit {
                range: line_end..line_end,
                text: format!(" {{#{name}}}"),
            });
            changes.add(
                "`<a name>` in a heading written as the heading's id".to_owned(),
                tag.range.start,
            );
            return;
        }
        edits.push(Edit {
            range: name_range,
            text: format!(" id=\"{name}\""),
        });
        changes.add("`<a name>` written as an `id`".to_owned(), tag.range.start);
    }
}

/// An attribute value without its quotes.
fn unquote(value: &str) -> &str {
    value.trim_matches(|c| c == '"' || c == '\'')
}

/// The attributes part of a start tag (`<p class="x">` → ` class="x"`).
fn attributes_of(written: &str) -> &str {
    let inner = written
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    inner[name_end..].trim_end()
}

/// The value of an attribute of a tag, if it has it.
fn attribute<'t>(written: &'t str, name: &str) -> Option<&'t str> {
    static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\s([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"#)
            .expect("a valid pattern")
    });
    ATTRIBUTE
        .captures_iter(attributes_of(written))
        .find(|c: &Captures<'_>| c[1].eq_ignore_ascii_case(name))
        .map(|c| c.get(2).map_or("", |v| v.as_str()))
}

/// The body with its edits made (edits never overlap: each rewrites its own tag or hashes).
fn apply(body: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(body.len() + 64);
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&body[at..edit.range.start]);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(&body[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modern(body: &str) -> String {
        modernise(body).0
    }

    #[test]
    fn obsolete_elements_become_their_modern_forms() {
        assert_eq!(
            modern("<p>La commande <tt>psql</tt> et <TT>pg_dump</TT>.</p>\n"),
            "<p>La commande <code>psql</code> et <code>pg_dump</code>.</p>\n"
        );
        assert_eq!(
            modern(
                "<center><a href=\"/x\">x</a></center>\n<font face=\"Arial\" size=2>y</font> <acronym title=\"DataBase Administrator\">DBA</acronym> <strike>z</strike> <u>u</u>\n"
            ),
            "<div class=\"center\"><a href=\"/x\">x</a></div>\n<span>y</span> <abbr title=\"DataBase Administrator\">DBA</abbr> <s>z</s> <u>u</u>\n"
        );
    }

    #[test]
    fn code_keeps_its_obsolete_markup_as_text() {
        let body = "Write `<tt>` no more.\n\n```html\n<center>x</center>\n```\n\n<tt>x</tt>\n";
        assert_eq!(
            modern(body),
            "Write `<tt>` no more.\n\n```html\n<center>x</center>\n```\n\n<code>x</code>\n"
        );
    }

    #[test]
    fn anchor_names_become_ids_and_images_get_an_alt() {
        assert_eq!(
            modern("<a name=\"top\"></a><a NAME='b' id=\"c\">b</a><a href=\"#top\">up</a>\n"),
            "<a id=\"top\"></a><a id=\"c\">b</a><a href=\"#top\">up</a>\n"
        );
        assert_eq!(
            modern(
                "## <a name=\"tools\"></a>Tools\n\n<p id=\"x\"><a name=\"x\">a</a> <a name=\"Free Video\">b</a></p>\n"
            ),
            "## Tools {#tools}\n\n<p id=\"x\"><a>a</a> <a>b</a></p>\n"
        );
        assert_eq!(
            modern(
                "<img src=\"a.png\" width=\"100\"><img src=\"b.png\" alt=\"B\"/><img src=\"c.png\" />\n"
            ),
            "<img src=\"a.png\" width=\"100\" alt=\"\"><img src=\"b.png\" alt=\"B\"/><img src=\"c.png\"  alt=\"\"/>\n"
        );
    }

    #[test]
    fn headings_are_renumbered_without_gaps_in_markdown_and_html() {
        let body = "### Intro\n\ntext\n\n##### Detail\n\n<h3 id=\"x\">Next</h3>\n\n#### Sub\n\nTitle\n-----\n";
        let (out, notes) = modernise(body);
        assert_eq!(
            out,
            "## Intro\n\ntext\n\n### Detail\n\n<h2 id=\"x\">Next</h2>\n\n### Sub\n\nTitle\n-----\n"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, 1);
        assert!(notes[0].1.contains("h3→h2, h5→h3, h4→h3"), "{notes:?}");
    }

    #[test]
    fn list_items_without_a_list_get_one() {
        assert_eq!(
            modern(
                "Text:\n\n<li>a</li>\n\n<li style=\"x\">\n  b\n</li>\n\nAfter.\n\n<ul><li>c</li></ul>\n<li>d</li> and text <li>e</li>\n"
            ),
            "Text:\n\n<ul><li>a</li>\n\n<li style=\"x\">\n  b\n</li></ul>\n\nAfter.\n\n<ul><li>c</li></ul>\n<ul><li>d</li></ul> and text <ul><li>e</li></ul>\n"
        );
    }

    #[test]
    fn a_list_inside_a_list_moves_into_the_item_before_it() {
        assert_eq!(
            modern(
                "<ul><li>a</li>\n  <ul><li>a.1</li></ul>\n<li>b</li></ul>\n<ol><ol><li>x</li></ol></ol>\n<ul><li>c<ul><li>c.1</li></ul></li></ul>\n"
            ),
            "<ul><li>a\n  <ul><li>a.1</li></ul></li>\n<li>b</li></ul>\n<ol><li><ol><li>x</li></ol></li></ol>\n<ul><li>c<ul><li>c.1</li></ul></li></ul>\n"
        );
    }

    #[test]
    fn a_span_holding_paragraphs_becomes_a_div() {
        assert_eq!(
            modern(
                "<span id=\"jobs\">\n\n## Hiring\n\nText <span>inline</span>.\n\n</span>\n<span>x</span>\n"
            ),
            "<div id=\"jobs\">\n\n## Hiring\n\nText <span>inline</span>.\n\n</div>\n<span>x</span>\n"
        );
    }

    #[test]
    fn unknown_tags_go_and_their_text_stays() {
        let (out, notes) = modernise(
            "$ tar xzvf <path to=\"\" archive=\"\">/pg.tar.gz\n</path> <my-card>x</my-card> <svg><path d=\"M0\"/></svg>\n",
        );
        assert_eq!(
            out,
            "$ tar xzvf /pg.tar.gz\n <my-card>x</my-card> <svg><path d=\"M0\"/></svg>\n"
        );
        assert_eq!(
            notes,
            vec![(
                1,
                "unknown tag `<path>` removed, the text it held kept".to_owned()
            )]
        );
    }

    #[test]
    fn a_good_outline_is_left_as_it_is() {
        let body = "## A\n\n### B\n\n## C\n\n<h2>D</h2>\n";
        assert_eq!(modernise(body), (body.to_owned(), Vec::new()));
    }

    #[test]
    fn setext_headings_below_their_level_are_written_with_hashes() {
        assert_eq!(modern("Top\n===\n\nbody\n"), "## Top\n\nbody\n");
        assert_eq!(
            modern("# Top\n\nUnder\nit\n---\n"),
            "## Top\n\n### Under it\n"
        );
    }

    #[test]
    fn notes_count_each_kind_once_with_its_first_line() {
        let (_, notes) = modernise("x\n\n<tt>a</tt>\n\n<tt>b</tt>\n");
        assert_eq!(
            notes,
            vec![(3, "obsolete `<tt>` written `<code>` (2 times)".to_owned())]
        );
    }
}
