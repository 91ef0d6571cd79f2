//! Publication dates: parsed once from front matter text into an instant in the site's zone.
//!
//! The calendar day and archive month of an article are those of the site's time zone, not of
//! UTC nor of the offset the author typed: an article stamped `2016-12-31T23:30:00Z` on a Paris
//! site belongs to January 2017 in the archive.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
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

/// Parses `text` in one of the accepted forms, in the site zone `tz`:
/// RFC 3339 (`2016-07-15T09:30:00+02:00`), `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DD`.
pub fn parse(text: &str, tz: &TimeZone) -> Result<PublishedAt, DateError> {
    let text = text.trim();
    let error = || DateError {
        text: text.to_owned(),
    };
    if has_offset(text) {
        let timestamp: Timestamp = text.parse().map_err(|_| error())?;
        return Ok(PublishedAt(timestamp.to_zoned_datetime(tz.clone())));
    }
    let civil = if text.len() == 10 {
        text.parse::<Date>()
            .map_err(|_| error())?
            .to_datetime(jiff::civil::Time::midnight())
    } else if text.len() >= 16 && matches!(text.as_bytes()[10], b' ' | b'T') {
        text.parse::<DateTime>().map_err(|_| error())?
    } else {
        return Err(error());
    };
    // An ambiguous or skipped local time (DST change) resolves to the earlier instant.
    let zoned = civil.to_zoned_datetime(tz.clone()).map_err(|_| error())?;
    Ok(PublishedAt(zoned))
}

/// True when the text ends with `Z` or a numeric offset after a time.
fn has_offset(text: &str) -> bool {
    let Some(time_part) = text.get(11..) else {
        return false;
    };
    time_part.ends_with(['Z', 'z']) || time_part.contains(['+', '-'])
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
    fn nonsense_is_an_error() {
        for text in [
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
