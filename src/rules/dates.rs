//! What to say about a date that is not ISO 8601: the date it converts to when it reads
//! one way only, or what is wrong with it.

use crate::model::vocabulary::{days_in_month, is_iso_date};

/// The advice for a value that `is_iso_date` refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DateAdvice {
    /// It reads one way only: the ISO form.
    Convert(String),
    /// It names a month or day that does not exist; the reason, in words.
    NoSuchDate(String),
    /// Day and month could be either way round: both readings.
    Ambiguous(String, String),
    /// Nothing to go on.
    Unreadable,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(crate) fn advise(text: &str) -> DateAdvice {
    let text = text.trim();
    if let Some((date, _)) = text.split_once(['T', 't']) {
        if is_iso_date(date) {
            return DateAdvice::NoSuchDate(format!("the time after `{date}` is not hh:mm or hh:mm:ss, with an optional zone such as Z or +01:00"));
        }
    }
    let numbers: Vec<&str> = text.split(['-', '/', '.']).collect();
    let all_digits = numbers.iter().all(|part| {
        !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit())
    });
    if numbers.len() == 3 && all_digits {
        let [a, b, c] = [0, 1, 2].map(|idx| numbers[idx].parse::<u32>().unwrap_or(0));
        if numbers[0].len() == 4 {
            return ymd(a, b, c);
        }
        if numbers[2].len() == 4 {
            return match (a <= 12, b <= 12) {
                (true, true) if a != b => match (ymd(c, a, b), ymd(c, b, a)) {
                    (DateAdvice::Convert(first), DateAdvice::Convert(second)) => {
                        DateAdvice::Ambiguous(first, second)
                    }
                    (DateAdvice::Convert(one), _) | (_, DateAdvice::Convert(one)) => {
                        DateAdvice::Convert(one)
                    }
                    (other, _) => other,
                },
                (true, _) => ymd(c, a, b),
                _ => ymd(c, b, a),
            };
        }
        return DateAdvice::Unreadable;
    }
    with_month_name(text)
}

/// `March 23rd 2021`, `23 March 2021`, `Dec. 3, 2014`, `March 2021`.
fn with_month_name(text: &str) -> DateAdvice {
    let (mut year, mut month, mut day) = (None, None, None);
    for word in text
        .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == '.' || ch == '-' || ch == '/')
        .filter(|word| !word.is_empty())
    {
        let lower = word.to_lowercase();
        let digits = lower.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
        let suffix = &lower[digits.len()..];
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let value: u32 = digits.parse().unwrap_or(0);
            if digits.len() == 4 && suffix.is_empty() && year.is_none() {
                year = Some(value);
            } else if digits.len() <= 2
                && ["", "st", "nd", "rd", "th"].contains(&suffix)
                && day.is_none()
            {
                day = Some(value);
            } else {
                return DateAdvice::Unreadable;
            }
        } else if let Some(idx) = month_index(&lower) {
            if month.replace(idx as u32 + 1).is_some() {
                return DateAdvice::Unreadable;
            }
        } else {
            return DateAdvice::Unreadable;
        }
    }
    match (year, month, day) {
        (Some(year), Some(month), Some(day)) => ymd(year, month, day),
        (Some(year), Some(month), None) => DateAdvice::Convert(format!("{year:04}-{month:02}")),
        _ => DateAdvice::Unreadable,
    }
}

/// A month's full name or a prefix of it of three letters or more (`Dec`, `Sept`).
fn month_index(word: &str) -> Option<usize> {
    if word.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|name| name.starts_with(word))
}

fn ymd(year: u32, month: u32, day: u32) -> DateAdvice {
    if !(1..=12).contains(&month) {
        return DateAdvice::NoSuchDate(format!("there is no month {month}"));
    }
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        let name = MONTHS[month as usize - 1];
        let mut name = name.to_owned();
        name[..1].make_ascii_uppercase();
        return DateAdvice::NoSuchDate(format!("{name} {year} has no day {day}"));
    }
    DateAdvice::Convert(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::{advise, DateAdvice};

    fn convert(text: &str) -> DateAdvice {
        DateAdvice::Convert(text.to_owned())
    }

    #[test]
    fn dates_that_read_one_way_convert() {
        assert_eq!(advise("March 23rd 2021"), convert("2021-03-23"));
        assert_eq!(advise("23 March 2021"), convert("2021-03-23"));
        assert_eq!(advise("Dec. 3, 2014"), convert("2014-12-03"));
        assert_eq!(advise("Sept 1 2020"), convert("2020-09-01"));
        assert_eq!(advise("March 2021"), convert("2021-03"));
        assert_eq!(advise("2021-3-5"), convert("2021-03-05"));
        assert_eq!(advise("2021/03/05"), convert("2021-03-05"));
        assert_eq!(advise("23/03/2021"), convert("2021-03-23"));
        assert_eq!(advise("03/23/2021"), convert("2021-03-23"));
        assert_eq!(advise("04/04/2021"), convert("2021-04-04"));
    }

    #[test]
    fn impossible_and_ambiguous_dates_say_why() {
        assert_eq!(
            advise("2021-02-30"),
            DateAdvice::NoSuchDate("February 2021 has no day 30".to_owned())
        );
        assert_eq!(
            advise("2014-13-02"),
            DateAdvice::NoSuchDate("there is no month 13".to_owned())
        );
        assert_eq!(
            advise("03/04/2021"),
            DateAdvice::Ambiguous("2021-03-04".to_owned(), "2021-04-03".to_owned())
        );
        assert_eq!(advise("soon"), DateAdvice::Unreadable);
        assert_eq!(advise("March"), DateAdvice::Unreadable);
        assert_eq!(advise("12/13/14"), DateAdvice::Unreadable);
        assert!(matches!(
            advise("2014-12-03T25:00"),
            DateAdvice::NoSuchDate(_)
        ));
    }
}
