//! The demo archive in both themes against the W3C Nu HTML Checker (vnu), the reference that
//! `check`'s own conformance pass follows. It runs when Java is on the path and
//! `GAZETTE_VNU_JAR` names `vnu.jar` (the `vnu-jar` npm package); `.ci/run` installs both and
//! sets `GAZETTE_VNU=required`, which makes their absence a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::SiteTest;

/// The jar, or `None` (with a note) when vnu or Java is missing and not required.
fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("GAZETTE_VNU_JAR").map(PathBuf::from);
    let java = Command::new("java").arg("-version").output().is_ok();
    match jar {
        Some(jar) if jar.is_file() && java => Some(jar),
        _ => {
            let required = std::env::var("GAZETTE_VNU").is_ok_and(|v| v == "required");
            assert!(
                !required,
                "GAZETTE_VNU_JAR must name vnu.jar and java must be installed"
            );
            eprintln!(
                "skipped: set GAZETTE_VNU_JAR to vnu.jar (npm i vnu-jar) with Java installed"
            );
            None
        }
    }
}

/// vnu's error messages on every HTML file under `folder` (empty when it has none).
fn vnu_errors(jar: &Path, folder: &Path) -> String {
    let ran = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(folder)
        .output()
        .expect("run java");
    let messages =
        String::from_utf8_lossy(&ran.stderr).into_owned() + &String::from_utf8_lossy(&ran.stdout);
    assert_eq!(
        ran.status.success(),
        messages.trim().is_empty(),
        "vnu's status and messages disagree: {messages}"
    );
    messages
}

#[test]
fn the_demo_in_both_themes_has_no_html_error_by_the_nu_checker() {
    let Some(jar) = vnu_jar() else { return };
    // The checker is live: a page with a block inside a paragraph is an error to it.
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(
        broken.path().join("broken.html"),
        "<!DOCTYPE html><html lang=en><title>x</title><ul><p>x</p></ul>",
    )
    .unwrap();
    assert!(vnu_errors(&jar, broken.path()).contains("broken.html"));
    for theme in ["default", "plain"] {
        let site = SiteTest::demo();
        let built = site.build(&["--theme", theme]);
        assert!(built.success, "{}", built.stderr);
        let pages = walkdir::WalkDir::new(&built.output)
            .into_iter()
            .filter(|e| e.as_ref().unwrap().path().extension() == Some("html".as_ref()))
            .count();
        assert!(pages > 100, "{theme}: only {pages} pages");
        let errors = vnu_errors(&jar, &built.output);
        assert!(errors.is_empty(), "{theme} theme:\n{errors}");
    }
}

/// A Jekyll post of the 2000s, as old CMS exports wrote them: obsolete elements, `<a name>`
/// anchors (one in a Markdown heading), images without `alt` or sized in CSS units, an `<h3>`
/// right under the title, and a list that opens mid-line and runs past blank lines.
const LEGACY_POST: &str = "---\ntitle: Nouvelles\ndate: 2005-09-11\n---\n### <a name=\"sorties\"></a>Sorties\n\nLa commande <tt>pg_dump</tt> et <acronym title=\"DataBase Administrator\">DBA</acronym>.\n\n<center><font face=\"Arial\" size=\"2\"><a name=\"logo\">Logo</a></font></center>\n\n<img src=\"https://example.org/a.png\" width=\"100%\" align=\"left\">\n\nAu programme :<br /><ul><li>un</li>\n\n<li>deux</li></p>\n\n</ul>\n\n##### Détail\n\n<h4 id=\"fin\">Fin</h4>\n\nVoir [les sorties](#sorties).\n";

#[test]
fn an_imported_legacy_post_is_written_in_html5_and_has_no_html_error() {
    let site = SiteTest::new();
    let source = site.sibling("jekyll");
    std::fs::create_dir_all(source.join("_posts")).unwrap();
    std::fs::write(source.join("_posts/2005-09-11-nouvelles.md"), LEGACY_POST).unwrap();
    let ran = site.gazette(&["import", "jekyll", source.to_str().unwrap()]);
    assert!(ran.success(), "{}", ran.stderr);
    for note in [
        "2005-09-11-nouvelles.md:5: note: headings renumbered so that none skips a level below the page title: h3→h2, h5→h3, h4→h3",
        "2005-09-11-nouvelles.md:5: note: `<a name>` in a heading written as the heading's id",
        "2005-09-11-nouvelles.md:7: note: obsolete `<tt>` written `<code>`",
        "2005-09-11-nouvelles.md:9: note: `<a name>` written as an `id`",
        "2005-09-11-nouvelles.md:11: note: image without `alt` given an empty one",
    ] {
        assert!(ran.stdout.contains(note), "lacks {note:?}:\n{}", ran.stdout);
    }
    let written =
        std::fs::read_to_string(site.root.join("content/articles/2005/09/nouvelles.md")).unwrap();
    for modern in [
        "## Sorties {#sorties}",
        "<code>pg_dump</code>",
        "<abbr title=\"DataBase Administrator\">DBA</abbr>",
        "<div class=\"center\"><span><a id=\"logo\">Logo</a></span></div>",
        "### Détail",
        "<h3 id=\"fin\">Fin</h3>",
    ] {
        assert!(written.contains(modern), "lacks {modern:?}:\n{written}");
    }
    let built = site.build_ok();
    let page = built.page("/2005/09/nouvelles/");
    assert!(page.contains("<h2 id=\"sorties\">"), "{page}");
    assert!(page.contains("href=\"#sorties\""), "{page}");
    assert!(page.contains("<li>deux</li>"), "{page}");
    for gone in [
        "<tt",
        "<center",
        "<font",
        "<a name",
        "align=",
        " width=\"",
        "<p></p>",
        "<h4",
        "<h5",
    ] {
        assert!(!page.contains(gone), "{gone} is still there:\n{page}");
    }
    // `check`'s own conformance pass finds nothing either.
    let checked = site.gazette(&["check"]);
    assert!(
        !checked.stdout.contains("nouvelles.md"),
        "{}",
        checked.stdout
    );
    if let Some(jar) = vnu_jar() {
        let errors = vnu_errors(&jar, &built.output.join("2005/09/nouvelles"));
        assert!(errors.is_empty(), "{errors}");
    }
}
