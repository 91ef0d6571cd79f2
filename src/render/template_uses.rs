//! Which templates each template reads, so that a template edit under `watch` and `serve`
//! renders only the pages whose templates it reaches, not the whole site; and which templates
//! show the site's counts, so that a new or deleted article renders the pages that show them.
//!
//! Read from the templates' tags ([`super::tera_tags`], the scanner the template minifier
//! uses too): Tera 2 names the templates of `extends` and `include` with string literals only.
//! Anything this reading is not sure of counts as reaching every page: a tag it cannot read,
//! and components, which any template may call by name. A template that reads `site` whole
//! (a loop over it, `set x = site`, a filter on it) may show any count.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::tera_tags::{self, statement};

/// The fields of `site` that change when an article is added or removed.
pub const SITE_COUNTS: [&str; 4] = ["article_count", "actor_count", "author_count", "tag_count"];

/// The templates each template names, read once per load of the theme.
#[derive(Debug, Default)]
pub struct TemplateUses {
    /// Template name → the templates its `extends` and `include` tags name.
    named: HashMap<String, Vec<String>>,
    /// Templates whose text this reading could not be sure of, and templates defining
    /// components.
    global: HashSet<String>,
    /// Templates that may show the site's counts themselves (not through another).
    shows_counts: HashSet<String>,
}

impl TemplateUses {
    /// Reads every template's text, by template name.
    pub fn read<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> TemplateUses {
        let mut uses = TemplateUses::default();
        for (name, text) in sources {
            let Some(tags) = tera_tags::tags(text) else {
                uses.global.insert(name.to_owned());
                continue;
            };
            if tera_tags::variable_use(&tags, "site").may_show(&SITE_COUNTS) {
                uses.shows_counts.insert(name.to_owned());
            }
            match named_templates(&tags) {
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
        self.reaches_any(template, |name| changed.contains(name))
    }

    /// Whether a page rendered with `template` may show the site's article, actor or tag
    /// counts, itself or through the templates it extends and includes.
    pub fn shows_site_counts(&self, template: &str) -> bool {
        self.reaches_any(template, |name| self.shows_counts.contains(name))
    }

    /// Whether any template may show the site's counts.
    pub fn any_shows_site_counts(&self) -> bool {
        !self.shows_counts.is_empty() || !self.global.is_empty()
    }

    fn reaches_any(&self, template: &str, wanted: impl Fn(&str) -> bool) -> bool {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut next = vec![template];
        while let Some(name) = next.pop() {
            if !seen.insert(name) {
                continue;
            }
            if wanted(name) || self.global.contains(name) {
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
fn named_templates(tags: &[&str]) -> Option<Vec<String>> {
    let mut named = Vec::new();
    for tag in tags.iter().filter(|tag| tag.starts_with("{%")) {
        let words = statement(tag);
        let keyword_end = words
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(words.len());
        match &words[..keyword_end] {
            "extends" | "include" => named.push(string_literal(&words[keyword_end..])?),
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

    #[test]
    fn templates_reading_site_whole_or_its_counts_show_the_counts() {
        let uses = uses(&[
            (
                "base.html",
                "<footer>{% include \"partials/footer.html\" %}</footer>{% block content %}{% endblock content %}",
            ),
            (
                "partials/footer.html",
                "{% for k, v in site %}{{ k }}={{ v }};{% endfor %}",
            ),
            ("article.html", "{% extends \"base.html\" %}"),
            ("tag.html", "<p>{{ site.title }}</p>"),
            ("actor.html", "<p>{{ site.actor_count }}</p>"),
        ]);
        assert!(uses.shows_site_counts("article.html"));
        assert!(uses.shows_site_counts("actor.html"));
        assert!(!uses.shows_site_counts("tag.html"));
        assert!(uses.any_shows_site_counts());
        let quiet = self::uses(&[("a.html", "{{ site.title }}{{ \"site\" }}")]);
        assert!(!quiet.any_shows_site_counts());
    }
}
