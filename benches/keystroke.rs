//! One keystroke, stage by stage, in-process: what the language server's state thread does
//! between a `didChange` and its `publishDiagnostics`, without the protocol, through the
//! very engine the server drives (`workspace::engine::Document`). On the 1 MB article of
//! `benches/lsp.rs` in its 2,000-file workspace (with and without the shared registry), and
//! on the article shapes of `benches/support/shapes.rs` open alone. The edits: type a
//! character at the start of a prose line in the middle, then delete it.
//!
//! Run with `cargo bench --bench keystroke`; prints the median and 99th percentile of each
//! stage over 300 keystrokes. `cargo bench --bench keystroke -- flat` runs the scenarios
//! whose name holds `flat`; `CLAIMDOWN_BENCH_OFF=unannotated-quote,vague-attribution`
//! turns rules off, to measure what they cost.

#[path = "support/gen.rs"]
mod gen;
#[path = "support/shapes.rs"]
mod shapes;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use claimdown::config::Config;
use claimdown::rules::{check_file, check_file_since, Diagnostic, Since};
use claimdown::text::Encoding;
use claimdown::workspace::engine::Document;
use claimdown::workspace::{analyze, Workspace};

const ARTICLES: usize = 1_999;
const EDITS: usize = 300;

const STAGES: [&str; 5] = [
    "edit (text, lines)",
    "re-analyse",
    "rules",
    "positions (UTF-16)",
    "drop the old file",
];

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .unwrap_or_default();
    let wanted = |name: &str| name.contains(filter.as_str());
    let spec = gen::ArticleSpec {
        actors: 400,
        define_actors: false,
        ..gen::large_article_spec()
    };
    for registry in [true, false] {
        let name = if registry {
            "bench article, 2,000-file workspace"
        } else {
            "bench article, 2,000-file workspace, no registry"
        };
        if !wanted(name) {
            continue;
        }
        let mut ws = Workspace::new();
        if registry {
            ws.set_file(analyze(PathBuf::from("actors.cdown"), gen::registry(400)));
        }
        for idx in 0..ARTICLES {
            let text = gen::article(&gen::workspace_article_spec(idx, 400));
            ws.set_file(analyze(
                PathBuf::from(format!("article-{idx:04}.cdown")),
                text,
            ));
        }
        let big = gen::article(&spec);
        let mut session = Session::open(name, ws, big.clone());
        session.run("typing in prose", &[(gen::prose_line(&big, 0.5), 0)], 0);
        if registry {
            // Right after `@a12` in the middle, which makes it undefined.
            let (line, _, id_end) = gen::actor_reference(&big, 0.5);
            session.run("typing in an id", &[(line, id_end)], 1);
            // Two cursors, a tenth and nine tenths of the way down.
            let cursors = [
                (gen::prose_line(&big, 0.9), 0),
                (gen::prose_line(&big, 0.1), 0),
            ];
            session.run("typing with two cursors far apart", &cursors, 0);
        }
    }
    for shape in shapes::Shape::ALL {
        if !wanted(shape.describe()) {
            continue;
        }
        let text = shape.article();
        let line = shapes::paragraph_start(&text, 0.5);
        let mut session = Session::open(shape.describe(), Workspace::new(), text);
        session.run("typing in prose", &[(line, 0)], 0);
    }
}

struct Session {
    ws: Workspace,
    doc: Document,
    config: Config,
    diagnostics: usize,
    /// The last check, whose findings in blocks an edit did not touch are kept, as the
    /// server keeps them.
    last: Vec<Diagnostic>,
}

impl Session {
    fn open(name: &str, mut ws: Workspace, text: String) -> Session {
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
        let bytes = text.len();
        let mut doc = Document::new(PathBuf::from("big.cdown"), text);
        let id = doc.refresh(&mut ws).id;
        doc.take_change(&ws);
        let last = check_file(&ws, id, &config);
        let diagnostics = last.len();
        println!(
            "\n== {name}: {} files; article: {:.2} MB, {} lines, {diagnostics} diagnostics",
            ws.file_count(),
            bytes as f64 / 1e6,
            doc.lines().line_count(),
        );
        Session {
            ws,
            doc,
            config,
            diagnostics,
            last,
        }
    }

    /// Types `x` at each cursor (a line and byte column, the last first), then deletes
    /// it, `EDITS` times in all; each `x` typed leaves `undefined` more findings.
    fn run(&mut self, scenario: &str, cursors: &[(usize, usize)], undefined: usize) {
        let mut times = Vec::new();
        for i in 0..EDITS {
            let mut stage = [Duration::ZERO; STAGES.len()];
            let mut clock = Instant::now();
            let mut lap = |n: usize, clock: &mut Instant| {
                stage[n] = clock.elapsed();
                *clock = Instant::now();
            };
            for &(line, column) in cursors {
                let start = self.doc.lines().line_start(line) + column;
                let (end, inserted) = if i % 2 == 0 {
                    (start, "x")
                } else {
                    (start + 1, "")
                };
                self.doc.edit(start, end, inserted);
            }
            lap(0, &mut clock);
            let done = self.doc.refresh(&mut self.ws);
            lap(1, &mut clock);
            let change = self.doc.take_change(&self.ws);
            let since = change.as_ref().map(|change| Since {
                previous: &self.last,
                change,
            });
            let found = check_file_since(&self.ws, done.id, &self.config, since);
            let expected = self.diagnostics + if i % 2 == 0 { undefined } else { 0 };
            assert_eq!(found.len(), expected, "keystroke {i}");
            lap(2, &mut clock);
            // What the server does to each diagnostic before it knows whether its JSON
            // can be re-sent: its range in the client's positions.
            if let Some(file) = self.ws.file(done.id) {
                let lines = &file.line_index;
                let positions: u64 = found
                    .iter()
                    .map(|d| {
                        let (start, end) = lines.range_line_cols(
                            &file.text,
                            d.range.start as usize,
                            d.range.end as usize,
                            Encoding::Utf16,
                        );
                        u64::from(start.col + end.col)
                    })
                    .sum();
                std::hint::black_box(positions);
            }
            self.last = found;
            lap(3, &mut clock);
            drop(done);
            lap(4, &mut clock);
            times.push(stage);
        }
        report(scenario, &times);
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
