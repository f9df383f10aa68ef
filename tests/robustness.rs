//! Bad input (issue 2): whatever the bytes, the analysis returns diagnostics and never
//! panics, hangs or overflows the stack, and every diagnostic's range lies inside the text
//! on character boundaries.
//!
//! A property test mutates the examples and writes random markup; explicit cases cover
//! invalid UTF-8, binary files, huge and deeply nested input, and degenerate files.

#[path = "../benches/support/gen.rs"]
mod gen;
mod mutation;
mod run_bin;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use mutation::{apply, Mutation};
use proptest::prelude::*;

use claimdown::config::Config;
use claimdown::rules::{check_file, Diagnostic, Rule};
use claimdown::text::Encoding;
use claimdown::workspace::{analyze, analyze_bytes, SourceFile, Workspace};

const EXAMPLES: &[&str] = &[
    include_str!("../examples/actors.cdown"),
    include_str!("../examples/iran-strikes.cdown"),
    include_str!("../examples/mistakes.cdown"),
    include_str!("../examples/vaccine-claims.cdown"),
];

/// What a check of one file found, with every range verified.
struct Checked {
    file: SourceFile,
    diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn rules(&self) -> Vec<Rule> {
        self.diagnostics
            .iter()
            .map(|diagnostic| diagnostic.rule)
            .collect()
    }

    fn messages(&self, rule: Rule) -> Vec<&str> {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.rule == rule)
            .map(|diagnostic| &*diagnostic.message)
            .collect()
    }
}

/// Parses, analyses and runs every rule on one file, alone in its workspace, then checks
/// every range it reports and the plain text of every claim and heading.
fn check(file: SourceFile) -> Checked {
    let config = Config::default_for(PathBuf::from("."));
    let mut ws = Workspace::new();
    let file_id = ws.set_file(file);
    let diagnostics = check_file(&ws, file_id, &config);
    let file = ws
        .remove_file(&PathBuf::from("input.cdown"))
        .unwrap_or_else(|| panic!("the file is in the workspace"));
    let text = &file.text;
    for diagnostic in &diagnostics {
        assert_range(text, diagnostic.range, &diagnostic.message);
        for related in &diagnostic.related {
            assert_eq!(related.file, file_id, "{}", related.message);
            assert_range(text, related.range, &related.message);
        }
        if let Some(fix) = &diagnostic.fix {
            assert_range(text, fix.range, &fix.title);
        }
        // What the command line prints: 1-based lines and columns of both ends.
        for offset in [diagnostic.range.start, diagnostic.range.end] {
            let at = file
                .line_index
                .line_col(text, offset as usize, Encoding::Chars);
            assert!(
                (at.line as usize) < file.line_index.line_count().max(1),
                "{}",
                diagnostic.message
            );
        }
    }
    for claim in &file.model.claims {
        assert_range(text, claim.range, "claim");
        assert_range(text, claim.span, "claim span");
        let _ = file.model.claim_text(text, claim);
    }
    for reference in &file.model.references {
        assert_range(text, reference.range, &reference.id);
        assert_range(text, reference.id_range, &reference.id);
    }
    Checked { file, diagnostics }
}

fn check_text(text: &str) -> Checked {
    check(analyze(PathBuf::from("input.cdown"), text))
}

fn check_bytes(bytes: Vec<u8>) -> Checked {
    check(analyze_bytes(PathBuf::from("input.cdown"), bytes))
}

#[track_caller]
fn assert_range(text: &str, range: claimdown::text::TextRange, what: &str) {
    let (start, end) = (range.start as usize, range.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what}: {range:?} is outside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {range:?} is not on character boundaries"
    );
}

/// Runs `work` and fails if it takes longer than `limit`; a hang shows as a slow test.
#[track_caller]
fn within<T>(limit: Duration, what: &str, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let res = work();
    let took = started.elapsed();
    eprintln!("{what}: {took:.2?}");
    assert!(took < limit, "{what} took {took:?}, more than {limit:?}");
    res
}

// --- Property tests ---------------------------------------------------------------------

