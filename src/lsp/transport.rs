//! Drives the tower-lsp-server service with our own read and write loops. Its own `Server`
//! stops reading after the first undecodable message; here a bad frame or a message that
//! is not JSON-RPC is answered as the JSON-RPC spec says (-32700, -32600) and the next
//! frame is served. The loop also answers what the service leaves unanswered: a request
//! whose method starts with `$/` gets MethodNotFound, and `initialized` without params
//! (as Vim sends it) is accepted.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use bytes::BytesMut;
use futures::channel::mpsc as futures_mpsc;
use futures::{SinkExt, StreamExt};
use serde_json::Value;
use std::io::{IoSlice, Write};

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::{ClientSocket, ExitedError};
use tower_service::Service;

use super::framing::{Decoded, FrameDecoder, FrameError};

/// As many requests run at once as tower-lsp-server's own transport allows.
const CONCURRENCY: usize = 4;
/// How long a body that is already complete JSON waits for the rest its header promised.
const STALL: Duration = Duration::from_millis(300);
/// Messages waiting for the client to read them.
const OUT_QUEUE: usize = 64;
/// How long answers still under way may take once the input has ended.
const LAST_ANSWERS: Duration = Duration::from_secs(2);

type Answer = Pin<Box<dyn Future<Output = Option<Reply>> + Send>>;

/// An answer: the service's, or one whose result the server wrote as JSON itself.
enum Reply {
    Response(Response),
    Raw(Id, Vec<u8>),
}

/// The result of a request answered past the service, as JSON, or its error.
pub type RawResult = Pin<Box<dyn Future<Output = Result<Vec<u8>, Error>> + Send>>;

/// The requests the server answers with JSON it wrote itself, past the service (whose
/// answers are built as `serde_json::Value` trees: for a pull of thousands of diagnostics
/// kept serialised, most of the work). Given a request with an id, its answer, or the
/// request back for the service.
pub type RawAnswers = Box<dyn Fn(Request) -> Result<RawResult, Request> + Send>;

/// What goes out next: a message of the server's own, or an answer (`None` once every
/// request is answered and no more will come).
enum Out {
    Client(Request),
    Answer(Option<Option<Reply>>),
}

/// What one decoded message asks of the loop.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
    /// Answered at once, without the service.
    Reject(Vec<Response>),
}

/// Reads one message body as JSON-RPC.
pub fn classify(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => {
            return reject(
                Id::Null,
                ErrorCode::ParseError,
                format!("the message is not JSON: {err}"),
            )
        }
    };
    match value {
        Value::Array(items) => {
            // LSP has no batches: each request in one is refused, with its id.
            let refusals = items
                .iter()
                .filter_map(|item| {
                    let id = item.get("id").map(id_of).unwrap_or(Id::Null);
                    let is_notification = item.get("method").is_some() && item.get("id").is_none();
                    (!is_notification).then(|| {
                        Response::from_error(
                            id,
                            error(
                                ErrorCode::InvalidRequest,
                                "batches are not supported by the Language Server Protocol",
                            ),
                        )
                    })
                })
                .collect();
            Incoming::Reject(refusals)
        }
        Value::Object(_) => classify_object(value),
        _ => reject(
            Id::Null,
            ErrorCode::InvalidRequest,
            "a message must be a JSON object".to_owned(),
        ),
    }
}

fn classify_object(mut value: Value) -> Incoming {
    let id = value.get("id").map(id_of).unwrap_or(Id::Null);
    if value.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return reject(
            id,
            ErrorCode::InvalidRequest,
            "the message lacks `\"jsonrpc\": \"2.0\"`".to_owned(),
        );
    }
    match value.get("method").cloned() {
        Some(Value::String(method)) => {
            if method == "initialized" && value.get("params").is_none_or(Value::is_null) {
                value["params"] = Value::Object(Default::default());
            }
            if method == "initialize" {
                if let Some(params) = value.get_mut("params") {
                    for dropped in super::lenient::repair_initialize(params) {
                        eprintln!("claimdown: ignored the client capability `{dropped}`: not as the protocol defines it");
                    }
                    super::lenient::carry_newer(params);
                }
            }
            match serde_json::from_value::<Request>(value) {
                Ok(request) => Incoming::Request(request),
                Err(err) => reject(id, ErrorCode::InvalidRequest, err.to_string()),
            }
        }
        Some(_) => reject(
            id,
            ErrorCode::InvalidRequest,
            "`method` must be a string".to_owned(),
        ),
        None if value.get("result").is_some() || value.get("error").is_some() => {
            match serde_json::from_value::<Response>(value) {
                Ok(response) => Incoming::Response(response),
                Err(err) => reject(id, ErrorCode::InvalidRequest, err.to_string()),
            }
        }
        None => reject(
            id,
            ErrorCode::InvalidRequest,
            "the message is neither a request, a notification nor a response".to_owned(),
        ),
    }
}

