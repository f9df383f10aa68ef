//! The cross-file index's entries: where each id is defined and referred to, file by file.

use std::collections::BTreeMap;

use compact_str::CompactString;
use foldhash::HashMap;

use super::{slot, FileId, Location};
use crate::model::{DefinitionKind, FileModel};

pub(super) type DefinitionIndex = HashMap<CompactString, Vec<Location>>;
pub(super) type ReferenceIndex = HashMap<CompactString, BTreeMap<FileId, Vec<usize>>>;

/// Moves the index entries of file `id` whose id changed between two versions with as many
/// definitions of each kind and as many references. Returns whether it could (when a list
/// changed length, positions changed too, and the file is indexed again).
pub(super) fn patch_index(
    definitions: &mut [DefinitionIndex; 2],
    references: &mut [ReferenceIndex; 2],
    id: FileId,
    old: &FileModel,
    new: &FileModel,
) -> bool {
    let kinds = [DefinitionKind::Actor, DefinitionKind::Source];
    let same_shape = old.references.len() == new.references.len()
        && kinds
            .iter()
            .all(|&kind| old.definitions(kind).len() == new.definitions(kind).len());
    if !same_shape {
        return false;
    }
    for kind in kinds {
        let map = &mut definitions[slot(kind)];
        let pairs = old.definitions(kind).iter().zip(new.definitions(kind));
        for (idx, (before, after)) in pairs.enumerate() {
            if before.id.text != after.id.text {
                let location = Location { file: id, idx };
                remove_definition(map, &before.id.text, location);
                add_definition(map, &after.id.text, location);
            }
        }
    }
    for (idx, (before, after)) in old.references.iter().zip(&new.references).enumerate() {
        if before.kind == after.kind && before.id == after.id {
            continue;
        }
        if let Some(kind) = before.kind.definition_kind() {
            remove_reference(&mut references[slot(kind)], &before.id, id, idx);
        }
        if let Some(kind) = after.kind.definition_kind() {
            add_reference(&mut references[slot(kind)], &after.id, id, idx);
        }
    }
    true
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

pub(super) fn add_reference(map: &mut ReferenceIndex, key: &str, file: FileId, idx: usize) {
    let indices = map.entry(key.into()).or_default().entry(file).or_default();
    let at = indices.partition_point(|&other| other < idx);
    indices.insert(at, idx);
}

pub(super) fn remove_reference(map: &mut ReferenceIndex, key: &str, file: FileId, idx: usize) {
    let Some(files) = map.get_mut(key) else {
        return;
    };
    if let Some(indices) = files.get_mut(&file) {
        if let Ok(at) = indices.binary_search(&idx) {
            indices.remove(at);
        }
        if indices.is_empty() {
            files.remove(&file);
        }
    }
    if files.is_empty() {
        map.remove(key);
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
