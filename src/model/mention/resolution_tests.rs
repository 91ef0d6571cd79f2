//! Tests of the rules of issue 22: lower-case aliases with particles, elision and hyphens,
//! and surnames resolved within an article (titles, plural titles, two people of one surname,
//! a surname before any full name).

use super::*;

/// Organisations with particles, written in lower case as their profiles write them.
fn particles() -> MentionDetector {
    MentionDetector::new([
        ("Al-Qaïda", 0),
        ("al-Qaïda", 0),
        ("Groupe Nosra", 1),
        ("al-Nosra", 1),
        ("du Pont", 2),
        ("Pierre", 3),
    ])
    .unwrap()
}

fn found<'t>(detector: &MentionDetector, text: &'t str) -> Vec<(usize, &'t str)> {
    let mentions = detector.find(text).into_iter();
    mentions.map(|m| (m.actor, &text[m.start..m.end])).collect()
}

#[test]
fn a_lower_case_alias_matches_lower_case_text_and_a_capital_at_a_sentence_start() {
    let d = particles();
    assert_eq!(
        found(&d, "une cellule al-Qaïda a été démantelée"),
        [(0, "al-Qaïda")]
    );
    assert_eq!(found(&d, "Al-Qaïda revendique"), [(0, "Al-Qaïda")]);
    // Also when the profile's name is another one.
    assert_eq!(found(&d, "les hommes d'al-Nosra"), [(1, "al-Nosra")]);
    assert_eq!(found(&d, "Al-Nosra recule"), [(1, "Al-Nosra")]);
    // The capitals of the name past its particle are still required.
    assert_eq!(found(&d, "sous le pont du pont"), []);
    assert_eq!(found(&d, "la famille du Pont"), [(2, "du Pont")]);
    assert_eq!(found(&d, "une pierre"), []);
    assert_eq!(found(&d, "Pierre a dit"), [(3, "Pierre")]);
}

#[test]
fn a_particle_name_after_elision() {
    let d = particles();
    assert_eq!(
        found(&d, "la branche syrienne d’al-Qaïda"),
        [(0, "al-Qaïda")]
    );
    assert_eq!(found(&d, "l'al-Qaïda de 2001"), [(0, "al-Qaïda")]);
    assert_eq!(found(&d, "l’Al-Qaïda"), [(0, "Al-Qaïda")]);
    assert_eq!(found(&d, "qu'al-Nosra"), [(1, "al-Nosra")]);
}

#[test]
fn hyphens_as_spaces_non_breaking_hyphens_and_en_dashes() {
    let d = particles();
    for text in [
        "al-Qaïda",
        "al Qaïda",
        "al\u{2011}Qaïda",
        "al\u{2010}Qaïda",
        "al–Qaïda",
    ] {
        assert_eq!(found(&d, text), [(0, text)], "{text:?}");
    }
    // A hyphen still joins words that are not a name.
    assert_eq!(found(&d, "anti-al-Qaïda"), []);
}

/// People with surnames: 0 and 2 share "Kerry", 4's is a month, 5 is a country and 6's
/// surname is its name, 7 has the alias "Obama" that 8 shares as a surname.
fn people() -> MentionDetector {
    let names = [
        ("John Kerry", 0),
        ("Vladimir Poutine", 1),
        ("Teresa Kerry", 2),
        ("Vladimir Putin", 3),
        ("Theresa May", 4),
        ("France", 5),
        ("Anatole France", 6),
        ("Barack Obama", 7),
        ("Obama", 7),
        ("Michelle Obama", 8),
        ("Charles de Gaulle", 9),
    ];
    let surnames = [
        ("Kerry", 0),
        ("Poutine", 1),
        ("Kerry", 2),
        ("Putin", 3),
        ("May", 4),
        ("France", 6),
        ("Obama", 7),
        ("Obama", 8),
        ("de Gaulle", 9),
    ];
    MentionDetector::with_surnames(names, surnames).unwrap()
}

/// (actor, text, by surname) of each mention.
fn resolved(text: &str) -> Vec<(usize, &str, bool)> {
    let mentions = people().find(text).into_iter();
    mentions
        .map(|m| (m.actor, &text[m.start..m.end], m.by_surname))
        .collect()
}

#[test]
fn a_surname_names_the_person_the_article_named_in_full() {
    assert_eq!(
        resolved("John Kerry arrive. Kerry a dit"),
        [(0, "John Kerry", false), (0, "Kerry", true)]
    );
    // Teresa Kerry shares the surname, but is not in this article.
    assert_eq!(
        resolved("Teresa Kerry arrive. Kerry a dit"),
        [(2, "Teresa Kerry", false), (2, "Kerry", true)]
    );
    assert_eq!(
        resolved("Charles de Gaulle. Le général de Gaulle"),
        [
            (9, "Charles de Gaulle", false),
            (9, "général de Gaulle", true)
        ]
    );
}

