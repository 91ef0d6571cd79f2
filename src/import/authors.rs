//! Author profiles of static site generators (Hugo `content/authors/<slug>/_index.md`, Jekyll
//! `_authors/<slug>.md`) turned into gazette author profiles (`content/authors/<slug>.md`):
//! a newsroom migrating expects its reporters to sign its articles, not to become what the
//! articles are about.
//!
//! Posts name their authors by slug; the profiles give the display names bylines will use,
//! with the role, photo, links and biography the source has. Two profiles with one name would
//! stop the build (a name designates one author), so the second is not written and its slug
//! maps to the first one's name.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::convert::Profile;
use super::fields::front_matter;
use super::{ImportError, Report, Target};
use crate::model::mention::name_key;
use crate::model::slug::slugify;

/// Reads and writes the profiles; returns author slug → display name for the posts.
pub fn import(
    files: &[(PathBuf, String)],
    source_root: &Path,
    target: &mut Target,
    report: &mut Report,
) -> Result<HashMap<String, String>, ImportError> {
    let mut names = HashMap::new();
    let mut claimed = existing_names(target);
    for (file, slug) in files {
        let shown = file.strip_prefix(source_root).unwrap_or(file).to_path_buf();
        let parsed = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                let (fields, body) = front_matter(&text)?;
                Ok((fields, body.to_owned()))
            });
        let (fields, body) = match parsed {
            Ok(parsed) => parsed,
            Err(reason) => {
                report.failed.push((shown, reason));
                continue;
            }
        };
        let Some(profile) = profile(slug, &fields, body) else {
            report
                .failed
                .push((shown, "no name and no usable slug".to_owned()));
            continue;
        };
        names.insert(slug.clone(), profile.name.clone());
        if fields.get("published").and_then(Value::as_bool) == Some(false) {
            report
                .skipped
                .push((shown, "`published: false`: no profile written".to_owned()));
            continue;
        }
        let keys = [name_key(&profile.name), name_key(profile.slug.as_str())];
        if let Some(taken) = keys.iter().position(|k| claimed.contains(k)) {
            let name = [profile.name.as_str(), profile.slug.as_str()][taken];
            let why = format!("the name `{name}` is already an author's; posts use that author");
            report.skipped.push((shown, why));
            continue;
        }
        claimed.extend(keys);
        target.write_profile(&shown, &profile, report)?;
    }
    Ok(names)
}

/// One profile from its front matter: the display name from `display_name`, `full_name`,
/// `title`, first and last names, or `name`, in that order; the role, photo and web links
/// under the names generators' themes give them. A `bio` field is the biography when the
/// body is empty.
fn profile(slug: &str, fields: &Mapping, body: String) -> Option<Profile> {
    let text = |key: &str| text_of(fields, key);
    let first_last = match (text("first_name"), text("last_name")) {
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        _ => None,
    };
    let name = text("display_name")
        .or_else(|| text("full_name"))
        .or_else(|| text("title"))
        .or(first_last)
        .or_else(|| text("name"))
        .unwrap_or_else(|| slug.to_owned());
    let first = |keys: &[&str]| keys.iter().find_map(|key| text(key));
    let biography = match first(&["bio", "biography"]) {
        Some(bio) if body.trim().is_empty() => format!("{bio}\n"),
        _ => body,
    };
    Some(Profile {
        slug: slugify(slug).or_else(|| slugify(&name))?,
        name,
        role: first(&["role", "job_title", "position", "description"]),
        image: first(&["image", "avatar", "photo", "picture"]).filter(|url| usable_url(url)),
        links: links(fields),
        biography,
    })
}

/// A trimmed, non-empty text value.
fn text_of(fields: &Mapping, key: &str) -> Option<String> {
    fields
        .get(key)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The web addresses among the usual link keys and a `social:` or `links:` mapping; handles
/// without an address (`twitter: jdoe`) are left out, as no site can be sure of the service.
fn links(fields: &Mapping) -> Vec<(String, String)> {
    const KEYS: &[&str] = &[
        "website", "url", "homepage", "mastodon", "bluesky", "twitter", "github", "linkedin",
    ];
    let top = KEYS
        .iter()
        .filter_map(|key| Some(((*key).to_owned(), text_of(fields, key)?)));
    let nested = ["social", "links"]
        .iter()
        .filter_map(|key| fields.get(*key).and_then(Value::as_mapping))
        .flat_map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.as_str()?.trim().to_owned())))
        });
    let mut links: Vec<(String, String)> = Vec::new();
    for (label, url) in top.chain(nested) {
        let web = url.starts_with("https://") || url.starts_with("http://");
        if web && !links.iter().any(|(l, _)| *l == label) {
            links.push((label, url));
        }
    }
    links
}

/// An image address the build accepts: a web address or a path from the site root.
fn usable_url(url: &str) -> bool {
    url.starts_with("https://")
        || url.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//"))
}

/// Names and slugs the site's own profiles already claim.
fn existing_names(target: &Target) -> HashSet<String> {
    let files = crate::source::discover(&target.config.paths.authors, &target.config.paths.root)
        .unwrap_or_default();
    let mut claimed = HashSet::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if let Ok((fields, _)) = front_matter(&text) {
            if let Some(name) = fields.get("name").and_then(Value::as_str) {
                claimed.insert(name_key(name));
            }
            if let Some(slug) = fields.get("slug").and_then(Value::as_str) {
                claimed.insert(name_key(slug));
            }
        }
        if let Some(stem) = file.file_stem() {
            claimed.insert(name_key(&stem.to_string_lossy()));
        }
    }
    claimed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_profile_keeps_name_role_photo_links_and_biography() {
        let source = fields(
            "first_name: Jane\nlast_name: Doe\njob_title: City reporter\navatar: /img/jane.jpg\nwebsite: https://jane.example/\ntwitter: jdoe\nsocial:\n  mastodon: https://social.example/@jane\nbio: Jane covers the city.\n",
        );
        let profile = profile("jane", &source, String::new()).unwrap();
        assert_eq!(profile.name, "Jane Doe");
        assert_eq!(profile.role.as_deref(), Some("City reporter"));
        assert_eq!(profile.image.as_deref(), Some("/img/jane.jpg"));
        assert_eq!(
            profile.links,
            [
                ("website".to_owned(), "https://jane.example/".to_owned()),
                (
                    "mastodon".to_owned(),
                    "https://social.example/@jane".to_owned()
                ),
            ]
        );
        assert_eq!(profile.biography, "Jane covers the city.\n");
        let written = profile.to_markdown();
        assert!(written.contains("role: \"City reporter\"\n"), "{written}");
        assert!(
            written.contains("links:\n  \"website\": \"https://jane.example/\"\n"),
            "{written}"
        );
    }

    #[test]
    fn an_image_the_build_would_refuse_is_left_out() {
        let source = fields("name: x\nimage: javascript:alert(1)\n");
        assert_eq!(profile("x", &source, String::new()).unwrap().image, None);
    }
}
