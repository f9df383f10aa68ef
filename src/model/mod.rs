//! What a file means: its front matter, headings, claims, actor and source definitions, and
//! every reference with its exact range. Built from the tree in one pass ([`lower`]); inert
//! afterwards. Knows nothing of other files: see [`crate::workspace`] for that.

mod blocks;
mod cache;
mod chunks;
mod ids;
mod lower;
mod patch;
mod plain;
mod shift;
pub mod vocabulary;

pub use blocks::{
    lower_blocks, lower_edited, lower_in_place, lower_reread, Edited, InPlace, Replaced, Reread,
};
pub use cache::LowerCache;
pub use chunks::{lower_in_pieces, lower_in_pieces_unless, PIECE};
pub use ids::is_valid_id;
pub use lower::lower;
pub use patch::{Patch, Region};
pub use plain::{has_blank_line, TextPiece};

use compact_str::CompactString;
use foldhash::HashMap;

use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// An id or a value with the range it was written at (without any sigil or quotes). Short
/// texts (up to 24 bytes, which is nearly every id) are stored inline: a model of 100,000
/// claims is copied on a keystroke and held for every file of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: CompactString,
    pub range: TextRange,
}

/// Indices `start..end` into one of a model's lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexRange {
    pub start: u32,
    pub end: u32,
}

impl IndexRange {
    pub fn new(start: usize, end: usize) -> IndexRange {
        IndexRange {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// What a claim's reference says of the claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `@actor`: who makes the claim.
    Actor,
    /// `^source`: where it was made.
    Source,
    /// `rebuts=#id`.
    Rebuts,
    /// `supports=#id`.
    Supports,
}

/// The meaning of one file.
#[derive(Clone, Debug, Default)]
pub struct FileModel {
    pub front_matter: Option<FrontMatter>,
    pub headings: Vec<Heading>,
    pub claims: Vec<Claim>,
    pub actors: Vec<Definition>,
    pub sources: Vec<Definition>,
    pub references: Vec<Reference>,
    /// Markup the grammar accepted but the language does not: invalid ids, a second claim
    /// id, a field line without a colon. Reported as `syntax-error`.
    pub malformed: Vec<Malformed>,
    /// The prose, in document order, for extracting the plain text of a claim.
    pub text_pieces: Vec<TextPiece>,
    /// Claim id → index of its first claim, for lookups by id.
    pub claim_ids: HashMap<CompactString, usize>,
    /// What the grammar could not read, block by block (at most one per line within a
    /// block): kept with the blocks, so that an edit finds again only its block's.
    pub syntax_errors: Vec<SyntaxError>,
}

#[derive(Clone, Debug)]
pub struct FrontMatter {
    pub range: TextRange,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug)]
pub struct Heading {
    pub level: u8,
    /// Shared: the headings after an edit are copied on every keystroke.
    pub title: std::sync::Arc<str>,
    /// The heading line.
    pub range: TextRange,
    /// The heading and everything it owns, up to the next heading of its level or above.
    pub section: TextRange,
    pub parent: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    Claim,
    Quote,
    Rebuttal,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 3] = [ClaimKind::Claim, ClaimKind::Quote, ClaimKind::Rebuttal];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Claim => "claim",
            ClaimKind::Quote => "quote",
            ClaimKind::Rebuttal => "rebuttal",
        }
    }
}

/// A claim, quote or rebuttal: an inline annotation `[…]{…}` or a block `::: …`.
#[derive(Clone, Debug)]
pub struct Claim {
    pub id: Option<Name>,
    pub kind: ClaimKind,
    /// The `quote` flag: the span is the actor's verbatim words (a rebuttal may be one too).
    pub quote: bool,
    pub block: bool,
    /// The whole annotation, markup included.
    pub range: TextRange,
    /// The annotated prose.
    pub span: TextRange,
    /// `{…}`, or the attributes after `:::`.
    pub attributes_range: TextRange,
    /// The claim's references (actors, sources, `rebuts=` and `supports=` targets), which
    /// its attributes list together: indices into [`FileModel::references`]. See
    /// [`FileModel::claim_references`].
    pub references: IndexRange,
    /// The raw `status=` value; see [`vocabulary::Status`].
    pub status: Option<Name>,
    /// `key=value` attributes the language does not interpret, and unknown flags.
    pub extra: Vec<Attribute>,
    /// The claim this one is nested in.
    pub parent: Option<usize>,
    /// The innermost heading this claim stands under.
    pub heading: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub key: Name,
    /// `None` for a flag.
    pub value: Option<Name>,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefinitionKind {
    Actor,
    Source,
}

impl DefinitionKind {
    pub fn noun(self) -> &'static str {
        match self {
            DefinitionKind::Actor => "actor",
            DefinitionKind::Source => "source",
        }
    }

