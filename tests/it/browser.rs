//! Pages run in a real browser: headless Chromium driven through ChromeDriver's WebDriver
//! protocol by fantoccini (Debian packages `chromium` and `chromium-driver`, which `.ci/run`
//! installs; nothing is downloaded at test time).
//!
//! Without them these tests say so and pass, so a fresh clone's `cargo test` works anywhere;
//! `GAZETTE_BROWSER_TESTS=required` (set by `.ci/run`) makes a missing browser a failure.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use crate::harness::{Built, SiteTest};
use crate::http::StaticServer;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A ChromeDriver process and one browser session, driven through fantoccini. The tests stay
/// synchronous: each call runs on the browser's own single-threaded runtime.
pub struct Browser {
    runtime: Runtime,
    /// `None` only until the session is open, so that a failed start still stops the driver.
    client: Option<Client>,
    driver: Child,
    profile: tempfile::TempDir,
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
        let mut browser = Browser {
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the WebDriver client"),
            client: None,
            driver,
            profile: tempfile::tempdir().unwrap(),
        };
        wait_until(Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        let capabilities = browser.capabilities();
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let address = format!("http://127.0.0.1:{port}");
        let client = browser.runtime.block_on(builder.connect(&address));
        browser.client = Some(client.unwrap_or_else(|e| panic!("no session: {e}")));
        Some(browser)
    }

    /// Headless Chromium with a profile of its own and nothing fetched in the background.
    fn capabilities(&self) -> serde_json::Map<String, Value> {
        let options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync",
                format!("--user-data-dir={}", self.profile.path().display()),
            ],
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".to_owned(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        capabilities
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("the session is open")
    }

    pub fn open(&self, url: &str) {
        let opened = self.runtime.block_on(self.client().goto(url));
        opened.unwrap_or_else(|e| panic!("WebDriver: open {url}: {e}"));
    }

    /// Runs a script in the page and returns its value.
    pub fn eval(&self, script: &str) -> Value {
        let value = self
            .runtime
            .block_on(self.client().execute(script, Vec::new()));
        value.unwrap_or_else(|e| panic!("WebDriver: run {script}: {e}"))
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
        // Ending the session closes Chromium; killing the driver alone could leave it running.
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
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

    // Every result is about her, and the filter left out articles the language alone finds.
    let hrefs = browser.eval(
        "return [...document.querySelectorAll('#search-results h2 a, #search-results h3 a')]\
         .map(a => a.getAttribute('href'))",
    );
    let hrefs: Vec<String> = hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(hrefs.len(), dates.len(), "{hrefs:?}");
    for href in &hrefs {
        let (status, page) = crate::http::get(&server.url(href));
        let page = String::from_utf8_lossy(&page);
        assert_eq!(status, 200, "{href}");
        assert!(
            page.contains("/news/actors/helene-marchetti/"),
            "{href} is not about her"
        );
    }
    let filtered = result_count(&browser);
    browser.open(&format!(
        "{origin}/news/search/?lang=Fran%C3%A7ais&sort=newest"
    ));
    browser.wait_for(
        "return document.querySelectorAll('#search-results time').length > 1",
        Duration::from_secs(20),
    );
    let unfiltered = result_count(&browser);
    assert!(
        filtered == hrefs.len() && filtered < unfiltered,
        "{filtered} of {unfiltered} French articles are about her"
    );
}

/// The number of matching articles the search page's status line gives ("12 articles").
fn result_count(browser: &Browser) -> usize {
    let status = browser.eval("return document.getElementById('search-status').textContent");
    let status = status.as_str().unwrap();
    status
        .split(|c: char| !c.is_ascii_digit())
        .find(|n| !n.is_empty())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {status:?}"))
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

/// The demo's articles of `year` that are published (not drafts), from the sources.
/// The demo's French articles of a year: the search page of its French edition finds those
/// (the English ones are in `/en/search/`).
fn demo_articles_of(year: &str) -> usize {
    crate::harness::files_under(&crate::harness::repo().join("content/articles").join(year))
        .iter()
        .filter(|(path, text)| {
            let text = String::from_utf8_lossy(text);
            path.extension().is_some_and(|e| e == "md")
                && !text.contains("\ndraft: true")
                && !text.contains("\nlang: en")
        })
        .count()
}

/// The result links the search page shows.
fn result_links(browser: &Browser) -> Vec<String> {
    let hrefs = browser.eval(
        "return [...document.querySelectorAll('#search-results h2 a, #search-results h3 a')]\
         .map(a => a.getAttribute('href'))",
    );
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn search_filters_by_kind_year_and_language_twenty_at_a_time_with_the_state_in_the_address() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let (_built, server) = demo_served_under_news(&[]);
    let origin = server.origin();
    let settled = "return document.getElementById('search-status').textContent.length > 0 \
                   && document.querySelectorAll('#search-results li').length > 0";

    // Year, oldest first: that year's articles exactly, in date order.
    browser.open(&format!("{origin}/news/search/?year=2023&sort=oldest"));
    browser.wait_for(settled, Duration::from_secs(20));
    let dates = browser
        .eval("return [...document.querySelectorAll('#search-results time')].map(t => t.dateTime)");
    let dates: Vec<&str> = dates
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(dates.len(), demo_articles_of("2023"), "{dates:?}");
    assert!(dates.iter().all(|d| d.starts_with("2023-")), "{dates:?}");
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    assert_eq!(
        browser.eval("return document.getElementById('search-year').value"),
        "2023"
    );

    // Kind of actor: every result is about a country (Canada or France in the demo).
    browser.open(&format!("{origin}/news/search/?kind=Pays"));
    browser.wait_for(settled, Duration::from_secs(20));
    let links = result_links(&browser);
    assert!(
        !links.is_empty() && links.len() == result_count(&browser),
        "{links:?}"
    );
    for href in &links {
        let page = String::from_utf8_lossy(&crate::http::get(&server.url(href)).1).into_owned();
        assert!(
            page.contains("/news/actors/canada/") || page.contains("/news/actors/france/"),
            "{href} is about no country"
        );
    }

    // Language: 22 French articles, shown twenty at a time.
    browser.open(&format!("{origin}/news/search/?lang=Fran%C3%A7ais"));
    browser.wait_for(settled, Duration::from_secs(20));
    let french = result_count(&browser);
    assert!(french > 20, "{french}");
    assert_eq!(result_links(&browser).len(), 20);
    browser.eval("document.getElementById('search-more').click(); return true");
    browser.wait_for(
        &format!("return document.querySelectorAll('#search-results li').length === {french}"),
        Duration::from_secs(20),
    );
    assert_eq!(
        browser.eval("return document.getElementById('search-more').hidden"),
        true
    );

    // A filter chosen in the form goes into the address, so the search can be linked to.
    browser.eval(
        "const s = document.getElementById('search-year'); s.value = '2022'; \
         s.dispatchEvent(new Event('change', { bubbles: true })); return true",
    );
    let address = browser.wait_for(
        "return location.search.includes('year=2022') && location.search",
        Duration::from_secs(10),
    );
    assert!(address.as_str().unwrap().contains("lang=Fran"), "{address}");
}
