//! Bylines (issue 20, item 1): `authors:` on articles, author profiles, author pages, feeds,
//! JSON-LD, search filters and `check` warnings.

use std::io::Read;

use crate::harness::{SiteTest, files_under};

/// A byline link as the `byline` filter writes it.
fn link(slug: &str, name: &str) -> String {
    format!(r#"<a class="author" rel="author" href="/authors/{slug}/">{name}</a>"#)
}

/// Three articles signed by one, two and three authors; one profile, two names without.
fn bylined() -> SiteTest {
    SiteTest::new()
        .write(
            "content/authors/ann-lee.md",
            "---\nname: Ann Lee\nrole: Port reporter\naliases: [A. Lee]\nimage: /img/ann.jpg\nlinks:\n  website: https://ann.example/\n---\nAnn covers the *port*.\n",
        )
        .article(
            "one.md",
            "title: One\ndate: 2024-01-01 09:00\nauthors: Ann Lee",
            "Body.\n",
        )
        .article(
            "two.md",
            "title: Two\ndate: 2024-01-02 09:00\nauthors: [Ann Lee, Bob Ray]",
            "Body.\n",
        )
        .article(
            "three.md",
            "title: Three\ndate: 2024-01-03 09:00\nauthors: [Bob Ray, a. lee, Cy Tam]",
            "Body.\n",
        )
}

#[test]
fn bylines_join_one_two_and_three_names_in_english_each_linked() {
    let built = bylined().build_ok();
    let ann = link("ann-lee", "Ann Lee");
    let (bob, cy) = (link("bob-ray", "Bob Ray"), link("cy-tam", "Cy Tam"));
    let one = built.page("/2024/01/one/");
    assert!(one.contains(&format!("By {ann}</p>")), "{one}");
    let two = built.page("/2024/01/two/");
    assert!(two.contains(&format!("By {ann} and {bob}</p>")), "{two}");
    let three = built.page("/2024/01/three/");
    assert!(
        three.contains(&format!("By {bob}, {ann} and {cy}</p>")),
        "{three}"
    );
    // Cards carry the byline too: the home page, tag-less archive pages, author pages.
    for list in ["/", "/archive/2024/01/", "/authors/bob-ray/"] {
        let html = built.page(list);
        assert!(
            html.contains(&format!("By {bob}, {ann} and {cy}")),
            "{list}"
        );
    }
}

#[test]
fn bylines_are_french_on_a_french_site_in_both_themes() {
    for theme in ["default", "plain"] {
        let built = bylined()
            .config(&format!("language: fr\ntheme: {theme}"))
            .build_ok();
        let ann = link("ann-lee", "Ann Lee");
        let (bob, cy) = (link("bob-ray", "Bob Ray"), link("cy-tam", "Cy Tam"));
        assert!(built.page("/2024/01/one/").contains(&format!("Par {ann}")));
        let two = built.page("/2024/01/two/");
        assert!(
            two.contains(&format!("Par {ann} et {bob}")),
            "{theme}: {two}"
        );
        let three = built.page("/2024/01/three/");
        assert!(
            three.contains(&format!("Par {bob}, {ann} et {cy}")),
            "{theme}: {three}"
        );
        assert!(built.page("/").contains(&format!("Par {ann} et {bob}")));
        assert!(built.page("/authors/").contains("Ann Lee"), "{theme}");
    }
}

#[test]
fn an_author_page_shows_the_profile_then_the_articles_newest_first_paginated() {
    let mut site = bylined().config("paginate: {author: 2}");
    for day in 4..=6 {
        site = site.article(
            &format!("more-{day}.md"),
            &format!("title: More {day}\ndate: 2024-01-0{day} 09:00\nauthors: [Ann Lee]"),
            "Body.\n",
        );
    }
    let built = site.build_ok();
    // Ann signs 6 articles: 2 per page, newest first.
    let first = built.page("/authors/ann-lee/");
    for shown in [
        "Port reporter",
        "Ann covers the <em>port</em>.",
        "/img/ann.jpg",
        "https://ann.example/",
    ] {
        assert!(first.contains(shown), "{shown}: {first}");
    }
    let titles = |html: &str| -> Vec<String> {
        html.split("class=\"card-title\"><a href=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(titles(&first), ["/2024/01/more-6/", "/2024/01/more-5/"]);
    let second = built.page("/authors/ann-lee/page/2/");
    assert_eq!(titles(&second), ["/2024/01/more-4/", "/2024/01/three/"]);
    let third = built.page("/authors/ann-lee/page/3/");
    assert_eq!(titles(&third), ["/2024/01/two/", "/2024/01/one/"]);
    assert!(!built.has_page("/authors/ann-lee/page/4/"));
    // The profile is shown on the first page only.
    assert!(!second.contains("Ann covers"));
    assert!(first.contains("href=\"/authors/ann-lee/page/2/\""));
}

#[test]
fn an_author_without_profile_gets_a_page_and_the_index_counts_everyone() {
    let built = bylined().build_ok();
    let bob = built.page("/authors/bob-ray/");
    assert!(bob.contains("<h1>Bob Ray</h1>"), "{bob}");
    assert!(bob.contains("/2024/01/two/") && bob.contains("/2024/01/three/"));
    let index = built.page("/authors/");
    // By surname: Lee, Ray, Tam; with their article counts.
    let at = |name: &str| {
        index
            .find(name)
            .unwrap_or_else(|| panic!("{name}: {index}"))
    };
    assert!(at("Ann Lee") < at("Bob Ray") && at("Bob Ray") < at("Cy Tam"));
    assert!(index.contains("Port reporter"));
    let count_after = |name: &str| {
        let rest = &index[at(name)..];
        let count = rest.split("<span class=\"count\">").nth(1).unwrap();
        count.split('<').next().unwrap().to_owned()
    };
    assert_eq!(
        [
            count_after("Ann Lee"),
            count_after("Bob Ray"),
            count_after("Cy Tam")
        ],
        ["3", "2", "1"]
    );
    let sitemap = built.page("/sitemap.xml");
    for page in ["/authors/", "/authors/ann-lee/", "/authors/cy-tam/"] {
        assert!(
            sitemap.contains(&format!("https://example.org{page}")),
            "{page}"
        );
    }
}

#[test]
fn bylines_resolve_names_aliases_and_slugs_ignoring_case_accents_and_apostrophes() {
    let built = SiteTest::new()
        .write(
            "content/authors/zoe.md",
            "---\nname: Zoé O’Brien\naliases: [Z. O’Brien]\n---\n",
        )
        .article(
            "a.md",
            "title: A\ndate: 2024-01-01\nauthors: [zoe o'brien]",
            "x\n",
        )
        .article(
            "b.md",
            "title: B\ndate: 2024-01-02\nauthors: [Z. O'BRIEN]",
            "x\n",
        )
        .article(
            "c.md",
            "title: C\ndate: 2024-01-03\nauthors: [ZOÉ O’BRIEN]",
            "x\n",
        )
        .article("d.md", "title: D\ndate: 2024-01-04\nauthors: [zoe]", "x\n")
        .build_ok();
    assert!(!built.stderr.contains("warning"), "{}", built.stderr);
    let index = built.page("/authors/");
    assert_eq!(
        index.matches("href=\"/authors/zoe/\"").count(),
        1,
        "{index}"
    );
    assert_eq!(index.matches("class=\"count\"").count(), 1, "{index}");
    let page = built.page("/authors/zoe/");
    for story in ["a", "b", "c", "d"] {
        assert!(page.contains(&format!("/2024/01/{story}/")), "{story}");
        let article = built.page(&format!("/2024/01/{story}/"));
        assert!(article.contains(&link("zoe", "Zoé O’Brien")), "{story}");
    }
}

#[test]
fn two_author_profiles_claiming_one_name_is_an_error_naming_both_files() {
    let built = SiteTest::new()
        .write("content/authors/a.md", "---\nname: Ann Lee\n---\n")
        .write("content/authors/b.md", "---\nrole: x\nname: ann lee\n---\n")
        .article(
            "a.md",
            "title: A\ndate: 2024-01-01\nauthors: [Ann Lee]",
            "x\n",
        )
        .build_err();
    built.assert_stderr(&[
        "content/authors/b.md:3:1",
        "is claimed by two profiles: content/authors/a.md:2 and content/authors/b.md:3",
        "a name or slug must designate one author",
    ]);
}

#[test]
fn bad_author_profile_keys_are_errors_at_their_line_with_a_hint() {
    let built = SiteTest::new()
        .write(
            "content/authors/ann.md",
            "---\nname: Ann Lee\nrol: reporter\nimage: javascript:alert(1)\nslug: ../up\nurl_aliases: [https://other.example/x]\nlinks:\n  website: ftp://ann.example/\n---\n",
        )
        .write("content/authors/nameless.md", "---\nrole: reporter\n---\n")
        .article("a.md", "title: A\ndate: 2024-01-01\nauthors: [Ann Lee]", "x\n")
        .build_err();
    built.assert_stderr(&[
        "content/authors/ann.md:3:1: warning: unknown key `rol`",
        "did you mean `role`?",
        "content/authors/ann.md:4:1: error: unsafe `image` URL",
        "content/authors/ann.md:5:1: error:",
        "content/authors/ann.md:6:1: error: alias `https://other.example/x` is an address on another site",
        "content/authors/ann.md:7:1: error: link `website` is not an http(s) address",
        "content/authors/nameless.md:1:1: error:",
        "`name: Claire Dumas`",
    ]);
}

/// The JSON-LD of a page, as text.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let rest = &html[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap()
}

#[test]
fn news_article_json_ld_has_one_person_per_author_and_author_pages_a_profile_page() {
    let built = bylined().build_ok();
    let data = json_ld(&built.page("/2024/01/three/"));
    let article = &data["@graph"][0];
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(
        article["author"],
        serde_json::json!([
            {"@type": "Person", "name": "Bob Ray", "url": "https://example.org/authors/bob-ray/"},
            {"@type": "Person", "name": "Ann Lee", "url": "https://example.org/authors/ann-lee/"},
            {"@type": "Person", "name": "Cy Tam", "url": "https://example.org/authors/cy-tam/"},
        ])
    );
    let profile = json_ld(&built.page("/authors/ann-lee/"));
    assert_eq!(profile["@type"], "ProfilePage");
    assert_eq!(profile["mainEntity"]["@type"], "Person");
    assert_eq!(profile["mainEntity"]["name"], "Ann Lee");
    assert_eq!(profile["mainEntity"]["jobTitle"], "Port reporter");
    assert_eq!(profile["mainEntity"]["sameAs"][0], "https://ann.example/");
}

#[test]
fn an_author_is_not_an_actor_unless_listed_in_actors() {
    let built = SiteTest::new()
        .write("content/authors/ann-lee.md", "---\nname: Ann Lee\n---\n")
        .write(
            "content/actors/bob-ray.md",
            "---\nname: Bob Ray\nkind: person\n---\n",
        )
        .article(
            "a.md",
            "title: A\ndate: 2024-01-01\nauthors: [Ann Lee]",
            "Ann Lee met Bob Ray.\n",
        )
        .article(
            "b.md",
            "title: B\ndate: 2024-01-02\nauthors: [Bob Ray]\nactors: [Bob Ray]",
            "Text.\n",
        )
        .build_ok();
    // Ann signs A and is named in it: still no actor page, no chip, no mention.
    assert!(!built.has_page("/actors/ann-lee/"));
    let a = built.page("/2024/01/a/");
    assert!(!a.contains("href=\"/actors/ann-lee/\""), "{a}");
    assert!(
        a.contains("href=\"/actors/bob-ray/\""),
        "Bob is mentioned: {a}"
    );
    assert!(!a.contains("In this article"), "{a}");
    let actors = built.page("/actors/");
    assert!(!actors.contains("Ann Lee"), "{actors}");
    // Bob signs B and is what it is about: an author page and an actor page.
    let b = built.page("/2024/01/b/");
    assert!(b.contains(&link("bob-ray", "Bob Ray")));
    assert!(b.contains("In this article"));
    assert!(built.has_page("/authors/bob-ray/") && built.has_page("/actors/bob-ray/"));
}

#[test]
fn each_author_has_an_atom_feed_of_its_articles_and_entries_name_their_authors() {
    let built = bylined().build_ok();
    let feed = built.page("/authors/cy-tam/atom.xml");
    assert!(
        feed.contains("<title>Cy Tam · Test Gazette</title>"),
        "{feed}"
    );
    assert!(feed.contains("href=\"https://example.org/authors/cy-tam/atom.xml\""));
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    assert!(feed.contains("https://example.org/2024/01/three/"));
    let ann = built.page("/authors/ann-lee/atom.xml");
    assert_eq!(ann.matches("<entry>").count(), 3);
    let site = built.page("/atom.xml");
    assert!(
        site.contains(
            "<author><name>Bob Ray</name><uri>https://example.org/authors/bob-ray/</uri></author>"
        ),
        "{site}"
    );
    let page = built.page("/authors/cy-tam/");
    assert!(page.contains("href=\"/authors/cy-tam/atom.xml\""), "{page}");
}

#[test]
fn check_warns_once_per_author_without_profile_and_about_unused_author_profiles() {
    let site = bylined().write(
        "content/authors/nobody.md",
        "---\nname: No Body\nrole: Intern\n---\n",
    );
    let ran = site.gazette(&["check"]);
    assert!(ran.success(), "{}", ran.stderr);
    let bob = "warning: author `Bob Ray` has no profile (2 articles)";
    assert_eq!(ran.stderr.matches(bob).count(), 1, "{}", ran.stderr);
    for fragment in [
        // Where Bob is first named: the oldest article he signs, on its `authors:` line.
        "content/articles/two.md:4:1: warning: author `Bob Ray` has no profile (2 articles)",
        "content/articles/three.md:4:1: warning: author `Cy Tam` has no profile (1 article)",
        "add content/authors/bob-ray.md with `name: Bob Ray`",
        "content/authors/nobody.md:2:1: warning: author profile `No Body` signs no article",
    ] {
        assert!(ran.stderr.contains(fragment), "{fragment}:\n{}", ran.stderr);
    }
    assert!(!ran.stderr.contains("`Ann Lee` has no profile"));
}

#[test]
fn search_records_carry_an_author_filter_and_the_search_page_offers_it() {
    let built = bylined().build_ok();
    let mut filters = Vec::new();
    for (path, bytes) in files_under(&built.output.join("pagefind")) {
        if path.extension().is_some_and(|e| e == "pf_filter") {
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut text)
                .unwrap();
            filters.push(String::from_utf8_lossy(&text).into_owned());
        }
    }
    let author_filter = filters
        .iter()
        .find(|f| f.contains("author"))
        .unwrap_or_else(|| panic!("no author filter in {filters:?}"));
    for name in ["Ann Lee", "Bob Ray", "Cy Tam"] {
        assert!(author_filter.contains(name), "{name}: {author_filter}");
    }
    let search = built.page("/search/");
    assert!(
        search.contains("<select id=\"search-author\" name=\"author\">"),
        "{search}"
    );
}

#[test]
fn an_author_page_url_taken_by_an_article_is_an_error_naming_both() {
    let built = SiteTest::new()
        .config("permalink: /{slug}/")
        .article(
            "a.md",
            "title: A\ndate: 2024-01-01\nslug: authors\nauthors: [Ann Lee]",
            "x\n",
        )
        .build_err();
    built.assert_stderr(&["two items have the URL `/authors/`", "authors index"]);
}

#[test]
fn an_author_profile_url_alias_redirects_to_its_page() {
    let built = bylined()
        .write(
            "content/authors/ann-lee.md",
            "---\nname: Ann Lee\nurl_aliases: [/staff/ann/]\n---\n",
        )
        .build_ok();
    let page = built.page("/staff/ann/");
    assert!(
        page.contains("https://example.org/authors/ann-lee/"),
        "{page}"
    );
    assert!(
        built
            .page("/_redirects")
            .contains("/staff/ann/ /authors/ann-lee/ 301")
    );
}
