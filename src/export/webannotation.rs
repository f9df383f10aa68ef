//! `webannotation`: W3C Web Annotation JSON-LD, one annotation per claim, targeting the
//! article (its front matter `url`, or its `file:` URI) with a `TextQuoteSelector` and a
//! `TextPositionSelector` over the article's plain text (see [`super::ArticleText`]).

use serde_json::{json, Value};

use super::{
    articles, explicit_status, file_uri, front_field, resolved_claims, resolved_definitions,
    ArticleText, Input,
};
use crate::model::vocabulary::is_url;
use crate::model::{Claim, DefinitionKind, Role};
use crate::workspace::{SourceFile, Workspace};

pub(super) fn export(input: &Input<'_>) -> Value {
    let mut annotations = Vec::new();
    for (_, file) in articles(input) {
        let target =
            match front_field(file.model.front_matter.as_ref(), "url").filter(|url| is_url(url)) {
                Some(url) => url.split('#').next().unwrap_or(url).to_owned(),
                None => file_uri(&file.path, input.cwd),
            };
        let text = ArticleText::new(file);
        for (claim_idx, claim) in file.model.claims.iter().enumerate() {
            annotations.push(annotation(input.ws, file, &text, &target, claim_idx, claim));
        }
    }
    Value::Array(annotations)
}

/// The annotation's IRI: the target with a fragment naming the claim.
fn annotation_id(target: &str, file: &SourceFile, claim_idx: usize) -> String {
    match file
        .model
        .claims
        .get(claim_idx)
        .and_then(|claim| claim.id.as_ref())
    {
        Some(id) => format!(
            "{target}#claim={}",
            crate::path_uri::encode_segment(id.text.as_bytes())
        ),
        None => format!("{target}#claim-index={}", claim_idx + 1),
    }
}

fn annotation(
    ws: &Workspace,
    file: &SourceFile,
    text: &ArticleText,
    target: &str,
    claim_idx: usize,
    claim: &Claim,
) -> Value {
    let mut body = vec![
        json!({ "type": "TextualBody", "purpose": "classifying", "value": claim.kind.as_str() }),
    ];
    let actors = resolved_definitions(ws, file, claim, DefinitionKind::Actor);
    let sources = resolved_definitions(ws, file, claim, DefinitionKind::Source);
    if !actors.is_empty() || !sources.is_empty() {
        let names: Vec<&str> = actors
            .iter()
            .map(|(_, actor)| actor.display_name())
            .collect();
        let titles: Vec<&str> = sources
            .iter()
            .map(|(_, source)| source.display_name())
            .collect();
        let mut parts = Vec::new();
        if !names.is_empty() {
            parts.push(format!("Attributed to {}.", names.join(", ")));
        }
        if !titles.is_empty() {
            parts.push(format!("Source: {}.", titles.join("; ")));
        }
        let description = parts.join(" ");
        body.push(json!({ "type": "TextualBody", "purpose": "describing", "value": description }));
    }
    for (_, source) in &sources {
        let url = ["url", "archived"]
            .into_iter()
            .filter_map(|key| source.field(key).map(|url| url.text.trim()))
            .find(|url| is_url(url));
        if let Some(url) = url {
            body.push(json!({ "id": url, "purpose": "linking" }));
        }
    }
    if let Some(status) = explicit_status(claim) {
        body.push(
            json!({ "type": "TextualBody", "purpose": "assessing", "value": status.as_str() }),
        );
    }
    for (role, relation) in [(Role::Rebuts, "Rebuts"), (Role::Supports, "Supports")] {
        for target_idx in resolved_claims(file, claim, role) {
            let Some(target_id) = file
                .model
                .claims
                .get(target_idx)
                .and_then(|target| target.id.as_ref())
            else {
                continue;
            };
            let value = format!("{relation} claim #{}.", target_id.text);
            body.push(json!({ "type": "TextualBody", "purpose": "describing", "value": value }));
            body.push(
                json!({ "purpose": "linking", "id": annotation_id(target, file, target_idx) }),
            );
        }
    }
    let mut selectors = Vec::new();
    if let Some(quote) = text.locate(file, claim) {
        selectors.push(json!({
            "type": "TextQuoteSelector",
            "exact": quote.exact,
            "prefix": quote.prefix,
            "suffix": quote.suffix,
        }));
        selectors.push(
            json!({ "type": "TextPositionSelector", "start": quote.start, "end": quote.end }),
        );
    }
    let motivation = match explicit_status(claim) {
        Some(_) => "assessing",
        None => "classifying",
    };
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": annotation_id(target, file, claim_idx),
        "type": "Annotation",
        "motivation": motivation,
        "body": body,
        "target": match selectors.is_empty() {
            true => json!(target),
            false => json!({ "source": target, "selector": selectors }),
        },
    })
}
