//! Mention detection: which profiled actors an article's text names, and where.
//!
//! Every name and alias of every profile is searched at once with one Aho-Corasick automaton
//! (leftmost-longest, so "Front al-Nosra" wins over "al-Nosra"). Text pasted from the web is
//! folded before matching: case and accents dropped, every kind of space made one space, every
//! apostrophe made `'`, invisible and combining characters removed. A match counts only as a
//! whole word (French elision such as `l’` or `d’` and honorifics such as `M.` stand outside
//! the name) and, when the name is written with a capital, only where the text has one too, so
//! "Pierre" the minister is not "pierre" the stone.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

/// One name found in a text: which actor, and where (byte range of the original text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub actor: usize,
    pub start: usize,
    pub end: usize,
}

/// Finds the names of many actors in texts; built once per build, shared across threads.
#[derive(Debug)]
pub struct MentionDetector {
    automaton: AhoCorasick,
    /// For each pattern: the actor it names, and how its capitals must appear in the text.
    patterns: Vec<(usize, Case)>,
}

impl MentionDetector {
    /// Builds a detector from `(name or alias, actor)` pairs; `None` when there is nothing to find.
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, usize)>) -> Option<MentionDetector> {
        let mut folded_patterns = Vec::new();
        let mut patterns = Vec::new();
        for (name, actor) in names {
            let folded = fold(name.trim()).text;
            let folded = folded.trim();
            if folded.chars().any(char::is_alphanumeric) {
                folded_patterns.push(folded.to_owned());
                patterns.push((actor, Case::of(name.trim())));
            }
        }
        if patterns.is_empty() {
            return None;
        }
        // A DFA is the fastest search, and a few thousand short names keep it small.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&folded_patterns)
            .expect("patterns of folded names always build");
        Some(MentionDetector {
            automaton,
            patterns,
        })
    }

    /// Every whole-word mention in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let folded = fold(text);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(hit) = self
            .automaton
            .find(Input::new(&folded.text).span(from..folded.text.len()))
        {
            let (start, end) = (hit.start(), hit.end());
            let (actor, case) = self.patterns[hit.pattern().as_usize()];
            let (original_start, original_end) = (folded.origin(start), folded.origin(end));
            let valid = is_word(&folded.text, start, end)
                && !in_address(&folded.text, start, end)
                && case.accepts(&text[original_start..original_end]);
            if valid {
                found.push(Mention {
                    actor,
                    start: original_start,
                    end: trim_end(text, original_start, original_end),
                });
                from = end;
            } else {
                // A shorter name may start inside a rejected one ("MM. Lavrov" holds "Lavrov").
                from = start
                    + folded.text[start..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
            }
        }
        found
    }
}

/// How the capitals of a name must appear in the text for a match to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// "lavrov", "port autonome": any case.
    Any,
    /// "Pierre": the text starts with a capital too.
    Capitalised,
    /// "WHO", "EU": every letter a capital, so the pronoun "who" is not the organisation.
    Acronym,
}

impl Case {
    fn of(name: &str) -> Case {
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            Case::Acronym
        } else if letters.first().is_some_and(|c| c.is_uppercase()) {
            Case::Capitalised
        } else {
            Case::Any
        }
    }

    fn accepts(self, matched: &str) -> bool {
        let mut letters = matched.chars().filter(|c| c.is_alphabetic());
        match self {
            Case::Any => true,
            Case::Capitalised => letters.next().is_some_and(char::is_uppercase),
            Case::Acronym => letters.all(|c| c.is_uppercase()),
        }
    }
}

/// A folded text and, for each of its bytes, the byte of the original text it came from.
struct Folded {
    text: String,
    /// One entry per byte of `text`, plus one for its end (u32: texts are Markdown files).
    origin: Vec<u32>,
}

/// Lower case, no accents, one kind of space and apostrophe, no invisible characters.
/// Runs over every article's text: runs of ASCII that fold byte for byte (most of a text)
/// are copied whole and lowercased in place; every other character goes through
/// [`fold_char`].
fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len() + 1),
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let mut after_space = folded.text.ends_with(' ');
        while let Some(&byte) = bytes.get(at) {
            let same_length = match byte {
                // A space after a space is merged into it: not byte for byte.
                b' ' => !after_space,
                b'\t'..=b'\r' | b'`' => false,
                byte => byte.is_ascii(),
            };
            if !same_length {
                break;
            }
            after_space = byte == b' ';
            at += 1;
        }
        if at > start {
            let from = folded.text.len();
            folded.text.push_str(&text[start..at]);
            folded.text[from..].make_ascii_lowercase();
            folded.origin.extend(start as u32..at as u32);
        }
        if let Some(c) = text[at..].chars().next() {
            fold_char(&mut folded, c, at as u32);
            at += c.len_utf8();
        }
    }
    folded.origin.push(text.len() as u32);
    folded
}

