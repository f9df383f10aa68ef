#![doc = include_str!("../../docs/rules/undefined-claim.md")]

use super::{nearest, Ctx, Fix};
use crate::model::ReferenceKind;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/undefined-claim.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    // One search per distinct unknown id.
    let mut suggestions: foldhash::HashMap<&str, Option<&str>> = Default::default();
    for reference in ctx.within.references(model) {
        if reference.kind != ReferenceKind::Claim || model.claim_by_id(&reference.id).is_some() {
            continue;
        }
        let suggestion = *suggestions.entry(reference.id.as_str()).or_insert_with(|| {
            let ids = model
                .claims
                .iter()
                .filter_map(|claim| claim.id.as_ref())
                .map(|id| id.text.as_str());
            nearest(&reference.id, ids)
        });
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
                title: format!("Change to `#{near}`").into(),
                range: reference.id_range,
                replacement: near.to_owned().into(),
            });
        }
    }
}
