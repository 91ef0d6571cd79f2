//! The command line: clap derive, one `Args` struct per subcommand, each with `run()`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, BuildError, BuildOptions};
use crate::config::Overrides;
use crate::progress::{Progress, Verbosity};
use crate::report::{failed_line, print_diagnostics, rebuilt_line, report_error, warnings_suffix};

/// `gazette --version`: the version and the commit it was built from (see `build.rs`), so a
/// report or a CI log says exactly which gazette ran.
pub const VERSION: &str = match crate::scaffold::BUILT_FROM_COMMIT {
    Some(_) => concat!(
        env!("CARGO_PKG_VERSION"),
        " (commit ",
        env!("GAZETTE_COMMIT"),
        ")"
    ),
    None => env!("CARGO_PKG_VERSION"),
};

/// gazette: a fast static site generator for news archives.
#[derive(Debug, Parser)]
#[command(name = "gazette", version = VERSION, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build(BuildArgs),
    /// Build, serve on a local address, rebuild on every change and reload open pages.
    Serve(ServeArgs),
    /// Build, then rebuild into the output folder on every change.
    Watch(WatchArgs),
    /// Create a new site in an empty folder: configuration, examples and the default theme.
    Init(InitArgs),
    /// Create a new article, dated now, with its front matter filled in.
    New(NewArgs),
    /// Validate the site as `build` does, write no output, and report editorial problems.
    Check(CheckArgs),
    /// Import posts from another archive into this site's content/ folder.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Work on actor profiles: `gazette actors suggest` lists the names that need one.
    #[command(subcommand)]
    Actors(ActorsCommand),
    /// Print a shell completion script: `gazette completions bash > …` (see README).
    Completions(CompletionsArgs),
    /// Print gazette's manual page (roff): `gazette man > gazette.1`.
    Man,
}

impl Cli {
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Build(args) => args.run(),
            Command::Serve(args) => args.run(),
            Command::Watch(args) => args.run(),
            Command::Init(args) => args.run(),
            Command::New(args) => args.run(),
            Command::Check(args) => args.run(),
            Command::Import(command) => command.run(),
            Command::Actors(command) => command.run(),
            Command::Completions(args) => args.run(),
            Command::Man => print_man_page(),
        }
    }
}

/// `gazette build`
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Print only errors and warnings: no progress, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print a line as each stage ends (articles, pages, search index, feeds), even on a
    /// terminal, and how long each stage took.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print how long each stage of the build took.
    #[arg(long)]
    pub timings: bool,
    /// Render every article's Markdown, without reading or writing the body cache
    /// (.gazette-cache/articles/), which otherwise spares the articles whose files did not
    /// change since the last build.
    #[arg(long)]
    pub no_cache: bool,
}

/// What `build`, `serve` and `watch` share: the site, the output, what to include.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (holding site.yaml, content/ and themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write the site here instead of site.yaml's `output_dir`.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Use this theme (a folder of themes/) instead of site.yaml's `theme`.
    #[arg(long, value_parser = theme_name)]
    pub theme: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated in the future.
    #[arg(long)]
    pub future: bool,
}

impl SiteArgs {
    fn options(self) -> BuildOptions {
        BuildOptions {
            root: self.root,
            overrides: Overrides {
                output: self.output,
                theme: self.theme,
            },
            drafts: self.drafts,
            future: self.future,
            progress: Progress::none(),
            exit_after: false,
            // `check` never uses it, whatever this says; `build --no-cache` turns it off.
            body_cache: true,
        }
    }
}

/// `--theme`'s check: a folder name, never a path that could leave `themes/`.
fn theme_name(name: &str) -> Result<String, String> {
    if crate::config::is_theme_name(name) {
        Ok(name.to_owned())
    } else {
        Err("a theme is a folder of themes/, named without `/` or a leading `.`".to_owned())
    }
}

/// `gazette serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; keep the default unless others must see the preview.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

