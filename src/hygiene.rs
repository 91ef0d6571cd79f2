//! Text hygiene: characters in a text that readers see as boxes or dots and authors cannot see
//! at all, found at their place and named.
//!
//! Scraped and imported news text carries debris: a Hebrew accent after an apostrophe
//! ("l’֤État"), zero-width spaces inside words, bidi controls, soft hyphens in titles, C1
//! control characters. They break search matching and copy-paste. `gazette check` reports
//! them; `check --fix-text` and the importers remove the kinds that are debris beyond doubt
//! ([`Kind::is_debris`]); the build leaves text as written, so nothing is lost silently.

use std::fmt;

use unicode_normalization::char::is_combining_mark;
use unicode_script::{Script, UnicodeScript};

/// What is suspicious about a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A combining mark after no letter (at the start, after a space or punctuation): it
    /// sits on nothing and shows as a dotted circle or a box.
    StrayMark,
    /// A combining mark of one script on a letter of another, foreign to the text's language.
    ForeignMark,
    /// A zero-width space, joiner or non-joiner between two letters of a word.
    ZeroWidthInWord,
    /// A bidirectional control (LRM, RLO, isolates…): it reorders the text around it.
    BidiControl,
    /// A soft hyphen in a title or summary, where no line is ever broken.
    SoftHyphen,
    /// A C1 control character (U+0080 to U+009F), usually text decoded with the wrong encoding.
    C1Control,
    /// Two no-break spaces in a row.
    DoubledNoBreakSpace,
}

impl Kind {
    /// Whether the character can be removed without a doubt: it carries nothing a reader could
    /// miss. The other kinds may be meant (a bidi mark in Arabic, a soft hyphen in a body).
    pub fn is_debris(self) -> bool {
        matches!(self, Kind::StrayMark | Kind::ZeroWidthInWord)
    }

    /// How a message names the kind, for grouping repeated warnings.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::StrayMark => "a combining mark on no letter",
            Kind::ForeignMark => "a combining mark from another script",
            Kind::ZeroWidthInWord => "a zero-width character inside a word",
            Kind::BidiControl => "a bidirectional control",
            Kind::SoftHyphen => "a soft hyphen in a title or summary",
            Kind::C1Control => "a C1 control character",
            Kind::DoubledNoBreakSpace => "two no-break spaces in a row",
        }
    }
}

/// One suspicious character of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset of the character in the text.
    pub offset: usize,
    pub character: char,
    pub kind: Kind,
    /// The character before it, to show where it sits ("after ’").
    pub after: Option<char>,
}

impl fmt::Display for Finding {
    /// `U+05A4 HEBREW ACCENT MAHAPAKH after ’: a combining mark on no letter`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}: {}",
            describe_char(self.character),
            self.place(),
            self.kind.describe()
        )
    }
}

impl Finding {
    /// Where it sits: " after ’", " after a no-break space", " at the start of the line".
    pub fn place(&self) -> String {
        match self.after {
            None => " at the start of the line".to_owned(),
            Some(' ') => " after a space".to_owned(),
            Some('\u{00A0}') => " after a no-break space".to_owned(),
            Some('\u{202F}') => " after a narrow no-break space".to_owned(),
            Some(c) if c.is_whitespace() || c.is_control() => {
                format!(" after {}", describe_char(c))
            }
            Some(c) => format!(" after {c}"),
        }
    }
}

