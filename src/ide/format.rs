//! Formatting for an editor: the formatter's output as the smallest edits of the text,
//! for the whole document or for the part a selection touches.

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
    let edits: Vec<TextEdit> = diff_edits(text, &formatted.text)
        .into_iter()
        .map(|edit| before_final_break(text, edit))
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

/// The changed lines of `old` → `new` as edits, each narrowed to what differs between its
/// first and last changed character.
fn diff_edits(old: &str, new: &str) -> Vec<TextEdit> {
    use similar::{DiffOp, TextDiff};
    let diff = TextDiff::from_lines(old, new);
    let old_lines = line_offsets(old);
    let new_lines = line_offsets(new);
    let mut edits = Vec::new();
    for op in diff.ops() {
        let (old_range, new_range) = match *op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let old_span = old_lines[old_range.start]..old_lines[old_range.end];
        let new_span = new_lines[new_range.start]..new_lines[new_range.end];
        let (a, b) = (&old[old_span.clone()], &new[new_span.clone()]);
        char_edits(a, b, old_span.start, &mut edits);
    }
    edits
}

/// The differences of two hunks character by character, as edits at `offset`; edits that
/// only a few unchanged characters separate are joined, so that a reordered attribute
/// list is one edit.
fn char_edits(a: &str, b: &str, offset: usize, edits: &mut Vec<TextEdit>) {
    use similar::{DiffTag, TextDiff};
    let diff = TextDiff::from_chars(a, b);
    let (a_chars, b_chars) = (char_starts(a), char_starts(b));
    let mut pending: Option<(usize, usize, usize, usize)> = None;
    let flush = |pending: (usize, usize, usize, usize), edits: &mut Vec<TextEdit>| {
        let (a_start, a_end, b_start, b_end) = pending;
        edits.push(TextEdit {
            range: TextRange::new(offset + a_start, offset + a_end),
            new_text: b[b_start..b_end].to_owned(),
        });
    };
    for op in diff.ops() {
        let (tag, a_range, b_range) = op.as_tag_tuple();
        // Character indices to byte offsets.
        let a_bytes = a_chars[a_range.start]..a_chars[a_range.end];
        let b_bytes = b_chars[b_range.start]..b_chars[b_range.end];
        if tag == DiffTag::Equal {
            if a_bytes.len() > 3 || a[a_bytes.clone()].contains(['\n', '\r']) {
                if let Some(done) = pending.take() {
                    flush(done, edits);
                }
            }
            continue;
        }
        pending = Some(match pending {
            Some((a_start, _, b_start, _)) => (a_start, a_bytes.end, b_start, b_bytes.end),
            None => (a_bytes.start, a_bytes.end, b_bytes.start, b_bytes.end),
        });
    }
    if let Some(done) = pending {
        flush(done, edits);
    }
}

/// The byte offset of each character, and the length last.
fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(idx, _)| idx)
        .chain([text.len()])
        .collect()
}

/// The offset of each line's start, and the text's length last.
fn line_offsets(text: &str) -> Vec<usize> {
    let mut offsets = vec![0];
    let mut at = 0;
    // `similar` splits lines after `\n` (a `\r\n` stays whole; a lone `\r` does not split).
    for line in text.split_inclusive('\n') {
        at += line.len();
        offsets.push(at);
    }
    if offsets.last() != Some(&text.len()) {
        offsets.push(text.len());
    }
    offsets
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
        check(
            "[^s]: S\n  kind: report\n  publisher: @a\n",
            None,
            &[("", "  publisher: @a\n"), ("\n  publisher: @a", "")],
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