fn markup_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "[", "]", "{", "}", ":::", "::: ", "---", "---\n", "%%", "\r", "\n", "\r\n", "\n\n",
            "\\", "\\[", "]{", "[@", "[^", "]: ", "  ", "\t", "# ", "#", "@", "^", "=", "\"",
            ",", "quote", "rebuts=#", "#c-joint", "@jazayeri", "\u{feff}", "é", "😀",
        ])
        .prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z@#^=,\" ]{1,6}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (0.0..=1.0f64, prop::collection::vec(markup_piece(), 1..4))
            .prop_map(|(at, pieces)| Mutation::Insert { at, text: pieces.concat() }),
        3 => (0.0..=1.0f64, 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (0.0..=1.0f64).prop_map(|at| Mutation::Truncate { at }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn mutated_examples_never_panic(
        example in 0..EXAMPLES.len(),
        mutations in prop::collection::vec(mutation(), 1..12),
    ) {
        let mut text = EXAMPLES[example].to_owned();
        for mutation in &mutations {
            apply(&mut text, mutation);
        }
        check_text(&text);
    }

    #[test]
    fn random_markup_never_panics(pieces in prop::collection::vec(markup_piece(), 0..120)) {
        check_text(&pieces.concat());
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_bytes(bytes);
    }
}

// --- Explicit cases --------------------------------------------------------------------

#[test]
fn empty_file_is_clean() {
    let checked = check_text("");
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let checked = check_bytes(Vec::new());
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

#[test]
fn carriage_returns_alone_are_blank_lines() {
    for text in ["\r", "\r\r\r", "\r\n\r\n", "\n\r\n\r"] {
        let checked = check_text(text);
        assert!(
            checked.diagnostics.is_empty(),
            "{text:?}: {:?}",
            checked.diagnostics
        );
        assert!(checked.file.model.claims.is_empty());
    }
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = b"Claim [x]{@a}\nthen ".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b" more [y]{@a}\n\n[@a]: A\n");
    let checked = check_bytes(bytes);
    assert_eq!(checked.rules(), vec![Rule::SyntaxError]);
    let messages = checked.messages(Rule::SyntaxError);
    assert!(
        messages[0].contains("not valid UTF-8") && messages[0].contains("0xff"),
        "{messages:?}"
    );
    let range = checked.diagnostics[0].range;
    assert_eq!(&checked.file.text[range.as_usize()], "\u{fffd}");
    assert_eq!(checked.file.line_index.line_of(range.start as usize), 1);
    // The rest of the file is still analysed.
    assert_eq!(checked.file.model.claims.len(), 2);
}

#[test]
fn truncated_utf8_sequence_at_the_end() {
    let mut bytes = "Émile [said]{@e}\n\n[@e]: É\n".as_bytes().to_vec();
    bytes.extend(&"😀".as_bytes()[..2]);
    let checked = check_bytes(bytes);
    assert_eq!(checked.rules(), vec![Rule::SyntaxError]);
    assert!(checked.diagnostics[0].message.contains("not valid UTF-8"));
}

#[test]
fn binary_file_is_refused_with_one_diagnostic() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    bytes[..4].copy_from_slice(b"\x7fELF");
    let checked = check_bytes(bytes);
    assert_eq!(checked.rules(), vec![Rule::SyntaxError]);
    assert_eq!(
        &*checked.diagnostics[0].message,
        "this is a binary file, not Claimdown text"
    );
    assert!(checked.file.text.is_empty());
}

#[test]
fn byte_order_mark_is_dropped() {
    let checked = check_bytes("\u{feff}---\ntitle: x\n---\nText.\n".as_bytes().to_vec());
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert!(checked.file.model.front_matter.is_some());
}

