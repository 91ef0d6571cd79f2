//! Text for XML documents (feeds, sitemaps) and for HTML the server writes itself: escaped,
//! and without the characters XML 1.0 forbids, which a pasted article can hold and which make
//! a whole feed unreadable.

/// Appends `text` to `out`, escaped for element content and attribute values alike.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

/// The characters XML 1.0 allows (`Char` in the specification).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            escape("<a href=\"x\">L'État & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;L&apos;État &amp; co&lt;/a&gt;"
        );
        assert_eq!(escape("bell\u{7}\u{0}\u{FFFE} ok\t"), "bell ok\t");
    }
}
