//! Sites in several languages (`languages: [fr, en]`): one tree per language, translations
//! linked both ways, one search index, feed and sitemap per language.

use crate::harness::{SiteTest, broken_links};

/// A French site with English articles, two stories translated and one that is not.
fn bilingual() -> SiteTest {
    SiteTest::new()
        .config("language: fr\nlanguages: [fr, en]\nsearch: false")
        .write(
            "content/actors/onu.md",
            "---\nname: ONU\nkind: organisation\n---\nL’Organisation des Nations unies.\n",
        )
        .article(
            "crue.md",
            "title: La crue\ndate: 2024-03-01 09:00\ntranslation_key: flood\nactors: [ONU]",
            "Le fleuve déborde.\n",
        )
        .article(
            "flood.md",
            "title: The flood\ndate: 2024-03-02 09:00\nlang: en\ntranslation_key: flood\nactors: [ONU]",
            "The river overflows.\n",
        )
        .article(
            "port.md",
            "title: Le port\ndate: 2024-04-01 09:00",
            "Le port rouvre.\n",
        )
        .article(
            "dockers.md",
            "title: Dockers\ndate: 2024-05-01 09:00\nlang: en",
            "The dockers strike.\n",
        )
}

fn hreflangs(html: &str) -> Vec<String> {
    html.match_indices("<link rel=\"alternate\" hreflang=\"")
        .map(|(at, _)| {
            let rest = &html[at..];
            rest[..rest.find('>').unwrap() + 1].to_owned()
        })
        .collect()
}

#[test]
fn each_language_has_its_own_tree_with_its_own_lists() {
    let built = bilingual().build_ok();
    let home = built.page("/");
    assert!(
        home.starts_with("<!doctype html>\n<html lang=\"fr\">"),
        "{home}"
    );
    assert!(home.contains("La crue") && home.contains("Le port"));
    assert!(
        !home.contains("The flood") && !home.contains("Dockers"),
        "{home}"
    );
    let english = built.page("/en/");
    assert!(english.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(english.contains("The flood") && english.contains("Dockers"));
    assert!(!english.contains("Le port"));
    // Articles, archives, actors and the feed live under /en/.
    assert!(built.has_page("/en/2024/03/flood/"));
    assert!(!built.has_page("/2024/03/flood/"));
    assert!(built.has_page("/en/archive/2024/05/"));
    assert!(!built.has_page("/archive/2024/05/"));
    let actor = built.page("/en/actors/onu/");
    assert!(
        actor.contains("The flood") && !actor.contains("La crue"),
        "{actor}"
    );
    let feed = built.page("/en/atom.xml");
    assert!(feed.contains("The flood") && !feed.contains("La crue"));
    assert!(built.has_page("/en/404.html"));
    assert_eq!(broken_links(&built.output, "/"), Vec::<String>::new());
}

#[test]
fn translations_link_to_each_other_both_ways_and_to_themselves() {
    let built = bilingual().build_ok();
    let french = hreflangs(&built.page("/2024/03/crue/"));
    let english = hreflangs(&built.page("/en/2024/03/flood/"));
    let expected = [
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/2024/03/crue/\">",
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/2024/03/flood/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/2024/03/crue/\">",
    ];
    assert_eq!(french, expected);
    assert_eq!(english, expected);
    // A story without a translation has no alternates; its switcher leads to the other home.
    let port = built.page("/2024/04/port/");
    assert!(hreflangs(&port).is_empty());
    assert!(port.contains("<a href=\"/en/\" hreflang=\"en\" lang=\"en\">English</a>"));
    let crue = built.page("/2024/03/crue/");
    assert!(
        crue.contains("<a href=\"/en/2024/03/flood/\" hreflang=\"en\" lang=\"en\">English</a>")
    );
    // The same month exists in both languages: the switcher goes there.
    let month = built.page("/en/archive/2024/03/");
    assert!(
        month.contains("<a href=\"/archive/2024/03/\" hreflang=\"fr\" lang=\"fr\">Français</a>")
    );
    // JSON-LD says which is the original.
    let english = built.page("/en/2024/03/flood/");
    assert!(
        english.contains(
            "\"translationOfWork\":{\"@id\":\"https://example.org/2024/03/crue/#article\"}"
        )
    );
    let french = built.page("/2024/03/crue/");
    assert!(french.contains(
        "\"workTranslation\":[{\"@id\":\"https://example.org/en/2024/03/flood/#article\"}]"
    ));
}

#[test]
fn each_language_has_a_sitemap_with_alternates_and_robots_names_both() {
    let built = bilingual().build_ok();
    let sitemap = built.page("/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<loc>https://example.org/2024/03/crue/</loc><lastmod>2024-03-01T09:00:00+00:00</lastmod><xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/2024/03/crue/\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/2024/03/flood/\"/>"
    ), "{sitemap}");
    let english = built.page("/en/sitemap.xml");
    assert!(english.contains("<loc>https://example.org/en/2024/05/dockers/</loc>"));
    assert!(!english.contains("<loc>https://example.org/2024/04/port/</loc>"));
    let robots = built.page("/robots.txt");
    assert!(robots.contains(
        "Sitemap: https://example.org/sitemap.xml\nSitemap: https://example.org/en/sitemap.xml\n"
    ));
}

