//! Front matter too large or too deeply nested to hand to the YAML parser.
//!
//! The parser's work grows with the square of the nesting of `[` and `{` (100,000 levels took
//! minutes before it gave up at its own recursion limit), so nesting is measured first, in one
//! pass, and refused past a depth no real front matter reaches. Aliases that expand into
//! millions of values are refused by serde_yaml itself ("repetition limit exceeded").

/// The largest front matter read, in bytes.
pub const MAX_BYTES: usize = 1 << 20;

/// How deeply lists and mappings may nest in front matter.
pub const MAX_DEPTH: usize = 64;

/// The byte offset in `yaml` of the first `[` or `{` nested deeper than [`MAX_DEPTH`].
pub fn too_deep(yaml: &str) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    let mut after_separator = true;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(at);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            // A quote opens a string only where a value starts; `l'État` is plain text.
            b'"' | b'\'' if after_separator => at = string_end(bytes, at),
            b'#' if after_separator => at = line_end(bytes, at),
            _ => {}
        }
        after_separator = matches!(
            bytes.get(at),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':')
        );
        at += 1;
    }
    None
}

/// The offset of the quote closing the string opened at `start` (or the last byte).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 1,
            b if b == quote => return at,
            _ => {}
        }
        at += 1;
    }
    bytes.len() - 1
}

fn line_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len() - 1, |i| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_outside_strings_and_comments() {
        let deep = format!("x: {}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(too_deep(&deep), Some(3 + 64));
        let fine = format!("x: {}{}", "[".repeat(64), "]".repeat(64));
        assert_eq!(too_deep(&fine), None);
        let quoted = format!(
            "title: \"{}\"\n# {}\ntags: ['{}']",
            "[".repeat(99),
            "{".repeat(99),
            "[".repeat(99)
        );
        assert_eq!(too_deep(&quoted), None);
        assert_eq!(too_deep("title: l'État [1]\ntags: [a, \"b\\\"\"]"), None);
    }
}
