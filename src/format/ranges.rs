//! A set of non-empty ranges asked "does any of you meet this one?" in logarithmic time: a
//! mutated article may have as many syntax errors as blocks.

use crate::text::TextRange;

pub(super) struct Ranges {
    /// Sorted by start.
    ranges: Vec<TextRange>,
    /// The largest end among `ranges[..=i]`.
    max_end: Vec<u32>,
}

impl Ranges {
    pub fn new(ranges: impl IntoIterator<Item = TextRange>) -> Ranges {
        let mut ranges: Vec<TextRange> = ranges.into_iter().collect();
        ranges.sort_by_key(|range| range.start);
        let max_end = ranges
            .iter()
            .scan(0, |max, range| {
                *max = range.end.max(*max);
                Some(*max)
            })
            .collect();
        Ranges { ranges, max_end }
    }

    /// Whether one starts before `before` and ends after `after`.
    fn any(&self, before: u32, after: u32, inclusive: bool) -> bool {
        let k = self
            .ranges
            .partition_point(|range| range.start < before || (inclusive && range.start == before));
        k > 0 && (self.max_end[k - 1] > after || (inclusive && self.max_end[k - 1] == after))
    }

    /// Whether one shares text with `range`, or holds the insertion point of an empty one
    /// strictly inside it.
    pub fn meets(&self, range: TextRange) -> bool {
        self.any(range.end, range.start, false)
    }

    /// Whether one meets or touches `range` (an end on its start, a start on its end).
    pub fn touches(&self, range: TextRange) -> bool {
        self.any(range.end, range.start, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meets_and_touches() {
        let set = Ranges::new([
            TextRange::new(10, 20),
            TextRange::new(0, 3),
            TextRange::new(4, 30),
        ]);
        assert!(set.meets(TextRange::new(25, 26)), "inside the long one");
        assert!(set.meets(TextRange::empty(15)));
        assert!(!set.meets(TextRange::empty(30)), "at an end");
        assert!(!set.meets(TextRange::new(30, 40)));
        assert!(set.touches(TextRange::new(30, 40)));
        assert!(!set.touches(TextRange::new(31, 40)));
        assert!(!Ranges::new([]).meets(TextRange::new(0, 1)));
    }
}
