//! The base protocol's framing (`Content-Length: N\r\n\r\n` then N bytes), decoded so that a
//! bad frame costs that frame only: every error is reported and the decoder resynchronises
//! at the next `Content-Length` header. It is a plain state machine over a byte buffer, so
//! it can be fuzzed and tested without any IO.

use bytes::{Buf, BytesMut};
use memchr::memmem;

/// The largest message body accepted; a larger frame is skipped as it streams in, never
/// buffered. A 64 MiB document escaped as JSON fits.
pub const MAX_MESSAGE_BYTES: usize = 256 << 20;
/// The largest header block: real clients send one or two short headers.
const MAX_HEADER_BYTES: usize = 8 << 10;
const HEADER: &[u8] = b"Content-Length:";

#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// A message body, to be read as JSON-RPC.
    Message(Vec<u8>),
    /// A frame that could not be read; the decoder has moved past it.
    Error(FrameError),
}

#[derive(Debug, PartialEq, Eq)]
pub enum FrameError {
    /// Bytes where a header was expected (up to the next `Content-Length` header).
    Garbage { skipped: usize },
    /// A header block that ended without a usable `Content-Length`.
    BadHeader(String),
    /// A `Content-Length` above [`MAX_MESSAGE_BYTES`]: the body is skipped.
    TooLarge { length: usize },
    /// The body, a complete JSON value, ended before the length its header gave, where the
    /// next message's header starts (or where the client stopped sending).
    Overlong { declared: usize, body: Vec<u8> },
    /// The input ended inside a frame.
    Truncated,
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Garbage { skipped } => write!(
                f,
                "skipped {skipped} bytes that were not a `Content-Length` header"
            ),
            FrameError::BadHeader(why) => write!(f, "bad message header: {why}"),
            FrameError::TooLarge { length } => write!(
                f,
                "message of {length} bytes refused: the limit is {MAX_MESSAGE_BYTES} bytes"
            ),
            FrameError::Overlong { declared, body } => write!(
                f,
                "`Content-Length: {declared}` but the message ended after {} bytes",
                body.len()
            ),
            FrameError::Truncated => write!(f, "the input ended inside a message"),
        }
    }
}

#[derive(Debug, Default)]
enum State {
    #[default]
    Header,
    Body {
        length: usize,
        /// How far the body was searched for a following header.
        scanned: usize,
    },
    Skip {
        remaining: usize,
    },
    /// Bytes that are no header are being dropped up to the next header.
    Garbage {
        skipped: usize,
    },
}

#[derive(Debug, Default)]
pub struct FrameDecoder {
    state: State,
}

impl FrameDecoder {
    pub fn new() -> FrameDecoder {
        FrameDecoder::default()
    }

