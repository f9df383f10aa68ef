//! The model assembled from the last one's blocks must equal the model lowered from a fresh
//! parse, edit after edit, whatever the edits do to the structure.

use proptest::prelude::*;

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
    let (incremental, fresh) = (incremental.comparable(), fresh.comparable());
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
/// patching the last model after each batch, and compares it with the model of a parse of
/// the whole text wherever the patch is sure of itself (as the server does, the whole
/// text is parsed after a patch that is not, and editing goes on from there).
fn check_edits(start: &str, batches: &[Vec<(f64, usize, usize)>]) {
    let mut text = start.to_owned();
    let mut parser = syntax::new_parser();
    let mut cache = LowerCache::default();
    let mut model = lower_blocks(&syntax::parse(&text), &text, Some(&mut cache));
    let mut lines = LineIndex::new(&text);
    for batch in batches {
        let old_text = text.clone();
        for &(at, len, snippet) in batch {
            let start = boundary(&text, (at * text.len() as f64) as usize);
            let end = boundary(&text, start + len);
            let edit = replace(&mut text, start, end, SNIPPETS[snippet % SNIPPETS.len()]);
            lines.edit(&text, edit.start, edit.old_end, edit.new_end);
            cache.edit(edit.start, edit.old_end, edit.new_end);
        }
        assert_eq!(
            lines,
            LineIndex::new(&text),
            "the lines of {text:?} after {batch:?}"
        );
        // The same edits patched in place, where that applies, give the same.
        let mut in_place = model.clone();
        let mut in_place_cache = cache.clone();
        let attempt = lower_in_place(
            &mut parser,
            &text,
            &lines,
            &mut in_place_cache,
            &mut in_place,
        );
        let previous = model.clone();
        let edited = lower_edited(&mut parser, &text, &lines, &mut cache, &model)
            .expect("the cache describes the last model");
        let patched = match attempt {
            Ok(patched) => Some(patched),
            // Not in place: the model and cache as they were, and the gaps already read
            // again give what reading them afresh gives.
            Err(reread) => {
                let reread = reread.expect("the cache describes the last model");
                assert_eq!(in_place.comparable(), previous.comparable());
                let via = lower_reread(reread, &text, &mut in_place_cache, &previous)
                    .expect("the cache describes the last model");
                assert_same(&via.model, &edited.model, &text, batch);
                assert_eq!(via.patch, edited.patch, "{text:?} after {batch:?}");
                assert_eq!(via.unsure, edited.unsure, "{text:?} after {batch:?}");
                None
            }
        };
        if let Some(patched) = patched {
            assert_same(&in_place, &edited.model, &text, batch);
            assert_eq!(patched.patch, edited.patch, "{text:?} after {batch:?}");
            assert_eq!(patched.unsure, edited.unsure, "{text:?} after {batch:?}");
            assert_eq!(
                format!(
                    "{:?}",
                    in_place_cache.last.as_ref().map(|last| &last.blocks)
                ),
                format!("{:?}", cache.last.as_ref().map(|last| &last.blocks)),
                "the blocks of {text:?} after {batch:?}"
            );
            assert_replaced(&previous, &patched, &in_place);
        }
        let whole = syntax::parse(&text);
        if edited.unsure {
            model = lower_blocks(&whole, &text, Some(&mut cache));
            continue;
        }
        assert_patch_moves(&model, &old_text, &edited.model, &text, &edited.patch);
        model = edited.model;
        assert_same(&model, &lower(&whole, &text), &text, batch);
        // Its blocks' syntax errors are those of one pass over the whole tree.
        let mut by_blocks: Vec<_> =
            syntax::unclosed_front_matter(&text, model.front_matter.is_some())
                .into_iter()
                .collect();
        by_blocks.extend(model.syntax_errors.iter().cloned());
        assert_eq!(
            by_blocks,
            syntax::syntax_errors(&whole, &text),
            "the syntax errors of {text:?}"
        );
    }
}

