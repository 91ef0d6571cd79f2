//! What can go wrong with one source image, typed so that the caller can report it at the
//! `file:line:column` that references the image, with the image's own path in the message.

use std::io;
use std::path::{Path, PathBuf};

/// Why one source image could not be turned into variants. Every case names the image file.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The file could not be read (missing, a folder, no permission).
    #[error("cannot read the image {}: {source}", path.display())]
    Unreadable {
        /// The source image.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// The bytes are not a JPEG, PNG or WebP image, whatever the file is named.
    #[error("{} is not a JPEG, PNG or WebP image", path.display())]
    Unsupported {
        /// The source image.
        path: PathBuf,
    },
    /// The header claims more pixels than the limit: refused before any pixel is decoded.
    #[error(
        "the image {} is {width}x{height} pixels, over the limit of {limit} pixels",
        path.display()
    )]
    TooLarge {
        /// The source image.
        path: PathBuf,
        /// Width its header claims.
        width: u32,
        /// Height its header claims.
        height: u32,
        /// The limit in force, in pixels.
        limit: u64,
    },
    /// The file starts like an image but is damaged or cut short.
    #[error("the image {} is corrupt or truncated: {message}", path.display())]
    Corrupt {
        /// The source image.
        path: PathBuf,
        /// What the decoder or the structure check found.
        message: String,
    },
    /// A variant could not be encoded (WebP, for one, allows no side over 16,383 pixels).
    #[error("cannot encode a variant of the image {}: {message}", path.display())]
    Encode {
        /// The source image.
        path: PathBuf,
        /// What the encoder said.
        message: String,
    },
    /// A variant could not be written to the cache folder (disk full, no permission).
    #[error("cannot write the image cache file {}: {source}", path.display())]
    Cache {
        /// The cache file being written.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
}

impl ImageError {
    /// The file the error is about: the source image, or the cache file for `Cache`.
    pub fn path(&self) -> &Path {
        match self {
            Self::Unreadable { path, .. }
            | Self::Unsupported { path }
            | Self::TooLarge { path, .. }
            | Self::Corrupt { path, .. }
            | Self::Encode { path, .. }
            | Self::Cache { path, .. } => path,
        }
    }

    /// What the author can do about it, for the diagnostic's hint line.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => {
                "check that the file exists beside the article and is readable"
            }
            Self::Unsupported { .. } => {
                "export the image as JPEG, PNG or WebP (the file's content decides, not its name)"
            }
            Self::TooLarge { .. } => {
                "scale the image down before adding it (a published photo needs no more than a few thousand pixels a side)"
            }
            Self::Corrupt { .. } => "open the file in an image editor and export it again",
            Self::Encode { .. } => "export the image at a smaller size",
            Self::Cache { .. } => {
                "check free space and permissions of the cache folder; deleting it is safe"
            }
        }
    }
}
