//! A byline written as one line of text, read as the people it names.
//!
//! Hugo and Jekyll print an `author:` string as written, so sites put everything a byline
//! says in it: `Jason White, Head of data science`, `Mithula Naik and Ryan Androsoff`,
//! `Yael Berger, Chelsea Novak, Élise Cossette`. Cut at every comma, the job titles became
//! authors of their own (cds-snc: `Developer` in 10 posts, `chef` in 4), each with a page and
//! a warning that it has no profile. Here the line is cut at commas, `;`, `&`, `and`/`et`,
//! and a part that does not read as a person's name (a word in lower case, a title's word,
//! an acronym) is taken as what the person before it does, and left out of the authors.

use std::sync::LazyLock;

use regex::Regex;

/// The people of a byline string, and the parts left out as their roles.
pub fn people(byline: &str) -> (Vec<String>, Vec<String>) {
    // `Omar Tehsin (Software Developer)`: what is in brackets says what the person does.
    static BRACKETS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(([^)]*)\)?").expect("a valid pattern"));
    let mut bracketed: Vec<String> = BRACKETS
        .captures_iter(byline)
        .map(|c| clean(&c[1]))
        .collect();
    let byline = BRACKETS.replace_all(byline, "");
    let parts: Vec<String> = byline
        .split([',', ';', '&'])
        .flat_map(|part| part.split(" and ").flat_map(|p| p.split(" et ")))
        .map(clean)
        .filter(|p| !p.is_empty())
        .collect();
    let (names, roles): (Vec<String>, Vec<String>) =
        parts.iter().cloned().partition(|p| reads_as_name(p));
    if names.is_empty() {
        // Never an article without its byline: the first part is who signed, whatever it is.
        bracketed.extend(roles.into_iter().skip(1));
        return (parts.into_iter().take(1).collect(), bracketed);
    }
    bracketed.extend(roles);
    (names, bracketed)
}

/// A part without the words that join it to the one before and the spaces around it.
fn clean(part: &str) -> String {
    let words: Vec<&str> = part.split_whitespace().collect();
    let joined = match words.first() {
        Some(&("and" | "et")) => &words[1..],
        _ => &words[..],
    };
    joined.join(" ")
}

/// Words of job titles, teams and organisations, English and French, that no name holds.
const ROLE_WORDS: &[&str] = &[
    "advisor",
    "adviser",
    "agent",
    "analyst",
    "canada",
    "ceo",
    "chief",
    "conseiller",
    "conseillère",
    "consultant",
    "design",
    "designer",
    "developer",
    "developers",
    "director",
    "directeur",
    "directrice",
    "editor",
    "engineer",
    "executive",
    "government",
    "head",
    "lead",
    "management",
    "manager",
    "minister",
    "office",
    "officer",
    "owner",
    "policy",
    "president",
    "product",
    "research",
    "researcher",
    "researchers",
    "secretary",
    "senior",
    "service",
    "services",
    "storyteller",
    "student",
    "team",
];

/// Name particles written in lower case inside a name (`Anne de la Tour`).
const PARTICLES: &[&str] = &[
    "de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "bin", "ben", "al",
];

/// Two to five words, each capitalised (or a particle), none an acronym or a title's word.
fn reads_as_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && !part.contains('/')
        && words.iter().all(|word| {
            let lower = word.to_lowercase();
            let capitalised = word.chars().next().is_some_and(char::is_uppercase);
            let acronym = word.chars().filter(|c| c.is_alphabetic()).count() > 1
                && word
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            (capitalised && !acronym || PARTICLES.contains(&lower.as_str()))
                && !ROLE_WORDS.contains(&lower.as_str())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(byline: &str) -> Vec<String> {
        people(byline).0
    }

    #[test]
    fn roles_after_a_name_are_left_out_and_every_person_is_kept() {
        assert_eq!(names("Jason White, Head of data science"), ["Jason White"]);
        assert_eq!(names("Tim Arney, développeur"), ["Tim Arney"]);
        assert_eq!(names("Pascale Elvas, Director"), ["Pascale Elvas"]);
        assert_eq!(names("Michael Edgar, Health Canada"), ["Michael Edgar"]);
        assert_eq!(
            names("Yael Berger, Chelsea Novak, Charlotte Pedersen, Élise Cossette"),
            [
                "Yael Berger",
                "Chelsea Novak",
                "Charlotte Pedersen",
                "Élise Cossette"
            ]
        );
        assert_eq!(
            names("Mithula Naik and Ryan Androsoff"),
            ["Mithula Naik", "Ryan Androsoff"]
        );
        assert_eq!(names("Content Design and Jeana Frost"), ["Jeana Frost"]);
        assert_eq!(names("Anne de la Tour, CEO"), ["Anne de la Tour"]);
        assert_eq!(
            people("Jeff Adam (RCMP), Chris Lynam (Director General, CDS)"),
            (
                vec!["Jeff Adam".to_owned(), "Chris Lynam".to_owned()],
                vec!["RCMP".to_owned(), "Director General, CDS".to_owned()]
            )
        );
        assert_eq!(
            people("Jason White, Head of data science").1,
            ["Head of data science"]
        );
    }

    #[test]
    fn a_byline_naming_no_person_keeps_its_first_part() {
        assert_eq!(names("CDS"), ["CDS"]);
        assert_eq!(names("Policy team, Outreach"), ["Policy team"]);
        assert_eq!(names("Jane"), ["Jane"]);
    }
}
