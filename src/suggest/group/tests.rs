use super::*;
use crate::suggest::scan::Scanner;
use crate::suggest::text::prose_lines;

fn tallies(texts: &[&str]) -> Tallies {
    let scanner = Scanner {
        lexicon: Lexicon::get(),
        detector: None,
    };
    let mut tallies = Tallies::default();
    for (index, text) in texts.iter().enumerate() {
        scanner.article(index as u32, &prose_lines(text, 1), &mut tallies);
    }
    tallies
}

fn suggest_in(texts: &[&str], actors: ActorIndex) -> Vec<Candidate> {
    let authors = AuthorIndex::default();
    let known = Known {
        actors: &actors,
        authors: &authors,
    };
    candidates(tallies(texts), &known, 1)
}

fn suggested(texts: &[&str]) -> Vec<String> {
    suggest_in(texts, ActorIndex::default())
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn kind_of(texts: &[&str], name: &str) -> Kind {
    suggest_in(texts, ActorIndex::default())
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} not suggested"))
        .kind
}

#[test]
fn a_word_mostly_written_in_lower_case_is_a_common_word() {
    let texts = [
        "Il a vu Pierre hier.",
        "une pierre tomba, puis une pierre roula et une autre pierre",
        "on a vu Marchetti hier, et Marchetti aussi",
    ];
    assert_eq!(suggested(&texts), ["Marchetti"]);
}

#[test]
fn stop_words_months_and_weekdays_are_never_suggested() {
    let texts = [
        "Hier, Kerry a parlé. However, it rained.",
        "The talks resumed in January with Kerry on Monday.",
        "Le conseil se réunit en Février, puis Mardi avec Kerry.",
        "Send it on Thursdays to Kerry.",
    ];
    assert_eq!(suggested(&texts), ["Kerry"]);
}

#[test]
fn a_name_only_ever_opening_sentences_is_not_suggested() {
    let texts = ["Bravo. Nothing else.", "Bravo. Still nothing."];
    assert!(suggested(&texts).is_empty());
}

#[test]
fn the_usual_continuation_of_an_organisation_word_is_kept() {
    let texts = [
        "l’Union européenne a voté",
        "l’Union européenne finance le port",
        "selon l’Union européenne, tout va bien",
    ];
    assert_eq!(suggested(&texts), ["Union européenne"]);
}

#[test]
fn a_surname_seen_alone_joins_its_dominant_full_name_across_articles() {
    let texts = [
        "John Kerry est là.",
        "John Kerry parle.",
        "M. Kerry repart.",
    ];
    let found = suggest_in(&texts, ActorIndex::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].name.as_str(), found[0].articles, found[0].mentions),
        ("John Kerry", 3, 3)
    );
    assert!(found[0].aliases.contains(&"M. Kerry".to_owned()));
}

#[test]
fn an_acronym_joins_its_name_across_articles() {
    let texts = [
        "L’Organisation mondiale de la santé (OMS) a répondu.",
        "L’OMS insiste encore.",
        "Pour l’OMS, rien ne change.",
    ];
    let found = suggest_in(&texts, ActorIndex::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].name.as_str(), found[0].articles),
        ("Organisation mondiale de la santé", 3)
    );
    assert_eq!(found[0].aliases, ["OMS"]);
}

#[test]
fn kinds_are_guessed() {
    let texts = [
        "M. Kerry est allé en France puis à Genève, et à Rivemont, avec le Parti socialiste.",
        "Puis Hélène Marchetti a reçu la CNIL à Rivemont ; la Banque mondiale et le Parti socialiste aussi, et la Banque mondiale encore.",
    ];
    assert_eq!(kind_of(&texts, "France"), Kind::Country);
    assert_eq!(kind_of(&texts, "Genève"), Kind::Place);
    assert_eq!(kind_of(&texts, "Rivemont"), Kind::Place);
    assert_eq!(kind_of(&texts, "Parti socialiste"), Kind::Organisation);
    assert_eq!(kind_of(&texts, "Banque mondiale"), Kind::Organisation);
    assert_eq!(kind_of(&texts, "CNIL"), Kind::Organisation);
    assert_eq!(kind_of(&texts, "Kerry"), Kind::Person);
    assert_eq!(kind_of(&texts, "Hélène Marchetti"), Kind::Person);
}

#[test]
fn names_profiles_answer_to_are_not_suggested() {
    use crate::model::actor::Profile;
    let raw = crate::front_matter::RawActor {
        name: "Sergueï Volkov".into(),
        kind: Some(crate::front_matter::Located {
            value: "person".into(),
            line: 3,
        }),
        detect: true,
        name_line: 2,
        ..Default::default()
    };
    let profile: Profile = crate::front_matter::validate::actor_profile(
        std::path::Path::new("content/actors/volkov.md"),
        "",
        raw,
        String::new(),
        &mut Vec::new(),
    )
    .unwrap();
    let actors = ActorIndex::new(vec![profile], &mut Vec::new());
    let texts = [
        "Sergueï Volkov et M. Volkov voient Kerry.",
        "Volkov et Kerry encore.",
    ];
    let names: Vec<String> = suggest_in(&texts, actors)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Kerry"]);
}

#[test]
fn software_camel_case_words_and_first_names_alone_are_not_actors() {
    let texts = [
        "We met Greg at the NumFOCUS office, and Greg wrote JavaScript with the Mozilla team.",
        "Then Greg used PowerPoint and GitHub Actions for the Mozilla slides, in Python.",
        "Later Erin said the Mozilla plan is set. Erin agreed; the SET keyword and the set.",
    ];
    assert_eq!(suggested(&texts), ["Mozilla"]);
}

#[test]
fn surnames_with_a_prefix_are_not_camel_case() {
    assert!(!is_camel_case("McDonald") && !is_camel_case("MacArthur"));
    assert!(!is_camel_case("DiCaprio") && !is_camel_case("O’Connor"));
    assert!(is_camel_case("JavaScript") && is_camel_case("iPhone"));
}

#[test]
fn the_world_health_organization_is_an_acronym_spelt_as_a_word() {
    let texts = [
        "The WHO said who is at risk.",
        "Who knows? The WHO does.",
        "Then the WHO spoke, and HOW it spoke: how.",
    ];
    assert_eq!(suggested(&texts), ["WHO"]);
}

#[test]
fn and_joins_an_organisation_s_name_but_not_two_people() {
    let texts = [
        "The Department of Health and Human Services met Kerry and Putin.",
        "Later the Department of Health and Human Services wrote to Kerry and Putin.",
    ];
    let found = suggested(&texts);
    assert!(
        found.contains(&"Department of Health and Human Services".to_owned()),
        "{found:?}"
    );
    assert!(found.contains(&"Kerry".to_owned()) && found.contains(&"Putin".to_owned()));
}

#[test]
fn roles_and_events_are_not_actors() {
    let texts = [
        "She became a Software Carpentry Instructor at the AMOS Conference with Mozilla.",
        "He was a Software Carpentry Instructor at the AMOS Conference with Mozilla.",
    ];
    assert_eq!(suggested(&texts), ["Mozilla"]);
}
