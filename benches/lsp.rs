//! Drives the real `claimdown lsp` over stdio on a generated 1 MB article in a 2,000-file
//! workspace, and prints: workspace indexing time, time to first diagnostics after
//! `didOpen`, keystroke-to-diagnostics latency (median, p99), hover and definition latency,
//! and resident memory.
//!
//! Run with `cargo bench --bench lsp` (a release build of the server). `cargo bench --bench
//! lsp -- scale` measures a 20,000-file workspace instead: the time to the first hover on an
//! open document and to the end of indexing, resident memory per byte of text, and
//! `claimdown check` over it. `CLAIMDOWN_BENCH_OFF=rule,rule` turns rules off in the
//! workspace (a `claimdown.toml`), to measure what they cost; `-- memory` measures the peak
//! memory of opening one large article.

#[path = "support/gen.rs"]
mod gen;
#[path = "support/shapes.rs"]
mod shapes;
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::Server;

const ARTICLES: usize = 1_999;
const SCALE_ARTICLES: usize = 20_000;
const EDITS: usize = 300;
const QUERIES: usize = 300;

/// The server measured: this build, or the one `CLAIMDOWN_BENCH_SERVER` names (to measure
/// the build before a change with the same client).
fn start_server() -> Server {
    match std::env::var_os("CLAIMDOWN_BENCH_SERVER") {
        Some(program) => Server::start_program(&program, &["lsp"], &[]),
        None => Server::start(),
    }
}

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .unwrap_or_default();
    // 220 MB to write and index: only when asked for by name.
    if filter == "scale" {
        scale();
        return;
    }
    if filter == "memory" {
        memory();
        return;
    }
    if "workspace".contains(filter.as_str()) {
        workspace();
    }
    for shape in shapes::Shape::ALL {
        if shape.describe().contains(filter.as_str()) {
            alone(shape);
        }
    }
}

/// Keystrokes in an article of another shape, open alone in its folder.
fn alone(shape: shapes::Shape) {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lsp-bench-shape");
    let _ = std::fs::remove_dir_all(&dir);
    let text = shape.article();
    let path = dir.join("article.cdown");
    if let Err(err) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &text)) {
        panic!("cannot write the article: {err}");
    }
    let mut server = start_server();
    let mut mode = Mode::from_env();
    mode.initialize(&mut server, &dir);
    // Diagnostics come once the folder is indexed.
    let uri = server.open(&path, &text);
    let first = mode.first(&mut server, &uri);
    println!(
        "\n== {}: {:.2} MB, {first} diagnostics",
        shape.describe(),
        text.len() as f64 / 1e6,
    );
    let line = shapes::paragraph_start(&text, 0.5) as u32;
    let mut version = 1;
    let mut latencies = keystrokes(&mut server, &mut mode, &uri, &mut version, (line, 0));
    report_keystrokes("keystroke → diagnostics", &mut latencies);
    let _ = server.stop();
}

