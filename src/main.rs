//! The `gazette` binary: parse the command line, run it, map the outcome to an exit code.

use clap::Parser;

/// glibc's allocator spends a quarter of a large build in `malloc`/`free` (minifying and
/// rendering allocate many small nodes from two threads); mimalloc keeps that near zero. Its
/// v2 line (the `v2` feature) keeps a build's memory denser than v3: at 10k articles 5% less
/// peak memory, so fewer page faults, and 3% less time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // mimalloc asks for transparent huge pages, which the kernel clears 2 MiB at a time for
    // arenas a build fills only in part. Without them a build's peak memory is 5-10% lower at
    // the same speed (BENCHMARKS.md). Best effort: a kernel that refuses changes nothing.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    ignore_file_size_signal();
    gazette::cli::Cli::parse().run()
}

/// Past a file-size limit (`ulimit -f`) the system kills the writer with SIGXFSZ, leaving its
/// staging folder behind. Ignored, the write fails with an error instead, and the build
/// cleans up and reports it like a full disk.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: run first in `main`, before any thread starts; SIG_IGN installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
