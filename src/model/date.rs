//! Publication dates: parsed once from front matter text into an instant in the site's zone.
//!
//! The calendar day and archive month of an article are those of the site's time zone, not of
//! UTC nor of the offset the author typed: an article stamped `2016-12-31T23:30:00Z` on a Paris
//! site belongs to January 2017 in the archive.

use jiff::civil::{Date, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime as Zoned};

/// When an article was published (or updated), in the site's time zone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PublishedAt(Zoned);

impl PublishedAt {
    pub fn zoned(&self) -> &Zoned {
        &self.0
    }

    pub fn timestamp(&self) -> Timestamp {
        self.0.timestamp()
    }

    pub fn year(&self) -> i16 {
        self.0.year()
    }

    pub fn month(&self) -> i8 {
        self.0.month()
    }

    pub fn day(&self) -> i8 {
        self.0.day()
    }

    pub fn date(&self) -> Date {
        self.0.date()
    }

    /// ISO 8601 with offset, for `<time datetime>` and feeds: `2016-07-15T09:30:00+02:00`.
    pub fn iso(&self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date")]
pub struct DateError {
    pub text: String,
}

/// Parses `text` in the site zone `tz`. Accepted: RFC 3339 (`2016-07-15T09:30:00+02:00`),
/// `YYYY-MM-DD HH:MM[:SS]` (site zone) and `YYYY-MM-DD`; and, because real archives carry
/// them, a one-digit hour (`8:32`), a space before the offset, offsets without a colon
/// (`-0400`) and the common zone abbreviations of North America and Europe (`EDT`, `CET`).
pub fn parse(text: &str, tz: &TimeZone) -> Result<PublishedAt, DateError> {
    let text = text.trim();
    let error = || DateError {
        text: text.to_owned(),
    };
    if let Some(date) = parse_written_date(text) {
        let zoned = date
            .to_datetime(Time::midnight())
            .to_zoned_datetime(tz.clone())
            .map_err(|_| error())?;
        return Ok(PublishedAt(zoned));
    }
    let date: Date = text
        .get(..10)
        .ok_or_else(error)?
        .parse()
        .map_err(|_| error())?;
    let rest = &text[10..];
    if rest.is_empty() {
        let zoned = date
            .to_datetime(Time::midnight())
            .to_zoned_datetime(tz.clone())
            .map_err(|_| error())?;
        return Ok(PublishedAt(zoned));
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(error)?;
    let (time, zone) = split_time(rest).ok_or_else(error)?;
    let civil = date.to_datetime(time);
    let zoned = match zone {
        None => civil.to_zoned_datetime(tz.clone()),
        Some(offset) => offset
            .to_timestamp(civil)
            .map(|t| t.to_zoned_datetime(tz.clone())),
    };
    zoned.map(PublishedAt).map_err(|_| error())
}

/// English and French month names, for dates written out in imported archives.
const MONTH_NAMES: [&[&str]; 12] = [
    &["january", "janvier", "jan", "janv"],
    &["february", "février", "feb", "févr", "fevrier"],
    &["march", "mars", "mar"],
    &["april", "avril", "apr", "avr"],
    &["may", "mai"],
    &["june", "juin", "jun"],
    &["july", "juillet", "jul", "juil"],
    &["august", "août", "aug", "aout"],
    &["september", "septembre", "sep", "sept"],
    &["october", "octobre", "oct"],
    &["november", "novembre", "nov"],
    &["december", "décembre", "dec", "déc", "decembre"],
];

/// `July 27, 2021`, `27 July 2021`, `1er juillet 2016`: a calendar day written out.
fn parse_written_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let [a, b, year] = words.as_slice() else {
        return None;
    };
    let month_of = |word: &str| {
        let word = word.trim_end_matches('.').to_lowercase();
        MONTH_NAMES
            .iter()
            .position(|names| names.contains(&word.as_str()))
            .map(|i| i as i8 + 1)
    };
    let day_of = |word: &str| {
        let digits = ["st", "nd", "rd", "th", "er"]
            .iter()
            .find_map(|s| word.strip_suffix(s))
            .unwrap_or(word);
        digits.parse::<i8>().ok()
    };
    let (month, day) = match (month_of(a), month_of(b)) {
        (Some(month), None) => (month, day_of(b)?),
        (None, Some(month)) => (month, day_of(a)?),
        _ => return None,
    };
    let year: i16 = year.parse().ok().filter(|y| (1000..=9999).contains(y))?;
    Date::new(year, month, day).ok()
}

/// `H:MM[:SS[.fff]]` then an optional zone.
fn split_time(text: &str) -> Option<(Time, Option<Offset>)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(text.len());
    let (clock, zone) = text.split_at(end);
    let mut parts = clock.split(':');
    let number = |part: Option<&str>, max_len: usize| -> Option<i8> {
        let part = part?;
        (!part.is_empty() && part.len() <= max_len)
            .then(|| part.parse().ok())
            .flatten()
    };
    let hour = number(parts.next(), 2)?;
    let minute = number(parts.next(), 2)?;
    let second = match parts.next() {
        Some(seconds) => number(Some(seconds.split('.').next().unwrap_or("")), 2)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let time = Time::new(hour, minute, second, 0).ok()?;
    let zone = zone.trim_start();
    if zone.is_empty() {
        return Some((time, None));
    }
    Some((time, Some(parse_offset(zone)?)))
}

/// `Z`, `+02:00`, `+0200`, `+02` or a common abbreviation.
fn parse_offset(zone: &str) -> Option<Offset> {
    let hours = |h: i32| Offset::from_seconds(h * 3600).ok();
    match zone.to_ascii_uppercase().as_str() {
        "Z" | "UTC" | "GMT" => return hours(0),
        "EST" => return hours(-5),
        "EDT" | "AST" => return hours(-4),
        "CST" => return hours(-6),
        "CDT" => return hours(-5),
        "MST" => return hours(-7),
        "MDT" => return hours(-6),
        "PST" => return hours(-8),
        "PDT" => return hours(-7),
        "CET" | "BST" => return hours(1),
        "CEST" => return hours(2),
        _ => {}
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if h > 23 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// The hint shown with a [`DateError`].
pub const DATE_HINT: &str =
    "write `2016-07-15`, `2016-07-15 09:30` (site time zone) or `2016-07-15T09:30:00+02:00`";

#[cfg(test)]
mod tests {
    use super::*;

    fn paris() -> TimeZone {
        TimeZone::get("Europe/Paris").unwrap()
    }

    #[test]
    fn three_forms_are_accepted() {
        let tz = paris();
        assert_eq!(
            parse("2016-07-15", &tz).unwrap().iso(),
            "2016-07-15T00:00:00+02:00"
        );
        assert_eq!(
            parse("2016-07-15 09:30", &tz).unwrap().iso(),
            "2016-07-15T09:30:00+02:00"
        );
        assert_eq!(
            parse("2016-07-15 09:30:05", &tz).unwrap().iso(),
            "2016-07-15T09:30:05+02:00"
        );
        assert_eq!(
            parse("2016-07-15T09:30:00-04:00", &tz).unwrap().iso(),
            "2016-07-15T15:30:00+02:00"
        );
    }

    #[test]
    fn calendar_day_is_the_site_zone_day() {
        let new_year = parse("2016-12-31T23:30:00Z", &paris()).unwrap();
        assert_eq!(
            (new_year.year(), new_year.month(), new_year.day()),
            (2017, 1, 1)
        );
        let utc = parse("2016-12-31T23:30:00Z", &TimeZone::UTC).unwrap();
        assert_eq!((utc.year(), utc.month()), (2016, 12));
    }

    #[test]
    fn messy_real_world_forms_are_accepted() {
        let tz = TimeZone::UTC;
        let iso = |t: &str| parse(t, &tz).unwrap().iso();
        assert_eq!(
            iso("2010-10-22 11:33:15 -0400"),
            "2010-10-22T15:33:15+00:00"
        );
        assert_eq!(iso("2011-11-28 8:32:24 -0400"), "2011-11-28T12:32:24+00:00");
        assert_eq!(iso("2016-03-21 12:00 EDT"), "2016-03-21T16:00:00+00:00");
        assert_eq!(
            iso("2016-03-21T12:00:00.250+05:30"),
            "2016-03-21T06:30:00+00:00"
        );
        assert_eq!(iso("2016-03-21 12:00:00 +02"), "2016-03-21T10:00:00+00:00");
        assert_eq!(iso("July 27, 2021"), "2021-07-27T00:00:00+00:00");
        assert_eq!(iso("27 July 2021"), "2021-07-27T00:00:00+00:00");
        assert_eq!(iso("1er juillet 2016"), "2016-07-01T00:00:00+00:00");
        assert_eq!(iso("Sept. 3rd, 2019"), "2019-09-03T00:00:00+00:00");
    }

    #[test]
    fn nonsense_is_an_error() {
        for text in [
            "September 31, 2014",
            "Smarch 8, 2014",
            "2016-03-21 12:00 XYZ",
            "2016-03-21 12:00 +2400",
            "2016-03-21 12:00:00:00",
            "yesterday",
            "2016-13-01",
            "2016-02-30",
            "15/07/2016",
            "2016-07-15 25:00",
            "",
        ] {
            assert!(parse(text, &paris()).is_err(), "{text}");
        }
    }
}
