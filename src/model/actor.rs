//! Actors: the people, organisations and countries articles are about.
//!
//! For now an actor is made from the names listed in front matter `actors`; names that differ
//! only by case or accents are one actor (see [`crate::model::term`]).

use crate::model::slug::Slug;

/// One actor and the articles about it.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Display name, accents kept: the spelling most articles use.
    pub name: String,
    pub slug: Slug,
    /// Site path: `/actors/<slug>/`.
    pub path: String,
    /// Indexes into `Site::articles`, newest first.
    pub articles: Vec<usize>,
    /// The same articles by year, newest year first, for `/actors/<slug>/YYYY/`.
    pub years: Vec<ActorYear>,
}

/// One year of an actor's coverage.
#[derive(Debug, Clone)]
pub struct ActorYear {
    pub year: i16,
    /// Site path: `/actors/<slug>/YYYY/`.
    pub path: String,
    /// Indexes into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}
