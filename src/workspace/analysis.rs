use std::path::PathBuf;
use std::sync::Arc;

use tree_sitter::Tree;

use crate::model::{lower, FileModel};
use crate::syntax::{self, SyntaxError};
use crate::text::LineIndex;

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

/// Parses and analyses a file, dropping the tree.
pub fn analyze(path: PathBuf, text: Arc<str>) -> SourceFile {
    let tree = syntax::parse(&text);
    let mut file = analyze_with_tree(path, text, tree);
    file.tree = None;
    file
}

/// Analyses a file whose tree is already parsed, keeping the tree.
pub fn analyze_with_tree(path: PathBuf, text: Arc<str>, tree: Tree) -> SourceFile {
    let model = lower(&tree, &text);
    let syntax_errors = syntax::syntax_errors(&tree, &text);
    let line_index = LineIndex::new(&text);
    SourceFile { path, text, tree: Some(tree), line_index, model, syntax_errors }
}
