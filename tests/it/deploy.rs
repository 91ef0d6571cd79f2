//! The built site deployed under a sub-path (a project site on GitHub Pages, say): a crawl from
//! its home page reaches every page, asset, feed, sitemap and search file, and finds nothing
//! broken.

use std::collections::{BTreeSet, VecDeque};

use crate::harness::{SiteTest, links};
use crate::http::{StaticServer, get};

/// Not example.org: the demo links to example.org as an outside site (sources, profiles).
const ORIGIN: &str = "https://archive.example.net";
const SITE: &str = "https://archive.example.net/news/";
const PREFIX: &str = "/news/";

/// The request path a link names, or `None` for links that leave the site.
fn request_path(link: &str, page: &str) -> Option<String> {
    let link = link.split('#').next().unwrap();
    if link.is_empty() || link.starts_with("mailto:") || link.starts_with("data:") {
        return None;
    }
    if let Some(inner) = link.strip_prefix(SITE) {
        return Some(format!("{PREFIX}{inner}"));
    }
    // The site's own host without its sub-path (a feed, sitemap, canonical or `og:` URL that
    // lost `/news/`): a path on this server, which the crawl then finds broken.
    for origin in [
        ORIGIN,
        "http://archive.example.net",
        "//archive.example.net",
    ] {
        if let Some(path) = link.strip_prefix(origin) {
            return Some(if path.is_empty() {
                "/".to_owned()
            } else {
                path.to_owned()
            });
        }
    }
    if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("//") {
        return None;
    }
    if link.starts_with('/') {
        return Some(link.to_owned());
    }
    let folder = &page[..page.rfind('/').unwrap() + 1];
    Some(format!("{folder}{link}"))
}

/// Links in a feed (its summaries' HTML included), a sitemap or robots.txt.
fn xml_links(text: &str) -> Vec<String> {
    let unescaped = text
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let mut found = links(&unescaped);
    for (open, close) in [("<loc>", "</loc>"), ("Sitemap: ", "\n")] {
        for part in text.split(open).skip(1) {
            found.push(part.split(close).next().unwrap().trim().to_owned());
        }
    }
    found
}

#[test]
fn a_crawl_under_a_sub_path_finds_every_link_asset_feed_and_search_file() {
    let site = SiteTest::demo().config(&format!("base_url: {SITE}"));
    let built = site.build_ok();
    let server = StaticServer::start(&built.output, PREFIX);

    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for start in [
        PREFIX,
        "/news/robots.txt",
        "/news/pagefind/pagefind-entry.json",
    ] {
        queue.push_back((start.to_owned(), "the start".to_owned()));
    }
    let mut broken = Vec::new();
    let (mut pages, mut feeds) = (0, 0);
    while let Some((path, from)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let (status, body) = get(&server.url(&path));
        if status != 200 {
            broken.push(format!("{path} ({status}), linked from {from}"));
            continue;
        }
        let text = String::from_utf8_lossy(&body);
        let found = if path.ends_with('/') || path.ends_with(".html") {
            pages += 1;
            let mut found = links(&text);
            found.extend(shard_entries(&text));
            found
        } else if path.ends_with(".xml") || path.ends_with(".txt") {
            feeds += usize::from(path.ends_with("atom.xml"));
            xml_links(&text)
        } else if path.ends_with("pagefind-entry.json") {
            search_files(&text, path == "/news/pagefind/pagefind-entry.json")
        } else {
            Vec::new()
        };
        for link in found {
            if let Some(next) = request_path(&link, &path) {
                if !next.starts_with(PREFIX) {
                    broken.push(format!("{link} leaves the base path, linked from {path}"));
                } else if !seen.contains(&next) {
                    queue.push_back((next, path.clone()));
                }
            }
        }
    }
    assert_eq!(broken, Vec::<String>::new());
    assert!(pages > 100, "crawled {pages} pages");
    assert!(feeds > 20, "crawled {feeds} feeds");
    for needed in [
        "/news/sitemap.xml",
        "/news/atom.xml",
        "/news/search/",
        "/news/pagefind/pagefind.js",
        "/news/style.css",
    ] {
        assert!(seen.contains(needed), "{needed} was never reached");
    }
    assert!(
        seen.iter().any(|p| p.ends_with(".pf_meta")),
        "the search index's metadata was reached"
    );
    assert!(
        seen.contains("/news/pagefind/2022/pagefind-entry.json"),
        "the oldest shard was reached"
    );
}

/// The entries of the search index's other shards, from the search page's `data-shards`.
fn shard_entries(html: &str) -> Vec<String> {
    let Some(at) = html.find("data-shards=") else {
        return Vec::new();
    };
    let rest = &html[at + "data-shards=".len()..];
    let quote = rest.chars().next().unwrap();
    let value = rest[1..]
        .split(quote)
        .next()
        .unwrap()
        .replace("&quot;", "\"");
    let folders: Vec<String> = serde_json::from_str(&value).unwrap();
    folders
        .into_iter()
        .map(|folder| format!("{folder}pagefind-entry.json"))
        .collect()
}

/// The files the search script loads first: each language's metadata and WebAssembly, and
/// in the primary bundle the script itself and its worker.
fn search_files(entry: &str, primary: bool) -> Vec<String> {
    let entry: serde_json::Value = serde_json::from_str(entry).unwrap();
    let mut files = Vec::new();
    if primary {
        files.extend(["pagefind.js".to_owned(), "pagefind-worker.js".to_owned()]);
    }
    for (language, index) in entry["languages"].as_object().unwrap() {
        files.push(format!(
            "pagefind.{}.pf_meta",
            index["hash"].as_str().unwrap()
        ));
        files.push(format!(
            "wasm.{}.pagefind",
            index["wasm"].as_str().unwrap_or(language)
        ));
    }
    files
}
