//! Publishing outputs beside the HTML pages: Atom feeds, sitemaps, `robots.txt`, redirects
//! and the search index. Like pages, they are pure functions of the site model, produced as jobs the
//! pipeline runs in parallel and writes into the same staging folder.

pub mod feed;
pub mod redirects;
pub mod search;
pub mod sitemap;
pub(crate) mod xml;

use std::borrow::Cow;

use crate::config::Config;
use crate::model::Site;
use crate::model::id::{ActorId, ArticleId, AuthorId, TagId};
use crate::model::route::paths;
use crate::render::catalogue::{self, PageKind};
use feed::FeedSpec;

/// One generated file (or, for sitemaps, set of files) other than an HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    SiteFeed,
    ActorFeed(ActorId),
    TagFeed(TagId),
    AuthorFeed(AuthorId),
    Sitemaps,
    Robots,
    /// The redirect pages of every alias, `_redirects` and the nginx map.
    Redirects,
}

/// Every job the configuration asks for. Feeds and sitemaps need absolute URLs, so they are
/// only written with an absolute `base_url`; `robots.txt` is left to the site when it has one.
pub fn jobs(site: &Site, config: &Config, site_has_robots: bool) -> Vec<Job> {
    let mut jobs = Vec::new();
    if config.writes_feeds() {
        jobs.push(Job::SiteFeed);
        jobs.extend(ActorId::all(site.actors.len()).map(Job::ActorFeed));
        jobs.extend(TagId::all(site.tags.len()).map(Job::TagFeed));
        jobs.extend(AuthorId::all(site.authors.len()).map(Job::AuthorFeed));
    }
    if config.has_absolute_urls() {
        jobs.push(Job::Sitemaps);
        if !site_has_robots {
            jobs.push(Job::Robots);
        }
    }
    if !site.redirects.is_empty() {
        jobs.push(Job::Redirects);
    }
    jobs
}

/// What the sitemaps list: the site's pages, and how to make the entries of some of them.
pub struct SitemapPages<'a, F: Fn(&[PageKind]) -> Vec<sitemap::Entry>> {
    pub pages: &'a [PageKind],
    pub entries_of: F,
}

/// Produces the files of a job other than a feed (a feed is made from its [`feed_spec`])
/// and hands each to `emit` as (site path, contents), stopping at its first error. The sitemap job makes its files one at a time, each from the entries of
/// its own pages.
pub fn run<E, F: Fn(&[PageKind]) -> Vec<sitemap::Entry>>(
    job: Job,
    site: &Site,
    config: &Config,
    sitemap_pages: SitemapPages<'_, F>,
    emit: &mut impl FnMut(String, String) -> Result<(), E>,
) -> Result<(), E> {
    if job == Job::Sitemaps {
        let SitemapPages { pages, entries_of } = sitemap_pages;
        let listed: Vec<(PageKind, Option<i16>)> = pages
            .iter()
            .filter_map(|kind| Some((*kind, catalogue::sitemap_year(kind, site)?)))
            .collect();
        return sitemap::sitemaps(&listed, entries_of, config, sitemap::MAX_URLS, emit);
    }
    for (path, contents) in files(job, site, config) {
        emit(path, contents)?;
    }
    Ok(())
}

/// The files of every job but the feeds and the sitemaps, as (site path, contents).
fn files(job: Job, site: &Site, config: &Config) -> Vec<(String, String)> {
    match job {
        Job::SiteFeed | Job::ActorFeed(_) | Job::TagFeed(_) | Job::AuthorFeed(_) => {
            unreachable!(
                "a feed is made from its `feed_spec` by the caller, which keeps it when its inputs did not change"
            )
        }
        Job::Sitemaps => unreachable!("the sitemaps are made one at a time by `run`"),
        Job::Robots => vec![(paths::robots(), sitemap::robots(config))],
        Job::Redirects => redirects::files(site, config),
    }
}

/// What a feed job's feed lists (`None` for the other jobs).
pub fn feed_spec<'a>(job: Job, site: &'a Site, config: &'a Config) -> Option<FeedSpec<'a>> {
    let spec = match job {
        Job::SiteFeed => FeedSpec {
            title: config.title.clone(),
            subtitle: &config.description,
            page: Cow::Owned(paths::home(&config.prefix)),
            path: paths::site_feed(&config.prefix),
            articles: Cow::Owned(
                ArticleId::all(site.articles.len().min(config.feed_limit)).collect(),
            ),
        },
        Job::ActorFeed(index) => {
            let actor = &site.actors[index];
            FeedSpec {
                title: format!("{} · {}", actor.name, config.title),
                subtitle: actor
                    .profile
                    .as_ref()
                    .and_then(|p| p.description.as_deref())
                    .unwrap_or(""),
                page: Cow::Borrowed(&actor.path),
                path: paths::feed_of(&actor.path),
                articles: Cow::Borrowed(&actor.coverage),
            }
        }
        Job::TagFeed(index) => {
            let tag = &site.tags[index];
            FeedSpec {
                title: format!("{} · {}", tag.name, config.title),
                subtitle: "",
                page: Cow::Borrowed(&tag.path),
                path: paths::feed_of(&tag.path),
                articles: Cow::Borrowed(&tag.articles),
            }
        }
        Job::AuthorFeed(index) => {
            let author = &site.authors[index];
            FeedSpec {
                title: format!("{} · {}", author.name, config.title),
                subtitle: author
                    .profile
                    .as_ref()
                    .and_then(|p| p.role.as_deref())
                    .unwrap_or(""),
                page: Cow::Borrowed(&author.path),
                path: paths::feed_of(&author.path),
                articles: Cow::Borrowed(&author.articles),
            }
        }
        Job::Sitemaps | Job::Robots | Job::Redirects => return None,
    };
    Some(spec)
}
