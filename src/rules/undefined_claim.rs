#![doc = include_str!("../../docs/rules/undefined-claim.md")]

use super::{nearest, Ctx, Fix};
use crate::model::ReferenceKind;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/undefined-claim.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    for reference in &model.references {
        if reference.kind != ReferenceKind::Claim
            || !ctx.within.contains(reference.range)
            || model.claim_by_id(&reference.id).is_some()
        {
            continue;
        }
        let ids = model
            .claims
            .iter()
            .filter_map(|claim| claim.id.as_ref())
            .map(|id| id.text.as_str());
        let suggestion = nearest(&reference.id, ids);
        let message = match suggestion {
            Some(near) => format!(
                "claim `#{}` is not defined in this file; did you mean `#{near}`?",
                reference.id
            ),
            None => format!(
                "claim `#{}` is not defined in this file: claim ids are local to their file",
                reference.id
            ),
        };
        let diagnostic = ctx.report(reference.range, message);
        if let Some(near) = suggestion {
            diagnostic.fix = Some(Fix {
                title: format!("Change to `#{near}`"),
                range: reference.id_range,
                replacement: near.to_owned(),
            });
        }
    }
}
