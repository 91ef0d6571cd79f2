//! Progress of long builds and imports: a bar on a terminal, plain lines elsewhere.
//!
//! The pipeline and the importers report to a [`Progress`] handle: [`Progress::stage`] starts
//! a stage of a known number of steps (article files read, pages written, search shards
//! indexed, posts imported), [`Stage::advance`] counts steps from any thread, and
//! [`Stage::finish`] ends the stage. The default handle, [`Progress::none`] (tests, `watch`,
//! `serve`, `check`), does nothing at all. The reporters wait until the run has lasted
//! [`THRESHOLD`] before showing anything, so a small build prints only its summary line.
//!
//! Counting is one atomic addition per step, so pages rendered on every core can report
//! without a lock on the hot path.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes on before its progress is shown.
pub const THRESHOLD: Duration = Duration::from_secs(1);

/// The stages worth reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Article files read, front matter parsed, Markdown rendered.
    Articles,
    /// Pages rendered, minified and written.
    Pages,
    /// Search index shards built (or kept from the previous output).
    Search,
    /// Feed, sitemap and robots files written.
    Feeds,
    /// Posts read and converted (or not) by an import.
    Import,
}

impl Step {
    /// The stage's name, as printed.
    pub fn name(self) -> &'static str {
        match self {
            Step::Articles => "articles",
            Step::Pages => "pages",
            Step::Search => "search index",
            Step::Feeds => "feeds and sitemaps",
            Step::Import => "posts",
        }
    }

    /// What happened to each counted thing, after the count ("10000 read").
    fn outcome(self) -> &'static str {
        match self {
            Step::Articles => "read",
            Step::Pages => "written",
            Step::Search => "shards done",
            Step::Feeds => "files written",
            Step::Import => "read",
        }
    }
}

/// How much a command prints besides errors and warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// No progress at all (`--quiet`).
    Quiet,
    /// A bar on a terminal, plain lines elsewhere, both only past [`THRESHOLD`].
    Normal,
    /// One line per stage, at once, even on a terminal (`--verbose`).
    Verbose,
}

impl Verbosity {
    /// From a command's `--quiet` and `--verbose`; quiet wins.
    pub fn from_flags(quiet: bool, verbose: bool) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

/// Something that shows the stages of a run: a bar or plain lines.
pub trait Reporter: Send + Sync {
    /// A stage of `total` steps starts (0: not known in advance).
    fn stage(&self, step: Step, total: u64) -> Box<dyn StageReporter>;
    /// The run is over: clear bars, print or drop what is held back.
    fn finish(&self);
}

/// One stage of a [`Reporter`], advanced from any thread.
pub trait StageReporter: Send + Sync {
    fn advance(&self, n: u64);
    fn finish(self: Box<Self>);
}

/// Where a build or import reports its progress; cheap to clone. The default reports nothing.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn Reporter>>);

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.0.is_some() { "on" } else { "none" };
        write!(f, "Progress({state})")
    }
}

impl Progress {
    /// Reports nothing.
    pub fn none() -> Progress {
        Progress(None)
    }

    /// Reports to `reporter`.
    pub fn new(reporter: impl Reporter + 'static) -> Progress {
        Progress(Some(Arc::new(reporter)))
    }

    /// What the command line uses: a bar when standard error is a terminal, plain lines when
    /// it is not, lines at once when verbose, nothing when quiet.
    pub fn to_stderr(verbosity: Verbosity) -> Progress {
        match verbosity {
            Verbosity::Quiet => Progress::none(),
            Verbosity::Verbose => Progress::new(Lines::new(std::io::stderr(), Duration::ZERO)),
            Verbosity::Normal if std::io::stderr().is_terminal() => {
                Progress::new(Bar::new(THRESHOLD))
            }
            Verbosity::Normal => Progress::new(Lines::new(std::io::stderr(), THRESHOLD)),
        }
    }

    /// Starts a stage of `total` steps (0: not known in advance).
    pub fn stage(&self, step: Step, total: usize) -> Stage {
        Stage(self.0.as_ref().map(|r| r.stage(step, total as u64)))
    }

    /// Ends the run; call it once the work is over, whether it succeeded or not.
    pub fn finish(&self) {
        if let Some(reporter) = &self.0 {
            reporter.finish();
        }
    }
}

/// A running stage. Dropped without [`Stage::finish`] (a failed build), it reports nothing.
pub struct Stage(Option<Box<dyn StageReporter>>);

impl Stage {
    /// A stage nobody watches.
    pub fn none() -> Stage {
        Stage(None)
    }

    /// `n` more steps are done.
    pub fn advance(&self, n: u64) {
        if let Some(stage) = &self.0 {
            stage.advance(n);
        }
    }

