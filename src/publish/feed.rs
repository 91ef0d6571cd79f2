//! Atom 1.0 feeds: the site's latest articles, and each actor's, author's and tag's.
//!
//! Every URL in a feed is absolute (feed readers resolve nothing), summaries are given whole
//! as escaped HTML, and `updated` is the article's `updated` when it has one, so readers show
//! corrections. A feed is a pure function of the site: two builds give the same bytes.

use std::borrow::Cow;

use crate::config::Config;
use crate::model::Site;
use crate::model::article::Article;
use crate::model::id::ArticleId;
use crate::model::route::paths;
use crate::publish::xml::Document;
use crate::render::fingerprint::{self, Parts};

/// What one feed lists.
pub struct FeedSpec<'a> {
    /// "La Gazette du Fleuve", or "Jane Doe · La Gazette du Fleuve".
    pub title: String,
    pub subtitle: &'a str,
    /// Site path of the HTML page the feed follows (`/actors/jane-doe/`).
    pub page: Cow<'a, str>,
    /// Site path of the feed itself.
    pub path: String,
    /// Indexes into `Site::articles`, newest first; the feed takes the first `feed_limit`.
    pub articles: Cow<'a, [ArticleId]>,
}

/// What every feed of a build is made from besides its own spec and entries: this gazette
/// and the settings (the site's title, language, time zone, base URL, feed length…).
pub fn shared_digest(config: &Config) -> u128 {
    fingerprint::shared_digest(&[b"atom feed", config.settings_text().as_bytes()])
}

/// A digest of everything [`atom`] reads for `spec` besides what `shared` (see
/// [`shared_digest`]) holds: a build keeps the previous output's feed when it is the same, and
/// makes only the feeds whose articles changed. Every value [`head`] and [`entry`] read must
/// be written here.
pub fn inputs_digest(spec: &FeedSpec<'_>, site: &Site, config: &Config, shared: u128) -> u128 {
    let mut digest = Parts::new(shared);
    for text in [spec.title.as_str(), spec.subtitle, &spec.page, &spec.path] {
        digest.part(text.as_bytes());
    }
    let entries = &spec.articles[..spec.articles.len().min(config.feed_limit)];
    digest.part(&entries.len().to_le_bytes());
    for &index in entries {
        let article = &site.articles[index];
        digest.part(article.path.as_bytes());
        digest.part(article.meta.title.as_bytes());
        for at in [&article.meta.published, article.last_modified()] {
            digest.part(&at.timestamp().as_nanosecond().to_le_bytes());
            digest.part(&at.zoned().offset().seconds().to_le_bytes());
        }
        digest.part(&article.authors.len().to_le_bytes());
        for &author in &article.authors {
            let author = &site.authors[author];
            digest.part(author.name.as_bytes());
            digest.part(author.path.as_bytes());
        }
        digest.part(&article.actors.len().to_le_bytes());
        for &actor in &article.actors {
            digest.part(site.actors[actor].name.as_bytes());
        }
        digest.part(&article.tags.len().to_le_bytes());
        for &tag in &article.tags {
            digest.part(site.tags[tag].name.as_bytes());
        }
        digest.part(article.body.summary_html.as_bytes());
    }
    digest.finish()
}

/// The feed as an XML document.
pub fn atom(spec: &FeedSpec<'_>, site: &Site, config: &Config) -> String {
    let entries = &spec.articles[..spec.articles.len().min(config.feed_limit)];
    let mut xml = Document::new("utf-8", 2048 + entries.len() * 2048);
    xml.start(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", &config.language),
        ],
    );
    xml.line_break();
    head(&mut xml, spec, entries, site, config);
    let origin = config.origin();
    for &index in entries {
        entry(&mut xml, &site.articles[index], site, config, origin);
    }
    xml.end("feed");
    xml.line_break();
    xml.finish()
}

/// The feed's own fields, before its entries.
fn head(
    xml: &mut Document,
    spec: &FeedSpec<'_>,
    entries: &[ArticleId],
    site: &Site,
    config: &Config,
) {
    xml.element_line("title", &spec.title);
    if !spec.subtitle.is_empty() {
        xml.element_line("subtitle", spec.subtitle);
    }
    let self_url = config.absolute_url(&spec.path);
    link(xml, "self", "application/atom+xml", &self_url);
    link(
        xml,
        "alternate",
        "text/html",
        &config.absolute_url(&spec.page),
    );
    xml.element_line("id", &self_url);
    let newest = entries
        .iter()
        .map(|&i| site.articles[i].last_modified())
        .max_by_key(|at| at.timestamp());
    // An empty feed still needs an `updated`; a fixed one keeps builds reproducible.
    let updated = newest.map_or_else(|| "1970-01-01T00:00:00+00:00".to_owned(), |at| at.iso());
    xml.element_line("updated", &updated);
    xml.start("author", &[]);
    xml.element("name", &config.title);
    xml.end("author");
    xml.line_break();
    xml.start("generator", &[("version", env!("CARGO_PKG_VERSION"))]);
    xml.text("gazette");
    xml.end("generator");
    xml.line_break();
}

