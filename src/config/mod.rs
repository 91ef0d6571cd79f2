//! `site.yaml`: what the user wrote ([`RawConfig`]) and what the build uses ([`Config`]).
//!
//! The raw layer mirrors the file through serde; the validated layer holds real types (a time
//! zone, a parsed permalink pattern, absolute paths) so no later stage re-checks a string. A
//! misspelt key is an error with its line and the closest valid key, because a silently ignored
//! `timezon: Europe/Paris` would put every article in the wrong archive month.

mod fields;
pub mod layout;
mod permalink;

pub use layout::SourceKind;
pub use permalink::Permalink;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, closest};
use crate::yaml::{duplicate_key_line, key_lines, yaml_error_position};

/// The file name of the site configuration, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Hosts whose `<iframe>` embeds survive sanitising unless the site sets `embed_hosts`.
const DEFAULT_EMBED_HOSTS: &[&str] = &[
    "www.youtube.com",
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "www.dailymotion.com",
    "w.soundcloud.com",
    "www.openstreetmap.org",
    "datawrapper.dwcdn.net",
];

/// Entries per Atom feed when `feed_limit` is not set.
pub const DEFAULT_FEED_LIMIT: usize = 20;

/// Actors in the actors index's graph when `actor_graph` is not set: enough to show who
/// is covered with whom, few enough for names readable on a phone.
pub const DEFAULT_ACTOR_GRAPH: usize = 16;
/// The most `actor_graph` accepts: past it the graph is a hairball taller than a screen.
pub const MAX_ACTOR_GRAPH: usize = 40;

/// `site.yaml` as written. Every key is optional here; [`Config::from_raw`] checks the rest.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RawConfig {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub languages: Option<Vec<String>>,
    pub theme: Option<String>,
    pub output_dir: Option<String>,
    pub keep_dotfiles: Option<bool>,
    pub timezone: Option<String>,
    pub minify: Option<bool>,
    pub permalink: Option<String>,
    pub raw_html: Option<RawHtml>,
    pub embed_hosts: Option<Vec<String>>,
    pub paginate: Option<RawPaginate>,
    pub actor_years: Option<bool>,
    pub actor_graph: Option<usize>,
    pub detect_mentions: Option<bool>,
    pub link_mentions: Option<LinkMentions>,
    pub feeds: Option<bool>,
    pub feed_limit: Option<usize>,
    pub search: Option<bool>,
    pub import_drop_footer: Option<Vec<String>>,
}

/// The keys `site.yaml` accepts, for typo suggestions, in the order of [`RawConfig`]'s fields.
/// They are serde's own list of its fields, so no second list has to be kept in step.
fn known_keys() -> &'static [&'static str] {
    fields::struct_fields::<RawConfig>()
}

/// Catches, in tests, a diagnostic placed at a key `site.yaml` does not have: a misspelt or
/// renamed key would otherwise find no line and point at line 0.
fn debug_assert_known(key: &str) {
    debug_assert!(
        known_keys().contains(&key),
        "`{key}` is not a key of {CONFIG_FILE}"
    );
}

/// `paginate:` as written: one size for every list, or a size per list kind.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawPaginate {
    All(usize),
    PerKind(std::collections::BTreeMap<String, usize>),
}

/// How lists are cut into pages: articles per page of each kind of list (0 puts a whole
/// list on one page), and whether prolific actors also get a page per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paginate {
    pub home: usize,
    pub actor: usize,
    pub author: usize,
    pub tag: usize,
    pub archive: usize,
    /// `actor_years:` (default true): per-year pages for actors covered over several years
    /// and more than one page.
    pub actor_years: bool,
}

impl Paginate {
    /// The list kinds `paginate:` accepts, besides `default`.
    const KINDS: &[&str] = &["default", "home", "actor", "author", "tag", "archive"];
    /// The page size when `paginate` does not give one.
    pub const DEFAULT: usize = 20;

