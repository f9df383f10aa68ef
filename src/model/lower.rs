//! Tree → [`FileModel`]: each block is lowered in one pass over its subtree, without
//! recursion; [`super::blocks`] assembles the blocks of a file.

use tree_sitter::{Node, Tree, TreeCursor};

use super::vocabulary::{self, ValueKind};
use super::{
    is_valid_id, Attribute, Claim, ClaimKind, Definition, DefinitionKind, Field, FileModel,
    FrontMatter, IndexRange, Malformed, Name, Reference, ReferenceContext, ReferenceKind,
    TextPiece,
};
use crate::syntax::{fields, kinds, node_text, walk_preorder_with};
use crate::text::TextRange;

/// Builds the model of one file from its tree.
pub fn lower(tree: &Tree, text: &str) -> FileModel {
    super::blocks::lower_blocks(tree, text, None)
}

/// Lowers one block (a paragraph, block annotation, definition, heading or front matter):
/// its claims, references, definitions and prose, with offsets into the whole text and
/// indices local to the block. Claims are not yet placed under a heading. `into` is an
/// empty model, whose lists' memory the block's items re-use: the assembler passes the
/// last block's, emptied, rather than allocate nine lists for every paragraph; `cursor`,
/// any cursor of the tree, walks the block.
pub(crate) fn lower_block<'tree>(
    node: Node<'tree>,
    text: &str,
    into: FileModel,
    cursor: &mut TreeCursor<'tree>,
) -> FileModel {
    let mut ctx = Ctx {
        text,
        model: into,
        open_claims: Vec::new(),
        invalid_attributes_reported: None,
    };
    let claims_before = ctx.model.claims.len();
    walk_preorder_with(cursor, node, |node| ctx.enter(node));
    // Every annotation of the block became a claim.
    let annotations = ctx.model.claims[claims_before..]
        .iter()
        .filter(|claim| !claim.block)
        .count();
    let errors = &mut ctx.model.syntax_errors;
    if crate::syntax::is_fragment(node) {
        errors.push(crate::syntax::unreadable(node, text));
    } else {
        crate::syntax::block_syntax_errors(node, text, Some(annotations), errors);
    }
    ctx.model
}

struct Ctx<'t> {
    text: &'t str,
    model: FileModel,
    /// Claims that enclose the current node: (index, end offset).
    open_claims: Vec<(usize, usize)>,
    /// The claim whose attribute list already has an "unexpected" finding.
    invalid_attributes_reported: Option<usize>,
}

impl<'t> Ctx<'t> {
    fn enter(&mut self, node: Node<'_>) -> bool {
        let kinds = kinds();
        let start = node.start_byte();
        while self
            .open_claims
            .last()
            .is_some_and(|&(_, end)| end <= start)
        {
            self.open_claims.pop();
        }
        let kind = node.kind_id();
        if kind == kinds.text {
            self.model
                .text_pieces
                .push(TextPiece::Verbatim(range(node)));
            false
        } else if kind == kinds.escape {
            let ch = node_text(node, self.text).chars().nth(1).unwrap_or('\\');
            self.model.text_pieces.push(TextPiece::Escaped {
                range: range(node),
                ch,
            });
            false
        } else if kind == kinds.annotation || kind == kinds.block_annotation {
            self.claim(node);
            true
        } else if kind == kinds.actor_definition {
            self.definition(node, DefinitionKind::Actor);
            false
        } else if kind == kinds.source_definition {
            self.definition(node, DefinitionKind::Source);
            false
        } else if kind == kinds.front_matter {
            self.front_matter(node);
            false
        } else {
            // Attribute lists are read with their claim; comments carry no meaning.
            kind != kinds.attribute_list && kind != kinds.fence_attributes && kind != kinds.comment
        }
    }

