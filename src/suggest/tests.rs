use super::*;

/// A site in a temp folder with these article bodies (front matter added).
fn site(bodies: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: T\nbase_url: https://example.org/\nlanguage: fr\n",
    )
    .unwrap();
    let articles = dir.path().join("content/articles");
    std::fs::create_dir_all(&articles).unwrap();
    for (index, body) in bodies.iter().enumerate() {
        let text = format!(
            "---\ntitle: Article {index}\ndate: 2024-01-0{}\n---\n\n{body}\n",
            index + 1
        );
        std::fs::write(articles.join(format!("a{index}.md")), text).unwrap();
    }
    dir
}

fn names(report: &Report) -> Vec<&str> {
    report.suggestions.iter().map(|s| s.name.as_str()).collect()
}

fn run(dir: &tempfile::TempDir) -> Report {
    suggest(&Options {
        root: dir.path().to_path_buf(),
        min_articles: 2,
        limit: 50,
    })
    .unwrap()
}

const FOOTER: &str = "Tous droits réservés à la Gazette Libre du Nord, éditée à Rivemont.";

#[test]
fn a_line_repeated_across_articles_is_boilerplate() {
    let dir = site(&[
        &format!("Joël Ekambi a parlé.\n\n{FOOTER}"),
        &format!("Puis Joël Ekambi a signé.\n\n{FOOTER}"),
        &format!("Rien de neuf.\n\n{FOOTER}"),
    ]);
    let report = run(&dir);
    assert_eq!(names(&report), ["Joël Ekambi"]);
    assert_eq!(report.articles, 3);
}

#[test]
fn examples_cite_the_source_line() {
    let dir = site(&[
        "Un.\n\nDeux : la maire Hélène Marchetti a parlé.",
        "Hélène Marchetti encore.",
    ]);
    let report = run(&dir);
    let marchetti = &report.suggestions[0];
    assert_eq!(marchetti.examples[0].line, 8, "{:?}", marchetti.examples);
    assert_eq!(
        marchetti.examples[0].text,
        "Deux : la maire Hélène Marchetti a parlé."
    );
    assert_eq!(
        marchetti.examples[0].path,
        Path::new("content/articles/a0.md")
    );
    let json = to_json(&report);
    let first = &json["suggestions"][0];
    let mut keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "aliases", "articles", "examples", "kind", "mentions", "name"
        ]
    );
    assert_eq!(first["kind"], "person");
    assert_eq!(first["examples"][0]["line"], 8);
}

#[test]
fn written_profiles_read_back_without_problems() {
    let suggestion = Suggestion {
        name: "Margaret O’Connor".into(),
        kind: Kind::Person,
        aliases: vec![
            "O’Connor".into(),
            "Ms O’Connor".into(),
            "\"Quoted\": yes".into(),
        ],
        articles: 3,
        mentions: 5,
        examples: Vec::new(),
    };
    let text = profile_text(&suggestion);
    let source = SourceFile {
        path: "content/actors/margaret-o-connor.md".into(),
        text,
    };
    let dir = site(&[]);
    let config = Config::load(dir.path(), &Overrides::default()).unwrap();
    let markdown = crate::markdown::MarkdownRenderer::new(&config);
    let (profiles, problems) = crate::load::profiles(&[source], &markdown, false);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(profiles[0].name, "Margaret O’Connor");
    assert_eq!(profiles[0].kind, Some(Kind::Person));
    assert_eq!(
        profiles[0].aliases,
        ["O’Connor", "Ms O’Connor", "\"Quoted\": yes"]
    );
}

#[test]
fn a_name_wrapped_across_two_lines_is_one_name() {
    let dir = site(&[
        "Le contrat de la General Services\nAdministration est signé.",
        "Puis la General Services Administration a payé.",
    ]);
    let report = run(&dir);
    assert_eq!(names(&report), ["General Services Administration"]);
    assert_eq!(report.suggestions[0].examples[0].line, 6);
}
