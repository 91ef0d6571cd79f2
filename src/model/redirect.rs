//! Redirects: the old URLs an article or a profile still answers to (`aliases:`).
//!
//! An [`Alias`] is checked when the front matter is read, like a slug: it is a path of this
//! site (no scheme, no host), it cannot climb out of the output folder, and it holds no
//! invisible character. Assembly gathers every item's aliases into one list of [`Redirect`]s
//! (alias, target, file, line) whatever kind of item made them, so a new kind of profile only
//! has to hand its aliases over; the publish layer turns the list into redirect pages,
//! `_redirects` and an nginx map.

use std::path::PathBuf;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::model::slug::is_format_char;

/// An old URL of the site, checked: `/old/story/`, `/old/story.html`, `/index.php?post/48`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Alias {
    /// As written.
    text: String,
    /// The site path of the redirect page a static host can serve, if any.
    page: Option<String>,
}

/// Why an alias was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AliasError {
    #[error("alias `{0}` is an address on another site; an alias is a path of this one")]
    Absolute(String),
    #[error("alias `{0}` must start with `/`")]
    NotRooted(String),
    #[error("alias `{0}` would lead outside the output folder")]
    Escapes(String),
    #[error("alias `{0}` holds {1}, which has no place in a URL")]
    Character(String, &'static str),
    #[error("alias `{0}` has a `#` fragment, which never reaches the server")]
    Fragment(String),
}

impl AliasError {
    /// What to write instead.
    pub fn hint(&self) -> &'static str {
        match self {
            AliasError::Absolute(_) | AliasError::NotRooted(_) => {
                "write the path alone, from the site root: `aliases: [/old/story/]`"
            }
            AliasError::Escapes(_) => "an alias cannot hold `..`, `.` or `\\` segments",
            AliasError::Character(..) => {
                "copy the old URL as a browser shows it; write spaces as `%20`"
            }
            AliasError::Fragment(_) => "remove the `#…` part",
        }
    }
}

impl Alias {
    /// Checks an alias as written in front matter.
    pub fn parse(text: &str) -> Result<Alias, AliasError> {
        let owned = || text.to_owned();
        if text.contains("://") || text.starts_with("//") {
            return Err(AliasError::Absolute(owned()));
        }
        if !text.starts_with('/') {
            return Err(AliasError::NotRooted(owned()));
        }
        if let Some(what) = text.chars().find_map(refused) {
            return Err(AliasError::Character(owned(), what));
        }
        if text.contains('#') {
            return Err(AliasError::Fragment(owned()));
        }
        let (path, query) = match text.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (text, None),
        };
        let decoded = decoded_path(path).ok_or_else(|| AliasError::Escapes(owned()))?;
        let page = match query {
            Some(_) => None,
            None => page_path(&decoded),
        };
        Ok(Alias {
            text: owned(),
            page,
        })
    }

    /// The alias as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The site path of its redirect page: the alias itself when it ends in `/`, `.html` or
    /// `.htm`, its folder (`/old/story` → `/old/story/`) when its last segment has no
    /// extension; `None` for a query string or another extension (`.php`), which no static
    /// file can answer (those are only in `_redirects` and the nginx map).
    pub fn page(&self) -> Option<&str> {
        self.page.as_deref()
    }

    /// What two aliases, or an alias and a page, must not share: the redirect page's site
    /// path, or the alias as written when it has none.
    pub fn key(&self) -> &str {
        self.page().unwrap_or(&self.text)
    }

    /// The alias as a browser sends it: non-ASCII characters percent-encoded (`%` escapes
    /// already written are kept).
    pub fn encoded(&self) -> String {
        utf8_percent_encode(&self.text, NON_ASCII).to_string()
    }

    /// Its path with `%` escapes decoded, as a server compares it (nginx's `$uri`); `None`
    /// with a query string, which servers only see as sent.
    pub fn decoded_path(&self) -> Option<String> {
        if self.text.contains('?') {
            return None;
        }
        decoded_path(&self.text)
    }
}

/// Encodes only what is not ASCII, and controls (which aliases cannot hold anyway).
const NON_ASCII: &AsciiSet = CONTROLS;

/// Characters no alias may hold, with how a message names them.
fn refused(c: char) -> Option<&'static str> {
    if c.is_control() {
        Some("a control character")
    } else if c.is_whitespace() {
        Some("a space")
    } else if is_format_char(c) {
        Some("an invisible formatting character")
    } else if matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}') {
        Some("a character that URLs do not allow")
    } else {
        None
    }
}

