//! Syntax errors from the tree's ERROR and MISSING nodes, worded for writers.

use tree_sitter::{Node, Tree};

use super::{kinds, node_text, walk_preorder};
use crate::text::TextRange;

/// A piece of markup the grammar could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    /// What is wrong; [`SyntaxError::message_with_lines`] adds where it ends.
    pub message: String,
    /// An edit that repairs it, when the intent is clear.
    pub fix: Option<SyntaxFix>,
    /// Where what the error leaves open ends: a block annotation never closed ends before
    /// a heading or a definition. An offset rather than a line number in the message, so
    /// that the error moves with its block when lines come or go above it.
    pub ends_before: Option<EndsBefore>,
}

/// The line that ended what a syntax error leaves open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndsBefore {
    /// "heading" or "definition".
    pub what: &'static str,
    pub offset: u32,
}

impl SyntaxError {
    /// The message as people read it, with the line (1-based, from `line_of` an offset)
    /// where what the error leaves open ends.
    pub fn message_with_lines(&self, line_of: impl Fn(usize) -> usize) -> String {
        match self.ends_before {
            Some(EndsBefore { what, offset }) => format!(
                "{}, before the {what} on line {}",
                self.message,
                line_of(offset as usize)
            ),
            None => self.message.clone(),
        }
    }
}

/// A replacement of `range` by `replacement`, titled for an editor's quick-fix menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxFix {
    pub title: String,
    pub range: TextRange,
    pub replacement: String,
}

/// Every syntax error of a file, at most one per line so that one mistake gives one
/// diagnostic and not a cascade, in one pass over the tree. The analysis finds the same
/// block by block instead ([`block_syntax_errors`], kept with the blocks of the model).
pub fn syntax_errors(tree: &Tree, text: &str) -> Vec<SyntaxError> {
    // Comment lines may stand before the front matter.
    let root = tree.root_node();
    let mut cursor = root.walk();
    let has_front_matter = root
        .named_children(&mut cursor)
        .find(|child| child.kind_id() != kinds().comment)
        .is_some_and(|first| first.kind_id() == kinds().front_matter);
    let mut res: Vec<SyntaxError> = unclosed_front_matter(text, has_front_matter)
        .into_iter()
        .collect();
    if root.is_error() {
        unreadable_file(root, text, &mut res);
    } else {
        block_syntax_errors(root, text, None, &mut res);
    }
    res.sort_by_key(|error| error.range.start);
    res
}

/// The errors of a file the parser could not read as a whole, whose root is an ERROR: the
/// blocks it read among the fragments, each block on its own, and the first fragment of
/// each run of them.
fn unreadable_file(container: Node<'_>, text: &str, res: &mut Vec<SyntaxError>) {
    let kinds = kinds();
    let mut in_fragments = false;
    let mut cursor = container.walk();
    for child in container.children(&mut cursor) {
        if child.kind_id() == kinds.comment {
            continue;
        }
        if child.kind_id() == kinds.section {
            in_fragments = false;
            unreadable_file(child, text, res);
        } else if container.is_error() && is_fragment(child) {
            if !in_fragments {
                res.push(unreadable(child, text));
            }
            in_fragments = true;
        } else if child.is_named() || child.has_error() {
            in_fragments = false;
            block_syntax_errors(child, text, None, res);
        }
    }
}

/// Whether a node among the blocks of an unreadable file is a fragment: neither a block
/// the parser read nor an error it already reports.
pub fn is_fragment(node: Node<'_>) -> bool {
    !node.is_error() && !node.is_missing() && !kinds().is_block(node.kind_id())
}

/// The error of a run of fragments: the markup from its first one to the end of that line
/// cannot be read.
pub fn unreadable(fragment: Node<'_>, text: &str) -> SyntaxError {
    let start = fragment.start_byte();
    let rest = text.get(start..).unwrap_or("");
    let line = rest
        .find(['\n', '\r'])
        .map_or(rest, |end| &rest[..end])
        .trim_end();
    let snippet = snippet(line);
    SyntaxError {
        range: TextRange::new(start, start + line.len()),
        message: if snippet.is_empty() {
            "this markup cannot be read here".to_owned()
        } else {
            format!("unexpected `{snippet}`: this markup cannot be read here")
        },
        fix: None,
        ends_before: None,
    }
}

