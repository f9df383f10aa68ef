//! The workspace: every file's analysis, and the cross-file index of actor and source
//! definitions and references. Actor and source ids are global; claim ids stay per file.
//!
//! Files are added, replaced and removed one at a time; the index is updated by removing
//! the old file's entries and adding the new ones, so an edit costs the size of the edited
//! file, not of the workspace.

mod analysis;
mod closed;
mod discover;
/// The open-document engine in byte offsets, for the fuzz targets and tests (the server
/// may call it too).
#[doc(hidden)]
pub mod engine;
mod index;
mod read;

pub use analysis::{
    analyze, analyze_bytes, analyze_bytes_unless, analyze_model, lower_whole, lower_whole_unless,
    FileText, Position, SourceFile,
};
pub use closed::ClosedFile;
pub use discover::{cdown_files, cdown_files_canonical};
pub use read::{
    format_size, load_closed_file_unless, load_file, parse_size, read_source, ReadError,
    DEFAULT_MAX_FILE_SIZE, MAX_FILE_SIZE_CEILING,
};

use closed::{Closed, Interner};
use index::{
    add_definition, add_references, patch_index, remove_location, remove_references,
    same_definitions, DefinitionIndex, Flips, ReferenceIndex,
};

use crate::text::LineIndex;
use compact_str::CompactString;
use foldhash::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::model::{ClaimKind, Definition, DefinitionKind, Reference, ReferenceContext};

/// A file's handle in a [`Workspace`]; stable while the file stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A place in the workspace: a file and the index of an item in its model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileId,
    pub idx: usize,
}

/// A project: the files under a folder holding a `claimdown.toml` (or, for files under
/// none, the folder checked or the editor's workspace folder). Actor and source ids are
/// global to their project. `ProjectId(0)` holds the files under no project root.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProjectId(pub u32);

/// One project's cross-file index.
#[derive(Default)]
struct ProjectIndex {
    definitions: [DefinitionIndex; 2],
    /// Per id, the references of each file: removing a file's references costs its own
    /// size, not the number of references to popular actors across the project.
    references: [ReferenceIndex; 2],
}

/// A file as the workspace holds it: whole, or compact while it is closed (see `closed`).
enum Held {
    Full(SourceFile),
    Closed(Closed),
}

impl Held {
    fn path(&self) -> &Path {
        match self {
            Held::Full(file) => &file.path,
            Held::Closed(file) => &file.path,
        }
    }

    fn definitions(&self, kind: DefinitionKind) -> &[Definition] {
        match self {
            Held::Full(file) => file.model.definitions(kind),
            Held::Closed(file) => &file.definitions[slot(kind)],
        }
    }

    /// Its actors and its sources.
    fn all_definitions(&self) -> [&[Definition]; 2] {
        [
            self.definitions(DefinitionKind::Actor),
            self.definitions(DefinitionKind::Source),
        ]
    }

    fn text(&self) -> FileText<'_> {
        match self {
            Held::Full(file) => file.into(),
            Held::Closed(file) => FileText {
                path: &file.path,
                text: &file.text,
                line_index: &file.line_index,
            },
        }
    }

    /// Each actor and source reference: its kind, id and index in the model's list.
    fn references<'a>(
        &'a self,
        interner: &'a Interner,
    ) -> Box<dyn Iterator<Item = (DefinitionKind, &'a str, usize)> + 'a> {
        match self {
            Held::Full(file) => Box::new(file.model.references.iter().enumerate().filter_map(
                |(idx, reference)| {
                    Some((
                        reference.kind.definition_kind()?,
                        reference.id.as_str(),
                        idx,
                    ))
                },
            )),
            Held::Closed(file) => Box::new(file.references(interner)),
        }
    }
}

