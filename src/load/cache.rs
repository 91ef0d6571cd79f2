//! The body cache: what a build learnt from each article's Markdown (the rendered body, its
//! plain text for the search index, the summary, the word count, the actors it names, the
//! references to check and the warnings the text raised), kept in `.gazette-cache/articles/`
//! so that the next build renders again only the articles whose files changed. Rendering the
//! Markdown with mention detection is most of reading an archive, and a deploy pipeline that
//! adds one article to 100,000 paid for all of them.
//!
//! An entry is found by a **key**: a digest of the article's file (its path and every byte:
//! front matter included, since the language, the summary and `detect_mentions:` shape the
//! body), of its page bundle's file names and of the folder its page is published in, on top
//! of the **context**: a digest of this gazette, `site.yaml`, the theme chosen on the command
//! line and every actor profile (mentions link to them). Anything else a body depends on is
//! either in the key or keeps it out of the cache: a body that shows a local image (its
//! variants are made or checked as it is read) or names an image no static file holds (one
//! may be added) is rendered every time.
//!
//! Two files: `bodies`, where the texts go (the build's spool, see [`crate::spool`]: appended
//! to, never rewritten), and `index`, each entry with where its texts are in `bodies`. A build
//! writes its index beside the old one and renames it over it once every article is read, so
//! an interrupted build leaves the previous index, whose texts are still where it says. The
//! entries of articles that changed or went leave their texts behind as dead space; once it
//! outgrows the live texts, the next build starts both files afresh. A lock file keeps two
//! builds of one site from writing the cache at once: the second builds without it. Nothing
//! is synced to disk (as in the image cache): an index that names bytes the bodies file lost
//! to a power cut is caught when a text is read back, by its digest (see
//! [`SpooledText::text`]), and the build fails saying to delete the folder.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufWriter, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::model::Rendered;
use crate::model::image::{Bundle, Reference};
use crate::model::summary::SummaryText;
use crate::spool::{Spool, SpooledText, TextPlace};

/// The first bytes of an index; a change of layout changes them.
const HEADER: &[u8] = b"gazette body cache 2\n";
const INDEX: &str = "index";
const NEXT_INDEX: &str = "index.next";
const BODIES: &str = "bodies";
const LOCK: &str = "lock";
/// Dead space the bodies file may hold beyond the size of its live texts before a build
/// starts it afresh.
const DEAD_SPACE_ALLOWED: u64 = 64 << 20;

/// A 128-bit digest, the same in every run of every build of gazette (what the key of an
/// entry must be).
pub struct Digest(ahash::AHasher, ahash::AHasher);

impl Digest {
    pub fn new() -> Digest {
        Digest(
            ahash::RandomState::with_seeds(31, 32, 33, 34).build_hasher(),
            ahash::RandomState::with_seeds(41, 42, 43, 44).build_hasher(),
        )
    }

    /// Writes one part with its length, so that two parts never read as another two.
    pub fn part(&mut self, bytes: &[u8]) -> &mut Digest {
        for hasher in [&mut self.0, &mut self.1] {
            hasher.write(&bytes.len().to_le_bytes());
            hasher.write(bytes);
        }
        self
    }

    pub fn finish(&self) -> u128 {
        (u128::from(self.0.finish()) << 64) | u128::from(self.1.finish())
    }
}

impl Default for Digest {
    fn default() -> Digest {
        Digest::new()
    }
}

/// What the cache keeps of one article's render, besides where its texts are (which the
/// index holds in front of each entry, to be checked without decoding it).
#[derive(Serialize, Deserialize)]
struct Entry {
    summary_html: String,
    summary_text: SummaryText,
    summary_written: bool,
    words: usize,
    reading_minutes: usize,
    mentioned: Vec<usize>,
    mention_counts: Vec<u32>,
    surname_mentions: u32,
    references: Vec<Reference>,
    first_image: Option<Box<str>>,
    /// The warnings the Markdown raised (an error keeps an article out of the cache).
    problems: Vec<Diagnostic>,
}

/// Where each entry of an index is in it, by key.
type Entries = HashMap<u128, Range<usize>>;