/// The path with `%` escapes decoded, if every segment stays a plain name: no `.` or `..`,
/// no `\`, no control or format character once decoded.
fn decoded_path(path: &str) -> Option<String> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let bad_segment = |segment: &str| {
        segment == "."
            || segment == ".."
            || segment
                .chars()
                .any(|c| c == '\\' || c.is_control() || is_format_char(c))
    };
    if decoded.split('/').any(bad_segment) || decoded.contains("//") {
        return None;
    }
    Some(decoded.into_owned())
}

/// The site path of the redirect page for a decoded alias path, when a static host can
/// serve one there.
fn page_path(path: &str) -> Option<String> {
    if path.ends_with('/') {
        return Some(path.to_owned());
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    let lower = last.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return Some(path.to_owned());
    }
    let has_extension = last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=5).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
    });
    (!has_extension).then(|| format!("{path}/"))
}

/// An alias and the front matter line it is written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasAt {
    pub alias: Alias,
    pub line: usize,
}

/// One alias of one item: where it leads, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub alias: Alias,
    /// The site path of the item (`/2016/07/accord/`).
    pub target: String,
    /// The title of the item, shown as the link on the redirect page.
    pub title: String,
    /// The file the alias is written in, relative to the site root, and its line.
    pub source: PathBuf,
    pub line: usize,
}

/// One item's aliases, as any kind of item hands them over.
pub struct Aliased<'a> {
    pub aliases: &'a [AliasAt],
    pub target: &'a str,
    pub title: &'a str,
    pub source: &'a std::path::Path,
}

/// Every alias of `items`, in order.
pub fn gather<'a>(items: impl IntoIterator<Item = Aliased<'a>>) -> Vec<Redirect> {
    let mut redirects = Vec::new();
    for item in items {
        redirects.extend(item.aliases.iter().map(|at| Redirect {
            alias: at.alias.clone(),
            target: item.target.to_owned(),
            title: item.title.to_owned(),
            source: item.source.to_path_buf(),
            line: at.line,
        }));
    }
    redirects
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Option<String> {
        Alias::parse(text).unwrap().page().map(str::to_owned)
    }

    #[test]
    fn aliases_that_a_static_host_can_serve_get_a_page() {
        assert_eq!(page("/old/story/").as_deref(), Some("/old/story/"));
        assert_eq!(page("/old/story.html").as_deref(), Some("/old/story.html"));
        assert_eq!(page("/old/story.HTM").as_deref(), Some("/old/story.HTM"));
        assert_eq!(page("/old/story").as_deref(), Some("/old/story/"));
        assert_eq!(page("/old/v1.2-story").as_deref(), Some("/old/v1.2-story/"));
        assert_eq!(page("/index.php"), None);
        assert_eq!(page("/index.php?post/48"), None);
        assert_eq!(page("/?p=48"), None);
        assert_eq!(page("/caf%C3%A9/").as_deref(), Some("/café/"));
    }

    #[test]
    fn keys_make_a_folder_and_its_bare_name_one_url() {
        let key = |t: &str| Alias::parse(t).unwrap().key().to_owned();
        assert_eq!(key("/old/story"), key("/old/story/"));
        assert_eq!(key("/index.php?post/48"), "/index.php?post/48");
    }

    #[test]
    fn bad_aliases_are_refused() {
        for bad in [
            "old/story/",
            "https://old.example.org/story/",
            "//old.example.org/story/",
            "/../etc/",
            "/a/./b/",
            "/a/%2E%2E/b/",
            "/a\\b/",
            "/a b/",
            "/a\u{200B}b/",
            "/a\u{7}/",
            "/a/#top",
            "/a//b/",
            "/%FF/",
        ] {
            assert!(Alias::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn non_ascii_aliases_are_sent_encoded_and_served_decoded() {
        let alias = Alias::parse("/café/").unwrap();
        assert_eq!(alias.encoded(), "/caf%C3%A9/");
        assert_eq!(alias.decoded_path().as_deref(), Some("/café/"));
        let query = Alias::parse("/index.php?post/48").unwrap();
        assert_eq!(query.encoded(), "/index.php?post/48");
        assert_eq!(query.decoded_path(), None);
    }
}