/// The 1 MB article in a 2,000-file workspace.
fn workspace() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lsp-bench");
    let _ = std::fs::remove_dir_all(&dir);
    let workspace_bytes = match gen::write_workspace(&dir, ARTICLES) {
        Ok(bytes) => bytes,
        Err(err) => panic!("cannot write the workspace: {err}"),
    };
    // The open article uses the shared registry's actors (`a0`…`a399`) rather than
    // defining its own, which would clash with the registry's.
    let spec = gen::ArticleSpec {
        actors: 400,
        define_actors: false,
        ..gen::large_article_spec()
    };
    let big = gen::article(&spec);
    // `CLAIMDOWN_BENCH_OFF=rule,rule`: measure without those rules, for a before and after.
    let off: Vec<String> = std::env::var("CLAIMDOWN_BENCH_OFF")
        .unwrap_or_default()
        .split(',')
        .filter(|rule| !rule.is_empty())
        .map(|rule| format!("{rule} = \"off\"\n"))
        .collect();
    if !off.is_empty() {
        let config = format!("[rules]\n{}", off.concat());
        if let Err(err) = std::fs::write(dir.join("claimdown.toml"), config) {
            panic!("{err}");
        }
    }
    let big_path = dir.join("big.cdown");
    if let Err(err) = std::fs::write(&big_path, &big) {
        panic!("{err}");
    }
    println!(
        "workspace: {} files, {:.1} MB; open article: {:.2} MB",
        ARTICLES + 2,
        (workspace_bytes + big.len() as u64) as f64 / 1e6,
        big.len() as f64 / 1e6
    );

    let mut server = start_server();
    let mut mode = Mode::from_env();
    let started = Instant::now();
    mode.initialize(&mut server, &dir);
    server.wait_for("$/progress", |params| params["value"]["kind"] == "end");
    println!(
        "indexing {} files: {:.0} ms",
        ARTICLES + 2,
        started.elapsed().as_secs_f64() * 1e3
    );

    let opened = Instant::now();
    let uri = server.open(&big_path, &big);
    mode.first(&mut server, &uri);
    println!(
        "first diagnostics after didOpen (1 MB): {:.1} ms",
        opened.elapsed().as_secs_f64() * 1e3
    );

    // Keystrokes in a prose line in the middle: type a character, then delete it.
    let lines: Vec<&str> = big.lines().collect();
    let line = gen::prose_line(&big, 0.5) as u32;
    let mut version = 1;
    let mut latencies = keystrokes(&mut server, &mut mode, &uri, &mut version, (line, 0));
    report_keystrokes("keystroke → diagnostics (1 MB)", &mut latencies);
    // The same in an actor's id, which makes it undefined and then mends it.
    // The server speaks UTF-16: columns count its code units.
    let (id_line, id_start, id_end) = gen::actor_reference(&big, 0.5);
    let utf16 = |col: usize| lines[id_line][..col].encode_utf16().count() as u32;
    let in_id = (id_line as u32, utf16(id_end));
    let mut latencies = keystrokes(&mut server, &mut mode, &uri, &mut version, in_id);
    report_keystrokes("keystroke in an id → diagnostics", &mut latencies);

    if mode.pulls() {
        workspace_pulls(&mut server, &uri, &mut version, (line, 0));
    }

    // Hover and definition on an actor reference in the middle of the file.
    let (hover_line, hover_col) = (id_line as u32, utf16(id_start));
    for (method, label) in [
        ("textDocument/hover", "hover"),
        ("textDocument/definition", "definition"),
    ] {
        let mut latencies = Vec::new();
        for _ in 0..QUERIES {
            let started = Instant::now();
            let res = server.at(method, &uri, hover_line, hover_col);
            latencies.push(started.elapsed());
            assert!(!res.is_null(), "{method} answered nothing");
        }
        report(label, &mut latencies);
    }
    let _ = server.request("workspace/symbol", json!({ "query": "a1" }));
    println!(
        "resident memory: {}",
        resident_memory(server.pid()).unwrap_or_else(|| "unknown".to_owned())
    );
    let _ = server.stop();
}

