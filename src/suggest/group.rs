//! From the archive's counts to suggestions: variants grouped, common words and known names
//! left out, a kind guessed, the best first.
//!
//! The article-level grouping (see `scan`) cannot see across articles; here a name continued
//! past its capitals keeps its usual continuation ("Union" → "Union européenne" when most of
//! its uses go on so), an acronym joins the name it was seen abbreviating, and a surname that
//! appeared alone joins the one full name that dominates it.

use std::collections::HashSet;

use super::scan::{abbreviated, fold_variant, full_name};
use super::tally::{Example, Map, Tallies, Tally};
use super::words::{Lexicon, fold_word, key_of};
use crate::model::actor::{ActorIndex, Kind};
use crate::model::author::AuthorIndex;
use crate::model::mention::name_key;

/// A continuation is the usual one when at least this share of the shorter name's mentions
/// go on with it ("Organisation mondiale de la santé" for "Organisation").
const CONTINUED_SHARE: f64 = 0.6;

/// A word is common when at least this share of its uses are in lower case.
const COMMON_SHARE: f64 = 0.3;

/// The same for a word suggested alone, which nothing else vouches for.
const COMMON_SHARE_ALONE: f64 = 0.15;

/// One name the archive uses often that no profile answers to.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub articles: u32,
    pub mentions: u32,
    pub examples: Vec<Example>,
}

/// The profiles a suggestion must not repeat.
pub struct Known<'a> {
    pub actors: &'a ActorIndex,
    pub authors: &'a AuthorIndex,
}

impl Known<'_> {
    fn claims(&self, name: &str) -> bool {
        self.actors.resolve(name).is_some()
            || self.actors.is_ambiguous(name)
            || self.authors.resolve(name).is_some()
    }

    /// The surnames of person profiles: "Lavrov" for "Sergueï Lavrov".
    fn surnames(&self) -> HashSet<String> {
        let people = self
            .actors
            .profiles
            .iter()
            .filter(|p| p.kind.is_none_or(|k| k == Kind::Person))
            .map(|p| p.name.as_str());
        let authors = self.authors.profiles.iter().map(|p| p.name.as_str());
        people
            .chain(authors)
            .filter(|name| name.split_whitespace().count() >= 2)
            .filter_map(|name| name.split_whitespace().last().map(name_key))
            .collect()
    }
}

/// The suggestions, best first: names in at least `min_articles` articles.
pub fn candidates(mut tallies: Tallies, known: &Known<'_>, min_articles: u32) -> Vec<Candidate> {
    let lexicon = Lexicon::get();
    let abbreviated: HashSet<String> = tallies
        .partners
        .values()
        .flat_map(|p| p.0.iter().map(|(key, _)| key.clone()))
        .collect();
    settle_continuations(&mut tallies.names, &abbreviated);
    join_acronyms(&mut tallies, lexicon, min_articles);
    join_surnames(&mut tallies, lexicon);
    let surnames = known.surnames();
    let mut found: Vec<Candidate> = tallies
        .names
        .iter()
        .filter(|(_, t)| t.articles >= min_articles)
        // The name itself is used twice, not only carried by its variants ("Ukraine
        // Networking" once, with "Networking" joined to it).
        .filter(|(_, t)| t.spellings.0.iter().map(|(_, n)| n).sum::<u32>() >= min_articles.min(2))
        .filter(|(key, t)| !surnames.contains(*key) && !known.claims(t.display()))
        .filter(|(_, t)| is_proper(t, &tallies, lexicon))
        .map(|(key, t)| candidate(key, t, known, lexicon))
        .collect();
    found.sort_by(|a, b| {
        (b.articles, b.mentions)
            .cmp(&(a.articles, a.mentions))
            .then_with(|| a.name.cmp(&b.name))
    });
    found
}

