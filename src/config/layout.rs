//! Where every kind of file of a site lives, in one place: [`Paths::classify`] tells what a
//! changed path is for the watcher and the rebuild planner, and the name rules here decide
//! which files source discovery, template loading and static copying take.

use std::path::Path;

use super::{CONFIG_FILE, Paths};

/// The folders of a site that hold sources, relative to its root: what `watch` watches.
pub const WATCHED: &[&str] = &["content", "themes", "templates", "static", "i18n"];

/// What a path of the site (relative to its root) is to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// `site.yaml`.
    Config,
    /// A Markdown file under the articles folder, by its name (it may be gone).
    Article,
    /// The articles folder, or anything under it that is not an article: a folder that
    /// appeared or went, a file of another kind.
    ArticleFolder,
    /// A template of the site or of its theme, by template name (`partials/card.html`).
    Template(String),
    /// Anything else under a templates folder (a folder, another file).
    TemplateFolder,
    /// A static file of the site or of its theme.
    Static,
    /// An actor profile.
    Profile,
    /// An author profile, or the authors folder.
    AuthorProfile,
    /// Another file of the site's theme (UI strings).
    Theme,
    /// Another theme, or content outside articles and profiles: not read.
    Unread,
    /// Anything else: not known to be unread.
    Other,
}

impl Paths {
    /// What `relative` (a path relative to the site root) is to the build.
    pub fn classify(&self, relative: &Path) -> SourceKind {
        let under = |folder: &Path| {
            let folder = folder.strip_prefix(&self.root).unwrap_or(folder);
            relative.strip_prefix(folder).ok()
        };
        let inside = |folder: &Path| under(folder).filter(|rest| !rest.as_os_str().is_empty());
        if relative == Path::new(CONFIG_FILE) {
            return SourceKind::Config;
        }
        if let Some(rest) = under(&self.articles) {
            return if is_article_name(rest) {
                SourceKind::Article
            } else {
                SourceKind::ArticleFolder
            };
        }
        let theme_templates = self.theme.join("templates");
        let templates = [self.templates.as_path(), theme_templates.as_path()];
        if let Some(rest) = templates.into_iter().find_map(inside) {
            let name = template_name(rest);
            return if is_template_name(&name) {
                SourceKind::Template(name)
            } else {
                SourceKind::TemplateFolder
            };
        }
        let theme_static = self.theme.join("static");
        if inside(&self.static_files)
            .or_else(|| inside(&theme_static))
            .is_some()
        {
            return SourceKind::Static;
        }
        if under(&self.actors).is_some() {
            return SourceKind::Profile;
        }
        if under(&self.authors).is_some() {
            return SourceKind::AuthorProfile;
        }
        if under(&self.theme).is_some() {
            return SourceKind::Theme;
        }
        if inside(&self.themes)
            .or_else(|| inside(&self.content))
            .is_some()
        {
            return SourceKind::Unread;
        }
        SourceKind::Other
    }
}

/// The names an article file has when it is the article of a page bundle (its folder).
pub const BUNDLE_INDEXES: [&str; 2] = ["index.md", "index.markdown"];

impl Paths {
    /// The bundle article (relative to the root) that a path under the articles folder
    /// belongs to, found on disk: the `index.md` of the nearest folder above it that has one.
    pub fn bundle_index_of(&self, relative: &Path) -> Option<std::path::PathBuf> {
        let articles = self
            .articles
            .strip_prefix(&self.root)
            .unwrap_or(&self.articles);
        relative
            .ancestors()
            .skip(1)
            .take_while(|folder| folder.starts_with(articles) && *folder != articles)
            .find_map(|folder| {
                BUNDLE_INDEXES
                    .iter()
                    .map(|index| folder.join(index))
                    .find(|index| self.root.join(index).is_file())
            })
    }
}

/// Whether a path under the articles folder names an article: a Markdown file, with no
/// editor's temporary name anywhere on its way.
fn is_article_name(rest: &Path) -> bool {
    let named_well = rest
        .components()
        .all(|c| !is_ignored_name(&c.as_os_str().to_string_lossy()));
    let name = rest.file_name().map(|n| n.to_string_lossy());
    named_well && name.is_some_and(|name| is_markdown(&name))
}