#[test]
fn honorifics_with_and_without_a_full_stop() {
    for (text, named) in [
        ("John Kerry. M. Kerry a dit", "M. Kerry"),
        ("John Kerry. M.\u{a0}Kerry a dit", "M.\u{a0}Kerry"),
        ("John Kerry. Mr Kerry said", "Mr Kerry"),
        ("John Kerry. Mr. Kerry said", "Mr. Kerry"),
        ("John Kerry. Dr Kerry said", "Dr Kerry"),
        ("Teresa Kerry. Mme Kerry a dit", "Mme Kerry"),
        ("Teresa Kerry. Mrs Kerry said", "Mrs Kerry"),
        (
            "Vladimir Poutine. Le président Poutine",
            "président Poutine",
        ),
        (
            "Vladimir Poutine. Le Président Poutine",
            "Président Poutine",
        ),
    ] {
        let found = resolved(text);
        assert_eq!(found.len(), 2, "{text}: {found:?}");
        assert_eq!(&found[1].1, &named, "{text}");
        assert!(found[1].2, "{text}");
    }
}

#[test]
fn plural_honorifics_name_each_person() {
    assert_eq!(
        resolved("John Kerry et Vladimir Poutine. MM. Kerry et Poutine ont parlé"),
        [
            (0, "John Kerry", false),
            (1, "Vladimir Poutine", false),
            (0, "MM. Kerry", true),
            (1, "Poutine", true),
        ]
    );
    assert_eq!(
        resolved("John Kerry met Vladimir Putin. Messrs Kerry and Putin agreed"),
        [
            (0, "John Kerry", false),
            (3, "Vladimir Putin", false),
            (0, "Messrs Kerry", true),
            (3, "Putin", true),
        ]
    );
}

#[test]
fn two_people_of_one_surname_in_an_article_leave_it_unresolved() {
    assert_eq!(
        resolved("John Kerry et Teresa Kerry. Kerry a dit, M. Kerry aussi"),
        [(0, "John Kerry", false), (2, "Teresa Kerry", false)]
    );
}

#[test]
fn a_surname_before_any_full_name_is_not_resolved() {
    assert_eq!(
        resolved("M. Kerry a dit. Puis John Kerry"),
        [(0, "John Kerry", false)]
    );
    assert_eq!(resolved("Kerry"), []);
}

#[test]
fn a_surname_stays_a_capitalised_name() {
    assert_eq!(
        resolved("John Kerry. Un kerry blue terrier"),
        [(0, "John Kerry", false)]
    );
}

#[test]
fn the_article_is_read_run_by_run() {
    let detector = people();
    let mut reading = Reading::default();
    assert_eq!(detector.read("John Kerry", &mut reading).len(), 1);
    let later = detector.read("Selon M. Kerry", &mut reading);
    assert_eq!(
        (later.len(), later[0].actor, later[0].by_surname),
        (1, 0, true)
    );
}

#[test]
fn a_surname_that_is_a_month_needs_a_title() {
    assert_eq!(
        resolved("Theresa May. In May, Mrs May said"),
        [(4, "Theresa May", false), (4, "Mrs May", true)]
    );
}

#[test]
fn the_name_of_someone_else_wins_over_a_surname() {
    assert_eq!(
        resolved("Anatole France aimait la France"),
        [(6, "Anatole France", false), (5, "France", false)]
    );
}

#[test]
fn the_article_wins_over_a_relative_s_alias() {
    assert_eq!(
        resolved("Michelle Obama. Mme Obama a dit"),
        [(8, "Michelle Obama", false), (8, "Mme Obama", true)]
    );
    // Without her, the alias names Barack, as before.
    assert_eq!(resolved("Obama a dit"), [(7, "Obama", false)]);
    // With both named, the alias decides.
    assert_eq!(
        resolved("Michelle Obama et Barack Obama. Obama a dit")[2],
        (7, "Obama", false)
    );
}

#[test]
fn a_title_that_is_itself_a_name_stays_its_own_mention() {
    let detector = MentionDetector::with_surnames(
        [("Vladimir Poutine", 1), ("Président", 2)],
        [("Poutine", 1)],
    )
    .unwrap();
    let text = "Vladimir Poutine. Président Poutine";
    let found: Vec<(usize, &str)> = detector
        .find(text)
        .into_iter()
        .map(|m| (m.actor, &text[m.start..m.end]))
        .collect();
    assert_eq!(
        found,
        [(1, "Vladimir Poutine"), (2, "Président"), (1, "Poutine")]
    );
}
