//! A fast reading of the front matter most files have: one `key: value` per line, each value
//! a quoted or plain scalar, a one-line `[list]` of them, or a block list of them (`- item`
//! lines under a key with no value).
//!
//! libyaml builds a token stream, an event stream and then a value for every file, which was a
//! tenth of a build's time. Nearly every news article's front matter has this shape, so it is
//! read directly here; anything else (nested mappings, text over several lines, escapes,
//! comments after a value, anchors, tags, a duplicate key, a syntax error) gives `None`, and
//! the caller hands the whole block to serde_yaml. A scalar that may be a number, a boolean or
//! null is typed by serde_yaml. What this returns must always equal serde_yaml's value for the
//! same text: the tests compare the two.

use serde_yaml::{Mapping, Sequence, Value};

/// A key whose line has no value: a block list may follow it.
struct Open {
    key: String,
    /// The items' indentation and the items, once one is read.
    list: Option<(usize, Sequence)>,
}

/// The mapping of a flat front matter, or `None` to let serde_yaml read it.
pub fn parse(yaml: &str) -> Option<Mapping> {
    if !only_plain_characters(yaml) {
        return None;
    }
    let mut mapping = Mapping::new();
    let mut open: Option<Open> = None;
    for line in yaml.split('\n') {
        let text = line.trim_start_matches(' ');
        if text.is_empty() || line.starts_with('#') {
            continue;
        }
        let indent = line.len() - text.len();
        if let Some(item) = text.strip_prefix('-') {
            if !(item.is_empty() || item.starts_with(' ')) {
                return None;
            }
            let (items_indent, items) = open
                .as_mut()?
                .list
                .get_or_insert_with(|| (indent, Sequence::new()));
            if *items_indent != indent {
                return None;
            }
            items.push(value(item.trim_matches(' '))?);
            continue;
        }
        if indent > 0 {
            return None;
        }
        close(&mut mapping, open.take())?;
        let (key, rest) = line.split_once(':')?;
        if !is_plain_key(key) {
            return None;
        }
        let rest = match rest.strip_prefix(' ') {
            Some(rest) => rest.trim_matches(' '),
            None if rest.is_empty() => rest,
            None => return None,
        };
        if rest.is_empty() {
            open = Some(Open {
                key: key.to_owned(),
                list: None,
            });
        } else {
            insert(&mut mapping, key.to_owned(), value(rest)?)?;
        }
    }
    close(&mut mapping, open.take())?;
    Some(mapping)
}

/// Puts a key with no value on its line in the mapping: its block list, or null.
fn close(mapping: &mut Mapping, open: Option<Open>) -> Option<()> {
    let Some(Open { key, list }) = open else {
        return Some(());
    };
    let value = list.map_or(Value::Null, |(_, items)| Value::Sequence(items));
    insert(mapping, key, value)
}

/// Adds a key; a duplicate is left to serde_yaml, which reports it.
fn insert(mapping: &mut Mapping, key: String, value: Value) -> Option<()> {
    mapping
        .insert(Value::String(key), value)
        .is_none()
        .then_some(())
}

/// Whether every character is one YAML reads as itself in a one-line scalar: no tab (whose
/// place decides whether libyaml accepts it), carriage return, other control or
/// line-breaking character, byte order mark or non-character.
fn only_plain_characters(yaml: &str) -> bool {
    let ascii_plain = |b: u8| (b' '..0x7f).contains(&b) || b == b'\n';
    if yaml.bytes().all(ascii_plain) {
        return true;
    }
    yaml.chars().all(|c| {
        if c.is_ascii() {
            ascii_plain(c as u8)
        } else {
            !matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        }
    })
}

/// A key written bare: letters, digits, `_` and `-`, starting with a letter or `_`, and not
/// a word YAML reads as a boolean or null.
fn is_plain_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let typed = matches!(
        key,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL"
    );
    !typed
        && bytes
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
}

/// A value written on one line, trimmed (an empty one is a list item's: null).
fn value(text: &str) -> Option<Value> {
    if text.is_empty() {
        return Some(Value::Null);
    }
    if let Some(inner) = text.strip_prefix('[') {
        return list(inner.strip_suffix(']')?);
    }
    let (scalar, rest) = scalar(text, false)?;
    rest.is_empty().then_some(scalar)
}

/// The items of a one-line flow list, between its brackets.
fn list(mut inner: &str) -> Option<Value> {
    let mut items = Sequence::new();
    inner = inner.trim_start_matches(' ');
    while !inner.is_empty() {
        let (item, rest) = scalar(inner, true)?;
        items.push(item);
        let rest = rest.trim_start_matches(' ');
        inner = match rest.strip_prefix(',') {
            Some(after) => {
                let after = after.trim_start_matches(' ');
                // `[a, , b]` and `[a,]` are left to serde_yaml.
                if after.is_empty() || after.starts_with(',') {
                    return None;
                }
                after
            }
            None if rest.is_empty() => rest,
            None => return None,
        };
    }
    Some(Value::Sequence(items))
}

