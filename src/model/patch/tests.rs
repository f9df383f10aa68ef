use proptest::prelude::*;

use super::*;

fn range(start: u32, end: u32) -> TextRange {
    TextRange { start, end }
}

/// `old` with each region of a patch replaced by new tokens, and the patch: `cuts` are
/// (gap before the region, its old length, its new length).
fn apply(old: &[u32], cuts: &[(usize, usize, usize)], fresh: &mut u32) -> (Vec<u32>, Patch) {
    let mut new = Vec::new();
    let mut regions = Vec::new();
    let mut at = 0;
    for &(gap, old_len, new_len) in cuts {
        let start = (at + gap).min(old.len());
        let end = (start + old_len).min(old.len());
        new.extend_from_slice(&old[at..start]);
        let new_start = new.len();
        for _ in 0..new_len {
            new.push(*fresh);
            *fresh += 1;
        }
        regions.push(Region {
            old: range(start as u32, end as u32),
            new: range(new_start as u32, new.len() as u32),
        });
        // Regions apart: at least one token between two.
        at = end;
        if at < old.len() {
            new.push(old[at]);
            at += 1;
        }
    }
    new.extend_from_slice(&old[at..]);
    (new, Patch::new(regions))
}

fn cuts() -> impl Strategy<Value = Vec<(usize, usize, usize)>> {
    prop::collection::vec((0usize..6, 0usize..4, 0usize..4), 0..5)
}

#[test]
fn ranges_outside_the_regions_move_and_those_touched_do_not_map() {
    // "abcdef" → "abXYZef": `cd` became `XYZ`.
    let patch = Patch::new([Region {
        old: range(2, 4),
        new: range(2, 5),
    }]);
    assert_eq!(patch.map(range(0, 2)), Some(range(0, 2)));
    assert_eq!(patch.map(range(4, 6)), Some(range(5, 7)));
    assert_eq!(patch.map(range(5, 5)), Some(range(6, 6)));
    assert_eq!(patch.map(range(4, 4)), None);
    assert_eq!(patch.map(range(1, 3)), None);
    assert_eq!(patch.map(range(3, 3)), None);
    assert_eq!(patch.map(range(0, 6)), None);
    // An insertion at 2: a range around it is touched, one ending there is not.
    let insertion = Patch::new([Region {
        old: range(2, 2),
        new: range(2, 4),
    }]);
    assert_eq!(insertion.map(range(1, 3)), None);
    assert_eq!(insertion.map(range(0, 2)), Some(range(0, 2)));
    assert_eq!(insertion.map(range(2, 3)), Some(range(4, 5)));
    assert_eq!(Patch::unchanged().map(range(3, 9)), Some(range(3, 9)));
}

proptest! {
    /// A range a patch maps holds the same text in the new version; one it does not map
    /// overlaps a region.
    #[test]
    fn a_mapped_range_holds_the_same_text(len in 0usize..24, cuts in cuts()) {
        let old: Vec<u32> = (0..len as u32).collect();
        let mut fresh = 1000;
        let (new, patch) = apply(&old, &cuts, &mut fresh);
        for start in 0..=len as u32 {
            for end in start..=len as u32 {
                let touched = patch.regions().iter().any(|region| {
                    if start == end {
                        region.old.start <= start && start <= region.old.end
                    } else {
                        region.old.start < end && start < region.old.end
                    }
                });
                match patch.map(range(start, end)) {
                    Some(mapped) => {
                        prop_assert!(!touched);
                        prop_assert_eq!(
                            &old[start as usize..end as usize],
                            &new[mapped.start as usize..mapped.end as usize]
                        );
                    }
                    None => prop_assert!(touched),
                }
            }
        }
    }

    /// Two patches in a row map as the one they compose into, which is no coarser for
    /// ranges of text.
    #[test]
    fn then_composes(len in 0usize..24, first in cuts(), second in cuts()) {
        let old: Vec<u32> = (0..len as u32).collect();
        let mut fresh = 1000;
        let (middle, a) = apply(&old, &first, &mut fresh);
        let (new, b) = apply(&middle, &second, &mut fresh);
        let both = a.then(&b);
        for start in 0..=len as u32 {
            for end in start..=len as u32 {
                let r = range(start, end);
                let one_by_one = a.map(r).and_then(|m| b.map(m));
                match both.map(r) {
                    Some(mapped) => {
                        prop_assert_eq!(Some(mapped), one_by_one);
                        prop_assert_eq!(
                            &old[start as usize..end as usize],
                            &new[mapped.start as usize..mapped.end as usize]
                        );
                    }
                    None => prop_assert!(one_by_one.is_none() || r.is_empty()),
                }
            }
        }
        // Composing with no change changes nothing.
        prop_assert_eq!(&a.then(&Patch::unchanged()), &a);
        prop_assert_eq!(&Patch::unchanged().then(&a), &a);
    }
}
