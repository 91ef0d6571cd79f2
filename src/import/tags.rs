//! Template tags in post bodies resolved, so readers never see `{{< youtube x >}}` or
//! `{{ site.baseurl }}`: values from the source site's configuration, links to other posts
//! turned into their new URLs, common shortcodes and includes turned into Markdown, and old
//! Markdown dialects (kramdown's) rewritten. Code (fenced blocks, inline code) is left alone:
//! a tutorial that shows a tag means it. What is left is listed by the caller, as before.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::urls::SourceSite;
use crate::model::slug::slugify;

/// What resolves tags that point elsewhere.
pub struct Context<'a> {
    pub site: &'a SourceSite,
    /// New URL of each post, by file name, file stem (`2016-01-01-x`) and path.
    pub posts: &'a HashMap<String, String>,
    /// The body is HTML: what replaces a tag is HTML too (Markdown is not read there).
    pub html: bool,
    /// The post's own front matter (keys lowercased), for `{{ page.x }}`.
    pub page: &'a serde_yaml::Mapping,
    /// Author slug → display name (the profiles read), for filters over an author's slug.
    pub authors: &'a HashMap<String, String>,
}

/// The body with tags resolved, and a note per kind of change: (line, what).
pub fn resolve(body: &str, context: &Context<'_>) -> (String, Vec<(usize, String)>) {
    let mut notes = Vec::new();
    let body = highlight_blocks(body, &mut notes);
    let body = without_comments(&body, &mut notes);
    let local = Local {
        paired: paired_shortcodes(&body),
        assigns: assigns(&body),
    };
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<String> = None;
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        let trimmed = line.trim_start();
        n += 1;
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
        if let Some((resolved, used)) =
            spanning_tag(&lines[n - 1..], n, (context, &local), &mut notes)
        {
            out.push_str(&resolved);
            n += used - 1;
            continue;
        }
        out.push_str(&resolve_line(line, n, (context, &local), &mut notes));
    }
    (out, notes)
}

/// A tag that goes on over the next lines (`{{ "…" | embed: 'a long\ntitle' }}`), resolved
/// as one line when it can be: the text, with the newlines it took put back after it so
/// later lines keep their numbers, and how many lines it took. `None` when the first line
/// opens no such tag, a blank line comes first, or the joined tag is still not resolved.
fn spanning_tag(
    lines: &[&str],
    number: usize,
    (context, local): (&Context<'_>, &Local),
    notes: &mut Vec<(usize, String)>,
) -> Option<(String, usize)> {
    const MOST_LINES: usize = 4;
    if !has_unclosed_tag(lines[0]) {
        return None;
    }
    let mut joined = lines[0].trim_end().to_owned();
    for (i, next) in lines.iter().enumerate().skip(1).take(MOST_LINES - 1) {
        if next.trim().is_empty() {
            return None;
        }
        joined.push(' ');
        joined.push_str(next.trim());
        if !has_unclosed_tag(&joined) {
            let mut tried = Vec::new();
            let resolved = resolve_line(&joined, number, (context, local), &mut tried);
            if resolved == joined || has_unclosed_tag(&resolved) {
                return None;
            }
            notes.extend(tried);
            return Some((format!("{resolved}{}", "\n".repeat(i + 1)), i + 1));
        }
    }
    None
}

/// Whether the last `{{` or `{%` of a line is not closed on it.
fn has_unclosed_tag(line: &str) -> bool {
    let opened = [line.rfind("{{"), line.rfind("{%")]
        .into_iter()
        .flatten()
        .max();
    opened.is_some_and(|at| !line[at..].contains("}}") && !line[at..].contains("%}"))
}

/// `{% comment %}…{% endcomment %}` removed with what it holds: the old site never showed
/// it. Its lines stay as empty lines, so later lines keep their numbers.
fn without_comments(body: &str, notes: &mut Vec<(usize, String)>) -> String {
    static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}")
            .expect("a valid pattern")
    });
    COMMENT
        .replace_all(body, |c: &Captures<'_>| {
            let at = c.get(0).map_or(0, |m| m.start());
            notes.push((
                super::line_of(body, at),
                "Liquid comment removed".to_owned(),
            ));
            "\n".repeat(c[0].matches('\n').count())
        })
        .into_owned()
}

