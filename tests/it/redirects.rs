//! Redirects from old URLs (`aliases:` on articles, `url_aliases:` on actor profiles), and
//! permalinks that end in `.html`.

use crate::harness::{SiteTest, files_under};

/// An article with aliases of every form, and a profile with one.
fn moved() -> SiteTest {
    SiteTest::new()
        .write(
            "content/actors/jane-doe.md",
            "---\nname: Jane Doe\nkind: person\nurl_aliases: [/people/jane/]\n---\n",
        )
        .article(
            "story.md",
            "title: The <big> story\ndate: 2024-01-10 09:00\nactors: [Jane Doe]\naliases:\n  - /old/story/\n  - /old/story.html\n  - /old/bare\n  - \"/index.php?post/48\"\n  - /old/page.php\n  - /caf%C3%A9/",
            "Body.\n",
        )
        .article(
            "other.md",
            "title: Other\ndate: 2024-02-10 09:00",
            "Body.\n",
        )
}

#[test]
fn each_alias_a_static_host_can_serve_gets_a_redirect_page() {
    let built = moved().build_ok();
    let target = "https://example.org/2024/01/story/";
    for page in ["/old/story/", "/old/story.html", "/old/bare/", "/café/"] {
        let html = built.page(page);
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"en\">"),
            "{html}"
        );
        assert!(
            html.contains("<title>The &lt;big&gt; story</title>"),
            "{html}"
        );
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")));
        assert!(html.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
        )));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(html.contains(&format!("<a href=\"{target}\">The &lt;big&gt; story</a>")));
    }
    // A query string or another extension cannot be a file: only the rules have them.
    assert!(!built.has_page("/old/page.php"));
    assert!(!built.output.join("index.php").exists());
    let actor = built.page("/people/jane/");
    assert!(actor.contains("href=\"https://example.org/actors/jane-doe/\">Jane Doe</a>"));
}

#[test]
fn every_alias_is_a_rule_for_netlify_cloudflare_and_nginx() {
    let built = moved().build_ok();
    let rules = built.page("/_redirects");
    let lines: Vec<&str> = rules.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        [
            "/old/story/ /2024/01/story/ 301",
            "/old/story.html /2024/01/story/ 301",
            "/old/bare /2024/01/story/ 301",
            "/index.php?post/48 /2024/01/story/ 301",
            "/old/page.php /2024/01/story/ 301",
            "/caf%C3%A9/ /2024/01/story/ 301",
            "/people/jane/ /actors/jane-doe/ 301",
        ]
    );
    let nginx = built.page("/redirects.nginx.conf");
    let query_map = nginx
        .find("map $request_uri $gazette_redirect_query {")
        .unwrap();
    let path_map = nginx.find("map $uri $gazette_redirect {").unwrap();
    let query_rule = nginx
        .find("    \"/index.php?post/48\" \"/2024/01/story/\";")
        .unwrap();
    assert!(query_map < query_rule && query_rule < path_map, "{nginx}");
    for rule in [
        "    default $gazette_redirect_query;",
        "    \"/old/bare\" \"/2024/01/story/\";",
        "    \"/café/\" \"/2024/01/story/\";",
        "    \"/people/jane/\" \"/actors/jane-doe/\";",
        "if ($gazette_redirect) { return 301 $gazette_redirect; }",
    ] {
        assert!(nginx.contains(rule), "{rule} not in\n{nginx}");
    }
}

#[test]
fn redirect_pages_are_in_no_sitemap_and_no_feed() {
    let built = moved().build_ok();
    let sitemap = built.page("/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/2024/01/story/</loc>"));
    for old in ["old/", "people/", "caf", "index.php"] {
        assert!(
            !sitemap.contains(&format!("https://example.org/{old}")),
            "{old}"
        );
    }
    let feed = built.page("/atom.xml");
    assert!(!feed.contains("/old/"), "{feed}");
}

#[test]
fn a_site_without_aliases_writes_no_redirect_files() {
    let built = SiteTest::new()
        .article("a.md", "title: A\ndate: 2024-01-10", "Body.\n")
        .build_ok();
    assert!(!built.output.join("_redirects").exists());
    assert!(!built.output.join("redirects.nginx.conf").exists());
}

#[test]
fn redirects_follow_the_base_path() {
    let built = moved()
        .config("base_url: https://example.org/news/")
        .build_ok();
    let html = built.page("/old/story/");
    let target = "https://example.org/news/2024/01/story/";
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")));
    assert!(html.contains(&format!("<a href=\"{target}\">")));
    let rules = built.page("/_redirects");
    assert!(
        rules.contains("\n/news/old/story/ /news/2024/01/story/ 301\n"),
        "{rules}"
    );
    assert!(rules.contains("\n/news/index.php?post/48 /news/2024/01/story/ 301\n"));
    let nginx = built.page("/redirects.nginx.conf");
    assert!(nginx.contains("    \"/news/old/bare\" \"/news/2024/01/story/\";"));
    // Without an absolute address, links carry the base path alone.
    let built = moved().config("base_url: /news/").build_ok();
    let html = built.page("/old/story/");
    assert!(
        html.contains("content=\"0; url=/news/2024/01/story/\""),
        "{html}"
    );
}

