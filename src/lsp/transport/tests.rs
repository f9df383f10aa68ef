use super::*;

fn rejected(body: &str) -> Vec<Value> {
    match classify(body.as_bytes()) {
        Incoming::Reject(responses) => responses
            .iter()
            .map(|r| serde_json::to_value(r).unwrap_or_default())
            .collect(),
        other => panic!("{body}: not rejected but {other:?}"),
    }
}

fn code(response: &Value) -> i64 {
    response["error"]["code"].as_i64().unwrap_or_default()
}

#[test]
fn invalid_json_is_a_parse_error() {
    for body in [
        "{",
        "{\"jsonrpc\":\"2.0\",",
        "not json",
        "{\"a\":\"\u{0}\\x\"}",
    ] {
        let answers = rejected(body);
        assert_eq!(code(&answers[0]), -32700, "{body}");
        assert_eq!(answers[0]["id"], Value::Null);
    }
    let invalid_utf8 = b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xff\"}";
    assert!(matches!(classify(invalid_utf8), Incoming::Reject(r) if r.len() == 1));
}

#[test]
fn json_that_is_not_json_rpc_is_an_invalid_request_with_its_id() {
    let answers = rejected(r#"{"id":7,"method":"hover"}"#);
    assert_eq!(
        (code(&answers[0]), answers[0]["id"].clone()),
        (-32600, 7.into())
    );
    for body in [
        "42",
        "\"x\"",
        "null",
        r#"{"jsonrpc":"2.0","id":"a"}"#,
        r#"{"jsonrpc":"2.0","id":1,"method":5}"#,
    ] {
        assert_eq!(code(&rejected(body)[0]), -32600, "{body}");
    }
    assert_eq!(rejected(r#"{"jsonrpc":"2.0","id":"a"}"#)[0]["id"], "a");
}

#[test]
fn a_batch_is_refused_request_by_request() {
    let answers = rejected(
        r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"},{"jsonrpc":"2.0","method":"exit"},{"jsonrpc":"2.0","id":"b","method":"x"}]"#,
    );
    let ids: Vec<Value> = answers.iter().map(|a| a["id"].clone()).collect();
    assert_eq!(ids, vec![Value::from(1), Value::from("b")]);
    assert!(answers.iter().all(|a| code(a) == -32600));
    assert_eq!(rejected("[]"), Vec::<Value>::new());
}

#[test]
fn initialized_without_params_is_accepted() {
    for body in [
        r#"{"jsonrpc":"2.0","method":"initialized"}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":null}"#,
    ] {
        let Incoming::Request(request) = classify(body.as_bytes()) else {
            panic!("{body} refused");
        };
        assert_eq!(request.params(), Some(&serde_json::json!({})));
    }
}

#[test]
fn requests_and_responses_pass() {
    assert!(matches!(
        classify(br#"{"jsonrpc":"2.0","id":1,"method":"$/unknown","params":{}}"#),
        Incoming::Request(_)
    ));
    assert!(matches!(
        classify(br#"{"jsonrpc":"2.0","id":1,"result":null}"#),
        Incoming::Response(_)
    ));
    assert!(matches!(
        classify(br#"{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"no"}}"#),
        Incoming::Response(_)
    ));
}

#[test]
fn the_room_a_large_message_took_is_let_go() {
    let big = format!(
        r#"{{"jsonrpc":"2.0","method":"x","params":{{"text":"{}"}}}}"#,
        "a".repeat(4 << 20)
    );
    let small = r#"{"jsonrpc":"2.0","method":"y"}"#;
    let mut input = Vec::new();
    for body in [big.as_str(), small] {
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        panic!("no runtime");
    };
    runtime.block_on(async {
        let mut reader = FrameReader::new(input.as_slice());
        let first = reader.next().await;
        assert!(matches!(first, Some(Decoded::Message(body)) if body.len() == big.len()));
        assert!(
            reader.buf.capacity() <= 1 << 20,
            "{} kept",
            reader.buf.capacity()
        );
        let second = reader.next().await;
        assert!(matches!(second, Some(Decoded::Message(body)) if body == small.as_bytes()));
    });
}

/// A client's pipe that takes a few bytes at a time, and is interrupted now and then.
struct Trickle {
    taken: Vec<u8>,
    calls: usize,
    flushes: usize,
}

impl Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(3) {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let n = buf.len().min(7);
        self.taken.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flushes += 1;
        Ok(())
    }
}

#[test]
fn the_write_loop_writes_each_message_whole_through_short_writes() {
    let (tx, rx) = mpsc::channel(8);
    for body in ["{\"a\":1}", "{}", "{\"é😀\":[1,2,3]}"] {
        tx.try_send(body.as_bytes().to_vec())
            .expect("room in the queue");
    }
    drop(tx);
    let mut out = Trickle {
        taken: Vec::new(),
        calls: 0,
        flushes: 0,
    };
    write_loop(&mut out, rx);
    let expected = "Content-Length: 7\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}Content-Length: 18\r\n\r\n{\"é😀\":[1,2,3]}";
    assert_eq!(String::from_utf8_lossy(&out.taken), expected);
    // Once the queue is drained, and once more at the end.
    assert_eq!(out.flushes, 2);
}
