//! The protocol layer: each handler converts, hands the work to the state thread and
//! converts the answer back. Notifications are handed over before any `.await`, so they
//! reach the state in the order the client sent them even though tower-lsp runs handlers
//! concurrently.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::actions::{self, APPLY_EDIT_COMMAND, PLACE_CURSOR_COMMAND};
use super::caps::ClientCaps;
use super::publish::Outbox;
use super::state::{self, Message, StateHandle};
use super::{convert, indexing, overview, pull};
use crate::config::Config;
use crate::ide;
use crate::rules::{Rule, Severity};
use crate::text::Encoding;

pub(crate) struct Backend {
    client: Client,
    /// The transport's out queue, where the outbox writes diagnostics serialised at once.
    out: tokio::sync::mpsc::Sender<Vec<u8>>,
    /// Set at `initialize`; shared with the transport, which answers pulls of
    /// diagnostics itself (see [`raw_answers`]).
    state: Arc<OnceLock<StateHandle>>,
    /// Whether the client can watch files for us, learnt at `initialize`.
    can_register_watchers: Mutex<bool>,
    can_report_progress: Mutex<bool>,
    /// The `inlayHints.enable` setting (off unless turned on). A change to it reaches the
    /// client with the next analysis, which settings start: `workspace/inlayHint/refresh`.
    inlay_hints: AtomicBool,
}

impl Backend {
    pub fn new(
        client: Client,
        out: tokio::sync::mpsc::Sender<Vec<u8>>,
        state: Arc<OnceLock<StateHandle>>,
    ) -> Backend {
        Backend {
            client,
            out,
            state,
            can_register_watchers: Mutex::new(false),
            can_report_progress: Mutex::new(false),
            inlay_hints: AtomicBool::new(false),
        }
    }

    fn state(&self) -> Option<&StateHandle> {
        self.state.get()
    }

    fn send(&self, message: Message) {
        if let Some(state) = self.state() {
            state.send(message);
        }
    }

    /// Runs a query about the open documents on the analysis at once, indexed or not; a
    /// panic or a missing state answers an internal error.
    async fn query<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut state::State) -> T + Send + 'static,
    ) -> Result<T> {
        self.query_when(|_| true, f).await
    }

    /// Runs a query whose answer may need closed files once the workspace is indexed,
    /// unless `local` finds it needs none.
    async fn query_when<T: Send + 'static>(
        &self,
        local: impl FnOnce(&state::State) -> bool + Send + 'static,
        f: impl FnOnce(&mut state::State) -> T + Send + 'static,
    ) -> Result<T> {
        let Some(state) = self.state() else {
            return Err(Error::internal_error());
        };
        state.run_indexed(local, f).await.ok_or_else(failed_inside)
    }
}

/// The requests the transport answers with JSON the state wrote, past tower-lsp-server:
/// `textDocument/diagnostic`, whose answer for an open document is the list kept
/// serialised for pushes (see `pull::document_json`). Before `initialize`, after
/// `shutdown` or with params it cannot read, a request goes to the service, which answers
/// as the protocol says.
pub(crate) fn raw_answers(state: Arc<OnceLock<StateHandle>>) -> super::transport::RawAnswers {
    Box::new(move |request| {
        let initialized = state.get().is_some();
        if request.method() != "textDocument/diagnostic"
            || !initialized
            || super::SHUTDOWN_REQUESTED.load(Ordering::SeqCst)
        {
            return Err(request);
        }
        let params = request
            .params()
            .cloned()
            .and_then(|params| serde_json::from_value::<DocumentDiagnosticParams>(params).ok());
        let Some(params) = params else {
            return Err(request);
        };
        let state = state.clone();
        Ok(Box::pin(async move {
            let answer = match state.get() {
                Some(state) => {
                    state
                        .run_indexed(|_| true, move |state| pull::document_json(state, &params))
                        .await
                }
                None => None,
            };
            answer.unwrap_or_else(|| Err(failed_inside()))
        }))
    })
}

fn failed_inside() -> Error {
    Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
        message: "claimdown: the request failed inside the server".into(),
        data: None,
    }
}

