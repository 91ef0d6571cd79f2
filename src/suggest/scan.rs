//! Reading one article for `actors suggest`: its words, and the names among them.
//!
//! A name is a run of capitalised words and acronyms, with lower-case particles inside
//! ("Charles de Gaulle", "Giscard d’Estaing", "Front al-Nosra"), possibly led by an
//! honorific ("M. Kerry", "MM. Kerry et Poutine", "le président Macron"). A capitalised
//! function word or month opening a sentence is not part of it ("Selon Hélène Marchetti").
//! A name led by an organisation word is also continued past its capitals ("Union" →
//! "Union européenne", "Organisation mondiale de la santé"), every continuation counted, so
//! that the archive-wide counts can tell the usual one from chance (see `group`).
//! Names a profile already answers to are masked first with the site's own detector.
//! Within the article, a surname alone refers to the full name it shares ("John Kerry" …
//! "M. Kerry"), and an acronym to the name it follows in parentheses or abbreviates.

use super::tally::{Example, Map, Tallies, Tally, WordUse, word_hash};
use super::text::{Line, is_abbreviation, tidy};
use super::words::{Lexicon, Listing, fold_word_into, key_of};
use crate::model::mention::{MentionDetector, name_key};

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// "Kerry", "Lefèvre-Nguyen", "al-Nosra".
    Capitalised,
    /// "ONU", "NATO": two to seven capitals.
    Acronym,
    /// "de", "van", "d’": may stand inside a name.
    Particle,
    Lower,
    /// A number, a single capital, a word in capitals, a known name: never in a name.
    Other,
}

const STOP: u16 = 1;
const CALENDAR: u16 = 2;
const HONORIFIC: u16 = 4;
const ORGANISATION: u16 = 8;
const AND: u16 = 16;
const PLACE_BEFORE: u16 = 32;
const PLACE_NOUN: u16 = 64;
/// A function word only French or only English has ("le", "the").
const FRENCH: u16 = 128;
const ENGLISH: u16 = 256;
/// "Kerry's": the name ends here, what follows is what it has.
const POSSESSIVE: u16 = 512;

/// One word of a line.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    shape: Shape,
    /// Only spaces (or an honorific's full stop) since the previous word.
    joined: bool,
    /// Opens a sentence.
    initial: bool,
    /// A full stop right after it ("M.").
    period_after: bool,
    flags: u16,
    /// The hash of the folded word, for the word counts.
    hash: u64,
}

impl Token {
    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    fn is_name_word(&self) -> bool {
        matches!(self.shape, Shape::Capitalised | Shape::Acronym)
    }
}

/// What one article holds, before it is added to the archive's counts.
#[derive(Default)]
struct Local {
    names: Map<String, Tally>,
    partners: Vec<(String, String)>,
}

/// Reads articles; shared by the threads.
pub struct Scanner<'a> {
    pub lexicon: &'a Lexicon,
    pub detector: Option<&'a MentionDetector>,
}

impl Scanner<'_> {
    /// Counts the words and names of an article's prose lines into `into`.
    pub fn article(&self, article: u32, lines: &[Line], into: &mut Tallies) {
        let mut local = Local::default();
        let mut folded = String::new();
        for line in lines {
            let known = self.known(&line.text);
            let tokens = tokenize(line, &known, self.lexicon, &mut folded, &mut into.words);
            if !is_title_case(&tokens) {
                let reader = LineReader {
                    line,
                    article,
                    tokens: &tokens,
                    french: is_french(&tokens),
                };
                reader.names(&mut local);
            }
        }
        group_in_article(&mut local, self.lexicon);
        for (acronym, name) in local.partners {
            into.partners.entry(acronym).or_default().add(&name, 1);
        }
        for (key, mut tally) in local.names {
            tally.articles = 1;
            into.names.entry(key).or_default().merge(tally);
        }
        into.articles += 1;
    }

    /// The byte ranges of the names profiles answer to.
    fn known(&self, text: &str) -> Vec<(usize, usize)> {
        // Most paragraphs name no one with a profile: a look at their words says so for less
        // than the search itself.
        let detector = self.detector.filter(|detector| detector.may_find(text));
        detector.map_or_else(Vec::new, |detector| {
            detector
                .find(text)
                .into_iter()
                .map(|m| (m.start, m.end))
                .collect()
        })
    }
}

