//! The language server's frame decoder and JSON-RPC classification on arbitrary bytes,
//! arriving in arbitrary chunks: no panic, no loop without progress, and a buffer that
//! never holds more than a header block or the body it waits for.
#![no_main]

use claimdown::lsp::framing::{Decoded, FrameDecoder, MAX_MESSAGE_BYTES};
use claimdown::lsp::transport::classify;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<u8>, Vec<u8>)| {
    let (chunk_sizes, bytes) = input;
    let mut decoder = FrameDecoder::new();
    let mut buf = bytes::BytesMut::new();
    let mut rest = bytes.as_slice();
    let mut sizes = chunk_sizes.iter().cycle();
    let handle = |decoded: Decoded| {
        if let Decoded::Message(body) = decoded {
            assert!(body.len() <= MAX_MESSAGE_BYTES);
            let _ = classify(&body);
        }
    };
    while !rest.is_empty() {
        let size = sizes.next().map_or(rest.len(), |&n| usize::from(n).max(1));
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        rest = tail;
        buf.extend_from_slice(chunk);
        let mut steps = 0;
        while let Some(decoded) = decoder.decode(&mut buf) {
            handle(decoded);
            steps += 1;
            assert!(steps <= bytes.len() + 1, "the decoder makes no progress");
        }
        if decoder.is_pending() {
            if let Some(decoded) = decoder.flush_stalled(&mut buf) {
                handle(decoded);
            }
        }
    }
    while let Some(decoded) = decoder.decode_eof(&mut buf) {
        handle(decoded);
    }
    assert!(buf.is_empty());
});
