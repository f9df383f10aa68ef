//! Fixture tests: `//- /name` starts a file, `$0` marks the cursor (once, in any file).

use std::path::PathBuf;

use crate::ide;
use crate::workspace::{analyze, FileId, Workspace};

pub(super) struct Fixture {
    ws: Workspace,
    file: FileId,
    offset: usize,
}

#[track_caller]
pub(super) fn fixture(text: &str) -> Fixture {
    let mut ws = Workspace::new();
    let mut cursor = None;
    let mut chunks: Vec<(String, String)> = Vec::new();
    for line in text.trim_start_matches('\n').split_inclusive('\n') {
        match line.strip_prefix("//- ") {
            Some(name) => chunks.push((
                name.trim().trim_start_matches('/').to_owned(),
                String::new(),
            )),
            None => {
                if chunks.is_empty() {
                    chunks.push(("main.cdown".to_owned(), String::new()));
                }
                if let Some(last) = chunks.last_mut() {
                    last.1.push_str(line);
                }
            }
        }
    }
    for (name, mut content) in chunks {
        if let Some(at) = content.find("$0") {
            content.replace_range(at..at + 2, "");
            cursor = Some((name.clone(), at));
        }
        ws.set_file(analyze(PathBuf::from(&name), content));
    }
    let Some((name, offset)) = cursor else {
        panic!("fixture has no $0 cursor");
    };
    let Some(file) = ws.file_id(&PathBuf::from(name)) else {
        panic!("cursor file missing");
    };
    Fixture { ws, file, offset }
}

/// `name:line:col-line:col` for a range of a file.
pub(super) fn place(ws: &Workspace, file: FileId, range: crate::text::TextRange) -> String {
    let Some(source) = ws.file(file) else {
        return "?".to_owned();
    };
    let at = |offset: u32| {
        let pos = source.position(offset);
        format!("{}:{}", pos.line, pos.column)
    };
    format!(
        "{}:{}-{} `{}`",
        source.path.display(),
        at(range.start),
        at(range.end),
        &source.text[range.as_usize()]
    )
}

#[track_caller]
fn hover(text: &str) -> String {
    let f = fixture(text);
    match ide::hover(&f.ws, f.file, f.offset) {
        Some(res) => format!("{}\n{}", place(&f.ws, f.file, res.range), res.markdown),
        None => "(none)".to_owned(),
    }
}

pub(super) const REGISTRY: &str = "
//- /actors.cdown
[@jazayeri]: Massoud Jazayeri
  kind: person
  role: Deputy Chief of Staff
  affiliation: @army
  alias: Gen. Jazayeri
[@army]: Armed Forces of Iran
  kind: organization
[@fna]: Fars News Agency
  kind: outlet
[^fna-remarks]: Remarks of Gen. Jazayeri to FNA
  publisher: @fna
  date: 2014-12-02
  kind: interview
  url: https://example.org/fna
";

