//! Splitting a list of articles into numbered pages.
//!
//! Page 1 lives at the list's own URL, later pages at `…/page/N/`. A page knows only its own
//! number, the page count and its slice, so building a pager costs the same on page 2 as on
//! page 2,000.

use std::ops::Range;

/// One page of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pager {
    /// 1-based.
    pub number: usize,
    pub count: usize,
    /// The slice of the list this page shows.
    pub start: usize,
    pub end: usize,
}

impl Pager {
    /// Page `number` (1-based) of a list of `len` items, `per_page` at a time (0: all at once).
    pub fn new(len: usize, per_page: usize, number: usize) -> Pager {
        let count = page_count(len, per_page);
        let number = number.clamp(1, count);
        let (start, end) = if per_page == 0 {
            (0, len)
        } else {
            ((number - 1) * per_page, (number * per_page).min(len))
        };
        Pager {
            number,
            count,
            start,
            end,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// How many pages a list of `len` items takes; an empty list still has its first page.
pub fn page_count(len: usize, per_page: usize) -> usize {
    if per_page == 0 || len == 0 {
        1
    } else {
        len.div_ceil(per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_zero_one_exactly_n_and_n_plus_one() {
        assert_eq!(
            Pager::new(0, 10, 1),
            Pager {
                number: 1,
                count: 1,
                start: 0,
                end: 0
            }
        );
        assert_eq!(
            Pager::new(1, 10, 1),
            Pager {
                number: 1,
                count: 1,
                start: 0,
                end: 1
            }
        );
        assert_eq!(
            Pager::new(10, 10, 1),
            Pager {
                number: 1,
                count: 1,
                start: 0,
                end: 10
            }
        );
        assert_eq!(
            Pager::new(11, 10, 2),
            Pager {
                number: 2,
                count: 2,
                start: 10,
                end: 11
            }
        );
    }

    #[test]
    fn zero_per_page_shows_everything() {
        assert_eq!(
            Pager::new(55, 0, 1),
            Pager {
                number: 1,
                count: 1,
                start: 0,
                end: 55
            }
        );
    }
}
