//! Front matter: the YAML block between `---` lines at the top of a Markdown file.
//!
//! Splits a file into its YAML and its body, parses the YAML (a flat block directly, any other
//! with serde_yaml), and turns each known key into a typed field of [`RawArticle`]. Every
//! problem is a [`Diagnostic`] whose line counts from the top of the file (not of the YAML
//! block), because that is the line the user's editor shows. Unknown keys are kept for
//! templates and reported with the closest known key.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, closest};
use crate::yaml::{duplicate_key_line, key_lines, yaml_error_position};

pub use keys::{ActorKey, ArticleKey, AuthorKey, Key};

mod flat;
mod keys;
mod limits;
pub mod validate;
mod written;

/// A file cut into its front matter and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML starts (the line after the opening `---`).
    pub yaml_first_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_first_line: usize,
}

/// Cuts `text` into front matter and body. The opening `---` must be the first line.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Blank lines before the opening `---` are a common slip; the block still counts.
    let leading_blank = leading_blank_lines(text);
    let (text, yaml_first_line) = (&text[leading_blank.0..], 2 + leading_blank.1);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first_line_end;
    let mut offset = yaml_start;
    for (line, raw_line) in (yaml_first_line..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = raw_line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line,
                body: &text[body_start..],
                body_first_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(SplitError::Unclosed)
}

/// Byte length and count of the blank lines at the top of `text`.
fn leading_blank_lines(text: &str) -> (usize, usize) {
    let mut bytes = 0;
    let mut lines = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() || !line.ends_with('\n') {
            break;
        }
        bytes += line.len();
        lines += 1;
    }
    (bytes, lines)
}

/// Why a file has no usable front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("no front matter: the file must start with a `---` line")]
    Missing,
    #[error("the front matter opened by `---` on line 1 is never closed")]
    Unclosed,
}

/// How many actors, and how many tags, one article may list. Each actor's and tag's page
/// shows the article's card with all of them, so the output grows with the square of the
/// count: 10,000 actors meant 10,000 pages of 10,000 links each.
pub const MAX_NAMES: usize = 100;

/// A front matter value with the file line of its key, for later error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// An article's front matter as written, checked for shape but not for meaning.
#[derive(Debug, Clone, Default)]
pub struct RawArticle {
    pub title: String,
    pub date: Option<Located<String>>,
    pub updated: Option<Located<String>>,
    pub actors: Vec<String>,
    /// Who wrote it (`authors:`), as written: names, aliases or slugs of author profiles.
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub slug: Option<Located<String>>,
    pub draft: bool,
    pub source: Option<Located<String>>,
    pub lang: Option<Located<String>>,
    /// Shared by the versions of one story in different languages (`translation_key:`).
    pub translation_key: Option<Located<String>>,
    /// `detect_mentions: false` turns mention detection off for this article.
    pub detect_mentions: bool,
    /// Old URLs that redirect to the article, each with its line.
    pub aliases: Vec<Located<String>>,
    /// The lead photo (`image:`, a path or URL) and its alternative text, caption and credit.
    pub image: Option<Located<String>>,
    pub image_alt: Option<String>,
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    /// Keys gazette does not know, kept for templates as `article.extra`.
    pub extra: Mapping,
    /// Line of `title:` (or of the opening `---` when it is missing).
    pub title_line: usize,
    /// Lines of `actors:`, `authors:` and `tags:`, for messages about a name they list.
    pub actors_line: usize,
    pub authors_line: usize,
    pub tags_line: usize,
}

