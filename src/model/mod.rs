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
pub mod tag;
pub mod term;

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

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
    /// The summary as plain text, for `<meta name="description">` and feeds.
    pub summary_text: String,
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
    /// Builds the model from validated articles, their rendered bodies and the actor
    /// profiles. URL collisions are errors in `diagnostics` and give `None`.
    pub fn assemble(
        loaded: Vec<(ArticleMeta, Rendered)>,
        profiles: Profiles,
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Site> {
        let (metas, bodies) = newest_first(loaded);
        let Profiles {
            actors: profiles,
            authors: author_profiles,
        } = profiles;
        let prefix = config.prefix.as_str();
        let bylines = author::assemble(&metas, author_profiles, prefix, diagnostics);
        // Actors, tags and URLs are worked out side by side (each reads only the metadata).
        let mut tag_problems = Vec::new();
        let (cast, ((tag_terms, tags_per_article), paths)) = rayon::join(
            || {
                coverage::assemble(
                    &metas,
                    &bodies,
                    profiles,
                    config.actor_graph,
                    prefix,
                    diagnostics,
                )
            },
            || {
                rayon::join(
                    || {
                        let mut tags = term::group(
                            &metas,
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
                        metas
                            .par_iter()
                            .map(|meta| {
                                route::article_path(
                                    prefix,
                                    &config.permalink,
                                    &meta.published,
                                    &meta.slug,
                                )
                            })
                            .collect::<Vec<String>>()
                    },
                )
            },
        );
        diagnostics.append(&mut tag_problems);
        let articles: Vec<Article> = metas
            .into_iter()
            .zip(bodies)
            .zip(paths)
            .zip(cast.about.into_iter().zip(cast.mentions))
            .zip(tags_per_article)
            .zip(bylines.per_article)
            .map(
                |(((((meta, body), path), (actors, mentions)), tags), authors)| Article {
                    path,
                    meta,
                    body,
                    actors,
                    mentions,
                    tags: tags.into_iter().map(TagId::new).collect(),
                    authors,
                },
            )
            .collect();
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

    /// The articles published just before and just after an article (`articles` is newest
    /// first).
    pub fn neighbours(&self, id: ArticleId) -> (Option<ArticleId>, Option<ArticleId>) {
        let index = id.index();
        let older = (index + 1 < self.articles.len()).then(|| ArticleId::new(index + 1));
        (older, index.checked_sub(1).map(ArticleId::new))
    }

    /// Every site path the model owns (later pages of lists included), with its owner.
    fn owned_paths<'s>(&'s self, paginate: &Paginate) -> Vec<(String, Owner<'s>)> {
        let mut owned: Vec<(String, Owner<'s>)> = Vec::new();
        let mut list = |path: &str, len: usize, per_page: usize, owner: Owner<'s>| {
            owned.extend(paged_paths(path, len, per_page).map(|(_, path)| (path, owner)));
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
            list(&article.path, 1, 1, Owner::Article(&article.meta));
        }
        owned
    }

    /// Two items with one URL: an error naming both, at the article's file and slug line.
    fn url_collisions(&self, config: &Config) -> Vec<Diagnostic> {
        let paginate = &config.paginate;
        let sections = self.actor_sections().into_iter().map(|s| {
            (
                paths::actors_section(&self.prefix, s),
                Owner::Page("the actors index view", s.name()),
            )
        });
        let fixed = [
            (
                paths::actors_index(&self.prefix),
                Owner::Page("the built-in page", "actors index"),
            ),
            (
                paths::authors_index(&self.prefix),
                Owner::Page("the built-in page", "authors index"),
            ),
            (
                paths::tags_index(&self.prefix),
                Owner::Page("the built-in page", "tags index"),
            ),
            (
                paths::archive(&self.prefix),
                Owner::Page("the built-in page", "archive index"),
            ),
            (
                paths::not_found(&self.prefix),
                Owner::Page("the built-in page", "not found"),
            ),
        ];
        let search = [
            (
                paths::search(&self.prefix),
                Owner::Page("the built-in page", "search"),
            ),
            (
                paths::search_bundle(&self.prefix),
                Owner::Page("the folder of", "the search index"),
            ),
        ];
        let search = search.into_iter().filter(|_| config.search);
        // One entry per page (184,000 at 100k articles): Fx hashing, not SipHash.
        let mut seen: FxHashMap<String, Owner<'_>> =
            fixed.into_iter().chain(sections).chain(search).collect();
        let mut problems = Vec::new();
        for (path, owner) in self.owned_paths(paginate) {
            if let Owner::Article(meta) = owner {
                problems.extend(unwritable(&path, meta));
            }
            if let Some(first) = seen.get(&path) {
                problems.push(collision(&path, first, &owner));
            } else {
                seen.insert(path, owner);
            }
        }
        // Aliases after every page, so that a clash names the page first and the alias second.
        for redirect in &self.redirects {
            let key = redirect.alias.key();
            let owner = Owner::Alias(redirect);
            if let Some(first) = seen.get(key) {
                problems.push(collision(redirect.alias.as_str(), first, &owner));
            } else {
                seen.insert(key.to_owned(), owner);
            }
        }
        problems
    }
}

/// The loaded articles sorted newest first (ties by source path, which no two share), split
/// into metadata and bodies. Dates and indexes are sorted, not the articles themselves: moving
/// whole articles around cost more than comparing them.
fn newest_first(loaded: Vec<(ArticleMeta, Rendered)>) -> (Vec<ArticleMeta>, Vec<Rendered>) {
    let mut order: Vec<(jiff::Timestamp, usize)> = loaded
        .iter()
        .enumerate()
        .map(|(i, (meta, _))| (meta.published.timestamp(), i))
        .collect();
    order.par_sort_unstable_by(|(a_time, a), (b_time, b)| {
        b_time
            .cmp(a_time)
            .then_with(|| loaded[*a].0.source_path.cmp(&loaded[*b].0.source_path))
    });
    let mut slots: Vec<Option<(ArticleMeta, Rendered)>> = loaded.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|(_, i)| slots[i].take().expect("each article is taken once"))
        .unzip()
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
