//! What an open document's next model can re-use of the last one: the blocks that model was
//! assembled from, and where the text changed since. An edit re-lowers the blocks it
//! touched; the blocks before are copied as they are and the blocks after are copied and
//! moved by the change in length.

use tree_sitter::{InputEdit, Tree};

use super::FileModel;
use crate::text::TextRange;

/// The blocks of the last model assembled for a document, and the edits made since.
/// Kept by whoever keeps the document (the language server), fed every edit in order.
#[derive(Default)]
pub struct LowerCache {
    /// The blocks of the last model, in document order; `None` when there is none to re-use.
    pub(super) last: Option<Assembled>,
    /// Where the text changed since, in the current text.
    pub(super) dirty: Option<Dirty>,
}

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
}

impl Counts {
    pub fn of(model: &FileModel) -> Counts {
        Counts {
            claims: model.claims.len() as u32,
            references: model.references.len() as u32,
            actors: model.actors.len() as u32,
            sources: model.sources.len() as u32,
            malformed: model.malformed.len() as u32,
            text_pieces: model.text_pieces.len() as u32,
            headings: model.headings.len() as u32,
        }
    }
}

/// The hull of every change since the last model: `lo..hi` in the current text, and how
/// much longer the text became. Text after `hi` is the old text after `hi - delta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Dirty {
    pub lo: usize,
    pub hi: usize,
    pub delta: i64,
}

/// Which blocks of the last model can be re-used: `..prefix` as they are, `suffix..`
/// moved by `delta`; the text between is lowered again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Plan {
    pub prefix: usize,
    pub suffix: usize,
    pub delta: i64,
}

impl LowerCache {
    /// Records an edit of the text, in the order it was made.
    pub fn edit(&mut self, edit: &InputEdit) {
        let (start, old_end, new_end) = (edit.start_byte, edit.old_end_byte, edit.new_end_byte);
        let grown = new_end as i64 - old_end as i64;
        self.dirty = Some(match self.dirty {
            None => Dirty {
                lo: start,
                hi: new_end,
                delta: grown,
            },
            Some(dirty) => {
                // Where the hull's end lands after this edit.
                let hi = if dirty.hi < start {
                    dirty.hi
                } else if dirty.hi >= old_end {
                    (dirty.hi as i64 + grown).max(0) as usize
                } else {
                    new_end
                };
                Dirty {
                    lo: dirty.lo.min(start),
                    hi: hi.max(new_end),
                    delta: dirty.delta + grown,
                }
            }
        });
    }

    /// Records where the new tree's structure differs from the old one's (already edited):
    /// a change can re-shape text it did not touch, such as a `:::` that opens a block.
    pub fn reparsed(&mut self, old: &Tree, new: &Tree) {
        for range in old.changed_ranges(new) {
            self.widen(range.start_byte, range.end_byte);
        }
    }

    /// Forgets the last model: the next one is lowered whole.
    pub fn invalidate(&mut self) {
        self.last = None;
        self.dirty = None;
    }

    fn widen(&mut self, lo: usize, hi: usize) {
        let dirty = self.dirty.get_or_insert(Dirty { lo, hi, delta: 0 });
        dirty.lo = dirty.lo.min(lo);
        dirty.hi = dirty.hi.max(hi);
    }

    /// Which blocks of `previous` a model of a text of `text_len` bytes can re-use, if
    /// `previous` is the model the cache describes.
    pub(super) fn plan(&self, previous: &FileModel, text_len: usize) -> Option<Plan> {
        let last = self.last.as_ref()?;
        let dirty = self.dirty.unwrap_or(Dirty {
            lo: text_len,
            hi: text_len,
            delta: 0,
        });
        if last.totals != Counts::of(previous)
            || last.text_len as i64 + dirty.delta != text_len as i64
        {
            return None;
        }
        let old_hi = dirty.hi as i64 - dirty.delta;
        let blocks = &last.blocks;
        let prefix = blocks.partition_point(|block| (block.range.end as usize) < dirty.lo);
        let suffix = blocks.partition_point(|block| block.range.start as i64 <= old_hi);
        Some(Plan {
            prefix,
            suffix: suffix.max(prefix),
            delta: dirty.delta,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tree_sitter::Point;

    fn edit(start: usize, old_end: usize, new_end: usize) -> InputEdit {
        InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position: Point::default(),
            old_end_position: Point::default(),
            new_end_position: Point::default(),
        }
    }

    #[test]
    fn edits_merge_into_one_hull_in_the_current_text() {
        let mut cache = LowerCache::default();
        // Type "ab" at 100, then delete 10..20: the hull is 10..92, 8 bytes shorter.
        cache.edit(&edit(100, 100, 102));
        cache.edit(&edit(10, 20, 10));
        assert_eq!(
            cache.dirty,
            Some(Dirty {
                lo: 10,
                hi: 92,
                delta: -8
            })
        );
        // Replace 50..200, which swallows the hull's end: the hull ends where the
        // replacement does.
        cache.edit(&edit(50, 200, 53));
        assert_eq!(
            cache.dirty,
            Some(Dirty {
                lo: 10,
                hi: 53,
                delta: -155
            })
        );
    }
}
