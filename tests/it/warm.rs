//! Warm builds (scale issue, item 4): with the previous output at hand, `gazette build`
//! renders only the pages whose inputs changed and keeps the others, and what it writes is
//! byte for byte what a build into an empty folder writes.

use crate::harness::{SiteTest, files_under};

/// Builds the site into its output folder (warm: the previous output is there, and the body
/// cache) and into an empty folder without the cache (clean), asserts that the two are the same files with the same bytes, and
/// returns how many pages the warm build kept without rendering them, and how many it has.
fn warm_equals_clean(site: &SiteTest, step: &str) -> (usize, usize) {
    let warm = site.build_ok();
    let clean = site
        .root
        .parent()
        .unwrap()
        .join(format!("clean-{}", step.len()));
    let _ = std::fs::remove_dir_all(&clean);
    let built = site.build(&["--output", clean.to_str().unwrap(), "--no-cache"]);
    assert!(built.success, "{step}: {}", built.stderr);
    let (ours, theirs) = (files_under(&warm.output), files_under(&clean));
    let paths = |files: &[(std::path::PathBuf, Vec<u8>)]| {
        files
            .iter()
            .map(|f| f.0.display().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&ours), paths(&theirs), "{step}: the same files");
    let differing: Vec<String> = ours
        .iter()
        .zip(&theirs)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| a.0.display().to_string())
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: bytes differ in {differing:?}"
    );
    std::fs::remove_dir_all(&clean).unwrap();
    kept_and_pages(&warm.stderr)
}

/// The build's summary line: `gazette: 37 articles read, 156 pages … written to …`.
fn summary_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|line| line.starts_with("gazette: ") && line.contains(" articles read"))
        .unwrap_or_else(|| panic!("no summary line in {stderr}"))
}

/// `gazette: 37 articles read, 156 pages (150 unchanged, kept) written to …`
fn kept_and_pages(stderr: &str) -> (usize, usize) {
    let line = summary_line(stderr);
    let number_before = |word: &str| -> usize {
        let at = line.find(word).unwrap();
        let digits: String = line[..at]
            .chars()
            .rev()
            .skip_while(|c| *c == ' ')
            .take_while(char::is_ascii_digit)
            .collect();
        digits.chars().rev().collect::<String>().parse().unwrap()
    };
    let kept = if line.contains(" unchanged, kept") {
        number_before(" unchanged, kept")
    } else {
        0
    };
    (kept, number_before(" pages"))
}

