//! Code actions beyond the rules' own fixes: define a missing actor or source (in the
//! project's registry file when there is one), remove an unused definition, rename a
//! duplicate id to a free one, attribute an unattributed claim; fix-all; and the refactors
//! "Mark as claim" and "Mark as quote" (in `refactor`). Each is a set of edits in byte offsets.

use std::path::PathBuf;

use crate::model::DefinitionKind;
use crate::rules::{Diagnostic, Rule};
use crate::text::TextRange;
use crate::workspace::{FileId, SourceFile, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    Refactor,
    /// Every unambiguous fix of the file at once (`source.fixAll`).
    FixAll,
}

/// A replacement in one file of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub file: FileId,
    pub range: TextRange,
    pub new_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    /// The diagnostic (an index into those given) the action fixes.
    pub diagnostic: Option<usize>,
    /// Sorted, not overlapping within a file.
    pub edits: Vec<FileEdit>,
    pub preferred: bool,
    /// Where the writer goes on typing, as an offset of the edited text: after a new
    /// claim's id, after an inserted `@`.
    pub cursor: Option<(FileId, usize)>,
    /// What the writer picks from at the cursor, as completion would offer it there (the
    /// project's actors after an inserted `@`): a client that takes snippets lists them.
    pub choices: Vec<String>,
}

/// Where new definitions go: the registry files of the project (`[registry]`), used when
/// they are in the workspace.
#[derive(Clone, Debug, Default)]
pub struct ActionOptions {
    pub actor_registry: Option<PathBuf>,
    pub source_registry: Option<PathBuf>,
}

/// The actions for `range` of a file: fixes of the diagnostics it meets (the rules' own
/// first, preferred), refactors of the selection, and fix-all when anything is fixable.
pub fn code_actions(
    ws: &Workspace,
    file_id: FileId,
    range: TextRange,
    diagnostics: &[Diagnostic],
    options: &ActionOptions,
) -> Vec<Action> {
    let Some(file) = ws.file(file_id) else {
        return Vec::new();
    };
    let mut actions = Vec::new();
    for (idx, d) in diagnostics.iter().enumerate() {
        if !(d.range.start <= range.end && range.start <= d.range.end) {
            continue;
        }
        if let Some(fix) = &d.fix {
            actions.push(Action {
                title: fix.title.to_string(),
                kind: ActionKind::QuickFix,
                diagnostic: Some(idx),
                edits: vec![FileEdit {
                    file: file_id,
                    range: fix.range,
                    new_text: fix.replacement.to_string(),
                }],
                preferred: true,
                cursor: None,
                choices: Vec::new(),
            });
        }
        let ctx = Ctx {
            ws,
            file_id,
            file,
            options,
        };
        let extra = match d.rule {
            Rule::UndefinedActor | Rule::UndefinedSource => ctx.define(d),
            Rule::UnusedDefinition => ctx.remove_unused(d),
            Rule::DuplicateId => ctx.rename_duplicate(d),
            Rule::UnattributedClaim => ctx.attribute(d),
            _ => None,
        };
        actions.extend(extra.map(|action| Action {
            diagnostic: Some(idx),
            ..action
        }));
    }
    // Refactors of a selection only: a cursor move must not cost a parse.
    if !range.is_empty() {
        actions.extend(mark_as_claim(file_id, file, range));
        actions.extend(mark_as_quote(file_id, file, range));
    }
    let fixes = fix_all(diagnostics);
    if !fixes.is_empty() {
        actions.push(Action {
            title: "Fix all auto-fixable problems".to_owned(),
            kind: ActionKind::FixAll,
            diagnostic: None,
            edits: fixes
                .into_iter()
                .filter_map(|idx| {
                    let fix = diagnostics[idx].fix.as_ref()?;
                    Some(FileEdit {
                        file: file_id,
                        range: fix.range,
                        new_text: fix.replacement.to_string(),
                    })
                })
                .collect(),
            preferred: false,
            cursor: None,
            choices: Vec::new(),
        });
    }
    actions
}

