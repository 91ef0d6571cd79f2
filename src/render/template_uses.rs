//! Which templates each template reads, so that a template edit under `watch` and `serve`
//! renders only the pages whose templates it reaches, not the whole site.
//!
//! Read from the templates' text: Tera 2 names the templates of `extends` and `include` with
//! string literals only. Anything this reading is not sure of counts as reaching every page:
//! a tag it cannot read, and components, which any template may call by name.

use std::collections::{BTreeSet, HashMap, HashSet};

/// The templates each template names, read once per load of the theme.
#[derive(Debug, Default)]
pub struct TemplateUses {
    /// Template name → the templates its `extends` and `include` tags name.
    named: HashMap<String, Vec<String>>,
    /// Templates whose text this reading could not be sure of, and templates defining
    /// components.
    global: HashSet<String>,
}

impl TemplateUses {
    /// Reads every template's text, by template name.
    pub fn read<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> TemplateUses {
        let mut uses = TemplateUses::default();
        for (name, text) in sources {
            match named_templates(text) {
                Some(named) => {
                    uses.named.insert(name.to_owned(), named);
                }
                None => {
                    uses.global.insert(name.to_owned());
                }
            }
        }
        uses
    }

    /// Whether an edit of `changed` may change every page, whatever its template.
    pub fn reaches_every_page(&self, changed: &BTreeSet<String>) -> bool {
        changed.iter().any(|name| self.global.contains(name))
    }

    /// Whether rendering `template` reads any of `changed`, itself or through the templates
    /// it extends and includes, at any depth.
    pub fn reaches(&self, template: &str, changed: &BTreeSet<String>) -> bool {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut next = vec![template];
        while let Some(name) = next.pop() {
            if !seen.insert(name) {
                continue;
            }
            if changed.contains(name) || self.global.contains(name) {
                return true;
            }
            if let Some(named) = self.named.get(name) {
                next.extend(named.iter().map(String::as_str));
            }
        }
        false
    }
}

/// The templates a template's `extends` and `include` tags name; `None` when a tag is not
/// a plain string literal or the template defines components.
fn named_templates(text: &str) -> Option<Vec<String>> {
    let mut named = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        rest = &rest[start + 2..];
        let tag = rest
            .strip_prefix('-')
            .unwrap_or(rest)
            .trim_start_matches(char::is_whitespace);
        let keyword_end = tag
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tag.len());
        match &tag[..keyword_end] {
            "extends" | "include" => named.push(string_literal(&tag[keyword_end..])?),
            "component" => return None,
            _ => {}
        }
    }
    Some(named)
}

/// The string literal at the start of `text` (after spaces), without escapes.
fn string_literal(text: &str) -> Option<String> {
    let text = text.trim_start_matches(char::is_whitespace);
    let quote = text
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &text[1..];
    let end = body.find(quote)?;
    let literal = &body[..end];
    (!literal.contains('\\')).then(|| literal.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn uses(sources: &[(&str, &str)]) -> TemplateUses {
        TemplateUses::read(sources.iter().copied())
    }

    #[test]
    fn an_edit_reaches_the_templates_that_extend_or_include_it_at_any_depth() {
        let uses = uses(&[
            (
                "base.html",
                "<html>{% include \"partials/nav.html\" %}{% block content %}{% endblock content %}</html>",
            ),
            (
                "partials/nav.html",
                "<nav>{%- include 'partials/logo.html' -%}</nav>",
            ),
            ("partials/logo.html", "<img>"),
            (
                "article.html",
                "{% extends \"base.html\" %}{% block content %}{{ content }}{% endblock content %}",
            ),
            (
                "actor.html",
                "{%extends `base.html`%}{% block content %}{% include \"partials/card.html\" %}{% endblock content %}",
            ),
            ("partials/card.html", "<li>"),
            ("404.html", "<p>Not found</p>"),
        ]);
        let logo = changed(&["partials/logo.html"]);
        assert!(uses.reaches("article.html", &logo));
        assert!(uses.reaches("actor.html", &logo));
        assert!(!uses.reaches("404.html", &logo));
        let card = changed(&["partials/card.html"]);
        assert!(uses.reaches("actor.html", &card));
        assert!(!uses.reaches("article.html", &card));
        assert!(uses.reaches("article.html", &changed(&["article.html"])));
        assert!(!uses.reaches_every_page(&card));
    }

    #[test]
    fn what_the_reading_is_not_sure_of_reaches_every_page() {
        let uses = uses(&[
            (
                "macros.html",
                "{% component button(label) %}<b>{{ label }}</b>{% endcomponent button %}",
            ),
            ("odd.html", "{% include \"a\\\"b.html\" %}"),
            ("plain.html", "<p>{{ site.title }}</p>"),
            ("page.html", "{% include \"odd.html\" %}"),
        ]);
        assert!(uses.reaches_every_page(&changed(&["macros.html"])));
        assert!(uses.reaches_every_page(&changed(&["odd.html"])));
        assert!(!uses.reaches_every_page(&changed(&["plain.html"])));
        // A page reading an unsure template is reached by any edit.
        assert!(uses.reaches("page.html", &changed(&["plain.html"])));
        assert!(!uses.reaches("plain.html", &changed(&["page.html"])));
    }

    #[test]
    fn include_cycles_end() {
        let uses = uses(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% include \"a.html\" %}"),
        ]);
        assert!(!uses.reaches("a.html", &changed(&["c.html"])));
        assert!(uses.reaches("a.html", &changed(&["b.html"])));
    }
}