/// The cache as one build uses it: the previous build's entries, and the index being written.
pub struct BodyCache {
    folder: PathBuf,
    context: u128,
    /// The previous index's entries, and where each is in it, by key.
    previous: Vec<u8>,
    entries: Entries,
    bodies: Arc<Spool>,
    /// The new index, until [`BodyCache::commit`]; `None` once a write to it failed.
    next: Mutex<Option<BufWriter<File>>>,
    hits: AtomicUsize,
    _lock: File,
}

impl BodyCache {
    /// Opens the cache in `folder` for a build whose context digests to `context`; `None`
    /// when it cannot be used (another build holds it, or the folder cannot be written), and
    /// the build then renders every article.
    pub fn open(folder: &Path, context: u128) -> Option<BodyCache> {
        // A symbolic link planted in a site's cache folder must not lead the cache's writes
        // elsewhere: no cache then.
        let linked = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir());
        if folder.parent().is_some_and(linked) || linked(folder) {
            return None;
        }
        fs::create_dir_all(folder).ok()?;
        let lock = not_following()
            .create(true)
            .truncate(false)
            .write(true)
            .open(folder.join(LOCK))
            .ok()?;
        lock.try_lock().ok()?;
        let bodies = not_following()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(folder.join(BODIES))
            .ok()?;
        let length = bodies.metadata().ok()?.len();
        let (previous, entries, live) =
            read_index(&folder.join(INDEX), context, length).unwrap_or_default();
        if length > live.saturating_mul(2) + DEAD_SPACE_ALLOWED {
            // Afresh: the index goes first, so that none ever names a text no longer there.
            remove_if_there(&folder.join(INDEX)).ok()?;
            bodies.set_len(0).ok()?;
            return BodyCache::with(folder, context, bodies, 0, Vec::new(), lock);
        }
        let mut cache = BodyCache::with(folder, context, bodies, length, previous, lock)?;
        cache.entries = entries;
        Some(cache)
    }

    fn with(
        folder: &Path,
        context: u128,
        bodies: File,
        length: u64,
        previous: Vec<u8>,
        lock: File,
    ) -> Option<BodyCache> {
        let next = not_following()
            .create(true)
            .truncate(true)
            .write(true)
            .open(folder.join(NEXT_INDEX))
            .ok()?;
        let mut next = BufWriter::new(next);
        next.write_all(HEADER).ok()?;
        next.write_all(&context.to_le_bytes()).ok()?;
        Some(BodyCache {
            folder: folder.to_path_buf(),
            context,
            previous,
            entries: HashMap::new(),
            bodies: Spool::over_file(bodies, length),
            next: Mutex::new(Some(next)),
            hits: AtomicUsize::new(0),
            _lock: lock,
        })
    }

    /// The key of an article: its file (path relative to the root, and text), its bundle's
    /// files and the folder it is published in, in this build's context.
    pub fn key(&self, path: &Path, text: &str, bundle: Option<&Bundle>, folder: &str) -> u128 {
        let mut digest = Digest::new();
        digest.part(&self.context.to_le_bytes());
        digest.part(path.as_os_str().as_encoded_bytes());
        digest.part(text.as_bytes());
        digest.part(folder.as_bytes());
        if let Some(bundle) = bundle {
            digest.part(bundle.folder.as_os_str().as_encoded_bytes());
            for file in &bundle.files {
                digest.part(file.as_os_str().as_encoded_bytes());
            }
        }
        digest.finish()
    }

    /// The render the previous build recorded under `key`, with the warnings it raised; it
    /// goes into the new index as it is.
    pub fn rendered(&self, key: u128) -> Option<(Rendered, Vec<Diagnostic>)> {
        let range = self.entries.get(&key)?;
        let record = &self.previous[range.clone()];
        let (places, bytes) = record.split_first_chunk::<PLACES>()?;
        let [html, text] = read_places(places);
        let entry: Entry = postcard::from_bytes(bytes).ok()?;
        let text_at = |place: TextPlace| {
            if place.len == 0 {
                SpooledText::default()
            } else {
                self.bodies.text_at(place)
            }
        };
        let rendered = Rendered {
            html: text_at(html),
            summary_html: entry.summary_html,
            summary_text: entry.summary_text,
            summary_written: entry.summary_written,
            words: entry.words,
            reading_minutes: entry.reading_minutes,
            text: text_at(text),
            mentioned: entry.mentioned,
            mention_counts: entry.mention_counts,
            surname_mentions: entry.surname_mentions,
            images: Vec::new(),
            references: entry.references,
            first_image: entry.first_image,
        };
        self.record(key, record);
        Some((rendered, entry.problems))
    }

    /// Keeps a render made now under `key`, its texts moved into the cache's bodies file
    /// (the build reads them there), unless the body cannot be cached (see the module).
    pub fn store(&self, key: u128, rendered: &mut Rendered, problems: &[Diagnostic]) {
        let shows_local_images = !rendered.images.is_empty()
            || rendered.references.iter().any(|reference| reference.image);
        let failed = problems.iter().any(Diagnostic::is_error);
        if shows_local_images || failed {
            return;
        }
        let place = |text: &mut SpooledText| {
            text.spool_into(&self.bodies);
            match text.place_in(&self.bodies) {
                Some(place) => Ok(place),
                None if text.is_empty() => Ok(TextPlace {
                    at: 0,
                    len: 0,
                    digest: 0,
                }),
                // The bodies file could not take it: in memory, and not cached.
                None => Err(()),
            }
        };
        let (Ok(html), Ok(text)) = (place(&mut rendered.html), place(&mut rendered.text)) else {
            return;
        };
        let entry = Entry {
            summary_html: rendered.summary_html.clone(),
            summary_text: rendered.summary_text.clone(),
            summary_written: rendered.summary_written,
            words: rendered.words,
            reading_minutes: rendered.reading_minutes,
            mentioned: rendered.mentioned.clone(),
            mention_counts: rendered.mention_counts.clone(),
            surname_mentions: rendered.surname_mentions,
            references: rendered.references.clone(),
            first_image: rendered.first_image.clone(),
            problems: problems.to_vec(),
        };
        if let Ok(bytes) = postcard::to_allocvec(&entry) {
            let mut record = write_places([html, text]).to_vec();
            record.extend_from_slice(&bytes);
            self.record(key, &record);
        }
    }

    /// Writes one entry to the new index: its texts' places, then the entry.
    fn record(&self, key: u128, bytes: &[u8]) {
        let Ok(length) = u32::try_from(bytes.len()) else {
            return;
        };
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let written = next.as_mut().map(|file| {
            file.write_all(&key.to_le_bytes())
                .and_then(|()| file.write_all(&length.to_le_bytes()))
                .and_then(|()| file.write_all(bytes))
        });
        if let Some(Err(_)) = written {
            *next = None;
        }
    }

    /// Counts an article the build keeps (not a draft left out) whose body came from the
    /// cache.
    pub fn count_kept(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    /// How many articles the build keeps had their bodies from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Puts the new index in place of the old one, once every article is read, and lets go
    /// of the old one; the texts stay readable for the rest of the build (the lock is held
    /// until the cache is dropped). A cache that cannot be written is left as it was.
    pub fn commit(&mut self) {
        self.previous = Vec::new();
        self.entries = HashMap::new();
        let next = self.next.lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some(next) = next else {
            let _ = fs::remove_file(self.folder.join(NEXT_INDEX));
            return;
        };
        let committed = next
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|file| {
                drop(file);
                fs::rename(self.folder.join(NEXT_INDEX), self.folder.join(INDEX))
            });
        if committed.is_err() {
            let _ = fs::remove_file(self.folder.join(NEXT_INDEX));
        }
    }
}

