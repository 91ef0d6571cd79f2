//! Posts of static site generators (Hugo, Jekyll): front matter in YAML or TOML, mapped to
//! gazette's keys, the body kept as written, template tags listed for the editor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_yaml::{Mapping, Value};

use super::convert::Article;
use super::{ImportError, Progress, Report, Target, line_of};
use crate::model::date;
use crate::model::slug::{Slug, slugify};
use crate::progress::Step;

/// What a generator's reader knows about a post besides its front matter.
pub struct Hints<'a> {
    /// Display names of author slugs, from the author profiles.
    pub authors: &'a HashMap<String, String>,
    /// The language a post's folder says it is in (Hugo's `content/fr/`).
    pub lang: Option<String>,
}

/// Converts and writes every post; `hints` gives each post's extra knowledge.
pub fn import_all<'h>(
    posts: &[PathBuf],
    source_root: &Path,
    hints: impl Fn(&Path) -> Hints<'h>,
    target: &mut Target,
    report: &mut Report,
    progress: &Progress,
) -> Result<(), ImportError> {
    report.posts += posts.len();
    let stage = progress.stage(Step::Import, posts.len());
    for post in posts {
        let shown = post.strip_prefix(source_root).unwrap_or(post).to_path_buf();
        let converted = std::fs::read_to_string(post)
            .map_err(|e| format!("cannot read it as UTF-8 text: {e}"))
            .and_then(|text| convert(&shown, &text, &hints(post), target, report));
        match converted {
            Ok(article) => target.write_article(&shown, article, report)?,
            Err(reason) => report.failed.push((shown, reason)),
        }
        stage.advance(1);
    }
    stage.finish();
    Ok(())
}

/// One post to an article, or why it cannot be one.
fn convert(
    path: &Path,
    text: &str,
    hints: &Hints<'_>,
    target: &Target,
    report: &mut Report,
) -> Result<Article, String> {
    let (fields, body) = front_matter(text)?;
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| fields.get(*k))
            .filter(|v| !v.is_null())
    };
    let title = get(&["title"])
        .and_then(scalar)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or("no title")?;
    let tz = &target.config.timezone;
    let date = post_date(path, get(&["date"]).and_then(scalar), tz, report)?;
    let slug = post_slug(path, get(&["slug"]).and_then(scalar), &title)?;
    // A post's authors are its byline, not what it is about: `authors:`, not `actors:`.
    let authors = list(get(&["authors", "author"]))
        .into_iter()
        .map(|a| hints.authors.get(&a).cloned().unwrap_or(a))
        .collect();
    let mut tags = list(get(&["tags"]));
    tags.extend(list(get(&["categories"])));
    tags.extend(list(get(&["topics"])));
    tags.dedup();
    let draft = get(&["draft"]).and_then(Value::as_bool) == Some(true)
        || get(&["published"]).and_then(Value::as_bool) == Some(false);
    let lang = get(&["lang", "language"])
        .and_then(scalar)
        .or_else(|| hints.lang.clone())
        .filter(|l| *l != target.config.language);
    let updated = get(&["lastmod", "last_modified_at", "updated"])
        .and_then(scalar)
        .and_then(|t| date::parse(&t, tz).ok());
    let web =
        |v: &Value| scalar(v).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    for (line, what) in template_tags(body) {
        let line = line + line_of(text, text.len() - body.len()) - 1;
        report.notes.push((path.to_path_buf(), line, what));
    }
    Ok(Article {
        title,
        date,
        slug,
        actors: Vec::new(),
        authors,
        tags,
        summary: get(&["summary", "description", "excerpt"])
            .and_then(scalar)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty()),
        draft,
        source: get(&["source_url", "canonical_url", "source"]).and_then(web),
        lang,
        updated,
        image: get(&["image"]).and_then(web),
        comments: Vec::new(),
        body: body.to_owned(),
    })
}

/// The date of the front matter, else of the file name (Jekyll's `2016-07-15-x.md`).
fn post_date(
    path: &Path,
    written: Option<String>,
    tz: &jiff::tz::TimeZone,
    report: &mut Report,
) -> Result<date::PublishedAt, String> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let from_name = stem.as_deref().and_then(loose_day);
    let Some(written) = written else {
        let day = from_name.ok_or("no date, in the front matter or the file name")?;
        return date::parse(&day, tz).map_err(|e| e.to_string());
    };
    if let Ok(date) = date::parse(&written, tz) {
        return Ok(date);
    }
    // "2016-07-19 (optional)", "2019-12-3": the day is still there, among the noise.
    let fallback = loose_day(&written)
        .and_then(|day| date::parse(&day, tz).ok())
        .map(|d| (d, "its day"));
    let fallback = fallback.or_else(|| {
        let parsed = date::parse(&from_name?, tz).ok()?;
        Some((parsed, "the day of the file name"))
    });
    match fallback {
        Some((date, what)) => {
            let note = format!("date `{written}` is not readable; {what} was used");
            report.notes.push((path.to_path_buf(), 0, note));
            Ok(date)
        }
        None => Err(format!("date `{written}` is not readable")),
    }
}

/// `YYYY-M-D` at the start of a text, written `YYYY-MM-DD`.
fn loose_day(text: &str) -> Option<String> {
    static DAY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("a valid pattern"));
    let found = DAY.captures(text.trim())?;
    let number = |i: usize| found[i].parse::<u16>().ok();
    Some(format!(
        "{:04}-{:02}-{:02}",
        number(1)?,
        number(2)?,
        number(3)?
    ))
}

