//! Attribute lists: `#id`, `quote`, `@actors`, `^sources`, `rebuts=`, `supports=`,
//! `status=`, then the other attributes, each group in the order written, one blank apart.

use tree_sitter::Node;
use unicode_width::UnicodeWidthStr;

use super::{Edit, Replacement};
use crate::syntax::{kinds, node_text};
use crate::text::TextRange;

/// The edit that puts `{…}` or a fence line's attributes in order, or `None` when a comment
/// stands among them (it would have nowhere to go).
pub(super) fn attribute_list(list: Node<'_>, text: &str, one_line: bool) -> Option<Edit> {
    let kinds = kinds();
    // A heading's list that runs onto the next line is not one the grammar reads as the
    // heading's: joining it would change the heading.
    if one_line && node_text(list, text).contains(['\n', '\r']) {
        return None;
    }
    let mut items = Vec::new();
    let mut cursor = list.walk();
    for child in list.children(&mut cursor) {
        if child.kind_id() == kinds.comment {
            return None;
        }
        if child.is_named() {
            items.push((rank(child, text), node_text(child, text).to_owned()));
        }
    }
    // A fence's attributes may end in a comment that the grammar hangs after them. (Only
    // there: finding a sibling costs the number of siblings, and a paragraph has many.)
    if list.kind_id() == kinds.fence_attributes
        && list
            .next_sibling()
            .is_some_and(|next| next.kind_id() == kinds.comment)
    {
        return None;
    }
    items.sort_by_key(|(rank, _)| *rank);
    let items: Vec<String> = items.into_iter().map(|(_, item)| item).collect();
    let range = if list.kind_id() == kinds.fence_attributes {
        // The blanks before the first attribute are no part of the list: from the `:::`.
        let start = list
            .prev_sibling()
            .map_or(list.start_byte(), |open| open.end_byte());
        TextRange::new(start, list.end_byte())
    } else {
        TextRange::new(list.start_byte(), list.end_byte())
    };
    let new = if list.kind_id() == kinds.fence_attributes {
        // The fence line cannot wrap: ` attr attr` after `:::`.
        Replacement::Text(format!(" {}", items.join(" ")))
    } else if one_line {
        Replacement::Text(format!("{{{}}}", items.join(" ")))
    } else {
        Replacement::AttributeList(items)
    };
    Some(Edit { range, new })
}

/// Where an attribute goes in the order.
fn rank(node: Node<'_>, text: &str) -> u8 {
    let kinds = kinds();
    let kind = node.kind_id();
    if kind == kinds.claim_id {
        0
    } else if kind == kinds.flag && node_text(node, text) == "quote" {
        1
    } else if kind == kinds.actor_reference {
        2
    } else if kind == kinds.source_reference {
        3
    } else if kind == kinds.key_value {
        let key = node
            .child_by_field_name("key")
            .map_or("", |key| node_text(key, text));
        match key {
            "rebuts" => 4,
            "supports" => 5,
            "status" => 6,
            _ => 7,
        }
    } else {
        7
    }
}

/// Writes `{a b c}` at the end of `out`, breaking between attributes where the list would
/// pass `width`. A continuation line starts at the first column (indentation means nothing
/// in prose) and never with what could start a block or a comment there.
/// `column` is the width of the line already written.
pub(super) fn write_wrapped(
    out: &mut String,
    items: &[String],
    mut column: usize,
    width: usize,
    newline: &str,
) {
    out.push('{');
    column += 1;
    for (idx, item) in items.iter().enumerate() {
        let last = idx + 1 == items.len();
        let item_width = item.width() + usize::from(last);
        if idx > 0 {
            if column + 1 + item_width > width && can_start_line(item) {
                out.push_str(newline);
                column = 0;
            } else {
                out.push(' ');
                column += 1;
            }
        }
        out.push_str(item);
        column += item.width();
    }
    out.push('}');
}

/// Whether a line may start with this attribute and stay inside the attribute list.
fn can_start_line(item: &str) -> bool {
    !["#", ":::", "---", "[", "%%", "```"]
        .iter()
        .any(|start| item.starts_with(start))
}
