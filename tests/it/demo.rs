//! The bundled demo archive builds cleanly and every internal link resolves.

use crate::harness::{SiteTest, broken_links, html_files};

#[test]
fn demo_site_builds_without_warnings_and_every_link_resolves() {
    let site = SiteTest::demo();
    let built = site.build_ok();
    assert!(!built.stderr.contains("warning"), "{}", built.stderr);
    assert_eq!(broken_links(&built.output, "/"), Vec::<String>::new());
    assert!(html_files(&built.output).len() > 90);
}

#[test]
fn demo_site_has_the_archive_a_reader_expects() {
    let built = SiteTest::demo().build_ok();
    let archive = built.page("/archive/");
    for year in ["2022", "2023", "2024", "2025"] {
        assert!(archive.contains(&format!("/archive/{year}/")), "{year}");
    }
    let actors = built.page("/actors/");
    assert!(actors.contains("Marchetti, Hélène") && actors.contains("Ibáñez, Ángel"));
    assert!(built.has_page("/actors/margaret-o-connor/"));
    assert!(
        !built.has_page("/2024/11/pont-consultation-publique/"),
        "the draft stays out"
    );
    assert!(
        !built
            .page("/archive/2024/")
            .contains("pont-consultation-publique")
    );
}
