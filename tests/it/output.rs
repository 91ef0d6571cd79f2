//! The output folder: never half-written, never somebody else's.

use crate::harness::{Ran, SiteTest, files_under};

#[test]
fn refuses_a_folder_gazette_did_not_make() {
    let site = SiteTest::new().article("a.md", "title: A\ndate: 2020-01-01", "x\n");
    let mine = site.root.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("thesis.md"), "years of work").unwrap();
    let built = site.build(&["--output", mine.to_str().unwrap()]);
    assert!(!built.success);
    built.assert_stderr(&["refusing to write the site", "not made by gazette"]);
    assert_eq!(
        std::fs::read_to_string(mine.join("thesis.md")).unwrap(),
        "years of work"
    );
}

#[test]
fn refuses_sources_and_the_site_root() {
    let site = SiteTest::new().article("a.md", "title: A\ndate: 2020-01-01", "x\n");
    for target in [
        site.root.clone(),
        site.root.join("content"),
        site.root.join("themes/default"),
        site.root.parent().unwrap().to_path_buf(),
    ] {
        let built = site.build(&["--output", target.to_str().unwrap()]);
        assert!(!built.success, "{}", target.display());
        built.assert_stderr(&["refusing to write the site"]);
    }
    assert!(site.root.join("content/articles/a.md").is_file());
}

#[test]
fn rebuilding_replaces_the_output_and_drops_stale_pages() {
    let site = SiteTest::new()
        .article("a.md", "title: A\ndate: 2020-01-01", "x\n")
        .article("b.md", "title: B\ndate: 2020-01-02", "x\n");
    let built = site.build_ok();
    assert!(built.has_page("/2020/01/b/"));
    std::fs::remove_file(site.root.join("content/articles/b.md")).unwrap();
    let built = site.build_ok();
    assert!(!built.has_page("/2020/01/b/"));
    assert!(built.output.join(".gazette-output").is_file());
    let siblings: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.') && n != ".gazette-cache")
        .collect();
    assert!(
        siblings.is_empty(),
        "staging folders left behind: {siblings:?}"
    );
}

#[test]
fn output_flag_writes_elsewhere() {
    let site = SiteTest::new().article("a.md", "title: A\ndate: 2020-01-01", "x\n");
    let elsewhere = site.root.parent().unwrap().join("public");
    let built = site.build(&["--output", elsewhere.to_str().unwrap()]);
    assert!(built.success, "{}", built.stderr);
    assert!(elsewhere.join("2020/01/a/index.html").is_file());
    assert!(!site.root.join("output").exists());
}

/// Every file of a folder with its inode and modification time.
fn identities(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != ".gazette-output")
        .map(|e| {
            let meta = e.metadata().unwrap();
            let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, meta.ino(), meta.modified().unwrap())
        })
        .collect();
    files.sort();
    files
}

fn three_articles() -> SiteTest {
    SiteTest::new()
        .write("static/logo.svg", "<svg/>")
        .article(
            "a.md",
            "title: A\ndate: 2020-01-01\ntags: [t]",
            "First.\n\nMore.\n",
        )
        .article("b.md", "title: B\ndate: 2020-02-01", "Second.\n")
        .article("c.md", "title: C\ndate: 2020-03-01", "Third.\n")
}