    fn claim(&mut self, node: Node<'_>) {
        let kinds = kinds();
        let block = node.kind_id() == kinds.block_annotation;
        let span = match node.child_by_field_id(if block {
            fields().body
        } else {
            fields().content
        }) {
            Some(content) => range(content),
            None => TextRange::empty(node.start_byte() + 1),
        };
        let attributes = node.child_by_field_id(fields().attributes);
        let idx = self.model.claims.len();
        self.model.claims.push(Claim {
            id: None,
            kind: ClaimKind::Claim,
            quote: false,
            block,
            range: trim_line_end(self.text, range(node)),
            span,
            attributes_range: match attributes {
                Some(attributes) => trim_blanks(self.text, range(attributes)),
                // A fence line with a comment only (`::: %% note`): where its attributes
                // would go, after the `:::` and its blanks.
                None if block => {
                    let open_end = node
                        .child(0)
                        .map_or(node.start_byte(), |open| open.end_byte());
                    let rest = self.text.get(open_end..).unwrap_or("");
                    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                    TextRange::empty(open_end + blanks)
                }
                None => span,
            },
            references: IndexRange::new(self.model.references.len(), self.model.references.len()),
            status: None,
            extra: Vec::new(),
            parent: self.open_claims.last().map(|&(idx, _)| idx),
            heading: None,
        });
        let mut rebuttal = false;
        if let Some(attributes) = attributes {
            let mut cursor = attributes.walk();
            for attribute in attributes.named_children(&mut cursor) {
                rebuttal |= self.attribute(idx, attribute);
            }
        }
        let references_end = self.model.references.len() as u32;
        let claim = &mut self.model.claims[idx];
        // A claim's attributes are read in one go, so its references are contiguous.
        claim.references.end = references_end;
        claim.kind = if rebuttal {
            ClaimKind::Rebuttal
        } else if claim.quote {
            ClaimKind::Quote
        } else {
            ClaimKind::Claim
        };
        self.open_claims.push((idx, node.end_byte()));
    }

    /// Reads one attribute of claim `idx`; returns whether it is `rebuts=`.
    fn attribute(&mut self, idx: usize, node: Node<'_>) -> bool {
        let kinds = kinds();
        let kind = node.kind_id();
        let text = node_text(node, self.text);
        if kind == kinds.claim_id {
            let Some(name) = self.sigil_name(node, "claim id") else {
                return false;
            };
            match &self.model.claims[idx].id {
                Some(first) => {
                    let message = format!(
                        "a claim has one id: `#{}` is a second one after `#{}`",
                        name.text, first.text
                    );
                    self.malformed(range(node), message);
                }
                None => self.model.claims[idx].id = Some(name),
            }
        } else if kind == kinds.actor_reference {
            self.sigil_reference(
                node,
                ReferenceKind::Actor,
                ReferenceContext::Attribution { claim: idx },
            );
        } else if kind == kinds.source_reference {
            self.sigil_reference(
                node,
                ReferenceKind::Source,
                ReferenceContext::Attribution { claim: idx },
            );
        } else if kind == kinds.flag {
            if text == "quote" {
                self.model.claims[idx].quote = true;
            } else {
                let key = Name {
                    text: text.into(),
                    range: range(node),
                };
                self.model.claims[idx].extra.push(Attribute {
                    key,
                    value: None,
                    range: range(node),
                });
            }
        } else if kind == kinds.key_value {
            return self.key_value(idx, node);
        } else if kind == kinds.invalid_attribute {
            // One finding per attribute list: an unclosed list can swallow a paragraph
            // full of brackets, and a cascade helps nobody.
            if self.invalid_attributes_reported != Some(idx) {
                self.invalid_attributes_reported = Some(idx);
                let message = format!(
                    "unexpected `{text}` in the attributes: expected `#id`, `@actor`, `^source`, `key=value` or a flag"
                );
                self.malformed(range(node), message);
            }
        }
        false
    }