fn edit(site: &SiteTest, path: &str, from: &str, to: &str) {
    let full = site.root.join(path);
    let text = std::fs::read_to_string(&full).unwrap();
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(&full, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_warm_build_renders_only_what_changed_and_equals_a_clean_build() {
    let site = SiteTest::demo();
    let first = site.build_ok();
    assert_eq!(kept_and_pages(&first.stderr).0, 0, "nothing to keep yet");

    let (kept, pages) = warm_equals_clean(&site, "nothing changed");
    assert_eq!(kept, pages, "every page is kept when nothing changed");

    // A new article changes its own page, the lists and neighbours that show it: the other
    // articles' pages are kept.
    let site = site.article(
        "2025/02/dernier-conseil.md",
        "title: Dernier conseil du port\ndate: 2025-02-28T18:00:00+01:00\nactors: [Hélène Marchetti]\ntags: [port]",
        "Hélène Marchetti a présidé le dernier conseil.\n",
    );
    let (kept, pages) = warm_equals_clean(&site, "one article added");
    assert!(kept > pages / 2 && kept < pages, "{kept} of {pages} kept");

    // An actor's name is on its page, on the cards that list it and on the articles about it.
    edit(
        &site,
        "content/actors/canada.md",
        "name: Canada",
        "name: Le Canada",
    );
    let (kept, pages) = warm_equals_clean(&site, "an actor renamed");
    assert!(kept > 0 && kept < pages, "{kept} of {pages} kept");

    // A template change reaches every page of that template.
    edit(
        &site,
        "themes/default/templates/article.html",
        "{% block content %}",
        "{% block content %}<p>edited-mark</p>",
    );
    let (kept, pages) = warm_equals_clean(&site, "a template edited");
    assert!(kept < pages, "{kept} of {pages} kept");
    let page = site.root.join("output/2025/02/dernier-conseil/index.html");
    let article = std::fs::read_to_string(&page).unwrap();
    assert!(article.contains("edited-mark"), "{article}");

    // A setting every page shows (the site's title) renders every page again.
    edit(
        &site,
        "site.yaml",
        "title: La Gazette du Fleuve",
        "title: La Gazette",
    );
    let (kept, _) = warm_equals_clean(&site, "the site's title changed");
    assert_eq!(kept, 0, "no page is kept when every page changed");

    // An article removed takes its page, and its place in lists, with it.
    std::fs::remove_file(
        site.root
            .join("content/articles/2025/02/dernier-conseil.md"),
    )
    .unwrap();
    let (kept, pages) = warm_equals_clean(&site, "the article removed again");
    assert!(kept > 0 && kept < pages, "{kept} of {pages} kept");
    assert!(!page.exists());
}

#[test]
fn a_page_missing_from_the_previous_output_is_rendered_again() {
    let site = SiteTest::new()
        .article("a.md", "title: A\ndate: 2020-01-01\ntags: [t]", "First.\n")
        .article("b.md", "title: B\ndate: 2020-02-01", "Second.\n");
    let output = site.build_ok().output;
    let page = output.join("2020/01/a/index.html");
    let before = std::fs::read(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    let (kept, pages) = warm_equals_clean(&site, "a page deleted by hand");
    assert_eq!(kept, pages - 1, "all but the missing page kept");
    assert_eq!(std::fs::read(&page).unwrap(), before);
}

/// The inputs' fingerprint the output's marker gives a page: `<inputs> <bytes> <path>`.
fn inputs_fingerprint(output: &std::path::Path, page: &str) -> String {
    let marker = std::fs::read_to_string(output.join(".gazette-output")).unwrap();
    let line = marker
        .lines()
        .find(|line| line.ends_with(&format!(" {page}")))
        .unwrap_or_else(|| panic!("{page} is not in the marker:\n{marker}"));
    line.split(' ').next().unwrap().to_owned()
}

/// A card links its actors and tags without their article counts: an article added to an
/// actor and a tag leaves the pages of the other articles about them as they were, so a warm
/// build keeps them (before, every such article's page was rendered again).
#[test]
fn an_article_added_to_an_actor_and_a_tag_leaves_the_others_pages_unrendered() {
    let site = SiteTest::new()
        .article(
            "a.md",
            "title: Le port rouvre\ndate: 2020-01-05\nactors: [Jeanne Roy]\ntags: [port]",
            "Jeanne Roy rouvre le port.\n",
        )
        .article(
            "b.md",
            "title: B\ndate: 2020-03-01\ntags: [pluie]",
            "Pluie.\n",
        )
        .article("c.md", "title: C\ndate: 2020-05-01", "Soleil.\n");
    let output = site.build_ok().output;
    let page = "2020/01/a/index.html";
    let before = inputs_fingerprint(&output, page);
    let site = site.article(
        "d.md",
        "title: Le port agrandi\ndate: 2020-07-01\nactors: [Jeanne Roy]\ntags: [port]",
        "Jeanne Roy agrandit le port.\n",
    );
    let (kept, pages) = warm_equals_clean(&site, "an article about the same actor and tag");
    assert!(kept > 0 && kept < pages, "{kept} of {pages} kept");
    assert_eq!(
        inputs_fingerprint(&output, page),
        before,
        "the older article's page has the same inputs"
    );
    let actor = std::fs::read_to_string(output.join("actors/jeanne-roy/index.html")).unwrap();
    assert!(
        actor.contains("Le port agrandi"),
        "the actor's page lists it"
    );
}

#[test]
fn pages_of_a_template_that_reads_the_clock_are_never_kept() {
    let site = SiteTest::new()
        .article("a.md", "title: A\ndate: 2020-01-01", "First.\n")
        .write(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block content %}<p>{{ now() }}</p>{% endblock %}",
        );
    site.build_ok();
    let (kept, _) = kept_and_pages(&site.build_ok().stderr);
    assert_eq!(
        kept, 0,
        "a template calling now() makes every build's pages anew"
    );
}

/// A large archive's build spools the article bodies and makes each article card when a page
/// shows it instead of holding them (`GAZETTE_HELD_UP_TO` lowers the limit to reach that way
/// here): the files, page fingerprints included, are the same. The demo has both languages, lists by
/// month and day, neighbours and actor pages, which all show cards.
#[test]
fn spooled_bodies_and_cards_made_per_page_give_the_same_site_as_held_ones() {
    let site = SiteTest::demo();
    let held = site.build_ok();
    let per_page = site.root.parent().unwrap().join("per-page");
    let (output, _) = crate::harness::run_guarded(
        std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .env("GAZETTE_HELD_UP_TO", "0")
            .args(["build", "--root"])
            .arg(&site.root)
            .arg("--output")
            .arg(&per_page),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (ours, theirs) = (files_under(&held.output), files_under(&per_page));
    assert!(ours.len() > 150, "the demo's pages: {}", ours.len());
    let names = |files: &[(std::path::PathBuf, Vec<u8>)]| -> Vec<std::path::PathBuf> {
        files.iter().map(|f| f.0.clone()).collect()
    };
    assert_eq!(names(&ours), names(&theirs));
    for ((path, a), (_, b)) in ours.iter().zip(&theirs) {
        assert!(a == b, "{} differs", path.display());
    }
}

/// `gazette: 38 articles read (34 from the body cache), …`: the articles whose Markdown the
/// build did not render, and how many it read.
fn cached_and_read(stderr: &str) -> (usize, usize) {
    let line = summary_line(stderr);
    let number_after = |prefix: &str| -> usize {
        let rest = &line[line.find(prefix).unwrap() + prefix.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap()
    };
    let read = number_after("gazette: ");
    let cached = if line.contains(" from the body cache)") {
        number_after(" articles read (")
    } else {
        0
    };
    (cached, read)
}

#[test]
fn the_body_cache_spares_unchanged_articles_and_never_changes_the_output() {
    let site = SiteTest::demo();
    let first = site.build_ok();
    let (cached, articles) = cached_and_read(&first.stderr);
    assert_eq!(cached, 0, "nothing cached yet: {}", first.stderr);
    assert!(site.root.join(".gazette-cache/articles/index").is_file());

    // The four bundles whose bodies show photos are rendered every time (their variants
    // are made or checked as they are read); every other body comes from the cache.
    let second = site.build_ok();
    assert_eq!(cached_and_read(&second.stderr), (articles - 4, articles));

    // An edited article is rendered again, alone.
    edit(
        &site,
        "content/articles/2025/01/voeux-2025-plan-climat.md",
        "Le plan s’articule",
        "Ce plan s’articule",
    );
    warm_equals_clean(&site, "one article edited");
    let built = site.build_ok();
    assert_eq!(cached_and_read(&built.stderr).0, articles - 4);

    // A profile's new alias may be named in any body: every body is rendered again.
    edit(
        &site,
        "content/actors/canada.md",
        "aliases: []",
        "aliases: [Dominion]",
    );
    let warm = site.build_ok();
    assert_eq!(cached_and_read(&warm.stderr).0, 0, "{}", warm.stderr);
    warm_equals_clean(&site, "a profile changed");

    // A damaged cache is not trusted: texts cut short, then an index of noise.
    let bodies = site.root.join(".gazette-cache/articles/bodies");
    let length = std::fs::metadata(&bodies).unwrap().len();
    std::fs::File::options()
        .write(true)
        .open(&bodies)
        .unwrap()
        .set_len(length / 2)
        .unwrap();
    let warm = site.build_ok();
    assert_eq!(cached_and_read(&warm.stderr).0, 0, "{}", warm.stderr);
    std::fs::write(
        site.root.join(".gazette-cache/articles/index"),
        b"gazette body cache 2\nnot an index at all",
    )
    .unwrap();
    warm_equals_clean(&site, "a damaged cache");

    // `--no-cache` neither reads nor writes it.
    let index = site.root.join(".gazette-cache/articles/index");
    let before = std::fs::read(&index).unwrap();
    let built = site.build(&["--no-cache"]);
    assert!(built.success, "{}", built.stderr);
    assert_eq!(cached_and_read(&built.stderr).0, 0);
    assert_eq!(std::fs::read(&index).unwrap(), before);

    // Bodies changed on disk behind the index's back (lost to a power cut) fail a build that
    // renders their pages (into an empty folder here: a warm one keeps them without reading
    // the bodies), saying what to do, rather than show something else.
    site.build_ok();
    let mut damaged = std::fs::read(&bodies).unwrap();
    // The live texts are the last ones written (older builds' are left behind as dead space);
    // an ASCII letter for another keeps the text valid UTF-8: only its digest tells.
    let live_from = damaged.len() / 2;
    for byte in damaged.iter_mut().skip(live_from).filter(|b| **b == b'e') {
        *byte = b'x';
    }
    std::fs::write(&bodies, damaged).unwrap();
    let elsewhere = site.sibling("elsewhere").join("output");
    let failed = site.build(&["--output", elsewhere.to_str().unwrap()]);
    assert!(!failed.success, "{}", failed.stderr);
    for said in [
        "could not be read back",
        ".gazette-cache/articles/",
        "--no-cache",
    ] {
        assert!(failed.stderr.contains(said), "{}", failed.stderr);
    }
    std::fs::remove_dir_all(site.root.join(".gazette-cache/articles")).unwrap();
    site.build_ok();

    // Without the search index a small archive holds its bodies in memory: the cached ones
    // are read in as the articles load.
    let site = site.config("search: false");
    site.build_ok();
    let held = site.build_ok();
    assert_eq!(cached_and_read(&held.stderr), (articles - 4, articles));
    warm_equals_clean(&site, "bodies held in memory");
}

/// Feeds are remembered by their inputs like pages: a warm build makes only the feeds whose
/// articles (or what their entries show of them) changed, and keeps the others.
#[test]
fn a_warm_build_makes_only_the_feeds_whose_entries_changed() {
    let site = SiteTest::new()
        .write("content/authors/ann-lee.md", "---\nname: Ann Lee\n---\n")
        .article(
            "a.md",
            "title: Le port rouvre\ndate: 2020-01-05\nactors: [Jeanne Roy]\ntags: [port]",
            "Jeanne Roy rouvre le port.\n",
        )
        .article(
            "b.md",
            "title: La pluie\ndate: 2020-03-01\nactors: [Paul Ba]\nauthors: [Ann Lee]",
            "Paul Ba parle de la pluie.\n",
        );
    let output = site.build_ok().output;
    let feed = |path: &str| inputs_fingerprint(&output, path);
    let (jeanne, paul) = ("actors/jeanne-roy/atom.xml", "actors/paul-ba/atom.xml");
    let before = (feed(jeanne), feed(paul), feed("tags/port/atom.xml"));
    let site = site.article(
        "c.md",
        "title: Le port agrandi\ndate: 2020-07-01\nactors: [Jeanne Roy]",
        "Jeanne Roy agrandit le port.\n",
    );
    warm_equals_clean(&site, "an article about one actor");
    assert_ne!(feed(jeanne), before.0, "her feed lists the new article");
    assert_eq!(feed(paul), before.1, "his feed is kept");
    assert_eq!(
        feed("tags/port/atom.xml"),
        before.2,
        "the tag's feed is kept"
    );
    let hers = std::fs::read_to_string(output.join(jeanne)).unwrap();
    assert!(hers.contains("Le port agrandi"), "{hers}");

    // An author renamed: the entries that name her change, in every feed that lists them.
    edit(
        &site,
        "content/authors/ann-lee.md",
        "name: Ann Lee",
        "name: Ann B. Lee",
    );
    warm_equals_clean(&site, "an author renamed");
    assert_ne!(feed(paul), before.1);
    let his = std::fs::read_to_string(output.join(paul)).unwrap();
    assert!(his.contains("<name>Ann B. Lee</name>"), "{his}");
}
