//! gazette: a fast static site generator for news archives.
//!
//! Markdown articles with YAML front matter go in; a themed static site with a page per
//! article, per actor, per tag and per archive period comes out. The modules follow the data:
//!
//! ```text
//! config → source → front_matter → model (article, date, slug, term, archive, route)
//!        → markdown → render (Tera) → minify → output          (pipeline drives them)
//!                   → publish (feeds, sitemaps, search index) ↗
//!
//! watch (rebuild on change) and serve (preview server, live reload) run the pipeline again
//! and again; they add nothing to what it writes.
//! ```
//!
//! ```no_run
//! use gazette::build::{build, BuildOptions};
//! let report = build(&BuildOptions { root: "my-site".into(), ..Default::default() }).unwrap();
//! println!("{} pages", report.pages);
//! ```

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod front_matter;
pub mod import;
pub mod load;
pub mod markdown;
pub mod minify;
pub mod model;
pub mod output;
pub mod progress;
pub mod publish;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod watch;
pub mod yaml;
