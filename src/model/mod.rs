//! The site model: every article, actor, author, tag and archive period, built once and then
//! only read.
//!
//! [`Site::assemble`] sorts the articles, groups their actors and tags, computes every URL and
//! refuses two items that would share one. Renderers borrow the result from many threads at
//! once, so nothing in it changes after assembly.

pub mod actor;
pub mod archive;
pub mod article;
pub mod author;
pub mod coverage;
pub mod date;
pub mod id;
pub mod image;
pub mod mention;
pub mod names;
pub mod pager;
pub mod redirect;
pub mod route;
pub mod shard;
pub mod slug;
pub mod summary;
pub mod tag;
pub mod term;

use std::hash::BuildHasher;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::{Config, Paginate};
use crate::diagnostics::Diagnostic;
use crate::spool::SpooledText;
use actor::{Actor, ActorIndex};
use archive::Year;
use article::{Article, ArticleMeta};
use id::{ArticleId, TagId};
use pager::page_count;
use route::paths;
use tag::Tag;

/// The profiles read before the articles: actors' and authors'.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    pub actors: ActorIndex,
    pub authors: author::AuthorIndex,
}

/// An article body, rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML; in a whole build, in the build's spool until its page is written.
    pub html: SpooledText,
    /// HTML for lists and cards: front matter `summary`, else the part before `<!-- more -->`,
    /// else the first paragraph.
    pub summary_html: String,
    /// The summary as plain text, for `<meta name="description">` and feeds: read it with
    /// [`Rendered::summary_text`] (it is most often kept within `summary_html`).
    pub summary_text: summary::SummaryText,
    /// Whether the front matter wrote the summary (`summary:`); the loader then drops the
    /// written text, which `summary_html` and `summary_text` render.
    pub summary_written: bool,
    pub words: usize,
    pub reading_minutes: usize,
    /// The whole body as plain text, for the search index; empty when search is off. Spooled
    /// like `html`.
    pub text: SpooledText,
    /// Profiled actors the text names, in order of first mention: indexes into the profiles
    /// (the site model turns them into actor ids).
    pub mentioned: Vec<usize>,
    /// How many times the text names each of `mentioned` (same order): by name, alias, or
    /// surname once the person was named in full.
    pub mention_counts: Vec<u32>,
    /// How many of those mentions only a surname found, within the article (for
    /// `build --verbose`).
    pub surname_mentions: u32,
    /// The local images the body shows, in order (see [`image`] for what they are for).
    pub images: Vec<image::ImageUse>,
    /// Root-relative images and file links no static file holds: checked against the
    /// published files once they are all known.
    pub references: Vec<image::Reference>,
    /// The `src` of the body's first `<img>` (its `&amp;` decoded), the page's image in
    /// structured data when there is no lead photo: found as the body is rendered, so that
    /// the article's page need not read a spooled body back to find it.
    pub first_image: Option<Box<str>>,
}

impl Rendered {
    /// The summary as plain text.
    pub fn summary_text(&self) -> std::borrow::Cow<'_, str> {
        self.summary_text.read(&self.summary_html)
    }
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Newest first.
    pub articles: Vec<Article>,
    /// Sorted by sort name (surname first for people), ignoring case and accents.
    pub actors: Vec<Actor>,
    /// Sorted by sort name (surname first), ignoring case and accents.
    pub authors: Vec<author::Author>,
    pub tags: Vec<Tag>,
    /// Newest year first.
    pub years: Vec<Year>,
    /// Every old URL (`aliases:`) of the articles and profiles, with where it leads.
    pub redirects: Vec<redirect::Redirect>,
    /// The most covered actors and their co-coverage, for the actors index's graph.
    pub together: coverage::Together,
    /// The prefix of every page path: empty, or `/en` for a language's edition (see
    /// [`crate::config::Config::edition`]).
    pub prefix: String,
}

