//! The last model patched where it stands: the items of the regions read again are spliced
//! out and the new ones in, and only the items after an edit are moved, in place. Nothing
//! is copied or freed but what the edit touched, which [`lower_edited`] (a new model, the
//! last one copied into it) cannot avoid: on a 1 MB article that copy, and dropping the
//! model it replaced, were most of a keystroke (issue 16).
//!
//! An edit that adds or removes a reference or a definition changes where those after it
//! stand in the workspace's index; it is left to [`lower_edited`], whose caller compares
//! the whole old and new models. Here each region keeps as many of each, so the index
//! changes at most in the regions, and [`Replaced`] says what stood there.

use std::ops::Range;

use tree_sitter::{Parser, Tree};

use super::super::cache::{Assembled, BlockEntry, Counts, Gap};
use super::super::shift::{Move, Relocate};
use super::super::{Claim, FileModel, Patch};
use super::{finish_headings, index_claim_ids, middle_blocks, patch_of, reread, unsure};
use super::{Assembler, LowerCache, Reread};
use crate::text::LineIndex;

/// A model patched in place.
pub struct InPlace {
    /// As [`super::Edited::unsure`].
    pub unsure: bool,
    /// Where the text was read again.
    pub patch: Patch,
    pub replaced: Replaced,
}

/// What an edit patched in place took out of the model: the items of the regions read
/// again, as they stood in the last model (offsets in the old text), their indices into
/// `old`'s own lists. Each region held as many references, actors and sources as it holds
/// now: the one in `old` at `n` stood, and its successor stands, at `references_at[n]`.
pub struct Replaced {
    pub old: FileModel,
    pub references_at: Vec<u32>,
    pub actors_at: Vec<u32>,
    pub sources_at: Vec<u32>,
}

/// Patches `model`, the model `cache` describes, to that of `text`. Otherwise the model and
/// the cache are left as they were, and the error says why: `None` when the cache does not
/// describe the model, the gaps read again when an edit changed a region's number of
/// references or definitions (see the module's documentation), for [`super::lower_reread`].
pub fn lower_in_place(
    parser: &mut Parser,
    text: &str,
    lines: &LineIndex,
    cache: &mut LowerCache,
    model: &mut FileModel,
) -> Result<InPlace, Option<Reread>> {
    let reread = reread(parser, text, lines, cache, model).ok_or(None)?;
    let last = cache.last.as_ref().ok_or(None)?;
    let end = Counts::of(model);
    let at = |n: usize| last.blocks.get(n).map_or(end, |block| block.start);
    let parts = lower_gaps(text, &reread.trees, &reread.regions);
    let same_shape = reread.gaps.iter().zip(&parts).all(|(gap, (part, _))| {
        let (from, to) = (at(gap.first), at(gap.end));
        part.references.len() as u32 == to.references - from.references
            && part.actors.len() as u32 == to.actors - from.actors
            && part.sources.len() as u32 == to.sources - from.sources
    });
    if !same_shape {
        return Err(Some(reread));
    }
    let Reread {
        gaps,
        regions,
        trees,
    } = reread;
    // Where each gap and the run of blocks after it start and end in the last model's
    // lists, read before the blocks are patched.
    let bounds: Vec<([Counts; 3], usize)> = gaps
        .iter()
        .enumerate()
        .map(|(n, gap)| {
            let run_end = gaps.get(n + 1).map_or(last.blocks.len(), |next| next.first);
            ([at(gap.first), at(gap.end), at(run_end)], run_end)
        })
        .collect();
    let Assembled {
        blocks,
        text_len: old_len,
        ..
    } = cache.last.take().ok_or(None)?;
    let patch = patch_of(&gaps, &regions, &blocks, old_len);
    let errors_before = !model.syntax_errors.is_empty();
    let gap_errors = parts.iter().any(|(part, _)| !part.syntax_errors.is_empty());
    let had_front_matter = model.front_matter.is_some();
    let mut splicer = Splicer {
        model,
        blocks,
        replaced: Replaced {
            old: FileModel::default(),
            references_at: Vec::new(),
            actors_at: Vec::new(),
            sources_at: Vec::new(),
        },
        shift: Shift::default(),
        heading: None,
        same_ids: true,
    };
    for ((gap, (part, part_blocks)), ([first, after, run_end], end)) in
        gaps.iter().zip(parts).zip(bounds)
    {
        splicer.gap(gap, first, after, part, part_blocks);
        splicer.run(gap, after, run_end, end);
    }
    let Splicer {
        model,
        blocks,
        replaced,
        same_ids,
        ..
    } = splicer;
    finish_headings(&mut model.headings, text.len());
    if !same_ids {
        index_claim_ids(model);
    }
    let unsure = unsure(
        text,
        errors_before || gap_errors,
        &trees,
        had_front_matter,
        model.front_matter.is_some(),
    );
    cache.last = Some(Assembled {
        blocks,
        text_len: text.len(),
        totals: Counts::of(model),
    });
    cache.stretches.clear();
    Ok(InPlace {
        unsure,
        patch,
        replaced,
    })
}

