//! Diagnostics on their way to the client, latest only: the state thread replaces what a
//! document had waiting, and one task sends what is there whenever the client keeps up. A
//! client that reads slowly therefore holds the server to one list per document, not one
//! per version it typed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

/// What the publisher task sends to the client.
pub(crate) struct Publish {
    pub uri: lsp::Uri,
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub version: Option<i32>,
}

#[derive(Clone, Default)]
pub(crate) struct Outbox {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Waiting lists by URI, with the order they were first queued in.
    waiting: Mutex<(HashMap<lsp::Uri, Publish>, Vec<lsp::Uri>)>,
    /// Whether the client should ask for semantic tokens again.
    refresh_tokens: std::sync::atomic::AtomicBool,
    /// Whether the client should pull diagnostics again.
    refresh_diagnostics: std::sync::atomic::AtomicBool,
    ready: Notify,
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

    /// Asks the client, once the diagnostics waiting are out, to request semantic tokens
    /// again: what ids resolve to changed without an edit to the documents shown.
    pub fn refresh_semantic_tokens(&self) {
        self.inner
            .refresh_tokens
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.inner.ready.notify_one();
    }

    /// Asks the client that pulls diagnostics to pull them again.
    pub fn refresh_diagnostics(&self) {
        self.inner
            .refresh_diagnostics
            .store(true, std::sync::atomic::Ordering::SeqCst);
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

    /// Sends what is waiting to the client, for as long as the server runs.
    pub async fn run(self, client: Client) {
        loop {
            self.inner.ready.notified().await;
            for publish in self.take() {
                client
                    .publish_diagnostics(publish.uri, publish.diagnostics, publish.version)
                    .await;
            }
            let refresh = self
                .inner
                .refresh_tokens
                .swap(false, std::sync::atomic::Ordering::SeqCst);
            if refresh {
                if let Err(err) = client.semantic_tokens_refresh().await {
                    eprintln!("claimdown: the client refused to refresh semantic tokens: {err}");
                }
            }
            let refresh = self
                .inner
                .refresh_diagnostics
                .swap(false, std::sync::atomic::Ordering::SeqCst);
            if refresh {
                if let Err(err) = client.workspace_diagnostic_refresh().await {
                    eprintln!("claimdown: the client refused to pull diagnostics again: {err}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publish(uri: &str, version: i32) -> Publish {
        Publish {
            uri: uri.parse().unwrap_or_else(|_| panic!("{uri}")),
            diagnostics: Vec::new(),
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
