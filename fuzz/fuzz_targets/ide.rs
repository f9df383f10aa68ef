//! Every IDE feature at fuzzed offsets of a fuzzed file beside a fixed registry: offsets
//! inside multi-byte chars and past the end included. Nothing may panic, and every range
//! returned must lie in its file.
//!
//! Input: the text up to the first NUL byte; the bytes after it are offsets (u16 each),
//! or, without them, offsets spread over the text.
#![no_main]

use std::path::PathBuf;

use claimdown::ide;
use claimdown::workspace::{analyze, FileId, Workspace};
use claimdown_fuzz::check_range;
use libfuzzer_sys::fuzz_target;

const REGISTRY: &str = "[@x]: X\n  role: minister\n  affiliation: @org\n[@org]: Org\n[@y]: Why\n[^s]: S\n  publisher: @org\n";

fn in_file(ws: &Workspace, file: FileId, range: claimdown::text::TextRange, what: &str) {
    let source = ws.file(file).expect("results point into the workspace");
    check_range(&source.text, range, what);
}

fn check_symbol(ws: &Workspace, file: FileId, symbol: &ide::Symbol) {
    in_file(ws, file, symbol.range, "symbol");
    in_file(ws, file, symbol.selection_range, "symbol selection");
    for child in &symbol.children {
        check_symbol(ws, file, child);
    }
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let text = String::from_utf8_lossy(&data[..split]).into_owned();
    let len = text.len();
    let mut offsets: Vec<usize> = match data.get(split + 1..) {
        Some(tail) if tail.len() >= 2 => tail
            .chunks_exact(2)
            .take(64)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]) as usize % (len + 8))
            .collect(),
        _ => (0..=len).step_by((len / 48).max(1)).collect(),
    };
    offsets.extend([0, len, len + 1, u32::MAX as usize, usize::MAX]);

    let mut ws = Workspace::new();
    let registry = ws.set_file(analyze(PathBuf::from("registry.cdown"), REGISTRY));
    let file = ws.set_file(analyze(PathBuf::from("a.cdown"), text.as_str()));

    for &offset in &offsets {
        if let Some(hover) = ide::hover(&ws, file, offset) {
            in_file(&ws, file, hover.range, "hover");
        }
        for target in ide::definition(&ws, file, offset) {
            in_file(&ws, target.file, target.full_range, "definition");
            in_file(&ws, target.file, target.focus_range, "definition focus");
        }
        for include in [false, true] {
            for place in ide::references(&ws, file, offset, include) {
                in_file(&ws, place.file, place.range, "reference");
            }
        }
        for highlight in ide::document_highlights(&ws, file, offset) {
            in_file(&ws, file, highlight.range, "highlight");
        }
        for item in ide::completions(&ws, file, offset) {
            in_file(&ws, file, item.replace_range, "completion");
        }
        if let Some(occurrence) = ide::entity_at(&ws, file, offset) {
            in_file(&ws, file, occurrence.range, "occurrence");
            in_file(&ws, file, occurrence.id_range, "occurrence id");
        }
        if let Some((range, id)) = ide::prepare_rename(&ws, file, offset) {
            in_file(&ws, file, range, "rename range");
            for new_name in [id.as_str(), "renamed", "@x", "^s", "#c1", "é-1", "", "a b"] {
                if let Ok(edits) = ide::rename(&ws, file, offset, new_name) {
                    for (place, _) in edits {
                        in_file(&ws, place.file, place.range, "rename edit");
                    }
                }
            }
        } else {
            assert!(ide::rename(&ws, file, offset, "renamed").is_err());
        }
        if let Some(item) = ide::prepare_call_hierarchy(&ws, file, offset) {
            in_file(&ws, item.file, item.full_range, "call item");
            in_file(&ws, item.file, item.focus_range, "call item focus");
            let calls = ide::incoming_calls(&ws, file, offset)
                .into_iter()
                .chain(ide::outgoing_calls(&ws, file, offset));
            for call in calls {
                in_file(&ws, call.claim.file, call.claim.full_range, "call");
                for range in call.ranges {
                    in_file(&ws, file, range, "call range");
                }
            }
        }
        let ranges = ide::selection_ranges(&ws, file, offset);
        for pair in ranges.windows(2) {
            assert!(
                pair[1].start <= pair[0].start && pair[0].end <= pair[1].end && pair[0] != pair[1],
                "selection ranges grow: {pair:?}"
            );
        }
        for range in ranges {
            in_file(&ws, file, range, "selection range");
        }
    }
    for id in [file, registry] {
        for symbol in ide::document_symbols(&ws, id) {
            check_symbol(&ws, id, &symbol);
        }
        for fold in ide::folding_ranges(&ws, id) {
            in_file(&ws, id, fold.range, "fold");
        }
        for lens in ide::code_lenses(&ws, id) {
            in_file(&ws, id, lens.range, "lens");
            in_file(&ws, id, lens.id_range, "lens id");
            for place in lens.references {
                in_file(&ws, place.file, place.range, "lens reference");
            }
        }
        for link in ide::document_links(&ws, id) {
            in_file(&ws, id, link.range, "link");
        }
        let whole = claimdown::text::TextRange::new(0, usize::from(u16::MAX) + len);
        for hint in ide::inlay_hints(&ws, id, whole) {
            in_file(
                &ws,
                id,
                claimdown::text::TextRange::empty(hint.offset as usize),
                "hint",
            );
        }
    }
    let query: String = text.chars().take(8).collect();
    for query in ["", "x", query.as_str()] {
        for (id, symbol) in ide::workspace_symbols(&ws, query, 50) {
            check_symbol(&ws, id, &symbol);
        }
    }
});
