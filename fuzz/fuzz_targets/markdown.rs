//! Any text as an article body: the Markdown pass with mention detection (French and English
//! names, linked first mentions), the summary and the sanitiser. Nothing may panic or hang,
//! and no script URL may reach an `href` or a `src`.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use gazette::config::{Config, Overrides, RawConfig};
use gazette::markdown::{Body, MarkdownRenderer, Mentions};
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

/// The `href` and `src` values of the tags in `html` (text is escaped, so every `<` opens a
/// tag), lowercased, as a browser reads their scheme.
fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("").to_ascii_lowercase();
        for attribute in [" href=", " src="] {
            for (at, _) in tag.match_indices(attribute) {
                let value = tag[at + attribute.len()..].trim_start_matches(['"', '\'']);
                found.push(as_browsers_read(value));
            }
        }
    }
    found
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
