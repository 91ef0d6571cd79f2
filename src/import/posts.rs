//! Posts of static site generators (Hugo, Jekyll): front matter in YAML or TOML, mapped to
//! gazette's keys, the body kept as written, template tags listed for the editor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_yaml::{Mapping, Value};

use super::convert::Article;
use super::urls::{self, SourceSite};
use super::{
    ImportError, Progress, Report, Target, attributes, bylines, fields, files, html, legacy,
    line_of, links, tags,
};
use crate::config::Permalink;
use crate::model::date;
use crate::model::route::article_path;
use crate::model::slug::{Slug, slugify};
use crate::progress::Step;

/// What a generator's reader knows about a post besides its front matter.
pub struct Hints<'a> {
    /// Display names of author slugs, from the author profiles.
    pub authors: &'a HashMap<String, String>,
    /// The language a post's folder says it is in (Hugo's `content/fr/`).
    pub lang: Option<String>,
    /// The post's path as its generator's URL rules see it: from the site root (Jekyll) or
    /// from `content/` (Hugo).
    pub relative: PathBuf,
    /// Jekyll: the folders above `_posts/`, which are categories.
    pub categories: Vec<String>,
}

/// One post read, before its body's links to other posts are resolved.
struct Read<'h> {
    shown: PathBuf,
    article: Article,
    /// The file line of the body's first line, to give body lines as file lines.
    body_line: usize,
    /// An `.html` post: its body is HTML, not Markdown.
    is_html: bool,
    /// Its front matter, for `{{ page.x }}` in its body.
    page: Mapping,
    /// Author slug → display name, for `{{ "jane" | team_link }}` in its body.
    authors: &'h HashMap<String, String>,
    /// The folder of its page on the old site, where its relative files were.
    old_folder: String,
    /// The file line of its lead photo's key, for the note on its file.
    image_line: usize,
}

/// Converts and writes every post; `hints` gives each post's extra knowledge.
pub fn import_all<'h>(
    posts: &[PathBuf],
    source_root: &Path,
    hints: impl Fn(&Path) -> Hints<'h>,
    site: &SourceSite,
    target: &mut Target,
    report: &mut Report,
    progress: &Progress,
) -> Result<(), ImportError> {
    report.posts += posts.len();
    if let Some(assumed) = site.assumption() {
        report.notes.push((source_root.to_path_buf(), 0, assumed));
    }
    let stage = progress.stage(Step::Import, posts.len());
    let mut read = Vec::new();
    for post in posts {
        let shown = post.strip_prefix(source_root).unwrap_or(post).to_path_buf();
        let converted = std::fs::read_to_string(post)
            .map_err(|e| format!("cannot read it as UTF-8 text: {e}"))
            .and_then(|text| {
                let hints = hints(post);
                convert(&shown, &text, &hints, site, target, report)
            });
        match converted {
            Ok(one) => read.push(one),
            Err(reason) => report.failed.push((shown, reason)),
        }
        stage.advance(1);
    }
    let permalink = keep_urls(&mut read, target, report);
    // Slugs made unique before links to posts are resolved, so a link reaches the `-2`.
    for one in &mut read {
        target.reserve(&one.shown, &mut one.article, report);
    }
    let index = new_urls(&read, &permalink, &target.config);
    let known = known_pages(&read, &permalink, &target.config);
    let audit = crate::markdown::audit(&target.config);
    for mut one in read {
        resolve_body(&mut one, site, &index, report);
        bring_files_along(&mut one, source_root, target, report);
        if !one.is_html {
            relink_pages(&mut one, &known, target, report);
        }
        keep_html_whole(&mut one, site, report);
        modernise_html(&mut one, report);
        strip_attributes(&mut one, audit.as_ref(), report);
        target.write_article(&one.shown, one.article, report)?;
    }
    stage.finish();
    Ok(())
}

