#![doc = include_str!("../../docs/rules/unsupported-verdict.md")]

use super::Ctx;
use crate::model::vocabulary::Status;
use crate::model::Role;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/unsupported-verdict.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    // Most articles give no verdicts: then there is nothing to look up.
    if model.claims.iter().all(|claim| claim.status.is_none()) {
        return;
    }
    // The claims something in the file rebuts.
    let answered: foldhash::HashSet<&str> = model
        .claims
        .iter()
        .flat_map(|claim| model.claim_references(claim, Role::Rebuts))
        .map(|(_, reference)| reference.id.as_str())
        .collect();
    for claim in &model.claims {
        let Some(status) = claim.status.as_ref() else {
            continue;
        };
        let verdict = match Status::parse(status.text.as_str()) {
            // No verdict, or none yet.
            None | Some(Status::Asserted | Status::Unverified) => continue,
            Some(_) => status.text.as_str(),
        };
        let sourced = model.claim_has(claim, Role::Source);
        let rebutted = claim
            .id
            .as_ref()
            .is_some_and(|id| answered.contains(id.text.as_str()));
        if sourced || rebutted {
            continue;
        }
        let name = claim
            .id
            .as_ref()
            .map_or_else(|| "this claim".to_owned(), |id| format!("`#{}`", id.text));
        ctx.report(
            status.range,
            format!(
                "{name} has the verdict `{verdict}` but nothing backs it: no rebuttal answers it and it cites no `^source`, so a reader (and a ClaimReview export) gets no evidence"
            ),
        );
    }
}
