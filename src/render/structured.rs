//! Structured data for search engines and sharing: JSON-LD `NewsArticle` (with a `Person` per
//! author), `BreadcrumbList` and the `ProfilePage` of an author, and the image a sharing card
//! shows.
//!
//! The JSON goes inside a `<script>` element, where `</script>` in a title would end the
//! element early; [`script_json`] escapes `<`, `>` and `&` (and the two line separators old
//! JavaScript parsers reject) as `\uXXXX`, which leaves the JSON itself unchanged.

use serde::Serialize;

use crate::config::Config;
use crate::model::Site;
use crate::model::actor::{Actor, Kind};
use crate::model::article::Article;
use crate::model::author::Author;
use crate::model::id::ActorId;
use crate::model::route::paths;
use crate::render::i18n::DateNames;

/// An article's versions in other languages, as absolute page URLs: the default language's
/// version is the work the others translate.
#[derive(Debug, Default)]
pub struct Versions {
    /// The version this one translates (`translationOfWork`).
    pub original: Option<String>,
    /// The versions that translate this one (`workTranslation`).
    pub translations: Vec<String>,
}

impl Versions {
    /// From a page's `hreflang` alternates (itself, the others, then `x-default`): the
    /// default language's version is the original, the others its translations.
    pub fn from_alternates(
        alternates: &[crate::render::context::AlternateView],
        own: &str,
    ) -> Versions {
        let versions: Vec<&crate::render::context::AlternateView> = alternates
            .iter()
            .filter(|a| a.lang != "x-default")
            .collect();
        let default = alternates.iter().find(|a| a.lang == "x-default");
        let is_original =
            default.is_none_or(|d| versions.iter().any(|v| v.lang == own && v.url == d.url));
        if is_original {
            let translations = versions.iter().filter(|v| v.lang != own);
            Versions {
                original: None,
                translations: translations.map(|v| v.url.clone()).collect(),
            }
        } else {
            Versions {
                original: default.map(|d| d.url.clone()),
                translations: Vec::new(),
            }
        }
    }
}

/// The JSON-LD of an article page: the article and its breadcrumb trail.
pub fn article(
    article: &Article,
    site: &Site,
    config: &Config,
    names: &DateNames,
    image: Option<&str>,
    versions: &Versions,
) -> String {
    let meta = &article.meta;
    let url = config.absolute_url(&article.path);
    let actors = |indexes: &[ActorId]| -> Vec<Thing> {
        indexes
            .iter()
            .map(|&i| actor(&site.actors[i], config))
            .collect()
    };
    let published = &meta.published;
    let trail = [
        (config.title.clone(), paths::home(&config.prefix)),
        (
            format!("{:04}", published.year()),
            paths::year(&config.prefix, published.year()),
        ),
        (
            names.month_year(published.year(), published.month()),
            paths::month(&config.prefix, published.year(), published.month()),
        ),
        (meta.title.clone(), article.path.clone()),
    ];
    let news = NewsArticle {
        id: format!("{url}#article"),
        kind: "NewsArticle",
        about: actors(&article.actors),
        author: article
            .authors
            .iter()
            .map(|&a| person(&site.authors[a], config))
            .collect(),
        date_modified: article.last_modified().iso(),
        date_published: published.iso(),
        description: &article.body.summary_text(),
        headline: &meta.title,
        image: image.map(|image| [image]),
        in_language: &meta.lang,
        is_based_on: meta.source.as_deref(),
        keywords: article
            .tags
            .iter()
            .map(|&t| site.tags[t].name.as_str())
            .collect(),
        main_entity_of_page: &url,
        mentions: actors(&article.mentions),
        publisher: Thing {
            kind: "Organization",
            name: &config.title,
            url: config.absolute_url("/"),
        },
        translation_of_work: versions.original.as_ref().map(|url| Reference {
            id: format!("{url}#article"),
        }),
        url: &url,
        word_count: article.body.words,
        work_translation: versions
            .translations
            .iter()
            .map(|url| Reference {
                id: format!("{url}#article"),
            })
            .collect(),
    };
    script_json(&Graph {
        context: SCHEMA_ORG,
        graph: (news, breadcrumbs(&trail, config)),
    })
}

const SCHEMA_ORG: &str = "https://schema.org";

