//! Offsets, ranges and line/column conversion, shared by every layer.
//!
//! Ranges are byte offsets into UTF-8 text. Columns come in three encodings: UTF-8 bytes
//! and UTF-16 code units (what LSP clients negotiate) and Unicode scalar values (what the
//! command line prints).

use std::fmt;

/// A half-open range of byte offsets.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> TextRange {
        TextRange {
            start: to_u32(start),
            end: to_u32(end.max(start)),
        }
    }

    pub fn empty(offset: usize) -> TextRange {
        TextRange::new(offset, offset)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range or touches its end (where a cursor may stand).
    pub fn contains_inclusive(self, offset: usize) -> bool {
        self.start as usize <= offset && offset <= self.end as usize
    }

    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<tree_sitter::Range> for TextRange {
    fn from(range: tree_sitter::Range) -> TextRange {
        TextRange::new(range.start_byte, range.end_byte)
    }
}

fn to_u32(n: usize) -> u32 {
    // `workspace::read_source` refuses files over 4 GiB (`max-file-size` cannot exceed
    // it); text that comes another way (an editor's buffer) saturates rather than wraps.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values, as the command line reports them.
    Chars,
}

/// A zero-based line and column, the column counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The line starts `p` with `from <= p <= to` (`from` at least 1): the offsets just after a
/// `\n`, a `\r\n` or a lone `\r`.
fn line_starts_in(bytes: &[u8], from: usize, to: usize) -> impl Iterator<Item = u32> + '_ {
    // From two bytes back: the break ending just before `from` may be a `\r\n`.
    let scan_from = from.saturating_sub(2);
    let scan_to = to.min(bytes.len());
    memchr::memchr2_iter(b'\n', b'\r', bytes.get(scan_from..scan_to).unwrap_or(&[]))
        .map(move |i| scan_from + i)
        .filter_map(move |i| {
            // The `\n` of a `\r\n` was counted with its `\r`.
            if bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r' {
                return None;
            }
            let next = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            (from..=to).contains(&next).then(|| to_u32(next))
        })
}

/// Where each line starts. Line breaks are `\n`, `\r\n` and a lone `\r`, as in LSP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// Lines with only ASCII, where every encoding's column is the byte column: converting
    /// a position there costs nothing, however long the line.
    ascii_lines: Vec<bool>,
    len: u32,
}