#[test]
fn each_bad_alias_is_an_error_at_its_line() {
    let cases = [
        ("old/story/", "must start with `/`"),
        (
            "https://old.example.org/story/",
            "an address on another site",
        ),
        ("//old.example.org/story/", "an address on another site"),
        ("/../outside/", "would lead outside the output folder"),
        ("/a/%2e%2e/b/", "would lead outside the output folder"),
        ("\"/a\\u200Bb/\"", "invisible formatting character"),
        ("\"/a\\u0007/\"", "control character"),
        ("\"/a b/\"", "a space"),
        ("/a/#top", "`#` fragment"),
    ];
    for (alias, message) in cases {
        let built = SiteTest::new()
            .article(
                "bad.md",
                &format!("title: Bad\ndate: 2024-01-10\naliases:\n  - /fine/\n  - {alias}"),
                "Body.\n",
            )
            .build_err();
        built.assert_stderr(&[
            "content/articles/bad.md:6:1: error: alias",
            message,
            "= hint:",
        ]);
        assert!(!built.output.exists(), "{alias}: nothing is written");
    }
    let built = SiteTest::new()
        .write(
            "content/actors/jane.md",
            "---\nname: Jane\nurl_aliases: [people/jane/]\n---\n",
        )
        .article("a.md", "title: A\ndate: 2024-01-10\nactors: [Jane]", "")
        .build_err();
    built.assert_stderr(&["content/actors/jane.md:3:1: error: alias `people/jane/` must start"]);
}

#[test]
fn an_alias_may_not_take_a_page_url_or_another_alias() {
    // The URL of another article (written without its final `/`).
    let built = SiteTest::new()
        .article(
            "a.md",
            "title: A\ndate: 2024-01-10\naliases: [/2024/01/b]",
            "",
        )
        .article("b.md", "title: B\ndate: 2024-01-11", "")
        .build_err();
    built.assert_stderr(&[
        "content/articles/a.md:4:1: error: two items have the URL `/2024/01/b`",
        "content/articles/b.md (slug from its file name) and the alias `/2024/01/b` at content/articles/a.md:4",
    ]);
    // A built-in page.
    let built = SiteTest::new()
        .article("a.md", "title: A\ndate: 2024-01-10\naliases: [/tags/]", "")
        .build_err();
    built.assert_stderr(&["two items have the URL `/tags/`: the built-in page `tags index`"]);
    // Another file's alias.
    let built = SiteTest::new()
        .article("a.md", "title: A\ndate: 2024-01-10\naliases: [/old/]", "")
        .article(
            "b.md",
            "title: B\ndate: 2024-01-11\naliases: [/x/, /old/]",
            "",
        )
        .build_err();
    built.assert_stderr(&[
        "content/articles/",
        "the alias `/old/` at content/articles/b.md:4 and the alias `/old/` at content/articles/a.md:4",
    ]);
    // The same file, twice (`/old` and `/old/` are one redirect page).
    let built = SiteTest::new()
        .article(
            "a.md",
            "title: A\ndate: 2024-01-10\naliases:\n  - /old\n  - /old/",
            "",
        )
        .build_err();
    built.assert_stderr(&[
        "content/articles/a.md:6:1: error: two items have the URL `/old/`",
        "the alias `/old` at content/articles/a.md:5 and the alias `/old/` at content/articles/a.md:6",
    ]);
}

#[test]
fn a_static_file_may_not_replace_the_generated_redirects() {
    let built = moved()
        .write("static/_redirects", "/a /b 301\n")
        .build_err();
    built.assert_stderr(&[
        "static/_redirects",
        "would replace the generated page `_redirects`",
    ]);
}

#[test]
fn html_permalinks_are_files_and_every_link_uses_them() {
    let site = SiteTest::new()
        .config("permalink: /{year}/{month}/{slug}.html")
        .article(
            "first.md",
            "title: First\ndate: 2024-01-10\ntags: [city]\naliases: [/old/first/]",
            "Body.\n",
        )
        .article(
            "second.md",
            "title: Second\ndate: 2024-01-12\ntags: [city]",
            "Body.\n",
        );
    let built = site.build_ok();
    let url = "https://example.org/2024/01/first.html";
    assert!(built.output.join("2024/01/first.html").is_file());
    assert!(!built.output.join("2024/01/first").exists());
    let article = built.page("/2024/01/first.html");
    assert!(
        article.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
        "{article}"
    );
    assert!(
        article.contains(&format!("\"{url}\"")),
        "JSON-LD: {article}"
    );
    let second = built.page("/2024/01/second.html");
    assert!(
        second.contains("href=\"/2024/01/first.html\""),
        "previous: {second}"
    );
    assert!(built.page("/").contains("href=\"/2024/01/first.html\""));
    assert!(
        built
            .page("/tags/city/")
            .contains("href=\"/2024/01/first.html\"")
    );
    assert!(built.page("/atom.xml").contains(&format!("href=\"{url}\"")));
    assert!(
        built
            .page("/sitemap.xml")
            .contains(&format!("<loc>{url}</loc>"))
    );
    assert!(built.page("/old/first/").contains(&format!("url={url}")));
    assert!(
        built
            .page("/_redirects")
            .contains("/old/first/ /2024/01/first.html 301")
    );
    let index: Vec<_> = files_under(&built.output.join("pagefind"));
    assert!(!index.is_empty(), "the search index is built");
}

#[test]
fn html_permalinks_still_collide() {
    let built = SiteTest::new()
        .config("permalink: /{year}/{slug}.html")
        .article("a/story.md", "title: A\ndate: 2024-01-10", "")
        .article("b/story.md", "title: B\ndate: 2024-03-10", "")
        .build_err();
    built.assert_stderr(&["two items have the URL `/2024/story.html`"]);
    let built = SiteTest::new()
        .config("permalink: /{slug}.html")
        .article("404.md", "title: Lost\ndate: 2024-01-10", "")
        .build_err();
    built.assert_stderr(&["two items have the URL `/404.html`"]);
}
