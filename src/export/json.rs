//! `json`: the full model, described by `docs/schema/claimdown-export.schema.json`.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::{
    actor_id, articles, explicit_status, front_field, range_json, resolved_claims,
    resolved_definitions, Input,
};
use crate::model::vocabulary::{self, Status};
use crate::model::{Claim, Definition, DefinitionKind, FrontMatter, ReferenceKind, Role};
use crate::rules::Coverage;
use crate::workspace::{SourceFile, Workspace};

/// The version of the export's shape; it changes only when a field changes meaning or goes.
pub const VERSION: u32 = 1;

pub(super) fn export(input: &Input<'_>) -> Value {
    let mut articles_json = Vec::new();
    // Actors and sources to export, by id: those the files define or refer to.
    let mut actor_ids: BTreeSet<String> = BTreeSet::new();
    let mut source_ids: BTreeSet<String> = BTreeSet::new();
    // Ids resolve in the project of the files exported (the first file's, if several).
    let mut project = None;
    for (id, file) in articles(input) {
        project.get_or_insert_with(|| input.ws.project_of_file(&file.path));
        let mut article = article(input.ws, file);
        if let Some(figures) = input.coverage.and_then(|coverage| coverage.get(&id)) {
            article["coverage"] = Value::Object(coverage_json(figures));
        }
        articles_json.push(article);
        actor_ids.extend(
            file.model
                .actors
                .iter()
                .map(|actor| actor.id.text.to_string()),
        );
        source_ids.extend(
            file.model
                .sources
                .iter()
                .map(|source| source.id.text.to_string()),
        );
        for reference in &file.model.references {
            match reference.kind {
                ReferenceKind::Actor => actor_ids.insert(reference.id.to_string()),
                ReferenceKind::Source => source_ids.insert(reference.id.to_string()),
                ReferenceKind::Claim => false,
            };
        }
    }
    let project = project.unwrap_or_default();
    // Sources name their publishers and actors their affiliations: follow them.
    for id in &source_ids {
        let publisher = input
            .ws
            .definition_in(project, DefinitionKind::Source, id)
            .and_then(|(_, source)| source.field("publisher"));
        if let Some(publisher) = publisher {
            actor_ids.insert(actor_id(&publisher.text).to_owned());
        }
    }
    let mut pending: Vec<String> = actor_ids.iter().cloned().collect();
    while let Some(id) = pending.pop() {
        let affiliation = input
            .ws
            .definition_in(project, DefinitionKind::Actor, &id)
            .and_then(|(_, actor)| actor.field("affiliation"));
        let Some(affiliation) = affiliation else {
            continue;
        };
        let affiliation = actor_id(&affiliation.text).to_owned();
        if actor_ids.insert(affiliation.clone()) {
            pending.push(affiliation);
        }
    }
    let actors: Vec<Value> = actor_ids
        .iter()
        .filter_map(|id| input.ws.definition_in(project, DefinitionKind::Actor, id))
        .filter_map(|(file_id, actor)| Some(definition(input.ws.file(file_id)?, actor)))
        .collect();
    let sources: Vec<Value> = source_ids
        .iter()
        .filter_map(|id| input.ws.definition_in(project, DefinitionKind::Source, id))
        .filter_map(|(file_id, source)| Some(definition(input.ws.file(file_id)?, source)))
        .collect();
    json!({
        "format": "claimdown-export",
        "version": VERSION,
        "articles": articles_json,
        "actors": actors,
        "sources": sources,
    })
}

fn article(ws: &Workspace, file: &SourceFile) -> Value {
    let headings: Vec<Value> = file
        .model
        .headings
        .iter()
        .map(|heading| {
            json!({
                "level": heading.level,
                "title": heading.title,
                "range": range_json(file, heading.range),
                "parent": heading.parent,
            })
        })
        .collect();
    let claims: Vec<Value> = file
        .model
        .claims
        .iter()
        .map(|claim| claim_json(ws, file, claim))
        .collect();
    let mut article = json!({
        "file": file.path.display().to_string(),
        "front_matter": file.model.front_matter.as_ref().map(|front_matter| front_matter_json(file, front_matter)),
        "headings": headings,
        "claims": claims,
    });
    crate::path_uri::add_exact_uri(&mut article, &file.path);
    article
}

