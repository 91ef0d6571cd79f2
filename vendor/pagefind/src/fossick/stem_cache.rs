//! gazette's patch: a stemmer that remembers, per thread, the stems it has made.
//!
//! Pagefind stems every word of every page through the Snowball algorithm; an archive uses
//! the same few tens of thousands of words over and over, so most stems are made many times.
//! This keeps each thread's stems in a map (cleared when it grows past `MAX_REMEMBERED`
//! words, so memory stays bounded), keyed by the algorithm and the word. The stems are the
//! algorithm's own: the index is the same as without the cache.

use std::borrow::Cow;
use std::cell::RefCell;
use std::mem::Discriminant;

use hashbrown::HashMap;
use pagefind_stem::Algorithm;

/// More distinct words than this in one thread, and its memory of stems starts again.
const MAX_REMEMBERED: usize = 200_000;

thread_local! {
    /// The stems one thread made, and the algorithm that made them (a thread indexes pages
    /// of one language at a time; another language empties the map).
    static STEMS: RefCell<(Option<Discriminant<Algorithm>>, HashMap<Box<str>, Box<str>>)> =
        RefCell::new((None, HashMap::new()));
}

/// Pagefind's stemmer for one language, with a memory of the stems it made.
pub struct Stemmer {
    algorithm: Discriminant<Algorithm>,
    inner: pagefind_stem::Stemmer,
}

impl Stemmer {
    pub fn create(algorithm: Algorithm) -> Self {
        Stemmer {
            algorithm: std::mem::discriminant(&algorithm),
            inner: pagefind_stem::Stemmer::create(algorithm),
        }
    }

    /// Which algorithm this stemmer runs: what a memory of its results is kept for.
    pub fn algorithm(&self) -> Discriminant<Algorithm> {
        self.algorithm
    }

    /// The stem of `input`, as `pagefind_stem::Stemmer::stem` makes it.
    pub fn stem<'a>(&self, input: &'a str) -> Cow<'a, str> {
        STEMS.with(|stems| {
            let (algorithm, stems) = &mut *stems.borrow_mut();
            if *algorithm != Some(self.algorithm) || stems.len() >= MAX_REMEMBERED {
                *algorithm = Some(self.algorithm);
                stems.clear();
            }
            if let Some(stem) = stems.get(input) {
                return if **stem == *input {
                    Cow::Borrowed(input)
                } else {
                    Cow::Owned(stem.to_string())
                };
            }
            let stem = self.inner.stem(input);
            stems.insert(input.into(), stem.as_ref().into());
            stem
        })
    }
}
