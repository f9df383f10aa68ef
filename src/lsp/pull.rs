//! Pull diagnostics (LSP 3.17): `textDocument/diagnostic` for a document and
//! `workspace/diagnostic` for every file of the workspace, open or not. A result id is a
//! hash of the diagnostics sent, so a file whose diagnostics did not change since the id
//! the client holds is reported `unchanged`. VS Code pulls the workspace again two seconds
//! after each answer: what the last pull found is kept until anything changes, and a
//! closed file's diagnostics until it or what it reads of the others changes (its model
//! is built from its text to check it: 20,000 of them on every keystroke would hold the
//! state thread for seconds).

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::json;
use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::ls_types as lsp;

use super::caps::ClientCaps;
use super::convert;
use super::state::{internal_error, panic_for_tests, State};
use crate::config::Config;
use crate::rules;
use crate::text::Encoding;
use crate::workspace::{FileId, Workspace};

/// The protocol's `ServerCancelled`: before the workspace is indexed, references to
/// closed files cannot resolve, so the client is told to ask again.
fn not_ready() -> Error {
    Error {
        code: ErrorCode::ServerError(-32802),
        message: "claimdown is still reading the workspace".into(),
        data: Some(json!({ "retriggerRequest": true })),
    }
}

pub(crate) fn document(
    state: &State,
    params: &lsp::DocumentDiagnosticParams,
) -> Result<lsp::DocumentDiagnosticReportResult, Error> {
    if !state.indexed {
        return Err(not_ready());
    }
    let uri = &params.text_document.uri;
    let ((result_id, items), _) = match state.file(uri) {
        Some((id, _)) => check(state, id),
        None => ((result_id(&[]), Vec::new()), false),
    };
    let report = if params.previous_result_id.as_ref() == Some(&result_id) {
        lsp::DocumentDiagnosticReport::Unchanged(lsp::RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                result_id,
            },
        })
    } else {
        lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        })
    };
    Ok(lsp::DocumentDiagnosticReportResult::Report(report))
}

/// A file's result id and diagnostics.
type Checked = (String, Vec<lsp::Diagnostic>);

/// How many closed files have their models built at once to check them.
const CLOSED_BATCH: usize = 256;

/// Every file's result id and diagnostics, as of one analysis.
#[derive(Default)]
pub(crate) struct Cache {
    generation: Option<u64>,
    files: BTreeMap<PathBuf, Checked>,
    /// Closed files' results, with what they were checked against: the file's revision,
    /// the revision of what it reads of the others (see `Workspace::facts_revision`) and
    /// the configuration's generation.
    closed: HashMap<PathBuf, ((u64, u64, u64), Checked)>,
}