/// `{% highlight ruby %}…{% endhighlight %}` → a fenced code block.
fn highlight_blocks(body: &str, notes: &mut Vec<(usize, String)>) -> String {
    static HIGHLIGHT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?s)\{%-?\s*highlight\s+([\w+#-]*)[^%]*-?%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}|\{\{<\s*highlight\s+([\w+#-]*)[^>]*>\}\}\n?(.*?)\n?\{\{<\s*/highlight\s*>\}\}",
        )
        .expect("a valid pattern")
    });
    HIGHLIGHT
        .replace_all(body, |c: &Captures<'_>| {
            let line = super::line_of(body, c.get(0).map_or(0, |m| m.start()));
            notes.push((line, "highlight block written as fenced code".to_owned()));
            let (language, code) = match c.get(1) {
                Some(language) => (language.as_str(), &c[2]),
                None => (&c[3], &c[4]),
            };
            format!("```{language}\n{code}\n```")
        })
        .into_owned()
}

/// One line outside code blocks: tags outside inline code replaced.
fn resolve_line(
    line: &str,
    number: usize,
    (context, local): (&Context<'_>, &Local),
    notes: &mut Vec<(usize, String)>,
) -> String {
    let line = dialects(line, number, notes);
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for found in TAG.find_iter(&line) {
        if in_inline_code(&line[..found.start()]) {
            continue;
        }
        let replaced = replace(found.as_str(), context, local)
            .or_else(|| theme_shortcode(found.as_str(), context, &local.paired));
        let Some((replacement, what)) = replaced else {
            continue;
        };
        out.push_str(&line[last..found.start()]);
        out.push_str(&replacement);
        last = found.end();
        notes.push((number, what));
    }
    out.push_str(&line[last..]);
    dead_links(&out, number, notes)
}

/// `[text]({{< tmp "deadlink" >}})`: a link whose whole address is a shortcode that could
/// not be resolved leads nowhere; its text is kept without the link, with a note.
fn dead_links(line: &str, number: usize, notes: &mut Vec<(usize, String)>) -> String {
    static DEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\[([^\]]*)\]\(\s*(\{\{[<%][^)]*?[%>]\}\})(?:\s+"[^"]*")?\s*\)"#)
            .expect("a valid pattern")
    });
    if !line.contains("]({{") || in_inline_code(line) {
        return line.to_owned();
    }
    DEAD.replace_all(line, |c: &Captures<'_>| {
        let shown: String = c[2].chars().take(60).collect();
        notes.push((
            number,
            format!("link to an unresolved shortcode removed, its text kept: {shown}"),
        ));
        c[1].to_owned()
    })
    .into_owned()
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}").expect("a valid pattern")
});

/// An odd number of backticks before: the tag is inside inline code.
fn in_inline_code(before: &str) -> bool {
    before.matches('`').count() % 2 == 1
}

/// A tag's replacement and the note saying what became of it; `None` keeps it.
fn replace(tag: &str, context: &Context<'_>, local: &Local) -> Option<(String, String)> {
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
        // An icon of the old theme (`{% include svg/blog/coins.svg %}`): its file is no
        // part of the posts, and the text around it stands without it.
        ("liquid", "include") if positional(&words, 1).is_some_and(|f| f.ends_with(".svg")) => {
            done(String::new(), "decorative SVG include removed")
        }
        ("liquid", "assign")
            if words
                .get(1)
                .and_then(|(key, _)| key.as_ref())
                .is_some_and(|key| local.assigns.contains_key(key)) =>
        {
            done(
                String::new(),
                "Liquid `assign` removed, its value used below",
            )
        }
        ("liquid", "include") if is_video_include(&words) => {
            let id = ["id", "video_id", "video_slug", "youtube_id"]
                .iter()
                .find_map(|k| named(&words, k).or(local.assigns.get(*k).map(String::as_str)))?;
            let url = format!("https://www.youtube.com/watch?v={id}");
            done(
                link("Video on YouTube", &url, context.html),
                "video include written as a link",
            )
        }
        ("liquid", "raw" | "endraw") => done(String::new(), "`{% raw %}` marker removed"),
        ("liquid", "oembed") => {
            let url = positional(&words, 1).filter(|u| u.starts_with("http"))?;
            done(link(url, url, context.html), "embed written as a link")
        }
        ("output", _) => match local.assigns.get(inner) {
            Some(value) => done(value.clone(), "filled from a Liquid `assign`"),
            None => output(inner, context),
        },
        _ => None,
    }
}

