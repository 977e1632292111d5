//! Calendar dates of year, month or day precision, and validity spans.
//!
//! News evidence is dated loosely ("in April", "later this year"), so a date may
//! stop at the year or the month. A date of lower precision stands for the whole
//! period it names: `2016-04` starts on 1 April and ends on 30 April, which is what
//! time-window filters compare against. Kept to four bytes so millions of dated
//! events stay cheap; no calendar crate is needed for this.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A proleptic Gregorian date; `month` or `day` 0 means "not given".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i16,
    month: u8,
    day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// A full date, checked against the calendar.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date {
            year: year as i16,
            month,
            day,
        })
    }

    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    /// The first day of the period this date names.
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month.max(1),
            day: self.day.max(1),
        }
    }

    /// The last day of the period this date names.
    pub fn last_day(self) -> Date {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.year(), month)
        } else {
            self.day
        };
        Date {
            year: self.year,
            month,
            day,
        }
    }

    /// Days since 1970-01-01 of the first day this date names (for offsets such
    /// as ICEWS hour counts, and Parquet's DATE columns).
    pub(crate) fn to_days(self) -> i64 {
        // Shift the year to start in March so the leap day falls last.
        let d = self.first_day();
        let (m, y) = (
            i64::from(d.month),
            i64::from(d.year) - i64::from(d.month <= 2),
        );
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(d.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::ymd(i32::try_from(year).ok()?, month, day)
    }

    /// This date moved by `days` (at day precision).
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(days)?)
    }

    /// Four bytes (year, month, day), for binary snapshots.
    pub(crate) fn to_bits(self) -> u32 {
        u32::from(self.year as u16) << 16 | u32::from(self.month) << 8 | u32::from(self.day)
    }

    /// The inverse of [`to_bits`](Self::to_bits); `None` for anything no date encodes to.
    pub(crate) fn from_bits(bits: u32) -> Option<Date> {
        let (year, month, day) = ((bits >> 16) as u16 as i16, (bits >> 8) as u8, bits as u8);
        let ok = (1..=9999).contains(&year)
            && month <= 12
            && (month != 0 || day == 0)
            && (day == 0 || day <= days_in_month(i32::from(year), month));
        ok.then_some(Date { year, month, day })
    }
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let bad = || {
            DateError(format!(
                "'{s}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"
            ))
        };
        let parts: Vec<&str> = s.split('-').collect();
        let widths_ok = matches!(parts.as_slice(), [y, rest @ ..] if y.len() == 4 && rest.iter().all(|p| p.len() == 2))
            && parts.len() <= 3;
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts
            .get(1)
            .map_or(Ok(0), |p| p.parse())
            .map_err(|_| bad())?;
        let day: u8 = parts
            .get(2)
            .map_or(Ok(0), |p| p.parse())
            .map_err(|_| bad())?;
        if year == 0 {
            return Err(DateError(format!(
                "'{s}' has the year 0000, which the calendar kg uses has not (the years run 0001 to 9999)"
            )));
        }
        if parts.len() >= 2 && !(1..=12).contains(&month) {
            return Err(DateError(format!("'{s}' has no month {month}")));
        }
        if parts.len() == 3 && (day == 0 || day > days_in_month(year, month)) {
            return Err(DateError(format!(
                "'{s}' is not a day of the calendar: {year}-{month:02} has {} days",
                days_in_month(year, month)
            )));
        }
        Ok(Date {
            year: year as i16,
            month,
            day,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// When a relation holds: one date, or a closed range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub from: Date,
    pub to: Date,
}

impl Span {
    pub fn at(date: Date) -> Span {
        Span {
            from: date,
            to: date,
        }
    }

    /// Whether any day of this span falls in `[from, to]` (either end open when `None`).
    pub fn overlaps(&self, from: Option<Date>, to: Option<Date>) -> bool {
        let starts_before_end = to.is_none_or(|t| self.from.first_day() <= t.last_day());
        let ends_after_start = from.is_none_or(|f| self.to.last_day() >= f.first_day());
        starts_before_end && ends_after_start
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{} .. {}", self.from, self.to)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!("2016".parse::<Date>().unwrap().to_string(), "2016");
        assert_eq!("2016-04".parse::<Date>().unwrap().to_string(), "2016-04");
        assert_eq!(
            "2016-03-14".parse::<Date>().unwrap().to_string(),
            "2016-03-14"
        );
        assert_eq!(
            "2016-02-29".parse::<Date>().unwrap().to_string(),
            "2016-02-29"
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2016-02-30",
            "2015-02-29",
            "2016-13",
            "2016-00-10",
            "16-03-14",
            "2016/03/14",
            "",
            "2016-3-4",
            "0000",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} accepted");
        }
        let e = "2016-02-30".parse::<Date>().unwrap_err();
        assert_eq!(
            e.0,
            "'2016-02-30' is not a day of the calendar: 2016-02 has 29 days"
        );
    }

    #[test]
    fn periods_and_overlap() {
        let april: Date = "2016-04".parse().unwrap();
        assert_eq!(april.first_day().to_string(), "2016-04-01");
        assert_eq!(april.last_day().to_string(), "2016-04-30");
        let span = Span::at(april);
        let d = |s: &str| Some(s.parse::<Date>().unwrap());
        assert!(span.overlaps(d("2016-04-15"), d("2016-04-15")));
        assert!(span.overlaps(None, d("2016-04-01")));
        assert!(!span.overlaps(d("2016-05-01"), None));
        assert!(!span.overlaps(None, d("2016-03-31")));
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let base = Date::ymd(2014, 1, 1).unwrap();
        assert_eq!(base.add_days(0).unwrap(), base);
        assert_eq!(base.add_days(31).unwrap().to_string(), "2014-02-01");
        assert_eq!(base.add_days(364).unwrap().to_string(), "2014-12-31");
        assert_eq!(
            Date::ymd(2016, 2, 28)
                .unwrap()
                .add_days(1)
                .unwrap()
                .to_string(),
            "2016-02-29"
        );
        assert_eq!(Date::ymd(1970, 1, 1).unwrap().to_days(), 0);
    }
}
