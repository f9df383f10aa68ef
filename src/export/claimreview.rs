//! `claimreview`: schema.org `ClaimReview` JSON-LD, as fact-checkers publish for search
//! engines. One document per article that has claims with a verdict (`status=` other than
//! `asserted`), each review in the document's `@graph`.

use serde_json::{json, Map, Value};

use super::{actor_id, articles, explicit_status, front_field, resolved_definitions, Input};
use crate::model::vocabulary::{is_iso_date, is_url, is_wikidata_id, Status};
use crate::model::{Claim, Definition, DefinitionKind, FrontMatter};
use crate::workspace::{ProjectId, SourceFile, Workspace};

pub(super) fn export(input: &Input<'_>) -> Value {
    let mut documents = Vec::new();
    for (_, file) in articles(input) {
        let front_matter = file.model.front_matter.as_ref();
        let reviews: Vec<Value> = file
            .model
            .claims
            .iter()
            .filter_map(|claim| match explicit_status(claim) {
                None | Some(Status::Asserted) => None,
                Some(status) => Some(review(input.ws, file, front_matter, claim, status)),
            })
            .collect();
        if reviews.is_empty() {
            continue;
        }
        documents.push(json!({ "@context": "https://schema.org", "@graph": reviews }));
    }
    Value::Array(documents)
}

fn review(
    ws: &Workspace,
    file: &SourceFile,
    front_matter: Option<&FrontMatter>,
    claim: &Claim,
    status: Status,
) -> Value {
    let mut res = Map::new();
    res.insert("@type".to_owned(), json!("ClaimReview"));
    if let Some(url) = front_field(front_matter, "url").filter(|url| is_url(url)) {
        let base = url.split('#').next().unwrap_or(url);
        let url = match &claim.id {
            Some(id) => format!("{base}#{}", id.text),
            None => base.to_owned(),
        };
        res.insert("url".to_owned(), json!(url));
    }
    res.insert(
        "claimReviewed".to_owned(),
        json!(file.model.claim_text(&file.text, claim)),
    );
    if let Some(published) = front_field(front_matter, "published").filter(|date| is_iso_date(date))
    {
        res.insert("datePublished".to_owned(), json!(published));
    }
    let project = ws.project_of_file(&file.path);
    let outlet = front_field(front_matter, "outlet")
        .and_then(|id| ws.definition_in(project, DefinitionKind::Actor, actor_id(id)));
    match (outlet, front_field(front_matter, "author")) {
        (Some((_, outlet)), _) => {
            res.insert("author".to_owned(), actor(ws, project, outlet));
        }
        (None, Some(author)) => {
            res.insert(
                "author".to_owned(),
                json!({ "@type": "Person", "name": author }),
            );
        }
        (None, None) => (),
    }

    let mut item = Map::new();
    item.insert("@type".to_owned(), json!("Claim"));
    let authors: Vec<Value> = resolved_definitions(ws, file, claim, DefinitionKind::Actor)
        .into_iter()
        .map(|(_, definition)| actor(ws, project, definition))
        .collect();
    match authors.len() {
        0 => (),
        1 => {
            item.insert(
                "author".to_owned(),
                authors.into_iter().next().unwrap_or_default(),
            );
        }
        _ => {
            item.insert("author".to_owned(), Value::Array(authors));
        }
    }
    let sources = resolved_definitions(ws, file, claim, DefinitionKind::Source);
    let first_date = sources
        .iter()
        .filter_map(|(_, source)| source.field("date").map(|date| date.text.trim()))
        .filter(|date| is_iso_date(date))
        .min();
    if let Some(date) = first_date {
        item.insert("datePublished".to_owned(), json!(date));
    }
    let appearances: Vec<Value> = sources
        .iter()
        .map(|(_, source)| creative_work(ws, project, source))
        .collect();
    if !appearances.is_empty() {
        item.insert("appearance".to_owned(), Value::Array(appearances));
    }
    res.insert("itemReviewed".to_owned(), Value::Object(item));
    res.insert(
        "reviewRating".to_owned(),
        json!({ "@type": "Rating", "alternateName": rating_name(status) }),
    );
    Value::Object(res)
}

fn rating_name(status: Status) -> &'static str {
    match status {
        Status::Asserted => "Asserted",
        Status::Disputed => "Disputed",
        Status::False => "False",
        Status::True => "True",
        Status::Unverified => "Unverified",
        Status::Retracted => "Retracted",
    }
}

/// An actor as a schema.org `Person` or `Organization`.
fn actor(ws: &Workspace, project: ProjectId, definition: &Definition) -> Value {
    let is_person = matches!(
        definition.field("kind").map(|kind| kind.text.trim()),
        Some("person" | "anonymous") | None
    );
    let mut res = Map::new();
    res.insert(
        "@type".to_owned(),
        json!(if is_person { "Person" } else { "Organization" }),
    );
    res.insert("name".to_owned(), json!(definition.display_name()));
    let aliases: Vec<&str> = definition
        .fields_named("alias")
        .map(|alias| alias.text.trim())
        .collect();
    if !aliases.is_empty() {
        res.insert("alternateName".to_owned(), json!(aliases));
    }
    if let (true, Some(role)) = (is_person, definition.field("role")) {
        res.insert("jobTitle".to_owned(), json!(role.text.trim()));
    }
    if let (true, Some(affiliation)) = (is_person, definition.field("affiliation")) {
        if let Some((_, organization)) =
            ws.definition_in(project, DefinitionKind::Actor, actor_id(&affiliation.text))
        {
            res.insert(
                "affiliation".to_owned(),
                json!({ "@type": "Organization", "name": organization.display_name() }),
            );
        }
    }
    let mut same_as = Vec::new();
    if let Some(url) = definition
        .field("url")
        .map(|url| url.text.trim())
        .filter(|url| is_url(url))
    {
        same_as.push(url.to_owned());
    }
    if let Some(wikidata) = definition
        .field("wikidata")
        .map(|id| id.text.trim())
        .filter(|id| is_wikidata_id(id))
    {
        same_as.push(format!("https://www.wikidata.org/wiki/{wikidata}"));
    }
    if !same_as.is_empty() {
        res.insert("sameAs".to_owned(), json!(same_as));
    }
    Value::Object(res)
}

/// A source as a schema.org `CreativeWork` (or the subtype its `kind` names).
fn creative_work(ws: &Workspace, project: ProjectId, source: &Definition) -> Value {
    let ty = match source.field("kind").map(|kind| kind.text.trim()) {
        Some("article") => "Article",
        Some("report") => "Report",
        Some("video") => "VideoObject",
        Some("social-post") => "SocialMediaPosting",
        Some("dataset") => "Dataset",
        _ => "CreativeWork",
    };
    let mut res = Map::new();
    res.insert("@type".to_owned(), json!(ty));
    res.insert("name".to_owned(), json!(source.display_name()));
    let url = ["url", "archived"]
        .into_iter()
        .filter_map(|key| source.field(key).map(|url| url.text.trim()))
        .find(|url| is_url(url));
    if let Some(url) = url {
        res.insert("url".to_owned(), json!(url));
    }
    if let Some(date) = source
        .field("date")
        .map(|date| date.text.trim())
        .filter(|date| is_iso_date(date))
    {
        res.insert("datePublished".to_owned(), json!(date));
    }
    let publisher = source
        .field("publisher")
        .and_then(|id| ws.definition_in(project, DefinitionKind::Actor, actor_id(&id.text)));
    if let Some((_, publisher)) = publisher {
        res.insert("publisher".to_owned(), actor(ws, project, publisher));
    }
    Value::Object(res)
}
