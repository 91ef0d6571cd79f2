//! How a name's capitals and hyphens must appear in a text for a match to count.
//!
//! Matching runs on folded text (no case, no accents), so the case of what matched is
//! checked afterwards, against the name as its profile writes it: "Pierre" the minister is not
//! "pierre" the stone, and "du Pont" the family is not "du pont" the bridge, yet "al-Qaïda"
//! written in lower case is found in lower case, and with a capital at a sentence start.

/// How the capitals of a name must appear in the text for a match to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    /// "lavrov", "port autonome": any case.
    Any,
    /// "Pierre": the text starts with a capital too. Later words may differ ("Banque
    /// mondiale" and "Banque Mondiale" are one bank in the press).
    Capitalised,
    /// "al-Qaïda", "de Gaulle": a particle in any case, then the word of this index (the
    /// first capitalised one) with a capital, so "du pont" is not "du Pont".
    Particle(u8),
    /// "WHO", "EU": every letter a capital, so the pronoun "who" is not the organisation.
    Acronym,
}

impl Case {
    pub(super) fn of(name: &str) -> Case {
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            return Case::Acronym;
        }
        if letters.first().is_some_and(|c| c.is_uppercase()) {
            return Case::Capitalised;
        }
        let capitalised = words(name).position(starts_with_capital);
        match capitalised.and_then(|i| u8::try_from(i).ok()) {
            Some(word) => Case::Particle(word),
            None => Case::Any,
        }
    }

    pub(super) fn accepts(self, matched: &str) -> bool {
        let mut letters = matched.chars().filter(|c| c.is_alphabetic());
        match self {
            Case::Any => true,
            Case::Capitalised => letters.next().is_some_and(char::is_uppercase),
            Case::Particle(word) => words(matched)
                .nth(usize::from(word))
                .is_some_and(starts_with_capital),
            Case::Acronym => letters.all(|c| c.is_uppercase()),
        }
    }
}

/// The words of a name or of matched text: split at spaces, hyphens and apostrophes, as
/// folding makes them alike (`al-Qaïda`, `al Qaïda`, `al‑Qaïda`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || is_hyphen(c) || is_apostrophe(c))
        .filter(|w| w.chars().any(char::is_alphabetic))
}

fn starts_with_capital(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´' | '′')
}

/// The folded spellings a folded name is searched as: as written, and with its hyphens
/// written as spaces or en dashes ("al-qaida", "al qaida", "al–qaida"), and an Arabic article
/// written apart joined by a hyphen ("al qaida" also as "al-qaida"). Non-breaking and other
/// hyphens already fold to `-`.
pub(super) fn hyphen_variants(folded: &str) -> Vec<String> {
    let mut variants = vec![folded.to_owned()];
    if folded.contains('-') {
        variants.push(folded.replace('-', " "));
        variants.push(folded.replace('-', "–"));
    }
    let joined = join_articles(folded);
    if joined != folded {
        variants.push(joined.replace('-', "–"));
        variants.push(joined);
    }
    variants.sort();
    variants.dedup();
    variants
}

/// "al qaida" → "al-qaida": the Arabic article `al`/`el` before a word, hyphenated.
fn join_articles(folded: &str) -> String {
    let mut joined = String::with_capacity(folded.len());
    let mut words = folded.split(' ').peekable();
    while let Some(word) = words.next() {
        joined.push_str(word);
        if words.peek().is_some() {
            let article = matches!(word.rsplit('-').next(), Some("al" | "el"));
            joined.push(if article { '-' } else { ' ' });
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_of_names() {
        assert_eq!(Case::of("Pierre"), Case::Capitalised);
        assert_eq!(Case::of("WHO"), Case::Acronym);
        assert_eq!(Case::of("port autonome"), Case::Any);
        assert_eq!(Case::of("al-Qaïda"), Case::Particle(1));
        assert_eq!(Case::of("van der Bellen"), Case::Particle(2));
        assert_eq!(Case::of("d’Estaing"), Case::Particle(1));
    }

    #[test]
    fn a_particle_name_needs_its_capital_but_not_the_particle_s() {
        let case = Case::of("du Pont");
        assert!(case.accepts("du Pont"));
        assert!(case.accepts("Du Pont"));
        assert!(case.accepts("DU PONT"));
        assert!(!case.accepts("du pont"));
        let case = Case::of("al-Qaïda");
        assert!(case.accepts("al‑Qaïda"));
        assert!(case.accepts("Al Qaida"));
        assert!(!case.accepts("al-qaïda"));
    }

    #[test]
    fn hyphens_may_be_spaces_or_dashes_and_articles_may_be_hyphenated() {
        assert_eq!(
            hyphen_variants("al-qaida"),
            ["al qaida", "al-qaida", "al–qaida"]
        );
        assert_eq!(
            hyphen_variants("front al nosra"),
            ["front al nosra", "front al-nosra", "front al–nosra"]
        );
        assert_eq!(hyphen_variants("lavrov"), ["lavrov"]);
        // Only the article is joined: "de gaulle" stays apart.
        assert_eq!(hyphen_variants("de gaulle"), ["de gaulle"]);
    }
}