/// How far the items of the last model now stand from where they stood, in each list (the
/// gaps patched so far gave or took that many).
#[derive(Clone, Copy, Default)]
struct Shift {
    claims: i64,
    malformed: i64,
    text_pieces: i64,
    headings: i64,
    syntax_errors: i64,
    blocks: i64,
}

impl Shift {
    /// Where the items at `old` in the last model's lists stand now. References, actors
    /// and sources do not move: each region keeps as many.
    fn apply(&self, old: Counts) -> Counts {
        let by = |count: u32, shift: i64| (i64::from(count) + shift) as u32;
        Counts {
            claims: by(old.claims, self.claims),
            malformed: by(old.malformed, self.malformed),
            text_pieces: by(old.text_pieces, self.text_pieces),
            headings: by(old.headings, self.headings),
            syntax_errors: by(old.syntax_errors, self.syntax_errors),
            ..old
        }
    }

    fn block(&self, old: usize) -> usize {
        (old as i64 + self.blocks) as usize
    }
}

struct Splicer<'a> {
    model: &'a mut FileModel,
    blocks: Vec<BlockEntry>,
    replaced: Replaced,
    shift: Shift,
    /// The heading the last block patched stands under.
    heading: Option<u32>,
    /// Whether every region holds the claim ids it held, in the same order.
    same_ids: bool,
}

