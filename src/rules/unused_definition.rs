#![doc = include_str!("../../docs/rules/unused-definition.md")]

use super::Ctx;
use crate::model::DefinitionKind;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/unused-definition.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
        for definition in ctx.file.model.definitions(kind) {
            if ctx.ws.is_referenced(ctx.file_id, kind, &definition.id.text) {
                continue;
            }
            let message = format!(
                "{} `{}` is defined but nothing refers to it",
                kind.noun(),
                definition.id.text
            );
            ctx.report(definition.header, message).unnecessary = true;
        }
    }
}
