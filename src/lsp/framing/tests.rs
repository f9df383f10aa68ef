use super::*;

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

fn decode_all(input: &[u8]) -> Vec<Decoded> {
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::from(input);
    let mut out = Vec::new();
    while let Some(decoded) = decoder.decode(&mut buf) {
        out.push(decoded);
    }
    out.extend(decoder.decode_eof(&mut buf));
    out
}

/// Feeds the input one byte at a time, as a slow pipe would.
fn decode_trickle(input: &[u8]) -> Vec<Decoded> {
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::new();
    let mut out = Vec::new();
    for byte in input {
        buf.extend_from_slice(&[*byte]);
        while let Some(decoded) = decoder.decode(&mut buf) {
            out.push(decoded);
        }
    }
    out.extend(decoder.decode_eof(&mut buf));
    out
}

fn message(body: &str) -> Decoded {
    Decoded::Message(body.as_bytes().to_vec())
}

const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;

#[test]
fn frames_in_one_chunk_and_byte_by_byte() {
    let input = format!("{}{}", frame(PING), frame("{}"));
    let expected = vec![message(PING), message("{}")];
    assert_eq!(decode_all(input.as_bytes()), expected);
    assert_eq!(decode_trickle(input.as_bytes()), expected);
}

#[test]
fn extra_headers_in_any_case_and_bare_newlines_are_accepted() {
    let input = format!(
        "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Trace: 1\r\n\r\n{PING}\r\nContent-Length: 2\n\n{{}}",
        PING.len()
    );
    assert_eq!(
        decode_all(input.as_bytes()),
        vec![message(PING), message("{}")]
    );
}

#[test]
fn garbage_before_a_header_is_skipped() {
    let input = format!("hello there\r\n{}", frame(PING));
    let decoded = decode_all(input.as_bytes());
    assert_eq!(
        decoded,
        vec![
            Decoded::Error(FrameError::Garbage { skipped: 13 }),
            message(PING)
        ]
    );
    assert_eq!(
        decode_trickle(input.as_bytes()),
        decoded,
        "one error, byte by byte too"
    );
}

#[test]
fn bad_lengths_cost_their_frame_only() {
    for header in [
        "Content-Length: abc\r\n\r\n",
        "Content-Length: -3\r\n\r\n",
        "Content-Length:\r\n\r\n",
        "Content-Type: text/plain\r\n\r\n",
        "Content-Length: 3\r\nContent-Length: 4\r\n\r\n",
    ] {
        let input = format!("{header}{{}}{}", frame(PING));
        let decoded = decode_all(input.as_bytes());
        assert!(
            matches!(
                decoded.first(),
                Some(Decoded::Error(FrameError::BadHeader(_)))
            ),
            "{header:?}: {decoded:?}"
        );
        assert_eq!(decoded.last(), Some(&message(PING)), "{header:?}");
        assert_eq!(
            decode_trickle(input.as_bytes()).last(),
            Some(&message(PING))
        );
    }
}

#[test]
fn a_short_length_cuts_the_body_and_the_rest_is_skipped() {
    let input = format!("Content-Length: 5\r\n\r\n{PING}{}", frame("{}"));
    let decoded = decode_all(input.as_bytes());
    assert_eq!(decoded.first(), Some(&message(&PING[..5])));
    assert!(matches!(
        decoded[1],
        Decoded::Error(FrameError::Garbage { .. })
    ));
    assert_eq!(decoded.last(), Some(&message("{}")));
}

#[test]
fn a_long_length_stops_at_the_next_header() {
    let input = format!("Content-Length: 500\r\n\r\n{PING}{}", frame("{}"));
    for decoded in [
        decode_all(input.as_bytes()),
        decode_trickle(input.as_bytes()),
    ] {
        assert_eq!(
            decoded,
            vec![
                Decoded::Error(FrameError::Overlong {
                    declared: 500,
                    body: PING.as_bytes().to_vec()
                }),
                message("{}")
            ]
        );
    }
}

#[test]
fn a_header_inside_a_json_string_does_not_cut_the_body() {
    let body = r#"{"text":"Content-Length: 2\r\n\r\n{}"}"#;
    let input = frame(body);
    assert_eq!(decode_trickle(input.as_bytes()), vec![message(body)]);
}

#[test]
fn a_stalled_complete_body_is_flushed_on_request() {
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::from(format!("Content-Length: 99\r\n\r\n{PING}").as_bytes());
    assert_eq!(decoder.decode(&mut buf), None);
    assert!(decoder.is_pending());
    assert!(matches!(
        decoder.flush_stalled(&mut buf),
        Some(Decoded::Error(FrameError::Overlong { declared: 99, .. }))
    ));
    buf.extend_from_slice(frame("{}").as_bytes());
    assert_eq!(decoder.decode(&mut buf), Some(message("{}")));
}

#[test]
fn a_huge_frame_is_skipped_without_buffering() {
    let length = MAX_MESSAGE_BYTES + 10;
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::from(format!("Content-Length: {length}\r\n\r\n").as_bytes());
    assert_eq!(
        decoder.decode(&mut buf),
        Some(Decoded::Error(FrameError::TooLarge { length }))
    );
    let chunk = vec![b'x'; 1 << 20];
    let mut sent = 0;
    while sent < length {
        let n = chunk.len().min(length - sent);
        buf.extend_from_slice(&chunk[..n]);
        sent += n;
        assert_eq!(decoder.decode(&mut buf), None);
        assert!(buf.is_empty(), "the skipped body is not kept");
    }
    buf.extend_from_slice(frame(PING).as_bytes());
    assert_eq!(decoder.decode(&mut buf), Some(message(PING)));
}

#[test]
fn a_length_with_too_many_digits_is_too_large() {
    let decoded = decode_all(b"Content-Length: 99999999999999999999999999\r\n\r\n{}");
    assert!(matches!(
        decoded[0],
        Decoded::Error(FrameError::TooLarge { .. })
    ));
}

#[test]
fn an_endless_header_is_garbage() {
    let input = vec![b'a'; MAX_HEADER_BYTES * 3];
    let decoded = decode_all(&input);
    assert!(decoded.iter().all(|d| matches!(
        d,
        Decoded::Error(FrameError::Garbage { .. } | FrameError::Truncated)
    )));
}

#[test]
fn the_end_of_input_inside_a_frame_is_reported() {
    assert_eq!(
        decode_all(b"Content-Length: 10\r\n\r\n{\"a\""),
        vec![Decoded::Error(FrameError::Truncated)]
    );
    assert_eq!(decode_all(b"\r\n"), vec![]);
}

#[test]
fn stalled_garbage_is_reported_once() {
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::from(&b"GET / HTTP/1.1\r\nHost: x\r\n"[..]);
    assert_eq!(decoder.decode(&mut buf), None);
    assert!(decoder.is_pending());
    assert!(matches!(
        decoder.flush_stalled(&mut buf),
        Some(Decoded::Error(FrameError::Garbage { .. }))
    ));
    assert_eq!(decoder.flush_stalled(&mut buf), None);
    buf.extend_from_slice(frame(PING).as_bytes());
    let rest: Vec<Decoded> = std::iter::from_fn(|| decoder.decode(&mut buf)).collect();
    assert_eq!(rest.last(), Some(&message(PING)));
}