    pub fn sigil(self) -> char {
        match self {
            DefinitionKind::Actor => '@',
            DefinitionKind::Source => '^',
        }
    }
}

/// `[@id]: Display Name` or `[^id]: Title`, with its field lines.
#[derive(Clone, Debug)]
pub struct Definition {
    pub kind: DefinitionKind,
    pub id: Name,
    pub name: Option<Name>,
    /// The definition line and its fields.
    pub range: TextRange,
    /// The definition line alone.
    pub header: TextRange,
    pub fields: Vec<Field>,
}

impl Definition {
    /// The first value of a field.
    pub fn field(&self, key: &str) -> Option<&Name> {
        self.fields
            .iter()
            .find(|field| field.key.text == key)?
            .value
            .as_ref()
    }

    /// Every value of a (repeatable) field.
    pub fn fields_named<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Name> + 'a {
        self.fields
            .iter()
            .filter(move |field| field.key.text == key)
            .filter_map(|field| field.value.as_ref())
    }

    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map_or(self.id.text.as_str(), |name| name.text.as_str())
    }
}

/// A `key: value` line of a definition or of the front matter.
#[derive(Clone, Debug)]
pub struct Field {
    pub key: Name,
    pub value: Option<Name>,
    pub range: TextRange,
}

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferenceKind {
    Actor,
    Source,
    Claim,
}

impl ReferenceKind {
    pub fn noun(self) -> &'static str {
        match self {
            ReferenceKind::Actor => "actor",
            ReferenceKind::Source => "source",
            ReferenceKind::Claim => "claim",
        }
    }

    pub fn definition_kind(self) -> Option<DefinitionKind> {
        match self {
            ReferenceKind::Actor => Some(DefinitionKind::Actor),
            ReferenceKind::Source => Some(DefinitionKind::Source),
            ReferenceKind::Claim => None,
        }
    }
}

/// Where a reference is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceContext {
    /// `@id` or `^id` among a claim's attributes.
    Attribution { claim: usize },
    /// `rebuts=#id`.
    Rebuts { claim: usize },
    /// `supports=#id`.
    Supports { claim: usize },
    /// A field of a definition (`publisher: @x`, `affiliation: @x`).
    Field {
        kind: DefinitionKind,
        definition: usize,
    },
    /// A front matter field (`outlet: @x`).
    FrontMatter,
}

/// `@id`, `^id` or `#id` naming something defined elsewhere.
#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub id: CompactString,
    /// The reference with its sigil.
    pub range: TextRange,
    /// The id alone, what a rename replaces.
    pub id_range: TextRange,
    pub context: ReferenceContext,
}

impl Reference {
    /// What this reference says of the claim whose attributes hold it, if any.
    pub fn role(&self) -> Option<Role> {
        match (self.context, self.kind) {
            (ReferenceContext::Attribution { .. }, ReferenceKind::Actor) => Some(Role::Actor),
            (ReferenceContext::Attribution { .. }, ReferenceKind::Source) => Some(Role::Source),
            (ReferenceContext::Rebuts { .. }, _) => Some(Role::Rebuts),
            (ReferenceContext::Supports { .. }, _) => Some(Role::Supports),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub range: TextRange,
    pub message: String,
}

impl FileModel {
    /// The claims that start in `range`, in document order (the order of their starts,
    /// nested ones after their parent): those of the whole blocks it holds.
    pub fn claims_starting_in(&self, range: TextRange) -> impl Iterator<Item = &Claim> + '_ {
        let first = self
            .claims
            .partition_point(|claim| claim.range.start < range.start);
        self.claims[first..]
            .iter()
            .take_while(move |claim| claim.range.start < range.end)
    }

    /// The claims starting in any of `regions` (ordered, apart), in document order.
    pub fn claims_in<'a>(&'a self, regions: &'a [TextRange]) -> impl Iterator<Item = &'a Claim> {
        regions
            .iter()
            .flat_map(move |&region| self.claims_starting_in(region))
    }

    /// The references in `range`, with their indices: those of the whole blocks it holds.
    /// References are pushed as the tree is walked, block by block, so each block's are
    /// together and in the order of the blocks; within a block, a claim's come before those
    /// of the claims nested in it, not in the order of their starts.
    pub fn references_starting_in(
        &self,
        range: TextRange,
    ) -> impl Iterator<Item = (usize, &Reference)> + '_ {
        let first = self
            .references
            .partition_point(|reference| reference.range.start < range.start);
        self.references[first..]
            .iter()
            .enumerate()
            .take_while(move |(_, reference)| reference.range.start < range.end)
            .map(move |(n, reference)| (first + n, reference))
    }

