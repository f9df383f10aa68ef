//! The cross-file index's entries: where each id is defined and referred to, file by file.

use compact_str::CompactString;
use foldhash::HashMap;

use super::{slot, FileId, Location};
use crate::model::{Definition, DefinitionKind, FileModel, Reference, Replaced};

pub(super) type DefinitionIndex = HashMap<CompactString, Vec<Location>>;

/// Per id, its references as (file, index in the file's list), sorted: one flat list per
/// id, 8 bytes a reference. A map of files to lists cost about 100 bytes per file and id
/// (a B-tree slot and an allocation), 0.65 bytes per byte of text at 20,000 files (issue 16).
/// A file's entries are one run of the list, found by binary search, so adding or removing
/// a file still costs its own references (and a `memmove` of the list's tail).
pub(super) type ReferenceIndex = HashMap<CompactString, Vec<(FileId, u32)>>;

/// The ids (by slot) that came to be referred to, or ceased to be: what `unused-definition`
/// reads of other files.
pub(super) type Flips = Vec<(usize, CompactString)>;

/// The run of `file`'s entries in an id's sorted list.
fn run_of(entries: &[(FileId, u32)], file: FileId) -> std::ops::Range<usize> {
    let start = entries.partition_point(|&(other, _)| other < file);
    let end = start + entries[start..].partition_point(|&(other, _)| other == file);
    start..end
}

/// Adds the entries of `file`, whose actor and source references are `references` (kind,
/// id, index in the model's list), to the reference indexes. Files are most often added in
/// the order of their ids (indexing, `claimdown check`), so a file's run goes at the end of
/// each id's list: one lookup per reference, pushed in order. Only the ids that already
/// have entries of later files (a file indexed again) are sorted and spliced in where the
/// file's run belongs.
pub(super) fn add_references<'a>(
    maps: &mut [ReferenceIndex; 2],
    file: FileId,
    references: impl Iterator<Item = (DefinitionKind, &'a str, usize)>,
    flips: &mut Flips,
) {
    let mut among_later: Vec<(usize, &str, u32)> = Vec::new();
    for (kind, id, idx) in references {
        let slot = slot(kind);
        let entries = maps[slot].entry(id.into()).or_default();
        if entries.last().is_some_and(|&(other, _)| other > file) {
            among_later.push((slot, id, idx as u32));
            continue;
        }
        if entries.is_empty() {
            flips.push((slot, id.into()));
        }
        entries.push((file, idx as u32));
    }
    // Stable: each id's indices stay in order.
    among_later.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for group in among_later.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (slot, id, _) = group[0];
        let entries = maps[slot].entry(id.into()).or_default();
        let at = run_of(entries, file);
        let new = group.iter().map(|&(_, _, idx)| (file, idx));
        entries.splice(at, new);
    }
}

/// Removes every entry of `file` for the ids of `references` (its actor and source
/// references, as for [`add_references`]).
pub(super) fn remove_references<'a>(
    maps: &mut [ReferenceIndex; 2],
    file: FileId,
    references: impl Iterator<Item = (DefinitionKind, &'a str, usize)>,
    flips: &mut Flips,
) {
    for (kind, id, _) in references {
        let map = &mut maps[slot(kind)];
        if let Some(entries) = map.get_mut(id) {
            let run = run_of(entries, file);
            entries.drain(run);
            if entries.is_empty() {
                map.remove(id);
                flips.push((slot(kind), id.into()));
            }
        }
    }
}

/// Moves the index entries of file `id` whose id changed between two versions with as many
/// definitions of each kind and as many references. Returns whether any moved, or `None`
/// when it could not (when a list changed length, positions changed too, and the file is
/// indexed again).
pub(super) fn patch_index(
    definitions: &mut [DefinitionIndex; 2],
    references: &mut [ReferenceIndex; 2],
    id: FileId,
    old: &FileModel,
    new: &FileModel,
    flips: &mut Flips,
) -> Option<bool> {
    let kinds = [DefinitionKind::Actor, DefinitionKind::Source];
    let same_shape = old.references.len() == new.references.len()
        && kinds
            .iter()
            .all(|&kind| old.definitions(kind).len() == new.definitions(kind).len());
    if !same_shape {
        return None;
    }
    let mut moved = false;
    for kind in kinds {
        let map = &mut definitions[slot(kind)];
        let pairs = old.definitions(kind).iter().zip(new.definitions(kind));
        for (idx, (before, after)) in pairs.enumerate() {
            let location = Location { file: id, idx };
            moved |= move_definition(map, before, after, location);
        }
    }
    for (idx, (before, after)) in old.references.iter().zip(&new.references).enumerate() {
        moved |= move_reference(references, before, after, (id, idx), flips);
    }
    Some(moved)
}

/// Moves the index entry of the definition at `location` if its id changed; whether it did.
fn move_definition(
    map: &mut DefinitionIndex,
    before: &Definition,
    after: &Definition,
    location: Location,
) -> bool {
    if before.id.text == after.id.text {
        return false;
    }
    remove_definition(map, &before.id.text, location);
    add_definition(map, &after.id.text, location);
    true
}

