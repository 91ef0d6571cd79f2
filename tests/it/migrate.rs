//! Issue 21: archives move in whole. Each construct the corpora showed, in a small fixture:
//! what the source generator reads is read, old URLs keep answering, template tags are
//! resolved, and the build and check handle what imported archives hold.

use std::path::Path;

use crate::harness::SiteTest;

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

/// A Jekyll site whose posts sit in a category folder (`2004/_posts/`) and at the root, in
/// Markdown and HTML, with the old habits of its front matter and bodies.
fn jekyll_site(root: &Path) {
    write(
        root,
        "2004/_posts/2004-01-05-hello.md",
        "---\nTitle: Hello &amp; welcome\ncategories: [Weekly News]\nredirect_from:\n  - index.php?post/48 \n---\n##First\n\nSee [the page]({% post_url 2015-02-03-page %}) and [old]({{ site.baseurl }}/about/).\n\n{% highlight ruby %}\nputs {{ x }}\n{% endhighlight %}\n\nA note.\n{: .note}\n",
    );
    write(
        root,
        "_posts/2015-02-03-page.html",
        "---\ntitle: Q&amp;A about &#39;HTML&#39;\ndate: 2015-02-03\ntime: \"9:30\"\ndate: 2015-02-04\nteaser: Questions and answers.\n---\n<p>First paragraph with <em>some</em> words_in_it.</p>\n\n    <p>indented after a blank line</p>\n\n<pre>line one\n\nline three</pre>\n<p>{% include figure.html img=\"/img/a.png\" alt=\"A chart\" %}</p>\n",
    );
    write(
        root,
        "_posts/2016-03-04-explicit.md",
        "---\ntitle: Explicit\npermalink: /special/explicit-page/\n---\nBody {% unknown tag %}.\n\n```\n{{ kept }}\n```\n",
    );
    write(root, "_drafts/2017-01-01-draft.md", "---\ntitle: D\n---\n");
}

#[test]
fn jekyll_posts_anywhere_html_bodies_and_any_case_keys_are_read() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    jekyll_site(&jekyll);
    let ran = site.gazette(&["import", "jekyll", jekyll.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("3 articles and 0 author profiles written from 3 posts"),
        "{}\n{}",
        ran.stderr,
        ran.stdout
    );
    for line in [
        "_posts/2015-02-03-page.html:5: note: `date` is written twice (lines 3 and 5); the last value is kept",
        "2004/_posts/2004-01-05-hello.md:7: note: heading without a space",
        "2004/_posts/2004-01-05-hello.md:9: note: link to another post resolved",
        "2004/_posts/2004-01-05-hello.md:11: note: highlight block written as fenced code",
        "2004/_posts/2004-01-05-hello.md:16: note: kramdown markup removed",
        "_posts/2016-03-04-explicit.md:5: note: Liquid tag kept as text: {% unknown tag %}",
        "note: no _config.yml: old URLs computed with Jekyll's default permalink",
    ] {
        assert!(ran.stdout.contains(line), "lacks {line:?}:\n{}", ran.stdout);
    }
    assert!(
        !ran.stdout.contains("{{ kept }}"),
        "code is no tag:\n{}",
        ran.stdout
    );
    let read = |path: &str| std::fs::read_to_string(site.root.join(path)).unwrap();
    let hello = read("content/articles/2004/01/hello.md");
    assert!(hello.contains("title: \"Hello & welcome\""), "{hello}");
    assert!(hello.contains("## First"), "{hello}");
    assert!(hello.contains("[the page](/2015/02/page/)"), "{hello}");
    assert!(hello.contains("[old](/about/)"), "{hello}");
    assert!(hello.contains("```ruby\nputs {{ x }}\n```"), "{hello}");
    assert!(!hello.contains("{: .note}"), "{hello}");
    assert!(
        hello.contains(
            "aliases: [\"/index.php?post/48\", \"/2004/weekly%20news/2004/01/05/hello.html\"]"
        ),
        "{hello}"
    );
    let page = read("content/articles/2015/02/page.md");
    assert!(page.contains("title: \"Q&A about 'HTML'\""), "{page}");
    assert!(page.contains("date: 2015-02-04T09:30:00"), "{page}");
    assert!(
        page.contains("summary: \"Questions and answers.\""),
        "{page}"
    );
    assert!(
        page.contains("<p><img src=\"/img/a.png\" alt=\"A chart\"></p>"),
        "{page}"
    );
    assert!(
        page.contains("aliases: [\"/2015/02/04/page.html\"]"),
        "{page}"
    );
    let explicit = read("content/articles/2016/03/explicit.md");
    assert!(
        explicit.contains("aliases: [\"/special/explicit-page/\"]"),
        "the computed URL was never served when `permalink` is written:\n{explicit}"
    );

    let built = site.build_ok();
    let html = built.page("/2015/02/page/");
    assert!(
        html.contains("words_in_it"),
        "no Markdown inside HTML:\n{html}"
    );
    assert!(
        !html.contains("<code>&lt;p&gt;indented"),
        "an indented line is no code:\n{html}"
    );
    assert!(
        html.contains("line one\n\nline three"),
        "<pre> keeps its blank line:\n{html}"
    );
    for old in [
        "/2004/weekly%20news/2004/01/05/hello.html",
        "/special/explicit-page/",
        "/2015/02/04/page.html",
    ] {
        let file = percent_decoded(old);
        assert!(built.has_page(&file), "no redirect page for {old}");
    }
    let rules = std::fs::read_to_string(site.root.join("output/_redirects")).unwrap();
    assert!(
        rules.contains("/index.php?post/48 /2004/01/hello/ 301"),
        "{rules}"
    );
}

