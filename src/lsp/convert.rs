//! Conversions between the analysis' plain data (byte offsets) and LSP wire types.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types as lsp;

use super::caps::ClientCaps;
use crate::ide;
use crate::rules::{self, Severity};
use crate::text::{Encoding, LineCol, TextRange};
use crate::workspace::{FileId, FileText, SourceFile, Workspace};

mod overview;
pub(crate) use overview::*;

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

/// A position in a file, held whole or compact (`&SourceFile` or `FileText`).
pub(crate) fn position<'a>(
    file: impl Into<FileText<'a>>,
    offset: u32,
    encoding: Encoding,
) -> lsp::Position {
    let file = file.into();
    let LineCol { line, col } = file
        .line_index
        .line_col(file.text, offset as usize, encoding);
    lsp::Position::new(line, col)
}

pub(crate) fn range<'a>(
    file: impl Into<FileText<'a>>,
    range: TextRange,
    encoding: Encoding,
) -> lsp::Range {
    let file = file.into();
    let (start, end) = file.line_index.range_line_cols(
        file.text,
        range.start as usize,
        range.end as usize,
        encoding,
    );
    lsp::Range::new(
        lsp::Position::new(start.line, start.col),
        lsp::Position::new(end.line, end.col),
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
    let source = ws.file_text(file)?;
    Some(lsp::Location::new(
        uri_of(source.path)?,
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
    caps: &ClientCaps,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = if caps.related_information {
        diagnostic
            .related
            .iter()
            .filter_map(|related| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: location(ws, related.file, related.range, encoding)?,
                    message: ide::plain_message(&related.message),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    lsp::Diagnostic {
        range: range(file, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(lsp::NumberOrString::String(
            diagnostic.rule.name().to_owned(),
        )),
        code_description: caps
            .code_description
            .then(|| diagnostic.rule.url().parse().ok())
            .flatten()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("claimdown".to_owned()),
        message: message(ws, diagnostic, caps),
        related_information: (!related.is_empty()).then_some(related),
        tags: diagnostic
            .unnecessary
            .then(|| caps.diagnostic_tag(lsp::DiagnosticTag::UNNECESSARY))
            .flatten()
            .map(|tag| vec![tag]),
        data: None,
    }
}

/// The message in plain text; for a client without related information, the places it
/// would have listed are named in it (`also: a.cdown:3:1, b.cdown:5:1`).
fn message(ws: &Workspace, diagnostic: &rules::Diagnostic, caps: &ClientCaps) -> String {
    let mut message = ide::plain_message(&diagnostic.message);
    if caps.related_information || diagnostic.related.is_empty() {
        return message;
    }
    let places: Vec<String> = diagnostic
        .related
        .iter()
        .filter_map(|related| {
            let file = ws.file_text(related.file)?;
            let at = file.position(related.range.start);
            let name = file.path.file_name()?.to_string_lossy().into_owned();
            Some(format!("{name}:{}:{}", at.line, at.column))
        })
        .collect();
    if !places.is_empty() {
        message.push_str(&format!(" (also: {})", places.join(", ")));
    }
    message
}

/// Markdown for a client that renders it, readable plain text for one that does not.
pub(crate) fn markup(markdown: String, client_renders_markdown: bool) -> lsp::MarkupContent {
    if client_renders_markdown {
        lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown,
        }
    } else {
        lsp::MarkupContent {
            kind: lsp::MarkupKind::PlainText,
            value: ide::plain_text(&markdown),
        }
    }
}

pub(crate) fn completion_item(
    file: &SourceFile,
    item: ide::CompletionItem,
    encoding: Encoding,
    caps: &ClientCaps,
) -> lsp::CompletionItem {
    use lsp::CompletionItemKind as Kind;
    // Kinds 19–25 are not in the protocol's default set: each has fallbacks from 1–18.
    let kind = match item.kind {
        ide::CompletionKind::Actor => caps.completion_kind(Kind::VARIABLE, &[]),
        ide::CompletionKind::Source => caps.completion_kind(Kind::REFERENCE, &[]),
        ide::CompletionKind::Claim => caps.completion_kind(Kind::CONSTANT, &[Kind::VALUE]),
        ide::CompletionKind::Keyword => caps.completion_kind(Kind::KEYWORD, &[]),
        ide::CompletionKind::Field => caps.completion_kind(Kind::FIELD, &[Kind::PROPERTY]),
        ide::CompletionKind::Value => caps.completion_kind(Kind::ENUM_MEMBER, &[Kind::VALUE]),
    };
    lsp::CompletionItem {
        label: item.label,
        kind,
        detail: item.detail,
        documentation: item
            .documentation
            .map(|doc| lsp::Documentation::MarkupContent(markup(doc, caps.completion_markdown))),
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
    caps: &ClientCaps,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind, caps, false),
        tags: None,
        deprecated: None,
        range: range(file, symbol.range, encoding),
        selection_range: range(file, symbol.selection_range, encoding),
        children: Some(
            symbol
                .children
                .into_iter()
                .map(|child| document_symbol(file, child, encoding, caps))
                .collect(),
        ),
    }
}

/// The outline as a flat list, for a client without hierarchical symbols: each symbol
/// names its parent as its container.
#[allow(deprecated)] // `deprecated` is a required field of the wire type.
pub(crate) fn flat_symbols(
    uri: &lsp::Uri,
    file: &SourceFile,
    symbols: Vec<ide::Symbol>,
    encoding: Encoding,
    caps: &ClientCaps,
) -> Vec<lsp::SymbolInformation> {
    let mut out = Vec::new();
    let mut stack: Vec<(ide::Symbol, Option<String>)> =
        symbols.into_iter().rev().map(|s| (s, None)).collect();
    while let Some((mut symbol, container)) = stack.pop() {
        let children = std::mem::take(&mut symbol.children);
        stack.extend(
            children
                .into_iter()
                .rev()
                .map(|child| (child, Some(symbol.name.clone()))),
        );
        out.push(lsp::SymbolInformation {
            kind: symbol_kind(symbol.kind, caps, false),
            tags: None,
            deprecated: None,
            location: lsp::Location::new(uri.clone(), range(file, symbol.range, encoding)),
            container_name: container,
            name: symbol.name,
        });
    }
    out
}

/// Kinds 19–26 are not in the protocol's default set: each has a fallback from 1–18.
pub(crate) fn symbol_kind(
    kind: ide::SymbolKind,
    caps: &ClientCaps,
    workspace: bool,
) -> lsp::SymbolKind {
    use lsp::SymbolKind as Kind;
    let (wanted, fallbacks): (Kind, &[Kind]) = match kind {
        ide::SymbolKind::Heading => (Kind::NAMESPACE, &[]),
        ide::SymbolKind::Claim => (Kind::STRING, &[]),
        ide::SymbolKind::Quote => (Kind::STRING, &[]),
        ide::SymbolKind::Rebuttal => (Kind::EVENT, &[Kind::STRING]),
        ide::SymbolKind::Actor => (Kind::CLASS, &[]),
        ide::SymbolKind::Source => (Kind::FILE, &[]),
        ide::SymbolKind::Group => (Kind::PACKAGE, &[]),
    };
    caps.symbol_kind(wanted, fallbacks, workspace)
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
            ide::FoldKind::FrontMatter => lsp::FoldingRangeKind::Imports,
            _ => lsp::FoldingRangeKind::Region,
        }),
        collapsed_text: None,
    }
}

/// The legend the server declares: token types in [`ide::TokenKind`] order, one modifier.
pub(crate) fn semantic_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: ide::TokenKind::ALL
            .iter()
            .map(|kind| lsp::SemanticTokenType::new(kind.name()))
            .collect(),
        token_modifiers: vec![lsp::SemanticTokenModifier::new(ide::DECLARATION)],
    }
}

