//! Actors: profiles, resolution, about vs mentions, co-occurrence, collisions.

use crate::harness::SiteTest;

fn profile(site: SiteTest, file: &str, front_matter: &str, biography: &str) -> SiteTest {
    site.write(
        &format!("content/actors/{file}"),
        &format!("---\n{front_matter}\n---\n{biography}"),
    )
}

fn newsroom() -> SiteTest {
    let site = SiteTest::new().config("paginate: 0");
    let site = profile(
        site,
        "serguei-lavrov.md",
        "name: Sergueï Lavrov\nkind: person\naliases: [Lavrov, M. Lavrov]\ndescription: Ministre russe des Affaires étrangères.\nlinks: {wikidata: Q4120}",
        "Diplomate *de carrière*.\n",
    );
    let site = profile(
        site,
        "onu.md",
        "name: Organisation des Nations unies\nkind: organisation\naliases: [ONU, Nations unies]",
        "",
    );
    let site = profile(site, "france.md", "name: France\nkind: country", "");
    site.article(
        "a.md",
        "title: A\ndate: 2020-01-01\nactors: [serguei lavrov, ONU]",
        "Lavrov parle à l’ONU.\n",
    )
    .article(
        "b.md",
        "title: B\ndate: 2020-02-01\nactors: [France]",
        "La France reçoit M.\u{a0}Lavrov.\n",
    )
    .article(
        "c.md",
        "title: C\ndate: 2020-03-01\nactors: [Lavrov, France]",
        "Texte sans nom.\n",
    )
    .article(
        "d.md",
        "title: D\ndate: 2020-04-01\nactors: [Inconnu Sans Profil]",
        "L'ONU et la France.\n",
    )
}

#[test]
fn actor_pages_show_profile_about_and_mentions() {
    let built = newsroom().build_ok();
    let page = built.page("/actors/serguei-lavrov/");
    assert!(page.contains("<h1>Sergueï Lavrov</h1>"), "{page}");
    assert!(page.contains("Ministre russe des Affaires étrangères."));
    assert!(page.contains("Diplomate <em>de carrière</em>."));
    assert!(page.contains("Lavrov · M. Lavrov"), "aliases listed");
    assert!(page.contains("https://www.wikidata.org/wiki/Q4120"));
    // About: a and c; mentioned only: b (newest first: c, b, a).
    let (c, b, a) = (
        page.find("/2020/03/c/").unwrap(),
        page.find("/2020/02/b/").unwrap(),
        page.find("/2020/01/a/").unwrap(),
    );
    assert!(c < b && b < a);
    assert_eq!(page.matches("mention-badge").count(), 1);
    assert!(page.contains("<svg"), "coverage timeline");
    assert!(page.contains("<title id=\"timeline-title\">"));
}

#[test]
fn front_matter_names_resolve_through_aliases_case_and_accents() {
    let built = newsroom().build_ok();
    let article = built.page("/2020/03/c/");
    assert!(
        article.contains("href=\"/actors/serguei-lavrov/\">Sergueï Lavrov</a>"),
        "{article}"
    );
    assert!(!built.has_page("/actors/lavrov/"));
    assert!(
        built.has_page("/actors/inconnu-sans-profil/"),
        "a name without a profile still gets a page"
    );
}

#[test]
fn mentions_are_kept_apart_and_the_first_one_links() {
    let built = newsroom().build_ok();
    let b = built.page("/2020/02/b/");
    assert!(
        b.contains("<a class=\"mention\" href=\"/actors/serguei-lavrov/\">M.\u{a0}Lavrov</a>"),
        "{b}"
    );
    assert!(b.contains("Also mentioned"));
    let d = built.page("/2020/04/d/");
    assert!(
        d.contains("L’<a class=\"mention\" href=\"/actors/onu/\">ONU</a>"),
        "{d}"
    );
    let onu = built.page("/actors/onu/");
    assert!(onu.contains("/2020/04/d/") && onu.contains("/2020/01/a/"));
}

