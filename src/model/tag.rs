//! Tags: free-form topics from front matter `tags`, merged like actors by their slug.

use crate::model::id::ArticleId;
use crate::model::slug::Slug;

crate::model::id::indexed_by!(crate::model::id::TagId, Tag);

/// One tag and its articles.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: Slug,
    /// Site path: `/tags/<slug>/`.
    pub path: String,
    /// Newest first.
    pub articles: Vec<ArticleId>,
}