/// The coverage figures of a file (or a total), as `claimdown stats --format json` and
/// the export print them; shares are fractions with three decimals.
pub fn coverage_json(figures: &Coverage) -> Map<String, Value> {
    let share = |part: usize| match figures.annotations() {
        0 => Value::Null,
        all => json!(((part as f64 / all as f64) * 1000.0).round() / 1000.0),
    };
    let value = json!({
        "claims": figures.claims,
        "quotes": figures.quotes,
        "rebuttals": figures.rebuttals,
        "attributed": figures.attributed,
        "attributed_share": share(figures.attributed),
        "sourced": figures.sourced,
        "sourced_share": share(figures.sourced),
        "unannotated_quotes": figures.unannotated_quotes,
        "vague_attributions": figures.vague_attributions,
        "actors": figures.actors,
        "sources": figures.sources,
        "deepest_rebuttal_chain": figures.deepest_rebuttal_chain,
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn front_matter_json(file: &SourceFile, front_matter: &FrontMatter) -> Value {
    let mut res = Map::new();
    let mut extra = Map::new();
    for field in &front_matter.fields {
        let key = field.key.text.as_str();
        if res.contains_key(key) {
            continue;
        }
        let Some(value) = front_field(Some(front_matter), key) else {
            continue;
        };
        match key {
            "tags" => {
                let tags: Vec<&str> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|tag| !tag.is_empty())
                    .collect();
                res.insert("tags".to_owned(), json!(tags));
            }
            "outlet" => {
                res.insert("outlet".to_owned(), json!(actor_id(value)));
            }
            _ if vocabulary::find_field(vocabulary::FRONT_MATTER_FIELDS, key).is_some() => {
                res.insert(key.to_owned(), json!(value));
            }
            _ => {
                extra.entry(key.to_owned()).or_insert_with(|| json!(value));
            }
        }
    }
    res.insert("extra".to_owned(), Value::Object(extra));
    res.insert("range".to_owned(), range_json(file, front_matter.range));
    Value::Object(res)
}

fn claim_json(ws: &Workspace, file: &SourceFile, claim: &Claim) -> Value {
    let ids = |indices: Vec<usize>| -> Vec<&str> {
        indices
            .into_iter()
            .filter_map(|idx| Some(file.model.claims.get(idx)?.id.as_ref()?.text.as_str()))
            .collect()
    };
    let actors: Vec<&str> = resolved_definitions(ws, file, claim, DefinitionKind::Actor)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let sources: Vec<&str> = resolved_definitions(ws, file, claim, DefinitionKind::Source)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut attributes = Map::new();
    for attribute in &claim.extra {
        let value = match &attribute.value {
            Some(value) => json!(value.text),
            None => json!(true),
        };
        attributes
            .entry(attribute.key.text.clone())
            .or_insert(value);
    }
    json!({
        "id": claim.id.as_ref().map(|id| id.text.as_str()),
        "kind": claim.kind.as_str(),
        "quote": claim.quote,
        "block": claim.block,
        "text": file.model.claim_text(&file.text, claim),
        "range": range_json(file, claim.range),
        "span": range_json(file, claim.span),
        "actors": actors,
        "sources": sources,
        "status": explicit_status(claim).unwrap_or(Status::Asserted).as_str(),
        "rebuts": ids(resolved_claims(file, claim, Role::Rebuts)),
        "supports": ids(resolved_claims(file, claim, Role::Supports)),
        "attributes": attributes,
        "parent": claim.parent,
        "heading": claim.heading,
    })
}

fn definition(file: &SourceFile, definition: &Definition) -> Value {
    let mut res = Map::new();
    res.insert("id".to_owned(), json!(definition.id.text));
    let name_key = match definition.kind {
        DefinitionKind::Actor => "name",
        DefinitionKind::Source => "title",
    };
    res.insert(name_key.to_owned(), json!(definition.display_name()));
    let specs = vocabulary::definition_fields(definition.kind);
    let mut extra = Map::new();
    let mut aliases = Vec::new();
    for field in &definition.fields {
        let key = field.key.text.as_str();
        let Some(value) = field.value.as_ref().map(|value| value.text.trim()) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match vocabulary::find_field(specs, key) {
            Some(spec) if spec.repeatable => aliases.push(value),
            Some(spec) if spec.value == vocabulary::ValueKind::ActorReference => {
                res.entry(key.to_owned())
                    .or_insert_with(|| json!(actor_id(value)));
            }
            Some(_) => {
                res.entry(key.to_owned()).or_insert_with(|| json!(value));
            }
            None => {
                extra.entry(key.to_owned()).or_insert_with(|| json!(value));
            }
        }
    }
    if definition.kind == DefinitionKind::Actor {
        res.insert("aliases".to_owned(), json!(aliases));
    }
    res.insert("extra".to_owned(), Value::Object(extra));
    res.insert("file".to_owned(), json!(file.path.display().to_string()));
    res.insert("range".to_owned(), range_json(file, definition.range));
    let mut res = Value::Object(res);
    crate::path_uri::add_exact_uri(&mut res, &file.path);
    res
}