#[test]
fn each_language_has_its_own_search_index_stemmed_in_it() {
    let built = bilingual().config("search: true").build_ok();
    for (folder, lang) in [("pagefind", "fr"), ("en/pagefind", "en")] {
        let entry = std::fs::read_to_string(built.output.join(folder).join("pagefind-entry.json"))
            .unwrap_or_else(|e| panic!("{folder}: {e}\n{}", built.stderr));
        assert!(entry.contains(&format!("\"{lang}\"")), "{folder}: {entry}");
    }
    let search = built.page("/en/search/");
    assert!(search.contains("/en/pagefind/"), "{search}");
}

#[test]
fn a_site_without_languages_keeps_its_one_tree() {
    let built = bilingual().config("languages: [fr]").build_ok();
    assert!(built.has_page("/2024/03/flood/"));
    assert!(!built.output.join("en").exists());
    assert!(!built.page("/2024/03/crue/").contains("hreflang"));
}

#[test]
fn a_key_used_twice_in_one_language_and_an_unlisted_language_are_said() {
    let site = bilingual()
        .article(
            "crue-bis.md",
            "title: La crue, suite\ndate: 2024-03-03 09:00\ntranslation_key: flood",
            "Encore.\n",
        )
        .article(
            "dam.md",
            "title: Damm\ndate: 2024-03-04 09:00\nlang: de",
            "Der Damm.\n",
        );
    let built = site.build_ok();
    built.assert_stderr(&[
        "crue.md:4:1: warning: `translation_key: flood` is also the key of content/articles/crue-bis.md",
        "dam.md:4:1: warning: `lang: de` is not one of the site's languages (fr, en)",
    ]);
    let checked = site.gazette(&["check"]);
    assert!(
        checked
            .stderr
            .contains("`translation_key: flood` is also the key of"),
        "{}",
        checked.stderr
    );
}

#[test]
fn check_says_when_translations_are_far_apart_in_time() {
    let site = bilingual()
        .article(
            "late.md",
            "title: Late\ndate: 2024-09-01 09:00\nlang: en\ntranslation_key: port",
            "Late.\n",
        )
        .article(
            "port.md",
            "title: Le port\ndate: 2024-04-01 09:00\ntranslation_key: port",
            "Le port rouvre.\n",
        );
    let checked = site.gazette(&["check"]);
    assert!(
        checked
            .stderr
            .contains("late.md:5:1: warning: published 153 days apart from its translation"),
        "{}",
        checked.stderr
    );
}

#[test]
fn languages_must_be_codes_and_start_with_the_site_language() {
    let built = SiteTest::new().config("languages: [fr, en]").build_err();
    built.assert_stderr(&[
        "site.yaml:",
        "`languages` starts with `fr` but `language` is `en`",
    ]);
}