/// The entries of the index at `path`, if it was written in `context` and every text it
/// names is within the `length` bytes of the bodies file; and how many bytes those texts take.
fn read_index(path: &Path, context: u128, length: u64) -> Option<(Vec<u8>, Entries, u64)> {
    let mut bytes = Vec::new();
    not_following()
        .read(true)
        .open(path)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let rest = bytes.strip_prefix(HEADER)?;
    let (written_in, _) = rest.split_first_chunk::<16>()?;
    if u128::from_le_bytes(*written_in) != context {
        return None;
    }
    let mut entries = HashMap::new();
    let mut live = 0;
    let mut at = HEADER.len() + 16;
    while at < bytes.len() {
        let (key, rest) = bytes[at..].split_first_chunk::<16>()?;
        let (size, rest) = rest.split_first_chunk::<4>()?;
        let size = u32::from_le_bytes(*size) as usize;
        let record = rest.get(..size)?;
        let start = at + 20;
        let (places, _) = record.split_first_chunk::<PLACES>()?;
        let texts = read_places(places);
        let beyond = |place: &TextPlace| {
            (place.at.checked_add(place.len as u64)).is_none_or(|end| end > length)
        };
        if texts.iter().any(beyond) {
            // Cut short (a build killed as it wrote the texts): nothing of it is trusted.
            return None;
        }
        live += texts.iter().map(|place| place.len as u64).sum::<u64>();
        entries.insert(u128::from_le_bytes(*key), start..start + size);
        at = start + size;
    }
    Some((bytes, entries, live))
}

