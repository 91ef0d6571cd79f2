//! Tags: free-form topics from front matter `tags`, merged like actors by their slug.

use crate::model::slug::Slug;

/// One tag and its articles.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: Slug,
    /// Site path: `/tags/<slug>/`.
    pub path: String,
    /// Indexes into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}
