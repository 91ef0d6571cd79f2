//! What a successful build produces: pages, URLs, dates, lists and links.

use crate::harness::{SiteTest, broken_links};

fn two_articles() -> SiteTest {
    SiteTest::new()
        .article(
            "2016/accord.md",
            "title: Accord signé\ndate: 2016-07-15 09:30\nactors: [Sergueï Lavrov, France]\ntags: [diplomatie]",
            "Premier paragraphe de l'accord.\n\nSecond paragraphe.\n",
        )
        .article(
            "2016/suite.md",
            "title: Suite des négociations\ndate: 2016-08-02\nactors: [sergueï lavrov]\ntags: [Diplomatie, énergie]",
            "La suite.\n",
        )
}

#[test]
fn article_pages_follow_the_permalink_and_show_readable_dates() {
    let built = two_articles().build_ok();
    let page = built.page("/2016/07/accord/");
    assert!(
        page.contains("<h1 class=\"article-title\">Accord signé</h1>"),
        "{page}"
    );
    assert!(page.contains("datetime=\"2016-07-15T09:30:00+00:00\""));
    assert!(page.contains("Friday, July 15, 2016"));
    assert!(page.contains("<html lang=\"en\">"));
    built.assert_stderr(&["2 articles read"]);
}

#[test]
fn french_sites_write_dates_and_ui_in_french() {
    let built = two_articles()
        .config("language: fr\ntimezone: Europe/Paris")
        .build_ok();
    let page = built.page("/2016/08/suite/");
    assert!(page.contains("mardi 2 août 2016"), "{page}");
    assert!(page.contains("Aller au contenu"));
    assert!(built.page("/archive/2016/").contains("juillet"));
}

#[test]
fn actors_and_tags_get_pages_and_merge_spellings() {
    let built = two_articles().build_ok();
    let actor = built.page("/actors/serguei-lavrov/");
    assert!(actor.contains("<h1>Sergueï Lavrov</h1>"), "{actor}");
    assert!(actor.contains("/2016/07/accord/") && actor.contains("/2016/08/suite/"));
    let index = built.page("/actors/");
    assert!(index.contains("href=\"/actors/france/\""));
    assert!(built.page("/tags/diplomatie/").contains("/2016/08/suite/"));
    assert!(built.has_page("/tags/energie/"));
    built.assert_stderr(&["`sergueï lavrov` is written `Sergueï Lavrov` elsewhere"]);
}

#[test]
fn previous_and_next_follow_chronology() {
    let built = two_articles().build_ok();
    let older = built.page("/2016/07/accord/");
    assert!(
        older.contains("rel=\"next\" href=\"/2016/08/suite/\""),
        "{older}"
    );
    assert!(!older.contains("rel=\"prev\""));
    let newer = built.page("/2016/08/suite/");
    assert!(newer.contains("rel=\"prev\" href=\"/2016/07/accord/\""));
}

#[test]
fn archive_months_follow_the_site_time_zone() {
    let built = SiteTest::new()
        .config("timezone: Europe/Paris")
        .article(
            "nye.md",
            "title: Réveillon\ndate: 2016-12-31T23:30:00Z",
            "Texte.\n",
        )
        .build_ok();
    assert!(built.has_page("/2017/01/nye/"), "{}", built.stderr);
    assert!(
        built
            .page("/archive/2017/01/")
            .contains("Sunday, January 1, 2017")
    );
    assert!(!built.has_page("/archive/2016/"));
    assert!(
        built
            .page("/archive/")
            .contains("href=\"/archive/2017/01/\"")
    );
}

#[test]
fn month_and_year_pages_link_neighbouring_periods() {
    let built = two_articles()
        .article("old.md", "title: Old\ndate: 2015-03-01", "x\n")
        .build_ok();
    let july = built.page("/archive/2016/07/");
    assert!(
        july.contains("rel=\"prev\" href=\"/archive/2015/03/\""),
        "{july}"
    );
    assert!(july.contains("rel=\"next\" href=\"/archive/2016/08/\""));
    let year = built.page("/archive/2016/");
    assert!(year.contains("rel=\"prev\" href=\"/archive/2015/\""));
}

#[test]
fn drafts_and_future_articles_are_left_out_unless_asked() {
    let site = two_articles()
        .article(
            "draft.md",
            "title: Draft\ndate: 2016-01-01\ndraft: true",
            "x\n",
        )
        .article("future.md", "title: Later\ndate: 2999-01-01", "x\n");
    let built = site.build_ok();
    assert!(!built.has_page("/2016/01/draft/") && !built.has_page("/2999/01/future/"));
    let built = site.build(&["--drafts", "--future"]);
    assert!(built.success, "{}", built.stderr);
    assert!(built.has_page("/2016/01/draft/") && built.has_page("/2999/01/future/"));
}

#[test]
fn links_work_under_a_base_url_with_a_sub_path() {
    let built = two_articles()
        .config("base_url: https://example.org/archive/\nminify: true")
        .article(
            "link.md",
            "title: L\ndate: 2016-09-01",
            "See [the accord](/2016/07/accord/) and [elsewhere](https://e.org/x).\n",
        )
        .build_ok();
    let linking = built.page("/2016/09/link/");
    assert!(
        linking.contains("href=\"/archive/2016/07/accord/\">"),
        "{linking}"
    );
    assert!(linking.contains("href=\"https://e.org/x\">"));
    let home = built.page("/");
    assert!(home.contains("/archive/2016/07/accord/"), "{home}");
    assert!(home.contains("/archive/style.css"));
    assert_eq!(
        broken_links(&built.output, "/archive/"),
        Vec::<String>::new()
    );
}