impl Site {
    /// Builds the model from the loaded articles (see [`Article::unlinked`]) and the actor
    /// profiles, linking each article in place. URL collisions are errors in `diagnostics`
    /// and give `None`.
    pub fn assemble(
        mut articles: Vec<Article>,
        profiles: Profiles,
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Site> {
        newest_first(&mut articles);
        let Profiles {
            actors: profiles,
            authors: author_profiles,
        } = profiles;
        let prefix = config.prefix.as_str();
        let bylines = author::assemble(&articles, author_profiles, prefix, diagnostics);
        // Actors, tags and URLs are worked out side by side (each reads only the articles).
        let mut tag_problems = Vec::new();
        let (cast, ((tag_terms, tags_per_article), paths)) = rayon::join(
            || coverage::assemble(&articles, profiles, config.actor_graph, prefix, diagnostics),
            || {
                rayon::join(
                    || {
                        let mut tags = term::group(
                            &articles,
                            |a| &a.tag_names,
                            "tag",
                            Vec::new(),
                            |_| None,
                            &mut tag_problems,
                        );
                        let terms = term::sort_by(tags.terms, &mut tags.per_article, |t| {
                            term::collation_key(&t.name)
                        });
                        (terms, tags.per_article)
                    },
                    || {
                        articles
                            .par_iter()
                            .map(|article| {
                                route::article_path(
                                    prefix,
                                    &config.permalink,
                                    &article.meta.published,
                                    &article.meta.slug,
                                )
                            })
                            .collect::<Vec<String>>()
                    },
                )
            },
        );
        diagnostics.append(&mut tag_problems);
        let links = paths
            .into_iter()
            .zip(cast.about.into_iter().zip(cast.mentions))
            .zip(tags_per_article)
            .zip(bylines.per_article);
        for (article, (((path, (actors, mentions)), tags), authors)) in
            articles.iter_mut().zip(links)
        {
            article.path = path;
            article.actors = actors;
            article.mentions = mentions;
            article.tags = tags.into_iter().map(TagId::new).collect();
            article.authors = authors;
        }
        let site = Site {
            actors: cast.actors,
            authors: bylines.authors,
            tags: tag_terms
                .into_iter()
                .map(|t| Tag {
                    path: paths::tag(prefix, &t.slug),
                    name: t.name,
                    slug: t.slug,
                    articles: t.articles.into_iter().map(ArticleId::new).collect(),
                })
                .collect(),
            years: archive::group(&articles, prefix),
            redirects: Vec::new(),
            together: cast.together,
            articles,
            prefix: prefix.to_owned(),
        };
        let site = Site {
            redirects: site.gather_redirects(),
            ..site
        };
        let collisions = site.url_collisions(config);
        let ok = collisions.is_empty();
        diagnostics.extend(collisions);
        ok.then_some(site)
    }

    /// Drops what only assembling read: the actor, author and tag names as each article
    /// wrote them, linked by id since: a few strings an article, which a one-shot build
    /// frees before its pages; a `watch` session keeps them to see what an edit changed.
    pub fn drop_written_names(&mut self) {
        self.articles.par_iter_mut().for_each(|article| {
            let meta = &mut article.meta;
            meta.actor_names = Vec::new();
            meta.author_names = Vec::new();
            meta.tag_names = Vec::new();
        });
    }

    /// The aliases of every article and actor profile (a new kind of profile adds its own
    /// here). A rebuild that patches an article's title in place gathers them again.
    pub fn gather_redirects(&self) -> Vec<redirect::Redirect> {
        let articles = self.articles.iter().map(|a| redirect::Aliased {
            aliases: &a.meta.aliases,
            target: &a.path,
            title: &a.meta.title,
            source: &a.meta.source_path,
        });
        let actors = self.actors.iter().filter_map(|actor| {
            let profile = actor.profile.as_ref()?;
            Some(redirect::Aliased {
                aliases: &profile.url_aliases,
                target: &actor.path,
                title: &actor.name,
                source: &profile.source_path,
            })
        });
        let authors = self.authors.iter().filter_map(|author| {
            let profile = author.profile.as_ref()?;
            Some(redirect::Aliased {
                aliases: &profile.url_aliases,
                target: &author.path,
                title: &author.name,
                source: &profile.source_path,
            })
        });
        redirect::gather(articles.chain(actors).chain(authors))
    }

    /// The per-kind views of the actors index that have at least one actor.
    pub fn actor_sections(&self) -> Vec<actor::KindSection> {
        let mut sections: Vec<actor::KindSection> = self
            .actors
            .iter()
            .filter_map(|a| a.kind().map(actor::Kind::section))
            .collect();
        sections.sort();
        sections.dedup();
        sections
    }

    /// How many actors a per-kind view of the actors index lists.
    pub fn actors_in_section(&self, section: actor::KindSection) -> usize {
        let in_section = |a: &&Actor| a.is_in_section(section);
        self.actors.iter().filter(in_section).count()
    }

    /// The articles published just before and just after an article (`articles` is newest
    /// first).
    pub fn neighbours(&self, id: ArticleId) -> (Option<ArticleId>, Option<ArticleId>) {
        let index = id.index();
        let older = (index + 1 < self.articles.len()).then(|| ArticleId::new(index + 1));
        (older, index.checked_sub(1).map(ArticleId::new))
    }

    /// Every URL the site claims, with its owner, in the order a clash is reported: the
    /// built-in pages, the pages of the model (later pages of lists included, articles
    /// last), then the aliases. Visited one by one: at a million articles the 1.7 million
    /// paths are never all held at once.
    fn each_url<'s>(&'s self, config: &Config, visit: &mut impl FnMut(&str, Owner<'s>)) {
        let prefix = &self.prefix;
        let built_in = |what| Owner::Page("the built-in page", what);
        visit(&paths::actors_index(prefix), built_in("actors index"));
        visit(&paths::authors_index(prefix), built_in("authors index"));
        visit(&paths::tags_index(prefix), built_in("tags index"));
        visit(&paths::archive(prefix), built_in("archive index"));
        visit(&paths::not_found(prefix), built_in("not found"));
        for section in self.actor_sections() {
            let owner = Owner::Page("the actors index view", section.name());
            visit(&paths::actors_section(prefix, section), owner);
        }
        if config.search {
            visit(&paths::search(prefix), built_in("search"));
            let owner = Owner::Page("the folder of", "the search index");
            visit(&paths::search_bundle(prefix), owner);
        }
        self.each_page_url(&config.paginate, visit);
        for redirect in &self.redirects {
            visit(redirect.alias.key(), Owner::Alias(redirect));
        }
    }

    /// Every page path the model owns (later pages of lists included), with its owner.
    fn each_page_url<'s>(&'s self, paginate: &Paginate, visit: &mut impl FnMut(&str, Owner<'s>)) {
        let mut list = |path: &str, len: usize, per_page: usize, owner: Owner<'s>| {
            for (_, path) in paged_paths(path, len, per_page) {
                visit(&path, owner);
            }
        };
        list(
            "/",
            self.articles.len(),
            paginate.home,
            Owner::Page("the built-in page", "home"),
        );
        for year in &self.years {
            list(
                &year.path,
                year.count,
                paginate.archive,
                Owner::Page("the archive of", "a year"),
            );
            for month in &year.months {
                list(
                    &month.path,
                    month.articles.len(),
                    paginate.archive,
                    Owner::Page("the archive of", "a month"),
                );
            }
        }
        for actor in &self.actors {
            let owner = Owner::Page("the page of actor", &actor.name);
            list(&actor.path, actor.coverage.len(), paginate.actor, owner);
            for year in actor.year_pages(paginate) {
                list(&year.path, year.articles.len(), paginate.actor, owner);
            }
        }
        for author in &self.authors {
            let owner = Owner::Page("the page of author", &author.name);
            list(&author.path, author.articles.len(), paginate.author, owner);
        }
        for tag in &self.tags {
            list(
                &tag.path,
                tag.articles.len(),
                paginate.tag,
                Owner::Page("the page of tag", &tag.name),
            );
        }
        for article in &self.articles {
            visit(&article.path, Owner::Article(&article.meta));
        }
    }

