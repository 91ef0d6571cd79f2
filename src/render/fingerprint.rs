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
use crate::render::context::Cards;
use crate::spool::SpooledText;

/// One value of a page's context.
enum Entry {
    Value(Value),
    /// An article's card (or `none`), taken from the build's cards when rendered.
    Card(Option<ArticleId>),
    /// A list of cards.
    Cards(Vec<ArticleId>),
    /// A text of the model (an article's body), digested by its digest and read back from
    /// the spool only if the page is rendered.
    Text(SpooledText),
    /// Groups of cards, each with fields of its own.
    CardGroups(Vec<CardGroup>),
}

/// A group of article cards with fields of its own: a month or a day of an archive page,
/// which becomes `{…fields, articles: [cards]}` when the page is rendered.
pub struct CardGroup {
    pub fields: Vec<(&'static str, Value)>,
    pub articles: Vec<ArticleId>,
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

    /// A text of the model, as a string.
    pub fn insert_text(&mut self, key: &'static str, text: &SpooledText) {
        self.entries.push((key, Entry::Text(text.clone())));
    }

    /// The cards of some articles, as one list.
    pub fn insert_cards(&mut self, key: &'static str, articles: &[ArticleId]) {
        self.entries.push((key, Entry::Cards(articles.to_vec())));
    }

    /// Groups of cards, as a list of maps: a page that is kept never makes their cards.
    pub fn insert_card_groups(&mut self, key: &'static str, groups: Vec<CardGroup>) {
        self.entries.push((key, Entry::CardGroups(groups)));
    }

    /// The Tera context, cards taken from `cards` (a later value of a key replaces an
    /// earlier one, as in Tera's own context); an error if a text cannot be read back.
    pub fn to_tera(&self, cards: &Cards<'_>) -> std::io::Result<Context> {
        let mut context = Context::new();
        for (key, entry) in &self.entries {
            let value = match entry {
                Entry::Value(value) => value.clone(),
                Entry::Card(article) => article.map_or_else(Value::none, |i| cards.card(i)),
                Entry::Cards(articles) => crate::render::context::cards_of(articles, cards),
                Entry::Text(text) => Value::from_serializable(text.text()?.as_ref()),
                Entry::CardGroups(groups) => Value::from(
                    groups
                        .iter()
                        .map(|group| group.to_tera(cards))
                        .collect::<Vec<Value>>(),
                ),
            };
            context.insert_value(*key, value);
        }
        Ok(context)
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
                Entry::Text(text) => {
                    digest.write_part(b"text");
                    digest.write_part(&text.len().to_le_bytes());
                    digest.write_part(&text.digest().to_le_bytes());
                }
                Entry::Cards(articles) => digest.write_cards(articles, card_digests),
                Entry::CardGroups(groups) => {
                    digest.write_part(b"card groups");
                    digest.write_part(&groups.len().to_le_bytes());
                    for group in groups {
                        digest.write_part(&group.fields.len().to_le_bytes());
                        for (name, value) in &group.fields {
                            digest.write_part(name.as_bytes());
                            digest.write_value(value);
                        }
                        digest.write_cards(&group.articles, card_digests);
                    }
                }
            }
        }
        digest.finish()
    }
}

impl CardGroup {
    fn to_tera(&self, cards: &Cards<'_>) -> Value {
        let mut map: std::collections::BTreeMap<&str, Value> = (self.fields.iter())
            .map(|(name, value)| (*name, value.clone()))
            .collect();
        map.insert(
            "articles",
            crate::render::context::cards_of(&self.articles, cards),
        );
        Value::from(map)
    }
}

/// The digest of one card: of its parts (`render::context::CardView`), or of its value.
pub fn card_digest(card: &impl Serialize) -> u128 {
    let mut digest = DigestWriter::new();
    digest.write_part(b"card");
    let _ = card.serialize(&mut digest);
    digest.finish()
}

/// A digest written part by part, each part with its length, after a build's shared digest:
/// for a file made without a template (a feed), from the values it is made of.
pub struct Parts(DigestWriter);

impl Parts {
    pub fn new(shared: u128) -> Parts {
        let mut digest = DigestWriter::new();
        digest.write_part(&shared.to_le_bytes());
        Parts(digest)
    }

