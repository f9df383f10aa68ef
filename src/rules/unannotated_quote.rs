#![doc = include_str!("../../docs/rules/unannotated-quote.md")]

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use compact_str::CompactString;

use super::quotes::{self, Finding, FindingKind};
use super::{Ctx, Fix};
use crate::model::{DefinitionKind, FileModel};
use crate::text::TextRange;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/unannotated-quote.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let findings = find(ctx);
    if findings.is_empty() {
        return;
    }
    // Built only when there is something to attribute: a registry may hold many actors.
    let names = ActorNames::new(ctx);
    let text = &ctx.file.text;
    for finding in findings {
        let phrase = finding
            .phrase
            .and_then(|range| text.get(range.as_usize()));
        let message = match (finding.kind, phrase) {
            (FindingKind::Quote, Some(phrase)) => format!(
                "this quotation (`{phrase}`) is not annotated: annotate it as a `quote` with the `@actor` whose words these are"
            ),
            (FindingKind::Quote, None) => format!(
                "this quotation of {} words is not annotated: annotate it as a `quote` with the `@actor` whose words these are",
                finding.words
            ),
            (FindingKind::Reported, _) => format!(
                "this reported speech (`{}`) is not annotated: annotate it as a claim with the `@actor` who made it",
                phrase.unwrap_or("")
            ),
        };
        let fix = fix(text, &ctx.file.model, &names, &finding);
        ctx.report(finding.range, message).fix = fix;
    }
}

/// The unannotated speech of the file being checked, in the tables of its language.
pub(crate) fn find(ctx: &Ctx<'_>) -> Vec<Finding> {
    let model = &ctx.file.model;
    let speech = ctx.config.speech();
    let language = speech.language(article_language(model));
    let settings = quotes::Settings {
        min_words: speech.min_words,
        reported_speech: speech.reported_speech,
    };
    quotes::find(&ctx.file.text, model, language, settings, ctx.within)
}

/// The front matter's `language:`.
pub(crate) fn article_language(model: &FileModel) -> Option<&str> {
    let front_matter = model.front_matter.as_ref()?;
    let field = front_matter
        .fields
        .iter()
        .find(|field| field.key.text == "language")?;
    Some(field.value.as_ref()?.text.as_str())
}

/// "Annotate as quote" (or "as claim"): wraps the finding in an annotation with a fresh id
/// and the actor its sentence names, or a bare `@` for completion to fill in.
fn fix(text: &str, model: &FileModel, names: &ActorNames, finding: &Finding) -> Option<Fix> {
    let wrapped = text.get(finding.range.as_usize())?;
    // Brackets inside would nest oddly in the new annotation; the writer decides.
    if wrapped.contains(['[', ']', '{', '}']) {
        return None;
    }
    let (prefix, flag, title) = match finding.kind {
        FindingKind::Quote => ("q", " quote", "Annotate as quote"),
        FindingKind::Reported => ("c", "", "Annotate as claim"),
    };
    let id = fresh_id(model, prefix, wrapped);
    let actor = names.nearest(text, finding);
    let (actor, title) = match actor {
        Some(actor) => (actor.as_str(), format!("{title} by `@{actor}`")),
        None => ("", title.to_owned()),
    };
    Some(Fix {
        title: title.into(),
        range: finding.range,
        replacement: format!("[{wrapped}]{{#{id}{flag} @{actor}}}").into(),
    })
}

/// `q-we-will-never`: the first words of the text, lowercased, with a number when the
/// file already has that id.
fn fresh_id(model: &FileModel, prefix: &str, text: &str) -> String {
    let words: Vec<String> = text
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(3)
        .map(|word| word.chars().take(12).flat_map(char::to_lowercase).collect())
        .collect();
    let base = if words.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}-{}", words.join("-"))
    };
    let mut id = base.clone();
    let mut n = 2;
    while model.claim_ids.contains_key(id.as_str()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The names a sentence may call an actor by: display names, aliases and a person's last
/// name, in one automaton.
struct ActorNames {
    matcher: Option<AhoCorasick>,
    actors: Vec<CompactString>,
}

impl ActorNames {
    fn new(ctx: &Ctx<'_>) -> ActorNames {
        let mut patterns: Vec<String> = Vec::new();
        let mut actors = Vec::new();
        let mut ids: Vec<&str> = ctx.ws.defined_ids(ctx.file_id, DefinitionKind::Actor).collect();
        // The index is a hash map: sort for the same proposal every time.
        ids.sort_unstable();
        for id in ids {
            let Some((_, actor)) = ctx.ws.definition(ctx.file_id, DefinitionKind::Actor, id)
            else {
                continue;
            };
            let display = actor.name.as_ref().map(|name| name.text.as_str());
            let person = actor.field("kind").is_some_and(|kind| kind.text == "person");
            let last_name = display
                .filter(|_| person)
                .and_then(|name| name.split_whitespace().next_back())
                .filter(|last| last.chars().count() >= 3);
            let aliases = actor.fields_named("alias").map(|alias| alias.text.as_str());
            for name in display.into_iter().chain(aliases).chain(last_name) {
                patterns.push(name.to_owned());
                actors.push(actor.id.text.clone());
            }
        }
        // Searched only in the few words around each finding: an automaton quick to
        // build beats one quick to run (a DFA of a 400-actor registry took milliseconds
        // per file checked).
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&patterns)
            .ok();
        ActorNames { matcher, actors }
    }

    /// The actor named in the finding's sentence, before or after the finding and at most
    /// `NEAR` bytes from it (so that a paragraph of many quotations stays linear), nearest
    /// to it.
    fn nearest(&self, text: &str, finding: &Finding) -> Option<&CompactString> {
        let matcher = self.matcher.as_ref()?;
        let (sentence, range) = (finding.sentence, finding.range);
        let before = window(text, sentence.start.max(range.start.saturating_sub(NEAR)), range.start);
        let after = window(text, range.end, sentence.end.min(range.end.saturating_add(NEAR)));
        [before, after]
            .into_iter()
            .flatten()
            .flat_map(|(base, stretch)| {
                matcher
                    .find_iter(stretch)
                    .filter(move |found| {
                        let before = stretch[..found.start()].chars().next_back();
                        let after = stretch[found.end()..].chars().next();
                        !before.is_some_and(char::is_alphanumeric)
                            && !after.is_some_and(char::is_alphanumeric)
                    })
                    .map(move |found| (base + found.start(), found.pattern().as_usize()))
            })
            .min_by_key(|&(offset, _)| distance(range, offset))
            .and_then(|(_, pattern)| self.actors.get(pattern))
    }
}

/// How far from the speech its speaker's name is looked for.
const NEAR: u32 = 300;

/// `text[start..end]` widened to whole characters, with its start.
fn window(text: &str, start: u32, end: u32) -> Option<(usize, &str)> {
    let (mut start, mut end) = (start as usize, (end as usize).min(text.len()));
    while start < end && !text.is_char_boundary(start) {
        start += 1;
    }
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    Some((start, text.get(start..end)?))
}

fn distance(range: TextRange, offset: usize) -> usize {
    let (start, end) = (range.start as usize, range.end as usize);
    if offset < start {
        start - offset
    } else {
        offset.saturating_sub(end)
    }
}
