//! The default theme, inside the binary, so `gazette init` can write it anywhere.
//!
//! The list is written by hand; a test compares it with `themes/default/` on disk, so adding
//! or removing a theme file without updating it fails the tests. Edits need nothing:
//! `include_bytes!` reads each file again whenever it changes.

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
    embed!("static/favicon.svg"),
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
    embed!("templates/partials/actor_graph.html"),
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
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Guards against drift: every file of `themes/default/` is embedded, and nothing else.
    /// (The bytes need no comparing: `include_bytes!` makes cargo rebuild on any change.)
    #[test]
    fn embedded_theme_lists_every_file_of_the_theme_on_disk() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: BTreeSet<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(&dir).unwrap();
                relative.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let embedded: BTreeSet<String> = DEFAULT_THEME
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        assert_eq!(embedded.len(), DEFAULT_THEME.len(), "a file listed twice");
        assert_eq!(embedded, on_disk, "update DEFAULT_THEME's list");
    }
}