/// A JSON-RPC id as the spec allows it (number, string or null); anything else is null.
fn id_of(value: &Value) -> Id {
    serde_json::from_value(value.clone()).unwrap_or(Id::Null)
}

fn error(code: ErrorCode, message: &str) -> Error {
    Error {
        code,
        message: message.to_owned().into(),
        data: None,
    }
}

fn reject(id: Id, code: ErrorCode, message: String) -> Incoming {
    Incoming::Reject(vec![Response::from_error(id, error(code, &message))])
}

/// The answer to a frame that could not be read, if the client should hear of it.
fn frame_error(err: FrameError) -> Response {
    let code = match &err {
        FrameError::Garbage { .. } | FrameError::Truncated => ErrorCode::ParseError,
        _ => ErrorCode::InvalidRequest,
    };
    // A body that was complete JSON names the request the client waits on.
    let id = match &err {
        FrameError::Overlong { body, .. } => serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|value| value.get("id").map(id_of))
            .unwrap_or(Id::Null),
        _ => Id::Null,
    };
    Response::from_error(id, error(code, &err.to_string()))
}

/// The queue of message bodies to the client, bounded: a client that reads slowly slows
/// the server down instead of growing its queues (diagnostics wait in the outbox, latest
/// only). The server's outbox writes its notifications straight into it (see
/// `publish.rs`); [`serve`] writes everything else.
pub fn out_queue() -> (mpsc::Sender<Vec<u8>>, mpsc::Receiver<Vec<u8>>) {
    mpsc::channel::<Vec<u8>>(OUT_QUEUE)
}

