//! The words of the language: known fields, their kinds of value, statuses, and the checks
//! of dates, URLs and Wikidata ids.

use time::format_description::well_known::Iso8601;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime};

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

/// Whether `text` is an ISO 8601 date: reduced to a year (`2014`) or a month (`2014-12`), a
/// calendar, ordinal or week date (`2014-12-03`, `2014-337`, `2014-W49-3`, or their basic
/// forms), optionally with a time and offset (`2014-12-03T10:15`, `…:30.5`, `…Z`, `…+01:00`).
/// `t` and `z` may be lowercase, as RFC 3339 allows.
pub fn is_iso_date(text: &str) -> bool {
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    // The reduced forms, which the `time` crate does not read.
    if digits(text, 4) {
        return true;
    }
    if let Some((year, month)) = text.split_once('-') {
        if digits(year, 4) && digits(month, 2) {
            return (1..=12).contains(&month.parse::<u8>().unwrap_or(0));
        }
    }
    let upper;
    let text = match text.bytes().any(|b| matches!(b, b't' | b'z')) {
        true => {
            upper = text.to_ascii_uppercase();
            upper.as_str()
        }
        false => text,
    };
    Date::parse(text, &Iso8601::PARSING).is_ok()
        || PrimitiveDateTime::parse(text, &Iso8601::PARSING).is_ok()
        || OffsetDateTime::parse(text, &Iso8601::PARSING).is_ok()
}

/// The days of a month of the Gregorian calendar (31 for a month that does not exist).
pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    let month = u8::try_from(month)
        .ok()
        .and_then(|month| Month::try_from(month).ok());
    let year = i32::try_from(year).unwrap_or(0);
    month.map_or(31, |month| {
        u32::from(time::util::days_in_month(month, year))
    })
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
            "2014-12-03t10:15:30z",
            "20141203T1015Z",
            "2014-337",
            "2014-W49-3",
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
            "2014-12-03 10:15",
            "2014-00",
            "2014-W54-1",
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