/// The 20,000-file workspace (written once into `target/tmp/lsp-bench-scale`).
fn scale() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lsp-bench-scale");
    let marker = dir.join(format!(".written-{SCALE_ARTICLES}"));
    let bytes = if marker.exists() {
        cdown_bytes(&dir)
    } else {
        let _ = std::fs::remove_dir_all(&dir);
        match gen::write_workspace(&dir, SCALE_ARTICLES)
            .and_then(|bytes| std::fs::write(&marker, "").map(|()| bytes))
        {
            Ok(bytes) => bytes,
            Err(err) => panic!("cannot write the workspace: {err}"),
        }
    };
    println!(
        "\n== scale: {} files, {:.1} MB",
        SCALE_ARTICLES + 1,
        bytes as f64 / 1e6
    );
    // A document of its own, not on disk, with a local definition to hover.
    let text = "[@local]: A local actor\n  kind: person\n\nSays [this]{#c1 @local}.\n";
    let path = dir.join("scratch.cdown");

    let mut server = start_server();
    let profile = Profile::indexing(server.pid());
    let started = Instant::now();
    server.initialize(&dir, &["utf-16"]);
    let uri = server.open(&path, text);
    let hover = server.at("textDocument/hover", &uri, 3, 18);
    let first_hover = started.elapsed();
    assert!(!hover.is_null(), "no hover on the local definition");
    let ended_before = server
        .pending()
        .iter()
        .any(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    println!(
        "first hover after initialize: {:.0} ms ({} indexing ended)",
        first_hover.as_secs_f64() * 1e3,
        if ended_before { "after" } else { "before" }
    );
    server.wait_for_within("$/progress", Duration::from_secs(600), |params| {
        params["value"]["kind"] == "end"
    });
    // The machine is shared: the server's CPU time tells its work from waiting for a core.
    println!(
        "indexing {} files: {:.0} ms, {:.1} s of CPU ({})",
        SCALE_ARTICLES + 1,
        started.elapsed().as_secs_f64() * 1e3,
        cpu_seconds(server.pid()).unwrap_or(f64::NAN),
        thread_cpu(server.pid())
    );
    drop(profile);
    // What the server holds once indexed, after a query that answers from every file.
    let _ = server.request("workspace/symbol", json!({ "query": "a1" }));
    if let Some(kb) = resident_kb(server.pid()) {
        println!(
            "resident memory: {:.0} MB, {:.2} bytes per byte of text",
            kb / 1024.0,
            kb * 1024.0 / bytes as f64
        );
    }
    // What a client that pulls asks after each change: every file's diagnostics.
    // The first checks every closed file; hovers asked meanwhile go between its steps.
    // The third holds the result ids of the second, as VS Code's pulls do: all unchanged
    // but the edited file's.
    let mut previous = json!([]);
    for (version, label) in [
        (1, "first"),
        (2, "after a keystroke in prose"),
        (3, "after another, with the last result ids"),
    ] {
        if version > 1 {
            server.change(&uri, version, [3, 0, 3, 0], "x");
        }
        let started = Instant::now();
        let id = server.send_request(
            "workspace/diagnostic",
            json!({ "previousResultIds": previous }),
        );
        let mut hovers = Vec::new();
        while version == 1 && hovers.len() < 50 {
            std::thread::sleep(Duration::from_millis(20));
            let asked = Instant::now();
            let _ = server.at("textDocument/hover", &uri, 3, 18);
            hovers.push(asked.elapsed().as_secs_f64() * 1e3);
        }
        let all = server.response_within(&id, Duration::from_secs(600));
        let elapsed = started.elapsed();
        let items = all["result"]["items"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        println!(
            "workspace/diagnostic, {label}: {:.0} ms, {} files, {} unchanged",
            elapsed.as_secs_f64() * 1e3,
            items.len(),
            items
                .iter()
                .filter(|item| item["kind"] == "unchanged")
                .count()
        );
        previous = result_ids(items);
        if !hovers.is_empty() {
            hovers.sort_by(f64::total_cmp);
            println!(
                "  {} hovers meanwhile: median {:.1} ms, slowest {:.1} ms",
                hovers.len(),
                hovers[hovers.len() / 2],
                hovers[hovers.len() - 1]
            );
        }
    }
    let _ = server.stop();

    let started = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_claimdown"))
        .args(["check", "--format", "json"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        panic!("cannot start claimdown check");
    };
    // Its CPU time is read once it has exited, before it is reaped.
    let mut peak = f64::NAN;
    let cpu = loop {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", child.id()));
        let exited = stat.is_ok_and(|stat| {
            stat.rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        });
        if exited {
            break cpu_seconds(child.id()).unwrap_or(f64::NAN);
        }
        peak = status_kb(child.id(), "VmHWM:").unwrap_or(peak);
        std::thread::sleep(Duration::from_millis(5));
    };
    let status = child.wait();
    let elapsed = started.elapsed().as_secs_f64();
    // 0 or 1 (diagnostics found); 2 would be a usage or I/O failure.
    assert!(
        status.is_ok_and(|status| matches!(status.code(), Some(0 | 1))),
        "claimdown check failed"
    );
    println!(
        "claimdown check: {elapsed:.2} s, {:.1} MB/s; {cpu:.1} s of CPU, peak memory {:.0} MB",
        bytes as f64 / 1e6 / elapsed,
        peak / 1024.0
    );
}

/// The size of the `.cdown` files in `dir`.
fn cdown_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "cdown"))
        .filter_map(|entry| entry.metadata().ok())
        .map(|meta| meta.len())
        .sum()
}

