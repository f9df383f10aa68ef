//! Speed of the analysis (issue 2, "Speed"): one 1 MB article through each stage, and
//! `claimdown check` over a folder of 2,000 articles. See docs/benchmarks.md.
//!
//! `cargo bench --bench check`; one group with `cargo bench --bench check -- article`.

#[path = "support/gen.rs"]
mod gen;
// Not every function of the shapes is used here.
#[allow(dead_code)]
#[path = "support/shapes.rs"]
mod shapes;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, BatchSize, Criterion, Throughput};
use rayon::prelude::*;

use claimdown::config::Config;
use claimdown::rules::check_file;
use claimdown::syntax;
use claimdown::workspace::{analyze, analyze_bytes, Workspace};

fn article_1mb(c: &mut Criterion) {
    article_1mb_with(c, "article_1mb");
}

/// The same, in CPU time of the benchmark's thread: on a shared machine, time spent waiting
/// for a core does not count.
fn article_1mb_cpu(c: &mut Criterion<ThreadCpuTime>) {
    article_1mb_with(c, "article_1mb_cpu");
}

fn article_1mb_with<M: Measurement>(c: &mut Criterion<M>, group_name: &str) {
    let text = gen::article(&gen::large_article_spec());
    if let Some(path) = std::env::var_os("CLAIMDOWN_BENCH_WRITE") {
        // For profiling the parser alone: `tree-sitter parse --time FILE` in grammar/.
        std::fs::write(&path, &text)
            .unwrap_or_else(|err| panic!("the article can be written: {err}"));
    }
    let text: Arc<str> = Arc::from(text);
    if group_name == "article_1mb" {
        describe_article(&text);
    }
    let config = Config::default_for(PathBuf::from("."));
    let tree = syntax::parse(&text);

    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::BytesDecimal(text.len() as u64));
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(8));

    // tree-sitter alone, with a parser kept across runs as the language server keeps one.
    let mut parser = syntax::new_parser();
    group.bench_function("parse", |b| {
        b.iter(|| syntax::parse_with(&mut parser, &text, None));
    });
    group.bench_function("lower", |b| {
        b.iter(|| claimdown::model::lower(&tree, &text));
    });
    group.bench_function("syntax_errors", |b| {
        b.iter(|| syntax::syntax_errors(&tree, &text));
    });
    // Parse, lower, syntax errors and line index: one file analysed.
    group.bench_function("analyze", |b| {
        b.iter(|| analyze(PathBuf::from("a.cdown"), &*text));
    });
    // Every rule, on a workspace already holding the analysed file.
    let mut ws = Workspace::new();
    let file_id = ws.set_file(analyze(PathBuf::from("a.cdown"), &*text));
    group.bench_function("rules", |b| b.iter(|| check_file(&ws, file_id, &config)));
    // Everything `claimdown check` does for one file, but reading and printing.
    group.bench_function("full", |b| {
        b.iter(|| {
            let mut ws = Workspace::new();
            let file_id = ws.set_file(analyze(PathBuf::from("a.cdown"), &*text));
            check_file(&ws, file_id, &config)
        });
    });
    group.finish();
}

fn describe_article(text: &str) {
    let file = analyze(PathBuf::from("a.cdown"), text);
    let model = &file.model;
    let nested = model
        .claims
        .iter()
        .filter(|claim| claim.parent.is_some())
        .count();
    let blocks = model.claims.iter().filter(|claim| claim.block).count();
    let multi_line = model
        .claims
        .iter()
        .filter(|claim| !claim.block && text[claim.span.as_usize()].contains('\n'))
        .count();
    eprintln!(
        "article: {} bytes, {} lines, {} claims ({nested} nested, {blocks} blocks, {multi_line} inline spans over several lines), {} actors, {} sources, {} syntax errors",
        text.len(),
        file.line_index.line_count(),
        model.claims.len(),
        model.actors.len(),
        model.sources.len(),
        file.syntax_errors().count() + model.malformed.len(),
    );
    let errors = file
        .syntax_errors()
        .map(|error| (error.range, &error.message));
    let malformed = model
        .malformed
        .iter()
        .map(|malformed| (malformed.range, &malformed.message));
    for (range, message) in errors.chain(malformed).take(5) {
        let line = file.line_index.line_of(range.start as usize);
        let line_text = file
            .line_index
            .line_range(text, line)
            .map_or("", |range| &text[range.as_usize()]);
        eprintln!("  line {}: {message}\n    {line_text}", line + 1);
    }
    assert!(
        file.syntax_errors().next().is_none() && model.malformed.is_empty(),
        "the generated article must be well-formed"
    );
}

/// A folder of 2,000 generated articles and a shared registry, written once.
fn workspace_dir() -> (PathBuf, u64) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-workspace-2000");
    let marker = dir.join(".complete");
    let bytes = match std::fs::read_to_string(&marker)
        .ok()
        .and_then(|text| text.trim().parse().ok())
    {
        Some(bytes) => bytes,
        None => {
            let bytes = gen::write_workspace(&dir, 2_000)
                .unwrap_or_else(|err| panic!("the benchmark workspace can be written: {err}"));
            std::fs::write(&marker, bytes.to_string())
                .unwrap_or_else(|err| panic!("the marker can be written: {err}"));
            bytes
        }
    };
    (dir, bytes)
}

