//! Structured data for search engines and sharing: JSON-LD `NewsArticle` and
//! `BreadcrumbList`, and the image a sharing card shows.
//!
//! The JSON goes inside a `<script>` element, where `</script>` in a title would end the
//! element early; [`script_json`] escapes `<`, `>` and `&` (and the two line separators old
//! JavaScript parsers reject) as `\uXXXX`, which leaves the JSON itself unchanged.

use serde_json::{Value, json};

use crate::config::Config;
use crate::model::Site;
use crate::model::actor::{Actor, Kind};
use crate::model::article::Article;
use crate::model::route::paths;
use crate::publish::feed::{last_modified, origin};
use crate::render::i18n::DateNames;

/// The JSON-LD of an article page: the article and its breadcrumb trail.
pub fn article(
    article: &Article,
    site: &Site,
    config: &Config,
    names: &DateNames,
    image: Option<&str>,
) -> String {
    let meta = &article.meta;
    let url = config.absolute_url(&article.path);
    let actors = |indexes: &[usize]| -> Vec<Value> {
        indexes
            .iter()
            .map(|&i| actor(&site.actors[i], config))
            .collect()
    };
    let mut news = json!({
        "@type": "NewsArticle",
        "@id": format!("{url}#article"),
        "headline": meta.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": meta.published.iso(),
        "dateModified": last_modified(article).iso(),
        "inLanguage": meta.lang,
        "wordCount": article.body.words,
        "publisher": {
            "@type": "Organization",
            "name": config.title,
            "url": config.absolute_url("/"),
        },
    });
    let fields = news.as_object_mut().expect("built as an object");
    let mut optional = |key: &str, value: Value| {
        fields.insert(key.to_owned(), value);
    };
    if !article.body.summary_text.is_empty() {
        optional("description", json!(article.body.summary_text));
    }
    if let Some(image) = image {
        optional("image", json!([image]));
    }
    if let Some(source) = &meta.source {
        optional("isBasedOn", json!(source));
    }
    if !article.tags.is_empty() {
        let tags: Vec<&str> = article
            .tags
            .iter()
            .map(|&t| site.tags[t].name.as_str())
            .collect();
        optional("keywords", json!(tags));
    }
    if !article.actors.is_empty() {
        optional("about", json!(actors(&article.actors)));
    }
    if !article.mentions.is_empty() {
        optional("mentions", json!(actors(&article.mentions)));
    }
    let published = &meta.published;
    let trail = [
        (config.title.clone(), paths::home()),
        (
            format!("{:04}", published.year()),
            paths::year(published.year()),
        ),
        (
            names.month_year(published.year(), published.month()),
            paths::month(published.year(), published.month()),
        ),
        (meta.title.clone(), article.path.clone()),
    ];
    script_json(&json!({
        "@context": "https://schema.org",
        "@graph": [news, breadcrumbs(&trail, config)],
    }))
}

/// The JSON-LD of a page that only needs its place in the site: a breadcrumb trail of
/// (name, site path), home first.
pub fn trail(items: &[(String, String)], config: &Config) -> String {
    let mut list = breadcrumbs(items, config);
    list["@context"] = json!("https://schema.org");
    script_json(&list)
}

fn breadcrumbs(items: &[(String, String)], config: &Config) -> Value {
    let elements: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(i, (name, path))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": config.absolute_url(path),
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": elements })
}

/// An actor as schema.org knows it, pointing to its page.
fn actor(actor: &Actor, config: &Config) -> Value {
    let kind = match actor.kind() {
        Some(Kind::Person) => "Person",
        Some(Kind::Organisation | Kind::Group) => "Organization",
        Some(Kind::Country) => "Country",
        Some(Kind::Place) => "Place",
        None => "Thing",
    };
    json!({
        "@type": kind,
        "name": actor.name,
        "url": config.absolute_url(&actor.path),
    })
}

/// JSON safe to place between `<script>` and `</script>`.
pub fn script_json(value: &Value) -> String {
    let json = value.to_string();
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

/// The image a sharing card shows for an article, as an absolute URL: front matter `image`,
/// else the body's first image.
pub fn article_image(article: &Article, config: &Config) -> Option<String> {
    let from_front_matter = article
        .meta
        .extra
        .get("image")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let src = from_front_matter.or_else(|| first_image(&article.body.html))?;
    absolute(&src, &article.path, config)
}

fn first_image(html: &str) -> Option<String> {
    let at = html.find("<img ")?;
    let tag = &html[at..at + html[at..].find('>')?];
    let start = tag.find(" src=\"")? + " src=\"".len();
    let end = start + tag[start..].find('"')?;
    let src = &tag[start..end];
    Some(src.replace("&amp;", "&"))
}

/// An image URL made absolute: web addresses kept, root-relative ones (already under the base
/// path) put after the site's origin, relative ones resolved against the article's URL.
fn absolute(src: &str, page_path: &str, config: &Config) -> Option<String> {
    if src.starts_with("https://") || src.starts_with("http://") {
        Some(src.to_owned())
    } else if src.starts_with("//") || src.contains(':') {
        None
    } else if src.starts_with('/') {
        Some(format!("{}{src}", origin(config)))
    } else {
        Some(config.absolute_url(&format!("{page_path}{src}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let value = json!({ "headline": "</script><script>alert(1)</script> & co\u{2028}" });
        let safe = script_json(&value);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_first_image_of_a_body_is_found() {
        assert_eq!(
            first_image(r#"<p>x</p><p><img src="/sub/a.jpg?w=1&amp;h=2" alt="A"></p>"#),
            Some("/sub/a.jpg?w=1&h=2".to_owned())
        );
        assert_eq!(first_image("<p>no image</p>"), None);
    }
}
