//! What every page's context is made from ([`Inputs`]), and the helpers all pages share:
//! the `page` value, links, words in the site's language, pagers and index entries. The page
//! builders (`pages`, `actors`, `periods`) are views over these inputs.
//!
//! Every list page gets a `pager` with links to the first, previous, next and last pages only,
//! so a pager costs the same whatever the list's length.

use serde::Serialize;

pub use crate::render::fingerprint::PageContext;

use crate::config::Config;
use crate::model::Site;
use crate::model::id::ArticleId;
use crate::model::pager::Pager;
use crate::model::route::{link, paged, paths};
use crate::render::actor_views::ActorViews;
use crate::render::context::{DateView, PageView};
use crate::render::i18n::Strings;
use crate::render::structured;

/// A page ready for Tera (its template is [`PageKind::template`]).
pub struct Prepared {
    pub context: PageContext,
    pub path: String,
    /// The article being rendered, for error messages.
    pub article: Option<ArticleId>,
}

/// Everything a page's context is made from.
pub(super) struct Inputs<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub strings: &'a Strings,
    pub actor_views: &'a ActorViews,
    /// Whether the templates may show `page.structured_data`: JSON-LD is only made then.
    pub structured_data: bool,
    /// The site's editions and this one's index (`languages:`).
    pub languages: Option<(&'a crate::render::languages::Languages, usize)>,
}

/// Declares a view over the inputs every page shares. The page makers of one family (`Pages`,
/// `ActorPages`, `PeriodPages`) are its methods and read the inputs through `Deref`.
macro_rules! inputs_view {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        struct $name<'i, 'a>(&'i $crate::render::inputs::Inputs<'a>);

        impl<'a> std::ops::Deref for $name<'_, 'a> {
            type Target = $crate::render::inputs::Inputs<'a>;

            fn deref(&self) -> &Self::Target {
                self.0
            }
        }
    };
}
pub(super) use inputs_view;

/// Links between the pages of one list; only the neighbours and the ends.
#[derive(Serialize)]
pub(super) struct PagerView {
    pub current: usize,
    pub count: usize,
    /// 1-based positions of the first and last item shown, and the list's length.
    pub first_item: usize,
    pub last_item: usize,
    pub total: usize,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

/// An entry of an index page (actors, tags) with its first letter for A–Z navigation.
#[derive(Serialize)]
pub(super) struct IndexEntry<'a> {
    name: &'a str,
    url: String,
    count: usize,
    pub letter: String,
}

/// A period of the archive (or of an actor's coverage) as lists and links show it.
#[derive(Serialize)]
pub(super) struct PeriodView {
    pub name: String,
    pub url: String,
    pub count: usize,
}

