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
use std::path::{Path, PathBuf};

use serde_json::json;
use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::ls_types as lsp;

use super::convert;
use super::state::{internal_error, panic_for_tests, State};
use crate::rules;
use crate::workspace::FileId;

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
            let checked = match last_closed.remove(&path) {
                Some((last, checked)) if last == stamp => checked,
                _ => {
                    let (checked, reads_open) = check(state, id);
                    // Its model was built to check it: one at a time, not all at once.
                    state.ws.release_built();
                    if reads_open {
                        files.insert(path, checked);
                        continue;
                    }
                    checked
                }
            };
            closed.insert(path.clone(), (stamp, checked.clone()));
            files.insert(path, checked);
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
    let Some(file) = state.ws.file(id) else {
        return ((result_id(&[]), Vec::new()), false);
    };
    let checked = catch_unwind(AssertUnwindSafe(|| {
        panic_for_tests(&file.text);
        let config = state.config_for(Path::new(&file.path));
        let found = rules::check_file(&state.ws, id, config);
        let reads_open = found
            .iter()
            .flat_map(|d| &d.related)
            .any(|related| related.file != id && !state.ws.is_compact(related.file));
        let items = found
            .iter()
            .map(|d| convert::diagnostic(&state.ws, file, d, state.encoding, &state.caps))
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