/// Serves `service` until `exit`, or until the input ends, writing to `output` what comes
/// into the out queue.
pub async fn serve<S, I, O>(
    input: I,
    output: O,
    mut service: S,
    socket: ClientSocket,
    (out_tx, out_rx): (mpsc::Sender<Vec<u8>>, mpsc::Receiver<Vec<u8>>),
    raw: RawAnswers,
) where
    S: Service<Request, Response = Option<Response>, Error = ExitedError> + Send + 'static,
    S::Future: Send + 'static,
    I: AsyncRead + Unpin,
    O: Write + Send + 'static,
{
    let (written, writer) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("claimdown-out".to_owned())
        .spawn(move || {
            write_loop(output, out_rx);
            let _ = written.send(());
        });
    if let Err(err) = spawned {
        eprintln!("claimdown: cannot start the thread that writes to the client: {err}");
        return;
    }

    let (mut to_client, mut client_responses) = socket.split();
    // Answers are polled in the order their requests arrived, as tower-lsp-server's own
    // transport does: a notification's handler starts before a later message's. What the
    // server sends the client (progress, partial results, requests) and the answers go out
    // through one loop that takes the former first, so that a message a handler sent
    // before it answered is written before its answer: LSP's partial results must be.
    let (mut tasks_tx, tasks_rx) = futures_mpsc::channel::<Answer>(100);
    let answers_tx = out_tx.clone();
    let answers = tokio::spawn(async move {
        let mut answers = tasks_rx.buffer_unordered(CONCURRENCY);
        let mut socket_open = true;
        let mut held = None;
        loop {
            let next = std::future::poll_fn(|cx| {
                // Handlers run as their answers are polled: what one sent before it
                // answered is in the socket once its answer is ready, and goes first.
                if held.is_none() {
                    if let Poll::Ready(answer) = answers.poll_next_unpin(cx) {
                        held = Some(answer);
                    }
                }
                if socket_open {
                    match to_client.poll_next_unpin(cx) {
                        Poll::Ready(Some(request)) => return Poll::Ready(Out::Client(request)),
                        Poll::Ready(None) => socket_open = false,
                        Poll::Pending => {}
                    }
                }
                match held.take() {
                    Some(answer) => Poll::Ready(Out::Answer(answer)),
                    None => Poll::Pending,
                }
            })
            .await;
            match next {
                Out::Client(request) => send(&answers_tx, &request).await,
                Out::Answer(Some(Some(Reply::Response(response)))) => {
                    send(&answers_tx, &response).await;
                }
                Out::Answer(Some(Some(Reply::Raw(id, result)))) => {
                    send_raw(&answers_tx, &id, &result).await;
                }
                Out::Answer(Some(None)) => {}
                Out::Answer(None) => break,
            }
        }
    });

    let mut reader = FrameReader::new(input);
    while let Some(decoded) = reader.next().await {
        let incoming = match decoded {
            Decoded::Message(body) => classify(&body),
            Decoded::Error(err) => {
                eprintln!("claimdown: {err}");
                Incoming::Reject(vec![frame_error(err)])
            }
        };
        match incoming {
            Incoming::Reject(responses) => {
                for response in responses {
                    send(&out_tx, &response).await;
                }
            }
            Incoming::Response(response) => {
                if client_responses.send(response).await.is_err() {
                    eprintln!("claimdown: a response from the client came too late");
                }
            }
            Incoming::Request(request) => {
                if ready(&mut service).await.is_err() {
                    break;
                }
                let exit = request.method() == "exit";
                let id = request.id().cloned();
                // Only requests: a notification is the service's.
                let raw = match &id {
                    Some(id) => raw(request).map(|result| (id.clone(), result)),
                    None => Err(request),
                };
                let request = match raw {
                    Ok((id, result)) => {
                        let answer: Answer = Box::pin(async move {
                            Some(match result.await {
                                Ok(result) => Reply::Raw(id, result),
                                Err(err) => Reply::Response(Response::from_error(id, err)),
                            })
                        });
                        if tasks_tx.send(answer).await.is_err() {
                            break;
                        }
                        continue;
                    }
                    Err(request) => request,
                };
                let method = request.method().to_owned();
                let call = service.call(request);
                if method == "initialize" {
                    // Nothing else may start before the server is initialized: a client
                    // that does not wait for the answer would see its next messages
                    // dropped as "not initialized".
                    if let Ok(Some(response)) = call.await {
                        send(&out_tx, &response).await;
                    }
                    continue;
                }
                let answer: Answer = Box::pin(async move {
                    let response = call.await.ok().flatten();
                    match (response, id) {
                        (Some(response), _) => Some(Reply::Response(response)),
                        // A request must be answered, even one the service drops.
                        (None, Some(id)) => Some(Reply::Response(Response::from_error(
                            id,
                            error(
                                ErrorCode::MethodNotFound,
                                &format!("method not found: {method}"),
                            ),
                        ))),
                        (None, None) => None,
                    }
                });
                if tasks_tx.send(answer).await.is_err() {
                    break;
                }
                if exit {
                    break;
                }
            }
        }
    }
    // Let the answers already under way go out, for a moment: one may wait on the client,
    // which has stopped talking.
    tasks_tx.close_channel();
    if tokio::time::timeout(LAST_ANSWERS, answers).await.is_err() {
        eprintln!("claimdown: stopped with requests unanswered");
    }
    drop(out_tx);
    let _ = tokio::time::timeout(LAST_ANSWERS, writer).await;
}

/// Waits until the service takes the next message. A service that is not ready does not
/// always arrange to be woken (tower-lsp-server's own transport polls it again whenever
/// anything else moves): poll it again shortly.
async fn ready<S: Service<Request>>(service: &mut S) -> Result<(), S::Error> {
    loop {
        let polled = std::future::poll_fn(|cx| match service.poll_ready(cx) {
            Poll::Ready(res) => Poll::Ready(Some(res)),
            Poll::Pending => Poll::Ready(None),
        })
        .await;
        match polled {
            Some(res) => return res,
            None => tokio::time::sleep(Duration::from_millis(1)).await,
        }
    }
}

async fn send(out: &mpsc::Sender<Vec<u8>>, message: &impl serde::Serialize) {
    match serde_json::to_vec(message) {
        Ok(body) => {
            let _ = out.send(body).await;
        }
        Err(err) => eprintln!("claimdown: cannot serialise a message: {err}"),
    }
}

