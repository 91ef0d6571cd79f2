//! Responsive images (issue 20, item 4): every JPEG, PNG and WebP an article or a profile
//! shows gets WebP and same-format variants beside it, `<picture>` with `srcset`/`sizes`,
//! metadata-free published files, EXIF orientation applied, bounded work, and a cache that
//! spares a rebuild every encoding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use image::{Rgb, RgbImage};

use crate::harness::{SiteTest, files_under};
use crate::photos::{png, put};

const STORY: &str = "content/articles/2024/crue";
const PAGE: &str = "/2024/03/crue/";

/// A JPEG of the given size: a gradient, so that every variant differs.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 7 % 256) as u8,
            (y * 5 % 256) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&image)
        .unwrap();
    out
}

/// The GPS position a phone writes, as text in the EXIF block: no published file may hold it.
const GPS: &[u8] = b"GPS 48.8566N 2.3522E";

/// `jpeg` with an EXIF block (APP1): the orientation tag, a GPS IFD pointer, and [`GPS`].
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]); // Orientation, SHORT, 1
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0]); // GPSInfo pointer
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(GPS);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((tiff.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A bundle article with a lead photo and two body images: one wider than every wanted width,
/// one between them, one narrower than all.
fn story(lead: &str) -> SiteTest {
    SiteTest::new().article(
        "2024/crue/index.md",
        &format!("title: Crue\ndate: 2024-03-10\nimage: {lead}\nimage_alt: The river"),
        "The river rose.\n\n![The quay](quay.png \"The quay\")\n\nSee ![the gauge](gauge.jpg) here.\n",
    )
}

fn flood() -> SiteTest {
    let site = story("lead.jpg");
    put(&site, &format!("{STORY}/lead.jpg"), &jpeg(1700, 850));
    put(&site, &format!("{STORY}/quay.png"), &png(1000, 500, 7));
    put(&site, &format!("{STORY}/gauge.jpg"), &jpeg(300, 200));
    site
}

/// The `srcset` that follows `marker` in `html`.
fn srcset_after<'h>(html: &'h str, marker: &str) -> &'h str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let rest = &html[at..];
    let start = rest.find("srcset=\"").expect("a srcset") + 8;
    let end = start + rest[start..].find('"').unwrap();
    &rest[start..end]
}

