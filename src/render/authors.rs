//! Author pages and the authors index: who signs the archive's articles, and what each wrote.

use serde::Serialize;

use crate::model::author::Author;
use crate::model::id::AuthorId;
use crate::model::pager::Pager;
use crate::model::route::{paged, paths};
use crate::render::context::DateView;
use crate::render::inputs::{Inputs, Prepared, index_letter, inputs_view, letters_of};
use crate::render::structured;

/// An author as its page shows it.
#[derive(Serialize)]
struct AuthorView<'a> {
    name: &'a str,
    url: String,
    role: Option<&'a str>,
    /// Rendered biography (HTML), empty without a profile.
    biography: &'a str,
    image: Option<String>,
    /// `<picture>` of the profile's photo with its variants, when it has some.
    picture: Option<String>,
    links: Vec<LabelledLink<'a>>,
    count: usize,
    first: Option<DateView>,
    last: Option<DateView>,
}

#[derive(Serialize)]
struct LabelledLink<'a> {
    label: &'a str,
    url: &'a str,
}

/// An entry of the authors index.
#[derive(Serialize)]
struct AuthorEntry<'a> {
    name: &'a str,
    url: String,
    role: Option<&'a str>,
    count: usize,
    letter: String,
}

/// The index of authors, by sort name (surname first).
pub(super) fn index(inputs: &Inputs<'_>) -> Prepared {
    AuthorPages(inputs).index()
}

/// Page `page` of an author's articles, newest first.
pub(super) fn author(inputs: &Inputs<'_>, index: AuthorId, page: usize) -> Prepared {
    AuthorPages(inputs).author(index, page)
}

inputs_view! {
    /// The author pages, as a view over the inputs every page shares.
    AuthorPages
}

impl AuthorPages<'_, '_> {
    fn index(&self) -> Prepared {
        let entries: Vec<AuthorEntry<'_>> = self
            .site
            .authors
            .iter()
            .map(|author| self.entry_of(author))
            .collect();
        let letters = letters_of(entries.iter().map(|e| e.letter.as_str()));
        let title = self.word("authors");
        let mut page = self.page(
            "authors",
            &paths::authors_index(&self.site.prefix),
            title,
            String::new(),
        );
        page.0.insert("letters", &letters);
        page.0.insert("entries", &entries);
        Inputs::done(page)
    }

    fn entry_of<'a>(&self, author: &'a Author) -> AuthorEntry<'a> {
        let sort_name = author.profile.as_ref().map(|p| p.sort_name.as_str());
        AuthorEntry {
            name: &author.name,
            url: self.link(&author.path),
            role: author.profile.as_ref().and_then(|p| p.role.as_deref()),
            count: author.articles.len(),
            letter: index_letter(&sort_name.map_or_else(
                || crate::model::author::surname_first(&author.name),
                str::to_owned,
            )),
        }
    }

    fn author(&self, index: AuthorId, page: usize) -> Prepared {
        let author = &self.site.authors[index];
        let pager = Pager::new(author.articles.len(), self.config.paginate.author, page);
        let path = paged(&author.path, pager.number);
        let role = author.profile.as_ref().and_then(|p| p.role.clone());
        let title = self.numbered(author.name.clone(), &pager);
        let mut view = self.page_view("author", &path, title, role.unwrap_or_default());
        view.feed = self.feed_of(&author.path);
        let author_view = self.view_of(author);
        view.image = author_view
            .image
            .as_deref()
            .map(|image| self.absolute(image));
        view.structured_data = self
            .structured_data
            .then(|| structured::author(author, self.config, view.image.as_deref()));
        let mut page = self.page_from(view, &path);
        page.0.insert("author", &author_view);
        self.list(&mut page.0, &author.path, &author.articles, &pager);
        Inputs::done(page)
    }

    /// An image URL of the page made absolute, for sharing cards and JSON-LD.
    fn absolute(&self, image: &str) -> String {
        if image.starts_with("https://") || image.starts_with("http://") {
            image.to_owned()
        } else {
            format!("{}{image}", self.config.origin())
        }
    }

    fn view_of<'a>(&self, author: &'a Author) -> AuthorView<'a> {
        let profile = author.profile.as_ref();
        AuthorView {
            name: &author.name,
            url: self.link(&author.path),
            role: profile.and_then(|p| p.role.as_deref()),
            biography: profile.map_or("", |p| p.biography.as_str()),
            image: profile
                .and_then(|p| p.image.as_deref())
                .map(|image| self.asset(image)),
            picture: profile
                .and_then(|p| p.photo.as_ref())
                .map(|photo| crate::render::photo::portrait(photo, &author.name)),
            links: profile.map_or_else(Vec::new, |p| {
                p.links
                    .iter()
                    .map(|(label, url)| LabelledLink { label, url })
                    .collect()
            }),
            count: author.articles.len(),
            first: self.published(author.articles.last()),
            last: self.published(author.articles.first()),
        }
    }
}
