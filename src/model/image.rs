//! The files and photos an article uses: its page bundle, every local image it shows, and the
//! root-relative references to check once every published file is known.
//!
//! **The interface for responsive images.** Each local image an article shows, its lead photo
//! and each image of its body, is recorded once as an [`ImageUse`]: the file on disk, the URL it
//! is published at, where the article names it (`file:line:column`), whether it is the lead
//! photo, and its size when the file's header gave one. They are in `ArticleMeta::image` (the
//! lead) and `Rendered::images` (the body). Every `<img>` gazette writes comes from
//! [`write_img`], wrapped by [`write_figure`] when it has a caption or stands alone. The
//! variants engine (`crate::images`) runs when the article is read (`markdown::files`): each
//! JPEG, PNG and WebP `ImageUse` holds its [`ProcessedImage`], from which `write_img` writes a
//! `<picture>` with `srcset`/`sizes`, and the build publishes the files (`build::kernel::write`).
//!
//! The writer sits in the site layer rather than in render because bodies become HTML when they
//! are read (the read layer, below render), and the lead photo and card thumbnails when pages
//! are rendered: both reach this one function, and neither layer may import the other's.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::diagnostics::Diagnostic;
use crate::images::{Format, ProcessedImage};

pub use crate::config::layout::BUNDLE_INDEXES;

/// A page bundle: the folder of an `index.md` article, and the files published beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bundle {
    /// Relative to the site root: `content/articles/2016/crue-historique`.
    pub folder: PathBuf,
    /// Every other file of the folder (nested ones too), relative to it, sorted. Markdown
    /// files, editors' leftovers and hidden files are not among them.
    pub files: Vec<PathBuf>,
}

impl Bundle {
    /// Whether the bundle holds `relative` (a path relative to its folder).
    pub fn holds(&self, relative: &Path) -> bool {
        self.files
            .binary_search_by(|file| file.as_path().cmp(relative))
            .is_ok()
    }
}

/// One local image an article shows: what a resizing step works from. The file that names it
/// is its article's (`ArticleMeta::source_path`); vector images are recorded too, and
/// [`is_raster`] tells which files a resizing step should take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    /// The file, relative to the site root (a bundle's or a static file). `None` for a
    /// root-relative URL that no static file holds: it is checked against the published files
    /// (see [`Reference`]) once they are known.
    pub source: Option<PathBuf>,
    /// Where it is published, under the base path: `/sub/2016/08/crue/photo.jpg`.
    pub url: String,
    /// Where the article names it: the `image:` line, or the `![…]` in the body.
    pub line: usize,
    pub column: usize,
    /// The lead photo (front matter `image:`), rather than an image of the body.
    pub lead: bool,
    /// Width and height in pixels, read from the file's header (once its EXIF orientation is
    /// applied, for a photo with variants).
    pub size: Option<(u32, u32)>,
    /// Its responsive variants and metadata-free original (JPEG, PNG and WebP files), made by
    /// `crate::images` when the article was read; `None` for other formats and web addresses.
    pub responsive: Option<Arc<ProcessedImage>>,
}

/// The `src` of the first `<img>` of some HTML, its `&amp;` decoded.
pub fn first_img_src(html: &str) -> Option<String> {
    // memchr's searcher: `str::find` was 1% of a build, scanning every body for this.
    let at = memchr::memmem::find(html.as_bytes(), b"<img ")?;
    let tag = &html[at..at + html[at..].find('>')?];
    let start = tag.find(" src=\"")? + " src=\"".len();
    let end = start + tag[start..].find('"')?;
    let src = &tag[start..end];
    Some(src.replace("&amp;", "&"))
}

/// The lead photo of an article: front matter `image:` and its companions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub src: LeadSrc,
    /// `image_alt:`; missing is a warning, and the image is then written with `alt=""`.
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// Where a lead photo is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadSrc {
    /// As written, before the loader resolves it against the bundle (with the line of `image:`).
    Written(String, usize),
    /// A file of the site.
    Local(ImageUse),
    /// An http(s) URL, shown as it is and not checked.
    Remote(String),
}

impl Lead {
    /// The URL the lead photo is shown at (under the base path, or a web address).
    pub fn url(&self) -> &str {
        match &self.src {
            LeadSrc::Written(written, _) => written,
            LeadSrc::Local(image) => &image.url,
            LeadSrc::Remote(url) => url,
        }
    }