/// How this client gets a document's diagnostics: pushed to it (`publishDiagnostics`), or
/// pulled after each change (`CLAIMDOWN_BENCH_PULL=1`) as VS Code does, with the result id
/// of the last report, so that an unchanged list comes back as `unchanged`.
enum Mode {
    Push,
    Pull {
        result_id: Option<String>,
        full: usize,
        unchanged: usize,
    },
}

impl Mode {
    fn from_env() -> Mode {
        if std::env::var_os("CLAIMDOWN_BENCH_PULL").is_some_and(|v| v != "0") {
            println!("(diagnostics pulled)");
            Mode::Pull {
                result_id: None,
                full: 0,
                unchanged: 0,
            }
        } else {
            Mode::Push
        }
    }

    fn initialize(&self, server: &mut Server, dir: &std::path::Path) {
        match self {
            Mode::Push => server.initialize(dir, &["utf-16"]),
            Mode::Pull { .. } => server.initialize_pulling(dir, &["utf-16"]),
        };
    }

    /// Waits for a document's first diagnostics; returns how many there are.
    fn first(&mut self, server: &mut Server, uri: &str) -> usize {
        match self {
            Mode::Push => server.wait_for("textDocument/publishDiagnostics", |params| {
                params["uri"] == uri
            })["diagnostics"]
                .as_array()
                .map_or(0, Vec::len),
            Mode::Pull { .. } => {
                // Until the folder is indexed the server asks to be asked again.
                let deadline = Instant::now() + support::TIMEOUT;
                loop {
                    let report = self.pull(server, uri);
                    if let Some(items) = report["items"].as_array() {
                        return items.len();
                    }
                    assert!(Instant::now() < deadline, "no diagnostics: {report}");
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
    }

    /// Waits for the diagnostics of a document's version `version`.
    fn after_change(&mut self, server: &mut Server, uri: &str, version: i32) {
        match self {
            Mode::Push => {
                server.wait_for("textDocument/publishDiagnostics", |params| {
                    params["uri"] == uri && params["version"] == version
                });
            }
            // The server reads the change before the request: the report is of this version.
            Mode::Pull { .. } => {
                let report = self.pull(server, uri);
                assert!(report["kind"].is_string(), "no report: {report}");
            }
        }
    }

    fn pull(&mut self, server: &mut Server, uri: &str) -> serde_json::Value {
        let Mode::Pull {
            result_id,
            full,
            unchanged,
        } = self
        else {
            return serde_json::Value::Null;
        };
        let id = server.send_request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri }, "previousResultId": result_id }),
        );
        let mut response = server.response(&id);
        // The server's requests to pull again (`workspace/diagnostic/refresh`), answered.
        server.clear_pending();
        let report = response["result"].take();
        match report["kind"].as_str() {
            Some("full") => {
                *full += 1;
                *result_id = report["resultId"].as_str().map(str::to_owned);
            }
            Some("unchanged") => *unchanged += 1,
            _ => {}
        }
        report
    }

    fn pulls(&self) -> bool {
        matches!(self, Mode::Pull { .. })
    }

    fn report(&mut self) {
        if let Mode::Pull {
            full, unchanged, ..
        } = self
        {
            println!("reports: {full} full, {unchanged} unchanged");
            (*full, *unchanged) = (0, 0);
        }
    }
}

