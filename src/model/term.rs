//! Grouping free-text names (actors, tags) into terms with one page each.
//!
//! Two spellings that differ only by case, accents or apostrophes ("Zoé Lefèvre" and "Zoe
//! Lefevre", "Climat" and "climat") are one term: a reader looking for everything on someone
//! must not find it split over two pages. The display name is the spelling most articles use;
//! the others are reported so the newsroom can tidy its front matter. Names a profile claims
//! resolve to that profile's term and keep the profile's spelling.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Group};
use crate::model::article::ArticleMeta;
use crate::model::mention::name_key;
use crate::model::names::Claimant;
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
    pub terms: Vec<Term>,
    pub per_article: Vec<Vec<usize>>,
}

/// One term per profile, in profile order, with no articles yet: the `fixed` terms of
/// [`group`], so that a profile keeps its own name.
pub fn fixed<P: Claimant>(profiles: &[P]) -> Vec<Term> {
    profiles
        .iter()
        .map(|p| Term {
            name: p.name().to_owned(),
            slug: p.slug().clone(),
            articles: Vec::new(),
        })
        .collect()
}

/// Groups the names `names_of` picks from each article. The `fixed` terms (profiles) come
/// first and keep their names; `resolve` says which fixed term a name designates, if any.
/// `kind` ("actor", "tag") words the messages. Terms come out in order of first appearance.
pub fn group<'a, A: AsRef<ArticleMeta>>(
    articles: &'a [A],
    names_of: impl Fn(&'a ArticleMeta) -> &'a [String],
    kind: &str,
    fixed: Vec<Term>,
    resolve: impl Fn(&str) -> Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Grouped {
    let fixed_count = fixed.len();
    let mut terms = fixed;
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut spellings: Vec<Spellings<'a>> = vec![Spellings::default(); terms.len()];
    let mut per_article = Vec::with_capacity(articles.len());
    // What each spelling came to (its term, or `None`: no letters or digits): a name is
    // written the same way in thousands of articles, and resolving, slugifying and keying it
    // transliterates it each time.
    let mut by_spelling: FxHashMap<&'a str, Option<usize>> = FxHashMap::default();
    for (index, article) in articles.iter().enumerate() {
        let mut mine: Vec<usize> = Vec::new();
        for name in names_of(article.as_ref()) {
            let term = *by_spelling.entry(name).or_insert_with(|| {
                resolve(name).or_else(|| {
                    let slug = slugify(name)?;
                    Some(*by_key.entry(name_key(name)).or_insert_with(|| {
                        terms.push(Term {
                            name: String::new(),
                            slug,
                            articles: Vec::new(),
                        });
                        spellings.push(Spellings::default());
                        terms.len() - 1
                    }))
                })
            });
            let Some(term) = term else {
                let message = format!("{kind} `{name}` has no letters or digits; ignored");
                diagnostics.push(at_list(article.as_ref(), kind, message));
                continue;
            };
            if !mine.contains(&term) {
                mine.push(term);
                terms[term].articles.push(index);
                spellings[term].add(name, index);
            }
        }
        per_article.push(mine);
    }
    for (term, spelled) in terms.iter_mut().zip(&spellings).skip(fixed_count) {
        term.name = spelled.choose(kind, articles, diagnostics);
    }
    Grouped { terms, per_article }
}

/// The spellings of one term: (spelling, articles using it, first article).
#[derive(Debug, Clone, Default)]
struct Spellings<'a>(Vec<(&'a str, usize, usize)>);

impl<'a> Spellings<'a> {
    fn add(&mut self, spelling: &'a str, article: usize) {
        match self.0.iter_mut().find(|(s, _, _)| *s == spelling) {
            Some(entry) => entry.1 += 1,
            None => self.0.push((spelling, 1, article)),
        }
    }

