//! The images and links of a body among the site's files: each URL resolved (a missing file
//! or a way out of the bundle reported where it is written), each local image recorded as an
//! [`ImageUse`], and each image written by the one writer once the pass knows whether it
//! stands alone in its paragraph (then a `<figure>`).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{EventPass, Picture};
use crate::diagnostics::Diagnostic;
use crate::markdown::files::{Problem, Target, rebase};
use crate::markdown::{Place, is_safe_url, plain_text};
use crate::model::image::{self, ImageUse, Img, Reference, Role};

impl<'a> EventPass<'a, '_> {
    /// Starts an image: its URL resolved (a local one recorded), its alternative text to come.
    pub(super) fn open_image(&mut self, url: CowStr<'a>, title: CowStr<'a>, offset: usize) {
        let (url, source) = if !is_safe_url(&url) {
            self.warn_unsafe_url(&url, offset);
            (String::new(), None)
        } else {
            match self.resolve(&url, offset, true) {
                Some(target) => (
                    rebase(target.url.into(), self.base_path).into_string(),
                    target.source,
                ),
                None => (rebase(url, self.base_path).into_string(), None),
            }
        };
        let size = source.as_deref().and_then(|s| self.files.size_of(s));
        if let Some(source) = source {
            let (line, column) = self.line_column(offset);
            self.images.push(ImageUse {
                source: Some(source),
                url: url.clone(),
                line,
                column,
                lead: false,
                size,
            });
        }
        self.in_link = true;
        self.image = Some(Picture {
            at: self.events.len(),
            url,
            alt: String::new(),
            title: title.into_string(),
            size,
        });
    }

    /// Ends an image: its alternative text taken out of the events, a placeholder left.
    pub(super) fn close_image(&mut self) {
        self.in_link = false;
        let Some(mut picture) = self.image.take() else {
            return;
        };
        picture.alt = plain_text(&self.events[picture.at..]);
        self.events.truncate(picture.at);
        self.events.push(Event::InlineHtml(CowStr::Borrowed("")));
        self.pictures.push(picture);
    }

    /// Writes each image in its placeholder: an image alone in its paragraph becomes a
    /// `<figure>` in its place (its title the caption), any other an `<img>` in the text.
    pub(super) fn write_pictures(&mut self) {
        for picture in std::mem::take(&mut self.pictures) {
            let at = picture.at;
            let alone = at > 0
                && matches!(self.events.get(at - 1), Some(Event::Start(Tag::Paragraph)))
                && matches!(self.events.get(at + 1), Some(Event::End(TagEnd::Paragraph)));
            let img = Img {
                url: &picture.url,
                alt: &picture.alt,
                size: picture.size,
                role: Role::Body,
            };
            let mut html = String::new();
            if alone {
                image::write_figure(&img, Some(&picture.title), None, &mut html);
                html.push('\n');
                self.events[at - 1] = Event::Html(CowStr::Borrowed(""));
                self.events[at + 1] = Event::Html(CowStr::Borrowed(""));
                self.events[at] = Event::Html(html.into());
            } else {
                image::write_img(&img, &mut html);
                self.events[at] = Event::InlineHtml(html.into());
            }
        }
    }

    /// Resolves a URL among the site's files (articles only): a missing file or a way out of
    /// the bundle is an error where it is written; a root-relative URL no static file holds
    /// is kept to check once every file is known.
    pub(super) fn resolve(&mut self, url: &str, offset: usize, image: bool) -> Option<Target> {
        let place = self.body.place?;
        match self.files.resolve(&place, self.base_path, url, image) {
            Ok(Some(target)) => {
                if let Some(site_path) = &target.unresolved {
                    let (line, column) = self.line_column(offset);
                    self.references.push(Reference {
                        site_path: site_path.clone(),
                        written: url.to_owned(),
                        line,
                        column,
                        image,
                    });
                }
                Some(target)
            }
            Ok(None) => None,
            Err(problem) => {
                self.report_unresolved(url, offset, image, &place, problem);
                None
            }
        }
    }

    fn report_unresolved(
        &mut self,
        url: &str,
        offset: usize,
        image: bool,
        place: &Place<'_>,
        problem: Problem,
    ) {
        let what = if image { "image" } else { "linked file" };
        let folder = place.bundle.map(|b| b.folder.display().to_string());
        let folder = folder.unwrap_or_default();
        let (message, hint) = match problem {
            Problem::NotBundle => (
                format!("{what} `{url}` is relative, but this article is not a page bundle"),
                "make the article a bundle (`<slug>/index.md` with the image beside it), or put the image in static/ and write `/` before its path".to_owned(),
            ),
            Problem::Missing(relative) => (
                format!("{what} `{url}` is not in the article's bundle (`{folder}/{}`)", relative.display()),
                format!("put the file in `{folder}/`, or fix the name (names are case-sensitive; write spaces as `%20` or the URL inside `<…>`)"),
            ),
            Problem::Escapes => (
                format!("{what} `{url}` leads out of the article's bundle folder"),
                "a bundle article names only its own files; for another page, write its root-relative URL (`/2016/08/other/`)".to_owned(),
            ),
        };
        let (line, column) = self.line_column(offset);
        self.diagnostics.push(
            Diagnostic::error(self.body.path, line, column, message)
                .quoting(self.body.file_text)
                .with_hint(hint),
        );
    }
}
