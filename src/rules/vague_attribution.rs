#![doc = include_str!("../../docs/rules/vague-attribution.md")]

use super::unannotated_quote::article_language;
use super::Ctx;
use crate::model::vocabulary::VAGUE_ACTOR_KINDS;
use crate::model::{Claim, DefinitionKind, Role};
use crate::workspace::{FileId, Workspace};

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/vague-attribution.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    let language = ctx.config.speech().language(article_language(model));
    for claim in &model.claims {
        let vague_actors = vague_actors(ctx, claim);
        let actors = model.claim_references(claim, Role::Actor).count();
        let sourced = model.claim_has(claim, Role::Source);
        let what = match &claim.id {
            Some(id) => format!("{} `#{}`", claim.kind.as_str(), id.text),
            None => format!("this {}", claim.kind.as_str()),
        };
        // Some actor a reader can look up: the claim is specifically attributed.
        if actors > vague_actors.len() {
            continue;
        }
        if !vague_actors.is_empty() && !sourced {
            let actors: Vec<String> = vague_actors
                .iter()
                .map(|(actor, kind)| format!("`@{actor}` (kind `{kind}`)"))
                .collect();
            let message = format!(
                "{what} is attributed only to {} and cites no `^source`: a reader cannot check who said it or where",
                actors.join(" and ")
            );
            ctx.report(claim.attributes_range, message);
            continue;
        }
        // No actor and no source is `unattributed-claim`'s finding.
        if actors == 0 && !sourced {
            continue;
        }
        let span = model.claim_text(&ctx.file.text, claim);
        let Some(phrase) = language.vague_in(&span) else {
            continue;
        };
        let message = format!(
            "{what} says `{phrase}` but names no one who said it: a reader cannot check a claim whose speaker the article does not name; attribute it to a specific `@actor` or say in the text who the sources are"
        );
        ctx.report(claim.span, message);
    }
}

/// The claim's actors whose `kind` names no one in particular, with that kind.
fn vague_actors<'a>(ctx: &Ctx<'a>, claim: &Claim) -> Vec<(&'a str, &'a str)> {
    let model = &ctx.file.model;
    model
        .claim_references(claim, Role::Actor)
        .filter_map(|(_, reference)| {
            let (id, kind) = is_vague_actor(ctx.ws, ctx.file_id, &reference.id)?;
            Some((id, kind))
        })
        .collect()
}

/// The actor's id and kind when its `kind` names no one in particular (`anonymous`,
/// `group`); an undefined actor or one without a kind is not vague.
pub fn is_vague_actor<'a>(
    ws: &'a Workspace,
    file_id: FileId,
    id: &str,
) -> Option<(&'a str, &'a str)> {
    let (_, actor) = ws.definition(file_id, DefinitionKind::Actor, id)?;
    let kind = actor.field("kind")?.text.as_str();
    if !VAGUE_ACTOR_KINDS.contains(&kind) {
        return None;
    }
    Some((actor.id.text.as_str(), kind))
}
