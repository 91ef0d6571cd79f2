//! Loading content: Markdown sources into validated articles, actor and author profiles.
//!
//! Each file goes through front matter, validation and Markdown in one parallel task; every
//! problem becomes a diagnostic and the file is left out, so one bad article never hides the
//! problems of the others.

pub mod cache;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{self, Split, validate};
use crate::markdown::{Body, MarkdownRenderer, Mentions, Place};
use crate::model::actor::Profile;
use crate::model::article::Article;
use crate::model::author::AuthorProfile;
use crate::model::route;
use crate::progress::Stage;
use crate::source::SourceFile;

/// Which articles to keep and how to read them.
pub struct Choices<'a> {
    /// Keep `draft: true` articles.
    pub drafts: bool,
    /// Keep articles dated in the future.
    pub future: bool,
    /// Mention detection, when on for the site.
    pub mentions: Option<Mentions<'a>>,
    /// The actor page links of each language but the default one (`languages:`), as
    /// (language, links): an English article's first mentions lead to `/en/actors/…`.
    pub edition_links: &'a [(String, Vec<String>)],
    /// Where a whole build keeps the rendered bodies until their pages are written (see
    /// [`crate::spool`]); `None` keeps them in memory.
    pub spool: Option<&'a std::sync::Arc<crate::spool::Spool>>,
    /// What earlier builds rendered (see [`cache`]): a whole build's (`gazette build`, the
    /// first build of `watch` and `serve`); `None` for `check` and rebuilds.
    pub cache: Option<&'a cache::BodyCache>,
}

/// Mention detection with the actor links of the article's language.
fn edition_mentions<'a>(mentions: Mentions<'a>, choices: &Choices<'a>, lang: &str) -> Mentions<'a> {
    match choices.edition_links.iter().find(|(code, _)| code == lang) {
        Some((_, links)) if mentions.links.is_some() => Mentions {
            links: Some(links),
            ..mentions
        },
        _ => mentions,
    }
}

/// Reads and loads article files in parallel, each file's text dropped as soon as it is
/// parsed (an archive's sources need not all be in memory at once); drafts and future
/// articles are left out unless chosen. Unreadable files are errors. `stage` advances by one
/// per file.
pub fn article_files(
    root: &std::path::Path,
    files: &[std::path::PathBuf],
    config: &Config,
    markdown: &MarkdownRenderer,
    choices: &Choices<'_>,
    stage: &Stage,
) -> (Vec<Article>, Vec<Diagnostic>) {
    let now = jiff::Timestamp::now();
    let reader = crate::source::Reader::new(root, files);
    let results: Vec<(Option<Article>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|file| {
            let result = match reader.read(file) {
                Ok(source) => {
                    let mut problems = Vec::new();
                    let loaded = article(&source, config, markdown, choices, &mut problems)
                        .filter(|(a, _)| choices.drafts || !a.meta.draft)
                        .filter(|(a, _)| choices.future || a.meta.published.timestamp() <= now);
                    if let (Some((_, true)), Some(cache)) = (&loaded, choices.cache) {
                        cache.count_kept();
                    }
                    (loaded.map(|(article, _)| article), problems)
                }
                Err(unreadable) => (None, vec![unreadable]),
            };
            stage.advance(1);
            result
        })
        .collect();
    gather(results)
}

fn article(
    source: &SourceFile,
    config: &Config,
    markdown: &MarkdownRenderer,
    choices: &Choices<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Article, bool)> {
    let split = split(
        source,
        "an article starts with `---`, then `title:` and `date:` lines, then `---`, then the text",
        problems,
    )?;
    let raw = front_matter::parse_article(&source.path, &source.text, &split, problems)?;
    let mut meta = validate::article(
        &source.path,
        &source.text,
        raw,
        &config.timezone,
        &config.language,
        problems,
    )?;
    meta.bundle =
        crate::source::bundle::of(&config.paths.root, &source.path, problems).map(Box::new);
    let prefix = config.prefix_for(&meta.lang);
    let path = route::article_path(&prefix, &config.permalink, &meta.published, &meta.slug);
    let folder = route::bundle_folder(&path);
    let place = Place {
        bundle: meta.bundle.as_deref(),
        folder: &folder,
    };
    let body = Body {
        path: &source.path,
        file_text: &source.text,
        markdown: split.body,
        summary: meta.summary.as_deref(),
        french: meta.lang.starts_with("fr"),
        mentions: choices
            .mentions
            .filter(|_| meta.detect_mentions)
            .map(|mentions| edition_mentions(mentions, choices, &meta.lang)),
        place: Some(place),
    };
    let (mut rendered, from_cache) = render(source, &body, markdown, choices, problems);
    // Rendered into the body's two summaries; only that it was written is kept
    // (`Rendered::summary_written`), not a third copy of its text for every article.
    meta.summary = None;
    if let Some(lead) = meta.image.take() {
        let at = (source.path.as_path(), source.text.as_str());
        let (lead, reference) = markdown.resolve_lead(*lead, &place, at, problems);
        meta.image = lead.map(Box::new);
        rendered.references.extend(reference);
    }
    if let Some(spool) = choices.spool {
        rendered.html.spool_into(spool);
        rendered.text.spool_into(spool);
    }
    Some((Article::unlinked(meta, rendered), from_cache))
}