    /// Takes the next frame off the front of `buf`, or `None` if more input is needed.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Option<Decoded> {
        loop {
            match self.state {
                State::Header => return self.header(buf),
                State::Garbage { skipped } => return self.skip_garbage(buf, skipped),
                State::Skip { remaining } => {
                    let n = remaining.min(buf.len());
                    buf.advance(n);
                    if n == remaining {
                        self.state = State::Header;
                        continue;
                    }
                    self.state = State::Skip {
                        remaining: remaining - n,
                    };
                    return None;
                }
                State::Body { length, scanned } => {
                    if buf.len() >= length {
                        let body = buf.split_to(length).to_vec();
                        self.state = State::Header;
                        return Some(Decoded::Message(body));
                    }
                    return self.early_header(buf, length, scanned);
                }
            }
        }
    }

    /// At the end of the input: what is left is reported once.
    pub fn decode_eof(&mut self, buf: &mut BytesMut) -> Option<Decoded> {
        if let Some(decoded) = self.decode(buf) {
            return Some(decoded);
        }
        let pending = match self.state {
            State::Header => !buf.iter().all(u8::is_ascii_whitespace),
            State::Body { .. } => true,
            State::Skip { .. } => false,
            State::Garbage { skipped } => {
                let skipped = skipped + buf.len();
                buf.clear();
                self.state = State::Header;
                return (skipped > 0).then_some(Decoded::Error(FrameError::Garbage { skipped }));
            }
        };
        buf.clear();
        self.state = State::Header;
        pending.then_some(Decoded::Error(FrameError::Truncated))
    }

    /// Whether the decoder is inside a frame or a stretch of garbage. When no more input
    /// comes for a while, the reader calls [`FrameDecoder::flush_stalled`]: a client that
    /// declared too long a length, or sent garbage, waits for an answer.
    pub fn is_pending(&self) -> bool {
        matches!(self.state, State::Body { .. } | State::Garbage { .. })
    }

    /// Reports what a stalled input left pending: garbage skipped so far, or a body that
    /// is already a complete JSON value (ended where the input stopped).
    pub fn flush_stalled(&mut self, buf: &mut BytesMut) -> Option<Decoded> {
        match self.state {
            State::Garbage { skipped } if skipped > 0 => {
                self.state = State::Garbage { skipped: 0 };
                Some(Decoded::Error(FrameError::Garbage { skipped }))
            }
            State::Body { length, .. } if is_json(buf) => {
                let body = buf.split().to_vec();
                self.state = State::Header;
                Some(Decoded::Error(FrameError::Overlong {
                    declared: length,
                    body,
                }))
            }
            _ => None,
        }
    }

    fn header(&mut self, buf: &mut BytesMut) -> Option<Decoded> {
        // Blank lines between frames are harmless: some clients end a body with one.
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
            .count();
        buf.advance(blank);
        if buf.is_empty() {
            return None;
        }
        if !starts_with_ignore_case(buf, HEADER) && !could_start_header(buf) {
            buf.advance(1);
            return self.skip_garbage(buf, 1);
        }
        let Some((end, terminator)) = header_end(buf) else {
            if buf.len() > MAX_HEADER_BYTES {
                buf.advance(1);
                return self.skip_garbage(buf, 1);
            }
            return None;
        };
        let block = buf.split_to(end + terminator);
        match parse_headers(&block[..end]) {
            Ok(length) if length > MAX_MESSAGE_BYTES => {
                self.state = State::Skip { remaining: length };
                Some(Decoded::Error(FrameError::TooLarge { length }))
            }
            Ok(length) => {
                self.state = State::Body { length, scanned: 0 };
                self.decode(buf)
            }
            Err(why) => Some(Decoded::Error(FrameError::BadHeader(why))),
        }
    }

    /// Drops bytes up to the next `Content-Length` header (exclusive), and reports them
    /// as one error once it is found.
    fn skip_garbage(&mut self, buf: &mut BytesMut, skipped: usize) -> Option<Decoded> {
        if let Some(at) = find_header(buf) {
            buf.advance(at);
            self.state = State::Header;
            if skipped + at == 0 {
                return self.decode(buf);
            }
            return Some(Decoded::Error(FrameError::Garbage {
                skipped: skipped + at,
            }));
        }
        // Keep a tail that may be the start of a header still arriving.
        let drop = buf.len().saturating_sub(HEADER.len() - 1);
        buf.advance(drop);
        self.state = State::Garbage {
            skipped: skipped + drop,
        };
        None
    }

    /// A body still incomplete, but a header inside it after a complete JSON value: the
    /// `Content-Length` was too long, and waiting would swallow the next message.
    fn early_header(
        &mut self,
        buf: &mut BytesMut,
        length: usize,
        scanned: usize,
    ) -> Option<Decoded> {
        let from = scanned.saturating_sub(HEADER.len());
        let mut at = from;
        while let Some(found) = find_header(&buf[at..]) {
            let split = at + found;
            if is_json(&buf[..split]) {
                let body = buf.split_to(split).to_vec();
                self.state = State::Header;
                return Some(Decoded::Error(FrameError::Overlong {
                    declared: length,
                    body,
                }));
            }
            at = split + 1;
        }
        self.state = State::Body {
            length,
            scanned: buf.len(),
        };
        None
    }
}

fn is_json(bytes: &[u8]) -> bool {
    !bytes.iter().all(u8::is_ascii_whitespace)
        && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

fn starts_with_ignore_case(buf: &[u8], prefix: &[u8]) -> bool {
    buf.len() >= prefix.len() && buf[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Whether `buf` may be the start of a header line: a header name, then `:`, or a
/// prefix of one still arriving.
fn could_start_header(buf: &[u8]) -> bool {
    let name = buf
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    name > 0 && (name == buf.len() || buf[name] == b':')
}

fn find_header(buf: &[u8]) -> Option<usize> {
    let exact = memmem::find(buf, HEADER);
    let lower = memmem::find(buf, b"content-length:");
    match (exact, lower) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Where the header block ends and the length of its terminator (`\r\n\r\n`, or `\n\n`
/// from a lenient client).
fn header_end(buf: &[u8]) -> Option<(usize, usize)> {
    let window = &buf[..buf.len().min(MAX_HEADER_BYTES + 4)];
    let crlf = memmem::find(window, b"\r\n\r\n").map(|at| (at, 4));
    let lf = memmem::find(window, b"\n\n").map(|at| (at, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The body length a header block declares. Unknown headers are ignored, as the base
/// protocol allows more than `Content-Length` and `Content-Type`.
fn parse_headers(block: &[u8]) -> Result<usize, String> {
    let mut length = None;
    for line in block.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let text = String::from_utf8_lossy(line);
        let Some((name, value)) = text.split_once(':') else {
            return Err(format!("`{}` is not a header", shorten(&text)));
        };
        if !name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        let value = value.trim();
        let parsed = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            // All digits: only too many of them can fail, which is too large.
            value.parse::<usize>().unwrap_or(usize::MAX)
        } else {
            return Err(format!(
                "`Content-Length: {}` is not a number",
                shorten(value)
            ));
        };
        if length.is_some_and(|seen| seen != parsed) {
            return Err("two different `Content-Length` headers".to_owned());
        }
        length = Some(parsed);
    }
    length.ok_or_else(|| "no `Content-Length` header".to_owned())
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests;