/// Folds one character at byte `at` of the original text.
fn fold_char(folded: &mut Folded, c: char, at: u32) {
    match c {
        'A'..='Z' | 'a'..='z' | '0'..='9' => folded.push(c.to_ascii_lowercase(), at),
        c if c.is_whitespace() => {
            if !folded.text.ends_with(' ') {
                folded.push(' ', at);
            }
        }
        '\u{200B}'..='\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{0300}'..='\u{036F}' => {}
        '\'' | '’' | '‘' | 'ʼ' | '`' | '´' | '′' => folded.push('\'', at),
        '‐' | '‑' => folded.push('-', at),
        c if c.is_ascii() => folded.push(c, at),
        c => match deunicode::deunicode_char(c) {
            Some(ascii)
                if !ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                for b in ascii.bytes() {
                    folded.push(b.to_ascii_lowercase() as char, at);
                }
            }
            _ => {
                for lower in c.to_lowercase() {
                    folded.push(lower, at);
                }
            }
        },
    }
}

impl Folded {
    fn push(&mut self, c: char, at: u32) {
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    /// The byte of the original text a folded byte came from.
    fn origin(&self, folded_byte: usize) -> usize {
        self.origin[folded_byte] as usize
    }
}

/// True when `text[start..end]` is a whole word: no letter, digit or hyphen joins it on
/// either side (an apostrophe or a full stop may: `l'etat`, `m. lavrov`, `obama's`).
fn is_word(text: &str, start: usize, end: usize) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '@';
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(joins) && !after.is_some_and(joins)
}

/// True when `text[start..end]` lies in a web or e-mail address: the space-separated word
/// around it holds `://`, starts with `www.`, or holds an `@`. Checked only for matches, so
/// text without names costs nothing.
fn in_address(text: &str, start: usize, end: usize) -> bool {
    let word_start = text[..start].rfind(' ').map_or(0, |i| i + 1);
    let word_end = text[end..].find(' ').map_or(text.len(), |i| end + i);
    let word = &text[word_start..word_end];
    word.contains("://") || word.starts_with("www.") || word.contains('@')
}

/// The end of a match in the original text, without the invisible characters folded away.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let kept = text[start..end].trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
    });
    start + kept.len()
}