impl ServeArgs {
    pub fn run(self) -> ExitCode {
        let options = crate::serve::ServeOptions {
            build: self.site.options(),
            bind: self.bind,
            port: self.port,
            open: self.open,
        };
        match crate::serve::run(options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                let mut stderr = std::io::stderr().lock();
                if let crate::serve::ServeError::Config(error) = error {
                    report_error(&mut stderr, &BuildError::Config(error));
                } else {
                    let _ = writeln!(stderr, "error: {error}");
                }
                ExitCode::FAILURE
            }
        }
    }
}

/// Whether the output equals a clean build of the same sources, in a sentence.
fn verdict(options: &BuildOptions, output: &std::path::Path) -> String {
    let verdict = match crate::watch::verify(options, output) {
        Ok(verdict) => verdict,
        Err(error) => return format!("the clean build failed: {error}"),
    };
    let mut said = match verdict.differing.as_slice() {
        [] => "the output equals a clean build".to_owned(),
        differing => format!(
            "{} files differ from a clean build: {}",
            differing.len(),
            crate::watch::describe(differing)
        ),
    };
    match verdict.minify_difference {
        Some(difference) => {
            said.push_str(&format!("; the minified templates differ: {difference}"))
        }
        None => said.push_str("; every page is the same with minified templates"),
    }
    said
}

/// `gazette watch`
#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// After each rebuild, also build from scratch into a scratch folder and report any file
    /// that differs (a check of the rebuild logic; doubles the work).
    #[arg(long)]
    pub verify: bool,
}