/// The words of a line, each classified; the word counts are updated on the way.
fn tokenize(
    line: &Line,
    known: &[(usize, usize)],
    lexicon: &Lexicon,
    folded: &mut String,
    words: &mut Map<u64, WordUse>,
) -> Vec<Token> {
    let text = line.text.as_str();
    let mut tokens: Vec<Token> = Vec::new();
    let mut previous_end = 0;
    for (start, end) in word_ranges(text) {
        let gap = &text[previous_end..start];
        let after_abbreviation =
            tokens.last().is_some_and(|t| t.period_after) && is_abbreviation(&text[..previous_end]);
        let opens = if tokens.is_empty() {
            line.starts_sentence || opens_sentence(gap)
        } else {
            !after_abbreviation && opens_sentence(gap)
        };
        let joined = !tokens.is_empty()
            && (gap.chars().all(char::is_whitespace) || (after_abbreviation && gap.trim() == "."));
        let pieces = split_word(&text[start..end], start);
        for (index, (piece_start, piece_end)) in pieces.into_iter().enumerate() {
            let piece = &text[piece_start..piece_end];
            fold_word_into(piece, folded);
            let in_known = known.iter().any(|&(s, e)| piece_start < e && s < piece_end);
            // "Data.gov", "index.html": an address or a file name, not a word.
            let dotted = text[piece_end..]
                .strip_prefix('.')
                .is_some_and(|rest| rest.starts_with(char::is_alphanumeric));
            let shape = if in_known || dotted {
                Shape::Other
            } else {
                shape_of(piece, folded, lexicon)
            };
            let initial = index == 0 && opens;
            let possessive = matches!(&text[piece_end..end], "'s" | "’s");
            let hash = word_hash(folded);
            let mut flags = lexicon
                .listing(hash, folded)
                .map_or(0, |listing| flags_of(piece, listing, lexicon));
            if possessive {
                flags |= POSSESSIVE;
            }
            tokens.push(Token {
                start: piece_start,
                end: piece_end,
                shape,
                joined: if index == 0 { joined } else { true },
                initial,
                period_after: text[piece_end..].starts_with('.'),
                flags,
                hash,
            });
        }
        previous_end = end;
    }
    if !is_title_case(&tokens) {
        for token in &tokens {
            count_word(token, words);
        }
    }
    tokens
}

/// Counts a word's use: capitalised inside a sentence, or in lower case. A capital that
/// opens a sentence says nothing either way.
fn count_word(token: &Token, words: &mut Map<u64, WordUse>) {
    let (capitalised, lower) = match token.shape {
        Shape::Capitalised if !token.initial => (1, 0),
        Shape::Lower | Shape::Particle => (0, 1),
        _ => return,
    };
    let entry = words.entry(token.hash).or_default();
    entry.capitalised += capitalised;
    entry.lower += lower;
}

/// The byte ranges of the words of `text`: letters and digits, with hyphens and apostrophes
/// inside ("Lefèvre-Nguyen", "d’Assad", "O'Connor").
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some((c, width)) = char_at(text, at) {
        at += width;
        if !is_alphanumeric(c) {
            continue;
        }
        let start = at - width;
        while let Some((c, width)) = char_at(text, at) {
            let inner = matches!(c, '-' | '\'' | '’')
                && char_at(text, at + width).is_some_and(|(next, _)| is_alphanumeric(next));
            if !(is_alphanumeric(c) || inner) {
                break;
            }
            at += width;
        }
        ranges.push((start, at));
    }
    ranges
}

/// The character at byte `at` of `text` and its length, read without decoding when ASCII
/// (most bytes of prose, in English and French alike).
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text[at..].chars().next()?;
    Some((c, c.len_utf8()))
}

fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_latin_letter(c).unwrap_or_else(|| c.is_alphanumeric())
    }
}

/// `char::is_alphabetic`, with the accented letters of Latin scripts answered without
/// Unicode's tables (a search in them per accented letter was a twentieth of the time).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_latin_letter(c).unwrap_or_else(|| c.is_alphabetic())
    }
}

/// Whether a character of Latin-1 and Latin Extended-A and -B (U+00C0 to U+024F) is a letter:
/// all of them are, but `×` and `÷`; `None` outside that range.
fn is_latin_letter(c: char) -> Option<bool> {
    ('\u{C0}'..='\u{24F}')
        .contains(&c)
        .then_some(c != '×' && c != '÷')
}

/// A word split at a French elision ("l’Union" → "l’", "Union"; "d’Assad" → "d’", "Assad"),
/// without an English possessive ("Kerry's" → "Kerry").
fn split_word(word: &str, start: usize) -> Pieces {
    let mut end = start + word.len();
    for suffix in ["'s", "’s"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            end -= suffix.len();
        }
    }
    let elided = word.find(['\'', '’']).filter(|&at| {
        let prefix = &word[..at];
        [
            "l", "d", "j", "m", "n", "s", "c", "t", "qu", "jusqu", "lorsqu", "puisqu",
        ]
        .iter()
        .any(|elision| prefix.eq_ignore_ascii_case(elision))
    });
    match elided {
        Some(at) => {
            let apostrophe = word[at..].chars().next().map_or(1, char::len_utf8);
            let split = start + at + apostrophe;
            if split < end {
                Pieces([(start, split), (split, end)], 2)
            } else {
                Pieces([(start, end); 2], 1)
            }
        }
        None => Pieces([(start, end); 2], 1),
    }
}

/// One or two byte ranges of a word (no allocation: this runs for every word).
struct Pieces([(usize, usize); 2], usize);

impl IntoIterator for Pieces {
    type Item = (usize, usize);
    type IntoIter = std::iter::Take<std::array::IntoIter<(usize, usize), 2>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().take(self.1)
    }
}

/// Whether the text between two words ends a sentence or opens a quotation.
fn opens_sentence(gap: &str) -> bool {
    // `¶` marks where an HTML block (`<p>`, `<li>`) was masked (see `text`).
    gap.chars().any(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | ':' | '«' | '“' | '"' | '—' | '(' | '¶'
        )
    })
}

fn shape_of(word: &str, folded: &str, lexicon: &Lexicon) -> Shape {
    let Some(first) = word.chars().next() else {
        return Shape::Other;
    };
    let (letter_count, all_capitals, has_digit) = letters_of(word);
    if !is_letter(first)
        || has_digit
        || is_roman_numeral(word)
        || is_contraction(word)
        || is_identifier(word)
    {
        return Shape::Other;
    }
    if first.is_uppercase() {
        return match (all_capitals, letter_count) {
            (_, 1) => Shape::Other,
            // Two capitals say too little ("TH", "VO", "PL"), but for a few unions of countries.
            (true, 2) if !matches!(word, "EU" | "UE" | "UN" | "UK" | "US") => Shape::Other,
            (true, 2..=7) => Shape::Acronym,
            (true, _) => Shape::Other,
            // "Carpentries-sponsored", "COVID-related": an adjective made from a name.
            (false, _)
                if word
                    .rsplit('-')
                    .next()
                    .is_some_and(|last| last.starts_with(char::is_lowercase))
                    && word.contains('-') =>
            {
                Shape::Other
            }
            (false, _) => Shape::Capitalised,
        };
    }
    // "al-Nosra", "el-Assad": an Arabic article joined to a capitalised name.
    let arabic_article = [
        "al-", "el-", "ad-", "ar-", "as-", "at-", "az-", "an-", "ash-",
    ]
    .iter()
    .find(|article| word.starts_with(**article))
    .is_some_and(|article| word[article.len()..].starts_with(char::is_uppercase));
    if arabic_article {
        Shape::Capitalised
    } else if lexicon.is_particle(folded) {
        Shape::Particle
    } else {
        Shape::Lower
    }
}

