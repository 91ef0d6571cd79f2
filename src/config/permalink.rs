//! The article URL pattern of `site.yaml` (`permalink: /{year}/{month}/{slug}/`, or a file:
//! `/{year}/{month}/{slug}.html`): checked when the config is read, so a bad pattern is
//! reported with the other config errors.

/// The article URL pattern from `site.yaml`, e.g. `/{year}/{month}/{slug}/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    segments: Vec<Vec<Piece>>,
    /// The pattern names a file (`/{year}/{slug}.html`) rather than a folder.
    file: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Year,
    Month,
    Day,
    Slug,
}

impl Permalink {
    pub const DEFAULT: &'static str = "/{year}/{month}/{slug}/";

    /// Parses and checks a pattern: it must start with `/`, end with `/` (a folder, served by
    /// its `index.html`) or `.html` (the file itself), and contain `{slug}`.
    pub fn parse(pattern: &str) -> Result<Permalink, String> {
        let file = pattern.ends_with(".html") && !pattern.ends_with("/.html");
        if !pattern.starts_with('/') || !(pattern.ends_with('/') || file) || pattern.len() < 2 {
            return Err(format!(
                "permalink `{pattern}` must start with `/` and end with `/` or `.html`"
            ));
        }
        let segments = pattern
            .trim_matches('/')
            .split('/')
            .map(parse_segment)
            .collect::<Result<Vec<_>, _>>()?;
        if !segments.iter().flatten().any(|p| *p == Piece::Slug) {
            return Err(format!(
                "permalink `{pattern}` has no {{slug}}, so two articles could share a URL"
            ));
        }
        Ok(Permalink { segments, file })
    }

    /// The site path of an article dated `[year, month, day]` with this slug.
    pub fn expand(&self, [year, month, day]: [i16; 3], slug: &str) -> String {
        let mut path = String::from("/");
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                path.push('/');
            }
            for piece in segment {
                match piece {
                    Piece::Literal(text) => path.push_str(text),
                    Piece::Year => path.push_str(&format!("{:04}", year)),
                    Piece::Month => path.push_str(&format!("{:02}", month)),
                    Piece::Day => path.push_str(&format!("{:02}", day)),
                    Piece::Slug => path.push_str(slug),
                }
            }
        }
        if !self.file {
            path.push('/');
        }
        path
    }
}

fn parse_segment(segment: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        if let Some(after_brace) = rest.strip_prefix('{') {
            let end = after_brace
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in permalink segment `{segment}`"))?;
            pieces.push(match &after_brace[..end] {
                "year" => Piece::Year,
                "month" => Piece::Month,
                "day" => Piece::Day,
                "slug" => Piece::Slug,
                other => return Err(format!("unknown permalink placeholder `{{{other}}}`")),
            });
            rest = &after_brace[end + 1..];
        } else {
            let end = rest.find('{').unwrap_or(rest.len());
            let literal = &rest[..end];
            let safe = literal
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !safe || literal.chars().all(|c| c == '.') {
                return Err(format!(
                    "permalink segment `{segment}` may only hold letters, digits, `-`, `_` and `.`"
                ));
            }
            pieces.push(Piece::Literal(literal.to_owned()));
            rest = &rest[end..];
        }
    }
    if pieces.is_empty() {
        return Err("permalink has an empty segment (`//`)".to_owned());
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(pattern: &str) -> String {
        Permalink::parse(pattern)
            .unwrap()
            .expand([2016, 7, 5], "accord-signe")
    }

    #[test]
    fn permalink_patterns_expand() {
        assert_eq!(expand(Permalink::DEFAULT), "/2016/07/accord-signe/");
        assert_eq!(
            expand("/news/{year}-{month}-{day}-{slug}/"),
            "/news/2016-07-05-accord-signe/"
        );
        assert_eq!(expand("/{slug}/"), "/accord-signe/");
    }

    #[test]
    fn a_pattern_may_name_an_html_file() {
        assert_eq!(
            expand("/{year}/{month}/{slug}.html"),
            "/2016/07/accord-signe.html"
        );
        assert_eq!(expand("/{slug}.html"), "/accord-signe.html");
        for bad in ["/{year}/.html", "/{slug}.htmlx", "/{slug}.php"] {
            assert!(Permalink::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_permalinks_are_refused() {
        for bad in [
            "{year}/{slug}/",
            "/{year}/",
            "/{author}/{slug}/",
            "/../{slug}/",
            "/a//{slug}/",
            "/{slug",
        ] {
            assert!(Permalink::parse(bad).is_err(), "{bad}");
        }
    }
}