/// Keeps, for each name continued past its capitals, its usual continuations only: a
/// continuation used in most of the shorter name's mentions replaces it; the others go.
/// A continuation an acronym followed in parentheses (`abbreviated`) is a name however rare.
fn settle_continuations(names: &mut Map<String, Tally>, abbreviated: &HashSet<String>) {
    // "Organisation mondiale" leads to "Organisation mondiale de la santé (OMS)": kept too.
    let mut abbreviated = abbreviated.clone();
    for key in abbreviated.clone() {
        let mut at = names.get(&key).and_then(|t| t.parent.clone());
        while let Some(parent) = at {
            at = names.get(&parent).and_then(|t| t.parent.clone());
            if !abbreviated.insert(parent) {
                break;
            }
        }
    }
    let mut children: Map<String, Vec<String>> = Map::default();
    for (key, tally) in names.iter() {
        if let Some(parent) = &tally.parent {
            children
                .entry(parent.clone())
                .or_default()
                .push(key.clone());
        }
    }
    for list in children.values_mut() {
        list.sort();
    }
    let mut gone = HashSet::new();
    let mut roots: Vec<&String> = children
        .keys()
        .filter(|key| names.get(*key).is_some_and(|t| t.parent.is_none()))
        .collect();
    roots.sort();
    let mut stack: Vec<String> = roots.into_iter().cloned().collect();
    while let Some(node) = stack.pop() {
        let mentions = f64::from(names[&node].continuable.max(1));
        let Some(kids) = children.get(&node) else {
            continue;
        };
        let (usual, rare): (Vec<&String>, Vec<&String>) = kids.iter().partition(|kid| {
            // One mention proves no habit: "Syndicat des dockers réclame" once is chance.
            let used = names[*kid].mentions;
            (used >= 2 || abbreviated.contains(*kid))
                && f64::from(used) >= CONTINUED_SHARE * mentions
        });
        for kid in rare {
            drop_tree(kid, &children, &mut gone);
        }
        if !usual.is_empty() {
            gone.insert(node.clone());
            stack.extend(usual.into_iter().cloned());
        }
    }
    names.retain(|key, _| !gone.contains(key));
}

fn drop_tree(key: &String, children: &Map<String, Vec<String>>, gone: &mut HashSet<String>) {
    gone.insert(key.clone());
    for kid in children.get(key).into_iter().flatten() {
        drop_tree(kid, children, gone);
    }
}

