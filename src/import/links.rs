//! Links between pages of the old site (`[the workshop](/2016/07/15/workshop.html)`,
//! `[host one](/workshops-host/)`), pointed where they now lead: a post that was imported
//! at its new URL (rather than through its redirect), a page that was not to the old site
//! when its address was given (`--source-url`), rather than to no page of this one.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag};

use super::files::{Moved, raw_destination};
use crate::model::image::{decode, names_a_file, split_suffix};

/// The pages the imported site answers: each old URL of an imported post with its new URL,
/// and the new URLs.
#[derive(Default)]
pub struct Known {
    old: HashMap<String, String>,
    new: HashSet<String>,
}

impl Known {
    /// A post at `new_url` that answered at `old_urls` on the old site.
    pub fn add(&mut self, new_url: &str, old_urls: impl IntoIterator<Item = String>) {
        self.new.insert(comparable(new_url));
        for old in old_urls {
            self.old
                .entry(comparable(&old))
                .or_insert_with(|| new_url.to_owned());
        }
    }
}

/// `/a/b/`, `/a/b`, `/a/b/index.html`, `/a/b.html` and `/a/b%20c/` compared alike: posts link
/// to one another in forms their generator never served (`/x/` for `/x.html`), and a
/// computed old URL may have assumed the other form.
fn comparable(path: &str) -> String {
    let decoded = decode(path);
    let trimmed = decoded.trim_end_matches("index.html").trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".html").unwrap_or(trimmed);
    trimmed.to_lowercase()
}

/// The body with its root-relative links to pages pointed where they now lead, and a note
/// per link changed (at its byte offset).
pub fn relink(body: &str, known: &Known, source_url: Option<&str>) -> (String, Vec<Moved>) {
    let mut out = String::with_capacity(body.len());
    let mut notes = Vec::new();
    let mut last = 0;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some((url, note)) = relinked(&dest_url, known, source_url) else {
            continue;
        };
        let Some(raw) = raw_destination(body, range).filter(|raw| raw.start >= last) else {
            continue;
        };
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

/// Where one link to a page of the old site now leads, if elsewhere than written.
fn relinked(written: &str, known: &Known, source_url: Option<&str>) -> Option<(String, String)> {
    let (path, suffix) = split_suffix(written);
    let is_page = path.starts_with('/') && !path.starts_with("//") && path != "/";
    if !is_page || (names_a_file(&decode(path)) && !path.ends_with(".html")) {
        return None;
    }
    let key = comparable(path);
    if known.new.contains(&key) {
        return None;
    }
    if let Some(new) = known.old.get(&key) {
        let note = format!("link to the old URL `{written}` of an imported post: its new URL");
        return Some((format!("{new}{suffix}"), note));
    }
    let old = source_url?;
    let note =
        format!("link to `{written}`, a page that was not imported: it now points at the old site");
    Some((format!("{old}{written}"), note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_lead_to_new_pages_and_other_pages_to_the_old_site() {
        let mut known = Known::default();
        known.add("/2016/07/bridge/", ["/2016/07/15/bridge.html".to_owned()]);
        let body = "[a](/2016/07/15/bridge.html#x) [a2](/2016/07/15/bridge/) [b](/workshops-host/) [c](/2016/07/bridge/) [d](/files/a.pdf) [e](/) [f](https://x.org/)\n";
        let (out, notes) = relink(body, &known, Some("https://old.example.org"));
        assert_eq!(
            out,
            "[a](/2016/07/bridge/#x) [a2](/2016/07/bridge/) [b](https://old.example.org/workshops-host/) [c](/2016/07/bridge/) [d](/files/a.pdf) [e](/) [f](https://x.org/)\n"
        );
        assert_eq!(notes.len(), 3);
        let (out, notes) = relink("[b](/workshops-host/)\n", &known, None);
        assert_eq!(out, "[b](/workshops-host/)\n");
        assert!(notes.is_empty());
    }
}
