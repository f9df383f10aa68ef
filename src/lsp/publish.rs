//! Diagnostics on their way to the client, latest only: the state thread replaces what a
//! document had waiting, and one task sends what is there whenever the client keeps up. A
//! client that reads slowly therefore holds the server to one list per document, not one
//! per version it typed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

use super::sent::Fragment;

/// What the publisher task sends to the client.
pub(crate) struct Publish {
    pub uri: lsp::Uri,
    /// Each diagnostic's JSON, shared with the state's record of what was last sent: a
    /// keystroke serialises only the diagnostics it changed (see `sent`).
    pub diagnostics: Arc<[Fragment]>,
    pub version: Option<i32>,
}

/// The `publishDiagnostics` notification, its diagnostics' JSON joined as it is.
fn notification(publish: &Publish) -> serde_json::Result<Vec<u8>> {
    let size: usize = publish.diagnostics.iter().map(|d| d.len() + 1).sum();
    let mut body = Vec::with_capacity(size + 160);
    body.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    serde_json::to_writer(&mut body, &publish.uri)?;
    body.extend_from_slice(br#","diagnostics":["#);
    for (n, diagnostic) in publish.diagnostics.iter().enumerate() {
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(diagnostic);
    }
    body.push(b']');
    if let Some(version) = publish.version {
        body.extend_from_slice(format!(r#","version":{version}"#).as_bytes());
    }
    body.extend_from_slice(b"}}");
    Ok(body)
}

#[derive(Clone, Default)]
pub(crate) struct Outbox {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Waiting lists by URI, with the order they were first queued in.
    waiting: Mutex<(HashMap<lsp::Uri, Publish>, Vec<lsp::Uri>)>,
    /// What the client should ask for again, by [`Refresh`].
    refresh: [AtomicBool; 4],
    ready: Notify,
}

/// What a client can be asked to request again, when what the server would answer changed
/// without an edit to the documents it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refresh {
    SemanticTokens,
    /// For a client that pulls diagnostics.
    Diagnostics,
    CodeLenses,
    InlayHints,
}

impl Refresh {
    const ALL: [Refresh; 4] = [
        Refresh::SemanticTokens,
        Refresh::Diagnostics,
        Refresh::CodeLenses,
        Refresh::InlayHints,
    ];
}

impl Outbox {
    /// Queues `publish`, replacing what its document had waiting.
    pub fn send(&self, publish: Publish) {
        if let Ok(mut waiting) = self.inner.waiting.lock() {
            let (lists, order) = &mut *waiting;
            if !lists.contains_key(&publish.uri) {
                order.push(publish.uri.clone());
            }
            lists.insert(publish.uri.clone(), publish);
        }
        self.inner.ready.notify_one();
    }

    /// Asks the client, once the diagnostics waiting are out, to request `what` again.
    pub fn refresh(&self, what: Refresh) {
        self.inner.refresh[what as usize].store(true, Ordering::SeqCst);
        self.inner.ready.notify_one();
    }

    /// Everything waiting, in the order first queued.
    pub fn take(&self) -> Vec<Publish> {
        let Ok(mut waiting) = self.inner.waiting.lock() else {
            return Vec::new();
        };
        let (lists, order) = &mut *waiting;
        let res = order
            .drain(..)
            .filter_map(|uri| lists.remove(&uri))
            .collect();
        lists.shrink_to_fit();
        res
    }

    /// Sends what waits, for ever: diagnostics straight into the transport's out queue, as
    /// the JSON already made of them (through the client they would be turned into a
    /// `serde_json::Value` first, which for thousands of diagnostics costs more than the
    /// analysis), and refresh requests through the client, which awaits the answers.
    pub async fn run(self, client: Client, out: tokio::sync::mpsc::Sender<Vec<u8>>) {
        loop {
            self.inner.ready.notified().await;
            for publish in self.take() {
                match notification(&publish) {
                    Ok(body) => {
                        // A closed queue: the transport is gone, the server is exiting.
                        let _ = out.send(body).await;
                    }
                    Err(err) => eprintln!("claimdown: cannot serialise diagnostics: {err}"),
                }
            }
            for what in Refresh::ALL {
                if !self.inner.refresh[what as usize].swap(false, Ordering::SeqCst) {
                    continue;
                }
                let res = match what {
                    Refresh::SemanticTokens => client.semantic_tokens_refresh().await,
                    Refresh::Diagnostics => client.workspace_diagnostic_refresh().await,
                    Refresh::CodeLenses => client.code_lens_refresh().await,
                    Refresh::InlayHints => client.inlay_hint_refresh().await,
                };
                if let Err(err) = res {
                    eprintln!("claimdown: the client refused to refresh {what:?}: {err}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notification_is_that_of_the_protocol_types() {
        let diagnostics = vec![
            lsp::Diagnostic {
                message: "one \"quoted\" 😀".to_owned(),
                ..Default::default()
            },
            lsp::Diagnostic::default(),
        ];
        let uri: lsp::Uri = "file:///a%20b.cdown"
            .parse()
            .unwrap_or_else(|_| panic!("a URI"));
        for version in [None, Some(7)] {
            let publish = Publish {
                uri: uri.clone(),
                diagnostics: diagnostics
                    .iter()
                    .map(super::super::sent::fragment)
                    .collect(),
                version,
            };
            let body = notification(&publish).unwrap_or_default();
            let got: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let params =
                lsp::PublishDiagnosticsParams::new(uri.clone(), diagnostics.clone(), version);
            let want = serde_json::json!({
                "jsonrpc": "2.0",
                "method": "textDocument/publishDiagnostics",
                "params": params,
            });
            assert_eq!(got, want);
        }
    }

    fn publish(uri: &str, version: i32) -> Publish {
        Publish {
            uri: uri.parse().unwrap_or_else(|_| panic!("{uri}")),
            diagnostics: Arc::default(),
            version: Some(version),
        }
    }

    #[test]
    fn only_the_latest_list_of_each_document_waits() {
        let outbox = Outbox::default();
        for version in 0..3000 {
            outbox.send(publish("file:///a.cdown", version));
            outbox.send(publish("file:///b.cdown", version));
        }
        outbox.send(publish("file:///a.cdown", 5000));
        let waiting = outbox.take();
        let seen: Vec<(String, Option<i32>)> = waiting
            .iter()
            .map(|p| (p.uri.as_str().to_owned(), p.version))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("file:///a.cdown".to_owned(), Some(5000)),
                ("file:///b.cdown".to_owned(), Some(2999))
            ]
        );
        assert!(outbox.take().is_empty());
    }
}
