#![doc = include_str!("../../docs/rules/invalid-field.md")]

use super::dates::{advise, DateAdvice};
use super::{nearest, Ctx, Fix};
use crate::model::vocabulary::{self, FieldSpec, Status, ValueKind};
use crate::model::{DefinitionKind, Field, Name};

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/invalid-field.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    let within = ctx.within;
    if let Some(front_matter) = model.front_matter.as_ref().filter(|f| within.contains(f.range)) {
        fields(
            ctx,
            "the front matter",
            vocabulary::FRONT_MATTER_FIELDS,
            &front_matter.fields,
        );
    }
    for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
        for definition in model.definitions(kind).iter().filter(|d| within.contains(d.range)) {
            if definition.name.is_none() {
                let what = if kind == DefinitionKind::Actor {
                    "display name"
                } else {
                    "title"
                };
                let message = format!(
                    "{} `{}` has no {what}: write it after `]:`",
                    kind.noun(),
                    definition.id.text
                );
                ctx.report(definition.header, message);
            }
            let owner = format!("{} `{}`", kind.noun(), definition.id.text);
            fields(
                ctx,
                &owner,
                vocabulary::definition_fields(kind),
                &definition.fields,
            );
        }
    }
    for claim in within.claims(model) {
        if let Some(status) = &claim.status {
            if Status::parse(&status.text).is_none() {
                let names = Status::ALL.map(Status::as_str);
                choice_error(ctx, status, "status", &names);
            }
        }
        for attribute in &claim.extra {
            match &attribute.value {
                None => unknown_flag(ctx, &attribute.key),
                Some(value) if value.text.is_empty() => {
                    let message = format!(
                        "`{}=` has no value: write `{}=value` or drop it",
                        attribute.key.text, attribute.key.text
                    );
                    ctx.report(attribute.range, message);
                }
                Some(_) => near_miss_key(ctx, &attribute.key),
            }
        }
    }
}

fn fields(ctx: &mut Ctx<'_>, owner: &str, specs: &'static [FieldSpec], fields: &[Field]) {
    for (idx, field) in fields.iter().enumerate() {
        let key = &field.key.text;
        let Some(spec) = vocabulary::find_field(specs, key) else {
            let known: Vec<&str> = specs.iter().map(|spec| spec.key).collect();
            let suggestion = nearest(key, known.iter().copied());
            let message = match suggestion {
                Some(near) => format!("unknown field `{key}` in {owner}; did you mean `{near}`?"),
                None => format!(
                    "unknown field `{key}` in {owner}; known fields: {}",
                    known.join(", ")
                ),
            };
            let diagnostic = ctx.report(field.key.range, message);
            if let Some(near) = suggestion {
                diagnostic.fix = Some(Fix {
                    title: format!("Change to `{near}`").into(),
                    range: field.key.range,
                    replacement: near.to_owned().into(),
                });
            }
            continue;
        };
        if !spec.repeatable && fields[..idx].iter().any(|earlier| earlier.key.text == *key) {
            let message = format!("field `{key}` is given more than once in {owner}");
            ctx.report(field.key.range, message);
            continue;
        }
        let Some(value) = &field.value else {
            ctx.report(
                field.key.range,
                format!("field `{key}` in {owner} has no value"),
            );
            continue;
        };
        value_error(ctx, key, spec.value, value);
    }
}

fn value_error(ctx: &mut Ctx<'_>, key: &str, kind: ValueKind, value: &Name) {
    let text = value.text.as_str();
    match kind {
        ValueKind::Text | ValueKind::List => (),
        ValueKind::Choice(choices) => {
            if !choices.contains(&text) {
                choice_error(ctx, value, key, choices);
            }
        }
        ValueKind::ActorReference => {
            if !text.starts_with('@') {
                let message = format!("`{key}` names an actor: write `@{text}`");
                ctx.report(value.range, message).fix = Some(Fix {
                    title: format!("Change to `@{text}`").into(),
                    range: value.range,
                    replacement: format!("@{text}").into(),
                });
            } else if !crate::model::is_valid_id(&text[1..]) {
                let message = format!("`{text}` is not a valid actor reference");
                ctx.report(value.range, message);
            }
        }
        ValueKind::Date => {
            if !vocabulary::is_iso_date(text) {
                date_error(ctx, value);
            }
        }
        ValueKind::Url => {
            if !vocabulary::is_url(text) {
                let message = format!(
                    "`{text}` is not a URL: write the full address with http:// or https://"
                );
                ctx.report(value.range, message);
            }
        }
        ValueKind::WikidataId => {
            if !vocabulary::is_wikidata_id(text) {
                let message = format!("`{text}` is not a Wikidata id such as `Q42`");
                ctx.report(value.range, message);
            }
        }
    }
}

