//! Plain-text article dumps: one article per file, the title on the first line, a label line
//! (`Politique-20151007`), then paragraphs separated by blank lines, perhaps ending with the
//! site's boilerplate footer.
//!
//! The text is kept exactly (no-break spaces, « », typographic apostrophes): every character
//! Markdown would read as markup is escaped, including the straight quotes and dashes that
//! smart punctuation would otherwise change. Profiled actors found in the text are proposed in
//! a commented `actors:` line for the editor to accept.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::convert::Article;
use super::{ImportError, Progress, Report, Target};
use crate::model::date::{self, PublishedAt};
use crate::model::mention::MentionDetector;
use crate::model::slug::slugify;
use crate::progress::Step;

/// How to read the dumps.
#[derive(Debug, Default, Clone)]
pub struct TextOptions {
    /// The date of every article, when the labels carry none.
    pub date: Option<String>,
    /// Regular expressions: a final paragraph matching one is dropped (site boilerplate).
    pub drop_footer: Vec<String>,
}

/// Imports every file under `source` as one article.
pub fn import(
    source: &Path,
    options: &TextOptions,
    target: &mut Target,
    progress: &Progress,
) -> Result<Report, ImportError> {
    if !source.is_dir() {
        return Err(ImportError::NoSource(source.to_path_buf()));
    }
    let footers = options
        .drop_footer
        .iter()
        .map(|p| {
            Regex::new(p).map_err(|e| ImportError::Pattern {
                pattern: p.clone(),
                source: e,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let tz = target.config.timezone.clone();
    let given = match &options.date {
        Some(text) => Some(date::parse(text, &tz)?),
        None => None,
    };
    let (names, detector) = actor_detector(target);
    let mut report = Report::default();
    let files = super::files_under(source)?;
    report.posts = files.len();
    let stage = progress.stage(Step::Import, files.len());
    for file in &files {
        let shown = file.strip_prefix(source).unwrap_or(file).to_path_buf();
        let dump = Dump {
            footers: &footers,
            given: given.as_ref(),
            tz: &tz,
            detector: detector.as_ref().map(|d| (d, names.as_slice())),
        };
        match std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read it as UTF-8 text: {e}"))
        {
            Ok(text) => match dump.article(&text) {
                Ok(article) => target.write_article(&shown, article, &mut report)?,
                Err(reason) => report.failed.push((shown, reason)),
            },
            Err(reason) => report.failed.push((shown, reason)),
        }
        stage.advance(1);
    }
    stage.finish();
    Ok(report)
}

/// The names of the site's profiles and a detector for them.
fn actor_detector(target: &Target) -> (Vec<String>, Option<MentionDetector>) {
    let config = &target.config;
    let files =
        crate::source::discover(&config.paths.actors, &config.paths.root).unwrap_or_default();
    let (sources, _) = crate::source::read_all(&config.paths.root, &files);
    let markdown = crate::markdown::MarkdownRenderer::new(config);
    let french = config.language.starts_with("fr");
    let (profiles, _) = crate::load::profiles(&sources, &markdown, french);
    let index = crate::model::actor::ActorIndex::new(profiles, &mut Vec::new());
    let names = index.profiles.iter().map(|p| p.name.clone()).collect();
    (names, index.detector())
}

/// What reading one dump needs.
struct Dump<'a> {
    footers: &'a [Regex],
    given: Option<&'a PublishedAt>,
    tz: &'a jiff::tz::TimeZone,
    detector: Option<(&'a MentionDetector, &'a [String])>,
}

impl Dump<'_> {
    fn article(&self, text: &str) -> Result<Article, String> {
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .replace("\r\n", "\n");
        let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
        let title = lines
            .next()
            .map(str::trim)
            .ok_or("the file is empty")?
            .to_owned();
        let label = lines.next().unwrap_or("").trim().to_owned();
        let rest: Vec<&str> = lines.collect();
        let mut paragraphs = paragraphs(&rest.join("\n"));
        while paragraphs
            .last()
            .is_some_and(|p| self.footers.iter().any(|f| f.is_match(p)))
        {
            paragraphs.pop();
        }
        let slug = slugify(&title).ok_or("the title has no letters or digits")?;
        let mut comments = Vec::new();
        let (date, draft) = match self.given.cloned().or_else(|| label_date(&label, self.tz)) {
            Some(date) => (date, false),
            None => {
                comments.push(format!(
                    "REVIEW: no date in the label `{label}`; set `date:`, then remove `draft: true`"
                ));
                let now = jiff::Timestamp::now().to_zoned_datetime(self.tz.clone());
                let today = now.strftime("%Y-%m-%d").to_string();
                (
                    date::parse(&today, self.tz).map_err(|e| e.to_string())?,
                    true,
                )
            }
        };
        let body_text = paragraphs.join("\n\n");
        if let Some(proposed) = self.proposed_actors(&format!("{title}\n{body_text}")) {
            comments.push(
                "Actors found in the text; to accept them, remove the `# ` below:".to_owned(),
            );
            comments.push(format!("actors: {proposed}"));
        }
        let body: Vec<String> = paragraphs.iter().map(|p| escape(p)).collect();
        Ok(Article {
            title,
            date,
            slug,
            actors: Vec::new(),
            authors: Vec::new(),
            tags: Vec::new(),
            summary: None,
            draft,
            source: None,
            lang: None,
            updated: None,
            image: None,
            image_alt: None,
            aliases: Vec::new(),
            old_url: None,
            reserved: None,
            translation_key: None,
            comments,
            body: format!("{}\n", body.join("\n\n")),
        })
    }

    fn proposed_actors(&self, text: &str) -> Option<String> {
        let (detector, names) = self.detector?;
        let mut found: Vec<String> = Vec::new();
        for mention in detector.find(text) {
            let name = &names[mention.actor];
            if !found.contains(name) {
                found.push(name.clone());
            }
        }
        (!found.is_empty()).then(|| crate::scaffold::yaml_list(&found))
    }
}

/// `Politique-20151007` → 7 October 2015.
fn label_date(label: &str, tz: &jiff::tz::TimeZone) -> Option<PublishedAt> {
    static DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\D)(\d{4})(\d{2})(\d{2})(?:\D|$)").expect("a valid pattern")
    });
    let found = DAY.captures(label)?;
    date::parse(&format!("{}-{}-{}", &found[1], &found[2], &found[3]), tz).ok()
}

