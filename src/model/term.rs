//! Grouping free-text names (actors, tags) into terms with one page each.
//!
//! Two spellings that give the same slug ("Zoé Lefèvre" and "Zoe Lefevre", "Climat" and
//! "climat") are one term: a reader looking for everything on someone must not find it split
//! over two pages. The display name is the spelling most articles use; the others are reported
//! so the newsroom can tidy its front matter.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::model::article::ArticleMeta;
use crate::model::slug::{Slug, slugify};

/// A name shared by several articles.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: Slug,
    /// Indexes of the articles that list it, in the order of the input (newest first).
    pub articles: Vec<usize>,
}

/// The terms of a list of articles, and for each article the indexes of its terms.
pub struct Grouped {
    /// Sorted by name, ignoring case and accents.
    pub terms: Vec<Term>,
    pub per_article: Vec<Vec<usize>>,
}

/// Groups the names `names_of` picks from each article. `kind` ("actor", "tag") words messages.
pub fn group<'a>(
    articles: &'a [ArticleMeta],
    names_of: impl Fn(&'a ArticleMeta) -> &'a [String],
    kind: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Grouped {
    let mut by_slug: HashMap<Slug, usize> = HashMap::new();
    let mut spellings: Vec<Vec<(&'a str, usize, usize)>> = Vec::new(); // (spelling, count, first article)
    let mut terms: Vec<Term> = Vec::new();
    let mut per_article = Vec::with_capacity(articles.len());
    for (index, article) in articles.iter().enumerate() {
        let mut mine: Vec<usize> = Vec::new();
        for name in names_of(article) {
            let Some(slug) = slugify(name) else {
                diagnostics.push(Diagnostic::warning(
                    &article.source_path,
                    0,
                    0,
                    format!("{kind} `{name}` has no letters or digits; ignored"),
                ));
                continue;
            };
            let term = *by_slug.entry(slug.clone()).or_insert_with(|| {
                terms.push(Term {
                    name: String::new(),
                    slug,
                    articles: Vec::new(),
                });
                spellings.push(Vec::new());
                terms.len() - 1
            });
            if mine.contains(&term) {
                continue;
            }
            mine.push(term);
            terms[term].articles.push(index);
            match spellings[term].iter_mut().find(|(s, _, _)| *s == name) {
                Some(entry) => entry.1 += 1,
                None => spellings[term].push((name, 1, index)),
            }
        }
        per_article.push(mine);
    }
    for (term, spelled) in terms.iter_mut().zip(&spellings) {
        // Most used spelling; on a tie, the one with more capitals and accents ("Zoé" over "zoe").
        let (chosen, _, _) = spelled
            .iter()
            .max_by_key(|(spelling, count, first)| {
                (*count, richness(spelling), std::cmp::Reverse(*first))
            })
            .expect("a term has a spelling");
        term.name = (*chosen).to_owned();
        for (other, _, first) in spelled.iter().filter(|(s, _, _)| s != chosen) {
            diagnostics.push(
                Diagnostic::warning(
                    &articles[*first].source_path,
                    0,
                    0,
                    format!(
                        "{kind} `{other}` is written `{chosen}` elsewhere; both are one {kind}"
                    ),
                )
                .with_hint(format!(
                    "write `{chosen}` everywhere so the archive reads consistently"
                )),
            );
        }
    }
    sort_terms(terms, per_article)
}

fn richness(spelling: &str) -> usize {
    spelling
        .chars()
        .filter(|c| c.is_uppercase() || !c.is_ascii())
        .count()
}

/// Sorts terms by name (case and accents ignored) and renumbers the article lists.
fn sort_terms(terms: Vec<Term>, per_article: Vec<Vec<usize>>) -> Grouped {
    let mut order: Vec<usize> = (0..terms.len()).collect();
    let keys: Vec<String> = terms.iter().map(|t| collation_key(&t.name)).collect();
    order.sort_by(|a, b| {
        keys[*a]
            .cmp(&keys[*b])
            .then_with(|| terms[*a].name.cmp(&terms[*b].name))
    });
    let mut new_index = vec![0; terms.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
    let terms = order
        .iter()
        .map(|old| slots[*old].take().expect("each term once"))
        .collect();
    let per_article = per_article
        .into_iter()
        .map(|list| list.into_iter().map(|old| new_index[old]).collect())
        .collect();
    Grouped { terms, per_article }
}

/// A key that sorts "Élodie" with the E and "ángel" with the A.
pub fn collation_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn meta(actors: &[&str]) -> ArticleMeta {
        let text = "---\ntitle: T\ndate: 2020-01-01\n---\n";
        let split = crate::front_matter::split(text).unwrap();
        let mut d = Vec::new();
        let path = PathBuf::from("a.md");
        let mut raw = crate::front_matter::parse_article(&path, text, &split, &mut d).unwrap();
        raw.actors = actors.iter().map(|s| s.to_string()).collect();
        crate::model::article::validate(&path, text, raw, &jiff::tz::TimeZone::UTC, "fr", &mut d)
            .unwrap()
    }

    #[test]
    fn spellings_differing_by_case_or_accents_merge_with_a_warning() {
        let articles = [
            meta(&["Zoé Lefèvre", "Canada"]),
            meta(&["Zoe Lefevre"]),
            meta(&["zoé lefèvre", "Zoé Lefèvre"]),
            meta(&["Zoé Lefèvre"]),
        ];
        let mut d = Vec::new();
        let grouped = group(&articles, |a| &a.actor_names, "actor", &mut d);
        let names: Vec<&str> = grouped.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Canada", "Zoé Lefèvre"]);
        assert_eq!(grouped.terms[1].articles, [0, 1, 2, 3]);
        assert_eq!(grouped.per_article[0], [1, 0]);
        assert_eq!(d.len(), 2, "{d:?}");
    }

    #[test]
    fn sorting_ignores_accents() {
        let articles = [meta(&["Zèbre", "Élodie", "Ángel", "bruno"])];
        let grouped = group(&articles, |a| &a.actor_names, "actor", &mut Vec::new());
        let names: Vec<&str> = grouped.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Ángel", "bruno", "Élodie", "Zèbre"]);
    }
}
