//! The plain text of an article and where each claim stands in it, for text selectors.
//!
//! The plain text of an article is [`crate::model::FileModel::plain_text`] over the whole
//! file: the prose and headings with markup stripped (front matter, attributes, comments and
//! definitions left out), escapes resolved, a line break inside a paragraph read as a
//! space, a blank line as one paragraph break (`\n\n`), runs of blanks folded into one, and
//! leading and trailing blanks trimmed.

use crate::model::{Claim, TextPiece};
use crate::text::TextRange;
use crate::workspace::SourceFile;

/// How many characters of context a quote carries on each side.
const CONTEXT_CHARS: usize = 32;

/// The plain text of one article, indexed by character.
pub struct ArticleText {
    pub text: String,
    chars: Vec<char>,
    /// The character index of each non-blank character, in order.
    non_blank: Vec<usize>,
    /// How many non-blank characters the file's text pieces hold before each piece.
    non_blank_before_piece: Vec<usize>,
}

/// Where a claim's plain text stands in its article's plain text, in characters (Unicode
/// scalar values), with the text around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextQuote {
    pub start: usize,
    pub end: usize,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

impl ArticleText {
    pub fn new(file: &SourceFile) -> ArticleText {
        let text = file
            .model
            .plain_text(&file.text, TextRange::new(0, file.text.len()));
        let chars: Vec<char> = text.chars().collect();
        let non_blank = chars
            .iter()
            .enumerate()
            .filter(|(_, ch)| !ch.is_whitespace())
            .map(|(idx, _)| idx)
            .collect();
        let mut non_blank_before_piece = Vec::with_capacity(file.model.text_pieces.len() + 1);
        let mut n = 0;
        for piece in &file.model.text_pieces {
            non_blank_before_piece.push(n);
            n += match *piece {
                TextPiece::Verbatim(range) => {
                    count_non_blank(file.text.get(range.as_usize()).unwrap_or(""))
                }
                TextPiece::Escaped { ch, .. } => usize::from(!ch.is_whitespace()),
            };
        }
        non_blank_before_piece.push(n);
        ArticleText {
            text,
            chars,
            non_blank,
            non_blank_before_piece,
        }
    }

    /// Where the claim's plain text stands; `None` for a claim with no text.
    ///
    /// Folding blanks never adds or drops a non-blank character, so the claim starts at the
    /// article's n-th non-blank character, n being the count of non-blank characters that
    /// the text pieces hold before its span.
    pub fn locate(&self, file: &SourceFile, claim: &Claim) -> Option<TextQuote> {
        let exact = file.model.claim_text(&file.text, claim);
        if exact.is_empty() {
            return None;
        }
        let n_before = self.non_blank_before(file, claim.span.start);
        let start = *self.non_blank.get(n_before)?;
        let end = start + exact.chars().count();
        let found: String = self.chars.get(start..end)?.iter().collect();
        if found != exact {
            return None;
        }
        let prefix = self.chars[start.saturating_sub(CONTEXT_CHARS)..start]
            .iter()
            .collect();
        let suffix = self.chars[end..(end + CONTEXT_CHARS).min(self.chars.len())]
            .iter()
            .collect();
        Some(TextQuote {
            start,
            end,
            exact,
            prefix,
            suffix,
        })
    }

    /// The count of non-blank characters that the text pieces hold before `offset`.
    fn non_blank_before(&self, file: &SourceFile, offset: u32) -> usize {
        let pieces = &file.model.text_pieces;
        let idx = pieces.partition_point(|piece| piece.range().end <= offset);
        let whole = self.non_blank_before_piece.get(idx).copied().unwrap_or(0);
        let partial = match pieces.get(idx) {
            Some(&TextPiece::Verbatim(range)) if range.start < offset => count_non_blank(
                file.text
                    .get(range.start as usize..offset as usize)
                    .unwrap_or(""),
            ),
            Some(&TextPiece::Escaped { range, ch }) if range.start < offset => {
                usize::from(!ch.is_whitespace())
            }
            _ => 0,
        };
        whole + partial
    }
}

fn count_non_blank(text: &str) -> usize {
    text.chars().filter(|ch| !ch.is_whitespace()).count()
}
