//! End-to-end tests of the overview features over stdio: rebuttal chains as a call
//! hierarchy, code lens, inlay hints, document links, selection ranges and pull
//! diagnostics. Positions are UTF-16, after non-BMP text.

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{capabilities, codes, uri, workspace, Server, TIMEOUT};

const ACTORS: &str = "[@jazayeri]: Massoud Jazayeri\n  kind: person\n\n[@fna]: Fars News Agency\n  kind: outlet\n\n[^fna-remarks]: Remarks to FNA\n  publisher: @fna\n  url: https://example.org/fna/jazayeri\n\n[@army]: Armed Forces\n  kind: organization\n";

const ARTICLE: &str = "# 😀 Jets\n\n😀 Officials rejected [reports]{#c-joint @fna status=false}.\nHe called 𝔘 them [untrue]{#r1 @jazayeri ^fna-remarks rebuts=#c-joint}.\n[Nobody 😀 agrees]{#r2 @army rebuts=#c-joint,#r1}.\n";

/// The UTF-16 column of `needle` (plus `skip` characters) on line `line` of `text`.
fn col(text: &str, line: usize, needle: &str, skip: usize) -> u32 {
    let line_text = text.lines().nth(line).unwrap_or_default();
    let at = line_text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not on line {line}"));
    let prefix: String = line_text[at..].chars().take(skip).collect();
    (line_text[..at].encode_utf16().count() + prefix.encode_utf16().count()) as u32
}

fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// What a VS Code 1.9x-like client declares for these features.
fn caps(extra: Value) -> Value {
    let mut caps = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "window": { "workDoneProgress": true },
        "workspace": {
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "inlayHint": { "refreshSupport": true },
            "codeLens": { "refreshSupport": true }
        },
        "textDocument": {
            "callHierarchy": {},
            "codeLens": {},
            "inlayHint": {},
            "documentLink": { "tooltipSupport": true },
            "selectionRange": {},
            "documentSymbol": { "symbolKind": { "valueSet": (1..=26).collect::<Vec<u32>>() } }
        }
    });
    merge(&mut caps, extra);
    caps
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                merge(into.entry(key).or_insert(Value::Null), value);
            }
        }
        (into, from) => *into = from,
    }
}

