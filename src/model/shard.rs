//! How the search index is cut into shards: one per year, one per month for a year of more
//! than [`MONTHLY_ABOVE`] articles. In the model because two layers need the same answer: the
//! search page (render) links the shards, and the index (publish) builds them.

use std::path::{Path, PathBuf};

use crate::model::Site;
use crate::model::id::ArticleId;
use crate::model::route::{link, paths};

/// The folder, inside the output folder, that holds the index and Pagefind's scripts.
pub const BUNDLE_DIR: &str = "pagefind";

/// A year with more articles than this is cut into one shard per month.
pub const MONTHLY_ABOVE: usize = 5_000;

/// A part of the index: the articles of one year, or of one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// `2024` or `2024-03`.
    pub name: String,
    /// Its folder inside the output folder: `pagefind` for the newest shard (the primary
    /// bundle), `pagefind/<name>` for the others.
    pub folder: PathBuf,
    /// Its articles, newest first.
    pub articles: Vec<ArticleId>,
}

/// How the site's articles are cut into shards, newest first. A site without articles gets
/// one empty primary shard, so the search page always has a bundle to load.
pub fn shards(site: &Site) -> Vec<Shard> {
    let mut shards = Vec::new();
    for year in &site.years {
        if year.count > MONTHLY_ABOVE {
            for month in &year.months {
                shards.push((
                    format!("{:04}-{:02}", month.year, month.month),
                    month.articles.clone(),
                ));
            }
        } else {
            let articles = year.months.iter().flat_map(|m| m.articles.iter().copied());
            shards.push((format!("{:04}", year.year), articles.collect()));
        }
    }
    if shards.is_empty() {
        shards.push(("empty".to_owned(), Vec::new()));
    }
    // A language's edition has its own index, under its prefix: `en/pagefind`.
    let bundle = Path::new(site.prefix.trim_start_matches('/')).join(BUNDLE_DIR);
    shards
        .into_iter()
        .enumerate()
        .map(|(i, (name, articles))| Shard {
            folder: if i == 0 {
                bundle.clone()
            } else {
                bundle.join(&name)
            },
            name,
            articles,
        })
        .collect()
}

/// The folders of the shards the search page loads besides the primary bundle.
pub fn other_shard_links(site: &Site, base_path: &str) -> Vec<String> {
    shards(site)
        .iter()
        .skip(1)
        .map(|shard| {
            link(
                base_path,
                &format!("{}{}/", paths::search_bundle(&site.prefix), shard.name),
            )
        })
        .collect()
}
