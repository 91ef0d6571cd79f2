//! `gazette check`: the build's validation without output, and the editorial report.

use crate::harness::SiteTest;

/// A site with one of each editorial problem, and no error.
fn untidy() -> SiteTest {
    SiteTest::new()
        .write(
            "content/actors/ana-kim.md",
            "---\nname: Ana Kim\nkind: person\naliases: [Kim]\n---\n",
        )
        .write(
            "content/actors/bo-kim.md",
            "---\nname: Bo Kim\nkind: person\naliases: [Kim]\n---\n",
        )
        .write("content/actors/nobody.md", "---\nname: Nobody Atall\n---\n")
        .article(
            "2016/accord.md",
            "title: Accord\ndate: 2016-07-15\nactors:\n  - Ana Kim\n  - Bo Kim\n  - Jean Sansfiche\nsummary: Signed.\nsource: https://example.com/a",
            "Text.\n\nSee [the follow-up](/2016/08/suite/) and [a lost page](/2016/07/lost/).\n\n![](https://x.org/b.jpg)\n\n<img src=\"https://x.org/a.jpg\">\n",
        )
        .article(
            "2016/suite.md",
            "title: Suite\ndate: 2016-08-02\nsource: https://example.com/a",
            "No summary here.\n",
        )
        .article(
            "later.md",
            "title: Later\ndate: 2999-01-01\nactors: [Ana Kim]\nsummary: Not yet.",
            "Soon.\n",
        )
}

#[test]
fn check_reports_editorial_problems_at_file_and_line_and_writes_nothing() {
    let site = untidy();
    let ran = site.gazette(&["check"]);
    assert!(ran.success(), "warnings alone pass:\n{}", ran.stderr);
    for fragment in [
        "content/articles/2016/accord.md:7:1: warning: actor `Jean Sansfiche` has no profile (1 article)",
        "content/actors/nobody.md:2:1: warning: profile `Nobody Atall` is used by no article",
        "content/actors/bo-kim.md:4:1: warning: `Kim` is claimed by two profiles",
        "content/articles/2016/suite.md:4:1: warning: `source` https://example.com/a is also the source of content/articles/2016/accord.md",
        "content/articles/2016/suite.md:2:1: warning: article has no summary",
        "content/articles/2016/suite.md:2:1: warning: article names no actors",
        "content/articles/later.md:3:1: warning: article is dated in the future",
        "content/articles/2016/accord.md:13:42: warning: link to `/2016/07/lost/`, which is no page of the site",
        "content/articles/2016/accord.md:15:1: warning: image has no alternative text",
        "content/articles/2016/accord.md:17:1: warning: image has no `alt` attribute",
    ] {
        assert!(
            ran.stderr.contains(fragment),
            "lacks {fragment:?}:\n{}",
            ran.stderr
        );
    }
    assert!(!ran.stderr.contains("/2016/08/suite/`"), "{}", ran.stderr);
    assert!(!site.root.join("output").exists());
}

#[test]
fn strict_makes_warnings_fail() {
    let ran = untidy().gazette(&["check", "--strict"]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
}

#[test]
fn json_report_lists_every_diagnostic_with_its_position() {
    let ran = untidy().gazette(&["check", "--format", "json"]);
    assert!(ran.success(), "{}", ran.stderr);
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    let items = report["diagnostics"].as_array().unwrap();
    assert_eq!(report["warnings"].as_u64().unwrap() as usize, items.len());
    let unused = items
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("Nobody Atall"))
        .unwrap();
    assert_eq!(unused["path"], "content/actors/nobody.md");
    assert_eq!(
        (unused["line"].as_u64(), unused["severity"].as_str()),
        (Some(2), Some("warning"))
    );
}

#[test]
fn build_errors_fail_the_check_and_template_errors_are_found_without_writing() {
    let site = untidy()
        .article("bad.md", "title: Bad\ndate: 2016-13-01", "x\n")
        .write("templates/article.html", "{{ nonexistent.field }}");
    let ran = site.gazette(&["check"]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("content/articles/bad.md:3:1: error: `2016-13-01` is not a date"),
        "{}",
        ran.stderr
    );
    let fixed = untidy().write("templates/article.html", "{{ nonexistent.field }}");
    let ran = fixed.gazette(&["check"]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("templates/article.html:1:4: error: template error"),
        "{}",
        ran.stderr
    );
    assert!(!fixed.root.join("output").exists());
}

/// Issue 19, item 7: the warnings about merged spellings of one actor or tag said line 0,
/// though the line of the `actors:` or `tags:` list that holds the spelling is known.
#[test]
fn merged_spellings_are_reported_at_the_line_of_their_list() {
    let site = SiteTest::new()
        .article(
            "a.md",
            "title: A\ndate: 2020-01-01\nactors: [Zoé Lefèvre]\ntags: [Climat]",
            "x\n",
        )
        .article(
            "b.md",
            "title: B\ndate: 2020-01-02\nsummary: S.\ntags:\n  - climat\nactors: [Zoe Lefevre]",
            "x\n",
        );
    let ran = site.gazette(&["check", "--format", "json"]);
    assert!(ran.success(), "{}", ran.stderr);
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let at = |fragment: &str| {
        let item = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(fragment))
            .unwrap_or_else(|| panic!("no {fragment:?} in {report:#}"));
        let path = item["path"].as_str().unwrap().to_owned();
        (path, item["line"].as_u64(), item["column"].as_u64())
    };
    let b = "content/articles/b.md".to_owned();
    assert_eq!(
        at("actor `Zoe Lefevre` is written `Zoé Lefèvre`"),
        (b.clone(), Some(7), Some(1))
    );
    assert_eq!(
        at("tag `climat` is written `Climat`"),
        (b, Some(5), Some(1))
    );
}