fn start(name: &str, extra_caps: Value, options: Value) -> (Server, std::path::PathBuf, String) {
    let root = workspace(
        name,
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    server.initialize_with_options(&root, caps(extra_caps), options);
    let article = server.open(&root.join("article.cdown"), ARTICLE);
    (server, root, article)
}

/// Waits until a request on the article no longer depends on indexing: the hover of
/// `@jazayeri` in the closed registry resolves.
fn wait_indexed(server: &mut Server, article: &str) {
    let deadline = Instant::now() + TIMEOUT;
    let character = col(ARTICLE, 3, "@jazayeri", 2);
    while Instant::now() < deadline {
        let hover = server.at("textDocument/hover", article, 3, character);
        if hover.to_string().contains("Massoud Jazayeri") {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the workspace was never indexed");
}

#[test]
fn rebuttal_chains_as_a_call_hierarchy() {
    let (mut server, _root, article) = start("overview-calls", json!({}), Value::Null);
    let init_caps = server.request(
        "textDocument/prepareCallHierarchy",
        json!({
            "textDocument": { "uri": article }, "position": pos(2, col(ARTICLE, 2, "#c-joint", 3))
        }),
    );
    let item = &init_caps[0];
    assert_eq!(item["name"], "#c-joint");
    assert_eq!(item["detail"], "claim “reports” @fna");
    assert_eq!(item["uri"], article);
    assert_eq!(item["kind"], 15, "a claim is a string");
    let start = col(ARTICLE, 2, "#c-joint", 0);
    assert_eq!(
        item["selectionRange"],
        json!({ "start": pos(2, start), "end": pos(2, start + 8) })
    );

    let incoming = server.request("callHierarchy/incomingCalls", json!({ "item": item }));
    let callers: Vec<(&str, &str)> = incoming
        .as_array()
        .into_iter()
        .flatten()
        .map(|call| {
            (
                call["from"]["name"].as_str().unwrap_or_default(),
                call["from"]["kind"]
                    .as_i64()
                    .map_or("", |kind| if kind == 24 { "event" } else { "?" }),
            )
        })
        .collect();
    assert_eq!(callers, [("#r1", "event"), ("#r2", "event")]);
    // The ranges are where the caller names the claim: `rebuts=#c-joint` after 𝔘.
    let at = col(ARTICLE, 3, "#c-joint", 0);
    assert_eq!(
        incoming[0]["fromRanges"],
        json!([{ "start": pos(3, at), "end": pos(3, at + 8) }])
    );

    // From the second rebuttal's prose, after a non-BMP character: what it rebuts.
    let r2 = server.request(
        "textDocument/prepareCallHierarchy",
        json!({
            "textDocument": { "uri": article }, "position": pos(4, col(ARTICLE, 4, "agrees", 1))
        }),
    );
    assert_eq!(r2[0]["name"], "#r2");
    let outgoing = server.request("callHierarchy/outgoingCalls", json!({ "item": r2[0] }));
    let targets: Vec<&str> = outgoing
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|call| call["to"]["name"].as_str())
        .collect();
    assert_eq!(targets, ["#c-joint", "#r1"]);
    // Outside any claim there is nothing to show.
    let none = server.request(
        "textDocument/prepareCallHierarchy",
        json!({
            "textDocument": { "uri": article }, "position": pos(0, 3)
        }),
    );
    assert_eq!(none, Value::Null);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn code_lens_runs_the_clients_find_references() {
    for (name, extra, command) in [
        ("overview-lens-plain", json!({}), "claimdown.showReferences"),
        (
            "overview-lens-vscode",
            json!({ "experimental": { "commands": { "commands": ["editor.action.showReferences"] } } }),
            "editor.action.showReferences",
        ),
    ] {
        let (mut server, root, article) = start(name, extra, Value::Null);
        let registry = server.open(&root.join("actors.cdown"), ACTORS);
        wait_indexed(&mut server, &article);
        let lenses = server.request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": registry } }),
        );
        let titles: Vec<&str> = lenses
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|lens| lens["command"]["title"].as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "1 rebuttal · cited in 1 file",
                "1 claim · cited in 2 files",
                "1 rebuttal · cited in 1 file",
                "1 rebuttal · cited in 1 file"
            ]
        );
        let jazayeri = &lenses[0]["command"];
        assert_eq!(jazayeri["command"], command, "{name}");
        let arguments = &jazayeri["arguments"];
        assert_eq!(arguments[0], registry);
        assert_eq!(arguments[1], pos(0, 2));
        let at = col(ARTICLE, 3, "@jazayeri", 0);
        assert_eq!(
            arguments[2][0],
            json!({ "uri": article, "range": { "start": pos(3, at), "end": pos(3, at + 9) } })
        );
        // A new reference changes the registry's lenses: a client that takes it is asked
        // to request them again.
        server.change(&article, 2, [5, 0, 5, 0], "[more]{#c9 @jazayeri}\n");
        server.wait_for("workspace/codeLens/refresh", |_| true);
        let lenses = server.request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": registry } }),
        );
        assert_eq!(
            lenses[0]["command"]["title"],
            "1 claim · 1 rebuttal · cited in 1 file"
        );
        if command == "claimdown.showReferences" {
            // A client that sends it back gets the locations.
            let res = server.request(
                "workspace/executeCommand",
                json!({ "command": command, "arguments": arguments }),
            );
            assert_eq!(res, arguments[2]);
            let bad = server.request(
                "workspace/executeCommand",
                json!({ "command": command, "arguments": [1, 2, "three"] }),
            );
            assert_eq!(bad["error"]["code"], -32602, "{bad}");
        }
        assert_eq!(server.stop(), Some(0));
    }
}