/// Reads an article's front matter. Problems go to `diagnostics`; `None` means unusable.
pub fn parse_article(
    path: &Path,
    text: &str,
    split: &Split<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawArticle> {
    let mut fields = Fields::parse(path, text, split, diagnostics)?;
    let mut raw = RawArticle {
        title_line: fields.line_of(ArticleKey::Title),
        actors_line: fields.line_of(ArticleKey::Actors),
        authors_line: fields.line_of(ArticleKey::Authors),
        tags_line: fields.line_of(ArticleKey::Tags),
        ..RawArticle::default()
    };
    for &key in ArticleKey::ALL {
        read_article_key(&mut fields, key, path, &mut raw);
    }
    raw.extra = fields.finish_unknown();
    (!fields.failed).then_some(raw)
}

/// Reads one key of an article into `raw`. The match is exhaustive so that a key added to
/// [`ArticleKey`] cannot be accepted without being read.
fn read_article_key(
    fields: &mut Fields<'_, ArticleKey>,
    key: ArticleKey,
    path: &Path,
    raw: &mut RawArticle,
) {
    match key {
        ArticleKey::Title => {
            raw.title = fields
                .take_required_text(key, "add a line such as `title: \"Floods hit the valley\"`");
        }
        ArticleKey::Date => raw.date = take_date(fields, path),
        ArticleKey::Actors => raw.actors = take_names(fields, key, "actor"),
        ArticleKey::Authors => raw.authors = take_names(fields, key, "author"),
        ArticleKey::Tags => raw.tags = take_names(fields, key, "tag"),
        ArticleKey::Summary => raw.summary = fields.take_string(key).map(|s| s.value),
        ArticleKey::Slug => raw.slug = fields.take_string(key),
        ArticleKey::Draft => raw.draft = fields.take_bool(key),
        ArticleKey::Updated => raw.updated = fields.take_string(key),
        ArticleKey::Source => raw.source = fields.take_string(key),
        ArticleKey::TranslationKey => raw.translation_key = fields.take_string(key),
        ArticleKey::Lang => raw.lang = fields.take_string(key),
        ArticleKey::DetectMentions => raw.detect_mentions = fields.take_bool_or(key, true),
        ArticleKey::Aliases => raw.aliases = fields.take_located_list(key),
        ArticleKey::Image => raw.image = fields.take_string(key),
        ArticleKey::ImageAlt => raw.image_alt = fields.take_string(key).map(|s| s.value),
        ArticleKey::ImageCaption => raw.image_caption = fields.take_string(key).map(|s| s.value),
        ArticleKey::ImageCredit => raw.image_credit = fields.take_string(key).map(|s| s.value),
    }
}

/// `date:`, or else the day a Jekyll-style file name (`2016-07-15-accord.md`) starts with.
fn take_date(fields: &mut Fields<'_, ArticleKey>, path: &Path) -> Option<Located<String>> {
    let key = ArticleKey::Date;
    let stem = crate::model::article::naming_stem(path);
    let dated_name = stem.as_deref().and_then(crate::model::article::date_prefix);
    let date = fields.take_string(key).or_else(|| {
        dated_name.map(|day| Located {
            value: day.to_owned(),
            line: fields.line_of(key),
        })
    });
    if date.is_none() {
        fields.missing(key, "add a line such as `date: 2024-03-15 09:30`, or start the file name with the day (`2024-03-15-story.md`)");
    }
    date
}

/// `actors:` or `tags:`, names of `kind` that each get a page: those that cannot are left
/// out, and more than [`MAX_NAMES`] is an error.
fn take_names(fields: &mut Fields<'_, ArticleKey>, key: ArticleKey, kind: &str) -> Vec<String> {
    let names = fields.take_list(key);
    let names = fields.keep_naming(names, key, kind);
    if names.len() > MAX_NAMES {
        let (name, count) = (key.as_str(), names.len());
        fields.error(
            key,
            format!("`{name}` lists {count} names; an article may list at most {MAX_NAMES}"),
            "list what the article is about; names in its text are found as mentions",
        );
    }
    names
}

/// An actor profile's front matter as written (`content/actors/*.md`).
#[derive(Debug, Clone, Default)]
pub struct RawActor {
    pub name: String,
    pub name_line: usize,
    pub kind: Option<Located<String>>,
    pub aliases: Vec<String>,
    pub aliases_line: usize,
    pub description: Option<String>,
    pub sort_name: Option<String>,
    /// The surname the press uses alone, when it is not the name's last word ("Kim").
    pub surname: Option<String>,
    pub image: Option<Located<String>>,
    pub links: Vec<(String, String)>,
    pub links_line: usize,
    pub detect: bool,
    pub slug: Option<Located<String>>,
    /// Old URLs that redirect to the actor's page (`aliases:` holds other names).
    pub url_aliases: Vec<Located<String>>,
}

/// Reads an actor profile's front matter, like [`parse_article`].
pub fn parse_actor(
    path: &Path,
    text: &str,
    split: &Split<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawActor> {
    let mut fields = Fields::parse(path, text, split, diagnostics)?;
    let mut raw = RawActor {
        name_line: fields.line_of(ActorKey::Name),
        aliases_line: fields.line_of(ActorKey::Aliases),
        links_line: fields.line_of(ActorKey::Links),
        ..RawActor::default()
    };
    for &key in ActorKey::ALL {
        read_actor_key(&mut fields, key, &mut raw);
    }
    fields.finish_unknown();
    (!fields.failed).then_some(raw)
}

/// Reads one key of an actor profile into `raw`; exhaustive, like [`read_article_key`].
fn read_actor_key(fields: &mut Fields<'_, ActorKey>, key: ActorKey, raw: &mut RawActor) {
    match key {
        ActorKey::Name => {
            raw.name = fields.take_required_text(key, "add a line such as `name: Sergueï Lavrov`");
        }
        ActorKey::Kind => raw.kind = fields.take_string(key),
        ActorKey::Aliases => raw.aliases = fields.take_list(key),
        ActorKey::Description => raw.description = fields.take_string(key).map(|s| s.value),
        ActorKey::SortName => raw.sort_name = fields.take_string(key).map(|s| s.value),
        ActorKey::Surname => raw.surname = fields.take_string(key).map(|s| s.value),
        ActorKey::Image => raw.image = fields.take_string(key),
        ActorKey::Links => raw.links = fields.take_text_map(key),
        ActorKey::Detect => raw.detect = fields.take_bool_or(key, true),
        ActorKey::Slug => raw.slug = fields.take_string(key),
        ActorKey::UrlAliases => raw.url_aliases = fields.take_located_list(key),
    }
}

/// An author profile's front matter as written (`content/authors/*.md`).
#[derive(Debug, Clone, Default)]
pub struct RawAuthor {
    pub name: String,
    pub name_line: usize,
    /// "Correspondante à Bruxelles", shown under the name.
    pub role: Option<String>,
    /// Other ways bylines write the name.
    pub aliases: Vec<String>,
    pub aliases_line: usize,
    pub sort_name: Option<String>,
    pub image: Option<Located<String>>,
    pub links: Vec<(String, String)>,
    pub links_line: usize,
    pub slug: Option<Located<String>>,
    /// Old URLs that redirect to the author's page.
    pub url_aliases: Vec<Located<String>>,
}

/// Reads an author profile's front matter, like [`parse_actor`].
pub fn parse_author(
    path: &Path,
    text: &str,
    split: &Split<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawAuthor> {
    let mut fields = Fields::parse(path, text, split, diagnostics)?;
    let mut raw = RawAuthor {
        name_line: fields.line_of(AuthorKey::Name),
        aliases_line: fields.line_of(AuthorKey::Aliases),
        links_line: fields.line_of(AuthorKey::Links),
        ..RawAuthor::default()
    };
    for &key in AuthorKey::ALL {
        read_author_key(&mut fields, key, &mut raw);
    }
    fields.finish_unknown();
    (!fields.failed).then_some(raw)
}

/// Reads one key of an author profile into `raw`; exhaustive, like [`read_article_key`].
fn read_author_key(fields: &mut Fields<'_, AuthorKey>, key: AuthorKey, raw: &mut RawAuthor) {
    match key {
        AuthorKey::Name => {
            raw.name = fields.take_required_text(key, "add a line such as `name: Claire Dumas`");
        }
        AuthorKey::Role => raw.role = fields.take_string(key).map(|s| s.value),
        AuthorKey::Aliases => raw.aliases = fields.take_list(key),
        AuthorKey::SortName => raw.sort_name = fields.take_string(key).map(|s| s.value),
        AuthorKey::Image => raw.image = fields.take_string(key),
        AuthorKey::Links => raw.links = fields.take_text_map(key),
        AuthorKey::Slug => raw.slug = fields.take_string(key),
        AuthorKey::UrlAliases => raw.url_aliases = fields.take_located_list(key),
    }
}

/// A parsed front matter mapping, taken apart key by key with typed accessors. Only keys of
/// `K`, the table of this kind of front matter, can be taken, and those left over are checked
/// against the same table.
pub struct Fields<'a, K> {
    path: &'a Path,
    text: &'a str,
    mapping: Mapping,
    lines: HashMap<String, usize>,
    yaml_first_line: usize,
    /// The file line of the closing `---`.
    yaml_end_line: usize,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Set once an error was reported for this file.
    pub failed: bool,
    keys: PhantomData<K>,
}

impl<'a, K: Key> Fields<'a, K> {
    /// Parses the YAML block; reports a syntax error at its file position.
    pub fn parse(
        path: &'a Path,
        text: &'a str,
        split: &Split<'_>,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Option<Fields<'a, K>> {
        let mapping = match parse_mapping(split.yaml) {
            Ok(mapping) => mapping,
            Err(error) => {
                diagnostics.push(mapping_problem(path, text, split, &error));
                return None;
            }
        };
        let lines = key_lines(split.yaml)
            .into_iter()
            .map(|(k, line)| (k, line + split.yaml_first_line - 1))
            .collect();
        Some(Fields {
            path,
            text,
            mapping,
            lines,
            yaml_first_line: split.yaml_first_line,
            yaml_end_line: split.body_first_line - 1,
            diagnostics,
            failed: false,
            keys: PhantomData,
        })
    }

    /// The file line of `key`, or of the opening `---` when the key is absent.
    pub fn line_of(&self, key: K) -> usize {
        self.line_at(key.as_str())
    }

    /// The file line of the key written `name`, known or not, or of the opening `---`.
    fn line_at(&self, name: &str) -> usize {
        self.lines
            .get(name)
            .copied()
            .unwrap_or(self.yaml_first_line - 1)
    }

    /// Reports an error at `key`'s line.
    pub fn error(&mut self, key: K, message: impl Into<String>, hint: impl Into<String>) {
        self.error_at(key.as_str(), message, hint);
    }

    /// Reports an error at the line of the key written `name`.
    fn error_at(&mut self, name: &str, message: impl Into<String>, hint: impl Into<String>) {
        let line = self.line_at(name);
        self.diagnostics.push(
            Diagnostic::error(self.path, line, 1, message)
                .quoting(self.text)
                .with_hint(hint),
        );
        self.failed = true;
    }

    /// The text of a required key, trimmed; an error when it is absent or blank.
    pub fn take_required_text(&mut self, key: K, hint: &str) -> String {
        match self.take_string(key) {
            Some(text) if !text.value.trim().is_empty() => text.value.trim().to_owned(),
            _ => {
                self.missing(key, hint);
                String::new()
            }
        }
    }

    /// The names of `key`'s list that can have a page (they have a letter or a digit); the
    /// others (`..`, `~`) are left out with a warning at the key's line.
    fn keep_naming(&mut self, names: Vec<String>, key: K, kind: &str) -> Vec<String> {
        let line = self.line_of(key);
        let key = key.as_str();
        let (kept, dropped): (Vec<String>, Vec<String>) = names
            .into_iter()
            .partition(|name| crate::model::slug::slugify(name).is_some());
        for name in dropped {
            self.diagnostics.push(
                Diagnostic::warning(
                    self.path,
                    line,
                    1,
                    format!("{kind} `{name}` has no letters or digits; ignored"),
                )
                .quoting(self.text)
                .with_hint(format!("remove it from `{key}`")),
            );
        }
        kept
    }

    /// Reports a required key that is absent.
    pub fn missing(&mut self, key: K, hint: &str) {
        let message = format!("missing required key `{}`", key.as_str());
        self.error(key, message, hint);
    }

    /// The lines of the file that hold `key`'s value: from its line to the next key's.
    fn lines_of(&self, key: &str) -> &'a str {
        let Some(&first) = self.lines.get(key) else {
            return "";
        };
        let end = self
            .lines
            .values()
            .copied()
            .filter(|&line| line > first)
            .min()
            .unwrap_or(self.yaml_end_line);
        let start_of = |line: usize| -> usize {
            let before = self.text.split_inclusive('\n').take(line.saturating_sub(1));
            before.map(str::len).sum()
        };
        &self.text[start_of(first)..start_of(end.max(first))]
    }

    /// The spellings of the numbers in `key`'s lines, looked for only when its value holds
    /// a number.
    fn number_words_if_any(&self, key: &str, value: &Value) -> Vec<&str> {
        fn has_number(value: &Value) -> bool {
            match value {
                Value::Number(_) => true,
                Value::Tagged(tagged) => has_number(&tagged.value),
                Value::Sequence(items) => items.iter().any(has_number),
                _ => false,
            }
        }
        if has_number(value) {
            written::number_words(self.lines_of(key))
        } else {
            Vec::new()
        }
    }

    /// A scalar as text; a number is taken as written (`1.10`, not `1.1`).
    fn text_of(&self, value: &Value, numbers: &mut Vec<&str>) -> Option<String> {
        match value {
            Value::Number(n) => written::take_spelling(numbers, n).or_else(|| scalar_text(value)),
            Value::Tagged(tagged) => self.text_of(&tagged.value, numbers),
            _ => scalar_text(value),
        }
    }

    /// A scalar value as text (numbers and booleans are accepted as written).
    pub fn take_string(&mut self, key: K) -> Option<Located<String>> {
        let key = key.as_str();
        let value = self.mapping.remove(key)?;
        let line = self.line_at(key);
        let mut numbers = self.number_words_if_any(key, &value);
        match self.text_of(&value, &mut numbers) {
            Some(text) => Some(Located { value: text, line }),
            None if value.is_null() => None,
            None => {
                self.error_at(
                    key,
                    format!("`{key}` must be a single value, not {}", describe(&value)),
                    format!("write `{key}: some text` on one line"),
                );
                None
            }
        }
    }

    /// A list of scalars; a single scalar counts as a list of one.
    pub fn take_list(&mut self, key: K) -> Vec<String> {
        let key = key.as_str();
        let Some(value) = self.mapping.remove(key) else {
            return Vec::new();
        };
        let mut numbers = self.number_words_if_any(key, &value);
        let items = match &value {
            Value::Null => return Vec::new(),
            Value::Sequence(items) => items
                .iter()
                .map(|item| self.text_of(item, &mut numbers))
                .collect::<Option<Vec<_>>>(),
            Value::Number(_) | Value::Bool(_) => {
                self.error_at(
                    key,
                    format!("`{key}` must be a list of names, not {}", describe(&value)),
                    format!("write `{key}: [First name, Second name]`, with quotes around a name that is a number: `{key}: [\"1984\"]`"),
                );
                return Vec::new();
            }
            scalar => self.text_of(scalar, &mut numbers).map(|s| vec![s]),
        };
        match items {
            Some(items) => items
                .into_iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
            None => {
                self.error_at(
                    key,
                    format!("`{key}` must be a list of names"),
                    format!("write `{key}: [First name, Second name]`"),
                );
                Vec::new()
            }
        }
    }

    /// A list of scalars like [`Fields::take_list`], each with the file line it is written on:
    /// the `- item` lines of a block list, else the line that holds the item's text, else the
    /// key's line (a one-line `[a, b]` list).
    pub fn take_located_list(&mut self, key: K) -> Vec<Located<String>> {
        let first = self.line_of(key);
        let lines: Vec<&str> = self.lines_of(key.as_str()).lines().collect();
        let items = self.take_list(key);
        let dashes: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                let line = lines[i].trim_start();
                line == "-" || line.starts_with("- ")
            })
            .collect();
        let mut from = 0;
        let mut line_of = |n: usize, value: &str| {
            if dashes.len() == items.len() {
                return first + dashes[n];
            }
            match (from..lines.len()).find(|&i| lines[i].contains(value)) {
                Some(i) => {
                    from = i;
                    first + i
                }
                None => first,
            }
        };
        let lines: Vec<usize> = (0..items.len()).map(|n| line_of(n, &items[n])).collect();
        items
            .into_iter()
            .zip(lines)
            .map(|(value, line)| Located { value, line })
            .collect()
    }

    /// A boolean (`true` / `false`); absent means false.
    pub fn take_bool(&mut self, key: K) -> bool {
        self.take_bool_or(key, false)
    }

    /// A boolean (`true` / `false`), `default` when absent.
    pub fn take_bool_or(&mut self, key: K, default: bool) -> bool {
        let key = key.as_str();
        match self.mapping.remove(key) {
            None | Some(Value::Null) => default,
            Some(Value::Bool(b)) => b,
            Some(other) => {
                self.error_at(
                    key,
                    format!("`{key}` must be true or false, not {}", describe(&other)),
                    format!("write `{key}: true` or `{key}: false`"),
                );
                default
            }
        }
    }

    /// A mapping of names to single values (`links:`), in the order written.
    pub fn take_text_map(&mut self, key: K) -> Vec<(String, String)> {
        let key = key.as_str();
        let Some(value) = self.mapping.remove(key) else {
            return Vec::new();
        };
        let pairs = match &value {
            Value::Null => return Vec::new(),
            Value::Mapping(map) => map
                .iter()
                .map(|(k, v)| Some((scalar_text(k)?, scalar_text(v)?)))
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        pairs.unwrap_or_else(|| {
            self.error_at(
                key,
                format!("`{key}` must be a mapping of names to values"),
                format!("write e.g. `{key}: {{website: https://example.org, wikidata: Q42}}`"),
            );
            Vec::new()
        })
    }

    /// Warns about the keys left over, suggesting a known key when one is close, and returns
    /// them so templates can still read them.
    pub fn finish_unknown(&mut self) -> Mapping {
        let mapping = std::mem::take(&mut self.mapping);
        for key in mapping.keys() {
            let name = key.as_str().unwrap_or_default();
            if let Some(suggestion) = closest(name, K::NAMES) {
                let line = self.line_at(name);
                self.diagnostics.push(
                    Diagnostic::warning(self.path, line, 1, format!("unknown key `{name}`"))
                        .quoting(self.text)
                        .with_hint(format!(
                            "did you mean `{suggestion}`? (the value stays available to templates as `extra.{name}`)"
                        )),
                );
            }
        }
        mapping
    }
}

/// A YAML problem at its file position, with the most useful hint for its kind.
fn mapping_problem(path: &Path, text: &str, split: &Split<'_>, error: &MappingError) -> Diagnostic {
    let (mut line, mut column) = match error {
        MappingError::Yaml(e) => yaml_error_position(e, text, split.yaml),
        MappingError::NotAMapping | MappingError::TooLarge(_) => (split.yaml_first_line, 1),
        MappingError::TooDeep(offset) => {
            let (line, column) = crate::diagnostics::line_column(split.yaml, *offset);
            (line + split.yaml_first_line - 1, column)
        }
    };
    let message = error.to_string();
    let mut hint = if message.contains("repetition limit") || message.contains("recursion limit") {
        "aliases (`*name`) or nesting make this front matter expand to more than gazette reads; write the values out".to_owned()
    } else if matches!(error, MappingError::TooLarge(_)) {
        "front matter holds a few `key: value` lines; put long text in the body".to_owned()
    } else if matches!(error, MappingError::TooDeep(_)) {
        "front matter values are names, dates and short lists: flatten this one".to_owned()
    } else {
        "front matter is YAML `key: value` lines; quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!` or `@`".to_owned()
    };
    if let Some((key, second)) = duplicate_key_line(&message, split.yaml) {
        if let Some(second) = second {
            (line, column) = (second + split.yaml_first_line - 1, 1);
        }
        hint = format!("remove one of the two `{key}:` lines");
    }
    Diagnostic::error(path, line, column, error.to_string())
        .quoting(text)
        .with_hint(hint)
}

#[derive(Debug, thiserror::Error)]
enum MappingError {
    #[error("invalid YAML: {}", strip_location(.0))]
    Yaml(serde_yaml::Error),
    #[error("front matter must be `key: value` lines")]
    NotAMapping,
    #[error("the front matter is {0} bytes long; gazette reads at most {max} bytes", max = limits::MAX_BYTES)]
    TooLarge(usize),
    #[error(
        "lists and mappings are nested more than {} levels deep here",
        limits::MAX_DEPTH
    )]
    TooDeep(usize),
}

