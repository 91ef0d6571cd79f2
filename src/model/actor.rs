//! Actors: the people, organisations, countries and places articles are about or mention.
//!
//! An actor comes from a profile (`content/actors/*.md`: name, kind, aliases, biography) or
//! only from the names front matter lists. [`ActorIndex`] resolves any spelling of a name, an
//! alias or a slug to one actor, ignoring case, accents and apostrophe style, and refuses two
//! profiles claiming one name.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Group};
use crate::model::id::{ActorId, ArticleId};
use crate::model::mention::{MentionDetector, name_key};
use crate::model::slug::Slug;

/// What kind of actor a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Organisation,
    Country,
    Place,
    Group,
}

impl Kind {
    pub const NAMES: &[&str] = &["person", "organisation", "country", "place", "group"];

    pub fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "person" => Some(Kind::Person),
            "organisation" | "organization" => Some(Kind::Organisation),
            "country" => Some(Kind::Country),
            "place" => Some(Kind::Place),
            "group" => Some(Kind::Group),
            _ => None,
        }
    }

    /// The per-kind index an actor of this kind is listed in.
    pub fn section(self) -> KindSection {
        match self {
            Kind::Person => KindSection::People,
            Kind::Organisation | Kind::Group => KindSection::Organisations,
            Kind::Country | Kind::Place => KindSection::Places,
        }
    }
}

/// The per-kind views of the actors index: `/actors/people/` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KindSection {
    People,
    Organisations,
    Places,
}

impl KindSection {
    pub const ALL: [KindSection; 3] = [
        KindSection::People,
        KindSection::Organisations,
        KindSection::Places,
    ];

    /// The URL segment and the key of its UI string.
    pub fn name(self) -> &'static str {
        match self {
            KindSection::People => "people",
            KindSection::Organisations => "organisations",
            KindSection::Places => "places",
        }
    }
}

/// A validated actor profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub source_path: PathBuf,
    pub name: String,
    pub slug: Slug,
    pub kind: Option<Kind>,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    /// "Kerry, John": explicit, or the surname first for people.
    pub sort_name: String,
    pub image: Option<String>,
    /// (label, URL), in the order written; a `wikidata` id becomes its Wikidata URL.
    pub links: Vec<(String, String)>,
    /// False for ambiguous names: never searched for in article text.
    pub detect: bool,
    /// Rendered biography.
    pub biography: String,
    /// Lines of `name:`, `aliases:` and `slug:` (0: from the file name), for collision messages.
    pub lines: ClaimLines,
    /// Old URLs that redirect to the actor's page (`url_aliases:`).
    pub url_aliases: Vec<crate::model::redirect::AliasAt>,
}

/// Where a profile's claims are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClaimLines {
    pub name: usize,
    pub aliases: usize,
    pub slug: usize,
}

/// Every name, alias and slug of the profiles, resolved to a profile.
#[derive(Debug, Default, Clone)]
pub struct ActorIndex {
    pub profiles: Vec<Profile>,
    by_key: HashMap<String, usize>,
    /// Aliases two profiles share: they designate neither, and are not searched for.
    ambiguous: HashSet<String>,
}

/// One name a profile answers to.
struct Claim<'p> {
    text: &'p str,
    profile: usize,
    line: usize,
    /// A name or a slug is the profile's identity; an alias is only a way of writing it.
    identity: bool,
}

impl ActorIndex {
    /// Indexes profiles. Two profiles with one name or slug is an error naming both files and
    /// lines. An alias two profiles share ("Kim", "Martin") designates neither: it is dropped,
    /// with a warning naming both, because a shared surname is common in a large archive and
    /// must not stop the build.
    pub fn new(profiles: Vec<Profile>, diagnostics: &mut Vec<Diagnostic>) -> ActorIndex {
        let mut claims: HashMap<String, Vec<Claim<'_>>> = HashMap::new();
        for (id, profile) in profiles.iter().enumerate() {
            let lines = profile.lines;
            let own = [
                (profile.name.as_str(), lines.name, true),
                (profile.slug.as_str(), lines.slug, true),
            ];
            let aliases = profile
                .aliases
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
        ActorIndex {
            profiles,
            by_key,
            ambiguous,
        }
    }

    /// The profile a name, alias or slug designates.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.by_key.get(&name_key(name)).copied()
    }

    /// The detector for every profile's names and aliases (except `detect: false` profiles and
    /// ambiguous aliases).
    pub fn detector(&self) -> Option<MentionDetector> {
        let names = self
            .profiles
            .iter()
            .enumerate()
            .filter(|(_, p)| p.detect)
            .flat_map(|(id, p)| {
                let aliases = p
                    .aliases
                    .iter()
                    .filter(|a| !self.ambiguous.contains(&name_key(a)));
                std::iter::once((p.name.as_str(), id)).chain(aliases.map(move |a| (a.as_str(), id)))
            });
        MentionDetector::new(names)
    }
}