/// An acronym joins the name it followed in parentheses most often, or else the one frequent
/// name its letters abbreviate.
fn join_acronyms(tallies: &mut Tallies, lexicon: &Lexicon, min_articles: u32) {
    let mut acronyms: Vec<String> = tallies
        .names
        .iter()
        .filter(|(_, t)| t.acronym && t.parent.is_none())
        .map(|(key, _)| key.clone())
        .collect();
    acronyms.sort();
    let frequent: Vec<(String, String)> = tallies
        .names
        .iter()
        .filter(|(key, t)| t.articles >= min_articles && key.contains(' '))
        .map(|(key, t)| (key.clone(), t.display().to_owned()))
        .collect();
    for acronym in acronyms {
        let partner = tallies
            .partners
            .get(&acronym)
            .map(|p| {
                p.ranked()
                    .into_iter()
                    .map(|(k, _)| k.to_owned())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into_iter()
            .find(|key| tallies.names.contains_key(key));
        let target = partner.or_else(|| abbreviated(&acronym, &frequent, lexicon));
        if let Some(target) = target.filter(|t| *t != acronym && tallies.names.contains_key(t)) {
            let tally = tallies.names.remove(&acronym).expect("listed above");
            fold_variant(tallies.names.get_mut(&target).expect("checked"), tally);
        }
    }
}

/// A surname seen alone joins the full name ending with it that has at least two thirds of
/// the articles of all such names ("Kerry" → "John Kerry").
fn join_surnames(tallies: &mut Tallies, lexicon: &Lexicon) {
    // A common word alone ("Actions", "Release") is no surname, whatever name ends with it.
    let proper: HashSet<String> = tallies
        .names
        .iter()
        .filter(|(_, t)| !t.display().contains(' ') && is_proper(t, tallies, lexicon))
        .map(|(key, _)| key.clone())
        .collect();
    let names = &mut tallies.names;
    let people: Vec<(String, String)> = names
        .iter()
        .filter(|(_, t)| t.parent.is_none() && !t.acronym)
        .map(|(key, t)| (key.clone(), t.display().to_owned()))
        .collect();
    // A surname is one word as written ("Kerry", "O’Connor", "Lefèvre-Nguyen").
    let mut shorts: Vec<&(String, String)> = people
        .iter()
        .filter(|(key, display)| {
            !display.contains(' ')
                && proper.contains(key)
                && !lexicon.is_country(key)
                && !lexicon.is_place(key)
        })
        .collect();
    shorts.sort();
    for (short, display) in shorts {
        let Some(target) = dominant_full_name((short, display), &people, names, lexicon) else {
            continue;
        };
        if let Some(tally) = names.remove(short)
            && let Some(into) = names.get_mut(&target)
        {
            fold_variant(into, tally);
        }
    }
}

fn dominant_full_name(
    (short, display): (&str, &str),
    people: &[(String, String)],
    names: &Map<String, Tally>,
    lexicon: &Lexicon,
) -> Option<String> {
    let suffix = format!(" {short}");
    let matching: Vec<(String, String)> = people
        .iter()
        .filter(|(key, _)| key.ends_with(&suffix))
        .cloned()
        .collect();
    if let Some(only) = full_name((short, display), &matching, lexicon) {
        return Some(only);
    }
    let articles = |key: &str| names.get(key).map_or(0, |t| t.articles);
    let total: u32 = matching.iter().map(|(k, _)| articles(k)).sum();
    let best = matching.iter().max_by(|a, b| {
        articles(&a.0)
            .cmp(&articles(&b.0))
            .then_with(|| b.0.cmp(&a.0))
    })?;
    let single = std::slice::from_ref(best);
    (articles(&best.0) * 3 >= total * 2)
        .then(|| full_name((short, display), single, lexicon))
        .flatten()
}

/// Whether a name is a proper name rather than common words capitalised by chance: no
/// function word, month or nationality alone, words mostly capitalised across the archive,
/// and seen at least once where a capital means something (inside a sentence, or after an
/// honorific).
fn is_proper(tally: &Tally, tallies: &Tallies, lexicon: &Lexicon) -> bool {
    let display = tally.display();
    let words: Vec<String> = display.split_whitespace().map(fold_word).collect();
    if tally.initial >= tally.mentions && tally.honorific == 0 {
        return false;
    }
    // "Thursdays", "Mondays": a weekday in the plural is one too.
    let calendar = |w: &String| {
        lexicon.is_calendar(w) || w.strip_suffix('s').is_some_and(|w| lexicon.is_calendar(w))
    };
    if words.iter().any(calendar) {
        return false;
    }
    if words.len() == 1 && lexicon.is_common_acronym(&words[0]) {
        return false;
    }
    if is_thing(display, lexicon) {
        return false;
    }
    if tally.acronym && words.len() == 1 {
        // "SET", "ERROR", "HOW": a word in capitals, a keyword or a heading.
        return !is_word_in_capitals(&words[0], tallies, lexicon);
    }
    // "John", "Greg": a first name alone says nobody in particular.
    if words.len() == 1 && lexicon.is_first_name(&words[0]) {
        return false;
    }
    // Mostly opening sentences, and written in lower case elsewhere: "Finally", "Utiliser
    // JavaScript" (a heading's verb before a name).
    let mostly_initial = tally.initial * 10 >= tally.mentions * 7;
    if mostly_initial && words.first().is_some_and(|w| is_common(w, tallies)) {
        return false;
    }
    let meaningful: Vec<&String> = words
        .iter()
        .filter(|w| !lexicon.is_particle(w) && !lexicon.is_stop(w) && !lexicon.is_demonym(w))
        .filter(|w| !lexicon.is_title(w))
        .collect();
    let [first, ..] = meaningful.as_slice() else {
        return false;
    };
    if words.len() == 1 {
        let single_noun = lexicon.is_organisation_word(first) || lexicon.is_honorific(first);
        return !single_noun && !is_common_alone(first, tallies);
    }
    let organisation = words.iter().any(|w| lexicon.is_organisation_word(w));
    // "Software Carpentry Instructor", "General Counsel": a role, not who holds it, even
    // with an organisation's name in it.
    let role = words.last().is_some_and(|w| lexicon.is_title(w));
    // "PGDay Paris", "Google Summer of Code": an event.
    let event = words.iter().any(|w| lexicon.is_event_word(w));
    if role || (event && !organisation) {
        return false;
    }
    organisation || !meaningful.iter().all(|w| is_common(w, tallies))
}

/// Software, a format, a plural of a technical acronym, or a word in camel case ("GitHub",
/// "PowerPoint", "CSVs"): things the developer blogs name, not actors. A name with an
/// organisation word is an organisation whatever its words ("PostgreSQL Global Development
/// Group"); "McDonald" or "DiCaprio" are surnames, not camel case.
fn is_thing(display: &str, lexicon: &Lexicon) -> bool {
    let key = key_of(display);
    if lexicon.is_product(&key) {
        return true;
    }
    let words: Vec<&str> = display.split_whitespace().collect();
    let organisation = words
        .iter()
        .any(|w| lexicon.is_organisation_word(&fold_word(w)));
    let plural_acronym = words.len() == 1
        && key
            .strip_suffix('s')
            .is_some_and(|singular| lexicon.is_common_acronym(singular));
    plural_acronym || (!organisation && words.iter().any(|w| is_camel_case(w)))
}

/// A capital after a lower-case letter, or two capitals before a lower-case letter, but
/// after a surname's prefix: "JavaScript", "OpenRefine", "iPhone", "PGCon"; not "McDonald", "MacArthur", "DiCaprio", "LeBlanc", "O’Connor".
fn is_camel_case(word: &str) -> bool {
    let prefixes = [
        "Mc", "Mac", "Di", "De", "Da", "Le", "La", "Du", "Van", "Von", "Fitz",
    ];
    let rest = prefixes
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .filter(|rest| rest.starts_with(char::is_uppercase))
        .unwrap_or(word);
    let mut after_lower = false;
    let mut capitals = 0;
    for c in rest.chars() {
        // "PGDay", "GCTools": capitals, then a capitalised word.
        if (after_lower && c.is_uppercase()) || (capitals >= 2 && c.is_lowercase()) {
            return true;
        }
        after_lower = c.is_lowercase();
        capitals = if c.is_uppercase() { capitals + 1 } else { 0 };
    }
    false
}

/// An acronym that is a word written in capitals ("SET", "ERROR", "HOW"): its lower-case
/// form is a function word or common across the archive. A few organisations are spelt as
/// words ("WHO", the World Health Organization).
fn is_word_in_capitals(folded: &str, tallies: &Tallies, lexicon: &Lexicon) -> bool {
    let organisations = ["who", "nato", "ira"];
    !organisations.contains(&folded) && (lexicon.is_stop(folded) || is_common(folded, tallies))
}

/// A word alone is common at a lower share than in a longer name: "Data", "Summary",
/// "Tools", capitalised in headings and labels, are still words.
fn is_common_alone(folded: &str, tallies: &Tallies) -> bool {
    let use_ = tallies.word(folded);
    use_.lower > 0 && use_.lower_share() >= COMMON_SHARE_ALONE
}

/// A word mostly written in lower case across the archive ("pierre", "port").
fn is_common(folded: &str, tallies: &Tallies) -> bool {
    let use_ = tallies.word(folded);
    use_.lower > 0 && use_.lower_share() >= COMMON_SHARE
}

fn candidate(key: &str, tally: &Tally, known: &Known<'_>, lexicon: &Lexicon) -> Candidate {
    let name = tally.display().to_owned();
    let mut seen: HashSet<String> = HashSet::from([key.to_owned()]);
    let aliases = tally
        .aliases
        .ranked()
        .into_iter()
        .map(|(alias, _)| alias.to_owned())
        // "Mme Hélène Marchetti" adds nothing to "Hélène Marchetti": the name is found in it.
        .filter(|alias| !name_key(alias).ends_with(&format!(" {key}")))
        .filter(|alias| !known.claims(alias) && seen.insert(name_key(alias)))
        .take(6)
        .collect();
    Candidate {
        kind: kind(key, tally, lexicon),
        name,
        aliases,
        articles: tally.articles,
        mentions: tally.mentions,
        examples: tally.examples.clone(),
    }
}

/// The kind a name most likely has: gazetteers first, then organisation words and acronyms,
/// then honorifics and first names for people, then prepositions of place.
pub fn kind(key: &str, tally: &Tally, lexicon: &Lexicon) -> Kind {
    // As written: "Port-Lucet" is one word, a place; "Port autonome du Fleuve" is an
    // organisation.
    let words: Vec<String> = tally.display().split_whitespace().map(fold_word).collect();
    let parts: Vec<&str> = words.iter().flat_map(|w| w.split('-')).collect();
    // The name decides, not its aliases: a country's name among them would be a surname
    // wrongly joined ("Health Canada" is no country).
    let any_name = |test: &dyn Fn(&str) -> bool| test(key);
    let display_words = &words;
    if any_name(&|k| lexicon.is_country(k)) {
        Kind::Country
    } else if any_name(&|k| lexicon.is_place(k)) {
        Kind::Place
    } else if tally.acronym || words.iter().any(|w| lexicon.is_organisation_word(w)) {
        Kind::Organisation
    } else if tally.honorific > 0
        || display_words
            .first()
            .is_some_and(|w| lexicon.is_first_name(w))
    {
        Kind::Person
    } else if parts.iter().any(|w| lexicon.is_place_word(w)) || tally.place * 4 >= tally.mentions {
        Kind::Place
    } else if display_words.len() >= 2 {
        Kind::Person
    } else {
        Kind::Organisation
    }
}

#[cfg(test)]
mod tests;
