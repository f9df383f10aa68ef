//! End-to-end tests of `claimdown lsp`: the real binary, real framing, a two-file workspace.

mod support;

use serde_json::{json, Value};
use support::{codes, uri, workspace, Server};

const ACTORS: &str = "[@jazayeri]: Massoud Jazayeri\n  kind: person\n  role: Deputy Chief of Staff\n\n[@fna]: Fars News Agency\n  kind: outlet\n\n[^fna-remarks]: Remarks to FNA\n  publisher: @fna\n  date: 2014-12-02\n";

const ARTICLE: &str = "# Iran rejects reports\n\nOfficials rejected [reports]{#c-joint @fna}.\nHe called them [untrue]{#r1 @jazayeri ^fna-remarks rebuts=#c-joint}.\nAnd [more]{#c2 @nobody}.\n";

#[test]
fn utf16_workspace_diagnostics_hover_definition_references_completion_symbols() {
    let root = workspace(
        "lsp-utf16",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    let init = server.initialize(&root, &["utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);

    let article = server.open(&root.join("article.cdown"), ARTICLE);
    // Definitions in the closed registry resolve once it is indexed: only `@nobody` stays.
    let published = server.diagnostics(&article, |list| codes(list) == ["undefined-actor"]);
    assert_eq!(published["version"], 1);
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(
        diagnostic["range"],
        json!({ "start": { "line": 4, "character": 15 }, "end": { "line": 4, "character": 22 } })
    );
    assert_eq!(diagnostic["severity"], 1);
    assert!(diagnostic["codeDescription"]["href"]
        .as_str()
        .is_some_and(|href| href.ends_with("rules/undefined-actor.md")));
    assert_eq!(diagnostic["source"], "claimdown");

    let hover = server.at("textDocument/hover", &article, 3, 32);
    let markdown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(markdown.starts_with("### Massoud Jazayeri"), "{markdown}");
    assert!(markdown.contains("Deputy Chief of Staff"), "{markdown}");
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": 3, "character": 28 })
    );

    let definition = server.at("textDocument/definition", &article, 3, 32);
    assert_eq!(definition[0]["targetUri"], uri(&root.join("actors.cdown")));
    assert_eq!(
        definition[0]["targetSelectionRange"]["start"],
        json!({ "line": 0, "character": 2 })
    );

    // A rebuttal's target jumps to the claim in the same file.
    let definition = server.at("textDocument/definition", &article, 3, 62);
    assert_eq!(definition[0]["targetUri"], article);
    assert_eq!(
        definition[0]["targetSelectionRange"]["start"],
        json!({ "line": 2, "character": 30 })
    );

    let references = server.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": article }, "position": { "line": 2, "character": 39 }, "context": { "includeDeclaration": true } }),
    );
    let uris: Vec<&str> = references
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["uri"].as_str())
        .collect();
    assert_eq!(
        uris.len(),
        3,
        "definition, publisher field, attribution: {references}"
    );

    // Completion after `@` in an attribute list.
    server.change(&article, 2, [4, 16, 4, 22], "");
    let completion = server.at("textDocument/completion", &article, 4, 16);
    let labels: Vec<&str> = completion["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(labels, ["fna", "jazayeri"]);
    assert_eq!(completion["items"][0]["detail"], "Fars News Agency");

    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": article } }),
    );
    assert_eq!(symbols[0]["name"], "Iran rejects reports");
    let claims: Vec<&str> = symbols[0]["children"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(claims, ["#c-joint", "#r1", "#c2"]);

    let found = server.request("workspace/symbol", json!({ "query": "jaz" }));
    assert_eq!(found[0]["name"], "@jazayeri");

    // Unknown documents and positions out of range get empty answers, not errors.
    assert_eq!(
        server.at("textDocument/hover", "file:///nowhere.cdown", 0, 0),
        Value::Null
    );
    assert_eq!(
        server.at("textDocument/hover", &article, 999, 999),
        Value::Null
    );

    assert_eq!(server.stop(), Some(0));
}

#[test]
fn utf8_positions_with_non_bmp_text() {
    let text = "“Émile 中文 😀🇫🇷” [e\u{301}]{#c1 @émile}\n[@émile]: Émile Zola\n";
    let root = workspace("lsp-utf8", &[("a.cdown", text)]);
    let mut server = Server::start();
    let init = server.initialize(&root, &["utf-8", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let doc = server.open(&root.join("a.cdown"), text);
    let published = server.diagnostics(&doc, |list| list.is_empty());
    assert_eq!(published["version"], 1);
    let at = text.find("@émile").unwrap_or_default() as u32;
    let hover = server.at("textDocument/hover", &doc, 0, at + 2);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("### Émile Zola")),
        "{hover}"
    );
    assert_eq!(hover["range"]["start"]["character"], at);
    assert_eq!(
        hover["range"]["end"]["character"],
        at + "@émile".len() as u32
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn utf16_columns_after_emoji() {
    let text = "😀🇫🇷 [x]{@nobody}\n";
    let root = workspace("lsp-emoji", &[("a.cdown", text)]);
    let mut server = Server::start();
    server.initialize(&root, &[]);
    let doc = server.open(&root.join("a.cdown"), text);
    let published = server.diagnostics(&doc, |list| !list.is_empty());
    // 😀 is 2 UTF-16 units, each regional indicator 2, then a space: `@` is at 11.
    assert_eq!(
        published["diagnostics"][0]["range"]["start"]["character"],
        11
    );
    assert_eq!(published["diagnostics"][0]["range"]["end"]["character"], 18);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn hundreds_of_edits_apply_in_order() {
    let root = workspace("lsp-order", &[("a.cdown", "")]);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("a.cdown"), "[x]{@}\n");
    // Type an id character by character; any reordering garbles it.
    let id: String = (0..400)
        .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
        .collect();
    for (i, ch) in id.chars().enumerate() {
        let col = 5 + i as u32;
        server.change(&doc, 2 + i as i32, [0, col, 0, col], &ch.to_string());
    }
    let last_version = 1 + id.len() as i64;
    let published = server.wait_for("textDocument/publishDiagnostics", |params| {
        params["version"] == last_version
    });
    let message = published["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or("");
    assert!(
        message.starts_with(&format!("actor '{id}' is not defined")),
        "{message}"
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn editing_the_registry_updates_the_articles_diagnostics() {
    let root = workspace(
        "lsp-registry",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let article = server.open(&root.join("article.cdown"), ARTICLE);
    let registry = server.open(&root.join("actors.cdown"), ACTORS);
    server.diagnostics(&article, |list| codes(list) == ["undefined-actor"]);
    // Rename `fna` to `fna2` in the registry: the article's `@fna` goes red at once.
    server.change(&registry, 2, [4, 2, 4, 5], "fna2");
    let published = server.diagnostics(&article, |list| codes(list).len() == 2);
    let messages: Vec<&str> = published["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages[0].starts_with("actor 'fna' is not defined; did you mean 'fna2'?"),
        "{messages:?}"
    );

    // Quick fix from the suggestion.
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": article },
            "range": { "start": { "line": 2, "character": 38 }, "end": { "line": 2, "character": 38 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(actions[0]["title"], "Change to '@fna2'");
    assert_eq!(
        actions[0]["edit"]["changes"][&article][0]["newText"],
        "fna2"
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn files_changed_on_disk_are_picked_up() {
    let root = workspace("lsp-disk", &[("article.cdown", "[x]{@later}\n")]);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    // The server asks to watch files.
    let registration = server.wait_for("client/registerCapability", |_| true);
    assert_eq!(
        registration["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let article = server.open(&root.join("article.cdown"), "[x]{@later}\n");
    server.diagnostics(&article, |list| codes(list) == ["undefined-actor"]);
    let registry = root.join("registry.cdown");
    std::fs::write(&registry, "[@later]: Defined Later\n").unwrap_or_else(|err| panic!("{err}"));
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&registry), "type": 1 }] }),
    );
    server.diagnostics(&article, |list| list.is_empty());
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn rename_across_files_and_settings() {
    let root = workspace(
        "lsp-rename",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let article = server.open(&root.join("article.cdown"), ARTICLE);
    server.diagnostics(&article, |list| codes(list) == ["undefined-actor"]);
    let prepared = server.at("textDocument/prepareRename", &article, 2, 40);
    assert_eq!(prepared["placeholder"], "fna");
    let edit = server.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": article }, "position": { "line": 2, "character": 40 }, "newName": "fars" }),
    );
    let changes = edit["changes"].as_object().map(|c| c.len());
    assert_eq!(changes, Some(2), "{edit}");
    let refused = server.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": article }, "position": { "line": 2, "character": 40 }, "newName": "bad id" }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not a valid id")),
        "{refused}"
    );

    // Settings turn a rule off.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "claimdown": { "rules": { "undefined-actor": "off" } } } }),
    );
    server.diagnostics(&article, |list| list.is_empty());
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn first_diagnostics_already_see_the_closed_registry() {
    let root = workspace(
        "lsp-no-flicker",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    // `--stdio` is what vscode-languageclient passes; it is the only transport anyway.
    let mut server = Server::start_with(&["lsp", "--stdio"]);
    server.initialize(&root, &["utf-16"]);
    let article = server.open(&root.join("article.cdown"), ARTICLE);
    let first = server.wait_for("textDocument/publishDiagnostics", |params| {
        params["uri"] == article
    });
    let list = first["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        codes(&list),
        ["undefined-actor"],
        "no false undefined-* before indexing: {first}"
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn claimdown_toml_is_honoured_and_reloaded() {
    let root = workspace(
        "lsp-config",
        &[
            ("claimdown.toml", "[rules]\nundefined-actor = \"warning\"\n"),
            ("a.cdown", "[x]{@nobody}\n"),
        ],
    );
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("a.cdown"), "[x]{@nobody}\n");
    let published = server.diagnostics(&doc, |list| !list.is_empty());
    assert_eq!(
        published["diagnostics"][0]["severity"], 2,
        "a warning, as configured"
    );
    let config = root.join("claimdown.toml");
    std::fs::write(&config, "[rules]\nundefined-actor = \"off\"\n")
        .unwrap_or_else(|err| panic!("{err}"));
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    server.diagnostics(&doc, |list| list.is_empty());
    assert_eq!(server.stop(), Some(0));
}

/// The line and UTF-16 column of a byte offset.
fn utf16_position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let character = text[line_start..offset].encode_utf16().count();
    json!({ "line": line, "character": character })
}

/// (range, code, message) of each diagnostic: what a reader sees, whatever the folder.
fn seen(list: &Value) -> Vec<(Value, String, String)> {
    list.as_array()
        .map(|list| {
            list.iter()
                .map(|d| {
                    let text = |key: &str| d[key].as_str().unwrap_or("").to_owned();
                    (d["range"].clone(), text("code"), text("message"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What a server started afresh on `files` publishes for `open`, opened with its text as
/// on disk: the diagnostics `claimdown check` would give.
fn fresh_diagnostics(
    name: &str,
    files: &[(&str, &str)],
    open: &str,
) -> Vec<(Value, String, String)> {
    let root = workspace(name, files);
    let text = files
        .iter()
        .find(|(file, _)| *file == open)
        .map_or("", |(_, text)| text);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join(open), text);
    let expected = seen(&server.diagnostics(&doc, |_| true)["diagnostics"]);
    assert_eq!(server.stop(), Some(0));
    expected
}

/// Edits that re-shape the document (an annotation broken and mended, a heading inserted,
/// a block opened and closed, ids typed), several to a `didChange`: the diagnostics of the
/// last version are those of the same text opened afresh by another server.
#[test]
fn incremental_analysis_gives_the_diagnostics_of_a_fresh_open() {
    let root = workspace(
        "lsp-incremental",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("article.cdown"), ARTICLE);
    server.diagnostics(&doc, |_| true);
    let batches: &[&[(&str, &str)]] = &[
        &[("[reports]", "[reports")],
        &[("rejected [reports", "rejected [reports]")],
        &[(
            "# Iran rejects reports\n",
            "# Iran rejects reports\n\n## Sub [x 😀]{#h @fna}\n",
        )],
        &[("He called", "::: #blk @fna\nHe called")],
        &[("And [more]", ":::\n\nAnd [more]"), ("@nobody", "@jazayer")],
        &[("@jazayer}", "@jazayeri}"), ("{#c2", "{#c-joint")],
        &[
            ("{#r1", "{#r1 supports=#h"),
            ("Officials", "Some 😀 officials"),
        ],
        &[("## Sub", "# Sub")],
    ];
    let mut text = ARTICLE.to_owned();
    let mut version = 1;
    for batch in batches {
        let mut changes = Vec::new();
        for (needle, replacement) in *batch {
            let start = text
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
            let end = start + needle.len();
            changes.push(json!({
                "range": { "start": utf16_position(&text, start), "end": utf16_position(&text, end) },
                "text": replacement
            }));
            text.replace_range(start..end, replacement);
        }
        version += 1;
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": doc, "version": version }, "contentChanges": changes }),
        );
    }
    let edited = server.wait_for("textDocument/publishDiagnostics", |params| {
        params["uri"] == doc.as_str() && params["version"] == version
    });
    assert_eq!(server.stop(), Some(0));

    let expected = fresh_diagnostics(
        "lsp-incremental-fresh",
        &[("actors.cdown", ACTORS), ("article.cdown", &text)],
        "article.cdown",
    );
    assert!(!expected.is_empty(), "the edited text has findings");
    assert_eq!(seen(&edited["diagnostics"]), expected);
}

/// tree-sitter can recover from a syntax error otherwise when it re-parses incrementally
/// than when it parses afresh. Once the editing pauses, the server parses such a document
/// afresh: its diagnostics end up those of a fresh open, as `claimdown check` gives them.
#[test]
fn diagnostics_around_a_syntax_error_settle_to_those_of_a_fresh_parse() {
    let before = "eports of [joint]{#c0 @x} strikes]{#c1 @fna ^s rebuts=#c0}.\nA second line [sic] with \\[::: @x\n\n\n## Two [heading claim]{#h @x}\n\n::: #q quote @x\nQuote, with [a nested]{#n @]{\n:::\n\nMore [text]{#c2 @x sup#  y\"} here.\n\n# Three\n\n[Unattributed---\n]: X\n  affi@xna]: FNA\n[^s]: S\n  publisher: @fna\n";
    let (start, end) = (109, 127);
    let mut after = before.to_owned();
    after.replace_range(start..end, "");

    let expected = fresh_diagnostics("lsp-settle-fresh", &[("a.cdown", &after)], "a.cdown");

    let root = workspace("lsp-settle", &[("a.cdown", before)]);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("a.cdown"), before);
    server.diagnostics(&doc, |_| true);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": doc, "version": 2 },
            "contentChanges": [{
                "range": { "start": utf16_position(before, start), "end": utf16_position(before, end) },
                "text": ""
            }]
        }),
    );
    let first = server.wait_for("textDocument/publishDiagnostics", |params| {
        params["uri"] == doc.as_str() && params["version"] == 2
    });
    if seen(&first["diagnostics"]) != expected {
        server.wait_for("textDocument/publishDiagnostics", |params| {
            params["uri"] == doc.as_str()
                && params["version"] == 2
                && seen(&params["diagnostics"]) == expected
        });
    }
    assert_eq!(server.stop(), Some(0));
}

/// Closed files are held compact by the server (issue 16): answers that reach into them
/// (references, definition, hover's listed claims) and requests about a closed file itself
/// (its symbols, its folding) are those of the files read whole, in UTF-16 positions past
/// non-BMP text.
#[test]
fn closed_files_answer_as_if_read_whole() {
    let registry = "# Wer 😀 ist wer\n\n[@jäger]: Jäger 𝄞 Müller\n  kind: person\n";
    let other = "# Über 😀\n\n😀 Es hieß, [es 𝄞 sei wahr]{#c1 @jäger quote}.\n";
    let article = "Er 😀 sagte [nein]{@jäger}.\n";
    let root = workspace(
        "lsp-compact",
        &[
            ("actors.cdown", registry),
            ("other.cdown", other),
            ("article.cdown", article),
        ],
    );
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let doc = server.open(&root.join("article.cdown"), article);
    server.diagnostics(&doc, |list| list.is_empty());
    let at = utf16_position(article, article.find("jäger").unwrap_or(0) + 1);
    let (line, character) = (
        at["line"].as_u64().unwrap_or(0) as u32,
        at["character"].as_u64().unwrap_or(0) as u32,
    );

    let definition = server.at("textDocument/definition", &doc, line, character);
    let id = registry.find("jäger").unwrap_or(0);
    assert_eq!(
        definition[0]["targetUri"],
        uri(&root.join("actors.cdown")),
        "{definition}"
    );
    assert_eq!(
        definition[0]["targetSelectionRange"]["start"],
        utf16_position(registry, id)
    );
    assert_eq!(
        definition[0]["targetSelectionRange"]["end"],
        utf16_position(registry, id + "jäger".len())
    );

    let references = server.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": doc },
            "position": { "line": line, "character": character },
            "context": { "includeDeclaration": false }
        }),
    );
    let in_other = references
        .as_array()
        .and_then(|list| {
            list.iter()
                .find(|l| l["uri"] == uri(&root.join("other.cdown")))
        })
        .cloned()
        .unwrap_or_default();
    let at_other = other.find("@jäger").unwrap_or(0);
    assert_eq!(
        in_other["range"]["start"],
        utf16_position(other, at_other),
        "{references}"
    );
    assert_eq!(
        in_other["range"]["end"],
        utf16_position(other, at_other + "@jäger".len())
    );

    let hover = server.at("textDocument/hover", &doc, line, character);
    let text = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(text.contains("Jäger 𝄞 Müller"), "{hover}");
    assert!(
        text.contains("es 𝄞 sei wahr"),
        "the closed file's claim: {hover}"
    );
    assert!(text.contains("other.cdown:3"), "{hover}");

    // About a closed file itself: its whole analysis, built for the request.
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&root.join("other.cdown")) } }),
    );
    let claim = &symbols[0]["children"][0];
    assert_eq!(symbols[0]["name"], "Über 😀", "{symbols}");
    let start = other.find("[es").unwrap_or(0);
    assert_eq!(
        claim["range"]["start"],
        utf16_position(other, start),
        "{symbols}"
    );
    assert_eq!(server.stop(), Some(0));
}
