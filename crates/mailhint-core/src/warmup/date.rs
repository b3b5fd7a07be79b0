//! Calendar dates of the plan's days: parse `YYYY-MM-DD`, add days, print.
//!
//! Written by hand: the plan needs only "the start date plus N days" in the proleptic Gregorian
//! calendar, which is Howard Hinnant's two short `days_from_civil`/`civil_from_days` functions;
//! a date crate (`time`, `jiff`) would add time zones and formatting machinery to the wasm for
//! that. The core reads no clock: the start date is always an input.

use std::fmt;

/// The earliest year a plan may start in.
pub const MIN_YEAR: i32 = 2000;
/// The latest year a plan may start in (far enough for any real plan, small enough that every
/// day of the longest plan still prints as four digits).
pub const MAX_YEAR: i32 = 9000;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

/// Why a text is no start date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Format,
    /// The year is outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    Year(i32),
    /// No such day (a 13th month, 30 February…).
    NoSuchDay,
}

impl DateError {
    /// What is wrong with the date, in `lang`.
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, ZhCn};
        match (self, lang) {
            (DateError::Format, En) => "the start date must be written YYYY-MM-DD, e.g. 2026-12-01".into(),
            (DateError::Format, ZhCn) => "开始日期须写成 YYYY-MM-DD 格式，例如 2026-12-01".into(),
            (DateError::Year(y), En) => format!("the start year {y} is outside {MIN_YEAR}–{MAX_YEAR}"),
            (DateError::Year(y), ZhCn) => format!("开始年份 {y} 不在 {MIN_YEAR}–{MAX_YEAR} 之间"),
            (DateError::NoSuchDay, En) => "the start date does not exist in the calendar".into(),
            (DateError::NoSuchDay, ZhCn) => "开始日期在日历中不存在".into(),
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(crate::Lang::En))
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// The date of `year`, `month` (1–12) and `day` (1–31), if it exists and its year is within
    /// [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::Year(year));
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { days: days_from_civil(year, month, day) })
    }

    /// Reads `YYYY-MM-DD` (ISO 8601's calendar date, as `<input type=date>` gives it).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let text = text.trim();
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10)
        {
            return Err(DateError::Format);
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| DateError::Format);
        let year = number(0..4)? as i32;
        Date::new(year, number(5..7)?, number(8..10)?)
    }

    /// The date `days` days after 1970-01-01 (what a host's clock gives, divided by 86,400
    /// seconds), if its year is within [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn from_unix_days(days: i64) -> Result<Date, DateError> {
        let (year, ..) = civil_from_days(days.clamp(-1 << 40, 1 << 40));
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::Year(year));
        }
        Ok(Date { days })
    }

    /// The date `days` days later.
    pub fn plus_days(self, days: u32) -> Date {
        Date { days: self.days + i64::from(days) }
    }

    /// Year, month (1–12) and day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Hinnant, "chrono-Compatible Low-Level Date Algorithms").
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day) of a day counted from 1970-01-01, for
/// any day (no range check; [`Date::from_unix_days`] is the checked form).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        assert_eq!(Date::parse("2026-11-26").unwrap().to_string(), "2026-11-26");
        assert_eq!(Date::parse(" 2024-02-29 ").unwrap().to_string(), "2024-02-29");
    }

    #[test]
    fn refuses_what_is_no_date() {
        for bad in ["", "2026-1-1", "26-11-2026", "2026/11/26", "2026-11-26T00:00", "２０２６-11-26", "+026-11-26"]
        {
            assert_eq!(Date::parse(bad), Err(DateError::Format), "{bad:?}");
        }
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "1900-02-29"] {
            assert!(Date::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Date::parse("1999-12-31"), Err(DateError::Year(1999)));
        assert_eq!(Date::parse("9001-01-01"), Err(DateError::Year(9001)));
        assert!(Date::parse("9000-12-31").is_ok());
    }

    #[test]
    fn reads_a_clocks_day_count() {
        assert_eq!(Date::from_unix_days(20_418).unwrap().to_string(), "2025-11-26");
        assert_eq!(Date::from_unix_days(10_957).unwrap().to_string(), "2000-01-01");
        assert_eq!(Date::from_unix_days(10_956), Err(DateError::Year(1999)));
        assert!(Date::from_unix_days(i64::MAX).is_err() && Date::from_unix_days(i64::MIN).is_err());
    }

    #[test]
    fn adds_days_across_months_years_and_leap_days() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2024-02-28").plus_days(1).to_string(), "2024-02-29");
        assert_eq!(d("2024-02-28").plus_days(2).to_string(), "2024-03-01");
        assert_eq!(d("2025-02-28").plus_days(1).to_string(), "2025-03-01");
        assert_eq!(d("2026-12-31").plus_days(1).to_string(), "2027-01-01");
        assert_eq!(d("2000-01-01").plus_days(366).to_string(), "2001-01-01");
        assert_eq!(d("1970-01-01".replace("1970", "2000").as_str()).plus_days(0).to_string(), "2000-01-01");
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = Date::parse("2000-01-01").unwrap();
        let mut expected = (2000, 1, 1);
        for i in 0..146_097u32 {
            let (y, m, d) = start.plus_days(i).ymd();
            assert_eq!((y, m, d), expected);
            assert_eq!(Date::new(y, m, d).unwrap(), start.plus_days(i));
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }
}
