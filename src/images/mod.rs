//! Responsive image variants: from a source photo (JPEG, PNG or WebP), the resized copies a
//! page offers in `srcset`, and a copy of the original that is safe to publish.
//!
//! It sits in the base layer: it imports nothing else of gazette, so the model can hold its
//! results, the renderer write `srcset`/`width`/`height` from them, and the build kernel
//! call it and copy its files into the output.
//!
//! # What is made
//! For each source, after the EXIF orientation is applied to the pixels:
//! - lossy **WebP** variants and variants in the **source's own format** (JPEG stays JPEG, PNG
//!   stays PNG; a WebP source gets one set) at each width of [`Settings::widths`] (default
//!   480, 960, 1600) that is narrower than the image, plus the image's own width when a wanted
//!   width reaches it. Nothing is ever upscaled: a 300-pixel-wide image has 300-pixel variants only.
//! - **the published original**, at full size, in its own format, under its own file name,
//!   **without any metadata**: no EXIF (GPS position, camera serial number, EXIF thumbnail),
//!   no XMP, no IPTC, no comments. When the image needs no turning, the metadata is removed
//!   losslessly: the compressed pixels are copied byte for byte and only the metadata segments
//!   are left out (see `strip.rs` for the allow-list; colour profiles are kept). When the EXIF
//!   orientation turns or flips it, the original is re-encoded, turned, at the quality of its
//!   format (PNG losslessly), since without EXIF a browser could not turn it. The source bytes
//!   are never published as they are.
//!
//! Variants carry no metadata either: they are encoded from pixels. Variant file names are
//! `<stem>-<width>w-<8 hex of the content hash>.<ext>` (`photo-480w-3fa2b1c9.webp`), so two
//! sources with one stem (`photo.jpg`, `photo.png`) never collide and a changed photo gets new
//! URLs. Variants are assumed sRGB: an ICC profile is kept in the original only.
//!
//! # The cache
//! Every file is made in a cache folder outside `output/` (by convention `.gazette-cache/images/`
//! at the site root: add `.gazette-cache/` to `.gitignore`; deleting it is always safe) and the
//! caller copies or hard-links it into the output beside the article. A cache file is named by
//! the BLAKE3 hash of the source bytes, the width, the format, the quality and
//! [`ENGINE_VERSION`], so a rebuild decodes and encodes nothing for an unchanged source. It
//! does not even read it: a stamp per source path under `sources/` in the cache folder keeps
//! the file's size, modification time and inode with its hash and header, and a source whose
//! three still match and whose files are all in place costs a few `stat` calls. Writes go
//! through a temporary file and a rename, so an interrupted build leaves no half file and two
//! builds sharing the folder at once cannot corrupt it. Old entries are not removed (a source
//! that changed leaves its old variants behind): delete the folder to reclaim the space.
//!
//! BLAKE3 rather than a faster non-cryptographic hash (xxh3): the key decides which bytes are
//! published for a photo, and photos come from outside the newsroom; with xxh3 a crafted pair
//! of files could share a key and one would be published as the other. BLAKE3 hashes a 3 MB
//! photo in about a millisecond with SIMD, a small part of a rebuild.
//!
//! # Bounded work
//! The header is read first: an image of more than [`Settings::max_pixels`] pixels (default
//! 100 million) is refused before any pixel is decoded, whatever its file size (a few kilobytes
//! of PNG can claim 20000x20000 pixels). A file that is not a JPEG, PNG or WebP, that is
//! corrupt, or that is cut short (checked by walking its structure to the end marker, which
//! lenient decoders skip) is an [`ImageError`] naming the file, with a hint.
//!
//! # Interface
//! ```no_run
//! use gazette::images::{process_all, Format, ImageRequest, Settings};
//! let requests = vec![ImageRequest::new("content/articles/2024/05/flood/photo.jpg")];
//! for result in process_all(&requests, &Settings::default(), ".gazette-cache/images".as_ref()) {
//!     match result {
//!         Ok(image) => {
//!             // <img width height> from image.width/height; <source type="image/webp">:
//!             let srcset = image.srcset(Format::Webp, "/2024/05/flood/");
//!             // copy image.original and every image.variants[i] from cache_path to file_name
//!             println!("{srcset}");
//!         }
//!         Err(error) => eprintln!("{error} ({})", error.hint()),
//!     }
//! }
//! ```
//! Sources are processed in parallel on rayon's pool, each decoded once for all its widths.

mod cache;
mod error;
mod pixels;
mod plan;
mod probe;
mod stamp;
mod strip;
#[cfg(test)]
mod tests;

use std::fs;
use std::path::{Path, PathBuf};

use image::metadata::Orientation;
use rayon::prelude::*;

pub use error::ImageError;
use pixels::Pixels;
use probe::{Header, ProbeError};

/// Part of every cache key: raise it when a change makes different bytes for the same input
/// (another filter, encoder settings, stripping rules), so old cache files are not reused.
pub const ENGINE_VERSION: u32 = 1;