// The structures below are written straight to JSON (no intermediate `serde_json::Value`:
// this runs for every article page). Their fields are in the order of their JSON names, the
// order the pages have always had.

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: (NewsArticle<'a>, Breadcrumbs<'a>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Thing<'a>>,
    date_modified: String,
    date_published: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[&'a str; 1]>,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    main_entity_of_page: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Thing<'a>>,
    publisher: Thing<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Reference>,
    url: &'a str,
    word_count: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    work_translation: Vec<Reference>,
}

/// Another node of the graph, by its `@id`.
#[derive(Serialize)]
struct Reference {
    #[serde(rename = "@id")]
    id: String,
}

/// A person, organisation or place, pointing to its page.
#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Breadcrumbs<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

/// The JSON-LD of a page that only needs its place in the site: a breadcrumb trail of
/// (name, site path), home first.
pub fn trail(items: &[(String, String)], config: &Config) -> String {
    let mut list = breadcrumbs(items, config);
    list.context = Some(SCHEMA_ORG);
    script_json(&list)
}

fn breadcrumbs<'a>(items: &'a [(String, String)], config: &Config) -> Breadcrumbs<'a> {
    let item_list_element = items
        .iter()
        .enumerate()
        .map(|(i, (name, path))| ListItem {
            kind: "ListItem",
            item: config.absolute_url(path),
            name,
            position: i + 1,
        })
        .collect();
    Breadcrumbs {
        context: None,
        kind: "BreadcrumbList",
        item_list_element,
    }
}

/// An actor as schema.org knows it, pointing to its page.
fn actor<'a>(actor: &'a Actor, config: &Config) -> Thing<'a> {
    let kind = match actor.kind() {
        Some(Kind::Person) => "Person",
        Some(Kind::Organisation | Kind::Group) => "Organization",
        Some(Kind::Country) => "Country",
        Some(Kind::Place) => "Place",
        None => "Thing",
    };
    Thing {
        kind,
        name: &actor.name,
        url: config.absolute_url(&actor.path),
    }
}

/// An author as schema.org knows it: a person, pointing to its page.
fn person<'a>(author: &'a Author, config: &Config) -> Thing<'a> {
    Thing {
        kind: "Person",
        name: &author.name,
        url: config.absolute_url(&author.path),
    }
}

/// The JSON-LD of an author page: a `ProfilePage` whose main entity is the author.
pub fn author(author: &Author, config: &Config, image: Option<&str>) -> String {
    let profile = author.profile.as_ref();
    let url = config.absolute_url(&author.path);
    script_json(&ProfilePage {
        context: SCHEMA_ORG,
        kind: "ProfilePage",
        main_entity: PersonEntity {
            kind: "Person",
            image,
            job_title: profile.and_then(|p| p.role.as_deref()),
            name: &author.name,
            same_as: profile.map_or_else(Vec::new, |p| {
                p.links.iter().map(|(_, url)| url.as_str()).collect()
            }),
            url: &url,
        },
        url: &url,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfilePage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    main_entity: PersonEntity<'a>,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonEntity<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'a str>,
    url: &'a str,
}

/// JSON safe to place between `<script>` and `</script>`.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("these values always serialise");
    let mut out = String::with_capacity(json.len() + 32);
    // Runs of ordinary characters are copied whole: escapes are rare.
    let mut copied = 0;
    for (at, c) in json.char_indices() {
        let escaped = match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[copied..at]);
        out.push_str(escaped);
        copied = at + c.len_utf8();
    }
    out.push_str(&json[copied..]);
    out
}

/// The image a sharing card shows for an article, as an absolute URL: its lead photo
/// (`image:`), else the first image of its body's `html`.
pub fn article_image(article: &Article, config: &Config) -> Option<String> {
    if let Some(lead) = &article.meta.image {
        return Some(crate::render::photo::absolute(lead, config));
    }
    absolute(article.body.first_image.as_deref()?, &article.path, config)
}

/// An image URL made absolute: web addresses kept, root-relative ones (already under the base
/// path) put after the site's origin, relative ones resolved against the article's URL.
fn absolute(src: &str, page_path: &str, config: &Config) -> Option<String> {
    if src.starts_with("https://") || src.starts_with("http://") {
        Some(src.to_owned())
    } else if src.starts_with("//") || src.contains(':') {
        None
    } else if src.starts_with('/') {
        Some(format!("{}{src}", config.origin()))
    } else {
        Some(config.absolute_url(&format!("{page_path}{src}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let value = json!({ "headline": "</script><script>alert(1)</script> & co\u{2028}" });
        let safe = script_json(&value);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
