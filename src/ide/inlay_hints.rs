//! Inlay hints: the display name after a bare `@id`, and the verdict (`status=`) of the
//! claim a `rebuts=#id` names. Off unless the writer turns them on (a setting).

use crate::model::vocabulary::Status;
use crate::model::{DefinitionKind, ReferenceContext, ReferenceKind};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintKind {
    /// An actor's display name.
    Name,
    /// The status of a rebutted claim.
    Verdict,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is drawn: just after the reference.
    pub offset: u32,
    pub label: String,
    pub kind: HintKind,
}

/// The hints of the references that end inside `within`, in document order.
pub fn inlay_hints(ws: &Workspace, file: FileId, within: TextRange) -> Vec<InlayHint> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let model = &source.model;
    let mut res = Vec::new();
    for reference in &model.references {
        let offset = reference.range.end;
        if offset < within.start || offset > within.end {
            continue;
        }
        match (reference.kind, reference.context) {
            (ReferenceKind::Actor, _) => {
                let Some((_, definition)) =
                    ws.definition(file, DefinitionKind::Actor, &reference.id)
                else {
                    continue;
                };
                // A definition without a name shows its id: nothing worth repeating.
                let Some(name) = &definition.name else {
                    continue;
                };
                res.push(InlayHint {
                    offset,
                    label: name.text.to_string(),
                    kind: HintKind::Name,
                });
            }
            (ReferenceKind::Claim, ReferenceContext::Rebuts { .. }) => {
                let Some((_, target)) = model.claim_by_id(&reference.id) else {
                    continue;
                };
                // The default status is what an unmarked claim is: `asserted`.
                let label = match &target.status {
                    Some(status) => status.text.to_string(),
                    None => Status::Asserted.as_str().to_owned(),
                };
                res.push(InlayHint {
                    offset,
                    label,
                    kind: HintKind::Verdict,
                });
            }
            _ => (),
        }
    }
    res
}