/// The syntax errors of one block of a file (a paragraph, a block annotation, a
/// definition, a heading, or whatever the grammar could not read between them), in order.
/// `annotations` is the number of annotations in the block, when the caller counted them
/// (lowering does): it spares the walk for stray attribute lists in most blocks.
pub fn block_syntax_errors(
    block: Node<'_>,
    text: &str,
    annotations: Option<usize>,
    res: &mut Vec<SyntaxError>,
) {
    let from = res.len();
    super::stray::stray_attribute_lists(block, text, annotations, res);
    unclosed_blocks(block, text, res);
    if block.has_error() {
        // Lines as people see them: tree-sitter's rows count `\n` only, and a text with
        // `\r` line breaks is one row. The text between one error and the next is read
        // once, so a long line of errors costs its length, not its length squared.
        let mut seen = None::<usize>;
        let mut new_line = |start: usize| match seen.replace(start) {
            None => true,
            Some(from) => text
                .as_bytes()
                .get(from.min(start)..start)
                .is_some_and(|between| memchr::memchr2(b'\n', b'\r', between).is_some()),
        };
        walk_preorder(block, |node| {
            if !node.has_error() {
                return false;
            }
            let error = if node.is_missing() {
                Some(missing(node, text))
            } else if node.is_error() {
                Some(unexpected(node, text))
            } else {
                None
            };
            match error {
                Some(error) => {
                    if new_line(node.start_byte()) {
                        res.push(error);
                    }
                    false
                }
                None => true,
            }
        });
    }
    res[from..].sort_by_key(|error| error.range.start);
}

fn missing(node: Node<'_>, text: &str) -> SyntaxError {
    let at = TextRange::new(node.start_byte(), node.end_byte());
    let opener = node.parent();
    match node.kind() {
        "}" => SyntaxError {
            range: opener.map_or(at, |list| {
                TextRange::new(list.start_byte(), list.start_byte() + 1)
            }),
            message: "this attribute list is never closed: expected `}` before the paragraph ends"
                .to_owned(),
            fix: None,
            ends_before: None,
        },
        ":::" => SyntaxError {
            range: opener.map_or(at, |block| {
                TextRange::new(block.start_byte(), block.start_byte() + 3)
            }),
            message: "this block annotation is never closed: expected a line `:::`".to_owned(),
            fix: None,
            ends_before: None,
        },
        kind => SyntaxError {
            range: at,
            message: format!("expected `{kind}` here{}", context_suffix(opener, text)),
            fix: None,
            ends_before: None,
        },
    }
}

fn unexpected(node: Node<'_>, text: &str) -> SyntaxError {
    let kinds = kinds();
    let parent = node.parent().map(|parent| parent.kind_id());
    let snippet = snippet(node_text(node, text));
    let message = if parent == Some(kinds.attribute_list) || parent == Some(kinds.fence_attributes)
    {
        format!(
            "unexpected `{snippet}` in the attributes: expected `#id`, `@actor`, `^source`, `key=value` or a flag"
        )
    } else if parent == Some(kinds.front_matter) {
        format!(
            "unexpected `{snippet}` in the front matter: expected `key: value` or a closing `---`"
        )
    } else if snippet.is_empty() {
        "this markup cannot be read here".to_owned()
    } else {
        format!("unexpected `{snippet}`: this markup cannot be read here")
    };
    // Underline the first line of the error only: the rest of the file is still analysed.
    let first_line_end = node_text(node, text)
        .find(['\n', '\r'])
        .map_or(node.end_byte(), |n| node.start_byte() + n);
    SyntaxError {
        range: TextRange::new(node.start_byte(), first_line_end.max(node.start_byte())),
        message,
        fix: None,
        ends_before: None,
    }
}

fn context_suffix(parent: Option<Node<'_>>, text: &str) -> String {
    match parent {
        Some(parent) if parent.is_named() => {
            format!(" (in `{}`)", snippet(node_text(parent, text)))
        }
        _ => String::new(),
    }
}

