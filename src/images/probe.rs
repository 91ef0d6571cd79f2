//! The header of a source image: its format, size and EXIF orientation, read without decoding
//! a single pixel, so that the pixel limit is enforced before any large allocation.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageReader, Limits};

use super::Format;

/// What the header of a source image says.
#[derive(Debug, Clone, Copy)]
pub(super) struct Header {
    pub format: Format,
    /// Size as stored, before the orientation is applied.
    pub stored: (u32, u32),
    pub orientation: Orientation,
}

impl Header {
    /// Width and height once the orientation is applied (swapped by a quarter turn).
    pub fn oriented(&self) -> (u32, u32) {
        let (w, h) = self.stored;
        match self.orientation {
            Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH => (h, w),
            _ => (w, h),
        }
    }
}

/// Why a header was refused.
#[derive(Debug)]
pub(super) enum ProbeError {
    Unsupported,
    TooLarge { width: u32, height: u32 },
    Corrupt(String),
}

/// Reads the header; refuses an image of more than `max_pixels` pixels.
pub(super) fn read_header(bytes: &[u8], max_pixels: u64) -> Result<Header, ProbeError> {
    let format = image::guess_format(bytes)
        .ok()
        .and_then(Format::from_image_format)
        .ok_or(ProbeError::Unsupported)?;
    let mut decoder =
        decoder(bytes, format, max_pixels).map_err(|e| ProbeError::Corrupt(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(ProbeError::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(ProbeError::Corrupt(
            "the header says the image has no pixels".into(),
        ));
    }
    // Unreadable EXIF is no reason to refuse a photo: it is shown as stored (and not published).
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(Header {
        format,
        stored: (width, height),
        orientation,
    })
}

/// A decoder over the bytes, which has read the header only. Its allocation limit lets any
/// image within the pixel limit decode, even at 16 bits per channel with alpha, and no more.
pub(super) fn decoder(
    bytes: &[u8],
    format: Format,
    max_pixels: u64,
) -> image::ImageResult<impl ImageDecoder + '_> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(64 << 20));
    reader.limits(limits);
    reader.into_decoder()
}
