//! The full-text search index, built in-process with Pagefind's Rust library.
//!
//! Each article is one custom record (no HTML re-parsing): its title and plain text, with
//! filters by actor, actor kind, author, year and language and a date sort key, so the search page can
//! narrow and order results without a server. All records are in the site's language: a
//! site in one language that holds articles in others is searched as one, and the language is
//! a filter. A site of several languages (`languages:`) has an index per language, each
//! stemmed in its language, under that language's prefix (`/en/pagefind/`).
//!
//! Pagefind holds everything it indexes in memory until its files are written, and much of its
//! work on a shard runs on one core. So the index is cut into **shards**, one per year (one per
//! month for a year of more than [`MONTHLY_ABOVE`] articles): shards are built in parallel,
//! only a few are in memory at once, and each records a fingerprint of its records, so a shard
//! whose articles did not change is kept from the previous output instead of indexed again. The
//! newest shard is the primary bundle (`pagefind/`, with Pagefind's scripts); the search page
//! loads the others (`pagefind/<shard>/`) as further Pagefind instances and puts their results
//! in order.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use pagefind::api::{CustomRecord, PagefindIndex};
use pagefind::options::PagefindServiceConfig;

use crate::config::Config;
use crate::model::Site;
use crate::model::actor::Kind;
use crate::model::article::Article;
use crate::model::coverage::COUNTED_MENTIONS;
use crate::model::route::link;
use crate::progress::{Progress, Step};

pub use crate::model::shard::{BUNDLE_DIR, MONTHLY_ABOVE, Shard, shards};

/// Why the index could not be built.
#[derive(Debug, thiserror::Error)]
#[error("the search index could not be built: {0}")]
pub struct SearchError(String);

/// Words the records show, in the site's language.
pub struct Labels<'a> {
    /// The name of an actor kind ("Personne", "Country").
    pub kind: &'a (dyn Fn(Kind) -> String + Sync),
    /// A display date ("15 juillet 2016").
    pub date: &'a (dyn Fn(&Article) -> String + Sync),
}

/// The file, in each shard, that records the records it was built from and its files.
const FINGERPRINT_FILE: &str = ".gazette-fingerprint";

/// One file of the bundle: made now, or the previous build's, to keep.
pub enum BundleFile {
    Made(Vec<u8>),
    Kept,
}

/// Why the bundle could not be made: Pagefind failed on a shard, or a shard's files could not
/// be delivered.
#[derive(Debug)]
pub enum BundleError<E> {
    Index(SearchError),
    Deliver(E),
}

