//! The words of the language: known fields, their kinds of value, statuses, and the checks
//! of dates, URLs and Wikidata ids.

use super::DefinitionKind;

/// The kinds of value a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// `@actor`.
    ActorReference,
    Date,
    Url,
    WikidataId,
    /// Comma separated words.
    List,
}

pub struct FieldSpec {
    pub key: &'static str,
    pub value: ValueKind,
    pub repeatable: bool,
    pub doc: &'static str,
}

pub const ACTOR_KINDS: &[&str] = &[
    "person",
    "organization",
    "outlet",
    "government",
    "group",
    "anonymous",
];

/// The actor kinds that name no one a reader can hold to their words: a claim attributed
/// only to such actors, with no `^source`, is a `vague-attribution`.
pub const VAGUE_ACTOR_KINDS: &[&str] = &["group", "anonymous"];

pub const SOURCE_KINDS: &[&str] = &[
    "article",
    "report",
    "interview",
    "statement",
    "video",
    "document",
    "social-post",
    "letter",
    "dataset",
];

const fn spec(key: &'static str, value: ValueKind, doc: &'static str) -> FieldSpec {
    FieldSpec {
        key,
        value,
        repeatable: false,
        doc,
    }
}

pub const ACTOR_FIELDS: &[FieldSpec] = &[
    spec("kind", ValueKind::Choice(ACTOR_KINDS), "what the actor is"),
    spec("role", ValueKind::Text, "the actor's position or function"),
    spec(
        "affiliation",
        ValueKind::ActorReference,
        "the `@actor` this one belongs to",
    ),
    FieldSpec {
        key: "alias",
        value: ValueKind::Text,
        repeatable: true,
        doc: "another name the actor goes by (repeatable)",
    },
    spec("description", ValueKind::Text, "a short description"),
    spec("url", ValueKind::Url, "a page about the actor"),
    spec(
        "wikidata",
        ValueKind::WikidataId,
        "the Wikidata item, such as `Q42`",
    ),
];

pub const SOURCE_FIELDS: &[FieldSpec] = &[
    spec(
        "publisher",
        ValueKind::ActorReference,
        "the `@actor` who published it",
    ),
    spec("url", ValueKind::Url, "where it can be read"),
    spec("date", ValueKind::Date, "when it was published (ISO 8601)"),
    spec(
        "kind",
        ValueKind::Choice(SOURCE_KINDS),
        "what the source is",
    ),
    spec("archived", ValueKind::Url, "an archived copy"),
    spec("accessed", ValueKind::Date, "when it was read (ISO 8601)"),
    spec("description", ValueKind::Text, "a short description"),
];

pub const FRONT_MATTER_FIELDS: &[FieldSpec] = &[
    spec("title", ValueKind::Text, "the article's title"),
    spec("url", ValueKind::Url, "where the article was published"),
    spec(
        "outlet",
        ValueKind::ActorReference,
        "the `@actor` that published the article",
    ),
    spec(
        "published",
        ValueKind::Date,
        "the publication date (ISO 8601)",
    ),
    spec("author", ValueKind::Text, "who wrote the article"),
    spec(
        "language",
        ValueKind::Text,
        "the article's language, such as `en`",
    ),
    spec("tags", ValueKind::List, "comma separated tags"),
];

pub fn definition_fields(kind: DefinitionKind) -> &'static [FieldSpec] {
    match kind {
        DefinitionKind::Actor => ACTOR_FIELDS,
        DefinitionKind::Source => SOURCE_FIELDS,
    }
}

pub fn find_field(fields: &'static [FieldSpec], key: &str) -> Option<&'static FieldSpec> {
    fields.iter().find(|spec| spec.key == key)
}

/// A claim's `status=` verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Asserted,
    Disputed,
    False,
    True,
    Unverified,
    Retracted,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Asserted,
        Status::Disputed,
        Status::False,
        Status::True,
        Status::Unverified,
        Status::Retracted,
    ];

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Asserted => "asserted",
            Status::Disputed => "disputed",
            Status::False => "false",
            Status::True => "true",
            Status::Unverified => "unverified",
            Status::Retracted => "retracted",
        }
    }

    pub fn doc(self) -> &'static str {
        match self {
            Status::Asserted => "stated, not yet judged (the default)",
            Status::Disputed => "contested by credible parties",
            Status::False => "shown to be false",
            Status::True => "shown to be true",
            Status::Unverified => "could not be verified",
            Status::Retracted => "withdrawn by whoever made it",
        }
    }
}

