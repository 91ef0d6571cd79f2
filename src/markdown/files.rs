//! Where the images and links of an article's body lead, among the site's files.
//!
//! A relative URL (`photo.jpg`, `./img/a.png`, `mon%20image.jpg`) names a file of the
//! article's page bundle: it becomes the root-relative URL the file is published at, under
//! the base path, so it works in lists, feeds and summaries too, not only on the article's
//! own page. A root-relative URL names a static file, or else a file another bundle
//! publishes, which only the build knows once every file is listed: it is kept as a
//! [`Reference`](crate::model::image::Reference) to check then. Web addresses, fragments and
//! other schemes are left alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::CowStr;

use super::{MarkdownRenderer, Place};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::images::{self as variants, ImageError, ImageRequest, ProcessedImage, Settings};
use crate::model::image::{self, ImageUse, Lead, LeadSrc, Reference, Resolved};
use crate::model::route::{link, output_file};

/// The site root and its static folders (the site's, then its theme's).
pub(crate) struct SiteFiles {
    root: PathBuf,
    statics: Vec<PathBuf>,
    /// Where variants are made (`Paths::image_cache`), and how.
    cache: PathBuf,
    settings: Settings,
}

/// What a local image file is to the page that shows it.
pub(crate) struct Picture {
    /// Width and height (after the EXIF orientation, for a photo with variants).
    pub size: Option<(u32, u32)>,
    pub responsive: Option<Arc<ProcessedImage>>,
}

/// A URL of the body resolved to a file of the site.
pub(super) struct Target {
    /// The URL to write.
    pub url: String,
    /// The file, relative to the root, when the site has it at hand.
    pub source: Option<PathBuf>,
    /// A root-relative URL to check once every file is known: an image no static file
    /// answers, or any link to a file. (An image a static file answers is a photo of the
    /// article, which is read again when that file changes; a link is not, so a static file
    /// removed under `watch` is found missing only by this check.)
    pub unresolved: Option<String>,
}

/// Why a URL of the body names no file.
pub(super) enum Problem {
    /// A relative URL in an article that is no bundle: it has no folder of files.
    NotBundle,
    /// No file of the bundle has that name.
    Missing(PathBuf),
    /// `..` leads out of the bundle.
    Escapes,
}

impl SiteFiles {
    pub(crate) fn new(config: &Config) -> SiteFiles {
        let paths = &config.paths;
        SiteFiles {
            root: paths.root.clone(),
            statics: vec![paths.static_files.clone(), paths.theme.join("static")],
            cache: paths.image_cache.clone(),
            settings: Settings::default(),
        }
    }

    /// What a local image (relative to the root) is: a JPEG, PNG or WebP photo gets its
    /// variants and its metadata-free original made in the cache (or found there), any
    /// other image (SVG, GIF, AVIF) its size from its header. A photo that cannot be made
    /// (corrupt, over the pixel limit) is the error, its path relative to the root.
    pub(crate) fn picture(&self, source: &Path) -> Result<Picture, (String, &'static str)> {
        if !has_variants(source) {
            let size = self.size_of(source);
            return Ok(Picture {
                size,
                responsive: None,
            });
        }
        let request = ImageRequest::new(self.root.join(source));
        match variants::process(&request, &self.settings, &self.cache) {
            Ok(image) => Ok(Picture {
                size: Some((image.width, image.height)),
                responsive: Some(Arc::new(image)),
            }),
            Err(error) => Err(self.describe(&error)),
        }
    }

    /// An image error's message with paths relative to the root, and its hint.
    fn describe(&self, error: &ImageError) -> (String, &'static str) {
        let root = format!("{}{}", self.root.display(), std::path::MAIN_SEPARATOR);
        (error.to_string().replace(&root, ""), error.hint())
    }

    /// The static file (relative to the root) a root-relative site path names, if any.
    fn static_source(&self, site_path: &str) -> Option<PathBuf> {
        let inside = output_file(site_path).ok()?;
        self.statics
            .iter()
            .map(|dir| dir.join(&inside))
            .find(|file| file.is_file())
            .map(|file| file.strip_prefix(&self.root).unwrap_or(&file).to_path_buf())
    }

    /// Width and height of an image file (relative to the root), from its header.
    pub(super) fn size_of(&self, source: &Path) -> Option<(u32, u32)> {
        let size = imagesize::size(self.root.join(source)).ok()?;
        Some((
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        ))
    }

    /// Resolves a URL of an article at `place`: `Ok(None)` leaves it as written (a web
    /// address, a fragment, a relative link outside a bundle).
    pub(super) fn resolve(
        &self,
        place: &Place<'_>,
        base_path: &str,
        url: &str,
        image: bool,
    ) -> Result<Option<Target>, Problem> {
        let (path, _) = image::split_suffix(url);
        if path.is_empty() || url.starts_with("//") || super::scheme_of(url).is_some() {
            return Ok(None);
        }
        if path.starts_with('/') {
            return Ok(Some(self.root_relative(url, path, image)));
        }
        let Some(bundle) = place.bundle else {
            return if image {
                Err(Problem::NotBundle)
            } else {
                Ok(None)
            };
        };
        match image::resolve(bundle, url) {
            Resolved::File(relative, rest) => Ok(Some(Target {
                url: format!(
                    "{}{}{rest}",
                    link(base_path, place.folder),
                    image::encode(&relative)
                ),
                source: Some(bundle.folder.join(relative)),
                unresolved: None,
            })),
            Resolved::Missing(relative) => Err(Problem::Missing(relative)),
            Resolved::Escapes => Err(Problem::Escapes),
        }
    }