    fn key_value(&mut self, idx: usize, node: Node<'_>) -> bool {
        let kinds = kinds();
        let Some(key) = node.child_by_field_id(fields().key) else {
            return false;
        };
        let key = Name {
            text: node_text(key, self.text).into(),
            range: range(key),
        };
        let value = node.child_by_field_id(fields().value);
        match key.text.as_str() {
            "rebuts" | "supports" => {
                let rebuts = key.text == "rebuts";
                let targets = match value {
                    Some(list) if list.kind_id() == kinds.value_list => {
                        let mut cursor = list.walk();
                        let items: Vec<Node<'_>> = list.named_children(&mut cursor).collect();
                        items
                    }
                    _ => {
                        let message = format!(
                            "`{}=` needs claim ids, such as `{}=#c1` or `{}=#c1,#c2`",
                            key.text, key.text, key.text
                        );
                        self.malformed(range(node), message);
                        return rebuts;
                    }
                };
                for target in targets {
                    if target.kind_id() != kinds.claim_reference {
                        let text = node_text(target, self.text);
                        let message = format!("`{text}` is not a claim reference: write `#{text}`");
                        self.malformed(range(target), message);
                        continue;
                    }
                    let context = if rebuts {
                        ReferenceContext::Rebuts { claim: idx }
                    } else {
                        ReferenceContext::Supports { claim: idx }
                    };
                    self.sigil_reference(target, ReferenceKind::Claim, context);
                }
                rebuts
            }
            "status" => {
                let value = value.map(|value| self.value(value));
                match value {
                    Some(value) => self.model.claims[idx].status = Some(value),
                    None => {
                        let message =
                            "`status=` needs a value: asserted, disputed, false, true, unverified or retracted"
                                .to_owned();
                        self.malformed(range(node), message);
                    }
                }
                false
            }
            _ => {
                // `key=` with nothing after it has an empty value, unlike a flag.
                let value = Some(match value {
                    Some(value) => self.value(value),
                    None => Name {
                        text: Default::default(),
                        range: TextRange::empty(node.end_byte()),
                    },
                });
                self.model.claims[idx].extra.push(Attribute {
                    key,
                    value,
                    range: range(node),
                });
                false
            }
        }
    }

    /// The text of a value, unquoted.
    fn value(&self, node: Node<'_>) -> Name {
        let text = node_text(node, self.text);
        // The grammar's token ends in `"`; stripping (not slicing) keeps a recovered node safe.
        let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
        let (true, Some(inner)) = (node.kind_id() == kinds().quoted_value, inner) else {
            return Name {
                text: text.into(),
                range: range(node),
            };
        };
        let mut unquoted = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(ch) = chars.next() {
            match ch {
                '\\' => unquoted.extend(chars.next()),
                _ => unquoted.push(ch),
            }
        }
        Name {
            text: unquoted.into(),
            range: TextRange::new(node.start_byte() + 1, node.end_byte() - 1),
        }
    }

    /// The id after a one-character sigil, checked.
    fn sigil_name(&mut self, node: Node<'_>, what: &str) -> Option<Name> {
        let text = node_text(node, self.text);
        let sigil_len = text.chars().next().map_or(0, char::len_utf8);
        let id = &text[sigil_len..];
        let id_range = TextRange::new(node.start_byte() + sigil_len, node.end_byte());
        if !is_valid_id(id) {
            let message = if id.is_empty() {
                let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                format!(
                    "`{text}` needs {article} {what} after `{}`",
                    &text[..sigil_len]
                )
            } else {
                format!(
                    "`{id}` is not a valid {what}: an id is a letter or digit followed by letters, digits, `-`, `_` or `.`"
                )
            };
            self.malformed(range(node), message);
            return None;
        }
        Some(Name {
            text: id.into(),
            range: id_range,
        })
    }

    fn sigil_reference(
        &mut self,
        node: Node<'_>,
        kind: ReferenceKind,
        context: ReferenceContext,
    ) -> Option<usize> {
        let what = match kind {
            ReferenceKind::Actor => "actor id",
            ReferenceKind::Source => "source id",
            ReferenceKind::Claim => "claim id",
        };
        let name = self.sigil_name(node, what)?;
        Some(self.push_reference(kind, name, range(node), context))
    }

    fn push_reference(
        &mut self,
        kind: ReferenceKind,
        name: Name,
        range: TextRange,
        context: ReferenceContext,
    ) -> usize {
        self.model.references.push(Reference {
            kind,
            id: name.text,
            range,
            id_range: name.range,
            context,
        });
        self.model.references.len() - 1
    }

    fn definition(&mut self, node: Node<'_>, kind: DefinitionKind) {
        let header = header_range(self.text, node);
        let Some(id_node) = node.child_by_field_id(fields().id) else {
            let message = format!(
                "this {} definition has no id: write `[{}id]: Name`",
                kind.noun(),
                kind.sigil()
            );
            self.malformed(header, message);
            return;
        };
        let raw_id = node_text(id_node, self.text);
        if !is_valid_id(raw_id) {
            let message = format!(
                "`{raw_id}` is not a valid {} id: an id is a letter or digit followed by letters, digits, `-`, `_` or `.`",
                kind.noun()
            );
            self.malformed(range(id_node), message);
            return;
        }
        let name = node.child_by_field_id(fields().name).map(|name| Name {
            text: node_text(name, self.text).into(),
            range: range(name),
        });
        let definition_idx = self.model.definitions(kind).len();
        let specs = vocabulary::definition_fields(kind);
        let mut fields = Vec::new();
        let mut cursor = node.walk();
        for field_node in node.named_children(&mut cursor) {
            if field_node.kind_id() != kinds().definition_field {
                continue;
            }
            let Some(field) = self.field(field_node) else {
                continue;
            };
            let context = ReferenceContext::Field {
                kind,
                definition: definition_idx,
            };
            self.field_reference(specs, &field, context);
            fields.push(field);
        }
        let definition = Definition {
            kind,
            id: Name {
                text: raw_id.into(),
                range: range(id_node),
            },
            name,
            range: trim_line_end(self.text, range(node)),
            header,
            fields,
        };
        match kind {
            DefinitionKind::Actor => self.model.actors.push(definition),
            DefinitionKind::Source => self.model.sources.push(definition),
        }
    }

