#![doc = include_str!("../../docs/rules/unattributed-claim.md")]

use super::Ctx;
use crate::model::ClaimKind;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/unattributed-claim.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for claim in &ctx.file.model.claims {
        let what = match (&claim.id, claim.kind) {
            (Some(id), kind) => format!("{} `#{}`", kind.as_str(), id.text),
            (None, kind) => format!("this {}", kind.as_str()),
        };
        if claim.actors.is_empty() && claim.sources.is_empty() {
            let message = format!("{what} is attributed to no one: add an `@actor` or a `^source`");
            ctx.report(claim.attributes_range, message);
        } else if claim.quote && claim.actors.is_empty() {
            let noun = if claim.kind == ClaimKind::Quote {
                what
            } else {
                format!("{what} (a quote)")
            };
            let message = format!(
                "{noun} has a source but no speaker: add the `@actor` whose words these are"
            );
            ctx.report(claim.attributes_range, message);
        }
    }
}
