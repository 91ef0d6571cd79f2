//! The prose of an article's body, line by line, as `actors suggest` reads it.
//!
//! Markdown and the HTML and template tags imported archives carry are masked with spaces
//! rather than removed, so that every byte keeps its place: a name found in a masked line is
//! at the same column of the same line of the source file, and an example sentence can cite
//! its line. Code blocks, headings (title case would pass for names), tables and link targets
//! are not prose and are masked whole.

/// One line of prose: its 1-based line in the file, its masked text, and whether it starts a
/// sentence (after a blank line, a heading or a sentence that ended on the line before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: String,
    pub starts_sentence: bool,
    /// The [`line_hash`] of the line as written, to recognise boilerplate.
    pub raw: u64,
    /// The lines of the file joined after this one (see [`join_wrapped`]): where each
    /// starts in `text`, and its number.
    pub joined: Vec<(usize, usize)>,
}

impl Line {
    /// The line of the file byte `at` of `text` is on, and its byte in that line.
    pub fn position(&self, at: usize) -> (usize, usize) {
        match self.joined.iter().rev().find(|(start, _)| *start <= at) {
            Some(&(start, number)) => (number, at - start),
            None => (self.number, at),
        }
    }
}

/// Lines of one paragraph wrapped by hand, joined with a space where the line break was:
/// "the General Services\nAdministration" is one name. A line joins the one before when it
/// follows it in the file and opens no sentence (see [`Line::starts_sentence`]).
pub fn join_wrapped(lines: Vec<Line>) -> Vec<Line> {
    let mut joined: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        let follows = joined.last().is_some_and(|last| {
            let last_number = last.joined.last().map_or(last.number, |&(_, n)| n);
            line.number == last_number + 1 && !line.starts_sentence
        });
        match joined.last_mut() {
            Some(last) if follows => {
                last.text.push(' ');
                let start = last.text.len();
                last.text.push_str(&line.text);
                last.joined.push((start, line.number));
            }
            _ => joined.push(line),
        }
    }
    joined
}

/// The hash a line is recognised by across articles (its text, trimmed).
pub fn line_hash(line: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(line.trim())
}

/// The prose lines of a body whose first line is line `first` of its file.
pub fn prose_lines(body: &str, first: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    let mut sentence_open = false;
    for (index, raw) in body.lines().enumerate() {
        let trimmed = raw.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
            sentence_open = false;
            continue;
        }
        let (text, still_in_comment) = mask_line(raw, in_comment);
        in_comment = still_in_comment;
        let html_heading = trimmed.len() > 3
            && trimmed.as_bytes()[0] == b'<'
            && trimmed.as_bytes()[1].eq_ignore_ascii_case(&b'h')
            && trimmed.as_bytes()[2].is_ascii_digit();
        let skipped = trimmed.starts_with('#')
            || trimmed.starts_with('|')
            || raw.starts_with("    ")
            || html_heading;
        if skipped || text.trim().is_empty() {
            sentence_open = false;
            continue;
        }
        let list_item = is_block_start(trimmed);
        let ends = ends_sentence(&text);
        lines.push(Line {
            number: first + index,
            starts_sentence: !sentence_open || list_item,
            text,
            raw: line_hash(raw),
            joined: Vec::new(),
        });
        sentence_open = !ends;
    }
    lines
}

/// A list item or a quotation: a new sentence even inside a paragraph.
fn is_block_start(trimmed: &str) -> bool {
    let marker = trimmed.split(' ').next().unwrap_or("");
    matches!(marker, "-" | "*" | "+" | ">")
        || (marker.ends_with('.')
            && marker[..marker.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit())
            && marker.len() > 1)
}

fn ends_sentence(text: &str) -> bool {
    let end = text.trim_end();
    end.ends_with(['.', '!', '?', '…', ':', '»', '"', '”'])
}

/// The line with its markup replaced by spaces (same length in bytes); whether an HTML
/// comment is still open at its end.
pub fn mask_line(line: &str, mut in_comment: bool) -> (String, bool) {
    let mut bytes = line.as_bytes().to_vec();
    let mut at = 0;
    while at < bytes.len() {
        if in_comment {
            let close = find(&bytes, at, b"-->");
            let end = close.map_or(bytes.len(), |i| i + 3);
            blank(&mut bytes, at, end);
            in_comment = close.is_none();
            at = end;
            continue;
        }
        // Most bytes of prose start no markup: skipped by a table look-up rather than by
        // trying every kind of markup at each of them.
        match bytes[at..]
            .iter()
            .position(|&b| MARKUP_START[usize::from(b)])
        {
            Some(skip) => at += skip,
            None => break,
        }
        at = mask_at(&mut bytes, at, &mut in_comment);
    }
    // Only ASCII bytes were replaced by ASCII spaces: the text is still UTF-8.
    (
        String::from_utf8(bytes).expect("masking keeps UTF-8"),
        in_comment,
    )
}

