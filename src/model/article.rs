//! Articles: front matter checked for meaning (real dates, a safe slug, a safe source URL).
//!
//! [`validate`] turns a [`RawArticle`] into the [`ArticleMeta`] the rest of the build sees; the
//! pipeline adds the rendered body and the site model links it to its actors and tags.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_yaml::Mapping;

use crate::config::is_language_code;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{Located, RawArticle};
use crate::markdown::{Rendered, is_safe_url};
use crate::model::date::{self, DATE_HINT, PublishedAt};
use crate::model::slug::{Slug, slugify};

/// An article's validated front matter.
#[derive(Debug, Clone)]
pub struct ArticleMeta {
    /// Relative to the site root.
    pub source_path: PathBuf,
    pub title: String,
    pub slug: Slug,
    /// Where the slug came from, for collision messages: `slug:` line, or 0 for the file name.
    pub slug_line: usize,
    pub published: PublishedAt,
    pub updated: Option<PublishedAt>,
    pub actor_names: Vec<String>,
    pub tag_names: Vec<String>,
    /// Lines of `actors:` and `tags:`, for messages about a name they list.
    pub actors_line: usize,
    pub tags_line: usize,
    pub summary: Option<String>,
    pub draft: bool,
    /// An http(s) URL.
    pub source: Option<String>,
    /// The article's language: its `lang`, else the site's.
    pub lang: String,
    /// False when the article turned mention detection off.
    pub detect_mentions: bool,
    pub extra: Mapping,
}

/// An article as the site model holds it.
#[derive(Debug, Clone)]
pub struct Article {
    pub meta: ArticleMeta,
    pub body: Rendered,
    /// Site path, from the permalink pattern: `/2016/07/accord/`.
    pub path: String,
    /// Indexes into `Site::actors` of the actors it is about (front matter order).
    pub actors: Vec<usize>,
    /// Profiled actors its text names without listing them, in order of first mention.
    pub mentions: Vec<usize>,
    /// Indexes into `Site::tags`, in front matter order.
    pub tags: Vec<usize>,
}

