//! Mentions (issue 22): lower-case aliases, surnames resolved within an article, and the
//! count of mentions an actor page shows beside each article.

use crate::harness::SiteTest;

fn profile(site: SiteTest, file: &str, front_matter: &str) -> SiteTest {
    site.write(
        &format!("content/actors/{file}"),
        &format!("---\n{front_matter}\n---\n"),
    )
}

/// Two people called Kerry who share the alias, a president, and an organisation whose alias
/// is written in lower case under another name.
fn newsroom() -> SiteTest {
    let site = SiteTest::new().config("paginate: 0\nlanguage: fr");
    let site = profile(
        site,
        "john-kerry.md",
        "name: John Kerry\nkind: person\naliases: [Kerry]",
    );
    let site = profile(
        site,
        "teresa-kerry.md",
        "name: Teresa Heinz Kerry\nkind: person\naliases: [Kerry]",
    );
    let site = profile(site, "poutine.md", "name: Vladimir Poutine\nkind: person");
    let site = profile(
        site,
        "qaida.md",
        "name: Groupe Qaïda\nkind: organisation\naliases: [al-Qaïda]",
    );
    site.article(
        "a.md",
        "title: A\ndate: 2020-01-01",
        "John Kerry rencontre Vladimir Poutine.\n\nMM. Kerry et Poutine ont parlé. M. Kerry a conclu.\n",
    )
    .article(
        "b.md",
        "title: B\ndate: 2020-02-01",
        "M. Kerry a dit. Et Poutine aussi.\n",
    )
    .article(
        "c.md",
        "title: C\ndate: 2020-03-01",
        "John Kerry et Teresa Heinz Kerry arrivent. M. Kerry sourit.\n",
    )
    .article(
        "d.md",
        "title: D\ndate: 2020-04-01",
        "La branche syrienne d’al-Qaïda. Une cellule al\u{2011}Qaïda a été démantelée, l'al Qaïda recule.\n",
    )
}

#[test]
fn actor_pages_list_the_articles_surnames_resolve_in_with_their_counts() {
    let built = newsroom().build_ok();
    let kerry = built.page("/actors/john-kerry/");
    // a (named in full, then twice by surname) and c; not b, which never names him.
    assert!(
        kerry.contains("/2020/01/a/") && kerry.contains("/2020/03/c/"),
        "{kerry}"
    );
    assert!(
        !kerry.contains("/2020/02/b/"),
        "a surname before any full name: {kerry}"
    );
    assert!(kerry.contains("3 mentions"), "{kerry}");
    assert_eq!(
        kerry.matches("mention-count").count(),
        1,
        "c names him once"
    );
    let teresa = built.page("/actors/teresa-kerry/");
    assert!(teresa.contains("/2020/03/c/") && !teresa.contains("/2020/01/a/"));
    assert!(!teresa.contains("mention-count"), "{teresa}");
    let poutine = built.page("/actors/poutine/");
    assert!(poutine.contains("/2020/01/a/") && !poutine.contains("/2020/02/b/"));
    assert!(poutine.contains("2 mentions"), "{poutine}");
    let qaida = built.page("/actors/qaida/");
    assert!(
        qaida.contains("/2020/04/d/") && qaida.contains("3 mentions"),
        "{qaida}"
    );
}

#[test]
fn a_surname_links_to_the_person_only_after_the_full_name() {
    let built = newsroom().build_ok();
    let c = built.page("/2020/03/c/");
    // Both Kerrys are named in full: "M. Kerry" stays plain text.
    assert!(c.contains("M. Kerry sourit"), "{c}");
    let b = built.page("/2020/02/b/");
    assert!(!b.contains("class=\"mention\""), "{b}");
}

#[test]
fn a_shared_alias_of_two_people_is_said_to_resolve_within_articles() {
    let built = newsroom().build_ok();
    built.assert_stderr(&["only in an article that names that one in full first"]);
    assert!(
        !built.stderr.contains("designates neither"),
        "{}",
        built.stderr
    );
}

#[test]
fn the_plain_theme_shows_the_counts_too() {
    let built = newsroom().config("theme: plain").build_ok();
    let kerry = built.page("/actors/john-kerry/");
    assert!(kerry.contains("· 3 mentions"), "{kerry}");
}

#[test]
fn build_timings_count_the_mentions_surnames_found() {
    let built = newsroom().build(&["--timings"]);
    assert!(built.success, "{}", built.stderr);
    // a: Kerry ×2 and Poutine ×1 by surname; a 5, c 2 and d 3 in all.
    built.assert_stderr(&["mentions of profiled actors: 10, of which 3 by a surname"]);
}

#[test]
fn a_profile_s_surname_key_names_the_person_within_an_article() {
    let site = SiteTest::new().config("paginate: 0");
    let site = profile(
        site,
        "kim-jong-un.md",
        "name: Kim Jong-un\nkind: person\nsurname: Kim",
    )
    .article(
        "a.md",
        "title: A\ndate: 2020-01-01",
        "Kim Jong-un spoke. Mr Kim said more, and Kim again.\n",
    );
    let built = site.build_ok();
    assert!(!built.stderr.contains("warning"), "{}", built.stderr);
    let kim = built.page("/actors/kim-jong-un/");
    assert!(
        kim.contains("/2020/01/a/") && kim.contains("3 mentions"),
        "{kim}"
    );
}
