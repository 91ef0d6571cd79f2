//! Page bundles and photos (issue 20, items 2 and 3): an article as a folder with its files,
//! relative links and images resolved and checked, the lead photo and body figures.

use std::io::Write;

use crate::harness::{SiteTest, broken_links, files_under};

/// A real PNG of `width` × `height` pixels, one colour from `seed`: small and valid, so that
/// its header gives its size as a camera's photo would.
pub fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let row: Vec<u8> = std::iter::once(0)
        .chain((0..width).flat_map(|_| [seed, 128, 255 - seed]))
        .collect();
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    for _ in 0..height {
        encoder.write_all(&row).unwrap();
    }
    let pixels = encoder.finish().unwrap();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &pixels);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The PNG chunk checksum (CRC-32, ISO-HDLC), for the test images here and in images.rs.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Writes a binary file relative to the site root.
pub fn put(site: &SiteTest, path: &str, bytes: &[u8]) {
    let full = site.root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, bytes).unwrap();
}

/// The `sizes` of a lead photo or an image of a body.
const BODY_SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

const CRUE: &str = "content/articles/2016/2016-08-10-crue-historique";

/// A bundle article with a lead photo, a figure, nested files and a data file.
fn flood() -> SiteTest {
    let site = SiteTest::new().article(
        "2016/2016-08-10-crue-historique/index.md",
        "title: Crue historique\ndate: 2016-08-10 09:00\nimage: photo.png\nimage_alt: La rivière en crue\nimage_caption: Le pont submergé\nimage_credit: Jeanne Doe",
        "La rivière est sortie de son lit.\n\n![Le quai](./img/quai.png \"Le quai à midi\")\n\nVoir [les relevés](tableau.csv), [le plan](<plan du site.png>) et ![l'aval](mon%20image.png) dans le texte.\n",
    );
    put(&site, &format!("{CRUE}/photo.png"), &png(160, 100, 10));
    put(&site, &format!("{CRUE}/img/quai.png"), &png(40, 30, 20));
    put(
        &site,
        &format!("{CRUE}/img/deep/x.pdf"),
        b"%PDF-1.4 nothing",
    );
    put(
        &site,
        &format!("{CRUE}/tableau.csv"),
        b"jour,hauteur\n1,3.2\n",
    );
    put(&site, &format!("{CRUE}/plan du site.png"), &png(8, 8, 30));
    put(&site, &format!("{CRUE}/mon image.png"), &png(8, 4, 40));
    put(&site, &format!("{CRUE}/photo.png~"), b"backup");
    put(&site, &format!("{CRUE}/.DS_Store"), b"finder");
    site
}

#[test]
fn a_bundle_takes_its_slug_from_its_folder_and_publishes_its_files_beside_it() {
    let built = flood().build_ok();
    assert!(
        built.has_page("/2016/08/crue-historique/"),
        "{}",
        built.stderr
    );
    assert!(!built.has_page("/2016/08/index/"));
    let folder = built.output.join("2016/08/crue-historique");
    for file in [
        "photo.png",
        "img/quai.png",
        "img/deep/x.pdf",
        "tableau.csv",
        "plan du site.png",
        "mon image.png",
    ] {
        assert!(folder.join(file).is_file(), "{file} is published");
    }
    for skipped in ["photo.png~", ".DS_Store", "index.md"] {
        assert!(!folder.join(skipped).exists(), "{skipped} is not published");
    }
    let source = std::fs::read(flood().root.join(CRUE).join("photo.png")).unwrap();
    assert_eq!(std::fs::read(folder.join("photo.png")).unwrap(), source);
    assert_eq!(broken_links(&built.output, "/"), Vec::<String>::new());
}

