//! The URLs a post had on its old site, so that each keeps answering (as an `aliases:` entry
//! of the article) once the archive is served by gazette.
//!
//! Three kinds: the redirects the post already declared (`redirect_from`, Hugo `aliases`),
//! an explicit `permalink`/`url`, and the URL the generator computed from its permalink
//! pattern. The last needs the source site's configuration; [`SourceSite`] reads it, and
//! says what it assumed when there is none, because a wrong guess makes redirects that
//! nobody will ever request.

use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_yaml::Value;

use crate::model::date::PublishedAt;
use crate::model::redirect::Alias;

/// Which generator made the site: their URL rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Jekyll,
    Hugo,
}

/// What the source site's configuration says about URLs and values.
#[derive(Debug, Clone)]
pub struct SourceSite {
    pub generator: Generator,
    /// The configuration file read, if any.
    pub config_file: Option<std::path::PathBuf>,
    /// The configuration as a mapping (keys as written), for `{{ site.x }}` and `param`.
    pub values: serde_yaml::Mapping,
    /// Jekyll's `permalink`, or Hugo's `permalinks` by section.
    permalinks: Vec<(String, String)>,
}

/// Where a post sits and what names it: what a permalink pattern is filled with.
pub struct Place<'a> {
    /// The post's path from the site root (Jekyll) or from `content/` (Hugo).
    pub relative: &'a Path,
    pub date: &'a PublishedAt,
    pub title: &'a str,
    /// The front matter `slug`, if written.
    pub slug: Option<&'a str>,
    /// Jekyll: the folder categories then the front matter ones.
    pub categories: &'a [String],
    /// Hugo: a language folder (`content/fr/`) that is not part of the section.
    pub lang_folder: Option<&'a str>,
}

/// Jekyll's default: `permalink: date`.
const JEKYLL_DEFAULT: &str = "/:categories/:year/:month/:day/:title:output_ext";

impl SourceSite {
    /// Reads `_config.yml` (Jekyll) or `hugo.yaml`/`hugo.toml`/`config.toml`/`config.yaml`
    /// (Hugo) at `root`; a missing one means the generator's defaults.
    /// `given` (`--config`) is read instead when the configuration lives elsewhere.
    pub fn load(
        generator: Generator,
        root: &Path,
        given: Option<&Path>,
    ) -> Result<SourceSite, String> {
        let names: &[&str] = match generator {
            Generator::Jekyll => &["_config.yml", "_config.yaml"],
            Generator::Hugo => &[
                "hugo.toml",
                "hugo.yaml",
                "hugo.yml",
                "config.toml",
                "config.yaml",
                "config.yml",
            ],
        };
        let found = match given {
            Some(path) if path.is_file() => Some(path.to_path_buf()),
            Some(path) => {
                return Err(format!(
                    "{}: no such file; give the old site's configuration (`_config.yml`, `hugo.toml` …)",
                    path.display()
                ));
            }
            None => names.iter().map(|n| root.join(n)).find(|p| p.is_file()),
        };
        let values = match &found {
            Some(path) => read_config(path)?,
            None => serde_yaml::Mapping::new(),
        };
        let permalinks = permalinks(generator, &values);
        Ok(SourceSite {
            generator,
            config_file: found,
            values,
            permalinks,
        })
    }

    /// The note to give once when no configuration was found.
    pub fn assumption(&self) -> Option<String> {
        if self.config_file.is_some() {
            return None;
        }
        Some(match self.generator {
            Generator::Jekyll => format!(
                "no _config.yml: old URLs computed with Jekyll's default permalink `{JEKYLL_DEFAULT}` (categories from the folders above _posts/ and the front matter)"
            ),
            Generator::Hugo => "no hugo.toml/hugo.yaml/config.toml: old URLs computed with Hugo's default, the post's folder under content/ then its slug or file name (`/posts/2019/05/x/`), lowercased".to_owned(),
        })
    }

