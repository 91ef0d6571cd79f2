//! Records the commit gazette is built from, for `gazette --version` and for the deploy
//! workflow `gazette init` writes, which installs that same commit in CI.
//!
//! Outside a git checkout (a source archive), the commit is unknown and the version stands
//! alone.

use std::path::Path;
use std::process::Command;

fn main() {
    let commit = git(&["rev-parse", "HEAD"]).unwrap_or_default();
    println!("cargo:rustc-env=GAZETTE_COMMIT={commit}");
    // Rebuild the version when HEAD moves: its file, and the branch file it points at (a
    // worktree keeps them in two places, which `--git-path` resolves). Only existing files
    // are named; cargo would otherwise run this script on every build.
    println!("cargo:rerun-if-changed=build.rs");
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            watch(Path::new(&path));
        }
    }
}

fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// A git command's trimmed output, if git is there and succeeds.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}
