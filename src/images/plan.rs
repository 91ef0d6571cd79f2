//! Which files one source yields, their sizes, published names and cache paths: pure
//! arithmetic on the header, so a rebuild knows what it needs without decoding anything.

use std::path::Path;

use image::metadata::Orientation;

use super::probe::Header;
use super::{ENGINE_VERSION, Format, ProcessedImage, Settings, VariantFile};

/// The widths made for an image `original` pixels wide: each wanted width below it, and the
/// original width itself when some wanted width reaches it. Never wider than the original.
pub(super) fn widths_for(original: u32, wanted: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = wanted
        .iter()
        .copied()
        .filter(|&w| w > 0 && w < original)
        .collect();
    if wanted.iter().any(|&w| w >= original) {
        widths.push(original);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The height that keeps the aspect ratio at `width`, rounded, at least one pixel.
pub(super) fn height_for(width: u32, (ow, oh): (u32, u32)) -> u32 {
    let h = (u64::from(oh) * u64::from(width) + u64::from(ow) / 2) / u64::from(ow);
    h.max(1) as u32
}

/// Everything the source will yield, named; `encoded` is left at zero.
pub(super) fn plan(
    source: &Path,
    hash: &str,
    header: &Header,
    settings: &Settings,
    cache_dir: &Path,
) -> ProcessedImage {
    let (width, height) = header.oriented();
    let folder = cache_dir.join(&hash[..2]);
    let original = VariantFile {
        width,
        height,
        format: header.format,
        file_name: source.file_name().map_or_else(
            || format!("image.{}", header.format.extension()),
            |n| n.to_string_lossy().into_owned(),
        ),
        cache_path: folder.join(format!(
            "{hash}-full-{}-e{ENGINE_VERSION}.{}",
            original_key(header, settings),
            header.format.extension()
        )),
    };
    let stem = source
        .file_stem()
        .map_or_else(|| "image".into(), |s| s.to_string_lossy().into_owned());
    let mut formats = vec![Format::Webp, header.format];
    formats.dedup();
    let mut variants = Vec::new();
    for format in formats {
        for w in widths_for(width, &settings.widths) {
            if format == header.format && w == width {
                variants.push(original.clone()); // the published original is this variant
                continue;
            }
            let ext = format.extension();
            variants.push(VariantFile {
                width: w,
                height: height_for(w, (width, height)),
                format,
                file_name: format!("{stem}-{w}w-{}.{ext}", &hash[..8]),
                cache_path: folder.join(format!(
                    "{hash}-{w}w-{}-e{ENGINE_VERSION}.{ext}",
                    quality_key(format, settings)
                )),
            });
        }
    }
    ProcessedImage {
        source: source.to_path_buf(),
        width,
        height,
        original,
        variants,
        encoded: 0,
    }
}

/// The cache key part for the original: a lossless strip, or a re-encode when it is turned.
fn original_key(header: &Header, settings: &Settings) -> String {
    if header.orientation == Orientation::NoTransforms {
        "stripped".into()
    } else {
        quality_key(header.format, settings)
    }
}

fn quality_key(format: Format, settings: &Settings) -> String {
    match settings.quality(format) {
        Some(q) => format!("q{q}"),
        None => "lossless".into(),
    }
}

/// The variants that are encoded from pixels (all but the entries that are the original).
pub(super) fn resized(image: &ProcessedImage) -> impl Iterator<Item = &VariantFile> {
    image
        .variants
        .iter()
        .filter(|v| v.cache_path != image.original.cache_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_wider_than_the_original() {
        assert_eq!(widths_for(4000, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(widths_for(1000, &[480, 960, 1600]), [480, 960, 1000]);
        assert_eq!(widths_for(960, &[1600, 480, 960]), [480, 960]);
        assert_eq!(widths_for(300, &[480, 960, 1600]), [300]);
        assert_eq!(widths_for(300, &[]), Vec::<u32>::new());
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(height_for(480, (4000, 3000)), 360);
        assert_eq!(height_for(1600, (4000, 3000)), 1200);
        assert_eq!(height_for(480, (1001, 1)), 1);
        assert_eq!(height_for(3, (4, 5)), 4); // 3.75 rounds up
    }
}