/// What a client that pulls the workspace's diagnostics waits for after each keystroke:
/// VS Code pulls the workspace again when asked to refresh, which the server asks after
/// every change. A keystroke, then `workspace/diagnostic` with the result ids of the last.
fn workspace_pulls(server: &mut Server, uri: &str, version: &mut i32, (line, col): (u32, u32)) {
    let pull = |server: &mut Server, previous: &serde_json::Value| {
        let id = server.send_request(
            "workspace/diagnostic",
            json!({ "previousResultIds": previous }),
        );
        let mut response = server.response(&id);
        server.clear_pending();
        let items = response["result"]["items"].take();
        match items {
            serde_json::Value::Array(items) => items,
            _ => Vec::new(),
        }
    };
    let first = Instant::now();
    let items = pull(server, &json!([]));
    println!(
        "first workspace pull: {:.1} ms, {} files",
        first.elapsed().as_secs_f64() * 1e3,
        items.len()
    );
    let mut previous = result_ids(&items);
    let profile = Profile::record(server.pid(), "-pulls", &["-F", "4000", "-g"]);
    let mut latencies = Vec::new();
    let mut full = 0;
    for i in 0..QUERIES / 3 {
        *version += 1;
        let started = Instant::now();
        type_or_delete(server, uri, *version, i, (line, col));
        let items = pull(server, &previous);
        latencies.push(started.elapsed());
        full += items.iter().filter(|r| r["kind"] == "full").count();
        if !items.is_empty() {
            previous = result_ids(&items);
        }
    }
    drop(profile);
    println!("full reports: {full}");
    report("keystroke → workspace pull", &mut latencies);
}

/// The `n`th keystroke at a position, as version `version`: an `x` typed, then deleted.
fn type_or_delete(server: &mut Server, uri: &str, version: i32, n: usize, (line, col): (u32, u32)) {
    if n.is_multiple_of(2) {
        server.change(uri, version, [line, col, line, col], "x");
    } else {
        server.change(uri, version, [line, col, line, col + 1], "");
    }
}

/// The result ids of a workspace pull's reports, as the next pull sends them back.
fn result_ids(items: &[serde_json::Value]) -> serde_json::Value {
    items
        .iter()
        .map(|item| json!({ "uri": item["uri"], "value": item["resultId"] }))
        .collect()
}

