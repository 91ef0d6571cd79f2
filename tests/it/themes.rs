//! Choosing a theme (`theme:`, `--theme`), the bundled `plain` theme, and `actor_years`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::harness::{SiteTest, broken_links, html_files};

/// The site paths of every HTML page under `output`.
fn page_paths(output: &Path) -> BTreeSet<String> {
    html_files(output)
        .iter()
        .map(|file| file.strip_prefix(output).unwrap().display().to_string())
        .collect()
}

#[test]
fn the_plain_theme_writes_the_default_themes_pages_with_every_link_resolving() {
    let site = SiteTest::demo();
    let default = site.build_ok();
    let default_pages = page_paths(&default.output);
    let plain = site.build(&["--theme", "plain"]);
    assert!(plain.success, "{}", plain.stderr);
    assert!(!plain.stderr.contains("warning"), "{}", plain.stderr);
    assert_eq!(page_paths(&plain.output), default_pages);
    assert_eq!(broken_links(&plain.output, "/"), Vec::<String>::new());

    let article = plain.page("/2024/02/grippe-aviaire-elevages-riverains/");
    assert!(article.contains("<h1>Grippe aviaire"), "{article}");
    assert!(article.contains("Acteurs :"), "French labels: {article}");
    assert!(!article.contains("style.css"), "no stylesheet: {article}");
    let search = plain.page("/search/");
    assert!(search.contains("pagefind-ui.js") && search.contains("mergeIndex"));
}

#[test]
fn the_plain_theme_links_every_page_of_paginated_lists_and_actor_years() {
    let built = SiteTest::demo()
        .config("paginate: 2")
        .build(&["--theme", "plain"]);
    assert!(built.success, "{}", built.stderr);
    assert_eq!(broken_links(&built.output, "/"), Vec::<String>::new());
    let france = built.page("/actors/france/");
    assert!(
        france.contains("rel=\"next\"") || france.contains("rel=next"),
        "{france}"
    );
    assert!(france.contains("/actors/france/2024/"), "{france}");
    let year = built.page("/actors/france/2024/");
    assert!(year.contains("href=\"/actors/france/\"") || year.contains("href=/actors/france/"));
}

#[test]
fn the_plain_front_page_shows_twenty_articles_when_lists_are_not_paginated() {
    let mut site = SiteTest::new().config("paginate: 0");
    for day in 1..=25 {
        site = site.article(
            &format!("a{day:02}.md"),
            &format!("title: Article {day:02}\ndate: 2024-03-{day:02}"),
            "Text.",
        );
    }
    let built = site.build(&["--theme", "plain"]);
    assert!(built.success, "{}", built.stderr);
    let home = built.page("/");
    assert!(home.contains("Article 25") && home.contains("Article 06"));
    assert!(!home.contains("Article 05"), "{home}");
    assert!(!built.has_page("/page/2/"));
    // The month still lists all 25.
    assert!(built.page("/archive/2024/03/").contains("Article 01"));
}

#[test]
fn the_theme_flag_replaces_the_configured_theme_and_is_checked() {
    let site = SiteTest::demo().config("theme: default");
    let built = site.build(&["--theme", "plain"]);
    assert!(built.success, "{}", built.stderr);
    assert!(!built.page("/").contains("style.css"));

    let missing = site.build(&["--theme", "nope"]);
    assert!(!missing.success);
    missing.assert_stderr(&["theme `nope` not found", "themes/nope", "--theme"]);
    // The flag named it: no line of site.yaml is to blame.
    missing.assert_stderr(&["site.yaml: error: theme `nope` not found"]);

    let site = site.config("theme: nope");
    let configured = site.build(&[]);
    assert!(!configured.success);
    let line = line_of_key(&site.root.join("site.yaml"), "theme");
    configured.assert_stderr(&[&format!(
        "site.yaml:{line}:1: error: theme `nope` not found"
    )]);

    let outside = site.build(&["--theme", "../default"]);
    assert!(!outside.success);
    assert!(
        outside.stderr.contains("a folder of themes/"),
        "{}",
        outside.stderr
    );
}

#[test]
fn actor_years_false_writes_no_year_pages_and_links_none() {
    let site = SiteTest::demo().config("paginate: 2");
    let with_years = site.build_ok();
    assert!(with_years.has_page("/actors/france/2024/"));
    assert!(
        with_years
            .page("/actors/france/")
            .contains("/actors/france/2024/")
    );

    let without = site.config("actor_years: false").build_ok();
    assert!(!without.has_page("/actors/france/2024/"));
    assert!(
        !without
            .page("/actors/france/")
            .contains("/actors/france/2024/")
    );
    assert!(
        without.has_page("/actors/france/page/2/"),
        "still paginated"
    );
    assert_eq!(broken_links(&without.output, "/"), Vec::<String>::new());
}

