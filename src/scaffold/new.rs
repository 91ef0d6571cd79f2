//! `gazette new`: an article file with its front matter filled in, at the place the build and
//! the archive expect (`content/articles/YYYY/MM/<slug>.md`).

use std::path::PathBuf;

use crate::config::{Config, Overrides};
use crate::model::date::{self, PublishedAt};
use crate::model::slug::slugify;

use super::{ScaffoldError, create_file, yaml_list, yaml_quote};

/// What `gazette new` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewArticle {
    pub root: PathBuf,
    pub title: String,
    pub actors: Vec<String>,
    /// Who wrote it; the `authors:` line is left out when empty.
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    /// As typed; `None` for now in the site's time zone.
    pub date: Option<String>,
}

/// Writes the article and returns its path. An existing file is never replaced.
pub fn new_article(request: &NewArticle) -> Result<PathBuf, ScaffoldError> {
    let config = Config::load(&request.root, &Overrides::default())?;
    let published = match &request.date {
        Some(text) => date::parse(text, &config.timezone)?,
        None => now(&config),
    };
    let slug =
        slugify(&request.title).ok_or_else(|| ScaffoldError::NoSlug(request.title.clone()))?;
    let path = config
        .paths
        .articles
        .join(format!("{:04}", published.year()))
        .join(format!("{:02}", published.month()))
        .join(format!("{slug}.md"));
    create_file(&path, front_matter(request, &published).as_bytes())?;
    Ok(path)
}

/// The current minute in the site's time zone.
fn now(config: &Config) -> PublishedAt {
    let zoned = jiff::Timestamp::now().to_zoned_datetime(config.timezone.clone());
    let text = zoned.strftime("%Y-%m-%d %H:%M").to_string();
    date::parse(&text, &config.timezone).expect("a date gazette wrote reads back")
}

fn front_matter(request: &NewArticle, published: &PublishedAt) -> String {
    let clean = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .collect()
    };
    let authors = clean(&request.authors);
    let authors = if authors.is_empty() {
        String::new()
    } else {
        format!("authors: {}\n", yaml_list(&authors))
    };
    format!(
        "---\ntitle: {}\ndate: {}\n{authors}actors: {}\ntags: {}\n# summary: one sentence for lists, feeds and search engines\n---\n\n",
        yaml_quote(request.title.trim()),
        published.iso(),
        yaml_list(&clean(&request.actors)),
        yaml_list(&clean(&request.tags)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_authors_no_authors_line() {
        let when = date::parse("2016-07-15 09:30", &jiff::tz::TimeZone::UTC).unwrap();
        let text = front_matter(&NewArticle::default(), &when);
        assert!(!text.contains("authors:"), "{text}");
    }

    #[test]
    fn front_matter_reads_back_through_the_article_parser() {
        let request = NewArticle {
            title: "L'« accord » : \"enfin\"".into(),
            actors: vec!["Sergueï Lavrov".into(), " ".into()],
            authors: vec!["Claire Dumas".into(), " Anne d'Arc".into()],
            tags: vec!["diplomatie".into()],
            ..NewArticle::default()
        };
        let when = date::parse("2016-07-15 09:30", &jiff::tz::TimeZone::UTC).unwrap();
        let text = front_matter(&request, &when);
        let split = crate::front_matter::split(&text).unwrap();
        let mut problems = Vec::new();
        let path = std::path::Path::new("x.md");
        let raw = crate::front_matter::parse_article(path, &text, &split, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(raw.title, request.title);
        assert_eq!(raw.actors, ["Sergueï Lavrov"]);
        assert_eq!(raw.authors, ["Claire Dumas", "Anne d'Arc"]);
        assert_eq!(raw.date.unwrap().value, "2016-07-15T09:30:00+00:00");
    }
}
