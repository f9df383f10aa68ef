//! Start-up that does not block: while the workspace is indexed (slowed down by the
//! debug-only `CLAIMDOWN_TEST_INDEX_DELAY`), requests about an open document are answered
//! at once, and those that need closed files are answered once indexing is done.

mod support;

use serde_json::{json, Value};
use support::{uri, workspace, Server};

/// Enough closed files for two batches and a progress report.
const CLOSED: usize = 300;

const OPEN: &str = "[@bob]: Bob 🎺 Bobson\n  kind: person\n\n# Héading 🎺\n\n\
🎺 [a claim]{#c1 @bob} and [another]{#c2 @ana}.\n";

/// The UTF-16 position of the first `needle` on `line` of `OPEN`.
fn position(line: u32, needle: &str) -> (u32, u32) {
    let text = OPEN.lines().nth(line as usize).unwrap_or_default();
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    (line, text[..at].encode_utf16().count() as u32 + 1)
}

fn progress_ended(server: &Server) -> bool {
    server
        .pending()
        .iter()
        .any(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn open_documents_are_answered_while_the_workspace_is_indexed() {
    let mut files: Vec<(String, String)> = (0..CLOSED)
        .map(|i| {
            (
                format!("closed-{i}.cdown"),
                format!("[@p{i}]: Person {i}\n  kind: person\n"),
            )
        })
        .collect();
    files.push((
        "registry.cdown".to_owned(),
        "[@ana]: Ana Anasdóttir\n  kind: person\n".to_owned(),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let dir = workspace("startup-open-first", &files);
    let mut server = Server::start_with_env(&["lsp"], &[("CLAIMDOWN_TEST_INDEX_DELAY", "1500")]);
    server.initialize(&dir, &["utf-16"]);
    let doc = server.open(&dir.join("article.cdown"), OPEN);

    // A local definition, the document's outline, folds and tokens: all before the end.
    let (line, character) = position(5, "@bob");
    let hover = server.at("textDocument/hover", &doc, line, character);
    assert!(hover_text(&hover).contains("Bob 🎺 Bobson"), "{hover}");
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": doc } }),
    );
    assert!(symbols.to_string().contains("Héading 🎺"), "{symbols}");
    let folds = server.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": doc } }),
    );
    assert!(!folds.as_array().is_some_and(Vec::is_empty), "{folds}");
    let tokens = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": doc } }),
    );
    assert!(
        !tokens["data"].as_array().is_some_and(Vec::is_empty),
        "{tokens}"
    );
    // Definitions in closed files are not all known yet: the client is to ask again.
    let (line, character) = position(5, "@ana");
    let completion = server.at("textDocument/completion", &doc, line, character);
    assert_eq!(completion["isIncomplete"], true, "{completion}");
    assert!(
        !progress_ended(&server),
        "indexing ended before the open document was answered; {:?}",
        server.pending_methods()
    );

    // A reference to a closed file's definition: answered once that file is read, never
    // as "undefined".
    // (Whether `$/progress` end or this answer reaches the client first is up to the
    // transport, which interleaves notifications and responses: the answer's content is
    // the proof that it waited.)
    let hover = server.at("textDocument/hover", &doc, line, character);
    assert!(hover_text(&hover).contains("Ana Anasdóttir"), "{hover}");
    server.wait_for("$/progress", |params| params["value"]["kind"] == "end");
    let references = server.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": doc },
            "position": { "line": line, "character": character },
            "context": { "includeDeclaration": true }
        }),
    );
    assert!(
        references.as_array().is_some_and(|list| list
            .iter()
            .any(|l| l["uri"] == uri(&dir.join("registry.cdown")))),
        "{references}"
    );
    let completion = server.at("textDocument/completion", &doc, line, character);
    assert_eq!(completion["isIncomplete"], false, "{completion}");
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn cross_file_requests_wait_for_the_workspace() {
    let mut files: Vec<(String, String)> = (0..CLOSED)
        .map(|i| (format!("closed-{i}.cdown"), format!("[x]{{#c{i} @bob}}\n")))
        .collect();
    files.push(("article.cdown".to_owned(), OPEN.to_owned()));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let dir = workspace("startup-cross-file", &files);
    let mut server = Server::start_with_env(&["lsp"], &[("CLAIMDOWN_TEST_INDEX_DELAY", "1000")]);
    server.initialize(&dir, &["utf-16"]);
    let doc = server.open(&dir.join("article.cdown"), OPEN);
    // Every use of @bob, in all 300 closed files, or none: never a part.
    let (line, character) = position(0, "@bob");
    let references = server.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": doc },
            "position": { "line": line, "character": character },
            "context": { "includeDeclaration": false }
        }),
    );
    assert!(progress_ended(&server), "answered before indexing ended");
    assert_eq!(
        references.as_array().map(Vec::len),
        Some(CLOSED + 1),
        "{references}"
    );
    let rename = server.request(
        "textDocument/rename",
        json!({
            "textDocument": { "uri": doc },
            "position": { "line": line, "character": character },
            "newName": "robert"
        }),
    );
    assert_eq!(
        rename["changes"].as_object().map(|files| files.len()),
        Some(CLOSED + 1),
        "{rename}"
    );
    assert_eq!(server.stop(), Some(0));
}