    /// The width and height, when known.
    pub fn size(&self) -> Option<(u32, u32)> {
        match &self.src {
            LeadSrc::Local(image) => image.size,
            _ => None,
        }
    }

    /// The variants of a local photo, when it has some.
    pub fn responsive(&self) -> Option<&ProcessedImage> {
        match &self.src {
            LeadSrc::Local(image) => image.responsive.as_deref(),
            _ => None,
        }
    }
}

/// A root-relative URL an article names that must be a file the build publishes: an image no
/// static file holds (another bundle's), or a link to a file. Checked by [`missing`] once
/// every file is known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// The site path, decoded: `/2016/08/crue/photo.jpg`.
    pub site_path: String,
    /// As written, for the message.
    pub written: String,
    pub line: usize,
    pub column: usize,
    /// An image (else a link to a file).
    pub image: bool,
}

/// What a relative URL of a bundle article leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the bundle (relative to its folder), and the rest of the URL (`?…`, `#…`).
    File(PathBuf, String),
    /// No file of the bundle has that name.
    Missing(PathBuf),
    /// `..` leads out of the bundle's folder.
    Escapes,
}

/// Resolves a relative URL (`photo.jpg`, `./img/a%20b.png#x`) against a bundle.
pub fn resolve(bundle: &Bundle, url: &str) -> Resolved {
    let (path, rest) = split_suffix(url);
    let Some(relative) = normalise(&decode(path)) else {
        return Resolved::Escapes;
    };
    if bundle.holds(&relative) {
        Resolved::File(relative, rest.to_owned())
    } else {
        Resolved::Missing(relative)
    }
}

/// `a/b.jpg?x#y` → (`a/b.jpg`, `?x#y`).
pub fn split_suffix(url: &str) -> (&str, &str) {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    url.split_at(cut)
}

/// A URL path with its percent escapes decoded (`mon%20image.jpg` → `mon image.jpg`); left as
/// written if the escapes are not UTF-8.
pub fn decode(path: &str) -> String {
    percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_owned(), |decoded| decoded.into_owned())
}

/// A relative path without `.` and empty segments, `..` applied; `None` if it leads above its
/// start or names nothing.
fn normalise(path: &str) -> Option<PathBuf> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            name => segments.push(name),
        }
    }
    (!segments.is_empty()).then(|| segments.iter().collect())
}

/// What a URL path segment may not hold as it is.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// A path relative to a bundle as a URL path: `/`-separated, each name percent-encoded.
pub fn encode(relative: &Path) -> String {
    relative
        .components()
        .map(|c| utf8_percent_encode(&c.as_os_str().to_string_lossy(), SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a root-relative link names a file rather than a page: its last segment has an
/// extension other than a page's. Only such links must be a file the build publishes.
pub fn names_a_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, extension)) => {
            !stem.is_empty()
                && !extension.is_empty()
                && !["html", "htm", "xml", "php", "asp", "aspx"]
                    .iter()
                    .any(|page| extension.eq_ignore_ascii_case(page))
        }
        None => false,
    }
}

/// Whether a file name is a raster image's, by its extension.
pub fn is_raster(path: &Path) -> bool {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    extension.is_some_and(|e| ["jpg", "jpeg", "png", "webp", "gif", "avif"].contains(&e.as_str()))
}

/// The references of an article that no published file answers, as errors at their place.
/// `files` holds every file the build writes, relative to the output folder, and
/// `output_file` tells which of them a site path is (`model::route::output_file`).
pub fn missing<'r>(
    source: &Path,
    references: impl IntoIterator<Item = &'r Reference>,
    files: &HashSet<PathBuf>,
    output_file: impl Fn(&str) -> Option<PathBuf>,
) -> Vec<Diagnostic> {
    references
        .into_iter()
        .filter(|r| !output_file(&r.site_path).is_some_and(|file| files.contains(&file)))
        .map(|r| {
            let what = if r.image { "image" } else { "linked file" };
            Diagnostic::error(
                source,
                r.line,
                r.column,
                format!("{what} `{}` is no file of the site", r.written),
            )
            .with_hint("put the file in static/ (a root-relative URL starts there), or in the article's bundle folder and write its name without a leading `/`")
        })
        .collect()
}

