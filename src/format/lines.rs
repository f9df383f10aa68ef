//! Line-level edits: no trailing blanks, one blank line at most in a row, a blank line
//! between blocks, and one line break at the end of the file.

use tree_sitter::Node;

use super::ranges::Ranges;
use super::{Edit, Replacement};
use crate::syntax::is_comment_line;
use crate::text::TextRange;

/// One line of the input: where it starts, where its content ends, where its break ends.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn split_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut idx = 0;
    while idx < bytes.len() {
        match bytes[idx] {
            b'\n' => {
                lines.push(Line {
                    start,
                    content_end: idx,
                    end: idx + 1,
                });
                idx += 1;
                start = idx;
            }
            b'\r' => {
                let end = if bytes.get(idx + 1) == Some(&b'\n') {
                    idx + 2
                } else {
                    idx + 1
                };
                lines.push(Line {
                    start,
                    content_end: idx,
                    end,
                });
                idx = end;
                start = idx;
            }
            _ => idx += 1,
        }
    }
    if start < bytes.len() {
        lines.push(Line {
            start,
            content_end: bytes.len(),
            end: bytes.len(),
        });
    }
    lines
}

pub(super) fn line_edits(
    text: &str,
    blocks: &[Node<'_>],
    block_skipped: &[bool],
    skipped: &Ranges,
    newline: &str,
    structural: &Ranges,
) -> Vec<Edit> {
    let lines = split_lines(text);
    let content = |line: &Line| &text[line.start..line.content_end];
    let is_blank = |line: &Line| content(line).trim_matches([' ', '\t']).is_empty();
    let free = |range: TextRange| !skipped.meets(range) && !structural.meets(range);
    let mut edits = Vec::new();
    let push = |range: TextRange, new: &str, edits: &mut Vec<Edit>| {
        if free(range) {
            edits.push(Edit {
                range,
                new: Replacement::Text(new.to_owned()),
            });
        }
    };

    // The end of the file: nothing after the last line with content but one line break.
    let last = lines.iter().rposition(|line| !is_blank(line));
    let Some(last) = last else {
        if !text.is_empty() {
            push(TextRange::new(0, text.len()), "", &mut edits);
        }
        return edits;
    };
    let tail = TextRange::new(lines[last].content_end, text.len());
    // One line break of any kind is kept as it is (a file may mix them). After a block left
    // as written the end is too, comments after it or not: the parser's recovery from an
    // error can depend on whether a line break follows (`[]{` is read as an error, `[]{`
    // and a line break as a claim).
    let after_broken = skipped.touches(tail) || block_skipped.last() == Some(&true);
    if !["\n", "\r\n", "\r"].contains(&&text[tail.as_usize()]) && !after_broken {
        push(tail, newline, &mut edits);
    }

    // Trailing blanks, and runs of blank lines folded into their first.
    let mut idx = 0;
    while idx <= last {
        let line = lines[idx];
        let mut trimmed = content(&line).trim_end_matches([' ', '\t']).len();
        // `# ` is an empty heading, `#` is prose: the marker keeps one blank.
        let marker = &content(&line)[..trimmed];
        if (1..=6).contains(&marker.len())
            && marker.bytes().all(|b| b == b'#')
            && trimmed < line.content_end - line.start
        {
            trimmed += 1;
        }
        // Blanks between a lone `\r` and a `\n` keep two line breaks from becoming one.
        let between_breaks = trimmed == 0
            && text[..line.start].ends_with('\r')
            && text[line.content_end..].starts_with('\n');
        if line.start + trimmed < line.content_end && !between_breaks {
            push(
                TextRange::new(line.start + trimmed, line.content_end),
                "",
                &mut edits,
            );
        }
        idx += 1;
        if is_blank(&line) {
            let run_end = (idx..=last)
                .find(|&n| !is_blank(&lines[n]))
                .unwrap_or(last + 1);
            // A blank line that ends a broken block may be what the parser recovered at.
            let run = TextRange::new(line.start, lines[run_end - 1].end);
            let touches_broken = skipped.touches(run);
            if run_end > idx && !touches_broken {
                push(
                    TextRange::new(lines[idx].start, lines[run_end - 1].end),
                    "",
                    &mut edits,
                );
            }
            idx = run_end;
        }
    }

    // A blank line before each block (before the comment lines that lead into it).
    let line_of = |offset: usize| lines.partition_point(|line| line.end <= offset);
    for (idx, block) in blocks.iter().enumerate().skip(1) {
        let start = block.start_byte();
        let at = line_of(start);
        if at >= lines.len() || lines[at].start != start {
            continue;
        }
        if block_skipped[idx - 1] || block_skipped[idx] {
            continue;
        }
        let mut before = at;
        while before > 0 && is_comment_line(content(&lines[before - 1])) {
            before -= 1;
        }
        if before > 0 && !is_blank(&lines[before - 1]) {
            // The break of the line above: a `\n` after a lone `\r` would make one `\r\n`.
            let above = lines[before - 1];
            let line_break = &text[above.content_end..above.end];
            push(
                TextRange::empty(lines[before].start),
                line_break,
                &mut edits,
            );
        }
    }
    edits
}
