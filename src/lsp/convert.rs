//! Conversions between the analysis' plain data (byte offsets) and LSP wire types.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types as lsp;

use crate::ide;
use crate::rules::{self, Severity};
use crate::text::{Encoding, LineCol, TextRange};
use crate::workspace::{FileId, SourceFile, Workspace};

pub(crate) fn path_of(uri: &lsp::Uri) -> PathBuf {
    match uri.to_file_path() {
        Some(path) => path.into_owned(),
        // Untitled and other non-file documents are keyed by their URI.
        None => PathBuf::from(uri.as_str()),
    }
}

pub(crate) fn uri_of(path: &Path) -> Option<lsp::Uri> {
    // A name that is not UTF-8 would be made lossy (`caf%EF%BF%BD`): encode its bytes.
    if path.is_absolute() && path.to_str().is_none() {
        return format!("file://{}", crate::path_uri::uri_reference(path))
            .parse()
            .ok();
    }
    if path.is_absolute() {
        if let Some(uri) = lsp::Uri::from_file_path(path) {
            return Some(uri);
        }
    }
    path.to_str()?.parse().ok()
}

pub(crate) fn position(file: &SourceFile, offset: u32, encoding: Encoding) -> lsp::Position {
    let LineCol { line, col } = file
        .line_index
        .line_col(&file.text, offset as usize, encoding);
    lsp::Position::new(line, col)
}

pub(crate) fn range(file: &SourceFile, range: TextRange, encoding: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(file, range.start, encoding),
        position(file, range.end, encoding),
    )
}

pub(crate) fn offset(file: &SourceFile, position: lsp::Position, encoding: Encoding) -> usize {
    file.line_index.offset(
        &file.text,
        LineCol {
            line: position.line,
            col: position.character,
        },
        encoding,
    )
}

pub(crate) fn location(
    ws: &Workspace,
    file: FileId,
    text_range: TextRange,
    encoding: Encoding,
) -> Option<lsp::Location> {
    let source = ws.file(file)?;
    Some(lsp::Location::new(
        uri_of(&source.path)?,
        range(source, text_range, encoding),
    ))
}

pub(crate) fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub(crate) fn diagnostic(
    ws: &Workspace,
    file: &SourceFile,
    diagnostic: &rules::Diagnostic,
    encoding: Encoding,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .filter_map(|related| {
            Some(lsp::DiagnosticRelatedInformation {
                location: location(ws, related.file, related.range, encoding)?,
                message: related.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(file, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(lsp::NumberOrString::String(
            diagnostic.rule.name().to_owned(),
        )),
        code_description: diagnostic
            .rule
            .url()
            .parse()
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("claimdown".to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: diagnostic
            .unnecessary
            .then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

pub(crate) fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}

pub(crate) fn completion_item(
    file: &SourceFile,
    item: ide::CompletionItem,
    encoding: Encoding,
) -> lsp::CompletionItem {
    let kind = match item.kind {
        ide::CompletionKind::Actor => lsp::CompletionItemKind::VARIABLE,
        ide::CompletionKind::Source => lsp::CompletionItemKind::REFERENCE,
        ide::CompletionKind::Claim => lsp::CompletionItemKind::CONSTANT,
        ide::CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        ide::CompletionKind::Field => lsp::CompletionItemKind::FIELD,
        ide::CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
    };
    lsp::CompletionItem {
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        documentation: item
            .documentation
            .map(|doc| lsp::Documentation::MarkupContent(markdown(doc))),
        sort_text: Some(item.sort_text),
        filter_text: Some(item.filter_text),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            range(file, item.replace_range, encoding),
            item.insert_text,
        ))),
        ..Default::default()
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the wire type.
pub(crate) fn document_symbol(
    file: &SourceFile,
    symbol: ide::Symbol,
    encoding: Encoding,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: range(file, symbol.range, encoding),
        selection_range: range(file, symbol.selection_range, encoding),
        children: Some(
            symbol
                .children
                .into_iter()
                .map(|child| document_symbol(file, child, encoding))
                .collect(),
        ),
    }
}

pub(crate) fn symbol_kind(kind: ide::SymbolKind) -> lsp::SymbolKind {
    match kind {
        ide::SymbolKind::Heading => lsp::SymbolKind::NAMESPACE,
        ide::SymbolKind::Claim => lsp::SymbolKind::STRING,
        ide::SymbolKind::Quote => lsp::SymbolKind::STRING,
        ide::SymbolKind::Rebuttal => lsp::SymbolKind::EVENT,
        ide::SymbolKind::Actor => lsp::SymbolKind::CLASS,
        ide::SymbolKind::Source => lsp::SymbolKind::FILE,
        ide::SymbolKind::Group => lsp::SymbolKind::PACKAGE,
    }
}

pub(crate) fn folding_range(file: &SourceFile, fold: ide::Fold) -> lsp::FoldingRange {
    let start = file.line_index.line_of(fold.range.start as usize) as u32;
    let end = file.line_index.line_of(fold.range.end as usize) as u32;
    lsp::FoldingRange {
        start_line: start,
        start_character: None,
        end_line: end,
        end_character: None,
        kind: Some(match fold.kind {
            ide::FoldKind::Comment => lsp::FoldingRangeKind::Comment,
            ide::FoldKind::FrontMatter => lsp::FoldingRangeKind::Imports,
            _ => lsp::FoldingRangeKind::Region,
        }),
        collapsed_text: None,
    }
}