fn snippet(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut res: String = line.chars().take(24).collect();
    if line.chars().count() > 24 {
        res.push('…');
    }
    res
}

/// Block annotations whose closing fence is empty: the grammar ends an unclosed block at
/// the first heading or definition line, or at the end of the file, so that what follows
/// still counts. Reported once, at the opening fence.
fn unclosed_blocks(root: Node<'_>, text: &str, res: &mut Vec<SyntaxError>) {
    let kinds = kinds();
    // Blocks stand among blocks: prose and definitions hold none.
    let holds_no_blocks = |kind: u16| {
        kind == kinds.paragraph
            || kind == kinds.actor_definition
            || kind == kinds.source_definition
            || kind == kinds.front_matter
    };
    // Most blocks are paragraphs: no walk (and no cursor to allocate) for them.
    if holds_no_blocks(root.kind_id()) {
        return;
    }
    walk_preorder(root, |node| {
        let kind = node.kind_id();
        if kind == kinds.block_annotation {
            let close = node.child(node.child_count().saturating_sub(1));
            if let Some(close) =
                close.filter(|close| close.byte_range().is_empty() && !close.is_missing())
            {
                let what = match text.as_bytes().get(close.start_byte()) {
                    Some(b'#') => Some("heading"),
                    Some(_) => Some("definition"),
                    None => None,
                };
                res.push(SyntaxError {
                    range: TextRange::new(node.start_byte(), node.start_byte() + 3),
                    message: "this block annotation is never closed: expected a line `:::`"
                        .to_owned(),
                    fix: None,
                    ends_before: what.map(|what| EndsBefore {
                        what,
                        offset: close.start_byte() as u32,
                    }),
                });
            }
        }
        !holds_no_blocks(kind)
    });
}

/// The `---` line that opens the front matter, if the text starts with one: its first line
/// that is not a comment (comments may stand anywhere, before the front matter too).
pub fn front_matter_opener(text: &str) -> Option<TextRange> {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < text.len() {
        // Lines end at `\n`, `\r\n` or `\r`, as the grammar's do.
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(text.len(), |n| start + n);
        let content = &text[start..end];
        // A comment line, indented or not, is an extra: the front matter may follow it.
        if !super::is_comment_line(content) {
            let opens = content.trim_end_matches([' ', '\t']) == "---";
            return opens.then(|| TextRange::new(start, start + 3));
        }
        start = match bytes.get(end..end + 2) {
            Some(b"\r\n") => end + 2,
            _ => end + 1,
        };
    }
    None
}

