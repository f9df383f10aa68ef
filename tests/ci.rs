//! `claimdown check` in CI: SARIF (validated against the official 2.1.0 schema), GitHub
//! workflow commands, `--deny warnings`, standard input and `--quiet`, on the real binary.

mod run_bin;

use run_bin::{claimdown, claimdown_in, claimdown_with_stdin, json, scratch, validate};
use serde_json::Value;

const SARIF_SCHEMA: &str = "tests/schemas/sarif-schema-2.1.0.json";

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let run = claimdown(&[
        "check",
        "--format",
        "sarif",
        "examples/mistakes.cdown",
        "examples",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log = json(&run.stdout);
    validate(SARIF_SCHEMA, &log);
    let run_log = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run_log["columnKind"], "utf16CodeUnits");
    let rules = run_log["tool"]["driver"]["rules"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert_eq!(rules.len(), claimdown::rules::Rule::ALL.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap_or_default();
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{rule}"
        );
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{rule}"
        );
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|text| text.contains("## What it does")),
            "{rule}"
        );
        assert_eq!(
            rule["helpUri"]
                .as_str()
                .map(|uri| uri.ends_with(&format!("/rules/{id}.md"))),
            Some(true)
        );
    }
    let results = run_log["results"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert!(
        results.len() >= 8,
        "every rule fires in mistakes.cdown: {}",
        results.len()
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap_or(99) as usize;
        assert_eq!(
            rules.get(index).map(|rule| &rule["id"]),
            Some(&result["ruleId"])
        );
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert_eq!(uri, "examples/mistakes.cdown");
    }
    let duplicate = results
        .iter()
        .find(|result| result["ruleId"] == "duplicate-id");
    let related = duplicate.map(|result| &result["relatedLocations"][0]);
    assert!(
        related.is_some_and(|related| related["message"]["text"].as_str().is_some()),
        "{duplicate:?}"
    );
}

