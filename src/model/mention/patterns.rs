//! The patterns one detector searches for: each distinct folded spelling of every name, alias
//! and surname once, with everything it may name.

use rustc_hash::FxHashMap;

use super::case::{self, Case};
use super::{Family, MentionDetector, Targets, fold, surname, word_hash};
use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// The patterns of a detector as they are added: one entry per distinct folded spelling.
#[derive(Default)]
pub(super) struct PatternTable {
    folded: Vec<String>,
    targets: Vec<Targets>,
    by_text: FxHashMap<String, usize>,
    families: Vec<Family>,
    family_of: FxHashMap<String, usize>,
}

impl PatternTable {
    pub(super) fn add_name(&mut self, name: &str, actor: usize) {
        let case = Case::of(name.trim());
        for at in self.spellings(name) {
            let names = &mut self.targets[at].names;
            if !names.contains(&(actor, case)) {
                names.push((actor, case));
            }
        }
    }

    pub(super) fn add_surname(&mut self, surname: &str, person: usize) {
        let key = fold(surname.trim()).text.trim().to_owned();
        if !key.chars().any(char::is_alphanumeric) {
            return;
        }
        let next = self.families.len();
        let family = *self.family_of.entry(key.clone()).or_insert(next);
        if family == next {
            self.families.push(Family {
                people: Vec::new(),
                needs_title: surname::is_calendar_word(&key),
            });
        }
        if !self.families[family].people.contains(&person) {
            self.families[family].people.push(person);
        }
        let case = Case::of(surname.trim());
        for at in self.spellings(surname) {
            self.targets[at].surname = Some((family, case));
        }
    }

    /// The patterns `name` is searched as (its hyphen variants), created as needed.
    fn spellings(&mut self, name: &str) -> Vec<usize> {
        let folded = fold(name.trim()).text;
        let folded = folded.trim();
        if !folded.chars().any(char::is_alphanumeric) {
            return Vec::new();
        }
        case::hyphen_variants(folded)
            .into_iter()
            .map(|text| {
                let next = self.folded.len();
                let at = *self.by_text.entry(text.clone()).or_insert(next);
                if at == next {
                    self.folded.push(text);
                    self.targets.push(Targets::default());
                }
                at
            })
            .collect()
    }

    pub(super) fn build(self) -> Option<MentionDetector> {
        if self.folded.is_empty() {
            return None;
        }
        // A DFA is the fastest search, and a few thousand short names keep it small.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self.folded)
            .expect("patterns of folded names always build");
        let by_last_word = by_last_word(&self.folded);
        Some(MentionDetector {
            automaton,
            patterns: self.targets,
            families: self.families,
            by_last_word,
        })
    }
}

/// The folded patterns by the hash of their last word ("la ministre cho" by "cho": of their
/// words, the most telling), each as the hashes of its words (runs of letters and digits);
/// a pattern's hyphen variants have the same words and are kept once.
fn by_last_word(folded: &[String]) -> FxHashMap<u64, Vec<Box<[u64]>>> {
    let mut patterns: FxHashMap<u64, Vec<Box<[u64]>>> = FxHashMap::default();
    for text in folded {
        let words: Box<[u64]> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(word_hash)
            .collect();
        // Every pattern has a letter or a digit (see `spellings`).
        let Some(&last) = words.last() else {
            continue;
        };
        let list = patterns.entry(last).or_default();
        if !list.contains(&words) {
            list.push(words);
        }
    }
    patterns
}
