//! The compact form of a closed file (issue 16): what other files' answers read of it, and
//! nothing else. A server's workspace holds every file it indexed from disk this way; the
//! full model is built from the kept text when a feature asks for the file itself
//! ([`super::Workspace::file`]), and dropped again when the server says so
//! ([`super::Workspace::release_built`]).
//!
//! What other files read of a closed one: its actor and source definitions (hover,
//! completion, symbols, code lens, the rules), its actor and source references by their
//! index in the model's list (references, rename, code lens, hover's counts, with the kind
//! of the claim each attributes), and its text and line index (every position sent to a
//! client). Its claims, headings, prose pieces and claim references are local to it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use compact_str::CompactString;
use foldhash::HashMap;

use super::analysis::SourceFile;
use super::lower_whole;
use crate::model::{
    ClaimKind, Definition, DefinitionKind, Reference, ReferenceContext, ReferenceKind,
};
use crate::syntax::SyntaxError;
use crate::text::{LineIndex, TextRange};

/// A closed file made compact off the state thread (the indexer's workers), before its ids
/// are interned by the workspace that takes it.
pub struct ClosedFile {
    pub(super) path: PathBuf,
    pub(super) text: Arc<String>,
    pub(super) line_index: LineIndex,
    pub(super) file_errors: Vec<SyntaxError>,
    pub(super) definitions: [Box<[Definition]>; 2],
    /// The actor and source references, each with its index in the full model's list.
    references: Vec<(u32, Reference, Option<ClaimKind>)>,
}