fn percent_decoded(path: &str) -> String {
    path.replace("%20", " ")
}

#[test]
fn a_folder_without_posts_says_what_to_give() {
    let site = SiteTest::new();
    let empty = site.sibling("notjekyll");
    write(&empty, "index.md", "hello");
    let ran = site.gazette(&["import", "jekyll", empty.to_str().unwrap()]);
    assert!(!ran.success());
    assert!(
        ran.stderr.contains("no `_posts/` folder anywhere under")
            && ran.stderr.contains("give the root of a Jekyll site"),
        "{}",
        ran.stderr
    );
}

#[test]
fn bad_front_matter_and_unusable_old_urls_are_listed_with_their_line() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_posts/2015-01-01-bad.md",
        "---\ntitle: Bad\ntags: [a\n---\nx\n",
    );
    write(
        &jekyll,
        "_posts/2015-01-02-urls.md",
        "---\ntitle: Urls\nredirect_from: [\"/../etc/passwd\", \"\"]\n---\nx\n",
    );
    write(&jekyll, "_posts/2015-01-03-empty.md", "");
    let ran = site.gazette(&["import", "jekyll", jekyll.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stdout.contains(
            "_posts/2015-01-01-bad.md: not imported: line 3, column 7: YAML front matter"
        ),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .contains("_posts/2015-01-03-empty.md: not imported:"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains(
            "_posts/2015-01-02-urls.md:3: note: old URL `/../etc/passwd` dropped: alias `/../etc/passwd` would lead outside"
        ),
        "{}",
        ran.stdout
    );
    site.build_ok();
}

#[test]
fn a_bad_source_configuration_stops_the_import_and_names_the_file() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    write(&hugo, "hugo.toml", "baseURL = [\n");
    write(
        &hugo,
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2020-01-01\n---\n",
    );
    let ran = site.gazette(&["import", "hugo", hugo.to_str().unwrap()]);
    assert!(!ran.success());
    assert!(
        ran.stderr.contains("hugo.toml: not valid TOML") && ran.stderr.contains("move it aside"),
        "{}",
        ran.stderr
    );
}