/// The role of an `<img>` on its page: how it loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The lead photo at the top of its article: loaded at once, first.
    Lead,
    /// A card's small picture, or an image of a body: loaded when near the screen.
    Thumbnail,
    Body,
    /// The photo of an actor or author profile, at most 10rem wide: loaded when near.
    Portrait,
}

/// What an `<img>` shows.
#[derive(Debug, Clone, Copy)]
pub struct Img<'a> {
    /// Already under the base path, or a web address.
    pub url: &'a str,
    pub alt: &'a str,
    pub size: Option<(u32, u32)>,
    pub role: Role,
    /// Its variants: the `<img>` is then wrapped in a `<picture>` with a WebP `<source>`, and
    /// both carry a `srcset` of the variants beside `url` and the `sizes` of `role`.
    pub responsive: Option<&'a ProcessedImage>,
}

impl Role {
    /// The `sizes` of an image in this role, from the default theme's layout: an article
    /// column at most 42rem wide, card thumbnails at most about 22rem (11rem beside a card,
    /// the width of the column on a phone).
    pub fn sizes(self) -> &'static str {
        match self {
            Role::Lead | Role::Body => "(min-width: 44rem) 42rem, 100vw",
            Role::Thumbnail => "(min-width: 40rem) 22rem, 100vw",
            Role::Portrait => "10rem",
        }
    }
}

/// Writes one `<img>`: the one place every image tag comes from (see the module comment).
/// With variants, a `<picture>`: a WebP `<source>`, then the `<img>` whose `src` is the
/// metadata-free original and whose `srcset` lists the variants in the original's format.
pub fn write_img(img: &Img<'_>, out: &mut String) {
    let responsive = img.responsive.filter(|r| !r.variants.is_empty());
    let Some(responsive) = responsive else {
        return write_plain_img(img, img.size, None, out);
    };
    let (path, _) = split_suffix(img.url);
    let folder = &path[..path.rfind('/').map_or(0, |at| at + 1)];
    out.push_str("<picture>");
    if responsive.original.format != Format::Webp {
        out.push_str("<source type=\"image/webp\" srcset=\"");
        srcset_into(responsive, Format::Webp, folder, out);
        out.push_str("\" sizes=\"");
        out.push_str(img.role.sizes());
        out.push_str("\">");
    }
    let size = Some((responsive.width, responsive.height));
    write_plain_img(img, size, Some((responsive, folder)), out);
    out.push_str("</picture>");
}

/// `srcset` items of one format: each variant's file name, URL-encoded, after `folder`.
fn srcset_into(image: &ProcessedImage, format: Format, folder: &str, out: &mut String) {
    for (i, variant) in image.variants_in(format).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        escape_into(folder, out);
        // A comma would end the item: encoded like the other characters a URL may not hold.
        let name = encode(Path::new(&variant.file_name)).replace(',', "%2C");
        escape_into(&name, out);
        out.push_str(&format!(" {}w", variant.width));
    }
}

