//! Tests of the variants engine on images made here, byte by byte: no photo is committed.

use std::fs;
use std::path::{Path, PathBuf};

use image::{ImageDecoder, Rgb, RgbImage, Rgba, RgbaImage};

use super::*;

/// A JPEG of the given size, coloured by `paint`.
fn jpeg(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb(paint(x, y)));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(&image)
        .unwrap();
    out
}

/// `jpeg` with an APP1 segment carrying `payload` right after the start marker.
fn with_app1(jpeg: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// An EXIF block (as in JPEG's APP1) with the orientation tag and a GPS-looking IFD pointer.
fn exif(orientation: u16) -> Vec<u8> {
    let mut tiff = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes()); // two entries
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]); // Orientation, SHORT, 1
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0]); // GPSInfo IFD pointer
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff
}

const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>48,51.5N</exif:GPSLatitude></x:xmpmeta>";

fn rgba_png(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, y| Rgba(paint(x, y)));
    let mut out = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn gradient(x: u32, y: u32) -> [u8; 3] {
    [
        (x * 7 % 256) as u8,
        (y * 5 % 256) as u8,
        ((x + y) % 256) as u8,
    ]
}

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }
    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }
    fn run(&self, path: &Path, settings: &Settings) -> Result<ProcessedImage, ImageError> {
        process(&ImageRequest::new(path), settings, &self.cache())
    }
}

fn settings(widths: &[u32]) -> Settings {
    Settings {
        widths: widths.to_vec(),
        ..Settings::default()
    }
}

fn decoded(file: &VariantFile) -> image::DynamicImage {
    image::load_from_memory(&fs::read(&file.cache_path).unwrap()).unwrap()
}

