//! Pages made from the minified templates are the pages the whole-page minifier makes.
//!
//! `GAZETTE_MINIFY_TEMPLATES=0` turns the template minification off, so each page is rendered
//! from the templates as written and minified whole: the reference the faster way must match
//! once its own output goes through the same minifier.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{SiteTest, files_under};

fn build(root: &Path, minify_templates: bool) -> (String, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command.args(["build", "--timings", "--root"]).arg(root);
    if !minify_templates {
        command.env("GAZETTE_MINIFY_TEMPLATES", "0");
    }
    let output = command.output().expect("run gazette");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    let pages = files_under(&root.join("output"))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .collect();
    (stderr, pages)
}

/// Every page of the fast build, minified whole, equals the reference page; and the fast
/// page itself is minified: it keeps at least [`KEPT_SAVING`] of the bytes whole-page
/// minification saves (an under-minified fast page would pass the first check alone).
fn assert_same_pages_as_whole_page_minification(site: &SiteTest) -> String {
    let (stderr, fast) = build(&site.root, true);
    let (_, reference) = build(&site.root, false);
    let raw = unminified_pages(site);
    let paths =
        |pages: &[(PathBuf, Vec<u8>)]| pages.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&fast), paths(&reference), "the same pages");
    assert_eq!(paths(&raw), paths(&reference), "the same pages");
    assert!(fast.len() > 5);
    for (((path, fast), (_, reference)), (_, raw)) in fast.iter().zip(&reference).zip(&raw) {
        let fast_minified = gazette::minify::minify(fast);
        assert!(
            fast_minified == *reference,
            "{}:\nfast:      {}\nreference: {}",
            path.display(),
            String::from_utf8_lossy(&fast_minified),
            String::from_utf8_lossy(reference)
        );
        let saved_whole = raw.len().saturating_sub(reference.len()) as f64;
        let saved_fast = raw.len().saturating_sub(fast.len()) as f64;
        assert!(
            saved_fast >= KEPT_SAVING * saved_whole,
            "{}: the fast page saves {saved_fast} bytes, whole-page minification {saved_whole}",
            path.display()
        );
    }
    stderr
}

/// The share of whole-page minification's saving a fast page must keep: values (bodies,
/// JSON-LD) are not minified inside templates, and the demo's worst page keeps 52%.
const KEPT_SAVING: f64 = 0.4;

/// The pages of the same site built with `minify: false`; site.yaml is restored after.
fn unminified_pages(site: &SiteTest) -> Vec<(PathBuf, Vec<u8>)> {
    let config = site.root.join("site.yaml");
    let written = std::fs::read_to_string(&config).unwrap();
    let unminified: String = written
        .lines()
        .filter(|line| !line.starts_with("minify:"))
        .map(|line| format!("{line}\n"))
        .chain(["minify: false\n".to_owned()])
        .collect();
    std::fs::write(&config, unminified).unwrap();
    let (_, raw) = build(&site.root, true);
    std::fs::write(&config, written).unwrap();
    raw
}

#[test]
fn the_demo_site_from_minified_templates_matches_whole_page_minification() {
    let site = SiteTest::demo().config("minify: true");
    let stderr = assert_same_pages_as_whole_page_minification(&site);
    assert!(
        !stderr.contains("note:"),
        "the default theme's templates are all minified and trusted:\n{stderr}"
    );
    let (_, fast) = build(&site.root, true);
    let home = fast
        .iter()
        .find(|(path, _)| path == Path::new("index.html"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap();
    assert!(
        home.starts_with("<!doctype html><html lang=\"fr\"><head><meta charset=utf-8>"),
        "{home}"
    );
    assert!(
        home.contains("</head><body><a class=skip-link"),
        "template whitespace is gone"
    );
}

#[test]
fn a_template_the_minifier_would_change_falls_back_to_whole_pages() {
    // A tag name made by an expression: the template minifier cannot know it is `pre`, so it
    // would collapse the spaces the page-by-page minifier keeps.
    let site = SiteTest::new()
        .config("minify: true")
        .write(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block content %}<{{ \"pre\" }}>  kept\n    as is</{{ \"pre\" }}>{% endblock content %}",
        )
        .article("a.md", "title: A\ndate: 2020-01-01", "Text.\n");
    let stderr = assert_same_pages_as_whole_page_minification(&site);
    assert!(
        stderr.contains("note: pages minified one by one: the minified templates change /404.html"),
        "{stderr}"
    );
    let page = std::fs::read_to_string(site.root.join("output/404.html")).unwrap();
    assert!(page.contains("<pre>  kept\n    as is</pre>"), "{page}");
}

#[test]
fn fixtures_with_every_kind_of_page_match_whole_page_minification() {
    let site = SiteTest::new()
        .config("minify: true\nlanguage: fr\nsearch: true")
        .write(
            "content/actors/ada.md",
            "---\nname: Ada Lovelace\nkind: person\naliases: [Ada]\n---\nMathématicienne.\n",
        )
        .article(
            "2020/a.md",
            "title: « Premier » & <deux>\ndate: 2020-01-01\nactors: [Ada Lovelace]\ntags: [science]\nlang: en\nsummary: Un *résumé*.",
            "Ada  écrit.\n\n    code  kept\n\n> cité\n",
        )
        .article(
            "2021/b.md",
            "title: Second\ndate: 2021-06-01\ntags: [science, histoire]\ndraft: false",
            "Ada revient.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
    assert_same_pages_as_whole_page_minification(&site);
}
