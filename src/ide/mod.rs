//! IDE features as plain functions of the workspace and a position: what the language
//! server answers, testable without any protocol. Results are plain data in byte offsets;
//! the server converts them to its wire types.

mod actions;
mod call_hierarchy;
mod code_lens;
mod completion;
mod coverage;
mod folding;
mod format;
mod hover;
mod inlay_hints;
mod links;
mod markup;
mod navigation;
mod resolve;
mod selection;
mod semantic_tokens;
mod symbols;

pub use actions::{code_actions, fix_all, Action, ActionKind, ActionOptions, FileEdit};
pub use call_hierarchy::{
    incoming_calls, outgoing_calls, prepare_call_hierarchy, Call, ClaimItem, Relation,
};
pub use code_lens::{code_lenses, Lens};
pub use completion::{completions, CompletionItem, CompletionKind};
pub use coverage::{coverage_lens, CoverageLens};
pub use folding::{folding_ranges, Fold, FoldKind};
pub use format::{apply_edits, formatting_edits, TextEdit};
pub use hover::{hover, HoverResult};
pub use inlay_hints::{inlay_hints, HintKind, InlayHint};
pub use links::{document_links, Link};
pub use markup::{plain_message, plain_text};
pub use navigation::{
    definition, document_highlights, prepare_rename, references, rename, Highlight,
    NavigationTarget, RenameError,
};
pub use resolve::{entity_at, Entity, Occurrence};
pub use selection::selection_ranges;
pub use semantic_tokens::{semantic_tokens, Token, TokenKind, DECLARATION};
pub use symbols::{document_symbols, workspace_symbols, Symbol, SymbolKind};

use crate::text::TextRange;
use crate::workspace::FileId;

/// A place in the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileRange {
    pub file: FileId,
    pub range: TextRange,
}

#[cfg(test)]
mod tests;
