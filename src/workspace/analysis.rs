use std::path::PathBuf;
use std::sync::Arc;

use crate::model::{lower_blocks, lower_in_pieces_unless, FileModel, LowerCache, PIECE};
use crate::syntax::{self, SyntaxError};
use crate::text::{floor_char_boundary, Encoding, LineIndex, TextRange};

/// One file analysed: its text, model and syntax errors. No tree is kept: an open
/// document's next version parses only the text its edits touched (see `engine`).
pub struct SourceFile {
    pub path: PathBuf,
    /// Shared with the open document it was made of, if any (see `engine::Document`).
    pub text: Arc<String>,
    pub line_index: LineIndex,
    pub model: FileModel,
    /// What is wrong with the file as a whole (not text, not UTF-8, a front matter left
    /// open); its blocks' syntax errors are kept in the model. See [`SourceFile::syntax_errors`].
    pub file_errors: Vec<SyntaxError>,
}

/// A file's path, text and line index: what positions in it need, whether the workspace
/// holds the file whole or compact.
#[derive(Clone, Copy)]
pub struct FileText<'a> {
    pub path: &'a std::path::Path,
    pub text: &'a str,
    pub line_index: &'a LineIndex,
}

impl FileText<'_> {
    /// Where a byte offset stands, counted as people read it (see [`Position`]).
    pub fn position(&self, offset: u32) -> Position {
        let at = self
            .line_index
            .line_col(self.text, offset as usize, Encoding::Chars);
        Position {
            line: at.line + 1,
            column: at.col + 1,
        }
    }
}

impl<'a> From<&'a SourceFile> for FileText<'a> {
    fn from(file: &'a SourceFile) -> FileText<'a> {
        FileText {
            path: &file.path,
            text: &file.text,
            line_index: &file.line_index,
        }
    }
}

/// A 1-based line and column, the column in Unicode scalar values: how the command line
/// and the exports show a place to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    /// Every syntax error, the file's own first, then its blocks' in order.
    pub fn syntax_errors(&self) -> impl Iterator<Item = &SyntaxError> {
        self.file_errors.iter().chain(&self.model.syntax_errors)
    }

    /// Gives back the room the model and line index grew into while they were built: a
    /// file read from disk is kept as it is until it changes or is opened.
    pub fn shrink_to_fit(&mut self) {
        self.model.shrink_to_fit();
        self.line_index.shrink_to_fit();
        self.file_errors.shrink_to_fit();
    }

    /// Where a byte offset stands, counted as people read it (see [`Position`]).
    pub fn position(&self, offset: u32) -> Position {
        FileText::from(self).position(offset)
    }
}

/// Decodes a file read from disk and analyses it, dropping the tree. Text that is not UTF-8
/// is analysed as far as it decodes, with a located error; a binary file is not analysed.
pub fn analyze_bytes(path: PathBuf, bytes: Vec<u8>) -> SourceFile {
    let (text, error) = decode(bytes);
    let mut file = analyze(path, text);
    file.file_errors.splice(0..0, error);
    file
}

/// [`analyze_bytes`], given up (`None`) as soon as `stop` says so: a large text is
/// checked between pieces.
pub fn analyze_bytes_unless(
    path: PathBuf,
    bytes: Vec<u8>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<SourceFile> {
    let (text, error) = decode(bytes);
    let text = Arc::new(text);
    let line_index = LineIndex::new(&text);
    let model = lower_whole_unless(&text, &line_index, None, stop)?;
    let mut file = analyze_model(path, text, model, line_index);
    file.file_errors.splice(0..0, error);
    Some(file)
}

/// The text of a file's bytes, and the error to show at its start if they were not text.
fn decode(bytes: Vec<u8>) -> (String, Option<SyntaxError>) {
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        let error = SyntaxError {
            range: TextRange::empty(0),
            message: "this is a binary file, not Claimdown text".to_owned(),
            fix: None,
            ends_before: None,
        };
        return (String::new(), Some(error));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (strip_bom(text), None),
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            let bad_byte = err.as_bytes().get(valid_up_to).copied().unwrap_or(0);
            let text = strip_bom(String::from_utf8_lossy(err.as_bytes()).into_owned());
            let offset = floor_char_boundary(&text, valid_up_to);
            let end = text[offset..]
                .chars()
                .next()
                .map_or(offset, |ch| offset + ch.len_utf8());
            let error = SyntaxError {
                range: TextRange::new(offset, end),
                message: format!(
                    "this file is not valid UTF-8: byte 0x{bad_byte:02x} cannot be read, and is shown as U+FFFD"
                ),
                fix: None,
                ends_before: None,
            };
            (text, Some(error))
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
pub fn analyze(path: PathBuf, text: impl Into<String>) -> SourceFile {
    let text = Arc::new(text.into());
    let line_index = LineIndex::new(&text);
    let model = lower_whole(&text, &line_index, None);
    analyze_model(path, text, model, line_index)
}

/// The model of a whole text. One of two pieces or more is parsed in pieces, each on its
/// own and on every core, its tree dropped once lowered; the result is that of a single
/// parse, which is made instead when a piece has a syntax error (see `model::chunks`).
pub fn lower_whole(text: &str, lines: &LineIndex, cache: Option<&mut LowerCache>) -> FileModel {
    lower_whole_unless(text, lines, cache, &|| false).unwrap_or_default()
}

/// [`lower_whole`], given up (`None`) as soon as `stop` says so between pieces.
pub fn lower_whole_unless(
    text: &str,
    lines: &LineIndex,
    mut cache: Option<&mut LowerCache>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<FileModel> {
    if text.len() >= 2 * PIECE {
        let pieces = lower_in_pieces_unless(text, lines, PIECE, cache.as_deref_mut(), stop);
        if pieces.is_some() || stop() {
            return pieces;
        }
    }
    let tree = syntax::parse(text);
    Some(lower_blocks(&tree, text, cache))
}

/// A file from its model: the syntax errors are its blocks' (kept in the model, not copied
/// on every keystroke) and the front matter's, which depends on the first line and the
/// model only.
pub fn analyze_model(
    path: PathBuf,
    text: Arc<String>,
    model: FileModel,
    line_index: LineIndex,
) -> SourceFile {
    let file_errors = syntax::unclosed_front_matter(&text, model.front_matter.is_some())
        .into_iter()
        .collect();
    SourceFile {
        path,
        text,
        line_index,
        model,
        file_errors,
    }
}
