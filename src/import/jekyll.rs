//! Jekyll sites: posts in `_posts/` folders anywhere below the root (a folder above one is a
//! category, as Jekyll reads it: `2004/_posts/`), dates in front matter or in
//! `2016-07-15-slug.md` file names, Markdown or HTML bodies; author profiles in
//! `_authors/<slug>.md`.

use std::path::{Path, PathBuf};

use super::posts::{Hints, import_all};
use super::urls::{Generator, SourceSite};
use super::{ImportError, Progress, Report, Target, authors};

/// Imports the Jekyll site at `source` into `target`.
pub fn import(
    source: &Path,
    target: &mut Target,
    progress: &Progress,
) -> Result<Report, ImportError> {
    if !source.is_dir() {
        return Err(ImportError::NoSource(source.to_path_buf()));
    }
    let site = SourceSite::load(Generator::Jekyll, source, target.source_config.as_deref())
        .map_err(ImportError::SourceConfig)?;
    let files = super::files_under(source)?;
    let posts: Vec<PathBuf> = files
        .iter()
        .filter(|f| is_post_place(source, f))
        .cloned()
        .collect();
    if posts.is_empty() {
        return Err(ImportError::NoPosts(source.to_path_buf()));
    }
    let mut report = Report::default();
    let authors_dir = source.join("_authors");
    let profiles: Vec<(PathBuf, String)> = if authors_dir.is_dir() {
        super::files_under(&authors_dir)?
            .into_iter()
            .filter(|f| super::is_markdown(f))
            .filter_map(|f| {
                let slug = f.file_stem()?.to_string_lossy().into_owned();
                Some((f, slug))
            })
            .collect()
    } else {
        Vec::new()
    };
    let names = authors::import(&profiles, source, target, &mut report)?;
    let mut readable = Vec::new();
    for post in posts {
        if super::is_markdown(&post) || is_html(&post) {
            readable.push(post);
        } else if super::is_other_page(&post) {
            report.other_page((
                post.strip_prefix(source).unwrap_or(&post).to_path_buf(),
                "neither Markdown nor HTML: convert the post by hand".to_owned(),
            ));
        }
    }
    let hints = |post: &Path| {
        let relative = post.strip_prefix(source).unwrap_or(post).to_path_buf();
        Hints {
            authors: &names,
            lang: None,
            categories: folder_categories(&relative),
            relative,
        }
    };
    import_all(
        &readable,
        source,
        hints,
        &site,
        target,
        &mut report,
        progress,
    )?;
    Ok(report)
}

/// A file in a `_posts/` folder, not in Jekyll's output or a dependency folder.
fn is_post_place(source: &Path, file: &Path) -> bool {
    let Ok(relative) = file.strip_prefix(source) else {
        return false;
    };
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let in_posts = parts[..parts.len().saturating_sub(1)]
        .iter()
        .any(|p| p == "_posts");
    let elsewhere = parts
        .iter()
        .any(|p| matches!(p.as_str(), "_site" | "node_modules" | "vendor" | "_drafts"));
    in_posts && !elsewhere
}

fn is_html(path: &Path) -> bool {
    matches!(super::extension(path).as_str(), "html" | "htm")
}

/// `2004/_posts/x.md` → `["2004"]`: the folders above `_posts/` are categories to Jekyll.
fn folder_categories(relative: &Path) -> Vec<String> {
    relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .take_while(|p| p != "_posts")
        .collect()
}