#[test]
fn one_open_bracket_is_text() {
    let checked = check_text("[");
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

#[test]
fn a_megabyte_of_open_brackets_is_text() {
    let text = "[".repeat(1 << 20);
    let checked = within(Duration::from_secs(20), "1 MB of `[`", || check_text(&text));
    assert!(
        checked.diagnostics.is_empty(),
        "{:?}",
        &checked.diagnostics[..1]
    );
    assert!(checked.file.model.claims.is_empty());
}

#[test]
fn a_megabyte_of_open_brackets_on_short_lines_is_text() {
    let text = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
        .repeat(1 << 14);
    let checked = within(Duration::from_secs(20), "lines of `[`", || {
        check_text(&text)
    });
    assert!(
        checked.diagnostics.is_empty(),
        "{:?}",
        &checked.diagnostics[..1]
    );
}

#[test]
fn ten_thousand_nested_brackets_are_text() {
    let text = format!("{}x{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let checked = within(Duration::from_secs(20), "10,000 nested brackets", || {
        check_text(&text)
    });
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert!(checked.file.model.claims.is_empty());
}

#[test]
fn ten_thousand_consecutive_annotation_brackets_are_text() {
    // `[[[…x]{@a}]{@a}…`: a run of more than 8 `[` is plain text as a whole, and so are the
    // `]{@a}` that would have closed them.
    let text = format!(
        "{}x{}\n\n[@a]: A\n",
        "[".repeat(10_000),
        "]{@a}".repeat(10_000)
    );
    let checked = within(Duration::from_secs(20), "10,000 nested annotations", || {
        check_text(&text)
    });
    assert!(checked.file.model.claims.is_empty());
    assert_eq!(checked.rules(), vec![Rule::UnusedDefinition]);
}

#[test]
fn ten_thousand_nested_annotations_keep_the_innermost_eight() {
    // `[a [a [a … x]{@a} ]{@a} …`: annotations nest at most 8 deep; the outer brackets are
    // plain text.
    let text = format!(
        "{}x{}\n\n[@a]: A\n",
        "[a ".repeat(10_000),
        "]{@a} ".repeat(10_000)
    );
    let checked = within(Duration::from_secs(20), "10,000 nested annotations", || {
        check_text(&text)
    });
    let claims = &checked.file.model.claims;
    assert_eq!(claims.len(), 8);
    assert_eq!(
        claims.iter().filter(|claim| claim.parent.is_none()).count(),
        1
    );
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

#[test]
fn ten_thousand_nested_block_annotations() {
    let depth = 10_000;
    let text = format!(
        "{}Deep quote.\n{}\n[@a]: A\n",
        "::: @a\n".repeat(depth),
        ":::\n".repeat(depth)
    );
    let checked = within(Duration::from_secs(30), "10,000 nested blocks", || {
        check_text(&text)
    });
    let claims = &checked.file.model.claims;
    assert_eq!(claims.len(), depth);
    assert_eq!(claims[depth - 1].parent, Some(depth - 2));
    assert!(
        checked.diagnostics.is_empty(),
        "{:?}",
        &checked.diagnostics[..1]
    );
}

#[test]
fn ten_thousand_unclosed_block_annotations() {
    let text = "::: @a\n".repeat(10_000) + "Never closed.\n\n[@a]: A\n";
    let checked = within(Duration::from_secs(30), "10,000 unclosed blocks", || {
        check_text(&text)
    });
    assert!(
        checked.rules().contains(&Rule::SyntaxError),
        "{:?}",
        checked.rules()
    );
}

#[test]
fn ten_thousand_nested_sections() {
    let text = "# a\n## b\n### c\n#### d\n##### e\n###### f\n".repeat(2_000);
    let checked = within(Duration::from_secs(20), "12,000 headings", || {
        check_text(&text)
    });
    assert_eq!(checked.file.model.headings.len(), 12_000);
    assert!(checked.diagnostics.is_empty());
}

#[test]
fn unclosed_attribute_lists_on_one_long_line() {
    // Each `[[a]{` makes the scanner look for a `}` to the end of the paragraph, and each
    // opens a claim of its own: four findings per repetition, 80,000 here. Columns on an
    // ASCII line cost nothing (`LineIndex` knows which lines are ASCII), and the human
    // output shows a window of the line, so time stays proportional to the findings.
    let text = "[[a]{ ".repeat(20_000) + "\n";
    let checked = within(Duration::from_secs(20), "20,000 unclosed lists", || {
        check_text(&text)
    });
    assert!(
        checked.rules().contains(&Rule::SyntaxError),
        "{:?}",
        checked.rules()
    );
}

#[test]
fn a_long_paragraph_of_unmatched_brackets() {
    let text = "word [ word ".repeat(100_000) + "\n";
    let checked = within(Duration::from_secs(20), "100,000 unmatched `[`", || {
        check_text(&text)
    });
    assert!(checked.diagnostics.is_empty());
}

#[test]
fn a_huge_article_completes() {
    // 50 MB in release builds; 5 MB in debug builds, where the same code runs ten times slower.
    let megabytes = if cfg!(debug_assertions) { 5 } else { 50 };
    let spec = gen::ArticleSpec {
        seed: 7,
        claims: megabytes * 5_000,
        actors: 300,
        sources: 200 * megabytes,
        define_actors: true,
    };
    let text = gen::article(&spec);
    assert!(text.len() > megabytes * 900_000, "{} bytes", text.len());
    // About 6 s in release and 10 s in debug; a rule that is quadratic in the number of
    // claims (as `undefined-claim` was before claims were indexed by id: 174 s) fails here.
    let checked = within(
        Duration::from_secs(60),
        &format!("{} bytes", text.len()),
        || check_text(&text),
    );
    assert!(checked.file.model.claims.len() >= spec.claims);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::SyntaxError)
        .collect();
    assert!(errors.is_empty(), "{:?}", &errors[..1]);
}

