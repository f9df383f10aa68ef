#![doc = include_str!("../../docs/rules/duplicate-id.md")]

use foldhash::{HashMap, HashSet};

use super::{Ctx, Related};
use crate::model::DefinitionKind;
use crate::text::TextRange;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/duplicate-id.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    claims(ctx);
    for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
        definitions(ctx, kind);
    }
}

fn claims(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    // `claim_ids` holds the first claim of each id: any other claim with that id repeats
    // it. Most files have none, and are done with one lookup per claim.
    let repeated: HashSet<&str> = model
        .claims
        .iter()
        .enumerate()
        .filter_map(|(idx, claim)| {
            let id = claim.id.as_ref()?;
            (model.claim_ids.get(id.text.as_str()) != Some(&idx)).then_some(id.text.as_str())
        })
        .collect();
    if repeated.is_empty() {
        return;
    }
    let mut places: HashMap<&str, Vec<TextRange>> = HashMap::default();
    for claim in &model.claims {
        if let Some(id) = claim
            .id
            .as_ref()
            .filter(|id| repeated.contains(id.text.as_str()))
        {
            places
                .entry(id.text.as_str())
                .or_default()
                .push(with_sigil(id.range));
        }
    }
    let mut duplicates: Vec<(&str, Vec<TextRange>)> = places
        .into_iter()
        .filter(|(_, ranges)| ranges.len() > 1)
        .collect();
    duplicates.sort_by_key(|(_, ranges)| ranges[0]);
    let file = ctx.file_id;
    for (id, ranges) in duplicates {
        for &range in &ranges {
            let message = format!(
                "claim id `#{id}` is used {} times in this file",
                ranges.len()
            );
            let related = others(&ranges, range)
                .map(|other| Related {
                    file,
                    range: other,
                    message: format!("`#{id}` is also here"),
                })
                .collect();
            ctx.report(range, message).related = related;
        }
    }
}

fn definitions(ctx: &mut Ctx<'_>, kind: DefinitionKind) {
    for (idx, definition) in ctx.file.model.definitions(kind).iter().enumerate() {
        let locations = ctx.ws.definitions(kind, &definition.id.text);
        if locations.len() < 2 {
            continue;
        }
        let mut related = Vec::new();
        for location in locations {
            if location.file == ctx.file_id && location.idx == idx {
                continue;
            }
            let Some(other) = ctx.ws.file(location.file) else {
                continue;
            };
            let Some(other_definition) = other.model.definitions(kind).get(location.idx) else {
                continue;
            };
            let line = other
                .line_index
                .line_of(other_definition.id.range.start as usize)
                + 1;
            related.push(Related {
                file: location.file,
                range: other_definition.id.range,
                message: format!(
                    "`{}` is also defined here ({}:{line})",
                    definition.id.text,
                    other.path.display()
                ),
            });
        }
        let message = format!(
            "{} `{}` is defined {} times; ids of actors and sources are global to the workspace",
            kind.noun(),
            definition.id.text,
            locations.len()
        );
        ctx.report(definition.id.range, message).related = related;
    }
}

fn with_sigil(range: TextRange) -> TextRange {
    TextRange::new(range.start.saturating_sub(1) as usize, range.end as usize)
}

fn others(ranges: &[TextRange], this: TextRange) -> impl Iterator<Item = TextRange> + '_ {
    ranges.iter().copied().filter(move |&range| range != this)
}
