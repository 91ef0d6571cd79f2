//! The links between the editions of a site in several languages (`languages:`): which page
//! of one language is the same page in another.
//!
//! An article's versions are the articles that share its `translation_key`. Any other page
//! (home, archive month, actor, tag…) is the same page in another language when that language
//! has a page at the same path under its own prefix: `/2023/03/` and `/en/2023/03/`,
//! `/actors/onu/` and `/en/actors/onu/`. Both relations are symmetric, so every
//! `hreflang` alternate is answered by one pointing back.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::Config;
use crate::model::Site;
use crate::render::catalogue;

/// What every edition knows of the others.
pub struct Languages {
    editions: Vec<EditionPages>,
}

/// One language's edition, as the others see it.
struct EditionPages {
    lang: String,
    prefix: String,
    /// Site paths of every page but articles.
    pages: FxHashSet<String>,
    /// Article path → the paths of its versions in the other editions, by edition index.
    translations: FxHashMap<String, Vec<(usize, String)>>,
}

impl Languages {
    /// Links the editions, given in the order of `languages:` (the default first).
    pub fn new(editions: &[(&Config, &Site)]) -> Languages {
        let versions = versions_by_key(editions);
        let editions = editions
            .iter()
            .enumerate()
            .map(|(e, (config, site))| {
                let pages = catalogue::jobs(site, config)
                    .iter()
                    .filter(|kind| !matches!(kind, catalogue::PageKind::Article(_)))
                    .map(|kind| catalogue::path_of(kind, site))
                    .collect();
                let translations = site
                    .articles
                    .iter()
                    .filter_map(|article| {
                        let (key, _) = article.meta.translation_key.as_ref()?;
                        let others: Vec<(usize, String)> = versions[key.as_str()]
                            .iter()
                            .filter(|(other, _)| *other != e)
                            .cloned()
                            .collect();
                        (!others.is_empty()).then(|| (article.path.clone(), others))
                    })
                    .collect();
                EditionPages {
                    lang: config.language.clone(),
                    prefix: config.prefix.clone(),
                    pages,
                    translations,
                }
            })
            .collect();
        Languages { editions }
    }

    /// The language codes, the default first.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.editions.iter().map(|e| e.lang.as_str())
    }

    /// The page at `path` of edition `edition` in every language, in the order of
    /// `languages:`: its own path for its own language, `None` where a language has no such
    /// page. `is_article` says whether the page is an article, whose versions are its
    /// translations rather than the page at the same path.
    pub fn versions(&self, edition: usize, path: &str, is_article: bool) -> Vec<Option<String>> {
        let own = &self.editions[edition];
        if is_article {
            let translations = own.translations.get(path);
            return (0..self.editions.len())
                .map(|e| {
                    if e == edition {
                        return Some(path.to_owned());
                    }
                    let found = translations?.iter().find(|(other, _)| *other == e);
                    found.map(|(_, path)| path.clone())
                })
                .collect();
        }
        let bare = path.strip_prefix(own.prefix.as_str()).unwrap_or(path);
        self.editions
            .iter()
            .enumerate()
            .map(|(e, other)| {
                if e == edition {
                    return Some(path.to_owned());
                }
                let there = format!("{}{bare}", other.prefix);
                other.pages.contains(&there).then_some(there)
            })
            .collect()
    }

    /// The sitemap alternates of a page: every version's (language, path), itself included,
    /// when it has at least one other; none otherwise.
    pub fn alternates(
        &self,
        edition: usize,
        path: &str,
        is_article: bool,
    ) -> Vec<(String, String)> {
        let versions = self.versions(edition, path, is_article);
        if versions.iter().flatten().count() < 2 {
            return Vec::new();
        }
        self.editions
            .iter()
            .zip(versions)
            .filter_map(|(e, version)| Some((e.lang.clone(), version?)))
            .collect()
    }

    /// The home page of edition `edition`.
    pub fn home(&self, edition: usize) -> String {
        format!("{}/", self.editions[edition].prefix)
    }
}

/// Every translation key's articles, as (edition, path), in edition order. The first article
/// of an edition with a key is its version there; `check` reports a second one.
fn versions_by_key<'s>(
    editions: &[(&Config, &'s Site)],
) -> FxHashMap<&'s str, Vec<(usize, String)>> {
    let mut versions: FxHashMap<&str, Vec<(usize, String)>> = FxHashMap::default();
    for (e, (_, site)) in editions.iter().enumerate() {
        for article in &site.articles {
            if let Some((key, _)) = &article.meta.translation_key {
                let list = versions.entry(key.as_str()).or_default();
                if !list.iter().any(|(other, _)| *other == e) {
                    list.push((e, article.path.clone()));
                }
            }
        }
    }
    versions
}
