//! One fixture per rule under `tests/fixtures/rules/`, with violations and OK cases; the
//! rendered diagnostics of that rule are an insta snapshot.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::rules::{check_file, Diagnostic, Rule};
use crate::workspace::{analyze, Workspace};

/// Renders diagnostics as `line:col-line:col severity[rule] message`, with the fix and
/// related places indented below.
pub(crate) fn render(
    ws: &Workspace,
    file: crate::workspace::FileId,
    diagnostics: &[Diagnostic],
) -> String {
    let Some(source) = ws.file(file) else {
        return String::new();
    };
    let pos = |file: &crate::workspace::SourceFile, offset: u32| {
        let at = file.position(offset);
        format!("{}:{}", at.line, at.column)
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&format!(
            "{}-{} {}[{}] {}\n",
            pos(source, diagnostic.range.start),
            pos(source, diagnostic.range.end),
            diagnostic.severity.as_str(),
            diagnostic.rule,
            diagnostic.message
        ));
        out.push_str(&format!(
            "    `{}`\n",
            &source.text[diagnostic.range.as_usize()]
        ));
        if let Some(fix) = &diagnostic.fix {
            out.push_str(&format!("    fix: {} ({})\n", fix.title, fix.replacement));
        }
        for related in &diagnostic.related {
            if let Some(other) = ws.file(related.file) {
                out.push_str(&format!(
                    "    related {}:{}: {}\n",
                    other.path.display(),
                    pos(other, related.range.start),
                    related.message
                ));
            }
        }
        if diagnostic.unnecessary {
            out.push_str("    unnecessary\n");
        }
    }
    out
}

fn check_fixture(rule: Rule, name: &str) -> String {
    check_fixture_with(rule, name, &Config::default_for(PathBuf::from(".")))
}

fn check_fixture_with(rule: Rule, name: &str, config: &Config) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => panic!("{}: {err}", path.display()),
    };
    let mut ws = Workspace::new();
    let file = ws.set_file(analyze(PathBuf::from(name), text));
    let diagnostics: Vec<Diagnostic> = check_file(&ws, file, config)
        .into_iter()
        .filter(|diagnostic| diagnostic.rule == rule)
        .collect();
    render(&ws, file, &diagnostics)
}

macro_rules! rule_tests {
    ($($test:ident: $rule:expr, $fixture:literal;)*) => {
        $(
            #[test]
            fn $test() {
                insta::assert_snapshot!(check_fixture($rule, $fixture));
            }
        )*
    };
}

rule_tests! {
    unattributed_claim: Rule::UnattributedClaim, "unattributed-claim.cdown";
    undefined_actor: Rule::UndefinedActor, "undefined-actor.cdown";
    undefined_source: Rule::UndefinedSource, "undefined-source.cdown";
    undefined_claim: Rule::UndefinedClaim, "undefined-claim.cdown";
    duplicate_id: Rule::DuplicateId, "duplicate-id.cdown";
    unused_definition: Rule::UnusedDefinition, "unused-definition.cdown";
    syntax_error: Rule::SyntaxError, "syntax-error.cdown";
    syntax_error_stray_attributes: Rule::SyntaxError, "syntax-error-stray-attributes.cdown";
    syntax_error_front_matter: Rule::SyntaxError, "syntax-error-front-matter.cdown";
    invalid_field: Rule::InvalidField, "invalid-field.cdown";
    invalid_field_near_miss_keys: Rule::InvalidField, "invalid-field-near-miss-keys.cdown";
    self_rebuttal: Rule::SelfRebuttal, "self-rebuttal.cdown";
    rebuttal_cycle: Rule::RebuttalCycle, "rebuttal-cycle.cdown";
    unsupported_verdict: Rule::UnsupportedVerdict, "unsupported-verdict.cdown";
    unannotated_quote: Rule::UnannotatedQuote, "unannotated-quote.cdown";
    unannotated_quote_languages: Rule::UnannotatedQuote, "unannotated-quote-languages.cdown";
    vague_attribution: Rule::VagueAttribution, "vague-attribution.cdown";
}