/// A response whose result is JSON already written.
async fn send_raw(out: &mpsc::Sender<Vec<u8>>, id: &Id, result: &[u8]) {
    let mut body = Vec::with_capacity(result.len() + 48);
    body.extend_from_slice(br#"{"jsonrpc":"2.0","id":"#);
    if let Err(err) = serde_json::to_writer(&mut body, id) {
        eprintln!("claimdown: cannot serialise a message: {err}");
        return;
    }
    body.extend_from_slice(br#","result":"#);
    body.extend_from_slice(result);
    body.push(b'}');
    let _ = out.send(body).await;
}

/// Writes each message, header and body, on a thread of its own: one `writev` each,
/// without copying the body again, where tokio's standard output copied it into a buffer
/// and went through a thread of its blocking pool for each write and flush.
fn write_loop<O: Write>(mut output: O, mut bodies: mpsc::Receiver<Vec<u8>>) {
    while let Some(body) = bodies.blocking_recv() {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let mut parts = [IoSlice::new(header.as_bytes()), IoSlice::new(&body)];
        let written = write_all_vectored(&mut output, &mut parts).and_then(|()| {
            // Flush once the queue is drained, not per message.
            if bodies.is_empty() {
                output.flush()?;
            }
            Ok(())
        });
        if let Err(err) = written {
            eprintln!("claimdown: cannot write to the client: {err}");
            return;
        }
    }
    let _ = output.flush();
}

/// `Write::write_all_vectored`, which is not stable yet.
fn write_all_vectored(
    output: &mut impl Write,
    mut parts: &mut [IoSlice<'_>],
) -> std::io::Result<()> {
    IoSlice::advance_slices(&mut parts, 0);
    while !parts.is_empty() {
        match output.write_vectored(parts) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut parts, n),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// The standard output, unbuffered (a duplicate of its descriptor): the write loop writes
/// whole messages and flushes once its queue is empty, so a buffer would only copy.
pub fn raw_stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

/// Makes the pipe to the client, if the standard output is one, hold a large message
/// whole (1 MiB, Linux's limit for a user): with the default 64 KiB, a publication of a few
/// hundred diagnostics is written in turns with the client's reads, each a wake-up of the
/// other process.
pub fn widen_output_pipe() {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsFd;
        // Not a pipe (a terminal, a file, a socket): nothing to do.
        let _ = rustix::pipe::fcntl_setpipe_size(std::io::stdout().as_fd(), 1 << 20);
    }
}

/// Frames from an async byte stream.
struct FrameReader<I> {
    input: I,
    buf: BytesMut,
    decoder: FrameDecoder,
    eof: bool,
}

impl<I: AsyncRead + Unpin> FrameReader<I> {
    fn new(input: I) -> Self {
        FrameReader {
            input,
            buf: BytesMut::with_capacity(64 << 10),
            decoder: FrameDecoder::new(),
            eof: false,
        }
    }

    /// Lets go of the room a large message took: it would stay allocated, unused, while
    /// the document it opened is analysed (a 36 MB document held 50 MB so).
    fn shrink(&mut self) {
        const KEEP: usize = 1 << 20;
        if self.buf.capacity() > KEEP && self.buf.len() < KEEP / 2 {
            let mut fresh = BytesMut::with_capacity((64 << 10).max(self.buf.len()));
            fresh.extend_from_slice(&self.buf);
            self.buf = fresh;
        }
    }

    async fn next(&mut self) -> Option<Decoded> {
        loop {
            if let Some(decoded) = self.decoder.decode(&mut self.buf) {
                self.shrink();
                return Some(decoded);
            }
            if self.eof {
                return self.decoder.decode_eof(&mut self.buf);
            }
            self.buf.reserve(64 << 10);
            // Input that stops inside a frame or garbage may leave the client waiting.
            let read = if self.decoder.is_pending() {
                match tokio::time::timeout(STALL, self.input.read_buf(&mut self.buf)).await {
                    Ok(read) => read,
                    Err(_) => {
                        if let Some(decoded) = self.decoder.flush_stalled(&mut self.buf) {
                            return Some(decoded);
                        }
                        continue;
                    }
                }
            } else {
                self.input.read_buf(&mut self.buf).await
            };
            match read {
                Ok(0) => self.eof = true,
                Ok(_) => (),
                Err(err) => {
                    eprintln!("claimdown: cannot read from the client: {err}");
                    self.eof = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