/// `CLAIMDOWN_BENCH_PAUSE_MS`: how long to wait between a keystroke's diagnostics and the
/// next keystroke (default none: back to back). A person types a key every 100 ms or more:
/// with a pause, what the server and this client do after the diagnostics are out (dropping
/// the last version, parsing the notification) is no longer measured with the next one.
fn keystroke_pause() -> Duration {
    std::env::var("CLAIMDOWN_BENCH_PAUSE_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis)
}

/// Types `x` at a position and deletes it, `EDITS` times in all; the time from each
/// `didChange` to the diagnostics of its version.
/// Latencies of keystrokes to their diagnostics: to the last byte of the notification (the
/// server and the pipe), and to the notification parsed by this client (`serde_json` into a
/// `Value` that keeps key order: for thousands of diagnostics, more than the server takes).
struct Latencies {
    arrived: Vec<Duration>,
    parsed: Vec<Duration>,
}

fn keystrokes(
    server: &mut Server,
    mode: &mut Mode,
    uri: &str,
    version: &mut i32,
    (line, col): (u32, u32),
) -> Latencies {
    let mut latencies = Latencies {
        arrived: Vec::new(),
        parsed: Vec::new(),
    };
    let cpu_before = cpu_ns(server.pid());
    let faults_before = minor_faults(server.pid());
    let threads_before = thread_cpu_ns(server.pid());
    let profile = Profile::start(server.pid());
    let pause = keystroke_pause();
    for i in 0..EDITS {
        *version += 1;
        let started = Instant::now();
        type_or_delete(server, uri, *version, i, (line, col));
        mode.after_change(server, uri, *version);
        latencies.parsed.push(started.elapsed());
        let arrived = server
            .last_arrival()
            .map_or(Duration::ZERO, |at| at - started);
        latencies.arrived.push(arrived);
        if !pause.is_zero() {
            std::thread::sleep(pause);
        }
    }
    mode.report();
    if let Some((before, after)) = cpu_before.zip(cpu_ns(server.pid())) {
        println!(
            "server CPU time per keystroke: {:.2} ms (all its threads)",
            (after - before) as f64 / 1e6 / EDITS as f64
        );
    }
    // Fresh memory is zeroed page by page: a list allocated anew on every keystroke shows.
    if let Some((before, after)) = faults_before.zip(minor_faults(server.pid())) {
        println!(
            "  page faults per keystroke: {:.0}",
            after.saturating_sub(before) as f64 / EDITS as f64
        );
    }
    drop(profile);
    let after = thread_cpu_ns(server.pid());
    let by_thread: Vec<String> = after
        .iter()
        .map(|(name, ns)| {
            let spent = ns.saturating_sub(threads_before.get(name).copied().unwrap_or(0));
            format!("{name} {:.3} ms", spent as f64 / 1e6 / EDITS as f64)
        })
        .collect();
    println!("  by thread: {}", by_thread.join(", "));
    latencies
}

/// `CLAIMDOWN_BENCH_PERF=FILE`: `perf record` of the server during the keystrokes only
/// (not the indexing before them), into `FILE-PID`, with call graphs; and of the 20,000-file
/// workspace's indexing, into `FILE-index-PID`, without (seconds of two threads' samples
/// with stacks would fill the disk). Stopped when dropped.
struct Profile(Option<std::process::Child>);

impl Profile {
    fn start(pid: u32) -> Profile {
        Profile::record(pid, "", &["-F", "4000", "--call-graph", "dwarf,16384"])
    }

    fn indexing(pid: u32) -> Profile {
        Profile::record(pid, "-index", &["-F", "1000"])
    }

    fn record(pid: u32, phase: &str, options: &[&str]) -> Profile {
        let Some(file) = std::env::var_os("CLAIMDOWN_BENCH_PERF") else {
            return Profile(None);
        };
        let mut out = file;
        out.push(format!("{phase}-{pid}"));
        let child = std::process::Command::new("perf")
            .args(["record", "-q"])
            .args(options)
            .arg("-p")
            .arg(pid.to_string())
            .arg("-o")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn();
        // perf attaches in its own time: let it, before the work to record.
        std::thread::sleep(Duration::from_millis(300));
        Profile(child.ok())
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = std::process::Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }
}

/// The CPU time of each of a process's living threads, in nanoseconds
/// (`/proc/PID/task/TID/schedstat`, exact where `stat` counts ticks), summed by thread
/// name: where a keystroke's CPU goes, the state thread or tokio's.
fn thread_cpu_ns(pid: u32) -> std::collections::BTreeMap<String, u64> {
    let mut res = std::collections::BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return res;
    };
    for task in tasks.flatten() {
        let path = task.path();
        let name = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        let schedstat = std::fs::read_to_string(path.join("schedstat")).unwrap_or_default();
        let ns: u64 = schedstat
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        *res.entry(name.trim().to_owned()).or_insert(0) += ns;
    }
    res
}

/// The CPU time a process has run, all its threads (those gone too), in nanoseconds:
/// `/proc/PID/stat`'s user and system time, counted in Linux's fixed 100 ticks a second.
fn cpu_ns(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name in parentheses: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10_000_000)
}

/// The process's minor page faults so far (`/proc/PID/stat`, field 10).
fn minor_faults(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(7)?.parse().ok()
}

