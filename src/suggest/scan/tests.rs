use super::*;
use crate::suggest::text::prose_lines;

fn scan_with(detector: Option<&MentionDetector>, texts: &[&str]) -> Tallies {
    let scanner = Scanner {
        lexicon: Lexicon::get(),
        detector,
    };
    let mut tallies = Tallies::default();
    for (index, text) in texts.iter().enumerate() {
        scanner.article(index as u32, &prose_lines(text, 1), &mut tallies);
    }
    tallies
}

fn scan(texts: &[&str]) -> Tallies {
    scan_with(None, texts)
}

/// The names found, as most often written, sorted.
fn names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = scan(&[text])
        .names
        .values()
        .map(|t| t.display().to_owned())
        .collect();
    names.sort();
    names
}

fn tally<'t>(tallies: &'t Tallies, key: &str) -> &'t Tally {
    tallies
        .names
        .get(key)
        .unwrap_or_else(|| panic!("no {key} in {:?}", tallies.names.keys()))
}

#[test]
fn particles_stand_inside_names() {
    assert_eq!(
        names("Il cite Charles de Gaulle hier."),
        ["Charles de Gaulle"]
    );
    assert_eq!(
        names("on joue Ludwig van Beethoven ce soir"),
        ["Ludwig van Beethoven"]
    );
    assert_eq!(
        names("il a reçu Mohammed ben Salmane lundi"),
        ["Mohammed ben Salmane"]
    );
    assert_eq!(
        names("le président Valéry Giscard d’Estaing a dit"),
        ["Valéry Giscard d’Estaing"]
    );
    assert_eq!(
        names("les combattants du Front al-Nosra ont fui"),
        ["Front al-Nosra"]
    );
    assert_eq!(
        names("the rates of the Bank of England rose"),
        ["Bank of England"]
    );
    // A particle ends nothing: "de" after the last capital is not part of the name.
    assert_eq!(names("il voit Kerry de loin"), ["Kerry"]);
}

#[test]
fn honorifics_lead_names_and_count_as_such() {
    let tallies = scan(&[
        "Selon M. Kerry, la réunion a eu lieu.",
        "Mrs Thatcher spoke; Dr Smith agreed.",
    ]);
    assert_eq!(tally(&tallies, "kerry").honorific, 1);
    assert_eq!(tally(&tallies, "kerry").aliases.best(), Some("M. Kerry"));
    assert_eq!(tally(&tallies, "thatcher").honorific, 1);
    assert_eq!(tally(&tallies, "smith").honorific, 1);
    // Plural honorifics lead each name.
    let tallies = scan(&["Il a reçu MM. Kerry et Poutine à Genève."]);
    assert_eq!(tally(&tallies, "kerry").honorific, 1);
    assert_eq!(tally(&tallies, "poutine").honorific, 1);
    assert_eq!(
        tally(&tallies, "poutine").aliases.best(),
        Some("MM. Poutine")
    );
    // "M" without its full stop is an initial, not an honorific.
    assert_eq!(names("la lettre M Kerry"), ["Kerry"]);
    assert_eq!(scan(&["la lettre M Kerry"]).names["kerry"].honorific, 0);
    // An abbreviation may lead a particle; a title leads a place.
    assert_eq!(names("M. de Gaulle a parlé"), ["de Gaulle"]);
    assert_eq!(names("La maire de Rivemont a parlé"), ["Rivemont"]);
}

#[test]
fn a_capitalised_title_belongs_to_an_organisations_name() {
    assert_eq!(
        names("the vote of the General Assembly was close"),
        ["General Assembly"]
    );
    assert_eq!(names("a speech by President Obama today"), ["Obama"]);
}

#[test]
fn acronyms_are_names_but_shouting_and_numerals_are_not() {
    let tallies = scan(&["L’ONU et l’OTAN ont répondu, comme la CNIL et the WHO."]);
    for key in ["onu", "otan", "cnil", "who"] {
        assert!(tally(&tallies, key).acronym, "{key}");
    }
    assert_eq!(
        names("ATTENTION au départ du XIXe siècle, dit Kerry"),
        ["Kerry"]
    );
}

#[test]
fn sentence_openers_and_calendar_words_are_not_names() {
    assert_eq!(
        names("Selon Hélène Marchetti, tout va bien."),
        ["Hélène Marchetti"]
    );
    assert_eq!(
        names("However the plan failed. The Council met."),
        ["Council"]
    );
    assert_eq!(
        names("Lundi, le conseil a voté. Il reprendra en Janvier avec Kerry."),
        ["Kerry"]
    );
    assert_eq!(names("On Monday Kerry spoke"), ["Kerry"]);
    // A name opening a sentence is counted as such: its capital proves nothing.
    let tallies = scan(&["Marchetti a parlé. Puis il a vu Marchetti."]);
    assert_eq!(
        (
            tally(&tallies, "marchetti").mentions,
            tally(&tallies, "marchetti").initial
        ),
        (2, 1)
    );
}