/// True for names editors and systems use for temporary, backup or hidden files.
pub fn is_ignored_name(name: &str) -> bool {
    // `4913`: the file vim writes, and removes, to test that a folder is writable.
    name == "4913"
        || name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with('#')
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".orig",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// Whether a file name is a Markdown file's.
pub fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// Whether a file under a templates folder is a template, by its name.
pub fn is_template_name(name: &str) -> bool {
    [".html", ".xml", ".txt"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A template's name from its path inside a templates folder: `/`-separated on every system.
pub fn template_name(inside: &Path) -> String {
    inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a path (relative to the root) is one the site is built from: `site.yaml`, or a
/// file under a source folder that is not an editor's temporary file.
pub fn is_source(relative: &Path) -> bool {
    let mut components = relative.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    if components.clone().next().is_none() {
        return first == CONFIG_FILE || WATCHED.contains(&first.as_ref());
    }
    let file_name = relative
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    WATCHED.contains(&first.as_ref())
        && !is_vim_probe(&file_name)
        && relative
            .components()
            .skip(1)
            .all(|c| !is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// Vim writes a file named `4913` (or another number) to test that a folder is writable.
fn is_vim_probe(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Overrides, parse_raw};

    fn paths() -> Paths {
        let raw = parse_raw("title: T\n").expect("valid YAML");
        let root = std::path::PathBuf::from("/site");
        let config = Config::from_raw(raw, "title: T\n", root, &Overrides::default());
        config.expect("a valid config").paths
    }

    #[test]
    fn every_kind_of_file_is_told_apart() {
        let paths = paths();
        let kind = |path: &str| paths.classify(Path::new(path));
        assert_eq!(kind("site.yaml"), SourceKind::Config);
        assert_eq!(kind("content/articles/2024/01/a.md"), SourceKind::Article);
        assert_eq!(kind("content/articles/2024/01"), SourceKind::ArticleFolder);
        assert_eq!(kind("content/articles"), SourceKind::ArticleFolder);
        assert_eq!(kind("content/articles/.#a.md"), SourceKind::ArticleFolder);
        assert_eq!(
            kind("content/articles/notes.txt"),
            SourceKind::ArticleFolder
        );
        assert_eq!(
            kind("templates/partials/card.html"),
            SourceKind::Template("partials/card.html".to_owned())
        );
        assert_eq!(
            kind("themes/default/templates/base.html"),
            SourceKind::Template("base.html".to_owned())
        );
        assert_eq!(kind("templates/partials"), SourceKind::TemplateFolder);
        assert_eq!(kind("static/logo.svg"), SourceKind::Static);
        assert_eq!(kind("themes/default/static/style.css"), SourceKind::Static);
        assert_eq!(kind("content/actors/kerry.md"), SourceKind::Profile);
        assert_eq!(kind("content/authors/dumas.md"), SourceKind::AuthorProfile);
        assert_eq!(kind("themes/default/i18n/fr.yaml"), SourceKind::Theme);
        assert_eq!(kind("themes/plain/templates/base.html"), SourceKind::Unread);
        assert_eq!(kind("content/drafts/x.md"), SourceKind::Unread);
        assert_eq!(kind("i18n/fr.yaml"), SourceKind::Other);
    }

    #[test]
    fn sources_are_told_from_editor_files_and_output() {
        for source in [
            "site.yaml",
            "content/articles/2024/01/a.md",
            "themes/default/templates/base.html",
            "static/logo.svg",
            "templates",
        ] {
            assert!(is_source(Path::new(source)), "{source}");
        }
        for other in [
            "output/index.html",
            "content/articles/.a.md.swp",
            "content/articles/a.md~",
            "content/articles/.#a.md",
            "content/articles/4913",
            "content/.git/index",
            ".output.staging-12/index.html",
            "README.md",
        ] {
            assert!(!is_source(Path::new(other)), "{other}");
        }
    }
}
