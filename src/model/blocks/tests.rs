//! The model assembled from the last one's blocks must equal the model lowered from a fresh
//! parse, edit after edit, whatever the edits do to the structure.

use proptest::prelude::*;
use tree_sitter::Tree;

use super::*;
use crate::model::lower;
use crate::syntax;
use crate::text::LineIndex;
// The edit helpers the server's engine and the fuzz target use.
use crate::workspace::engine::replace;

const ARTICLE: &str = "---\ntitle: T\noutlet: @fna\n---\n\n# One\n\nOfficials rejected [reports of [joint]{#c0 @x} strikes]{#c1 @fna ^s rebuts=#c0}.\nA second line [sic] with \\[escapes\\].\n\n%% a comment\n\n## Two [heading claim]{#h @x}\n\n::: #q quote @x\nQuote, with [a nested]{#n @fna} claim.\n\nAnd a second paragraph.\n:::\n\nMore [text]{#c2 @x supports=#c1 status=false note=\"x y\"} here.\n\n# Three\n\n[Unattributed]{#u}. Then [bad]{#b @ ^}.\n\n[@x]: X\n  affiliation: @fna\n  role: minister\n[@fna]: FNA\n[^s]: S\n  publisher: @fna\n";

/// Snippets that make and break structure: brackets, attributes, blocks, headings, fences.
const SNIPPETS: &[&str] = &[
    "",
    "x",
    "word ",
    "\n",
    "\n\n",
    "[",
    "]",
    "]{",
    "{",
    "}",
    "@x",
    "^s",
    "#c9",
    " @y}",
    "[new]{#c1 @x}",
    "::: @x\n",
    "\n:::\n",
    "# ",
    "\n## Sub\n",
    "---\n",
    "%% ",
    "\\[",
    "é",
    "😀",
    "[@z]: Zed\n",
    "  role: r\n",
    "rebuts=#c0 ",
    "status=true",
    "\r\n",
];

