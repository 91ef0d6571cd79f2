//! gazette's patch: the words to index for a word of a page, remembered per thread.
//!
//! For every whitespace-separated word of every page, Pagefind lowercases it, strips its
//! punctuation, normalises its diacritics, stems it, and looks for compound parts and dotted
//! tails: several passes over the word and several allocations. Running text repeats the
//! same words (`the`, `said,`, `Paris.`) over and over, so each thread remembers what a word
//! gave, for the stemmer and the extra indexed characters it was found with. What it gives is
//! exactly what `get_indexable_words` followed by `get_dotted_tails` gives.

use std::cell::RefCell;
use std::mem::Discriminant;
use std::rc::Rc;

use hashbrown::HashMap;
use pagefind_stem::Algorithm;

use super::splitting::{get_dotted_tails, get_indexable_words, IndexableWord};
use super::Stemmer;

/// More distinct words than this in one thread, and its memory starts again, so memory
/// stays bounded (a few tens of MiB per thread at most).
const MAX_REMEMBERED: usize = 100_000;

/// What one thread remembers, and what it was found with.
#[derive(Default)]
struct Memory {
    found_with: Option<(Option<Discriminant<Algorithm>>, Vec<char>)>,
    words: HashMap<Box<str>, Rc<[IndexableWord]>>,
}

thread_local! {
    static MEMORY: RefCell<Memory> = RefCell::new(Memory::default());
}

/// The words to index for `raw_word`, with its dotted tails: what `get_indexable_words`
/// and `get_dotted_tails` give, remembered by this thread.
pub fn remembered_indexable_words(
    raw_word: &str,
    stemmer: Option<&Stemmer>,
    include_characters: &[char],
) -> Rc<[IndexableWord]> {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let algorithm = stemmer.map(Stemmer::algorithm);
        let same_settings = matches!(
            &memory.found_with,
            Some((a, chars)) if *a == algorithm && chars == include_characters
        );
        if !same_settings || memory.words.len() >= MAX_REMEMBERED {
            memory.words.clear();
            memory.found_with = Some((algorithm, include_characters.to_vec()));
        }
        if let Some(words) = memory.words.get(raw_word) {
            return Rc::clone(words);
        }
        let words: Rc<[IndexableWord]> =
            indexable_words(raw_word, stemmer, include_characters).into();
        memory.words.insert(raw_word.into(), Rc::clone(&words));
        words
    })
}

/// The words to index for `raw_word`, found afresh.
fn indexable_words(
    raw_word: &str,
    stemmer: Option<&Stemmer>,
    include_characters: &[char],
) -> Vec<IndexableWord> {
    let mut words = get_indexable_words(raw_word, stemmer, include_characters);
    let tails = get_dotted_tails(raw_word, stemmer, include_characters, &words);
    words.extend(tails);
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fossick::get_stemmer;

    const WORDS: [&str; 14] = [
        "said,",
        "(Paris).",
        "café-crème",
        "ThreeAntelopes",
        "sysconfig.is_python_build",
        "Élysée",
        "l'Assemblée",
        "2024",
        "👋hello",
        "U.S.",
        "e.g.",
        "naïve",
        "",
        "---",
    ];

    #[test]
    fn a_remembered_word_gives_what_it_gives_afresh() {
        for language in ["fr", "en", "xx"] {
            let stemmer = get_stemmer(language);
            for _ in 0..2 {
                for word in WORDS {
                    let remembered = remembered_indexable_words(word, stemmer.as_ref(), &[]);
                    assert_eq!(*remembered, *indexable_words(word, stemmer.as_ref(), &[]));
                }
            }
        }
    }

    #[test]
    fn other_settings_are_not_given_another_settings_words() {
        let stemmer = get_stemmer("en");
        let plain = remembered_indexable_words("c++", stemmer.as_ref(), &[]);
        let with_plus = remembered_indexable_words("c++", stemmer.as_ref(), &['+']);
        assert_eq!(
            *with_plus,
            *indexable_words("c++", stemmer.as_ref(), &['+'])
        );
        assert_ne!(plain, with_plus);
        let english = remembered_indexable_words("running", stemmer.as_ref(), &[]);
        let french = remembered_indexable_words("running", get_stemmer("fr").as_ref(), &[]);
        assert_eq!(english[0].stemmed, "run");
        assert_eq!(
            *french,
            *indexable_words("running", get_stemmer("fr").as_ref(), &[])
        );
    }
}
