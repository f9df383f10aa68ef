//! Formatting for an editor: the formatter's edits, each narrowed to what it changes, for
//! the whole document or for the lines a selection touches.

use crate::format::{format, meaning, FormatOptions};
use crate::text::TextRange;

/// A replacement of `range` (byte offsets of the text) by `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// The edits that format `text`; with `within`, only those that touch the lines of that
/// range (if applying them alone would change what the file means, none).
pub fn formatting_edits(
    text: &str,
    options: &FormatOptions,
    within: Option<TextRange>,
) -> Vec<TextEdit> {
    let formatted = format(text, options);
    if formatted.refused || formatted.text == text {
        return Vec::new();
    }
    let edits: Vec<TextEdit> = formatted
        .edits
        .into_iter()
        .map(|(range, new_text)| before_final_break(text, narrow(text, range, new_text)))
        .collect();
    let Some(within) = within else {
        return edits;
    };
    let within = whole_lines(text, within);
    let chosen: Vec<TextEdit> = edits
        .into_iter()
        .filter(|edit| edit.range.start <= within.end && within.start <= edit.range.end)
        .collect();
    if meaning(&apply_edits(text, &chosen)) != meaning(text) {
        return Vec::new();
    }
    chosen
}

/// The same edit, made before the text's final line break when it would end after it: a
/// position past the last line break (the protocol's empty last line) makes Neovim add a
/// line of its own.
pub(crate) fn before_final_break(text: &str, edit: TextEdit) -> TextEdit {
    let (start, end) = (edit.range.start as usize, edit.range.end as usize);
    let old = text.get(start..end).unwrap_or("");
    let final_lf = text.ends_with('\n') && !text.ends_with("\r\n");
    if end != text.len() || !final_lf || !(old.is_empty() || old.ends_with('\n')) {
        return edit;
    }
    if let Some(new_text) = edit.new_text.strip_suffix('\n') {
        // `X\n` → `Y\n` is `X` → `Y`; inserting `Y\n` after the break is `\nY` before it.
        return match old.is_empty() {
            true => TextEdit {
                range: TextRange::empty(end - 1),
                new_text: format!("\n{new_text}"),
            },
            false => TextEdit {
                range: TextRange::new(start, end - 1),
                new_text: new_text.to_owned(),
            },
        };
    }
    if edit.new_text.is_empty() && start > 0 && text[..start].ends_with('\n') {
        // Deleting whole last lines is deleting from the break before them.
        return TextEdit {
            range: TextRange::new(start - 1, end - 1),
            new_text: String::new(),
        };
    }
    edit
}

/// A range widened to the start of its first line and the end of its last.
fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let (start, end) = (range.start as usize, (range.end as usize).min(text.len()));
    let start = text
        .get(..start)
        .and_then(|before| before.rfind(['\n', '\r']))
        .map_or(0, |idx| idx + 1);
    let end = text
        .get(end..)
        .and_then(|after| after.find(['\n', '\r']))
        .map_or(text.len(), |idx| end + idx);
    TextRange::new(start, end)
}

/// Applies edits (sorted, not overlapping) to a text.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        let range = edit.range.as_usize();
        if range.start < at || range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&edit.new_text);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// An edit without the characters its text keeps at either end: a reordered attribute list
/// replaces the attributes, not the braces.
fn narrow(text: &str, range: TextRange, new_text: String) -> TextEdit {
    let old = &text[range.as_usize()];
    let prefix = old
        .char_indices()
        .zip(new_text.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new_text.len()), |((idx, _), _)| idx);
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new_text[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    TextEdit {
        range: TextRange::new(range.start as usize + prefix, range.end as usize - suffix),
        new_text: new_text[prefix..new_text.len() - suffix].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, within: Option<TextRange>, expected: &[(&str, &str)], result: &str) {
        let edits = formatting_edits(text, &FormatOptions::default(), within);
        let shown: Vec<(&str, &str)> = edits
            .iter()
            .map(|edit| (&text[edit.range.as_usize()], edit.new_text.as_str()))
            .collect();
        assert_eq!(shown, expected);
        assert_eq!(apply_edits(text, &edits), result);
    }

    #[test]
    fn edits_are_as_small_as_the_change() {
        check(
            "Ünï 😀 [x]{^s @a}.\n[@a]: A  \n",
            None,
            &[("^s @a", "@a ^s"), ("", "\n"), ("  ", "")],
            "Ünï 😀 [x]{@a ^s}.\n\n[@a]: A\n",
        );
        check("Tidy.\n", None, &[], "Tidy.\n");
    }

    #[test]
    fn no_edit_ends_after_the_final_line_break() {
        let at = |text: &str, start: usize, end: usize, new: &str| {
            let edit = TextEdit {
                range: TextRange::new(start, end),
                new_text: new.to_owned(),
            };
            let moved = before_final_break(text, edit.clone());
            assert_eq!(
                apply_edits(text, std::slice::from_ref(&moved)),
                apply_edits(text, &[edit])
            );
            (moved.range.start, moved.range.end, moved.new_text)
        };
        assert_eq!(at("a\n", 2, 2, "b\n"), (1, 1, "\nb".to_owned()));
        assert_eq!(at("a\nb\n", 2, 4, "c\n"), (2, 3, "c".to_owned()));
        assert_eq!(at("a\nb\n", 2, 4, ""), (1, 3, String::new()));
        assert_eq!(
            at("a\nb", 1, 1, "x"),
            (1, 1, "x".to_owned()),
            "not at the end"
        );
        assert_eq!(
            at("a\r\n", 3, 3, "b\r\n"),
            (3, 3, "b\r\n".to_owned()),
            "after \\r\\n"
        );
        check(
            "[^s]: S\n  kind: report\n  publisher: @a\n",
            None,
            &[(
                "kind: report\n  publisher: @a",
                "publisher: @a\n  kind: report",
            )],
            "[^s]: S\n  publisher: @a\n  kind: report\n",
        );
    }

    #[test]
    fn a_range_takes_the_edits_it_touches() {
        let text = "[x]{^s @a}.\n\n[y]{^s @b}.\n";
        let second = TextRange::new(13, 14);
        check(
            text,
            Some(second),
            &[("^s @b", "@b ^s")],
            "[x]{^s @a}.\n\n[y]{@b ^s}.\n",
        );
    }
}
