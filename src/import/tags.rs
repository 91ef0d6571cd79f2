//! Template tags in post bodies resolved, so readers never see `{{< youtube x >}}` or
//! `{{ site.baseurl }}`: values from the source site's configuration, links to other posts
//! turned into their new URLs, common shortcodes and includes turned into Markdown, and old
//! Markdown dialects (kramdown's) rewritten. Code (fenced blocks, inline code) is left alone:
//! a tutorial that shows a tag means it. What is left is listed by the caller, as before.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::urls::SourceSite;

/// What resolves tags that point elsewhere.
pub struct Context<'a> {
    pub site: &'a SourceSite,
    /// New URL of each post, by file name, file stem (`2016-01-01-x`) and path.
    pub posts: &'a HashMap<String, String>,
    /// The body is HTML: what replaces a tag is HTML too (Markdown is not read there).
    pub html: bool,
    /// The post's own front matter (keys lowercased), for `{{ page.x }}`.
    pub page: &'a serde_yaml::Mapping,
}

/// The body with tags resolved, and a note per kind of change: (line, what).
pub fn resolve(body: &str, context: &Context<'_>) -> (String, Vec<(usize, String)>) {
    let mut notes = Vec::new();
    let body = highlight_blocks(body, &mut notes);
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<String> = None;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_owned());
            out.push_str(line);
            continue;
        }
        out.push_str(&resolve_line(line, n + 1, context, &mut notes));
    }
    (out, notes)
}

/// `{% highlight ruby %}…{% endhighlight %}` → a fenced code block.
fn highlight_blocks(body: &str, notes: &mut Vec<(usize, String)>) -> String {
    static HIGHLIGHT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?s)\{%-?\s*highlight\s+([\w+#-]*)[^%]*-?%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}",
        )
        .expect("a valid pattern")
    });
    HIGHLIGHT
        .replace_all(body, |c: &Captures<'_>| {
            let line = super::line_of(body, c.get(0).map_or(0, |m| m.start()));
            notes.push((
                line,
                "`{% highlight %}` block written as fenced code".to_owned(),
            ));
            format!("```{}\n{}\n```", &c[1], &c[2])
        })
        .into_owned()
}

/// One line outside code blocks: tags outside inline code replaced.
fn resolve_line(
    line: &str,
    number: usize,
    context: &Context<'_>,
    notes: &mut Vec<(usize, String)>,
) -> String {
    let line = dialects(line, number, notes);
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for found in TAG.find_iter(&line) {
        if in_inline_code(&line[..found.start()]) {
            continue;
        }
        let Some((replacement, what)) = replace(found.as_str(), context) else {
            continue;
        };
        out.push_str(&line[last..found.start()]);
        out.push_str(&replacement);
        last = found.end();
        notes.push((number, what));
    }
    out.push_str(&line[last..]);
    out
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}").expect("a valid pattern")
});

/// An odd number of backticks before: the tag is inside inline code.
fn in_inline_code(before: &str) -> bool {
    before.matches('`').count() % 2 == 1
}

