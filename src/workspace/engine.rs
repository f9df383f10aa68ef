//! The incremental engine of an open document, in byte offsets: the steps the language
//! server takes from an edit to the next analysis (tree edit, cache edit, re-parse with the
//! old tree, changed ranges, incremental analysis), public so that the fuzz targets and
//! tests drive these very steps rather than a copy of them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tree_sitter::{InputEdit, Parser, Point};

use super::{analyze_incrementally, FileId, SourceFile, Workspace};
use crate::model::LowerCache;
use crate::syntax;

/// Where a byte offset stands for tree-sitter, which counts rows at `\n` only.
pub fn point(text: &str, byte: usize) -> Point {
    let byte = byte.min(text.len());
    let before = &text.as_bytes()[..byte];
    let row = memchr::memchr_iter(b'\n', before).count();
    let column = byte - memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    Point { row, column }
}

/// Replaces `start..end` of `text` by `new` and returns the tree edit it amounts to. The
/// offsets are clamped to the text and moved back to char boundaries, so any offsets will do.
pub fn replace(text: &mut String, start: usize, end: usize, new: &str) -> InputEdit {
    let start = floor_char_boundary(text, start);
    let end = floor_char_boundary(text, end).max(start);
    let start_position = point(text, start);
    let old_end_position = point(text, end);
    text.replace_range(start..end, new);
    InputEdit {
        start_byte: start,
        old_end_byte: end,
        new_end_byte: start + new.len(),
        start_position,
        old_end_position,
        new_end_position: point(text, start + new.len()),
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A new analysis of an open document, and what the server needs to know of it.
pub struct Reanalyzed {
    pub id: FileId,
    /// Re-parsed incrementally around a syntax error: tree-sitter may have recovered from
    /// it otherwise than a fresh parse would, so the server parses afresh when editing
    /// pauses.
    pub unsettled: bool,
    /// The version replaced, for the caller to drop when it is not in a hurry.
    pub old: Option<SourceFile>,
}

/// Re-analyses an open document whose edits were applied to the tree in the workspace (if
/// any) and recorded in `cache`: re-parses with the old tree, widens the cache by the
/// changed ranges, and replaces the file with an analysis that re-uses the untouched blocks.
/// Without a tree in the workspace the text is parsed afresh and the cache forgotten.
pub fn reanalyze(
    ws: &mut Workspace,
    parser: &mut Parser,
    path: &Path,
    text: Arc<str>,
    cache: &mut LowerCache,
) -> Reanalyzed {
    let id = ws.file_id(path);
    let old_tree = id
        .and_then(|id| ws.file_mut(id))
        .and_then(|file| file.tree.take());
    let tree = syntax::parse_with(parser, &text, old_tree.as_ref());
    match &old_tree {
        Some(old_tree) => cache.reparsed(old_tree, &tree),
        // Parsed afresh: nothing says where the text changed.
        None => cache.invalidate(),
    }
    let unsettled = old_tree.is_some() && tree.root_node().has_error();
    let previous = id.and_then(|id| ws.file(id));
    let file = analyze_incrementally(path.to_path_buf(), text, tree, Some(cache), previous);
    let (id, old) = ws.replace_file(file);
    Reanalyzed { id, unsettled, old }
}

/// An open document driven through the engine: its text and the cache of its edits, its
/// analysis (with the tree) in a workspace.
pub struct Document {
    pub path: PathBuf,
    pub text: String,
    pub id: FileId,
    cache: LowerCache,
    parser: Parser,
    /// Whether the last re-analysis was incremental around a syntax error.
    pub unsettled: bool,
}

impl Document {
    /// Opens a document: parsed afresh, its tree kept for the next edits.
    pub fn open(ws: &mut Workspace, path: PathBuf, text: String) -> Document {
        let mut parser = syntax::new_parser();
        let mut cache = LowerCache::default();
        if let Some(id) = ws.file_id(&path) {
            if let Some(file) = ws.file_mut(id) {
                file.tree = None;
            }
        }
        let id = reanalyze(ws, &mut parser, &path, Arc::from(text.as_str()), &mut cache).id;
        Document {
            path,
            text,
            id,
            cache,
            parser,
            unsettled: false,
        }
    }

    /// Replaces `start..end` (any offsets, see [`replace`]) by `new`: in the text, in the
    /// workspace's tree and in the cache. The analysis waits for [`Document::refresh`].
    pub fn edit(&mut self, ws: &mut Workspace, start: usize, end: usize, new: &str) -> InputEdit {
        let edit = replace(&mut self.text, start, end, new);
        if let Some(tree) = ws.file_mut(self.id).and_then(|file| file.tree.as_mut()) {
            tree.edit(&edit);
        }
        self.cache.edit(&edit);
        edit
    }

    /// Re-analyses the document after its edits.
    pub fn refresh(&mut self, ws: &mut Workspace) {
        let text = Arc::from(self.text.as_str());
        let done = reanalyze(ws, &mut self.parser, &self.path, text, &mut self.cache);
        self.id = done.id;
        self.unsettled = done.unsettled;
    }

    /// What the server does once editing pauses after an unsettled re-analysis: parses
    /// afresh.
    pub fn settle(&mut self, ws: &mut Workspace) {
        if !self.unsettled {
            return;
        }
        if let Some(file) = ws.file_mut(self.id) {
            file.tree = None;
        }
        self.refresh(ws);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::analyze;

    #[test]
    fn points_count_rows_at_line_feeds_only() {
        let text = "ab\r\ncd\ref\né";
        assert_eq!(point(text, 0), Point { row: 0, column: 0 });
        assert_eq!(point(text, 4), Point { row: 1, column: 0 });
        assert_eq!(point(text, 9), Point { row: 1, column: 5 });
        assert_eq!(point(text, 10), Point { row: 2, column: 0 });
        assert_eq!(point(text, 99), Point { row: 2, column: 2 });
    }

    #[test]
    fn replace_clamps_to_char_boundaries_and_the_text() {
        let mut text = "aé😀".to_owned();
        let edit = replace(&mut text, 2, 99, "x");
        assert_eq!(text, "ax");
        assert_eq!((edit.start_byte, edit.old_end_byte), (1, 7));
    }

    #[test]
    fn edits_through_the_engine_give_the_analysis_of_the_final_text() {
        let mut ws = Workspace::new();
        let mut doc = Document::open(
            &mut ws,
            PathBuf::from("a.cdown"),
            "Some [claim]{#c @x}.\n\n[@x]: X\n".to_owned(),
        );
        doc.edit(&mut ws, 6, 6, "new ");
        doc.edit(&mut ws, 0, 0, "# Title\n\n");
        doc.refresh(&mut ws);
        let fresh = analyze(PathBuf::from("a.cdown"), Arc::from(doc.text.as_str()));
        let file = ws.file(doc.id).expect("the document is in the workspace");
        assert_eq!(
            &*file.text,
            "# Title\n\nSome [new claim]{#c @x}.\n\n[@x]: X\n"
        );
        assert_eq!(format!("{:?}", file.model), format!("{:?}", fresh.model));
        assert_eq!(file.line_index, fresh.line_index);
        assert!(file.tree.is_some(), "the tree is kept for the next edit");
    }
}
