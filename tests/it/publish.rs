//! Publishing outputs: Atom feeds, sitemap and robots.txt, structured data, search index.

use crate::harness::SiteTest;

fn newsroom() -> SiteTest {
    let site = SiteTest::new()
        .write(
            "content/actors/jane-doe.md",
            "---\nname: Jane Doe\nkind: person\ndescription: Mayor of Riverton.\n---\nBiography.\n",
        )
        .write(
            "content/actors/acme.md",
            "---\nname: Acme Corp\nkind: organisation\n---\n",
        )
        .article(
            "first-foremost.md",
            "title: First & <foremost>\ndate: 2024-01-10 09:00\nactors: [Jane Doe]\ntags: [city hall]\nsummary: The first one, with a [link](/tags/city-hall/).",
            "Body one names Acme Corp.\n",
        )
        .article(
            "second.md",
            "title: Second\ndate: 2024-02-10 09:00\nupdated: 2024-03-01 12:00\nactors: [Jane Doe]\ntags: [city hall]",
            "Body two.\n",
        )
        .article(
            "third.md",
            "title: Third\ndate: 2025-01-10 09:00\ntags: [weather]",
            "Body three.\n\n![Flooded street](/images/flood.jpg)\n",
        )
        .config("feed_limit: 2");
    // A missing or corrupt image is an error: the one the third article shows is a static
    // photo (its variants are made beside it).
    crate::photos::put(
        &site,
        "static/images/flood.jpg",
        &crate::images::jpeg(40, 30),
    );
    site
}

fn parse_feed(xml: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"))
}