    /// Two items with one URL: an error naming both, at the article's file and slug line.
    /// A first pass keeps only a 64-bit hash of each URL (a table of 8-byte keys, not a copy
    /// of every path); only the URLs whose hash came twice are compared as text, in a second
    /// pass, so a clash of hashes alone reports nothing.
    fn url_collisions(&self, config: &Config) -> Vec<Diagnostic> {
        let hash_of = |path: &str| rustc_hash::FxBuildHasher.hash_one(path);
        let mut problems = Vec::new();
        let mut seen: FxHashSet<u64> = FxHashSet::default();
        let mut twice: FxHashSet<u64> = FxHashSet::default();
        self.each_url(config, &mut |path, owner| {
            if let Owner::Article(meta) = owner {
                problems.extend(unwritable(path, meta));
            }
            let hash = hash_of(path);
            if !seen.insert(hash) {
                twice.insert(hash);
            }
        });
        drop(seen);
        if twice.is_empty() {
            return problems;
        }
        let mut first: FxHashMap<String, Owner<'_>> = FxHashMap::default();
        self.each_url(config, &mut |path, owner| {
            if !twice.contains(&hash_of(path)) {
                return;
            }
            match first.get(path) {
                // An alias is named as written, not by the page it makes.
                Some(earlier) => problems.push(collision(owner.url(path), earlier, &owner)),
                None => {
                    first.insert(path.to_owned(), owner);
                }
            }
        });
        problems
    }
}

