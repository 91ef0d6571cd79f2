//! Pages run in a real browser: headless Chromium driven through ChromeDriver's WebDriver
//! protocol (Debian packages `chromium` and `chromium-driver`, which `.ci/run` installs).
//!
//! Without them these tests say so and pass, so a fresh clone's `cargo test` works anywhere;
//! `GAZETTE_BROWSER_TESTS=required` (set by `.ci/run`) makes a missing browser a failure.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Built, SiteTest};
use crate::http::{StaticServer, request};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A ChromeDriver process and one browser session.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts a headless browser, or `None` (with a note) when none is installed.
    pub fn start() -> Option<Browser> {
        if !Path::new(CHROMIUM).is_file() || !Path::new(CHROMEDRIVER).is_file() {
            let required = std::env::var("GAZETTE_BROWSER_TESTS").is_ok_and(|v| v == "required");
            assert!(!required, "{CHROMIUM} and {CHROMEDRIVER} are required");
            eprintln!("skipped: install the Debian packages chromium and chromium-driver");
            return None;
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        wait_until(Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--disable-sync",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }}});
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let created = browser.call("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_owned();
        Some(browser)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let (status, response) = request(self.port, method, path, body.as_deref());
        let value: Value = serde_json::from_slice(&response).unwrap_or(Value::Null);
        assert!(status < 400, "WebDriver {method} {path}: {status} {value}");
        value["value"].clone()
    }

    pub fn open(&self, url: &str) {
        let path = format!("/session/{}/url", self.session);
        self.call("POST", &path, Some(json!({ "url": url })));
    }

    /// Runs a script in the page and returns its value.
    pub fn eval(&self, script: &str) -> Value {
        let path = format!("/session/{}/execute/sync", self.session);
        self.call("POST", &path, Some(json!({ "script": script, "args": [] })))
    }

    /// Waits until `script` returns a truthy value; returns it.
    pub fn wait_for(&self, script: &str, timeout: Duration) -> Value {
        let started = Instant::now();
        loop {
            let value = self.eval(script);
            let truthy = !matches!(value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0);
            if truthy {
                return value;
            }
            assert!(
                started.elapsed() < timeout,
                "timed out waiting for {script}; page text: {}",
                self.eval("return document.body.innerText")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = request(self.port, "DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until(timeout: Duration, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(started.elapsed() < timeout, "timed out");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The demo built with `args` for `https://example.org/news/` and served under `/news/`
/// (the build is returned too: it holds the folder the server reads).
fn demo_served_under_news(args: &[&str]) -> (Built, StaticServer) {
    let built = SiteTest::demo()
        .config("base_url: https://example.org/news/")
        .build(args);
    assert!(built.success, "build failed:\n{}", built.stderr);
    let server = StaticServer::start(&built.output, "/news/");
    (built, server)
}

#[test]
fn the_search_page_finds_filters_and_sorts_articles_in_a_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let (_built, server) = demo_served_under_news(&[]);
    let origin = server.origin();

    browser.open(&format!("{origin}/news/search/?q=pont"));
    let first = browser.wait_for(
        "const a = document.querySelector('#search-results a'); return a && a.getAttribute('href')",
        Duration::from_secs(20),
    );
    assert!(first.as_str().unwrap().starts_with("/news/20"), "{first}");
    let status = browser.eval("return document.getElementById('search-status').textContent");
    assert!(status.as_str().unwrap().contains("article"), "{status}");

    // The filters come from the index: an actor chosen alone lists its articles, newest first.
    let actors = browser.wait_for(
        "return document.querySelectorAll('#search-actor option').length > 1 && \
         [...document.querySelectorAll('#search-actor option')].map(o => o.value)",
        Duration::from_secs(10),
    );
    assert!(
        actors
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Hélène Marchetti"),
        "{actors}"
    );
    browser.open(&format!(
        "{origin}/news/search/?actor=H%C3%A9l%C3%A8ne%20Marchetti&lang=Fran%C3%A7ais&sort=newest"
    ));
    let dates = browser.wait_for(
        "const t = [...document.querySelectorAll('#search-results time')].map(t => t.dateTime); \
         return t.length > 1 && t",
        Duration::from_secs(20),
    );
    let dates: Vec<&str> = dates
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
}

#[test]
fn the_plain_themes_search_page_finds_articles_across_shards_in_a_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let (_built, server) = demo_served_under_news(&["--theme", "plain"]);
    let origin = server.origin();

    // Pagefind's own interface reads `?q=`; the demo's four years are four shards, and
    // "pont" is in articles of more than one of them.
    browser.open(&format!("{origin}/news/search/?q=pont"));
    let links = browser.wait_for(
        "const a = [...document.querySelectorAll('.pagefind-ui__result-link')] \
         .map(a => a.getAttribute('href')); return a.length > 1 && a",
        Duration::from_secs(20),
    );
    let years: std::collections::BTreeSet<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|href| {
            let href = href.as_str().unwrap();
            assert!(href.starts_with("/news/20"), "{href}");
            &href[6..10]
        })
        .collect();
    assert!(years.len() > 1, "results from one shard only: {links}");
}