#[test]
fn atom_feeds_for_the_site_actors_and_tags_parse_and_use_absolute_urls() {
    let built = newsroom().build_ok();
    let site = parse_feed(&built.page("/atom.xml"));
    assert_eq!(site.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(site.title.unwrap().content, "Test Gazette");
    // `feed_limit: 2`: the two newest articles.
    let titles: Vec<String> = site
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(titles, ["Third", "Second"]);
    let second = &site.entries[1];
    assert_eq!(second.links[0].href, "https://example.org/2024/02/second/");
    assert_eq!(
        second.updated.unwrap().to_rfc3339(),
        "2024-03-01T12:00:00+00:00",
        "`updated` comes from the article's `updated`"
    );
    assert_eq!(
        second.published.unwrap().to_rfc3339(),
        "2024-02-10T09:00:00+00:00"
    );
    assert_eq!(
        site.updated.unwrap().to_rfc3339(),
        "2025-01-10T09:00:00+00:00",
        "the newest change among the entries"
    );

    let actor = parse_feed(&built.page("/actors/jane-doe/atom.xml"));
    let titles: Vec<String> = actor
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(
        titles,
        ["Second", "First & <foremost>"],
        "escaped, then parsed back"
    );
    let summary = actor.entries[1].summary.clone().unwrap().content;
    assert!(
        summary.contains("href=\"https://example.org/tags/city-hall/\""),
        "links in summaries are absolute: {summary}"
    );
    let tag = parse_feed(&built.page("/tags/city-hall/atom.xml"));
    assert_eq!(tag.entries.len(), 2);
}

/// Regression (issue 19, item 5): feeds made links absolute by replacing every ` href="/` in
/// the summary, so code that shows a link had the site's address spliced into its text.
#[test]
fn feeds_make_real_links_absolute_and_leave_code_as_written() {
    let built = SiteTest::new()
        .article(
            "code.md",
            "title: Code\ndate: 2024-01-10 09:00",
            "Write `<a href=\"/x\">` for [x](/actors/foo/) or <a href=\"/raw/\">raw</a>.\n",
        )
        .article(
            "given.md",
            "title: Given\ndate: 2024-01-11 09:00\nsummary: 'Write `<a href=\"/x\">` for [x](/actors/foo/).'",
            "Body.\n",
        )
        .build_ok();
    let feed = parse_feed(&built.page("/atom.xml"));
    let code = "<code>&lt;a href=\"/x\"&gt;</code>";
    for entry in &feed.entries {
        let summary = entry.summary.clone().unwrap().content;
        assert!(summary.contains(code), "code kept as written: {summary}");
        assert!(
            summary.contains("<a href=\"https://example.org/actors/foo/\""),
            "the real link is absolute: {summary}"
        );
        assert!(!summary.contains("example.org/x"), "{summary}");
    }
    let raw = feed.entries[1].summary.clone().unwrap().content;
    assert!(raw.contains("href=\"https://example.org/raw/\""), "{raw}");
    let page = built.page("/2024/01/code/");
    assert!(page.contains(code), "the page keeps the code");
    assert!(
        page.contains("href=\"/actors/foo/\""),
        "the page keeps its root-relative link"
    );
}

#[test]
fn pages_advertise_their_feeds() {
    let built = newsroom().build_ok();
    let advertises = |html: &str, feed: &str| {
        html.split("<link rel=\"alternate\" type=\"application/atom+xml\"")
            .skip(1)
            .any(|tag| {
                tag.split('>')
                    .next()
                    .unwrap()
                    .contains(&format!("href=\"{feed}\""))
            })
    };
    assert!(advertises(&built.page("/"), "/atom.xml"));
    for (page, feed) in [
        ("/actors/jane-doe/", "/actors/jane-doe/atom.xml"),
        ("/tags/city-hall/", "/tags/city-hall/atom.xml"),
    ] {
        assert!(advertises(&built.page(page), feed), "{page} → {feed}");
        assert!(built.has_page(feed));
    }
}

#[test]
fn feeds_can_be_turned_off_and_need_an_absolute_base_url() {
    let off = newsroom().config("feeds: false").build_ok();
    assert!(!off.has_page("/atom.xml"));
    assert!(!off.page("/").contains("application/atom+xml"));
    assert!(off.has_page("/sitemap.xml"));

    let site = newsroom().config("base_url: /news/");
    let no_address = site.build_ok();
    assert!(!no_address.has_page("/atom.xml"));
    assert!(!no_address.has_page("/sitemap.xml"));
    // The warning points at the `base_url:` line that lacks the address.
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let line = 1 + yaml
        .lines()
        .position(|l| l.starts_with("base_url:"))
        .unwrap();
    no_address.assert_stderr(&[&format!(
        "site.yaml:{line}:1: warning: no Atom feeds or sitemap were written: they need an absolute `base_url`"
    )]);
}

#[test]
fn sitemap_lists_every_page_with_lastmod_and_robots_points_to_it() {
    let built = newsroom().build_ok();
    let sitemap = built.page("/sitemap.xml");
    assert!(sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    assert!(sitemap.contains(
        "<url><loc>https://example.org/2024/02/second/</loc><lastmod>2024-03-01T12:00:00+00:00</lastmod></url>"
    ));
    assert!(sitemap.contains(
        "<url><loc>https://example.org/actors/jane-doe/</loc><lastmod>2024-03-01T12:00:00+00:00</lastmod></url>"
    ));
    assert!(sitemap.contains("<loc>https://example.org/archive/2025/01/</loc>"));
    assert!(!sitemap.contains("404"), "the not-found page is not listed");
    assert!(!sitemap.contains("/search/"));
    let urls = sitemap.matches("<url>").count();
    let pages = crate::harness::html_files(&built.output).len();
    assert_eq!(urls, pages - 2, "every page but 404 and search");
    assert_eq!(
        built.page("/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn a_robots_txt_of_the_site_wins() {
    let built = newsroom()
        .write("static/robots.txt", "User-agent: *\nDisallow: /\n")
        .build_ok();
    assert_eq!(built.page("/robots.txt"), "User-agent: *\nDisallow: /\n");
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let json = rest.split("</script>").next().unwrap();
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
        })
        .collect()
}

#[test]
fn article_pages_carry_news_article_breadcrumbs_and_sharing_tags() {
    let built = newsroom().build_ok();
    let html = built.page("/2024/01/first-foremost/");
    let blocks = json_ld(&html);
    assert_eq!(blocks.len(), 1);
    let graph = blocks[0]["@graph"].as_array().unwrap();
    let news = &graph[0];
    assert_eq!(news["@type"], "NewsArticle");
    assert_eq!(news["headline"], "First & <foremost>");
    assert_eq!(news["datePublished"], "2024-01-10T09:00:00+00:00");
    assert_eq!(news["dateModified"], "2024-01-10T09:00:00+00:00");
    assert_eq!(news["inLanguage"], "en");
    assert_eq!(news["about"][0]["@type"], "Person");
    assert_eq!(
        news["about"][0]["url"],
        "https://example.org/actors/jane-doe/"
    );
    assert_eq!(news["mentions"][0]["@type"], "Organization");
    assert_eq!(news["mentions"][0]["name"], "Acme Corp");
    let crumbs = &graph[1];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    let names: Vec<&str> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Test Gazette", "2024", "January 2024", "First & <foremost>"]
    );
    assert!(
        html.contains(
            r#"<link rel="canonical" href="https://example.org/2024/01/first-foremost/">"#
        )
    );
    assert!(html.contains(r#"<meta property="og:type" content="article">"#));
    assert!(html.contains(r#"<meta property="og:title" content="First &amp; &lt;foremost&gt;">"#));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary">"#));

    let with_image = built.page("/2025/01/third/");
    assert!(
        with_image.contains(
            r#"<meta property="og:image" content="https://example.org/images/flood.jpg">"#
        )
    );
    assert_eq!(
        json_ld(&with_image)[0]["@graph"][0]["image"][0],
        "https://example.org/images/flood.jpg"
    );
    let updated = json_ld(&built.page("/2024/02/second/"));
    assert_eq!(
        updated[0]["@graph"][0]["dateModified"],
        "2024-03-01T12:00:00+00:00"
    );
}

#[test]
fn no_field_can_close_the_json_ld_script_or_the_title() {
    let hostile = "</title></script><script>alert(1)</script>";
    let site = |minify: &str| {
        SiteTest::new()
            .config(minify)
            .article(
                "x.md",
                &format!(
                    "title: \"{hostile}\"\ndate: 2024-01-10\ntags: [\"{hostile}\"]\nactors: [\"</SCRIPT >\"]"
                ),
                "Text.\n",
            )
            .build_ok()
    };
    for minify in ["minify: false", "minify: true"] {
        let html = site(minify).page("/2024/01/x/");
        // The title element is text up to the first real `</title>`: ours, not the article's.
        let title = html
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap();
        assert!(title.ends_with(" · Test Gazette"), "{minify}: {title}");
        assert!(!html.contains("<script>alert(1)"), "{minify}: {html}");
        let start = html.find("application/ld+json").unwrap();
        let start = start + html[start..].find('>').unwrap() + 1;
        let json = &html[start..start + html[start..].find("</script>").unwrap()];
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(value["@graph"][0]["headline"], hostile, "{minify}");
    }
}

#[test]
fn actor_and_tag_pages_have_breadcrumbs() {
    let built = newsroom().build_ok();
    let actor = json_ld(&built.page("/actors/jane-doe/"));
    let names: Vec<&str> = actor[0]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Test Gazette", "Actors", "Jane Doe"]);
    let tag = json_ld(&built.page("/tags/weather/"));
    assert_eq!(
        tag[0]["itemListElement"][2]["item"],
        "https://example.org/tags/weather/"
    );
}

#[test]
fn search_index_and_page_are_built_and_can_be_turned_off() {
    let built = newsroom().build_ok();
    for file in ["pagefind.js", "pagefind-entry.json", "pagefind-worker.js"] {
        assert!(built.output.join("pagefind").join(file).is_file(), "{file}");
    }
    // One shard per year: the newest is the primary bundle, the others sit beside it.
    let count = |entry: &str| -> serde_json::Value {
        let entry: serde_json::Value = serde_json::from_str(&built.page(entry)).unwrap();
        entry["languages"]["en"]["page_count"].clone()
    };
    assert_eq!(count("/pagefind/pagefind-entry.json"), 1, "2025");
    assert_eq!(count("/pagefind/2024/pagefind-entry.json"), 2);
    assert!(
        built
            .output
            .join("pagefind/2024/wasm.en.pagefind")
            .is_file()
    );
    assert!(
        !built.output.join("pagefind/2024/pagefind.js").exists(),
        "scripts live in the primary bundle only"
    );
    let search = built.page("/search/");
    assert!(
        search.contains("data-bundle=\"/pagefind/\""),
        "the page knows the bundle"
    );
    assert!(
        search.contains("/pagefind/2024/"),
        "and the other shards: {search}"
    );
    assert!(
        built.page("/").contains("href=\"/search/\""),
        "navigation links to search"
    );

    let off = newsroom().config("search: false").build_ok();
    assert!(!off.output.join("pagefind").exists());
    assert!(!off.has_page("/search/"));
    assert!(!off.page("/").contains("/search/"));
}

#[test]
fn an_article_may_not_take_the_search_page_url() {
    let built = SiteTest::new()
        .config("permalink: /{slug}/")
        .article("search.md", "title: Search\ndate: 2024-01-10", "Text.\n")
        .build_err();
    built.assert_stderr(&["/search/", "the built-in page `search`"]);
    SiteTest::new()
        .config("permalink: /{slug}/\nsearch: false")
        .article("search.md", "title: Search\ndate: 2024-01-10", "Text.\n")
        .build_ok();
}

fn bundle(output: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    crate::harness::files_under(&output.join("pagefind"))
}

#[test]
fn an_unchanged_archive_reuses_its_search_index_and_a_change_rebuilds_only_its_shard() {
    use std::os::unix::fs::MetadataExt;
    let site = newsroom();
    let first = bundle(&site.build_ok().output);
    assert!(
        first
            .iter()
            .any(|(p, _)| p.ends_with(".gazette-fingerprint"))
    );
    assert_eq!(
        bundle(&site.build_ok().output),
        first,
        "same records, same bundle"
    );
    let inodes = |output: &std::path::Path| -> Vec<u64> {
        let mut files: Vec<_> = walkdir::WalkDir::new(output.join("pagefind/2024"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), e.metadata().unwrap().ino()))
            .collect();
        files.sort();
        files.into_iter().map(|(_, ino)| ino).collect()
    };
    let before = inodes(&site.root.join("output"));
    let site = site.article(
        "fourth.md",
        "title: Fourth\ndate: 2025-02-01 09:00",
        "A new word: zeppelin.\n",
    );
    let built = site.build_ok();
    assert_ne!(bundle(&built.output), first);
    let entry: serde_json::Value =
        serde_json::from_str(&built.page("/pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(
        entry["languages"]["en"]["page_count"], 2,
        "the 2025 shard was indexed again"
    );
    assert_eq!(
        inodes(&built.output),
        before,
        "the 2024 shard was kept as it was"
    );
}

#[test]
fn a_shard_is_indexed_again_when_an_articles_text_changes_or_one_of_its_files_is_gone() {
    let site = newsroom();
    let output = site.build_ok().output;
    let fingerprint = |output: &std::path::Path| {
        std::fs::read_to_string(output.join("pagefind/2024/.gazette-fingerprint")).unwrap()
    };
    let first = fingerprint(&output);
    // Only the text after the summary changes: the same title, summary, date and filters.
    let site = site.article(
        "second.md",
        "title: Second\ndate: 2024-02-10 09:00\nupdated: 2024-03-01 12:00\nactors: [Jane Doe]\ntags: [city hall]",
        "Body two.\n\nNow about zeppelins.\n",
    );
    let output = site.build_ok().output;
    let second = fingerprint(&output);
    assert_ne!(second, first, "the 2024 shard was indexed again");
    let indexed = bundle(&output);
    // A file of the kept shard is gone from the output: the shard is made again, whole.
    let fragment = walkdir::WalkDir::new(output.join("pagefind/2024/fragment"))
        .into_iter()
        .flatten()
        .find(|e| e.file_type().is_file())
        .expect("the 2024 shard has fragments")
        .into_path();
    std::fs::remove_file(&fragment).unwrap();
    let output = site.build_ok().output;
    assert!(fragment.is_file(), "the missing fragment was made again");
    assert_eq!(bundle(&output), indexed);
    assert_eq!(fingerprint(&output), second);
}

#[test]
fn json_ld_names_countries_places_and_groups_by_their_schema_types() {
    let built = SiteTest::new()
        .write(
            "content/actors/canada.md",
            "---\nname: Canada\nkind: country\n---\n",
        )
        .write(
            "content/actors/riverton.md",
            "---\nname: Riverton\nkind: place\n---\n",
        )
        .write(
            "content/actors/dockers.md",
            "---\nname: Dockers Union\nkind: group\n---\n",
        )
        .article(
            "x.md",
            "title: X\ndate: 2024-01-10\nactors: [Canada, Riverton, Dockers Union]",
            "Text.\n",
        )
        .build_ok();
    let news = &json_ld(&built.page("/2024/01/x/"))[0]["@graph"][0];
    let types: Vec<(&str, &str)> = news["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["@type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        types,
        [
            ("Canada", "Country"),
            ("Riverton", "Place"),
            ("Dockers Union", "Organization")
        ]
    );
    assert_eq!(
        news["about"][0]["url"],
        "https://example.org/actors/canada/"
    );
}
