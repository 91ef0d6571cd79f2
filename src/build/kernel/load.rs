//! The start of every build and of `check`: the profiles, the articles and the templates read,
//! and the site assembled. Nothing here writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Edition, Keep, Readers};
use crate::build::{BuildError, BuildOptions, Stages};
use crate::config::{Config, LinkMentions, RawHtml};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load;
use crate::load::cache::{BodyCache, Digest};
use crate::markdown::{MarkdownRenderer, Mentions};
use crate::model::actor::ActorIndex;
use crate::model::article::{Article, ArticleMeta};
use crate::model::author::AuthorIndex;
use crate::model::route::{link, paths};
use crate::model::{Profiles, Site};
use crate::progress::Step;
use crate::render::{HoldCards, Renderer};
use crate::source;

/// What [`everything`] read: the site and the templates unless the content is too broken to
/// assemble them, and every problem found.
pub(crate) struct Everything {
    pub config: Config,
    pub site: Option<Site>,
    pub renderer: Option<Renderer>,
    pub readers: Option<Readers>,
    pub diagnostics: Diagnostics,
    /// The editions of the other languages of `languages:`, each assembled like `site` from
    /// the articles in its language; empty for a site in one language.
    pub others: Vec<Edition>,
    /// Whether the pages are to hold every body and card in memory: sessions and smaller
    /// archives; a large archive's whole build spools its bodies (see [`super::HELD_UP_TO`]).
    pub hold: HoldCards,
    /// The body cache, when the build reads its texts from it until the end (its lock is
    /// held as long); a build that holds its bodies in memory let go of it once they were read.
    pub body_cache: Option<BodyCache>,
    /// How many articles had their bodies from the body cache.
    pub articles_cached: usize,
}

/// Whether [`everything`] reads and writes the body cache ([`crate::load::cache`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cache {
    /// A build (the first of `watch` and `serve` too).
    Use,
    /// `check`, which writes nothing, and `gazette build --no-cache`.
    No,
}

/// The spool of a large archive's bodies in a whole build: an unnamed file beside the output
/// folder, where the staging folder goes too. Smaller archives and sessions hold their bodies
/// in memory (a rebuild compares and replaces them); so does a build whose output folder has
/// no parent folder yet.
fn spool(config: &Config) -> Option<std::sync::Arc<crate::spool::Spool>> {
    let parent = config.paths.output.parent()?;
    let folder = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    crate::spool::Spool::create_in(folder).ok()
}

/// Reads the profiles, indexes them, then reads and renders every article with mention
/// detection (drafts and future articles left out unless asked for), loads the templates and
/// assembles the site.
pub(crate) fn everything(
    config: Config,
    options: &BuildOptions,
    keep: Keep,
    cache: Cache,
    clock: &mut Stages,
) -> Result<Everything, BuildError> {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(feeds_warning(&config));
    diagnostics.extend(trusted_html_note(&config));
    let markdown = MarkdownRenderer::new(&config);
    let (article_files, index) = discover(&config, &markdown, &mut diagnostics)?;
    diagnostics.extend(bundle_problems(&config, article_files.iter()));
    let detector = config
        .detect_mentions
        .then(|| index.actors.detector())
        .flatten();
    let actor_links = actor_links(&index.actors, &config);
    let mentions = detector.as_ref().map(|detector| Mentions {
        detector,
        links: actor_links.as_deref(),
    });
    let editions = config.editions();
    let edition_links: Vec<(String, Vec<String>)> = editions
        .iter()
        .skip(1)
        .filter_map(|edition| {
            let links = self::actor_links(&index.actors, edition)?;
            Some((edition.language.clone(), links))
        })
        .collect();
    let hold = match keep {
        Keep::ForRebuilds => HoldCards::Yes,
        Keep::Nothing => super::hold_for(article_files.len(), config.search),
    };
    let spool = (hold == HoldCards::No).then(|| spool(&config)).flatten();
    let mut body_cache = (cache == Cache::Use)
        .then(|| {
            BodyCache::open(
                &config.paths.body_cache,
                body_cache_context(&config, options),
            )
        })
        .flatten();
    let choices = load::Choices {
        drafts: options.drafts,
        future: options.future,
        mentions,
        edition_links: &edition_links,
        spool: spool.as_ref(),
        cache: body_cache.as_ref(),
    };
    clock.lap("profiles");
    let stage = clock.progress.stage(Step::Articles, article_files.len());
    let root = &config.paths.root;
    let (loaded, problems) =
        load::article_files(root, &article_files, &config, &markdown, &choices, &stage);
    stage.finish();
    diagnostics.extend(problems);
    let articles_cached = body_cache.as_ref().map_or(0, BodyCache::hits);
    if let Some(cache) = &mut body_cache {
        cache.commit();
    }
    if spool.is_none() {
        // Every text was read into memory (see `load::article_files`).
        body_cache = None;
    }
    clock.lap("articles (read, front matter, Markdown, mentions)");
    let readers = (keep == Keep::ForRebuilds).then(|| Readers {
        index: index.clone(),
        markdown,
        detector,
        actor_links,
        sources: article_files
            .iter()
            .map(|file| relative_to_root(file, &config))
            .collect::<BTreeSet<PathBuf>>(),
    });
    drop(article_files);
    let renderer = Renderer::load(&config)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let (mut site, mut others) = if editions.len() == 1 {
        let site = Site::assemble(loaded, index, &config, diagnostics.as_vec_mut());
        (site, Vec::new())
    } else {
        assemble_editions(loaded, index, &config, editions, &mut diagnostics)
    };
    if keep == Keep::Nothing {
        let sites = site
            .iter_mut()
            .chain(others.iter_mut().map(|e| &mut e.site));
        sites.for_each(Site::drop_written_names);
    }
    Ok(Everything {
        config,
        site,
        renderer,
        readers,
        diagnostics,
        others,
        hold,
        body_cache,
        articles_cached,
    })
}

