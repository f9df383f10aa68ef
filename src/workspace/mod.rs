//! The workspace: every file's analysis, and the cross-file index of actor and source
//! definitions and references. Actor and source ids are global; claim ids stay per file.
//!
//! Files are added, replaced and removed one at a time; the index is updated by removing
//! the old file's entries and adding the new ones, so an edit costs the size of the edited
//! file, not of the workspace.

mod analysis;
mod discover;
/// The open-document engine in byte offsets, for the fuzz targets and tests (the server
/// may call it too).
#[doc(hidden)]
pub mod engine;
mod index;
mod read;

pub use analysis::{
    analyze, analyze_bytes, analyze_incrementally, analyze_with_tree, Position, SourceFile,
};
pub use discover::cdown_files;
pub use read::{
    format_size, load_file, parse_size, read_source, ReadError, DEFAULT_MAX_FILE_SIZE,
    MAX_FILE_SIZE_CEILING,
};

use index::{add_definition, patch_index, remove_location, DefinitionIndex, ReferenceIndex};

use compact_str::CompactString;
use foldhash::HashMap;
use std::path::{Path, PathBuf};

use crate::model::{Definition, DefinitionKind, Reference, ReferenceKind};

/// A file's handle in a [`Workspace`]; stable while the file stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A place in the workspace: a file and the index of an item in its model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileId,
    pub idx: usize,
}

#[derive(Default)]
pub struct Workspace {
    files: Vec<Option<SourceFile>>,
    by_path: HashMap<PathBuf, FileId>,
    definitions: [DefinitionIndex; 2],
    /// Per id, the references of each file: removing a file's references costs its own
    /// size, not the number of references to popular actors across the workspace.
    references: [ReferenceIndex; 2],
}

fn slot(kind: DefinitionKind) -> usize {
    match kind {
        DefinitionKind::Actor => 0,
        DefinitionKind::Source => 1,
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Adds a file, or replaces the file at the same path.
    pub fn set_file(&mut self, file: SourceFile) -> FileId {
        self.replace_file(file).0
    }

    /// Adds a file, or replaces the file at the same path and returns the old one, so that
    /// the caller can drop it when it is not in a hurry.
    pub fn replace_file(&mut self, file: SourceFile) -> (FileId, Option<SourceFile>) {
        match self.by_path.get(&file.path) {
            Some(&id) => {
                // Typing in prose changes no entry and typing in an id changes one: when
                // the lists keep their lengths, only the entries whose id changed move.
                let patched = match &self.files[id.0 as usize] {
                    Some(old) => patch_index(
                        &mut self.definitions,
                        &mut self.references,
                        id,
                        &old.model,
                        &file.model,
                    ),
                    None => false,
                };
                if patched {
                    return (id, self.files[id.0 as usize].replace(file));
                }
                self.unindex(id);
                let old = self.files[id.0 as usize].replace(file);
                self.index(id);
                (id, old)
            }
            None => {
                let id = FileId(self.files.len() as u32);
                self.by_path.insert(file.path.clone(), id);
                self.files.push(Some(file));
                self.index(id);
                (id, None)
            }
        }
    }

    pub fn remove_file(&mut self, path: &Path) -> Option<SourceFile> {
        let id = self.by_path.remove(path)?;
        self.unindex(id);
        self.files[id.0 as usize].take()
    }

    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)?.as_ref()
    }

    pub fn file_mut(&mut self, id: FileId) -> Option<&mut SourceFile> {
        self.files.get_mut(id.0 as usize)?.as_mut()
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> + '_ {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(idx, file)| Some((FileId(idx as u32), file.as_ref()?)))
    }

    pub fn file_count(&self) -> usize {
        self.by_path.len()
    }

    /// Where an actor or source is defined (more than one place is a duplicate).
    pub fn definitions(&self, kind: DefinitionKind, id: &str) -> &[Location] {
        self.definitions[slot(kind)]
            .get(id)
            .map_or(&[], Vec::as_slice)
    }

    /// The first definition of an actor or source, resolved.
    pub fn definition(&self, kind: DefinitionKind, id: &str) -> Option<(FileId, &Definition)> {
        let location = self.definitions(kind, id).first()?;
        let definition = self
            .file(location.file)?
            .model
            .definitions(kind)
            .get(location.idx)?;
        Some((location.file, definition))
    }

    /// Every reference to an actor or source, across the workspace, in file order.
    pub fn references(
        &self,
        kind: DefinitionKind,
        id: &str,
    ) -> impl Iterator<Item = Location> + '_ {
        self.references[slot(kind)]
            .get(id)
            .into_iter()
            .flat_map(|files| {
                files.iter().flat_map(|(&file, indices)| {
                    indices.iter().map(move |&idx| Location { file, idx })
                })
            })
    }

    /// Whether anything refers to an actor or source.
    pub fn is_referenced(&self, kind: DefinitionKind, id: &str) -> bool {
        self.references[slot(kind)].contains_key(id)
    }

    pub fn reference(&self, location: Location) -> Option<&Reference> {
        self.file(location.file)?.model.references.get(location.idx)
    }

    /// Every defined id of a kind, in no particular order.
    pub fn defined_ids(&self, kind: DefinitionKind) -> impl Iterator<Item = &str> + '_ {
        self.definitions[slot(kind)]
            .keys()
            .map(CompactString::as_str)
    }

    fn index(&mut self, id: FileId) {
        let Some(file) = self.files[id.0 as usize].as_ref() else {
            return;
        };
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            for (idx, definition) in file.model.definitions(kind).iter().enumerate() {
                let location = Location { file: id, idx };
                add_definition(
                    &mut self.definitions[slot(kind)],
                    &definition.id.text,
                    location,
                );
            }
        }
        for (idx, reference) in file.model.references.iter().enumerate() {
            let Some(kind) = reference.kind.definition_kind() else {
                continue;
            };
            self.references[slot(kind)]
                .entry(reference.id.clone())
                .or_default()
                .entry(id)
                .or_default()
                .push(idx);
        }
    }

    fn unindex(&mut self, id: FileId) {
        let Some(file) = self.files[id.0 as usize].as_ref() else {
            return;
        };
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            for definition in file.model.definitions(kind) {
                remove_location(&mut self.definitions[slot(kind)], &definition.id.text, id);
            }
        }
        for reference in &file.model.references {
            let Some(kind) = reference.kind.definition_kind() else {
                continue;
            };
            let map = &mut self.references[slot(kind)];
            if let Some(files) = map.get_mut(reference.id.as_str()) {
                files.remove(&id);
                if files.is_empty() {
                    map.remove(reference.id.as_str());
                }
            }
        }
    }
}

