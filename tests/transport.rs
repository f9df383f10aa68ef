//! The server survives every malformed frame and message, answers it as JSON-RPC says, and
//! then answers the next request correctly. Each case runs against the real binary.

mod support;

use serde_json::{json, Value};
use support::{workspace, Server};

const ARTICLE: &str = "[Jets struck]{#c-jets @jazayeri}.\n\n[@jazayeri]: Massoud Jazayeri\n";

/// A server with one open article, initialized.
fn ready(name: &str) -> (Server, String) {
    let root = workspace(name, &[("a.cdown", ARTICLE)]);
    let mut server = Server::start();
    server.initialize(&root, &["utf-16"]);
    let uri = server.open(&root.join("a.cdown"), ARTICLE);
    (server, uri)
}

/// The server still answers a hover on `@jazayeri` with its definition.
fn still_serves(server: &mut Server, uri: &str) {
    let hover = server.at("textDocument/hover", uri, 0, 22);
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        text.contains("Massoud Jazayeri"),
        "hover after bad input: {hover}"
    );
    assert!(server.is_running());
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"].as_i64().unwrap_or_default()
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn malformed_frames_are_answered_and_the_session_goes_on() {
    let (mut server, uri) = ready("transport-frames");
    let cases: Vec<(&str, Vec<u8>, Option<i64>)> = vec![
        ("invalid JSON", frame("{\"jsonrpc\": \"2.0\", "), Some(-32700)),
        (
            "invalid UTF-8",
            b"Content-Length: 8\r\n\r\n\"\xff\xfe\xfd\xfc\xfb\xfa\"".to_vec(),
            Some(-32700),
        ),
        ("JSON but not JSON-RPC", frame("{\"hello\": 1}"), Some(-32600)),
        ("a number", frame("42"), Some(-32600)),
        ("a batch", frame("[{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}]"), None),
        ("a missing Content-Length", b"Content-Type: x\r\n\r\n{}".to_vec(), Some(-32600)),
        ("a non-numeric Content-Length", b"Content-Length: ten\r\n\r\n{}".to_vec(), Some(-32600)),
        ("garbage before a header", b"GET / HTTP/1.1\r\n".to_vec(), Some(-32700)),
        (
            "a short Content-Length",
            b"Content-Length: 4\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}".to_vec(),
            Some(-32700),
        ),
        (
            "more than two headers",
            [
                b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-A: 1\r\nX-B: 2\r\n\r\n".as_slice(),
                b"{}",
            ]
            .concat(),
            Some(-32600),
        ),
    ];
    for (what, bytes, code) in cases {
        server.send_raw(&bytes);
        if let Some(code) = code {
            let answer = server.response(&Value::Null);
            assert_eq!(error_code(&answer), code, "{what}: {answer}");
        }
        still_serves(&mut server, &uri);
        // The rest of a broken frame may be reported as skipped bytes too.
        server.forget_responses(&Value::Null);
    }
    // The batch's request was refused with its own id.
    let batch = server.response(&json!(99));
    assert_eq!(error_code(&batch), -32600);
    server.stop();
}

#[test]
fn an_overlong_content_length_does_not_swallow_the_next_message() {
    let (mut server, uri) = ready("transport-overlong");
    let body = r#"{"jsonrpc":"2.0","id":"long","method":"workspace/symbol","params":{"query":""}}"#;
    server.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 500).as_bytes());
    // Sent with nothing after it: the client waits on its answer.
    assert_eq!(error_code(&server.response(&json!("long"))), -32600);
    server.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 500).as_bytes());
    still_serves(&mut server, &uri);
    assert_eq!(error_code(&server.response(&json!("long"))), -32600);
    server.stop();
}

#[test]
fn a_frame_above_the_limit_is_refused_without_buffering_it() {
    let (mut server, uri) = ready("transport-huge");
    // Answers the server's registration first: an answer written inside the skipped
    // frame would be skipped with it.
    still_serves(&mut server, &uri);
    // Declared but never sent: the server skips what comes, answers at once, and a
    // well-formed message after the skipped bytes is served.
    let length = 300 << 20;
    server.send_raw(format!("Content-Length: {length}\r\n\r\n").as_bytes());
    let answer = server.response(&Value::Null);
    assert_eq!(error_code(&answer), -32600, "{answer}");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..300 {
        server.send_raw(&chunk);
    }
    still_serves(&mut server, &uri);
    server.stop();
}

#[test]
fn dollar_requests_get_method_not_found() {
    let (mut server, uri) = ready("transport-dollar");
    server.send_raw(&frame(
        r#"{"jsonrpc":"2.0","id":"d","method":"$/unknownThing","params":{}}"#,
    ));
    assert_eq!(error_code(&server.response(&json!("d"))), -32601);
    // `$/` notifications stay unanswered, as the protocol wants.
    server.send_raw(&frame(
        r#"{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}"#,
    ));
    still_serves(&mut server, &uri);
    server.stop();
}

