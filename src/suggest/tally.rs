//! What `actors suggest` counts about each name and each word, article by article, and how
//! two counts are added: the sums are the same whatever order the threads finish in, and the
//! examples kept are the first ones in article order, so every run prints the same report.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

/// How many example sentences a name keeps.
pub const EXAMPLES: usize = 3;

/// Where a name was used: article (its index in the sorted file list), 1-based line, and
/// the byte the name starts at in that line. The sentence around it is found only for the
/// examples printed (see `suggest::example_sentence`), not for every one kept on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Example {
    pub article: u32,
    pub line: u32,
    pub at: u32,
}

/// Texts and how often each was seen, in first-seen order; a handful per name.
#[derive(Debug, Clone, Default)]
pub struct Counts(pub Vec<(String, u32)>);

impl Counts {
    pub fn add(&mut self, text: &str, count: u32) {
        match self.0.iter_mut().find(|(t, _)| t == text) {
            Some((_, n)) => *n += count,
            None => self.0.push((text.to_owned(), count)),
        }
    }

    /// Adds `other`'s counts; its texts move over rather than being copied (this runs for
    /// every name of every article).
    pub fn merge(&mut self, other: Counts) {
        for (text, count) in other.0 {
            match self.0.iter_mut().find(|(t, _)| *t == text) {
                Some((_, n)) => *n += count,
                None => self.0.push((text, count)),
            }
        }
    }

    /// The most frequent text; ties go to the smaller text, so the choice never depends on
    /// the order counts were added in.
    pub fn best(&self) -> Option<&str> {
        self.0
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(text, _)| text.as_str())
    }

    /// Every text, most frequent first.
    pub fn ranked(&self) -> Vec<(&str, u32)> {
        let mut ranked: Vec<(&str, u32)> = self.0.iter().map(|(t, n)| (t.as_str(), *n)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        ranked
    }
}

/// Everything counted about one name (one name key).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub articles: u32,
    pub mentions: u32,
    /// Mentions that open a sentence, where a capital proves nothing.
    pub initial: u32,
    /// Mentions led by an honorific ("M. Kerry").
    pub honorific: u32,
    /// Mentions after a preposition of place ("à Rivemont", "in Geneva").
    pub place: u32,
    /// The name as written (case and accents), to print the most common spelling.
    pub spellings: Counts,
    /// Other forms grouped into this name: surname, honorific + surname, acronym.
    pub aliases: Counts,
    pub examples: Vec<Example>,
    /// For a name continued past its capitals ("Union" → "Union européenne"): the key of the
    /// shorter name it continues.
    pub parent: Option<String>,
    /// Mentions that could be continued (in French lines): what a continuation's share is
    /// measured against, since English lines never continue ("the Port autonome du Fleuve"
    /// in an English article stays "Port").
    pub continuable: u32,
    pub acronym: bool,
}

impl Tally {
    pub fn merge(&mut self, other: Tally) {
        self.articles += other.articles;
        self.mentions += other.mentions;
        self.initial += other.initial;
        self.honorific += other.honorific;
        self.place += other.place;
        self.continuable += other.continuable;
        self.spellings.merge(other.spellings);
        self.aliases.merge(other.aliases);
        self.add_examples(other.examples);
        if self.parent.is_none() {
            self.parent = other.parent;
        }
        self.acronym |= other.acronym;
    }

    /// Keeps the first [`EXAMPLES`] examples in article order, one per article.
    pub fn add_examples(&mut self, examples: Vec<Example>) {
        self.examples.extend(examples);
        self.examples.sort_unstable();
        self.examples.dedup_by_key(|e| e.article);
        self.examples.truncate(EXAMPLES);
    }

    /// The name as most often written.
    pub fn display(&self) -> &str {
        self.spellings.best().unwrap_or("")
    }
}

/// How a word is written where a capital means something: capitalised inside a sentence,
/// or in lower case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordUse {
    pub capitalised: u32,
    pub lower: u32,
}

impl WordUse {
    /// The share of lower-case uses: near 1 for a common word, near 0 for a name.
    pub fn lower_share(self) -> f64 {
        let all = self.capitalised + self.lower;
        if all == 0 {
            0.0
        } else {
            f64::from(self.lower) / f64::from(all)
        }
    }
}

pub type Map<K, V> = HashMap<K, V, FxBuildHasher>;

/// The counts of a whole archive, or of the articles one thread read.
#[derive(Debug, Default)]
pub struct Tallies {
    pub names: Map<String, Tally>,
    /// By the hash of the folded word.
    pub words: Map<u64, WordUse>,
    /// "Organisation mondiale de la santé (OMS)": acronym key → keys of the names it followed.
    pub partners: Map<String, Counts>,
    pub articles: u32,
}

impl Tallies {
    pub fn merge(mut self, mut other: Tallies) -> Tallies {
        if other.names.len() > self.names.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (key, tally) in other.names {
            self.names.entry(key).or_default().merge(tally);
        }
        for (hash, word) in other.words {
            let entry = self.words.entry(hash).or_default();
            entry.capitalised += word.capitalised;
            entry.lower += word.lower;
        }
        for (key, partners) in other.partners {
            self.partners.entry(key).or_default().merge(partners);
        }
        self.articles += other.articles;
        self
    }

    pub fn word(&self, folded: &str) -> WordUse {
        self.words
            .get(&word_hash(folded))
            .copied()
            .unwrap_or_default()
    }
}

/// The hash words are counted by (stable across runs and threads).
pub fn word_hash(folded: &str) -> u64 {
    use std::hash::BuildHasher;
    FxBuildHasher.hash_one(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_the_first_examples_one_per_article_whatever_the_order() {
        let example = |article, line| Example {
            article,
            line,
            at: 0,
        };
        let mut a = Tally::default();
        a.add_examples(vec![example(5, 1), example(2, 9)]);
        let mut b = Tally::default();
        b.add_examples(vec![example(2, 3), example(7, 1), example(1, 4)]);
        let (mut ab, mut ba) = (a.clone(), b.clone());
        ab.merge(b);
        ba.merge(a);
        assert_eq!(ab.examples, [example(1, 4), example(2, 3), example(5, 1)]);
        assert_eq!(ab.examples, ba.examples);
    }

    #[test]
    fn the_best_spelling_is_the_most_frequent_then_the_smallest() {
        let mut counts = Counts::default();
        counts.add("Zoé", 2);
        counts.add("Zoe", 2);
        counts.add("ZOÉ", 1);
        assert_eq!(counts.best(), Some("Zoe"));
    }
}