impl WatchArgs {
    pub fn run(self) -> ExitCode {
        let options = self.site.options();
        let verify = self.verify;
        let mut output: Option<PathBuf> = None;
        let on_build =
            |outcome: crate::watch::Outcome<'_>, changed: &[PathBuf], took: std::time::Duration| {
                use crate::watch::Outcome;
                let what = crate::watch::describe(changed);
                let millis = took.as_millis();
                if let Outcome::Built { report, .. } = &outcome {
                    output = Some(report.output.clone());
                }
                // The output is checked once complete (search index included). The verifying
                // build runs before stderr is locked: its threads may print.
                let complete = matches!(
                    outcome,
                    Outcome::Built {
                        search_follows: false,
                        ..
                    } | Outcome::Indexed(_)
                );
                let verdict = match &output {
                    Some(output) if verify && complete => Some(verdict(&options, output)),
                    _ => None,
                };
                let mut stderr = std::io::stderr().lock();
                match outcome {
                    Outcome::Built {
                        report,
                        search_follows,
                    } => {
                        print_diagnostics(&mut stderr, &report.diagnostics);
                        let line = rebuilt_line(&what, report, millis, false, search_follows);
                        let _ = writeln!(stderr, "{line}");
                    }
                    Outcome::Indexed(update) => {
                        let _ = writeln!(
                            stderr,
                            "gazette: {what}: search index updated, {} files written, {millis} ms",
                            update.files_written
                        );
                    }
                    Outcome::Failed(error) => {
                        report_error(&mut stderr, error);
                        let _ = writeln!(stderr, "{}", failed_line(&what, millis));
                    }
                }
                if let Some(verdict) = verdict {
                    let _ = writeln!(stderr, "gazette: verify: {verdict}");
                }
            };
        match crate::watch::run(&options, on_build, || false) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                let _ = writeln!(std::io::stderr(), "error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

impl BuildArgs {
    pub fn run(self) -> ExitCode {
        let (quiet, timings) = (self.quiet, self.timings || self.verbose);
        let mut options = self.site.options();
        options.progress = Progress::to_stderr(Verbosity::from_flags(quiet, self.verbose));
        options.exit_after = true;
        options.body_cache = !self.no_cache;
        let built = build::build(&options);
        options.progress.finish();
        // Locked only now: the stages print their progress from other threads.
        let mut stderr = std::io::stderr().lock();
        match built {
            Ok(report) => {
                print_diagnostics(&mut stderr, &report.diagnostics);
                if timings {
                    for (stage, took) in &report.stages {
                        let _ = writeln!(stderr, "{:>8.3} s  {stage}", took.as_secs_f64());
                    }
                    if let Some(peak) = report.peak_memory {
                        let mib = |bytes: u64| bytes / (1024 * 1024);
                        let after: Vec<String> = (report.resident.iter())
                            .map(|(stage, bytes)| format!("{stage} {} MiB", mib(*bytes)))
                            .collect();
                        let _ = writeln!(
                            stderr,
                            "    memory: peak {} MiB; resident after each stage: {}",
                            mib(peak),
                            after.join(", ")
                        );
                    }
                    if let Some(note) = &report.minify_note {
                        let _ = writeln!(stderr, "    note: {note}");
                    }
                    let mentions = report.mentions;
                    let _ = writeln!(
                        stderr,
                        "    mentions of profiled actors: {}, of which {} by a surname within an article naming the person in full",
                        mentions.found, mentions.by_surname
                    );
                }
                if !quiet {
                    let _ = writeln!(
                        stderr,
                        "gazette: {} articles read{}, {} pages{} written to {} in {:.2} s{}",
                        report.articles,
                        cached_note(report.articles_cached),
                        report.pages,
                        kept_note(report.pages_kept),
                        report.output.display(),
                        report.elapsed.as_secs_f64(),
                        warnings_suffix(&report.diagnostics),
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                report_error(&mut stderr, &error);
                ExitCode::FAILURE
            }
        }
    }
}

/// ` (150 unchanged, kept)`: the pages a build with the previous output at hand did not
/// render again.
fn kept_note(kept: usize) -> String {
    if kept == 0 {
        String::new()
    } else {
        format!(" ({kept} unchanged, kept)")
    }
}

/// ` (99 from the body cache)`: the articles whose Markdown was not rendered again.
fn cached_note(cached: usize) -> String {
    if cached == 0 {
        String::new()
    } else {
        format!(" ({cached} from the body cache)")
    }
}

/// `gazette init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in; it must be missing or empty.
    pub dir: PathBuf,
    /// The deploy workflow to write beside the site: GitHub Actions to GitHub Pages, GitLab CI
    /// to GitLab Pages, or none.
    #[arg(long, value_enum, default_value_t = crate::scaffold::Ci::Github)]
    pub ci: crate::scaffold::Ci,
}

impl InitArgs {
    pub fn run(self) -> ExitCode {
        match crate::scaffold::init(&self.dir, self.ci) {
            Ok(files) => {
                eprintln!(
                    "gazette: created a site in {} ({} files); preview it with `cd {} && gazette serve`",
                    self.dir.display(),
                    files.len(),
                    self.dir.display()
                );
                if let Some(workflow) = self.ci.workflow_path() {
                    eprintln!(
                        "gazette: {workflow} publishes it on every push; see README, \"Deploy\""
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => scaffold_failed(&error),
        }
    }
}

/// `gazette new`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The article's title; the file name is made from it.
    pub title: String,
    /// What the article is about, comma-separated: `--actors "Ada Moreau, Riverton"`.
    #[arg(long, value_delimiter = ',')]
    pub actors: Vec<String>,
    /// Who wrote it, comma-separated: `--authors "Claire Dumas, Thomas Ferrand"`.
    #[arg(long, value_delimiter = ',')]
    pub authors: Vec<String>,
    /// Topics, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Publication date (`2024-05-14 09:30`, site time zone); default: now.
    #[arg(long)]
    pub date: Option<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

impl NewArgs {
    pub fn run(self) -> ExitCode {
        let request = crate::scaffold::NewArticle {
            root: self.root,
            title: self.title,
            actors: self.actors,
            authors: self.authors,
            tags: self.tags,
            date: self.date,
        };
        match crate::scaffold::new_article(&request) {
            Ok(path) => {
                println!("{}", path.display());
                ExitCode::SUCCESS
            }
            Err(error) => scaffold_failed(&error),
        }
    }
}

/// `gazette completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

impl CompletionsArgs {
    pub fn run(self) -> ExitCode {
        use clap::CommandFactory;
        let mut command = Cli::command();
        clap_complete::generate(self.shell, &mut command, "gazette", &mut std::io::stdout());
        ExitCode::SUCCESS
    }
}

/// `gazette man`: the page is generated from the parser's own definition, subcommands included.
fn print_man_page() -> ExitCode {
    use clap::CommandFactory;
    let mut page = Vec::new();
    let written = man_page(&Cli::command(), &mut page);
    match written.and_then(|()| std::io::stdout().write_all(&page)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gazette: cannot write the manual page: {error}");
            ExitCode::FAILURE
        }
    }
}

/// One roff page: the command's own sections, then one section per subcommand (and per
/// `import` source) with its synopsis, description and flags, so `man gazette` has them all.
fn man_page(command: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    for sub in command.get_subcommands() {
        subcommand_sections(sub, "gazette", out)?;
    }
    man.render_version_section(out)?;
    Ok(())
}

/// `.SH GAZETTE BUILD` and its parts as `.SS` subsections, then its own subcommands.
fn subcommand_sections(
    sub: &clap::Command,
    parent: &str,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let name = format!("{parent} {}", sub.get_name());
    writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
    let man = clap_mangen::Man::new(
        sub.clone()
            .display_name(name.clone())
            .bin_name(name.clone()),
    );
    let mut parts = Vec::new();
    man.render_synopsis_section(&mut parts)?;
    man.render_description_section(&mut parts)?;
    man.render_options_section(&mut parts)?;
    let parts = String::from_utf8_lossy(&parts).replace(".SH ", ".SS ");
    out.write_all(parts.as_bytes())?;
    for nested in sub.get_subcommands() {
        subcommand_sections(nested, &name, out)?;
    }
    Ok(())
}

/// `gazette check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// `text` for people, `json` for CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail (exit status 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// First remove the characters that are debris beyond doubt (a combining mark on no
    /// letter, a zero-width character inside a word) from articles and profiles, saying each.
    #[arg(long)]
    pub fix_text: bool,
}

/// How `check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

impl CheckArgs {
    pub fn run(self) -> ExitCode {
        let (format, strict) = (self.format, self.strict);
        let mut options = self.site.options();
        // Future articles are checked too, and reported as such.
        options.future = true;
        if self.fix_text {
            let mut stderr = std::io::stderr().lock();
            match crate::check::fix_text(&options) {
                Ok(removed) => {
                    for r in &removed {
                        let at = format!("{}:{}:{}", r.path.display(), r.line, r.column);
                        let _ = writeln!(stderr, "{at}: removed {}", r.what);
                    }
                    let _ = writeln!(
                        stderr,
                        "gazette: --fix-text removed {} character(s)",
                        removed.len()
                    );
                }
                Err(crate::check::FixTextError::Build(error)) => {
                    report_error(&mut stderr, &error);
                    return ExitCode::FAILURE;
                }
                Err(error) => {
                    let _ = writeln!(stderr, "error: {error}");
                    return ExitCode::FAILURE;
                }
            }
        }
        let diagnostics = match crate::check::check(&options) {
            Ok(diagnostics) => diagnostics,
            Err(error) => {
                report_error(&mut std::io::stderr().lock(), &error);
                return ExitCode::FAILURE;
            }
        };
        let failed = diagnostics.has_errors() || (strict && diagnostics.warning_count() > 0);
        match format {
            Format::Json => println!("{:#}", crate::check::to_json(&diagnostics)),
            Format::Text => {
                let mut stderr = std::io::stderr().lock();
                print_diagnostics(&mut stderr, &diagnostics);
                let _ = writeln!(
                    stderr,
                    "gazette: check found {} error(s) and {} warning(s); no output was written",
                    diagnostics.error_count(),
                    diagnostics.warning_count(),
                );
            }
        }
        if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// `gazette import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Hugo site: posts under content/, profiles in content/authors/.
    Hugo(ImportArgs),
    /// A Jekyll site: posts in _posts/, profiles in _authors/.
    Jekyll(ImportArgs),
    /// Plain-text dumps: title line, label line, paragraphs; one article per file.
    Text(TextImportArgs),
}

/// `gazette import text`
#[derive(Debug, Args)]
pub struct TextImportArgs {
    #[command(flatten)]
    pub import: ImportArgs,
    /// The date of every article, when the label lines carry none.
    #[arg(long)]
    pub date: Option<String>,
    /// A regular expression: a final paragraph matching it is dropped (added to site.yaml's
    /// `import_drop_footer`). Repeat for several.
    #[arg(long = "drop-footer")]
    pub drop_footer: Vec<String>,
}

/// What every import takes.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The folder to import from.
    pub dir: PathBuf,
    /// The site to import into (its content/ folder receives the files).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print only the summary line and problems: no progress, no notes.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also list every file written, and print a line once every post is read.
    #[arg(long, short)]
    pub verbose: bool,
    /// Keep the old URLs by the site's permalink pattern rather than by aliases: print the
    /// `permalink:` to put in site.yaml (when one pattern fits every post), or why none does.
    #[arg(long)]
    pub keep_urls: bool,
    /// The old site's address (`https://old.example.org/`): an image or file the posts use
    /// that is not in the source folder is linked there rather than left for the build to
    /// refuse.
    #[arg(long, value_name = "URL", value_parser = web_address)]
    pub source_url: Option<String>,
    /// The old site's configuration file (`_config.yml`, `hugo.toml` …) when it is not at the
    /// folder's root: its permalink pattern and the values `{{ site.x }}` tags print.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Convert and check everything, write nothing but import-report.json.
    #[arg(long)]
    pub dry_run: bool,
}

/// `--source-url`: an http(s) address, kept without its last `/`.
fn web_address(text: &str) -> Result<String, String> {
    let is_web = text.starts_with("https://") || text.starts_with("http://");
    match is_web && text.len() > "https://".len() {
        true => Ok(text.trim_end_matches('/').to_owned()),
        false => Err(format!(
            "`{text}` is no web address: write the old site's address with its scheme, `https://old.example.org/`"
        )),
    }
}

impl ImportCommand {
    pub fn run(self) -> ExitCode {
        use crate::import::{hugo, jekyll, text};
        let is_hugo = matches!(self, ImportCommand::Hugo(_));
        let (args, text_options) = match self {
            ImportCommand::Hugo(args) | ImportCommand::Jekyll(args) => (args, None),
            ImportCommand::Text(text) => {
                let options = text::TextOptions {
                    date: text.date,
                    drop_footer: text.drop_footer,
                };
                (text.import, Some(options))
            }
        };
        let progress = Progress::to_stderr(Verbosity::from_flags(args.quiet, args.verbose));
        let outcome = crate::import::Target::open(&args.root).and_then(|mut target| {
            target.keep_urls = args.keep_urls;
            target.source_url = args.source_url.clone();
            target.source_config = args.config.clone();
            target.dry_run = args.dry_run;
            match text_options {
                Some(mut options) => {
                    options
                        .drop_footer
                        .extend(target.config.import_drop_footer.clone());
                    text::import(&args.dir, &options, &mut target, &progress)
                }
                None if is_hugo => hugo::import(&args.dir, &mut target, &progress),
                None => jekyll::import(&args.dir, &mut target, &progress),
            }
        });
        progress.finish();
        match outcome {
            Ok(report) => {
                print_import(&report, &args);
                match crate::import::report::write(&report, &args.root) {
                    Ok(path) if args.dry_run => {
                        eprintln!("gazette: dry run: nothing written but {}", path.display());
                        ExitCode::SUCCESS
                    }
                    Ok(path) => {
                        eprintln!("gazette: {} says what became of each file", path.display());
                        ExitCode::SUCCESS
                    }
                    Err(error) => {
                        eprintln!("error: {error}");
                        ExitCode::FAILURE
                    }
                }
            }
            Err(crate::import::ImportError::Config(error)) => {
                report_error(&mut std::io::stderr().lock(), &BuildError::Config(error));
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

/// The import report: problems and notes on stdout, one per line; the summary on stderr.
fn print_import(report: &crate::import::Report, args: &ImportArgs) {
    let mut stdout = std::io::stdout().lock();
    for (path, why) in &report.failed {
        let _ = writeln!(stdout, "{}: not imported: {why}", path.display());
    }
    for (path, why) in &report.skipped {
        let _ = writeln!(stdout, "{}: skipped: {why}", path.display());
    }
    if !args.quiet {
        for (path, line, note) in &report.notes {
            let at = if *line > 0 {
                format!(":{line}")
            } else {
                String::new()
            };
            let _ = writeln!(stdout, "{}{at}: note: {note}", path.display());
        }
    }
    if args.verbose {
        for path in report.articles.iter().chain(&report.profiles) {
            let _ = writeln!(stdout, "wrote {}", path.display());
        }
    }
    match &report.keep_urls {
        Some(Ok(pattern)) => {
            let _ = writeln!(
                stdout,
                "keep-urls: every post keeps its old URL once site.yaml has this line (no alias was written for them):\npermalink: {pattern}"
            );
        }
        Some(Err(why)) => {
            let _ = writeln!(
                stdout,
                "keep-urls: no permalink pattern fits, so each old URL was written as an alias: {why}"
            );
        }
        None => {}
    }
    eprintln!(
        "gazette: {} articles and {} author profiles written from {} posts; {} skipped, {} not imported, {} notes",
        report.articles.len(),
        report.profiles.len(),
        report.posts_seen(),
        report.skipped.len(),
        report.failed.len(),
        report.notes.len(),
    );
}

/// `gazette actors …`
#[derive(Debug, Subcommand)]
pub enum ActorsCommand {
    /// List the names the archive uses often that no actor or author profile answers to:
    /// people, organisations, countries and places, variants grouped, with counts and example
    /// sentences, best first; `--write` creates a profile for each.
    Suggest(SuggestArgs),
}

impl ActorsCommand {
    pub fn run(self) -> ExitCode {
        match self {
            ActorsCommand::Suggest(args) => args.run(),
        }
    }
}

/// `gazette actors suggest`
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Leave out names used in fewer articles than this.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_articles: u32,
    /// Suggest at most this many actors.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Create `content/actors/<slug>.md` for each suggestion (name, kind, aliases); an
    /// existing file is never replaced, and is reported as skipped.
    #[arg(long)]
    pub write: bool,
}

impl SuggestArgs {
    pub fn run(self) -> ExitCode {
        let options = crate::suggest::Options {
            root: self.root.clone(),
            min_articles: self.min_articles,
            limit: self.limit,
        };
        let report = match crate::suggest::suggest(&options) {
            Ok(report) => report,
            Err(error) => return suggest_failed(error),
        };
        match self.format {
            Format::Json => println!("{:#}", crate::suggest::to_json(&report)),
            Format::Text => print!("{}", crate::suggest::to_text(&report)),
        }
        eprintln!(
            "gazette: {} articles read; {} names without a profile in at least {} articles, {} shown",
            report.articles,
            report.found,
            self.min_articles,
            report.suggestions.len()
        );
        if !self.write {
            return ExitCode::SUCCESS;
        }
        match crate::suggest::write_profiles(&self.root, &report.suggestions) {
            Ok(written) => {
                for path in &written.created {
                    eprintln!("wrote {}", path.display());
                }
                for path in &written.skipped {
                    eprintln!("{}: skipped: the file exists", path.display());
                }
                eprintln!(
                    "gazette: {} profiles written, {} skipped",
                    written.created.len(),
                    written.skipped.len()
                );
                ExitCode::SUCCESS
            }
            Err(error) => suggest_failed(error),
        }
    }
}

fn suggest_failed(error: crate::suggest::SuggestError) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match error {
        crate::suggest::SuggestError::Config(error) => {
            report_error(&mut stderr, &BuildError::Config(error));
        }
        other => {
            let _ = writeln!(stderr, "error: {other}");
        }
    }
    ExitCode::FAILURE
}

fn scaffold_failed(error: &crate::scaffold::ScaffoldError) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match error {
        crate::scaffold::ScaffoldError::Config(crate::config::ConfigError::Invalid(problems)) => {
            for problem in problems {
                let _ = writeln!(stderr, "{problem}");
            }
            let _ = writeln!(stderr, "error: site.yaml is not valid; nothing was written");
        }
        other => {
            let _ = writeln!(stderr, "error: {other}");
        }
    }
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
