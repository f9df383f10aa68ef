//! The plain text of prose: markup stripped, escapes resolved, line breaks folded.

use crate::text::TextRange;

/// A run of prose as it reads: a `text` node, or the character an escape stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextPiece {
    Verbatim(TextRange),
    Escaped { range: TextRange, ch: char },
}

impl TextPiece {
    pub fn range(self) -> TextRange {
        match self {
            TextPiece::Verbatim(range) | TextPiece::Escaped { range, .. } => range,
        }
    }
}

/// Joins the pieces inside `range`: a line break between two pieces reads as a space, a
/// blank line as a paragraph break; runs of blanks fold into one.
pub(crate) fn plain_text(pieces: &[TextPiece], text: &str, range: TextRange) -> String {
    let first = pieces.partition_point(|piece| piece.range().end <= range.start);
    let mut res = String::new();
    let mut prev_end: Option<u32> = None;
    for piece in &pieces[first..] {
        let piece_range = piece.range();
        if piece_range.start >= range.end {
            break;
        }
        if let Some(prev_end) = prev_end {
            let gap = text
                .get(prev_end as usize..piece_range.start as usize)
                .unwrap_or("");
            let gap = without_attribute_lists(gap);
            if has_blank_line(&gap) {
                res.push_str("\n\n");
            } else if gap.contains(['\n', '\r']) {
                res.push(' ');
            }
        }
        match *piece {
            TextPiece::Verbatim(piece_range) => {
                let start = piece_range.start.max(range.start) as usize;
                let end = piece_range.end.min(range.end) as usize;
                // A text node may run across the line breaks of its paragraph: they read as
                // spaces (only blank lines, between nodes, break paragraphs).
                let verbatim = text.get(start..end).unwrap_or("");
                res.extend(
                    verbatim
                        .chars()
                        .map(|ch| if ch == '\n' || ch == '\r' { ' ' } else { ch }),
                );
            }
            TextPiece::Escaped { ch, .. } => res.push(ch),
        }
        prev_end = Some(piece_range.end);
    }
    fold_blanks(&res)
}

/// The markup between two pieces of prose without the attribute lists `{…}` of nested
/// annotations: a line break inside one is not in the prose (the list may wrap).
fn without_attribute_lists(gap: &str) -> std::borrow::Cow<'_, str> {
    if !gap.contains('{') || !gap.contains(['\n', '\r']) {
        return std::borrow::Cow::Borrowed(gap);
    }
    let mut out = String::with_capacity(gap.len());
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for ch in gap.chars() {
        match (depth, ch) {
            (0, '{') => depth = 1,
            (0, _) => out.push(ch),
            (_, _) if escaped => escaped = false,
            (_, '\\') if quoted => escaped = true,
            (_, '"') => quoted = !quoted,
            (_, '}') if !quoted => depth = 0,
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a gap between pieces holds a blank line (a paragraph break). Two line breaks
/// alone are not one: they may enclose a comment line, or the wrapped attribute list of a
/// nested annotation.
pub fn has_blank_line(gap: &str) -> bool {
    let normalised;
    let gap = if gap.contains('\r') {
        normalised = gap.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        gap
    };
    let lines: Vec<&str> = gap.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|line| line.trim_matches([' ', '\t']).is_empty())
}

fn fold_blanks(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch == '\n' {
            while res.ends_with(' ') {
                res.pop();
            }
            res.push('\n');
            pending_space = false;
        } else if ch.is_whitespace() {
            pending_space = !res.is_empty() && !res.ends_with('\n');
        } else {
            if pending_space {
                res.push(' ');
                pending_space = false;
            }
            res.push(ch);
        }
    }
    res.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::has_blank_line;

    #[test]
    fn a_paragraph_break_is_a_blank_line() {
        assert!(has_blank_line("\n\n"));
        assert!(has_blank_line(" \r\n \t\r\n"));
        assert!(has_blank_line("\r\r"));
        assert!(has_blank_line("\n%% note\n\n"));
        assert!(!has_blank_line("\n"));
        assert!(!has_blank_line("\r\n"));
        assert!(!has_blank_line("\n%% note\n"), "a comment line");
        assert!(!has_blank_line("]{#c1\n@a} \n"), "a wrapped attribute list");
    }

    #[test]
    fn a_wrapped_attribute_list_is_not_a_break_in_the_prose() {
        use super::without_attribute_lists;
        assert_eq!(without_attribute_lists("]{#c1\n@a x=\"}\n\"}. "), "]. ");
        assert_eq!(without_attribute_lists("]{#c1 @a}\n"), "]\n");
        assert_eq!(without_attribute_lists("\n\n"), "\n\n");
    }
}