#[test]
fn a_build_that_changes_nothing_rewrites_no_file() {
    let site = three_articles();
    let first = identities(&site.build_ok().output);
    assert!(first.len() > 20);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = identities(&site.build_ok().output);
    assert_eq!(first, second, "same files, same inodes, same dates");

    // A change further down an article's body rewrites that article's page (and the search
    // index), not the lists that show its summary.
    let site = site.article(
        "a.md",
        "title: A\ndate: 2020-01-01\ntags: [t]",
        "First.\n\nChanged.\n",
    );
    let third = identities(&site.build_ok().output);
    // The search index names its files by content hash: they are new files, not changed ones.
    let outside_search = |files: &[(std::path::PathBuf, u64, std::time::SystemTime)]| {
        let files = files.iter().filter(|f| !f.0.starts_with("pagefind"));
        files.cloned().collect::<Vec<_>>()
    };
    let (first, third) = (outside_search(&first), outside_search(&third));
    let paths = |files: &[(std::path::PathBuf, u64, std::time::SystemTime)]| {
        files.iter().map(|f| f.0.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        paths(&first),
        paths(&third),
        "the same files, none lost or added"
    );
    let changed: Vec<String> = first
        .iter()
        .zip(&third)
        .filter(|(before, after)| before != after)
        .map(|(before, _)| before.0.display().to_string())
        .collect();
    assert_eq!(changed, ["2020/01/a/index.html"]);
}

#[test]
fn minified_pages_made_from_the_same_bytes_are_kept_and_others_made_again() {
    let site = three_articles().config("minify: true");
    let output = site.build_ok().output;
    let first = files_under(&output);
    let identities_before = identities(&output);
    std::fs::remove_file(output.join("2020/01/a/index.html")).unwrap();
    let site = site.article("c.md", "title: C changed\ndate: 2020-03-01", "Third.\n");
    site.build_ok();
    let page = |path: &str| std::fs::read_to_string(output.join(path)).unwrap();
    assert!(
        page("2020/03/c/index.html").contains("<title>C changed"),
        "a changed page is made and minified again"
    );
    let a = |files: &[(std::path::PathBuf, Vec<u8>)]| {
        files
            .iter()
            .find(|(p, _)| p.ends_with("2020/01/a/index.html"))
            .map(|(_, bytes)| bytes.clone())
    };
    assert!(
        a(&files_under(&output)) == a(&first),
        "a page missing from the previous output is made again"
    );
    let kept = identities(&output)
        .into_iter()
        .filter(|(path, _, _)| path.ends_with("tags/t/index.html"))
        .collect::<Vec<_>>();
    assert!(
        identities_before.contains(&kept[0]),
        "an unchanged page keeps its file"
    );
}

#[test]
fn two_builds_of_the_same_sources_are_byte_identical() {
    let site = three_articles();
    let one = site.root.join("one");
    let two = site.root.join("two");
    for out in [&one, &two] {
        let built = site.build(&["--output", out.to_str().unwrap()]);
        assert!(built.success, "{}", built.stderr);
    }
    let (a, b) = (files_under(&one), files_under(&two));
    assert!(a.len() > 20);
    assert!(a == b, "the two outputs differ");
}

/// Issue 19, item 5: a build that fails while writing (here past a file-size limit, which
/// fails a write as a full disk does) leaves the previous output as it was, and neither a
/// staging folder nor a lock file beside it.
#[test]
fn a_build_that_fails_to_write_leaves_the_previous_output_and_no_staging_folder() {
    let site = three_articles();
    let output = site.build_ok().output;
    let before = files_under(&output);
    let site = site.article(
        "c.md",
        "title: C\ndate: 2020-03-01",
        &"Longer. ".repeat(500),
    );
    // Limits that stop the build at the lock file, at the staging folder's marker, at a page.
    for limit in [2, 10, 2000] {
        let ran = build_with_file_size_limit(&site, limit);
        assert_eq!(ran.code, Some(1), "limit {limit}: {}", ran.stderr);
        assert!(ran.stderr.contains("File too large"), "{}", ran.stderr);
        assert!(
            files_under(&output) == before,
            "limit {limit}: output changed"
        );
        let leftovers: Vec<_> = std::fs::read_dir(&site.root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| n.starts_with('.') && n != ".gazette-cache")
            .collect();
        assert!(leftovers.is_empty(), "limit {limit}: left {leftovers:?}");
    }
}

/// Runs `gazette build --quiet` with no file allowed past `bytes`. The signal such a write
/// raises is left as it is: gazette ignores it, so the write fails with an error instead of
/// killing the build.
fn build_with_file_size_limit(site: &SiteTest, bytes: u64) -> Ran {
    use std::os::unix::process::CommandExt;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
    command.args(["build", "--quiet", "--root"]).arg(&site.root);
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: between fork and exec the closure only makes one system call, which is
    // async-signal-safe, and reads `limit`, copied in.
    unsafe {
        command.pre_exec(move || match libc::setrlimit(libc::RLIMIT_FSIZE, &limit) {
            0 => Ok(()),
            _ => Err(std::io::Error::last_os_error()),
        });
    }
    let output = command.output().expect("run gazette");
    Ran {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