/// Every post's new URL by the names other posts link to it with: path from the source
/// root, file name and file stem (`{% post_url 2016-01-02-x %}`, `{{< ref "x.md" >}}`).
fn new_urls(
    read: &[Read<'_>],
    permalink: &Permalink,
    site: &crate::config::Config,
) -> HashMap<String, String> {
    let mut index = HashMap::new();
    for one in read {
        let a = &one.article;
        let prefix = site.prefix_for(a.lang.as_deref().unwrap_or(&site.language));
        let url = article_path(&prefix, permalink, &a.date, &a.slug);
        let path = one.shown.to_string_lossy().replace('\\', "/");
        let mut names = vec![path.clone()];
        if let Some(content) = path.strip_prefix("content/") {
            names.push(content.to_owned());
        }
        if let Some(name) = one.shown.file_name() {
            names.push(name.to_string_lossy().into_owned());
        }
        if let Some(stem) = one.shown.file_stem() {
            let stem = stem.to_string_lossy();
            if stem == "index" || stem == "_index" {
                if let Some(folder) = one.shown.parent().and_then(|p| p.file_name()) {
                    names.push(folder.to_string_lossy().into_owned());
                }
            } else {
                names.push(stem.into_owned());
            }
        }
        for name in names {
            index.entry(name).or_insert_with(|| url.clone());
        }
    }
    index
}

/// With `--keep-urls`, the pattern that gives every post its old URL: when there is one,
/// the old URLs are no aliases (they will be the URLs) and links to posts use it; the
/// pattern, or why there is none, goes in the report. The site's permalink otherwise.
fn keep_urls(read: &mut [Read<'_>], target: &Target, report: &mut Report) -> Permalink {
    if !target.keep_urls {
        return target.config.permalink.clone();
    }
    let olds: Vec<_> = read
        .iter()
        .filter_map(|one| {
            let a = &one.article;
            Some((a.old_url.clone()?, a.date.clone(), a.slug.clone()))
        })
        .collect();
    let found = urls::keeping_pattern(&olds);
    let permalink = found.as_ref().ok().and_then(|p| Permalink::parse(p).ok());
    report.keep_urls = Some(found);
    match permalink {
        Some(permalink) => {
            for one in read.iter_mut() {
                one.article.old_url = None;
            }
            permalink
        }
        None => target.config.permalink.clone(),
    }
}

/// Template tags resolved, what is left listed; one note per kind of change per file.
fn resolve_body(
    one: &mut Read<'_>,
    site: &SourceSite,
    index: &HashMap<String, String>,
    report: &mut Report,
) {
    let context = tags::Context {
        site,
        posts: index,
        html: one.is_html,
        page: &one.page,
        authors: one.authors,
    };
    let (body, changes) = tags::resolve(&one.article.body, &context);
    one.article.body = body;
    let mut kinds: Vec<(usize, String, usize)> = Vec::new();
    for (line, what) in changes {
        let kind = what.split(':').next().unwrap_or_default().to_owned();
        match kinds.iter_mut().find(|(_, k, _)| *k == kind) {
            Some((_, _, count)) => *count += 1,
            None => kinds.push((line, kind, 1)),
        }
    }
    for (line, kind, count) in kinds {
        let times = if count > 1 {
            format!(" ({count} times)")
        } else {
            String::new()
        };
        report.notes.push((
            one.shown.clone(),
            line + one.body_line - 1,
            format!("{kind}{times}"),
        ));
    }
    for (line, what) in template_tags(&one.article.body) {
        report
            .notes
            .push((one.shown.clone(), line + one.body_line - 1, what));
    }
}

/// HTML kept as the source generator showed it (see [`html`]): an `.html` post's body as one
/// block, and in a Jekyll post, each block element whole to its end tag as kramdown reads it.
fn keep_html_whole(one: &mut Read<'_>, site: &SourceSite, report: &mut Report) {
    if one.is_html {
        one.article.body = html::body(&one.article.body);
        return;
    }
    if site.generator != urls::Generator::Jekyll {
        return;
    }
    let (body, joined) = html::kramdown_blocks(&one.article.body);
    if joined > 0 {
        let note = format!(
            "{joined} HTML block(s) with blank lines inside kept whole, as kramdown reads them"
        );
        report.notes.push((one.shown.clone(), one.body_line, note));
    }
    one.article.body = body;
}

/// Obsolete markup in its HTML5 form and headings without gaps (see [`legacy`]), one note
/// per kind of change.
fn modernise_html(one: &mut Read<'_>, report: &mut Report) {
    let rewritten = legacy::modernise(&one.article.body);
    rewrite_body(one, rewritten, report);
}

/// Puts a rewritten body in place, and its notes (by body line) into the report at their
/// file lines.
fn rewrite_body(
    one: &mut Read<'_>,
    (body, notes): (String, Vec<(usize, String)>),
    report: &mut Report,
) {
    one.article.body = body;
    for (line, note) in notes {
        report
            .notes
            .push((one.shown.clone(), line + one.body_line - 1, note));
    }
}

/// Attributes the build's sanitiser would remove taken out (see [`attributes`]), after
/// [`modernise_html`] has made `<a name>` an `id`; one note per kind.
fn strip_attributes(
    one: &mut Read<'_>,
    audit: Option<&crate::markdown::Audit>,
    report: &mut Report,
) {
    let Some(audit) = audit else {
        return;
    };
    let rewritten = attributes::strip(&one.article.body, audit);
    rewrite_body(one, rewritten, report);
}

/// Every imported post's new URL with the old URLs it answered at.
fn known_pages(
    read: &[Read<'_>],
    permalink: &Permalink,
    site: &crate::config::Config,
) -> links::Known {
    let mut known = links::Known::default();
    for one in read {
        let a = &one.article;
        let olds = a.aliases.iter().cloned().chain(a.old_url.clone());
        let prefix = site.prefix_for(a.lang.as_deref().unwrap_or(&site.language));
        known.add(&article_path(&prefix, permalink, &a.date, &a.slug), olds);
    }
    known
}

/// Links of the post's Markdown to pages of the old site, pointed where they now lead (see
/// [`links`]); one note per link, at its line.
fn relink_pages(one: &mut Read<'_>, known: &links::Known, target: &Target, report: &mut Report) {
    let (body, moved) = links::relink(&one.article.body, known, target.source_url.as_deref());
    for files::Moved { at, note } in moved {
        // `at` is an offset of the body as it was.
        let line = line_of(&one.article.body, at) + one.body_line - 1;
        report.notes.push((one.shown.clone(), line, note));
    }
    one.article.body = body;
}

/// The images and files the post uses (Markdown or raw HTML), copied from the source or pointed at the
/// old site (see [`files`]); one note per file, at its line.
fn bring_files_along(one: &mut Read<'_>, source_root: &Path, target: &Target, report: &mut Report) {
    let post_folder = source_root.join(&one.shown);
    let places = files::Places {
        source_root,
        post_folder: post_folder.parent().unwrap_or(source_root),
        old_folder: &one.old_folder,
        site_static: &target.config.paths.static_files,
        source_url: target.source_url.as_deref(),
        dry_run: target.dry_run,
    };
    let (body, moved) = files::bring_along(&one.article.body, &places);
    for files::Moved { at, note } in moved {
        // `at` is an offset of the body as it was.
        let line = line_of(&one.article.body, at) + one.body_line - 1;
        report.notes.push((one.shown.clone(), line, note));
    }
    one.article.body = body;
    let local = |i: &String| !i.starts_with("https://") && !i.starts_with("http://");
    if let Some(image) = one.article.image.take_if(|i| local(i)) {
        let (url, note) = files::place(&image, true, &places);
        report.notes.push((
            one.shown.clone(),
            one.image_line,
            format!("lead photo: {note}"),
        ));
        // Kept even when missing: the build then names the `image:` line, as the note does.
        one.article.image = Some(url);
    }
}

/// Whether a body opens with an HTML element (the old CMS's HTML): gazette's automatic
/// summary is the first Markdown paragraph, which such a body does not have.
fn opens_with_html(body: &str) -> bool {
    let start = body.trim_start();
    start.starts_with('<') && start[1..].starts_with(|c: char| c.is_ascii_alphabetic())
}

/// The text of the first HTML paragraph (`<p>…</p>`) with some words, as the summary: what
/// Jekyll's and Hugo's excerpt showed. Cut at about 50 words.
fn html_summary(body: &str) -> Option<String> {
    static PARAGRAPH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<p(?:\s[^>]*)?>(.*?)</p\s*>").expect("a valid pattern"));
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("a valid pattern"));
    PARAGRAPH.captures_iter(body).find_map(|c| {
        let text = TAG.replace_all(&c[1], " ");
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() < 4 {
            return None;
        }
        let cut = if words.len() > 60 {
            &words[..50]
        } else {
            &words[..]
        };
        let mut summary = decode_entities(&cut.join(" "));
        if cut.len() < words.len() {
            summary.push('…');
        }
        Some(summary)
    })
}

/// One post to an article, or why it cannot be one.
fn convert<'h>(
    path: &Path,
    text: &str,
    hints: &Hints<'h>,
    site: &SourceSite,
    target: &Target,
    report: &mut Report,
) -> Result<Read<'h>, String> {
    let (fields, body) = fields::read(text)?;
    for (line, note) in &fields.notes {
        report.notes.push((path.to_path_buf(), *line, note.clone()));
    }
    let not_kept = fields.keys_not_in(READ_KEYS);
    if !not_kept.is_empty() {
        report.keys_not_kept.push((path.to_path_buf(), not_kept));
    }
    let get = |keys: &[&str]| fields.get(keys);
    let title = post_title(get(&["title"]), (path, key_line(text, "title")), report)?;
    let tz = &target.config.timezone;
    let written_date = get(&["date"])
        .and_then(scalar)
        .map(|d| with_time(d, get(&["time"])));
    let date = post_date(path, written_date, key_line(text, "date"), tz, report)?;
    let written_slug = get(&["slug"]).and_then(scalar);
    let slug = post_slug(path, written_slug.clone(), &title, hints.lang.as_deref())?;
    // A post's authors are its byline, not what it is about: `authors:`, not `actors:`.
    let author_line = key_line(text, "author").max(key_line(text, "authors"));
    let authors = byline(get(&["authors", "author"]), (path, author_line), report)
        .into_iter()
        .map(|a| hints.authors.get(&a).cloned().unwrap_or(a))
        .collect();
    let mut tags = list(get(&["tags"]));
    tags.extend(list(get(&["categories"])));
    tags.extend(list(get(&["topics"])));
    tags.dedup();
    let draft = get(&["draft"]).and_then(Value::as_bool) == Some(true)
        || get(&["published"]).and_then(Value::as_bool) == Some(false);
    let lang = get(&["lang", "language"])
        .and_then(scalar)
        .or_else(|| hints.lang.clone())
        .filter(|l| *l != target.config.language);
    let updated = get(&["lastmod", "last_modified_at", "updated"])
        .and_then(scalar)
        .and_then(|t| date::parse(&t, tz).ok());
    let web =
        |v: &Value| scalar(v).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let mut categories = hints.categories.clone();
    categories.extend(list(get(&["categories"])));
    categories.extend(list(get(&["category"])));
    let place = urls::Place {
        relative: &hints.relative,
        date: &date,
        title: &title,
        slug: written_slug.as_deref(),
        categories: &categories,
        lang_folder: hints.lang.as_deref(),
    };
    let old_folder = old_folder(site, &place);
    let (aliases, old_url) = old_urls((path, text), &fields, site, &place, report);
    Ok(Read {
        shown: path.to_path_buf(),
        body_line: line_of(text, text.len() - body.len()),
        is_html: matches!(super::extension(path).as_str(), "html" | "htm"),
        page: fields.map.clone(),
        authors: hints.authors,
        old_folder,
        image_line: IMAGE_KEYS
            .iter()
            .map(|k| key_line(text, k))
            .find(|l| *l > 0)
            .unwrap_or(0),
        article: Article {
            title,
            date,
            slug,
            actors: Vec::new(),
            authors,
            tags,
            summary: get(&["summary", "description", "excerpt", "teaser"])
                .and_then(scalar)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .or_else(|| opens_with_html(body).then(|| html_summary(body)).flatten()),
            draft,
            source: get(&["source_url", "canonical_url", "source"]).and_then(web),
            lang,
            translation_key: get(&["translationkey", "translation_key"]).and_then(scalar),
            updated,
            // A lead photo's address: a web one as it is, a local one brought along later.
            image: get(IMAGE_KEYS).and_then(scalar),
            image_alt: get(IMAGE_ALT_KEYS).and_then(scalar),
            aliases,
            old_url,
            reserved: None,
            comments: Vec::new(),
            body: body.to_owned(),
        },
    })
}

