//! gazette: a fast static site generator for news archives.
//!
//! Markdown articles with YAML front matter go in; a themed static site with a page per
//! article, per actor, per tag and per archive period comes out.
//!
//! The modules form a stack; each layer imports only the layers below it (the test
//! `tests/it/layers.rs` holds the line, and README's Development section says more):
//!
//! ```text
//! app       cli, serve, watch, check, scaffold, import, report, suggest
//! build     build (the kernel: full builds, check, rebuilds), output
//! publish   publish (feeds, sitemaps, search index)
//! render    render (catalogue of pages, contexts, templates), minify
//! read      source, front_matter, markdown, load
//! site      model
//! config    config (with the site's layout)
//! base      diagnostics, hygiene, progress, yaml, spool, images (variants of photos)
//! ```
//!
//! ```no_run
//! use gazette::build::{build, BuildOptions};
//! let report = build(&BuildOptions { root: "my-site".into(), ..Default::default() }).unwrap();
//! println!("{} pages", report.pages);
//! ```

// base
pub mod diagnostics;
pub mod hygiene;
pub mod images;
pub mod progress;
pub mod spool;
pub mod yaml;
// config
pub mod config;
// site
pub mod model;
// read
pub mod front_matter;
pub mod load;
pub mod markdown;
pub mod source;
// render
pub mod minify;
pub mod render;
// publish
pub mod publish;
// build
pub mod build;
pub mod output;
// app
pub mod check;
pub mod cli;
pub mod import;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod suggest;
pub mod watch;
