//! End to end: `textDocument/formatting` and `rangeFormatting` over stdio, positions in
//! the negotiated encoding, edits applied as a client would.

mod support;

use serde_json::{json, Value};
use support::{uri, workspace, Server};

/// Non-BMP and accented text before the markup, so that UTF-16 and UTF-8 columns differ.
const MESSY: &str = "Ünïcode 😀 says [it]{^s   @a #c1}.  \n[@a]: Agency\n  url: https://a.example\n  kind: organization\n[^s]: Statement 😀\n";
const TIDY: &str = "Ünïcode 😀 says [it]{#c1 @a ^s}.\n\n[@a]: Agency\n  kind: organization\n  url: https://a.example\n\n[^s]: Statement 😀\n";

/// The byte offset of an LSP position, columns counted in `encoding`.
fn offset(text: &str, position: &Value, encoding: &str) -> usize {
    let line = position["line"].as_u64().unwrap_or(0) as usize;
    let character = position["character"].as_u64().unwrap_or(0) as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (idx, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' {
            return start + idx;
        }
        units += if encoding == "utf-8" {
            ch.len_utf8()
        } else {
            ch.len_utf16()
        };
    }
    text.len()
}

/// Applies a client's edits: all positions refer to the text before any edit.
fn apply(text: &str, edits: &Value, encoding: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap_or_else(|| panic!("no edits: {edits}"))
        .iter()
        .map(|edit| {
            let start = offset(text, &edit["range"]["start"], encoding);
            let end = offset(text, &edit["range"]["end"], encoding);
            (
                start,
                end,
                edit["newText"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    edits.sort();
    let mut out = text.to_owned();
    for (start, end, new) in edits.into_iter().rev() {
        out.replace_range(start..end, &new);
    }
    out
}

#[test]
fn whole_document_in_both_encodings() {
    for encoding in ["utf-16", "utf-8"] {
        let root = workspace(&format!("formatting-{encoding}"), &[("a.cdown", MESSY)]);
        let mut server = Server::start();
        let init = server.initialize(&root, &[encoding]);
        assert_eq!(init["capabilities"]["documentFormattingProvider"], true);
        assert_eq!(
            init["capabilities"]["documentRangeFormattingProvider"],
            true
        );
        let doc = server.open(&root.join("a.cdown"), MESSY);
        let edits = server.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": doc }, "options": { "tabSize": 4, "insertSpaces": true } }),
        );
        // Minimal edits: the attribute list, the blank lines and the trailing blanks, the
        // fields; never the whole text.
        let count = edits.as_array().map_or(0, Vec::len);
        assert!((3..=6).contains(&count), "{edits:#}");
        assert_eq!(
            edits[0]["range"]["start"],
            json!({ "line": 0, "character": if encoding == "utf-8" { 25 } else { 21 } }),
            "{edits:#}"
        );
        assert_eq!(apply(MESSY, &edits, encoding), TIDY);

        // Formatted, nothing is left to do.
        server.change(&doc, 2, [0, 0, 5, 0], TIDY);
        let edits = server.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": doc }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        assert_eq!(edits, json!([]));
        assert_eq!(server.stop(), Some(0));
    }
}

#[test]
fn a_range_formats_the_lines_it_touches() {
    let text = "[x]{^s @a}.\n\nÉ😀 [y]{^s @a}.\n\n[@a]: A\n\n[^s]: S\n";
    let root = workspace("formatting-range", &[("a.cdown", text)]);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("a.cdown"), text);
    let edits = server.request(
        "textDocument/rangeFormatting",
        json!({
            "textDocument": { "uri": doc },
            "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 1 } },
            "options": { "tabSize": 2, "insertSpaces": true }
        }),
    );
    assert_eq!(
        edits,
        json!([{ "range": { "start": { "line": 2, "character": 8 }, "end": { "line": 2, "character": 13 } }, "newText": "@a ^s" }])
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn the_project_line_width_applies_and_broken_blocks_stay() {
    let text = "Said [it]{@western-media ^reuters #c-joint status=disputed}.\n\nBroken [y]{@a\n";
    let root = workspace(
        "formatting-width",
        &[
            ("claimdown.toml", "[format]\nline-width = 40\n"),
            ("a.cdown", text),
        ],
    );
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = uri(&root.join("a.cdown"));
    server.open(&root.join("a.cdown"), text);
    let edits = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": doc }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(
        apply(text, &edits, "utf-16"),
        "Said [it]{#c-joint @western-media\n^reuters status=disputed}.\n\nBroken [y]{@a\n"
    );
    assert_eq!(server.stop(), Some(0));
}
