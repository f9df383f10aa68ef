#![doc = include_str!("../../docs/rules/undefined-source.md")]

use super::{suggest, Ctx};
use crate::model::DefinitionKind;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/undefined-source.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    suggest::undefined_references(ctx, DefinitionKind::Source);
}