impl LineIndex {
    /// Gives back the room the lists grew into, for an index kept a long time.
    pub fn shrink_to_fit(&mut self) {
        self.line_starts.shrink_to_fit();
        self.ascii_lines.shrink_to_fit();
    }

    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(line_starts_in(bytes, 1, bytes.len()));
        let ascii_lines = line_starts
            .iter()
            .enumerate()
            .map(|(line, &start)| {
                let end = line_starts
                    .get(line + 1)
                    .map_or(text.len(), |&end| end as usize);
                bytes[start as usize..end].is_ascii()
            })
            .collect();
        LineIndex {
            line_starts,
            ascii_lines,
            len: to_u32(text.len()),
        }
    }

    /// Follows an edit that replaced `start..old_end` of the old text by `start..new_end`
    /// of `text`, the new text: the line starts the edit may have made or unmade (from
    /// `start` to `new_end`, a `\r\n` may be joined or split at either end) are found
    /// again, those after it moved, the rest kept; lines away from the edit are not read.
    pub fn edit(&mut self, text: &str, start: usize, old_end: usize, new_end: usize) {
        let bytes = text.as_bytes();
        let new_end = new_end.min(bytes.len());
        let start = start.min(new_end);
        let delta = new_end as i64 - old_end as i64;
        // Line 0 starts at 0 whatever the edit: `lo` is at least 1.
        let lo = self
            .line_starts
            .partition_point(|&s| (s as usize) < start.max(1));
        let hi = self
            .line_starts
            .partition_point(|&s| (s as usize) <= old_end)
            .max(lo);
        let found: Vec<u32> = line_starts_in(bytes, start.max(1), new_end).collect();
        let added = found.len();
        self.line_starts.splice(lo..hi, found);
        for s in &mut self.line_starts[lo + added..] {
            *s = (i64::from(*s) + delta) as u32;
        }
        self.ascii_lines
            .splice(lo..hi, std::iter::repeat_n(false, added));
        self.len = to_u32(text.len());
        // The lines from the one holding `start` to the one holding `new_end` may have
        // changed; the others hold the same text as before.
        for line in lo - 1..lo + added {
            let from = self.line_starts[line] as usize;
            let to = self
                .line_starts
                .get(line + 1)
                .map_or(bytes.len(), |&end| end as usize);
            self.ascii_lines[line] = bytes[from.min(to)..to].is_ascii();
        }
    }

    /// Where a line starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .map_or(self.len as usize, |&start| start as usize)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The zero-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = to_u32(offset).min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// [`Self::line_of`], searched forward from line `from` when `offset` is on it or after
    /// it: for offsets in order, as a list of diagnostics gives them, each search is short
    /// and stays near the last instead of starting over from the middle of the file.
    pub fn line_of_from(&self, offset: usize, from: usize) -> usize {
        let offset = to_u32(offset).min(self.len);
        let starts = &self.line_starts;
        if starts.get(from).is_none_or(|&start| start > offset) {
            return self.line_of(offset as usize);
        }
        // Gallop: the first line starting after `offset` lies within `from + step`.
        let (mut low, mut step) = (from, 1);
        while low + step < starts.len() && starts[low + step] <= offset {
            low += step;
            step *= 2;
        }
        let high = (low + step).min(starts.len());
        low + starts[low..high].partition_point(|&start| start <= offset) - 1
    }

    /// The byte range of a line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Option<TextRange> {
        let start = *self.line_starts.get(line)? as usize;
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |&n| n as usize);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        Some(TextRange::new(start, end))
    }

    pub fn line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        LineCol {
            line: to_u32(line),
            col: to_u32(self.width(line, &text[start..offset], encoding)),
        }
    }

    /// How many columns `piece`, a stretch of line `line`, spans in `encoding`.
    fn width(&self, line: usize, piece: &str, encoding: Encoding) -> usize {
        match encoding {
            _ if self.ascii_lines[line] => piece.len(),
            Encoding::Utf8 => piece.len(),
            Encoding::Utf16 => utf16_len(piece),
            Encoding::Chars => char_count(piece),
        }
    }

    /// The line and column of both ends of a range: [`LineIndex::line_col`] of each, with
    /// the line found once when the range ends on the line it starts on (most do).
    pub fn range_line_cols(
        &self,
        text: &str,
        start: usize,
        end: usize,
        encoding: Encoding,
    ) -> (LineCol, LineCol) {
        let first = self.line_col(text, start, encoding);
        let start = floor_char_boundary(text, start);
        let end = floor_char_boundary(text, end);
        let line = first.line as usize;
        let next = self
            .line_starts
            .get(line + 1)
            .map_or(usize::MAX, |&next| next as usize);
        if end < start || end >= next {
            return (first, self.line_col(text, end, encoding));
        }
        let last = LineCol {
            line: first.line,
            col: first.col + to_u32(self.width(line, &text[start..end], encoding)),
        };
        (first, last)
    }

    /// The byte offset of a line and column; positions past a line's end clamp to it, and
    /// lines past the end clamp to the end of the text.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return text.len();
        };
        let start = start as usize;
        let line_end = self
            .line_range(text, pos.line as usize)
            .map_or(text.len(), |range| range.end as usize);
        if self.ascii_lines[pos.line as usize] {
            return (start + pos.col as usize).min(line_end);
        }
        let mut remaining = pos.col as usize;
        let mut offset = start;
        for ch in text[start..line_end].chars() {
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Chars => 1,
            };
            if remaining < width {
                break;
            }
            remaining -= width;
            offset += ch.len_utf8();
        }
        offset
    }
}

/// The char boundary at or below `offset`, which may lie past the end of `text`.
/// (`str::floor_char_boundary` needs Rust 1.91; the project builds with 1.90.)
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The characters of `text`: its bytes that start one. Counted byte by byte rather than
/// by decoding, which the compiler turns into wide comparisons: long lines of non-ASCII
/// prose cost a few nanoseconds per hundred bytes.
fn char_count(text: &str) -> usize {
    text.bytes().filter(|&b| !is_continuation(b)).count()
}