    fn front_matter(&mut self, node: Node<'_>) {
        let mut fields = Vec::new();
        let mut cursor = node.walk();
        for field_node in node.named_children(&mut cursor) {
            if field_node.kind_id() != kinds().front_matter_field {
                continue;
            }
            if let Some(field) = self.field(field_node) {
                self.field_reference(
                    vocabulary::FRONT_MATTER_FIELDS,
                    &field,
                    ReferenceContext::FrontMatter,
                );
                fields.push(field);
            }
        }
        self.model.front_matter = Some(FrontMatter {
            range: range(node),
            fields,
        });
    }

    fn field(&mut self, node: Node<'_>) -> Option<Field> {
        let key_node = node.child_by_field_id(fields().key)?;
        let raw_key = node_text(key_node, self.text);
        let key_text = raw_key.trim_end();
        let key = Name {
            text: key_text.into(),
            range: TextRange::new(
                key_node.start_byte(),
                key_node.start_byte() + key_text.len(),
            ),
        };
        let has_colon = node
            .children(&mut node.walk())
            .any(|child| child.kind_id() == kinds().colon);
        if !has_colon {
            let message = format!("a field line is `key: value`, but `{key_text}` has no `:`");
            self.malformed(key.range, message);
            return None;
        }
        let value = node.child_by_field_id(fields().value).map(|value| Name {
            text: node_text(value, self.text).into(),
            range: range(value),
        });
        Some(Field {
            key,
            value,
            range: trim_line_end(self.text, range(node)),
        })
    }

    /// Records `@id` in a field that names an actor; the invalid-field rule reports values
    /// that are not references.
    fn field_reference(
        &mut self,
        specs: &'static [vocabulary::FieldSpec],
        field: &Field,
        context: ReferenceContext,
    ) {
        let Some(spec) = vocabulary::find_field(specs, &field.key.text) else {
            return;
        };
        if spec.value != ValueKind::ActorReference {
            return;
        }
        let Some(value) = &field.value else {
            return;
        };
        let Some(id) = value.text.strip_prefix('@') else {
            return;
        };
        if !is_valid_id(id) {
            return;
        }
        let name = Name {
            text: id.into(),
            range: TextRange::new(value.range.start as usize + 1, value.range.end as usize),
        };
        self.push_reference(ReferenceKind::Actor, name, value.range, context);
    }

    fn malformed(&mut self, range: TextRange, message: String) {
        self.model.malformed.push(Malformed { range, message });
    }
}

pub(crate) fn range(node: Node<'_>) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

/// The first line of a node, without its line break.
fn header_range(text: &str, node: Node<'_>) -> TextRange {
    let node_text = node_text(node, text);
    let len = node_text.find(['\n', '\r']).unwrap_or(node_text.len());
    TextRange::new(node.start_byte(), node.start_byte() + len)
}

/// A range without the blanks around it.
fn trim_blanks(text: &str, range: TextRange) -> TextRange {
    let slice = text.get(range.as_usize()).unwrap_or("");
    let start = range.start as usize + (slice.len() - slice.trim_start().len());
    TextRange::new(start, start + slice.trim().len())
}

/// A range without the line breaks it ends with.
pub(crate) fn trim_line_end(text: &str, range: TextRange) -> TextRange {
    let slice = text.get(range.as_usize()).unwrap_or("");
    let trimmed = slice.trim_end_matches(['\n', '\r']);
    TextRange::new(range.start as usize, range.start as usize + trimmed.len())
}

#[cfg(test)]
mod tests;