fn entry(xml: &mut Document, article: &Article, site: &Site, config: &Config, origin: &str) {
    let url = config.absolute_url(&article.path);
    xml.start("entry", &[]);
    xml.line_break();
    xml.element_line("title", &article.meta.title);
    link(xml, "alternate", "text/html", &url);
    xml.element_line("id", &url);
    xml.element_line("published", &article.meta.published.iso());
    xml.element_line("updated", &article.last_modified().iso());
    // An entry's authors replace the feed's (the site) for that entry.
    for &author in &article.authors {
        let author = &site.authors[author];
        xml.start("author", &[]);
        xml.element("name", &author.name);
        xml.element("uri", &config.absolute_url(&author.path));
        xml.end("author");
        xml.line_break();
    }
    let actors_scheme = config.absolute_url(&paths::actors_index(&config.prefix));
    for &actor in &article.actors {
        category(xml, &site.actors[actor].name, &actors_scheme);
    }
    let tags_scheme = config.absolute_url(&paths::tags_index(&config.prefix));
    for &tag in &article.tags {
        category(xml, &site.tags[tag].name, &tags_scheme);
    }
    if !article.body.summary_html.is_empty() {
        xml.start("summary", &[("type", "html")]);
        xml.text(&absolute_links(&article.body.summary_html, origin));
        xml.end("summary");
        xml.line_break();
    }
    xml.end("entry");
    xml.line_break();
}

fn link(xml: &mut Document, rel: &str, media_type: &str, href: &str) {
    xml.empty(
        "link",
        &[("rel", rel), ("type", media_type), ("href", href)],
    );
    xml.line_break();
}

fn category(xml: &mut Document, name: &str, scheme: &str) {
    xml.empty("category", &[("term", name), ("scheme", scheme)]);
    xml.line_break();
}

/// Rewrites root-relative `href` and `src` attributes (`/…`) to absolute URLs; a feed has no
/// page to resolve them against. Protocol-relative `//host/…` links are left alone.
///
/// The summary is parsed as HTML, so only real attributes change: text that merely shows a
/// link (`<code>&lt;a href="/x"&gt;</code>`) stays as written, and links from every source
/// (Markdown, actor mentions, raw HTML) are handled alike. The page's own HTML is untouched.
pub fn absolute_links(html: &str, origin: &str) -> String {
    if !may_hold_root_relative_value(html) {
        return html.to_owned();
    }
    let absolute = |el: &mut lol_html::html_content::Element<'_, '_>| {
        for name in ["href", "src"] {
            if let Some(value) = el.get_attribute(name).filter(|v| is_root_relative(v)) {
                el.set_attribute(name, &format!("{origin}{value}"))?;
            }
        }
        if let Some(srcset) = el.get_attribute("srcset") {
            el.set_attribute("srcset", &absolute_srcset(&srcset, origin))?;
        }
        Ok(())
    };
    let settings = lol_html::RewriteStrSettings::new()
        .append_element_content_handler(lol_html::element!("[href], [src], [srcset]", absolute))
        // Strict mode gives up on markup a streaming parser cannot place (`<select><xmp>`);
        // raw HTML may hold such markup, and the attributes are still found without it.
        .with_strict(false)
        // `<esi:…>` tags are a proxy's business, not markup a summary holds.
        .with_enable_esi_tags(false);
    // With strict mode off and no memory limit, neither error can happen; the summary as
    // written is still a readable entry.
    lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

/// A `srcset` (`/a-480w.webp 480w, /a.jpg 1600w`) with each root-relative URL made absolute.
fn absolute_srcset(srcset: &str, origin: &str) -> String {
    let items: Vec<String> = srcset
        .split(',')
        .map(|item| {
            let item = item.trim();
            if is_root_relative(item) {
                format!("{origin}{item}")
            } else {
                item.to_owned()
            }
        })
        .collect();
    items.join(", ")
}

fn is_root_relative(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// Whether a `/` follows an `=` (with quotes or spaces between): most summaries hold no link,
/// and this scan spares them the HTML parser.
fn may_hold_root_relative_value(html: &str) -> bool {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'/', bytes).any(|at| {
        let mut before = bytes[..at]
            .iter()
            .rev()
            .skip_while(|b| matches!(b, b'"' | b'\'' | b' ' | b'\t' | b'\n' | b'\r'));
        before.next() == Some(&b'=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_shows_a_link_is_left_as_written() {
        let html = r#"<p><code>&lt;a href="/x"&gt;</code> src="/y" <a href="/z">z</a></p>"#;
        assert_eq!(
            absolute_links(html, "https://example.org"),
            r#"<p><code>&lt;a href="/x"&gt;</code> src="/y" <a href="https://example.org/z">z</a></p>"#
        );
    }

    #[test]
    fn root_relative_links_become_absolute() {
        let html = r#"<p><a href="/sub/actors/x/">X</a> <img src="/sub/i.png" alt=""> <a href="//cdn.example/x">y</a> <a href="https://a.example/">z</a></p>"#;
        assert_eq!(
            absolute_links(html, "https://example.org"),
            r#"<p><a href="https://example.org/sub/actors/x/">X</a> <img src="https://example.org/sub/i.png" alt=""> <a href="//cdn.example/x">y</a> <a href="https://a.example/">z</a></p>"#
        );
    }
}
