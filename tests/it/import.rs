//! `gazette import`: Hugo and Jekyll sites (and plain text) into a gazette site that builds.

use std::path::Path;

use crate::harness::SiteTest;

fn write(root: &Path, path: &str, text: impl AsRef<[u8]>) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

/// A tiny Hugo site: YAML and TOML posts, an author profile, a French post, and three files
/// that cannot be imported.
fn hugo_site(root: &Path) {
    write(root, "content/posts/_index.md", "---\ntitle: Posts\n---\n");
    write(
        root,
        "content/posts/2015-06-29-bridge.md",
        "---\ntitle: ' The bridge opens '\ndate: 2015-06-29 1:00:19 -0400\nauthors: [jane-doe]\ntags: [transport]\ncategories: [city]\nsummary: It opens.\nexpirydate: 2030-01-01\nexpirydate: 2031-01-01\n---\nThe bridge, says Jane Doe, \"opens\".\n\n{{< chart id=\"bridge\" >}}\n",
    );
    write(
        root,
        "content/posts/ferry/index.md",
        "+++\ntitle = \"Ferry service ends\"\ndate = 2015-07-02T10:00:00+02:00\nauthor = \"Jane Doe\"\ntags = [\"transport\"]\n+++\nSee [the bridge](/2015/06/bridge/).\n",
    );
    write(
        root,
        "content/fr/posts/pont.md",
        "---\ntitle: Le pont « neuf » ouvre\ndate: 2015-06-30\nauthor: Jane Doe\n---\nTexte\u{a0}: l’ouverture.\n",
    );
    write(
        root,
        "content/authors/jane-doe/_index.md",
        "---\ndisplay_name: Jane Doe\nfirst_name: Jane\nlast_name: Doe\n---\nJane covers the city.\n",
    );
    write(
        root,
        "content/authors/_index.md",
        "---\ntitle: Authors\n---\n",
    );
    write(
        root,
        "content/posts/untitled.md",
        "---\ndate: 2015-01-01\n---\nx\n",
    );
    write(
        root,
        "content/posts/latin1.md",
        b"---\ntitle: caf\xe9\n---\n",
    );
    write(root, "content/posts/page.html", "<p>hi</p>");
    write(root, "content/posts/bridge.jpg", "not a page");
}

#[test]
fn a_hugo_site_imports_builds_and_lists_what_it_could_not_convert() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    hugo_site(&hugo);
    let ran = site.gazette(&["import", "hugo", hugo.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    for line in [
        "content/posts/untitled.md: not imported: no title",
        "content/posts/latin1.md: not imported: cannot read it as UTF-8 text",
        "content/posts/page.html: not imported: no front matter",
        "content/posts/2015-06-29-bridge.md:13: note: Hugo shortcode kept as text: {{< chart id=\"bridge\" >}}",
    ] {
        assert!(ran.stdout.contains(line), "lacks {line:?}:\n{}", ran.stdout);
    }
    assert!(
        ran.stderr
            .contains("3 articles and 1 author profiles written from 6 posts"),
        "{}",
        ran.stderr
    );
    let bridge =
        std::fs::read_to_string(site.root.join("content/articles/2015/06/bridge.md")).unwrap();
    assert!(bridge.contains("title: \"The bridge opens\""), "{bridge}");
    assert!(
        bridge.contains("date: 2015-06-29T05:00:19+00:00"),
        "{bridge}"
    );
    // Source authors are bylines, not actors.
    assert!(bridge.contains("authors: [\"Jane Doe\"]"), "{bridge}");
    assert!(!bridge.contains("actors:"), "{bridge}");
    assert!(
        bridge.contains("tags: [\"transport\", \"city\"]"),
        "{bridge}"
    );
    let pont = std::fs::read_to_string(site.root.join("content/articles/2015/06/pont.md")).unwrap();
    assert!(pont.contains("lang: \"fr\"") && pont.contains("Texte\u{a0}: l’ouverture."));

    let built = site.build_ok();
    let page = built.page("/2015/06/bridge/");
    assert!(page.contains("The bridge opens"), "{page}");
    assert!(
        page.contains("{{&lt; chart id="),
        "shortcodes stay visible: {page}"
    );
    assert!(
        page.contains(
            "By <a class=\"author\" rel=\"author\" href=\"/authors/jane-doe/\">Jane Doe</a>"
        ),
        "{page}"
    );
    let author = built.page("/authors/jane-doe/");
    assert!(author.contains("Jane covers the city."), "{author}");
    assert!(author.contains("/2015/07/ferry/") && author.contains("/2015/06/pont/"));
    assert!(
        !built.has_page("/actors/jane-doe/"),
        "an author is not an actor"
    );
    assert!(built.page("/tags/city/").contains("/2015/06/bridge/"));
}

#[test]
fn a_verbose_import_says_how_many_posts_it_read() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    hugo_site(&hugo);
    let ran = site.gazette(&["import", "hugo", hugo.to_str().unwrap(), "--verbose"]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("gazette: posts: 6 read in "),
        "{}",
        ran.stderr
    );
}

