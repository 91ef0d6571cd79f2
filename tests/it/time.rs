//! Time: pagination, stable period pages, localised dates, per-year actor pages.

use crate::harness::{SiteTest, broken_links, links};

/// A site with `n` articles, one a day from 2020-03-01, all tagged `t` and about `Ana`.
fn daily(n: usize, paginate: usize) -> SiteTest {
    let mut site = SiteTest::new().config(&format!("paginate: {paginate}"));
    for day in 1..=n {
        site = site.article(
            &format!("a{day}.md"),
            &format!("title: Day {day}\ndate: 2020-03-{day:02} 08:00\ntags: [t]\nactors: [Ana]"),
            "x\n",
        );
    }
    site
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

#[test]
fn pagination_edges() {
    // 0 items: the list still has its first page, and no pager.
    let empty = SiteTest::new().config("paginate: 2").build_ok();
    assert!(empty.has_page("/") && !empty.has_page("/page/2/"));
    assert!(!empty.page("/").contains("class=\"pager\""));
    // 1 item and exactly N items: one page.
    for n in [1, 2] {
        let built = daily(n, 2).build_ok();
        assert!(
            built.has_page("/tags/t/") && !built.has_page("/tags/t/page/2/"),
            "{n}"
        );
        assert!(!built.page("/tags/t/").contains("class=\"pager\""));
    }
    // N + 1 items: two pages, linked both ways.
    let built = daily(3, 2).build_ok();
    let first = built.page("/tags/t/");
    let second = built.page("/tags/t/page/2/");
    assert!(
        first.contains("<link rel=\"next\" href=\"/tags/t/page/2/\">"),
        "{first}"
    );
    assert!(first.contains("class=\"last\" href=\"/tags/t/page/2/\""));
    assert!(!first.contains("class=\"first\""));
    assert!(second.contains("<link rel=\"prev\" href=\"/tags/t/\">"));
    assert!(second.contains("class=\"first\" href=\"/tags/t/\""));
    assert!(second.contains("Page 2 / 2"));
    assert!(
        second.contains("Day 1") && !second.contains("Day 3"),
        "newest first on tag pages"
    );
    assert!(!built.has_page("/tags/t/page/1/"));
    assert!(!built.has_page("/tags/t/page/3/"));
}

#[test]
fn every_list_kind_paginates_and_links_resolve() {
    let built = daily(5, 2).build_ok();
    for list in [
        "/",
        "/tags/t/",
        "/actors/ana/",
        "/archive/2020/",
        "/archive/2020/03/",
    ] {
        assert!(built.has_page(&format!("{list}page/3/")), "{list}");
        assert!(!built.has_page(&format!("{list}page/4/")), "{list}");
    }
    assert_eq!(broken_links(&built.output, "/"), Vec::<String>::new());
}

#[test]
fn paginate_can_differ_per_list_kind() {
    let built = daily(5, 2)
        .config("paginate: {default: 2, archive: 0, home: 4}")
        .build_ok();
    assert!(
        !built.has_page("/archive/2020/03/page/2/"),
        "0 keeps a period on one page"
    );
    assert!(built.has_page("/page/2/") && !built.has_page("/page/3/"));
    assert!(built.has_page("/tags/t/page/3/"));
}

#[test]
fn period_pages_keep_their_content_when_newer_articles_are_published() {
    let site = daily(3, 2).article("feb.md", "title: February\ndate: 2020-02-10", "x\n");
    let before = site.build_ok();
    let (month, first_page) = (
        before.page("/archive/2020/02/"),
        before.page("/archive/2020/03/"),
    );
    let site = site
        .article("later.md", "title: Later\ndate: 2020-03-20", "x\n")
        .article("april.md", "title: April\ndate: 2020-04-02", "x\n");
    let after = site.build_ok();
    let after_month = after.page("/archive/2020/02/");
    let strip_nav = |html: &str| {
        main_of(html)
            .split("class=\"period-nav\"")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(strip_nav(&month), strip_nav(&after_month));
    // March is listed oldest first: its first page lists the same articles; the new one goes last.
    let articles = |html: &str| {
        let links = links(main_of(html));
        links
            .into_iter()
            .filter(|l| l.starts_with("/2020/"))
            .collect::<Vec<_>>()
    };
    assert_eq!(articles(&first_page), ["/2020/03/a1/", "/2020/03/a2/"]);
    assert_eq!(
        articles(&first_page),
        articles(&after.page("/archive/2020/03/"))
    );
    assert!(after.page("/archive/2020/03/page/2/").contains("Later"));
}

#[test]
fn month_pages_group_by_day_in_calendar_order() {
    let built = daily(3, 0).build_ok();
    let page = built.page("/archive/2020/03/");
    let (one, three) = (
        page.find("Sunday, March 1, 2020").unwrap(),
        page.find("Tuesday, March 3, 2020").unwrap(),
    );
    assert!(one < three);
}

#[test]
fn prolific_actors_get_pages_per_year() {
    // A year page exists once an actor's coverage spans years and more than one page.
    let quiet = daily(1, 10)
        .article(
            "old.md",
            "title: Old\ndate: 2018-05-01\nactors: [Ana]",
            "x\n",
        )
        .build_ok();
    assert!(!quiet.has_page("/actors/ana/2018/"));
    let built = daily(2, 2)
        .article(
            "old.md",
            "title: Old\ndate: 2018-05-01\nactors: [Ana]",
            "x\n",
        )
        .build_ok();
    let actor = built.page("/actors/ana/");
    assert!(
        actor.contains("href=\"/actors/ana/2018/\"")
            && actor.contains("href=\"/actors/ana/2020/\"")
    );
    let year = built.page("/actors/ana/2018/");
    assert!(year.contains("Old") && !year.contains("Day 1"));
    assert!(built.has_page("/actors/ana/2020/"));
    assert!(
        year.contains("rel=\"next\" href=\"/actors/ana/2020/\""),
        "{year}"
    );
}

#[test]
fn dates_are_localised_and_templates_can_format_them() {
    let site = SiteTest::new()
        .config("language: fr\ntimezone: Europe/Paris")
        .write(
            "templates/article.html",
            "<p>{{ article.date | format_date }}|{{ article.date | format_date(format=\"long\") }}|{{ article.date.iso | format_date(format=\"month\") }}|{{ article.date | format_date(format=\"{dd}/{mm}/{year}\") }}|{{ article.updated | format_date }}</p>",
        )
        .article("a.md", "title: A\ndate: 2016-07-01 09:30\nupdated: 2016-07-15T22:30:00Z", "x\n");
    let built = site.build_ok();
    assert_eq!(
        built.page("/2016/07/a/"),
        "<p>1er juillet 2016|vendredi 1er juillet 2016|juillet 2016|01/07/2016|16 juillet 2016</p>"
    );
    let english = site.config("language: en").build_ok();
    assert!(
        english
            .page("/2016/07/a/")
            .starts_with("<p>July 1, 2016|Friday, July 1, 2016|July 2016|")
    );
}

#[test]
fn updated_date_is_shown_on_the_article() {
    let built = SiteTest::new()
        .config("language: fr")
        .article(
            "a.md",
            "title: A\ndate: 2016-07-01\nupdated: 2016-07-03",
            "x\n",
        )
        .build_ok();
    let page = built.page("/2016/07/a/");
    assert!(
        page.contains(
            "mis à jour le <time datetime=\"2016-07-03T00:00:00+00:00\">3 juillet 2016</time>"
        ),
        "{page}"
    );
}