fn has_exif(bytes: &[u8]) -> bool {
    let format = image::guess_format(bytes).unwrap();
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut decoder = reader.into_decoder().unwrap();
    decoder.exif_metadata().unwrap().is_some()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn variants_are_never_upscaled_and_have_the_sizes_they_claim() {
    let site = Site::new();
    let path = site.file("wide.jpg", &jpeg(1000, 500, gradient));
    let image = site.run(&path, &settings(&[480, 960, 1600])).unwrap();
    assert_eq!((image.width, image.height), (1000, 500));
    let widths = |f| image.variants_in(f).map(|v| v.width).collect::<Vec<_>>();
    assert_eq!(widths(Format::Webp), [480, 960, 1000]);
    assert_eq!(widths(Format::Jpeg), [480, 960, 1000]);
    assert_eq!(
        image.variants_in(Format::Jpeg).last().unwrap(),
        &image.original
    );
    for variant in &image.variants {
        let pixels = decoded(variant);
        assert_eq!(
            (pixels.width(), pixels.height()),
            (variant.width, variant.height),
            "{variant:?}"
        );
        let format = image::guess_format(&fs::read(&variant.cache_path).unwrap()).unwrap();
        assert_eq!(Format::from_image_format(format), Some(variant.format));
    }
    assert_eq!(image.srcset(Format::Webp, "/a/").matches("w, ").count(), 2);

    let small = site.file("small.jpg", &jpeg(300, 200, gradient));
    let image = site.run(&small, &settings(&[480, 960, 1600])).unwrap();
    assert_eq!(
        image.variants.iter().map(|v| v.width).collect::<Vec<_>>(),
        [300, 300]
    );
}

#[test]
fn exif_orientation_is_applied_before_resizing() {
    let site = Site::new();
    // 64x32: red on the left, blue on the right. Orientation 6 shows it turned a quarter
    // clockwise: 32x64, red on top.
    let source = jpeg(
        64,
        32,
        |x, _| if x < 32 { [255, 0, 0] } else { [0, 0, 255] },
    );
    let path = site.file("turned.jpg", &with_app1(&source, &exif(6)));
    let image = site.run(&path, &settings(&[16])).unwrap();
    assert_eq!((image.width, image.height), (32, 64));
    for file in std::iter::once(&image.original).chain(&image.variants) {
        let pixels = decoded(file).into_rgb8();
        let (w, h) = pixels.dimensions();
        assert_eq!((w, h), (file.width, file.height));
        let top = pixels.get_pixel(w / 2, h / 8).0;
        let bottom = pixels.get_pixel(w / 2, h - 1 - h / 8).0;
        assert!(top[0] > 200 && top[2] < 60, "{file:?}: top {top:?}");
        assert!(
            bottom[2] > 200 && bottom[0] < 60,
            "{file:?}: bottom {bottom:?}"
        );
    }
}

#[test]
fn no_published_file_carries_exif_xmp_or_comments() {
    let site = Site::new();
    for orientation in [1, 8] {
        let mut source = with_app1(&jpeg(40, 30, gradient), XMP);
        source = with_app1(&source, &exif(orientation));
        let name = format!("gps-{orientation}.jpg");
        let path = site.file(&name, &source);
        assert!(has_exif(&source));
        let image = site.run(&path, &settings(&[20])).unwrap();
        for file in std::iter::once(&image.original).chain(&image.variants) {
            let bytes = fs::read(&file.cache_path).unwrap();
            assert!(!has_exif(&bytes), "{file:?}");
            assert!(
                !contains(&bytes, b"Exif")
                    && !contains(&bytes, b"GPS")
                    && !contains(&bytes, b"xmpmeta")
            );
        }
    }
}

#[test]
fn an_upright_original_is_stripped_losslessly() {
    let site = Site::new();
    let plain = jpeg(40, 30, gradient);
    let path = site.file("upright.jpg", &with_app1(&with_app1(&plain, XMP), &exif(1)));
    let image = site.run(&path, &settings(&[20])).unwrap();
    let published = fs::read(&image.original.cache_path).unwrap();
    assert_eq!(
        published, plain,
        "the encoder's own JFIF file, byte for byte"
    );
}

#[test]
fn a_header_over_the_pixel_limit_is_refused_before_decoding() {
    let site = Site::new();
    // A real 8x8 JPEG whose frame header is patched to claim 20000x20000 pixels: decoding it
    // would fail (or allocate 1.2 GB); the limit must refuse it first.
    let mut bomb = jpeg(8, 8, gradient);
    let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    bomb[sof + 5..sof + 9].copy_from_slice(&[0x4E, 0x20, 0x4E, 0x20]);
    let path = site.file("bomb.jpg", &bomb);
    match site.run(&path, &Settings::default()) {
        Err(ImageError::TooLarge {
            width: 20000,
            height: 20000,
            limit: 100_000_000,
            path: p,
        }) => assert_eq!(p, path),
        other => panic!("{other:?}"),
    }
    let small_limit = Settings {
        max_pixels: 999,
        ..settings(&[16])
    };
    let path = site.file("big.png", &rgba_png(40, 25, |_, _| [1, 2, 3, 4]));
    let error = site.run(&path, &small_limit).unwrap_err();
    assert!(
        matches!(
            error,
            ImageError::TooLarge {
                width: 40,
                height: 25,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("big.png") && !error.hint().is_empty());
    assert!(!site.cache().exists(), "nothing was written");
}

#[test]
fn unreadable_unsupported_corrupt_and_truncated_files_are_errors() {
    let site = Site::new();
    let missing = site.dir.path().join("missing.jpg");
    assert!(matches!(
        site.run(&missing, &Settings::default()),
        Err(ImageError::Unreadable { .. })
    ));
    let text = site.file("notes.jpg", b"these are not pixels");
    assert!(matches!(
        site.run(&text, &Settings::default()),
        Err(ImageError::Unsupported { .. })
    ));
    let garbage = site.file(
        "garbage.jpg",
        &[0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x03, 0x42, 0x17],
    );
    assert!(matches!(
        site.run(&garbage, &Settings::default()),
        Err(ImageError::Corrupt { .. })
    ));
    let whole = jpeg(64, 64, gradient);
    let cut = site.file("cut.jpg", &whole[..whole.len() * 2 / 3]);
    let error = site.run(&cut, &settings(&[16])).unwrap_err();
    assert!(matches!(error, ImageError::Corrupt { .. }), "{error:?}");
    assert!(error.to_string().contains("cut.jpg"));
    let png = rgba_png(32, 32, |x, y| [x as u8, y as u8, 0, 255]);
    let cut = site.file("cut.png", &png[..png.len() - 20]);
    assert!(matches!(
        site.run(&cut, &settings(&[16])),
        Err(ImageError::Corrupt { .. })
    ));
}

#[test]
fn a_second_run_finds_everything_in_the_cache_and_encodes_nothing() {
    let site = Site::new();
    let path = site.file("photo.jpg", &jpeg(200, 100, gradient));
    let first = site.run(&path, &settings(&[50, 100])).unwrap();
    assert_eq!(first.encoded, 5, "two WebP, two JPEG and the original");
    let mtimes = |image: &ProcessedImage| {
        image
            .variants
            .iter()
            .map(|v| fs::metadata(&v.cache_path).unwrap().modified().unwrap())
            .collect::<Vec<_>>()
    };
    let before = mtimes(&first);
    let second = site.run(&path, &settings(&[50, 100])).unwrap();
    assert_eq!(second.encoded, 0);
    assert_eq!(mtimes(&second), before);
    assert_eq!(
        ProcessedImage {
            encoded: 5,
            ..second.clone()
        },
        first
    );
    // A lost file is made again, alone; another quality is another key.
    fs::remove_file(&second.variants[0].cache_path).unwrap();
    assert_eq!(site.run(&path, &settings(&[50, 100])).unwrap().encoded, 1);
    let other = Settings {
        webp_quality: 60,
        ..settings(&[50, 100])
    };
    assert_eq!(site.run(&path, &other).unwrap().encoded, 2);
    let leftovers = walk(&site.cache())
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"));
    assert_eq!(leftovers.count(), 0);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect()
}

#[test]
fn a_png_with_alpha_keeps_its_transparency() {
    let site = Site::new();
    // Left half transparent, right half opaque green.
    let path = site.file(
        "logo.png",
        &rgba_png(80, 40, |x, _| {
            if x < 40 {
                [0, 0, 0, 0]
            } else {
                [0, 200, 0, 255]
            }
        }),
    );
    let image = site.run(&path, &settings(&[40])).unwrap();
    let formats: Vec<_> = image.variants.iter().map(|v| (v.format, v.width)).collect();
    assert_eq!(formats, [(Format::Webp, 40), (Format::Png, 40)]);
    for variant in &image.variants {
        let pixels = decoded(variant).into_rgba8();
        assert_eq!(pixels.get_pixel(2, 10).0[3], 0, "{variant:?}");
        assert_eq!(pixels.get_pixel(37, 10).0[3], 255, "{variant:?}");
        assert!(pixels.get_pixel(37, 10).0[1] > 180);
    }
}

#[test]
fn png_and_webp_metadata_chunks_are_dropped() {
    // PNG: an eXIf and a tEXt chunk before IEND.
    let png = rgba_png(4, 4, |_, _| [9, 9, 9, 255]);
    let iend = png.len() - 12;
    let mut tagged = png[..iend].to_vec();
    for (kind, data) in [(b"eXIf", &exif(1)[6..]), (b"tEXt", &b"GPS\0somewhere"[..])] {
        tagged.extend_from_slice(&(data.len() as u32).to_be_bytes());
        tagged.extend_from_slice(kind);
        tagged.extend_from_slice(data);
        tagged.extend_from_slice(&[0; 4]); // CRC: never checked by the strip, which copies whole chunks
    }
    tagged.extend_from_slice(&png[iend..]);
    assert_eq!(strip::strip(Format::Png, &tagged).unwrap(), png);

    // WebP: an extended file (VP8X with the EXIF flag) with an EXIF chunk after the image.
    let simple = webp::Encoder::from_rgb(&[50; 4 * 4 * 3], 4, 4)
        .encode(80.0)
        .to_vec();
    let mut chunks = b"VP8X\x0a\0\0\0\x08\0\0\0\x03\0\0\x03\0\0".to_vec();
    chunks.extend_from_slice(&simple[12..]);
    let payload = exif(1);
    chunks.extend_from_slice(b"EXIF");
    chunks.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    chunks.extend_from_slice(&payload);
    let mut extended = b"RIFF".to_vec();
    extended.extend_from_slice(&(chunks.len() as u32 + 4).to_le_bytes());
    extended.extend_from_slice(b"WEBP");
    extended.extend_from_slice(&chunks);
    assert!(has_exif(&extended));
    let stripped = strip::strip(Format::Webp, &extended).unwrap();
    assert!(!has_exif(&stripped) && !contains(&stripped, b"EXIF"));
    assert_eq!(stripped[20], 0, "the EXIF flag is cleared");
    let before = image::load_from_memory(&extended).unwrap().into_rgb8();
    assert_eq!(
        image::load_from_memory(&stripped).unwrap().into_rgb8(),
        before
    );
}

#[test]
fn a_batch_keeps_its_order_and_reports_each_failure_apart() {
    let site = Site::new();
    let requests: Vec<ImageRequest> = (0..6)
        .map(|i| {
            let bytes = if i == 3 {
                b"broken".to_vec()
            } else {
                jpeg(60 + i, 40, gradient)
            };
            ImageRequest::new(site.file(&format!("p{i}.jpg"), &bytes))
        })
        .collect();
    let results = process_all(&requests, &settings(&[30]), &site.cache());
    for (i, result) in results.iter().enumerate() {
        match result {
            Ok(image) => assert_eq!(image.width, 60 + i as u32),
            Err(error) => assert_eq!((i, error.path()), (3, requests[3].source.as_path())),
        }
    }
    assert!(results[3].is_err());
}

#[test]
fn an_unchanged_source_is_not_read_again_and_a_changed_one_is() {
    let site = Site::new();
    let path = site.file("photo.jpg", &jpeg(120, 80, gradient));
    let first = site.run(&path, &settings(&[60])).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    // Other bytes of the same size, written in place with the old time restored: the stamp
    // (size, time, inode) still matches, so the file is not read and the old result stands.
    let mut other = fs::read(&path).unwrap();
    let last = other.len() - 3;
    other[last] ^= 0x55;
    fs::write(&path, &other).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        site.run(&path, &settings(&[60])).unwrap(),
        ProcessedImage {
            encoded: 0,
            ..first.clone()
        }
    );
    // A new modification time: read, hashed, and made again under new names.
    let later = modified + std::time::Duration::from_secs(2);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let second = site.run(&path, &settings(&[60])).unwrap();
    assert_eq!(second.encoded, 3);
    assert_ne!(second.variants[0].file_name, first.variants[0].file_name);
}
