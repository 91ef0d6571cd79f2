//! Reading a Tera template's tags without Tera: where each `{{ … }}`, `{% … %}` and `{# … #}`
//! starts and ends, and which of the context's variables the tags read.
//!
//! Two readers need this and must agree: the template minifier, which masks every tag before
//! minify-html sees the text, and the template reach of `watch` and `serve`, which decides
//! which pages an edit or a new article can change. Both go through this one scanner, so a
//! quote holding `%}` or a `{% raw %}` block is read the same way by each.

use std::collections::BTreeSet;

/// Whether a Tera tag (`{{`, `{%` or `{#`) starts at byte `i`.
pub(crate) fn starts_tag(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&b'{') && matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#'))
}

/// The end (after the closing delimiter) of the Tera tag starting at `start`. Quotes in
/// expressions may hold the closing delimiter; a `{% raw %}` tag ends after its
/// `{% endraw %}`. `None` when the tag is never closed.
pub(crate) fn tag_end(source: &str, start: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let closing = match bytes[start + 1] {
        b'{' => b'}',
        b'%' => b'%',
        _ => return source[start + 2..].find("#}").map(|at| start + 2 + at + 2),
    };
    let mut quote: Option<u8> = None;
    let mut i = start + 2;
    while i + 1 < bytes.len() {
        let byte = bytes[i];
        match quote {
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if matches!(byte, b'"' | b'\'' | b'`') => quote = Some(byte),
            None if byte == closing && bytes[i + 1] == b'}' => {
                let end = i + 2;
                return if closing == b'%' && statement(&source[start..end]) == "raw" {
                    raw_end(source, end)
                } else {
                    Some(end)
                };
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// The words of a `{% … %}` tag without its delimiters and whitespace controls.
pub(crate) fn statement(tag: &str) -> &str {
    tag.trim_start_matches("{%")
        .trim_end_matches("%}")
        .trim_matches('-')
        .trim()
}

/// The end of the `{% endraw %}` closing a raw block whose opening tag ends at `from`.
fn raw_end(source: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = source[at..].find("{%") {
        let start = at + found;
        let end = start + source[start..].find("%}")? + 2;
        if statement(&source[start..end]) == "endraw" {
            return Some(end);
        }
        at = end;
    }
    None
}

/// Whether a tag is a `{% raw %}` block, whose text is shown, not read.
fn is_raw_block(tag: &str) -> bool {
    tag.starts_with("{%")
        && tag
            .find("%}")
            .is_some_and(|end| statement(&tag[..end + 2]) == "raw")
}

/// A template's tags, in order, as source slices (delimiters included; a raw block is one
/// tag). `None` when a tag is never closed.
pub(crate) fn tags(source: &str) -> Option<Vec<&str>> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if starts_tag(bytes, i) {
            let end = tag_end(source, i)?;
            found.push(&source[i..end]);
            i = end;
        } else {
            i += 1;
        }
    }
    Some(found)
}

/// How the tags of a template read one variable of the context (`site`, `page`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct VariableUse {
    /// Read whole: looped over, set to another name, passed to a filter or a function,
    /// indexed with `[…]`, printed. Any of its fields may then show.
    pub whole: bool,
    /// The fields read by name (`site.title` gives `title`).
    pub fields: BTreeSet<String>,
}

impl VariableUse {
    /// Whether the template may show any of `fields`.
    pub(crate) fn may_show(&self, fields: &[&str]) -> bool {
        self.whole || fields.iter().any(|field| self.fields.contains(*field))
    }
}

/// How the expression and statement tags of `tags` read the variable `name`. Tera's
/// `__tera_context` (the whole context) counts as reading every variable whole.
pub(crate) fn variable_use(tags: &[&str], name: &str) -> VariableUse {
    let mut found = VariableUse::default();
    for tag in tags
        .iter()
        .filter(|tag| !tag.starts_with("{#") && !is_raw_block(tag))
    {
        let inner = &tag[2..tag.len().saturating_sub(2).max(2)];
        for (identifier, next) in identifiers(inner) {
            if identifier == "__tera_context" {
                found.whole = true;
            } else if identifier == name {
                match next {
                    Some(field) => {
                        found.fields.insert(field.to_owned());
                    }
                    None => found.whole = true,
                }
            }
        }
    }
    found
}

/// The variables an expression reads (identifiers not after a `.`, outside string literals),
/// each with the field read from it by `.name`, if one is.
fn identifiers(expression: &str) -> Vec<(&str, Option<&str>)> {
    let bytes = expression.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let mut after_dot = false;
    while i < bytes.len() {
        let byte = bytes[i];
        if matches!(byte, b'"' | b'\'' | b'`') {
            i += expression[i + 1..]
                .find(byte as char)
                .map_or(bytes.len(), |at| at + 2);
            after_dot = false;
        } else if byte.is_ascii_alphabetic() || byte == b'_' {
            let end = identifier_end(bytes, i);
            if !after_dot {
                found.push((&expression[i..end], field_after(expression, end)));
            }
            i = end;
            after_dot = false;
        } else if byte.is_ascii_digit() {
            // A number (`1.5`): its dot reads no field.
            i = identifier_end(bytes, i);
        } else {
            after_dot = byte == b'.' || (after_dot && byte.is_ascii_whitespace());
            i += 1;
        }
    }
    found
}

fn identifier_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .map_or(bytes.len(), |at| start + at)
}