#[test]
fn hover_actor_reference_across_files() {
    let text = format!(
        "{REGISTRY}//- /article.cdown\nOfficials rejected [reports]{{#c-joint @fna}}.\nHe called them [untrue]{{#r1 @jaza$0yeri ^fna-remarks rebuts=#c-joint}}.\n::: #q quote @jazayeri\nThe root cause.\n:::\n"
    );
    insta::assert_snapshot!(hover(&text), @r"
    article.cdown:2:29-2:38 `@jazayeri`
    ### Massoud Jazayeri
    `@jazayeri` · person · actors.cdown:1

    Deputy Chief of Staff, **Armed Forces of Iran**

    Also known as: Gen. Jazayeri

    ---
    Attributed: 1 quote, 1 rebuttal across the workspace
    - “untrue” — rebuttal `#r1`, article.cdown:2
    - “The root cause.” — quote `#q`, article.cdown:3
    ");
}

#[test]
fn hover_source_definition() {
    let text = format!("{REGISTRY}//- /article.cdown\n[x]{{#c1 @fna ^fna-rem$0arks}}\n");
    insta::assert_snapshot!(hover(&text), @r"
    article.cdown:1:14-1:26 `^fna-remarks`
    ### Remarks of Gen. Jazayeri to FNA
    `^fna-remarks` · interview · 2014-12-02 · actors.cdown:10

    Published by **Fars News Agency**

    <https://example.org/fna>

    ---
    Cited by: 1 claim across the workspace
    - “x” — claim `#c1`, article.cdown:1
    ");
}

#[test]
fn hover_claim_target_shows_both_sides() {
    let text = format!(
        "{REGISTRY}//- /article.cdown\nOfficials rejected [reports of *joint* strikes]{{#c-joint @fna status=disputed}}.\nHe called them [untrue]{{#r1 @jazayeri rebuts=#c-jo$0int}}.\n"
    );
    insta::assert_snapshot!(hover(&text), @r"
    article.cdown:2:46-2:54 `#c-joint`
    **claim** `#c-joint` · status: disputed

    > “reports of \*joint\* strikes”

    By **Fars News Agency**

    Rebutted by `#r1` “untrue” — **Massoud Jazayeri**
    ");
}

#[test]
fn hover_undefined_and_nothing() {
    assert_eq!(hover("[x]{@nob$0ody}\n"), "main.cdown:1:5-1:12 `@nobody`\n`@nobody` — no actor of this id is defined in the workspace");
    assert_eq!(hover("Plain $0prose.\n"), "(none)");
}

#[test]
fn definition_from_references_and_fields() {
    let text = format!("{REGISTRY}//- /article.cdown\n---\noutlet: @f$0na\n---\n");
    let f = fixture(&text);
    let targets: Vec<String> = ide::definition(&f.ws, f.file, f.offset)
        .iter()
        .map(|target| place(&f.ws, target.file, target.focus_range))
        .collect();
    assert_eq!(targets, ["actors.cdown:8:3-8:6 `fna`"]);

    let f = fixture("[a]{#c1 @x}\n[b]{@x rebuts=#$0c1}\n[@x]: X\n");
    let targets: Vec<String> = ide::definition(&f.ws, f.file, f.offset)
        .iter()
        .map(|target| place(&f.ws, target.file, target.full_range))
        .collect();
    assert_eq!(targets, ["main.cdown:1:1-1:12 `[a]{#c1 @x}`"]);
}

#[test]
fn references_and_highlights() {
    let text = format!(
        "{REGISTRY}//- /article.cdown\n[a]{{@fna}} [b]{{@fna ^fna-remarks}}\n[@$0x]: unused\n"
    );
    let f = fixture(&text);
    assert!(ide::references(&f.ws, f.file, f.offset, false).is_empty());
    let f = fixture(&text.replace("$0", "").replace("[b]{@fna", "[b]{@f$0na"));
    let refs: Vec<String> = ide::references(&f.ws, f.file, f.offset, true)
        .iter()
        .map(|r| place(&f.ws, r.file, r.range))
        .collect();
    assert_eq!(
        refs,
        [
            "actors.cdown:8:1-8:6 `[@fna`",
            "actors.cdown:11:14-11:18 `@fna`",
            "article.cdown:1:5-1:9 `@fna`",
            "article.cdown:1:15-1:19 `@fna`",
        ]
    );
    let highlights = ide::document_highlights(&f.ws, f.file, f.offset);
    assert_eq!(highlights.len(), 2);
    assert!(highlights.iter().all(|h| !h.is_definition));
}

#[test]
fn rename_actor_everywhere_and_claims_in_file() {
    let text = format!("{REGISTRY}//- /article.cdown\n[a]{{#c1 @fna}} [b]{{@$0fna rebuts=#c1}}\n");
    let f = fixture(&text);
    let edits = match ide::rename(&f.ws, f.file, f.offset, "@fars") {
        Ok(edits) => edits,
        Err(err) => panic!("{err:?}"),
    };
    let edits: Vec<String> = edits
        .iter()
        .map(|(at, new)| format!("{} -> {new}", place(&f.ws, at.file, at.range)))
        .collect();
    assert_eq!(
        edits,
        [
            "actors.cdown:8:3-8:6 `fna` -> fars",
            "actors.cdown:11:15-11:18 `fna` -> fars",
            "article.cdown:1:10-1:13 `fna` -> fars",
            "article.cdown:1:20-1:23 `fna` -> fars",
        ]
    );
    assert!(ide::rename(&f.ws, f.file, f.offset, "army").is_err());
    assert!(ide::rename(&f.ws, f.file, f.offset, "bad id").is_err());

    let f = fixture("[a]{#c$01 @x} [b]{@x rebuts=#c1}\n");
    let edits = ide::rename(&f.ws, f.file, f.offset, "c-new").map(|edits| edits.len());
    assert_eq!(edits, Ok(2));
}

#[track_caller]
fn complete(text: &str) -> Vec<String> {
    let f = fixture(text);
    ide::completions(&f.ws, f.file, f.offset)
        .into_iter()
        .map(|item| format!("{} ({})", item.label, item.detail.unwrap_or_default()))
        .collect()
}

#[test]
fn complete_actors_fuzzily_by_id_and_name() {
    let text = "//- /actors.cdown\n[@susan-rice]: Susan Rice\n[@mj]: Massoud Jazayeri\n[@fna]: Fars News Agency\n//- /a.cdown\n[x]{#c1 @ric$0}\n";
    assert_eq!(complete(text), ["susan-rice (Susan Rice)"]);
    let text = text.replace("@ric$0", "@jaz$0");
    assert_eq!(complete(&text), ["mj (Massoud Jazayeri)"]);
    let text = text.replace("@jaz$0", "@$0");
    assert_eq!(
        complete(&text),
        [
            "fna (Fars News Agency)",
            "mj (Massoud Jazayeri)",
            "susan-rice (Susan Rice)"
        ]
    );
}

#[test]
fn complete_in_unclosed_and_wrapped_attribute_lists() {
    let text = "[@fna]: Fars\n[^s1]: Source one\nA [claim]{#c1\n  ^$0\n";
    assert_eq!(complete(text), ["s1 (Source one)"]);
    let text = "[@fna]: Fars\nProse mentions @f$0 here.\n";
    assert!(complete(text).is_empty(), "no completion in prose");
}

#[test]
fn complete_claims_statuses_keywords() {
    let base = "[a]{#c-joint @x} [b]{#c-other @x}\n[c]{@x rebuts=#c-joint,#$0}\n";
    assert_eq!(
        complete(base),
        ["c-joint (claim by @x)", "c-other (claim by @x)"]
    );
    assert_eq!(
        complete("[c]{@x status=dis$0}\n"),
        ["disputed (contested by credible parties)"]
    );
    let keywords = complete("[c]{@x q$0}\n");
    assert_eq!(
        keywords[0],
        "quote (the span is the actor's verbatim words)"
    );
}

#[test]
fn complete_fields_and_kinds() {
    assert_eq!(complete("[@a]: A\n  kind: pe$0\n"), ["person ()"]);
    let fields = complete("[^s]: S\n  pub$0\n");
    assert_eq!(fields, ["publisher (the `@actor` who published it)"]);
    let outlet = complete("---\noutlet: @f$0\n---\n[@fna]: Fars\n");
    assert_eq!(outlet, ["fna (Fars)"]);
}

#[test]
fn document_symbols_nest_claims_under_sections() {
    let f = fixture("[intro]{#c0 @a}\n# One\n## Two\n[claim [inner]{#c2 @a}]{#c1 @a}\n# Three $0\n[@a]: A\n[^s]: S\n");
    fn render(symbols: &[ide::Symbol], depth: usize, out: &mut String) {
        for symbol in symbols {
            out.push_str(&format!(
                "{}{:?} {} ({})\n",
                "  ".repeat(depth),
                symbol.kind,
                symbol.name,
                symbol.detail.clone().unwrap_or_default()
            ));
            render(&symbol.children, depth + 1, out);
        }
    }
    let mut out = String::new();
    render(&ide::document_symbols(&f.ws, f.file), 0, &mut out);
    insta::assert_snapshot!(out, @r"
    Claim #c0 (claim “intro”)
    Heading One (h1)
      Heading Two (h2)
        Claim #c1 (claim “claim inner”)
          Claim #c2 (claim “inner”)
    Heading Three (h1)
    Group Actors (1)
      Actor @a (A)
    Group Sources (1)
      Source ^s (S)
    ");
    let symbols = ide::workspace_symbols(&f.ws, "A", 10);
    assert_eq!(symbols.len(), 1);
}

#[test]
fn non_ascii_positions_resolve() {
    // Offsets are bytes; a cursor after emoji and CJK still finds the reference.
    let f = fixture("“Émile 中文 😀🇫🇷” [e\u{301}]{#c1 @é$0mile}\n[@émile]: Émile Zola\n");
    let res = ide::hover(&f.ws, f.file, f.offset)
        .map(|h| h.markdown.lines().next().unwrap_or("").to_owned());
    assert_eq!(res.as_deref(), Some("### Émile Zola"));
}

#[test]
fn completion_in_long_non_ascii_document_never_splits_a_character() {
    // The look-back for an open `]{` is 4,096 bytes; in text of 2-, 3- and 4-byte
    // characters it once ended inside one and panicked.
    let mut text = String::from("[@émile]: Émile\n\n");
    while text.len() < 12_000 {
        text.push_str("é中😀 [Zola 😀]{#c1 @é 中} 𝔘𝔫𝔦 ");
        if text.len() % 7 == 0 {
            text.push('\n');
        }
    }
    let mut ws = Workspace::new();
    let file = ws.set_file(analyze(PathBuf::from("/a.cdown"), text.clone()));
    let mut completed = 0;
    for offset in (0..=text.len())
        .step_by(7)
        .chain(text.len() - 64..=text.len())
    {
        completed += usize::from(!ide::completions(&ws, file, offset).is_empty());
    }
    assert!(completed > 0);
}

/// Each token as `kind[+decl] "text"`.
fn tokens(fixture: &Fixture) -> Vec<String> {
    let Some(source) = fixture.ws.file(fixture.file) else {
        return Vec::new();
    };
    ide::semantic_tokens(&fixture.ws, fixture.file, None)
        .into_iter()
        .map(|t| {
            let text = &source.text[t.range.start as usize..t.range.end as usize];
            let decl = if t.declaration { "+decl" } else { "" };
            format!("{}{decl} {text:?}", t.kind.name())
        })
        .collect()
}

#[test]
fn semantic_tokens_mark_what_the_language_is_about() {
    let f = fixture(
        r#"
//- /main.cdown
$0[Jets «struck [here]{#c-in @jazayeri quote}» today]{#c-jets @jazayeri ^fna}.

[No]{#r-no @nobody rebuts=#c-jets supports=#c-none}.

::: #q-root quote @jazayeri
“The root cause.”
:::
//- /actors.cdown
[@jazayeri]: Massoud Jazayeri

[^fna]: Remarks to FNA
  publisher: @jazayeri
"#,
    );
    let expected = [
        r#"claim "Jets «struck ""#,
        r#"quote "here""#,
        r##"claimReference+decl "#c-in""##,
        r#"actor "@jazayeri""#,
        r#"claim "» today""#,
        r##"claimReference+decl "#c-jets""##,
        r#"actor "@jazayeri""#,
        r#"source "^fna""#,
        r#"rebuttal "No""#,
        r##"claimReference+decl "#r-no""##,
        r#"unresolvedReference "@nobody""#,
        r##"claimReference "#c-jets""##,
        r##"unresolvedReference "#c-none""##,
        r##"claimReference+decl "#q-root""##,
        r#"actor "@jazayeri""#,
        r#"quote "“The root cause.”\n""#,
    ];
    assert_eq!(tokens(&f), expected);
    let Some(actors) = f.ws.file_id(&PathBuf::from("actors.cdown")) else {
        panic!("no actors.cdown");
    };
    let registry = Fixture { file: actors, ..f };
    assert_eq!(
        tokens(&registry),
        [
            r#"actor+decl "@jazayeri""#,
            r#"definition "Massoud Jazayeri""#,
            r#"source+decl "^fna""#,
            r#"definition "Remarks to FNA""#,
            r#"actor "@jazayeri""#,
        ]
    );
}

mod overview;
