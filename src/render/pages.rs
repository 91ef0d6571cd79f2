//! The template context of each page: [`prepare`] sends each kind of page to its builder. The
//! home page, articles, tags, search and 404 are built here; actor pages in `actors`, author
//! pages in `authors`, archive periods in `periods`.

use serde::Serialize;

use crate::model::id::{ArticleId, TagId};
use crate::model::pager::Pager;
use crate::model::route::{paged, paths};
use crate::model::shard::other_shard_links;
use crate::render::catalogue::PageKind;
use crate::render::context::DateView;
use crate::render::inputs::{IndexEntry, Inputs, Prepared, inputs_view, letters_of};
use crate::render::structured;
use crate::render::{actors, authors, periods};

/// Builds the template context of one page.
pub(super) fn prepare(kind: &PageKind, inputs: &Inputs<'_>) -> Prepared {
    let pages = Pages(inputs);
    match *kind {
        PageKind::Home { page } => pages.home(page),
        PageKind::Article(i) => pages.article(i),
        PageKind::ActorsIndex => actors::index(inputs, None),
        PageKind::ActorsSection(section) => actors::index(inputs, Some(section)),
        PageKind::Actor { actor, page } => actors::actor(inputs, actor, None, page),
        PageKind::ActorYear { actor, year, page } => actors::actor(inputs, actor, Some(year), page),
        PageKind::AuthorsIndex => authors::index(inputs),
        PageKind::Author { author, page } => authors::author(inputs, author, page),
        PageKind::TagsIndex => pages.tags_index(),
        PageKind::Tag { tag, page } => pages.tag(tag, page),
        PageKind::Archive => periods::archive(inputs),
        PageKind::Year { year, page } => periods::year(inputs, year, page),
        PageKind::Month { year, month, page } => periods::month(inputs, year, month, page),
        PageKind::NotFound => pages.not_found(),
        PageKind::Search => pages.search(),
    }
}

/// What the search page's script needs.
#[derive(Serialize)]
struct SearchView<'a> {
    /// The folder of Pagefind's script and index.
    bundle: String,
    /// The folders of the other shards of the index, merged into it by the page.
    shards: Vec<String>,
    base_path: &'a str,
}

/// A tag page's subject.
#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    url: String,
    count: usize,
    /// First and last coverage.
    first: Option<DateView>,
    last: Option<DateView>,
}

inputs_view! {
    /// The pages built here, as a view over the inputs every page shares.
    Pages
}

impl Pages<'_, '_> {
    fn home(&self, page: usize) -> Prepared {
        // The home list is every article in site order: only this page's part is made, so
        // a page costs the same whatever the archive's size.
        let total = self.site.articles.len();
        let pager = Pager::new(total, self.config.paginate.home, page);
        let shown: Vec<ArticleId> = pager.range().map(ArticleId::new).collect();
        let path = paged(&paths::home(&self.site.prefix), pager.number);
        let title = if pager.number > 1 {
            self.numbered(self.word("latest_articles"), &pager)
        } else {
            String::new()
        };
        let mut view = self.page_view("home", &path, title, self.config.description.clone());
        view.feed = self
            .config
            .writes_feeds()
            .then(|| self.link(&paths::site_feed(&self.site.prefix)));
        let mut page = self.page_from(view, &path);
        self.list_page(
            &mut page.0,
            &paths::home(&self.site.prefix),
            total,
            &shown,
            &pager,
        );
        Inputs::done(page)
    }

    fn article(&self, index: ArticleId) -> Prepared {
        let article = &self.site.articles[index];
        let mut view = self.page_view(
            "article",
            &article.path,
            article.meta.title.clone(),
            article.body.summary_text().into_owned(),
        );
        view.lang = &article.meta.lang;
        view.image = structured::article_image(article, self.config);
        view.structured_data = self.structured_data.then(|| {
            let versions =
                structured::Versions::from_alternates(&view.alternates, &self.config.language);
            structured::article(
                article,
                self.site,
                self.config,
                &self.strings.dates,
                view.image.as_deref(),
                &versions,
            )
        });
        let (mut context, path) = self.page_from(view, &article.path);
        context.insert_card("article", Some(index));
        // By reference: a page kept from the previous output never reads its body back.
        context.insert_text("content", &article.body.html);
        let (previous, next) = self.site.neighbours(index);
        context.insert_card("previous", previous);
        context.insert_card("next", next);
        Prepared {
            context,
            path,
            article: Some(index),
        }
    }

    fn tags_index(&self) -> Prepared {
        let entries: Vec<IndexEntry<'_>> = self
            .site
            .tags
            .iter()
            .map(|t| self.entry(&t.name, &t.path, t.articles.len()))
            .collect();
        let mut page = self.page(
            "tags",
            &paths::tags_index(&self.site.prefix),
            self.word("tags"),
            String::new(),
        );
        page.0.insert(
            "letters",
            &letters_of(entries.iter().map(|e| e.letter.as_str())),
        );
        page.0.insert("entries", &entries);
        Inputs::done(page)
    }

    fn tag(&self, index: TagId, page: usize) -> Prepared {
        let tag = &self.site.tags[index];
        let pager = Pager::new(tag.articles.len(), self.config.paginate.tag, page);
        let path = paged(&tag.path, pager.number);
        let mut view = self.page_view(
            "tag",
            &path,
            self.numbered(tag.name.clone(), &pager),
            String::new(),
        );
        view.feed = self.feed_of(&tag.path);
        let tags = self.word("tags");
        view.structured_data = self.trail(&[
            (&tags, &paths::tags_index(&self.site.prefix)),
            (&tag.name, &tag.path),
        ]);
        let mut page = self.page_from(view, &path);
        page.0
            .insert("tag", &self.term_view(&tag.name, &tag.path, &tag.articles));
        self.list(&mut page.0, &tag.path, &tag.articles, &pager);
        Inputs::done(page)
    }

    /// A tag with its coverage span (articles are newest first).
    fn term_view<'a>(&self, name: &'a str, path: &str, articles: &[ArticleId]) -> TermView<'a> {
        TermView {
            name,
            url: self.link(path),
            count: articles.len(),
            first: self.published(articles.last()),
            last: self.published(articles.first()),
        }
    }

    fn search(&self) -> Prepared {
        let mut page = self.page(
            "search",
            &paths::search(&self.site.prefix),
            self.word("search"),
            String::new(),
        );
        page.0.insert(
            "search",
            &SearchView {
                bundle: self.link(&paths::search_bundle(&self.site.prefix)),
                shards: other_shard_links(self.site, &self.config.base_path),
                base_path: &self.config.base_path,
            },
        );
        Inputs::done(page)
    }

    fn not_found(&self) -> Prepared {
        let page = self.page(
            "404",
            &paths::not_found(&self.site.prefix),
            self.word("not_found_title"),
            String::new(),
        );
        Inputs::done(page)
    }
}
