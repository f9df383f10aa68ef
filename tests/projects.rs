//! One scope rule for the command line and the server (LANGUAGE.md, "Definitions"): a
//! folder with a `claimdown.toml` is a project, a file belongs to the nearest project above
//! it, actor and source ids are global to their project, and its configuration applies to
//! its files.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use support::{workspace, Server};

const FILES: &[(&str, &str)] = &[
    ("one/claimdown.toml", ""),
    ("one/actors.cdown", "[@j]: J of one\n"),
    ("one/a.cdown", "[Jets]{#c-1 @j}.\n"),
    (
        "two/claimdown.toml",
        "[rules]\nundefined-actor = \"warning\"\n",
    ),
    ("two/actors.cdown", "[@j]: J of two\n"),
    ("two/b.cdown", "[Jets]{#c-1 @j @k}.\n"),
];

fn layout(name: &str) -> std::path::PathBuf {
    let root = workspace(name, &[]);
    for (file, text) in FILES {
        let path = root.join(file);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|err| panic!("{err}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|err| panic!("{err}"));
    }
    root
}

fn codes(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["severity"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn the_command_line_keeps_two_projects_apart() {
    let root = layout("projects-cli");
    let run = |args: &[&str], dir: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_claimdown"))
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    for args in [
        &["check", "."][..],
        &["check", "one", "two"],
        &["check", "two/b.cdown", "one/a.cdown"],
    ] {
        let (status, stdout) = run(args, &root);
        assert!(!stdout.contains("duplicate-id"), "{args:?}: {stdout}");
        assert!(
            stdout.contains("warning[undefined-actor]: actor `k`"),
            "{args:?}: {stdout}"
        );
        assert_eq!(
            status,
            Some(0),
            "{args:?}: a warning alone passes: {stdout}"
        );
    }
    // Without the projects' claimdown.toml the two registries are one project's duplicate.
    std::fs::remove_file(root.join("one/claimdown.toml")).unwrap_or_else(|err| panic!("{err}"));
    std::fs::remove_file(root.join("two/claimdown.toml")).unwrap_or_else(|err| panic!("{err}"));
    let (_, stdout) = run(&["check", "."], &root);
    assert!(stdout.contains("duplicate-id"), "{stdout}");
}

#[test]
fn the_server_keeps_two_projects_apart() {
    let root = layout("projects-lsp");
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let a = server.open(&root.join("one/a.cdown"), "[Jets]{#c-1 @j}.\n");
    let published = server.diagnostics(&a, |_| true);
    assert_eq!(codes(&published["diagnostics"]), vec![], "{published}");
    let b = server.open(&root.join("two/b.cdown"), "[Jets]{#c-1 @j @k}.\n");
    // `two`'s claimdown.toml makes an undefined actor a warning (severity 2).
    let published = server.diagnostics(&b, |list| !list.is_empty());
    assert_eq!(
        codes(&published["diagnostics"]),
        vec![("undefined-actor".to_owned(), 2)]
    );
    // Each `@j` goes to its own project's definition.
    for (uri, registry) in [(&a, "one/actors.cdown"), (&b, "two/actors.cdown")] {
        let found = server.at("textDocument/definition", uri, 0, 13);
        let target = found[0]["targetUri"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(target.ends_with(registry), "{found}");
    }
    let hover = server.at("textDocument/hover", &b, 0, 13);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("J of two"),
        "{hover}"
    );
    let refs = server.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": a }, "position": { "line": 0, "character": 13 }, "context": { "includeDeclaration": true } }),
    );
    let refs = refs.as_array().cloned().unwrap_or_default();
    assert!(
        refs.iter()
            .all(|r| r["uri"].as_str().unwrap_or("").contains("/one/")),
        "{refs:?}"
    );
    server.stop();
}

#[test]
fn a_claimdown_toml_created_while_editing_splits_the_project() {
    let root = layout("projects-lsp-new-toml");
    std::fs::remove_file(root.join("two/claimdown.toml")).unwrap_or_else(|err| panic!("{err}"));
    std::fs::remove_file(root.join("one/claimdown.toml")).unwrap_or_else(|err| panic!("{err}"));
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let a = server.open(&root.join("one/actors.cdown"), "[@j]: J of one\n");
    // One project: the two registries define `@j` twice.
    let published = server.diagnostics(&a, |list| !list.is_empty());
    assert_eq!(
        codes(&published["diagnostics"]),
        vec![("duplicate-id".to_owned(), 1)]
    );
    std::fs::write(root.join("one/claimdown.toml"), "").unwrap_or_else(|err| panic!("{err}"));
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": support::uri(&root.join("one/claimdown.toml")), "type": 1 }] }),
    );
    let published = server.diagnostics(&a, |list| list.is_empty());
    assert_eq!(codes(&published["diagnostics"]), vec![]);
    server.stop();
}