#[test]
fn often_covered_with_counts_shared_articles() {
    let built = newsroom().build_ok();
    let france = built.page("/actors/france/");
    let section = &france[france.find("often-heading").unwrap()..];
    // France shares b and c with Lavrov, d with the UN.
    assert!(
        section.contains("Sergueï Lavrov</a> <span class=\"count\">2"),
        "{section}"
    );
    assert!(section.contains("Organisation des Nations unies</a> <span class=\"count\">1"));
}

#[test]
fn actors_index_sorts_people_by_surname_with_kind_views() {
    let built = newsroom().build_ok();
    let index = built.page("/actors/");
    assert!(index.contains("Lavrov, Sergueï"));
    let (france, lavrov) = (
        index.find("France").unwrap(),
        index.find("Lavrov, Sergueï").unwrap(),
    );
    assert!(france < lavrov);
    assert!(built.page("/actors/people/").contains("Lavrov, Sergueï"));
    assert!(!built.page("/actors/people/").contains(">France<"));
    assert!(built.page("/actors/places/").contains("France"));
    assert!(
        built
            .page("/actors/organisations/")
            .contains("Nations unies")
    );
}

#[test]
fn detection_can_be_turned_off_per_site_article_and_profile() {
    let off = newsroom().config("detect_mentions: false").build_ok();
    assert!(!off.page("/2020/02/b/").contains("class=\"mention\""));
    let article_off = newsroom()
        .article(
            "e.md",
            "title: E\ndate: 2020-05-01\ndetect_mentions: false",
            "Lavrov encore.\n",
        )
        .build_ok();
    assert!(
        !article_off
            .page("/2020/05/e/")
            .contains("class=\"mention\"")
    );
    let profile_off = profile(
        newsroom(),
        "france.md",
        "name: France\nkind: country\ndetect: false",
        "",
    )
    .build_ok();
    assert!(
        !profile_off
            .page("/2020/04/d/")
            .contains("href=\"/actors/france/\"")
    );
    let unlinked = newsroom().config("link_mentions: none").build_ok();
    let b = unlinked.page("/2020/02/b/");
    assert!(
        !b.contains("class=\"mention\"") && b.contains("Also mentioned"),
        "{b}"
    );
}

#[test]
fn two_profiles_with_one_name_is_an_error_naming_both_files() {
    let site = profile(newsroom(), "doublon.md", "name: SERGUEÏ LAVROV", "");
    site.build_err().assert_stderr(&[
        "content/actors/serguei-lavrov.md:2:1: error: `Sergueï Lavrov` is claimed by two profiles",
        "content/actors/doublon.md:2 and content/actors/serguei-lavrov.md:2",
    ]);
}

#[test]
fn an_alias_two_profiles_share_is_ambiguous_and_reported_with_both_files() {
    let site = profile(
        newsroom(),
        "autre.md",
        "name: Autre Lavrov\naliases: [lavrov]",
        "",
    );
    let built = site.build_ok();
    built.assert_stderr(&[
        "content/actors/serguei-lavrov.md:4:1: warning: `Lavrov` is claimed by two profiles",
        "content/actors/autre.md:3 and content/actors/serguei-lavrov.md:4; the alias designates neither",
    ]);
    // Article a's "serguei lavrov" still resolves by name; "Lavrov" alone no longer does.
    assert!(
        built
            .page("/2020/01/a/")
            .contains("href=\"/actors/serguei-lavrov/\"")
    );
    assert!(built.has_page("/actors/lavrov/"));
}

#[test]
fn malformed_profiles_are_located() {
    let site = profile(
        SiteTest::new(),
        "bad.md",
        "name: Bad\nkind: planet\nlinks: {site: javascript:alert(1)}",
        "",
    );
    let site = profile(site, "noname.md", "kind: person", "");
    let built = site.build_err();
    built.assert_stderr(&[
        "content/actors/bad.md:3:1: error: unknown kind `planet`",
        "content/actors/bad.md:4:1: error: link `site` is not an http(s) address",
        "content/actors/noname.md:1:1: error: missing required key `name`",
    ]);
}
