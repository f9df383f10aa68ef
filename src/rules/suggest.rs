//! "Did you mean …?": the nearest of a set of ids.

use std::sync::Arc;

use super::{Ctx, Fix};
use crate::model::DefinitionKind;

/// The candidate nearest to `query`, if one is near enough to be a likely typo: a small
/// edit distance, or the query being one whole part of a hyphenated id (`rice` →
/// `susan-rice`).
pub fn nearest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let query_lower = query.to_lowercase();
    let query_chars = query_lower.chars().count();
    let limit = (query.chars().count() / 3).max(1);
    let mut best: Option<(usize, f64, &str)> = None;
    for candidate in candidates {
        if candidate == query {
            continue;
        }
        let candidate_lower = candidate.to_lowercase();
        // The distance is at least the difference in length: skip computing one that
        // cannot be near enough.
        let mut distance = if candidate_lower.chars().count().abs_diff(query_chars) > limit {
            limit + 1
        } else {
            strsim::damerau_levenshtein(&query_lower, &candidate_lower)
        };
        if distance > limit {
            let is_part = candidate_lower
                .split(['-', '_', '.'])
                .any(|part| part == query_lower)
                || (candidate_lower.chars().count() >= 3
                    && query_lower
                        .split(['-', '_', '.'])
                        .any(|part| part == candidate_lower));
            if !is_part {
                continue;
            }
            distance = limit;
        }
        let similarity = strsim::jaro_winkler(&query_lower, &candidate_lower);
        let better = match best {
            None => true,
            Some((best_distance, best_similarity, best_candidate)) => {
                (distance, -similarity, candidate)
                    < (best_distance, -best_similarity, best_candidate)
            }
        };
        if better {
            best = Some((distance, similarity, candidate));
        }
    }
    best.map(|(_, _, candidate)| candidate)
}

/// A message, and a fix's title and replacement.
type Finding = (Arc<str>, Option<(Arc<str>, Arc<str>)>);

/// Reports each `@id` or `^id` of the file that no file of the workspace defines, with the
/// nearest defined id (or the id whose display name or alias has that word) as a fix.
pub(crate) fn undefined_references(ctx: &mut Ctx<'_>, kind: DefinitionKind) {
    // One search, one message and one fix per distinct unknown id, shared by each place
    // that names it: an article may name the same one thousands of times, and formatting
    // them one by one was most of this rule's time (2,635 findings on the flat article).
    let mut found: foldhash::HashMap<&str, Finding> = Default::default();
    let sigil = kind.sigil();
    for reference in ctx.within.references(&ctx.file.model) {
        if reference.kind.definition_kind() != Some(kind)
            || !ctx
                .ws
                .definitions(ctx.file_id, kind, &reference.id)
                .is_empty()
        {
            continue;
        }
        let (message, fix) = found.entry(reference.id.as_str()).or_insert_with(|| {
            let near = nearest(&reference.id, ctx.ws.defined_ids(ctx.file_id, kind))
                .or_else(|| named_by_word(ctx, kind, &reference.id));
            let message = match near {
                Some(near) => format!(
                    "{} `{}` is not defined; did you mean `{near}`?",
                    kind.noun(),
                    reference.id
                ),
                None => format!(
                    "{} `{}` is not defined in the workspace: add `[{sigil}{}]: …` to a `.cdown` file",
                    kind.noun(),
                    reference.id,
                    reference.id
                ),
            };
            let fix = near.map(|near| (format!("Change to `{sigil}{near}`").into(), near.into()));
            (message.into(), fix)
        });
        let (message, fix) = (message.clone(), fix.clone());
        let diagnostic = ctx.report_shared(reference.range, message);
        if let Some((title, replacement)) = fix {
            diagnostic.fix = Some(Fix {
                title,
                range: reference.id_range,
                replacement,
            });
        }
    }
}

/// The id of the definition whose display name or alias contains `word` as a whole word.
fn named_by_word<'a>(ctx: &Ctx<'a>, kind: DefinitionKind, word: &str) -> Option<&'a str> {
    let word = word.to_lowercase();
    let ws = ctx.ws;
    let from = ctx.file_id;
    let mut res: Vec<&'a str> = ws
        .defined_ids(from, kind)
        .filter(|id| {
            let Some((_, definition)) = ws.definition(from, kind, id) else {
                return false;
            };
            std::iter::once(definition.display_name())
                .chain(
                    definition
                        .fields_named("alias")
                        .map(|alias| alias.text.as_str()),
                )
                .any(|name| {
                    name.to_lowercase()
                        .split(|ch: char| !ch.is_alphanumeric())
                        .any(|part| part == word)
                })
        })
        .collect();
    res.sort_unstable();
    res.first().copied()
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn typos_and_parts() {
        let ids = ["jazayeri", "susan-rice", "fna", "western-media"];
        assert_eq!(nearest("jazayery", ids), Some("jazayeri"));
        assert_eq!(nearest("rice", ids), Some("susan-rice"));
        assert_eq!(nearest("fan", ids), Some("fna"));
        assert_eq!(nearest("western-meda", ids), Some("western-media"));
        assert_eq!(nearest("fna-agency", ids), Some("fna"));
        assert_eq!(nearest("zzz", ids), None);
        assert_eq!(nearest("jazayeri", ids), None);
    }
}
