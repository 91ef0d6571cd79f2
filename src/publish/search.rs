//! The full-text search index, built in-process with Pagefind's Rust library.
//!
//! Each article is one custom record (no HTML re-parsing): its title and plain text, with
//! filters by actor, actor kind, year and language and a date sort key, so the search page can
//! narrow and order results without a server. All records go into one index in the site's
//! language: a bilingual archive is searched as one, and the language is a filter, instead
//! of each page only finding articles in its own language.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::Config;
use crate::model::Site;
use crate::model::actor::Kind;
use crate::model::article::Article;
use crate::model::route::link;

/// The folder, inside the output folder, that holds the index and Pagefind's scripts.
pub const BUNDLE_DIR: &str = "pagefind";

/// Why the index could not be built.
#[derive(Debug, thiserror::Error)]
#[error("the search index could not be built: {0}")]
pub struct SearchError(String);

/// Words the records show, in the site's language.
pub struct Labels<'a> {
    /// The name of an actor kind ("Personne", "Country").
    pub kind: &'a dyn Fn(Kind) -> String,
    /// A display date ("15 juillet 2016").
    pub date: &'a dyn Fn(&Article) -> String,
}

/// The file, inside the bundle, that records which records the bundle was built from.
const FINGERPRINT_FILE: &str = ".gazette-fingerprint";

/// One file of the bundle: made now, or the previous build's, to keep.
pub enum BundleFile {
    Made(Vec<u8>),
    Kept,
}

/// Indexes every article; returns the bundle's files by their path inside the output folder.
///
/// Indexing is the slowest part of a large build, so when `previous_output` holds a bundle
/// built from exactly the same records (same fingerprint), that bundle is reused as it is.
pub fn build(
    site: &Site,
    config: &Config,
    labels: &Labels<'_>,
    previous_output: &Path,
) -> Result<Vec<(PathBuf, BundleFile)>, SearchError> {
    // Records are made one at a time, twice if need be, rather than all held at once.
    let records = || {
        site.articles
            .iter()
            .map(|article| record(article, site, config, labels))
    };
    let fingerprint = fingerprint(records(), config);
    if let Some(files) = reusable_bundle(previous_output, &fingerprint) {
        return Ok(files);
    }
    let mut files: Vec<(PathBuf, BundleFile)> = index(records(), config)?
        .into_iter()
        .map(|(path, bytes)| (path, BundleFile::Made(bytes)))
        .collect();
    files.push((
        Path::new(BUNDLE_DIR).join(FINGERPRINT_FILE),
        BundleFile::Made(fingerprint.into_bytes()),
    ));
    Ok(files)
}

fn index(
    records: impl Iterator<Item = Record>,
    config: &Config,
) -> Result<Vec<(PathBuf, Vec<u8>)>, SearchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SearchError(e.to_string()))?;
    let options = PagefindServiceConfig::builder()
        .force_language(index_language(&config.language))
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| SearchError(e.to_string()))?;
    let files = runtime.block_on(async {
        for record in records {
            index
                .add_custom_record(
                    record.url,
                    record.content,
                    config.language.clone(),
                    Some(record.meta),
                    Some(record.filters),
                    Some(record.sort),
                )
                .await?;
        }
        index.get_files().await
    });
    let files = files.map_err(|e| SearchError(e.to_string()))?;
    Ok(files
        .into_iter()
        .filter_map(|file| Some((inside_bundle(&file.filename)?, file.contents)))
        .collect())
}

/// A digest of everything the index is built from, and of the versions building it.
fn fingerprint(records: impl Iterator<Item = Record>, config: &Config) -> String {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same input gives the same digest in every run.
    let mut hasher = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    config.language.hash(&mut hasher);
    let mut count = 0;
    for record in records {
        count += 1;
        record.url.hash(&mut hasher);
        record.content.hash(&mut hasher);
        record.meta.hash(&mut hasher);
        record.filters.hash(&mut hasher);
        record.sort.hash(&mut hasher);
    }
    format!("{:016x} {count} records\n", hasher.finish())
}

