//! `gazette actors suggest`: text and JSON reports, `--write`, and the bundled demo archive
//! with its profiles removed.

use std::path::Path;
use std::process::Command;

use gazette::model::mention::name_key;

use crate::harness::{SiteTest, run_guarded};

/// Runs `gazette actors suggest --root <site>` with extra arguments: (success, stdout, stderr).
fn suggest(site: &SiteTest, args: &[&str]) -> (bool, String, String) {
    let (output, _) = run_guarded(
        Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["actors", "suggest", "--root"])
            .arg(&site.root)
            .args(args),
    );
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json(site: &SiteTest, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (ok, stdout, stderr) = suggest(site, &all);
    assert!(ok, "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// A small English-and-French newsroom: three people, an organisation with its acronym, a
/// country, a footer on every article.
fn newsroom() -> SiteTest {
    let footer = "\n\nThis article is published by the Riverside Courier Group under licence.\n";
    let bodies = [
        "John Kerry arrived in Geneva on Monday.\n\nMr Kerry met the World Health Organization (WHO) there.",
        "Talks with Kerry resumed. The WHO said John Kerry was late.\n\nAna Moreau, the mayor, agreed.",
        "In Geneva, Mayor Ana Moreau met John Kerry.\n\nThe WHO and Japan signed.",
        "Ana Moreau spoke to the World Health Organization about Japan.",
        "Japan and Ana Moreau: a short note on Japan.",
    ];
    let mut site = SiteTest::new();
    for (index, body) in bodies.iter().enumerate() {
        site = site.article(
            &format!("2024/0{}/a{index}.md", index + 1),
            &format!("title: Article {index}\ndate: 2024-0{}-01", index + 1),
            &format!("{body}{footer}"),
        );
    }
    site
}

#[test]
fn json_lists_suggestions_best_first_with_counts_aliases_and_examples() {
    let site = newsroom();
    let report = json(&site, &[]);
    let suggestions = report["suggestions"].as_array().unwrap();
    let names: Vec<&str> = suggestions
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let ranks: Vec<(u64, u64)> = suggestions
        .iter()
        .map(|s| {
            (
                s["articles"].as_u64().unwrap(),
                s["mentions"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] >= w[1]),
        "not best first: {ranks:?}"
    );
    assert_eq!(
        names[..2],
        ["World Health Organization", "Ana Moreau"],
        "{report:#}"
    );
    for expected in ["John Kerry", "Japan"] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    // The footer repeated on every article names no one.
    assert!(!names.iter().any(|n| n.contains("Riverside")), "{names:?}");
    let by_name = |name: &str| suggestions.iter().find(|s| s["name"] == name).unwrap();
    let kerry = by_name("John Kerry");
    assert_eq!(
        (kerry["kind"].as_str(), kerry["articles"].as_u64()),
        (Some("person"), Some(3))
    );
    assert_eq!(kerry["mentions"], 5);
    let aliases: Vec<&str> = kerry["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(
        aliases.contains(&"Kerry") && aliases.contains(&"Mr Kerry"),
        "{aliases:?}"
    );
    assert_eq!(by_name("World Health Organization")["kind"], "organisation");
    assert!(
        by_name("World Health Organization")["aliases"]
            .as_array()
            .unwrap()
            .contains(&"WHO".into())
    );
    assert_eq!(by_name("World Health Organization")["articles"], 4);
    assert_eq!(by_name("Japan")["kind"], "country");
    assert_eq!(by_name("Ana Moreau")["kind"], "person");
    let mut keys: Vec<&String> = kerry.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "aliases", "articles", "examples", "kind", "mentions", "name"
        ]
    );
    // Each example names its file and the line of that file the sentence is on.
    for example in kerry["examples"].as_array().unwrap() {
        let path = example["path"].as_str().unwrap();
        let line = example["line"].as_u64().unwrap() as usize;
        let text = std::fs::read_to_string(site.root.join(path)).unwrap();
        let source_line = text.lines().nth(line - 1).unwrap();
        assert!(
            source_line.contains(example["text"].as_str().unwrap()),
            "{source_line} / {example}"
        );
        assert!(example["text"].as_str().unwrap().contains("Kerry"));
    }
}

#[test]
fn min_articles_and_limit_narrow_the_list_and_text_is_aligned() {
    let site = newsroom();
    let geneva = json(&site, &["--min-articles", "2"]);
    let geneva = geneva["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Geneva");
    assert_eq!(geneva.unwrap()["kind"], "place");
    let report = json(&site, &["--min-articles", "4"]);
    let names: Vec<&str> = report["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["World Health Organization", "Ana Moreau"]);
    let (ok, text, stderr) = suggest(&site, &["--limit", "2"]);
    assert!(ok, "{stderr}");
    let heads: Vec<&str> = text.lines().filter(|l| !l.starts_with("     ")).collect();
    assert_eq!(heads.len(), 2, "{text}");
    assert!(
        heads[0].starts_with("  1. World Health Organization  organisation"),
        "{text}"
    );
    // The counts stand in one column.
    let column = |line: &str| line.find(" articles").unwrap();
    assert_eq!(column(heads[0]), column(heads[1]), "{text}");
    assert!(text.contains("     content/articles/2024/"), "{text}");
    assert!(stderr.contains("5 articles read"), "{stderr}");
}

#[test]
fn write_creates_profiles_never_overwrites_and_the_site_builds() {
    let site = newsroom();
    // A profile someone started: not readable yet, so not a known name; it must survive.
    let started = "draft notes about Ana Moreau\n";
    let site = site.write("content/actors/ana-moreau.md", started);
    let (ok, _, stderr) = suggest(&site, &["--write"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("content/actors/ana-moreau.md: skipped: the file exists"),
        "{stderr}"
    );
    assert!(
        stderr.contains("wrote content/actors/john-kerry.md"),
        "{stderr}"
    );
    let actors = site.root.join("content/actors");
    assert_eq!(
        std::fs::read_to_string(actors.join("ana-moreau.md")).unwrap(),
        started
    );
    let kerry = std::fs::read_to_string(actors.join("john-kerry.md")).unwrap();
    assert!(
        kerry.starts_with("---\nname: \"John Kerry\"\nkind: person\naliases: ["),
        "{kerry}"
    );
    std::fs::remove_file(actors.join("ana-moreau.md")).unwrap();
    let built = site.build_ok();
    assert!(!built.stderr.contains("error"), "{}", built.stderr);
    // The written profiles are now known: a second run suggests none of them again.
    let report = json(&site, &[]);
    let names: Vec<&str> = report["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ana Moreau"], "{report:#}");
}

/// The names and aliases of the demo's profiles, by file.
fn demo_actors() -> Vec<(String, Vec<String>)> {
    let dir = crate::harness::repo().join("content/actors");
    let mut actors = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // `<slug>.en.md` is a profile's English version, not an actor of its own.
        if path.file_stem().unwrap().to_string_lossy().contains('.') {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let yaml = text.split("---").nth(1).unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let mut names = vec![value["name"].as_str().unwrap().to_owned()];
        if let Some(aliases) = value["aliases"].as_sequence() {
            names.extend(aliases.iter().map(|a| a.as_str().unwrap().to_owned()));
        }
        actors.push((names[0].clone(), names));
    }
    actors
}

const COMMON_WORDS: &[&str] = &[
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "le",
    "la",
    "les",
    "un",
    "une",
    "selon",
    "mais",
    "the",
    "a",
    "in",
    "on",
    "this",
    "however",
    "after",
    "il",
    "elle",
    "en",
    "pour",
    "ce",
    "cette",
];

#[test]
fn on_the_demo_without_profiles_the_recurring_actors_lead_and_no_common_word_shows() {
    let site = SiteTest::demo();
    std::fs::remove_dir_all(site.root.join("content/actors")).unwrap();
    let report = json(&site, &["--limit", "20"]);
    let suggestions = report["suggestions"].as_array().unwrap();
    assert!(suggestions.len() <= 20);
    let suggested: Vec<Vec<String>> = suggestions
        .iter()
        .map(|s| {
            let mut keys = vec![name_key(s["name"].as_str().unwrap())];
            keys.extend(
                s["aliases"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| name_key(a.as_str().unwrap())),
            );
            keys
        })
        .collect();
    let actors = demo_actors();
    assert_eq!(actors.len(), 12);
    let missed: Vec<&String> = actors
        .iter()
        .filter(|(_, names)| {
            !suggested
                .iter()
                .any(|keys| names.iter().any(|n| keys.contains(&name_key(n))))
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        missed.len() <= 1,
        "not in the top 20: {missed:?}\n{report:#}"
    );
    for keys in &suggested {
        for key in keys {
            assert!(
                !key.split(' ').all(|w| COMMON_WORDS.contains(&w)),
                "a common word was suggested: {key}"
            );
        }
    }
    // Every example is a real line of the demo's articles.
    let first = &suggestions[0]["examples"][0];
    let path = Path::new(first["path"].as_str().unwrap());
    assert!(path.starts_with("content/articles"), "{first}");
}
