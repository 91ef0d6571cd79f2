//! `gazette actors suggest`: the names an archive keeps using that no profile answers to.
//!
//! A newsroom names thousands of people, organisations and places; profiles are written by
//! hand, one by one. This command reads every article once, in parallel, and lists the
//! frequent proper names that match no actor or author profile, their variants grouped, a
//! kind guessed, with counts and example sentences; `--write` turns them into profiles.
//! It only reads the content (no Markdown rendering, no site model): the profiles, to know
//! which names are taken, and each article's prose, line by line (see `text`, `scan`,
//! `group`). Lines repeated across many articles (a footer, a standard disclaimer) are read
//! in a first quick pass over the files and skipped by the second.

mod group;
mod scan;
mod tally;
mod text;
mod words;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use crate::config::{Config, ConfigError, Overrides};
use crate::model::actor::{ActorIndex, Kind};
use crate::model::author::AuthorIndex;
use crate::source::{Reader, SourceFile};
use tally::{Example, Tallies};

/// What to look for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// Leave out names used in fewer articles.
    pub min_articles: u32,
    /// At most this many suggestions.
    pub limit: usize,
}

/// One suggested actor.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Suggestion {
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub articles: u32,
    pub mentions: u32,
    pub examples: Vec<ExampleSentence>,
}

/// A sentence that uses the name, where it stands in the source.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExampleSentence {
    /// Relative to the site root.
    pub path: PathBuf,
    /// 1-based line of the source file.
    pub line: usize,
    pub text: String,
}

/// What `suggest` found.
#[derive(Debug, Clone)]
pub struct Report {
    pub suggestions: Vec<Suggestion>,
    /// Articles read.
    pub articles: usize,
    /// Names used in enough articles before the limit was applied.
    pub found: usize,
}