/// How many letters a word has, whether all of them are capitals, whether it has a digit;
/// in one pass (this runs for every word).
fn letters_of(word: &str) -> (usize, bool, bool) {
    let (mut letters, mut all_capitals, mut digit) = (0, true, false);
    for c in word.chars() {
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
            all_capitals &= !c.is_ascii_lowercase();
            digit |= c.is_ascii_digit();
        } else if is_letter(c) {
            letters += 1;
            all_capitals &= c.is_uppercase();
        }
    }
    (letters, all_capitals, digit)
}

/// "PageRepairFragmentation", "getElementById": a programming identifier (two humps of
/// capitals after lower case), where "GitHub" or "PostgreSQL" have one.
fn is_identifier(word: &str) -> bool {
    let mut humps = 0;
    let mut after_lower = false;
    for c in word.chars() {
        if after_lower && c.is_uppercase() {
            humps += 1;
        }
        after_lower = c.is_lowercase();
    }
    humps >= 2
}

/// "I’m", "Don't", "we’ll": an English contraction, never a name.
fn is_contraction(word: &str) -> bool {
    word.rsplit_once(['\'', '’'])
        .is_some_and(|(_, tail)| matches!(tail, "m" | "ve" | "d" | "ll" | "re" | "t"))
}

/// "XIXe", "IIIe", "XXth", "IV": a number written in Roman numerals.
fn is_roman_numeral(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_lowercase());
    let suffix = &word[digits.len()..];
    !digits.is_empty()
        && digits
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M'))
        && matches!(
            suffix,
            "" | "e" | "er" | "ème" | "eme" | "th" | "st" | "nd" | "rd"
        )
        && digits != "MM"
        && (digits.len() > 1 || !suffix.is_empty())
}

/// The flags of a word found in the lists (`listing`); some depend on how it is written.
fn flags_of(word: &str, listing: &Listing, lexicon: &Lexicon) -> u16 {
    let honorific = listing.honorific && {
        let lower = word.starts_with(char::is_lowercase);
        !lower || lexicon.is_lower_honorific(word)
    };
    let checks = [
        (listing.stop, STOP),
        (listing.calendar, CALENDAR),
        (honorific, HONORIFIC),
        (listing.organisation, ORGANISATION),
        (
            word.eq_ignore_ascii_case("et") || word.eq_ignore_ascii_case("and"),
            AND,
        ),
        (
            matches!(word, "à" | "À" | "en" | "in" | "at" | "near" | "vers"),
            PLACE_BEFORE,
        ),
        (listing.place_word, PLACE_NOUN),
        (listing.french, FRENCH),
        (listing.english, ENGLISH),
    ];
    let mut flags = 0;
    for (holds, flag) in checks {
        if holds {
            flags |= flag;
        }
    }
    flags
}

/// A line in title case ("Port Strike Ends After Thirteen Weeks") names nothing reliably:
/// most of its words are capitalised mid-sentence, function words too. A sentence dense
/// with names ("In Geneva, Mayor Ana Moreau met John Kerry") capitalises no function word.
fn is_title_case(tokens: &[Token]) -> bool {
    let words = tokens.iter().filter(|t| t.shape != Shape::Other).count();
    let capitalised = tokens
        .iter()
        .filter(|t| t.shape == Shape::Capitalised && !t.initial);
    let function_words = capitalised.clone().filter(|t| t.has(STOP)).count();
    words >= 4 && function_words > 0 && capitalised.count() * 10 >= words * 7
}

/// An honorific leading a name, as written.
struct Honorific {
    text: String,
    /// "MM.", "Messrs": leads several names ("MM. Kerry et Poutine").
    plural: bool,
    /// "President", "General": a capitalised title, which may be part of an organisation's
    /// name instead ("General Assembly").
    title: Option<usize>,
    /// "M.", "Mme", "Dr": may lead a surname with a particle ("M. de Gaulle"), where a title
    /// leads a place ("la maire de Rivemont").
    abbreviation: bool,
}

