//! The default theme, inside the binary, so `gazette init` can write it anywhere.
//!
//! The list is written by hand; a test compares it with `themes/default/` on disk, file by
//! file, so adding, removing or editing a theme file without updating it fails the tests.

/// One theme file: its path and its bytes, read at compile time.
macro_rules! embed {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/themes/default/",
                $path
            )),
        )
    };
}

/// Every file of `themes/default/`: (path relative to the theme folder, bytes).
pub const DEFAULT_THEME: &[(&str, &[u8])] = &[
    embed!("i18n/en.yaml"),
    embed!("i18n/fr.yaml"),
    embed!("static/search.js"),
    embed!("static/style.css"),
    embed!("templates/404.html"),
    embed!("templates/actor.html"),
    embed!("templates/actors.html"),
    embed!("templates/archive.html"),
    embed!("templates/article.html"),
    embed!("templates/author.html"),
    embed!("templates/authors.html"),
    embed!("templates/base.html"),
    embed!("templates/index.html"),
    embed!("templates/month.html"),
    embed!("templates/partials/card.html"),
    embed!("templates/partials/compact_list.html"),
    embed!("templates/partials/index_list.html"),
    embed!("templates/partials/list.html"),
    embed!("templates/partials/pager.html"),
    embed!("templates/partials/period_nav.html"),
    embed!("templates/search.html"),
    embed!("templates/tag.html"),
    embed!("templates/tags.html"),
    embed!("templates/year.html"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Guards against drift: the embedded theme must equal `themes/default/` byte for byte.
    #[test]
    fn embedded_theme_equals_the_theme_on_disk() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: BTreeMap<String, Vec<u8>> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(&dir).unwrap();
                let name = relative.to_string_lossy().replace('\\', "/");
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        let embedded: BTreeMap<String, Vec<u8>> = DEFAULT_THEME
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&embedded),
            names(&on_disk),
            "update DEFAULT_THEME's list"
        );
        for (name, bytes) in &on_disk {
            assert!(
                embedded[name] == *bytes,
                "{name} differs from its embedded copy"
            );
        }
    }
}
