//! The prose of an article as HTML: headings, paragraphs, emphasis (see `emphasis`), block
//! annotations (a `quote` as a `<blockquote>`) and inline annotations as `<mark>`s, each
//! followed by its card.
//!
//! The walk follows the model's text pieces in order: a blank line between two pieces
//! breaks the paragraph, a piece inside a heading's range is the heading's text, and an
//! annotation opens before the first piece of its span and closes after the last.

use std::fmt::Write;

use maud::Escaper;

use crate::model::TextPiece;
use crate::workspace::SourceFile;

/// How a claim's element opens and closes, decided by the page (classes, card).
pub(super) trait Marks {
    /// The opening tag(s) of claim `idx`.
    fn open(&self, idx: usize, out: &mut String);
    /// What closes claim `idx`: its card and the closing tag.
    fn close(&self, idx: usize, out: &mut String);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Paragraph,
    Heading(u8),
}

pub(super) fn render(file: &SourceFile, marks: &dyn Marks) -> String {
    let model = &file.model;
    let mut out = String::new();
    // Claims in order of their spans' starts (the model's order), nested claims after
    // their parents; `stack` holds the open ones.
    let mut next_claim = 0;
    let mut stack: Vec<usize> = Vec::new();
    let mut open = Open::Nothing;
    let mut prev_end: Option<u32> = None;
    for piece in &model.text_pieces {
        let range = piece.range();
        let gap = prev_end
            .and_then(|end| file.text.get(end as usize..range.start as usize))
            .unwrap_or("");
        let heading = model
            .headings
            .iter()
            .find(|heading| heading.range.start <= range.start && range.end <= heading.range.end)
            .map(|heading| heading.level.clamp(1, 6));
        // Inline annotations that ended before this piece.
        close_ended(&mut stack, file, range.start, false, marks, &mut out);
        let breaks = gap.matches('\n').count().max(gap.matches('\r').count());
        let want = heading.map_or(Open::Paragraph, Open::Heading);
        if breaks >= 2 || want != open || heading.is_some() && breaks >= 1 {
            close_ended(&mut stack, file, range.start, false, marks, &mut out);
            close_block(open, &mut out);
            open = Open::Nothing;
            close_ended(&mut stack, file, range.start, true, marks, &mut out);
        } else if breaks == 1 || !gap.is_empty() && gap.chars().all(char::is_whitespace) {
            out.push(' ');
        }
        // Block annotations open outside paragraphs, inline ones inside.
        while let Some(claim) = model.claims.get(next_claim) {
            if claim.span.start > range.start || !claim.block {
                break;
            }
            if open != Open::Nothing {
                close_block(open, &mut out);
                open = Open::Nothing;
            }
            marks.open(next_claim, &mut out);
            stack.push(next_claim);
            next_claim += 1;
        }
        let opened = open == Open::Nothing;
        if opened {
            open = want;
            match open {
                Open::Heading(level) => {
                    let _ = write!(out, "<h{level}>");
                }
                _ => out.push_str("<p>"),
            }
        }
        while let Some(claim) = model.claims.get(next_claim) {
            if claim.span.start > range.start {
                break;
            }
            marks.open(next_claim, &mut out);
            stack.push(next_claim);
            next_claim += 1;
        }
        match *piece {
            TextPiece::Verbatim(range) => {
                let text = file.text.get(range.as_usize()).unwrap_or("");
                // A heading's text starts after the `#`s' space.
                let text = if opened { text.trim_start() } else { text };
                super::emphasis::write(text, &mut out);
            }
            TextPiece::Escaped { ch, .. } => {
                let _ = Escaper::new(&mut out).write_char(ch);
            }
        }
        prev_end = Some(range.end);
    }
    while let Some(idx) = stack.last().copied() {
        if file.model.claims.get(idx).is_some_and(|claim| claim.block) {
            close_block(open, &mut out);
            open = Open::Nothing;
        }
        stack.pop();
        marks.close(idx, &mut out);
    }
    close_block(open, &mut out);
    // Claims with no text (an empty span) still get their element, for links to land on.
    for idx in next_claim..model.claims.len() {
        marks.open(idx, &mut out);
        marks.close(idx, &mut out);
    }
    out
}

/// Closes the open claims, innermost first, that end at or before `offset`, inline ones
/// (`blocks == false`) or block ones, stopping at the first that does not.
fn close_ended(
    stack: &mut Vec<usize>,
    file: &SourceFile,
    offset: u32,
    blocks: bool,
    marks: &dyn Marks,
    out: &mut String,
) {
    while let Some(&idx) = stack.last() {
        let Some(claim) = file.model.claims.get(idx) else {
            stack.pop();
            continue;
        };
        if claim.span.end > offset || claim.block != blocks {
            break;
        }
        stack.pop();
        marks.close(idx, out);
    }
}

fn close_block(open: Open, out: &mut String) {
    match open {
        Open::Nothing => (),
        Open::Paragraph => out.push_str("</p>"),
        Open::Heading(level) => {
            let _ = write!(out, "</h{level}>");
        }
    }
}
