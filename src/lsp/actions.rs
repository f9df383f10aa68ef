//! Code actions to the protocol: kinds, the client's `only` filter, literals or commands
//! (for clients without code action literals), and the cursor placed by
//! `window/showDocument` where the client supports it.

use std::collections::HashMap;

use tower_lsp_server::ls_types as lsp;

use super::convert;
use super::state::State;
use crate::ide::{self, Action, ActionKind, ActionOptions};
use crate::model::DefinitionKind;
use crate::text::{LineIndex, TextRange};

/// The command a quick fix is sent as to a client without code action literals: its one
/// argument is the `WorkspaceEdit` to apply.
pub(crate) const APPLY_EDIT_COMMAND: &str = "claimdown.applyEdit";
/// The command run after an edit that places the cursor: its arguments are the document's
/// URI and the position.
pub(crate) const PLACE_CURSOR_COMMAND: &str = "claimdown.placeCursor";

pub(crate) fn fix_all_kind() -> lsp::CodeActionKind {
    lsp::CodeActionKind::new("source.fixAll.claimdown")
}

fn kind(action: &Action) -> lsp::CodeActionKind {
    match action.kind {
        ActionKind::QuickFix => lsp::CodeActionKind::QUICKFIX,
        ActionKind::Refactor => lsp::CodeActionKind::REFACTOR_REWRITE,
        ActionKind::FixAll => fix_all_kind(),
    }
}

/// Whether `kind` is one of `only` or under one (`source` takes `source.fixAll.claimdown`).
fn wanted(kind: &lsp::CodeActionKind, only: Option<&[lsp::CodeActionKind]>) -> bool {
    let Some(only) = only else {
        return true;
    };
    only.iter().any(|prefix| {
        let (kind, prefix) = (kind.as_str(), prefix.as_str());
        kind == prefix
            || kind
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

pub(crate) fn code_actions(
    state: &State,
    uri: &lsp::Uri,
    range: lsp::Range,
    only: Option<&[lsp::CodeActionKind]>,
) -> Option<Vec<lsp::CodeActionOrCommand>> {
    let (id, file) = state.file(uri)?;
    let wanted_range = TextRange::new(
        convert::offset(file, range.start, state.encoding),
        convert::offset(file, range.end, state.encoding),
    );
    let diagnostics = state
        .diagnostics
        .get(&convert::path_of(uri))
        .map_or(&[][..], Vec::as_slice);
    let config = state.config_for(&file.path);
    let options = ActionOptions {
        actor_registry: Some(config.registry_file(DefinitionKind::Actor)),
        source_registry: Some(config.registry_file(DefinitionKind::Source)),
    };
    let actions = ide::code_actions(&state.ws, id, wanted_range, diagnostics, &options);
    let res = actions
        .into_iter()
        .filter(|action| wanted(&kind(action), only))
        .filter_map(|action| {
            let title = ide::plain_message(&action.title);
            let snippet = snippet_edit(state, &action);
            if !state.caps.code_action_literals {
                // The client applies the edit when the server asks it to.
                let edit = match snippet {
                    Some(snippet) => snippet,
                    None if state.caps.apply_edit => {
                        serde_json::to_value(workspace_edit(state, &action)?).ok()?
                    }
                    None => return None,
                };
                return Some(lsp::CodeActionOrCommand::Command(apply_edit(title, edit)));
            }
            let (edit, command) = match snippet {
                // A snippet edit cannot be a code action's `edit` in the protocol's types:
                // the server's command applies it, through `workspace/applyEdit`.
                Some(snippet) => (None, Some(apply_edit(title.clone(), snippet))),
                None => (
                    Some(workspace_edit(state, &action)?),
                    cursor_command(state, &action, title.clone()),
                ),
            };
            let diagnostics = action.diagnostic.and_then(|idx| {
                let d = diagnostics.get(idx)?;
                Some(vec![convert::diagnostic(
                    &state.ws,
                    file,
                    d,
                    state.encoding,
                    &state.caps,
                )])
            });
            Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(kind(&action)),
                diagnostics,
                edit,
                command,
                is_preferred: (state.caps.is_preferred && action.preferred).then_some(true),
                ..Default::default()
            }))
        })
        .collect();
    Some(res)
}

/// The server's command that applies `edit` (a `WorkspaceEdit`, or one with snippet edits).
fn apply_edit(title: String, edit: serde_json::Value) -> lsp::Command {
    lsp::Command {
        title,
        command: APPLY_EDIT_COMMAND.to_owned(),
        arguments: Some(vec![edit]),
    }
}

