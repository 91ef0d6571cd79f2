//! Page fingerprints: a digest of everything a page is rendered from, so that a build with the
//! previous output at hand renders only the pages whose inputs changed. A deploy pipeline that
//! keeps `output/` between runs then pays for what changed, not for the whole archive.
//!
//! A page is a function of its template, the values every page of the build shares (the
//! templates, Tera's global context, the language's words and date names, the settings) and
//! its own context. The shared part is digested once per build ([`shared_digest`]); a page's
//! own context is digested as it stands before rendering ([`PageContext::digest`]), its
//! article cards by a digest made once per card rather than by their contents, which a list
//! page would otherwise hash twenty times over.

use std::hash::{BuildHasher, Hasher};

use serde::Serialize;
use tera::{Context, Value};

use crate::model::id::ArticleId;

/// One value of a page's context.
enum Entry {
    Value(Value),
    /// An article's card (or `none`), taken from the build's cards when rendered.
    Card(Option<ArticleId>),
    /// A list of cards.
    Cards(Vec<ArticleId>),
}

/// A page's own template context, kept in a form that can be digested: article cards are
/// held by their article, and become Tera values only when the page is rendered.
#[derive(Default)]
pub struct PageContext {
    entries: Vec<(&'static str, Entry)>,
}

impl PageContext {
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert_value(key, Value::from_serializable(value));
    }

    pub fn insert_value(&mut self, key: &'static str, value: Value) {
        self.entries.push((key, Entry::Value(value)));
    }

    /// An article's card, or `none`.
    pub fn insert_card(&mut self, key: &'static str, article: Option<ArticleId>) {
        self.entries.push((key, Entry::Card(article)));
    }

    /// The cards of some articles, as one list.
    pub fn insert_cards(&mut self, key: &'static str, articles: &[ArticleId]) {
        self.entries.push((key, Entry::Cards(articles.to_vec())));
    }

    /// The Tera context, cards taken from `cards` (a later value of a key replaces an
    /// earlier one, as in Tera's own context).
    pub fn to_tera(&self, cards: &[Value]) -> Context {
        let mut context = Context::new();
        for (key, entry) in &self.entries {
            let value = match entry {
                Entry::Value(value) => value.clone(),
                Entry::Card(article) => {
                    article.map_or_else(Value::none, |i| cards[i.index()].clone())
                }
                Entry::Cards(articles) => crate::render::context::cards_of(articles, cards),
            };
            context.insert_value(*key, value);
        }
        context
    }

    /// The digest of this context rendered with `template`, in a build whose shared inputs
    /// digest to `shared` and whose cards digest to `card_digests`.
    pub fn digest(&self, shared: u128, template: &str, card_digests: &[u128]) -> u128 {
        let mut digest = DigestWriter::new();
        digest.write_part(&shared.to_le_bytes());
        digest.write_part(template.as_bytes());
        for (key, entry) in &self.entries {
            digest.write_part(key.as_bytes());
            match entry {
                Entry::Value(value) => digest.write_value(value),
                Entry::Card(article) => {
                    digest.write_part(b"card");
                    digest.write_card(*article, card_digests);
                }
                Entry::Cards(articles) => {
                    digest.write_part(b"cards");
                    digest.write_part(&articles.len().to_le_bytes());
                    for &article in articles {
                        digest.write_card(Some(article), card_digests);
                    }
                }
            }
        }
        digest.finish()
    }
}

/// The digest of one card.
pub fn card_digest(card: &Value) -> u128 {
    let mut digest = DigestWriter::new();
    digest.write_value(card);
    digest.finish()
}

/// What every page of a build is rendered from besides its own context, as one digest: the
/// version of gazette and `parts` (the templates' digest, the global context as JSON, the
/// settings, the date names…), in order.
pub fn shared_digest(parts: &[&[u8]]) -> u128 {
    let mut digest = DigestWriter::new();
    digest.write_part(env!("CARGO_PKG_VERSION").as_bytes());
    for part in parts {
        digest.write_part(part);
    }
    digest.finish()
}

/// The digest of some texts (template names and sources).
pub fn digest_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> u128 {
    let mut digest = DigestWriter::new();
    for text in texts {
        digest.write_part(text.as_bytes());
    }
    digest.finish()
}

/// A 128-bit digest written to like a file: two fixed-seed hashes, the same in every run.
pub struct DigestWriter {
    first: ahash::AHasher,
    second: ahash::AHasher,
}

impl DigestWriter {
    fn new() -> Self {
        DigestWriter {
            first: ahash::RandomState::with_seeds(11, 12, 13, 14).build_hasher(),
            second: ahash::RandomState::with_seeds(15, 16, 17, 18).build_hasher(),
        }
    }

    /// Writes one part with its length, so that two parts can never read as another two.
    fn write_part(&mut self, bytes: &[u8]) {
        self.bytes(&bytes.len().to_le_bytes());
        self.bytes(bytes);
    }

    fn write_value(&mut self, value: &Value) {
        self.write_part(b"value");
        // JSON is unambiguous: strings are quoted and escaped, so no value reads as another.
        let _ = serde_json::to_writer(&mut *self, value);
    }

    fn write_card(&mut self, article: Option<ArticleId>, card_digests: &[u128]) {
        match article {
            Some(i) => self.bytes(&card_digests[i.index()].to_le_bytes()),
            None => self.bytes(b"none"),
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.first.write(bytes);
        self.second.write(bytes);
    }

    fn finish(&self) -> u128 {
        (u128::from(self.first.finish()) << 64) | u128::from(self.second.finish())
    }
}

impl std::io::Write for DigestWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.bytes(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(title: &str, cards: &[usize]) -> PageContext {
        let mut context = PageContext::default();
        context.insert("page", &serde_json::json!({ "title": title }));
        let cards: Vec<ArticleId> = cards.iter().map(|&i| ArticleId::new(i)).collect();
        context.insert_cards("articles", &cards);
        context
    }

    #[test]
    fn a_page_digest_changes_with_any_of_its_inputs() {
        let cards = [1, 2, 3];
        let base = context("A", &[0, 1]).digest(7, "index.html", &cards);
        assert_eq!(base, context("A", &[0, 1]).digest(7, "index.html", &cards));
        assert_ne!(base, context("B", &[0, 1]).digest(7, "index.html", &cards));
        assert_ne!(base, context("A", &[0, 2]).digest(7, "index.html", &cards));
        assert_ne!(base, context("A", &[0]).digest(7, "index.html", &cards));
        assert_ne!(base, context("A", &[0, 1]).digest(8, "index.html", &cards));
        assert_ne!(base, context("A", &[0, 1]).digest(7, "tag.html", &cards));
        assert_ne!(
            base,
            context("A", &[0, 1]).digest(7, "index.html", &[1, 9, 3])
        );
    }

    #[test]
    fn parts_do_not_run_into_each_other() {
        assert_ne!(digest_texts(["ab", "c"]), digest_texts(["a", "bc"]));
        let quoted = context("a\", \"b", &[]).digest(0, "t", &[]);
        assert_ne!(quoted, context("a", &[]).digest(0, "t", &[]));
    }

    #[test]
    fn cards_are_taken_from_the_build_when_rendered() {
        let mut context = PageContext::default();
        context.insert_card("article", Some(ArticleId::new(1)));
        context.insert_card("previous", None);
        let cards = [Value::from("zero"), Value::from("one")];
        let tera = context.to_tera(&cards);
        assert_eq!(tera.get("article"), Some(&Value::from("one")));
        assert_eq!(tera.get("previous"), Some(&Value::none()));
    }
}
