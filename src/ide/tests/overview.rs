//! Fixture tests of the overview features: call hierarchy, code lens, inlay hints, document
//! links and selection ranges.

use super::{fixture, place, REGISTRY};
use crate::ide;
use crate::text::TextRange;

const CHAIN: &str = "\
Officials rejected [reports of *joint* strikes]{#c-joint @fna status=false}.
He called them [untrue]{#r1 @jazayeri ^fna-remarks rebuts=#c-joint}.
[Nobody 中文 😀 agrees]{#r2 @army rebuts=#c-joint,#r1 supports=#c-joint}.
";

fn calls(calls: Vec<ide::Call>, f: &super::Fixture) -> Vec<String> {
    calls
        .into_iter()
        .map(|call| {
            let ranges: Vec<String> = call
                .ranges
                .iter()
                .map(|range| place(&f.ws, f.file, *range))
                .collect();
            format!(
                "{:?} {} ({}) at {}",
                call.relation,
                call.claim.name,
                call.claim.detail,
                ranges.join(", ")
            )
        })
        .collect()
}

#[test]
fn call_hierarchy_follows_rebuttals_both_ways() {
    let text = format!(
        "{REGISTRY}//- /article.cdown\n{}",
        CHAIN.replace("#c-joint @fna", "#c-jo$0int @fna")
    );
    let f = fixture(&text);
    let item = ide::prepare_call_hierarchy(&f.ws, f.file, f.offset);
    let item = item.unwrap_or_else(|| panic!("no claim at the cursor"));
    assert_eq!(
        (item.name.as_str(), item.detail.as_str()),
        ("#c-joint", "claim “reports of *joint* strikes” @fna")
    );
    assert_eq!(
        place(&f.ws, f.file, item.focus_range),
        "article.cdown:1:49-1:57 `#c-joint`"
    );
    let offset = item.focus_range.start as usize;
    assert_eq!(
        calls(ide::incoming_calls(&f.ws, f.file, offset), &f),
        [
            "Rebuts #r1 (rebuttal “untrue” @jazayeri) at article.cdown:2:59-2:67 `#c-joint`",
            "Rebuts #r2 (rebuttal “Nobody 中文 😀 agrees” @army) at article.cdown:3:39-3:47 `#c-joint`",
            "Supports #r2 (rebuttal “Nobody 中文 😀 agrees” @army) at article.cdown:3:61-3:69 `#c-joint`",
        ]
    );
    assert!(ide::outgoing_calls(&f.ws, f.file, offset).is_empty());
}

#[test]
fn call_hierarchy_from_a_rebuttal_span_and_a_target() {
    // The cursor in a rebuttal's prose names the rebuttal; on a `rebuts=` target, the target.
    let f = fixture(&CHAIN.replace("中文", "中$0文"));
    let item = ide::prepare_call_hierarchy(&f.ws, f.file, f.offset).map(|item| item.name);
    assert_eq!(item.as_deref(), Some("#r2"));
    assert_eq!(
        calls(ide::outgoing_calls(&f.ws, f.file, f.offset), &f),
        [
            "Rebuts #c-joint (claim “reports of *joint* strikes” @fna) at main.cdown:3:39-3:47 `#c-joint`",
            "Rebuts #r1 (rebuttal “untrue” @jazayeri) at main.cdown:3:48-3:51 `#r1`",
            "Supports #c-joint (claim “reports of *joint* strikes” @fna) at main.cdown:3:61-3:69 `#c-joint`",
        ]
    );
    let f = fixture(&CHAIN.replace("rebuts=#c-joint}", "rebuts=#$0c-joint}"));
    let item = ide::prepare_call_hierarchy(&f.ws, f.file, f.offset).map(|item| item.name);
    assert_eq!(item.as_deref(), Some("#c-joint"));
    let f = fixture("Plain $0prose.\n[x]{#c1 @a rebuts=#nowhere}\n");
    assert_eq!(ide::prepare_call_hierarchy(&f.ws, f.file, f.offset), None);
    let f = fixture("[x]{#c1 @a rebuts=#now$0here}\n");
    assert_eq!(ide::prepare_call_hierarchy(&f.ws, f.file, f.offset), None);
    // The same target named twice is one call with two places.
    let f = fixture("[x]{#c$01 @a} [y]{#r @b rebuts=#c1,#c1}\n");
    let incoming = ide::incoming_calls(&f.ws, f.file, f.offset);
    assert_eq!(
        incoming
            .iter()
            .map(|call| call.ranges.len())
            .collect::<Vec<_>>(),
        [2]
    );
}

#[test]
fn code_lens_counts_claims_by_kind_and_files() {
    let text = format!(
        "{REGISTRY}//- /article.cdown\n{CHAIN}::: #q quote @jazayeri\nThe root cause.\n:::\n//- /other.cdown\n[more]{{#c @jazayeri}} $0\n"
    );
    let f = fixture(&text);
    let Some(registry) = f.ws.file_id(std::path::Path::new("actors.cdown")) else {
        panic!("no registry");
    };
    let lenses: Vec<String> = ide::code_lenses(&f.ws, registry)
        .iter()
        .map(|lens| {
            format!(
                "{} — {} ({} references)",
                place(&f.ws, registry, lens.id_range),
                lens.title,
                lens.references.len()
            )
        })
        .collect();
    assert_eq!(
        lenses,
        [
            "actors.cdown:1:3-1:11 `jazayeri` — 1 claim · 1 quote · 1 rebuttal · cited in 2 files (3 references)",
            "actors.cdown:6:3-6:7 `army` — 1 rebuttal · cited in 2 files (2 references)",
            "actors.cdown:8:3-8:6 `fna` — 1 claim · cited in 2 files (2 references)",
            "actors.cdown:10:3-10:14 `fna-remarks` — 1 rebuttal · cited in 1 file (1 references)",
        ]
    );
    assert!(ide::code_lenses(&f.ws, f.file).is_empty());
    let f = fixture("[@lonely]: Nobody cites me $0\n");
    let titles: Vec<String> = ide::code_lenses(&f.ws, f.file)
        .into_iter()
        .map(|l| l.title)
        .collect();
    assert_eq!(titles, ["not cited"]);
}

#[test]
fn inlay_hints_name_actors_and_judge_rebutted_claims() {
    let text = format!("{REGISTRY}//- /article.cdown\n{CHAIN}[b]{{#c2 @nobody rebuts=#c2}} $0\n");
    let f = fixture(&text);
    let Some(source) = f.ws.file(f.file) else {
        panic!("no file");
    };
    let all = TextRange::new(0, source.text.len());
    let hints: Vec<String> = ide::inlay_hints(&f.ws, f.file, all)
        .iter()
        .map(|hint| {
            let at = place(&f.ws, f.file, TextRange::empty(hint.offset as usize));
            format!("{at} {:?} {}", hint.kind, hint.label)
        })
        .collect();
    assert_eq!(
        hints,
        [
            "article.cdown:1:62-1:62 `` Name Fars News Agency",
            "article.cdown:2:38-2:38 `` Name Massoud Jazayeri",
            "article.cdown:2:67-2:67 `` Verdict false",
            "article.cdown:3:31-3:31 `` Name Armed Forces of Iran",
            "article.cdown:3:47-3:47 `` Verdict false",
            "article.cdown:3:51-3:51 `` Verdict asserted",
            "article.cdown:4:27-4:27 `` Verdict asserted",
        ]
    );
    let line_two = TextRange::new(
        CHAIN.find("He").unwrap_or(0),
        CHAIN.find("[Nobody").unwrap_or(0),
    );
    assert_eq!(ide::inlay_hints(&f.ws, f.file, line_two).len(), 2);
}

#[test]
fn document_links_for_urls_and_sources_with_one() {
    let text = format!(
        "{REGISTRY}//- /article.cdown\n---\nurl: https://example.org/中文\n---\n[x]{{#c1 @fna ^fna-remarks ^nourl ^undefined}} $0\n[^nourl]: No url\n  url: not a url\n  archived: https://web.archive.org/x\n"
    );
    let f = fixture(&text);
    let links: Vec<String> = ide::document_links(&f.ws, f.file)
        .iter()
        .map(|link| {
            format!(
                "{} -> {} {}",
                place(&f.ws, f.file, link.range),
                link.target,
                link.tooltip.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            "article.cdown:2:6-2:28 `https://example.org/中文` -> https://example.org/中文 ",
            "article.cdown:4:14-4:26 `^fna-remarks` -> https://example.org/fna Remarks of Gen. Jazayeri to FNA",
            "article.cdown:7:13-7:38 `https://web.archive.org/x` -> https://web.archive.org/x ",
        ]
    );
}

fn selections(text: &str) -> Vec<String> {
    let f = fixture(text);
    ide::selection_ranges(&f.ws, f.file, f.offset)
        .iter()
        .map(|range| place(&f.ws, f.file, *range).replace('\n', "⏎"))
        .collect()
}

#[test]
fn selection_grows_from_id_to_section() {
    let text = "# Top\n\n## Part 😀\n\nIntro line\nHe called [them [un$0true]{#r1 @ja rebuts=#c1,#c2}]{#o1 @b}\nand went on.\n\nNext.\n[@ja]: J\n";
    assert_eq!(
        selections(&text.replace("un$0true]{#r1 @ja rebuts=#c1,#c2", "untrue]{#r1 @ja rebuts=#c1,#c$02")),
        [
            "main.cdown:6:46-6:48 `c2`",
            "main.cdown:6:45-6:48 `#c2`",
            "main.cdown:6:34-6:48 `rebuts=#c1,#c2`",
            "main.cdown:6:25-6:49 `{#r1 @ja rebuts=#c1,#c2}`",
            "main.cdown:6:17-6:49 `[untrue]{#r1 @ja rebuts=#c1,#c2}`",
            "main.cdown:6:12-6:49 `them [untrue]{#r1 @ja rebuts=#c1,#c2}`",
            "main.cdown:6:11-6:58 `[them [untrue]{#r1 @ja rebuts=#c1,#c2}]{#o1 @b}`",
            "main.cdown:5:1-7:13 `Intro line⏎He called [them [untrue]{#r1 @ja rebuts=#c1,#c2}]{#o1 @b}⏎and went on.`",
            "main.cdown:3:1-11:1 `## Part 😀⏎⏎Intro line⏎He called [them [untrue]{#r1 @ja rebuts=#c1,#c2}]{#o1 @b}⏎and went on.⏎⏎Next.⏎[@ja]: J⏎`",
            "main.cdown:1:1-11:1 `# Top⏎⏎## Part 😀⏎⏎Intro line⏎He called [them [untrue]{#r1 @ja rebuts=#c1,#c2}]{#o1 @b}⏎and went on.⏎⏎Next.⏎[@ja]: J⏎`",
        ]
    );
    assert_eq!(
        selections(text)[..4],
        [
            "main.cdown:6:18-6:24 `untrue`",
            "main.cdown:6:17-6:49 `[untrue]{#r1 @ja rebuts=#c1,#c2}`",
            "main.cdown:6:12-6:49 `them [untrue]{#r1 @ja rebuts=#c1,#c2}`",
            "main.cdown:6:11-6:58 `[them [untrue]{#r1 @ja rebuts=#c1,#c2}]{#o1 @b}`",
        ]
    );
    assert_eq!(
        selections("[@ja]: J\n  role: Deputy $0chief\n"),
        [
            "main.cdown:2:9-2:21 `Deputy chief`",
            "main.cdown:2:1-2:21 `  role: Deputy chief`",
            "main.cdown:1:1-2:21 `[@ja]: J⏎  role: Deputy chief`",
            "main.cdown:1:1-3:1 `[@ja]: J⏎  role: Deputy chief⏎`",
        ]
    );
}

#[test]
fn selection_in_blocks_front_matter_and_inside_a_character() {
    let text = "---\ntitle: Jets $0😀 over\n---\n# H\n::: #q quote @ja\n“Root.”\n:::\n";
    assert_eq!(
        selections(text),
        [
            "main.cdown:2:8-2:19 `Jets 😀 over`",
            "main.cdown:2:1-2:19 `title: Jets 😀 over`",
            "main.cdown:1:1-4:1 `---⏎title: Jets 😀 over⏎---⏎`",
            "main.cdown:1:1-8:1 `---⏎title: Jets 😀 over⏎---⏎# H⏎::: #q quote @ja⏎“Root.”⏎:::⏎`",
        ]
    );
    let f = fixture("# H\n::: #q quote @j$0a\n“Root.”\n:::\n");
    let rendered: Vec<String> = ide::selection_ranges(&f.ws, f.file, f.offset)
        .iter()
        .map(|range| place(&f.ws, f.file, *range).replace('\n', "⏎"))
        .collect();
    assert_eq!(
        rendered,
        [
            "main.cdown:2:15-2:17 `ja`",
            "main.cdown:2:14-2:17 `@ja`",
            "main.cdown:2:5-2:17 `#q quote @ja`",
            "main.cdown:2:1-4:4 `::: #q quote @ja⏎“Root.”⏎:::`",
            "main.cdown:1:1-5:1 `# H⏎::: #q quote @ja⏎“Root.”⏎:::⏎`",
        ]
    );
    // A cursor inside a multi-byte character selects from just before it.
    let f = fixture("$0é\n");
    for offset in 0..=2 {
        for range in ide::selection_ranges(&f.ws, f.file, offset) {
            let Some(source) = f.ws.file(f.file) else {
                panic!("no file");
            };
            assert!(source.text.is_char_boundary(range.start as usize));
            assert!(source.text.is_char_boundary(range.end as usize));
        }
    }
}
