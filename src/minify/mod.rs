//! HTML minification with one fixed, conservative configuration.
//!
//! Closing tags, `<html>`/`<head>` and entities are kept as written so pages stay valid for
//! every parser, not only browsers (feed readers, archivers, screen readers' buffers). Inline
//! CSS is minified; JavaScript is left untouched because JS minifiers have broken scripts.
//! Templates are minified once where that is sound ([`template`]), pages one by one otherwise.

pub mod template;

pub use template::minify_template;

/// Minifies one HTML page.
pub fn minify(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, &config())
}

fn config() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        keep_ssi_comments: true,
        minify_css: true,
        minify_js: false,
        minify_doctype: false,
        allow_optimal_entities: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        ..minify_html::Cfg::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(html: &str) -> String {
        String::from_utf8(minify(html.as_bytes())).unwrap()
    }

    #[test]
    fn entities_keep_their_meaning() {
        // Escaped text must stay escaped: `&amp;copy;` is the text "&copy;", not "©".
        let out = min("<p>&amp;copy; &amp;amp; &lt;script&gt; &amp;lt; caf&eacute; 5&nbsp;€</p>");
        assert!(
            out.contains("&amp;copy;") && out.contains("&amp;amp;"),
            "{out}"
        );
        assert!(
            out.contains("&lt;script") && !out.contains("<script"),
            "{out}"
        );
        assert!(out.contains("&amp;lt;"), "{out}");
        assert!(out.contains("café") || out.contains("caf&eacute;"), "{out}");
        assert!(
            out.contains("5\u{a0}€") || out.contains("5&nbsp;€"),
            "{out}"
        );
        let attribute = min("<a title=\"&quot;q&quot; &amp;copy;\" href=\"/a?x=1&amp;y=2\">l</a>");
        assert!(attribute.contains("&amp;copy;"), "{attribute}");
    }

    #[test]
    fn closing_structure_is_kept() {
        let out = min(
            "<!doctype html><html lang=fr><head><title>x</title></head><body><ul><li>a</li><li>b</li></ul><p>c</p></body></html>",
        );
        assert!(out.contains("<html lang=fr>"), "{out}");
        assert!(out.contains("</li><li>b</li></ul>"), "{out}");
        assert!(out.contains("</p></body></html>"), "{out}");
    }

    #[test]
    fn scripts_are_left_intact() {
        let script = "<script>\n  // keep me\n  var a = 1 < 2 && \"</p>\".length;\n  if (a) { console.log('x') }\n</script>";
        let out = min(&format!("<body>{script}</body>"));
        assert!(
            out.contains("// keep me\n  var a = 1 < 2 && \"</p>\".length;"),
            "{out}"
        );
    }

    #[test]
    fn whitespace_inside_pre_is_kept() {
        let out = min("<pre>a\n    b</pre>  <p>  x   y </p>");
        assert!(out.contains("<pre>a\n    b</pre>"), "{out}");
    }
}
