//! A file's model is assembled from its blocks: paragraphs, block annotations, definitions,
//! headings and the front matter, each lowered on its own. With a [`LowerCache`], a block
//! whose text is unchanged since the last version is not lowered again but copied from the
//! cache and moved to its new offset, so a keystroke in a large file re-lowers one block.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use foldhash::HashMap;
use std::sync::Arc;

use tree_sitter::{Node, Tree};

use super::lower::{lower_block, range, trim_line_end};
use super::{
    Claim, Definition, DefinitionKind, Field, FileModel, Heading, Name, ReferenceContext, TextPiece,
};
use crate::syntax::kinds;
use crate::text::TextRange;

/// The blocks of the last version of a file, by kind and text.
#[derive(Default)]
pub struct LowerCache {
    blocks: HashMap<BlockKey, Block>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct BlockKey {
    kind: u16,
    len: usize,
    hash: u64,
}

#[derive(Clone)]
struct Block {
    /// Where the block started when it was lowered; its offsets are relative to the text then.
    origin: usize,
    model: Arc<FileModel>,
}

/// Lowers a file block by block, re-using the cache's blocks whose text is unchanged, and
/// leaves in the cache the blocks of this version.
pub fn lower_blocks(tree: &Tree, text: &str, cache: Option<&mut LowerCache>) -> FileModel {
    let mut assembler = Assembler {
        text,
        model: FileModel::default(),
        old: cache.as_ref().map(|cache| &cache.blocks),
        new: HashMap::default(),
        use_cache: cache.is_some(),
        heading: None,
        heading_contents: Vec::new(),
    };
    assembler.container(tree.root_node());
    let Assembler {
        mut model,
        new,
        heading_contents,
        ..
    } = assembler;
    for (idx, content) in heading_contents {
        model.headings[idx].title = model.plain_text(text, content);
    }
    if let Some(cache) = cache {
        cache.blocks = new;
    }
    model
}

struct Assembler<'a> {
    text: &'a str,
    model: FileModel,
    old: Option<&'a HashMap<BlockKey, Block>>,
    new: HashMap<BlockKey, Block>,
    use_cache: bool,
    /// The innermost heading of the section being assembled.
    heading: Option<usize>,
    heading_contents: Vec<(usize, TextRange)>,
}

impl Assembler<'_> {
    /// The document or a section: its blocks, headings and subsections. Sections nest at
    /// most six deep, so recursion is bounded.
    fn container(&mut self, node: Node<'_>) {
        let kinds = kinds();
        let outer_heading = self.heading;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            let kind = child.kind_id();
            if kind == kinds.section {
                self.container(child);
            } else if kind == kinds.heading {
                self.heading(child, node);
            } else if child.is_named() && kind != kinds.comment {
                self.block(child);
            }
        }
        self.heading = outer_heading;
    }

    fn heading(&mut self, node: Node<'_>, parent: Node<'_>) {
        let kinds = kinds();
        let level = node
            .child_by_field_name("marker")
            .and_then(|marker| kinds.heading_level(marker.kind_id()))
            .unwrap_or(1);
        let section = if parent.kind_id() == kinds.section {
            range(parent)
        } else {
            range(node)
        };
        let idx = self.model.headings.len();
        self.model.headings.push(Heading {
            level,
            title: String::new(),
            range: trim_line_end(self.text, range(node)),
            section,
            parent: self.heading,
        });
        if let Some(content) = node.child_by_field_name("content") {
            self.heading_contents.push((idx, range(content)));
        }
        self.heading = Some(idx);
        // Annotations in the heading's own line are claims of its section.
        self.block(node);
    }

    fn block(&mut self, node: Node<'_>) {
        let start = node.start_byte();
        let cacheable = self.use_cache && !node.has_error();
        if !cacheable {
            // Lowered for this version only: its items move into the file's model.
            let model = lower_block(node, self.text);
            self.append(model, 0);
            return;
        }
        let block_text = self.text.get(node.byte_range()).unwrap_or("");
        // A fixed seed: the keys of one version must match those of the next.
        let key = BlockKey {
            kind: node.kind_id(),
            len: block_text.len(),
            hash: FixedState::with_seed(0x00c1_a1ed).hash_one(block_text),
        };
        let block = match self
            .old
            .and_then(|old| old.get(&key))
            .or_else(|| self.new.get(&key))
        {
            Some(block) => block.clone(),
            None => Block {
                origin: start,
                model: Arc::new(lower_block(node, self.text)),
            },
        };
        self.append(
            FileModel::clone(&block.model),
            start as i64 - block.origin as i64,
        );
        self.new.insert(key, block);
    }

    /// Appends a block's model, moved by `delta` bytes, renumbering its indices.
    fn append(&mut self, block: FileModel, delta: i64) {
        let model = &mut self.model;
        let claim_base = model.claims.len();
        let reference_base = model.references.len();
        let actor_base = model.actors.len();
        let source_base = model.sources.len();
        for mut claim in block.claims {
            shift_claim(&mut claim, delta);
            claim.parent = claim.parent.map(|parent| parent + claim_base);
            claim.references.start += reference_base as u32;
            claim.references.end += reference_base as u32;
            claim.heading = self.heading;
            if let Some(id) = &claim.id {
                model
                    .claim_ids
                    .entry(id.text.clone())
                    .or_insert(model.claims.len());
            }
            model.claims.push(claim);
        }
        for mut reference in block.references {
            reference.range = shift(reference.range, delta);
            reference.id_range = shift(reference.id_range, delta);
            reference.context = match reference.context {
                ReferenceContext::Attribution { claim } => ReferenceContext::Attribution {
                    claim: claim + claim_base,
                },
                ReferenceContext::Rebuts { claim } => ReferenceContext::Rebuts {
                    claim: claim + claim_base,
                },
                ReferenceContext::Supports { claim } => ReferenceContext::Supports {
                    claim: claim + claim_base,
                },
                ReferenceContext::Field { kind, definition } => ReferenceContext::Field {
                    kind,
                    definition: definition
                        + match kind {
                            DefinitionKind::Actor => actor_base,
                            DefinitionKind::Source => source_base,
                        },
                },
                ReferenceContext::FrontMatter => ReferenceContext::FrontMatter,
            };
            model.references.push(reference);
        }
        for (definitions, from) in [
            (&mut model.actors, block.actors),
            (&mut model.sources, block.sources),
        ] {
            definitions.extend(
                from.into_iter()
                    .map(|definition| shifted_definition(definition, delta)),
            );
        }
        if let Some(mut front_matter) = block.front_matter {
            front_matter.range = shift(front_matter.range, delta);
            front_matter
                .fields
                .iter_mut()
                .for_each(|field| shift_field(field, delta));
            model.front_matter = Some(front_matter);
        }
        model
            .malformed
            .extend(block.malformed.into_iter().map(|mut malformed| {
                malformed.range = shift(malformed.range, delta);
                malformed
            }));
        model
            .text_pieces
            .extend(block.text_pieces.into_iter().map(|piece| match piece {
                TextPiece::Verbatim(range) => TextPiece::Verbatim(shift(range, delta)),
                TextPiece::Escaped { range, ch } => TextPiece::Escaped {
                    range: shift(range, delta),
                    ch,
                },
            }));
    }
}

