//! What an open document's next model can re-use of the last one: the blocks that model was
//! assembled from, and the stretches of text changed since. The blocks a stretch touches
//! are lowered again; the others are copied, those after a stretch moved by its change in
//! length.

use super::FileModel;
use crate::text::TextRange;

/// The blocks of the last model assembled for a document, and the edits made since.
/// Kept by whoever keeps the document (the language server), fed every edit in order.
#[derive(Clone, Default)]
pub struct LowerCache {
    /// The blocks of the last model, in document order; `None` when there is none to re-use.
    pub(super) last: Option<Assembled>,
    /// Where the text changed since, in the current text: sorted, apart from each other.
    pub(super) stretches: Vec<Stretch>,
}

#[derive(Clone)]
pub(super) struct Assembled {
    pub blocks: Vec<BlockEntry>,
    /// The length of the text, and the sizes of the model's lists: a model that does not
    /// match is not the one these blocks describe.
    pub text_len: usize,
    pub totals: Counts,
}

/// One block of a model: where it stands and where its items start in the model's lists.
#[derive(Clone, Copy, Debug)]
pub(super) struct BlockEntry {
    pub range: TextRange,
    pub start: Counts,
    /// The heading its claims stand under (a heading's own line stands under itself).
    pub heading: Option<u32>,
    pub front_matter: bool,
}

/// Positions in each of a model's lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub claims: u32,
    pub references: u32,
    pub actors: u32,
    pub sources: u32,
    pub malformed: u32,
    pub text_pieces: u32,
    pub headings: u32,
    pub syntax_errors: u32,
}

impl Counts {
    /// Positions in lists that stood at `from` when these were taken and stand at `now`.
    pub fn moved(self, now: Counts, from: Counts) -> Counts {
        let by = |count: u32, now: u32, from: u32| count + now - from;
        Counts {
            claims: by(self.claims, now.claims, from.claims),
            references: by(self.references, now.references, from.references),
            actors: by(self.actors, now.actors, from.actors),
            sources: by(self.sources, now.sources, from.sources),
            malformed: by(self.malformed, now.malformed, from.malformed),
            text_pieces: by(self.text_pieces, now.text_pieces, from.text_pieces),
            headings: by(self.headings, now.headings, from.headings),
            syntax_errors: by(self.syntax_errors, now.syntax_errors, from.syntax_errors),
        }
    }

    pub fn of(model: &FileModel) -> Counts {
        Counts {
            claims: model.claims.len() as u32,
            references: model.references.len() as u32,
            actors: model.actors.len() as u32,
            sources: model.sources.len() as u32,
            malformed: model.malformed.len() as u32,
            text_pieces: model.text_pieces.len() as u32,
            headings: model.headings.len() as u32,
            syntax_errors: model.syntax_errors.len() as u32,
        }
    }
}

/// A stretch of the current text that changed since the last model: `lo..hi`, and how
/// much longer it became. Text between two stretches is old text, moved by the changes
/// of the stretches before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stretch {
    pub lo: usize,
    pub hi: usize,
    pub delta: i64,
}

/// Which blocks of the last model the next one re-lowers: for each gap, the blocks
/// `first..end`; the blocks between gaps are copied, moved by the deltas of the gaps
/// before them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Plan {
    pub gaps: Vec<Gap>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Gap {
    pub first: usize,
    pub end: usize,
    /// How far the blocks after this gap move (this gap's change and those before).
    pub delta: i64,
}

impl LowerCache {
    /// Records an edit of the text, in the order it was made. Edits far apart stay
    /// apart: typing with several cursors re-lowers the blocks at each, not all between.
    pub fn edit(&mut self, start: usize, old_end: usize, new_end: usize) {
        let grown = new_end as i64 - old_end as i64;
        let mut merged = Stretch {
            lo: start,
            hi: new_end,
            delta: grown,
        };
        let mut kept = Vec::with_capacity(self.stretches.len() + 1);
        for stretch in self.stretches.drain(..) {
            if stretch.hi < start {
                kept.push(stretch);
            } else if stretch.lo > old_end {
                kept.push(Stretch {
                    lo: (stretch.lo as i64 + grown) as usize,
                    hi: (stretch.hi as i64 + grown) as usize,
                    delta: stretch.delta,
                });
            } else {
                // Touched by the edit: one stretch with it. Its end lands after the edit
                // when it reached past the replaced text.
                let hi = if stretch.hi >= old_end {
                    (stretch.hi as i64 + grown) as usize
                } else {
                    new_end
                };
                merged.lo = merged.lo.min(stretch.lo);
                merged.hi = merged.hi.max(hi);
                merged.delta += stretch.delta;
            }
        }
        self.stretches = placed(kept, merged);
    }