/// Finds the names of one line.
struct LineReader<'a> {
    line: &'a Line,
    article: u32,
    tokens: &'a [Token],
    /// See [`is_french`]: counted once per line, not once per name.
    french: bool,
}

/// Whether a line has more function words only French has than only English has.
fn is_french(tokens: &[Token]) -> bool {
    tokens.iter().filter(|t| t.has(FRENCH)).count()
        > tokens.iter().filter(|t| t.has(ENGLISH)).count()
}

impl LineReader<'_> {
    fn names(&self, local: &mut Local) {
        let tokens = self.tokens;
        let mut honorific: Option<Honorific> = None;
        let mut opener_skipped = false;
        let mut at = 0;
        while at < tokens.len() {
            let token = &tokens[at];
            if !token.joined && !honorific.as_ref().is_some_and(|h| h.plural) {
                honorific = None;
            }
            if let Some(found) = self.honorific(at) {
                honorific = Some(found);
                at += 1;
                continue;
            }
            let starts_name = token.is_name_word()
                || (honorific.as_ref().is_some_and(|h| h.abbreviation)
                    && token.shape == Shape::Particle);
            if !starts_name {
                let keeps = token.has(AND) && honorific.as_ref().is_some_and(|h| h.plural);
                if !keeps {
                    honorific = None;
                }
                opener_skipped = false;
                at += 1;
                continue;
            }
            let opener = token.initial && token.has(STOP) && honorific.is_none();
            // "Président de PostgreSQLFr": a title alone is not a name.
            let title = token.has(HONORIFIC);
            if token.shape == Shape::Capitalised && (opener || title || token.has(CALENDAR)) {
                // "Selon Hélène Marchetti": the name starts after the opener.
                opener_skipped = true;
                at += 1;
                continue;
            }
            let end = self.name_end(at);
            let initial = token.initial && !opener_skipped;
            self.emit(at, end, initial, honorific.as_ref(), local);
            opener_skipped = false;
            if !honorific.as_ref().is_some_and(|h| h.plural) {
                honorific = None;
            }
            at = end + 1;
        }
    }

    /// The honorific at `at`, when a name follows it.
    fn honorific(&self, at: usize) -> Option<Honorific> {
        let token = &self.tokens[at];
        let next = self.tokens.get(at + 1)?;
        if !token.has(HONORIFIC) || !next.joined {
            return None;
        }
        let word = &self.line.text[token.start..token.end];
        let abbreviation = token.period_after || word.chars().count() <= 4;
        let next_starts = next.is_name_word()
            || (abbreviation
                && next.shape == Shape::Particle
                && self
                    .tokens
                    .get(at + 2)
                    .is_some_and(|t| t.joined && t.is_name_word()));
        // "M" is an honorific only as "M.": otherwise it is an initial.
        let needs_period = matches!(word, "M" | "MM");
        if !next_starts || (needs_period && !token.period_after) {
            return None;
        }
        let capital_title = word.starts_with(char::is_uppercase) && !abbreviation;
        let text = if token.period_after {
            format!("{word}.")
        } else {
            word.to_owned()
        };
        Some(Honorific {
            plural: Lexicon::get().is_plural_honorific(&super::words::fold_word(word)),
            text,
            title: capital_title.then_some(at),
            abbreviation,
        })
    }

    /// The last token of the name starting at `start`: capitalised words and acronyms, with
    /// up to two particles between two of them; at most six words.
    fn name_end(&self, start: usize) -> usize {
        let tokens = self.tokens;
        let mut last = start;
        let mut at = start + 1;
        while at < tokens.len() && at - start < 8 && !tokens[last].has(POSSESSIVE) {
            let token = &tokens[at];
            if !token.joined {
                break;
            }
            if token.is_name_word() && !token.has(CALENDAR) {
                last = at;
                at += 1;
            } else if token.shape == Shape::Particle {
                let particles = tokens[at..]
                    .iter()
                    .take_while(|t| t.shape == Shape::Particle && t.joined)
                    .count();
                let after = tokens.get(at + particles);
                if particles <= 2 && after.is_some_and(|t| t.joined && t.is_name_word()) {
                    at += particles;
                } else {
                    break;
                }
            } else if self.and_inside_organisation(start, at) {
                at += 1;
            } else {
                break;
            }
        }
        // A leading particle only stands after an honorific ("M. de Gaulle"); the name is
        // what follows it.
        last
    }

    /// Whether the "and" (or "et") at `at` joins two parts of one organisation's name:
    /// "Department of Health and Human Services", "National Aeronautics and Space
    /// Administration". Between people's names it separates them ("Kerry and Putin").
    fn and_inside_organisation(&self, start: usize, at: usize) -> bool {
        let tokens = self.tokens;
        let token = &tokens[at];
        if !token.has(AND) || token.shape == Shape::Other {
            return false;
        }
        let after: Vec<&Token> = tokens[at + 1..]
            .iter()
            .take_while(|t| t.joined && (t.is_name_word() || t.shape == Shape::Particle))
            .collect();
        let organisation = |t: &&Token| t.has(ORGANISATION) && t.is_name_word();
        after.first().is_some_and(|t| t.is_name_word())
            && (tokens[start..at].iter().any(|t| organisation(&t))
                || after.iter().any(organisation))
    }

    fn emit(
        &self,
        start: usize,
        end: usize,
        initial: bool,
        honorific: Option<&Honorific>,
        local: &mut Local,
    ) {
        let tokens = &self.tokens[start..=end];
        let name_words = tokens.iter().filter(|t| t.is_name_word()).count();
        let only_common = tokens
            .iter()
            .all(|t| t.shape != Shape::Acronym && t.has(STOP | HONORIFIC));
        if name_words == 0 || name_words > 6 || only_common {
            return;
        }
        let organisation = tokens.iter().any(|t| t.has(ORGANISATION));
        // "General Assembly": the title belongs to the organisation's name.
        let (start, honorific) = match honorific {
            Some(h) if organisation && h.title.is_some() => (h.title.unwrap_or(start), None),
            other => (start, other),
        };
        let text = &self.line.text;
        let display = tidy(&text[self.tokens[start].start..self.tokens[end].end]);
        let key = key_of(&display);
        if key.is_empty() {
            return;
        }
        let place = self.after_place_word(start);
        let mention = Mention {
            initial,
            place,
            honorific: honorific.map(|h| format!("{} {display}", h.text)),
            acronym: name_words == 1 && tokens[0].shape == Shape::Acronym,
            example: self.example_for(&key, start, local),
        };
        add(local, &key, &display, &mention, None);
        self.partner_after(end, &key, local);
        // English writes an organisation's name in capitals ("European Union"); past them
        // come verbs ("the Council met"). French goes on in lower case ("Union européenne").
        if self.french && self.tokens[start].has(ORGANISATION) && !mention.acronym {
            if let Some(tally) = local.names.get_mut(&key) {
                tally.continuable += 1;
            }
            self.continuations(start, end, key, &mention, local);
        }
    }

    /// Whether the name at `start` follows a preposition of place ("à Rivemont") or a place
    /// noun and a particle ("quai des Tanneurs", "rue de Rivoli").
    fn after_place_word(&self, start: usize) -> bool {
        let before = |n: usize| start.checked_sub(n).map(|at| &self.tokens[at]);
        let joined = self.tokens[start].joined;
        match (before(1), before(2)) {
            (Some(b), _) if joined && b.has(PLACE_BEFORE) => true,
            (Some(b), Some(place)) if joined && b.joined && b.shape == Shape::Particle => {
                place.shape == Shape::Lower && place.has(PLACE_NOUN)
            }
            _ => false,
        }
    }

    /// "Union européenne", "Organisation mondiale de la santé": the name continued past its
    /// capitals, each continuation ending on a word that may end a name.
    fn continuations(
        &self,
        start: usize,
        end: usize,
        key: String,
        mention: &Mention,
        local: &mut Local,
    ) {
        let mut parent = key;
        for at in end + 1..(end + 7).min(self.tokens.len()) {
            let token = &self.tokens[at];
            let stops = !token.joined
                || matches!(token.shape, Shape::Other | Shape::Acronym)
                || (token.has(STOP) && token.shape != Shape::Particle)
                || token.has(CALENDAR);
            if stops {
                break;
            }
            if token.shape == Shape::Particle {
                continue;
            }
            let display = tidy(&self.line.text[self.tokens[start].start..token.end]);
            let key = key_of(&display);
            let continued = Mention {
                honorific: None,
                example: self.example_for(&key, start, local),
                ..mention.clone()
            };
            add(local, &key, &display, &continued, Some(&parent));
            if let Some(tally) = local.names.get_mut(&key) {
                tally.continuable += 1;
            }
            self.partner_after(at, &key, local);
            parent = key;
        }
    }

    fn is_country(&self, key: &str) -> bool {
        Lexicon::get().is_country(key)
    }

    /// "… de la santé (OMS)": the acronym in parentheses right after a name is its alias.
    fn partner_after(&self, end: usize, key: &str, local: &mut Local) {
        let Some(next) = self.tokens.get(end + 1) else {
            return;
        };
        let text = &self.line.text;
        let in_parentheses = text[self.tokens[end].end..next.start].trim() == "("
            && text[next.end..].trim_start().starts_with(')');
        // "Martin Callaghan (UK)" is where someone is, not an abbreviation: an acronym
        // starts as its name does, and is no country.
        let acronym = key_of(&text[next.start..next.end]);
        let same_start = acronym.chars().next() == key.chars().next();
        if next.shape == Shape::Acronym
            && in_parentheses
            && same_start
            && !self.is_country(&acronym)
        {
            local.partners.push((acronym, key.to_owned()));
        }
    }

    /// The example sentence of a mention, when the name has none in this article yet (one
    /// per article is kept, so the others are not worth finding).
    fn example_for(&self, key: &str, at: usize, local: &Local) -> Option<Example> {
        if local.names.get(key).is_some_and(|t| !t.examples.is_empty()) {
            return None;
        }
        let (line, at) = self.line.position(self.tokens[at].start);
        Some(Example {
            article: self.article,
            line: line as u32,
            at: at as u32,
        })
    }
}

