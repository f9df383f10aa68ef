//! `claimdown fmt`: in place, `--check` with a diff and exit 1, `-` as a filter, the
//! configured line width, broken files left as written, and the examples formatted.

mod run_bin;

use run_bin::{claimdown, claimdown_in, claimdown_with_stdin, scratch};

const MESSY: &str = "Officials said [it]{^s   @a #c1}.  \n[@a]: Agency\n  url: https://a.example\n  kind: organization\n[^s]: Statement\n";
const TIDY: &str = "Officials said [it]{#c1 @a ^s}.\n\n[@a]: Agency\n  kind: organization\n  url: https://a.example\n\n[^s]: Statement\n";

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn the_examples_are_formatted() {
    let run = claimdown(&["fmt", "--check", "examples/"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "3 files already formatted\n");
}

#[test]
fn check_prints_a_diff_and_exits_one_then_fmt_writes_the_file() {
    let dir = scratch("fmt-check", &[("a.cdown", MESSY), ("b.cdown", TIDY)]);
    let run = claimdown_in(&dir, &["fmt", "--check", "."], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("--- ./a.cdown\n+++ ./a.cdown\n@@ -1,5 +1,7 @@\n-Officials said [it]{^s   @a #c1}.  \n+Officials said [it]{#c1 @a ^s}.\n+\n [@a]: Agency\n+  kind: organization\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "1 file would be formatted, 1 already formatted\n"
    );
    assert_eq!(read(&dir.join("a.cdown")), MESSY, "--check changes nothing");

    let run = claimdown_in(&dir, &["fmt", "a.cdown", "b.cdown"], None);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    assert_eq!(run.stderr, "1 file formatted, 1 unchanged\n");
    assert_eq!(read(&dir.join("a.cdown")), TIDY);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let run = claimdown_in(&dir, &["fmt", "--check", "."], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn standard_input_is_formatted_to_standard_output() {
    let run = claimdown_with_stdin(&["fmt", "-"], MESSY);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, TIDY, "")
    );
    let run = claimdown_with_stdin(&["fmt", "--check", "-"], MESSY);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with("--- -\n+++ -\n"), "{}", run.stdout);
    let run = claimdown_with_stdin(&["fmt", "--check", "-"], TIDY);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn the_line_width_comes_from_claimdown_toml() {
    let text = "Said [it]{@western-media ^reuters-strikes #c-joint status=disputed}.\n";
    let dir = scratch("fmt-width", &[("a.cdown", text)]);
    std::fs::write(dir.join("claimdown.toml"), "[format]\nline-width = 40\n")
        .unwrap_or_else(|err| panic!("{err}"));
    let run = claimdown_in(&dir, &["fmt", "a.cdown"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&dir.join("a.cdown")),
        "Said [it]{#c-joint @western-media\n^reuters-strikes status=disputed}.\n"
    );
    std::fs::write(
        dir.join("claimdown.toml"),
        "[format]\nline-width = \"wide\"\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let run = claimdown_in(&dir, &["fmt", "a.cdown"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("claimdown.toml:2: format.line-width"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_block_is_left_as_written_and_named() {
    let text = "Fine [x]{^s  @a}.\n\nBroken [y]{@a ^s\n\nEnd.\n";
    let dir = scratch("fmt-broken", &[("a.cdown", text)]);
    let run = claimdown_in(&dir, &["fmt", "a.cdown"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&dir.join("a.cdown")),
        "Fine [x]{@a ^s}.\n\nBroken [y]{@a ^s\n\nEnd.\n"
    );
    assert!(
        run.stderr
            .starts_with("warning: a.cdown:3:1: a block with a syntax error is left as written"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreadable_input_exits_two() {
    let dir = scratch("fmt-unreadable", &[("bin.cdown", "")]);
    std::fs::write(dir.join("bin.cdown"), [0xff, 0xfe, b'[']).unwrap_or_else(|err| panic!("{err}"));
    let run = claimdown_in(&dir, &["fmt", "bin.cdown", "missing.cdown"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bin.cdown: it is not UTF-8 text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("missing.cdown"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.join("bin.cdown")).ok(),
        Some(vec![0xff, 0xfe, b'['])
    );
}
