//! Syntax: Claimdown text → tree-sitter tree, node kind and field ids, and syntax errors in
//! words a writer understands.
//!
//! This is the only module that knows the grammar's node and field names.

mod allocator;
mod errors;
mod kinds;
mod stray;

pub use allocator::install as install_parse_allocator;
pub use errors::{
    block_syntax_errors, front_matter_opener, is_fragment, syntax_errors, unclosed_front_matter,
    unreadable, EndsBefore, SyntaxError, SyntaxFix,
};
pub use kinds::{fields, kinds, Fields, Kinds};

use crate::text::LineIndex;
use tree_sitter::{Node, Parser, Tree, TreeCursor};

/// The Claimdown tree-sitter language.
pub fn language() -> tree_sitter::Language {
    tree_sitter_claimdown::LANGUAGE.into()
}

/// A parser set to the Claimdown language.
pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    // Setting a language fails only on an ABI mismatch between the generated parser and
    // the tree-sitter crate, which the build pins; it cannot depend on input.
    if let Err(err) = parser.set_language(&language()) {
        panic!("the Claimdown grammar does not match the tree-sitter library: {err}");
    }
    parser
}

/// Parses `text`, re-using `old_tree` (already edited) when given.
pub fn parse_with(parser: &mut Parser, text: &str, old_tree: Option<&Tree>) -> Tree {
    match parser.parse(text, old_tree) {
        Some(tree) => tree,
        // Without a timeout or cancellation flag tree-sitter always returns a tree; parse
        // afresh on the impossible path rather than fail.
        None => {
            parser.reset();
            match parser.parse(text, None) {
                Some(tree) => tree,
                None => panic!("tree-sitter returned no tree without a timeout"),
            }
        }
    }
}

/// Parses `text[from..to]` on its own, its nodes at their places in `text`: the parser
/// starts at `from` (a line start) as at the start of a text, and ends at `to`.
pub fn parse_region(
    parser: &mut Parser,
    text: &str,
    lines: &LineIndex,
    from: usize,
    to: usize,
) -> Tree {
    let point = |at: usize| {
        let row = lines.line_of(at);
        let start = lines.line_start(row).min(at);
        tree_sitter::Point {
            row,
            column: at - start,
        }
    };
    let range = tree_sitter::Range {
        start_byte: from,
        end_byte: to,
        start_point: point(from),
        end_point: point(to),
    };
    // Ranges in order within the text are always accepted; were they not, the whole text
    // is parsed, which is slower but right.
    let _ = parser.set_included_ranges(&[range]);
    let tree = parse_with(parser, text, None);
    let _ = parser.set_included_ranges(&[]);
    tree
}

/// Parses `text` from scratch.
pub fn parse(text: &str) -> Tree {
    with_parser(|parser| parse_with(parser, text, None))
}

/// Runs `work` with this thread's parser, made on first use (which costs about a
/// millisecond: `claimdown check` has the pool's threads make theirs while it looks for
/// files). `work` must not parse through this function again.
pub fn with_parser<R>(work: impl FnOnce(&mut Parser) -> R) -> R {
    thread_local! {
        static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(new_parser());
    }
    PARSER.with(|parser| work(&mut parser.borrow_mut()))
}

/// The paragraph (with its line break) that holds all of `range`, if one does. The text
/// is parsed: the analysis keeps no tree, and this is asked for on a selection only.
pub fn paragraph_around(
    text: &str,
    range: crate::text::TextRange,
) -> Option<crate::text::TextRange> {
    let tree = parse(text);
    let (start, end) = (range.start as usize, range.end as usize);
    let mut node = tree.root_node().descendant_for_byte_range(start, end)?;
    let paragraph = kinds().paragraph;
    loop {
        if node.kind_id() == paragraph && !node.has_error() {
            return Some(crate::text::TextRange::new(
                node.start_byte(),
                node.end_byte(),
            ));
        }
        node = node.parent()?;
    }
}

/// Whether a line (without its break) is a comment line as the grammar reads it: blanks
/// and tabs only, then `%%`. After any other white space (a form feed, a no-break space)
/// the line is prose.
pub fn is_comment_line(line: &str) -> bool {
    line.trim_start_matches([' ', '\t']).starts_with("%%")
}

/// The source text of a node.
pub fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// Visits every node of `root` in document order without recursion, so that deeply nested
/// input cannot overflow the stack. `enter` returns whether to descend into the node.
pub fn walk_preorder<'tree>(root: Node<'tree>, enter: impl FnMut(Node<'tree>) -> bool) {
    walk_preorder_with(&mut root.walk(), root, enter);
}

/// [`walk_preorder`] with the caller's cursor, moved to `root`: a new cursor allocates, and
/// lowering walks every block of a file.
pub fn walk_preorder_with<'tree>(
    cursor: &mut TreeCursor<'tree>,
    root: Node<'tree>,
    mut enter: impl FnMut(Node<'tree>) -> bool,
) {
    cursor.reset(root);
    loop {
        let node = cursor.node();
        if enter(node) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}