/// Which profile a key designates, reporting conflicts; `None` when it designates none.
fn settle(
    claims: &[Claim<'_>],
    profiles: &[Profile],
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

fn claim_collision(
    first: &Claim<'_>,
    second: &Claim<'_>,
    profiles: &[Profile],
    fatal: bool,
) -> Diagnostic {
    let at = |c: &Claim<'_>| {
        let path = profiles[c.profile].source_path.display();
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
    let path = &profiles[second.profile].source_path;
    let column = if second.line > 0 { 1 } else { 0 };
    if fatal {
        Diagnostic::error(path, second.line, column, message).with_hint(
            "a name or slug must designate one actor; rename one profile or give it a `slug:`",
        )
    } else {
        Diagnostic::warning(path, second.line, column, format!("{message}; the alias designates neither"))
            .grouped(Group::AmbiguousAliases)
            .with_hint("an ambiguous alias is neither resolved nor searched for; make it longer (\"M. Kim\", \"Kim Jong-un\") to use it")
    }
}

crate::model::id::indexed_by!(crate::model::id::ActorId, Actor);

/// One actor of the site.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Display name, accents kept.
    pub name: String,
    pub slug: Slug,
    /// Site path: `/actors/<slug>/`.
    pub path: String,
    pub profile: Option<Profile>,
    /// The articles about it (front matter), newest first.
    pub about: Vec<ArticleId>,
    /// Articles that mention it without listing it, newest first.
    pub mentions: Vec<ArticleId>,
    /// `about` and `mentions` together, newest first.
    pub coverage: Vec<ArticleId>,
    /// Coverage by year, newest year first, for `/actors/<slug>/YYYY/`.
    pub years: Vec<ActorYear>,
    /// The actors most often in the same articles, and how many articles each shares.
    pub often_with: Vec<(ActorId, usize)>,
}

impl Actor {
    /// The text the actors index sorts by: the sort name, without case or accents.
    pub fn sort_key(&self) -> String {
        let sort_name = self
            .profile
            .as_ref()
            .map_or(self.name.as_str(), |p| p.sort_name.as_str());
        name_key(sort_name)
    }

    pub fn kind(&self) -> Option<Kind> {
        self.profile.as_ref().and_then(|p| p.kind)
    }

    /// Per-year pages, for actors whose coverage spans several years and more than one page
    /// (a page size of 0 counts as the default one); none when `actor_years` is off.
    pub fn year_pages(&self, paginate: &crate::config::Paginate) -> &[ActorYear] {
        let page = match paginate.actor {
            0 => crate::config::Paginate::DEFAULT,
            per_page => per_page,
        };
        if paginate.actor_years && self.years.len() > 1 && self.coverage.len() > page {
            &self.years
        } else {
            &[]
        }
    }
}

/// One year of an actor's coverage.
#[derive(Debug, Clone)]
pub struct ActorYear {
    pub year: i16,
    /// Site path: `/actors/<slug>/YYYY/`.
    pub path: String,
    /// Newest first.
    pub articles: Vec<ArticleId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn profile(name: &str, aliases: &[&str], file: &str) -> Profile {
        use crate::front_matter::RawActor;
        let raw = RawActor {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            kind: Some(crate::front_matter::Located {
                value: "person".into(),
                line: 3,
            }),
            detect: true,
            name_line: 2,
            aliases_line: 4,
            ..RawActor::default()
        };
        let mut problems = Vec::new();
        crate::front_matter::validate::actor_profile(
            Path::new(file),
            "",
            raw,
            String::new(),
            &mut problems,
        )
        .unwrap()
    }

    #[test]
    fn resolves_names_aliases_and_slugs_ignoring_case_accents_apostrophes() {
        let index = ActorIndex::new(
            vec![
                profile(
                    "Sergueï Lavrov",
                    &["M. Lavrov"],
                    "content/actors/serguei-lavrov.md",
                ),
                profile("Margaret O’Connor", &[], "content/actors/oconnor.md"),
            ],
            &mut Vec::new(),
        );
        for name in [
            "Sergueï Lavrov",
            "serguei lavrov",
            "SERGUEÏ LAVROV",
            "m. lavrov",
            "serguei-lavrov",
        ] {
            assert_eq!(index.resolve(name), Some(0), "{name}");
        }
        assert_eq!(index.resolve("Margaret O'Connor"), Some(1));
        assert_eq!(index.resolve("oconnor"), Some(1));
        assert_eq!(index.resolve("Lavrov"), None);
    }

    #[test]
    fn two_profiles_with_one_name_is_an_error_naming_both() {
        let mut d = Vec::new();
        ActorIndex::new(
            vec![
                profile("Ana Kim", &[], "a.md"),
                profile("ana kim", &[], "b.md"),
            ],
            &mut d,
        );
        assert!(
            d.iter()
                .any(|d| d.is_error() && d.message.contains("a.md:2 and b.md:2")),
            "{d:?}"
        );
    }

    #[test]
    fn an_alias_a_name_also_uses_goes_to_the_name() {
        let mut d = Vec::new();
        let index = ActorIndex::new(
            vec![
                profile("Assad", &[], "a.md"),
                profile("Bachar el-Assad", &["Assad"], "b.md"),
            ],
            &mut d,
        );
        assert_eq!(index.resolve("assad"), Some(0));
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
    }

    #[test]
    fn two_profiles_sharing_an_alias_makes_it_ambiguous_with_a_warning_naming_both() {
        let mut d = Vec::new();
        let index = ActorIndex::new(
            vec![
                profile("Bachar el-Assad", &["Assad"], "a.md"),
                profile("Hafez el-Assad", &["assad"], "b.md"),
            ],
            &mut d,
        );
        assert_eq!(index.resolve("Assad"), None);
        assert_eq!(index.detector().unwrap().find("Assad a dit").len(), 0);
        assert_eq!(
            index.detector().unwrap().find("Hafez el-Assad a dit").len(),
            1
        );
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert!(
            d[0].message
                .contains("`assad` is claimed by two profiles: a.md:4 and b.md:4"),
            "{}",
            d[0]
        );
        assert_eq!((d[0].path.as_path(), d[0].line), (Path::new("b.md"), 4));
    }
}
