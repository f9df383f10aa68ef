//! A file's model is assembled from its blocks: paragraphs, block annotations, definitions,
//! headings and the front matter, each lowered on its own. With a [`LowerCache`] and the
//! previous model, only the blocks an edit touched are lowered again: the blocks before are
//! copied, the blocks after are copied and moved, so a keystroke in a large file costs a
//! copy of its model and the lowering of one block.

use tree_sitter::{Node, Parser, Tree};

use super::cache::{Assembled, BlockEntry, Counts, Gap, LowerCache};
use super::lower::{lower_block, range, trim_line_end};
use super::shift::{moved, Move, Relocate};
use super::{plain, Claim, FileModel, Heading, Patch, Region};
use crate::syntax::{self, fields, kinds};
use crate::text::{LineIndex, TextRange};

mod in_place;
pub use in_place::{lower_in_place, InPlace, Replaced};

/// Lowers a whole file from its tree; with a cache, leaves it describing the new model, for
/// [`lower_edited`] to re-use its blocks after the next edits.
pub fn lower_blocks(tree: &Tree, text: &str, cache: Option<&mut LowerCache>) -> FileModel {
    let mut model = lower_unindexed(tree, text, cache);
    index_claim_ids(&mut model);
    model
}

/// [`lower_blocks`] without the claim ids' index: a piece of a text, whose index the
/// joined model makes.
pub(super) fn lower_unindexed(
    tree: &Tree,
    text: &str,
    cache: Option<&mut LowerCache>,
) -> FileModel {
    let mut assembler = Assembler::new(text);
    let middle = middle_blocks(tree.root_node(), 0, text.len());
    // A piece's tree has blocks only in its part of the text.
    let spanned = match (middle.first(), middle.last()) {
        (Some(first), Some(last)) => first.start_byte()..last.end_byte(),
        _ => 0..0,
    };
    assembler.reserve_for_text(spanned, middle.len());
    assembler.lower(&middle);
    assembler.finish(cache)
}

/// A model patched from the last one, and whether to trust it.
pub struct Edited {
    pub model: FileModel,
    /// Some text parsed on its own has a syntax error (or the last model had one): around
    /// it a parse of the whole text may read the text otherwise, so the caller parses the
    /// whole text once editing pauses.
    pub unsure: bool,
    /// Where the text was read again: the model's items outside these regions are those
    /// of the last model, moved.
    pub patch: Patch,
}

/// The model of a new version of a text from `previous`, the model `cache` describes (fed
/// every edit since): the blocks no edit touched are copied (those after an edit moved),
/// and the text of each gap between them is parsed on its own and lowered. Each gap is
/// widened to blank lines first: after a blank line at the top level the grammar starts
/// afresh, so the parse of the gap alone is the parse of the whole text there. The cost is
/// the gaps' parse and a copy of the model, not a parse of the file. `None` when the cache
/// does not describe `previous`.
pub fn lower_edited(
    parser: &mut Parser,
    text: &str,
    lines: &LineIndex,
    cache: &mut LowerCache,
    previous: &FileModel,
) -> Option<Edited> {
    let reread = reread(parser, text, lines, cache, previous)?;
    lower_reread(reread, text, cache, previous)
}

/// [`lower_edited`] from the gaps [`lower_in_place`] already read again, when it could not
/// patch the model where it stands.
pub fn lower_reread(
    reread: Reread,
    text: &str,
    cache: &mut LowerCache,
    previous: &FileModel,
) -> Option<Edited> {
    let Reread {
        gaps,
        regions,
        trees,
    } = reread;
    let last = cache.last.take()?;
    let blocks = &last.blocks;
    let middles: Vec<Vec<Node<'_>>> = trees
        .iter()
        .zip(&regions)
        .map(|(tree, &(from, to))| middle_blocks(tree.root_node(), from, to))
        .collect();
    let mut assembler = Assembler::new(text);
    let errors_before = previous.syntax_errors.len();
    let gap_errors = assembler.assemble(&gaps, &middles, previous, blocks);
    let unsure = unsure(
        text,
        errors_before > 0 || gap_errors,
        &trees,
        previous.front_matter.is_some(),
        assembler.has_front_matter(),
    );
    let patch = patch_of(&gaps, &regions, blocks, last.text_len);
    Some(Edited {
        model: assembler.finish(Some(cache)),
        unsure,
        patch,
    })
}

