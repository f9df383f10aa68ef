//! Semantic tokens over stdio: the legend, UTF-16 columns after non-BMP text, tokens cut
//! at line breaks, range requests, and deltas that rebuild exactly the full answer.

mod support;

use serde_json::{json, Value};
use support::{workspace, Server};

const ARTICLE: &str = "😀 [Jets]{#c-1 @jazayeri}.\n\n::: #q-1 quote @nobody\n“One,\ntwo.”\n:::\n\n[@jazayeri]: Massoud Jazayeri\n";

/// (line, start, length, type name, modifiers) for each token.
fn decode(data: &[Value], legend: &[String]) -> Vec<(u64, u64, u64, String, u64)> {
    let mut out = Vec::new();
    let (mut line, mut start) = (0, 0);
    let numbers: Vec<u64> = data.iter().filter_map(Value::as_u64).collect();
    for t in numbers.chunks(5) {
        line += t[0];
        start = if t[0] == 0 { start + t[1] } else { t[1] };
        let name = legend.get(t[3] as usize).cloned().unwrap_or_default();
        out.push((line, start, t[2], name, t[4]));
    }
    out
}

fn apply(data: &mut Vec<Value>, edits: &[Value]) {
    // Edits apply from the last to the first, each against the original numbering.
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64().unwrap_or(0)));
    for edit in edits {
        let start = edit["start"].as_u64().unwrap_or(0) as usize;
        let delete = edit["deleteCount"].as_u64().unwrap_or(0) as usize;
        let insert = edit["data"].as_array().cloned().unwrap_or_default();
        data.splice(start..start + delete, insert);
    }
}

#[test]
fn semantic_tokens_full_range_and_delta() {
    let root = workspace("semantic-tokens", &[("a.cdown", ARTICLE)]);
    let mut server = Server::start();
    let init = server.initialize(&root, &["utf-16"]);
    let provider = &init["capabilities"]["semanticTokensProvider"];
    let legend: Vec<String> = provider["legend"]["tokenTypes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    for name in [
        "claim",
        "quote",
        "rebuttal",
        "actor",
        "source",
        "claimReference",
        "unresolvedReference",
        "definition",
    ] {
        assert!(
            legend.iter().any(|l| l == name),
            "{name} missing from {legend:?}"
        );
    }
    assert_eq!(provider["legend"]["tokenModifiers"], json!(["declaration"]));
    assert_eq!(provider["full"]["delta"], true);
    assert_eq!(provider["range"], true);
    let uri = server.open(&root.join("a.cdown"), ARTICLE);
    server.diagnostics(&uri, |_| true);

    let full = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let data = full["data"].as_array().cloned().unwrap_or_default();
    let tokens = decode(&data, &legend);
    let expected: Vec<(u64, u64, u64, String, u64)> = vec![
        (0, 4, 4, "claim".into(), 0),
        (0, 10, 4, "claimReference".into(), 1),
        (0, 15, 9, "actor".into(), 0),
        (2, 4, 4, "claimReference".into(), 1),
        (2, 15, 7, "unresolvedReference".into(), 0),
        // The quote's two lines, cut at the line break.
        (3, 0, 5, "quote".into(), 0),
        (4, 0, 5, "quote".into(), 0),
        (7, 1, 9, "actor".into(), 1),
        (7, 13, 16, "definition".into(), 0),
    ];
    assert_eq!(tokens, expected);

    let range = server.request(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 5, "character": 0 } } }),
    );
    let in_range = decode(
        range["data"].as_array().map(Vec::as_slice).unwrap_or(&[]),
        &legend,
    );
    assert_eq!(in_range.len(), 4, "{in_range:?}");
    assert_eq!(in_range[0].0, 2);

    // Define `@nobody`: its reference turns from unresolved to an actor, and the delta
    // applied to the previous answer gives the new full answer.
    let result_id = full["resultId"].clone();
    server.change(&uri, 2, [8, 0, 8, 0], "[@nobody]: Nobody\n");
    let delta = server.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": uri }, "previousResultId": result_id }),
    );
    let edits = delta["edits"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("not a delta: {delta}"));
    let mut patched = data;
    apply(&mut patched, &edits);
    let fresh = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(
        patched,
        fresh["data"].as_array().cloned().unwrap_or_default()
    );
    let after = decode(&patched, &legend);
    assert!(after.contains(&(2, 15, 7, "actor".into(), 0)), "{after:?}");
    // An unknown result id gets the full tokens.
    let stale = server.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": uri }, "previousResultId": "nope" }),
    );
    assert!(stale["data"].is_array(), "{stale}");
    server.stop();
}

#[test]
fn the_client_is_asked_to_refresh_tokens_when_ids_resolve_otherwise() {
    let article = "[Jets]{#c-1 @jazayeri}.\n";
    let root = workspace(
        "semantic-refresh",
        &[
            ("a.cdown", article),
            ("actors.cdown", "[@jazayeri]: Massoud Jazayeri\n"),
        ],
    );
    let mut server = Server::start();
    server.initialize_with(
        &root,
        json!({ "workspace": { "semanticTokens": { "refreshSupport": true } } }),
    );
    let uri = server.open(&root.join("a.cdown"), article);
    // Tokens asked for before the registry is indexed may show `@jazayeri` unresolved:
    // once indexing is done the server asks for them again.
    server.wait_for("workspace/semanticTokens/refresh", |_| true);
    server.diagnostics(&uri, |list| list.is_empty());
    // Renaming the actor in the (open) registry changes what the article's id resolves to.
    let registry = server.open(
        &root.join("actors.cdown"),
        "[@jazayeri]: Massoud Jazayeri\n",
    );
    server.change(&registry, 2, [0, 2, 0, 10], "jazayery");
    server.wait_for("workspace/semanticTokens/refresh", |_| true);
    server.diagnostics(&uri, |list| list.len() == 1);
    server.stop();
}
