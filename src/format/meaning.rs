//! What a file says, without where it says it: the formatter's output must say the same as
//! its input. Orders the formatter may change (attributes of different kinds, the fields of
//! a definition) are compared in a canonical order; everything else as written.

use crate::model::{ClaimKind, DefinitionKind, FileModel, Role};
use crate::syntax::{parse, syntax_errors};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meaning {
    pub front_matter: Option<Vec<(String, Option<String>)>>,
    pub headings: Vec<(u8, String)>,
    pub claims: Vec<ClaimMeaning>,
    pub definitions: Vec<DefinitionMeaning>,
    /// References outside claims (definition fields, front matter): kind and id, in order.
    pub field_references: Vec<String>,
    /// Messages of markup the language refuses, sorted.
    pub malformed: Vec<String>,
    pub syntax_errors: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimMeaning {
    pub id: Option<String>,
    pub kind: ClaimKind,
    pub quote: bool,
    pub block: bool,
    /// The plain text of the span.
    pub text: String,
    pub actors: Vec<String>,
    pub sources: Vec<String>,
    pub rebuts: Vec<String>,
    pub supports: Vec<String>,
    pub status: Option<String>,
    pub extra: Vec<(String, Option<String>)>,
    pub parent: Option<usize>,
    pub heading: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinitionMeaning {
    pub kind: DefinitionKind,
    pub id: String,
    pub name: Option<String>,
    /// Sorted by key; fields of one key in the order written.
    pub fields: Vec<(String, Option<String>)>,
}

/// The meaning of a file's text.
pub fn meaning(text: &str) -> Meaning {
    let tree = parse(text);
    let model = crate::model::lower(&tree, text);
    of_model(&model, text, syntax_errors(&tree, text).len())
}

fn of_model(model: &FileModel, text: &str, syntax_errors: usize) -> Meaning {
    let pairs = |fields: &[crate::model::Field]| -> Vec<(String, Option<String>)> {
        fields
            .iter()
            .map(|field| {
                let value = field.value.as_ref().map(|value| value.text.to_string());
                (field.key.text.to_string(), value)
            })
            .collect()
    };
    let claims = model
        .claims
        .iter()
        .map(|claim| {
            let ids = |role| {
                model
                    .claim_references(claim, role)
                    .map(|(_, reference)| reference.id.to_string())
                    .collect()
            };
            ClaimMeaning {
                id: claim.id.as_ref().map(|id| id.text.to_string()),
                kind: claim.kind,
                quote: claim.quote,
                block: claim.block,
                text: model.claim_text(text, claim),
                actors: ids(Role::Actor),
                sources: ids(Role::Source),
                rebuts: ids(Role::Rebuts),
                supports: ids(Role::Supports),
                status: claim.status.as_ref().map(|status| status.text.to_string()),
                extra: claim
                    .extra
                    .iter()
                    .map(|attribute| {
                        let value = attribute.value.as_ref().map(|v| v.text.to_string());
                        (attribute.key.text.to_string(), value)
                    })
                    .collect(),
                parent: claim.parent,
                heading: claim.heading,
            }
        })
        .collect();
    let definitions = model
        .actors
        .iter()
        .chain(&model.sources)
        .map(|definition| {
            let mut fields = pairs(&definition.fields);
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            DefinitionMeaning {
                kind: definition.kind,
                id: definition.id.text.to_string(),
                name: definition.name.as_ref().map(|name| name.text.to_string()),
                fields,
            }
        })
        .collect();
    let mut malformed: Vec<String> = model
        .malformed
        .iter()
        .map(|malformed| malformed.message.clone())
        .collect();
    malformed.sort();
    Meaning {
        front_matter: model.front_matter.as_ref().map(|fm| pairs(&fm.fields)),
        headings: model
            .headings
            .iter()
            .map(|heading| (heading.level, heading.title.to_string()))
            .collect(),
        claims,
        definitions,
        field_references: model
            .references
            .iter()
            .filter(|reference| reference.role().is_none())
            .map(|reference| format!("{}:{}", reference.kind.noun(), reference.id))
            .collect(),
        malformed,
        syntax_errors,
    }
}
