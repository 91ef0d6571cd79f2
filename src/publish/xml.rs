//! XML documents (feeds, sitemaps) written through quick-xml's writer, and the text escaping
//! they and the HTML the server writes itself share: escaped, and without the characters XML
//! 1.0 forbids, which a pasted article can hold and which make a whole feed unreadable.
//!
//! quick-xml puts the markup together (names, attributes, start and end tags, the
//! declaration), so no element is left open or misspelt by hand. Text and attribute values
//! are escaped here rather than by quick-xml: its escaping keeps forbidden characters, and
//! writes `\r` (and, in attributes, `\t` and `\n`) as character references, where ours has
//! always kept them as written; feed readers compare bytes to spot changes, so the bytes stay.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

/// Appends `text` to `out`, escaped for element content and attribute values alike.
fn push_escaped(out: &mut String, text: &str) {
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

/// An XML document being written in memory, one element or line at a time.
pub struct Document {
    writer: Writer<Vec<u8>>,
}

impl Document {
    /// A document of about `capacity` bytes, opened with its declaration and a line break.
    /// `encoding` is written as given (`utf-8` or `UTF-8`), so existing files keep their bytes.
    pub fn new(encoding: &str, capacity: usize) -> Document {
        let mut document = Document {
            writer: Writer::new(Vec::with_capacity(capacity)),
        };
        document.write(Event::Decl(BytesDecl::new("1.0", Some(encoding), None)));
        document.line_break();
        document
    }

    /// Opens `<name attr="value"…>`; values are escaped here.
    pub fn start(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.write(Event::Start(tag(name, attributes)));
    }

    /// Closes `</name>`.
    pub fn end(&mut self, name: &str) {
        self.write(Event::End(BytesEnd::new(name)));
    }

    /// Writes `<name attr="value"…/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.write(Event::Empty(tag(name, attributes)));
    }

    /// Writes `text`, escaped.
    pub fn text(&mut self, text: &str) {
        self.write(Event::Text(BytesText::from_escaped(escape(text))));
    }

    /// Writes `<name>text</name>`, without a line break.
    pub fn element(&mut self, name: &str, text: &str) {
        self.start(name, &[]);
        self.text(text);
        self.end(name);
    }

    /// Writes `<name>text</name>` and a line break, as most lines of a feed are.
    pub fn element_line(&mut self, name: &str, text: &str) {
        self.element(name, text);
        self.line_break();
    }

    /// Ends the current line: the files keep one entry or field per line, readable in a diff.
    pub fn line_break(&mut self) {
        self.write(Event::Text(BytesText::from_escaped("\n")));
    }

    /// The document's text.
    pub fn finish(self) -> String {
        String::from_utf8(self.writer.into_inner()).expect("only `str` is ever written")
    }

    fn write(&mut self, event: Event<'_>) {
        // Writing to a `Vec` cannot fail: the only error `io::Write` could give is I/O.
        self.writer
            .write_event(event)
            .expect("writing to memory does not fail");
    }
}

/// A start tag whose attribute values are escaped by `escape`, not by quick-xml (see above).
fn tag<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
    let attributes = attributes.iter().map(|&(key, value)| Attribute {
        key: QName(key),
        value: Cow::Owned(escape(value)),
    });
    BytesStart::new(name).with_attributes(attributes)
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

    #[test]
    fn a_document_keeps_our_escaping_in_text_and_attributes() {
        let mut document = Document::new("utf-8", 0);
        document.start("feed", &[("xml:lang", "fr")]);
        document.line_break();
        document.element_line("title", "A & <B> \"c\" 'd' ]]> \u{7}\r\t😀");
        document.empty("link", &[("href", "/a&b?'c'\t\n\r\u{1}")]);
        document.line_break();
        document.end("feed");
        assert_eq!(
            document.finish(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xml:lang=\"fr\">\n\
             <title>A &amp; &lt;B&gt; &quot;c&quot; &apos;d&apos; ]]&gt; \r\t😀</title>\n\
             <link href=\"/a&amp;b?&apos;c&apos;\t\n\r\"/>\n</feed>"
        );
    }
}