/// A lead photo's keys, and its description's, first found wins.
const IMAGE_KEYS: &[&str] = &["image", "featured_image", "thumbnail", "thumb"];
const IMAGE_ALT_KEYS: &[&str] = &[
    "image_alt",
    "image-alt",
    "imagealt",
    "image_accessibility",
    "alt",
];

/// The title, its HTML entities decoded (a second layer too when typographic), or why there
/// is none. `at` is the file and the line of its key, for the notes.
fn post_title(
    written: Option<&Value>,
    at: (&Path, usize),
    report: &mut Report,
) -> Result<String, String> {
    let (path, line) = at;
    let title = written
        .and_then(scalar)
        .map(|t| decode_entities(t.trim()))
        .filter(|t| !t.is_empty())
        .ok_or("no title: add a `title:` line to its front matter")?;
    let title = typographic_layer(title, path, line, report);
    if ENTITY.is_match(&title) {
        // A second layer of markup characters (`&amp;lt;`) is the old CMS encoding twice,
        // or a title about HTML: only a person can tell.
        let note = format!(
            "the title still shows an HTML entity once decoded (`{title}`): it was encoded twice; check it"
        );
        report.notes.push((path.to_path_buf(), line, note));
    }
    Ok(title)
}

/// The folder of the post's page on the old site (`/2016/07/15/x.html` → `/2016/07/15/`).
fn old_folder(site: &SourceSite, place: &urls::Place<'_>) -> String {
    match site.old_url(place) {
        Some(url) if url.ends_with('/') => url,
        Some(url) => url
            .rsplit_once('/')
            .map_or("/".to_owned(), |(folder, _)| format!("{folder}/")),
        None => "/".to_owned(),
    }
}

