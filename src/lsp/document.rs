//! An open document: its text in a rope, edited change by change in the order the client
//! sent them, each change also recorded as a tree-sitter edit for incremental re-parsing
//! and in the cache that lets the next model re-use the last one's blocks.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};
use tree_sitter::{InputEdit, Point};

use crate::model::LowerCache;
use crate::text::Encoding;

pub(crate) struct Document {
    pub rope: Rope,
    pub version: i32,
    /// The blocks of the document's last model and the edits made since.
    pub cache: LowerCache,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            cache: LowerCache::default(),
        }
    }

    /// Applies one change; returns the tree edit it amounts to (`None` for a whole-text
    /// replacement, after which the document is parsed afresh).
    pub fn apply(
        &mut self,
        change: &TextDocumentContentChangeEvent,
        encoding: Encoding,
    ) -> Option<InputEdit> {
        let Some(range) = change.range else {
            self.rope = Rope::from_str(&change.text);
            self.cache.invalidate();
            return None;
        };
        let start = self.offset(range.start, encoding);
        let end = self.offset(range.end, encoding).max(start);
        let start_position = self.point(start);
        let old_end_position = self.point(end);
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, &change.text);
        let new_end = start + change.text.len();
        let edit = InputEdit {
            start_byte: start,
            old_end_byte: end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position: self.point(new_end),
        };
        self.cache.edit(&edit);
        Some(edit)
    }

    /// The byte offset of an LSP position; positions past a line's end clamp to it and
    /// lines past the end clamp to the end of the text, as the protocol asks.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let line_start = self.rope.line_to_byte(line);
        let slice = self.rope.line(line);
        let content_chars = slice.len_chars() - line_break_chars(&slice);
        let content = slice.slice(..content_chars);
        let col = position.character as usize;
        let char_in_line = match encoding {
            Encoding::Utf16 => content.utf16_cu_to_char(col.min(content.len_utf16_cu())),
            Encoding::Utf8 => content.byte_to_char(col.min(content.len_bytes())),
            Encoding::Chars => col.min(content.len_chars()),
        };
        line_start + content.char_to_byte(char_in_line)
    }

    fn point(&self, byte: usize) -> Point {
        let line = self.rope.byte_to_line(byte);
        Point {
            row: line,
            column: byte - self.rope.line_to_byte(line),
        }
    }
}

fn line_break_chars(slice: &ropey::RopeSlice<'_>) -> usize {
    let n = slice.len_chars();
    match (
        n.checked_sub(2).map(|i| slice.char(i)),
        n.checked_sub(1).map(|i| slice.char(i)),
    ) {
        (Some('\r'), Some('\n')) => 2,
        (_, Some('\n' | '\r')) => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::Range;

    use super::*;

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0, start.1),
                Position::new(end.0, end.1),
            )),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn utf16_positions_after_emoji_flags_cjk_and_combining_marks() {
        // 😀 and each regional indicator are 2 UTF-16 units; 中 is 1; e + U+0301 is 2 chars.
        let mut doc = Document::new("😀🇫🇷中e\u{301}[x]{@a}\r\nnext", 1);
        let at = doc.offset(Position::new(0, 9), Encoding::Utf16);
        assert_eq!(&doc.rope.to_string()[at..at + 1], "[");
        let edit = doc.apply(&change((0, 14), (0, 15), "b"), Encoding::Utf16);
        assert_eq!(doc.rope.to_string(), "😀🇫🇷中e\u{301}[x]{@b}\r\nnext");
        assert_eq!(edit.map(|edit| edit.start_byte), Some(23));
    }

    #[test]
    fn utf8_positions_and_clamping() {
        let mut doc = Document::new("é😀\nab", 1);
        assert_eq!(doc.offset(Position::new(0, 6), Encoding::Utf8), 6);
        assert_eq!(
            doc.offset(Position::new(0, 99), Encoding::Utf8),
            6,
            "clamped before the line break"
        );
        assert_eq!(
            doc.offset(Position::new(9, 0), Encoding::Utf8),
            9,
            "past the end"
        );
        doc.apply(&change((1, 2), (1, 2), "c"), Encoding::Utf8);
        assert_eq!(doc.rope.to_string(), "é😀\nabc");
    }

    #[test]
    fn crlf_and_lone_cr_are_line_breaks() {
        let doc = Document::new("a\r\nb\rc", 1);
        assert_eq!(doc.offset(Position::new(1, 0), Encoding::Utf16), 3);
        assert_eq!(doc.offset(Position::new(2, 0), Encoding::Utf16), 5);
        assert_eq!(doc.offset(Position::new(0, 5), Encoding::Utf16), 1);
    }
}
