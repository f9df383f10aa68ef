//! Definitions: `[@id]: Name`, then the fields in the order the language documents them
//! (unknown fields last, repeated ones in the order written), indented by two spaces.

use tree_sitter::Node;

use super::{Edit, Replacement};
use crate::model::vocabulary::definition_fields;
use crate::model::DefinitionKind;
use crate::syntax::{kinds, node_text, walk_preorder};
use crate::text::TextRange;

/// What separates a definition's parts; other white space belongs to them.
const BLANKS: [char; 2] = [' ', '\t'];

/// The edit that writes a definition in order, or `None` for one with a comment in it (a
/// comment belongs to the line it is on, which the order would lose).
pub(super) fn definition(node: Node<'_>, text: &str, newline: &str) -> Option<Edit> {
    let kinds = kinds();
    let kind = if node.kind_id() == kinds.actor_definition {
        DefinitionKind::Actor
    } else {
        DefinitionKind::Source
    };
    let mut has_comment = false;
    walk_preorder(node, |child| {
        has_comment |= child.kind_id() == kinds.comment;
        !has_comment
    });
    if has_comment {
        return None;
    }
    let id = node_text(node.child_by_field_name("id")?, text);
    let mut out = format!("[{}{id}]:", kind.sigil());
    if let Some(name) = node.child_by_field_name("name") {
        // Blanks only: a name may be, or end in, any other white space the model keeps.
        let name = node_text(name, text).trim_matches(BLANKS);
        if !name.is_empty() {
            out.push(' ');
            out.push_str(name);
        }
    }
    let specs = definition_fields(kind);
    let mut fields = Vec::new();
    let mut cursor = node.walk();
    for field in node.named_children(&mut cursor) {
        if field.kind_id() != kinds.definition_field {
            continue;
        }
        let key = node_text(field.child_by_field_name("key")?, text).trim();
        let value = field
            .child_by_field_name("value")
            .map_or("", |value| node_text(value, text).trim_matches(BLANKS));
        let rank = specs
            .iter()
            .position(|spec| spec.key == key)
            .unwrap_or(specs.len());
        let line = if value.is_empty() {
            format!("  {key}:")
        } else {
            format!("  {key}: {value}")
        };
        fields.push((rank, line));
    }
    fields.sort_by_key(|(rank, _)| *rank);
    for (_, line) in fields {
        out.push_str(newline);
        out.push_str(&line);
    }
    let end = node_text(node, text).trim_end_matches(['\n', '\r']).len();
    Some(Edit {
        range: TextRange::new(node.start_byte(), node.start_byte() + end),
        new: Replacement::Text(out),
    })
}
