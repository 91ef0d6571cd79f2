//! HTML in imported bodies kept as the source generator showed it. CommonMark ends an HTML
//! block at the first blank line and reads what follows as Markdown (paragraphs around
//! inline tags, indented lines as code), while kramdown, Jekyll's Markdown, keeps a block
//! element whole up to its end tag, and Hugo shows an `.html` page's body as it is. So the
//! blank lines inside such blocks are taken out; inside `<pre>`, where a blank line is text,
//! an empty comment holds it.

use std::sync::LazyLock;

use regex::Regex;

/// An HTML body written so that Markdown keeps it whole: one `<div>` block without blank
/// lines.
pub fn body(html: &str) -> String {
    let mut out = String::from("<div>\n");
    let mut in_pre = false;
    for line in html.lines() {
        push_line(&mut out, line, &mut in_pre);
    }
    out.push_str("</div>\n");
    out
}

/// A Markdown body as kramdown reads it: each top-level block element (`<p>`, `<ul>`,
/// `<table>` … at the start of a line) runs to its end tag, blank lines included. An element
/// never closed is left as written. Also returns how many blocks were joined.
pub fn kramdown_blocks(markdown: &str) -> (String, usize) {
    let split = split_before_blocks(markdown);
    let lines: Vec<&str> = split.iter().map(String::as_str).collect();
    let mut out = String::with_capacity(markdown.len());
    let mut joined = 0;
    let mut at = 0;
    while at < lines.len() {
        let end = block_element(lines[at]).and_then(|name| closing_line(&lines, at, name));
        match end {
            Some(end) if lines[at..=end].iter().any(|l| l.trim().is_empty()) => {
                let mut in_pre = false;
                for line in &lines[at..=end] {
                    push_line(&mut out, line, &mut in_pre);
                }
                joined += 1;
                at = end + 1;
            }
            _ => {
                out.push_str(lines[at]);
                out.push('\n');
                at += 1;
            }
        }
    }
    if !markdown.ends_with('\n') {
        out.pop();
    }
    (out, joined)
}

/// The lines of a Markdown body, a line that opens a block element after some text
/// (`Pour :<br /><ul><li>…`) cut before it when the element runs past a blank line: kramdown
/// keeps such an element whole, and on a line of its own it is an HTML block to CommonMark
/// too (one may interrupt a paragraph), so [`kramdown_blocks`] can join it.
fn split_before_blocks(markdown: &str) -> Vec<String> {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)<(ul|ol|dl|table|div|blockquote|center)[\s>]").expect("a valid pattern")
    });
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (at, line) in lines.iter().enumerate() {
        let opening = OPENING.captures(line).and_then(|found| {
            let start = found.get(0)?.start();
            let before = &line[..start];
            // Inside inline code the tag is text; at the line's start it needs no cut.
            let in_code = before.matches('`').count() % 2 == 1;
            (start > 0 && !before.trim().is_empty() && !in_code)
                .then(|| (start, found[1].to_ascii_lowercase()))
        });
        let Some((start, name)) = opening else {
            out.push((*line).to_owned());
            continue;
        };
        let mut rest = vec![&line[start..]];
        rest.extend_from_slice(&lines[at + 1..]);
        let spans_blank = closing_line(&rest, 0, name)
            .is_some_and(|end| rest[..=end].iter().any(|l| l.trim().is_empty()));
        if spans_blank {
            out.push(line[..start].to_owned());
            out.push(line[start..].to_owned());
        } else {
            out.push((*line).to_owned());
        }
    }
    out
}

/// One line of HTML kept whole: a blank line dropped, or held by a comment inside `<pre>`.
fn push_line(out: &mut String, line: &str, in_pre: &mut bool) {
    let lower = line.to_ascii_lowercase();
    if line.trim().is_empty() {
        if *in_pre {
            out.push_str("<!-- -->\n");
        }
    } else {
        out.push_str(line);
        out.push('\n');
    }
    if lower.contains("<pre") {
        *in_pre = true;
    }
    if lower.contains("</pre") {
        *in_pre = false;
    }
}

/// The block element a line opens at its start (`<p class="x">` → `p`), lowercased.
fn block_element(line: &str) -> Option<String> {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "ul",
        "ol",
        "dl",
        "table",
        "pre",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "figure",
        "center",
        "form",
    ];
    let rest = line.strip_prefix('<')?;
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let after = rest[name.len()..].chars().next();
    let ends_name = matches!(after, Some('>' | ' ' | '\t' | '/') | None);
    (BLOCKS.contains(&name.as_str()) && ends_name).then_some(name)
}

/// The line where the element opened at `start` is closed (its opening and end tags
/// counted, so nested ones of the same name are passed over), if any.
fn closing_line(lines: &[&str], start: usize, name: String) -> Option<usize> {
    static TAGS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<(/?)([a-z][a-z0-9]*)[\s>/]").expect("a valid pattern"));
    let mut depth = 0i32;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let padded = format!("{line} ");
        for tag in TAGS.captures_iter(&padded) {
            if tag[2].eq_ignore_ascii_case(&name) {
                depth += if tag[1].is_empty() { 1 } else { -1 };
            }
        }
        if depth <= 0 {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_bodies_are_one_block_and_pre_keeps_its_blank_lines() {
        assert_eq!(
            body("<p>a</p>\n\n    <p>b</p>\n<pre>x\n\ny</pre>\n"),
            "<div>\n<p>a</p>\n    <p>b</p>\n<pre>x\n<!-- -->\ny</pre>\n</div>\n"
        );
    }

    #[test]
    fn kramdown_keeps_block_elements_whole_to_their_end_tag() {
        let markdown = "<h2>T</h2>\n\n<p>La 7.4.2\n\nest sortie.\n\n</p>\n\nText *here*.\n\n<ul><li>a\n\n<ul><li>b</li></ul>\n\n</li></ul>\n<p>never closed\n\nMarkdown *after*.\n";
        let (out, joined) = kramdown_blocks(markdown);
        assert_eq!(
            out,
            "<h2>T</h2>\n\n<p>La 7.4.2\nest sortie.\n</p>\n\nText *here*.\n\n<ul><li>a\n<ul><li>b</li></ul>\n</li></ul>\n<p>never closed\n\nMarkdown *after*.\n"
        );
        assert_eq!(joined, 2);
        let (mid_line, joined) = kramdown_blocks(
            "Voici :<br /><ul><li>a</li>\n\n<li>b</li>\n\n</ul>Fin.\n\nSee `<ul>` and <ul><li>c</li></ul>\n",
        );
        assert_eq!(
            mid_line,
            "Voici :<br />\n<ul><li>a</li>\n<li>b</li>\n</ul>Fin.\n\nSee `<ul>` and <ul><li>c</li></ul>\n"
        );
        assert_eq!(joined, 1);
        assert_eq!(block_element("<pre class=x>"), Some("pre".to_owned()));
        assert_eq!(block_element("<product>"), None);
        assert_eq!(block_element("  <p>"), None);
    }
}
