#![doc = include_str!("../../docs/rules/unattributed-claim.md")]

use super::{Ctx, Related};
use crate::model::{Claim, ClaimKind, FileModel, Role};

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/unattributed-claim.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    for claim in ctx.within.claims(model) {
        let has_actor = model.claim_has(claim, Role::Actor);
        if has_actor || (!claim.quote && model.claim_has(claim, Role::Source)) {
            continue;
        }
        let what = match (&claim.id, claim.kind) {
            (Some(id), kind) => format!("{} `#{}`", kind.as_str(), id.text),
            (None, kind) => format!("this {}", kind.as_str()),
        };
        let message = if !model.claim_has(claim, Role::Source) {
            format!("{what} is attributed to no one: add an `@actor` or a `^source`")
        } else {
            let noun = if claim.kind == ClaimKind::Quote {
                what
            } else {
                format!("{what} (a quote)")
            };
            format!("{noun} has a source but no speaker: add the `@actor` whose words these are")
        };
        let related = targets(ctx, model, claim);
        ctx.report(claim.attributes_range, message).related = related;
    }
}

/// The claims a rebuttal contradicts: whoever reads the finding wants to see what it answers.
fn targets(ctx: &Ctx<'_>, model: &FileModel, claim: &Claim) -> Vec<Related> {
    model
        .claim_references(claim, Role::Rebuts)
        .filter_map(|(_, reference)| {
            let (_, target) = model.claim_by_id(&reference.id)?;
            Some(Related {
                file: ctx.file_id,
                range: target.range,
                message: format!("the claim `#{}` it rebuts", reference.id),
            })
        })
        .collect()
}