    fn from_raw(raw: Option<RawPaginate>, actor_years: bool) -> Result<Paginate, String> {
        let per_kind = match raw {
            None => Default::default(),
            Some(RawPaginate::All(n)) => {
                std::collections::BTreeMap::from([("default".to_owned(), n)])
            }
            Some(RawPaginate::PerKind(map)) => map,
        };
        if let Some(unknown) = per_kind.keys().find(|k| !Self::KINDS.contains(&k.as_str())) {
            let hint = closest(unknown, Self::KINDS)
                .map_or(String::new(), |k| format!("; did you mean `{k}`?"));
            return Err(format!(
                "`paginate` has no list kind `{unknown}`{hint} (kinds: {})",
                Self::KINDS.join(", ")
            ));
        }
        let default = per_kind.get("default").copied().unwrap_or(Self::DEFAULT);
        let size = |kind: &str| per_kind.get(kind).copied().unwrap_or(default);
        Ok(Paginate {
            home: size("home"),
            actor: size("actor"),
            author: size("author"),
            tag: size("tag"),
            archive: size("archive"),
            actor_years,
        })
    }
}

/// Which detected mentions become links to the actor's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LinkMentions {
    /// The first mention of each actor in an article (never in a heading, code or a link).
    #[default]
    First,
    /// None: mentions are only recorded.
    None,
}

/// What to do with raw HTML inside article bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep an allow-list of safe elements and attributes (the default).
    #[default]
    Sanitize,
    /// Trust the authors: pass raw HTML through unchanged.
    Allow,
}

/// Where things live, all absolute.
#[derive(Debug, Clone)]
pub struct Paths {
    pub root: PathBuf,
    pub content: PathBuf,
    pub articles: PathBuf,
    pub actors: PathBuf,
    /// Author profiles: `content/authors/`.
    pub authors: PathBuf,
    pub themes: PathBuf,
    pub theme: PathBuf,
    /// Site-level template overrides (`templates/` at the root).
    pub templates: PathBuf,
    /// Site-level static files (`static/` at the root).
    pub static_files: PathBuf,
    pub output: PathBuf,
    /// The variants of photos and their metadata-free originals, kept between builds so that
    /// an unchanged photo is not encoded again: `.gazette-cache/images/` at the root, never
    /// inside the output folder. Deleting it is safe.
    pub image_cache: PathBuf,
    /// Where a build keeps what it learnt from each article's Markdown, so that the next one
    /// renders only the articles that changed (`crate::load::cache`):
    /// `.gazette-cache/articles/`, beside the image cache. Deleting it is safe.
    pub body_cache: PathBuf,
    /// Who chose the output folder, so that a refusal says what to change.
    pub output_origin: OutputOrigin,
    /// `keep_dotfiles:` (default true): the dot-files and dot-folders (`.nojekyll`,
    /// `.well-known`) and the `CNAME` of the output folder survive every build. A `.git`
    /// always does.
    pub keep_dotfiles: bool,
}

/// Where the output folder was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputOrigin {
    /// The `output_dir:` key, on this line of `site.yaml`.
    ConfigLine(usize),
    /// No `output_dir:`: the default `output`.
    Default,
    /// The `--output` option.
    Flag,
}

impl std::fmt::Display for OutputOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputOrigin::ConfigLine(line) => write!(f, "`output_dir` at {CONFIG_FILE}:{line}"),
            OutputOrigin::Default => write!(f, "the default `output_dir` of {CONFIG_FILE}"),
            OutputOrigin::Flag => write!(f, "`--output`"),
        }
    }
}