/// Reported speech without quotation marks is looked for only when configured.
#[test]
fn unannotated_quote_reported_speech() {
    let config = Config::parse(
        PathBuf::from("."),
        Path::new("claimdown.toml"),
        "[unannotated-quote]\nreported-speech = true\n",
    );
    let config = match config {
        Ok(config) => config,
        Err(err) => panic!("{err}"),
    };
    insta::assert_snapshot!(check_fixture_with(
        Rule::UnannotatedQuote,
        "unannotated-quote-reported.cdown",
        &config
    ));
}

/// Each of 30,000 quotations in one paragraph gets its fix with the speaker named beside
/// it, and the whole stays linear: the speaker is looked for near each quotation only.
#[test]
fn unannotated_quotes_by_the_thousand() {
    let mut text = "“one two three four” said Kirby ".repeat(30_000);
    text.push_str("\n\n[@kirby]: John Kirby\n  kind: person\n");
    let mut ws = Workspace::new();
    let file = ws.set_file(analyze("a.cdown".into(), text));
    let started = std::time::Instant::now();
    let found = check_file(&ws, file, &Config::default_for(PathBuf::from(".")));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let quotes: Vec<_> = found
        .iter()
        .filter(|d| d.rule == Rule::UnannotatedQuote)
        .collect();
    assert_eq!(quotes.len(), 30_000);
    assert!(quotes.iter().all(|d| d
        .fix
        .as_ref()
        .is_some_and(|fix| fix.replacement.ends_with("quote @kirby}"))));
}

#[test]
fn duplicates_across_files_point_at_each_other() {
    let mut ws = Workspace::new();
    let registry = ws.set_file(analyze("actors.cdown".into(), "[@fna]: Fars\n"));
    let article = ws.set_file(analyze(
        "article.cdown".into(),
        "[x]{@fna}\n\n[@fna]: FNA\n",
    ));
    let config = Config::default_for(PathBuf::from("."));
    let rendered = [registry, article]
        .map(|file| render(&ws, file, &check_file(&ws, file, &config)))
        .join("---\n");
    insta::assert_snapshot!(rendered, @r"
    1:3-1:6 error[duplicate-id] actor `fna` is defined 2 times; ids of actors and sources are global to their project
        `fna`
        related article.cdown:3:3: `fna` is also defined here
    ---
    3:3-3:6 error[duplicate-id] actor `fna` is defined 2 times; ids of actors and sources are global to their project
        `fna`
        related actors.cdown:1:3: `fna` is also defined here
    ");
}

#[test]
fn configured_severities_apply_and_off_rules_do_not_run() {
    let mut ws = Workspace::new();
    let file = ws.set_file(analyze("a.cdown".into(), "[x]{#c1}\n[@unused]: U\n"));
    let mut config = Config::default_for(PathBuf::from("."));
    config.set_severity(Rule::UnattributedClaim, Some(crate::rules::Severity::Error));
    config.set_severity(Rule::UnusedDefinition, None);
    let diagnostics = check_file(&ws, file, &config);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].rule, Rule::UnattributedClaim);
    assert_eq!(diagnostics[0].severity, crate::rules::Severity::Error);
}

#[test]
fn every_rule_is_documented_with_the_required_sections() {
    for rule in Rule::ALL {
        let doc = rule.documentation();
        assert!(doc.starts_with(&format!("# {}\n", rule.name())), "{rule}");
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
        ] {
            assert!(doc.contains(section), "{rule} lacks {section}");
        }
        assert!(
            rule.summary().starts_with("Finds") || rule.summary().starts_with("Checks"),
            "{rule}: {}",
            rule.summary()
        );
    }
}