/// The field named right after `at` (`.title`, spaces allowed around the dot).
fn field_after(expression: &str, at: usize) -> Option<&str> {
    let rest = expression[at..].trim_start();
    let rest = rest.strip_prefix('.')?.trim_start();
    let start = expression.len() - rest.len();
    let bytes = expression.as_bytes();
    let starts_identifier = bytes
        .get(start)
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
    starts_identifier.then(|| &expression[start..identifier_end(bytes, start)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn use_of(template: &str, name: &str) -> VariableUse {
        variable_use(&tags(template).expect("closed tags"), name)
    }

    #[test]
    fn tags_are_found_with_quotes_and_raw_blocks_whole() {
        let found = tags("a{{ \"%}\" }}b{% raw %}{{ x }}{% endraw %}{# c #}").unwrap();
        assert_eq!(
            found,
            ["{{ \"%}\" }}", "{% raw %}{{ x }}{% endraw %}", "{# c #}"]
        );
        assert_eq!(tags("{{ open"), None);
    }

    #[test]
    fn fields_read_by_name_are_told_apart_from_whole_reads() {
        let named = use_of(
            "{{ site.title }}{% if site . article_count %}{% endif %}",
            "site",
        );
        assert!(!named.whole);
        assert_eq!(
            named.fields.iter().map(String::as_str).collect::<Vec<_>>(),
            ["article_count", "title"]
        );
        for whole in [
            "{% for k, v in site %}{{ k }}={{ v }};{% endfor %}",
            "{% set s = site %}{{ s.article_count }}",
            "{{ site | json_encode }}",
            "{{ site[\"article_count\"] }}",
            "{{ __tera_context }}",
            "{{site}}",
        ] {
            assert!(use_of(whole, "site").whole, "{whole}");
        }
    }

    #[test]
    fn names_in_strings_fields_and_comments_are_not_reads() {
        for not_read in [
            "{{ \"site\" }}",
            "{{ page.site }}",
            "{{ mysite }}{{ site_name }}",
            "{# site #}",
            "<p>site</p>",
            "{{ 1.5 }}",
        ] {
            let found = use_of(not_read, "site");
            assert!(!found.whole && found.fields.is_empty(), "{not_read}");
        }
        assert!(
            use_of("{{ t.site }}{{ page.structured_data }}", "page").may_show(&["structured_data"])
        );
    }
}