/// A raster format gazette reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG (`.jpg`).
    Jpeg,
    /// PNG (`.png`).
    Png,
    /// WebP (`.webp`); variants are lossy.
    Webp,
}

impl Format {
    /// The media type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// The file extension of variants, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    fn from_image_format(format: image::ImageFormat) -> Option<Self> {
        match format {
            image::ImageFormat::Jpeg => Some(Self::Jpeg),
            image::ImageFormat::Png => Some(Self::Png),
            image::ImageFormat::WebP => Some(Self::Webp),
            _ => None,
        }
    }

    fn image_format(self) -> image::ImageFormat {
        match self {
            Self::Jpeg => image::ImageFormat::Jpeg,
            Self::Png => image::ImageFormat::Png,
            Self::Webp => image::ImageFormat::WebP,
        }
    }
}

/// How variants are made (later drawn from `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The widths wanted, in pixels, in any order.
    pub widths: Vec<u32>,
    /// Lossy WebP quality, 0-100.
    pub webp_quality: u8,
    /// JPEG quality, 1-100.
    pub jpeg_quality: u8,
    /// Sources with more pixels than this are refused.
    pub max_pixels: u64,
}

impl Default for Settings {
    /// 480, 960 and 1600 pixels; WebP at 75 and JPEG at 80 (close in size, WebP a little
    /// smaller); 100 megapixels at most.
    fn default() -> Self {
        Self {
            widths: vec![480, 960, 1600],
            webp_quality: 75,
            jpeg_quality: 80,
            max_pixels: 100_000_000,
        }
    }
}

impl Settings {
    /// The quality a format is encoded at; `None` for lossless PNG.
    fn quality(&self, format: Format) -> Option<u8> {
        match format {
            Format::Webp => Some(self.webp_quality),
            Format::Jpeg => Some(self.jpeg_quality),
            Format::Png => None,
        }
    }
}

/// One source image to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRequest {
    /// The source file; its name is the published original's and the stem of its variants'.
    pub source: PathBuf,
}

impl ImageRequest {
    /// A request for the file at `source`.
    pub fn new(source: impl Into<PathBuf>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

/// One file to publish: where it is in the cache and what to call it in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantFile {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its format (its `mime()` is the `<source type>`).
    pub format: Format,
    /// The name to publish it under, beside the page.
    pub file_name: String,
    /// The finished file in the cache folder.
    pub cache_path: PathBuf,
}

impl VariantFile {
    /// The media type of the file.
    pub fn mime(&self) -> &'static str {
        self.format.mime()
    }
}

/// What a template needs to show one source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedImage {
    /// The source file.
    pub source: PathBuf,
    /// Intrinsic width once the EXIF orientation is applied.
    pub width: u32,
    /// Intrinsic height once the EXIF orientation is applied.
    pub height: u32,
    /// The metadata-free original, full size, in the source format.
    pub original: VariantFile,
    /// The variants, WebP first then the source format, each by increasing width. An entry
    /// in the source format at the full width is the `original` itself.
    pub variants: Vec<VariantFile>,
    /// How many files this call encoded or stripped: zero when everything came from the cache.
    pub encoded: usize,
}

impl ProcessedImage {
    /// The variants in one format, narrowest first.
    pub fn variants_in(&self, format: Format) -> impl Iterator<Item = &VariantFile> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// A `srcset` value for one format: `"{prefix}{file_name} {width}w"`, comma-separated.
    pub fn srcset(&self, format: Format, prefix: &str) -> String {
        let items: Vec<String> = self
            .variants_in(format)
            .map(|v| format!("{prefix}{} {}w", v.file_name, v.width))
            .collect();
        items.join(", ")
    }
}

/// Processes every request in parallel; one result per request, in the same order.
pub fn process_all(
    requests: &[ImageRequest],
    settings: &Settings,
    cache_dir: &Path,
) -> Vec<Result<ProcessedImage, ImageError>> {
    requests
        .par_iter()
        .map(|request| process(request, settings, cache_dir))
        .collect()
}

