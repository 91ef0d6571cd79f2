//! Date archives: years and months, in the site's time zone, newest first.

use crate::model::article::Article;
use crate::model::id::ArticleId;
use crate::model::route::paths;

/// One year of the archive.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: i16,
    pub path: String,
    /// Newest month first; only months with articles.
    pub months: Vec<Month>,
    pub count: usize,
}

/// One month of the archive.
#[derive(Debug, Clone)]
pub struct Month {
    pub year: i16,
    pub month: i8,
    pub path: String,
    /// Newest first.
    pub articles: Vec<ArticleId>,
}

/// Groups articles (sorted newest first) into years and months.
pub fn group(articles: &[Article], prefix: &str) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (index, article) in ArticleId::all(articles.len()).zip(articles) {
        let (year, month) = (
            article.meta.published.year(),
            article.meta.published.month(),
        );
        if years.last().is_none_or(|y| y.year != year) {
            years.push(Year {
                year,
                path: paths::year(prefix, year),
                months: Vec::new(),
                count: 0,
            });
        }
        let current = years.last_mut().expect("just pushed");
        if current.months.last().is_none_or(|m| m.month != month) {
            current.months.push(Month {
                year,
                month,
                path: paths::month(prefix, year, month),
                articles: Vec::new(),
            });
        }
        current.count += 1;
        current
            .months
            .last_mut()
            .expect("just pushed")
            .articles
            .push(index);
    }
    years
}
