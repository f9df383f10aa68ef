//! Closed files held compact give every cross-file answer of closed files held whole
//! (issue 16): hover, definition, references, rename, highlights, completion, code lens,
//! inlay hints, symbols and every rule's diagnostics on an open file, over generated
//! projects with non-ASCII and non-BMP text; and the compact files are not rebuilt whole
//! to answer them (hover lists a few claims, and builds only their files, as does the
//! documentation of completion items, which is their hover).

use std::path::PathBuf;

use claimdown::config::Config;
use claimdown::ide;
use claimdown::rules;
use claimdown::workspace::{analyze, ClosedFile, FileId, Workspace};
use proptest::prelude::*;

/// One generated file: its path and text.
type Files = Vec<(String, String)>;

/// A project: a registry, articles that refer to it (and to ids defined nowhere, or
/// twice), and the open document, last.
fn project() -> impl Strategy<Value = Files> {
    let claim = (0..6u8, 0..5u8, 0..4u8, any::<bool>(), 0..3u8);
    let article = (prop::collection::vec(claim, 1..8), any::<bool>(), 0..3u8);
    (prop::collection::vec(article, 2..6), 1..5u8).prop_map(|(articles, actors)| {
        let mut files = Vec::new();
        let mut registry = String::from("# Registry 𝄞\n\n");
        for n in 0..actors {
            registry.push_str(&format!(
                "[@a{n}]: Ädä {n} 😀\n  kind: person\n  affiliation: @a{}\n\n",
                (n + 1) % actors
            ));
        }
        registry.push_str("[^s0]: Source é\n  publisher: @a0\n  url: https://example.org/é\n\n");
        registry.push_str("[^s1]: Source 𝄞\n  kind: report\n");
        files.push(("/p/actors.cdown".to_owned(), registry));
        for (idx, (claims, front_matter, local)) in articles.iter().enumerate() {
            let mut text = String::new();
            if *front_matter {
                text.push_str("---\ntitle: Tïtle 𝄞\noutlet: @a1\n---\n\n");
            }
            text.push_str("# Section ü\n\nPlain prose 😀, no markup: a paragraph [not\nannotated] and \\[escaped\\].\n\n");
            for (k, (actor, source, kind, quote, link)) in claims.iter().enumerate() {
                let actor = match actor {
                    5 => "@nobody".to_owned(),
                    n => format!("@a{n}"),
                };
                let kind = ["", " kind=rebuttal", " quote", ""][*kind as usize];
                let quote = if *quote { "“" } else { "" };
                let link = match (link, k) {
                    (1, k) if k > 0 => format!(" rebuts=#c{}", k - 1),
                    (2, k) if k > 0 => format!(" supports=#c{}", k - 1),
                    _ => String::new(),
                };
                text.push_str(&format!(
                    "Before 😀 é, [{quote}said {k} 𝄞 ü]{{#c{k} {actor} ^s{source}{kind}{link}}} after.\n\n"
                ));
                if k % 2 == 0 {
                    text.push_str("Between 𝄞, prose alone.\n\n");
                }
            }
            match local {
                1 => text.push_str(&format!("[^s{}]: Local ñ\n  publisher: @a0\n", idx % 5)),
                2 => text.push_str("[@a0]: Again 𝄞\n"),
                _ => (),
            }
            files.push((format!("/p/article-{idx}.cdown"), text));
        }
        files
    })
}

/// The same project twice: every file whole, and every file but the open one compact.
fn workspaces(files: &Files) -> (Workspace, Workspace, FileId) {
    let mut full = Workspace::new();
    let mut compact = Workspace::new();
    for root in [&mut full, &mut compact] {
        root.set_project_roots(vec![PathBuf::from("/p")]);
    }
    let Some((open, closed)) = files.split_last() else {
        panic!("a project has files");
    };
    for (path, text) in closed {
        full.set_file(analyze(path.into(), text.as_str()));
        let id = compact.set_closed_file(ClosedFile::new(analyze(path.into(), text.as_str())));
        assert!(compact.is_compact(id));
    }
    let id = full.set_file(analyze(open.0.clone().into(), open.1.as_str()));
    assert_eq!(
        compact.set_file(analyze(open.0.clone().into(), open.1.as_str())),
        id
    );
    (full, compact, id)
}