/// The attribution rules' pages show what they say: the rule fires on the example and not
/// on the "Use instead" version.
#[test]
fn attribution_rule_examples_are_true() {
    for rule in [Rule::UnannotatedQuote, Rule::VagueAttribution] {
        let doc = rule.documentation();
        let blocks: Vec<&str> = doc
            .split("```claimdown\n")
            .skip(1)
            .filter_map(|rest| rest.split("```").next())
            .collect();
        assert_eq!(blocks.len(), 2, "{rule}");
        let count = |text: &str| {
            let mut ws = Workspace::new();
            let file = ws.set_file(analyze("a.cdown".into(), text));
            check_file(&ws, file, &Config::default_for(PathBuf::from(".")))
                .iter()
                .filter(|d| d.rule == rule)
                .count()
        };
        assert!(count(blocks[0]) > 0, "{rule}: the example finds nothing");
        assert_eq!(count(blocks[1]), 0, "{rule}: \"Use instead\" is not clean");
    }
}

#[test]
fn thousands_of_duplicates_have_bounded_related_information() {
    // Each of n duplicates listed the n - 1 others: 1,000 claims made 130 MB of JSON.
    let n = 3_000;
    let mut text = String::new();
    for _ in 0..n {
        text.push_str("[x]{#same @a}\n\n");
    }
    text.push_str("[@a]: A\n");
    for _ in 0..n {
        text.push_str("[@dup]: D\n");
    }
    let mut ws = Workspace::new();
    let file = ws.set_file(analyze("a.cdown".into(), text));
    let config = Config::default_for(PathBuf::from("."));
    let diagnostics = check_file(&ws, file, &config);
    let duplicates: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.rule == Rule::DuplicateId)
        .collect();
    assert_eq!(duplicates.len(), 2 * n);
    let related: usize = duplicates.iter().map(|d| d.related.len()).sum();
    assert_eq!(related, 2 * n * crate::rules::duplicate_id::MAX_RELATED);
    let last = &duplicates[0].related[crate::rules::duplicate_id::MAX_RELATED - 1];
    assert!(
        last.message.ends_with(&format!("{} more places", n - 6)),
        "{}",
        last.message
    );
}