/// Paragraphs: runs of non-blank lines, each line trimmed at its end only.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    out
}

/// Escapes every character Markdown (with smart punctuation) would not keep as written.
/// Leading spaces are dropped: four of them would make a code block.
pub fn escape(paragraph: &str) -> String {
    let mut out = String::with_capacity(paragraph.len() + 16);
    for (i, line) in paragraph.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in line.trim_start().chars() {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser};

    /// What Markdown makes of escaped text: the text itself, nothing else.
    fn read_back(markdown: &str) -> String {
        Parser::new_ext(markdown, crate::markdown::options())
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::SoftBreak => Some("\n".to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn escaped_text_reads_back_exactly() {
        for text in [
            "L’« accord » : 1er\u{a0}juin -- \"enfin\"... 'oui'",
            "# pas un titre\n- pas une liste\n1. ni ceci",
            "*a* _b_ `c` [d](e) <f> & &amp; | ~~g~~ \\ h!",
            "  4 espaces\n    ne font pas de code",
        ] {
            let expected: Vec<&str> = text.lines().map(str::trim_start).collect();
            assert_eq!(read_back(&escape(text)), expected.join("\n"), "{text}");
        }
    }

    #[test]
    fn labels_give_dates() {
        let tz = jiff::tz::TimeZone::UTC;
        assert_eq!(label_date("Politique-20151007", &tz).unwrap().day(), 7);
        assert!(label_date("Politique", &tz).is_none());
        assert!(label_date("Ref 2015100712", &tz).is_none());
    }
}