/// A `---` opening the text that the grammar read as prose because no closing `---`
/// follows (`has_front_matter`: whether it read front matter).
pub fn unclosed_front_matter(text: &str, has_front_matter: bool) -> Option<SyntaxError> {
    let opener = front_matter_opener(text)?;
    if has_front_matter {
        return None;
    }
    Some(SyntaxError {
        range: opener,
        message: "the front matter opened here is never closed: add a line `---` after its fields"
            .to_owned(),
        fix: None,
        ends_before: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn errors(text: &str) -> Vec<(String, String)> {
        let tree = parse(text);
        syntax_errors(&tree, text)
            .into_iter()
            .map(|error| {
                let line_of = |offset: usize| 1 + text[..offset].matches('\n').count();
                let message = error.message_with_lines(line_of);
                (text[error.range.as_usize()].to_owned(), message)
            })
            .collect()
    }

    #[test]
    fn unclosed_attribute_list_points_at_its_brace() {
        let res = errors("Claim [a]{@x\n\nNext.\n");
        assert_eq!(res.len(), 1);
        assert_eq!(res[0].0, "{");
        assert!(res[0].1.contains("expected `}`"), "{res:?}");
    }

    #[test]
    fn unclosed_block_annotation_points_at_its_fence() {
        let res = errors("::: #q @a\nno end\n");
        assert_eq!(
            res,
            vec![(
                ":::".to_owned(),
                "this block annotation is never closed: expected a line `:::`".to_owned()
            )]
        );
    }

    #[test]
    fn attributes_after_an_unclosed_bracket_get_an_inserted_bracket() {
        let text = "Said [the ship was freed{#c @a} today.\n";
        let tree = parse(text);
        let res = syntax_errors(&tree, text);
        assert_eq!(res.len(), 1, "{res:?}");
        assert_eq!(&text[res[0].range.as_usize()], "{");
        let fix = res[0]
            .fix
            .as_ref()
            .map(|fix| (fix.range, fix.replacement.as_str()));
        assert_eq!(fix, Some((TextRange::empty(24), "]")));
    }

    #[test]
    fn an_unclosed_block_ends_at_a_definition_reported_once() {
        let res = errors("::: @a\nquote\n\nmore\n[@a]: A\n[@b]: B\n");
        assert_eq!(
            res,
            vec![(
                ":::".to_owned(),
                "this block annotation is never closed: expected a line `:::`, before the definition on line 5"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn the_front_matter_may_open_after_comment_lines() {
        assert_eq!(front_matter_opener("---\nx"), Some(TextRange::new(0, 3)));
        assert_eq!(
            front_matter_opener("%% a\r\n%%b\n--- \nx"),
            Some(TextRange::new(10, 13))
        );
        assert_eq!(front_matter_opener("\n---\n"), None);
        // Found by the `edits` fuzz target: an indented comment line is a comment line.
        assert_eq!(
            front_matter_opener("  %% note\n---\n"),
            Some(TextRange::new(10, 13))
        );
        assert_eq!(
            front_matter_opener("\t%% a\r%% b\r\n---\r"),
            Some(TextRange::new(12, 15))
        );
        assert_eq!(front_matter_opener("%% only a comment"), None);
        assert_eq!(front_matter_opener(" ---\n"), None);
        assert_eq!(front_matter_opener("text\n---\n"), None);
        let res = errors("%% note\n---\ntitle: x\n\nProse.\n");
        assert_eq!(res.len(), 1, "{res:?}");
        assert_eq!(res[0].0, "---");
    }

    #[test]
    fn a_front_matter_after_comment_lines_with_an_error_is_not_unclosed() {
        for text in [
            "%% note\n---\ntitle: x\n---\n\nProse.\n",
            "%% note\n---\ntitle: x\n\u{1}\n---\n\nProse.\n",
        ] {
            let res = errors(text);
            let unclosed = res.iter().filter(|(_, m)| m.contains("never closed"));
            assert_eq!(unclosed.count(), 0, "{text:?}: {res:?}");
        }
    }

    #[test]
    fn unclosed_front_matter() {
        let res = errors("---\ntitle: x\n\nProse.\n");
        assert_eq!(res.len(), 1);
        assert!(res[0].1.contains("never closed"));
    }

    #[test]
    fn a_file_the_parser_cannot_read_reports_where_reading_stopped() {
        let text = "# O\r\nlaim]\n## Sub\n @x} here.\nSoft [bre\n\n1\n## Sub\ny ^s}.\n\n[@x]: \n## Sub\n  role: r\n[@y]: Y\n \t\n## Two\r\n\r\n::: #q quote\n\nMore.\n:::xEnd [c]{#c2 @x rebutsé Zed\n.";
        assert!(parse(text).root_node().is_error());
        assert_eq!(
            errors(text),
            vec![(
                "::: #q quote".to_owned(),
                "unexpected `::: #q quote`: this markup cannot be read here".to_owned()
            )]
        );
    }

    #[test]
    fn one_error_per_line_as_people_see_lines() {
        for newline in ["\n", "\r\n", "\r"] {
            let text = format!("A [b]{{#c @x{newline}{newline}B [d]{{#e @y{newline}");
            let found: Vec<String> = errors(&text).into_iter().map(|(at, _)| at).collect();
            assert_eq!(found, ["{", "{"], "{text:?}");
        }
        // Two mistakes on one line give one error.
        let found = errors("A [b]{#c @x ]{ @y\r\rB\r");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn well_formed_text_has_no_errors() {
        assert!(errors("[sic] [a]{@b} ]{ \\[ %% c\n").is_empty());
        assert!(errors("").is_empty());
    }
}