/// A tag's replacement and the note saying what became of it; `None` keeps it.
fn replace(tag: &str, context: &Context<'_>) -> Option<(String, String)> {
    let (kind, inner) = if let Some(i) = tag.strip_prefix("{{<").or(tag.strip_prefix("{{%")) {
        ("hugo", i[..i.len() - 3].trim())
    } else if let Some(i) = tag.strip_prefix("{%") {
        ("liquid", i[..i.len() - 2].trim_matches(['-', ' ']))
    } else {
        ("output", tag[2..tag.len() - 2].trim_matches(['-', ' ']))
    };
    let words = arguments(inner);
    let name = words.first()?.1.as_str();
    let shown: String = tag.chars().take(60).collect();
    let done = |text: String, what: &str| Some((text, format!("{what}: {shown}")));
    match (kind, name) {
        ("hugo", "param") => {
            let key = positional(&words, 1)?;
            let value = context
                .site
                .value(&format!("params.{key}"))
                .or_else(|| context.site.value(key))?;
            done(value, "filled from the source configuration")
        }
        ("hugo", "ref" | "relref") => {
            let target = positional(&words, 1)?;
            match post_url(context, target) {
                Some(url) => done(url, "link to another post resolved"),
                None => done(
                    hugo_page_url(target)?,
                    "link to a page that was not imported: its old URL written, which this site does not answer",
                ),
            }
        }
        ("hugo", "figure") => done(figure(&words, context.html)?, "figure written as an image"),
        ("hugo", "youtube") => {
            let id = named(&words, "id").or(positional(&words, 1))?;
            let url = format!("https://www.youtube.com/watch?v={id}");
            done(
                link("Video on YouTube", &url, context.html),
                "YouTube video written as a link",
            )
        }
        ("hugo", "vimeo") => {
            let id = named(&words, "id").or(positional(&words, 1))?;
            let url = format!("https://vimeo.com/{id}");
            done(
                link("Video on Vimeo", &url, context.html),
                "Vimeo video written as a link",
            )
        }
        ("hugo", "tweet") => {
            let id = named(&words, "id")
                .or(positional(&words, 2))
                .or(positional(&words, 1))?;
            let user = named(&words, "user")
                .or(positional(&words, 1).filter(|u| *u != id))
                .unwrap_or("i");
            let url = format!("https://twitter.com/{user}/status/{id}");
            done(
                link("Post on X (Twitter)", &url, context.html),
                "tweet written as a link",
            )
        }
        ("hugo", "gist") => {
            let user = positional(&words, 1)?;
            let id = positional(&words, 2)?;
            let url = format!("https://gist.github.com/{user}/{id}");
            done(
                link(&format!("Gist {id}"), &url, context.html),
                "gist written as a link",
            )
        }
        ("liquid", "post_url") => done(
            post_url(context, positional(&words, 1)?)?,
            "link to another post resolved",
        ),
        ("liquid", "link") => done(
            post_url(context, positional(&words, 1)?)?,
            "link to another post resolved",
        ),
        ("liquid", "include") if is_image_include(&words) => done(
            figure(&words, context.html)?,
            "image include written as an image",
        ),
        ("liquid", "raw" | "endraw") => done(String::new(), "`{% raw %}` marker removed"),
        ("liquid", "oembed") => {
            let url = positional(&words, 1).filter(|u| u.starts_with("http"))?;
            done(link(url, url, context.html), "embed written as a link")
        }
        ("output", _) => output(inner, context),
        _ => None,
    }
}

/// `{{ site.baseurl }}`, `{{ site.x }}`, `{{ "/x/" | url }}`: Liquid output from the
/// configuration. The old site's own address and base path become nothing: the archive now
/// lives at the root of this site, where its old paths redirect.
fn output(inner: &str, context: &Context<'_>) -> Option<(String, String)> {
    let shown = format!("{{{{ {inner} }}}}");
    let mut parts = inner.split('|').map(str::trim);
    let value = parts.next()?;
    let filters: Vec<&str> = parts.collect();
    let plain_filters = filters.iter().all(|f| {
        matches!(
            *f,
            "url" | "relative_url" | "absolute_url" | "prepend: site.baseurl" | "prepend: site.url"
        )
    });
    if !plain_filters {
        return None;
    }
    if let Some(quoted) = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
    {
        return Some((quoted.to_owned(), format!("URL filter resolved: {shown}")));
    }
    if let Some(key) = value.strip_prefix("page.") {
        let filled = page_value(context.page, key)?;
        return Some((
            filled,
            format!("filled from the post's front matter: {shown}"),
        ));
    }
    let key = value.strip_prefix("site.")?;
    let filled = match key {
        "baseurl" | "url" | "github.url" => String::new(),
        other => context.site.value(other)?,
    };
    Some((
        filled,
        format!("filled from the source configuration: {shown}"),
    ))
}

/// The new URL of a post named by path, file name or stem (a `#anchor` kept).
fn post_url(context: &Context<'_>, target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (target, String::new()),
    };
    let path = path.trim_start_matches('/');
    let stem = std::path::Path::new(path).file_stem()?.to_string_lossy();
    let found = context
        .posts
        .get(path)
        .or_else(|| context.posts.get(stem.as_ref()))?;
    Some(format!("{found}{anchor}"))
}