/// The front matter slug, else the file name (or a bundle's folder), else the title.
fn post_slug(path: &Path, written: Option<String>, title: &str) -> Result<Slug, String> {
    if let Some(slug) = written.and_then(|s| Slug::explicit(&s).ok()) {
        return Ok(slug);
    }
    let named = match path.file_stem().and_then(|s| s.to_str()) {
        Some("index") => path.parent().map(|p| p.to_path_buf()),
        _ => Some(path.to_path_buf()),
    };
    named
        .and_then(|p| crate::model::article::slug_from_file_name(&p.with_extension("md")))
        .or_else(|| slugify(title))
        .ok_or_else(|| "neither the file name nor the title gives a URL slug".to_owned())
}

/// Splits a post into its front matter (YAML `---` or TOML `+++`) and its body.
pub fn front_matter(text: &str) -> Result<(Mapping, &str), String> {
    let trimmed = text.trim_start_matches(['\u{feff}', '\n', '\r']);
    if let Some(rest) = trimmed.strip_prefix("+++") {
        let end = rest
            .find("\n+++")
            .ok_or("the TOML front matter (`+++`) is never closed")?;
        let value: toml::Value =
            toml::from_str(&rest[..end]).map_err(|e| format!("TOML front matter: {e}"))?;
        let body = rest[end + 4..].trim_start_matches(['\r']);
        let body = body.strip_prefix('\n').unwrap_or(body);
        return match toml_to_yaml(value) {
            Value::Mapping(m) => Ok((m, body)),
            _ => Err("the front matter is not a table".to_owned()),
        };
    }
    let split = crate::front_matter::split(text).map_err(|e| e.to_string())?;
    let mapping = parse_yaml(split.yaml)?;
    Ok((mapping, split.body))
}

/// The YAML mapping; a key written twice (a common slip) keeps its first value.
fn parse_yaml(yaml: &str) -> Result<Mapping, String> {
    let parsed = serde_yaml::from_str::<Value>(yaml).or_else(|error| {
        let deduped = drop_repeated_keys(yaml);
        if deduped == yaml {
            return Err(error);
        }
        serde_yaml::from_str::<Value>(&deduped).map_err(|_| error)
    });
    match parsed {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err("the front matter is not a mapping of `key: value` lines".to_owned()),
        Err(e) => Err(format!("YAML front matter: {e}")),
    }
}

/// The YAML without the second and later occurrences of each top-level key (and their
/// indented lines).
fn drop_repeated_keys(yaml: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut keep = true;
    let mut out = String::with_capacity(yaml.len());
    for line in yaml.split_inclusive('\n') {
        if !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty() {
            let key = line.split(':').next().unwrap_or("").trim().to_owned();
            keep = seen.insert(key);
        }
        if keep {
            out.push_str(line);
        }
    }
    out
}

fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

/// A scalar as text (numbers too: `slug: 2016`).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of names: a YAML list, or one string with commas.
fn list(value: Option<&Value>) -> Vec<String> {
    let items: Vec<String> = match value {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(value) => scalar(value)
            .map(|s| s.split(',').map(str::to_owned).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    items
        .into_iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

/// Hugo shortcodes (`{{< x >}}`, `{{% x %}}`) and Liquid tags (`{{ x }}`, `{% x %}`) in a
/// body, by line: gazette keeps them as text, so an editor must replace them.
fn template_tags(body: &str) -> Vec<(usize, String)> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}").expect("a valid pattern")
    });
    TAG.find_iter(body)
        .map(|m| {
            let kind = match &m.as_str()[..3] {
                "{{<" | "{{%" => "Hugo shortcode",
                _ => "Liquid tag",
            };
            let shown: String = m.as_str().chars().take(80).collect();
            (
                line_of(body, m.start()),
                format!("{kind} kept as text: {shown}"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_yaml_front_matter_both_read() {
        let (toml, body) =
            front_matter("+++\ntitle = \"T\"\ndate = 2015-06-29T01:00:19-04:00\n+++\nBody\n")
                .unwrap();
        assert_eq!(toml["title"], Value::from("T"));
        assert_eq!(toml["date"], Value::from("2015-06-29T01:00:19-04:00"));
        assert_eq!(body, "Body\n");
        let (yaml, _) = front_matter("\n---\ntitle: T\nx: 1\nx: 2\n---\n").unwrap();
        assert_eq!(yaml["x"], Value::from(1));
    }

    #[test]
    fn template_tags_are_found_by_line() {
        let found = template_tags("a\n{{< img src=\"x\" >}}\n[l]({{ \"/x/\" | url }}) {% raw %}\n");
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 3]);
        assert!(found[0].1.starts_with("Hugo shortcode"));
    }

    #[test]
    fn names_come_as_lists_or_comma_strings() {
        assert_eq!(list(Some(&Value::from("a, b"))), ["a", "b"]);
        let seq = Value::Sequence(vec![Value::from("x\t\t"), Value::from(3)]);
        assert_eq!(list(Some(&seq)), ["x", "3"]);
    }

    #[test]
    fn dates_with_noise_keep_their_day() {
        assert_eq!(
            loose_day("2016-07-19 (optional)").as_deref(),
            Some("2016-07-19")
        );
        assert_eq!(loose_day("2019-12-3").as_deref(), Some("2019-12-03"));
        assert_eq!(
            loose_day("2016-06-17 12:00-400").as_deref(),
            Some("2016-06-17")
        );
        assert_eq!(loose_day("June 2016"), None);
    }
}
