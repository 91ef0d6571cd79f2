//! Suspicious characters in articles and profiles, reported where they are (see
//! [`crate::hygiene`]; `check --fix-text` removes the debris).

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::hygiene::{self, Finding, Kind, Located};

/// The line a file's body starts on, for [`hygiene::scan_document`].
pub(super) fn body_first_line(text: &str) -> usize {
    crate::front_matter::split(text).map_or(1, |split| split.body_first_line)
}

/// The file's text without its debris, and what was removed.
pub(super) fn clean_file(text: &str, language: &str) -> (String, Vec<Located>) {
    hygiene::clean_document(text, body_first_line(text), language)
}

/// The warnings for one file, each quoting its line.
pub(super) fn problems(path: &Path, text: &str, language: &str) -> Vec<Diagnostic> {
    hygiene::scan_document(text, body_first_line(text), language)
        .into_iter()
        .map(|found| {
            let Finding {
                character, kind, ..
            } = found.finding;
            let message = format!(
                "{}: `{}`{}",
                kind.describe(),
                hygiene::describe_char(character),
                found.finding.place()
            );
            Diagnostic::warning(path, found.line, found.column, message)
                .quoting(text)
                .with_hint(hint(kind))
        })
        .collect()
}

fn hint(kind: Kind) -> &'static str {
    if kind.is_debris() {
        "readers see a box or a dot, and search does not match the word; `gazette check --fix-text` removes it"
    } else {
        "it is invisible in an editor; if it is not meant, retype the text around it"
    }
}
