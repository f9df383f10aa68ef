//! End to end: diagnostics re-sent after edits. A keystroke re-uses the JSON of the
//! diagnostics it did not move (`lsp::sent`); what the client receives must still be, after
//! any edit, what a server given the final text at once would send.

mod support;

use serde_json::{json, Value};
use support::{workspace, Server};

/// With findings of rules that keep those of blocks an edit did not touch
/// (`vague-attribution`, `unannotated-quote`) below the edits.
const TEXT: &str = "Ünï 😀 [a]{@x1} and [b]{@x2}.\n\n[c]{@x3 ^s1}\n\nPlain 🎺 [d]{#d @x4 rebuts=#nope}.\n\n“We will never give in to them,” said 😀 X.\n\n[e]{#e @anon}.\n\n[@anon]: Officials\n  kind: anonymous\n";

fn list(params: &Value) -> Value {
    params["diagnostics"].clone()
}

fn fresh(text: &str, name: &str) -> Value {
    let root = workspace(name, &[("a.cdown", text)]);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("a.cdown"), text);
    let params = server.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == doc);
    let _ = server.stop();
    list(&params)
}

#[test]
fn diagnostics_after_edits_are_those_of_the_final_text() {
    let root = workspace("publish-edits", &[("a.cdown", TEXT)]);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("a.cdown"), TEXT);
    let first = server.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == doc);
    assert!(
        list(&first).as_array().is_some_and(|l| l.len() >= 7),
        "{first}"
    );
    for rule in ["vague-attribution", "unannotated-quote"] {
        assert!(first.to_string().contains(rule), "{rule} in {first}");
    }

    let mut text = TEXT.to_owned();
    // (line, UTF-16 column, removed UTF-16 units, inserted): typing before diagnostics on
    // their line, a new line above others, a renamed id (a new message in the same place),
    // typing on a line whose diagnostics moved down, and deleting before diagnostics.
    let edits: [(u32, u32, u32, &str); 5] = [
        (0, 7, 0, "zz "),
        (2, 0, 0, "New line 😀\n"),
        (0, 15, 1, "y"),
        (3, 0, 0, "So "),
        (0, 7, 3, ""),
    ];
    for (version, (line, col, removed, inserted)) in edits.into_iter().enumerate() {
        let version = version as i32 + 2;
        server.change(&doc, version, [line, col, line, col + removed], inserted);
        text = apply(&text, line, col, removed, inserted);
        let got = server.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == doc && p["version"] == json!(version)
        });
        let name = format!("publish-edits-fresh-{version}");
        assert_eq!(
            list(&got),
            fresh(&text, &name),
            "after edit {version}:\n{text}"
        );
    }
    assert_eq!(server.stop(), Some(0));
}

/// The text with `removed` UTF-16 units at (`line`, `col`) replaced by `inserted`.
fn apply(text: &str, line: u32, col: u32, removed: u32, inserted: &str) -> String {
    let start_of_line: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let offset = |units: u32| {
        let mut count = 0;
        for (at, ch) in text[start_of_line..].char_indices() {
            if count >= units {
                return start_of_line + at;
            }
            count += ch.len_utf16() as u32;
        }
        text.len()
    };
    let (start, end) = (offset(col), offset(col + removed));
    format!("{}{inserted}{}", &text[..start], &text[end..])
}