/// The bytes of where an entry's two texts (HTML, then plain text) are: offset, length and
/// digest of each, little-endian; a length of 0 is an empty text.
const PLACES: usize = 48;

fn write_places(places: [TextPlace; 2]) -> [u8; PLACES] {
    let mut bytes = [0; PLACES];
    for (i, place) in places.iter().enumerate() {
        let fields = [place.at, place.len as u64, place.digest];
        for (j, field) in fields.iter().enumerate() {
            let at = i * 24 + j * 8;
            bytes[at..at + 8].copy_from_slice(&field.to_le_bytes());
        }
    }
    bytes
}

fn read_places(bytes: &[u8; PLACES]) -> [TextPlace; 2] {
    let field = |at: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    [0, 24].map(|start| TextPlace {
        at: field(start),
        len: usize::try_from(field(start + 8)).unwrap_or(usize::MAX),
        digest: field(start + 16),
    })
}

/// Options that open a file only if it is no symbolic link (where the system can say).
fn not_following() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(html: &str) -> Rendered {
        Rendered {
            html: html.to_owned().into(),
            summary_html: "<p>Résumé.</p>".to_owned(),
            words: 2,
            mentioned: vec![3],
            mention_counts: vec![1],
            ..Rendered::default()
        }
    }

    fn warning() -> Diagnostic {
        Diagnostic::warning(Path::new("content/articles/a.md"), 7, 3, "a warning")
    }

    #[test]
    fn a_render_is_found_by_the_next_build_in_the_same_context_only() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(".gazette-cache/articles");
        let mut cache = BodyCache::open(&folder, 1).unwrap();
        let key = cache.key(Path::new("content/articles/a.md"), "---\n", None, "/a/");
        let other = cache.key(Path::new("content/articles/b.md"), "---\n", None, "/a/");
        assert_ne!(key, other, "the path is part of the key");
        let mut made = rendered("<p>Corps.</p>");
        cache.store(key, &mut made, &[warning()]);
        assert!(
            made.html.held().is_none(),
            "the text went to the bodies file"
        );
        cache.commit();
        drop(cache);

        let cache = BodyCache::open(&folder, 1).unwrap();
        let (found, problems) = cache.rendered(key).expect("stored in the same context");
        assert_eq!(found.html.text().unwrap(), "<p>Corps.</p>");
        assert_eq!(found.summary_html, "<p>Résumé.</p>");
        assert_eq!((found.words, found.mentioned.clone()), (2, vec![3]));
        assert_eq!(problems, vec![warning()]);
        assert!(cache.rendered(other).is_none());
        drop(cache);

        let cache = BodyCache::open(&folder, 2).unwrap();
        assert!(cache.rendered(key).is_none(), "another context");
    }

    #[test]
    fn a_body_with_local_images_or_errors_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = BodyCache::open(dir.path(), 1).unwrap();
        let mut pictured = rendered("<p><img src=\"/a.jpg\"></p>");
        pictured.references.push(Reference {
            site_path: "/a.jpg".to_owned(),
            written: "/a.jpg".to_owned(),
            line: 1,
            column: 1,
            image: true,
        });
        cache.store(1, &mut pictured, &[]);
        let error = Diagnostic::error(Path::new("a.md"), 1, 1, "an error");
        cache.store(2, &mut rendered("<p>x</p>"), &[error]);
        cache.commit();
        drop(cache);
        let cache = BodyCache::open(dir.path(), 1).unwrap();
        assert!(cache.rendered(1).is_none() && cache.rendered(2).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_folder_that_is_a_symbolic_link_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let root = dir.path().join("site");
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join(".gazette-cache")).unwrap();
        assert!(BodyCache::open(&root.join(".gazette-cache/articles"), 1).is_none());
        std::os::unix::fs::symlink(&elsewhere, root.join("articles")).unwrap();
        assert!(BodyCache::open(&root.join("articles"), 1).is_none());
        assert_eq!(
            fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written there"
        );
    }
}
