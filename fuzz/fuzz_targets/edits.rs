//! A start text and batches of edits through the open-document engine the server uses,
//! compared after each batch with an analysis of the same text from scratch.
//!
//! Input: the start text up to the first NUL byte; the bytes after it are the edits.
#![no_main]

use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};
use claimdown::config::Config;
use claimdown::rules::{check_file, check_file_since, Diagnostic, Since};
use claimdown::text::LineIndex;
use claimdown::workspace::engine::Document;
use claimdown::workspace::{analyze, FileId, Workspace};
use claimdown_fuzz::{check_diagnostics, check_model, model_debug};
use libfuzzer_sys::fuzz_target;

/// Pieces that make and break structure; arbitrary text finds the rest.
const SNIPPETS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "[",
    "]",
    "]{",
    "{",
    "}",
    "@x",
    "^s",
    "#c1",
    " @y}",
    "[new]{#c1 @x}",
    "::: @x\n",
    "\n:::\n",
    "::: #q quote @x\n",
    "# ",
    "\n## Sub\n",
    "---\n",
    "%% ",
    "\\[",
    "é",
    "😀",
    "[@x]: X\n",
    "[^s]: S\n",
    "  role: r\n",
    "  publisher: @x\n",
    "rebuts=#c1 ",
    "supports=#c1",
    "status=false",
    "note=\"a b\"",
    "[@",
    "]:",
    "@anon",
    "“We will never give in to them,” ",
    "\"Four words in quotes\" said X. ",
    "  kind: group\n",
];

#[derive(Arbitrary, Debug)]
enum Insert {
    Snippet(u8),
    Text(String),
}

#[derive(Arbitrary, Debug)]
struct Edit {
    /// Where, scaled to the text's length (so edits land anywhere in any text).
    at: u16,
    /// How many bytes it replaces.
    len: u8,
    insert: Insert,
}

const REGISTRY: &str = "[@x]: X\n  role: minister\n[@y]: Y\n[^s]: S\n  publisher: @x\n[@anon]: Officials\n  kind: anonymous\n";

fn diagnostics(ws: &Workspace) -> Vec<Vec<Diagnostic>> {
    let config = Config::default_for(PathBuf::from("."));
    ws.files()
        .map(|(id, _)| check_file(ws, id, &config))
        .collect()
}

/// A workspace with the registry and `file` afresh, in the order the engine's holds them.
fn workspace_with(file: claimdown::workspace::SourceFile) -> Workspace {
    let mut ws = Workspace::new();
    ws.set_file(analyze(PathBuf::from("registry.cdown"), REGISTRY));
    ws.set_file(file);
    ws
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let start = String::from_utf8_lossy(&data[..split]).into_owned();
    let mut u = Unstructured::new(data.get(split + 1..).unwrap_or(&[]));
    let Ok(batches) = Vec::<Vec<Edit>>::arbitrary(&mut u) else {
        return;
    };
    let path = PathBuf::from("a.cdown");
    let mut ws = Workspace::new();
    ws.set_file(analyze(PathBuf::from("registry.cdown"), REGISTRY));
    let mut doc = Document::new(path.clone(), start);
    let mut id = doc.refresh(&mut ws).id;
    let mut checked = since_last(&ws, &mut doc, id, None);
    for batch in batches.iter().take(16) {
        for edit in batch.iter().take(8) {
            let at = edit.at as usize * (doc.text().len() + 1) / (u16::MAX as usize + 1);
            let insert = match &edit.insert {
                Insert::Snippet(n) => SNIPPETS[*n as usize % SNIPPETS.len()],
                Insert::Text(text) => text.as_str(),
            };
            doc.edit(at, at + edit.len as usize, insert);
        }
        id = doc.refresh(&mut ws).id;
        compare(&ws, &doc, id, &path, !doc.unsettled());
        // As the server checks, though not after every refresh: changes compose.
        if batch.len() % 3 != 1 {
            checked = since_last(&ws, &mut doc, id, Some(checked));
        }
    }
    // Once editing pauses the server parses a document left unsettled afresh: whatever the
    // edits, it must then hold what the command line would.
    if let Some(done) = doc.settle(&mut ws) {
        id = done.id;
    }
    compare(&ws, &doc, id, &path, true);
});

/// A check of the document that keeps what it can of the last one (`previous`), as the
/// server's: it must equal a whole check.
fn since_last(
    ws: &Workspace,
    doc: &mut Document,
    id: FileId,
    previous: Option<Vec<Diagnostic>>,
) -> Vec<Diagnostic> {
    let config = Config::default_for(PathBuf::from("."));
    let change = doc.take_change(ws);
    let since = change
        .as_ref()
        .zip(previous.as_deref())
        .map(|(change, previous)| Since { previous, change });
    let found = check_file_since(ws, id, &config, since);
    assert_eq!(
        found,
        check_file(ws, id, &config),
        "a check keeping findings after edits of {:?}",
        doc.text()
    );
    found
}

fn compare(ws: &Workspace, doc: &Document, id: FileId, path: &PathBuf, sure: bool) {
    let file = ws.file(id).expect("the document is in the workspace");
    let text: &str = doc.text();
    assert_eq!(file.text.as_str(), text);
    check_model(text, &file.model);
    assert_eq!(
        file.line_index,
        LineIndex::new(text),
        "the patched line index"
    );
    let found = diagnostics(ws);
    for (id, diagnostics) in ws.files().map(|(id, _)| id).zip(&found) {
        let text = &ws.file(id).expect("listed").text;
        check_diagnostics(ws, text, diagnostics);
    }

    // A patch sure of itself is exact: it equals the analysis from scratch. One that is
    // not (it parsed text with a syntax error on its own) must be once settled: the
    // server parses the whole text when editing pauses.
    if sure {
        let fresh = workspace_with(analyze(path.clone(), text));
        assert_same(ws, id, &found, &fresh, "patched and afresh");
    }
}

/// The document's model, syntax errors and the workspace's diagnostics (`found`) equal
/// those of `other`, a workspace with the same files.
fn assert_same(
    ws: &Workspace,
    id: FileId,
    found: &[Vec<Diagnostic>],
    other: &Workspace,
    how: &str,
) {
    let file = ws.file(id).expect("the document is in the workspace");
    let other_file = other.file(id).expect("the same id");
    let text = &file.text;
    assert_eq!(
        model_debug(&file.model),
        model_debug(&other_file.model),
        "the model of {text:?}, {how}"
    );
    assert!(file.syntax_errors().eq(other_file.syntax_errors()), "{how}");
    assert_eq!(found, diagnostics(other), "diagnostics of {text:?}, {how}");
}
