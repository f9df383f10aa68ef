//! A text parsed in pieces gives exactly the model of a single parse, or the caller is
//! told to parse it whole. Generated and mutated articles: `tests/pieces.rs`.

use super::*;
use crate::model::lower;

fn debug(model: &FileModel) -> String {
    let mut model = model.clone();
    let mut ids: Vec<_> = model.claim_ids.drain().collect();
    ids.sort();
    format!("{model:#?}\nids: {ids:?}")
}

/// The model in pieces of about `piece` bytes, checked against a single parse; whether
/// it was parsed in pieces.
fn check(text: &str, piece: usize) -> bool {
    let lines = LineIndex::new(text);
    match lower_in_pieces(text, &lines, piece, None) {
        Some(model) => {
            let whole = lower(&syntax::parse(text), text);
            assert_eq!(
                debug(&model),
                debug(&whole),
                "in pieces of {piece}: {text:?}"
            );
            true
        }
        None => false,
    }
}

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
    assert!(check(front, 1));
    let block = "Intro.\n\n::: #q quote @x\nOne.\n\n::: @y\nTwo.\n\n:::\n\n:::\n\nAfter.\n";
    assert_eq!(cuts(block, 1), [0, 7, 52, block.len()]);
    assert!(check(block, 1));
}

#[test]
fn a_piece_with_a_syntax_error_makes_the_text_parsed_whole() {
    // The fence is closed by a line the cuts do not take for a fence.
    let text = "Intro.\n\n::: #q quote @x\nOne.\n\n :::\n\nAfter.\n";
    assert!(!check(text, 1));
}

#[test]
fn a_text_without_errors_in_pieces_is_the_text_parsed_whole() {
    let text = "---\ntitle: T\n---\n\n# One\n\nA [claim]{#c0 @x} here.\n\n## Two\n\n::: #q quote @x\nQuoted.\n:::\n\nMore [c]{#c1 @x rebuts=#c0}.\n\n# Three\n\n[@x]: X\n  role: r\n\nEnd.\n";
    for piece in [1, 10, 40, 80] {
        assert!(check(text, piece), "split in pieces of {piece}");
    }
}
