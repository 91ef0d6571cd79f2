//! An HTML conformance pass over the pages `check` renders: what the W3C's Nu checker (vnu)
//! reports most on imported archives, found without Java.
//!
//! Old CMS exports break HTML in a few ways over and over: `<p>` inside `<ul>` or a heading,
//! `<li>` outside a list, end tags left over once the parser closed an element for them,
//! obsolete elements (`<tt>`, `<center>`, `<font>`) and attributes (`<a name>`), and ids
//! given twice. The page is tokenized by html5ever (the WHATWG tokenizer), and a stack of open
//! elements follows the tree builder's rules for the elements involved: which start tags close
//! an open `<p>`, `<li>`, `<dt>`/`<dd>`, which content may sit in lists and phrasing elements.
//! It is not a full validator (tables, forms and foreign content are left to vnu); it aims
//! at zero false alarms, and the tests compare it with vnu where Java is present.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// One conformance problem of a page: its line in the page, what is wrong, and a piece of
/// markup to find it by in the source file (`<tt`, `id="top"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub line: usize,
    pub message: String,
    pub snippet: String,
}

/// The problems of one page, in order.
pub(super) fn problems(html: &str) -> Vec<Problem> {
    let sink = Conformance::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    state.problems
}

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

const OBSOLETE: &[&str] = &[
    "acronym",
    "applet",
    "basefont",
    "bgsound",
    "big",
    "blink",
    "center",
    "dir",
    "font",
    "frame",
    "frameset",
    "isindex",
    "keygen",
    "listing",
    "marquee",
    "menuitem",
    "multicol",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "plaintext",
    "spacer",
    "strike",
    "tt",
    "xmp",
];

/// Start tags that close an open `<p>` (the tree builder's list).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
    "xmp",
    "li",
    "dd",
    "dt",
];

/// Flow content that phrasing-only elements (spans, headings, emphasis) may not hold.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements whose content is phrasing content only.
const PHRASING_ONLY: &[&str] = &[
    "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "i", "kbd", "label", "legend", "mark", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "sup", "time", "u", "var",
];

/// Elements whose content model is their parent's: looked through.
const TRANSPARENT: &[&str] = &[
    "a", "ins", "del", "map", "object", "video", "audio", "noscript",
];

/// End tags the tree builder supplies itself: an element of these left open is not an error.
const IMPLIED_END: &[&str] = &[
    "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc",
];

/// Elements that bound the search for an open element ("in scope").
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "svg",
    "math",
];

/// Attributes that are obsolete on any element where we look for them.
const OBSOLETE_ATTRIBUTES: &[(&str, &str)] = &[
    ("a", "name"),
    ("*", "align"),
    ("*", "bgcolor"),
    ("*", "valign"),
    ("table", "cellpadding"),
    ("table", "cellspacing"),
    ("iframe", "frameborder"),
    ("iframe", "scrolling"),
    ("script", "language"),
];

#[derive(Default)]
struct Conformance {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// Open elements, the document's root first.
    open: Vec<String>,
    /// Ids seen, and the line of each.
    ids: HashMap<String, usize>,
    /// Depth inside `<svg>` or `<math>`, whose content follows other rules.
    foreign: usize,
    /// The level of the last heading, to find one that skips a level below it.
    last_heading: Option<usize>,
    problems: Vec<Problem>,
}