pub(crate) fn workspace(
    state: &mut State,
    params: &lsp::WorkspaceDiagnosticParams,
) -> Result<lsp::WorkspaceDiagnosticReportResult, Error> {
    if !state.indexed {
        return Err(not_ready());
    }
    let generation = state.generation();
    if generation.is_none() || state.pulled.generation != generation {
        let mut files = BTreeMap::new();
        let mut last_closed = std::mem::take(&mut state.pulled.closed);
        let mut closed = HashMap::new();
        let mut unchecked = Vec::new();
        let ids: Vec<FileId> = state.ws.file_ids().collect();
        for id in ids {
            let Some(path) = state.ws.file_text(id).map(|file| file.path.to_path_buf()) else {
                continue;
            };
            if !state.ws.is_compact(id) {
                files.insert(path, check(state, id).0);
                continue;
            }
            let stamp = (
                state.ws.file_revision(id),
                state.ws.facts_revision(id),
                state.config_generation,
            );
            match last_closed.remove(&path) {
                Some((last, checked)) if last == stamp => {
                    closed.insert(path.clone(), (stamp, checked.clone()));
                    files.insert(path, checked);
                }
                _ => unchecked.push((id, path, stamp)),
            }
        }
        // Closed files' models are built to check them: on every core, a batch at a time,
        // each batch's dropped before the next.
        for batch in unchecked.chunks(CLOSED_BATCH) {
            let checked: Vec<(Checked, bool)> = {
                let state = &*state;
                let jobs: Vec<(FileId, &Config)> = batch
                    .iter()
                    .map(|(id, path, _)| (*id, state.config_for(path)))
                    .collect();
                let (ws, caps, encoding) = (&state.ws, &state.caps, state.encoding);
                jobs.par_iter()
                    .map(|&(id, config)| check_with(ws, id, config, encoding, caps))
                    .collect()
            };
            state.ws.release_built();
            for ((_, path, stamp), (checked, reads_open)) in batch.iter().zip(checked) {
                if !reads_open {
                    closed.insert(path.clone(), (*stamp, checked.clone()));
                }
                files.insert(path.clone(), checked);
            }
        }
        state.pulled = Cache {
            generation,
            files,
            closed,
        };
    }
    let mut items = Vec::new();
    for (path, (result_id, diagnostics)) in &state.pulled.files {
        let Some(uri) = convert::uri_of(path) else {
            continue;
        };
        let previous = params
            .previous_result_ids
            .iter()
            .find(|previous| previous.uri == uri)
            .map(|previous| previous.value.as_str());
        items.push(report(
            uri,
            state.version(path),
            result_id.clone(),
            previous,
            diagnostics,
        ));
    }
    // A file the client holds diagnostics for that is gone: an empty list clears them.
    for previous in &params.previous_result_ids {
        let path = convert::path_of(&previous.uri);
        if state.ws.file_id(&path).is_none() {
            let empty = result_id(&[]);
            items.push(report(previous.uri.clone(), None, empty, None, &[]));
        }
    }
    Ok(lsp::WorkspaceDiagnosticReportResult::Report(
        lsp::WorkspaceDiagnosticReport { items },
    ))
}

fn report(
    uri: lsp::Uri,
    version: Option<i32>,
    result_id: String,
    previous: Option<&str>,
    items: &[lsp::Diagnostic],
) -> lsp::WorkspaceDocumentDiagnosticReport {
    let version = version.map(i64::from);
    if previous == Some(result_id.as_str()) {
        return lsp::WorkspaceDocumentDiagnosticReport::Unchanged(
            lsp::WorkspaceUnchangedDocumentDiagnosticReport {
                uri,
                version,
                unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            },
        );
    }
    lsp::WorkspaceDocumentDiagnosticReport::Full(lsp::WorkspaceFullDocumentDiagnosticReport {
        uri,
        version,
        full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
            result_id: Some(result_id),
            items: items.to_vec(),
        },
    })
}

/// A file's diagnostics, as `claimdown check` finds them with its project's configuration,
/// and their result id; and whether one points at a file held whole (an open document,
/// whose definitions may move without the facts revision changing). A panic in one
/// file's rules costs that file only, as when pushing.
fn check(state: &State, id: FileId) -> (Checked, bool) {
    let Some(path) = state.ws.file_text(id).map(|file| file.path) else {
        return ((result_id(&[]), Vec::new()), false);
    };
    let config = state.config_for(path);
    check_with(&state.ws, id, config, state.encoding, &state.caps)
}

fn check_with(
    ws: &Workspace,
    id: FileId,
    config: &Config,
    encoding: Encoding,
    caps: &ClientCaps,
) -> (Checked, bool) {
    let Some(file) = ws.file(id) else {
        return ((result_id(&[]), Vec::new()), false);
    };
    let checked = catch_unwind(AssertUnwindSafe(|| {
        panic_for_tests(&file.text);
        let found = rules::check_file(ws, id, config);
        let reads_open = found
            .iter()
            .flat_map(|d| &d.related)
            .any(|related| related.file != id && !ws.is_compact(related.file));
        let items = found
            .iter()
            .map(|d| convert::diagnostic(ws, file, d, encoding, caps))
            .collect::<Vec<_>>();
        (items, reads_open)
    }));
    let (items, reads_open) = checked.unwrap_or_else(|_| {
        eprintln!("claimdown: checking {} panicked", file.path.display());
        (vec![internal_error()], true)
    });
    ((result_id(&items), items), reads_open)
}

fn result_id(items: &[lsp::Diagnostic]) -> String {
    let mut hasher = DefaultHasher::new();
    // The wire form is what the client compares: hash that.
    serde_json::to_string(items)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