/// The previous build's bundle, if it was built from the same records.
fn reusable_bundle(
    previous_output: &Path,
    fingerprint: &str,
) -> Option<Vec<(PathBuf, BundleFile)>> {
    let bundle = previous_output.join(BUNDLE_DIR);
    let recorded = std::fs::read_to_string(bundle.join(FINGERPRINT_FILE)).ok()?;
    if recorded != fingerprint {
        return None;
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&bundle).sort_by_file_name() {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let inside = entry
                .path()
                .strip_prefix(previous_output)
                .ok()?
                .to_path_buf();
            files.push((inside, BundleFile::Kept));
        } else if !entry.file_type().is_dir() {
            // A symlink or anything else is not what gazette wrote: index again.
            return None;
        }
    }
    Some(files)
}

/// What Pagefind stores for one article.
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

fn record(article: &Article, site: &Site, config: &Config, labels: &Labels<'_>) -> Record {
    let meta_of = &article.meta;
    let mut content = String::with_capacity(meta_of.title.len() + article.body.text.len() + 2);
    content.push_str(&meta_of.title);
    content.push_str(". ");
    content.push_str(&article.body.text);
    let covered = article.actors.iter().chain(&article.mentions);
    let actors: Vec<String> = covered
        .clone()
        .map(|&a| site.actors[a].name.clone())
        .collect();
    let mut kinds: Vec<String> = covered
        .filter_map(|&a| site.actors[a].kind())
        .map(|kind| (labels.kind)(kind))
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut filters = BTreeMap::from([
        (
            "year".to_owned(),
            vec![format!("{:04}", meta_of.published.year())],
        ),
        (
            "lang".to_owned(),
            vec![language_name(&meta_of.lang).to_owned()],
        ),
    ]);
    if !actors.is_empty() {
        filters.insert("actor".to_owned(), actors);
    }
    if !kinds.is_empty() {
        filters.insert("kind".to_owned(), kinds);
    }
    let iso = meta_of.published.iso();
    Record {
        url: link(&config.base_path, &article.path),
        content,
        meta: BTreeMap::from([
            ("title".to_owned(), meta_of.title.clone()),
            ("date".to_owned(), (labels.date)(article)),
            ("iso".to_owned(), iso.clone()),
            ("summary".to_owned(), article.body.summary_text.clone()),
            ("lang".to_owned(), meta_of.lang.clone()),
        ]),
        filters,
        sort: BTreeMap::from([("date".to_owned(), iso)]),
    }
}

/// Pagefind stems by ISO 639-1 code: `fr` for `fr-CA`.
fn index_language(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or(language)
        .to_ascii_lowercase()
}

/// A language as the language filter shows it: in its own name, as language menus do.
pub fn language_name(code: &str) -> &str {
    match index_language(code).as_str() {
        "fr" => "Français",
        "en" => "English",
        "de" => "Deutsch",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "nl" => "Nederlands",
        "ar" => "العربية",
        "ru" => "Русский",
        "uk" => "Українська",
        "pl" => "Polski",
        "zh" => "中文",
        "ja" => "日本語",
        _ => code,
    }
}

/// The path of a bundle file inside the output folder (`pagefind/…`). Pagefind names its
/// in-memory files relative to the bundle; an absolute name is cut after its bundle folder.
fn inside_bundle(file: &Path) -> Option<PathBuf> {
    let components: Vec<Component<'_>> = file.components().collect();
    let start = if file.is_absolute() {
        components
            .iter()
            .rposition(|c| c.as_os_str() == BUNDLE_DIR)?
            + 1
    } else {
        0
    };
    let mut path = PathBuf::from(BUNDLE_DIR);
    for component in &components[start..] {
        match component {
            Component::Normal(part) => path.push(part),
            _ => return None,
        }
    }
    (components.len() > start).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_paths_are_kept_inside_the_bundle_folder() {
        assert_eq!(
            inside_bundle(Path::new("/work/site/pagefind/fragment/a.pf_fragment")),
            Some(PathBuf::from("pagefind/fragment/a.pf_fragment"))
        );
        assert_eq!(
            inside_bundle(Path::new("fragment/fr_1.pf_fragment")),
            Some(PathBuf::from("pagefind/fragment/fr_1.pf_fragment"))
        );
        assert_eq!(inside_bundle(Path::new("/elsewhere/x.js")), None);
        assert_eq!(inside_bundle(Path::new("../x.js")), None);
    }

    #[test]
    fn languages_are_named_in_their_own_language() {
        assert_eq!(language_name("fr-CA"), "Français");
        assert_eq!(language_name("en"), "English");
        assert_eq!(language_name("kw"), "kw");
    }
}