fn shift(range: TextRange, delta: i64) -> TextRange {
    let move_by = |offset: u32| (offset as i64 + delta).max(0) as usize;
    TextRange::new(move_by(range.start), move_by(range.end))
}

fn shift_name(name: &mut Name, delta: i64) {
    name.range = shift(name.range, delta);
}

fn shift_field(field: &mut Field, delta: i64) {
    shift_name(&mut field.key, delta);
    if let Some(value) = &mut field.value {
        shift_name(value, delta);
    }
    field.range = shift(field.range, delta);
}

fn shift_claim(claim: &mut Claim, delta: i64) {
    if delta == 0 {
        return;
    }
    if let Some(id) = &mut claim.id {
        shift_name(id, delta);
    }
    claim.range = shift(claim.range, delta);
    claim.span = shift(claim.span, delta);
    claim.attributes_range = shift(claim.attributes_range, delta);
    if let Some(status) = &mut claim.status {
        shift_name(status, delta);
    }
    for attribute in &mut claim.extra {
        shift_name(&mut attribute.key, delta);
        if let Some(value) = &mut attribute.value {
            shift_name(value, delta);
        }
        attribute.range = shift(attribute.range, delta);
    }
}

fn shifted_definition(mut definition: Definition, delta: i64) -> Definition {
    shift_name(&mut definition.id, delta);
    if let Some(name) = &mut definition.name {
        shift_name(name, delta);
    }
    definition.range = shift(definition.range, delta);
    definition.header = shift(definition.header, delta);
    definition
        .fields
        .iter_mut()
        .for_each(|field| shift_field(field, delta));
    definition
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    /// The incremental model must equal the model built from scratch, edit after edit.
    #[test]
    fn cached_blocks_give_the_same_model_as_a_fresh_lowering() {
        let mut text = String::from(
            "---\ntitle: T\noutlet: @fna\n---\n\n# One\n\nOfficials rejected [reports of [joint]{#c0 @x} strikes]{#c1 @fna ^s rebuts=#c0}.\n\n## Two\n\n::: #q quote @x\nQuote.\n:::\n\nMore [text]{#c2 @x supports=#c1}.\n\n[@x]: X\n  affiliation: @fna\n[@fna]: FNA\n[^s]: S\n  publisher: @fna\n",
        );
        let mut cache = LowerCache::default();
        let mut parser = syntax::new_parser();
        let edits: [(&str, &str); 5] = [
            ("Officials", "Officials in Tehran"),
            ("# One\n", "# One [x]{#h @x}\n"),
            ("Quote.", "A longer quote."),
            ("More", ""),
            ("[@x]: X", "[@x]: Someone"),
        ];
        let _ = lower_blocks(
            &syntax::parse_with(&mut parser, &text, None),
            &text,
            Some(&mut cache),
        );
        for (from, to) in edits {
            text = text.replacen(from, to, 1);
            let tree = syntax::parse_with(&mut parser, &text, None);
            let mut cached = lower_blocks(&tree, &text, Some(&mut cache));
            let mut fresh = lower_blocks(&tree, &text, None);
            assert_eq!(cached.claim_ids, fresh.claim_ids);
            cached.claim_ids.clear();
            fresh.claim_ids.clear();
            assert_eq!(
                format!("{cached:?}"),
                format!("{fresh:?}"),
                "after replacing {from:?}"
            );
            assert_eq!(cached.claims.len(), fresh.claims.len());
        }
    }
}
