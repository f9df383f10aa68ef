//! Where a text is cut. That a text parsed in pieces gives exactly the model of a single
//! parse, or is parsed whole: `tests/pieces.rs`.

use super::*;

#[test]
fn cuts_fall_on_blank_lines() {
    let text = "a\n\nb\nc\n\n\nd\r\n\r\ne";
    assert_eq!(cuts(text, 1), [0, 2, 7, 8, 12, text.len()]);
    assert_eq!(cuts(text, 3), [0, 7, 12, text.len()]);
    assert_eq!(cuts("no blank line at all\n", 1), [0, 21]);
}

#[test]
fn no_cut_inside_the_front_matter_or_a_block_annotation() {
    let front = "---\ntitle: T\n\nkind: x\n---\n\nProse.\n\nMore.\n";
    assert_eq!(cuts(front, 1), [0, 26, 34, front.len()]);
    let block = "Intro.\n\n::: #q quote @x\nOne.\n\n::: @y\nTwo.\n\n:::\n\n:::\n\nAfter.\n";
    assert_eq!(cuts(block, 1), [0, 7, 52, block.len()]);
}
