//! Decoding, orienting, resizing and encoding: the pixel work, done once per source whatever
//! the number of variants.
//!
//! Crates, chosen for speed: `image` 0.25 decodes JPEG with `zune-jpeg` (SIMD IDCT and colour
//! conversion, among the fastest JPEG decoders in any language) and PNG with `png`/`fdeflate`;
//! `fast_image_resize` resizes with SIMD convolutions (AVX2/SSE4.1/NEON), several times faster
//! than `image`'s own `resize`; `webp` binds libwebp, the reference encoder, for lossy WebP
//! (`image` only writes lossless WebP); JPEG and PNG variants use `image`'s encoders.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageEncoder};

use super::Format;
use super::probe::{Header, decoder};

/// 8-bit RGB or RGBA pixels, rows top to bottom.
pub(super) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

/// Decodes the whole image and turns it the right way up.
pub(super) fn decode(bytes: &[u8], header: &Header, max_pixels: u64) -> Result<Pixels, String> {
    let decoder = decoder(bytes, header.format, max_pixels).map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(header.orientation);
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    // 16-bit and grey images become 8-bit RGB(A): what browsers are served anyway.
    let data = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Pixels {
        width,
        height,
        alpha,
        data,
    })
}

/// A smaller copy, filtered with Lanczos3 (sharp, no ringing worth seeing at these ratios).
pub(super) fn resize(source: &Pixels, width: u32, height: u32) -> Result<Pixels, String> {
    let kind = if source.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let view = ImageRef::new(source.width, source.height, &source.data, kind)
        .map_err(|e| e.to_string())?;
    let mut target = Image::new(width, height, kind);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    // Alpha is premultiplied while filtering (the default), so transparent pixels leave no fringe.
    Resizer::new()
        .resize(&view, &mut target, &options)
        .map_err(|e| e.to_string())?;
    Ok(Pixels {
        width,
        height,
        alpha: source.alpha,
        data: target.into_vec(),
    })
}

/// The pixels encoded in `format`; `quality` (0-100) is ignored by PNG, which is lossless.
pub(super) fn encode(pixels: &Pixels, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    match format {
        Format::Webp => encode_webp(pixels, quality),
        Format::Jpeg => encode_jpeg(pixels, quality),
        Format::Png => {
            let mut out = Vec::new();
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive)
                .write_image(&pixels.data, pixels.width, pixels.height, color(pixels))
                .map_err(|e| e.to_string())?;
            Ok(out)
        }
    }
}

fn encode_webp(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let encoder = if pixels.alpha {
        webp::Encoder::from_rgba(&pixels.data, pixels.width, pixels.height)
    } else {
        webp::Encoder::from_rgb(&pixels.data, pixels.width, pixels.height)
    };
    // `encode` would panic past WebP's 16,383-pixel side; this reports it instead.
    let memory = encoder
        .encode_simple(false, f32::from(quality))
        .map_err(|e| format!("WebP encoder: {e:?}"))?;
    Ok(memory.to_vec())
}

fn encode_jpeg(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let rgb;
    let data = if pixels.alpha {
        // Only a WebP or PNG source has alpha, and they never get JPEG variants; be total anyway.
        rgb = pixels
            .data
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect::<Vec<_>>();
        &rgb
    } else {
        &pixels.data
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100))
        .write_image(data, pixels.width, pixels.height, ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn color(pixels: &Pixels) -> ExtendedColorType {
    if pixels.alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    }
}