    pub fn finish(self) {
        if let Some(stage) = self.0 {
            stage.finish();
        }
    }
}

/// The time since the run started.
type Clock = Arc<dyn Fn() -> Duration + Send + Sync>;

/// Plain lines, one per stage when it ends: `gazette: articles: 10000 read in 1.23 s`.
/// Lines of stages that end before `threshold` are held back, printed once the run passes it,
/// and dropped if it never does.
pub struct Lines(Arc<LinesShared>);

struct LinesShared {
    threshold: Duration,
    clock: Clock,
    out: Mutex<LinesOut>,
}

struct LinesOut {
    writer: Box<dyn Write + Send>,
    held: Vec<String>,
}

impl Lines {
    /// Lines to `writer`, shown once the run has lasted `threshold` from now.
    pub fn new(writer: impl Write + Send + 'static, threshold: Duration) -> Lines {
        let start = Instant::now();
        Lines::with_clock(writer, threshold, move || start.elapsed())
    }

    /// Like [`Lines::new`] with a clock of one's own: `clock()` is the time since the run
    /// started (tests use it to stay deterministic).
    pub fn with_clock(
        writer: impl Write + Send + 'static,
        threshold: Duration,
        clock: impl Fn() -> Duration + Send + Sync + 'static,
    ) -> Lines {
        Lines(Arc::new(LinesShared {
            threshold,
            clock: Arc::new(clock),
            out: Mutex::new(LinesOut {
                writer: Box::new(writer),
                held: Vec::new(),
            }),
        }))
    }
}

impl LinesShared {
    /// Holds `line` back, then prints everything held if the run is past the threshold.
    fn emit(&self, line: Option<String>) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        out.held.extend(line);
        if (self.clock)() >= self.threshold {
            let LinesOut { writer, held } = &mut *out;
            for line in held.drain(..) {
                let _ = writeln!(writer, "{line}");
            }
            let _ = writer.flush();
        }
    }
}

impl Reporter for Lines {
    fn stage(&self, step: Step, _total: u64) -> Box<dyn StageReporter> {
        Box::new(LineStage {
            step,
            done: AtomicU64::new(0),
            started: (self.0.clock)(),
            lines: Arc::clone(&self.0),
        })
    }

    fn finish(&self) {
        self.0.emit(None);
        let mut out = self.0.out.lock().unwrap_or_else(|e| e.into_inner());
        out.held.clear();
    }
}

struct LineStage {
    step: Step,
    done: AtomicU64,
    started: Duration,
    lines: Arc<LinesShared>,
}

impl StageReporter for LineStage {
    fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    fn finish(self: Box<Self>) {
        let took = (self.lines.clock)().saturating_sub(self.started);
        let line = format!(
            "gazette: {}: {} {} in {:.2} s",
            self.step.name(),
            self.done.load(Ordering::Relaxed),
            self.step.outcome(),
            took.as_secs_f64()
        );
        self.lines.emit(Some(line));
    }
}

/// Bars on standard error (indicatif), one per running stage, drawn only once the run has
/// lasted the threshold: until then they count in a hidden draw target.
pub struct Bar {
    bars: MultiProgress,
    reveal: Mutex<Option<(Sender<()>, JoinHandle<()>)>>,
}

impl Bar {
    pub fn new(threshold: Duration) -> Bar {
        let bars = MultiProgress::with_draw_target(ProgressDrawTarget::hidden());
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bars.clone();
        // Waits for the threshold, unless the run ends first.
        let reveal = std::thread::spawn(move || {
            if stopped.recv_timeout(threshold) == Err(RecvTimeoutError::Timeout) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
            }
        });
        Bar {
            bars,
            reveal: Mutex::new(Some((stop, reveal))),
        }
    }
}

impl Reporter for Bar {
    fn stage(&self, step: Step, total: u64) -> Box<dyn StageReporter> {
        let template = if total > 0 {
            "{prefix:>18} [{bar:40}] {pos}/{len} {elapsed}"
        } else {
            "{prefix:>18} {spinner} {pos} {elapsed}"
        };
        let style = ProgressStyle::with_template(template)
            .expect("a valid template")
            .progress_chars("=> ");
        let bar = self.bars.add(ProgressBar::new(total).with_style(style));
        bar.set_prefix(step.name());
        // Redraws while a stage advances rarely (search shards), and once revealed.
        bar.enable_steady_tick(Duration::from_millis(200));
        Box::new(BarStage(bar))
    }

    fn finish(&self) {
        let reveal = self.reveal.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some((stop, thread)) = reveal {
            let _ = stop.send(());
            let _ = thread.join();
        }
        let _ = self.bars.clear();
    }
}

