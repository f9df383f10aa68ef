//! Diagnostics as sent to the client, each serialised once. A keystroke changes a few of a
//! document's diagnostics and moves none of the others in the client's positions (unless it
//! adds or removes a line): their JSON is re-sent as it was, and only the new ones are
//! converted and serialised. With thousands of diagnostics that was most of a keystroke.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::rules;

/// One diagnostic's JSON.
pub(crate) type Fragment = Arc<[u8]>;

/// A document's diagnostics as last sent.
#[derive(Clone, Debug, Default)]
pub(crate) struct SentList {
    pub version: Option<i32>,
    /// Where each stands, in the client's positions: what decides whether its JSON holds.
    pub ranges: Vec<lsp::Range>,
    pub json: Arc<[Fragment]>,
}

impl SentList {
    /// Whether `other` sends the same (most fragments are shared, the rest compared).
    pub fn same_as(&self, other: &SentList) -> bool {
        self.version == other.version
            && self.json.len() == other.json.len()
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

/// The list to send for `found`, re-using a fragment of `previous` (sent for
/// `previous_found`, in the same order) where the diagnostic is the same and stands at the
/// same place. Both lists are sorted by position, so one walk finds them.
pub(crate) fn serialise(
    found: &[rules::Diagnostic],
    previous: Option<(&[rules::Diagnostic], &SentList)>,
    version: Option<i32>,
    range_of: impl Fn(&rules::Diagnostic) -> lsp::Range,
    convert: impl Fn(&rules::Diagnostic) -> lsp::Diagnostic,
) -> SentList {
    let (old_found, old) = match previous {
        Some((found, sent)) if found.len() == sent.json.len() => (found, Some(sent)),
        _ => (&[][..], None),
    };
    let mut ranges = Vec::with_capacity(found.len());
    let mut json = Vec::with_capacity(found.len());
    let mut at = 0;
    for diagnostic in found {
        let range = range_of(diagnostic);
        let reused = old.and_then(|old| {
            while at < old.ranges.len() && before(old.ranges[at], range) {
                at += 1;
            }
            let same = old.ranges.get(at) == Some(&range)
                && old_found
                    .get(at)
                    .is_some_and(|was| same_but_place(was, diagnostic));
            same.then(|| old.json[at].clone())
        });
        json.push(reused.unwrap_or_else(|| fragment(&convert(diagnostic))));
        ranges.push(range);
    }
    SentList {
        version,
        ranges,
        json: json.into(),
    }
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
mod tests {
    use super::*;
    use crate::rules::{Rule, Severity};
    use crate::text::TextRange;

    fn diagnostic(start: usize, message: &str) -> rules::Diagnostic {
        rules::Diagnostic {
            rule: Rule::UndefinedActor,
            severity: Severity::Error,
            range: TextRange::new(start, start + 2),
            message: message.into(),
            related: Vec::new(),
            unnecessary: false,
            fix: None,
        }
    }

    /// One line per 10 bytes, so that a byte offset names its line.
    fn range_of(d: &rules::Diagnostic) -> lsp::Range {
        let line = d.range.start / 10;
        lsp::Range::new(
            lsp::Position::new(line, d.range.start % 10),
            lsp::Position::new(line, d.range.end % 10),
        )
    }

    fn convert(d: &rules::Diagnostic) -> lsp::Diagnostic {
        lsp::Diagnostic {
            range: range_of(d),
            message: d.message.to_string(),
            ..Default::default()
        }
    }

    #[test]
    fn unchanged_diagnostics_keep_their_json_and_changed_ones_get_new() {
        let old_found = vec![diagnostic(1, "a"), diagnostic(21, "b"), diagnostic(41, "c")];
        let old = serialise(&old_found, None, Some(1), range_of, convert);
        // "b" moved within its line (text typed before it), "c" is the same, "d" is new.
        let found = vec![
            diagnostic(1, "a"),
            diagnostic(22, "b"),
            diagnostic(41, "c"),
            diagnostic(61, "d"),
        ];
        let new = serialise(&found, Some((&old_found, &old)), Some(2), range_of, convert);
        assert!(Arc::ptr_eq(&new.json[0], &old.json[0]));
        assert!(!Arc::ptr_eq(&new.json[1], &old.json[1]));
        assert!(Arc::ptr_eq(&new.json[2], &old.json[2]));
        for (fragment, d) in new.json.iter().zip(&found) {
            assert_eq!(&fragment[..], &super::fragment(&convert(d))[..]);
        }
        assert!(!new.same_as(&old));
        let again = serialise(&found, Some((&found, &new)), Some(2), range_of, convert);
        assert!(again.same_as(&new));
    }

    #[test]
    fn a_diagnostic_moved_back_is_serialised_again() {
        let old_found = vec![diagnostic(25, "b")];
        let old = serialise(&old_found, None, None, range_of, convert);
        let found = vec![diagnostic(21, "b")];
        let new = serialise(&found, Some((&old_found, &old)), None, range_of, convert);
        assert_eq!(&new.json[0][..], &fragment(&convert(&found[0]))[..]);
    }

    #[test]
    fn a_changed_message_at_the_same_place_is_serialised_again() {
        let old_found = vec![diagnostic(1, "a")];
        let old = serialise(&old_found, None, None, range_of, convert);
        let found = vec![diagnostic(1, "a, now otherwise")];
        let new = serialise(&found, Some((&old_found, &old)), None, range_of, convert);
        assert_eq!(&new.json[0][..], &fragment(&convert(&found[0]))[..]);
    }
}