    /// A value of the configuration by dotted key (`params.x`), as text.
    pub fn value(&self, dotted: &str) -> Option<String> {
        let mut at: &Value = self.values.get(dotted.split('.').next()?)?;
        for part in dotted.split('.').skip(1) {
            at = at.get(part)?;
        }
        match at {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The URL the old site gave the post, as a site path.
    pub fn old_url(&self, place: &Place<'_>) -> Option<String> {
        let path = match self.generator {
            Generator::Jekyll => {
                let pattern = self
                    .permalinks
                    .first()
                    .map_or(JEKYLL_DEFAULT, |(_, p)| p.as_str());
                jekyll_url(pattern, place)?
            }
            Generator::Hugo => hugo_url(&self.permalinks, place)?,
        };
        Some(squeeze_slashes(&path))
    }
}

fn read_config(path: &Path) -> Result<serde_yaml::Mapping, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let value: Value = if path.extension().is_some_and(|e| e == "toml") {
        let table: toml::Value = toml::from_str(&text)
            .map_err(|e| format!("{}: not valid TOML: {e}", path.display()))?;
        super::fields::toml_to_yaml(table)
    } else {
        serde_yaml::from_str(&text)
            .map_err(|e| format!("{}: not valid YAML: {e}", path.display()))?
    };
    Ok(match value {
        Value::Mapping(m) => m,
        _ => serde_yaml::Mapping::new(),
    })
}

/// Jekyll's one pattern (its named styles spelled out), or Hugo's per section.
fn permalinks(generator: Generator, values: &serde_yaml::Mapping) -> Vec<(String, String)> {
    match generator {
        Generator::Jekyll => {
            let written = values.get("permalink").and_then(Value::as_str);
            let pattern = match written {
                None | Some("date") => JEKYLL_DEFAULT,
                Some("pretty") => "/:categories/:year/:month/:day/:title/",
                Some("ordinal") => "/:categories/:year/:y_day/:title:output_ext",
                Some("none") => "/:categories/:title:output_ext",
                Some(other) => other,
            };
            vec![(String::new(), pattern.to_owned())]
        }
        Generator::Hugo => values
            .get("permalinks")
            .and_then(Value::as_mapping)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Jekyll's URL: placeholders filled and escaped as Jekyll escapes them.
fn jekyll_url(pattern: &str, place: &Place<'_>) -> Option<String> {
    let stem = place.relative.file_stem()?.to_string_lossy();
    let name_slug = stem.get(11..).filter(|_| is_dated(&stem)).unwrap_or(&stem);
    let title = jekyll_slugify(place.slug.unwrap_or(name_slug));
    let categories: Vec<String> = {
        let mut seen = Vec::new();
        for c in place.categories {
            let c = c.to_lowercase();
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen.iter().map(|c| escape(c)).collect()
    };
    let d = place.date;
    let filled = pattern
        .replace(":categories", &categories.join("/"))
        .replace(":output_ext", ".html")
        .replace(":year", &format!("{:04}", d.year()))
        .replace(":month", &format!("{:02}", d.month()))
        .replace(":i_month", &d.month().to_string())
        .replace(":day", &format!("{:02}", d.day()))
        .replace(":i_day", &d.day().to_string())
        .replace(":short_year", &format!("{:02}", d.year() % 100))
        .replace(":title", &escape(&title))
        .replace(":slug", &escape(&title.to_lowercase()));
    Some(filled)
}

/// `2016-07-15-x`: a Jekyll post's file name.
fn is_dated(stem: &str) -> bool {
    let b = stem.as_bytes();
    b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'-'
}

/// Jekyll's `pretty` slugify with case kept: runs of other characters become `-`.
fn jekyll_slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Hugo's URL: the section's `permalinks` pattern, else the content path.
fn hugo_url(permalinks: &[(String, String)], place: &Place<'_>) -> Option<String> {
    let mut parts: Vec<String> = place
        .relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    // `content/en/…`: the language's folder; `x.en.md`: the language in the name.
    if place
        .lang_folder
        .is_some_and(|lang| parts.len() > 1 && parts[0] == lang)
    {
        parts.remove(0);
    }
    let file = parts.pop()?;
    let mut stem = Path::new(&file).file_stem()?.to_string_lossy().into_owned();
    if let Some(lang) = place.lang_folder
        && let Some(bare) = stem.strip_suffix(&format!(".{lang}"))
    {
        stem = bare.to_owned();
    }
    let bundle = stem == "index";
    let name = if bundle { parts.pop()? } else { stem };
    let section = parts.first().cloned().unwrap_or_default();
    let slug = place.slug.map_or_else(|| name.clone(), str::to_owned);
    let lang = place
        .lang_folder
        .map(|l| format!("/{l}"))
        .unwrap_or_default();
    let path = match permalinks.iter().find(|(s, _)| *s == section) {
        Some((_, pattern)) => {
            let d = place.date;
            pattern
                .replace(":year", &format!("{:04}", d.year()))
                .replace(":month", &format!("{:02}", d.month()))
                .replace(":day", &format!("{:02}", d.day()))
                .replace(":sections", &parts.join("/"))
                .replace(":section", &section)
                .replace(":slug", &urlize(&slug))
                .replace(":title", &urlize(place.title))
                .replace(":filename", &urlize(&name))
        }
        None => format!("/{}/{}/", parts.join("/"), urlize(&slug)),
    };
    Some(format!("{lang}{path}").to_lowercase())
}

/// Hugo's `urlize`: spaces to `-`, characters URLs cannot hold dropped.
fn urlize(text: &str) -> String {
    let spaced: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' | '\t' => Some('-'),
            c if c.is_alphanumeric() || "-_./".contains(c) => Some(c),
            _ => None,
        })
        .collect();
    spaced.to_lowercase()
}

fn squeeze_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        out.push('/');
    }
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// What a URL path cannot hold as written: escaped, non-ASCII kept (aliases encode it).
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'#');

