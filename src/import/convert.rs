//! Imported articles and author profiles as gazette writes them, and the check that they
//! build.

use std::path::Path;

use crate::config::Config;
use crate::model::date::PublishedAt;
use crate::model::slug::Slug;
use crate::scaffold::{yaml_list, yaml_quote};

/// An article ready to be written.
#[derive(Debug, Clone)]
pub struct Article {
    pub title: String,
    pub date: PublishedAt,
    pub slug: Slug,
    pub actors: Vec<String>,
    /// Who wrote it: the source's authors, by display name.
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub source: Option<String>,
    pub lang: Option<String>,
    /// Shared with its versions in other languages (Hugo's `translationKey`).
    pub translation_key: Option<String>,
    pub updated: Option<PublishedAt>,
    pub image: Option<String>,
    /// What the lead photo shows, for readers who cannot see it.
    pub image_alt: Option<String>,
    /// Old URLs the post declared (`redirect_from`, `aliases`, `permalink`), as aliases.
    pub aliases: Vec<String>,
    /// The URL the source site's permalink pattern gave the post: an alias too, unless the
    /// import keeps the old URLs by pattern (`--keep-urls`). Not written as such.
    pub old_url: Option<String>,
    /// The site path reserved for it by [`super::Target::reserve`] (its slug made unique
    /// already), so that links to it were resolved to the URL it gets. Not written as such.
    pub reserved: Option<String>,
    /// YAML comment lines (without `# `) put at the end of the front matter, for the editor.
    pub comments: Vec<String>,
    pub body: String,
}

impl Article {
    /// The file: front matter, then the body as it was.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("---\n");
        let mut line = |key: &str, value: String| out.push_str(&format!("{key}: {value}\n"));
        line("title", yaml_quote(&self.title));
        line("date", self.date.iso());
        line("slug", self.slug.to_string());
        if !self.authors.is_empty() {
            line("authors", yaml_list(&self.authors));
        }
        if !self.actors.is_empty() {
            line("actors", yaml_list(&self.actors));
        }
        if !self.tags.is_empty() {
            line("tags", yaml_list(&self.tags));
        }
        if let Some(summary) = &self.summary {
            line("summary", yaml_quote(summary));
        }
        if self.draft {
            line("draft", "true".to_owned());
        }
        if let Some(source) = &self.source {
            line("source", yaml_quote(source));
        }
        if let Some(lang) = &self.lang {
            line("lang", yaml_quote(lang));
        }
        if let Some(key) = &self.translation_key {
            line("translation_key", yaml_quote(key));
        }
        if let Some(updated) = &self.updated {
            line("updated", updated.iso());
        }
        if let Some(image) = &self.image {
            line("image", yaml_quote(image));
        }
        if let Some(alt) = self.image.as_ref().and(self.image_alt.as_ref()) {
            line("image_alt", yaml_quote(alt));
        }
        if !self.aliases.is_empty() {
            line("aliases", yaml_list(&self.aliases));
        }
        for comment in &self.comments {
            out.push_str(&format!("# {comment}\n"));
        }
        out.push_str("---\n");
        out.push_str(&self.body);
        if !self.body.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// An author profile ready to be written (`content/authors/<slug>.md`).
#[derive(Debug, Clone)]
pub struct Profile {
    pub slug: Slug,
    pub name: String,
    /// One line under the name: "Staff writer".
    pub role: Option<String>,
    /// An http(s) or root-relative URL.
    pub image: Option<String>,
    /// (label, http(s) URL), in the source's order.
    pub links: Vec<(String, String)>,
    pub biography: String,
}

impl Profile {
    pub fn to_markdown(&self) -> String {
        let mut out = format!("---\nname: {}\n", yaml_quote(&self.name));
        if let Some(role) = &self.role {
            out.push_str(&format!("role: {}\n", yaml_quote(role)));
        }
        if let Some(image) = &self.image {
            out.push_str(&format!("image: {}\n", yaml_quote(image)));
        }
        if !self.links.is_empty() {
            out.push_str("links:\n");
            for (label, url) in &self.links {
                out.push_str(&format!("  {}: {}\n", yaml_quote(label), yaml_quote(url)));
            }
        }
        out.push_str("---\n");
        out.push_str(self.biography.trim_start_matches('\n'));
        out
    }
}

/// Reads a written article back with the build's own front matter checks; the first error
/// message when it would not build.
pub fn validate_article(path: &Path, text: &str, config: &Config) -> Result<(), String> {
    let split = crate::front_matter::split(text).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    let raw = crate::front_matter::parse_article(path, text, &split, &mut problems);
    let meta = raw.and_then(|raw| {
        crate::front_matter::validate::article(
            path,
            text,
            raw,
            &config.timezone,
            &config.language,
            &mut problems,
        )
    });
    match problems.iter().find(|p| p.is_error()) {
        Some(problem) => Err(problem.message.clone()),
        None if meta.is_none() => Err("the front matter is not valid".to_owned()),
        None => Ok(()),
    }
}
