//! URL slugs: ASCII, lower case, words joined by `-`.
//!
//! Display names keep their accents ("Sergueï Lavrov"); only the URL is transliterated
//! (`serguei-lavrov`), so links survive any host, shell or copy-paste. A [`Slug`] can only be
//! made by [`slugify`] or [`Slug::explicit`], so every slug in the model is safe in a path.

use std::fmt;

/// A validated URL segment: `[a-z0-9]+(-[a-z0-9]+)*`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Checks a slug the author wrote (`slug:` in front matter) and normalises it.
    pub fn explicit(text: &str) -> Result<Slug, SlugError> {
        let text = text.trim();
        if let Some(bad) = forbidden(text) {
            return Err(SlugError::Forbidden(bad));
        }
        slugify(text).ok_or(SlugError::Empty)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why an explicit slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("slug contains {0}, which could leave its folder")]
    Forbidden(&'static str),
    #[error("slug has no letters or digits")]
    Empty,
}

fn forbidden(text: &str) -> Option<&'static str> {
    if text.contains('/') {
        Some("`/`")
    } else if text.contains('\\') {
        Some("`\\`")
    } else if text.contains("..") {
        Some("`..`")
    } else if text.contains('%') {
        Some("`%`")
    } else if text.chars().any(char::is_control) {
        Some("a control character")
    } else {
        None
    }
}

/// Turns any text into a slug, transliterating to ASCII; `None` when nothing is left.
pub fn slugify(text: &str) -> Option<Slug> {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    (!slug.is_empty()).then_some(Slug(slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(text: &str) -> String {
        slugify(text).unwrap().0
    }

    #[test]
    fn accents_apostrophes_and_spaces_become_ascii_words() {
        assert_eq!(slug("Sergueï Lavrov"), "serguei-lavrov");
        assert_eq!(slug("l’État islamique"), "l-etat-islamique");
        assert_eq!(slug("  Margaret O'Connor  "), "margaret-o-connor");
        assert_eq!(slug("Ángel Ibáñez"), "angel-ibanez");
        assert_eq!(slug("Zoé Lefèvre-Nguyen"), "zoe-lefevre-nguyen");
        assert_eq!(slug("Énergie & climat — 2024"), "energie-climat-2024");
    }

    #[test]
    fn text_without_letters_has_no_slug() {
        assert_eq!(slugify("—"), None);
        assert_eq!(slugify(""), None);
    }

    #[test]
    fn explicit_slugs_refuse_path_tricks() {
        assert_eq!(Slug::explicit("a/b"), Err(SlugError::Forbidden("`/`")));
        assert_eq!(Slug::explicit("..x"), Err(SlugError::Forbidden("`..`")));
        assert_eq!(Slug::explicit("a\\b"), Err(SlugError::Forbidden("`\\`")));
        assert_eq!(Slug::explicit("100%"), Err(SlugError::Forbidden("`%`")));
        assert_eq!(
            Slug::explicit("a\u{7}b"),
            Err(SlugError::Forbidden("a control character"))
        );
        assert_eq!(Slug::explicit("Été 2024").unwrap().as_str(), "ete-2024");
    }
}
