//! The keys of each kind of front matter, one table for each.
//!
//! A table is an enum made by `keys!`: the variants, the names as written and the order of
//! `ALL` all come from its lines, so they cannot disagree. [`Fields`](super::Fields) takes
//! only such keys, so a key cannot be read without being known; the readers match on the enum
//! exhaustively, so a key cannot be known without being read; and the unknown-key check
//! suggests from the same table.

/// A key of one kind of front matter.
pub trait Key: Copy + 'static {
    /// Every key, in the table's order (the order suggestions are made in).
    const ALL: &'static [Self];
    /// The keys as written, in the same order.
    const NAMES: &'static [&'static str];
    /// The key as written in the front matter.
    fn as_str(self) -> &'static str;
}

/// Makes an enum of keys and its [`Key`] impl from one list of `Variant => "name"` lines.
macro_rules! keys {
    ($(#[$meta:meta])* $enum:ident { $($variant:ident => $name:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $enum {
            $(#[doc = concat!("`", $name, ":`")] $variant,)+
        }

        impl Key for $enum {
            const ALL: &'static [Self] = &[$(Self::$variant,)+];
            const NAMES: &'static [&'static str] = &[$($name,)+];
            fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }
        }
    };
}

keys! {
    /// The keys an article's front matter may use.
    ArticleKey {
        Title => "title",
        Date => "date",
        Actors => "actors",
        Authors => "authors",
        Tags => "tags",
        Summary => "summary",
        Slug => "slug",
        Draft => "draft",
        Updated => "updated",
        Source => "source",
        Lang => "lang",
        TranslationKey => "translation_key",
        DetectMentions => "detect_mentions",
        Aliases => "aliases",
        Image => "image",
        ImageAlt => "image_alt",
        ImageCaption => "image_caption",
        ImageCredit => "image_credit",
    }
}

keys! {
    /// The keys an actor profile's front matter may use.
    ActorKey {
        Name => "name",
        Kind => "kind",
        Aliases => "aliases",
        Description => "description",
        SortName => "sort_name",
        Surname => "surname",
        Image => "image",
        Links => "links",
        Detect => "detect",
        Slug => "slug",
        UrlAliases => "url_aliases",
    }
}

keys! {
    /// The keys an author profile's front matter may use (`content/authors/*.md`).
    AuthorKey {
        Name => "name",
        Role => "role",
        Aliases => "aliases",
        SortName => "sort_name",
        Image => "image",
        Links => "links",
        Slug => "slug",
        UrlAliases => "url_aliases",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each key's name leads back to it alone, in the table's order.
    fn names_round_trip<K: Key + PartialEq + std::fmt::Debug>() {
        assert_eq!(K::ALL.len(), K::NAMES.len());
        for (i, key) in K::ALL.iter().enumerate() {
            assert_eq!(key.as_str(), K::NAMES[i]);
            let found: Vec<&K> = K::ALL
                .iter()
                .filter(|k| k.as_str() == key.as_str())
                .collect();
            assert_eq!(found, [key]);
        }
    }

    #[test]
    fn article_key_names_round_trip() {
        names_round_trip::<ArticleKey>();
    }

    #[test]
    fn actor_key_names_round_trip() {
        names_round_trip::<ActorKey>();
    }

    #[test]
    fn author_key_names_round_trip() {
        names_round_trip::<AuthorKey>();
    }
}
