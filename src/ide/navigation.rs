//! Go to definition, find references, document highlight and rename.

use super::resolve::{entity_at, occurrences, Entity};
use super::FileRange;
use crate::model::is_valid_id;
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

/// Where to jump: the whole definition, and the part to select in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavigationTarget {
    pub file: FileId,
    pub full_range: TextRange,
    pub focus_range: TextRange,
}

/// The definitions of what stands at `offset` (several for a duplicated id).
pub fn definition(ws: &Workspace, file: FileId, offset: usize) -> Vec<NavigationTarget> {
    let Some(occurrence) = entity_at(ws, file, offset) else {
        return Vec::new();
    };
    occurrences(ws, &occurrence.entity)
        .into_iter()
        .filter(|(_, occurrence)| occurrence.is_definition)
        .map(|(place, occurrence)| NavigationTarget {
            file: place.file,
            full_range: place.range,
            focus_range: occurrence.id_range,
        })
        .collect()
}

/// Every reference to what stands at `offset`, across the workspace for actors and
/// sources, in the file for claims; with the definitions when asked.
pub fn references(
    ws: &Workspace,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<FileRange> {
    let Some(occurrence) = entity_at(ws, file, offset) else {
        return Vec::new();
    };
    occurrences(ws, &occurrence.entity)
        .into_iter()
        .filter(|(_, occurrence)| include_declaration || !occurrence.is_definition)
        .map(|(place, occurrence)| FileRange {
            file: place.file,
            range: occurrence.range,
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub range: TextRange,
    /// A definition (written) rather than a reference (read).
    pub is_definition: bool,
}

/// The places in this file where what stands at `offset` is written.
pub fn document_highlights(ws: &Workspace, file: FileId, offset: usize) -> Vec<Highlight> {
    let Some(occurrence) = entity_at(ws, file, offset) else {
        return Vec::new();
    };
    occurrences(ws, &occurrence.entity)
        .into_iter()
        .filter(|(place, _)| place.file == file)
        .map(|(_, occurrence)| Highlight {
            range: occurrence.range,
            is_definition: occurrence.is_definition,
        })
        .collect()
}

/// The id a rename at `offset` would change.
pub fn prepare_rename(ws: &Workspace, file: FileId, offset: usize) -> Option<(TextRange, String)> {
    let occurrence = entity_at(ws, file, offset)?;
    Some((occurrence.id_range, occurrence.entity.id().to_owned()))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

/// The edits that rename what stands at `offset` everywhere it is written. The new name may
/// be typed with its sigil.
pub fn rename(
    ws: &Workspace,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<(FileRange, String)>, RenameError> {
    let Some(occurrence) = entity_at(ws, file, offset) else {
        return Err(RenameError(
            "there is no actor, source or claim id here to rename".to_owned(),
        ));
    };
    let sigil = occurrence.entity.sigil();
    let new_id = new_name
        .trim()
        .strip_prefix(sigil)
        .unwrap_or(new_name.trim());
    if !is_valid_id(new_id) {
        return Err(RenameError(format!(
            "`{new_id}` is not a valid id: an id is a letter or digit followed by letters, digits, `-`, `_` or `.`"
        )));
    }
    let taken = match &occurrence.entity {
        Entity::Definition(from, kind, _) => !ws.definitions(*from, *kind, new_id).is_empty(),
        Entity::Claim(file, _) => ws
            .file(*file)
            .is_some_and(|f| f.model.claim_by_id(new_id).is_some()),
    };
    if taken && new_id != occurrence.entity.id() {
        return Err(RenameError(format!("`{sigil}{new_id}` is already defined")));
    }
    Ok(occurrences(ws, &occurrence.entity)
        .into_iter()
        .map(|(place, occurrence)| {
            (
                FileRange {
                    file: place.file,
                    range: occurrence.id_range,
                },
                new_id.to_owned(),
            )
        })
        .collect())
}