/// The validated configuration the build runs on.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute base URL with a trailing slash, or empty when the site only knows its path.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`: the prefix of every link.
    pub base_path: String,
    /// The language of the pages being built: the site's, or the edition's (see
    /// [`Config::edition`]).
    pub language: String,
    /// `languages:`, the first being the default; empty for a site in one language.
    pub languages: Vec<String>,
    /// The site path prefix of this edition's pages: empty for the default language, `/en`
    /// for the others (see [`Config::edition`]).
    pub prefix: String,
    pub theme: String,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub minify: bool,
    pub permalink: Permalink,
    pub raw_html: RawHtml,
    pub embed_hosts: Vec<String>,
    pub paginate: Paginate,
    /// `actor_graph:`: how many of the most covered actors the actors index draws with their
    /// co-coverage; 0 draws no graph.
    pub actor_graph: usize,
    /// Search article text for the names of profiled actors.
    pub detect_mentions: bool,
    pub link_mentions: LinkMentions,
    /// Write Atom feeds (site, actors, tags); they also need an absolute `base_url`.
    pub feeds: bool,
    /// Entries per feed.
    pub feed_limit: usize,
    /// Build the full-text search index and page.
    pub search: bool,
    /// `gazette import text`: regular expressions of boilerplate footers to drop.
    pub import_drop_footer: Vec<String>,
    pub paths: Paths,
    /// The line of each key written in `site.yaml`, for diagnostics about what it set; a key
    /// a command-line flag replaced has none.
    key_lines: HashMap<String, usize>,
}

/// Command-line choices that change the configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--output`: replaces `output_dir` (relative to the current directory).
    pub output: Option<PathBuf>,
    /// `--theme`: replaces `theme`.
    pub theme: Option<String>,
}

/// The lines of the keys `site.yaml` sets, but those a flag replaced.
fn lines_written(
    mut lines: HashMap<String, usize>,
    overrides: &Overrides,
) -> HashMap<String, usize> {
    if overrides.output.is_some() {
        lines.remove("output_dir");
    }
    if overrides.theme.is_some() {
        lines.remove("theme");
    }
    lines
}

/// Why `site.yaml` could not be used: each problem located in the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} problem(s) in site.yaml", .0.len())]
    Invalid(Vec<Diagnostic>),
}

impl Config {
    /// Every setting as text, the same in every run for the same settings: what page
    /// fingerprints digest of the configuration. Left out: the lines of site.yaml's keys
    /// (they only place diagnostics, and their map has no fixed order) and the output folder
    /// (no page shows it).
    pub fn settings_text(&self) -> String {
        let mut settings = self.clone();
        settings.key_lines.clear();
        settings.paths.output = PathBuf::new();
        format!("{settings:?}")
    }

    /// `https://example.org` for `base_url: https://example.org/archive/`: what root-relative
    /// links (which already carry the base path) need in front of them.
    pub fn origin(&self) -> &str {
        self.base_url
            .strip_suffix(self.base_path.as_str())
            .unwrap_or(&self.base_url)
    }

