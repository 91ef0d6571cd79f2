//! `sitemap.xml`, and `robots.txt` pointing to it.
//!
//! The sitemap protocol allows 50,000 URLs per file. A larger site gets a sitemap index with
//! one sitemap per year (a year's articles and its archive pages; undated pages such as actor
//! and tag pages go to `pages`), each cut in numbered parts if it is still too long.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::model::route::paths;
use crate::publish::xml::Document;
pub use crate::render::catalogue::SitemapEntry as Entry;

/// The most URLs one sitemap file may list.
pub const MAX_URLS: usize = 50_000;

/// Makes the sitemap files and hands each to `emit` as (site path, XML), the index (if
/// any) last. `pages` are what the sitemaps list, each with its year (`None`: an undated
/// page); `entries_of` makes the entries of some of them, in order. One file's entries and
/// XML are made at a time: at a million articles the 1.7 million URLs' entries are 290 MB,
/// and their XML 250 MB more.
pub fn sitemaps<K: Copy, E>(
    pages: &[(K, Option<i16>)],
    entries_of: impl Fn(&[K]) -> Vec<Entry>,
    config: &Config,
    max_urls: usize,
    emit: &mut impl FnMut(String, String) -> Result<(), E>,
) -> Result<(), E> {
    if pages.len() <= max_urls {
        let all: Vec<K> = pages.iter().map(|&(page, _)| page).collect();
        let entries = entries_of(&all);
        return emit(
            paths::sitemap(&config.prefix),
            urlset(entries.iter(), config),
        );
    }
    let mut by_part: BTreeMap<Option<i16>, Vec<K>> = BTreeMap::new();
    for &(page, year) in pages {
        by_part.entry(year).or_default().push(page);
    }
    // Newest year first, undated pages last, as a reader of the index would expect.
    let mut index = Vec::new();
    for (year, part) in by_part.iter().rev() {
        let name = year.map_or_else(|| "pages".to_owned(), |y| format!("{y:04}"));
        let parts = part.len().div_ceil(max_urls);
        for (n, chunk) in part.chunks(max_urls).enumerate() {
            let file_name = if parts == 1 {
                name.clone()
            } else {
                format!("{name}-{}", n + 1)
            };
            let path = paths::sitemap_part(&config.prefix, &file_name);
            let entries = entries_of(chunk);
            let lastmod = entries.iter().filter_map(|e| e.lastmod.as_deref()).max();
            index.push((path.clone(), lastmod.map(str::to_owned)));
            emit(path, urlset(entries.iter(), config))?;
        }
    }
    let mut xml = Document::new("UTF-8", 256 + index.len() * 128);
    xml.start("sitemapindex", &[("xmlns", NAMESPACE)]);
    xml.line_break();
    for (path, lastmod) in &index {
        xml.start("sitemap", &[]);
        location(&mut xml, &config.absolute_url(path), lastmod.as_deref());
        xml.end("sitemap");
        xml.line_break();
    }
    xml.end("sitemapindex");
    xml.line_break();
    emit(paths::sitemap(&config.prefix), xml.finish())
}

const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The namespace of the `xhtml:link` alternates of a site in several languages.
const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

fn urlset<'e>(
    entries: impl ExactSizeIterator<Item = &'e Entry> + Clone,
    config: &Config,
) -> String {
    let mut xml = Document::new("UTF-8", 256 + entries.len() * 128);
    // Declared only where used: a site in one language keeps its sitemap as it was.
    if entries.clone().any(|entry| !entry.alternates.is_empty()) {
        xml.start(
            "urlset",
            &[("xmlns", NAMESPACE), ("xmlns:xhtml", XHTML_NAMESPACE)],
        );
    } else {
        xml.start("urlset", &[("xmlns", NAMESPACE)]);
    }
    xml.line_break();
    for entry in entries {
        xml.start("url", &[]);
        location(
            &mut xml,
            &config.absolute_url(&entry.path),
            entry.lastmod.as_deref(),
        );
        for (lang, path) in &entry.alternates {
            let href = config.absolute_url(path);
            xml.empty(
                "xhtml:link",
                &[("rel", "alternate"), ("hreflang", lang), ("href", &href)],
            );
        }
        xml.end("url");
        xml.line_break();
    }
    xml.end("urlset");
    xml.line_break();
    xml.finish()
}

