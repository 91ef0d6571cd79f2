//! A whole build's spool: one unnamed file that holds the large texts of the site model
//! (each article's rendered body, and its plain text for the search index) from the moment
//! they are made to the moment their page is written.
//!
//! Every page of an archive needs the whole model (its lists, its actors, its neighbours), so
//! the model is complete before the first page is rendered; held in memory, the bodies were
//! two fifths of a build's peak (6.5 KB an article: 6 GiB for a million). In the spool they
//! are the operating system's to keep: in its page cache while memory allows, on disk when it
//! does not. The file has no name (it is unlinked as soon as it is made, or made without one),
//! so nothing is left behind, even by a build that is killed.
//!
//! A text the spool cannot take (a full disk) is held in memory, as before.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The spool file and where its next text goes.
pub struct Spool {
    file: File,
    end: AtomicU64,
}

impl Spool {
    /// An unnamed file in `folder` (which must exist).
    pub fn create_in(folder: &Path) -> io::Result<Arc<Spool>> {
        let file = tempfile::tempfile_in(folder)?;
        Ok(Arc::new(Spool {
            file,
            end: AtomicU64::new(0),
        }))
    }

    /// A named file that outlives the build (the body cache's bodies, see
    /// [`crate::load::cache`]): the texts before `end` are read where an earlier build put
    /// them, and new ones are written after it.
    pub fn over_file(file: File, end: u64) -> Arc<Spool> {
        Arc::new(Spool {
            file,
            end: AtomicU64::new(end),
        })
    }

    /// A text an earlier build put in this spool, as it recorded it ([`SpooledText::place_in`]).
    pub fn text_at(self: &Arc<Self>, place: TextPlace) -> SpooledText {
        SpooledText::Spooled {
            spool: Arc::clone(self),
            at: place.at,
            len: place.len,
            digest: place.digest,
        }
    }

    /// How many bytes the spool holds.
    pub fn len(&self) -> u64 {
        self.end.load(Ordering::Relaxed)
    }

    /// Whether nothing was spooled.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends `bytes` (from any thread: each write has its own range) and says where.
    fn put(&self, bytes: &[u8]) -> io::Result<u64> {
        let at = self.end.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        write_at(&self.file, bytes, at)?;
        Ok(at)
    }

    fn get(&self, at: u64, len: usize) -> io::Result<String> {
        let mut bytes = vec![0; len];
        read_at(&self.file, &mut bytes, at)?;
        // Checked with simdutf8, as sources are (see `source`): a warm build reads every
        // body and text back, and the standard library's check was half of that on
        // accented text.
        if let Err(error) = simdutf8::basic::from_utf8(&bytes) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, error));
        }
        // SAFETY: just checked to be UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    }
}

impl std::fmt::Debug for Spool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spool({} bytes)", self.len())
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let written = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        if written == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[written..];
        at += written as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let read = std::os::windows::fs::FileExt::seek_read(file, bytes, at)?;
        if read == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[read..];
        at += read as u64;
    }
    Ok(())
}

/// Where a text is in a spool, and its digest: what a later build needs to read it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextPlace {
    pub at: u64,
    pub len: usize,
    pub digest: u64,
}

/// A text of the site model: in memory, or in a build's [`Spool`].
#[derive(Clone)]
pub enum SpooledText {
    Held(String),
    Spooled {
        spool: Arc<Spool>,
        at: u64,
        len: usize,
        /// [`text_digest`] of the text, made as it was spooled.
        digest: u64,
    },
}

/// A digest of a text, the same in every run of one build of gazette: what a later build
/// compares a text with, without the text.
fn text_digest(text: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = ahash::RandomState::with_seeds(21, 22, 23, 24).build_hasher();
    hasher.write(text.as_bytes());
    hasher.finish()
}