    /// Reads and validates `site.yaml` in `root`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, ConfigError> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        let root = std::path::absolute(root).map_err(|source| ConfigError::Read {
            path: root.to_path_buf(),
            source,
        })?;
        let raw = parse_raw(&text)?;
        Config::from_raw(raw, &text, root, overrides).map_err(ConfigError::Invalid)
    }

    /// Validates a raw configuration; `text` is the file, for error positions.
    pub fn from_raw(
        raw: RawConfig,
        text: &str,
        root: PathBuf,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let lines = key_lines(text);
        let mut problem = |key: &str, message: String, hint: &str| {
            debug_assert_known(key);
            let line = lines.get(key).copied().unwrap_or(0);
            problems.push(
                Diagnostic::error(Path::new(CONFIG_FILE), line, 1, message)
                    .quoting(text)
                    .with_hint(hint),
            );
        };
        let timezone_name = raw.timezone.unwrap_or_else(|| "UTC".to_owned());
        let timezone = TimeZone::get(&timezone_name).unwrap_or_else(|_| {
            problem(
                "timezone",
                format!("unknown time zone `{timezone_name}`"),
                "use an IANA name such as `Europe/Paris`, `America/Montreal` or `UTC`",
            );
            TimeZone::UTC
        });
        let (base_url, base_path) = parse_base_url(raw.base_url.as_deref().unwrap_or("/"))
            .unwrap_or_else(|message| {
                problem(
                    "base_url",
                    message,
                    "write the address the site will be served from, e.g. `https://example.org/archive/`",
                );
                (String::new(), "/".to_owned())
            });
        let permalink_text = raw.permalink.as_deref().unwrap_or(Permalink::DEFAULT);
        let permalink = Permalink::parse(permalink_text).unwrap_or_else(|message| {
            problem(
                "permalink",
                message,
                "placeholders are {year}, {month}, {day} and {slug}; e.g. `/{year}/{month}/{slug}/` or `/{year}/{month}/{slug}.html`",
            );
            Permalink::parse(Permalink::DEFAULT).expect("the default permalink is valid")
        });
        let actor_years = raw.actor_years.unwrap_or(true);
        let paginate = Paginate::from_raw(raw.paginate, actor_years).unwrap_or_else(|message| {
            problem(
                "paginate",
                message,
                "write `paginate: 20`, or e.g. `paginate: {default: 20, archive: 50}`",
            );
            Paginate::from_raw(None, actor_years).expect("defaults are valid")
        });
        let actor_graph = raw.actor_graph.unwrap_or(DEFAULT_ACTOR_GRAPH);
        if actor_graph > MAX_ACTOR_GRAPH {
            problem(
                "actor_graph",
                format!("`actor_graph` draws at most {MAX_ACTOR_GRAPH} actors"),
                "write e.g. `actor_graph: 16`, or `actor_graph: 0` to draw no graph",
            );
        }
        let feed_limit = raw.feed_limit.unwrap_or(DEFAULT_FEED_LIMIT);
        if feed_limit == 0 {
            problem(
                "feed_limit",
                "`feed_limit` must be at least 1".to_owned(),
                "write e.g. `feed_limit: 20`, or `feeds: false` to write no feeds",
            );
        }
        let languages = raw.languages.unwrap_or_default();
        let language = raw
            .language
            .or_else(|| languages.first().cloned())
            .unwrap_or_else(|| "en".to_owned());
        if !is_language_code(&language) {
            problem(
                "language",
                format!("`{language}` is not a language code"),
                "use a code such as `fr` or `en`",
            );
        }
        if let Some(message) = languages_problem(&languages, &language) {
            problem(
                "languages",
                message,
                "list each language once, the site's own first: `languages: [fr, en]`",
            );
        }
        let theme = (overrides.theme.clone().or(raw.theme)).unwrap_or_else(|| "default".to_owned());
        if !is_theme_name(&theme) {
            problem(
                "theme",
                format!("`{theme}` is not a theme name"),
                "name a folder of themes/, e.g. `default`",
            );
        }
        if let Some(dir) = raw
            .output_dir
            .as_deref()
            .filter(|_| overrides.output.is_none())
            && let Some(message) = unusable_output_dir(dir, "`output_dir`")
        {
            problem("output_dir", message, OUTPUT_DIR_HINT);
        }
        if let Some(dir) = &overrides.output
            && let Some(message) = unusable_output_dir(&dir.to_string_lossy(), "`--output`")
        {
            problems.push(
                Diagnostic::error_in_file(Path::new("--output"), message)
                    .with_hint(OUTPUT_DIR_HINT),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let (output, output_origin) = match (&overrides.output, &raw.output_dir) {
            (Some(dir), _) => (
                std::path::absolute(dir).unwrap_or_else(|_| dir.clone()),
                OutputOrigin::Flag,
            ),
            (None, Some(dir)) => (
                root.join(dir),
                OutputOrigin::ConfigLine(lines.get("output_dir").copied().unwrap_or(0)),
            ),
            (None, None) => (root.join("output"), OutputOrigin::Default),
        };
        let paths = Paths {
            content: root.join("content"),
            articles: root.join("content").join("articles"),
            actors: root.join("content").join("actors"),
            authors: root.join("content").join("authors"),
            themes: root.join("themes"),
            theme: root.join("themes").join(&theme),
            templates: root.join("templates"),
            static_files: root.join("static"),
            output: normalise(&output),
            image_cache: root.join(".gazette-cache").join("images"),
            body_cache: root.join(".gazette-cache").join("articles"),
            output_origin,
            keep_dotfiles: raw.keep_dotfiles.unwrap_or(true),
            root,
        };
        Ok(Config {
            title: raw.title.unwrap_or_else(|| "gazette".to_owned()),
            description: raw.description.unwrap_or_default(),
            base_url,
            base_path,
            language,
            languages,
            prefix: String::new(),
            theme,
            timezone,
            timezone_name,
            minify: raw.minify.unwrap_or(true),
            permalink,
            raw_html: raw.raw_html.unwrap_or_default(),
            embed_hosts: raw
                .embed_hosts
                .unwrap_or_else(|| DEFAULT_EMBED_HOSTS.iter().map(|h| h.to_string()).collect()),
            paginate,
            actor_graph,
            detect_mentions: raw.detect_mentions.unwrap_or(true),
            link_mentions: raw.link_mentions.unwrap_or_default(),
            feeds: raw.feeds.unwrap_or(true),
            feed_limit,
            search: raw.search.unwrap_or(true),
            import_drop_footer: raw.import_drop_footer.unwrap_or_default(),
            paths,
            key_lines: lines_written(lines, overrides),
        })
    }

    /// The line of `key` in `site.yaml`, or 0 when the file does not set it.
    pub fn line_of(&self, key: &str) -> usize {
        debug_assert_known(key);
        self.key_lines.get(key).copied().unwrap_or(0)
    }

    /// Whether the site is built in several languages (`languages:`).
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The configuration of one language's edition: its pages in `lang`, under `/<lang>`
    /// unless it is the default language (the first of `languages:`), which sits at the root.
    pub fn edition(&self, lang: &str) -> Config {
        Config {
            language: lang.to_owned(),
            prefix: self.prefix_for(lang),
            ..self.clone()
        }
    }

    /// The page path prefix of articles in `lang`: `/en` for a language of `languages:` other
    /// than the first, else empty (a language the site does not list stays at the root, and
    /// `check` reports it).
    pub fn prefix_for(&self, lang: &str) -> String {
        let listed = self.languages.iter().skip(1).any(|code| code == lang);
        if listed && self.is_multilingual() {
            format!("/{lang}")
        } else {
            String::new()
        }
    }

    /// The language of the page at a site path: the edition whose prefix it starts with
    /// (`/en/…`), else the site's.
    pub fn language_of_path(&self, site_path: &str) -> &str {
        let under = |lang: &String| {
            let rest = site_path
                .strip_prefix('/')
                .and_then(|p| p.strip_prefix(lang.as_str()));
            rest.is_some_and(|rest| rest.starts_with('/'))
        };
        match self.languages.iter().skip(1).find(|lang| under(lang)) {
            Some(lang) if self.is_multilingual() => lang,
            _ => &self.language,
        }
    }

    /// Every edition's configuration, the default language first: one for a site in one
    /// language.
    pub fn editions(&self) -> Vec<Config> {
        if self.is_multilingual() {
            self.languages
                .iter()
                .map(|lang| self.edition(lang))
                .collect()
        } else {
            vec![self.clone()]
        }
    }

    /// Whether links can be absolute: feeds and sitemaps need it.
    pub fn has_absolute_urls(&self) -> bool {
        !self.base_url.is_empty()
    }

    /// Whether Atom feeds are written: asked for, and possible.
    pub fn writes_feeds(&self) -> bool {
        self.feeds && self.has_absolute_urls()
    }

    /// The absolute URL of a site path (`/2024/03/x/`), or the path alone without a `base_url`.
    pub fn absolute_url(&self, site_path: &str) -> String {
        let relative = site_path.trim_start_matches('/');
        if self.base_url.is_empty() {
            format!("{}{relative}", self.base_path)
        } else {
            format!("{}{relative}", self.base_url)
        }
    }
}

const OUTPUT_DIR_HINT: &str = "write the path out (`/home/you/site-output`), or use `--output $HOME/…` in a shell, which expands it";

/// Why an output folder as written cannot be meant: empty, or `~`, which only a shell expands
/// (taken as written, it would make a folder named `~` in the site folder).
fn unusable_output_dir(dir: &str, what: &str) -> Option<String> {
    if dir.trim().is_empty() {
        Some(format!("{what} is empty"))
    } else if dir.starts_with('~') {
        Some(format!(
            "{what} `{dir}` starts with `~`, which only a shell expands to your home folder"
        ))
    } else {
        None
    }
}

/// What is wrong with `languages:`, if anything: a code that is not one, a code listed twice,
/// or a first language that is not the site's `language:`.
fn languages_problem(languages: &[String], language: &str) -> Option<String> {
    if let Some(bad) = languages.iter().find(|code| !is_language_code(code)) {
        return Some(format!("`{bad}` in `languages` is not a language code"));
    }
    for (i, code) in languages.iter().enumerate() {
        if languages[..i].contains(code) {
            return Some(format!("`{code}` is listed twice in `languages`"));
        }
    }
    match languages.first() {
        Some(first) if first != language => Some(format!(
            "`languages` starts with `{first}` but `language` is `{language}`: the first is the site's default"
        )),
        _ => None,
    }
}

/// Whether `name` can be a folder of `themes/`: one plain path component.
pub fn is_theme_name(name: &str) -> bool {
    !(name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.'))
}

/// Parses the YAML, then rejects unknown keys with the closest known one.
pub(crate) fn parse_raw(text: &str) -> Result<RawConfig, ConfigError> {
    let path = Path::new(CONFIG_FILE);
    let invalid = |d: Diagnostic| ConfigError::Invalid(vec![d.quoting(text)]);
    let value: serde_yaml::Value = if text.trim().is_empty() {
        serde_yaml::Value::Mapping(Default::default())
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let message = yaml_message(&e);
            match duplicate_key_line(&message, text) {
                Some((key, second)) => invalid(
                    Diagnostic::error(path, second.unwrap_or(1), 1, message.clone())
                        .with_hint(format!("remove one of the two `{key}:` lines")),
                ),
                None => {
                    let (line, column) = yaml_error_position(&e, text, text);
                    invalid(Diagnostic::error(path, line, column, message))
                }
            }
        })?
    };
    let mapping = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => Default::default(),
        _ => {
            return Err(invalid(
                Diagnostic::error(
                    path,
                    1,
                    1,
                    "site.yaml must be a mapping of `key: value` lines",
                )
                .with_hint("start with e.g. `title: My archive`"),
            ));
        }
    };
    let lines = key_lines(text);
    let known = known_keys();
    let mut unknown = Vec::new();
    for key in mapping.keys() {
        let name = key.as_str().unwrap_or("?");
        if !known.contains(&name) {
            let line = lines.get(name).copied().unwrap_or(0);
            let hint = match closest(name, known) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("valid keys are: {}", known.join(", ")),
            };
            unknown.push(
                Diagnostic::error(path, line, 1, format!("unknown key `{name}`"))
                    .quoting(text)
                    .with_hint(hint),
            );
        }
    }
    if !unknown.is_empty() {
        return Err(ConfigError::Invalid(unknown));
    }
    serde_yaml::from_value(serde_yaml::Value::Mapping(mapping.clone())).map_err(|e| {
        // Parsed values lose their positions: find the key whose value is wrong on its own.
        let culprit = mapping.iter().find_map(|(key, value)| {
            let alone = serde_yaml::Mapping::from_iter([(key.clone(), value.clone())]);
            serde_yaml::from_value::<RawConfig>(serde_yaml::Value::Mapping(alone))
                .err()
                .map(|e| (key.as_str().unwrap_or_default().to_owned(), e))
        });
        let (line, message) = match culprit {
            Some((key, e)) => (
                lines.get(&key).copied().unwrap_or(0),
                format!("`{key}`: {}", yaml_message(&e)),
            ),
            None => (0, yaml_message(&e)),
        };
        invalid(Diagnostic::error(path, line, 1, message))
    })
}

