use std::path::{Path, PathBuf};

use super::{export, ArticleText, Format, Input};
use crate::workspace::{analyze, Workspace};

fn workspace(files: &[(&str, &str)]) -> (Workspace, Vec<crate::workspace::FileId>) {
    let mut ws = Workspace::new();
    let ids = files
        .iter()
        .map(|(path, text)| ws.set_file(analyze(PathBuf::from(path), (*text).into())))
        .collect();
    (ws, ids)
}

#[test]
fn every_claim_is_located_in_the_article_text() {
    let text = "---\ntitle: T\n---\n# Head [x]{#h @a}\n\nOne [two\nthree]{#c1 @a} four \\[5\\] [six [seven]{#c3 @a}]{#c2 @a rebuts=#c3}.\n\n::: #q quote @a\nBlock  text,\n\nsecond para.\n:::\n\n[@a]: A\n";
    let (ws, ids) = workspace(&[("a.cdown", text)]);
    let Some(file) = ws.file(ids[0]) else {
        panic!("no file")
    };
    let article = ArticleText::new(file);
    assert_eq!(
        article.text,
        "Head x\n\nOne two three four [5] six seven.\n\nBlock text,\n\nsecond para."
    );
    let located: Vec<String> = file
        .model
        .claims
        .iter()
        .map(|claim| match article.locate(file, claim) {
            Some(quote) => format!("{}..{} {:?}", quote.start, quote.end, quote.exact),
            None => "none".to_owned(),
        })
        .collect();
    assert_eq!(
        located,
        [
            "5..6 \"x\"",
            "12..21 \"two three\"",
            "31..40 \"six seven\"",
            "35..40 \"seven\"",
            "43..68 \"Block text,\\n\\nsecond para.\""
        ]
    );
}

#[test]
fn file_uris_are_absolute_and_encoded() {
    assert_eq!(
        super::file_uri(Path::new("a b/../c#d.cdown"), Path::new("/w")),
        "file:///w/c%23d.cdown"
    );
    assert_eq!(
        super::file_uri(Path::new("/x/é.cdown"), Path::new("/w")),
        "file:///x/%C3%A9.cdown"
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"/x/caf\xe9.cdown");
        assert_eq!(
            super::file_uri(Path::new(name), Path::new("/w")),
            "file:///x/caf%E9.cdown"
        );
    }
}

#[test]
fn every_format_renders_broken_input() {
    let (ws, ids) = workspace(&[(
        "a.cdown",
        "[x]{#c @nobody rebuts=#missing status=false\n\n[y]{@ ^}\n",
    )]);
    let input = Input {
        ws: &ws,
        files: &ids,
        cwd: Path::new("/w"),
    };
    for format in Format::ALL {
        assert!(export(format, &input).ends_with('\n'), "{}", format.name());
    }
}

/// Markup-heavy text: annotations, escapes, blocks, headings, blanks and line breaks.
pub(super) fn markup() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("]{#c1 @a}".to_owned()),
        Just("]{#c2 @a rebuts=#c1 status=false}".to_owned()),
        Just("]{^s supports=#c2\n quote}".to_owned()),
        Just("\\[".to_owned()),
        Just("\\]".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n::: #b1 quote @a\n".to_owned()),
        Just("\n:::\n".to_owned()),
        Just("\n# Head ".to_owned()),
        Just("%% note\n".to_owned()),
        Just("\n[@a]: A\n  kind: person\n".to_owned()),
        Just("\n[^s]: S\n  url: https://e.org\n".to_owned()),
        Just("  \t ".to_owned()),
        "[a-zé😀 ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]

    /// Every claim with text is found in its article's plain text, exactly; and no format
    /// fails on any input.
    #[test]
    fn claims_are_located_in_any_text(text in markup()) {
        let (ws, ids) = workspace(&[("a.cdown", text.as_str())]);
        let Some(file) = ws.file(ids[0]) else { panic!("no file") };
        let article = ArticleText::new(file);
        for claim in &file.model.claims {
            let exact = file.model.claim_text(&file.text, claim);
            match article.locate(file, claim) {
                Some(quote) => {
                    proptest::prop_assert_eq!(&quote.exact, &exact);
                    let found: String = article.text.chars().skip(quote.start).take(quote.end - quote.start).collect();
                    proptest::prop_assert_eq!(found, exact);
                }
                None => proptest::prop_assert!(exact.is_empty(), "{:?} not found in {:?}", exact, article.text),
            }
        }
        let input = Input { ws: &ws, files: &ids, cwd: Path::new("/w") };
        for format in Format::ALL {
            let out = export(format, &input);
            if matches!(format, Format::Json | Format::ClaimReview | Format::WebAnnotation) {
                proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
            }
        }
    }
}
