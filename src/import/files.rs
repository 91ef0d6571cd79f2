//! The files a post shows or links to (`![chart](/assets/blog/chart.png)`, `[the plan](/files/plan.pdf)`):
//! the build refuses an image or a linked file that is no file of the site, so the import
//! brings each one along. Found in the source site (its `static/`, its root, `content/`, or
//! beside the post), it is copied into the new site's `static/` and the post points at the
//! copy; not found, it points at the old site when its address was given (`--source-url`),
//! and is listed either way, with the post's line.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use pulldown_cmark::{Event, Parser, Tag};

use crate::model::image::{decode, names_a_file, split_suffix};

/// Where files are looked for and put.
pub struct Places<'a> {
    /// The source site's root.
    pub source_root: &'a Path,
    /// The folder of the post, in the source.
    pub post_folder: &'a Path,
    /// The folder the post's page had on the old site (`/2016/07/x/`): a relative file
    /// there keeps that place.
    pub old_folder: &'a str,
    /// The new site's `static/`.
    pub site_static: &'a Path,
    /// The old site's address (`https://old.example.org`), without its last `/`.
    pub source_url: Option<&'a str>,
    /// A dry run: nothing is copied.
    pub dry_run: bool,
}

/// What became of one file: a note for the post, at the byte offset of its reference.
pub struct Moved {
    pub at: usize,
    pub note: String,
}

/// The body with each local image and linked file pointing where it now is, and a note per
/// file: Markdown images and links, and `<img src>` and `<a href>` in raw HTML (which the
/// build does not check, so a file left behind there would only show as a broken image).
pub fn bring_along(body: &str, places: &Places<'_>) -> (String, Vec<Moved>) {
    let mut out = String::with_capacity(body.len());
    let mut notes = Vec::new();
    let mut last = 0;
    for (raw, written, image) in references(body) {
        if raw.start < last {
            continue;
        }
        let (url, note) = place(&written, image, places);
        out.push_str(&body[last..raw.start]);
        out.push_str(&url);
        last = raw.end;
        notes.push(Moved {
            at: raw.start,
            note,
        });
    }
    out.push_str(&body[last..]);
    (out, notes)
}

/// Where the destination of an inline link or image is written in `body[range]` (after its
/// last `](`, up to a space or the closing `)`), as written: it may hold Markdown escapes
/// (`Docs\_App.jpg`) the parsed URL has not. `None` for a reference-style link.
pub fn raw_destination(body: &str, range: Range<usize>) -> Option<Range<usize>> {
    let text = &body[range.clone()];
    let open = text.rfind("](")? + 2;
    let rest = &text[open..];
    let (start, len) = match rest.strip_prefix('<') {
        Some(inner) => (open + 1, inner.find('>')?),
        None => (open, rest.find([' ', '\t', '\n', ')'])?),
    };
    Some(range.start + start..range.start + start + len)
}

/// Local images and root-relative links to files, as the build reads them (and in raw HTML):
/// where the URL is written, the URL, and whether it is an image.
fn references(body: &str) -> Vec<(Range<usize>, String, bool)> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if is_local(&dest_url, true) => {
                if let Some(raw) = raw_destination(body, range) {
                    found.push((raw, dest_url.into_string(), true));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if is_local(&dest_url, false) => {
                if let Some(raw) = raw_destination(body, range) {
                    found.push((raw, dest_url.into_string(), false));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => found.extend(html_references(body, range)),
            _ => {}
        }
    }
    found
}

/// A local image, or a root-relative link to a file (`/files/plan.pdf`, not `/about/`).
fn is_local(url: &str, image: bool) -> bool {
    let (path, _) = split_suffix(url);
    let local = !path.is_empty() && !url.starts_with("//") && !url.contains(':');
    local && (image || (path.starts_with('/') && names_a_file(&decode(path))))
}

/// `<img src>` and `<a href>` of raw HTML in `body[range]`, with entities such as `&amp;`
/// left alone (a URL holding one is left as written).
fn html_references(body: &str, range: Range<usize>) -> Vec<(Range<usize>, String, bool)> {
    static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)<(img|a)\b[^>]*?\s(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
            .expect("a valid pattern")
    });
    let text = &body[range.clone()];
    ATTRIBUTE
        .captures_iter(text)
        .filter_map(|found| {
            let image = found[1].eq_ignore_ascii_case("img");
            if image != found[2].eq_ignore_ascii_case("src") {
                return None;
            }
            let value = found.get(3).or_else(|| found.get(4))?;
            let url = value.as_str();
            (is_local(url, image) && !url.contains('&') && !url.contains("{{")).then(|| {
                (
                    range.start + value.start()..range.start + value.end(),
                    url.to_owned(),
                    image,
                )
            })
        })
        .collect()
}

