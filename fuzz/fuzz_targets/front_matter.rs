//! Any bytes as an article file and as an actor and an author profile: decoding, splitting the front
//! matter, parsing and validating it, and writing every diagnostic. Nothing may panic, hang
//! or point outside the file.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use gazette::config::{Config, Overrides, RawConfig};
use gazette::front_matter::{self, validate};
use gazette::source;
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    Config::from_raw(
        RawConfig::default(),
        "",
        "/site".into(),
        &Overrides::default(),
    )
    .expect("the default configuration is valid")
});

fuzz_target!(|data: &[u8]| {
    let path = Path::new("content/articles/2016-07-15-fuzz.md");
    let mut diagnostics = Vec::new();
    match source::decode(path, data.to_vec()) {
        Ok(file) => read(&file.text, &mut diagnostics),
        Err(problem) => diagnostics.push(problem),
    }
    let lines = String::from_utf8_lossy(data).lines().count().max(1);
    for diagnostic in &diagnostics {
        let shown = diagnostic.to_string();
        assert!(!shown.is_empty());
        assert!(
            diagnostic.line <= lines + 1,
            "line {} of a {lines}-line file: {shown}",
            diagnostic.line
        );
    }
});

fn read(text: &str, diagnostics: &mut Vec<gazette::diagnostics::Diagnostic>) {
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(_) => return,
    };
    // The parts are pieces of the file, in order.
    let start = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
    assert!(start(split.yaml) + split.yaml.len() <= start(split.body));
    assert!(start(split.body) + split.body.len() == text.len());
    let path = Path::new("content/articles/2016-07-15-fuzz.md");
    if let Some(raw) = front_matter::parse_article(path, text, &split, diagnostics) {
        let config = &*CONFIG;
        validate::article(path, text, raw, &config.timezone, "en", diagnostics);
    }
    let profile = Path::new("content/actors/fuzz.md");
    if let Some(raw) = front_matter::parse_actor(profile, text, &split, diagnostics) {
        validate::actor_profile(profile, text, raw, String::new(), diagnostics);
    }
    let author = Path::new("content/authors/fuzz.md");
    if let Some(raw) = front_matter::parse_author(author, text, &split, diagnostics) {
        validate::author_profile(author, text, raw, String::new(), diagnostics);
    }
}