/// `U+05A4 HEBREW ACCENT MAHAPAKH`, or the code point alone for a character without a name.
pub fn describe_char(c: char) -> String {
    match unicode_names2::name(c) {
        Some(name) => format!("U+{:04X} {name}", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// Where in a file a text comes from: soft hyphens only matter in one-line fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A title, summary, name or alias.
    Heading,
    /// A body, where a soft hyphen is a legitimate break hint.
    Body,
}

/// Every suspicious character of `text`, in order. `language` is the text's language code
/// (`fr`, `en`…): a mark of its own script is not foreign.
pub fn scan(text: &str, field: Field, language: &str) -> Vec<Finding> {
    let own_script = script_of_language(language);
    let mut findings = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    // The last letter a run of marks sits on.
    let mut base: Option<char> = None;
    while let Some((offset, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let kind = classify(c, previous, base, next, field, own_script);
        if let Some(kind) = kind {
            findings.push(Finding {
                offset,
                character: c,
                kind,
                after: previous,
            });
        }
        if !is_combining_mark(c) {
            base = c.is_alphanumeric().then_some(c);
        }
        previous = Some(c);
    }
    findings
}

fn classify(
    c: char,
    previous: Option<char>,
    base: Option<char>,
    next: Option<char>,
    field: Field,
    own_script: Option<Script>,
) -> Option<Kind> {
    if is_combining_mark(c) {
        // A variation selector or keycap mark shapes the symbol before it (❤️, ➡️, 1️⃣): it
        // is stray only where nothing is before it.
        if is_presentation_mark(c) {
            let on_nothing = previous.is_none_or(char::is_whitespace);
            return on_nothing.then_some(Kind::StrayMark);
        }
        let Some(letter) = base else {
            return Some(Kind::StrayMark);
        };
        let script = c.script();
        let foreign = !matches!(script, Script::Inherited | Script::Common)
            && script != letter.script()
            && Some(script) != own_script;
        return foreign.then_some(Kind::ForeignMark);
    }
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
            let in_word = previous.is_some_and(is_word_char) && next.is_some_and(is_word_char);
            in_word.then_some(Kind::ZeroWidthInWord)
        }
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some(Kind::BidiControl),
        '\u{00AD}' if field == Field::Heading => Some(Kind::SoftHyphen),
        '\u{0080}'..='\u{009F}' => Some(Kind::C1Control),
        '\u{00A0}' | '\u{202F}' if matches!(previous, Some('\u{00A0}' | '\u{202F}')) => {
            Some(Kind::DoubledNoBreakSpace)
        }
        _ => None,
    }
}

/// Marks that choose how the character before them is drawn (emoji or text style, a keycap)
/// rather than adding an accent to a letter.
fn is_presentation_mark(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{20E3}')
}

/// A letter or digit of a script whose words never hold a joiner: there a zero-width
/// character is debris. (Arabic, Indic and emoji sequences use ZWJ and ZWNJ on purpose.)
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        && matches!(
            c.script(),
            Script::Latin | Script::Greek | Script::Cyrillic | Script::Common
        )
}

/// The script a language is written in, for the languages a newsroom is likely to use.
fn script_of_language(language: &str) -> Option<Script> {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    Some(match primary {
        "ru" | "uk" | "bg" | "sr" | "mk" | "be" | "kk" => Script::Cyrillic,
        "el" => Script::Greek,
        "he" | "yi" => Script::Hebrew,
        "ar" | "fa" | "ur" | "ps" => Script::Arabic,
        "hi" | "mr" | "ne" => Script::Devanagari,
        "th" => Script::Thai,
        "ka" => Script::Georgian,
        "hy" => Script::Armenian,
        "ja" | "zh" | "ko" => return None,
        _ if primary.len() == 2 || primary.len() == 3 => Script::Latin,
        _ => return None,
    })
}

/// `text` without its debris ([`Kind::is_debris`]), and what was removed. Everything else,
/// byte for byte, stays as written.
pub fn remove_debris(text: &str, field: Field, language: &str) -> (String, Vec<Finding>) {
    let removed: Vec<Finding> = scan(text, field, language)
        .into_iter()
        .filter(|f| f.kind.is_debris())
        .collect();
    if removed.is_empty() {
        return (text.to_owned(), removed);
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut from = 0;
    for finding in &removed {
        cleaned.push_str(&text[from..finding.offset]);
        from = finding.offset + finding.character.len_utf8();
    }
    cleaned.push_str(&text[from..]);
    (cleaned, removed)
}

/// One suspicious character of a file, at its 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub finding: Finding,
}

/// Every suspicious character of a source file whose body starts at `body_first_line` (its
/// front matter is read as headings: titles, summaries, names, aliases).
pub fn scan_document(text: &str, body_first_line: usize, language: &str) -> Vec<Located> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        for finding in scan(line, field_of(number, body_first_line), language) {
            let column = line[..finding.offset].chars().count() + 1;
            found.push(Located {
                line: number,
                column,
                finding,
            });
        }
    }
    found
}

/// The file's text without its debris, and what was removed. Line ends, and every other
/// character, stay as they are.
pub fn clean_document(
    text: &str,
    body_first_line: usize,
    language: &str,
) -> (String, Vec<Located>) {
    let mut cleaned = String::with_capacity(text.len());
    let mut removed = Vec::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let (line_cleaned, gone) = remove_debris(line, field_of(number, body_first_line), language);
        for finding in gone {
            let column = line[..finding.offset].chars().count() + 1;
            removed.push(Located {
                line: number,
                column,
                finding,
            });
        }
        cleaned.push_str(&line_cleaned);
    }
    (cleaned, removed)
}