fn boundary(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn assert_same(
    incremental: &FileModel,
    fresh: &FileModel,
    text: &str,
    batch: &[(f64, usize, usize)],
) {
    let debug = |model: &FileModel| {
        let mut model = model.clone();
        let mut ids: Vec<_> = model.claim_ids.drain().collect();
        ids.sort();
        format!("{model:#?}\nids: {ids:?}")
    };
    let (incremental, fresh) = (debug(incremental), debug(fresh));
    if incremental != fresh {
        // The first line that differs, with some context.
        let lines: Vec<(&str, &str)> = incremental.lines().zip(fresh.lines()).collect();
        let first = lines
            .iter()
            .position(|(a, b)| a != b)
            .unwrap_or(lines.len());
        let context = |n: usize| {
            lines[first.saturating_sub(n)..(first + 3).min(lines.len())]
                .iter()
                .map(|(a, b)| format!("{a:<50} | {b}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "the model of {text:?} after {batch:?}: incremental | fresh\n{}",
            context(25)
        );
    }
}

/// Applies batches of edits (position as a fraction of the text, length removed, snippet),
/// re-using the last model after each batch, and compares it with a fresh lowering.
fn check_edits(start: &str, batches: &[Vec<(f64, usize, usize)>]) {
    let mut text = start.to_owned();
    let mut parser = syntax::new_parser();
    let mut cache = LowerCache::default();
    let mut tree: Tree = syntax::parse_with(&mut parser, &text, None);
    let mut model = lower_blocks(&tree, &text, Some(&mut cache), None);
    let mut lines = LineIndex::new(&text);
    for batch in batches {
        for &(at, len, snippet) in batch {
            let start = boundary(&text, (at * text.len() as f64) as usize);
            let end = boundary(&text, start + len);
            let edit = replace(&mut text, start, end, SNIPPETS[snippet % SNIPPETS.len()]);
            lines.edit(&text, edit.start_byte, edit.old_end_byte, edit.new_end_byte);
            tree.edit(&edit);
            cache.edit(&edit);
        }
        let new_tree = syntax::parse_with(&mut parser, &text, Some(&tree));
        cache.reparsed(&tree, &new_tree);
        tree = new_tree;
        assert_eq!(
            lines,
            LineIndex::new(&text),
            "the lines of {text:?} after {batch:?}"
        );
        model = lower_blocks(&tree, &text, Some(&mut cache), Some(&model));
        // The patched model must be the model of the tree it was patched to.
        assert_same(&model, &lower(&tree, &text), &text, batch);
        // Its blocks' syntax errors are those of one pass over the whole tree.
        let mut by_blocks: Vec<_> = syntax::unclosed_front_matter(&tree, &text)
            .into_iter()
            .collect();
        by_blocks.extend(model.syntax_errors.iter().cloned());
        assert_eq!(
            by_blocks,
            syntax::syntax_errors(&tree, &text),
            "the syntax errors of {text:?}"
        );
        // And that model the model of a fresh parse, where the text has no syntax error
        // (where it has, tree-sitter may recover from it differently when it re-parses;
        // it may also hang a comment on a different node, which means nothing).
        let fresh = syntax::parse(&text);
        if !fresh.root_node().has_error() {
            assert_same(&model, &lower(&fresh, &text), &text, batch);
        }
    }
}

#[test]
fn typing_in_prose_re_uses_every_other_block() {
    let batches: Vec<Vec<(f64, usize, usize)>> = (0..20)
        .map(|n| vec![(0.45, n % 2, if n % 2 == 0 { 1 } else { 0 })])
        .collect();
    check_edits(ARTICLE, &batches);
}

#[test]
fn structural_edits_give_the_model_of_a_fresh_parse() {
    // Each snippet at a few places, one at a time and in pairs.
    let mut batches = Vec::new();
    for (snippet, inserted) in SNIPPETS.iter().enumerate() {
        for at in [0.0, 0.1, 0.33, 0.5, 0.71, 0.9, 1.0] {
            batches.push(vec![(at, 0, snippet)]);
            batches.push(vec![(at, inserted.len(), 0)]);
        }
        batches.push(vec![(0.2, 3, snippet), (0.8, 1, snippet)]);
    }
    check_edits(ARTICLE, &batches);
}

#[test]
fn sections_run_to_the_next_heading_of_their_level_or_above() {
    let text = "# A\n\npara\n\n%% c\n\n### A1\n\ntext\n\n## A2\n\n# B\ntail\n";
    let model = lower(&syntax::parse(text), text);
    let sections: Vec<(&str, Option<usize>, &str)> = model
        .headings
        .iter()
        .map(|heading| {
            (
                heading.title.as_str(),
                heading.parent,
                &text[heading.section.as_usize()],
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            (
                "A",
                None,
                "# A\n\npara\n\n%% c\n\n### A1\n\ntext\n\n## A2\n\n"
            ),
            ("A1", Some(0), "### A1\n\ntext\n\n"),
            ("A2", Some(0), "## A2\n\n"),
            ("B", None, "# B\ntail\n"),
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_edits_give_the_model_of_a_fresh_parse(
        batches in prop::collection::vec(
            prop::collection::vec((0.0..=1.0f64, 0usize..40, 0usize..64), 1..4),
            1..12,
        )
    ) {
        check_edits(ARTICLE, &batches);
    }
}

#[test]
fn edits_far_apart_re_lower_the_blocks_at_each_only() {
    let text: String = (0..50)
        .map(|n| format!("Paragraph {n} says [something]{{#c{n} @x}}.\n\n"))
        .collect();
    let mut text = text;
    let mut parser = syntax::new_parser();
    let mut cache = LowerCache::default();
    let mut tree = syntax::parse_with(&mut parser, &text, None);
    let model = lower_blocks(&tree, &text, Some(&mut cache), None);
    // Two cursors: type in paragraph 45, then in paragraph 5.
    for needle in ["Paragraph 45", "Paragraph 5 "] {
        let at = text.find(needle).expect("the paragraph is there");
        let edit = replace(&mut text, at, at, "x");
        tree.edit(&edit);
        cache.edit(&edit);
    }
    let new_tree = syntax::parse_with(&mut parser, &text, Some(&tree));
    cache.reparsed(&tree, &new_tree);
    let plan = cache
        .plan(&model, text.len())
        .expect("the cache describes the model");
    let gaps: Vec<(usize, usize)> = plan.gaps.iter().map(|gap| (gap.first, gap.end)).collect();
    assert_eq!(gaps, [(5, 6), (45, 46)]);
    let patched = lower_blocks(&new_tree, &text, Some(&mut cache), Some(&model));
    assert_same(&patched, &lower(&syntax::parse(&text), &text), &text, &[]);
}

#[test]
fn a_replace_all_gives_the_model_of_a_fresh_parse() {
    // Forty edits in one batch: more stretches than the cache keeps apart.
    let batch: Vec<(f64, usize, usize)> = (0..40)
        .map(|n| (f64::from(n) / 40.0, n as usize % 3, 1 + n as usize % 5))
        .collect();
    check_edits(ARTICLE, &[batch.clone(), batch]);
}