fn report_keystrokes(label: &str, latencies: &mut Latencies) {
    report(&format!("{label}, arrived"), &mut latencies.arrived);
    report(&format!("{label}, parsed"), &mut latencies.parsed);
}

fn report(label: &str, latencies: &mut [Duration]) {
    latencies.sort();
    let at = |q: f64| {
        latencies[((latencies.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e3
    };
    println!(
        "{label}: median {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} samples)",
        at(0.5),
        at(0.99),
        at(1.0),
        latencies.len()
    );
}

/// Peak memory of the server opening one large, densely annotated article alone in its
/// folder (issue 9: at most 10× the file). `CLAIMDOWN_BENCH_MB` sets the size (36 MB).
fn memory() {
    let megabytes: usize = std::env::var("CLAIMDOWN_BENCH_MB")
        .ok()
        .and_then(|mb| mb.parse().ok())
        .unwrap_or(36);
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lsp-bench-memory");
    let _ = std::fs::remove_dir_all(&dir);
    let text = shapes::dense(megabytes * 1_000_000);
    let path = dir.join("article.cdown");
    if let Err(err) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &text)) {
        panic!("cannot write the article: {err}");
    }
    let mut server = start_server();
    server.initialize(&dir, &["utf-16"]);
    let started = Instant::now();
    let uri = server.open(&path, &text);
    let first = server.wait_for("textDocument/publishDiagnostics", |params| {
        params["uri"] == uri
    });
    let elapsed = started.elapsed();
    let size = text.len() as f64;
    drop(text);
    let peak = status_kb(server.pid(), "VmHWM:").unwrap_or(f64::NAN) * 1024.0;
    println!(
        "{:.1} MB dense article, {} diagnostics after {:.2} s: peak {:.0} MB ({:.1}× the file)",
        size / 1e6,
        first["diagnostics"].as_array().map_or(0, Vec::len),
        elapsed.as_secs_f64(),
        peak / 1e6,
        peak / size
    );
    // Indexing the folder finishes in the background; what stays once it has.
    std::thread::sleep(Duration::from_secs(3));
    let resident = status_kb(server.pid(), "VmRSS:").unwrap_or(f64::NAN) * 1024.0;
    let peak = status_kb(server.pid(), "VmHWM:").unwrap_or(f64::NAN) * 1024.0;
    println!(
        "after 3 s: resident {:.0} MB ({:.1}×), peak {:.0} MB ({:.1}×)",
        resident / 1e6,
        resident / size,
        peak / 1e6,
        peak / size
    );
    let _ = server.stop();
}

/// The user and system CPU time of a process so far (`/proc/PID/stat`, in clock ticks of
/// 1/100 s, as on every Linux this runs on).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold blanks.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// The CPU time of a process's live threads by name (rayon's workers as one): whether the
/// work is spread over the cores.
fn thread_cpu(pid: u32) -> String {
    let mut by_name: std::collections::BTreeMap<String, f64> = Default::default();
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten();
    for task in tasks.flatten() {
        let path = task.path();
        let Ok(name) = std::fs::read_to_string(path.join("comm")) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(path.join("stat")) else {
            continue;
        };
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |n: usize| fields.get(n).and_then(|f| f.parse::<f64>().ok());
        let (Some(user), Some(system)) = (ticks(11), ticks(12)) else {
            continue;
        };
        let name = name.trim();
        let name = if name.starts_with("rayon") {
            "rayon"
        } else {
            name
        };
        *by_name.entry(name.to_owned()).or_default() += (user + system) / 100.0;
    }
    by_name
        .iter()
        .filter(|(_, &seconds)| seconds >= 0.05)
        .map(|(name, seconds)| format!("{name} {seconds:.1} s"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn resident_memory(pid: u32) -> Option<String> {
    Some(format!("{:.0} MB", resident_kb(pid)? / 1024.0))
}

fn resident_kb(pid: u32) -> Option<f64> {
    status_kb(pid, "VmRSS:")
}

fn status_kb(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
