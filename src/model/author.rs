//! Authors: who wrote an article (`authors:`), as opposed to actors, what it is about.
//!
//! An author comes from a profile (`content/authors/*.md`: name, role, aliases, image, links,
//! biography) or only from the names bylines give. Names resolve through the same
//! [`NameIndex`] as actors' (name, alias or slug; case, accents and apostrophes ignored), so a
//! byline written "claire dumas" or "C. Dumas" finds its profile. An author is never an actor:
//! it gets no coverage chart and is not searched for in article text.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::article::Article;
use crate::model::id::{ArticleId, AuthorId};
use crate::model::mention::name_key;
use crate::model::names::{ClaimLines, Claimant, NameIndex};
use crate::model::redirect::AliasAt;
use crate::model::route::paths;
use crate::model::slug::Slug;
use crate::model::term;

/// A validated author profile.
#[derive(Debug, Clone)]
pub struct AuthorProfile {
    pub source_path: PathBuf,
    pub name: String,
    pub slug: Slug,
    /// "Correspondante à Bruxelles".
    pub role: Option<String>,
    pub aliases: Vec<String>,
    /// "Dumas, Claire": explicit, or the surname first.
    pub sort_name: String,
    pub image: Option<String>,
    /// The profile's photo when `image:` names a static file: its variants and published
    /// original (see `model::image`); filled in when the profile is read.
    pub photo: Option<crate::model::image::ImageUse>,
    /// (label, URL), in the order written.
    pub links: Vec<(String, String)>,
    /// Rendered biography.
    pub biography: String,
    pub lines: ClaimLines,
    /// Old URLs that redirect to the author's page (`url_aliases:`).
    pub url_aliases: Vec<AliasAt>,
}

impl Claimant for AuthorProfile {
    const KIND: &'static str = "author";
    fn name(&self) -> &str {
        &self.name
    }
    fn slug(&self) -> &Slug {
        &self.slug
    }
    fn aliases(&self) -> &[String] {
        &self.aliases
    }
    fn lines(&self) -> ClaimLines {
        self.lines
    }
    fn source_path(&self) -> &Path {
        &self.source_path
    }
}

/// Every name, alias and slug of the author profiles, resolved to a profile.
pub type AuthorIndex = NameIndex<AuthorProfile>;

crate::model::id::indexed_by!(crate::model::id::AuthorId, Author);

/// One author of the site.
#[derive(Debug, Clone)]
pub struct Author {
    /// Display name: the profile's, else the spelling most bylines use.
    pub name: String,
    pub slug: Slug,
    /// Site path: `/authors/<slug>/`.
    pub path: String,
    pub profile: Option<AuthorProfile>,
    /// The articles it wrote, newest first.
    pub articles: Vec<ArticleId>,
}

impl Author {
    /// The text the authors index sorts by: the sort name (surname first), without case or
    /// accents. An author without a profile sorts by surname too.
    pub fn sort_key(&self) -> String {
        match &self.profile {
            Some(profile) => name_key(&profile.sort_name),
            None => name_key(&surname_first(&self.name)),
        }
    }
}

/// "Claire Dumas" → "Dumas, Claire".
pub fn surname_first(name: &str) -> String {
    match name.rsplit_once(' ') {
        Some((given, surname)) => format!("{surname}, {given}"),
        None => name.to_owned(),
    }
}

/// The authors of a site, sorted, and each article's authors.
pub struct Bylines {
    pub authors: Vec<Author>,
    pub per_article: Vec<Vec<AuthorId>>,
}

/// Resolves every article's `authors:` against the profiles; a name no profile claims is an
/// author of its own. `articles` are newest first, so each author's articles are too.
pub fn assemble(
    articles: &[Article],
    index: AuthorIndex,
    prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Bylines {
    let fixed = term::fixed(&index.profiles);
    let mut grouped = term::group(
        articles,
        |a| &a.author_names,
        "author",
        fixed,
        |name| index.resolve(name),
        diagnostics,
    );
    let mut profiles: Vec<Option<AuthorProfile>> = index.profiles.into_iter().map(Some).collect();
    profiles.resize_with(grouped.terms.len(), || None);
    let authors: Vec<Author> = grouped
        .terms
        .into_iter()
        .zip(profiles)
        .map(|(t, profile)| Author {
            path: paths::author(prefix, &t.slug),
            name: t.name,
            slug: t.slug,
            profile,
            articles: t.articles.into_iter().map(ArticleId::new).collect(),
        })
        .collect();
    let authors = term::sort_by(authors, &mut grouped.per_article, Author::sort_key);
    let per_article = grouped
        .per_article
        .into_iter()
        .map(|ids| ids.into_iter().map(AuthorId::new).collect())
        .collect();
    Bylines {
        authors,
        per_article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_come_first() {
        assert_eq!(surname_first("Claire Dumas"), "Dumas, Claire");
        assert_eq!(surname_first("Madonna"), "Madonna");
    }
}