/// What every article's body is rendered from besides its own file (see
/// [`crate::load::cache`]): this gazette, `site.yaml` (with the root it is read from and the
/// theme a flag chose) and every file of the actor profiles, whose names mentions find and
/// whose pages they link to. Author profiles are not among them: no body depends on them.
fn body_cache_context(config: &Config, options: &BuildOptions) -> u128 {
    let mut digest = Digest::new();
    digest.part(crate::render::fingerprint::this_gazette().as_bytes());
    let root = &config.paths.root;
    digest.part(root.as_os_str().as_encoded_bytes());
    let site_yaml = std::fs::read(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    digest.part(&site_yaml);
    digest.part(format!("{:?}", options.overrides.theme).as_bytes());
    let mut profiles = list(&config.paths.actors, config).unwrap_or_default();
    profiles.sort();
    for file in profiles {
        digest.part(file.as_os_str().as_encoded_bytes());
        digest.part(&std::fs::read(&file).unwrap_or_default());
    }
    digest.finish()
}

/// The site of the default language (`config`'s) and the editions of the others, each
/// assembled from the articles in its language, with its own templates.
fn assemble_editions(
    loaded: Vec<Article>,
    index: Profiles,
    config: &Config,
    editions: Vec<Config>,
    diagnostics: &mut Diagnostics,
) -> (Option<Site>, Vec<Edition>) {
    let mut parts = by_language(loaded, &editions, diagnostics);
    let first = parts.remove(0);
    let mut site = Site::assemble(first, index.clone(), config, diagnostics.as_vec_mut());
    let mut others = Vec::new();
    for (edition, part) in editions.into_iter().skip(1).zip(parts) {
        let mut index = index.clone();
        for profile in &mut index.actors.profiles {
            profile.in_language(&edition.language);
        }
        let site = Site::assemble(part, index, &edition, diagnostics.as_vec_mut());
        let renderer = Renderer::load(&edition)
            .map_err(|problems| diagnostics.extend(problems))
            .ok();
        if let (Some(site), Some(renderer)) = (site, renderer) {
            others.push(Edition::new(edition, site, renderer));
        }
    }
    // One `_redirects` file serves every language: the default edition writes all aliases.
    // An alias every edition has (an author's, whose profile they share) leads to the
    // default edition's page: one rule and one page per alias, never two that disagree.
    if let Some(site) = &mut site {
        let mut claimed: std::collections::HashSet<String> = (site.redirects.iter())
            .map(|r| r.alias.key().to_owned())
            .collect();
        for other in &mut others {
            for redirect in std::mem::take(&mut other.site.redirects) {
                if claimed.insert(redirect.alias.key().to_owned()) {
                    site.redirects.push(redirect);
                }
            }
        }
    }
    diagnostics.extend(translation_problems(site.as_ref(), &others));
    (site, others)
}

/// The articles of each edition (in the order of `editions`), by their `lang`. An article in
/// a language the site does not list stays in the default one, with a warning.
fn by_language(
    loaded: Vec<Article>,
    editions: &[Config],
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<Article>> {
    let mut parts: Vec<Vec<Article>> = editions.iter().map(|_| Vec::new()).collect();
    for article in loaded {
        let edition = editions
            .iter()
            .position(|e| e.language == article.meta.lang);
        if edition.is_none() {
            diagnostics.push(unlisted_language(&article.meta, editions));
        }
        parts[edition.unwrap_or(0)].push(article);
    }
    parts
}

/// Actor profiles in the other languages of a site in several languages:
/// `content/actors/onu.en.md` beside `onu.md` gives its English name, description and
/// biography.
mod translations {
    use std::path::{Path, PathBuf};

    use crate::config::Config;
    use crate::diagnostics::Diagnostic;
    use crate::load;
    use crate::markdown::MarkdownRenderer;
    use crate::model::actor::{Profile, ProfileTranslation};
    use crate::source;

    /// The profile files, and the translation files with their language (`onu.en.md`: `en`
    /// when `en` is one of the site's other languages).
    pub(super) fn split(
        files: Vec<PathBuf>,
        config: &Config,
    ) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
        if !config.is_multilingual() {
            return (files, Vec::new());
        }
        let mut profiles = Vec::new();
        let mut translations = Vec::new();
        for file in files {
            match language_of(&file, &config.languages[1..]) {
                Some(lang) => translations.push((file, lang)),
                None => profiles.push(file),
            }
        }
        (profiles, translations)
    }

    fn language_of(file: &Path, languages: &[String]) -> Option<String> {
        let stem = file.file_stem()?.to_str()?;
        let (_, lang) = stem.rsplit_once('.')?;
        languages.iter().find(|l| *l == lang).cloned()
    }

    /// Reads each translation and gives it to the profile of its folder and name; its name
    /// becomes an alias of the profile, so articles in that language find the actor by it.
    pub(super) fn attach(
        profiles: &mut [Profile],
        files: Vec<(PathBuf, String)>,
        config: &Config,
        markdown: &MarkdownRenderer,
        problems: &mut Vec<Diagnostic>,
    ) {
        for (file, lang) in files {
            let (sources, unreadable) =
                source::read_all(&config.paths.root, std::slice::from_ref(&file));
            problems.extend(unreadable);
            let (read, more) = load::profiles(&sources, markdown, lang.starts_with("fr"));
            problems.extend(more);
            let Some(translation) = read.into_iter().next() else {
                continue;
            };
            let base = translation.source_path.with_file_name(format!(
                "{}.md",
                Path::new(translation.source_path.file_stem().unwrap_or_default())
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
            ));
            let Some(profile) = profiles.iter_mut().find(|p| p.source_path == base) else {
                problems.push(
                    Diagnostic::warning(&translation.source_path, 1, 1, format!(
                        "this `{lang}` version of a profile has no profile {} beside it; it is not shown",
                        base.display()
                    ))
                    .with_hint("name it after the profile it translates: `onu.md` and `onu.en.md`"),
                );
                continue;
            };
            let names = std::iter::once(&translation.name).chain(&translation.aliases);
            for name in names {
                if !profile.aliases.contains(name) && *name != profile.name {
                    profile.aliases.push(name.clone());
                }
            }
            profile.translations.push(ProfileTranslation {
                lang,
                name: translation.name,
                description: translation.description,
                biography: translation.biography,
            });
        }
    }
}

/// Two articles of one language that share a `translation_key`: only the first (newest) is
/// linked to its translations.
fn translation_problems(site: Option<&Site>, others: &[Edition]) -> Vec<Diagnostic> {
    let sites = site.into_iter().chain(others.iter().map(|e| &e.site));
    let mut problems = Vec::new();
    for site in sites {
        let mut first: std::collections::HashMap<&str, &ArticleMeta> = Default::default();
        for article in &site.articles {
            let Some((key, line)) = &article.meta.translation_key else {
                continue;
            };
            match first.get(key.as_str()) {
                None => {
                    first.insert(key, &article.meta);
                }
                Some(kept) => problems.push(
                    Diagnostic::warning(
                        &article.meta.source_path,
                        *line,
                        1,
                        format!(
                            "`translation_key: {key}` is also the key of {}, in the same language (`{}`); only that one is linked to its translations",
                            kept.source_path.display(),
                            article.meta.lang
                        ),
                    )
                    .with_hint("give each version of a story a different language, or this story its own key"),
                ),
            }
        }
    }
    problems
}

/// An article in a language `languages:` does not list.
fn unlisted_language(meta: &ArticleMeta, editions: &[Config]) -> Diagnostic {
    let listed: Vec<&str> = editions.iter().map(|e| e.language.as_str()).collect();
    let message = format!(
        "`lang: {}` is not one of the site's languages ({}); the article is placed with the `{}` ones",
        meta.lang,
        listed.join(", "),
        listed[0]
    );
    Diagnostic::warning(&meta.source_path, meta.lang_line.max(1), 1, message).with_hint(format!(
        "write one of {} in `lang:`, or add `{}` to `languages:` in site.yaml",
        listed.join(", "),
        meta.lang
    ))
}

/// Lists the article files while the profiles are read and indexed (one thread, a system
/// call per folder, against the profiles' parsing).
fn discover(
    config: &Config,
    markdown: &MarkdownRenderer,
    diagnostics: &mut Diagnostics,
) -> Result<(Vec<PathBuf>, Profiles), BuildError> {
    let (article_files, index) = rayon::join(
        || list(&config.paths.articles, config),
        || -> Result<_, BuildError> {
            let french = config.language.starts_with("fr");
            let (profile_files, translation_files) =
                translations::split(list(&config.paths.actors, config)?, config);
            let (profile_sources, mut problems) =
                source::read_all(&config.paths.root, &profile_files);
            let (mut profiles, more) = load::profiles(&profile_sources, markdown, french);
            problems.extend(more);
            translations::attach(
                &mut profiles,
                translation_files,
                config,
                markdown,
                &mut problems,
            );
            let actors = ActorIndex::new(profiles, &mut problems);
            let authors = author_index(config, markdown, &mut problems)?;
            Ok((Profiles { actors, authors }, problems))
        },
    );
    let (index, problems) = index?;
    diagnostics.extend(problems);
    Ok((article_files?, index))
}

/// Reads and indexes the author profiles (a rebuild after a profile edit reads them again
/// alone: no article's text depends on them).
pub(super) fn author_index(
    config: &Config,
    markdown: &MarkdownRenderer,
    problems: &mut Vec<Diagnostic>,
) -> Result<AuthorIndex, BuildError> {
    let files = list(&config.paths.authors, config)?;
    let (sources, unreadable) = source::read_all(&config.paths.root, &files);
    problems.extend(unreadable);
    let french = config.language.starts_with("fr");
    let (profiles, more) = load::author_profiles(&sources, markdown, french);
    problems.extend(more);
    Ok(AuthorIndex::new(profiles, problems))
}

/// The Markdown files under `dir`, as absolute paths.
pub(super) fn list(dir: &Path, config: &Config) -> Result<Vec<PathBuf>, BuildError> {
    source::discover(dir, &config.paths.root).map_err(|source| BuildError::Discover {
        path: dir.to_path_buf(),
        source,
    })
}

/// The page bundle folder rules over the article files found (absolute or relative paths).
pub(super) fn bundle_problems<'p>(
    config: &Config,
    files: impl Iterator<Item = &'p PathBuf>,
) -> Vec<Diagnostic> {
    let relative: Vec<PathBuf> = files.map(|file| relative_to_root(file, config)).collect();
    let articles = relative_to_root(&config.paths.articles, config);
    source::bundle::folder_problems(&articles, &relative)
}