impl Inputs<'_> {
    /// The context every page starts from: `page` (kind, URL, title, description).
    pub(super) fn page(
        &self,
        kind: &'static str,
        path: &str,
        title: String,
        description: String,
    ) -> (PageContext, String) {
        self.page_from(self.page_view(kind, path, title, description), path)
    }

    pub(super) fn page_view(
        &self,
        kind: &'static str,
        path: &str,
        title: String,
        description: String,
    ) -> PageView<'_> {
        let description = if description.is_empty() {
            self.stock_description(kind, &title)
        } else {
            description
        };
        PageView {
            kind,
            url: self.link(path),
            canonical: self.config.absolute_url(path),
            title,
            description,
            lang: &self.config.language,
            image: None,
            feed: None,
            structured_data: None,
            alternates: Vec::new(),
            languages: Vec::new(),
        }
        .in_languages(self.languages, path, kind == "article", self.config)
    }

    /// The description of a page that has none of its own (a tag, the search page…): search
    /// engines and link previews show it, and a page without one loses its SEO score. It comes
    /// from the theme's `description_<kind>` string, else from the title and the site's name.
    fn stock_description(&self, kind: &str, title: &str) -> String {
        let site = &self.config.title;
        match self.strings.words.get(&format!("description_{kind}")) {
            Some(pattern) => pattern.replace("{title}", title).replace("{site}", site),
            None => format!("{title} · {site}"),
        }
    }

    pub(super) fn page_from(&self, view: PageView<'_>, path: &str) -> (PageContext, String) {
        let mut context = PageContext::default();
        context.insert("page", &view);
        (context, path.to_owned())
    }

    /// The feed of a list (an actor's, a tag's), when feeds are written.
    pub(super) fn feed_of(&self, list_path: &str) -> Option<String> {
        self.config
            .writes_feeds()
            .then(|| self.link(&paths::feed_of(list_path)))
    }

    /// A breadcrumb trail from the home page through `items` (name, site path).
    pub(super) fn trail(&self, items: &[(&str, &str)]) -> Option<String> {
        if !self.structured_data {
            return None;
        }
        let mut all = vec![(self.config.title.clone(), paths::home(&self.site.prefix))];
        all.extend(items.iter().map(|(n, p)| (n.to_string(), p.to_string())));
        Some(structured::trail(&all, self.config))
    }

    /// A URL written in content: root-relative ones (`/images/x.jpg`) go under the base path.
    pub(super) fn asset(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") {
            self.link(url)
        } else {
            url.to_owned()
        }
    }

    pub(super) fn link(&self, site_path: &str) -> String {
        link(&self.config.base_path, site_path)
    }

    pub(super) fn word(&self, key: &str) -> String {
        self.strings
            .words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// "Title" on page 1, "Title (page 3)" after, so every page has its own title.
    pub(super) fn numbered(&self, title: String, pager: &Pager) -> String {
        if pager.number > 1 {
            format!("{title} ({} {})", self.word("page"), pager.number)
        } else {
            title
        }
    }

    pub(super) fn done((context, path): (PageContext, String)) -> Prepared {
        Prepared {
            context,
            path,
            article: None,
        }
    }

    /// Adds `articles` (this page's cards) and `pager` to a list page's context.
    pub(super) fn list(
        &self,
        context: &mut PageContext,
        list_path: &str,
        items: &[ArticleId],
        pager: &Pager,
    ) {
        self.list_page(
            context,
            list_path,
            items.len(),
            &items[pager.range()],
            pager,
        );
    }

    /// [`Inputs::list`] when only this page's articles are at hand (`total` in the list).
    pub(super) fn list_page(
        &self,
        context: &mut PageContext,
        list_path: &str,
        total: usize,
        shown: &[ArticleId],
        pager: &Pager,
    ) {
        context.insert_cards("articles", shown);
        context.insert("pager", &self.pager_view(list_path, total, pager));
    }

    fn pager_view(&self, list_path: &str, total: usize, pager: &Pager) -> PagerView {
        let url = |number: usize| self.link(&paged(list_path, number));
        let (has_previous, has_next) = (pager.number > 1, pager.number < pager.count);
        PagerView {
            current: pager.number,
            count: pager.count,
            first_item: if total == 0 { 0 } else { pager.start + 1 },
            last_item: pager.end,
            total,
            first: has_previous.then(|| url(1)),
            previous: has_previous.then(|| url(pager.number - 1)),
            next: has_next.then(|| url(pager.number + 1)),
            last: has_next.then(|| url(pager.count)),
        }
    }

    pub(super) fn entry<'a>(&self, name: &'a str, path: &str, count: usize) -> IndexEntry<'a> {
        IndexEntry {
            name,
            url: self.link(path),
            count,
            letter: index_letter(name),
        }
    }

    /// The publication date of an article (by index), as templates show dates.
    pub(super) fn published(&self, article: Option<&ArticleId>) -> Option<DateView> {
        article.map(|&i| DateView::of(&self.site.articles[i].meta.published, &self.strings.dates))
    }
}

/// The distinct first letters of sorted index entries, in order.
pub(super) fn letters_of<'a>(letters_in_order: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut letters: Vec<&str> = Vec::new();
    for letter in letters_in_order {
        if !letters.contains(&letter) {
            letters.push(letter);
        }
    }
    letters
}

/// The A–Z heading a name files under: its first letter without accents, `#` for digits.
pub(super) fn index_letter(name: &str) -> String {
    let letter = deunicode::deunicode(name)
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .unwrap_or('#');
    letter.to_string()
}