#[test]
fn structured_data_is_made_when_a_template_of_the_site_asks_for_it() {
    let site = SiteTest::demo();
    let article = "/2024/02/grippe-aviaire-elevages-riverains/";
    let plain = site.build(&["--theme", "plain"]);
    assert!(!plain.page(article).contains("application/ld+json"));

    // The plain theme never reads `page.structured_data`; a site override that does gets it.
    let base = std::fs::read_to_string(site.root.join("themes/plain/templates/base.html"))
        .unwrap()
        .replace(
            "</head>",
            "<script type=\"application/ld+json\">{{ page.structured_data | safe }}</script></head>",
        );
    let site = site.write("templates/base.html", &base);
    let built = site.build(&["--theme", "plain"]);
    assert!(built.success, "{}", built.stderr);
    assert!(built.page(article).contains("\"@type\":\"NewsArticle\""));
}

/// The 1-based line where `key:` starts in a YAML file.
fn line_of_key(file: &std::path::Path, key: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    1 + text
        .lines()
        .position(|line| line.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no `{key}:` in {text}"))
}

/// The `content` of a page's `<meta name="description">`, minified or not.
fn meta_description(html: &str) -> Option<&str> {
    let at = html
        .find("name=\"description\"")
        .or_else(|| html.find("name=description"))?;
    let rest = &html[at..];
    let content = &rest[rest.find("content=")? + "content=".len()..];
    let content = content.strip_prefix('"').unwrap_or(content);
    content.split(['"', '>']).next()
}

#[test]
fn every_indexable_page_of_both_themes_has_a_description_and_an_icon() {
    let site = SiteTest::demo();
    for theme in ["default", "plain"] {
        let built = site.build(&["--theme", theme]);
        assert!(built.success, "{}", built.stderr);
        assert!(built.output.join("favicon.svg").is_file(), "{theme}");
        let mut descriptions = BTreeSet::new();
        for file in html_files(&built.output) {
            let html = std::fs::read_to_string(&file).unwrap();
            if html.contains("noindex") {
                continue; // redirect pages
            }
            let description = meta_description(&html)
                .unwrap_or_else(|| panic!("{theme}: no description in {}", file.display()));
            assert!(!description.trim().is_empty(), "{}", file.display());
            descriptions.insert(description.to_owned());
            assert!(html.contains("favicon.svg"), "{theme}: {}", file.display());
        }
        let search = built.page("/search/");
        assert!(
            meta_description(&search).unwrap().contains("Rechercher"),
            "the search page says what it is, in the site's language: {search}"
        );
        assert!(
            descriptions.len() > 60,
            "pages describe themselves, not all alike"
        );
    }
}

#[test]
fn an_automatic_summary_is_shown_once_and_a_written_one_as_the_standfirst() {
    let site = SiteTest::new()
        .article(
            "auto.md",
            "title: Auto\ndate: 2024-03-01",
            "The opening paragraph.\n\nThe rest.",
        )
        .article(
            "written.md",
            "title: Written\ndate: 2024-03-02\nsummary: A standfirst of its own.",
            "The opening paragraph.\n\nThe rest.",
        );
    for theme in ["default", "plain"] {
        let built = site.build(&["--theme", theme]);
        assert!(built.success, "{}", built.stderr);
        // The head's descriptions quote it too; readers see the body.
        let body = |html: String| html[html.find("<body").unwrap()..].to_owned();
        let auto = body(built.page("/2024/03/auto/"));
        assert_eq!(
            auto.matches("The opening paragraph.").count(),
            1,
            "{theme}: {auto}"
        );
        let written = body(built.page("/2024/03/written/"));
        assert_eq!(written.matches("The opening paragraph.").count(), 1);
        assert!(
            written.contains("A standfirst of its own.</p>"),
            "{theme}: {written}"
        );
        let home = built.page("/");
        assert!(home.contains("The opening paragraph."), "cards keep it");
    }
}

#[test]
fn site_i18n_overrides_the_themes_strings_and_a_third_language_is_a_file() {
    let site = SiteTest::new()
        .article("a.md", "title: A\ndate: 2024-03-01", "Text.")
        .write("i18n/en.yaml", "search: Find a story\nhome: Today\n");
    let built = site.build_ok();
    let home = built.page("/");
    assert!(
        home.contains(">Today</a>") && home.contains(">Find a story</a>"),
        "{home}"
    );
    assert!(
        home.contains(">Archive</a>"),
        "strings not overridden stay the theme's"
    );

    // German: a copy of the English file, translated in part, in the theme's i18n/.
    let english = std::fs::read_to_string(site.root.join("themes/default/i18n/en.yaml")).unwrap();
    let german = english
        .replace("March, April", "März, April")
        .replace("  archive: Archive", "  archive: Archiv");
    let site = site
        .write("themes/default/i18n/de.yaml", &german)
        .config("language: de");
    let built = site.build_ok();
    let home = built.page("/");
    assert!(home.contains("<html lang=\"de\">"), "{home}");
    assert!(home.contains(">Archiv</a>"), "{home}");
    assert!(built.page("/archive/2024/03/").contains("März 2024"));

    // A language without a file is named, with the ones there are.
    let site = site.config("language: it");
    let built = site.build_err();
    built.assert_stderr(&[
        "site.yaml: error: the theme has no strings for language `it`",
        "available: de, en, fr",
    ]);
}