impl ReferenceKind {
    /// Whether references of this kind resolve across the workspace.
    pub fn is_global(self) -> bool {
        self.definition_kind().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        analyze(PathBuf::from(path), text.into())
    }

    #[test]
    fn definitions_and_references_across_files() {
        let mut ws = Workspace::new();
        let registry = ws.set_file(file(
            "actors.cdown",
            "[@j]: J\n[^s]: S\n  publisher: @fna\n",
        ));
        let article = ws.set_file(file("a.cdown", "[x]{@j ^s}\n[y]{@j}\n"));
        assert_eq!(
            ws.definitions(DefinitionKind::Actor, "j"),
            &[Location {
                file: registry,
                idx: 0
            }]
        );
        assert_eq!(ws.references(DefinitionKind::Actor, "j").count(), 2);
        assert_eq!(ws.references(DefinitionKind::Actor, "fna").count(), 1);
        assert!(ws
            .references(DefinitionKind::Actor, "j")
            .all(|l| l.file == article));

        // Replacing the registry drops its old entries.
        ws.set_file(file("actors.cdown", "[@k]: K\n"));
        assert!(ws.definitions(DefinitionKind::Actor, "j").is_empty());
        assert!(!ws.is_referenced(DefinitionKind::Actor, "fna"));
        assert_eq!(ws.definitions(DefinitionKind::Actor, "k").len(), 1);

        // An edit that keeps every id keeps the index; one that changes an id updates it.
        ws.set_file(file("a.cdown", "[x, edited]{@j ^s}\n[y]{@j}\n"));
        assert_eq!(ws.references(DefinitionKind::Actor, "j").count(), 2);
        ws.set_file(file("a.cdown", "[x]{@k ^s}\n[y]{@j}\n"));
        assert_eq!(ws.references(DefinitionKind::Actor, "j").count(), 1);
        assert_eq!(ws.references(DefinitionKind::Actor, "k").count(), 1);

        ws.remove_file(Path::new("a.cdown"));
        assert!(!ws.is_referenced(DefinitionKind::Actor, "j"));
        assert_eq!(ws.file_count(), 1);
        assert!(ws.file(article).is_none());
    }

    /// Every index entry, sorted, for comparing two workspaces.
    fn entries(ws: &Workspace) -> Vec<String> {
        let mut out = Vec::new();
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            let mut ids: Vec<&str> = ws.defined_ids(kind).collect();
            ids.extend(ws.references[slot(kind)].keys().map(CompactString::as_str));
            ids.sort();
            ids.dedup();
            for id in ids {
                let paths = |file: FileId| ws.file(file).map(|f| f.path.display().to_string());
                for location in ws.definitions(kind, id) {
                    out.push(format!(
                        "def {kind:?} {id} {:?} {}",
                        paths(location.file),
                        location.idx
                    ));
                }
                for location in ws.references(kind, id) {
                    out.push(format!(
                        "ref {kind:?} {id} {:?} {}",
                        paths(location.file),
                        location.idx
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn an_index_patched_edit_by_edit_equals_one_built_afresh() {
        let registry = (
            "actors.cdown",
            "[@j]: J\n[@k]: K\n[^s]: S\n  publisher: @fna\n",
        );
        let versions = [
            "[x]{@j ^s}\n[y]{@j}\n[@k]: K again\n",
            "[x]{@jo ^s}\n[y]{@j}\n[@k]: K again\n",
            "[x]{@jo ^j}\n[y]{@k}\n[@l]: L\n",
            "[x]{@jo ^j}\n[y]{@k @k}\n[@l]: L\n",
            "[x]{^jo ^j}\n[y]{@k @k}\n[@j]: J again\n",
            "",
        ];
        let mut patched = Workspace::new();
        patched.set_file(file(registry.0, registry.1));
        for version in versions {
            patched.set_file(file("a.cdown", version));
            let mut fresh = Workspace::new();
            fresh.set_file(file(registry.0, registry.1));
            fresh.set_file(file("a.cdown", version));
            assert_eq!(entries(&patched), entries(&fresh), "after {version:?}");
        }
    }
}