/// `{{ page.x }}`: a scalar of the post's own front matter (keys are lowercased there).
fn page_value(page: &serde_yaml::Mapping, key: &str) -> Option<String> {
    match page.get(key.to_lowercase().as_str())? {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The URL Hugo gave a content page that `ref` names (`communities/social.md#a` →
/// `/communities/social/#a`): its path without extension or `index`, lowercased. A page
/// that was not imported keeps a link to where it was rather than a tag shown to readers.
fn hugo_page_url(target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (target, String::new()),
    };
    let path = path.trim_matches('/');
    if path.is_empty() || path.contains("://") {
        return None;
    }
    let without_ext = match path.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => stem,
        _ => path,
    };
    let folder = without_ext
        .strip_suffix("/_index")
        .or_else(|| without_ext.strip_suffix("/index"))
        .unwrap_or(without_ext);
    Some(format!("/{}/{anchor}", folder.to_lowercase()))
}

fn is_image_include(words: &[(Option<String>, String)]) -> bool {
    positional(words, 1).is_some_and(|file| {
        let file = file.to_ascii_lowercase();
        file.contains("figure") || file.contains("image") || file.contains("img")
    })
}

/// A link, in Markdown or (in an HTML body) HTML.
fn link(text: &str, url: &str, html: bool) -> String {
    match html {
        true => format!("<a href=\"{url}\">{text}</a>"),
        false => format!("[{text}]({url})"),
    }
}

/// An image (with its caption in italics below) from `src`/`url`/`image`/`file`, `alt`,
/// `caption`, `title`, `link`; in HTML, a `<figure>`.
fn figure(words: &[(Option<String>, String)], html: bool) -> Option<String> {
    let src = ["src", "url", "image", "img", "file", "path"]
        .iter()
        .find_map(|k| named(words, k))?;
    let caption = named(words, "caption").or(named(words, "title"));
    let alt = named(words, "alt").or(caption).unwrap_or_default();
    let target = named(words, "link");
    if html {
        let quoted = |t: &str| t.replace('"', "&quot;");
        let mut image = format!("<img src=\"{}\" alt=\"{}\">", quoted(src), quoted(alt));
        if let Some(target) = target {
            image = format!("<a href=\"{}\">{image}</a>", quoted(target));
        }
        return Some(match caption {
            Some(caption) if caption != alt => {
                format!("<figure>{image}<figcaption>{caption}</figcaption></figure>")
            }
            _ => image,
        });
    }
    let mut image = format!("![{}]({src})", alt.replace(['[', ']'], ""));
    if let Some(target) = target {
        image = format!("[{image}]({target})");
    }
    Some(match caption {
        Some(caption) if caption != alt => format!("{image}\n*{caption}*"),
        _ => image,
    })
}

/// The words of a tag: `name key="v w" other` → (None, name), (key, "v w"), (None, other).
fn arguments(inner: &str) -> Vec<(Option<String>, String)> {
    static ARG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:([\w-]+)\s*=\s*)?(?:"([^"]*)"|'([^']*)'|([^\s"']+))"#)
            .expect("a valid pattern")
    });
    ARG.captures_iter(inner)
        .map(|c| {
            let value = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str());
            (c.get(1).map(|k| k.as_str().to_owned()), value.to_owned())
        })
        .collect()
}

fn named<'w>(words: &'w [(Option<String>, String)], key: &str) -> Option<&'w str> {
    words
        .iter()
        .find(|(k, _)| k.as_deref() == Some(key))
        .map(|(_, v)| v.as_str())
}

fn positional(words: &[(Option<String>, String)], at: usize) -> Option<&str> {
    words
        .iter()
        .filter(|(k, _)| k.is_none())
        .nth(at)
        .map(|(_, v)| v.as_str())
}

