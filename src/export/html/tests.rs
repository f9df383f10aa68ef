use std::path::PathBuf;

use super::{page, site};
use crate::config::Config;
use crate::export::Input;
use crate::rules::check_file;
use crate::workspace::{analyze, FileId, Workspace};

fn workspace(files: &[(&str, &str)]) -> (Workspace, Vec<FileId>) {
    let mut ws = Workspace::new();
    let ids = files
        .iter()
        .map(|(path, text)| ws.set_file(analyze(PathBuf::from(path), *text)))
        .collect();
    (ws, ids)
}

fn render(text: &str) -> String {
    let (ws, ids) = workspace(&[("a.cdown", text)]);
    let diagnostics = check_file(&ws, ids[0], &Config::default_for(PathBuf::from(".")));
    let cwd = PathBuf::from("/");
    let input = Input {
        ws: &ws,
        files: &ids,
        cwd: &cwd,
        coverage: None,
    };
    page(&input, ids[0], &diagnostics)
}

const FIXTURE: &str = "---\ntitle: Iran rejects reports\noutlet: @fna\npublished: 2014-12-03\n---\n\n# Iran rejects reports\n\nOfficials rejected [reports of joint strikes]{#c-joint @western ^reuters}.\n\nThe general called them [totally untrue]{#r-untrue @jazayeri rebuts=#c-joint status=disputed}, [he said]{#c-bare}.\n\n::: #q-root quote @jazayeri\n“Iran has never cooperated.”\n:::\n\n[@jazayeri]: Massoud Jazayeri\n  kind: person\n  role: Deputy Chief of Staff\n  affiliation: @fna\n\n[@fna]: Fars News Agency\n  kind: outlet\n\n[@western]: Western media\n  kind: group\n\n[^reuters]: Iranian jets bomb targets\n  publisher: @fna\n  date: 2014-12-02\n  url: https://example.org/r\n";

#[test]
fn page_snapshot() {
    insta::assert_snapshot!(render(FIXTURE));
}

#[test]
fn the_card_names_actor_source_and_relations() {
    let html = render(FIXTURE);
    let card = html.split("id=\"card-c1\"").nth(1).unwrap_or_default();
    let card = card.split("</span></mark>").next().unwrap_or_default();
    assert!(card.contains("Massoud Jazayeri"), "{card}");
    assert!(card.contains("Deputy Chief of Staff"), "{card}");
    assert!(
        card.contains("(<span class=\"affiliation\">Fars News Agency</span>)"),
        "{card}"
    );
    assert!(
        card.contains("rebuts <a href=\"#c0\">#c-joint</a>"),
        "{card}"
    );
    assert!(
        card.contains("DISPUTED") || html.contains("status-disputed\">disputed"),
        "{html}"
    );
    let first = html.split("id=\"card-c0\"").nth(1).unwrap_or_default();
    assert!(
        first.contains("rebutted by <a href=\"#c1\">#r-untrue</a>"),
        "{first}"
    );
    assert!(first.contains("Iranian jets bomb targets"), "{first}");
    assert!(first.contains("href=\"https://example.org/r\""), "{first}");
}

#[test]
fn prose_keeps_headings_paragraphs_and_block_quotes() {
    let html = render(FIXTURE);
    assert!(html.contains("<h1>Iran rejects reports</h1>"), "{html}");
    assert!(html.contains("<p>Officials rejected <mark "), "{html}");
    assert!(
        html.contains("<blockquote class=\"claim kind-quote"),
        "{html}"
    );
    assert!(
        html.contains("<p>“Iran has never cooperated.”</p>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<p>").count() + html.matches("<p ").count(),
        html.matches("</p>").count()
    );
    assert_eq!(
        html.matches("<mark ").count(),
        html.matches("</mark>").count()
    );
    assert_eq!(html.matches("<mark ").count(), 3);
}

#[test]
fn unattributed_claims_are_marked_and_the_banner_lists_problems() {
    let html = render(FIXTURE);
    assert!(
        html.contains("class=\"claim kind-claim unattributed flagged\" id=\"c2\""),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Diagnostics\""), "{html}");
    assert!(html.contains("unattributed-claim"), "{html}");
}