/// The front matter keys (lowercased) an article is made from; the others are listed in the
/// report as not kept (`layout`, a theme's own keys).
const READ_KEYS: &[&str] = &[
    "title",
    "date",
    "time",
    "slug",
    "authors",
    "author",
    "tags",
    "categories",
    "category",
    "topics",
    "draft",
    "published",
    "lang",
    "language",
    "translationkey",
    "translation_key",
    "lastmod",
    "last_modified_at",
    "updated",
    "source_url",
    "canonical_url",
    "source",
    "image",
    "featured_image",
    "thumbnail",
    "thumb",
    "image_alt",
    "image-alt",
    "imagealt",
    "image_accessibility",
    "alt",
    "summary",
    "description",
    "excerpt",
    "teaser",
    "redirect_from",
    "aliases",
    "permalink",
    "url",
];

/// The date of the front matter, else of the file name (Jekyll's `2016-07-15-x.md`).
fn post_date(
    path: &Path,
    written: Option<String>,
    line: usize,
    tz: &jiff::tz::TimeZone,
    report: &mut Report,
) -> Result<date::PublishedAt, String> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let from_name = stem.as_deref().and_then(loose_day);
    let Some(written) = written else {
        let day = from_name.ok_or("no date, in the front matter or the file name")?;
        return date::parse(&day, tz).map_err(|e| e.to_string());
    };
    if let Ok(date) = date::parse(&written, tz) {
        return Ok(date);
    }
    // "2016-07-19 (optional)", "2019-12-3": the day is still there, among the noise.
    let fallback = loose_day(&written)
        .and_then(|day| date::parse(&day, tz).ok())
        .map(|d| (d, "its day"));
    let fallback = fallback.or_else(|| {
        let parsed = date::parse(&from_name?, tz).ok()?;
        Some((parsed, "the day of the file name"))
    });
    match fallback {
        Some((date, what)) => {
            let note = format!("date `{written}` is not readable; {what} was used");
            report.notes.push((path.to_path_buf(), line, note));
            Ok(date)
        }
        None => Err(format!("date `{written}` is not readable")),
    }
}

