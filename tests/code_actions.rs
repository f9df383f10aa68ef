//! End to end: code actions over stdio. Quick fixes with the edits they make (across
//! files), `source.fixAll.claimdown` through the client's `only`, the refactors on a
//! selection in UTF-16 columns with the cursor placed by `window/showDocument`, and the
//! commands sent to a client without code action literals.

mod support;

use serde_json::{json, Value};
use support::{codes, uri, workspace, Server};

const ACTORS: &str = "[@kirby]: John Kirby\n  kind: person\n";
const ARTICLE: &str = "# Strikes\n\nÜnï 😀 said [it]{#c1 @kirbyy ^dod} and [that]{#c2 @nobody}.\n";

fn capabilities(literals: bool) -> Value {
    let mut caps = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": { "applyEdit": true },
        "window": { "showDocument": { "support": true } },
        "textDocument": { "codeAction": { "isPreferredSupport": true } }
    });
    if literals {
        caps["textDocument"]["codeAction"]["codeActionLiteralSupport"] =
            json!({ "codeActionKind": { "valueSet": ["quickfix", "refactor", "source"] } });
    }
    caps
}

fn actions(server: &mut Server, doc: &str, range: [u32; 4], only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let res = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": doc },
            "range": { "start": { "line": range[0], "character": range[1] }, "end": { "line": range[2], "character": range[3] } },
            "context": context
        }),
    );
    res.as_array()
        .cloned()
        .unwrap_or_else(|| panic!("not a list: {res}"))
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions.iter().filter_map(|a| a["title"].as_str()).collect()
}

