//! `gazette serve`: builds, serves the output folder on a local address, rebuilds on every
//! change and tells open pages to reload.
//!
//! The server is for previewing on one's own machine, so it is strict: it binds 127.0.0.1 by
//! default, answers only GET and HEAD, refuses requests whose `Host` is not the address it
//! serves (a web page elsewhere cannot reach it through DNS rebinding), never sends
//! `Access-Control-Allow-Origin`, and serves nothing outside the output folder (`..` in any
//! spelling, encoded slashes, backslashes and symlinks that lead out are refused). HTML
//! responses get a small live-reload script, and while the last rebuild failed, an overlay
//! listing its errors; the files on disk never contain either.

use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::build::BuildOptions;
use crate::config::Config;
use crate::report;
use crate::watch::{self, Outcome};

/// Where open pages listen for reloads.
pub const EVENTS_PATH: &str = "/__gazette/events";

/// What `gazette serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

/// Why serving could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Watch(#[from] watch::WatchError),
    #[error(transparent)]
    Output(crate::output::OutputError),
}

/// What the request handlers share with the rebuild loop.
struct Shared {
    /// The output folder, resolved (symlinks followed) after each build: `site.yaml` may move it.
    output: RwLock<PathBuf>,
    base_path: RwLock<String>,
    /// `Host` values the server answers to.
    hosts: Vec<String>,
    /// The report of the last build, while it failed.
    failure: RwLock<Option<String>>,
    reloads: broadcast::Sender<()>,
}

/// Serves until interrupted (Ctrl-C).
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let config = Config::load(&options.build.root, &options.build.overrides)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|source| ServeError::Bind { address, source })?;
    let local = listener.local_addr().map_err(ServeError::Runtime)?;
    warn_if_reachable(local);
    let port = local.port();
    // The folder must exist to be served before the first build ends; only create it where
    // a build would be allowed to write.
    crate::output::check_target(&config.paths).map_err(ServeError::Output)?;
    std::fs::create_dir_all(&config.paths.output).ok();
    let shared = Arc::new(Shared {
        output: RwLock::new(resolved(&config.paths.output)),
        base_path: RwLock::new(config.base_path.clone()),
        hosts: allowed_hosts(options.bind, port),
        failure: RwLock::new(None),
        reloads: broadcast::channel(16).0,
    });
    let url = format!(
        "http://{}{}",
        display_address(options.bind, port),
        config.base_path
    );
    println!("gazette: serving {url} (Ctrl-C to stop)");
    // Scripts and tests read the address from a pipe: do not leave it in a buffer.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (shared, stop, build) = (shared.clone(), stop.clone(), options.build.clone());
        std::thread::spawn(move || {
            let on_build = |outcome: Outcome<'_>, changed: &[PathBuf], took: Duration| {
                report(&shared, &build, outcome, changed, took);
            };
            watch::run(&build, on_build, || stop.load(Ordering::Relaxed))
        })
    };
    if options.open {
        open_browser(&url);
    }
    let app = router(shared);
    let served = runtime.block_on(async {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    });
    stop.store(true, Ordering::Relaxed);
    let watched = watcher.join().unwrap_or(Ok(()));
    served.map_err(ServeError::Runtime)?;
    watched.map_err(ServeError::from)
}

/// Says, on stderr, that the preview is open to the network when it listens on an address
/// other than loopback: `--bind 0.0.0.0` is easy to copy from a tutorial without knowing it.
fn warn_if_reachable(address: SocketAddr) {
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: serving on {address}, which is not a loopback address: anyone on the \
             network who can reach this machine can read the preview; leave out --bind to \
             keep it to this machine"
        );
    }
}

