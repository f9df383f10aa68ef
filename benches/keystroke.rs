//! One keystroke in the 1 MB article, stage by stage, in-process: what the language server's
//! state thread does between a `didChange` and its `publishDiagnostics`, without the
//! protocol. The same article and workspace as `benches/lsp.rs`; the same edits (type a
//! character at the start of a prose line in the middle, then delete it).
//!
//! Run with `cargo bench --bench keystroke`; prints the median and 99th percentile of each
//! stage over 300 keystrokes. `CLAIMDOWN_BENCH_OFF=unannotated-quote,vague-attribution`
//! turns rules off, to measure what they cost.

#[path = "support/gen.rs"]
mod gen;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use claimdown::config::Config;
use claimdown::model::LowerCache;
use claimdown::rules::check_file;
use claimdown::syntax;
use claimdown::workspace::{analyze, analyze_incrementally, Workspace};
use ropey::Rope;
use tree_sitter::{InputEdit, Point};

const ARTICLES: usize = 1_999;
const EDITS: usize = 300;

const STAGES: [&str; 7] = [
    "edit the rope",
    "rope to string",
    "parse, changed ranges",
    "model, errors, lines",
    "index",
    "rules",
    "drop the old file",
];

fn main() {
    let mut ws = Workspace::new();
    ws.set_file(analyze(
        PathBuf::from("actors.cdown"),
        Arc::from(gen::registry(400)),
    ));
    for idx in 0..ARTICLES {
        let text = gen::article(&gen::workspace_article_spec(idx, 400));
        ws.set_file(analyze(
            PathBuf::from(format!("article-{idx:04}.cdown")),
            Arc::from(text),
        ));
    }
    let spec = gen::ArticleSpec {
        actors: 400,
        define_actors: false,
        ..gen::large_article_spec()
    };
    let big = gen::article(&spec);
    let path = PathBuf::from("big.cdown");
    let mut config = Config::default_for(PathBuf::from("."));
    // `CLAIMDOWN_BENCH_OFF=rule,rule`: measure without those rules, for a before and after.
    for name in std::env::var("CLAIMDOWN_BENCH_OFF")
        .unwrap_or_default()
        .split(',')
    {
        if let Some(rule) = claimdown::rules::Rule::from_name(name) {
            config.set_severity(rule, None);
        }
    }
    let mut parser = syntax::new_parser();
    let mut cache = LowerCache::default();
    let text: Arc<str> = Arc::from(big.as_str());
    let tree = syntax::parse_with(&mut parser, &text, None);
    let id = ws.set_file(analyze_incrementally(
        path.clone(),
        text,
        tree,
        Some(&mut cache),
        None,
    ));
    let diagnostics = check_file(&ws, id, &config).len();
    println!(
        "workspace: {} files; article: {:.2} MB, {} diagnostics",
        ws.file_count(),
        big.len() as f64 / 1e6,
        diagnostics
    );

    let mut rope = Rope::from_str(&big);
    // Typing in prose: at the start of a lowercase line in the middle.
    let prose = (gen::prose_line(&big, 0.5), 0);
    // Typing in an actor's id: right after `@a12` in the middle, which makes it undefined.
    let (line, _, id_end) = gen::actor_reference(&big, 0.5);
    let in_id = (line, id_end);
    let mut session = Session {
        ws: &mut ws,
        id,
        path,
        config: &config,
        parser: &mut parser,
        cache: &mut cache,
        rope: &mut rope,
        diagnostics,
    };
    report("typing in prose", &session.type_and_delete(&[prose], 0));
    report("typing in an id", &session.type_and_delete(&[in_id], 1));
    // Two cursors, a tenth and nine tenths of the way down.
    let cursors = [
        (gen::prose_line(&big, 0.9), 0),
        (gen::prose_line(&big, 0.1), 0),
    ];
    report(
        "typing with two cursors far apart",
        &session.type_and_delete(&cursors, 0),
    );
}