/// The bytes markup may start with (see [`mask_at`]): `<!--`, `{{`, `{%`, `` ` ``, `![`,
/// `](`, `][`, tags, entities, addresses (`http`, `www.`) and the emphasis and quoting marks.
const MARKUP_START: [bool; 256] = {
    let mut table = [false; 256];
    let starts = b"<{`!]&hw*_[#>\\|~";
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// Masks the markup starting at byte `at`, if any; returns where to go on.
fn mask_at(bytes: &mut [u8], at: usize, in_comment: &mut bool) -> usize {
    let rest = &bytes[at..];
    let closing = |open: &[u8], close: &[u8]| -> Option<usize> {
        rest.starts_with(open)
            .then(|| find(bytes, at + open.len(), close).map(|i| i + close.len()))
            .flatten()
    };
    if rest.starts_with(b"<!--") {
        *in_comment = true;
        return at;
    }
    let end = closing(b"{{", b"}}")
        .or_else(|| closing(b"{%", b"%}"))
        .or_else(|| closing(b"`", b"`"))
        .or_else(|| closing(b"![", b")"))
        .or_else(|| closing(b"](", b")"))
        .or_else(|| closing(b"][", b"]"))
        .or_else(|| tag_end(bytes, at))
        .or_else(|| entity_end(bytes, at))
        .or_else(|| address_end(bytes, at));
    match end {
        Some(end) => {
            let block = is_block_tag(&bytes[at..end.min(bytes.len())]);
            blank(bytes, at, end);
            if block {
                // A paragraph or a list item starts a sentence: `¶` says so to the reader.
                bytes[at..at + 2].copy_from_slice("¶".as_bytes());
            }
            end
        }
        None => {
            if matches!(
                bytes[at],
                b'*' | b'_' | b'[' | b']' | b'#' | b'>' | b'\\' | b'|' | b'~'
            ) {
                bytes[at] = b' ';
            }
            at + 1
        }
    }
}

/// `<p>`, `</li>`, `<br/>`, `<div class=…>`: an HTML tag that starts or ends a block.
fn is_block_tag(tag: &[u8]) -> bool {
    let name: Vec<u8> = tag
        .iter()
        .skip(1)
        .skip_while(|b| **b == b'/')
        .take_while(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect();
    tag.len() >= 3
        && tag[0] == b'<'
        && matches!(
            name.as_slice(),
            b"p" | b"li"
                | b"br"
                | b"div"
                | b"td"
                | b"th"
                | b"tr"
                | b"ul"
                | b"ol"
                | b"dd"
                | b"dt"
                | b"blockquote"
                | b"h1"
                | b"h2"
                | b"h3"
                | b"h4"
                | b"h5"
                | b"h6"
                | b"hr"
                | b"table"
        )
}

/// `<tag …>` or `</tag>`: a `<` followed by a letter or `/`.
fn tag_end(bytes: &[u8], at: usize) -> Option<usize> {
    let next = *bytes.get(at + 1)?;
    (bytes[at] == b'<' && (next.is_ascii_alphabetic() || next == b'/'))
        .then(|| find(bytes, at, b">").map(|i| i + 1))
        .flatten()
}

/// `&amp;`, `&#8220;`: up to ten characters, then `;`.
fn entity_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes[at] != b'&' {
        return None;
    }
    let end = bytes[at + 1..]
        .iter()
        .take(10)
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'#'))?;
    (end > 0 && bytes[at + 1 + end] == b';').then_some(at + end + 2)
}

/// A bare web address, up to the next space.
fn address_end(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = &bytes[at..];
    let starts =
        rest.starts_with(b"http://") || rest.starts_with(b"https://") || rest.starts_with(b"www.");
    starts.then(|| {
        rest.iter()
            .position(|b| b.is_ascii_whitespace())
            .map_or(bytes.len(), |i| at + i)
    })
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

fn blank(bytes: &mut [u8], start: usize, end: usize) {
    let end = end.min(bytes.len());
    for byte in &mut bytes[start..end] {
        // Non-ASCII bytes inside markup (an accented link target) are blanked too: every
        // byte of the character goes, so the text stays UTF-8.
        *byte = b' ';
    }
}

/// The sentence of `text` around byte `at`: from after the previous sentence end to the next
/// one. Both are searched from `at` outwards, so a long line costs only its sentence.
pub fn sentence_around(text: &str, at: usize) -> (usize, usize) {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '…' | '¶');
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            let after = i + c.len_utf8();
            is_end(c) && text[after..].starts_with(' ') && !is_abbreviation(&text[..i])
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|&(i, c)| {
            let after = at + i + c.len_utf8();
            is_end(c)
                && text[after..].chars().next().is_none_or(char::is_whitespace)
                && !is_abbreviation(&text[..at + i])
        })
        .map_or(text.len(), |(i, c)| at + i + c.len_utf8());
    (start, end)
}