fn strip_location(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

fn parse_mapping(yaml: &str) -> Result<Mapping, MappingError> {
    if yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    if yaml.len() > limits::MAX_BYTES {
        return Err(MappingError::TooLarge(yaml.len()));
    }
    if let Some(mapping) = flat::parse(yaml) {
        return Ok(mapping);
    }
    if let Some(offset) = limits::too_deep(yaml) {
        return Err(MappingError::TooDeep(offset));
    }
    match serde_yaml::from_str::<Value>(yaml).map_err(MappingError::Yaml)? {
        Value::Mapping(mapping) => Ok(mapping),
        Value::Null => Ok(Mapping::new()),
        _ => Err(MappingError::NotAMapping),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        _ => None,
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<RawArticle>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let split = split(text).unwrap();
        let raw = parse_article(Path::new("a.md"), text, &split, &mut diagnostics);
        (raw, diagnostics)
    }

    #[test]
    fn yaml_errors_after_lone_carriage_returns_stay_inside_the_file() {
        // Found by fuzzing: YAML counts a lone CR as a line break, the file's lines do not,
        // and the error was reported on line 74 of a 10-line file.
        let text = "\u{feff}---\r\ntitle: 1.10\r\ndata: 2016-14-15 09:3-0b0\r\nlang: no\r\nta: sg[0x1F,0\"a\", '>b', 2.0]\r\nactors: a[A& na, \r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\rBo]\r\naliaug: x-y\r\ndraft: false\r\n...\r\nBody\r\n";
        let (raw, d) = parse(text);
        assert!(raw.is_none());
        assert!(d[0].line <= text.lines().count(), "{}", d[0]);
        assert_eq!(d[0].line, 7, "{}", d[0]);
    }

    #[test]
    fn split_finds_yaml_and_body_lines() {
        let s = split("---\ntitle: x\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn split_accepts_bom_crlf_and_empty_body() {
        let s = split("\u{feff}---\r\ntitle: x\r\n---\r\n").unwrap();
        assert_eq!(s.yaml, "title: x\r\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn blank_lines_before_the_block_are_tolerated_and_counted() {
        let s = split("\n\n---\ntitle: x\n---\nBody\n").unwrap();
        assert_eq!(s.yaml_first_line, 4);
        assert_eq!(s.body_first_line, 6);
    }

    #[test]
    fn split_reports_missing_and_unclosed() {
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn fields_are_typed_and_lists_accept_one_name() {
        let (raw, d) =
            parse("---\ntitle: T\ndate: 2024-01-02\nactors: Ana\ntags: [a, b]\ndraft: true\n---\n");
        let raw = raw.unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(raw.actors, ["Ana"]);
        assert_eq!(raw.tags, ["a", "b"]);
        assert!(raw.draft);
        assert_eq!(
            raw.date.unwrap(),
            Located {
                value: "2024-01-02".into(),
                line: 3
            }
        );
    }

    #[test]
    fn a_jekyll_file_name_gives_the_date_when_front_matter_has_none() {
        let text = "---\ntitle: T\n---\n";
        let split = split(text).unwrap();
        let mut d = Vec::new();
        let raw = parse_article(
            Path::new("_posts/2014-09-25-studio.md"),
            text,
            &split,
            &mut d,
        )
        .unwrap();
        assert_eq!(raw.date.unwrap().value, "2014-09-25");
        assert!(d.is_empty());
        let (raw, d) = parse("---\ntitle: T\n---\n");
        assert!(raw.is_none() && d[0].message.contains("`date`"));
    }

    #[test]
    fn yaml_error_line_counts_from_top_of_file() {
        let (raw, d) = parse("---\ntitle: T\ndate: 2024-01-02\ntags: [a, b\n---\nbody\n");
        assert!(raw.is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 5, "{}", d[0]);
        assert!(d[0].message.starts_with("invalid YAML"));
    }

    #[test]
    fn duplicate_keys_point_at_the_second_one() {
        let (raw, d) = parse("---\ntitle: T\ndate: 2024-01-02\ntags: [a]\ndate: 2024-01-03\n---\n");
        assert!(raw.is_none());
        assert_eq!(d[0].line, 5, "{}", d[0]);
        assert_eq!(
            d[0].hint.as_deref(),
            Some("remove one of the two `date:` lines")
        );
    }

    #[test]
    fn missing_title_and_wrong_types_are_errors_at_their_lines() {
        let (raw, d) = parse("---\ndate: 2024-01-02\ndraft: maybe\n---\n");
        assert!(raw.is_none());
        assert!(
            d.iter()
                .any(|d| d.message.contains("`title`") && d.line == 1)
        );
        assert!(
            d.iter()
                .any(|d| d.message.contains("`draft`") && d.line == 3)
        );
    }

    /// Checks that `read`, given a front matter with every key of `K`, takes `key` and no
    /// other. Each key is set to `x` whatever its type: a key is taken even when refused.
    fn reads_only<K: Key>(key: K, read: impl FnOnce(&mut Fields<'_, K>)) {
        let yaml: String = K::NAMES.iter().map(|name| format!("{name}: x\n")).collect();
        let text = format!("---\n{yaml}---\n");
        let split = split(&text).unwrap();
        let mut diagnostics = Vec::new();
        let mut fields = Fields::parse(Path::new("a.md"), &text, &split, &mut diagnostics).unwrap();
        read(&mut fields);
        let mut left: Vec<String> = fields
            .mapping
            .keys()
            .map(|k| scalar_text(k).unwrap())
            .collect();
        left.sort();
        let mut expected: Vec<String> = K::NAMES.iter().map(|n| n.to_string()).collect();
        expected.retain(|name| name != key.as_str());
        expected.sort();
        assert_eq!(left, expected, "left after reading `{}`", key.as_str());
    }

    /// A key added to the table but not read (or read under another key's arm) would be left
    /// over, warned about as unknown and put in `extra`.
    #[test]
    fn each_article_key_is_read_by_its_own_arm_and_no_other() {
        for &key in ArticleKey::ALL {
            reads_only(key, |fields| {
                read_article_key(fields, key, Path::new("a.md"), &mut RawArticle::default())
            });
        }
    }

    #[test]
    fn each_actor_key_is_read_by_its_own_arm_and_no_other() {
        for &key in ActorKey::ALL {
            reads_only(key, |fields| {
                read_actor_key(fields, key, &mut RawActor::default())
            });
        }
    }

    #[test]
    fn each_author_key_is_read_by_its_own_arm_and_no_other() {
        for &key in AuthorKey::ALL {
            reads_only(key, |fields| {
                read_author_key(fields, key, &mut RawAuthor::default())
            });
        }
    }

    #[test]
    fn authors_accept_one_name_or_a_list() {
        let (raw, d) = parse("---\ntitle: T\ndate: 2024-01-02\nauthors: Claire Dumas\n---\n");
        assert!(d.is_empty(), "{d:?}");
        let raw = raw.unwrap();
        assert_eq!(raw.authors, ["Claire Dumas"]);
        assert_eq!(raw.authors_line, 4);
        let (raw, _) = parse("---\ntitle: T\ndate: 2024-01-02\nauthors: [A, B]\n---\n");
        assert_eq!(raw.unwrap().authors, ["A", "B"]);
    }

    #[test]
    fn each_item_of_a_located_list_has_its_own_line() {
        let text =
            "---\ntitle: T\naliases:\n  - /a/\n  # a comment\n  - \"/b\\u0041/\"\nslug: s\n---\n";
        let split = split(text).unwrap();
        let mut d = Vec::new();
        let mut fields: Fields<'_, ArticleKey> =
            Fields::parse(Path::new("a.md"), text, &split, &mut d).unwrap();
        let lines: Vec<(String, usize)> = fields
            .take_located_list(ArticleKey::Aliases)
            .into_iter()
            .map(|l| (l.value, l.line))
            .collect();
        assert_eq!(lines, [("/a/".to_owned(), 4), ("/bA/".to_owned(), 6)]);
        let text = "---\naliases: [/a/, /b/]\n---\n";
        let split = super::split(text).unwrap();
        let mut fields: Fields<'_, ArticleKey> =
            Fields::parse(Path::new("a.md"), text, &split, &mut d).unwrap();
        let lines: Vec<usize> = fields
            .take_located_list(ArticleKey::Aliases)
            .iter()
            .map(|l| l.line)
            .collect();
        assert_eq!(lines, [2, 2]);
    }

    #[test]
    fn unknown_key_warns_with_suggestion_and_is_kept() {
        let (raw, d) = parse("---\ntitle: T\ndate: 2024-01-02\nactor: Ana\nmood: calm\n---\n");
        let raw = raw.unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 4);
        assert!(d[0].hint.as_deref().unwrap().contains("`actors`"));
        assert!(raw.extra.contains_key("actor") && raw.extra.contains_key("mood"));
    }
}
