//! Surnames and the titles before them: what lets "M. Kerry" name John Kerry in an article
//! that wrote "John Kerry" first.
//!
//! A newsroom names a person in full once, then by surname, often behind a title ("M.",
//! "Mrs", "le président"), and sometimes two at once behind a plural one ("MM. Kerry et
//! Poutine"). The surname is the name's last word with the particles before it ("de Gaulle",
//! "von der Leyen"), unless the profile writes one (`surname:`).

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Reading;

/// Particles that belong to the surname after them (`particles.txt`, which `actors suggest`
/// reads too): "Charles de Gaulle" is M. de Gaulle, "Marine Le Pen" is Mme Le Pen.
pub const PARTICLE_WORDS: &str = include_str!("particles.txt");

/// Words after a name that are not its surname: "Martin Luther King Jr." is M. King.
const SUFFIXES: &[&str] = &["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"];

/// Titles that lead a surname (`titles.txt`, which `actors suggest` reads too, with their
/// case): "M. Kerry", "le président Macron".
pub const TITLE_WORDS: &str = include_str!("titles.txt");

/// Titles for several people (`plural-titles.txt`): "MM. Kerry et Poutine", "Messrs Kerry
/// and Putin".
pub const PLURAL_TITLE_WORDS: &str = include_str!("plural-titles.txt");

/// The words of a list file, folded as [`fold_word`] folds; `#` starts a comment line.
fn folded_set(list: &str) -> HashSet<String> {
    list.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(fold_word)
        .collect()
}

fn particles() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| folded_set(PARTICLE_WORDS))
}

fn titles() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| folded_set(TITLE_WORDS))
}

fn plural_titles() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| folded_set(PLURAL_TITLE_WORDS))
}

/// What may join two surnames under one plural title, folded.
const JOINERS: &[&str] = &[" et ", " and ", " & ", ", ", " ou ", " or "];

/// Months, weekdays and holidays, English and French (`calendar.txt`, which `actors suggest`
/// reads too): as a surname ("Theresa May"), one names the person only behind a title, as
/// "in May" is a month.
pub const CALENDAR_WORDS: &str = include_str!("calendar.txt");

/// [`CALENDAR_WORDS`] folded as the text is (lower case, no accents).
fn calendar() -> &'static HashSet<String> {
    static CALENDAR: OnceLock<HashSet<String>> = OnceLock::new();
    CALENDAR.get_or_init(|| {
        CALENDAR_WORDS
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
            .map(|word| deunicode::deunicode(word).to_lowercase())
            .collect()
    })
}

/// A person's surname as the press writes it alone: the last word of the name, with the
/// particles before it, without a suffix such as "Jr."; `None` for a name of one word, which
/// is its own surname already. An Arabic article joined to the surname can be dropped too
/// ("Bachar el-Assad" is "el-Assad" and "Assad"): both are returned.
pub fn surname_of(name: &str) -> Vec<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1 && SUFFIXES.contains(&fold_word(words[words.len() - 1]).as_str()) {
        words.pop();
    }
    if words.len() < 2 {
        return Vec::new();
    }
    let mut first = words.len() - 1;
    // The first word is the given name, whatever it looks like ("Van Morrison").
    while first > 1 && particles().contains(&fold_word(words[first - 1])) {
        first -= 1;
    }
    let surname = words[first..].join(" ");
    let mut surnames = vec![surname.clone()];
    if let Some((article, rest)) = surname.split_once('-')
        && matches!(fold_word(article).as_str(), "al" | "el")
        && !rest.contains(' ')
    {
        surnames.push(rest.to_owned());
    }
    surnames
}

/// A word as the lists above spell it: lower case, no accents, `’` as `'`.
fn fold_word(word: &str) -> String {
    deunicode::deunicode(&word.replace('’', "'")).to_lowercase()
}

/// Whether a folded surname is also a month or a weekday.
pub(super) fn is_calendar_word(folded: &str) -> bool {
    calendar().contains(folded)
}

/// Where the title right before the surname at `start` of `folded` starts, if it has one:
/// "M. Kerry", "Mme\u{a0}Lagarde", "le président Macron" (the title, not the article). After a
/// plural title ("MM. Kerry"), a second surname joined by "et", "and" or a comma counts as
/// titled too, and starts at itself. `end` is where the surname ends.
pub(super) fn title_before(
    folded: &str,
    start: usize,
    end: usize,
    reading: &mut Reading,
) -> Option<usize> {
    let before = folded[..start].strip_suffix(' ')?;
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = before[word_start..].trim_end_matches('.');
    if titles().contains(word) {
        reading.titled_until = None;
        return Some(word_start);
    }
    if plural_titles().contains(word) {
        reading.titled_until = Some(end);
        return Some(word_start);
    }
    let joined = reading
        .titled_until
        .and_then(|until| folded.get(until..start))
        .is_some_and(|between| JOINERS.contains(&between));
    if joined {
        reading.titled_until = Some(end);
        return Some(start);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_is_the_last_word_with_its_particles() {
        assert_eq!(surname_of("John Kerry"), ["Kerry"]);
        assert_eq!(surname_of("Charles de Gaulle"), ["de Gaulle"]);
        assert_eq!(surname_of("Alexander van der Bellen"), ["van der Bellen"]);
        assert_eq!(surname_of("Ursula von der Leyen"), ["von der Leyen"]);
        assert_eq!(surname_of("Marine Le Pen"), ["Le Pen"]);
        assert_eq!(surname_of("Oussama ben Laden"), ["ben Laden"]);
        assert_eq!(surname_of("Martin Luther King Jr."), ["King"]);
        assert_eq!(surname_of("Bachar el-Assad"), ["el-Assad", "Assad"]);
        assert_eq!(surname_of("Van Morrison"), ["Morrison"]);
        assert!(surname_of("Lula").is_empty());
    }

    fn titled(text: &str, surname: &str, reading: &mut Reading) -> Option<String> {
        let start = text.find(surname).unwrap();
        let end = start + surname.len();
        title_before(text, start, end, reading).map(|at| text[at..end].to_owned())
    }

    #[test]
    fn titles_with_and_without_their_full_stop() {
        let mut reading = Reading::default();
        assert_eq!(
            titled("selon m. kerry", "kerry", &mut reading).unwrap(),
            "m. kerry"
        );
        assert_eq!(
            titled("said mr kerry", "kerry", &mut reading).unwrap(),
            "mr kerry"
        );
        assert_eq!(
            titled("le president macron", "macron", &mut reading).unwrap(),
            "president macron"
        );
        assert_eq!(titled("avec kerry", "kerry", &mut reading), None);
        assert_eq!(titled("kerry", "kerry", &mut reading), None);
    }

    #[test]
    fn a_plural_title_leads_every_surname_it_joins() {
        let text = "mm. kerry et poutine";
        let mut reading = Reading::default();
        assert_eq!(titled(text, "kerry", &mut reading).unwrap(), "mm. kerry");
        assert_eq!(titled(text, "poutine", &mut reading).unwrap(), "poutine");
        let text = "messrs kerry, lavrov and putin";
        let mut reading = Reading::default();
        for name in ["kerry", "lavrov", "putin"] {
            assert!(titled(text, name, &mut reading).is_some(), "{name}");
        }
        // A singular title does not carry over.
        let text = "m. kerry et poutine";
        let mut reading = Reading::default();
        assert!(titled(text, "kerry", &mut reading).is_some());
        assert_eq!(titled(text, "poutine", &mut reading), None);
    }
}