fn date_error(ctx: &mut Ctx<'_>, value: &Name) {
    let text = value.text.as_str();
    match advise(text) {
        DateAdvice::Convert(iso) => {
            let message = format!("`{text}` is not an ISO 8601 date: write it as {iso}");
            ctx.report(value.range, message).fix = Some(Fix {
                title: format!("Change to `{iso}`").into(),
                range: value.range,
                replacement: iso.into(),
            });
        }
        DateAdvice::NoSuchDate(why) => {
            let message = format!("`{text}` is not a date: {why}");
            ctx.report(value.range, message);
        }
        DateAdvice::Ambiguous(month_first, day_first) => {
            let message = format!(
                "`{text}` is ambiguous: {month_first} if the month comes first, {day_first} if the day does; write the one meant as YYYY-MM-DD"
            );
            ctx.report(value.range, message);
        }
        DateAdvice::Unreadable => {
            let message = format!(
                "`{text}` is not an ISO 8601 date: write it as YYYY-MM-DD, such as 2014-12-03"
            );
            ctx.report(value.range, message);
        }
    }
}

fn choice_error(ctx: &mut Ctx<'_>, value: &Name, key: &str, choices: &[&str]) {
    let text = value.text.as_str();
    let suggestion = nearest(text, choices.iter().copied());
    let message = match suggestion {
        Some(near) => format!("unknown {key} `{text}`; did you mean `{near}`?"),
        None => format!(
            "unknown {key} `{text}`; expected one of {}",
            choices.join(", ")
        ),
    };
    let diagnostic = ctx.report(value.range, message);
    if let Some(near) = suggestion {
        diagnostic.fix = Some(Fix {
            title: format!("Change to `{near}`").into(),
            range: value.range,
            replacement: near.to_owned().into(),
        });
    }
}

/// A bare word among the attributes that the language does not know: a typo of `quote`, or
/// an actor or source id written without its sigil.
fn unknown_flag(ctx: &mut Ctx<'_>, key: &Name) {
    let word = key.text.as_str();
    let (suggestion, replacement) = if !ctx
        .ws
        .definitions(ctx.file_id, DefinitionKind::Actor, word)
        .is_empty()
    {
        (Some(format!("@{word}")), format!("@{word}"))
    } else if !ctx
        .ws
        .definitions(ctx.file_id, DefinitionKind::Source, word)
        .is_empty()
    {
        (Some(format!("^{word}")), format!("^{word}"))
    } else {
        match nearest(word, ["quote"]) {
            Some(near) => (Some(near.to_owned()), near.to_owned()),
            None => (None, String::new()),
        }
    };
    let message = match &suggestion {
        Some(near) => format!("unknown attribute `{word}`; did you mean `{near}`?"),
        None => format!(
            "unknown attribute `{word}`: attributes are `#id`, `@actor`, `^source`, `quote` or `key=value`"
        ),
    };
    let diagnostic = ctx.report(key.range, message);
    if let Some(near) = suggestion {
        diagnostic.fix = Some(Fix {
            title: format!("Change to `{near}`").into(),
            range: key.range,
            replacement: replacement.into(),
        });
    }
}

/// The keys the language gives a meaning to; a free key one typo away from one of them is
/// most likely that key misspelt, and its value would silently mean nothing.
const KNOWN_KEYS: [&str; 3] = ["status", "rebuts", "supports"];

fn near_miss_key(ctx: &mut Ctx<'_>, key: &Name) {
    let word = key.text.as_str();
    let lower = word.to_lowercase();
    // One edit at most, and no part matching: a free key that merely contains a known one
    // (`status-note`, `statuses`) is deliberate.
    let Some(near) = KNOWN_KEYS
        .into_iter()
        .find(|known| *known != word && strsim::damerau_levenshtein(&lower, known) <= 1)
    else {
        return;
    };
    let message =
        format!("unknown attribute `{word}=`, kept as free data; did you mean `{near}=`?");
    ctx.report(key.range, message).fix = Some(Fix {
        title: format!("Change to `{near}`").into(),
        range: key.range,
        replacement: near.to_owned().into(),
    });
}