/// A time zone offset of non-ASCII text once split a character (`&offset[..2]`) and
/// `check` and `export` exited 101.
#[test]
fn non_ascii_time_zone_is_a_located_warning() {
    let text = "---\npublished: 2000-01-01T00:00+\u{1f600}\n---\n\n[^s]: S\n  date: 2000-01-01T00:00-\u{e9}1\n";
    let dir = run_bin::scratch("non-ascii-zone", &[("a.cdown", text)]);
    let run = run_bin::claimdown_in(&dir, &["check", "--format", "json", "a.cdown"], None);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let diagnostics = run_bin::json(&run.stdout);
    let dates: Vec<_> = diagnostics
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "invalid-field")
        .map(|d| (d["line"].as_u64(), d["severity"].as_str()))
        .collect();
    assert!(
        dates.contains(&(Some(2), Some("warning"))),
        "{diagnostics:#}"
    );
    assert!(
        dates.contains(&(Some(6), Some("warning"))),
        "{diagnostics:#}"
    );
    let export = run_bin::claimdown_in(&dir, &["export", "--format", "json", "a.cdown"], None);
    assert_eq!(export.code, 0, "{}", export.stderr);
}

/// Files over `max-file-size` are skipped with a message that names the file, its size
/// and the limit; the others are checked.
#[test]
fn files_over_the_size_limit_are_skipped_with_a_message() {
    let big = "[x]{@a}\n".repeat(200);
    let dir = run_bin::scratch(
        "size-limit",
        &[("big.cdown", &big), ("small.cdown", "[x]{#c1}\n")],
    );
    if let Err(err) = std::fs::write(dir.join("claimdown.toml"), "max-file-size = \"1KB\"\n") {
        panic!("{err}");
    }
    let run = run_bin::claimdown_in(&dir, &["check", "--format", "json", "."], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("big.cdown: is 1.6 KiB (1600 bytes), over the 1 KiB limit"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("small.cdown"), "{}", run.stdout);
}

/// A FIFO named like an article would block a reader forever; it is refused instead.
#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_article_does_not_block() {
    let dir = run_bin::scratch("fifo", &[("a.cdown", "[x]{#c1}\n")]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("x.cdown"))
        .status();
    if !made.is_ok_and(|status| status.success()) {
        return;
    }
    // A folder's walk lists regular files only.
    let run = within(Duration::from_secs(20), "check beside a FIFO", || {
        run_bin::claimdown_in(&dir, &["check", "."], None)
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = within(Duration::from_secs(20), "check of a FIFO", || {
        run_bin::claimdown_in(&dir, &["check", "x.cdown"], None)
    });
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("x.cdown: is a named pipe (FIFO), not a regular file"),
        "{}",
        run.stderr
    );
}