/// The UTF-16 code units of `text`: one per character, two for those outside the BMP
/// (whose UTF-8 lead byte is `0xF0` or above).
fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from(!is_continuation(b)) + usize::from(b >= 0xF0))
        .sum()
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Searched forward from any line, an offset is on the line a search from nothing
        /// finds.
        #[test]
        fn a_line_searched_from_another_is_the_line(
            text in "(a|é|\n|😀){0,200}",
            offsets in proptest::collection::vec((0usize..260, 0usize..80), 1..20),
        ) {
            let lines = LineIndex::new(&text);
            for (offset, from) in offsets {
                proptest::prop_assert_eq!(lines.line_of_from(offset, from), lines.line_of(offset));
            }
        }

        /// Counting bytes gives what decoding gives, on any text.
        #[test]
        fn counted_lengths_are_decoded_lengths(text in "(\\PC|[\\u{80}-\\u{10FFFF}]){0,40}") {
            proptest::prop_assert_eq!(utf16_len(&text), text.chars().map(char::len_utf16).sum::<usize>());
            proptest::prop_assert_eq!(char_count(&text), text.chars().count());
        }
    }

    #[test]
    fn ascii_lines_are_those_without_a_byte_above_0x7f() {
        // Long ASCII runs around multi-byte characters, at line starts and ends, across the
        // 4 KB blocks the scan reads, with every kind of line break.
        let mut text = String::new();
        for n in 0..400 {
            let line = match n % 7 {
                0 => "é at the start".to_owned(),
                1 => format!("{} at the end: 😀", "x".repeat(n * 3)),
                2 => "plain ascii".repeat(n % 13),
                3 => "中".to_owned(),
                _ => "a".repeat(n),
            };
            text.push_str(&line);
            text.push_str(["\n", "\r\n", "\r"][n % 3]);
        }
        let index = LineIndex::new(&text);
        for line in 0..index.line_count() {
            let range = index
                .line_range(&text, line)
                .map_or(0..0, TextRange::as_usize);
            assert_eq!(
                index.ascii_lines[line],
                text[range].is_ascii(),
                "line {line}"
            );
        }
    }

    #[test]
    fn line_breaks_of_every_kind() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_of(5), 2);
        assert_eq!(index.line_range(text, 1), Some(TextRange::new(2, 3)));
        assert_eq!(
            index.line_col(text, 7, Encoding::Utf8),
            LineCol { line: 3, col: 0 }
        );
    }

    #[test]
    fn columns_in_each_encoding() {
        // é is 2 bytes, 1 UTF-16 unit; 😀 is 4 bytes, 2 units; 中 is 3 bytes, 1 unit; the
        // flag is two scalars of 4 bytes each; e + combining acute is two scalars.
        let text = "x\né😀中🇫🇷e\u{301}@a";
        let index = LineIndex::new(text);
        let at = text.find('@').unwrap_or_default();
        assert_eq!(
            index.line_col(text, at, Encoding::Utf8),
            LineCol { line: 1, col: 20 }
        );
        assert_eq!(
            index.line_col(text, at, Encoding::Utf16),
            LineCol { line: 1, col: 10 }
        );
        assert_eq!(
            index.line_col(text, at, Encoding::Chars),
            LineCol { line: 1, col: 7 }
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            let pos = index.line_col(text, at, encoding);
            assert_eq!(index.offset(text, pos, encoding), at);
        }
    }

    #[test]
    fn positions_inside_a_surrogate_pair_or_past_the_end_clamp() {
        let text = "😀a\nb";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 1 }, Encoding::Utf16),
            0
        );
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            5
        );
        assert_eq!(
            index.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            text.len()
        );
        assert_eq!(
            index.line_col(text, 2, Encoding::Utf16),
            LineCol { line: 0, col: 0 }
        );
    }

    #[test]
    fn crlf_line_ends_are_not_part_of_the_line() {
        let text = "ab\r\ncd\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_range(text, 0), Some(TextRange::new(0, 2)));
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 5 }, Encoding::Chars),
            2
        );
        assert_eq!(index.line_count(), 3);
    }
}

#[cfg(test)]
mod edit_tests {
    use proptest::prelude::*;

    use super::{Encoding, LineIndex};

    /// Pieces that make, unmake, join and split line breaks, and change which lines are
    /// ASCII.
    const PIECES: &[&str] = &[
        "", "a", "bc ", "\n", "\r", "\r\n", "\n\r", "é", "😀", "\n\n",
    ];

    fn text_of(pieces: &[usize]) -> String {
        pieces.iter().map(|&n| PIECES[n % PIECES.len()]).collect()
    }

    fn boundary(text: &str, mut at: usize) -> usize {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    proptest! {
        #[test]
        fn both_ends_of_a_range_are_found_as_each_alone(
            pieces in prop::collection::vec(0usize..32, 0..40),
            ends in prop::collection::vec((0usize..120, 0usize..40), 1..8),
        ) {
            let text = text_of(&pieces);
            let index = LineIndex::new(&text);
            for (start, len) in ends {
                for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
                    let alone = (
                        index.line_col(&text, start, encoding),
                        index.line_col(&text, start + len, encoding),
                    );
                    prop_assert_eq!(index.range_line_cols(&text, start, start + len, encoding), alone);
                }
            }
        }

        #[test]
        fn an_edited_index_is_the_index_of_the_new_text(
            start in prop::collection::vec(0usize..32, 0..40),
            edits in prop::collection::vec((0usize..200, 0usize..8, prop::collection::vec(0usize..32, 0..4)), 1..8),
        ) {
            let mut text = text_of(&start);
            let mut index = LineIndex::new(&text);
            for (at, len, inserted) in edits {
                let from = boundary(&text, at);
                let to = boundary(&text, from + len);
                let inserted = text_of(&inserted);
                text.replace_range(from..to, &inserted);
                index.edit(&text, from, to, from + inserted.len());
                prop_assert_eq!(&index, &LineIndex::new(&text), "{:?}", text);
            }
        }
    }
}
