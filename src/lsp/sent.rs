//! Diagnostics as sent to the client, each serialised once. A keystroke changes a few of a
//! document's diagnostics and moves none of the others in the client's positions (unless it
//! adds or removes a line): their JSON is re-sent as it was, and only the new ones are
//! converted and serialised. With thousands of diagnostics that was most of a keystroke.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::model::Patch;
use crate::rules;
use crate::text::{LineIndex, TextRange};

/// One diagnostic's JSON.
pub(crate) type Fragment = Arc<[u8]>;

/// A document's diagnostics as last sent.
#[derive(Clone, Debug, Default)]
pub(crate) struct SentList {
    pub version: Option<i32>,
    /// Where each stands, in the client's positions: what decides whether its JSON holds.
    pub ranges: Vec<lsp::Range>,
    /// Where each stood in the text: what lets one an edit only moved keep its columns.
    pub places: Vec<Place>,
    pub json: Arc<[Fragment]>,
    /// The number in the result id of a pull that gets this list: the same while the list
    /// is, another once it changes (see `State::open_result_id`).
    pub result: u64,
}

/// A diagnostic's bytes, and the start of the line it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub bytes: TextRange,
    pub line_start: u32,
}

impl SentList {
    /// Whether `other` sends the same (most fragments are shared, the rest compared).
    pub fn same_as(&self, other: &SentList) -> bool {
        self.version == other.version && self.same_diagnostics(other)
    }

    /// Whether `other` holds the same diagnostics, whatever version it is of: what a
    /// pull's result id stands for.
    pub fn same_diagnostics(&self, other: &SentList) -> bool {
        self.json.len() == other.json.len()
            && self
                .json
                .iter()
                .zip(other.json.iter())
                .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
    }
}

pub(crate) fn fragment(diagnostic: &lsp::Diagnostic) -> Fragment {
    // A `Diagnostic` of the protocol's types always serialises.
    serde_json::to_vec(diagnostic).unwrap_or_default().into()
}

/// The last list sent for a document, with the findings it was made of (in the same
/// order), and how the text changed since, if that is known.
pub(crate) struct Previous<'a> {
    pub found: &'a [rules::Diagnostic],
    pub sent: &'a SentList,
    pub patch: Option<&'a Patch>,
}

/// The list to send for `found`, re-using a fragment of the previous list where the
/// diagnostic is the same and stands at the same place. Both lists are sorted by
/// position, so one walk finds them. When the patch since is known, a finding it only
/// moved keeps its columns, and its line is found by a lookup, not counted again: the
/// text from the start of its line to its end is the same.
pub(crate) fn serialise(
    found: &[rules::Diagnostic],
    previous: Option<Previous<'_>>,
    version: Option<i32>,
    lines: &LineIndex,
    range_of: impl Fn(&rules::Diagnostic) -> lsp::Range,
    convert: impl Fn(&rules::Diagnostic) -> lsp::Diagnostic,
) -> SentList {
    let previous = previous
        .filter(|p| p.found.len() == p.sent.json.len() && p.sent.places.len() == p.sent.json.len());
    let mut ranges = Vec::with_capacity(found.len());
    let mut places = Vec::with_capacity(found.len());
    let mut json = Vec::with_capacity(found.len());
    let mut at = 0;
    // The findings come in order of position: each line is looked for from the last one's.
    let mut line = 0;
    for diagnostic in found {
        line = lines.line_of_from(diagnostic.range.start as usize, line);
        let place = Place {
            bytes: diagnostic.range,
            line_start: lines.line_start(line) as u32,
        };
        let (range, same) = match &previous {
            Some(
                previous @ Previous {
                    patch: Some(patch), ..
                },
            ) => moved(previous, patch, &mut at, diagnostic, place, line),
            Some(previous) => {
                let range = range_of(diagnostic);
                let old = &previous.sent.ranges;
                while at < old.len() && before(old[at], range) {
                    at += 1;
                }
                let same = old.get(at) == Some(&range)
                    && previous
                        .found
                        .get(at)
                        .is_some_and(|was| same_but_place(was, diagnostic));
                (Some(range), same.then_some(at))
            }
            None => (None, None),
        };
        let range = range.unwrap_or_else(|| range_of(diagnostic));
        let reused = same.and_then(|n| {
            let sent = previous.as_ref()?.sent;
            (sent.ranges.get(n) == Some(&range)).then(|| sent.json[n].clone())
        });
        if same.is_some() {
            at += 1;
        }
        json.push(reused.unwrap_or_else(|| fragment(&convert(diagnostic))));
        ranges.push(range);
        places.push(place);
    }
    SentList {
        version,
        ranges,
        places,
        json: json.into(),
        result: 0,
    }
}

/// The previous diagnostic that `diagnostic` is, moved by `patch` (its index), and its
/// range in the client's positions if the patch tells it.
fn moved(
    previous: &Previous<'_>,
    patch: &Patch,
    at: &mut usize,
    diagnostic: &rules::Diagnostic,
    place: Place,
    line: usize,
) -> (Option<lsp::Range>, Option<usize>) {
    let old = &previous.sent.places;
    let key = |range: TextRange| (range.start, range.end);
    // Those before it, or read again by the edit, are passed.
    while *at < old.len()
        && patch
            .map(old[*at].bytes)
            .is_none_or(|moved| key(moved) < key(diagnostic.range))
    {
        *at += 1;
    }
    let Some(was) = old.get(*at) else {
        return (None, None);
    };
    if patch.map(was.bytes) != Some(diagnostic.range)
        || !previous
            .found
            .get(*at)
            .is_some_and(|found| same_but_place(found, diagnostic))
    {
        return (None, None);
    }
    let from_line_start = TextRange::new(was.line_start as usize, was.bytes.end as usize);
    let now = TextRange::new(place.line_start as usize, diagnostic.range.end as usize);
    let range = (patch.map(from_line_start) == Some(now))
        .then(|| {
            previous
                .sent
                .ranges
                .get(*at)
                .map(|sent| on_line(*sent, line))
        })
        .flatten();
    (range, Some(*at))
}

/// `range` moved to start on `line`, its columns and its count of lines kept.
fn on_line(range: lsp::Range, line: usize) -> lsp::Range {
    let line = line as u32;
    let lines = range.end.line.saturating_sub(range.start.line);
    lsp::Range::new(
        lsp::Position::new(line, range.start.character),
        lsp::Position::new(line + lines, range.end.character),
    )
}

fn before(a: lsp::Range, b: lsp::Range) -> bool {
    let key = |r: lsp::Range| (r.start.line, r.start.character, r.end.line, r.end.character);
    key(a) < key(b)
}

/// The same finding, wherever each stands. One with related places is never re-used: those
/// places, in this file or another, may have moved.
fn same_but_place(a: &rules::Diagnostic, b: &rules::Diagnostic) -> bool {
    a.rule == b.rule
        && a.severity == b.severity
        && a.unnecessary == b.unnecessary
        && a.related.is_empty()
        && b.related.is_empty()
        // A finding kept from the last check shares its message.
        && (Arc::ptr_eq(&a.message, &b.message) || a.message == b.message)
}

#[cfg(test)]
mod tests;
