//! UI strings and date names of the theme, one YAML file per language.
//!
//! `themes/<theme>/i18n/<language>.yaml` holds the words templates show ("Derniers articles")
//! and how dates are written ("15 juillet 2016" / "July 15, 2016"); a site may override any of
//! them in `i18n/<language>.yaml` at its root. A new language is a new file, not new code.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::yaml::yaml_error_position;

/// One language's strings and date names.
#[derive(Debug, Clone)]
pub struct Strings {
    /// Flat `key: text` map, exposed to templates as `t`.
    pub words: BTreeMap<String, String>,
    pub dates: DateNames,
}

/// How a language writes dates.
#[derive(Debug, Clone, Deserialize)]
pub struct DateNames {
    /// January first.
    pub months: Vec<String>,
    /// Monday first.
    pub weekdays: Vec<String>,
    /// Pattern with `{day}`, `{month}`, `{year}`: "{day} {month} {year}".
    pub date: String,
    /// Pattern that may add `{weekday}`: "{weekday} {day} {month} {year}".
    pub date_long: String,
    /// Pattern for a month of the archive: "{month} {year}".
    pub month_year: String,
    /// How day 1 is written, when the language has a special form ("1er").
    #[serde(default)]
    pub first_day: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrings {
    dates: DateNames,
    #[serde(default)]
    strings: BTreeMap<String, String>,
}

/// Reads the theme's file for `language`, then the site's overrides if any.
pub fn load(theme_dir: &Path, site_root: &Path, language: &str) -> Result<Strings, Diagnostic> {
    let theme_file = theme_dir.join("i18n").join(format!("{language}.yaml"));
    if !theme_file.is_file() {
        return Err(missing_language(theme_dir, site_root, language));
    }
    let mut strings = parse(&theme_file, site_root)?;
    let site_file = site_root.join("i18n").join(format!("{language}.yaml"));
    if site_file.is_file() {
        let text = read(&site_file, site_root)?;
        let overrides: BTreeMap<String, String> = serde_yaml::from_str(&text)
            .map_err(|e| yaml_problem(&site_file, site_root, &text, &e))?;
        strings.words.extend(overrides);
    }
    Ok(strings)
}

fn parse(file: &Path, site_root: &Path) -> Result<Strings, Diagnostic> {
    let text = read(file, site_root)?;
    let raw: RawStrings =
        serde_yaml::from_str(&text).map_err(|e| yaml_problem(file, site_root, &text, &e))?;
    if raw.dates.months.len() != 12 || raw.dates.weekdays.len() != 7 {
        return Err(Diagnostic::error_in_file(
            &relative(file, site_root),
            "`dates` needs 12 `months` and 7 `weekdays`",
        ));
    }
    Ok(Strings {
        words: raw.strings,
        dates: raw.dates,
    })
}

fn read(file: &Path, site_root: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(file).map_err(|e| {
        Diagnostic::error_in_file(&relative(file, site_root), format!("cannot read: {e}"))
    })
}

fn yaml_problem(file: &Path, site_root: &Path, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = yaml_error_position(e, text, text);
    Diagnostic::error(&relative(file, site_root), line, column, e.to_string()).quoting(text)
}

fn missing_language(theme_dir: &Path, site_root: &Path, language: &str) -> Diagnostic {
    let mut available: Vec<String> = std::fs::read_dir(theme_dir.join("i18n"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".yaml")
                .map(str::to_owned)
        })
        .collect();
    available.sort();
    Diagnostic::error_in_file(
        Path::new("site.yaml"),
        format!("the theme has no strings for language `{language}`"),
    )
    .with_hint(format!(
        "available: {}; or add {}/i18n/{language}.yaml",
        if available.is_empty() {
            "none".to_owned()
        } else {
            available.join(", ")
        },
        relative(theme_dir, site_root).display()
    ))
}

fn relative(path: &Path, root: &Path) -> std::path::PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

impl DateNames {
    /// "15 juillet 2016" / "July 15, 2016".
    pub fn date(&self, date: Date) -> String {
        self.fill(&self.date, date)
    }

    /// "vendredi 15 juillet 2016" / "Friday, July 15, 2016".
    pub fn date_long(&self, date: Date) -> String {
        self.fill(&self.date_long, date)
    }

