//! Drives a workspace pull: one step (`advance`) per job on the state thread, with
//! work-done progress and partial results for the clients that ask for them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Error;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

use super::{advance, reports_of, workspace, PreviousIds, CLOSED_BATCH};
use crate::lsp::state::StateHandle;

/// A pull with more closed files than this to check shows progress of its own.
const PROGRESS_THRESHOLD: usize = 200;

/// `workspace/diagnostic`. Closed files are checked a batch per job, so that the edits
/// and requests arriving meanwhile are not held up behind thousands of files. A client
/// that gave a work-done token sees how far the check is; one that gave a partial-result
/// token (VS Code does) is sent each batch's reports as they are found, then what the
/// batches did not cover, and an empty answer, as LSP asks of partial results.
pub(crate) async fn workspace_pull(
    client: &Client,
    state: &StateHandle,
    params: lsp::WorkspaceDiagnosticParams,
    can_report: bool,
) -> Result<lsp::WorkspaceDiagnosticReportResult, Error> {
    let given = params.work_done_progress_params.work_done_token.clone();
    let partial = params.partial_result_params.partial_result_token.clone();
    let previous = Arc::new(PreviousIds::of(&params));
    let mut progress = None;
    let mut total = 0;
    let mut streamed: HashMap<lsp::Uri, String> = HashMap::new();
    let answer = loop {
        let previous = previous.clone();
        let stream = partial.is_some();
        let step = state
            .run(move |state| match advance(state) {
                Some(advanced) => {
                    let items = stream.then(|| reports_of(state, &advanced.checked, &previous));
                    Err((advanced.left, items))
                }
                None => Ok(workspace(state, &previous)),
            })
            .await
            .ok_or_else(Error::internal_error)?;
        let (left, items) = match step {
            Ok(answer) => break answer,
            Err(step) => step,
        };
        if let (Some(token), Some(items)) = (&partial, items) {
            send_partial(client, token, items, &mut streamed).await;
        }
        slow_for_tests().await;
        if total == 0 {
            total = left + CLOSED_BATCH;
            let token = match given.clone() {
                Some(token) => Some(token),
                // VS Code gives no token: a long check shows in its status bar as
                // indexing does, when the client lets the server start progress.
                None if can_report && total > PROGRESS_THRESHOLD => {
                    static PULLS: AtomicU64 = AtomicU64::new(0);
                    let n = PULLS.fetch_add(1, Ordering::Relaxed);
                    let token = lsp::ProgressToken::String(format!("claimdown/checking-{n}"));
                    let created = client.create_work_done_progress(token.clone()).await;
                    created.is_ok().then_some(token)
                }
                None => None,
            };
            if let Some(token) = token {
                let begun = client
                    .progress(token, "Checking Claimdown files")
                    .with_percentage(0)
                    .begin();
                progress = Some(begun.await);
            }
        }
        if let Some(progress) = &progress {
            let done = total.saturating_sub(left);
            let percentage = (done * 100 / total.max(1)) as u32;
            progress
                .report_with_message(format!("{done}/{total} closed files"), percentage)
                .await;
        }
    };
    // Ended whatever the answer, or the client would show it running for ever.
    if let Some(progress) = progress {
        progress.finish().await;
    }
    let answer = answer?;
    let Some(token) = partial else {
        return Ok(answer);
    };
    let lsp::WorkspaceDiagnosticReportResult::Report(report) = answer else {
        return Ok(answer);
    };
    send_partial(client, &token, report.items, &mut streamed).await;
    Ok(lsp::WorkspaceDiagnosticReportResult::Report(
        lsp::WorkspaceDiagnosticReport { items: Vec::new() },
    ))
}

/// Sends the reports not sent already (the same file with the same result id) as a
/// partial result.
async fn send_partial(
    client: &Client,
    token: &lsp::ProgressToken,
    items: Vec<lsp::WorkspaceDocumentDiagnosticReport>,
    streamed: &mut HashMap<lsp::Uri, String>,
) {
    let items: Vec<_> = items
        .into_iter()
        .filter(|item| {
            let (uri, result_id) = report_key(item);
            streamed.get(uri).map(String::as_str) != Some(result_id)
        })
        .collect();
    if items.is_empty() {
        return;
    }
    for item in &items {
        let (uri, result_id) = report_key(item);
        streamed.insert(uri.clone(), result_id.to_owned());
    }
    let value = lsp::WorkspaceDiagnosticReportPartialResult { items };
    client
        .send_notification::<PartialResult>(PartialResultParams {
            token: token.clone(),
            value,
        })
        .await;
}

/// `$/progress` carrying a partial result (the protocol types know work-done progress only).
enum PartialResult {}

#[derive(serde::Serialize, serde::Deserialize)]
struct PartialResultParams {
    token: lsp::ProgressToken,
    value: lsp::WorkspaceDiagnosticReportPartialResult,
}

impl lsp::notification::Notification for PartialResult {
    type Params = PartialResultParams;
    const METHOD: &'static str = "$/progress";
}

/// The file and result id of a report.
fn report_key(report: &lsp::WorkspaceDocumentDiagnosticReport) -> (&lsp::Uri, &str) {
    match report {
        lsp::WorkspaceDocumentDiagnosticReport::Full(full) => (
            &full.uri,
            full.full_document_diagnostic_report
                .result_id
                .as_deref()
                .unwrap_or_default(),
        ),
        lsp::WorkspaceDocumentDiagnosticReport::Unchanged(unchanged) => (
            &unchanged.uri,
            unchanged
                .unchanged_document_diagnostic_report
                .result_id
                .as_str(),
        ),
    }
}

/// Debug builds wait `CLAIMDOWN_TEST_PULL_DELAY` milliseconds after each step of a
/// workspace pull, so that the end-to-end tests can edit while one is under way.
async fn slow_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(millis) = std::env::var("CLAIMDOWN_TEST_PULL_DELAY")
        .ok()
        .and_then(|millis| millis.parse().ok())
    {
        tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
    }
}