    /// Gives back the room its lists grew into while the model was built: about a third
    /// of a model lowered push by push (issue 16). For models kept a long time, such as
    /// those of closed files; an open document's model is replaced on every keystroke.
    pub fn shrink_to_fit(&mut self) {
        // Destructured whole: a list added to the model is not forgotten here.
        let FileModel {
            front_matter,
            headings,
            claims,
            actors,
            sources,
            references,
            malformed,
            text_pieces,
            claim_ids,
            syntax_errors,
        } = self;
        if let Some(front_matter) = front_matter {
            front_matter.fields.shrink_to_fit();
        }
        headings.shrink_to_fit();
        for claim in claims.iter_mut() {
            claim.extra.shrink_to_fit();
        }
        claims.shrink_to_fit();
        for definition in actors.iter_mut().chain(sources.iter_mut()) {
            definition.fields.shrink_to_fit();
        }
        actors.shrink_to_fit();
        sources.shrink_to_fit();
        references.shrink_to_fit();
        malformed.shrink_to_fit();
        text_pieces.shrink_to_fit();
        claim_ids.shrink_to_fit();
        syntax_errors.shrink_to_fit();
    }

    /// The model as text to compare two models by (tests, fuzz targets, oracles): its
    /// `Debug` form with the claim ids in key order, as a hash map's are not.
    pub fn comparable(&self) -> String {
        let mut model = self.clone();
        let mut ids: Vec<_> = model.claim_ids.drain().collect();
        ids.sort();
        format!("{model:#?}\nids: {ids:?}")
    }

    pub fn definitions(&self, kind: DefinitionKind) -> &[Definition] {
        match kind {
            DefinitionKind::Actor => &self.actors,
            DefinitionKind::Source => &self.sources,
        }
    }

    /// The claim with this id (the first, if it is duplicated).
    pub fn claim_by_id(&self, id: &str) -> Option<(usize, &Claim)> {
        let &idx = self.claim_ids.get(id)?;
        Some((idx, self.claims.get(idx)?))
    }

    /// The references of a claim in one role, with their indices, in the order written.
    pub fn claim_references(
        &self,
        claim: &Claim,
        role: Role,
    ) -> impl Iterator<Item = (usize, &Reference)> + '_ {
        let range = claim.references.as_usize();
        let start = range.start;
        self.references
            .get(range)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter(move |(_, reference)| reference.role() == Some(role))
            .map(move |(n, reference)| (start + n, reference))
    }

    /// Whether a claim has any reference in this role.
    pub fn claim_has(&self, claim: &Claim, role: Role) -> bool {
        self.claim_references(claim, role).next().is_some()
    }

    /// The plain text of a claim: markup stripped, line breaks folded.
    pub fn claim_text(&self, text: &str, claim: &Claim) -> String {
        plain::plain_text(&self.text_pieces, text, claim.span)
    }

    /// The plain text of any range of prose.
    pub fn plain_text(&self, text: &str, range: TextRange) -> String {
        plain::plain_text(&self.text_pieces, text, range)
    }

    /// The claims whose attributes name this reference (by index), the rebuttals of a claim, …
    pub fn references_to<'a>(
        &'a self,
        kind: ReferenceKind,
        id: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Reference)> + 'a {
        self.references
            .iter()
            .enumerate()
            .filter(move |(_, reference)| reference.kind == kind && reference.id == id)
    }
}