/// The (URL, width) items of a `srcset`.
fn items(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|item| {
            let (url, width) = item.rsplit_once(' ').unwrap();
            (url.to_owned(), width.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The file a root-relative URL is published at.
fn file_of(output: &Path, url: &str) -> PathBuf {
    output.join(url.trim_start_matches('/').replace("%20", " "))
}

/// Checks that each item of a `srcset` is a published file of its stated width, in `format`.
fn assert_published(output: &Path, srcset: &str, format: image::ImageFormat, widths: &[u32]) {
    let items = items(srcset);
    assert_eq!(
        items.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        widths,
        "{srcset}"
    );
    for (url, width) in items {
        let bytes = std::fs::read(file_of(output, &url)).unwrap_or_else(|_| panic!("{url}"));
        assert_eq!(image::guess_format(&bytes).unwrap(), format, "{url}");
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(decoded.width(), width, "{url}");
    }
}

#[test]
fn every_photo_gets_webp_and_original_format_variants_at_the_widths_it_reaches() {
    let built = flood().build_ok();
    let html = built.page(PAGE);
    let out = &built.output;
    // The lead photo: 1700 pixels wide, so 480, 960 and 1600; loaded at once.
    let lead = &html[html.find("<figure class=\"lead-photo\">").unwrap()..];
    assert!(
        lead.starts_with("<figure class=\"lead-photo\"><picture><source type=\"image/webp\""),
        "{lead}"
    );
    let webp = srcset_after(lead, "<source type=\"image/webp\"");
    assert_published(out, webp, image::ImageFormat::WebP, &[480, 960, 1600]);
    let jpegs = srcset_after(lead, "<img src=\"/2024/03/crue/lead.jpg\"");
    assert_published(out, jpegs, image::ImageFormat::Jpeg, &[480, 960, 1600]);
    let lead_img = &lead[lead.find("<img").unwrap()..lead.find("</picture>").unwrap()];
    assert!(
        lead_img.contains("width=\"1700\" height=\"850\""),
        "{lead_img}"
    );
    assert!(lead_img.contains("sizes=\""), "{lead_img}");
    assert!(!lead_img.contains("loading=\"lazy\""), "{lead_img}");
    assert!(lead_img.contains("fetchpriority=\"high\""), "{lead_img}");
    // The original, full size, is published under its own name.
    let original = image::open(out.join("2024/03/crue/lead.jpg")).unwrap();
    assert_eq!((original.width(), original.height()), (1700, 850));
    // A body image 1000 pixels wide: 480, 960, and its own width; never 1600.
    let quay = &html[html.find("<figure><picture>").unwrap()..];
    let webp = srcset_after(quay, "<source type=\"image/webp\"");
    assert!(webp.starts_with("/2024/03/crue/quay-480w-"), "{webp}");
    assert_published(out, webp, image::ImageFormat::WebP, &[480, 960, 1000]);
    let pngs = srcset_after(&html, "<img src=\"/2024/03/crue/quay.png\"");
    assert_published(out, pngs, image::ImageFormat::Png, &[480, 960, 1000]);
    let quay = &html[html.find("<img src=\"/2024/03/crue/quay.png\"").unwrap()..];
    let quay = &quay[..quay.find('>').unwrap()];
    assert!(quay.contains("width=\"1000\" height=\"500\""), "{quay}");
    assert!(quay.contains("loading=\"lazy\""), "{quay}");
    // Narrower than every width: its own width only, nothing upscaled.
    let gauge = srcset_after(&html, "<img src=\"/2024/03/crue/gauge.jpg\"");
    assert_published(out, gauge, image::ImageFormat::Jpeg, &[300]);
    let names: Vec<String> = std::fs::read_dir(out.join("2024/03/crue"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in &names {
        if name.starts_with("gauge-") {
            assert!(name.starts_with("gauge-300w-"), "{name} is not upscaled");
        }
        if name.starts_with("quay-") {
            assert!(!name.contains("1600w"), "{name} is not upscaled");
        }
    }
    // The card's thumbnail has the variants too, lazily.
    let home = built.page("/");
    let thumb = &home[home.find("<div class=\"card-thumb\">").unwrap()..];
    assert!(
        thumb.contains("<picture><source type=\"image/webp\" srcset=\"/2024/03/crue/lead-480w-")
    );
    assert!(thumb[..thumb.find("</div>").unwrap()].contains("loading=\"lazy\""));
    assert_eq!(crate::harness::broken_links(out, "/"), Vec::<String>::new());
}

#[test]
fn published_photos_carry_no_exif_and_are_turned_as_exif_said() {
    let site = story("lead.jpg");
    // Stored 200x100, EXIF orientation 6: shown 100 wide and 200 high.
    put(
        &site,
        &format!("{STORY}/lead.jpg"),
        &with_exif(&jpeg(200, 100), 6),
    );
    put(&site, &format!("{STORY}/quay.png"), &png(40, 20, 3));
    put(
        &site,
        &format!("{STORY}/gauge.jpg"),
        &with_exif(&jpeg(120, 80), 1),
    );
    // Shown by no page, yet published: a bundle's file and a static one.
    put(
        &site,
        &format!("{STORY}/unshown.jpg"),
        &with_exif(&jpeg(64, 48), 1),
    );
    put(&site, "static/img/logo.jpg", &with_exif(&jpeg(32, 32), 1));
    let source = std::fs::read(site.root.join(STORY).join("lead.jpg")).unwrap();
    assert!(contains(&source, GPS) && contains(&source, b"Exif\0\0"));
    let built = site.build_ok();
    let html = built.page(PAGE);
    assert!(
        html.contains("alt=\"The river\" width=\"100\" height=\"200\""),
        "{html}"
    );
    let folder = built.output.join("2024/03/crue");
    let mut photos = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let Some(extension) = path.extension() else {
            continue;
        };
        if !["jpg", "png", "webp"].contains(&extension.to_str().unwrap()) {
            continue;
        }
        photos += 1;
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !contains(&bytes, GPS),
            "{} holds the GPS position",
            path.display()
        );
        assert!(
            !contains(&bytes, b"Exif\0\0"),
            "{} holds EXIF",
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("lead") {
            let decoded = image::load_from_memory(&bytes).unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (100, 200),
                "{name} is turned"
            );
        }
    }
    // lead.jpg, lead-100w.webp, quay.png, quay-40w.webp, gauge.jpg, gauge-120w.webp, and
    // unshown.jpg without variants.
    assert_eq!(photos, 7);
    for unshown in ["2024/03/crue/unshown.jpg", "img/logo.jpg"] {
        let bytes = std::fs::read(built.output.join(unshown)).unwrap();
        assert!(!contains(&bytes, GPS), "{unshown} holds the GPS position");
        image::load_from_memory(&bytes).unwrap();
    }
    // The upright one is stripped losslessly: same pixels as its source.
    let published = image::open(folder.join("gauge.jpg")).unwrap().to_rgb8();
    let source = image::open(site.root.join(STORY).join("gauge.jpg")).unwrap();
    assert_eq!(published, source.to_rgb8());
}

#[test]
fn a_corrupt_photo_is_an_error_at_its_reference_in_build_and_check_and_the_output_stays() {
    let site = flood();
    let first = site.build_ok();
    let before = files_under(&first.output);
    // A JPEG cut in half: it starts right, its end is missing.
    let whole = std::fs::read(site.root.join(STORY).join("gauge.jpg")).unwrap();
    put(
        &site,
        &format!("{STORY}/gauge.jpg"),
        &whole[..whole.len() / 2],
    );
    let at = "content/articles/2024/crue/index.md:11:5: error: the image content/articles/2024/crue/gauge.jpg is corrupt or truncated";
    let built = site.build_err();
    built.assert_stderr(&[
        at,
        "hint: open the file in an image editor and export it again",
    ]);
    assert!(
        before == files_under(&built.output),
        "the previous output is untouched"
    );
    let checked = site.gazette(&["check"]);
    assert!(!checked.success());
    assert!(checked.stderr.contains(at), "{}", checked.stderr);
    // Not an image at all, whatever its name, as the lead photo: at the `image:` line.
    put(&site, &format!("{STORY}/gauge.jpg"), &jpeg(300, 200));
    put(
        &site,
        &format!("{STORY}/lead.jpg"),
        b"<html>not a photo</html>",
    );
    site.build_err().assert_stderr(&[
        "content/articles/2024/crue/index.md:4:8: error: content/articles/2024/crue/lead.jpg is not a JPEG, PNG or WebP image",
    ]);
}

/// A PNG whose header claims `width` x `height` pixels, with one tiny compressed row: a
/// decompression bomb's header, without its bytes.
fn claimed_png(width: u32, height: u32) -> Vec<u8> {
    let real = png(1, 1, 0);
    let mut out = real.clone();
    out[16..20].copy_from_slice(&width.to_be_bytes());
    out[20..24].copy_from_slice(&height.to_be_bytes());
    // The header's CRC, over "IHDR" and its 13 bytes.
    let crc = crate::photos::crc32(&out[12..29]);
    out[29..33].copy_from_slice(&crc.to_be_bytes());
    out
}

#[test]
fn a_photo_over_100_megapixels_is_refused_before_decoding_in_build_and_check() {
    let site = flood();
    put(
        &site,
        &format!("{STORY}/quay.png"),
        &claimed_png(20_000, 20_000),
    );
    let at = "content/articles/2024/crue/index.md:9:1: error: the image content/articles/2024/crue/quay.png is 20000x20000 pixels, over the limit of 100000000 pixels";
    let started = std::time::Instant::now();
    let built = site.build_err();
    built.assert_stderr(&[at, "hint: scale the image down"]);
    // Decoding 400 million pixels would take far longer and 1.6 GB.
    assert!(started.elapsed().as_secs() < 60);
    assert!(!built.output.join("2024/03/crue").exists());
    let checked = site.gazette(&["check"]);
    assert!(!checked.success());
    assert!(checked.stderr.contains(at), "{}", checked.stderr);
    // Just under the limit passes the header check (10000 x 10000 = 100 MP exactly).
    put(
        &site,
        &format!("{STORY}/quay.png"),
        &claimed_png(10_001, 10_000),
    );
    site.build_err()
        .assert_stderr(&["quay.png is 10001x10000 pixels, over the limit"]);
}

/// Every file of the image cache with its modification time.
fn cache_files(root: &Path) -> BTreeMap<PathBuf, SystemTime> {
    files_under(&root.join(".gazette-cache/images"))
        .into_iter()
        .map(|(path, _)| {
            let full = root.join(".gazette-cache/images").join(&path);
            (path, std::fs::metadata(full).unwrap().modified().unwrap())
        })
        .collect()
}

#[test]
fn a_rebuild_with_nothing_changed_encodes_nothing_and_an_edited_photo_gets_new_variants() {
    let site = flood();
    let first = site.build_ok();
    let cached = cache_files(&site.root);
    assert!(
        cached
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "webp"))
            .count()
            >= 7,
        "{cached:?}"
    );
    assert!(
        !first.output.join(".gazette-cache").exists() && !files_under(&first.output).is_empty(),
        "the cache is outside the output"
    );
    let published = files_under(&first.output);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = site.build_ok();
    assert_eq!(
        cache_files(&site.root),
        cached,
        "no cache file was written again"
    );
    assert!(published == files_under(&again.output));
    // Deleting the output folder alone: the files come back from the cache, unencoded.
    std::fs::remove_dir_all(&again.output).unwrap();
    let rebuilt = site.build_ok();
    assert_eq!(cache_files(&site.root), cached);
    assert!(published == files_under(&rebuilt.output));
    // A photo edited: its variants are made anew, under new names; the old ones go.
    let page = rebuilt.page(PAGE);
    let old = srcset_after(&page, "<img src=\"/2024/03/crue/quay.png\"");
    put(&site, &format!("{STORY}/quay.png"), &png(1000, 500, 99));
    let edited = site.build_ok();
    let page = edited.page(PAGE);
    let new = srcset_after(&page, "<img src=\"/2024/03/crue/quay.png\"");
    assert_ne!(old, new);
    for (url, _) in items(old) {
        if !url.ends_with("/quay.png") {
            assert!(!file_of(&edited.output, &url).exists(), "{url} is gone");
        }
    }
    assert_published(
        &edited.output,
        new,
        image::ImageFormat::Png,
        &[480, 960, 1000],
    );
}

#[test]
fn profile_photos_and_static_photos_get_variants_beside_them() {
    let site = SiteTest::new()
        .write(
            "content/authors/ann-lee.md",
            "---\nname: Ann Lee\nimage: /img/ann.jpg\n---\nAnn covers the port.\n",
        )
        .write(
            "content/actors/port-authority.md",
            "---\nname: Port Authority\nkind: organization\nimage: /img/port.png\n---\nThe port.\n",
        )
        .article(
            "a.md",
            "title: A\ndate: 2024-01-10\nauthors: Ann Lee\nactors: [Port Authority]\nimage: /img/quay.jpg\nimage_alt: The quay",
            "The Port Authority met.\n",
        );
    put(&site, "static/img/ann.jpg", &with_exif(&jpeg(600, 600), 1));
    put(&site, "static/img/port.png", &png(500, 250, 4));
    put(&site, "static/img/quay.jpg", &jpeg(1000, 600));
    let built = site.build_ok();
    let author = built.page("/authors/ann-lee/");
    let webp = srcset_after(&author, "<div class=\"actor-image author-image\"><picture>");
    assert_published(&built.output, webp, image::ImageFormat::WebP, &[480, 600]);
    let ann = std::fs::read(built.output.join("img/ann.jpg")).unwrap();
    assert!(
        !contains(&ann, GPS),
        "a static photo is published without its EXIF"
    );
    let actor = built.page("/actors/port-authority/");
    let webp = srcset_after(&actor, "<div class=\"actor-image\"><picture>");
    assert_published(&built.output, webp, image::ImageFormat::WebP, &[480, 500]);
    let article = built.page("/2024/01/a/");
    let jpegs = srcset_after(&article, "<img src=\"/img/quay.jpg\"");
    assert_published(
        &built.output,
        jpegs,
        image::ImageFormat::Jpeg,
        &[480, 960, 1000],
    );
    // A corrupt profile photo is an error at its `image:` line.
    put(&site, "static/img/port.png", &png(500, 250, 4)[..60]);
    site.build_err().assert_stderr(&[
        "content/actors/port-authority.md:4:8: error: the image static/img/port.png is corrupt or truncated",
    ]);
}
