//! Articles: front matter checked for meaning (real dates, a safe slug, a safe source URL).
//!
//! `front_matter::validate::article` turns what the file says into the [`ArticleMeta`] the rest
//! of the build sees; the loader adds the rendered body and the site model links it to its
//! actors and tags.

use std::path::{Path, PathBuf};

use serde_yaml::Mapping;

use crate::model::Rendered;
use crate::model::date::PublishedAt;
use crate::model::id::{ActorId, AuthorId, TagId};
use crate::model::image::{BUNDLE_INDEXES, Bundle, ImageUse, Lead, LeadSrc};
use crate::model::redirect::AliasAt;
use crate::model::slug::{Derived, Slug, derive};

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
    /// Who wrote it (`authors:`), as written.
    pub author_names: Vec<String>,
    pub tag_names: Vec<String>,
    /// Lines of `actors:`, `authors:` and `tags:`, for messages about a name they list.
    pub actors_line: usize,
    pub authors_line: usize,
    pub tags_line: usize,
    /// `summary:` as written, until the loader renders it (see `Rendered::summary_written`).
    pub summary: Option<String>,
    pub draft: bool,
    /// An http(s) URL.
    pub source: Option<String>,
    /// The article's language: its `lang`, else the site's.
    pub lang: String,
    /// The line of `lang:`; 0 when the article says none.
    pub lang_line: usize,
    /// Shared by the versions of one story in other languages (`translation_key:`), with the
    /// line of the key.
    pub translation_key: Option<(String, usize)>,
    /// False when the article turned mention detection off.
    pub detect_mentions: bool,
    /// Old URLs that redirect to it (`aliases:`).
    pub aliases: Vec<AliasAt>,
    /// Its folder and files, when the article is a page bundle (`…/<slug>/index.md`).
    pub bundle: Option<Box<Bundle>>,
    /// Its lead photo (`image:`), resolved by the loader.
    pub image: Option<Box<Lead>>,
    pub extra: Mapping,
}

crate::model::id::indexed_by!(crate::model::id::ArticleId, Article);

/// The grouping of names into terms reads only the metadata, of articles or, in tests, of
/// bare metadata.
impl AsRef<ArticleMeta> for ArticleMeta {
    fn as_ref(&self) -> &ArticleMeta {
        self
    }
}

impl AsRef<ArticleMeta> for Article {
    fn as_ref(&self) -> &ArticleMeta {
        &self.meta
    }
}

/// An article as the site model holds it.
#[derive(Debug, Clone)]
pub struct Article {
    pub meta: ArticleMeta,
    pub body: Rendered,
    /// Site path, from the permalink pattern: `/2016/07/accord/`.
    pub path: String,
    /// The actors it is about (front matter order).
    pub actors: Vec<ActorId>,
    /// Profiled actors its text names without listing them, in order of first mention.
    pub mentions: Vec<ActorId>,
    /// Its tags, in front matter order.
    pub tags: Vec<TagId>,
    /// Who wrote it, in front matter order.
    pub authors: Vec<AuthorId>,
}

impl Article {
    /// An article as the loader makes it: metadata and body, not yet linked to its place,
    /// actors, tags and authors ([`crate::model::Site::assemble`] fills those in, in place,
    /// so a million articles' records are never copied beside themselves).
    pub fn unlinked(meta: ArticleMeta, body: Rendered) -> Article {
        Article {
            meta,
            body,
            path: String::new(),
            actors: Vec::new(),
            mentions: Vec::new(),
            tags: Vec::new(),
            authors: Vec::new(),
        }
    }

    /// The local images the article shows: its lead photo, then those of its body.
    pub fn images(&self) -> impl Iterator<Item = &ImageUse> {
        let lead = self.meta.image.as_ref().and_then(|lead| match &lead.src {
            LeadSrc::Local(image) => Some(image),
            _ => None,
        });
        lead.into_iter().chain(&self.body.images)
    }

    /// When the article last changed: its `updated`, if later than its publication.
    pub fn last_modified(&self) -> &PublishedAt {
        match &self.meta.updated {
            Some(updated) if updated.timestamp() > self.meta.published.timestamp() => updated,
            _ => &self.meta.published,
        }
    }
}

/// `2016-07-15-accord-sur-le-port.md` → `accord-sur-le-port`; `Élection.md` → `election`.
/// A leading date in the file name (a Jekyll habit) is not part of the slug.
pub fn slug_from_file_name(path: &Path) -> Option<Slug> {
    derive_from_file_name(path).map(|derived| derived.slug)
}

/// Like [`slug_from_file_name`], saying whether the slug had to be cut.
pub fn derive_from_file_name(path: &Path) -> Option<Derived> {
    let stem = naming_stem(path)?;
    let without_date = strip_date_prefix(&stem);
    derive(if without_date.is_empty() {
        &stem
    } else {
        without_date
    })
}

/// What names an article file: its stem, or for a bundle's `index.md` its folder's name
/// (`2016-08-10-crue-historique/index.md` → `2016-08-10-crue-historique`).
pub fn naming_stem(path: &Path) -> Option<std::borrow::Cow<'_, str>> {
    let folder = path.parent().and_then(Path::file_name);
    match (is_bundle_index(path), folder) {
        (true, Some(folder)) => Some(folder.to_string_lossy()),
        _ => path.file_stem().map(|stem| stem.to_string_lossy()),
    }
}

/// Whether an article file is the article of a page bundle, by its name.
pub fn is_bundle_index(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| BUNDLE_INDEXES.iter().any(|index| name == *index))
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
        assert_eq!(
            slug("a/2016-08-10-crue-historique/index.md").as_deref(),
            Some("crue-historique")
        );
        assert_eq!(slug("a/Crue/index.markdown").as_deref(), Some("crue"));
    }
}
