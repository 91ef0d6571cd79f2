//! Front matter checked for meaning: what a file says ([`RawArticle`], [`RawActor`],
//! [`RawAuthor`]) becomes what the site model holds ([`ArticleMeta`], [`Profile`],
//! [`AuthorProfile`]): real dates, safe slugs and URLs,
//! known kinds and language codes. Every problem goes to the diagnostics with its line. This
//! sits in the read layer, above the model, so the model never sees a raw string date.

use std::path::Path;

use jiff::tz::TimeZone;

use crate::config::is_language_code;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{Located, RawActor, RawArticle, RawAuthor};
use crate::markdown::is_safe_url;
use crate::model::actor::{ClaimLines, Kind, Profile};
use crate::model::article::{ArticleMeta, derive_from_file_name};
use crate::model::author::AuthorProfile;
use crate::model::date::{self, DATE_HINT};
use crate::model::image::{Lead, LeadSrc};
use crate::model::redirect::{Alias, AliasAt};
use crate::model::slug::{Derived, MAX_DERIVED_SLUG_BYTES, Slug, is_format_char, slugify};

/// Checks dates, slug, source URL and language; every problem goes to `diagnostics`.
pub fn article(
    path: &Path,
    text: &str,
    raw: RawArticle,
    tz: &TimeZone,
    site_language: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ArticleMeta> {
    let mut problems = Problems::new(path, text);
    let mut parse_date = |field: &Located<String>| {
        date::parse(&field.value, tz)
            .map_err(|e| problems.error(field.line, e.to_string(), DATE_HINT))
            .ok()
    };
    let published = raw.date.as_ref().and_then(&mut parse_date);
    let updated = raw.updated.as_ref().and_then(&mut parse_date);
    let (slug, slug_line) = match &raw.slug {
        Some(given) => match Slug::explicit(&given.value) {
            Ok(slug) => (Some(slug), given.line),
            Err(e) => {
                problems.error(
                    given.line,
                    e.to_string(),
                    "use letters, digits and `-`, e.g. `slug: accord-sur-le-port`",
                );
                (None, given.line)
            }
        },
        None => match derive_from_file_name(path) {
            Some(derived) => {
                problems.warnings.extend(cut_note(path, &derived));
                (Some(derived.slug), 0)
            }
            None => {
                problems.error(
                    raw.title_line,
                    "cannot make a URL slug from the file name".into(),
                    "add a `slug:` line",
                );
                (None, 0)
            }
        },
    };
    let image = lead(&raw, &mut problems);
    let source = match raw.source {
        Some(source)
            if source.value.starts_with("http://") || source.value.starts_with("https://") =>
        {
            Some(source.value)
        }
        Some(source) if !is_safe_url(&source.value) => {
            problems.error(
                source.line,
                format!("unsafe `source` URL `{}`", source.value),
                SOURCE_HINT,
            );
            None
        }
        Some(source) => {
            problems.warning(
                source.line,
                format!(
                    "`source` is not a web address: `{}`; it is not shown",
                    source.value
                ),
                SOURCE_HINT,
            );
            None
        }
        None => None,
    };
    let lang_line = raw.lang.as_ref().map_or(0, |lang| lang.line);
    let lang = match raw.lang {
        // Language tags ignore case (`EN` is `en`); the page says it as the site does.
        Some(lang) if is_language_code(&lang.value.to_ascii_lowercase()) => {
            Some(lang.value.to_ascii_lowercase())
        }
        Some(lang) => {
            problems.error(
                lang.line,
                format!("`{}` is not a language code", lang.value),
                "use a code such as `fr`, `en` or `pt-br`; in YAML, `no` (Norwegian) stays text",
            );
            None
        }
        None => None,
    };
    let aliases = aliases(&raw.aliases, &mut problems);
    if !problems.report_to(diagnostics) {
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
        author_names: raw.authors,
        tag_names: raw.tags,
        actors_line: raw.actors_line,
        authors_line: raw.authors_line,
        tags_line: raw.tags_line,
        summary: raw.summary,
        draft: raw.draft,
        source,
        lang: lang.unwrap_or_else(|| site_language.to_owned()),
        lang_line,
        translation_key: raw
            .translation_key
            .map(|key| (key.value.trim().to_owned(), key.line))
            .filter(|(key, _)| !key.is_empty()),
        detect_mentions: raw.detect_mentions,
        aliases,
        bundle: None,
        image: image.map(Box::new),
        extra: raw.extra,
    })
}