fn escape(text: &str) -> String {
    utf8_percent_encode(text, UNSAFE).to_string()
}

/// A declared old URL (`redirect_from`, `aliases`, `permalink`) as an alias: made
/// root-relative (Hugo resolves a relative alias from the page's folder, `base`), trimmed,
/// with spaces and characters URLs cannot hold escaped. `Err` says why it cannot be one.
pub fn declared(written: &str, base: &str) -> Result<String, String> {
    let trimmed = written.trim();
    let path = match trimmed {
        "" => return Err("an empty old URL".to_owned()),
        t if t.contains("://") || t.starts_with("//") => {
            let rest = t.split("://").nth(1).unwrap_or(&t[2..]);
            match rest.find('/') {
                Some(at) => rest[at..].to_owned(),
                None => "/".to_owned(),
            }
        }
        t if t.starts_with('/') => t.to_owned(),
        t => format!("{}/{t}", base.trim_end_matches('/')),
    };
    let path = path.split('#').next().unwrap_or_default();
    let escaped = escape(path);
    Alias::parse(&escaped)
        .map(|a| a.as_str().to_owned())
        .map_err(|e| e.to_string())
}

/// The `permalink:` pattern of site.yaml under which every post keeps the URL it had
/// (`old_urls`: old URL, date, slug here), or why there is none.
pub fn keeping_pattern(
    old_urls: &[(String, PublishedAt, crate::model::slug::Slug)],
) -> Result<String, String> {
    let mut patterns: Vec<(String, usize, &str)> = Vec::new();
    for (old, date, slug) in old_urls {
        let pattern = pattern_of(old, date, slug.as_str());
        match patterns.iter_mut().find(|(p, _, _)| *p == pattern) {
            Some((_, count, _)) => *count += 1,
            None => patterns.push((pattern, 1, old)),
        }
    }
    patterns.sort_by_key(|p| std::cmp::Reverse(p.1));
    match patterns.as_slice() {
        [] => Err("no post had an old URL to keep".to_owned()),
        [(pattern, ..)] => crate::config::Permalink::parse(pattern)
            .map(|_| pattern.clone())
            .map_err(|why| {
                format!("the old URLs follow `{pattern}`, which gazette cannot serve: {why}")
            }),
        several => {
            let listed: Vec<String> = several
                .iter()
                .take(4)
                .map(|(p, n, example)| format!("`{p}` ({n} posts, such as {example})"))
                .collect();
            Err(format!(
                "the old URLs follow {} patterns, and a site has one: {}",
                several.len(),
                listed.join(", ")
            ))
        }
    }
}