/// Every answer about `file` and the workspace that needs no whole closed file.
fn answers(ws: &Workspace, file: FileId, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let config = Config::default_for(PathBuf::from("/p"));
    out.push(format!("{:?}", rules::check_file(ws, file, &config)));
    out.push(format!("{:?}", ide::code_lenses(ws, file)));
    let whole = claimdown::text::TextRange::new(0, text.len());
    out.push(format!("{:?}", ide::inlay_hints(ws, file, whole)));
    for query in ["", "a1", "source", "ädä"] {
        out.push(format!("{:?}", ide::workspace_symbols(ws, query, 100)));
    }
    for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
        out.push(format!("{offset} {:?}", ide::definition(ws, file, offset)));
        for declaration in [false, true] {
            let places = ide::references(ws, file, offset, declaration);
            // Positions in the other files, as the server converts them.
            let positions: Vec<_> = places
                .iter()
                .filter_map(|place| {
                    let text = ws.file_text(place.file)?;
                    Some((
                        text.position(place.range.start),
                        text.position(place.range.end),
                    ))
                })
                .collect();
            out.push(format!("{offset} {places:?} {positions:?}"));
        }
        out.push(format!(
            "{offset} {:?}",
            ide::rename(ws, file, offset, "renamed")
        ));
        out.push(format!(
            "{offset} {:?}",
            ide::document_highlights(ws, file, offset)
        ));
    }
    out
}

fn check(files: &Files) {
    let (full, mut compact, open) = workspaces(files);
    let Some((_, text)) = files.last() else {
        panic!("a project has files");
    };
    let expected = answers(&full, open, text);
    let got = answers(&compact, open, text);
    assert_eq!(compact.built_files(), 0, "a compact file was built whole");
    for (expected, got) in expected.iter().zip(&got) {
        assert_eq!(expected, got);
    }
    assert_eq!(expected.len(), got.len());
    // Hover lists up to three claims of an actor or source, with their text: only their
    // files are built, and dropped once the answer is made. Completion documents each
    // actor and source with its hover.
    for (offset, _) in text.char_indices() {
        let expected = ide::hover(&full, open, offset);
        assert_eq!(
            expected,
            ide::hover(&compact, open, offset),
            "hover at {offset}"
        );
        assert!(compact.built_files() <= 3, "hover built too many files");
        compact.release_built();
        let expected = ide::completions(&full, open, offset);
        assert_eq!(expected, ide::completions(&compact, open, offset));
        compact.release_built();
    }
    // A request about a closed file itself gets its whole analysis, built from its text.
    for id in compact.file_ids().filter(|&id| id != open) {
        let (Some(expected), Some(got)) = (full.file(id), compact.file(id)) else {
            panic!("a file is missing");
        };
        assert_eq!(expected.model.comparable(), got.model.comparable());
        assert_eq!(
            format!("{:?}", ide::document_symbols(&full, id)),
            format!("{:?}", ide::document_symbols(&compact, id))
        );
    }
    assert!(compact.built_files() > 0);
    compact.release_built();
    assert_eq!(compact.built_files(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn compact_closed_files_give_the_answers_of_whole_ones(files in project()) {
        check(&files);
    }
}

#[test]
fn a_closed_file_opened_and_closed_again_is_indexed_as_before() {
    let registry = "[@a]: A 𝄞\n[^s]: S\n  publisher: @a\n";
    let article = "Said [x é]{#c @a ^s} and [y]{@a rebuts=#c}.\n";
    let mut ws = Workspace::new();
    let reg = ws.set_closed_file(ClosedFile::new(analyze("r.cdown".into(), registry)));
    let art = ws.set_closed_file(ClosedFile::new(analyze("a.cdown".into(), article)));
    let refs = |ws: &Workspace| {
        ws.references(reg, claimdown::model::DefinitionKind::Actor, "a")
            .map(|location| (location, ws.reference(location).map(|r| r.range)))
            .collect::<Vec<_>>()
    };
    let before = refs(&ws);
    assert_eq!(before.len(), 3);
    // Opened: held whole; its entries are those of the compact form.
    assert_eq!(ws.set_file(analyze("a.cdown".into(), article)), art);
    assert!(!ws.is_compact(art));
    assert_eq!(refs(&ws), before);
    // Closed: compact again, read from disk.
    ws.set_closed_file(ClosedFile::new(analyze("a.cdown".into(), article)));
    assert!(ws.is_compact(art));
    assert_eq!(refs(&ws), before);
    assert_eq!(ws.built_files(), 0);
    assert!(ws.remove_file(std::path::Path::new("a.cdown")).is_none());
    assert_eq!(refs(&ws).len(), 1);
}