impl TokenSink for Conformance {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return state.start(&tag, line),
                TagKind::EndTag => state.end(&tag.name, line),
            },
            Token::CharacterTokens(text) => state.text(&text, line),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl State {
    fn say(&mut self, line: usize, message: String, snippet: String) {
        self.problems.push(Problem {
            line,
            message,
            snippet,
        });
    }

    fn current(&self) -> Option<&str> {
        self.open.last().map(String::as_str)
    }

    /// The index of the nearest open `name` above any scope boundary.
    fn in_scope(&self, name: &str, extra_bounds: &[&str]) -> Option<usize> {
        for (index, open) in self.open.iter().enumerate().rev() {
            if open == name {
                return Some(index);
            }
            if SCOPE.contains(&open.as_str()) || extra_bounds.contains(&open.as_str()) {
                return None;
            }
        }
        None
    }

    /// Closes elements down to `index`; an element closed early that needs its own end tag
    /// is a problem.
    fn close_to(&mut self, index: usize, by: &str, line: usize) {
        let unclosed: Vec<String> = self.open[index + 1..]
            .iter()
            .filter(|name| !IMPLIED_END.contains(&name.as_str()))
            .cloned()
            .collect();
        if let Some(first) = unclosed.first() {
            self.say(
                line,
                format!("`<{by}>` closes `<{first}>`, which was not closed"),
                format!("<{first}"),
            );
        }
        self.open.truncate(index);
    }

    /// A heading more than one level below the one before (`<h3>` right under the page's
    /// `<h1>`) leaves a gap in the outline that screen readers navigate by.
    fn heading_level(&mut self, name: &str, line: usize) {
        let level = name[1..].parse().unwrap_or(1);
        if let Some(last) = self.last_heading
            && level > last + 1
        {
            self.say(
                line,
                format!("`<{name}>` follows `<h{last}>`: a heading level is skipped"),
                format!("<{name}"),
            );
        }
        self.last_heading = Some(level);
    }

    fn start(&mut self, tag: &Tag, line: usize) -> TokenSinkResult<()> {
        let name = tag.name.to_string();
        if self.foreign > 0 {
            if !tag.self_closing && (name == "svg" || name == "math") {
                self.foreign += 1;
            }
            return TokenSinkResult::Continue;
        }
        if OBSOLETE.contains(&name.as_str()) {
            self.say(
                line,
                format!("obsolete element `<{name}>`"),
                format!("<{name}"),
            );
        }
        self.attributes(&name, tag, line);
        if CLOSES_P.contains(&name.as_str())
            && let Some(p) = self.in_scope("p", &["button"])
        {
            self.close_to(p, &name, line);
        }
        match name.as_str() {
            "li" => self.start_item("li", &["ul", "ol", "menu"], &["ul", "ol"], line),
            "dt" | "dd" => self.start_item(&name, &["dl", "div"], &["dl"], line),
            "a" => {
                if let Some(a) = self.in_scope("a", &[]) {
                    self.say(line, "a link inside a link".into(), "<a".into());
                    self.open.truncate(a);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading_level(&name, line),
            _ => {}
        }
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.current().is_some_and(is_heading) => {
                let outer = self.current().unwrap_or_default().to_owned();
                self.say(
                    line,
                    format!("`<{name}>` inside `<{outer}>`"),
                    format!("<{name}"),
                );
                self.open.pop();
            }
            _ => {}
        }
        self.check_placement(&name, line);
        if name == "svg" || name == "math" {
            if !tag.self_closing {
                self.foreign = 1;
            }
            return TokenSinkResult::Continue;
        }
        if !VOID.contains(&name.as_str()) {
            self.open.push(name.clone());
        }
        match name.as_str() {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "iframe" | "noembed" | "noframes" | "xmp" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }

    /// `<li>`, `<dt>`, `<dd>`: an open one of `closes` is closed first (as the tree builder
    /// does), then the item must sit in one of `parents`.
    fn start_item(&mut self, name: &str, parents: &[&str], bounds: &[&str], line: usize) {
        let siblings: &[&str] = if name == "li" { &["li"] } else { &["dt", "dd"] };
        for sibling in siblings {
            if let Some(open) = self.in_scope(sibling, bounds) {
                self.close_to(open, name, line);
            }
        }
        let parent = self.current().unwrap_or("html").to_owned();
        if !parents.contains(&parent.as_str()) {
            self.say(
                line,
                format!("`<{name}>` inside `<{parent}>`, outside a list"),
                format!("<{name}"),
            );
        }
    }

    /// What a list or a phrasing element may hold.
    fn check_placement(&mut self, name: &str, line: usize) {
        let Some(parent) = self.current().map(str::to_owned) else {
            return;
        };
        let allowed_in_list = ["li", "script", "template"];
        if (parent == "ul" || parent == "ol") && !allowed_in_list.contains(&name) {
            self.say(
                line,
                format!("`<{name}>` directly inside `<{parent}>`"),
                format!("<{name}"),
            );
            return;
        }
        if parent == "dl" && !["dt", "dd", "div", "script", "template"].contains(&name) {
            self.say(
                line,
                format!("`<{name}>` directly inside `<dl>`"),
                format!("<{name}"),
            );
            return;
        }
        if BLOCKS.contains(&name) {
            let container = self
                .open
                .iter()
                .rev()
                .find(|open| !TRANSPARENT.contains(&open.as_str()))
                .cloned();
            if let Some(container) = container
                && PHRASING_ONLY.contains(&container.as_str())
            {
                self.say(
                    line,
                    format!("`<{name}>` inside `<{container}>`"),
                    format!("<{name}"),
                );
            }
        }
    }

    fn attributes(&mut self, element: &str, tag: &Tag, line: usize) {
        for attribute in &tag.attrs {
            let attribute_name = attribute.name.local.to_string();
            if attribute_name == "id" {
                let id = attribute.value.to_string();
                if let Some(first) = self.ids.get(&id) {
                    let message = format!("the id `{id}` is given twice (first on line {first})");
                    self.say(line, message, format!("id=\"{id}\""));
                } else {
                    self.ids.insert(id, line);
                }
            }
            let obsolete = OBSOLETE_ATTRIBUTES
                .iter()
                .any(|&(on, name)| name == attribute_name && (on == "*" || on == element));
            if obsolete {
                self.say(
                    line,
                    format!("obsolete attribute `{attribute_name}` on `<{element}>`"),
                    format!("{attribute_name}="),
                );
            }
        }
    }

    fn end(&mut self, name: &str, line: usize) {
        if self.foreign > 0 {
            if name == "svg" || name == "math" {
                self.foreign -= 1;
            }
            return;
        }
        if VOID.contains(&name) {
            return;
        }
        let bounds: &[&str] = match name {
            "p" => &["button"],
            "li" => &["ul", "ol"],
            _ => &[],
        };
        match self.in_scope(name, bounds) {
            Some(index) => self.close_to(index, &format!("/{name}"), line),
            None => self.say(
                line,
                format!("stray end tag `</{name}>`"),
                format!("</{name}"),
            ),
        }
    }

    fn text(&mut self, text: &str, line: usize) {
        if self.foreign > 0 || text.trim().is_empty() {
            return;
        }
        if let Some(parent @ ("ul" | "ol" | "dl" | "table" | "tr" | "tbody")) = self.current() {
            let message = format!("text directly inside `<{parent}>`");
            let snippet = text.trim().chars().take(20).collect();
            self.say(line, message, snippet);
        }
    }
}

/// `h1` to `h6`: a heading start tag closes an open heading, as the HTML parser does.
fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(html: &str) -> Vec<String> {
        problems(html)
            .into_iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect()
    }

    #[test]
    fn valid_html_has_no_problem() {
        let html = "<!doctype html><html lang=en><head><title>a < b</title><style>p>a{}</style>\
                    <script>if (a < b && c) {}</script></head><body><main><h1>T</h1><p>One\n<p>Two \
                    <a href=/x><span>x</span></a><ul><li>a<li>b<ul><li>c</ul></ul><dl><dt>t<dd>d</dl>\
                    <figure><img src=a.png alt=a><figcaption>c</figcaption></figure>\
                    <svg><path d=M0></path><p></p></svg><table><tr><td><div>x</div></td></tr></table>\
                    <a href=/y><div>block link</div></a><p id=a>x</p><p id=b>y</p></main></body></html>";
        assert_eq!(messages(html), Vec::<String>::new());
    }

    #[test]
    fn a_legacy_cms_list_broken_by_paragraphs_is_found() {
        // The postgresqlfr shape, once CommonMark has wrapped the inner lines in paragraphs.
        let html = "<ul>\n<p><li><strong>PL/Java</strong> est sorti</p>\n<p><a href=x>x</a></p>\n</ul>\n<h4><p>Titre</p></h4>";
        assert_eq!(
            messages(html),
            [
                // The `<li>` closes the `<p>` (as a browser does), so its own `</p>` is stray;
                // the next paragraph then sits in the still-open `<li>`, which is valid.
                "2: `<p>` directly inside `<ul>`",
                "2: stray end tag `</p>`",
                "5: `<p>` inside `<h4>`",
            ]
        );
    }

    #[test]
    fn obsolete_markup_stray_end_tags_and_duplicate_ids_are_found() {
        let html = "<p><tt>code</tt> <a name=top>x</a></p></p>\n<div id=x></div><span id=x></span>\n<center>c</center><span><div>d</div></span>";
        assert_eq!(
            messages(html),
            [
                "1: obsolete element `<tt>`",
                "1: obsolete attribute `name` on `<a>`",
                "1: stray end tag `</p>`",
                "2: the id `x` is given twice (first on line 2)",
                "3: obsolete element `<center>`",
                "3: `<div>` inside `<span>`",
            ]
        );
        assert_eq!(problems(html)[0].snippet, "<tt");
    }

    #[test]
    fn a_heading_that_skips_a_level_is_found() {
        let html = "<h1>T</h1>\n<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n<h4>D</h4>\n<h1>E</h1>";
        assert_eq!(
            messages(html),
            ["5: `<h4>` follows `<h2>`: a heading level is skipped"]
        );
    }
}
