//! `claimdown/render` end to end: the real server answers the page of the text as edited.

mod support;

use serde_json::json;
use support::{codes, workspace, Server};

const ACTORS: &str = "[@jazayeri]: Massoud Jazayeri\n  kind: person\n  role: Deputy Chief of Staff\n\n[^fna-remarks]: Remarks to FNA\n  date: 2014-12-02\n";

const ARTICLE: &str = "# Ünïcode 𝔘 reports\n\nOfficials rejected [reports]{#c-joint @jazayeri}.\n";

#[test]
fn render_answers_the_page_of_the_text_in_the_editor() {
    let root = workspace(
        "render",
        &[("actors.cdown", ACTORS), ("article.cdown", ARTICLE)],
    );
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let article = server.open(&root.join("article.cdown"), ARTICLE);
    server.diagnostics(&article, |list| codes(list).is_empty());
    // An edit after the non-BMP character (UTF-16 columns): a rebuttal with a source.
    server.change(
        &article,
        2,
        [2, 49, 2, 49],
        "\n\nHe said [<script>no</script>]{#r1 @jazayeri ^fna-remarks rebuts=#c-joint}.",
    );
    let response = server.request(
        "claimdown/render",
        json!({ "textDocument": { "uri": article } }),
    );
    let page = response["html"].as_str().unwrap_or_default();
    assert!(page.contains("<h1>Ünïcode 𝔘 reports</h1>"), "{response}");
    let card = page.split("id=\"card-c1\"").nth(1).unwrap_or_default();
    assert!(card.contains("Massoud Jazayeri"), "{page}");
    assert!(card.contains("Remarks to FNA"), "{page}");
    assert!(
        card.contains("rebuts <a href=\"#c0\">#c-joint</a>"),
        "{page}"
    );
    assert!(
        page.contains("&lt;script&gt;no&lt;/script&gt;") && !page.contains("<script>"),
        "{page}"
    );
    // Where each claim of the page stands in the editor, in UTF-16 columns.
    assert_eq!(
        response["claims"],
        json!([
            { "anchor": "c0", "range": { "start": { "line": 2, "character": 19 }, "end": { "line": 2, "character": 48 } } },
            { "anchor": "c1", "range": { "start": { "line": 4, "character": 8 }, "end": { "line": 4, "character": 73 } } },
        ])
    );

    let unknown = server.request(
        "claimdown/render",
        json!({ "textDocument": { "uri": "file:///nowhere/x.cdown" } }),
    );
    assert_eq!(unknown, json!(null), "{unknown}");
    server.stop();
}
