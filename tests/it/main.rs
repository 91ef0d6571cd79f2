//! Integration tests: fixture sites built by the real `gazette` binary.

mod harness;

mod actors;
mod build;
mod demo;
mod errors;
mod output;
mod publish;
mod time;
