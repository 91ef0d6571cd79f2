//! The only place that turns model items into site paths, URLs and output files.
//!
//! A site path is what follows the base path: `/2016/07/accord-sur-le-port/`. Links prefix it
//! with the base path (`/archive/2016/07/…` under `https://example.org/archive/`); the writer
//! maps it to `2016/07/accord-sur-le-port/index.html` under the output folder. Keeping all of
//! this here means a layout change is one edit, and the "never write outside the output folder"
//! check sits beside the code that makes the paths.

use std::path::PathBuf;

pub use crate::config::Permalink;
use crate::model::date::PublishedAt;
use crate::model::slug::Slug;

/// The site path of an article: its date and slug put into the `site.yaml` pattern, under
/// its edition's prefix (see [`paths`]).
pub fn article_path(
    prefix: &str,
    permalink: &Permalink,
    date: &PublishedAt,
    slug: &Slug,
) -> String {
    let path = permalink.expand(
        [date.year(), date.month().into(), date.day().into()],
        slug.as_str(),
    );
    if prefix.is_empty() {
        path
    } else {
        format!("{prefix}{path}")
    }
}

/// The site folder a bundle article's files are published in: its own path when it is a
/// folder (`/2016/08/crue/`), else that path without `.html`, as a folder (`/2016/crue/`).
pub fn bundle_folder(article_path: &str) -> String {
    if article_path.ends_with('/') {
        return article_path.to_owned();
    }
    let stem = article_path
        .strip_suffix(".html")
        .or_else(|| article_path.strip_suffix(".htm"))
        .unwrap_or(article_path);
    format!("{stem}/")
}

/// Site paths of every kind of page other than articles.
///
/// Each takes the edition's prefix: empty for a site in one language and for the first of
/// `languages:`, `/en` for the others' trees. Only the files that serve the whole site
/// (robots.txt) have none.
pub mod paths {
    use super::Slug;

    pub fn home(prefix: &str) -> String {
        format!("{prefix}/")
    }
    pub fn not_found(prefix: &str) -> String {
        format!("{prefix}/404.html")
    }
    pub fn actors_index(prefix: &str) -> String {
        format!("{prefix}/actors/")
    }
    pub fn actor(prefix: &str, slug: &Slug) -> String {
        format!("{prefix}/actors/{slug}/")
    }
    pub fn authors_index(prefix: &str) -> String {
        format!("{prefix}/authors/")
    }
    pub fn author(prefix: &str, slug: &Slug) -> String {
        format!("{prefix}/authors/{slug}/")
    }
    pub fn tags_index(prefix: &str) -> String {
        format!("{prefix}/tags/")
    }
    pub fn tag(prefix: &str, slug: &Slug) -> String {
        format!("{prefix}/tags/{slug}/")
    }
    pub fn archive(prefix: &str) -> String {
        format!("{prefix}/archive/")
    }
    pub fn year(prefix: &str, year: i16) -> String {
        format!("{prefix}/archive/{year:04}/")
    }
    pub fn month(prefix: &str, year: i16, month: i8) -> String {
        format!("{prefix}/archive/{year:04}/{month:02}/")
    }
    pub fn actors_section(prefix: &str, section: crate::model::actor::KindSection) -> String {
        format!("{prefix}/actors/{}/", section.name())
    }
    pub fn actor_year(prefix: &str, slug: &Slug, year: i16) -> String {
        format!("{prefix}/actors/{slug}/{year:04}/")
    }
    /// The Atom feed of the whole site (of one language's tree).
    pub fn site_feed(prefix: &str) -> String {
        format!("{prefix}/atom.xml")
    }
    /// The Atom feed of a list page (an actor's, an author's, a tag's): beside its first page.
    pub fn feed_of(list_path: &str) -> String {
        format!("{list_path}atom.xml")
    }
    pub fn sitemap(prefix: &str) -> String {
        format!("{prefix}/sitemap.xml")
    }
    /// One part of a sitemap index: the pages of one year (`pages` for undated ones), and a
    /// number when a year holds more URLs than one sitemap may.
    pub fn sitemap_part(prefix: &str, name: &str) -> String {
        format!("{prefix}/sitemaps/{name}.xml")
    }
    pub fn robots() -> String {
        "/robots.txt".to_owned()
    }
    pub fn search(prefix: &str) -> String {
        format!("{prefix}/search/")
    }
    /// The folder of the search index and its scripts.
    pub fn search_bundle(prefix: &str) -> String {
        format!("{prefix}/pagefind/")
    }
}

