//! The formatter: a file's markup written one way, its prose left as written.
//!
//! Attribute lists are put in a fixed order with single spaces and wrapped at the line
//! width, definitions get their fields in the documented order with two-space indentation,
//! and lines lose their trailing blanks, runs of blank lines fold into one, blocks are
//! separated by a blank line and the file ends in one line break. A block with a syntax
//! error is left as written. The result is parsed again and its meaning compared with the
//! input's ([`meaning`]): should they ever differ, the text is given back unchanged.

mod attributes;
mod definitions;
mod lines;
mod meaning;
mod ranges;

pub use meaning::{meaning, Meaning};

use tree_sitter::Node;

use ranges::Ranges;
use unicode_width::UnicodeWidthStr;

use crate::syntax::{kinds, syntax_errors, walk_preorder};
use crate::text::TextRange;

/// The width attribute lists wrap at when `claimdown.toml` does not say.
pub const DEFAULT_LINE_WIDTH: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Attribute lists that would end past this column are wrapped (`[format] line-width`).
    pub line_width: usize,
}

impl Default for FormatOptions {
    fn default() -> FormatOptions {
        FormatOptions {
            line_width: DEFAULT_LINE_WIDTH,
        }
    }
}

/// What the formatter made of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formatted {
    pub text: String,
    /// Blocks left as written because of a syntax error, in the input's offsets.
    pub skipped: Vec<TextRange>,
    /// What changed: replacements of ranges of the input (sorted, none overlapping, none
    /// without effect), from which `text` is the input; what an editor applies.
    pub edits: Vec<(TextRange, String)>,
    /// The formatted text would have meant something else: `text` is the input unchanged.
    /// This is a bug of the formatter, reported rather than written.
    pub refused: bool,
}

/// Formats `text`. Never fails: what cannot be formatted safely is left as written.
pub fn format(text: &str, options: &FormatOptions) -> Formatted {
    let tree = crate::syntax::parse(text);
    let model = crate::model::lower(&tree, text);
    let broken = Ranges::new(
        syntax_errors(&tree, text)
            .into_iter()
            .map(|error| error.range)
            .chain(model.malformed.iter().map(|malformed| malformed.range))
            // An empty range (a missing `]`) still marks the block it stands in.
            .map(|range| {
                TextRange::new(
                    range.start as usize,
                    range.end.max(range.start + 1) as usize,
                )
            }),
    );
    let blocks = top_level_blocks(tree.root_node());
    let original = std::sync::OnceLock::new();
    let means_the_same = |formatted: &str| {
        formatted == text || *original.get_or_init(|| meaning(text)) == meaning(formatted)
    };
    let first = format_blocks(text, &blocks, &broken, Caution::Broken, options);
    if means_the_same(&first.text) {
        return first;
    }
    // The parser's recovery from a syntax error can depend on the text around it (a blank
    // line more or less): try again leaving the neighbours of broken blocks alone too, and
    // at last everything from the first broken block to the end.
    if !first.skipped.is_empty() {
        for caution in [Caution::Neighbours, Caution::Rest] {
            let cautious = format_blocks(text, &blocks, &broken, caution, options);
            if means_the_same(&cautious.text) {
                return cautious;
            }
        }
    }
    Formatted {
        text: text.to_owned(),
        skipped: first.skipped,
        edits: Vec::new(),
        refused: true,
    }
}

/// What a pass of the formatter leaves as written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caution {
    /// The blocks with a syntax error.
    Broken,
    /// And the blocks next to them.
    Neighbours,
    /// Everything from the first broken block to the end of the file.
    Rest,
}