struct BarStage(ProgressBar);

impl StageReporter for BarStage {
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }

    fn finish(self: Box<Self>) {
        self.0.finish_and_clear();
    }
}

/// The process's resident memory now and at its peak, in bytes (`--timings`); `None` where
/// the system does not say (read from `/proc/self/status` on Linux).
pub fn resident_memory() -> Option<(u64, u64)> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kilobytes = |key: &str| -> Option<u64> {
        let line = status.lines().find(|line| line.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    Some((kilobytes("VmRSS:")? * 1024, kilobytes("VmHWM:")? * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    /// Lines with a clock set by hand, in milliseconds since the run started.
    fn lines(threshold_ms: u64) -> (Progress, Captured, Arc<AtomicU64>) {
        let out = Captured::default();
        let now = Arc::new(AtomicU64::new(0));
        let clock = Arc::clone(&now);
        let reporter = Lines::with_clock(
            out.clone(),
            Duration::from_millis(threshold_ms),
            move || Duration::from_millis(clock.load(Ordering::SeqCst)),
        );
        (Progress::new(reporter), out, now)
    }

    #[test]
    fn a_stage_ends_with_one_line_of_count_and_time() {
        let (progress, out, now) = lines(0);
        now.store(500, Ordering::SeqCst);
        let stage = progress.stage(Step::Articles, 3);
        for _ in 0..3 {
            stage.advance(1);
        }
        now.store(1_730, Ordering::SeqCst);
        stage.finish();
        assert_eq!(out.text(), "gazette: articles: 3 read in 1.23 s\n");
        let stage = progress.stage(Step::Search, 2);
        stage.advance(2);
        stage.finish();
        progress.finish();
        assert_eq!(
            out.text(),
            "gazette: articles: 3 read in 1.23 s\ngazette: search index: 2 shards done in 0.00 s\n"
        );
    }

    #[test]
    fn a_run_shorter_than_the_threshold_prints_nothing() {
        let (progress, out, now) = lines(1_000);
        let stage = progress.stage(Step::Pages, 10);
        stage.advance(10);
        now.store(400, Ordering::SeqCst);
        stage.finish();
        now.store(990, Ordering::SeqCst);
        progress.finish();
        assert_eq!(out.text(), "");
    }

    #[test]
    fn lines_held_back_are_printed_once_the_run_passes_the_threshold() {
        let (progress, out, now) = lines(1_000);
        let articles = progress.stage(Step::Articles, 2);
        articles.advance(2);
        now.store(300, Ordering::SeqCst);
        articles.finish();
        assert_eq!(out.text(), "");
        let pages = progress.stage(Step::Pages, 5);
        pages.advance(5);
        now.store(1_300, Ordering::SeqCst);
        pages.finish();
        assert_eq!(
            out.text(),
            "gazette: articles: 2 read in 0.30 s\ngazette: pages: 5 written in 1.00 s\n"
        );
    }

    #[test]
    fn a_run_ending_past_the_threshold_prints_what_was_held_back() {
        let (progress, out, now) = lines(1_000);
        let posts = progress.stage(Step::Import, 4);
        posts.advance(4);
        now.store(800, Ordering::SeqCst);
        posts.finish();
        now.store(1_100, Ordering::SeqCst);
        progress.finish();
        assert_eq!(out.text(), "gazette: posts: 4 read in 0.80 s\n");
    }

    #[test]
    fn an_unfinished_stage_prints_nothing() {
        let (progress, out, now) = lines(0);
        let stage = progress.stage(Step::Feeds, 0);
        stage.advance(7);
        drop(stage);
        now.store(2_000, Ordering::SeqCst);
        progress.finish();
        assert_eq!(out.text(), "");
    }

    #[test]
    fn the_default_progress_reports_nothing() {
        let progress = Progress::default();
        let stage = progress.stage(Step::Pages, 3);
        stage.advance(3);
        stage.finish();
        progress.finish();
        assert_eq!(format!("{progress:?}"), "Progress(none)");
    }

    #[test]
    fn bars_stay_hidden_for_a_quick_run() {
        // The bar reporter must not draw (or wait out its threshold) when the run ends before
        // the threshold.
        let bar = Bar::new(Duration::from_secs(60));
        let bars = bar.bars.clone();
        let started = std::time::Instant::now();
        let progress = Progress::new(bar);
        let stage = progress.stage(Step::Pages, 3);
        stage.advance(3);
        stage.finish();
        progress.finish();
        assert!(bars.is_hidden(), "the bars were never shown");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "finishing stopped the reveal timer instead of waiting for it"
        );
    }
}