/// Whether what is at a position needs no closed file: nothing is there, or it resolves
/// already (a local definition, a claim of the same file, an open document's definition).
fn resolves(state: &state::State, at: &TextDocumentPositionParams) -> bool {
    let Some((id, file)) = state.file(&at.text_document.uri) else {
        return true;
    };
    let offset = convert::offset(file, at.position, state.encoding);
    ide::entity_at(&state.ws, id, offset).is_none()
        || !ide::definition(&state.ws, id, offset).is_empty()
}

/// Cross-file answers (every reference, every symbol) wait for the whole workspace.
fn never(_: &state::State) -> bool {
    false
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    match offered {
        Some(encodings) if encodings.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| folder.uri.to_file_path().map(|path| path.into_owned()))
        .collect();
    #[allow(deprecated)] // Older clients send only `rootUri`.
    if roots.is_empty() {
        if let Some(path) = params.root_uri.as_ref().and_then(|uri| uri.to_file_path()) {
            roots.push(path.into_owned());
        }
    }
    roots
}

/// Rule severities from settings: `{"rules": {"unused-definition": "off", …}}`, at the top
/// level or under `claimdown`.
pub(crate) fn severities(settings: &Value) -> HashMap<Rule, Option<Severity>> {
    let rules = settings.get("claimdown").unwrap_or(settings).get("rules");
    let mut res = HashMap::new();
    if let Some(Value::Object(rules)) = rules {
        for (name, value) in rules {
            let (Some(rule), Some(value)) = (Rule::from_name(name), value.as_str()) else {
                continue;
            };
            // An unknown word is ignored: the client's settings UI validates them.
            if let Some(severity) = Severity::parse_setting(value) {
                res.insert(rule, severity);
            }
        }
    }
    res
}

/// Whether inlay hints are on: `{"inlayHints": {"enable": true}}`, at the top level or
/// under `claimdown`. Settings are sent whole, so a missing key means the default, off.
pub(crate) fn inlay_hints_enabled(settings: &Value) -> bool {
    settings
        .get("claimdown")
        .unwrap_or(settings)
        .pointer("/inlayHints/enable")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// The parameters of `claimdown/render`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RenderParams {
    text_document: TextDocumentIdentifier,
}

/// The answer to `claimdown/render`: the article's page as `claimdown export --format html`
/// writes it, for the text as it is in the editor.
#[derive(serde::Serialize)]
pub(crate) struct RenderResult {
    html: String,
    /// Where each claim of the page stands in the document: its element's `id` on the page
    /// and the annotation's range, so that a preview can follow the cursor and reveal a
    /// claim clicked on.
    claims: Vec<RenderedClaim>,
}

#[derive(serde::Serialize)]
pub(crate) struct RenderedClaim {
    anchor: String,
    range: Range,
}