/// Renders an article's body, or takes it from the cache when its file, bundle and
/// context are those of a render the cache holds (then `true`).
fn render(
    source: &SourceFile,
    body: &Body<'_>,
    markdown: &MarkdownRenderer,
    choices: &Choices<'_>,
    problems: &mut Vec<Diagnostic>,
) -> (crate::model::Rendered, bool) {
    let Some(cache) = choices.cache else {
        return (markdown.render(body, problems), false);
    };
    let folder = body.place.as_ref().map_or("", |place| place.folder);
    let bundle = body.place.as_ref().and_then(|place| place.bundle);
    let key = cache.key(&source.path, &source.text, bundle, folder);
    let (mut rendered, from_cache) = match cache.rendered(key) {
        Some((rendered, replayed)) => {
            problems.extend(replayed);
            (rendered, true)
        }
        None => {
            let before = problems.len();
            let mut rendered = markdown.render(body, problems);
            cache.store(key, &mut rendered, &problems[before..]);
            (rendered, false)
        }
    };
    if choices.spool.is_none() {
        // A build that holds its bodies in memory reads them from the cache now.
        for text in [&mut rendered.html, &mut rendered.text] {
            let read = match text.held() {
                Some(_) => None,
                None => text.text().ok().map(std::borrow::Cow::into_owned),
            };
            if let Some(held) = read {
                *text = held.into();
            }
        }
    }
    (rendered, from_cache)
}

/// Loads every actor profile in parallel, biographies rendered.
/// `french` typesets biographies the French way (the site's language).
pub fn profiles(
    sources: &[SourceFile],
    markdown: &MarkdownRenderer,
    french: bool,
) -> (Vec<Profile>, Vec<Diagnostic>) {
    let results: Vec<(Option<Profile>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let mut problems = Vec::new();
            let profile = profile(source, markdown, french, &mut problems);
            (profile, problems)
        })
        .collect();
    gather(results)
}

fn profile(
    source: &SourceFile,
    markdown: &MarkdownRenderer,
    french: bool,
    problems: &mut Vec<Diagnostic>,
) -> Option<Profile> {
    let split = split(
        source,
        "a profile starts with `---`, then a `name:` line, then `---`, then the biography",
        problems,
    )?;
    let raw = front_matter::parse_actor(&source.path, &source.text, &split, problems)?;
    let image = raw.image.clone();
    let biography = biography(source, split.body, markdown, french, problems);
    let mut profile =
        validate::actor_profile(&source.path, &source.text, raw, biography, problems)?;
    profile.photo =
        image.and_then(|image| markdown.profile_photo(source, &image.value, image.line, problems));
    Some(profile)
}

/// Loads every author profile in parallel, biographies rendered, like [`profiles`].
pub fn author_profiles(
    sources: &[SourceFile],
    markdown: &MarkdownRenderer,
    french: bool,
) -> (Vec<AuthorProfile>, Vec<Diagnostic>) {
    let results: Vec<(Option<AuthorProfile>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let mut problems = Vec::new();
            let profile = author_profile(source, markdown, french, &mut problems);
            (profile, problems)
        })
        .collect();
    gather(results)
}

fn author_profile(
    source: &SourceFile,
    markdown: &MarkdownRenderer,
    french: bool,
    problems: &mut Vec<Diagnostic>,
) -> Option<AuthorProfile> {
    let split = split(
        source,
        "an author profile starts with `---`, then a `name:` line, then `---`, then the biography",
        problems,
    )?;
    let raw = front_matter::parse_author(&source.path, &source.text, &split, problems)?;
    let image = raw.image.clone();
    let biography = biography(source, split.body, markdown, french, problems);
    let mut profile =
        validate::author_profile(&source.path, &source.text, raw, biography, problems)?;
    profile.photo =
        image.and_then(|image| markdown.profile_photo(source, &image.value, image.line, problems));
    Some(profile)
}

/// A profile's body rendered, without mention detection: a biography names no one's page.
fn biography(
    source: &SourceFile,
    markdown_text: &str,
    markdown: &MarkdownRenderer,
    french: bool,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let body = Body {
        path: &source.path,
        file_text: &source.text,
        markdown: markdown_text,
        summary: None,
        french,
        mentions: None,
        place: None,
    };
    // A biography is rendered outside whole builds' spool: always in memory.
    markdown
        .render(&body, problems)
        .html
        .into_string()
        .unwrap_or_default()
}

fn split<'t>(
    source: &'t SourceFile,
    hint: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Split<'t>> {
    front_matter::split(&source.text)
        .map_err(|e| {
            problems.push(
                Diagnostic::error(&source.path, 1, 1, e.to_string())
                    .quoting(&source.text)
                    .with_hint(hint),
            )
        })
        .ok()
}

fn gather<T>(mut results: Vec<(Option<T>, Vec<Diagnostic>)>) -> (Vec<T>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    for (_, found) in &mut results {
        problems.append(found);
    }
    // Collected in place, into the results' own buffer: a second buffer beside it would be
    // a copy of every loaded article at once (900 MB for a million).
    let items = results.into_iter().filter_map(|(item, _)| item).collect();
    (items, problems)
}