/// What an edited text is read again of: the gaps between the blocks kept, each widened
/// to where the grammar starts afresh, and the parse of each gap's stretch of text.
pub struct Reread {
    gaps: Vec<Gap>,
    regions: Vec<(usize, usize)>,
    trees: Vec<Tree>,
}

/// The gaps of `cache`'s plan for `previous`, their stretches of text, parsed; `None` when
/// the cache does not describe `previous`. The cache is left as it was.
fn reread(
    parser: &mut Parser,
    text: &str,
    lines: &LineIndex,
    cache: &LowerCache,
    previous: &FileModel,
) -> Option<Reread> {
    let plan = cache.plan(previous, text.len())?;
    let blocks = &cache.last.as_ref()?.blocks;
    let mut gaps = plan.gaps;
    let regions = loop {
        match cuts(text, &mut gaps, blocks) {
            Some(regions) => break regions,
            None => merge_overlapping(&mut gaps),
        }
    };
    let trees = regions
        .iter()
        .map(|&(from, to)| syntax::parse_region(parser, text, lines, from, to))
        .collect();
    Some(Reread {
        gaps,
        regions,
        trees,
    })
}

/// Whether a model patched from the last one may differ from that of a parse of the whole
/// text: some text parsed on its own has a syntax error (or the last model had one), or
/// the front matter came or went. A `---` opening the text whose front matter is not
/// closed is prose, until a `---` line anywhere below closes it: only a parse of the
/// whole text can tell.
fn unsure(
    text: &str,
    errors: bool,
    trees: &[Tree],
    had_front_matter: bool,
    has_front_matter: bool,
) -> bool {
    let opens_front_matter = syntax::front_matter_opener(text).is_some();
    errors
        || trees.iter().any(|tree| tree.root_node().has_error())
        || (opens_front_matter && (!had_front_matter || !has_front_matter))
}

/// Where the text was read again: each gap's stretch, in the old text (from the end of the
/// block kept before it to the start of the block kept after it) and in the new.
fn patch_of(
    gaps: &[Gap],
    regions: &[(usize, usize)],
    blocks: &[BlockEntry],
    old_text_len: usize,
) -> Patch {
    Patch::new(gaps.iter().zip(regions).map(|(gap, &(from, to))| {
        Region {
            old: TextRange::new(
                gap.first
                    .checked_sub(1)
                    .map_or(0, |before| blocks[before].range.end as usize),
                blocks
                    .get(gap.end)
                    .map_or(old_text_len, |after| after.range.start as usize),
            ),
            new: TextRange::new(from, to),
        }
    }))
}

/// The stretch of text of each gap, from the end of the block kept before it to the start
/// of the block kept after it; `None` after widening a gap whose stretch does not start
/// and end where the grammar starts afresh.
fn cuts(text: &str, gaps: &mut [Gap], blocks: &[BlockEntry]) -> Option<Vec<(usize, usize)>> {
    let mut regions = Vec::with_capacity(gaps.len());
    for n in 0..gaps.len() {
        let gap = gaps[n];
        let delta_before = n.checked_sub(1).map_or(0, |before| gaps[before].delta);
        let from = match gap.first {
            0 => 0,
            first => (blocks[first - 1].range.end as i64 + delta_before).max(0) as usize,
        };
        let to = match blocks.get(gap.end) {
            Some(block) => ((block.range.start as i64 + gap.delta).max(0) as usize).max(from),
            None => text.len(),
        };
        if !starts_afresh(text, from) {
            gaps[n].first -= 1;
            return None;
        }
        if !ends_afresh(text, to) {
            gaps[n].end += 1;
            return None;
        }
        regions.push((from, to));
    }
    Some(regions)
}

/// Whether `at` starts a blank line (or the text): the block kept before it has ended.
fn starts_afresh(text: &str, at: usize) -> bool {
    at == 0 || (is_line_start(text, at) && blank_line_at(text, at))
}

/// Whether the line before `at` is blank (or `at` ends the text): the block kept after it
/// starts at the top level, as at the start of a text.
fn ends_afresh(text: &str, at: usize) -> bool {
    if at >= text.len() {
        return true;
    }
    if at == 0 || !is_line_start(text, at) {
        return false;
    }
    let bytes = text.as_bytes();
    // Back over the line break that ends the line before.
    let mut end = at;
    if bytes[end - 1] == b'\n' {
        end -= 1;
    }
    if end > 0 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    let start = bytes[..end]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |n| n + 1);
    start > 0 && blank_line_at(text, start)
}

