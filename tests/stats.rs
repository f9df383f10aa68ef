//! `claimdown stats` on the real binary: the table, the JSON figures, configuration and
//! standard input, and the exit codes.

mod run_bin;

use run_bin::{claimdown, claimdown_in, claimdown_with_stdin, json, scratch};

#[test]
fn the_table_has_a_row_per_file_and_the_total() {
    let run = claimdown(&[
        "stats",
        "examples/",
        "examples/drafts/pentagon-briefing.cdown",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 6, "{}", run.stdout);
    assert_eq!(rows[0][0], "file");
    assert!(rows.iter().all(|row| row.len() == 11), "{}", run.stdout);
    assert_eq!(
        rows[2],
        [
            "examples/iran-strikes.cdown",
            "3",
            "0",
            "2",
            "80%",
            "100%",
            "0",
            "0",
            "3",
            "3",
            "1"
        ]
    );
    assert_eq!(rows[1][4], "-", "no annotations, no share");
    assert_eq!(rows[5][0], "total");
    assert_eq!(rows[5][6], "3", "the draft's unannotated speech");
}

#[test]
fn json_figures_per_file_and_in_total() {
    let text = "---\nlanguage: fr\n---\n\n[Les frappes ont eu lieu]{#c1 @ministre ^communique}\n\n[Elles ont échoué]{#c2 @sources rebuts=#c1}\n\n[Non]{#c3 @ministre rebuts=#c2}\n\n« Nous n’avons jamais coopéré avec eux », a déclaré le ministre.\n\n[@ministre]: Le ministre\n  kind: person\n[@sources]: Des sources\n  kind: anonymous\n[^communique]: Communiqué\n";
    let dir = scratch("stats-json", &[("article.cdown", text)]);
    let run = claimdown_in(&dir, &["stats", "--format", "json", "."], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    let file = &report["files"][0];
    assert_eq!(file["file"], "./article.cdown");
    assert_eq!(file["claims"], 1);
    assert_eq!(file["rebuttals"], 2);
    assert_eq!(
        file["attributed"], 2,
        "the anonymous source is no named actor"
    );
    assert_eq!(file["attributed_share"], 0.667);
    assert_eq!(file["sourced_share"], 0.333);
    assert_eq!(file["unannotated_quotes"], 1, "French quotation marks");
    assert_eq!(file["vague_attributions"], 1);
    assert_eq!(file["actors"], serde_json::json!(["ministre", "sources"]));
    assert_eq!(file["deepest_rebuttal_chain"], 2);
    assert_eq!(report["total"]["rebuttals"], 2);

    // A rule turned off counts nothing; the configuration is the project's.
    std::fs::write(
        dir.join("claimdown.toml"),
        "[rules]\nunannotated-quote = \"off\"\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let run = claimdown_in(&dir, &["stats", "--format", "json", "."], None);
    assert_eq!(json(&run.stdout)["files"][0]["unannotated_quotes"], 0);
}

#[test]
fn standard_input_and_unreadable_paths() {
    let run = claimdown_with_stdin(
        &[
            "stats",
            "--format",
            "json",
            "--stdin-filename",
            "typed.cdown",
            "-",
        ],
        "“We will never cooperate with them,” he said.\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["files"][0]["file"], "typed.cdown");
    assert_eq!(report["files"][0]["unannotated_quotes"], 1);
    assert_eq!(
        report["files"][0]["attributed_share"],
        serde_json::Value::Null
    );

    let run = claimdown(&["stats", "examples/iran-strikes.cdown", "no/such/path"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/path"), "{}", run.stderr);
    assert!(
        run.stdout.contains("examples/iran-strikes.cdown"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_json_export_carries_the_same_figures() {
    let path = "examples/drafts/pentagon-briefing.cdown";
    let stats = json(&claimdown(&["stats", "--format", "json", path]).stdout);
    let export = json(&claimdown(&["export", "--format", "json", path]).stdout);
    let mut figures = stats["files"][0].clone();
    if let Some(figures) = figures.as_object_mut() {
        figures.remove("file");
    }
    assert_eq!(export["articles"][0]["coverage"], figures);
    assert_eq!(export["articles"][0]["coverage"]["unannotated_quotes"], 3);
}