/// The lead photo as written: a path or an http(s) URL (resolved by the loader), with its
/// companions. Without `image_alt` it is a warning: a screen reader would say nothing of it.
fn lead(raw: &RawArticle, problems: &mut Problems) -> Option<Lead> {
    let Some(image) = &raw.image else {
        for (key, value) in [
            ("image_alt", &raw.image_alt),
            ("image_caption", &raw.image_caption),
            ("image_credit", &raw.image_credit),
        ] {
            if value.is_some() {
                problems.warning(
                    raw.title_line,
                    format!("`{key}` is set but `image` is not; it is not shown"),
                    "add `image: photo.jpg` (a file of the article's bundle, or a path under static/)",
                );
            }
        }
        return None;
    };
    let value = image.value.trim();
    if value.is_empty() || !is_safe_url(value) || value.starts_with("//") {
        problems.error(
            image.line,
            format!("unusable `image` `{}`", image.value),
            "use a file of the article's bundle (`photo.jpg`), a path under static/ (`/images/photo.jpg`) or an https URL",
        );
        return None;
    }
    let alt = raw.image_alt.clone().filter(|alt| !alt.trim().is_empty());
    if alt.is_none() {
        problems.warning(
            image.line,
            "the lead photo has no `image_alt`: readers who cannot see it get nothing".into(),
            "add `image_alt: ` and a short description of what the photo shows",
        );
    }
    Some(Lead {
        src: LeadSrc::Written(value.to_owned(), image.line),
        alt,
        caption: raw.image_caption.clone(),
        credit: raw.image_credit.clone(),
    })
}

/// What one file's front matter got wrong, each problem at its line and quoting it. Errors
/// come first and warnings after, the order they are shown in.
struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Problems<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        Problems {
            path,
            text,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn error(&mut self, line: usize, message: String, hint: &str) {
        let error = Diagnostic::error(self.path, line, 1, message);
        self.errors.push(error.quoting(self.text).with_hint(hint));
    }

    fn warning(&mut self, line: usize, message: String, hint: &str) {
        let warning = Diagnostic::warning(self.path, line, 1, message);
        self.warnings
            .push(warning.quoting(self.text).with_hint(hint));
    }

    /// Moves the problems to `diagnostics`; true when none was an error.
    fn report_to(self, diagnostics: &mut Vec<Diagnostic>) -> bool {
        let ok = self.errors.is_empty();
        diagnostics.extend(self.errors);
        diagnostics.extend(self.warnings);
        ok
    }
}

/// A note for a slug cut short: the page's URL is not the whole file name.
fn cut_note(path: &Path, derived: &Derived) -> Option<Diagnostic> {
    let whole = derived.cut_from?;
    Some(
        Diagnostic::warning_in_file(path, format!(
                "the slug made from the file name would be {whole} bytes long; it is cut to `{}` ({MAX_DERIVED_SLUG_BYTES} bytes at most)",
                derived.slug
            ),
        )
        .with_hint("add a shorter `slug:` line, or rename the file"),
    )
}