/// Feeds and sitemaps need an absolute `base_url`: say so when a site asks for feeds without one.
fn feeds_warning(config: &Config) -> Option<Diagnostic> {
    (config.feeds && !config.has_absolute_urls()).then(|| {
        // `base_url:` may be written without a scheme; else `feeds:`, if written, asked.
        let line = match config.line_of("base_url") {
            0 => config.line_of("feeds"),
            line => line,
        };
        Diagnostic::warning(
            Path::new("site.yaml"),
            line,
            1,
            "no Atom feeds or sitemap were written: they need an absolute `base_url`".to_owned(),
        )
        .with_hint("set `base_url: https://example.org/`, or `feeds: false` if the site has no address yet")
    })
}

/// With `raw_html: allow`, nothing checks what authors write in HTML: said once per build, so
/// that a site copied from elsewhere does not trust its authors unawares.
fn trusted_html_note(config: &Config) -> Option<Diagnostic> {
    (config.raw_html == RawHtml::Allow).then(|| {
        Diagnostic::warning(
            Path::new("site.yaml"),
            config.line_of("raw_html"),
            1,
            "`raw_html: allow`: raw HTML in articles is trusted as written (scripts, event handlers and embeds from any host included)".to_owned(),
        )
        .with_hint("keep it only if every author is trusted; remove the line to sanitise raw HTML")
    })
}

/// A path of the site relative to its root, as sources are named.
pub(super) fn relative_to_root(path: &Path, config: &Config) -> PathBuf {
    path.strip_prefix(&config.paths.root)
        .unwrap_or(path)
        .to_path_buf()
}

/// The link of each profiled actor's page in one edition, when first mentions are linked.
fn actor_links(index: &ActorIndex, config: &Config) -> Option<Vec<String>> {
    (config.link_mentions == LinkMentions::First).then(|| {
        index
            .profiles
            .iter()
            .map(|p| link(&config.base_path, &paths::actor(&config.prefix, &p.slug)))
            .collect()
    })
}