/// Tokens in the protocol's relative encoding. A token that spans lines is cut at each
/// line break, so clients without `multilineTokenSupport` show it whole.
pub(crate) fn semantic_tokens(
    file: &SourceFile,
    tokens: &[ide::Token],
    encoding: Encoding,
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for token in tokens {
        let first = file.line_index.line_of(token.range.start as usize);
        let last = file.line_index.line_of(token.range.end as usize);
        for line in first..=last {
            let Some(line_range) = file.line_index.line_range(&file.text, line) else {
                continue;
            };
            let start = token.range.start.max(line_range.start);
            let end = token.range.end.min(line_range.end);
            if start >= end {
                continue;
            }
            let from = position(file, start, encoding);
            let to = position(file, end, encoding);
            let delta_line = from.line - prev_line;
            let delta_start = if delta_line == 0 {
                from.character - prev_start
            } else {
                from.character
            };
            out.push(lsp::SemanticToken {
                delta_line,
                delta_start,
                length: to.character - from.character,
                token_type: token.kind as u32,
                token_modifiers_bitset: u32::from(token.declaration),
            });
            (prev_line, prev_start) = (from.line, from.character);
        }
    }
    out
}

/// The edit that turns `old` into `new`: one stretch between their common prefix and
/// suffix, counted in `u32`s of the flattened encoding as the protocol wants.
pub(crate) fn semantic_edit(
    old: &[lsp::SemanticToken],
    new: &[lsp::SemanticToken],
) -> Option<lsp::SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let rest = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(rest)
        .take_while(|(a, b)| a == b)
        .count();
    let deleted = old.len() - prefix - suffix;
    let inserted = &new[prefix..new.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return None;
    }
    Some(lsp::SemanticTokensEdit {
        start: (prefix * 5) as u32,
        delete_count: (deleted * 5) as u32,
        data: Some(inserted.to_vec()),
    })
}