/// The scalar at the start of `text` and what follows it. `in_list`: inside `[…]`, where a
/// plain scalar ends at a comma.
fn scalar(text: &str, in_list: bool) -> Option<(Value, &str)> {
    match text.as_bytes().first()? {
        b'"' => {
            let inner = &text[1..];
            let end = inner.find(['"', '\\'])?;
            (inner.as_bytes()[end] == b'"')
                .then(|| (Value::String(inner[..end].to_owned()), &inner[end + 1..]))
        }
        b'\'' => single_quoted(&text[1..]),
        _ => {
            let end = if in_list {
                text.find([',', ']']).unwrap_or(text.len())
            } else {
                text.len()
            };
            let plain = text[..end].trim_end_matches(' ');
            Some((plain_scalar(plain)?, &text[end..]))
        }
    }
}

/// A single-quoted scalar after its opening quote, where `''` stands for one quote.
fn single_quoted(inner: &str) -> Option<(Value, &str)> {
    let mut value = String::new();
    let mut rest = inner;
    loop {
        let quote = rest.find('\'')?;
        value.push_str(&rest[..quote]);
        rest = &rest[quote + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                value.push('\'');
                rest = after;
            }
            None => return Some((Value::String(value), rest)),
        }
    }
}

/// A plain (unquoted) scalar: text, unless it might be a null, a boolean or a number, which
/// are left to serde_yaml's rules. Indicators, comments and `: ` inside are refused.
fn plain_scalar(plain: &str) -> Option<Value> {
    let first = *plain.as_bytes().first()?;
    // `-` starts a plain scalar (`-3`) unless a space follows it (a list item).
    let list_item = first == b'-' && plain.as_bytes().get(1).is_none_or(|&b| b == b' ');
    if list_item
        || b"?:,[]{}#&*!|>'\"%@`".contains(&first)
        || plain.contains(": ")
        || plain.contains(" #")
        || plain.ends_with(':')
        || plain.contains(['[', ']', '{', '}'])
    {
        return None;
    }
    let may_not_be_text = plain
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+-._~".contains(&b))
        && (plain.len() <= 5 || super::written::may_start_a_number(plain));
    if may_not_be_text {
        return resolved_by_serde_yaml(plain);
    }
    Some(Value::String(plain.to_owned()))
}