/// A Hugo site with its configuration: permalinks by section, params, shortcodes.
fn hugo_site(root: &Path) {
    write(
        root,
        "config.toml",
        "baseURL = \"https://old.example.org/\"\n[permalinks]\nnews = \"/:year/:month/:slug/\"\n[params]\ncontact = \"news@example.org\"\n",
    );
    // A real photo: the build makes its variants (a file that is not one is an error).
    write(root, "static/b.jpg", "");
    std::fs::write(root.join("static/b.jpg"), crate::images::jpeg(8, 8)).unwrap();
    write(
        root,
        "content/news/2019/05/bridge.md",
        "---\ntitle: Bridge\ndate: 2019-05-03\naliases: [/old-bridge/, relative-alias]\n---\nWrite to {{< param contact >}} or <jane@example.org>.\n\n{{< youtube w7Ft2ymGmfc >}}\n\n{{< figure src=\"/b.jpg\" alt=\"The bridge\" >}}\n\nSee {{< ref \"ferry.md\" >}} and {{< tmp x >}}.\n\nThe [old ferry page](/blog/ferry/) and [hosting](/workshops-host/).\n",
    );
    write(
        root,
        "content/blog/ferry.md",
        "---\ntitle: Ferry\nDate: 2019-06-01\n---\nA ferry.\n",
    );
    write(
        root,
        "content/fr/blog/pont.html",
        "---\ntitle: Pont\ndate: 2019-06-02\n---\n<p>Le pont.</p>\n",
    );
}

#[test]
fn hugo_aliases_permalinks_and_shortcodes_become_aliases_and_markdown() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    hugo_site(&hugo);
    let ran = site.gazette(&["import", "hugo", hugo.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(ran.stderr.contains("3 articles"), "{}", ran.stderr);
    assert!(
        ran.stdout.contains(
            "content/news/2019/05/bridge.md:12: note: Hugo shortcode kept as text: {{< tmp x >}}"
        ),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("no hugo.toml"), "{}", ran.stdout);
    let read = |path: &str| std::fs::read_to_string(site.root.join(path)).unwrap();
    let bridge = read("content/articles/2019/05/bridge.md");
    assert!(bridge.contains("Write to news@example.org"), "{bridge}");
    assert!(
        bridge.contains("(https://www.youtube.com/watch?v=w7Ft2ymGmfc)"),
        "{bridge}"
    );
    assert!(bridge.contains("![The bridge](/b.jpg)"), "{bridge}");
    assert!(bridge.contains("See /2019/06/ferry/ and"), "{bridge}");
    assert!(
        bridge.contains("The [old ferry page](/2019/06/ferry/) and [hosting](/workshops-host/)."),
        "an old URL leads to the new page; without --source-url, other pages stay: {bridge}"
    );
    assert!(
        bridge.contains("aliases: [\"/old-bridge/\", \"/2019/05/relative-alias\"]"),
        "the computed URL equals the new one and is left out:\n{bridge}"
    );
    let ferry = read("content/articles/2019/06/ferry.md");
    assert!(ferry.contains("aliases: [\"/blog/ferry/\"]"), "{ferry}");
    let pont = read("content/articles/2019/06/pont.md");
    assert!(pont.contains("aliases: [\"/fr/blog/pont/\"]"), "{pont}");
    assert!(
        ran.stdout.contains(
            "content/news/2019/05/bridge.md:10: note: image `/b.jpg` copied into static/b.jpg"
        ),
        "{}",
        ran.stdout
    );
    assert!(site.root.join("static/b.jpg").is_file());
    let built = site.build_ok();
    assert!(built.has_page("/old-bridge/"));
    assert!(built.has_page("/fr/blog/pont/"));
    let checked = site.gazette(&["check"]);
    assert!(
        !checked.stdout.contains("jane@example.org")
            && !checked.stderr.contains("jane@example.org"),
        "a mail autolink is no site link:\n{}{}",
        checked.stdout,
        checked.stderr
    );
}

#[test]
fn keep_urls_prints_the_one_pattern_or_says_why_not() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_posts/2015-01-02-one.md",
        "---\ntitle: One\n---\nx\n",
    );
    write(
        &jekyll,
        "_posts/2016-03-04-two.md",
        "---\ntitle: Two\n---\n[1]({% post_url 2015-01-02-one %})\n",
    );
    let args = ["import", "jekyll", jekyll.to_str().unwrap(), "--keep-urls"];
    let ran = site.gazette(&args);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stdout
            .contains("permalink: /{year}/{month}/{day}/{slug}.html"),
        "{}",
        ran.stdout
    );
    let two = std::fs::read_to_string(site.root.join("content/articles/2016/03/two.md")).unwrap();
    assert!(!two.contains("aliases:"), "{two}");
    assert!(
        two.contains("[1](/2015/01/02/one.html)"),
        "links follow the kept URLs:\n{two}"
    );

    let mixed = SiteTest::new();
    let jekyll = mixed.sibling("jekyll");
    write(
        &jekyll,
        "_posts/2015-01-02-one.md",
        "---\ntitle: One\n---\nx\n",
    );
    write(
        &jekyll,
        "news/_posts/2016-03-04-Two.md",
        "---\ntitle: Two\n---\nx\n",
    );
    let ran = mixed.gazette(&["import", "jekyll", jekyll.to_str().unwrap(), "--keep-urls"]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stdout.contains("keep-urls: no permalink pattern fits, so each old URL was written as an alias: the old URLs follow 2 patterns"),
        "{}",
        ran.stdout
    );
    let two = std::fs::read_to_string(mixed.root.join("content/articles/2016/03/two.md")).unwrap();
    assert!(
        two.contains("aliases: [\"/news/2016/03/04/Two.html\"]"),
        "{two}"
    );
}