fn location(xml: &mut Document, url: &str, lastmod: Option<&str>) {
    xml.element("loc", url);
    if let Some(lastmod) = lastmod {
        xml.element("lastmod", lastmod);
    }
}

/// `robots.txt`: everything may be crawled; the sitemap is named, each language's for a
/// site in several languages.
pub fn robots(config: &Config) -> String {
    let mut text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute_url(&paths::sitemap(&config.prefix))
    );
    for lang in config
        .languages
        .iter()
        .skip(1)
        .filter(|_| config.is_multilingual())
    {
        let sitemap = paths::sitemap(&config.prefix_for(lang));
        text.push_str(&format!("Sitemap: {}\n", config.absolute_url(&sitemap)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn config() -> Config {
        let text = "base_url: https://example.org/sub/\n";
        let raw = serde_yaml::from_str(text).unwrap();
        Config::from_raw(raw, text, "/site".into(), &Overrides::default()).unwrap()
    }

    /// The files [`sitemaps`] makes, in order, the entries made one chunk at a time.
    fn sitemap_files(entries: &[Entry], config: &Config, max_urls: usize) -> Vec<(String, String)> {
        let pages: Vec<(&Entry, Option<i16>)> = entries.iter().map(|e| (e, e.year)).collect();
        let entries_of = |chunk: &[&Entry]| chunk.iter().map(|&e| e.clone()).collect();
        let mut files = Vec::new();
        let collect = &mut |path, xml| {
            files.push((path, xml));
            Ok::<(), std::convert::Infallible>(())
        };
        sitemaps(&pages, entries_of, config, max_urls, collect).expect("collecting cannot fail");
        files
    }

    fn entry(path: &str, year: Option<i16>) -> Entry {
        Entry {
            path: path.to_owned(),
            lastmod: year.map(|y| format!("{y}-01-01T00:00:00+00:00")),
            year,
            alternates: Vec::new(),
        }
    }

    #[test]
    fn a_small_site_has_one_sitemap_with_absolute_urls() {
        let files = sitemap_files(&[entry("/a/", Some(2020))], &config(), MAX_URLS);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "/sitemap.xml");
        assert!(files[0].1.contains(
            "<url><loc>https://example.org/sub/a/</loc><lastmod>2020-01-01T00:00:00+00:00</lastmod></url>"
        ));
    }

    #[test]
    fn a_large_site_gets_an_index_with_one_sitemap_per_year() {
        let entries = [
            entry("/a/", Some(2020)),
            entry("/b/", Some(2021)),
            entry("/c/", Some(2021)),
            entry("/d/", Some(2021)),
            entry("/actors/", None),
        ];
        let files = sitemap_files(&entries, &config(), 2);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "/sitemaps/2021-1.xml",
                "/sitemaps/2021-2.xml",
                "/sitemaps/2020.xml",
                "/sitemaps/pages.xml",
                "/sitemap.xml"
            ]
        );
        let index = &files[4].1;
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://example.org/sub/sitemaps/2020.xml</loc>"));
        assert!(files[2].1.contains("https://example.org/sub/a/"));
        // Each part's date is the newest of its own entries.
        assert!(index.contains(
            "<loc>https://example.org/sub/sitemaps/2021-2.xml</loc><lastmod>2021-01-01T00:00:00+00:00</lastmod>"
        ));
    }

    /// Pins the exact bytes of an index and of one sitemap: search engines read them, and
    /// switching the writer must not change a byte.
    #[test]
    fn index_and_sitemap_bytes_are_stable() {
        let entries = [entry("/a&b/", Some(2020)), entry("/actors/", None)];
        let files = sitemap_files(&entries, &config(), 1);
        assert_eq!(
            files[2].1,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             <sitemap><loc>https://example.org/sub/sitemaps/2020.xml</loc>\
             <lastmod>2020-01-01T00:00:00+00:00</lastmod></sitemap>\n\
             <sitemap><loc>https://example.org/sub/sitemaps/pages.xml</loc></sitemap>\n\
             </sitemapindex>\n"
        );
        assert_eq!(
            files[0].1,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             <url><loc>https://example.org/sub/a&amp;b/</loc>\
             <lastmod>2020-01-01T00:00:00+00:00</lastmod></url>\n\
             </urlset>\n"
        );
    }
}