#[test]
fn summary_comes_from_front_matter_more_marker_or_first_paragraph() {
    let built = SiteTest::new()
        .article(
            "a.md",
            "title: A\ndate: 2020-01-03\nsummary: Written summary.",
            "Body.\n",
        )
        .article(
            "b.md",
            "title: B\ndate: 2020-01-02",
            "Teaser one.\n\n<!-- more -->\n\nRest.\n",
        )
        .article(
            "c.md",
            "title: C\ndate: 2020-01-01",
            "## Heading\n\nFirst para.\n\nSecond.\n",
        )
        .build_ok();
    let home = built.page("/");
    assert!(home.contains("<p>Written summary.</p>"), "{home}");
    assert!(home.contains("<p>Teaser one.</p>") && !home.contains("Rest."));
    assert!(home.contains("<p>First para.</p>") && !home.contains("Second."));
}

#[test]
fn site_templates_override_the_theme_and_see_unknown_keys() {
    let built = SiteTest::new()
        .write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p>Custom lost page</p>{% endblock content %}")
        .write("templates/article.html", "<p>{{ article.title }} by {{ article.extra.byline }}</p>")
        .article("a.md", "title: A\ndate: 2020-01-01\nbyline: Ana", "x\n")
        .build_ok();
    assert!(built.page("/404.html").contains("Custom lost page"));
    assert_eq!(built.page("/2020/01/a/"), "<p>A by Ana</p>");
}

#[test]
fn unknown_keys_warn_with_a_suggestion_but_build() {
    let built = SiteTest::new()
        .article("a.md", "title: A\ndate: 2020-01-01\nactor: Ana", "x\n")
        .build_ok();
    built.assert_stderr(&[
        "content/articles/a.md:4:1: warning: unknown key `actor`",
        "did you mean `actors`?",
        "(1 warning)",
    ]);
}

#[test]
fn static_files_are_copied_and_the_site_wins_over_the_theme() {
    let built = SiteTest::new()
        .write("static/style.css", "body{color:red}")
        .write("static/img/logo.svg", "<svg/>")
        .article("a.md", "title: A\ndate: 2020-01-01", "x\n")
        .build_ok();
    assert_eq!(
        std::fs::read_to_string(built.output.join("style.css")).unwrap(),
        "body{color:red}"
    );
    assert!(built.output.join("img/logo.svg").is_file());
}

#[test]
fn editor_leftovers_and_hidden_files_are_not_articles() {
    let built = SiteTest::new()
        .article("a.md", "title: A\ndate: 2020-01-01", "x\n")
        .write("content/articles/a.md~", "garbage")
        .write("content/articles/.#a.md", "garbage")
        .write("content/articles/.drafts/b.md", "garbage")
        .build_ok();
    built.assert_stderr(&["1 articles read"]);
}

#[test]
fn minified_pages_keep_structure_entities_and_scripts() {
    let built = SiteTest::new()
        .config("minify: true\nraw_html: allow")
        .article("a.md", "title: AT&T et « Fleuve »\ndate: 2020-01-01", "Prix&nbsp;: 5 &lt; 6.\n\n<script>\n  // garder\n  if (1 < 2) { console.log(\"</p>\") }\n</script>\n")
        .build_ok();
    let page = built.page("/2020/01/a/");
    assert!(
        page.contains("AT&amp;T et « Fleuve »") || page.contains("AT&T et « Fleuve »"),
        "{page}"
    );
    assert!(page.contains("5 &lt; 6"));
    assert!(page.contains("// garder\n  if (1 < 2) { console.log(\"</p>\") }"));
    assert!(page.trim_end().ends_with("</body></html>"));
}

#[test]
fn empty_site_builds_its_fixed_pages() {
    let built = SiteTest::new().build_ok();
    for page in ["/", "/actors/", "/tags/", "/archive/", "/404.html"] {
        assert!(built.has_page(page), "{page}");
    }
}

#[test]
fn lists_are_newest_first_and_articles_of_the_same_moment_follow_their_file_paths() {
    // Files written in an order that is neither the dates' nor the paths'.
    let mut site = SiteTest::new();
    for (file, date) in [
        ("b/zeta.md", "2020-05-01 08:00"),
        ("a/delta.md", "2020-05-01 08:00"),
        ("c/omega.md", "2021-01-01"),
        ("a/beta.md", "2020-05-01 08:00"),
        ("b/alpha.md", "2019-12-31 23:59"),
        ("a/gamma.md", "2020-05-01 10:00"),
    ] {
        let slug = file.split(['/', '.']).nth(1).unwrap();
        site = site.article(file, &format!("title: T {slug}\ndate: {date}"), "Text.\n");
    }
    let built = site.build_ok();
    let home = built.page("/");
    let at = |slug: &str| {
        home.find(&format!("/{slug}/\""))
            .unwrap_or_else(|| panic!("{slug} on the home page"))
    };
    let order = ["omega", "gamma", "beta", "delta", "zeta", "alpha"];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    // Previous and next follow the same order.
    let beta = built.page("/2020/05/beta/");
    assert!(beta.contains("/2020/05/gamma/") && beta.contains("/2020/05/delta/"));
}
