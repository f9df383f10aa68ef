//! An open document as the client sees it: the engine's document (text, line index,
//! incremental analysis) and the version the client gave it; the client's changes are
//! converted from its positions to byte offsets, change by change in the order sent.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

use crate::text::{Encoding, LineCol};
use crate::workspace::engine;

pub(crate) struct Document {
    pub engine: engine::Document,
    pub version: i32,
}

impl Document {
    pub fn new(path: PathBuf, text: String, version: i32) -> Document {
        Document {
            engine: engine::Document::new(path, text),
            version,
        }
    }

    /// Applies one change: an edit of the text, or a whole-text replacement (after which
    /// the document is parsed afresh).
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        let Some(range) = change.range else {
            self.engine.replace_all(change.text.clone());
            return;
        };
        let start = self.offset(range.start, encoding);
        let end = self.offset(range.end, encoding).max(start);
        self.engine.edit(start, end, &change.text);
    }

    /// The byte offset of an LSP position in the text as it is now; positions past a
    /// line's end clamp to it and lines past the end clamp to the end of the text, as the
    /// protocol asks.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        let at = LineCol {
            line: position.line,
            col: position.character,
        };
        self.engine.lines().offset(self.engine.text(), at, encoding)
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

    fn doc(text: &str) -> Document {
        Document::new(PathBuf::from("a.cdown"), text.to_owned(), 1)
    }

    #[test]
    fn utf16_positions_after_emoji_flags_cjk_and_combining_marks() {
        // 😀 and each regional indicator are 2 UTF-16 units; 中 is 1; e + U+0301 is 2 chars.
        let mut doc = doc("😀🇫🇷中e\u{301}[x]{@a}\r\nnext");
        let at = doc.offset(Position::new(0, 9), Encoding::Utf16);
        assert_eq!(&doc.engine.text()[at..at + 1], "[");
        doc.apply(&change((0, 14), (0, 15), "b"), Encoding::Utf16);
        assert_eq!(doc.engine.text(), "😀🇫🇷中e\u{301}[x]{@b}\r\nnext");
    }

    #[test]
    fn utf8_positions_and_clamping() {
        let mut doc = doc("é😀\nab");
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
        assert_eq!(doc.engine.text(), "é😀\nabc");
    }

    #[test]
    fn crlf_and_lone_cr_are_line_breaks() {
        let doc = doc("a\r\nb\rc");
        assert_eq!(doc.offset(Position::new(1, 0), Encoding::Utf16), 3);
        assert_eq!(doc.offset(Position::new(2, 0), Encoding::Utf16), 5);
        assert_eq!(doc.offset(Position::new(0, 5), Encoding::Utf16), 1);
    }

    #[test]
    fn each_change_is_placed_in_the_text_the_previous_ones_left() {
        // Positions of the second change count the line the first one inserted.
        let mut doc = doc("one\ntwo 😀 x\n");
        doc.apply(&change((0, 0), (0, 0), "zero\n"), Encoding::Utf16);
        doc.apply(&change((2, 7), (2, 8), "y"), Encoding::Utf16);
        assert_eq!(doc.engine.text(), "zero\none\ntwo 😀 y\n");
    }
}