/// What a model patched in place says it replaced is what the last model had in the
/// regions read again, and each reference and definition replaced has its successor where
/// it stood.
fn assert_replaced(previous: &FileModel, patched: &InPlace, model: &FileModel) {
    let old_regions: Vec<TextRange> = patched
        .patch
        .regions()
        .iter()
        .map(|region| region.old)
        .collect();
    let old = &patched.replaced.old;
    let claims: Vec<_> = previous
        .claims_in(&old_regions)
        .map(|c| (c.range, &c.id))
        .collect();
    let replaced: Vec<_> = old.claims.iter().map(|c| (c.range, &c.id)).collect();
    assert_eq!(claims, replaced);
    for (reference, &at) in old.references.iter().zip(&patched.replaced.references_at) {
        let was = &previous.references[at as usize];
        assert_eq!(
            (was.range, &was.id, was.kind),
            (reference.range, &reference.id, reference.kind)
        );
        assert!(model.references.get(at as usize).is_some());
    }
    for (definition, &at) in old.actors.iter().zip(&patched.replaced.actors_at) {
        assert_eq!(previous.actors[at as usize].range, definition.range);
    }
    for (definition, &at) in old.sources.iter().zip(&patched.replaced.sources_at) {
        assert_eq!(previous.sources[at as usize].range, definition.range);
    }
    assert_eq!(old.references.len(), patched.replaced.references_at.len());
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
                &*heading.title,
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

/// A text without syntax errors, where most patches are sure of themselves: definitions
/// that touch, headings, blank lines of every kind, a block annotation.
const CLEAN: &str = "# One\n\nA [claim]{#c0 @x} here.\nSoft [break]{#c1 @y ^s}.\n\n[@x]: X\n  role: r\n[@y]: Y\n \t\n## Two\r\n\r\n::: #q quote @x\nQuoted.\n\nMore.\n:::\n\n[^s]: S\n\nEnd [c]{#c2 @x rebuts=#c0}.";

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn edits_of_a_clean_text_give_the_model_of_a_fresh_parse(
        batches in prop::collection::vec(
            prop::collection::vec((0.0..=1.0f64, 0usize..12, prop::sample::select(vec![0usize, 1, 2, 3, 4, 14, 17, 18, 22, 23, 24, 25, 28])), 1..3),
            1..10,
        )
    ) {
        check_edits(CLEAN, &batches);
    }
}

/// The patch says what was kept: each claim of the old model outside its regions is a
/// claim of the new one, moved, with the same text, and the new model has no other claims
/// outside them.
fn assert_patch_moves(old: &FileModel, old_text: &str, new: &FileModel, text: &str, patch: &Patch) {
    let ranges: std::collections::HashSet<TextRange> =
        new.claims.iter().map(|claim| claim.range).collect();
    let mut kept = 0;
    for claim in &old.claims {
        let Some(moved) = patch.map(claim.range) else {
            continue;
        };
        kept += 1;
        assert!(
            ranges.contains(&moved),
            "{:?} kept at {moved:?} in {text:?}",
            claim.range
        );
        assert_eq!(&old_text[claim.range.as_usize()], &text[moved.as_usize()]);
    }
    let outside = new
        .claims
        .iter()
        .filter(|claim| {
            patch.regions().iter().all(|region| {
                claim.range.end <= region.new.start || claim.range.start >= region.new.end
            })
        })
        .count();
    assert_eq!(
        kept, outside,
        "claims outside the regions of {patch:?} in {text:?}"
    );
}

