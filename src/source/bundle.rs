//! Page bundles: an article written as a folder (`…/crue-historique/index.md`) with the files
//! it shows beside it. Here the bundle's files are listed, and the folder rules checked:
//!
//! - a bundle holds one article: any other Markdown file under its folder (another bundle's
//!   `index.md` included) is an error naming both, since its relative links could not say
//!   which article's files they mean;
//! - an `index.md` directly in the articles folder is an error: a bundle needs a folder of its
//!   own, whose name is the article's slug.
//!
//! Editors' leftovers and hidden files are skipped as everywhere else; Markdown files are
//! articles, never files to publish. Links are followed only while they stay inside the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::layout::{is_ignored_name, is_markdown};
use crate::diagnostics::Diagnostic;
use crate::model::article::is_bundle_index;
use crate::model::image::Bundle;

/// The bundle of an article file (relative to the root), if it is one: its folder's files
/// listed. Unreadable entries and links out of the site become problems, not files.
pub fn of(root: &Path, article: &Path, problems: &mut Vec<Diagnostic>) -> Option<Bundle> {
    if !is_bundle_index(article) {
        return None;
    }
    let folder = article.parent()?.to_path_buf();
    let absolute = root.join(&folder);
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(&absolute)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let shown = error.path().map_or(folder.clone(), |p| shown(root, p));
                problems.push(Diagnostic::warning(
                    &shown,
                    0,
                    0,
                    format!(
                        "this file of the bundle cannot be read, so it is not published: {error}"
                    ),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || is_markdown(&name) {
            continue;
        }
        let inside = entry
            .path()
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&real_root));
        if !inside {
            problems.push(
                Diagnostic::error(
                    &shown(root, entry.path()),
                    0,
                    0,
                    "this is a symbolic link leading out of the site; it is not published",
                )
                .with_hint("copy the file into the bundle instead of linking to it"),
            );
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&absolute) else {
            continue;
        };
        if !publishable(relative) {
            problems.push(
                Diagnostic::warning(
                    &shown(root, entry.path()),
                    0,
                    0,
                    "this file's name has `\\`, `:` or a control character, which no URL of the site may hold; it is not published",
                )
                .with_hint("rename the file with letters, digits, spaces, `-` or `_`"),
            );
            continue;
        }
        files.push(relative.to_path_buf());
    }
    files.sort();
    Some(Bundle { folder, files })
}

/// Whether a bundle file's path can be published: the output paths refuse `\`, `:` and
/// control characters (`route::output_file`).
fn publishable(relative: &Path) -> bool {
    relative.components().all(|c| {
        let name = c.as_os_str().to_string_lossy();
        !name.contains(['\\', ':']) && !name.chars().any(char::is_control)
    })
}

fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The folder rules over every article file (relative to the root): no article inside another
/// article's bundle, no bundle index directly in the articles folder (`articles`, relative to
/// the root).
pub fn folder_problems<'a>(
    articles: &Path,
    sources: impl IntoIterator<Item = &'a PathBuf> + Clone,
) -> Vec<Diagnostic> {
    let bundles: BTreeMap<&Path, &PathBuf> = sources
        .clone()
        .into_iter()
        .filter(|source| is_bundle_index(source))
        .filter_map(|source| Some((source.parent()?, source)))
        .collect();
    let mut problems = Vec::new();
    for source in sources {
        let own = source.parent().filter(|_| is_bundle_index(source));
        if own == Some(articles) {
            problems.push(
                Diagnostic::error(source, 0, 0, "an `index.md` directly in the articles folder has no folder to name it")
                    .with_hint("a page bundle is a folder of its own: move it to `<slug>/index.md` with its files, or rename it"),
            );
            continue;
        }
        let above = source
            .ancestors()
            .skip(1)
            .filter(|folder| Some(*folder) != own);
        let outer = above
            .take_while(|folder| folder.starts_with(articles) && *folder != articles)
            .find_map(|folder| bundles.get(folder));
        if let Some(index) = outer {
            problems.push(
                Diagnostic::error(
                    source,
                    0,
                    0,
                    format!(
                        "this article is inside the page bundle of `{}`; a bundle holds one article",
                        index.display()
                    ),
                )
                .with_hint("move the article out of that folder (beside it), or make the folder an ordinary folder by moving its `index.md` into a folder of its own"),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(files: &[&str]) -> Vec<String> {
        let sources: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        folder_problems(Path::new("content/articles"), &sources)
            .iter()
            .map(|d| format!("{} {}", d.path.display(), d.message))
            .collect()
    }

    #[test]
    fn a_bundle_holds_one_article() {
        assert!(
            problems(&[
                "content/articles/2016/crue/index.md",
                "content/articles/2016/a.md"
            ])
            .is_empty()
        );
        let found = problems(&[
            "content/articles/2016/crue/index.md",
            "content/articles/2016/crue/notes.md",
            "content/articles/2016/crue/sub/index.md",
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("content/articles/2016/crue/notes.md"),
            "{found:?}"
        );
        assert!(
            found[1].contains("bundle of `content/articles/2016/crue/index.md`"),
            "{found:?}"
        );
        let root = problems(&["content/articles/index.md"]);
        assert!(
            root[0].contains("directly in the articles folder"),
            "{root:?}"
        );
    }

    #[test]
    fn bundle_files_are_listed_without_markdown_or_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "content/articles/crue/index.md",
            "content/articles/crue/photo.jpg",
            "content/articles/crue/img/a.png",
            "content/articles/crue/photo.jpg~",
            "content/articles/crue/.DS_Store",
            "content/articles/crue/.git/x",
            "content/articles/crue/tableau.csv",
            "content/articles/crue/a:b.png",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let mut problems = Vec::new();
        let article = Path::new("content/articles/crue/index.md");
        let bundle = of(root, article, &mut problems).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].path.ends_with("a:b.png"), "{problems:?}");
        assert_eq!(bundle.folder, PathBuf::from("content/articles/crue"));
        let files: Vec<_> = bundle
            .files
            .iter()
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["img/a.png", "photo.jpg", "tableau.csv"]);
        assert!(of(root, Path::new("content/articles/crue.md"), &mut problems).is_none());
    }
}
