use std::path::PathBuf;
use std::sync::Arc;

use tree_sitter::Tree;

use crate::model::{lower_blocks, FileModel, LowerCache};
use crate::syntax::{self, SyntaxError};
use crate::text::{Encoding, LineIndex, TextRange};

/// One file analysed: its text, model and syntax errors. The tree is kept only where it
/// serves (open documents re-parse incrementally); the command line drops it.
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub tree: Option<Tree>,
    pub line_index: LineIndex,
    pub model: FileModel,
    pub syntax_errors: Vec<SyntaxError>,
}

/// A 1-based line and column, the column in Unicode scalar values: how the command line
/// and the exports show a place to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    /// Where a byte offset stands, counted as people read it (see [`Position`]).
    pub fn position(&self, offset: u32) -> Position {
        let at = self
            .line_index
            .line_col(&self.text, offset as usize, Encoding::Chars);
        Position {
            line: at.line + 1,
            column: at.col + 1,
        }
    }
}

/// Decodes a file read from disk and analyses it, dropping the tree. Text that is not UTF-8
/// is analysed as far as it decodes, with a located error; a binary file is not analysed.
pub fn analyze_bytes(path: PathBuf, bytes: Vec<u8>) -> SourceFile {
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        let mut file = analyze(path, Arc::from(""));
        file.syntax_errors.push(SyntaxError {
            range: TextRange::empty(0),
            message: "this is a binary file, not Claimdown text".to_owned(),
            fix: None,
            ends_before: None,
        });
        return file;
    }
    match String::from_utf8(bytes) {
        Ok(text) => analyze(path, Arc::from(strip_bom(text))),
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            let bad_byte = err.as_bytes().get(valid_up_to).copied().unwrap_or(0);
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let mut file = analyze(path, Arc::from(strip_bom(text)));
            let offset = valid_up_to.min(file.text.len());
            let end = file.text[offset..]
                .chars()
                .next()
                .map_or(offset, |ch| offset + ch.len_utf8());
            file.syntax_errors.insert(
                0,
                SyntaxError {
                    range: TextRange::new(offset, end),
                    message: format!(
                        "this file is not valid UTF-8: byte 0x{bad_byte:02x} cannot be read, and is shown as U+FFFD"
                    ),
                    fix: None,
                    ends_before: None,
                },
            );
            file
        }
    }
}

/// A byte order mark carries no meaning for Claimdown; dropping it keeps the front matter
/// detectable on the first line.
fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// Parses and analyses a file, dropping the tree.
pub fn analyze(path: PathBuf, text: Arc<str>) -> SourceFile {
    let tree = syntax::parse(&text);
    let mut file = analyze_with_tree(path, text, tree);
    file.tree = None;
    file
}

/// Analyses a file whose tree is already parsed, keeping the tree.
pub fn analyze_with_tree(path: PathBuf, text: Arc<str>, tree: Tree) -> SourceFile {
    let line_index = LineIndex::new(&text);
    analyze_incrementally(path, text, tree, line_index, None, None)
}

/// Analyses a new version of an open document (see [`super::engine`], which keeps its line
/// index as it edits): with the cache fed every edit since `previous`, the blocks of
/// `previous` that no edit touched are copied instead of lowered again.
pub fn analyze_incrementally(
    path: PathBuf,
    text: Arc<str>,
    tree: Tree,
    line_index: LineIndex,
    cache: Option<&mut LowerCache>,
    previous: Option<&SourceFile>,
) -> SourceFile {
    let model = lower_blocks(&tree, &text, cache, previous.map(|file| &file.model));
    // The model holds its blocks' syntax errors; the front matter's depends on the first
    // line and the first block only.
    let mut syntax_errors: Vec<SyntaxError> = syntax::unclosed_front_matter(&tree, &text)
        .into_iter()
        .collect();
    syntax_errors.extend(model.syntax_errors.iter().cloned());
    SourceFile {
        path,
        text,
        tree: Some(tree),
        line_index,
        model,
        syntax_errors,
    }
}