/// One line per build on stderr; the overlay and the reload for open pages.
fn report(
    shared: &Shared,
    build: &BuildOptions,
    outcome: Outcome<'_>,
    changed: &[PathBuf],
    took: Duration,
) {
    let what = watch::describe(changed);
    let millis = took.as_millis();
    // The state is updated before the line is printed: whoever reads the line (a person, a
    // test) and looks at a page sees the new state.
    let (message, failure) = match outcome {
        Outcome::Indexed(update) => {
            eprintln!(
                "gazette: {what}: search index updated, {} files written, {millis} ms",
                update.files_written
            );
            return;
        }
        Outcome::Built {
            report,
            search_follows,
        } => {
            // site.yaml may have moved the site under another base path, or the output.
            if let Ok(config) = Config::load(&build.root, &build.overrides) {
                *shared.base_path.write().expect("not poisoned") = config.base_path;
            }
            *shared.output.write().expect("not poisoned") = resolved(&report.output);
            let line = format!(
                "{}\n",
                report::rebuilt_line(&what, report, millis, true, search_follows)
            );
            (line, None)
        }
        Outcome::Failed(error) => {
            let mut text = Vec::new();
            report::report_error(&mut text, error);
            let text = String::from_utf8_lossy(&text).into_owned();
            let failed = report::failed_line(&what, millis);
            let message = format!("{text}{failed}; still serving the last good site\n");
            (message, Some(text))
        }
    };
    *shared.failure.write().expect("not poisoned") = failure;
    eprint!("{message}");
    let _ = shared.reloads.send(());
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback(serve_file)
        .with_state(shared)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Server-Sent Events: `reload` after every build.
async fn events(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !host_allowed(&shared, &headers) {
        return wrong_host();
    }
    let receiver = shared.reloads.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(()) => {
                    let event = Event::default().event("reload").data("reload");
                    return Some((Ok::<_, std::convert::Infallible>(event), receiver));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

async fn serve_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if !host_allowed(&shared, &headers) {
        return wrong_host();
    }
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD\n",
        )
            .into_response();
    }
    let base_path = shared.base_path.read().expect("not poisoned").clone();
    let output = shared.output.read().expect("not poisoned").clone();
    let response = match resolve(&output, &base_path, uri.path()) {
        Resolved::File(file) => file_response(&shared, &file, StatusCode::OK).await,
        Resolved::Redirect(to) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Resolved::Refused => (StatusCode::BAD_REQUEST, "refused\n").into_response(),
        Resolved::NotFound => {
            let page = output.join("404.html");
            if page.is_file() {
                file_response(&shared, &page, StatusCode::NOT_FOUND).await
            } else {
                (StatusCode::NOT_FOUND, "not found\n").into_response()
            }
        }
    };
    if method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    response
}

/// Whether the request names this server in `Host` (DNS rebinding sends another name).
fn host_allowed(shared: &Shared, headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    shared
        .hosts
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(host))
}

fn wrong_host() -> Response {
    (
        StatusCode::FORBIDDEN,
        "this preview server only answers to its own address\n",
    )
        .into_response()
}

fn allowed_hosts(bind: IpAddr, port: u16) -> Vec<String> {
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    hosts.push(format!("{}:{port}", display_ip(bind)));
    hosts.dedup();
    hosts
}

fn display_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

fn display_address(bind: IpAddr, port: u16) -> String {
    if bind.is_unspecified() {
        format!("127.0.0.1:{port}")
    } else {
        format!("{}:{port}", display_ip(bind))
    }
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
    Refused,
}

/// A folder with its symbolic links resolved, as served paths are compared with it.
fn resolved(folder: &Path) -> PathBuf {
    folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf())
}

/// Maps a request path (still percent-encoded) to a file inside `output`, refusing anything
/// that could lead outside it.
fn resolve(output: &Path, base_path: &str, raw: &str) -> Resolved {
    let lowered = raw.to_ascii_lowercase();
    if raw.contains('\\') || ["%2f", "%5c", "%00"].iter().any(|e| lowered.contains(e)) {
        return Resolved::Refused;
    }
    if (raw == "/" && base_path != "/") || raw == base_path.trim_end_matches('/') {
        return Resolved::Redirect(base_path.to_owned());
    }
    let Some(inner) = raw.strip_prefix(base_path) else {
        return Resolved::NotFound;
    };
    let mut file = output.to_path_buf();
    for segment in inner.split('/').filter(|s| !s.is_empty()) {
        let Some(decoded) = percent_decode(segment) else {
            return Resolved::Refused;
        };
        let mut parts = Path::new(&decoded).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(part)), None) => file.push(part),
            _ => return Resolved::Refused,
        }
    }
    let wants_folder = inner.is_empty() || inner.ends_with('/');
    if wants_folder {
        file.push("index.html");
    }
    let Ok(real) = file.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(output) {
        return Resolved::Refused;
    }
    if real.is_dir() {
        return if real.join("index.html").is_file() {
            Resolved::Redirect(format!("{raw}/"))
        } else {
            Resolved::NotFound
        };
    }
    Resolved::File(real)
}

