#![doc = include_str!("../../docs/rules/unattributed-claim.md")]

use super::{Ctx, Related};
use crate::model::{Claim, ClaimKind, FileModel};

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/unattributed-claim.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    for claim in &model.claims {
        let what = match (&claim.id, claim.kind) {
            (Some(id), kind) => format!("{} `#{}`", kind.as_str(), id.text),
            (None, kind) => format!("this {}", kind.as_str()),
        };
        let message = if claim.actors.is_empty() && claim.sources.is_empty() {
            format!("{what} is attributed to no one: add an `@actor` or a `^source`")
        } else if claim.quote && claim.actors.is_empty() {
            let noun = if claim.kind == ClaimKind::Quote {
                what
            } else {
                format!("{what} (a quote)")
            };
            format!("{noun} has a source but no speaker: add the `@actor` whose words these are")
        } else {
            continue;
        };
        let related = targets(ctx, model, claim);
        ctx.report(claim.attributes_range, message).related = related;
    }
}

/// The claims a rebuttal contradicts: whoever reads the finding wants to see what it answers.
fn targets(ctx: &Ctx<'_>, model: &FileModel, claim: &Claim) -> Vec<Related> {
    claim
        .rebuts
        .iter()
        .filter_map(|&idx| model.references.get(idx))
        .filter_map(|reference| {
            let (_, target) = model.claim_by_id(&reference.id)?;
            Some(Related {
                file: ctx.file_id,
                range: target.range,
                message: format!("the claim `#{}` it rebuts", reference.id),
            })
        })
        .collect()
}
