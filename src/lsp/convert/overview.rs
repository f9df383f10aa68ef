//! Conversions for the overview features: call hierarchy, code lens, inlay hints, document
//! links and selection ranges.

use tower_lsp_server::ls_types as lsp;

use super::{location, range, symbol_kind, uri_of};
use crate::ide;
use crate::lsp::caps::ClientCaps;
use crate::model::ClaimKind;
use crate::text::{Encoding, TextRange};
use crate::workspace::{FileId, SourceFile, Workspace};

pub(crate) fn call_item(
    ws: &Workspace,
    item: ide::ClaimItem,
    encoding: Encoding,
    caps: &ClientCaps,
) -> Option<lsp::CallHierarchyItem> {
    let file = ws.file(item.file)?;
    let kind = match item.kind {
        ClaimKind::Claim => ide::SymbolKind::Claim,
        ClaimKind::Quote => ide::SymbolKind::Quote,
        ClaimKind::Rebuttal => ide::SymbolKind::Rebuttal,
    };
    Some(lsp::CallHierarchyItem {
        name: item.name,
        kind: symbol_kind(kind, caps, false),
        tags: None,
        detail: Some(item.detail),
        uri: uri_of(&file.path)?,
        range: range(file, item.full_range, encoding),
        selection_range: range(file, item.focus_range, encoding),
        // The selection range names the claim again: no state to carry.
        data: None,
    })
}

/// The ranges of a call, in the file both ends stand in (claim ids are local to a file).
pub(crate) fn call_ranges(
    file: &SourceFile,
    ranges: &[TextRange],
    encoding: Encoding,
) -> Vec<lsp::Range> {
    ranges.iter().map(|at| range(file, *at, encoding)).collect()
}

/// A lens whose command shows the references: `[uri, position, locations]`, the arguments
/// of VS Code's `editor.action.showReferences` (and of ours).
pub(crate) fn code_lens(
    ws: &Workspace,
    file: FileId,
    lens: ide::Lens,
    encoding: Encoding,
    caps: &ClientCaps,
) -> Option<lsp::CodeLens> {
    let source = ws.file(file)?;
    let locations: Vec<lsp::Location> = lens
        .references
        .iter()
        .filter_map(|place| location(ws, place.file, place.range, encoding))
        .collect();
    let position = range(source, lens.id_range, encoding).start;
    let arguments = vec![
        serde_json::to_value(uri_of(&source.path)?).ok()?,
        serde_json::to_value(position).ok()?,
        serde_json::to_value(locations).ok()?,
    ];
    Some(lsp::CodeLens {
        range: range(source, lens.range, encoding),
        command: Some(lsp::Command {
            title: lens.title,
            command: caps.show_references.to_owned(),
            arguments: Some(arguments),
        }),
        data: None,
    })
}

/// The coverage figures as a lens with no command to run: clients show it as a label.
pub(crate) fn coverage_lens(
    file: &SourceFile,
    lens: ide::CoverageLens,
    encoding: Encoding,
) -> lsp::CodeLens {
    lsp::CodeLens {
        range: range(file, lens.range, encoding),
        command: Some(lsp::Command {
            title: lens.title,
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }
}

pub(crate) fn inlay_hint(
    file: &SourceFile,
    hint: ide::InlayHint,
    encoding: Encoding,
) -> lsp::InlayHint {
    let tooltip = match hint.kind {
        ide::HintKind::Name => "the actor's display name",
        ide::HintKind::Verdict => "the status of the rebutted claim",
    };
    lsp::InlayHint {
        position: super::position(file, hint.offset, encoding),
        label: lsp::InlayHintLabel::String(hint.label),
        kind: None,
        text_edits: None,
        tooltip: Some(lsp::InlayHintTooltip::String(tooltip.to_owned())),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

pub(crate) fn document_link(
    file: &SourceFile,
    link: ide::Link,
    encoding: Encoding,
    caps: &ClientCaps,
) -> Option<lsp::DocumentLink> {
    Some(lsp::DocumentLink {
        range: range(file, link.range, encoding),
        target: Some(link_target(&link.target)?),
        tooltip: link.tooltip.filter(|_| caps.document_link_tooltip),
        data: None,
    })
}

/// The ranges, innermost first, as the chain of parents the protocol nests.
pub(crate) fn selection_range(
    file: &SourceFile,
    ranges: &[TextRange],
    at: lsp::Position,
    encoding: Encoding,
) -> lsp::SelectionRange {
    let mut res: Option<lsp::SelectionRange> = None;
    for text_range in ranges.iter().rev() {
        res = Some(lsp::SelectionRange {
            range: range(file, *text_range, encoding),
            parent: res.map(Box::new),
        });
    }
    // Every position gets an answer, as the protocol asks: the empty range at it.
    res.unwrap_or(lsp::SelectionRange {
        range: lsp::Range::new(at, at),
        parent: None,
    })
}

/// A URL as a URI: what RFC 3986 does not allow as is (non-ASCII letters, blanks, `{`, …)
/// percent-encoded, as a browser does. A URL still refused is no link.
fn link_target(url: &str) -> Option<lsp::Uri> {
    let mut res = String::with_capacity(url.len());
    for ch in url.chars() {
        if ch.is_ascii_graphic()
            && !matches!(ch, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        {
            res.push(ch);
            continue;
        }
        let mut buf = [0; 4];
        for byte in ch.encode_utf8(&mut buf).bytes() {
            res.push_str(&format!("%{byte:02X}"));
        }
    }
    res.parse().ok()
}