/// The attribute keys and flags the language interprets.
pub const ATTRIBUTE_KEYWORDS: &[(&str, &str)] = &[
    ("quote", "the span is the actor's verbatim words"),
    (
        "rebuts=",
        "this claim contradicts claim `#id` (comma separated for several)",
    ),
    ("supports=", "this claim corroborates claim `#id`"),
    (
        "status=",
        "the verdict: asserted, disputed, false, true, unverified, retracted",
    ),
];

/// Whether `text` is an ISO 8601 date (`2014`, `2014-12`, `2014-12-03`), optionally with a
/// time (`2014-12-03T10:15`, `…:30`, `…Z`, `…+01:00`).
pub fn is_iso_date(text: &str) -> bool {
    let (date, time) = match text.split_once(['T', 't']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    let valid_date = match parts.as_slice() {
        [year] => digits(year, 4),
        [year, month] => digits(year, 4) && digits(month, 2) && (1..=12).contains(&number(month)),
        [year, month, day] => {
            digits(year, 4)
                && digits(month, 2)
                && digits(day, 2)
                && (1..=12).contains(&number(month))
                && (1..=days_in_month(number(year), number(month))).contains(&number(day))
        }
        _ => false,
    };
    if !valid_date {
        return false;
    }
    match time {
        None => true,
        Some(time) => parts.len() == 3 && is_iso_time(time),
    }
}

fn is_iso_time(time: &str) -> bool {
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(idx) => (&time[..idx], &time[idx..]),
        None => (time, ""),
    };
    let two = |part: &str, max: u32| {
        part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()) && number(part) <= max
    };
    let mut fields = clock.split(':');
    let valid_clock = match (fields.next(), fields.next(), fields.next(), fields.next()) {
        (Some(h), Some(m), None, None) => two(h, 23) && two(m, 59),
        (Some(h), Some(m), Some(s), None) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
            two(h, 23)
                && two(m, 59)
                && two(whole, 60)
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    let valid_zone = match zone {
        "" | "Z" | "z" => true,
        _ => {
            // The zone starts with an ASCII sign; what follows may be any text, so it is
            // split where a char boundary allows, never by blind byte index.
            let offset = zone.get(1..).unwrap_or("");
            match offset.split_once(':') {
                Some((h, m)) => two(h, 23) && two(m, 59),
                None => offset
                    .split_at_checked(2)
                    .is_some_and(|(h, m)| two(h, 23) && two(m, 59)),
            }
        }
    };
    valid_clock && valid_zone
}

fn number(digits: &str) -> u32 {
    digits.parse().unwrap_or(0)
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `text` is an absolute http(s) URL with a host and no blanks.
pub fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return false;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    !host.is_empty()
        && !text.chars().any(char::is_whitespace)
        && host
            .chars()
            .all(|ch| ch.is_alphanumeric() || matches!(ch, '.' | '-' | ':' | '[' | ']'))
}

/// Whether `text` is a Wikidata item id such as `Q42`.
pub fn is_wikidata_id(text: &str) -> bool {
    text.strip_prefix('Q').is_some_and(|digits| {
        !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in [
            "2014",
            "2014-12",
            "2014-12-03",
            "2016-02-29",
            "2014-12-03T10:15",
            "2014-12-03T10:15:30Z",
            "2014-12-03T10:15:30.5+01:00",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "",
            "14-12-03",
            "2014-13-01",
            "2015-02-29",
            "2014-12-32",
            "3 Dec 2014",
            "2014/12/03",
            "2014-12-03T25:00",
            "2014-12T10:00",
            "2000-01-01T00:00+😀",
            "2000-01-01T00:00+é1",
            "2000-01-01T00:00-1é",
            "2000-01-01T00:00+",
            "2000-01-01Té",
            "é",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        for ok in [
            "https://example.org",
            "http://x.org/a?b=c#d",
            "https://user@host:8080/p",
            "https://例え.jp/",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "example.org",
            "ftp://x.org",
            "https://",
            "https:// x.org",
            "https://x .org/",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn wikidata() {
        assert!(is_wikidata_id("Q42"));
        assert!(!is_wikidata_id("Q"));
        assert!(!is_wikidata_id("q42"));
        assert!(!is_wikidata_id("Q042"));
        assert!(!is_wikidata_id("P31"));
    }
}