fn workspace_edit(state: &State, action: &Action) -> Option<lsp::WorkspaceEdit> {
    let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for edit in &action.edits {
        let file = state.ws.file(edit.file)?;
        changes
            .entry(convert::uri_of(&file.path)?)
            .or_default()
            .push(lsp::TextEdit::new(
                convert::range(file, edit.range, state.encoding),
                edit.new_text.clone(),
            ));
    }
    Some(lsp::WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    })
}

/// The action's edit as a snippet edit (LSP 3.18, for a client that declared it takes them):
/// the text inserted where the cursor goes holds the snippet's tab stop, or a choice of
/// what the writer picks there. `None` when the client does not take snippets or the
/// action places no cursor in its edits.
fn snippet_edit(state: &State, action: &Action) -> Option<serde_json::Value> {
    if !state.caps.snippet_edits {
        return None;
    }
    let (cursor_file, cursor) = action.cursor?;
    let mut files: Vec<crate::workspace::FileId> = Vec::new();
    for edit in &action.edits {
        if !files.contains(&edit.file) {
            files.push(edit.file);
        }
    }
    let mut placed = false;
    let mut document_changes = Vec::new();
    for file_id in files {
        let file = state.ws.file(file_id)?;
        let mut edits: Vec<&ide::FileEdit> =
            action.edits.iter().filter(|e| e.file == file_id).collect();
        edits.sort_by_key(|edit| edit.range.start);
        // Where each edit's text lands in the edited text.
        let mut delta: i64 = 0;
        let mut out = Vec::new();
        for edit in edits {
            let range = convert::range(file, edit.range, state.encoding);
            let start = (i64::from(edit.range.start) + delta) as usize;
            delta += edit.new_text.len() as i64 - edit.range.len() as i64;
            let at = cursor
                .checked_sub(start)
                .filter(|at| *at <= edit.new_text.len());
            match at.filter(|_| file_id == cursor_file && !placed) {
                Some(at) if edit.new_text.is_char_boundary(at) => {
                    placed = true;
                    let (before, after) = edit.new_text.split_at(at);
                    let stop = tab_stop(&action.choices);
                    let value = format!("{}{stop}{}", escape(before), escape(after));
                    out.push(serde_json::json!({
                        "range": range,
                        "snippet": { "kind": "snippet", "value": value },
                    }));
                }
                _ => out.push(serde_json::json!({ "range": range, "newText": edit.new_text })),
            }
        }
        document_changes.push(serde_json::json!({
            "textDocument": { "uri": convert::uri_of(&file.path)?, "version": null },
            "edits": out,
        }));
    }
    placed.then(|| serde_json::json!({ "documentChanges": document_changes }))
}

/// `$0`, or a choice of `choices` (`${1|a,b|}`).
fn tab_stop(choices: &[String]) -> String {
    if choices.is_empty() {
        return "$0".to_owned();
    }
    let escaped: Vec<String> = choices
        .iter()
        .map(|choice| {
            choice
                .replace('\\', "\\\\")
                .replace(',', "\\,")
                .replace('|', "\\|")
        })
        .collect();
    format!("${{1|{}|}}", escaped.join(","))
}

/// Text as a snippet shows it: `$`, `}` and `\` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The command that places the cursor where the action says, in the edited text.
fn cursor_command(state: &State, action: &Action, title: String) -> Option<lsp::Command> {
    if !state.caps.show_document {
        return None;
    }
    let (file_id, at) = action.cursor?;
    let file = state.ws.file(file_id)?;
    let edits: Vec<ide::TextEdit> = action
        .edits
        .iter()
        .filter(|edit| edit.file == file_id)
        .map(|edit| ide::TextEdit {
            range: edit.range,
            new_text: edit.new_text.clone(),
        })
        .collect();
    let edited = ide::apply_edits(&file.text, &edits);
    let at = LineIndex::new(&edited).line_col(&edited, at, state.encoding);
    let position = lsp::Position::new(at.line, at.col);
    Some(lsp::Command {
        title,
        command: PLACE_CURSOR_COMMAND.to_owned(),
        arguments: Some({
            let mut arguments = vec![
                serde_json::to_value(convert::uri_of(&file.path)?).ok()?,
                serde_json::to_value(position).ok()?,
            ];
            // For an editor plugin that runs the command itself: the writer picks what
            // goes at the cursor from a completion list.
            if !action.choices.is_empty() {
                arguments.push(serde_json::json!({ "suggest": true }));
            }
            arguments
        }),
    })
}