fn is_line_start(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(at.wrapping_sub(1)) {
        Some(b'\n') => true,
        // Not between the two bytes of a `\r\n`.
        Some(b'\r') => bytes.get(at) != Some(&b'\n'),
        _ => at == 0,
    }
}

pub(super) fn blank_line_at(text: &str, at: usize) -> bool {
    text.as_bytes()[at..]
        .iter()
        .take_while(|&&b| b != b'\n' && b != b'\r')
        .all(|&b| b == b' ' || b == b'\t')
}

/// The blocks of the tree that overlap `from..to`, in document order, descending into
/// sections (at most six deep).
fn middle_blocks(root: Node<'_>, from: usize, to: usize) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    collect_blocks(root, from, to, &mut out);
    out
}

fn collect_blocks<'t>(container: Node<'t>, from: usize, to: usize, out: &mut Vec<Node<'t>>) {
    let kinds = kinds();
    // When the parser could not read the file at all, the root is an ERROR whose children
    // are the blocks it read and the fragments between them (loose attributes, spans,
    // fence markers). A run of fragments is one block: its first node, which lowering
    // reports as markup that cannot be read.
    let unreadable = container.is_error();
    let mut in_fragments = false;
    let mut visit = |child: Node<'t>, out: &mut Vec<Node<'t>>| {
        let kind = child.kind_id();
        if kind == kinds.section {
            in_fragments = false;
            collect_blocks(child, from, to, out);
            return;
        }
        if kind == kinds.comment || !(child.end_byte() > from || child.start_byte() >= from) {
            return;
        }
        if unreadable && syntax::is_fragment(child) {
            if !in_fragments {
                out.push(child);
            }
            in_fragments = true;
        } else if child.is_named() || child.has_error() {
            in_fragments = false;
            out.push(child);
        }
    };
    let mut cursor = container.walk();
    // Straight to the first child that ends after `from`; tree-sitter can miss children
    // behind hidden repeat nodes, and then every child is looked at.
    let jumped = from > 0 && cursor.goto_first_child_for_byte(from).is_some();
    if !jumped && !cursor.goto_first_child() {
        return;
    }
    loop {
        let child = cursor.node();
        if child.start_byte() >= to {
            break;
        }
        visit(child, out);
        if !cursor.goto_next_sibling() {
            break;
        }
    }
}

pub(super) struct Assembler<'a> {
    text: &'a str,
    model: FileModel,
    blocks: Vec<BlockEntry>,
    /// The heading the next block stands under.
    heading: Option<u32>,
    /// The last block's model, emptied, for the next block to lower into.
    scratch: FileModel,
}

