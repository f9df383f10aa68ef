//! A small LSP test client: starts the real `claimdown lsp` binary and speaks JSON-RPC to
//! it over stdio with Content-Length framing.

#![allow(dead_code)] // Each test binary uses a different part of it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<(Instant, Value)>,
    /// When the last message read had arrived whole, before it was parsed.
    last_arrival: Option<Instant>,
    /// Notifications and server requests read while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&["lsp"])
    }

    pub fn start_with(args: &[&str]) -> Server {
        Server::start_with_env(args, &[])
    }

    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_program(env!("CARGO_BIN_EXE_claimdown").as_ref(), args, env)
    }

    /// Starts another build of the server (the benchmarks measure the one before a change
    /// with the same client).
    pub fn start_program(program: &std::ffi::OsStr, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(program)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start claimdown lsp: {err}"));
        let stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some((arrived, message)) = read_message_timed(&mut reader) {
                if tx.send((arrived, message)).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            incoming,
            last_arrival: None,
            pending: Vec::new(),
            next_id: 1,
        }
    }

    fn write(&mut self, message: &Value) {
        let body = message.to_string();
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin
            .write_all(framed.as_bytes())
            .unwrap_or_else(|err| panic!("write: {err}"));
        self.stdin
            .flush()
            .unwrap_or_else(|err| panic!("flush: {err}"));
    }

    /// Writes bytes as they are: for malformed frames.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin
            .write_all(bytes)
            .unwrap_or_else(|err| panic!("write: {err}"));
        self.stdin
            .flush()
            .unwrap_or_else(|err| panic!("flush: {err}"));
    }

    /// Waits for a response (no `method`) whose id is `id`, e.g. `json!(null)`.
    pub fn response(&mut self, id: &Value) -> Value {
        self.response_within(id, TIMEOUT)
    }

    /// `response` with another timeout (the benchmarks check large workspaces).
    pub fn response_within(&mut self, id: &Value, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        if let Some(at) = self
            .pending
            .iter()
            .position(|m| m.get("id") == Some(id) && m.get("method").is_none())
        {
            return self.pending.remove(at);
        }
        loop {
            let message = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response with id {id}"));
            if message.get("id") == Some(id) && message.get("method").is_none() {
                return message;
            }
            self.stash(message);
        }
    }

    /// Drops the responses with id `id` read so far.
    pub fn forget_responses(&mut self, id: &Value) {
        self.pending
            .retain(|m| !(m.get("id") == Some(id) && m.get("method").is_none()));
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.write(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response; answers server requests on the way.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to {method}"));
            if message.get("id") == Some(&id) && message.get("method").is_none() {
                if let Some(error) = message.get("error") {
                    return json!({ "error": error });
                }
                return message["result"].clone();
            }
            self.stash(message);
        }
    }

    /// Sends a request without waiting for its response; returns its id, for `response`.
    pub fn send_request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.write(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        json!(id)
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let (arrived, message) = self.incoming.recv_timeout(left).ok()?;
        self.last_arrival = Some(arrived);
        Some(message)
    }

    /// When the last message read had arrived whole, before this client parsed it: what a
    /// benchmark of the server's latency measures to (a client's JSON parser is its own).
    pub fn last_arrival(&self) -> Option<Instant> {
        self.last_arrival
    }

    /// Keeps notifications; answers requests from the server (registration, progress).
    fn stash(&mut self, message: Value) {
        if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
            let result = if method == "workspace/applyEdit" {
                json!({ "applied": true })
            } else if method == "window/showDocument" {
                json!({ "success": true })
            } else {
                Value::Null
            };
            let id = id.clone();
            self.write(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
        }
        self.pending.push(message);
    }

    /// Waits for a notification of `method` whose params satisfy `accept`; earlier ones
    /// that do not are dropped.
    pub fn wait_for(&mut self, method: &str, accept: impl FnMut(&Value) -> bool) -> Value {
        self.wait_for_within(method, TIMEOUT, accept)
    }

    /// `wait_for` with another timeout (the benchmarks index large workspaces).
    pub fn wait_for_within(
        &mut self,
        method: &str,
        timeout: Duration,
        mut accept: impl FnMut(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            if let Some(idx) = self
                .pending
                .iter()
                .position(|m| m["method"] == method && accept(&m["params"]))
            {
                let mut message = self.pending.remove(idx);
                self.pending.retain(|m| m["method"] != method);
                return message["params"].take();
            }
            // Moved, not cloned: a benchmark waiting through thousands of diagnostics
            // measured this client's copies more than the server.
            let (passed, others): (Vec<Value>, Vec<Value>) = std::mem::take(&mut self.pending)
                .into_iter()
                .partition(|m| m["method"] == method);
            self.pending = others;
            seen.extend(passed.into_iter().map(|mut m| m["params"].take()));
            if seen.len() > 8 {
                seen.drain(..seen.len() - 8);
            }
            match self.recv(deadline) {
                Some(message) => self.stash(message),
                None => panic!(
                    "timed out waiting for {method}; saw: {}",
                    serde_json::to_string_pretty(&seen).unwrap_or_default()
                ),
            }
        }
    }

    /// Drops the notifications and server requests read so far.
    pub fn clear_pending(&mut self) {
        self.pending.clear();
    }

    /// The notifications and server requests read so far and not consumed.
    pub fn pending(&self) -> &[Value] {
        &self.pending
    }

    /// The methods of the notifications and server requests read so far and not consumed.
    pub fn pending_methods(&self) -> Vec<String> {
        self.pending
            .iter()
            .filter_map(|m| m["method"].as_str().map(str::to_owned))
            .collect()
    }

    /// Diagnostics for `uri` whose list satisfies `accept`.
    pub fn diagnostics(&mut self, uri: &str, mut accept: impl FnMut(&[Value]) -> bool) -> Value {
        self.wait_for("textDocument/publishDiagnostics", |params| {
            params["uri"] == uri
                && params["diagnostics"]
                    .as_array()
                    .is_some_and(|list| accept(list))
        })
    }

    pub fn initialize(&mut self, root: &Path, encodings: &[&str]) -> Value {
        self.initialize_with(root, capabilities(encodings))
    }

    /// Initializes with the capabilities of `initialize`, and pulls diagnostics
    /// (`textDocument/diagnostic`, with `workspace/diagnostic/refresh`) as VS Code does.
    pub fn initialize_pulling(&mut self, root: &Path, encodings: &[&str]) -> Value {
        let mut capabilities = capabilities(encodings);
        capabilities["textDocument"]["diagnostic"] = json!({ "relatedDocumentSupport": false });
        capabilities["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
        self.initialize_with(root, capabilities)
    }

    /// Initializes with the given client capabilities, as a recorded client would.
    pub fn initialize_with(&mut self, root: &Path, capabilities: Value) -> Value {
        self.initialize_with_options(root, capabilities, Value::Null)
    }

    /// Initializes with client capabilities and `initializationOptions` (the settings).
    pub fn initialize_with_options(
        &mut self,
        root: &Path,
        capabilities: Value,
        options: Value,
    ) -> Value {
        let root_uri = uri(root);
        let res = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{ "uri": root_uri, "name": "ws" }],
                "capabilities": capabilities,
                "initializationOptions": options
            }),
        );
        self.notify("initialized", json!({}));
        res
    }

    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "claimdown", "version": 1, "text": text } }),
        );
        uri
    }

    pub fn change(&mut self, uri: &str, version: i32, range: [u32; 4], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": range[0], "character": range[1] }, "end": { "line": range[2], "character": range[3] } },
                    "text": text
                }]
            }),
        );
    }

    pub fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(method, json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }))
    }

    /// Shuts down and exits; returns the exit status code.
    pub fn stop(mut self) -> Option<i32> {
        let res = self.request("shutdown", Value::Null);
        assert_eq!(res, Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                if std::env::var_os("CLAIMDOWN_DEBUG_HANG").is_some() {
                    let _ = Command::new("gdb")
                        .args([
                            "-p",
                            &self.child.id().to_string(),
                            "-batch",
                            "-ex",
                            "thread apply all bt 30",
                        ])
                        .status();
                }
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// What `Server::initialize` declares: everything the server can send, as VS Code declares
/// it, diagnostics pushed.
pub fn capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": { "positionEncodings": encodings },
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
        "window": { "workDoneProgress": true },
        "textDocument": {
            "publishDiagnostics": {
                "versionSupport": true,
                "relatedInformation": true,
                "codeDescriptionSupport": true,
                "tagSupport": { "valueSet": [1, 2] }
            },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "completion": {
                "completionItem": { "documentationFormat": ["markdown", "plaintext"] },
                "completionItemKind": { "valueSet": (1..=25).collect::<Vec<u32>>() }
            },
            "definition": { "linkSupport": true },
            "documentSymbol": {
                "hierarchicalDocumentSymbolSupport": true,
                "symbolKind": { "valueSet": (1..=26).collect::<Vec<u32>>() }
            },
            "rename": { "prepareSupport": true },
            "codeAction": {
                "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["quickfix"] } },
                "isPreferredSupport": true
            }
        }
    })
}

pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    read_message_timed(reader).map(|(_, message)| message)
}

/// A message, and when its last byte was read.
fn read_message_timed(reader: &mut impl BufRead) -> Option<(Instant, Value)> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let arrived = Instant::now();
    Some((arrived, serde_json::from_slice(&body).ok()?))
}

/// The rule names of a list of published diagnostics, in order.
pub fn codes(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

pub fn uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut res = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                res.push(byte as char);
            }
            _ => res.push_str(&format!("%{byte:02X}")),
        }
    }
    res
}

/// A fresh folder under the target directory with the given files.
pub fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("{err}"));
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap_or_else(|err| panic!("{err}"));
    }
    dir.canonicalize().unwrap_or(dir)
}
