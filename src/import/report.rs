//! `import-report.json`: what became of each source file, for the editor who checks a
//! migration and for scripts: the file written from it, why it was not, the constructs
//! converted, the template tags kept as text (with their lines), the front matter keys not
//! kept, and the other notes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{ImportError, Report};

/// The report's file name, at the site root.
pub const FILE_NAME: &str = "import-report.json";

/// Notes that say a construct was turned into Markdown, HTML or a value, by how they start.
const CONVERTED: &[&str] = &[
    "filled from",
    "link to another post resolved",
    "link to a page that was not imported",
    "link to the old URL",
    "link to an unresolved shortcode removed",
    "URL filter resolved",
    "figure written",
    "image shortcode written",
    "image include written",
    "YouTube video written",
    "Vimeo video written",
    "tweet written",
    "gist written",
    "embed",
    "embedded video written",
    "video include written",
    "highlight block written",
    "heading without a space",
    "kramdown markup removed",
    "Liquid comment removed",
    "Liquid `assign` removed",
    "`{% raw %}` marker removed",
    "decorative SVG include removed",
    "container shortcode removed",
    "quotation shortcode written",
    "link shortcode written",
    "file shortcode written",
    "shortcode naming a content file",
    "author slug written",
    "person's portrait filter removed",
    super::attributes::NOTE,
];

/// The report as JSON: `{posts, articles, profiles, files: [{source, written, not_imported,
/// skipped, converted, kept_as_text, keys_not_kept, notes}]}`, files in path order.
pub fn to_json(report: &Report) -> Value {
    let mut files: BTreeMap<PathBuf, Entry> = BTreeMap::new();
    for (source, written) in &report.written {
        entry(&mut files, source).written = Some(written.display().to_string());
    }
    for (source, why) in &report.failed {
        entry(&mut files, source).not_imported = Some(why.clone());
    }
    for (source, why) in &report.skipped {
        entry(&mut files, source).skipped = Some(why.clone());
    }
    for (source, keys) in &report.keys_not_kept {
        entry(&mut files, source).keys_not_kept = keys.clone();
    }
    for (source, line, note) in &report.notes {
        // A note about the whole file (a slug renamed, a configuration assumed) has no line:
        // `null`, not a line 0 an editor's tools would try to open.
        let item = json!({ "line": (*line > 0).then_some(*line), "note": note });
        let entry = entry(&mut files, source);
        if note.contains("kept as text") {
            entry.kept_as_text.push(item);
        } else if CONVERTED.iter().any(|c| note.starts_with(c)) {
            entry.converted.push(item);
        } else {
            entry.notes.push(item);
        }
    }
    let files: Vec<Value> = files
        .into_iter()
        .map(|(source, e)| {
            json!({
                "source": source.display().to_string(),
                "written": e.written,
                "not_imported": e.not_imported,
                "skipped": e.skipped,
                "converted": e.converted,
                "kept_as_text": e.kept_as_text,
                "keys_not_kept": e.keys_not_kept,
                "notes": e.notes,
            })
        })
        .collect();
    json!({
        "posts": report.posts,
        "articles": report.articles.len(),
        "profiles": report.profiles.len(),
        "files": files,
    })
}

/// Writes the report at the site root, replacing the one of an earlier import.
pub fn write(report: &Report, root: &Path) -> Result<PathBuf, ImportError> {
    let path = root.join(FILE_NAME);
    let text = serde_json::to_string_pretty(&to_json(report)).expect("JSON values serialise");
    std::fs::write(&path, format!("{text}\n")).map_err(|source| ImportError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

fn entry<'f>(files: &'f mut BTreeMap<PathBuf, Entry>, source: &Path) -> &'f mut Entry {
    files.entry(source.to_path_buf()).or_default()
}

/// What is known of one source file.
#[derive(Default)]
struct Entry {
    written: Option<String>,
    not_imported: Option<String>,
    skipped: Option<String>,
    converted: Vec<Value>,
    kept_as_text: Vec<Value>,
    keys_not_kept: Vec<String>,
    notes: Vec<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_file_says_what_became_of_it() {
        let report = Report {
            posts: 2,
            written: vec![("a.md".into(), "content/articles/2016/01/a.md".into())],
            failed: vec![("b.md".into(), "no title".to_owned())],
            notes: vec![
                (
                    "a.md".into(),
                    7,
                    "Liquid tag kept as text: {% if x %}".to_owned(),
                ),
                (
                    "a.md".into(),
                    3,
                    "filled from the source configuration".to_owned(),
                ),
                ("a.md".into(), 2, "`date` is written twice".to_owned()),
            ],
            keys_not_kept: vec![("a.md".into(), vec!["layout".to_owned()])],
            ..Report::default()
        };
        let json = to_json(&report);
        let a = &json["files"][0];
        assert_eq!(a["source"], "a.md");
        assert_eq!(a["written"], "content/articles/2016/01/a.md");
        assert_eq!(a["kept_as_text"][0]["line"], 7);
        assert_eq!(a["converted"][0]["line"], 3);
        assert_eq!(a["notes"][0]["line"], 2);
        assert_eq!(a["keys_not_kept"][0], "layout");
        assert_eq!(json["files"][1]["not_imported"], "no title");
    }
}
