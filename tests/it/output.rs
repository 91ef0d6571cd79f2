//! The output folder: never half-written, never somebody else's.

use crate::harness::SiteTest;

#[test]
fn refuses_a_folder_gazette_did_not_make() {
    let site = SiteTest::new().article("a.md", "title: A\ndate: 2020-01-01", "x\n");
    let mine = site.root.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("thesis.md"), "years of work").unwrap();
    let built = site.build(&["--output", mine.to_str().unwrap()]);
    assert!(!built.success);
    built.assert_stderr(&["refusing to write the site", "not made by gazette"]);
    assert_eq!(
        std::fs::read_to_string(mine.join("thesis.md")).unwrap(),
        "years of work"
    );
}

#[test]
fn refuses_sources_and_the_site_root() {
    let site = SiteTest::new().article("a.md", "title: A\ndate: 2020-01-01", "x\n");
    for target in [
        site.root.clone(),
        site.root.join("content"),
        site.root.join("themes/default"),
        site.root.parent().unwrap().to_path_buf(),
    ] {
        let built = site.build(&["--output", target.to_str().unwrap()]);
        assert!(!built.success, "{}", target.display());
        built.assert_stderr(&["refusing to write the site"]);
    }
    assert!(site.root.join("content/articles/a.md").is_file());
}

#[test]
fn rebuilding_replaces_the_output_and_drops_stale_pages() {
    let site = SiteTest::new()
        .article("a.md", "title: A\ndate: 2020-01-01", "x\n")
        .article("b.md", "title: B\ndate: 2020-01-02", "x\n");
    let built = site.build_ok();
    assert!(built.has_page("/2020/01/b/"));
    std::fs::remove_file(site.root.join("content/articles/b.md")).unwrap();
    let built = site.build_ok();
    assert!(!built.has_page("/2020/01/b/"));
    assert!(built.output.join(".gazette-output").is_file());
    let siblings: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        siblings.is_empty(),
        "staging folders left behind: {siblings:?}"
    );
}

#[test]
fn output_flag_writes_elsewhere() {
    let site = SiteTest::new().article("a.md", "title: A\ndate: 2020-01-01", "x\n");
    let elsewhere = site.root.parent().unwrap().join("public");
    let built = site.build(&["--output", elsewhere.to_str().unwrap()]);
    assert!(built.success, "{}", built.stderr);
    assert!(elsewhere.join("2020/01/a/index.html").is_file());
    assert!(!site.root.join("output").exists());
}
