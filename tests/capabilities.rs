//! Each recorded client gets only what it declared (LSP 3.17): markup kinds, diagnostic
//! fields, item and symbol kinds, links, hierarchical symbols, code action literals and
//! prepare-rename. The expectations are read off each profile's own capabilities, so a new
//! profile in `tests/fixtures/clients/` is checked the same way.

mod support;

use std::path::PathBuf;

use serde_json::{json, Value};
use support::{workspace, Server};

const ARTICLE: &str = "[Jets struck]{#c-jets @jazayery}.

[Jets again]{#c-jets @jazayeri}.

[No]{#r-no @jazayeri rebuts=#c-jets status=false}.

[@jazayeri]: Massoud Jazayeri
  kind: person
  role: Deputy *Chief* of Staff

[@unused]: Nobody
";

fn profiles() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clients");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the recorded profiles are missing");
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let profile: Value = serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, profile["capabilities"].clone())
        })
        .collect()
}

fn flag(caps: &Value, pointer: &str) -> bool {
    caps.pointer(pointer)
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// The kinds a client declared, or the protocol's default 1–18.
fn kinds(caps: &Value, pointer: &str) -> Vec<i64> {
    match caps.pointer(pointer).and_then(Value::as_array) {
        Some(set) => set.iter().filter_map(Value::as_i64).collect(),
        None => (1..=18).collect(),
    }
}

fn prefers_markdown(caps: &Value, pointer: &str) -> bool {
    caps.pointer(pointer)
        .and_then(|formats| formats.get(0))
        .is_some_and(|first| first == "markdown")
}

fn assert_markup(profile: &str, what: &str, markup: &Value, markdown: bool) {
    let kind = markup["kind"].as_str().unwrap_or_default();
    let value = markup["value"].as_str().unwrap_or_default();
    if markdown {
        assert_eq!(kind, "markdown", "{profile}: {what}");
    } else {
        assert_eq!(kind, "plaintext", "{profile}: {what}");
        for markdown in ["###", "**", "`", "\\*"] {
            assert!(
                !value.contains(markdown),
                "{profile}: {what} shows {markdown}: {value}"
            );
        }
    }
}

#[test]
fn every_recorded_client_gets_only_what_it_declared() {
    for (profile, caps) in profiles() {
        let root = workspace(&format!("caps-{profile}"), &[("a.cdown", ARTICLE)]);
        let mut server = Server::start();
        let init = server.initialize_with(&root, caps.clone());
        assert!(
            init.get("error").is_none(),
            "{profile}: initialize failed: {init}"
        );
        let rename = &init["capabilities"]["renameProvider"];
        if flag(&caps, "/textDocument/rename/prepareSupport") {
            assert_eq!(rename["prepareProvider"], true, "{profile}");
        } else {
            assert_eq!(
                rename,
                &json!(true),
                "{profile}: prepareProvider undeclared"
            );
        }
        // Pull diagnostics only for a client that pulls and can be asked to pull again.
        let pulls = caps.pointer("/textDocument/diagnostic").is_some()
            && flag(&caps, "/workspace/diagnostics/refreshSupport");
        assert_eq!(
            init["capabilities"].get("diagnosticProvider").is_some(),
            pulls,
            "{profile}: diagnosticProvider"
        );
        let uri = server.open(&root.join("a.cdown"), ARTICLE);

        let published = server.diagnostics(&uri, |list| list.len() >= 3);
        let version_support = flag(&caps, "/textDocument/publishDiagnostics/versionSupport");
        assert_eq!(
            published.get("version").is_some(),
            version_support,
            "{profile}: version"
        );
        let tags = caps
            .pointer("/textDocument/publishDiagnostics/tagSupport/valueSet")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut saw_related = false;
        for d in published["diagnostics"].as_array().into_iter().flatten() {
            let message = d["message"].as_str().unwrap_or_default();
            assert!(!message.contains('`'), "{profile}: backticks in {message}");
            if d.get("codeDescription").is_some() {
                assert!(
                    flag(
                        &caps,
                        "/textDocument/publishDiagnostics/codeDescriptionSupport"
                    ),
                    "{profile}"
                );
            }
            if d.get("relatedInformation").is_some() {
                saw_related = true;
                assert!(
                    flag(&caps, "/textDocument/publishDiagnostics/relatedInformation"),
                    "{profile}"
                );
            }
            for tag in d["tags"].as_array().into_iter().flatten() {
                assert!(tags.contains(tag), "{profile}: tag {tag} undeclared");
            }
        }
        if flag(&caps, "/textDocument/publishDiagnostics/relatedInformation") {
            assert!(
                saw_related,
                "{profile}: the duplicate's related places are missing"
            );
        } else {
            // Without related information, the duplicate names the other place itself.
            let named = published["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|d| {
                    d["code"] == "duplicate-id"
                        && d["message"]
                            .as_str()
                            .is_some_and(|m| m.contains("(also: a.cdown:"))
                });
            assert!(named, "{profile}: the duplicate's other place is not named");
        }

        let hover = server.at("textDocument/hover", &uri, 2, 23);
        assert_markup(
            &profile,
            "hover",
            &hover["contents"],
            prefers_markdown(&caps, "/textDocument/hover/contentFormat"),
        );
        assert!(hover["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("Massoud Jazayeri"));

        let completion_kinds = kinds(
            &caps,
            "/textDocument/completion/completionItemKind/valueSet",
        );
        let doc_markdown = prefers_markdown(
            &caps,
            "/textDocument/completion/completionItem/documentationFormat",
        );
        let mut items_seen = 0;
        for (line, character) in [(2, 24), (4, 29), (4, 43)] {
            let list = server.at("textDocument/completion", &uri, line, character);
            for item in list["items"].as_array().into_iter().flatten() {
                items_seen += 1;
                if let Some(kind) = item["kind"].as_i64() {
                    assert!(
                        completion_kinds.contains(&kind),
                        "{profile}: completion kind {kind} undeclared: {item}"
                    );
                }
                if let Some(doc) = item.get("documentation") {
                    assert_markup(&profile, "completion documentation", doc, doc_markdown);
                }
            }
        }
        assert!(items_seen > 3, "{profile}: too few completions");

        let definition = server.at("textDocument/definition", &uri, 2, 23);
        let first = &definition[0];
        if flag(&caps, "/textDocument/definition/linkSupport") {
            assert!(first.get("targetUri").is_some(), "{profile}: {definition}");
        } else {
            assert!(
                first.get("uri").is_some() && first.get("targetUri").is_none(),
                "{profile}: {definition}"
            );
            assert_eq!(
                first["range"]["start"]["line"], 6,
                "{profile}: lands on the definition"
            );
        }

        let symbols = server.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        let symbol_kinds = kinds(&caps, "/textDocument/documentSymbol/symbolKind/valueSet");
        let hierarchical = flag(
            &caps,
            "/textDocument/documentSymbol/hierarchicalDocumentSymbolSupport",
        );
        let mut stack: Vec<Value> = symbols.as_array().cloned().unwrap_or_default();
        assert!(!stack.is_empty(), "{profile}: no symbols");
        while let Some(symbol) = stack.pop() {
            assert_eq!(
                symbol.get("selectionRange").is_some(),
                hierarchical,
                "{profile}: {symbol}"
            );
            assert_eq!(
                symbol.get("location").is_some(),
                !hierarchical,
                "{profile}: {symbol}"
            );
            let kind = symbol["kind"].as_i64().unwrap_or_default();
            assert!(
                symbol_kinds.contains(&kind),
                "{profile}: symbol kind {kind} undeclared"
            );
            stack.extend(symbol["children"].as_array().cloned().unwrap_or_default());
        }
        let workspace_kinds = kinds(&caps, "/workspace/symbol/symbolKind/valueSet");
        let found = server.request("workspace/symbol", json!({ "query": "" }));
        for symbol in found.as_array().into_iter().flatten() {
            let kind = symbol["kind"].as_i64().unwrap_or_default();
            assert!(
                workspace_kinds.contains(&kind),
                "{profile}: workspace symbol kind {kind}"
            );
        }

        let actions = server.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 23 }, "end": { "line": 0, "character": 23 } },
                "context": { "diagnostics": [] }
            }),
        );
        let actions = actions.as_array().cloned().unwrap_or_default();
        let literals = caps
            .pointer("/textDocument/codeAction/codeActionLiteralSupport")
            .is_some();
        let apply_edit = flag(&caps, "/workspace/applyEdit");
        if literals {
            assert!(!actions.is_empty(), "{profile}: no quick fix");
        }
        for action in &actions {
            assert!(
                !action["title"].as_str().unwrap_or_default().contains('`'),
                "{profile}: {action}"
            );
            if literals {
                assert!(action.get("edit").is_some(), "{profile}: {action}");
                if action.get("isPreferred").is_some() {
                    assert!(
                        flag(&caps, "/textDocument/codeAction/isPreferredSupport"),
                        "{profile}"
                    );
                }
            } else {
                assert!(apply_edit, "{profile}: a command it cannot apply");
                assert!(action["command"].is_string(), "{profile}: {action}");
            }
        }
        server.stop();
    }
}

#[test]
fn a_quick_fix_as_a_command_is_applied_through_apply_edit() {
    let root = workspace("caps-command", &[("a.cdown", ARTICLE)]);
    let mut server = Server::start();
    server.initialize_with(&root, json!({ "workspace": { "applyEdit": true } }));
    let uri = server.open(&root.join("a.cdown"), ARTICLE);
    server.diagnostics(&uri, |list| !list.is_empty());
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 23 }, "end": { "line": 0, "character": 23 } },
            "context": { "diagnostics": [] }
        }),
    );
    let command = &actions[0];
    assert_eq!(command["title"], "Change to '@jazayeri'", "{actions}");
    let answer = server.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(answer, Value::Null);
    let apply = server.wait_for("workspace/applyEdit", |_| true);
    let edits = &apply["edit"]["changes"][uri.as_str()];
    assert_eq!(edits[0]["newText"], "jazayeri", "{apply}");
    server.stop();
}