/// Checks each alias (old URL) of an item; a refused one is an error at its line.
fn aliases(written: &[Located<String>], problems: &mut Problems) -> Vec<AliasAt> {
    written
        .iter()
        .filter_map(|at| match Alias::parse(&at.value) {
            Ok(alias) => Some(AliasAt {
                alias,
                line: at.line,
            }),
            Err(problem) => {
                problems.error(at.line, problem.to_string(), problem.hint());
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
    let mut problems = Problems::new(path, text);
    let kind = raw.kind.as_ref().and_then(|kind| {
        let parsed = Kind::parse(&kind.value);
        if parsed.is_none() {
            problems.error(
                kind.line,
                format!("unknown kind `{}`", kind.value),
                &format!("use one of: {}", Kind::NAMES.join(", ")),
            );
        }
        parsed
    });
    let slug = profile_slug(path, &raw.name, raw.slug.as_ref(), &mut problems);
    check_alias_names(&raw.aliases, raw.aliases_line, &mut problems);
    check_image(raw.image.as_ref(), &mut problems);
    let links = profile_links(&raw.links, raw.links_line, &mut problems);
    let url_aliases = aliases(&raw.url_aliases, &mut problems);
    if !problems.report_to(diagnostics) {
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
        surname: raw.surname,
        image: raw.image.map(|i| i.value),
        photo: None,
        links,
        detect: raw.detect,
        biography,
        lines: ClaimLines {
            name: raw.name_line,
            aliases: raw.aliases_line,
            slug: raw.slug.as_ref().map_or(0, |s| s.line),
        },
        url_aliases,
        translations: Vec::new(),
        name: raw.name,
    })
}

/// Checks a raw author profile; `biography` is its rendered body. The checks are the actor
/// profile's, key for key.
pub fn author_profile(
    path: &Path,
    text: &str,
    raw: RawAuthor,
    biography: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<AuthorProfile> {
    let mut problems = Problems::new(path, text);
    let slug = profile_slug(path, &raw.name, raw.slug.as_ref(), &mut problems);
    check_alias_names(&raw.aliases, raw.aliases_line, &mut problems);
    check_image(raw.image.as_ref(), &mut problems);
    let links = profile_links(&raw.links, raw.links_line, &mut problems);
    let url_aliases = aliases(&raw.url_aliases, &mut problems);
    if !problems.report_to(diagnostics) {
        return None;
    }
    // An author is a person: surname first, unless the profile says otherwise.
    let sort_name = raw
        .sort_name
        .unwrap_or_else(|| default_sort_name(&raw.name, Some(Kind::Person)));
    Some(AuthorProfile {
        source_path: path.to_path_buf(),
        slug: slug?,
        role: raw.role,
        aliases: raw.aliases,
        sort_name,
        image: raw.image.map(|i| i.value),
        photo: None,
        links,
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

/// A profile's slug: its `slug:`, else its file name's, else its name's.
fn profile_slug(
    path: &Path,
    name: &str,
    given: Option<&Located<String>>,
    problems: &mut Problems,
) -> Option<Slug> {
    match given {
        Some(given) => Slug::explicit(&given.value)
            .map_err(|e| problems.error(given.line, e.to_string(), "use letters, digits and `-`"))
            .ok(),
        None => path
            .file_stem()
            .and_then(|s| slugify(&s.to_string_lossy()))
            .or_else(|| slugify(name)),
    }
}

/// An alias holding an invisible character could pass for another name.
fn check_alias_names(names: &[String], line: usize, problems: &mut Problems) {
    for alias in names {
        if let Some(bad) = alias.chars().find(|&c| c.is_control() || is_format_char(c)) {
            problems.error(
                line,
                format!(
                    "alias `{}` contains the invisible character U+{:04X}, which could disguise it",
                    alias.escape_debug(),
                    u32::from(bad)
                ),
                "retype the alias without it",
            );
        }
    }
}

fn check_image(image: Option<&Located<String>>, problems: &mut Problems) {
    if let Some(image) = image
        && !is_safe_url(&image.value)
    {
        problems.error(
            image.line,
            format!("unsafe `image` URL `{}`", image.value),
            "use a path such as `/images/lavrov.jpg` or an https URL",
        );
    }
}

/// A profile's `links:` as (label, URL); a value that is no web address is an error.
fn profile_links(
    written: &[(String, String)],
    line: usize,
    problems: &mut Problems,
) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for (label, value) in written {
        match link_url(label, value) {
            Some(url) => links.push((label.clone(), url)),
            None => problems.error(
                line,
                format!("link `{label}` is not an http(s) address: `{value}`"),
                "write `website: https://…`, or `wikidata: Q42`",
            ),
        }
    }
    links
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
    fn a_lead_photo_without_alt_text_is_a_warning() {
        let (meta, d) = validate_text("title: T\ndate: 2016-01-01\nimage: photo.jpg\n");
        assert!(meta.unwrap().image.is_some());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 4);
        assert!(d[0].message.contains("image_alt"), "{}", d[0]);
        let (meta, d) = validate_text("title: T\ndate: 2016-01-01\nimage: \"javascript:x\"\n");
        assert!(meta.is_none() && d[0].line == 4, "{d:?}");
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