#[test]
fn an_unclosed_block_does_not_swallow_the_definitions_after_it() {
    let mut ws = Workspace::new();
    let text =
        "::: #q quote @a ^s\nQuoted.\n\n# Later\n\n[x]{#c @b}\n\n[@a]: A\n[@b]: B\n[^s]: S\n";
    let file = ws.set_file(analyze("a.cdown".into(), text));
    let config = Config::default_for(PathBuf::from("."));
    insta::assert_snapshot!(render(&ws, file, &check_file(&ws, file, &config)), @r"
    1:1-1:4 error[syntax-error] this block annotation is never closed: expected a line `:::`, before the heading on line 4
        `:::`
    ");
}

/// Every file of `src/rules/` that defines a rule's `check` is a row of the rule table, and
/// every page of `docs/rules/` documents a rule of it: a rule file left out of the table
/// would compile and never run.
#[test]
fn every_rule_file_is_in_the_table_and_documented() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed: Vec<&str> = Rule::ALL.iter().map(|r| r.module()).collect();
    let mut rule_files = Vec::new();
    for entry in std::fs::read_dir(dir.join("src/rules"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = entry.path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text
            .lines()
            .any(|line| line.starts_with("pub(crate) fn check(ctx: &mut Ctx<'_>)"))
        {
            let module = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            assert!(
                listed.contains(&module.as_str()),
                "src/rules/{module}.rs is not in the rule table"
            );
            rule_files.push(module);
        }
    }
    assert_eq!(
        rule_files.len(),
        listed.len(),
        "{rule_files:?} vs {listed:?}"
    );
    for entry in std::fs::read_dir(dir.join("docs/rules"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry
            .path()
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        assert!(
            Rule::from_name(&name).is_some(),
            "docs/rules/{name}.md documents no rule"
        );
    }
    for rule in Rule::ALL {
        assert!(rule.documentation().contains("## What it does"), "{rule}");
    }
}

/// A workspace with `registry` and the document `text`, analysed, and the document's
/// findings, each marked, to tell a finding carried over from one found again.
fn checked_document(
    registry: &str,
    text: &str,
) -> (
    Workspace,
    crate::workspace::engine::Document,
    crate::workspace::FileId,
    Vec<Diagnostic>,
) {
    let mut ws = Workspace::new();
    ws.set_file(analyze(PathBuf::from("registry.cdown"), registry));
    let mut doc =
        crate::workspace::engine::Document::new(PathBuf::from("a.cdown"), text.to_owned());
    let id = doc.refresh(&mut ws).id;
    doc.take_change(&ws);
    let config = Config::default_for(PathBuf::from("."));
    let found = check_file(&ws, id, &config);
    (ws, doc, id, found)
}

fn mark_kept(found: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut marked = found.to_vec();
    for diagnostic in &mut marked {
        diagnostic.message = format!("KEPT {}", diagnostic.message).into();
    }
    marked
}

/// After an edit in one paragraph, the findings of block rules elsewhere are carried over
/// from the last check (moved), not found again; those of the edited paragraph are found
/// again; a change to a definition makes the rules run over the whole file.
#[test]
fn block_rules_keep_the_findings_of_blocks_an_edit_did_not_touch() {
    use crate::rules::{check_file_since, Since};

    let config = Config::default_for(PathBuf::from("."));
    let text = "Before.\n\n[One]{#a @anon}.\n\nPlain prose.\n\n[Two]{#b @anon}.\n\n“We will never give in to them,” said X.\n";
    let registry = "[@anon]: Officials\n  kind: anonymous\n";
    let (mut ws, mut doc, id, found) = checked_document(registry, text);
    let rules = |d: &[Diagnostic]| d.iter().map(|d| d.rule.name()).collect::<Vec<_>>();
    assert_eq!(
        rules(&found),
        [
            "vague-attribution",
            "vague-attribution",
            "unannotated-quote"
        ]
    );
    let previous = mark_kept(&found);
    // Typing in the paragraph of `#a`, above the others.
    let at = text.find("[One]").unwrap_or(0);
    doc.edit(at, at, "Now ");
    doc.refresh(&mut ws);
    let change = doc.take_change(&ws).expect("nothing else changed");
    let since = Since {
        previous: &previous,
        change: &change,
    };
    let found = check_file_since(&ws, id, &config, Some(since));
    let kept: Vec<bool> = found
        .iter()
        .map(|d| d.message.starts_with("KEPT "))
        .collect();
    assert_eq!(kept, [false, true, true]);
    let mut whole = check_file(&ws, id, &config);
    for (found, whole) in found.iter().zip(&mut whole).skip(1) {
        whole.message = format!("KEPT {}", whole.message).into();
        assert_eq!(found, whole);
    }
    // A definition in the file changes what is vague: nothing is kept.
    let end = doc.text().len();
    doc.edit(end, end, "\n[@x]: X\n");
    doc.refresh(&mut ws);
    let change = doc.take_change(&ws).expect("nothing else changed");
    assert!(change.definitions);
    let since = Since {
        previous: &previous,
        change: &change,
    };
    let found = check_file_since(&ws, id, &config, Some(since));
    assert!(found.iter().all(|d| !d.message.starts_with("KEPT ")));
    // Another file's change: the document cannot say what changed.
    doc.edit(0, 0, "x");
    doc.refresh(&mut ws);
    ws.set_file(analyze(PathBuf::from("other.cdown"), "Other.\n"));
    assert_eq!(doc.take_change(&ws), None);
}

/// Rules of `Scope::Structure` look at the whole file, but only at its annotations: after
/// an edit to prose elsewhere, each of their findings is carried over, moved; after an
/// edit to the prose of a paragraph that holds one of them (which the patch cannot place)
/// or to an annotation, they run again.
#[test]
fn structure_rules_keep_their_findings_while_only_prose_changes() {
    use crate::rules::{check_file_since, Since};
    use crate::workspace::engine::Document;

    let config = Config::default_for(PathBuf::from("."));
    let text = "[One]{#a @x rebuts=#b}, [two]{#b @y rebuts=#a}.\n\nPlain prose.\n\n[Three]{#c @x ^s status=false} and [four]{#c @x rebuts=#a}.\n";
    let (mut ws, mut doc, id, found) = checked_document("[@x]: X\n[@y]: Y\n[^s]: S\n", text);
    let rules = |d: &[Diagnostic]| d.iter().map(|d| d.rule.name()).collect::<Vec<_>>();
    assert_eq!(
        rules(&found),
        [
            "rebuttal-cycle",
            "duplicate-id",
            "duplicate-id",
            "self-rebuttal",
        ]
    );
    let previous = mark_kept(&found);
    let check = |doc: &mut Document, ws: &Workspace, previous: &[Diagnostic]| {
        let change = doc.take_change(ws).expect("nothing else changed");
        let since = Since {
            previous,
            change: &change,
        };
        (
            change.annotations,
            check_file_since(ws, id, &config, Some(since)),
        )
    };
    // Prose typed in a paragraph without findings, above two of them.
    let at = doc.text().find("Plain").unwrap_or(0);
    doc.edit(at, at, "Very ");
    doc.refresh(&mut ws);
    let (annotations, found) = check(&mut doc, &ws, &previous);
    assert!(!annotations);
    assert!(found.iter().all(|d| d.message.starts_with("KEPT ")));
    let whole = check_file(&ws, id, &config);
    let ranges = |d: &[Diagnostic]| d.iter().map(|d| d.range).collect::<Vec<_>>();
    assert_eq!(ranges(&found), ranges(&whole));
    assert_eq!(found[0].range, previous[0].range, "above the edit");
    assert_eq!(found[1].range.start, previous[1].range.start + 5, "moved");
    let previous = found;
    // Prose typed in the paragraph of the duplicates and the self-rebuttal: those two
    // rules run again, the loop above is kept.
    let at = doc.text().find("[Three]").unwrap_or(0);
    doc.edit(at, at, "Then ");
    doc.refresh(&mut ws);
    let (annotations, mut found) = check(&mut doc, &ws, &previous);
    assert!(!annotations);
    let kept: Vec<bool> = found
        .iter()
        .map(|d| d.message.starts_with("KEPT "))
        .collect();
    assert_eq!(kept, [true, false, false, false]);
    found[0].message = found[0].message.trim_start_matches("KEPT ").into();
    assert_eq!(found, check_file(&ws, id, &config));
    // An attribute changed: the rules run again.
    let at = doc.text().find("@y").unwrap_or(0);
    doc.edit(at, at + 2, "@x");
    doc.refresh(&mut ws);
    let (annotations, found) = check(&mut doc, &ws, &previous);
    assert!(annotations);
    assert_eq!(found, check_file(&ws, id, &config));
    assert!(rules(&found).contains(&"self-rebuttal"));
}

/// The rules run side by side give the list one thread gives, rule by rule and in order,
/// on every fixture at once (one file: its findings of every rule interleave).
#[test]
fn rules_side_by_side_give_the_same_list() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    names.sort();
    let text: String = names
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        // Front matter only counts at the start: the rest are joined as they are.
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut ws = Workspace::new();
    let file = ws.set_file(analyze(PathBuf::from("all.cdown"), text));
    let mut config = Config::default_for(PathBuf::from("."));
    config.set_severity(
        Rule::UnusedDefinition,
        Some(crate::rules::Severity::Warning),
    );
    let one = check_file(&ws, file, &config);
    let side_by_side = crate::rules::check_file_parallel(&ws, file, &config);
    let rules: std::collections::BTreeSet<Rule> = one.iter().map(|d| d.rule).collect();
    assert!(rules.len() >= 10, "the fixtures find too little: {rules:?}");
    assert_eq!(render(&ws, file, &side_by_side), render(&ws, file, &one));
}

#[test]
fn the_order_of_the_rules_side_by_side_names_each_rule_once() {
    let mut order = super::SLOWEST_FIRST.to_vec();
    order.sort();
    let mut all = Rule::ALL.to_vec();
    all.sort();
    assert_eq!(order, all);
}
