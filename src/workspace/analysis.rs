use std::path::PathBuf;
use std::sync::Arc;

use crate::model::{lower_blocks, lower_in_pieces, FileModel, LowerCache, PIECE};
use crate::syntax::{self, SyntaxError};
use crate::text::{Encoding, LineIndex, TextRange};

/// One file analysed: its text, model and syntax errors. No tree is kept: an open
/// document's next version parses only the text its edits touched (see `engine`).
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
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

/// Parses and analyses a file: a large one in pieces on every core (see
/// [`lower_whole`]).
pub fn analyze(path: PathBuf, text: Arc<str>) -> SourceFile {
    let line_index = LineIndex::new(&text);
    let model = lower_whole(&text, &line_index, None);
    analyze_model(path, text, model, line_index)
}

/// The model of a whole text. One of two pieces or more is parsed in pieces, each on its
/// own and on every core, its tree dropped once lowered; the result is that of a single
/// parse, which is made instead when a piece has a syntax error (see `model::chunks`).
pub fn lower_whole(text: &str, lines: &LineIndex, mut cache: Option<&mut LowerCache>) -> FileModel {
    if text.len() >= 2 * PIECE {
        if let Some(model) = lower_in_pieces(text, lines, PIECE, cache.as_deref_mut()) {
            return model;
        }
    }
    let tree = syntax::parse(text);
    lower_blocks(&tree, text, cache)
}

/// A file from its model: the syntax errors are its blocks' (kept in the model) and the
/// front matter's, which depends on the first line and the model only.
pub fn analyze_model(
    path: PathBuf,
    text: Arc<str>,
    model: FileModel,
    line_index: LineIndex,
) -> SourceFile {
    let mut syntax_errors: Vec<SyntaxError> =
        syntax::unclosed_front_matter(&text, model.front_matter.is_some())
            .into_iter()
            .collect();
    syntax_errors.extend(model.syntax_errors.iter().cloned());
    SourceFile {
        path,
        text,
        line_index,
        model,
        syntax_errors,
    }
}
