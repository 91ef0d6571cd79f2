//! What templates get of an article's lead photo: the figure at the top of its page and the
//! thumbnail of its cards, written by the one image writer (`model::image::write_img`), and
//! the URLs sharing cards need.

use serde::Serialize;

use crate::config::Config;
use crate::model::article::Article;
use crate::model::image::{Img, Lead, Role, write_figure, write_img};
use crate::render::i18n::Strings;

/// The lead photo of an article, as templates show it (`article.image`).
#[derive(Serialize)]
pub struct PhotoView {
    /// Under the base path, or a web address.
    pub url: String,
    /// Absolute, for sharing cards and JSON-LD (a web address as written).
    pub absolute: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// `<figure class="lead-photo">`, caption and credit below: the top of the article.
    pub figure: String,
    /// `<img>` loaded lazily, for cards.
    pub thumbnail: String,
}

impl PhotoView {
    /// The view of an article's lead photo, if it has one.
    pub fn of(article: &Article, config: &Config, strings: &Strings) -> Option<PhotoView> {
        let lead = article.meta.image.as_ref()?;
        let url = lead.url().to_owned();
        let alt = lead.alt.clone().unwrap_or_default();
        let img = |role| Img {
            url: &url,
            alt: &alt,
            size: lead.size(),
            role,
        };
        let mut figure = String::new();
        let label = credit_label(strings);
        let credit = lead.credit.as_deref().map(|credit| (label, credit));
        write_figure(
            &img(Role::Lead),
            lead.caption.as_deref(),
            credit,
            &mut figure,
        );
        let mut thumbnail = String::new();
        write_img(&img(Role::Thumbnail), &mut thumbnail);
        Some(PhotoView {
            absolute: absolute(lead, config),
            alt: alt.clone(),
            caption: lead.caption.clone(),
            credit: lead.credit.clone(),
            width: lead.size().map(|s| s.0),
            height: lead.size().map(|s| s.1),
            figure,
            thumbnail,
            url,
        })
    }
}

/// "Photo :" / "Photo:", from the theme's strings.
fn credit_label(strings: &Strings) -> &str {
    strings
        .words
        .get("photo_credit")
        .map_or("Photo:", String::as_str)
}

/// A lead photo's URL made absolute: a web address as it is, a local one (already under the
/// base path) after the site's origin.
pub fn absolute(lead: &Lead, config: &Config) -> String {
    let url = lead.url();
    if url.starts_with("https://") || url.starts_with("http://") {
        url.to_owned()
    } else {
        format!("{}{url}", config.origin())
    }
}
