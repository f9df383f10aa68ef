//! How a new version of a text relates to the one before: the regions read again, in the
//! old text and in the new, and the text between them moved unchanged. The engine says it
//! after patching a model; whatever depended on a block alone (a rule's finding, say) can
//! then be kept where no region touched it, moved, instead of being found again.

use crate::text::TextRange;

/// Regions of an old text that became regions of a new one; the text between two regions
/// is the same in both, moved by the change in length of the regions before it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Patch {
    /// Sorted, apart from each other (in both texts), none touching the next.
    regions: Vec<Region>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub old: TextRange,
    pub new: TextRange,
}

impl Region {
    /// How far the text after this region moved.
    fn shift(self) -> i64 {
        i64::from(self.new.end) - i64::from(self.old.end)
    }
}

impl Patch {
    /// No change: every range stays where it is.
    pub fn unchanged() -> Patch {
        Patch::default()
    }

    /// The regions given in order; overlapping or touching ones become one.
    pub fn new(regions: impl IntoIterator<Item = Region>) -> Patch {
        let mut res: Vec<Region> = Vec::new();
        for region in regions {
            match res.last_mut() {
                Some(last)
                    if region.old.start <= last.old.end || region.new.start <= last.new.end =>
                {
                    last.old.end = last.old.end.max(region.old.end);
                    last.new.end = last.new.end.max(region.new.end);
                }
                _ => res.push(region),
            }
        }
        Patch { regions: res }
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The regions in the new text: what must be looked at again.
    pub fn new_ranges(&self) -> Vec<TextRange> {
        self.regions.iter().map(|region| region.new).collect()
    }

    /// Where `range` of the old text stands in the new one, if no region overlaps it (a
    /// range that ends where a region starts, or starts where it ends, is untouched; an
    /// empty one there is not).
    pub fn map(&self, range: TextRange) -> Option<TextRange> {
        // The regions wholly before the range, and the first one that is not. An empty
        // range at either end of a region may belong to it or not: it does not map.
        let empty = range.is_empty();
        let next = self.regions.partition_point(|region| {
            region.old.end < range.start || (!empty && region.old.end == range.start)
        });
        if self.regions.get(next).is_some_and(|region| {
            region.old.start < range.end || (empty && region.old.start == range.end)
        }) {
            return None;
        }
        let shift = next
            .checked_sub(1)
            .map_or(0, |before| self.regions[before].shift());
        Some(TextRange {
            start: moved(range.start, shift),
            end: moved(range.end, shift),
        })
    }

    /// This patch, then `next` (a patch of the text this one made): one patch from the
    /// first text to the last. Regions of the two that overlap or touch become one.
    pub fn then(&self, next: &Patch) -> Patch {
        // Both patches' regions in the middle text, merged.
        let mut middle: Vec<TextRange> = self
            .regions
            .iter()
            .map(|region| region.new)
            .chain(next.regions.iter().map(|region| region.old))
            .collect();
        middle.sort_unstable_by_key(|range| (range.start, range.end));
        let mut merged: Vec<TextRange> = Vec::with_capacity(middle.len());
        for range in middle {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        // Each merged region holds whole every region of both that touches it, so its ends
        // stand in text neither patch changed: they map back and forth by a shift alone.
        Patch::new(merged.into_iter().map(|range| Region {
            old: TextRange {
                start: moved(
                    range.start,
                    -shift_before(&self.regions, range.start, |r| r.new),
                ),
                end: moved(
                    range.end,
                    -shift_through(&self.regions, range.end, |r| r.new),
                ),
            },
            new: TextRange {
                start: moved(
                    range.start,
                    shift_before(&next.regions, range.start, |r| r.old),
                ),
                end: moved(
                    range.end,
                    shift_through(&next.regions, range.end, |r| r.old),
                ),
            },
        }))
    }
}

/// The shift of the regions wholly before `at` (in the text `side` gives).
fn shift_before(regions: &[Region], at: u32, side: impl Fn(&Region) -> TextRange) -> i64 {
    let before = regions.partition_point(|region| side(region).end < at);
    before.checked_sub(1).map_or(0, |n| regions[n].shift())
}

/// The shift of the regions that start at or before `at` (in the text `side` gives).
fn shift_through(regions: &[Region], at: u32, side: impl Fn(&Region) -> TextRange) -> i64 {
    let through = regions.partition_point(|region| side(region).start <= at);
    through.checked_sub(1).map_or(0, |n| regions[n].shift())
}

fn moved(offset: u32, shift: i64) -> u32 {
    (i64::from(offset) + shift).clamp(0, i64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests;
