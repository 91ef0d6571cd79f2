//! Hostile sites, one per case (issue 8): each build must end with the right exit status and a
//! message naming the file and line, leave the previous output byte-identical, and touch no
//! file outside it, here checked on every file of the temp folder around the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{Built, SiteTest, files_under};

const SENTINEL: &str = "a file outside the site; no build may change it\n";

/// A site with one good article, built once (the previous output), and a sentinel file
/// beside it.
fn site() -> SiteTest {
    let site = SiteTest::new().article("good.md", "title: Good\ndate: 2020-01-01", "Fine.\n");
    site.build_ok();
    std::fs::write(site.sibling("outside").join("sentinel.txt"), SENTINEL).unwrap();
    site
}

/// Every file of the temp folder around the site (site, output, siblings) with its bytes; a
/// symbolic link as where it points. Gazette's lock file is left out: it comes and goes; so
/// is gazette's own cache folder (`.gazette-cache/`: photo variants and rendered bodies, which
/// every build may add to and which is safe to delete).
fn snapshot(site: &SiteTest, skip_output: bool) -> BTreeMap<PathBuf, Vec<u8>> {
    let top = site.root.parent().unwrap();
    let output = site.root.join("output");
    let cache = site.root.join(".gazette-cache");
    walkdir::WalkDir::new(top)
        .into_iter()
        .filter_entry(|e| !(skip_output && e.path() == output) && e.path() != cache)
        .flatten()
        .filter(|e| !e.file_type().is_dir() && e.file_name() != ".output.lock")
        .map(|e| {
            let bytes = if e.path_is_symlink() {
                std::fs::read_link(e.path())
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else if e.metadata().unwrap().len() > BIG_FILE {
                big_file_stamp(e.path())
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (e.path().strip_prefix(top).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// Files larger than this are compared by size and modification time, not read: a hostile
/// site may hold a sparse file of many gigabytes.
const BIG_FILE: u64 = 64 << 20;

fn big_file_stamp(path: &Path) -> Vec<u8> {
    let metadata = std::fs::metadata(path).unwrap();
    format!(
        "{} bytes, modified {:?}",
        metadata.len(),
        metadata.modified().unwrap()
    )
    .into_bytes()
}

/// The paths whose bytes differ between two snapshots (a readable failure message).
fn differing(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect();
    paths.dedup();
    paths
}

/// Builds the hostile `site` with `args`: it must fail, say every fragment, not panic, and
/// leave every file around it (the previous output included) as it was.
fn refused_with(site: &SiteTest, args: &[&str], fragments: &[&str]) -> Built {
    let before = snapshot(site, false);
    let built = site.build(args);
    assert!(!built.success, "the build should fail:\n{}", built.stderr);
    built.assert_stderr(fragments);
    assert!(!built.stderr.contains("panicked"), "{}", built.stderr);
    let changed = differing(&before, &snapshot(site, false));
    assert!(changed.is_empty(), "files changed: {changed:?}");
    built
}

fn refused(site: &SiteTest, fragments: &[&str]) -> Built {
    refused_with(site, &[], fragments)
}

/// How long a debug build may work on hostile input: generous, as a loaded 2-core machine
/// runs tests side by side, yet far below what an unbounded (quadratic, exponential) reading
/// of these inputs would take. Speed itself is measured by the benchmarks.
const BOUNDED: Duration = Duration::from_secs(60);

/// Like [`refused`], with the gazette process (not the test's snapshots) ending within
/// [`BOUNDED`]: work on hostile input must stay bounded.
fn refused_within(site: &SiteTest, fragments: &[&str]) -> Built {
    let built = refused(site, fragments);
    assert!(built.took < BOUNDED, "took {:?}", built.took);
    built
}

/// Builds the hostile but valid `site`: it must succeed and change nothing outside its output.
fn contained(site: &SiteTest) -> Built {
    let before = snapshot(site, true);
    let built = site.build_ok();
    let changed = differing(&before, &snapshot(site, true));
    assert!(
        changed.is_empty(),
        "files outside the output changed: {changed:?}"
    );
    built
}

fn write_bytes(site: &SiteTest, path: &str, bytes: &[u8]) {
    let full = site.root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, bytes).unwrap();
}

// --- Nothing is written outside the output folder ---

#[test]
fn a_slug_climbing_out_of_the_output_is_refused_at_its_line() {
    let site = site().article(
        "bad.md",
        "title: Bad\ndate: 2020-01-01\nslug: ../../../outside",
        "x\n",
    );
    refused(
        &site,
        &["content/articles/bad.md:4:1: error: slug contains `/`"],
    );
}

#[test]
fn tags_and_actors_made_of_path_characters_stay_inside_the_output() {
    let site = site().article(
        "bad.md",
        "title: Bad\ndate: 2020-01-01\ntags: [\"../../../outside\", \"..\", \"/etc/passwd\", 'C:\\x', \"a\\0b\"]\nactors: [\"../../x\", \"..\", \"~\", \"%2e%2e\"]",
        "x\n",
    );
    let built = contained(&site);
    built.assert_stderr(&[
        "content/articles/bad.md:4:1: warning: tag `..` has no letters or digits; ignored",
        "content/articles/bad.md:5:1: warning: actor `~` has no letters or digits; ignored",
    ]);
    for file in files_under(&built.output) {
        let path = file.0.to_string_lossy().into_owned();
        assert!(!path.contains("..") && !path.contains('\\'), "{path}");
    }
}

#[test]
fn file_names_with_odd_characters_stay_inside_the_output() {
    let site = site()
        .article("..md", "title: Dots\ndate: 2020-01-01", "x\n")
        .article("a\\..\\b.md", "title: Backslashes\ndate: 2020-01-01", "x\n")
        .article("new\nline.md", "title: Newline\ndate: 2020-01-01", "x\n");
    let built = contained(&site);
    assert!(built.has_page("/2020/01/a-b/"));
    assert!(built.has_page("/2020/01/new-line/"));
}

#[test]
fn a_lang_that_is_not_a_language_code_is_refused_at_its_line() {
    let site = site().article(
        "bad.md",
        "title: Bad\ndate: 2020-01-01\nlang: 'en\" onload=\"alert(1)'",
        "x\n",
    );
    refused(
        &site,
        &["content/articles/bad.md:4:1: error: `en\" onload=\"alert(1)` is not a language code"],
    );
}

#[test]
fn a_permalink_pattern_climbing_out_is_refused_at_its_line() {
    let site = site().config("permalink: /../{slug}/");
    refused(&site, &["site.yaml:5:1: error: permalink segment `..`"]);
}

/// `output_dir: <dir>` must be refused before anything is touched, naming site.yaml:5.
fn output_dir_refused(dir: &str, reason: &str) {
    let site = site().config(&format!("output_dir: {dir}"));
    refused(
        &site,
        &[
            "refusing to write the site",
            "(set by `output_dir` at site.yaml:5)",
            reason,
        ],
    );
}

#[test]
fn output_dir_dot_is_refused() {
    output_dir_refused(".", "it is the site folder or one of its parents");
}

#[test]
fn output_dir_slash_is_refused() {
    output_dir_refused("/", "it is the site folder or one of its parents");
}

#[test]
fn output_dir_parent_is_refused() {
    output_dir_refused("..", "it is the site folder or one of its parents");
}

#[test]
fn output_dir_content_is_refused() {
    output_dir_refused("content", "inside content/, themes/");
}

#[test]
fn output_dir_themes_is_refused() {
    output_dir_refused("themes/default", "inside content/, themes/");
}

#[test]
fn output_dir_in_the_sites_own_templates_static_or_i18n_is_refused() {
    for dir in ["templates", "static/out", "i18n"] {
        let site = site()
            .write("templates/partials/.keep", "")
            .write("static/logo.txt", "logo\n")
            .write("i18n/en.yaml", "search: Find\n")
            .config(&format!("output_dir: {dir}"));
        refused(&site, &["refusing to write the site", "site.yaml:5)"]);
    }
}

#[test]
fn output_dir_a_foreign_folder_is_refused() {
    let site = site()
        .write("drafts/notes.txt", "years of work\n")
        .config("output_dir: drafts");
    refused(&site, &["site.yaml:5)", "not made by gazette"]);
}

#[test]
fn output_dir_home_is_refused() {
    let site = site();
    let home = site.sibling("home");
    std::fs::write(home.join(".profile"), "mine\n").unwrap();
    let site = site.config(&format!("output_dir: {}", home.display()));
    let before = snapshot(&site, false);
    let run = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--root"])
        .arg(&site.root)
        .env("HOME", &home)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("site.yaml:5") && stderr.contains("home folder"),
        "{stderr}"
    );
    assert!(differing(&before, &snapshot(&site, false)).is_empty());
}

#[test]
fn output_flag_on_the_site_root_is_refused_naming_the_flag() {
    let site = site();
    let root = site.root.to_str().unwrap().to_owned();
    refused_with(&site, &["--output", &root], &["(set by `--output`)"]);
}

#[test]
fn an_article_linked_from_outside_the_site_is_refused_naming_the_link() {
    let site = site();
    let secret = site.sibling("outside").join("secret.md");
    std::fs::write(
        &secret,
        "---\ntitle: Secret\ndate: 2020-01-01\n---\nclassified\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, site.root.join("content/articles/link.md")).unwrap();
    let built = refused(
        &site,
        &[
            "content/articles/link.md: error: this is a symbolic link to",
            "outside the site folder",
        ],
    );
    assert!(built.stderr.contains("secret.md"), "{}", built.stderr);
}

#[test]
fn a_folder_linked_from_outside_the_site_is_not_followed() {
    let site = site();
    std::os::unix::fs::symlink("/", site.root.join("content/articles/everything")).unwrap();
    refused_within(
        &site,
        &["content/articles/everything: error: this is a symbolic link to /,"],
    );
}

#[test]
fn a_link_to_nothing_is_named() {
    let site = site();
    std::os::unix::fs::symlink(
        "/nowhere/at/all.md",
        site.root.join("content/articles/gone.md"),
    )
    .unwrap();
    refused(
        &site,
        &["content/articles/gone.md: error: this is a symbolic link that leads nowhere"],
    );
}

#[test]
fn links_inside_the_site_are_followed() {
    let site = site().write(
        "shared/story.md",
        "---\ntitle: Shared\ndate: 2020-02-01\n---\nx\n",
    );
    std::os::unix::fs::symlink(
        "../../shared/story.md",
        site.root.join("content/articles/story.md"),
    )
    .unwrap();
    assert!(contained(&site).has_page("/2020/02/story/"));
}

#[test]
fn a_static_file_linked_from_outside_is_not_copied() {
    let site = site();
    let secret = site.sibling("outside").join("secret.txt");
    std::fs::write(&secret, "classified").unwrap();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root.join("static/secret.txt")).unwrap();
    let built = contained(&site);
    assert!(!built.output.join("secret.txt").exists());
}

// --- Encodings ---

fn article_bytes(site: &SiteTest, bytes: &[u8]) {
    write_bytes(site, "content/articles/bad.md", bytes);
}

fn utf16(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xff, 0xfe] } else { Vec::new() };
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

const VALID: &str = "---\ntitle: Été\ndate: 2020-01-01\n---\nCafé.\n";

#[test]
fn utf16_with_a_byte_order_mark_is_named() {
    let site = site();
    article_bytes(&site, &utf16(VALID, true));
    refused(
        &site,
        &["content/articles/bad.md:1:1: error: the file is not UTF-8 text: it is UTF-16"],
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_named() {
    let site = site();
    article_bytes(&site, &utf16(VALID, false));
    refused(
        &site,
        &[
            "content/articles/bad.md:1:2: error: the file contains a NUL byte (at byte offset 1); it looks like UTF-16",
        ],
    );
}

#[test]
fn latin1_is_located_with_its_byte_offset() {
    let site = site();
    let latin1: Vec<u8> = VALID.chars().map(|c| c as u32 as u8).collect();
    article_bytes(&site, &latin1);
    refused(
        &site,
        &[
            "content/articles/bad.md:2:8: error: the file is not UTF-8 text, probably Latin-1 or Windows-1252: byte 0xC9 at byte offset 11",
        ],
    );
}

#[test]
fn utf8_cut_inside_a_character_is_named() {
    let site = site();
    let mut bytes = VALID.as_bytes().to_vec();
    bytes.extend_from_slice(&"é".as_bytes()[..1]);
    article_bytes(&site, &bytes);
    refused(
        &site,
        &[
            "content/articles/bad.md:6:1: error: the file is not UTF-8 text: it ends in the middle of a character",
        ],
    );
}

#[test]
fn a_nul_byte_is_located() {
    let site = site();
    article_bytes(&site, b"---\ntitle: A\ndate: 2020-01-01\n---\nbin\0ary\n");
    refused(
        &site,
        &["content/articles/bad.md:5:4: error: the file contains a NUL byte (at byte offset 37)"],
    );
}

#[test]
fn an_empty_file_is_an_error() {
    let site = site();
    article_bytes(&site, b"");
    refused(
        &site,
        &["content/articles/bad.md:1:1: error: the file is empty"],
    );
}

#[test]
fn a_file_without_front_matter_is_an_error() {
    let site = site();
    article_bytes(&site, b"# Just a heading\n\nText.\n");
    refused(
        &site,
        &["content/articles/bad.md:1:1: error: no front matter"],
    );
}

#[test]
fn unterminated_front_matter_is_an_error() {
    let site = site();
    article_bytes(&site, b"---\ntitle: A\ndate: 2020-01-01\n\nText.\n");
    refused(
        &site,
        &[
            "content/articles/bad.md:1:1: error: the front matter opened by `---` on line 1 is never closed",
        ],
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let site = site();
    let text = "\u{feff}---\r\ntitle: \"Été\"\r\ndate: 2020-03-01\r\ntags: [a, b]\r\n---\r\nCafé *crème*.\r\n";
    article_bytes(&site, text.as_bytes());
    let built = contained(&site);
    let page = built.page("/2020/03/bad/");
    assert!(page.contains("<h1") && page.contains("Été"), "{page}");
    assert!(page.contains("Café <em>crème</em>.") && !page.contains('\r'));
}

#[test]
fn an_oversized_file_is_refused_without_being_read() {
    let site = site();
    // Sparse: 100 GiB that take no disk. Reading it would take minutes and more memory than
    // the machine has, so a build that ends at once with the size did not read it.
    let file = std::fs::File::create(site.root.join("content/articles/huge.md")).unwrap();
    file.set_len(100 << 30).unwrap();
    refused_within(
        &site,
        &["content/articles/huge.md: error: the file is 102400.0 MiB"],
    );
}

// --- YAML ---

#[test]
fn a_yaml_syntax_error_is_at_its_line_and_column() {
    let site = site().article("bad.md", "title: A\ndate: 2020-01-01\nsummary: a: b", "x\n");
    refused(
        &site,
        &["content/articles/bad.md:4:11: error: invalid YAML"],
    );
}

#[test]
fn tags_that_are_a_number_are_an_error_at_their_line() {
    let site = site().article("bad.md", "title: A\ndate: 2020-01-01\ntags: 3", "x\n");
    refused(
        &site,
        &["content/articles/bad.md:4:1: error: `tags` must be a list of names, not a number"],
    );
}

#[test]
fn a_title_that_is_a_list_is_an_error_at_its_line() {
    let site = site().article("bad.md", "date: 2020-01-01\ntitle: [a, b]", "x\n");
    refused(
        &site,
        &["content/articles/bad.md:3:1: error: `title` must be a single value, not a list"],
    );
}

#[test]
fn a_duplicate_key_is_reported_at_the_second_one() {
    let site = site().article("bad.md", "title: A\ndate: 2020-01-01\ntitle: B", "x\n");
    refused(
        &site,
        &["content/articles/bad.md:4:1: error: invalid YAML: duplicate entry with key \"title\""],
    );
}

#[test]
fn a_duplicate_key_in_site_yaml_is_reported_at_the_second_one() {
    let site = site();
    let config = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let site = site.write("site.yaml", &format!("{config}title: Again\n"));
    refused(
        &site,
        &["site.yaml:5:1: error: duplicate entry with key \"title\""],
    );
}

#[test]
fn a_missing_title_is_reported_at_the_opening_line() {
    let site = site().article("bad.md", "date: 2020-01-01", "x\n");
    refused(
        &site,
        &["content/articles/bad.md:1:1: error: missing required key `title`"],
    );
}

#[test]
fn lang_no_is_norwegian_not_false() {
    let site = site().article("norsk.md", "title: Hei\ndate: 2020-01-01\nlang: no", "x\n");
    let page = contained(&site).page("/2020/01/norsk/");
    assert!(page.contains("lang=\"no\""), "{page}");
}

#[test]
fn numbers_are_kept_as_written() {
    let site = site().article(
        "version.md",
        "title: 1.10\ndate: 2020-01-01\ntags: [2.0, 1.10, \"3.0\"]",
        "x\n",
    );
    let built = contained(&site);
    let page = built.page("/2020/01/version/");
    assert!(page.contains("<title>1.10"), "{page}");
    assert!(
        built.has_page("/tags/1-10/")
            && built.has_page("/tags/2-0/")
            && built.has_page("/tags/3-0/")
    );
}

#[test]
fn an_alias_bomb_ends_quickly_with_an_error() {
    let mut yaml = String::from(
        "title: A\ndate: 2020-01-01\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let site = site().article("bad.md", &yaml, "x\n");
    refused_within(
        &site,
        &[
            "content/articles/bad.md:",
            "error: invalid YAML: repetition limit exceeded",
        ],
    );
}

#[test]
fn deeply_nested_yaml_ends_quickly_with_an_error() {
    let deep = format!(
        "title: A\ndate: 2020-01-01\nx: {}{}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let site = site().article("bad.md", &deep, "x\n");
    refused_within(
        &site,
        &[
            "content/articles/bad.md:4:68: error: lists and mappings are nested more than 64 levels deep here",
        ],
    );
}

#[test]
fn oversized_front_matter_is_refused() {
    let big = format!(
        "title: A\ndate: 2020-01-01\nsummary: {}",
        "long ".repeat(300_000)
    );
    let site = site().article("bad.md", &big, "x\n");
    refused_within(
        &site,
        &[
            "content/articles/bad.md:2:1: error: the front matter is",
            "bytes long",
        ],
    );
}

// --- Escaping ---

const HOSTILE: &str = "</script><script>alert(1)</script> \"quoted\" & 'single' <b>bold</b> ]]>";

#[test]
fn a_hostile_title_is_escaped_wherever_it_lands() {
    let title = HOSTILE.replace('\'', "''");
    let site = site().article(
        "hostile.md",
        &format!("title: '{title}'\ndate: 2020-01-01\nsummary: '{title}'\nactors: ['{title}']\ntags: ['{title}']"),
        "x\n",
    );
    let built = contained(&site);
    for page in ["/2020/01/hostile/", "/", "/actors/", "/tags/"] {
        let html = built.page(page);
        assert!(!html.contains("<script>alert"), "{page}: {html}");
    }
    // The summary is Markdown, where `<b>` is allowed; the title is text.
    let escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt; ]]&gt;";
    let article = built.page("/2020/01/hostile/");
    assert!(article.contains(&format!("<title>{escaped}")), "{article}");
    assert!(
        article.contains(&format!("article-title\">{escaped}</h1>")),
        "{article}"
    );
    let ld = article
        .split("application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(parsed["@graph"][0]["headline"], HOSTILE);
    let feed = std::fs::read(built.output.join("atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(feed.as_slice()).expect("the feed stays valid XML");
    let titles: Vec<&str> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.as_str())
        .collect();
    assert!(titles.contains(&HOSTILE), "{titles:?}");
    let sitemap = std::fs::read_to_string(built.output.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("<script>"));
}

#[test]
fn bodies_and_front_matter_are_never_evaluated_as_templates() {
    let site = site().article(
        "tera.md",
        "title: \"{{ site.title }}\"\ndate: 2020-01-01\nsummary: \"{% for x in [1] %}loop{% endfor %}\"",
        "{{ 7 * 7 }} and {% if true %}yes{% endif %} and {# c #}\n",
    );
    let page = contained(&site).page("/2020/01/tera/");
    assert!(
        page.contains("{{ 7 * 7 }}") && !page.contains(">49"),
        "{page}"
    );
    assert!(page.contains("{{ site.title }}") && page.contains("{% if true %}"));
    assert!(page.contains("{% for x in [1] %}loop{% endfor %}"));
}

#[test]
fn script_urls_never_reach_an_href_or_a_src() {
    let body = "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](java\tscript:x) \
        [d](data:text/html;base64,PHNjcmlwdD4=) [e](&#106;avascript:alert(3)) \
        ![i](javascript:alert(4)) <a href=\"javascript:alert(5)\">f</a> \
        <img src=\"data:image/svg+xml,<svg onload=alert(6)>\"> <iframe src=\"javascript:alert(7)\"></iframe>\n";
    let site = site().article("urls.md", "title: URLs\ndate: 2020-01-01", body);
    let page = contained(&site).page("/2020/01/urls/").to_ascii_lowercase();
    for url in crate::harness::links(&page) {
        let url: String = url.chars().filter(|c| !c.is_whitespace()).collect();
        for scheme in ["javascript:", "vbscript:", "data:"] {
            assert!(!url.starts_with(scheme), "{url}");
        }
    }
    // Tags as the browser sees them: text that looks like a tag is escaped (`&lt;svg`).
    for tag in page
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap())
    {
        assert!(
            !tag.contains("onload") && !tag.starts_with("svg"),
            "<{tag}>"
        );
    }
}

/// A lead photo (`image:`, also the sharing image) with a script URL is refused at its line,
/// as an unsafe `source` is; before photos were a known key it was dropped unseen.
#[test]
fn an_article_with_a_script_lead_photo_is_refused_at_its_line() {
    let site = site().article(
        "urls.md",
        "title: URLs\ndate: 2020-01-01\nimage: \" JavaScript:alert(8)\"",
        "Text.\n",
    );
    refused(
        &site,
        &["content/articles/urls.md:4:1: error: unusable `image` ` JavaScript:alert(8)`"],
    );
}

#[test]
fn a_profile_with_script_urls_is_refused_at_its_lines() {
    let site = site().write(
        "content/actors/eve.md",
        "---\nname: Eve\nimage: javascript:alert(1)\nlinks: {website: \"data:text/html,x\"}\n---\n",
    );
    refused(
        &site,
        &[
            "content/actors/eve.md:3:1: error: unsafe `image` URL",
            "content/actors/eve.md:4:1: error: link `website` is not an http(s) address",
        ],
    );
}

// --- Bounded work ---

fn body_site(body: String) -> SiteTest {
    site().article("deep.md", "title: Deep\ndate: 2020-01-01", &body)
}

#[test]
fn a_hundred_thousand_nested_list_items_end_quickly_with_an_error() {
    let site = body_site(format!("{}x\n", "- ".repeat(100_000)));
    refused_within(
        &site,
        &[
            "content/articles/deep.md:5:",
            "nested more than 128 levels deep",
        ],
    );
}

#[test]
fn a_hundred_thousand_nested_quotes_end_quickly_with_an_error() {
    let site = body_site(format!("{} x\n", ">".repeat(100_000)));
    refused_within(
        &site,
        &[
            "content/articles/deep.md:5:",
            "nested more than 128 levels deep",
        ],
    );
}

#[test]
fn a_hundred_thousand_nested_html_elements_end_quickly_with_an_error() {
    let site = body_site(format!(
        "{}x{}\n",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    ));
    refused_within(
        &site,
        &[
            "content/articles/deep.md:5:",
            "nested more than 128 levels deep",
        ],
    );
}

#[test]
fn a_hundred_thousand_brackets_build_quickly() {
    let brackets = format!(
        "{}x{}\n\n{}x{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000),
        "[a](".repeat(50_000),
        ")".repeat(50_000)
    );
    let site = body_site(brackets);
    let built = contained(&site);
    assert!(built.took < BOUNDED, "{:?}", built.took);
}

#[test]
fn a_ten_thousand_actor_article_ends_quickly_with_an_error() {
    let names: Vec<String> = (0..10_000).map(|i| format!("Person {i}")).collect();
    let site = site().article(
        "crowd.md",
        &format!(
            "title: Crowd\ndate: 2020-01-01\nactors: [{}]",
            names.join(", ")
        ),
        "x\n",
    );
    refused_within(
        &site,
        &[
            "content/articles/crowd.md:4:1: error: `actors` lists 10000 names; an article may list at most 100",
        ],
    );
}

#[test]
fn an_article_with_more_than_a_hundred_tags_is_refused_at_its_line() {
    let tags: Vec<String> = (0..101).map(|i| format!("t{i}")).collect();
    let site = site().article(
        "tagged.md",
        &format!(
            "title: Tagged\ndate: 2020-01-01\ntags: [{}]",
            tags.join(", ")
        ),
        "x\n",
    );
    refused(
        &site,
        &[
            "content/articles/tagged.md:4:1: error: `tags` lists 101 names; an article may list at most 100",
        ],
    );
    let hundred = site.article(
        "tagged.md",
        &format!(
            "title: Tagged\ndate: 2020-01-01\ntags: [{}]",
            tags[..100].join(", ")
        ),
        "x\n",
    );
    assert!(contained(&hundred).has_page("/tags/t99/"));
}

#[test]
fn a_host_added_to_embed_hosts_keeps_its_iframes_and_others_go() {
    let body = "<iframe src=\"https://video.example.net/embed/7\"></iframe>\n\n\
                <iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n";
    let site = site().article("embed.md", "title: Embed\ndate: 2020-01-01", body);
    let page = contained(&site).page("/2020/01/embed/");
    assert!(!page.contains("video.example.net") && page.contains("youtube.com/embed/x"));
    // Setting the list replaces the default one.
    let site = site.config("embed_hosts: [video.example.net]");
    let built = contained(&site);
    let page = built.page("/2020/01/embed/");
    assert!(page.contains("https://video.example.net/embed/7"), "{page}");
    assert!(!page.contains("youtube.com"), "{page}");
    built.assert_stderr(&["an iframe from `www.youtube.com`"]);
}

// --- Atomic, clean, one writer at a time ---

#[test]
fn a_build_failing_half_way_leaves_the_previous_output() {
    // Templates are checked before anything is written, but this one fails only when
    // rendering: after the staging folder is made and pages are being written.
    let site = site().write("templates/article.html", "{{ article.nope.deeper }}");
    refused(
        &site,
        &[
            "templates/article.html:1:",
            "while rendering content/articles/good.md",
        ],
    );
}

#[test]
fn a_build_while_another_holds_the_output_is_refused_naming_it() {
    let site = site();
    let lock = gazette::output::OutputLock::acquire(&site.root.join("output")).unwrap();
    refused(
        &site,
        &[&format!(
            "error: another gazette (process {}) is writing to",
            std::process::id()
        )],
    );
    drop(lock);
    site.build_ok();
}

#[test]
fn two_builds_at_once_leave_one_clean_output() {
    let site = site()
        .article("b.md", "title: B\ndate: 2020-02-01", "x\n")
        .article("c.md", "title: C\ndate: 2020-03-01", "x\n");
    let start = || {
        Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--quiet", "--root"])
            .arg(&site.root)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (one, two) = (start(), start());
    for child in [one, two] {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The refusal names the holder's process once the holder has written it down; a
        // second build that comes between the lock and that write cannot name it.
        assert!(
            out.status.success() || stderr.contains("error: another gazette"),
            "{stderr}"
        );
    }
    let clean = site.root.parent().unwrap().join("clean");
    let built = site.build(&["--output", clean.to_str().unwrap()]);
    assert!(built.success, "{}", built.stderr);
    assert!(files_under(&site.root.join("output")) == files_under(&clean));
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
}

/// Hidden entries gazette may leave beside the output folder (staging, old outputs, locks).
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".output"))
        .collect()
}

/// Whether a build killed while updating the output left it an update to finish: a staging
/// folder holding its plan.
fn update_pending(root: &Path) -> bool {
    leftovers(root)
        .iter()
        .any(|name| name.contains(".staging-") && root.join(name).join(".gazette-update").is_file())
}

/// A small generator of pseudo-random delays, seeded from the clock (printed on failure).
fn delays(seed: u64, count: usize, max: Duration) -> Vec<Duration> {
    let mut state = seed | 1;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            max.mul_f64((state % 1000) as f64 / 1000.0)
        })
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_or_the_new_output_or_finishes_next() {
    let mut site = site();
    for i in 0..12 {
        let front = format!("title: A{i}\ndate: 2020-01-{:02}\ntags: [t{i}]", i + 1);
        site = site.article(&format!("a{i}.md"), &front, "Text.\n");
    }
    let old = files_under(&site.build_ok().output);
    let new_article = |draft: bool| {
        let text = format!("---\ntitle: New\ndate: 2021-01-01\ndraft: {draft}\n---\nNew.\n");
        std::fs::write(site.root.join("content/articles/new.md"), text).unwrap();
    };
    new_article(false);
    let new_output = site.root.parent().unwrap().join("new");
    let started = Instant::now();
    assert!(
        site.build(&["--output", new_output.to_str().unwrap()])
            .success
    );
    let took = started.elapsed();
    let new = files_under(&new_output);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    for delay in delays(seed, 6, took.mul_f64(1.5)) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--quiet", "--root"])
            .arg(&site.root)
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        let now = files_under(&site.root.join("output"));
        // Killed while updating the output in place: the files are being moved in, and the
        // next build finishes that first, whatever else it does.
        let pending = update_pending(&site.root);
        assert!(
            now == old || now == new || pending,
            "seed {seed}, killed after {delay:?}: a mixed output and no update to finish"
        );
        if pending {
            assert!(files_under(&site.build_ok().output) == new, "seed {seed}");
        }
        if now == new || pending {
            // It finished before the kill: go back to the old site for the next round.
            new_article(true);
            assert!(files_under(&site.build_ok().output) == old, "seed {seed}");
            new_article(false);
        }
    }
    assert!(files_under(&site.build_ok().output) == new);
    assert_eq!(
        leftovers(&site.root),
        Vec::<String>::new(),
        "the next build clears leftovers"
    );
}

#[test]
fn stale_pages_of_deleted_renamed_draft_and_future_articles_go() {
    let site = site()
        .article(
            "gone.md",
            "title: Gone\ndate: 2020-02-01\ntags: [gone-tag]",
            "x\n",
        )
        .article("old-name.md", "title: Renamed\ndate: 2020-03-01", "x\n")
        .article("hidden.md", "title: Hidden\ndate: 2020-04-01", "x\n")
        .article("later.md", "title: Later\ndate: 2020-05-01", "x\n");
    let built = site.build_ok();
    for page in [
        "/2020/02/gone/",
        "/tags/gone-tag/",
        "/2020/03/old-name/",
        "/2020/04/hidden/",
        "/2020/05/later/",
    ] {
        assert!(built.has_page(page), "{page}");
    }
    std::fs::remove_file(site.root.join("content/articles/gone.md")).unwrap();
    std::fs::rename(
        site.root.join("content/articles/old-name.md"),
        site.root.join("content/articles/new-name.md"),
    )
    .unwrap();
    let site = site
        .article(
            "hidden.md",
            "title: Hidden\ndate: 2020-04-01\ndraft: true",
            "x\n",
        )
        .article("later.md", "title: Later\ndate: 2999-05-01", "x\n");
    let built = contained(&site);
    assert!(built.has_page("/2020/03/new-name/"));
    let sitemap = std::fs::read_to_string(built.output.join("sitemap.xml")).unwrap();
    for page in [
        "/2020/02/gone/",
        "/tags/gone-tag/",
        "/2020/03/old-name/",
        "/2020/04/hidden/",
        "/2999/05/later/",
        "/2020/05/later/",
    ] {
        assert!(!built.has_page(page), "{page} is stale");
        assert!(!sitemap.contains(page), "{page} in the sitemap");
    }
}

// --- Reliability, second round (issue 27) ---

/// Issue 27, item 1: an Emacs lock file is a link to `user@host.1234`, which leads nowhere;
/// it, vim's swap files and write probe, and backups are skipped before any link or encoding
/// check, by `build` and `check` alike.
#[test]
fn editor_leftovers_are_skipped_before_any_check() {
    let site = site();
    let articles = site.root.join("content/articles");
    std::os::unix::fs::symlink("user@host.1234:1700000000", articles.join(".#good.md")).unwrap();
    write_bytes(
        &site,
        "content/articles/.good.md.swp",
        b"b0VIM 9.0\0\xff\xfe",
    );
    write_bytes(&site, "content/articles/.good.md.swo", b"\0\0");
    write_bytes(&site, "content/articles/good.md~", b"\xe9t\xe9");
    write_bytes(&site, "content/articles/4913", b"");
    let built = contained(&site);
    assert!(built.has_page("/2020/01/good/"));
    assert!(!built.stderr.contains("symbolic link"), "{}", built.stderr);
    let checked = site.gazette(&["check"]);
    assert!(checked.success(), "{}", checked.stderr);
    assert!(
        !checked.stderr.contains("symbolic link"),
        "{}",
        checked.stderr
    );
}

/// Issue 27, item 2: a deploy clone's `.git`, a `CNAME` and a `.nojekyll` in the output root
/// survive builds; with `keep_dotfiles: false` only the `.git` does.
#[test]
fn the_output_s_git_cname_and_dotfiles_survive_builds() {
    let site = site();
    let output = site.root.join("output");
    let kept = [
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        ("CNAME", "news.example.org\n"),
        (".nojekyll", ""),
    ];
    for (path, text) in kept {
        write_bytes(&site, &format!("output/{path}"), text.as_bytes());
    }
    for _ in 0..2 {
        let built = contained(&site);
        assert!(built.has_page("/2020/01/good/"));
        for (path, text) in kept {
            assert_eq!(
                std::fs::read_to_string(output.join(path)).unwrap(),
                text,
                "{path}"
            );
        }
    }
    // A fresh clone holding only `.git` is a folder gazette may write into.
    let clone = site.sibling("clone");
    std::fs::create_dir_all(clone.join(".git")).unwrap();
    std::fs::write(clone.join(".git/HEAD"), "ref\n").unwrap();
    let built = site.build(&["--output", clone.to_str().unwrap()]);
    assert!(built.success, "{}", built.stderr);
    assert!(clone.join(".git/HEAD").is_file() && clone.join("index.html").is_file());
    let site = site.config("keep_dotfiles: false");
    contained(&site);
    assert!(
        output.join(".git/HEAD").is_file(),
        "a .git is never deleted"
    );
    assert!(!output.join("CNAME").exists() && !output.join(".nojekyll").exists());
}

/// Issue 27, item 3: `~` is expanded by shells only; an empty folder is no folder.
#[test]
fn an_output_dir_with_a_tilde_or_empty_is_refused_at_its_line() {
    let hint = "or use `--output $HOME/…` in a shell";
    let site = site().config("output_dir: ~/public");
    refused(
        &site,
        &[
            "site.yaml:5:1: error: `output_dir` `~/public` starts with `~`",
            hint,
        ],
    );
    let site = site.config("output_dir: \"\"");
    refused(
        &site,
        &["site.yaml:5:1: error: `output_dir` is empty", hint],
    );
    let site = site.config("output_dir: output");
    refused_with(
        &site,
        &["--output", "~/public"],
        &[
            "--output: error: `--output` `~/public` starts with `~`",
            hint,
        ],
    );
    assert!(!site.root.join("~").exists());
}

/// Issue 27, item 4: file names are at most 255 bytes.
#[test]
fn an_overlong_slug_is_refused_and_a_long_file_name_is_cut() {
    let long = "a".repeat(300);
    let site = site().article(
        "bad.md",
        &format!("title: Bad\ndate: 2020-01-01\nslug: {long}"),
        "x\n",
    );
    refused(
        &site,
        &[
            "content/articles/bad.md:4:1: error: slug is 300 bytes long; a file name may have at most 255",
        ],
    );
    let slug = "b".repeat(250);
    let site = site
        .config("permalink: /{year}-{month}-{day}-{slug}/")
        .article(
            "bad.md",
            &format!("title: Bad\ndate: 2020-01-01\nslug: {slug}"),
            "x\n",
        );
    refused(
        &site,
        &[
            "content/articles/bad.md:4:1: error: the URL of this article has a part of 261 bytes; a file name may have at most 255",
        ],
    );
    std::fs::remove_file(site.root.join("content/articles/bad.md")).unwrap();
    let name = format!("{}.md", ["word"; 49].join("-"));
    let site = site.article(&name, "title: Long\ndate: 2020-02-01", "x\n");
    let built = contained(&site);
    built.assert_stderr(&[&format!(
        "content/articles/{name}: warning: the slug made from the file name would be 244 bytes long; it is cut to `"
    )]);
    let cut = ["word"; 40].join("-");
    assert!(
        built.has_page(&format!("/2020-02-01-{cut}/")),
        "{}",
        built.stderr
    );
}

/// Issue 27, item 5: bidi overrides and zero-width characters can make a slug or a name look
/// like another.
#[test]
fn invisible_characters_are_refused_in_slugs_and_aliases_and_dropped_when_derived() {
    let site = site()
        .article(
            "bad.md",
            "title: Bad\ndate: 2020-01-01\nslug: \"abc\u{202E}fdp.exe\"",
            "x\n",
        )
        .write(
            "content/actors/eve.md",
            "---\nname: Eve\naliases: [\"E\u{200B}ve\"]\n---\n",
        );
    refused(
        &site,
        &[
            "content/articles/bad.md:4:1: error: slug contains the invisible formatting character U+202E",
            "content/actors/eve.md:3:1: error: alias `E\\u{200b}ve` contains the invisible character U+200B",
        ],
    );
    std::fs::remove_file(site.root.join("content/actors/eve.md")).unwrap();
    let site = site.article(
        "bad.md",
        "title: Bad\ndate: 2020-01-01\ntags: [\"Clim\u{200B}at\", \"\u{2066}Port\u{2069}\"]",
        "x\n",
    );
    let built = contained(&site);
    assert!(built.has_page("/tags/climat/") && built.has_page("/tags/port/"));
}

/// Issue 27, item 6: `C++`, `C#` and `C` were one tag at `/tags/c/`.
#[test]
fn c_plus_plus_c_sharp_and_c_get_a_page_each() {
    let site = site().article(
        "langages.md",
        "title: Langages\ndate: 2020-01-01\ntags: [C++, \"C#\", C, \"F#\", Canal+]",
        "x\n",
    );
    let built = contained(&site);
    for page in [
        "/tags/c-plus-plus/",
        "/tags/c-sharp/",
        "/tags/c/",
        "/tags/f-sharp/",
        "/tags/canal-plus/",
    ] {
        assert!(built.has_page(page), "{page}");
    }
    assert!(built.page("/tags/c-sharp/").contains("C#"));
    assert!(!built.stderr.contains("warning"), "{}", built.stderr);
}

/// Issue 27, item 7: an article may not take the name of a file gazette writes at the root.
#[test]
fn an_article_named_like_a_generated_file_is_refused_naming_both() {
    let site = site().config("permalink: /{slug}.xml/").article(
        "bad.md",
        "title: Bad\ndate: 2020-01-01\nslug: sitemap",
        "x\n",
    );
    refused(
        &site,
        &[
            "content/articles/bad.md:4:1: error: two items have the URL `/sitemap.xml/`: the generated file `sitemap.xml` and content/articles/bad.md:4",
        ],
    );
    let site = site.config("permalink: /{slug}.html/").article(
        "bad.md",
        "title: Bad\ndate: 2020-01-01\nslug: \"404\"",
        "x\n",
    );
    refused(
        &site,
        &[
            "two items have the URL `/404.html/`: the generated file `404.html` and content/articles/bad.md:4",
        ],
    );
}

/// Issue 27, item 8: the sanitiser says what it removed, where, and how to keep it.
#[test]
fn removed_raw_html_is_named_at_its_line_and_column() {
    let body = "Text.\n\n<p onclick=\"x()\">a</p>\n\n<script>alert(1)</script>\n\n<iframe src=\"https://evil.example/v\"></iframe>\n";
    let mut site = site().article("raw.md", "title: Raw\ndate: 2020-01-01", body);
    for i in 0..5 {
        site = site.article(
            &format!("s{i}.md"),
            "title: S\ndate: 2020-01-01",
            "<script>x</script>\n",
        );
    }
    let built = contained(&site);
    built.assert_stderr(&[
        "content/articles/raw.md:7:4: warning: raw HTML: `onclick` of `<p>` removed",
        "content/articles/raw.md:9:1: warning: raw HTML: `<script>` and its content removed",
        "`raw_html: allow` in site.yaml keeps it as written",
        "content/articles/raw.md:11:9: warning: raw HTML: an iframe from `evil.example` (its address) removed",
        "add `evil.example` to `embed_hosts` in site.yaml",
        "warning: … and 3 more like “raw HTML: `<script>`” (not shown)",
    ]);
    let page = built.page("/2020/01/raw/");
    assert!(!page.contains("alert(1)") && !page.contains("onclick"));
    let site = site.config("raw_html: allow");
    let built = contained(&site);
    let trusted =
        "site.yaml:5:1: warning: `raw_html: allow`: raw HTML in articles is trusted as written";
    assert_eq!(built.stderr.matches(trusted).count(), 1, "{}", built.stderr);
    assert!(!built.stderr.contains("removed"), "{}", built.stderr);
}

/// Issue 27, item 9: the first loop used to stop the listing, hiding every later problem.
#[test]
fn every_symbolic_link_loop_is_reported_and_the_listing_goes_on() {
    let site = site().article("zz.md", "date: 2020-01-01", "x\n");
    let articles = site.root.join("content/articles");
    std::fs::create_dir_all(articles.join("sub")).unwrap();
    std::os::unix::fs::symlink(".", articles.join("again")).unwrap();
    std::os::unix::fs::symlink("..", articles.join("sub/up")).unwrap();
    refused(
        &site,
        &[
            "content/articles/again: error: this is a symbolic link to",
            "content/articles/sub/up: error: this is a symbolic link to",
            "a folder that holds it (a loop)",
            "content/articles/zz.md:1:1: error: missing required key `title`",
        ],
    );
}