impl SpooledText {
    /// The text, read back from the spool if it is there, and checked against its digest: a
    /// spool that outlives its build (the body cache's) may have lost what it was sent last
    /// before a power cut, and a page must then fail rather than show something else.
    pub fn text(&self) -> io::Result<Cow<'_, str>> {
        match self {
            SpooledText::Held(text) => Ok(Cow::Borrowed(text)),
            SpooledText::Spooled {
                spool,
                at,
                len,
                digest,
            } => {
                let text = spool.get(*at, *len)?;
                if text_digest(&text) != *digest {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{len} bytes at {at} are not the text put there"),
                    ));
                }
                Ok(Cow::Owned(text))
            }
        }
    }

    /// A 64-bit digest of the text, without reading it back from the spool: equal texts have
    /// equal digests, and different ones the same digest with odds of one in 2^64.
    pub fn digest(&self) -> u64 {
        match self {
            SpooledText::Held(text) => text_digest(text),
            SpooledText::Spooled { digest, .. } => *digest,
        }
    }

    /// Where the text is, if it is in `spool`.
    pub fn place_in(&self, spool: &Arc<Spool>) -> Option<TextPlace> {
        match self {
            SpooledText::Spooled {
                spool: its,
                at,
                len,
                digest,
            } if Arc::ptr_eq(its, spool) => Some(TextPlace {
                at: *at,
                len: *len,
                digest: *digest,
            }),
            _ => None,
        }
    }

    /// The text, owned.
    pub fn into_string(self) -> io::Result<String> {
        match self {
            SpooledText::Held(text) => Ok(text),
            spooled => spooled.text().map(Cow::into_owned),
        }
    }

    /// The text when it is in memory (always, outside whole builds).
    pub fn held(&self) -> Option<&str> {
        match self {
            SpooledText::Held(text) => Some(text),
            SpooledText::Spooled { .. } => None,
        }
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        match self {
            SpooledText::Held(text) => text.len(),
            SpooledText::Spooled { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the text into `spool`, freeing its memory; an empty text, or one the spool
    /// cannot take, stays in memory.
    pub fn spool_into(&mut self, spool: &Arc<Spool>) {
        let SpooledText::Held(text) = self else {
            return;
        };
        if text.is_empty() {
            return;
        }
        if let Ok(at) = spool.put(text.as_bytes()) {
            *self = SpooledText::Spooled {
                spool: Arc::clone(spool),
                at,
                len: text.len(),
                digest: text_digest(text),
            };
        }
    }
}

impl Default for SpooledText {
    fn default() -> Self {
        SpooledText::Held(String::new())
    }
}

impl From<String> for SpooledText {
    fn from(text: String) -> Self {
        SpooledText::Held(text)
    }
}

impl std::fmt::Debug for SpooledText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpooledText::Held(text) => text.fmt(f),
            SpooledText::Spooled { at, len, .. } => write!(f, "Spooled({len} bytes at {at})"),
        }
    }
}

/// Equal texts, wherever they are (a text that cannot be read back equals none).
impl PartialEq for SpooledText {
    fn eq(&self, other: &Self) -> bool {
        if self.len() != other.len() {
            return false;
        }
        match (self.text(), other.text()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for SpooledText {}

/// Unit tests read rendered bodies as strings; they are never spooled there.
#[cfg(test)]
impl std::ops::Deref for SpooledText {
    type Target = str;

    fn deref(&self) -> &str {
        self.held().expect("a unit test's text is held in memory")
    }
}

#[cfg(test)]
impl std::fmt::Display for SpooledText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_from_the_spool_as_they_went_in() {
        let folder = tempfile::tempdir().unwrap();
        let spool = Spool::create_in(folder.path()).unwrap();
        let texts = ["<p>Élection à Genève</p>", "", "second «texte»", "x"];
        let mut spooled: Vec<SpooledText> = texts.iter().map(|t| t.to_string().into()).collect();
        for text in &mut spooled {
            text.spool_into(&spool);
        }
        assert!(spooled[0].held().is_none(), "a text was spooled");
        assert!(spooled[1].held().is_some(), "an empty text stays in memory");
        for (text, expected) in spooled.iter().zip(texts) {
            assert_eq!(text.text().unwrap(), expected);
            assert_eq!(text.len(), expected.len());
            let held = SpooledText::Held(expected.to_owned());
            assert_eq!(
                text.digest(),
                held.digest(),
                "the same digest, spooled or not"
            );
        }
        assert_ne!(spooled[0].digest(), spooled[2].digest());
        let total: usize = texts.iter().map(|t| t.len()).sum();
        assert_eq!(spool.len(), total as u64);
        // The file has no name: the folder stays empty.
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
    }

    #[test]
    fn bytes_that_are_not_utf8_do_not_come_back_as_text() {
        let folder = tempfile::tempdir().unwrap();
        let spool = Spool::create_in(folder.path()).unwrap();
        let good = spool.put("é".as_bytes()).unwrap();
        let cut = spool.put(&"é".as_bytes()[..1]).unwrap();
        assert_eq!(spool.get(good, 2).unwrap(), "é");
        let error = spool.get(cut, 1).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn threads_spool_side_by_side() {
        let folder = tempfile::tempdir().unwrap();
        let spool = Spool::create_in(folder.path()).unwrap();
        let spooled: Vec<(String, SpooledText)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|worker| {
                    let spool = &spool;
                    scope.spawn(move || {
                        (0..200)
                            .map(|i| {
                                let text = format!("worker {worker} text {i} ").repeat(i % 7 + 1);
                                let mut held = SpooledText::from(text.clone());
                                held.spool_into(spool);
                                (text, held)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });
        for (expected, text) in &spooled {
            assert_eq!(text.text().unwrap(), expected.as_str());
        }
    }

    #[test]
    fn held_and_spooled_copies_of_a_text_are_equal() {
        let folder = tempfile::tempdir().unwrap();
        let spool = Spool::create_in(folder.path()).unwrap();
        let held = SpooledText::from("même texte".to_owned());
        let mut spooled = held.clone();
        spooled.spool_into(&spool);
        assert_eq!(held, spooled);
        assert_ne!(held, SpooledText::from("autre".to_owned()));
    }
}
