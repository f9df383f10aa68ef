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
    let mut res: Vec<Call> = Vec::new();
    for (_, reference) in model.references_to(ReferenceKind::Claim, &id.text) {
        let (caller, relation) = match reference.context {
            ReferenceContext::Rebuts { claim } => (claim, Relation::Rebuts),
            ReferenceContext::Supports { claim } => (claim, Relation::Supports),
            _ => continue,
        };
        push_call(
            &mut res,
            model,
            &source.text,
            file,
            caller,
            relation,
            reference.range,
        );
    }
    res
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
    let mut res: Vec<Call> = Vec::new();
    for (role, relation) in [
        (Role::Rebuts, Relation::Rebuts),
        (Role::Supports, Relation::Supports),
    ] {
        for (_, reference) in model.claim_references(claim, role) {
            // A target that names no claim is `undefined-claim`'s business, not a node.
            let Some((target, _)) = model.claim_by_id(&reference.id) else {
                continue;
            };
            push_call(
                &mut res,
                model,
                &source.text,
                file,
                target,
                relation,
                reference.range,
            );
        }
    }
    res
}

/// Adds an edge, or the range to the edge already there (`rebuts=#a supports=#a` are two).
fn push_call(
    res: &mut Vec<Call>,
    model: &FileModel,
    text: &str,
    file: FileId,
    claim: usize,
    relation: Relation,
    range: TextRange,
) {
    if let Some(call) = res.iter_mut().find(|call| {
        call.relation == relation
            && model
                .claims
                .get(claim)
                .is_some_and(|c| c.range == call.claim.full_range)
    }) {
        call.ranges.push(range);
        return;
    }
    if let Some(claim) = item(model, text, file, claim) {
        res.push(Call {
            claim,
            relation,
            ranges: vec![range],
        });
    }
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
