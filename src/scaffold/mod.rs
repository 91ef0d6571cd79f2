//! Starting points for authors: `gazette init` (a new site) and `gazette new` (a new article).
//!
//! Both only ever create files, never replace one: every file is opened with `create_new`, so
//! a typo in a folder name or a title twice cannot overwrite what someone wrote. `init` writes
//! the default theme from the copy inside the binary, so a site made anywhere builds at once.

mod new;
pub mod theme;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use new::{NewArticle, new_article};

/// Why a site or an article could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{} is not empty; `gazette init` only creates new sites", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} already exists; nothing was written", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("--date: {0}; {hint}", hint = crate::model::date::DATE_HINT)]
    Date(#[from] crate::model::date::DateError),
    #[error("the title `{0}` has no letters or digits to make a file name from")]
    NoSlug(String),
}

/// The files of a new site besides the theme: (path relative to the site, text).
const STARTER: &[(&str, &str)] = &[
    ("site.yaml", include_str!("starter/site.yaml")),
    (".gitignore", include_str!("starter/gitignore")),
    (
        "content/actors/ada-moreau.md",
        include_str!("starter/ada-moreau.md"),
    ),
    (
        "content/articles/2024/05/new-bridge-opens.md",
        include_str!("starter/new-bridge-opens.md"),
    ),
    (
        "content/articles/2024/06/bridge-traffic-doubles.md",
        include_str!("starter/bridge-traffic-doubles.md"),
    ),
];

/// The commit this gazette was built from (see `build.rs`), when it was built in a checkout.
pub const BUILT_FROM_COMMIT: Option<&str> = match env!("GAZETTE_COMMIT").as_bytes() {
    [] => None,
    _ => Some(env!("GAZETTE_COMMIT")),
};

/// The deploy workflow `init` writes beside a new site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// GitHub Actions, publishing to GitHub Pages.
    Github,
    /// GitLab CI, publishing to GitLab Pages (`public/`).
    Gitlab,
    /// No workflow.
    None,
}

impl Ci {
    /// Where the workflow goes in the site, if any.
    pub fn workflow_path(self) -> Option<&'static str> {
        match self {
            Ci::Github => Some(".github/workflows/gazette.yml"),
            Ci::Gitlab => Some(".gitlab-ci.yml"),
            Ci::None => None,
        }
    }

    /// The workflow's text, pinned to the commit of the gazette that writes it, so CI builds
    /// with what the author previewed.
    pub fn workflow(self) -> Option<String> {
        let template = match self {
            Ci::Github => include_str!("ci/github.yml"),
            Ci::Gitlab => include_str!("ci/gitlab.yml"),
            Ci::None => return None,
        };
        Some(template.replace("@GAZETTE_REV@", BUILT_FROM_COMMIT.unwrap_or("")))
    }
}

/// Creates a site in `dir` (which must be missing or empty): `site.yaml`, two example
/// articles, one actor profile, the default theme, a `.gitignore`, and the deploy workflow
/// `ci` names. Returns the files written.
pub fn init(dir: &Path, ci: Ci) -> Result<Vec<PathBuf>, ScaffoldError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaffoldError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let theme = theme::DEFAULT_THEME
        .iter()
        .map(|(name, bytes)| (format!("themes/default/{name}"), *bytes));
    let starter = STARTER
        .iter()
        .map(|(name, text)| (name.to_string(), text.as_bytes()));
    let workflow = ci.workflow_path().zip(ci.workflow());
    let workflow = workflow
        .iter()
        .map(|(path, text)| (path.to_string(), text.as_bytes()));
    let mut written = Vec::new();
    for (relative, bytes) in starter.chain(workflow).chain(theme) {
        let path = dir.join(relative);
        create_file(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a new file, creating its folders; refuses to replace an existing file.
pub fn create_file(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => io(e),
        })?;
    file.write_all(bytes).map_err(io)
}

/// A YAML scalar that reads back as exactly `text`: a JSON string is a valid YAML
/// double-quoted scalar, escapes included.
pub fn yaml_quote(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

/// A YAML flow list of quoted strings: `["a", "b"]`.
pub fn yaml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| yaml_quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_a_folder_with_anything_in_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            init(dir.path(), Ci::None),
            Err(ScaffoldError::NotEmpty(_))
        ));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn create_file_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        create_file(&path, b"first").unwrap();
        assert!(matches!(
            create_file(&path, b"second"),
            Err(ScaffoldError::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
    }

    #[test]
    fn quoted_scalars_read_back_as_written() {
        for text in [
            "L'« accord » : 1er\u{a0}juin",
            "a \"b\" \\ c",
            "- x: #y",
            "2016",
        ] {
            let yaml = format!("v: {}\n", yaml_quote(text));
            let value: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(value["v"].as_str(), Some(text), "{yaml}");
        }
    }
}