#[derive(Default)]
pub struct Workspace {
    files: Vec<Option<Held>>,
    /// The ids of closed files' references.
    interner: Interner,
    /// How many closed files have their full analysis built (see [`Workspace::file`]).
    built: AtomicUsize,
    /// The project of each file, by `FileId`.
    projects: Vec<ProjectId>,
    by_path: HashMap<PathBuf, FileId>,
    /// Project roots; root `i` is `ProjectId(i + 1)`.
    roots: Vec<PathBuf>,
    /// Where a file is, for finding its project, when its path is not that (the command
    /// line keeps the paths as the user gave them).
    located: HashMap<FileId, PathBuf>,
    /// By `ProjectId`.
    indexes: Vec<ProjectIndex>,
    /// Counts the changes made: whoever kept something derived from the workspace can tell
    /// whether anything changed since.
    revision: u64,
    /// The revision at which each file last changed, by `FileId`.
    stamps: Vec<u64>,
    /// The revision at which a definition last changed in what other files read of it (see
    /// [`Workspace::facts_revision`]).
    definitions_facts: u64,
    /// By slot and id, the revision at which it last came to be referred to, or ceased to be.
    referenced_flips: [HashMap<CompactString, u64>; 2],
    /// The flips of the change being made: an id removed and added back (a file indexed
    /// again) did not flip.
    pending_flips: Flips,
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

    /// Adds a file whose path is not where it is (a relative path as given on the command
    /// line): its project is that of `location`.
    pub fn set_file_at(&mut self, file: SourceFile, location: &Path) -> FileId {
        if self.by_path.contains_key(&file.path) || file.path == location {
            return self.set_file(file);
        }
        let id = self.insert(Held::Full(file), location);
        self.located.insert(id, location.to_path_buf());
        id
    }

    /// Adds a closed file in compact form, or puts it in place of the file at the same
    /// path: what other files' answers need of it is kept, and its full analysis is built
    /// when asked for (see [`Workspace::file`]).
    pub fn set_closed_file(&mut self, file: ClosedFile) -> FileId {
        let closed = Closed::new(file, &mut self.interner);
        match self.by_path.get(&closed.path) {
            Some(&id) => {
                // A document closed, or a file changed on disk: others read its
                // definitions, which mostly stay as they were.
                let definitions = match &self.files[id.0 as usize] {
                    Some(old) => !same_definitions(
                        old.all_definitions(),
                        [&closed.definitions[0], &closed.definitions[1]],
                    ),
                    None => true,
                };
                self.changed(id, definitions);
                self.unindex(id);
                self.files[id.0 as usize] = Some(Held::Closed(closed));
                self.index(id);
                self.record_flips();
                id
            }
            None => {
                let path = closed.path.clone();
                self.insert(Held::Closed(closed), &path)
            }
        }
    }

    /// Adds a file at a new path, to the project of `location`.
    fn insert(&mut self, file: Held, location: &Path) -> FileId {
        self.revision += 1;
        let id = FileId(self.files.len() as u32);
        if file.all_definitions().iter().any(|list| !list.is_empty()) {
            self.definitions_facts = self.revision;
        }
        self.by_path.insert(file.path().to_path_buf(), id);
        self.projects.push(self.project_of_path(location));
        self.files.push(Some(file));
        self.stamps.push(self.revision);
        self.index(id);
        self.record_flips();
        id
    }

    /// The model of a file held whole, for [`crate::model::lower_in_place`] to patch;
    /// [`Workspace::patched`] must follow, which brings the file's text and the index in
    /// line with it.
    pub(crate) fn model_to_patch(&mut self, id: FileId) -> Option<&mut crate::model::FileModel> {
        match self.files.get_mut(id.0 as usize)?.as_mut()? {
            Held::Full(file) => Some(&mut file.model),
            Held::Closed(_) => None,
        }
    }

