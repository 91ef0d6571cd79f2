//! The `gazette` binary: parse the command line, run it, map the outcome to an exit code.

use clap::Parser;

/// glibc's allocator spends a quarter of a large build in `malloc`/`free` (minifying and
/// rendering allocate many small nodes from two threads); mimalloc keeps that near zero.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gazette::cli::Cli::parse().run()
}
