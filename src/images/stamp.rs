//! What the last build learnt about each source file, so that a rebuild with unchanged photos
//! neither reads nor hashes them: per source path, the file's size, modification time (to the
//! nanosecond) and inode, with the content hash and the header found then. When all three
//! match, the file is taken as unchanged, as `git status` and `make` do; an edit that keeps the
//! size and restores the modification time to the nanosecond would be missed (`touch` the file,
//! or delete the cache folder). Stamps are small files under `sources/` in the cache folder,
//! written like any cache file (temporary file and rename).

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};

use image::metadata::Orientation;

use super::Format;
use super::cache;
use super::probe::Header;

/// The content hash and the header of an unchanged source, if its stamp still matches.
pub(super) fn load(cache_dir: &Path, source: &Path, meta: &Metadata) -> Option<(String, Header)> {
    let text = fs::read_to_string(stamp_path(cache_dir, source)).ok()?;
    let (first, second) = text.split_once('\n')?;
    if first != fingerprint(meta) {
        return None;
    }
    let fields: Vec<&str> = second.split(' ').collect();
    let [hash, format, width, height, orientation] = fields.as_slice() else {
        return None;
    };
    let format = [Format::Jpeg, Format::Png, Format::Webp]
        .into_iter()
        .find(|f| f.extension() == *format)?;
    let header = Header {
        format,
        stored: (width.parse().ok()?, height.parse().ok()?),
        orientation: Orientation::from_exif(orientation.parse().ok()?)?,
    };
    (hash.len() == 64).then(|| (hash.to_string(), header))
}

/// Records what was found in `source`, whose metadata was `meta` before it was read.
pub(super) fn save(
    cache_dir: &Path,
    source: &Path,
    meta: &Metadata,
    hash: &str,
    header: &Header,
) -> std::io::Result<()> {
    let text = format!(
        "{}\n{hash} {} {} {} {}",
        fingerprint(meta),
        header.format.extension(),
        header.stored.0,
        header.stored.1,
        header.orientation.to_exif()
    );
    cache::write(&stamp_path(cache_dir, source), text.as_bytes())
}

fn stamp_path(cache_dir: &Path, source: &Path) -> PathBuf {
    let key = blake3::hash(source.as_os_str().as_encoded_bytes()).to_hex();
    cache_dir.join("sources").join(&key[..32])
}

fn fingerprint(meta: &Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!(
        "v{} {} {modified} {}",
        super::ENGINE_VERSION,
        meta.len(),
        inode(meta)
    )
}

#[cfg(unix)]
fn inode(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &Metadata) -> u64 {
    0
}
