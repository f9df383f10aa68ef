//! `claimdown check --fix`: every unambiguous fix applied in place, each reported, then
//! the check of what is left.

mod run_bin;

use run_bin::{claimdown_in, scratch};

#[test]
fn fixes_are_applied_reported_and_the_rest_is_checked() {
    let article = "Ünï 😀 [it]{#c1 @kirbyy rebuts=#c2}.\n[that]{#c2 @nobody ^memo}\n\n[^memo]: Memo\n  date: 23 March 2021\n";
    let dir = scratch(
        "check-fix",
        &[
            ("article.cdown", article),
            ("actors.cdown", "[@kirby]: John Kirby\n"),
        ],
    );
    let run = claimdown_in(&dir, &["check", "--fix", "article.cdown"], None);
    assert_eq!(
        run.stderr,
        "fixed article.cdown:1:16: [undefined-actor] Change to '@kirby'\nfixed article.cdown:5:9: [invalid-field] Change to '2021-03-23'\n"
    );
    let fixed = std::fs::read_to_string(dir.join("article.cdown")).unwrap_or_default();
    assert_eq!(
        fixed,
        "Ünï 😀 [it]{#c1 @kirby rebuts=#c2}.\n[that]{#c2 @nobody ^memo}\n\n[^memo]: Memo\n  date: 2021-03-23\n"
    );
    // What has no unambiguous fix is still reported, and fails the run.
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with(
            "article.cdown:2:12: error[undefined-actor]: actor `nobody` is not defined"
        ),
        "{}",
        run.stdout
    );
    // Nothing left to fix: nothing said.
    let again = claimdown_in(&dir, &["check", "--fix", "article.cdown"], None);
    assert_eq!(again.stderr, "");
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn standard_input_cannot_be_fixed() {
    let dir = scratch("check-fix-stdin", &[]);
    let run = claimdown_in(&dir, &["check", "--fix", "-"], Some("[x]{@a}\n"));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --fix writes files in place and cannot fix standard input\n"
    );
}
