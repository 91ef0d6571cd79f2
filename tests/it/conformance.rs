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
