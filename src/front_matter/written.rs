//! Numbers as the user wrote them.
//!
//! YAML reads `title: 1.10` as the number 1.1 and `slug: 0x1F` as 31; serde_yaml keeps the
//! value, not the spelling. Where gazette wants text, it takes the spelling back from the
//! lines of the key, so a title, a slug or a tag is exactly what the file says.

/// The plain (unquoted, uncommented) words of `lines` that YAML reads as numbers, in order.
pub fn number_words(lines: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for line in lines.lines() {
        let mut rest = line;
        while let Some(start) = rest.find(|c: char| !is_separator(c)) {
            rest = &rest[start..];
            match rest.chars().next() {
                Some('#') => break,
                Some(quote @ ('"' | '\'')) => {
                    // A quoted string is text, whatever it holds: skip past its end.
                    let end = rest[1..].find(quote).map_or(rest.len(), |i| i + 2);
                    rest = &rest[end..];
                }
                _ => {
                    let end = rest.find(is_separator).unwrap_or(rest.len());
                    let word = &rest[..end];
                    if is_number(word) {
                        words.push(word);
                    }
                    rest = &rest[end..];
                }
            }
        }
    }
    words
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '[' | ']' | '{' | '}' | ',' | ':')
}

/// Whether `word` starts the way every YAML number (`12`, `-2e3`, `0x1F`, `.inf`) does:
/// other words are not worth a parse, which is most of the words of every title.
pub fn may_start_a_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
}

fn is_number(word: &str) -> bool {
    may_start_a_number(word)
        && word.len() < 64
        && matches!(
            serde_yaml::from_str::<serde_yaml::Value>(word),
            Ok(serde_yaml::Value::Number(_))
        )
}

/// The spelling, among `words`, of the number `value`: the first word YAML reads as it.
/// The word is removed so that the next equal number takes the next spelling.
pub fn take_spelling(words: &mut Vec<&str>, value: &serde_yaml::Number) -> Option<String> {
    let at = words.iter().position(|word| {
        serde_yaml::from_str::<serde_yaml::Number>(word).is_ok_and(|n| same(&n, value))
    })?;
    Some(words.remove(at).to_owned())
}

/// Equal numbers, NaN included (`.nan` is written somewhere, and that is its spelling).
fn same(a: &serde_yaml::Number, b: &serde_yaml::Number) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_spelling() {
        assert_eq!(
            number_words("title: 1.10 # not 1.1\ntags: [007, \"1.5\", x2, 0x1F, -2e3]"),
            ["1.10", "0x1F", "-2e3"]
        );
        let mut words = number_words("tags: [1.10, 1.1, 1.100]");
        let n = |text: &str| serde_yaml::from_str::<serde_yaml::Number>(text).unwrap();
        assert_eq!(
            take_spelling(&mut words, &n("1.1")).as_deref(),
            Some("1.10")
        );
        assert_eq!(take_spelling(&mut words, &n("1.1")).as_deref(), Some("1.1"));
        assert_eq!(
            take_spelling(&mut words, &n("1.1")).as_deref(),
            Some("1.100")
        );
        assert_eq!(take_spelling(&mut words, &n("1.1")), None);
    }
}
