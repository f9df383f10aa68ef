//! The server's state, owned by one thread. Every notification is handed to it
//! synchronously, in the order the client sent it, so edits can never overtake each other;
//! requests are closures it runs against the analysis once every earlier edit is applied.
//! Analysis is coalesced: a burst of edits is analysed once, when the queue is empty, and
//! the diagnostics published then carry the version they describe.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tower_lsp_server::ls_types as lsp;

use super::caps::ClientCaps;
use super::convert;
use super::document::Document;
use super::publish::{Outbox, Publish, Refresh};
use super::sent::{self, SentList};
use crate::config::{Config, ProjectFinder};
use crate::rules::{self, Rule, Severity};
use crate::text::Encoding;
use crate::workspace::engine::Change;
use crate::workspace::{load_file, ClosedFile, FileId, SourceFile, Workspace};

pub(crate) type Job = Box<dyn FnOnce(&mut State) + Send>;

pub(crate) enum Message {
    Open {
        uri: lsp::Uri,
        version: i32,
        text: String,
    },
    Change {
        uri: lsp::Uri,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    },
    Close {
        uri: lsp::Uri,
    },
    /// Files changed on disk (created or changed: `true`; deleted: `false`).
    Disk(Vec<(PathBuf, bool)>),
    /// Files read by the background indexer.
    Indexed(Vec<ClosedFile>),
    /// Files read again from disk, off the state thread: `None` if gone or unreadable.
    Reloaded(Vec<(PathBuf, Option<ClosedFile>)>),
    /// The background indexer is done.
    IndexingDone,
    /// Severities from the client's settings, overriding `claimdown.toml`.
    Settings(HashMap<Rule, Option<Severity>>),
    Run(Job),
}

pub(crate) struct State {
    pub ws: Workspace,
    pub encoding: Encoding,
    pub caps: ClientCaps,
    /// The configuration of the first workspace folder (or the defaults), for files under
    /// no `claimdown.toml`.
    pub config: Config,
    pub roots: Vec<PathBuf>,
    /// Each project's own `claimdown.toml`, by project root (LANGUAGE.md, "Definitions").
    configs: HashMap<PathBuf, Config>,
    projects: ProjectFinder,
    settings: HashMap<Rule, Option<Severity>>,
    docs: HashMap<PathBuf, (lsp::Uri, Document)>,
    /// Until the workspace is indexed, references to closed files cannot resolve: no
    /// diagnostics are published before, so that none flicker.
    pub indexed: bool,
    /// Requests whose answer needs the whole workspace, run once it is indexed; requests
    /// about an open document alone are answered meanwhile.
    waiting: Vec<Job>,
    dirty: HashSet<PathBuf>,
    /// The last semantic tokens sent for each open document, with their result id, for
    /// `semanticTokens/full/delta`.
    pub semantic_tokens: HashMap<PathBuf, (String, Vec<lsp::SemanticToken>)>,
    pub next_result_id: u64,
    /// Whether what ids resolve to may have changed for documents not edited: the client
    /// is asked to request semantic tokens again.
    tokens_stale: bool,
    /// The last diagnostics computed for each open document, for code actions.
    pub diagnostics: HashMap<PathBuf, Vec<rules::Diagnostic>>,
    /// The configuration or the settings changed since diagnostics were last checked: no
    /// finding of that check can be kept.
    rules_changed: bool,
    /// Counts the changes of configuration and settings, for the pull cache of closed files.
    pub config_generation: u64,
    published: HashMap<PathBuf, SentList>,
    stale: bool,
    /// Counts the analyses diagnostics were checked after: what the pull cache is keyed by.
    generation: u64,
    /// The last workspace diagnostics pulled (see `pull`).
    pub pulled: super::pull::Cache,
    /// Replaced versions of files, dropped once diagnostics are out.
    garbage: Vec<SourceFile>,
    /// Open documents re-parsed incrementally around a syntax error: tree-sitter may have
    /// recovered from it otherwise than a fresh parse (the command line's) would, so they
    /// are parsed afresh once the editing pauses.
    unsettled: HashSet<PathBuf>,
    publish: Outbox,
    /// For work done off this thread to report back.
    inbox: Sender<Message>,
    open: OpenPaths,
}

/// The handle the protocol layer holds: sending never blocks and never awaits.
#[derive(Clone)]
pub(crate) struct StateHandle {
    sender: Sender<Message>,
    open: OpenPaths,
}