fn write_plain_img(
    img: &Img<'_>,
    size: Option<(u32, u32)>,
    srcset: Option<(&ProcessedImage, &str)>,
    out: &mut String,
) {
    out.push_str("<img src=\"");
    escape_into(img.url, out);
    out.push('"');
    if let Some((image, folder)) = srcset {
        out.push_str(" srcset=\"");
        srcset_into(image, image.original.format, folder, out);
        out.push_str("\" sizes=\"");
        out.push_str(img.role.sizes());
        out.push('"');
    }
    out.push_str(" alt=\"");
    escape_into(img.alt, out);
    out.push('"');
    if let Some((width, height)) = size {
        out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    match img.role {
        Role::Lead => out.push_str(" fetchpriority=\"high\""),
        Role::Thumbnail | Role::Body | Role::Portrait => {
            out.push_str(" loading=\"lazy\" decoding=\"async\"")
        }
    }
    out.push('>');
}

/// Writes a `<figure>` around an image: its caption, then its credit after `credit_label`
/// ("Photo :"), both plain text.
pub fn write_figure(
    img: &Img<'_>,
    caption: Option<&str>,
    credit: Option<(&str, &str)>,
    out: &mut String,
) {
    let class = match img.role {
        Role::Lead => " class=\"lead-photo\"",
        _ => "",
    };
    out.push_str(&format!("<figure{class}>"));
    write_img(img, out);
    let caption = caption.filter(|c| !c.trim().is_empty());
    let credit = credit.filter(|(_, c)| !c.trim().is_empty());
    if caption.is_some() || credit.is_some() {
        out.push_str("<figcaption>");
        if let Some(caption) = caption {
            escape_into(caption, out);
        }
        if let Some((label, credit)) = credit {
            if caption.is_some() {
                out.push(' ');
            }
            out.push_str("<span class=\"credit\">");
            escape_into(label, out);
            out.push('\u{a0}');
            escape_into(credit, out);
            out.push_str("</span>");
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
}

/// Text made safe inside an element or a quoted attribute.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_image_of_a_body_is_found() {
        assert_eq!(
            first_img_src(r#"<p>x</p><p><img src="/sub/a.jpg?w=1&amp;h=2" alt="A"></p>"#),
            Some("/sub/a.jpg?w=1&h=2".to_owned())
        );
        assert_eq!(first_img_src("<p>no image</p>"), None);
    }

    fn bundle() -> Bundle {
        Bundle {
            folder: "content/articles/crue".into(),
            files: ["img/a.png", "mon image.jpg", "photo.jpg"]
                .iter()
                .map(PathBuf::from)
                .collect(),
        }
    }

    #[test]
    fn relative_urls_resolve_inside_the_bundle_only() {
        let b = bundle();
        let file = |p: &str, rest: &str| Resolved::File(p.into(), rest.into());
        assert_eq!(resolve(&b, "photo.jpg"), file("photo.jpg", ""));
        assert_eq!(resolve(&b, "./img/a.png#x"), file("img/a.png", "#x"));
        assert_eq!(resolve(&b, "img/../photo.jpg"), file("photo.jpg", ""));
        assert_eq!(resolve(&b, "mon%20image.jpg"), file("mon image.jpg", ""));
        assert_eq!(resolve(&b, "mon image.jpg"), file("mon image.jpg", ""));
        assert_eq!(
            resolve(&b, "nope.jpg"),
            Resolved::Missing("nope.jpg".into())
        );
        assert_eq!(resolve(&b, "../other/photo.jpg"), Resolved::Escapes);
        assert_eq!(resolve(&b, "./"), Resolved::Escapes);
    }

    #[test]
    fn bundle_paths_become_encoded_url_paths() {
        assert_eq!(encode(Path::new("mon image.jpg")), "mon%20image.jpg");
        assert_eq!(
            encode(Path::new("img/été #1.png")),
            "img/%C3%A9t%C3%A9%20%231.png"
        );
    }

    #[test]
    fn file_links_are_told_from_page_links() {
        for file in ["/docs/rapport.pdf", "/data/t.csv", "/img/a.JPG"] {
            assert!(names_a_file(file), "{file}");
        }
        for page in [
            "/2016/07/accord/",
            "/2016/accord.html",
            "/about",
            "/.well-known",
        ] {
            assert!(!names_a_file(page), "{page}");
        }
    }

    #[test]
    fn images_are_written_with_their_role_and_escaped() {
        let mut out = String::new();
        let img = Img {
            url: "/a.jpg?x=1&y=2",
            alt: "Le \"pont\" <neuf>",
            size: Some((1600, 1000)),
            role: Role::Body,
            responsive: None,
        };
        write_figure(&img, Some("Le pont"), Some(("Photo :", "A & B")), &mut out);
        assert_eq!(
            out,
            "<figure><img src=\"/a.jpg?x=1&amp;y=2\" alt=\"Le &quot;pont&quot; &lt;neuf&gt;\" width=\"1600\" height=\"1000\" loading=\"lazy\" decoding=\"async\"><figcaption>Le pont <span class=\"credit\">Photo :\u{a0}A &amp; B</span></figcaption></figure>"
        );
        let mut lead = String::new();
        write_img(
            &Img {
                role: Role::Lead,
                size: None,
                ..img
            },
            &mut lead,
        );
        assert!(lead.ends_with("fetchpriority=\"high\">"), "{lead}");
    }
}