#[test]
fn relative_images_and_links_lead_to_the_published_files() {
    let built = flood().build_ok();
    let html = built.page("/2016/08/crue-historique/");
    let at = "/2016/08/crue-historique/";
    assert!(
        html.contains(&format!(
            "<figure><picture><source type=\"image/webp\" srcset=\"{at}img/quai-40w-"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("<img src=\"{at}img/quai.png\" srcset=\"{at}img/quai.png 40w\" sizes=\"{BODY_SIZES}\" alt=\"Le quai\" width=\"40\" height=\"30\" loading=\"lazy\" decoding=\"async\"></picture><figcaption>Le quai à midi</figcaption></figure>")),
        "{html}"
    );
    assert!(html.contains(&format!("<a href=\"{at}tableau.csv\">les relevés</a>")));
    assert!(html.contains(&format!("<a href=\"{at}plan%20du%20site.png\">le plan</a>")));
    // An image inside a sentence stays in its paragraph, as an `<img>`.
    assert!(
        html.contains(&format!(
            "et <picture><source type=\"image/webp\" srcset=\"{at}mon%20image-8w-"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("<img src=\"{at}mon%20image.png\" srcset=\"{at}mon%20image.png 8w\" sizes=\"{BODY_SIZES}\" alt=\"l’aval\" width=\"8\" height=\"4\" loading=\"lazy\" decoding=\"async\"></picture> dans")),
        "{html}"
    );
}

#[test]
fn under_a_base_path_bundle_urls_carry_it_and_sharing_urls_are_absolute() {
    let site = flood().config("base_url: https://example.org/archive/");
    let built = site.build_ok();
    let html = built.page("/2016/08/crue-historique/");
    let at = "/archive/2016/08/crue-historique/";
    assert!(
        html.contains(&format!("src=\"{at}img/quai.png\"")),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"{at}tableau.csv\"")));
    let absolute = "https://example.org/archive/2016/08/crue-historique/photo.png";
    assert!(
        html.contains(&format!(
            "<meta property=\"og:image\" content=\"{absolute}\">"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("\"image\":[\"{absolute}\"]")),
        "{html}"
    );
    assert_eq!(
        broken_links(&built.output, "/archive/"),
        Vec::<String>::new()
    );
    let feed = built.page("/atom.xml");
    assert!(
        !feed.contains("src=\"/archive/"),
        "feeds have absolute URLs"
    );
}

#[test]
fn the_lead_photo_is_a_figure_with_caption_and_credit_and_a_thumbnail_on_cards() {
    let built = flood().build_ok();
    let html = built.page("/2016/08/crue-historique/");
    assert!(
        html.contains("<figure class=\"lead-photo\"><picture><source type=\"image/webp\" srcset=\"/2016/08/crue-historique/photo-160w-"),
        "{html}"
    );
    assert!(
        html.contains(&format!("<img src=\"/2016/08/crue-historique/photo.png\" srcset=\"/2016/08/crue-historique/photo.png 160w\" sizes=\"{BODY_SIZES}\" alt=\"La rivière en crue\" width=\"160\" height=\"100\" fetchpriority=\"high\"></picture><figcaption>Le pont submergé <span class=\"credit\">Photo:\u{a0}Jeanne Doe</span></figcaption></figure>")),
        "{html}"
    );
    let absolute = "https://example.org/2016/08/crue-historique/photo.png";
    assert!(html.contains(&format!(
        "<meta property=\"og:image\" content=\"{absolute}\">"
    )));
    assert!(html.contains("twitter:card"), "{html}");
    let home = built.page("/");
    assert!(
        home.contains("<div class=\"card-thumb\"><picture><source type=\"image/webp\" srcset=\"/2016/08/crue-historique/photo-160w-"),
        "{home}"
    );
    assert!(
        home.contains("<img src=\"/2016/08/crue-historique/photo.png\" srcset=\"/2016/08/crue-historique/photo.png 160w\" sizes=\"(min-width: 40rem) 22rem, 100vw\" alt=\"La rivière en crue\" width=\"160\" height=\"100\" loading=\"lazy\" decoding=\"async\"></picture></div>"),
        "{home}"
    );
    assert!(built.page("/archive/2016/08/").contains("card-thumb"));
}

#[test]
fn a_french_site_credits_the_photo_in_french_and_the_plain_theme_shows_it_too() {
    let site = flood().config("language: fr");
    let built = site.build(&["--theme", "plain"]);
    assert!(built.success, "{}", built.stderr);
    let html = built.page("/2016/08/crue-historique/");
    assert!(
        html.contains("<span class=\"credit\">Photo\u{a0}:\u{a0}Jeanne Doe</span>"),
        "{html}"
    );
    assert!(
        built
            .page("/")
            .contains("<span class=\"thumb\"><picture><source type=\"image/webp\" srcset=\"/2016/08/crue-historique/photo-160w-")
    );
}

#[test]
fn an_image_alone_in_a_paragraph_is_a_figure_outside_any_paragraph() {
    let built = SiteTest::new()
        .article(
            "lone/index.md",
            "title: Lone\ndate: 2024-01-10",
            "Text.\n\n![Without a title](a.svg)\n\n![With one](a.svg \"The caption\")\n",
        )
        .write(
            "content/articles/lone/a.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .build_ok();
    let html = built.page("/2024/01/lone/");
    assert!(
        html.contains("<figure><img src=\"/2024/01/lone/a.svg\" alt=\"Without a title\" loading=\"lazy\" decoding=\"async\"></figure>"),
        "{html}"
    );
    assert!(html.contains("<figcaption>The caption</figcaption></figure>"));
    assert!(!html.contains("<p><figure"), "{html}");
    assert!(!html.contains("</figure></p>"), "{html}");
}

#[test]
fn a_missing_image_is_an_error_at_its_place_in_build_and_check_and_the_output_stays() {
    let site = flood();
    let first = site.build_ok();
    let before = files_under(&first.output);
    std::fs::remove_file(site.root.join(CRUE).join("img/quai.png")).unwrap();
    let built = site.build_err();
    built.assert_stderr(&[
        "content/articles/2016/2016-08-10-crue-historique/index.md:11:1: error: image `./img/quai.png` is not in the article's bundle",
        "hint:",
    ]);
    assert!(
        before == files_under(&built.output),
        "the previous output is untouched"
    );
    let checked = site.gazette(&["check"]);
    assert!(!checked.success());
    assert!(
        checked
            .stderr
            .contains("index.md:11:1: error: image `./img/quai.png`"),
        "{}",
        checked.stderr
    );
    let linked = site.root.join(CRUE).join("tableau.csv");
    std::fs::remove_file(linked).unwrap();
    site.build_err().assert_stderr(&[
        "index.md:13:6: error: linked file `tableau.csv` is not in the article's bundle",
    ]);
}

#[test]
fn root_relative_images_must_be_static_or_published_files() {
    let site = SiteTest::new()
        .article(
            "a.md",
            "title: A\ndate: 2024-01-10\nimage: /img/lead.png\nimage_alt: A lead",
            "![Logo](/img/logo.png)\n\n![Elsewhere](/2024/01/b/photo.png)\n\n[Report](/docs/report.pdf)\n",
        )
        .article("b/index.md", "title: B\ndate: 2024-01-11", "B.\n");
    put(&site, "static/img/lead.png", &png(30, 20, 1));
    put(&site, "static/img/logo.png", &png(12, 6, 2));
    put(&site, "content/articles/b/photo.png", &png(6, 6, 3));
    put(&site, "static/docs/report.pdf", b"%PDF");
    let built = site.build_ok();
    let html = built.page("/2024/01/a/");
    assert!(
        html.contains("<img src=\"/img/logo.png\" srcset=\"/img/logo.png 12w\" sizes=\"(min-width: 44rem) 42rem, 100vw\" alt=\"Logo\" width=\"12\" height=\"6\""),
        "{html}"
    );
    assert!(html.contains(
        "sizes=\"(min-width: 44rem) 42rem, 100vw\" alt=\"A lead\" width=\"30\" height=\"20\" fetchpriority=\"high\""
    ));
    assert!(html.contains("src=\"/2024/01/b/photo.png\""));
    std::fs::remove_file(site.root.join("static/docs/report.pdf")).unwrap();
    std::fs::remove_file(site.root.join("content/articles/b/photo.png")).unwrap();
    std::fs::remove_file(site.root.join("static/img/lead.png")).unwrap();
    site.build_err().assert_stderr(&[
        "content/articles/a.md:4:8: error: image `/img/lead.png` is no file of the site",
        "content/articles/a.md:9:1: error: image `/2024/01/b/photo.png` is no file of the site",
        "content/articles/a.md:11:1: error: linked file `/docs/report.pdf` is no file of the site",
    ]);
}

#[test]
fn leaving_the_bundle_or_naming_a_relative_image_outside_one_is_an_error() {
    let site = SiteTest::new()
        .article(
            "a/index.md",
            "title: A\ndate: 2024-01-10",
            "![x](../b/photo.png)\n",
        )
        .article(
            "c.md",
            "title: C\ndate: 2024-01-10\nimage: lead.png\nimage_alt: L",
            "![y](photo.png)\n",
        )
        .write("content/articles/b/photo.png", "x");
    site.build_err().assert_stderr(&[
        "content/articles/a/index.md:5:1: error: image `../b/photo.png` leads out of the article's bundle folder",
        "content/articles/c.md:7:1: error: image `photo.png` is relative, but this article is not a page bundle",
        "content/articles/c.md:4:8: error: lead photo `lead.png` is no file of the site",
    ]);
}

#[test]
fn a_bundle_holds_one_article_and_needs_a_folder_of_its_own() {
    let site = SiteTest::new()
        .article("outer/index.md", "title: Outer\ndate: 2024-01-10", "O.\n")
        .article(
            "outer/inner/index.md",
            "title: Inner\ndate: 2024-01-11",
            "I.\n",
        )
        .article("index.md", "title: Root\ndate: 2024-01-12", "R.\n");
    site.build_err().assert_stderr(&[
        "content/articles/outer/inner/index.md: error: this article is inside the page bundle of `content/articles/outer/index.md`",
        "content/articles/index.md: error: an `index.md` directly in the articles folder",
    ]);
}

#[test]
fn a_lead_photo_without_alt_text_is_a_warning_and_a_web_address_is_not_checked() {
    let built = SiteTest::new()
        .article(
            "a.md",
            "title: A\ndate: 2024-01-10\nimage: https://cdn.example.net/a.jpg",
            "A.\n",
        )
        .build_ok();
    built.assert_stderr(&["content/articles/a.md:4:1: warning: the lead photo has no `image_alt`"]);
    let html = built.page("/2024/01/a/");
    assert!(
        html.contains(
            "<img src=\"https://cdn.example.net/a.jpg\" alt=\"\" fetchpriority=\"high\">"
        ),
        "{html}"
    );
    assert!(html.contains("content=\"https://cdn.example.net/a.jpg\""));
}

#[test]
fn summaries_and_feeds_reach_bundle_files_from_any_page() {
    let site = SiteTest::new()
        .config("base_url: https://example.org/news/")
        .article(
            "crue/index.md",
            "title: Crue\ndate: 2024-01-10",
            "The river rose: see ![the gauge](gauge.png) and [the data](data.csv).\n\nMore.\n",
        )
        .write("content/articles/crue/data.csv", "a,b\n");
    put(&site, "content/articles/crue/gauge.png", &png(10, 20, 9));
    let built = site.build_ok();
    let home = built.page("/");
    assert!(home.contains("<div class=\"summary\"><p>The river rose: see <picture><source type=\"image/webp\" srcset=\"/news/2024/01/crue/gauge-10w-"), "{home}");
    let feed = built.page("/atom.xml");
    assert!(
        feed.contains("src=&quot;https://example.org/news/2024/01/crue/gauge.png&quot; srcset=&quot;https://example.org/news/2024/01/crue/gauge.png 10w&quot;"),
        "{feed}"
    );
    assert!(
        feed.contains("srcset=&quot;https://example.org/news/2024/01/crue/gauge-10w-"),
        "{feed}"
    );
    assert!(
        feed.contains("href=&quot;https://example.org/news/2024/01/crue/data.csv&quot;"),
        "{feed}"
    );
    assert_eq!(broken_links(&built.output, "/news/"), Vec::<String>::new());
}