#[test]
fn importing_again_overwrites_nothing() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    hugo_site(&hugo);
    assert!(
        site.gazette(&["import", "hugo", hugo.to_str().unwrap()])
            .success()
    );
    let edited = site.root.join("content/articles/2015/06/bridge.md");
    std::fs::write(
        &edited,
        "---\ntitle: Mine\ndate: 2015-06-29\n---\nEdited.\n",
    )
    .unwrap();
    let again = site.gazette(&["import", "hugo", hugo.to_str().unwrap()]);
    assert!(again.success(), "{}", again.stderr);
    assert!(
        again
            .stdout
            .contains("content/posts/2015-06-29-bridge.md: skipped:"),
        "{}",
        again.stdout
    );
    assert!(
        again
            .stderr
            .contains("0 articles and 0 author profiles written"),
        "{}",
        again.stderr
    );
    assert!(
        std::fs::read_to_string(&edited)
            .unwrap()
            .contains("Edited.")
    );
}

#[test]
fn a_jekyll_site_imports_dates_from_front_matter_and_file_names() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_authors/jdoe.md",
        "---\nname: jdoe\nfull_name: Jane Doe\nposition: Staff writer\nurl: https://jane.example/\navatar: https://jane.example/me.jpg\n---\n",
    );
    write(
        &jekyll,
        "_authors/joke.md",
        "---\nname: joke\nfull_name: Ada L\npublished: false\n---\n",
    );
    write(
        &jekyll,
        "_posts/2014-09-08-launch.md",
        "---\ntitle: Launch\ndate: September 8, 2014\nauthors:\n- jdoe\t\t\ntags: [news]\nexcerpt: We launch.\n---\n[Up]({{ \"/2014/09/launch/\" | url }})\n",
    );
    write(
        &jekyll,
        "_posts/2014-10-01-undated.md",
        "---\ntitle: Undated\n---\nBody.\n",
    );
    write(
        &jekyll,
        "_posts/2014-11-05-broken.md",
        "---\ntitle: Broken offset\ndate: 2014-11-05 12:00-400\n---\nBody.\n",
    );
    let ran = site.gazette(&["import", "jekyll", jekyll.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stdout
            .contains("_authors/joke.md: skipped: `published: false`"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains("URL filter resolved"), "{}", ran.stdout);
    assert!(
        ran.stdout
            .contains("date `2014-11-05 12:00-400` is not readable; its day was used")
    );
    let built = site.build_ok();
    assert!(built.has_page("/2014/09/launch/"));
    assert!(built.has_page("/2014/10/undated/"));
    assert!(built.has_page("/2014/11/broken/"));
    let author = built.page("/authors/jdoe/");
    for kept in [
        "Jane Doe",
        "Staff writer",
        "https://jane.example/",
        "https://jane.example/me.jpg",
    ] {
        assert!(author.contains(kept), "{kept}: {author}");
    }
}

#[test]
fn text_dumps_keep_their_text_drop_footers_and_propose_actors() {
    let site = SiteTest::new()
        .config("import_drop_footer: [\"^© La Gazette\"]")
        .write(
            "content/actors/helene-marchetti.md",
            "---\nname: Hélène Marchetti\naliases: [Mme Marchetti]\n---\n",
        );
    let dumps = site.sibling("dumps");
    write(
        &dumps,
        "a.txt",
        "Le port « vert » : l’accord\nPolitique-20151007\n\nMme Marchetti l’a dit\u{a0}: *rien* n'est #1.\n\n- pas une liste\n\n© La Gazette, tous droits réservés\nAbonnez-vous\n",
    );
    write(
        &dumps,
        "b.txt",
        "Sans date\nPolitique\n\nTexte.\n\nFIN DU FLUX\n",
    );
    let ran = site.gazette(&[
        "import",
        "text",
        dumps.to_str().unwrap(),
        "--drop-footer",
        "^FIN DU FLUX$",
    ]);
    assert!(ran.success(), "{}", ran.stderr);
    let a = std::fs::read_to_string(
        site.root
            .join("content/articles/2015/10/le-port-vert-l-accord.md"),
    )
    .unwrap();
    assert!(a.contains("title: \"Le port « vert » : l’accord\""), "{a}");
    assert!(a.contains("# actors: [\"Hélène Marchetti\"]"), "{a}");
    assert!(!a.contains("La Gazette, tous droits"), "{a}");
    let year = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .year();
    let b_dir = site.root.join(format!("content/articles/{year:04}"));
    let b_file = walkdir::WalkDir::new(&b_dir)
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == "sans-date.md")
        .expect("the undated dump is imported for review");
    let b = std::fs::read_to_string(b_file.path()).unwrap();
    assert!(
        b.contains("draft: true") && b.contains("# REVIEW: no date"),
        "{b}"
    );
    assert!(!b.contains("FIN DU FLUX"), "{b}");

    let built = site.build_ok();
    let page = built.page("/2015/10/le-port-vert-l-accord/");
    assert!(
        page.contains("Mme Marchetti</a> l’a dit\u{a0}: *rien* n&#x27;est #1.")
            || page.contains("l’a dit\u{a0}: *rien* n'est #1."),
        "{page}"
    );
    assert!(page.contains("- pas une liste"), "{page}");
}

