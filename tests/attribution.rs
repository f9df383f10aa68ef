//! End to end over stdio: unannotated speech as a diagnostic with its "Annotate as quote"
//! fix, and the article's coverage figures as a code lens, with positions after non-BMP
//! text in UTF-16.

mod support;

use serde_json::{json, Value};
use support::{codes, workspace, Server};

const ACTORS: &str = "[@kirby]: John Kirby\n  kind: person\n";

/// `𝒳` is two UTF-16 units: the quotation starts at character 3 of line 2.
const ARTICLE: &str =
    "# Briefing\n\n𝒳 “We will never cooperate with them,” Kirby told reporters.\n";

#[test]
fn annotate_as_quote_then_the_code_lens_counts_it() {
    let root = workspace(
        "attribution-lens",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    let init = server.initialize(&root, &["utf-16"]);
    assert_eq!(
        init["capabilities"]["codeLensProvider"],
        json!({ "resolveProvider": false })
    );
    let article = server.open(&root.join("article.cdown"), ARTICLE);
    let registry = server.open(&root.join("actors.cdown"), ACTORS);
    let published = server.diagnostics(&article, |list| codes(list) == ["unannotated-quote"]);
    let quote_range = json!({
        "start": { "line": 2, "character": 3 },
        "end": { "line": 2, "character": 39 }
    });
    assert_eq!(published["diagnostics"][0]["range"], quote_range);

    let lens = lenses(&mut server, &article);
    assert_eq!(
        lens,
        json!([{
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "command": { "title": "0 claims · 1 quote not annotated", "command": "" }
        }])
    );
    // The registry has a lens over each definition, but no coverage.
    let registry_lenses = lenses(&mut server, &registry);
    assert!(
        registry_lenses
            .as_array()
            .is_some_and(|list| list.iter().all(|lens| lens["command"]["command"] != "")),
        "{registry_lenses}"
    );

    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": article },
            "range": { "start": { "line": 2, "character": 10 }, "end": { "line": 2, "character": 10 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(actions[0]["title"], "Annotate as quote by '@kirby'");
    let edit = &actions[0]["edit"]["changes"][&article][0];
    assert_eq!(edit["range"], quote_range);
    let new_text = edit["newText"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        new_text,
        "[“We will never cooperate with them,”]{#q-we-will-never quote @kirby}"
    );

    // The client applies the fix: the quote is annotated and attributed.
    server.change(&article, 2, [2, 3, 2, 39], &new_text);
    server.diagnostics(&article, |list| list.is_empty());
    assert_eq!(
        lenses(&mut server, &article)[0]["command"]["title"],
        "0 claims · 1 quote · 100% attributed"
    );
    assert_eq!(server.stop(), Some(0));
}

fn lenses(server: &mut Server, uri: &str) -> Value {
    server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    )
}
