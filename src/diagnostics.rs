//! Problems found in the user's content, collected rather than thrown.
//!
//! A newsroom fixing a broken archive wants every problem at once, not one per build, so each
//! stage pushes [`Diagnostic`]s into a list and carries on. The pipeline prints them all, sorted
//! by file and line, and fails the build if any is an error.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word in front of a message: `error` or `warning`.
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, located in a file of the site (path relative to the site root).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line counted from the top of the file; 0 when the problem concerns the whole file
    /// (made by [`Diagnostic::error_in_file`]).
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending line as written, shown under the message; a long line is cut to the
    /// part around the column, with `…` where it was cut.
    pub source_line: Option<String>,
    /// Characters of the line left out before `source_line`, for the caret under the column
    /// (32 bits keep a diagnostic small enough to return by value).
    pub source_skipped: u32,
    /// Warnings of one kind that may repeat by the hundred ("ambiguous alias") share a group,
    /// so the report can show a few and count the rest.
    pub group: Option<Group>,
}

/// Kinds of warnings that repeat by the hundred in a large archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Group {
    AmbiguousAliases,
    SpellingsMerged,
}

impl Group {
    fn describe(self) -> &'static str {
        match self {
            Group::AmbiguousAliases => "ambiguous alias",
            Group::SpellingsMerged => "merged spelling",
        }
    }
}

impl Diagnostic {
    /// An error at `path:line:column`.
    pub fn error(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
            hint: None,
            source_line: None,
            source_skipped: 0,
            group: None,
        }
    }

    /// A warning at `path:line:column`.
    pub fn warning(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// An error about a file as a whole (unreadable, misplaced, missing), with no line to point at.
    pub fn error_in_file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic::error(path, 0, 0, message)
    }

    /// A warning about a file as a whole.
    pub fn warning_in_file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic::warning(path, 0, 0, message)
    }

    /// Adds what the user should do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Puts the diagnostic in a group of its kind, for the condensed report.
    pub fn grouped(mut self, group: Group) -> Self {
        self.group = Some(group);
        self
    }

    /// Quotes the offending line, taken from the file's full text.
    pub fn quoting(mut self, file_text: &str) -> Self {
        let line = self
            .line
            .checked_sub(1)
            .and_then(|i| file_text.lines().nth(i));
        if let Some(line) = line {
            let (shown, skipped) = excerpt(line, self.column);
            self.source_line = Some(shown);
            self.source_skipped = u32::try_from(skipped).unwrap_or(u32::MAX);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize) {
        (&self.path, self.line, self.column)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}: {}", self.severity.label(), self.message)?;
        if let Some(source_line) = &self.source_line {
            write!(f, "\n  {:>4} | {}", self.line, source_line)?;
            if self.column > 0 {
                let width = (self.column - 1).saturating_sub(self.source_skipped as usize);
                write!(f, "\n       | {:>width$}^", "")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The longest part of a line quoted under a message, in characters.
const QUOTED: usize = 120;

/// At most [`QUOTED`] characters of `line` around `column` (1-based; 0 for the start), with
/// `…` where it is cut, and how many characters the caret must skip: a minified or generated
/// file can be one line of megabytes.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= QUOTED {
        return (line.to_owned(), 0);
    }
    let start = column.saturating_sub(QUOTED / 2).min(length - QUOTED);
    let mut shown: String = line.chars().skip(start).take(QUOTED).collect();
    if start + QUOTED < length {
        shown.push('…');
    }
    if start == 0 {
        return (shown, 0);
    }
    // The `…` in front takes one column: the caret skips one character less.
    (format!("…{shown}"), start - 1)
}

/// Every diagnostic of a build, in the order found; sorted when reported.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// The list itself, for stages that push into a `Vec<Diagnostic>`.
    pub fn as_vec_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.items
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, line and column, errors first within a position.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut sorted: Vec<&Diagnostic> = self.items.iter().collect();
        sorted.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then(a.severity.cmp(&b.severity))
        });
        sorted
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The report printed to the user: every error; for a warning repeated across many files
    /// (an imported archive's habit), the first few, then one line counting the rest.
    pub fn report(&self) -> String {
        const SHOWN_PER_WARNING: usize = 3;
        let mut out = String::new();
        let mut tallies: HashMap<Kind<'_>, Tally> = HashMap::new();
        for diagnostic in self.sorted() {
            let tally = tallies.entry(kind(diagnostic)).or_default();
            if diagnostic.is_error() || tally.shown < SHOWN_PER_WARNING {
                tally.shown += 1;
                out.push_str(&diagnostic.to_string());
                out.push('\n');
            } else {
                tally.hidden += 1;
            }
        }
        let mut hidden: Vec<_> = tallies
            .into_iter()
            .filter(|(_, tally)| tally.hidden > 0)
            .map(|(kind, tally)| (kind, tally.hidden))
            .collect();
        hidden.sort();
        for ((severity, message, _), count) in hidden {
            let label = severity.label();
            out.push_str(&format!(
                "{label}: … and {count} more like “{message}” (not shown)\n"
            ));
        }
        out
    }
}