/// `date: 2016-07-15` with `time: "14:30"`: Jekyll themes kept the time of day apart.
fn with_time(date: String, time: Option<&Value>) -> String {
    let Some(time) = time.and_then(scalar).map(|t| t.trim().to_owned()) else {
        return date;
    };
    let day = date.trim();
    let is_day = day.len() == 10 && loose_day(day).as_deref() == Some(day);
    // `time: 12:30` unquoted is a sexagesimal number to YAML 1.1 readers, but serde_yaml
    // keeps it as text; "19:0:00" and "9:30" are padded.
    let parts: Vec<u32> = time
        .split(':')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    match (is_day, parts.as_slice()) {
        (true, [h, m] | [h, m, _]) if *h < 24 && *m < 60 => {
            let s = parts.get(2).copied().unwrap_or(0).min(59);
            format!("{day} {h:02}:{m:02}:{s:02}")
        }
        _ => date,
    }
}

/// The file line of a top-level front matter key, in any case (0 if not found).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.get(..key.len() + 1)
                .is_some_and(|k| k.eq_ignore_ascii_case(&format!("{key}:")))
        })
        .map_or(0, |i| i + 1)
}

static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);").expect("a valid pattern")
});

/// A title's HTML entities decoded once (`Q&amp;A` → `Q&A`, `&#39;` → `'`), with the
/// Markdown parser's own table: every other punctuation character is escaped first, so the
/// title is read as plain text.
fn decode_entities(title: &str) -> String {
    if !title.contains('&') {
        return title.to_owned();
    }
    let mut escaped = String::with_capacity(title.len() + 8);
    for (i, c) in title.chars().enumerate() {
        let keep = matches!(c, '&' | ';') || (c == '#' && i > 0);
        if c.is_ascii_punctuation() && !keep {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let mut out = String::new();
    for event in pulldown_cmark::Parser::new(&escaped) {
        match event {
            pulldown_cmark::Event::Text(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak => out.push(' '),
            _ => {}
        }
    }
    if out.trim().is_empty() {
        title.to_owned()
    } else {
        out
    }
}

/// A title decoded once that still holds entities, all of typographic characters
/// (`&nbsp;`, `&rsquo;`: no title is about those), was encoded twice by the old CMS: the
/// second layer is decoded too, with a note. One that would give a markup character (`&lt;`,
/// `&amp;`) is left to a person.
fn typographic_layer(title: String, path: &Path, line: usize, report: &mut Report) -> String {
    let found: Vec<&str> = ENTITY.find_iter(&title).map(|m| m.as_str()).collect();
    let typographic = !found.is_empty()
        && found.iter().all(|entity| {
            // Between letters: an entity alone may decode to a space, which reads as empty.
            let decoded = decode_entities(&format!("a{entity}a"));
            decoded != format!("a{entity}a") && !decoded.is_ascii()
        });
    if !typographic {
        return title;
    }
    let twice = decode_entities(&title);
    report.notes.push((
        path.to_path_buf(),
        line,
        format!(
            "the title was encoded twice (`{title}`); its typographic entities were decoded again"
        ),
    ));
    twice
}

/// The old URLs of a post, as aliases: those declared (`redirect_from`, `aliases`,
/// `permalink`, `url`), and the one computed from the source site's pattern (none when an
/// explicit `permalink`/`url` replaced it). Those that cannot be aliases are noted, not
/// fatal: the post itself is fine.
fn old_urls(
    (path, text): (&Path, &str),
    fields: &fields::Fields,
    site: &SourceSite,
    place: &urls::Place<'_>,
    report: &mut Report,
) -> (Vec<String>, Option<String>) {
    let computed = site.old_url(place);
    let explicit = fields.get(&["permalink", "url"]).and_then(scalar);
    let base = computed.clone().unwrap_or_else(|| "/".to_owned());
    // Hugo reads a relative alias from the page's folder (`/2019/05/x/` → `/2019/05`);
    // jekyll-redirect-from from the site root.
    let base = match site.generator {
        urls::Generator::Hugo => base
            .trim_end_matches('/')
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_owned(),
        urls::Generator::Jekyll => String::new(),
    };
    let mut written: Vec<(String, &str)> = Vec::new();
    for key in ["redirect_from", "aliases"] {
        written.extend(list(fields.get(&[key])).into_iter().map(|old| (old, key)));
    }
    let explicit_key = ["permalink", "url"]
        .into_iter()
        .find(|k| fields.get(&[k]).is_some())
        .unwrap_or("permalink");
    written.extend(explicit.clone().map(|old| (old, explicit_key)));
    let mut aliases = Vec::new();
    for (old, key) in written {
        match urls::declared(&old, &base) {
            Ok(alias) if !aliases.contains(&alias) => aliases.push(alias),
            Ok(_) => {}
            Err(why) => report.notes.push((
                path.to_path_buf(),
                key_line(text, key),
                format!("old URL `{old}` dropped: {why}"),
            )),
        }
    }
    // With an explicit `permalink`/`url`, the computed URL was never served.
    let computed = computed
        .filter(|_| explicit.is_none())
        .and_then(|c| urls::declared(&c, "/").ok())
        .filter(|c| !aliases.contains(c));
    (aliases, computed)
}

/// `YYYY-M-D` at the start of a text, written `YYYY-MM-DD`.
fn loose_day(text: &str) -> Option<String> {
    static DAY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("a valid pattern"));
    let found = DAY.captures(text.trim())?;
    let number = |i: usize| found[i].parse::<u16>().ok();
    Some(format!(
        "{:04}-{:02}-{:02}",
        number(1)?,
        number(2)?,
        number(3)?
    ))
}

/// The front matter slug, else the file name (or a bundle's folder), else the title.
fn post_slug(
    path: &Path,
    written: Option<String>,
    title: &str,
    lang: Option<&str>,
) -> Result<Slug, String> {
    if let Some(slug) = written.and_then(|s| Slug::explicit(&s).ok()) {
        return Ok(slug);
    }
    // Hugo's translations by file name: `x.en.md` is `x` in English, `index.en.md` a bundle's.
    let stem = path.file_stem().and_then(|s| s.to_str());
    let stem = stem.map(|s| match file_name_language(s) {
        Some((bare, code)) if lang == Some(code) => bare,
        _ => s,
    });
    let named = match stem {
        Some("index") => path.parent().map(|p| p.to_path_buf()),
        Some(bare) => Some(path.with_file_name(bare)),
        None => Some(path.to_path_buf()),
    };
    named
        .and_then(|p| crate::model::article::slug_from_file_name(&p.with_extension("md")))
        .or_else(|| slugify(title))
        .ok_or_else(|| "neither the file name nor the title gives a URL slug".to_owned())
}

/// `x.en` → (`x`, `en`): the language part of a Hugo content file's name, when it has one
/// (two lower-case letters, or a region too: `pt-br`).
pub(super) fn file_name_language(stem: &str) -> Option<(&str, &str)> {
    let (bare, code) = stem.rsplit_once('.')?;
    (!bare.is_empty() && crate::config::is_language_code(code) && code.len() <= 5)
        .then_some((bare, code))
}

/// A scalar as text (numbers too: `slug: 2016`).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The authors of a post: a YAML list as it is; one string read as the people it names (see
/// [`bylines`]), the roles it gives them noted and left out.
fn byline(value: Option<&Value>, (path, line): (&Path, usize), report: &mut Report) -> Vec<String> {
    let Some(Value::String(text)) = value else {
        return list(value);
    };
    let (people, roles) = bylines::people(text);
    if !roles.is_empty() {
        let roles: Vec<String> = roles.iter().map(|r| format!("`{r}`")).collect();
        let note = format!(
            "byline read as {} author(s); {} taken as what they do, not as authors",
            people.len(),
            roles.join(", ")
        );
        report.notes.push((path.to_path_buf(), line, note));
    }
    people
}

/// A list of names: a YAML list, or one string with commas.
fn list(value: Option<&Value>) -> Vec<String> {
    let items: Vec<String> = match value {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(value) => scalar(value)
            .map(|s| s.split(',').map(str::to_owned).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    items
        .into_iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

/// Hugo shortcodes (`{{< x >}}`, `{{% x %}}`) and Liquid tags (`{{ x }}`, `{% x %}`) left
/// in a body outside fenced code, by line: gazette keeps them as text, so an editor must
/// replace them.
fn template_tags(body: &str) -> Vec<(usize, String)> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}").expect("a valid pattern")
    });
    let mut found = Vec::new();
    let mut fenced = false;
    for (n, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        for m in TAG.find_iter(line) {
            let kind = match &m.as_str()[..3] {
                "{{<" | "{{%" => "Hugo shortcode",
                _ => "Liquid tag",
            };
            let shown: String = m.as_str().chars().take(80).collect();
            found.push((n + 1, format!("{kind} kept as text: {shown}")));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_tags_are_found_by_line() {
        let found = template_tags("a\n{{< img src=\"x\" >}}\n[l]({{ \"/x/\" | url }}) {% raw %}\n");
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 3]);
        assert!(found[0].1.starts_with("Hugo shortcode"));
    }

    #[test]
    fn names_come_as_lists_or_comma_strings() {
        assert_eq!(list(Some(&Value::from("a, b"))), ["a", "b"]);
        let seq = Value::Sequence(vec![Value::from("x\t\t"), Value::from(3)]);
        assert_eq!(list(Some(&seq)), ["x", "3"]);
    }

    #[test]
    fn an_html_opening_gives_the_summary() {
        let body = "\n<h2>News</h2>\n<p>Short</p>\n<p class=x>La <b>7.4.2</b>\n\nest sortie&nbsp;: mettez à jour.</p>";
        assert!(opens_with_html(body));
        assert_eq!(
            html_summary(body).unwrap(),
            "La 7.4.2 est sortie\u{a0}: mettez à jour."
        );
        assert!(!opens_with_html("Text <b>x</b>"));
        let long = format!("<p>{}</p>", "mot ".repeat(70));
        assert!(html_summary(&long).unwrap().ends_with("mot…"));
    }

    #[test]
    fn time_joins_the_date_and_titles_lose_their_entities() {
        assert_eq!(
            with_time("2015-02-03".into(), Some(&Value::from("9:30"))),
            "2015-02-03 09:30:00"
        );
        assert_eq!(
            with_time("2015-02-03".into(), Some(&Value::from("19:0:00"))),
            "2015-02-03 19:00:00"
        );
        assert_eq!(
            with_time("2015-02-03 10:00".into(), Some(&Value::from("9:30"))),
            "2015-02-03 10:00"
        );
        assert_eq!(
            decode_entities("Q&amp;A &#39;x&#39; *not* [md]"),
            "Q&A 'x' *not* [md]"
        );
        assert_eq!(decode_entities("&amp;nbsp;"), "&nbsp;");
        let mut report = Report::default();
        let twice =
            |t: &str, r: &mut Report| typographic_layer(t.to_owned(), Path::new("x.md"), 3, r);
        assert_eq!(twice("PostgreSQL&nbsp;!", &mut report), "PostgreSQL\u{a0}!");
        assert_eq!(twice("About &lt;p&gt;", &mut report), "About &lt;p&gt;");
        assert_eq!(report.notes.len(), 1);
        assert_eq!(decode_entities("# 1. A"), "# 1. A");
    }

    #[test]
    fn dates_with_noise_keep_their_day() {
        assert_eq!(
            loose_day("2016-07-19 (optional)").as_deref(),
            Some("2016-07-19")
        );
        assert_eq!(loose_day("2019-12-3").as_deref(), Some("2019-12-03"));
        assert_eq!(
            loose_day("2016-06-17 12:00-400").as_deref(),
            Some("2016-06-17")
        );
        assert_eq!(loose_day("June 2016"), None);
    }
}
