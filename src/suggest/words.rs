//! The word lists `actors suggest` judges names by, shipped as data files beside this module
//! (`data/*.txt`, read with `include_str!`): stop words, organisation and place words,
//! gazetteers of countries and places, first names, products. The months and weekdays, the
//! titles (honorifics) and the surname particles are the model's lists
//! (`crate::model::mention`), so that mention detection and suggestions agree on them.
//!
//! Every list is looked up by the folded form of a word ([`fold_word`]: lower case, no
//! accents), so "Etats-Unis" and "États-Unis", "Ministère" and "ministère" are one entry.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxBuildHasher;

use super::tally::word_hash;

/// A set looked up once per word of the archive: Fx hashing, not SipHash.
type Set = HashSet<String, FxBuildHasher>;
use std::sync::OnceLock;

/// Lower case, accents dropped, curly apostrophes made straight: the form the lists hold.
pub fn fold_word(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    fold_word_into(word, &mut folded);
    folded
}

/// [`fold_word`] into a buffer the caller reuses (this runs for every word of the archive).
pub fn fold_word_into(word: &str, folded: &mut String) {
    folded.clear();
    if word.is_ascii() {
        folded.push_str(word);
        folded.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match c {
            '’' | '‘' | 'ʼ' => folded.push('\''),
            c if c.is_ascii() => folded.push(c.to_ascii_lowercase()),
            c => match deunicode::deunicode_char(c) {
                Some(ascii) if !ascii.is_empty() => {
                    let from = folded.len();
                    folded.push_str(ascii);
                    folded[from..].make_ascii_lowercase();
                }
                _ => folded.extend(c.to_lowercase()),
            },
        }
    }
}

/// The key a name is counted by: [`name_key`](crate::model::mention::name_key), computed
/// one character at a time without its intermediate strings when the name holds no symbol
/// it spells out (`+`, `#`) and no invisible character (this runs for every mention).
pub fn key_of(name: &str) -> String {
    let symbol = name.contains(['+', '#']);
    let invisible = !name.is_ascii() && name.chars().any(crate::model::slug::is_format_char);
    if symbol || invisible {
        return crate::model::mention::name_key(name);
    }
    let mut key = crate::model::slug::AsciiWords::new(' ', name.len());
    for c in name.chars() {
        if c.is_ascii() {
            key.push(c);
        } else {
            // As `deunicode` spells a character it does not know: "[?]".
            let ascii = deunicode::deunicode_char(c).unwrap_or("[?]");
            ascii.chars().for_each(|a| key.push(a));
        }
    }
    key.into_string()
}

/// The lists a word is in, of those a token's flags come from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Listing {
    pub stop: bool,
    pub calendar: bool,
    pub honorific: bool,
    pub organisation: bool,
    pub place_word: bool,
    pub french: bool,
    pub english: bool,
}

/// The lists, parsed once.
pub struct Lexicon {
    stop: Set,
    french: Set,
    english: Set,
    calendar: Set,
    particles: Set,
    /// The titles of the model's surname resolution, singular and plural: one list.
    honorifics: Set,
    plural_honorifics: Set,
    organisation: Set,
    place_words: Set,
    countries: Set,
    places: Set,
    first_names: Set,
    common_acronyms: Set,
    demonyms: Set,
    titles: Set,
    products: Set,
    events: Set,
    /// Every word of the word lists a token's flags come from, by its [`word_hash`]: most
    /// words of a text are in none, and one look-up with the hash the word is counted by
    /// anyway says so.
    listed: HashMap<u64, (String, Listing), FxBuildHasher>,
    /// The lower-case honorifics as written ("général", not "general", an English adjective).
    lower_honorifics: Set,
}

/// Every word of a list file, folded; `#` starts a comment line.
fn words_of(text: &str) -> Set {
    lines_of(text)
        .flat_map(|line| line.split_whitespace().map(fold_word).collect::<Vec<_>>())
        .collect()
}

