//! Fixtures: `//- /name` starts a file, `$0` marks the cursor or, twice, the selection (in
//! the first file). Each action is shown with the files it changes, as changed.

use std::path::PathBuf;

use super::*;
use crate::config::Config;
use crate::rules::check_file;
use crate::workspace::analyze;

fn actions(fixture: &str) -> String {
    let mut ws = Workspace::new();
    let mut selection = None;
    let mut first = None;
    let fixture = fixture.trim_start_matches('\n');
    let fixture = if fixture.starts_with("//- /") {
        fixture.to_owned()
    } else {
        format!("//- /main.cdown\n{fixture}")
    };
    for chunk in fixture.split("//- /").filter(|c| !c.is_empty()) {
        let (name, text) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let mut text = text.to_owned();
        if first.is_none() {
            let marks: Vec<usize> = text.match_indices("$0").map(|(at, _)| at).collect();
            text = text.replace("$0", "");
            selection = Some(match marks[..] {
                [at] => TextRange::empty(at),
                [start, end] => TextRange::new(start, end - 2),
                _ => panic!("one or two $0 in the first file"),
            });
        }
        let id = ws.set_file(analyze(PathBuf::from(name), text));
        first.get_or_insert(id);
    }
    let (Some(file), Some(range)) = (first, selection) else {
        panic!("no file");
    };
    let diagnostics = check_file(&ws, file, &Config::default_for(PathBuf::from(".")));
    let options = ActionOptions {
        actor_registry: Some(PathBuf::from("actors.cdown")),
        source_registry: Some(PathBuf::from("sources.cdown")),
    };
    let mut out = String::new();
    for action in code_actions(&ws, file, range, &diagnostics, &options) {
        let rule = action
            .diagnostic
            .map_or("-", |idx| diagnostics[idx].rule.name());
        out.push_str(&format!("{:?} {} [{rule}]\n", action.kind, action.title));
        let mut files: Vec<FileId> = action.edits.iter().map(|edit| edit.file).collect();
        files.dedup();
        for target in files {
            let Some(source) = ws.file(target) else {
                continue;
            };
            let edits: Vec<crate::ide::TextEdit> = action
                .edits
                .iter()
                .filter(|edit| edit.file == target)
                .map(|edit| crate::ide::TextEdit {
                    range: edit.range,
                    new_text: edit.new_text.clone(),
                })
                .collect();
            let mut text = crate::ide::apply_edits(&source.text, &edits);
            if let Some((cursor_file, at)) = action.cursor {
                if cursor_file == target {
                    text.insert(at, '|');
                }
            }
            out.push_str(&format!("  {}:\n", source.path.display()));
            for line in text.lines() {
                out.push_str(&format!("  > {line}\n"));
            }
        }
    }
    out
}

