//! The `gazette` binary: parse the command line, run it, map the outcome to an exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    gazette::cli::Cli::parse().run()
}
