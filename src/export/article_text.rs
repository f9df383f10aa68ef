//! The plain text of an article and where each claim stands in it, for text selectors.
//!
//! The plain text of an article is [`crate::model::FileModel::plain_text`] over the whole
//! file: the prose and headings with markup stripped (front matter, attributes, comments and
//! definitions left out), escapes resolved, a line break inside a paragraph read as a
//! space, a blank line as one paragraph break (`\n\n`), runs of blanks folded into one, and
//! leading and trailing blanks trimmed.

use crate::model::Claim;
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
        ArticleText {
            text,
            chars,
            non_blank,
        }
    }

    /// Where the claim's plain text stands; `None` for a claim with no text.
    ///
    /// Folding blanks never adds or drops a non-blank character, so the claim starts at the
    /// article's n-th non-blank character, n being the count of non-blank characters before
    /// its span.
    pub fn locate(&self, file: &SourceFile, claim: &Claim) -> Option<TextQuote> {
        let exact = file.model.claim_text(&file.text, claim);
        if exact.is_empty() {
            return None;
        }
        let before = file
            .model
            .plain_text(&file.text, TextRange::new(0, claim.span.start as usize));
        let n_before = before.chars().filter(|ch| !ch.is_whitespace()).count();
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
}