/// The key two spellings of one name share: "Margaret O’Connor", "margaret o'connor" and
/// the slug "margaret-o-connor" all give "margaret o connor".
pub fn name_key(name: &str) -> String {
    // Spelt as slugs spell them, so that `C++` and `C#` are two names, as they are two pages.
    let ascii = deunicode::deunicode(&crate::model::slug::spell_symbols(name)).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition `fold` must agree with: one character at a time, as it was written
    /// before ASCII runs were copied whole.
    fn fold_char_by_char(text: &str) -> Folded {
        let mut folded = Folded {
            text: String::new(),
            origin: Vec::new(),
        };
        for (at, c) in text.char_indices() {
            fold_char(&mut folded, c, at as u32);
        }
        folded.origin.push(text.len() as u32);
        folded
    }

    #[test]
    fn folding_by_runs_agrees_with_folding_by_character() {
        let mut texts: Vec<String> = [
            "",
            "Sergueï  Lavrov\u{200B}a",
            "  \u{a0} Œuvre d’État — Straße İstanbul ﬁn  ",
            "l'ÉTAT\u{00AD}\u{0301}x\u{2060}\u{2060} M. LAVROV,\tWHO\n\n",
            "日本 Ωμέγα\t\n ‐‑ `x´ \r\n\x0b\x0c end",
        ]
        .map(str::to_owned)
        .to_vec();
        // Pseudo-random mixes of the characters above, with a fixed seed.
        let palette: Vec<char> = texts.concat().chars().collect();
        let mut random = fastrand::Rng::with_seed(7);
        for length in 1..300 {
            let text = (0..length)
                .map(|_| palette[random.usize(..palette.len())])
                .collect();
            texts.push(text);
        }
        for text in &texts {
            let (expected, found) = (fold_char_by_char(text), fold(text));
            assert_eq!(found.text, expected.text, "{text:?}");
            assert_eq!(found.origin, expected.origin, "{text:?}");
        }
    }

    fn detector() -> MentionDetector {
        MentionDetector::new([
            ("Sergueï Lavrov", 0),
            ("Lavrov", 0),
            ("M. Lavrov", 0),
            ("État islamique", 1),
            ("Bachar el-Assad", 2),
            ("Assad", 2),
            ("Barack Obama", 3),
            ("Obama", 3),
            ("Front al-Nosra", 4),
            ("al-Nosra", 5),
            ("Margaret O’Connor", 6),
            ("Pierre", 7),
            ("OMS", 8),
            ("WHO", 8),
            ("port autonome", 9),
        ])
        .unwrap()
    }

    fn names(text: &str) -> Vec<(usize, &str)> {
        detector()
            .find(text)
            .into_iter()
            .map(|m| (m.actor, &text[m.start..m.end]))
            .collect()
    }

    #[test]
    fn elision_and_apostrophes() {
        assert_eq!(names("l’État islamique recule"), [(1, "État islamique")]);
        assert_eq!(names("l'Etat islamique"), [(1, "Etat islamique")]);
        assert_eq!(names("le régime d’Assad"), [(2, "Assad")]);
        assert_eq!(names("qu’Obama a dit"), [(3, "Obama")]);
        assert_eq!(names("Obama's speech"), [(3, "Obama")]);
        assert_eq!(
            names("Margaret O'Connor et Margaret O’Connor"),
            [(6, "Margaret O'Connor"), (6, "Margaret O’Connor")]
        );
    }

    #[test]
    fn no_break_and_thin_spaces_and_honorifics() {
        assert_eq!(names("Sergueï\u{a0}Lavrov"), [(0, "Sergueï\u{a0}Lavrov")]);
        assert_eq!(
            names("Sergueï\u{202f}Lavrov"),
            [(0, "Sergueï\u{202f}Lavrov")]
        );
        assert_eq!(names("selon M.\u{a0}Lavrov"), [(0, "M.\u{a0}Lavrov")]);
        assert_eq!(names("MM. Lavrov et Obama"), [(0, "Lavrov"), (3, "Obama")]);
        assert_eq!(names("Mme Obama"), [(3, "Obama")]);
    }

    #[test]
    fn invisible_and_combining_characters() {
        assert_eq!(
            names("Ser\u{200b}gueï Lavrov"),
            [(0, "Ser\u{200b}gueï Lavrov")]
        );
        assert_eq!(
            names("Sergue\u{0069}\u{0308} Lavrov"),
            [(0, "Sergue\u{0069}\u{0308} Lavrov")]
        );
        assert_eq!(names("Lav\u{00ad}rov"), [(0, "Lav\u{00ad}rov")]);
    }

    #[test]
    fn overlapping_names_prefer_the_longest() {
        assert_eq!(names("le Front al-Nosra"), [(4, "Front al-Nosra")]);
        assert_eq!(names("les combattants d'al-Nosra"), [(5, "al-Nosra")]);
        assert_eq!(names("Bachar el-Assad"), [(2, "Bachar el-Assad")]);
        assert_eq!(names("Sergueï Lavrov"), [(0, "Sergueï Lavrov")]);
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(names("Obamacare"), []);
        assert_eq!(names("anti-Obama"), []);
        assert_eq!(names("Lavrovien"), []);
        assert_eq!(names("OMSK"), []);
        assert_eq!(names("Obama."), [(3, "Obama")]);
        assert_eq!(names("(Obama)"), [(3, "Obama")]);
    }

    #[test]
    fn case_must_match_capitalised_names() {
        assert_eq!(names("une pierre"), []);
        assert_eq!(names("Pierre a dit"), [(7, "Pierre")]);
        assert_eq!(names("SERGUEÏ LAVROV"), [(0, "SERGUEÏ LAVROV")]);
        assert_eq!(names("l'oms"), []);
        assert_eq!(names("Who said it? The WHO did."), [(8, "WHO")]);
        assert_eq!(names("au Port autonome"), [(9, "Port autonome")]);
    }

    #[test]
    fn addresses_do_not_count() {
        assert_eq!(
            names("voir https://example.org/Lavrov et www.obama.org"),
            []
        );
        assert_eq!(names("écrire à Lavrov@example.org"), []);
    }

    #[test]
    fn name_keys_ignore_case_accents_and_apostrophes() {
        assert_eq!(name_key("Margaret O’Connor"), "margaret o connor");
        assert_eq!(name_key("margaret o'connor"), "margaret o connor");
        assert_eq!(name_key("margaret-o-connor"), "margaret o connor");
        assert_eq!(name_key("  SERGUEÏ   Lavrov "), "serguei lavrov");
    }
}