/// Processes one source: reads and hashes it, checks its header, and makes the files the cache
/// lacks, decoding the pixels at most once. An unchanged source whose files are all in the
/// cache is not even read (see `stamp.rs`).
pub fn process(
    request: &ImageRequest,
    settings: &Settings,
    cache_dir: &Path,
) -> Result<ProcessedImage, ImageError> {
    let path = &request.source;
    let unreadable = |source| ImageError::Unreadable {
        path: path.clone(),
        source,
    };
    let meta = fs::metadata(path).map_err(unreadable)?;
    if let Some((hash, header)) = stamp::load(cache_dir, path, &meta) {
        let (width, height) = header.stored;
        if u64::from(width) * u64::from(height) <= settings.max_pixels {
            let image = plan::plan(path, &hash, &header, settings, cache_dir);
            if std::iter::once(&image.original)
                .chain(&image.variants)
                .all(|v| cache::is_cached(&v.cache_path))
            {
                return Ok(image);
            }
        }
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    let hash = blake3::hash(&bytes).to_hex();
    let header = probe::read_header(&bytes, settings.max_pixels)
        .map_err(|e| probe_error(path, e, settings))?;
    let mut image = plan::plan(path, &hash, &header, settings, cache_dir);
    image.encoded = make_missing(&image, &bytes, &header, settings)?;
    // Stamped with the metadata from before the read: a write during the read makes it stale.
    stamp::save(cache_dir, path, &meta, &hash, &header).map_err(|source| ImageError::Cache {
        path: cache_dir.join("sources"),
        source,
    })?;
    Ok(image)
}

/// Makes the files of `image` that the cache lacks; returns how many.
fn make_missing(
    image: &ProcessedImage,
    bytes: &[u8],
    header: &Header,
    settings: &Settings,
) -> Result<usize, ImageError> {
    let path = &image.source;
    let original_missing = !cache::is_cached(&image.original.cache_path);
    let missing: Vec<&VariantFile> = plan::resized(image)
        .filter(|v| !cache::is_cached(&v.cache_path))
        .collect();
    if !original_missing && missing.is_empty() {
        return Ok(0);
    }
    let corrupt = |message: String| ImageError::Corrupt {
        path: path.clone(),
        message,
    };
    // Walking the structure also finds a truncated file, before any pixel work.
    let stripped = strip::strip(header.format, bytes).map_err(corrupt)?;
    let turned = header.orientation != Orientation::NoTransforms;
    let full = if turned || !missing.is_empty() {
        Some(pixels::decode(bytes, header, settings.max_pixels).map_err(corrupt)?)
    } else {
        None
    };
    let mut encoded = encode_missing(full.as_ref(), &missing, settings).map_err(|e| e.at(path))?;
    if original_missing {
        let bytes = match (&full, turned) {
            (Some(full), true) => {
                encode_one(full, header.format, settings).map_err(|e| e.at(path))?
            }
            _ => stripped,
        };
        write(&image.original.cache_path, &bytes)?;
        encoded += 1;
    }
    Ok(encoded)
}

fn probe_error(path: &Path, error: ProbeError, settings: &Settings) -> ImageError {
    let path = path.to_path_buf();
    match error {
        ProbeError::Unsupported => ImageError::Unsupported { path },
        ProbeError::TooLarge { width, height } => ImageError::TooLarge {
            path,
            width,
            height,
            limit: settings.max_pixels,
        },
        ProbeError::Corrupt(message) => ImageError::Corrupt { path, message },
    }
}

/// An error of the pixel work, before it knows its path.
enum WorkError {
    Encode(String),
    Cache(ImageError),
}

impl WorkError {
    fn at(self, path: &Path) -> ImageError {
        match self {
            Self::Encode(message) => ImageError::Encode {
                path: path.to_path_buf(),
                message,
            },
            Self::Cache(error) => error,
        }
    }
}

/// Resizes once per width, each from the smallest larger copy already made, then encodes
/// every missing variant in parallel and writes it to the cache.
fn encode_missing(
    full: Option<&Pixels>,
    missing: &[&VariantFile],
    settings: &Settings,
) -> Result<usize, WorkError> {
    let Some(full) = full else { return Ok(0) };
    let mut sizes: Vec<(u32, u32)> = missing.iter().map(|v| (v.width, v.height)).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let mut made: Vec<Pixels> = Vec::with_capacity(sizes.len());
    for (width, height) in sizes {
        let from = base_for(width, full, &made);
        made.push(pixels::resize(from, width, height).map_err(WorkError::Encode)?);
    }
    missing
        .par_iter()
        .map(|variant| {
            let pixels = made
                .iter()
                .find(|p| p.width == variant.width && p.height == variant.height)
                .expect("resized above");
            let bytes = encode_one(pixels, variant.format, settings)?;
            write(&variant.cache_path, &bytes).map_err(WorkError::Cache)
        })
        .collect::<Result<Vec<()>, WorkError>>()
        .map(|done| done.len())
}

/// The copy to resize from: the smallest one made that is at least 1.5 times as wide (a
/// Lanczos3 step of that ratio loses nothing visible and reads far fewer pixels), else the
/// full image.
fn base_for<'a>(width: u32, full: &'a Pixels, made: &'a [Pixels]) -> &'a Pixels {
    made.iter()
        .filter(|p| u64::from(p.width) * 2 >= u64::from(width) * 3)
        .min_by_key(|p| p.width)
        .unwrap_or(full)
}

fn encode_one(pixels: &Pixels, format: Format, settings: &Settings) -> Result<Vec<u8>, WorkError> {
    pixels::encode(pixels, format, settings.quality(format).unwrap_or(0)).map_err(WorkError::Encode)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ImageError> {
    cache::write(path, bytes).map_err(|source| ImageError::Cache {
        path: path.to_path_buf(),
        source,
    })
}
