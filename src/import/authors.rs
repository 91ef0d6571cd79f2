//! Author profiles of static site generators (Hugo `content/authors/<slug>/_index.md`, Jekyll
//! `_authors/<slug>.md`) turned into gazette actor profiles.
//!
//! Posts name their authors by slug; the profiles give the display names articles will use.
//! Two profiles with one name would stop the build (a name designates one actor), so the
//! second is not written and its slug maps to the first one's name.

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
        if let Some(taken) = keys.iter().find(|k| claimed.contains(*k)) {
            let why = format!("the name `{taken}` is already an actor's; posts use that actor");
            report.skipped.push((shown, why));
            continue;
        }
        claimed.extend(keys);
        target.write_profile(&shown, &profile, report)?;
    }
    Ok(names)
}

/// One profile from its front matter: the display name from `display_name`, `full_name`,
/// `title`, first and last names, or `name`, in that order.
fn profile(slug: &str, fields: &Mapping, biography: String) -> Option<Profile> {
    let text = |key: &str| {
        fields
            .get(key)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let first_last = match (text("first_name"), text("last_name")) {
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        _ => None,
    };
    let name = text("display_name")
        .or_else(|| text("full_name"))
        .or_else(|| text("title"))
        .or_else(|| first_last.clone())
        .or_else(|| text("name"))
        .unwrap_or_else(|| slug.to_owned());
    Some(Profile {
        slug: slugify(slug).or_else(|| slugify(&name))?,
        name,
        person: first_last.is_some(),
        description: text("description").or_else(|| text("bio")),
        biography,
    })
}

/// Names and slugs the site's own profiles already claim.
fn existing_names(target: &Target) -> HashSet<String> {
    let files = crate::source::discover(&target.config.paths.actors, &target.config.paths.root)
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
