//! A post's front matter read as its generator reads it: keys in any case (Hugo lowercases
//! them, so `Title:` is `title`), and of a key written twice, the value the generator keeps.
//!
//! Both generators keep the last one: Jekyll's YAML parser (Psych) and the `yaml.v2`
//! decoder Hugo used for years overwrite an earlier value with a later one. serde_yaml
//! refuses the file instead, so the earlier occurrences are cut out before parsing, and a
//! note names the lines of both, for the editor to confirm.

use serde_yaml::{Mapping, Value};

use super::line_of;

/// A post's front matter, keys lowercased, and the notes on what was read (line, what).
pub struct Fields {
    pub map: Mapping,
    pub notes: Vec<(usize, String)>,
}

impl Fields {
    /// The keys, as read (lowercased), that are not among `read`.
    pub fn keys_not_in(&self, read: &[&str]) -> Vec<String> {
        self.map
            .keys()
            .filter_map(Value::as_str)
            .filter(|k| !read.contains(k))
            .map(str::to_owned)
            .collect()
    }

    /// The first present, non-null value among `keys` (lowercase names).
    pub fn get(&self, keys: &[&str]) -> Option<&Value> {
        keys.iter()
            .find_map(|k| self.map.get(*k))
            .filter(|v| !v.is_null())
    }
}

/// Splits a post into its front matter (YAML `---` or TOML `+++`) and its body.
pub fn read(text: &str) -> Result<(Fields, &str), String> {
    let trimmed = text.trim_start_matches(['\u{feff}', '\n', '\r']);
    if trimmed.starts_with("+++") {
        let (map, body) = front_matter(text)?;
        let mut notes = Vec::new();
        let map = lowercased(map, &mut notes);
        return Ok((Fields { map, notes }, body));
    }
    let split = crate::front_matter::split(text).map_err(|e| e.to_string())?;
    let first_line = line_of(text, offset_in(text, split.yaml));
    let (yaml, mut notes) = last_of_repeated(split.yaml, first_line);
    let map = match serde_yaml::from_str::<Value>(&yaml) {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => Mapping::new(),
        Ok(_) => return Err("the front matter is not a mapping of `key: value` lines".into()),
        Err(e) => return Err(yaml_error(&e, &yaml, first_line)),
    };
    let map = lowercased(map, &mut notes);
    Ok((Fields { map, notes }, split.body))
}

/// Byte offset of `part`, a slice of `text`, in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// serde_yaml's message with the line and column of the file rather than of the front
/// matter. An unclosed construct (`tags: [a`) is noticed past its end, at the closing `---`:
/// the line where the construct opened ("while parsing … at line 2") is the one to fix, or
/// else the last line of the front matter, not the `---` after it.
fn yaml_error(error: &serde_yaml::Error, yaml: &str, first_line: usize) -> String {
    let text = error.to_string();
    let what = text.split(" at line ").next().unwrap_or_default();
    let opened = text
        .rsplit_once(", while parsing ")
        .and_then(|(_, context)| yaml_position(context));
    let lines: Vec<&str> = yaml.lines().collect();
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let noticed = error.location().map(|at| match last {
        Some(last) if at.line() > last + 1 => (last + 1, lines[last].chars().count() + 1),
        _ => (at.line(), at.column()),
    });
    match opened.or(noticed) {
        Some((line, column)) => format!(
            "line {}, column {column}: YAML front matter: {what}; fix the line so the post can be read",
            line + first_line - 1,
        ),
        None => format!("YAML front matter: {text}; fix it so the post can be read"),
    }
}

