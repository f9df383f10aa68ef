//! What the client declared it can take, read once at `initialize` and consulted by every
//! converter: nothing goes to a client that did not declare support for it (LSP 3.17).

use tower_lsp_server::ls_types::{
    ClientCapabilities, CompletionItemKind, DiagnosticTag, MarkupKind, SymbolKind,
};

#[derive(Clone, Debug, Default)]
pub(crate) struct ClientCaps {
    pub hover_markdown: bool,
    pub completion_markdown: bool,
    /// `None`: the protocol's default set, kinds 1–18.
    completion_kinds: Option<Vec<CompletionItemKind>>,
    document_symbol_kinds: Option<Vec<SymbolKind>>,
    workspace_symbol_kinds: Option<Vec<SymbolKind>>,
    pub hierarchical_symbols: bool,
    pub definition_links: bool,
    pub code_description: bool,
    pub related_information: bool,
    diagnostic_tags: Vec<DiagnosticTag>,
    pub diagnostic_version: bool,
    pub prepare_rename: bool,
    pub code_action_literals: bool,
    pub is_preferred: bool,
    pub apply_edit: bool,
    /// Whether the client opens a document at a selection for `window/showDocument`.
    pub show_document: bool,
    /// Whether the client takes `workspace/semanticTokens/refresh`.
    pub semantic_tokens_refresh: bool,
    pub document_link_tooltip: bool,
    /// Whether the client pulls diagnostics (`textDocument/diagnostic`, LSP 3.17) and takes
    /// `workspace/diagnostic/refresh`: then nothing is pushed to it. A client that pulls
    /// but cannot be asked to pull again would miss what an edit to one file does to
    /// another (Neovim 0.11): it gets pushes.
    pub pull_diagnostics: bool,
    /// Whether the client takes `workspace/codeLens/refresh`.
    pub code_lens_refresh: bool,
    /// Whether the client takes `workspace/inlayHint/refresh`.
    pub inlay_hint_refresh: bool,
    /// The command a code lens runs to show references: the client's own
    /// `editor.action.showReferences` where it declared it (`experimental.commands`, as
    /// rust-analyzer's clients do), else ours, which the editor plugins handle.
    pub show_references: &'static str,
    /// Whether the client takes snippets in workspace edits (LSP 3.18, carried over by
    /// `lenient::carry_newer`): then an action that places the cursor is a snippet edit.
    pub snippet_edits: bool,
}

/// VS Code's command that opens the references peek: `[uri, position, locations]`.
pub(crate) const EDITOR_SHOW_REFERENCES: &str = "editor.action.showReferences";
/// Ours, with the same arguments, for clients that did not declare the one above.
pub(crate) const SHOW_REFERENCES: &str = "claimdown.showReferences";

/// Whether the client declared it runs a command itself: `experimental.commands.commands`.
fn runs_command(caps: &ClientCapabilities, command: &str) -> bool {
    caps.experimental
        .as_ref()
        .and_then(|experimental| experimental.get("commands"))
        .and_then(|commands| commands.get("commands"))
        .and_then(|commands| commands.as_array())
        .is_some_and(|commands| commands.iter().any(|name| name == command))
}

/// The first format the client prefers that we can write; plain text is always understood.
fn prefers_markdown(formats: Option<&Vec<MarkupKind>>) -> bool {
    formats
        .and_then(|formats| formats.first())
        .is_some_and(|first| *first == MarkupKind::Markdown)
}