#[test]
fn sarif_columns_are_utf16_code_units() {
    // 😀 is one scalar value but two UTF-16 code units; é is one of each.
    let dir = scratch(
        "sarif-columns",
        &[("dir with space/é.cdown", "😀é [x]{@nobody}\n")],
    );
    let run = claimdown_in(
        &dir,
        &["check", "--format", "sarif", "dir with space"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log = json(&run.stdout);
    validate(SARIF_SCHEMA, &log);
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "dir%20with%20space/%C3%A9.cdown"
    );
    assert_eq!(
        location["region"],
        serde_json::json!({ "startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 16 })
    );
    // The JSON format counts Unicode scalar values.
    let run = claimdown_in(&dir, &["check", "--format", "json", "dir with space"], None);
    let diagnostics = json(&run.stdout);
    assert_eq!(
        (&diagnostics[0]["column"], &diagnostics[0]["end_column"]),
        (&Value::from(8), &Value::from(15))
    );
}

#[test]
fn sarif_of_a_clean_run_has_no_results() {
    let run = claimdown(&["check", "--format", "sarif", "examples"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = json(&run.stdout);
    validate(SARIF_SCHEMA, &log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn github_commands_escape_their_properties_and_message() {
    let dir = scratch(
        "github-escapes",
        &[(
            "we,ird:50%.cdown",
            "[a]{#c1 @x}\n\n[b]{#c1 @x}\n\n[@x]: X\n\n[c]{#c2}\n",
        )],
    );
    let run = claimdown_in(
        &dir,
        &["check", "--format", "github", "we,ird:50%.cdown"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    insta::assert_snapshot!(lines.join("\n"), @r"
    ::error file=we%2Cird%3A50%25.cdown,line=1,col=5,endLine=1,endColumn=8,title=duplicate-id::claim id `#c1` is used 2 times in this file%0Anote: we,ird:50%25.cdown:3:5: `#c1` is also here
    ::error file=we%2Cird%3A50%25.cdown,line=3,col=5,endLine=3,endColumn=8,title=duplicate-id::claim id `#c1` is used 2 times in this file%0Anote: we,ird:50%25.cdown:1:5: `#c1` is also here
    ::warning file=we%2Cird%3A50%25.cdown,line=7,col=4,endLine=7,endColumn=9,title=unattributed-claim::claim `#c2` is attributed to no one: add an `@actor` or a `^source`
    ");
    let run = claimdown(&["check", "--format", "github", "examples/mistakes.cdown"]);
    assert!(run.stdout.contains(
        "::error file=examples/mistakes.cdown,line=11,col=31,endLine=11,endColumn=40,title=undefined-actor::actor `jazayery` is not defined; did you mean `jazayeri`?%0Ahelp: Change to `@jazayeri`"
    ), "{}", run.stdout);
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let dir = scratch("deny-warnings", &[("a.cdown", "[x]{#c1}\n")]);
    let run = claimdown_in(&dir, &["check", "a.cdown"], None);
    assert_eq!(run.code, 0, "a warning alone passes:\n{}", run.stdout);
    assert!(
        run.stdout.contains("warning[unattributed-claim]"),
        "{}",
        run.stdout
    );
    let run = claimdown_in(&dir, &["check", "--deny", "warnings", "a.cdown"], None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = claimdown_in(
        &dir,
        &[
            "check", "--deny", "warnings", "--format", "sarif", "a.cdown",
        ],
        None,
    );
    assert_eq!(run.code, 1);
    let clean = scratch(
        "deny-warnings-clean",
        &[("a.cdown", "[x]{#c1 @y}\n\n[@y]: Y\n")],
    );
    let run = claimdown_in(&clean, &["check", "--deny", "warnings", "a.cdown"], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = claimdown_in(&clean, &["check", "--deny", "errors", "a.cdown"], None);
    assert_eq!(run.code, 2, "an unknown --deny value is a usage error");
}

#[test]
fn stdin_is_checked_as_the_named_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/iran-strikes.cdown");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // The text replaces the file on disk: its definitions are not duplicates of themselves,
    // and the registry next to it resolves its actors.
    let run = claimdown_with_stdin(
        &[
            "check",
            "--stdin-filename",
            "examples/iran-strikes.cdown",
            "-",
        ],
        &text,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "✓ No problems found in 1 file.\n");
    let broken = text.replace(
        "@kirby ^dod-briefing supports",
        "@kirbi ^dod-briefing supports",
    );
    let run = claimdown_with_stdin(
        &[
            "check",
            "--stdin-filename",
            "examples/iran-strikes.cdown",
            "-",
        ],
        &broken,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with("examples/iran-strikes.cdown:20:"),
        "the diagnostic names the file given:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `kirby`?"),
        "{}",
        run.stdout
    );
    // Without a name, `-` is reported as `-`.
    let run = claimdown_with_stdin(&["check", "--format", "json", "-"], "[x]{@nobody}\n");
    assert_eq!(run.code, 1);
    assert_eq!(json(&run.stdout)[0]["file"], "-");
}

#[test]
fn quiet_prints_only_the_diagnostics() {
    let run = claimdown(&["check", "--quiet", "examples"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    let run = claimdown(&["check", "-q", "examples/mistakes.cdown"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[undefined-actor]"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Found "), "{}", run.stdout);
}

#[test]
fn force_exclude_applies_the_configuration_to_named_files() {
    // examples/claimdown.toml excludes mistakes.cdown from folder walks.
    let run = claimdown(&["check", "examples/mistakes.cdown"]);
    assert_eq!(run.code, 1, "a named file is checked even when excluded");
    let run = claimdown(&[
        "check",
        "--force-exclude",
        "examples/mistakes.cdown",
        "examples/iran-strikes.cdown",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "✓ No problems found in 1 file.\n")
    );
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/mistakes.cdown"
    ))
    .unwrap_or_default();
    let args = [
        "check",
        "--force-exclude",
        "--stdin-filename",
        "examples/mistakes.cdown",
        "-",
    ];
    let run = claimdown_with_stdin(&args, &text);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "✓ No problems found in 0 files.\n")
    );
}

#[test]
fn checking_dot_names_files_without_a_dot_folder() {
    let dir = scratch("github-dot", &[("a.cdown", "[x]{#c1}\n")]);
    let run = claimdown_in(&dir, &["check", "--format", "github", "."], None);
    assert!(
        run.stdout.starts_with("::warning file=a.cdown,"),
        "{}",
        run.stdout
    );
    let run = claimdown_in(&dir, &["check", "--format", "sarif", "."], None);
    let sarif = json(&run.stdout);
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert_eq!(uri, "a.cdown", "{}", run.stdout);
}