    /// Puts `model`, that of `text` read whole, in the place of a file's model that could
    /// not be patched to the end (a bug that panicked halfway): what the index held of the
    /// file is found by a scan of the index, the half-patched model being no guide.
    pub(crate) fn replace_model_whole(
        &mut self,
        id: FileId,
        text: Arc<String>,
        line_index: LineIndex,
        model: crate::model::FileModel,
    ) {
        let project = self.project(id);
        self.index_mut(project);
        let index = &mut self.indexes[project.0 as usize];
        for map in &mut index.definitions {
            map.retain(|_, locations| {
                locations.retain(|location| location.file != id);
                !locations.is_empty()
            });
        }
        for map in &mut index.references {
            map.retain(|_, places| {
                places.retain(|&(file, _)| file != id);
                !places.is_empty()
            });
        }
        let Some(Some(Held::Full(file))) = self.files.get_mut(id.0 as usize) else {
            return;
        };
        let path = file.path.clone();
        *file = analyze_model(path, text, model, line_index);
        self.changed(id, true);
        self.pending_flips.clear();
        self.index(id);
    }

    /// Records that a file's model was patched in place to that of `text` (see
    /// [`Workspace::model_to_patch`]), `replaced` what it held in the regions read again:
    /// the index changes there only. Returns whether the ids the file defines changed (what
    /// other files' references resolve to); closed files' kept results also follow names
    /// and fields, and the workspace records that itself.
    pub(crate) fn patched(
        &mut self,
        id: FileId,
        text: Arc<String>,
        line_index: LineIndex,
        replaced: &crate::model::Replaced,
    ) -> bool {
        let project = self.project(id);
        self.index_mut(project);
        let Some(Some(Held::Full(file))) = self.files.get_mut(id.0 as usize) else {
            return true;
        };
        file.file_errors =
            crate::syntax::unclosed_front_matter(&text, file.model.front_matter.is_some())
                .into_iter()
                .collect();
        file.text = text;
        file.line_index = line_index;
        let index = &mut self.indexes[project.0 as usize];
        let mut flips = Flips::new();
        let definitions = index::patch_index_in_place(
            &mut index.definitions,
            &mut index.references,
            id,
            replaced,
            &file.model,
            &mut flips,
        );
        self.changed(id, definitions.any);
        self.pending_flips.extend(flips);
        self.record_flips();
        definitions.ids
    }

    /// Adds a file, or replaces the file at the same path and returns the old one (if it
    /// was held whole), so that the caller can drop it when it is not in a hurry.
    pub fn replace_file(&mut self, file: SourceFile) -> (FileId, Option<SourceFile>) {
        match self.by_path.get(&file.path) {
            Some(&id) => {
                // Typing in prose changes no entry and typing in an id changes one: when
                // the lists keep their lengths, only the entries whose id changed move.
                let project = self.projects[id.0 as usize];
                self.index_mut(project);
                let index = &mut self.indexes[project.0 as usize];
                let mut flips = Flips::new();
                let new_definitions = [&file.model.actors[..], &file.model.sources[..]];
                let (patched, definitions) = match &self.files[id.0 as usize] {
                    Some(Held::Full(old)) => (
                        patch_index(
                            &mut index.definitions,
                            &mut index.references,
                            id,
                            &old.model,
                            &file.model,
                            &mut flips,
                        )
                        .is_some(),
                        !same_definitions([&old.model.actors, &old.model.sources], new_definitions),
                    ),
                    // A closed file opened.
                    Some(old) => (
                        false,
                        !same_definitions(old.all_definitions(), new_definitions),
                    ),
                    None => (false, true),
                };
                self.changed(id, definitions);
                self.pending_flips.extend(flips);
                if !patched {
                    self.unindex(id);
                }
                let old = self.files[id.0 as usize].replace(Held::Full(file));
                if !patched {
                    self.index(id);
                }
                self.record_flips();
                match old {
                    Some(Held::Full(old)) => (id, Some(old)),
                    _ => (id, None),
                }
            }
            None => {
                let path = file.path.clone();
                (self.insert(Held::Full(file), &path), None)
            }
        }
    }

    /// Removes a file; returns it if it was held whole.
    pub fn remove_file(&mut self, path: &Path) -> Option<SourceFile> {
        let id = self.by_path.remove(path)?;
        let definitions = self.files[id.0 as usize]
            .as_ref()
            .is_some_and(|file| file.all_definitions().iter().any(|list| !list.is_empty()));
        self.changed(id, definitions);
        self.unindex(id);
        self.record_flips();
        match self.files[id.0 as usize].take()? {
            Held::Full(file) => Some(file),
            Held::Closed(_) => None,
        }
    }