fn check_folder(c: &mut Criterion) {
    let (dir, bytes) = workspace_dir();
    eprintln!(
        "workspace: {} ({bytes} bytes in 2,001 .cdown files)",
        dir.display()
    );
    let binary = env!("CARGO_BIN_EXE_claimdown");
    let run_binary = || {
        let status = Command::new(binary)
            .args(["check", "--format", "json"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap_or_else(|err| panic!("claimdown runs: {err}"));
        // 0 or 1 (diagnostics found); 2 would be a usage or I/O failure.
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "claimdown check failed: {status}"
        );
    };
    run_binary();

    let mut group = c.benchmark_group("check_2000_articles");
    group.throughput(Throughput::BytesDecimal(bytes));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("binary_json", |b| b.iter(run_binary));

    // The library's path without the process, the walk and the printing: read, analyse in
    // parallel, index, run the rules in parallel.
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("the workspace can be listed: {err}"))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "cdown"))
        .collect();
    paths.sort();
    let config = Config::default_for(dir.clone());
    group.bench_function("library", |b| {
        b.iter_batched(
            || paths.clone(),
            |paths| {
                let files: Vec<_> = paths
                    .into_par_iter()
                    .map(|path| {
                        let bytes =
                            std::fs::read(&path).unwrap_or_else(|err| panic!("readable: {err}"));
                        analyze_bytes(path, bytes)
                    })
                    .collect();
                let mut ws = Workspace::new();
                let ids: Vec<_> = files.into_iter().map(|file| ws.set_file(file)).collect();
                ids.par_iter()
                    .map(|&id| check_file(&ws, id, &config).len())
                    .sum::<usize>()
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`), in nanoseconds.
pub struct ThreadCpuTime;

fn thread_cpu_nanos() -> u64 {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec.
    #[allow(unsafe_code)]
    let res = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(res, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    time.tv_sec as u64 * 1_000_000_000 + time.tv_nsec as u64
}

#[cfg(not(unix))]
compile_error!("ThreadCpuTime reads POSIX clock_gettime");

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_nanos()
    }

    fn end(&self, start: u64) -> u64 {
        thread_cpu_nanos() - start
    }

    fn add(&self, v1: &u64, v2: &u64) -> u64 {
        v1 + v2
    }

    fn zero(&self) -> u64 {
        0
    }

    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        // Nanoseconds, like wall time: the same units and throughput figures.
        static WALL_TIME: WallTime = WallTime;
        WALL_TIME.formatter()
    }
}

criterion_group!(wall, article_1mb, check_folder);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = article_1mb_cpu
}

fn main() {
    if let Some(dir) = std::env::var_os("CLAIMDOWN_BENCH_FOLDERS") {
        write_folders(Path::new(&dir));
        return;
    }
    if std::env::var_os("CLAIMDOWN_BENCH_ONCE").is_some() {
        once();
        return;
    }
    if let Some(runs) = std::env::var_os("CLAIMDOWN_BENCH_STAGES") {
        let runs = runs.to_str().and_then(|runs| runs.parse().ok());
        stages(runs.unwrap_or(15).max(1));
        return;
    }
    wall();
    cpu();
    Criterion::default().configure_from_args().final_summary();
}

/// `CLAIMDOWN_BENCH_FOLDERS=DIR`: writes the articles that `benches/cores.py` checks on one
/// core and on two, each in a folder of its own: `DIR/bench` (the 1 MB article with the
/// shared registry of 400 actors it names) and one folder per shape.
fn write_folders(dir: &Path) {
    let mut folders = vec![(
        "bench".to_owned(),
        vec![
            ("article.cdown", gen::article(&gen::large_article_spec())),
            ("actors.cdown", gen::registry(400)),
        ],
    )];
    for (n, shape) in shapes::Shape::ALL.into_iter().enumerate() {
        folders.push((
            format!("shape{n}"),
            vec![("article.cdown", shape.article())],
        ));
    }
    for (name, files) in folders {
        let folder = dir.join(&name);
        for (file, text) in files {
            std::fs::create_dir_all(&folder)
                .and_then(|()| std::fs::write(folder.join(file), text))
                .unwrap_or_else(|err| panic!("cannot write {}: {err}", folder.display()));
        }
        println!("{}", folder.display());
    }
}

/// `CLAIMDOWN_BENCH_ONCE=1`: each stage of the 1 MB article once, in its own function, for a
/// profiler (`valgrind --tool=callgrind`) to attribute the cost of each; prints the times.
fn once() {
    let text: Arc<str> = Arc::from(gen::article(&gen::large_article_spec()));
    let config = Config::default_for(PathBuf::from("."));
    let (tree, parse) = timed(|| once_parse(&text));
    let (_, lower) = timed(|| once_lower(&tree, &text));
    let (_, errors) = timed(|| once_syntax_errors(&tree, &text));
    drop(tree);
    let (file, analyze) = timed(|| once_analyze(&text));
    let mut ws = Workspace::new();
    let (file_id, index) = timed(|| ws.set_file(file));
    let (_, rules) = timed(|| once_rules(&ws, file_id, &config));
    let megabytes = text.len() as f64 / 1e6;
    for (stage, (wall, cpu)) in [
        ("parse", parse),
        ("lower", lower),
        ("syntax_errors", errors),
        ("analyze", analyze),
        ("index", index),
        ("rules", rules),
    ] {
        println!(
            "{stage:<14} {:>8.2} ms wall {:>8.2} ms cpu {:>8.1} MB/s (cpu)",
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3,
            megabytes / cpu.as_secs_f64()
        );
    }
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, (Duration, Duration)) {
    let cpu_start = thread_cpu_nanos();
    let wall_start = std::time::Instant::now();
    let res = work();
    let wall = wall_start.elapsed();
    let cpu = Duration::from_nanos(thread_cpu_nanos() - cpu_start);
    (res, (wall, cpu))
}

#[inline(never)]
fn once_parse(text: &str) -> tree_sitter::Tree {
    syntax::parse(text)
}

#[inline(never)]
fn once_lower(tree: &tree_sitter::Tree, text: &str) -> claimdown::model::FileModel {
    claimdown::model::lower(tree, text)
}

#[inline(never)]
fn once_syntax_errors(tree: &tree_sitter::Tree, text: &str) -> Vec<syntax::SyntaxError> {
    syntax::syntax_errors(tree, text)
}

#[inline(never)]
fn once_analyze(text: &Arc<str>) -> claimdown::workspace::SourceFile {
    analyze(PathBuf::from("a.cdown"), &**text)
}

#[inline(never)]
fn once_rules(
    ws: &Workspace,
    file_id: claimdown::workspace::FileId,
    config: &Config,
) -> Vec<claimdown::rules::Diagnostic> {
    check_file(ws, file_id, config)
}

/// `CLAIMDOWN_BENCH_STAGES=N`: the CPU time of each stage on one core, the median of `N` runs,
/// for the 1 MB article and each shape of `support/shapes.rs`. `parse` and `lower` are one
/// parse of the whole text and its lowering; `analyze` is what `claimdown check` does for
/// a file (in pieces when large), on a pool of one thread so that every piece counts;
/// `analyze + rules` is the target of issue 16.
fn stages(runs: usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|err| panic!("a thread pool can be built: {err}"));
    // Each article is generated only if it is measured.
    type Article = (&'static str, Box<dyn Fn() -> String>);
    let mut articles: Vec<Article> = vec![(
        "the 1 MB article",
        Box::new(|| gen::article(&gen::large_article_spec())),
    )];
    for shape in shapes::Shape::ALL {
        articles.push((shape.describe(), Box::new(move || shape.article())));
    }
    // `CLAIMDOWN_BENCH_ARTICLE=short` measures the articles whose name holds `short`.
    let only = std::env::var("CLAIMDOWN_BENCH_ARTICLE").unwrap_or_default();
    println!("CPU time of one core, median of {runs} runs:");
    for (name, article) in articles {
        if !name.contains(only.as_str()) {
            continue;
        }
        let text = article();
        let text: Arc<str> = Arc::from(text);
        // Everything on the pool's one thread, whose CPU time `timed` reads.
        let times = pool.install(|| stage_times(&text, runs));
        let megabytes = text.len() as f64 / 1e6;
        println!("{name} ({megabytes:.2} MB):");
        for (stage, cpu) in times {
            println!(
                "  {stage:<16} {:>8.2} ms {:>8.1} MB/s",
                cpu.as_secs_f64() * 1e3,
                megabytes / cpu.as_secs_f64()
            );
        }
    }
}

fn stage_times(text: &Arc<str>, runs: usize) -> [(&'static str, Duration); 5] {
    let median = |work: &mut dyn FnMut() -> Duration| {
        let mut times: Vec<Duration> = (0..runs).map(|_| work()).collect();
        times.sort();
        times[times.len() / 2]
    };
    let config = Config::default_for(PathBuf::from("."));
    let parse = median(&mut || timed(|| syntax::parse(text)).1 .1);
    let tree = syntax::parse(text);
    let lower = median(&mut || timed(|| claimdown::model::lower(&tree, text)).1 .1);
    drop(tree);
    let analyze_one = || analyze(PathBuf::from("a.cdown"), &**text);
    let analyzed = median(&mut || timed(analyze_one).1 .1);
    let mut ws = Workspace::new();
    let file_id = ws.set_file(analyze_one());
    let rules = median(&mut || timed(|| check_file(&ws, file_id, &config)).1 .1);
    [
        ("parse", parse),
        ("lower", lower),
        ("analyze", analyzed),
        ("rules", rules),
        ("analyze + rules", analyzed + rules),
    ]
}