/// `a flow sequence at line 2 column 7` → (2, 7).
fn yaml_position(context: &str) -> Option<(usize, usize)> {
    let (_, at) = context.rsplit_once(" at line ")?;
    let (line, column) = at.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// The YAML with every top-level key kept once, at its last occurrence (in any case; the
/// earlier ones blanked out, line for line), and
/// a note per key written twice naming the lines (of the file) of both.
fn last_of_repeated(yaml: &str, first_line: usize) -> (String, Vec<(usize, String)>) {
    let blocks = top_level_blocks(yaml);
    let mut last: std::collections::HashMap<String, usize> = Default::default();
    for (i, block) in blocks.iter().enumerate() {
        if let Some(key) = &block.key {
            last.insert(key.to_lowercase(), i);
        }
    }
    let mut notes = Vec::new();
    let mut out = String::with_capacity(yaml.len());
    for (i, block) in blocks.iter().enumerate() {
        let kept_at = block.key.as_ref().map(|k| last[&k.to_lowercase()]);
        match kept_at {
            Some(kept) if kept != i => {
                let later = &blocks[kept];
                // The same value twice (1,644 posts of one archive) loses nothing: no note.
                let differs = block.value() != later.value();
                // Blank lines in its place, so serde_yaml's error lines stay the file's.
                out.extend(block.text.split_inclusive('\n').map(|_| "\n"));
                if !differs {
                    continue;
                }
                notes.push((
                    later.line + first_line,
                    format!(
                        "`{}` is written twice (lines {} and {}); the last value is kept, as the source generator did",
                        later.key.as_deref().unwrap_or_default(),
                        block.line + first_line,
                        later.line + first_line
                    ),
                ));
            }
            _ => out.push_str(&block.text),
        }
    }
    (out, notes)
}

/// One top-level key with its indented lines (or lines before any key: `key` none).
struct Block {
    key: Option<String>,
    /// 0-based line in the YAML.
    line: usize,
    text: String,
}

impl Block {
    /// What follows the key, as written (its indented lines included).
    fn value(&self) -> &str {
        self.text.split_once(':').map_or("", |(_, v)| v.trim())
    }
}

fn top_level_blocks(yaml: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (n, line) in yaml.split_inclusive('\n').enumerate() {
        match top_level_key(line) {
            Some(key) => blocks.push(Block {
                key: Some(key),
                line: n,
                text: line.to_owned(),
            }),
            None => match blocks.last_mut() {
                Some(block) => block.text.push_str(line),
                None => blocks.push(Block {
                    key: None,
                    line: n,
                    text: line.to_owned(),
                }),
            },
        }
    }
    blocks
}

/// `Title: x` → `Title`; indented lines, list items, comments and blank lines are none.
fn top_level_key(line: &str) -> Option<String> {
    if line.starts_with([
        ' ', '\t', '-', '#', '\r', '\n', '[', '{', '"', '\'', '|', '>',
    ]) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then(|| key.to_owned())
}

/// The mapping with its keys lowercased; two keys that only differ in case keep the later.
fn lowercased(map: Mapping, notes: &mut Vec<(usize, String)>) -> Mapping {
    let mut out = Mapping::new();
    for (key, value) in map {
        let key = match key {
            Value::String(s) => Value::String(s.to_lowercase()),
            other => other,
        };
        if out.insert(key.clone(), value).is_some() {
            let name = key.as_str().unwrap_or_default();
            notes.push((
                0,
                format!("`{name}` is written twice; the last value is kept"),
            ));
        }
    }
    out
}

/// Splits a file into its front matter (YAML `---` or TOML `+++`), keys as written, and
/// its body: author profiles are read so.
pub fn front_matter(text: &str) -> Result<(Mapping, &str), String> {
    let trimmed = text.trim_start_matches(['\u{feff}', '\n', '\r']);
    if let Some(rest) = trimmed.strip_prefix("+++") {
        let end = rest
            .find("\n+++")
            .ok_or("the TOML front matter (`+++`) is never closed")?;
        let value: toml::Value =
            toml::from_str(&rest[..end]).map_err(|e| format!("TOML front matter: {e}"))?;
        let body = rest[end + 4..].trim_start_matches(['\r']);
        let body = body.strip_prefix('\n').unwrap_or(body);
        return match toml_to_yaml(value) {
            Value::Mapping(m) => Ok((m, body)),
            _ => Err("the front matter is not a table".to_owned()),
        };
    }
    let split = crate::front_matter::split(text).map_err(|e| e.to_string())?;
    let mapping = parse_yaml(split.yaml)?;
    Ok((mapping, split.body))
}

/// The YAML mapping; a key written twice (a common slip) keeps its first value.
fn parse_yaml(yaml: &str) -> Result<Mapping, String> {
    let parsed = serde_yaml::from_str::<Value>(yaml).or_else(|error| {
        let deduped = drop_repeated_keys(yaml);
        if deduped == yaml {
            return Err(error);
        }
        serde_yaml::from_str::<Value>(&deduped).map_err(|_| error)
    });
    match parsed {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err("the front matter is not a mapping of `key: value` lines".to_owned()),
        Err(e) => Err(format!("YAML front matter: {e}")),
    }
}

/// The YAML without the second and later occurrences of each top-level key (and their
/// indented lines).
fn drop_repeated_keys(yaml: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut keep = true;
    let mut out = String::with_capacity(yaml.len());
    for line in yaml.split_inclusive('\n') {
        if !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty() {
            let key = line.split(':').next().unwrap_or("").trim().to_owned();
            keep = seen.insert(key);
        }
        if keep {
            out.push_str(line);
        }
    }
    out
}

pub fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_yaml_front_matter_both_read() {
        let (toml, body) =
            front_matter("+++\ntitle = \"T\"\ndate = 2015-06-29T01:00:19-04:00\n+++\nBody\n")
                .unwrap();
        assert_eq!(toml["title"], Value::from("T"));
        assert_eq!(toml["date"], Value::from("2015-06-29T01:00:19-04:00"));
        assert_eq!(body, "Body\n");
        let (yaml, _) = front_matter("\n---\ntitle: T\nx: 1\nx: 2\n---\n").unwrap();
        assert_eq!(yaml["x"], Value::from(1));
    }

    #[test]
    fn keys_are_read_in_any_case() {
        let (fields, body) = read("---\nTitle: T\nDate: 2020-01-02\n---\nB\n").unwrap();
        assert_eq!(fields.get(&["title"]), Some(&Value::from("T")));
        assert_eq!(fields.get(&["date"]), Some(&Value::from("2020-01-02")));
        assert_eq!(body, "B\n");
        assert!(fields.notes.is_empty());
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_with_a_note_naming_both_lines() {
        let text = "---\ntitle: T\ndate: 2020-01-02\ntags:\n  - a\ndate: 2021-03-04\n---\n";
        let (fields, _) = read(text).unwrap();
        assert_eq!(fields.get(&["date"]), Some(&Value::from("2021-03-04")));
        assert_eq!(
            fields.get(&["tags"]).unwrap().as_sequence().unwrap().len(),
            1
        );
        assert_eq!(fields.notes.len(), 1, "{:?}", fields.notes);
        let (line, note) = &fields.notes[0];
        assert_eq!(*line, 6);
        assert!(note.contains("lines 3 and 6"), "{note}");
    }

    #[test]
    fn a_key_repeated_with_the_same_value_is_no_news() {
        let (fields, _) = read("---\ndate: 2004-12-30\ntitle: T\ndate: 2004-12-30\n---\n").unwrap();
        assert_eq!(fields.get(&["date"]), Some(&Value::from("2004-12-30")));
        assert!(fields.notes.is_empty(), "{:?}", fields.notes);
    }

    #[test]
    fn keys_differing_in_case_count_as_one() {
        let (fields, _) = read("---\ndate: 2020-01-02\nDate: 2021-03-04\n---\n").unwrap();
        assert_eq!(fields.get(&["date"]), Some(&Value::from("2021-03-04")));
        assert_eq!(fields.notes[0].0, 3);
    }

    #[test]
    fn a_yaml_error_names_the_file_line() {
        let error = read("---\ntitle: T\nbad: [\n---\n").err().unwrap();
        assert!(error.starts_with("line 3, column 7: "), "{error}");
        let error = read("---\ntitle: T\ntitle: U\nbad: a: b\n---\n")
            .err()
            .unwrap();
        assert!(error.starts_with("line 4, column "), "{error}");
    }
}
