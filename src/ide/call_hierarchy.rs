//! Rebuttal chains as a call hierarchy: a claim "calls" the claims it rebuts or supports,
//! and is "called" by the claims that rebut or support it. Editors draw both trees.
//! Claim ids are local to their file (LANGUAGE.md), so every chain stays in one file.

use super::resolve::{entity_at, Entity};
use super::symbols::preview;
use crate::model::{Claim, ClaimKind, FileModel, ReferenceContext, ReferenceKind, Role};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

/// A claim as a node of the hierarchy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimItem {
    pub file: FileId,
    /// `#id`, or the claim's text for a claim without an id.
    pub name: String,
    /// The kind, the text (for a claim with an id) and the actors: `rebuttal “untrue” @jazayeri`.
    pub detail: String,
    pub kind: ClaimKind,
    /// The whole annotation.
    pub full_range: TextRange,
    /// `#id`, or the attribute list of a claim without an id. A position in it names the
    /// claim again when the client asks for its calls.
    pub focus_range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Rebuts,
    Supports,
}

/// One edge: the claim at the other end, how the two are related, and where the `#id`
/// references that relate them are written (in the caller's attributes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub claim: ClaimItem,
    pub relation: Relation,
    pub ranges: Vec<TextRange>,
}

/// The claim at `offset`: named by `#id` (its own or a `rebuts=`/`supports=` target), or
/// the innermost annotation around the cursor.
pub fn prepare_call_hierarchy(ws: &Workspace, file: FileId, offset: usize) -> Option<ClaimItem> {
    let idx = claim_at(ws, file, offset)?;
    let source = ws.file(file)?;
    item(&source.model, &source.text, file, idx)
}

/// The claims that rebut or support the claim at `offset`, in document order.
pub fn incoming_calls(ws: &Workspace, file: FileId, offset: usize) -> Vec<Call> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let model = &source.model;
    let Some(id) = claim_at(ws, file, offset)
        .and_then(|idx| model.claims.get(idx))
        .and_then(|claim| claim.id.as_ref())
    else {
        return Vec::new();
    };
    let edges = model
        .references_to(ReferenceKind::Claim, &id.text)
        .filter_map(|(_, reference)| match reference.context {
            ReferenceContext::Rebuts { claim } => Some((claim, Relation::Rebuts, reference.range)),
            ReferenceContext::Supports { claim } => {
                Some((claim, Relation::Supports, reference.range))
            }
            _ => None,
        });
    calls(model, &source.text, file, edges)
}

/// The claims the claim at `offset` rebuts or supports, in the order written.
pub fn outgoing_calls(ws: &Workspace, file: FileId, offset: usize) -> Vec<Call> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let model = &source.model;
    let Some(claim) = claim_at(ws, file, offset).and_then(|idx| model.claims.get(idx)) else {
        return Vec::new();
    };
    let edges = [
        (Role::Rebuts, Relation::Rebuts),
        (Role::Supports, Relation::Supports),
    ]
    .into_iter()
    .flat_map(|(role, relation)| {
        model
            .claim_references(claim, role)
            // A target that names no claim is `undefined-claim`'s business, not a node.
            .filter_map(move |(_, reference)| {
                let (target, _) = model.claim_by_id(&reference.id)?;
                Some((target, relation, reference.range))
            })
    });
    calls(model, &source.text, file, edges)
}

/// One call per claim and relation, with every place the edge is written, in the order
/// first seen (`rebuts=#a supports=#a` are two calls; `rebuts=#a,#a` one with two places).
fn calls(
    model: &FileModel,
    text: &str,
    file: FileId,
    edges: impl Iterator<Item = (usize, Relation, TextRange)>,
) -> Vec<Call> {
    let mut keys: Vec<(usize, Relation)> = Vec::new();
    let mut res: Vec<Call> = Vec::new();
    for (claim, relation, range) in edges {
        if let Some(at) = keys.iter().position(|key| *key == (claim, relation)) {
            res[at].ranges.push(range);
            continue;
        }
        let Some(claim_item) = item(model, text, file, claim) else {
            continue;
        };
        keys.push((claim, relation));
        res.push(Call {
            claim: claim_item,
            relation,
            ranges: vec![range],
        });
    }
    res
}

fn claim_at(ws: &Workspace, file: FileId, offset: usize) -> Option<usize> {
    let model = &ws.file(file)?.model;
    match entity_at(ws, file, offset).map(|occurrence| occurrence.entity) {
        Some(Entity::Claim(_, id)) => return model.claim_by_id(&id).map(|(idx, _)| idx),
        Some(Entity::Definition(..)) => return None,
        None => (),
    }
    // Claims are in document order and nested ones come after their parent: the last
    // one around the cursor is the innermost.
    model
        .claims
        .iter()
        .rposition(|claim| claim.range.contains_inclusive(offset))
}

fn item(model: &FileModel, text: &str, file: FileId, idx: usize) -> Option<ClaimItem> {
    let claim = model.claims.get(idx)?;
    let quoted = preview(&model.claim_text(text, claim));
    let actors = actors(model, claim);
    let (name, focus_range, shown) = match &claim.id {
        Some(id) => (
            format!("#{}", id.text),
            TextRange::new(
                id.range.start.saturating_sub(1) as usize,
                id.range.end as usize,
            ),
            format!(" {quoted}"),
        ),
        None => (quoted, claim.attributes_range, String::new()),
    };
    Some(ClaimItem {
        file,
        name,
        detail: format!("{}{shown}{actors}", claim.kind.as_str()),
        kind: claim.kind,
        full_range: claim.range,
        focus_range,
    })
}

fn actors(model: &FileModel, claim: &Claim) -> String {
    model
        .claim_references(claim, Role::Actor)
        .map(|(_, reference)| format!(" @{}", reference.id))
        .collect()
}