impl Splicer<'_> {
    /// Replaces a gap's items, `from..to` in the last model's lists, by `part`'s.
    fn gap(
        &mut self,
        gap: &Gap,
        from: Counts,
        to: Counts,
        mut part: FileModel,
        part_blocks: Vec<BlockEntry>,
    ) {
        let now = self.shift.apply(from);
        let added = Counts::of(&part);
        let first_block = self.shift.block(gap.first);
        let old_blocks = first_block..self.shift.block(gap.end);
        let heading_before = first_block
            .checked_sub(1)
            .and_then(|before| self.blocks[before].heading);
        let heading_of = |local: Option<u32>| local.map(|h| h + now.headings).or(heading_before);
        let model = &mut *self.model;
        let old_claims = span(now.claims, from.claims, to.claims);
        let id = |claim: &Claim| claim.id.as_ref().map(|id| id.text.clone());
        self.same_ids = self.same_ids
            && old_claims.len() == part.claims.len()
            && model.claims[old_claims.clone()]
                .iter()
                .zip(&part.claims)
                .all(|(old, new)| id(old) == id(new));
        // The gap's items to their places in the model, and those they replace to theirs
        // in `replaced`.
        let into_model = Move::between(now, Counts::default(), 0);
        let old = &mut self.replaced.old;
        let into_replaced = Move::between(Counts::of(old), from, 0);
        part.claims.relocate(&into_model);
        part.references.relocate(&into_model);
        part.actors.relocate(&into_model);
        part.sources.relocate(&into_model);
        for claim in &mut part.claims {
            claim.heading = heading_of(claim.heading.map(|h| h as u32)).map(|h| h as usize);
        }
        let references = span(now.references, from.references, to.references);
        let actors = span(now.actors, from.actors, to.actors);
        let sources = span(now.sources, from.sources, to.sources);
        let at = |span: &Range<usize>| span.clone().map(|n| n as u32);
        self.replaced.references_at.extend(at(&references));
        self.replaced.actors_at.extend(at(&actors));
        self.replaced.sources_at.extend(at(&sources));
        let by = &into_replaced;
        splice(
            &mut model.claims,
            old_claims,
            part.claims,
            &mut old.claims,
            by,
        );
        splice(
            &mut model.references,
            references,
            part.references,
            &mut old.references,
            by,
        );
        splice(&mut model.actors, actors, part.actors, &mut old.actors, by);
        splice(
            &mut model.sources,
            sources,
            part.sources,
            &mut old.sources,
            by,
        );
        let malformed = span(now.malformed, from.malformed, to.malformed);
        splice(
            &mut model.malformed,
            malformed,
            part.malformed,
            &mut old.malformed,
            by,
        );
        let pieces = span(now.text_pieces, from.text_pieces, to.text_pieces);
        splice(
            &mut model.text_pieces,
            pieces,
            part.text_pieces,
            &mut old.text_pieces,
            by,
        );
        let headings = span(now.headings, from.headings, to.headings);
        splice(
            &mut model.headings,
            headings,
            part.headings,
            &mut old.headings,
            by,
        );
        let errors = span(now.syntax_errors, from.syntax_errors, to.syntax_errors);
        splice(
            &mut model.syntax_errors,
            errors,
            part.syntax_errors,
            &mut old.syntax_errors,
            by,
        );
        if self.blocks[old_blocks.clone()]
            .iter()
            .any(|block| block.front_matter)
        {
            old.front_matter = model.front_matter.take();
        }
        if part.front_matter.is_some() {
            model.front_matter = part.front_matter;
        }
        self.heading = part_blocks
            .last()
            .map_or(heading_before, |block| heading_of(block.heading));
        let grown = |added: u32, from: u32, to: u32| i64::from(added) - i64::from(to - from);
        let shift = &mut self.shift;
        shift.claims += grown(added.claims, from.claims, to.claims);
        shift.malformed += grown(added.malformed, from.malformed, to.malformed);
        shift.text_pieces += grown(added.text_pieces, from.text_pieces, to.text_pieces);
        shift.headings += grown(added.headings, from.headings, to.headings);
        shift.syntax_errors += grown(added.syntax_errors, from.syntax_errors, to.syntax_errors);
        shift.blocks += part_blocks.len() as i64 - old_blocks.len() as i64;
        self.blocks.splice(
            old_blocks,
            part_blocks.into_iter().map(|block| BlockEntry {
                start: block.start.moved(now, Counts::default()),
                heading: heading_of(block.heading),
                ..block
            }),
        );
    }

    /// Moves, where they stand, the items of the blocks after a gap up to the next gap (or
    /// the end): `from..to` in the last model's lists, blocks `gap.end..end`. They move by
    /// the gap's change in length and the items the gaps so far gave or took; the blocks
    /// that stood under a heading before the gap now stand under the last heading before
    /// them.
    fn run(&mut self, gap: &Gap, from: Counts, to: Counts, end: usize) {
        let now = self.shift.apply(from);
        let by = Move {
            delta: gap.delta,
            claims: self.shift.claims,
            references: 0,
            actors: 0,
            sources: 0,
        };
        let heading_by = self.shift.headings;
        let unmoved = by.delta == 0 && by.claims == 0 && heading_by == 0;
        let first = self.shift.block(gap.end);
        let last = self.shift.block(end);
        let model = &mut *self.model;
        let before = self.heading;
        for n in first..last {
            let block = self.blocks[n];
            let heading = match block.heading {
                Some(old) if old >= from.headings => Some((i64::from(old) + heading_by) as u32),
                _ => before,
            };
            // The claims of the block, from where it starts to where the next one does
            // (its start still that of the last model).
            let claims_end = self
                .blocks
                .get(n + 1)
                .filter(|_| n + 1 < last)
                .map_or(to.claims, |next| next.start.claims);
            let claims =
                self.shift.apply(block.start).claims..(i64::from(claims_end) + by.claims) as u32;
            if !unmoved || heading != block.heading {
                for claim in &mut model.claims[claims.start as usize..claims.end as usize] {
                    if !unmoved {
                        claim.relocate(&by);
                    }
                    claim.heading = heading.map(|h| h as usize);
                }
            }
            let entry = &mut self.blocks[n];
            entry.range.relocate(&by);
            entry.start = self.shift.apply(block.start);
            entry.heading = heading;
            self.heading = heading;
        }
        if unmoved {
            return;
        }
        relocate(
            &mut model.references[span(now.references, from.references, to.references)],
            &by,
        );
        relocate(
            &mut model.actors[span(now.actors, from.actors, to.actors)],
            &by,
        );
        relocate(
            &mut model.sources[span(now.sources, from.sources, to.sources)],
            &by,
        );
        relocate(
            &mut model.malformed[span(now.malformed, from.malformed, to.malformed)],
            &by,
        );
        let pieces = span(now.text_pieces, from.text_pieces, to.text_pieces);
        relocate(&mut model.text_pieces[pieces], &by);
        relocate(
            &mut model.headings[span(now.headings, from.headings, to.headings)],
            &by,
        );
        let errors = span(now.syntax_errors, from.syntax_errors, to.syntax_errors);
        relocate(&mut model.syntax_errors[errors], &by);
        if self.blocks[first..last]
            .iter()
            .any(|block| block.front_matter)
        {
            model.front_matter.relocate(&by);
        }
    }
}

/// Where the items that stood at `from..to` in a list of the last model stand now, the
/// first of them at `now`.
fn span(now: u32, from: u32, to: u32) -> Range<usize> {
    now as usize..(now + to - from) as usize
}

fn relocate<T: Relocate>(items: &mut [T], by: &Move) {
    items.iter_mut().for_each(|item| item.relocate(by));
}

/// Replaces `span` of `list` by `new`, moving the tail once; what it replaced goes to
/// `out`, moved by `by`.
fn splice<T: Relocate>(
    list: &mut Vec<T>,
    span: Range<usize>,
    new: Vec<T>,
    out: &mut Vec<T>,
    by: &Move,
) {
    out.extend(list.splice(span, new).map(|mut item| {
        item.relocate(by);
        item
    }));
}

/// Each gap's blocks lowered on their own: their items' indices local to the gap, the
/// headings they stand under local too (`None` before the gap's first heading).
fn lower_gaps(
    text: &str,
    trees: &[Tree],
    regions: &[(usize, usize)],
) -> Vec<(FileModel, Vec<BlockEntry>)> {
    trees
        .iter()
        .zip(regions)
        .map(|(tree, &(from, to))| {
            let mut part = Assembler::new(text);
            part.lower(&middle_blocks(tree.root_node(), from, to));
            (part.model, part.blocks)
        })
        .collect()
}
