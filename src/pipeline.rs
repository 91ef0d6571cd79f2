//! The build, stage by stage: config → sources → articles → site → pages → output.
//!
//! This is the only module that calls more than one stage. Content problems from every stage
//! are collected; if any is an error the build stops before writing, so the previous output is
//! untouched.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, ConfigError, Overrides};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter;
use crate::markdown::{Body, MarkdownRenderer, Rendered};
use crate::minify::minify;
use crate::model::Site;
use crate::model::article::{self, ArticleMeta};
use crate::model::route::output_file;
use crate::output::{self, OutputError, Staging};
use crate::render::{PageKind, Renderer, SiteRenderer};
use crate::source::{self, SourceFile};

/// An article with its rendered body, before the site model is assembled.
type Loaded = (ArticleMeta, Rendered);

/// What `gazette build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    /// Include `draft: true` articles.
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the build failed with {} error(s); the previous output was left as it was", .0.error_count())]
    Content(Diagnostics),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("cannot list {}: {source}", path.display())]
    Discover {
        path: PathBuf,
        source: walkdir::Error,
    },
}

impl BuildError {
    /// The content diagnostics of a failed build, if that is why it failed.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            BuildError::Content(d) => Some(d),
            _ => None,
        }
    }
}

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let config = Config::load(&options.root, &options.overrides)?;
    output::check_target(&config.paths)?;
    let mut diagnostics = Diagnostics::new();
    let files =
        source::discover(&config.paths.articles).map_err(|source| BuildError::Discover {
            path: config.paths.articles.clone(),
            source,
        })?;
    let (sources, unreadable) = source::read_all(&config.paths.root, &files);
    diagnostics.extend(unreadable);
    let (loaded, load_problems) = load_articles(&sources, &config, options);
    diagnostics.extend(load_problems);
    let mut renderer = match Renderer::load(&config) {
        Ok(renderer) => Some(renderer),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    let mut assembly_problems = Vec::new();
    let site = Site::assemble(loaded, &config, &mut assembly_problems);
    diagnostics.extend(assembly_problems);
    let (Some(site), Some(renderer)) = (site, renderer.as_mut()) else {
        return Err(BuildError::Content(diagnostics));
    };
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics));
    }
    let site_renderer = renderer.bind(&site, &config);
    let pages = site_renderer.pages();
    let page_files: HashSet<PathBuf> = pages
        .iter()
        .filter_map(|kind| output_file(&site_renderer.path_of(kind)).ok())
        .collect();
    let statics = static_files(&config, &page_files, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics));
    }
    let staging = Staging::create(&config.paths)?;
    // Each page is rendered, minified and written by one task, so no page is held in memory
    // longer than it takes to write it.
    let failures: Vec<Failure> = pages
        .par_iter()
        .filter_map(|kind| write_page(&site_renderer, kind, &staging, config.minify).err())
        .collect();
    let (problems, write_error) = split_failures(failures);
    if !problems.is_empty() {
        diagnostics.extend(crate::render::dedupe(problems));
        return Err(BuildError::Content(diagnostics));
    }
    if let Some(error) = write_error {
        return Err(error.into());
    }
    for (relative, absolute) in &statics {
        staging.copy(relative, absolute)?;
    }
    staging.commit()?;
    Ok(BuildReport {
        articles: site.articles.len(),
        pages: pages.len(),
        files: pages.len() + statics.len(),
        output: config.paths.output.clone(),
        elapsed: started.elapsed(),
        diagnostics,
    })
}

/// Why one page could not be written.
enum Failure {
    Content(Diagnostic),
    Output(OutputError),
}

fn write_page(
    renderer: &SiteRenderer<'_>,
    kind: &PageKind,
    staging: &Staging,
    minify_html: bool,
) -> Result<(), Failure> {
    let page = renderer.render(kind).map_err(Failure::Content)?;
    let path = output_file(&page.path).map_err(|e| {
        Failure::Content(Diagnostic::error(
            Path::new("site.yaml"),
            0,
            0,
            e.to_string(),
        ))
    })?;
    let bytes = if minify_html {
        minify(&page.html)
    } else {
        page.html.into_bytes()
    };
    staging.write(&path, &bytes).map_err(Failure::Output)
}

fn split_failures(failures: Vec<Failure>) -> (Vec<Diagnostic>, Option<OutputError>) {
    let mut problems = Vec::new();
    let mut write_error = None;
    for failure in failures {
        match failure {
            Failure::Content(problem) => problems.push(problem),
            Failure::Output(error) => write_error = write_error.or(Some(error)),
        }
    }
    (problems, write_error)
}

/// Front matter, validation and Markdown for every source, in parallel.
fn load_articles(
    sources: &[SourceFile],
    config: &Config,
    options: &BuildOptions,
) -> (Vec<Loaded>, Vec<Diagnostic>) {
    let markdown = MarkdownRenderer::new(config);
    let now = jiff::Timestamp::now();
    let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let mut problems = Vec::new();
            let article = load_article(source, config, &markdown, &mut problems)
                .filter(|(meta, _)| options.drafts || !meta.draft)
                .filter(|(meta, _)| options.future || meta.published.timestamp() <= now);
            (article, problems)
        })
        .collect();
    let mut loaded = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for (article, mut found) in results {
        loaded.extend(article);
        problems.append(&mut found);
    }
    (loaded, problems)
}

fn load_article(
    source: &SourceFile,
    config: &Config,
    markdown: &MarkdownRenderer,
    problems: &mut Vec<Diagnostic>,
) -> Option<Loaded> {
    let split = match front_matter::split(&source.text) {
        Ok(split) => split,
        Err(e) => {
            let hint = "an article starts with `---`, then `title:` and `date:` lines, then `---`, then the text";
            problems.push(
                Diagnostic::error(&source.path, 1, 1, e.to_string())
                    .quoting(&source.text)
                    .with_hint(hint),
            );
            return None;
        }
    };
    let raw = front_matter::parse_article(&source.path, &source.text, &split, problems)?;
    let meta = article::validate(
        &source.path,
        &source.text,
        raw,
        &config.timezone,
        &config.language,
        problems,
    )?;
    let body = Body {
        path: &source.path,
        file_text: &source.text,
        markdown: split.body,
        summary: meta.summary.as_deref(),
        french: meta.lang.starts_with("fr"),
    };
    let rendered = markdown.render(&body, problems);
    Some((meta, rendered))
}

/// Theme `static/`, then the site's `static/` (which wins), as (output path, source file).
/// A static file may not take the place of a generated page.
fn static_files(
    config: &Config,
    page_files: &HashSet<PathBuf>,
    diagnostics: &mut Diagnostics,
) -> Vec<(PathBuf, PathBuf)> {
    let mut statics: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for dir in [
        config.paths.theme.join("static"),
        config.paths.static_files.clone(),
    ] {
        statics.extend(output::static_files(&dir));
    }
    statics
        .into_iter()
        .filter(|(relative, absolute)| {
            let clashes = page_files.contains(relative) || relative.as_os_str() == output::MARKER;
            if clashes {
                let shown = absolute
                    .strip_prefix(&config.paths.root)
                    .unwrap_or(absolute);
                diagnostics.push(
                    Diagnostic::error(
                        shown,
                        0,
                        0,
                        format!(
                            "static file would replace the generated page `{}`",
                            relative.display()
                        ),
                    )
                    .with_hint("rename or move the static file; pages come from templates"),
                );
            }
            !clashes
        })
        .collect()
}