/// kramdown's forms that CommonMark does not know: `##Heading`, `{: .class}`, `{::options}`.
fn dialects(line: &str, number: usize, notes: &mut Vec<(usize, String)>) -> String {
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(#{2,6})([^\s#])").expect("a valid pattern"));
    static ATTRIBUTES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{:\s*[.#][^}]*\}|\{::options[^}]*/?\}|\{::(?:no)?markdown[^}]*\}|\{:/(?:no)?markdown\}")
            .expect("a valid pattern")
    });
    let mut line = line.to_owned();
    if HEADING.is_match(&line) {
        line = HEADING.replace(&line, "$1 $2").into_owned();
        notes.push((
            number,
            "heading without a space after `#` given one".to_owned(),
        ));
    }
    if ATTRIBUTES.is_match(&line) && !in_inline_code(&line) {
        let removed: Vec<String> = ATTRIBUTES
            .find_iter(&line)
            .map(|m| m.as_str().to_owned())
            .collect();
        line = ATTRIBUTES.replace_all(&line, "").into_owned();
        notes.push((
            number,
            format!("kramdown markup removed: {}", removed.join(" ")),
        ));
        if line.trim().is_empty() {
            return String::from(if line.ends_with('\n') { "\n" } else { "" });
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::urls::Generator;

    fn resolved(body: &str) -> (String, Vec<(usize, String)>) {
        let dir = std::env::temp_dir().join("gazette-tags-test-config");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("config.yaml"),
            "baseURL: https://old.example.org/\nparams:\n  email: news@example.org\ntitle: Old\n",
        )
        .unwrap();
        let site = SourceSite::load(Generator::Hugo, &dir).unwrap();
        let page: serde_yaml::Mapping =
            serde_yaml::from_str("lesson_title: Shell\nimage: /i.png").unwrap();
        let posts = HashMap::from([
            (
                "2016-01-02-bridge".to_owned(),
                "/2016/01/bridge/".to_owned(),
            ),
            ("bridge.md".to_owned(), "/2016/01/bridge/".to_owned()),
        ]);
        resolve(
            body,
            &Context {
                site: &site,
                posts: &posts,
                html: false,
                page: &page,
            },
        )
    }

    #[test]
    fn configuration_values_and_links_to_posts_are_filled() {
        let (out, notes) = resolved(
            "[a]({{ site.baseurl }}/x/) {{< param email >}} {{ site.title }}\n[b]({% post_url 2016-01-02-bridge %}) [c]({{< ref \"bridge.md#part\" >}}) [d]({{ \"/y/\" | url }})\n",
        );
        assert_eq!(
            out,
            "[a](/x/) news@example.org Old\n[b](/2016/01/bridge/) [c](/2016/01/bridge/#part) [d](/y/)\n"
        );
        assert_eq!(notes.len(), 6);
        assert_eq!(notes[3].0, 2);
    }

    #[test]
    fn page_values_oembeds_and_links_to_pages_not_imported_are_resolved() {
        let (out, notes) = resolved(
            "{{page.lesson_title}} ![x]({{ page.image }}) [r]({{< ref \"/topics/Mobile\" >}}) [s]({{< relref \"communities/social.md#a\" >}})\n{% oembed https://twitter.com/a/status/1 %}\n",
        );
        assert_eq!(
            out,
            "Shell ![x](/i.png) [r](/topics/mobile/) [s](/communities/social/#a)\n[https://twitter.com/a/status/1](https://twitter.com/a/status/1)\n"
        );
        assert!(
            notes[2]
                .1
                .starts_with("link to a page that was not imported"),
            "{notes:?}"
        );
    }

    #[test]
    fn shortcodes_and_includes_become_markdown() {
        let (out, _) = resolved(
            "{{< youtube w7Ft2ymGmfc >}}\n{{< tweet user=\"jane\" id=\"42\" >}}\n{{< gist jane abc >}}\n{{< figure src=\"/a.jpg\" caption=\"The bridge\" >}}\n{% include figure.html img=\"/b.png\" alt=\"B\" %}\n",
        );
        assert_eq!(
            out,
            "[Video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n[Post on X (Twitter)](https://twitter.com/jane/status/42)\n[Gist abc](https://gist.github.com/jane/abc)\n![The bridge](/a.jpg)\n![B](/b.png)\n"
        );
    }

    #[test]
    fn code_is_left_alone_and_unknown_tags_are_kept() {
        let body = "```\n{{ site.baseurl }}\n```\n`{{ site.baseurl }}` {{< tmp x >}} {% if a %}\n";
        let (out, notes) = resolved(body);
        assert_eq!(out, body);
        assert!(notes.is_empty());
    }

    #[test]
    fn highlight_blocks_and_kramdown_dialects_are_rewritten() {
        let (out, notes) = resolved(
            "##Title\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\nText\n{: .note}\n{::options parse_block_html=\"true\" /}\n",
        );
        assert_eq!(out, "## Title\n```ruby\nputs 1\n```\nText\n\n\n");
        assert_eq!(notes.len(), 4, "{notes:?}");
    }
}
