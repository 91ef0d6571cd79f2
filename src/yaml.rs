//! YAML helpers shared by `site.yaml`, UI strings and front matter: where a key or an error
//! sits in the file, for diagnostics that name a line and column. Part of the base layer:
//! it knows nothing of gazette's own keys.

use std::collections::HashMap;

/// The 1-based line (within `yaml`) of each top-level key.
pub fn key_lines(yaml: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    for (index, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let key = line[..colon].trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                lines.entry(key.to_owned()).or_insert(index + 1);
            }
        }
    }
    lines
}

/// Where a YAML error sits in `text`, the file whose slice `yaml` was parsed (or `text`
/// itself). The error's character index is used, not its line: YAML also breaks lines at a
/// lone carriage return, which editors and gazette's messages do not count.
pub fn yaml_error_position(error: &serde_yaml::Error, text: &str, yaml: &str) -> (usize, usize) {
    let start = (yaml.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|start| start + yaml.len() <= text.len())
        .unwrap_or(0);
    let offset = error.location().map_or(0, |location| {
        yaml.char_indices()
            .nth(location.index())
            .map_or(yaml.len(), |(at, _)| at)
    });
    crate::diagnostics::line_column(text, start + offset)
}

/// For a duplicate key error, the key and the line (within `yaml`) of its second entry:
/// serde_yaml places the error at the start of the mapping.
pub fn duplicate_key_line<'m>(message: &'m str, yaml: &str) -> Option<(&'m str, Option<usize>)> {
    let key = duplicate_key(message)?;
    Some((key, top_level_key_lines(yaml, key).get(1).copied()))
}

fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.split("duplicate entry with key \"").nth(1)?;
    rest.split('"').next()
}

/// Every 1-based line (within `yaml`) where `key:` starts a top-level entry.
fn top_level_key_lines(yaml: &str, key: &str) -> Vec<usize> {
    yaml.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(index, _)| index + 1)
        .collect()
}
