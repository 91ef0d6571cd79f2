//! Actors: the people, organisations, countries and places articles are about or mention.
//!
//! An actor comes from a profile (`content/actors/*.md`: name, kind, aliases, biography) or
//! only from the names front matter lists. [`ActorIndex`] (a [`NameIndex`], shared with
//! authors) resolves any spelling of a name, an alias or a slug to one actor, ignoring case,
//! accents and apostrophe style, and refuses two profiles claiming one name.

use std::path::{Path, PathBuf};

use crate::model::id::{ActorId, ArticleId};
use crate::model::mention::{MentionDetector, name_key, surname_of};
use crate::model::names::Claimant;
pub use crate::model::names::{ClaimLines, NameIndex};
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
    /// `surname:` as written: what the press calls a person alone ("Kim" for Kim Jong-un),
    /// when it is not the name's last word and its particles.
    pub surname: Option<String>,
    pub image: Option<String>,
    /// The profile's photo when `image:` names a static file: its variants and published
    /// original (see `model::image`); filled in when the profile is read.
    pub photo: Option<crate::model::image::ImageUse>,
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
    /// The profile in the site's other languages (`<slug>.<lang>.md` beside it).
    pub translations: Vec<ProfileTranslation>,
}

/// What a profile says in another language: its name there, description and biography.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileTranslation {
    pub lang: String,
    pub name: String,
    pub description: Option<String>,
    pub biography: String,
}

impl Profile {
    /// The profile as the edition in `lang` shows it: its name, description and biography
    /// in that language where the profile has a translation (the sort name follows the
    /// name, unless written). The aliases, slug and page stay the same: one identity.
    pub fn in_language(&mut self, lang: &str) {
        let Some(translation) = self.translations.iter().find(|t| t.lang == lang) else {
            return;
        };
        let translation = translation.clone();
        if translation.name != self.name && self.sort_name == self.name {
            self.sort_name.clone_from(&translation.name);
        }
        self.name = translation.name;
        if translation.description.is_some() {
            self.description = translation.description;
        }
        if !translation.biography.is_empty() {
            self.biography = translation.biography;
        }
    }
}

/// Every name, alias and slug of the actor profiles, resolved to a profile.
pub type ActorIndex = NameIndex<Profile>;

impl Claimant for Profile {
    const KIND: &'static str = "actor";
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
    fn resolved_in_articles(&self) -> bool {
        self.detect && self.kind == Some(Kind::Person)
    }
}

impl NameIndex<Profile> {
    /// The detector for every profile's names and aliases (except `detect: false` profiles and
    /// ambiguous aliases), and for the surnames of people, which name them within an article
    /// that named them in full first. An alias two people share is such a surname too.
    pub fn detector(&self) -> Option<MentionDetector> {
        let detected = || self.profiles.iter().enumerate().filter(|(_, p)| p.detect);
        let names = detected().flat_map(|(id, p)| {
            let aliases = p.aliases.iter().filter(|a| !self.is_ambiguous(a));
            std::iter::once((p.name.as_str(), id)).chain(aliases.map(move |a| (a.as_str(), id)))
        });
        let surnames: Vec<(String, usize)> = detected()
            .filter(|(_, p)| p.kind == Some(Kind::Person))
            .flat_map(|(id, p)| self.surnames(p).into_iter().map(move |s| (s, id)))
            .collect();
        MentionDetector::with_surnames(names, surnames.iter().map(|(s, id)| (s.as_str(), *id)))
    }

    /// A person's surnames: `surname:` or the name's last word with its particles, and the
    /// aliases another profile shares.
    fn surnames(&self, person: &Profile) -> Vec<String> {
        let mut surnames = match &person.surname {
            Some(surname) => vec![surname.clone()],
            None => surname_of(&person.name),
        };
        let shared = person.aliases.iter().filter(|a| self.is_ambiguous(a));
        surnames.extend(shared.cloned());
        surnames
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
    /// How many times each article of `coverage` names it in its text (same order; 0 for an
    /// article only its front matter ties to it).
    pub mention_counts: Vec<u32>,
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

    /// How many times `article`'s text names it (0 when the article is not in its coverage).
    pub fn mentions_in(&self, article: ArticleId) -> u32 {
        self.coverage
            .binary_search(&article)
            .map_or(0, |at| self.mention_counts[at])
    }

    pub fn kind(&self) -> Option<Kind> {
        self.profile.as_ref().and_then(|p| p.kind)
    }

    /// Whether the per-kind view `section` of the actors index lists the actor.
    pub fn is_in_section(&self, section: KindSection) -> bool {
        self.kind().map(Kind::section) == Some(section)
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

    #[test]
    fn people_are_found_by_surname_within_an_article_other_kinds_are_not() {
        let mut kim = profile("Kim Jong-un", &[], "kim-jong-un.md");
        kim.surname = Some("Kim".into());
        let mut sister = profile("Kim Yo-jong", &[], "kim-yo-jong.md");
        sister.surname = Some("Kim".into());
        let mut party = profile("Parti Martin", &["Martin"], "parti.md");
        party.kind = Some(Kind::Organisation);
        let people = ActorIndex::new(vec![kim, sister, party], &mut Vec::new());
        let found = |text: &str| -> Vec<(usize, bool)> {
            let mentions = people.detector().unwrap().find(text);
            mentions.iter().map(|m| (m.actor, m.by_surname)).collect()
        };
        // `surname:` written: the family name comes first.
        assert_eq!(
            found("Kim Jong-un arrive. M. Kim parle"),
            [(0, false), (0, true)]
        );
        assert_eq!(
            found("Kim Yo-jong arrive. Kim parle"),
            [(1, false), (1, true)]
        );
        // An organisation's name has no surname: "Martin" is its alias, found anywhere.
        assert_eq!(found("Martin"), [(2, false)]);
        assert_eq!(found("Parti Martin. Le Parti"), [(2, false)]);
    }

    #[test]
    fn an_alias_two_people_share_names_one_within_an_article_and_says_so() {
        let mut d = Vec::new();
        let index = ActorIndex::new(
            vec![
                profile("Bachar el-Assad", &["Assad"], "a.md"),
                profile("Hafez el-Assad", &["assad"], "b.md"),
            ],
            &mut d,
        );
        let detector = index.detector().unwrap();
        let found = detector.find("Hafez el-Assad a dit. Assad a répété");
        let actors: Vec<(usize, bool)> = found.iter().map(|m| (m.actor, m.by_surname)).collect();
        assert_eq!(actors, [(1, false), (1, true)]);
        assert!(
            d[0].message
                .contains("names one of them only in an article that names that one in full first"),
            "{}",
            d[0]
        );
        // Organisations sharing an alias: it designates neither, as before.
        let mut d = Vec::new();
        let mut north = profile("Corée du Nord", &["COR"], "n.md");
        north.kind = Some(Kind::Country);
        let mut south = profile("Corée du Sud", &["COR"], "s.md");
        south.kind = Some(Kind::Country);
        ActorIndex::new(vec![north, south], &mut d);
        assert!(
            d[0].message.ends_with("the alias designates neither"),
            "{}",
            d[0]
        );
    }
}