    pub fn part(&mut self, bytes: &[u8]) {
        self.0.write_part(bytes);
    }

    pub fn finish(&self) -> u128 {
        self.0.finish()
    }
}

/// What every page of a build is rendered from besides its own context, as one digest: the
/// gazette that renders (see [`this_gazette`]) and `parts` (the templates' digest, the global
/// context as JSON, the settings, the date names…), in order.
pub fn shared_digest(parts: &[&[u8]]) -> u128 {
    let mut digest = DigestWriter::new();
    digest.write_part(this_gazette().as_bytes());
    for part in parts {
        digest.write_part(part);
    }
    digest.finish()
}

/// The gazette running: its version, the commit it was built from, and its executable's size
/// and date. The version alone would not do: a binary built from changed sources renders
/// differently under the same version, and its pages must not be kept from the previous one.
pub(crate) fn this_gazette() -> String {
    let executable = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|meta| format!("{} {:?}", meta.len(), meta.modified().ok()))
        .unwrap_or_default();
    format!(
        "{} {} {executable}",
        env!("CARGO_PKG_VERSION"),
        env!("GAZETTE_COMMIT")
    )
}

/// The digest of some texts (template names and sources).
pub fn digest_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> u128 {
    let mut digest = DigestWriter::new();
    for text in texts {
        digest.write_part(text.as_bytes());
    }
    digest.finish()
}

/// A digest written to like a file: one fixed-seed hash, the same in every run. 64 bits
/// are plenty: a page is only ever compared with its own previous digest, so a changed page
/// is taken for unchanged with odds of one in 2^64.
pub struct DigestWriter(ahash::AHasher);

impl DigestWriter {
    fn new() -> Self {
        DigestWriter(ahash::RandomState::with_seeds(11, 12, 13, 14).build_hasher())
    }

    /// Writes one part with its length, so that two parts can never read as another two.
    fn write_part(&mut self, bytes: &[u8]) {
        self.bytes(&bytes.len().to_le_bytes());
        self.bytes(bytes);
    }

    fn write_value(&mut self, value: &Value) {
        self.write_part(b"value");
        // Every value is written tagged and every string with its length (see `hashing`), so
        // no value reads as another; and strings are hashed as they are, not escaped first.
        let _ = value.serialize(&mut *self);
    }

    fn write_cards(&mut self, articles: &[ArticleId], card_digests: &[u128]) {
        self.write_part(b"cards");
        self.write_part(&articles.len().to_le_bytes());
        for &article in articles {
            self.write_card(Some(article), card_digests);
        }
    }

    fn write_card(&mut self, article: Option<ArticleId>, card_digests: &[u128]) {
        match article {
            Some(i) => self.bytes(&card_digests[i.index()].to_le_bytes()),
            None => self.bytes(b"none"),
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn finish(&self) -> u128 {
        u128::from(self.0.finish())
    }
}

/// A serde serializer that feeds a value to the digest: each scalar behind a one-byte tag,
/// strings and byte strings with their length, sequences and maps with their length.
mod hashing {
    use serde::ser::{self, Serialize};

    use super::DigestWriter;

    /// Never made: writing to a hasher cannot fail.
    #[derive(Debug)]
    pub struct Never;

    impl std::fmt::Display for Never {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("unreachable")
        }
    }

    impl std::error::Error for Never {}

    impl ser::Error for Never {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Never
        }
    }

    macro_rules! scalar {
        ($($method:ident($type:ty) = $tag:literal),* $(,)?) => {
            $(fn $method(self, value: $type) -> Result<(), Never> {
                self.bytes(&[$tag]);
                self.bytes(&value.to_le_bytes());
                Ok(())
            })*
        };
    }

    impl ser::Serializer for &mut DigestWriter {
        type Ok = ();
        type Error = Never;
        type SerializeSeq = Self;
        type SerializeTuple = Self;
        type SerializeTupleStruct = Self;
        type SerializeTupleVariant = Self;
        type SerializeMap = Self;
        type SerializeStruct = Self;
        type SerializeStructVariant = Self;