/// The paths of the open documents, read off the state thread: the indexer gives up a
/// file the editor has opened (its analysis would be thrown away, and a large file's would
/// double the server's peak memory).
#[derive(Clone, Default)]
pub(crate) struct OpenPaths(Arc<std::sync::Mutex<HashSet<PathBuf>>>);

impl OpenPaths {
    pub fn contains(&self, path: &Path) -> bool {
        self.0.lock().is_ok_and(|open| open.contains(path))
    }

    fn set(&self, path: &Path, open: bool) {
        if let Ok(mut paths) = self.0.lock() {
            if open {
                paths.insert(path.to_owned());
            } else {
                paths.remove(path);
            }
        }
    }
}

impl StateHandle {
    pub fn open_paths(&self) -> OpenPaths {
        self.open.clone()
    }

    pub fn send(&self, message: Message) {
        // A closed channel means the state thread is gone: the server is shutting down.
        let _ = self.sender.send(message);
    }

    /// Runs `f` on the state after every message sent before it; `None` if it panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut State) -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = oneshot::channel();
        self.send(Message::Run(Box::new(move |state| {
            state.refresh();
            let res = catch_unwind(AssertUnwindSafe(|| f(state)));
            let _ = tx.send(res.ok());
        })));
        rx.await.ok().flatten()
    }

    /// Runs `f` like `run` if the workspace is indexed or `local` says the answer needs
    /// no other file; otherwise once the workspace is indexed.
    pub async fn run_indexed<T: Send + 'static>(
        &self,
        local: impl FnOnce(&State) -> bool + Send + 'static,
        f: impl FnOnce(&mut State) -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = oneshot::channel();
        self.send(Message::Run(Box::new(move |state| {
            state.refresh();
            let job = move |state: &mut State| {
                let res = catch_unwind(AssertUnwindSafe(|| f(state)));
                let _ = tx.send(res.ok());
            };
            if state.indexed || local(state) {
                job(state);
            } else {
                state.waiting.push(Box::new(job));
            }
        })));
        rx.await.ok().flatten()
    }
}

pub(crate) fn spawn(
    encoding: Encoding,
    caps: ClientCaps,
    config: Config,
    roots: Vec<PathBuf>,
    settings: HashMap<Rule, Option<Severity>>,
    publish: Outbox,
) -> StateHandle {
    let (sender, receiver) = mpsc::channel();
    let inbox = sender.clone();
    let open = OpenPaths::default();
    let mut state = State {
        ws: Workspace::new(),
        encoding,
        caps,
        config,
        roots,
        configs: HashMap::new(),
        projects: ProjectFinder::default(),
        settings: HashMap::new(),
        docs: HashMap::new(),
        indexed: false,
        waiting: Vec::new(),
        dirty: HashSet::new(),
        diagnostics: HashMap::new(),
        rules_changed: false,
        config_generation: 0,
        semantic_tokens: HashMap::new(),
        next_result_id: 0,
        tokens_stale: false,
        published: HashMap::new(),
        stale: false,
        generation: 0,
        pulled: Default::default(),
        garbage: Vec::new(),
        unsettled: HashSet::new(),
        publish,
        inbox,
        open: open.clone(),
    };
    state.apply_settings(settings);
    state.set_project_roots();
    let spawned = std::thread::Builder::new()
        .name("claimdown-state".to_owned())
        .spawn(move || run(state, receiver));
    if let Err(err) = spawned {
        eprintln!("claimdown: cannot start the analysis thread: {err}");
    }
    StateHandle { sender, open }
}

/// What a document whose check panicked shows, at its start.
pub(crate) fn internal_error() -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some("claimdown".to_owned()),
        message: "claimdown could not check this file (an internal error); other files are \
                  checked as usual. Please report it with the file."
            .to_owned(),
        ..Default::default()
    }
}