#[test]
fn define_a_missing_actor_in_the_registry_or_at_the_end() {
    let shown = actions(
        "
//- /main.cdown
Said [it]{#c1 @kirbyy$0 ^dod}.
//- /actors.cdown
[@kirby]: John Kirby
",
    );
    assert_eq!(
        shown,
        "QuickFix Change to `@kirby` [undefined-actor]
  main.cdown:
  > Said [it]{#c1 @kirby ^dod}.
QuickFix Define actor `@kirbyy` in actors.cdown [undefined-actor]
  actors.cdown:
  > [@kirby]: John Kirby
  > 
  > [@kirbyy]: kirbyy
  >   kind:
  >   role:
FixAll Fix all auto-fixable problems [-]
  main.cdown:
  > Said [it]{#c1 @kirby ^dod}.
"
    );
    // No sources.cdown: the stub goes at the end of the file.
    let shown = actions("Said [it]{#c1 @kirby ^do$0d}.\n\n[@kirby]: John Kirby");
    assert!(
        shown.contains("QuickFix Define source `^dod` at the end of this file [undefined-source]\n  main.cdown:\n  > Said [it]{#c1 @kirby ^dod}.\n  > \n  > [@kirby]: John Kirby\n  > \n  > [^dod]: dod\n  >   publisher:\n  >   url:\n  >   date:\n"),
        "{shown}"
    );
}

#[test]
fn remove_an_unused_definition() {
    let shown =
        actions("Said [it]{@a}.\n\n[@a]: A\n\n[@unu$0sed]: Unused 😀\n  kind: person\n\n[@b]: B\n");
    assert!(
        shown.contains("QuickFix Remove the unused definition `@unused` [unused-definition]\n  main.cdown:\n  > Said [it]{@a}.\n  > \n  > [@a]: A\n  > \n  > [@b]: B\n"),
        "{shown}"
    );
}

#[test]
fn rename_a_duplicate_to_a_free_id() {
    let shown = actions("[x]{#c1 @a} [y]{#c1-2 @a} [z]{#c$01 @a}\n\n[@a]: A\n");
    assert!(
        shown.starts_with("QuickFix Rename to `#c1-3` [duplicate-id]\n  main.cdown:\n  > [x]{#c1 @a} [y]{#c1-2 @a} [z]{#c1-3 @a}\n"),
        "{shown}"
    );
    let shown = actions("[x]{@a}\n\n[@a$0]: A\n//- /other.cdown\n[@a]: Also A\n[@a-2]: Taken\n");
    assert!(
        shown.starts_with("QuickFix Rename to `@a-3` [duplicate-id]"),
        "{shown}"
    );
}

#[test]
fn attribute_an_unattributed_claim() {
    let shown = actions("Ünï 😀 [it]{#c1$0}.\n\n::: #q quote\nQuoted.\n:::\n");
    assert_eq!(
        shown,
        "QuickFix Attribute to an actor: insert `@` [unattributed-claim]\n  main.cdown:\n  > Ünï 😀 [it]{#c1 @|}.\n  > \n  > ::: #q quote\n  > Quoted.\n  > :::\n"
    );
    let shown = actions("[it]{$0}\n\n::: #q quote\nQuoted.\n:::\n");
    assert!(shown.contains("  > [it]{@|}\n"), "{shown}");
    let shown = actions("[it]{@a}\n\n::: #q $0quote\nQuoted.\n:::\n\n[@a]: A\n");
    assert!(shown.contains("  > ::: #q quote @|\n"), "{shown}");
}

#[test]
fn mark_a_selection_as_a_claim() {
    let shown = actions("The minister said $0the Ünïcode 😀 vaccine is safe$0 today.\n");
    assert_eq!(
        shown,
        "Refactor Mark as claim [-]
  main.cdown:
  > The minister said [the Ünïcode 😀 vaccine is safe]{#c-the-ünïcode-vaccine-is|} today.
Refactor Mark as quote [-]
  main.cdown:
  > ::: #q-the-minister-said-the quote|
  > The minister said the Ünïcode 😀 vaccine is safe today.
  > :::
"
    );
    // Around a whole claim, inside a claim's span: yes; across a claim's edge, a
    // definition, or a blank line: no.
    let claim = |fixture: &str| actions(fixture).contains("Mark as claim");
    assert!(claim("He $0said [it]{#c-it @a} today$0.\n\n[@a]: A\n"));
    assert!(claim("He said [it $0was$0 so]{#c-it @a}.\n\n[@a]: A\n"));
    assert!(!claim("He $0said [it]{#c-it$0 @a} today.\n\n[@a]: A\n"));
    assert!(!claim("He $0said [it$0 was]{#c-it @a}.\n\n[@a]: A\n"));
    assert!(!claim("One $0para.\n\nTwo$0 para.\n"));
    assert!(!claim("Prose.\n\n[@a]: $0A$0\n"));
    // The id is new in the file.
    let shown = actions("$0Tax$0 rose. [Tax]{#c-tax @a}\n\n[@a]: A\n");
    assert!(shown.contains("[Tax]{#c-tax-2|} rose."), "{shown}");
}

#[test]
fn fix_all_takes_one_of_overlapping_fixes() {
    use crate::rules::{Fix, Severity};
    let diagnostic = |start: u32, end: u32, replacement: &str| Diagnostic {
        rule: Rule::UndefinedActor,
        severity: Severity::Error,
        range: TextRange { start, end },
        message: "".into(),
        related: Vec::new(),
        unnecessary: false,
        fix: Some(Fix {
            title: "".into(),
            range: TextRange { start, end },
            replacement: replacement.into(),
        }),
    };
    let found = [
        diagnostic(10, 15, "a"),
        diagnostic(0, 5, "b"),
        diagnostic(12, 20, "c"),
        diagnostic(20, 20, "d"),
        diagnostic(20, 20, "e"),
    ];
    assert_eq!(fix_all(&found), vec![1, 0, 3]);
}