/// The files gazette writes at the root of the output folder besides pages: a page whose path
/// starts with one of these names would need a folder where the file is.
pub const ROOT_FILES: &[&str] = &[
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "style.css",
    "search.js",
    "favicon.svg",
    ".gazette-output",
];

/// The longest file or folder name most file systems accept, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Page `number` of a list at `list_path`: the list's own path for page 1, then `…/page/N/`.
pub fn paged(list_path: &str, number: usize) -> String {
    if number <= 1 {
        list_path.to_owned()
    } else {
        format!("{list_path}page/{number}/")
    }
}

/// A link to a site path under the site's base path (`/` or `/sub/`).
pub fn link(base_path: &str, site_path: &str) -> String {
    let mut url = String::with_capacity(base_path.len() + site_path.len());
    url.push_str(base_path);
    url.push_str(site_path.trim_start_matches('/'));
    url
}

/// Why a site path cannot become a file inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` would be written outside the output folder")]
pub struct EscapesOutput(pub String);

/// The file, relative to the output folder, that serves a site path: `/a/b/` → `a/b/index.html`.
/// Refuses anything that could climb out of the output folder.
pub fn output_file(site_path: &str) -> Result<PathBuf, EscapesOutput> {
    let escapes = || EscapesOutput(site_path.to_owned());
    let inner = site_path.strip_prefix('/').ok_or_else(escapes)?;
    let mut file = PathBuf::new();
    for component in inner.split('/').filter(|c| !c.is_empty()) {
        let bad = component == "."
            || component == ".."
            || component.contains(['\\', ':', '\0'])
            || component.chars().any(char::is_control);
        if bad {
            return Err(escapes());
        }
        file.push(component);
    }
    if site_path.ends_with('/') {
        file.push("index.html");
    }
    if file.as_os_str().is_empty() {
        return Err(escapes());
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date;
    use crate::model::slug::slugify;

    #[test]
    fn article_paths_follow_the_permalink() {
        let when = date::parse("2016-07-05 10:00", &jiff::tz::TimeZone::UTC).unwrap();
        let permalink = Permalink::parse("/news/{year}-{month}-{day}-{slug}/").unwrap();
        let slug = slugify("Accord signé").unwrap();
        assert_eq!(
            article_path("", &permalink, &when, &slug),
            "/news/2016-07-05-accord-signe/"
        );
    }

    #[test]
    fn output_files_stay_inside() {
        assert_eq!(output_file("/").unwrap(), PathBuf::from("index.html"));
        assert_eq!(
            output_file("/a/b/").unwrap(),
            PathBuf::from("a/b/index.html")
        );
        assert_eq!(output_file("/404.html").unwrap(), PathBuf::from("404.html"));
        for bad in ["/../x/", "x/", "/a/../../b/", "/a\\b/", "/c:/"] {
            assert!(output_file(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bundle_files_sit_beside_their_article() {
        assert_eq!(bundle_folder("/2016/08/crue/"), "/2016/08/crue/");
        assert_eq!(bundle_folder("/2016/crue.html"), "/2016/crue/");
    }

    #[test]
    fn later_pages_live_under_page_n() {
        assert_eq!(paged("/tags/x/", 1), "/tags/x/");
        assert_eq!(paged("/tags/x/", 3), "/tags/x/page/3/");
        assert_eq!(paged("/", 2), "/page/2/");
    }

    #[test]
    fn an_edition_s_pages_sit_under_its_prefix() {
        assert_eq!(paths::home(""), "/");
        assert_eq!(paths::home("/en"), "/en/");
        assert_eq!(paths::site_feed("/en"), "/en/atom.xml");
        let when = date::parse("2016-07-05 10:00", &jiff::tz::TimeZone::UTC).unwrap();
        let permalink = Permalink::parse("/{year}/{month}/{slug}/").unwrap();
        let slug = slugify("Deal").unwrap();
        assert_eq!(
            article_path("/en", &permalink, &when, &slug),
            "/en/2016/07/deal/"
        );
    }

    #[test]
    fn links_carry_the_base_path() {
        assert_eq!(link("/", "/actors/"), "/actors/");
        assert_eq!(link("/archive/", "/actors/"), "/archive/actors/");
        assert_eq!(link("/archive/", "/"), "/archive/");
    }
}
