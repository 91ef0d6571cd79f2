//! Jekyll sites: posts in `_posts/` (dates in front matter or in `2016-07-15-slug.md` file
//! names), author profiles in `_authors/<slug>.md`.

use std::path::{Path, PathBuf};

use super::posts::{Hints, import_all};
use super::{ImportError, Progress, Report, Target, authors};

/// Imports the Jekyll site at `source` into `target`.
pub fn import(
    source: &Path,
    target: &mut Target,
    progress: &Progress,
) -> Result<Report, ImportError> {
    let posts_dir = source.join("_posts");
    if !posts_dir.is_dir() {
        return Err(ImportError::NoSource(posts_dir));
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
    let mut markdown = Vec::new();
    for post in super::files_under(&posts_dir)? {
        if super::is_markdown(&post) {
            markdown.push(post);
        } else if super::is_other_page(&post) {
            report.other_page((
                post.strip_prefix(source).unwrap_or(&post).to_path_buf(),
                "not Markdown: convert the post by hand".to_owned(),
            ));
        }
    }
    let hints = |_: &Path| Hints {
        authors: &names,
        lang: None,
    };
    import_all(&markdown, source, hints, target, &mut report, progress)?;
    Ok(report)
}
