//! A fixture-site harness: a small site in a temp folder, built by the real binary.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// A site under construction in a temp folder, with the repository's themes.
pub struct SiteTest {
    dir: Rc<tempfile::TempDir>,
    pub root: PathBuf,
}

/// What a build printed and produced.
pub struct Built {
    /// Keeps the temp folder alive as long as the result is inspected.
    _dir: Rc<tempfile::TempDir>,
    pub success: bool,
    pub stderr: String,
    pub output: PathBuf,
    /// How long the gazette process ran: the child alone, not the test's own work.
    pub took: Duration,
}

/// Past this, a gazette process is taken to hang: killed, and the test fails saying so, rather
/// than stalling the whole run. Generous: speed is for the benchmarks, this only catches hangs.
pub const HANG_GUARD: Duration = Duration::from_secs(300);

/// Runs `command` to its end, or kills it at [`HANG_GUARD`] and panics; returns its output
/// and how long it ran.
pub fn run_guarded(command: &mut Command) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gazette");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for gazette") {
            break status;
        }
        if started.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gazette ran past {HANG_GUARD:?} and was killed: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    let output = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    (output, took)
}

const DEFAULT_CONFIG: &str =
    "title: Test Gazette\nbase_url: https://example.org/\nlanguage: en\nminify: false\n";

impl SiteTest {
    /// An empty site with `site.yaml` (English, not minified) and the default theme.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        copy_dir(&repo().join("themes"), &root.join("themes"));
        let site = SiteTest {
            dir: Rc::new(dir),
            root,
        };
        site.write("site.yaml", DEFAULT_CONFIG)
    }

    /// A copy of the repository's demo site.
    pub fn demo() -> Self {
        let site = SiteTest::new();
        copy_dir(&repo().join("content"), &site.root.join("content"));
        std::fs::copy(repo().join("site.yaml"), site.root.join("site.yaml")).unwrap();
        site
    }

    /// Writes a file relative to the site root (folders created).
    pub fn write(self, path: &str, text: &str) -> Self {
        let full = self.root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    /// Sets `site.yaml` keys: `key: value` lines replace the same keys, others are appended.
    pub fn config(self, lines: &str) -> Self {
        let current = std::fs::read_to_string(self.root.join("site.yaml")).unwrap();
        let key = |line: &str| line.split(':').next().unwrap_or("").trim().to_owned();
        let new_keys: Vec<String> = lines.lines().map(key).collect();
        let mut text: String = current
            .lines()
            .filter(|line| !new_keys.contains(&key(line)))
            .map(|line| format!("{line}\n"))
            .collect();
        text.push_str(lines);
        text.push('\n');
        self.write("site.yaml", &text)
    }

    /// Writes `content/articles/<name>` with front matter lines and a body.
    pub fn article(self, name: &str, front_matter: &str, body: &str) -> Self {
        let text = format!("---\n{}\n---\n{body}", front_matter.trim_end());
        self.write(&format!("content/articles/{name}"), &text)
    }

    /// Runs `gazette build --root <site>` with extra arguments.
    pub fn build(&self, args: &[&str]) -> Built {
        let (output, took) = run_guarded(
            Command::new(env!("CARGO_BIN_EXE_gazette"))
                .arg("build")
                .arg("--root")
                .arg(&self.root)
                .args(args),
        );
        Built {
            _dir: Rc::clone(&self.dir),
            success: output.status.success(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            output: self.root.join("output"),
            took,
        }
    }

    /// Builds and asserts success.
    pub fn build_ok(&self) -> Built {
        let built = self.build(&[]);
        assert!(built.success, "build failed:\n{}", built.stderr);
        built
    }

    /// Builds and asserts failure.
    pub fn build_err(&self) -> Built {
        let built = self.build(&[]);
        assert!(
            !built.success,
            "build should have failed:\n{}",
            built.stderr
        );
        built
    }
}

impl Built {
    /// The HTML at a site path (`/2024/01/x/` or `/404.html`).
    pub fn page(&self, site_path: &str) -> String {
        let file = page_file(&self.output, site_path);
        std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e}\nstderr:\n{}", file.display(), self.stderr))
    }

    pub fn has_page(&self, site_path: &str) -> bool {
        page_file(&self.output, site_path).is_file()
    }

    /// Asserts stderr contains every fragment.
    pub fn assert_stderr(&self, fragments: &[&str]) {
        for fragment in fragments {
            assert!(
                self.stderr.contains(fragment),
                "stderr lacks {fragment:?}:\n{}",
                self.stderr
            );
        }
    }
}

fn page_file(output: &Path, site_path: &str) -> PathBuf {
    let inner = site_path.trim_start_matches('/');
    if inner.is_empty() || inner.ends_with('/') {
        output.join(inner).join("index.html")
    } else {
        output.join(inner)
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `href` and `src` value in an HTML page, quoted or not (minified pages drop quotes).
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=", " src="] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let value = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            found.push(value.replace("&amp;", "&"));
        }
    }
    found
}

/// Every HTML file under a folder.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// Internal links (under `base_path`) that do not resolve to a file in `output`.
pub fn broken_links(output: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for file in html_files(output) {
        let html = std::fs::read_to_string(&file).unwrap();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with('#')
                || link.starts_with("mailto:")
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap();
            // A server decodes `%20` and the like before looking for the file.
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let Some(inner) = path.strip_prefix(base_path) else {
                broken.push(format!(
                    "{}: {link} (outside the base path)",
                    file.display()
                ));
                continue;
            };
            if !page_file(output, &format!("/{inner}")).is_file() {
                broken.push(format!("{}: {link}", file.display()));
            }
        }
    }
    broken
}

/// Every file under `dir` but gazette's marker, by its path relative to `dir`, with its bytes,
/// sorted: two folders are equal when their lists are.
pub fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != ".gazette-output")
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// What a `gazette` command printed and how it ended.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Runs `gazette <args>` in `dir`.
pub fn gazette_in(dir: &Path, args: &[&str]) -> Ran {
    let (output, _) = run_guarded(
        Command::new(env!("CARGO_BIN_EXE_gazette"))
            .current_dir(dir)
            .args(args),
    );
    Ran {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

impl SiteTest {
    /// Runs `gazette <args>` with the site root as the current folder.
    pub fn gazette(&self, args: &[&str]) -> Ran {
        gazette_in(&self.root, args)
    }

    /// A folder beside the site (inside the same temp folder), created empty.
    pub fn sibling(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(&path).unwrap();
        path
    }
}