#[test]
fn inlay_hints_are_a_setting() {
    let (mut server, _root, article) = start("overview-hints", json!({}), Value::Null);
    wait_indexed(&mut server, &article);
    let whole = json!({ "textDocument": { "uri": article }, "range": { "start": pos(0, 0), "end": pos(5, 0) } });
    assert_eq!(
        server.request("textDocument/inlayHint", whole.clone()),
        Value::Null,
        "off by default"
    );
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "claimdown": { "inlayHints": { "enable": true } } } }),
    );
    server.wait_for("workspace/inlayHint/refresh", |_| true);
    let hints = server.request("textDocument/inlayHint", whole);
    let shown: Vec<(Value, &str)> = hints
        .as_array()
        .into_iter()
        .flatten()
        .map(|hint| {
            (
                hint["position"].clone(),
                hint["label"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let after = |line: usize, needle: &str| {
        pos(
            line as u32,
            col(ARTICLE, line, needle, needle.chars().count()),
        )
    };
    assert_eq!(
        shown,
        [
            (after(2, "@fna"), "Fars News Agency"),
            (after(3, "@jazayeri"), "Massoud Jazayeri"),
            (after(3, "#c-joint"), "false"),
            (after(4, "@army"), "Armed Forces"),
            (after(4, "#c-joint"), "false"),
            (after(4, "#r1"), "asserted"),
        ]
    );
    assert_eq!(server.stop(), Some(0));

    // On from the start, through initializationOptions.
    let (mut server, _root, article) = start(
        "overview-hints-init",
        json!({}),
        json!({ "inlayHints": { "enable": true } }),
    );
    wait_indexed(&mut server, &article);
    let line_four = json!({ "textDocument": { "uri": article }, "range": { "start": pos(4, 0), "end": pos(5, 0) } });
    let hints = server.request("textDocument/inlayHint", line_four);
    assert_eq!(hints.as_array().map(Vec::len), Some(3));
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn no_link_tooltip_for_a_client_that_did_not_declare_it() {
    let caps = json!({ "textDocument": { "documentLink": { "tooltipSupport": false } } });
    let (mut server, _root, article) = start("overview-links-plain", caps, Value::Null);
    wait_indexed(&mut server, &article);
    let links = server.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": article } }),
    );
    assert_eq!(links[0]["target"], "https://example.org/fna/jazayeri");
    assert!(links[0].get("tooltip").is_none(), "{links}");
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn document_links_and_selection_ranges() {
    let (mut server, root, article) = start("overview-links", json!({}), Value::Null);
    wait_indexed(&mut server, &article);
    let links = server.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": article } }),
    );
    let at = col(ARTICLE, 3, "^fna-remarks", 0);
    assert_eq!(
        links,
        json!([{
            "range": { "start": pos(3, at), "end": pos(3, at + 12) },
            "target": "https://example.org/fna/jazayeri",
            "tooltip": "Remarks to FNA"
        }])
    );
    let registry = server.open(&root.join("actors.cdown"), ACTORS);
    let links = server.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": registry } }),
    );
    assert_eq!(links.as_array().map(Vec::len), Some(1), "{links}");
    assert_eq!(
        links[0]["range"],
        json!({ "start": pos(8, 7), "end": pos(8, 39) })
    );

    let ranges = server.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": article }, "positions": [pos(3, col(ARTICLE, 3, "#c-joint", 3))] }),
    );
    let mut chain = Vec::new();
    let mut at = &ranges[0];
    while at.is_object() {
        let (start, end) = (&at["range"]["start"], &at["range"]["end"]);
        chain.push(format!(
            "{}:{}-{}:{}",
            start["line"], start["character"], end["line"], end["character"]
        ));
        at = &at["parent"];
    }
    let id = col(ARTICLE, 3, "#c-joint", 0);
    let rebuts = col(ARTICLE, 3, "rebuts=", 0);
    let list = col(ARTICLE, 3, "{#r1", 0);
    let annotation = col(ARTICLE, 3, "[untrue]", 0);
    let line_end = ARTICLE
        .lines()
        .nth(4)
        .map_or(0, |line| line.encode_utf16().count());
    assert_eq!(
        chain,
        [
            format!("3:{}-3:{}", id + 1, id + 8),
            format!("3:{id}-3:{}", id + 8),
            format!("3:{rebuts}-3:{}", id + 8),
            format!("3:{list}-3:{}", id + 9),
            format!("3:{annotation}-3:{}", id + 9),
            format!("2:0-4:{line_end}"),
            "0:0-5:0".to_owned(),
        ]
    );
    assert_eq!(server.stop(), Some(0));
}

/// What VS Code declares to pull diagnostics: the document's, and the workspace's again
/// when asked.
fn pulling() -> Value {
    json!({
        "textDocument": { "diagnostic": { "relatedDocumentSupport": false } },
        "workspace": { "diagnostics": { "refreshSupport": true } }
    })
}

fn assert_no_pushes(server: &Server) {
    assert!(
        server
            .pending_methods()
            .iter()
            .all(|m| m != "textDocument/publishDiagnostics"),
        "a client that pulls gets no pushes"
    );
}

/// One diagnostic, on the last line, after a prose line; non-BMP text before both.
const UNDEFINED_ACTOR: &str = "# Jets\n\n😀 Prose 𝔘 here.\n😀 [Jets flew]{#c-1 @nobody}.\n";

/// A server for a folder that holds [`UNDEFINED_ACTOR`] alone, open.
fn open_alone(name: &str, capabilities: Value) -> (Server, String) {
    let root = workspace(name, &[("article.cdown", UNDEFINED_ACTOR)]);
    let mut server = Server::start();
    server.initialize_with(&root, capabilities);
    let article = server.open(&root.join("article.cdown"), UNDEFINED_ACTOR);
    (server, article)
}

/// Pulls until the workspace is indexed (the server cancels, asking to be asked again).
fn pull(server: &mut Server, method: &str, params: Value) -> Value {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let res = server.request(method, params.clone());
        if res["error"]["code"] != -32802 {
            return res;
        }
        assert_eq!(res["error"]["data"]["retriggerRequest"], true);
        assert!(Instant::now() < deadline, "{method} never answered");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn report<'a>(workspace: &'a Value, uri: &str) -> &'a Value {
    workspace["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|item| item["uri"] == uri)
        .unwrap_or_else(|| panic!("no report for {uri}: {workspace}"))
}

#[test]
fn pull_diagnostics_with_result_ids_for_every_file() {
    let (mut server, root, article) = start("overview-pull", pulling(), Value::Null);
    let registry = uri(&root.join("actors.cdown"));
    let first = pull(
        &mut server,
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": article } }),
    );
    assert_eq!(first["kind"], "full");
    assert!(
        first["items"].as_array().is_some_and(Vec::is_empty),
        "{first}"
    );
    let result_id = first["resultId"].clone();
    let again = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": article }, "previousResultId": result_id }),
    );
    assert_eq!(again, json!({ "kind": "unchanged", "resultId": result_id }));

    // The closed registry is reported too, with its result id.
    let all = server.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
    let registry_report = report(&all, &registry).clone();
    assert_eq!(registry_report["kind"], "full");
    assert_eq!(report(&all, &article)["version"], 1);
    let previous = json!([
        { "uri": article, "value": report(&all, &article)["resultId"] },
        { "uri": registry, "value": registry_report["resultId"] },
    ]);
    // Pulled again with nothing changed (VS Code does every two seconds): unchanged.
    let idle = server.request(
        "workspace/diagnostic",
        json!({ "previousResultIds": previous }),
    );
    assert_eq!(
        report(&idle, &registry),
        &json!({ "kind": "unchanged", "uri": registry, "version": null, "resultId": registry_report["resultId"] })
    );
    assert_eq!(report(&idle, &article)["kind"], "unchanged");

    // Renaming an actor in the registry breaks the article: the client is asked to pull
    // again, and sees it, while the untouched files are reported unchanged.
    let registry_doc = server.open(&root.join("actors.cdown"), ACTORS);
    server.change(&registry_doc, 2, [0, 2, 0, 10], "jazayeri-m");
    server.wait_for("workspace/diagnostic/refresh", |_| true);
    let all = server.request(
        "workspace/diagnostic",
        json!({ "previousResultIds": previous }),
    );
    let broken = report(&all, &article);
    assert_eq!(broken["kind"], "full");
    assert_eq!(
        codes(broken["items"].as_array().map_or(&[][..], Vec::as_slice)),
        ["undefined-actor"]
    );
    let unused = report(&all, &registry);
    assert_eq!(
        codes(unused["items"].as_array().map_or(&[][..], Vec::as_slice)),
        ["unused-definition"]
    );
    assert_no_pushes(&server);
    assert_eq!(server.stop(), Some(0));
}

