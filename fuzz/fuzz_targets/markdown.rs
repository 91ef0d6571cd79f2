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
    let config = Config::from_raw(RawConfig::default(), "", "/site".into(), &Overrides::default())
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
        let lower = html.to_ascii_lowercase();
        for attribute in ["href=\"", "src=\""] {
            for scheme in ["javascript:", "vbscript:", "data:"] {
                let bad = format!("{attribute}{scheme}");
                assert!(!lower.contains(&bad), "{bad} in {html}");
            }
        }
    }
    assert!(rendered.mentioned.iter().all(|&actor| actor < 9));
    for diagnostic in &diagnostics {
        let _ = diagnostic.to_string();
    }
});
