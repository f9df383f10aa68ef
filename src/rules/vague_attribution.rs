#![doc = include_str!("../../docs/rules/vague-attribution.md")]

use super::unannotated_quote::article_language;
use foldhash::HashMap;

use super::Ctx;
use crate::model::vocabulary::VAGUE_ACTOR_KINDS;
use crate::model::{Claim, DefinitionKind, Role};
use crate::workspace::{FileId, Workspace};

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/vague-attribution.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    let language = ctx.config.speech().language(article_language(model));
    // Each actor the claims name is looked up once, and its kind kept when it is vague: a
    // set of all the project's vague actors cost every file of a project a lookup of each
    // of its actors (2% of `check` of 2,000 files sharing a registry of 400).
    let (ws, file_id) = (ctx.ws, ctx.file_id);
    let mut vague_kinds: HashMap<&str, Option<&str>> = HashMap::default();
    for claim in ctx.within.claims(model) {
        let mut actors = model.claim_references(claim, Role::Actor).peekable();
        let has_actor = actors.peek().is_some();
        let sourced = model.claim_has(claim, Role::Source);
        // No actor and no source is `unattributed-claim`'s finding.
        if !has_actor && !sourced {
            continue;
        }
        // Some actor a reader can look up: the claim is specifically attributed.
        let mut kind_of = |id| {
            *vague_kinds
                .entry(id)
                .or_insert_with(|| is_vague_actor(ws, file_id, id).map(|(_, kind)| kind))
        };
        if actors.any(|(_, actor)| kind_of(actor.id.as_str()).is_none()) {
            continue;
        }
        if has_actor && !sourced {
            // Every actor of the claim was found vague just above: their kinds are known.
            let actors: Vec<String> = model
                .claim_references(claim, Role::Actor)
                .filter_map(|(_, actor)| {
                    let kind = vague_kinds.get(actor.id.as_str()).copied().flatten()?;
                    Some(format!("`@{}` (kind `{kind}`)", actor.id))
                })
                .collect();
            let message = format!(
                "{} is attributed only to {} and cites no `^source`: a reader cannot check who said it or where",
                what(claim),
                actors.join(" and ")
            );
            ctx.report(claim.attributes_range, message);
            continue;
        }
        // The span as written: a phrase is rarely cut by markup, and copying the plain
        // text of every claim would cost more than the search.
        let span = ctx.file.text.get(claim.span.as_usize()).unwrap_or("");
        let Some(phrase) = language.vague_in(span) else {
            continue;
        };
        let message = format!(
            "{} says `{phrase}` but names no one who said it: a reader cannot check a claim whose speaker the article does not name; attribute it to a specific `@actor` or say in the text who the sources are",
            what(claim)
        );
        ctx.report(claim.span, message);
    }
}

fn what(claim: &Claim) -> String {
    match &claim.id {
        Some(id) => format!("{} `#{}`", claim.kind.as_str(), id.text),
        None => format!("this {}", claim.kind.as_str()),
    }
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
