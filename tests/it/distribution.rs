//! Getting gazette into a newsroom's hands: `--version`, the deploy workflows `init` writes,
//! shell completions and the manual page.

use std::process::Command;

use serde_yaml::Value;

use crate::harness::{SiteTest, gazette_in, repo};

const SUBCOMMANDS: &[&str] = &[
    "build",
    "serve",
    "watch",
    "init",
    "new",
    "check",
    "import",
    "completions",
    "man",
];

/// The commit the repository is at, when it is a git checkout with git installed.
fn head_commit() -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo())
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let site = SiteTest::new();
    let ran = site.gazette(&["--version"]);
    assert!(ran.success(), "{}", ran.stderr);
    let version = format!("gazette {}", env!("CARGO_PKG_VERSION"));
    assert!(ran.stdout.starts_with(&version), "{}", ran.stdout);
    match head_commit() {
        Some(commit) => assert!(
            ran.stdout.contains(&format!("(commit {commit})")),
            "{}",
            ran.stdout
        ),
        None => assert_eq!(ran.stdout.trim(), version),
    }
}

/// Every shell line of a workflow that runs gazette, as its words.
fn gazette_commands(shell: &str) -> Vec<Vec<String>> {
    shell
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("gazette ") || *line == "gazette")
        .map(|line| {
            let line = line.split(" #").next().unwrap();
            line.split_whitespace().map(str::to_owned).collect()
        })
        .collect()
}

/// Asserts that each command's subcommand exists and takes the flags given to it.
fn assert_runs_in_the_cli(commands: &[Vec<String>], dir: &std::path::Path) {
    assert!(!commands.is_empty());
    for words in commands {
        let (sub, flags): (Vec<&String>, Vec<&String>) =
            words[1..].iter().partition(|w| !w.starts_with('-'));
        let mut help_args: Vec<&str> = sub.iter().take(1).map(|s| s.as_str()).collect();
        help_args.push("--help");
        let help = gazette_in(dir, &help_args);
        assert!(help.success(), "{words:?}: {}", help.stderr);
        for flag in flags {
            assert!(help.stdout.contains(flag.as_str()), "{words:?}: {flag}");
        }
    }
}

/// All the shell text of a workflow: GitHub's `run:` steps, GitLab's `script:` lists.
fn shell_text(workflow: &Value) -> String {
    let mut text = String::new();
    let mut visit = vec![workflow];
    while let Some(value) = visit.pop() {
        match value {
            Value::Mapping(map) => {
                for (key, value) in map {
                    let shell = matches!(key.as_str(), Some("run" | "script" | "before_script"));
                    match value {
                        Value::String(s) if shell => text.push_str(&format!("{s}\n")),
                        Value::Sequence(lines) if shell => {
                            for line in lines.iter().filter_map(Value::as_str) {
                                text.push_str(&format!("{line}\n"));
                            }
                        }
                        other => visit.push(other),
                    }
                }
            }
            Value::Sequence(items) => visit.extend(items),
            _ => {}
        }
    }
    text
}

fn init_with(ci: &str) -> (SiteTest, std::path::PathBuf) {
    let site = SiteTest::new();
    let dir = site.sibling("fresh").join("news");
    let ran = gazette_in(&site.root, &["init", dir.to_str().unwrap(), "--ci", ci]);
    assert!(ran.success(), "{}", ran.stderr);
    (site, dir)
}

#[test]
fn init_writes_a_github_pages_workflow_whose_commands_exist() {
    let (_site, dir) = init_with("github");
    let file = dir.join(".github/workflows/gazette.yml");
    let text = std::fs::read_to_string(&file).unwrap();
    let workflow: Value = serde_yaml::from_str(&text).expect("valid YAML");
    let shell = shell_text(&workflow);
    assert_runs_in_the_cli(&gazette_commands(&shell), &dir);
    assert!(shell.contains("cargo install --locked --git"), "{shell}");
    assert!(text.contains("actions/deploy-pages"), "{text}");
    assert!(
        text.contains("path: ~/.cargo/bin/gazette"),
        "the binary is cached"
    );
    assert!(
        text.contains("output\n") && text.contains(".gazette-cache"),
        "warm builds"
    );
    let pinned = workflow["env"]["GAZETTE_REV"].as_str().unwrap().to_owned();
    assert_eq!(Some(pinned), head_commit().or(Some(String::new())));
    assert!(!dir.join(".gitlab-ci.yml").exists());
    let ignored = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignored.contains("/output/") && ignored.contains("/.gazette-cache/"));
    // The site it came with still builds and checks clean.
    assert!(gazette_in(&dir, &["build"]).success());
}

#[test]
fn init_writes_a_gitlab_pages_job_publishing_public() {
    let (_site, dir) = init_with("gitlab");
    let text = std::fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap();
    let workflow: Value = serde_yaml::from_str(&text).expect("valid YAML");
    let shell = shell_text(&workflow);
    let commands = gazette_commands(&shell);
    assert_runs_in_the_cli(&commands, &dir);
    assert!(
        commands
            .iter()
            .any(|c| c.join(" ") == "gazette build --output public"),
        "{commands:?}"
    );
    assert_eq!(
        workflow["pages"]["artifacts"]["paths"][0].as_str(),
        Some("public")
    );
    assert!(!dir.join(".github").exists());
    // The job's command, run here: the site lands in public/.
    let built = gazette_in(&dir, &["build", "--output", "public"]);
    assert!(built.success(), "{}", built.stderr);
    assert!(dir.join("public/index.html").is_file());
}

#[test]
fn init_with_ci_none_writes_no_workflow() {
    let (_site, dir) = init_with("none");
    assert!(!dir.join(".github").exists() && !dir.join(".gitlab-ci.yml").exists());
    assert!(dir.join("site.yaml").is_file());
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let site = SiteTest::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let ran = site.gazette(&["completions", shell]);
        assert!(ran.success(), "{shell}: {}", ran.stderr);
        for sub in SUBCOMMANDS {
            assert!(ran.stdout.contains(sub), "{shell} lacks {sub}");
        }
        // fish writes `-l drafts`, the others `--drafts`.
        assert!(
            ran.stdout.contains("drafts"),
            "{shell}: flags are completed"
        );
    }
    let refused = site.gazette(&["completions", "tcsh"]);
    assert!(!refused.success());
}

#[test]
fn the_man_page_has_a_section_per_subcommand_with_its_flags() {
    let site = SiteTest::new();
    let ran = site.gazette(&["man"]);
    assert!(ran.success(), "{}", ran.stderr);
    assert!(ran.stdout.starts_with(".ie") || ran.stdout.contains(".TH gazette"));
    for sub in SUBCOMMANDS {
        let heading = format!(".SH \"GAZETTE {}\"", sub.to_uppercase());
        assert!(ran.stdout.contains(&heading), "no {heading}");
    }
    assert!(ran.stdout.contains(".SH \"GAZETTE IMPORT JEKYLL\""));
    for flag in ["drafts", "strict", "ci", "port"] {
        assert!(ran.stdout.contains(&format!("\\-\\-{flag}")), "{flag}");
    }
}