/// A plain scalar as serde_yaml types it (`~`, `true`, `12`, `1.5e3`, `2024-03-15`), read as
/// a mapping's value, where it stands (alone, `...` would end the document).
fn resolved_by_serde_yaml(plain: &str) -> Option<Value> {
    match serde_yaml::from_str::<Value>(&format!("k: {plain}")).ok()? {
        Value::Mapping(mut mapping) => mapping.remove("k").filter(|value| {
            !matches!(
                value,
                Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_)
            )
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reading must equal serde_yaml's whenever it gives one.
    fn agrees(yaml: &str) -> bool {
        let ours = parse(yaml);
        if let Some(ours) = &ours {
            let theirs = serde_yaml::from_str::<Value>(yaml);
            let theirs = match theirs {
                Ok(Value::Mapping(m)) => m,
                Ok(Value::Null) => Mapping::new(),
                other => panic!("read {yaml:?} as {ours:?}, serde_yaml as {other:?}"),
            };
            assert_eq!(ours, &theirs, "{yaml:?}");
        }
        ours.is_some()
    }

    #[test]
    fn the_usual_front_matter_is_read_here_as_serde_yaml_reads_it() {
        for yaml in [
            "title: \"Zoltán Georgiou : énergie\"\ndate: 2019-03-14T18:16:02Z\nactors: [\"Zoltán Georgiou\", \"Martín Gagné\"]\ntags: [\"élections\", \"énergie maritime\"]\nsummary: \"Nous siècle.\"\n",
            "title: L'accord de Paris\ndate: 2024-03-15\ndraft: true\n",
            "title: 'It''s done'\nslug: its-done\ntags: [economy, 'fish, chips', \"a\"]\n",
            "name: \"Abdou Cho\"\nkind: person\naliases: [\"Cho\"]\ndescription: \"économiste\"\n",
            "title: x\nupdated:\nsummary:   spaced out   \n\n",
            "title: 1984\nlang: fr\ndraft: False\nsource: https://example.org/a?b=c#d\n",
            "title: \"  kept spaces \"\nactors: []\ntags: [ a , b ]\n",
            "title: ~\ndate: 2024-03-15 09:30\nweight: -3\nratio: .5\nbig: 1e3\nhex: 0x1F\nzero: 007\n",
            "title: C# and F#\ntag: x#y\nnote: a:b\n",
            "title: ...\nother: .5\nlast: \n",
            "actors:\n  - A\n  - \"B, C\"\n\n  - [d, e]\ntags:\n- x\n-\n# a comment\n- 12\nlast:\n",
            "# a comment\ntitle: x\n",
            "",
            "\n\n",
        ] {
            assert!(agrees(yaml), "left to serde_yaml: {yaml:?}");
        }
    }

    #[test]
    fn anything_else_is_left_to_serde_yaml() {
        for yaml in [
            "title: \"with \\\" escape\"\n",
            "title: \"line\\nbreak\"\n",
            "title: x # a comment\n",
            "links: {a: b}\n",
            "title: &anchor x\nother: *anchor\n",
            "title: !tag x\n",
            "title: a: b\n",
            "title: x\ntitle: y\n",
            "title: \"unclosed\n",
            "title: [a, [b]]\n",
            "title: [a, , b]\n",
            "title: [a,]\n",
            "title: x\r\ndate: y\r\n",
            "\"quoted key\": x\n",
            "key : x\n",
            "actors:\n  - A\n - B\n",
            "actors:\n  - A\n  # comment\n",
            "actors:\n  - a: b\n",
            "actors:\n  - - a\n",
            "actors:\n  -a\n",
            "title: x\n- a\n",
            "- a\ntitle: x\n",
            "actors:\n  key: value\n",
            "title: line\n  continued\n",
            "title: \"a\" trailing\n",
            "title: x\u{85}y\n",
            "title:\tx\n",
            "true: x\n",
            "? complex\n",
            "title:x\n",
        ] {
            assert!(!agrees(yaml), "read here: {yaml:?}");
        }
    }

    /// The bundled demo's files, and those under `GAZETTE_FRONT_MATTER_ORACLE` (a folder of
    /// real archives to try).
    #[test]
    fn real_front_matters_agree_with_serde_yaml() {
        let mut folders =
            vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")];
        folders.extend(std::env::var_os("GAZETTE_FRONT_MATTER_ORACLE").map(Into::into));
        let (mut files, mut read_here) = (0, 0);
        for folder in folders {
            for entry in walkdir::WalkDir::new(folder).into_iter().flatten() {
                let is_markdown = entry.path().extension().is_some_and(|e| e == "md");
                let Some(text) = is_markdown
                    .then(|| std::fs::read_to_string(entry.path()).ok())
                    .flatten()
                else {
                    continue;
                };
                if let Ok(split) = super::super::split(&text) {
                    files += 1;
                    read_here += usize::from(agrees(split.yaml));
                }
            }
        }
        eprintln!("{read_here} of {files} front matters read here");
        assert!(
            read_here * 2 > files,
            "only {read_here} of {files} read here"
        );
    }

    #[test]
    fn generated_front_matters_agree_with_serde_yaml() {
        let pieces = [
            "x",
            "Élysée",
            "1984",
            "12.5",
            "true",
            "no",
            "null",
            "~",
            "a b",
            "l'État",
            "C#",
            "2024-03-15",
            "2024-03-15T10:00:00Z",
            "-",
            ".inf",
            "nan",
            "0o17",
            "+1",
            "«»",
            "a,b",
            " ",
            "é:é",
            "yes",
            "...",
            "a\tb",
            "a\\nb",
            "-x",
            "- x",
            "#x",
            "a #b",
            "'",
            "\"",
            "a'b",
            "NULL",
            "1_000",
            "0x",
            "e5",
            "-.5",
            "[]",
            "_",
        ];
        let mut random = fastrand::Rng::with_seed(7);
        let mut next = |n: usize| random.usize(..n);
        let mut read_here = 0;
        for _ in 0..3_000 {
            let mut yaml = String::new();
            for key in 0..1 + next(5) {
                let piece = pieces[next(pieces.len())];
                let other = pieces[next(pieces.len())];
                let value = match next(6) {
                    0 => format!("\"{piece}\""),
                    1 => format!("'{piece}'"),
                    2 => format!("[{piece}, \"{other}\"]"),
                    3 => format!("\n{}- {piece}\n{0}- '{other}'", " ".repeat(next(3))),
                    _ => piece.to_owned(),
                };
                yaml.push_str(&format!("k{key}: {value}\n"));
            }
            read_here += usize::from(agrees(&yaml));
        }
        assert!(read_here > 1_000, "only {read_here} read here");
    }
}