/// Whether a full stop after `before` ends an abbreviation ("M.", "Dr.", "J.") rather than a
/// sentence.
pub fn is_abbreviation(before: &str) -> bool {
    // The word before the full stop, as a slice (this runs at every sentence end).
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[start..];
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let single_capital = chars.next().is_none();
    single_capital || super::words::Lexicon::get().is_honorific(&super::words::fold_word(word))
}

/// The example text of a sentence: spaces collapsed, cut at about 300 bytes.
pub fn tidy(sentence: &str) -> String {
    // Most names are written plainly: nothing to collapse or remove (this runs per mention).
    let plain = sentence.len() <= 300
        && !sentence.contains("  ")
        && !sentence.contains(" ,")
        && !sentence.contains('¶')
        && !sentence.contains(|c: char| c.is_whitespace() && c != ' ')
        && sentence.trim().len() == sentence.len();
    if plain {
        return sentence.to_owned();
    }
    // A space left where markup was masked before a comma ("*Atlas* ,") goes too.
    let mut tidy = sentence
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace('¶', "")
        .trim()
        .to_owned();
    if tidy.len() > 300 {
        let cut = (0..=300)
            .rev()
            .find(|&i| tidy.is_char_boundary(i))
            .unwrap_or(0);
        tidy.truncate(cut);
        tidy.push('…');
    }
    tidy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_blocks_mark_sentence_starts_and_headings_are_skipped() {
        let (masked, _) = mask_line("<li>Add this</li><li>Use that", false);
        let words: Vec<&str> = masked.split_whitespace().collect();
        assert_eq!(words, ["¶", "Add", "this¶", "¶", "Use", "that"]);
        assert_eq!(masked.len(), "<li>Add this</li><li>Use that".len());
        let lines = prose_lines("<h2>Open Data Now</h2>\n<p>Text</p>\n", 1);
        assert_eq!(lines.len(), 1);
        assert_eq!(tidy("¶Add this ¶"), "Add this");
    }

    #[test]
    fn markup_is_masked_in_place() {
        let (masked, _) = mask_line(
            "Le **Port** de [Rivemont](https://x.org/a) `code` <b>x</b> &amp; y",
            false,
        );
        assert_eq!(
            masked.len(),
            "Le **Port** de [Rivemont](https://x.org/a) `code` <b>x</b> &amp; y".len()
        );
        assert_eq!(
            masked.split_whitespace().collect::<Vec<_>>(),
            ["Le", "Port", "de", "Rivemont", "x", "y"]
        );
        let (masked, open) = mask_line("avant <!-- Commentaire", false);
        assert_eq!((masked.trim(), open), ("avant", true));
        let (masked, open) = mask_line("Caché --> Visible", true);
        assert_eq!((masked.trim(), open), ("Visible", false));
        let (masked, _) = mask_line(
            "{{< img src=\"X\" >}} voir www.example.org/Paris ici",
            false,
        );
        assert_eq!(
            masked.split_whitespace().collect::<Vec<_>>(),
            ["voir", "ici"]
        );
    }

    #[test]
    fn code_headings_and_tables_are_not_prose() {
        let body = "Texte.\n\n## Titre Avec Capitales\n\n```\nCode Ici\n```\n| A | B |\nSuite du texte\net la fin.\n";
        let lines = prose_lines(body, 10);
        let numbers: Vec<(usize, bool)> = lines
            .iter()
            .map(|l| (l.number, l.starts_sentence))
            .collect();
        assert_eq!(numbers, [(10, true), (18, true), (19, false)]);
    }

    #[test]
    fn a_paragraph_wrapped_by_hand_is_read_as_one_line() {
        let body = "The General Services\nAdministration said so.\n\nOther text\n- a list item\n";
        let lines = join_wrapped(prose_lines(body, 5));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The General Services Administration said so.",
                "Other text",
                "- a list item"
            ]
        );
        let at = texts[0].find("Administration").unwrap();
        assert_eq!(lines[0].position(at), (6, 0));
        assert_eq!(lines[0].position(4), (5, 4));
    }

    #[test]
    fn sentences_are_cut_at_their_ends_but_not_after_honorifics() {
        let text = "Il pleut. Selon M. Kerry, tout va bien. Fin";
        let at = text.find("Kerry").unwrap();
        let (start, end) = sentence_around(text, at);
        assert_eq!(text[start..end].trim(), "Selon M. Kerry, tout va bien.");
    }
}