    /// The most used spelling; on a tie, the one with more capitals and accents ("Zoé" over
    /// "zoe"). Every other spelling is reported where it first appears.
    fn choose<A: AsRef<ArticleMeta>>(
        &self,
        kind: &str,
        articles: &[A],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let (chosen, _, _) = self
            .0
            .iter()
            .max_by_key(|(spelling, count, first)| {
                (*count, richness(spelling), std::cmp::Reverse(*first))
            })
            .expect("a term has a spelling");
        for (other, _, first) in self.0.iter().filter(|(s, _, _)| s != chosen) {
            let message =
                format!("{kind} `{other}` is written `{chosen}` elsewhere; both are one {kind}");
            diagnostics.push(
                at_list(articles[*first].as_ref(), kind, message)
                    .with_hint(format!(
                        "write `{chosen}` everywhere so the archive reads consistently"
                    ))
                    .grouped(Group::SpellingsMerged),
            );
        }
        (*chosen).to_owned()
    }
}

/// A warning about a name of `kind` ("actor", "tag") at the line of the front matter list
/// that names it: the line the user must edit.
fn at_list(article: &ArticleMeta, kind: &str, message: String) -> Diagnostic {
    let line = match kind {
        "actor" => article.actors_line,
        "author" => article.authors_line,
        "tag" => article.tags_line,
        _ => 0,
    };
    let column = usize::from(line > 0);
    Diagnostic::warning(&article.source_path, line, column, message)
}

fn richness(spelling: &str) -> usize {
    spelling
        .chars()
        .filter(|c| c.is_uppercase() || !c.is_ascii())
        .count()
}

/// Sorts terms by `key` and renumbers the per-article lists to match.
pub fn sort_by<T>(
    items: Vec<T>,
    per_article: &mut [Vec<usize>],
    key: impl Fn(&T) -> String,
) -> Vec<T> {
    let keys: Vec<String> = items.iter().map(&key).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|a, b| keys[*a].cmp(&keys[*b]).then(a.cmp(b)));
    let mut new_index = vec![0; items.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    for list in per_article.iter_mut() {
        for id in list.iter_mut() {
            *id = new_index[*id];
        }
    }
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .map(|old| slots[*old].take().expect("each item once"))
        .collect()
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
        crate::front_matter::validate::article(
            &path,
            text,
            raw,
            &jiff::tz::TimeZone::UTC,
            "fr",
            &mut d,
        )
        .unwrap()
    }

    fn group_free(articles: &[ArticleMeta], d: &mut Vec<Diagnostic>) -> Grouped {
        let mut grouped = group(
            articles,
            |a| &a.actor_names,
            "actor",
            Vec::new(),
            |_| None,
            d,
        );
        grouped.terms = sort_by(grouped.terms, &mut grouped.per_article, |t| {
            collation_key(&t.name)
        });
        grouped
    }

    #[test]
    fn spellings_differing_by_case_accents_or_apostrophes_merge_with_a_warning() {
        let articles = [
            meta(&["Zoé Lefèvre", "Canada"]),
            meta(&["Zoe Lefevre"]),
            meta(&["zoé lefèvre", "Zoé Lefèvre", "Margaret O'Connor"]),
            meta(&["Zoé Lefèvre", "Margaret O’Connor"]),
        ];
        let mut d = Vec::new();
        let grouped = group_free(&articles, &mut d);
        let names: Vec<&str> = grouped.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Canada", "Margaret O’Connor", "Zoé Lefèvre"]);
        assert_eq!(grouped.terms[2].articles, [0, 1, 2, 3]);
        assert_eq!(grouped.per_article[0], [2, 0]);
        assert_eq!(d.len(), 3, "{d:?}");
    }

    #[test]
    fn sorting_ignores_accents() {
        let articles = [meta(&["Zèbre", "Élodie", "Ángel", "bruno"])];
        let grouped = group_free(&articles, &mut Vec::new());
        let names: Vec<&str> = grouped.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Ángel", "bruno", "Élodie", "Zèbre"]);
    }

    #[test]
    fn names_resolving_to_a_fixed_term_keep_its_name() {
        let articles = [meta(&["Lavrov", "Other"])];
        let fixed = vec![Term {
            name: "Sergueï Lavrov".into(),
            slug: slugify("Sergueï Lavrov").unwrap(),
            articles: Vec::new(),
        }];
        let grouped = group(
            &articles,
            |a| &a.actor_names,
            "actor",
            fixed,
            |n| (n == "Lavrov").then_some(0),
            &mut Vec::new(),
        );
        assert_eq!(grouped.terms[0].name, "Sergueï Lavrov");
        assert_eq!(grouped.terms[0].articles, [0]);
        assert_eq!(grouped.terms[1].name, "Other");
    }
}