#[test]
fn quick_fixes_fix_all_and_refactors() {
    let root = workspace(
        "code-actions",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    let init = server.initialize_with(&root, capabilities(true));
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "refactor.rewrite", "source.fixAll.claimdown"])
    );
    let doc = server.open(&root.join("article.cdown"), ARTICLE);
    server.diagnostics(&doc, |list| {
        codes(list) == ["undefined-actor", "undefined-source", "undefined-actor"]
    });
    let registry = uri(&root.join("actors.cdown"));

    // On `@kirbyy` (UTF-16: the emoji counts two).
    let found = actions(&mut server, &doc, [2, 22, 2, 22], None);
    assert_eq!(
        titles(&found),
        [
            "Change to '@kirby'",
            "Define actor '@kirbyy' in actors.cdown",
            "Fix all auto-fixable problems"
        ]
    );
    assert_eq!(found[0]["kind"], "quickfix");
    assert_eq!(found[0]["isPreferred"], true);
    assert_eq!(found[0]["diagnostics"][0]["code"], "undefined-actor");
    assert_eq!(
        found[0]["edit"]["changes"][&doc],
        json!([{ "range": { "start": { "line": 2, "character": 22 }, "end": { "line": 2, "character": 28 } }, "newText": "kirby" }])
    );
    assert_eq!(found[1].get("isPreferred"), None);
    assert_eq!(
        found[1]["edit"]["changes"][&registry],
        json!([{ "range": { "start": { "line": 1, "character": 14 }, "end": { "line": 1, "character": 14 } }, "newText": "\n\n[@kirbyy]: kirbyy\n  kind:\n  role:" }])
    );
    assert_eq!(found[2]["kind"], "source.fixAll.claimdown");

    // On save, a client asks for the fix-all only.
    let fix_all = actions(&mut server, &doc, [0, 0, 0, 0], Some(&["source.fixAll"]));
    assert_eq!(titles(&fix_all), ["Fix all auto-fixable problems"]);
    assert_eq!(fix_all[0]["edit"]["changes"][&doc][0]["newText"], "kirby");
    assert!(actions(&mut server, &doc, [2, 22, 2, 22], Some(&["refactor"])).is_empty());

    // A selection of prose (after the emoji) becomes a claim; the cursor goes after its id.
    let found = actions(&mut server, &doc, [0, 2, 0, 9], Some(&["refactor"]));
    assert!(found.is_empty(), "a heading is not prose: {found:?}");
    let found = actions(&mut server, &doc, [2, 6, 2, 12], Some(&["refactor"]));
    assert_eq!(titles(&found), ["Mark as claim", "Mark as quote"]);
    assert_eq!(found[0]["kind"], "refactor.rewrite");
    assert_eq!(
        found[0]["edit"]["changes"][&doc],
        json!([
            { "range": { "start": { "line": 2, "character": 7 }, "end": { "line": 2, "character": 7 } }, "newText": "[" },
            { "range": { "start": { "line": 2, "character": 11 }, "end": { "line": 2, "character": 11 } }, "newText": "]{#c-said}" }
        ])
    );
    let command = &found[0]["command"];
    assert_eq!(command["command"], "claimdown.placeCursor");
    assert_eq!(
        command["arguments"][1],
        json!({ "line": 2, "character": 21 })
    );
    let res = server.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(res, json!(true));
    let shown = server.wait_for("window/showDocument", |_| true);
    assert_eq!(shown["uri"], doc);
    assert_eq!(
        shown["selection"]["start"],
        json!({ "line": 2, "character": 21 })
    );
    assert_eq!(
        found[1]["edit"]["changes"][&doc][0]["newText"],
        "::: #q-ünï-said-it-and quote\n"
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn other_quick_fixes_over_the_protocol() {
    let text = "[x]{#c1 @a} [y]{#c1 @a} [z]{}\n\n[@a]: A\n\n[@unused]: U\n";
    let root = workspace("code-actions-more", &[("article.cdown", text)]);
    let mut server = Server::start();
    server.initialize_with(&root, capabilities(true));
    let doc = server.open(&root.join("article.cdown"), text);
    server.diagnostics(&doc, |list| list.len() == 4);
    let found = actions(&mut server, &doc, [0, 18, 0, 18], None);
    assert_eq!(titles(&found), ["Rename to '#c1-2'"]);
    let found = actions(&mut server, &doc, [0, 29, 0, 29], None);
    assert_eq!(titles(&found), ["Attribute to an actor: insert '@'"]);
    assert_eq!(found[0]["edit"]["changes"][&doc][0]["newText"], "@");
    assert_eq!(
        found[0]["command"]["arguments"][1],
        json!({ "line": 0, "character": 29 })
    );
    let found = actions(&mut server, &doc, [4, 3, 4, 3], None);
    assert_eq!(titles(&found), ["Remove the unused definition '@unused'"]);
    assert_eq!(
        found[0]["edit"]["changes"][&doc][0]["range"],
        json!({ "start": { "line": 3, "character": 0 }, "end": { "line": 5, "character": 0 } })
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn a_client_without_literals_gets_commands() {
    let root = workspace(
        "code-actions-commands",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    server.initialize_with(&root, capabilities(false));
    let doc = server.open(&root.join("article.cdown"), ARTICLE);
    server.diagnostics(&doc, |list| list.len() == 3);
    let found = actions(&mut server, &doc, [2, 22, 2, 22], None);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0]["command"], "claimdown.applyEdit");
    assert_eq!(found[0].get("kind"), None);
    let res = server.request(
        "workspace/executeCommand",
        json!({ "command": "claimdown.applyEdit", "arguments": found[1]["arguments"] }),
    );
    assert_eq!(res, Value::Null);
    let applied = server.wait_for("workspace/applyEdit", |_| true);
    assert_eq!(
        applied["edit"]["changes"][uri(&root.join("actors.cdown"))][0]["newText"],
        "\n\n[@kirbyy]: kirbyy\n  kind:\n  role:"
    );
    assert_eq!(server.stop(), Some(0));
}

/// VS Code's client declares LSP 3.18's snippet edits: the actions that place a cursor come
/// as snippets (a tab stop, or a choice of actors after an inserted `@`), applied through the
/// server's command since a code action's `edit` cannot hold one in the 3.17 types.
#[test]
fn a_client_that_takes_snippets_gets_snippet_edits() {
    let actors = "[@kirby]: John Kirby\n\n[@austin]: Lloyd Austin\n";
    let article = "Ünï 😀 said [it]{#c1} today.\n";
    let root = workspace(
        "code-actions-snippets",
        &[("actors.cdown", actors), ("article.cdown", article)],
    );
    let mut caps = capabilities(true);
    caps["workspace"]["workspaceEdit"] =
        json!({ "documentChanges": true, "snippetEditSupport": true });
    let mut server = Server::start();
    server.initialize_with(&root, caps);
    let doc = server.open(&root.join("article.cdown"), article);
    server.diagnostics(&doc, |list| {
        codes(list).contains(&"unattributed-claim".to_owned())
    });

    // `{#c1}` starts at UTF-16 column 16 (the emoji is two units).
    let found = actions(&mut server, &doc, [0, 17, 0, 17], Some(&["quickfix"]));
    let attribute = found
        .iter()
        .find(|a| a["title"] == "Attribute to an actor: insert '@'")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(attribute.get("edit"), None, "{attribute}");
    assert_eq!(attribute["command"]["command"], "claimdown.applyEdit");
    let edit = &attribute["command"]["arguments"][0];
    assert_eq!(
        edit["documentChanges"][0]["edits"][0],
        json!({
            "range": { "start": { "line": 0, "character": 20 }, "end": { "line": 0, "character": 20 } },
            "snippet": { "kind": "snippet", "value": " @${1|austin,kirby|}" }
        })
    );
    let res = server.request(
        "workspace/executeCommand",
        json!({ "command": "claimdown.applyEdit", "arguments": [edit] }),
    );
    assert_eq!(res, Value::Null);
    let applied = server.wait_for("workspace/applyEdit", |_| true);
    assert_eq!(&applied["edit"], edit);

    // "Mark as claim" on `today`: the tab stop after the new id, `}` escaped.
    let found = actions(&mut server, &doc, [0, 22, 0, 27], Some(&["refactor"]));
    let mark = found
        .iter()
        .find(|a| a["title"] == "Mark as claim")
        .unwrap_or_else(|| panic!("{found:?}"));
    let edits = &mark["command"]["arguments"][0]["documentChanges"][0]["edits"];
    assert_eq!(edits[0]["newText"], "[");
    assert_eq!(edits[1]["snippet"]["value"], "]{#c-today$0\\}");
    assert_eq!(server.stop(), Some(0));
}
