//! Bylines: "Par A, B et C" / "By A, B and C", each name a link to its author page.
//!
//! Templates write `{{ article.authors | byline }}` (a safe string); the filter takes the card's author
//! links and joins them the way the site's language joins a list (the theme's `by` and `and`
//! strings), so a theme does not spell out commas and conjunctions in Tera.

use std::collections::BTreeMap;

use tera::{Tera, Value};

/// Joins items as prose does: "A", "A and B", "A, B and C".
pub fn join<T: AsRef<str>>(items: &[T], and: &str) -> String {
    let mut joined = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            joined.push_str(if i + 1 == items.len() { and } else { ", " });
        }
        joined.push_str(item.as_ref());
    }
    joined
}

/// The words of a byline in one language.
#[derive(Debug, Clone)]
pub struct Words {
    /// "Par" / "By".
    pub by: String,
    /// " et " / " and ", spaces included.
    pub and: String,
}

impl Words {
    /// The theme's `by` and `and` strings; English when a theme has none.
    pub fn of(strings: &BTreeMap<String, String>) -> Words {
        let word = |key: &str, default: &str| {
            strings
                .get(key)
                .map_or_else(|| default.to_owned(), |w| w.trim().to_owned())
        };
        Words {
            by: word("by", "By"),
            and: format!(" {} ", word("and", "and")),
        }
    }

    /// The byline as HTML: "Par <a …>A</a> et <a …>B</a>"; empty without authors. `authors`
    /// are (name, URL) pairs.
    pub fn html(&self, authors: &[(&str, &str)]) -> String {
        if authors.is_empty() {
            return String::new();
        }
        let links: Vec<String> = authors
            .iter()
            .map(|(name, url)| {
                format!(
                    r#"<a class="author" rel="author" href="{}">{}</a>"#,
                    escaped(url),
                    escaped(name)
                )
            })
            .collect();
        format!(
            "{} {}",
            escaped(&self.by),
            join(&links, &escaped(&self.and))
        )
    }
}

/// Text made safe inside an element or a quoted attribute (the escaping of photo captions).
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::model::image::escape_into(text, &mut out);
    out
}

/// Registers the `byline` filter: an array of `{name, url}` links to the byline's HTML.
pub fn register(tera: &mut Tera, words: Words) {
    tera.register_filter(
        "byline",
        move |value: &Value, _: tera::Kwargs, _: &tera::State| {
            let items = value.as_array().ok_or_else(|| {
                tera::Error::message("byline needs a list of authors, such as `article.authors`")
            })?;
            let field = |item: &Value, key: &str| {
                item.as_map()
                    .and_then(|map| map.iter().find(|(k, _)| k.as_str() == Some(key)))
                    .and_then(|(_, v)| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            };
            let pairs: Vec<(String, String)> = items
                .iter()
                .map(|item| (field(item, "name"), field(item, "url")))
                .collect();
            let borrowed: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(name, url)| (name.as_str(), url.as_str()))
                .collect();
            Ok(Value::safe_string(&words.html(&borrowed)))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_two_and_three_names_join_as_prose() {
        assert_eq!(join::<&str>(&[], " et "), "");
        assert_eq!(join(&["A"], " et "), "A");
        assert_eq!(join(&["A", "B"], " et "), "A et B");
        assert_eq!(join(&["A", "B", "C"], " et "), "A, B et C");
        assert_eq!(join(&["A", "B", "C", "D"], " and "), "A, B, C and D");
    }

    #[test]
    fn the_html_byline_links_each_name_and_escapes_it() {
        let strings = BTreeMap::from([
            ("by".to_owned(), "Par".to_owned()),
            ("and".to_owned(), "et".to_owned()),
        ]);
        let words = Words::of(&strings);
        assert_eq!(
            words.html(&[("A <b>", "/authors/a/"), ("B", "/authors/b/")]),
            r#"Par <a class="author" rel="author" href="/authors/a/">A &lt;b&gt;</a> et <a class="author" rel="author" href="/authors/b/">B</a>"#
        );
        assert_eq!(words.html(&[]), "");
        let english = Words::of(&BTreeMap::new());
        assert_eq!(
            english.html(&[("A", "/a/")]),
            r#"By <a class="author" rel="author" href="/a/">A</a>"#
        );
    }
}
