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

/// A site whose title, summary, body and actor name carry each kind of invisible debris.
fn debris() -> SiteTest {
    SiteTest::new()
        .config("language: fr")
        .write(
            "content/actors/etat-islamique.md",
            "---\nname: \"État\u{200B}islamique\"\nkind: organisation\n---\nUn groupe \u{202E}armé.\n",
        )
        .article(
            "a.md",
            "title: \"Gouverne\u{00AD}ment en crise\"\ndate: 2024-01-10\nsummary: \"Le mi\u{00AD}nistre parle\"",
            "contre l’\u{05A4}État islamique, le gou\u{200B}vernement agit.\n\nDeux\u{00A0}\u{00A0}espaces et\u{2066}isolé\u{2069}\u{0092}.\n",
        )
}

#[test]
fn check_names_each_invisible_character_where_it_is() {
    let site = debris();
    let ran = site.gazette(&["check"]);
    assert!(ran.success(), "warnings only: {}", ran.stderr);
    for expected in [
        "content/articles/a.md:2:17: warning: a soft hyphen in a title or summary: `U+00AD SOFT HYPHEN` after e",
        "content/articles/a.md:4:16: warning: a soft hyphen in a title or summary",
        "a.md:8:24: warning: a C1 control character: `U+0092",
        "content/articles/a.md:6:10: warning: a combining mark on no letter: `U+05A4 HEBREW ACCENT MAHAPAKH` after ’",
        "`gazette check --fix-text` removes it",
        "content/articles/a.md:6:33: warning: a zero-width character inside a word: `U+200B ZERO WIDTH SPACE` after u",
        "a.md:8:6: warning: two no-break spaces in a row",
        "a.md:8:17: warning: a bidirectional control: `U+2066 LEFT-TO-RIGHT ISOLATE`",
        "content/actors/etat-islamique.md:2:12: warning: a zero-width character inside a word",
        "content/actors/etat-islamique.md:5:11: warning: a bidirectional control: `U+202E RIGHT-TO-LEFT OVERRIDE`",
    ] {
        assert!(ran.stderr.contains(expected), "{expected}\n{}", ran.stderr);
    }
    // The build leaves the text as written: the page still holds the mark.
    let built = site.build_ok();
    assert!(built.page("/2024/01/a/").contains("l’\u{05A4}État"));
}