/// Every line of a list file (a name may have spaces), folded as a name key.
fn names_of(text: &str) -> Set {
    lines_of(text)
        .map(crate::model::mention::name_key)
        .collect()
}

fn lines_of(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

impl Lexicon {
    /// The lists shipped with gazette.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let french = words_of(include_str!("data/stop-fr.txt"));
            let english = words_of(include_str!("data/stop-en.txt"));
            let stop = french.union(&english).cloned().collect();
            let french_only = french.difference(&english).cloned().collect();
            let english_only = english.difference(&french).cloned().collect();
            let mut lexicon = Lexicon {
                stop,
                french: french_only,
                english: english_only,
                calendar: words_of(crate::model::mention::CALENDAR_WORDS),
                particles: words_of(crate::model::mention::PARTICLE_WORDS)
                    .union(&words_of(include_str!("data/particles.txt")))
                    .cloned()
                    .collect(),
                honorifics: words_of(crate::model::mention::TITLE_WORDS)
                    .union(&words_of(crate::model::mention::PLURAL_TITLE_WORDS))
                    .cloned()
                    .collect(),
                plural_honorifics: words_of(crate::model::mention::PLURAL_TITLE_WORDS),
                organisation: words_of(include_str!("data/organisation-words.txt")),
                place_words: words_of(include_str!("data/place-words.txt")),
                countries: names_of(include_str!("data/countries.txt")),
                places: names_of(include_str!("data/places.txt")),
                first_names: words_of(include_str!("data/first-names.txt")),
                common_acronyms: words_of(include_str!("data/acronyms-common.txt")),
                demonyms: words_of(include_str!("data/demonyms.txt")),
                titles: words_of(include_str!("data/titles.txt")),
                products: names_of(include_str!("data/products.txt")),
                events: words_of(include_str!("data/event-words.txt")),
                lower_honorifics: lines_of(crate::model::mention::TITLE_WORDS)
                    .chain(lines_of(crate::model::mention::PLURAL_TITLE_WORDS))
                    .filter(|line| line.starts_with(char::is_lowercase))
                    .map(str::to_owned)
                    .collect(),
                listed: HashMap::default(),
            };
            lexicon.listed = lexicon.listings();
            lexicon
        })
    }

    fn listings(&self) -> HashMap<u64, (String, Listing), FxBuildHasher> {
        let lists = [
            &self.stop,
            &self.calendar,
            &self.honorifics,
            &self.organisation,
            &self.place_words,
        ];
        lists
            .into_iter()
            .flatten()
            .map(|word| {
                let listing = Listing {
                    stop: self.is_stop(word),
                    calendar: self.is_calendar(word),
                    honorific: self.is_honorific(word),
                    organisation: self.is_organisation_word(word),
                    place_word: self.is_place_word(word),
                    french: self.is_french(word),
                    english: self.is_english(word),
                };
                (word_hash(word), (word.clone(), listing))
            })
            .collect()
    }

    /// The lists of stop words, months, honorifics, organisation or place words a folded
    /// word is in, found by its [`word_hash`]; `None` when in none of them.
    pub fn listing(&self, hash: u64, folded: &str) -> Option<&Listing> {
        self.listed
            .get(&hash)
            .filter(|(word, _)| word == folded)
            .map(|(_, listing)| listing)
    }

    /// A function word or a common sentence opener ("Selon", "The", "However").
    pub fn is_stop(&self, folded: &str) -> bool {
        self.stop.contains(folded)
    }

    /// A function word of French and not of English ("le", "une"): tells a French line.
    pub fn is_french(&self, folded: &str) -> bool {
        self.french.contains(folded)
    }

    /// A function word of English and not of French ("the", "was").
    pub fn is_english(&self, folded: &str) -> bool {
        self.english.contains(folded)
    }

    /// A month or a weekday ("Mardi", "January").
    pub fn is_calendar(&self, folded: &str) -> bool {
        self.calendar.contains(folded)
    }

    /// A lower-case word that may stand inside a name ("de", "van", "ibn").
    pub fn is_particle(&self, word: &str) -> bool {
        word.chars().next().is_some_and(char::is_lowercase) && self.particles.contains(word)
    }

    /// A word that leads a person's name ("M", "Mme", "président").
    pub fn is_honorific(&self, folded: &str) -> bool {
        self.honorifics.contains(folded)
    }

    /// Whether a lower-case word, as written, is an honorific ("général", never the English
    /// "general"); a capitalised honorific counts in any accents ("Général", "General").
    pub fn is_lower_honorific(&self, word: &str) -> bool {
        self.lower_honorifics.contains(word)
    }

    /// A title for several people ("MM", "Messrs", "ministres"), folded.
    pub fn is_plural_honorific(&self, folded: &str) -> bool {
        self.plural_honorifics.contains(folded)
    }

    /// A job title or role ("Director", "Maintainer"): no actor by itself.
    pub fn is_title(&self, folded: &str) -> bool {
        self.titles.contains(folded)
    }

    pub fn is_organisation_word(&self, folded: &str) -> bool {
        self.organisation.contains(folded)
    }

    pub fn is_place_word(&self, folded: &str) -> bool {
        self.place_words.contains(folded)
    }

    /// A country, by its name key ("etats unis", "united states").
    pub fn is_country(&self, key: &str) -> bool {
        self.countries.contains(key)
    }

    /// A capital, a city or a region, by its name key.
    pub fn is_place(&self, key: &str) -> bool {
        self.places.contains(key)
    }

    pub fn is_first_name(&self, folded: &str) -> bool {
        self.first_names.contains(folded)
    }

    /// A nationality or a language ("French", "Européens"): capitalised, yet no actor.
    pub fn is_demonym(&self, folded: &str) -> bool {
        self.demonyms.contains(folded)
    }

    /// A piece of software, a language, a format or a device, by its name key
    /// ("javascript", "microsoft office"): a thing, not an actor.
    pub fn is_product(&self, key: &str) -> bool {
        self.products.contains(key)
    }

    /// A word that makes a name an event's ("Conference", "Summit", "Hackathon").
    pub fn is_event_word(&self, folded: &str) -> bool {
        self.events.contains(folded)
    }

    /// An all-capital word that names a thing, not an actor ("PDF", "CEO").
    pub fn is_common_acronym(&self, folded: &str) -> bool {
        self.common_acronyms.contains(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_read_folded() {
        let lexicon = Lexicon::get();
        assert!(lexicon.is_stop("selon") && lexicon.is_stop("the"));
        assert!(lexicon.is_calendar("fevrier") && lexicon.is_calendar("monday"));
        assert!(lexicon.is_honorific("mme") && lexicon.is_honorific("president"));
        assert!(lexicon.is_organisation_word("ministere"));
        assert!(lexicon.is_country("etats unis") && lexicon.is_country("germany"));
        assert!(lexicon.is_place("geneve") && lexicon.is_place("new york"));
        assert!(lexicon.is_particle("van") && !lexicon.is_particle("Van"));
        assert!(lexicon.is_first_name("helene"));
        assert_eq!(fold_word("Ministère’s"), "ministere's");
    }

    #[test]
    fn the_quick_name_key_agrees_with_the_model_s() {
        for name in [
            "Zoltán Georgiou",
            "Lefèvre-Nguyen",
            "Margaret O’Connor",
            "  Ángel  Ibáñez ",
            "Organisation mondiale de la santé",
            "Œuvre d’Orient",
            "北京 Beijing",
            "C++ Foundation",
            "F# Team",
            "Straße Ünïcödé ß",
            "Ab\u{200B}cd",
            "",
            "—",
        ] {
            assert_eq!(
                key_of(name),
                crate::model::mention::name_key(name),
                "{name}"
            );
        }
    }
}