/// A client that is pushed diagnostics with versions may pull them too: another version
/// of the same list keeps its result id.
#[test]
fn a_pushed_list_keeps_its_result_id_across_versions() {
    let (mut server, article) = open_alone("overview-push-pull", capabilities(&["utf-16"]));
    server.diagnostics(&article, |list| !list.is_empty());
    let first = pull(
        &mut server,
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": article } }),
    );
    let a = first["resultId"].clone();
    server.change(&article, 2, [2, 0, 2, 0], "x");
    server.wait_for("textDocument/publishDiagnostics", |params| {
        params["version"] == 2
    });
    let again = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": article }, "previousResultId": a }),
    );
    assert_eq!(again, json!({ "kind": "unchanged", "resultId": a }));
    assert_eq!(server.stop(), Some(0));
}

/// A file the client holds diagnostics for that is gone gets an empty list; one it spells
/// otherwise than the server (a letter percent-encoded) is still there, and is not cleared.
#[test]
fn a_workspace_pull_clears_the_files_that_are_gone() {
    let (mut server, root, article) = start("overview-pull-gone", pulling(), Value::Null);
    let gone = uri(&root.join("gone.cdown"));
    let respelled = article.replace("article.cdown", "%61rticle.cdown");
    assert_ne!(respelled, article);
    let all = pull(
        &mut server,
        "workspace/diagnostic",
        json!({ "previousResultIds": [
            { "uri": gone, "value": "old" },
            { "uri": respelled, "value": "old" },
        ] }),
    );
    let cleared = report(&all, &gone);
    assert_eq!(cleared["kind"], "full");
    assert_eq!(cleared["items"], json!([]));
    let items = all["items"].as_array().map_or(&[][..], Vec::as_slice);
    assert!(
        items.iter().all(|item| item["uri"] != respelled.as_str()),
        "{all}"
    );
    assert_eq!(report(&all, &article)["kind"], "full");
    assert_eq!(server.stop(), Some(0));
}