/// The loaded articles sorted newest first (ties by source path, which no two share), in
/// place. Dates and indexes are sorted, then each article moved once (see [`permute`]).
fn newest_first(articles: &mut [Article]) {
    let mut order: Vec<(jiff::Timestamp, usize)> = articles
        .iter()
        .enumerate()
        .map(|(i, article)| (article.meta.published.timestamp(), i))
        .collect();
    order.par_sort_unstable_by(|(a_time, a), (b_time, b)| {
        b_time.cmp(a_time).then_with(|| {
            articles[*a]
                .meta
                .source_path
                .cmp(&articles[*b].meta.source_path)
        })
    });
    let from: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    permute(articles, from);
}

/// Reorders `items` so that position `p` holds what was at `from[p]`, in place: one swap
/// per moved item along each cycle of the permutation, no second buffer. Sorting the
/// articles themselves would move each 850-byte record many times, and sorting into a new
/// vector would hold two of every record at once (850 MB more at a million articles).
fn permute<T>(items: &mut [T], mut from: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        // `from[at] == at` marks a place already filled (or never moved).
        while from[at] != at {
            let source = from[at];
            from[at] = at;
            if source == start {
                break;
            }
            items.swap(at, source);
            at = source;
        }
    }
}

/// Every page of a list: (number, site path).
pub fn paged_paths(
    list_path: &str,
    len: usize,
    per_page: usize,
) -> impl Iterator<Item = (usize, String)> + '_ {
    (1..=page_count(len, per_page)).map(move |number| (number, route::paged(list_path, number)))
}