/// Debug builds panic on a document holding `CLAIMDOWN_TEST_PANIC`'s text, so that the
/// end-to-end tests can check that a panic costs one document only.
pub(crate) fn panic_for_tests(text: &str) {
    #[cfg(debug_assertions)]
    if let Some(marker) = std::env::var_os("CLAIMDOWN_TEST_PANIC") {
        let marker = marker.to_string_lossy();
        if !marker.is_empty() && text.contains(marker.as_ref()) {
            panic!("CLAIMDOWN_TEST_PANIC");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = text;
}

/// How long the documents stay untouched before a tree re-parsed around a syntax error is
/// parsed afresh.
const SETTLE: Duration = Duration::from_millis(400);

fn run(mut state: State, receiver: Receiver<Message>) {
    loop {
        let message = if state.unsettled.is_empty() {
            receiver.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            receiver.recv_timeout(SETTLE)
        };
        match message {
            Ok(message) => state.handle(message),
            Err(RecvTimeoutError::Timeout) => state.settle(),
            Err(RecvTimeoutError::Disconnected) => return,
        }
        loop {
            match receiver.try_recv() {
                Ok(message) => state.handle(message),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        // The queue is empty: analyse what changed and publish.
        let published = catch_unwind(AssertUnwindSafe(|| {
            state.refresh();
            state.publish_diagnostics();
            state.refresh_tokens();
            state.garbage.clear();
            // The closed files' models built for the requests answered are dropped.
            state.ws.release_built();
        }));
        if published.is_err() {
            eprintln!("claimdown: analysis panicked; the previous results stay in place");
        }
    }
}

impl State {
    fn handle(&mut self, message: Message) {
        let handled = catch_unwind(AssertUnwindSafe(|| match message {
            Message::Open { uri, version, text } => self.open(uri, version, text),
            Message::Change {
                uri,
                version,
                changes,
            } => self.change(&uri, version, &changes),
            Message::Close { uri } => self.close(&uri),
            Message::Disk(changes) => self.disk(changes),
            Message::Indexed(files) => self.add_indexed(files),
            Message::Reloaded(files) => self.reloaded(files),
            Message::IndexingDone => {
                self.indexed = true;
                self.stale = true;
                self.tokens_stale = true;
                self.refresh();
                for job in std::mem::take(&mut self.waiting) {
                    job(self);
                }
                super::memory::trim();
            }
            Message::Settings(settings) => self.apply_settings(settings),
            Message::Run(job) => job(self),
        }));
        if handled.is_err() {
            eprintln!("claimdown: a request panicked; the server goes on");
        }
    }

    fn open(&mut self, uri: lsp::Uri, version: i32, text: String) {
        let path = convert::path_of(&uri);
        self.find_projects(std::iter::once(path.as_path()));
        self.open.set(&path, true);
        // Parsed afresh at the next refresh: whatever the workspace held was read from disk.
        self.docs.insert(
            path.clone(),
            (uri, Document::new(path.clone(), text, version)),
        );
        self.dirty.insert(path);
    }

    fn change(
        &mut self,
        uri: &lsp::Uri,
        version: i32,
        changes: &[lsp::TextDocumentContentChangeEvent],
    ) {
        let path = convert::path_of(uri);
        let Some((_, doc)) = self.docs.get_mut(&path) else {
            return;
        };
        doc.version = version;
        for change in changes {
            doc.apply(change, self.encoding);
        }
        self.dirty.insert(path);
    }

    fn close(&mut self, uri: &lsp::Uri) {
        let path = convert::path_of(uri);
        self.open.set(&path, false);
        self.docs.remove(&path);
        self.unsettled.remove(&path);
        self.dirty.remove(&path);
        self.diagnostics.remove(&path);
        self.semantic_tokens.remove(&path);
        if self.published.remove(&path).is_some() && !self.caps.pull_diagnostics {
            self.publish.send(Publish {
                uri: uri.clone(),
                diagnostics: Arc::default(),
                version: None,
            });
        }
        // The file on disk is what the workspace knows again (or nothing, if it is gone).
        self.reload(vec![path]);
        self.stale = true;
    }

    fn disk(&mut self, changes: Vec<(PathBuf, bool)>) {
        self.tokens_stale = true;
        let mut reload = Vec::new();
        for (path, exists) in changes {
            if path
                .file_name()
                .is_some_and(|name| name == crate::config::CONFIG_FILE)
            {
                self.reload_config();
                continue;
            }
            if self.docs.contains_key(&path) {
                // The editor's buffer is the truth for open documents.
                continue;
            }
            if exists && !self.config_for(&path).is_excluded(&path) {
                reload.push(path);
            } else {
                self.ws.remove_file(&path);
            }
        }
        self.reload(reload);
        self.stale = true;
    }

    /// Reads `paths` again on another thread: a special file named `.cdown` (a FIFO, a
    /// device) must never block this one. Only regular files inside a workspace folder are
    /// read, up to the configured size; anything else leaves the workspace.
    fn reload(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let inside: Vec<PathBuf> = paths
            .into_iter()
            .filter(|path| {
                let inside =
                    path.is_absolute() && self.roots.iter().any(|root| path.starts_with(root));
                if !inside {
                    self.ws.remove_file(path);
                }
                inside
            })
            .collect();
        let max_bytes = self.config.max_file_size();
        let inbox = self.inbox.clone();
        let spawned = std::thread::Builder::new()
            .name("claimdown-reload".to_owned())
            .spawn(move || {
                let files = inside
                    .into_iter()
                    .map(|path| {
                        let file = match load_file(path.clone(), &path, max_bytes) {
                            Ok(file) => Some(ClosedFile::new(file)),
                            Err(err) => {
                                eprintln!("claimdown: {}: {err}", path.display());
                                None
                            }
                        };
                        (path, file)
                    })
                    .collect();
                let _ = inbox.send(Message::Reloaded(files));
            });
        if let Err(err) = spawned {
            eprintln!("claimdown: cannot read files again: {err}");
        }
    }

    fn reloaded(&mut self, files: Vec<(PathBuf, Option<ClosedFile>)>) {
        self.tokens_stale = true;
        self.find_projects(files.iter().map(|(path, _)| path.as_path()));
        for (path, file) in files {
            if self.docs.contains_key(&path) {
                continue;
            }
            match file {
                Some(file) => {
                    self.ws.set_closed_file(file);
                }
                None => {
                    self.ws.remove_file(&path);
                }
            }
        }
        self.stale = true;
    }

    fn add_indexed(&mut self, files: Vec<ClosedFile>) {
        self.tokens_stale = true;
        self.find_projects(files.iter().map(ClosedFile::path));
        for file in files {
            if !self.docs.contains_key(file.path()) {
                self.ws.set_closed_file(file);
            }
        }
        self.stale = true;
    }

    /// Reads a `claimdown.toml` that changed, appeared or went away: the projects are
    /// found again, and each project's configuration read again.
    fn reload_config(&mut self) {
        self.rules_changed = true;
        self.config_generation += 1;
        if let Some(root) = self.roots.first().cloned() {
            match Config::load(&root) {
                Ok(config) => self.config = config,
                Err(err) => eprintln!("claimdown: {err}"),
            }
        }
        self.projects.clear();
        self.configs.clear();
        let paths: Vec<PathBuf> = self
            .ws
            .file_ids()
            .filter_map(|id| Some(self.ws.file_text(id)?.path.to_path_buf()))
            .collect();
        self.find_projects(paths.iter().map(PathBuf::as_path));
        self.set_project_roots();
        let settings = std::mem::take(&mut self.settings);
        self.apply_settings(settings);
        self.tokens_stale = true;
        self.stale = true;
    }

    /// Finds the projects (folders holding a `claimdown.toml`) of files at `paths`, reads
    /// their configuration, and files the workspace anew when one is new.
    fn find_projects<'a>(&mut self, paths: impl Iterator<Item = &'a Path>) {
        let mut new = false;
        for path in paths {
            let Some(dir) = path.parent() else {
                continue;
            };
            let Some(root) = self.projects.nearest(dir) else {
                continue;
            };
            if self.configs.contains_key(&root) {
                continue;
            }
            let mut config = match Config::load(&root) {
                Ok(config) => config,
                Err(err) => {
                    eprintln!("claimdown: {err}");
                    Config::default_for(root.clone())
                }
            };
            for (&rule, &severity) in &self.settings {
                config.set_severity(rule, severity);
            }
            self.configs.insert(root, config);
            self.rules_changed = true;
            self.config_generation += 1;
            self.config_generation += 1;
            new = true;
        }
        if new {
            self.set_project_roots();
        }
    }

    /// Projects: every folder with a `claimdown.toml`, and the workspace folders for the
    /// files under none.
    fn set_project_roots(&mut self) {
        let roots: Vec<PathBuf> = self
            .configs
            .keys()
            .chain(self.roots.iter())
            .cloned()
            .collect();
        self.ws.set_project_roots(roots);
        self.stale = true;
    }

    /// The configuration of the project a file belongs to.
    pub fn config_for(&self, path: &Path) -> &Config {
        let project = self.ws.project_of_path(path);
        self.ws
            .project_root(project)
            .and_then(|root| self.configs.get(root))
            .unwrap_or(&self.config)
    }

    fn apply_settings(&mut self, settings: HashMap<Rule, Option<Severity>>) {
        for (&rule, &severity) in &settings {
            self.config.set_severity(rule, severity);
            for config in self.configs.values_mut() {
                config.set_severity(rule, severity);
            }
        }
        self.settings = settings;
        self.rules_changed = true;
        self.config_generation += 1;
        self.stale = true;
    }

    /// Parses afresh the documents last re-parsed incrementally around a syntax error, so
    /// that the editor ends up with the diagnostics `claimdown check` gives.
    fn settle(&mut self) {
        for path in std::mem::take(&mut self.unsettled) {
            if let Some((_, doc)) = self.docs.get_mut(&path) {
                doc.engine.parse_afresh();
                self.dirty.insert(path);
            }
        }
    }

    /// Re-analyses the documents edited since the last refresh, incrementally.
    pub fn refresh(&mut self) {
        let dirty: Vec<PathBuf> = self.dirty.drain().collect();
        for path in dirty {
            // A panic costs this document its new analysis, not the others theirs.
            if catch_unwind(AssertUnwindSafe(|| self.refresh_one(path.clone()))).is_err() {
                eprintln!("claimdown: analysing {} panicked", path.display());
            }
        }
    }

    fn refresh_one(&mut self, path: PathBuf) {
        let Some((_, doc)) = self.docs.get_mut(&path) else {
            return;
        };
        // The one engine the benchmarks, the fuzz targets and the tests drive too.
        let done = doc.engine.refresh(&mut self.ws);
        if doc.engine.unsettled() {
            self.unsettled.insert(path.clone());
        } else {
            self.unsettled.remove(&path);
        }
        // Other documents' references change with this one's definitions.
        if done.definitions_changed {
            self.tokens_stale = true;
        }
        self.garbage.extend(done.old);
        self.stale = true;
    }

    /// Checks every open document (a change in one file can change another's diagnostics)
    /// and publishes those whose diagnostics changed.
    pub(crate) fn publish_diagnostics(&mut self) {
        if !self.stale || !self.indexed {
            return;
        }
        self.stale = false;
        self.generation += 1;
        // Any change can change any file's diagnostics (a reference added makes a
        // definition used), any definition's lens and any display name shown as a hint:
        // the client is asked again.
        if self.caps.pull_diagnostics {
            self.publish.refresh(Refresh::Diagnostics);
        }
        if self.caps.code_lens_refresh {
            self.publish.refresh(Refresh::CodeLenses);
        }
        if self.caps.inlay_hint_refresh {
            self.publish.refresh(Refresh::InlayHints);
        }
        // What changed in each document since its last check: the findings of rules that
        // depend on a block alone are kept where nothing changed.
        let rules_changed = std::mem::take(&mut self.rules_changed);
        let mut changes: HashMap<PathBuf, Change> = HashMap::new();
        for (path, (_, doc)) in &mut self.docs {
            let change = doc.engine.take_change(&self.ws);
            if let Some(change) = change.filter(|_| !rules_changed) {
                changes.insert(path.clone(), change);
            }
        }
        for (path, (uri, doc)) in &self.docs {
            let Some(id) = self.ws.file_id(path) else {
                continue;
            };
            let Some(file) = self.ws.file(id) else {
                continue;
            };
            let since = changes
                .get(path)
                .zip(self.diagnostics.get(path))
                .map(|(change, previous)| rules::Since { previous, change });
            // A panic in one document's rules costs that document only: it gets one
            // diagnostic saying so, and the others are checked as usual.
            let pushed = !self.caps.pull_diagnostics;
            let version = (pushed && self.caps.diagnostic_version).then_some(doc.version);
            let checked = catch_unwind(AssertUnwindSafe(|| {
                panic_for_tests(&file.text);
                let found = rules::check_file_since(&self.ws, id, self.config_for(path), since);
                // Serialised for a client that pulls, too: whether the list changed in its
                // positions decides whether a pull gets it again (see `pull`).
                let sent = {
                    let previous = self
                        .diagnostics
                        .get(path)
                        .zip(self.published.get(path))
                        .map(|(found, sent)| sent::Previous {
                            found,
                            sent,
                            patch: changes.get(path).map(|change| &change.patch),
                        });
                    sent::serialise(
                        &found,
                        previous,
                        version,
                        &file.line_index,
                        |d| convert::range(file, d.range, self.encoding),
                        |d| convert::diagnostic(&self.ws, file, d, self.encoding, &self.caps),
                    )
                };
                (found, sent)
            }));
            let mut sent = match checked {
                Ok((found, sent)) => {
                    self.diagnostics.insert(path.clone(), found);
                    sent
                }
                Err(_) => {
                    eprintln!("claimdown: checking {} panicked", path.display());
                    self.diagnostics.remove(path);
                    let error = internal_error();
                    SentList {
                        version,
                        ranges: vec![error.range],
                        places: vec![sent::Place {
                            bytes: crate::text::TextRange::default(),
                            line_start: 0,
                        }],
                        json: vec![sent::fragment(&error)].into(),
                        result: 0,
                    }
                }
            };
            // Recorded even when not sent: its places are those of the findings just kept.
            let old = self.published.get(path);
            sent.result = match old.filter(|old| old.same_diagnostics(&sent)) {
                Some(old) => old.result,
                None => {
                    self.next_result_id += 1;
                    self.next_result_id
                }
            };
            let unchanged = old.is_some_and(|old| old.same_as(&sent));
            let diagnostics = sent.json.clone();
            self.published.insert(path.clone(), sent);
            if unchanged || !pushed {
                continue;
            }
            self.publish.send(Publish {
                uri: uri.clone(),
                diagnostics,
                version,
            });
        }
    }

    /// Asks the client to request semantic tokens again if what ids resolve to may have
    /// changed (once the workspace is indexed, and when the client takes such requests).
    fn refresh_tokens(&mut self) {
        if self.tokens_stale && self.indexed && self.caps.semantic_tokens_refresh {
            self.publish.refresh(Refresh::SemanticTokens);
        }
        if self.indexed {
            self.tokens_stale = false;
        }
    }

    /// A document's semantic tokens; the whole file's are kept, with a new result id, as
    /// the base of the next delta.
    pub fn semantic_tokens(
        &mut self,
        uri: &lsp::Uri,
        within: Option<crate::text::TextRange>,
    ) -> Option<lsp::SemanticTokens> {
        let path = convert::path_of(uri);
        let id = self.ws.file_id(&path)?;
        let file = self.ws.file(id)?;
        let tokens = crate::ide::semantic_tokens(&self.ws, id, within);
        let data = convert::semantic_tokens(file, &tokens, self.encoding);
        if within.is_some() {
            return Some(lsp::SemanticTokens {
                result_id: None,
                data,
            });
        }
        self.next_result_id += 1;
        let result_id = self.next_result_id.to_string();
        if self.docs.contains_key(&path) {
            self.semantic_tokens
                .insert(path, (result_id.clone(), data.clone()));
        }
        Some(lsp::SemanticTokens {
            result_id: Some(result_id),
            data,
        })
    }

    /// The analysis as of the last diagnostics checked, or `None` if anything changed since
    /// (an edit, a file on disk, the settings): the pull cache is valid while this stays.
    pub fn generation(&self) -> Option<u64> {
        (!self.stale).then_some(self.generation)
    }

    /// The result id of an open document's diagnostics as last checked, if they are
    /// current: the same while the list the client would get is, in the client's positions.
    pub fn open_result_id(&self, path: &Path) -> Option<String> {
        self.open_list(path).map(|(result_id, _)| result_id)
    }

    /// `open_result_id`, and the list's diagnostics as serialised.
    pub fn open_list(&self, path: &Path) -> Option<(String, &[sent::Fragment])> {
        if self.stale || !self.docs.contains_key(path) || !self.diagnostics.contains_key(path) {
            return None;
        }
        let sent = self.published.get(path)?;
        Some((format!("open-{}", sent.result), &sent.json))
    }

    /// The version of an open document.
    pub fn version(&self, path: &Path) -> Option<i32> {
        self.docs.get(path).map(|(_, doc)| doc.version)
    }

    /// The edits that format a document (or the lines of a range of it), with the line
    /// width of its project.
    pub fn formatting(
        &self,
        uri: &lsp::Uri,
        range: Option<lsp::Range>,
    ) -> Option<Vec<lsp::TextEdit>> {
        let (_, file) = self.file(uri)?;
        let options = self.config_for(&file.path).format;
        let within = range.map(|range| {
            crate::text::TextRange::new(
                convert::offset(file, range.start, self.encoding),
                convert::offset(file, range.end, self.encoding),
            )
        });
        let edits = crate::ide::formatting_edits(&file.text, &options, within)
            .into_iter()
            .map(|edit| {
                lsp::TextEdit::new(
                    convert::range(file, edit.range, self.encoding),
                    edit.new_text,
                )
            })
            .collect();
        Some(edits)
    }

    /// The analysed file of a document, by URI.
    pub fn file(&self, uri: &lsp::Uri) -> Option<(FileId, &SourceFile)> {
        let path = convert::path_of(uri);
        let id = self.ws.file_id(&path)?;
        Some((id, self.ws.file(id)?))
    }
}