impl ClosedFile {
    /// Keeps what other files read of `file`, dropping the rest of its model.
    pub fn new(file: SourceFile) -> ClosedFile {
        let SourceFile {
            path,
            text,
            mut line_index,
            mut model,
            mut file_errors,
        } = file;
        // Kept a long time: without the room they grew into.
        line_index.shrink_to_fit();
        file_errors.shrink_to_fit();
        for definition in model.actors.iter_mut().chain(model.sources.iter_mut()) {
            definition.fields.shrink_to_fit();
        }
        let claims = std::mem::take(&mut model.claims);
        let references = std::mem::take(&mut model.references)
            .into_iter()
            .enumerate()
            .filter(|(_, reference)| reference.kind != ReferenceKind::Claim)
            .map(|(idx, reference)| {
                let claim = match reference.context {
                    ReferenceContext::Attribution { claim } => {
                        claims.get(claim).map(|claim| claim.kind)
                    }
                    _ => None,
                };
                (idx as u32, reference, claim)
            })
            .collect();
        ClosedFile {
            path,
            text,
            line_index,
            file_errors,
            definitions: [
                std::mem::take(&mut model.actors).into_boxed_slice(),
                std::mem::take(&mut model.sources).into_boxed_slice(),
            ],
            references,
        }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

/// Ids as numbers: each is written once in the workspace however many files name it.
#[derive(Default)]
pub(super) struct Interner {
    numbers: HashMap<CompactString, u32>,
    names: Vec<CompactString>,
}

impl Interner {
    fn intern(&mut self, name: &CompactString) -> u32 {
        if let Some(&number) = self.numbers.get(name) {
            return number;
        }
        let number = self.names.len() as u32;
        self.names.push(name.clone());
        self.numbers.insert(name.clone(), number);
        number
    }

    fn name(&self, number: u32) -> &CompactString {
        &self.names[number as usize]
    }
}

/// A reference in 32 bytes instead of 64: its id a number, its context packed.
#[derive(Clone, Copy)]
struct CompactReference {
    /// Its index in the full model's list, what the index's entries name.
    idx: u32,
    id: u32,
    range: TextRange,
    id_range: TextRange,
    /// The claim or definition of its context.
    target: u32,
    kind: ReferenceKind,
    context: Context,
    /// The kind of the claim an attribution names (for code lens and hover counts).
    claim_kind: Option<ClaimKind>,
}

#[derive(Clone, Copy)]
enum Context {
    Attribution,
    Rebuts,
    Supports,
    Field(DefinitionKind),
    FrontMatter,
}

/// A closed file as the workspace holds it.
pub(super) struct Closed {
    pub(super) path: PathBuf,
    pub(super) text: Arc<String>,
    pub(super) line_index: LineIndex,
    file_errors: Vec<SyntaxError>,
    pub(super) definitions: [Box<[Definition]>; 2],
    /// Sorted by `idx`.
    references: Box<[CompactReference]>,
    /// The full model, once a feature asked for the file itself.
    built: OnceLock<Box<SourceFile>>,
}

impl Closed {
    pub(super) fn new(file: ClosedFile, interner: &mut Interner) -> Closed {
        let references = file
            .references
            .iter()
            .map(|(idx, reference, claim_kind)| {
                let (context, target) = match reference.context {
                    ReferenceContext::Attribution { claim } => (Context::Attribution, claim),
                    ReferenceContext::Rebuts { claim } => (Context::Rebuts, claim),
                    ReferenceContext::Supports { claim } => (Context::Supports, claim),
                    ReferenceContext::Field { kind, definition } => {
                        (Context::Field(kind), definition)
                    }
                    ReferenceContext::FrontMatter => (Context::FrontMatter, 0),
                };
                CompactReference {
                    idx: *idx,
                    id: interner.intern(&reference.id),
                    range: reference.range,
                    id_range: reference.id_range,
                    target: target as u32,
                    kind: reference.kind,
                    context,
                    claim_kind: *claim_kind,
                }
            })
            .collect();
        Closed {
            path: file.path,
            text: file.text,
            line_index: file.line_index,
            file_errors: file.file_errors,
            definitions: file.definitions,
            references,
            built: OnceLock::new(),
        }
    }

    fn find(&self, idx: usize) -> Option<&CompactReference> {
        let at = self
            .references
            .binary_search_by_key(&(idx as u32), |reference| reference.idx)
            .ok()?;
        self.references.get(at)
    }

    /// The actor or source reference at `idx` of the full model's list, as the full model
    /// has it.
    pub(super) fn reference(&self, idx: usize, interner: &Interner) -> Option<Reference> {
        let compact = self.find(idx)?;
        let target = compact.target as usize;
        let context = match compact.context {
            Context::Attribution => ReferenceContext::Attribution { claim: target },
            Context::Rebuts => ReferenceContext::Rebuts { claim: target },
            Context::Supports => ReferenceContext::Supports { claim: target },
            Context::Field(kind) => ReferenceContext::Field {
                kind,
                definition: target,
            },
            Context::FrontMatter => ReferenceContext::FrontMatter,
        };
        Some(Reference {
            kind: compact.kind,
            id: interner.name(compact.id).clone(),
            range: compact.range,
            id_range: compact.id_range,
            context,
        })
    }

    /// The kind of the claim whose attributes hold the reference at `idx`.
    pub(super) fn attributed_claim_kind(&self, idx: usize) -> Option<ClaimKind> {
        self.find(idx)?.claim_kind
    }

    /// Each actor and source reference: its kind, id and index in the full model's list.
    pub(super) fn references<'a>(
        &'a self,
        interner: &'a Interner,
    ) -> impl Iterator<Item = (DefinitionKind, &'a str, usize)> + 'a {
        self.references.iter().filter_map(|reference| {
            let kind = reference.kind.definition_kind()?;
            Some((
                kind,
                interner.name(reference.id).as_str(),
                reference.idx as usize,
            ))
        })
    }

    /// The full analysis, built from the text the first time it is asked for: the same as
    /// when the file was read, since the model is a function of the text.
    pub(super) fn built(&self, built_count: &AtomicUsize) -> &SourceFile {
        self.built.get_or_init(|| {
            built_count.fetch_add(1, Ordering::Relaxed);
            let model = lower_whole(&self.text, &self.line_index, None);
            Box::new(SourceFile {
                path: self.path.clone(),
                text: Arc::clone(&self.text),
                line_index: self.line_index.clone(),
                model,
                file_errors: self.file_errors.clone(),
            })
        })
    }

    /// Drops the full analysis built for a request; whether there was one.
    pub(super) fn release(&mut self) -> bool {
        self.built.take().is_some()
    }
}