    /// "juillet 2016" / "July 2016".
    pub fn month_year(&self, year: i16, month: i8) -> String {
        self.month_year
            .replace("{month}", self.month_name(month))
            .replace("{year}", &year.to_string())
    }

    pub fn month_name(&self, month: i8) -> &str {
        &self.months[(month as usize).clamp(1, 12) - 1]
    }

    /// Fills a pattern; besides the named fields, `{dd}` and `{mm}` give two digits. One
    /// pass, writing into one string: every card of a build has two dates.
    pub fn fill(&self, pattern: &str, date: Date) -> String {
        use std::fmt::Write;
        let mut filled = String::with_capacity(pattern.len() + 24);
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            filled.push_str(&rest[..open]);
            rest = &rest[open..];
            let field = DATE_FIELDS.iter().find(|(name, _)| rest.starts_with(name));
            let Some(&(name, field)) = field else {
                filled.push('{');
                rest = &rest[1..];
                continue;
            };
            rest = &rest[name.len()..];
            let _ = match field {
                DateField::Weekday => {
                    let weekday = date.weekday().to_monday_zero_offset() as usize;
                    filled.write_str(&self.weekdays[weekday])
                }
                DateField::Day => match (&self.first_day, date.day()) {
                    (Some(first), 1) => filled.write_str(first),
                    (_, day) => write!(filled, "{day}"),
                },
                DateField::TwoDigitDay => write!(filled, "{:02}", date.day()),
                DateField::Month => filled.write_str(self.month_name(date.month())),
                DateField::TwoDigitMonth => write!(filled, "{:02}", date.month()),
                DateField::Year => write!(filled, "{}", date.year()),
            };
        }
        filled.push_str(rest);
        filled
    }
}

/// A field of a date pattern.
#[derive(Clone, Copy)]
enum DateField {
    Weekday,
    Day,
    TwoDigitDay,
    Month,
    TwoDigitMonth,
    Year,
}

/// The fields of a date pattern, as written in it.
const DATE_FIELDS: [(&str, DateField); 6] = [
    ("{weekday}", DateField::Weekday),
    ("{day}", DateField::Day),
    ("{dd}", DateField::TwoDigitDay),
    ("{month}", DateField::Month),
    ("{mm}", DateField::TwoDigitMonth),
    ("{year}", DateField::Year),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_strings(language: &str) -> Strings {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        load(&theme, Path::new("/nowhere"), language).unwrap()
    }

    #[test]
    fn french_and_english_dates_read_naturally() {
        let fr = theme_strings("fr").dates;
        let en = theme_strings("en").dates;
        let day = Date::new(2016, 7, 15).unwrap();
        assert_eq!(fr.date(day), "15 juillet 2016");
        assert_eq!(fr.date_long(day), "vendredi 15 juillet 2016");
        assert_eq!(fr.date(Date::new(2016, 7, 1).unwrap()), "1er juillet 2016");
        assert_eq!(en.date(day), "July 15, 2016");
        assert_eq!(en.date_long(day), "Friday, July 15, 2016");
        assert_eq!(fr.month_year(2016, 7), "juillet 2016");
    }

    #[test]
    fn date_patterns_fill_every_field_once_and_keep_other_braces() {
        let fr = theme_strings("fr").dates;
        let day = Date::new(2024, 3, 5).unwrap();
        assert_eq!(
            fr.fill("{dd}/{mm}/{year} {weekday} {day} {month} {x} {", day),
            "05/03/2024 mardi 5 mars {x} {"
        );
        assert_eq!(
            fr.fill("{day}{day}", Date::new(2024, 3, 1).unwrap()),
            "1er1er"
        );
        assert_eq!(fr.fill("", day), "");
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let fr: Vec<_> = theme_strings("fr").words.into_keys().collect();
        let en: Vec<_> = theme_strings("en").words.into_keys().collect();
        assert_eq!(fr, en);
    }

    #[test]
    fn unknown_language_lists_the_available_ones() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let d = load(&theme, Path::new("/nowhere"), "xx").unwrap_err();
        assert!(d.hint.unwrap().contains("en, fr"));
    }
}