impl<'a> Assembler<'a> {
    pub(super) fn new(text: &'a str) -> Assembler<'a> {
        Assembler {
            text,
            model: FileModel::default(),
            blocks: Vec::new(),
            heading: None,
            scratch: FileModel::default(),
        }
    }

    /// The model, with its headings' sections; the cache left describing it.
    pub(super) fn finish(self, cache: Option<&mut LowerCache>) -> FileModel {
        let Assembler {
            mut model,
            blocks,
            text,
            ..
        } = self;
        finish_headings(&mut model.headings, text.len());
        if let Some(cache) = cache {
            cache.last = Some(Assembled {
                blocks,
                text_len: text.len(),
                totals: Counts::of(&model),
            });
            cache.stretches.clear();
        }
        model
    }

    /// Copies the blocks of `previous` between the gaps and lowers the blocks of each gap
    /// (`middles`); whether a block lowered has a syntax error.
    fn assemble(
        &mut self,
        gaps: &[Gap],
        middles: &[Vec<Node<'_>>],
        previous: &FileModel,
        blocks: &[BlockEntry],
    ) -> bool {
        let end = Counts::of(previous);
        let at = |n: usize| blocks.get(n).map_or(end, |block| block.start);
        self.blocks.reserve(room(blocks.len()));
        let first_gap = gaps.first().map_or(blocks.len(), |gap| gap.first);
        self.copy_prefix(previous, &blocks[..first_gap], at(first_gap));
        // Claim ids stay as they were when every gap holds as many claims, with the same ids.
        let mut same_ids = true;
        let mut errors = false;
        for (n, (gap, middle)) in gaps.iter().zip(middles).enumerate() {
            let lowered_from = self.model.claims.len();
            let errors_from = self.model.syntax_errors.len();
            self.lower(middle);
            errors = errors || self.model.syntax_errors.len() > errors_from;
            let old = at(gap.first).claims as usize..at(gap.end).claims as usize;
            let id = |claim: &Claim| claim.id.as_ref().map(|id| id.text.clone());
            same_ids = same_ids
                && old.len() == self.model.claims.len() - lowered_from
                && old
                    .zip(lowered_from..)
                    .all(|(old, new)| id(&previous.claims[old]) == id(&self.model.claims[new]));
            let run_end = gaps.get(n + 1).map_or(blocks.len(), |next| next.first);
            let run = &blocks[gap.end..run_end];
            self.copy_run(previous, run, at(gap.end), at(run_end), gap.delta);
        }
        if same_ids {
            self.model.claim_ids = previous.claim_ids.clone();
        } else {
            index_claim_ids(&mut self.model);
        }
        errors
    }

    fn copy_prefix(&mut self, previous: &FileModel, blocks: &[BlockEntry], to: Counts) {
        let model = &mut self.model;
        model.claims = prefix(&previous.claims, to.claims);
        model.references = prefix(&previous.references, to.references);
        model.actors = prefix(&previous.actors, to.actors);
        model.sources = prefix(&previous.sources, to.sources);
        model.malformed = prefix(&previous.malformed, to.malformed);
        model.text_pieces = prefix(&previous.text_pieces, to.text_pieces);
        model.headings = prefix(&previous.headings, to.headings);
        model.syntax_errors = prefix(&previous.syntax_errors, to.syntax_errors);
        if blocks.iter().any(|block| block.front_matter) {
            model.front_matter = previous.front_matter.clone();
        }
        self.blocks.extend_from_slice(blocks);
        self.heading = blocks.last().and_then(|block| block.heading);
    }

    /// Copies a run of blocks between gaps, whose items are `from..to` in `previous`'s
    /// lists, moved by `delta` bytes and renumbered.
    fn copy_run(
        &mut self,
        previous: &FileModel,
        blocks: &[BlockEntry],
        from: Counts,
        to: Counts,
        delta: i64,
    ) {
        let now = Counts::of(&self.model);
        let by = Move::between(now, from, delta);
        let heading_by = i64::from(now.headings) - i64::from(from.headings);
        // The heading a block stood under moves with it if it came after the edit;
        // otherwise the block now stands under the last heading before it.
        let heading_before = self.heading;
        let new_heading = |old: Option<u32>| match old {
            Some(old) if old >= from.headings => Some((i64::from(old) + heading_by) as u32),
            _ => heading_before,
        };
        for (n, block) in blocks.iter().enumerate() {
            let heading = new_heading(block.heading);
            let claims_end = blocks
                .get(n + 1)
                .map_or(to.claims, |next| next.start.claims);
            let claims = &previous.claims[block.start.claims as usize..claims_end as usize];
            self.model
                .claims
                .extend(moved(claims, by).map(|claim| Claim {
                    heading: heading.map(|heading| heading as usize),
                    ..claim
                }));
            self.blocks.push(BlockEntry {
                range: {
                    let mut range = block.range;
                    range.relocate(&by);
                    range
                },
                start: block.start.moved(now, from),
                heading,
                front_matter: block.front_matter,
            });
            self.heading = heading;
        }
        let model = &mut self.model;
        let span = |from: u32, to: u32| from as usize..to as usize;
        let FileModel {
            front_matter,
            headings,
            // Copied block by block above, for each block's heading.
            claims: _,
            actors,
            sources,
            references,
            malformed,
            text_pieces,
            syntax_errors,
            // Indexed once the model is assembled.
            claim_ids: _,
        } = model;
        references.extend(moved(
            &previous.references[span(from.references, to.references)],
            by,
        ));
        actors.extend(moved(&previous.actors[span(from.actors, to.actors)], by));
        sources.extend(moved(&previous.sources[span(from.sources, to.sources)], by));
        malformed.extend(moved(
            &previous.malformed[span(from.malformed, to.malformed)],
            by,
        ));
        text_pieces.extend(moved(
            &previous.text_pieces[span(from.text_pieces, to.text_pieces)],
            by,
        ));
        headings.extend(moved(
            &previous.headings[span(from.headings, to.headings)],
            by,
        ));
        syntax_errors.extend(moved(
            &previous.syntax_errors[span(from.syntax_errors, to.syntax_errors)],
            by,
        ));
        if blocks.iter().any(|block| block.front_matter) {
            *front_matter = moved(&previous.front_matter, by).next();
        }
    }

    /// Appends the model of a piece of the text lowered on its own (with the blocks it was
    /// assembled from), moving its items, not copying them.
    /// Its claims' ids are indexed as they come: the thread joining pieces does it while
    /// others lower the next ones, where a pass over all the claims after the last piece
    /// kept one core busy (0.18 ms for 1 MB).
    pub(super) fn absorb(&mut self, piece: FileModel, blocks: Vec<BlockEntry>) {
        let now = Counts::of(&self.model);
        // The piece's blocks before its first heading stand under the last heading before.
        let heading_before = self.heading;
        let heading_of = |local: Option<u32>| local.map(|h| h + now.headings).or(heading_before);
        for block in blocks {
            let heading = heading_of(block.heading);
            self.blocks.push(BlockEntry {
                range: block.range,
                start: block.start.moved(now, Counts::default()),
                heading,
                front_matter: block.front_matter,
            });
            self.heading = heading;
        }
        self.extend(piece, |local| {
            heading_of(local.map(|h| h as u32)).map(|h| h as usize)
        });
        index_claim_ids_from(&mut self.model, now.claims as usize);
    }

    /// Makes room for the items and blocks of a piece (`piece`, of `blocks` blocks),
    /// `scale` times over (the text is that many times the piece), so that absorbing the
    /// text's pieces seldom reallocates.
    pub(super) fn reserve(&mut self, piece: &FileModel, blocks: usize, scale: f64) {
        // A little over, for a text denser further down; growing once costs more.
        let scaled = |count: usize| (count as f64 * scale * 1.05) as usize + 16;
        let model = &mut self.model;
        model.claims.reserve(scaled(piece.claims.len()));
        model.claim_ids.reserve(scaled(piece.claims.len()));
        model.references.reserve(scaled(piece.references.len()));
        model.actors.reserve(scaled(piece.actors.len()));
        model.sources.reserve(scaled(piece.sources.len()));
        model.headings.reserve(scaled(piece.headings.len()));
        model.malformed.reserve(scaled(piece.malformed.len()));
        model.text_pieces.reserve(scaled(piece.text_pieces.len()));
        model
            .syntax_errors
            .reserve(scaled(piece.syntax_errors.len()));
        self.blocks.reserve(scaled(blocks));
    }

    /// Makes room for the items of `blocks` blocks spanning `spanned` of the text, counted
    /// from its markup (a claim per `{`, a reference per sigil, at most): the lists filled
    /// block by block otherwise grow a dozen times each, which cost 5% of `claimdown check`
    /// (issue 16). Only the blocks' span is counted: each piece of a large text counting the
    /// whole of it was 4% of a two-core `check` of 1 MB.
    fn reserve_for_text(&mut self, spanned: std::ops::Range<usize>, blocks: usize) {
        let bytes = self.text.as_bytes().get(spanned).unwrap_or_default();
        let braces = memchr::memchr_iter(b'{', bytes).count();
        let sigils = memchr::memchr3_iter(b'@', b'^', b'#', bytes).count();
        let model = &mut self.model;
        model.claims.reserve(braces);
        model.references.reserve(sigils);
        model.text_pieces.reserve(2 * braces + blocks);
        self.blocks.reserve(blocks);
    }

    pub(super) fn has_front_matter(&self) -> bool {
        self.model.front_matter.is_some()
    }

    /// Lowers blocks of the new tree and appends them.
    fn lower(&mut self, nodes: &[Node<'_>]) {
        let kinds = kinds();
        // One cursor walks every block.
        let Some(mut cursor) = nodes.first().map(|node| node.walk()) else {
            return;
        };
        for &node in nodes {
            let start = Counts::of(&self.model);
            if node.kind_id() == kinds.heading {
                self.heading(node);
            }
            let scratch = std::mem::take(&mut self.scratch);
            let block = lower_block(node, self.text, scratch, &mut cursor);
            if let Some(heading) = (node.kind_id() == kinds.heading)
                .then(|| self.model.headings.last_mut())
                .flatten()
            {
                if let Some(content) = node.child_by_field_id(fields().content) {
                    heading.title =
                        plain::plain_text(&block.text_pieces, self.text, range(content)).into();
                }
            }
            self.append(block);
            self.blocks.push(BlockEntry {
                range: range(node),
                start,
                heading: self.heading,
                front_matter: node.kind_id() == kinds.front_matter,
            });
        }
    }

    fn heading(&mut self, node: Node<'_>) {
        let kinds = kinds();
        let level = node
            .child_by_field_id(fields().marker)
            .and_then(|marker| kinds.heading_level(marker.kind_id()))
            .unwrap_or(1);
        self.heading = Some(self.model.headings.len() as u32);
        self.model.headings.push(Heading {
            level,
            title: "".into(),
            range: trim_line_end(self.text, range(node)),
            section: range(node),
            parent: None,
        });
    }

    /// Appends a block's model (its indices local to the block), renumbering its indices.
    fn append(&mut self, block: FileModel) {
        let heading = self.heading.map(|heading| heading as usize);
        self.scratch = self.extend(block, |_| heading);
    }

    /// Appends a model made on its own (a block's, or a piece's), its items moved after
    /// the model's, not copied; `heading_of` says which heading a claim of it stands under
    /// (from the heading it stood under there). A block's model has no headings of its
    /// own: the assembler adds a heading's as it lowers it. Returns `part` emptied, its
    /// lists' memory kept for the next block.
    fn extend(
        &mut self,
        mut part: FileModel,
        heading_of: impl Fn(Option<usize>) -> Option<usize>,
    ) -> FileModel {
        let by = Move::between(Counts::of(&self.model), Counts::default(), 0);
        let FileModel {
            front_matter,
            headings,
            claims,
            actors,
            sources,
            references,
            malformed,
            text_pieces,
            syntax_errors,
            // Indexed once the whole model is in.
            claim_ids,
        } = &mut part;
        claims.relocate(&by);
        references.relocate(&by);
        let model = &mut self.model;
        model.claims.extend(claims.drain(..).map(|claim| Claim {
            heading: heading_of(claim.heading),
            ..claim
        }));
        model.references.append(references);
        model.actors.append(actors);
        model.sources.append(sources);
        model.headings.append(headings);
        model.malformed.append(malformed);
        model.text_pieces.append(text_pieces);
        model.syntax_errors.append(syntax_errors);
        if let Some(front_matter) = front_matter.take() {
            model.front_matter = Some(front_matter);
        }
        claim_ids.clear();
        part
    }
}

/// Each claim id's first claim, once all the claims are in place.
/// The first `upto` items of one of the last model's lists, in a list with room for as
/// many as it had: the rest is appended, and a list grown is a list copied.
fn prefix<T: Clone>(all: &[T], upto: u32) -> Vec<T> {
    let mut res = Vec::with_capacity(room(all.len()));
    res.extend_from_slice(&all[..(upto as usize).min(all.len())]);
    res
}

/// Room for `len` items and what a few edits add.
fn room(len: usize) -> usize {
    len + len / 64 + 16
}

fn index_claim_ids(model: &mut FileModel) {
    model.claim_ids.clear();
    model.claim_ids.reserve(model.claims.len());
    index_claim_ids_from(model, 0);
}

/// Indexes the ids of the claims from `from` on; an id already indexed keeps its first claim.
fn index_claim_ids_from(model: &mut FileModel, from: usize) {
    for (idx, claim) in model.claims.iter().enumerate().skip(from) {
        if let Some(id) = &claim.id {
            model.claim_ids.entry(id.text.clone()).or_insert(idx);
        }
    }
}

/// Joins gaps that reach into each other.
fn merge_overlapping(gaps: &mut Vec<Gap>) {
    let mut merged: Vec<Gap> = Vec::with_capacity(gaps.len());
    for gap in gaps.drain(..) {
        match merged.last_mut() {
            Some(last) if gap.first <= last.end => {
                last.end = last.end.max(gap.end);
                last.delta = gap.delta;
            }
            _ => merged.push(gap),
        }
    }
    *gaps = merged;
}

/// Each heading's parent (the nearest heading before it of a higher level) and section
/// (from the heading to the next heading of its level or above, or the end of the text).
fn finish_headings(headings: &mut [Heading], text_len: usize) {
    let mut open: Vec<usize> = Vec::new();
    for idx in 0..headings.len() {
        let level = headings[idx].level;
        while let Some(&last) = open.last() {
            if headings[last].level < level {
                break;
            }
            let end = headings[idx].range.start as usize;
            headings[last].section = TextRange::new(headings[last].range.start as usize, end);
            open.pop();
        }
        headings[idx].parent = open.last().copied();
        open.push(idx);
    }
    for idx in open {
        headings[idx].section = TextRange::new(headings[idx].range.start as usize, text_len);
    }
}

#[cfg(test)]
mod tests;