fn yaml_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// Splits `https://host/sub/` into the normalised URL and its path `/sub/`.
fn parse_base_url(text: &str) -> Result<(String, String), String> {
    let text = text.trim();
    if text.starts_with('/') {
        return Ok((String::new(), with_slashes(text)));
    }
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or_else(|| format!("`{text}` is not an http(s) URL or a path starting with `/`"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty() || host.contains(['?', '#', ' ']) {
        return Err(format!("`{text}` has no valid host"));
    }
    let path = with_slashes(path);
    let scheme = &text[..text.len() - rest.len()];
    Ok((format!("{scheme}{host}{path}"), path))
}

fn with_slashes(path: &str) -> String {
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".to_owned()
    } else {
        format!("/{inner}/")
    }
}

/// Whether `code` is a language code such as `fr`, `en` or `pt-br` (lowercase primary tag).
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A language in its own name, as language menus show it (the search filter, the language
/// switcher): "Français" for `fr-CA`; the code itself for a language not listed here.
pub fn language_name(code: &str) -> &str {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    match primary.to_ascii_lowercase().as_str() {
        "fr" => "Français",
        "en" => "English",
        "de" => "Deutsch",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "nl" => "Nederlands",
        "ca" => "Català",
        "rm" => "Rumantsch",
        "ar" => "العربية",
        "ru" => "Русский",
        "uk" => "Українська",
        "pl" => "Polski",
        "zh" => "中文",
        "ja" => "日本語",
        _ => code,
    }
}

/// Removes `.` and `..` components without touching the file system.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        let raw = parse_raw(text)?;
        Config::from_raw(raw, text, PathBuf::from("/site"), &Overrides::default())
            .map_err(ConfigError::Invalid)
    }

    fn problems(text: &str) -> Vec<Diagnostic> {
        match load(text) {
            Err(ConfigError::Invalid(d)) => d,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let config = load("").unwrap();
        assert_eq!(config.theme, "default");
        assert_eq!(config.base_path, "/");
        assert!(config.minify);
        assert_eq!(config.timezone_name, "UTC");
        assert_eq!(config.paths.output, PathBuf::from("/site/output"));
    }

    #[test]
    fn each_language_of_languages_is_an_edition_the_first_at_the_root() {
        let config = load("languages: [fr, en]\n").unwrap();
        assert_eq!(config.language, "fr");
        assert!(config.is_multilingual());
        let editions = config.editions();
        let made: Vec<(&str, &str)> = editions
            .iter()
            .map(|e| (e.language.as_str(), e.prefix.as_str()))
            .collect();
        assert_eq!(made, [("fr", ""), ("en", "/en")]);
        let single = load("language: fr\n").unwrap();
        assert!(!single.is_multilingual());
        assert_eq!(single.editions().len(), 1);
        assert_eq!(single.editions()[0].prefix, "");
    }

    #[test]
    fn languages_must_be_codes_listed_once_the_site_s_first() {
        for (text, said) in [
            ("languages: [fr, fr]\n", "listed twice"),
            ("languages: [fr, English]\n", "not a language code"),
            ("language: en\nlanguages: [fr, en]\n", "starts with `fr`"),
        ] {
            let d = &problems(text)[0];
            assert!(d.message.contains(said), "{text}: {d}");
            assert_eq!(d.line, text.lines().count(), "{text}");
        }
    }

    #[test]
    fn misspelt_key_names_line_and_closest_key() {
        let d = &problems("title: x\ntimezon: Europe/Paris\n")[0];
        assert_eq!(d.line, 2);
        assert!(d.message.contains("`timezon`"));
        assert_eq!(d.hint.as_deref(), Some("did you mean `timezone`?"));
    }

    #[test]
    fn a_key_far_from_any_lists_the_known_keys_in_field_order() {
        let d = &problems("zzz: 1\n")[0];
        let listed = format!("valid keys are: {}", known_keys().join(", "));
        assert_eq!(d.hint.as_deref(), Some(listed.as_str()));
        assert!(listed.starts_with("valid keys are: title, description, base_url,"));
    }

    /// Every known key passes the unknown-key check and is one serde reads: a value of no
    /// field's type is refused by serde, naming that key.
    #[test]
    fn every_known_key_is_read_by_serde() {
        for key in known_keys() {
            assert!(parse_raw(&format!("{key}: ~\n")).is_ok(), "{key}");
            let Err(ConfigError::Invalid(d)) = parse_raw(&format!("{key}: {{a: {{b: c}}}}\n"))
            else {
                panic!("serde took any value for `{key}`");
            };
            assert!(d[0].message.starts_with(&format!("`{key}`: ")), "{}", d[0]);
        }
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "`timezon` is not a key of site.yaml")]
    fn asking_the_line_of_a_key_site_yaml_does_not_have_is_a_bug() {
        load("").unwrap().line_of("timezon");
    }

    #[test]
    fn base_url_with_sub_path_gives_the_link_prefix() {
        let config = load("base_url: https://example.org/archive\n").unwrap();
        assert_eq!(config.base_url, "https://example.org/archive/");
        assert_eq!(config.base_path, "/archive/");
        assert_eq!(
            config.absolute_url("/2024/01/x/"),
            "https://example.org/archive/2024/01/x/"
        );
    }

    #[test]
    fn bad_values_are_located() {
        let d = problems("title: x\ntimezone: Mars/Olympus\nbase_url: ftp://x\n");
        assert_eq!(d.len(), 2);
        assert!(d.iter().any(|d| d.line == 2 && d.message.contains("Mars")));
        assert!(d.iter().any(|d| d.line == 3));
    }

    #[test]
    fn actor_graph_takes_a_number_of_actors_up_to_its_maximum() {
        assert_eq!(load("").unwrap().actor_graph, DEFAULT_ACTOR_GRAPH);
        assert_eq!(load("actor_graph: 0\n").unwrap().actor_graph, 0);
        assert_eq!(load("actor_graph: 40\n").unwrap().actor_graph, 40);
        let d = &problems("title: x\nactor_graph: 41\n")[0];
        assert_eq!(d.line, 2);
        assert!(d.message.contains("at most 40"), "{d}");
    }

    #[test]
    fn paginate_takes_one_size_or_one_per_list_kind() {
        assert_eq!(
            load("").unwrap().paginate,
            Paginate {
                home: 20,
                actor: 20,
                author: 20,
                tag: 20,
                archive: 20,
                actor_years: true,
            }
        );
        assert_eq!(load("paginate: 5\n").unwrap().paginate.tag, 5);
        assert!(!load("actor_years: false\n").unwrap().paginate.actor_years);
        let mixed = load("paginate: {default: 10, archive: 50}\n")
            .unwrap()
            .paginate;
        assert_eq!((mixed.home, mixed.archive), (10, 50));
        let d = &problems("title: x\npaginate: {actors: 3}\n")[0];
        assert_eq!(d.line, 2);
        assert!(d.message.contains("did you mean `actor`?"), "{}", d.message);
    }

    #[test]
    fn wrong_type_points_at_its_key() {
        let d = &problems("title: x\nminify: maybe\n")[0];
        assert_eq!(d.line, 2, "{d}");
    }
}