/// What one body defines for its own tags.
struct Local {
    /// Hugo shortcodes that are containers here: `{{< /note >}}` closes one.
    paired: HashSet<String>,
    /// Liquid `{% assign video_slug="x" %}`: name → value.
    assigns: HashMap<String, String>,
}

/// The body's `{% assign name = "value" %}` of quoted text (a later one wins, as in Liquid
/// when it comes before the use; these bodies assign once).
fn assigns(body: &str) -> HashMap<String, String> {
    static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\{%-?\s*assign\s+([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*-?%\}"#)
            .expect("a valid pattern")
    });
    ASSIGN
        .captures_iter(body)
        .map(|c| {
            let value = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
            (c[1].to_owned(), value.to_owned())
        })
        .collect()
}

/// `{% include youtube %}`, `{% include video.html id="x" %}`: a theme's YouTube player.
fn is_video_include(words: &[(Option<String>, String)]) -> bool {
    positional(words, 1).is_some_and(|file| {
        let file = file.to_ascii_lowercase();
        file.contains("youtube") || file.starts_with("video")
    })
}

/// Hugo names that `{{< /name >}}` closes somewhere in the body: containers (`note`, `box`).
fn paired_shortcodes(body: &str) -> HashSet<String> {
    static CLOSE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{\{[<%]\s*/([\w-]+)\s*[%>]\}\}").expect("a valid pattern"));
    CLOSE.captures_iter(body).map(|c| c[1].to_owned()).collect()
}

/// A theme's own Hugo shortcode, read by what its arguments say it is, whatever its name:
/// an image (`src`), a link to a content file (`"events/x.md"`), a file (`legacy-file`,
/// `asset-static`), an embed of a page (`fb-video "https://…"`), a quotation (`text`,
/// `cite`), or a container (`{{< note >}}…{{< /note >}}`) whose content is kept.
fn theme_shortcode(
    tag: &str,
    context: &Context<'_>,
    paired: &HashSet<String>,
) -> Option<(String, String)> {
    let inner = tag
        .strip_prefix("{{<")
        .or(tag.strip_prefix("{{%"))
        .map(|i| i[..i.len() - 3].trim())?;
    let words = arguments(inner);
    let name = words.first()?.1.to_ascii_lowercase();
    let shown: String = tag.chars().take(60).collect();
    let done = |text: String, what: &str| Some((text, format!("{what}: {shown}")));
    if let Some(closed) = inner.strip_prefix('/').map(str::trim) {
        return paired.contains(closed).then(|| {
            (
                String::new(),
                format!("container shortcode removed, its content kept: {shown}"),
            )
        });
    }
    let first = positional(&words, 1);
    let is_image = ["img", "image", "figure", "photo"]
        .iter()
        .any(|k| name.contains(k));
    if is_image && named(&words, "src").is_some() {
        return done(
            figure(&words, context.html)?,
            "image shortcode written as an image (its file is not copied)",
        );
    }
    if let Some(file) = first.filter(|f| f.ends_with(".md") || f.ends_with(".html")) {
        let url = post_url(context, file).or_else(|| hugo_page_url(file))?;
        return done(url, "shortcode naming a content file written as its URL");
    }
    if name.contains("file") || name.contains("asset") {
        let file = named(&words, "file").or(first)?;
        return match named(&words, "label").or(named(&words, "text")) {
            Some(label) => done(
                link(label, file, context.html),
                "file shortcode written as a link",
            ),
            None => done(file.to_owned(), "file shortcode written as its path"),
        };
    }
    let web = |u: &&str| u.starts_with("https://") || u.starts_with("http://");
    if let Some(url) = named(&words, "href").or(named(&words, "src").filter(web)) {
        let text = ["text", "label", "title"]
            .iter()
            .find_map(|k| named(&words, k))
            .unwrap_or(url);
        return done(
            link(text, url, context.html),
            "link shortcode written as a link",
        );
    }
    if let Some(url) = first.filter(web) {
        return done(
            link(url, url, context.html),
            "embed shortcode written as a link",
        );
    }
    if let (true, Some(text)) = (name.contains("quote"), named(&words, "text")) {
        let cite = named(&words, "cite").or(named(&words, "author"));
        return done(
            quotation(text, cite, context.html),
            "quotation shortcode written as a quotation",
        );
    }
    if paired.contains(&name) {
        let title = named(&words, "title").or(named(&words, "heading"));
        let opening = match (title, context.html) {
            (Some(title), true) => format!("<strong>{title}</strong>"),
            (Some(title), false) => format!("**{title}**"),
            (None, _) => String::new(),
        };
        return done(opening, "container shortcode removed, its content kept");
    }
    None
}

