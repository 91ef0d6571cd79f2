//! The names profiles answer to: one index for actor and author profiles alike.
//!
//! A profile claims its name, its slug and its aliases. [`NameIndex`] resolves any spelling of
//! them (case, accents and apostrophe style ignored, see [`name_key`]) to one profile, refuses
//! two profiles claiming one name or slug, and drops an alias two profiles share. Actors and
//! authors resolve the same way because they are read the same way: by a name in front matter.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Group};
use crate::model::mention::name_key;
use crate::model::slug::Slug;

/// Where a profile's claims are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClaimLines {
    pub name: usize,
    pub aliases: usize,
    pub slug: usize,
}

/// A profile that claims names: an actor's or an author's.
pub trait Claimant {
    /// "actor" or "author", for messages.
    const KIND: &'static str;
    fn name(&self) -> &str;
    fn slug(&self) -> &Slug;
    fn aliases(&self) -> &[String];
    fn lines(&self) -> ClaimLines;
    fn source_path(&self) -> &Path;
    /// Whether an alias it shares with another profile still names it within an article
    /// that names it in full (people's surnames, see `model::mention`).
    fn resolved_in_articles(&self) -> bool {
        false
    }
}

/// Every name, alias and slug of some profiles, resolved to a profile.
#[derive(Debug, Clone)]
pub struct NameIndex<P> {
    pub profiles: Vec<P>,
    by_key: HashMap<String, usize>,
    /// Aliases two profiles share: they designate neither.
    ambiguous: HashSet<String>,
}

impl<P> Default for NameIndex<P> {
    fn default() -> Self {
        NameIndex {
            profiles: Vec::new(),
            by_key: HashMap::new(),
            ambiguous: HashSet::new(),
        }
    }
}

/// One name a profile answers to.
struct Claim<'p> {
    text: &'p str,
    profile: usize,
    line: usize,
    /// A name or a slug is the profile's identity; an alias is only a way of writing it.
    identity: bool,
}

impl<P: Claimant> NameIndex<P> {
    /// Indexes profiles. Two profiles with one name or slug is an error naming both files and
    /// lines. An alias two profiles share ("Kim", "Martin") designates neither: it is dropped,
    /// with a warning naming both, because a shared surname is common in a large archive and
    /// must not stop the build.
    pub fn new(profiles: Vec<P>, diagnostics: &mut Vec<Diagnostic>) -> NameIndex<P> {
        let mut claims: HashMap<String, Vec<Claim<'_>>> = HashMap::new();
        for (id, profile) in profiles.iter().enumerate() {
            let lines = profile.lines();
            let own = [
                (profile.name(), lines.name, true),
                (profile.slug().as_str(), lines.slug, true),
            ];
            let aliases = profile
                .aliases()
                .iter()
                .map(|a| (a.as_str(), lines.aliases, false));
            for (text, line, identity) in own.into_iter().chain(aliases) {
                let claim = Claim {
                    text,
                    profile: id,
                    line,
                    identity,
                };
                claims.entry(name_key(text)).or_default().push(claim);
            }
        }
        let mut by_key = HashMap::new();
        let mut ambiguous = HashSet::new();
        for (key, claims) in &claims {
            match settle(claims, &profiles, diagnostics) {
                Some(id) => {
                    by_key.insert(key.clone(), id);
                }
                None => {
                    ambiguous.insert(key.clone());
                }
            }
        }
        NameIndex {
            profiles,
            by_key,
            ambiguous,
        }
    }
}

impl<P> NameIndex<P> {
    /// The profile a name, alias or slug designates.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.by_key.get(&name_key(name)).copied()
    }

    /// Whether two profiles share this alias, so that it designates neither.
    pub fn is_ambiguous(&self, name: &str) -> bool {
        self.ambiguous.contains(&name_key(name))
    }
}

/// Which profile a key designates, reporting conflicts; `None` when it designates none.
fn settle<P: Claimant>(
    claims: &[Claim<'_>],
    profiles: &[P],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let first = &claims[0];
    let others: Vec<&Claim<'_>> = claims
        .iter()
        .filter(|c| c.profile != first.profile)
        .collect();
    if others.is_empty() {
        return Some(first.profile);
    }
    let identities: Vec<&Claim<'_>> = claims.iter().filter(|c| c.identity).collect();
    let owner = identities.first().map(|c| c.profile);
    if let Some(clash) = identities.iter().find(|c| Some(c.profile) != owner) {
        diagnostics.push(claim_collision(identities[0], clash, profiles, true));
        return owner;
    }
    // Aliases only, or aliases of others colliding with one profile's name: the name wins.
    let aliases: Vec<&Claim<'_>> = claims.iter().filter(|c| Some(c.profile) != owner).collect();
    let shown = identities.first().copied().unwrap_or(aliases[0]);
    for alias in aliases.iter().filter(|c| c.profile != shown.profile) {
        diagnostics.push(claim_collision(shown, alias, profiles, false));
    }
    owner
}

fn claim_collision<P: Claimant>(
    first: &Claim<'_>,
    second: &Claim<'_>,
    profiles: &[P],
    fatal: bool,
) -> Diagnostic {
    let at = |c: &Claim<'_>| {
        let path = profiles[c.profile].source_path().display();
        if c.line > 0 {
            format!("{path}:{}", c.line)
        } else {
            format!("{path} (its file name)")
        }
    };
    let message = format!(
        "`{}` is claimed by two profiles: {} and {}",
        second.text,
        at(first),
        at(second)
    );
    let path = profiles[second.profile].source_path();
    let column = if second.line > 0 { 1 } else { 0 };
    if fatal {
        Diagnostic::error(path, second.line, column, message).with_hint(format!(
            "a name or slug must designate one {}; rename one profile or give it a `slug:`",
            P::KIND
        ))
    } else if profiles[first.profile].resolved_in_articles()
        && profiles[second.profile].resolved_in_articles()
    {
        // Two people sharing a surname is ordinary; an article that names one in full
        // resolves it, so this is a note on where it counts, not a fault.
        Diagnostic::warning(path, second.line, column, format!("{message}; it names one of them only in an article that names that one in full first"))
            .grouped(Group::AmbiguousAliases)
            .with_hint("front matter `actors:` cannot use it; elsewhere, a longer alias (\"Kim Jong-un\") is found in every article")
    } else {
        Diagnostic::warning(path, second.line, column, format!("{message}; the alias designates neither"))
            .grouped(Group::AmbiguousAliases)
            .with_hint("an ambiguous alias is neither resolved nor searched for; make it longer (\"M. Kim\", \"Kim Jong-un\") to use it")
    }
}
