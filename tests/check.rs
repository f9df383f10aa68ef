//! `claimdown check` as the contract states it: the line format, the summary, the JSON
//! fields and the exit codes, on the real binary.

mod run_bin;

use run_bin::claimdown;

#[test]
fn examples_are_clean_and_exit_zero() {
    let run = claimdown(&["check", "examples/"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout.trim(), "✓ No problems found in 3 files.");
}

#[test]
fn piped_output_is_one_line_per_diagnostic_then_a_summary() {
    let run = claimdown(&["check", "examples/mistakes.cdown"]);
    assert_eq!(run.code, 1, "errors exit 1");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let (summary, diagnostics) = lines.split_last().unwrap_or((&"", &[]));
    assert_eq!(
        *summary,
        "Found 6 errors, 5 warnings in 1 file (1 file checked)."
    );
    assert_eq!(diagnostics.len(), 11, "{}", run.stdout);
    for line in diagnostics {
        // path:line:column: severity[rule]: message
        let mut parts = line.splitn(4, ':');
        assert_eq!(parts.next(), Some("examples/mistakes.cdown"), "{line}");
        assert!(
            parts.next().is_some_and(|n| n.parse::<u32>().is_ok()),
            "{line}"
        );
        assert!(
            parts.next().is_some_and(|n| n.parse::<u32>().is_ok()),
            "{line}"
        );
        let rest = parts.next().unwrap_or("");
        assert!(
            rest.starts_with(" error[") || rest.starts_with(" warning["),
            "{line}"
        );
        assert!(rest.contains("]: "), "{line}");
    }
    let rules: Vec<&str> = diagnostics
        .iter()
        .filter_map(|line| line.split('[').nth(1)?.split(']').next())
        .collect();
    for rule in [
        "unattributed-claim",
        "undefined-actor",
        "undefined-source",
        "undefined-claim",
        "duplicate-id",
        "syntax-error",
        "unused-definition",
        "invalid-field",
        "unannotated-quote",
        "vague-attribution",
    ] {
        assert!(
            rules.contains(&rule),
            "{rule} fires in mistakes.cdown: {rules:?}"
        );
    }
}

#[test]
fn source_lines_are_underlined_on_request() {
    let run = claimdown(&["check", "--source", "always", "examples/mistakes.cdown"]);
    assert!(run.stdout.contains(
        "11 | [Jazayeri, misspelt]{#c-actor @jazayery}.\n   |                               ^^^^^^^^^\n   = help: Change to `@jazayeri`\n"
    ), "{}", run.stdout);
}

#[test]
fn json_has_the_contract_fields() {
    let run = claimdown(&["check", "--format", "json", "examples/mistakes.cdown"]);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    let first = &value[1];
    assert_eq!(first["file"], "examples/mistakes.cdown");
    assert_eq!(first["rule"], "undefined-actor");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(11), Some(31))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(11), Some(40))
    );
    assert_eq!(first["severity"], "error");
    assert!(first["message"]
        .as_str()
        .is_some_and(|m| m.contains("did you mean `jazayeri`")));
}

#[test]
fn missing_paths_and_bad_usage_exit_two() {
    let run = claimdown(&["check", "no/such/file.cdown"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no/such/file.cdown: no such file or folder"),
        "{}",
        run.stderr
    );
    // The summary must not call a run clean that read nothing.
    assert_eq!(
        run.stdout,
        "✗ 1 path could not be read; nothing was checked.\n"
    );
    let run = claimdown(&["check", "examples/", "no/such/file.cdown"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stdout,
        "✗ 1 path could not be read; no problems found in 3 files.\n"
    );
    assert_eq!(
        claimdown(&["check", "--format", "yaml", "examples/"]).code,
        2
    );
    assert_eq!(claimdown(&["check"]).code, 2);
}

#[test]
fn a_bad_configuration_is_an_error_naming_the_key() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-bad-config");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(
        dir.join("claimdown.toml"),
        "[rules]\nundefined-actr = \"off\"\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(dir.join("a.cdown"), "text\n").unwrap_or_else(|err| panic!("{err}"));
    let run = run_bin::claimdown_in(&dir, &["check", "."], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("claimdown.toml:2: unknown rule `undefined-actr` in [rules]; did you mean `undefined-actor`?"), "{}", run.stderr);
}

/// `--config` is read as `claimdown.toml` is: a FIFO is refused, not waited on, and a
/// dotted key's mistake is given its line.
#[cfg(unix)]
#[test]
fn an_explicit_configuration_is_read_safely() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-explicit-config");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(dir.join("a.cdown"), "text\n").unwrap_or_else(|err| panic!("{err}"));
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("fifo.toml"))
        .status()
        .is_ok_and(|status| status.success());
    assert!(made, "mkfifo failed");
    let run = run_bin::claimdown_in(&dir, &["check", "--config", "fifo.toml", "."], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("fifo.toml: cannot be read: is a named pipe (FIFO)"),
        "{}",
        run.stderr
    );
    std::fs::write(
        dir.join("other.toml"),
        "# settings\n\nrules.undefined-actr = \"off\"\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let run = run_bin::claimdown_in(&dir, &["check", "--config", "other.toml", "."], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("other.toml:3: unknown rule `undefined-actr`"),
        "{}",
        run.stderr
    );
}

#[test]
fn rule_documentation_is_printed() {
    let run = claimdown(&["rule", "undefined-actor"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("# undefined-actor\n"));
    let list = claimdown(&["rule"]);
    assert_eq!(
        list.stdout.lines().count(),
        claimdown::rules::Rule::ALL.len()
    );
}

/// mimalloc (tree-sitter's allocator) skips its clean-up at exit: returning each 64 KB of
/// its heaps to a process about to end was 0.1–0.15 ms of every check. Its verbose mode
/// says `process done` when the clean-up runs; with tree-sitter on the system allocator
/// the option is not set, and the message shows that the check can see it.
#[test]
fn mimalloc_leaves_its_memory_to_the_kernel_at_exit() {
    let run = |allocator: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_claimdown"))
            .args(["check", "examples/"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("MIMALLOC_VERBOSE", "1")
            .env("CLAIMDOWN_PARSE_ALLOCATOR", allocator)
            .output()
            .unwrap_or_else(|err| panic!("cannot run claimdown: {err}"));
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let on_mimalloc = run("mimalloc");
    assert!(on_mimalloc.contains("mimalloc:"), "verbose: {on_mimalloc}");
    assert!(!on_mimalloc.contains("process done"), "{on_mimalloc}");
    let on_system = run("system");
    assert!(on_system.contains("process done"), "{on_system}");
}