/// `%XX` escapes decoded; `None` for bad escapes, invalid UTF-8 and control characters.
fn percent_decode(segment: &str) -> Option<String> {
    // The crate keeps a malformed escape as written; no browser sends one, so it is refused.
    if !escapes_well_formed(segment) {
        return None;
    }
    let text = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()?;
    (!text.chars().any(char::is_control)).then(|| text.into_owned())
}

/// Whether every `%` is followed by two hexadecimal digits.
fn escapes_well_formed(segment: &str) -> bool {
    segment.split('%').skip(1).all(|after| {
        after
            .get(..2)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

async fn file_response(shared: &Shared, file: &Path, status: StatusCode) -> Response {
    let Ok(bytes) = tokio::fs::read(file).await else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let content_type = content_type(file);
    let body = if content_type.starts_with("text/html") {
        let failure = shared.failure.read().expect("not poisoned").clone();
        let base_path = shared.base_path.read().expect("not poisoned").clone();
        inject(
            &String::from_utf8_lossy(&bytes),
            &base_path,
            failure.as_deref(),
        )
        .into_bytes()
    } else {
        bytes
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The `Content-Type` of a file, from its extension (mime_guess's table, with a few
/// overrides). Text is sent as UTF-8: gazette writes nothing else.
fn content_type(file: &Path) -> String {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let essence = overridden_type(&extension)
        .or_else(|| mime_guess::from_ext(&extension).first_raw())
        .unwrap_or("application/octet-stream");
    if essence.starts_with("text/") || essence == "application/xml" {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

/// Where mime_guess's table gives an older type than the registered one the preview sent.
fn overridden_type(extension: &str) -> Option<&'static str> {
    match extension {
        // RFC 9239 makes text/javascript the one type of JavaScript, modules included.
        "mjs" => Some("text/javascript"),
        // Feeds and sitemaps: RFC 7303 prefers application/xml to text/xml.
        "xml" => Some("application/xml"),
        // RFC 8081 registered font/woff, in place of application/font-woff.
        "woff" => Some("font/woff"),
        _ => None,
    }
}

/// The live-reload script (and the error overlay) added before `</body>`.
fn inject(html: &str, base_path: &str, failure: Option<&str>) -> String {
    let mut extra = format!(
        "<script>{}</script>",
        LIVE_RELOAD
            .replace("EVENTS", EVENTS_PATH)
            .replace("HOME", &serde_json::Value::from(base_path).to_string())
    );
    if let Some(failure) = failure {
        extra.push_str(&overlay(failure));
    }
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out
}

/// Reloads on every build; goes home when the page itself is gone; reloads after the server
/// comes back (EventSource reconnects by itself). The stream is also
/// `window.gazetteLiveReload`, so a test can wait until it is open.
const LIVE_RELOAD: &str = r#"(()=>{let lost=false;const events=new EventSource("EVENTS");window.gazetteLiveReload=events;events.addEventListener("reload",async()=>{try{const r=await fetch(location.href,{method:"HEAD",cache:"no-store"});if(r.status===404){location.href=HOME;return}}catch(e){}location.reload()});events.onerror=()=>{lost=true};events.onopen=()=>{if(lost)location.reload()}})();"#;

fn overlay(failure: &str) -> String {
    format!(
        "<div id=\"gazette-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         overflow:auto;background:rgba(20,20,20,.94);color:#f5f5f5;padding:2rem;\
         font:14px/1.5 ui-monospace,monospace\"><p style=\"font-weight:bold;color:#ff8080\">\
         The last rebuild failed; this is the last good version of the page.</p>\
         <pre style=\"white-space:pre-wrap\">{}</pre><p>Fix the file and save: the page reloads.</p></div>",
        crate::publish::xml::escape(failure)
    )
}

/// Opens the preview in the default browser (`$BROWSER` first), in the background; if none
/// can be started, the address printed above is there to follow.
fn open_browser(url: &str) {
    let _ = opener::open_browser(url);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        std::fs::create_dir_all(output.join("a")).unwrap();
        std::fs::write(output.join("index.html"), "home").unwrap();
        std::fs::write(output.join("a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), output.join("leak.txt")).unwrap();
        let output = output.canonicalize().unwrap();
        (dir, output)
    }

    #[test]
    fn files_inside_the_output_are_found() {
        let (_dir, output) = site();
        assert_eq!(
            resolve(&output, "/", "/"),
            Resolved::File(output.join("index.html"))
        );
        assert_eq!(
            resolve(&output, "/", "/a/"),
            Resolved::File(output.join("a/index.html"))
        );
        assert_eq!(
            resolve(&output, "/", "/a"),
            Resolved::Redirect("/a/".into())
        );
        assert_eq!(resolve(&output, "/", "/missing/"), Resolved::NotFound);
    }

    #[test]
    fn nothing_outside_the_output_is_reachable() {
        let (_dir, output) = site();
        for raw in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/a%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/a\\..\\..\\secret.txt",
            "/leak.txt",
            "/%00",
        ] {
            assert_eq!(resolve(&output, "/", raw), Resolved::Refused, "{raw}");
        }
        assert_eq!(resolve(&output, "/", "//etc/passwd"), Resolved::NotFound);
    }

    #[test]
    fn a_base_path_is_served_under_its_prefix() {
        let (_dir, output) = site();
        assert_eq!(
            resolve(&output, "/news/", "/"),
            Resolved::Redirect("/news/".into())
        );
        assert_eq!(
            resolve(&output, "/news/", "/news"),
            Resolved::Redirect("/news/".into())
        );
        assert_eq!(
            resolve(&output, "/news/", "/news/a/"),
            Resolved::File(output.join("a/index.html"))
        );
        assert_eq!(resolve(&output, "/news/", "/a/"), Resolved::NotFound);
    }

    #[test]
    fn escapes_are_decoded_and_bad_ones_refused() {
        assert_eq!(percent_decode("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        for bad in ["100%", "%4", "%zz", "%+1", "%C3", "%0A", "%ff"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    /// The types the preview sent before mime_guess, for the files a site is made of.
    #[test]
    fn content_types_of_common_files_stay_as_they_were() {
        for (file, expected) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.HTM", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("feed.xml", "application/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("favicon.ico", "image/x-icon"),
            ("a.woff", "font/woff"),
            ("a.woff2", "font/woff2"),
            ("a.pdf", "application/pdf"),
            ("a.wasm", "application/wasm"),
            ("a.mp4", "video/mp4"),
            ("a.webm", "video/webm"),
            ("a.mp3", "audio/mpeg"),
            ("pagefind/wasm.en.pagefind", "application/octet-stream"),
            (
                "pagefind/pagefind.en_1a2b.pf_meta",
                "application/octet-stream",
            ),
            (
                "pagefind/index/en_1a2b.pf_index",
                "application/octet-stream",
            ),
            (
                "pagefind/fragment/en_1a2b.pf_fragment",
                "application/octet-stream",
            ),
            (
                "pagefind/filter/en_1a2b.pf_filter",
                "application/octet-stream",
            ),
            ("no-extension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), expected, "{file}");
        }
    }

    #[test]
    fn the_overlay_escapes_what_it_shows() {
        let html = inject(
            "<body><p>x</p></body>",
            "/",
            Some("a.md:1:2: <script>alert(1)</script>"),
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.ends_with("</body>"));
        assert!(html.contains("EventSource(\"/__gazette/events\")"));
    }
}