#[test]
fn edits_far_apart_re_lower_the_blocks_at_each_only() {
    let mut text: String = (0..50)
        .map(|n| format!("Paragraph {n} says [something]{{#c{n} @x}}.\n\n"))
        .collect();
    let mut parser = syntax::new_parser();
    let mut cache = LowerCache::default();
    let model = lower_blocks(&syntax::parse(&text), &text, Some(&mut cache));
    let mut lines = LineIndex::new(&text);
    // Two cursors: type in paragraph 45, then in paragraph 5.
    for needle in ["Paragraph 45", "Paragraph 5 "] {
        let at = text.find(needle).expect("the paragraph is there");
        let edit = replace(&mut text, at, at, "x");
        lines.edit(&text, edit.start, edit.old_end, edit.new_end);
        cache.edit(edit.start, edit.old_end, edit.new_end);
    }
    let plan = cache
        .plan(&model, text.len())
        .expect("the cache describes the model");
    let gaps: Vec<(usize, usize)> = plan.gaps.iter().map(|gap| (gap.first, gap.end)).collect();
    assert_eq!(gaps, [(5, 6), (45, 46)]);
    let patched = lower_edited(&mut parser, &text, &lines, &mut cache, &model)
        .expect("the cache describes the model");
    assert!(!patched.unsure);
    // Read again: the two paragraphs typed in and the blank lines around them.
    let regions: Vec<&str> = patched
        .patch
        .regions()
        .iter()
        .map(|region| &text[region.new.as_usize()])
        .collect();
    assert_eq!(regions.len(), 2, "{regions:?}");
    assert!(regions[0].contains("xParagraph 5 ") && regions[1].contains("xParagraph 45"));
    assert!(regions
        .iter()
        .all(|region| region.matches("Paragraph").count() == 1));
    assert_same(
        &patched.model,
        &lower(&syntax::parse(&text), &text),
        &text,
        &[],
    );
}

#[test]
fn a_gap_widens_to_blank_lines_where_blocks_touch() {
    // Definitions one after another: typing in the middle one parses all three again,
    // since a field line could belong to the definition before.
    let mut text = "Prose [x]{#c @a}.\n\n[@a]: A\n[@b]: B\n[@c]: C\n\nMore.\n".to_owned();
    let mut parser = syntax::new_parser();
    let mut cache = LowerCache::default();
    let model = lower_blocks(&syntax::parse(&text), &text, Some(&mut cache));
    let mut lines = LineIndex::new(&text);
    let at = text.find("[@b]: B").expect("there") + 6;
    // `B` becomes `B\n  role: r`, a field of `@b`.
    let edit = replace(&mut text, at + 1, at + 1, "\n  role: r");
    lines.edit(&text, edit.start, edit.old_end, edit.new_end);
    cache.edit(edit.start, edit.old_end, edit.new_end);
    let patched = lower_edited(&mut parser, &text, &lines, &mut cache, &model)
        .expect("the cache describes the model");
    assert!(!patched.unsure);
    assert_eq!(patched.model.actors[1].fields.len(), 1);
    assert_same(
        &patched.model,
        &lower(&syntax::parse(&text), &text),
        &text,
        &[],
    );
}

#[test]
fn a_replace_all_gives_the_model_of_a_fresh_parse() {
    // Forty edits in one batch: more stretches than the cache keeps apart.
    let batch: Vec<(f64, usize, usize)> = (0..40)
        .map(|n| (f64::from(n) / 40.0, n as usize % 3, 1 + n as usize % 5))
        .collect();
    check_edits(ARTICLE, &[batch.clone(), batch]);
}

#[test]
fn a_file_the_parser_cannot_read_keeps_its_blocks_and_reports_where_reading_stopped() {
    let text = "# O\r\nlaim]\n## Sub\n\n[@x]: X\n## Two\r\n\r\n::: #q quote\n\nMore.\n:::xEnd [c]{#c2 @x rebutsé Zed\n.";
    let tree = syntax::parse(text);
    assert!(
        tree.root_node().is_error(),
        "{}",
        tree.root_node().to_sexp()
    );
    let model = lower(&tree, text);
    let errors: Vec<&str> = model
        .syntax_errors
        .iter()
        .map(|error| &text[error.range.as_usize()])
        .collect();
    assert_eq!(errors, ["::: #q quote"]);
    assert_eq!(model.actors.len(), 1);
    assert_eq!(model.headings.len(), 3);
}