#[test]
fn fix_text_removes_only_the_debris_and_says_each_change() {
    let site = debris();
    let article = site.root.join("content/articles/a.md");
    let before = std::fs::read_to_string(&article).unwrap();
    let ran = site.gazette(&["check", "--fix-text"]);
    assert!(ran.success(), "{}", ran.stderr);
    for expected in [
        "content/articles/a.md:6:10: removed U+05A4 HEBREW ACCENT MAHAPAKH after ’: a combining mark on no letter",
        "content/articles/a.md:6:33: removed U+200B ZERO WIDTH SPACE after u",
        "content/actors/etat-islamique.md:2:12: removed U+200B ZERO WIDTH SPACE",
        "gazette: --fix-text removed 3 character(s)",
    ] {
        assert!(ran.stderr.contains(expected), "{expected}\n{}", ran.stderr);
    }
    let after = std::fs::read_to_string(&article).unwrap();
    assert_eq!(
        after,
        before.replace("\u{05A4}", "").replace("gou\u{200B}", "gou"),
        "nothing else changed"
    );
    assert!(after.contains("contre l’État islamique, le gouvernement"));
    // The rest is still reported; a second run removes nothing.
    assert!(ran.stderr.contains("a soft hyphen in a title or summary"));
    let again = site.gazette(&["check", "--fix-text"]);
    assert!(
        again.stderr.contains("removed 0 character(s)"),
        "{}",
        again.stderr
    );
    let files: Vec<_> = crate::harness::files_under(&site.root.join("content"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(files.len(), 2, "no temporary file left: {files:?}");
}

/// Issue 21: what imported archives hold. Links built from template tags are flagged, mail
/// addresses (`<user@host>`, in Markdown or raw HTML) are no site links or tags, and an
/// opening paragraph is summary enough.
#[test]
fn check_flags_links_built_from_template_tags_and_accepts_opening_paragraphs() {
    let site = SiteTest::new()
        .article(
            "templated.md",
            "title: Templated\ndate: 2016-01-01\nactors: [X]",
            "This opening paragraph is long enough to be a summary that lists can show readers.\n\n[a]({{ site.baseurl }}/x/) and [b]({{site.baseurl}}/y/) and <hsn@example.cz>.\n\nAn old converter closed it: </hsn@example.cz>\n\n<div>\n<p>Radim <jan@example.cz>, le 1er</jan@example.cz></p>\n</div>\n",
        )
        .article("short.md", "title: Short\ndate: 2016-01-02\nactors: [X]", "## Heading\n\nTwo words.\n");
    let checked = site.gazette(&["check"]);
    let all = format!("{}{}", checked.stdout, checked.stderr);
    assert!(
        all.contains("link target `{{ site.baseurl }}/x/` holds a template tag"),
        "{all}"
    );
    assert!(
        all.contains("link target `{{site.baseurl}}/y/` holds a template tag"),
        "{all}"
    );
    let about_mail: Vec<&str> = all
        .lines()
        .filter(|l| l.contains("warning:") && (l.contains("hsn") || l.contains("jan")))
        .collect();
    assert!(
        about_mail.is_empty(),
        "mail addresses are no tags or site links:\n{all}"
    );
    let no_summary: Vec<&str> = all.lines().filter(|l| l.contains("no summary")).collect();
    assert_eq!(no_summary.len(), 1, "{all}");
    assert!(no_summary[0].contains("short"), "{all}");
    let html = site.build_ok().page("/2016/01/templated/");
    for address in ["hsn@example.cz", "jan@example.cz"] {
        assert!(
            html.contains(&format!("href=\"mailto:{address}\">{address}</a>")),
            "{html}"
        );
    }
    assert!(!html.contains("</jan@"), "{html}");
}

#[test]
fn check_finds_broken_html_at_the_source_line_and_the_demo_has_none() {
    // A legacy CMS list with blank lines inside: CommonMark ends the HTML block at the first
    // blank line, so the inner lines become paragraphs inside the <ul>.
    let site = SiteTest::new().article(
        "legacy.md",
        "title: Legacy\ndate: 2024-01-10",
        "Intro.\n\n<ul>\n<li>PL/Java est sorti</li>\n\n<a href=\"/x\">lien</a>\n\n</ul>\n\nUn <tt>code</tt>.\n",
    );
    let ran = site.gazette(&["check"]);
    assert!(ran.success(), "warnings only: {}", ran.stderr);
    for expected in [
        "content/articles/legacy.md:14:4: warning: HTML: obsolete element `<tt>`",
        // Not in the source as written: located in the page.
        "output/2024/01/legacy/index.html:",
        "HTML: `<p>` directly inside `<ul>`",
        "the W3C checker (vnu) explains each rule",
    ] {
        assert!(ran.stderr.contains(expected), "{expected}\n{}", ran.stderr);
    }
    for theme in ["default", "plain"] {
        let demo = SiteTest::demo().gazette(&["check", "--theme", theme]);
        assert!(!demo.stderr.contains("HTML:"), "{theme}: {}", demo.stderr);
    }
}

/// Issue 21: an imported archive lists no actors and presents none of its authors yet; one
/// warning counts each instead of one per article or author filling `check --strict`.
#[test]
fn a_site_without_actors_or_author_profiles_yet_gets_one_warning_for_each() {
    let mut site = SiteTest::new();
    for day in 10..=21 {
        site = site.article(
            &format!("2016/a{day}.md"),
            &format!("title: A{day}\ndate: 2016-08-{day}\nsummary: S.\nauthors: [Writer {day}]"),
            "Text.\n",
        );
    }
    let ran = site.gazette(&["check"]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stderr.contains(
            "content/articles/2016/a21.md:2:1: warning: 12 of 12 articles name no actors (this one is the newest)"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("gazette actors suggest --write"),
        "{}",
        ran.stderr
    );
    assert!(
        !ran.stderr.contains("article names no actors"),
        "{}",
        ran.stderr
    );
}
