//! `gazette serve` and `gazette watch`: the real binary on a free port, files edited under it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::SiteTest;
use crate::http;

/// A running `gazette serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// Lines the server prints on stderr (one per build).
    lines: mpsc::Receiver<String>,
    /// What it printed on stderr up to the end of the first build.
    startup: Vec<String>,
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        Server::start_with(site, &[])
    }

    /// Starts `gazette serve` on a free port with extra arguments.
    fn start_with(site: &SiteTest, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gazette serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let port = first
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        let lines = forward_lines(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port,
            lines,
            startup: Vec::new(),
        };
        server.startup = server.lines_until("first build");
        server
    }

    /// Every stderr line up to the first containing `text`, that one included.
    fn lines_until(&self, text: &str) -> Vec<String> {
        let mut seen = Vec::new();
        while !seen.last().is_some_and(|line: &String| line.contains(text)) {
            match self.lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => seen.push(line),
                Err(_) => panic!("no line with {text:?} within 30 s, only {seen:?}"),
            }
        }
        seen
    }

    fn wait_for_line(&self, text: &str) -> String {
        self.wait_for(&[text])
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, body) = http::get(&format!("http://127.0.0.1:{}{path}", self.port));
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Waits for a stderr line containing every one of `texts`; returns it.
    fn wait_for(&self, texts: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if texts.iter().all(|t| line.contains(t)) => return line,
                Ok(_) => continue,
                Err(_) => panic!("no line with {texts:?} within 30 s"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward_lines(stderr: ChildStderr) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// One raw request, as a browser or an attacker could send it: (status line, whole response).
fn raw(port: u16, request_text: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request_text.as_bytes()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    (text.lines().next().unwrap_or("").to_owned(), text)
}

fn get_raw(port: u16, path: &str, host: &str) -> (String, String) {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

fn newsroom() -> SiteTest {
    SiteTest::new()
        .article("a.md", "title: Alpha\ndate: 2024-01-10", "First text.\n")
        .article("b.md", "title: Beta\ndate: 2024-02-10", "Second text.\n")
        .write("secret.txt", "do not serve")
}

#[test]
fn serves_pages_with_live_reload_and_safe_headers() {
    let site = newsroom();
    let server = Server::start(&site);
    let host = format!("127.0.0.1:{}", server.port);
    let (status, response) = get_raw(server.port, "/2024/01/a/", &host);
    assert!(status.contains("200"), "{status}");
    let lower = response.to_ascii_lowercase();
    assert!(lower.contains("content-type: text/html; charset=utf-8"));
    assert!(lower.contains("cache-control: no-store"));
    assert!(!lower.contains("access-control-allow-origin"));
    assert!(response.contains("new EventSource(\"/__gazette/events\")"));
    assert!(
        !std::fs::read_to_string(site.root.join("output/2024/01/a/index.html"))
            .unwrap()
            .contains("EventSource"),
        "the script is added to responses, never to the files"
    );
    let (_, css) = get_raw(server.port, "/style.css", &host);
    assert!(css.to_ascii_lowercase().contains("content-type: text/css"));
    let (status, missing) = get_raw(server.port, "/nowhere/", &host);
    assert!(status.contains("404"), "{status}");
    assert!(
        missing.contains("Page not found"),
        "the site's own 404 page"
    );
}

#[test]
fn refuses_other_hosts_methods_and_paths_outside_the_output() {
    let site = newsroom();
    // A static file that is a link to a file outside the site's folders: not copied, so not
    // served either.
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    let outside = site.sibling("outside").join("secret.txt");
    std::fs::write(&outside, "do not serve").unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("static/static-leak.txt")).unwrap();
    let server = Server::start(&site);
    let port = server.port;
    let host = format!("127.0.0.1:{port}");
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/site/secret.txt",
        "/2024%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%00",
    ] {
        let (status, response) = get_raw(port, path, &host);
        assert!(!status.contains("200"), "{path}: {status}");
        assert!(!response.contains("do not serve"), "{path}");
    }
    std::os::unix::fs::symlink(
        site.root.join("secret.txt"),
        site.root.join("output/leak.txt"),
    )
    .unwrap();
    for leak in ["/leak.txt", "/static-leak.txt"] {
        let (status, response) = get_raw(port, leak, &host);
        assert!(
            !status.contains("200") && !response.contains("do not serve"),
            "{leak}: {status}"
        );
    }

    for bad_host in ["evil.example", "evil.example:80", "127.0.0.1.evil.example"] {
        let (status, _) = get_raw(port, "/", bad_host);
        assert!(status.contains("403"), "{bad_host}: {status}");
    }
    assert!(
        get_raw(port, "/", &format!("localhost:{port}"))
            .0
            .contains("200")
    );
    let (status, response) = raw(
        port,
        &format!(
            "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(status.contains("405"), "{status}");
    assert!(response.to_ascii_lowercase().contains("allow: get, head"));
    let (status, head) = raw(
        port,
        &format!("HEAD /2024/01/a/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    );
    assert!(
        status.contains("200") && !head.contains("<html"),
        "{status}"
    );
}

/// Reads Server-Sent Events until `count` reload events arrived.
#[test]
fn a_bind_address_open_to_the_network_is_warned_about() {
    let site = newsroom();
    let local = Server::start(&site);
    assert!(
        !local.startup.iter().any(|line| line.contains("warning")),
        "{:?}",
        local.startup
    );
    drop(local);
    let open = Server::start_with(&site, &["--bind", "0.0.0.0"]);
    let warning = format!("warning: serving on 0.0.0.0:{}", open.port);
    assert!(
        open.startup
            .iter()
            .any(|line| line.starts_with(&warning) && line.contains("anyone on the network")),
        "{:?}",
        open.startup
    );
}

fn reload_events(port: u16) -> mpsc::Receiver<()> {
    let (sender, receiver) = mpsc::channel();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__gazette/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    // The response head comes once the server holds the subscription: events sent from then
    // on reach this stream. (A sleep only guessed when that was.)
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while reader.read_line(&mut head).unwrap() > 2 {
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    }
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            if line.starts_with("event: reload") && sender.send(()).is_err() {
                break;
            }
        }
    });
    receiver
}

#[test]
fn an_edit_rebuilds_and_tells_pages_to_reload_and_errors_show_an_overlay() {
    let site = newsroom();
    let server = Server::start(&site);
    let reloads = reload_events(server.port);
    let site = site.article(
        "a.md",
        "title: Alpha revised\ndate: 2024-01-10",
        "First text.\n",
    );
    let line = server.wait_for(&["content/articles/a.md", "pages"]);
    assert!(line.contains("pages") && line.contains("ms"), "{line}");
    reloads
        .recv_timeout(Duration::from_secs(10))
        .expect("a reload event");
    assert!(server.get("/2024/01/a/").1.contains("Alpha revised"));

    // A broken file: the last good site stays, with an overlay naming file and line.
    // Its quoted line holds markup, which the overlay must show as text.
    let site = site.article(
        "bad.md",
        "title: a: <script>alert(1)</script>\ndate: 2024-03-01",
        "x\n",
    );
    server.wait_for_line("the build failed");
    reloads.recv_timeout(Duration::from_secs(10)).unwrap();
    let (status, page) = server.get("/2024/01/a/");
    assert_eq!(status, 200);
    assert!(page.contains("Alpha revised"));
    assert!(page.contains("id=\"gazette-overlay\""), "{page}");
    assert!(page.contains("content/articles/bad.md:"), "{page}");
    assert!(
        page.contains("title: a: &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>alert(1)"), "escaped: {page}");

    std::fs::remove_file(site.root.join("content/articles/bad.md")).unwrap();
    server.wait_for(&["content/articles/bad.md: ", "pages"]);
    assert!(!server.get("/2024/01/a/").1.contains("gazette-overlay"));

    // A deleted article's page disappears.
    std::fs::remove_file(site.root.join("content/articles/b.md")).unwrap();
    server.wait_for(&["content/articles/b.md", "pages"]);
    assert_eq!(server.get("/2024/02/b/").0, 404);
}

/// How many files a rebuild line names: "gazette: 3 files (a.md, …): …" or one path.
fn files_named(line: &str) -> usize {
    line.split_once(" files (")
        .and_then(|(before, _)| before.rsplit(' ').next()?.parse().ok())
        .unwrap_or(1)
}

#[test]
fn a_burst_of_changes_gives_one_rebuild_and_editor_files_none() {
    let site = newsroom();
    let server = Server::start(&site);
    // Each file is written whole outside the site, then renamed in: the watcher never sees
    // a half-written file (whose failed rebuild would not count toward the 200).
    let staging = site.sibling("staging");
    for i in 0..200 {
        let name = format!("n{i}.md");
        let text = format!("---\ntitle: N{i}\ndate: 2023-05-01\n---\nText.\n");
        std::fs::write(staging.join(&name), text).unwrap();
    }
    for i in 0..200 {
        let name = format!("n{i}.md");
        std::fs::rename(
            staging.join(&name),
            site.root.join("content/articles").join(&name),
        )
        .unwrap();
    }
    // One rebuild for the burst; a few when the machine is so loaded that the renames took
    // longer than the watcher's quiet period (CI runs tests side by side). Never one rebuild
    // per file.
    let (mut built, mut rebuilds) = (0, 0);
    while built < 200 {
        let line = server.wait_for_line(" pages, ");
        built += files_named(&line);
        rebuilds += 1;
        // The pages line announces the search index; its line follows.
        if line.ends_with("updating the search index") {
            let index = server.lines_until(": ");
            assert!(index[0].contains("search index updated"), "{index:?}");
        }
    }
    assert!(rebuilds <= 5, "{rebuilds} rebuilds for one burst");
    // Editor leftovers and vim's probe file start nothing: the next rebuild is the article
    // edited after them, alone.
    for name in [".n1.md.swp", "n1.md~", ".#n1.md", "4913"] {
        std::fs::write(site.root.join("content/articles").join(name), "x").unwrap();
    }
    // Save by writing a temporary file and renaming it over the article.
    let temp = site.root.join("content/articles/.a.md.tmp");
    std::fs::write(
        &temp,
        "---\ntitle: Renamed in\ndate: 2024-01-10\n---\nText.\n",
    )
    .unwrap();
    std::fs::rename(&temp, site.root.join("content/articles/a.md")).unwrap();
    let lines = server.lines_until(" pages, ");
    assert!(
        lines.len() == 1 && lines[0].starts_with("gazette: content/articles/a.md: "),
        "the first line after the editor files is the article's rebuild, alone: {lines:?}"
    );
    assert!(server.get("/2024/01/a/").1.contains("Renamed in"));
}

#[test]
fn a_browser_reloads_an_open_article_when_its_file_changes() {
    let Some(browser) = crate::browser::Browser::start() else {
        return;
    };
    let site = newsroom();
    let server = Server::start(&site);
    browser.open(&format!("http://127.0.0.1:{}/2024/01/a/", server.port));
    browser.wait_for(
        "const h = document.querySelector('h1'); return h && h.textContent.includes('Alpha')",
        Duration::from_secs(10),
    );
    // A marker the page loses when it reloads; the edit waits until the live-reload stream
    // is open (readyState 1), so its event cannot be missed.
    browser.eval("window.notReloaded = true; return true");
    browser.wait_for(
        "return window.gazetteLiveReload && window.gazetteLiveReload.readyState === 1",
        Duration::from_secs(10),
    );
    let _site = site.article(
        "a.md",
        "title: Alpha, as edited during the test\ndate: 2024-01-10",
        "First text.\n",
    );
    browser.wait_for(
        "return !window.notReloaded && document.querySelector('h1').textContent.includes('edited')",
        Duration::from_secs(20),
    );
}

#[test]
fn watch_verify_compares_each_rebuild_with_a_clean_build() {
    let site = newsroom();
    let mut watch = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["watch", "--verify", "--root"])
            .arg(&site.root)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let lines = forward_lines(watch.0.stderr.take().unwrap());
    let next_verdict = || loop {
        let line = lines
            .recv_timeout(Duration::from_secs(30))
            .expect("a verify line");
        if line.contains("verify:") {
            return line;
        }
    };
    let clean = "the output equals a clean build; every page is the same with minified templates";
    let verdict = next_verdict();
    assert!(verdict.contains(clean), "{verdict}");
    let _site = site.article("c.md", "title: Gamma\ndate: 2024-03-10", "Third.\n");
    let verdict = next_verdict();
    assert!(verdict.contains(clean), "{verdict}");
}

/// A child process killed when the test ends, failed or not: a watcher left running would
/// hold the test's output open.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_refuses_an_output_folder_among_the_sources_before_creating_anything() {
    let site = newsroom().config("output_dir: content/site");
    let output = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to write the site"));
    assert!(!site.root.join("content/site").exists());
}

#[test]
fn a_new_output_folder_in_site_yaml_is_served_after_the_rebuild() {
    let site = newsroom();
    let server = Server::start(&site);
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let yaml = yaml.replace("title: Test Gazette", "title: Moved Gazette");
    // Saved whole, as editors do: a plain write may be seen half done (truncated, then
    // written), and an empty site.yaml is a valid one that builds into `output/`.
    let temp = site.root.join(".next-config.tmp");
    std::fs::write(&temp, format!("{yaml}output_dir: public\n")).unwrap();
    std::fs::rename(&temp, site.root.join("site.yaml")).unwrap();
    server.wait_for(&["site.yaml", "pages"]);
    assert!(site.root.join("public/index.html").is_file());
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("Moved Gazette"), "the new folder is served");
}