    fn root_relative(&self, url: &str, path: &str, image: bool) -> Target {
        let site_path = image::decode(path);
        let source = self.static_source(&site_path);
        let checked = image || image::names_a_file(&site_path);
        Target {
            url: url.to_owned(),
            unresolved: (checked && (source.is_none() || !image)).then_some(site_path),
            source,
        }
    }
}

impl MarkdownRenderer {
    /// Resolves a lead photo as written (`image:`) for an article at `place`: a file of its
    /// bundle or a static file (its size read), or a web address. A missing file is an error
    /// at the `image:` line; a root-relative URL no static file holds comes back as a
    /// reference to check once every file is known.
    pub fn resolve_lead(
        &self,
        lead: Lead,
        place: &Place<'_>,
        (path, file_text): (&Path, &str),
        problems: &mut Vec<Diagnostic>,
    ) -> (Option<Lead>, Option<Reference>) {
        let LeadSrc::Written(written, line) = &lead.src else {
            return (Some(lead), None);
        };
        let (line, written) = (*line, written.clone());
        if written.starts_with("https://") || written.starts_with("http://") {
            let src = LeadSrc::Remote(written);
            return (Some(Lead { src, ..lead }), None);
        }
        let column = column_of(file_text, line, &written);
        let target = match self.files.resolve(place, &self.base_path, &written, true) {
            Ok(Some(target)) => target,
            Ok(None) | Err(_) => {
                let at = (path, file_text, line, column);
                problems.push(missing_lead(&written, at, place));
                return (None, None);
            }
        };
        let reference = target.unresolved.map(|site_path| Reference {
            site_path,
            written: written.clone(),
            line,
            column,
            image: true,
        });
        let picture = match target.source.as_deref().map(|s| self.files.picture(s)) {
            Some(Ok(picture)) => Some(picture),
            Some(Err((message, hint))) => {
                problems.push(
                    Diagnostic::error(path, line, column, message)
                        .quoting(file_text)
                        .with_hint(hint),
                );
                return (None, None);
            }
            None => None,
        };
        let url = rebase(target.url.into(), &self.base_path).into_string();
        let (size, responsive) = picture.map_or((None, None), |p| (p.size, p.responsive));
        let image = ImageUse {
            source: target.source,
            url,
            line,
            column,
            lead: true,
            size,
            responsive,
        };
        let src = LeadSrc::Local(image);
        (Some(Lead { src, ..lead }), reference)
    }
}

impl MarkdownRenderer {
    /// The photo of an actor or author profile (`image:` at `line`), when it names a static
    /// JPEG, PNG or WebP file after `/`: its variants made like an article's. Web addresses,
    /// other formats and paths no static file holds are left to the template as written. A
    /// photo that cannot be made is an error at the `image:` line.
    pub fn profile_photo(
        &self,
        source: &crate::source::SourceFile,
        written: &str,
        line: usize,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<ImageUse> {
        let (path, _) = image::split_suffix(written);
        if !path.starts_with('/') || path.starts_with("//") {
            return None;
        }
        let file = self.files.static_source(&image::decode(path))?;
        if !has_variants(&file) {
            return None;
        }
        let column = column_of(&source.text, line, written);
        match self.files.picture(&file) {
            Ok(picture) => Some(ImageUse {
                source: Some(file),
                url: rebase(written.into(), &self.base_path).into_string(),
                line,
                column,
                lead: false,
                size: picture.size,
                responsive: picture.responsive,
            }),
            Err((message, hint)) => {
                problems.push(
                    Diagnostic::error(&source.path, line, column, message)
                        .quoting(&source.text)
                        .with_hint(hint),
                );
                None
            }
        }
    }
}

/// Whether a file is one the variants engine takes, by its extension: JPEG, PNG or WebP.
fn has_variants(path: &Path) -> bool {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    extension.is_some_and(|e| ["jpg", "jpeg", "png", "webp"].contains(&e.as_str()))
}

/// The column (in characters) where `value` is written on file line `line`; 1 if not found.
fn column_of(file_text: &str, line: usize, value: &str) -> usize {
    let text = file_text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    text.find(value)
        .map_or(1, |at| text[..at].chars().count() + 1)
}

/// The error for a lead photo that is no file of the site, at its `image:` line.
fn missing_lead(
    written: &str,
    (path, file_text, line, column): (&Path, &str, usize, usize),
    place: &Place<'_>,
) -> Diagnostic {
    let hint = match place.bundle {
        Some(bundle) => format!(
            "put the photo in `{}/` and write its name, or write the path of a static file after `/`",
            bundle.folder.display()
        ),
        None => "the article is not a page bundle: write the path of a static file after `/` (`/images/photo.jpg`), or make the article a bundle (`<slug>/index.md` with the photo beside it)".to_owned(),
    };
    Diagnostic::error(
        path,
        line,
        column,
        format!("lead photo `{written}` is no file of the site"),
    )
    .quoting(file_text)
    .with_hint(hint)
}

/// `/2016/07/x/` written in an article means the site's own page: under a base path such as
/// `/archive/`, it becomes `/archive/2016/07/x/`. Other URLs are left as written.
pub(super) fn rebase<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if base_path == "/"
        || !url.starts_with('/')
        || url.starts_with("//")
        || url.starts_with(base_path)
    {
        return url;
    }
    CowStr::from(format!("{}{url}", base_path.trim_end_matches('/')))
}
