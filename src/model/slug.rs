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
        if let Some(invisible) = text.chars().find(|&c| is_format_char(c)) {
            return Err(SlugError::Invisible(invisible));
        }
        let slug = Slug(words(text).ok_or(SlugError::Empty)?);
        if slug.0.len() > MAX_SLUG_BYTES {
            return Err(SlugError::TooLong(slug.0.len()));
        }
        Ok(slug)
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
    #[error("slug contains the invisible formatting character U+{:04X}, which could disguise it", u32::from(*.0))]
    Invisible(char),
    #[error("slug is {0} bytes long; a file name may have at most {MAX_SLUG_BYTES}")]
    TooLong(usize),
}

/// The longest slug written out: most file systems allow 255 bytes in a file name.
pub const MAX_SLUG_BYTES: usize = 255;

/// The longest slug made from a name, a title or a file name: cut shorter than a file name may
/// be, so that a permalink pattern adding a date to the slug's folder name still fits.
pub const MAX_DERIVED_SLUG_BYTES: usize = 200;

/// Whether `c` is a Unicode format character (general category Cf): invisible, it changes how
/// text around it shows (bidi overrides reverse it, zero-width characters hide in it), so a
/// slug or name holding one can look like another.
pub fn is_format_char(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
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

/// Turns any text into a slug, transliterating to ASCII; `None` when nothing is left. A slug
/// longer than [`MAX_DERIVED_SLUG_BYTES`] is cut after its last whole word that fits.
pub fn slugify(text: &str) -> Option<Slug> {
    derive(text).map(|derived| derived.slug)
}

/// A slug made from a name, a title or a file name, and whether it had to be cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub slug: Slug,
    /// The length in bytes of the slug before it was cut, if it was.
    pub cut_from: Option<usize>,
}

/// Like [`slugify`], saying whether the slug was cut.
pub fn derive(text: &str) -> Option<Derived> {
    let whole = words(text)?;
    if whole.len() <= MAX_DERIVED_SLUG_BYTES {
        return Some(Derived {
            slug: Slug(whole),
            cut_from: None,
        });
    }
    // Slugs are ASCII, so every byte is a character boundary.
    let fits = &whole[..=MAX_DERIVED_SLUG_BYTES];
    let cut = match fits.rfind('-') {
        Some(dash) if dash > 0 => &whole[..dash],
        _ => &whole[..MAX_DERIVED_SLUG_BYTES],
    };
    Some(Derived {
        slug: Slug(cut.to_owned()),
        cut_from: Some(whole.len()),
    })
}

/// The ASCII words of `text`, lower case, joined by `-`; `None` when there are none.
fn words(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(&spell_symbols(text));
    let mut slug = AsciiWords::new('-', ascii.len());
    ascii.chars().for_each(|c| slug.push(c));
    let slug = slug.into_string();
    (!slug.is_empty()).then_some(slug)
}

/// Lower-case ASCII words joined by one separator, made a character at a time: every run of
/// characters other than ASCII letters and digits is one separator, and none leads or
/// trails. Slugs join words with `-`, name keys (`actors suggest`) with a space.
pub struct AsciiWords {
    text: String,
    separator: char,
    /// A separator is due before the next letter or digit.
    pending: bool,
}

impl AsciiWords {
    pub fn new(separator: char, capacity: usize) -> Self {
        AsciiWords {
            text: String::with_capacity(capacity),
            separator,
            pending: false,
        }
    }

    pub fn push(&mut self, c: char) {
        if c.is_ascii_alphanumeric() {
            if self.pending && !self.text.is_empty() {
                self.text.push(self.separator);
            }
            self.pending = false;
            self.text.push(c.to_ascii_lowercase());
        } else {
            self.pending = true;
        }
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

/// `C++` → `C plus plus`, `C#` → `C sharp`: a `+` or `#` ending a word is spelt out, so that
/// `C++`, `C#` and `C` get three slugs rather than one (`+` and `#` would otherwise vanish).
/// Elsewhere they stay symbols (`#MeToo`, `a+b`). Format characters are dropped: unseen, they
/// must not split a word.
pub(crate) fn spell_symbols(text: &str) -> std::borrow::Cow<'_, str> {
    let has_work = text.contains(['+', '#']) || text.chars().any(is_format_char);
    if !has_work {
        return text.into();
    }
    let chars: Vec<char> = text.chars().filter(|&c| !is_format_char(c)).collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        let spelt = match c {
            '+' => "plus",
            '#' => "sharp",
            _ => {
                out.push(c);
                continue;
            }
        };
        if ends_a_word(&chars, i) {
            out.push(' ');
            out.push_str(spelt);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Whether the symbol at `i` follows a letter or digit (through other `+`/`#`) and no letter
/// or digit follows it: a suffix, as in `C++`, `F#`, `Canal+`.
fn ends_a_word(chars: &[char], i: usize) -> bool {
    let symbol = |c: &char| matches!(c, '+' | '#');
    let before = chars[..i].iter().rev().find(|c| !symbol(c));
    let after = chars[i + 1..].iter().find(|c| !symbol(c));
    before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
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

    #[test]
    fn explicit_slugs_refuse_invisible_characters_and_excess_length() {
        for invisible in ['\u{202E}', '\u{2066}', '\u{200B}', '\u{AD}', '\u{FEFF}'] {
            assert_eq!(
                Slug::explicit(&format!("a{invisible}b")),
                Err(SlugError::Invisible(invisible))
            );
        }
        assert_eq!(
            Slug::explicit(&"a".repeat(256)),
            Err(SlugError::TooLong(256))
        );
        assert!(Slug::explicit(&"a".repeat(255)).is_ok());
    }

    #[test]
    fn derived_slugs_drop_invisible_characters() {
        assert_eq!(slug("ab\u{200B}cd\u{202E}ef"), "abcdef");
        assert_eq!(slug("ca\u{AD}fé"), "cafe");
    }

    #[test]
    fn trailing_plus_and_sharp_are_spelt_out() {
        assert_eq!(slug("C++"), "c-plus-plus");
        assert_eq!(slug("C#"), "c-sharp");
        assert_eq!(slug("F# et C"), "f-sharp-et-c");
        assert_eq!(slug("Canal+"), "canal-plus");
        assert_eq!(slug("#MeToo"), "metoo");
        assert_eq!(slug("a+b"), "a-b");
        assert_eq!(slug("C"), "c");
    }

    #[test]
    fn long_derived_slugs_are_cut_after_a_word() {
        let long = "mot ".repeat(100);
        let derived = derive(&long).unwrap();
        assert!(derived.slug.as_str().len() <= MAX_DERIVED_SLUG_BYTES);
        assert!(derived.slug.as_str().ends_with("mot"));
        assert_eq!(derived.cut_from, Some(399));
        let one_word = derive(&"x".repeat(300)).unwrap();
        assert_eq!(one_word.slug.as_str().len(), MAX_DERIVED_SLUG_BYTES);
        assert_eq!(derive("court").unwrap().cut_from, None);
    }
}
