//! Typed indexes into the site model: an [`ArticleId`] indexes `Site::articles`, an
//! [`ActorId`] `Site::actors`, a [`TagId`] `Site::tags`. A bare `usize` said none of this, and
//! an actor's index passed where an article's was expected compiled. Each holds a `u32`: the
//! model keeps lists of them for every article, actor and tag, and a million articles fit.
//! Each item's module says `indexed_by!(ArticleId, Article)`, so `site.articles[id]` works.

macro_rules! typed_id {
    ($(#[$doc:meta])* $id:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub struct $id(u32);

        impl $id {
            /// The id of the item at `index`.
            ///
            /// # Panics
            /// Past `u32::MAX` items, far beyond what one machine builds.
            pub fn new(index: usize) -> $id {
                $id(u32::try_from(index).expect("fewer than 2^32 items"))
            }

            /// The position it stands for.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The ids of a list of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $id> + ExactSizeIterator {
                (0..len).map($id::new)
            }
        }
    };
}

typed_id!(
    /// An article: its place in `Site::articles` (newest first).
    ArticleId
);
typed_id!(
    /// An actor: its place in `Site::actors` (by sort name).
    ActorId
);
typed_id!(
    /// A tag: its place in `Site::tags`.
    TagId
);
typed_id!(
    /// An author: its place in `Site::authors` (by sort name).
    AuthorId
);

/// `site.articles[id]`: the list an id indexes, written where the item is defined (so this
/// module imports none of them).
macro_rules! indexed_by {
    ($id:ty, $item:ty) => {
        impl std::ops::Index<$id> for [$item] {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self[id.index()]
            }
        }

        impl std::ops::IndexMut<$id> for [$item] {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.index()]
            }
        }

        impl std::ops::Index<$id> for Vec<$item> {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self[id.index()]
            }
        }

        impl std::ops::IndexMut<$id> for Vec<$item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.index()]
            }
        }
    };
}
pub(crate) use indexed_by;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_stands_for_its_position() {
        let id = ArticleId::new(41);
        assert_eq!(id.index(), 41);
        assert!(ArticleId::new(3) < id);
        let ids: Vec<usize> = TagId::all(3).rev().map(TagId::index).collect();
        assert_eq!(ids, [2, 1, 0]);
    }
}