/// A pull right after an edit sees the edit, and is `unchanged` while the list is the same
/// in the client's positions: an edit elsewhere on another line moves nothing, one before a
/// diagnostic on its line or a line added above it does. The document's and the
/// workspace's pulls give an open document the same result id.
#[test]
fn a_pull_after_each_keystroke_is_unchanged_until_the_list_moves() {
    let text = UNDEFINED_ACTOR;
    let (mut server, article) = open_alone("overview-pull-keystrokes", caps(pulling()));
    let pull_after = |server: &mut Server, previous: &Value| {
        pull(
            server,
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": article }, "previousResultId": previous }),
        )
    };
    let first = pull_after(&mut server, &Value::Null);
    assert_eq!(first["kind"], "full");
    let start = |report: &Value| report["items"][0]["range"]["start"].clone();
    let nobody = col(text, 3, "@nobody", 0);
    assert_eq!(start(&first)["character"], nobody);
    let a = first["resultId"].clone();

    // Typed in the prose line above: nothing moves.
    server.change(&article, 2, [2, 0, 2, 0], "x");
    let typed = pull_after(&mut server, &a);
    assert_eq!(typed, json!({ "kind": "unchanged", "resultId": a }));
    let all = server.request(
        "workspace/diagnostic",
        json!({ "previousResultIds": [{ "uri": article, "value": a }] }),
    );
    assert_eq!(report(&all, &article)["kind"], "unchanged", "{all}");

    // Typed before the diagnostic on its line: it moves one column.
    server.change(&article, 3, [3, 0, 3, 0], "y");
    let moved = pull_after(&mut server, &a);
    assert_eq!(moved["kind"], "full");
    assert_eq!(start(&moved), pos(3, nobody + 1));
    let b = moved["resultId"].clone();
    assert_ne!(a, b);

    // A line added above it: it moves down.
    server.change(&article, 4, [2, 0, 2, 0], "\n");
    let down = pull_after(&mut server, &b);
    assert_eq!(down["kind"], "full");
    assert_eq!(start(&down), pos(4, nobody + 1));
    assert_eq!(
        codes(down["items"].as_array().map_or(&[][..], Vec::as_slice)),
        ["undefined-actor"]
    );
    assert_no_pushes(&server);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn a_panic_in_one_file_costs_that_file_only_when_pulled() {
    let root = workspace(
        "overview-pull-panic",
        &[
            ("a.cdown", "BOOM\n"),
            ("b.cdown", "[Jets]{#c-1 @nobody}.\n"),
        ],
    );
    let mut server = Server::start_with_env(&["lsp"], &[("CLAIMDOWN_TEST_PANIC", "BOOM")]);
    server.initialize_with(&root, caps(pulling()));
    let all = pull(
        &mut server,
        "workspace/diagnostic",
        json!({ "previousResultIds": [] }),
    );
    let broken = report(&all, &uri(&root.join("a.cdown")));
    assert!(broken["items"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("internal error")));
    let fine = report(&all, &uri(&root.join("b.cdown")));
    assert_eq!(
        codes(fine["items"].as_array().map_or(&[][..], Vec::as_slice)),
        ["undefined-actor"]
    );
    assert_eq!(server.stop(), Some(0));
}

/// A closed file's pulled diagnostics are kept while neither it nor what it reads of the
/// others changes (its model is built to check it), and found again when an open file
/// renames what it refers to, and back.
#[test]
fn closed_files_pulled_diagnostics_follow_the_open_files() {
    let root = workspace(
        "overview-pull-closed",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    server.initialize_with_options(&root, caps(pulling()), Value::Null);
    let registry = server.open(&root.join("actors.cdown"), ACTORS);
    let article = uri(&root.join("article.cdown"));
    let mut version = 1;
    let mut article_codes = |server: &mut Server, change: Option<([u32; 4], &str)>| {
        if let Some((range, text)) = change {
            version += 1;
            server.change(&registry, version, range, text);
            server.wait_for("workspace/diagnostic/refresh", |_| true);
        }
        let all = pull(
            server,
            "workspace/diagnostic",
            json!({ "previousResultIds": [] }),
        );
        let items = report(&all, &article)["items"].clone();
        codes(items.as_array().map_or(&[][..], Vec::as_slice))
    };
    assert!(article_codes(&mut server, None).is_empty());
    let renamed = article_codes(&mut server, Some(([0, 2, 0, 10], "jazayeri-m")));
    assert_eq!(renamed, ["undefined-actor"]);
    // Prose typed above the definitions: the article is not checked again, and still
    // reads the same.
    let moved = article_codes(&mut server, Some(([0, 0, 0, 0], "Who is who.\n\n")));
    assert_eq!(moved, ["undefined-actor"]);
    let back = article_codes(&mut server, Some(([2, 2, 2, 12], "jazayeri")));
    assert!(back.is_empty(), "{back:?}");
    assert_eq!(server.stop(), Some(0));
}

/// A closed registry's `unused-definition` is found again when an open article stops
/// referring to an actor, and cleared when it refers to it again; typing in prose keeps it.
#[test]
fn a_closed_registry_sees_the_references_of_open_articles() {
    let (mut server, root, article) = start("overview-pull-unused", pulling(), Value::Null);
    let registry = uri(&root.join("actors.cdown"));
    let mut version = 1;
    let mut registry_codes = |server: &mut Server, change: Option<([u32; 4], &str)>| {
        if let Some((range, text)) = change {
            version += 1;
            server.change(&article, version, range, text);
            server.wait_for("workspace/diagnostic/refresh", |_| true);
        }
        let all = pull(
            server,
            "workspace/diagnostic",
            json!({ "previousResultIds": [] }),
        );
        let items = report(&all, &registry)["items"].clone();
        codes(items.as_array().map_or(&[][..], Vec::as_slice))
    };
    assert!(registry_codes(&mut server, None).is_empty());
    let y = col(ARTICLE, 4, "@army", 4);
    let unused = registry_codes(&mut server, Some(([4, y, 4, y + 1], "x")));
    assert_eq!(unused, ["unused-definition"]);
    let typed = registry_codes(&mut server, Some(([0, 2, 0, 2], "𝄞 ")));
    assert_eq!(typed, ["unused-definition"]);
    let used = registry_codes(&mut server, Some(([4, y, 4, y + 1], "y")));
    assert!(used.is_empty(), "{used:?}");
    assert_eq!(server.stop(), Some(0));
}

/// A workspace pull checks closed files a batch at a time, as separate jobs: an edit and a
/// request that arrive meanwhile are answered before it ends, and its answer describes
/// the document as edited. A client that gave a token sees the check's progress.
#[test]
fn edits_and_requests_go_between_the_steps_of_a_workspace_pull() {
    let scratch = "Says [this]{#mine @jazayeri}.\n";
    let (mut server, root, doc) = many_closed_files("overview-pull-steps", "300", scratch);
    let all = server.send_request(
        "workspace/diagnostic",
        json!({ "previousResultIds": [], "workDoneToken": "pull-1" }),
    );
    let begun = server.wait_for("$/progress", |params| params["token"] == "pull-1");
    assert_eq!(begun["value"]["kind"], "begin", "{begun}");
    server.change(&doc, 2, [0, 19, 0, 27], "nobody");
    let hover = server.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": pos(0, 6) }),
    );
    let _ = server.response(&hover);
    assert!(
        server
            .pending()
            .iter()
            .all(|m| m.get("id") != Some(&all) || m.get("method").is_some()),
        "the pull ended before the hover was answered"
    );
    let all = server.response(&all)["result"].clone();
    assert_eq!(all["items"].as_array().map_or(0, Vec::len), 203);
    let scratch = report(&all, &doc);
    assert_eq!(scratch["version"], 2);
    assert_eq!(
        codes(scratch["items"].as_array().map_or(&[][..], Vec::as_slice)),
        ["undefined-actor"]
    );
    let broken = report(&all, &uri(&root.join("broken.cdown")));
    assert_eq!(
        codes(broken["items"].as_array().map_or(&[][..], Vec::as_slice)),
        ["undefined-actor"]
    );
    let ended = server.wait_for("$/progress", |params| {
        params["token"] == "pull-1" && params["value"]["kind"] == "end"
    });
    assert_eq!(ended["value"]["kind"], "end");

    // The registry renames the actor every note names: each note is checked again. Once
    // the first batch of them is checked, the name comes back: that batch, checked with
    // the old name, is checked once more before the pull answers.
    let registry = server.open(&root.join("actors.cdown"), ACTORS);
    server.change(&registry, 2, [0, 2, 0, 10], "jazayeri-m");
    let all = server.send_request(
        "workspace/diagnostic",
        json!({ "previousResultIds": [], "workDoneToken": "pull-2" }),
    );
    server.wait_for("$/progress", |params| {
        params["token"] == "pull-2" && params["value"]["kind"] == "report"
    });
    server.change(&registry, 3, [0, 2, 0, 12], "jazayeri");
    let all = server.response(&all)["result"].clone();
    let notes_with_errors: Vec<&Value> = all["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|item| item["uri"].as_str().is_some_and(|uri| uri.contains("/n")))
        .filter(|item| {
            item["items"]
                .as_array()
                .is_some_and(|items| !items.is_empty())
        })
        .collect();
    assert!(
        notes_with_errors.is_empty(),
        "{} notes still see the rename",
        notes_with_errors.len()
    );
    assert_eq!(server.stop(), Some(0));
}

/// A server on 200 closed articles, a registry and a file with an undefined actor, for a
/// client that pulls; each step of a workspace pull waits `delay` milliseconds. The
/// document `scratch.cdown`, open with `scratch` as its text, is returned by URI once the
/// workspace is indexed (a document pull is answered, not cancelled).
fn many_closed_files(
    name: &str,
    delay: &str,
    scratch: &str,
) -> (Server, std::path::PathBuf, String) {
    let mut files = vec![("actors.cdown".to_owned(), ACTORS.to_owned())];
    for n in 0..200 {
        let text = format!("# Note {n}\n\n[Jets]{{#c-{n} @jazayeri}} flew.\n");
        files.push((format!("n{n:03}.cdown"), text));
    }
    let broken = "[Jets]{#c-x @nobody}.\n".to_owned();
    files.push(("broken.cdown".to_owned(), broken));
    let named: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let root = workspace(name, &named);
    let mut server = Server::start_with_env(&["lsp"], &[("CLAIMDOWN_TEST_PULL_DELAY", delay)]);
    server.initialize_with(&root, caps(pulling()));
    let doc = server.open(&root.join("scratch.cdown"), scratch);
    let _ = pull(
        &mut server,
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": doc } }),
    );
    (server, root, doc)
}

/// A client that gives a partial-result token (VS Code does) is sent the reports of each
/// batch of closed files as they are checked, then the rest, and an empty answer: what
/// it gathers is every file's report, once.
#[test]
fn a_workspace_pull_streams_partial_results() {
    let scratch = "Says [this]{#mine @nobody}.\n";
    let (mut server, root, doc) = many_closed_files("overview-pull-partial", "0", scratch);
    let id = server.send_request(
        "workspace/diagnostic",
        json!({ "previousResultIds": [], "partialResultToken": "partial-1" }),
    );
    let answer = server.response(&id);
    assert_eq!(answer["result"], json!({ "items": [] }));
    let parts: Vec<Value> = server
        .pending()
        .iter()
        .filter(|m| m["method"] == "$/progress" && m["params"]["token"] == "partial-1")
        .map(|m| m["params"]["value"].clone())
        .collect();
    assert!(
        parts.len() > 1,
        "one part per batch, then the rest: {}",
        parts.len()
    );
    let items: Vec<&Value> = parts
        .iter()
        .flat_map(|part| part["items"].as_array().into_iter().flatten())
        .collect();
    let mut uris: Vec<&str> = items
        .iter()
        .filter_map(|item| item["uri"].as_str())
        .collect();
    uris.sort_unstable();
    let count = uris.len();
    uris.dedup();
    assert_eq!((count, uris.len()), (203, 203), "each file once");
    let codes_of = |uri: &str| {
        items
            .iter()
            .find(|item| item["uri"] == uri)
            .map(|item| codes(item["items"].as_array().map_or(&[][..], Vec::as_slice)))
    };
    let broken = uri(&root.join("broken.cdown"));
    assert_eq!(codes_of(&broken), Some(vec!["undefined-actor".to_owned()]));
    assert_eq!(codes_of(&doc), Some(vec!["undefined-actor".to_owned()]));
    // No work-done token either: over 200 files to check, the server shows progress of
    // its own, as for indexing, in a client that lets it.
    let created = server
        .pending()
        .iter()
        .find(|m| m["method"] == "window/workDoneProgress/create")
        .map(|m| m["params"]["token"].clone());
    let Some(token) = created else {
        panic!("no progress created: {:?}", server.pending_methods());
    };
    let kinds: Vec<Value> = server
        .pending()
        .iter()
        .filter(|m| m["method"] == "$/progress" && m["params"]["token"] == token)
        .map(|m| m["params"]["value"]["kind"].clone())
        .collect();
    assert_eq!(kinds.first(), Some(&json!("begin")));
    assert_eq!(kinds.last(), Some(&json!("end")));
    assert_eq!(server.stop(), Some(0));
}

/// A closed file whose finding points into an open document is checked again after every
/// edit, even one sent together with the pull, before the edit is published: its related
/// place follows the open document.
#[test]
fn a_closed_file_pointing_into_an_open_one_follows_its_edits() {
    let pulls = json!({
        "textDocument": {
            "diagnostic": { "relatedDocumentSupport": false },
            "publishDiagnostics": { "relatedInformation": true }
        },
        "workspace": { "diagnostics": { "refreshSupport": true } }
    });
    let root = workspace(
        "overview-pull-reads-open",
        &[("a.cdown", "[@x]: X one\n"), ("b.cdown", "[@x]: X two\n")],
    );
    let mut server = Server::start();
    server.initialize_with(&root, caps(pulls));
    let b = server.open(&root.join("b.cdown"), "[@x]: X two\n");
    let a = uri(&root.join("a.cdown"));
    let related_line = |all: &Value| {
        let items = report(all, &a)["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let duplicate = items.iter().find(|item| item["code"] == "duplicate-id");
        duplicate
            .map(|item| item["relatedInformation"][0]["location"]["range"]["start"]["line"].clone())
    };
    let all = pull(
        &mut server,
        "workspace/diagnostic",
        json!({ "previousResultIds": [] }),
    );
    assert_eq!(related_line(&all), Some(json!(0)), "{}", report(&all, &a));
    for (version, line) in [(2, 2), (3, 4)] {
        // The edit and the pull together: the pull runs before the edit is published.
        server.change(&b, version, [0, 0, 0, 0], "Intro.\n\n");
        let all = server.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
        assert_eq!(
            related_line(&all),
            Some(json!(line)),
            "{}",
            report(&all, &a)
        );
    }
    assert_eq!(server.stop(), Some(0));
}