/// The URL to write for one reference, and the note saying what was done.
pub fn place(written: &str, image: bool, places: &Places<'_>) -> (String, String) {
    let (path, suffix) = split_suffix(written);
    let site_path = match path.strip_prefix('/') {
        Some(_) => decode(path),
        None => format!(
            "{}/{}",
            places.old_folder.trim_end_matches('/'),
            decode(path)
        ),
    };
    let what = if image { "image" } else { "linked file" };
    let Some(inside) = safe_relative(&site_path) else {
        return (
            written.to_owned(),
            format!("{what} `{written}` leads out of the site: fix it by hand"),
        );
    };
    let found = candidates(path, &inside, places)
        .into_iter()
        .find(|c| c.is_file());
    let encoded = crate::model::image::encode(&inside);
    match found {
        Some(file) => match copy(&file, &places.site_static.join(&inside), places.dry_run) {
            Ok(()) => (
                format!("/{encoded}{suffix}"),
                format!("{what} `{written}` copied into static/{}", inside.display()),
            ),
            Err(why) => (
                written.to_owned(),
                format!("{what} `{written}` not copied: {why}"),
            ),
        },
        None => match places.source_url {
            Some(old) => (
                format!("{old}/{encoded}{suffix}"),
                format!(
                    "{what} `{written}` is not in the source folder: it now points at the old site"
                ),
            ),
            None => (
                written.to_owned(),
                format!(
                    "{what} `{written}` is not in the source folder, and the build refuses a file the site lacks: copy it to static/{}, or import again with --source-url",
                    inside.display()
                ),
            ),
        },
    }
}

/// `/assets/a b.png` → `assets/a b.png`; `None` for `..` or an empty path.
fn safe_relative(site_path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for part in site_path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if part == ".." || part.contains('\\') {
            return None;
        }
        relative.push(part);
    }
    (!relative.as_os_str().is_empty()).then_some(relative)
}

/// Where the source site may hold the file: Hugo serves `static/` and page resources of
/// `content/` at the root, Jekyll every folder of the root; a relative URL names a file
/// beside the post (a Hugo page bundle).
fn candidates(written: &str, inside: &Path, places: &Places<'_>) -> Vec<PathBuf> {
    let root = places.source_root;
    let mut found = Vec::new();
    if !written.starts_with('/')
        && let Some(beside) = safe_relative(&decode(written))
    {
        found.push(places.post_folder.join(beside));
    }
    found.extend([
        root.join("static").join(inside),
        root.join(inside),
        root.join("content").join(inside),
    ]);
    found
}

/// Copies `from` to `to` unless `to` is there already (another post used the file, or an
/// earlier import copied it): an import never replaces a file.
fn copy(from: &Path, to: &Path, dry_run: bool) -> Result<(), String> {
    if to.exists() || dry_run {
        return Ok(());
    }
    if let Some(folder) = to.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_found_are_copied_and_missing_ones_point_at_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("source");
        let site_static = dir.path().join("site/static");
        std::fs::create_dir_all(source.join("static/img")).unwrap();
        std::fs::write(source.join("static/img/a b.png"), "png").unwrap();
        std::fs::create_dir_all(source.join("content/posts/x")).unwrap();
        std::fs::write(source.join("content/posts/x/c.jpg"), "jpg").unwrap();
        let mut places = Places {
            source_root: &source,
            post_folder: &source.join("content/posts/x"),
            old_folder: "/posts/x/",
            site_static: &site_static,
            source_url: Some("https://old.example.org"),
            dry_run: false,
        };
        let body = "[![E](e\\_f.png)](https://x.org/) ![A](/img/a%20b.png) ![C](c.jpg \"t\") [plan](/files/plan.pdf) [page](/about/) ![w](https://x.org/w.png)\n";
        let (out, notes) = bring_along(body, &places);
        assert_eq!(
            out,
            "[![E](https://old.example.org/posts/x/e_f.png)](https://x.org/) ![A](/img/a%20b.png) ![C](/posts/x/c.jpg \"t\") [plan](https://old.example.org/files/plan.pdf) [page](/about/) ![w](https://x.org/w.png)\n"
        );
        assert_eq!(notes.len(), 4);
        assert!(site_static.join("img/a b.png").is_file());
        assert!(site_static.join("posts/x/c.jpg").is_file());
        places.source_url = None;
        let (out, notes) = bring_along("![M](/img/missing.png)\n", &places);
        assert_eq!(out, "![M](/img/missing.png)\n");
        assert!(notes[0].note.contains("--source-url"), "{}", notes[0].note);
        assert_eq!(notes[0].at, 5);
        places.source_url = Some("https://old.example.org");
        let html = "<p><img src=\"/img/a%20b.png\" alt=\"A\"> <a href='/files/plan.pdf'>plan</a> <a href=\"/about/\">about</a></p>\n\nText <img alt=\"x\" src=\"{{site.filesurl}}/y.png\">.\n";
        let (out, notes) = bring_along(html, &places);
        assert_eq!(
            out,
            "<p><img src=\"/img/a%20b.png\" alt=\"A\"> <a href='https://old.example.org/files/plan.pdf'>plan</a> <a href=\"/about/\">about</a></p>\n\nText <img alt=\"x\" src=\"{{site.filesurl}}/y.png\">.\n"
        );
        assert_eq!(
            notes.len(),
            2,
            "{:?}",
            notes.iter().map(|n| &n.note).collect::<Vec<_>>()
        );
    }
}