#[test]
fn initialized_without_params_indexes_the_workspace() {
    for initialized in [
        r#"{"jsonrpc":"2.0","method":"initialized"}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":null}"#,
    ] {
        let root = workspace(
            "transport-initialized",
            &[
                ("actors.cdown", "[@jazayeri]: Massoud Jazayeri\n"),
                ("a.cdown", "[Jets struck]{#c-jets @jazayeri}.\n"),
            ],
        );
        let mut server = Server::start();
        server.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": support::uri(&root),
                "capabilities": {}
            }),
        );
        server.send_raw(&frame(initialized));
        let uri = server.open(&root.join("a.cdown"), "[Jets struck]{#c-jets @jazayeri}.\n");
        // Diagnostics wait for the workspace's index: they come only if it was built, and
        // then the closed registry's actor resolves.
        let published = server.diagnostics(&uri, |_| true);
        assert_eq!(published["diagnostics"], json!([]), "{initialized}");
        server.stop();
    }
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_client_that_reads_slowly_does_not_make_the_server_grow() {
    use std::io::{BufReader, Write};
    use std::process::{Command, Stdio};
    // Every line an undefined actor: each version's diagnostics are some 100 KB of JSON.
    let article: String = (0..300)
        .map(|n| format!("[Claim {n}]{{#c-{n} @nobody-{n}}}.\n\n"))
        .collect();
    let root = workspace("transport-slow-reader", &[("a.cdown", &article)]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimdown"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|err| panic!("{err}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
    let mut write = |message: Value| {
        let body = message.to_string();
        let _ = stdin.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    };
    let uri = support::uri(&root.join("a.cdown"));
    write(
        json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{
        "processId":null,"rootUri":support::uri(&root),
        "capabilities":{"textDocument":{"publishDiagnostics":{"versionSupport":true}}}}}),
    );
    write(json!({"jsonrpc":"2.0","method":"initialized","params":{}}));
    write(
        json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{
        "uri":uri,"languageId":"claimdown","version":1,"text":article}}}),
    );
    // 3,000 edits while nobody reads what the server writes.
    let last = 3001;
    for version in 2..=last {
        let text = if version % 2 == 0 { "x" } else { "" };
        let end = if version % 2 == 0 { 0 } else { 1 };
        write(
            json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{
            "textDocument":{"uri":uri,"version":version},
            "contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":end}},"text":text}]}}),
        );
        // Give the server time to analyse some versions, as a person typing would.
        if version % 100 == 0 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let resident = resident_kib(child.id());
    // Now read: the diagnostics of the last version arrive.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(message) = support::read_message(&mut reader) {
            if message["method"] == "textDocument/publishDiagnostics"
                && tx.send(message["params"]["version"].as_i64()).is_err()
            {
                return;
            }
        }
    });
    let mut versions = Vec::new();
    while let Ok(version) = rx.recv_timeout(support::TIMEOUT) {
        versions.push(version.unwrap_or(-1));
        if versions.last() == Some(&last) {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(versions.last(), Some(&last), "{versions:?}");
    assert!(versions.len() < 100, "{} lists queued", versions.len());
    assert!(resident < 120 * 1024, "the server holds {resident} KiB");
}

/// The pipe to the client holds a large message whole, so that a publication of hundreds
/// of diagnostics is one write, not writes in turn with the client's reads.
#[cfg(target_os = "linux")]
#[test]
fn the_pipe_to_the_client_is_widened() {
    use std::io::{BufReader, Write};
    use std::os::fd::AsRawFd;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_claimdown"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start claimdown lsp: {err}"));
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        panic!("no pipes");
    };
    let fd = stdout.as_raw_fd();
    // Once the server answers, it has set up its output.
    let body =
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
            .to_string();
    let _ = stdin.write_all(&frame(&body));
    let _ = stdin.flush();
    let mut reader = BufReader::new(stdout);
    let answer = support::read_message(&mut reader);
    assert!(answer.is_some_and(|answer| answer["id"] == 1));
    #[allow(unsafe_code)] // Reading a pipe's size has no safe API in std.
    // SAFETY: `fd` is the open read end of the pipe; F_GETPIPE_SZ only reads its size.
    let size = unsafe { libc::fcntl(fd, libc::F_GETPIPE_SZ) };
    let limit: i32 = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(1 << 20);
    assert_eq!(size, limit.min(1 << 20));
    drop(reader);
    let _ = child.kill();
    let _ = child.wait();
}

/// `textDocument/diagnostic` is answered past the service once the server is initialized
/// (its JSON written by the state): before that, with params it cannot read and after
/// `shutdown`, the answer is the protocol's error, as for any other request.
#[test]
fn a_pull_of_diagnostics_is_refused_as_the_protocol_says() {
    let root = workspace("transport-pull", &[("a.cdown", ARTICLE)]);
    let uri = support::uri(&root.join("a.cdown"));
    let pull = json!({ "textDocument": { "uri": uri } });
    let mut server = Server::start();
    let id = server.send_request("textDocument/diagnostic", pull.clone());
    assert_eq!(
        error_code(&server.response(&id)),
        -32002,
        "before initialize"
    );

    let mut caps = support::capabilities(&["utf-16"]);
    caps["textDocument"]["diagnostic"] = json!({});
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    server.initialize_with(&root, caps);
    server.open(&root.join("a.cdown"), ARTICLE);
    let id = server.send_request("textDocument/diagnostic", json!({ "textDocument": 3 }));
    assert_eq!(
        error_code(&server.response(&id)),
        -32602,
        "params it cannot read"
    );
    let report = loop {
        let id = server.send_request("textDocument/diagnostic", pull.clone());
        let response = server.response(&id);
        // Until the folder is indexed: "ask again".
        if error_code(&response) != -32802 {
            break response;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(report["result"]["kind"], "full", "{report}");
    assert_eq!(report["result"]["items"], json!([]), "{report}");

    let id = server.send_request("shutdown", Value::Null);
    server.response(&id);
    let id = server.send_request("textDocument/diagnostic", pull);
    assert_eq!(error_code(&server.response(&id)), -32600, "after shutdown");
}