/// What owns a URL, for collision messages.
#[derive(Debug, Clone, Copy)]
enum Owner<'a> {
    Article(&'a ArticleMeta),
    Page(&'static str, &'a str),
    Alias(&'a redirect::Redirect),
}

impl Owner<'_> {
    /// The URL to name in a message about `path`, which the owner claims: an alias as
    /// written, anything else as is.
    fn url<'p>(&'p self, path: &'p str) -> &'p str {
        match self {
            Owner::Alias(redirect) => redirect.alias.as_str(),
            _ => path,
        }
    }

    fn describe(&self) -> String {
        match self {
            Owner::Article(meta) if meta.slug_line > 0 => {
                format!("{}:{}", meta.source_path.display(), meta.slug_line)
            }
            Owner::Article(meta) => {
                format!("{} (slug from its file name)", meta.source_path.display())
            }
            Owner::Page(what, name) => format!("{what} `{name}`"),
            Owner::Alias(redirect) => format!(
                "the alias `{}` at {}:{}",
                redirect.alias.as_str(),
                redirect.source.display(),
                redirect.line
            ),
        }
    }

    fn location(&self) -> (&Path, usize) {
        match self {
            Owner::Article(meta) => (&meta.source_path, meta.slug_line),
            Owner::Page(..) => (Path::new("site.yaml"), 0),
            Owner::Alias(redirect) => (&redirect.source, redirect.line),
        }
    }
}

/// An article path no output folder can hold: under the name of a file gazette writes at the
/// root (`/sitemap.xml/`), or with a part longer than a file name may be.
fn unwritable(path: &str, meta: &ArticleMeta) -> Option<Diagnostic> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if let Some(file) = route::ROOT_FILES.iter().find(|f| **f == first) {
        let generated = Owner::Page("the generated file", file);
        return Some(collision(path, &generated, &Owner::Article(meta)));
    }
    let long = path.split('/').find(|c| c.len() > route::MAX_NAME_BYTES)?;
    Some(
        Diagnostic::error(
            &meta.source_path,
            meta.slug_line,
            usize::from(meta.slug_line > 0),
            format!(
                "the URL of this article has a part of {} bytes; a file name may have at most {}",
                long.len(),
                route::MAX_NAME_BYTES
            ),
        )
        .with_hint("give the article a shorter `slug:`, or shorten the `permalink` pattern"),
    )
}

fn collision(path: &str, first: &Owner<'_>, second: &Owner<'_>) -> Diagnostic {
    // Point at an alias or an article when there is one: that is what the user can change.
    let at = match (first, second) {
        (_, Owner::Alias(_) | Owner::Article(_)) => second,
        _ => first,
    };
    let (file, line) = at.location();
    Diagnostic::error(
        file,
        line,
        if line > 0 { 1 } else { 0 },
        format!(
            "two items have the URL `{path}`: {} and {}",
            first.describe(),
            second.describe()
        ),
    )
    .with_hint(collision_hint(first, second))
}

/// What the user can change: an article's slug, an actor's profile slug, or a tag's name.
fn collision_hint(first: &Owner<'_>, second: &Owner<'_>) -> &'static str {
    let is = |what: &str| {
        [first, second]
            .iter()
            .any(|o| matches!(o, Owner::Page(w, _) if *w == what))
    };
    if matches!(second, Owner::Alias(_)) {
        "an alias must lead away from a URL no page or other alias has: remove or change it"
    } else if [first, second]
        .iter()
        .any(|o| matches!(o, Owner::Article(_)))
    {
        "give the article another `slug:`"
    } else if is("the page of actor") {
        "give the actor a profile (content/actors/) with its own `slug:`"
    } else if is("the page of author") {
        "give the author a profile (content/authors/) with its own `slug:`"
    } else {
        "rename the tag, or give the actor a profile with its own `slug:`"
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permuting_in_place_puts_each_item_where_the_order_says() {
        // Cycles of several lengths, a fixed point, and the identity.
        let orders: [&[usize]; 4] = [&[2, 0, 1, 3], &[1, 0, 3, 4, 2, 5], &[0, 1, 2], &[]];
        for from in orders {
            let mut items: Vec<String> = (0..from.len()).map(|i| format!("item {i}")).collect();
            let expected: Vec<String> = from.iter().map(|&i| items[i].clone()).collect();
            permute(&mut items, from.to_vec());
            assert_eq!(items, expected, "order {from:?}");
        }
    }
}