/// A Hugo site in two languages, as cds-snc is: one folder per language, or the language in
/// the file name, and `translationKey` pairing the versions.
#[test]
fn a_hugo_site_in_two_languages_imports_with_its_pairs_linked() {
    let site = SiteTest::new().config("language: fr\nlanguages: [fr, en]\nsearch: false");
    let hugo = site.sibling("hugo");
    let write = |path: &str, text: &str| {
        let full = hugo.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    write("hugo.yaml", "baseURL: https://old.example.org/\n");
    write(
        "content/fr/blog/crue.md",
        "---\ntitle: La crue\ndate: 2024-03-01\ntranslationKey: flood\n---\nLe fleuve déborde.\n",
    );
    write(
        "content/en/blog/flood.md",
        "---\ntitle: The flood\ndate: 2024-03-02\ntranslationKey: flood\n---\nThe river overflows.\n",
    );
    write(
        "content/posts/port.en.md",
        "---\ntitle: The port\ndate: 2024-04-01\ntranslationKey: port\n---\nThe port reopens.\n",
    );
    write(
        "content/posts/port.md",
        "---\ntitle: Le port\ndate: 2024-04-01\ntranslationKey: port\n---\nLe port rouvre.\n",
    );
    let ran = site.gazette(&["import", "hugo", hugo.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    let built = site.build_ok();
    assert!(built.has_page("/en/2024/03/flood/"), "{}", built.stderr);
    assert!(built.has_page("/en/2024/04/port/"));
    assert!(built.has_page("/2024/04/port/"));
    let port = built.page("/2024/04/port/");
    assert!(
        port.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/2024/04/port/\">"
        ),
        "{port}"
    );
    let flood = built.page("/en/2024/03/flood/");
    assert!(flood.contains("hreflang=\"fr\" href=\"https://example.org/2024/03/crue/\""));
}

#[test]
fn an_actor_profile_has_a_name_description_and_biography_per_language() {
    let built = bilingual()
        .write(
            "content/actors/onu.en.md",
            "---\nname: UN\ndescription: The United Nations.\n---\nThe organisation of nations.\n",
        )
        .article(
            "dockers.md",
            "title: Dockers\ndate: 2024-05-01 09:00\nlang: en\nactors: [UN]",
            "The dockers strike.\n",
        )
        .build_ok();
    let english = built.page("/en/actors/onu/");
    assert!(
        english.contains("<h1>UN</h1>") || english.contains(">UN</h1>"),
        "{english}"
    );
    assert!(english.contains("The organisation of nations."));
    assert!(english.contains("Dockers"), "{english}");
    let french = built.page("/actors/onu/");
    assert!(french.contains("L’Organisation des Nations unies."));
    assert!(!french.contains("The organisation of nations."));
    // The translation is no actor of its own.
    assert!(!built.has_page("/actors/onu-en/"));
    assert!(!built.has_page("/en/actors/un/"));
}

#[test]
fn an_author_alias_every_edition_shares_leads_to_the_default_editions_page_once() {
    let built = bilingual()
        .write(
            "content/authors/ann-lee.md",
            "---\nname: Ann Lee\nurl_aliases: [/staff/ann/]\n---\n",
        )
        .article(
            "quai.md",
            "title: Le quai\ndate: 2024-06-01 09:00\nauthors: [Ann Lee]",
            "Le quai.\n",
        )
        .article(
            "quay.md",
            "title: The quay\ndate: 2024-06-02 09:00\nlang: en\nauthors: [Ann Lee]",
            "The quay.\n",
        )
        .build_ok();
    assert!(built.has_page("/authors/ann-lee/") && built.has_page("/en/authors/ann-lee/"));
    let rules = built.page("/_redirects");
    let for_alias: Vec<&str> = rules
        .lines()
        .filter(|l| l.starts_with("/staff/ann/ "))
        .collect();
    assert_eq!(for_alias, ["/staff/ann/ /authors/ann-lee/ 301"], "{rules}");
    let page = built.page("/staff/ann/");
    assert!(
        page.contains("<html lang=\"fr\">")
            && page.contains("/authors/ann-lee/\"")
            && !page.contains("/en/"),
        "{page}"
    );
}
