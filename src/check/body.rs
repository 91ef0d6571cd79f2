//! What `check` finds inside article bodies: internal links to pages that lead nowhere, links
//! built from template tags (`{{ site.baseurl }}/x/`, which never become addresses), and
//! images without alternative text (images and links to files are the build's to check).
//! The Markdown is parsed again (with the build's options) because the rendered HTML no
//! longer knows which line of the file a link came from.

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use regex::Regex;

use crate::diagnostics::{Diagnostic, line_column};
use crate::model::article::Article;
use crate::model::route::output_file;

/// The body problems of one article; `text` is its whole file.
pub fn problems(article: &Article, text: &str, files: &HashSet<PathBuf>) -> Vec<Diagnostic> {
    let Ok(split) = crate::front_matter::split(text) else {
        return Vec::new();
    };
    let body_start = text.len() - split.body.len();
    let at = |range: &Range<usize>, message: String| {
        let (line, column) = line_column(text, body_start + range.start);
        Diagnostic::warning(&article.meta.source_path, line, column, message).quoting(text)
    };
    let mut found: Vec<Diagnostic> = templated_links(split.body)
        .into_iter()
        .map(|(range, target)| {
            at(&range, format!("link target `{target}` holds a template tag, which is no address"))
                .with_hint("replace the tag with the address it stood for: `/2016/07/x/` rather than `{{ site.baseurl }}/2016/07/x/`")
        })
        .collect();
    let mut image: Option<(Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(split.body, crate::markdown::options()).into_offset_iter()
    {
        match event {
            // `<user@example.org>` is a mail address, whatever its host looks like.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. })
                if !is_templated(&dest_url) && !resolves(&dest_url, files) =>
            {
                found.push(
                    at(
                        &range,
                        format!("link to `{dest_url}`, which is no page of the site"),
                    )
                    .with_hint("fix the address, or remove the link if the page is gone"),
                );
            }
            // Images, and links to files, are checked by the build itself (an error there).
            Event::Start(Tag::Image { .. }) => image = Some((range, String::new())),
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some((_, alt)) = &mut image {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((range, alt)) = image.take()
                    && alt.trim().is_empty()
                {
                    found.push(missing_alt(at(
                        &range,
                        "image has no alternative text".into(),
                    )));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for offset in images_without_alt(&html) {
                    let start = range.start + offset;
                    found.push(missing_alt(at(
                        &(start..start),
                        "image has no `alt` attribute".into(),
                    )));
                }
            }
            _ => {}
        }
    }
    found
}

fn is_templated(url: &str) -> bool {
    url.contains("{{") || url.contains("{%") || url.contains("%7B%7B") || url.contains("%7B%25")
}

/// Link and image targets (Markdown `](…)`, HTML `href=`/`src=`) that start with or hold a
/// template tag, outside fenced code: byte range in the body and the target as written. Read
/// from the text because a target with spaces (`{{ site.baseurl }}`) is no link to the parser.
fn templated_links(body: &str) -> Vec<(Range<usize>, String)> {
    static TARGET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\]\(\s*([^)\s]*(?:\{\{|\{%)[^)]*)\)|(?:href|src)\s*=\s*["']([^"']*(?:\{\{|\{%)[^"']*)["']"#)
            .expect("a valid pattern")
    });
    let mut found = Vec::new();
    let (mut offset, mut fenced) = (0, false);
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced {
            for c in TARGET.captures_iter(line) {
                let target = c.get(1).or(c.get(2)).expect("one group matches");
                let start = offset + target.start();
                found.push((start..start, target.as_str().to_owned()));
            }
        }
        offset += line.len();
    }
    found
}

fn missing_alt(diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.with_hint(
        "describe the image for readers who cannot see it: `![The new bridge at dusk](/img.jpg)`",
    )
}

/// Whether a link leads somewhere: anything but a root-relative link is taken on trust;
/// a root-relative one must be a page or file the build writes.
fn resolves(url: &str, files: &HashSet<PathBuf>) -> bool {
    if !url.starts_with('/') || url.starts_with("//") {
        return true;
    }
    let path = url.split(['#', '?']).next().unwrap_or(url);
    if crate::model::image::names_a_file(path) {
        return true;
    }
    if path.starts_with(&crate::model::route::paths::search_bundle("")) {
        return true;
    }
    let exact = output_file(path).is_ok_and(|file| files.contains(&file));
    // `/2016/07/accord` is served as `/2016/07/accord/` by most hosts.
    let as_folder = !path.ends_with('/')
        && output_file(&format!("{path}/")).is_ok_and(|file| files.contains(&file));
    exact || as_folder
}

/// Byte offsets of `<img` tags in raw HTML that carry no `alt` attribute.
fn images_without_alt(html: &str) -> Vec<usize> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<img") {
        let start = from + at;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        let has_alt = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .any(|attribute| attribute == "alt" || attribute.starts_with("alt="));
        if !has_alt {
            found.push(start);
        }
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_with_template_tags_are_found_outside_code() {
        let body = "[a]({{ site.baseurl }}/x/) <a href=\"{% link y.md %}\">b</a>\n```\n[c]({{ z }})\n```\n[d](/ok/)\n";
        let found = templated_links(body);
        let targets: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(targets, ["{{ site.baseurl }}/x/", "{% link y.md %}"]);
        assert_eq!(found[0].0.start, 4);
    }

    #[test]
    fn raw_images_need_an_alt_attribute() {
        assert_eq!(images_without_alt("<p><img src=a.jpg></p>"), [3]);
        assert!(images_without_alt("<IMG SRC='a.jpg' ALT=''>").is_empty());
        assert!(images_without_alt("<img alt src=a.jpg/>").is_empty());
    }

    #[test]
    fn root_relative_links_must_be_built_pages_or_files() {
        let files: HashSet<PathBuf> = ["2016/07/accord/index.html", "img/a.jpg", "index.html"]
            .into_iter()
            .map(PathBuf::from)
            .collect();
        for ok in [
            "/2016/07/accord/",
            "/2016/07/accord",
            "/2016/07/accord/#top",
            "/img/a.jpg",
            "/img/b.jpg",
            "/",
            "https://x.org/nowhere",
            "relative/path",
            "//cdn.example/x.js",
            "mailto:a@b.c",
        ] {
            assert!(resolves(ok, &files), "{ok}");
        }
        for broken in ["/2016/07/accords/", "/../etc/passwd"] {
            assert!(!resolves(broken, &files), "{broken}");
        }
    }
}
