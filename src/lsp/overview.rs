//! The overview requests on the state thread: call hierarchy, code lens, inlay hints,
//! document links and selection ranges. Each converts the position, calls [`crate::ide`]
//! and converts the answer; `server.rs` only hands them over.

use tower_lsp_server::ls_types as lsp;

use super::convert;
use super::state::State;
use crate::ide;
use crate::text::TextRange;

pub(crate) fn prepare_call_hierarchy(
    state: &State,
    at: &lsp::TextDocumentPositionParams,
) -> Option<Vec<lsp::CallHierarchyItem>> {
    let (id, file) = state.file(&at.text_document.uri)?;
    let offset = convert::offset(file, at.position, state.encoding);
    let item = ide::prepare_call_hierarchy(&state.ws, id, offset)?;
    Some(vec![convert::call_item(
        &state.ws,
        item,
        state.encoding,
        &state.caps,
    )?])
}

pub(crate) fn incoming_calls(
    state: &State,
    item: &lsp::CallHierarchyItem,
) -> Option<Vec<lsp::CallHierarchyIncomingCall>> {
    let (id, file) = state.file(&item.uri)?;
    let offset = convert::offset(file, item.selection_range.start, state.encoding);
    let calls = ide::incoming_calls(&state.ws, id, offset)
        .into_iter()
        .filter_map(|call| {
            Some(lsp::CallHierarchyIncomingCall {
                from_ranges: convert::call_ranges(file, &call.ranges, state.encoding),
                from: convert::call_item(&state.ws, call.claim, state.encoding, &state.caps)?,
            })
        })
        .collect();
    Some(calls)
}

pub(crate) fn outgoing_calls(
    state: &State,
    item: &lsp::CallHierarchyItem,
) -> Option<Vec<lsp::CallHierarchyOutgoingCall>> {
    let (id, file) = state.file(&item.uri)?;
    let offset = convert::offset(file, item.selection_range.start, state.encoding);
    let calls = ide::outgoing_calls(&state.ws, id, offset)
        .into_iter()
        .filter_map(|call| {
            Some(lsp::CallHierarchyOutgoingCall {
                from_ranges: convert::call_ranges(file, &call.ranges, state.encoding),
                to: convert::call_item(&state.ws, call.claim, state.encoding, &state.caps)?,
            })
        })
        .collect();
    Some(calls)
}

/// The article's coverage on its first line, then a lens over each definition. The rules
/// run afresh for the coverage: the diagnostics kept may not describe this version yet.
pub(crate) fn code_lenses(state: &State, uri: &lsp::Uri) -> Option<Vec<lsp::CodeLens>> {
    let (id, file) = state.file(uri)?;
    let diagnostics =
        crate::rules::check_file(&state.ws, id, state.config_for(&convert::path_of(uri)));
    let coverage = ide::coverage_lens(&state.ws, id, &diagnostics)
        .map(|lens| convert::coverage_lens(file, lens, state.encoding));
    let lenses = coverage
        .into_iter()
        .chain(
            ide::code_lenses(&state.ws, id)
                .into_iter()
                .filter_map(|lens| {
                    convert::code_lens(&state.ws, id, lens, state.encoding, &state.caps)
                }),
        )
        .collect();
    Some(lenses)
}

pub(crate) fn inlay_hints(
    state: &State,
    params: &lsp::InlayHintParams,
) -> Option<Vec<lsp::InlayHint>> {
    let (id, file) = state.file(&params.text_document.uri)?;
    let within = TextRange::new(
        convert::offset(file, params.range.start, state.encoding),
        convert::offset(file, params.range.end, state.encoding),
    );
    let hints = ide::inlay_hints(&state.ws, id, within)
        .into_iter()
        .map(|hint| convert::inlay_hint(file, hint, state.encoding))
        .collect();
    Some(hints)
}

pub(crate) fn document_links(state: &State, uri: &lsp::Uri) -> Option<Vec<lsp::DocumentLink>> {
    let (id, file) = state.file(uri)?;
    let links = ide::document_links(&state.ws, id)
        .into_iter()
        .filter_map(|link| convert::document_link(file, link, state.encoding, &state.caps))
        .collect();
    Some(links)
}

pub(crate) fn selection_ranges(
    state: &State,
    params: &lsp::SelectionRangeParams,
) -> Option<Vec<lsp::SelectionRange>> {
    let (id, file) = state.file(&params.text_document.uri)?;
    let ranges = params
        .positions
        .iter()
        .map(|&at| {
            let offset = convert::offset(file, at, state.encoding);
            let ranges = ide::selection_ranges(&state.ws, id, offset);
            convert::selection_range(file, &ranges, at, state.encoding)
        })
        .collect();
    Some(ranges)
}
