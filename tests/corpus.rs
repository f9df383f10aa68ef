//! Precision and recall of the attribution rules on a labelled corpus
//! (`tests/corpus/attribution/`): a line that should give a finding ends with
//! `%% expect RULE`, every other line should give none. Fails under the floors below, per
//! rule and per language; `cargo test --test corpus -- --nocapture` prints the figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claimdown::config::Config;
use claimdown::rules::{check_file, Rule};
use claimdown::workspace::{analyze, Workspace};

const RULES: [Rule; 2] = [Rule::UnannotatedQuote, Rule::VagueAttribution];

/// Measured 2026-11-26 on the corpus as committed: 1.0 everywhere but the precision of
/// `unannotated-quote` in English, 0.90 (a film title of four words). The floors are the
/// issue's aim; the corpus is small (one to nine expected findings a cell), so one new
/// false positive can cross them: look at it before lowering a floor.
const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.8;

#[derive(Default)]
struct Counts {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

#[test]
fn attribution_rules_meet_their_floors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/attribution");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "cdown"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 12, "{} articles", paths.len());
    let mut counts: BTreeMap<(String, &str), Counts> = BTreeMap::new();
    let mut misses = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{err}"));
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let language = name.split('-').next().unwrap_or("").to_owned();
        let mut ws = Workspace::new();
        let file = ws.set_file(analyze(PathBuf::from(&name), text.as_str()));
        let found = check_file(&ws, file, &Config::default_for(PathBuf::from(".")));
        let Some(source) = ws.file(file) else {
            panic!("{name} is not in the workspace");
        };
        for rule in RULES {
            let marker = format!("%% expect {}", rule.name());
            let expected: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, line)| line.trim_end().ends_with(&marker))
                .map(|(idx, _)| idx + 1)
                .collect();
            let mut lines: Vec<usize> = found
                .iter()
                .filter(|d| d.rule == rule)
                .map(|d| source.position(d.range.start).line as usize)
                .collect();
            lines.dedup();
            let entry = counts.entry((language.clone(), rule.name())).or_default();
            for line in &lines {
                if expected.contains(line) {
                    entry.true_positives += 1;
                } else {
                    entry.false_positives += 1;
                    misses.push(format!("{name}:{line}: {rule} found, not expected"));
                }
            }
            for line in expected.iter().filter(|line| !lines.contains(line)) {
                entry.false_negatives += 1;
                misses.push(format!("{name}:{line}: {rule} expected, not found"));
            }
        }
    }
    let mut failures = Vec::new();
    for ((language, rule), counts) in &counts {
        let found = counts.true_positives + counts.false_positives;
        let expected = counts.true_positives + counts.false_negatives;
        let precision = ratio(counts.true_positives, found);
        let recall = ratio(counts.true_positives, expected);
        println!(
            "{rule:<20} {language}  precision {precision:.2}  recall {recall:.2}  ({} expected)",
            expected
        );
        if precision < MIN_PRECISION || recall < MIN_RECALL {
            failures.push(format!(
                "{rule} in {language}: precision {precision:.2}, recall {recall:.2}"
            ));
        }
    }
    for miss in &misses {
        println!("{miss}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// `part / all`, 1 when there is nothing to count.
fn ratio(part: usize, all: usize) -> f64 {
    if all == 0 {
        1.0
    } else {
        part as f64 / all as f64
    }
}
