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

    /// The index of a new version of the text, from this one (the old version's) and
    /// where the text changed: `changes` are `(lo, hi, delta)` in the new text, sorted and
    /// apart, each `lo..hi` replacing old text `delta` bytes shorter. Lines away from the
    /// changes are moved, not read again.
    pub fn patched(&self, text: &str, changes: &[(usize, usize, i64)]) -> LineIndex {
        let bytes = text.as_bytes();
        // Each line start, with its old line and the stretch of unchanged text it stands in
        // when it was kept: a line kept with its end in the same stretch keeps its flag.
        let mut starts: Vec<(u32, Option<(usize, usize)>)> =
            Vec::with_capacity(self.line_starts.len());
        let mut old = 0;
        let mut shift = 0i64;
        for (stretch, &(lo, hi, delta)) in changes.iter().enumerate() {
            let hi = hi.min(text.len());
            // Starts before the change: the bytes before them and at them are unchanged.
            while let Some(&start) = self.line_starts.get(old) {
                let moved = start as i64 + shift;
                if moved >= lo as i64 {
                    break;
                }
                starts.push((moved as u32, Some((old, stretch))));
                old += 1;
            }
            // Starts in the changed text, and the old ones it replaced.
            let old_hi = hi as i64 - shift - delta;
            while self
                .line_starts
                .get(old)
                .is_some_and(|&start| start as i64 <= old_hi)
            {
                old += 1;
            }
            starts.extend(line_starts_in(bytes, lo.max(1), hi).map(|p| (p, None)));
            shift += delta;
        }
        while let Some(&start) = self.line_starts.get(old) {
            starts.push(((start as i64 + shift) as u32, Some((old, changes.len()))));
            old += 1;
        }
        if starts.first().map(|&(start, _)| start) != Some(0) {
            starts.insert(0, (0, None));
        }
        let mut line_starts = Vec::with_capacity(starts.len());
        let mut ascii_lines = Vec::with_capacity(starts.len());
        for (n, &(start, kept)) in starts.iter().enumerate() {
            let next = starts.get(n + 1);
            // A kept line whose end is kept with it holds the same text as before.
            let same = match (kept, next) {
                (Some((line, stretch)), Some(&(_, Some((next, next_stretch))))) => {
                    next == line + 1 && next_stretch == stretch
                }
                (Some((line, stretch)), None) => {
                    line + 1 == self.line_starts.len() && stretch == changes.len()
                }
                _ => false,
            };
            let ascii = match kept {
                Some((line, _)) if same => self.ascii_lines[line],
                _ => {
                    let end = next.map_or(text.len(), |&(end, _)| end as usize);
                    bytes[start as usize..end].is_ascii()
                }
            };
            line_starts.push(start);
            ascii_lines.push(ascii);
        }
        LineIndex {
            line_starts,
            ascii_lines,
            len: to_u32(text.len()),
        }
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
        let offset = clamp_to_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let prefix = &text[start..offset];
        let col = match encoding {
            _ if self.ascii_lines[line] => prefix.len(),
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            Encoding::Chars => prefix.chars().count(),
        };
        LineCol {
            line: to_u32(line),
            col: to_u32(col),
        }
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

fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

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
