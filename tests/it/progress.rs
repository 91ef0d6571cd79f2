//! Progress while building (issue 9, item 6): nothing but the summary for a quick build whose
//! standard error is not a terminal, a line per stage with `--verbose`.

use crate::harness::SiteTest;

fn one_article() -> SiteTest {
    SiteTest::new().article(
        "2016/accord.md",
        "title: Accord signé\ndate: 2016-07-15 09:30\nactors: [France]\ntags: [diplomatie]",
        "Premier paragraphe.\n",
    )
}

/// The seconds in the summary line, `… in 0.04 s`.
fn seconds(summary: &str) -> f64 {
    let (_, tail) = summary.rsplit_once(" in ").expect("a time");
    tail.trim_end_matches(" s").parse().expect("seconds")
}

#[test]
fn a_quick_build_prints_only_its_summary_when_stderr_is_not_a_terminal() {
    let built = one_article().build(&[]);
    assert!(built.success, "{}", built.stderr);
    let lines: Vec<&str> = built.stderr.lines().collect();
    let summary = lines.last().expect("a summary line");
    assert!(summary.starts_with("gazette: 1 articles read"), "{summary}");
    // Progress shows once a build has run a second; a build this small takes far less, but a
    // loaded machine could stretch it, and then lines are expected.
    if seconds(summary) < 0.8 {
        assert_eq!(lines.len(), 1, "progress noise:\n{}", built.stderr);
    }
    assert!(
        !built.stderr.contains('\r') && !built.stderr.contains('\u{1b}'),
        "no bar drawing when stderr is not a terminal:\n{:?}",
        built.stderr
    );
}

#[test]
fn verbose_prints_a_line_per_stage_and_the_timings() {
    let built = one_article().build(&["--verbose"]);
    assert!(built.success, "{}", built.stderr);
    built.assert_stderr(&[
        "gazette: articles: 1 read in ",
        "gazette: search index: 1 shards done in ",
        "gazette: feeds and sitemaps: ",
        " files written in ",
        "s  profiles\n",
        "s  feeds and sitemaps\n",
        "gazette: 1 articles read,",
    ]);
    let pages = built
        .stderr
        .lines()
        .find(|line| line.starts_with("gazette: pages: "))
        .unwrap_or_else(|| panic!("no pages line:\n{}", built.stderr));
    assert!(pages.contains(" written in "), "{pages}");
    if cfg!(target_os = "linux") {
        let memory = built
            .stderr
            .lines()
            .find(|line| line.starts_with("    memory: peak "))
            .unwrap_or_else(|| panic!("no memory line:\n{}", built.stderr));
        assert!(
            memory.contains(" MiB; resident after each stage: profiles ")
                && memory.contains(" MiB, articles "),
            "{memory}"
        );
    }
}

#[test]
fn quiet_prints_nothing_and_refuses_verbose() {
    let site = one_article();
    let quiet = site.build(&["--quiet"]);
    assert!(quiet.success, "{}", quiet.stderr);
    assert_eq!(quiet.stderr, "");
    let both = site.build(&["--quiet", "--verbose"]);
    assert!(!both.success);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}
