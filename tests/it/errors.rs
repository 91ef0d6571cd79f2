//! Bad input: every problem reported at file:line:column, the build failing cleanly.

use crate::harness::{SiteTest, files_under};

#[test]
fn yaml_errors_count_lines_from_the_top_of_the_file() {
    let built = SiteTest::new()
        .article("bad.md", "title: A\ndate: 2020-01-01\ntags: [a, b", "x\n")
        .build_err();
    built.assert_stderr(&["content/articles/bad.md:5:", "invalid YAML", "= hint:"]);
}

#[test]
fn all_problems_are_reported_together() {
    let built = SiteTest::new()
        .article("a.md", "date: 2020-01-01", "x\n")
        .article("b.md", "title: B\ndate: 2020-02-31", "x\n")
        .article("c.md", "title: C\ndate: 2020-01-01\nslug: ../../etc", "x\n")
        .write("content/articles/d.md", "no front matter here\n")
        .article("ok.md", "title: OK\ndate: 2020-01-01", "x\n")
        .build_err();
    built.assert_stderr(&[
        "content/articles/a.md:1:1: error: missing required key `title`",
        "content/articles/b.md:3:1: error: `2020-02-31` is not a date",
        "content/articles/c.md:4:1: error: slug contains `/`",
        "content/articles/d.md:1:1: error: no front matter",
        "4 error(s)",
    ]);
    assert!(!built.output.exists(), "nothing is written on failure");
}

#[test]
fn two_articles_with_one_url_name_both_files() {
    let built = SiteTest::new()
        .article("a/story.md", "title: A\ndate: 2020-01-01", "x\n")
        .article(
            "b/other.md",
            "title: B\ndate: 2020-01-05\nslug: story",
            "x\n",
        )
        .build_err();
    built.assert_stderr(&[
        "two items have the URL `/2020/01/story/`",
        "content/articles/a/story.md (slug from its file name)",
        "content/articles/b/other.md:4",
    ]);
}

#[test]
fn misspelt_site_key_names_line_and_suggestion() {
    let built = SiteTest::new().config("timezon: Europe/Paris").build_err();
    built.assert_stderr(&[
        "site.yaml:5:1: error: unknown key `timezon`",
        "did you mean `timezone`?",
    ]);
}

#[test]
fn template_errors_name_template_line_and_article() {
    let built = SiteTest::new()
        .write(
            "templates/article.html",
            "<p>\n{{ article.title | nosuchfilter }}</p>",
        )
        .article("a.md", "title: A\ndate: 2020-01-01", "x\n")
        .build_err();
    built.assert_stderr(&["templates/article.html:2:", "nosuchfilter"]);
    let built = SiteTest::new()
        .write(
            "templates/article.html",
            "<p>\n{{ article.nope.deeper }}</p>",
        )
        .article("a.md", "title: A\ndate: 2020-01-01", "x\n")
        .build_err();
    built.assert_stderr(&[
        "templates/article.html:2:",
        "while rendering content/articles/a.md",
    ]);
}

#[test]
fn script_urls_never_reach_the_output() {
    let built = SiteTest::new()
        .article(
            "a.md",
            "title: A\ndate: 2020-01-01\nsource: javascript:alert(1)",
            "x\n",
        )
        .build_err();
    built.assert_stderr(&["content/articles/a.md:4:1: error: unsafe `source` URL"]);
    let built = SiteTest::new()
        .article("a.md", "title: A\ndate: 2020-01-01", "Click [here](javascript:alert(1)).\n\n<a href=\"javascript:alert(2)\">x</a><img src=x onerror=alert(3)>\n")
        .build_ok();
    let page = built.page("/2020/01/a/");
    assert!(
        !page.contains("javascript:") && !page.contains("onerror"),
        "{page}"
    );
    built.assert_stderr(&["content/articles/a.md:5:7: warning: unsafe link"]);
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = SiteTest::new().article("a.md", "title: A\ndate: 2020-01-01", "x\n");
    let built = site.build_ok();
    let before = files_under(&built.output);
    let site = site.article("b.md", "title: [broken\ndate: 2020-01-01", "x\n");
    site.build_err();
    assert_eq!(before, files_under(&built.output));
}

#[test]
fn garbage_files_are_errors_not_crashes() {
    let built = SiteTest::new()
        .write("content/articles/empty.md", "")
        .write("content/articles/dashes.md", "---\n---\n---\n")
        .write("content/articles/list.md", "---\n- a\n- b\n---\n")
        .write("content/articles/tab.md", "---\ntitle:\t\"x\n---\n")
        .build_err();
    built.assert_stderr(&["empty.md:1:1", "dashes.md:", "list.md:2:1", "tab.md:"]);
    assert!(!built.stderr.contains("panicked"));
    let bytes_site = SiteTest::new();
    std::fs::create_dir_all(bytes_site.root.join("content/articles")).unwrap();
    std::fs::write(
        bytes_site.root.join("content/articles/bin.md"),
        [0xff, 0xfe, 0x00, 0x41],
    )
    .unwrap();
    bytes_site
        .build_err()
        .assert_stderr(&["bin.md:1:1: error: the file is not UTF-8"]);
}

#[test]
fn an_article_or_actor_taking_a_built_in_url_is_an_error_saying_what_to_change() {
    let built = SiteTest::new()
        .config("permalink: /{slug}/")
        .article("a.md", "title: A\ndate: 2020-01-01\nslug: archive", "x\n")
        .build_err();
    built.assert_stderr(&[
        "content/articles/a.md:4:1: error: two items have the URL `/archive/`: the built-in page `archive index` and content/articles/a.md:4",
        "hint: give the article another `slug:`",
    ]);
    let built = SiteTest::new()
        .write(
            "content/actors/ana.md",
            "---\nname: Ana\nkind: person\n---\n",
        )
        .article(
            "a.md",
            "title: A\ndate: 2020-01-01\nactors: [People]",
            "x\n",
        )
        .build_err();
    built.assert_stderr(&[
        "two items have the URL `/actors/people/`",
        "give the actor a profile",
    ]);
}