struct Session<'a> {
    ws: &'a mut Workspace,
    id: claimdown::workspace::FileId,
    path: PathBuf,
    config: &'a Config,
    parser: &'a mut tree_sitter::Parser,
    cache: &'a mut LowerCache,
    rope: &'a mut Rope,
    diagnostics: usize,
}

impl Session<'_> {
    /// Types `x` at each cursor (a line and byte column, the last first), then deletes
    /// it, `EDITS` times in all; each `x` typed leaves `undefined` more findings.
    fn type_and_delete(
        &mut self,
        cursors: &[(usize, usize)],
        undefined: usize,
    ) -> Vec<[Duration; STAGES.len()]> {
        let mut times = Vec::new();
        for i in 0..EDITS {
            let mut stage = [Duration::ZERO; STAGES.len()];
            let mut clock = Instant::now();
            let mut lap = |n: usize, clock: &mut Instant| {
                stage[n] = clock.elapsed();
                *clock = Instant::now();
            };
            let mut edits = Vec::new();
            for &(line, column) in cursors {
                let rope = &mut *self.rope;
                let start = rope.line_to_byte(line) + column;
                let (old_end, inserted) = if i % 2 == 0 {
                    (start, "x")
                } else {
                    (start + 1, "")
                };
                rope.remove(rope.byte_to_char(start)..rope.byte_to_char(old_end));
                rope.insert(rope.byte_to_char(start), inserted);
                let point = |column| Point { row: line, column };
                edits.push(InputEdit {
                    start_byte: start,
                    old_end_byte: old_end,
                    new_end_byte: start + inserted.len(),
                    start_position: point(column),
                    old_end_position: point(column + old_end - start),
                    new_end_position: point(column + inserted.len()),
                });
            }
            lap(0, &mut clock);
            let text: Arc<str> = Arc::from(self.rope.to_string());
            lap(1, &mut clock);
            let ws = &mut *self.ws;
            let mut old_tree = ws.file_mut(self.id).and_then(|file| file.tree.take());
            for edit in &edits {
                if let Some(tree) = old_tree.as_mut() {
                    tree.edit(edit);
                }
                self.cache.edit(edit);
            }
            let tree = syntax::parse_with(self.parser, &text, old_tree.as_ref());
            if let Some(old_tree) = &old_tree {
                self.cache.reparsed(old_tree, &tree);
            }
            lap(2, &mut clock);
            let previous = ws.file(self.id);
            let file = analyze_incrementally(
                self.path.clone(),
                text,
                tree,
                Some(&mut *self.cache),
                previous,
            );
            lap(3, &mut clock);
            let (_, old) = ws.replace_file(file);
            lap(4, &mut clock);
            let found = check_file(ws, self.id, self.config);
            let expected = self.diagnostics + if i % 2 == 0 { undefined } else { 0 };
            assert_eq!(found.len(), expected, "keystroke {i}");
            lap(5, &mut clock);
            drop(old);
            lap(6, &mut clock);
            times.push(stage);
        }
        times
    }
}

fn report(scenario: &str, times: &[[Duration; STAGES.len()]]) {
    println!("\n{scenario} ({} keystrokes)", times.len());
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let percentile = |mut values: Vec<Duration>, q: f64| {
        values.sort();
        values[((values.len() - 1) as f64 * q).round() as usize]
    };
    println!("{:<24} {:>9} {:>9}", "stage", "median", "p99");
    for (n, name) in STAGES.iter().enumerate() {
        let values: Vec<Duration> = times.iter().map(|stage| stage[n]).collect();
        println!(
            "{name:<24} {:>6.3} ms {:>6.3} ms",
            ms(percentile(values.clone(), 0.5)),
            ms(percentile(values, 0.99))
        );
    }
    let totals: Vec<Duration> = times.iter().map(|stage| stage.iter().sum()).collect();
    println!(
        "{:<24} {:>6.3} ms {:>6.3} ms",
        "total",
        ms(percentile(totals.clone(), 0.5)),
        ms(percentile(totals, 0.99))
    );
}