fn field_of(line: usize, body_first_line: usize) -> Field {
    if line < body_first_line {
        Field::Heading
    } else {
        Field::Body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, field: Field) -> Vec<(char, Kind)> {
        scan(text, field, "fr")
            .into_iter()
            .map(|f| (f.character, f.kind))
            .collect()
    }

    #[test]
    fn a_hebrew_accent_after_an_apostrophe_is_a_stray_mark_named_with_its_place() {
        let text = "contre l’\u{05A4}État islamique";
        let found = scan(text, Field::Body, "fr");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Kind::StrayMark);
        assert_eq!(
            found[0].to_string(),
            "U+05A4 HEBREW ACCENT MAHAPAKH after ’: a combining mark on no letter"
        );
        let (cleaned, removed) = remove_debris(text, Field::Body, "fr");
        assert_eq!(cleaned, "contre l’État islamique");
        assert_eq!(removed.len(), 1);
    }

    #[test]
    fn marks_on_letters_are_fine_unless_foreign_to_letter_and_language() {
        // e + combining acute (Inherited script): a decomposed é.
        assert!(kinds("Cafe\u{0301} noir", Field::Body).is_empty());
        // A Hebrew accent on a Latin letter, in French: foreign; kept by remove_debris.
        assert_eq!(
            kinds("Etat\u{05A4}", Field::Body),
            [('\u{05A4}', Kind::ForeignMark)]
        );
        let (kept, _) = remove_debris("Etat\u{05A4}", Field::Body, "fr");
        assert_eq!(kept, "Etat\u{05A4}");
        // The same accent on a Hebrew letter is Hebrew.
        assert!(kinds("\u{05E9}\u{05A4}", Field::Body).is_empty());
        assert_eq!(
            kinds(" \u{0301}x", Field::Body),
            [('\u{0301}', Kind::StrayMark)]
        );
        assert_eq!(
            kinds("\u{0301}x", Field::Body),
            [('\u{0301}', Kind::StrayMark)]
        );
    }

    #[test]
    fn zero_width_characters_inside_latin_words_are_debris_not_elsewhere() {
        let text = "gou\u{200B}vernement et co\u{2060}op, \u{200B} seul";
        assert_eq!(
            kinds(text, Field::Body),
            [
                ('\u{200B}', Kind::ZeroWidthInWord),
                ('\u{2060}', Kind::ZeroWidthInWord)
            ]
        );
        let (cleaned, _) = remove_debris(text, Field::Body, "fr");
        assert_eq!(cleaned, "gouvernement et coop, \u{200B} seul");
        // Persian writes ZWNJ inside words; an emoji family joins with ZWJ.
        assert!(kinds("می\u{200C}خواهم", Field::Body).is_empty());
        assert!(kinds("👩\u{200D}👧", Field::Body).is_empty());
    }

    #[test]
    fn bidi_controls_c1_controls_and_doubled_no_break_spaces_are_reported_and_kept() {
        let text = "a\u{202E}b \u{0092}c d\u{00A0}\u{00A0}»";
        assert_eq!(
            kinds(text, Field::Body),
            [
                ('\u{202E}', Kind::BidiControl),
                ('\u{0092}', Kind::C1Control),
                ('\u{00A0}', Kind::DoubledNoBreakSpace)
            ]
        );
        assert_eq!(remove_debris(text, Field::Body, "fr").0, text);
        // One no-break space before « » ; : ! ? is French typography, not debris.
        assert!(kinds("Oui\u{00A0}! « Non\u{202F}»", Field::Body).is_empty());
    }

    #[test]
    fn a_document_is_cleaned_line_by_line_keeping_its_line_ends() {
        let text =
            "---\r\ntitle: Gouverne\u{00AD}ment\r\n---\r\nl’\u{05A4}État, gou\u{200B}vernement\r\n";
        let found = scan_document(text, 4, "fr");
        let at: Vec<(usize, usize, Kind)> = found
            .iter()
            .map(|f| (f.line, f.column, f.finding.kind))
            .collect();
        assert_eq!(
            at,
            [
                (2, 16, Kind::SoftHyphen),
                (4, 3, Kind::StrayMark),
                (4, 13, Kind::ZeroWidthInWord)
            ]
        );
        let (cleaned, removed) = clean_document(text, 4, "fr");
        assert_eq!(
            cleaned,
            "---\r\ntitle: Gouverne\u{00AD}ment\r\n---\r\nl’État, gouvernement\r\n"
        );
        assert_eq!(removed.len(), 2);
    }

    #[test]
    fn soft_hyphens_count_in_headings_only() {
        assert_eq!(
            kinds("Gouverne\u{00AD}ment", Field::Heading),
            [('\u{00AD}', Kind::SoftHyphen)]
        );
        assert!(kinds("Gouverne\u{00AD}ment", Field::Body).is_empty());
    }
}
