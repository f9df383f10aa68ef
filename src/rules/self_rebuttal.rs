#![doc = include_str!("../../docs/rules/self-rebuttal.md")]

use super::Ctx;
use crate::model::Role;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/self-rebuttal.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    for claim in &model.claims {
        let mut actors = model.claim_references(claim, Role::Actor).map(|(_, r)| &r.id);
        if actors.next().is_none() {
            continue;
        }
        for (_, target_ref) in model.claim_references(claim, Role::Rebuts) {
            let Some((_, target)) = model.claim_by_id(&target_ref.id) else {
                continue;
            };
            let shared = model
                .claim_references(claim, Role::Actor)
                .map(|(_, r)| &r.id)
                .find(|id| {
                    model
                        .claim_references(target, Role::Actor)
                        .any(|(_, other)| other.id == **id)
                });
            if let Some(actor) = shared {
                let own = claim
                    .id
                    .as_ref()
                    .map(|id| format!("`#{}` ", id.text))
                    .unwrap_or_default();
                let message = format!(
                    "{own}rebuts `#{}`, which is also attributed to `@{actor}`: an actor rebutting their own claim is often a mis-attribution",
                    target_ref.id
                );
                ctx.report(target_ref.range, message);
            }
        }
    }
}