    /// Forgets the last model: the next one is lowered whole.
    pub fn invalidate(&mut self) {
        self.last = None;
        self.stretches.clear();
    }

    fn describes(&self, previous: &FileModel, text_len: usize) -> Option<&Assembled> {
        let last = self.last.as_ref()?;
        let total: i64 = self.stretches.iter().map(|stretch| stretch.delta).sum();
        let same =
            last.totals == Counts::of(previous) && last.text_len as i64 + total == text_len as i64;
        same.then_some(last)
    }

    /// Which blocks of `previous` a model of a text of `text_len` bytes can re-use, if
    /// `previous` is the model the cache describes.
    pub(super) fn plan(&self, previous: &FileModel, text_len: usize) -> Option<Plan> {
        let last = self.describes(previous, text_len)?;
        let blocks = &last.blocks;
        let mut gaps: Vec<Gap> = Vec::with_capacity(self.stretches.len());
        let mut delta = 0;
        for stretch in &self.stretches {
            // The stretch in the old text.
            let old_lo = stretch.lo as i64 - delta;
            delta += stretch.delta;
            let old_hi = stretch.hi as i64 - delta;
            let first = blocks.partition_point(|block| (block.range.end as i64) < old_lo);
            let end = blocks
                .partition_point(|block| block.range.start as i64 <= old_hi)
                .max(first);
            match gaps.last_mut() {
                // Two stretches in the same or neighbouring blocks: one gap.
                Some(gap) if first <= gap.end => {
                    gap.end = gap.end.max(end);
                    gap.delta = delta;
                }
                _ => gaps.push(Gap { first, end, delta }),
            }
        }
        Some(Plan { gaps })
    }
}

/// More stretches than this (a replace-all, say) become one: the blocks between are
/// lowered again, and the cost of tracking edits stays bounded.
const MAX_STRETCHES: usize = 32;

/// `stretches` (apart from `merged`) with `merged` in its place among them.
fn placed(mut stretches: Vec<Stretch>, merged: Stretch) -> Vec<Stretch> {
    let at = stretches.partition_point(|stretch| stretch.lo < merged.lo);
    stretches.insert(at, merged);
    collapse_if_many(stretches)
}

fn collapse_if_many(stretches: Vec<Stretch>) -> Vec<Stretch> {
    match (stretches.first(), stretches.last()) {
        (Some(first), Some(last)) if stretches.len() > MAX_STRETCHES => vec![Stretch {
            lo: first.lo,
            hi: last.hi,
            delta: stretches.iter().map(|stretch| stretch.delta).sum(),
        }],
        _ => stretches,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_merge_where_they_touch_and_stay_apart_elsewhere() {
        let mut cache = LowerCache::default();
        let stretch = |lo, hi, delta| Stretch { lo, hi, delta };
        // Type "ab" at 100, then delete 10..20: two stretches, the first moved.
        cache.edit(100, 100, 102);
        cache.edit(10, 20, 10);
        assert_eq!(cache.stretches, [stretch(10, 10, -10), stretch(90, 92, 2)]);
        // Replace 50..200, which swallows the second stretch: it ends where the
        // replacement does.
        cache.edit(50, 200, 53);
        assert_eq!(
            cache.stretches,
            [stretch(10, 10, -10), stretch(50, 53, -145)]
        );
        // An edit touching the first: one stretch with it.
        cache.edit(8, 10, 9);
        assert_eq!(cache.stretches, [stretch(8, 9, -11), stretch(49, 52, -145)]);
        // An edit over both: one stretch, as long as both changes.
        cache.edit(9, 50, 50);
        assert_eq!(cache.stretches, [stretch(8, 52, -156)]);
        // A replace-all: past 32 stretches, one covers them all, and counting starts over.
        for n in 0..40 {
            cache.edit(100 + n * 10, 101 + n * 10, 100 + n * 10);
        }
        assert_eq!(cache.stretches.len(), 9);
        assert_eq!(
            cache.stretches[..2],
            [stretch(8, 410, -188), stretch(420, 420, -1)]
        );
        assert_eq!(cache.stretches.iter().map(|d| d.delta).sum::<i64>(), -196);
    }
}