#[test]
fn elision_and_possessives_stand_outside_names() {
    assert_eq!(names("le régime d’Assad tient"), ["Assad"]);
    assert_eq!(
        names("Kerry's speech and Obama’s reply"),
        ["Kerry", "Obama"]
    );
}

#[test]
fn organisation_names_are_continued_past_their_capitals() {
    let tallies = scan(&[
        "Le budget de l’Union européenne a été voté par l’Organisation mondiale de la santé hier.",
    ]);
    assert_eq!(
        tally(&tallies, "union europeenne").parent.as_deref(),
        Some("union")
    );
    let who = tally(&tallies, "organisation mondiale de la sante");
    assert_eq!(who.parent.as_deref(), Some("organisation mondiale"));
    // Continuations stop at a function word ("a").
    assert!(
        !tallies
            .names
            .keys()
            .any(|k| k.ends_with(" a") || k.contains("vote"))
    );
}

#[test]
fn within_an_article_a_surname_is_the_full_name_it_ends() {
    let tallies = scan(&["John Kerry est arrivé. M. Kerry a parlé, et Kerry est reparti."]);
    assert_eq!(tallies.names.len(), 1, "{:?}", tallies.names.keys());
    let kerry = tally(&tallies, "john kerry");
    assert_eq!((kerry.mentions, kerry.honorific, kerry.articles), (3, 1, 1));
    let aliases: Vec<&str> = kerry.aliases.ranked().into_iter().map(|(a, _)| a).collect();
    assert!(
        aliases.contains(&"M. Kerry") && aliases.contains(&"Kerry"),
        "{aliases:?}"
    );
    // Two full names with that surname: the surname alone stays unresolved.
    let tallies = scan(&["John Kerry et Mary Kerry sont là. Kerry a parlé."]);
    assert!(tallies.names.contains_key("kerry"));
    // A surname before any full name, in another article, is not resolved by it.
    let tallies = scan(&["Kerry a parlé.", "John Kerry est arrivé."]);
    assert!(tallies.names.contains_key("kerry"));
}

#[test]
fn an_acronym_joins_the_name_it_follows_in_parentheses_or_abbreviates() {
    let tallies = scan(&["L’Organisation mondiale de la santé (OMS) a répondu. L’OMS insiste."]);
    assert!(!tallies.names.contains_key("oms"));
    assert_eq!(
        tallies.partners["oms"].best(),
        Some("organisation mondiale de la sante")
    );
    let tallies = scan(&["The World Health Organization said so, and the WHO repeated it."]);
    assert!(!tallies.names.contains_key("who"));
    assert_eq!(
        tally(&tallies, "world health organization").aliases.best(),
        Some("WHO")
    );
}

#[test]
fn title_case_lines_are_skipped() {
    assert_eq!(
        names("Port Strike Ends After Thirteen Weeks Of Talks"),
        Vec::<String>::new()
    );
}

#[test]
fn names_a_profile_answers_to_are_masked() {
    let detector = MentionDetector::new([("Hélène Marchetti", 0), ("Marchetti", 0)]).unwrap();
    let tallies = scan_with(
        Some(&detector),
        &["Hélène Marchetti et Joël Ekambi. Marchetti rit."],
    );
    let keys: Vec<&String> = tallies.names.keys().collect();
    assert_eq!(keys, ["joel ekambi"]);
}

#[test]
fn words_are_counted_capitalised_inside_sentences_and_in_lower_case() {
    let tallies = scan(&["Pierre a vu une pierre. Il a parlé à Pierre, et une pierre tomba."]);
    let pierre = tallies.word("pierre");
    assert_eq!((pierre.capitalised, pierre.lower), (1, 2));
}

#[test]
fn roman_numerals_are_not_words_of_names() {
    assert!(is_roman_numeral("XIXe") && is_roman_numeral("IV") && is_roman_numeral("XXth"));
    assert!(!is_roman_numeral("Ivan") && !is_roman_numeral("MM") && !is_roman_numeral("I"));
}

#[test]
fn latin_letters_are_told_as_unicode_tells_them() {
    for c in ('\u{80}'..='\u{2FF}').chain(['ß', 'Œ', '€', 'ǅ', '²']) {
        assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
    }
}
