//! Attribute lists that follow no span: `[the ship was freed{#c @a}` is prose to the
//! grammar (its `[` has no `]{`), so without this check the claim would vanish silently.

use tree_sitter::Node;

use super::{kinds, node_text, walk_preorder, SyntaxError, SyntaxFix};
use crate::text::TextRange;

/// An error for each `{` in prose that opens what reads as an annotation's attributes.
/// `annotations`, when known, is the number of annotations under `root`.
pub(super) fn stray_attribute_lists(
    root: Node<'_>,
    text: &str,
    annotations: Option<usize>,
    res: &mut Vec<SyntaxError>,
) {
    // Without a `{` there is nothing to find, and most paragraphs have none: one search of
    // the bytes instead of a walk of the tree.
    let braces = memchr::memchr_iter(b'{', node_text(root, text).as_bytes()).count();
    if braces == 0 {
        return;
    }
    // In a tree without errors every annotation's attribute list starts with a `{` of its
    // own; when there are as many `{` as annotations, none is left for prose. That is most
    // annotated paragraphs, and the walk below was a third of lowering them.
    if annotations == Some(braces) && !root.has_error() {
        return;
    }
    let kinds = kinds();
    walk_preorder(root, |node| {
        let kind = node.kind_id();
        if kind == kinds.paragraph || kind == kinds.inline || kind == kinds.span {
            scan_container(node, text, res);
        }
        // Only prose holds text nodes; attribute lists and definitions are left alone.
        kind != kinds.attribute_list
            && kind != kinds.fence_attributes
            && kind != kinds.actor_definition
            && kind != kinds.source_definition
            && kind != kinds.front_matter
    });
}

/// Scans the text children of one run of prose, where brackets pair up.
fn scan_container(node: Node<'_>, text: &str, res: &mut Vec<SyntaxError>) {
    let kinds = kinds();
    // Offsets of the `[` not yet matched, and of the last `]` matched.
    let mut open: Vec<usize> = Vec::new();
    let mut last_close: Option<usize> = None;
    let mut matched_close: Option<usize> = None;
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.kind_id() != kinds.text {
            // An escape, a comment or a whole annotation: none of its brackets count.
            if child.kind_id() == kinds.annotation {
                last_close = None;
            }
            continue;
        }
        let start = child.start_byte();
        // Only the three ASCII brackets matter, so the bytes are searched, not the chars
        // decoded: most prose has none of them.
        let bytes = node_text(child, text).as_bytes();
        for idx in memchr::memchr3_iter(b'[', b']', b'{', bytes) {
            let at = start + idx;
            match bytes[idx] {
                b'[' => open.push(at),
                b']' => {
                    // A matched `]{` left as text is an annotation past the nesting limit,
                    // which the language reads as prose on purpose.
                    matched_close = open.pop().map(|_| at);
                    last_close = Some(at);
                }
                b'{' if matched_close.is_some_and(|close| close + 1 == at) => (),
                b'{' if looks_like_attributes(text.get(at + 1..).unwrap_or("")) => {
                    res.push(stray(text, at, open.last().copied(), last_close));
                }
                _ => (),
            }
        }
    }
}

/// `{#…`, `{@…`, `{^…` with an id after the sigil, or `{quote` as a whole word.
fn looks_like_attributes(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        Some('#' | '@' | '^') => chars
            .next()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == '_'),
        _ => after.strip_prefix("quote").is_some_and(|rest| {
            rest.chars()
                .next()
                .is_some_and(|ch| ch == '}' || ch.is_whitespace())
        }),
    }
}

fn stray(text: &str, brace: usize, open: Option<usize>, last_close: Option<usize>) -> SyntaxError {
    let range = TextRange::new(brace, brace + 1);
    if let Some(open) = open {
        let span = snippet(text.get(open..brace).unwrap_or(""));
        return SyntaxError {
            range,
            message: format!(
                "these attributes follow no span, so the claim is lost: a `]` is probably missing before `{{`, to close `{span}`"
            ),
            fix: Some(SyntaxFix {
                title: "Insert `]` before `{`".to_owned(),
                range: TextRange::empty(brace),
                replacement: "]".to_owned(),
            }),
            ends_before: None,
        };
    }
    // `[span] {…}`: only blanks stand between the `]` and the `{`.
    if let Some(close) = last_close {
        let between = text.get(close + 1..brace).unwrap_or("x");
        if !between.is_empty() && between.chars().all(|ch| ch == ' ' || ch == '\t') {
            return SyntaxError {
                range,
                message: "these attributes follow no span: nothing may stand between `]` and `{`"
                    .to_owned(),
                fix: Some(SyntaxFix {
                    title: "Remove the blanks before `{`".to_owned(),
                    range: TextRange::new(close + 1, brace),
                    replacement: String::new(),
                }),
                ends_before: None,
            };
        }
    }
    SyntaxError {
        range,
        message: "these attributes follow no span, so the claim is lost: write the span in brackets right before them, `[span]{…}`"
            .to_owned(),
        fix: None,
        ends_before: None,
    }
}

/// The start of a span, on one line, for a message.
fn snippet(span: &str) -> String {
    // Only the start is shown: a bounded prefix keeps a long span from costing its length
    // for every stray brace in it.
    let mut end = span.len().min(96);
    while !span.is_char_boundary(end) {
        end -= 1;
    }
    let flat: String = span[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    let mut res: String = flat.chars().take(24).collect();
    if flat.chars().count() > 24 {
        res.push('…');
    }
    res
}