#[test]
fn import_removes_invisible_debris_with_a_note_and_keeps_french_typography() {
    let site = SiteTest::new().config("language: fr");
    let dumps = site.sibling("dumps");
    write(
        &dumps,
        "etat.txt",
        "Offensive contre l’\u{05A4}État islamique\nMonde-20151007\n\nLa coalition frappe l’\u{05A4}État islamique\u{00A0}: le gou\u{200B}vernement « salue » l’action\u{202F}!\n",
    );
    let ran = site.gazette(&["import", "text", dumps.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    let file = site
        .root
        .join("content/articles/2015/10/offensive-contre-l-etat-islamique.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("title: \"Offensive contre l’État islamique\""),
        "{text}"
    );
    // The body is escaped Markdown (`\:`); the page shows it as written, debris aside.
    let page = site
        .build_ok()
        .page("/2015/10/offensive-contre-l-etat-islamique/");
    assert!(
        page.contains("La coalition frappe l’État islamique\u{00A0}: le gouvernement « salue » l’action\u{202F}!"),
        "only the debris went: {page}"
    );
    assert!(
        ran.stdout.contains("etat.txt: note: removed 3 invisible character(s): U+05A4 HEBREW ACCENT MAHAPAKH after ’: a combining mark on no letter (written line 2)"),
        "{}",
        ran.stdout
    );
}

/// README: of two author profiles with one name the second is skipped and its posts use the
/// first; a post with `published: false` becomes a draft, not a published article.
#[test]
fn a_second_profile_of_one_name_is_skipped_and_unpublished_posts_are_drafts() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_authors/jdoe.md",
        "---\nname: jdoe\nfull_name: Jane Doe\nposition: Staff writer\n---\n",
    );
    write(
        &jekyll,
        "_authors/jane.md",
        "---\nname: jane\nfull_name: Jane Doe\nposition: Intern\n---\n",
    );
    write(
        &jekyll,
        "_posts/2014-09-08-launch.md",
        "---\ntitle: Launch\nauthors: [jdoe]\n---\nWe launch.\n",
    );
    write(
        &jekyll,
        "_posts/2014-09-09-hidden.md",
        "---\ntitle: Hidden plan\npublished: false\n---\nNot yet.\n",
    );
    let ran = site.gazette(&["import", "jekyll", jekyll.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stdout.contains(
            "_authors/jdoe.md: skipped: the name `Jane Doe` is already an author's; posts use that author"
        ),
        "{}",
        ran.stdout
    );
    let profiles: Vec<_> = std::fs::read_dir(site.root.join("content/authors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(profiles, ["jane.md"], "one profile for the one name");
    let profile = std::fs::read_to_string(site.root.join("content/authors/jane.md")).unwrap();
    assert!(
        profile.contains("Intern"),
        "the first read (jane.md) is kept: {profile}"
    );
    let hidden =
        std::fs::read_to_string(site.root.join("content/articles/2014/09/hidden.md")).unwrap();
    assert!(hidden.contains("draft: true"), "{hidden}");
    let built = site.build_ok();
    let launch = built.page("/2014/09/launch/");
    assert!(
        launch.contains("href=\"/authors/jane/\""),
        "the byline uses the first profile: {launch}"
    );
    assert!(
        !built.has_page("/2014/09/hidden-plan/"),
        "a draft is not published"
    );
}