/// Moves the index entry of the reference at `(id, idx)` (its file and index) if its kind or id
/// changed; whether it did.
fn move_reference(
    references: &mut [ReferenceIndex; 2],
    before: &Reference,
    after: &Reference,
    (id, idx): (FileId, usize),
    flips: &mut Flips,
) -> bool {
    if before.kind == after.kind && before.id == after.id {
        return false;
    }
    if let Some(kind) = before.kind.definition_kind() {
        remove_reference(references, (slot(kind), &before.id), id, idx, flips);
    }
    if let Some(kind) = after.kind.definition_kind() {
        add_reference(references, (slot(kind), &after.id), id, idx, flips);
    }
    true
}

/// What a patch in place changed of a file's definitions.
pub(super) struct DefinitionsChanged {
    /// Anything other files read of them (as [`same_definitions`] tells).
    pub any: bool,
    /// Their ids: what other files' references resolve to.
    pub ids: bool,
}

/// [`patch_index`] for a model patched in place: only the references and definitions of
/// the regions read again can have changed, each in the place of the one `replaced` says
/// stood there.
pub(super) fn patch_index_in_place(
    definitions: &mut [DefinitionIndex; 2],
    references: &mut [ReferenceIndex; 2],
    id: FileId,
    replaced: &Replaced,
    new: &FileModel,
    flips: &mut Flips,
) -> DefinitionsChanged {
    let mut changed = DefinitionsChanged {
        any: false,
        ids: false,
    };
    for (kind, at) in [
        (DefinitionKind::Actor, &replaced.actors_at),
        (DefinitionKind::Source, &replaced.sources_at),
    ] {
        let map = &mut definitions[slot(kind)];
        for (before, &idx) in replaced.old.definitions(kind).iter().zip(at) {
            let Some(after) = new.definitions(kind).get(idx as usize) else {
                // Not what `replaced` promises: say the ids may have changed.
                changed.ids = true;
                continue;
            };
            let one = std::slice::from_ref;
            changed.any = changed.any || !same_definitions([one(before), &[]], [one(after), &[]]);
            let location = Location {
                file: id,
                idx: idx as usize,
            };
            changed.ids |= move_definition(map, before, after, location);
        }
    }
    for (before, &idx) in replaced.old.references.iter().zip(&replaced.references_at) {
        if let Some(after) = new.references.get(idx as usize) {
            move_reference(references, before, after, (id, idx as usize), flips);
        }
    }
    changed
}

/// Whether two versions of a file define the same actors and sources (each given as its
/// actors and its sources), with the same names and fields, wherever they stand: what
/// other files' diagnostics read of them, but for the places a `duplicate-id` points at.
pub(super) fn same_definitions(old: [&[Definition]; 2], new: [&[Definition]; 2]) -> bool {
    let text = |name: &Option<crate::model::Name>| name.as_ref().map(|name| name.text.clone());
    old.iter().zip(new).all(|(old, new)| {
        old.len() == new.len()
            && old.iter().zip(new).all(|(a, b)| {
                a.id.text == b.id.text
                    && text(&a.name) == text(&b.name)
                    && a.fields.len() == b.fields.len()
                    && a.fields
                        .iter()
                        .zip(&b.fields)
                        .all(|(x, y)| x.key.text == y.key.text && text(&x.value) == text(&y.value))
            })
    })
}

/// Locations stay sorted by file and position, so that which of two duplicates comes first
/// does not depend on the order of edits.
pub(super) fn add_definition(map: &mut DefinitionIndex, key: &str, location: Location) {
    let locations = map.entry(key.into()).or_default();
    let at =
        locations.partition_point(|&other| (other.file, other.idx) < (location.file, location.idx));
    locations.insert(at, location);
}

pub(super) fn remove_definition(map: &mut DefinitionIndex, key: &str, location: Location) {
    if let Some(locations) = map.get_mut(key) {
        locations.retain(|&other| other != location);
        if locations.is_empty() {
            map.remove(key);
        }
    }
}

pub(super) fn add_reference(
    maps: &mut [ReferenceIndex; 2],
    (slot, key): (usize, &str),
    file: FileId,
    idx: usize,
    flips: &mut Flips,
) {
    let entries = maps[slot].entry(key.into()).or_default();
    let entry = (file, idx as u32);
    let at = entries.partition_point(|&other| other < entry);
    entries.insert(at, entry);
    if entries.len() == 1 {
        flips.push((slot, key.into()));
    }
}

pub(super) fn remove_reference(
    maps: &mut [ReferenceIndex; 2],
    (slot, key): (usize, &str),
    file: FileId,
    idx: usize,
    flips: &mut Flips,
) {
    let map = &mut maps[slot];
    let Some(entries) = map.get_mut(key) else {
        return;
    };
    if let Ok(at) = entries.binary_search(&(file, idx as u32)) {
        entries.remove(at);
    }
    if entries.is_empty() {
        map.remove(key);
        flips.push((slot, key.into()));
    }
}

pub(super) fn remove_location(map: &mut DefinitionIndex, key: &str, file: FileId) {
    if let Some(locations) = map.get_mut(key) {
        locations.retain(|location| location.file != file);
        if locations.is_empty() {
            map.remove(key);
        }
    }
}
