//! The lines gazette prints about builds: the located problems, the reason a build failed,
//! and the one-line summary of a rebuild. The command line and the preview server both print
//! them, so they live here, in the app layer, rather than in either.

use std::io::Write;

use crate::build::{BuildError, BuildReport};
use crate::diagnostics::Diagnostics;

/// Prints every located problem and the line that summarises what was not shown.
pub fn print_diagnostics(out: &mut impl Write, diagnostics: &Diagnostics) {
    let _ = write!(out, "{}", diagnostics.report());
}

/// ` (3 warnings)`, or nothing when there are none.
pub fn warnings_suffix(diagnostics: &Diagnostics) -> String {
    match diagnostics.warning_count() {
        0 => String::new(),
        1 => " (1 warning)".to_owned(),
        n => format!(" ({n} warnings)"),
    }
}

/// Said after a rebuild's line when the search index is being updated after the pages.
pub fn search_note(search_follows: bool) -> &'static str {
    if search_follows {
        "; updating the search index"
    } else {
        ""
    }
}

/// `gazette: <what>: 12 pages, 14 files written, 35 ms`, then the warnings (when they are
/// not printed in full before it) and the search note. Tests and scripts read this line.
pub fn rebuilt_line(
    what: &str,
    report: &BuildReport,
    millis: u128,
    count_warnings: bool,
    search_follows: bool,
) -> String {
    let warnings = if count_warnings {
        warnings_suffix(&report.diagnostics)
    } else {
        String::new()
    };
    format!(
        "gazette: {what}: {} pages, {} files written, {millis} ms{warnings}{}",
        report.pages,
        report.files_written,
        search_note(search_follows)
    )
}

/// `gazette: <what>: the build failed, 35 ms`
pub fn failed_line(what: &str, millis: u128) -> String {
    format!("gazette: {what}: the build failed, {millis} ms")
}

/// Prints every located problem, then the one-line reason the build failed.
pub fn report_error(out: &mut impl Write, error: &BuildError) {
    match error {
        BuildError::Config(crate::config::ConfigError::Invalid(problems)) => {
            for problem in problems {
                let _ = writeln!(out, "{problem}");
            }
            let _ = writeln!(out, "error: site.yaml is not valid; nothing was built");
        }
        BuildError::Content(diagnostics) => {
            print_diagnostics(out, diagnostics);
            let _ = writeln!(out, "error: {error}");
        }
        other => {
            let _ = writeln!(out, "error: {other}");
        }
    }
}
