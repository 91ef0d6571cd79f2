//! Front matter checked for meaning: what a file says ([`RawArticle`], [`RawActor`]) becomes
//! what the site model holds ([`ArticleMeta`], [`Profile`]): real dates, safe slugs and URLs,
//! known kinds and language codes. Every problem goes to the diagnostics with its line. This
//! sits in the read layer, above the model, so the model never sees a raw string date.

use std::path::Path;

use jiff::tz::TimeZone;

use crate::config::is_language_code;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{Located, RawActor, RawArticle};
use crate::markdown::is_safe_url;
use crate::model::actor::{ClaimLines, Kind, Profile};
use crate::model::article::{ArticleMeta, slug_from_file_name};
use crate::model::date::{self, DATE_HINT};
use crate::model::redirect::{Alias, AliasAt};
use crate::model::slug::{Slug, slugify};

/// Checks dates, slug, source URL and language; every problem goes to `diagnostics`.
pub fn article(
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
    let aliases = aliases(&raw.aliases, &mut error);
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
        aliases,
        extra: raw.extra,
    })
}

/// Checks each alias (old URL) of an item; a refused one is an error at its line.
fn aliases(
    written: &[Located<String>],
    error: &mut dyn FnMut(usize, String, &str),
) -> Vec<AliasAt> {
    written
        .iter()
        .filter_map(|at| match Alias::parse(&at.value) {
            Ok(alias) => Some(AliasAt {
                alias,
                line: at.line,
            }),
            Err(problem) => {
                error(at.line, problem.to_string(), problem.hint());
                None
            }
        })
        .collect()
}

const SOURCE_HINT: &str =
    "`source` is the http(s) address of the original, e.g. `https://example.org/story`";

/// Checks a raw profile; `biography` is its rendered body.
pub fn actor_profile(
    path: &Path,
    text: &str,
    raw: RawActor,
    biography: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Profile> {
    let mut ok = true;
    let mut error = |line: usize, message: String, hint: &str| {
        diagnostics.push(
            Diagnostic::error(path, line, 1, message)
                .quoting(text)
                .with_hint(hint),
        );
        ok = false;
    };
    let kind = raw.kind.as_ref().and_then(|kind| {
        let parsed = Kind::parse(&kind.value);
        if parsed.is_none() {
            error(
                kind.line,
                format!("unknown kind `{}`", kind.value),
                &format!("use one of: {}", Kind::NAMES.join(", ")),
            );
        }
        parsed
    });
    let slug = match &raw.slug {
        Some(given) => Slug::explicit(&given.value)
            .map_err(|e| error(given.line, e.to_string(), "use letters, digits and `-`"))
            .ok(),
        None => path
            .file_stem()
            .and_then(|s| slugify(&s.to_string_lossy()))
            .or_else(|| slugify(&raw.name)),
    };
    if let Some(image) = &raw.image
        && !is_safe_url(&image.value)
    {
        error(
            image.line,
            format!("unsafe `image` URL `{}`", image.value),
            "use a path such as `/images/lavrov.jpg` or an https URL",
        );
    }
    let mut links = Vec::new();
    for (label, value) in &raw.links {
        match link_url(label, value) {
            Some(url) => links.push((label.clone(), url)),
            None => error(
                raw.links_line,
                format!("link `{label}` is not an http(s) address: `{value}`"),
                "write `website: https://…`, or `wikidata: Q42`",
            ),
        }
    }
    let url_aliases = aliases(&raw.url_aliases, &mut error);
    if !ok {
        return None;
    }
    let sort_name = raw
        .sort_name
        .unwrap_or_else(|| default_sort_name(&raw.name, kind));
    Some(Profile {
        source_path: path.to_path_buf(),
        slug: slug?,
        kind,
        aliases: raw.aliases,
        description: raw.description,
        sort_name,
        image: raw.image.map(|i| i.value),
        links,
        detect: raw.detect,
        biography,
        lines: ClaimLines {
            name: raw.name_line,
            aliases: raw.aliases_line,
            slug: raw.slug.as_ref().map_or(0, |s| s.line),
        },
        url_aliases,
        name: raw.name,
    })
}

fn link_url(label: &str, value: &str) -> Option<String> {
    let value = value.trim();
    let is_wikidata_id =
        value.len() > 1 && value.starts_with('Q') && value[1..].chars().all(|c| c.is_ascii_digit());
    if label.eq_ignore_ascii_case("wikidata") && is_wikidata_id {
        Some(format!("https://www.wikidata.org/wiki/{value}"))
    } else if value.starts_with("https://") || value.starts_with("http://") {
        Some(value.to_owned())
    } else {
        None
    }
}

/// "Hélène Marchetti" → "Marchetti, Hélène" for people; other names sort as written.
fn default_sort_name(name: &str, kind: Option<Kind>) -> String {
    match (kind, name.rsplit_once(' ')) {
        (Some(Kind::Person), Some((given, surname))) => format!("{surname}, {given}"),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate_text(yaml: &str) -> (Option<ArticleMeta>, Vec<Diagnostic>) {
        let text = format!("---\n{yaml}---\n");
        let split = crate::front_matter::split(&text).unwrap();
        let mut d = Vec::new();
        let path = Path::new("content/articles/x.md");
        let raw = crate::front_matter::parse_article(path, &text, &split, &mut d).unwrap();
        let meta = article(path, &text, raw, &TimeZone::UTC, "fr", &mut d);
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

    #[test]
    fn people_sort_by_surname() {
        assert_eq!(
            default_sort_name("John Kerry", Some(Kind::Person)),
            "Kerry, John"
        );
        assert_eq!(
            default_sort_name("Union européenne", Some(Kind::Organisation)),
            "Union européenne"
        );
    }

    #[test]
    fn wikidata_ids_become_links_and_other_links_must_be_web_addresses() {
        assert_eq!(
            link_url("wikidata", "Q42").as_deref(),
            Some("https://www.wikidata.org/wiki/Q42")
        );
        assert_eq!(link_url("website", "javascript:alert(1)"), None);
    }
}