/// Indexes every article, shard by shard, and hands each shard's files (by their path inside
/// the output folder) to `deliver` as soon as they are made, so a large archive's bundle is
/// never held whole in memory. A shard whose fingerprint matches the one in `previous_output`
/// is kept.
pub fn build<E: Send>(
    site: &Site,
    config: &Config,
    labels: &Labels<'_>,
    previous_output: &Path,
    progress: &Progress,
    deliver: impl Fn(Vec<(PathBuf, BundleFile)>) -> Result<(), E> + Sync,
) -> Result<(), BundleError<E>> {
    let shards = shards(site);
    let stage = progress.stage(Step::Search, shards.len());
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<BundleError<E>>> = Mutex::new(None);
    // Plain threads, not rayon's: Pagefind runs its own parallel loops inside a Tokio runtime,
    // and a rayon worker waiting on them may steal another shard's job and start a second
    // runtime inside the first, which panics. Called from outside the pool, Pagefind's loops
    // are handed to it and the calling thread only waits.
    let workers = shards.len().min(shard_slots());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= shards.len() || failed.lock().expect("no worker panicked").is_some() {
                        break;
                    }
                    let built = with_shard_slot(|| {
                        build_shard(&shards[i], i == 0, site, config, labels, previous_output)
                    });
                    let delivered = built
                        .map_err(BundleError::Index)
                        .and_then(|files| deliver(files).map_err(BundleError::Deliver));
                    match delivered {
                        Ok(()) => stage.advance(1),
                        Err(error) => {
                            failed
                                .lock()
                                .expect("no worker panicked")
                                .get_or_insert(error);
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(error) = failed.into_inner().expect("no worker panicked") {
        return Err(error);
    }
    stage.finish();
    Ok(())
}

/// How many shards are indexed at once in the whole process (a site in several languages
/// builds an index per language at the same time): one per core. Each holds its articles'
/// index in memory, so this also bounds the memory search takes.
fn shard_slots() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// Shards being indexed now, across every index being built.
static SHARDS_RUNNING: Mutex<usize> = Mutex::new(0);
static SHARD_SLOT_FREED: Condvar = Condvar::new();

/// Runs `index` once fewer than [`shard_slots`] shards are being indexed.
fn with_shard_slot<T>(index: impl FnOnce() -> T) -> T {
    /// Gives the slot back even if indexing panics.
    struct Slot;
    impl Drop for Slot {
        fn drop(&mut self) {
            let mut running = SHARDS_RUNNING.lock().unwrap_or_else(|e| e.into_inner());
            *running -= 1;
            SHARD_SLOT_FREED.notify_one();
        }
    }
    let limit = shard_slots();
    let mut running = SHARDS_RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    while *running >= limit {
        running = SHARD_SLOT_FREED
            .wait(running)
            .unwrap_or_else(|e| e.into_inner());
    }
    *running += 1;
    drop(running);
    let _slot = Slot;
    index()
}

fn build_shard(
    shard: &Shard,
    primary: bool,
    site: &Site,
    config: &Config,
    labels: &Labels<'_>,
    previous_output: &Path,
) -> Result<Vec<(PathBuf, BundleFile)>, SearchError> {
    // Records are made as Pagefind takes them, a batch at a time, rather than all at once.
    let records = || {
        shard
            .articles
            .iter()
            .map(|&i| record(&site.articles[i], site, config, labels))
    };
    let fingerprint = fingerprint(
        shard.articles.iter().map(|&i| &site.articles[i]),
        site,
        config,
        labels,
        primary,
    );
    if let Some(files) = reusable_shard(previous_output, &shard.folder, &fingerprint) {
        return Ok(files);
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = index(records(), config)?
        .into_iter()
        .filter_map(|(inside, bytes)| {
            (primary || is_index_data(&inside)).then(|| (shard.folder.join(inside), bytes))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut record_file = fingerprint;
    for (path, _) in &files {
        let inside = path.strip_prefix(&shard.folder).expect("joined above");
        record_file.push_str(&inside.to_string_lossy());
        record_file.push('\n');
    }
    files.push((
        shard.folder.join(FINGERPRINT_FILE),
        record_file.into_bytes(),
    ));
    Ok(files
        .into_iter()
        .map(|(path, bytes)| (path, BundleFile::Made(bytes)))
        .collect())
}

/// How many records are handed to Pagefind at once.
const RECORDS_PER_BATCH: usize = 256;

/// Runs Pagefind on some records; its files by their path inside the shard's folder.
fn index(
    records: impl Iterator<Item = Result<Record, SearchError>>,
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
    let mut unreadable = None;
    let mut records = records.peekable();
    let files = runtime.block_on(async {
        // In batches: Pagefind finds a batch's words on every core, and only a batch of
        // records is held at once.
        while records.peek().is_some() {
            let mut batch = Vec::with_capacity(RECORDS_PER_BATCH);
            for record in records.by_ref().take(RECORDS_PER_BATCH) {
                match record {
                    Ok(record) => batch.push(CustomRecord {
                        url: record.url,
                        content: record.content,
                        language: config.language.clone(),
                        meta: record.meta,
                        filters: record.filters,
                        sort: record.sort,
                    }),
                    Err(error) => {
                        unreadable = Some(error);
                        break;
                    }
                }
            }
            index.add_custom_records(batch).await?;
            if unreadable.is_some() {
                break;
            }
        }
        index.into_files().await
    });
    if let Some(error) = unreadable {
        return Err(error);
    }
    let files = files.map_err(|e| SearchError(e.to_string()))?;
    Ok(files
        .into_iter()
        .filter_map(|file| Some((inside_bundle(&file.filename)?, file.contents)))
        .collect())
}

/// The files an older shard needs: its entry, metadata, index data and the WebAssembly that
/// searches it. Scripts and styles come from the primary bundle.
fn is_index_data(inside: &Path) -> bool {
    let name = inside.to_string_lossy();
    name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || name.starts_with("wasm.")
        || ["fragment", "index", "filter"]
            .iter()
            .any(|dir| inside.starts_with(dir))
}

/// A digest of everything a shard is built from, and of the versions building it. Made from
/// each record without its text, and the text's digest: a warm build does not read every
/// article's text back from the spool to find the one shard that changed.
fn fingerprint<'a>(
    articles: impl Iterator<Item = &'a Article>,
    site: &Site,
    config: &Config,
    labels: &Labels<'_>,
    primary: bool,
) -> String {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same input gives the same digest in every run.
    let mut hasher = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    config.language.hash(&mut hasher);
    primary.hash(&mut hasher);
    let mut count = 0;
    for article in articles {
        count += 1;
        let record = record_without_text(article, site, config, labels);
        record.url.hash(&mut hasher);
        // The record's content is the title and the text.
        article.meta.title.hash(&mut hasher);
        article.body.text.digest().hash(&mut hasher);
        record.meta.hash(&mut hasher);
        record.filters.hash(&mut hasher);
        record.sort.hash(&mut hasher);
    }
    format!("{:016x} {count} records\n", hasher.finish())
}

/// The previous build's files of a shard, if it was built from the same records and they are
/// all still there as regular files.
fn reusable_shard(
    previous_output: &Path,
    folder: &Path,
    fingerprint: &str,
) -> Option<Vec<(PathBuf, BundleFile)>> {
    let shard = previous_output.join(folder);
    let recorded = std::fs::read_to_string(shard.join(FINGERPRINT_FILE)).ok()?;
    let listed = recorded.strip_prefix(fingerprint)?;
    let mut files = vec![(folder.join(FINGERPRINT_FILE), BundleFile::Kept)];
    // Each folder's regular files, listed once: a shard has thousands of files, and listing
    // a folder costs far less than a `stat` of each (the most of a warm build's search time).
    let mut listings: HashMap<&Path, HashSet<OsString>> = HashMap::new();
    for inside in listed.lines() {
        let inside = Path::new(inside);
        if !inside
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let (parent, name) = (inside.parent()?, inside.file_name()?);
        let names = match listings.entry(parent) {
            Entry::Occupied(listing) => listing.into_mut(),
            Entry::Vacant(listing) => listing.insert(regular_files(&shard.join(parent))?),
        };
        if !names.contains(name) {
            return None;
        }
        files.push((folder.join(inside), BundleFile::Kept));
    }
    Some(files)
}

/// The names of a folder's regular files (not of its links or folders), or `None` if it
/// cannot be listed.
fn regular_files(folder: &Path) -> Option<HashSet<OsString>> {
    let mut names = HashSet::new();
    for entry in std::fs::read_dir(folder).ok()? {
        let entry = entry.ok()?;
        if entry.file_type().ok()?.is_file() {
            names.insert(entry.file_name());
        }
    }
    Some(names)
}

/// What Pagefind stores for one article.
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

fn record(
    article: &Article,
    site: &Site,
    config: &Config,
    labels: &Labels<'_>,
) -> Result<Record, SearchError> {
    let meta_of = &article.meta;
    let text = article.body.text.text().map_err(|e| {
        let source = meta_of.source_path.display();
        SearchError(format!(
            "the text of {source} could not be read back from the build's spool: {e} (if \
             `.gazette-cache/articles/` is damaged, delete it or build with `--no-cache`)"
        ))
    })?;
    let mut content = String::with_capacity(meta_of.title.len() + text.len() + 2);
    content.push_str(&meta_of.title);
    content.push_str(". ");
    content.push_str(&text);
    Ok(Record {
        content,
        ..record_without_text(article, site, config, labels)
    })
}

/// An article's record with an empty `content`: everything but its text.
fn record_without_text(
    article: &Article,
    site: &Site,
    config: &Config,
    labels: &Labels<'_>,
) -> Record {
    let meta_of = &article.meta;
    // The first mentions only: an article naming thousands of profiled actors would give
    // its record thousands of filter values.
    let covered = article
        .actors
        .iter()
        .chain(article.mentions.iter().take(COUNTED_MENTIONS));
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
            vec![crate::config::language_name(&meta_of.lang).to_owned()],
        ),
    ]);
    if !actors.is_empty() {
        filters.insert("actor".to_owned(), actors);
    }
    if !kinds.is_empty() {
        filters.insert("kind".to_owned(), kinds);
    }
    let authors: Vec<String> = article
        .authors
        .iter()
        .map(|&a| site.authors[a].name.clone())
        .collect();
    if !authors.is_empty() {
        filters.insert("author".to_owned(), authors);
    }
    let iso = meta_of.published.iso();
    Record {
        url: link(&config.base_path, &article.path),
        content: String::new(),
        meta: BTreeMap::from([
            ("title".to_owned(), meta_of.title.clone()),
            ("date".to_owned(), (labels.date)(article)),
            ("iso".to_owned(), iso.clone()),
            (
                "summary".to_owned(),
                article.body.summary_text().into_owned(),
            ),
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

/// The path of a bundle file inside its shard's folder. Pagefind names its in-memory files
/// relative to the bundle; an absolute name is cut after its bundle folder.
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
    let mut path = PathBuf::new();
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
            Some(PathBuf::from("fragment/a.pf_fragment"))
        );
        assert_eq!(
            inside_bundle(Path::new("fragment/fr_1.pf_fragment")),
            Some(PathBuf::from("fragment/fr_1.pf_fragment"))
        );
        assert_eq!(inside_bundle(Path::new("/elsewhere/x.js")), None);
        assert_eq!(inside_bundle(Path::new("../x.js")), None);
    }

    #[test]
    fn languages_are_named_in_their_own_language() {
        use crate::config::language_name;
        assert_eq!(language_name("fr-CA"), "Français");
        assert_eq!(language_name("en"), "English");
        assert_eq!(language_name("kw"), "kw");
    }
}