/// Checks dates, slug, source URL and language; every problem goes to `diagnostics`.
pub fn validate(
    path: &Path,
    text: &str,
    raw: RawArticle,
    tz: &TimeZone,
    site_language: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ArticleMeta> {
    let mut ok = true;
    // Warnings wait until `error` (which borrows `diagnostics`) is done.
    let mut diagnostics_later = Vec::new();
    let mut error = |line: usize, message: String, hint: &str| {
        diagnostics.push(
            Diagnostic::error(path, line, 1, message)
                .quoting(text)
                .with_hint(hint),
        );
        ok = false;
    };
    let parse_date = |field: &Located<String>, error: &mut dyn FnMut(usize, String, &str)| {
        date::parse(&field.value, tz)
            .map_err(|e| error(field.line, e.to_string(), DATE_HINT))
            .ok()
    };
    let published = raw.date.as_ref().and_then(|d| parse_date(d, &mut error));
    let updated = raw.updated.as_ref().and_then(|d| parse_date(d, &mut error));
    let (slug, slug_line) = match &raw.slug {
        Some(given) => match Slug::explicit(&given.value) {
            Ok(slug) => (Some(slug), given.line),
            Err(e) => {
                error(
                    given.line,
                    e.to_string(),
                    "use letters, digits and `-`, e.g. `slug: accord-sur-le-port`",
                );
                (None, given.line)
            }
        },
        None => match slug_from_file_name(path) {
            Some(slug) => (Some(slug), 0),
            None => {
                error(
                    raw.title_line,
                    "cannot make a URL slug from the file name".into(),
                    "add a `slug:` line",
                );
                (None, 0)
            }
        },
    };
    let source = match raw.source {
        Some(source)
            if source.value.starts_with("http://") || source.value.starts_with("https://") =>
        {
            Some(source.value)
        }
        Some(source) if !is_safe_url(&source.value) => {
            error(
                source.line,
                format!("unsafe `source` URL `{}`", source.value),
                SOURCE_HINT,
            );
            None
        }
        Some(source) => {
            diagnostics_later.push(
                Diagnostic::warning(
                    path,
                    source.line,
                    1,
                    format!(
                        "`source` is not a web address: `{}`; it is not shown",
                        source.value
                    ),
                )
                .quoting(text)
                .with_hint(SOURCE_HINT),
            );
            None
        }
        None => None,
    };
    let lang = match raw.lang {
        // Language tags ignore case (`EN` is `en`); the page says it as the site does.
        Some(lang) if is_language_code(&lang.value.to_ascii_lowercase()) => {
            Some(lang.value.to_ascii_lowercase())
        }
        Some(lang) => {
            error(
                lang.line,
                format!("`{}` is not a language code", lang.value),
                "use a code such as `fr`, `en` or `pt-br`; in YAML, `no` (Norwegian) stays text",
            );
            None
        }
        None => None,
    };
    diagnostics.append(&mut diagnostics_later);
    if !ok {
        return None;
    }
    Some(ArticleMeta {
        source_path: path.to_path_buf(),
        title: raw.title,
        slug: slug?,
        slug_line,
        published: published?,
        updated,
        actor_names: raw.actors,
        tag_names: raw.tags,
        actors_line: raw.actors_line,
        tags_line: raw.tags_line,
        summary: raw.summary,
        draft: raw.draft,
        source,
        lang: lang.unwrap_or_else(|| site_language.to_owned()),
        detect_mentions: raw.detect_mentions,
        extra: raw.extra,
    })
}

const SOURCE_HINT: &str =
    "`source` is the http(s) address of the original, e.g. `https://example.org/story`";

/// `2016-07-15-accord-sur-le-port.md` → `accord-sur-le-port`; `Élection.md` → `election`.
/// A leading date in the file name (a Jekyll habit) is not part of the slug.
pub fn slug_from_file_name(path: &Path) -> Option<Slug> {
    let stem = path.file_stem()?.to_string_lossy();
    let without_date = strip_date_prefix(&stem);
    slugify(if without_date.is_empty() {
        &stem
    } else {
        without_date
    })
}

fn strip_date_prefix(stem: &str) -> &str {
    match date_prefix(stem) {
        Some(_) => &stem[11..],
        None => stem,
    }
}

/// The `YYYY-MM-DD` a file name starts with, Jekyll style (`2016-07-15-accord.md`).
pub fn date_prefix(stem: &str) -> Option<&str> {
    let bytes = stem.as_bytes();
    let is_date = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    is_date.then(|| &stem[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_slugs_without_jekyll_dates() {
        let slug = |p: &str| slug_from_file_name(Path::new(p)).map(|s| s.to_string());
        assert_eq!(
            slug("a/2016-07-15-accord-signé.md").as_deref(),
            Some("accord-signe")
        );
        assert_eq!(
            slug("Élection présidentielle.md").as_deref(),
            Some("election-presidentielle")
        );
        assert_eq!(slug("2016-07-15.md").as_deref(), Some("2016-07-15"));
        assert_eq!(slug("—.md"), None);
    }

    fn validate_text(yaml: &str) -> (Option<ArticleMeta>, Vec<Diagnostic>) {
        let text = format!("---\n{yaml}---\n");
        let split = crate::front_matter::split(&text).unwrap();
        let mut d = Vec::new();
        let path = Path::new("content/articles/x.md");
        let raw = crate::front_matter::parse_article(path, &text, &split, &mut d).unwrap();
        let meta = validate(path, &text, raw, &TimeZone::UTC, "fr", &mut d);
        (meta, d)
    }

    #[test]
    fn bad_slug_date_and_source_are_located() {
        let (meta, d) = validate_text(
            "title: T\ndate: 2016-31-12\nslug: ../etc\nsource: javascript:alert(1)\n",
        );
        assert!(meta.is_none());
        let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 4, 5], "{d:?}");
    }

    #[test]
    fn language_defaults_to_the_site() {
        let (meta, _) = validate_text("title: T\ndate: 2016-01-01\n");
        let meta = meta.unwrap();
        assert_eq!(meta.lang, "fr");
        assert_eq!(meta.slug.as_str(), "x");
    }
}