impl ClientCaps {
    pub fn new(caps: &ClientCapabilities) -> ClientCaps {
        let doc = caps.text_document.as_ref();
        let completion = doc.and_then(|doc| doc.completion.as_ref());
        let diagnostics = doc.and_then(|doc| doc.publish_diagnostics.as_ref());
        let document_symbol = doc.and_then(|doc| doc.document_symbol.as_ref());
        let code_action = doc.and_then(|doc| doc.code_action.as_ref());
        let workspace = caps.workspace.as_ref();
        ClientCaps {
            hover_markdown: prefers_markdown(
                doc.and_then(|doc| doc.hover.as_ref())
                    .and_then(|hover| hover.content_format.as_ref()),
            ),
            completion_markdown: prefers_markdown(
                completion
                    .and_then(|c| c.completion_item.as_ref())
                    .and_then(|item| item.documentation_format.as_ref()),
            ),
            completion_kinds: completion
                .and_then(|c| c.completion_item_kind.as_ref())
                .and_then(|kinds| kinds.value_set.clone()),
            document_symbol_kinds: document_symbol
                .and_then(|s| s.symbol_kind.as_ref())
                .and_then(|kinds| kinds.value_set.clone()),
            workspace_symbol_kinds: workspace
                .and_then(|w| w.symbol.as_ref())
                .and_then(|s| s.symbol_kind.as_ref())
                .and_then(|kinds| kinds.value_set.clone()),
            hierarchical_symbols: document_symbol
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            definition_links: doc
                .and_then(|doc| doc.definition.as_ref())
                .and_then(|def| def.link_support)
                .unwrap_or(false),
            code_description: diagnostics
                .and_then(|d| d.code_description_support)
                .unwrap_or(false),
            related_information: diagnostics
                .and_then(|d| d.related_information)
                .unwrap_or(false),
            diagnostic_tags: diagnostics
                .and_then(|d| d.tag_support.as_ref())
                .map(|tags| tags.value_set.clone())
                .unwrap_or_default(),
            diagnostic_version: diagnostics.and_then(|d| d.version_support).unwrap_or(false),
            prepare_rename: doc
                .and_then(|doc| doc.rename.as_ref())
                .and_then(|rename| rename.prepare_support)
                .unwrap_or(false),
            code_action_literals: code_action
                .is_some_and(|action| action.code_action_literal_support.is_some()),
            is_preferred: code_action
                .and_then(|action| action.is_preferred_support)
                .unwrap_or(false),
            apply_edit: workspace.and_then(|w| w.apply_edit).unwrap_or(false),
            show_document: caps
                .window
                .as_ref()
                .and_then(|window| window.show_document.as_ref())
                .is_some_and(|show| show.support),
            semantic_tokens_refresh: workspace
                .and_then(|w| w.semantic_tokens.as_ref())
                .and_then(|tokens| tokens.refresh_support)
                .unwrap_or(false),
            document_link_tooltip: doc
                .and_then(|doc| doc.document_link.as_ref())
                .and_then(|link| link.tooltip_support)
                .unwrap_or(false),
            pull_diagnostics: doc.is_some_and(|doc| doc.diagnostic.is_some())
                && workspace
                    .and_then(|w| w.diagnostics.as_ref())
                    .and_then(|d| d.refresh_support)
                    .unwrap_or(false),
            code_lens_refresh: workspace
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|lens| lens.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|hints| hints.refresh_support)
                .unwrap_or(false),
            show_references: if runs_command(caps, EDITOR_SHOW_REFERENCES) {
                EDITOR_SHOW_REFERENCES
            } else {
                SHOW_REFERENCES
            },
            snippet_edits: caps
                .experimental
                .as_ref()
                .and_then(|experimental| experimental.get(super::lenient::SNIPPET_EDITS))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false)
                && workspace.and_then(|w| w.apply_edit).unwrap_or(false)
                && workspace
                    .and_then(|w| w.workspace_edit.as_ref())
                    .and_then(|edit| edit.document_changes)
                    .unwrap_or(false),
        }
    }

    /// `wanted`, or the first of `fallbacks` the client knows; `None` if it knows none.
    pub fn completion_kind(
        &self,
        wanted: CompletionItemKind,
        fallbacks: &[CompletionItemKind],
    ) -> Option<CompletionItemKind> {
        let known = |kind: &CompletionItemKind| match &self.completion_kinds {
            Some(set) => set.contains(kind),
            None => (1..=18).contains(&raw(kind)),
        };
        std::iter::once(&wanted)
            .chain(fallbacks)
            .find(|kind| known(kind))
            .copied()
    }

    /// `wanted`, or the first of `fallbacks` the client knows (the field is required:
    /// the last fallback is sent if it knows none).
    pub fn symbol_kind(
        &self,
        wanted: SymbolKind,
        fallbacks: &[SymbolKind],
        workspace: bool,
    ) -> SymbolKind {
        let set = if workspace {
            &self.workspace_symbol_kinds
        } else {
            &self.document_symbol_kinds
        };
        let known = |kind: &SymbolKind| match set {
            Some(set) => set.contains(kind),
            None => (1..=18).contains(&raw(kind)),
        };
        std::iter::once(&wanted)
            .chain(fallbacks)
            .find(|kind| known(kind))
            .or(fallbacks.last())
            .copied()
            .unwrap_or(wanted)
    }

    pub fn diagnostic_tag(&self, tag: DiagnosticTag) -> Option<DiagnosticTag> {
        self.diagnostic_tags.contains(&tag).then_some(tag)
    }
}

/// The number a kind is sent as.
fn raw(kind: &impl serde::Serialize) -> i64 {
    serde_json::to_value(kind)
        .ok()
        .and_then(|value| value.as_i64())
        .unwrap_or_default()
}
