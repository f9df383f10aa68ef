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
            let related = capped(others(&ranges, range), ranges.len() - 1, |other, more| {
                let message = format!("`#{id}` is also here{}", more_places(more));
                Related {
                    file,
                    range: other,
                    message,
                }
            });
            ctx.report(range, message).related = related;
        }
    }
}

/// Each diagnostic points at no more than this many other places, and then notes how many
/// more there are: listing every other place made `n` duplicates cost `n²`.
pub(crate) const MAX_RELATED: usize = 5;

/// The first `MAX_RELATED` of `others` (of which there are `total`), the last one
/// counting those left out. `make` gets a place and how many more it stands for.
fn capped<T>(
    others: impl Iterator<Item = T>,
    total: usize,
    mut make: impl FnMut(T, usize) -> Related,
) -> Vec<Related> {
    let shown = total.min(MAX_RELATED);
    others
        .take(shown)
        .enumerate()
        .map(|(idx, other)| {
            let more = if idx + 1 == shown { total - shown } else { 0 };
            make(other, more)
        })
        .collect()
}

fn definitions(ctx: &mut Ctx<'_>, kind: DefinitionKind) {
    for (idx, definition) in ctx.file.model.definitions(kind).iter().enumerate() {
        let locations = ctx.ws.definitions(ctx.file_id, kind, &definition.id.text);
        if locations.len() < 2 {
            continue;
        }
        let others = locations
            .iter()
            .filter(|location| !(location.file == ctx.file_id && location.idx == idx))
            .filter_map(|location| {
                let other_definition = ctx
                    .ws
                    .file_definitions(location.file, kind)
                    .get(location.idx)?;
                Some((location.file, other_definition.id.range))
            });
        // Every output shows a related place's file and line before its message (human
        // and GitHub notes, JSON and SARIF fields, LSP locations): the message does not
        // repeat them.
        let related = capped(others, locations.len() - 1, |(file, range), more| {
            let message = format!(
                "`{}` is also defined here{}",
                definition.id.text,
                more_places(more)
            );
            Related {
                file,
                range,
                message,
            }
        });
        let message = format!(
            "{} `{}` is defined {} times; ids of actors and sources are global to their project",
            kind.noun(),
            definition.id.text,
            locations.len()
        );
        ctx.report(definition.id.range, message).related = related;
    }
}

/// The note on the last place shown: how many are left out.
fn more_places(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => ", and in 1 more place".to_owned(),
        n => format!(", and in {n} more places"),
    }
}

fn with_sigil(range: TextRange) -> TextRange {
    TextRange::new(range.start.saturating_sub(1) as usize, range.end as usize)
}

fn others(ranges: &[TextRange], this: TextRange) -> impl Iterator<Item = TextRange> + '_ {
    ranges.iter().copied().filter(move |&range| range != this)
}