/// Diagnostics that read alike, counted together in the report: same severity, and the same
/// group, or the same message (up to its values) and hint. Errors and warnings stay apart so
/// the line counting the hidden ones names them as they are.
type Kind<'a> = (Severity, &'a str, Option<&'a str>);

fn kind(diagnostic: &Diagnostic) -> Kind<'_> {
    match diagnostic.group {
        Some(group) => (diagnostic.severity, group.describe(), None),
        None => (
            diagnostic.severity,
            generic(&diagnostic.message),
            diagnostic.hint.as_deref(),
        ),
    }
}

/// How many diagnostics of one kind the report showed, and how many it left out.
#[derive(Default)]
struct Tally {
    shown: usize,
    hidden: usize,
}

/// A message with its first backticked value kept and later ones blanked, so "unknown key
/// `authors`" groups across files while different keys stay apart.
fn generic(message: &str) -> &str {
    match message.match_indices('`').nth(1) {
        Some((end, _)) => &message[..=end],
        None => message,
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Converts a byte offset in `text` into a 1-based (line, column in characters).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), *candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_quoted_around_its_column() {
        let line = format!("{}X{}", "a".repeat(5_000), "b".repeat(5_000));
        let shown = Diagnostic::error(Path::new("a.md"), 1, 5_001, "here")
            .quoting(&line)
            .to_string();
        let quoted = shown.lines().nth(1).unwrap();
        let caret = shown.lines().nth(2).unwrap();
        assert!(quoted.chars().count() < 140 && quoted.contains("…a") && quoted.ends_with("b…"));
        let column = |text: &str, c: char| text.chars().position(|x| x == c).unwrap();
        assert_eq!(column(quoted, 'X'), column(caret, '^'), "{shown}");
    }

    #[test]
    fn line_column_counts_from_one_and_in_characters() {
        let text = "ab\ncdé\nfg";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 4)); // after the two-byte é
        assert_eq!(line_column(text, 8), (3, 1));
        assert_eq!(line_column(text, 999), (3, 3));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["actors", "tags", "title", "summary"];
        assert_eq!(closest("actor", &keys), Some("actors"));
        assert_eq!(closest("tilte", &keys), Some("title"));
        assert_eq!(closest("wordcount", &keys), None);
    }

    #[test]
    fn report_condenses_warnings_repeated_across_files() {
        let mut diagnostics = Diagnostics::new();
        for i in 0..10 {
            let path = PathBuf::from(format!("{i}.md"));
            diagnostics.push(Diagnostic::warning(&path, 2, 1, "unknown key `authors`"));
            diagnostics.push(Diagnostic::error(&path, 3, 1, "bad date"));
        }
        diagnostics.push(Diagnostic::warning(
            Path::new("x.md"),
            2,
            1,
            "unknown key `actor`",
        ));
        let report = diagnostics.report();
        assert_eq!(report.matches("error: bad date").count(), 10);
        assert_eq!(report.matches("warning: unknown key `authors`").count(), 3);
        assert!(
            report.contains("… and 7 more like “unknown key `authors`” (not shown)"),
            "{report}"
        );
        assert!(report.contains("x.md:2:1: warning: unknown key `actor`"));
        assert_eq!(report.matches("more like").count(), 1, "{report}");
    }

    /// Issue 19, item 7: errors shown were counted as "more" under a line labelled warning.
    #[test]
    fn the_summary_counts_only_what_it_hid_and_names_it_as_it_is() {
        let mut diagnostics = Diagnostics::new();
        for i in 0..8 {
            let path = PathBuf::from(format!("{i}.md"));
            diagnostics.push(Diagnostic::error(&path, 1, 1, "bad `x`"));
        }
        let report = diagnostics.report();
        assert_eq!(report.matches("error: bad `x`").count(), 8);
        assert!(!report.contains("more like"), "{report}");
        for i in 0..5 {
            let path = PathBuf::from(format!("w{i}.md"));
            diagnostics.push(Diagnostic::warning(&path, 1, 1, "bad `x`"));
        }
        let report = diagnostics.report();
        assert_eq!(report.matches("error: bad `x`").count(), 8);
        assert_eq!(report.matches("warning: bad `x`").count(), 3);
        assert!(
            report.ends_with("\nwarning: … and 2 more like “bad `x`” (not shown)\n"),
            "{report}"
        );
    }

    #[test]
    fn display_shows_position_line_caret_and_hint() {
        let d = Diagnostic::error(Path::new("a.md"), 2, 3, "bad")
            .quoting("x\nab cd\n")
            .with_hint("fix it");
        assert_eq!(
            d.to_string(),
            "a.md:2:3: error: bad\n     2 | ab cd\n       |   ^\n  = hint: fix it"
        );
    }
}
