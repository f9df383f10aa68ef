//! The server keeps serving through what a hostile or unlucky workspace does: a document
//! whose analysis panics, special files named `.cdown`, files outside the project.

mod support;

use serde_json::json;
use support::{codes, workspace, Server};

#[test]
fn a_panic_in_one_document_leaves_the_others_diagnostics() {
    let root = workspace(
        "hardening-panic",
        &[
            ("a.cdown", "BOOM\n"),
            ("b.cdown", "[Jets]{#c-1 @nobody}.\n"),
        ],
    );
    let mut server = Server::start_with_env(&["lsp"], &[("CLAIMDOWN_TEST_PANIC", "BOOM")]);
    server.initialize(&root, &["utf-16"]);
    let b = server.open(&root.join("b.cdown"), "[Jets]{#c-1 @nobody}.\n");
    server.diagnostics(&b, |list| codes(list) == ["undefined-actor"]);
    let a = server.open(&root.join("a.cdown"), "BOOM\n");
    let broken = server.diagnostics(&a, |list| list.len() == 1);
    assert!(broken["diagnostics"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("internal error")));
    // Edits to the other document are still checked, and the broken one recovers.
    server.change(&b, 2, [0, 0, 0, 0], "[More]{#c-2 @nobody2}.\n");
    server.diagnostics(&b, |list| codes(list).len() == 2);
    server.change(&a, 2, [0, 0, 0, 4], "[Fine]{#c-3 @nobody3}.");
    server.diagnostics(&a, |list| codes(list) == ["undefined-actor"]);
    assert!(server.is_running());
    server.stop();
}

#[cfg(unix)]
#[test]
fn special_files_never_block_the_server() {
    let root = workspace("hardening-fifo", &[("a.cdown", "[Jets]{#c-1 @nobody}.\n")]);
    let fifo = root.join("x.cdown");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success());
    assert!(made, "mkfifo failed");
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let a = server.open(&root.join("a.cdown"), "[Jets]{#c-1 @nobody}.\n");
    server.diagnostics(&a, |list| codes(list) == ["undefined-actor"]);
    // A FIFO reported as changed, a FIFO opened and closed, and a device outside the
    // project: reading any of them would block or never end.
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": support::uri(&fifo), "type": 2 },
            { "uri": "file:///dev/zero", "type": 1 }
        ] }),
    );
    let fifo_uri = server.open(&fifo, "");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": fifo_uri } }),
    );
    // The state thread still answers, at once.
    let symbols = server.request("workspace/symbol", json!({ "query": "" }));
    assert!(symbols.is_array(), "{symbols}");
    let hover = server.at("textDocument/hover", &a, 0, 14);
    assert!(hover.get("error").is_none(), "{hover}");
    server.change(&a, 2, [0, 0, 0, 0], "x");
    server.diagnostics(&a, |list| codes(list) == ["undefined-actor"]);
    server.stop();
}
