//! A large text parsed in pieces on every core gives exactly the model of a single parse,
//! or is parsed whole: generated articles, and articles mutated with snippets that make and
//! break structure across the cuts (blank lines in front matter and block annotations,
//! syntax errors near a cut).

#[path = "../benches/support/gen.rs"]
mod gen;

use claimdown::model::{lower, lower_in_pieces, FileModel};
use claimdown::syntax;
use claimdown::text::LineIndex;
use proptest::prelude::*;

fn debug(model: &FileModel) -> String {
    model.comparable()
}

/// Checks the model in pieces of about `piece` bytes against a single parse; whether it
/// was parsed in pieces.
fn check(text: &str, piece: usize) -> bool {
    let lines = LineIndex::new(text);
    match lower_in_pieces(text, &lines, piece, None) {
        Some(model) => {
            let whole = lower(&syntax::parse(text), text);
            assert_eq!(debug(&model), debug(&whole), "in pieces of {piece}");
            true
        }
        None => false,
    }
}

#[test]
fn a_generated_article_in_pieces_is_the_article_parsed_whole() {
    let spec = gen::ArticleSpec {
        claims: 300,
        ..gen::large_article_spec()
    };
    let text = gen::article(&spec);
    for piece in [200, 1_000, 5_000, 20_000] {
        assert!(check(&text, piece), "split in pieces of {piece}");
    }
}

#[test]
fn texts_cut_outside_front_matter_and_block_annotations_are_the_texts_parsed_whole() {
    // The cuts themselves are tested in `model::chunks`.
    let front = "---\ntitle: T\n\nkind: x\n---\n\nProse.\n\nMore.\n";
    assert!(check(front, 1));
    let block = "Intro.\n\n::: #q quote @x\nOne.\n\n::: @y\nTwo.\n\n:::\n\n:::\n\nAfter.\n";
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

const SNIPPETS: &[&str] = &[
    "\n\n",
    "\n",
    "x",
    "::: @x\n",
    "\n:::\n",
    "---\n",
    "# ",
    "[@z]: Z\n",
    "  role: r\n",
    "[",
    "]{",
    "}",
    "%% c\n",
    "\r\n",
    "é",
    "\n\n## H\n\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_text_in_pieces_is_the_text_parsed_whole(
        edits in prop::collection::vec((0.0..=1.0f64, 0usize..SNIPPETS.len()), 0..12),
        piece in 1usize..400,
    ) {
        let spec = gen::ArticleSpec { claims: 40, ..gen::large_article_spec() };
        let mut text = gen::article(&spec);
        for (at, snippet) in edits {
            let mut at = (at * text.len() as f64) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, SNIPPETS[snippet]);
        }
        check(&text, piece);
    }
}

/// An open document large enough to be parsed in pieces, then edited: the engine's blocks
/// come from the pieces, and its patches equal a fresh analysis.
#[test]
fn an_open_document_parsed_in_pieces_is_then_patched_exactly() {
    use claimdown::workspace::engine::Document;
    use claimdown::workspace::{analyze, Workspace};
    use std::path::PathBuf;

    let spec = gen::ArticleSpec {
        claims: 3_000,
        ..gen::large_article_spec()
    };
    let text = gen::article(&spec);
    assert!(text.len() > 2 * claimdown::model::PIECE, "{}", text.len());
    let mut ws = Workspace::new();
    let path = PathBuf::from("big.cdown");
    let mut doc = Document::new(path.clone(), text);
    doc.refresh(&mut ws);
    for (n, snippet) in ["x", "\n\n", "[new]{#n1 @a1}", "# Head\n\n"]
        .iter()
        .enumerate()
    {
        let at = doc.text().len() * (n + 1) / 6;
        let at = (at..doc.text().len())
            .find(|&at| doc.text().is_char_boundary(at))
            .unwrap_or(0);
        doc.edit(at, at, snippet);
        let id = doc.refresh(&mut ws).id;
        assert!(!doc.unsettled());
        let fresh = analyze(path.clone(), doc.text());
        let file = ws.file(id).expect("open");
        assert_eq!(debug(&file.model), debug(&fresh.model), "after {snippet:?}");
    }
}