/// `/2016/07/15/bridge.html` with that date and slug → `/{year}/{month}/{day}/{slug}.html`.
fn pattern_of(old: &str, date: &PublishedAt, slug: &str) -> String {
    let year = format!("{:04}", date.year());
    let month = format!("{:02}", date.month());
    let day = format!("{:02}", date.day());
    let segments: Vec<String> = old
        .split('/')
        .map(|segment| {
            let (name, html) = match segment.strip_suffix(".html") {
                Some(name) => (name, ".html"),
                None => (segment, ""),
            };
            let placeholder = match name {
                n if n == slug => "{slug}",
                n if n == year => "{year}",
                n if n == month => "{month}",
                n if n == day => "{day}",
                _ => return segment.to_owned(),
            };
            format!("{placeholder}{html}")
        })
        .collect();
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> PublishedAt {
        crate::model::date::parse(text, &jiff::tz::TimeZone::UTC).unwrap()
    }

    fn place<'a>(relative: &'a Path, date: &'a PublishedAt, categories: &'a [String]) -> Place<'a> {
        Place {
            relative,
            date,
            title: "Hello World",
            slug: None,
            categories,
            lang_folder: None,
        }
    }

    #[test]
    fn jekyll_default_urls_have_folder_and_front_matter_categories() {
        let site = SourceSite::load(Generator::Jekyll, Path::new("/nonexistent"), None).unwrap();
        assert!(site.assumption().unwrap().contains("default permalink"));
        let date = day("2004-01-05");
        let cats = ["2004".to_owned(), "PostgreSQL News".to_owned()];
        let p = Path::new("2004/_posts/2004-01-05-Hello world.md");
        assert_eq!(
            site.old_url(&place(p, &date, &cats)).unwrap(),
            "/2004/postgresql%20news/2004/01/05/Hello-world.html"
        );
        assert_eq!(
            site.old_url(&place(Path::new("_posts/2004-01-05-x.md"), &date, &[]))
                .unwrap(),
            "/2004/01/05/x.html"
        );
    }

    #[test]
    fn hugo_urls_follow_the_content_path_or_the_section_pattern() {
        let mut site = SourceSite::load(Generator::Hugo, Path::new("/nonexistent"), None).unwrap();
        let date = day("2019-05-03");
        let p = Path::new("posts/2019/05/My-Post.md");
        assert_eq!(
            site.old_url(&place(p, &date, &[])).unwrap(),
            "/posts/2019/05/my-post/"
        );
        let bundle = Path::new("news/bridge/index.md");
        assert_eq!(
            site.old_url(&place(bundle, &date, &[])).unwrap(),
            "/news/bridge/"
        );
        site.permalinks = vec![("posts".into(), "/:year/:month/:slug/".into())];
        assert_eq!(
            site.old_url(&place(p, &date, &[])).unwrap(),
            "/2019/05/my-post/"
        );
    }

    #[test]
    fn keep_urls_finds_the_one_pattern_or_says_why_not() {
        let slug = |s: &str| crate::model::slug::Slug::explicit(s).unwrap();
        let one = vec![
            (
                "/2016/07/15/bridge.html".to_owned(),
                day("2016-07-15"),
                slug("bridge"),
            ),
            (
                "/2017/01/02/ferry.html".to_owned(),
                day("2017-01-02"),
                slug("ferry"),
            ),
        ];
        assert_eq!(
            keeping_pattern(&one).unwrap(),
            "/{year}/{month}/{day}/{slug}.html"
        );
        let mut two = one.clone();
        two.push(("/news/Pont/".to_owned(), day("2018-01-01"), slug("pont")));
        let why = keeping_pattern(&two).unwrap_err();
        assert!(
            why.contains("2 patterns") && why.contains("/news/Pont/"),
            "{why}"
        );
        assert!(keeping_pattern(&[]).is_err());
    }

    #[test]
    fn declared_old_urls_become_valid_aliases() {
        assert_eq!(
            declared(" index.php?post/drupal 48 ", "/").unwrap(),
            "/index.php?post/drupal%2048"
        );
        assert_eq!(declared("old/", "/posts/x/").unwrap(), "/posts/x/old/");
        assert_eq!(
            declared("https://example.org/a/b.html", "/").unwrap(),
            "/a/b.html"
        );
        assert!(declared("", "/").is_err());
        assert!(declared("/../x", "/").is_err());
    }
}