        scalar! {
            serialize_i8(i8) = 1, serialize_i16(i16) = 2, serialize_i32(i32) = 3,
            serialize_i64(i64) = 4, serialize_i128(i128) = 5, serialize_u8(u8) = 6,
            serialize_u16(u16) = 7, serialize_u32(u32) = 8, serialize_u64(u64) = 9,
            serialize_u128(u128) = 10, serialize_f32(f32) = 11, serialize_f64(f64) = 12,
        }

        fn serialize_bool(self, value: bool) -> Result<(), Never> {
            self.bytes(&[13, u8::from(value)]);
            Ok(())
        }

        fn serialize_char(self, value: char) -> Result<(), Never> {
            self.serialize_u32(u32::from(value))
        }

        fn serialize_str(self, value: &str) -> Result<(), Never> {
            self.bytes(&[14]);
            self.write_part(value.as_bytes());
            Ok(())
        }

        fn serialize_bytes(self, value: &[u8]) -> Result<(), Never> {
            self.bytes(&[15]);
            self.write_part(value);
            Ok(())
        }

        fn serialize_none(self) -> Result<(), Never> {
            self.bytes(&[16]);
            Ok(())
        }

        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
            self.bytes(&[17]);
            value.serialize(self)
        }

        fn serialize_unit(self) -> Result<(), Never> {
            self.bytes(&[18]);
            Ok(())
        }

        fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
            self.serialize_unit()
        }

        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            name: &'static str,
        ) -> Result<(), Never> {
            self.serialize_str(name)
        }

        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<(), Never> {
            value.serialize(self)
        }

        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            name: &'static str,
            value: &T,
        ) -> Result<(), Never> {
            self.serialize_str(name)?;
            value.serialize(self)
        }

        fn serialize_seq(self, length: Option<usize>) -> Result<Self, Never> {
            open(self, SEQUENCE, length)
        }

        fn serialize_tuple(self, length: usize) -> Result<Self, Never> {
            self.serialize_seq(Some(length))
        }

        fn serialize_tuple_struct(self, _: &'static str, length: usize) -> Result<Self, Never> {
            self.serialize_seq(Some(length))
        }

        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            name: &'static str,
            length: usize,
        ) -> Result<Self, Never> {
            self.serialize_str(name)?;
            self.serialize_seq(Some(length))
        }

        fn serialize_map(self, length: Option<usize>) -> Result<Self, Never> {
            open(self, MAP, length)
        }

        fn serialize_struct(self, _: &'static str, length: usize) -> Result<Self, Never> {
            self.serialize_map(Some(length))
        }

        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            name: &'static str,
            length: usize,
        ) -> Result<Self, Never> {
            self.serialize_str(name)?;
            self.serialize_map(Some(length))
        }
    }

    const SEQUENCE: u8 = 19;
    const MAP: u8 = 20;

    /// Starts a sequence or a map: its tag, then its length (`usize::MAX` when unknown).
    fn open(
        digest: &mut DigestWriter,
        tag: u8,
        length: Option<usize>,
    ) -> Result<&mut DigestWriter, Never> {
        digest.bytes(&[tag]);
        digest.bytes(&length.unwrap_or(usize::MAX).to_le_bytes());
        Ok(digest)
    }

    /// The end of a sequence or map whose length was not known at its start.
    fn end(digest: &mut DigestWriter) -> Result<(), Never> {
        digest.bytes(&[21]);
        Ok(())
    }

    macro_rules! sequence {
        ($($trait:ident :: $method:ident),*) => {
            $(impl ser::$trait for &mut DigestWriter {
                type Ok = ();
                type Error = Never;

                fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                    value.serialize(&mut **self)
                }

                fn end(self) -> Result<(), Never> {
                    end(self)
                }
            })*
        };
    }

    sequence!(
        SerializeSeq::serialize_element,
        SerializeTuple::serialize_element,
        SerializeTupleStruct::serialize_field,
        SerializeTupleVariant::serialize_field
    );

    impl ser::SerializeMap for &mut DigestWriter {
        type Ok = ();
        type Error = Never;

        fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
            key.serialize(&mut **self)
        }

        fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
            value.serialize(&mut **self)
        }

        fn end(self) -> Result<(), Never> {
            end(self)
        }
    }

    macro_rules! fields {
        ($($trait:ident),*) => {
            $(impl ser::$trait for &mut DigestWriter {
                type Ok = ();
                type Error = Never;

                fn serialize_field<T: Serialize + ?Sized>(
                    &mut self,
                    name: &'static str,
                    value: &T,
                ) -> Result<(), Never> {
                    self.write_part(name.as_bytes());
                    value.serialize(&mut **self)
                }

                fn end(self) -> Result<(), Never> {
                    end(self)
                }
            })*
        };
    }

    fields!(SerializeStruct, SerializeStructVariant);
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

    fn grouped(name: &str, groups: &[&[usize]]) -> PageContext {
        let mut context = PageContext::default();
        let groups = groups
            .iter()
            .map(|articles| CardGroup {
                fields: vec![("name", Value::from(name))],
                articles: articles.iter().map(|&i| ArticleId::new(i)).collect(),
            })
            .collect();
        context.insert_card_groups("groups", groups);
        context
    }

    #[test]
    fn card_groups_digest_their_fields_and_their_cards_by_digest() {
        let cards = [1, 2, 3];
        let digest = |context: PageContext, cards: &[u128]| context.digest(7, "year.html", cards);
        let base = digest(grouped("mars", &[&[0, 1], &[2]]), &cards);
        assert_eq!(base, digest(grouped("mars", &[&[0, 1], &[2]]), &cards));
        assert_ne!(base, digest(grouped("avril", &[&[0, 1], &[2]]), &cards));
        assert_ne!(base, digest(grouped("mars", &[&[0], &[1, 2]]), &cards));
        assert_ne!(base, digest(grouped("mars", &[&[0, 1, 2]]), &cards));
        assert_ne!(base, digest(grouped("mars", &[&[0, 1], &[2]]), &[1, 2, 4]));
    }

    #[test]
    fn parts_do_not_run_into_each_other() {
        assert_ne!(digest_texts(["ab", "c"]), digest_texts(["a", "bc"]));
        let quoted = context("a\", \"b", &[]).digest(0, "t", &[]);
        assert_ne!(quoted, context("a", &[]).digest(0, "t", &[]));
        let value = |json: serde_json::Value| card_digest(&Value::from_serializable(&json));
        let pairs = [
            (
                serde_json::json!(["ab", "c"]),
                serde_json::json!(["a", "bc"]),
            ),
            (
                serde_json::json!([["a"], "b"]),
                serde_json::json!([["a", "b"]]),
            ),
            (serde_json::json!({"a": "b"}), serde_json::json!({"ab": ""})),
            (serde_json::json!(1), serde_json::json!("1")),
            (serde_json::json!(null), serde_json::json!(false)),
        ];
        for (one, other) in pairs {
            assert_ne!(
                value(one.clone()),
                value(other.clone()),
                "{one} and {other}"
            );
        }
    }

    #[test]
    fn cards_are_taken_from_the_build_when_rendered() {
        let mut context = PageContext::default();
        context.insert_card("article", Some(ArticleId::new(1)));
        context.insert_card("previous", None);
        let cards = Cards::Held(vec![Value::from("zero"), Value::from("one")]);
        let tera = context.to_tera(&cards).unwrap();
        assert_eq!(tera.get("article"), Some(&Value::from("one")));
        assert_eq!(tera.get("previous"), Some(&Value::none()));
    }

    #[test]
    fn a_text_is_digested_by_its_digest_and_read_when_rendered() {
        let page = |body: &str| {
            let mut context = PageContext::default();
            context.insert_text("content", &SpooledText::from(body.to_owned()));
            context
        };
        let base = page("<p>Un.</p>").digest(7, "article.html", &[]);
        assert_eq!(base, page("<p>Un.</p>").digest(7, "article.html", &[]));
        assert_ne!(base, page("<p>Deux.</p>").digest(7, "article.html", &[]));
        assert_ne!(
            base,
            context("<p>Un.</p>", &[]).digest(7, "article.html", &[])
        );
        let tera = page("<p>Un.</p>")
            .to_tera(&Cards::Held(Vec::new()))
            .unwrap();
        assert_eq!(tera.get("content"), Some(&Value::from("<p>Un.</p>")));
    }
}