/// The diagnostics whose fix applies in a fix-all, in the order of their edits: every one
/// with a fix (the rules set one only where it is unambiguous), the first of overlapping
/// ones.
pub fn fix_all(diagnostics: &[Diagnostic]) -> Vec<usize> {
    let mut fixable: Vec<(usize, TextRange)> = diagnostics
        .iter()
        .enumerate()
        .filter_map(|(idx, d)| Some((idx, d.fix.as_ref()?.range)))
        .collect();
    fixable.sort_by_key(|&(idx, range)| (range.start, range.end, idx));
    let mut chosen = Vec::new();
    let mut prev: Option<TextRange> = None;
    for (idx, range) in fixable {
        // Overlapping edits, or two insertions at one place, would not commute.
        let conflicts = prev.is_some_and(|prev| {
            range.start < prev.end
                || (range.is_empty() && prev.is_empty() && range.start == prev.start)
        });
        if !conflicts {
            chosen.push(idx);
            prev = Some(range);
        }
    }
    chosen
}

/// The most choices an action offers at its cursor.
const MAX_CHOICES: usize = 100;

struct Ctx<'a> {
    ws: &'a Workspace,
    file_id: FileId,
    file: &'a SourceFile,
    options: &'a ActionOptions,
}

impl Ctx<'_> {
    /// The actors an `@` can name here, sorted; at most [`MAX_CHOICES`] of them (a list
    /// to pick from, not the project's registry).
    fn actor_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .ws
            .defined_ids(self.file_id, DefinitionKind::Actor)
            .map(str::to_owned)
            .collect();
        ids.sort_unstable();
        ids.truncate(MAX_CHOICES);
        ids
    }

    /// "Define actor `@x`": a stub with the fields a writer fills next, at the end of the
    /// registry file or of this file.
    fn define(&self, d: &Diagnostic) -> Option<Action> {
        let reference = self
            .file
            .model
            .references
            .iter()
            .find(|r| r.range == d.range)?;
        let kind = reference.kind.definition_kind()?;
        let registry = match kind {
            DefinitionKind::Actor => &self.options.actor_registry,
            DefinitionKind::Source => &self.options.source_registry,
        };
        let target = registry
            .as_ref()
            .and_then(|path| self.ws.file_id(path))
            .unwrap_or(self.file_id);
        let target_file = self.ws.file_text(target)?;
        let text = target_file.text;
        let fields: &[&str] = match kind {
            DefinitionKind::Actor => &["kind", "role"],
            DefinitionKind::Source => &["publisher", "url", "date"],
        };
        let mut stub = match () {
            () if text.is_empty() || text.ends_with("\n\n") => String::new(),
            () if text.ends_with('\n') => "\n".to_owned(),
            () => "\n\n".to_owned(),
        };
        stub.push_str(&format!(
            "[{}{}]: {}\n",
            kind.sigil(),
            reference.id,
            reference.id
        ));
        for field in fields {
            stub.push_str(&format!("  {field}:\n"));
        }
        let place = if target == self.file_id {
            "at the end of this file".to_owned()
        } else {
            let name = target_file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            format!("in {}", name.unwrap_or_default())
        };
        Some(Action {
            title: format!(
                "Define {} `{}{}` {place}",
                kind.noun(),
                kind.sigil(),
                reference.id
            ),
            kind: ActionKind::QuickFix,
            diagnostic: None,
            edits: vec![{
                let edit = super::TextEdit {
                    range: TextRange::empty(text.len()),
                    new_text: stub,
                };
                let edit = super::format::before_final_break(text, edit);
                FileEdit {
                    file: target,
                    range: edit.range,
                    new_text: edit.new_text,
                }
            }],
            preferred: false,
            cursor: None,
            choices: Vec::new(),
        })
    }

    /// "Remove the unused definition": its lines, and a blank line left doubled.
    fn remove_unused(&self, d: &Diagnostic) -> Option<Action> {
        let model = &self.file.model;
        let definition = model
            .actors
            .iter()
            .chain(&model.sources)
            .find(|definition| definition.header == d.range)?;
        let text = &*self.file.text;
        let mut start = definition.range.start as usize;
        let mut end = line_end(text, definition.range.end as usize);
        if end == text.len() {
            // The last block: the blank line before it goes too.
            for blank in ["\r\n", "\n"] {
                if text[..start].ends_with(&format!("{blank}{blank}")) {
                    start -= blank.len();
                    break;
                }
            }
        }
        let blank_before =
            start == 0 || text[..start].ends_with("\n\n") || text[..start].ends_with("\r\n\r\n");
        if blank_before {
            let next = line_end(text, end);
            if text[end..next].trim().is_empty() {
                end = next;
            }
        }
        Some(Action {
            title: format!(
                "Remove the unused definition `{}{}`",
                definition.kind.sigil(),
                definition.id.text
            ),
            kind: ActionKind::QuickFix,
            diagnostic: None,
            edits: vec![FileEdit {
                file: self.file_id,
                range: TextRange::new(start, end),
                new_text: String::new(),
            }],
            preferred: false,
            cursor: None,
            choices: Vec::new(),
        })
    }

    /// "Rename to `#c1-2`": the first free id with a number after it.
    fn rename_duplicate(&self, d: &Diagnostic) -> Option<Action> {
        let model = &self.file.model;
        let written = self.file.text.get(d.range.as_usize())?;
        // `c1-2` counts on from `c1`, not from `c1-2`.
        let next_free = |id: &str, is_free: &dyn Fn(&str) -> bool| {
            let base = match id.rsplit_once('-') {
                Some((base, n)) if !base.is_empty() && n.parse::<u32>().is_ok() => base,
                _ => id,
            };
            (2..10_000)
                .map(|n| format!("{base}-{n}"))
                .find(|candidate| is_free(candidate))
        };
        let (sigil, free) = match written.strip_prefix('#') {
            Some(id) => ("#", next_free(id, &|c| !model.claim_ids.contains_key(c))?),
            None => {
                let kind = if model.actors.iter().any(|a| a.id.range == d.range) {
                    DefinitionKind::Actor
                } else {
                    DefinitionKind::Source
                };
                let is_free = |c: &str| self.ws.definitions(self.file_id, kind, c).is_empty();
                let sigil = if kind == DefinitionKind::Actor {
                    "@"
                } else {
                    "^"
                };
                (sigil, next_free(written, &is_free)?)
            }
        };
        let range = if sigil == "#" {
            TextRange::new(d.range.start as usize + 1, d.range.end as usize)
        } else {
            d.range
        };
        Some(Action {
            title: format!("Rename to `{sigil}{free}`"),
            kind: ActionKind::QuickFix,
            diagnostic: None,
            edits: vec![FileEdit {
                file: self.file_id,
                range,
                new_text: free,
            }],
            preferred: false,
            cursor: None,
            choices: Vec::new(),
        })
    }

    /// "Attribute to an actor": `@` at the end of the attributes, where completion offers
    /// the actors.
    fn attribute(&self, d: &Diagnostic) -> Option<Action> {
        let claim = self
            .file
            .model
            .claims
            .iter()
            .find(|claim| claim.attributes_range == d.range)?;
        let text = &*self.file.text;
        let list = text.get(claim.attributes_range.as_usize())?;
        let (at, empty) = if claim.block {
            (claim.attributes_range.end as usize, list.trim().is_empty())
        } else {
            let inner = list.strip_prefix('{')?.strip_suffix('}')?;
            (
                claim.attributes_range.end as usize - 1,
                inner.trim().is_empty(),
            )
        };
        let new_text = if empty && !claim.block { "@" } else { " @" };
        Some(Action {
            title: "Attribute to an actor: insert `@`".to_owned(),
            kind: ActionKind::QuickFix,
            diagnostic: None,
            edits: vec![FileEdit {
                file: self.file_id,
                range: TextRange::empty(at),
                new_text: new_text.to_owned(),
            }],
            preferred: false,
            cursor: Some((self.file_id, at + new_text.len())),
            choices: self.actor_ids(),
        })
    }
}

/// The offset after the line break that ends the line holding `offset`.
fn line_end(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    match rest.find('\n') {
        Some(idx) => offset + idx + 1,
        None => text.len(),
    }
}

mod refactor;

use refactor::{mark_as_claim, mark_as_quote};

#[cfg(test)]
mod tests;
