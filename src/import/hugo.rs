//! Hugo sites: posts anywhere under `content/` (YAML `---` or TOML `+++` front matter), author
//! profiles in `content/authors/<slug>/_index.md` (or `<slug>.md`), languages from
//! `content/<lang>/` folders.

use std::path::{Path, PathBuf};

use super::posts::{Hints, import_all};
use super::urls::{Generator, SourceSite};
use super::{ImportError, Progress, Report, Target, authors};

/// Imports the Hugo site at `source` (its root, or its `content/` folder) into `target`.
pub fn import(
    source: &Path,
    target: &mut Target,
    progress: &Progress,
) -> Result<Report, ImportError> {
    let content = if source.join("content").is_dir() {
        source.join("content")
    } else {
        source.to_path_buf()
    };
    if !content.is_dir() {
        return Err(ImportError::NoSource(source.to_path_buf()));
    }
    let site_root = content.parent().unwrap_or(&content);
    let site = SourceSite::load(Generator::Hugo, site_root, target.source_config.as_deref())
        .map_err(ImportError::SourceConfig)?;
    let mut report = Report::default();
    let files = super::files_under(&content)?;
    let authors_dir = content.join("authors");
    let (profiles, posts): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| f.starts_with(&authors_dir));
    let profiles: Vec<(PathBuf, String)> = profiles
        .into_iter()
        .filter(|f| super::is_markdown(f))
        .filter_map(|f| {
            let slug = author_slug(&authors_dir, &f)?;
            Some((f, slug))
        })
        .collect();
    let names = authors::import(&profiles, source, target, &mut report)?;
    let mut markdown = Vec::new();
    for post in posts {
        let name = post.file_name().map(|n| n.to_string_lossy().into_owned());
        match name.as_deref() {
            Some(n) if n.starts_with("_index.") => {}
            _ if super::is_markdown(&post) => markdown.push(post),
            // Hugo renders an `.html` content file's body as it is, after its front matter.
            _ if matches!(super::extension(&post).as_str(), "html" | "htm") => markdown.push(post),
            _ if super::is_other_page(&post) => report.other_page((
                post.strip_prefix(source).unwrap_or(&post).to_path_buf(),
                "neither Markdown nor HTML: convert the page by hand".to_owned(),
            )),
            _ => {}
        }
    }
    // Only the site's languages: `node.js.md` is not in a language called `js`.
    let mut languages = target.config.languages.clone();
    languages.push(target.config.language.clone());
    let hints = |post: &Path| Hints {
        authors: &names,
        lang: language_folder(&content, post).or_else(|| language_in_name(post, &languages)),
        relative: post.strip_prefix(&content).unwrap_or(post).to_path_buf(),
        categories: Vec::new(),
    };
    import_all(
        &markdown,
        source,
        hints,
        &site,
        target,
        &mut report,
        progress,
    )?;
    Ok(report)
}

/// `authors/jane/_index.md` → `jane`; `authors/jane.md` → `jane`; the section's own
/// `authors/_index.md` is none.
fn author_slug(authors_dir: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(authors_dir).ok()?;
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [folder, index] if index.starts_with("_index.") || index.starts_with("index.") => {
            Some(folder.clone())
        }
        [file] if !file.starts_with("_index.") => {
            Some(Path::new(file).file_stem()?.to_string_lossy().into_owned())
        }
        _ => None,
    }
}

/// `x.en.md` → `en`: Hugo's translations by file name.
fn language_in_name(post: &Path, languages: &[String]) -> Option<String> {
    let stem = post.file_stem()?.to_str()?;
    let (_, code) = super::posts::file_name_language(stem)?;
    languages.iter().any(|l| l == code).then(|| code.to_owned())
}

/// `content/fr/blog/x.md` → `fr`: Hugo's multilingual layout.
fn language_folder(content: &Path, post: &Path) -> Option<String> {
    let first = post.strip_prefix(content).ok()?.iter().next()?.to_str()?;
    let is_code = first.len() == 2 && first.chars().all(|c| c.is_ascii_lowercase());
    (is_code && post.strip_prefix(content).ok()?.iter().count() > 1).then(|| first.to_owned())
}