/// Why `suggest` could not run.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot list {}: {source}", path.display())]
    Discover {
        path: PathBuf,
        source: walkdir::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Reads the site at `options.root` and suggests actors.
pub fn suggest(options: &Options) -> Result<Report, SuggestError> {
    let config = Config::load(&options.root, &Overrides::default())?;
    let (actors, authors) = profiles(&config)?;
    let files = list(&config.paths.articles, &config)?;
    let reader = Reader::new(&config.paths.root, &files);
    let boilerplate = boilerplate(&reader, &files);
    let detector = actors.detector();
    let scanner = scan::Scanner {
        lexicon: words::Lexicon::get(),
        detector: detector.as_ref(),
    };
    let tallies = files
        .par_iter()
        .enumerate()
        .fold(Tallies::default, |mut tallies, (index, file)| {
            if let Some(lines) = read_lines(&reader, file) {
                let lines: Vec<text::Line> = lines
                    .into_iter()
                    .filter(|line| !boilerplate.contains(&line.raw))
                    .collect();
                let lines = text::join_wrapped(lines);
                scanner.article(index as u32, &lines, &mut tallies);
            }
            tallies
        })
        .reduce(Tallies::default, Tallies::merge);
    let articles = tallies.articles as usize;
    let known = group::Known {
        actors: &actors,
        authors: &authors,
    };
    let candidates = group::candidates(tallies, &known, options.min_articles.max(1));
    let found = candidates.len();
    let suggestions = candidates
        .into_iter()
        .take(options.limit)
        .map(|c| suggestion(c, &reader, &files, &config))
        .collect();
    Ok(Report {
        suggestions,
        articles,
        found,
    })
}

/// The actor and author profiles, indexed (their problems are `check`'s to report).
fn profiles(config: &Config) -> Result<(ActorIndex, AuthorIndex), SuggestError> {
    let markdown = crate::markdown::MarkdownRenderer::new(config);
    let french = config.language.starts_with("fr");
    let read = |dir: &Path| -> Result<Vec<SourceFile>, SuggestError> {
        let files = list(dir, config)?;
        Ok(crate::source::read_all(&config.paths.root, &files).0)
    };
    let (actors, _) = crate::load::profiles(&read(&config.paths.actors)?, &markdown, french);
    let (authors, _) =
        crate::load::author_profiles(&read(&config.paths.authors)?, &markdown, french);
    Ok((
        ActorIndex::new(actors, &mut Vec::new()),
        AuthorIndex::new(authors, &mut Vec::new()),
    ))
}

fn list(dir: &Path, config: &Config) -> Result<Vec<PathBuf>, SuggestError> {
    crate::source::discover(dir, &config.paths.root).map_err(|source| SuggestError::Discover {
        path: dir.to_path_buf(),
        source,
    })
}

/// The prose lines of an article file; `None` when it cannot be read or has no front matter
/// (`check` says why).
fn read_lines(reader: &Reader<'_>, file: &Path) -> Option<Vec<text::Line>> {
    let source = reader.read(file).ok()?;
    let split = crate::front_matter::split(&source.text).ok()?;
    Some(text::prose_lines(split.body, split.body_first_line))
}

/// The lines (by hash) found in many articles: at least 3, and at least 1 in 100.
fn boilerplate(reader: &Reader<'_>, files: &[PathBuf]) -> HashSet<u64, FxBuildHasher> {
    let counts = files
        .par_iter()
        .fold(tally::Map::<u64, u32>::default, |mut counts, file| {
            let Some(source) = reader.read(file).ok() else {
                return counts;
            };
            let Ok(split) = crate::front_matter::split(&source.text) else {
                return counts;
            };
            let mut seen = HashSet::<u64, FxBuildHasher>::default();
            for line in split.body.lines().map(str::trim).filter(|l| l.len() >= 20) {
                let hash = text::line_hash(line);
                if seen.insert(hash) {
                    *counts.entry(hash).or_default() += 1;
                }
            }
            counts
        })
        .reduce(tally::Map::default, |mut a, b| {
            for (hash, n) in b {
                *a.entry(hash).or_default() += n;
            }
            a
        });
    let threshold = (files.len() / 100).max(3) as u32;
    counts
        .into_iter()
        .filter(|&(_, n)| n >= threshold)
        .map(|(hash, _)| hash)
        .collect()
}

/// A candidate with its example sentences read back from the files.
fn suggestion(
    candidate: group::Candidate,
    reader: &Reader<'_>,
    files: &[PathBuf],
    config: &Config,
) -> Suggestion {
    let examples = candidate
        .examples
        .iter()
        .filter_map(|example| example_sentence(example, reader, files, config))
        .collect();
    Suggestion {
        name: candidate.name,
        kind: candidate.kind,
        aliases: candidate.aliases,
        articles: candidate.articles,
        mentions: candidate.mentions,
        examples,
    }
}

fn example_sentence(
    example: &Example,
    reader: &Reader<'_>,
    files: &[PathBuf],
    config: &Config,
) -> Option<ExampleSentence> {
    let file = files.get(example.article as usize)?;
    let source = reader.read(file).ok()?;
    let line = source.text.lines().nth(example.line as usize - 1)?;
    let (masked, _) = text::mask_line(line, false);
    let at = example.at as usize;
    if !masked.is_char_boundary(at) {
        return None;
    }
    let (start, end) = text::sentence_around(&masked, at);
    let sentence = masked.get(start..end)?;
    Some(ExampleSentence {
        path: file
            .strip_prefix(&config.paths.root)
            .unwrap_or(file)
            .to_path_buf(),
        line: example.line as usize,
        text: text::tidy(sentence),
    })
}

/// `--format json`: `{"suggestions": [{"name", "kind", "aliases", "articles", "mentions",
/// "examples": [{"path", "line", "text"}]}]}`, best first.
pub fn to_json(report: &Report) -> serde_json::Value {
    serde_json::json!({ "suggestions": report.suggestions })
}

/// The text report: one block per suggestion, counts aligned.
pub fn to_text(report: &Report) -> String {
    let width = report
        .suggestions
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (rank, s) in report.suggestions.iter().enumerate() {
        let pad = " ".repeat(width - s.name.chars().count());
        let kind = serde_json::to_value(s.kind).ok();
        let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("");
        out.push_str(&format!(
            "{:>3}. {}{pad}  {kind:<12} {:>5} articles {:>6} mentions\n",
            rank + 1,
            s.name,
            s.articles,
            s.mentions
        ));
        if !s.aliases.is_empty() {
            out.push_str(&format!("     also: {}\n", s.aliases.join(", ")));
        }
        for e in &s.examples {
            out.push_str(&format!(
                "     {}:{}: {}\n",
                e.path.display(),
                e.line,
                e.text
            ));
        }
    }
    out
}

/// What `--write` did.
#[derive(Debug, Default)]
pub struct Written {
    /// Profiles created, relative to the site root.
    pub created: Vec<PathBuf>,
    /// Profiles not written because the file exists.
    pub skipped: Vec<PathBuf>,
}

/// Writes `content/actors/<slug>.md` for each suggestion, never replacing a file.
pub fn write_profiles(root: &Path, suggestions: &[Suggestion]) -> Result<Written, SuggestError> {
    let config = Config::load(root, &Overrides::default())?;
    let mut written = Written::default();
    for s in suggestions {
        let Some(slug) = crate::model::slug::slugify(&s.name) else {
            continue;
        };
        let path = config.paths.actors.join(format!("{slug}.md"));
        let shown = path
            .strip_prefix(&config.paths.root)
            .unwrap_or(&path)
            .to_path_buf();
        match crate::scaffold::create_file(&path, profile_text(s).as_bytes()) {
            Ok(()) => written.created.push(shown),
            Err(crate::scaffold::ScaffoldError::Exists(_)) => written.skipped.push(shown),
            Err(error) => {
                return Err(SuggestError::Write {
                    path: shown,
                    source: std::io::Error::other(error.to_string()),
                });
            }
        }
    }
    Ok(written)
}

/// A profile in the site's format: name, kind, aliases, and a line to replace.
fn profile_text(s: &Suggestion) -> String {
    use crate::scaffold::{yaml_list, yaml_quote};
    let kind = serde_json::to_value(s.kind).ok();
    let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("person");
    format!(
        "---\nname: {}\nkind: {kind}\naliases: {}\n---\nSuggested by `gazette actors suggest`: named in {} articles. Check the name, kind and aliases, then write who this is.\n",
        yaml_quote(&s.name),
        yaml_list(&s.aliases),
        s.articles,
    )
}

#[cfg(test)]
mod tests;
