//! Pull diagnostics (LSP 3.17): `textDocument/diagnostic` for a document and
//! `workspace/diagnostic` for every file of the workspace, open or not. A result id is a
//! hash of the diagnostics sent, so a file whose diagnostics did not change since the id
//! the client holds is reported `unchanged`. VS Code pulls the workspace again two seconds
//! after each answer: what the last pull found is kept until anything changes, and a
//! closed file's diagnostics until it or what it reads of the others changes (its model
//! is built from its text to check it: 20,000 of them on every keystroke would hold the
//! state thread for seconds). Closed files are checked a batch per step (`advance`), each
//! step a job of its own, so that a pull checking 20,000 files lets the edits and requests
//! that arrive meanwhile through (`stream`).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

mod stream;
pub(crate) use stream::workspace_pull;

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
    state: &mut State,
    params: &lsp::DocumentDiagnosticParams,
) -> Result<lsp::DocumentDiagnosticReportResult, Error> {
    if !state.indexed {
        return Err(not_ready());
    }
    // The edits just read are checked now, as they would be once the queue is empty: an
    // open document's list is then the one kept (see `document_json`).
    state.publish_diagnostics();
    let uri = &params.text_document.uri;
    let previous = params.previous_result_id.as_ref();
    let (result_id, items) = match state.file(uri).map(|(id, _)| id) {
        Some(id) => match open_result_id(state, id) {
            Some(result_id) => (result_id, open_items(state, id)),
            None => check(state, id).0,
        },
        None => (result_id(&[]), Vec::new()),
    };
    let report = if previous == Some(&result_id) {
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

/// `document`'s answer as JSON: for an open document, the diagnostics kept serialised
/// since its last check are joined as they are, where the protocol's types would convert
/// and serialise each one again (see `transport::RawAnswers`).
pub(crate) fn document_json(
    state: &mut State,
    params: &lsp::DocumentDiagnosticParams,
) -> Result<Vec<u8>, Error> {
    if state.indexed {
        state.publish_diagnostics();
    }
    let open = state
        .file(&params.text_document.uri)
        .and_then(|(id, _)| state.open_list(state.ws.file_text(id)?.path));
    let Some((result_id, items)) = open else {
        return serde_json::to_vec(&document(state, params)?).map_err(|_| Error::internal_error());
    };
    let mut json = Vec::new();
    if params.previous_result_id.as_ref() == Some(&result_id) {
        json.extend_from_slice(br#"{"kind":"unchanged","resultId":"#);
        serde_json::to_writer(&mut json, &result_id).map_err(|_| Error::internal_error())?;
        json.push(b'}');
        return Ok(json);
    }
    json.reserve(items.iter().map(|item| item.len() + 1).sum::<usize>() + 64);
    json.extend_from_slice(br#"{"kind":"full","resultId":"#);
    serde_json::to_writer(&mut json, &result_id).map_err(|_| Error::internal_error())?;
    json.extend_from_slice(br#","items":["#);
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            json.push(b',');
        }
        json.extend_from_slice(item);
    }
    json.extend_from_slice(b"]}");
    Ok(json)
}

/// A file's result id and diagnostics.
type Checked = (String, Vec<lsp::Diagnostic>);

/// A file's report as of the last analysis a workspace pull saw. An open document's
/// diagnostics are converted only for a client whose result id is not the current one.
struct Pulled {
    uri: lsp::Uri,
    checked: Arc<Checked>,
    open: Option<FileId>,
    /// The version of a document the client has open.
    version: Option<i32>,
}

/// The result ids a client holds, by document: looked up once per file of a workspace
/// pull (20,000 of them, where a search of the list for each was quadratic).
struct PreviousIds(HashMap<lsp::Uri, String>);

impl PreviousIds {
    fn of(params: &lsp::WorkspaceDiagnosticParams) -> PreviousIds {
        PreviousIds(
            params
                .previous_result_ids
                .iter()
                .map(|previous| (previous.uri.clone(), previous.value.clone()))
                .collect(),
        )
    }

    fn get(&self, uri: &lsp::Uri) -> Option<&str> {
        self.0.get(uri).map(String::as_str)
    }
}

/// How many closed files have their models built in one step of a workspace pull: a
/// step holds the state thread, so edits wait at most one batch's time (about 30 ms).
const CLOSED_BATCH: usize = 64;

/// What a file was checked against: its revision, the revision of what it reads of the
/// others (see `Workspace::facts_revision`) and the configuration's generation.
type Stamp = (u64, u64, u64);

/// Every file's result id and diagnostics, as of one analysis.
#[derive(Default)]
pub(crate) struct Cache {
    generation: Option<u64>,
    files: Vec<Pulled>,
    /// Closed files' results by file id (a pull looks each file up twice: hashing 20,000
    /// paths was most of a pull after a keystroke).
    closed: Vec<Option<Closed>>,
    /// Where the next step looks on for closed files to check, in the workspace's order of
    /// files (`0`: a pass over all of them begins), so that a pull of 20,000 files does
    /// not look at every file on each of its hundreds of steps.
    cursor: usize,
    /// The closed files left to check, as counted when the pass began: for progress.
    left: usize,
}

/// A closed file's result, with its path (an id may come to name another file) and its
/// stamp; and, for a file whose diagnostics point into an open document, the only
/// analysis they hold for.
struct Closed {
    path: PathBuf,
    stamp: Stamp,
    only_in: Option<u64>,
    checked: Arc<Checked>,
}

impl Cache {
    fn closed_result(
        &self,
        id: FileId,
        path: &Path,
        stamp: Stamp,
        generation: Option<u64>,
    ) -> Option<&Arc<Checked>> {
        match self.closed.get(id.0 as usize) {
            Some(Some(closed))
                if closed.stamp == stamp
                    && closed.only_in.is_none_or(|g| Some(g) == generation)
                    && closed.path.as_os_str() == path.as_os_str() =>
            {
                Some(&closed.checked)
            }
            _ => None,
        }
    }
}

fn stamp(state: &State, id: FileId) -> Stamp {
    (
        state.ws.file_revision(id),
        state.ws.facts_revision(id),
        state.config_generation,
    )
}

/// One step of a workspace pull: checks the next batch of closed files whose diagnostics
/// are not known for the current analysis, and says how many are left after it (`None`:
/// none was). The server runs steps as separate jobs, so the edits and requests that
/// arrive meanwhile go between them instead of waiting for 20,000 files.
fn advance(state: &mut State) -> Option<Advanced> {
    if !state.indexed {
        return None;
    }
    let generation = state.generation();
    if generation.is_some() && state.pulled.generation == generation {
        return None;
    }
    let ids: Vec<FileId> = state.ws.file_ids().collect();
    let start = state.pulled.cursor.min(ids.len());
    // A pass begins with every file looked at, to count what is left; the steps after it
    // look on from where the last stopped, and the pass ends once they have gone round.
    let counting = start == 0;
    let mut batch = Vec::new();
    let mut left = 0;
    let mut cursor = 0;
    for (n, &id) in ids[start..].iter().chain(&ids[..start]).enumerate() {
        if batch.len() == CLOSED_BATCH && !counting {
            break;
        }
        cursor = (start + n + 1) % ids.len().max(1);
        if !state.ws.is_compact(id) {
            continue;
        }
        let Some(path) = state.ws.file_text(id).map(|file| file.path) else {
            continue;
        };
        let known = state
            .pulled
            .closed_result(id, path, stamp(state, id), generation);
        if known.is_none() {
            if batch.len() < CLOSED_BATCH {
                batch.push((id, path.to_path_buf()));
                if counting {
                    state.pulled.cursor = cursor;
                }
            } else {
                left += 1;
            }
        }
    }
    if counting {
        state.pulled.left = left;
    } else {
        state.pulled.cursor = cursor;
        state.pulled.left = state.pulled.left.saturating_sub(batch.len());
    }
    if batch.is_empty() {
        state.pulled.cursor = 0;
        return None;
    }
    let left = state.pulled.left;
    check_closed(state, &batch);
    Some(Advanced {
        left,
        checked: batch,
    })
}

/// What a step of a workspace pull did.
struct Advanced {
    /// Closed files still to check.
    left: usize,
    /// The files it checked.
    checked: Vec<(FileId, PathBuf)>,
}

/// The reports of closed files just checked, for a client that takes partial results:
/// shown while the others are checked.
fn reports_of(
    state: &State,
    files: &[(FileId, PathBuf)],
    previous: &PreviousIds,
) -> Vec<lsp::WorkspaceDocumentDiagnosticReport> {
    let generation = state.generation();
    let mut items = Vec::new();
    for &(id, ref path) in files {
        let known = state
            .pulled
            .closed_result(id, path, stamp(state, id), generation);
        let (Some(checked), Some(uri)) = (known, convert::uri_of(path)) else {
            continue;
        };
        let (result_id, diagnostics) = &**checked;
        let previous = previous.get(&uri);
        items.push(report(uri, None, result_id.clone(), previous, diagnostics));
    }
    items
}

/// Checks closed files, their models built on every core, and records their results.
fn check_closed(state: &mut State, files: &[(FileId, PathBuf)]) {
    let generation = state.generation();
    let checked: Vec<(Checked, bool)> = {
        let state = &*state;
        let jobs: Vec<(FileId, &Config)> = files
            .iter()
            .map(|(id, path)| (*id, state.config_for(path)))
            .collect();
        let (ws, caps, encoding) = (&state.ws, &state.caps, state.encoding);
        jobs.par_iter()
            .map(|&(id, config)| check_with(ws, id, config, encoding, caps))
            .collect()
    };
    // The models built are dropped before the next batch's.
    state.ws.release_built();
    for ((id, path), (checked, reads_open)) in files.iter().zip(checked) {
        let only_in = if reads_open { generation } else { None };
        if reads_open && generation.is_none() {
            continue;
        }
        let stamp = stamp(state, *id);
        let closed = &mut state.pulled.closed;
        let at = id.0 as usize;
        if closed.len() <= at {
            closed.resize_with(at + 1, || None);
        }
        closed[at] = Some(Closed {
            path: path.clone(),
            stamp,
            only_in,
            checked: Arc::new(checked),
        });
    }
}

fn workspace(
    state: &mut State,
    previous: &PreviousIds,
) -> Result<lsp::WorkspaceDiagnosticReportResult, Error> {
    if !state.indexed {
        return Err(not_ready());
    }
    // As for a document's pull: the open documents' lists are then current.
    state.publish_diagnostics();
    let generation = state.generation();
    if generation.is_none() || state.pulled.generation != generation {
        // What steps left (the analysis may have changed since the last), in one go. A
        // bounded loop: while edits are not yet published a file whose diagnostics point
        // into an open document is checked but cannot be kept, and would be found again;
        // it is checked below instead.
        for _ in 0..=state.ws.file_count() / CLOSED_BATCH + 1 {
            if advance(state).is_none() {
                break;
            }
        }
        let mut files = Vec::new();
        let ids: Vec<FileId> = state.ws.file_ids().collect();
        for id in ids {
            let Some(path) = state.ws.file_text(id).map(|file| file.path) else {
                continue;
            };
            let Some(uri) = convert::uri_of(path) else {
                continue;
            };
            let (checked, open) = if state.ws.is_compact(id) {
                match state
                    .pulled
                    .closed_result(id, path, stamp(state, id), generation)
                {
                    Some(checked) => (checked.clone(), None),
                    // Not kept (it points into an open document and nothing is settled).
                    None => (Arc::new(check(state, id).0), None),
                }
            } else if let Some(result_id) = open_result_id(state, id) {
                (Arc::new((result_id, Vec::new())), Some(id))
            } else {
                (Arc::new(check(state, id).0), None)
            };
            // A closed file is no document of the client's.
            let version = (!state.ws.is_compact(id))
                .then(|| state.version(path))
                .flatten();
            files.push(Pulled {
                uri,
                checked,
                open,
                version,
            });
        }
        // Files gone from the workspace are forgotten.
        let ws = &state.ws;
        for (id, slot) in state.pulled.closed.iter_mut().enumerate() {
            let gone = slot.as_ref().is_some_and(|closed| {
                ws.file_text(FileId(id as u32))
                    .is_none_or(|file| file.path.as_os_str() != closed.path.as_os_str())
            });
            if gone {
                *slot = None;
            }
        }
        state.pulled.generation = generation;
        state.pulled.files = files;
    }
    let mut items = Vec::new();
    let mut reported = HashSet::new();
    for file in &state.pulled.files {
        let (result_id, diagnostics) = &*file.checked;
        let previous = previous.get(&file.uri);
        let converted;
        let diagnostics = match file.open {
            Some(id) if previous != Some(result_id.as_str()) => {
                converted = open_items(state, id);
                &converted
            }
            _ => diagnostics,
        };
        reported.insert(&file.uri);
        items.push(report(
            file.uri.clone(),
            file.version,
            result_id.clone(),
            previous,
            diagnostics,
        ));
    }
    // A file the client holds diagnostics for that is gone: an empty list clears them.
    for uri in previous.0.keys() {
        // Spelled otherwise than the server spells it, it may still name a file here.
        if !reported.contains(uri) && state.ws.file_id(&convert::path_of(uri)).is_none() {
            let empty = result_id(&[]);
            items.push(report(uri.clone(), None, empty, None, &[]));
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

fn open_result_id(state: &State, id: FileId) -> Option<String> {
    state.open_result_id(state.ws.file_text(id)?.path)
}

/// An open document's diagnostics as last checked (see `State::open_result_id`).
fn open_items(state: &State, id: FileId) -> Vec<lsp::Diagnostic> {
    let found = state
        .ws
        .file_text(id)
        .and_then(|file| state.diagnostics.get(file.path));
    let (Some(file), Some(found)) = (state.ws.file(id), found) else {
        return Vec::new();
    };
    found
        .iter()
        .map(|d| convert::diagnostic(&state.ws, file, d, state.encoding, &state.caps))
        .collect()
}

fn result_id(items: &[lsp::Diagnostic]) -> String {
    let mut hasher = DefaultHasher::new();
    // The wire form is what the client compares: hash that.
    serde_json::to_string(items)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
