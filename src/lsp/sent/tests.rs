use super::*;
use crate::rules::{Rule, Severity};
use crate::text::Encoding;

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

/// Lines of 10 bytes, so that a byte offset names its line.
fn ten_byte_lines() -> (String, LineIndex) {
    let text = "abcdefghi\n".repeat(10);
    let lines = LineIndex::new(&text);
    (text, lines)
}

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

/// The list for `found`, after `old` was sent for `old_found`, with no patch known.
fn resend(
    found: &[rules::Diagnostic],
    old_found: &[rules::Diagnostic],
    old: &SentList,
) -> SentList {
    let (_, lines) = ten_byte_lines();
    let previous = Previous {
        found: old_found,
        sent: old,
        patch: None,
    };
    serialise(
        found,
        Some(previous),
        old.version,
        &lines,
        range_of,
        convert,
    )
}

#[test]
fn unchanged_diagnostics_keep_their_json_and_changed_ones_get_new() {
    let (_, lines) = ten_byte_lines();
    let old_found = vec![diagnostic(1, "a"), diagnostic(21, "b"), diagnostic(41, "c")];
    let old = serialise(&old_found, None, Some(1), &lines, range_of, convert);
    // "b" moved within its line (text typed before it), "c" is the same, "d" is new.
    let found = vec![
        diagnostic(1, "a"),
        diagnostic(22, "b"),
        diagnostic(41, "c"),
        diagnostic(61, "d"),
    ];
    let new = resend(&found, &old_found, &old);
    assert!(Arc::ptr_eq(&new.json[0], &old.json[0]));
    assert!(!Arc::ptr_eq(&new.json[1], &old.json[1]));
    assert!(Arc::ptr_eq(&new.json[2], &old.json[2]));
    for (fragment, d) in new.json.iter().zip(&found) {
        assert_eq!(&fragment[..], &super::fragment(&convert(d))[..]);
    }
    assert!(!new.same_as(&old));
    let again = resend(&found, &found, &new);
    assert!(again.same_as(&new));
}

#[test]
fn a_diagnostic_moved_back_is_serialised_again() {
    let (_, lines) = ten_byte_lines();
    let old_found = vec![diagnostic(25, "b")];
    let old = serialise(&old_found, None, None, &lines, range_of, convert);
    let found = vec![diagnostic(21, "b")];
    let new = resend(&found, &old_found, &old);
    assert_eq!(&new.json[0][..], &fragment(&convert(&found[0]))[..]);
}

#[test]
fn a_changed_message_at_the_same_place_is_serialised_again() {
    let (_, lines) = ten_byte_lines();
    let old_found = vec![diagnostic(1, "a")];
    let old = serialise(&old_found, None, None, &lines, range_of, convert);
    let found = vec![diagnostic(1, "a, now otherwise")];
    let new = resend(&found, &old_found, &old);
    assert_eq!(&new.json[0][..], &fragment(&convert(&found[0]))[..]);
}

/// Two findings of different rules at one place each keep their own JSON.
#[test]
fn findings_that_share_a_place_are_matched_one_for_one() {
    let (_, lines) = ten_byte_lines();
    let mut second = diagnostic(11, "b");
    second.rule = Rule::InvalidField;
    let old_found = vec![diagnostic(11, "a"), second];
    let old = serialise(&old_found, None, None, &lines, range_of, convert);
    let new = resend(&old_found, &old_found, &old);
    assert!(Arc::ptr_eq(&new.json[0], &old.json[0]));
    assert!(Arc::ptr_eq(&new.json[1], &old.json[1]));
}

mod moved {
    //! Through the engine's patches: what a finding only moved keeps must be what
    //! counting its place again gives, after any edits.

    use std::path::PathBuf;

    use proptest::prelude::*;

    use super::*;
    use crate::workspace::engine::Document;
    use crate::workspace::Workspace;

    /// A finding at each `@x`, as a rule would make them.
    fn findings(text: &str) -> Vec<rules::Diagnostic> {
        text.match_indices("@x")
            .map(|(at, _)| diagnostic(at, "x"))
            .collect()
    }

    fn utf16(text: &str, lines: &LineIndex, d: &rules::Diagnostic) -> lsp::Range {
        let (start, end) = lines.range_line_cols(
            text,
            d.range.start as usize,
            d.range.end as usize,
            Encoding::Utf16,
        );
        lsp::Range::new(
            lsp::Position::new(start.line, start.col),
            lsp::Position::new(end.line, end.col),
        )
    }

    const TEXT: &str = "# Héading\n\nSome [claim]{@x} 😀 and [another]{#b @x}.\r\n\n“Quoted” [c]{@x ^s}\n\n[@x]: X\n\nLast @x.\n";
    const SNIPPETS: &[&str] = &[
        "x",
        "é",
        "😀",
        "\n",
        "\n\n",
        "\r\n",
        "@x",
        "",
        "[a]{@x}\n\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn kept_columns_are_those_counted_again(
            edits in prop::collection::vec((0.0..=1.0f64, 0usize..6, 0usize..9), 1..12)
        ) {
            let mut ws = Workspace::new();
            let mut doc = Document::new(PathBuf::from("a.cdown"), TEXT.to_owned());
            let id = doc.refresh(&mut ws).id;
            doc.take_change(&ws);
            let file = ws.file(id).ok_or_else(|| TestCaseError::fail("no file"))?;
            let mut found = findings(&file.text);
            let mut sent = {
                let (text, lines) = (&file.text, &file.line_index);
                serialise(&found, None, None, lines, |d| utf16(text, lines, d), |d| lsp::Diagnostic { range: utf16(text, lines, d), ..Default::default() })
            };
            for &(at, len, snippet) in &edits {
                let start = (at * doc.text().len() as f64) as usize;
                doc.edit(start, start + len, SNIPPETS[snippet]);
                doc.refresh(&mut ws);
                let change = doc.take_change(&ws);
                let file = ws.file(id).ok_or_else(|| TestCaseError::fail("no file"))?;
                let (text, lines) = (&file.text, &file.line_index);
                let now = findings(text);
                let previous = Previous { found: &found, sent: &sent, patch: change.as_ref().map(|c| &c.patch) };
                let convert = |d: &rules::Diagnostic| lsp::Diagnostic { range: utf16(text, lines, d), ..Default::default() };
                let next = serialise(&now, Some(previous), None, lines, |d| utf16(text, lines, d), convert);
                for (n, d) in now.iter().enumerate() {
                    prop_assert_eq!(next.ranges[n], utf16(text, lines, d), "{:?} in {:?}", d.range, text);
                    prop_assert_eq!(&next.json[n][..], &fragment(&convert(d))[..]);
                }
                found = now;
                sent = next;
            }
        }
    }
}