fn format_blocks(
    text: &str,
    blocks: &[Node<'_>],
    broken: &Ranges,
    caution: Caution,
    options: &FormatOptions,
) -> Formatted {
    let newline = newline_of(text);
    let is_skipped: Vec<bool> = blocks
        .iter()
        .map(|&block| is_broken(block, broken))
        .collect();
    let first_broken = is_skipped.iter().position(|&skipped| skipped);
    let mut edits = Vec::new();
    let mut skipped = Vec::new();
    let mut block_skipped = Vec::with_capacity(blocks.len());
    for (idx, &block) in blocks.iter().enumerate() {
        let near_broken = match caution {
            Caution::Broken => false,
            Caution::Neighbours => {
                idx > 0 && is_skipped[idx - 1] || is_skipped.get(idx + 1) == Some(&true)
            }
            Caution::Rest => first_broken.is_some_and(|first| idx >= first),
        };
        block_skipped.push(is_skipped[idx] || near_broken);
        if caution == Caution::Rest && first_broken == Some(idx) {
            // One range to the end: the blank lines between the blocks after it too.
            skipped.push(TextRange::new(block.start_byte(), text.len()));
        }
        if caution == Caution::Rest && near_broken {
            continue;
        }
        if is_skipped[idx] || near_broken {
            // With the blanks that end its line: the parser's recovery from an error can
            // depend on them too (`[]{ ` at the end of a file is not read as `[]{`).
            let end = block.end_byte();
            let blanks = text.as_bytes()[end..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            skipped.push(TextRange::new(block.start_byte(), end + blanks));
            continue;
        }
        block_edits(block, text, newline, &mut edits);
    }
    let line_edits = lines::line_edits(
        text,
        blocks,
        &block_skipped,
        &Ranges::new(skipped.iter().copied()),
        newline,
        &Ranges::new(edits.iter().map(|edit| edit.range)),
    );
    edits.extend(line_edits);
    let (formatted, edits) = apply(text, edits, options);
    Formatted {
        text: formatted,
        edits,
        skipped,
        refused: false,
    }
}

/// A replacement of a range of the input.
#[derive(Debug)]
pub(crate) struct Edit {
    pub range: TextRange,
    pub new: Replacement,
}

#[derive(Debug)]
pub(crate) enum Replacement {
    Text(String),
    /// An attribute list `{…}`, its attributes in order: wrapped where it lands.
    AttributeList(Vec<String>),
}

/// The line break the file uses (its first), for the lines the formatter writes.
fn newline_of(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(idx) if text[idx..].starts_with("\r\n") => "\r\n",
        Some(idx) if text[idx..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// The blocks of the document in order, sections opened: front matter, headings,
/// paragraphs, block annotations, definitions, and whatever the parser could not read.
fn top_level_blocks(root: Node<'_>) -> Vec<Node<'_>> {
    let kinds = kinds();
    let mut blocks = Vec::new();
    walk_preorder(root, |node| {
        if node == root || node.kind_id() == kinds.section {
            return true;
        }
        if node.kind_id() != kinds.comment {
            blocks.push(node);
        }
        false
    });
    blocks
}

/// Whether a block has a syntax error, or markup the language refuses, in it.
fn is_broken(block: Node<'_>, broken: &Ranges) -> bool {
    if block.is_error() || block.is_missing() || block.has_error() {
        return true;
    }
    broken.meets(TextRange::new(block.start_byte(), block.end_byte()))
}

fn block_edits(block: Node<'_>, text: &str, newline: &str, edits: &mut Vec<Edit>) {
    let kinds = kinds();
    let kind = block.kind_id();
    if kind == kinds.actor_definition || kind == kinds.source_definition {
        edits.extend(definitions::definition(block, text, newline));
        return;
    }
    // A heading is one line: its attribute lists cannot wrap.
    let one_line = kind == kinds.heading;
    walk_preorder(block, |node| {
        let kind = node.kind_id();
        if kind == kinds.attribute_list || kind == kinds.fence_attributes {
            edits.extend(attributes::attribute_list(node, text, one_line));
            return false;
        }
        true
    });
}

/// Applies the edits (sorted, non-overlapping: line edits give way to the others), writing
/// attribute lists at the column they land on; returns the text and the edits as written.
fn apply(
    text: &str,
    mut edits: Vec<Edit>,
    options: &FormatOptions,
) -> (String, Vec<(TextRange, String)>) {
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut done = Vec::new();
    let mut at = 0usize;
    // The width of the output's last line, measured up to `measured` (once per byte).
    let (mut measured, mut column) = (0usize, 0usize);
    let newline = newline_of(text);
    for edit in edits {
        let (start, end) = (edit.range.start as usize, edit.range.end as usize);
        if start < at || end > text.len() {
            continue;
        }
        out.push_str(&text[at..start]);
        let written = out.len();
        match edit.new {
            Replacement::Text(new) => out.push_str(&new),
            Replacement::AttributeList(items) => {
                let unmeasured = &out[measured..];
                column = match unmeasured.rfind(['\n', '\r']) {
                    Some(idx) => unmeasured[idx + 1..].width(),
                    None => column + unmeasured.width(),
                };
                measured = out.len();
                attributes::write_wrapped(&mut out, &items, column, options.line_width, newline);
            }
        }
        if out[written..] != text[start..end] {
            done.push((edit.range, out[written..].to_owned()));
        }
        at = end;
    }
    out.push_str(&text[at..]);
    (out, done)
}

#[cfg(test)]
mod tests;