/// One use of a name.
#[derive(Clone)]
struct Mention {
    initial: bool,
    place: bool,
    /// "M. Kerry", when an honorific led it.
    honorific: Option<String>,
    acronym: bool,
    example: Option<Example>,
}

fn add(local: &mut Local, key: &str, display: &str, mention: &Mention, parent: Option<&str>) {
    // Looked up before inserting: a name is mostly seen again, and its key needs no copy.
    if !local.names.contains_key(key) {
        local.names.insert(key.to_owned(), Tally::default());
    }
    let tally = local.names.get_mut(key).expect("inserted above");
    tally.mentions += 1;
    tally.initial += u32::from(mention.initial);
    tally.place += u32::from(mention.place);
    tally.spellings.add(display, 1);
    if let Some(form) = &mention.honorific {
        tally.honorific += 1;
        tally.aliases.add(form, 1);
    }
    tally.acronym |= mention.acronym;
    if tally.examples.is_empty() {
        tally.examples.extend(mention.example);
    }
    if tally.parent.is_none() {
        tally.parent = parent.map(str::to_owned);
    }
}

/// Within one article, a surname alone ("Kerry", "M. Kerry") is the one full name ending
/// with it ("John Kerry"), and an acronym the name it abbreviates; two full names with one
/// surname leave it alone.
fn group_in_article(local: &mut Local, lexicon: &Lexicon) {
    let names: Vec<(String, String)> = local
        .names
        .iter()
        .filter(|(_, tally)| tally.parent.is_none() || tally.acronym)
        .map(|(key, tally)| (key.clone(), tally.display().to_owned()))
        .collect();
    let continued: Vec<(String, String)> = local
        .names
        .iter()
        .map(|(key, tally)| (key.clone(), tally.display().to_owned()))
        .collect();
    for (short, short_display) in &names {
        let Some(tally) = local.names.get(short) else {
            continue;
        };
        let target = if tally.acronym {
            local
                .partners
                .iter()
                .find(|(acronym, _)| acronym == short)
                .map(|(_, name)| name.clone())
                .or_else(|| abbreviated(short, &continued, lexicon))
        } else {
            full_name((short, short_display), &names, lexicon)
        };
        if let Some(target) = target.filter(|t| local.names.contains_key(t) && t != short) {
            let tally = local.names.remove(short).expect("present above");
            fold_variant(local.names.get_mut(&target).expect("checked"), tally);
        }
    }
}