/// The theme habits of real archives, each in a line: filters over author slugs and video
/// addresses, an icon include, list values of the page, assigned variables, a title encoded
/// twice, a date written twice alike. None may reach readers as a tag.
#[test]
fn jekyll_theme_filters_includes_and_assigns_reach_no_reader() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_authors/jane.md",
        "---\nname: jane\nfull_name: Jane Roe\n---\n",
    );
    write(
        &jekyll,
        "_posts/2016-03-22-path.md",
        "---\ntitle: \"Le pont&amp;nbsp;!\"\ndate: 2016-03-22\ndate: 2016-03-22\nimages: [/a.png, /b.png]\nfeatured_image: /assets/lead.png\nimage-alt: The old bridge\n---\nOpening words of the post, long enough to be read as its summary by lists.\n\n<div class=\"pquote\">{{ \"jane\" | team_photo }}\n  <blockquote>“I came for the work.” – {{ \"jane\" | team_link}}</blockquote>\n</div>\n\n{{ \"https://www.youtube-nocookie.com/embed/aeQX16HCKSs\" | embed: \"Demo day\" }}\n\n<figure>{% include svg/blog/coins.svg %}</figure>\n\n<img src=\"{{site.baseurl}}{{page.images[1]}}\" alt=\"B\">\n\n{% assign video_slug=\"HaS4NXxL5Qc\" %}\n{% include youtube %}\n\n[Older]({{page.root}}/2016/03/older/) and [same]({% link _posts/2016/2016-03-01-older.md %}).\n\n<p>Un paragraphe\n\nsur *deux* lignes.\n</p>\n",
    );
    write(&jekyll, "assets/lead.png", "");
    std::fs::write(jekyll.join("assets/lead.png"), crate::photos::png(8, 8, 1)).unwrap();
    write(
        &jekyll,
        "_posts/2016-03-01-older.md",
        "---\ntitle: Older\n---\nx\n",
    );
    let ran = site.gazette(&["import", "jekyll", jekyll.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(!ran.stdout.contains("kept as text"), "{}", ran.stdout);
    assert!(!ran.stdout.contains("written twice"), "{}", ran.stdout);
    assert!(
        ran.stdout
            .contains("_posts/2016-03-22-path.md:2: note: the title was encoded twice"),
        "{}",
        ran.stdout
    );
    let path = std::fs::read_to_string(site.root.join("content/articles/2016/03/path.md")).unwrap();
    assert!(path.contains("title: \"Le pont\u{a0}!\""), "{path}");
    assert!(
        path.contains("image: \"/assets/lead.png\"\nimage_alt: \"The old bridge\""),
        "{path}"
    );
    assert!(site.root.join("static/assets/lead.png").is_file());
    assert!(
        ran.stdout.contains("_posts/2016-03-22-path.md:6: note: lead photo: image `/assets/lead.png` copied into static/assets/lead.png"),
        "{}",
        ran.stdout
    );
    for converted in [
        "<div class=\"pquote\">\n",
        "– Jane Roe</blockquote>",
        "[Demo day](https://www.youtube.com/watch?v=aeQX16HCKSs)",
        "<figure></figure>",
        "<img src=\"/b.png\" alt=\"B\">",
        "[Video on YouTube](https://www.youtube.com/watch?v=HaS4NXxL5Qc)",
        "[Older](/2016/03/older/) and [same](/2016/03/older/)",
        "<p>Un paragraphe\nsur *deux* lignes.\n</p>",
    ] {
        assert!(path.contains(converted), "lacks {converted:?}:\n{path}");
    }
    assert!(
        ran.stdout
            .contains("1 HTML block(s) with blank lines inside kept whole"),
        "{}",
        ran.stdout
    );
    let html = site.build_ok().page("/2016/03/path/");
    assert!(!html.contains("{{") && !html.contains("{%"), "{html}");
    assert!(
        html.contains("sur *deux* lignes."),
        "kramdown reads no Markdown there: {html}"
    );
}

/// A Hugo theme's own shortcodes, read by their arguments: images, links to content files,
/// files, page embeds, quotations and containers.
#[test]
fn hugo_theme_shortcodes_become_markdown_by_what_their_arguments_say() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    write(
        &hugo,
        "content/news/2019/05/tools.md",
        "---\ntitle: Tools\ndate: 2019-05-03\n---\nOpening words of the post, long enough to be read as its summary by lists.\n\n{{< legacy-img src=\"2014/03/flow.png\" alt=\"The workflow\" >}}\n\nJoin [the call]({{< tmp \"events/call.md\" >}}) and read {{< asset-static file=\"plan.pdf\" label=\"the plan\" >}}.\n\n{{< fb-video \"https://www.facebook.com/x/videos/1\" >}}\n\n{{< quote-block text=\"Trust the people.\" cite=\"A. Lincoln\" >}}\n\n{{< note variant=\"action\" >}}**Due by March 23**{{< /note >}}\n\n{{< ring title=\"Terms\">}}\nA term.\n{{< /ring >}}\n\n[Host one](/workshops-host/).\n",
    );
    let hugo = hugo.to_str().unwrap();
    let refused = site.gazette(&["import", "hugo", hugo, "--source-url", "old.example.org"]);
    assert!(
        !refused.success() && refused.stderr.contains("is no web address"),
        "{}",
        refused.stderr
    );
    let old = "https://old.example.org/";
    let ran = site.gazette(&["import", "hugo", hugo, "--source-url", old]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(!ran.stdout.contains("kept as text"), "{}", ran.stdout);
    assert!(
        ran.stdout.contains("tools.md:7: note: image `2014/03/flow.png` is not in the source folder: it now points at the old site"),
        "{}",
        ran.stdout
    );
    let tools =
        std::fs::read_to_string(site.root.join("content/articles/2019/05/tools.md")).unwrap();
    for converted in [
        "![The workflow](https://old.example.org/news/2019/05/tools/2014/03/flow.png)",
        "[the call](https://old.example.org/events/call/)",
        "[the plan](plan.pdf)",
        "[https://www.facebook.com/x/videos/1](https://www.facebook.com/x/videos/1)",
        "> Trust the people.\n>\n> — A. Lincoln",
        "**Due by March 23**\n",
        "**Terms**\nA term.\n",
        "[Host one](https://old.example.org/workshops-host/).",
    ] {
        assert!(tools.contains(converted), "lacks {converted:?}:\n{tools}");
    }
    assert!(
        ran.stdout.contains(
            "tools.md:7: note: image shortcode written as an image (its file is not copied)"
        ),
        "{}",
        ran.stdout
    );
    let html = site.build_ok().page("/2019/05/tools/");
    assert!(!html.contains("{{"), "{html}");
}

/// Item 5: `import-report.json` says what became of each source file; `--dry-run` writes
/// nothing else; a second import changes nothing and says why.
#[test]
fn the_import_report_lists_each_file_and_a_dry_run_writes_only_it() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_posts/2016-03-04-one.md",
        "---\ntitle: One\nlayout: post\n---\nBody {% if x %}, [a]({{ site.baseurl }}/a/).\n",
    );
    write(
        &jekyll,
        "_posts/2016-03-05-two.md",
        "---\ndate: 2016-03-05\n---\n",
    );
    let source = jekyll.to_str().unwrap();
    let ran = site.gazette(&["import", "jekyll", source, "--dry-run"]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("dry run: nothing written but"),
        "{}",
        ran.stderr
    );
    assert!(!site.root.join("content/articles/2016").exists());
    let read_report = || -> serde_json::Value {
        let text = std::fs::read_to_string(site.root.join("import-report.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let report = read_report();
    assert_eq!(report["posts"], 2);
    let file = |report: &serde_json::Value, source: &str| {
        let files = report["files"].as_array().unwrap();
        let found = files.iter().find(|f| f["source"] == source);
        found
            .cloned()
            .unwrap_or_else(|| panic!("no {source} in {report}"))
    };
    let one = file(&report, "_posts/2016-03-04-one.md");
    assert!(
        one["written"]
            .as_str()
            .unwrap()
            .ends_with("content/articles/2016/03/one.md"),
        "{one}"
    );
    assert_eq!(one["kept_as_text"][0]["line"], 5, "{one}");
    assert_eq!(one["converted"][0]["line"], 5, "{one}");
    assert_eq!(one["keys_not_kept"], serde_json::json!(["layout"]), "{one}");
    let assumed = report["files"].as_array().unwrap().iter().find_map(|f| {
        let notes = f["notes"].as_array()?;
        notes.iter().find(|n| {
            n["note"]
                .as_str()
                .is_some_and(|t| t.starts_with("no _config.yml"))
        })
    });
    assert_eq!(
        assumed.expect("the assumed permalink is noted")["line"],
        serde_json::Value::Null,
        "a note on the whole import has no line 0"
    );
    let two = file(&report, "_posts/2016-03-05-two.md");
    assert!(
        two["not_imported"]
            .as_str()
            .unwrap()
            .starts_with("no title"),
        "{two}"
    );

    assert!(site.gazette(&["import", "jekyll", source]).success());
    let written = site.root.join("content/articles/2016/03/one.md");
    let first = std::fs::read_to_string(&written).unwrap();
    let again = site.gazette(&["import", "jekyll", source]);
    assert!(again.success(), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), first);
    let skipped = &file(&read_report(), "_posts/2016-03-04-one.md")["skipped"];
    assert!(
        skipped.as_str().unwrap().ends_with("one.md exists"),
        "{skipped}"
    );
}

/// Two posts with one slug in different folders: the second is `-2`, the same on every
/// import, and a link to it reaches the `-2`.
#[test]
fn one_slug_in_two_folders_is_renamed_the_same_way_and_links_follow() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    let post = |title: &str| format!("---\ntitle: {title}\ndate: 2019-05-03\n---\nText.\n");
    write(&hugo, "content/a/same.md", &post("First"));
    write(&hugo, "content/b/same.md", &post("Second"));
    write(
        &hugo,
        "content/c/link.md",
        "---\ntitle: Link\ndate: 2019-06-01\n---\nSee [the second]({{< ref \"b/same.md\" >}}).\n",
    );
    let ran = site.gazette(&["import", "hugo", hugo.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(
        ran.stdout.contains(
            "content/b/same.md: note: slug `same` was taken by another post; this one is `same-2`"
        ),
        "{}",
        ran.stdout
    );
    let read = |path: &str| std::fs::read_to_string(site.root.join(path)).unwrap();
    assert!(read("content/articles/2019/05/same-2.md").contains("title: \"Second\""));
    let link = read("content/articles/2019/06/link.md");
    assert!(link.contains("[the second](/2019/05/same-2/)"), "{link}");
}

#[test]
fn a_configuration_kept_elsewhere_fills_the_values_its_tags_print() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_posts/2012-03-01-kazoo.html",
        "---\ntitle: Kazoo\n---\n<p><img src=\"{{site.filesurl}}/2012/03/pipeline.png\" alt=\"Pipeline\"> <a href=\"mailto:{{site.contact}}\">write</a></p>\n",
    );
    let config = site.sibling("old-site").join("_config.yml");
    std::fs::write(
        &config,
        "filesurl: https://files.example.org\ncontact: team@example.org\npermalink: /:year/:month/:title/\n",
    )
    .unwrap();
    let missing = site.gazette(&[
        "import",
        "jekyll",
        jekyll.to_str().unwrap(),
        "--config",
        "nowhere.yml",
    ]);
    assert!(!missing.success());
    assert!(
        missing.stderr.contains("nowhere.yml: no such file"),
        "{}",
        missing.stderr
    );
    let ran = site.gazette(&[
        "import",
        "jekyll",
        jekyll.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(!ran.stdout.contains("no _config.yml"), "{}", ran.stdout);
    let written =
        std::fs::read_to_string(site.root.join("content/articles/2012/03/kazoo.md")).unwrap();
    assert!(
        written.contains("src=\"https://files.example.org/2012/03/pipeline.png\""),
        "{written}"
    );
    assert!(
        written.contains("href=\"mailto:team@example.org\""),
        "{written}"
    );
    // The configuration's permalink gave the post the URL it has now: no alias is needed.
    assert!(!written.contains("aliases"), "{written}");
}

/// `check --strict` on an imported archive: the attributes the sanitiser drops by the
/// thousand (postgresqlfr: 25,629 `target` of `<a>`) are taken out by the import, with one
/// note per file and kind in the report's `converted`, so the build warns of none of them;
/// what an editor must decide (a script) is still warned of.
#[test]
fn attributes_the_sanitiser_drops_are_removed_at_import_with_one_note() {
    let site = SiteTest::new();
    let jekyll = site.sibling("jekyll");
    write(
        &jekyll,
        "_posts/2016-03-04-links.md",
        "---\ntitle: Links\n---\nOpening words of the post, long enough to be read as its summary by lists.\n\n<p style=\"text-align: center\">See <a href=\"https://example.org/\" target=\"_blank\">one</a>,\n<a target=\"_blank\" href=\"https://example.org/2\" rel=\"noopener\">two</a>.</p>\n\n`<a target=\"_blank\">` in code stays.\n\n<script>track()</script>\n",
    );
    let ran = site.gazette(&["import", "jekyll", jekyll.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    let note = "_posts/2016-03-04-links.md:6: note: attribute the build's sanitiser drops removed: `target` of `<a>` (2 times);";
    assert!(ran.stdout.contains(note), "{}", ran.stdout);
    let written = site.root.join("content/articles/2016/03/links.md");
    let body = std::fs::read_to_string(written).unwrap();
    assert!(
        body.contains("<p>See <a href=\"https://example.org/\">one</a>,\n<a href=\"https://example.org/2\">two</a>.</p>"),
        "{body}"
    );
    assert!(
        body.contains("`<a target=\"_blank\">` in code stays."),
        "{body}"
    );
    let report = std::fs::read_to_string(site.root.join("import-report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let files = report["files"].as_array().unwrap();
    let links = files
        .iter()
        .find(|f| f["source"] == "_posts/2016-03-04-links.md");
    let converted = links.unwrap()["converted"].as_array().unwrap();
    assert_eq!(converted.len(), 3, "{converted:?}");
    let check = site.gazette(&["check"]);
    assert!(
        !check.stderr.contains("`target` of `<a>`"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("warning: raw HTML: `<script>` and its content removed"),
        "{}",
        check.stderr
    );
}

/// Bylines: a Hugo `author:` string is printed as written, so sites put the person's job in
/// it (cds-snc: `Tim Arney, Developer`); the people become authors and the job a note, not an
/// author page of its own.
#[test]
fn a_byline_string_gives_its_people_as_authors_and_their_jobs_as_a_note() {
    let site = SiteTest::new();
    let hugo = site.sibling("hugo");
    write(
        &hugo,
        "content/blog/posts/tools.md",
        "---\ntitle: Tools\ndate: 2019-05-02\nauthor: 'Tim Arney, Developer, and Mithula Naik (Policy)'\n---\nText.\n",
    );
    let ran = site.gazette(&["import", "hugo", hugo.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    let note = "content/blog/posts/tools.md:4: note: byline read as 2 author(s); `Policy`, `Developer` taken as what they do, not as authors";
    assert!(ran.stdout.contains(note), "{}", ran.stdout);
    let written =
        std::fs::read_to_string(site.root.join("content/articles/2019/05/tools.md")).unwrap();
    assert!(
        written.contains("authors: [\"Tim Arney\", \"Mithula Naik\"]"),
        "{written}"
    );
}
