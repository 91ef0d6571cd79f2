//! Redirects from old URLs (`aliases:`): a small HTML page at each alias a static host can
//! serve, and the same rules for hosts and servers that answer with a real `301`:
//! [`RULES_FILE`] (Netlify and Cloudflare Pages) and [`NGINX_FILE`] (an nginx `map`).
//!
//! Nothing is written for a site without aliases, so its output stays as it was.

use crate::config::Config;
use crate::model::Site;
use crate::model::redirect::Redirect;
use crate::model::route::link;
use crate::publish::xml::escape;

/// The site path of the `_redirects` file Netlify and Cloudflare Pages read.
pub const RULES_FILE: &str = "/_redirects";
/// The site path of the nginx `map` of the same rules.
pub const NGINX_FILE: &str = "/redirects.nginx.conf";

/// Every redirect file as (site path, contents): the pages, then the two rule files; nothing
/// when the site has no alias.
pub fn files(site: &Site, config: &Config) -> Vec<(String, String)> {
    if site.redirects.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<(String, String)> = site
        .redirects
        .iter()
        .filter_map(|redirect| {
            let page = redirect.alias.page()?;
            let html = page_html(redirect, config);
            // Minified like every other page, so the site reads the same throughout.
            let html = if config.minify {
                String::from_utf8(crate::minify::minify(html.as_bytes()))
                    .expect("the minifier keeps UTF-8")
            } else {
                html
            };
            Some((page.to_owned(), html))
        })
        .collect();
    files.push((RULES_FILE.to_owned(), rules(&site.redirects, config)));
    files.push((NGINX_FILE.to_owned(), nginx_map(&site.redirects, config)));
    files
}

/// The site paths of the redirect pages (what a static file may not replace).
pub fn page_paths(site: &Site) -> impl Iterator<Item = &str> {
    site.redirects.iter().filter_map(|r| r.alias.page())
}

/// The page at an alias: it sends browsers on at once (meta refresh) and search engines to
/// the target (canonical link, `noindex`), and shows the link for anything else.
pub fn page_html(redirect: &Redirect, config: &Config) -> String {
    let target = escape(&config.absolute_url(&redirect.target));
    let title = escape(&redirect.title);
    let lang = escape(config.language_of_path(&redirect.target));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{target}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n\
         <body>\n<p>→ <a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n"
    )
}

/// `_redirects`: one `from to 301` line per alias, both under the site's base path, the old
/// URL percent-encoded as these hosts ask.
fn rules(redirects: &[Redirect], config: &Config) -> String {
    let mut text = String::from("# Written by gazette from the `aliases:` of the content.\n");
    for redirect in redirects {
        let from = link(&config.base_path, &redirect.alias.encoded());
        let to = link(&config.base_path, &redirect.target);
        text.push_str(&format!("{from} {to} 301\n"));
    }
    text
}

/// An nginx `map` for the `http` block: `$gazette_redirect` holds the new URL of an old one.
/// Plain paths are matched against `$uri` (decoded, without the query string, so a tracking
/// parameter does not defeat them); aliases with a query string against `$request_uri`, as
/// the browser sent it.
fn nginx_map(redirects: &[Redirect], config: &Config) -> String {
    let mut by_uri = String::new();
    let mut by_request = String::new();
    for redirect in redirects {
        let to = link(&config.base_path, &redirect.target);
        match redirect.alias.decoded_path() {
            Some(path) => by_uri.push_str(&map_line(&link(&config.base_path, &path), &to)),
            None => {
                let from = link(&config.base_path, &redirect.alias.encoded());
                by_request.push_str(&map_line(&from, &to));
            }
        }
    }
    format!(
        "# Written by gazette from the `aliases:` of the content. Include this file in the\n\
         # `http` block, and in the site's `server` block add:\n\
         #     if ($gazette_redirect) {{ return 301 $gazette_redirect; }}\n\
         map $request_uri $gazette_redirect_query {{\n    default \"\";\n{by_request}}}\n\
         map $uri $gazette_redirect {{\n    default $gazette_redirect_query;\n{by_uri}}}\n"
    )
}

/// One `"from" "to";` line of a map; aliases hold no `"` or `\`, so quoting is enough.
fn map_line(from: &str, to: &str) -> String {
    format!("    \"{from}\" \"{to}\";\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::redirect::Alias;
    use std::path::PathBuf;

    fn redirect(alias: &str) -> Redirect {
        Redirect {
            alias: Alias::parse(alias).unwrap(),
            target: "/2016/07/accord/".to_owned(),
            title: "Accord <signé>".to_owned(),
            source: PathBuf::from("content/articles/accord.md"),
            line: 4,
        }
    }

    fn config(base_url: &str) -> Config {
        let text = format!("base_url: {base_url}\nlanguage: fr\n");
        let raw = serde_yaml::from_str(&text).unwrap();
        Config::from_raw(raw, &text, "/site".into(), &Default::default()).unwrap()
    }

    #[test]
    fn the_page_leads_on_under_the_base_url_and_escapes_the_title() {
        let html = page_html(&redirect("/old/"), &config("https://example.org/news/"));
        assert!(html.contains("<html lang=\"fr\">"));
        assert!(html.contains("<title>Accord &lt;signé&gt;</title>"));
        let target = "https://example.org/news/2016/07/accord/";
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")));
        assert!(html.contains(&format!("content=\"0; url={target}\"")));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    }

    #[test]
    fn rules_carry_the_base_path_and_query_aliases_match_the_request() {
        let redirects = [redirect("/café"), redirect("/index.php?post/48")];
        let config = config("https://example.org/news/");
        assert_eq!(
            rules(&redirects, &config)
                .lines()
                .skip(1)
                .collect::<Vec<_>>(),
            [
                "/news/caf%C3%A9 /news/2016/07/accord/ 301",
                "/news/index.php?post/48 /news/2016/07/accord/ 301"
            ]
        );
        let map = nginx_map(&redirects, &config);
        assert!(map.contains("    \"/news/café\" \"/news/2016/07/accord/\";\n"));
        let query = map.find("\"/news/index.php?post/48\"").unwrap();
        assert!(query < map.find("map $uri").unwrap(), "{map}");
    }
}
