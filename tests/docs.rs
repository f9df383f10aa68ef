//! The documentation's transcripts are run: every ```console block of README.md and
//! docs/*.md whose command line is `$ claimdown …` runs the real binary in the repository
//! root, and what it prints (standard output, then standard error) must be the block's
//! text after the command. A line `…` stands for any number of lines, as trycmd's `...`.
//! Command lines with shell operators (`|`, `>`, `<`) are examples, not transcripts, and
//! so are blocks whose commands are not `claimdown`.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Transcript {
    file: PathBuf,
    line: usize,
    args: Vec<String>,
    expected: Vec<String>,
}

fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
                .collect()
        })
        .unwrap_or_default();
    docs.sort();
    files.extend(docs);
    files
}

fn transcripts(file: &Path) -> Vec<Transcript> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|err| panic!("{file:?}: {err}"));
    let mut res = Vec::new();
    let mut in_console = false;
    let mut current: Option<Transcript> = None;
    for (idx, line) in text.lines().enumerate() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.trim_end() == "```" {
            in_console = false;
            res.extend(current.take());
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            res.extend(current.take());
            // A trailing `# …` is a remark for the reader.
            let command = command.split(" #").next().unwrap_or(command);
            let words: Vec<String> = command.split_whitespace().map(str::to_owned).collect();
            let shell = words
                .iter()
                .any(|word| ["|", ">", "<", "&&", ";"].contains(&word.as_str()));
            if words.first().is_some_and(|word| word == "claimdown") && !shell {
                current = Some(Transcript {
                    file: file.to_path_buf(),
                    line: idx + 1,
                    args: words[1..].to_vec(),
                    expected: Vec::new(),
                });
            }
            continue;
        }
        if let Some(transcript) = &mut current {
            transcript.expected.push(line.trim_end().to_owned());
        }
    }
    res
}

/// Whether `actual` matches `expected`, where a line `…` matches any run of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, others)| line.trim_end() == first && matches(rest, others)),
    }
}

#[test]
fn console_transcripts_in_the_docs_match_the_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let all: Vec<Transcript> = markdown_files(root)
        .iter()
        .flat_map(|file| transcripts(file))
        .collect();
    assert!(
        all.iter()
            .any(|transcript| transcript.file.ends_with("README.md")),
        "README.md has no transcript"
    );
    let mut failures = Vec::new();
    for transcript in &all {
        let output = Command::new(env!("CARGO_BIN_EXE_claimdown"))
            .args(&transcript.args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap_or_else(|err| panic!("cannot run claimdown: {err}"));
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let lines: Vec<&str> = printed.lines().collect();
        // A blank line closing the block is layout, not output.
        let mut expected = transcript.expected.clone();
        while expected.last().is_some_and(String::is_empty) && lines.last() != Some(&"") {
            expected.pop();
        }
        if !matches(&expected, &lines) {
            failures.push(format!(
                "{}:{}: `claimdown {}` printed:\n{printed}\nthe docs say:\n{}\n",
                transcript.file.display(),
                transcript.line,
                transcript.args.join(" "),
                transcript.expected.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ellipsis_stands_for_any_lines() {
    let expected: Vec<String> = ["a", "…", "d"].map(str::to_owned).to_vec();
    assert!(matches(&expected, &["a", "d"]));
    assert!(matches(&expected, &["a", "b", "c", "d"]));
    assert!(!matches(&expected, &["a", "b"]));
    assert!(!matches(&expected, &["x", "d"]));
}