/// A quotation with its source, in Markdown or HTML.
fn quotation(text: &str, cite: Option<&str>, html: bool) -> String {
    match (html, cite) {
        (true, Some(cite)) => format!("<blockquote><p>{text}</p><p>— {cite}</p></blockquote>"),
        (true, None) => format!("<blockquote><p>{text}</p></blockquote>"),
        (false, Some(cite)) => format!("> {text}\n>\n> — {cite}"),
        (false, None) => format!("> {text}"),
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
    if let Some(custom) = custom_filter(value, &filters, context) {
        return Some(custom);
    }
    let plain_filters = filters.iter().all(|f| {
        matches!(
            *f,
            "url" | "relative_url" | "absolute_url" | "prepend: site.baseurl" | "prepend: site.url"
        )
    });
    if !plain_filters {
        return None;
    }
    if let Some(quoted) = unquoted(value) {
        return Some((quoted.to_owned(), format!("URL filter resolved: {shown}")));
    }
    if let Some(key) = value.strip_prefix("page.") {
        // A key the post does not set is empty to Liquid, so the old page printed nothing
        // there (`page.baseurl` and `page.root`, which posts wrote for `site.baseurl`, most
        // often: the path after them is the site path).
        let name = key.split('[').next().unwrap_or(key).to_lowercase();
        if !context.page.contains_key(name.as_str()) {
            return Some((
                String::new(),
                format!(
                    "unset in the post's front matter, printed as nothing as Liquid does: {shown}"
                ),
            ));
        }
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
    // `_posts/2019/05/2019-05-15-x.md` names a post that now lives as `posts/2019/05/x.md`.
    let undated = stem.get(11..).filter(|_| {
        stem.len() > 11 && stem.as_bytes()[10] == b'-' && stem[..4].parse::<u16>().is_ok()
    });
    let found = context
        .posts
        .get(path)
        .or_else(|| context.posts.get(stem.as_ref()))
        .or_else(|| context.posts.get(undated?))?;
    Some(format!("{found}{anchor}"))
}

/// A theme's own filter over a quoted value, where what it made can be told: a video
/// (`{{ "https://…/embed/x" | embed: "Title" }}`) becomes a link with its title; an
/// author's slug (`{{ "jane" | team_link }}`) the author's name, and a person's portrait
/// (`team_photo`, `avatar`, from the theme's team data, which is not imported) nothing.
fn custom_filter(value: &str, filters: &[&str], context: &Context<'_>) -> Option<(String, String)> {
    let [filter] = filters else {
        return None;
    };
    let quoted = unquoted(value)?;
    let (name, argument) = match filter.split_once(':') {
        Some((name, argument)) => (name.trim(), unquoted(argument.trim())),
        None => (filter.trim(), None),
    };
    let shown: String = format!("{{{{ {value} | {filter} }}}}")
        .chars()
        .take(60)
        .collect();
    if name == "embed" && quoted.starts_with("http") {
        let title = argument.unwrap_or("Video");
        let link = link(title, &watch_url(quoted), context.html);
        return Some((link, format!("embedded video written as a link: {shown}")));
    }
    let is_slug = slugify(quoted).is_some_and(|s| s.as_str() == quoted);
    if is_slug
        && ["photo", "avatar", "portrait"]
            .iter()
            .any(|p| name.contains(p))
    {
        return Some((
            String::new(),
            format!("person's portrait filter removed: {shown}"),
        ));
    }
    let author = context.authors.get(quoted)?;
    Some((
        author.clone(),
        format!("author slug written as the author's name: {shown}"),
    ))
}

/// `"x"` or `'x'` → `x`.
fn unquoted(value: &str) -> Option<&str> {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
}

/// A YouTube player address (`…youtube-nocookie.com/embed/ID`) as the page readers can open.
fn watch_url(url: &str) -> String {
    match url.split_once("/embed/") {
        Some((host, id)) if host.contains("youtube") => {
            let id = id.split(['?', '/']).next().unwrap_or(id);
            format!("https://www.youtube.com/watch?v={id}")
        }
        _ => url.to_owned(),
    }
}

/// `{{ page.x }}`: a scalar of the post's own front matter (keys are lowercased there);
/// `images[2]` an item of a list.
fn page_value(page: &serde_yaml::Mapping, key: &str) -> Option<String> {
    let (key, index) = match key.strip_suffix(']').and_then(|k| k.split_once('[')) {
        Some((key, index)) => (key, Some(index.trim().parse::<usize>().ok()?)),
        None => (key, None),
    };
    let value = page.get(key.to_lowercase().as_str())?;
    let value = match index {
        Some(i) => value.as_sequence()?.get(i)?,
        None => value,
    };
    match value {
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
    if path.is_empty() && !anchor.is_empty() {
        return Some(anchor); // `{{< ref "#part" >}}`: a part of this page
    }
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
        // A folder per call: the tests run at once, and one writing the file while another
        // reads it made them fail now and then.
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path();
        std::fs::write(
            dir.join("config.yaml"),
            "baseURL: https://old.example.org/\nparams:\n  email: news@example.org\ntitle: Old\n",
        )
        .unwrap();
        let site = SourceSite::load(Generator::Hugo, dir, None).unwrap();
        let page: serde_yaml::Mapping =
            serde_yaml::from_str("lesson_title: Shell\nimage: /i.png\nimages: [/a.png, /b.png]")
                .unwrap();
        let authors = HashMap::from([("jane".to_owned(), "Jane Roe".to_owned())]);
        let posts = HashMap::from([
            (
                "2016-01-02-bridge".to_owned(),
                "/2016/01/bridge/".to_owned(),
            ),
            ("bridge.md".to_owned(), "/2016/01/bridge/".to_owned()),
            ("ferry".to_owned(), "/2016/02/ferry/".to_owned()),
        ]);
        resolve(
            body,
            &Context {
                site: &site,
                posts: &posts,
                html: false,
                page: &page,
                authors: &authors,
            },
        )
    }

    #[test]
    fn configuration_values_and_links_to_posts_are_filled() {
        let (out, notes) = resolved(
            "[a]({{ site.baseurl }}/x/) {{< param email >}} {{ site.title }}\n[b]({% post_url 2016-01-02-bridge %}{% link _posts/2016/2016-02-03-ferry.md %}) [c]({{< ref \"bridge.md#part\" >}}) [d]({{ \"/y/\" | url }})\n",
        );
        assert_eq!(
            out,
            "[a](/x/) news@example.org Old\n[b](/2016/01/bridge//2016/02/ferry/) [c](/2016/01/bridge/#part) [d](/y/)\n"
        );
        assert_eq!(notes.len(), 7);
        assert_eq!(notes[3].0, 2);
    }

    #[test]
    fn page_values_oembeds_and_links_to_pages_not_imported_are_resolved() {
        let (out, notes) = resolved(
            "{{page.lesson_title}}{{page.baseurl}} ![x]({{ page.image }}) [r]({{< ref \"/topics/Mobile\" >}}) [s]({{< relref \"communities/social.md#a\" >}})\n{% oembed https://twitter.com/a/status/1 %}\n",
        );
        assert_eq!(
            out,
            "Shell ![x](/i.png) [r](/topics/mobile/) [s](/communities/social/#a)\n[https://twitter.com/a/status/1](https://twitter.com/a/status/1)\n"
        );
        assert!(
            notes[3]
                .1
                .starts_with("link to a page that was not imported"),
            "{notes:?}"
        );
    }

    #[test]
    fn a_page_value_the_post_never_set_prints_nothing_as_liquid_does() {
        let (out, notes) = resolved(
            "<a href=\"mailto:x@example.org{{page.contact}}\">write</a> {{ page.images }}\n",
        );
        assert_eq!(
            out,
            "<a href=\"mailto:x@example.org\">write</a> {{ page.images }}\n"
        );
        assert!(
            notes[0].1.starts_with("unset in the post's front matter"),
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
    fn theme_filters_over_videos_and_authors_are_resolved() {
        let (out, notes) = resolved(
            "{{ \"https://www.youtube-nocookie.com/embed/abc\" | embed: \"A talk\" }}\n<div>{{ \"jane\" | team_photo }} – {{ \"jane\" | team_link}}</div>\n<img src=\"{{page.images[1]}}\">{% include svg/blog/coins.svg %}\n{{ \"nobody\" | team_link }}\n",
        );
        assert_eq!(
            out,
            "[A talk](https://www.youtube.com/watch?v=abc)\n<div> – Jane Roe</div>\n<img src=\"/b.png\">\n{{ \"nobody\" | team_link }}\n"
        );
        assert_eq!(notes.len(), 5, "{notes:?}");
    }

    #[test]
    fn theme_shortcodes_are_read_by_their_arguments() {
        let (out, notes) = resolved(
            "{{< legacy-img src=\"2014/03/a.png\" alt=\"A\" >}}\n[c]({{< tmp \"events/call.md\" >}}) {{< legacy-file \"2014/07/x.pdf\" >}} {{< asset-static file=\"y.pdf\" label=\"Y\" >}}\n{{< fb-video \"https://www.facebook.com/v/1\" >}}\n{{< quote-block text=\"Trust.\" cite=\"Lincoln\" >}}\n{{< ring title=\"Terms\">}}\nBody\n{{< /ring >}}\n{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n{{< other >}}\n",
        );
        assert_eq!(
            out,
            "![A](2014/03/a.png)\n[c](/events/call/) 2014/07/x.pdf [Y](y.pdf)\n[https://www.facebook.com/v/1](https://www.facebook.com/v/1)\n> Trust.\n>\n> — Lincoln\n**Terms**\nBody\n\n```go\nx := 1\n```\n{{< other >}}\n"
        );
        assert_eq!(notes.len(), 9, "{notes:?}");
    }

    #[test]
    fn liquid_assigns_feed_the_tags_that_use_them() {
        let (out, notes) = resolved(
            "{% assign video_slug=\"HaS4NXxL5Qc\" %}\n{% assign who = 'Ana' %}\n{% include youtube %} by {{ who }}\n",
        );
        assert_eq!(
            out,
            "\n\n[Video on YouTube](https://www.youtube.com/watch?v=HaS4NXxL5Qc) by Ana\n"
        );
        assert_eq!(notes.len(), 4, "{notes:?}");
    }

    #[test]
    fn a_tag_over_two_lines_is_resolved_and_later_lines_keep_their_numbers() {
        let (out, notes) = resolved(
            "{{ \"https://www.youtube-nocookie.com/embed/abc\" | embed: 'A long\ntitle' }}\n{{< tmp x >}} {{ a\n\nb }}\n{{< param email >}}\n",
        );
        assert_eq!(
            out,
            "[A long title](https://www.youtube.com/watch?v=abc)\n\n{{< tmp x >}} {{ a\n\nb }}\nnews@example.org\n"
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(notes[1].0, 6, "{notes:?}");
    }

    #[test]
    fn comments_and_portraits_of_people_without_a_profile_go() {
        let (out, notes) = resolved(
            "a{% comment %}\nhidden\n{% endcomment %}b\n{{ \"philip-h\" | team_photo }}{{ \"philip-h\" | team_link }}\n",
        );
        assert_eq!(out, "a\n\nb\n{{ \"philip-h\" | team_link }}\n");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(notes[1].0, 4, "{notes:?}");
    }

    #[test]
    fn buttons_anchors_and_dead_links_are_resolved() {
        let (out, notes) = resolved(
            "{{< button href=\"https://x.gov/c/\" text=\"View it\" >}} [p]({{< ref \"#prepare\" >}})\n_More [on the theme]({{< tmp \"deadlink\" >}} \"Themes\")._\n",
        );
        assert_eq!(
            out,
            "[View it](https://x.gov/c/) [p](#prepare)\n_More on the theme._\n"
        );
        assert_eq!(notes.len(), 3, "{notes:?}");
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
