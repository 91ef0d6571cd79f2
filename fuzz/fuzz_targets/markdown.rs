//! Any text as an article body: the Markdown pass with mention detection (French and English
//! names, linked first mentions), the summary and the sanitiser. Nothing may panic or hang,
//! and no script URL may reach an `href` or a `src`.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use gazette::config::{Config, Overrides, RawConfig};
use gazette::markdown::{Body, MarkdownRenderer, Mentions, Place};
use gazette::model::mention::MentionDetector;
use libfuzzer_sys::fuzz_target;

/// Profiled actors, with aliases: accents, elision, acronyms, honorifics, shared words.
const NAMES: &[(&str, usize)] = &[
    ("Sergueï Lavrov", 0),
    ("Lavrov", 0),
    ("M. Lavrov", 0),
    ("État islamique", 1),
    ("EI", 1),
    ("Front al-Nosra", 2),
    ("al-Nosra", 3),
    ("Hélène Marchetti", 4),
    ("Margaret O'Connor", 5),
    ("WHO", 6),
    ("Pierre", 7),
    ("Bachar al-Assad", 8),
    ("Assad", 8),
];

struct Fixture {
    renderer: MarkdownRenderer,
    detector: MentionDetector,
    links: Vec<String>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let config = Config::from_raw(
        RawConfig::default(),
        "",
        "/site".into(),
        &Overrides::default(),
    )
    .expect("the default configuration is valid");
    Fixture {
        renderer: MarkdownRenderer::new(&config),
        detector: MentionDetector::new(NAMES.iter().copied()).expect("names to find"),
        links: (0..9).map(|i| format!("/actors/actor-{i}/")).collect(),
    }
});

fuzz_target!(|data: &[u8]| {
    // The first byte chooses French or English typography and linked mentions or not.
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let fixture = &*FIXTURE;
    let body = Body {
        path: Path::new("content/articles/fuzz.md"),
        file_text: text,
        markdown: text,
        summary: None,
        french: choice & 1 == 1,
        mentions: Some(Mentions {
            detector: &fixture.detector,
            links: (choice & 2 == 2).then_some(fixture.links.as_slice()),
        }),
        // An article's URLs resolved among the site's files, or a biography's left as written.
        place: (choice & 4 == 4).then_some(Place {
            bundle: None,
            folder: "/2024/01/fuzz/",
        }),
    };
    let mut diagnostics = Vec::new();
    let rendered = fixture.renderer.render(&body, &mut diagnostics);
    for html in [&rendered.html, &rendered.summary_html] {
        for url in urls(html) {
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(!url.starts_with(scheme), "{url} in {html}");
            }
        }
    }
    assert!(rendered.mentioned.iter().all(|&actor| actor < 9));
    for diagnostic in &diagnostics {
        let _ = diagnostic.to_string();
    }
});

/// The `href` and `src` values of the tags in `html`, lowercased, as a browser reads their
/// scheme. Text is escaped, so a `<` outside a tag opens one; inside a tag, quoted values are
/// skipped whole (they may hold `<`, `>` and text that looks like attributes).
fn urls(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = html[at..].find('<') {
        at += open + 1;
        if html[at..].starts_with("!--") {
            at = html[at..]
                .find("-->")
                .map_or(html.len(), |end| at + end + 3);
            continue;
        }
        at = word_end(bytes, at); // the tag's name
        loop {
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
                at += 1;
            }
            if at >= bytes.len() || bytes[at] == b'>' {
                break;
            }
            let name_start = at;
            at = word_end(bytes, at).max(at + 1);
            let name = html[name_start..at].to_ascii_lowercase();
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if bytes.get(at) != Some(&b'=') {
                continue;
            }
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let (value, end) = match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = html[at + 1..]
                        .find(quote as char)
                        .map_or(html.len(), |i| at + 1 + i);
                    (&html[at + 1..end], (end + 1).min(html.len()))
                }
                _ => {
                    let end = word_end(bytes, at);
                    (&html[at..end], end)
                }
            };
            if name == "href" || name == "src" {
                found.push(as_browsers_read(&value.to_ascii_lowercase()));
            }
            at = end;
        }
    }
    found
}

/// Where a tag or attribute name (or an unquoted value) that starts at `at` ends.
fn word_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || matches!(b, b'>' | b'=' | b'/'))
        .map_or(bytes.len(), |i| at + i)
}

/// The start of a URL as the WHATWG URL parser sees it: leading C0 controls and spaces
/// dropped, tabs and line breaks removed anywhere. (Other control characters stay, and make
/// the scheme invalid: `javasc\x1cript:` is a relative URL, not a script.)
fn as_browsers_read(value: &str) -> String {
    value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect()
}