#[test]
fn everything_from_the_text_is_escaped() {
    let text = "---\ntitle: <script>alert(1)</script>\n---\n\nProse <script>x</script> [a <b>span</b>]{#c<i> @a<x> ^s status=\"<img>\" note=\"<q>\"}.\n\n[@a<x>]: <b>Name</b>\n  role: <i>role</i>\n\n[^s]: <em>Title</em>\n  url: javascript:alert(1)\n";
    let html = render(text);
    assert!(!html.contains("<script>"), "{html}");
    for raw in ["<b>", "<i>", "<em>", "<img>", "<x>", "<q>"] {
        assert!(!html.contains(raw), "{raw} in {html}");
    }
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
}

#[test]
fn non_ascii_text_and_escapes_survive() {
    let html = render("Ünïcode 𝔘 \\[x\\] [𝔘 claim]{#c @a}.\n\n[@a]: Ä\n");
    assert!(html.contains("<p>Ünïcode 𝔘 [x] <mark "), "{html}");
    assert!(html.contains("tabindex=\"0\""), "{html}");
    assert!(html.contains(">𝔘 claim<"), "{html}");
}

#[test]
fn colours_are_stable_per_actor() {
    assert_eq!(super::colour_of("jazayeri"), super::colour_of("jazayeri"));
    let slots: std::collections::BTreeSet<u64> = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        .iter()
        .map(|id| super::colour_of(id))
        .collect();
    assert!(slots.len() > 3 && slots.iter().all(|slot| *slot < super::PALETTE));
}

#[test]
fn the_page_is_self_contained() {
    let html = render(FIXTURE);
    assert!(html.contains("content=\"default-src 'none'"), "{html}");
    for needle in ["<script", "src=\"http", "<link", "@import"] {
        assert!(!html.contains(needle), "{needle}");
    }
}

#[test]
fn a_site_has_an_index_and_pages_per_article_actor_and_source() {
    let other = "---\ntitle: Second\n---\n\nAgain [it is untrue]{#c @jazayeri}.\n";
    let (ws, ids) = workspace(&[("one.cdown", FIXTURE), ("two.cdown", other)]);
    let cwd = PathBuf::from("/");
    let input = Input {
        ws: &ws,
        files: &ids,
        cwd: &cwd,
        coverage: None,
    };
    let pages = site(&input, &[]);
    let paths: Vec<&str> = pages.iter().map(|page| page.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "articles/one.html",
            "articles/two.html",
            "index.html",
            "actors/jazayeri.html",
            "actors/western.html",
            "sources/reuters.html"
        ]
    );
    let actor = &pages[3].html;
    assert!(
        actor.contains("href=\"../articles/one.html#c1\">totally untrue</a>"),
        "{actor}"
    );
    assert!(
        actor.contains("href=\"../articles/two.html#c0\">it is untrue</a>"),
        "{actor}"
    );
    let western = &pages[4].html;
    assert!(western.contains("rebutted by: totally untrue"), "{western}");
    let index = &pages[2].html;
    assert!(
        index.contains("<a href=\"articles/two.html\">Second</a>"),
        "{index}"
    );
    assert!(pages[0].html.contains("href=\"../actors/jazayeri.html\""));
}

/// Counts opening and closing tags of `tag` (`<p>` and `<p …>` alike).
fn balanced(html: &str, tag: &str) -> bool {
    let opens =
        html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
    opens == html.matches(&format!("</{tag}>")).count()
}

proptest::proptest! {
    #[test]
    fn any_markup_renders_balanced_markup(text in crate::export::tests::markup()) {
        let html = render(&text);
        for tag in ["p", "mark", "blockquote", "div", "h1", "span", "a"] {
            proptest::prop_assert!(balanced(&html, tag), "<{}> unbalanced for {:?}:\n{}", tag, text, html);
        }
        let n_claims = html.matches("tabindex=\"0\"").count();
        let (ws, ids) = workspace(&[("a.cdown", &text)]);
        let expected = ws.file(ids[0]).map_or(0, |file| file.model.claims.len());
        proptest::prop_assert_eq!(n_claims, expected);
    }
}

#[test]
fn emphasis_in_prose_is_shown_and_does_not_cross_annotations() {
    let html = render(
        "The *Pentagon* said [it was **not** involved]{#c1 @p}, *not [us]{#c2 @p}*; 2*3*4 and a_b_c.\n\n[@p]: Pentagon\n",
    );
    assert!(html.contains("The <em>Pentagon</em> said <mark "), "{html}");
    assert!(
        html.contains("it was <strong>not</strong> involved"),
        "{html}"
    );
    // An emphasis whose marks stand on two sides of an annotation's edge is left as text.
    assert!(html.contains(", *not <mark "), "{html}");
    assert!(html.contains("2*3*4 and a_b_c."), "{html}");
}