/// Adds a variant's counts to a name, its spellings becoming aliases.
pub fn fold_variant(into: &mut Tally, variant: Tally) {
    let mut variant = variant;
    let spellings = std::mem::take(&mut variant.spellings);
    into.aliases.merge(spellings);
    variant.parent = None;
    variant.acronym = false;
    into.merge(variant);
}

/// The one longer person's name among `names` (key, display) whose last words are the
/// surname `surname` (key, display): "Kerry" → "John Kerry", "de Gaulle" → "Charles de Gaulle".
/// Names of organisations and places are no one's full name.
pub fn full_name(
    surname: (&str, &str),
    names: &[(String, String)],
    lexicon: &Lexicon,
) -> Option<String> {
    let (surname, surname_display) = surname;
    if lexicon.is_country(surname) || lexicon.is_place(surname) {
        return None;
    }
    let surname_words = surname_display.split_whitespace().count();
    // The key of a longer name ending with the surname ends with " <surname>": a cheap test
    // before the exact one (an article holds dozens of names, each tried against each).
    let suffix_at = |key: &str| key.len().checked_sub(surname.len() + 1);
    let ends_with_it = |key: &str| {
        suffix_at(key).is_some_and(|at| key.as_bytes()[at] == b' ' && key.ends_with(surname))
    };
    let mut found = names
        .iter()
        .filter(|(key, _)| ends_with_it(key))
        .filter(|(key, display)| {
            let words: Vec<&str> = display.split_whitespace().collect();
            words.len() > surname_words
                && name_key(&words[words.len() - surname_words..].join(" ")) == surname
                && !key
                    .split(' ')
                    .any(|w| lexicon.is_organisation_word(w) || lexicon.is_place_word(w))
                && !lexicon.is_place(key)
                && !lexicon.is_country(key)
        });
    let first = found.next()?;
    found.next().is_none().then(|| first.0.clone())
}

/// The one name among `names` (key, display) whose initials spell the acronym `acronym`
/// ("oms" → "organisation mondiale de la sante").
pub fn abbreviated(acronym: &str, names: &[(String, String)], lexicon: &Lexicon) -> Option<String> {
    let first = acronym.chars().next();
    let mut found = names
        .iter()
        .filter(|(key, _)| key.contains(' ') && key.chars().next() == first)
        .filter(|(key, _)| initials(key, lexicon) == acronym);
    let first = found.next()?;
    found.next().is_none().then(|| first.0.clone())
}

/// The initials of a name key's words but its particles: "organisation mondiale de la
/// sante" → "oms".
pub fn initials(key: &str, lexicon: &Lexicon) -> String {
    let words: Vec<&str> = key.split(' ').collect();
    if words.len() < 2 {
        return String::new();
    }
    words
        .iter()
        .filter(|w| !lexicon.is_particle(w) && !matches!(**w, "d" | "l" | "the" | "and" | "et"))
        .filter_map(|w| w.chars().next())
        .collect()
}

#[cfg(test)]
mod tests;