impl Backend {
    /// `claimdown/render`: the HTML page of an open or indexed document; `null` for a
    /// document the server does not know.
    pub(crate) async fn render(&self, params: RenderParams) -> Result<Option<RenderResult>> {
        self.query(move |state| {
            let (id, file) = state.file(&params.text_document.uri)?;
            let config = state.config_for(std::path::Path::new(&file.path));
            let diagnostics = crate::rules::check_file(&state.ws, id, config);
            let cwd = std::env::current_dir().unwrap_or_default();
            let files = [id];
            let input = crate::export::Input {
                ws: &state.ws,
                files: &files,
                cwd: &cwd,
                // The page shows no coverage figures.
                coverage: None,
            };
            let claims = file
                .model
                .claims
                .iter()
                .enumerate()
                .map(|(idx, claim)| RenderedClaim {
                    anchor: crate::export::html::claim_anchor(idx),
                    range: convert::range(file, claim.range, state.encoding),
                })
                .collect();
            Some(RenderResult {
                html: crate::export::html::page(&input, id, &diagnostics),
                claims,
            })
        })
        .await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let caps = ClientCaps::new(&params.capabilities);
        let prepare_rename = caps.prepare_rename;
        let roots = roots(&params);
        let config = match roots.first() {
            Some(root) => Config::load(root).unwrap_or_else(|err| {
                eprintln!("claimdown: {err}; using the default configuration");
                Config::default_for(root.clone())
            }),
            None => Config::default_for(PathBuf::from(".")),
        };
        let settings = params
            .initialization_options
            .as_ref()
            .map(severities)
            .unwrap_or_default();
        let inlay_hints = params
            .initialization_options
            .as_ref()
            .is_some_and(inlay_hints_enabled);
        self.inlay_hints.store(inlay_hints, Ordering::SeqCst);
        let pull_diagnostics = caps.pull_diagnostics;
        let publish_tx = Outbox::default();
        tokio::spawn(
            publish_tx
                .clone()
                .run(self.client.clone(), self.out.clone()),
        );
        let _ = self.state.set(state::spawn(
            encoding, caps, config, roots, settings, publish_tx,
        ));
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.did_change_watched_files.as_ref())
            .and_then(|watch| watch.dynamic_registration)
            .unwrap_or(false);
        if let Ok(mut can) = self.can_register_watchers.lock() {
            *can = watch;
        }
        let progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|window| window.work_done_progress)
            .unwrap_or(false);
        if let Ok(mut can) = self.can_report_progress.lock() {
            *can = progress;
        }
        let encoding_kind = match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "claimdown".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: None,
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                rename_provider: Some(if prepare_rename {
                    OneOf::Right(RenameOptions {
                        prepare_provider: Some(true),
                        work_done_progress_options: Default::default(),
                    })
                } else {
                    OneOf::Left(true)
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                            actions::fix_all_kind(),
                        ]),
                        ..Default::default()
                    },
                )),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: convert::semantic_legend(),
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                            work_done_progress_options: Default::default(),
                        },
                    ),
                ),
                call_hierarchy_provider: Some(CallHierarchyServerCapability::Simple(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                // Offered to the clients that declared they pull; the others get pushes.
                diagnostic_provider: pull_diagnostics.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("claimdown".to_owned()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        work_done_progress_options: Default::default(),
                    })
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![
                        APPLY_EDIT_COMMAND.to_owned(),
                        super::caps::SHOW_REFERENCES.to_owned(),
                        PLACE_CURSOR_COMMAND.to_owned(),
                    ],
                    work_done_progress_options: Default::default(),
                }),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        ["@", "^", "#", "=", "{", " "].map(String::from).to_vec(),
                    ),
                    ..Default::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: None,
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watch = self
            .can_register_watchers
            .lock()
            .map(|can| *can)
            .unwrap_or(false);
        if watch {
            let watchers = ["**/*.cdown", "**/claimdown.toml"]
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.to_owned()),
                    kind: None,
                })
                .to_vec();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "claimdown-watch".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(err) = self.client.register_capability(vec![registration]).await {
                eprintln!("claimdown: the client refused to watch files: {err}");
            }
        }
        let Some(state) = self.state().cloned() else {
            return;
        };
        let progress = self
            .can_report_progress
            .lock()
            .map(|can| *can)
            .unwrap_or(false);
        tokio::spawn(indexing::index_workspace(
            self.client.clone(),
            state,
            progress,
        ));
    }

    async fn shutdown(&self) -> Result<()> {
        super::SHUTDOWN_REQUESTED.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.send(Message::Open {
            uri: doc.uri,
            version: doc.version,
            text: doc.text,
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let doc = params.text_document;
        self.send(Message::Change {
            uri: doc.uri,
            version: doc.version,
            changes: params.content_changes,
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.send(Message::Close {
            uri: params.text_document.uri,
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changes = params
            .changes
            .into_iter()
            .filter_map(|event| {
                let path = event.uri.to_file_path()?.into_owned();
                Some((path, event.typ != FileChangeType::DELETED))
            })
            .collect();
        self.send(Message::Disk(changes));
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Before the settings reach the state: the analysis they start asks the client
        // for inlay hints again, and must find the new setting.
        self.inlay_hints
            .store(inlay_hints_enabled(&params.settings), Ordering::SeqCst);
        self.send(Message::Settings(severities(&params.settings)));
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let here = at.clone();
        self.query_when(
            move |state| resolves(state, &here),
            move |state| {
                let (id, file) = state.file(&at.text_document.uri)?;
                let offset = convert::offset(file, at.position, state.encoding);
                let res = ide::hover(&state.ws, id, offset)?;
                Some(Hover {
                    contents: HoverContents::Markup(convert::markup(
                        res.markdown,
                        state.caps.hover_markdown,
                    )),
                    range: Some(convert::range(file, res.range, state.encoding)),
                })
            },
        )
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let here = at.clone();
        self.query_when(
            move |state| resolves(state, &here),
            move |state| {
                let (id, file) = state.file(&at.text_document.uri)?;
                let offset = convert::offset(file, at.position, state.encoding);
                let origin = ide::entity_at(&state.ws, id, offset)
                    .map(|occurrence| convert::range(file, occurrence.range, state.encoding));
                let links: Vec<LocationLink> = ide::definition(&state.ws, id, offset)
                    .into_iter()
                    .filter_map(|target| {
                        let target_file = state.ws.file_text(target.file)?;
                        Some(LocationLink {
                            origin_selection_range: origin,
                            target_uri: convert::uri_of(target_file.path)?,
                            target_range: convert::range(
                                target_file,
                                target.full_range,
                                state.encoding,
                            ),
                            target_selection_range: convert::range(
                                target_file,
                                target.focus_range,
                                state.encoding,
                            ),
                        })
                    })
                    .collect();
                if links.is_empty() {
                    return None;
                }
                if !state.caps.definition_links {
                    // A plain location points at the id, where the cursor should land.
                    let locations = links
                        .into_iter()
                        .map(|link| Location::new(link.target_uri, link.target_selection_range))
                        .collect();
                    return Some(GotoDefinitionResponse::Array(locations));
                }
                Some(GotoDefinitionResponse::Link(links))
            },
        )
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let include_declaration = params.context.include_declaration;
        self.query_when(never, move |state| {
            let (id, file) = state.file(&at.text_document.uri)?;
            let offset = convert::offset(file, at.position, state.encoding);
            let locations: Vec<Location> =
                ide::references(&state.ws, id, offset, include_declaration)
                    .into_iter()
                    .filter_map(|place| {
                        convert::location(&state.ws, place.file, place.range, state.encoding)
                    })
                    .collect();
            Some(locations)
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let at = params.text_document_position_params;
        self.query(move |state| {
            let (id, file) = state.file(&at.text_document.uri)?;
            let offset = convert::offset(file, at.position, state.encoding);
            let highlights = ide::document_highlights(&state.ws, id, offset)
                .into_iter()
                .map(|highlight| DocumentHighlight {
                    range: convert::range(file, highlight.range, state.encoding),
                    kind: Some(if highlight.is_definition {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }),
                })
                .collect();
            Some(highlights)
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        self.query(move |state| {
            let (id, file) = state.file(&at.text_document.uri)?;
            let offset = convert::offset(file, at.position, state.encoding);
            let items: Vec<CompletionItem> = ide::completions(&state.ws, id, offset)
                .into_iter()
                .map(|item| convert::completion_item(file, item, state.encoding, &state.caps))
                .collect();
            Some(CompletionResponse::List(CompletionList {
                // Closed files' definitions are still being read: the client asks again.
                is_incomplete: !state.indexed,
                items,
            }))
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.query(move |state| {
            let (id, file) = state.file(&params.text_document.uri)?;
            let symbols = ide::document_symbols(&state.ws, id);
            if !state.caps.hierarchical_symbols {
                return Some(DocumentSymbolResponse::Flat(convert::flat_symbols(
                    &params.text_document.uri,
                    file,
                    symbols,
                    state.encoding,
                    &state.caps,
                )));
            }
            let symbols = symbols
                .into_iter()
                .map(|symbol| convert::document_symbol(file, symbol, state.encoding, &state.caps))
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
        .await
    }

    #[allow(deprecated)] // `SymbolInformation::deprecated` is a required field.
    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.query_when(never, move |state| {
            let symbols = ide::workspace_symbols(&state.ws, &params.query, 256)
                .into_iter()
                .filter_map(|(file, symbol)| {
                    Some(SymbolInformation {
                        name: symbol.name,
                        kind: convert::symbol_kind(symbol.kind, &state.caps, true),
                        tags: None,
                        deprecated: None,
                        location: convert::location(
                            &state.ws,
                            file,
                            symbol.selection_range,
                            state.encoding,
                        )?,
                        container_name: symbol.detail,
                    })
                })
                .collect();
            Some(WorkspaceSymbolResponse::Flat(symbols))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.query(move |state| {
            let (id, file) = state.file(&params.text_document.uri)?;
            Some(
                ide::folding_ranges(&state.ws, id)
                    .into_iter()
                    .map(|fold| convert::folding_range(file, fold))
                    .collect(),
            )
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.query(move |state| state.formatting(&params.text_document.uri, None))
            .await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.query(move |state| state.formatting(&params.text_document.uri, Some(params.range)))
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.query(move |state| {
            let (id, file) = state.file(&params.text_document.uri)?;
            let offset = convert::offset(file, params.position, state.encoding);
            let (range, placeholder) = ide::prepare_rename(&state.ws, id, offset)?;
            Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(file, range, state.encoding),
                placeholder,
            })
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let new_name = params.new_name;
        let res = self
            .query_when(
                never,
                move |state| -> std::result::Result<Option<WorkspaceEdit>, String> {
                    let Some((id, file)) = state.file(&at.text_document.uri) else {
                        return Ok(None);
                    };
                    let offset = convert::offset(file, at.position, state.encoding);
                    let edits =
                        ide::rename(&state.ws, id, offset, &new_name).map_err(|err| err.0)?;
                    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
                    for (place, new_text) in edits {
                        let Some(location) =
                            convert::location(&state.ws, place.file, place.range, state.encoding)
                        else {
                            continue;
                        };
                        changes
                            .entry(location.uri)
                            .or_default()
                            .push(TextEdit::new(location.range, new_text));
                    }
                    Ok(Some(WorkspaceEdit {
                        changes: Some(changes),
                        ..Default::default()
                    }))
                },
            )
            .await?;
        res.map_err(Error::invalid_params)
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.query(move |state| {
            let tokens = state.semantic_tokens(&params.text_document.uri, None)?;
            Some(SemanticTokensResult::Tokens(tokens))
        })
        .await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        self.query(move |state| {
            let uri = params.text_document.uri;
            let path = convert::path_of(&uri);
            let previous = state
                .semantic_tokens
                .get(&path)
                .filter(|(id, _)| *id == params.previous_result_id)
                .map(|(_, data)| data.clone());
            let tokens = state.semantic_tokens(&uri, None)?;
            Some(match previous {
                Some(previous) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
                    result_id: tokens.result_id,
                    edits: convert::semantic_edit(&previous, &tokens.data)
                        .into_iter()
                        .collect(),
                }),
                None => SemanticTokensFullDeltaResult::Tokens(tokens),
            })
        })
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.query(move |state| {
            let (_, file) = state.file(&params.text_document.uri)?;
            let range = crate::text::TextRange::new(
                convert::offset(file, params.range.start, state.encoding),
                convert::offset(file, params.range.end, state.encoding),
            );
            let tokens = state.semantic_tokens(&params.text_document.uri, Some(range))?;
            Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                result_id: None,
                data: tokens.data,
            }))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command == super::caps::SHOW_REFERENCES {
            // A client that sends the lens's command back has no way to show a list the
            // server could trigger: answer the locations, its third argument.
            let locations = params
                .arguments
                .into_iter()
                .nth(2)
                .and_then(|arg| serde_json::from_value::<Vec<Location>>(arg).ok())
                .ok_or_else(|| Error::invalid_params("expected [uri, position, locations]"))?;
            return Ok(serde_json::to_value(locations).ok());
        }
        if params.command == PLACE_CURSOR_COMMAND {
            let mut args = params.arguments.into_iter();
            let uri = args
                .next()
                .and_then(|arg| serde_json::from_value::<Uri>(arg).ok());
            let position = args
                .next()
                .and_then(|arg| serde_json::from_value::<Position>(arg).ok());
            let (Some(uri), Some(position)) = (uri, position) else {
                return Err(Error::invalid_params("expected a URI and a position"));
            };
            let shown = self
                .client
                .show_document(ShowDocumentParams {
                    uri,
                    external: Some(false),
                    take_focus: Some(true),
                    selection: Some(Range::new(position, position)),
                })
                .await?;
            return Ok(Some(LSPAny::Bool(shown)));
        }
        if params.command != APPLY_EDIT_COMMAND {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        // Sent on as it is: a snippet edit (LSP 3.18) is not in the protocol's types.
        let edit = params
            .arguments
            .into_iter()
            .next()
            .filter(is_workspace_edit)
            .ok_or_else(|| Error::invalid_params("expected one WorkspaceEdit argument"))?;
        let applied = self
            .client
            .send_request::<ApplyEditAsIs>(serde_json::json!({ "edit": edit }))
            .await;
        match applied {
            Ok(res) if res.applied => Ok(None),
            Ok(res) => Err(Error::invalid_params(format!(
                "the client did not apply the edit: {}",
                res.failure_reason.unwrap_or_default()
            ))),
            Err(err) => Err(err),
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.query(move |state| {
            let only = params.context.only.as_deref();
            actions::code_actions(state, &params.text_document.uri, params.range, only)
        })
        .await
    }

    async fn prepare_call_hierarchy(
        &self,
        params: CallHierarchyPrepareParams,
    ) -> Result<Option<Vec<CallHierarchyItem>>> {
        let at = params.text_document_position_params;
        self.query(move |state| overview::prepare_call_hierarchy(state, &at))
            .await
    }

    async fn incoming_calls(
        &self,
        params: CallHierarchyIncomingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyIncomingCall>>> {
        // Claim ids belong to their file: what rebuts a claim is in the same document, so
        // this never waits for the workspace to be indexed (nor does `outgoing_calls`).
        self.query(move |state| overview::incoming_calls(state, &params.item))
            .await
    }

    async fn outgoing_calls(
        &self,
        params: CallHierarchyOutgoingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyOutgoingCall>>> {
        self.query(move |state| overview::outgoing_calls(state, &params.item))
            .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.query_when(never, move |state| {
            overview::code_lenses(state, &params.text_document.uri)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        if !self.inlay_hints.load(Ordering::SeqCst) {
            return Ok(None);
        }
        self.query(move |state| overview::inlay_hints(state, &params))
            .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.query(move |state| overview::document_links(state, &params.text_document.uri))
            .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.query(move |state| overview::selection_ranges(state, &params))
            .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.query(move |state| pull::document(state, &params))
            .await?
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let Some(state) = self.state() else {
            return Err(Error::internal_error());
        };
        let can_report = self.can_report_progress.lock().is_ok_and(|can| *can);
        pull::workspace_pull(&self.client, state, params, can_report).await
    }
}

/// `workspace/applyEdit` with the edit as JSON, for the snippet edits of LSP 3.18.
enum ApplyEditAsIs {}

impl request::Request for ApplyEditAsIs {
    type Params = Value;
    type Result = ApplyWorkspaceEditResponse;
    const METHOD: &'static str = "workspace/applyEdit";
}

/// A `WorkspaceEdit` of the protocol, or one with snippet edits in its document changes.
fn is_workspace_edit(edit: &Value) -> bool {
    let Some(object) = edit.as_object() else {
        return false;
    };
    let typed = serde_json::from_value::<WorkspaceEdit>(edit.clone()).is_ok();
    typed
        || object
            .get("documentChanges")
            .and_then(Value::as_array)
            .is_some_and(|changes| {
                changes.iter().all(|change| {
                    change.get("textDocument").is_some()
                        && change.get("edits").is_some_and(Value::is_array)
                })
            })
}
