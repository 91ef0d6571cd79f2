//! Integration tests: fixture sites built by the real `gazette` binary.

mod harness;
mod http;

mod actors;
mod adversarial;
mod atom;
mod authors;
mod browser;
mod build;
mod check;
mod conformance;
mod demo;
mod deploy;
mod distribution;
mod errors;
mod graph;
mod images;
mod import;
mod incremental;
mod init;
mod languages;
mod layers;
mod mentions;
mod migrate;
mod minify;
mod output;
mod photos;
mod progress;
mod publish;
mod redirects;
mod serve;
mod suggest;
mod themes;
mod time;
mod warm;