    /// Changes whenever a file, or the projects, change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The revision at which a file last changed (0 for no such file).
    pub fn file_revision(&self, id: FileId) -> u64 {
        self.stamps.get(id.0 as usize).copied().unwrap_or(0)
    }

    /// The revision at which anything last changed that the diagnostics of `file` may read
    /// of the other files: any definition's id, name or fields (not where it stands), a file
    /// read from disk or gone, the projects; and whether the ids `file` defines are referred
    /// to anywhere. Typing in prose, or a reference to an id already referred to, leaves it
    /// (a finding pointing at another file's definition must be checked again anyway). With
    /// [`Workspace::file_revision`] it tells when a closed file's diagnostics still stand.
    pub fn facts_revision(&self, file: FileId) -> u64 {
        let mut res = self.definitions_facts;
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            for definition in self.file_definitions(file, kind) {
                let flipped = self.referenced_flips[slot(kind)].get(definition.id.text.as_str());
                res = res.max(flipped.copied().unwrap_or(0));
            }
        }
        res
    }

    /// Counts a change of file `id`, and of the definitions others read if `definitions`.
    fn changed(&mut self, id: FileId, definitions: bool) {
        self.revision += 1;
        if let Some(stamp) = self.stamps.get_mut(id.0 as usize) {
            *stamp = self.revision;
        }
        if definitions {
            self.definitions_facts = self.revision;
        }
    }

    /// Records the flips of the change made: those of an id an odd number of times. None
    /// when the change made changed the definitions: every file's facts changed anyway
    /// (and a file added while the workspace is indexed records none).
    fn record_flips(&mut self) {
        let mut flips = std::mem::take(&mut self.pending_flips);
        if self.definitions_facts == self.revision {
            return;
        }
        flips.sort();
        for run in flips.chunk_by(|a, b| a == b) {
            if run.len() % 2 == 1 {
                let (slot, id) = &run[0];
                self.referenced_flips[*slot].insert(id.clone(), self.revision);
            }
        }
    }

    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    /// A file's full analysis. A closed file held compact has it built from its text the
    /// first time (a parse: for a request about the file itself, or for the few files a
    /// feature truly reads whole), and kept until [`Workspace::release_built`]. Cross-file
    /// loops read [`Workspace::file_text`], [`Workspace::reference`] and the definitions
    /// instead.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        match self.files.get(id.0 as usize)?.as_ref()? {
            Held::Full(file) => Some(file),
            Held::Closed(file) => Some(file.built(&self.built)),
        }
    }

    /// Whether a file is held in compact form (a closed file of a server's workspace).
    pub fn is_compact(&self, id: FileId) -> bool {
        matches!(self.files.get(id.0 as usize), Some(Some(Held::Closed(_))))
    }

    /// A file's path, text and line index, whatever form it is held in: what positions
    /// in it need.
    pub fn file_text(&self, id: FileId) -> Option<FileText<'_>> {
        Some(self.files.get(id.0 as usize)?.as_ref()?.text())
    }

    /// How many closed files have their full analysis built now.
    pub fn built_files(&self) -> usize {
        self.built.load(Ordering::Relaxed)
    }

    /// Drops the full analyses built for closed files (see [`Workspace::file`]): the
    /// server calls it once a request is answered.
    pub fn release_built(&mut self) {
        if *self.built.get_mut() == 0 {
            return;
        }
        for file in self.files.iter_mut().flatten() {
            if let Held::Closed(file) = file {
                file.release();
            }
        }
        *self.built.get_mut() = 0;
    }

    /// Every file's full analysis: a closed file's is built (see [`Workspace::file`]).
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> + '_ {
        self.file_ids().filter_map(|id| Some((id, self.file(id)?)))
    }

    /// Every file, in `FileId` order.
    pub fn file_ids(&self) -> impl Iterator<Item = FileId> + '_ {
        self.files
            .iter()
            .enumerate()
            .filter(|(_, file)| file.is_some())
            .map(|(idx, _)| FileId(idx as u32))
    }

    /// The actor or source definitions written in one file.
    pub fn file_definitions(&self, id: FileId, kind: DefinitionKind) -> &[Definition] {
        match self.files.get(id.0 as usize) {
            Some(Some(file)) => file.definitions(kind),
            _ => &[],
        }
    }

    pub fn file_count(&self) -> usize {
        self.by_path.len()
    }

    /// Sets the project roots (folders holding a `claimdown.toml`, and the folders checked
    /// or the editor's workspace folders) and files every file under the deepest root
    /// above it. The index is rebuilt.
    pub fn set_project_roots(&mut self, mut roots: Vec<PathBuf>) {
        self.revision += 1;
        self.definitions_facts = self.revision;
        roots.sort();
        roots.dedup();
        // Deepest first, so that the first root above a path is its nearest.
        roots.sort_by_key(|root| std::cmp::Reverse(root.components().count()));
        self.roots = roots;
        self.indexes.clear();
        for idx in 0..self.files.len() {
            let project = match (&self.files[idx], self.located.get(&FileId(idx as u32))) {
                (Some(_), Some(location)) => self.project_of_path(location),
                (Some(file), None) => self.project_of_path(file.path()),
                (None, _) => ProjectId(0),
            };
            self.projects[idx] = project;
            self.index(FileId(idx as u32));
        }
        self.record_flips();
    }

    /// The project a file at `path` belongs to: the nearest root above it.
    pub fn project_of_path(&self, path: &Path) -> ProjectId {
        self.roots
            .iter()
            .position(|root| path.starts_with(root))
            .map_or(ProjectId(0), |idx| ProjectId(idx as u32 + 1))
    }

    /// The project of the file known by `path` (as added), else of a file at `path`.
    pub fn project_of_file(&self, path: &Path) -> ProjectId {
        match self.by_path.get(path) {
            Some(&id) => self.project(id),
            None => self.project_of_path(path),
        }
    }

    /// The root folder of a project (`None` for files under no root).
    pub fn project_root(&self, project: ProjectId) -> Option<&Path> {
        let idx = (project.0 as usize).checked_sub(1)?;
        self.roots.get(idx).map(PathBuf::as_path)
    }

    /// The project of a file.
    pub fn project(&self, file: FileId) -> ProjectId {
        self.projects
            .get(file.0 as usize)
            .copied()
            .unwrap_or_default()
    }

    fn index_of(&self, from: FileId) -> Option<&ProjectIndex> {
        self.indexes.get(self.project(from).0 as usize)
    }

    /// The first definition of an actor or source in a project, resolved: for callers that
    /// hold a file's path or a project rather than a `FileId` (the exports).
    pub fn definition_in(
        &self,
        project: ProjectId,
        kind: DefinitionKind,
        id: &str,
    ) -> Option<(FileId, &Definition)> {
        let location = self.indexes.get(project.0 as usize)?.definitions[slot(kind)]
            .get(id)?
            .first()?;
        let definition = self
            .file_definitions(location.file, kind)
            .get(location.idx)?;
        Some((location.file, definition))
    }

    fn index_mut(&mut self, project: ProjectId) -> &mut ProjectIndex {
        let idx = project.0 as usize;
        if self.indexes.len() <= idx {
            self.indexes.resize_with(idx + 1, ProjectIndex::default);
        }
        &mut self.indexes[idx]
    }

    /// Where an actor or source is defined in the project of file `from` (more than one
    /// place is a duplicate).
    pub fn definitions(&self, from: FileId, kind: DefinitionKind, id: &str) -> &[Location] {
        self.index_of(from)
            .and_then(|index| index.definitions[slot(kind)].get(id))
            .map_or(&[], Vec::as_slice)
    }

    /// The first definition of an actor or source in the project of file `from`, resolved.
    pub fn definition(
        &self,
        from: FileId,
        kind: DefinitionKind,
        id: &str,
    ) -> Option<(FileId, &Definition)> {
        self.definition_in(self.project(from), kind, id)
    }

    /// Every reference to an actor or source in the project of file `from`, in file order.
    pub fn references(
        &self,
        from: FileId,
        kind: DefinitionKind,
        id: &str,
    ) -> impl Iterator<Item = Location> + '_ {
        self.index_of(from)
            .and_then(|index| index.references[slot(kind)].get(id))
            .into_iter()
            .flat_map(|entries| {
                entries.iter().map(|&(file, idx)| Location {
                    file,
                    idx: idx as usize,
                })
            })
    }

    /// Whether anything in the project of file `from` refers to an actor or source.
    pub fn is_referenced(&self, from: FileId, kind: DefinitionKind, id: &str) -> bool {
        self.index_of(from)
            .is_some_and(|index| index.references[slot(kind)].contains_key(id))
    }

    /// An actor or source reference, wherever its file is held (an index entry names it).
    pub fn reference(&self, location: Location) -> Option<Reference> {
        match self.files.get(location.file.0 as usize)?.as_ref()? {
            Held::Full(file) => file.model.references.get(location.idx).cloned(),
            Held::Closed(file) => file.reference(location.idx, &self.interner),
        }
    }

    /// The kind of the claim whose attributes hold a reference (`@id` or `^id` among
    /// them), wherever its file is held: what code lens and hover count.
    pub fn attributed_claim_kind(&self, location: Location) -> Option<ClaimKind> {
        match self.files.get(location.file.0 as usize)?.as_ref()? {
            Held::Full(file) => {
                let reference = file.model.references.get(location.idx)?;
                let ReferenceContext::Attribution { claim } = reference.context else {
                    return None;
                };
                Some(file.model.claims.get(claim)?.kind)
            }
            Held::Closed(file) => file.attributed_claim_kind(location.idx),
        }
    }

    /// Every id of a kind defined in the project of file `from`, in no particular order.
    pub fn defined_ids(
        &self,
        from: FileId,
        kind: DefinitionKind,
    ) -> impl Iterator<Item = &str> + '_ {
        self.index_of(from)
            .into_iter()
            .flat_map(move |index| index.definitions[slot(kind)].keys())
            .map(CompactString::as_str)
    }

    fn index(&mut self, id: FileId) {
        let project = self.project(id);
        self.index_mut(project);
        let Some(file) = self.files[id.0 as usize].as_ref() else {
            return;
        };
        let index = &mut self.indexes[project.0 as usize];
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            for (idx, definition) in file.definitions(kind).iter().enumerate() {
                let location = Location { file: id, idx };
                add_definition(
                    &mut index.definitions[slot(kind)],
                    &definition.id.text,
                    location,
                );
            }
        }
        add_references(
            &mut index.references,
            id,
            file.references(&self.interner),
            &mut self.pending_flips,
        );
    }

    fn unindex(&mut self, id: FileId) {
        let project = self.project(id);
        self.index_mut(project);
        let Some(file) = self.files[id.0 as usize].as_ref() else {
            return;
        };
        let index = &mut self.indexes[project.0 as usize];
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            for definition in file.definitions(kind) {
                remove_location(&mut index.definitions[slot(kind)], &definition.id.text, id);
            }
        }
        remove_references(
            &mut index.references,
            id,
            file.references(&self.interner),
            &mut self.pending_flips,
        );
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        analyze(PathBuf::from(path), text)
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
            ws.definitions(article, DefinitionKind::Actor, "j"),
            &[Location {
                file: registry,
                idx: 0
            }]
        );
        assert_eq!(
            ws.references(article, DefinitionKind::Actor, "j").count(),
            2
        );
        assert_eq!(
            ws.references(article, DefinitionKind::Actor, "fna").count(),
            1
        );
        assert!(ws
            .references(article, DefinitionKind::Actor, "j")
            .all(|l| l.file == article));

        // Replacing the registry drops its old entries.
        ws.set_file(file("actors.cdown", "[@k]: K\n"));
        assert!(ws
            .definitions(article, DefinitionKind::Actor, "j")
            .is_empty());
        assert!(!ws.is_referenced(article, DefinitionKind::Actor, "fna"));
        assert_eq!(ws.definitions(article, DefinitionKind::Actor, "k").len(), 1);

        // An edit that keeps every id keeps the index; one that changes an id updates it.
        ws.set_file(file("a.cdown", "[x, edited]{@j ^s}\n[y]{@j}\n"));
        assert_eq!(
            ws.references(article, DefinitionKind::Actor, "j").count(),
            2
        );
        ws.set_file(file("a.cdown", "[x]{@k ^s}\n[y]{@j}\n"));
        assert_eq!(
            ws.references(article, DefinitionKind::Actor, "j").count(),
            1
        );
        assert_eq!(
            ws.references(article, DefinitionKind::Actor, "k").count(),
            1
        );

        ws.remove_file(Path::new("a.cdown"));
        assert!(!ws.is_referenced(article, DefinitionKind::Actor, "j"));
        assert_eq!(ws.file_count(), 1);
        assert!(ws.file(article).is_none());
    }

    #[test]
    fn ids_are_global_to_their_project_only() {
        let mut ws = Workspace::new();
        let a_registry = ws.set_file(file(
            "/r/a/actors.cdown",
            "[@j]: J of a
",
        ));
        let b_registry = ws.set_file(file(
            "/r/a/b/actors.cdown",
            "[@j]: J of b
",
        ));
        let a = ws.set_file(file("/r/a/x.cdown", "[x]{@j}\n"));
        let b = ws.set_file(file("/r/a/b/deep/y.cdown", "[y]{@j}\n"));
        let outside = ws.set_file(file("/elsewhere/z.cdown", "[z]{@j}\n"));
        // One project: every `@j` sees both definitions, a duplicate.
        assert_eq!(ws.definitions(a, DefinitionKind::Actor, "j").len(), 2);
        ws.set_project_roots(vec![PathBuf::from("/r/a"), PathBuf::from("/r/a/b")]);
        let place = |from| ws.definitions(from, DefinitionKind::Actor, "j").to_vec();
        assert_eq!(
            place(a),
            [Location {
                file: a_registry,
                idx: 0
            }]
        );
        assert_eq!(
            place(b),
            [Location {
                file: b_registry,
                idx: 0
            }]
        );
        assert!(place(outside).is_empty());
        assert_eq!(
            ws.references(a_registry, DefinitionKind::Actor, "j")
                .count(),
            1
        );
        // A file added later joins the nearest project above it.
        let c = ws.set_file(file("/r/a/b/z.cdown", "[z]{@j}\n"));
        assert_eq!(ws.project(c), ws.project(b));
        assert_eq!(ws.references(b, DefinitionKind::Actor, "j").count(), 2);
        assert_eq!(ws.project_root(ws.project(c)), Some(Path::new("/r/a/b")));
    }

    #[test]
    fn the_facts_revision_moves_with_what_other_files_read() {
        let mut ws = Workspace::new();
        let registry = ws.set_file(file("r.cdown", "[@j]: J 😀\n  kind: person\n[@u]: U\n"));
        let article = ws.set_file(file("a.cdown", "Said [x]{@j}.\n"));
        let facts = |ws: &Workspace| (ws.facts_revision(registry), ws.facts_revision(article));
        let (before, stamp) = (facts(&ws), ws.file_revision(article));
        // Prose typed, a definition moved, a second reference to an id referred to already,
        // a new id referred to that nobody defines: nothing the other file reads.
        ws.set_file(file("a.cdown", "Said 𝄞 [x]{@j}.\n"));
        ws.set_file(file(
            "r.cdown",
            "Who.\n\n[@j]: J 😀\n  kind: person\n[@u]: U\n",
        ));
        ws.set_file(file("a.cdown", "Said 𝄞 [x]{@j} [y]{@j @nobody}.\n"));
        assert_eq!(facts(&ws), before);
        assert!(ws.file_revision(article) > stamp);
        assert!(ws.file_revision(registry) > stamp);
        // The registry closed (read from disk, compact) and opened again, unchanged.
        let text = "Who.\n\n[@j]: J 😀\n  kind: person\n[@u]: U\n";
        ws.set_closed_file(ClosedFile::new(file("r.cdown", text)));
        ws.set_file(file("r.cdown", text));
        assert_eq!(facts(&ws), before);
        // `@u` comes to be referred to: the registry's `unused-definition` may change, not
        // what the article reads.
        ws.set_file(file("a.cdown", "Said 𝄞 [x]{@j} [y]{@u @nobody}.\n"));
        assert!(facts(&ws).0 > before.0);
        assert_eq!(facts(&ws).1, before.1);
        // A field's value, a display name: both.
        for text in [
            "Who.\n\n[@j]: J 😀\n  kind: group\n[@u]: U\n",
            "Who.\n\n[@j]: Jo\n  kind: group\n[@u]: U\n",
        ] {
            let before = facts(&ws);
            ws.set_file(file("r.cdown", text));
            assert!(
                facts(&ws).0 > before.0 && facts(&ws).1 > before.1,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_file_indexed_again_keeps_its_place_among_the_references() {
        let mut ws = Workspace::new();
        let a = ws.set_file(file("a.cdown", "[x]{@j}\n"));
        let b = ws.set_file(file("b.cdown", "[y]{@j}\n"));
        let c = ws.set_file(file("c.cdown", "[z]{@j @k}\n"));
        // Another number of references: `b` is indexed again, between `a` and `c`.
        ws.set_file(file("b.cdown", "[y]{@k @j}\n[w]{@j}\n"));
        let places = |ws: &Workspace, id| {
            ws.references(a, DefinitionKind::Actor, id)
                .map(|location| (location.file, location.idx))
                .collect::<Vec<_>>()
        };
        assert_eq!(places(&ws, "j"), [(a, 0), (b, 1), (b, 2), (c, 0)]);
        assert_eq!(places(&ws, "k"), [(b, 0), (c, 1)]);
        // Ids with entries of later files are spliced in, the others appended: both at once,
        // and an id that only `b` names comes to be referred to.
        ws.set_file(file("b.cdown", "[y]{@new @j ^s @new}\n[w]{@k}\n"));
        assert_eq!(places(&ws, "j"), [(a, 0), (b, 1), (c, 0)]);
        assert_eq!(places(&ws, "k"), [(b, 4), (c, 1)]);
        assert_eq!(places(&ws, "new"), [(b, 0), (b, 3)]);
        let sources: Vec<_> = ws
            .references(a, DefinitionKind::Source, "s")
            .map(|location| (location.file, location.idx))
            .collect();
        assert_eq!(sources, [(b, 2)]);
        assert!(ws.is_referenced(a, DefinitionKind::Actor, "new"));
        ws.set_file(file("b.cdown", "no references\n"));
        assert!(!ws.is_referenced(a, DefinitionKind::Actor, "new"));
        assert_eq!(places(&ws, "j"), [(a, 0), (c, 0)]);
        assert_eq!(places(&ws, "k"), [(c, 1)]);
    }

    /// Every index entry, sorted, for comparing two workspaces.
    fn entries(ws: &Workspace) -> Vec<String> {
        let mut out = Vec::new();
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            let from = FileId(0);
            let mut ids: Vec<&str> = ws.defined_ids(from, kind).collect();
            for index in &ws.indexes {
                ids.extend(
                    index.references[slot(kind)]
                        .keys()
                        .map(CompactString::as_str),
                );
            }
            ids.sort();
            ids.dedup();
            for id in ids {
                let paths = |file: FileId| ws.file(file).map(|f| f.path.display().to_string());
                for location in ws.definitions(from, kind, id) {
                    out.push(format!(
                        "def {kind:?} {id} {:?} {}",
                        paths(location.file),
                        location.idx
                    ));
                }
                for location in ws.references(from, kind, id) {
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
