//! `gazette init` and `gazette new`: sites and articles that build at once, nothing replaced.

use crate::harness::{SiteTest, broken_links, files_under, gazette_in, repo};

#[test]
fn init_makes_a_site_that_builds_and_carries_the_default_theme() {
    let site = SiteTest::new();
    let dir = site.sibling("fresh").join("news");
    let ran = gazette_in(&site.root, &["init", dir.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert_eq!(
        files_under(&dir.join("themes/default")),
        files_under(&repo().join("themes/default"))
    );
    let built = gazette_in(&dir, &["build"]);
    assert!(built.success(), "{}", built.stderr);
    assert!(built.stderr.contains("2 articles read"), "{}", built.stderr);
    assert!(dir.join("output/actors/ada-moreau/index.html").is_file());
    assert!(broken_links(&dir.join("output"), "/").is_empty());
    let checked = gazette_in(&dir, &["check", "--strict"]);
    assert!(checked.success(), "{}{}", checked.stdout, checked.stderr);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = SiteTest::new();
    let ran = site.gazette(&["init", "."]);
    assert!(!ran.success());
    assert!(ran.stderr.contains("is not empty"), "{}", ran.stderr);
    assert!(site.root.join("site.yaml").is_file());
}

#[test]
fn new_writes_an_article_under_its_year_and_month_that_builds() {
    let site = SiteTest::new().config("timezone: Europe/Paris");
    let ran = site.gazette(&[
        "new",
        "L'accord « historique » signé",
        "--actors",
        "Sergueï Lavrov, France",
        "--authors",
        "Claire Dumas, Thomas Ferrand",
        "--tags",
        "diplomatie",
        "--date",
        "2016-07-15 23:30",
    ]);
    assert!(ran.success(), "{}", ran.stderr);
    let path = site
        .root
        .join("content/articles/2016/07/l-accord-historique-signe.md");
    assert_eq!(ran.stdout.trim(), path.display().to_string());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("title: \"L'accord « historique » signé\""),
        "{text}"
    );
    assert!(text.contains("date: 2016-07-15T23:30:00+02:00"), "{text}");
    assert!(
        text.contains("actors: [\"Sergueï Lavrov\", \"France\"]"),
        "{text}"
    );
    assert!(
        text.contains("authors: [\"Claire Dumas\", \"Thomas Ferrand\"]"),
        "{text}"
    );
    let built = site.build_ok();
    assert!(built.has_page("/2016/07/l-accord-historique-signe/"));
    assert!(built.has_page("/actors/serguei-lavrov/"));
    assert!(built.has_page("/authors/thomas-ferrand/"));
}

#[test]
fn new_never_overwrites_and_dates_default_to_now() {
    let site = SiteTest::new();
    let first = site.gazette(&["new", "Breaking news"]);
    assert!(first.success(), "{}", first.stderr);
    let path = std::path::PathBuf::from(first.stdout.trim());
    let year = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .year()
        .to_string();
    assert!(
        path.to_string_lossy().contains(&format!("/{year}/")),
        "{}",
        path.display()
    );
    std::fs::write(&path, "---\ntitle: mine\ndate: 2020-01-01\n---\nMy text.\n").unwrap();
    let second = site.gazette(&["new", "Breaking news"]);
    assert!(!second.success());
    assert!(
        second.stderr.contains("already exists"),
        "{}",
        second.stderr
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains("My text."));
}

#[test]
fn new_reports_a_bad_date_with_the_forms_it_accepts() {
    let site = SiteTest::new();
    let ran = site.gazette(&["new", "X", "--date", "yesterday"]);
    assert!(!ran.success());
    assert!(
        ran.stderr.contains("`yesterday` is not a date"),
        "{}",
        ran.stderr
    );
    assert!(!site.root.join("content").exists());
}
